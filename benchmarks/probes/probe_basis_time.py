"""Probe: the cost of ``input_basis`` in a default fit, ratios in one run.

Fits the default selector with each basis on a few sweep tasks, one after
the other and in alternating order (``--repeats`` rounds), with torch's
threads at ``--threads``, and prints each fit's seconds and the median ratio
to the linear basis per task. Run on a quiet machine::

    PYTHONPATH=. python benchmarks/probes/probe_basis_time.py \\
        > benchmarks/results/basis_time.txt
"""

import argparse
import time
import warnings

import numpy as np
import torch

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task

TASKS = [("friedman", 1000, 20), ("switch", 500, 100), ("madelon", 250, 500)]
BASES = ("linear", "mixed", "quadratic")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    warnings.simplefilter("ignore")
    print(f"torch {torch.__version__}, {args.threads} threads")
    for family, n, d in TASKS:
        X, y, _, _ = make_task(family, random_state=0, n_samples=n, n_features=d)
        took = {b: [] for b in BASES}
        for r in range(args.repeats):
            order = BASES if r % 2 == 0 else BASES[::-1]
            for basis in order:
                start = time.perf_counter()
                DeepFeatureSelector(input_basis=basis, random_state=0).fit(X, y)
                took[basis].append(time.perf_counter() - start)
        base = np.median(took["linear"])
        cells = ", ".join(
            f"{b} {np.median(t):.1f} s ({np.median(t) / base:.2f}x)"
            for b, t in took.items()
        )
        print(f"{family} {n}x{d}: {cells}", flush=True)


if __name__ == "__main__":
    main()
