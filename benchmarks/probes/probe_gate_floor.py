"""Probe: how far the gates of irrelevant features fall in a default fit.

    python benchmarks/probes/probe_gate_floor.py [--tasks madelon correlated]
        [--seed 0] [--params '{"gate_l1": 0.01}']

For each task of ``benchmarks/bench_quality.py`` (the synthetic suite and the
real tables with probes) prints the epochs run, the members' median
best (restored) epoch, and ``d * feature_importances_`` (1 = the uniform
share) of the relevant features (range) and of the irrelevant ones (median and
maximum), with the number of features the default ``"mean"`` threshold keeps.
"""

import argparse
import json
import os
import sys
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_quality import load_task  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="+", default=["madelon", "correlated"])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--params", type=json.loads, default={})
    args = parser.parse_args(argv)
    for task in args.tasks:
        X, y, relevant, task_type = load_task(task, args.seed)
        params = dict(args.params)
        if task_type == "regression":
            # an integer-valued target (diabetes) would read as classes
            params.setdefault("task", "regression")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            selector = DeepFeatureSelector(random_state=args.seed, **params)
            selector.fit(X, y)
        d = X.shape[1]
        share = d * selector.feature_importances_
        noise = np.setdiff1d(np.arange(d), relevant)
        print(
            f"{task} {X.shape}: {selector.n_iter_} epochs of batch "
            f"{selector.batch_size_}, median best epoch "
            f"{np.median(selector.net_.member_best_epoch_):.0f}; d * importance: "
            f"relevant {share[relevant].min():.2f}-{share[relevant].max():.2f}, "
            f"irrelevant median {np.median(share[noise]):.2f} max "
            f"{share[noise].max():.2f}; 'mean' keeps "
            f"{int(selector.get_support().sum())} (relevant: {len(relevant)})"
        )


if __name__ == "__main__":
    main()
