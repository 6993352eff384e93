"""Rows that are not independent: the row-order warning, ``sample_groups``
and the command line's ``--blocks`` / ``--split-by``."""

import warnings

import numpy as np
import pytest

from skdfs import DeepFeatureSelector, RowOrderWarning
from skdfs._ensemble import member_splits
from skdfs._roworder import check_sample_groups, row_order_message, trend_message


def _series(rng, n, d, phi):
    """``d`` independent AR(1) series of length ``n``."""
    z = np.zeros((n, d))
    noise = rng.normal(size=(n, d))
    for t in range(1, n):
        z[t] = phi * z[t - 1] + noise[t]
    return z


def test_row_order_message_flags_series_only():
    rng = np.random.default_rng(0)
    X = _series(rng, 800, 6, 0.95)
    y = X[:, 0] + _series(rng, 800, 1, 0.95)[:, 0]
    message = row_order_message(X, y, classification=False)
    assert message is not None and "sample_groups=numpy.arange(len(X)) //" in message
    order = rng.permutation(800)
    assert row_order_message(X[order], y[order], classification=False) is None
    # a table sorted by its target, with independent rows: not flagged
    Xi = rng.normal(size=(800, 6))
    yi = Xi[:, 0] + rng.normal(size=800)
    by_target = np.argsort(yi)
    assert row_order_message(Xi[by_target], yi[by_target], False) is None
    # class labels grouped together (rows sorted by class): not flagged
    labels = (yi > 0).astype(int)
    by_class = np.argsort(labels, kind="stable")
    assert row_order_message(Xi[by_class], labels[by_class], True) is None
    # labels that persist along a series are
    runs = (_series(rng, 800, 1, 0.97)[:, 0] > 0).astype(int)
    assert row_order_message(X, runs, True) is not None


def test_trending_series_are_flagged_with_or_without_groups():
    """Unrelated random walks correlate by chance (a spurious regression):
    the warning names the changes, and stays where ``sample_groups`` are
    given, which do not undo it (a user trial: eight of ten unrelated walks
    selected, grouped as the row-order warning advised, with no warning)."""
    rng = np.random.default_rng(13)
    n = 1000
    walks = np.cumsum(rng.normal(size=(n, 10)), axis=0)
    target = np.cumsum(rng.normal(size=n))
    message = trend_message(walks, target)
    assert message is not None and "numpy.diff(y)" in message
    assert trend_message(np.diff(walks, axis=0), np.diff(target)) is None
    assert trend_message(_series(rng, n, 6, 0.95), _series(rng, n, 1, 0.95)) is None
    order = rng.permutation(n)
    assert trend_message(walks[order], target[order]) is None
    # rows sorted by a target that every column follows: a table, not a series
    X = rng.normal(size=(n, 1)) + rng.normal(scale=0.3, size=(n, 6))
    by_target = np.argsort(X.sum(axis=1))
    assert trend_message(X[by_target], X.sum(axis=1)[by_target]) is None
    params = dict(n_estimators=2, hidden_layer_sizes=(4,), max_steps=5)
    with pytest.warns(RowOrderWarning, match="^the target and the columns trend"):
        DeepFeatureSelector(random_state=0, **params).fit(
            walks, target, sample_groups=np.arange(n) // 50
        )
    with pytest.warns(RowOrderWarning, match="look ordered.*Besides, the target"):
        DeepFeatureSelector(random_state=0, **params).fit(walks, target)
    with warnings.catch_warnings():  # class labels: the row order alone
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", RowOrderWarning)
        DeepFeatureSelector(random_state=0, **params).fit(
            walks, target > np.median(target), sample_groups=np.arange(n) // 50
        )


def test_member_splits_keep_groups_whole():
    rng = np.random.default_rng(1)
    codes = check_sample_groups(rng.integers(0, 40, size=700), 700)
    for bootstrap in (False, True):
        train, valid = member_splits(700, 6, 0.2, bootstrap, 0, None, codes)
        assert train.shape[0] == valid.shape[0] == 6
        assert 0.1 < valid.shape[1] / 700 < 0.3
        for t, v in zip(train, valid):
            assert not set(codes[t]) & set(codes[v])  # no group on both sides
            assert len(np.unique(v)) == len(v)
    # the members draw different groups
    assert len({tuple(np.unique(codes[v])) for v in valid}) > 1


@pytest.mark.parametrize(
    "groups, words",
    [
        (np.zeros(50), "one group"),
        (np.arange(49), "one label per row"),
        (np.r_[np.arange(49.0), np.nan], "missing labels"),
    ],
)
def test_bad_sample_groups_fail_before_training(groups, words):
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(50, 3)), rng.normal(size=50)
    selector = DeepFeatureSelector(n_estimators=2, max_steps=5)
    with pytest.raises(ValueError, match=words):
        selector.fit(X, y, sample_groups=groups)
    assert not hasattr(selector, "net_")


def test_blocks_stop_a_series_from_leaking_into_validation():
    """A target independent of every column, all of them slow series: random
    validation rows leak (the members "beat" the constant) and the fit warns;
    stretches of rows as ``sample_groups`` remove the leak (measured: median
    gain 0.25 without, -0.03 with blocks of 75 rows)."""
    rng = np.random.default_rng(0)
    n = 1500
    X = _series(rng, n, 8, 0.9)
    y = _series(rng, n, 1, 0.9)[:, 0]
    params = dict(n_estimators=8, hidden_layer_sizes=(16,), max_steps=300)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        leaky = DeepFeatureSelector(random_state=0, **params).fit(X, y)
    assert any(w.category is RowOrderWarning for w in caught)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        blocked = DeepFeatureSelector(random_state=0, **params).fit(
            X, y, sample_groups=np.arange(n) // 75
        )
    assert not any(w.category is RowOrderWarning for w in caught)

    def gain(s):
        return np.median(1 - s.member_scores_ / s.member_baseline_scores_)

    assert gain(leaky) > 0.1
    assert gain(blocked) < 0.05


def test_sample_groups_reach_the_inner_fit_of_a_frame():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {"a": rng.normal(size=120), "kind": rng.choice(["u", "v"], size=120)}
    )
    y = X["a"].to_numpy() + rng.normal(size=120)
    with pytest.raises(ValueError, match="one label per row"):
        DeepFeatureSelector(n_estimators=2, max_steps=5).fit(
            X, y, sample_groups=np.arange(10)
        )
    selector = DeepFeatureSelector(n_estimators=2, max_steps=20, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        selector.fit(X, y, sample_groups=np.arange(120) // 10)
    assert selector.feature_importances_.shape == (2,)


def test_command_line_blocks_and_split_by(tmp_path, capsys):
    pd = pytest.importorskip("pandas")
    from skdfs.cli import main

    rng = np.random.default_rng(0)
    n = 300
    frame = pd.DataFrame(rng.normal(size=(n, 3)), columns=["a", "b", "c"])
    frame["site"] = np.repeat([f"s{i}" for i in range(15)], n // 15)
    frame["y"] = frame["a"] + 0.3 * rng.normal(size=n)
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    common = [str(path), "-t", "y", "--n-estimators", "2", "--max-steps", "20"]
    common += ["--no-plot", "-o", str(tmp_path)]
    assert main(["rank", *common, "--split-by", "site", "--blocks", "10"]) != 0
    assert "give one" in capsys.readouterr().err
    assert main(["rank", *common, "--split-by", "nowhere"]) != 0
    capsys.readouterr()
    assert main(["rank", *common, "--split-by", "site"]) == 0
    out = capsys.readouterr()
    assert "the 15 values of 'site'" in out.err
    ranked = pd.read_csv(tmp_path / "importances.csv")
    assert "site" not in set(ranked.iloc[:, 0]) | set(ranked.get("feature", []))
    assert main(["rank", *common, "--blocks", "30"]) == 0
    assert "10 stretches of 30 consecutive rows" in capsys.readouterr().err


def test_row_order_warning_spelled_for_the_command_line():
    from skdfs._parser import command_line_spelling

    rng = np.random.default_rng(0)
    X = _series(rng, 800, 4, 0.95)
    message = row_order_message(X, X[:, 0], False)
    spelled = command_line_spelling(message)
    assert "--blocks " in spelled and "sample_groups" not in spelled
    assert "--split-by a column of days or subjects" in spelled


def test_trend_warning_spelled_for_the_command_line():
    from skdfs._parser import command_line_spelling

    rng = np.random.default_rng(0)
    walks = np.cumsum(rng.normal(size=(1000, 5)), axis=0)
    spelled = command_line_spelling(trend_message(walks[:, 1:], walks[:, 0]))
    assert "numpy" not in spelled and "sample_groups" not in spelled
    assert "each row's change from the row before" in spelled
    assert "--blocks keeping stretches" in spelled
