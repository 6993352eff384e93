"""GPU target of issue #16: 100 members on 100,000 x 1,000 in under 20 s.

    python benchmarks/bench_gpu.py            # needs CUDA
    python benchmarks/bench_gpu.py --smoke    # tiny, on whatever device exists

Fits :class:`skdfs.DeepFeatureSelector` with its default parameters and
``n_estimators=100`` on a 100,000 x 1,000 classification table
(``make_classification``, 20 informative columns) on the GPU, after one small
warm-up fit (CUDA context, kernels). Prints the fit's seconds beside the
target, the epochs run, seconds per epoch and the training's dense-layer
GFLOP/s against the float32 matrix-product rate of the same device measured in
the same run, and whether the informative columns lead the ranking.
``--smoke`` runs the same code on 2,000 x 50 with 8 members and 2 epochs, on
CUDA if present, else on the CPU, so the script is known to work the day a
GPU is lent (``tests/test_cuda.py`` runs it).
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import torch
from sklearn.datasets import make_classification

from skdfs import DeepFeatureSelector

TARGET_S = 20.0


def matmul_gflops(device, size=4096, repeat=10):
    """Best float32 matrix-product rate on ``device``, GFLOP/s."""
    a = torch.randn(size, size, device=device)
    b = torch.randn(size, size, device=device)
    torch.mm(a, b)
    best = np.inf
    for _ in range(repeat):
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        t = time.perf_counter()
        torch.mm(a, b)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        best = min(best, time.perf_counter() - t)
    return 2 * size**3 / best / 1e9


def run(n_samples, n_features, members, device, max_epochs=None, informative=20):
    X, y = make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=informative,
        n_redundant=0,
        shuffle=False,  # the informative columns come first
        random_state=0,
    )
    params = dict(n_estimators=members, device=str(device), random_state=0)
    if max_epochs is not None:
        params.update(max_epochs=max_epochs, patience=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        DeepFeatureSelector(
            **{**params, "n_estimators": 2, "max_epochs": 1, "patience": None}
        ).fit(X[:1000], y[:1000])
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        t = time.perf_counter()
        selector = DeepFeatureSelector(**params).fit(X, y)
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        seconds = time.perf_counter() - t
    net = selector.net_
    epochs = len(net.history)
    sizes = [n_features, *selector.hidden_layer_sizes, net.module_.n_outputs]
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    n_valid = int(round(selector.validation_fraction * n_samples))
    flops = members * epochs * weights * (6 * (n_samples - n_valid) + 2 * n_valid)
    top = np.argsort(selector.feature_importances_)[::-1][:informative]
    hits = int(np.sum(top < informative))
    return dict(
        seconds=seconds, epochs=epochs, flops=flops, hits=hits, informative=informative
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="tiny run on any device (checks the script)",
    )
    args = parser.parse_args(argv)
    cuda = torch.cuda.is_available()
    if not cuda and not args.smoke:
        parser.error("no CUDA device: run with --smoke, or on a machine with a GPU")
    device = torch.device("cuda" if cuda else "cpu")
    peak = matmul_gflops(device, size=1024 if args.smoke else 4096)
    if args.smoke:
        r = run(2_000, 50, 8, device, max_epochs=2, informative=5)
    else:
        r = run(100_000, 1_000, 100, device)
    name = torch.cuda.get_device_name(device) if cuda else "cpu"
    rate = r["flops"] / r["seconds"] / 1e9
    lines = [
        f"Device: {name}; float32 matmul {peak:.0f} GFLOP/s (this run).",
        f"Fit: {r['seconds']:.1f} s (target: under {TARGET_S:.0f} s"
        f"{'' if not args.smoke else ', full run only'}), {r['epochs']} epochs, "
        f"{r['seconds'] / r['epochs']:.2f} s/epoch, {rate:.0f} GFLOP/s = "
        f"{100 * rate / peak:.0f}% of matmul.",
        f"Informative columns among the top {r['informative']}: {r['hits']}.",
    ]
    if not args.smoke:
        lines.append(f"Target met: {'yes' if r['seconds'] < TARGET_S else 'no'}.")
    print("\n".join(lines))
    return r


if __name__ == "__main__":
    main()
