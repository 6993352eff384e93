"""The step budget on tall tables: ``max_steps`` 2000 against 1000 (and 500).

    OMP_NUM_THREADS=2 python benchmarks/probes/probe_step_budget.py \
        > benchmarks/results/step_budget_tall.txt

The sweep's tables have at most 1,000 rows, so a smaller step budget chosen
there has not met a table where 1,000 steps are under ten epochs. Here the
default selector is fitted on tall tables with a known truth (20,000 rows of
eight ``skdfs.datasets`` families, Madelon at 5,000 x 100, and
``make_classification`` 54,000 x 27, columns 0-8 informative or redundant)
with each budget, one fit after another in one process, 2 threads. Printed:
the ranking ROC-AUC, the F1 of the default selection, the optimizer steps to
the fit's end (``n_steps_``), the path's steps and the seconds, with the
machine's float32 matmul rate before and after. ``--skip N`` starts at the
N-th task.
"""

import time
import warnings

import numpy as np
import torch
from sklearn.datasets import make_classification
from sklearn.metrics import f1_score, roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task

BUDGETS = (2000, 1000, 500)
TASKS = (
    ("friedman", 20000, 20),
    ("xor", 20000, 20),
    ("nonlinear_additive", 20000, 50),
    ("switch", 20000, 20),
    ("orange_skin", 20000, 20),
    ("make_classification", 54000, 27),
    ("parity3", 20000, 20),
    ("pairwise_products", 20000, 50),
    ("cat_interaction", 20000, 20),
    ("madelon", 5000, 100),
)


def matmul_gflops(n=2048, repeat=10):
    a, b = torch.randn(n, n), torch.randn(n, n)
    a @ b
    start = time.perf_counter()
    for _ in range(repeat):
        a @ b
    return 2 * n**3 * repeat / (time.perf_counter() - start) / 1e9


def task(name, n, d):
    if name == "make_classification":
        X, y = make_classification(
            n_samples=n,
            n_features=d,
            n_informative=5,
            n_redundant=4,
            shuffle=False,
            random_state=0,
        )
        return X, y, np.arange(9)
    X, y, relevant, _ = make_task(name, n_samples=n, n_features=d, random_state=0)
    return X, y, relevant


def main():
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", type=int, default=0, help="tasks to skip")
    args = parser.parse_args()
    print(f"threads {torch.get_num_threads()}, matmul {matmul_gflops():.0f} GFLOP/s")
    print("| task | max_steps | AUC | F1 | n_steps_ | path steps | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, d in TASKS[args.skip :]:
        X, y, relevant = task(name, n, d)
        truth = np.isin(np.arange(d), relevant)
        for budget in BUDGETS:
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sel = DeepFeatureSelector(max_steps=budget, random_state=0).fit(X, y)
            seconds = time.perf_counter() - start
            auc = roc_auc_score(truth, sel.feature_importances_)
            f1 = f1_score(truth, sel.get_support())
            path = getattr(sel, "path_", None)
            print(
                f"| {name} {n} x {d} | {budget} | {auc:.3f} | {f1:.3f} | "
                f"{sel.n_steps_} | {path.steps if path else 0} | {seconds:.1f} |",
                flush=True,
            )
    print(f"\nmatmul after: {matmul_gflops():.0f} GFLOP/s")


if __name__ == "__main__":
    main()
