"""Orders of the features: by the ensemble mean, by the members' median
rank, and after the probe test (``ranking_``; re-exported by
:mod:`skdfs.selection`)."""

from __future__ import annotations

import numpy as np

__all__ = ["mean_ranking", "member_ranking", "probe_ranking"]


def member_ranking(importances, mean):
    """Rank of every feature (1 = most important) from the members' own ranks.

    Features are ordered by their median rank across the members (rows of
    ``importances``), ties broken by the ensemble ``mean``. ``ranking_`` was
    this order until it moved to :func:`mean_ranking`.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.selection import member_ranking
    >>> members = np.array([[0.6, 0.3, 0.1], [0.5, 0.1, 0.4], [0.7, 0.2, 0.1]])
    >>> member_ranking(members, members.mean(axis=0))
    array([1, 2, 3])
    """
    return _ranks(np.lexsort((-np.asarray(mean), _median_rank(importances))))


def mean_ranking(mean, importances=None):
    """Rank of every feature (1 = most important) by the ensemble ``mean``,
    ties broken by the median rank across the members (rows of
    ``importances``; without them, by column order).

    ``ranking_``'s order. The members' median rank, which it used to be
    (:func:`member_ranking`), ranked the sweep's relevant columns lower:
    under the default mixed basis a column that acts through its square is
    high in the members with square terms and low in the linear half, and
    the median lands between the two halves (tuning half, 117 fits: ROC-AUC
    0.889 against 0.905 by the mean; ``docs/benchmarks.md``, "The ranking
    follows the mean").

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.selection import mean_ranking
    >>> members = np.array([[0.6, 0.3, 0.1], [0.5, 0.1, 0.4], [0.7, 0.2, 0.1]])
    >>> mean_ranking(members.mean(axis=0), members)
    array([1, 2, 3])
    """
    mean = np.asarray(mean)
    ties = np.zeros(len(mean)) if importances is None else _median_rank(importances)
    return _ranks(np.lexsort((ties, -mean)))


def _ranks(order):
    """Rank of every feature (1 first) from the features in ``order``."""
    ranking = np.empty(len(order), dtype=int)
    ranking[order] = np.arange(1, len(order) + 1)
    return ranking


def _median_rank(importances):
    member_ranks = (-np.asarray(importances)).argsort(axis=1).argsort(axis=1) + 1
    return np.median(member_ranks, axis=0)


def probe_ranking(result, importances, mean):
    """Ranking after the probe test: 1 for confirmed features, 2 for tentative
    ones, then 3, 4, ... for the others as :func:`mean_ranking` orders them
    (``result`` is :func:`probe_test`'s)."""
    confirmed, tentative = result["confirmed"], result["tentative"]
    ranking = np.where(confirmed, 1, 2)
    others = np.flatnonzero(~confirmed & ~tentative)
    order = others[np.argsort(mean_ranking(mean, importances)[others])]
    ranking[order] = np.arange(3, 3 + len(order))
    return ranking
