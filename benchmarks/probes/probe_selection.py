"""Probe: training settings and threshold rules on the ground-truth suite.

    python benchmarks/probes/probe_selection.py [--seeds 0 1] [--configs ...]
        [--tasks ...] [--csv out.csv] [--save fits.pkl]
        [--params '{"importance_power": 1}']

Fits ``DeepFeatureSelector(random_state=seed, **params, **config)`` once per
task, seed and configuration (``--params``: JSON parameters added to every
configuration) on every task of ``benchmarks/bench_quality.py`` (the
synthetic suite and the four real tables with probes) and scores the one fit
under several threshold rules, so that the rules are compared on identical
importances:

- ``mean``, ``1.5*mean``, ``2*mean``: the SelectFromModel grammar;
- ``vote``: features above the mean importance in at least half of the used
  members;
- ``ci``: features whose one-sided 95% lower confidence bound (Student-t over
  the used members) is above the mean importance;
- ``gap``: the features above the largest gap between consecutive sorted
  log-importances;
- ``2-means``: the upper cluster of a two-means split of the log-importances;
- ``support``: the fitted selector's own ``get_support()`` (its
  ``threshold``: the probe test for the ``probe`` configuration);
- ``power1`` ... ``power6``: ``"mean"`` on the score of
  ``importance_power=p`` (the mean over the used members of each member's raw
  scores raised to the power p and renormalised), computed from the same fit;
  its ROC-AUC is reported as ``auc power1`` ... ``auc power6``.

Prints mean ROC-AUC, F1 per rule and seconds per configuration, and the
per-task F1 of every rule for each configuration, as Markdown. ``--save``
pickles every fit's ``importances_``, ``members_used_`` and the truth, for
rules evaluated later without refitting.
"""

import argparse
import json
import os
import pickle
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
    "b64 lr1e-3": dict(batch_size=64, lr=1e-3),
    "patience30": dict(patience=30),
    "weights": dict(importance="weights"),
    "weights l1 3e-3": dict(importance="weights", gate_l1=3e-3),
    "probe": dict(threshold="probe"),
}


def _two_means(values, n_iter=50):
    """Upper cluster of a two-means split of ``values`` (1-D)."""
    centres = np.array([values.min(), values.max()])
    for _ in range(n_iter):
        upper = np.abs(values - centres[1]) < np.abs(values - centres[0])
        centres = np.array(
            [
                values[~upper].mean() if (~upper).any() else centres[0],
                values[upper].mean() if upper.any() else centres[1],
            ]
        )
    return upper


def rules(selector):
    """Boolean support of every threshold rule for one fitted selector."""
    fi = selector.feature_importances_
    used = selector.importances_[selector.members_used_]
    mean = fi.mean()
    low, _ = selector.importance_interval(0.9)  # two-sided 90%: one-sided 95%
    log_fi = np.log(np.maximum(fi, 1e-12))
    ranked = np.sort(log_fi)[::-1]
    cut = np.argmax(ranked[:-1] - ranked[1:])  # the largest gap between ranks
    return {
        "mean": fi > mean,
        "1.5*mean": fi > 1.5 * mean,
        "2*mean": fi > 2 * mean,
        "vote": (used > mean).mean(axis=0) >= 0.5,
        "ci": low > mean,
        "gap": log_fi >= ranked[cut],
        "2-means": _two_means(log_fi),
        "support": selector.get_support(),
        **{f"power{p}": (s > s.mean()) for p, s in powered(selector).items()},
    }


def powered(selector, powers=(1, 2, 3, 4, 6)):
    """Mean over the used members of their raw scores ** p, renormalised.

    ``importances_`` already holds each member's scores to the power
    ``importance_power``, renormalised, so ``raw ** p`` is proportional to
    ``importances_ ** (p / importance_power)``.
    """
    used = selector.importances_[selector.members_used_]
    scores = {}
    for p in powers:
        shares = used ** (p / selector.importance_power)
        shares = shares / np.maximum(shares.sum(axis=1, keepdims=True), 1e-300)
        scores[p] = shares.mean(axis=0)
    return scores


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--configs", nargs="+", default=list(CONFIGS))
    parser.add_argument("--tasks", nargs="+", default=list(ALL_TASKS))
    parser.add_argument("--csv")
    parser.add_argument("--save")
    parser.add_argument("--params", type=json.loads, default={})
    args = parser.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("SKDFS_BENCH_THREADS", 2)))
    rows, fits = [], []
    for task in args.tasks:
        for seed in args.seeds:
            X, y, relevant, task_type = load_task(task, seed)
            for name in args.configs:
                params = {**args.params, **CONFIGS[name]}
                if task_type == "regression":
                    # an integer-valued target (diabetes) would read as classes
                    params.setdefault("task", "regression")
                selector = DeepFeatureSelector(random_state=seed, **params)
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
                for p, score in powered(selector).items():
                    row[f"auc power{p}"] = roc_auc(score, relevant)
                for rule, support in rules(selector).items():
                    row[f"f1 {rule}"] = support_f1(support, relevant)
                rows.append(row)
                fits.append(
                    dict(
                        task=task,
                        seed=seed,
                        config=name,
                        relevant=np.asarray(relevant),
                        importances=selector.importances_,
                        used=selector.members_used_,
                        support=selector.get_support(),
                    )
                )
                if args.save:
                    with open(args.save, "wb") as fh:
                        pickle.dump(fits, fh)
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
