"""Table files for ``skdfs rank``: CSV, Parquet and workbooks as pandas frames.

:func:`read_table` reads a file as it was downloaded: the field separator of
a spreadsheet's locale, a text encoding other than UTF-8 (Windows' own), a
workbook's first sheet, comment lines and a title above the column names
(:func:`header_row`), each with a note. What to make of the columns is
:mod:`skdfs.rawtable`'s.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np

from .tabular import TableError

__all__ = [
    "EXCEL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "header_row",
    "pandas_or_error",
    "read_export",
    "read_table",
    "separator_hint",
    "tidy_rows",
]

PARQUET_SUFFIXES = (".parquet", ".pq")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
logger = logging.getLogger("skdfs")


def _note(message):
    logger.warning("skdfs: note: %s", message)


def pandas_or_error():
    """pandas, or a :class:`~skdfs.tabular.TableError` naming it."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise TableError(
            "`skdfs rank` reads tables with pandas: pip install 'skdfs[table]' "
            "(or pandas)"
        ) from None
    return pd


def read_table(path, sep=None, header=0):
    """Read a CSV (any compression pandas infers) or Parquet file.

    Parameters
    ----------
    path : str or path-like
        The file; ``.parquet`` and ``.pq`` files are read as Parquet, and
        ``.xlsx``, ``.xlsm``, ``.xls`` and ``.ods`` files as a workbook's first
        sheet (with a note when there are more).
    sep : str or None, default=None
        Field separator of a CSV file. None reads ``.tsv`` and ``.tab`` files
        with tabs and others with commas; where that gives a single column
        whose name holds ``;``, a tab or ``|`` (a spreadsheet's export in a
        locale with decimal commas, say), the file is read again with that
        separator, and a note says so.
    header : int, default=0
        The row of the column names, counted as pandas does (after comment
        and blank lines): a title above them moves them down
        (:func:`header_row` finds them).

    Returns
    -------
    pandas.DataFrame
        The table.

    Raises
    ------
    TableError
        If the file is missing or cannot be read.
    """
    path = Path(path)
    if not path.exists():
        raise TableError(f"no such file: {path}")
    if path.is_dir():
        raise TableError(f"{path} is a directory, not a data file")
    pd = pandas_or_error()
    if path.suffix.lower() in PARQUET_SUFFIXES:
        try:
            return pd.read_parquet(path)
        except ImportError:
            raise TableError(
                f"reading Parquet needs pyarrow (pip install pyarrow); or save "
                f"{path.name} as CSV"
            ) from None
        except (OSError, ValueError) as exc:
            raise TableError(f"cannot read {path} as Parquet: {exc}") from None
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_workbook(path, pd, header)
    skip = _leading_comments(path)
    if skip:
        _note(f"skipped {skip} comment line(s) starting with '#' at the top")
    for encoding in (None, "cp1252", "latin-1"):  # UTF-8, then Windows' own
        try:
            df = _read_csv(path, pd, sep, skip, header, encoding)
        except UnicodeDecodeError as exc:
            error = exc
            continue
        except pd.errors.EmptyDataError:
            raise TableError(f"{path} is empty") from None
        except (pd.errors.ParserError, OSError) as exc:
            raise TableError(f"cannot read {path} as CSV: {exc}") from None
        if encoding is not None:
            _note(f"read {path.name} as {encoding} text: it is not UTF-8 ({error})")
        return df
    raise TableError(f"cannot read {path} as CSV: {error}")  # pragma: no cover


def _read_csv(path, pd, sep, skip, header, encoding):
    """:func:`read_table` for a CSV file in one encoding."""
    # low_memory=False: one type per column from the whole file, not a
    # DtypeWarning where a column's chunks differ (codes turning to text)
    kwargs = dict(skiprows=skip, header=header, encoding=encoding, low_memory=False)
    if sep is not None:
        return pd.read_csv(path, sep=sep, **kwargs)
    tabbed = path.suffix.lower() in (".tsv", ".tab")
    df = pd.read_csv(path, sep="\t" if tabbed else ",", **kwargs)
    other = separator_hint(df)
    if other is None:
        return df
    again = pd.read_csv(path, sep=other, **kwargs)
    if again.shape[1] > 1:
        _note(
            f"read {path.name} with {_SEPARATORS[other]} as the field "
            f"separator ({again.shape[1]} columns; --sep to choose)"
        )
        return again
    return df


def _read_workbook(path, pd, header=0):
    """A spreadsheet's first sheet; pandas' reader for the format (openpyxl,
    xlrd or odfpy) is an optional dependency, named if missing."""
    try:
        with pd.ExcelFile(path) as book:
            sheets = book.sheet_names
            df = pd.read_excel(book, sheet_name=sheets[0], header=header)
    except ImportError as exc:
        raise TableError(
            f"reading {path.suffix} files needs a package pandas names: {exc}; "
            f"or save {path.name} as CSV"
        ) from None
    except Exception as exc:  # the readers raise their own exception types
        raise TableError(f"cannot read {path} as a workbook: {exc}") from None
    if len(sheets) > 1:
        _note(
            f"read the first of {len(sheets)} sheets of {path.name} "
            f"({sheets[0]!r}); save the one you want as CSV to rank another"
        )
    return df


_SEPARATORS = {",": "','", ";": "';'", "\t": "tabs", "|": "'|'"}


#: A cell that makes a row at the end of an export a totals row: the word
#: alone ("Total", "Grand total:"), not "Total knee replacement".
TOTAL_WORDS = re.compile(
    r"^(grand\s+)?(totals?|sum|summe|gesamt|somme|totaal|totale)\s*:?$",
    re.IGNORECASE,
)
#: Rows at the end of a table searched for totals.
TOTAL_ROWS = 3


def read_export(path, sep=None, targets=()):
    """:func:`read_table`, then what an export adds around the rows: a title
    above the column names (found by the ``targets``' names, :func:`header_row`),
    the column names repeated between rows and totals rows at the end
    (:func:`tidy_rows`), and repeated column names, each with a note."""
    df = read_table(path, sep=sep)
    name = Path(path).name
    found = {str(c).strip().casefold() for c in df.columns}
    if any(str(t).strip().casefold() not in found for t in targets):
        row = header_row(df, targets)
        if row is not None:  # a title above the column names
            title = [str(v) for v in df.columns if not str(v).startswith("Unnamed:")]
            df = read_table(path, sep=sep, header=row + 1)
            rows = f"the {row + 1} rows above them" if row else "the row above them"
            verbs = (
                "look like a title and were" if row else "looks like a title and was"
            )
            shown = ", ".join(repr(t) for t in title[:2])
            _note(
                f"read {name} with the column names of a lower row: {rows} "
                f"({shown}, ...) {verbs} skipped"
            )
    df, notes = tidy_rows(df)
    if notes:  # text columns that were numbers but for those rows
        df = _numbers_again(df)
    notes += _duplicate_names(df, targets)
    for note in notes:
        _note(note)
    return df


def _is_text(column):
    """Whether a column as read holds text: ``object``, or pandas' ``str``."""
    return column.dtype == object or str(column.dtype) == "str"


def _numbers_again(df):
    """``df`` with its text columns that now read as numbers in every present
    cell converted (a copy; other columns, dates included, as they were)."""
    pd = pandas_or_error()
    df = df.copy()
    for c in df.columns:
        if _is_text(df[c]):
            numbers = pd.to_numeric(df[c], errors="coerce")
            if numbers.notna().sum() == df[c].notna().sum():
                df[c] = numbers
    return df


def _duplicate_names(df, targets):
    """Notes on the names pandas gave repeated column names (``"value"``,
    ``"value.1"``), saying which one a target name takes."""
    names = [str(c) for c in df.columns]
    repeats = {}
    for c in names:
        m = re.match(r"^(.*)\.(\d+)$", c)
        if m and m[1] in names:
            repeats.setdefault(m[1], [m[1]]).append(c)
    notes = []
    for base, read in repeats.items():
        used = f" (-t {base} takes the first)" if base in map(str, targets) else ""
        shown = ", ".join(repr(r) for r in read)
        notes.append(
            f"{len(read)} columns are named {base!r}{used}: read as {shown}; "
            "rename them in the file if they differ"
        )
    return notes


def tidy_rows(df):
    """``df`` without the rows an export adds between and after the data: the
    column names repeated in a row (two exports pasted together) and totals
    rows among the last :data:`TOTAL_ROWS` (a cell that is the word alone,
    :data:`TOTAL_WORDS`: ``"Total"``, ``"Grand total:"``); and a note for
    each kind. The caller's frame is not modified."""
    notes = []
    text = [c for c in df.columns if _is_text(df[c])]
    if len(text) >= max(2, len(df.columns) // 2):
        same = np.zeros(len(df), dtype=int)
        for c in text:
            same += (df[c].astype(str).str.strip() == str(c).strip()).to_numpy()
        repeated = same >= max(2, len(df.columns) // 2)
        if repeated.any():
            rows = ", ".join(str(i + 2) for i in np.flatnonzero(repeated)[:5])
            notes.append(
                f"dropped {int(repeated.sum())} row(s) that repeat the column "
                f"names (line {rows} of the data: exports pasted together?)"
            )
            df = df.loc[~repeated]
    tail = df.iloc[-TOTAL_ROWS:] if len(df) > TOTAL_ROWS else df.iloc[:0]
    totals = [
        i
        for i, row in tail.iterrows()
        if any(isinstance(v, str) and TOTAL_WORDS.match(v.strip()) for v in row)
    ]
    if totals:
        first = next(
            v
            for v in df.loc[totals[0]]
            if isinstance(v, str) and TOTAL_WORDS.match(v.strip())
        )
        notes.append(
            f"dropped {len(totals)} totals row(s) at the end ({first.strip()!r})"
        )
        df = df.drop(index=totals)
    return df, notes


def header_row(df, names, limit=20):
    """The row of ``df`` that holds the column names below a title read as
    the header.

    Parameters
    ----------
    df : pandas.DataFrame
        A table as read, its first line taken as the header.
    names : sequence of str
        Column names the real header holds (the targets); compared without
        surrounding spaces and case.
    limit : int, default=20
        Rows searched from the top.

    Returns
    -------
    int or None
        The first row holding every one of ``names`` (read the file again
        with ``header=row + 1``), or None where there is none.

    Examples
    --------
    >>> import pandas as pd
    >>> from skdfs.rawtable import header_row
    >>> df = pd.DataFrame({"Report": ["", "age", "51"], "Unnamed: 1": ["", "y", "1"]})
    >>> header_row(df, ["y"])
    1
    """
    wanted = {str(n).strip().casefold() for n in names}
    for r in range(min(limit, len(df))):
        cells = {str(v).strip().casefold() for v in df.iloc[r].tolist()}
        if wanted <= cells:
            return r
    return None


def separator_hint(df):
    """The separator a table read as one column probably has: the one of
    ``;``, tab, ``|`` and ``,`` found most often in its one column's name; None
    when the table has more than one column or the name holds none of them."""
    if df.shape[1] != 1:
        return None
    header = str(df.columns[0])
    counts = {s: header.count(s) for s in _SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _leading_comments(path, limit=100):
    """Number of lines starting with ``#`` before a CSV's header (a source
    note, say); 0 for a compressed file, whose lines are not read here."""
    if path.suffix.lower() not in (".csv", ".tsv", ".txt", ""):
        return 0
    count = 0
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.startswith("#") or count >= limit:
                    break
                count += 1
    except OSError:
        return 0
    return count
