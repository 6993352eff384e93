"""Members of an ensemble: their random streams, their rows, their training.

Module functions, as scikit-learn keeps ``_parallel_build_trees`` outside the
forest class: :func:`member_seeds` gives every member its own random streams,
:func:`member_splits` its training and validation rows, and
:func:`train_members` trains the members in ``n_jobs`` groups (each an
ordinary member-batched net, through :class:`joblib.Parallel`) and joins the
groups into one net.
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch
from joblib import effective_n_jobs
from sklearn.utils import check_random_state
from sklearn.utils.parallel import Parallel, delayed

from ._alloc import settle_dynamic_thresholds
from ._threads import caller_limits, group_threads
from .training import GLOBAL_RNG_LOCK

__all__ = [
    "concatenate_members",
    "fit_group",
    "member_seeds",
    "member_splits",
    "global_noise",
    "path_seeds",
    "train_members",
]


def _seed_of(sequence):
    """A non-negative int64 seed drawn from a ``numpy.random.SeedSequence``."""
    return int(sequence.generate_state(1, np.uint64)[0] >> 1)


def member_seeds(rng, n_members):
    """Every member's random streams, from one draw of ``rng``.

    Member ``e``'s streams come from ``SeedSequence(entropy, spawn_key=(e,
    ...))``: they depend on the selector's ``random_state`` and on ``e`` only,
    not on ``n_members`` nor on which members are trained together. Returns
    ``(data, torch_seeds, noise_seeds)``: a numpy generator per member for its
    rows (split, bootstrap), a seed per member for its torch generator
    (initial weights, batch order), and a seed per member for the global torch
    generator (dropout, noise, stochastic gates) of a group it starts.
    """
    entropy = int(rng.randint(np.iinfo(np.int32).max))

    def stream(e, k):
        return np.random.SeedSequence(entropy, spawn_key=(e, k))

    def seed(e, k):
        return _seed_of(stream(e, k))

    data = [np.random.default_rng(stream(e, 0)) for e in range(n_members)]
    torch_seeds = [seed(e, 1) for e in range(n_members)]
    noise_seeds = [seed(e, 2) for e in range(n_members)]
    return data, torch_seeds, noise_seeds


def _derived_seed(seed, k):
    return _seed_of(np.random.SeedSequence((int(seed), k)))


def path_seeds(torch_seeds, noise_seeds):
    """The gate path's random streams: ``(generators, noise_seed)``.

    One torch generator per member for the path's batch order, seeded from
    the member's own torch seed alone, so that the path does not depend on
    how long the other members trained (hence not on ``n_jobs``); and one seed
    for torch's global generator while the path runs (dropout, input noise),
    from the first member's noise seed. Both are derived streams
    (``SeedSequence((seed, 3))``), not the ones training used.
    """
    generators = [
        torch.Generator().manual_seed(_derived_seed(s, 3)) for s in torch_seeds
    ]
    return generators, _derived_seed(noise_seeds[0], 3)


@contextlib.contextmanager
def global_noise(device, seed):
    """Run the block with torch's global generator (and the CUDA one of a
    CUDA ``device``) seeded with ``seed``, restored afterwards; held under
    :data:`~skdfs.training.GLOBAL_RNG_LOCK`."""
    device = str(device)
    devices = [device] if device.startswith("cuda") else []
    with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def member_splits(
    n_samples,
    n_members,
    validation_fraction,
    bootstrap,
    rng,
    strata,
    sample_groups=None,
):
    """Each member's training and validation row indices.

    Every member draws its own random split (stratified by class where
    ``strata`` is given, so each class keeps at least one training row); with
    ``bootstrap`` its training rows are then resampled with replacement. All
    members get the same number of rows, which keeps their batches aligned.
    ``rng`` is a list of one numpy generator per member (member ``e``'s rows
    then depend on ``rng[e]`` alone) or a ``random_state`` to derive them from.
    With ``sample_groups`` (group codes, one per row) a member validates on
    whole groups, drawn at random until they hold ``validation_fraction`` of
    the rows, and trains on the other groups (no stratification); rows beyond
    the members' common counts are left out, never moved across.

    Returns
    -------
    train : ndarray of shape (n_members, m_train)
    valid : ndarray of shape (n_members, m_valid) or None
        None when ``validation_fraction`` is 0.
    """
    if not isinstance(rng, (list, tuple)):
        rng = member_seeds(check_random_state(rng), n_members)[0]
    if sample_groups is not None and validation_fraction > 0:
        return _group_splits(sample_groups, validation_fraction, bootstrap, rng)
    groups = (
        [np.arange(n_samples)]
        if strata is None
        else [np.flatnonzero(strata == c) for c in np.unique(strata)]
    )
    n_valid = [
        min(int(np.floor(validation_fraction * len(g) + 0.5)), len(g) - 1)
        for g in groups
    ]
    if validation_fraction > 0 and sum(n_valid) == 0:
        # Too few rows per class to stratify: fall back to a plain random split.
        groups = [np.arange(n_samples)]
        n_valid = [min(max(1, round(validation_fraction * n_samples)), n_samples - 1)]
    train, valid = [], []
    for member_rng in rng:
        rows = [g[member_rng.permutation(len(g))] for g in groups]
        valid.append(np.concatenate([r[:nv] for r, nv in zip(rows, n_valid)]))
        member_train = np.concatenate([r[nv:] for r, nv in zip(rows, n_valid)])
        if bootstrap:
            draw = member_rng.integers(0, len(member_train), size=len(member_train))
            member_train = member_train[draw]
        train.append(member_train)
    train, valid = np.stack(train), np.stack(valid)
    return train, (valid if valid.shape[1] else None)


def _group_splits(codes, validation_fraction, bootstrap, rng):
    """:func:`member_splits` with whole groups (``codes``) on each side."""
    codes = np.asarray(codes)
    n_groups = int(codes.max()) + 1
    sizes = np.bincount(codes, minlength=n_groups)
    target = validation_fraction * len(codes)
    valid, train = [], []
    for member_rng in rng:
        order = member_rng.permutation(n_groups)
        # whole groups until the share is reached (at least one), never all
        count = int(np.searchsorted(np.cumsum(sizes[order]), target)) + 1
        held = np.isin(codes, order[: min(count, n_groups - 1)])
        valid.append(np.flatnonzero(held))
        train.append(np.flatnonzero(~held))
    m_valid, m_train = min(map(len, valid)), min(map(len, train))
    for e, member_rng in enumerate(rng):
        # the members' common counts: a random subset, in row order
        valid[e] = np.sort(member_rng.choice(valid[e], m_valid, replace=False))
        rows = np.sort(member_rng.choice(train[e], m_train, replace=False))
        if bootstrap:
            rows = rows[member_rng.integers(0, m_train, size=m_train)]
        train[e] = rows
    return np.stack(train), np.stack(valid)


def fit_group(net, X, y, n_groups, noise_seed):
    """Fit ``net`` (one group of members) on ``(X, y)`` and return it.

    Run by :class:`joblib.Parallel`, possibly in another process or on a Dask
    worker. Training draws from torch's global generator only for dropout,
    noise and random gates: then (``noise_seed`` not None) it is seeded with
    ``noise_seed`` inside a fork, so the caller's state is untouched, and
    locked, so that groups in threads take turns. With ``n_groups`` (groups
    trained side by side) torch's threads follow the policy of
    :func:`skdfs._threads.group_threads` (``docs/scaling.rst``); ``None``
    leaves them alone.
    """
    settle_dynamic_thresholds()  # once per process (a worker's too)
    # Arrays from joblib's memory maps or Dask's serialisation may be read-only.
    X = np.require(X, requirements="W")
    y = np.require(y, requirements="W")
    with group_threads(n_groups):
        if noise_seed is None:
            net.fit(X, y)
            return net
        with global_noise(net.device, noise_seed):
            net.fit(X, y)
    return net


def train_members(build, X, y, n_members, n_jobs, noise_seeds, noisy):
    """Train ``n_members`` members in ``n_jobs`` groups; return one net.

    Each group is an ordinary member-batched net, ``build(members, seed)``,
    trained by :func:`fit_group` through :class:`joblib.Parallel` (so in the
    active joblib backend: processes, threads or Dask workers); the groups are
    then joined into one net holding every member. One group (``n_jobs``
    resolving to 1) trains in this process, as one net.

    Parameters
    ----------
    build : callable
        ``build(members, seed)`` returns an unfitted net for the member indices
        ``members`` (an int array).
    X, y : ndarray
        Network inputs and encoded targets.
    n_members : int
    n_jobs : int or None
    noise_seeds : list of int
        One seed per member (from :func:`member_seeds`).
    noisy : bool
        Whether training draws from torch's global generator (dropout, noise,
        random gates); each group then seeds it with its first member's seed.
    """
    n_groups = min(n_members, effective_n_jobs(n_jobs))
    groups = np.array_split(np.arange(n_members), n_groups)

    def noise_seed(members):
        return noise_seeds[members[0]] if noisy else None

    if n_groups == 1:
        net = build(groups[0], noise_seeds[0])
        return fit_group(net, X, y, None, noise_seed(groups[0]))
    with caller_limits(n_groups):
        parts = Parallel(n_jobs=n_jobs)(
            delayed(fit_group)(
                build(members, noise_seeds[members[0]]),
                X,
                y,
                n_groups,
                noise_seed(members),
            )
            for members in groups
        )
    net = build(np.arange(n_members), noise_seeds[0])
    return concatenate_members(net, parts)


# ------------------------------------------------------------------ merging
def _member_tensor(parts, sizes, like):
    """Join one state tensor of every group: along the member dimension when
    each part's leading size is its group's size, else a shared copy."""
    if like.dim() and like.shape[0] == sum(sizes):
        if all(p.dim() and p.shape[0] == n for p, n in zip(parts, sizes)):
            return torch.cat([p.to(like.device) for p in parts], dim=0)
    if all(p.shape == like.shape and torch.equal(p, parts[0]) for p in parts):
        return parts[0].to(like.device)
    raise ValueError(
        f"cannot join state of shapes {[tuple(p.shape) for p in parts]} into "
        f"{tuple(like.shape)}"
    )


def _join_histories(histories, sizes):
    """One history for the joined members, epoch by epoch.

    ``valid_member_loss`` is concatenated (NaN for the members of a group that
    had stopped by that epoch), ``n_active`` summed (0 for such a group),
    ``dur`` is the longest group's (groups run side by side), and
    ``train_loss`` / ``valid_loss`` (also per batch) are member-weighted means
    over the groups still running; their ``*_best`` flags are recomputed. Any
    other entry is the first running group's.
    """
    from skorch.history import History

    joined = History()
    best = {}
    for i in range(max(len(h) for h in histories)):
        rows = [(h[i], n) for h, n in zip(histories, sizes) if i < len(h)]
        row = dict(rows[0][0])
        row["epoch"] = i + 1
        row["dur"] = max(r.get("dur", 0.0) for r, _ in rows)
        if any("valid_member_loss" in h[0] for h in histories if len(h)):
            row["valid_member_loss"] = [
                loss
                for h, n in zip(histories, sizes)
                for loss in (
                    h[i]["valid_member_loss"] if i < len(h) else [float("nan")] * n
                )
            ]
        if "n_active" in row:
            row["n_active"] = sum(h[i]["n_active"] for h in histories if i < len(h))
        for key in ("train_loss", "valid_loss"):
            if key not in row:
                continue
            weights = np.array([n for _, n in rows], dtype=float)
            row[key] = float(np.average([r[key] for r, _ in rows], weights=weights))
            row[key + "_best"] = row[key] < best.get(key, np.inf)
            best[key] = min(row[key], best.get(key, np.inf))
        batches = [r.get("batches", []) for r, _ in rows]
        row["batches"] = []
        for j in range(max(len(b) for b in batches)):
            parts = [(b[j], n) for b, (_, n) in zip(batches, rows) if j < len(b)]
            batch = dict(parts[0][0])
            for key in batch:
                if key.endswith("_loss"):
                    batch[key] = float(
                        np.average(
                            [p[key] for p, _ in parts], weights=[n for _, n in parts]
                        )
                    )
            row["batches"].append(batch)
        joined.append(row)
    return joined


def concatenate_members(net, parts):
    """Load the trained members of several nets into one net, in order.

    ``net`` must be built for all the members (``module__n_members`` equal to
    the parts' total); it is initialised here. Every parameter and buffer is
    concatenated along the member dimension; the per-member results
    (``member_scores_``, ``member_best_epoch_``, ``member_diverged_``, the
    members' generators) are concatenated likewise and the histories joined
    (see :func:`_join_histories`). The optimizer starts afresh: groups stopped
    after different numbers of steps, so their Adam states do not combine.

    Parameters
    ----------
    net : EnsembleNet
        Unfitted net for all the members.
    parts : list of EnsembleNet
        Fitted nets of consecutive groups of members.

    Returns
    -------
    net : EnsembleNet
        ``net``, fitted.
    """
    sizes = [p.module_.n_members for p in parts]
    net.initialize()
    state = net.module_.state_dict()
    part_states = [p.module_.state_dict() for p in parts]
    with torch.no_grad():
        joined = {
            k: _member_tensor([s[k] for s in part_states], sizes, v)
            for k, v in state.items()
        }
    net.module_.load_state_dict(joined)
    for name in ("member_scores_", "member_best_epoch_", "member_diverged_"):
        if all(hasattr(p, name) for p in parts):
            setattr(net, name, np.concatenate([getattr(p, name) for p in parts]))
    if all(getattr(p, "generators_", None) is not None for p in parts):
        net.generators_ = [g for p in parts for g in p.generators_]
    if all(getattr(p, "active_", None) is not None for p in parts):
        net._set_active(torch.cat([p.active_.to(net.device) for p in parts]))
    net.history = _join_histories([p.history for p in parts], sizes)
    return net
