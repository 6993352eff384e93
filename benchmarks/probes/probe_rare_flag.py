"""Where the rare flag ranks under each importance method (issue #14).

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_rare_flag.py \
        [--half tuning] [--sizes 500x20 1000x100 250x500]
        [--methods gate permutation gradient] [--shard K/N]

Fits ``DeepFeatureSelector(importance=METHOD, random_state=seed)`` (the
default otherwise: the gate path runs, and blends into the ranking for
``"gate"`` only) on the sweep's ``rare_flag`` units of a half
(``bench_sweep.plan``), and prints per fit the flag's rank among all columns
(1 = first), the ranking's ROC-AUC, the selection's F1 and the seconds.
"""

import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import bench_quality as bq  # noqa: E402
import bench_sweep as bs  # noqa: E402


def size(text):
    """``NxD`` -> ``(N, D)``."""
    n, d = text.lower().split("x")
    return int(n), int(d)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", default="tuning", choices=bs.HALVES)
    parser.add_argument("--methods", nargs="+", default=["gate", "permutation"])
    parser.add_argument("--sizes", nargs="+", type=size, default=None)
    parser.add_argument("--shard", default="0/1", help="K/N: every N-th unit from K")
    args = parser.parse_args()
    k, n = (int(v) for v in args.shard.split("/"))
    units = bs.plan(args.half, ["rare_flag"], args.sizes, real=())[k::n]
    print(f"$ python {' '.join(sys.argv)}")
    for unit in units:
        X, y, relevant, task = bs.load_unit(unit)
        for method in args.methods:
            start = time.perf_counter()
            sel, _ = bq.fit_skdfs(X, y, task, unit.seed, {"importance": method})
            row = bs.score_row(
                np.asarray(sel.feature_importances_),
                sel.get_support(),
                relevant,
                "rare_flag",
            )
            print(
                f"{unit.n_samples}x{unit.n_features} seed {unit.seed} {method:12s} "
                f"flag rank {row['flag_rank']:5.1f}  auc {row['auc']:.3f}  "
                f"f1 {row['f1']:.3f}  {time.perf_counter() - start:6.1f} s",
                flush=True,
            )


if __name__ == "__main__":
    main()
