"""Feature groups: one gate, one score and one decision per group of columns."""

import pickle
import re

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from skdfs import (
    DeepFeatureSelector,
    groups_from_correlation,
    groups_from_feature_names,
)
from skdfs._probes import append_probes
from skdfs.groups import correlated_partners, resolve_groups
from skdfs.network import GATES, GatedEnsembleMLP
from skdfs.training import EnsembleNet

TARGETS = ["binary_data", "multiclass_data", "multilabel_data", "regression2_data"]
# Six features in four groups: {0, 1}, {2, 3}, {4}, {5}.
GROUPS = ["a", "a", "b", "b", "c", "d"]


def assert_groups_decided_whole(selector):
    support = selector.get_support()
    for g in range(len(selector.group_names_)):
        members = support[selector.groups_ == g]
        assert members.all() or not members.any(), selector.group_names_[g]


# ------------------------------------------------------------- validation
@pytest.fixture
def no_training(monkeypatch):
    """Make any attempt to train fail loudly: errors must come first."""

    def fail(self, *args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(EnsembleNet, "fit", fail)


@pytest.mark.parametrize(
    "groups, match",
    [
        (["a", "a", "b"], "groups has 3 ids but X has 6 features"),
        (np.zeros((2, 3)), "1-D"),
        ([[0, 1], [1, 2]], "feature 1 is in both group 'group0' and group 'group1'"),
        ([[0, 6]], "index 6, out of range for 6 features"),
        ([[0, -1]], "index -1, out of range"),
        ([[0, 0, 1]], "feature 0 appears twice"),
        ([[0, 1.5]], "integer column indices"),
        ([[0, True]], "integer column indices"),
        ([[0, 1], []], "group 'group1' is empty"),
        ([[0, 1], 2], "mixes index lists and single ids"),
        (
            ["a", "a", None, "b", "b", "b"],
            r"missing ids \(None or NaN\) for features \[2\]",
        ),
        ({"x": [0, 1], "y": [1]}, "feature 1 is in both group 'x' and group 'y'"),
    ],
)
def test_bad_groups_are_rejected_before_training(
    binary_data, fast_params, no_training, groups, match
):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        DeepFeatureSelector(**fast_params, groups=groups).fit(X, y)


def test_max_features_counts_groups(binary_data, fast_params, no_training):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params, groups=GROUPS, max_features=5)
    with pytest.raises(ValueError, match="exceeds the number of groups"):
        selector.fit(X, y)


def test_groups_are_stored_verbatim_and_never_modified(binary_data, fast_params):
    X, y = binary_data
    groups = [[0, 1], [3, 2]]
    selector = DeepFeatureSelector(**fast_params, groups=groups)
    assert selector.get_params()["groups"] is groups
    selector.fit(X, y)
    assert groups == [[0, 1], [3, 2]]
    assert clone(selector).get_params()["groups"] == groups


# ------------------------------------------------------------- resolution
def test_ids_list_of_lists_and_dict_forms():
    index, names = resolve_groups([3, 3, "x", 3, "x", 7], 6)
    assert index.tolist() == [0, 0, 1, 0, 1, 2]
    assert names.tolist() == [3, "x", 7]
    # Features in no list are groups of their own, named after the feature.
    index, names = resolve_groups([[4, 1], [0]], 6, feature_names=list("pqrstu"))
    assert index.tolist() == [1, 0, 2, 3, 0, 4]
    assert names.tolist() == ["group0", "group1", "r", "s", "u"]
    index, names = resolve_groups({"colour": [0, 1, 2]}, 4)
    assert index.tolist() == [0, 0, 0, 1]
    assert names.tolist() == ["colour", "x3"]


def test_groups_from_feature_names_of_a_column_transformer():
    df = pd.DataFrame(
        {"col": ["red", "dark_blue", "red"], "col_2": ["a", "b", "a"], "age": [1, 2, 3]}
    )
    ct = ColumnTransformer(
        [("cat", OneHotEncoder(sparse_output=False), ["col", "col_2"])],
        remainder="passthrough",
    ).fit(df)
    names = ct.get_feature_names_out()
    groups = groups_from_feature_names(names, ["col", "col_2"])
    # The longest prefix wins: "col_2_a" belongs to col_2, not to col.
    assert groups.tolist() == ["col", "col", "col_2", "col_2", "remainder__age"]
    plain = groups_from_feature_names(["col_red", "col_2_a", "age"], ["col", "col_2"])
    assert plain.tolist() == ["col", "col_2", "age"]
    with pytest.raises(ValueError, match="not a single string"):
        groups_from_feature_names(names, "col")


# ------------------------------------------------------------------ gates
@pytest.mark.parametrize("gate", sorted(GATES))
def test_gate_holds_one_value_per_group_expanded_to_the_columns(gate):
    module = GatedEnsembleMLP(3, 5, 2, (4,), gate=gate, groups=[0, 0, 1, 2, 2])
    assert module.gate.weight.shape == (3, 3)
    assert module.gate.group_values().shape == (3, 3)
    values = module.gate.eval_values()
    assert values.shape == (3, 5)
    torch.testing.assert_close(values[:, 0], values[:, 1])
    torch.testing.assert_close(values[:, 3], values[:, 4])
    assert module(torch.randn(7, 5)).shape == (3, 7, 2)
    assert "gate.group_index" in module.state_dict()


def test_group_penalty_is_weighted_by_group_size():
    grouped = GatedEnsembleMLP(2, 5, 1, (4,), groups=[0, 0, 0, 1, 2]).gate
    alone = GatedEnsembleMLP(2, 5, 1, (4,)).gate
    # Gates at 1: three columns of group 0 pay what three own gates would.
    torch.testing.assert_close(grouped.penalty(l1=0.1), alone.penalty(l1=0.1))
    torch.testing.assert_close(grouped.penalty(l2=0.1), torch.full((2,), 0.5 * 0.1 * 5))


@pytest.mark.parametrize("gate", ["stochastic", "concrete"])
def test_random_gates_draw_one_value_per_row_and_group(gate):
    module = GatedEnsembleMLP(2, 4, 1, (4,), gate=gate, groups=[0, 0, 1, 1]).train()
    torch.manual_seed(0)
    z = module.gate(torch.ones(2, 500, 4))
    torch.testing.assert_close(z[..., 0], z[..., 1])
    torch.testing.assert_close(z[..., 2], z[..., 3])
    assert not torch.equal(z[..., 0], z[..., 2])


@pytest.mark.parametrize("basis", ["linear", "mixed"])
@pytest.mark.parametrize("gate", sorted(GATES))
@pytest.mark.parametrize("threshold", [None, "probe"])
def test_singleton_groups_reproduce_the_ungrouped_fit(
    binary_data, fast_params, gate, threshold, basis
):
    X, y = binary_data
    params = dict(fast_params, gate=gate, threshold=threshold, input_basis=basis)
    plain = DeepFeatureSelector(**params).fit(X, y)
    grouped = DeepFeatureSelector(**params, groups=np.arange(X.shape[1])).fit(X, y)
    if basis == "linear":  # the same arithmetic: to the bit
        np.testing.assert_array_equal(grouped.importances_, plain.importances_)
    elif threshold is None:
        # A curved column's gate gets three gradient terms (its column, its
        # square, its penalty), which groups sum in another order: the last
        # bits differ (seen: 6e-8).
        np.testing.assert_allclose(
            grouped.importances_, plain.importances_, rtol=1e-5, atol=1e-7
        )
    else:
        # Probe mode runs the gate path, whose fresh Adam moves every
        # parameter by a full step at first whatever its gradient: those last
        # bits grow to a few hundredths of a member's share (seen: 0.023 on
        # one machine, 0.062 on an AMD EPYC), less in the mean of the four
        # members (0.037 there).
        np.testing.assert_allclose(
            grouped.importances_, plain.importances_, rtol=0, atol=0.1
        )
        np.testing.assert_allclose(
            grouped.feature_importances_,
            plain.feature_importances_,
            rtol=0,
            atol=0.06,
        )
    np.testing.assert_array_equal(grouped.get_support(), plain.get_support())


# ----------------------------------------------------------------- fitting
@pytest.mark.parametrize("gate", sorted(GATES))
@pytest.mark.parametrize("data", TARGETS)
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_every_gate_fits_every_target_with_groups(gate, data, request, fast_params):
    X, y = request.getfixturevalue(data)
    E = fast_params["n_estimators"]
    selector = DeepFeatureSelector(**fast_params, gate=gate, groups=GROUPS).fit(X, y)
    assert selector.group_names_.tolist() == ["a", "b", "c", "d"]
    assert selector.groups_.tolist() == [0, 0, 1, 1, 2, 3]
    assert selector.group_sizes_.tolist() == [2, 2, 1, 1]
    assert selector.member_group_importances_.shape == (E, 4)
    assert selector.group_importances_.shape == (4,)
    assert selector.group_importances_std_.shape == (4,)
    assert selector.importances_.shape == (E, X.shape[1])
    np.testing.assert_allclose(selector.importances_.sum(1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(
        selector.member_group_importances_.sum(1), 1.0, rtol=1e-6
    )
    # A group's score is spread evenly over its columns.
    fi = selector.feature_importances_
    np.testing.assert_allclose(
        fi[[0, 2, 4, 5]] * [2, 2, 1, 1], selector.group_importances_
    )
    assert fi[0] == fi[1] and fi[2] == fi[3]
    assert selector.ranking_[0] == selector.ranking_[1] == selector.group_ranking_[0]
    assert_groups_decided_whole(selector)
    assert selector.transform(X).shape == (len(X), selector.get_support().sum())


@pytest.mark.parametrize(
    "importance", ["gate", "weights", "gradient", "permutation", "noise"]
)
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_importance_methods_score_groups(binary_data, fast_params, importance):
    X, y = binary_data
    selector = DeepFeatureSelector(
        **fast_params, groups=GROUPS, importance=importance, n_repeats=2
    ).fit(X, y)
    assert selector.member_group_importances_.shape == (4, 4)
    assert np.isfinite(selector.group_importances_).all()
    np.testing.assert_allclose(selector.feature_importances_.sum(), 1.0, rtol=1e-6)
    assert_groups_decided_whole(selector)


def test_threshold_and_max_features_keep_or_drop_whole_groups(binary_data, fast_params):
    X, y = binary_data
    params = dict(fast_params, groups=GROUPS, threshold="mean")
    selector = DeepFeatureSelector(**params).fit(X, y)
    gi = selector.group_importances_
    assert selector.threshold_ == pytest.approx(gi.mean())
    np.testing.assert_array_equal(
        selector.get_support(), (gi >= gi.mean())[selector.groups_]
    )
    # max_features counts groups: the best two groups, whatever their widths.
    top2 = DeepFeatureSelector(**params, max_features=2)
    top2.fit(X, y)
    # The default ("auto") runs the gate path per group; with max_features
    # the count alone decides, as with threshold=None.
    auto = DeepFeatureSelector(**fast_params, groups=GROUPS).fit(X, y)
    assert auto.path_support_.shape == (len(auto.group_names_),)
    np.testing.assert_array_equal(auto.get_support(), auto.path_support_[auto.groups_])
    one = DeepFeatureSelector(**fast_params, groups=GROUPS, max_features=1)
    one.fit(X, y)
    best = np.argmax(one.group_importances_)
    np.testing.assert_array_equal(one.get_support(), one.groups_ == best)
    assert one.threshold_ == -np.inf
    np.testing.assert_array_equal(top2.group_importances_, gi)
    best = np.argsort(-gi, kind="mergesort")[:2]
    np.testing.assert_array_equal(top2.get_support(), np.isin(top2.groups_, best))
    selector.set_params(max_features=None, threshold=float(np.sort(gi)[1]))
    assert (
        selector.get_support().sum()
        == selector.group_sizes_[gi >= np.sort(gi)[1]].sum()
    )


def test_refit_without_groups_drops_the_group_attributes(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params, groups=GROUPS).fit(X, y)
    selector.set_params(groups=None).fit(X, y)
    assert not hasattr(selector, "groups_")
    assert not hasattr(selector, "group_importances_")
    assert selector.get_support().shape == (X.shape[1],)


# ------------------------------------------------------------------ probes
def test_probes_are_whole_groups_with_rows_permuted_jointly(binary_data, fast_params):
    X, y = binary_data
    params = dict(fast_params, n_estimators=8, threshold="probe", n_probes=3)
    selector = DeepFeatureSelector(**params, groups=GROUPS).fit(X, y)
    sizes = selector.group_sizes_[selector.probe_sources_]
    assert selector.probe_sources_.shape == (3,)
    assert set(selector.probe_sources_) <= {0, 1, 2, 3}
    # Each probe group has its own gate, one per probe group.
    assert selector.net_.module_.gate.weight.shape == (8, 4 + 3)
    assert selector.net_.module_.n_features == X.shape[1] + sizes.sum()
    assert selector.probe_importances_.shape == (8, 3)
    for name in ("hits_", "pvalues_", "pvalues_adjusted_", "support_weak_"):
        assert getattr(selector, name).shape == (4,), name
    # The threshold drawn by the plots: the mean over the used members of
    # each member's probe percentile level, on the scale of the group scores.
    used = selector.members_used_
    level = np.percentile(
        selector.probe_importances_[used], selector.probe_percentile_, axis=1
    )
    assert selector.probe_threshold_ == pytest.approx(level.mean(), rel=1e-12)
    hits = (selector.member_group_importances_[used] > level[:, None]).sum(axis=0)
    np.testing.assert_array_equal(selector.hits_, hits)
    assert_groups_decided_whole(selector)
    confirmed = selector.pvalues_adjusted_ < selector.alpha
    np.testing.assert_array_equal(selector.get_support(), confirmed[selector.groups_])


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_probe_copies_keep_each_row_of_a_group_together(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(
        **fast_params, threshold="probe", groups=[[0, 1, 2], [3, 4, 5]]
    )
    selector.fit(X, y)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    full, sources = append_probes(Xs, np.random.RandomState(1), groups=selector.groups_)
    for p, g in enumerate(sources):
        cols = np.flatnonzero(selector.groups_ == g)
        block = full[:, X.shape[1] + 3 * p : X.shape[1] + 3 * (p + 1)]
        # The block is the group's rows, in a permuted order, rows intact.
        rows = {tuple(r) for r in Xs[:, cols].round(5)}
        assert {tuple(r) for r in block.round(5)} <= rows
        assert not np.array_equal(block, Xs[:, cols])


# ---------------------------------------------------- scikit-learn tools
def _pair_group_data(seed=0, n=300):
    """Six Gaussian columns, ``y = (x0 + x1 > 0)``: with :data:`GROUPS` only
    group "a" (columns 0 and 1) is relevant."""
    rng = np.random.RandomState(seed)
    X = rng.standard_normal((n, 6))
    return X, (X[:, 0] + X[:, 1] > 0).astype(np.int64)


def test_pipeline_clone_and_pickle_with_groups(fast_params):
    X, y = _pair_group_data()
    pipe = Pipeline(
        [
            ("select", DeepFeatureSelector(**fast_params, groups=GROUPS)),
            ("clf", LogisticRegression()),
        ]
    ).fit(X, y)
    selector = pipe.named_steps["select"]
    # The relevant group is kept, whole, and nothing else: the model sees the
    # pair and is near perfect (on the noise groups alone it is near chance).
    np.testing.assert_array_equal(selector.get_support(), [1, 1, 0, 0, 0, 0])
    assert selector.group_ranking_[0] == 1
    assert pipe.score(X, y) > 0.95
    noise_only = LogisticRegression().fit(X[:, 2:], y).score(X[:, 2:], y)
    assert noise_only < 0.65
    again = pickle.loads(pickle.dumps(selector))
    np.testing.assert_array_equal(again.get_support(), selector.get_support())
    np.testing.assert_array_equal(again.group_importances_, selector.group_importances_)
    np.testing.assert_array_equal(again.transform(X), selector.transform(X))
    assert clone(selector).get_params()["groups"] is GROUPS or (
        clone(selector).get_params()["groups"] == GROUPS
    )


def test_group_probe_test_confirms_the_relevant_group_only(fast_params):
    X, y = _pair_group_data()
    params = dict(fast_params, n_estimators=12, max_epochs=10, threshold="probe")
    selector = DeepFeatureSelector(**params, groups=GROUPS).fit(X, y)
    assert selector.group_names_.tolist() == ["a", "b", "c", "d"]
    # Group "a" beats the best probe group in every member: p = 0.5**12.
    used = selector.members_used_.sum()
    assert selector.hits_[0] == used
    assert selector.pvalues_[0] == pytest.approx(0.5**used)
    confirmed = selector.pvalues_adjusted_ < selector.alpha
    assert confirmed.tolist() == [True, False, False, False]
    assert not selector.support_weak_[0]
    np.testing.assert_array_equal(selector.get_support(), [1, 1, 0, 0, 0, 0])
    assert selector.group_importances_[0] > 2 * selector.probe_threshold_
    assert selector.group_importances_[1:].max() < selector.group_importances_[0] / 4


# ------------------------------------------------------------ ground truth
def _categorical_data(seed=0, n=600):
    """A 5-level driver (y = level in {1, 3}, 5% labels flipped), three
    irrelevant categoricals of 3, 4 and 6 levels and three noise columns."""
    rng = np.random.RandomState(seed)
    df = pd.DataFrame(
        {
            "driver": rng.randint(0, 5, n),
            "colour": rng.randint(0, 3, n),
            "shape": rng.randint(0, 4, n),
            "brand": rng.randint(0, 6, n),
            "noise0": rng.standard_normal(n),
            "noise1": rng.standard_normal(n),
            "noise2": rng.standard_normal(n),
        }
    )
    y = np.isin(df["driver"], [1, 3]).astype(int)
    flip = rng.random_sample(n) < 0.05
    y[flip] = 1 - y[flip]
    return df, y


CATEGORICAL = ["driver", "colour", "shape", "brand"]


@pytest.mark.parametrize(
    "settings",
    [
        dict(gate_l1=3e-2),
        dict(gate="stochastic", gate_l1=1e-2),
        dict(importance="permutation"),
    ],
    ids=["gate", "stochastic", "permutation"],
)
def test_one_hot_driver_is_found_and_kept_whole(settings):
    df, y = _categorical_data()
    ct = ColumnTransformer(
        [("cat", OneHotEncoder(sparse_output=False), CATEGORICAL)],
        remainder="passthrough",
    )
    X = ct.fit_transform(df)
    groups = groups_from_feature_names(ct.get_feature_names_out(), CATEGORICAL)
    selector = DeepFeatureSelector(
        n_estimators=8,
        hidden_layer_sizes=(16,),
        max_epochs=40,
        batch_size=32,
        patience=None,
        lr=1e-2,
        random_state=0,
        device="cpu",
        groups=groups,
        **settings,
    ).fit(X, y)
    names = selector.group_names_.tolist()
    gi = selector.group_importances_
    assert names[:4] == CATEGORICAL
    assert selector.group_ranking_[0] == 1
    assert gi[0] > 2 * gi[1:].max()
    support = selector.get_support()
    driver = selector.groups_ == 0
    assert support[driver].all()
    irrelevant = np.isin(selector.groups_, [1, 2, 3])
    assert not support[irrelevant].any()
    assert gi[1:4].max() < 0.5 * selector.threshold_


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_compute_importances_regenerates_group_probes(binary_data, fast_params):
    from skdfs.importance import compute_importances

    X, y = binary_data
    selector = DeepFeatureSelector(
        **fast_params, threshold="probe", groups=[[0, 1, 2], [3, 4]]
    ).fit(X, y)
    result = compute_importances(selector, X, y, "permutation", n_repeats=1)
    assert result.importances.shape == (fast_params["n_estimators"], X.shape[1])
    assert np.isfinite(result.mean).all()


# ------------------------------------------------------ correlated columns
def _correlated_blocks(n=400, seed=0):
    """Columns 0, 2, 5 share one factor (5 with a minus sign), 1 and 3
    another; 4 and 6 are independent; 7 is constant."""
    rng = np.random.RandomState(seed)
    a, b = rng.randn(2, n)
    noise = lambda: 0.1 * rng.randn(n)  # noqa: E731
    X = np.column_stack(
        [a, b, a + noise(), b + noise(), rng.randn(n), -a + noise(), rng.randn(n)]
    )
    return np.column_stack([X, np.full(n, 3.0)])


def test_groups_from_correlation_finds_the_correlated_sets():
    X = _correlated_blocks()
    assert groups_from_correlation(X, 0.9).tolist() == [0, 1, 0, 1, 2, 0, 3, 4]
    # Below every correlation the blocks' columns have, nothing is grouped.
    assert groups_from_correlation(X, 0.999).tolist() == list(range(8))
    assert groups_from_correlation(X[:, :1]).tolist() == [0]


def test_every_two_columns_of_a_group_reach_the_threshold():
    # Complete linkage: a chain a ~ b ~ c with a, c below the threshold
    # is not one group.
    rng = np.random.RandomState(1)
    n = 5000
    a = rng.randn(n)
    b = a + 0.35 * rng.randn(n)
    c = b + 0.35 * rng.randn(n)
    X = np.column_stack([a, b, c])
    r = np.abs(np.corrcoef(X, rowvar=False))
    assert r[0, 1] > 0.9 and r[1, 2] > 0.9 and r[0, 2] < 0.9
    ids = groups_from_correlation(X, 0.9)
    for g in np.unique(ids):
        cols = np.flatnonzero(ids == g)
        assert (r[np.ix_(cols, cols)] >= 0.9).all()
    assert len(np.unique(ids)) == 2


@pytest.mark.parametrize(
    ("X", "threshold", "message"),
    [
        (np.ones((5, 2)), 0.0, "threshold must be in (0, 1]"),
        (np.ones((5, 2)), 1.5, "threshold must be in (0, 1]"),
        (np.array([[1.0, np.nan], [2.0, 1.0]]), 0.9, "NaN or infinity"),
        (np.ones(5), 0.9, "2-dimensional"),
    ],
)
def test_groups_from_correlation_rejects_bad_input(X, threshold, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        groups_from_correlation(X, threshold)


def test_correlated_partners_counts_other_columns_only():
    X = _correlated_blocks()
    before = X.copy()
    assert correlated_partners(X, [0, 1, 4, 7]).tolist() == [2, 1, 0, 0]
    np.testing.assert_array_equal(X, before)


def test_correlation_groups_go_into_the_selector(fast_params):
    X = _correlated_blocks()
    y = (X[:, 0] > 0).astype(int)
    ids = groups_from_correlation(X)
    selector = DeepFeatureSelector(groups=ids, **fast_params).fit(X, y)
    assert len(selector.group_names_) == 5
    np.testing.assert_array_equal(selector.groups_, ids)


def test_penalty_weights_follow_the_columns_active_in_a_row():
    from skdfs.groups import penalty_weights

    rng = np.random.default_rng(0)
    numbers = rng.normal(size=(50, 4))  # every column set in every row
    onehot = np.eye(9)[rng.integers(0, 9, 50)]  # one of 9 levels set per row
    X = np.hstack([numbers, onehot, rng.normal(size=(50, 1))])
    groups = np.array([0] * 4 + [1] * 9 + [2])
    np.testing.assert_allclose(penalty_weights(X, groups), [4.0, 3.0, 1.0])
    # a level column never set still counts towards the size
    X[:, 4] = 0.0
    assert penalty_weights(X, groups)[1] == pytest.approx(3.0)


def test_module_takes_group_weights_and_refuses_bad_ones():
    module = GatedEnsembleMLP(
        2, 5, 1, (4,), groups=[0, 0, 0, 1, 2], group_weights=[2, 1, 1]
    )
    # gates at 1: group 0 pays 2 (not 3), the others 1 each
    torch.testing.assert_close(module.gate.penalty(l1=1.0), torch.full((2,), 4.0))
    with pytest.raises(ValueError, match="one weight per group"):
        GatedEnsembleMLP(2, 5, 1, (4,), groups=[0, 0, 0, 1, 2], group_weights=[1, 1])
    with pytest.raises(ValueError, match="positive"):
        GatedEnsembleMLP(2, 5, 1, (4,), groups=[0, 0, 0, 1, 2], group_weights=[1, 0, 1])
    with pytest.raises(ValueError, match="needs groups"):
        GatedEnsembleMLP(2, 5, 1, (4,), group_weights=[1, 1, 1, 1, 1])


def test_fitted_gates_weigh_one_hot_levels_by_the_root_of_their_number():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(1)
    n = 240
    frame = pd.DataFrame(
        {
            "x": rng.normal(size=n),
            "colour": rng.choice(list("abcdefghi"), n),  # 9 levels: weight 3
            "size": rng.choice(["S", "M", "L", "XL"], n),  # 4 levels: weight 2
        }
    )
    y = (frame.x > 0).astype(int).to_numpy()
    fast = dict(n_estimators=2, hidden_layer_sizes=(8,), max_epochs=3, random_state=0)
    selector = DeepFeatureSelector(**fast).fit(frame, y)
    scale = selector.net_.module_.gate.group_scale.tolist()
    assert scale == pytest.approx([1.0, 3.0, 2.0])
    probes = DeepFeatureSelector(**fast, threshold="probe").fit(frame, y)
    weights = probes.net_.module_.gate.group_scale.numpy()
    assert len(weights) == 3 + len(probes.probe_sources_)
    np.testing.assert_allclose(weights[3:], weights[:3][probes.probe_sources_])


def test_groups_on_a_frame_take_column_names(fast_params):
    rng = np.random.RandomState(0)
    X = pd.DataFrame(rng.standard_normal((120, 4)), columns=["age", "sys", "dia", "n"])
    y = (X["sys"] + X["dia"] > 0).astype(int)
    named = DeepFeatureSelector(groups={"bp": ["sys", "dia"]}, **fast_params)
    by_index = DeepFeatureSelector(groups={"bp": [1, 2]}, **fast_params)
    named.fit(X, y)
    assert named.group_names_.tolist() == ["bp", "age", "n"]
    np.testing.assert_array_equal(named.groups_, by_index.fit(X, y).groups_)
    with pytest.raises(ValueError, match=r"holds 'pulse'.*or names \(not a column"):
        DeepFeatureSelector(groups=[["sys", "pulse"]], **fast_params).fit(X, y)
    with pytest.raises(ValueError, match="holds 'sys'; index lists must hold integer"):
        resolve_groups([["sys"]], 4)  # no names to look it up in
