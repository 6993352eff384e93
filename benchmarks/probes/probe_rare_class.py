"""Rare classes: members that start at the class prior against a random bias.

The twenty-fourth session's user trial had linear members on an 11%
class that did not beat the constant predictor (13 of 32, with a
LowSignalWarning), and a 7% churn table where the default members stopped
at epoch 3 or 4 and the warning said that the target may not depend on the
columns at all, where a logistic regression gained 9.7% of log-loss. The
output bias started at a random value near 0 (a probability near one half)
and Adam's steps of about ``lr`` move it about 2 logits in the step budget,
so the first epochs went to the prior. Now each member's output bias starts
at its training rows' best constant (``EnsembleNet(output_start=...)``).

This script fits logistic targets with rare positives both ways (the old
start emulated by patching ``skdfs._base.start_outputs`` to give None) and
prints, per fit, the members that beat the constant, the ranking's AUC
(relevant against the rest), the selection's F1 and the warnings:

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_rare_class.py --half tuning
    OMP_NUM_THREADS=1 python benchmarks/probes/probe_rare_class.py --half heldout

The target: ``logit = b + x0 - x1 + 0.8 x2 x3`` on Gaussian columns, ``b``
set for the positive rate (tuning: 3%, 7%, 15% on 2,000 x 30 and
4,000 x 100, seeds 0 and 1; held out: 5% and 10% on 3,000 x 50 and
1,500 x 200, seeds 10 and 11); the relevant columns are x0 to x3.
"""

import argparse
import time
import warnings
from unittest import mock

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

import skdfs._base
from skdfs import DeepFeatureSelector

CELLS = {
    "tuning": ([0.03, 0.07, 0.15], [(2000, 30), (4000, 100)], [0, 1]),
    "heldout": ([0.05, 0.10], [(3000, 50), (1500, 200)], [10, 11]),
}


def table(rate, n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    signal = X[:, 0] - X[:, 1] + 0.8 * X[:, 2] * X[:, 3]
    lo, hi = -12.0, 4.0  # the intercept for the rate, by bisection
    for _ in range(60):
        b = (lo + hi) / 2
        if np.mean(1 / (1 + np.exp(-(b + signal)))) < rate:
            lo = b
        else:
            hi = b
    y = (rng.random(n) < 1 / (1 + np.exp(-(b + signal)))).astype(int)
    return X, y


def fit(X, y, seed, start):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if start:
            selector = DeepFeatureSelector(random_state=seed).fit(X, y)
        else:
            with mock.patch.object(skdfs._base, "start_outputs", lambda *a: None):
                selector = DeepFeatureSelector(random_state=seed).fit(X, y)
    kinds = sorted(
        {w.category.__name__ for w in caught if "Warning" in w.category.__name__}
    )
    return selector, kinds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=sorted(CELLS), default="tuning")
    args = parser.parse_args()
    rates, sizes, seeds = CELLS[args.half]
    print(
        "half | rate | n x d | seed | start | members used | AUC | F1 | selected",
        end="",
    )
    print(" | s | warnings")
    print("---|---:|---|---:|---|---:|---:|---:|---:|---:|---")
    totals = {}
    for rate in rates:
        for n, d in sizes:
            for seed in seeds:
                X, y = table(rate, n, d, seed)
                truth = np.zeros(d, bool)
                truth[:4] = True
                for start in (False, True):
                    t0 = time.perf_counter()
                    sel, kinds = fit(X, y, seed, start)
                    seconds = time.perf_counter() - t0
                    auc = roc_auc_score(truth, sel.feature_importances_)
                    f1 = f1_score(truth, sel.get_support(), zero_division=0.0)
                    used = int(sel.members_used_.sum())
                    label = "prior" if start else "random"
                    row = totals.setdefault(label, [])
                    row.append((auc, f1, used, "LowSignalWarning" in kinds))
                    print(
                        f"{args.half} | {y.mean():.3f} | {n}x{d} | {seed} | {label} | "
                        f"{used}/32 | {auc:.3f} | {f1:.3f} | "
                        f"{int(sel.get_support().sum())} | {seconds:.1f} | "
                        f"{', '.join(kinds) or '-'}",
                        flush=True,
                    )
    for label, rows in totals.items():
        a = np.array(rows, dtype=float)
        print(
            f"{label}: mean AUC {a[:, 0].mean():.3f} (worst {a[:, 0].min():.3f}), "
            f"mean F1 {a[:, 1].mean():.3f} (worst {a[:, 1].min():.3f}), "
            f"members used {a[:, 2].mean():.1f}, LowSignalWarning in "
            f"{int(a[:, 3].sum())} of {len(a)}"
        )


if __name__ == "__main__":
    main()
