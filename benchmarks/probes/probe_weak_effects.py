"""Many weak effects: the default selection against the truth, with dumps for
``bench_rules.py``.

The twenty-third session's user trial had a linear target on 30 of 300
columns, each with an equal small effect (R^2 0.5 in all, 1,000 rows): the
ranking put the 30 first, but the default selection kept 125 to 140 columns
(95 to 110 of them noise). This script makes such tables at other sizes and
seeds (the trial's own table is not among them) and dumps every default fit
in the sweep's format, so that selection rules can be replayed offline:

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_weak_effects.py DIR --half tuning
    OMP_NUM_THREADS=1 python benchmarks/probes/probe_weak_effects.py DIR --half heldout
    python benchmarks/bench_rules.py DIR --rules path path_rate_bh05 ...
    ... --threshold probe: the same fits in probe mode (its own dumps)

Tuning: n x d x k in {1000x300x30, 500x100x10, 2000x200x20}, seeds 0, 1;
held-out: {800x400x40, 1500x150x15, 600x300x30}, seeds 10, 11. Each true
column has a coefficient of +-1 (+-0.5 to +-1.5 on the held-out half), the
noise is Gaussian with the signal's variance (R^2 about 0.5).
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench_sweep as bs  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402

CELLS = {
    "tuning": ([(1000, 300, 30), (500, 100, 10), (2000, 200, 20)], [0, 1]),
    "heldout": ([(800, 400, 40), (1500, 150, 15), (600, 300, 30)], [10, 11]),
}


def table(n, d, k, seed, half):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    relevant = np.sort(rng.choice(d, k, replace=False))
    beta = np.zeros(d)
    size = 1.0 if half == "tuning" else rng.uniform(0.5, 1.5, k)
    beta[relevant] = rng.choice([-1, 1], k) * size
    signal = X @ beta
    y = signal + rng.normal(0, signal.std(), n)
    return X, y, relevant


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--half", choices=sorted(CELLS), default="tuning")
    parser.add_argument("--threshold", default="auto", help="'auto' or 'probe'")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cells, seeds = CELLS[args.half]
    for n, d, k in cells:
        for seed in seeds:
            X, y, relevant = table(n, d, k, seed, args.half)
            start = time.perf_counter()
            selector = DeepFeatureSelector(
                random_state=seed, threshold=args.threshold
            ).fit(X, y)
            seconds = time.perf_counter() - start
            family = f"weak{k}"
            unit = bs.Unit(args.half, family, "synthetic", n, d, seed)
            method = "skdfs" if args.threshold == "auto" else f"skdfs:{args.threshold}"
            params = {} if args.threshold == "auto" else {"threshold": args.threshold}
            bs.dump_fit(
                str(out / bs.dump_name(unit, method)),
                selector,
                unit,
                method,
                json.dumps(params),
                relevant,
                "regression",
            )
            support = selector.get_support()
            true = np.zeros(d, bool)
            true[relevant] = True
            order = np.argsort(-selector.feature_importances_)
            print(
                f"{args.half} {n}x{d} k={k} seed {seed}: selected {support.sum()} "
                f"(true {(support & true).sum()}, noise {(support & ~true).sum()}); "
                f"true in the top k {true[order[:k]].sum()}; {seconds:.1f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
