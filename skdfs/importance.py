"""Post-hoc feature importances of a fitted gated ensemble.

A :class:`~skdfs.DeepFeatureSelector` ranks features by its learned gates by
default. The methods below ask the trained networks the same question in other
ways; each gives one non-negative score per member and feature, so the
ensemble's spread comes for free. All of them run on the member-batched module
at once: a loop over features or repeats is fine, a loop over members is not.

Methods (``X`` is the standardised input the networks see, so every
feature's spread ``sigma_i`` is 1 there, 0 for a constant feature):

``"gate"``
    The learned gates, ``g_i``.
``"weights"``
    First-layer weight magnitudes times the input spread,
    ``I_i = sigma_i * sum_j |g_i W_ij|`` (the gate folded into the first dense
    kernel). Blind to everything after the first layer. Meaningful only when
    ``sigma_i`` is the spread of the inputs the weights act on: taken from
    unscaled data (``scale="raw"`` in :func:`compute_importances`) it ranks
    features by their units.
``"gradient"``
    Input-gradient sensitivity ``I_i = sigma_i <sum_k |d y_k / d x_i|>``,
    averaged over the rows (``y_k`` the network's ``k``-th output, a logit for
    classifiers). Local: a feature that matters only through a saturated unit
    or a step looks unimportant.
``"integrated_gradients"``
    Integrated gradients (Sundararajan et al., 2017) from a baseline at the
    feature means (0 after standardisation), ``I_i = <sum_k |x_i * mean_a
    d y_k / d x_i (a x)|>`` with a midpoint rule over ``n_steps`` points.
``"permutation"``
    Loss increase on each member's own held-out rows when feature ``i`` is
    permuted among those rows, averaged over ``n_repeats`` permutations
    (Breiman, 2001). Correlated features share the credit: the model still
    reads the permuted feature's copy, so both look less important than the
    signal they carry; the model is also queried off its data distribution.
``"noise"``
    Loss increase when Gaussian noise of variance ``noise_scale**2 *
    var(x_i)`` is added to feature ``i``, averaged over ``n_repeats`` draws.
    A constant feature gets exactly 0 (no variance, no noise).
``"ablation"``
    Drop-and-retrain: a new ensemble is trained in which member group ``i``
    has feature ``i`` held at its mean, next to a full group; the importance
    is the held-out loss increase of each group over the full one. All
    ``n_members * (d + 1)`` networks train as one member-batched module, each
    ablated member starting from its full twin's initial weights and reading
    its rows in the same order, so the comparison is paired (a constant
    feature scores exactly 0). It measures what the *data* can do without the
    feature, not what the model used: a feature with a near-copy scores about
    0, because the retrained model reads the copy instead. It is the costly
    method: ``d + 1`` times the original training (see
    :class:`AblationCostWarning`).
``"onehot"``
    Response of the bias-free network to one-hot inputs, ``I_i = sum_k
    (|f_0(e_i)_k| + |f_0(-e_i)_k|) / 2`` where ``f_0`` is every member with all
    biases set to 0. Offered for completeness: it probes the network at
    points far from the data (a single feature at one standard deviation, all
    others at their means), removes the biases that place the network's
    operating point, and looks at one feature at a time, so it misses
    interactions entirely. On XOR, where ``y`` depends on ``x0`` only through
    ``x1``, it fails.

Loss-increase methods are clipped at 0: a feature whose perturbation happens
to lower a member's loss scores 0 in that member.

References
----------
- L. Breiman, "Random forests", Machine Learning 45, 2001 (permutation).
- M. Sundararajan, A. Taly and Q. Yan, "Axiomatic attribution for deep
  networks", ICML 2017 (integrated gradients).
- J. D. Olden and D. A. Jackson, "Illuminating the black box", Ecological
  Modelling 154, 2002 (connection weights and their pitfalls).
"""

from __future__ import annotations

import copy
import functools
import time
import warnings

import numpy as np
import torch
from sklearn.base import clone
from sklearn.utils import Bunch, check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from .training import MemberBatchIterator, MemberData, MemberEarlyStopping, MemberSplit

__all__ = [
    "METHODS",
    "AblationCostWarning",
    "compute_importances",
    "member_importances",
]

METHODS = (
    "gate",
    "weights",
    "gradient",
    "integrated_gradients",
    "permutation",
    "noise",
    "ablation",
    "onehot",
)
"""Names accepted by :func:`member_importances` and ``importance=``."""

_NEEDS_TARGETS = ("permutation", "noise", "ablation")
_CHUNK_FLOATS = 1 << 24  # about 64 MiB of float32 activations per chunk


class AblationCostWarning(UserWarning):
    """Drop-and-retrain importances will train many networks.

    ``"ablation"`` trains ``n_members * (n_features + 1)`` networks: one group
    of members per held-out feature plus a full group. The warning gives the
    count and an estimate of the time from the original fit.
    """


# ----------------------------------------------------------------- helpers
def _widest(module, d):
    """Largest layer width of ``module`` (for chunk sizes)."""
    widths = [d] + [p.shape[-1] for p in module.parameters() if p.dim() >= 2]
    return max(widths)


def _rows_per_chunk(net, d, factor=1):
    """Rows per member in one chunk, keeping activations near 64 MiB."""
    module = net.module_
    per_row = module.n_members * _widest(module, d) * factor
    return max(64, _CHUNK_FLOATS // per_row)


def _torch_generator(random_state):
    seed = int(check_random_state(random_state).randint(np.iinfo(np.int32).max))
    return torch.Generator().manual_seed(seed), seed


def _as_rows(rows, n, n_members):
    if rows is None:
        return np.tile(np.arange(n), (n_members, 1))
    rows = np.asarray(rows)
    if rows.ndim != 2 or rows.shape[0] != n_members:
        raise ValueError(
            f"rows must have shape (n_members={n_members}, m), got {rows.shape}"
        )
    return rows


def _sigma(scale, Xr):
    """Feature spread per member, ``(E, d)``: given, or measured on the rows."""
    if scale is None:
        return Xr.std(dim=1, unbiased=False)
    scale = torch.as_tensor(np.asarray(scale, dtype=np.float32), device=Xr.device)
    if scale.shape != (Xr.shape[-1],):
        raise ValueError(
            f"scale must have shape ({Xr.shape[-1]},), got {tuple(scale.shape)}"
        )
    return scale.expand(Xr.shape[0], -1)


def _expand_targets(y, n_variants):
    """``(E, b, ...)`` targets repeated for ``n_variants`` inputs per member."""
    E = y.shape[0]
    rest = y.shape[1:]
    return y.unsqueeze(1).expand(E, n_variants, *rest).reshape(E * n_variants, *rest)


@torch.no_grad()
def _base_losses(net, Xr, yr, chunk):
    """Every member's loss on its own rows, ``(E,)``."""
    crit = net.criterion_
    total = None
    for r0 in range(0, Xr.shape[1], chunk):
        out = net.infer(Xr[:, r0 : r0 + chunk])
        stats = crit.stats(out, yr[:, r0 : r0 + chunk])
        total = stats if total is None else total + stats
    return crit.finalize(total)


@torch.no_grad()
def _swap_losses(net, Xr, P, yr, chunk, masks=None):
    """Losses when column ``j`` of ``Xr`` is replaced by column ``j`` of ``P``.

    All ``d`` variants of each member run as extra rows of that member (up to
    ``chunk`` rows per member at a time); their losses come back ``(E, d)``.
    The additive loss statistics make row chunks exact, soft-F1 included.
    ``masks`` ``(V, d)`` swaps the columns of each row of it at once instead
    (feature groups); the losses then come back ``(E, V)``.
    """
    E, m, d = Xr.shape
    crit = net.criterion_
    per_feature = min(m, chunk)
    n_feat = max(1, chunk // per_feature)
    eye = torch.eye(d, dtype=torch.bool, device=Xr.device) if masks is None else masks
    losses = []
    for j0 in range(0, eye.shape[0], n_feat):
        mask = eye[j0 : j0 + n_feat][None, :, None, :]  # (1, J, 1, d)
        J = mask.shape[1]
        total = None
        for r0 in range(0, m, per_feature):
            rows = slice(r0, r0 + per_feature)
            xb = torch.where(mask, P[:, None, rows], Xr[:, None, rows])  # E,J,b,d
            b = xb.shape[2]
            out = net.infer(xb.reshape(E, J * b, d)).reshape(E * J, b, -1)
            stats = crit.stats(out, _expand_targets(yr[:, rows], J))
            total = stats if total is None else total + stats
        losses.append(crit.finalize(total).reshape(E, J))
    return torch.cat(losses, dim=1)


# ----------------------------------------------------------------- methods
def _gate(net, **_):
    return net.module_.gate.gate_values()


def _weights(net, Xr, scale, **_):
    module = net.module_
    kernel = module.first_layer_weight().detach().abs().sum(-1)  # (E, d)
    gate = module.gate.eval_values().detach().clamp(min=0.0)
    return _sigma(scale, Xr) * gate * kernel


def _gradient(net, Xr, scale, **_):
    E, m, d = Xr.shape
    chunk = _rows_per_chunk(net, d, factor=4)
    total = torch.zeros(E, d, device=Xr.device)
    with torch.enable_grad():
        for r0 in range(0, m, chunk):
            x = Xr[:, r0 : r0 + chunk].clone().requires_grad_(True)
            out = net.infer(x)
            k = out.shape[-1]
            for o in range(k):
                (grad,) = torch.autograd.grad(
                    out[..., o].sum(), x, retain_graph=o < k - 1
                )
                total += grad.abs().sum(1)
    return _sigma(scale, Xr) * total / m


def _integrated_gradients(net, Xr, n_steps, **_):
    E, m, d = Xr.shape
    alphas = (torch.arange(n_steps, device=Xr.device) + 0.5) / n_steps
    chunk = max(1, _rows_per_chunk(net, d, factor=4) // n_steps)
    total = torch.zeros(E, d, device=Xr.device)
    with torch.enable_grad():
        for r0 in range(0, m, chunk):
            x = Xr[:, r0 : r0 + chunk]
            b = x.shape[1]
            # (E, S, b, d): the path from the baseline 0 to x, as extra rows.
            path = (alphas[None, :, None, None] * x[:, None]).reshape(E, -1, d)
            path.requires_grad_(True)
            out = net.infer(path)
            k = out.shape[-1]
            for o in range(k):
                (grad,) = torch.autograd.grad(
                    out[..., o].sum(), path, retain_graph=o < k - 1
                )
                mean_grad = grad.reshape(E, n_steps, b, d).mean(1)
                total += (x * mean_grad).abs().sum(1)
    return total / m


def _group_masks(group_index, d, device):
    """``(G, d)`` membership masks of the groups, or None without groups."""
    if group_index is None:
        return None
    index = torch.as_tensor(group_index, dtype=torch.long, device=device)
    n_groups = int(index.max()) + 1
    return torch.arange(n_groups, device=device)[:, None] == index[None, :]


def _permutation(net, Xr, yr, n_repeats, generator, group_index=None, **_):
    E, m, d = Xr.shape
    chunk = _rows_per_chunk(net, d)
    base = _base_losses(net, Xr, yr, chunk)
    masks = _group_masks(group_index, d, Xr.device)
    width = d if masks is None else masks.shape[0]
    total = torch.zeros(E, width, device=Xr.device)
    for _ in range(n_repeats):
        # An independent permutation of each member's rows for every feature
        # (for every group: its columns are permuted jointly, rows kept whole).
        order = torch.rand((E, m, width), generator=generator).argsort(dim=1)
        if masks is not None:
            order = order[..., torch.as_tensor(group_index, dtype=torch.long)]
        P = Xr.gather(1, order.to(Xr.device))
        total += _swap_losses(net, Xr, P, yr, chunk, masks) - base[:, None]
    return (total / n_repeats).clamp(min=0.0)


def _noise(net, Xr, yr, n_repeats, noise_scale, generator, group_index=None, **_):
    E, m, d = Xr.shape
    chunk = _rows_per_chunk(net, d)
    base = _base_losses(net, Xr, yr, chunk)
    sigma = Xr.std(dim=1, unbiased=False, keepdim=True)  # (E, 1, d)
    masks = _group_masks(group_index, d, Xr.device)
    width = d if masks is None else masks.shape[0]
    total = torch.zeros(E, width, device=Xr.device)
    for _ in range(n_repeats):
        eps = torch.randn((E, m, d), generator=generator).to(Xr.device)
        P = Xr + noise_scale * sigma * eps
        total += _swap_losses(net, Xr, P, yr, chunk, masks) - base[:, None]
    return (total / n_repeats).clamp(min=0.0)


@torch.no_grad()
def _onehot(net, Xr, **_):
    d = Xr.shape[-1]
    module = copy.deepcopy(net.module_).eval()
    for name, param in module.named_parameters():
        if name.split(".")[-1] == "bias":
            param.zero_()
    eye = torch.eye(d, device=Xr.device)
    plus = module(eye).abs().sum(-1)  # (E, d)
    minus = module(-eye).abs().sum(-1)
    return 0.5 * (plus + minus)


# ---------------------------------------------------------------- ablation
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


class _TiedBatchIterator(MemberBatchIterator):
    """Shuffles like :class:`MemberBatchIterator`, but every group of
    ``n_tied`` members reads its rows in the same order."""

    def __init__(self, dataset, batch_size, n_tied, generator):
        super().__init__(dataset, batch_size, shuffle=True, generator=generator)
        self.n_tied = n_tied

    def __iter__(self):
        ds, bs = self.dataset, self.batch_size
        index = ds.index
        E, m = index.shape
        keys = torch.rand((self.n_tied, m), generator=self.generator)
        keys = keys.repeat(E // self.n_tied, 1)
        index = index.gather(1, keys.argsort(dim=1))
        for start in range(0, m, bs):
            rows = index[:, start : start + bs]
            yield ds.X[rows], None if ds.y is None else ds.y[rows]


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
    ablation.set_params(
        module=_masked_module_class(module_cls),
        module__n_members=G * A,
        module__ablated=ablated.tolist(),
        train_split=MemberSplit(np.tile(train_rows, (G, 1)), valid),
        seed=seed,
        member_seeds=None,  # groups share weights and batch order, set below
        valid_batch_size=None,  # sized for this (larger) ensemble
        verbose=0,
    )
    ablation.tied_members_ = A
    device = str(net.device)
    devices = [device] if device.startswith("cuda") else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        # The A base members' initial weights, shared by every group.
        base = module_cls(**{**module_params, "n_members": A})
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


def _ablation(net, X, y, rows, train_rows, generator, seed, budget, max_members, **_):
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
    if n_networks > budget:
        took, E = _fit_seconds(net), net.module_.n_members
        estimate = ""
        if took is not None:
            estimate = (
                f"; the original fit of {E} members took {took:.1f} s, so expect "
                f"about {took * n_networks / E:.0f} s"
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


_METHODS = {
    "gate": _gate,
    "weights": _weights,
    "gradient": _gradient,
    "integrated_gradients": _integrated_gradients,
    "permutation": _permutation,
    "noise": _noise,
    "ablation": _ablation,
    "onehot": _onehot,
}


def member_importances(
    method,
    net,
    X,
    y=None,
    rows=None,
    *,
    scale=None,
    n_repeats=5,
    noise_scale=1.0,
    n_steps=16,
    train_rows=None,
    ablation_budget=2000,
    ablation_max_members=1024,
    random_state=None,
    groups=None,
):
    """Per-member importance scores of a fitted ensemble, ``(E, d)``.

    Parameters
    ----------
    method : {"gate", "weights", "gradient", "integrated_gradients", \
"permutation", "noise", "ablation", "onehot"}
        The importance method; see the module docstring and
        ``docs/importance.rst`` for formulas and failure modes.
    net : EnsembleNet
        A fitted net (``DeepFeatureSelector.net_``).
    X : array-like of shape (n_samples, d)
        Inputs as the networks saw them in training (standardised, probes
        appended where trained with probes).
    y : array-like of shape (n_samples, ...), default=None
        Targets encoded as in training; needed by ``"permutation"``,
        ``"noise"`` and ``"ablation"``.
    rows : array-like of shape (E, m), default=None
        Each member's held-out row indices: where losses, gradients and
        spreads are measured. ``None`` uses every row for every member.
    scale : array-like of shape (d,), default=None
        Feature spreads ``sigma_i`` for ``"weights"`` and ``"gradient"``.
        ``None`` measures them on each member's rows of ``X``, the inputs the
        weights act on (the correct choice; about 1 for standardised data).
    n_repeats : int, default=5
        Permutations or noise draws per feature (``"permutation"``,
        ``"noise"``).
    noise_scale : float, default=1.0
        Noise standard deviation as a multiple of the feature's (``"noise"``).
    n_steps : int, default=16
        Points on the path of ``"integrated_gradients"``.
    train_rows : array-like of shape (E, m_train), default=None
        Each member's training rows, required by ``"ablation"``.
    ablation_budget : int, default=2000
        ``"ablation"`` emits :class:`AblationCostWarning` when it would train
        more networks than this.
    ablation_max_members : int, default=1024
        Largest ensemble trained in one module by ``"ablation"``; wider
        problems train several modules one after another.
    random_state : int, RandomState instance or None, default=None
        Seeds permutations, noise and the ablation ensemble.
    groups : array-like of int of shape (d,), default=None
        Group index (``0 .. G-1``) of every column: the scores are then given
        per group, ``(E, G)``. ``"gate"`` gives each group's own gate (of a
        network trained with these groups; otherwise the sum of the columns'
        gates); ``"permutation"`` permutes a group's columns jointly (whole
        rows of the group move together) and ``"noise"`` perturbs them all at
        once, one loss per group; every other method sums its columns' scores.

    Returns
    -------
    scores : ndarray of shape (E, d), or (E, G) with ``groups``
        Non-negative float64 scores, one row per member (not normalised).

    Examples
    --------
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.datasets import make_xor
    >>> from skdfs.importance import member_importances
    >>> X, y, _ = make_xor(n_samples=400, n_features=6, random_state=0)
    >>> sel = DeepFeatureSelector(n_estimators=4, random_state=0).fit(X, y)
    >>> Xs = ((X - sel.scaler_mean_) / sel.scaler_scale_).astype("float32")
    >>> targets = y.astype("float32")[:, None]
    >>> scores = member_importances("permutation", sel.net_, Xs, targets)
    >>> scores.shape
    (4, 6)
    >>> sorted(scores.mean(0).argsort()[-2:].tolist())
    [0, 1]
    """
    if method not in _METHODS:
        raise ValueError(f"unknown importance method {method!r}; use one of {METHODS}")
    if groups is not None:
        groups = np.asarray(groups, dtype=np.int64).ravel()
        if groups.shape != (net.module_.n_features,):
            raise ValueError(
                f"groups must hold one group index per input column "
                f"({net.module_.n_features}), got shape {groups.shape}"
            )
        gate = net.module_.gate
        own = getattr(gate, "group_index", None)
        if method == "gate" and own is not None and np.array_equal(own.cpu(), groups):
            return gate.group_values().cpu().numpy().astype(float)
        if method not in ("permutation", "noise"):
            scores = member_importances(
                method,
                net,
                X,
                y,
                rows,
                scale=scale,
                n_repeats=n_repeats,
                noise_scale=noise_scale,
                n_steps=n_steps,
                train_rows=train_rows,
                ablation_budget=ablation_budget,
                ablation_max_members=ablation_max_members,
                random_state=random_state,
            )
            summed = np.zeros((scores.shape[0], groups.max() + 1))
            np.add.at(summed.T, groups, scores.T)
            return summed
    if method == "gate":  # no data, no randomness
        return _gate(net).cpu().numpy().astype(float)
    if method in _NEEDS_TARGETS and y is None:
        raise ValueError(f"method={method!r} needs the targets y")
    if n_repeats < 1 or n_steps < 1:
        raise ValueError("n_repeats and n_steps must be at least 1")
    module = net.module_
    E = module.n_members
    device = net.device
    X = np.asarray(X, dtype=np.float32)
    rows = _as_rows(rows, X.shape[0], E)
    generator, seed = _torch_generator(random_state)
    X_t = torch.as_tensor(X, device=device)
    rows_t = torch.as_tensor(rows, dtype=torch.long, device=device)
    Xr = X_t[rows_t]  # (E, m, d)
    yr = None
    if y is not None:
        y_t = torch.as_tensor(np.asarray(y), device=device)
        yr = y_t[rows_t]
    net._set_training(False)
    scores = _METHODS[method](
        net=net,
        X=X,
        y=None if y is None else np.asarray(y),
        rows=rows,
        Xr=Xr,
        yr=yr,
        scale=scale,
        n_repeats=int(n_repeats),
        noise_scale=float(noise_scale),
        n_steps=int(n_steps),
        train_rows=train_rows,
        generator=generator,
        seed=seed,
        budget=ablation_budget,
        max_members=ablation_max_members,
        group_index=groups,
    )
    scores = scores.detach().cpu().double().numpy()
    return np.maximum(np.nan_to_num(scores, nan=0.0, posinf=0.0), 0.0)


def _normalise(scores):
    """Rows scaled to sum to one (uniform for an all-zero row)."""
    total = scores.sum(axis=1, keepdims=True)
    d = scores.shape[1]
    return np.where(total > 0, scores / np.where(total > 0, total, 1.0), 1.0 / d)


def compute_importances(
    selector,
    X,
    y,
    method="permutation",
    *,
    n_repeats=5,
    scale=None,
    random_state=None,
):
    """Importances of a fitted selector's networks on data ``(X, y)``.

    ``X`` is standardised with the selector's scaler and ``y`` encoded as in
    ``fit`` (regression targets standardised by their own mean and spread);
    every member is evaluated on every row. Where the selector was trained
    with probes, fresh probes are appended (permuted copies of the same
    source columns) and dropped from the result. ``"ablation"`` retrains on
    ``(X, y)``: each member gets its own random split, held out at the
    selector's ``validation_fraction`` (0.2 if it was 0).

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.
    X : array-like of shape (n_samples, n_features_in_)
        Data, on the scale the selector was fitted on.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Targets of the same kind as in ``fit``.
    method : str, default="permutation"
        One of :data:`METHODS`.
    n_repeats : int, default=5
        Permutations or noise draws per feature.
    scale : None, "raw" or array-like of shape (n_features_in_,), default=None
        Spreads ``sigma_i`` for ``"weights"`` and ``"gradient"``. ``None``
        measures them on the standardised inputs the networks see (correct:
        the method is then unit-free). ``"raw"`` uses the standard deviations
        of the unscaled columns of ``X``: the classic mistake of reading
        weights that act on standardised inputs against the spreads of the
        raw data, which ranks features by their units (kept to show that
        failure).
    random_state : int, RandomState instance or None, default=None
        Seeds permutations, noise, probes and the ablation splits.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        ``importances`` (n_estimators, n_features_in_), every member's scores
        raised to the selector's ``importance_power`` and normalised to sum to
        one, as in ``fit``; ``mean`` and ``std`` over the members in
        ``selector.members_used_``; ``raw``, the unnormalised scores;
        ``seconds``, the time taken; ``method``.

    Examples
    --------
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.datasets import make_friedman
    >>> from skdfs.importance import compute_importances
    >>> X, y, _ = make_friedman(n_samples=500, n_features=8, random_state=0)
    >>> sel = DeepFeatureSelector(n_estimators=4, random_state=0).fit(X, y)
    >>> result = compute_importances(sel, X, y, "gradient")
    >>> result.importances.shape
    (4, 8)
    >>> bool(abs(result.mean.sum() - 1) < 1e-6)
    True
    """
    check_is_fitted(selector)
    if method not in METHODS:
        raise ValueError(f"unknown importance method {method!r}; use one of {METHODS}")
    X = validate_data(selector, X, reset=False, dtype=[np.float64, np.float32])
    targets = selector._encode_for_net(y)
    n, d = X.shape
    if len(targets) != n:
        raise ValueError(f"X has {n} rows but y has {len(targets)}")
    rng = check_random_state(random_state)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    raw_scale = X.std(axis=0)
    net = selector.net_
    # The real column each probe column copies, and the probe it belongs to
    # (with feature groups a probe is a whole group, its rows permuted jointly).
    sources = getattr(selector, "_probe_columns", None)
    if sources is None:
        sources = getattr(selector, "probe_sources_", None)
        blocks = None if sources is None else np.arange(len(sources))
    else:
        blocks = selector._probe_blocks
    if net.module_.n_features > d:  # trained with probes: append fresh ones
        order = np.argsort(rng.random_sample((blocks[-1] + 1, n)), axis=1)
        order = order[blocks]
        Xs = np.hstack([Xs, Xs[order.T, sources[None, :]]]).astype(np.float32)
        raw_scale = np.concatenate([raw_scale, raw_scale[sources]])
    if isinstance(scale, str):
        if scale != "raw":
            raise ValueError(f"scale must be None, 'raw' or an array, got {scale!r}")
        scale = raw_scale
    elif scale is not None and net.module_.n_features > d:
        scale = np.asarray(scale, dtype=float)
        scale = np.concatenate([scale, scale[sources]])
    E = net.module_.n_members
    rows, train_rows = None, None
    if method == "ablation":
        from .selector import _member_splits

        fraction = selector.validation_fraction or 0.2
        train_rows, rows = _member_splits(n, E, fraction, False, rng, None)
    start = time.perf_counter()
    raw = member_importances(
        method,
        net,
        Xs,
        targets,
        rows,
        scale=scale,
        n_repeats=n_repeats,
        train_rows=train_rows,
        random_state=rng,
    )[:, :d]
    seconds = time.perf_counter() - start
    importances = _normalise(raw ** getattr(selector, "importance_power", 1.0))
    used = getattr(selector, "members_used_", np.ones(E, dtype=bool))
    return Bunch(
        importances=importances,
        mean=importances[used].mean(axis=0),
        std=importances[used].std(axis=0),
        raw=raw,
        seconds=seconds,
        method=method,
    )
