"""Notices on the columns of a raw table, one line per kind where many repeat.

``skdfs.rawtable.prepare_frame`` reports every decision it takes on a column
(left out, read as numbers, codes read as missing). On a wide table the same
decision comes back for hundreds of columns: 2,000 unexpressed genes with one
value, 3,000 columns written with decimal commas. Each notice here is a
``(kind, column, text)`` triple; :func:`collapse` keeps the text of a kind
with at most :data:`MAX_PER_KIND` notices and gives a larger one a single
line that counts its columns, names the first few and, where the detail
differs from column to column, shows the first notice in full.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from ._columns import is_free_text, preview
from ._targets import RARE_CLASS_ROWS  # a class too rare to learn from

__all__ = [
    "MAX_PER_KIND",
    "codes_note",
    "collapse",
    "identifier_note",
    "level_notes",
    "numbers_note",
    "ordered_levels_note",
    "rare_classes_note",
    "repeat_notes",
]

#: Notices of one kind beyond this many become one line.
MAX_PER_KIND = 5

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


#: What a collapsed line says of its columns (``{n}``: how many), and whether
#: it shows the first notice in full (its detail differs between columns).
PHRASES = {
    "empty": ("left out {n} columns where every value is missing", False),
    "blank": ("left out {n} text columns where every value is blank", False),
    "constant": ("left out {n} columns with one value only", False),
    "flag": ("read {n} columns of one value or blank as flags (1 or 0)", True),
    "yesno": ("read {n} columns that spell yes and no in several ways as 1/0", True),
    "identifier": (
        "left out {n} columns that look like identifiers or free text",
        True,
    ),
    "counter": ("left out {n} columns holding a row number or identifier", False),
    "other": ("left out {n} columns whose values are neither numbers nor text", True),
    "numbers": ("read {n} text columns as numbers", True),
    "codes": ("read all-nines codes as missing values in {n} columns", True),
    "infinite": ("read infinite values as missing in {n} columns", False),
    "dates": ("read {n} columns as dates, each used as its parts", True),
    "pairs": ("read {n} columns of two numbers per cell ('130/85') as pairs", True),
    "durations": ("read {n} columns of durations as numbers, in days", False),
    "spaces": ("dropped spaces around the values of {n} text columns", True),
    "case": ("{n} text columns have levels that differ only in case", True),
}


def collapse(notices, limit=MAX_PER_KIND):
    """The lines to print for ``notices``: strings pass as they are; of the
    ``(kind, column, text)`` triples, a kind with more than ``limit`` becomes
    one line where its first notice stood."""
    counts = {}
    for notice in notices:
        if not isinstance(notice, str):
            counts[notice[0]] = counts.get(notice[0], 0) + 1
    lines, done = [], set()
    for notice in notices:
        if isinstance(notice, str):
            lines.append(notice)
            continue
        kind, _, text = notice
        if counts[kind] <= limit:
            lines.append(text)
        elif kind not in done:
            done.add(kind)
            names = [
                str(n[1]) for n in notices if not isinstance(n, str) and n[0] == kind
            ]
            phrase, example = PHRASES[kind]
            line = f"{phrase.format(n=len(names))} ({preview(names, quote=False)})"
            lines.append(line + (f"; the first: {text}" if example else ""))
    return lines


def numbers_note(what, text, numbers, how, odd):
    """The notice for a text column read as numbers.

    ``what`` names the column (``"'dose'"``); ``how`` is
    :func:`read_numbers`' list (one cell and its number are shown where it
    is not empty); ``odd`` marks the present cells that did not parse.
    """
    note = f"read {what} as numbers"
    if how:
        # Show a cell that needed the reading ("<0.3", "$1,234"), not "1.13".
        read = np.flatnonzero(numbers.notna().to_numpy())
        cells = np.asarray(text, dtype=object)
        first = next((i for i in read if not _is_plain(cells[i])), read[0])
        value, example = numbers.iloc[first], text.iloc[first]
        # no-break and narrow spaces (digit groups) print as spaces
        example = str(example).translate(_SPACES)
        note += f" ({'; '.join(how)}: {example!r} is {value:.12g})"
    if odd.any():
        tokens = sorted({str(v) for v in text[odd]})
        k = int(odd.sum())
        note += f"; {k} {'entry' if k == 1 else 'entries'} ({preview(tokens)}) "
        note += "read as missing"
    return note


def _is_plain(cell):
    """Whether ``float()`` reads ``cell`` as it is."""
    try:
        float(cell)
    except (TypeError, ValueError):
        return False
    return True


def identifier_note(name, levels, n_present, empty):
    """The notice for a text column left out as an identifier or free text
    (``levels``: its distinct values; ``empty``: rows without one)."""
    what = "free text" if is_free_text(levels) else "an identifier"
    return (
        f"left out {name!r}: {len(levels)} distinct values in {n_present} rows"
        + (f" (the other {empty} are empty)" if empty else "")
        + f" looks like {what}"
    )


def codes_note(name, codes, present):
    """The notice for all-nines codes read as missing in a numeric column
    (``codes``: code -> count; ``present``: the values left)."""
    found = " and ".join(
        f"{n} value{'s' * (n != 1)} of {code:g}" for code, n in codes.items()
    )
    return (
        f"{name!r}: {found} read as missing (codes "
        f"for missing: the other values lie between {present.min():g} and "
        f"{present.max():g}); --keep-codes keeps them"
    )


def level_notes(name, levels, n_raw, what=""):
    """Notices on a text column's levels: spaces dropped, case variants."""
    notes = []
    label = f"{what}{str(name)!r}"
    if len(levels) < n_raw:
        notes.append(
            (
                "spaces",
                name,
                f"{label}: spaces around values dropped ({n_raw} distinct values "
                f"became {len(levels)} levels)",
            )
        )
    folded = {}
    for level in levels:
        folded.setdefault(level.casefold(), []).append(level)
    variants = [sorted(v) for v in folded.values() if len(v) > 1]
    if variants:
        shown = "; ".join(preview(v, limit=3) for v in variants[:3])
        notes.append(
            (
                "case",
                name,
                f"{label}: levels that differ only in case are kept apart ({shown}); "
                "fix them in the file if they are one",
            )
        )
    return notes


def repeat_notes(out, kinds):
    """A notice naming the columns that repeat an earlier one in every row."""
    import pandas as pd

    first, repeats = {}, []
    for name, values in out.items():
        if name not in kinds:
            continue  # a part of a date
        values = np.asarray(values)
        if values.dtype == object:
            values = pd.util.hash_array(values)
        key = (values.dtype.kind, hashlib.sha1(values.tobytes()).digest())
        if key in first:
            repeats.append(f"{name} = {first[key]}")
        else:
            first[key] = name
    if not repeats:
        return []
    shown = preview(repeats, quote=False)
    return [
        f"{len(repeats)} {'columns repeat' if len(repeats) > 1 else 'column repeats'}"
        f" another in every row ({shown}): each pair splits one column's "
        "importance between them; --drop the copies"
    ]


def rare_classes_note(name, y, min_rows=RARE_CLASS_ROWS):
    """A note naming the classes of ``y`` with fewer than ``min_rows`` rows
    (a typo, a code for "unknown"), or None.

    Examples
    --------
    >>> from skdfs._notices import rare_classes_note
    >>> rare_classes_note("grade", ["a"] * 9 + ["b"] * 9 + ["x"])
    "target 'grade': 1 class has fewer than 5 rows (x: 1), too few to learn \
from; if it is a typo or a code, fix or drop its rows"
    >>> rare_classes_note("defects", [0] * 9 + [1] * 9 + [7]).endswith(
    ...     "if the target is a count or a quantity, --task regression")
    True
    """
    levels, counts = np.unique(np.asarray(y), return_counts=True)
    rare = [f"{v}: {n}" for v, n in zip(levels, counts) if n < min_rows]
    if not rare:
        return None
    k = len(rare)
    many = (k, "classes have", "they are typos or codes", "their")
    one = (k, "class has", "it is a typo or a code", "its")
    k, has, what, whose = one if k == 1 else many
    count = ""
    if levels.dtype.kind in "iuf" and np.all(levels == np.round(levels)):
        # whole numbers with a thin tail: a count read as classes (a trial's
        # defects per batch, 22 values) is a quantity
        count = "; if the target is a count or a quantity, --task regression"
    return (
        f"target {str(name)!r}: {k} {has} fewer than {min_rows} rows "
        f"({preview(rare, quote=False)}), too few to learn from; if {what}, fix "
        f"or drop {whose} rows{count}"
    )


#: Scales whose words name an order, lowest tier first (a tier's words are
#: synonyms). A text target whose levels are three or more tiers of one
#: scale reads as ordered (:func:`ordered_levels_note`).
ORDERED_SCALES = (
    (
        ("very low",),
        ("low",),
        ("medium", "moderate", "mid", "intermediate"),
        ("high",),
        ("very high",),
    ),
    (
        ("none", "absent"),
        ("mild", "slight", "minor"),
        ("moderate",),
        ("severe", "serious", "major"),
        ("very severe", "critical", "life threatening"),
    ),
    (
        ("very poor",),
        ("poor", "bad"),
        ("fair", "average"),
        ("good",),
        ("very good",),
        ("excellent",),
    ),
    (
        ("never",),
        ("rarely", "seldom"),
        ("sometimes", "occasionally"),
        ("often", "frequently", "usually"),
        ("always",),
    ),
    (
        ("strongly disagree",),
        ("disagree",),
        ("neutral", "neither agree nor disagree"),
        ("agree",),
        ("strongly agree",),
    ),
    (
        ("very dissatisfied", "very unsatisfied"),
        ("dissatisfied", "unsatisfied"),
        ("neutral",),
        ("satisfied",),
        ("very satisfied",),
    ),
    (
        ("very unlikely",),
        ("unlikely",),
        ("neutral", "unsure"),
        ("likely",),
        ("very likely",),
    ),
    (
        ("xxs",),
        ("xs", "extra small"),
        ("s", "small"),
        ("m", "medium"),
        ("l", "large"),
        ("xl", "extra large"),
        ("xxl",),
    ),
)

#: Words before a number or a roman numeral that make numbered levels an
#: order ("stage 2", "Grade III"); "class 2" or "type 2" name kinds.
ORDERED_PREFIXES = ("stage", "grade", "level", "tier", "phase", "step", "score")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
_BIN = re.compile(
    r"^(?:[<>]=?|≤|≥|under|over|below|above)?\s*(\d+(?:[.,]\d+)?)\s*"
    r"(?:[k%]|years?|yrs?)?\s*(?:(?:-|–|to)\s*\d+(?:[.,]\d+)?\s*(?:[k%]|years?|yrs?)?"
    r"|\+|or more|and over|plus)?$"
)


def _words(level):
    """``level`` as the scales spell it: lower case, single spaces."""
    word = re.sub(r"_+|(?<=[a-z])-(?=[a-z])", " ", str(level).casefold())
    return " ".join(word.split())  # "very_high", "life-threatening"


def _level_orders(levels):
    """Each level's place in an order all of them name (a scale's tier, a
    numbered stage, a bin's lower bound), or None where they name none."""
    words = [_words(v) for v in levels]
    for scale in ORDERED_SCALES:
        tiers = {w: t for t, synonyms in enumerate(scale) for w in synonyms}
        if all(w in tiers for w in words):
            return [tiers[w] for w in words]
    numbered = [re.fullmatch(r"([a-z]+) ?(\d+|[ivx]+)([abc]?)", w) for w in words]
    if all(numbered) and len({m.group(1) for m in numbered}) == 1:
        if numbered[0].group(1) in ORDERED_PREFIXES:
            values = [
                int(n) if n.isdigit() else _ROMAN.get(n, np.nan)
                for n in (m.group(2) for m in numbered)
            ]
            subs = [" abc".index(m.group(3) or " ") / 10 for m in numbered]
            if not np.isnan(values).any():
                return list(np.add(values, subs))
    bins = [_BIN.fullmatch(w) for w in words]
    marked = sum(bool(re.search(r"\d\s*(-|–|to)\s*\d|[<>≤≥+]|[a-z]", w)) for w in words)
    if all(bins) and marked >= 2:  # "0", "1-2", "3+": not "1", "2", "3"
        below = [w[:1] in "<≤" or w.startswith(("under", "below")) for w in words]
        return [
            float(m.group(1).replace(",", ".")) - 0.5 * low
            for m, low in zip(bins, below)
        ]
    return None


def ordered_levels_note(name, levels):
    """A note where a text target's levels name an order (``"mild"``,
    ``"moderate"``, ``"severe"``; ``"stage II"``; ``"18-24"``, ``"65+"``):
    classes are learned without their order. None where they do not, or
    there are fewer than three.

    Examples
    --------
    >>> from skdfs._notices import ordered_levels_note
    >>> print(ordered_levels_note("pain", ["severe", "Mild", "moderate"]))
    target 'pain': its 3 levels look ordered (Mild < moderate < severe), but \
classes are learned without an order; to rank the columns by how they move \
the target along it, code the levels as numbers and pass --task regression
    >>> ordered_levels_note("species", ["setosa", "versicolor", "virginica"])
    >>> ordered_levels_note("kind", ["type 1", "type 2", "type 3"])
    """
    levels = [str(v) for v in levels]
    if len(levels) < 3:
        return None
    orders = _level_orders(levels)
    if orders is None or len(set(orders)) < 3:
        return None
    shown = [v for _, v in sorted(zip(orders, levels))]
    listed = " < ".join(shown[:6]) + (" < ..." if len(shown) > 6 else "")
    return (
        f"target {str(name)!r}: its {len(levels)} levels look ordered ({listed}), "
        "but classes are learned without an order; to rank the columns by how "
        "they move the target along it, code the levels as numbers and pass "
        "--task regression"
    )
