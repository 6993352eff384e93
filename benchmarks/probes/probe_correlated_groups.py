"""Correlated columns: each column its own gate, or one gate per correlated set.

    OMP_NUM_THREADS=2 python benchmarks/probes/probe_correlated_groups.py \
        [--csv TABLE.csv --target COLUMN] > benchmarks/results/correlated_groups.txt
    OMP_NUM_THREADS=2 python benchmarks/probes/probe_correlated_groups.py \
        --warning-tasks > benchmarks/results/correlated_warning.txt

Synthetic part (a known truth): ``f`` latent N(0, 1) factors, each present in
``c`` noisy copies (``factor + 0.1 N(0, 1)``: |r| about 0.99 within a set,
about 0 across); ``y = 1[z0 + z1 * z2 > 0]`` (z0 and the product of z1 and z2),
so the copies of factors 0-2 are relevant. The default
``DeepFeatureSelector(random_state=seed)`` is fitted once on the columns and
once with ``groups=groups_from_correlation(X, 0.9)``. Printed per fit: the
members' agreement (:func:`~skdfs.selection.member_agreement`, of the
columns' or the sets' importances), the ROC-AUC of the columns' importances
(a set's score spread over its columns) for the relevant copies, F1 of the
selected columns, whether the low-signal warning fired and whether it named
grouping.

With ``--csv``, the same two fits on a real table (numeric columns only, no
truth: agreement, units selected, warnings).

With ``--warning-tasks``, instead: the default fit on tables with no
grouping question (breast cancer, wine, diabetes, ``make_correlated`` and
Madelon at 500 x 100, parity-3 at 500 x 20, seed 0), and whether the
low-signal warning fires and names grouping.
"""

import argparse
import os
import time
import warnings

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

from skdfs import DeepFeatureSelector, LowSignalWarning, groups_from_correlation
from skdfs.selection import member_agreement


def factor_task(n, factors, copies, seed):
    rng = np.random.RandomState(seed)
    Z = rng.standard_normal((n, factors))
    X = np.repeat(Z, copies, axis=1) + 0.1 * rng.standard_normal((n, factors * copies))
    y = (Z[:, 0] + Z[:, 1] * Z[:, 2] > 0).astype(int)
    relevant = np.repeat(np.arange(factors) < 3, copies)
    return X, y, relevant


def fit(X, y, seed, groups=None):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        start = time.perf_counter()
        kw = {} if groups is None else {"groups": groups}
        sel = DeepFeatureSelector(random_state=seed, **kw).fit(X, y)
        seconds = time.perf_counter() - start
    low = [str(w.message) for w in caught if issubclass(w.category, LowSignalWarning)]
    units = sel.member_group_importances_ if groups is not None else sel.importances_
    return dict(
        sel=sel,
        seconds=seconds,
        agreement=member_agreement(units[sel.members_used_]),
        warned=bool(low),
        names_grouping=any("groups_from_correlation" in m for m in low),
        units=units.shape[1],
        units_selected=(
            len(np.unique(sel.groups_[sel.get_support()]))
            if groups is not None
            else int(sel.get_support().sum())
        ),
    )


def row(label, r, relevant=None):
    text = (
        f"{label} | {r['units']} | {r['agreement']:.2f} | {r['units_selected']} | "
        f"{int(r['sel'].get_support().sum())} | "
    )
    if relevant is not None:
        auc = roc_auc_score(relevant, r["sel"].feature_importances_)
        f1 = f1_score(relevant, r["sel"].get_support())
        text += f"{auc:.3f} | {f1:.2f} | "
    return text + f"{r['warned']} / {r['names_grouping']} | {r['seconds']:.1f} |"


def warning_tasks():
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

    from skdfs import datasets

    tasks = {
        "breast cancer": (*load_breast_cancer(return_X_y=True), "auto"),
        "wine": (*load_wine(return_X_y=True), "auto"),
        "diabetes": (*load_diabetes(return_X_y=True), "regression"),
        "correlated 500 x 100": (
            *datasets.make_correlated(500, 100, random_state=0)[:2],
            "regression",
        ),
        "madelon 500 x 100": (
            *datasets.make_madelon(500, 100, random_state=0)[:2],
            "auto",
        ),
        "parity-3 500 x 20": (
            *datasets.make_parity(500, 20, random_state=0)[:2],
            "auto",
        ),
    }
    print("| table | warned | named grouping | message |\n|---|---|---|---|")
    for name, (X, y, task) in tasks.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            DeepFeatureSelector(random_state=0, task=task).fit(X, y)
        low = [
            str(w.message) for w in caught if issubclass(w.category, LowSignalWarning)
        ]
        named = any("groups_from_correlation" in m for m in low)
        print(f"| {name} | {bool(low)} | {named} | {low[0] if low else ''} |")
    print(f"\nload average at the end {os.getloadavg()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="*", default=["400x10x5", "200x40x5"])
    parser.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    parser.add_argument("--csv")
    parser.add_argument("--target")
    parser.add_argument("--warning-tasks", action="store_true")
    args = parser.parse_args()
    print(f"load average at the start {os.getloadavg()}\n")
    if args.warning_tasks:
        return warning_tasks()
    print(
        "| task | seed | gates | units | agreement | units selected | columns "
        "selected | AUC | F1 | warned / named grouping | s |"
    )
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for size in args.sizes:
        n, factors, copies = map(int, size.split("x"))
        for seed in args.seeds:
            X, y, relevant = factor_task(n, factors, copies, seed)
            groups = groups_from_correlation(X, 0.9)
            task = f"{n} rows, {factors} factors x {copies} copies"
            for label, g in (("columns", None), ("sets at 0.9", groups)):
                r = fit(X, y, seed, g)
                print(f"| {task} | {seed} | " + row(label, r, relevant))
    if args.csv:
        import pandas as pd

        df = pd.read_csv(args.csv)
        y = df.pop(args.target).to_numpy()
        X = df.select_dtypes("number").to_numpy(dtype=float)
        print(f"\n{args.csv}: {X.shape[0]} rows, {X.shape[1]} numeric columns\n")
        print(
            "| gates | units | agreement | units selected | columns selected | "
            "warned / named grouping | s |"
        )
        print("|---|---:|---:|---:|---:|---|---:|")
        for threshold in (None, 0.99, 0.95, 0.9):
            g = None if threshold is None else groups_from_correlation(X, threshold)
            label = "columns" if g is None else f"sets at {threshold}"
            print("| " + row(label, fit(X, y, 0, g)))
    print(f"\nload average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
