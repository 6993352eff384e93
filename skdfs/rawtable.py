"""Raw tables for ``skdfs rank``: what to make of each column of a CSV.

:func:`prepare_frame` reads text columns as categories, turns dates into
numeric parts and leaves identifier-like columns out, with a notice for each
decision; :func:`target_task` decides whether a target column is class labels
or a quantity. The encoding itself is :class:`skdfs.tabular.TableEncoder`'s.
"""

from __future__ import annotations

import logging

import numpy as np

from ._cells import PARSE_FRACTION, codes_to_missing, read_numbers, text_as_numbers
from ._columns import (
    COUNTER_WORDS,
    as_float,
    column_kind,
    date_parts,
    is_counter,
    looks_like_dates,
    missing_mask,
    preview,
)
from ._files import header_row, pandas_or_error, read_table, separator_hint
from ._levels import target_kind
from ._notices import (
    codes_note,
    collapse,
    identifier_note,
    level_notes,
    numbers_note,
    ordered_levels_note,
    rare_classes_note,
    repeat_notes,
)
from .groups import groups_from_correlation
from .tabular import (
    CLASS_FRACTION,
    MAX_ONEHOT_LEVELS,
    MIN_CLASS_LIMIT,
    TableError,
)

__all__ = [
    "correlated_groups",
    "header_row",
    "many_levels_note",
    "prepare_frame",
    "prepare_target",
    "read_table",
    "separator_hint",
    "skew_note",
    "skewed_columns",
    "target_task",
]

logger = logging.getLogger("skdfs")


def _note(message):
    logger.warning("skdfs: note: %s", message)


#: A text column with more distinct values than this share of its non-missing
#: rows (and more than ``MIN_ID_LEVELS`` of them) is identifier-like.
ID_FRACTION = 0.5
MIN_ID_LEVELS = 20
#: A column of one value and blanks is a flag where both have this many rows
#: and the blanks this share of them.
MIN_FLAG_ROWS = 5
FLAG_BLANK_SHARE = 0.05
#: Pairs of words a multilabel target column may hold instead of 1 and 0.
YES_NO = (
    ("yes", "no"),
    ("y", "n"),
    ("true", "false"),
    ("t", "f"),
    ("positive", "negative"),
    ("present", "absent"),
    ("ja", "nein"),
)


def _integer_valued(values):
    present = values[~np.isnan(values)]
    return present.size > 0 and bool(np.all(present == np.round(present)))


def target_task(series):
    """The task ``skdfs rank`` infers from a target column, and a notice.

    Text and booleans are class labels. Numbers with a fractional part are a
    regression target; integers are class labels unless they hold more
    distinct values than ``max(20, 5% of the rows)``, which makes them a
    quantity (a price, a count) and the task regression.

    Parameters
    ----------
    series : pandas.Series
        The target column, without missing values.

    Returns
    -------
    task : {"classification", "regression"}
    notice : str or None
        Why an integer column was read as a regression target.
    """
    kind = column_kind(series)
    if kind != "numeric":
        return "classification", None
    values = as_float(series)
    if not _integer_valued(values):
        return "regression", None
    n_unique = len(np.unique(values))
    limit = max(MIN_CLASS_LIMIT, int(CLASS_FRACTION * len(values)))
    if n_unique > limit:
        return "regression", (
            f"target {str(series.name)!r} holds {n_unique} distinct integers, more "
            f"than a classifier can learn from {len(values)} rows (at most "
            f"{limit}): treated as a quantity (regression); pass --task "
            "classification to insist"
        )
    return "classification", None


def prepare_frame(df, columns=None, categorical=(), codes_as_missing=True):
    """Read the raw feature columns of a table as the selector can take them.

    Every decision is reported as a notice; the caller's frame is not
    modified.

    - Numbers, booleans and text categories are kept (missing values stay
      missing: the selector imputes them and adds indicators).
    - A text column of numbers with a few odd entries (``"?"``, ``"n/a"``) is
      read as numbers, the odd entries as missing; so is one written with a
      unit, a currency symbol, a percent sign or digit grouping (``"10 mg"``,
      ``"$1,234.50"``, ``"45%"``, ``"70,12"``) where one convention reads
      nearly all of it.
    - An all-nines value far outside a numeric column's other values
      (``-999`` among ages) is read as missing (``codes_as_missing``).
    - Spaces around text values are dropped; levels that differ only in
      case, and columns that repeat another, are named in a notice.
    - A text column of dates becomes its numeric parts (a time trend in
      years, the month, the day of the week; the hour where times vary),
      given to the selector as one group.
    - Identifier-like columns (a distinct value in more than half of the rows,
      or a sequential integer counter) and columns with one value or none are
      left out.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    columns : list, default=None
        Its feature columns (labels of ``df``); None: every column.
    categorical : sequence, default=()
        Columns to read as categories whatever they hold (integer codes).
    codes_as_missing : bool, default=True
        Read codes for missing values (``-999``, ``9999``: see
        :data:`skdfs._cells.CODES`) as missing where they lie far outside a
        column's other values.

    Returns
    -------
    X : pandas.DataFrame
        The feature columns to use (date parts named ``"<column>.<part>"``).
    groups : dict or None
        Original column name -> list of indices into ``X``, for the columns
        turned into several (dates); None where there are none.
    notices : list of str
        One line per decision (a column left out, dates split, text read as
        numbers).
    kinds : dict
        Original column name -> short description (``"text, 3 levels"``,
        ``"date"``, ``"number"``, plus the share missing).
    """
    import pandas as pd

    columns = list(df.columns) if columns is None else columns
    out, groups, notices, kinds = {}, {}, [], {}
    for c in columns:
        name = str(c)
        series = df[c]
        missing = missing_mask(series.to_numpy(dtype=object))
        n_present = int((~missing).sum())
        share = _missing_share(missing)
        if n_present == 0:
            notices.append(
                ("empty", name, f"left out {name!r}: every value is missing")
            )
            continue
        kind = column_kind(series)
        if kind == "datetime" and c not in categorical:
            notices.append(_dates(series, name, out, groups, kinds, share))
            continue
        if kind == "timedelta":
            series, kind = pd.Series(as_float(series), index=series.index), "numeric"
            note = f"read {name!r} as durations, in days"
            notices.append(("durations", name, note))
        if c in categorical:
            levels = series[~missing].astype(str).unique()
            out[name] = series.astype(str).astype(object).where(~missing, np.nan)
            kinds[name] = f"category, {len(levels)} levels" + share
            continue
        if kind == "categorical" or kind == "mixed":
            text = series.astype(object).where(~missing, None)
            n_raw = len(set(text[~missing]))
            text = text.map(lambda v: v.strip() or None if isinstance(v, str) else v)
            missing = text.isna().to_numpy()
            n_present, share = int((~missing).sum()), _missing_share(missing)
            if n_present == 0:
                notices.append(
                    ("blank", name, f"left out {name!r}: every value is blank")
                )
                continue
            levels = text[~missing].astype(str).unique()
            many = len(levels) > max(ID_FRACTION * n_present, MIN_ID_LEVELS)
            numbers, how, odd = text_as_numbers(text, missing)
            if numbers is not None:
                note = numbers_note(repr(name), text, numbers, how, odd)
                notices.append(("numbers", name, note))
                series, kind = numbers.astype(np.float64), "numeric"
                missing = series.isna().to_numpy()
                share = _missing_share(missing)
            elif looks_like_dates(text[~missing], PARSE_FRACTION):
                notices.append(_dates(text, name, out, groups, kinds, share))
                continue
            else:
                pair = _number_pairs(text, missing, name, out, groups, kinds, share)
                if pair is not None:  # "130/85": systolic and diastolic
                    notices.append(pair)
                    continue
                if many:
                    empty = len(series) - n_present
                    note = identifier_note(name, levels, n_present, empty)
                    notices.append(("identifier", name, note))
                    continue
                if len(levels) == 1:
                    notices.append(_one_value(name, levels[0], missing, out, kinds))
                    continue
                truth = _truth_values(levels)
                if truth is not None:  # "TRUE", "true", "1", "FALSE", ...: one flag
                    out[name] = text.map(truth).astype(np.float64)
                    kinds[name] = "yes/no" + share
                    ones = [v for v in levels if truth[v] == 1]
                    note = f"read {name!r} as yes/no: {preview(ones, 4)} as 1, the "
                    notices.append(("yesno", name, note + "other spellings as 0"))
                    continue
                notices += level_notes(name, levels, n_raw)
                out[name] = text.astype(object)
                kinds[name] = f"text, {len(levels)} levels" + share
                continue
        if kind == "other":
            note = f"left out {name!r}: values of type {series.dtype} are "
            notices.append(("other", name, note + "neither numbers nor text"))
            continue
        values = as_float(series)
        present = values[~np.isnan(values)]
        if np.isinf(present).any():
            notices.append(
                ("infinite", name, f"{name!r}: infinite values read as missing")
            )
            values = np.where(np.isinf(values), np.nan, values)
            present = values[~np.isnan(values)]
        codes = {}
        if codes_as_missing and kind == "numeric":
            values, codes = codes_to_missing(values)
        if codes:
            present = values[~np.isnan(values)]
            share = _missing_share(np.isnan(values))
            notices.append(("codes", name, codes_note(name, codes, present)))
        if len(np.unique(present)) == 1:
            missing = np.isnan(values)
            notices.append(_one_value(name, present[0], missing, out, kinds))
            continue
        if kind == "numeric" and is_counter(values):
            note = f"left out {name!r}: {COUNTER_WORDS} (a row number or identifier)"
            notices.append(("counter", name, note))
            continue
        out[name] = values
        kinds[name] = ("yes/no" if kind == "bool" else "number") + share
    notices = collapse(notices) + repeat_notes(out, kinds)
    X = pd.DataFrame(out, index=df.index)
    return X, (groups or None), notices, kinds


def _dates(values, name, out, groups, kinds, share):
    """Add a date column's varying parts to ``out`` as one group; the notice."""
    parts = date_parts(values, name)
    if parts is None:
        return ("constant", name, f"left out {name!r}: dates with a single value")
    start = len(out)
    out.update(parts)
    groups[name] = list(range(start, len(out)))
    kinds[name] = "date" + share
    used = ", ".join(p.split(".")[-1] for p in parts)
    return ("dates", name, f"read {name!r} as dates: used as {used} (one group)")


#: Two numbers in a cell, such as a blood pressure ("130/85").
_PAIR = r"^\s*(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?)\s*$"


def _number_pairs(text, missing, name, out, groups, kinds, share):
    """A text column of two numbers per cell (``"130/85"``) as two numeric
    columns in one group; the notice, or None where fewer than
    ``PARSE_FRACTION`` of the cells are such pairs."""
    present = text[~missing].astype(str)
    if present.empty or present.str.contains("/", regex=False).mean() < PARSE_FRACTION:
        return None
    parts = text.astype(str).str.extract(_PAIR).astype(float)
    parts[missing] = np.nan
    read = parts.notna().all(axis=1).to_numpy()
    if read.sum() < PARSE_FRACTION * (~missing).sum() or parts.iloc[:, 1].nunique() < 2:
        return None
    start = len(out)
    out[f"{name}.1"], out[f"{name}.2"] = parts[0].to_numpy(), parts[1].to_numpy()
    groups[name] = [start, start + 1]
    kinds[name] = "two numbers" + share
    first = int(np.flatnonzero(read)[0])
    example = (
        f"{text.iloc[first]!r} is {parts.iloc[first, 0]:g} and {parts.iloc[first, 1]:g}"
    )
    return (
        "pairs",
        name,
        f"read {name!r} as two numbers, before and after '/' ({name}.1, {name}.2; "
        f"one group): {example}",
    )


#: Spellings of yes and no in a column that mixes them (``"TRUE"``, ``"1"``).
TRUTH = {"true": 1, "yes": 1, "y": 1, "t": 1, "1": 1}
TRUTH.update({"false": 0, "no": 0, "n": 0, "f": 0, "0": 0})


def _truth_values(levels):
    """Level -> 1 or 0 where a text column spells yes and no in more than two
    ways (``"TRUE"``, ``"True"``, ``"1"`` beside ``"FALSE"``, ``"0"``); else
    None (two plain levels stay text)."""
    keys = [str(v).strip().casefold() for v in levels]
    if len(levels) <= 2 or not all(k in TRUTH for k in keys):
        return None
    values = {v: TRUTH[k] for v, k in zip(levels, keys)}
    return values if set(values.values()) == {0, 1} else None


def _merge_case(y, name):
    """Class labels that differ only in case as one class, spelled as most
    rows spell it (a target's ``"Yes"``, ``"yes"``, ``"YES"``), with a note;
    feature levels stay apart (``level_notes``)."""
    labels, counts = np.unique(y, return_counts=True)
    spellings = {}  # one pass: a text target may hold thousands of labels
    for v, n in zip(labels, counts):
        spellings.setdefault(str(v).casefold(), []).append((n, str(v)))
    spelling, merged = {}, []
    for same in spellings.values():
        if len(same) > 1:
            main = max(same)[1]
            spelling.update({v: main for _, v in same})
            merged.append(
                f"{', '.join(repr(v) for _, v in sorted(same)[::-1])} as {main!r}"
            )
    if not merged:
        return y
    shown = "; ".join(sorted(merged))
    _note(f"target {str(name)!r}: classes that differ only in case merged ({shown})")
    return np.array([spelling.get(str(v), v) for v in y], dtype=y.dtype)


def _one_value(name, value, missing, out, kinds):
    """A column with one value: a flag where enough rows are blank (a
    checkbox's ``"x"``, a ``1`` or nothing), else left out; the notice. A
    zero, or blanks in fewer than :data:`FLAG_BLANK_SHARE` of the rows, are
    a constant with gaps (an unexpressed gene), not a flag."""
    shown = f"{value:g}" if isinstance(value, float) else repr(value)
    if (
        min(missing.sum(), (~missing).sum()) < MIN_FLAG_ROWS
        or missing.mean() < FLAG_BLANK_SHARE
        or (isinstance(value, float) and value == 0)
    ):
        return ("constant", name, f"left out {name!r}: one value only ({shown})")
    out[name] = (~missing).astype(np.float64)
    kinds[name] = "flag: value or blank"
    return (
        "flag",
        name,
        f"read {name!r} as a flag: 1 where it holds {shown} "
        f"({(~missing).mean():.0%} of the rows), 0 where it is blank",
    )


def _missing_share(missing):
    if not missing.any():
        return ""
    share = missing.mean()
    return f", {share:.0%} missing" if share >= 0.005 else ", <1% missing"


def _is_numeric(series, pd):
    kind = series.dtype
    return pd.api.types.is_bool_dtype(kind) or (
        pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_complex_dtype(kind)
    )


def prepare_target(df, columns, task="auto"):
    """Target array and task from one or several target columns.

    One column gives class labels (any type) or real values. Several columns
    give a multilabel indicator matrix (every column 0/1), or with
    ``task="regression"`` several real targets.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    columns : list
        Target columns.
    task : {"auto", "classification", "regression", "multilabel"}, default="auto"
        Requested task.

    Returns
    -------
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
        The target.
    task : str
        The task to pass to the selector (``"auto"`` left for it to infer).

    Raises
    ------
    TableError
        For missing values, a target with a single value, or columns that do not
        fit the task.
    """
    pd = pandas_or_error()
    for c in columns:
        n_missing = int(df[c].isna().sum())
        if n_missing:
            raise TableError(
                f"target column {str(c)!r} has {n_missing} missing values; drop "
                "those rows first"
            )
        values = df[c].unique()
        if len(values) < 2:
            value = values[0].item() if hasattr(values[0], "item") else values[0]
            raise TableError(
                f"target column {str(c)!r} has a single value ({value!r}): "
                "there is nothing to learn"
            )
    if len(columns) == 1:
        (c,) = columns
        if task == "multilabel":
            raise TableError(
                "--task multilabel needs several 0/1 --target columns, got one"
            )
        series = df[c]
        if not _is_numeric(series, pd) and task != "classification":
            text = series.astype(object)
            numbers, how = read_numbers(text, np.zeros(len(text), bool), 1.0)
            if how and numbers.notna().all():  # "$1,234": a quantity
                odd = np.zeros(len(text), bool)
                _note(numbers_note(f"target {str(c)!r}", text, numbers, how, odd))
                series = numbers.astype(np.float64).rename(series.name)
        if task == "regression" and not _is_numeric(series, pd):
            raise TableError(
                f"--task regression needs a numeric target; {str(c)!r} holds text"
            )
        if _is_numeric(series, pd):
            types = pd.api.types
            whole = types.is_integer_dtype(series) or types.is_bool_dtype(series)
            y = series.to_numpy(dtype=np.int64 if whole else np.float64)
            if task == "auto":
                inferred, notice = target_task(series)
                if notice:
                    _note(notice)
                    task, y = inferred, y.astype(np.float64)
        else:
            raw = series.to_numpy().astype(str)
            y = _merge_case(np.char.strip(raw), c)
            levels = [str(v) for v in np.unique(y)]
            for _, _, notice in level_notes(c, levels, len(np.unique(raw)), "target "):
                _note(notice)
            ordered = ordered_levels_note(c, levels)
            if ordered and task != "classification":  # not where asked for
                _note(ordered)
        if task != "regression" and (y.dtype.kind != "f" or _integer_valued(y)):
            notice = rare_classes_note(c, y)
            if notice:
                _note(notice)
        return y, task
    # several target columns
    if task == "classification":
        raise TableError(
            "--task classification takes one --target column; several columns "
            "are a multilabel target (0/1 columns) or, with --task regression, "
            "several real targets"
        )
    if task == "regression":
        text = [str(c) for c in columns if not _is_numeric(df[c], pd)]
        if text:
            raise TableError(
                f"--task regression needs numeric targets; {preview(text)} hold text"
            )
        return df[columns].to_numpy(dtype=np.float64), task
    labels = []
    for c in columns:
        values = set(df[c].unique().tolist())
        if values <= {0, 1}:
            labels.append(df[c].to_numpy(dtype=np.int64))
            continue
        text = df[c].astype(str).str.strip().str.lower()
        pair = next((p for p in YES_NO if set(text) <= set(p)), None)
        if pair is None:
            raise TableError(
                f"several --target columns make a multilabel target whose columns "
                f"hold 0/1 (or yes/no), but {str(c)!r} holds "
                f"{preview(sorted(map(str, values)))} (use --task regression for "
                "several real targets)"
            )
        _note(f"read target {str(c)!r} as 0/1 ({pair[0]} = 1)")
        labels.append((text == pair[0]).to_numpy(dtype=np.int64))
    return np.column_stack(labels), "multilabel"


def correlated_groups(X, groups, threshold, kinds=None):
    """Add groups of strongly correlated numeric columns to ``groups``.

    The numeric columns of ``X`` that are in no group yet are grouped by
    :func:`~skdfs.groups_from_correlation` (every two columns of a group
    correlated at ``|r| >= threshold``; missing values replaced by the
    column's mean for the correlation only). A group of several columns is
    named after its first column and its size.

    Parameters
    ----------
    X : pandas.DataFrame
        The feature columns, as :func:`prepare_frame` returns them.
    groups : dict or None
        Its groups so far (name -> list of indices into ``X``).
    threshold : float
        Smallest absolute correlation within a group, in (0, 1].
    kinds : dict, default=None
        Column descriptions (:func:`prepare_frame`'s); each new group is
        added, as ``"N numbers"``.

    Returns
    -------
    groups : dict or None
        The groups, the new ones added.
    notice : str
        What was grouped (or that nothing was), for the command's note.
    """
    prefix = f"--group-correlated {threshold:g}: "
    none = prefix + "no two numeric columns are that strongly correlated"
    groups = dict(groups or {})
    taken = {i for members in groups.values() for i in members}
    numeric = [
        i
        for i, c in enumerate(X.columns)
        if i not in taken and X[c].dtype.kind in "biuf"
    ]
    if len(numeric) < 2:
        return groups or None, none
    values = X.iloc[:, numeric].to_numpy(dtype=float)
    means = np.nanmean(values, axis=0)
    values = np.where(np.isnan(values), means, values)
    ids = groups_from_correlation(values, threshold)
    sets = [np.flatnonzero(ids == g) for g in range(ids.max() + 1)]
    sets = [[numeric[i] for i in members] for members in sets if len(members) > 1]
    if not sets:
        return groups or None, none
    for members in sets:
        name = f"{X.columns[members[0]]} (+{len(members) - 1} correlated)"
        groups[name] = members
        if kinds is not None:
            kinds[name] = f"{len(members)} numbers"
    largest = max(sets, key=len)
    notice = prefix + (
        f"{sum(map(len, sets))} of "
        f"{len(numeric)} numeric columns form {len(sets)} sets of columns "
        f"correlated at |r| >= {threshold:g}, each ranked and selected as one "
        f"unit (the largest: {X.columns[largest[0]]!s} with {len(largest) - 1} "
        "others; sets.csv lists their columns)"
    )
    return groups, notice


#: A numeric column is "skewed" for :func:`skewed_columns` above this sample
#: skewness (an exponential is 2, a log-normal with sigma 1 about 6; a sample
#: of 300 of the latter ranged 1.6-40 over 2,000 columns, so 2 would have left
#: 14 of them raw).
SKEW_LIMIT = 1.0
#: ... and only with more distinct values than this (not a flag or a code).
SKEW_MIN_VALUES = 10


def skewed_columns(X):
    """The non-negative, clearly right-skewed numeric columns of ``X``.

    Counts, concentrations and expression levels often span orders of
    magnitude: standardised, a few large values dominate a column and the
    rest sit near one point. A column counts when all its present values are
    at least 0, some above 1 (a share or a methylation beta value in [0, 1]
    is left alone: ``log(1 + x)`` barely bends it), it has more than
    :data:`SKEW_MIN_VALUES` distinct values, and its sample skewness is
    above :data:`SKEW_LIMIT`.

    Parameters
    ----------
    X : pandas.DataFrame
        The feature columns, as :func:`prepare_frame` returns them.

    Returns
    -------
    list
        Their labels, in column order.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skdfs.rawtable import skewed_columns
    >>> rng = np.random.RandomState(0)
    >>> X = pd.DataFrame({"dose": rng.lognormal(0, 1, 500),
    ...                   "age": rng.normal(50, 10, 500),
    ...                   "flag": (rng.rand(500) < 0.02).astype(float),
    ...                   "beta": rng.beta(0.5, 5, 500)})
    >>> skewed_columns(X)
    ['dose']
    """
    from scipy.stats import skew

    out = []
    for c in X.columns:
        if X[c].dtype.kind not in "iuf":
            continue
        values = X[c].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        if len(np.unique(values)) <= SKEW_MIN_VALUES or values.min() < 0:
            continue
        if values.max() <= 1:  # shares, beta values: log(1 + x) barely bends them
            continue
        if skew(values) > SKEW_LIMIT:
            out.append(c)
    return out


def skew_note(skewed, logged):
    """The command's note on :func:`skewed_columns`: what was done to them
    (``logged``: ``--log-skewed``), or the option that would do it."""
    names = preview(skewed, limit=8, quote=False)
    n = len(skewed)
    if logged:
        column = "column" if n == 1 else "columns"
        return f"--log-skewed: log(1 + x) of {n} skewed {column} ({names})"
    are, them = ("is", "it") if n == 1 else ("are", "them")
    return (
        f"{n} of the numeric columns {are} non-negative and clearly "
        f"right-skewed ({names}): standardised, a few large values dominate {them}; "
        "--log-skewed ranks log(1 + x) instead, often better for counts, "
        "concentrations and expression levels"
    )


def many_levels_note(X, y, task, limit=None):
    """The command's note on the text columns the selector will target encode.

    Parameters
    ----------
    X : pandas.DataFrame
        The prepared frame (:func:`prepare_frame`).
    y : array-like
        The target.
    task : str
        The selector's ``task`` (``"classification"``, ``"regression"``,
        ``"multilabel"`` or ``"auto"``).
    limit : int or None, default=None
        ``max_onehot_levels``; anything but an int counts as the default,
        :data:`~skdfs.tabular.MAX_ONEHOT_LEVELS`.

    Returns
    -------
    str or None
        The note naming every categorical column with more than ``limit``
        levels and its level count, or None where there is none or the
        target (multilabel, several columns) admits no target encoding.
    """
    limit = limit if isinstance(limit, int) else MAX_ONEHOT_LEVELS
    if target_kind(task, y) is None:
        return None
    counts = {
        str(c): int(X[c].nunique(dropna=True))
        for c in X.columns
        if column_kind(X[c]) == "categorical"
    }
    wide = {c: n for c, n in counts.items() if n > limit}
    if not wide:
        return None
    listed = preview([f"{c}: {n}" for c, n in wide.items()], limit=6, quote=False)
    n = len(wide)
    return (
        f"{n} text column{'s' * (n != 1)} with more than {limit} levels ({listed}): "
        f"{'each' if n != 1 else 'it'} enters as one value per level, the target's "
        "mean over its rows (target encoding, cross fitted); --max-onehot-levels N "
        "keeps up to N levels one-hot"
    )
