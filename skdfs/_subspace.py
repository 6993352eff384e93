"""Random-subspace members: each member sees a share of the columns.

A member's gates are fixed at zero outside its columns (a mask in the one
batched module), so a member that does not see a column cannot lean on it,
and the columns it does see must carry its fit. On tables with redundant
columns (breast cancer's radius, perimeter and area) a full-column member
keeps a sparse subset of them and the rest score like noise; members that
each miss part of the columns spread the credit, as a random forest's
per-split column draws do (``docs/benchmarks.md``, "Random-subspace members").

The design is balanced: the columns (gates, with groups) are split at random
into ``q`` blocks, and in every cycle of ``2 q`` members each pair of members
leaves one block out (a pair holds one linear and one quadratic member with
``input_basis="mixed"``), so every column is seen by the same share
``(q - 1) / q`` of the members. A column's score is the mean of its share
over the members that saw it and learned, each share scaled by the member's
width (so that a member seeing fewer columns does not count more), weighted
by the member's gain over the constant predictor: a member whose columns
missed the signal gains little and counts little.
"""

from __future__ import annotations

import numpy as np

from ._ranking import mean_ranking

__all__ = [
    "ensemble_mean",
    "ensemble_ranking",
    "fitted_interval",
    "member_gains",
    "member_masks",
    "signed_gains",
    "subspace_blocks",
    "subspace_interval",
    "subspace_mean",
    "unseen_filled",
]

#: Members per block of the design: a linear and a quadratic member.
PAIR = 2


def subspace_blocks(member_features):
    """Number of blocks ``q`` of the design for ``member_features``, or None
    for 1.0 (every member sees every column).

    A member sees ``(q - 1) / q`` of the columns; ``q`` is the nearest whole
    number to ``1 / (1 - member_features)``, at least 2 (0.5 and below: 2).
    ``member_features`` in ``(0, 1]`` is checked by the selector's parameter
    validation.

    >>> from skdfs._subspace import subspace_blocks
    >>> [subspace_blocks(f) for f in (1.0, 0.5, 0.3, 2 / 3, 0.75, 0.9)]
    [None, 2, 2, 3, 4, 10]
    """
    if member_features == 1.0:
        return None
    return max(2, int(np.floor(1.0 / (1.0 - member_features) + 0.5)))


def member_masks(rng, n_members, n_gates, member_features):
    """Which gates every member sees, ``(n_members, n_gates)`` bool, or None
    with ``member_features=1.0`` (nothing drawn from ``rng`` then).

    Every cycle of ``2 q`` members draws a fresh random split of the gates
    into ``q`` blocks; members ``2 b`` and ``2 b + 1`` of the cycle leave
    block ``b`` out. With fewer gates than blocks some blocks are empty, and
    their members see every gate.

    >>> import numpy as np
    >>> from skdfs._subspace import member_masks
    >>> masks = member_masks(np.random.RandomState(0), 8, 6, 0.5)
    >>> masks.sum(axis=1).tolist(), masks.sum(axis=0).tolist()
    ([3, 3, 3, 3, 3, 3, 3, 3], [4, 4, 4, 4, 4, 4])
    """
    q = subspace_blocks(member_features)
    if q is None:
        return None
    masks = np.ones((n_members, n_gates), dtype=bool)
    cycle = PAIR * q
    for start in range(0, n_members, cycle):
        blocks = np.array_split(rng.permutation(n_gates), q)
        for b, block in enumerate(blocks):
            members = slice(start + PAIR * b, min(start + PAIR * (b + 1), n_members))
            masks[members, block] = False
    return masks


def signed_gains(scores, baseline_scores):
    """Each member's gain over its constant predictor,
    ``1 - score / baseline`` (validation losses), negative where the member
    did worse; 0 where undefined (NaN losses, a baseline of 0: a constant
    target on the member's rows)."""
    scores = np.asarray(scores, dtype=float)
    baseline = np.asarray(baseline_scores, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        gain = 1.0 - scores / baseline
    return np.nan_to_num(gain, nan=0.0, posinf=0.0, neginf=0.0)


def member_gains(scores, baseline_scores):
    """:func:`signed_gains`, at least ``1e-6`` (weights)."""
    return np.clip(signed_gains(scores, baseline_scores), 1e-6, None)


def subspace_mean(shares, seen, weights):
    """Scores of the columns from members that saw part of them.

    Parameters
    ----------
    shares : ndarray of shape (n_members, n_gates)
        Each member's importance shares, zero outside its columns, rows
        summing to one.
    seen : ndarray of bool, shape (n_members, n_gates)
    weights : ndarray of shape (n_members,)
        Member weights (:func:`member_gains`).

    Returns
    -------
    mean, std : ndarrays of shape (n_gates,)
        The weighted mean and standard deviation over the members that saw
        each column of ``share * width / n_gates`` (``width``: the member's
        number of columns). With every column seen by every member and equal
        weights this is the plain mean of the shares. A column no member saw
        scores 0.

    >>> import numpy as np
    >>> from skdfs._subspace import subspace_mean
    >>> shares = np.array([[0.5, 0.5, 0.0], [0.0, 0.5, 0.5]])
    >>> seen = np.array([[True, True, False], [False, True, True]])
    >>> subspace_mean(shares, seen, np.ones(2))[0]
    array([0.33333333, 0.33333333, 0.33333333])
    """
    shares = np.asarray(shares, dtype=float)
    seen = np.asarray(seen, dtype=bool)
    width = seen.sum(axis=1, keepdims=True)
    value = shares * width / max(shares.shape[1], 1)
    w = seen * np.asarray(weights, dtype=float)[:, None]
    total = w.sum(axis=0)
    safe = np.where(total > 0, total, 1.0)
    mean = np.where(total > 0, (w * value).sum(axis=0) / safe, 0.0)
    var = np.where(total > 0, (w * (value - mean) ** 2).sum(axis=0) / safe, 0.0)
    return mean, np.sqrt(var)


def ensemble_mean(shares, used, masks, gains):
    """Mean and standard deviation of the members' ``shares`` over the
    ``used`` members: plain without ``masks`` (every member saw every
    column), :func:`subspace_mean` with them (``gains``: the members'
    weights, :func:`member_gains`)."""
    shares = np.asarray(shares, dtype=float)
    used = np.asarray(used, dtype=bool)
    if masks is None:
        return shares[used].mean(axis=0), shares[used].std(axis=0)
    return subspace_mean(shares[used], masks[used], np.asarray(gains)[used])


def subspace_interval(shares, seen, weights, level=0.95, kind="mean"):
    """Interval for each column's :func:`subspace_mean` over the members
    that saw it.

    ``kind="mean"``: a Student-t interval of the weighted mean, with the
    weights' effective number of members ``(sum w)**2 / sum w**2`` as the
    sample size (clipped at 0); ``"members"``: the central percentile range
    of those members' width-scaled shares. Columns seen by fewer than two
    members get a zero-width interval at their mean.

    >>> import numpy as np
    >>> from skdfs._subspace import subspace_interval
    >>> shares = np.array([[0.5, 0.5, 0.0], [0.0, 0.6, 0.4], [0.4, 0.0, 0.6]])
    >>> seen = shares > 0
    >>> low, high = subspace_interval(shares, seen, np.ones(3))
    >>> bool(np.all(low <= high))
    True
    """
    from scipy.stats import t

    shares = np.asarray(shares, dtype=float)
    seen = np.asarray(seen, dtype=bool)
    weights = np.asarray(weights, dtype=float)
    value = shares * seen.sum(axis=1, keepdims=True) / max(shares.shape[1], 1)
    mean, std = subspace_mean(shares, seen, weights)
    low, high = mean.copy(), mean.copy()
    tail = 100 * (1 - level) / 2
    for j in range(shares.shape[1]):
        rows = seen[:, j]
        w = weights[rows]
        if rows.sum() < 2 or w.sum() <= 0:
            continue
        if kind == "members":
            low[j], high[j] = np.percentile(value[rows, j], [tail, 100 - tail])
            continue
        n_eff = w.sum() ** 2 / (w**2).sum()
        if n_eff <= 1 or std[j] == 0:
            continue
        se = std[j] * np.sqrt(n_eff / (n_eff - 1)) / np.sqrt(n_eff)
        low[j], high[j] = t.interval(level, n_eff - 1, loc=mean[j], scale=se)
    if kind == "mean":
        low = np.maximum(low, 0.0)
    return low, high


def fitted_interval(selector, level=0.95, kind="mean"):
    """:func:`subspace_interval` of a fitted selector with random-subspace
    members, per gate (per group with ``groups``, per feature without): its
    used members' shares, masks and gains (:func:`member_gains`)."""
    grouped = hasattr(selector, "groups_")
    shares = selector.member_group_importances_ if grouped else selector.importances_
    used = np.asarray(selector.members_used_, dtype=bool)
    gains = member_gains(selector.member_scores_, selector.member_baseline_scores_)
    masks = selector.member_masks_
    return subspace_interval(shares[used], masks[used], gains[used], level, kind)


def ensemble_ranking(used_shares, masks, mean):
    """Rank of every column (1 = most important) by ``mean``
    (:func:`skdfs.selection.mean_ranking`), ties broken by the used members'
    median rank (``used_shares``, their rows) without ``masks``; with them by
    column order (the members' own ranks are not comparable when they saw
    different columns)."""
    return mean_ranking(mean, used_shares if masks is None else None)


def unseen_filled(shares, seen):
    """Members' shares with every unseen column set to the member's mean
    share over its columns (a neutral value), for comparisons between
    members such as their rank agreement."""
    shares = np.asarray(shares, dtype=float)
    seen = np.asarray(seen, dtype=bool)
    fill = shares.sum(axis=1, keepdims=True) / np.maximum(seen.sum(1, keepdims=True), 1)
    return np.where(seen, shares, fill)
