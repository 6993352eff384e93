"""TeacherStudentSelector: estimator checks, ground truth, errors."""

import numpy as np
import pytest
import torch
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA, TruncatedSVD
from sklearn.manifold import Isomap
from sklearn.metrics import adjusted_rand_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils.estimator_checks import parametrize_with_checks

from skdfs import ColumnWarning
from skdfs.unsupervised import StudentNet, TeacherStudentSelector, student_scores

CHECKS = dict(
    n_estimators=2,
    hidden_layer_sizes=(8,),
    max_epochs=3,
    patience=None,
    random_state=0,
    device="cpu",
    n_components=1,
)
# Small, quick settings for the tests that train on a few hundred rows.
QUICK = dict(n_estimators=8, hidden_layer_sizes=(32,), random_state=0, device="cpu")


# The students now report whether they beat a constant predictor, as the
# supervised members do; three epochs on the checks' random data may not.
@pytest.mark.filterwarnings("ignore::skdfs.NoLearningWarning")
@parametrize_with_checks([TeacherStudentSelector(**CHECKS)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


# --------------------------------------------------------------------- data
def _embed(rng, signal, n_features):
    X = rng.standard_normal((len(signal), n_features))
    relevant = np.sort(rng.choice(n_features, signal.shape[1], replace=False))
    X[:, relevant] = signal
    return X, relevant


@pytest.fixture(scope="module")
def cluster_data():
    """600 x 50: three unit-spread clusters at +-4 corners of 3 random columns
    (each column separates some clusters), 47 N(0, 1) noise columns.

    Returns ``(X, labels, relevant)``.
    """
    rng = np.random.RandomState(0)
    centres = np.array([[4.0, -4.0, 4.0], [-4.0, 4.0, 4.0], [4.0, 4.0, -4.0]])
    labels = rng.randint(3, size=600)
    signal = centres[labels] + rng.standard_normal((600, 3))
    X, relevant = _embed(rng, signal, 50)
    return X, labels, relevant


@pytest.fixture(scope="module")
def helix_data():
    """600 x 50: two turns of a helix of radius 3 in 3 random columns."""
    rng = np.random.RandomState(1)
    t = rng.uniform(0, 4 * np.pi, 600)
    signal = 3 * np.column_stack([np.cos(t), np.sin(t), (t - t.mean()) / t.std()])
    signal += 0.1 * rng.standard_normal(signal.shape)
    return _embed(rng, signal, 50)


@pytest.fixture(scope="module")
def small_data():
    """200 x 8 with two clustered columns (0 and 1)."""
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, 8))
    X[:, :2] += 4 * rng.choice([-1.0, 1.0], size=(200, 1))
    return X


def _top(selector, k):
    return np.sort(np.argsort(-selector.feature_importances_, kind="mergesort")[:k])


# ------------------------------------------------------------- ground truth
@pytest.mark.parametrize("importance, margin", [("row_norm", 4.0), ("gate", 1.5)])
def test_cluster_columns_rank_on_top(cluster_data, importance, margin):
    X, _, relevant = cluster_data
    selector = TeacherStudentSelector(importance=importance, **QUICK).fit(X)
    np.testing.assert_array_equal(_top(selector, 3), relevant)
    # With a clear margin: PCA on standardised data mixes some noise into its
    # components (the cluster directions' variance, 1.7, is close to the
    # noise's largest, 1.6), so the noise columns' shares are small, not zero.
    # The row norms separate the two groups more widely than the gates.
    noise = np.delete(selector.feature_importances_, relevant)
    assert selector.feature_importances_[relevant].min() > margin * noise.max()


@pytest.mark.parametrize("importance", ["row_norm", "gate"])
def test_manifold_columns_rank_on_top_with_isomap_teacher(helix_data, importance):
    X, relevant = helix_data
    selector = TeacherStudentSelector(
        teacher=Isomap(n_components=2, n_neighbors=10), importance=importance, **QUICK
    ).fit(X)
    assert selector.code_dim_ == 2
    np.testing.assert_array_equal(_top(selector, 3), relevant)


def test_pipeline_before_kmeans_recovers_the_clusters(cluster_data):
    X, labels, relevant = cluster_data
    model = Pipeline(
        [
            ("select", TeacherStudentSelector(max_features=3, **QUICK)),
            ("cluster", KMeans(n_clusters=3, n_init=4, random_state=0)),
        ]
    ).fit(X)
    np.testing.assert_array_equal(np.flatnonzero(model[0].get_support()), relevant)
    assert adjusted_rand_score(labels, model.predict(X)) > 0.95
    assert model[0].transform(X).shape == (600, 3)


# --------------------------------------------------------------- behaviour
def test_fitted_attributes(small_data):
    selector = TeacherStudentSelector(n_components=2, **QUICK).fit(small_data)
    E, d = QUICK["n_estimators"], small_data.shape[1]
    assert selector.importances_.shape == (E, d)
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)
    np.testing.assert_allclose(
        selector.feature_importances_, selector.importances_.mean(axis=0)
    )
    np.testing.assert_allclose(
        selector.feature_importances_std_, selector.importances_.std(axis=0)
    )
    assert selector.member_scores_.shape == (E,)
    assert (selector.member_scores_ < 0.5).all()  # every student beat a constant
    assert selector.code_dim_ == 2
    assert selector.n_features_in_ == d
    assert 1 <= selector.n_iter_ and selector.n_steps_ <= 2 * selector.max_steps
    assert selector.teacher_.transform(small_data).shape == (200, 2)
    assert selector.net_.module_.first_layer_weight().shape == (E, d, 32)
    np.testing.assert_allclose(selector.scaler_mean_, small_data.mean(axis=0))


def test_row_norm_is_squared_norm_of_the_gated_first_layer_row(small_data):
    selector = TeacherStudentSelector(n_components=1, **QUICK).fit(small_data)
    module = selector.net_.module_
    gates = module.gate.gate_values().numpy()
    rows = (module.first_layer_weight().detach().numpy() ** 2).sum(-1)
    raw = gates**2 * rows
    np.testing.assert_allclose(
        selector.importances_, raw / raw.sum(1, keepdims=True), rtol=1e-5
    )
    np.testing.assert_allclose(student_scores(module, "gate"), gates)
    with pytest.raises(ValueError, match="importance must be one of"):
        student_scores(module, "bad")


def test_same_random_state_same_importances(small_data):
    params = dict(QUICK, n_components=2, max_epochs=20)
    a = TeacherStudentSelector(**params).fit(small_data)
    b = TeacherStudentSelector(**params).fit(small_data)
    np.testing.assert_array_equal(a.importances_, b.importances_)
    c = TeacherStudentSelector(**dict(params, random_state=1)).fit(small_data)
    assert not np.array_equal(a.importances_, c.importances_)


def test_y_is_ignored(small_data):
    params = dict(QUICK, n_components=1, max_epochs=10)
    a = TeacherStudentSelector(**params).fit(small_data)
    b = TeacherStudentSelector(**params).fit(small_data, np.arange(200))
    np.testing.assert_array_equal(a.importances_, b.importances_)


def test_custom_teachers(small_data):
    # A function as the teacher: the code is the first two columns' product.
    teacher = FunctionTransformer(lambda X: X[:, :1] * X[:, 1:2])
    selector = TeacherStudentSelector(teacher=teacher, max_epochs=40, **QUICK)
    selector.fit(small_data)
    assert selector.code_dim_ == 1
    np.testing.assert_array_equal(_top(selector, 2), [0, 1])
    # A teacher is cloned, and its unset random_state is drawn from ours.
    svd = TruncatedSVD(n_components=2)
    fitted = TeacherStudentSelector(teacher=svd, max_epochs=2, **QUICK)
    fitted.fit(small_data)
    assert svd.random_state is None and not hasattr(svd, "components_")
    assert isinstance(fitted.teacher_.random_state, int)
    assert fitted.teacher_ is not svd
    # The default teacher standardises, then projects.
    default = TeacherStudentSelector(max_epochs=2, **QUICK).fit(small_data)
    assert isinstance(default.teacher_, Pipeline)
    assert default.teacher_[-1].n_components == 3


def test_default_teacher_caps_n_components_at_the_data():
    X = np.random.RandomState(0).standard_normal((30, 2))
    selector = TeacherStudentSelector(n_components=5, max_epochs=2, **QUICK).fit(X)
    assert selector.code_dim_ == 2


def test_threshold_and_max_features(small_data):
    selector = TeacherStudentSelector(n_components=1, **QUICK).fit(small_data)
    assert selector.threshold_ == pytest.approx(1 / 8)
    # The threshold is read at transform time: no refit needed.
    selector.set_params(threshold="median")
    median = np.median(selector.feature_importances_)
    np.testing.assert_array_equal(
        selector.get_support(), selector.feature_importances_ >= median
    )
    selector.set_params(threshold=None, max_features=1).fit(small_data)
    assert selector.transform(small_data).shape == (200, 1)
    assert selector.threshold_ == -np.inf


def test_clone_keeps_parameters_verbatim():
    teacher = PCA(2)
    selector = TeacherStudentSelector(teacher=teacher, hidden_layer_sizes=[4])
    params = clone(selector).get_params(deep=False)
    assert params["hidden_layer_sizes"] == [4]
    assert isinstance(params["teacher"], PCA) and params["teacher"].n_components == 2


# ------------------------------------------------------------------- errors
@pytest.mark.parametrize(
    "params, error, match",
    [
        (dict(n_components=0), ValueError, "n_components"),
        (dict(importance="variance"), ValueError, "importance"),
        (dict(teacher="pca"), ValueError, "teacher"),
        (dict(group_lasso=-1.0), ValueError, "group_lasso"),
        (dict(hidden_layer_sizes=(8, 0)), ValueError, "positive integers"),
        (dict(validation_fraction=0.0), ValueError, "set patience=None"),
        (dict(threshold="mode"), ValueError, "not understood"),
        (dict(max_features=9), ValueError, "exceeds the number of features"),
        (dict(device="tpu"), ValueError, "torch device"),
    ],
)
def test_invalid_parameters_fail_before_training(small_data, params, error, match):
    selector = TeacherStudentSelector(**params)
    with pytest.raises(error, match=match):
        selector.fit(small_data)
    assert not hasattr(selector, "net_") and not hasattr(selector, "teacher_")


@pytest.mark.parametrize(
    "X, match",
    [
        (np.array([[1.0, np.nan], [2.0, 3.0], [0.0, 1.0]]), "NaN"),
        (np.ones((1, 4)), "minimum of 2 is required"),
        (np.ones(5), "2D array"),
    ],
)
def test_bad_input_fails_before_training(X, match):
    selector = TeacherStudentSelector()
    with pytest.raises(ValueError, match=match):
        selector.fit(X)
    assert not hasattr(selector, "net_")


def test_wrong_feature_count_at_transform(small_data):
    selector = TeacherStudentSelector(n_components=1, max_epochs=2, **QUICK)
    selector.fit(small_data)
    with pytest.raises(ValueError, match="X has 7 features"):
        selector.transform(small_data[:, :7])


@pytest.mark.parametrize(
    "func, match",
    [
        (lambda X: np.full((len(X), 1), np.nan), "NaN or infinite"),
        (lambda X: X[:5], "code of shape"),
    ],
)
def test_bad_teacher_code_fails_before_training(small_data, func, match):
    selector = TeacherStudentSelector(teacher=FunctionTransformer(func))
    with pytest.raises(ValueError, match=match):
        selector.fit(small_data)
    assert not hasattr(selector, "net_")


# ---------------------------------------------------------------- the net
def test_group_lasso_penalty_is_the_l21_norm_of_gated_rows(small_data):
    selector = TeacherStudentSelector(
        n_components=1, group_lasso=0.5, max_epochs=2, **QUICK
    ).fit(small_data)
    net = selector.net_
    assert isinstance(net, StudentNet)
    module = net.module_
    W = module.first_layer_weight().detach()
    g = module.gate.weight.detach()
    expected = 0.5 * (g.abs() * W.norm(dim=2)).sum(dim=1)
    torch.testing.assert_close(net.group_lasso_penalty().detach(), expected)
    # Only the training loss carries the penalty.
    Xs = torch.zeros(QUICK["n_estimators"], 4, 8)
    y = torch.zeros(QUICK["n_estimators"], 4, 1)
    out = module(Xs)
    plain = net.get_loss(out, y, training=False)
    trained = net.get_loss(out, y, training=True)
    torch.testing.assert_close(trained - plain, expected.sum(), rtol=1e-4, atol=1e-5)


def test_a_row_number_is_named_before_fitting():
    X = np.c_[np.random.RandomState(0).standard_normal((60, 3)), np.arange(60.0)]
    with pytest.warns(ColumnWarning, match="column 'x3' holds distinct whole numbers"):
        TeacherStudentSelector(**QUICK).fit(X)


def test_a_frame_with_text_or_categories_is_refused_by_name():
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {
            "colour": pd.Categorical(rng.choice(["red", "blue"], 50)),
            "num": rng.standard_normal(50),
            "flag": rng.random(50) < 0.5,
        }
    )
    with pytest.raises(ValueError, match=r"1 hold text.*\('colour'\).*TableEncoder"):
        TeacherStudentSelector().fit(X)
