"""Targets that no column predicts: how much the default selection keeps.

The twenty-third session's user trials saw two such fits select many
columns: a 75 x 2,000 expression half-table (1,009 columns, beside a
LowSignalWarning) and an AR(1) target independent of 120 sensor columns
with stretches of 300 rows kept whole (96 columns: the 12 of 32 members
that beat the constant predictor by chance voted). This script makes such
tables at other sizes and seeds (not the trials' own) and dumps every
default fit in the sweep's format, so that selection rules can be replayed
offline with ``bench_rules.py`` (the truth is empty: count the selection):

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_null_tables.py DIR --half tuning
    OMP_NUM_THREADS=1 python benchmarks/probes/probe_null_tables.py DIR --half heldout
    python benchmarks/probes/probe_null_tables.py --replay DIR [DIR ...]

``--replay`` prints, per dumped fit, how many columns each rule of
:data:`RULES` (``bench_rules.py``'s names) selects, and their sum per half.

Designs (seeds 0, 1, 2 on the tuning half; 10, 11, 12 held out):

- ``iid``: Gaussian columns, random labels (tuning 300 x 100, held out
  500 x 200);
- ``wide``: Gaussian columns, a Gaussian target, d > n (tuning 200 x 500,
  held out 120 x 800);
- ``blocks``: 60 co-expressed modules (each column 0.8 of its module's
  factor), random labels (tuning 75 x 2,000, held out 100 x 1,500);
- ``series``: 30 AR(1) sensors (phi 0.95) lagged by 0, 1, 5 and 20 rows, an
  AR(1) target (phi 0.99) independent of them, ``sample_groups`` of 300
  rows (tuning 6,000 rows, held out 4,000 rows of 25 sensors);
- ``tails``: Student-t (2 degrees of freedom) columns, labels with 10%
  positives (tuning 1,000 x 20, held out 2,000 x 40).
"""

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import bench_sweep as bs  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402

SIZES = {
    "tuning": {
        "iid": (300, 100),
        "wide": (200, 500),
        "blocks": (75, 2000),
        "series": (6000, 30),
        "tails": (1000, 20),
    },
    "heldout": {
        "iid": (500, 200),
        "wide": (120, 800),
        "blocks": (100, 1500),
        "series": (4000, 25),
        "tails": (2000, 40),
    },
}
SEEDS = {"tuning": [0, 1, 2], "heldout": [10, 11, 12]}
RULES = ("path_split_rate", "path_unclear_rate", "path_few_learned_rate")


def ar1(rng, shape, phi):
    out = np.zeros(shape)
    noise = rng.standard_normal(shape)
    for t in range(1, shape[0]):
        out[t] = phi * out[t - 1] + np.sqrt(1 - phi**2) * noise[t]
    return out


def table(design, n, d, seed):
    """``(X, y, task, sample_groups)`` with ``y`` independent of ``X``."""
    rng = np.random.default_rng(seed)
    groups = None
    if design == "iid":
        X, y, task = (
            rng.standard_normal((n, d)),
            rng.integers(0, 2, n),
            "classification",
        )
    elif design == "wide":
        X, y, task = rng.standard_normal((n, d)), rng.standard_normal(n), "regression"
    elif design == "blocks":
        modules = rng.standard_normal((n, 60))
        X = 0.8 * modules[:, rng.integers(0, 60, d)] + 0.6 * rng.standard_normal((n, d))
        y, task = rng.integers(0, 2, n), "classification"
    elif design == "series":
        sensors = ar1(rng, (n + 20, d), 0.95)
        X = np.column_stack(
            [
                sensors[20 - lag : n + 20 - lag, s]
                for s in range(d)
                for lag in (0, 1, 5, 20)
            ]
        )
        y, task = ar1(rng, (n,), 0.99), "regression"
        groups = np.arange(n) // 300
    elif design == "tails":
        X = rng.standard_t(2, (n, d))
        y, task = (rng.random(n) < 0.1).astype(int), "classification"
    else:
        raise ValueError(design)
    return X, y, task, groups


def replay(dirs):
    """Per dumped fit, the count each rule of :data:`RULES` selects."""
    import bench_rules as br

    print("fit | members used | gains unclear | " + " | ".join(RULES))
    print("---|---:|---|" + "---:|" * len(RULES))
    totals = {}
    for path in br.dump_paths(dirs):
        dump = br.load_dump(path)
        counts = [int(br.RULES[rule](dump).sum()) for rule in RULES]
        half = str(dump["half"])
        totals[half] = [
            a + b for a, b in zip(totals.get(half, [0] * len(RULES)), counts)
        ]
        used = np.asarray(dump["members_used_"], bool)
        print(
            f"{half} {dump['family']} "
            f"{int(dump['n_samples'])}x{int(dump['n_features'])} "
            f"seed {int(dump['seed'])} | {used.sum()}/{used.size} | "
            f"{'yes' if br.gains_unclear(dump) else 'no'} | "
            + " | ".join(map(str, counts))
        )
    for half, counts in totals.items():
        print(f"{half}: all fits | | | " + " | ".join(map(str, counts)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="*")
    parser.add_argument("--half", choices=sorted(SIZES), default="tuning")
    parser.add_argument("--designs", nargs="*", default=None)
    parser.add_argument("--replay", action="store_true")
    args = parser.parse_args()
    if args.replay:
        return replay(args.out)
    (out,) = args.out
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for design, (n, d) in SIZES[args.half].items():
        if args.designs and design not in args.designs:
            continue
        for seed in SEEDS[args.half]:
            X, y, task, groups = table(design, n, d, seed)
            start = time.perf_counter()
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                selector = DeepFeatureSelector(random_state=seed).fit(
                    X, y, sample_groups=groups
                )
            seconds = time.perf_counter() - start
            unit = bs.Unit(
                args.half, f"null_{design}", "synthetic", n, X.shape[1], seed
            )
            bs.dump_fit(
                str(out / bs.dump_name(unit, "skdfs")),
                selector,
                unit,
                "skdfs",
                json.dumps({}),
                np.array([], dtype=int),
                task,
            )
            kept = ~selector.member_diverged_
            gains = (
                1
                - selector.member_scores_[kept] / selector.member_baseline_scores_[kept]
            )
            kinds = sorted({w.category.__name__ for w in caught})
            print(
                f"{args.half} {design} {n}x{X.shape[1]} seed {seed}: selected "
                f"{int(selector.get_support().sum())}; members used "
                f"{int(selector.members_used_.sum())}/{selector.n_estimators}; median "
                f"gain {np.median(gains):.3f}; {seconds:.1f} s; "
                f"{', '.join(kinds) or '-'}",
                flush=True,
            )


if __name__ == "__main__":
    main()
