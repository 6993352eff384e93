"""The square terms without a gather when every column is curved (issue #16).

    python benchmarks/probes/probe_curvature.py [--repeats 2] [--threads 2]
    python benchmarks/probes/probe_curvature.py --steps [--threads 2]

Fits the default selector on wide and tall tasks, alternating the two ways
of computing the curvature terms ``x**2 - 1`` in one process: ``gather``
(``X[..., curved]``, what every fit did before) and ``direct`` (``X``
itself when every column is curved, in order). The results are identical
(same arithmetic); the script checks that and prints the seconds, with the
float32 matrix-product rate measured in the same run. ``--steps`` times
the module's training step alone (forward, loss, backward; 32 members,
(64, 64), batch 64 per member, 1,000 columns), 5 rounds of 200 steps per
arm, alternating, and prints the median per step.
"""

import argparse
import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_speed import compare_fits, matmul_gflops  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.network import GatedEnsembleMLP  # noqa: E402

TASKS = (("xor", 250, 1000), ("nonlinear_additive", 250, 500), ("friedman", 4000, 20))


def fit(X, y, seed, direct):
    original = GatedEnsembleMLP.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.all_curved = self.all_curved and direct

    GatedEnsembleMLP.__init__ = init
    try:
        start = time.perf_counter()
        selector = DeepFeatureSelector(random_state=seed).fit(X, y)
        return time.perf_counter() - start, selector.feature_importances_
    finally:
        GatedEnsembleMLP.__init__ = original


def step_times(threads, d=1000, rounds=5, steps=200):
    torch.manual_seed(0)
    net = GatedEnsembleMLP(32, d, 1, (64, 64), curved=list(range(d)))
    X, y = torch.randn(32, 64, d), torch.randn(32, 64, 1)
    times = {"gather": [], "direct": []}
    for _ in range(rounds):
        for arm in times:
            net.all_curved = arm == "direct"
            start = time.perf_counter()
            for _ in range(steps):
                net.zero_grad(set_to_none=True)
                ((net(X) - y) ** 2).mean().backward()
            times[arm].append((time.perf_counter() - start) / steps * 1e3)
    for arm, ms in times.items():
        print(f"{arm}: {np.median(ms):.2f} ms per step (rounds {np.round(ms, 2)})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--steps", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    print(f"threads {args.threads}; matmul {matmul_gflops():.0f} GFLOP/s (float32)")
    if args.steps:
        step_times(args.threads)
        print(f"matmul after: {matmul_gflops():.0f} GFLOP/s")
        return
    compare_fits(
        TASKS,
        ("gather", "direct"),
        lambda X, y, arm: fit(X, y, 0, arm == "direct"),
        args.repeats,
    )
    print(f"matmul after: {matmul_gflops():.0f} GFLOP/s")


if __name__ == "__main__":
    main()
