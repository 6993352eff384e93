"""Rows that are not independent: time order and groups of related rows.

Every member validates on rows drawn at random. Where neighbouring rows are
near-copies of each other (a sensor or price series sampled faster than it
changes, repeated visits of one patient), a random validation row sits
beside training rows that nearly copy it, and the validation loss, which
stops each member and picks the gate path's level, rewards memorising the
neighbourhood: every slowly drifting column then helps to locate a row and
looks predictive. Measured on a time series whose target is independent of
its 120 columns: every column was selected (``docs/benchmarks.md``, "Rows in
time order").

This module checks a table for that order before training
(:func:`row_order_message`) and checks the ``sample_groups`` a caller passes
to ``fit`` instead (:func:`check_sample_groups`): rows of one group are then
always on the same side of every member's split
(:func:`skdfs._ensemble.member_splits`).
"""

from __future__ import annotations

import numpy as np

#: Lag-one autocorrelation, in row order, above which both the target and the
#: typical (median) column count as ordered. Rows in random order give about
#: ``1 / sqrt(n_samples)``; a table sorted by its target alone has an ordered
#: target but columns in random order, and is not flagged.
ORDERED_R = 0.5

#: Fewest stretches the suggested block size leaves (a fifth of them then
#: validates each member).
MIN_BLOCKS = 20

#: A numeric target and its typical column *trend* where both keep an
#: autocorrelation of at least :data:`TREND_R` at a lag of
#: :data:`TREND_LAG` of the rows: 88-90% of random walks of 300 to 4,000
#: steps, AR(1) series with coefficient 0.99 on 77% of 300-row draws (as
#: persistent as a walk over that span) and 0-7% of longer ones, 0.95 never
#: (``docs/benchmarks.md``, "Trending series").
TREND_R = 0.5
TREND_LAG = 0.05


def _lag_correlation(values, lag=1):
    """Pearson correlation of every column with itself ``lag`` rows later
    (0 for a constant column)."""
    peak = np.max(np.abs(values), axis=0)  # no overflow at extreme scales
    values = values / np.where(np.isfinite(peak) & (peak > 0), peak, 1.0)
    a, b = values[:-lag], values[lag:]
    a = a - a.mean(axis=0)
    b = b - b.mean(axis=0)
    denominator = np.sqrt((a * a).sum(axis=0) * (b * b).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (a * b).sum(axis=0) / denominator
    return np.where(denominator > 0, r, 0.0)


def _target_order(y, classification):
    """How much neighbouring rows' targets agree beyond chance: the lag-one
    autocorrelation of a numeric target (the mean over its outputs), or for
    class labels Cohen's kappa between each row's label and the next's."""
    if not classification:
        values = np.asarray(y, dtype=float).reshape(len(y), -1)
        return float(np.mean(_lag_correlation(values)))
    labels = np.asarray(y).ravel()
    _, codes = np.unique(labels, return_inverse=True)
    observed = float(np.mean(codes[1:] == codes[:-1]))
    shares = np.bincount(codes) / len(codes)
    chance = float(np.sum(shares**2))
    return 0.0 if chance >= 1 else (observed - chance) / (1 - chance)


def _memory(y, classification, limit):
    """Rows after which the target's autocorrelation falls below 0.2 (at most
    ``limit``): how far apart two rows must be to stop copying each other."""
    if classification:
        labels = np.unique(np.asarray(y).ravel(), return_inverse=True)[1]
        values = labels.astype(float).reshape(-1, 1)
    else:
        values = np.asarray(y, dtype=float).reshape(len(y), -1)
    lag = 1
    while lag < limit and np.mean(_lag_correlation(values, lag)) >= 0.2:
        lag *= 2
    return min(lag, limit)


def row_order_message(X, y, classification):
    """Why the members' random validation rows would leak, or None.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The numeric training columns, in the caller's row order.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The target.
    classification : bool
        Whether ``y`` holds class labels.

    Returns
    -------
    str or None
        The warning's text where both the target and the median column have
        a lag-one autocorrelation of at least :data:`ORDERED_R`, with a
        block size to pass as ``sample_groups``.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs._roworder import row_order_message
    >>> rng = np.random.default_rng(0)
    >>> walk = np.cumsum(rng.normal(size=(500, 3)), axis=0)
    >>> row_order_message(walk, walk[:, 0] + rng.normal(size=500), False)[:30]
    'the rows look ordered in time:'
    >>> row_order_message(rng.normal(size=(500, 3)), rng.normal(size=500), False)
    """
    n = X.shape[0]
    if n < 3 * MIN_BLOCKS:
        return None
    target = _target_order(y, classification)
    if target < ORDERED_R:
        return None
    columns = float(np.median(_lag_correlation(np.asarray(X, dtype=float))))
    if columns < ORDERED_R:
        return None
    block = max(-(-n // MIN_BLOCKS), 4 * _memory(y, classification, n // 4))
    block = min(block, n // 5)
    return (
        "the rows look ordered in time: neighbouring rows are alike in the "
        f"target (lag-one autocorrelation {target:.2f}) and in the columns "
        f"(median {columns:.2f}). Each member validates on rows drawn at random, "
        "which then sit beside training rows that nearly copy them: the "
        "validation loss, which stops the members and picks the selection, "
        "rewards locating a row in time, and columns that only do that look "
        "predictive. Keep stretches of rows together: "
        f"fit(X, y, sample_groups=numpy.arange(len(X)) // {block}) (stretches "
        f"of {block} consecutive rows), or group the rows by day or by subject "
        "(not by a timestamp of their own: one row a group is the random split)"
    )


def trend_message(X, y):
    """Why a regression target and its columns may correlate by chance
    however the rows are split, or None.

    Two unrelated series that trend (random walks, prices, cumulative
    counts) correlate by chance over a table's span: a spurious regression.
    ``sample_groups`` keep neighbouring rows apart from the validation rows
    but cannot undo it: on ten random walks and an unrelated random-walk
    target, grouped as the row-order warning advises, eight columns were
    selected with no other warning.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The numeric training columns, in the caller's row order.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The numeric target.

    Returns
    -------
    str or None
        The warning's text where both the target and the median column keep
        an autocorrelation of at least :data:`TREND_R` at a lag of
        :data:`TREND_LAG` of the rows.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs._roworder import trend_message
    >>> rng = np.random.default_rng(0)
    >>> walks, target = np.cumsum(rng.normal(size=(2, 1000, 4)), axis=1)
    >>> trend_message(walks, target[:, 0])[:40]
    'the target and the columns trend over th'
    >>> trend_message(np.diff(walks, axis=0), np.diff(target[:, 0]))
    """
    n = X.shape[0]
    lag = int(TREND_LAG * n)
    if n < 3 * MIN_BLOCKS or lag < 2:
        return None
    values = np.asarray(y, dtype=float).reshape(n, -1)
    steps = np.diff(values, axis=0)
    if np.all(steps >= 0) or np.all(steps <= 0):
        return None  # rows sorted by the target: a table, not a series
    target = float(np.mean(_lag_correlation(values, lag)))
    if target < TREND_R:
        return None
    columns = float(np.median(_lag_correlation(np.asarray(X, dtype=float), lag)))
    if columns < TREND_R:
        return None
    return (
        "the target and the columns trend over the whole table "
        f"(autocorrelation {target:.2f} and median {columns:.2f} at a lag of "
        f"{lag} rows): unrelated trends correlate by chance (a spurious "
        "regression), and no split of the rows, sample_groups included, undoes "
        "that. Rank the changes instead: fit(numpy.diff(X, axis=0), "
        "numpy.diff(y)) for one series (within each series for several), with "
        "sample_groups keeping stretches of rows together"
    )


def order_message(X, y, classification, grouped):
    """The :class:`~skdfs.RowOrderWarning`'s text, or None: rows in time
    order where no ``sample_groups`` were given (``grouped``:
    :func:`row_order_message`), and a trending numeric target
    (:func:`trend_message`) whether or not they were."""
    parts = [None if grouped else row_order_message(X, y, classification)]
    parts.append(None if classification else trend_message(X, y))
    return ". Besides, ".join(p for p in parts if p) or None


def check_sample_groups(sample_groups, n_samples):
    """``sample_groups`` as an array of group codes, checked against the rows.

    Raises ``ValueError`` (before any training) for a length that is not the
    number of rows, missing labels, or fewer than two groups.
    """
    labels = np.asarray(sample_groups)
    if labels.ndim != 1 or len(labels) != n_samples:
        raise ValueError(
            f"sample_groups must hold one label per row of X: got shape "
            f"{labels.shape} for {n_samples} rows"
        )
    if labels.dtype.kind == "f" and np.isnan(labels).any():
        raise ValueError("sample_groups has missing labels (NaN); give every row one")
    if labels.dtype.kind == "O" and any(v is None for v in labels):
        raise ValueError("sample_groups has missing labels (None); give every row one")
    codes = np.unique(
        labels.astype(str) if labels.dtype.kind == "O" else labels, return_inverse=True
    )[1]
    if codes.max() < 1:
        raise ValueError(
            "sample_groups puts every row in one group; validation rows must come "
            "from other groups than the training rows: give at least two (at least "
            f"{MIN_BLOCKS} let each member validate on a different fifth)"
        )
    return codes.ravel()
