"""MarginalScreen: one marginal test per column, before the ensemble."""

import numpy as np
import pytest
from scipy.stats import chi2_contingency, rankdata
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from skdfs import DeepFeatureSelector
from skdfs.screening import MarginalScreen, marginal_scores


@parametrize_with_checks([MarginalScreen(k=2)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_labels_get_pearsons_chi_squared_test():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(300, 3))
    y = rng.choice(3, 300)
    X[:, 1] += y
    scores = marginal_scores(X, y, n_bins=5)
    for j in range(3):
        code = np.floor((rankdata(X[:, j]) - 1) * 5 / 300).astype(int)
        table = np.zeros((5, 3))
        np.add.at(table, (code, y), 1)
        p = chi2_contingency(table, correction=False)[1]
        assert scores[j] == pytest.approx(-np.log10(p), rel=1e-9)
    assert scores[1] > 20 > 1 > max(scores[0], scores[2])


def test_noise_columns_give_uniform_p_values():
    # Calibrated under the null: about 5% of noise columns below p = 0.05,
    # for labels and for quantities.
    rng = np.random.RandomState(1)
    X = rng.normal(size=(400, 3000))
    for y in (rng.choice(2, 400), rng.normal(size=400)):
        share = np.mean(marginal_scores(X, y) > -np.log10(0.05))
        assert 0.03 < share < 0.07, share


def test_u_shaped_and_missing_value_effects_are_seen():
    rng = np.random.RandomState(2)
    n = 600
    X = rng.normal(size=(n, 200))
    gone = rng.random_sample(n) < 0.3
    y = 1.5 * X[:, 0] ** 2 + 1.0 * gone + rng.normal(size=n) * 0.5
    X[gone, 1] = np.nan  # column 1 matters only through its missing values
    X_before = X.copy()
    scores = marginal_scores(X, y)
    np.testing.assert_array_equal(X, X_before)
    assert set(np.argsort(-scores)[:2]) == {0, 1}
    # a linear test sees neither: the correlation of y with x0 is about zero
    assert abs(np.corrcoef(X[:, 0], y)[0, 1]) < 0.1


def test_constant_columns_and_targets_score_zero():
    rng = np.random.RandomState(3)
    X = rng.normal(size=(100, 4))
    X[:, 2] = 7.0
    scores = marginal_scores(X, rng.choice(2, 100))
    assert scores[2] == 0.0 and np.all(scores >= 0)
    assert np.all(marginal_scores(X, np.ones(100)) == 0)
    assert np.all(marginal_scores(X, np.zeros(100), task="regression") == 0)


@pytest.mark.parametrize(
    "k, kept", [(5, 5), (0.1, 4), (1.0, 40), ("all", 40), (100, 40), (1, 1)]
)
def test_k_counts_shares_and_all(k, kept):
    rng = np.random.RandomState(4)
    X = rng.normal(size=(200, 40))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    screen = MarginalScreen(k=k).fit(X, y)
    assert screen.k_ == kept and screen.transform(X).shape == (200, kept)
    assert screen.get_support()[[0, 1]].all() or kept == 1
    assert screen.get_support(indices=True)[0] in (0, 1)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"k": 0}, "keep at least one column"),
        ({"k": 1.5}, "a share in"),
        ({"k": "most"}, "'all'"),
        ({"k": True}, "a count"),
        ({"task": "ranking"}, "task='ranking'"),
        ({"n_bins": 1}, "n_bins=1"),
    ],
)
def test_bad_parameters_are_named(params, message):
    X = np.random.RandomState(5).normal(size=(50, 4))
    with pytest.raises(ValueError, match=message):
        MarginalScreen(**params).fit(X, np.arange(50) % 2)


def test_in_a_pipeline_before_the_selector():
    rng = np.random.RandomState(6)
    X = rng.normal(size=(300, 400))
    y = (X[:, 0] - X[:, 1] + 0.2 * rng.normal(size=300) > 0).astype(int)
    names = np.array([f"g{j}" for j in range(400)], dtype=object)
    import pandas as pd

    frame = pd.DataFrame(X, columns=names)
    pipe = make_pipeline(
        MarginalScreen(k=20),
        DeepFeatureSelector(n_estimators=4, max_steps=150, random_state=0),
    )
    pipe.fit(frame, y)
    out = pipe.get_feature_names_out()
    assert {"g0", "g1"} <= set(out) and len(out) < 20
    assert pipe.transform(frame).shape == (300, len(out))


def test_screen_frame_keeps_text_and_date_columns():
    import pandas as pd

    from skdfs.screening import WIDE_COLUMNS, screen_frame

    rng = np.random.RandomState(7)
    n = 200
    frame = pd.DataFrame(rng.normal(size=(n, 30)), columns=[f"x{j}" for j in range(30)])
    frame.insert(0, "kind", rng.choice(["a", "b"], n))
    frame["date.time"] = rng.normal(size=n)
    frame["date.month"] = rng.randint(1, 13, n).astype(float)
    y = (frame["x7"] > 0).astype(int).to_numpy()
    groups = {"date": [31, 32]}
    X, kept_groups, notice = screen_frame(frame, y, 5, groups)
    assert list(X.columns[:1]) == ["kind"] and "x7" in X
    assert X.shape[1] == 1 + 5 + 2
    assert list(X.columns[kept_groups["date"]]) == ["date.time", "date.month"]
    assert "kept the 5 of 30 numeric columns" in notice
    assert "the other 25 are not ranked" in notice
    same, _, notice = screen_frame(frame, y, 50, groups)
    assert same is frame and "30 numeric columns, all kept" in notice
    assert screen_frame(frame, y, None, groups)[2] is None
    wide = pd.DataFrame(np.zeros((3, WIDE_COLUMNS + 1)))
    notice = screen_frame(wide, np.arange(3), None)[2]
    assert (
        notice.startswith(f"{WIDE_COLUMNS + 1} numeric columns")
        and "--screen" in notice
    )


def test_rank_screen_from_the_command_line(tmp_path, capsys):
    import pandas as pd

    from skdfs.cli import main

    rng = np.random.RandomState(8)
    n = 200
    frame = pd.DataFrame(
        rng.normal(size=(n, 300)), columns=[f"g{j}" for j in range(300)]
    )
    frame["site"] = rng.choice(["north", "south"], n)
    frame["y"] = np.where(frame["g3"] ** 2 + frame["g5"] > 1, "yes", "no")
    path = tmp_path / "wide.csv"
    frame.to_csv(path, index=False)
    args = ["rank", str(path), "-t", "y", "-o", str(tmp_path), "--no-plot", "--quiet"]
    args += ["--n-estimators", "4", "--max-epochs", "5", "--screen", "20"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "--screen 20: kept the 20 of 300 numeric columns" in captured.err
    table = pd.read_csv(tmp_path / "importances.csv")
    assert len(table) == 21 and {"g3", "g5", "site"} <= set(table["feature"])
    assert "21 feature columns" in captured.out and "units" not in captured.out
