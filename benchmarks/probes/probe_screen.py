"""Screening very wide tables before the ensemble: quality and time.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_screen.py run \
        --rows 300 --columns 5000 --seeds 20 --arms full screen500 screen1000 \
        screen2000 rf --shard K/2 --out ROWS.jsonl
    python benchmarks/probes/probe_screen.py report ROWS.jsonl [...]
    OMP_NUM_THREADS=1 python benchmarks/probes/probe_screen.py leak

Every synthetic family of :data:`skdfs.datasets.TASK_NAMES` at ``--rows`` x
``--columns`` (wider than the sweep's widest cell, 250 x 1,000), seeds
outside both sweep halves. Arms, each on the same data, one after another in
this process (one torch thread; two shards at once on the 2-core machine):

- ``full``: ``DeepFeatureSelector(random_state=seed)`` on every column;
- ``screenK``: ``MarginalScreen(k=K)`` then the default selector on the
  ``K`` columns kept; the ranking puts the kept columns first (by the
  selector's importance, ties by the screen's score), then the others by the
  screen's score; the screened-out columns are never selected;
- ``splitK``: the screen fitted on a random third of the rows and the
  selector on the other two thirds (sample splitting: the rows the
  selector validates on played no part in the screen);
- ``screen_only``: the screen's scores (no selection), from every screenK run;
- ``rf``: a 300-tree random forest's impurity importances, selection by
  ``SelectFromModel`` (the sweep's ``rf``).

Per run: ROC-AUC of the ranking (relevant against the rest), F1 of the
selection, whether every relevant column survived the screen, seconds.
The choice rule, written before the runs: seed 20 chooses the smallest K
whose mean AUC and mean F1 are within 0.01 of the best screened arm; seed 21
reports the chosen K beside ``full`` and ``rf``. Output in
``benchmarks/results/screen_wide*.jsonl`` and ``screen_wide.md``.

The screen (:func:`marginal_scores`: Pearson's chi-squared test of a
column's quantile bins against the classes, its large-sample analysis of
variance for quantities; a missing value is a bin of its own) was built in
the library as ``skdfs.screening.MarginalScreen`` with ``skdfs rank
--screen`` (seventeenth session) and taken out after these runs; it lives
here (``docs/benchmarks.md``, "Screening very wide tables").
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.stats import chi2, rankdata
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import type_of_target

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_quality as bq  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.datasets import TASK_NAMES, make_task  # noqa: E402

#: Rows per quantile bin aimed at; the bin count stays within MIN_BINS-MAX_BINS.
ROWS_PER_BIN = 50
MIN_BINS, MAX_BINS = 2, 10


def _target_matrix(y, task):
    """The centred target as an ``(n, m)`` matrix, the weight of each column's
    between-bin sum of squares in the statistic, and the degrees of freedom
    per bin."""
    kind = type_of_target(y, input_name="y") if task == "auto" else task
    if kind in ("binary", "multiclass", "classification"):
        y = np.asarray(y).ravel()
        if np.unique(y).size < 2:
            return np.zeros((len(y), 0)), np.zeros(0), 0  # one class: no test
        Y = LabelBinarizer().fit_transform(y).astype(np.float64)
        if Y.shape[1] == 1:
            Y = np.hstack([1 - Y, Y])
        share = Y.mean(axis=0)  # Pearson's chi-squared: sum (O - E)^2 / E
        return Y - share, 1.0 / share, Y.shape[1] - 1
    Y = np.asarray(y, dtype=np.float64)
    Y = Y.reshape(len(Y), -1)
    Y = Y - Y.mean(axis=0)
    total = (Y**2).sum(axis=0)
    keep = total > 0
    return Y[:, keep], (len(Y) - 1) / total[keep], int(keep.sum())


def marginal_scores(X, y, task="auto", n_bins=None, block_columns=2048):
    """Association of the target with each column's quantile bins.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Numeric data; NaN marks a missing value, which forms a bin of its own.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Class labels, a multilabel indicator matrix, or quantities.
    task : {"auto", "classification", "regression"}, default="auto"
        Kind of target; ``"auto"`` reads it from ``y``
        (:func:`~sklearn.utils.multiclass.type_of_target`).
    n_bins : int or None, default=None
        Quantile bins per column; None takes one per 50 rows, 2 to 10.
    block_columns : int, default=2048
        Columns worked at once (memory: ``n_samples x block_columns`` floats).

    Returns
    -------
    scores : ndarray of shape (n_features,)
        ``-log10`` of the test's p-value (larger: stronger association);
        0 for a constant column. For labels, Pearson's chi-squared test of
        independence of the bins and the classes; for quantities (and the
        columns of a multilabel target), ``(n - 1)``
        times the share of each target column's variance explained by the
        bins' means, summed over the target columns, against a chi-squared
        distribution with ``(bins - 1) x (target columns)`` degrees of
        freedom (the large-sample form of the one-way analysis of variance).
    """
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    Y, weight, dof_y = _target_matrix(y, task)
    bins = n_bins or int(np.clip(n // ROWS_PER_BIN, MIN_BINS, MAX_BINS))
    scores = np.zeros(d)
    if dof_y == 0:
        return scores
    for start in range(0, d, block_columns):
        block = X[:, start : start + block_columns]
        missing = np.isnan(block)
        present = (~missing).sum(axis=0)
        ranks = rankdata(np.where(missing, np.inf, block), axis=0)
        code = np.floor((ranks - 1) * bins / np.maximum(present, 1)).astype(int)
        code = np.where(missing, bins, np.minimum(code, bins - 1))
        between = np.zeros((block.shape[1], Y.shape[1]))
        n_levels = np.zeros(block.shape[1])
        for b in range(bins + 1):
            member = (code == b).astype(np.float64)
            count = member.sum(axis=0)
            sums = member.T @ Y
            filled = count > 0
            between[filled] += sums[filled] ** 2 / count[filled, None]
            n_levels += filled
        statistic = between @ weight
        dof = np.maximum(n_levels - 1, 0) * dof_y
        out = np.zeros(block.shape[1])
        varies = dof > 0
        out[varies] = -chi2.logsf(statistic[varies], dof[varies]) / np.log(10)
        scores[start : start + block_columns] = out
    return scores


class MarginalScreen:
    """Keep the ``k`` columns with the largest :func:`marginal_scores`."""

    def __init__(self, k, task="auto"):
        self.k, self.task = k, task

    def fit(self, X, y):
        self.scores_ = marginal_scores(X, y, self.task)
        return self

    def get_support(self):
        order = np.argsort(-self.scores_, kind="stable")
        mask = np.zeros(self.scores_.size, dtype=bool)
        mask[order[: self.k]] = True
        return mask


def _fit(X, y, task_type, seed):
    params = {"task": "regression"} if task_type == "regression" else {}
    selector = DeepFeatureSelector(random_state=seed, **params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        selector.fit(X, y)
    return selector


def combined_scores(kept, importances, screen_scores):
    """Scores whose order is: kept columns by importance (ties by the
    screen), then the other columns by the screen."""
    d = screen_scores.size
    full = np.zeros(d)
    full[kept] = importances
    order = np.lexsort((screen_scores, full, kept.astype(int)))
    scores = np.empty(d)
    scores[order] = np.arange(d)
    return scores


def run_arm(arm, X, y, task_type, seed):
    start = time.perf_counter()
    if arm == "full":
        selector = _fit(X, y, task_type, seed)
        out = dict(scores=selector.feature_importances_, support=selector.get_support())
    elif arm == "rf":
        scores, support = bq.method_rf(X, y, task_type, seed)
        out = dict(scores=scores, support=support)
    else:
        split = arm.startswith("split")
        k = int(arm.removeprefix("split" if split else "screen"))
        fit_rows = screen_rows = np.arange(len(y))
        if split:  # screen on a third of the rows, train on the other two
            order = np.random.default_rng(seed).permutation(len(y))
            screen_rows, fit_rows = order[: len(y) // 3], order[len(y) // 3 :]
        screen = MarginalScreen(k=k, task=task_type)
        screen.fit(X[screen_rows], y[screen_rows])
        kept = screen.get_support()
        selector = _fit(X[fit_rows][:, kept], y[fit_rows], task_type, seed)
        support = np.zeros(X.shape[1], dtype=bool)
        support[kept] = selector.get_support()
        scores = combined_scores(kept, selector.feature_importances_, screen.scores_)
        out = dict(scores=scores, support=support, screen=screen.scores_, kept=kept)
    out["seconds"] = time.perf_counter() - start
    return out


def main_run(args):
    import torch

    torch.set_num_threads(1)
    units = [(f, s) for s in args.seeds for f in TASK_NAMES]
    k, of = (int(v) for v in args.shard.split("/"))
    units = units[k::of]
    for family, seed in units:
        X, y, relevant, task_type = make_task(
            family, random_state=seed, n_samples=args.rows, n_features=args.columns
        )
        for arm in args.arms:
            out = run_arm(arm, X, y, task_type, seed)
            row = dict(
                family=family,
                seed=seed,
                rows=args.rows,
                columns=args.columns,
                arm=arm,
                auc=bq.roc_auc(out["scores"], relevant),
                f1=bq.support_f1(out["support"], relevant),
                n_selected=int(np.sum(out["support"])),
                seconds=round(out["seconds"], 2),
            )
            if "kept" in out:
                row["relevant_kept"] = float(np.mean(out["kept"][relevant]))
                with open(args.out, "a") as handle:
                    screen_row = dict(row, arm=f"screen_only@{arm}", f1=None)
                    screen_row["auc"] = bq.roc_auc(out["screen"], relevant)
                    handle.write(json.dumps(screen_row) + "\n")
            with open(args.out, "a") as handle:
                handle.write(json.dumps(row) + "\n")
            print(json.dumps(row), flush=True)


def main_leak(args):
    """The selection after a screen on the same rows against one on other
    rows: orange skin, 600 x 5,000; the selector always trains on rows
    0-299, the screen sees rows 0-299 (the same) or 300-599 (other)."""
    import torch

    torch.set_num_threads(1)
    X, y, relevant, task_type = make_task(
        "orange_skin", random_state=20, n_samples=600, n_features=5000
    )
    train = np.arange(300)
    for name, rows in (("same rows", train), ("other rows", np.arange(300, 600))):
        for k in args.k:
            kept = MarginalScreen(k=k).fit(X[rows], y[rows]).get_support()
            selector = _fit(X[train][:, kept], y[train], task_type, 20)
            support = np.zeros(X.shape[1], dtype=bool)
            support[kept] = selector.get_support()
            print(
                f"screen on {name}, k={k}: relevant kept "
                f"{int(kept[relevant].sum())} of {relevant.size}; selected "
                f"{int(support.sum())}, of them relevant "
                f"{int(support[relevant].sum())}",
                flush=True,
            )


def main_report(args):
    import pandas as pd

    df = pd.concat([pd.read_json(p, lines=True) for p in args.rows_files])
    for (rows, cols, seed), part in df.groupby(["rows", "columns", "seed"]):
        print(f"\n## {rows} x {cols}, seed {seed}\n")
        table = part.groupby("arm").agg(
            auc=("auc", "mean"),
            worst_auc=("auc", "min"),
            f1=("f1", "mean"),
            worst_f1=("f1", "min"),
            relevant_kept=("relevant_kept", "mean"),
            selected=("n_selected", "mean"),
            seconds=("seconds", "mean"),
            runs=("auc", "size"),
        )
        print(table.round(3).to_markdown())
        wide = part.pivot_table(index="family", columns="arm", values="auc")
        print("\nAUC per family\n")
        print(wide.round(3).to_markdown())
        wide = part.pivot_table(index="family", columns="arm", values="f1")
        print("\nF1 per family\n")
        print(wide.round(3).to_markdown())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--rows", type=int, default=300)
    run.add_argument("--columns", type=int, default=5000)
    run.add_argument("--seeds", type=int, nargs="+", default=[20])
    run.add_argument("--arms", nargs="+", default=["full", "screen1000", "rf"])
    run.add_argument("--shard", default="0/1")
    run.add_argument("--out", required=True)
    leak = sub.add_parser("leak")
    leak.add_argument("--k", type=int, nargs="+", default=[500, 1000])
    report = sub.add_parser("report")
    report.add_argument("rows_files", nargs="+")
    args = parser.parse_args(argv)
    {"run": main_run, "leak": main_leak, "report": main_report}[args.command](args)


if __name__ == "__main__":
    main()
