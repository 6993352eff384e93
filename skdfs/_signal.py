"""Whether a fit's members learned, and whether its importances are
weakly determined: the low-signal warning's measures and its message.

:mod:`skdfs.selection` re-exports the public names.
"""

from __future__ import annotations

import numpy as np

from .groups import correlated_partners

__all__ = [
    "CORRELATED_R",
    "GAIN_TEST_LEVEL",
    "LEADING_COLUMNS",
    "MIN_AGREEMENT",
    "MIN_GAIN",
    "MIN_MEMBER_GAIN",
    "MIN_VALID_ROWS",
    "MAX_CHANCE_CORRELATION",
    "chance_correlation",
    "gain_pvalue",
    "gains_unclear",
    "low_signal_message",
    "member_agreement",
    "members_learned",
    "signed_rank_pvalue",
    "weak_vote_message",
]


def signed_rank_pvalue(values, alternative="greater"):
    """One-sided Wilcoxon signed-rank p-value of ``values`` (1-D), zeros
    dropped; 1.0 when no value is left."""
    from scipy.stats import wilcoxon

    values = values[values != 0]
    if not len(values):
        return 1.0
    return float(wilcoxon(values, alternative=alternative).pvalue)


#: A member learned when its loss is below the constant predictor's by more
#: than this share of it: a member whose gates all closed is a constant that
#: can beat the training rows' constant by a hair on its held-out rows (seen:
#: relative gains of 2e-5 to 5e-5), which is no learning (``docs/design.rst``).
MIN_MEMBER_GAIN = 1e-3


def members_learned(scores, baseline_scores):
    """Which members beat a constant predictor: a loss below the constant's by
    more than :data:`MIN_MEMBER_GAIN` of it.

    Parameters
    ----------
    scores, baseline_scores : array-like of shape (n_members,)
        Each member's loss and the constant predictor's on the same rows.

    Returns
    -------
    ndarray of bool of shape (n_members,)

    Examples
    --------
    >>> from skdfs.selection import members_learned
    >>> members_learned([0.3, 0.69, 0.68999, float("nan")], [0.69] * 4)
    array([ True, False, False, False])
    """
    scores = np.asarray(scores, dtype=float)
    base = np.asarray(baseline_scores, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.isfinite(scores) & (scores < base - MIN_MEMBER_GAIN * np.abs(base))


#: ``low_signal_message`` warns below these levels (``docs/design.rst``).
MIN_GAIN = 0.01
MIN_AGREEMENT = 0.2
#: ... and where each member validates on fewer rows than this. On the
#: sweep's families at 40 to 80 rows (8 to 16 validation rows) the default
#: selection's false share was 0.22 to 0.50, at 120 and 200 rows 0.07 and
#: 0.13 (``docs/benchmarks.md``, "Few rows").
MIN_VALID_ROWS = 20
#: ... and where the correlation that chance alone gives the strongest of
#: ``d`` columns unrelated to the target on ``n`` rows, about
#: ``sqrt(2 ln d / n)`` (:func:`chance_correlation`), is at least this. On
#: the sweep's families the cells at 0.32 to 0.39 (40 x 20, 60 x 20,
#: 80 x 100, 100 x 200) selected with a false share of 0.22 to 0.50, those
#: at 0.11 to 0.235 (120 x 20 to 1,000 x 20, 250 x 1,000) 0.01 to 0.13
#: (``docs/benchmarks.md``, "Chance correlations on wide tables").
MAX_CHANCE_CORRELATION = 0.3
#: ... and when the members' gains over the constant are not clearly above 0:
#: a one-sided Wilcoxon signed-rank test at this level (five members or more).
GAIN_TEST_LEVEL = 0.05
#: When the members disagree, ``low_signal_message`` looks at this many
#: leading columns; if at least half of them have another column correlated
#: with them at ``|r| >= CORRELATED_R``, it names grouping as the remedy.
LEADING_COLUMNS = 10
CORRELATED_R = 0.9


def gain_pvalue(gains):
    """One-sided Wilcoxon signed-rank test that the members' relative gains
    over the constant predictor are centred above 0 (1.0 when all are 0).

    On a pure-noise target a member's best validation loss lands on either
    side of the constant's, so gains of a few percent either way are chance;
    where the members learned, every one of them gains, by large and small
    amounts alike, which the rank test sees where a median would not.

    Parameters
    ----------
    gains : array-like of shape (n_members,)
        Each member's relative loss reduction over the constant predictor,
        ``1 - loss / constant_loss``; non-finite and zero gains are left out.

    Returns
    -------
    float
        The one-sided p-value (1.0 when no gain is left).

    Examples
    --------
    >>> from skdfs.selection import gain_pvalue
    >>> round(gain_pvalue([0.05, 0.07, 0.03, -0.01, -0.03, 0.02, 0.03, -0.08]), 2)
    0.3
    >>> gain_pvalue([0.7, 0.8, 0.7, 0.6, 0.9]) < 0.05
    True
    """
    gains = np.asarray(gains, dtype=float)
    return signed_rank_pvalue(gains[np.isfinite(gains)])


def gains_unclear(gains):
    """Whether the members' gains over the constant predictor are no clearer
    than chance: a median below :data:`MIN_GAIN`, or (five members or more)
    a :func:`gain_pvalue` above :data:`GAIN_TEST_LEVEL`.

    Where they are, a member that beats the constant may have done so by
    chance, and what it keeps is no evidence: the gate path's selection then
    keeps only the features that the members keep significantly more often
    than their average rate (:func:`skdfs.path.keep_rate_test`). On targets
    that no column predicts, a quarter of the few members that beat the
    constant otherwise selected 34 to 114 of 120 sensor columns, and a third
    of the members that kept every column all 100 columns of a random table
    (``docs/benchmarks.md``, "Targets no column predicts").

    Parameters
    ----------
    gains : array-like of shape (n_members,)
        Each member's relative loss reduction over the constant predictor,
        ``1 - loss / constant_loss`` (members that diverged left out);
        non-finite gains are left out.

    Examples
    --------
    >>> from skdfs.selection import gains_unclear
    >>> gains_unclear([0.05, 0.07, 0.03, -0.01, -0.03, 0.02, 0.03, -0.08])
    True
    >>> gains_unclear([0.7, 0.8, 0.7, 0.6, 0.9])
    False
    """
    gains = np.asarray(gains, dtype=float)
    gains = gains[np.isfinite(gains)]
    if not len(gains) or np.median(gains) < MIN_GAIN:
        return True
    return len(gains) >= 5 and gain_pvalue(gains) > GAIN_TEST_LEVEL


def member_agreement(importances):
    """Mean pairwise Pearson correlation of the members' importance rows.

    Near 1 when every member puts the same weight on the same features; near
    0 when the members' importances are unrelated (on a pure-noise target the
    gates drift at random). Correlating the shares themselves, not their
    ranks, weighs the features the members lean on: the order of the many
    near-zero gates of irrelevant features is noise even on an easy task.

    Parameters
    ----------
    importances : array-like of shape (n_members, n_features)

    Returns
    -------
    float
        ``nan`` with fewer than two members or constant rows.

    Examples
    --------
    >>> from skdfs.selection import member_agreement
    >>> member_agreement([[0.5, 0.5, 0.0], [0.6, 0.4, 0.0]])
    0.94...
    """
    rows = np.asarray(importances, dtype=float)
    if rows.ndim != 2 or rows.shape[0] < 2:
        return float("nan")
    centred = rows - rows.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(centred, axis=1)
    keep = norm > 0
    if keep.sum() < 2:
        return float("nan")
    unit = centred[keep] / norm[keep, None]
    corr = unit @ unit.T
    m = len(unit)
    return float((corr.sum() - m) / (m * (m - 1)))


def low_signal_message(
    member_scores,
    baseline_scores,
    importances,
    X=None,
    member_features=1.0,
    flat=None,
    n_valid=None,
    settings=None,
    shape=None,
    tested=None,
):
    """Why a fit's importances are weakly determined, or None.

    Parameters
    ----------
    member_scores : array-like of shape (n_members,)
        Each member's best validation loss.
    baseline_scores : array-like of shape (n_members,)
        Each member's constant-predictor loss on the same rows.
    importances : array-like of shape (n_members, n_features)
        The importances of the members that learned.
    X : array-like of shape (n_samples, n_features), default=None
        The training data, one column per importance. When the members
        disagree and at least half of the :data:`LEADING_COLUMNS` columns of
        highest mean importance have another column correlated with them at
        ``|r| >= CORRELATED_R``, the message says so and names
        :func:`~skdfs.groups_from_correlation` first: members then lean on
        different columns of one correlated set, which more rows or steps
        do not settle.
    member_features : float, default=1.0
        The share of the columns each member saw (random-subspace members).
        Below 1 a member that misses a column of an interaction gains
        nothing, so the remedies then name a share closer to 1 first.
    flat : tuple of int or None, default=None
        ``(k, m)``: ``k`` of the ``m`` members that vote on the gate path's
        selection kept every column without beating the constant predictor by
        one standard error, enough for them alone to select every column
        (:func:`skdfs.path.flat_vote`); the message then says so, whatever
        the other measures say, and names the ranking and the probe test.
    n_valid : int or None, default=None
        Validation rows per member. Below :data:`MIN_VALID_ROWS` the message
        says so, whatever the other measures say: a member's validation loss
        on a handful of rows cannot tell a column's effect from its chance
        association with the target in these rows, and the members, which
        draw their rows from the same table, share that association.
    settings : dict or None, default=None
        The fit's parameters (``importance``, ``hidden_layer_sizes``,
        ``input_basis``): a remedy already in use is not named.
    shape : tuple of int or None, default=None
        ``(n_rows, n_columns)`` of the training data. Where
        :func:`chance_correlation` of it is at least
        :data:`MAX_CHANCE_CORRELATION`, the message says so, whatever the
        other measures say.
    tested : tuple of int or None, default=None
        ``(k, m)``: where the members' gains are no clearer than chance
        (:func:`gains_unclear`), the gate path's selection kept ``k`` of the
        ``m`` features of the quarter vote, those the voters keep
        significantly more often than their average rate; the message ends
        by saying so (:func:`weak_vote_message`).

    Returns
    -------
    str or None
        A message naming the symptom and the remedies, or None when the
        median relative loss reduction is at least :data:`MIN_GAIN`, the
        :func:`member_agreement` at least :data:`MIN_AGREEMENT`, and (with
        five members or more) the gains are clearly above 0:
        :func:`gain_pvalue` at most :data:`GAIN_TEST_LEVEL`.
        A median gain of a few percent can come from chance alone, since each
        member's best validation loss is the lowest of many evaluations.

    Examples
    --------
    >>> from skdfs.selection import low_signal_message
    >>> agree = [[0.9, 0.1], [0.8, 0.2]]
    >>> low_signal_message([0.5, 0.5], [0.69, 0.69], agree) is None
    True
    >>> print(low_signal_message([0.69, 0.69], [0.69, 0.69], agree))
    the members barely beat a constant predictor (median loss reduction 0.0%)...
    """
    scores = np.asarray(member_scores, dtype=float)
    base = np.asarray(baseline_scores, dtype=float)
    ok = np.isfinite(scores) & np.isfinite(base) & (base > 0)
    gains = 1 - scores[ok] / base[ok]
    gain = float(np.median(gains)) if len(gains) else 0.0
    agreement = member_agreement(importances)
    problems = []
    if gain < 0:
        problems.append(
            "the members did worse than a constant predictor on their "
            f"validation rows (median loss reduction {100 * gain:.1f}%; the "
            "target may not depend on these columns at all)"
        )
    elif gain < MIN_GAIN:
        problems.append(
            "the members barely beat a constant predictor (median loss "
            f"reduction {100 * gain:.1f}%)"
        )
    elif len(gains) >= 5 and (pvalue := gain_pvalue(gains)) > GAIN_TEST_LEVEL:
        problems.append(
            "the members' gains over a constant predictor are no larger than "
            f"chance would give (signed-rank test p = {pvalue:.2f})"
        )
    remedy = _remedies(settings or {})
    if member_features < 1:
        remedy = (
            f"Members see {member_features:g} of the columns, and a member "
            "that misses a column of an interaction gains nothing: try "
            "member_features closer to 1 (1.0: every column), or t" + remedy[1:]
        )
    chance = chance_correlation(*shape) if shape is not None else 0.0
    few_rows = n_valid is not None and 0 < n_valid < MIN_VALID_ROWS
    if chance >= MAX_CHANCE_CORRELATION:
        problems.append(
            f"on {shape[0]} rows, the strongest of {shape[1]} columns unrelated "
            f"to the target reaches a correlation of about {chance:.2f} with it "
            "by chance alone, so columns with weaker effects cannot be told "
            "from noise"
        )
    if few_rows:
        problems.append(
            f"each member judged its fit on {n_valid} validation rows, too few "
            "to tell a column's effect from its chance association with the "
            "target in these rows (the members draw their rows from the same "
            "table and share its chance associations; the probe test's "
            "p-values do not count them)"
        )
    if flat is not None:
        problems.append(
            f"{flat[0]} of the {flat[1]} members that vote kept every column "
            "without beating a constant predictor by one standard error on "
            "their validation rows, which alone makes the gate path select "
            "every column"
        )
    if np.isfinite(agreement) and agreement < MIN_AGREEMENT:
        problems.append(
            "the members disagree on the ranking (mean correlation of their "
            f"importances {agreement:.2f})"
        )
        shared = _correlated_leaders(importances, X)
        if shared is not None:
            problems[-1] += (
                f", and {shared[0]} of the {shared[1]} leading columns have "
                f"other columns correlated with them at |r| >= {CORRELATED_R} "
                "(the members may lean on different columns of one correlated "
                "set, which the data cannot tell apart)"
            )
            remedy = (
                "Rank and select each correlated set as one unit with "
                f"groups=skdfs.groups_from_correlation(X, {CORRELATED_R}) (the "
                f"command line: --group-correlated {CORRELATED_R}), or t" + remedy[1:]
            )
    if not problems and tested is not None:
        problems.append("the members' gains over a constant predictor are not clear")
    if not problems:
        return None
    if flat is not None:
        remedy += (
            "; read the ranking (feature_importances_) rather than the "
            "selection, or select with threshold='probe' (a test against noise "
            "columns)"
        )
    if few_rows or chance >= MAX_CHANCE_CORRELATION:
        remedy += (
            "; take the selection as a shortlist to confirm on other rows, "
            "not as a finding"
        )
    what = "selection is" if flat and len(problems) == 1 else "importances are"
    message = " and ".join(problems) + f": the {what} weakly determined by the data. "
    if tested is not None:
        message += weak_vote_message(tested[1], tested[0]) + ". "
    return message + remedy


def empty_selection_message(n_empty, n_voting, gains, loss):
    """Why the gate path selected nothing although the members learned, or
    None where they did not: a median gain below :data:`MIN_GAIN`, or (with
    five members or more) a :func:`gain_pvalue` above
    :data:`GAIN_TEST_LEVEL`; :func:`low_signal_message` then speaks, and on a
    target the columns do not predict selecting nothing is right.

    Parameters
    ----------
    n_empty : int
        Members that vote whose chosen level has every gate closed.
    n_voting : int
        Members that vote.
    gains : array-like of shape (n_members,)
        The relative loss reductions over the constant predictor of every
        member that trained (not only those that vote), as for
        :func:`low_signal_message`.
    loss : str
        The training loss (``loss_``): with squared error the message names
        heavy tails and ``loss='huber'``.

    Examples
    --------
    >>> gains = [0.12, 0.15, 0.16, 0.18, 0.2]
    >>> print(empty_selection_message(4, 5, gains, "squared_error"))
    the gate path selected no feature although the members beat a constant...
    """
    gains = np.asarray(gains, dtype=float)
    gain = float(np.median(gains)) if len(gains) else 0.0
    if gain < MIN_GAIN or (len(gains) >= 5 and gain_pvalue(gains) > GAIN_TEST_LEVEL):
        return None
    cause = (
        ", as where a heavy-tailed target or outliers dominate the squared "
        "error (try loss='huber')"
        if loss == "squared_error"
        else ""
    )
    return (
        "the gate path selected no feature although the members beat a "
        f"constant predictor (median loss reduction {100 * gain:.0f}%): "
        f"{n_empty} of the {n_voting} members that vote found the level with "
        "every gate closed within one standard error of their best, so their "
        "validation losses vary too much from row to row to tell the features "
        f"from none{cause}. The ranking (feature_importances_) still holds; to "
        "select, try threshold='probe' (a test against noise columns) or "
        "max_features"
    )


def empty_path_message(path, used, gains, diverged, loss):
    """:func:`empty_selection_message` of a fitted gate path (a
    :class:`~skdfs.path.GatePath`): ``used`` marks the members that vote,
    ``gains`` is every member's relative gain over the constant predictor,
    ``diverged`` the members left out (their gains are not counted)."""
    used = np.asarray(used, dtype=bool)
    empty = ~path.support.any(axis=1)
    kept = ~np.asarray(diverged, dtype=bool)
    return empty_selection_message(
        int(empty[used].sum()), int(used.sum()), np.asarray(gains)[kept], loss
    )


#: The gate path's vote is *split* where at least this many selected features,
#: and at least half of the selection, are kept by fewer than half of the
#: voting members. On tables of 10 to 40 equal weak linear effects the default
#: selection was 3 to 6 times too large and split in every such fit with 15 or
#: more effects; on the sweep's tuning half (117 fits) two fits were split,
#: a parity-3 fit that selected every column and a breast-cancer fit
#: (``docs/benchmarks.md``, "Many weak effects").
SPLIT_VOTE_MIN = 10


def vote_is_split(share, support):
    """Whether a vote's selection ``support`` (by the voters' keep ``share``
    of each feature) has :data:`SPLIT_VOTE_MIN` or more features, and half of
    the selection or more, kept by fewer than half of the voters."""
    split = int(np.sum(np.asarray(support, bool) & (np.asarray(share) < 0.5)))
    return split >= SPLIT_VOTE_MIN and 2 * split >= int(np.sum(support))


def split_vote_message(share, vote, n_selected=None):
    """Why the gate path's selection is weakly determined, or None.

    Parameters
    ----------
    share : array-like of shape (n_features,)
        Share of the voting members keeping each feature (``path_share_``).
    vote : array-like of bool, shape (n_features,)
        The quarter vote, before the keep-rate test
        (:func:`skdfs.path.path_selection` with ``split_test=False``).
    n_selected : int or None, default=None
        Features the selection kept after the keep-rate test
        (:func:`skdfs.path.keep_rate_test`); None: the vote's.

    Examples
    --------
    >>> import numpy as np
    >>> share = np.r_[np.ones(5), np.full(20, 0.3), np.zeros(75)]
    >>> print(split_vote_message(share, share >= 0.25)[:62])
    the gate path's vote is split: 20 of the 25 features a quarter
    >>> split_vote_message(share[:10], share[:10] >= 0.25) is None
    True
    """
    share = np.asarray(share, dtype=float)
    vote = np.asarray(vote, dtype=bool)
    if not vote_is_split(share, vote):
        return None
    split = int(np.sum(vote & (share < 0.5)))
    n_selected = int(vote.sum()) if n_selected is None else int(n_selected)
    return (
        f"the gate path's vote is split: {split} of the {int(vote.sum())} "
        "features a quarter of the members keep are kept by fewer than half of "
        "them. The members agree on the ranking more than on where to cut it, "
        "as with many weak effects, where a quarter vote passes many noise "
        f"columns; the selection keeps the {n_selected} that the members keep "
        "significantly more often than their average rate (on tables of many "
        "weak effects, held out: mean F1 0.47 with the vote, 0.82 with the "
        "test). Weak effects near the cut may be left out: threshold='probe' "
        "(a test against noise columns) or max_features decide otherwise"
    )


def weak_vote_message(n_vote, n_selected):
    """What the keep-rate test did to the gate path's vote where the members'
    gains are no clearer than chance (:func:`gains_unclear`), as a sentence
    of :func:`low_signal_message` (no final stop), or None where it left the
    vote as it was.

    Parameters
    ----------
    n_vote : int
        Features a quarter of the voting members keep (the vote before the
        test).
    n_selected : int
        Features the selection kept after the test.

    Examples
    --------
    >>> print(weak_vote_message(114, 0)[-54:])
    average rate: 0 of the 114 that a quarter of them keep
    >>> weak_vote_message(3, 3) is None
    True
    """
    if n_selected >= n_vote:
        return None
    return (
        "Members may beat the constant by chance, so the gate path's selection "
        "keeps only the features the voting members keep significantly more "
        f"often than their average rate: {n_selected} of the {n_vote} that a "
        "quarter of them keep"
    )


def chance_correlation(n_rows, n_columns):
    """About the largest absolute correlation with a target that chance alone
    gives one of ``n_columns`` columns unrelated to it, on ``n_rows`` rows:
    ``sqrt(2 ln(d) / n)`` (the expected maximum of ``d`` independent
    correlations, each about normal with variance ``1 / n``); 0 for one column.

    Examples
    --------
    >>> from skdfs.selection import chance_correlation
    >>> round(chance_correlation(120, 800), 2), round(chance_correlation(1000, 20), 2)
    (0.33, 0.08)
    """
    if n_rows < 1 or n_columns < 2:
        return 0.0
    return float(np.sqrt(2.0 * np.log(n_columns) / n_rows))


def _remedies(settings):
    """ "Try ...": more rows or steps, and permutation importance and linear
    members where the fit did not use them (``settings``: its parameters)."""
    parts = ["more rows or steps (max_steps)"]
    if settings.get("importance", "gate") != "permutation":
        parts.append("importance='permutation'")
    sizes = np.atleast_1d(settings.get("hidden_layer_sizes", 64))  # int: one layer
    linear = sizes.size == 0 and settings.get("input_basis") == "linear"
    if not linear:
        parts.append("linear members (hidden_layer_sizes=(), input_basis='linear')")
    if len(parts) > 2:
        return "Try " + ", ".join(parts[:-1]) + ", or " + parts[-1]
    return "Try " + " or ".join(parts)


def _correlated_leaders(importances, X):
    """``(k, m)``: ``k`` of the ``m`` leading columns (highest mean
    importance) have a column correlated with them at ``|r| >=``
    :data:`CORRELATED_R`; None without ``X`` or when fewer than half do."""
    if X is None:
        return None
    mean = np.asarray(importances, dtype=float).mean(axis=0)
    leaders = np.argsort(-mean, kind="stable")[: min(LEADING_COLUMNS, len(mean))]
    if np.shape(X)[1] != len(mean) or len(leaders) < 2:
        return None
    count = int((correlated_partners(X, leaders, CORRELATED_R) > 0).sum())
    return (count, len(leaders)) if 2 * count >= len(leaders) else None
