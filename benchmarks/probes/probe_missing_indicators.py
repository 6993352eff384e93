"""Missing-value indicators on a wide table: the encoder's own, or none.

    P=benchmarks/probes/probe_missing_indicators.py
    for s in 1 2 3; do OMP_NUM_THREADS=1 python -W ignore $P $s default; done
    for s in 1 2 3; do OMP_NUM_THREADS=1 python -W ignore $P $s imputed; done
    # the two loops at once, one per core; their lines are
    # benchmarks/results/missing_indicators.jsonl

An expression-like table (fifteenth session's user trial, 2026-12-06):
400 rows, a text ``site`` and ``sex``, ``age`` (10% missing) and 500
log-scale gene columns in 50 co-expressed modules of 10 (3% of the cells
missing, completely at random); the label is a Bernoulli draw with logit
``1.2 z(g3) + 1.5 z(g150) z(g270) + (z(g420)**2 - 1) + 0.8 z(age)``.
``default`` hands the frame with its missing values to
``DeepFeatureSelector(random_state=0)``, whose encoder imputes medians and
adds a missingness indicator per column that had missing values (502 of
them, in each column's gate group: 1,014 network inputs); ``imputed`` fills
the medians first, so no indicator is added (513 inputs). Printed per run:
the ranking's ROC-AUC over the columns for the five relevant ones, their
ranks (1 is best), the selected columns and the seconds (both loops ran at
once, so the seconds are a shared machine's).
"""

import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector

TRUTH = {"GENE0003", "GENE0150", "GENE0270", "GENE0420", "age"}


def z(v):
    return (v - v.mean()) / v.std()


def make(seed, n=400, g=500, miss=0.03):
    rng = np.random.default_rng(seed)
    modules = rng.normal(size=(n, 50))
    genes = 0.8 * np.repeat(modules, 10, axis=1) + 0.6 * rng.normal(size=(n, g))
    age = rng.normal(55, 12, size=n)
    logit = (
        1.2 * z(genes[:, 3])
        + 1.5 * z(genes[:, 150]) * z(genes[:, 270])
        + (z(genes[:, 420]) ** 2 - 1)
        + 0.8 * z(age)
    )
    p = 1 / (1 + np.exp(-logit))
    y = np.where(rng.random(n) < p, "responder", "non-responder")
    df = pd.DataFrame(
        {
            "site": rng.choice(["Boston", "Lyon", "Osaka"], size=n),
            "sex": rng.choice(["F", "M"], size=n),
            "age": age,
        }
    )
    df.loc[rng.random(n) < 0.1, "age"] = np.nan
    gdf = pd.DataFrame(genes, columns=[f"GENE{j:04d}" for j in range(g)])
    gdf = gdf.mask(rng.random(gdf.shape) < miss)
    return pd.concat([df, gdf], axis=1), y


def main():
    seed, variant = int(sys.argv[1]), sys.argv[2]
    X, y = make(seed)
    if variant == "imputed":
        num = X.select_dtypes("number").columns
        X[num] = X[num].fillna(X[num].median())
    t = time.time()
    sel = DeepFeatureSelector(random_state=0).fit(X, y)
    names = list(X.columns)
    truth = np.array([c in TRUTH for c in names])
    imp = sel.feature_importances_
    ranks = {c: int((imp > imp[names.index(c)]).sum()) + 1 for c in sorted(TRUTH)}
    row = {
        "seed": seed,
        "variant": variant,
        "auc": roc_auc_score(truth, imp),
        "selected": [c for c, s in zip(names, sel.get_support()) if s],
        "ranks": ranks,
        "seconds": round(time.time() - t, 1),
    }
    print(json.dumps(row))


if __name__ == "__main__":
    main()
