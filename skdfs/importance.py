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
import time

import numpy as np
import torch
from sklearn.utils import Bunch, check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from ._ablation import ablation_importance
from ._ensemble import member_splits
from ._probes import permuted_copies, probe_columns, row_orders
from .exceptions import AblationCostWarning
from .groups import spread_group_scores
from .selection import normalise_rows
from .training import chunk_rows

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


# ----------------------------------------------------------------- helpers
def _widest(module, d):
    """Largest layer width of ``module`` (for chunk sizes)."""
    widths = [d] + [p.shape[-1] for p in module.parameters() if p.dim() >= 2]
    return max(widths)


def _rows_per_chunk(net, d, factor=1):
    """Rows per member in one chunk, keeping activations near 8 MiB."""
    module = net.module_
    return chunk_rows(module.n_members, _widest(module, d) * factor, min_rows=64)


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
    kernel = module.fold_inputs(module.first_layer_weight().detach().abs().sum(-1))
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
            (grads,) = torch.autograd.grad(
                out, x, _output_basis(out), is_grads_batched=True
            )  # (k, E, b, d): one backward pass per output, batched
            total += grads.abs().sum(dim=(0, 2))
    return _sigma(scale, Xr) * total / m


def _output_basis(out):
    """``(k, *out.shape)`` one-hot cotangents: with ``is_grads_batched`` they
    give the gradient of every output (summed over rows) at once."""
    k = out.shape[-1]
    eye = torch.eye(k, dtype=out.dtype, device=out.device)
    return eye.reshape(k, *([1] * (out.dim() - 1)), k).expand(k, *out.shape)


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
            (grads,) = torch.autograd.grad(
                out, path, _output_basis(out), is_grads_batched=True
            )
            mean_grad = grads.reshape(-1, E, n_steps, b, d).mean(2)  # (k, E, b, d)
            total += (x * mean_grad).abs().sum(dim=(0, 2))
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


_METHODS = {
    "gate": _gate,
    "weights": _weights,
    "gradient": _gradient,
    "integrated_gradients": _integrated_gradients,
    "permutation": _permutation,
    "noise": _noise,
    "ablation": ablation_importance,
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
        more networks than this, or when its estimated time (the original
        fit's, times ``n_features + 1``) passes a minute.
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
    ``fit`` (regression targets standardised with the mean and spread of the
    fit's targets, so that ``10 * y`` is scored as a different target);
    every member is evaluated on every row. A selector fitted with ``groups``
    is scored per group, as in ``fit``, and each group's score is spread
    evenly over its columns. Where the selector was trained
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
        one, as in ``fit`` (the networks' own scores: where the fit ran the
        gate path, its ``importances_`` also hold the path's scores, which
        are not recomputed here); ``mean`` and ``std`` over the members in
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
    groups = getattr(selector, "groups_", None)
    encoder = getattr(selector, "encoder_", None)
    if encoder is None:
        X = validate_data(selector, X, reset=False, dtype=[np.float64, np.float32])
        n_real = X.shape[1] if groups is None else len(selector.group_names_)
        column_groups = groups  # the group of every network input (real ones)
    else:  # fitted on a table: encode it; a gate per original column (group)
        validate_data(selector, X, reset=False, skip_check_array=True)
        X = encoder.transform(X)
        levels = selector.level_columns_
        column_groups = levels if groups is None else groups[levels]
        n_real = (
            selector.n_features_in_ if groups is None else len(selector.group_names_)
        )
    targets = selector.target_encoder_.transform(y)
    n = X.shape[0]
    if len(targets) != n:
        raise ValueError(f"X has {n} rows but y has {len(targets)}")
    rng = check_random_state(random_state)
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    raw_scale = X.std(axis=0)
    net = selector.net_
    net_groups = column_groups
    if hasattr(selector, "probe_sources_"):  # trained with probes: fresh ones
        columns, blocks = probe_columns(selector.probe_sources_, column_groups)
        orders = row_orders(rng, len(selector.probe_sources_), n)
        Xs = np.hstack([Xs, permuted_copies(Xs, columns, orders, blocks)])
        raw_scale = np.concatenate([raw_scale, raw_scale[columns]])
        if column_groups is not None:  # each probe group has a gate of its own
            net_groups = np.concatenate([column_groups, n_real + blocks])
        if scale is not None and not isinstance(scale, str):
            scale = np.asarray(scale, dtype=float)
            scale = np.concatenate([scale, scale[columns]])
    if isinstance(scale, str):
        if scale != "raw":
            raise ValueError(f"scale must be None, 'raw' or an array, got {scale!r}")
        scale = raw_scale
    E = net.module_.n_members
    rows, train_rows = None, None
    if method == "ablation":
        fraction = selector.validation_fraction or 0.2
        train_rows, rows = member_splits(n, E, fraction, False, rng, None)
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
        groups=net_groups,
    )[:, :n_real]
    seconds = time.perf_counter() - start
    importances = normalise_rows(raw, getattr(selector, "importance_power", 1.0))
    used = getattr(selector, "members_used_", np.ones(E, dtype=bool))
    if groups is not None:  # per column, as the selector's attributes
        spread = spread_group_scores(groups, selector.group_sizes_)
        raw, importances = spread(raw), spread(importances)
    return Bunch(
        importances=importances,
        mean=importances[used].mean(axis=0),
        std=importances[used].std(axis=0),
        raw=raw,
        seconds=seconds,
        method=method,
    )
