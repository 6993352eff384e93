"""Real tables: categorical and text columns, missing values.

:class:`TableEncoder` turns a table (a pandas frame or an array) whose columns
hold numbers, booleans, text, ``category`` values and missing values into a
float matrix the networks can read, and records, for every encoded column, the
original column it comes from (its gate group) and a level name.
:class:`~skdfs.DeepFeatureSelector` uses it inside ``fit`` when ``X`` has
categorical columns or missing values (:func:`fit_table`), so that every
original column gets one gate and one importance.

:func:`prepare_frame` is the raw-table preparation of ``skdfs rank``: it reads
text columns as categories, turns dates into numeric parts and leaves
identifier-like columns out, with a notice for each decision.
"""

from __future__ import annotations

import warnings
from numbers import Integral

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OneHotEncoder
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._columns import (
    as_float,
    as_labels,
    column_kind,
    date_parts,
    feature_names,
    is_frame,
    is_number,
    missing_mask,
    preview,
    table_columns,
)
from ._levels import TARGET_KINDS, cross_fit, encoding_target, target_kind
from .exceptions import ColumnWarning
from .groups import GROUP_ATTRIBUTES, resolve_groups
from .importance import member_importances

__all__ = [
    "TableEncoder",
    "TableError",
    "check_class_count",
    "fit_table",
    "needs_encoding",
    "with_dates_as_objects",
]

#: A classification target may have at most ``max(MIN_CLASS_LIMIT,
#: CLASS_FRACTION * n_samples)`` classes.
MIN_CLASS_LIMIT = 20
CLASS_FRACTION = 0.05

#: A categorical column with more levels than this is target encoded where the
#: encoder is fitted with a target (``max_onehot_levels``): the largest level
#: count at which one-hot levels (penalty weighted ``sqrt(size)``) ranked and
#: selected at least as well as the target encoding on generated tables (16
#: levels: mean AUC 0.996 against 0.988, F1 0.939 against 0.920; 32 levels:
#: F1 0.881 against 0.897): ``docs/benchmarks.md``, "Categorical columns with
#: many levels".
MAX_ONEHOT_LEVELS = 16


class TableError(ValueError):
    """A problem with the table's content, naming the column(s) and a remedy.

    Several problems found at once are listed together, one per line, in
    ``problems``.
    """

    def __init__(self, problems):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems in the table:\n" + "\n".join(
                f"  - {p}" for p in self.problems
            )
        super().__init__(message)


def _resolve_categorical(categorical_features, names, kinds, has_names):
    """Boolean mask of the columns to encode as categories."""
    d = len(names)
    from_dtype = np.array([k == "categorical" for k in kinds])
    spec = categorical_features
    if spec is None:
        return np.zeros(d, dtype=bool)
    if isinstance(spec, str):
        if spec != "from_dtype":
            raise ValueError(
                f"categorical_features={spec!r}: use 'from_dtype', None, or a list "
                "of column names or indices, or a boolean mask"
            )
        return from_dtype
    spec = np.asarray(spec)
    if spec.ndim != 1:
        raise ValueError("categorical_features must be one-dimensional")
    if spec.dtype.kind == "b":
        if len(spec) != d:
            raise ValueError(
                f"categorical_features is a boolean mask of {len(spec)} entries, "
                f"but X has {d} columns"
            )
        mask = spec.copy()
    elif spec.dtype.kind in "iu":
        mask = np.zeros(d, dtype=bool)
        for j in spec.tolist():
            if not -d <= j < d:
                raise ValueError(
                    f"categorical_features holds index {j}, out of range for "
                    f"{d} columns"
                )
            mask[j] = True
    elif spec.dtype.kind in "UO":
        if not has_names:
            raise ValueError(
                "categorical_features holds column names, but X has none (pass a "
                "pandas DataFrame, or give column indices)"
            )
        position = {n: j for j, n in enumerate(names)}
        unknown = [str(s) for s in spec.tolist() if str(s) not in position]
        if unknown:
            raise ValueError(
                f"categorical_features names columns not in X: {preview(unknown)}"
            )
        mask = np.zeros(d, dtype=bool)
        mask[[position[str(s)] for s in spec.tolist()]] = True
    elif spec.size == 0:
        mask = np.zeros(d, dtype=bool)
    else:
        raise ValueError(
            "categorical_features must be 'from_dtype', None, a list of names or "
            f"indices, or a boolean mask; got an array of dtype {spec.dtype}"
        )
    # Text columns cannot be numbers: they stay categorical whatever the spec.
    return mask | from_dtype


# ------------------------------------------------------------------ encoder
class TableEncoder(TransformerMixin, BaseEstimator):
    """Encode a table with categorical columns and missing values as floats.

    Numeric and boolean columns pass through as floats; their missing values
    are replaced by the training median, and a missingness indicator (1 where
    the value was missing) is added for every column that had missing values
    in ``fit``. A duration column (``timedelta64``) passes as days; a date
    column (``datetime64``, or date objects) becomes its parts that vary in
    ``fit``: a time trend in years, the month, the day of the week and the
    hour (one missingness indicator for the date). Categorical columns are
    one-hot encoded (:class:`~sklearn.preprocessing.OneHotEncoder`), a
    two-level column as one indicator; their missing values are replaced by
    the most frequent level and flagged by an indicator in the same way
    (:class:`~sklearn.impute.SimpleImputer`). Levels unseen in ``fit`` encode
    as all zeros. The caller's data is never modified.

    Where ``fit`` is given a target ``y`` (one column of class labels or
    values), a categorical column with more than ``max_onehot_levels`` levels
    (a store, a postcode, a product code) is *target encoded* instead
    (:class:`~sklearn.preprocessing.TargetEncoder`): each level becomes the
    shrunk mean of the target over its rows (one column per class for
    multiclass labels). ``fit_transform`` encodes the training rows by cross
    fitting (each row's level by the other folds' rows, five folds), so that
    no row sees its own target; ``transform`` uses every fitted row. One-hot
    columns for hundreds of levels make the table wide and slow to train on,
    and a rare level has too few rows to be learned from; the target encoding
    keeps what the levels say about ``y`` on their own. It cannot show a
    column that matters only together with another (a level changing another
    column's slope while its own mean is flat): ``max_onehot_levels=None``
    one-hot encodes every level.

    Parameters
    ----------
    categorical_features : "from_dtype", None, array-like of str or int, or \
array-like of bool, default="from_dtype"
        Which columns are categorical, as in scikit-learn's
        :class:`~sklearn.ensemble.HistGradientBoostingClassifier`:
        ``"from_dtype"`` takes pandas ``category``, string and object (text)
        columns; a list of column names or indices, or a boolean mask, adds
        those columns (integer codes, say) to the text columns, which are
        categorical in any case. ``None``: only the text columns.
    max_onehot_levels : int or None, default=16
        Categorical columns with more levels than this (counted in ``fit``,
        after imputation) are target encoded when ``fit`` receives a
        one-column ``y``; otherwise, and with None, one-hot encoded.
    target_type : {"auto", "binary", "multiclass", "continuous"}, \
default="auto"
        The target's type for the target encoding; ``"auto"`` infers it
        (:func:`~sklearn.utils.multiclass.type_of_target`).
    random_state : int, RandomState instance or None, default=None
        Shuffles the rows before they are split into the cross-fitting folds.

    Attributes
    ----------
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, where ``X`` was a frame with string column names.
    categorical_ : ndarray of bool, shape (n_features_in_,)
        Which columns were encoded as categories.
    column_index_ : ndarray of int, shape (n_encoded,)
        The original column of every encoded column (its gate group).
    level_names_ : ndarray of object, shape (n_encoded,)
        A name for every encoded column: ``"age"`` for a numeric column,
        ``"age (missing)"`` for its missingness indicator, ``"visit.month"``
        for a part of a date column,
        ``"island=Dream"`` for a level of a categorical column,
        ``"store (target)"`` for a target-encoded column
        (``"store (target=c)"`` per class ``c`` of multiclass labels).
    target_encoded_ : ndarray of bool, shape (n_features_in_,)
        Which columns were target encoded.
    medians_ : ndarray of shape (n_features_in_,)
        The training median of every numeric column (NaN for categorical
        and date columns).
    most_frequent_ : ndarray of object, shape (n_features_in_,)
        The most frequent level of every categorical column (None for numeric
        ones), which replaces its missing values.

    Examples
    --------
    >>> import numpy as np
    >>> import pandas as pd
    >>> from skdfs.tabular import TableEncoder
    >>> df = pd.DataFrame({
    ...     "age": [30.0, np.nan, 50.0, 40.0],
    ...     "smoker": ["yes", "no", "no", None],
    ...     "island": pd.Categorical(["Biscoe", "Dream", "Torgersen", "Dream"]),
    ... })
    >>> encoder = TableEncoder().fit(df)
    >>> encoder.level_names_.tolist()
    ['age', 'age (missing)', 'smoker=yes', 'smoker (missing)', \
'island=Biscoe', 'island=Dream', 'island=Torgersen']
    >>> encoder.column_index_.tolist()
    [0, 0, 1, 1, 2, 2, 2]
    >>> encoder.transform(df)[1].tolist()  # age imputed by the median, 40
    [40.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0]
    """

    _parameter_constraints = {
        "categorical_features": ["array-like", str, None],
        "max_onehot_levels": [Interval(Integral, 1, None, closed="left"), None],
        "target_type": [StrOptions({"auto", *TARGET_KINDS})],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        categorical_features="from_dtype",
        max_onehot_levels=MAX_ONEHOT_LEVELS,
        target_type="auto",
        random_state=None,
    ):
        self.categorical_features = categorical_features
        self.max_onehot_levels = max_onehot_levels
        self.target_type = target_type
        self.random_state = random_state

    def fit(self, X, y=None):
        """Learn medians, levels and which columns need indicators.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features)
            The table.
        y : array-like of shape (n_samples,) or None, default=None
            The target, for the target encoding of categorical columns with
            many levels (``max_onehot_levels``); None: one-hot only.

        Returns
        -------
        self : TableEncoder
            The fitted encoder.

        Raises
        ------
        TableError
            Listing every column that cannot be encoded (all values missing,
            text mixed with numbers, infinite values), each with a remedy.
        """
        self._fit(X, y)
        return self

    def fit_transform(self, X, y=None):
        """Fit, then encode ``X``; target-encoded columns by cross fitting.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features)
            The table.
        y : array-like of shape (n_samples,) or None, default=None
            The target (see :meth:`fit`).

        Returns
        -------
        X_encoded : ndarray of shape (n_samples, n_encoded), dtype float64
            As :meth:`transform`, except that each row's target-encoded
            columns come from the encoders fitted on the other folds.
        """
        crossed = self._fit(X, y)
        out = self._encode(X)  # an array, whatever set_output asks of transform
        if crossed is not None:
            out[:, self._target_positions] = crossed
        return out

    def _fit(self, X, y):
        """Fit; return the cross-fitted target encodings of the rows (None
        where no column is target encoded)."""
        self._validate_params()
        X = _as_table(X)
        validate_data(self, X, skip_check_array=True, reset=True)
        names = self._names = feature_names(X)
        columns = table_columns(X)
        kinds = [column_kind(c) for c in columns]
        has_names = hasattr(self, "feature_names_in_")
        mask = _resolve_categorical(self.categorical_features, names, kinds, has_names)
        problems = []
        for name, kind, column in zip(names, kinds, columns):
            if kind == "mixed":
                values = np.asarray(column, dtype=object)
                present = values[~missing_mask(values)]
                text = list(dict.fromkeys(v for v in present if isinstance(v, str)))
                numbers = list(dict.fromkeys(v for v in present if is_number(v)))
                text, numbers = text[:3], numbers[:3]  # distinct examples
                problems.append(
                    f"column {name!r} mixes text ({preview(text)}) and numbers "
                    f"({preview(numbers)}): convert it to one type, e.g. "
                    f"pd.to_numeric(df[{name!r}], errors='coerce') or "
                    f"df[{name!r}].astype(str), or read the frame with "
                    "skdfs.rawtable.prepare_frame as `skdfs rank` does"
                )
            elif kind == "other":
                problems.append(
                    f"column {name!r} holds values that are neither numbers nor "
                    f"text (dtype {getattr(column, 'dtype', object)}): convert it "
                    "to numbers or strings first"
                )
        self.categorical_ = mask
        numeric = [j for j in range(len(names)) if not mask[j]]
        categorical = [j for j in range(len(names)) if mask[j]]
        for j in numeric:
            if kinds[j] in ("mixed", "other"):
                continue
            if kinds[j] == "datetime":
                if missing_mask(np.asarray(columns[j], dtype=object)).all():
                    problems.append(
                        f"column {names[j]!r} has no values (every entry is "
                        "missing): drop the column"
                    )
                continue
            values = as_float(columns[j])
            if np.isinf(values).any():
                problems.append(
                    f"Input X contains infinity in column {names[j]!r}: replace "
                    "it with a finite value or NaN (missing)"
                )
            if np.isnan(values).all():
                problems.append(
                    f"column {names[j]!r} has no values (every entry is missing): "
                    "drop the column"
                )
        for j in categorical:
            if kinds[j] in ("mixed", "other"):
                continue
            if missing_mask(np.asarray(columns[j], dtype=object)).all():
                problems.append(
                    f"column {names[j]!r} has no values (every entry is missing): "
                    "drop the column"
                )
        if problems:
            raise TableError(problems)

        self._numeric, self._categorical = numeric, categorical
        self._dates = {}
        self.medians_ = np.full(len(names), np.nan)
        self.most_frequent_ = np.full(len(names), None, dtype=object)
        index, levels = [], []
        self._num_imputer = self._cat_imputer = self._onehot = None
        drop = []  # a date's indicators after its first: the same column
        if numeric:
            self._dates = {
                j: _varying_parts(columns[j], names[j])
                for j in numeric
                if kinds[j] == "datetime"
            }
            Xn, source, parts = self._numeric_block(columns, names)
            self._num_imputer = SimpleImputer(strategy="median", add_indicator=True)
            self._num_imputer.fit(Xn)
            plain = [k for k, j in enumerate(source) if j not in self._dates]
            self.medians_[[source[k] for k in plain]] = self._num_imputer.statistics_[
                plain
            ]
            index += source
            levels += parts
            flagged = _indicator_features(self._num_imputer)
            seen = set()
            for k in flagged:
                j = source[k]
                if j in seen:
                    drop.append(len(index))
                seen.add(j)
                index.append(j)
                levels.append(f"{names[j]} (missing)")
        self.target_encoded_ = np.zeros(len(names), dtype=bool)
        self._wide, crossed, target_start = [], None, 0
        if categorical:
            Xc = np.column_stack([as_labels(columns[j]) for j in categorical])
            self._cat_imputer = SimpleImputer(
                strategy="most_frequent", add_indicator=True
            )
            Xi = self._cat_imputer.fit_transform(Xc)
            self.most_frequent_[categorical] = self._cat_imputer.statistics_
            k = len(categorical)
            target = None
            if self.max_onehot_levels is not None:
                target = encoding_target(y, len(Xi), self.target_type)
            if target is not None:
                self._wide = [
                    c
                    for c in range(k)
                    if len(np.unique(Xi[:, c])) > self.max_onehot_levels
                ]
            self._narrow = [c for c in range(k) if c not in self._wide]
            if self._narrow:
                self._onehot = OneHotEncoder(
                    drop="if_binary",
                    handle_unknown="ignore",
                    sparse_output=False,
                    dtype=np.float64,
                ).fit(Xi[:, self._narrow])
            for m, c in enumerate(self._narrow):
                j = categorical[c]
                cats = self._onehot.categories_[m]
                dropped = self._onehot.drop_idx_
                kept = [
                    v
                    for i, v in enumerate(cats)
                    if dropped is None or dropped[m] is None or i != dropped[m]
                ]
                index += [j] * len(kept)
                levels += [f"{names[j]}={v}" for v in kept]
            if self._wide:
                target_start = len(index)
                self._target_encoder, crossed = cross_fit(
                    Xi[:, self._wide], *target, random_state=self.random_state
                )
                suffixes = (
                    [f" (target={v})" for v in self._target_encoder.classes_]
                    if target[1] == "multiclass"
                    else [" (target)"]
                )
                for c in self._wide:
                    j = categorical[c]
                    self.target_encoded_[j] = True
                    index += [j] * len(suffixes)
                    levels += [names[j] + suffix for suffix in suffixes]
            # the imputer's indicators come after every level (transform's order)
            flagged = _indicator_features(self._cat_imputer)
            index += [categorical[k] for k in flagged]
            levels += [f"{names[categorical[k]]} (missing)" for k in flagged]
        order = np.argsort(index, kind="stable")
        order = order[~np.isin(order, drop)]
        self._order = order
        self.column_index_ = np.asarray(index, dtype=np.int64)[order]
        self.level_names_ = np.asarray(levels, dtype=object)[order]
        if crossed is None:
            return None
        inverse = np.empty(len(index), dtype=np.int64)
        inverse[order] = np.arange(len(order))  # encoded position of block columns
        self._target_positions = inverse[target_start : target_start + crossed.shape[1]]
        return crossed

    def _numeric_block(self, columns, names):
        """The numeric columns as floats (durations in days, each date as the
        parts chosen in fit); the original column and name of every block
        column."""
        blocks, source, parts = [], [], []
        for j in self._numeric:
            if j in self._dates:
                found = date_parts(columns[j], names[j], self._dates[j])
                blocks += list(found.values())
                parts += list(found)
            else:
                blocks.append(as_float(columns[j]))
                parts.append(names[j])
            source += [j] * (len(blocks) - len(source))
        return np.column_stack(blocks), source, parts

    def transform(self, X):
        """Encode ``X`` as floats.

        Parameters
        ----------
        X : pandas.DataFrame or array-like of shape (n_samples, n_features_in_)
            A table with the columns seen in ``fit``.

        Returns
        -------
        X_encoded : ndarray of shape (n_samples, n_encoded), dtype float64
            Columns ordered by original column: a numeric column, then its
            missingness indicator; a categorical column's levels, then its
            indicator (see ``level_names_``).
        """
        check_is_fitted(self)
        return self._encode(X)

    def _encode(self, X):
        X = _as_table(X)
        validate_data(self, X, skip_check_array=True, reset=False)
        columns = table_columns(X)
        blocks = []
        if self._numeric:
            Xn = self._numeric_block(columns, self._names)[0]
            Xn = np.where(np.isinf(Xn), np.nan, Xn)
            blocks.append(self._num_imputer.transform(Xn))
        if self._categorical:
            Xc = np.column_stack([as_labels(columns[j]) for j in self._categorical])
            Xi = self._cat_imputer.transform(Xc)
            k = len(self._categorical)
            parts = []
            if self._narrow:
                with warnings.catch_warnings():
                    # unseen levels encode as zeros, as documented
                    warnings.filterwarnings("ignore", "Found unknown categories")
                    parts.append(self._onehot.transform(Xi[:, self._narrow]))
            if self._wide:  # unseen levels: the target's mean
                parts.append(
                    self._target_encoder.transform(Xi[:, self._wide].astype(str))
                )
            if Xi.shape[1] > k:
                parts.append(Xi[:, k:].astype(np.float64))
            blocks.append(np.hstack(parts))
        out = np.hstack(blocks) if blocks else np.empty((len(X), 0))
        return np.ascontiguousarray(out[:, self._order], dtype=np.float64)

    def get_feature_names_out(self, input_features=None):
        """Names of the encoded columns (``level_names_``).

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The input columns' names: with them, every encoded column's name
            starts with its input column's name from this list (a
            :class:`~sklearn.pipeline.Pipeline` passes the names of the step
            before, such as a selector's kept columns, where this encoder
            was fitted on an array). They must equal ``feature_names_in_``
            where the encoder has it. None: ``level_names_``.

        Returns
        -------
        ndarray of object
        """
        check_is_fitted(self)
        if input_features is None:
            return self.level_names_.copy()
        given = np.asarray(input_features, dtype=object)
        if given.ndim != 1 or len(given) != self.n_features_in_:
            raise ValueError(
                f"input_features should have length equal to number of features "
                f"({self.n_features_in_}), got {len(given)}"
            )
        known = getattr(self, "feature_names_in_", None)
        if known is not None and not np.array_equal(given, known):
            raise ValueError("input_features is not equal to feature_names_in_")
        return np.asarray(
            [
                str(given[j]) + name[len(self._names[j]) :]
                for j, name in zip(self.column_index_, self.level_names_)
            ],
            dtype=object,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        return tags


def _varying_parts(column, name):
    """The date parts that vary in ``column`` (the time trend where none
    does)."""
    found = date_parts(column, name) or {f"{name}.time": None}
    return [key[len(name) + 1 :] for key in found]


def _indicator_features(imputer):
    indicator = getattr(imputer, "indicator_", None)
    return [] if indicator is None else list(indicator.features_)


def _as_table(X):
    """A frame stays a frame; anything else becomes a 2-D numpy array."""
    if is_frame(X):
        return X
    if hasattr(X, "to_numpy") and getattr(X, "ndim", 2) == 1:  # a Series
        raise ValueError(
            "Expected a 2D table, got a 1D Series: pass df[[column]] for one column"
        )
    array = np.asarray(X)
    if array.ndim != 2:
        raise ValueError(
            f"Expected a 2D table, got an array of {array.ndim} dimension(s); "
            "reshape one feature with X.reshape(-1, 1)"
        )
    return array


# ---------------------------------------------------------- selector wiring
def needs_encoding(X, categorical_features):
    """Whether ``X`` needs :class:`TableEncoder` before the networks.

    True where ``X`` (a pandas frame or an array) has a text, ``category``,
    date, duration or ``categorical_features`` column, or a missing value (or
    a column of other values, which the encoder refuses by name). Numeric data without
    missing values, sparse matrices and other containers are left to the
    selector's ordinary validation.

    Parameters
    ----------
    X : object
        The ``X`` given to ``fit``.
    categorical_features : "from_dtype", None, or array-like
        The selector's parameter.

    Returns
    -------
    bool
    """
    if is_frame(X):
        columns = table_columns(X)
    else:
        if not isinstance(X, (np.ndarray, list, tuple)):
            return False
        try:
            array = np.asarray(X)
        except (ValueError, TypeError):  # ragged: validate_data explains
            return False
        if array.ndim != 2 or array.dtype.kind not in "biufOUS":
            return False
        if array.dtype.kind in "biuf":
            if _selects_any(categorical_features, array.shape[1]):
                return True
            # NaN to impute, or infinity for the encoder to name by column
            return array.dtype.kind == "f" and not bool(np.isfinite(array).all())
        columns = [array[:, j] for j in range(array.shape[1])]
    kinds = [column_kind(c) for c in columns]
    if any(k not in ("numeric", "bool") for k in kinds):
        # text, dates, durations; other values: TableEncoder names a frame's
        # column, scikit-learn's validation an array's (its TypeError)
        return is_frame(X) or "other" not in kinds
    if _selects_any(categorical_features, len(columns)):
        return True
    return any(
        missing_mask(np.asarray(c, dtype=object)).any() or np.isinf(as_float(c)).any()
        for c in columns
    )


def with_dates_as_objects(X):
    """``X`` with its numpy date and duration columns as objects (a copy), so
    that scikit-learn's validation can hold them beside numbers; any other
    ``X`` as it is."""
    if not is_frame(X):
        return X
    dates = [j for j, t in enumerate(X.dtypes) if getattr(t, "kind", "") in "mM"]
    if not dates:
        return X
    X = X.copy()
    for j in dates:
        X.isetitem(j, X.iloc[:, j].astype(object))
    return X


def _selects_any(categorical_features, d):
    if categorical_features is None or isinstance(categorical_features, str):
        return False
    spec = np.asarray(categorical_features)
    if spec.dtype.kind == "b":
        return bool(spec.any())
    return spec.size > 0


def check_class_count(selector, codes):
    """Refuse a classification target with implausibly many classes.

    A numeric column with as many distinct values as a price or a count is a
    regression target read as class labels: training would build one output
    per value and learn nothing. Refused where there are more classes than
    ``max(20, 5% of the rows)``, or where no class has more than two rows.

    Parameters
    ----------
    selector : DeepFeatureSelector
        The selector being fitted (``task_`` and ``classes_`` set).
    codes : ndarray of int or None
        The class code of every row (None for other tasks).

    Raises
    ------
    ValueError
        Naming the number of classes and suggesting ``task="regression"``.
    """
    if selector.task_ != "classification" or codes is None:
        return
    n = len(codes)
    counts = np.bincount(codes)
    n_classes = len(counts)
    limit = max(MIN_CLASS_LIMIT, int(CLASS_FRACTION * n))
    numeric = np.asarray(selector.classes_).dtype.kind in "biuf"
    hint = (
        "; if y is a quantity (a price, a count), use task='regression'"
        if numeric
        else "; merge rare classes first"
    )
    if n_classes > limit:
        raise TableError(
            f"y has {n_classes} classes in {n} rows, more than a classifier can "
            f"learn (at most max({MIN_CLASS_LIMIT}, {CLASS_FRACTION:.0%} of the "
            f"rows) = {limit}){hint}"
        )
    if n_classes > 2 and counts.max() <= 2:
        raise TableError(
            f"y has {n_classes} classes in {n} rows and none has more than 2 rows, "
            f"so no class can be learned{hint}"
        )


def fit_table(selector, X, y, sample_groups=None):
    """Fit ``selector`` on a table that needs encoding; return the selector.

    ``X`` is encoded by a :class:`TableEncoder` (the selector's
    ``categorical_features``) and a copy of the selector is trained on the
    encoded matrix with one gate group per original column (or per group of
    the selector's own ``groups``, given over the original columns). Its
    fitted state is then moved onto ``selector`` with every per-feature
    attribute given per original column; the encoded columns get
    ``level_names_``, ``level_columns_`` and ``level_importances_``.

    Parameters
    ----------
    selector : DeepFeatureSelector
        The selector being fitted (its parameters already validated).
    X : pandas.DataFrame or array-like of shape (n_samples, n_features)
        The table.
    y : array-like
        The targets.
    sample_groups : array-like of shape (n_samples,) or None
        Passed on to the inner fit (rows kept together in the splits).

    Returns
    -------
    selector : DeepFeatureSelector
        ``selector``, fitted.
    """
    X = _as_table(X)
    validate_data(selector, X, skip_check_array=True, reset=True)
    for name in ("encoder_", "level_names_", "level_columns_", "level_importances_"):
        selector.__dict__.pop(name, None)
    kind = target_kind(selector.task, y)
    encoder = TableEncoder(
        categorical_features=selector.categorical_features,
        max_onehot_levels=selector.max_onehot_levels,
        target_type=kind or "auto",
        random_state=selector.random_state,
    )
    Xe = encoder.fit_transform(X, None if kind is None else y)
    d = X.shape[1]
    names = getattr(selector, "feature_names_in_", None)
    if selector.groups is None:
        index = np.arange(d)
        group_names = np.asarray(feature_names(X), dtype=object)
    else:
        index, group_names = resolve_groups(selector.groups, d, names)
    per_level = index[encoder.column_index_]
    lists = [np.flatnonzero(per_level == g).tolist() for g in range(len(group_names))]
    inner = clone(selector).set_params(groups=lists, categorical_features=None)
    # The inner fit's own warnings already point past skdfs, at the caller;
    # the caller's columns were checked for identifiers before encoding.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ColumnWarning)
        inner.fit(Xe, y, sample_groups=sample_groups)

    params = set(selector.get_params(deep=False))
    for key, value in vars(inner).items():
        if key not in params and key not in ("n_features_in_", "feature_names_in_"):
            setattr(selector, key, value)
    for key in GROUP_ATTRIBUTES:
        selector.__dict__.pop(key, None)
    member = inner.member_group_importances_
    if selector.groups is None:
        selector.importances_ = member
        selector.feature_importances_ = inner.group_importances_
        selector.feature_importances_std_ = inner.group_importances_std_
        selector.ranking_ = inner.group_ranking_
    else:
        size = np.bincount(index, minlength=len(group_names))
        selector.groups_ = index
        selector.group_names_ = group_names
        selector.group_sizes_ = size
        selector.member_group_importances_ = member
        selector.group_importances_ = inner.group_importances_
        selector.group_importances_std_ = inner.group_importances_std_
        selector.group_ranking_ = inner.group_ranking_
        selector.importances_ = member[:, index] / size[index]
        selector.feature_importances_ = inner.group_importances_[index] / size[index]
        selector.feature_importances_std_ = (
            inner.group_importances_std_[index] / size[index]
        )
        selector.ranking_ = inner.group_ranking_[index]
    selector.encoder_ = encoder
    selector.level_names_ = encoder.level_names_.copy()
    selector.level_columns_ = encoder.column_index_.copy()
    selector.level_importances_ = _level_importances(inner, member, per_level)
    return selector


def _level_importances(inner, member, per_level):
    """Each group's importance split over its encoded columns.

    The split follows every member's first-layer weight mass on the column
    (the ``"weights"`` method: gate times the summed absolute weights the
    column feeds into the first layer, on standardised inputs), averaged over
    the used members; within a group the shares sum to the group's importance.
    """
    net = inner.net_
    n_inputs = net.module_.n_features
    n_levels = len(per_level)
    weights = member_importances(
        "weights",
        net,
        np.zeros((1, n_inputs), dtype=np.float32),
        scale=np.ones(n_inputs),
    )[:, :n_levels]
    totals = np.zeros((weights.shape[0], member.shape[1]))
    np.add.at(totals.T, per_level, weights.T)
    total = totals[:, per_level]
    share = np.where(total > 0, weights / np.where(total > 0, total, 1.0), 0.0)
    # a group whose weights are all zero: split evenly
    sizes = np.bincount(per_level, minlength=member.shape[1])[per_level]
    share = np.where(total > 0, share, 1.0 / sizes)
    levels = member[:, per_level] * share
    return levels[inner.members_used_].mean(axis=0)
