"""Ranking tables of a fitted selector, as text and as pandas frames.

The ``skdfs`` command prints and writes these; they work the same from
Python. Every value is read from the selector (``ranking_``,
``members_used_``, ``get_support()``), never recomputed, so the tables agree
with the selector's own decisions (probe test and diverged members
included). A selector fitted with ``groups`` (or on a table with
categorical columns and missing values, see :mod:`skdfs.tabular`) is
reported per group or original column.
"""

from __future__ import annotations

import numpy as np

from ._subspace import fitted_interval
from .path import PATH_MIN_SHARE

__all__ = [
    "TABLE_ROWS",
    "column_marks",
    "encoded_note",
    "format_ranking",
    "group_table",
    "importance_table",
    "legend_note",
    "level_table",
    "member_table",
    "path_note",
    "ranked_units",
    "squares_note",
    "threshold_note",
]


#: Rows of a ranking table with ``top="auto"`` (the command line's default)
#: on a wide table, besides the selected features.
TABLE_ROWS = 50


def format_ranking(
    names,
    importances,
    spread,
    selected,
    marks=None,
    top=None,
    interval=None,
    ranks=None,
    kept=None,
    pvalues=None,
):
    """Ranked plain-text table of features, most important first.

    Parameters
    ----------
    names : sequence of str
        Feature names, in column order.
    importances, spread : array-like of shape (n_features,)
        Mean importance and its spread across members.
    selected : array-like of bool, shape (n_features,)
        Whether each feature is selected.
    marks : sequence of str, default=None
        Extra note per feature (e.g. ``"probe"``).
    top : int, "auto" or None, default=None
        Show only the ``top`` highest-ranked features; ``"auto"``: every
        feature up to :data:`TABLE_ROWS` of them, on wider tables the top
        :data:`TABLE_ROWS` and the first :data:`TABLE_ROWS` selected ones. A
        last line says how many rows are not shown, and how many of them are
        selected.
    interval : tuple of two array-like of shape (n_features,), default=None
        Lower and upper ends of a confidence interval of each importance
        (:meth:`~skdfs.DeepFeatureSelector.importance_interval`), shown as a
        ``95% interval`` column after the spread.
    ranks : array-like of int, shape (n_features,), default=None
        The selector's ranks (``ranking_``: 1 is best; with the probe test 1
        is confirmed and 2 tentative, so ranks may repeat). Rows are ordered
        by rank, then by importance. ``None`` ranks by importance.
    kept : array-like of shape (n_features,), default=None
        Share of the members that keep each feature along the gate path
        (``path_share_``), shown as a ``kept`` column before ``selected``.
    pvalues : array-like of shape (n_features,), default=None
        The probe test's adjusted p-values (``pvalues_adjusted_``), shown as
        a ``p adj.`` column before ``selected``.

    Returns
    -------
    str
        The table, one line per feature after a header line.

    Examples
    --------
    >>> print(format_ranking(["a", "b"], [0.2, 0.8], [0.01, 0.02], [False, True]))
    rank  feature  importance  spread  selected
       1  b            0.8000  0.0200  yes
       2  a            0.2000  0.0100
    >>> print(format_ranking(
    ...     ["a", "b"], [0.2, 0.8], [0.01, 0.02], [False, True],
    ...     interval=([0.19, 0.78], [0.21, 0.82]),
    ... ))
    rank  feature  importance  spread   95% interval  selected
       1  b            0.8000  0.0200  0.7800-0.8200  yes
       2  a            0.2000  0.0100  0.1900-0.2100
    >>> print(format_ranking(
    ...     ["a", "b"], [0.2, 0.8], [0.01, 0.02], [False, True], kept=[0.1, 0.9],
    ... ))
    rank  feature  importance  spread  kept  selected
       1  b            0.8000  0.0200   90%  yes
       2  a            0.2000  0.0100   10%
    """
    importances = np.asarray(importances, dtype=float)
    if ranks is None:
        order = np.argsort(-importances, kind="mergesort")
        ranks = np.empty(len(order), dtype=np.int64)
        ranks[order] = np.arange(1, len(order) + 1)
    else:
        ranks = np.asarray(ranks)
        order = np.lexsort((-importances, ranks))
    if top is not None and top != "auto":
        if isinstance(top, (bool, np.bool_)) or not isinstance(top, (int, np.integer)):
            raise TypeError(f"top must be an int, 'auto' or None, got {top!r}")
        if top < 1:
            raise ValueError(f"top must be at least 1, got {top}")
    shown = np.ones(len(order), dtype=bool)
    if top == "auto":
        top = None if len(order) <= TABLE_ROWS else TABLE_ROWS
        keep = np.zeros(len(order), dtype=bool)  # the first selected ones
        first = order[np.asarray(selected, dtype=bool)[order]][:TABLE_ROWS]
        keep[first] = True
    else:
        keep = np.zeros(len(order), dtype=bool)
    if top is not None and top < len(order):
        shown = keep.copy()
        shown[order[:top]] = True
        order = order[shown[order]]
    width = max([len("feature")] + [len(str(names[i])) for i in order])
    ci = "   95% interval" if interval is not None else ""
    ci += "  kept" if kept is not None else ""
    ci += "  p adj." if pvalues is not None else ""
    header = f"rank  {'feature':<{width}}  importance  spread{ci}  selected"
    lines = [header]
    for i in order:
        bounds = (
            f"  {interval[0][i]:.4f}-{interval[1][i]:.4f}"
            if interval is not None
            else ""
        )
        bounds += f"  {kept[i]:>4.0%}" if kept is not None else ""
        bounds += f"  {_p_text(pvalues[i]):>6}" if pvalues is not None else ""
        line = (
            f"{ranks[i]:>4}  {str(names[i]):<{width}}  {importances[i]:>10.4f}  "
            f"{spread[i]:.4f}{bounds}  {'yes' if selected[i] else ''}"
        )
        if marks is not None and marks[i]:
            line += f"{'' if selected[i] else '   '}  {marks[i]}"
        lines.append(line.rstrip())
    if not shown.all():
        n_hidden = int((~shown).sum())
        hidden = int((~shown & np.asarray(selected, dtype=bool)).sum())
        also = f", {hidden} of them selected" if hidden else ""
        also = ", all selected" if hidden == n_hidden else also
        lines.append(f"({n_hidden} more not shown{also})")
    return "\n".join(lines)


def _p_text(p):
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def _interval(members, level=0.95):
    """Student-t interval of the mean over the rows of ``members``."""
    from scipy.stats import t

    m = members.shape[0]
    mean = members.mean(axis=0)
    if m < 2:
        return mean.copy(), mean.copy()
    half = t.ppf((1 + level) / 2, m - 1) * members.std(axis=0, ddof=1) / np.sqrt(m)
    return np.maximum(mean - half, 0.0), mean + half


def ranked_units(selector):
    """What a selector ranks: its groups where it has them, else its features.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.

    Returns
    -------
    dict
        ``names``, ``importance``, ``std``, ``members`` (every member's
        scores, ``(n_estimators, n_units)``), ``ci_low`` and ``ci_high``
        (the 95% Student-t interval of the mean over the used members),
        ``selected``, ``kept`` (where the gate path's vote selects, the
        share of the used members keeping each unit, ``path_share_``; else
        None), ``p_adjusted`` (with the probe test, its adjusted p-values,
        ``pvalues_adjusted_``; else None), ``rank`` (the selector's own), one
        entry per group
        (``group_names_``) or per feature. With random-subspace members
        (``member_masks_``) the interval is over the members that saw each
        unit (:func:`skdfs._subspace.fitted_interval`), and ``members``
        holds NaN where a member did not see the unit.
    """
    units = _units(selector)
    used = np.asarray(selector.members_used_, dtype=bool)
    masks = getattr(selector, "member_masks_", None)
    if masks is None:
        units["ci_low"], units["ci_high"] = _interval(units["members"][used])
        return units
    # Members that saw part of the columns: the interval of the gain-weighted
    # mean over those that saw each one; unseen cells are left empty.
    units["ci_low"], units["ci_high"] = fitted_interval(selector)
    units["members"] = np.where(masks, units["members"], np.nan)
    return units


def _units(selector):
    support = np.asarray(selector.get_support(), dtype=bool)
    kept = p_adjusted = None
    if selector.selection_rule_ == "path":
        kept = np.asarray(selector.path_share_, dtype=float)
    if selector.selection_rule_ == "probe":
        p_adjusted = np.asarray(selector.pvalues_adjusted_, dtype=float)
    if hasattr(selector, "group_names_"):
        n_groups = len(selector.group_names_)
        first = np.array(
            [np.flatnonzero(selector.groups_ == g)[0] for g in range(n_groups)]
        )
        return {
            "names": [str(n) for n in selector.group_names_],
            "importance": np.asarray(selector.group_importances_, dtype=float),
            "std": np.asarray(selector.group_importances_std_, dtype=float),
            "members": np.asarray(selector.member_group_importances_, dtype=float),
            "selected": support[first],
            "kept": kept,
            "p_adjusted": p_adjusted,
            "rank": np.asarray(selector.group_ranking_),
        }
    names = getattr(selector, "feature_names_in_", None)
    if names is None:
        names = [f"x{j}" for j in range(len(selector.feature_importances_))]
    return {
        "names": [str(n) for n in names],
        "importance": np.asarray(selector.feature_importances_, dtype=float),
        "std": np.asarray(selector.feature_importances_std_, dtype=float),
        "members": np.asarray(selector.importances_, dtype=float),
        "selected": support,
        "kept": kept,
        "p_adjusted": p_adjusted,
        "rank": np.asarray(selector.ranking_),
    }


def importance_table(selector, feature_names=None):
    """One row per feature: importance, spread, selection, rank, every member.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.
    feature_names : sequence of str, default=None
        Names of the rows, in column order; ``None`` uses the selector's
        (``feature_names_in_``, or ``group_names_`` for a selector with
        groups, which gets one row per group).

    Returns
    -------
    pandas.DataFrame
        Columns ``feature``, ``importance``, ``std``, ``ci_low``, ``ci_high``
        (the 95% confidence interval of the mean importance across the used
        members), ``selected``, ``kept`` (the share of the used members that
        keep the feature along the gate path, ``path_share_``, where the
        path's vote selects; else empty), ``p_adjusted`` (the probe test's
        adjusted p-value, where it selects; else empty), ``rank`` (the
        selector's ``ranking_``: 1 is
        the most important; with the probe test 1 is confirmed, 2 tentative),
        then ``member_0`` ... ``member_{E-1}`` (each member's normalised
        scores), rows sorted by rank, then importance.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.report import importance_table
    >>> X, y = make_classification(n_samples=200, n_features=4, random_state=0)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=3, hidden_layer_sizes=(8,), max_epochs=10, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu",
    ... ).fit(X, y)
    >>> table = importance_table(selector, ["a", "b", "c", "d"])
    >>> list(table.columns)
    ['feature', 'importance', 'std', 'ci_low', 'ci_high', 'selected', 'kept', \
'p_adjusted', 'rank', 'member_0', 'member_1', 'member_2']
    >>> table["rank"].tolist()
    [1, 2, 3, 4]
    """
    import pandas as pd

    units = ranked_units(selector)
    names = units["names"] if feature_names is None else list(feature_names)
    if len(names) != len(units["importance"]):
        raise ValueError(
            f"feature_names has {len(names)} entries for "
            f"{len(units['importance'])} ranked features or groups"
        )
    low, high = units["ci_low"], units["ci_high"]
    table = pd.DataFrame(
        {
            "feature": [str(name) for name in names],
            "importance": units["importance"],
            "std": units["std"],
            "ci_low": low,
            "ci_high": high,
            "selected": units["selected"],
            "kept": np.nan if units["kept"] is None else units["kept"],
            "p_adjusted": (
                np.nan if units["p_adjusted"] is None else units["p_adjusted"]
            ),
            "rank": units["rank"],
        }
    )
    for m in range(units["members"].shape[0]):
        table[f"member_{m}"] = units["members"][m]
    order = np.lexsort((-units["importance"], units["rank"]))
    return table.iloc[order].reset_index(drop=True)


def _column_names(selector):
    """The selector's input column names (``x0``, ``x1``, ... without)."""
    names = getattr(selector, "feature_names_in_", None)
    if names is None:
        names = [f"x{j}" for j in range(selector.n_features_in_)]
    return names


def level_table(selector):
    """One row per encoded column (level or missingness indicator).

    For a selector fitted on a table with categorical columns or missing
    values (``level_importances_``, see :mod:`skdfs.tabular`).

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector with ``level_importances_``.

    Returns
    -------
    pandas.DataFrame
        Columns ``level``, ``column`` (the original column),
        ``importance`` (the column's importance split over its levels),
        ``column_rank`` (the original column's rank), sorted by the column's
        rank, then by the level's importance.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.report import level_table
    >>> rng = np.random.RandomState(0)
    >>> df = pd.DataFrame({"x": rng.randn(200),
    ...                    "c": rng.choice(["a", "b", "c"], 200)})
    >>> y = (df["c"] == "a").astype(int)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=3, hidden_layer_sizes=(8,), max_epochs=10, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu",
    ... ).fit(df, y)
    >>> sorted(level_table(selector)["level"])
    ['c=a', 'c=b', 'c=c', 'x']
    """
    import pandas as pd

    if not hasattr(selector, "level_importances_"):
        raise ValueError(
            "the selector has no level_importances_: it was fitted on numeric "
            "data without missing values, whose columns are their own levels"
        )
    names = _column_names(selector)
    columns = np.asarray(selector.level_columns_)
    table = pd.DataFrame(
        {
            "level": [str(n) for n in selector.level_names_],
            "column": [str(names[j]) for j in columns],
            "importance": np.asarray(selector.level_importances_, dtype=float),
            "column_rank": np.asarray(selector.ranking_)[columns],
        }
    )
    order = np.lexsort((-table["importance"].to_numpy(), table["column_rank"]))
    return table.iloc[order].reset_index(drop=True)


def group_table(selector):
    """One row per column of a selector fitted with ``groups``: its group.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector with ``groups_``.

    Returns
    -------
    pandas.DataFrame
        Columns ``group`` (its name), ``column``, ``group_rank``,
        ``group_importance`` and ``selected`` (the group's), sorted by the
        group's rank, then by column order.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.report import group_table
    >>> rng = np.random.RandomState(0)
    >>> X = rng.randn(200, 3)
    >>> y = (X[:, 0] + X[:, 1] > 0).astype(int)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=3, hidden_layer_sizes=(8,), max_epochs=10, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu", groups={"ab": [0, 1]},
    ... ).fit(X, y)
    >>> group_table(selector)[["group", "column"]].values.tolist()[:2]
    [['ab', 'x0'], ['ab', 'x1']]
    """
    import pandas as pd

    if not hasattr(selector, "groups_"):
        raise ValueError("the selector has no groups_: it was fitted without groups")
    names = _column_names(selector)
    groups = np.asarray(selector.groups_)
    ranks = np.asarray(selector.group_ranking_)
    table = pd.DataFrame(
        {
            "group": [str(selector.group_names_[g]) for g in groups],
            "column": [str(n) for n in names],
            "group_rank": ranks[groups],
            "group_importance": np.asarray(selector.group_importances_)[groups],
            "selected": np.asarray(selector.get_support(), dtype=bool),
        }
    )
    order = np.lexsort((np.arange(len(table)), table["group_rank"].to_numpy()))
    return table.iloc[order].reset_index(drop=True)


def member_table(selector):
    """One row per member: whether it was used, its losses and best epoch.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.

    Returns
    -------
    pandas.DataFrame
        Columns ``member`` (``member_0`` ...), ``used`` (whether its gates
        enter ``feature_importances_``: the selector's ``members_used_``),
        ``loss`` (its best validation loss), ``baseline_loss`` (a constant
        predictor's loss on the same rows) and ``best_epoch`` (the epoch it
        was restored to, where known).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.report import member_table
    >>> X, y = make_classification(n_samples=200, n_features=4, random_state=0)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=3, hidden_layer_sizes=(8,), max_epochs=10, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu",
    ... ).fit(X, y)
    >>> list(member_table(selector).columns)
    ['member', 'used', 'loss', 'baseline_loss', 'best_epoch']
    """
    import pandas as pd

    n_members = len(selector.member_scores_)
    best_epoch = getattr(selector.net_, "member_best_epoch_", None)
    return pd.DataFrame(
        {
            "member": [f"member_{m}" for m in range(n_members)],
            "used": np.asarray(selector.members_used_, dtype=bool),
            "loss": np.asarray(selector.member_scores_, dtype=float),
            "baseline_loss": np.asarray(selector.member_baseline_scores_, dtype=float),
            "best_epoch": (
                pd.array([pd.NA] * n_members, dtype="Int64")
                if best_epoch is None
                else np.asarray(best_epoch, dtype=np.int64)
            ),
        }
    )


def squares_note(selector):
    """How many members took square terms (``input_basis``), as a clause.

    Returns ``"; M of the E members also took the squares of C inputs"``
    (``C`` counting the probes' inputs in probe mode, which the clause then
    says), or ``""`` when no member did (``input_basis="linear"``, or no column with
    more than two distinct values).

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.

    Returns
    -------
    str

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.report import squares_note
    >>> X = np.random.RandomState(0).standard_normal((120, 3))
    >>> X[:, 2] = X[:, 2] > 0  # a flag: no square term
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=4, hidden_layer_sizes=(8,), max_epochs=30, random_state=0,
    ...     device="cpu", threshold="mean",
    ... ).fit(X, X[:, 0] ** 2)
    >>> squares_note(selector)
    '; 2 of the 4 members also took the squares of 2 inputs'
    """
    module = selector.net_.module_
    if module.curved is None:
        return ""
    mask = module.square_members
    squared = module.n_members if mask is None else int(mask.sum())
    probes = " (probes included)" if hasattr(selector, "probe_sources_") else ""
    return (
        f"; {squared} of the {module.n_members} members also took the squares "
        f"of {len(module.curved)} inputs{probes}"
    )


def threshold_note(selector):
    """How the selection was decided, for a summary line.

    The selector says which rule decided (``selection_rule_``): ``"confirmed
    by the probe test"``, ``"kept along the gate path by at least 25% of the
    members"``, ``"the 5 best"`` or ``"threshold 0.0500, the mean
    importance"``, with ``", at most N"`` where ``max_features`` capped it.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.

    Returns
    -------
    str
    """
    rule = selector.selection_rule_
    count = selector.max_features_
    if rule == "probe":
        return "confirmed by the probe test"
    if rule == "path":
        text = (
            f"kept along the gate path by at least {PATH_MIN_SHARE:.0%} of the members"
        )
        if _rate_tested(selector):
            text += ", and significantly more often than their average rate"
        return text if count is None else f"{text}, at most {count}"
    if rule == "count":
        return f"the {count} best"
    text = f"threshold {selector.threshold_:.4f}, "
    text += "the mean importance" if rule == "mean" else str(rule)
    if count is not None:
        text += f", at most {count}"
    return text


def _rate_tested(selector):
    """Whether the keep-rate test cut the gate path's vote (a split vote, or
    gains no clearer than chance): the selection is smaller than the vote."""
    return int(selector.path_vote_.sum()) > int(selector.path_support_.sum())


def path_note(selector):
    """``" and the gate path's N steps"`` where the fit ran the gate path,
    else ``""``."""
    path = getattr(selector, "path_", None)
    return "" if path is None else f" and the gate path's {path.steps} steps"


def column_marks(selector, names, kinds):
    """Per ranked column: its kind, whether it was target encoded, and
    whether the probe test called it tentative.

    Parameters
    ----------
    selector : DeepFeatureSelector
        The fitted selector (its ``encoder_`` where it encoded a table, its
        ``support_weak_`` after the probe test).
    names : sequence of str
        The ranked columns, in the table's order.
    kinds : dict
        Column name -> description (``"text, 3 levels"``), as
        :func:`skdfs.rawtable.prepare_frame` returns them.

    Returns
    -------
    list of str
        One mark per name: its kind, with ", target-encoded" where the
        selector's encoder encoded it by the target, and prefixed by
        "tentative; " where the probe test could neither confirm nor reject
        it.
    """
    encoder = getattr(selector, "encoder_", None)
    encoded = set()
    if encoder is not None and hasattr(encoder, "feature_names_in_"):
        encoded = set(encoder.feature_names_in_[encoder.target_encoded_])
    marks = [
        kinds.get(name, "") + (", target-encoded" if name in encoded else "")
        for name in names
    ]
    weak = getattr(selector, "support_weak_", None)
    if weak is None or len(weak) != len(names):
        return marks
    return [f"tentative; {m}" if w else m for m, w in zip(marks, weak)]


def encoded_note(selector):
    """``" (N network inputs: K text levels, T columns with more than L
    levels target-encoded, M missing-value indicators; --levels lists
    them)"`` for a selector fitted on a table it encoded
    (``level_names_``), else ``""``."""
    names = getattr(selector, "level_names_", None)
    if names is None:
        return ""
    indicators = sum(str(n).endswith(" (missing)") for n in names)
    encoder = getattr(selector, "encoder_", None)
    encoded = getattr(encoder, "target_encoded_", np.zeros(0, bool))
    by_target = (
        encoded[selector.level_columns_] if encoded.size else np.zeros(len(names), bool)
    )
    levels = sum(
        "=" in str(n) and not str(n).endswith(" (missing)") and not t
        for n, t in zip(names, by_target)
    )
    parts = [f"{levels} text level{'s' * (levels != 1)}"] if levels else []
    n_encoded = int(encoded.sum())
    if n_encoded:
        parts.append(
            f"{n_encoded} column{'s' * (n_encoded != 1)} with more than "
            f"{selector.max_onehot_levels} levels target-encoded"
        )
    parts += (
        [f"{indicators} missing-value indicator{'s' * (indicators != 1)}"]
        if indicators
        else []
    )
    return f" ({len(names)} network inputs: {', '.join(parts)}; --levels lists them)"


#: What the ranking table's interval measures (the legend's words for it).
_INTERVAL = (
    "; 95% interval: the mean's, from that spread (how the training's chance "
    "moves it on these rows, not how another sample of rows would)."
)


def legend_note(selector):
    """How to read the ranking table's rank, importance and spread columns,
    as the summary's last sentence: after the probe test, with members that
    each saw part of the columns (``member_masks_``), or plain."""
    if getattr(selector, "member_masks_", None) is not None:
        return (
            "rank: by importance; importance: mean share over the used members "
            "that saw the column (each saw "
            f"{selector.member_masks_.mean():.0%} of the columns), weighted by "
            "their gain over the constant predictor; spread: its standard "
            "deviation across them"
            + _INTERVAL
            + _vote_note(selector)
            + _probe_note(selector)
        )
    if getattr(selector, "selection_rule_", None) == "probe":
        rank = "rank: 1 confirmed by the probe test, 2 tentative, then by importance"
    else:
        rank = "rank: by importance"
    return (
        rank + "; importance: mean share over the used members; spread: its "
        "standard deviation across them"
        + _INTERVAL
        + _vote_note(selector)
        + _probe_note(selector)
    )


def _probe_note(selector):
    """Where the probe test selects: what the ``p adj.`` column is."""
    if getattr(selector, "selection_rule_", None) != "probe":
        return ""
    how = {"bh": "Benjamini-Hochberg", "bonferroni": "Bonferroni"}
    return (
        " p adj.: the probe test's p-value for the column beating its shuffled "
        f"copies, adjusted ({how.get(selector.correction, selector.correction)}); "
        f"confirmed below {selector.alpha:g}."
    )


def _vote_note(selector):
    """Where the gate path's vote selects: what the ``kept`` column is, and,
    where the vote selected columns that are not the top of the rank order,
    that it need not be a cut of it (the order is the mean share, the
    selection the members' vote along the path)."""
    if getattr(selector, "selection_rule_", None) != "path":
        return ""
    text = (
        " kept: share of the used members that keep the column along the gate "
        f"path; selected where at least {PATH_MIN_SHARE:.0%} do"
    )
    support = np.asarray(selector.get_support())
    ranks = np.asarray(selector.ranking_)
    if support.any() and ranks[support].max() > support.sum():
        text += ", not a cut of the rank order"
    return text + "."
