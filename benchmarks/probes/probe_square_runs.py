"""The first layer's products on wide tables: the linear members' square rows
left out, the kernel's gradient written in place (#16).

    python benchmarks/probes/probe_square_runs.py [--repeats 2] [--threads 1]
    python benchmarks/probes/probe_square_runs.py --steps [--threads 1]
    python benchmarks/probes/probe_square_runs.py --steps --runs-from 0 \
        --shapes 32x150 32x100 32x50 32x20 256x27

The default basis ("mixed") gives every other member the square terms of the
columns. The first layer's kernel holds square rows for every member; a
linear member's stay zero, yet its products, its gradient and its share of
the reductions were computed, about a quarter of the first layer's work on
a wide table. ``GatedEnsembleMLP`` now leaves them out where the square rows
hold at least ``square_runs_from`` elements (``_GatedKernel`` with the
members as slices, :func:`skdfs.network.member_runs`), and its backward pass
writes the two products of the kernel's gradient into the slices of one
tensor instead of joining them with ``torch.cat``. Arm "before" is the code
before both (the backward pass as it was, :func:`backward_before`, and
``square_runs_from`` out of reach); arm "now" the default. The values are
identical; this script checks that and times the two arms, alternating in
one process, with the float32 matrix-product rate measured in the same run:

* default: whole default fits of wide and tall tasks (seconds, identical
  importances);
* ``--steps``: the training step alone (forward, loss, backward, fused Adam;
  32 members, (64, 64), the mixed basis) at the wide fits' batch of 32 rows
  per member and at the tall fits' 256, 5 rounds of 100 steps per arm, the
  median per step, with both arms' gradients after one more step compared.
"""

import argparse
import os
import sys
import time
import warnings

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_speed import (  # noqa: E402
    alternate_steps,
    compare_fits,
    matmul_gflops,
    step_line,
)

from skdfs import DeepFeatureSelector, LowSignalWarning  # noqa: E402
from skdfs._alloc import settle_dynamic_thresholds  # noqa: E402
from skdfs.network import GatedEnsembleMLP, _GatedKernel  # noqa: E402

TASKS = (
    ("nonlinear_additive", 250, 1000),
    ("xor", 250, 500),
    ("orange_skin", 300, 2000),
    ("friedman", 4000, 20),
)
STEP_SHAPES = (
    (32, 2000),
    (32, 1000),
    (32, 500),
    (32, 200),
    (32, 100),
    (32, 20),
    (256, 27),
)
ARMS = ("before", "now")
DEFAULT_FROM = GatedEnsembleMLP.square_runs_from
BACKWARD_NOW = _GatedKernel.backward


@staticmethod
def backward_before(ctx, grad):
    """``_GatedKernel.backward`` before (commit fc6b196): both products formed
    apart and joined by ``torch.cat``, every member's square rows."""
    weight, gates, X, S = ctx.saved_tensors
    grad_b = grad.sum(1, keepdim=True) if ctx.needs_input_grad[0] else None
    kernel = torch.bmm(X.transpose(1, 2), grad)
    if S is not None:
        kernel = torch.cat([kernel, torch.bmm(S.transpose(1, 2), grad)], 1)
    grad_g = (kernel * weight).sum(-1) if ctx.needs_input_grad[2] else None
    grad_w = kernel.mul_(gates.unsqueeze(-1)) if ctx.needs_input_grad[1] else None
    return grad_b, grad_w, grad_g, None, None, None


def set_arm(arm):
    now = arm == "now"
    GatedEnsembleMLP.square_runs_from = DEFAULT_FROM if now else 1 << 62
    _GatedKernel.backward = BACKWARD_NOW if now else backward_before


def fit(X, y, arm):
    set_arm(arm)
    try:
        start = time.perf_counter()
        selector = DeepFeatureSelector(random_state=0).fit(X, y)
        return time.perf_counter() - start, selector.feature_importances_
    finally:
        set_arm("now")


def step_times(batch, d, rounds=5, steps=100):
    torch.manual_seed(0)
    net = GatedEnsembleMLP(
        32,
        d,
        1,
        (64, 64),
        curved=list(range(d)),
        curved_members=[e % 2 for e in range(32)],
    )
    X, y = torch.randn(32, batch, d), torch.randn(32, batch, 1)
    times, same = alternate_steps(net, X, y, ARMS, set_arm, rounds, steps)
    set_arm("now")
    print(step_line(batch, d, ARMS, times, same), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", action="store_true")
    parser.add_argument("--runs-from", type=int, default=None)
    parser.add_argument("--shapes", nargs="+", default=None)
    args = parser.parse_args(argv)
    global DEFAULT_FROM
    if args.runs_from is not None:
        DEFAULT_FROM = args.runs_from
        set_arm("now")
    shapes = STEP_SHAPES
    if args.shapes:
        shapes = [tuple(int(v) for v in text.split("x")) for text in args.shapes]
    warnings.filterwarnings("ignore", category=LowSignalWarning)
    torch.set_num_threads(args.threads)
    settle_dynamic_thresholds()  # as a fit does: step buffers stay on the heap
    print(
        f"threads {args.threads}; square_runs_from {DEFAULT_FROM}; "
        f"matmul {matmul_gflops():.0f} GFLOP/s (float32); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    if args.steps:
        for batch, d in shapes:
            step_times(batch, d)
    else:
        compare_fits(TASKS, ARMS, fit, args.repeats)
    print(f"matmul after: {matmul_gflops():.0f} GFLOP/s")


if __name__ == "__main__":
    main()
