"""Random-subspace members (``member_features``): masks, module, scores, fit."""

import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose, assert_array_equal

from skdfs import DeepFeatureSelector
from skdfs._subspace import (
    ensemble_mean,
    member_gains,
    member_masks,
    subspace_blocks,
    subspace_mean,
    unseen_filled,
)
from skdfs.datasets import make_task
from skdfs.network import GatedEnsembleMLP, StochasticGate
from skdfs.path import GatePath, path_selection

PARAMS = dict(
    n_estimators=8,
    hidden_layer_sizes=(16,),
    max_steps=300,
    batch_size=64,
    patience=None,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


@pytest.fixture(scope="module")
def xor_data():
    X, y, relevant, _ = make_task("xor", n_samples=400, n_features=8, random_state=0)
    return X, y, relevant


# --------------------------------------------------------------- the design
@pytest.mark.parametrize("fraction, q", [(0.5, 2), (2 / 3, 3), (0.75, 4), (0.9, 10)])
def test_masks_are_balanced(fraction, q):
    assert subspace_blocks(fraction) == q
    masks = member_masks(np.random.RandomState(1), 4 * q, 40, fraction)
    assert masks.shape == (4 * q, 40)
    # every column is seen by the same number of members: (q - 1) / q of them
    assert_array_equal(masks.sum(axis=0), np.full(40, 4 * (q - 1)))
    # the two members of a pair see the same columns
    assert_array_equal(masks[0::2], masks[1::2])
    assert np.all(masks.sum(axis=1) >= 40 * (q - 1) // q)


def test_full_columns_draw_nothing():
    rng = np.random.RandomState(0)
    assert member_masks(rng, 8, 5, 1.0) is None
    assert rng.randint(1000) == np.random.RandomState(0).randint(1000)


def test_masks_follow_the_seed():
    a = member_masks(np.random.RandomState(3), 10, 12, 0.5)
    b = member_masks(np.random.RandomState(3), 10, 12, 0.5)
    c = member_masks(np.random.RandomState(4), 10, 12, 0.5)
    assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_subspace_mean_is_the_plain_mean_when_all_is_seen():
    rng = np.random.RandomState(0)
    shares = rng.dirichlet(np.ones(6), size=5)
    seen = np.ones((5, 6), dtype=bool)
    mean, std = subspace_mean(shares, seen, np.ones(5))
    assert_allclose(mean, shares.mean(axis=0))
    assert_allclose(std, shares.std(axis=0))
    used = np.array([True, False, True, True, False])
    assert_allclose(ensemble_mean(shares, used, None, None)[0], shares[used].mean(0))


def test_subspace_mean_weights_members_by_gain():
    shares = np.array([[0.2, 0.8, 0.0], [0.0, 0.2, 0.8]])
    seen = np.array([[True, True, False], [False, True, True]])
    mean, _ = subspace_mean(shares, seen, np.array([0.9, 0.1]))
    # column 1 is seen by both members, and member 0 counts 9 times more;
    # every share is scaled by the member's width over the columns, 2 / 3
    assert_allclose(mean, np.array([0.2, 0.9 * 0.8 + 0.1 * 0.2, 0.8]) * 2 / 3)
    assert_allclose(
        member_gains([0.5, 2.0, np.nan], [1.0, 1.0, 1.0]), [0.5, 1e-6, 1e-6]
    )


def test_unseen_columns_get_a_neutral_value():
    shares = np.array([[0.5, 0.5, 0.0]])
    seen = np.array([[True, True, False]])
    assert_allclose(unseen_filled(shares, seen), [[0.5, 0.5, 0.5]])


def test_path_votes_among_the_members_that_saw_a_feature():
    alive = np.zeros((2, 4, 3), bool)
    alive[1, :2, 0] = True  # two of the four keep column 0
    alive[1, 2, 1] = True  # one keeps column 1
    path = GatePath(
        np.array([0.0, 1.0]),
        alive.astype(float),
        None,
        None,
        alive,
        np.ones(4, int),
        None,
        10,
    )
    seen = np.ones((4, 3), bool)
    seen[:2, 1] = False  # column 1 seen by members 2 and 3 only
    support, share = path_selection(path, seen=seen)
    assert_allclose(share, [0.5, 0.5, 0.0])
    # one member of two voters is a quarter and more, and two voters are too
    # few for the two-member floor
    assert_array_equal(support, [True, True, False])
    assert_array_equal(path_selection(path)[0], [True, False, False])


# ----------------------------------------------------------------- module
@pytest.mark.parametrize("gate", ["deterministic", "stochastic", "concrete"])
def test_a_member_ignores_the_columns_it_does_not_see(gate):
    torch.manual_seed(0)
    mask = np.ones((3, 5), bool)
    mask[1, [0, 3]] = False
    net = GatedEnsembleMLP(3, 5, 1, (8,), gate=gate, member_mask=mask).eval()
    X = torch.randn(10, 5)
    X2 = X.clone()
    X2[:, [0, 3]] = torch.randn(10, 2) * 5
    out, out2 = net(X), net(X2)
    assert torch.allclose(out[1], out2[1])
    assert not torch.allclose(out[0], out2[0])
    values = net.gate.gate_values()
    assert torch.all(values[1, [0, 3]] == 0)
    net.train()  # with per-row gate noise, the same draws for both inputs
    torch.manual_seed(1)
    out = net(X)
    torch.manual_seed(1)
    assert torch.allclose(out[1], net(X2)[1])


def test_unseen_gates_pay_no_penalty():
    mask = np.ones((3, 5), bool)
    mask[1, [0, 3]] = False
    gap = StochasticGate(3, 5).penalty(l1=1.0) - StochasticGate(
        3, 5, mask=mask
    ).penalty(l1=1.0)
    # two gates of member 1, each open with probability Phi(0.5 / 0.5)
    assert_allclose(gap.detach().numpy(), [0.0, 2 * 0.841345, 0.0], atol=1e-5)


def test_masks_at_group_level():
    mask = np.array([[True, False], [False, True]])
    net = GatedEnsembleMLP(2, 4, 1, (8,), groups=[0, 0, 1, 1], member_mask=mask)
    values = net.gate.gate_values()
    assert torch.all(values[0, 2:] == 0) and torch.all(values[1, :2] == 0)
    with pytest.raises(ValueError, match="member_mask has shape"):
        GatedEnsembleMLP(2, 4, 1, (8,), member_mask=mask)


# --------------------------------------------------------------- selector
# Few members on part of the columns: many miss one of the two XOR columns and
# gain nothing, which the low-signal test rightly reports on these tiny fits.
quiet = pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")


@quiet
def test_fit_with_three_quarters_of_the_columns(xor_data):
    X, y, relevant = xor_data
    selector = DeepFeatureSelector(
        **{**PARAMS, "n_estimators": 16}, member_features=0.75
    ).fit(X, y)
    masks = selector.member_masks_
    assert masks.shape == (16, X.shape[1])
    assert_array_equal(masks.sum(axis=1), np.full(16, 6))  # 2 of 8 left out
    assert np.all(selector.importances_[~masks] == 0)
    assert np.all(np.isfinite(selector.feature_importances_))
    assert set(np.argsort(-selector.feature_importances_)[:2]) == set(relevant)
    assert selector.ranking_[relevant].max() == 2
    assert np.all(selector.get_support()[relevant])


def test_full_columns_have_no_masks(xor_data):
    X, y, _ = xor_data
    selector = DeepFeatureSelector(**PARAMS).fit(X, y)
    assert selector.member_masks_ is None


@quiet
def test_subspace_fit_is_the_same_across_n_jobs(xor_data):
    X, y, _ = xor_data
    params = {**PARAMS, "max_steps": 60, "member_features": 0.75}
    a = DeepFeatureSelector(**params).fit(X, y)
    b = DeepFeatureSelector(**params, n_jobs=2).fit(X, y)
    assert_array_equal(a.member_masks_, b.member_masks_)
    assert_allclose(
        a.feature_importances_, b.feature_importances_, rtol=1e-4, atol=1e-7
    )


@quiet
def test_subspace_with_groups(xor_data):
    X, y, _ = xor_data
    groups = [0, 0, 1, 1, 2, 2, 3, 3]
    selector = DeepFeatureSelector(
        **{**PARAMS, "max_steps": 40}, member_features=0.5, groups=groups
    ).fit(X, y)
    assert selector.member_masks_.shape == (8, 4)
    assert selector.group_importances_.shape == (4,)


# below a half: the balanced design has no smaller share (0.3 used to give
# the design of 0.5 without a word)
@pytest.mark.parametrize("value", [0, 0.0, 0.3, 0.49, 1.5, -0.2, "half"])
def test_bad_member_features_is_refused_before_training(xor_data, value):
    X, y, _ = xor_data
    with pytest.raises(ValueError, match="member_features"):
        DeepFeatureSelector(**PARAMS, member_features=value).fit(X, y)


def test_probe_mode_needs_every_column(xor_data):
    X, y, _ = xor_data
    selector = DeepFeatureSelector(**PARAMS, member_features=0.5, threshold="probe")
    with pytest.raises(ValueError, match="member_features=1.0"):
        selector.fit(X, y)
    assert not hasattr(selector, "net_")


def test_low_signal_message_names_the_share_of_columns():
    from skdfs.selection import low_signal_message

    agree = [[0.9, 0.1], [0.8, 0.2]]
    message = low_signal_message([0.69, 0.69], [0.69, 0.69], agree, member_features=0.5)
    assert "Members see 0.5 of the columns" in message
    assert "member_features closer to 1" in message
    plain = low_signal_message([0.69, 0.69], [0.69, 0.69], agree)
    assert "member_features" not in plain and plain.count("Try more rows") == 1


@quiet
@pytest.mark.parametrize("groups", [None, [0, 0, 1, 1, 2, 2, 3, 3]])
def test_interval_holds_the_subspace_mean(xor_data, groups):
    X, y, _ = xor_data
    params = {**PARAMS, "n_estimators": 16}  # three quarters: most see both
    selector = DeepFeatureSelector(**params, member_features=0.75, groups=groups)
    selector.fit(X, y)
    for kind in ("mean", "members"):
        low, high = selector.importance_interval(0.9, kind=kind)
        assert low.shape == high.shape == (X.shape[1],)
        assert np.all(low <= high)
    low, high = selector.importance_interval(0.9)
    assert np.all(low <= selector.feature_importances_ + 1e-12)
    assert np.all(selector.feature_importances_ <= high + 1e-12)
    with pytest.raises(ValueError, match="kind must be"):
        selector.importance_interval(0.9, kind="median")


@quiet
def test_report_table_of_a_subspace_fit(xor_data):
    from skdfs.report import importance_table

    X, y, _ = xor_data
    params = {**PARAMS, "n_estimators": 16}
    selector = DeepFeatureSelector(**params, member_features=0.75).fit(X, y)
    table = importance_table(selector).set_index("feature")
    members = table[[f"member_{m}" for m in range(16)]].to_numpy()
    # unseen cells are empty, seen ones hold the member's share
    order = [int(name[1:]) for name in table.index]
    assert_array_equal(np.isnan(members), ~selector.member_masks_[:, order].T)
    low, high = selector.importance_interval(0.95)
    assert_allclose(table["ci_low"], low[order])
    assert_allclose(table["ci_high"], high[order])
