"""Probe: training settings and threshold rules on the ground-truth suite.

    python benchmarks/probes/probe_selection.py [--seeds 0 1] [--configs ...]
        [--tasks ...] [--csv out.csv]

Fits ``DeepFeatureSelector(random_state=seed, **config)`` once per task, seed
and configuration on every task of ``benchmarks/bench_quality.py`` (the
synthetic suite and the four real tables with probes) and scores the one fit
under several threshold rules, so that the rules are compared on identical
importances:

- ``mean``, ``1.5*mean``, ``2*mean``: the SelectFromModel grammar;
- ``vote``: features above the mean importance in at least half of the used
  members.

Prints mean ROC-AUC, F1 per rule and seconds per configuration, and the
per-task F1 of every rule for each configuration, as Markdown.
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_quality import ALL_TASKS, load_task, roc_auc, support_f1  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402

CONFIGS = {
    "default": dict(),
    "bootstrap": dict(bootstrap=True),
    "wd1e-3": dict(weight_decay=1e-3),
    "dropout0.1": dict(dropout=0.1),
    "b64 lr1e-3": dict(batch_size=64, lr=1e-3),
    "patience30": dict(patience=30),
}


def rules(selector):
    """Boolean support of every threshold rule for one fitted selector."""
    fi = selector.feature_importances_
    used = selector.importances_[selector.members_used_]
    mean = fi.mean()
    return {
        "mean": fi > mean,
        "1.5*mean": fi > 1.5 * mean,
        "2*mean": fi > 2 * mean,
        "vote": (used > mean).mean(axis=0) >= 0.5,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS))
    parser.add_argument("--tasks", nargs="+", default=list(ALL_TASKS))
    parser.add_argument("--csv")
    args = parser.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("SKDFS_BENCH_THREADS", 2)))
    rows = []
    for task in args.tasks:
        for seed in args.seeds:
            X, y, relevant, _ = load_task(task, seed)
            for name in args.configs:
                selector = DeepFeatureSelector(random_state=seed, **CONFIGS[name])
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    selector.fit(X, y)
                seconds = time.perf_counter() - start
                row = dict(
                    task=task,
                    seed=seed,
                    config=name,
                    auc=roc_auc(selector.feature_importances_, relevant),
                    seconds=seconds,
                )
                for rule, support in rules(selector).items():
                    row[f"f1 {rule}"] = support_f1(support, relevant)
                rows.append(row)
                print(
                    f"{task:>18} {seed} {name:>12}: auc {row['auc']:.3f} "
                    f"f1(mean) {row['f1 mean']:.3f} {seconds:.1f} s",
                    file=sys.stderr,
                    flush=True,
                )
    df = pd.DataFrame(rows)
    if args.csv:
        df.to_csv(args.csv, index=False)
    metrics = [c for c in df.columns if c not in ("task", "seed", "config")]
    print(df.groupby("config")[metrics].mean().round(3).to_markdown())
    for name in args.configs:
        sub = df[df.config == name].groupby("task")[metrics].mean()
        print(f"\n{name}\n")
        print(sub.round(3).to_markdown())


if __name__ == "__main__":
    main()
