"""A default fit on a tall table (issue #16, item 2): time and top features.

    python benchmarks/probes/probe_tall_default.py [--out FILE]

54,000 x 27 from ``make_classification`` (5 informative and 4 redundant
columns first, ``shuffle=False``, so columns 0-8 carry the signal), the
default ``DeepFeatureSelector(random_state=0)``: the step budget
(``max_steps``) bounds the fit, not the row count. Prints the wall time, the
resolved schedule, the top nine columns and whether they are columns 0-8, and
the machine's float32 matmul rate and load average from the same run. Run on
a quiet machine.
"""

import argparse
import os
import time

import numpy as np
import torch
from sklearn.datasets import make_classification

from skdfs import DeepFeatureSelector


def matmul_gflops(n=2048, repeat=10):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    a @ b
    start = time.perf_counter()
    for _ in range(repeat):
        a @ b
    return 2 * n**3 * repeat / (time.perf_counter() - start) / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the report here")
    args = parser.parse_args()
    X, y = make_classification(
        n_samples=54_000,
        n_features=27,
        n_informative=5,
        n_redundant=4,
        shuffle=False,
        random_state=0,
    )
    lines = [f"load average at start: {os.getloadavg()[0]:.2f}"]
    lines.append(f"matmul float32: {matmul_gflops():.0f} GFLOP/s")
    selector = DeepFeatureSelector(random_state=0)
    start = time.perf_counter()
    selector.fit(X, y)
    seconds = time.perf_counter() - start
    top = np.sort(np.argsort(-selector.feature_importances_)[:9])
    lines += [
        f"default fit: {seconds:.1f} s (target <= 30 s)",
        f"batch_size_ {selector.batch_size_}, epochs {selector.n_iter_}, "
        f"steps {selector.n_steps_}, members used {selector.members_used_.sum()}",
        f"top nine columns: {top.tolist()} (signal columns 0-8: "
        f"{'yes' if top.tolist() == list(range(9)) else 'no'})",
        f"selected: {selector.get_support(indices=True).tolist()}",
        f"load average at end: {os.getloadavg()[0]:.2f}",
    ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        with open(args.out, "w") as f:
            f.write(report + "\n")


if __name__ == "__main__":
    main()
