"""The gated first layer: gates on the kernel (``W * g``, shipped) or on the
inputs (``X * g``), forward and backward timed alone.

    (python benchmarks/probes/probe_input_gating.py 1;
     python benchmarks/probes/probe_input_gating.py 2) \
        > benchmarks/results/input_gating.txt

The argument is torch's thread count. On a wide table the kernel
(``E x d x h``) is the step's largest tensor and the shipped layer
(:class:`skdfs.network._GatedKernel`) passes over it elementwise to form and
to differentiate ``W * g``; gating the inputs instead touches ``E x B x d``
(half the size at ``B = 32``, ``h = 64``) at the cost of one more batched
product for the gates' gradient. Printed per shape: milliseconds per forward
and backward pass (200 repeats after 10 warm-up passes, one process, nothing
else running) and the largest relative difference of the two gradients.
"""

import sys
import time

import torch

from skdfs.network import _GatedKernel

SHAPES = [
    (32, 32, 1500, 64),
    (32, 32, 1000, 64),
    (32, 32, 500, 64),
    (32, 256, 27, 64),
    (32, 64, 100, 64),
]


class _InputGated(torch.autograd.Function):
    @staticmethod
    def forward(ctx, bias, weight, gates, X):
        Xg = X * gates.unsqueeze(1)
        ctx.save_for_backward(weight, gates, X, Xg)
        return torch.baddbmm(bias, Xg, weight)

    @staticmethod
    def backward(ctx, grad):
        weight, gates, X, Xg = ctx.saved_tensors
        grad_b = grad.sum(1, keepdim=True)
        grad_w = torch.bmm(Xg.transpose(1, 2), grad)
        grad_g = (torch.bmm(grad, weight.transpose(1, 2)) * X).sum(1)
        return grad_b, grad_w, grad_g, None


def bench(fn, E, B, d, h, reps=200):
    torch.manual_seed(0)
    W = torch.randn(E, d, h, requires_grad=True)
    b = torch.zeros(E, 1, h, requires_grad=True)
    g = torch.rand(E, d, requires_grad=True)
    X = torch.randn(E, B, d)
    for _ in range(10):
        fn(b, W, g, X).square().sum().backward()
    start = time.perf_counter()
    for _ in range(reps):
        W.grad = b.grad = g.grad = None
        fn(b, W, g, X).square().sum().backward()
    ms = (time.perf_counter() - start) / reps * 1e3
    return ms, W.grad.clone(), g.grad.clone()


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    torch.set_num_threads(threads)
    print(f"torch {torch.__version__}, {threads} thread(s)")
    for E, B, d, h in SHAPES:
        t1, w1, g1 = bench(_GatedKernel.apply, E, B, d, h)
        t2, w2, g2 = bench(_InputGated.apply, E, B, d, h)
        dw = ((w1 - w2).abs().max() / w1.abs().max()).item()
        dg = ((g1 - g2).abs().max() / g1.abs().max()).item()
        print(
            f"E={E} B={B} d={d} h={h}: kernel-gated {t1:.2f} ms, input-gated "
            f"{t2:.2f} ms, ratio {t2 / t1:.2f}; max rel diff W {dw:.1e} g {dg:.1e}"
        )


if __name__ == "__main__":
    main()
