"""Rows in time order: random validation rows against stretches of rows.

The tables of the twenty-third session's user trial (sensors): 6,000
time-ordered rows, 30 AR(1) sensors (phi 0.95) with copies lagged by 0, 1,
5 and 20 rows (120 columns). Two targets: ``sin(2 s03_lag5) + 0.5
s07_lag0**2`` plus noise (the truth: those two columns), and an AR(1) series
(phi 0.99) independent of every column (the truth: nothing). Each is fitted
with the defaults, once with the members' random validation rows and once
with ``sample_groups=numpy.arange(n) // 300``.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_row_order.py \
        > benchmarks/results/row_order.txt
"""

import time
import warnings

import numpy as np

from skdfs import DeepFeatureSelector


def sensors(seed=0, n=6000, n_sensors=30, phi=0.95):
    rng = np.random.default_rng(seed)
    T = n + 20
    Z = np.zeros((T, n_sensors))
    E = rng.standard_normal((T, n_sensors))
    for t in range(1, T):
        Z[t] = phi * Z[t - 1] + np.sqrt(1 - phi**2) * E[t]
    names, columns = [], []
    for s in range(n_sensors):
        for lag in (0, 1, 5, 20):
            names.append(f"s{s:02d}_lag{lag}")
            columns.append(Z[20 - lag : T - lag, s])
    X = np.column_stack(columns)
    signal = np.sin(2 * X[:, names.index("s03_lag5")])
    signal += 0.5 * X[:, names.index("s07_lag0")] ** 2 + rng.normal(0, 0.3, n)
    z = np.zeros(n)
    e = rng.standard_normal(n)
    for t in range(1, n):
        z[t] = 0.99 * z[t - 1] + np.sqrt(1 - 0.99**2) * e[t]
    return X, names, {"signal": signal, "independent": z}


def main():
    X, names, targets = sensors()
    truth = {"signal": {"s03_lag5", "s07_lag0"}, "independent": set()}
    print(
        f"{'target':<12} {'validation':<22} {'selected':>8} {'true':>5} "
        f"{'noise':>6} {'median gain':>11} {'seconds':>8}  warnings; top 3"
    )
    for target, y in targets.items():
        for label, groups in (
            ("random rows", None),
            ("stretches of 300", np.arange(len(y)) // 300),
        ):
            start = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                s = DeepFeatureSelector(random_state=0).fit(X, y, sample_groups=groups)
            seconds = time.perf_counter() - start
            kept = {names[j] for j in np.flatnonzero(s.get_support())}
            gain = np.median(1 - s.member_scores_ / s.member_baseline_scores_)
            top = [names[j] for j in np.argsort(-s.feature_importances_)[:3]]
            kinds = sorted({w.category.__name__ for w in caught})
            print(
                f"{target:<12} {label:<22} {len(kept):>8} "
                f"{len(kept & truth[target]):>5} {len(kept - truth[target]):>6} "
                f"{gain:>11.3f} {seconds:>8.1f}  {', '.join(kinds) or '-'}; "
                f"{', '.join(top)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
