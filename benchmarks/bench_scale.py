"""Fit time and peak memory as rows, features and members grow.

    python benchmarks/bench_scale.py            # the full grid (quiet machine)
    python benchmarks/bench_scale.py --quick    # a small grid

Every configuration runs in a fresh Python process, so the reported peak
resident memory (``ru_maxrss``) belongs to that configuration alone; it
includes the input array itself (float64, as a user would pass it). Each fit
runs ``--epochs`` epochs with early stopping off; seconds per epoch and the
training GFLOP/s (dense multiply-adds, as in ``bench_ensemble.py``) are
reported beside the machine's float32 matrix-multiply figure from the same run.
"""

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
import numpy as np
from skdfs import DeepFeatureSelector
n, d, E, epochs = map(int, sys.argv[1:5])
rng = np.random.RandomState(0)
X = rng.standard_normal((n, d))
y = (X[:, 0] * X[:, 1] > 0).astype(int)
# Warm-up: the first fit in a process pays one-off start-up costs (~2 s).
DeepFeatureSelector(n_estimators=1, max_epochs=1, patience=None).fit(X[:64, :8], y[:64])
sel = DeepFeatureSelector(n_estimators=E, max_epochs=epochs, patience=None,
                          random_state=0, device="cpu")
t = time.perf_counter()
sel.fit(X, y)
seconds = time.perf_counter() - t
sizes = [d, *[l.out_features for l in sel.net_.module_.hidden], 1]
print(json.dumps(dict(seconds=seconds, epochs=sel.n_iter_,
    peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    weights=sum(a * b for a, b in zip(sizes[:-1], sizes[1:])))))
"""

FULL = [
    # (n_samples, n_features, n_estimators)
    (1000, 100, 32),
    (5000, 100, 32),
    (20000, 100, 32),
    (50000, 100, 32),
    (5000, 1000, 32),
    (5000, 5000, 32),
    (5000, 20000, 32),
    (5000, 100, 8),
    (5000, 100, 100),
]
QUICK = [(1000, 100, 8), (2000, 100, 8), (1000, 400, 8), (1000, 100, 16)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args(argv)
    sys.path.insert(0, __file__.rsplit("/", 1)[0])
    from bench_ensemble import matmul_gflops

    peak = matmul_gflops()
    print(f"float32 matmul: {peak:.0f} GFLOP/s (same run)\n")
    print(
        "| n_samples | n_features | members | s / epoch | s / epoch / (n*d) x1e6 "
        "| GFLOP/s | % of matmul | peak memory MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, d, E in QUICK if args.quick else FULL:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(n), str(d), str(E), str(args.epochs)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        per_epoch = r["seconds"] / r["epochs"]
        n_train, n_valid = round(0.8 * n), round(0.2 * n)
        flops = E * (6 * r["weights"] * n_train + 2 * r["weights"] * n_valid)
        gflops = flops / per_epoch / 1e9
        print(
            f"| {n} | {d} | {E} | {per_epoch:.2f} | {1e6 * per_epoch / (n * d):.2f} "
            f"| {gflops:.0f} | {100 * gflops / peak:.0f}% | {r['peak_mb']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
