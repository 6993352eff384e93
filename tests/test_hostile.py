"""Hostile inputs: every one gets a correct result or a clear error before training.

For each odd input the selectors either fit (finite importances of the right
shape, the caller's data untouched) or raise a ``ValueError``/``TypeError`` that
names the problem, before any network is trained (``no_training``).
"""

import copy
import re
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from skdfs import (
    DeepFeatureSelector,
    LowSignalWarning,
    NoLearningWarning,
    TeacherStudentSelector,
)
from skdfs._inputs import standardise
from skdfs.training import EnsembleNet

# Tiny fits cannot always beat a constant predictor; that warning (and the
# low-signal one) is expected throughout this file (a DivergenceWarning, say,
# still fails the test).
pytestmark = [
    pytest.mark.filterwarnings("ignore::skdfs.NoLearningWarning"),
    pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning"),
    # The default teacher's PCA on all-constant data: 0 / 0 explained variance.
    pytest.mark.filterwarnings(
        "ignore:invalid value encountered in divide:RuntimeWarning:sklearn"
    ),
]

TINY = dict(
    n_estimators=2,
    hidden_layer_sizes=(8,),
    max_epochs=2,
    patience=None,
    batch_size=16,
    random_state=0,
    device="cpu",
)
# Enough to find one strongly relevant feature among five (about 0.1 s).
LEARN = dict(TINY, n_estimators=4, max_epochs=5, batch_size=32, lr=1e-2)
# The same without the gate path, for comparisons to float32 rounding: the
# path's fresh Adam grows the last bits in which a float32 and a float64 copy
# of the data differ to a few thousandths of an importance (seen: 0.007 on an
# AVX-512 machine, with the predictive fits' gates within 6e-8).
LEARN_FIT = dict(LEARN, threshold="mean")

HYPOTHESIS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


def dfs(**params):
    return DeepFeatureSelector(**{**TINY, **params})


def tss(**params):
    return TeacherStudentSelector(**{**TINY, **params})


# ----------------------------------------------------------------- helpers
@pytest.fixture
def no_training(monkeypatch):
    """Make any attempt to train fail loudly: errors must come first."""

    def fail(self, *args, **kwargs):
        raise AssertionError("training started")

    monkeypatch.setattr(EnsembleNet, "fit", fail)


def _snapshot(data):
    if data is None:
        return None
    if sp.issparse(data):
        return data.copy()
    return copy.deepcopy(data)


def _same(a, b):
    if a is b or type(a) is not type(b):
        return a is b
    try:
        return bool(a == b) or bool(a != a and b != b)  # NaN
    except TypeError:  # pd.NA
        return False


def assert_unchanged(before, after):
    """``after`` (what the caller passed) still equals the snapshot ``before``."""
    if before is None:
        assert after is None
    elif isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(after, before)
    elif isinstance(before, pd.Series):
        pd.testing.assert_series_equal(after, before)
    elif sp.issparse(before):
        assert (after != before).nnz == 0
    elif isinstance(before, np.ndarray):
        assert after.dtype == before.dtype and after.shape == before.shape
        if before.dtype.kind in "fc":
            np.testing.assert_array_equal(after, before)  # NaN equal to NaN
        elif before.dtype == object:  # may hold NaN, None, pd.NA
            assert all(map(_same, after.ravel(), before.ravel()))
        else:
            assert (after == before).all()
    else:
        assert after == before


def fit_safely(selector, X, y=None):
    """Fit; check the fitted state and that the inputs were not modified."""
    X_before, y_before = _snapshot(X), _snapshot(y)
    selector.fit(X, y)
    assert_unchanged(X_before, X)
    assert_unchanged(y_before, y)
    n_features = np.shape(X)[1]
    fi = selector.feature_importances_
    assert fi.shape == (n_features,)
    assert np.isfinite(fi).all(), fi
    assert np.isfinite(selector.feature_importances_std_).all()
    assert np.isfinite(selector.importances_).all()
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0)
    assert selector.importances_.shape == (selector.n_estimators, n_features)
    assert np.isfinite(selector.scaler_mean_).all()
    assert (np.isfinite(selector.scaler_scale_) & (selector.scaler_scale_ > 0)).all()
    assert selector.n_features_in_ == n_features
    Xt = selector.transform(X)
    assert Xt.shape == (np.shape(X)[0], selector.get_support().sum())
    assert_unchanged(X_before, X)
    return selector


def fails_before_training(make_selector, X, y, error, match):
    """The fit raises ``error`` matching ``match`` and leaves the inputs alone.

    Call it under ``no_training``.
    """
    X_before, y_before = _snapshot(X), _snapshot(y)
    with pytest.raises(error, match=match):
        make_selector().fit(X, y)
    assert_unchanged(X_before, X)
    assert_unchanged(y_before, y)


@pytest.fixture(scope="module")
def relevant_data():
    """200 x 5 Gaussian features; the label is the sign of feature 0."""
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, 5))
    return X, (X[:, 0] > 0).astype(np.int64)


def _frame(X):
    return pd.DataFrame(X, columns=[f"f{j}" for j in range(X.shape[1])])


def _with_column(X, values, name="extra"):
    df = _frame(X)
    df[name] = values
    return df


def _object_with(X, value):
    X = X.astype(object)
    X[3, 1] = value
    return X


# ------------------------------------------- non-finite values, hypothesis
def _fail_training(self, *args, **kwargs):
    raise AssertionError("training started")


@st.composite
def poisoned(draw, one_dimensional=False):
    """A finite float array with NaN or +-inf planted in one to four cells."""
    shape = (draw(st.integers(2, 30)),)
    if not one_dimensional:
        shape += (draw(st.integers(1, 6)),)
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    elements = st.floats(-1e3, 1e3, width=np.finfo(dtype).bits)
    X = draw(hnp.arrays(dtype, shape, elements=elements))
    cells = st.tuples(*(st.integers(0, side - 1) for side in shape))
    for cell in draw(st.lists(cells, min_size=1, max_size=4)):
        X[cell] = draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    return X


# scikit-learn's finiteness check sums the array: inf + -inf warns on the way.
@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@HYPOTHESIS
@given(X=poisoned())
def test_nan_or_inf_anywhere_in_X_is_rejected_before_training(X):
    y = np.arange(len(X)) % 2
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(EnsembleNet, "fit", _fail_training)
        for make in (dfs, tss):
            if make is dfs and not np.isinf(X).any():
                continue  # NaN alone is imputed (skdfs.tabular)
            for data in (X, _frame(X)):
                fails_before_training(
                    make, data, y, ValueError, "Input X contains (NaN|infinity)"
                )


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@HYPOTHESIS
@given(
    y=poisoned(one_dimensional=True),
    task=st.sampled_from(["auto", "regression", "classification"]),
    as_column=st.booleans(),
)
def test_nan_or_inf_in_y_is_rejected_before_training(y, task, as_column):
    X = np.random.RandomState(0).standard_normal((len(y), 3))
    y = y[:, None] if as_column else y
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(EnsembleNet, "fit", _fail_training)
        for target in (y, pd.DataFrame(y) if as_column else pd.Series(y)):
            fails_before_training(
                lambda: dfs(task=task),
                X,
                target,
                ValueError,
                "Input y contains (NaN|infinity)",
            )


# ------------------------------------------ rejected inputs, a spec table
X40 = np.random.RandomState(0).standard_normal((40, 5))
Y40 = np.arange(40) % 2

BAD_X = {
    "numpy strings": (
        np.full((40, 5), "abc"),
        ValueError,
        "could not convert string to float",
    ),
    "object array with a string": (
        _object_with(X40, "abc"),
        ValueError,
        "could not convert string to float",
    ),
    "object array with None": (
        _object_with(X40, None),
        ValueError,
        "Input X contains NaN or other missing values",
    ),
    "object array with pd.NA": (
        _object_with(X40, pd.NA),
        ValueError,
        "Input X contains NaN or other missing values",
    ),
    "pandas object string column": (
        _with_column(X40, ["x", "y"] * 20),
        ValueError,
        "could not convert string to float: 'x'",
    ),
    "pandas StringDtype column": (
        _with_column(X40, pd.array(["x", "y"] * 20, dtype="string")),
        ValueError,
        "could not convert string to float: 'x'",
    ),
    "pandas StringDtype column with pd.NA": (
        _with_column(X40, pd.array(["1", None] * 20, dtype="string")),
        ValueError,
        "Input X contains NaN or other missing values",
    ),
    "pandas categorical string column": (
        _with_column(X40, pd.Categorical(["x", "y"] * 20)),
        ValueError,
        "could not convert string to float: 'x'",
    ),
    "pandas categorical column with NaN": (
        _with_column(X40, pd.Categorical([1.0, None] * 20)),
        ValueError,
        "Input X contains NaN or other missing values",
    ),
    "pandas Int64 with pd.NA": (
        _with_column(X40, pd.array([1, None] * 20, dtype="Int64")),
        ValueError,
        "Input X contains NaN",
    ),
    "pandas Float64 with pd.NA": (
        _with_column(X40, pd.array([1.5, None] * 20, dtype="Float64")),
        ValueError,
        "Input X contains NaN",
    ),
    "pandas boolean with pd.NA": (
        _with_column(X40, pd.array([True, None] * 20, dtype="boolean")),
        ValueError,
        "Input X contains NaN",
    ),
    "complex": (X40 + 1j, ValueError, "Complex data not supported"),
    "complex, zero imaginary part": (
        X40.astype(complex),
        ValueError,
        "Complex data not supported",
    ),
    "scipy csr_matrix": (
        sp.csr_matrix(X40),
        TypeError,
        r"Sparse data was passed for X.*\.toarray\(\)",
    ),
    "scipy csr_array": (
        sp.csr_array(X40),
        TypeError,
        r"Sparse data was passed for X.*\.toarray\(\)",
    ),
    "scipy coo_matrix": (
        sp.coo_matrix(X40),
        TypeError,
        r"Sparse data was passed for X.*\.toarray\(\)",
    ),
    "3-D": (X40[:, :, None], ValueError, "Found array with dim 3"),
    "1-D": (X40[:, 0], ValueError, "Expected 2D array, got 1D array"),
    "zero rows": (X40[:0], ValueError, r"0 sample\(s\)"),
    "one row": (X40[:1], ValueError, r"1 sample\(s\) .*minimum of 2"),
    "zero columns": (X40[:, :0], ValueError, r"0 feature\(s\)"),
    "column names of mixed types": (
        pd.DataFrame(X40, columns=[0, 1, "c", "d", "e"]),
        TypeError,
        "Feature names are only supported if all input features have string names",
    ),
}


def _y_for(X):
    return Y40[: X.shape[0]]


# DeepFeatureSelector encodes text, categories and missing values
# (skdfs.tabular, tests/test_tabular.py); a column of text and numbers is
# refused by name.
DFS_ACCEPTS = {
    "numpy strings",
    "object array with None",
    "object array with pd.NA",
    "pandas object string column",
    "pandas StringDtype column",
    "pandas StringDtype column with pd.NA",
    "pandas categorical string column",
    "pandas categorical column with NaN",
    "pandas Int64 with pd.NA",
    "pandas Float64 with pd.NA",
    "pandas boolean with pd.NA",
}
DFS_MATCH = {
    "object array with a string": (ValueError, "column 'x.*' mixes text .* numbers"),
}


@pytest.mark.parametrize("name", [n for n in BAD_X if n not in DFS_ACCEPTS])
def test_bad_X_is_rejected_before_training(no_training, name):
    X, error, match = BAD_X[name]
    error, match = DFS_MATCH.get(name, (error, match))
    fails_before_training(dfs, X, _y_for(X), error, match)


# TeacherStudentSelector names a frame's text and category columns itself
# (scikit-learn's conversion error names no column).
TSS_MATCH = {
    name: (ValueError, r"needs numeric columns; 1 hold text, categories or dates")
    for name in (
        "pandas object string column",
        "pandas StringDtype column",
        "pandas categorical string column",
    )
}


@pytest.mark.parametrize("name", list(BAD_X))
def test_bad_X_is_rejected_before_training_without_y(no_training, name):
    X, error, match = BAD_X[name]
    error, match = TSS_MATCH.get(name, (error, match))
    fails_before_training(tss, X, None, error, match)


def _labels(values, dtype=object):
    return np.array(values * 20, dtype=dtype)


BAD_Y = {
    "too short": (Y40[:-1], ValueError, r"inconsistent numbers of samples: \[40, 39\]"),
    "too long": (np.r_[Y40, 0], ValueError, "inconsistent numbers of samples"),
    "3-D": (Y40[:, None, None], ValueError, "Found array with dim 3"),
    "complex": (Y40 + 1j, ValueError, "Complex data not supported"),
    "NaN among floats": (
        np.where(np.arange(40) == 5, np.nan, Y40),
        ValueError,
        "Input y contains NaN",
    ),
    "None among string labels": (
        _labels(["a", None]),
        ValueError,
        "Input y contains NaN or other missing values",
    ),
    "NaN among string labels": (
        _labels(["a", np.nan]),
        ValueError,
        "Input y contains NaN or other missing values",
    ),
    "pd.NA in a string Series": (
        pd.Series(pd.array(["a", None] * 20, dtype="string")),
        ValueError,
        "Input y contains NaN or other missing values",
    ),
    "NaN in a categorical Series": (
        pd.Series(pd.Categorical(["a", None] * 20)),
        ValueError,
        "Input y contains NaN or other missing values",
    ),
    "pd.NA in an Int64 Series": (
        pd.Series(pd.array([0, None] * 20, dtype="Int64")),
        ValueError,
        "Input y contains NaN",
    ),
    "labels mixing strings and ints": (
        _labels(["a", 1]),
        TypeError,
        r"labels of mixed types \['int', 'str'\]",
    ),
    "a Series mixing strings and floats": (
        pd.Series(["a", 1.5] * 20),
        TypeError,
        r"labels of mixed types \['float', 'str'\]",
    ),
    "one class": (np.zeros(40, dtype=int), ValueError, "only 1 class"),
    "one string class": (np.full(40, "a"), ValueError, "only 1 class"),
    "multilabel, every column constant": (
        np.column_stack([np.zeros(40, int), np.ones(40, int)]),
        ValueError,
        "y is constant",
    ),
    "constant real target": (np.full(40, 0.1), ValueError, "y is constant"),
    "multiclass-multioutput": (
        np.column_stack([Y40, np.arange(40) % 3]),
        ValueError,
        "unsupported target type 'multiclass-multioutput'",
    ),
}


@pytest.mark.parametrize("y, error, match", list(BAD_Y.values()), ids=list(BAD_Y))
def test_bad_y_is_rejected_before_training(no_training, y, error, match):
    fails_before_training(dfs, X40, y, error, match)


# --------------------------------------------------- supported, odd shapes
ODD_SHAPES = {
    "two rows": (X40[:2], Y40[:2]),
    "three rows": (X40[:3], Y40[:3]),
    "fewer rows than batch_size": (X40[:10], Y40[:10]),
    "one column": (X40[:, :1], Y40),
    "duplicated columns": (np.column_stack([X40, X40]), Y40),
    "constant columns": (np.column_stack([X40, np.full(40, 0.1), np.zeros(40)]), Y40),
}


@pytest.mark.parametrize("X, y", list(ODD_SHAPES.values()), ids=list(ODD_SHAPES))
@pytest.mark.parametrize("validation_fraction", [0.2, 0.0])
def test_odd_shapes_fit(X, y, validation_fraction):
    fit_safely(dfs(validation_fraction=validation_fraction, batch_size=32), X, y)


@pytest.mark.parametrize("X, y", list(ODD_SHAPES.values()), ids=list(ODD_SHAPES))
def test_odd_shapes_fit_without_y(X, y):
    fit_safely(tss(batch_size=32), X)


@pytest.mark.parametrize("value", [0.0, 0.1, 3.0, -1e9])
@pytest.mark.parametrize("make", [dfs, tss], ids=["dfs", "tss"])
def test_all_constant_X_gives_uniform_importances(make, value):
    X = np.full((40, 4), value)
    selector = fit_safely(make(), X, None if make is tss else Y40)
    if make is dfs:  # gates of all-zero inputs move alike: an exact tie
        np.testing.assert_allclose(selector.feature_importances_, 0.25)
    np.testing.assert_array_equal(selector.scaler_scale_, 1.0)


def test_a_constant_column_is_not_mistaken_for_a_feature(relevant_data):
    """Regression: ``np.full(n, 0.1).std()`` is 2e-16, not 0; dividing by it
    turned the rounding error into an input of size ~1, whose gate then acted
    as a learned bias and was selected. Every constant now standardises to 0.
    """
    X, y = relevant_data
    results = []
    for value in (3.0, 0.1, 0.7, -1 / 3):
        Xc = np.column_stack([X, np.full(len(X), value)])
        selector = fit_safely(DeepFeatureSelector(**LEARN), Xc, y)
        assert selector.scaler_scale_[-1] == 1.0
        assert selector.scaler_mean_[-1] == value
        assert not selector.get_support()[-1]
        results.append(selector.feature_importances_)
    for fi in results[1:]:  # a constant is a constant, whatever its value
        np.testing.assert_array_equal(fi, results[0])


def test_duplicated_relevant_feature_is_still_found(relevant_data):
    X, y = relevant_data
    selector = fit_safely(
        DeepFeatureSelector(**LEARN), np.column_stack([X, X[:, 0]]), y
    )
    assert set(np.argsort(selector.feature_importances_)[-2:]) == {0, 5}


# ------------------------------------------------------------------- targets
def test_extreme_class_imbalance():
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, 5))
    y = np.zeros(200, dtype=int)
    y[17] = 1  # 199:1
    selector = fit_safely(dfs(), X, y)
    np.testing.assert_array_equal(selector.classes_, [0, 1])


@pytest.mark.parametrize("loss", ["auto", "cross_entropy"])
def test_a_class_with_a_single_member(loss):
    y = np.r_[Y40[:-1], 2]  # classes 0 and 1, and one row of class 2
    selector = fit_safely(dfs(loss=loss), X40, y)
    np.testing.assert_array_equal(selector.classes_, [0, 1, 2])


@pytest.mark.parametrize("loss", ["binary_cross_entropy", "soft_f1"])
@pytest.mark.parametrize("constant", [0, 1])
def test_multilabel_with_one_constant_column(loss, constant):
    Y = np.column_stack([Y40, 1 - Y40, np.full(40, constant)])
    selector = fit_safely(dfs(loss=loss), X40, Y)
    assert selector.task_ == "multilabel" and selector.n_outputs_ == 3


def test_sparse_multilabel_target_is_densified():
    """A sparse indicator matrix (``MultiLabelBinarizer(sparse_output=True)``)
    is small and is made dense; it used to fail with 'setting an array element
    with a sequence'."""
    Y = np.column_stack([Y40, 1 - Y40, np.arange(40) % 3 == 0]).astype(int)
    dense = fit_safely(dfs(), X40, Y)
    for make_sparse in (sp.csr_matrix, sp.csr_array):
        sparse = fit_safely(dfs(), X40, make_sparse(Y))
        assert sparse.task_ == "multilabel"
        np.testing.assert_array_equal(
            sparse.feature_importances_, dense.feature_importances_
        )


# type_of_target casts the floats to int to see whether they are labels.
@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")
@pytest.mark.parametrize("value", [0.1, 0.7, -1 / 3, 1e300])
def test_a_constant_real_target_is_refused_whatever_its_value(no_training, value):
    """Regression: ``np.full(100, 0.1).std()`` is 3e-17, not 0, so this target
    passed the "y is constant" check and was trained on as rounding noise."""
    X = np.random.RandomState(0).standard_normal((100, 3))
    fails_before_training(
        lambda: dfs(task="regression"),
        X,
        np.full(100, value),
        ValueError,
        "y is constant",
    )


# type_of_target casts the floats to int to see whether they are labels.
@pytest.mark.filterwarnings("ignore:invalid value encountered in cast:RuntimeWarning")
@pytest.mark.parametrize("scale", [1e-200, 1e200])
def test_a_real_target_at_an_extreme_scale_trains_as_at_scale_one(relevant_data, scale):
    """Regression: the target's spread overflowed to inf at 1e200 (the
    networks were trained on an all-zero target) and underflowed at 1e-200."""
    X, y = relevant_data
    target = X[:, 0] + 0.1 * X[:, 1]
    reference = DeepFeatureSelector(**LEARN).fit(X, target).feature_importances_
    selector = fit_safely(DeepFeatureSelector(**LEARN), X, target * scale)
    np.testing.assert_allclose(selector.feature_importances_, reference, atol=1e-4)
    assert selector.feature_importances_.argmax() == 0


TARGETS = {
    "bool": Y40.astype(bool),
    "int8": Y40.astype(np.int8),
    "float": Y40.astype(float),
    "strings": np.array(["no", "yes"])[Y40],
    "column vector": Y40[:, None],
    "list": list(Y40),
    "Series Int64": pd.Series(pd.array(Y40, dtype="Int64")),
    "Series boolean": pd.Series(pd.array(Y40.astype(bool), dtype="boolean")),
    "Series category": pd.Series(pd.Categorical(np.array(["no", "yes"])[Y40])),
    "Series string": pd.Series(pd.array(np.array(["no", "yes"])[Y40], dtype="string")),
    "one-column DataFrame": pd.DataFrame({"target": Y40}),
}


@pytest.mark.parametrize("y", list(TARGETS.values()), ids=list(TARGETS))
def test_label_encodings_agree(y):
    """Every encoding of the same two classes gives the same fit."""
    reference = fit_safely(dfs(), X40, Y40).feature_importances_
    selector = fit_safely(dfs(), X40, y)
    assert len(selector.classes_) == 2
    np.testing.assert_array_equal(selector.feature_importances_, reference)


# ---------------------------------------------------- scales, standardising
@HYPOTHESIS
@given(
    exponents=st.lists(st.integers(-12, 12), min_size=5, max_size=5),
    dtype=st.sampled_from([np.float64, np.float32]),
)
def test_column_scales_from_1e_minus_12_to_1e12_do_not_matter(
    relevant_data, exponents, dtype
):
    """Inputs are standardised inside: scaling columns changes nothing, and
    the relevant feature 0 is found at any scale."""
    X, y = relevant_data
    reference = DeepFeatureSelector(**LEARN_FIT).fit(X, y).feature_importances_
    scaled = (X * 10.0 ** np.array(exponents)).astype(dtype)
    selector = fit_safely(DeepFeatureSelector(**LEARN_FIT), scaled, y)
    assert selector.feature_importances_.argmax() == 0
    np.testing.assert_allclose(selector.feature_importances_, reference, atol=1e-3)


@pytest.mark.parametrize(
    "scale, dtype",
    [
        (1e20, np.float32),  # its square overflows float32
        (1e-20, np.float32),
        (1e200, np.float64),  # its square overflows float64
        (1e-200, np.float64),  # its square underflows to 0
        (1e-310, np.float64),  # subnormal
    ],
)
def test_extreme_scales_do_not_overflow_the_standardisation(
    relevant_data, scale, dtype
):
    """Regression: the spread was computed from squares, which overflowed to
    inf (the feature standardised to 0 and lost all importance) or underflowed
    to 0 (the feature was treated as constant)."""
    X, y = relevant_data
    reference = DeepFeatureSelector(**LEARN_FIT).fit(X, y).feature_importances_
    Xs = X.copy()
    Xs[:, 0] *= scale
    default = fit_safely(DeepFeatureSelector(**LEARN), Xs.astype(dtype), y)
    assert default.feature_importances_.argmax() == 0  # with the path too
    selector = fit_safely(DeepFeatureSelector(**LEARN_FIT), Xs.astype(dtype), y)
    assert selector.feature_importances_.argmax() == 0
    atol = 1e-2 if scale == 1e-310 else 1e-3  # subnormals keep fewer digits
    np.testing.assert_allclose(selector.feature_importances_, reference, atol=atol)
    np.testing.assert_allclose(selector.scaler_scale_[0] / scale, X[:, 0].std())


@pytest.mark.parametrize("scale", [1e-12, 1e12])
def test_teacher_student_is_scale_free_too(scale):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((60, 4))
    reference = TeacherStudentSelector(**TINY).fit(X).feature_importances_
    Xs = X.copy()
    Xs[:, 1] *= scale
    selector = fit_safely(tss(), Xs)
    np.testing.assert_allclose(selector.feature_importances_, reference, atol=1e-3)


def _finite_arrays(dtype):
    return hnp.arrays(
        dtype,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=12),
        elements=hnp.from_dtype(np.dtype(dtype), allow_nan=False, allow_infinity=False),
    )


@HYPOTHESIS
@given(X=st.sampled_from([np.float64, np.float32, np.float16]).flatmap(_finite_arrays))
def test_standardise_is_finite_and_standard_for_any_finite_input(X):
    X_before = X.copy()
    mean, scale, Xs = standardise(X)
    np.testing.assert_array_equal(X, X_before)
    assert Xs.dtype == np.float32 and Xs.shape == X.shape
    assert mean.dtype == scale.dtype == np.float64
    assert np.isfinite(mean).all() and np.isfinite(Xs).all()
    assert (np.isfinite(scale) & (scale > 0)).all()
    constant = (X == X[:1]).all(axis=0)
    np.testing.assert_array_equal(Xs[:, constant], 0.0)
    np.testing.assert_array_equal(scale[constant], 1.0)
    if len(X) > 1:
        varying = ~constant
        np.testing.assert_allclose(Xs[:, varying].mean(axis=0), 0.0, atol=1e-5)
        np.testing.assert_allclose(Xs[:, varying].std(axis=0), 1.0, atol=1e-3)


@HYPOTHESIS
@given(X=st.sampled_from([np.float64, np.float32]).flatmap(_finite_arrays))
def test_standardise_in_blocks_of_columns_equals_one_block(X):
    """Wide tables are standardised a few columns at a time (no full-size
    float64 temporaries); the result only differs in rounding (numpy's sums
    over a column depend on the block's memory layout in the last bit)."""
    mean, scale, Xs = standardise(X, block_elements=X.size)
    for block_elements in (1, X.shape[0], 2 * X.shape[0] + 1):
        m, s, xs = standardise(X, block_elements=block_elements)
        np.testing.assert_allclose(m, mean, rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(s, scale, rtol=1e-12)
        np.testing.assert_allclose(xs, Xs, rtol=1e-6, atol=1e-6)
        constant = (X == X[:1]).all(axis=0)
        np.testing.assert_array_equal(xs[:, constant], 0.0)


# --------------------------------------------------- dtypes and memory layout
DTYPES = [np.bool_, np.int8, np.uint8, np.int64, np.float16, np.float32, np.float64]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("make", [dfs, tss], ids=["dfs", "tss"])
def test_numeric_dtypes_fit_as_their_float64_values(make, dtype):
    X = (X40 * 3).astype(dtype)
    y = None if make is tss else Y40
    reference = make().fit(X.astype(np.float64), y).feature_importances_
    selector = fit_safely(make(), X, y)
    np.testing.assert_allclose(selector.feature_importances_, reference, atol=1e-6)


def _read_only(a):
    a = a.copy()
    a.setflags(write=False)
    return a


LAYOUTS = {
    "read-only": _read_only,
    "Fortran order": np.asfortranarray,
    "strided view": lambda a: np.repeat(a, 2, axis=1)[:, ::2],
    "object array of floats": lambda a: a.astype(object),
    "pandas": _frame,
    "pandas, Int64 columns": lambda a: _frame(a).astype("Int64"),
    "pandas, Float64 columns": lambda a: _frame(a).astype("Float64"),
    "pandas, numeric categorical column": lambda a: _frame(a).astype(
        {"f0": "category"}
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS.values()), ids=list(LAYOUTS))
@pytest.mark.parametrize("make", [dfs, tss], ids=["dfs", "tss"])
def test_layouts_and_containers_fit_as_plain_arrays(make, layout):
    if make is dfs and layout is LAYOUTS["pandas, numeric categorical column"]:
        pytest.skip("a category column is categorical for DeepFeatureSelector")
    X = np.round(X40 * 3)  # whole numbers, so that Int64 holds them exactly
    y = None if make is tss else Y40
    reference = make().fit(X, y).feature_importances_
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # torch: "not writable"
        warnings.simplefilter("ignore", NoLearningWarning)
        warnings.simplefilter("ignore", LowSignalWarning)
        # Y40 is noise: the selection may rightly be empty (scikit-learn's
        # warning at transform)
        warnings.filterwarnings("ignore", "No features were selected")
        selector = fit_safely(make(), layout(X), y)
    np.testing.assert_allclose(selector.feature_importances_, reference, atol=1e-6)


def test_read_only_target_and_pandas_target_are_not_modified():
    y = _read_only(Y40)
    fit_safely(dfs(), _read_only(X40), y)
    labels = pd.Series(np.array(["no", "yes"])[Y40], name="target")
    fit_safely(dfs(), _frame(X40), labels)
    Y = pd.DataFrame({"a": Y40, "b": 1 - Y40})
    fit_safely(dfs(), _frame(X40), Y)


# ---------------------------------------------------------------- transform
@pytest.fixture(scope="module")
def fitted_on_frame():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoLearningWarning)
        warnings.simplefilter("ignore", LowSignalWarning)
        return dfs().fit(_frame(X40), Y40)


@pytest.fixture(scope="module")
def fitted_on_array():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoLearningWarning)
        warnings.simplefilter("ignore", LowSignalWarning)
        return dfs().fit(X40, Y40)


@pytest.mark.parametrize(
    "change, match",
    [
        (lambda df: df.iloc[:, :4], "seen at fit time, yet now missing:\n- f4"),
        (lambda df: df.assign(f5=1.0), "unseen at fit time"),
        (lambda df: df[df.columns[::-1]], "must be in the same order"),
        (lambda df: df.rename(columns={"f0": "z"}), "unseen at fit time:\n- z"),
        (lambda df: df.rename(columns={"f0": "f1", "f1": "f0"}), "same order"),
    ],
    ids=["fewer", "more", "reordered", "renamed", "swapped names"],
)
def test_transform_rejects_wrong_or_reordered_feature_names(
    fitted_on_frame, change, match
):
    X = change(_frame(X40))
    before = X.copy()
    with pytest.raises(ValueError, match=match):
        fitted_on_frame.transform(X)
    pd.testing.assert_frame_equal(X, before)


@pytest.mark.parametrize("n_features", [4, 6])
@pytest.mark.parametrize("make", [dfs, tss], ids=["dfs", "tss"])
def test_transform_rejects_a_wrong_feature_count(make, n_features):
    selector = make().fit(X40, None if make is tss else Y40)
    X = np.random.RandomState(1).standard_normal((7, n_features))
    with pytest.raises(
        ValueError,
        match=f"X has {n_features} features, but {type(selector).__name__} is "
        "expecting 5 features",
    ):
        selector.transform(X)


def test_transform_of_numpy_after_a_pandas_fit_warns_as_scikit_learn_does(
    fitted_on_frame,
):
    with pytest.warns(UserWarning, match="X does not have valid feature names"):
        Xt = fitted_on_frame.transform(X40)
    assert Xt.shape == (40, fitted_on_frame.get_support().sum())


def test_transform_of_pandas_after_a_numpy_fit_warns_as_scikit_learn_does(
    fitted_on_array,
):
    with pytest.warns(UserWarning, match="X has feature names, but"):
        fitted_on_array.transform(_frame(X40))


@pytest.mark.parametrize(
    "bad, match",
    [
        (X40 + 1j, "Complex data not supported"),
        (X40[:, :, None], "Found array with dim 3"),
        (X40[:0], r"0 sample\(s\)"),
    ],
    ids=["complex", "3-D", "zero rows"],  # NaN passes (allow_nan)
)
def test_transform_rejects_what_fit_rejects(fitted_on_array, bad, match):
    with pytest.raises(ValueError, match=match):
        fitted_on_array.transform(bad)


def test_transform_accepts_sparse_input_and_one_row(fitted_on_array):
    """Selecting columns needs no arithmetic: a sparse matrix stays sparse."""
    # A copy with a rule that keeps some columns: the fit is on pure noise,
    # where the default rule may rightly keep none.
    selector = copy.deepcopy(fitted_on_array).set_params(threshold="median")
    support = selector.get_support()
    assert 0 < support.sum() < X40.shape[1]
    Xt = selector.transform(sp.csr_matrix(X40))
    assert sp.issparse(Xt)
    np.testing.assert_array_equal(Xt.toarray(), X40[:, support])
    np.testing.assert_array_equal(selector.transform(X40[:1]), X40[:1, support])


# -------------------------------------------------------- fuzzing fit itself
@st.composite
def small_problems(draw):
    n = draw(st.integers(2, 24))
    d = draw(st.integers(1, 5))
    dtype = draw(st.sampled_from([np.float64, np.float32, np.int64, np.bool_]))
    if dtype == np.bool_:
        elements = st.booleans()
    elif dtype == np.int64:
        elements = st.integers(-(2**40), 2**40)
    else:
        elements = st.floats(
            allow_nan=False, allow_infinity=False, width=np.finfo(dtype).bits
        )
    X = draw(hnp.arrays(dtype, (n, d), elements=elements))
    kind = draw(st.sampled_from(["binary", "multiclass", "regression", "multilabel"]))
    if kind == "regression":
        y = draw(hnp.arrays(np.float64, n, elements=st.floats(-1e6, 1e6)))
    elif kind == "multilabel":
        y = draw(hnp.arrays(np.int64, (n, 2), elements=st.integers(0, 1)))
    else:
        top = 1 if kind == "binary" else 3
        y = draw(hnp.arrays(np.int64, n, elements=st.integers(0, top)))
    return X, y


ACCEPTABLE_REFUSALS = "only 1 class|y is constant|unsupported target type"


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(problem=small_problems(), validation_fraction=st.sampled_from([0.2, 0.0]))
def test_fit_fuzz_finite_importances_or_a_clear_error_first(
    problem, validation_fraction
):
    """Any finite data: a finite fit, or a refusal before training."""
    X, y = problem
    trained = []
    original = EnsembleNet.fit

    def spy(self, *args, **kwargs):
        trained.append(True)
        return original(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(EnsembleNet, "fit", spy)
        selector = dfs(validation_fraction=validation_fraction)
        try:
            fit_safely(selector, X, y)
        except ValueError as error:
            assert not trained, f"refused after training: {error}"
            assert re.search(ACCEPTABLE_REFUSALS, str(error)), error
            event("refused")
        else:
            assert trained
            event(f"fitted {selector.task_}")
        # The default teacher's StandardScaler overflows beyond 1e154.
        if validation_fraction == 0.0 and np.abs(X.astype(float)).max() < 1e150:
            fit_safely(tss(validation_fraction=0.0), X)
