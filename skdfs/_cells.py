"""Cells of a raw table: numbers written as text, and codes for missing values.

Spreadsheets and exports write numbers with decorations that ``float()``
does not read: ``"$1,234.50"``, ``"45.3%"``, ``"10 mg"``, European
``"70,12"`` or ``"1.234,5"``. :func:`parse_decorated` reads a column of such
text as numbers when one convention reads nearly all of it, and says which;
:func:`read_numbers` also reads values reported beyond a limit (a lab's
``"<0.3"`` below its detection limit, ``">8"`` above its range) as the limit.
:func:`missing_codes` finds the all-nines values (``-999``, ``9999``) that
stand for "missing" in a numeric column: values far outside the range of
every other value. ``skdfs.rawtable`` decides what to do with both and prints
a note for each.
"""

from __future__ import annotations

import re

import numpy as np

from ._columns import (
    as_float,
    column_kind,
    feature_names,
    identifier_columns,
    is_frame,
    preview,
    table_columns,
)

__all__ = [
    "CODES",
    "MOSTLY_NUMBERS",
    "PARSE_FRACTION",
    "code_columns",
    "codes_to_missing",
    "column_warnings",
    "missing_codes",
    "parse_decorated",
    "read_numbers",
    "text_as_numbers",
    "text_number_columns",
]

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
#: Share of a text column's values that must parse as numbers (or dates) for
#: the column to be read as numbers (dates); the rest become missing.
PARSE_FRACTION = 0.9
#: A text column is also read as numbers where this share of its values are,
#: in more than ``MIN_VALUES`` distinct numbers: a measurement with some
#: "haemolysed" or "pending" entries, not codes.
MOSTLY_NUMBERS = 0.5
MIN_VALUES = 20
#: A comparison sign in front of a number: a value beyond a limit ("<0.3").
_LIMIT = re.compile(r"^(<=|>=|=<|=>|<|>|≤|≥)\s*(?=[\d.,+-]|[" + CURRENCY + r"])")
#: At most this share of a column's present cells may be beyond a limit;
#: where more are, the signs are part of what the column says ("<=50K").
LIMIT_SHARE = 0.5
#: The Unicode minus sign, as some tools write negative numbers.
MINUS = "\u2212"
#: A space, no-break space, narrow or thin space, or apostrophe between
#: groups of three digits: a thousands separator.
_GROUP = re.compile(r"(?<=\d)[ \u00a0\u202f\u2009'\u2019](?=\d{3}(?!\d))")
#: How a number written as text can start (sign, limit, currency, digit).
_STARTS = re.compile(r"^[-+<>=≤≥(" + CURRENCY + MINUS + r".,\d]")
#: ISO codes of the currencies most often written beside amounts.
CURRENCY_CODES = (
    "USD EUR GBP CHF JPY CNY INR CAD AUD NZD SEK NOK DKK PLN CZK HUF BRL MXN ZAR "
    "KRW HKD SGD TRY"
).split()
_CODE = re.compile(
    r"^(?:({0})\s*(.*\d.*)|(.*\d.*?)\s*({0}))$".format("|".join(CURRENCY_CODES))
)
#: A duration in hours and minutes ("1h 20m", "45 min", "2 hrs").
_SPAN = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?)?\s*(?:(\d+)\s*m(?:in(?:utes?|s)?)?)?$",
    re.IGNORECASE,
)
#: Suffixes of magnitude ("21.0k", "1.8M", "3bn") and their factors.
MAGNITUDES = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "bn": 1e9}
_MAGNITUDE = re.compile(r"^([-+]?\d+(?:\.\d+)?)\s?(k|K|M|B|bn)$")
#: A minus sign written after the number, as accounting systems export it
#: ("2,443.18-").
_TRAILING_MINUS = re.compile(r"^(\d[\d.,]*)\s?-$")
#: Scientific notation with a decimal comma ("1,5E-03").
_SCIENTIFIC = re.compile(r"^([-+]?\d+),(\d+[eE][-+]?\d+)$")
#: Most distinct texts beside the numbers of a measurement ("pending").
MAX_TEXT_CODES = 10
#: Values that stand for "missing" when they lie far outside the others.
CODES = tuple(s * v for v in (99, 999, 9999, 99999, 999999) for s in (-1, 1))


def _convention_text(thousands, decimal, bodies):
    used = []
    if any(thousands in b for b in bodies):
        used.append(f"{thousands!r} as the thousands separator")
    if any(decimal in b for b in bodies) and decimal != ".":
        used.append(f"{decimal!r} as the decimal mark")
    return used


def parse_decorated(text, fraction, counts=None):
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
    weight = np.ones(len(cells)) if counts is None else np.asarray(counts, float)
    total = weight.sum()
    # Accounting negatives: "(1,234.00)" and "$(5)" are -1234 and -5.
    brackets = [_BRACKETS.match(c) for c in cells]
    bracketed = [b is not None for b in brackets]
    cells = [b[1] + b[2].strip() if b else c for c, b in zip(cells, brackets)]
    parts = [_SPLIT.match(c) for c in cells]
    matched = [(p, w) for p, w in zip(parts, weight) if p is not None]
    if sum(w for _, w in matched) < fraction * total:
        return None, []
    units = {}
    for p, w in matched:
        unit = (p["unit"] or "").strip()
        units[unit] = units.get(unit, 0) + w
    unit = max(units, key=units.get)
    if units[unit] < fraction * total:
        return None, []  # several units ("g" and "mg"): not one quantity
    currencies = {p["cur"] for p, _ in matched if p["cur"]}
    bodies = [p["body"] for p, _ in matched]
    if not (unit or currencies or any("," in b or b.count(".") > 1 for b in bodies)):
        return None, []  # plain numbers (float() reads them) or no numbers
    best, best_hits = None, -1
    for thousands, decimal, pattern in CONVENTIONS:
        hits = sum(w for (p, w) in matched if pattern.match(p["body"]))
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
    if weight[np.isnan(values)].sum() > (1 - fraction) * total:
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

    Cells reported beyond a limit (``"<0.3"``, ``">= 8"``, ``"≤0.5 mg"``)
    are read as the limit where the column reads as numbers with their signs
    removed and either they are at most :data:`LIMIT_SHARE` of the present
    cells or the other cells hold more than :data:`MIN_VALUES` distinct
    numbers (a viral load below its limit in most rows); otherwise the signs
    belong to the values (``"<=50K"``, ``">50K"``) and are left as they are.

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
        What was read beyond plain numbers (see :func:`parse_decorated`, and
        ``"12 entries beyond a limit ('<0.3', '>8') read as the limit"``).
    """
    import pandas as pd

    # numpy-backed objects: iterating pandas' string arrays costs ten times more
    index = getattr(text, "index", None)
    text = pd.Series(np.asarray(text, dtype=object), index=index, dtype=object)
    plain = pd.to_numeric(text, errors="coerce")
    odd = ~missing & plain.isna().to_numpy()
    if not odd.any():
        return plain, []
    # Only the cells float() does not read can change; each distinct text is
    # looked at once (a text column holds few, however long it is).
    distinct = distinct_texts(text[odd])
    typeset, written = _typeset(text, odd, distinct)
    if typeset is text:
        numbers, how = _read_limits(text, missing, fraction, odd, plain, distinct)
    else:
        numbers, how = _read_limits(typeset, missing, fraction, odd, None, None)
    if numbers is None:
        return plain, []
    return numbers, list(dict.fromkeys(written + how))  # each reading once


def _typeset(text, odd, distinct):
    """The cells with Unicode minus signs made ``-``, the spaces or
    apostrophes that group digits (``"1 234,5"``, ``"1'234.50"``) removed,
    one currency code dropped (``"USD 1,234"``, ``"12,50 EUR"``), durations
    in hours and minutes as minutes (``"1h 20m"``), magnitudes
    multiplied out (``"21.0k"``, ``"1.8M"``), a trailing
    minus moved to the front (``"2,443.18-"``) and a decimal comma in
    scientific notation made a point (``"1,5E-03"``); and
    what was done. ``odd``: the cells to look at; ``distinct``: their
    distinct texts."""
    steps, written = [], []
    # Cheap character tests first: most columns hold none of these forms.
    stripped = [t.strip() for t in distinct]
    has = {
        "minus": any(MINUS in t for t in stripped),
        "group": any(c in t for t in stripped for c in " \u00a0\u202f\u2009'\u2019"),
        "code": any(t[:3].isupper() or t[-3:].isupper() for t in stripped),
        "span": any("h" in t or "H" in t for t in stripped),
        "magnitude": any(t[-1:] in "kKMBn" for t in stripped),
        "trailing": any(t[-1:] == "-" for t in stripped),
        "scientific": any("," in t and ("e" in t or "E" in t) for t in stripped),
    }
    if has["minus"]:
        steps.append(lambda t: t.replace(MINUS, "-"))
        written.append(f"{MINUS!r} as the minus sign")
    marks = {m for t in distinct for m in _GROUP.findall(t)} if has["group"] else ()
    if marks:
        steps.append(lambda t: _GROUP.sub("", t))
        quotes = marks <= {"'", "\u2019"}
        written.append(('"\'"' if quotes else "spaces") + " as the thousands separator")
    codes = (
        {m[1] or m[4] for t in stripped if (m := _CODE.match(t))} if has["code"] else ()
    )
    if len(codes) == 1:  # several currencies are not one quantity
        steps.append(lambda t: _CODE.sub(r"\2\3", t.strip()))
        written.append(f"{set(codes).pop()!r} dropped")
    spans = [t for t in stripped if t and _SPAN.match(t)] if has["span"] else []
    if any("h" in t.casefold() for t in spans):  # "1h 20m" beside "45m"
        steps.append(_minutes)
        written.append("durations in minutes")
    suffixes = (
        {m[2] for t in stripped if (m := _MAGNITUDE.match(t))}
        if has["magnitude"]
        else ()
    )
    if suffixes:
        steps.append(_magnitude)
        shown = ", ".join(sorted(suffixes, key=MAGNITUDES.get))
        written.append(f"{shown} as powers of a thousand")
    if has["trailing"] and any(_TRAILING_MINUS.match(t) for t in stripped):
        steps.append(lambda t: _TRAILING_MINUS.sub(r"-\1", t.strip()))
        written.append("a trailing '-' as the minus sign")
    if has["scientific"] and any(_SCIENTIFIC.match(t) for t in stripped):
        steps.append(lambda t: _SCIENTIFIC.sub(r"\1.\2", t.strip()))
        written.append("',' as the decimal mark")
    changed = {}
    for t in distinct if steps else ():
        u = t
        for step in steps:
            u = step(u)
        if u != t:
            changed[t] = u
    if not changed:
        return text, []
    cells = text.copy()
    cells[odd] = [changed.get(str(t), t) for t in text[odd]]
    return cells, written


def _minutes(cell):
    """``"1h 20m"`` as ``"80"`` (minutes); other cells as they are."""
    m = _SPAN.match(cell.strip())
    if not m or not cell.strip():
        return cell
    return f"{float(m[1] or 0) * 60 + float(m[2] or 0):.12g}"


def _magnitude(cell):
    """``"21.0k"`` as ``"21000"``; other cells as they are."""
    m = _MAGNITUDE.match(cell.strip())
    return f"{float(m[1]) * MAGNITUDES[m[2]]:.12g}" if m else cell


def _read_limits(text, missing, fraction, odd, plain, distinct):
    """:func:`read_numbers` after :func:`_typeset`; None where no reading
    parses ``fraction`` of the present cells. ``plain`` and ``distinct``:
    ``text`` read by ``pd.to_numeric`` and the distinct texts of its odd
    cells, where already known (None: computed here)."""
    if distinct is None:
        distinct = distinct_texts(text[odd])
    signed = {
        t for t in distinct if t.lstrip()[:1] in "<>=≤≥" and _LIMIT.match(t.strip())
    }
    signs = odd & text.isin(signed).to_numpy() if signed else np.zeros_like(odd)
    if signs.any() and (
        signs.sum() <= LIMIT_SHARE * (~missing).sum()
        or _distinct_numbers(text[~signs & ~missing]) > MIN_VALUES
    ):
        bare = text.copy()
        bare[signs] = [_LIMIT.sub("", str(t).strip()) for t in text[signs]]
        numbers, how = _read(bare, missing, fraction)
        if numbers is not None and numbers[signs].notna().all():
            k = int(signs.sum())
            tokens = sorted({str(t).strip() for t in signed}, key=_number_order)
            shown = ", ".join(repr(t) for t in tokens[:3])
            shown += ", ..." if len(tokens) > 3 else ""
            limit = f"{k} {'entry' if k == 1 else 'entries'} beyond a limit "
            return numbers, [limit + f"({shown}) read as the limit"] + how
    return _read(text, missing, fraction, plain)


def _distinct_numbers(cells):
    """How many distinct numbers ``pd.to_numeric`` reads in ``cells``."""
    import pandas as pd

    return int(pd.to_numeric(cells, errors="coerce").nunique())


def distinct_texts(cells):
    """The distinct texts of ``cells`` (a pandas Series), as strings."""
    import pandas as pd

    return [str(t) for t in pd.unique(np.asarray(cells, dtype=object))]


def text_as_numbers(
    text, missing, fraction=PARSE_FRACTION, mostly=MOSTLY_NUMBERS, min_values=MIN_VALUES
):
    """Whether a text column is numbers, and which.

    It is where :func:`read_numbers` reads ``fraction`` of its present cells
    (the others become missing). Where ``mostly`` is given, it is also where
    that smaller share reads as more than ``min_values`` distinct numbers
    that measure something (too many to be codes, and not all whole numbers,
    which may be codes or an identifier's) and the other cells hold at most
    :data:`MAX_TEXT_CODES` distinct texts. A lab value with "haemolysed" or
    "pending" in a fifth of its rows is such a column; ticket numbers with
    hundreds of different prefixed tickets beside them are not.

    Returns
    -------
    numbers : pandas.Series of float or None
        None where the column is not numbers.
    how : list of str
        See :func:`read_numbers`.
    odd : ndarray of bool
        The present cells that do not read as numbers.
    """
    present, odd = int((~missing).sum()), ~missing
    for share in (fraction,) if mostly is None else (fraction, mostly):
        if share != fraction:  # only where few texts could not start a number
            words = {
                t for t in distinct_texts(text[odd]) if not _STARTS.match(t.strip())
            }
            if len(words) > MAX_TEXT_CODES:
                break
        numbers, how = read_numbers(text, missing, share)
        odd = ~missing & numbers.isna().to_numpy()
        if odd.sum() < present and odd.sum() <= (1 - share) * present:
            codes = len({str(t).strip() for t in text[odd]}) <= MAX_TEXT_CODES
            if share == fraction or (
                codes and _measures(numbers.to_numpy(), min_values)
            ):
                return numbers, how, odd
    return None, [], odd


def _measures(values, min_values):
    """Whether numbers read from text measure something: more than
    ``min_values`` distinct values, not all whole (whole numbers beside text,
    ``"7"`` beside ``"A1"``, may be codes or an identifier's)."""
    present = values[~np.isnan(values)]
    whole = np.all(present == np.round(present))
    return np.unique(present).size > min_values and not whole


def _number_order(token):
    """Sort key of a ``"<0.3"`` token: its sign, then its number."""
    bare = _LIMIT.sub("", token)
    try:
        return (token[0], float(bare), token)
    except ValueError:
        return (token[0], np.inf, token)


def _read(text, missing, fraction, plain=None):
    """:func:`read_numbers` without limits; None where no reading parses
    ``fraction`` of the present cells. ``plain``: ``text`` read by
    ``pd.to_numeric`` where already done."""
    import pandas as pd

    numbers = pd.to_numeric(text, errors="coerce") if plain is None else plain
    read = int(numbers[~missing].notna().sum())
    if read == (~missing).sum():
        return numbers, []
    # The written reading where it reads more cells than float() does: with
    # a low ``fraction`` the plain numbers below 1,000 alone may pass it.
    # Each distinct cell once, counted as often as it occurs.
    distinct, inverse, counts = np.unique(
        np.asarray(text[~missing], dtype=str), return_inverse=True, return_counts=True
    )
    values, how = parse_decorated(distinct, fraction, counts)
    if values is not None and counts[~np.isnan(values)].sum() > read:
        numbers = pd.Series(np.nan, index=text.index)
        numbers[~missing] = values[inverse]
        return numbers, how
    return (numbers, []) if read >= fraction * (~missing).sum() else (None, [])


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


def codes_to_missing(values):
    """``values`` (float, NaN for missing) with its :func:`missing_codes` set
    to NaN, and the codes found (code -> count; empty: ``values`` as given)."""
    codes = missing_codes(values)
    if codes:
        values = np.where(np.isin(values, list(codes)), np.nan, values)
    return values, codes


def text_number_columns(X):
    """The text columns of a frame ``X`` that :func:`text_as_numbers` reads
    as numbers, as ``(name, what, plain)``: what ``skdfs rank`` would read,
    which ``DeepFeatureSelector`` takes as levels; ``plain`` where
    ``pd.to_numeric`` alone reads the numbers. Other inputs give none."""
    if not is_frame(X):
        return []
    import pandas as pd

    found = []
    for name, column in zip(feature_names(X), table_columns(X)):
        if column_kind(column) != "categorical":
            continue
        values = np.asarray(column, dtype=object)
        text = pd.Series(
            [v.strip() or None if isinstance(v, str) else None for v in values],
            dtype=object,
        )
        missing = text.isna().to_numpy()
        numbers, how, _ = text_as_numbers(text, missing)
        if numbers is None:
            continue
        # No counts: the message of a column is the same in every fold of a
        # cross-validation, so Python shows it once.
        how = [_COUNT.sub("", item) for item in how]
        found.append((name, "; ".join(how), not how))
    return found


#: The count that starts a reading's description ("12 entries ").
_COUNT = re.compile(r"^\d+ entr(y|ies) ")
#: Columns named one by one in :func:`column_warnings`; more become one.
MAX_NAMED = 5


def column_warnings(X):
    """The messages of :class:`~skdfs.ColumnWarning` for ``X`` (a frame or
    an array, as the caller passed it): row numbers and identifiers
    (:func:`~skdfs._columns.identifier_columns`), dates and numbers written
    as text. Beyond :data:`MAX_NAMED` columns of one kind, one message
    names the first few."""
    numbers = text_number_columns(X)
    coded = code_columns(X)
    read = {name for name, _, _ in numbers}  # named once, as numbers
    found = [(name, what) for name, what in identifier_columns(X) if name not in read]
    dates = [name for name, what in found if what == "dates written as text"]
    free = [(name, what) for name, what in found if what.startswith("free text")]
    ids = [(name, what) for name, what in found if name not in dates + [*dict(free)]]
    messages = []
    for label, what, one in _labelled(free, "free text, a different one per row"):
        messages.append(
            f"{label} {'holds' if one else 'hold'} {what}: as levels it can only "
            f"be memorised. Drop {'it' if one else 'them'}, or derive features "
            "from the text first (its length, a keyword)."
        )
    for label, what, one in _labelled(ids, "values distinct in every row"):
        messages.append(
            f"{label} {'holds' if one else 'hold'} {what}: a row number or an "
            "identifier? Used as a feature, a row number ranks high wherever the "
            "rows are sorted (by date, by outcome), and an identifier's values "
            f"can only be memorised. Drop {'it' if one else 'them'} unless "
            f"{'it measures' if one else 'they measure'} something."
        )
    for label, _, one in _labelled([(n, "") for n in dates], ""):
        messages.append(
            f"{label} {'holds' if one else 'hold'} dates written as text: as "
            "text they are levels (target encoded where there are many), "
            "without their order; convert them with pd.to_datetime to use them "
            "as dates."
        )
    plain = {name for name, _, p in numbers if p}
    many = [(name, what) for name, what, _ in numbers]
    for label, what, one in _labelled(many, many[0][1] if many else ""):
        it = "it" if one else "them"
        to_numeric = ", or pd.to_numeric(..., errors='coerce')" if one in plain else ""
        what = f" ({what})" if what else ""
        messages.append(
            f"{label} {'holds' if one else 'hold'} numbers written as text"
            f"{what}: used as text, one level per value. Convert {it}: "
            f"skdfs.rawtable.prepare_frame(X)[0] reads {it} as "
            f"`skdfs rank` does{to_numeric}."
        )
    for label, what, one in _labelled(coded, coded[0][1] if coded else ""):
        messages.append(
            f"{label} {'holds' if one else 'hold'} {what}, far outside "
            f"{'its' if one else 'their'} other values: a code for missing? Used "
            "as a number, it stretches the standardised column. Replace it with "
            "NaN (skdfs.rawtable.prepare_frame does so for a frame)."
        )
    return messages


def code_columns(X):
    """The numeric columns of ``X`` holding all-nines codes for missing
    values (:func:`missing_codes`), as ``(name, what)``."""
    if not (is_frame(X) or isinstance(X, np.ndarray)) or getattr(X, "ndim", 0) != 2:
        return []
    if isinstance(X, np.ndarray) and X.dtype.kind not in "iuf":
        return []
    names, columns = feature_names(X), table_columns(X)
    if isinstance(X, np.ndarray):  # one vectorised test picks the candidates
        picked = np.flatnonzero(np.isin(X, CODES).any(axis=0)).tolist()
    else:
        picked = range(len(columns))
    found = []
    for j in picked:
        name, column = names[j], columns[j]
        if column_kind(column) != "numeric":
            continue
        values = np.asarray(as_float(column), dtype=np.float64)
        if not np.isin(values, CODES).any():
            continue
        codes = missing_codes(values)
        if codes:
            shown = " and ".join(f"{c:g} ({n} rows)" for c, n in codes.items())
            found.append((name, shown))
    return found


def _labelled(found, summary):
    """``("column 'a'", what, name)`` per column, or one ``("12 columns (a,
    b, c, ...)", summary, None)`` beyond :data:`MAX_NAMED` of them."""
    if len(found) > MAX_NAMED:
        names = preview([str(n) for n, _ in found], MAX_NAMED, quote=False)
        return [(f"{len(found)} columns ({names})", summary, None)]
    return [(f"column {name!r}", what, name) for name, what in found]
