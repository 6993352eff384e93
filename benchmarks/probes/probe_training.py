"""Training built for selection, measured against today's (issue #14).

Runs the selector on ground-truth tasks of :mod:`skdfs.datasets` at sizes other
than the 20-feature defaults and writes one CSV row per fit:

* ``auc``: ROC-AUC of ``feature_importances_`` against the relevant columns;
* ``f1_mean``: F1 of the ``"mean"`` threshold on ``feature_importances_``;
* ``auc_path``, ``f1_path``: ranking and selection of the gate path
  (``threshold="path"``, new code only);
* ``f1_probe``: F1 of the probe test (``threshold="probe"`` fits);
* training facts: seconds, epochs, steps, members that beat the constant
  predictor, median best epoch, warnings raised.

The code under test is whatever ``skdfs`` imports: run it once with this
branch on ``PYTHONPATH`` (``--code new``) and once with a checkout of the
commit before the change (``--code today``)::

    git archive 118ca8f skdfs | tar -x -C /tmp/skdfs_today
    OMP_NUM_THREADS=1 PYTHONPATH=/tmp/skdfs_today python \\
        benchmarks/probes/probe_training.py --code today --split tuning \\
        --out benchmarks/results/training_tuning_today.csv
    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/probes/probe_training.py \\
        --code new --split tuning --out benchmarks/results/training_tuning_new.csv

``--split heldout`` runs the held-out tasks (other sizes, other seeds). The
defaults were chosen on the tuning split only.
"""

from __future__ import annotations

import argparse
import csv
import os
import time
import warnings

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

import skdfs
from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task

# (task, n_samples, n_features): sizes away from the 20-feature defaults,
# one with d > n in each split.
TUNING = [
    ("xor", 600, 100),
    ("nonlinear_additive", 1000, 100),
    ("orange_skin", 2000, 50),
    ("friedman", 1000, 200),
    ("madelon", 400, 500),
    ("parity3", 2000, 100),
    ("switch", 1000, 20),
    ("two_moons", 500, 100),
    ("correlated", 1000, 100),
]
TUNING_SEEDS = (0, 1)
HELDOUT = [
    ("xor", 1000, 500),
    ("nonlinear_additive", 4000, 20),
    ("orange_skin", 500, 100),
    ("friedman", 500, 100),
    ("madelon", 2000, 100),
    ("parity3", 4000, 20),
    ("switch", 4000, 100),
    ("two_moons", 300, 500),
    ("correlated", 500, 20),
    ("pairwise_products", 1000, 100),
]
HELDOUT_SEEDS = (2, 3)

FIELDS = [
    "split",
    "code",
    "config",
    "task",
    "n",
    "d",
    "seed",
    "auc",
    "f1_mean",
    "n_mean",
    "auc_path",
    "f1_path",
    "n_path",
    "auc_path_plain",
    "f1_path_plain",
    "n_path_plain",
    "f1_probe",
    "n_probe",
    "seconds",
    "epochs",
    "steps",
    "members_used",
    "median_best_epoch",
    "warnings",
]


def _f1(truth, support):
    return float(f1_score(truth, support, zero_division=0.0))


def configs(code, n_estimators):
    """The selector settings of each configuration (by code under test)."""
    base = dict(n_estimators=n_estimators)
    if code == "today":
        return {"default": dict(base), "probe": dict(base, threshold="probe")}
    return {
        "default": dict(base, threshold="path"),  # trains as the default
        "probe": dict(base, threshold="probe"),
    }


def run_one(name, n, d, seed, params):
    X, y, relevant, _ = make_task(name, random_state=seed, n_samples=n, n_features=d)
    truth = np.zeros(X.shape[1], dtype=bool)
    truth[relevant] = True
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sel = DeepFeatureSelector(random_state=seed, **params).fit(X, y)
    seconds = time.perf_counter() - start
    imp = sel.feature_importances_
    mean_support = imp >= imp.mean()
    row = {
        "auc": roc_auc_score(truth, imp),
        "f1_mean": _f1(truth, mean_support),
        "n_mean": int(mean_support.sum()),
        "seconds": round(seconds, 2),
        "epochs": sel.n_iter_,
        "steps": getattr(sel, "n_steps_", ""),
        "members_used": int(sel.members_used_.sum()),
        "median_best_epoch": float(np.median(sel.net_.member_best_epoch_)),
        "warnings": ";".join(sorted({type(w.message).__name__ for w in caught})),
    }
    if hasattr(sel, "path_support_"):
        row.update(
            auc_path=roc_auc_score(truth, sel.path_importances_),
            f1_path=_f1(truth, sel.path_support_),
            n_path=int(sel.path_support_.sum()),
        )
        # The same fit's path with a plain (not adaptive) L1 penalty.
        from skdfs.path import gate_path, path_selection

        Xs = ((X - sel.scaler_mean_) / sel.scaler_scale_).astype(np.float32)
        split = sel.net_.train_split
        path = gate_path(
            sel.net_,
            Xs,
            sel._encode_for_net(y),
            split.train_index,
            split.valid_index,
            start=sel.gate_l1 * 1.5,
            adaptive=False,
        )
        used = sel.members_used_
        support = path_selection(path, used)[0]
        row.update(
            auc_path_plain=roc_auc_score(truth, path.importances()[used].mean(0)),
            f1_path_plain=_f1(truth, support),
            n_path_plain=int(support.sum()),
        )
    if params.get("threshold") == "probe":
        support = sel.get_support()
        row.update(f1_probe=_f1(truth, support), n_probe=int(support.sum()))
    return row


COLUMNS = [
    # (label, code, config, column)
    ("AUC today", "today", "default", "auc"),
    ("AUC new", "new", "default", "auc"),
    ("AUC path", "new", "default", "auc_path"),
    ("AUC probe today", "today", "probe", "auc"),
    ("AUC probe new", "new", "probe", "auc"),
    ("F1 mean today", "today", "default", "f1_mean"),
    ("F1 mean new", "new", "default", "f1_mean"),
    ("F1 path", "new", "default", "f1_path"),
    ("F1 plain path", "new", "default", "f1_path_plain"),
    ("F1 probe today", "today", "probe", "f1_probe"),
    ("F1 probe new", "new", "probe", "f1_probe"),
    ("s today", "today", "default", "seconds"),
    ("s new", "new", "default", "seconds"),
    ("used today", "today", "default", "members_used"),
    ("used new", "new", "default", "members_used"),
    ("used probe today", "today", "probe", "members_used"),
    ("used probe new", "new", "probe", "members_used"),
]


def summarise(paths):
    """Markdown tables: per task the mean over seeds and the worst seed."""
    import pandas as pd

    frame = pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)
    lines = []
    for split, part in frame.groupby("split", sort=False):
        lines += [f"## {split}", ""]
        tasks = part[["task", "n", "d"]].drop_duplicates().itertuples(index=False)
        head = ["task", *[c[0] for c in COLUMNS]]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        means = {c[0]: [] for c in COLUMNS}
        worst = {c[0]: [] for c in COLUMNS}
        for task, n, d in tasks:
            rows = part[(part.task == task) & (part.n == n) & (part.d == d)]
            cells = [f"{task} {n}x{d}"]
            # Means only over the tasks run with both codes.
            both = set(rows.code) >= {"today", "new"}
            if not both:
                cells[0] += " *"
            for label, code, config, column in COLUMNS:
                sel = rows[(rows.code == code) & (rows.config == config)][column]
                sel = sel.dropna()
                if sel.empty:
                    cells.append("")
                    continue
                if both:
                    means[label].append(sel.mean())
                    worst[label].append(sel.min())
                cells.append(f"{sel.mean():.2f} ({sel.min():.2f})")
            lines.append("| " + " | ".join(cells) + " |")
        for name, values in (("mean", means), ("mean of worst", worst)):
            cells = [name] + [
                f"{np.mean(values[c[0]]):.3f}" if values[c[0]] else "" for c in COLUMNS
            ]
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    lines.append(
        "Cells: mean over seeds (worst seed). 16 members. Rows marked * were run "
        "with one code only and are left out of the means."
    )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", choices=("today", "new"))
    parser.add_argument("--split", choices=("tuning", "heldout"))
    parser.add_argument("--out")
    parser.add_argument(
        "--summary", nargs="+", help="CSV files to summarise (no fitting)"
    )
    parser.add_argument("--n-estimators", type=int, default=16)
    parser.add_argument("--only", default=None, help="comma-separated task names")
    args = parser.parse_args(argv)
    if args.summary:
        print(summarise(args.summary))
        return
    tasks, seeds = (
        (TUNING, TUNING_SEEDS) if args.split == "tuning" else (HELDOUT, HELDOUT_SEEDS)
    )
    if args.only:
        keep = set(args.only.split(","))
        tasks = [t for t in tasks if t[0] in keep]
    print("skdfs from", os.path.dirname(skdfs.__file__), flush=True)
    new_file = not os.path.exists(args.out)
    done = set()
    if not new_file:  # resume: skip the fits already written
        with open(args.out, newline="") as handle:
            for r in csv.DictReader(handle):
                done.add(
                    (r["task"], int(r["n"]), int(r["d"]), int(r["seed"]), r["config"])
                )
    with open(args.out, "a", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        if new_file:
            writer.writeheader()
        for name, n, d in tasks:
            for seed in seeds:
                for config, params in configs(args.code, args.n_estimators).items():
                    if (name, n, d, seed, config) in done:
                        continue
                    row = run_one(name, n, d, seed, params)
                    row.update(
                        split=args.split,
                        code=args.code,
                        config=config,
                        task=name,
                        n=n,
                        d=d,
                        seed=seed,
                    )
                    row = {
                        k: round(v, 4) if isinstance(v, float) else v
                        for k, v in row.items()
                    }
                    writer.writerow(row)
                    handle.flush()
                    print(row, flush=True)


if __name__ == "__main__":
    main()
