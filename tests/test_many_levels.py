"""Categorical columns with many levels: target encoded, cross fitted
(skdfs._levels, TableEncoder's max_onehot_levels, the selector's wiring)."""

import numpy as np
import pytest
from sklearn.utils._param_validation import InvalidParameterError

from skdfs import DeepFeatureSelector
from skdfs.report import column_marks, encoded_note
from skdfs.tabular import MAX_ONEHOT_LEVELS, TableEncoder

pd = pytest.importorskip("pandas")

FAST = dict(
    n_estimators=4,
    hidden_layer_sizes=(16,),
    max_epochs=40,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


def levels(rng, n, n_levels, prefix):
    return np.array(
        [f"{prefix}{k}" for k in rng.integers(0, n_levels, n)], dtype=object
    )


def store_table(n=1000, seed=0):
    """``y`` depends on ``store`` (150 levels, each its own effect) and on
    ``x``; ``sku`` (400 levels), ``colour`` (3 levels) and ``noise`` do not."""
    rng = np.random.default_rng(seed)
    store = rng.integers(0, 150, n)
    effect = rng.normal(0, 2.0, 150)
    x = rng.normal(size=n)
    logit = effect[store] + 1.5 * x
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    frame = pd.DataFrame(
        {
            "x": x,
            "store": [f"S{k:03d}" for k in store],
            "sku": levels(rng, n, 400, "K"),
            "colour": rng.choice(["red", "green", "blue"], n),
            "noise": rng.normal(size=n),
        }
    )
    return frame, y


def test_columns_with_many_levels_are_target_encoded():
    X, y = store_table()
    encoder = TableEncoder(random_state=0)
    Z = encoder.fit_transform(X, y)
    assert encoder.target_encoded_.tolist() == [False, True, True, False, False]
    names = encoder.level_names_.tolist()
    assert names == [
        "x",
        "store (target)",
        "sku (target)",
        "colour=blue",
        "colour=green",
        "colour=red",
        "noise",
    ]
    assert encoder.column_index_.tolist() == [0, 1, 2, 3, 3, 3, 4]
    assert Z.shape == (len(X), 7) and np.isfinite(Z).all()
    # without a target, or with max_onehot_levels=None: every level one-hot
    assert TableEncoder().fit_transform(X).shape[1] > 500
    wide = TableEncoder(max_onehot_levels=None).fit(X, y)
    assert not wide.target_encoded_.any()
    assert len(wide.level_names_) > 500
    # the limit counts levels: 150 is above 100, 400 above 200
    some = TableEncoder(max_onehot_levels=200).fit(X, y)
    assert some.target_encoded_.tolist() == [False, False, True, False, False]
    assert MAX_ONEHOT_LEVELS == 16


def test_cross_fitting_keeps_each_row_from_its_own_target():
    # A column of 300 levels unrelated to y: encoded in-sample (transform after
    # fit), every level's mean has seen its rows' labels, so the encoding
    # correlates with y; cross fitted (fit_transform), it must not.
    rng = np.random.default_rng(1)
    n = 1500
    X = pd.DataFrame({"code": levels(rng, n, 300, "C")})
    y = rng.integers(0, 2, n)
    encoder = TableEncoder(random_state=0)
    crossed = encoder.fit_transform(X, y)[:, 0]
    in_sample = encoder.transform(X)[:, 0]
    assert np.corrcoef(in_sample, y)[0, 1] > 0.2
    assert abs(np.corrcoef(crossed, y)[0, 1]) < 0.08
    # the same seed draws the same folds
    again = TableEncoder(random_state=0).fit_transform(X, y)[:, 0]
    np.testing.assert_array_equal(crossed, again)


def test_multiclass_regression_and_multioutput_targets():
    X, _ = store_table(n=600)
    rng = np.random.default_rng(2)
    labels = rng.choice(["a", "b", "c"], len(X))
    encoder = TableEncoder(random_state=0).fit(X, labels)
    names = encoder.level_names_.tolist()
    assert names[1:7] == [
        "store (target=a)",
        "store (target=b)",
        "store (target=c)",
        "sku (target=a)",
        "sku (target=b)",
        "sku (target=c)",
    ]
    assert encoder.column_index_.tolist()[1:7] == [1, 1, 1, 2, 2, 2]
    values = rng.normal(size=len(X))
    regression = TableEncoder(target_type="continuous").fit(X, values)
    assert regression.level_names_.tolist()[1:3] == ["store (target)", "sku (target)"]
    two = np.column_stack([values, values])
    assert not TableEncoder().fit(X, two).target_encoded_.any()


def test_unseen_and_missing_levels():
    X, y = store_table(n=600)
    X = X.copy()
    X.loc[:20, "store"] = np.nan
    encoder = TableEncoder(random_state=0).fit(X, y)
    assert "store (missing)" in encoder.level_names_.tolist()
    new = X.iloc[:3].copy()
    new["store"] = ["never seen", "S001", None]
    Z = encoder.transform(new)
    assert np.isfinite(Z).all()
    column = encoder.level_names_.tolist().index("store (target)")
    assert Z[0, column] == pytest.approx(np.mean(y))  # unseen: the target mean


def test_selector_finds_a_store_column_a_one_hot_fit_misses():
    X, y = store_table()
    before = X.copy()
    selector = DeepFeatureSelector(**FAST).fit(X, y)
    pd.testing.assert_frame_equal(X, before)
    ranking = dict(zip(X.columns, selector.ranking_))
    assert ranking["store"] <= 2 and ranking["x"] <= 2
    assert "store (target)" in selector.level_names_.tolist()
    assert selector.get_support()[list(X.columns).index("store")]
    assert len(selector.level_names_) == 7
    again = DeepFeatureSelector(**FAST).fit(X, y)
    np.testing.assert_array_equal(
        selector.feature_importances_, again.feature_importances_
    )
    onehot = DeepFeatureSelector(**FAST, max_onehot_levels=None).fit(X, y)
    assert len(onehot.level_names_) > 500
    assert selector.transform(X).shape[1] == int(selector.get_support().sum())


def test_command_line_marks_and_note():
    X, y = store_table(n=600)
    selector = DeepFeatureSelector(**FAST).fit(X, y)
    note = encoded_note(selector)
    assert "2 columns with more than 16 levels target-encoded" in note
    assert "3 text levels" in note
    kinds = {"store": "text, 150 levels", "colour": "text, 3 levels"}
    marks = column_marks(selector, ["store", "colour", "x"], kinds)
    assert marks == ["text, 150 levels, target-encoded", "text, 3 levels", ""]


@pytest.mark.parametrize("bad", [0, -3, 2.5, "many"])
def test_bad_max_onehot_levels_is_refused_before_training(bad):
    X, y = store_table(n=200)
    with pytest.raises(InvalidParameterError, match="max_onehot_levels"):
        DeepFeatureSelector(**FAST, max_onehot_levels=bad).fit(X, y)


def test_grid_search_over_the_limit_in_a_pipeline():
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder

    X, y = store_table(n=400)
    selector = DeepFeatureSelector(**FAST).set_output(transform="pandas")
    # the kept columns come back as they were (text included): encode them
    model = make_pipeline(
        selector,
        OneHotEncoder(handle_unknown="ignore"),
        LogisticRegression(max_iter=500),
    )
    search = GridSearchCV(
        model, {"deepfeatureselector__max_onehot_levels": [None, 16]}, cv=2
    ).fit(X, y)
    assert set(search.cv_results_["param_deepfeatureselector__max_onehot_levels"]) == {
        None,
        16,
    }
    new = X.iloc[:5].copy()
    new["store"] = "a store never seen"
    assert search.predict(new).shape == (5,)


def test_many_levels_note_says_nothing_where_no_column_is_target_encoded():
    from skdfs.rawtable import many_levels_note

    X, y = store_table(n=300)
    note = many_levels_note(X, y, "classification")
    assert note.startswith("2 text columns with more than 16 levels (")
    assert "store: " in note and "sku: " in note
    assert many_levels_note(X, y, "classification", limit=10_000) is None
    labels = np.column_stack([y, 1 - y])  # multilabel: one-hot levels only
    assert many_levels_note(X, labels, "multilabel") is None
    assert many_levels_note(X[["x", "colour"]], y, "classification") is None


@pytest.mark.parametrize(
    "params, match",
    [
        ({"max_onehot_levels": 0}, "max_onehot_levels"),
        ({"max_onehot_levels": "16"}, "max_onehot_levels"),
        ({"target_type": "ordinal"}, "target_type"),
    ],
)
def test_table_encoder_refuses_bad_parameters(params, match):
    X, y = store_table(n=100)
    with pytest.raises(InvalidParameterError, match=match):
        TableEncoder(**params).fit(X, y)
