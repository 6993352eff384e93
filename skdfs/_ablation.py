"""Drop-and-retrain (ablation) importance: the loss increase of members
retrained without a feature.

Every held-out feature gets a group of members that share the base members'
initial weights and batch order (tied members), trained side by side with a
full group in one member-batched module; the loss increase of a member without
feature ``j`` over its full twin is its score of ``j``. Used by
:func:`skdfs.importance.member_importances` for ``method="ablation"``.
"""

from __future__ import annotations

import functools
import warnings

import numpy as np
import torch
from sklearn.base import clone

from .exceptions import AblationCostWarning
from .training import (
    GLOBAL_RNG_LOCK,
    MemberBatchIterator,
    MemberData,
    MemberEarlyStopping,
    MemberSplit,
)

__all__ = ["ablation_importance"]


class _InputMaskMixin:
    """Multiplies every member's input by a fixed 0/1 mask before the network.

    ``ablated[e]`` is the feature member ``e`` never sees (held at its mean,
    0 after standardisation), or -1 for a full member.
    """

    def __init__(self, *args, ablated=(), **kwargs):
        super().__init__(*args, **kwargs)
        mask = torch.ones(self.n_members, self.n_features)
        ablated = torch.as_tensor(np.asarray(ablated, dtype=np.int64))
        members = (ablated >= 0).nonzero().flatten()
        mask[members, ablated[members]] = 0.0
        self.register_buffer("input_mask", mask)

    def forward(self, X, **kwargs):
        mask = self.input_mask.unsqueeze(1)  # (E, 1, d)
        X = X * mask if X.dim() == 3 else X.unsqueeze(0) * mask
        return super().forward(X, **kwargs)

    def curvature_terms(self, X):
        # An ablated column is held at its mean: its square term too.
        return super().curvature_terms(X) * self.input_mask[:, None, self.curved]


class _TiedBatchIterator(MemberBatchIterator):
    """Shuffles like :class:`MemberBatchIterator`, but every group of
    ``n_tied`` members reads its rows in the same order."""

    def __init__(self, dataset, batch_size, n_tied, generator):
        super().__init__(dataset, batch_size, shuffle=True, generator=generator)
        self.n_tied = n_tied

    def shuffle_keys(self, shape):
        E, m = shape
        keys = torch.rand((self.n_tied, m), generator=self.generator)
        return keys.repeat(E // self.n_tied, 1)


class _TiedNetMixin:
    """Training batches tied across the groups of an ablation ensemble."""

    def get_iterator(self, dataset, training=False):
        iterator = super().get_iterator(dataset, training=training)
        n_tied = getattr(self, "tied_members_", None)
        if (
            training
            and n_tied
            and type(iterator) is MemberBatchIterator
            and iterator.shuffle
            and dataset.index is not None
        ):
            return _TiedBatchIterator(
                dataset, iterator.batch_size, n_tied, iterator.generator
            )
        return iterator


@functools.cache
def _masked_module_class(cls):
    return type(f"Ablated{cls.__name__}", (_InputMaskMixin, cls), {})


@functools.cache
def _tied_net_class(cls):
    return type(f"Ablation{cls.__name__}", (_TiedNetMixin, cls), {})


def _has_early_stopping(net):
    callbacks = net.callbacks or []
    return any(
        isinstance(cb[1] if isinstance(cb, tuple) else cb, MemberEarlyStopping)
        for cb in callbacks
    )


def _fit_seconds(net):
    try:
        return float(np.sum(net.history[:, "dur"]))
    except (KeyError, IndexError, TypeError):
        return None


def _train_ablation_group(net, X, y, rows, train_rows, features, seed):
    """Train members ablating ``features`` (one group each) plus a full group.

    Returns held-out losses of shape ``(len(features) + 1, A)``; the last row
    is the full group.
    """
    A = rows.shape[0]
    G = len(features) + 1
    ablated = np.concatenate([np.repeat(features, A), np.full(A, -1)])
    valid = np.tile(rows, (G, 1)) if _has_early_stopping(net) else None
    module_cls = type(net.module_)
    module_params = net.get_params_for("module")
    template = clone(net)
    ablation = _tied_net_class(type(net))(**template.get_params(deep=False))
    tiled_params = {}
    if module_params.get("curved_members") is not None:  # member e's basis
        tiled_params["module__curved_members"] = (
            list(module_params["curved_members"]) * G
        )
    ablation.set_params(
        **tiled_params,
        module=_masked_module_class(module_cls),
        module__n_members=G * A,
        module__ablated=ablated.tolist(),
        train_split=MemberSplit(np.tile(train_rows, (G, 1)), valid),
        seed=seed,
        member_seeds=None,  # groups share weights and batch order, set below
        valid_batch_size=None,  # sized for this (larger) ensemble
        output_start=None,  # the base members' start, tiled below
        verbose=0,
    )
    ablation.tied_members_ = A
    device = str(net.device)
    devices = [device] if device.startswith("cuda") else []
    with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        # The A base members' initial weights, shared by every group.
        base = module_cls(**{**module_params, "n_members": A})
        output_start = getattr(net, "output_start", None)
        if output_start is not None and len(output_start) == A:  # as they started
            base.start_outputs_(output_start)
        ablation.initialize()
        with torch.no_grad():
            start = dict(base.named_parameters())
            for name, param in ablation.module_.named_parameters():
                tiled = start[name].repeat(G, *([1] * (param.dim() - 1)))
                param.copy_(tiled.to(param.device))
        ablation.partial_fit(X, y)
    data = MemberData(X, y, np.tile(rows, (G, 1)))
    losses = ablation.member_losses(ablation.get_iterator(data))
    return losses.reshape(G, A)


#: Estimated seconds (the original fit's time times ``d + 1``) above which
#: ablation warns whatever the number of networks: a trial's 8 members on
#: 200 columns (1,608 networks, under the count budget) ran past four
#: minutes without a word.
ABLATION_WARN_SECONDS = 60.0


def ablation_importance(
    net, X, y, rows, train_rows, generator, seed, budget, max_members, **_
):
    """Every member's loss increase without each feature, ``(E, d)`` tensor."""
    if train_rows is None:
        raise ValueError(
            "method='ablation' retrains the ensemble and needs train_rows "
            "(each member's training row indices)"
        )
    train_rows = np.asarray(train_rows)
    if train_rows.ndim != 2 or train_rows.shape[0] != rows.shape[0]:
        raise ValueError(
            f"train_rows must have shape (n_members={rows.shape[0]}, m), got "
            f"{train_rows.shape}"
        )
    A, d = rows.shape[0], X.shape[1]
    n_networks = A * (d + 1)
    took, E = _fit_seconds(net), net.module_.n_members
    seconds = None if took is None else took * n_networks / E
    if n_networks > budget or (seconds or 0.0) > ABLATION_WARN_SECONDS:
        estimate = ""
        if took is not None:
            estimate = (
                f"; the original fit of {E} members took {took:.1f} s, so expect "
                f"about {seconds:.0f} s"
            )
        warnings.warn(
            f"ablation importance trains {n_networks} networks ({A} members x "
            f"({d} features + 1)), about {d + 1} times the cost of the original "
            f"fit{estimate}. Use a cheaper method (permutation, noise) on wide "
            "data, or fewer members.",
            AblationCostWarning,
            stacklevel=3,  # the caller of member_importances
        )
    per_module = max(1, max_members // A - 1)  # feature groups next to the full one
    increase = np.zeros((A, d))
    for f0 in range(0, d, per_module):
        features = np.arange(f0, min(d, f0 + per_module))
        losses = _train_ablation_group(net, X, y, rows, train_rows, features, seed)
        losses = losses.double().cpu().numpy()
        increase[:, features] = (losses[:-1] - losses[-1]).T
    return torch.as_tensor(np.maximum(increase, 0.0))
