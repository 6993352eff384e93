"""The member-batched module (``skdfs.network``): a training pass as one
autograd node gives the layer-by-layer graph's outputs and gradients."""

import pytest
import torch

from skdfs.network import GatedEnsembleMLP, _OneOutput


def _pass(module, X, y, one_node):
    """Outputs and parameter gradients of one training pass."""
    module.zero_grad(set_to_none=True)
    module.train()
    if not one_node:  # the layer-by-layer graph
        module._one_node = lambda X: False
    try:
        out = module(X)
        loss = ((out - y) ** 2).mean(1).sum() + module.gate.penalty(1e-3, 1e-3).sum()
        loss.backward()
    finally:
        module.__dict__.pop("_one_node", None)
    return out.detach(), {n: p.grad.clone() for n, p in module.named_parameters()}


@pytest.mark.parametrize(
    "hidden, k, groups",
    [
        ((8,), 1, None),
        ((8, 6), 3, None),
        ((5, 7, 4), 1, None),
        ((8, 6), 2, [0, 0, 1, 2, 2]),
    ],
)
def test_one_node_pass_is_the_layer_by_layer_graph(hidden, k, groups):
    torch.manual_seed(0)
    module = GatedEnsembleMLP(4, 5, k, hidden_layer_sizes=hidden, groups=groups)
    with torch.no_grad():  # gates apart, some at zero (a gate the L1 closed)
        module.gate.weight.uniform_(0.0, 2.0)
        module.gate.weight[0, 1] = 0.0
    X, y = torch.randn(4, 16, 5), torch.randn(4, 16, k)
    assert module._one_node(X)
    out, grads = _pass(module, X, y, one_node=True)
    ref_out, ref_grads = _pass(module, X, y, one_node=False)
    assert torch.equal(out, ref_out)
    assert grads.keys() == ref_grads.keys()
    for name in grads:
        assert torch.equal(grads[name], ref_grads[name]), name


@pytest.mark.parametrize(
    "kwargs, X_shape, grad_X",
    [
        (dict(hidden_layer_sizes=()), (2, 8, 5), False),
        (dict(dropout=0.1), (2, 8, 5), False),
        (dict(noise_std=0.1, hidden_layer_sizes=(4, 4)), (2, 8, 5), False),
        (dict(activation="tanh"), (2, 8, 5), False),
        (dict(gate="stochastic"), (2, 8, 5), False),
        ({}, (8, 5), False),  # shared rows (inference)
        ({}, (2, 8, 5), True),  # gradients w.r.t. the rows (gradient importance)
    ],
)
def test_other_passes_keep_the_layer_by_layer_graph(kwargs, X_shape, grad_X):
    module = GatedEnsembleMLP(2, 5, 1, **{"hidden_layer_sizes": (4,), **kwargs})
    X = torch.randn(*X_shape, requires_grad=grad_X)
    assert not module.train()._one_node(X)
    assert not module.eval()._one_node(torch.randn(2, 8, 5))
    with torch.no_grad():
        assert not module.train()._one_node(torch.randn(2, 8, 5))


def test_one_output_layer_gradients():
    torch.manual_seed(0)
    X = torch.randn(3, 6, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 4, 1, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, 1, 1, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(_OneOutput.apply, (X, w, b))
    torch.testing.assert_close(_OneOutput.apply(X, w, b), torch.baddbmm(b, X, w))
