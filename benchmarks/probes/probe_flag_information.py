"""Probe: how much the rare flag of ``make_rare_flag`` tells about ``y``.

Computes, under the generator's own model (``P(y = 1) = 1`` where the flag
is set, ``expit(x1 + x2 + x3 - 1)`` elsewhere), by Monte Carlo on many rows:

- the rise of the Bayes-optimal log loss when one column is removed and the
  rest kept (the flag: ``P(y = 1 | x) = r + (1 - r) expit(s)``; an ordinary
  column: integrated out over its N(0, 1) law by Gauss-Hermite quadrature),
  i.e. the conditional information the column adds;
- the marginal mutual information of each column alone with ``y``;
- the rise of the Bayes model's error rate when the column is permuted
  (permutation importance by accuracy).

::

    python benchmarks/probes/probe_flag_information.py [--rate 0.02] [--rows 400000]
"""

import argparse

import numpy as np
from scipy.special import expit


def log_loss(y, p):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -np.mean(np.where(y, np.log(p), np.log1p(-p)))


def entropy(p):
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return -(p * np.log(p) + (1 - p) * np.log1p(-p))


def main(rate, rows, seed=0):
    rng = np.random.default_rng(seed)
    flag = rng.random(rows) < rate
    X = rng.standard_normal((rows, 3))
    s = X.sum(axis=1) - 1.0
    p = np.where(flag, 1.0, expit(s))
    y = rng.random(rows) < p
    nodes, weights = np.polynomial.hermite_e.hermegauss(40)
    weights = weights / weights.sum()

    full = log_loss(y, p)
    without_flag = log_loss(y, rate + (1 - rate) * expit(s))
    rest = s - X[:, 0]
    integrated = (expit(rest[:, None] + nodes[None, :]) * weights).sum(axis=1)
    without_x1 = log_loss(y, np.where(flag, 1.0, integrated))

    prior = entropy(y.mean())
    mi_flag = prior - (
        rate * entropy(y[flag].mean()) + (1 - rate) * entropy(y[~flag].mean())
    )
    bins = np.quantile(X[:, 0], np.linspace(0, 1, 201))
    idx = np.clip(np.searchsorted(bins, X[:, 0]) - 1, 0, 199)
    counts = np.bincount(idx, minlength=200)
    rates = np.bincount(idx, weights=y, minlength=200) / np.maximum(counts, 1)
    mi_x1 = prior - np.sum(counts / rows * entropy(rates))

    error = np.mean((p > 0.5) != y)
    p_flag = np.where(rng.permutation(flag), 1.0, expit(s))
    Xp = X[:, 0].copy()
    rng.shuffle(Xp)
    p_x1 = np.where(flag, 1.0, expit(rest + Xp))
    print(f"flag rate {rate}, {rows} rows, Bayes log loss {full:.4f} nats")
    print(
        "column | loss rise when removed | mutual information alone | "
        "error rise, permuted"
    )
    print("---|---:|---:|---:")
    print(
        f"flag | {without_flag - full:.4f} | {mi_flag:.4f} | "
        f"{np.mean((p_flag > 0.5) != y) - error:.4f}"
    )
    print(
        f"x1 (any ordinary column) | {without_x1 - full:.4f} | {mi_x1:.4f} | "
        f"{np.mean((p_x1 > 0.5) != y) - error:.4f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=0.02)
    parser.add_argument("--rows", type=int, default=400_000)
    args = parser.parse_args()
    main(args.rate, args.rows)
