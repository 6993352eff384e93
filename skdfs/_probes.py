"""Probe (shadow) columns: row-permuted copies of real columns.

One builder serves the selector's fit, :func:`skdfs.importance.compute_importances`
(fresh probes on new data) and :mod:`skdfs.datasets`. A probe keeps its
source's distribution but loses any link to the target and to the other
columns. With feature groups a probe copies a whole group, its rows permuted
jointly, so that the group's columns keep their relations.
"""

from __future__ import annotations

import numpy as np

__all__ = ["append_probes", "permuted_copies", "probe_columns", "row_orders"]


def row_orders(rng, n_orders, n_samples):
    """``n_orders`` random row permutations of ``n_samples`` rows, one per row
    of the result, drawn at once from a ``RandomState``."""
    return np.argsort(rng.random_sample((n_orders, n_samples)), axis=1)


def permuted_copies(X, columns, orders, blocks=None):
    """Columns ``columns`` of ``X`` with their rows permuted.

    Parameters
    ----------
    X : ndarray of shape (n_samples, d)
    columns : int array of shape (k,)
        The source column of every copy.
    orders : int array of shape (n_orders, n_samples)
        Row permutations.
    blocks : int array of shape (k,) or None
        The permutation (row of ``orders``) each copy uses; ``None``: copy
        ``j`` uses ``orders[j]``. Copies in one block move their rows together.

    Returns
    -------
    ndarray of shape (n_samples, k), of ``X``'s dtype.
    """
    orders = orders if blocks is None else orders[blocks]
    return X[orders.T, np.asarray(columns)[None, :]]


def probe_columns(sources, groups=None):
    """The real column and the probe of every probe column.

    ``sources`` holds the real feature (with ``groups``: the group) each probe
    permutes; ``groups`` the group index of every real column, or None.
    Returns ``(columns, blocks)``: the real column every probe column copies
    and the probe it belongs to (a probe of a group spans its columns).
    """
    sources = np.asarray(sources, dtype=np.int64)
    if groups is None:
        return sources, np.arange(len(sources))
    members = [np.flatnonzero(groups == g) for g in range(int(groups.max()) + 1)]
    columns = [members[g] for g in sources]
    blocks = np.repeat(np.arange(len(sources)), [len(c) for c in columns])
    return np.concatenate(columns), blocks


def append_probes(Xs, rng, n_probes=None, groups=None):
    """Append probes to the standardised inputs ``Xs``.

    ``n_probes`` probes (default: one per feature, or per group) copy the
    features (groups) in a random order, cycling when there are more probes
    than sources. Returns ``(X_with_probes, sources)`` with ``X_with_probes``
    float32 and ``sources`` the feature (group) each probe permutes.
    """
    n_sources = Xs.shape[1] if groups is None else int(groups.max()) + 1
    n_probes = n_sources if n_probes is None else n_probes
    sources = np.resize(rng.permutation(n_sources), n_probes)
    orders = row_orders(rng, n_probes, Xs.shape[0])
    columns, blocks = probe_columns(sources, groups)
    probes = permuted_copies(Xs, columns, orders, blocks)
    return np.hstack([Xs, probes]).astype(np.float32), sources
