"""The gate path (``skdfs.path``) and ``threshold="path"``."""

import numpy as np
import pytest

from skdfs import DeepFeatureSelector
from skdfs.path import (
    GatePath,
    _choose,
    _paired_se,
    gate_path,
    path_selection,
    path_vote,
)

PATH = dict(
    n_estimators=6,
    hidden_layer_sizes=(16,),
    max_steps=600,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


@pytest.fixture(scope="module")
def path_selector(xor_data):
    X, y, _ = xor_data
    return DeepFeatureSelector(threshold="path", **PATH).fit(X, y)


def test_path_records_a_growing_penalty(path_selector):
    path = path_selector.path_
    n_levels = len(path.penalties)
    assert np.all(np.diff(path.penalties) > 0)
    assert path.gates.shape == (n_levels, 6, 12)
    assert path.valid_loss.shape == path.valid_se.shape == (n_levels, 6)
    assert np.all(path.valid_se >= 0)
    # the paired standard error: 0 at each member's best level, and smaller
    # than the unpaired one where the rows' own difficulty dominates
    paired = path.valid_se_paired
    assert paired.shape == (n_levels, 6) and np.all(paired >= 0)
    best = path.valid_loss.argmin(axis=0)
    np.testing.assert_array_equal(paired[best, np.arange(6)], 0.0)
    assert np.all((path.chosen >= 0) & (path.chosen < n_levels))
    # Noise gates fall at a finite penalty, before the relevant ones.
    death = path.death_penalty[path_selector.members_used_]
    assert np.all(np.isfinite(death[:, 2:]))
    assert np.all(death[:, :2].min(axis=1) > np.median(death[:, 2:], axis=1))


def test_path_selects_the_relevant_features(path_selector, xor_data):
    X, _, relevant = xor_data
    assert np.flatnonzero(path_selector.get_support()).tolist() == relevant.tolist()
    assert path_selector.transform(X).shape == (len(X), 2)
    assert set(np.argsort(-path_selector.path_importances_)[:2]) == {0, 1}
    assert path_selector.threshold_ <= path_selector.feature_importances_[:2].min()


def test_path_leaves_the_predictive_fit(xor_data):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(**PATH).fit(X, y)
    gates = sel.net_.module_.gate.weight.detach().clone()
    Xs = ((X - sel.scaler_mean_) / sel.scaler_scale_).astype(np.float32)
    train = sel.net_.train_split.train_index
    valid = sel.net_.train_split.valid_index
    targets = y.astype(np.float32)[:, None]
    path = gate_path(sel.net_, Xs, targets, train, valid, start=0.01, max_levels=3)
    assert len(path.penalties) == 4
    assert np.allclose(sel.net_.module_.gate.weight.detach(), gates)
    assert path.steps == 3 * 25


def test_choose_takes_the_sparsest_level_within_one_se():
    loss = np.array([[0.50], [0.40], [0.42], [0.60]])
    se = np.full((4, 1), 0.03)
    alive = np.array([[10], [6], [3], [1]])
    assert _choose(loss, se, alive).tolist() == [2]
    # Non-finite losses are never chosen.
    loss[3, 0] = np.nan
    alive[3, 0] = 0
    assert _choose(loss, se, alive).tolist() == [2]


def test_choose_with_paired_errors_compares_each_level_with_the_best():
    # The best level's own error (0.2) admits the empty level 3; the paired
    # errors of the differences (small where the rows' difficulty cancels) do
    # not, and the sparsest admissible level is then 2.
    loss = np.array([[0.50], [0.40], [0.42], [0.55]])
    se = np.full((4, 1), 0.2)
    paired = np.array([[0.05], [0.0], [0.03], [0.05]])
    alive = np.array([[10], [6], [3], [0]])
    assert _choose(loss, se, alive).tolist() == [3]
    assert _choose(loss, se, alive, paired).tolist() == [2]


def _last_level_path(alive):
    """A two-level path whose members all chose level 1, ``alive[1]``."""
    n_members = alive.shape[1]
    return GatePath(
        np.array([0.0, 1.0]),
        alive.astype(float),
        None,
        None,
        alive,
        np.ones(n_members, dtype=int),
        None,
        0,
    )


def test_paired_se_is_the_spread_of_row_differences_from_the_best_level():
    rng = np.random.default_rng(0)
    hard = rng.exponential(size=(1, 2, 400))  # each row's own difficulty
    rows = np.concatenate(
        [hard + 0.1, hard, hard + 0.02 + rng.normal(0, 0.05, hard.shape)]
    )
    loss = rows.mean(axis=2)
    se = _paired_se(loss, rows)
    np.testing.assert_array_equal(se[1], 0.0)  # level 1 is the best
    np.testing.assert_allclose(se[0], 0.0, atol=1e-12)  # a constant shift
    np.testing.assert_allclose(se[2], 0.05 / np.sqrt(400), rtol=0.15)
    unpaired = rows.std(axis=2, ddof=1) / np.sqrt(400)
    assert np.all(se[2] < unpaired[2] / 5)
    # from the first 100 rows of 400: their spread, over the root of all 400
    part = _paired_se(loss, rows[:, :, :100], n_rows=400)
    diff = rows[2, :, :100] - rows[1, :, :100]
    np.testing.assert_allclose(part[2], diff.std(axis=1, ddof=1) / 20.0)


def test_path_selection_votes_over_members():
    alive = np.zeros((2, 3, 2), dtype=bool)
    alive[1, :, 0] = True
    alive[1, 0, 1] = True
    path = _last_level_path(alive)
    support, share = path_selection(path)  # a quarter of the members suffices
    assert support.tolist() == [True, True]
    assert np.allclose(share, [1.0, 1 / 3])
    support, _ = path_selection(path, min_share=0.5)
    assert support.tolist() == [True, False]
    support, _ = path_selection(path, members=np.array([True, False, False]))
    assert support.tolist() == [True, True]


def test_path_selection_needs_two_members_from_four_voters():
    # Four voting members: a quarter is one member, but one alone cannot select.
    alive = np.zeros((2, 5, 3), dtype=bool)
    alive[1, :, 0] = True  # everyone keeps feature 0
    alive[1, 0, 1] = True  # one member keeps feature 1
    alive[1, :2, 2] = True  # two members keep feature 2
    path = _last_level_path(alive)
    four = np.array([True, True, True, True, False])
    support, share = path_selection(path, members=four)
    assert support.tolist() == [True, False, True]
    assert np.allclose(share, [1.0, 0.25, 0.5])
    assert path_selection(path, four, min_members=1)[0].tolist() == [True] * 3
    # Three voters: two would be two thirds of the vote; one member suffices.
    three = np.array([True, True, True, False, False])
    assert path_selection(path, three)[0].tolist() == [True, True, True]
    # Five voters: a quarter is already two members.
    assert path_selection(path)[0].tolist() == [True, False, True]


def test_path_selection_needs_three_members_from_six_voters():
    # Eight voters (n_estimators=8): a quarter is two members, which let
    # noise through (the sweep's fits in blocks of 8: false share 0.090 with
    # a floor of two, 0.033 with three); from twelve the quarter is three.
    alive = np.zeros((2, 12, 3), dtype=bool)
    alive[1, :, 0] = True
    alive[1, :2, 1] = True  # two members keep feature 1
    alive[1, :3, 2] = True  # three keep feature 2
    path = _last_level_path(alive)
    eight = np.arange(12) < 8
    assert path_selection(path, eight)[0].tolist() == [True, False, True]
    assert path_selection(path, eight, min_members=2)[0].tolist() == [True] * 3
    assert path_selection(path, np.arange(12) < 5)[0].tolist() == [True, True, True]
    assert path_selection(path)[0].tolist() == [True, False, True]  # a quarter


@pytest.mark.parametrize(
    "params, match",
    [
        (dict(validation_fraction=0.0, patience=None), "validation_fraction > 0"),
        (dict(gate="stochastic"), "gate='deterministic'"),
    ],
)
def test_path_needs_validation_rows_and_plain_gates(xor_data, params, match):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(threshold="path", **params)
    with pytest.raises(ValueError, match=match):
        sel.fit(X, y)


def test_path_threshold_after_a_plain_fit(xor_data):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(threshold="mean", **dict(PATH, max_steps=60)).fit(X, y)
    sel.set_params(threshold="path")
    with pytest.raises(ValueError, match="fit again with threshold='path'"):
        sel.transform(X)


def test_refit_without_path_drops_path_attributes(xor_data):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(threshold="path", **dict(PATH, max_steps=60))
    sel.fit(X, y)
    assert hasattr(sel, "path_")
    sel.set_params(threshold=None).fit(X, y)
    assert not hasattr(sel, "path_")


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # 60-step fits
def test_auto_is_the_path_where_it_applies(xor_data):
    # The default runs the path and selects with it; without validation rows
    # (or with noisy gates) it is the mean rule, and no path is run.
    X, y, _ = xor_data
    params = dict(PATH, max_steps=60)
    auto = DeepFeatureSelector(**params).fit(X, y)
    assert auto.threshold == "auto" and hasattr(auto, "path_")
    np.testing.assert_array_equal(auto.get_support(), auto.path_support_)
    assert not np.any(auto.path_support_ & ~auto.path_vote_)  # the test only cuts
    assert auto.selection_rule_ == "path"
    # The rule that decides is read at call time, as the threshold is.
    assert auto.set_params(threshold=" 1.5*median").selection_rule_ == "1.5*median"
    assert auto.set_params(threshold=0.1).selection_rule_ == 0.1
    assert auto.set_params(threshold=None).selection_rule_ == "mean"
    auto.set_params(threshold="auto")
    counted = DeepFeatureSelector(**params, max_features=2).fit(X, y)
    assert counted.selection_rule_ == "count" and counted.get_support().sum() == 2
    for extra in ({"validation_fraction": 0, "patience": None}, {"gate": "concrete"}):
        sel = DeepFeatureSelector(**params, **extra).fit(X, y)
        assert not hasattr(sel, "path_")
        assert sel.selection_rule_ == "mean"
        fi = sel.feature_importances_
        assert sel.threshold_ == pytest.approx(fi.mean())
        np.testing.assert_array_equal(sel.get_support(), fi >= fi.mean())
    # Read at transform time: "auto" on a fit without the path is "mean".
    plain = DeepFeatureSelector(**params, threshold="mean").fit(X, y)
    fi = plain.feature_importances_
    np.testing.assert_array_equal(
        plain.set_params(threshold="auto").get_support(), fi >= fi.mean()
    )


def test_path_with_groups_decides_per_group(xor_data):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(
        threshold="path", groups=[[0, 1], [2, 3]], **dict(PATH, max_steps=300)
    ).fit(X, y)
    n_groups = len(sel.group_names_)
    assert sel.path_support_.shape == sel.path_importances_.shape == (n_groups,)
    assert sel.path_support_[sel.groups_[0]]
    assert np.array_equal(sel.get_support(), sel.path_support_[sel.groups_])


def test_path_grows_without_a_base_gate_penalty(xor_data):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(
        threshold="path", gate_l1=0.0, **dict(PATH, max_steps=60)
    ).fit(X, y)
    penalties = sel.path_.penalties
    assert penalties[0] == 0.0
    assert np.all(np.diff(penalties) > 0)


def test_a_split_vote_keeps_only_features_above_the_keep_rate():
    """Three features every member keeps, and a noise band each kept by 8 of
    32 members (a quarter: the vote passes it) drawn at random: the vote is
    split, and the keep-rate test keeps the three."""
    rng = np.random.default_rng(0)
    n_members, n_gates = 32, 60
    alive = np.zeros((2, n_members, n_gates), bool)
    alive[0] = True
    alive[1, :, :3] = True
    for g in range(3, 23):  # a band of 20 noise gates, each kept by 8 members
        alive[1, rng.choice(n_members, 8, replace=False), g] = True
    path = _last_level_path(alive)
    vote, share = path_selection(path, split_test=False)
    assert vote.sum() == 23 and np.all(share[3:23] == 0.25)
    tested, _ = path_selection(path)
    assert np.flatnonzero(tested).tolist() == [0, 1, 2]
    # path_vote gives both from one computation
    both = path_vote(path)
    np.testing.assert_array_equal(both.vote, vote)
    np.testing.assert_array_equal(both.support, tested)
    np.testing.assert_array_equal(both.share, share)


def test_a_vote_of_chance_winners_is_tested_where_the_gains_are_weak():
    """Twelve members that beat the constant by chance, each keeping its own
    random 60% of the columns: the quarter vote passes nearly every column,
    the vote is not split (most are kept by half of the voters or more), so
    only ``weak_gains`` brings the keep-rate test, which keeps none. Where
    each keeps a random fifth and every one keeps the first column, that
    column passes the test all the same."""
    rng = np.random.default_rng(1)
    n_members, n_gates = 12, 40

    def chance_path(n_kept, always=()):
        alive = np.zeros((2, n_members, n_gates), bool)
        alive[0] = True
        for m in range(n_members):
            alive[1, m, rng.choice(n_gates, n_kept, replace=False)] = True
        alive[1, :, list(always)] = True
        return _last_level_path(alive)

    path = chance_path(24)
    vote, _ = path_selection(path)
    assert vote.sum() >= 35
    assert not path_selection(path, weak_gains=True)[0].any()
    # split_test=False is the vote alone, weak gains or not
    assert (
        path_selection(path, split_test=False, weak_gains=True)[0].sum() == vote.sum()
    )
    kept = path_selection(chance_path(8, always=[0]), weak_gains=True)[0]
    assert np.flatnonzero(kept).tolist() == [0]
