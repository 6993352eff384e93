"""Behaviour of DeepFeatureSelector, written as a specification.

Most tests use the fast settings of ``conftest.FAST`` (four tiny networks, five
epochs); only the ground-truth tests at the end train with the defaults.
"""

import pickle
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import torch
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_selection import SelectFromModel
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, cross_val_score, cross_validate
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from skdfs import DeepFeatureSelector, NoLearningWarning
from skdfs import _base as base_module
from skdfs._ensemble import member_splits
from skdfs.training import EnsembleNet, MemberData


def half_the_features(X):
    return X.shape[1] // 2


# ------------------------------------------------------------------ params
ALL_PARAMS = dict(
    n_estimators=7,
    hidden_layer_sizes=[8, 4],  # a list: must come back as the same list
    activation="tanh",
    dropout=0.1,
    noise_std=0.2,
    input_basis="quadratic",
    weight_decay=0.0,
    gate_l1=0.01,
    gate_l2=0.02,
    gate_lr_scale=5.0,
    lr=0.01,
    batch_size=16,
    max_steps=50,
    max_epochs=3,
    patience=2,
    validation_fraction=0.3,
    bootstrap=True,
    member_features=0.75,
    loss="cross_entropy",
    task="classification",
    threshold="1.5*mean",
    max_features=half_the_features,
    n_probes=5,
    alpha=0.1,
    probe_percentile=80.0,
    correction="bonferroni",
    probe_statistic="sign",
    importance="permutation",
    n_repeats=3,
    importance_power=1.5,
    gate="concrete",
    groups=[[0, 1], [2, 3, 4]],  # index lists: must come back verbatim
    n_jobs=2,
    categorical_features=[0],  # a list: must come back as the same list
    max_onehot_levels=8,
    device="cpu",
    random_state=np.random.RandomState(3),
    verbose=0,
)


def test_get_params_returns_every_constructor_argument_verbatim():
    selector = DeepFeatureSelector(**ALL_PARAMS)
    params = selector.get_params()
    assert params.keys() == ALL_PARAMS.keys()
    for name, value in ALL_PARAMS.items():
        assert params[name] is value, name


def test_clone_round_trips_parameters():
    params = {**ALL_PARAMS, "random_state": 3}
    cloned = clone(DeepFeatureSelector(**params))
    assert cloned.get_params() == params


def test_clone_of_a_fitted_selector_is_unfitted(binary_data, fast_params):
    X, y = binary_data
    fitted = DeepFeatureSelector(**fast_params).fit(X, y)
    cloned = clone(fitted)
    assert cloned.get_params() == fitted.get_params()
    assert not hasattr(cloned, "net_")
    assert not hasattr(cloned, "feature_importances_")
    with pytest.raises(NotFittedError):
        check_is_fitted(cloned)


def test_set_params_updates_and_returns_self():
    selector = DeepFeatureSelector()
    assert selector.set_params(n_estimators=2, threshold="median") is selector
    assert selector.n_estimators == 2
    assert selector.threshold == "median"
    with pytest.raises(ValueError, match="Invalid parameter"):
        selector.set_params(not_a_parameter=1)


# ------------------------------------------------------- scikit-learn tools
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_grid_search_over_a_pipeline(binary_data, fast_params):
    X, y = binary_data
    pipe = Pipeline(
        [("select", DeepFeatureSelector(**fast_params)), ("clf", LogisticRegression())]
    )
    grid = {"select__threshold": ["mean", "median"], "select__n_estimators": [2, 4]}
    search = GridSearchCV(pipe, grid, cv=2).fit(X, y)
    assert search.best_params_.keys() == grid.keys()
    assert search.best_params_["select__threshold"] in ("mean", "median")
    assert search.best_params_["select__n_estimators"] in (2, 4)
    best_selector = search.best_estimator_.named_steps["select"]
    assert (
        best_selector.importances_.shape[0]
        == search.best_params_["select__n_estimators"]
    )
    assert search.predict(X).shape == (len(X),)


def test_select_from_model_wraps_the_selector(binary_data, fast_params):
    X, y = binary_data
    sfm = SelectFromModel(DeepFeatureSelector(**fast_params)).fit(X, y)
    Xt = sfm.transform(X)
    # SelectFromModel's default threshold is "mean", the selector's "mean".
    support = sfm.estimator_.set_params(threshold="mean").get_support()
    assert np.array_equal(sfm.get_support(), support)
    assert Xt.shape == (len(X), support.sum())
    assert 1 <= Xt.shape[1] < X.shape[1]


@pytest.fixture(scope="module")
def pair_data():
    """300 x 8 Gaussian features, ``y = (x0 + x1 > 0)``: truth ``[0, 1]``.

    A clear task on which the fast settings put ~0.4-0.5 of the importance on
    each of the pair and < 0.1 on every noise column (checked on seeds 0-2).
    """
    rng = np.random.RandomState(0)
    X = rng.standard_normal((300, 8))
    return X, (X[:, 0] + X[:, 1] > 0).astype(np.int64), np.array([0, 1])


def members_with_the_pair_on_top(selector, relevant=(0, 1)):
    tops = np.argsort(-selector.importances_, axis=1)[:, : len(relevant)]
    return sum(set(row) == set(relevant) for row in tops)


def test_cross_val_score_of_a_pipeline_is_finite(pair_data, fast_params):
    X, y, relevant = pair_data
    # "mean": with 4 members the path's quarter vote is one member's
    selector = DeepFeatureSelector(threshold="mean", **fast_params)
    pipe = Pipeline([("select", selector), ("clf", LogisticRegression())])
    result = cross_validate(pipe, X, y, cv=3, return_estimator=True)
    scores = result["test_score"]
    assert scores.shape == (3,)
    # Each fold's selector keeps exactly the pair ...
    for fitted in result["estimator"]:
        support = fitted.named_steps["select"].get_support()
        np.testing.assert_array_equal(np.flatnonzero(support), relevant)
    # ... so the pipeline beats the same model on three random columns (which
    # include a relevant one in 25/56 of draws) by a wide margin.
    three_noise = cross_val_score(LogisticRegression(), X[:, [2, 5, 7]], y, cv=3)
    assert scores.mean() > 0.9
    assert scores.mean() > three_noise.mean() + 0.3


def test_pandas_output_keeps_the_selected_column_names(binary_data, fast_params):
    X, y = binary_data
    columns = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    df = pd.DataFrame(X, columns=columns)
    selector = DeepFeatureSelector(**fast_params).fit(df, y)
    np.testing.assert_array_equal(selector.feature_names_in_, columns)
    out = selector.set_output(transform="pandas").transform(df)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == list(selector.get_feature_names_out())
    assert list(out.columns) == list(np.array(columns)[selector.get_support()])
    np.testing.assert_array_equal(out.to_numpy(), X[:, selector.get_support()])
    assert out.index.equals(df.index)


def test_pickle_round_trip(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    restored = pickle.loads(pickle.dumps(selector))
    np.testing.assert_array_equal(restored.transform(X), selector.transform(X))
    np.testing.assert_array_equal(
        restored.feature_importances_, selector.feature_importances_
    )
    np.testing.assert_array_equal(restored.importances_, selector.importances_)


# ---------------------------------------------------------- reproducibility
def test_same_random_state_gives_identical_importances(binary_data, fast_params):
    X, y = binary_data
    first = DeepFeatureSelector(**fast_params).fit(X, y)
    torch.manual_seed(12345)  # the global torch state must not matter
    np.random.seed(12345)  # noqa: NPY002
    second = DeepFeatureSelector(**fast_params).fit(X, y)
    assert np.array_equal(first.importances_, second.importances_)
    assert np.array_equal(first.member_scores_, second.member_scores_)


def test_different_random_state_gives_different_importances(binary_data, fast_params):
    X, y = binary_data
    first = DeepFeatureSelector(**fast_params).fit(X, y)
    other = DeepFeatureSelector(**{**fast_params, "random_state": 1}).fit(X, y)
    assert not np.array_equal(first.importances_, other.importances_)


def test_fit_does_not_touch_the_global_torch_rng(binary_data, fast_params):
    X, y = binary_data
    torch.manual_seed(7)
    expected = torch.rand(3)
    torch.manual_seed(7)
    DeepFeatureSelector(**fast_params).fit(X, y)
    assert torch.equal(torch.rand(3), expected)


# ------------------------------------------------------------------ inputs
@pytest.mark.parametrize("data", ["binary_data", "multilabel_data", "regression2_data"])
def test_fit_and_transform_leave_numpy_inputs_unchanged(request, fast_params, data):
    X, y = request.getfixturevalue(data)
    X_before, y_before = X.copy(), y.copy()
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    selector.transform(X)
    np.testing.assert_array_equal(X, X_before)
    np.testing.assert_array_equal(y, y_before)
    assert X.dtype == X_before.dtype and y.dtype == y_before.dtype


def test_fit_and_transform_leave_pandas_inputs_unchanged(binary_data, fast_params):
    X, y = binary_data
    df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    labels = pd.Series(np.array(["no", "yes"])[y], name="target")
    df_before, labels_before = df.copy(), labels.copy()
    selector = DeepFeatureSelector(**fast_params).fit(df, labels)
    selector.transform(df)
    pd.testing.assert_frame_equal(df, df_before)
    pd.testing.assert_series_equal(labels, labels_before)
    np.testing.assert_array_equal(selector.classes_, ["no", "yes"])


def test_float32_and_read_only_inputs_work(binary_data, fast_params):
    X, y = binary_data
    X32 = X.astype(np.float32)
    y = y.copy()
    X32.setflags(write=False)
    y.setflags(write=False)
    with warnings.catch_warnings():
        # e.g. torch's "The given NumPy array is not writable"
        warnings.simplefilter("error", UserWarning)
        selector = DeepFeatureSelector(**fast_params).fit(X32, y)
        Xt = selector.transform(X32)
    assert Xt.dtype == np.float32
    assert Xt.shape == (len(X), selector.get_support().sum())
    assert selector.feature_importances_.dtype == np.float64
    assert np.all(np.isfinite(selector.feature_importances_))


def test_float32_fit_matches_float64_fit_closely(binary_data, fast_params):
    X, y = binary_data
    # The training: float64 input gives the same fit up to rounding.
    mean = dict(fast_params, threshold="mean")
    a = DeepFeatureSelector(**mean).fit(X, y).feature_importances_
    b = DeepFeatureSelector(**mean).fit(X.astype(np.float32), y)
    np.testing.assert_allclose(b.feature_importances_, a, atol=1e-3)
    # The default's gate path starts Adam afresh, whose first steps move a
    # parameter by the full step whatever the size of its gradient: rounding
    # differences in near-zero gradients grow to a few thousandths.
    a = DeepFeatureSelector(**fast_params).fit(X, y).feature_importances_
    b = DeepFeatureSelector(**fast_params).fit(X.astype(np.float32), y)
    np.testing.assert_allclose(b.feature_importances_, a, atol=2e-2)


# -------------------------------------------------------- fitted attributes
def test_fitted_attributes_have_the_documented_shapes(binary_data, fast_params):
    X, y = binary_data
    n_samples, n_features = X.shape
    n_estimators = fast_params["n_estimators"]
    selector = DeepFeatureSelector(**fast_params).fit(X, y)

    assert selector.n_features_in_ == n_features
    assert selector.importances_.shape == (n_estimators, n_features)
    assert np.all(selector.importances_ >= 0)
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)

    fi = selector.feature_importances_
    assert isinstance(fi, np.ndarray) and fi.dtype.kind == "f"
    assert fi.shape == (n_features,)
    np.testing.assert_allclose(fi.sum(), 1.0)
    used = selector.members_used_
    assert used.dtype == bool and used.shape == (n_estimators,) and used.any()
    np.testing.assert_allclose(fi, selector.importances_[used].mean(axis=0))
    assert selector.feature_importances_std_.shape == (n_features,)
    assert np.all(selector.feature_importances_std_ >= 0)

    assert selector.member_scores_.shape == (n_estimators,)
    assert selector.member_baseline_scores_.shape == (n_estimators,)
    assert np.all(np.isfinite(selector.member_scores_))
    assert np.all(np.isfinite(selector.member_baseline_scores_))
    # "used" means: beat the constant predictor on its held-out rows
    np.testing.assert_array_equal(
        used, selector.member_scores_ < selector.member_baseline_scores_
    )

    assert 1 <= selector.n_iter_ <= fast_params["max_epochs"]
    assert isinstance(selector.net_, EnsembleNet)
    assert len(selector.net_.history) == selector.n_iter_
    assert selector.device_ == "cpu"
    assert selector.scaler_mean_.shape == selector.scaler_scale_.shape == (n_features,)
    assert np.all(selector.scaler_scale_ > 0)
    assert selector.max_features_ is None

    # default threshold "auto": the gate path's selection, the weakest kept
    # score as threshold_; the path's arrays per feature
    support = selector.get_support()
    np.testing.assert_array_equal(support, selector.path_support_)
    assert selector.path_share_.shape == selector.path_importances_.shape
    assert selector.path_importances_.shape == (n_features,)
    assert selector.threshold_ == pytest.approx(fi[support].min())
    assert selector.transform(X).shape == (n_samples, support.sum())
    # "mean" (read at transform time): the mean importance, as SelectFromModel
    selector.set_params(threshold="mean")
    assert selector.threshold_ == pytest.approx(fi.mean())
    np.testing.assert_array_equal(selector.get_support(), fi >= fi.mean())


def test_constant_feature_is_handled(binary_data, fast_params):
    X, y = binary_data
    X = np.column_stack([X, np.full(len(X), 3.0)])
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    assert selector.scaler_scale_[-1] == 1.0
    assert np.all(np.isfinite(selector.feature_importances_))


# Five epochs against the best constant (always positive, for soft-F1) can
# leave the members barely ahead; this test is about the output layer.
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")
@pytest.mark.parametrize(
    "data, params, task, loss, n_outputs",
    [
        ("binary_data", {}, "classification", "binary_cross_entropy", 1),
        (
            "binary_data",
            {"loss": "cross_entropy"},
            "classification",
            "cross_entropy",
            2,
        ),
        ("binary_data", {"loss": "soft_f1"}, "classification", "soft_f1", 1),
        ("multiclass_data", {}, "classification", "cross_entropy", 3),
        (
            "multiclass_data",
            {"loss": "binary_cross_entropy"},
            "classification",
            "binary_cross_entropy",
            3,
        ),
        ("multilabel_data", {}, "multilabel", "binary_cross_entropy", 3),
        ("multilabel_data", {"loss": "soft_f1"}, "multilabel", "soft_f1", 3),
        ("regression2_data", {}, "regression", "squared_error", 2),
    ],
)
def test_task_loss_and_output_width_follow_the_target(
    request, fast_params, data, params, task, loss, n_outputs
):
    X, y = request.getfixturevalue(data)
    selector = DeepFeatureSelector(**fast_params, **params).fit(X, y)
    assert selector.task_ == task
    assert selector.loss_ == loss
    assert selector.n_outputs_ == n_outputs
    assert selector.net_.module_.n_outputs == n_outputs
    assert np.all(np.isfinite(selector.member_scores_))
    assert hasattr(selector, "classes_") == (task == "classification")
    if task == "classification":
        np.testing.assert_array_equal(selector.classes_, np.unique(y))


def test_string_class_labels(multiclass_data, fast_params):
    X, y = multiclass_data
    labels = np.array(["bee", "cat", "ant"])[y]
    selector = DeepFeatureSelector(**fast_params).fit(X, labels)
    np.testing.assert_array_equal(selector.classes_, np.unique(labels))
    np.testing.assert_array_equal(selector.classes_, ["ant", "bee", "cat"])
    assert selector.n_outputs_ == 3


def test_column_vector_target_is_accepted(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params).fit(X, y.reshape(-1, 1))
    assert selector.n_outputs_ == 1
    np.testing.assert_array_equal(selector.classes_, [0, 1])


def test_integer_target_can_be_treated_as_regression(friedman_data, fast_params):
    X, y, _ = friedman_data
    y_int = np.round(y).astype(np.int64)
    selector = DeepFeatureSelector(**fast_params, task="regression").fit(X, y_int)
    assert selector.task_ == "regression"
    assert selector.loss_ == "squared_error"
    assert selector.n_outputs_ == 1
    assert not hasattr(selector, "classes_")


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_hidden_layer_sizes_may_be_an_int_or_empty(binary_data, fast_params):
    X, y = binary_data
    one = DeepFeatureSelector(**{**fast_params, "hidden_layer_sizes": 8}).fit(X, y)
    assert [layer.out_features for layer in one.net_.module_.hidden] == [8]
    linear = DeepFeatureSelector(**{**fast_params, "hidden_layer_sizes": ()}).fit(X, y)
    assert len(linear.net_.module_.hidden) == 0
    np.testing.assert_allclose(linear.importances_.sum(axis=1), 1.0)


# --------------------------------------------------------------- selection
@pytest.mark.parametrize(
    "threshold, reference",
    [
        (None, lambda fi: fi.mean()),
        ("mean", lambda fi: fi.mean()),
        ("median", lambda fi: np.median(fi)),
        ("1.5*mean", lambda fi: 1.5 * fi.mean()),
        (" 0.5 * Median ", lambda fi: 0.5 * np.median(fi)),
        (0.12, lambda fi: 0.12),
        (0, lambda fi: 0.0),
    ],
)
def test_threshold_grammar(binary_data, fast_params, threshold, reference):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params, threshold=threshold).fit(X, y)
    fi = selector.feature_importances_
    value = reference(fi)
    assert selector.threshold_ == pytest.approx(value)
    np.testing.assert_array_equal(selector.get_support(), fi >= value)
    assert selector.transform(X).shape[1] == np.sum(fi >= value)


@pytest.mark.parametrize(
    "max_features, threshold, expected",
    [
        (2, None, 2),  # only the count limits the selection
        (4, None, 4),
        (0, -1.0, 0),
        (half_the_features, None, 3),
        (6, 0, 6),
    ],
)
def test_max_features_keeps_the_top_k(
    binary_data, fast_params, max_features, threshold, expected
):
    X, y = binary_data
    selector = DeepFeatureSelector(
        **fast_params, max_features=max_features, threshold=threshold
    ).fit(X, y)
    assert selector.max_features_ == expected
    support = selector.get_support()
    assert support.sum() == expected
    fi = selector.feature_importances_
    top = np.argsort(-fi, kind="mergesort")[:expected]
    assert set(np.flatnonzero(support)) == set(top)
    if threshold is None:
        assert selector.threshold_ == -np.inf


def test_max_features_and_threshold_both_apply(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params, max_features=5, threshold="mean")
    selector.fit(X, y)
    fi = selector.feature_importances_
    above = fi >= fi.mean()
    support = selector.get_support()
    assert support.sum() == min(5, above.sum())
    assert not np.any(support & ~above)


def test_max_features_can_change_after_fit_like_threshold(binary_data, fast_params):
    # A trial tuned max_features with set_params: the fit-time value stayed
    # in force (21 columns kept where a fresh fit with the same settings kept 6).
    X, y = binary_data
    fitted = DeepFeatureSelector(**fast_params).fit(X, y)
    fresh = DeepFeatureSelector(**fast_params, max_features=3).fit(X, y)
    fitted.set_params(max_features=3)
    assert fitted.max_features_ == 3 and fitted.selection_rule_ == "count"
    np.testing.assert_array_equal(fitted.get_support(), fresh.get_support())
    fitted.set_params(max_features=None)
    assert fitted.max_features_ is None and fitted.selection_rule_ != "count"
    fitted.set_params(max_features=X.shape[1] + 1)
    with pytest.raises(ValueError, match="exceeds the number of features"):
        fitted.get_support()


def test_threshold_can_change_after_fit_without_refitting(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    net, fi = selector.net_, selector.feature_importances_.copy()
    default_support = selector.get_support()

    selector.set_params(threshold=-1.0)
    assert selector.get_support().all()
    selector.set_params(threshold="median")
    np.testing.assert_array_equal(selector.get_support(), fi >= np.median(fi))
    selector.set_params(threshold=2.0)
    assert not selector.get_support().any()
    selector.set_params(threshold="auto")
    np.testing.assert_array_equal(selector.get_support(), default_support)
    selector.set_params(threshold=None)  # "mean"
    np.testing.assert_array_equal(selector.get_support(), fi >= fi.mean())

    assert selector.net_ is net
    np.testing.assert_array_equal(selector.feature_importances_, fi)


def test_bad_threshold_set_after_fit_fails_at_selection(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    selector.set_params(threshold="2*maximum")
    with pytest.raises(ValueError, match="is not understood"):
        selector.transform(X)


# ------------------------------------------------- validation and stopping
def test_early_stopping_ends_training_before_max_epochs(multiclass_data, fast_params):
    X, y = multiclass_data
    n_estimators = fast_params["n_estimators"]
    selector = DeepFeatureSelector(
        **{**fast_params, "patience": 2, "max_epochs": 200}
    ).fit(X, y)
    assert selector.n_iter_ < 200
    history = selector.net_.history
    assert len(history) == selector.n_iter_

    curves = np.array(history[:, "valid_member_loss"])
    assert curves.shape == (selector.n_iter_, n_estimators)
    n_active = history[:, "n_active"]
    assert n_active[0] <= n_estimators
    assert all(a >= b for a, b in zip(n_active, n_active[1:]))
    assert n_active[-1] == 0  # stopped because every member ran out of patience

    # each member's score is its best recorded validation loss...
    scores = selector.member_scores_
    assert np.all(np.isfinite(scores))
    # (a member that left the module that computes is not scored afterwards)
    assert np.all(scores >= np.nanmin(curves, axis=0) - 1e-7)
    assert all(np.any(np.isclose(curves[:, e], scores[e])) for e in range(n_estimators))


def test_members_are_restored_to_their_best_epoch(multiclass_data, fast_params):
    """After early stopping, re-scoring each member on its own validation rows
    gives back ``member_scores_``."""
    X, y = multiclass_data
    selector = DeepFeatureSelector(
        **{**fast_params, "patience": 2, "max_epochs": 200}
    ).fit(X, y)
    net = selector.net_
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    codes = np.searchsorted(selector.classes_, y).astype(np.int64)
    valid = MemberData(Xs, codes, net.train_split.valid_index)
    rescored = net.member_losses(net.get_iterator(valid)).numpy()
    np.testing.assert_allclose(rescored, selector.member_scores_, rtol=1e-5)


def test_without_validation_rows_members_are_scored_on_training_rows(
    binary_data, fast_params
):
    X, y = binary_data
    selector = DeepFeatureSelector(
        **{**fast_params, "validation_fraction": 0.0, "patience": None}
    ).fit(X, y)
    assert selector.n_iter_ == fast_params["max_epochs"]
    assert np.all(np.isfinite(selector.member_scores_))
    assert np.all(np.isfinite(selector.member_baseline_scores_))
    assert "valid_member_loss" not in selector.net_.history[-1]
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)


def test_early_stopping_without_validation_rows_is_rejected(
    binary_data, fast_params, no_training
):
    X, y = binary_data
    selector = DeepFeatureSelector(
        **{**fast_params, "validation_fraction": 0.0, "patience": 3}
    )
    with pytest.raises(ValueError, match="patience"):
        selector.fit(X, y)


def test_bootstrap(pair_data, fast_params, monkeypatch):
    X, y, relevant = pair_data
    splits = []

    def recording_member_splits(*args, **kwargs):
        result = member_splits(*args, **kwargs)
        splits.append((args, result))
        return result

    monkeypatch.setattr(base_module, "member_splits", recording_member_splits)
    # "mean": with 4 members the path's quarter vote is one member's
    params = dict(fast_params, threshold="mean")
    boot = DeepFeatureSelector(**params, bootstrap=True).fit(X, y)
    plain = DeepFeatureSelector(**params).fit(X, y)
    (boot_args, (boot_train, boot_valid)), (_, (train, valid)) = splits
    assert boot_args[3] is True  # bootstrap reached the splitter
    # Same members' validation rows; each member's training rows are a
    # resample, with repeats, of its non-validation rows, of the same size.
    np.testing.assert_array_equal(boot_valid, valid)
    assert boot_train.shape == train.shape
    for e in range(fast_params["n_estimators"]):
        assert len(np.unique(boot_train[e])) < len(boot_train[e])
        assert set(boot_train[e]) <= set(train[e])
        assert not set(boot_train[e]) & set(boot_valid[e])
        # About 1 - 1/e of the distinct rows are drawn.
        assert 0.5 < len(np.unique(boot_train[e])) / len(train[e]) < 0.75
    np.testing.assert_allclose(boot.importances_.sum(axis=1), 1.0)
    assert np.all(np.isfinite(boot.member_scores_))
    assert not np.array_equal(boot.importances_, plain.importances_)
    # Members trained on resamples still rank the pair on top (in all four
    # here; one member of four may miss on other seeds).
    assert members_with_the_pair_on_top(boot) >= 3
    fi = boot.feature_importances_
    assert fi[relevant].min() > 3 * np.delete(fi, relevant).max()
    np.testing.assert_array_equal(np.flatnonzero(boot.get_support()), relevant)


@pytest.mark.parametrize(
    "options",
    [
        dict(dropout=0.2),
        dict(noise_std=0.1),
        dict(activation="gelu"),
        dict(activation="tanh"),
        dict(dropout=0.2, noise_std=0.1, activation="gelu", gate_l2=0.01),
    ],
    ids=["dropout", "noise", "gelu", "tanh", "all"],
)
def test_dropout_noise_and_activation_options_train(pair_data, fast_params, options):
    X, y, relevant = pair_data
    # Eight members for ten epochs: with four members for five, the path's
    # quarter vote is one member, and one member keeping a noise column
    # (mean share 0.01) at its path level selected it (input noise; with
    # eight for five epochs, two of them under dropout), once the square
    # rows started at zero. Before, one of eight kept such a column.
    params = {**fast_params, "hidden_layer_sizes": (8, 8), "n_estimators": 8}
    params["max_epochs"] = 10
    selector = DeepFeatureSelector(**params, **options).fit(X, y)
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)
    # With every option the pair ranks on top in the ensemble (and in at
    # least six of the eight members) and is what is selected.
    assert members_with_the_pair_on_top(selector) >= 6
    fi = selector.feature_importances_
    assert fi[relevant].min() > 3 * np.delete(fi, relevant).max()
    np.testing.assert_array_equal(np.flatnonzero(selector.get_support()), relevant)


# -------------------------------------------------- members that learned
@pytest.fixture(scope="module")
def pure_noise():
    """Labels unrelated to the features: one short epoch learns nothing."""
    rng = np.random.RandomState(0)
    return rng.standard_normal((60, 4)), rng.randint(0, 2, 60)


NOTHING_LEARNED = dict(
    # Linear members: a square term can beat the constant on noise by chance
    # in one epoch (whether one does is a matter of the seed).
    input_basis="linear",
    n_estimators=2,
    hidden_layer_sizes=(4,),
    max_epochs=1,
    patience=None,
    random_state=0,
    device="cpu",
)


def test_when_no_member_learns_a_warning_is_issued_and_all_are_used(pure_noise):
    X, y = pure_noise
    with pytest.warns(NoLearningWarning, match="no member beat a constant"):
        selector = DeepFeatureSelector(**NOTHING_LEARNED).fit(X, y)
    assert not np.any(selector.member_scores_ < selector.member_baseline_scores_)
    assert selector.members_used_.all()
    np.testing.assert_allclose(
        selector.feature_importances_, selector.importances_.mean(axis=0)
    )


def test_no_learning_warning_points_at_the_caller_of_fit(pure_noise):
    X, y = pure_noise
    with pytest.warns(NoLearningWarning) as record:
        DeepFeatureSelector(**NOTHING_LEARNED).fit(X, y)
    assert record[0].filename == __file__


def test_without_validation_rows_every_member_is_used(pure_noise):
    X, y = pure_noise
    selector = DeepFeatureSelector(
        n_estimators=8,
        hidden_layer_sizes=(16,),
        max_epochs=1,
        patience=None,
        validation_fraction=0.0,
        random_state=0,
        device="cpu",
    ).fit(X, y)
    assert selector.members_used_.all()


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_refit_on_a_regression_target_drops_classes(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    assert hasattr(selector, "classes_")
    selector.fit(X, X[:, 0] + X[:, 1])
    assert selector.task_ == "regression"
    assert not hasattr(selector, "classes_")


# ------------------------------------------------------------------ misc
def test_verbose_1_shows_a_progress_bar(binary_data, fast_params, capsys):
    pytest.importorskip("tqdm")
    X, y = binary_data
    DeepFeatureSelector(**fast_params, verbose=1).fit(X, y)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "training" in captured.err and "active=" in captured.err
    assert f"{fast_params['max_epochs']}/{fast_params['max_epochs']}" in captured.err


def test_verbose_2_prints_one_line_per_epoch(binary_data, fast_params, capsys):
    X, y = binary_data
    DeepFeatureSelector(**fast_params, verbose=2).fit(X, y)
    out = capsys.readouterr().out
    assert "n_active" in out and "valid_loss" in out
    assert "valid_member_loss" not in out
    epoch_rows = [line for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert len(epoch_rows) == fast_params["max_epochs"]


def test_silent_by_default(binary_data, fast_params, capsys):
    X, y = binary_data
    DeepFeatureSelector(**fast_params).fit(X, y)
    assert capsys.readouterr().out == ""


def test_auto_device_picks_cuda_only_when_available(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**{**fast_params, "device": "auto"}).fit(X, y)
    assert selector.device_ == ("cuda" if torch.cuda.is_available() else "cpu")


# ------------------------------------------------------------ ground truth
@pytest.mark.slow
@pytest.mark.parametrize("random_state", [0, 1])
def test_default_settings_find_the_xor_pair(xor_data, random_state):
    X, y, relevant = xor_data
    selector = DeepFeatureSelector(random_state=random_state, device="cpu").fit(X, y)
    fi = selector.feature_importances_
    assert set(np.argsort(fi)[-2:]) == set(relevant)
    selected = set(np.flatnonzero(selector.get_support()))
    assert selected >= set(relevant)
    assert len(selected) <= len(relevant) + 2


@pytest.mark.slow
@pytest.mark.parametrize("random_state", [0, 1])
def test_default_settings_rank_the_friedman_features(friedman_data, random_state):
    X, y, relevant = friedman_data
    selector = DeepFeatureSelector(random_state=random_state, device="cpu").fit(X, y)
    fi = selector.feature_importances_
    is_relevant = np.isin(np.arange(X.shape[1]), relevant)
    assert roc_auc_score(is_relevant, fi) >= 0.9
    ranking = np.argsort(fi)[::-1]
    assert set(ranking[:4]) <= set(relevant)
    assert len(set(ranking[:5]) & set(relevant)) >= 4


# -------------------------------------------------------- input validation
@pytest.fixture
def no_training(monkeypatch):
    """Make any attempt to train fail loudly: errors must come first."""

    def fail(self, *args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(EnsembleNet, "fit", fail)


@pytest.fixture(scope="module")
def small_data():
    rng = np.random.RandomState(0)
    return rng.standard_normal((40, 5)), np.arange(40) % 2


def _with(X, row, col, value):
    X = X.astype(float)
    X[row, col] = value
    return X


BAD_DATA = {
    "inf in X": (
        lambda X, y: (_with(X, 3, 1, np.inf), y),
        ValueError,
        "Input X contains infinity",
    ),
    "-inf in X": (
        lambda X, y: (_with(X, 0, 0, -np.inf), y),
        ValueError,
        "Input X contains infinity",
    ),
    "empty X": (lambda X, y: (X[:0], y[:0]), ValueError, "0 sample"),
    "one sample": (lambda X, y: (X[:1], y[:1]), ValueError, "1 sample"),
    "one class": (lambda X, y: (X, np.zeros_like(y)), ValueError, "only 1 class"),
    # NaN and text in X are encoded (skdfs.tabular): tests/test_tabular.py
    "complex X": (lambda X, y: (X + 1j, y), ValueError, "Complex data not supported"),
    "sparse X": (
        lambda X, y: (sp.csr_matrix(X), y),
        TypeError,
        "Sparse data was passed",
    ),
    "3-D X": (lambda X, y: (X[:, :, None], y), ValueError, "dim 3"),
    "1-D X": (lambda X, y: (X[:, 0], y), ValueError, "Expected 2D array"),
    "y too short": (
        lambda X, y: (X, y[:-5]),
        ValueError,
        "inconsistent numbers of samples",
    ),
    "y is None": (lambda X, y: (X, None), ValueError, "requires y to be passed"),
    "nan in y": (
        lambda X, y: (X, np.where(np.arange(len(y)) == 0, np.nan, y)),
        ValueError,
        "Input y contains NaN",
    ),
    "multiclass-multioutput y": (
        lambda X, y: (X, np.column_stack([y, np.arange(len(y)) % 3])),
        ValueError,
        "unsupported target type 'multiclass-multioutput'",
    ),
    "constant real y": (
        lambda X, y: (X, np.full(len(y), 2.5)),
        ValueError,
        "y is constant",
    ),
}


@pytest.mark.parametrize("make_bad", list(BAD_DATA.values()), ids=list(BAD_DATA))
def test_bad_data_is_rejected_before_training(
    small_data, fast_params, no_training, make_bad
):
    corrupt, error, match = make_bad
    X, y = corrupt(*small_data)
    with pytest.raises(error, match=match):
        DeepFeatureSelector(**fast_params).fit(X, y)


def test_error_messages_name_the_offending_value(small_data, fast_params):
    X, y = small_data
    with pytest.raises(ValueError, match=r"only 1 class .*needs at least two"):
        DeepFeatureSelector(**fast_params).fit(X, np.full(len(y), "a"))


RNG = np.random.RandomState(1)
CONTINUOUS = RNG.standard_normal(40)
STRING_LABELS = np.array(["a", "b"] * 20)

BAD_TARGET_FOR_PARAMS = {
    "squared_error with class labels": (
        {"loss": "squared_error"},
        None,
        "is for regression targets",
    ),
    "cross_entropy with continuous y": (
        {"loss": "cross_entropy"},
        CONTINUOUS,
        "is for class labels",
    ),
    "soft_f1 with continuous y": (
        {"loss": "soft_f1"},
        CONTINUOUS,
        "is for class labels",
    ),
    "classification of continuous y": (
        {"task": "classification"},
        CONTINUOUS,
        "holds continuous values",
    ),
    "regression of string labels": (
        {"task": "regression"},
        STRING_LABELS,
        "needs numeric y",
    ),
    "constant y as regression": (
        {"task": "regression"},
        np.ones(40),
        "y is constant",
    ),
    "multilabel with 1-D y": (
        {"task": "multilabel"},
        None,
        "needs a 2-D 0/1 indicator matrix",
    ),
    "multilabel with cross_entropy": (
        {"loss": "cross_entropy"},
        np.column_stack([np.arange(40) % 2, np.arange(40) // 20]),
        "does not apply to multilabel",
    ),
}


@pytest.mark.parametrize(
    "params, target, match",
    list(BAD_TARGET_FOR_PARAMS.values()),
    ids=list(BAD_TARGET_FOR_PARAMS),
)
def test_target_must_fit_task_and_loss(
    small_data, fast_params, no_training, params, target, match
):
    X, y = small_data
    y = y if target is None else target
    with pytest.raises(ValueError, match=match):
        DeepFeatureSelector(**fast_params, **params).fit(X, y)


BAD_PARAMS = {
    "n_estimators=0": ({"n_estimators": 0}, "'n_estimators' parameter"),
    "n_estimators=2.0": ({"n_estimators": 2.0}, "'n_estimators' parameter"),
    "n_jobs=1.5": ({"n_jobs": 1.5}, "'n_jobs' parameter"),
    "lr=-1": ({"lr": -1}, "'lr' parameter"),
    "lr=0": ({"lr": 0}, "'lr' parameter"),
    "dropout=1.0": ({"dropout": 1.0}, "'dropout' parameter"),
    "batch_size=0": ({"batch_size": 0}, "'batch_size' parameter"),
    "max_epochs=0": ({"max_epochs": 0}, "'max_epochs' parameter"),
    "max_steps=0": ({"max_steps": 0}, "'max_steps' parameter"),
    "patience=0": ({"patience": 0}, "'patience' parameter"),
    "validation_fraction=1.0": (
        {"validation_fraction": 1.0},
        "'validation_fraction' parameter",
    ),
    "validation_fraction=-0.1": (
        {"validation_fraction": -0.1},
        "'validation_fraction' parameter",
    ),
    "gate_lr_scale=0": ({"gate_lr_scale": 0}, "'gate_lr_scale' parameter"),
    "importance_power=0": ({"importance_power": 0}, "'importance_power' parameter"),
    "importance_power=-1": (
        {"importance_power": -1},
        "'importance_power' parameter",
    ),
    "activation='nope'": ({"activation": "nope"}, "'activation' parameter"),
    "loss='nope'": ({"loss": "nope"}, "'loss' parameter"),
    "task='nope'": ({"task": "nope"}, "'task' parameter"),
    "threshold='2*maximum'": ({"threshold": "2*maximum"}, "is not understood"),
    "threshold='abc*mean'": ({"threshold": "abc*mean"}, "factor before '\\*'"),
    "threshold='mean*2'": ({"threshold": "mean*2"}, "factor before '\\*'"),
    "threshold=nan": ({"threshold": np.nan}, "'threshold' parameter"),
    "hidden_layer_sizes=(0,)": ({"hidden_layer_sizes": (0,)}, "positive integers"),
    "hidden_layer_sizes=(8, -1)": (
        {"hidden_layer_sizes": (8, -1)},
        "positive integers",
    ),
    "hidden_layer_sizes=(2.5,)": ({"hidden_layer_sizes": (2.5,)}, "positive integers"),
    "hidden_layer_sizes=0": ({"hidden_layer_sizes": 0}, "'hidden_layer_sizes'"),
    "hidden_layer_sizes='abc'": ({"hidden_layer_sizes": "abc"}, "'hidden_layer_sizes'"),
    "device='tpu'": ({"device": "tpu"}, "device='tpu' is not a torch device"),
    "device='meta'": ({"device": "meta"}, "only 'cpu' and 'cuda' are supported"),
    "max_features=100": (
        {"max_features": 100},
        r"max_features=100 exceeds the number of features \(5\)",
    ),
    "max_features=-1": ({"max_features": -1}, "'max_features' parameter"),
    "max_features callable too large": (
        {"max_features": lambda X: 100},
        "exceeds the number of features",
    ),
    "max_features callable negative": (
        {"max_features": lambda X: -1},
        "must return a non-negative int",
    ),
    "max_features callable float": (
        {"max_features": lambda X: 2.0},
        "must return a non-negative int",
    ),
}


@pytest.mark.parametrize(
    "params, match", list(BAD_PARAMS.values()), ids=list(BAD_PARAMS)
)
def test_invalid_parameters_are_rejected_before_training(
    small_data, fast_params, no_training, params, match
):
    X, y = small_data
    with pytest.raises(ValueError, match=match):
        DeepFeatureSelector(**{**fast_params, **params}).fit(X, y)


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_cuda_request_without_cuda_is_rejected(small_data, fast_params, no_training):
    X, y = small_data
    with pytest.raises(ValueError, match="CUDA is unavailable"):
        DeepFeatureSelector(**{**fast_params, "device": "cuda"}).fit(X, y)


def test_transform_before_fit_raises_not_fitted(small_data):
    X, _ = small_data
    selector = DeepFeatureSelector()
    with pytest.raises(NotFittedError):
        selector.transform(X)
    with pytest.raises(NotFittedError):
        selector.get_support()
    with pytest.raises(NotFittedError):
        selector.threshold_  # noqa: B018


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
@pytest.mark.filterwarnings("ignore::skdfs.NoLearningWarning")  # labels are noise
def test_transform_checks_the_number_of_features(small_data, fast_params):
    X, y = small_data
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    with pytest.raises(ValueError, match="X has 4 features, but DeepFeatureSelector"):
        selector.transform(X[:, :4])
    # Missing values are allowed (the allow_nan tag): they pass through.
    Xt = selector.transform(_with(X, 0, 0, np.nan))
    assert Xt.shape == (len(X), selector.get_support().sum())
