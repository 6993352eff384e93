"""Speed of member-batched training against members trained one after another.

Run on a quiet machine (nothing else using the cores)::

    python benchmarks/bench_ensemble.py

It fits :class:`skdfs.DeepFeatureSelector` with early stopping off (every member
runs exactly ``--epochs`` epochs) for several ensemble sizes, trains the same
number of one-member selectors one after another, and reports seconds, time per
member, the training GFLOP/s and, from the same run, the float32
matrix-multiply GFLOP/s of this machine. The table is printed as markdown and
can be written to a file with ``--out``.

FLOPs counted: the dense layers' multiply-adds only (2 per weight per row
forward, 4 per weight per row backward, 2 per weight per validation row), so
the figure is comparable with the matrix-multiply peak; element-wise work,
Adam's update and data access are overhead that lowers it.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import torch

from skdfs import DeepFeatureSelector


def matmul_gflops(size=2048, repeat=10):
    """Best float32 ``size x size`` matrix-product throughput, GFLOP/s."""
    a = torch.randn(size, size)
    b = torch.randn(size, size)
    torch.mm(a, b)  # warm-up
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t)
    return 2 * size**3 / best / 1e9


def train_flops(n_members, n_train, n_valid, epochs, n_features, hidden, n_out):
    sizes = [n_features, *hidden, n_out]
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    per_epoch = 6 * weights * n_train + 2 * weights * n_valid
    return n_members * epochs * per_epoch


def fit_seconds(X, y, repeat, **params):
    best = np.inf
    for r in range(repeat):
        selector = DeepFeatureSelector(random_state=r, **params)
        t = time.perf_counter()
        selector.fit(X, y)
        best = min(best, time.perf_counter() - t)
    assert selector.n_iter_ == params["max_epochs"]
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[1, 8, 32, 100])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--n-samples", type=int, default=2000)
    parser.add_argument("--n-features", type=int, default=50)
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 128, 128])
    parser.add_argument("--batch-size", type=int, nargs="+", default=[64])
    parser.add_argument("--validation-fraction", type=float, default=0.2)
    parser.add_argument("--repeat", type=int, default=2, help="best of N fits")
    parser.add_argument(
        "--no-sequential", action="store_true", help="skip one-after-another runs"
    )
    parser.add_argument("--out", help="also write the markdown table here")
    args = parser.parse_args(argv)

    rng = np.random.RandomState(0)
    X = rng.randn(args.n_samples, args.n_features)
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    n_valid = int(np.floor(args.validation_fraction * args.n_samples / 2 + 0.5)) * 2
    n_train = args.n_samples - n_valid

    # Warm-up: the first fit in a process pays one-off start-up costs (~2 s).
    DeepFeatureSelector(n_estimators=2, max_epochs=1, patience=None).fit(X, y)
    peak = matmul_gflops()
    lines = [
        f"Machine: {platform.processor() or platform.machine()}, "
        f"{torch.get_num_threads()} torch threads, torch {torch.__version__}; "
        f"float32 matmul (2048^3): **{peak:.0f} GFLOP/s**.",
        f"Data: {args.n_samples} x {args.n_features}, hidden {tuple(args.hidden)}, "
        f"{args.epochs} epochs, early stopping off, validation_fraction "
        f"{args.validation_fraction}; best of {args.repeat}.",
        "",
        "| batch | members | batched s | s / member | sequential s | speed-up "
        "| GFLOP/s | % of matmul |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for batch_size in args.batch_size:
        common = dict(
            hidden_layer_sizes=tuple(args.hidden),
            max_epochs=args.epochs,
            patience=None,
            batch_size=batch_size,
            validation_fraction=args.validation_fraction,
            device="cpu",
        )
        one = None
        for members in args.members:
            batched = fit_seconds(X, y, args.repeat, n_estimators=members, **common)
            if args.no_sequential:
                seq = speed = float("nan")
            else:
                if one is None:
                    one = fit_seconds(X, y, args.repeat, n_estimators=1, **common)
                # Members one after another: ``members`` independent fits.
                t = time.perf_counter()
                for seed in range(members):
                    DeepFeatureSelector(
                        n_estimators=1, random_state=seed, **common
                    ).fit(X, y)
                seq = time.perf_counter() - t
                speed = seq / batched
            flops = train_flops(
                members,
                n_train,
                n_valid,
                args.epochs,
                args.n_features,
                args.hidden,
                1,
            )
            gflops = flops / batched / 1e9
            lines.append(
                f"| {batch_size} | {members} | {batched:.2f} | "
                f"{batched / members:.3f} | {seq:.2f} | {speed:.1f}x | "
                f"{gflops:.0f} | {100 * gflops / peak:.0f}% |"
            )
            print(lines[-1], flush=True)
    text = "\n".join(lines)
    print()
    print(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text + "\n")


if __name__ == "__main__":
    main()
