"""How many members the gate path's vote needs (the ``n_estimators`` docstring).

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_member_count.py

The gate path selects a column that a quarter of the used members keep (at
least two). With 8 members two members decide, so a pair of members whose
level keeps noise columns selects them. Tables: regressions on 15 columns
with three true columns (columns 0-2), one linear (``y = x0 + 0.8 x1 + 0.6
x2``), one non-linear (``sin(2 x0) + x1**2 + x2``), plus Gaussian noise:
1,000 rows with noise sd 0.5 (strong signal) and 200 rows with noise sd 1.5
(weak); seeds 0-5. Per fit and member count (8, 16, 32): the number of true
columns selected, the number of noise columns selected, and seconds. Last:
the totals per member count and case.
"""

import time
import warnings

import numpy as np

from skdfs import DeepFeatureSelector

CASES = [  # kind, rows, noise sd
    ("linear", 1000, 0.5),
    ("nonlinear", 1000, 0.5),
    ("linear", 200, 1.5),
    ("nonlinear", 200, 1.5),
]
SEEDS = range(6)
MEMBERS = (8, 16, 32)


def table(kind, n, sd, seed, d=15):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if kind == "linear":
        signal = X[:, 0] + 0.8 * X[:, 1] + 0.6 * X[:, 2]
    else:
        signal = np.sin(2 * X[:, 0]) + X[:, 1] ** 2 + X[:, 2]
    return X, signal + sd * rng.normal(size=n)


def main():
    warnings.simplefilter("ignore")
    totals = {}
    print("kind       rows  sd  seed members  true  noise  seconds")
    for kind, n, sd in CASES:
        for seed in SEEDS:
            X, y = table(kind, n, sd, seed)
            for m in MEMBERS:
                start = time.perf_counter()
                s = DeepFeatureSelector(n_estimators=m, random_state=seed).fit(X, y)
                seconds = time.perf_counter() - start
                support = s.get_support()
                true, noise = int(support[:3].sum()), int(support[3:].sum())
                total = totals.setdefault((n, sd, m), [0, 0, 0])
                total[0] += true
                total[1] += noise
                total[2] += noise > 0
                print(
                    f"{kind:10} {n:4} {sd:3} {seed:4} {m:7} {true:5} {noise:6} "
                    f"{seconds:8.1f}"
                )
    fits = 2 * len(SEEDS)
    print(f"\ntotals per case over {fits} fits (true columns: {3 * fits} in all)")
    print("rows  sd  members  true selected  noise selected  fits with noise")
    for (n, sd, m), (true, noise, fits_noise) in totals.items():
        print(f"{n:4} {sd:3} {m:8} {true:14} {noise:15} {fits_noise:16}")


if __name__ == "__main__":
    main()
