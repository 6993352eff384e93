"""Columns of a table: their kind, their values as floats or labels, dates.

Shared by :mod:`skdfs.tabular` (the encoder inside ``fit``) and
:mod:`skdfs.rawtable` (``skdfs rank``'s reading of a raw table), so that a
column is classified and a date is split the same way in both.
"""

from __future__ import annotations

import datetime as _dt
import warnings
from decimal import Decimal
from numbers import Real

import numpy as np

__all__ = [
    "COUNTER_WORDS",
    "DATE_PARTS",
    "as_float",
    "as_labels",
    "column_kind",
    "date_parts",
    "feature_names",
    "identifier_columns",
    "is_counter",
    "is_free_text",
    "is_frame",
    "looks_like_dates",
    "is_number",
    "missing_mask",
    "preview",
    "table_columns",
]

#: The numeric parts a date column becomes: a time trend in years, the month,
#: the day of the week (0 is Monday) and the hour of the day (with minutes).
DATE_PARTS = ("time", "month", "weekday", "hour")

_DATE_TYPES = (_dt.date, np.datetime64)  # datetime.datetime and Timestamp too


def is_frame(X):
    return hasattr(X, "iloc") and hasattr(X, "dtypes") and getattr(X, "ndim", 0) == 2


def table_columns(X):
    """The columns of ``X`` as a list of 1-D arrays or pandas Series."""
    if is_frame(X):
        return [X.iloc[:, j] for j in range(X.shape[1])]
    return [X[:, j] for j in range(X.shape[1])]


def missing_mask(values):
    """Boolean mask of missing entries (NaN, None, pd.NA, NaT)."""
    try:
        import pandas as pd

        return np.asarray(pd.isna(values), dtype=bool)
    except ImportError:  # pragma: no cover - pandas is a dependency of tests
        values = np.asarray(values, dtype=object)
        return np.array([v is None or v != v for v in values], dtype=bool)


def is_number(value):
    """Whether ``value`` is a number (a ``Decimal`` from a database too), not
    a boolean."""
    return isinstance(value, (Real, Decimal, np.number)) and not isinstance(
        value, (bool, np.bool_)
    )


def column_kind(column):
    """The kind of a column: ``"numeric"``, ``"categorical"``, ``"bool"``,
    ``"datetime"``, ``"timedelta"``, ``"mixed"`` or ``"other"``.

    From the dtype (pandas ``category``, ``object`` and string columns are
    categorical; ``datetime64``, with or without a time zone, and
    ``timedelta64`` are dates and durations) and, for object columns, from the
    values: numbers only are numeric, text only (or text and booleans)
    categorical, dates only (``datetime.date``, ``datetime.datetime``,
    ``pandas.Timestamp``) ``"datetime"``, durations only ``"timedelta"``, text
    mixed with numbers ``"mixed"`` (an error), anything else ``"other"``.
    """
    dtype = getattr(column, "dtype", None)
    if dtype is not None and dtype != np.dtype(object):
        kind = getattr(dtype, "kind", None)
        name = str(dtype)
        if name == "category" or name.startswith("string") or name == "str":
            return "categorical"
        if kind == "b" or name == "boolean":
            return "bool"
        if kind in "iuf" or name.startswith(("Int", "UInt", "Float")):
            return "numeric"
        if kind in "US":
            return "categorical"
        if kind == "M" or name.startswith("datetime64"):
            return "datetime"
        if kind == "m":
            return "timedelta"
        return "other"
    values = np.asarray(column, dtype=object)
    present = values[~missing_mask(values)]
    kinds = set()
    for v in present:
        if isinstance(v, str):
            kinds.add("text")
        elif isinstance(v, (bool, np.bool_)):
            kinds.add("bool")
        elif is_number(v):
            kinds.add("number")
        elif isinstance(v, _DATE_TYPES):
            kinds.add("datetime")
        elif isinstance(v, (_dt.timedelta, np.timedelta64)):
            kinds.add("timedelta")
        else:
            return "other"
    if not kinds or kinds == {"number"}:
        return "numeric"
    if len(kinds) == 1 and kinds <= {"bool", "datetime", "timedelta"}:
        return kinds.pop()
    if kinds & {"datetime", "timedelta"}:
        return "other"
    if "text" in kinds and "number" in kinds:
        return "mixed"
    return "categorical"


def as_float(column):
    """A numeric or boolean column as float64 with NaN for missing entries;
    a duration column (``"timedelta"``) in days."""
    dtype = getattr(column, "dtype", None)
    if getattr(dtype, "kind", None) == "m" or (
        dtype == np.dtype(object) and _holds_durations(column)
    ):
        import pandas as pd

        if dtype == np.dtype(object):
            column = np.asarray(column, dtype=object)
        days = pd.to_timedelta(pd.Series(column), errors="coerce").dt.total_seconds()
        return days.to_numpy(dtype=np.float64, na_value=np.nan) / 86400.0
    if hasattr(column, "to_numpy"):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    values = np.asarray(column)
    if values.dtype == object:
        mask = missing_mask(values)
        out = np.full(values.shape, np.nan)
        out[~mask] = values[~mask].astype(np.float64)
        return out
    return values.astype(np.float64)


def _holds_durations(column):
    """Whether an object column's first value is a duration (``column_kind``
    has checked the rest)."""
    values = np.asarray(column, dtype=object)
    present = values[~missing_mask(values)]
    return present.size > 0 and isinstance(present[0], (_dt.timedelta, np.timedelta64))


def as_labels(column):
    """A categorical column as an object array with ``np.nan`` for missing."""
    values = np.asarray(column, dtype=object).copy()
    mask = missing_mask(values)
    values[mask] = np.nan
    present = values[~mask]
    if any(isinstance(v, (bool, np.bool_)) for v in present):
        # text mixed with booleans (a CSV's "True" next to "maybe"): all text
        values[~mask] = [str(v) for v in present]
    return values


def preview(values, limit=5, quote=True):
    """``"a", "b", ... (N more)``: the first ``limit`` values, strings quoted
    (``repr``) unless ``quote`` is False, then how many were left out."""
    values = [repr(v) if quote and isinstance(v, str) else str(v) for v in values]
    more = len(values) - limit
    return ", ".join(values[:limit]) + (f", ... ({more} more)" if more > 0 else "")


def feature_names(X):
    if is_frame(X):
        return [str(c) for c in X.columns]
    return [f"x{j}" for j in range(X.shape[1])]


def date_parts(values, name, parts=None):
    """The numeric parts of a date column (:data:`DATE_PARTS`).

    Parameters
    ----------
    values : pandas.Series or array-like
        Dates: a ``datetime64`` column (a time zone is converted to UTC),
        date objects, or text that parses as dates. NaN where a value is
        missing or does not parse.
    name : str
        The column's name; the parts are named ``"<name>.<part>"``.
    parts : sequence of str or None, default=None
        The parts to return, each of :data:`DATE_PARTS`. None: those that take
        more than one value here.

    Returns
    -------
    dict or None
        Part name to float64 array; None where no part varies (``parts`` None).
    """
    import pandas as pd

    series = values if isinstance(values, pd.Series) else pd.Series(list(values))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if series.dtype != np.dtype(object) and column_kind(series) == "datetime":
            dates = pd.to_datetime(series)
        else:
            dates = pd.to_datetime(
                series.astype(object), errors="coerce", format="mixed"
            )
        if getattr(dates.dt, "tz", None) is not None:
            dates = dates.dt.tz_convert(None)
    start = pd.Timestamp("1970-01-01")
    years = (dates - start).dt.total_seconds() / (365.2425 * 86400) + 1970
    every = {
        "time": years,
        "month": dates.dt.month,
        "weekday": dates.dt.day_of_week,
        "hour": dates.dt.hour + dates.dt.minute / 60,
    }
    every = {k: v.to_numpy(dtype=np.float64, na_value=np.nan) for k, v in every.items()}
    if parts is not None:
        return {f"{name}.{p}": every[p] for p in parts}
    kept = {}
    for part, column in every.items():
        present = column[~np.isnan(column)]
        if present.size and len(np.unique(present)) > 1:
            kept[f"{name}.{part}"] = column
    return kept or None


#: Fewest rows for a column to be called an identifier.
MIN_ID_ROWS = 20

#: What :func:`is_counter` finds, as the notes and warnings say it.
COUNTER_WORDS = "distinct whole numbers, one per row, nearly consecutive"
#: Share of a text column's present values that must be distinct for it to
#: be called an identifier (Titanic's names: 1,307 of 1,309).
ID_SHARE = 0.95


def is_counter(values):
    """Whether a numeric column (float, NaN for missing) is a row number or an
    identifier: a distinct integer in at least 95% of the rows, no two alike,
    spanning at most 1.5 times as many values as it has (a sequence), and at
    least :data:`MIN_ID_ROWS` of them."""
    present = values[~np.isnan(values)]
    return bool(
        present.size >= max(MIN_ID_ROWS, 0.95 * len(values))
        and np.all(present == np.round(present))
        and np.unique(present).size == present.size
        and present.max() - present.min() + 1 <= 1.5 * present.size
    )


def looks_like_dates(text, fraction=0.9):
    """Whether ``fraction`` of the text cells (a pandas Series, no missing
    values) hold digits and a date separator and parse as dates."""
    import pandas as pd

    sample = text.astype(str)
    if len(sample) == 0 or not sample.str.contains(r"\d").mean() > fraction:
        return False
    if not sample.str.contains(r"[-/:.]|\d{8}").mean() > fraction:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(sample, errors="coerce", format="mixed")
    return bool(parsed.notna().mean() >= fraction)


def is_free_text(values):
    """Whether text values read as free text rather than an identifier's
    codes: more than three words on average."""
    return bool(np.mean([len(str(v).split()) for v in values]) > 3)


def identifier_columns(X):
    """The columns of ``X`` that look like identifiers, as ``(name, what)``.

    A numeric column is one where :func:`is_counter` says so; a text column
    of a frame where at least :data:`ID_SHARE` of its present values (and
    :data:`MIN_ID_ROWS` of them) are distinct: an identifier where they are
    short, free text where they average more than three words (``what``
    says which); and a text column of more than :data:`MIN_ID_ROWS`
    distinct dates, however often each repeats. Other
    inputs (sparse, lists of rows) give no columns.
    """
    if not (is_frame(X) or isinstance(X, np.ndarray)) or getattr(X, "ndim", 0) != 2:
        return []
    found = []
    if isinstance(X, np.ndarray) and X.dtype.kind in "iuf":
        whole = np.all(np.isnan(X) | (X == np.round(X)), axis=0) if X.size else []
        for j in np.flatnonzero(whole):
            if is_counter(X[:, j].astype(np.float64)):
                found.append((f"x{j}", COUNTER_WORDS))
        return found
    for name, column in zip(feature_names(X), table_columns(X)):
        kind = column_kind(column)
        if kind == "numeric" and is_counter(as_float(column)):
            found.append((name, COUNTER_WORDS))
        elif kind == "categorical":
            values = np.asarray(column, dtype=object)
            present = [str(v) for v in values[~missing_mask(values)]]
            distinct = set(present)
            if len(distinct) > MIN_ID_ROWS and _text_dates(sorted(distinct)[:1000]):
                found.append((name, "dates written as text"))  # a day's rows too
                continue
            if len(present) < MIN_ID_ROWS or len(distinct) < ID_SHARE * len(present):
                continue
            rows = "every row" if len(distinct) == len(present) else "nearly every row"
            if is_free_text(present):
                found.append((name, f"free text, a different one in {rows}"))
            else:
                found.append((name, f"a different text in {rows}"))
    return found


def _text_dates(present):
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency of tests
        return False
    return looks_like_dates(pd.Series(present))
