"""Probe: batch size, learning rate and widths on the ground-truth suite.

    python benchmarks/probes/probe_defaults.py [--seeds 0 1]

Fits DeepFeatureSelector(n_estimators=32) under several configurations on every
task of ``skdfs.datasets`` plus breast cancer with probes and reports the ROC-AUC
of ``feature_importances_`` (relevant vs the rest) and fit seconds.
"""

import argparse
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import TASK_NAMES, load_with_probes, make_task

CONFIGS = {
    "(64,64) b64 lr1e-3": dict(),
    "(64,64) b128 lr2e-3": dict(batch_size=128, lr=2e-3),
    "(64,64) b256 lr4e-3": dict(batch_size=256, lr=4e-3),
    "(128,128,128) b64 lr1e-3": dict(hidden_layer_sizes=(128, 128, 128)),
    "(128,128,128) b256 lr4e-3": dict(
        hidden_layer_sizes=(128, 128, 128), batch_size=256, lr=4e-3
    ),
}


def suite(seed):
    for name in TASK_NAMES:
        X, y, rel, _ = make_task(name, random_state=seed)
        yield name, X, y, rel
    data = load_with_probes("breast_cancer", random_state=seed)
    yield "cancer+probes", data.data, data.target, data.relevant


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--configs", nargs="*", default=list(CONFIGS))
    parser.add_argument("--tasks", nargs="*", default=None)
    args = parser.parse_args()
    rows = []
    for seed in args.seeds:
        for tname, X, y, rel in suite(seed):
            if args.tasks and tname not in args.tasks:
                continue
            truth = np.isin(np.arange(X.shape[1]), rel)
            for cname in args.configs:
                sel = DeepFeatureSelector(
                    n_estimators=32, random_state=seed, device="cpu", **CONFIGS[cname]
                )
                t = time.perf_counter()
                sel.fit(X, y)
                dt = time.perf_counter() - t
                auc = roc_auc_score(truth, sel.feature_importances_)
                rows.append((cname, tname, seed, auc, dt, sel.n_iter_))
                print(rows[-1], file=sys.stderr, flush=True)
    df = pd.DataFrame(rows, columns=["config", "task", "seed", "auc", "s", "epochs"])
    auc = df.pivot_table(index="config", columns="task", values="auc")
    auc["mean"] = auc.mean(axis=1)
    print(auc.round(3).to_markdown())
    print()
    sec = df.pivot_table(index="config", columns="task", values="s")
    sec["total"] = sec.sum(axis=1)
    print(sec.round(1).to_markdown())
