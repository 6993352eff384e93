"""The gated first layer's backward pass written out (issue #16, wide tables).

    python benchmarks/probes/probe_gated_kernel.py [--repeats 2] [--threads 2]
    python benchmarks/probes/probe_gated_kernel.py --steps [--threads 2]

On a wide table the first layer's kernel (32 members x 2 d inputs x 64) is
the largest tensor of a training step, larger than the batch (32 members x
32 rows x d). Autograd's backward pass of ``X @ (W * g)[:, :d] + S @ (W *
g)[:, d:]`` fills a zero copy of the whole kernel for each of the two slices,
adds them, and multiplies by the gates into a new tensor;
``GatedEnsembleMLP``'s written-out backward pass (``fused_first_layer``, the
default) writes the kernel's gradient once and scales it in place. The values
are identical; this script checks that and times the two arms, alternating
in one process, with the float32 matrix-product rate measured in the same
run:

* default: whole default fits of wide and tall tasks (seconds, identical
  importances);
* ``--steps``: the training step alone (forward, loss, backward, fused Adam;
  32 members, (64, 64), the default basis) at the wide fits' batch of 32 rows
  per member and at the tall fits' 256, 5 rounds of 100 steps per arm, the
  median per step.
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
from skdfs.network import GatedEnsembleMLP  # noqa: E402

TASKS = (("xor", 250, 1000), ("nonlinear_additive", 250, 500), ("friedman", 4000, 20))
STEP_SHAPES = ((32, 1000), (32, 500), (32, 100), (32, 20), (256, 27))
ARMS = ("autograd", "fused")


def fit(X, y, seed, fused):
    GatedEnsembleMLP.fused_first_layer = fused
    try:
        start = time.perf_counter()
        selector = DeepFeatureSelector(random_state=seed).fit(X, y)
        return time.perf_counter() - start, selector.feature_importances_
    finally:
        GatedEnsembleMLP.fused_first_layer = True


def step_times(batch, d, rounds=5, steps=100):
    torch.manual_seed(0)
    net = GatedEnsembleMLP(32, d, 1, (64, 64), curved=list(range(d)))
    X, y = torch.randn(32, batch, d), torch.randn(32, batch, 1)

    def set_arm(arm):
        net.fused_first_layer = arm == "fused"

    times, same = alternate_steps(net, X, y, ARMS, set_arm, rounds, steps)
    print(step_line(batch, d, ARMS, times, same), flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", action="store_true")
    args = parser.parse_args(argv)
    # xor on 250 rows x 1,000 columns is a low-signal fit by design.
    warnings.filterwarnings("ignore", category=LowSignalWarning)
    torch.set_num_threads(args.threads)
    settle_dynamic_thresholds()  # as a fit does: step buffers stay on the heap
    print(f"threads {args.threads}; matmul {matmul_gflops():.0f} GFLOP/s (float32)")
    if args.steps:
        for batch, d in STEP_SHAPES:
            step_times(batch, d)
        print(f"matmul after: {matmul_gflops():.0f} GFLOP/s")
        return
    compare_fits(
        TASKS, ARMS, lambda X, y, arm: fit(X, y, 0, arm == "fused"), args.repeats
    )
    print(f"matmul after: {matmul_gflops():.0f} GFLOP/s")


if __name__ == "__main__":
    main()
