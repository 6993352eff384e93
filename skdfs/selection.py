"""Turning importances into a selection: the threshold grammar.

The grammar is scikit-learn's :class:`~sklearn.feature_selection.SelectFromModel`
one: a number, ``"mean"``, ``"median"``, or a scaled reference such as
``"1.5*mean"``/``"0.5*median"``; ``None`` means ``"mean"``.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._ranking import mean_ranking, member_ranking, probe_ranking
from ._signal import (  # noqa: F401 (MIN_* and the helpers were defined here)
    CORRELATED_R,
    GAIN_TEST_LEVEL,
    LEADING_COLUMNS,
    MAX_CHANCE_CORRELATION,
    MIN_AGREEMENT,
    MIN_GAIN,
    MIN_MEMBER_GAIN,
    MIN_VALID_ROWS,
    chance_correlation,
    empty_path_message,
    empty_selection_message,
    gain_pvalue,
    gains_unclear,
    low_signal_message,
    member_agreement,
    members_learned,
    signed_rank_pvalue,
    split_vote_message,
    vote_is_split,
    weak_vote_message,
)

__all__ = [
    "PROBE_PERCENTILE",
    "PROBE_SPLIT_MIN_MEMBERS",
    "PROBE_STATISTICS",
    "PROBES_ABOVE",
    "PROBE_LEVEL_MIN_PROBES",
    "chance_correlation",
    "empty_path_message",
    "empty_selection_message",
    "gain_pvalue",
    "gains_unclear",
    "low_signal_message",
    "member_agreement",
    "mean_ranking",
    "member_ranking",
    "members_learned",
    "nogueira_stability",
    "normalise_rows",
    "probe_percentile",
    "probe_ranking",
    "probe_test",
    "resolve_threshold",
    "selection_stability",
    "split_vote_message",
    "vote_is_split",
    "weak_vote_message",
    "support_from_scores",
]

_REFERENCES = {"mean": np.mean, "median": np.median}

#: The probe percentile of ``probe_percentile="auto"``, by whether the members
#: bootstrap their rows (the key). Each was chosen on the sweep's tuning half
#: (78 probe-mode fits) as the best mean F1 with a false-selection share of at
#: most 0.05: 99 without bootstrap (F1 0.577, share 0.000; held-out 0.619,
#: 0.006), 90 with it (0.537, 0.017). Without bootstrap the members' votes share
#: the sample's chance correlations and the share rises fast below 99 (0.070 at
#: 95): ``docs/benchmarks.md``, "The probe percentile, chosen on the sweep".
PROBE_PERCENTILE = {False: 99.0, True: 90.0}

#: ``probe_percentile="auto"`` for the signed-rank test (the default): in
#: each member a feature is compared with the level that this many of the
#: ``m`` probes exceed, percentile ``100 (1 - PROBES_ABOVE / m)``, ``m`` at
#: least :data:`PROBE_LEVEL_MIN_PROBES` (below that the sweep has no task).
#: A fixed percentile lets a fixed share of the null features through, so the
#: false selections grew with the width (at 96, held out: share 0.009 at 20
#: features, 0.304 at 1,000). Tuning half, 117 fits replayed: 2 gave F1
#: 0.691, share 0.014, recall 0.634 (96: 0.680, 0.055, 0.638); 4 had the best
#: F1, 0.702, but its share at 20 features rose from 0 to 0.086; 2 was taken
#: first (``docs/benchmarks.md``, "A probe level that grows with the width").
PROBES_ABOVE = 2.0
#: Fewest probes :data:`PROBES_ABOVE` counts with (percentile 90 below it).
PROBE_LEVEL_MIN_PROBES = 20

#: The probe test's statistics (``probe_test(statistic=...)``).
PROBE_STATISTICS = ("signed_rank", "sign")


def normalise_rows(scores, power=1.0):
    """Non-negative ``scores ** power`` with every row scaled to sum to one
    (a row of zeros becomes uniform).

    Examples
    --------
    >>> from skdfs.selection import normalise_rows
    >>> normalise_rows([[1.0, 3.0], [0.0, 0.0]])
    array([[0.25, 0.75],
           [0.5 , 0.5 ]])
    """
    scores = np.asarray(scores, dtype=float) ** power
    total = scores.sum(axis=1, keepdims=True)
    d = scores.shape[1]
    return np.where(total > 0, scores / np.where(total > 0, total, 1.0), 1.0 / d)


def resolve_threshold(threshold, scores):
    """Numeric threshold for ``scores`` from the SelectFromModel grammar.

    Parameters
    ----------
    threshold : float, str or None
        A number, ``"mean"``, ``"median"`` or ``"<factor>*mean"`` /
        ``"<factor>*median"``. ``None`` means ``"mean"``.
    scores : array-like of shape (n_features,)
        Importance scores.

    Returns
    -------
    float
        The threshold value.

    Raises
    ------
    ValueError
        If ``threshold`` is a string outside the grammar.

    Examples
    --------
    >>> from skdfs.selection import resolve_threshold
    >>> resolve_threshold("1.5*mean", [0.1, 0.2, 0.3])
    0.3...
    >>> resolve_threshold(None, [0.0, 1.0])
    0.5
    """
    scores = np.asarray(scores, dtype=float)
    if threshold is None:
        threshold = "mean"
    if isinstance(threshold, numbers.Real) and not isinstance(threshold, bool):
        return float(threshold)
    if not isinstance(threshold, str):
        raise TypeError(
            f"threshold must be a float, a string or None, got {threshold!r}"
        )
    text = threshold.strip().lower().replace(" ", "")
    factor = 1.0
    if "*" in text:
        head, _, text = text.partition("*")
        try:
            factor = float(head)
        except ValueError:
            raise ValueError(
                f"threshold {threshold!r}: the factor before '*' must be a number"
            ) from None
    if text not in _REFERENCES:
        raise ValueError(
            f"threshold {threshold!r} is not understood; use a number, 'mean', "
            "'median', or a scaled reference such as '1.5*mean'"
        )
    return float(factor * _REFERENCES[text](scores))


def support_from_scores(scores, threshold=None, max_features=None):
    """Boolean support mask, as :class:`~sklearn.feature_selection.SelectFromModel`.

    A feature is kept when its score is at least the threshold and it is among
    the ``max_features`` highest scores (ties broken by column order). With
    ``max_features`` set and ``threshold=None`` only the count limits the
    selection.

    Parameters
    ----------
    scores : array-like of shape (n_features,)
    threshold : float, str or None, default=None
    max_features : int or None, default=None

    Returns
    -------
    ndarray of bool, shape (n_features,)

    Examples
    --------
    >>> from skdfs.selection import support_from_scores
    >>> support_from_scores([0.5, 0.1, 0.4], max_features=2)
    array([ True, False,  True])
    """
    scores = np.asarray(scores, dtype=float)
    if threshold is None and max_features is not None:
        value = -np.inf
    else:
        value = resolve_threshold(threshold, scores)
    mask = scores >= value
    if max_features is not None:
        top = np.zeros_like(mask)
        order = np.argsort(-scores, kind="mergesort")[:max_features]
        top[order] = True
        mask &= top
    return mask


def _adjust(pvalues, correction):
    """Multiple-testing adjusted p-values: Benjamini–Hochberg
    (:func:`scipy.stats.false_discovery_control`) or Bonferroni."""
    from scipy.stats import false_discovery_control

    p = np.asarray(pvalues, dtype=float)
    if p.size == 0:
        return p
    if correction == "bonferroni":
        return np.minimum(p * p.size, 1.0)
    if correction != "bh":
        raise ValueError(f"correction must be 'bh' or 'bonferroni', got {correction!r}")
    return false_discovery_control(p, method="bh")


def probe_percentile(
    percentile="auto", statistic="signed_rank", bootstrap=False, n_probes=None
):
    """The probe percentile a test uses: ``percentile`` itself, or for
    ``"auto"`` the one chosen on the sweep: for the signed-rank test the
    level that :data:`PROBES_ABOVE` of the ``n_probes`` probes exceed,
    ``100 (1 - PROBES_ABOVE / max(n_probes, PROBE_LEVEL_MIN_PROBES))``; for
    the sign test :data:`PROBE_PERCENTILE` by ``bootstrap``.

    Parameters
    ----------
    percentile : float or "auto", default="auto"
        ``DeepFeatureSelector(probe_percentile=...)``.
    statistic : {"signed_rank", "sign"}, default="signed_rank"
        ``DeepFeatureSelector(probe_statistic=...)``.
    bootstrap : bool, default=False
        Whether the members bootstrap their rows (the sign test only).
    n_probes : int or None, default=None
        Probes per member (the signed-rank test only); None counts as
        :data:`PROBE_LEVEL_MIN_PROBES`.

    Returns
    -------
    float

    Examples
    --------
    >>> from skdfs.selection import probe_percentile
    >>> probe_percentile(n_probes=20), probe_percentile(n_probes=100)
    (90.0, 98.0)
    >>> probe_percentile(n_probes=1000), probe_percentile(n_probes=5)
    (99.8, 90.0)
    >>> probe_percentile("auto", "sign"), probe_percentile(80)
    (99.0, 80.0)
    """
    if statistic not in PROBE_STATISTICS:
        raise ValueError(
            f"statistic must be one of {PROBE_STATISTICS}, got {statistic!r}"
        )
    if percentile != "auto":
        return float(percentile)
    if statistic == "signed_rank":
        m = PROBE_LEVEL_MIN_PROBES if n_probes is None else int(n_probes)
        return 100.0 * (1.0 - PROBES_ABOVE / max(m, PROBE_LEVEL_MIN_PROBES))
    return PROBE_PERCENTILE[bool(bootstrap)]


def _signed_rank_pvalues(differences):
    """:func:`~skdfs._signal.signed_rank_pvalue` of every column of ``differences``
    (members x features): ``(p for a positive shift, p for a negative
    shift)``."""
    columns = differences.T
    more = np.array([signed_rank_pvalue(c, "greater") for c in columns])
    less = np.array([signed_rank_pvalue(c, "less") for c in columns])
    return more, less


#: Fewest members (``n_estimators``) from which :class:`DeepFeatureSelector`
#: tests its linear and quadratic members apart in the probe test
#: (:func:`probe_test`'s ``member_groups``). Measured at the default 32 on
#: the sweep's probe-mode fits (``benchmarks/probes/probe_probe_twins.py``):
#: mean F1 0.729 -> 0.740 at false-selection share 0.068 -> 0.066 (tuning),
#: 0.762 -> 0.788 at 0.060 -> 0.054 (held-out). With 16 members (8 a group)
#: the split cost recall on the XOR and Friedman fits of
#: ``tests/test_selection.py`` (0.6 against at least 0.7, in a run of the
#: suite with the split at every size), so smaller ensembles keep one test
#: over all members.
PROBE_SPLIT_MIN_MEMBERS = 32


def probe_test(
    importances,
    probe_importances,
    alpha=0.05,
    percentile=100.0,
    correction="bh",
    statistic="sign",
    member_groups=None,
):
    """Boruta-style test of every feature against probe (shadow) features.

    In each member a feature scores a *hit* when its importance exceeds the
    ``percentile``-th percentile of that member's probe importances (100 = the
    best probe). With ``statistic="sign"``, under the null hypothesis that a
    feature is no more important than the probes, hits are
    Binomial(n_members, 1/2). With ``statistic="signed_rank"`` the members'
    margins (importance minus that percentile) go through a one-sided
    Wilcoxon signed-rank test instead, which also weighs by how much a feature
    clears the probes. A feature is *confirmed* when the test says "more
    important" significantly, *rejected* when it says "less important", and
    *tentative* otherwise, each family of tests adjusted for multiple testing.

    Parameters
    ----------
    importances : array-like of shape (n_members, n_features)
        Per-member importances of the real features.
    probe_importances : array-like of shape (n_members, n_probes)
        Per-member importances of the probes, on the same scale.
    alpha : float, default=0.05
        Level of the adjusted tests.
    percentile : float, default=100.0
        Percentile of the probes a feature must beat in a member.
    correction : {"bh", "bonferroni"}, default="bh"
        Benjamini–Hochberg (false discovery rate) or Bonferroni (family-wise
        error) adjustment, applied over the features.
    statistic : {"sign", "signed_rank"}, default="sign"
        The test across members: the sign test on the hits, or the
        signed-rank test on the margins (``DeepFeatureSelector`` uses
        ``"signed_rank"`` by default).
    member_groups : array-like of shape (n_members,) or None, default=None
        Labels of members that see the features differently (the linear and
        the quadratic members of ``input_basis="mixed"``). Where each of the
        ``k`` groups has two members or more, each feature is tested within
        every group
        and keeps its smallest p-value times ``k`` before the adjustment
        over the features: a feature that only one kind of member can see
        (one acting through its square) is not outvoted by the others. It is
        rejected only where every group puts it below the probes (the
        largest of their p-values). Each group has fewer members than the
        ensemble, so a feature every member sees needs more of them to reach
        the same p-value: :class:`~skdfs.DeepFeatureSelector` splits from
        :data:`PROBE_SPLIT_MIN_MEMBERS` members. Measured on the sweep's probe-mode fits
        in ``benchmarks/probes/probe_probe_twins.py`` (``docs/benchmarks.md``,
        "The probe test with the mixed basis").

    Returns
    -------
    dict
        ``hits``, ``n_trials``, ``pvalues`` (one-sided, for "more important
        than the probes", unadjusted), ``pvalues_adjusted``, ``pvalues_reject``
        (one-sided, for "less important", adjusted), ``probe_level`` (each
        member's probe percentile), and boolean masks ``confirmed``,
        ``tentative`` and ``rejected``.

    Notes
    -----
    With ``n`` members the smallest attainable p-value is ``0.5**n``: with
    Bonferroni over ``d`` features nothing can be confirmed unless
    ``0.5**n < alpha / d`` (``n >= 10`` for 20 features at ``alpha=0.05``).

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.selection import probe_test
    >>> rng = np.random.RandomState(0)
    >>> real = np.column_stack([np.full(20, 5.0), 0.1 * rng.rand(20)])
    >>> result = probe_test(real, rng.rand(20, 3))
    >>> result["confirmed"], result["rejected"]
    (array([ True, False]), array([False,  True]))
    """
    from scipy.stats import binom

    real = np.asarray(importances, dtype=float)
    probes = np.asarray(probe_importances, dtype=float)
    if real.ndim != 2 or probes.ndim != 2 or real.shape[0] != probes.shape[0]:
        raise ValueError(
            "importances and probe_importances must be 2-D with one row per member"
        )
    if probes.shape[1] == 0:
        raise ValueError("probe_test needs at least one probe feature")
    if statistic not in PROBE_STATISTICS:
        raise ValueError(
            f"statistic must be one of {PROBE_STATISTICS}, got {statistic!r}"
        )
    level = np.percentile(probes, percentile, axis=1)
    above = real > level[:, None]
    hits = above.sum(axis=0)
    n = real.shape[0]

    def pvalues(rows):
        if statistic == "sign":
            k, m = above[rows].sum(axis=0), int(rows.sum())
            return binom.sf(k - 1, m, 0.5), binom.cdf(k, m, 0.5)
        return _signed_rank_pvalues(real[rows] - level[rows, None])

    labels = None if member_groups is None else np.asarray(member_groups)
    if labels is not None and len(labels) != n:
        raise ValueError(f"member_groups has {len(labels)} labels for {n} members")
    groups = [] if labels is None else [labels == g for g in np.unique(labels)]
    k = len(groups)
    if k > 1 and min(rows.sum() for rows in groups) >= 2:
        parts = [pvalues(rows) for rows in groups]
        p_more = np.minimum(1.0, k * np.min([p for p, _ in parts], axis=0))
        # "less important" only where every group says so
        p_less = np.max([q for _, q in parts], axis=0)
    else:
        p_more, p_less = pvalues(np.ones(n, dtype=bool))
    adj_more = _adjust(p_more, correction)
    adj_less = _adjust(p_less, correction)
    confirmed = adj_more < alpha
    rejected = (adj_less < alpha) & ~confirmed
    return {
        "hits": hits,
        "n_trials": n,
        "pvalues": p_more,
        "pvalues_adjusted": adj_more,
        "pvalues_reject": adj_less,
        "probe_level": level,
        "confirmed": confirmed,
        "tentative": ~confirmed & ~rejected,
        "rejected": rejected,
    }


def nogueira_stability(supports, level=0.95):
    """Stability of feature selections (Nogueira, Sechidis & Brown, 2018).

    The estimator is ``1 - mean_f(s_f**2) / (k/d * (1 - k/d))`` with ``s_f**2``
    the unbiased variance of feature ``f``'s selection indicator across the
    ``M`` selections and ``k`` the mean number of selected features. It is 1
    for identical selections and about 0 for selections drawn at random with
    the same sizes. The confidence interval uses the estimator's asymptotic
    normal distribution, with the variance from the paper's Theorem 1.

    Parameters
    ----------
    supports : array-like of bool, shape (n_selections, n_features)
        One row per selection (e.g. per cross-validation fold).
    level : float, default=0.95
        Coverage of the confidence interval.

    Returns
    -------
    stability : float
    interval : tuple of float
        ``(low, high)``.
    variance : float
        Estimated variance of ``stability``.

    Examples
    --------
    >>> from skdfs.selection import nogueira_stability
    >>> stability, interval, _ = nogueira_stability([[1, 1, 0], [1, 1, 0]])
    >>> stability
    1.0
    """
    from scipy.stats import norm

    Z = np.asarray(supports, dtype=float)
    if Z.ndim != 2 or Z.shape[0] < 2:
        raise ValueError("nogueira_stability needs at least two selections (rows)")
    M, d = Z.shape
    p_hat = Z.mean(axis=0)
    k = Z.sum(axis=1)
    k_bar = k.mean()
    denom = (k_bar / d) * (1 - k_bar / d)
    if denom == 0:  # every selection empty, or every selection full: identical
        return 1.0, (1.0, 1.0), 0.0
    stability = 1 - (M / (M - 1)) * np.mean(p_hat * (1 - p_hat)) / denom
    phi = (
        (Z @ p_hat) / d
        - k * k_bar / d**2
        + stability / 2 * (2 * k * k_bar / d**2 - k / d - k_bar / d + 1)
    ) / denom
    variance = 4 / M**2 * np.sum((phi - phi.mean()) ** 2)
    half = norm.ppf((1 + level) / 2) * np.sqrt(variance)
    return float(stability), (stability - half, stability + half), float(variance)


def selection_stability(selector, X, y, cv=5, level=0.95, groups=None):
    """Fit a selector inside each cross-validation fold and measure stability.

    Parameters
    ----------
    selector : estimator with ``get_support`` and ``feature_importances_``
        Cloned and fitted on the training part of every fold.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
    cv : int, cross-validation generator or iterable, default=5
        As in :func:`sklearn.model_selection.cross_validate`; an int gives
        stratified folds for class labels.
    level : float, default=0.95
        Coverage of the stability's confidence interval.
    groups : array-like of shape (n_samples,), default=None
        Group labels for group-aware splitters.

    Returns
    -------
    sklearn.utils.Bunch
        ``supports`` (n_folds, n_features) bool, ``importances`` (n_folds,
        n_features), ``selection_frequency`` (share of folds selecting each
        feature), ``stability`` and ``stability_interval`` (Nogueira et al.),
        ``stability_variance`` and ``folds`` (train, test) index pairs.

    See Also
    --------
    nogueira_stability : The stability index on its own.

    Examples
    --------
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.datasets import make_xor
    >>> from skdfs.selection import selection_stability
    >>> X, y, _ = make_xor(n_samples=300, n_features=6, random_state=0)
    >>> sel = DeepFeatureSelector(n_estimators=4, max_epochs=40, random_state=0)
    >>> result = selection_stability(sel, X, y, cv=3)
    >>> result.supports.shape
    (3, 6)
    >>> 0.0 <= result.stability <= 1.0
    True
    """
    from sklearn.base import clone
    from sklearn.model_selection import check_cv
    from sklearn.utils import Bunch
    from sklearn.utils import _safe_indexing as take
    from sklearn.utils.multiclass import type_of_target

    classifier = type_of_target(y) in ("binary", "multiclass")
    splitter = check_cv(cv, y, classifier=classifier)
    supports, importances, folds = [], [], []
    for train, test in splitter.split(X, y, groups):
        fitted = clone(selector).fit(take(X, train), take(y, train))
        supports.append(fitted.get_support())
        importances.append(fitted.feature_importances_)
        folds.append((train, test))
    supports = np.asarray(supports, dtype=bool)
    stability, interval, variance = nogueira_stability(supports, level=level)
    return Bunch(
        supports=supports,
        importances=np.asarray(importances),
        selection_frequency=supports.mean(axis=0),
        stability=stability,
        stability_interval=interval,
        stability_variance=variance,
        folds=folds,
    )
