"""Torch modules: member-batched layers and the gated ensemble MLP.

Every parameter of :class:`GatedEnsembleMLP` carries a leading *member*
dimension ``E``: member ``e`` of the ensemble is the slice ``param[e]``. All
members run in the same batched matrix products (``torch.baddbmm``), so training
E networks costs one module's Python overhead, not E.

Shapes used throughout: ``E`` members, ``B`` rows, ``d`` input features, ``h``
hidden units, ``k`` outputs.
"""

from __future__ import annotations

import copy
import math

import torch
from torch import nn

__all__ = [
    "ACTIVATIONS",
    "GATES",
    "INPUT_BASES",
    "ConcreteGate",
    "EnsembleLinear",
    "FeatureGate",
    "GatedEnsembleMLP",
    "StochasticGate",
]

ACTIVATIONS = {
    "relu": nn.ReLU,
    "elu": nn.ELU,
    "gelu": nn.GELU,
    "tanh": nn.Tanh,
    "selu": nn.SELU,
    "silu": nn.SiLU,
    "leaky_relu": nn.LeakyReLU,
}

# Activations applied in place to the hidden pre-activations. Their backward
# needs only their output, and the layer before (``baddbmm``) needs only its
# inputs, so overwriting the pre-activation is safe; it saves writing a fresh
# (E, B, h) tensor per layer, which on the CPU is memory-bound work beside the
# compute-bound products (``docs/benchmarks.md``).
_INPLACE = ("relu", "leaky_relu")


class _GroupedGate(nn.Module):
    """Shared machinery of the gates: optional feature groups.

    Without groups a gate has one value per member and feature, ``(E, d)``.
    With ``groups`` (the group index of every input column, ``0 .. G-1``) it
    has one value per member and group, ``(E, G)``, expanded to the columns by
    the registered index buffer ``group_index`` wherever the values meet the
    data. Each group's penalty is weighted by its size (an open group pays
    what its columns would pay with gates of their own at the same value),
    or by the weights given to :meth:`set_group_weights` (the selectors use
    :func:`skdfs.groups.penalty_weights`: ``sqrt(size)`` for one-hot levels).
    Singleton groups reproduce the ungrouped gate exactly.
    """

    def _init_groups(self, n_features, groups):
        """Register the group buffers; return the number of gates per member."""
        if groups is None:
            self.register_buffer("group_index", None)
            self.register_buffer("group_scale", None)
            return int(n_features)
        index = torch.as_tensor(groups, dtype=torch.long).flatten()
        if index.numel() != n_features:
            raise ValueError(
                f"groups has {index.numel()} entries for {n_features} features"
            )
        n_groups = int(index.max()) + 1 if index.numel() else 0
        sizes = torch.bincount(index, minlength=n_groups)
        if index.min() < 0 or (sizes == 0).any():
            raise ValueError("groups must number the groups 0 .. n_groups - 1")
        self.register_buffer("group_index", index)
        self.register_buffer("group_scale", sizes.to(torch.float32))
        return n_groups

    def set_group_weights(self, weights):
        """Weight each group's penalty by ``weights`` instead of its size.

        Parameters
        ----------
        weights : array-like of float of shape (n_groups,)
            One positive weight per group (see
            :func:`skdfs.groups.penalty_weights`).

        Raises
        ------
        ValueError
            Without groups, with a weight count other than the number of
            groups, or with a weight that is not positive.
        """
        weights = torch.as_tensor(weights, dtype=torch.float32).flatten()
        if self.group_scale is None or weights.shape != self.group_scale.shape:
            raise ValueError("group_weights needs groups and one weight per group")
        if not bool((weights > 0).all()):
            raise ValueError("group_weights must be positive")
        self.group_scale = weights.to(self.group_scale.device)

    def _init_mask(self, mask, n_members, n_gates):
        """Register ``member_mask``: which gates each member sees, ``(E, G)``
        (None: all). A member's unseen gates are held at zero wherever the
        gate meets the data, its importances or its penalty."""
        if mask is None:
            self.register_buffer("member_mask", None)
            return
        mask = torch.as_tensor(mask, dtype=torch.float32)
        if mask.shape != (n_members, n_gates):
            raise ValueError(
                f"member_mask has shape {tuple(mask.shape)}, expected "
                f"({n_members}, {n_gates})"
            )
        self.register_buffer("member_mask", mask)

    def _masked(self, values):
        """Gate values ``(E, ..., G)`` with each member's unseen gates at 0."""
        if self.member_mask is None:
            return values
        shape = (values.shape[0], *[1] * (values.dim() - 2), values.shape[-1])
        return values * self.member_mask.view(shape)

    def _expand(self, values):
        """Per-group values ``(..., G)`` spread to the columns ``(..., d)``,
        masked (:meth:`_masked`)."""
        values = self._masked(values)
        if self.group_index is None:
            return values
        return values[..., self.group_index]

    def _penalty_sum(self, per_gate):
        """Sum over the seen gates of ``(E, G)`` terms, weighted by group size."""
        per_gate = self._masked(per_gate)
        if self.group_scale is None:
            return per_gate.sum(dim=1)
        return (per_gate * self.group_scale).sum(dim=1)

    def _row_noise_shape(self, X):
        """Shape of per-row gate noise: one draw per row and gate."""
        return (*X.shape[:-1], self.weight.shape[-1])

    def group_values(self):
        """Importance values of the gates themselves, ``(E, G)`` (``(E, d)``
        without groups)."""
        return self._masked(self._gate_importance())

    def gate_values(self):
        """Gate values used as importances, per column, ``(E, d)``."""
        return self._expand(self._gate_importance())


class FeatureGate(_GroupedGate):
    """One non-negative, bias-free gate per member and feature.

    ``forward`` multiplies each input feature by its gate. Non-negativity is kept
    by projection (:meth:`project_`, called after every optimiser step), which
    lets an L1 penalty drive a gate to exactly zero, like a Keras ``NonNeg``
    kernel constraint.

    Parameters
    ----------
    n_members : int
        Ensemble size ``E``.
    n_features : int
        Number of input features ``d``.
    init : float, default=1.0
        Initial value of every gate. All gates start equal so that no feature
        is favoured before training (see ``docs/design.rst`` for the measurement
        behind this choice).
    groups : array-like of int of shape (n_features,), default=None
        Group index of every feature: one gate per group, shared by its
        columns (see :class:`_GroupedGate`).
    mask : array-like of bool of shape (n_members, n_gates), default=None
        Which gates each member sees (random-subspace members); the others
        are held at zero. None: every member sees every gate.
    """

    def __init__(self, n_members, n_features, init=1.0, groups=None, mask=None):
        super().__init__()
        n_gates = self._init_groups(n_features, groups)
        self.weight = nn.Parameter(torch.full((n_members, n_gates), float(init)))
        self._init_mask(mask, n_members, n_gates)

    def forward(self, X):
        # X: (E, B, d) -> (E, B, d)
        return X * self._expand(self.weight).unsqueeze(1)

    @torch.no_grad()
    def project_(self):
        """Clamp the gates to be non-negative (in place)."""
        self.weight.clamp_(min=0.0)

    def _gate_importance(self):
        return self.weight.detach().clamp(min=0.0)

    def eval_values(self):
        """Gate values used when the network is evaluated, ``(E, d)``."""
        return self._expand(self.weight)

    #: Whether the gate draws fresh noise per row in training (then it cannot
    #: be folded into the first kernel).
    per_row = False

    def penalty(self, l1=0.0, l2=0.0):
        """Elastic-net penalty of every member, shape ``(E,)``.

        ``l1 * sum(|g|) + l2 / 2 * sum(g**2)`` (Li, Chen & Wasserman, 2016);
        with groups each group's terms are weighted by the group's size.
        """
        g = self.weight
        pen = torch.zeros(g.shape[0], dtype=g.dtype, device=g.device)
        if l1:
            pen = pen + l1 * self._penalty_sum(g.abs())
        if l2:
            pen = pen + 0.5 * l2 * self._penalty_sum(g * g)
        return pen


class StochasticGate(_GroupedGate):
    """Gaussian-relaxed Bernoulli gates (Yamada et al., 2020, "STG").

    In training each row gets ``z = clip(mu + sigma * eps, 0, 1)`` with
    ``eps ~ N(0, 1)``; in evaluation ``z = clip(mu, 0, 1)``. The penalty is the
    expected number of open gates, ``l1 * sum Phi(mu / sigma)``, and the
    importance is each gate's probability of being open, ``Phi(mu / sigma)``.

    Parameters
    ----------
    n_members, n_features : int
    init : float, default=0.5
        Initial ``mu`` (every gate half open).
    sigma : float, default=0.5
        Standard deviation of the injected noise.
    groups : array-like of int of shape (n_features,), default=None
        Group index of every feature: one gate per group, and in training one
        noise draw per row and group, so a group opens or closes as a whole.
    mask : array-like of bool of shape (n_members, n_gates), default=None
        Which gates each member sees, as in :class:`FeatureGate`.
    """

    per_row = True

    def __init__(
        self, n_members, n_features, init=0.5, sigma=0.5, groups=None, mask=None
    ):
        super().__init__()
        self.sigma = float(sigma)
        n_gates = self._init_groups(n_features, groups)
        self.weight = nn.Parameter(torch.full((n_members, n_gates), float(init)))
        self._init_mask(mask, n_members, n_gates)

    def forward(self, X):
        mu = self.weight.unsqueeze(1)
        if self.group_index is None:
            if self.training:
                mu = mu + self.sigma * torch.randn_like(X)
            return X * self._masked(mu.clamp(0.0, 1.0))
        if self.training:
            noise = torch.randn(
                self._row_noise_shape(X), dtype=X.dtype, device=X.device
            )
            mu = mu + self.sigma * noise
        return X * self._expand(mu.clamp(0.0, 1.0))

    def eval_values(self):
        """Gate values used when the network is evaluated, ``(E, d)``."""
        return self._expand(self.weight.clamp(0.0, 1.0))

    def project_(self):
        """No constraint to re-impose (the clip is part of the gate)."""

    def _open_probability(self):
        return torch.special.ndtr(self.weight / self.sigma)

    def _gate_importance(self):
        # The probability that each gate is open, Phi(mu / sigma).
        return self._open_probability().detach()

    def penalty(self, l1=0.0, l2=0.0):
        """``l1 * sum Phi(mu / sigma)`` per member (``l2`` adds ``l2/2 sum mu**2``);
        with groups each group's terms are weighted by the group's size."""
        pen = l1 * self._penalty_sum(self._open_probability())
        if l2:
            pen = pen + 0.5 * l2 * self._penalty_sum(self.weight**2)
        return pen


class ConcreteGate(_GroupedGate):
    """Learned per-feature keep probabilities with a Concrete relaxation.

    Dropout feature ranking (Chang, Rampasek & Goldenberg, 2017): feature ``i``
    is kept with probability ``p_i = sigmoid(theta_i)``. In training each row
    draws a relaxed Bernoulli mask ``z = sigmoid((theta + log u - log(1 - u)) /
    t)`` with ``u ~ U(0, 1)`` and temperature ``t``; in evaluation ``z = p``.
    The penalty ``l1 * sum p`` pushes towards dropping; the importance is the
    keep probability ``p``.

    Parameters
    ----------
    n_members, n_features : int
    init : float, default=0.9
        Initial keep probability.
    temperature : float, default=0.1
    groups : array-like of int of shape (n_features,), default=None
        Group index of every feature: one keep probability per group, and in
        training one relaxed mask value per row and group.
    mask : array-like of bool of shape (n_members, n_gates), default=None
        Which gates each member sees, as in :class:`FeatureGate`.
    """

    per_row = True

    def __init__(
        self, n_members, n_features, init=0.9, temperature=0.1, groups=None, mask=None
    ):
        super().__init__()
        self.temperature = float(temperature)
        logit = math.log(init / (1 - init))
        n_gates = self._init_groups(n_features, groups)
        self.weight = nn.Parameter(torch.full((n_members, n_gates), logit))
        self._init_mask(mask, n_members, n_gates)

    def forward(self, X):
        logits = self.weight.unsqueeze(1)
        if self.training:
            if self.group_index is None:
                u = torch.rand_like(X)
            else:
                u = torch.rand(self._row_noise_shape(X), dtype=X.dtype, device=X.device)
            u = u.clamp(1e-6, 1 - 1e-6)
            z = torch.sigmoid(
                (logits + torch.log(u) - torch.log1p(-u)) / self.temperature
            )
        else:
            z = torch.sigmoid(logits)
        return X * self._expand(z)

    def eval_values(self):
        """Gate values used when the network is evaluated, ``(E, d)``."""
        return self._expand(torch.sigmoid(self.weight))

    def project_(self):
        """No constraint to re-impose."""

    def _gate_importance(self):
        # The keep probabilities sigmoid(theta).
        return torch.sigmoid(self.weight).detach()

    def penalty(self, l1=0.0, l2=0.0):
        """``l1 * sum p`` per member (``l2`` adds ``l2/2 sum theta**2``); with
        groups each group's terms are weighted by the group's size."""
        pen = l1 * self._penalty_sum(torch.sigmoid(self.weight))
        if l2:
            pen = pen + 0.5 * l2 * self._penalty_sum(self.weight**2)
        return pen


#: What each feature brings to the first layer (``DeepFeatureSelector``'s
#: ``input_basis``): its value; also its square term (``curved``); or the
#: square term in every other member only (``curved_members``).
INPUT_BASES = ("linear", "quadratic", "mixed")

GATES = {
    "deterministic": FeatureGate,
    "stochastic": StochasticGate,
    "concrete": ConcreteGate,
}


class _OneOutput(torch.autograd.Function):
    """A one-output layer of ``E`` members, ``X (E, B, h) @ w (E, h, 1) + b``.

    As a batched product this is ``E`` matrix-vector products, the slowest
    shape a GEMM library has (2-3% of the matrix-product rate on the tall
    benchmark, ``docs/benchmarks.md``). Here the forward pass is a product and
    a sum over the last (contiguous) dimension, and the backward pass an
    element-wise product for ``X`` and a row-vector GEMM per member for
    ``w``: the same values up to rounding, about 2.8x faster, and each
    member's result does not depend on the other members in the module.
    """

    generate_vmap_rule = True

    @staticmethod
    def forward(X, weight, bias):
        return (X * weight.transpose(-1, -2)).sum(-1, keepdim=True) + bias

    @staticmethod
    def setup_context(ctx, inputs, output):
        X, weight, _ = inputs
        ctx.save_for_backward(X, weight)

    @staticmethod
    def backward(ctx, grad):
        X, weight = ctx.saved_tensors
        grad_X = grad * weight.transpose(-1, -2)
        grad_w = torch.matmul(grad.transpose(-1, -2), X).transpose(-1, -2)
        grad_b = grad.sum(-2, keepdim=True)
        return grad_X, grad_w, grad_b


def _owner(module, name):
    """The submodule holding the dotted parameter or buffer ``name``, and the
    attribute's own name."""
    path, _, attr = name.rpartition(".")
    return (module.get_submodule(path) if path else module), attr


def member_runs(mask):
    """The members where ``mask`` holds (a sequence of bool) as a few slices
    over the members: arithmetic runs, longest first from the left (every
    other member is one slice). Slices are views, so a product over a run
    needs no gathered copy of its members' rows."""
    index = [i for i, keep in enumerate(mask) if keep]
    runs = []
    while index:
        start = index[0]
        step = index[1] - start if len(index) > 1 else 1
        stop = 1
        while stop < len(index) and index[stop] == start + stop * step:
            stop += 1
        runs.append(slice(start, index[stop - 1] + 1, step))
        index = index[stop:]
    return tuple(runs)


class _GatedKernel(torch.autograd.Function):
    """The gated first layer of ``E`` members on their own rows:
    ``X (E, B, d) @ K[:, :d] + S (E, B, c) @ K[:, d:] + b`` with the gated
    kernel ``K = W * g`` (``g`` of shape ``(E, d + c)``; ``S``, the square
    terms, optional).

    On a wide table the kernel (``E x (d + c) x h``) is the step's largest
    tensor. Autograd's backward pass fills a zero copy of the whole kernel for
    each of the two slices, adds them, and multiplies by the gates into a new
    tensor; this one joins the two products once in the weight's own layout
    and scales them by the gates in place. On a wide kernel, ``runs`` (the
    members with and without square terms, as slices: ``(curved, linear)``,
    see :func:`member_runs`) has the products written into the slices of one
    tensor, and the linear members' square rows, which are zero and stay zero,
    left out of every product (their gradient is zero). The values are
    identical (each member's products and reductions are its own; checked by
    ``benchmarks/probes/probe_gated_kernel.py``,
    ``benchmarks/probes/probe_square_runs.py`` and the tests); a training step
    on 1,000 columns takes about a quarter less time than autograd's, and the
    runs take a fifth off that, on 20 columns the same (``docs/benchmarks.md``,
    "The gated first layer", "Linear members' square rows left out"). No
    gradient for ``X`` or ``S``: the caller falls back to autograd where the
    data need one (gradient importances).
    """

    @staticmethod
    def forward(ctx, bias, weight, gates, X, S=None, runs=None):
        d = X.shape[-1]
        if S is None or runs is None or not runs[1]:  # no linear members' rows
            kernel = weight * gates.unsqueeze(-1)  # (E, d + c, h)
            Z = torch.baddbmm(bias, X, kernel[:, :d])
            if S is not None:
                Z = torch.baddbmm(Z, S, kernel[:, d:])
        else:
            kernel = torch.empty_like(weight)
            torch.mul(weight[:, :d], gates[:, :d, None], out=kernel[:, :d])
            Z = torch.baddbmm(bias, X, kernel[:, :d])
            for r in runs[0]:
                torch.mul(weight[r, d:], gates[r, d:, None], out=kernel[r, d:])
                # out of place: in place on the run's view, torch splits the
                # product over the threads otherwise (other rounding)
                Z[r] = torch.baddbmm(Z[r], S[r], kernel[r, d:])
        ctx.runs = runs
        ctx.save_for_backward(weight, gates, X, S)
        return Z

    @staticmethod
    def backward(ctx, grad):
        weight, gates, X, S = ctx.saved_tensors
        grad_b = grad.sum(1, keepdim=True) if ctx.needs_input_grad[0] else None
        d, runs = X.shape[-1], ctx.runs
        # d loss / d (W * g): the products autograd forms (so rounded alike),
        # in W's layout: joined once, or on a wide kernel written into their
        # slices of one tensor (a loop over the members in torch, slower on
        # a small kernel than the join).
        parts = (slice(None),)
        if S is None or runs is None:
            kernel = torch.bmm(X.transpose(1, 2), grad)
            if S is not None:
                kernel = torch.cat([kernel, torch.bmm(S.transpose(1, 2), grad)], 1)
        else:
            kernel = torch.empty_like(weight)
            torch.bmm(X.transpose(1, 2), grad, out=kernel[:, :d])
            for r in runs[0]:
                torch.bmm(S[r].transpose(1, 2), grad[r], out=kernel[r, d:])
            for r in runs[1]:
                kernel[r, d:] = 0.0
            if runs[1]:
                parts = (
                    (slice(None), slice(None, d)),
                    *((r, slice(d, None)) for r in runs[0]),
                )
        grad_g = grad_w = None
        if ctx.needs_input_grad[2] and len(parts) == 1:
            grad_g = (kernel * weight).sum(-1)
        elif ctx.needs_input_grad[2]:  # zero on the linear members' square rows
            grad_g = torch.zeros_like(gates)
            for part in parts:
                torch.sum(kernel[part] * weight[part], -1, out=grad_g[part])
        if ctx.needs_input_grad[1]:
            for part in parts:
                kernel[part].mul_(gates[part].unsqueeze(-1))
            grad_w = kernel
        return grad_b, grad_w, grad_g, None, None, None


class EnsembleLinear(nn.Module):
    """``E`` independent dense layers evaluated in one ``baddbmm``.

    Weights have shape ``(E, in_features, out_features)`` and biases
    ``(E, 1, out_features)``. Each member is initialised like
    :class:`torch.nn.Linear` (Kaiming-uniform with ``a=sqrt(5)``), independently.
    A layer with one output is evaluated as a product and a sum instead
    (:class:`_OneOutput`): a batched matrix-vector product is slow.
    """

    def __init__(self, n_members, in_features, out_features):
        super().__init__()
        self.n_members = n_members
        self.in_features = in_features
        self.out_features = out_features
        self.weight = nn.Parameter(torch.empty(n_members, in_features, out_features))
        self.bias = nn.Parameter(torch.empty(n_members, 1, out_features))
        self.reset_parameters()

    @torch.no_grad()
    def reset_parameters(self):
        bound = 1.0 / math.sqrt(self.in_features) if self.in_features else 0.0
        # kaiming_uniform_(a=sqrt(5)) on a fan-in of in_features gives this bound.
        self.weight.uniform_(-bound, bound)
        self.bias.uniform_(-bound, bound)

    @torch.no_grad()
    def reset_member_(self, member, generator):
        """Re-initialise member ``member`` alone from the CPU ``generator``."""
        bound = 1.0 / math.sqrt(self.in_features) if self.in_features else 0.0
        for param in (self.weight, self.bias):
            draw = torch.empty(param.shape[1:]).uniform_(
                -bound, bound, generator=generator
            )
            param[member] = draw.to(param.device, param.dtype)

    def forward(self, X):
        # X: (E, B, in) -> (E, B, out)
        if self.out_features == 1:
            return _OneOutput.apply(X, self.weight, self.bias)
        return torch.baddbmm(self.bias, X, self.weight)

    def extra_repr(self):
        return (
            f"n_members={self.n_members}, in_features={self.in_features}, "
            f"out_features={self.out_features}"
        )


class _GaussianNoise(nn.Module):
    """Additive Gaussian noise during training only (Keras ``GaussianNoise``)."""

    def __init__(self, std):
        super().__init__()
        self.std = float(std)

    def forward(self, X):
        if self.training and self.std > 0:
            return X + self.std * torch.randn_like(X)
        return X


class GatedEnsembleMLP(nn.Module):
    """An ensemble of gated MLPs held in one module.

    For each member: ``x -> x * g`` (non-negative gate per feature) ``-> [dense ->
    activation -> Gaussian noise -> dropout] * L -> dense`` to the outputs. The
    noise layer is left out of the last hidden block, as in the reference
    configuration.

    Parameters
    ----------
    n_members : int
        Number of members ``E``.
    n_features : int
        Input width ``d``.
    n_outputs : int
        Output width ``k`` (logits or regression outputs).
    hidden_layer_sizes : tuple of int, default=(64, 64)
        Widths of the hidden layers.
    activation : str, default="relu"
        One of :data:`ACTIVATIONS`.
    dropout : float, default=0.0
        Dropout rate after every hidden block.
    noise_std : float, default=0.0
        Standard deviation of the Gaussian noise after every hidden block but
        the last.
    gate_init : float or None, default=1.0
        Initial gate value (``None``: the gate type's own default).
    gate : {"deterministic", "stochastic", "concrete"}, default="deterministic"
        Gate type, see :data:`GATES`.
    groups : sequence of int of length n_features, default=None
        Group index (``0 .. G-1``) of every input column: the gate then holds
        one value per member and group, shared by the group's columns.
    group_weights : sequence of float of length G, default=None
        Penalty weight of every group's gate (None: the group's size; see
        :func:`skdfs.groups.penalty_weights`).
    curved : sequence of int, default=None
        Input columns that also enter the first layer as ``x**2 - 1``, behind
        the column's own gate (a per-feature curvature term for standardised
        columns; ``x**2 - 1`` has mean 0 there). The first layer then has
        ``d + len(curved)`` inputs, the square terms after the columns in the
        order of ``curved``; the gates and ``n_features`` stay ``d``.
    member_mask : array-like of bool of shape (n_members, n_gates), default=None
        Which gates (features, or groups with ``groups``) each member sees:
        the others are held at zero (random-subspace members). None: all.
    curved_members : sequence of bool of length n_members, default=None
        Which members have the square terms (None: all). The others are
        linear members: their square terms are switched off and their first
        layer starts at the scale of a ``d``-input layer, as without
        ``curved``.

    Notes
    -----
    ``forward`` accepts either ``(E, B, d)`` (each member its own rows, used in
    training) or ``(B, d)`` (the same rows for all members, used in inference);
    it always returns ``(E, B, k)``. In the shared-rows case the gated first
    layer of all members is a single ``(B, d) @ (d, E*h)`` matrix product.
    In the own-rows case the gated first layer's backward pass is written out
    (:class:`_GatedKernel`) where the data need no gradient; setting
    :attr:`fused_first_layer` to False leaves it to autograd (the same values,
    slower on wide tables; benchmarks compare the two).
    """

    #: Whether the own-rows first layer uses its written-out backward pass.
    fused_first_layer = True

    def __init__(
        self,
        n_members,
        n_features,
        n_outputs,
        hidden_layer_sizes=(64, 64),
        activation="relu",
        dropout=0.0,
        noise_std=0.0,
        gate_init=1.0,
        gate="deterministic",
        groups=None,
        curved=None,
        curved_members=None,
        member_mask=None,
        group_weights=None,
    ):
        super().__init__()
        self.n_members = int(n_members)
        self.n_features = int(n_features)
        self.n_outputs = int(n_outputs)
        gate_kwargs = (
            {} if gate_init is None or gate != "deterministic" else {"init": gate_init}
        )
        if groups is not None:
            gate_kwargs["groups"] = groups
        if member_mask is not None:
            gate_kwargs["mask"] = member_mask
        self.gate = GATES[gate](n_members, n_features, **gate_kwargs)
        if group_weights is not None:
            self.gate.set_group_weights(group_weights)
        curved = torch.as_tensor([] if curved is None else curved, dtype=torch.long)
        if curved.numel() and not (0 <= curved.min() <= curved.max() < n_features):
            raise ValueError(f"curved holds columns outside 0 .. {n_features - 1}")
        self.register_buffer("curved", curved.flatten() if curved.numel() else None)
        # Every column curved, in order (continuous data): the square terms
        # need no gather, which on a wide batch costs five times the square.
        self.all_curved = bool(
            curved.numel() == n_features
            and torch.equal(curved.flatten(), torch.arange(n_features))
        )
        n_inputs = self.n_features + curved.numel()
        sizes = [n_inputs, *[int(h) for h in hidden_layer_sizes]]
        self.hidden = nn.ModuleList(
            EnsembleLinear(n_members, a, b) for a, b in zip(sizes[:-1], sizes[1:])
        )
        self.act = (
            ACTIVATIONS[activation](inplace=True)
            if activation in _INPLACE
            else ACTIVATIONS[activation]()
        )
        n_hidden = len(self.hidden)
        self.noise = nn.ModuleList(
            _GaussianNoise(noise_std if i < n_hidden - 1 else 0.0)
            for i in range(n_hidden)
        )
        self.drop = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.out = EnsembleLinear(n_members, sizes[-1], n_outputs)
        if self.curved is None or curved_members is None:
            self.register_buffer("square_members", None)
        else:
            mask = torch.as_tensor(curved_members, dtype=torch.float32).flatten()
            if mask.numel() != self.n_members:
                raise ValueError(
                    f"curved_members has {mask.numel()} entries for "
                    f"{self.n_members} members"
                )
            self.register_buffer("square_members", mask)
            self._start_square_rows()

    def _first_layer(self, X):
        # The gates are folded into the first kernel, (x * g) W = x (g W): the
        # gated kernel has E*d*h entries, the gated batch E*B*d, and the batch
        # is usually the wider of the two (wide data: 32 members x 256 rows x
        # 20,000 features would be 655 MB per copy). No gradient w.r.t. X.
        layer = self.hidden[0] if len(self.hidden) else self.out
        if X.dim() == 3 and self.training and self.gate.per_row:
            # Stochastic gates draw noise per row: gate the batch itself.
            if self.curved is None:
                return torch.baddbmm(layer.bias, self.gate(X), layer.weight)
            z = self.gate(torch.ones_like(X))  # one draw per row, both terms
            squares = self.curvature_terms(X) * self._square_gates(z)
            gated = torch.cat([X * z, squares], -1)
            return torch.baddbmm(layer.bias, gated, layer.weight)
        gates = self.gate.eval_values()  # (E, d)
        if self.curved is not None:
            gates = torch.cat([gates, self._square_gates(gates)], 1)
        if X.dim() == 3 and self.fused_first_layer and not X.requires_grad:
            S = None if self.curved is None else self.curvature_terms(X)
            runs = self._square_runs(layer.weight)
            return _GatedKernel.apply(layer.bias, layer.weight, gates, X, S, runs)
        kernel = layer.weight * gates.unsqueeze(-1)  # (E, d + c, h)
        d = self.n_features
        if X.dim() == 3:
            if self.curved is None:
                return torch.baddbmm(layer.bias, X, kernel)
            # Two products rather than a concatenated copy of the batch.
            Z = torch.baddbmm(layer.bias, X, kernel[:, :d])
            return torch.baddbmm(Z, self.curvature_terms(X), kernel[:, d:])
        # Shared rows: the first layer of all members is one wide GEMM.
        if self.curved is not None:
            X = torch.cat([X, self.curvature_terms(X)], -1)
        E, n_inputs, h = kernel.shape
        wide = X @ kernel.permute(1, 0, 2).reshape(n_inputs, E * h)  # (B, E*h)
        return wide.reshape(-1, E, h).transpose(0, 1) + layer.bias

    def curvature_terms(self, X):
        """The curvature terms ``x**2 - 1`` of the curved columns."""
        if self.all_curved:
            return X.square().sub_(1.0)
        return X[..., self.curved].square_().sub_(1.0)

    def _square_gates(self, values):
        """The gate values ``(E, ..., d)`` of the square terms: their columns'
        values, switched off (0) for the linear members of a mixed module."""
        squares = values[..., self.curved]
        if self.square_members is None:
            return squares
        return squares * self.square_members.view(-1, *[1] * (values.dim() - 1))

    #: Square rows (``E x c x h`` elements) from which the first layer's
    #: products are formed per run of members (:meth:`_square_runs`): below
    #: it, the extra calls cost more than the work they save.
    square_runs_from = 1 << 17

    def _square_runs(self, weight):
        """``(curved, linear)``, the members with and without square terms as
        slices (:func:`member_runs`), where the square rows of ``weight`` (the
        first kernel) hold ``square_runs_from`` elements or more; else None.
        The first layer then leaves the linear members' square rows, which
        are zero and stay zero, out of its products (:class:`_GatedKernel`)."""
        mask = self.square_members
        if weight[:, self.n_features :].numel() < self.square_runs_from:
            return None
        if mask is None:
            return ((slice(None),), ())
        key = (mask._version, mask.shape)
        cached = self.__dict__.get("_runs")
        if cached is None or cached[0] is not mask or cached[1] != key:
            keep = (mask != 0).tolist()
            runs = (member_runs(keep), member_runs([not k for k in keep]))
            cached = (mask, key, runs)
            self.__dict__["_runs"] = cached
        return cached[2]

    @torch.no_grad()
    def _start_square_rows(self):
        """The square rows of every member of a mixed module at 0. Linear members
        (``curved_members`` False) keep them there (their square terms are
        switched off) and take the first layer at the scale of a ``d``-input
        layer (like ``nn.Linear``'s bound ``1 / sqrt(fan_in)``). Members with
        square terms start as functions of the columns alone and grow square
        weights as their gradients ask: drawn like the other rows, the square
        terms let a member memorise rows before it finds an interaction
        (``docs/design.rst``, "Square terms that start silent")."""
        linear = self.square_members == 0
        layer = self.hidden[0] if len(self.hidden) else self.out
        d, n_inputs = self.n_features, layer.in_features
        layer.weight[:, d:] = 0.0
        scale = math.sqrt(n_inputs / d) if d else 1.0
        layer.weight[linear, :d] *= scale
        layer.bias[linear] *= scale

    def fold_inputs(self, values):
        """Per-input values ``(..., d + c)`` summed onto the features
        ``(..., d)``: a curved column's square term adds to its column."""
        if self.curved is None:
            return values
        out = values[..., : self.n_features].clone()
        return out.index_add_(-1, self.curved, values[..., self.n_features :])

    def forward(self, X):
        Z = self._first_layer(X)
        if not len(self.hidden):
            return Z
        for i, layer in enumerate(self.hidden):
            if i:
                Z = layer(Z)
            Z = self.drop(self.noise[i](self.act(Z)))
        return self.out(Z)

    @torch.no_grad()
    def project_(self):
        """Re-impose constraints after an optimiser step."""
        self.gate.project_()

    def first_layer_weight(self):
        """First dense kernel, ``(E, d + c, h)`` (the gate not included; rows
        ``d ..`` are the square terms of ``curved``, see :meth:`fold_inputs`)."""
        layer = self.hidden[0] if len(self.hidden) else self.out
        return layer.weight

    @torch.no_grad()
    def reset_members_(self, generators):
        """Draw every member's initial dense weights from its own generator.

        Member ``e`` takes its layers' weights and biases, in order, from
        ``generators[e]`` (CPU generators), so its initialisation does not
        depend on how many members share the module. Gates start at constants.
        """
        if len(generators) != self.n_members:
            raise ValueError(
                f"{len(generators)} generators for {self.n_members} members"
            )
        layers = [m for m in self.modules() if isinstance(m, EnsembleLinear)]
        for member, generator in enumerate(generators):
            for layer in layers:
                layer.reset_member_(member, generator)
        if self.square_members is not None:
            self._start_square_rows()

    @torch.no_grad()
    def start_outputs_(self, outputs):
        """Set every member's output bias to ``outputs`` (``(n_members,
        n_outputs)``): a member then starts near the constant predictor."""
        bias = self.out.bias
        values = torch.as_tensor(outputs, dtype=bias.dtype).reshape(bias.shape)
        bias.copy_(values.to(bias.device))

    #: Buffers with one row per member (the others are shared by all).
    _MEMBER_BUFFERS = ("member_mask", "square_members")

    @property
    def draws_in_training(self):
        """Whether a training forward pass draws random numbers (dropout,
        Gaussian noise, per-row gate noise) from torch's global generator:
        such a pass then depends on how many members share the module."""
        noisy = any(n.std > 0 for n in self.noise)
        return noisy or isinstance(self.drop, nn.Dropout) or self.gate.per_row

    @torch.no_grad()
    def select_members(self, members):
        """A module of the members ``members`` (indices, in order) alone: their
        parameters and per-member buffers copied, everything else shared.

        A member computes the same in it as here (each member's products,
        reductions and gate constraints are its own), which is what lets
        training drop the members that stopped
        (:meth:`skdfs.training.EnsembleNet.on_epoch_begin`).
        """
        members = torch.as_tensor(
            members, dtype=torch.long, device=self.gate.weight.device
        )
        params = dict(self.named_parameters())
        buffers = dict(self.named_buffers())
        # Build the copy without copying the (large) parameters twice.
        memo = {id(t): None for t in [*params.values(), *buffers.values()]}
        sub = copy.deepcopy(self, memo)
        for name, value in params.items():
            owner, attr = _owner(sub, name)
            setattr(owner, attr, nn.Parameter(value.detach()[members].clone()))
        for name, value in buffers.items():
            owner, attr = _owner(sub, name)
            if attr in self._MEMBER_BUFFERS:
                value = value[members].clone()
            owner._buffers[attr] = value
        for module in sub.modules():
            if hasattr(module, "n_members"):
                module.n_members = len(members)
        return sub

    @torch.no_grad()
    def member_state(self):
        """Detached copies of every parameter (all members), keyed by name."""
        return {k: v.detach().clone() for k, v in self.named_parameters()}

    @torch.no_grad()
    def load_member_state(self, state, members):
        """Copy ``state[name][members]`` into the live parameters."""
        for name, param in self.named_parameters():
            param[members] = state[name][members]
