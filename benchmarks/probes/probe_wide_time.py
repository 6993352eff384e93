"""Time and peak memory of a default fit on very wide tables, with and
without a marginal screen first.

    python benchmarks/probes/probe_wide_time.py --columns 2000 20000 [--screen 1000]

300 rows; five relevant columns: two linear effects, a product of two
columns and a U-shaped one (``1.5 x0 - 1.5 x1 + 1.2 x2 x3 + 1.5 (|x4| -
0.8)``, binary labels through the logistic link); seed 0. Each fit runs in a
fresh process (its peak resident memory, ``ru_maxrss``, is its own) with
torch's default threads; run it on a quiet machine. Prints one line per
fit: seconds, peak memory, the ranks of the five relevant columns and the
selection. Output in ``benchmarks/results/wide_time.txt``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import warnings

import numpy as np


def make(n, d, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    logit = 1.5 * X[:, 0] - 1.5 * X[:, 1] + 1.2 * X[:, 2] * X[:, 3]
    logit += 1.5 * (np.abs(X[:, 4]) - 0.8)
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, y


def one_fit(d, screen):
    import torch
    from probe_screen import MarginalScreen

    from skdfs import DeepFeatureSelector

    X, y = make(300, d)
    start = time.perf_counter()
    kept = np.arange(d)
    if screen:
        kept = np.flatnonzero(MarginalScreen(k=screen).fit(X, y).get_support())
    selector = DeepFeatureSelector(random_state=0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        selector.fit(X[:, kept], y)
    seconds = time.perf_counter() - start
    scores = np.full(d, -1.0)
    scores[kept] = selector.feature_importances_
    order = np.argsort(-scores, kind="stable")
    ranks = [int(np.flatnonzero(order == j)[0]) + 1 for j in range(5)]
    selected = kept[selector.get_support()]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            dict(
                rows=300,
                columns=d,
                screen=screen,
                seconds=round(seconds, 1),
                peak_mb=round(peak),
                threads=torch.get_num_threads(),
                ranks_of_relevant=ranks,
                selected=selected.tolist()[:20],
                n_selected=int(selected.size),
                warnings=sorted({type(w.message).__name__ for w in caught}),
            )
        ),
        flush=True,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--screen", type=int, nargs="*", default=[0])
    parser.add_argument("--one", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        one_fit(*args.one)
        return
    for d in args.columns:
        for screen in args.screen:
            command = [sys.executable, __file__, "--one", str(d), str(screen)]
            subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
