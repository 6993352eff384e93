"""Probe: the cost of ``input_basis`` in a default fit, ratios in one run.

Fits the default selector with each basis on a few sweep tasks, one after
the other and in alternating order (``--repeats`` rounds), with torch's
threads at ``--threads``, and prints each fit's seconds and the median ratio
to the first basis named (linear by default) per task, with the fit's
training steps and its minor page faults (memory the kernel had to map and
zero: see ``docs/scaling.rst``, "Memory allocator"; the fits share one
process, so a fit's faults depend on the fits before it). Run on a quiet machine::

    PYTHONPATH=. python benchmarks/probes/probe_basis_time.py \\
        > benchmarks/results/basis_time.txt
"""

import argparse
import resource
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
    parser.add_argument(
        "--tasks", nargs="+", metavar="FAMILY:NxD", help="tasks, e.g. xor:1000x20"
    )
    parser.add_argument("--bases", nargs="+", default=list(BASES), choices=BASES)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    tasks = TASKS
    if args.tasks:
        tasks = []
        for spec in args.tasks:
            family, size = spec.split(":")
            n, d = (int(v) for v in size.split("x"))
            tasks.append((family, n, d))
    bases = tuple(args.bases)
    torch.set_num_threads(args.threads)
    warnings.simplefilter("ignore")
    print(f"torch {torch.__version__}, {args.threads} threads")
    for family, n, d in tasks:
        X, y, _, _ = make_task(
            family, random_state=args.seed, n_samples=n, n_features=d
        )
        took = {b: [] for b in bases}
        steps, faults = {}, {b: [] for b in bases}
        for r in range(args.repeats):
            order = bases if r % 2 == 0 else bases[::-1]
            for basis in order:
                before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                start = time.perf_counter()
                sel = DeepFeatureSelector(input_basis=basis, random_state=0).fit(X, y)
                took[basis].append(time.perf_counter() - start)
                steps[basis] = sel.n_steps_
                after = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                faults[basis].append(after - before)
        base = np.median(took[bases[0]])
        cells = ", ".join(
            f"{b} {np.median(t):.1f} s ({np.median(t) / base:.2f}x, "
            f"{steps[b]} steps, {np.median(faults[b]) / 1e3:.0f}k page faults)"
            for b, t in took.items()
        )
        print(f"{family} {n}x{d}: {cells}", flush=True)


if __name__ == "__main__":
    main()
