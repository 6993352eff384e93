"""Training machinery: per-member losses, batched data access, the skorch net.

:class:`EnsembleNet` is a :class:`skorch.NeuralNet` that trains every member of
a :class:`~skdfs.network.GatedEnsembleMLP` at once. What differs from a plain
skorch net:

* **Data access is batched.** :class:`MemberData` holds the whole training
  table as tensors plus, for each member, the indices of that member's rows.
  :class:`MemberBatchIterator` draws each member's own mini-batch with one
  fancy-indexing call per step (no per-item ``__getitem__``, no collate).
* **Losses are per member.** :class:`EnsembleLoss` returns one loss per member;
  the training step back-propagates their *sum*, so each member receives exactly
  the gradient it would get if trained alone. Gate penalties use the live gate
  parameters.
* **Early stopping is per member.** :class:`MemberEarlyStopping` tracks each
  member's validation loss, snapshots its best state, asks the net to freeze
  members whose patience ran out and stops when none is left; at the end every
  member gets its best epoch back. Which members train (``active_``) and the
  per-member results are the net's own state, so the loss works without the
  callback (skorch's split: a callback's state on the callback, the net's on
  the net).
* **The training epoch is the net's own** (:meth:`EnsembleNet._train_epoch`):
  skorch's steps without its per-step closure and bookkeeping, the epoch's
  losses read once (no device sync per step); history and results are
  skorch's loop's.
"""

from __future__ import annotations

import threading

import numpy as np
import torch
import torch.nn.functional as F
from skorch import NeuralNet
from skorch.callbacks import Callback, EpochTimer, PassthroughScoring, PrintLog
from skorch.dataset import get_len
from skorch.utils import TeeGenerator
from torch import nn

from ._compact import (
    gradients_to_whole,
    narrow,
    narrowed_iterator,
    parameters_from_whole,
    worth_narrowing,
)

__all__ = [
    "HUBER_DELTA",
    "LOSSES",
    "EnsembleLoss",
    "EnsembleNet",
    "MemberBatchIterator",
    "MemberData",
    "MemberEarlyStopping",
    "MemberSplit",
    "chunk_rows",
]

LOSSES = ("cross_entropy", "binary_cross_entropy", "soft_f1", "squared_error", "huber")

#: Where the ``"huber"`` loss turns from squared to linear, in units of the
#: target's robust spread (the target is centred on its median and scaled by
#: 1.4826 times its median absolute deviation): Huber's 1.345, the value with
#: 95% efficiency at Gaussian noise.
HUBER_DELTA = 1.345

#: Held while code forks, seeds or draws from torch's global generator on
#: behalf of a net, so that nets trained in threads do not interleave there.
GLOBAL_RNG_LOCK = threading.RLock()


class EnsembleLoss(nn.Module):
    """Per-member losses expressed through additive sufficient statistics.

    ``stats(out, y)`` returns, per member, statistics that can be summed over
    chunks of rows; ``finalize(stats)`` turns them into one loss per member. For
    the mean losses the statistics are ``(sum of row losses, row count)``; for
    soft-F1 they are the soft true-positive, false-positive and false-negative
    counts per label, so a chunked validation pass gives exactly the loss of the
    whole validation set.

    Parameters
    ----------
    kind : {"cross_entropy", "binary_cross_entropy", "soft_f1", "squared_error", \
"huber"}
        ``cross_entropy`` expects integer class codes and ``k`` logits;
        ``binary_cross_entropy`` and ``soft_f1`` expect ``(…, k)`` 0/1 targets and
        ``k`` logits (one sigmoid per label); ``squared_error`` and ``huber``
        (squared up to :data:`HUBER_DELTA`, linear beyond) expect ``(…, k)``
        real targets.
    """

    def __init__(self, kind="cross_entropy"):
        super().__init__()
        if kind not in LOSSES:
            raise ValueError(f"unknown loss {kind!r}; expected one of {LOSSES}")
        self.kind = kind

    def stats(self, out, y):
        """Additive statistics, shape ``(E, s)``; ``out`` is ``(E, B, k)``."""
        if self.kind == "soft_f1":
            p = torch.sigmoid(out)
            tp = (p * y).sum(1)
            fp = (p * (1 - y)).sum(1)
            fn = ((1 - p) * y).sum(1)
            return torch.cat([tp, fp, fn], dim=1)
        rows = self._row_losses(out, y)
        E, B = rows.shape
        count = torch.full((E, 1), float(B), dtype=rows.dtype, device=rows.device)
        return torch.cat([rows.sum(1, keepdim=True), count], dim=1)

    def _row_losses(self, out, y):
        """Each row's loss, ``(E, B)``, for the row-wise (mean) losses."""
        E, B, k = out.shape
        if self.kind == "cross_entropy":
            return F.cross_entropy(
                out.reshape(E * B, k), y.reshape(E * B), reduction="none"
            ).view(E, B)
        if self.kind == "binary_cross_entropy":
            return F.binary_cross_entropy_with_logits(out, y, reduction="none").mean(-1)
        if self.kind == "huber":
            return F.huber_loss(out, y, reduction="none", delta=HUBER_DELTA).mean(-1)
        return ((out - y) ** 2).mean(-1)

    def finalize(self, stats):
        """One loss per member, shape ``(E,)``."""
        if self.kind == "soft_f1":
            tp, fp, fn = stats.chunk(3, dim=1)
            f1 = 2 * tp / (2 * tp + fp + fn + 1e-8)
            return 1.0 - f1.mean(1)
        return stats[:, 0] / stats[:, 1].clamp(min=1.0)

    def forward(self, out, y):
        """One loss per member, shape ``(E,)``, on one batch.

        The mean losses are taken directly as a mean over the rows (the same
        value as ``finalize(stats(out, y))``, without building the statistics).
        """
        if self.kind == "soft_f1":
            return self.finalize(self.stats(out, y))
        return self._row_losses(out, y).mean(1)


class MemberData(torch.utils.data.Dataset):
    """The whole table as tensors plus each member's row indices.

    Parameters
    ----------
    X : array-like or tensor of shape (n_samples, n_features)
    y : array-like or tensor of shape (n_samples, ...), default=None
    index : tensor of shape (n_members, m), default=None
        Row indices of each member (each member the same number ``m``). ``None``
        means every member sees all rows (inference).
    """

    def __init__(self, X, y=None, index=None):
        self.X = torch.as_tensor(X)
        self.y = None if y is None else torch.as_tensor(y)
        self.index = None if index is None else torch.as_tensor(index, dtype=torch.long)

    def __len__(self):
        return len(self.X) if self.index is None else self.index.shape[1]

    def __getitem__(self, i):  # pragma: no cover - batched access only
        raise TypeError("MemberData is read in batches by MemberBatchIterator")


def _take(table, rows):
    """``table[rows]`` for an ``(E, b)`` index: one ``index_select`` on the
    flattened index (the same values; advanced indexing with a 2-D index was
    measured 5.5 ms against 0.07 ms for a 32 x 256 x 27 batch)."""
    out = table.index_select(0, rows.reshape(-1))
    return out.view(*rows.shape, *table.shape[1:])


def _order(keys):
    """``keys.argsort(dim=1)`` for keys in ``[0, 1)``, sorted as integers.

    A non-negative float's bits order like the float, so sorting them as
    ``int32`` gives the same permutation, ties included (checked on 148
    draws of 7 to 300,000 keys, ``tests/test_parallel.py``), about twice as
    fast: one sort of 32 x 43,200 keys per epoch was 0.8 ms of every step of a
    54,000-row fit.
    """
    if keys.dtype == torch.float32:
        return keys.view(torch.int32).argsort(dim=1)
    return keys.argsort(dim=1)


class MemberBatchIterator:
    """Yield ``(X_batch, y_batch)`` with one indexing call per batch.

    With member indices, each member gets its own rows: ``X_batch`` is
    ``(E, b, d)``. Shuffling draws an independent permutation of every member's
    rows each epoch: from ``generator``, or, when ``generator`` is a list of one
    generator per member, member ``e``'s from ``generator[e]`` alone (its batch
    order then does not depend on the other members). Without indices the rows
    are shared and ``X_batch`` is ``(b, d)``.
    """

    def __init__(self, dataset, batch_size, shuffle=False, generator=None):
        self.dataset = dataset
        self.batch_size = int(batch_size)
        self.shuffle = shuffle
        self.generator = generator

    def __len__(self):
        n = len(self.dataset)
        return (n + self.batch_size - 1) // self.batch_size

    def __iter__(self):
        ds, bs = self.dataset, self.batch_size
        if ds.index is None:
            for start in range(0, len(ds), bs):
                stop = start + bs
                yield ds.X[start:stop], None if ds.y is None else ds.y[start:stop]
            return
        index = self.order(ds.index) if self.shuffle else ds.index
        for start in range(0, index.shape[1], bs):
            rows = index[:, start : start + bs]
            yield _take(ds.X, rows), None if ds.y is None else _take(ds.y, rows)

    def shuffle_keys(self, shape):
        """Random keys in ``[0, 1)`` of ``shape`` ``(E, m)``, one row per member;
        each member's row is sorted into its epoch's order."""
        if isinstance(self.generator, (list, tuple)):
            if len(self.generator) != shape[0]:
                raise ValueError(
                    f"{len(self.generator)} generators for {shape[0]} members"
                )
            return torch.stack(
                [torch.rand(shape[1], generator=g) for g in self.generator]
            )
        return torch.rand(shape, generator=self.generator)

    def order(self, index):
        """The epoch's order of every member's rows: ``index`` (``(E, m)``)
        permuted along each row by :meth:`shuffle_keys`."""
        return index.gather(1, _order(self.shuffle_keys(index.shape)))


class MemberSplit:
    """skorch ``train_split``: each member's training and validation rows.

    Parameters
    ----------
    train_index : ndarray of shape (n_members, m_train)
    valid_index : ndarray of shape (n_members, m_valid) or None
    """

    def __init__(self, train_index, valid_index=None):
        self.train_index = train_index
        self.valid_index = valid_index

    def __call__(self, dataset, y=None, **fit_params):
        train = MemberData(dataset.X, dataset.y, self.train_index)
        if self.valid_index is None or self.valid_index.shape[1] == 0:
            return train, None
        return train, MemberData(dataset.X, dataset.y, self.valid_index)


class MemberEarlyStopping(Callback):
    """Early stopping with its own patience counter for every member.

    After each epoch a member whose validation loss improved by more than
    ``tol`` has its parameters snapshotted; a member that has not improved for
    ``patience`` epochs (counted once it beats its ``baseline``) is frozen
    (the callback asks the net, :meth:`EnsembleNet.freeze_members`; a frozen
    member's loss no longer contributes gradients). Training stops when every
    member is frozen, and at the end each member is restored to its best epoch
    (:meth:`EnsembleNet.restore_members`). Like skorch's ``EarlyStopping``,
    stopping is signalled by raising ``KeyboardInterrupt``.

    The callback keeps its own state (below); which members still train is the
    net's (``net.active_``), and so are the fit's per-member results
    (``net.member_scores_``, ``net.member_best_epoch_``,
    ``net.member_diverged_``).

    Parameters
    ----------
    patience : int or None
        Epochs without improvement before a member stops. ``None`` disables
        early stopping: every member trains for ``max_epochs`` and keeps its
        final weights; its score is then its last validation loss.
    tol : float, default=1e-4
        Minimum decrease of the validation loss that counts as an improvement.
    baseline : array-like of shape (n_members,) or None, default=None
        Each member's loss of the best constant predictor on its validation
        rows. A member's patience only starts counting once its best loss is
        below its baseline: a member on a plateau at the constant's loss (an
        XOR-like target before it is learned) keeps training until it leaves
        the plateau or ``max_epochs`` is reached. ``None`` counts from the
        first epoch. With fewer entries than members (a divisor of their
        number), member ``e`` uses entry ``e % len(baseline)``.

    Attributes
    ----------
    best_ : tensor of shape (n_members,)
        Each member's best validation loss so far (``inf`` before any).
    best_epoch_ : tensor of shape (n_members,)
        The epoch of ``best_`` (0 before any).
    wait_ : tensor of shape (n_members,)
        Epochs since each member last improved.
    snapshot_ : dict
        Every member's parameters at its best epoch.
    """

    def __init__(self, patience=15, tol=1e-4, baseline=None):
        self.patience = patience
        self.tol = tol
        self.baseline = baseline

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        E = net.module_.n_members
        self.best_ = torch.full((E,), float("inf"))
        self.best_epoch_ = torch.zeros(E, dtype=torch.long)
        self.wait_ = torch.zeros(E, dtype=torch.long)
        self.snapshot_ = net.module_.member_state()
        if self.baseline is None:
            self.baseline_ = torch.full((E,), float("inf"))
        else:
            base = torch.as_tensor(self.baseline, dtype=torch.float32).flatten()
            if len(base) == 0 or E % len(base):
                raise ValueError(
                    f"baseline has {len(base)} entries; expected one loss per "
                    f"member ({E}), or a divisor of it"
                )
            # Tied copies of the members (drop-and-retrain importance) share
            # their rows, hence their baselines: member e uses base[e % len].
            self.baseline_ = base.repeat(E // len(base))

    def on_epoch_end(self, net, **kwargs):
        losses = torch.as_tensor(net.history[-1, "valid_member_loss"])
        epoch = len(net.history)
        # Members whose loss stopped being finite were frozen by the net.
        active = net.active_.cpu()
        improved = active & (losses < self.best_ - self.tol)
        if improved.any() and self.patience is not None:
            self.best_[improved] = losses[improved]
            self.best_epoch_[improved] = epoch
            # The module holding every member: module_ may hold only a part.
            state = getattr(net, "whole_module", net.module_).member_state()
            members = improved.nonzero().flatten().to(net.device)
            for name in self.snapshot_:
                self.snapshot_[name][members] = state[name][members]
        self.wait_[improved] = 0
        # Patience counts only for members that have beaten the constant.
        self.wait_[active & ~improved & (self.best_ < self.baseline_)] += 1
        if self.patience is not None:
            net.freeze_members(active & (self.wait_ >= self.patience))
            active = net.active_.cpu()
        net.history.record("n_active", int(active.sum()))
        if not active.any():
            raise KeyboardInterrupt

    def on_train_end(self, net, X=None, y=None, **kwargs):
        if self.patience is None:
            return  # the net's own results: the last epoch's losses
        seen = torch.isfinite(self.best_)
        net.restore_members(
            self.snapshot_,
            seen.nonzero().flatten(),
            scores=np.where(seen.numpy(), self.best_.numpy(), np.nan),
            best_epoch=self.best_epoch_.numpy().copy(),
        )


#: Float32 activations of one inference chunk: 2**21 values, 8 MiB. Forward
#: passes in chunks of 64 MiB ran at about half the speed of 2-16 MiB chunks
#: (the tall fit's validation pass, 32 members x 10,800 rows: 99 ms against
#: 56-64 ms; ``benchmarks/results/chunk_budget.txt``).
CHUNK_VALUES = 1 << 21


def chunk_rows(n_members, width, min_rows=256):
    """Rows per member in an inference chunk of ``n_members`` members whose
    widest layer has ``width`` units: activations stay near 8 MiB
    (:data:`CHUNK_VALUES`), at least ``min_rows`` rows."""
    return max(min_rows, CHUNK_VALUES // (n_members * width))


#: Optimisers whose ``step`` needs no closure: :meth:`EnsembleNet._train_epoch`
#: calls them without one (others go through skorch's own step).
_CLOSURE_FREE = (torch.optim.Adam, torch.optim.AdamW, torch.optim.SGD)


def _supports_fused_adam(device):
    """Whether ``torch.optim.Adam(fused=True)`` runs on ``device``.

    The fused kernel updates every parameter tensor in one pass; on the CPU it
    exists from torch 2.4. Measured on the 2-core CI machine (32 members, three
    128-wide layers): 1.25 ms per step fused against 3.3 ms with ``foreach``.
    """
    try:
        probe = torch.zeros(1, device=device, requires_grad=True)
        probe.grad = torch.zeros_like(probe)
        torch.optim.Adam([probe], fused=True).step()
    except (RuntimeError, TypeError, ValueError):
        return False
    return True


class EnsembleNet(NeuralNet):
    """skorch net training all members of a gated ensemble together.

    Parameters
    ----------
    module, criterion, optimizer, lr, max_epochs, batch_size, train_split,
    callbacks, verbose, device
        As in :class:`skorch.NeuralNet`.
    gate_l1, gate_l2 : float, default=0.0
        Elastic-net penalty on the gates (summed over members).
    seed : int, default=0
        Seed of the generator that shuffles every member's rows (when
        ``member_seeds`` is None).
    member_seeds : sequence of int or None, default=None
        One seed per member. Member ``e`` then gets its own generator
        (``generators_[e]``), seeded with ``member_seeds[e]``, which draws its
        initial dense weights and then its batch order: a member trains the
        same way whichever other members share the module, so groups of
        members trained apart (``DeepFeatureSelector(n_jobs=...)``) can be
        joined with :func:`skdfs._ensemble.concatenate_members`. ``None``: the
        module's own initialisation (torch's global generator) and one
        shuffling generator seeded with ``seed``.
    valid_batch_size : int or None, default=None
        Rows per member in each validation chunk; ``None`` picks a size that
        keeps the chunk's activations near 8 MiB.
    output_start : array-like of shape (n_members, n_outputs) or None, default=None
        Each member's output bias when the module is initialised (the best
        constant output on its training rows: the class prior's logit or
        log-probabilities, the target's mean), so that a member starts at
        the constant predictor rather than at a random offset from it. None:
        the module's own initialisation.

    Attributes
    ----------
    active_ : bool tensor of shape (n_members,)
        Members still training; set to all in ``on_train_begin`` (the net's
        own hook) and narrowed by :meth:`freeze_members`. Frozen members add
        neither loss nor gradient.
    member_diverged_ : ndarray of bool, shape (n_members,)
        Members frozen because their validation loss stopped being finite.
    member_scores_ : ndarray of shape (n_members,)
        Each member's validation loss: its last epoch's, or, where a callback
        restored members to their best epoch (:meth:`restore_members`, called
        by :class:`MemberEarlyStopping`), that epoch's. Only with validation
        rows.
    member_best_epoch_ : ndarray of int, shape (n_members,)
        The epoch ``member_scores_`` belongs to.

    Notes
    -----
    ``history`` gains ``valid_member_loss`` (one loss per member and epoch);
    :class:`MemberEarlyStopping` adds ``n_active`` (members still training).
    """

    def __init__(
        self,
        *args,
        gate_l1=0.0,
        gate_l2=0.0,
        seed=0,
        member_seeds=None,
        valid_batch_size=None,
        output_start=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.gate_l1 = gate_l1
        self.gate_l2 = gate_l2
        self.seed = seed
        self.member_seeds = member_seeds
        self.valid_batch_size = valid_batch_size
        self.output_start = output_start

    @property
    def _default_callbacks(self):
        callbacks = [
            ("epoch_timer", EpochTimer()),
            ("train_loss", PassthroughScoring(name="train_loss", on_train=True)),
            ("valid_loss", PassthroughScoring(name="valid_loss")),
        ]
        if self.verbose >= 2:
            callbacks.append(
                ("print_log", PrintLog(keys_ignored=("valid_member_loss",)))
            )
        return callbacks

    def initialize_optimizer(self, triggered_directly=None):
        if self.optimizer is torch.optim.Adam and "fused" not in self.get_params_for(
            "optimizer"
        ):
            self.set_params(optimizer__fused=_supports_fused_adam(self.device))
        return super().initialize_optimizer()

    def initialize_module(self):
        if self.member_seeds is None:
            super().initialize_module()
        else:
            # The module's own initialisation is overwritten: keep it from
            # consuming (or, in threads, racing on) torch's global generator.
            with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=[]):
                super().initialize_module()
            self.generators_ = [
                torch.Generator().manual_seed(int(s)) for s in self.member_seeds
            ]
            self.module_.reset_members_(self.generators_)
        if self.output_start is not None:
            self.module_.start_outputs_(self.output_start)
        return self

    # --- the members' training state ----------------------------------------
    _RESULTS = ("member_scores_", "member_best_epoch_", "member_diverged_")

    def on_train_begin(self, net, X=None, y=None, **kwargs):
        """Every member starts active; results of an earlier fit are dropped."""
        self._restore_all_members()
        E = self.module_.n_members
        self._set_active(torch.ones(E, dtype=torch.bool, device=self.device))
        for name in self._RESULTS:
            self.__dict__.pop(name, None)
        self.member_diverged_ = np.zeros(E, dtype=bool)

    #: Whether training drops the frozen members from the module that
    #: computes (:mod:`skdfs._compact`); False keeps them in it (the same
    #: results; benchmarks compare the two).
    compact_frozen = True
    #: The whole module while a part of it computes (:class:`skdfs._compact.Narrowed`).
    _narrowed = None

    def on_epoch_begin(self, net, **kwargs):
        """Once an eighth of the module's members are frozen, narrow the
        module that computes to those still training (:mod:`skdfs._compact`:
        identical results). Only where nothing else depends on the module's
        size: one generator per member, no random draws in the forward pass,
        and this net's own training steps."""
        super().on_epoch_begin(net, **kwargs)
        active = self._module_active() if hasattr(self, "active_") else None
        if (
            active is not None
            and self.compact_frozen
            and isinstance(getattr(self, "generators_", None), list)
            and hasattr(self.module_, "select_members")
            and not self.module_.draws_in_training
            and self._plain_steps(self.train_step)
            and worth_narrowing(self.module_, active)
        ):
            self._narrowed, self.module_ = narrow(self._narrowed, self.module_, active)

    def on_train_end(self, net, X=None, y=None, **kwargs):
        """Put the whole module back (see :meth:`on_epoch_begin`)."""
        self._restore_all_members()
        super().on_train_end(net, X=X, y=y, **kwargs)

    def _restore_all_members(self):
        if self._narrowed is not None:
            self.module_ = self._narrowed.module
        self._narrowed = None

    def _module_active(self):
        """``active_`` of the members in the module that computes."""
        if self._narrowed is None:
            return self.active_
        return self.active_[self._narrowed.members]

    @property
    def whole_module(self):
        """The module holding every member: ``module_``, or, while only some
        members compute (:meth:`on_epoch_begin`), the whole one, which the
        optimiser steps and which is always up to date."""
        return self.module_ if self._narrowed is None else self._narrowed.module

    def freeze_members(self, members):
        """Stop training ``members`` (a boolean mask or indices).

        A frozen member keeps its parameters; its loss no longer enters the
        training loss, so it gets no gradient (Adam may still move it by its
        momentum; its best state is what :meth:`restore_members` restores).
        """
        active = self.active_.clone()
        active[torch.as_tensor(members).to(active.device)] = False
        self._set_active(active)

    def _set_active(self, active):
        self.active_ = active
        # Kept as a number so that the training step needs no device sync.
        self._n_active = float(active.sum())

    def restore_members(self, state, members, scores, best_epoch):
        """Load ``state[name][members]`` into the members and record their
        results: ``member_scores_`` and ``member_best_epoch_`` become
        ``scores`` and ``best_epoch`` (one entry per member)."""
        self.module_.load_member_state(state, torch.as_tensor(members).to(self.device))
        self.member_scores_ = np.asarray(scores, dtype=float)
        self.member_best_epoch_ = np.asarray(best_epoch)

    def _record_validation(self, member_loss):
        """Freeze members whose validation loss is no longer finite; the
        epoch's losses become the members' current results."""
        if self._narrowed is not None:  # the frozen members were not scored
            full = torch.full(
                (len(self.active_),), float("nan"), dtype=member_loss.dtype
            )
            full[self._narrowed.members.cpu()] = member_loss
            member_loss = full
        active = getattr(self, "active_", None)
        if active is not None:
            diverged = active.cpu() & ~torch.isfinite(member_loss)
            if diverged.any():
                self.member_diverged_ = self.member_diverged_ | diverged.numpy()
                self.freeze_members(diverged)
        self.history.record("valid_member_loss", member_loss.tolist())
        self.member_scores_ = member_loss.numpy().astype(float)
        self.member_best_epoch_ = np.full(len(member_loss), len(self.history))

    def _set_training(self, training=True):
        # skorch sets the mode of every module before every step; walking the
        # module tree each time cost about 0.2 ms a step. ``train(mode)`` sets
        # a whole tree, so the roots' flags tell whether there is work to do.
        roots = [getattr(self, name + "_") for name in self._modules + self._criteria]
        if all(m.training is training for m in roots if isinstance(m, torch.nn.Module)):
            return
        super()._set_training(training)

    # --- data -------------------------------------------------------------
    def get_dataset(self, X, y=None):
        if isinstance(X, MemberData):
            return X
        return MemberData(X, y)

    def get_iterator(self, dataset, training=False):
        if training:
            generator = getattr(self, "generators_", None)
            if self.member_seeds is None:
                if getattr(self, "generator_", None) is None:
                    self.generator_ = torch.Generator().manual_seed(int(self.seed))
                generator = self.generator_
            return MemberBatchIterator(
                dataset, self.batch_size, shuffle=True, generator=generator
            )
        return MemberBatchIterator(dataset, self._chunk_size(dataset.index is None))

    def _chunk_size(self, shared_rows):
        """Rows per inference chunk, keeping activations near 8 MiB."""
        if self.valid_batch_size:
            return self.valid_batch_size
        module = self.whole_module  # the whole ensemble's, also while narrowed
        width = max(
            [module.n_features, module.n_outputs]
            + [layer.out_features for layer in module.hidden]
        )
        return chunk_rows(module.n_members, width)

    # --- steps --------------------------------------------------------------
    def _member_weights(self, like):
        active = getattr(self, "active_", None)
        if active is None:  # outside training: every member
            return torch.ones(
                self.module_.n_members, dtype=like.dtype, device=like.device
            )
        return self._module_active().to(like.dtype)

    def _all_active(self):
        active = getattr(self, "active_", None)
        if active is None:
            return True
        return getattr(self, "_n_active", -1) == self.module_.n_members

    def get_loss(self, y_pred, y_true, X=None, training=False):
        """Sum of the active members' losses plus their gate penalties.

        Summing (not averaging) keeps each member's gradient equal to the one it
        would get alone.
        """
        member_loss = self.criterion_(y_pred, y_true)
        if training:
            member_loss = member_loss + self.module_.gate.penalty(
                self.gate_l1, self.gate_l2
            )
        if self._all_active():
            return member_loss.sum()
        # ``where``, not a product: a frozen member whose loss became NaN or inf
        # must contribute neither to the sum nor to the gradients.
        return torch.where(self._module_active(), member_loss, 0.0).sum()

    def train_step_single(self, batch, **fit_params):
        self._set_training(True)
        Xi, yi = batch
        y_pred = self.infer(Xi, **fit_params)
        loss = self.get_loss(y_pred, yi, X=Xi, training=True)
        loss.backward()
        if self._narrowed is not None:
            gradients_to_whole(self._narrowed, self.module_)
        n_active = max(getattr(self, "_n_active", self.module_.n_members), 1.0)
        # Report the mean member loss (with penalty); the sum is what is minimised.
        return {"loss": loss.detach() / n_active, "y_pred": y_pred}

    def train_step(self, batch, **fit_params):
        step = super().train_step(batch, **fit_params)
        self._after_step()
        return step

    def _after_step(self):
        """What follows every optimiser step, in both training loops: the
        module's constraints (non-negative gates)."""
        self.whole_module.project_()
        if self._narrowed is not None:
            parameters_from_whole(self._narrowed, self.module_)

    def run_single_epoch(self, iterator, training, prefix, step_fn, **fit_params):
        if self._narrowed is not None and isinstance(iterator, MemberBatchIterator):
            iterator = narrowed_iterator(iterator, self._narrowed.members)
        if training and iterator is not None and self._plain_steps(step_fn):
            return self._train_epoch(iterator, prefix, **fit_params)
        if training or iterator is None:
            return super().run_single_epoch(
                iterator, training, prefix, step_fn, **fit_params
            )
        member_loss = self.member_losses(iterator, **fit_params)
        self._record_validation(member_loss)
        self.history.record_batch(prefix + "_loss", float(member_loss.mean()))
        self.history.record_batch(prefix + "_batch_size", len(iterator.dataset))
        self.history.record(prefix + "_batch_count", 1)

    def _plain_steps(self, step_fn):
        """Whether an epoch's steps are this net's own :meth:`train_step` with
        one optimiser that takes no closure, so that :meth:`_train_epoch`
        may run them."""
        return (
            step_fn == self.train_step
            and type(self).train_step is EnsembleNet.train_step
            and list(self._optimizers) == ["optimizer"]
            and type(self.optimizer_) in _CLOSURE_FREE
            and all(
                getattr(type(self), hook) is getattr(NeuralNet, hook)
                for hook in ("on_batch_begin", "on_batch_end", "on_grad_computed")
            )
        )

    def _listeners(self, event):
        """The callbacks that override ``event`` (the rest would do nothing)."""
        return [
            cb
            for _, cb in self.callbacks_
            if getattr(type(cb), event, None) is not getattr(Callback, event)
        ]

    def _train_epoch(self, iterator, prefix, **fit_params):
        """One training epoch, step for step what skorch's
        :meth:`~skorch.NeuralNet.run_single_epoch` with :meth:`train_step`
        does, without its per-step machinery: no closure, no step accumulator,
        callbacks told only of the events they handle, and the losses read
        once per epoch (one device sync, not one per step). The history gets
        the same per-batch entries.
        """
        begin = self._listeners("on_batch_begin")
        end = self._listeners("on_batch_end")
        grad = self._listeners("on_grad_computed")
        optimizer = self.optimizer_
        losses, sizes = [], []
        for batch in iterator:
            for cb in begin:
                cb.on_batch_begin(self, batch=batch, training=True)
            optimizer.zero_grad()
            step = self.train_step_single(batch, **fit_params)
            if grad:
                self.notify(
                    "on_grad_computed",
                    named_parameters=TeeGenerator(self.get_all_learnable_params()),
                    batch=batch,
                    training=True,
                )
            optimizer.step()
            self._after_step()
            losses.append(step["loss"])
            sizes.append(get_len(batch[0]))
            for cb in end:
                cb.on_batch_end(self, batch=batch, training=True, **step)
        if losses:
            values = torch.stack(losses).tolist()
            record = self.history[-1]["batches"]
            for value, size in zip(values, sizes):
                record.append({prefix + "_loss": value, prefix + "_batch_size": size})
        self.history.record(prefix + "_batch_count", len(losses))

    def member_losses(self, iterator, **fit_params):
        """Each member's loss over all batches of ``iterator``, shape ``(E,)``.

        The additive statistics of every chunk are summed before they are
        turned into losses, so chunking does not change the result.
        """
        self._set_training(False)
        total = None
        with torch.no_grad():
            for Xi, yi in iterator:
                out = self.infer(Xi, **fit_params)
                stats = self.criterion_.stats(out, yi.to(self.device))
                total = stats if total is None else total + stats
        return self.criterion_.finalize(total).cpu()

    def infer(self, x, **fit_params):
        return self.module_(x.to(self.device), **fit_params)

    def member_forward(self, X):
        """Outputs of every member on shared rows ``X``: ``(E, n, k)`` tensor."""
        ds = MemberData(X)
        self._set_training(False)
        with torch.no_grad():
            parts = [
                self.infer(Xi)
                for Xi, _ in MemberBatchIterator(ds, self._chunk_size(True))
            ]
        return torch.cat(parts, dim=1)
