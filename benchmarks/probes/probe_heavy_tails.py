"""Heavy-tailed regression targets: squared error against ``loss="huber"``.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_heavy_tails.py --half tuning
    OMP_NUM_THREADS=1 python benchmarks/probes/probe_heavy_tails.py --half heldout

A user trial found a regression target with Student-t noise (1.5 degrees of
freedom) for which the default selected nothing, silently, though the two
strongest columns ranked first and second. The target here is ``0.8 x0 +
0.6 x1 + 0.5 x2 x3`` (four true columns, the first four) plus noise of five
kinds:

- ``t1.5``, ``t2.5``: 0.5 times Student-t noise with 1.5 and 2.5 degrees of
  freedom;
- ``outliers``: 0.5 times Gaussian noise, 5% of the rows' noise 20 times
  larger;
- ``lognormal``: ``exp(signal + 0.5 N(0, 1))``, a positive skewed quantity;
- ``gauss``: 0.5 times Gaussian noise (the control).

Halves (the sweep's way: sizes and seeds differ): tuning 500x20, 1000x50,
2000x200, seeds 0 and 1; held-out 800x30, 1500x100, 300x500 (more columns
than rows), seeds 10 and 11. Per fit, ``loss="squared_error"`` (the default
before) and ``loss="huber"``: ROC-AUC of the ranking (true against the rest),
true columns selected (of 4), noise columns selected, F1, the warnings
raised, seconds; and which of the two ``loss="auto"`` trains with (Huber's
where the target's :func:`~skdfs._targets.tail_share` exceeds a third).
Last: per noise kind and loss, the means and the worst F1, with "auto" the
rows of the loss it picks.
"""

import argparse
import time
import warnings

import numpy as np
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs._targets import NetTargetEncoder

KINDS = ("t1.5", "t2.5", "outliers", "lognormal", "gauss")
HALVES = {
    "tuning": ([(500, 20), (1000, 50), (2000, 200)], (0, 1)),
    "heldout": ([(800, 30), (1500, 100), (300, 500)], (10, 11)),
}


def table(kind, n, d, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    signal = 0.8 * X[:, 0] + 0.6 * X[:, 1] + 0.5 * X[:, 2] * X[:, 3]
    if kind == "lognormal":
        return X, np.exp(signal + 0.5 * rng.standard_normal(n))
    if kind == "outliers":
        noise = rng.standard_normal(n)
        noise[rng.random(n) < 0.05] *= 20
    elif kind == "gauss":
        noise = rng.standard_normal(n)
    else:
        noise = rng.standard_t(float(kind[1:]), n)
    return X, signal + 0.5 * noise


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=list(HALVES), default="tuning")
    args = parser.parse_args()
    sizes, seeds = HALVES[args.half]
    print(f"half {args.half}: sizes {sizes}, seeds {seeds}")
    print(
        "kind       size      seed loss           auc  true noise    f1  seconds  "
        "warnings"
    )
    rows = []
    for kind in KINDS:
        for n, d in sizes:
            for seed in seeds:
                X, y = table(kind, n, d, seed)
                truth = np.arange(d) < 4
                auto = NetTargetEncoder("auto", "auto")
                auto.fit_transform(y)
                for loss in ("squared_error", "huber"):
                    with warnings.catch_warnings(record=True) as caught:
                        warnings.simplefilter("always")
                        start = time.perf_counter()
                        s = DeepFeatureSelector(random_state=seed, loss=loss).fit(X, y)
                        seconds = time.perf_counter() - start
                    support = s.get_support()
                    tp, fp = int(support[:4].sum()), int(support[4:].sum())
                    f1 = 2 * tp / (2 * tp + fp + (4 - tp))
                    auc = roc_auc_score(truth, s.feature_importances_)
                    names = sorted({type(w.message).__name__ for w in caught})
                    rows.append((kind, loss, auc, tp, fp, f1))
                    if loss == auto.loss_:
                        rows.append((kind, "auto", auc, tp, fp, f1))
                    print(
                        f"{kind:10} {n:4}x{d:<4} {seed:4} {loss:13} {auc:6.3f} "
                        f"{tp:5} {fp:5} {f1:5.2f} {seconds:8.1f}  "
                        f"{','.join(names) or '-'}"
                        + ("  <- auto" if loss == auto.loss_ else ""),
                        flush=True,
                    )
    print(
        "\nkind       loss           mean auc  mean true  mean noise  mean f1  worst f1"
    )
    for kind in KINDS:
        for loss in ("squared_error", "huber", "auto"):
            r = np.array([row[2:] for row in rows if row[0] == kind and row[1] == loss])
            print(
                f"{kind:10} {loss:13} {r[:, 0].mean():9.3f} {r[:, 1].mean():10.2f} "
                f"{r[:, 2].mean():11.2f} {r[:, 3].mean():8.2f} {r[:, 3].min():9.2f}"
            )


if __name__ == "__main__":
    main()
