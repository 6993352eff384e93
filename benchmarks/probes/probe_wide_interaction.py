"""An interaction beside main effects, on a narrow and a wide table (#14).

    python benchmarks/probes/probe_wide_interaction.py --columns 50 500 \
        --seeds 0 1 [--arms default rf gate_l1=0 ...] [--shard K/N]

The target (binary): ``logit = 1.5 x0 - 1.2 |x1| + x2 x3 + 0.6`` on 2,000
rows of independent standard normal columns, the rest noise. The product's
part of the logit has the largest variance of the three (1.0 against 0.52
for ``1.2 |x1|``), yet it has no main effect: ``x2`` and ``x3`` each are
independent of the target. One JSON line per fit: the ranks (1 = first) of
the four relevant columns, how many columns were selected, the seconds.
Arms: ``default`` (``DeepFeatureSelector`` as shipped), ``rf`` (a random
forest of 300 trees, impurity importances), and any ``PARAM=VALUE`` for a
selector parameter (the value read as JSON).
"""

import argparse
import json
import time
import warnings

import numpy as np
import torch
from sklearn.ensemble import RandomForestClassifier

from skdfs import DeepFeatureSelector

ARMS = (
    "default",
    "rf",
    "gate_l1=0.0",
    "gate_l1=0.01",
    "lr=0.001",
    "weight_decay=0.01",
    "dropout=0.3",
    "max_steps=2000",
    'gate="stochastic"',
    'input_basis="linear"',
)


def make_table(n_samples, n_features, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, n_features))
    logit = 1.5 * X[:, 0] - 1.2 * np.abs(X[:, 1]) + X[:, 2] * X[:, 3] + 0.6
    y = (rng.random(n_samples) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, y


def run(arm, X, y, seed):
    start = time.perf_counter()
    if arm == "rf":
        forest = RandomForestClassifier(300, random_state=seed, n_jobs=1).fit(X, y)
        scores, n_selected = forest.feature_importances_, None
    else:
        params = {}
        if arm != "default":
            name, _, value = arm.partition("=")
            params[name] = json.loads(value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            selector = DeepFeatureSelector(random_state=seed, **params).fit(X, y)
        scores = selector.feature_importances_
        n_selected = int(selector.get_support().sum())
    ranks = [int((scores > scores[j]).sum()) + 1 for j in range(4)]
    return ranks, n_selected, time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--arms", nargs="+", default=list(ARMS))
    parser.add_argument(
        "--shard", default="1/1", help="K/N: every N-th fit from the K-th"
    )
    args = parser.parse_args(argv)
    k, n = (int(v) for v in args.shard.split("/"))
    torch.set_num_threads(1)
    units = [(d, s, a) for d in args.columns for s in args.seeds for a in args.arms]
    for i, (d, seed, arm) in enumerate(units):
        if i % n != k - 1:
            continue
        X, y = make_table(args.rows, d, seed)
        ranks, n_selected, seconds = run(arm, X, y, seed)
        row = dict(
            columns=d,
            rows=args.rows,
            seed=seed,
            arm=arm,
            ranks=ranks,
            n_selected=n_selected,
            seconds=round(seconds, 1),
        )
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
