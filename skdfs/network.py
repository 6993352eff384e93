"""Torch modules: member-batched layers and the gated ensemble MLP.

Every parameter of :class:`GatedEnsembleMLP` carries a leading *member*
dimension ``E``: member ``e`` of the ensemble is the slice ``param[e]``. All
members run in the same batched matrix products (``torch.baddbmm``), so training
E networks costs one module's Python overhead, not E.

Shapes used throughout: ``E`` members, ``B`` rows, ``d`` input features, ``h``
hidden units, ``k`` outputs.
"""

from __future__ import annotations

import math

import torch
from torch import nn

__all__ = [
    "ACTIVATIONS",
    "GATES",
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


class FeatureGate(nn.Module):
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
    """

    def __init__(self, n_members, n_features, init=1.0):
        super().__init__()
        self.weight = nn.Parameter(torch.full((n_members, n_features), float(init)))

    def forward(self, X):
        # X: (E, B, d) -> (E, B, d)
        return X * self.weight.unsqueeze(1)

    @torch.no_grad()
    def project_(self):
        """Clamp the gates to be non-negative (in place)."""
        self.weight.clamp_(min=0.0)

    def gate_values(self):
        """Gate values used as importances, shape ``(E, d)``."""
        return self.weight.detach().clamp(min=0.0)

    def eval_values(self):
        """Gate values used when the network is evaluated, ``(E, d)``."""
        return self.weight

    #: Whether the gate draws fresh noise per row in training (then it cannot
    #: be folded into the first kernel).
    per_row = False

    def penalty(self, l1=0.0, l2=0.0):
        """Elastic-net penalty of every member, shape ``(E,)``.

        ``l1 * sum(|g|) + l2 / 2 * sum(g**2)`` (Li, Chen & Wasserman, 2016).
        """
        g = self.weight
        pen = torch.zeros(g.shape[0], dtype=g.dtype, device=g.device)
        if l1:
            pen = pen + l1 * g.abs().sum(dim=1)
        if l2:
            pen = pen + 0.5 * l2 * (g * g).sum(dim=1)
        return pen


class StochasticGate(nn.Module):
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
    """

    per_row = True

    def __init__(self, n_members, n_features, init=0.5, sigma=0.5):
        super().__init__()
        self.sigma = float(sigma)
        self.weight = nn.Parameter(torch.full((n_members, n_features), float(init)))

    def forward(self, X):
        mu = self.weight.unsqueeze(1)
        if self.training:
            mu = mu + self.sigma * torch.randn_like(X)
        return X * mu.clamp(0.0, 1.0)

    def eval_values(self):
        """Gate values used when the network is evaluated, ``(E, d)``."""
        return self.weight.clamp(0.0, 1.0)

    def project_(self):
        """No constraint to re-impose (the clip is part of the gate)."""

    def _open_probability(self):
        return torch.special.ndtr(self.weight / self.sigma)

    def gate_values(self):
        """Probability that each gate is open, ``Phi(mu / sigma)``, ``(E, d)``."""
        return self._open_probability().detach()

    def penalty(self, l1=0.0, l2=0.0):
        """``l1 * sum Phi(mu / sigma)`` per member (``l2`` adds ``l2/2 sum mu**2``)."""
        pen = l1 * self._open_probability().sum(dim=1)
        if l2:
            pen = pen + 0.5 * l2 * (self.weight**2).sum(dim=1)
        return pen


class ConcreteGate(nn.Module):
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
    """

    per_row = True

    def __init__(self, n_members, n_features, init=0.9, temperature=0.1):
        super().__init__()
        self.temperature = float(temperature)
        logit = math.log(init / (1 - init))
        self.weight = nn.Parameter(torch.full((n_members, n_features), logit))

    def forward(self, X):
        logits = self.weight.unsqueeze(1)
        if self.training:
            u = torch.rand_like(X).clamp(1e-6, 1 - 1e-6)
            z = torch.sigmoid(
                (logits + torch.log(u) - torch.log1p(-u)) / self.temperature
            )
        else:
            z = torch.sigmoid(logits)
        return X * z

    def eval_values(self):
        """Gate values used when the network is evaluated, ``(E, d)``."""
        return torch.sigmoid(self.weight)

    def project_(self):
        """No constraint to re-impose."""

    def gate_values(self):
        """Keep probabilities ``sigmoid(theta)``, ``(E, d)``."""
        return torch.sigmoid(self.weight).detach()

    def penalty(self, l1=0.0, l2=0.0):
        """``l1 * sum p`` per member (``l2`` adds ``l2/2 sum theta**2``)."""
        pen = l1 * torch.sigmoid(self.weight).sum(dim=1)
        if l2:
            pen = pen + 0.5 * l2 * (self.weight**2).sum(dim=1)
        return pen


GATES = {
    "deterministic": FeatureGate,
    "stochastic": StochasticGate,
    "concrete": ConcreteGate,
}


class EnsembleLinear(nn.Module):
    """``E`` independent dense layers evaluated in one ``baddbmm``.

    Weights have shape ``(E, in_features, out_features)`` and biases
    ``(E, 1, out_features)``. Each member is initialised like
    :class:`torch.nn.Linear` (Kaiming-uniform with ``a=sqrt(5)``), independently.
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

    def forward(self, X):
        # X: (E, B, in) -> (E, B, out)
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

    Notes
    -----
    ``forward`` accepts either ``(E, B, d)`` (each member its own rows, used in
    training) or ``(B, d)`` (the same rows for all members, used in inference);
    it always returns ``(E, B, k)``. In the shared-rows case the gated first
    layer of all members is a single ``(B, d) @ (d, E*h)`` matrix product.
    """

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
    ):
        super().__init__()
        self.n_members = int(n_members)
        self.n_features = int(n_features)
        self.n_outputs = int(n_outputs)
        gate_kwargs = (
            {} if gate_init is None or gate != "deterministic" else {"init": gate_init}
        )
        self.gate = GATES[gate](n_members, n_features, **gate_kwargs)
        sizes = [self.n_features, *[int(h) for h in hidden_layer_sizes]]
        self.hidden = nn.ModuleList(
            EnsembleLinear(n_members, a, b) for a, b in zip(sizes[:-1], sizes[1:])
        )
        self.act = ACTIVATIONS[activation]()
        n_hidden = len(self.hidden)
        self.noise = nn.ModuleList(
            _GaussianNoise(noise_std if i < n_hidden - 1 else 0.0)
            for i in range(n_hidden)
        )
        self.drop = nn.Dropout(dropout) if dropout > 0 else nn.Identity()
        self.out = EnsembleLinear(n_members, sizes[-1], n_outputs)

    def _first_layer(self, X):
        # The gates are folded into the first kernel, (x * g) W = x (g W): the
        # gated kernel has E*d*h entries, the gated batch E*B*d, and the batch
        # is usually the wider of the two (wide data: 32 members x 256 rows x
        # 20,000 features would be 655 MB per copy). No gradient w.r.t. X.
        layer = self.hidden[0] if len(self.hidden) else self.out
        if X.dim() == 3 and self.training and self.gate.per_row:
            # Stochastic gates draw noise per row: gate the batch itself.
            return torch.baddbmm(layer.bias, self.gate(X), layer.weight)
        kernel = layer.weight * self.gate.eval_values().unsqueeze(-1)  # (E, d, h)
        if X.dim() == 3:
            return torch.baddbmm(layer.bias, X, kernel)
        # Shared rows: the first layer of all members is one wide GEMM.
        E, d, h = kernel.shape
        wide = X @ kernel.permute(1, 0, 2).reshape(d, E * h)  # (B, E*h)
        return wide.reshape(-1, E, h).transpose(0, 1) + layer.bias

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
        """First dense kernel, ``(E, d, h)`` (the gate not included)."""
        layer = self.hidden[0] if len(self.hidden) else self.out
        return layer.weight

    @torch.no_grad()
    def member_state(self):
        """Detached copies of every parameter (all members), keyed by name."""
        return {k: v.detach().clone() for k, v in self.named_parameters()}

    @torch.no_grad()
    def load_member_state(self, state, members):
        """Copy ``state[name][members]`` into the live parameters."""
        for name, param in self.named_parameters():
            param[members] = state[name][members]
