"""Tables with categorical and text columns and missing values (issue 15):
the encoder, the selector on frames, and the class-count check."""

import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.tree import DecisionTreeClassifier

from skdfs import ColumnWarning, DeepFeatureSelector
from skdfs.importance import compute_importances
from skdfs.path import PATH_RANK_WEIGHT
from skdfs.tabular import TableEncoder, TableError, needs_encoding

pd = pytest.importorskip("pandas")

FAST = dict(
    n_estimators=4,
    hidden_layer_sizes=(16,),
    max_epochs=40,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


def make_table(n=400, seed=0):
    """``y`` depends on ``num`` (with missing values) and ``colour`` (a
    category with missing values); ``flag`` (yes/no text) and ``noise`` do
    not."""
    rng = np.random.RandomState(seed)
    num = rng.standard_normal(n)
    colour = rng.choice(["red", "green", "blue"], n)
    y = ((num > 0) ^ (colour == "red")).astype(int)
    frame = pd.DataFrame(
        {
            "num": num,
            "flag": rng.choice(["yes", "no"], n),
            "colour": pd.Categorical(colour),
            "noise": rng.standard_normal(n),
        }
    )
    frame.loc[rng.random_sample(n) < 0.1, "num"] = np.nan
    frame.loc[rng.random_sample(n) < 0.05, "colour"] = np.nan
    return frame, y


@pytest.fixture(scope="module")
def table():
    return make_table()


@pytest.fixture(scope="module")
def fitted(table):
    X, y = table
    return DeepFeatureSelector(**FAST).fit(X, y)


# ------------------------------------------------------------------ encoder
def test_encoder_levels_groups_and_indicators(table):
    X, _ = table
    encoder = TableEncoder().fit(X)
    assert encoder.level_names_.tolist() == [
        "num",
        "num (missing)",
        "flag=yes",  # two levels: one indicator
        "colour=blue",
        "colour=green",
        "colour=red",
        "colour (missing)",
        "noise",
    ]
    assert encoder.column_index_.tolist() == [0, 0, 1, 2, 2, 2, 2, 3]
    Xe = encoder.transform(X)
    assert Xe.dtype == np.float64 and not np.isnan(Xe).any()
    missing = X["num"].isna().to_numpy()
    np.testing.assert_array_equal(Xe[:, 1], missing)
    assert np.all(Xe[missing, 0] == np.nanmedian(X["num"]))
    # a missing category takes the most frequent level, flagged
    gone = X["colour"].isna().to_numpy()
    top = X["colour"].value_counts().idxmax()
    column = encoder.level_names_.tolist().index(f"colour={top}")
    assert np.all(Xe[gone, column] == 1) and np.all(Xe[gone, 6] == 1)


def test_encoder_unseen_levels_encode_as_zeros():
    train = pd.DataFrame({"c": ["a", "b", "c", "a"]})
    encoder = TableEncoder().fit(train)
    out = encoder.transform(pd.DataFrame({"c": ["z", "b"]}))
    np.testing.assert_array_equal(out, [[0, 0, 0], [0, 1, 0]])


def test_encoder_never_modifies_the_frame(table):
    X, _ = table
    before = X.copy()
    TableEncoder().fit_transform(X)
    pd.testing.assert_frame_equal(X, before)


@pytest.mark.parametrize(
    "spec",
    [["code"], [1], np.array([False, True])],
    ids=["names", "indices", "mask"],
)
def test_categorical_features_names_indices_or_mask(spec):
    X = pd.DataFrame({"x": [0.5, 1.5, 2.5, 3.5], "code": [3, 1, 2, 3]})
    encoder = TableEncoder(categorical_features=spec).fit(X)
    assert encoder.level_names_.tolist() == ["x", "code=1", "code=2", "code=3"]


def test_errors_name_every_bad_column_and_the_remedy():
    X = pd.DataFrame(
        {
            "empty": [np.nan] * 6,
            "mixed": pd.Series(["a", 1, "b", 2.5, "a", 1], dtype=object),
            "ok": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
            "inf": [1.0, np.inf, 0.0, 2.0, 1.0, 1.0],
        }
    )
    with pytest.raises(TableError) as info:
        TableEncoder().fit(X)
    message = str(info.value)
    assert message.startswith("3 problems in the table:")
    assert "column 'empty' has no values (every entry is missing): drop" in message
    # distinct examples, not the first three cells
    assert "column 'mixed' mixes text ('a', 'b') and numbers (1, 2.5)" in message
    assert "pd.to_numeric" in message
    assert "infinity in column 'inf'" in message


def test_decimal_values_from_a_database_are_numbers():
    from decimal import Decimal

    X = pd.DataFrame(
        {"price": pd.Series([Decimal("1.25"), None, Decimal("3.5")] * 2, dtype=object)}
    )
    encoder = TableEncoder().fit(X)
    assert encoder.level_names_.tolist() == ["price", "price (missing)"]
    np.testing.assert_allclose(encoder.transform(X)[:3, 0], [1.25, 2.375, 3.5])


def test_needs_encoding_leaves_plain_numbers_alone():
    X = np.random.RandomState(0).standard_normal((5, 2))
    assert not needs_encoding(X, "from_dtype")
    assert not needs_encoding(pd.DataFrame(X), "from_dtype")
    assert needs_encoding(np.where(X > 1, np.nan, X), "from_dtype")
    assert needs_encoding(X, [0])
    assert needs_encoding(pd.DataFrame({"a": ["x", "y"]}), "from_dtype")


# ------------------------------------------------------- selector on frames
def test_one_importance_per_original_column(fitted, table):
    X, _ = table
    assert fitted.feature_names_in_.tolist() == list(X.columns)
    assert fitted.feature_importances_.shape == (4,)
    assert fitted.importances_.shape == (4, 4)
    np.testing.assert_allclose(fitted.importances_.sum(axis=1), 1.0)
    # the two columns that drive y rank on top
    assert set(np.argsort(-fitted.feature_importances_)[:2]) == {0, 2}
    assert sorted(fitted.ranking_.tolist()) == [1, 2, 3, 4]
    assert fitted.level_names_.shape == fitted.level_importances_.shape
    # a column's levels share out its importance
    summed = np.bincount(fitted.level_columns_, weights=fitted.level_importances_)
    np.testing.assert_allclose(summed, fitted.feature_importances_, rtol=1e-9)


def test_transform_returns_the_selected_original_columns(fitted, table):
    X, _ = table
    support = fitted.get_support()
    out = fitted.transform(X)
    assert out.shape == (len(X), support.sum())
    selector = clone(fitted)
    selector.__dict__.update(fitted.__dict__)
    selector.set_output(transform="pandas")
    frame = selector.transform(X)
    assert list(frame.columns) == list(X.columns[support])
    pd.testing.assert_frame_equal(frame, X.loc[:, support])  # NaN, text kept


def test_transform_keeps_a_category_beside_a_yes_no_column():
    # scikit-learn's own conversion of such a frame to one dtype fails
    # ("Cannot cast str dtype to float64"); a user trial's pipeline did.
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        {
            "colour": pd.Categorical(rng.choice(["red", "green"], 120)),
            "num": rng.standard_normal(120),
            "flag": rng.random(120) < 0.5,
        }
    )
    y = (X["num"] > 0).astype(int)
    selector = DeepFeatureSelector(**{**FAST, "max_epochs": 2, "threshold": -1.0})
    out = selector.fit(X, y).transform(X)
    assert out.shape == (120, 3) and out.dtype == object
    assert out[0].tolist() == X.iloc[0].tolist()
    pipe = make_pipeline(clone(selector), TableEncoder(), LogisticRegression())
    assert pipe.fit(X, y).predict(X).shape == (120,)
    with pytest.raises(ValueError, match="feature names"):
        selector.transform(X[["num", "colour", "flag"]])


def test_fit_does_not_modify_the_frame(table):
    X, y = table
    before = X.copy()
    DeepFeatureSelector(**{**FAST, "max_epochs": 2}).fit(X, y)
    pd.testing.assert_frame_equal(X, before)


def test_strings_and_nan_in_a_numpy_object_array():
    X, y = make_table(n=200)
    array = X.astype(object).to_numpy()
    selector = DeepFeatureSelector(**{**FAST, "max_epochs": 2}).fit(array, y)
    assert selector.feature_importances_.shape == (4,)
    assert selector.transform(array).shape[1] == selector.get_support().sum()


def test_user_groups_over_original_columns(table):
    X, y = table
    groups = {"signal": [0, 2], "rest": [1, 3]}
    selector = DeepFeatureSelector(**FAST, groups=groups).fit(X, y)
    assert selector.group_names_.tolist() == ["signal", "rest"]
    assert selector.groups_.tolist() == [0, 1, 0, 1]
    assert selector.group_importances_[0] > selector.group_importances_[1]
    assert selector.get_support().tolist() == [True, False, True, False]


def test_probe_test_on_a_table(table):
    X, y = table
    selector = DeepFeatureSelector(**{**FAST, "n_estimators": 8}, threshold="probe")
    selector.fit(X, y)
    assert selector.hits_.shape == (4,)
    assert selector.get_support().tolist() == [True, False, True, False]


def test_pipeline_grid_search_and_cross_val_score(table):
    X, y = table
    pipe = make_pipeline(
        # One dominant column lifts the "mean" cut above the categorical one
        # (squared shares, docs/design.rst); the gate path keeps both.
        DeepFeatureSelector(**FAST, threshold="path"),
        # the selected columns still hold text and NaN: encode them again
        TableEncoder(),
        DecisionTreeClassifier(max_depth=4, random_state=0),
    )
    scores = cross_val_score(pipe, X, y, cv=3)
    # y = [num > 0] xor [colour == red]: either column alone is near chance
    assert scores.shape == (3,) and np.all(scores > 0.8)
    search = GridSearchCV(
        pipe, {"deepfeatureselector__max_features": [1, 2]}, cv=2
    ).fit(X, y)
    assert search.best_params_ == {"deepfeatureselector__max_features": 2}


# ------------------------------------------------------------------ targets
def test_missing_target_is_a_clear_error(table):
    X, y = table
    y = y.astype(float)
    y[[3, 8]] = np.nan
    match = r"missing values in 2 of 400 rows \(row 3, 8\)"
    with pytest.raises(ValueError, match=match):
        DeepFeatureSelector(**FAST).fit(X, y)
    labels = pd.Series(np.where(y == 1, "a", "b")).where(~np.isnan(y), None)
    with pytest.raises(ValueError, match="dropna"):
        DeepFeatureSelector(**FAST).fit(X, labels)


# The last fit (20 classes, one epoch) only shows the class count is accepted.
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")
def test_too_many_classes_suggests_regression(monkeypatch):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, 3))
    price = rng.randint(100, 5000, 200)  # ~195 distinct integers
    with pytest.raises(ValueError, match=r"classes in 200 rows.*task='regression'"):
        DeepFeatureSelector(**FAST).fit(X, price)
    few = rng.randint(0, 25, 200)  # 25 classes: above max(20, 5% of 200)
    with pytest.raises(ValueError, match="25 classes in 200 rows"):
        DeepFeatureSelector(**FAST).fit(X, few)
    # 20 classes of 10 rows each are fine
    ok = np.arange(200) % 20
    DeepFeatureSelector(**{**FAST, "max_epochs": 1}).fit(X, ok)


def test_every_class_tiny_is_refused():
    X = np.random.RandomState(0).standard_normal((12, 2))
    y = np.array(["a", "b", "c", "d", "e", "f"] * 2)
    with pytest.raises(ValueError, match="none has more than 2 rows"):
        DeepFeatureSelector(**FAST).fit(X, y)


def test_encoded_columns_match_their_names_with_several_categoricals():
    """Every encoded column holds what its level name says, whatever the mix of
    columns with and without missing values."""
    X = pd.DataFrame(
        {
            "a": ["x", None, "y", "z", "x"],
            "n": [1.0, np.nan, 3.0, 4.0, 5.0],
            "b": ["p", "q", None, "q", "p"],
            "c": pd.Categorical(["u", "v", "w", "u", "v"]),
        }
    )
    encoder = TableEncoder().fit(X)
    Xe = encoder.transform(X)
    for k, name in enumerate(encoder.level_names_):
        column = X.columns[encoder.column_index_[k]]
        values = X[column]
        if name.endswith(" (missing)"):
            expected = values.isna()
        elif "=" in name:
            level = name.split("=", 1)[1]
            filled = values.astype(object).fillna(
                encoder.most_frequent_[encoder.column_index_[k]]
            )
            expected = filled.astype(str) == level
        else:
            expected = values.fillna(encoder.medians_[encoder.column_index_[k]])
        np.testing.assert_array_equal(Xe[:, k], np.asarray(expected, dtype=float))


@pytest.mark.parametrize("extra", [{"threshold": "mean"}, {"threshold": "probe"}])
def test_compute_importances_on_a_table(table, extra):
    # The table is encoded as in fit and scored per original column.
    X, y = table
    selector = DeepFeatureSelector(**FAST, **extra).fit(X, y)
    gate = compute_importances(selector, X, y, "gate")
    expected = gate.importances
    if hasattr(selector, "path_"):  # probe mode blends in the path's scores
        d = X.shape[1]
        path = selector.path_.importances()[:, :d]
        path /= path.sum(axis=1, keepdims=True)
        expected = (1 - PATH_RANK_WEIGHT) * expected + PATH_RANK_WEIGHT * path
    np.testing.assert_allclose(expected, selector.importances_, rtol=1e-6)
    perm = compute_importances(selector, X, y, "permutation", random_state=0)
    assert perm.importances.shape == (FAST["n_estimators"], X.shape[1])
    assert np.argmax(perm.mean) in (0, 2)  # num and colour: the target uses them


def test_warnings_of_a_table_fit_point_at_the_caller(table):
    # The inner fit on the encoded matrix warns like a fit on numbers: once,
    # attributed to the code that called fit.
    from skdfs import LowSignalWarning, NoLearningWarning

    X, _ = table
    noise = np.random.RandomState(0).randint(0, 2, len(X))
    params = {**FAST, "max_epochs": 1, "lr": 1e-5}
    # Labels that are noise: no member learns, or some beat the constant by
    # chance and the signal is low. Either way one warning.
    kinds = (NoLearningWarning, LowSignalWarning)
    with pytest.warns(kinds) as record:
        DeepFeatureSelector(**params).fit(X, noise)
    caught = [w for w in record if issubclass(w.category, kinds)]
    assert len(caught) == 1
    assert caught[0].filename == __file__


def test_skewed_columns_skip_flags_codes_and_negative_columns():
    from skdfs.rawtable import skewed_columns

    rng = np.random.RandomState(0)
    X = pd.DataFrame(
        {
            "count": rng.poisson(0.3, 400) * rng.lognormal(2, 1, 400),
            "code": rng.choice([1, 2, 3, 40], 400, p=[0.9, 0.05, 0.04, 0.01]),
            "flag": (rng.rand(400) < 0.02).astype(float),
            "neg": -rng.lognormal(0, 1, 400),
            "normal": rng.normal(size=400),
            "text": rng.choice(["a", "b"], 400),
            "gapped": np.where(rng.rand(400) < 0.2, np.nan, rng.lognormal(0, 1.2, 400)),
        }
    )
    assert skewed_columns(X) == ["count", "gapped"]


# ------------------------------------------------------- dates and durations
def dated_table(n=600, seed=0):
    """``y`` is the season of ``visit`` (a date, one missing); ``stay`` (a
    duration) and ``noise`` do not matter."""
    rng = np.random.RandomState(seed)
    visit = pd.Series(
        pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.randint(0, 730, n), unit="D")
    )
    y = visit.dt.month.isin([6, 7, 8, 12, 1, 2]).astype(int).to_numpy()
    visit.iloc[3] = pd.NaT
    frame = pd.DataFrame(
        {
            "noise": rng.standard_normal(n),
            "visit": visit,
            "stay": pd.to_timedelta(rng.randint(1, 240, n), unit="h"),
        }
    )
    return frame, y


def test_encoder_splits_dates_and_reads_durations_in_days():
    X, _ = dated_table()
    before = X.copy()
    encoder = TableEncoder().fit(X)
    # hours do not vary: the date keeps three parts and one indicator
    assert encoder.level_names_.tolist() == [
        "noise",
        "visit.time",
        "visit.month",
        "visit.weekday",
        "visit (missing)",
        "stay",
    ]
    assert encoder.column_index_.tolist() == [0, 1, 1, 1, 1, 2]
    assert np.isnan(encoder.medians_[1]) and encoder.medians_[2] > 0
    out = encoder.transform(X)
    assert out[0, 2] == X["visit"][0].month and out[3, 4] == 1.0
    np.testing.assert_allclose(out[:, 5], X["stay"].dt.total_seconds() / 86400)
    pd.testing.assert_frame_equal(X, before)  # the caller's frame untouched
    # new rows get the parts chosen in fit, even where one no longer varies
    one_day = X.assign(visit=pd.Timestamp("2023-05-01 13:30"))
    assert encoder.transform(one_day).shape == out.shape
    # date objects in an object column, and text, read the same way
    as_objects = X.assign(visit=[None if v is pd.NaT else v.date() for v in X["visit"]])
    np.testing.assert_allclose(encoder.transform(as_objects), out)


def test_a_date_column_is_one_feature_of_the_selector():
    X, y = dated_table()
    selector = DeepFeatureSelector(**FAST).fit(X, y)
    assert selector.feature_names_in_.tolist() == ["noise", "visit", "stay"]
    assert np.argmax(selector.feature_importances_) == 1  # the season
    support = selector.get_support()
    out = selector.transform(X)  # numpy cannot hold dates beside numbers
    assert out.shape == (len(X), support.sum()) and out.dtype == object
    selector.set_output(transform="pandas")
    pd.testing.assert_frame_equal(selector.transform(X), X.loc[:, support])
    assert needs_encoding(X[["noise", "stay"]], "from_dtype")
    # a pipeline goes on with its own encoder, which reads the dates again
    pipe = make_pipeline(
        DeepFeatureSelector(**FAST), TableEncoder(), DecisionTreeClassifier()
    )
    assert cross_val_score(pipe, X, y, cv=3).mean() > 0.9  # the season


def test_a_column_of_other_objects_is_refused_by_name():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [{"k": 1}, {}, {}, {}]})
    with pytest.raises(TableError, match="column 'b' holds values that are neither"):
        DeepFeatureSelector(**FAST).fit(X, [0, 1, 0, 1])


def test_infinity_is_refused_by_column_name():
    X = np.random.RandomState(0).standard_normal((30, 3))
    X[4, 2] = np.inf
    y = (X[:, 0] > 0).astype(int)
    with pytest.raises(TableError, match="infinity in column 'x2'"):
        DeepFeatureSelector(**FAST).fit(X, y)
    frame = pd.DataFrame(X, columns=["a", "b", "dose"])
    with pytest.raises(TableError, match="infinity in column 'dose'"):
        DeepFeatureSelector(**FAST).fit(frame, y)


def test_identifier_columns_are_named_in_a_warning():
    # A frame sorted by outcome with a row number and a patient code: the row
    # number predicts the target perfectly and means nothing. Both are named,
    # once each (the inner fit on the encoded table does not warn again).
    rng = np.random.RandomState(0)
    n = 120
    x = rng.standard_normal(n)
    order = np.argsort(x)
    y = (x[order] > 0).astype(int)
    X = pd.DataFrame(
        {
            "row": np.arange(1, n + 1),
            "patient": [f"P-{i:04d}" for i in rng.permutation(n)],
            "x": x[order],
            "visits": rng.randint(0, 30, n),  # repeated integers: a count
            "comment": [f"seen on day {i} of the study" for i in range(n)],
            "visit": pd.date_range("2020-01-01", periods=n).strftime("%d.%m.%Y"),
            "crp": np.where(x < -1, "<0.3", np.round(np.exp(x), 2).astype(str)),
            "grade": rng.choice(["1", "2", "3", "unknown"], n),  # codes: levels
        }
    )
    before = X.copy()
    with pytest.warns(ColumnWarning) as caught:
        DeepFeatureSelector(**FAST).fit(X, y)
    messages = [str(w.message) for w in caught if w.category is ColumnWarning]
    assert len(messages) == 5, messages
    assert messages[0].startswith("column 'comment' holds free text, a different")
    assert messages[1].startswith("column 'row' holds distinct whole numbers, one per")
    assert messages[2].startswith("column 'patient' holds a different text in every")
    assert messages[3].startswith("column 'visit' holds dates written as text")
    assert messages[4].startswith("column 'crp' holds numbers written as text")
    assert "beyond a limit ('<0.3')" in messages[4] and "prepare_frame" in messages[4]
    # nearly every row: Titanic's names, two of 1,309 repeated
    names = X["patient"].copy()
    names[1] = names[0]
    with pytest.warns(ColumnWarning, match="'patient' holds a different text in near"):
        DeepFeatureSelector(**FAST).fit(X[["x"]].assign(patient=names), y)
    assert caught[0].filename == __file__  # points at the caller
    pd.testing.assert_frame_equal(X, before)
    # numpy: by position; no warning for ordinary columns
    with pytest.warns(ColumnWarning, match="column 'x2' holds distinct whole"):
        DeepFeatureSelector(**FAST).fit(np.c_[x, x**2, np.arange(n) + 1000.0], y)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        DeepFeatureSelector(**FAST).fit(X[["x", "visits"]], y)
        DeepFeatureSelector(**FAST).fit(np.c_[x, np.round(x * 10)], y)
    assert not [w for w in caught if w.category is ColumnWarning]
    # Daily dates as text, each on several rows (what read_csv gives for any
    # date column), are named too.
    days = pd.date_range("2020-01-01", periods=60).strftime("%Y-%m-%d")
    dated = X[["x"]].assign(day=np.resize(days, n))
    with pytest.warns(ColumnWarning, match="'day' holds dates written as text"):
        DeepFeatureSelector(**FAST).fit(dated, y)
    # A wide table of such columns gets one message per kind.
    wide = pd.DataFrame(
        {f"g{j}": [f"{v:.2f}".replace(".", ",") for v in x + j] for j in range(8)}
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        DeepFeatureSelector(**FAST).fit(wide, y)
    (message,) = [str(w.message) for w in caught if w.category is ColumnWarning]
    assert message.startswith("8 columns (g0, g1, g2, g3, g4, ... (3 more)) hold")


def test_table_encoder_gives_a_frame_with_target_encoded_columns():
    # set_output(transform="pandas") with a target-encoded column: before,
    # fit_transform wrote into the frame transform returned and failed
    # ("unhashable type: 'slice'"), in every fold of a pipeline.
    df = pd.DataFrame(
        {"store": [f"S{i % 40}" for i in range(200)], "x": np.arange(200.0)}
    )
    y = np.arange(200) % 2
    enc = TableEncoder().set_output(transform="pandas")
    out = enc.fit_transform(df, y)
    assert list(out.columns) == ["store (target)", "x"]
    plain = TableEncoder().fit_transform(df, y)
    np.testing.assert_array_equal(out.to_numpy(), plain)
    assert isinstance(enc.transform(df), pd.DataFrame)


def test_codes_for_missing_values_are_named_in_a_warning():
    rng = np.random.RandomState(0)
    age = rng.randint(18, 90, 200).astype(float)
    age[:6] = -999
    x = rng.standard_normal(200)
    y = (x > 0).astype(int)
    X = pd.DataFrame({"age": age, "x": x})
    with pytest.warns(ColumnWarning, match=r"'age' holds -999 \(6 rows\), far outside"):
        DeepFeatureSelector(**FAST).fit(X, y)


def test_a_pipeline_names_the_encoded_columns_after_the_selected_ones():
    # the README's pipeline: the selector hands the encoder an array, and the
    # encoder names its columns after the names the pipeline passes on
    pd = pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    n = 300
    X = pd.DataFrame(
        {
            "a": rng.standard_normal(n),
            "b": rng.standard_normal(n),
            "color": rng.choice(["red", "green", "blue"], n),
        }
    )
    X.loc[::10, "a"] = np.nan
    y = (X["a"].fillna(0) + (X["color"] == "red") > 0.5).astype(int)
    selector = DeepFeatureSelector(max_features=2, **FAST)
    pipe = make_pipeline(selector, TableEncoder(), LogisticRegression()).fit(X, y)
    kept = pipe[0].get_feature_names_out().tolist()
    assert sorted(kept) == ["a", "color"]
    names = pipe[:-1].get_feature_names_out().tolist()
    assert names == pipe[1].get_feature_names_out(kept).tolist()
    assert names[:2] == ["a", "a (missing)"]
    assert sorted(names[2:]) == ["color=blue", "color=green", "color=red"]
    assert pipe[1].get_feature_names_out()[0] == "x0"  # fitted on an array
    with pytest.raises(ValueError, match="length equal to number of features"):
        pipe[1].get_feature_names_out(["a"])
    framed = TableEncoder().fit(X)
    with pytest.raises(ValueError, match="not equal to feature_names_in_"):
        framed.get_feature_names_out(["p", "q", "r"])
    assert framed.get_feature_names_out(["a", "b", "color"])[0] == "a"
