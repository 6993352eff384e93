"""Cells of a raw table: numbers written as text, and codes for missing values.

Spreadsheets and exports write numbers with decorations that ``float()``
does not read: ``"$1,234.50"``, ``"45.3%"``, ``"10 mg"``, European
``"70,12"`` or ``"1.234,5"``. :func:`parse_decorated` reads a column of such
text as numbers when one convention reads nearly all of it, and says which.
:func:`missing_codes` finds the all-nines values (``-999``, ``9999``) that
stand for "missing" in a numeric column: values far outside the range of
every other value. ``skdfs.rawtable`` decides what to do with both and prints
a note for each.
"""

from __future__ import annotations

import re

import numpy as np

__all__ = ["CODES", "missing_codes", "parse_decorated", "read_numbers"]

#: Currency symbols dropped in front of (or behind) a number.
CURRENCY = "$€£¥₹"
_SPLIT = re.compile(
    r"^(?P<sign>[-+]?)\s*(?P<cur>[" + CURRENCY + r"]?)\s*(?P<sign2>[-+]?)"
    r"(?P<body>\d[\d.,]*|[.,]\d+)"
    r"\s*(?P<unit>[^\d\s.,+-].*?)?\s*$"
)
_BRACKETS = re.compile(r"^([" + CURRENCY + r"]?)\s*\((.*)\)$")
#: Digit grouping conventions: (thousands separator, decimal mark, pattern of
#: the digits), tried in this order; ties go to the earlier one.
CONVENTIONS = (
    (",", ".", re.compile(r"^(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^\.\d+$")),
    (".", ",", re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$|^,\d+$")),
)
#: Values that stand for "missing" when they lie far outside the others.
CODES = tuple(s * v for v in (99, 999, 9999, 99999, 999999) for s in (-1, 1))


def _convention_text(thousands, decimal, bodies):
    used = []
    if any(thousands in b for b in bodies):
        used.append(f"{thousands!r} as the thousands separator")
    if any(decimal in b for b in bodies) and decimal != ".":
        used.append(f"{decimal!r} as the decimal mark")
    return used


def parse_decorated(text, fraction):
    """Read text cells as numbers written with units, currency or separators.

    Parameters
    ----------
    text : sequence of str
        The present (non-missing) cells of one column.
    fraction : float
        Share of the cells that one reading must parse for it to be used.

    Returns
    -------
    values : ndarray of shape (len(text),) or None
        The numbers (NaN where a cell does not parse); None where no reading
        parses ``fraction`` of the cells, or where the cells need no reading
        beyond ``float()``.
    how : list of str
        What was read: ``"'%' dropped"``, ``"in 'mg'"``, ``"',' as the
        decimal mark"``, ...
    """
    cells = [str(t).strip() for t in text]
    if not cells:
        return None, []
    # Accounting negatives: "(1,234.00)" and "$(5)" are -1234 and -5.
    brackets = [_BRACKETS.match(c) for c in cells]
    bracketed = [b is not None for b in brackets]
    cells = [b[1] + b[2].strip() if b else c for c, b in zip(cells, brackets)]
    parts = [_SPLIT.match(c) for c in cells]
    matched = [p for p in parts if p is not None]
    if len(matched) < fraction * len(cells):
        return None, []
    units = {}
    for p in matched:
        unit = (p["unit"] or "").strip()
        units[unit] = units.get(unit, 0) + 1
    unit = max(units, key=units.get)
    if units[unit] < fraction * len(cells):
        return None, []  # several units ("g" and "mg"): not one quantity
    currencies = {p["cur"] for p in matched if p["cur"]}
    bodies = [p["body"] for p in matched]
    if not (unit or currencies or any("," in b or b.count(".") > 1 for b in bodies)):
        return None, []  # plain numbers (float() reads them) or no numbers
    best, best_hits = None, -1
    for thousands, decimal, pattern in CONVENTIONS:
        hits = sum(bool(pattern.match(b)) for b in bodies)
        if hits > best_hits:
            best, best_hits = (thousands, decimal, pattern), hits
    thousands, decimal, pattern = best
    values = np.full(len(cells), np.nan)
    for i, p in enumerate(parts):
        if p is None or (p["unit"] or "").strip() != unit:
            continue
        body = p["body"]
        if not pattern.match(body):
            continue
        number = float(body.replace(thousands, "").replace(decimal, "."))
        negative = ("-" in (p["sign"], p["sign2"])) != bracketed[i]
        values[i] = -number if negative else number
    if np.isnan(values).sum() > (1 - fraction) * len(cells):
        return None, []
    how = []
    if currencies:
        how.append(f"{''.join(sorted(currencies))} dropped")
    if any(bracketed):
        how.append("(...) as negative")
    if unit:
        how.append("'%' dropped" if unit == "%" else f"in {unit!r}")
    how += _convention_text(thousands, decimal, bodies)
    return values, how


def read_numbers(text, missing, fraction):
    """A text column as numbers: plainly, else as written with units,
    currency or digit grouping (:func:`parse_decorated`).

    Parameters
    ----------
    text : pandas.Series
        The column's cells (None where missing).
    missing : ndarray of bool
        Which cells are missing.
    fraction : float
        Share of the present cells that a reading must parse.

    Returns
    -------
    numbers : pandas.Series of float
        NaN where a cell is missing or does not parse.
    how : list of str
        What was read beyond plain numbers (see :func:`parse_decorated`).
    """
    import pandas as pd

    numbers = pd.to_numeric(text, errors="coerce")
    if numbers[~missing].notna().mean() >= fraction:
        return numbers, []
    values, how = parse_decorated(text[~missing], fraction)
    if values is None:
        return numbers, []
    numbers = pd.Series(np.nan, index=text.index)
    numbers[~missing] = values
    return numbers, how


def missing_codes(values, min_others=10):
    """All-nines values that stand for "missing" in a numeric column.

    A value of :data:`CODES` counts as a code when at least ``min_others``
    rows hold other values, those vary, and the code lies further from
    their range than the range is wide (``-999`` among ages 18 to 89, not
    ``99`` among them).

    Parameters
    ----------
    values : ndarray of float
        The column (NaN for missing).
    min_others : int, default=10
        Fewest rows with other values.

    Returns
    -------
    dict
        Code -> number of rows holding it; empty where there is none.
    """
    present = values[~np.isnan(values)]
    found = {}
    candidates = [c for c in CODES if np.any(present == c)]
    if not candidates:
        return found
    others = present[~np.isin(present, candidates)]
    if others.size < min_others:
        return found
    low, high = float(others.min()), float(others.max())
    span = high - low
    if span <= 0:
        return found
    for code in candidates:
        if code > high + span or code < low - span:
            found[code] = int(np.sum(present == code))
    return found
