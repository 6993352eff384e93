"""Post-hoc importance methods (``skdfs.importance``), written as a specification.

Every method runs on every kind of target; on ground-truth data the methods
that are known to work find the truth, and each known failure (near-copies
for drop-and-retrain, constant features for removal, unscaled spreads for
weights, one-hot probing on XOR) shows up where it should.
"""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_correlated, make_friedman, make_xor
from skdfs.importance import (
    METHODS,
    AblationCostWarning,
    compute_importances,
    member_importances,
)
from skdfs.path import PATH_RANK_WEIGHT

TINY = dict(
    n_estimators=3,
    hidden_layer_sizes=(16,),
    max_epochs=5,
    patience=None,
    batch_size=32,
    lr=1e-2,
    random_state=0,
    device="cpu",
)

# Small networks trained to convergence: enough for the ground-truth tests.
SMALL = dict(
    n_estimators=6,
    hidden_layer_sizes=(32,),
    lr=1e-2,
    batch_size=64,
    random_state=0,
    device="cpu",
)

TARGETS = ["binary_data", "multiclass_data", "multilabel_data", "regression2_data"]


def top(scores, k):
    return set(np.argsort(scores)[::-1][:k].tolist())


# ------------------------------------------------------------ every method
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_every_method_scores_every_kind_of_target(request, target, method):
    X, y = request.getfixturevalue(target)
    selector = DeepFeatureSelector(**TINY, importance=method).fit(X, y)
    E, d = TINY["n_estimators"], X.shape[1]
    assert selector.importances_.shape == (E, d)
    assert np.isfinite(selector.importances_).all()
    assert (selector.importances_ >= 0).all()
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)
    assert selector.feature_importances_.shape == (d,)
    assert selector.importance_seconds_ >= 0
    result = compute_importances(selector, X, y, method, n_repeats=2, random_state=0)
    assert result.importances.shape == result.raw.shape == (E, d)
    assert np.isfinite(result.raw).all() and (result.raw >= 0).all()
    assert result.mean.shape == result.std.shape == (d,)
    assert result.method == method and result.seconds >= 0


def test_default_gate_importances_are_the_normalised_squared_gates(binary_data):
    X, y = binary_data
    # "mean": no gate path, so the importances are the gates alone
    selector = DeepFeatureSelector(**TINY, threshold="mean").fit(X, y)
    gates = selector.net_.module_.gate.gate_values().numpy().astype(float)
    expected = gates**2 / (gates**2).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(selector.importances_, expected, rtol=1e-12)
    np.testing.assert_array_equal(member_importances("gate", selector.net_, X), gates)


def test_the_path_blends_its_scores_into_the_gate_importances(binary_data):
    # The default threshold runs the gate path; each member's importances are
    # then half its normalised squared gates, half its path scores.
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    plain = DeepFeatureSelector(**TINY, threshold="mean").fit(X, y)
    w = PATH_RANK_WEIGHT
    expected = (1 - w) * plain.importances_ + w * selector.path_.importances()
    np.testing.assert_allclose(selector.importances_, expected, rtol=1e-6)
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)
    used = selector.members_used_
    np.testing.assert_allclose(
        selector.path_importances_, selector.path_.importances()[used].mean(axis=0)
    )
    # Other importance methods keep their own scores; the path only selects.
    perm = DeepFeatureSelector(**TINY, importance="permutation").fit(X, y)
    assert hasattr(perm, "path_support_")
    np.testing.assert_array_equal(perm.get_support(), perm.path_support_)


@pytest.mark.parametrize("power", [1.0, 0.5, 3.0])
def test_importance_power_sharpens_without_reordering_a_member(binary_data, power):
    X, y = binary_data
    default = DeepFeatureSelector(**TINY, threshold="mean").fit(X, y)
    params = dict(TINY, threshold="mean", importance_power=power)
    selector = DeepFeatureSelector(**params).fit(X, y)
    gates = selector.net_.module_.gate.gate_values().numpy().astype(float)
    expected = gates**power / (gates**power).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(selector.importances_, expected, rtol=1e-12)
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)
    # Same networks; within each member the order of the features is kept.
    np.testing.assert_array_equal(
        np.argsort(-selector.importances_, axis=1, kind="stable"),
        np.argsort(-default.importances_, axis=1, kind="stable"),
    )
    # A higher power concentrates each member's shares on its top features.
    top = np.max(selector.importances_, axis=1).mean()
    top_default = np.max(default.importances_, axis=1).mean()
    assert top > top_default if power > 2 else top < top_default
    result = compute_importances(selector, X, y, "gate")
    np.testing.assert_allclose(result.importances, selector.importances_)


def test_probe_mode_blends_the_path_into_features_and_probes_alike(binary_data):
    # With the gates, probe mode runs the gate path as the default does, and
    # the probes' importances are blended exactly as the real features' are:
    # half the squared gates, half the path scores, each over the real
    # features' total, so the test compares like with like.
    X, y = binary_data
    d = X.shape[1]
    sel = DeepFeatureSelector(**TINY, threshold="probe").fit(X, y)
    assert sel.path_.importances().shape == (3, 2 * d)
    squared = sel.net_.module_.gate.gate_values().numpy().astype(float) ** 2
    total = squared[:, :d].sum(axis=1, keepdims=True)
    w = PATH_RANK_WEIGHT
    path = sel.path_.importances()
    path /= path[:, :d].sum(axis=1, keepdims=True)
    np.testing.assert_allclose(
        sel.importances_, (1 - w) * squared[:, :d] / total + w * path[:, :d]
    )
    np.testing.assert_allclose(
        sel.probe_importances_, (1 - w) * squared[:, d:] / total + w * path[:, d:]
    )
    assert sel.selection_rule_ == "probe" and sel.path_support_.shape == (d,)
    # Other importance methods, and fits the path cannot run on, skip it.
    for extra in ({"importance": "permutation"}, {"validation_fraction": 0}):
        assert not hasattr(
            DeepFeatureSelector(**TINY, threshold="probe", **extra).fit(X, y), "path_"
        )


def test_probe_hits_do_not_depend_on_importance_power(binary_data):
    # Without the path's blend (no validation rows here) a member's order of
    # its features and probes does not depend on the power.
    X, y = binary_data
    fits = [
        DeepFeatureSelector(
            **TINY, threshold="probe", validation_fraction=0, importance_power=p
        ).fit(X, y)
        for p in (1.0, 2.0)
    ]
    np.testing.assert_array_equal(fits[0].hits_, fits[1].hits_)
    np.testing.assert_array_equal(fits[0].pvalues_, fits[1].pvalues_)
    np.testing.assert_array_equal(fits[0].get_support(), fits[1].get_support())


@pytest.fixture(scope="module")
def clear_data():
    """300 x 6 Gaussian features, ``y = (x0 + x1 > 0)``: the pair is the truth."""
    rng = np.random.RandomState(1)
    X = rng.standard_normal((300, 6))
    return X, (X[:, 0] + X[:, 1] > 0).astype(np.int64)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_works_with_probes(clear_data, method):
    # Every method (ablation included: 4 * (6 + 6 + 1) = 52 networks, far
    # below its default budget, so no AblationCostWarning) scores the probes
    # on the scale of the real features, and well below the true pair.
    X, y = clear_data
    selector = DeepFeatureSelector(
        **{**TINY, "n_estimators": 4}, threshold="probe", importance=method
    ).fit(X, y)
    assert selector.probe_importances_.shape == (4, X.shape[1])
    used = selector.members_used_
    real = selector.importances_[used].mean(axis=0)
    probes = selector.probe_importances_[used].mean(axis=0)
    assert top(real, 2) == {0, 1}
    assert real[:2].min() > 2 * probes.max()
    assert real[:2].min() > 2 * real[2:].max()
    result = compute_importances(selector, X, y, method, random_state=0)
    assert result.importances.shape == (4, X.shape[1])
    assert top(result.mean, 2) == {0, 1}


def test_ablation_warns_only_above_its_budget(binary_data):
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    targets = selector.target_encoder_.transform(y)
    rows = np.tile(np.arange(len(X)), (3, 1))
    n_networks = 3 * (X.shape[1] + 1)  # 21

    def ablation(budget):
        return member_importances(
            "ablation",
            selector.net_,
            Xs,
            targets,
            rows,
            train_rows=rows,
            ablation_budget=budget,
            random_state=0,
        )

    with warnings.catch_warnings():
        warnings.simplefilter("error", AblationCostWarning)
        at_budget = ablation(n_networks)  # exactly at the budget: silent
    with pytest.warns(AblationCostWarning, match=r"trains 21 networks"):
        above = ablation(n_networks - 1)
    np.testing.assert_array_equal(at_budget, above)


def test_ablation_warns_when_its_estimated_time_is_long(binary_data, monkeypatch):
    # Under the network budget, but about d + 1 times a fit that took long.
    import skdfs._ablation as ablation

    X, y = binary_data
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    rows = np.tile(np.arange(len(X)), (3, 1))
    monkeypatch.setattr(ablation, "ABLATION_WARN_SECONDS", 0.0)
    with pytest.warns(AblationCostWarning, match=r"expect about \d+ s"):
        member_importances(
            "ablation",
            selector.net_,
            Xs,
            selector.target_encoder_.transform(y),
            rows,
            train_rows=rows,
            random_state=0,
        )


# ------------------------------------------------- integrated gradients
def test_integrated_gradients_of_a_linear_member_are_exact(friedman_data):
    # Without hidden layers f(x) - f(0) = sum_i x_i g_i w_i and IG gives each
    # term exactly, whatever the number of path points.
    X, y, _ = friedman_data
    linear = {**TINY, "hidden_layer_sizes": (), "input_basis": "linear"}
    selector = DeepFeatureSelector(**linear).fit(X, y)
    module = selector.net_.module_
    gate = module.gate.eval_values().detach().numpy().astype(float)
    weight = module.first_layer_weight().detach().numpy()[..., 0].astype(float)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    x = Xs[:1]
    for n_steps in (1, 16):
        ig = member_importances(
            "integrated_gradients", selector.net_, x, n_steps=n_steps
        )
        np.testing.assert_allclose(ig, np.abs(x * gate * weight), rtol=1e-5, atol=1e-7)
    # Completeness: with every term made positive (one row per member, the
    # signs aligned with g_i w_i) the attributions sum to f(x) - f(0).
    d = X.shape[1]
    zero = selector.net_.member_forward(np.zeros((1, d), np.float32))
    for e in range(module.n_members):
        row = (np.abs(x) * np.sign(gate[e] * weight[e])).astype(np.float32)
        ig = member_importances("integrated_gradients", selector.net_, row)
        gap = selector.net_.member_forward(row)[e, 0, 0] - zero[e, 0, 0]
        assert ig[e].sum() == pytest.approx(float(gap), rel=1e-5)


def test_integrated_gradients_are_complete_up_to_the_riemann_error(
    multiclass_data,
):
    # On a row with one non-zero feature i, IG gives every other feature 0 and
    # feature i, for each output k, f_k(x) - f_k(0) (completeness): summed
    # over the outputs, sum_k |f_k(x) - f_k(0)|. The midpoint rule converges.
    X, y = multiclass_data
    # threshold="mean": the test is of the gradients, not of the path's
    # selection (which may keep nothing with three members, and warn)
    params = {**TINY, "hidden_layer_sizes": (16, 8), "threshold": "mean"}
    selector = DeepFeatureSelector(**params)
    selector.fit(X, y)
    net, d = selector.net_, X.shape[1]
    zero = net.member_forward(np.zeros((1, d), np.float32))[:, 0].numpy()
    errors = {}
    for n_steps in (4, 256):
        ig_rows, gaps = [], []
        for i in range(d):
            x = np.zeros((1, d), np.float32)
            x[0, i] = 1.5
            ig = member_importances("integrated_gradients", net, x, n_steps=n_steps)
            assert (np.delete(ig, i, axis=1) == 0).all()
            ig_rows.append(ig[:, i])
            gaps.append(np.abs(net.member_forward(x)[:, 0].numpy() - zero).sum(-1))
        ig_rows, gaps = np.array(ig_rows), np.array(gaps)  # (d, E)
        assert gaps.max() > 0.5  # the rows move the outputs
        errors[n_steps] = np.abs(ig_rows - gaps).max() / gaps.max()
    assert errors[256] < 5e-3
    assert errors[256] < errors[4] / 5


def test_gradient_of_a_linear_model_is_its_scaled_weight(friedman_data):
    # Without hidden layers dy/dx_i = g_i w_i everywhere: both methods agree.
    X, y, _ = friedman_data
    linear = {**TINY, "hidden_layer_sizes": (), "input_basis": "linear"}
    selector = DeepFeatureSelector(**linear, importance="gradient").fit(X, y)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    grad = member_importances("gradient", selector.net_, Xs)
    weights = member_importances("weights", selector.net_, Xs)
    np.testing.assert_allclose(grad, weights, rtol=1e-4)


def test_same_random_state_gives_identical_scores(binary_data):
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    a = compute_importances(selector, X, y, "noise", random_state=3).raw
    b = compute_importances(selector, X, y, "noise", random_state=3).raw
    np.testing.assert_array_equal(a, b)


# ------------------------------------------------------------ ground truth
@pytest.fixture(scope="module")
def friedman():
    return make_friedman(n_samples=800, n_features=10, noise=0.5, random_state=0)


@pytest.fixture(scope="module")
def xor():
    return make_xor(n_samples=1000, n_features=10, random_state=0)


@pytest.mark.parametrize(
    "method", ["gate", "gradient", "permutation", "noise", "ablation"]
)
def test_friedman_strong_features_rank_in_the_top_five(friedman, method):
    X, y, relevant = friedman
    selector = DeepFeatureSelector(**SMALL, importance=method).fit(X, y)
    scores = selector.feature_importances_
    assert {0, 1, 3} <= top(scores, 5)
    assert roc_auc_score(np.isin(np.arange(X.shape[1]), relevant), scores) > 0.9


@pytest.mark.parametrize("method", ["gate", "gradient", "permutation"])
def test_xor_pair_ranks_on_top(xor, method):
    X, y, _ = xor
    selector = DeepFeatureSelector(**SMALL, importance=method).fit(X, y)
    assert top(selector.feature_importances_, 2) == {0, 1}


# ------------------------------------------------------------ known failures
def test_ablation_credit_collapses_when_drivers_have_near_copies():
    """Retrained without a driver, the network reads its 0.99-correlated copy.

    Permutation importance of the same fitted networks keeps the drivers'
    loss increase; drop-and-retrain loses almost all of it.
    """
    raw = {}
    for n_copies in (0, 2):
        X, y, _ = make_correlated(
            n_samples=600, n_features=8, n_copies=n_copies, rho=0.99, random_state=0
        )
        selector = DeepFeatureSelector(**{**SMALL, "max_epochs": 60}).fit(X, y)
        for method in ("permutation", "ablation"):
            result = compute_importances(selector, X, y, method, random_state=0)
            raw[method, n_copies] = result.raw[:, :2].mean()
    assert raw["ablation", 2] < 0.1 * raw["ablation", 0]
    assert raw["permutation", 2] > 0.5 * raw["permutation", 0]


@pytest.mark.parametrize("method", ["permutation", "noise", "ablation"])
def test_removal_methods_give_a_constant_feature_zero(binary_data, method):
    # Permuting, perturbing (noise scaled by its variance, 0) or holding a
    # constant at its mean changes nothing: the score is 0, to the rounding
    # of a forward pass in another batch shape (seen: 1.6e-14 for ablation on
    # an AVX-512 machine, exactly 0 on another).
    X, y = binary_data
    X = X.copy()
    X[:, 2] = 7.0
    selector = DeepFeatureSelector(**TINY, importance=method).fit(X, y)
    assert np.isfinite(selector.importances_).all()
    assert np.all(np.abs(selector.importances_[:, 2]) <= 1e-12)


def test_weights_read_against_raw_spreads_rank_features_by_their_units(friedman):
    """I = sigma * sum|w| with sigma from the unscaled columns ranks the noise
    column blown up by 1000 on top; the gates (and sigma measured on the
    standardised inputs the weights act on) are unit-free."""
    X, y, relevant = friedman
    X = X.copy()
    X[:, 8] *= 1000.0
    selector = DeepFeatureSelector(**SMALL).fit(X, y)
    raw_sigma = compute_importances(selector, X, y, "weights", scale="raw")
    unit_free = compute_importances(selector, X, y, "weights")
    assert np.argmax(raw_sigma.mean) == 8
    assert 8 not in top(selector.feature_importances_, 5)
    assert 8 not in top(unit_free.mean, 5)


def test_onehot_probing_misreads_xor(xor):
    """The bias-free net at one-hot points is not the trained net on the data.

    On XOR the pair is ranked on top by the gates in every member; probing the
    bias-free members with one-hot inputs does so in far fewer and with a far
    smaller margin over the noise columns.
    """
    X, y, relevant = xor
    selector = DeepFeatureSelector(**SMALL).fit(X, y)
    truth = np.isin(np.arange(X.shape[1]), relevant)
    onehot = compute_importances(selector, X, y, "onehot").importances
    gate = selector.importances_

    def pair_on_top(scores):
        return np.mean([top(row, 2) == {0, 1} for row in scores])

    def member_auc(scores):
        return np.mean([roc_auc_score(truth, row) for row in scores])

    def margin(scores):
        mean = scores.mean(axis=0)
        return mean[relevant].min() / np.delete(mean, relevant).max()

    assert pair_on_top(gate) == 1.0
    assert pair_on_top(onehot) < pair_on_top(gate)
    assert member_auc(onehot) < member_auc(gate)
    assert margin(onehot) < 0.5 * margin(gate)


# ------------------------------------------------------------ ablation cost
def test_ablation_warns_about_its_cost_on_wide_data(binary_data):
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    targets = selector.target_encoder_.transform(y)
    rows = np.tile(np.arange(len(X)), (3, 1))
    with pytest.warns(AblationCostWarning, match=r"trains 21 networks"):
        scores = member_importances(
            "ablation",
            selector.net_,
            Xs,
            targets,
            rows,
            train_rows=rows,
            ablation_budget=10,
            ablation_max_members=8,  # several modules, one after another
            random_state=0,
        )
    assert scores.shape == (3, X.shape[1])
    assert np.isfinite(scores).all() and (scores >= 0).all()


# ------------------------------------------------------------ errors
def test_unknown_method_is_rejected(binary_data):
    X, y = binary_data
    with pytest.raises(ValueError, match="'importance' parameter"):
        DeepFeatureSelector(**TINY, importance="shap").fit(X, y)
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    with pytest.raises(ValueError, match="unknown importance method"):
        compute_importances(selector, X, y, "shap")
    with pytest.raises(ValueError, match="unknown importance method"):
        member_importances("shap", selector.net_, X)


def test_bad_inputs_to_compute_importances(binary_data, multiclass_data):
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    with pytest.raises(ValueError, match="labels not seen in fit"):
        compute_importances(selector, X, y + 5)
    with pytest.raises(ValueError, match="rows but y has"):
        compute_importances(selector, X, y[:-1])
    with pytest.raises(ValueError, match="X has 5 features"):
        compute_importances(selector, X[:, :5], y)
    with pytest.raises(ValueError, match="scale must be"):
        compute_importances(selector, X, y, "weights", scale="std")
    with pytest.raises(ValueError, match="needs the targets"):
        member_importances("permutation", selector.net_, X)
    with pytest.raises(ValueError, match="needs train_rows"):
        member_importances(
            "ablation", selector.net_, X, selector.target_encoder_.transform(y)
        )
    unfitted = clone(selector)
    with pytest.raises(Exception, match="not fitted"):
        compute_importances(unfitted, X, y)
