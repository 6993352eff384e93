"""Frozen members out of the module that computes (issue #16, wide tables).

    python benchmarks/probes/probe_compact.py [--repeats 2] [--threads 2]

A member that early stopping froze adds no gradient, but in the one batched
module it still costs its share of every product. On wide tables about half
the members are frozen for most of the training: members that learned stop
early, while those that never beat the constant predictor train to the step
budget. ``EnsembleNet.compact_frozen`` (the default) moves the members still
training into a module of their own once an eighth of the module is frozen;
the optimiser still steps the whole module, so the results are identical.
This script fits the default selector with it on and off, alternating in one
process, checks that the importances are identical, and prints the seconds
and the members still training over the epochs, with the float32
matrix-product rate measured in the same run.
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_speed import ab_line, alternate, matmul_gflops  # noqa: E402

from skdfs import DeepFeatureSelector, LowSignalWarning  # noqa: E402
from skdfs.datasets import make_task  # noqa: E402
from skdfs.training import EnsembleNet  # noqa: E402

TASKS = (
    ("xor", 250, 1000),
    ("orange_skin", 250, 500),
    ("switch", 250, 500),
    ("nonlinear_additive", 250, 500),
    ("friedman", 4000, 20),
    ("xor", 1000, 20),
)
ARMS = ("whole", "compact")


def fit(X, y, compact):
    EnsembleNet.compact_frozen = compact
    try:
        start = time.perf_counter()
        selector = DeepFeatureSelector(random_state=0).fit(X, y)
        return time.perf_counter() - start, selector
    finally:
        EnsembleNet.compact_frozen = True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=LowSignalWarning)  # xor 250 x 1,000
    torch.set_num_threads(args.threads)
    print(f"threads {args.threads}; matmul {matmul_gflops():.0f} GFLOP/s (float32)")
    for family, n, d in TASKS:
        X, y, _, _ = make_task(family, n_samples=n, n_features=d, random_state=0)
        times, fitted = alternate(
            ARMS, lambda arm, X=X, y=y: fit(X, y, arm == "compact"), args.repeats
        )
        a, b = fitted["whole"], fitted["compact"]
        same = all(
            np.array_equal(getattr(a, k), getattr(b, k))
            for k in ("feature_importances_", "importances_", "member_scores_")
        ) and np.array_equal(a.get_support(), b.get_support())
        active = np.array(b.net_.history[:, "n_active"])
        print(
            f"{family} {n}x{d}: {ab_line(ARMS, times)}; epochs {len(active)}, "
            f"members training on average {active.mean():.1f} of "
            f"{len(b.importances_)}; identical results: {same}",
            flush=True,
        )
    print(f"matmul after: {matmul_gflops():.0f} GFLOP/s")


if __name__ == "__main__":
    main()
