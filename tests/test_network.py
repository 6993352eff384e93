"""The member-batched module (``skdfs.network``)."""

import torch

from skdfs.network import _OneOutput


def test_one_output_layer_gradients():
    torch.manual_seed(0)
    X = torch.randn(3, 6, 4, dtype=torch.float64, requires_grad=True)
    w = torch.randn(3, 4, 1, dtype=torch.float64, requires_grad=True)
    b = torch.randn(3, 1, 1, dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(_OneOutput.apply, (X, w, b))
    torch.testing.assert_close(_OneOutput.apply(X, w, b), torch.baddbmm(b, X, w))
