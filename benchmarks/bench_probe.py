"""False selections and recall of the probe test on ground-truth tasks.

    OMP_NUM_THREADS=1 python benchmarks/bench_probe.py [--seeds 0 1 2 3 4]

Fits ``DeepFeatureSelector(threshold="probe")`` with default settings on tasks
from ``skdfs.datasets`` for several seeds and reports, per task and overall,
the false-selection share (selected features that are truly irrelevant, over
all selected), recall of the relevant features, tentative features and
seconds. With ``alpha=0.05`` and Benjamini–Hochberg the false-selection share
should average at most 0.05.
"""

import argparse
import time

import numpy as np
import pandas as pd

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task

TASKS = ("xor", "orange_skin", "nonlinear_additive", "switch", "friedman", "madelon")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    parser.add_argument("--tasks", nargs="+", default=list(TASKS))
    parser.add_argument("--correction", default="bh")
    args = parser.parse_args(argv)
    rows = []
    for task in args.tasks:
        for seed in args.seeds:
            X, y, relevant, _ = make_task(task, random_state=seed)
            selector = DeepFeatureSelector(
                threshold="probe", correction=args.correction, random_state=seed
            )
            start = time.perf_counter()
            selector.fit(X, y)
            seconds = time.perf_counter() - start
            selected = np.flatnonzero(selector.get_support())
            false = np.setdiff1d(selected, relevant)
            rows.append(
                dict(
                    task=task,
                    seed=seed,
                    selected=len(selected),
                    false_share=len(false) / max(len(selected), 1),
                    recall=np.isin(relevant, selected).mean(),
                    tentative=int(selector.support_weak_.sum()),
                    seconds=seconds,
                )
            )
            print(rows[-1], flush=True)
    df = pd.DataFrame(rows)
    table = df.groupby("task")[
        ["selected", "false_share", "recall", "tentative", "seconds"]
    ].mean()
    table.loc["all tasks"] = df[table.columns].mean()
    print()
    print(table.round(3).to_markdown())


if __name__ == "__main__":
    main()
