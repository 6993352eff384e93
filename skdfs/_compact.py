"""Frozen members out of the module that computes.

A member that early stopping froze adds no gradient, but in the one batched
module it still costs its share of every product. On wide tables about half
the members are frozen for most of a fit: the members that learned stop early,
while those that never beat the constant predictor train to the step budget.
Once an eighth or more of the module's members are frozen
(:func:`worth_narrowing`), the members still training move into a module of
their own (:meth:`~skdfs.network.GatedEnsembleMLP.select_members`), which
computes the forward and backward passes on their own rows and batch
generators (:func:`narrowed_iterator`). The optimiser still steps the whole
module: the gradients are written into its rows (:func:`gradients_to_whole`;
the rows of the members that left are zero, as a frozen member's gradient
is), and the stepped rows are copied back (:func:`parameters_from_whole`).

Each member computes the same in the smaller module (its products and
reductions are its own) and the optimiser sees the same gradients in the same
places, so the results are identical to the bit. Stepping the smaller module
instead was tried and is not identical: fused Adam's vectorised CPU kernel
handles a tensor's last elements and its thread chunks apart, so a member's
update depends on where it sits in the tensor (``docs/benchmarks.md``,
"Frozen members out of the module that computes").
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

__all__ = [
    "Narrowed",
    "gradients_to_whole",
    "narrow",
    "narrowed_iterator",
    "parameters_from_whole",
    "worth_narrowing",
]


@dataclass
class Narrowed:
    """While only some members compute: the whole module (which the
    optimiser steps), the indices (among all) of the members that compute,
    ascending, and the whole module's gradient buffers."""

    module: torch.nn.Module
    members: torch.Tensor
    grads: list


def worth_narrowing(module, active):
    """Whether to narrow ``module`` to its ``active`` members (a boolean mask
    over its members): at least an eighth frozen, some still active."""
    size, n_active = module.n_members, int(active.sum())
    return n_active > 0 and size - n_active >= max(1, size // 8)


def narrow(state, module, active):
    """Narrow ``module`` (the module that computes; all of the members when
    ``state`` is None) to its ``active`` members.

    Returns the new :class:`Narrowed` state and the smaller module.
    """
    if state is None:
        members = torch.arange(module.n_members, device=active.device)
        state = Narrowed(
            module, members, [torch.zeros_like(p) for p in module.parameters()]
        )
    keep = active.nonzero().flatten()
    dropped = state.members[active.logical_not().nonzero().flatten()]
    for grad in state.grads:  # rows no step writes again: a frozen member's
        grad[dropped] = 0.0
    state.members = state.members[keep]
    return state, module.select_members(keep)


def gradients_to_whole(state, part):
    """After a backward pass of ``part`` (the module that computes): its
    gradients into the whole module's rows, for the optimiser."""
    for whole, param, grad in zip(
        state.module.parameters(), part.parameters(), state.grads
    ):
        if param.grad is not None:
            grad.index_copy_(0, state.members, param.grad)
            param.grad = None
        whole.grad = grad


@torch.no_grad()
def parameters_from_whole(state, part):
    """After the optimiser's step: the stepped rows back into ``part``."""
    for whole, param in zip(state.module.parameters(), part.parameters()):
        torch.index_select(whole, 0, state.members, out=param)


def narrowed_iterator(iterator, members):
    """A member-batch iterator (:class:`skdfs.training.MemberBatchIterator`)
    narrowed to ``members``: their rows, and their own generators, which go on
    drawing where they were. Shared-row iterators are returned as they are."""
    data = iterator.dataset
    if data.index is None:
        return iterator
    members = members.cpu()
    generator = iterator.generator
    if isinstance(generator, (list, tuple)):
        generator = [generator[i] for i in members.tolist()]
    index = data.index[members.to(data.index.device)]
    return type(iterator)(
        type(data)(data.X, data.y, index),
        iterator.batch_size,
        shuffle=iterator.shuffle,
        generator=generator,
    )
