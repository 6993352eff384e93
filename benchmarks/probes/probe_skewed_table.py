"""A wide table of skewed, expression-like columns: raw or log(1 + x).

    OMP_NUM_THREADS=2 python benchmarks/probes/probe_skewed_table.py \
        [--csv omics.csv] > benchmarks/results/skewed_table.txt

The table (seed 7): 300 rows, 2,000 log-normal columns ``gene_0000`` ..
(``exp(2 + N(0, 1))``, skewness about 6), 1% of the cells missing, plus a
sample identifier, a text ``batch`` and a date column; ``y`` is a Bernoulli
draw with logit ``1.5 g10 - 1.5 g20 + 1.2 g30 g40``, ``g = log(gene) - 2``,
written as "responder" / "non-responder". ``--csv`` writes it (the raw
table of the ninth session's user trial, ``skdfs rank omics.csv -t response
[--log-skewed]``). Then, on the gene columns with their medians imputed: a
300-tree random forest's impurity importances, and the default
``DeepFeatureSelector(random_state=0)`` on the raw values and on
``log(1 + x)``; printed: the ranking's ROC-AUC for the four relevant genes,
their ranks, the members used and the seconds.
"""

import argparse
import os
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector

RELEVANT = [10, 20, 30, 40]


def omics_table(seed=7, n=300, d=2000):
    rng = np.random.RandomState(seed)
    X = rng.lognormal(mean=2, sigma=1, size=(n, d))
    g = np.log(X) - 2
    logit = 1.5 * g[:, 10] - 1.5 * g[:, 20] + 1.2 * g[:, 30] * g[:, 40]
    y = (rng.rand(n) < 1 / (1 + np.exp(-logit))).astype(int)
    df = pd.DataFrame(X, columns=[f"gene_{i:04d}" for i in range(d)])
    df = df.mask(rng.rand(n, d) < 0.01)
    df.insert(0, "sample_id", [f"S{i:05d}" for i in range(n)])
    df.insert(1, "batch", rng.choice(["plateA", "plateB", "plateC"], n))
    dates = pd.date_range("2024-01-01", periods=n, freq="D")
    df.insert(2, "collected", dates.strftime("%Y-%m-%d"))
    df["response"] = np.where(y == 1, "responder", "non-responder")
    return df


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", help="also write the raw table here")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"load average at the start {os.getloadavg()}\n")
    df = omics_table()
    if args.csv:
        df.to_csv(args.csv, index=False)
    y = (df["response"] == "responder").to_numpy().astype(int)
    genes = df.filter(like="gene_")
    X = genes.fillna(genes.median()).to_numpy()
    truth = np.isin(np.arange(X.shape[1]), RELEVANT)
    print("| model | AUC | ranks of genes 10, 20, 30, 40 | members used | s |")
    print("|---|---:|---|---:|---:|")
    fits = [
        ("random forest, 300 trees", None),
        ("DeepFeatureSelector, raw", X),
        ("DeepFeatureSelector, log(1 + x)", np.log1p(X)),
    ]
    for name, data in fits:
        start = time.perf_counter()
        if data is None:
            model = RandomForestClassifier(300, n_jobs=2, random_state=0).fit(X, y)
            scores, used = model.feature_importances_, "-"
        else:
            model = DeepFeatureSelector(random_state=0).fit(data, y)
            scores, used = model.feature_importances_, int(model.members_used_.sum())
        seconds = time.perf_counter() - start
        ranks = (np.argsort(np.argsort(-scores, kind="stable")) + 1)[RELEVANT]
        auc = roc_auc_score(truth, scores)
        print(f"| {name} | {auc:.3f} | {ranks.tolist()} | {used} | {seconds:.1f} |")
    print(f"\nload average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
