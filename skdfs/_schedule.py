"""Training budget in optimizer steps: batch size, epochs and patience.

The selector states its budget in optimizer steps (``max_steps``) and its
patience in steps as well, so that a member trains the same number of updates
whether its training split holds 350 rows or 50,000. The training loop itself
counts epochs; :func:`resolve_schedule` converts the step budget into the
epochs of the current batch size. ``batch_size="auto"`` picks a power of two
that gives every epoch at least :data:`MIN_STEPS_PER_EPOCH` steps (between
:data:`MIN_AUTO_BATCH` and :data:`MAX_AUTO_BATCH` rows), so small tables are
not trained in two large steps an epoch and large tables keep the batched
matrix products efficient.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "MAX_AUTO_BATCH",
    "MIN_AUTO_BATCH",
    "MIN_STEPS_PER_EPOCH",
    "Schedule",
    "auto_batch_size",
    "resolve_schedule",
]

#: Smallest and largest batch ``batch_size="auto"`` chooses.
MIN_AUTO_BATCH = 32
MAX_AUTO_BATCH = 256
#: ``batch_size="auto"`` aims at this many steps per epoch at least.
MIN_STEPS_PER_EPOCH = 16


def auto_batch_size(n_train):
    """The batch size ``"auto"`` resolves to for ``n_train`` training rows.

    The largest power of two that gives at least :data:`MIN_STEPS_PER_EPOCH`
    steps per epoch, clipped to ``[MIN_AUTO_BATCH, MAX_AUTO_BATCH]`` and to
    ``n_train``.

    Parameters
    ----------
    n_train : int
        Training rows of each member.

    Returns
    -------
    int

    Examples
    --------
    >>> from skdfs._schedule import auto_batch_size
    >>> [auto_batch_size(n) for n in (40, 400, 800, 3200, 43200)]
    [32, 32, 32, 128, 256]
    """
    n_train = max(1, int(n_train))
    target = n_train / MIN_STEPS_PER_EPOCH
    size = 2 ** int(math.floor(math.log2(target))) if target >= 1 else 1
    size = min(MAX_AUTO_BATCH, max(MIN_AUTO_BATCH, size))
    return min(size, n_train)


@dataclass(frozen=True)
class Schedule:
    """A resolved training schedule.

    Attributes
    ----------
    batch_size : int
        Rows per member and step.
    steps_per_epoch : int
        Optimizer steps in one pass over a member's training rows.
    max_epochs : int
        Epochs the loop may run: the step budget, capped by ``max_epochs``.
    patience_epochs : int or None
        Epochs without improvement (once a member beats the constant
        predictor) before a member stops; None disables early stopping.
    """

    batch_size: int
    steps_per_epoch: int
    max_epochs: int
    patience_epochs: int | None


def resolve_schedule(n_train, batch_size, max_steps, max_epochs, patience):
    """Convert a budget in optimizer steps into the epochs of the loop.

    Parameters
    ----------
    n_train : int
        Training rows of each member.
    batch_size : int or "auto"
        Rows per step; ``"auto"`` see :func:`auto_batch_size`.
    max_steps : int or None
        Optimizer steps each member may take; None: only ``max_epochs``
        bounds the training.
    max_epochs : int or None
        A cap in passes over the training rows; None: only ``max_steps``.
    patience : int or None
        Optimizer steps without improvement before a member stops, rounded
        up to whole epochs (at least one).

    Returns
    -------
    Schedule

    Raises
    ------
    ValueError
        If both ``max_steps`` and ``max_epochs`` are None.

    Examples
    --------
    >>> from skdfs._schedule import resolve_schedule
    >>> resolve_schedule(350, 256, max_steps=2000, max_epochs=None, patience=200)
    Schedule(batch_size=256, steps_per_epoch=2, max_epochs=1000, patience_epochs=100)
    >>> resolve_schedule(43200, "auto", 2000, None, 200)
    Schedule(batch_size=256, steps_per_epoch=169, max_epochs=12, patience_epochs=2)
    """
    if max_steps is None and max_epochs is None:
        raise ValueError(
            "max_steps and max_epochs are both None: set at least one to bound "
            "the training"
        )
    n_train = max(1, int(n_train))
    size = auto_batch_size(n_train) if batch_size == "auto" else int(batch_size)
    steps = math.ceil(n_train / size)
    epochs = math.inf if max_epochs is None else int(max_epochs)
    if max_steps is not None:
        epochs = min(epochs, max(1, math.ceil(int(max_steps) / steps)))
    wait = None if patience is None else max(1, math.ceil(int(patience) / steps))
    return Schedule(size, steps, int(epochs), wait)
