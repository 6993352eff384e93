"""Screening very wide tables before the ensemble: quality and time.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_screen.py run \
        --rows 300 --columns 5000 --seeds 20 --arms full screen500 screen1000 \
        screen2000 rf --shard K/2 --out ROWS.jsonl
    python benchmarks/probes/probe_screen.py report ROWS.jsonl [...]

Every synthetic family of :data:`skdfs.datasets.TASK_NAMES` at ``--rows`` x
``--columns`` (wider than the sweep's widest cell, 250 x 1,000), seeds
outside both sweep halves. Arms, each on the same data, one after another in
this process (one torch thread; two shards at once on the 2-core machine):

- ``full``: ``DeepFeatureSelector(random_state=seed)`` on every column;
- ``screenK``: ``MarginalScreen(k=K)`` then the default selector on the
  ``K`` columns kept; the ranking puts the kept columns first (by the
  selector's importance, ties by the screen's score), then the others by the
  screen's score; the screened-out columns are never selected;
- ``screen_only``: the screen's scores (no selection), from every screenK run;
- ``rf``: a 300-tree random forest's impurity importances, selection by
  ``SelectFromModel`` (the sweep's ``rf``).

Per run: ROC-AUC of the ranking (relevant against the rest), F1 of the
selection, whether every relevant column survived the screen, seconds.
The choice rule, written before the runs: seed 20 chooses the smallest K
whose mean AUC and mean F1 are within 0.01 of the best screened arm; seed 21
reports the chosen K beside ``full`` and ``rf``. Output in
``benchmarks/results/screen_wide*.jsonl`` and ``screen_wide.md``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bench_quality as bq  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.datasets import TASK_NAMES, make_task  # noqa: E402
from skdfs.screening import MarginalScreen  # noqa: E402


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
        k = int(arm.removeprefix("screen"))
        screen = MarginalScreen(k=k, task=task_type).fit(X, y)
        kept = screen.get_support()
        selector = _fit(X[:, kept], y, task_type, seed)
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
    report = sub.add_parser("report")
    report.add_argument("rows_files", nargs="+")
    args = parser.parse_args(argv)
    (main_run if args.command == "run" else main_report)(args)


if __name__ == "__main__":
    main()
