"""Probe: CPU time per training step of the tall fixed fit, one thread.

    python benchmarks/probes/probe_step_cpu.py [--repeat 2]

The issue #16 tall fit (54,000 x 27, 32 members, hidden (64, 64), batch 256,
early stopping off), 2 epochs, with ``torch.set_num_threads(1)``, timed with
:func:`time.process_time` (CPU time of this process), beside the one-thread
float32 matrix-product rate timed the same way. CPU time is far less
disturbed than wall time when other processes share the cores, so this is
the figure to compare code versions by on a busy machine (it includes the
validation passes, standardising and importances, so it is an upper bound on
a step's CPU time).
"""

import argparse
import os
import time
import warnings

import torch
from sklearn.datasets import make_classification

from skdfs import DeepFeatureSelector


def matmul_cpu_gflops(size=1024, repeat=10):
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        torch.mm(a, b)
        torch.mm(a, b)
        best = min(best, (time.process_time() - t) / 2)
    return 2 * size**3 / best / 1e9


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    X, y = make_classification(
        n_samples=54_000, n_features=27, n_informative=8, random_state=0
    )
    params = dict(
        n_estimators=32,
        hidden_layer_sizes=(64, 64),
        batch_size=256,
        max_epochs=args.epochs,
        patience=None,
        device="cpu",
        random_state=0,
    )
    warnings.simplefilter("ignore")
    DeepFeatureSelector(**{**params, "max_epochs": 1}).fit(X[:3000], y[:3000])
    print("load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    flops = 6 * 32 * 256 * (27 * 64 + 64 * 64 + 64)
    for _ in range(args.repeat):
        peak = matmul_cpu_gflops()
        t = time.process_time()
        selector = DeepFeatureSelector(**params).fit(X, y)
        cpu = time.process_time() - t
        steps = len(selector.net_.history[0]["batches"]) * args.epochs
        ms = 1e3 * cpu / steps
        print(
            f"1-thread matmul {peak:.0f} GFLOP/s (CPU time); fit {cpu:.2f} s CPU, "
            f"{ms:.2f} CPU-ms per step (whole fit), "
            f"{100 * flops / ms / 1e6 / peak:.0f}% of the 1-thread matmul rate",
            flush=True,
        )


if __name__ == "__main__":
    main()
