"""Probe: what the lean training epoch saves against skorch's per-batch loop.

    python benchmarks/probes/probe_step_overhead.py [--repeat 3]

Two versions of the same training, taken in turn in one process run
(interleaved, ``--repeat`` times each; the fastest of each is reported):

* ``skorch loop``: skorch's per-batch loop (closure, step accumulator, every
  callback notified per step), the code before 2026-12-02's fourth session;
* ``lean epoch``: :meth:`skdfs.training.EnsembleNet._train_epoch`, shipped.

The versions are switched by replacing the private predicate that chooses
them (``EnsembleNet._plain_steps``); the fitted importances must be
identical (checked). (A third version, a training pass as one autograd node,
was measured with this probe and reverted: ``results/one_node_quiet.txt``.)

Cases: a default fit on XOR 1,000 x 20 (batch 32, early stopping and the gate
path included) on one torch thread, and the tall fixed fit of
``bench_speed.py`` (54,000 x 27, 32 members, (64, 64), batch 256, early
stopping and path off), 3 epochs on torch's threads, its fastest epoch's ms per
step beside the float32 matrix-product rate of the same run. Run it on a
quiet machine; the load average is printed before and after.
"""

import argparse
import os
import sys
import time
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from bench_speed import TALL, load, matmul_gflops, step_flops, tall_task  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.datasets import make_xor  # noqa: E402
from skdfs.training import EnsembleNet  # noqa: E402

LEAN = EnsembleNet._plain_steps
VERSIONS = {"skorch loop": lambda self, step_fn: False, "lean epoch": LEAN}


def use(version):
    EnsembleNet._plain_steps = VERSIONS[version]


def fastest_epoch(selector):
    history = selector.net_.history
    return min(history[:, "dur"]), len(history[-1, "batches"])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    print(load())
    threads = torch.get_num_threads()
    peak = matmul_gflops()
    print(f"float32 matmul (2048^3): {peak:.0f} GFLOP/s on {threads} threads")

    X, y, _ = make_xor(n_samples=1000, n_features=20, random_state=10)
    torch.set_num_threads(1)
    DeepFeatureSelector(random_state=0, max_steps=200).fit(X, y)  # warm up
    small = {v: [] for v in VERSIONS}
    results = {}
    for _ in range(args.repeat):
        for version in VERSIONS:
            use(version)
            t = time.perf_counter()
            sel = DeepFeatureSelector(random_state=0).fit(X, y)
            small[version].append(time.perf_counter() - t)
            results[version] = sel.feature_importances_
    torch.set_num_threads(threads)
    same = all(np.array_equal(r, results["lean epoch"]) for r in results.values())
    steps = sel.n_steps_ + sel.path_.steps
    print(
        f"\nXOR 1000 x 20, default fit, 1 thread ({steps} steps with the path), "
        f"importances identical across versions: {same}"
    )
    base = min(small["skorch loop"])
    for version, times in small.items():
        print(
            f"  {version:24s} fastest {min(times):6.2f} s  ({min(times) / base:.2f}x)  "
            f"all {' '.join(f'{t:.2f}' for t in times)}"
        )

    Xt, yt, params = tall_task(3)
    DeepFeatureSelector(**{**params, "max_epochs": 1}).fit(Xt[:3000], yt[:3000])
    flops = step_flops(
        TALL["members"], TALL["batch"], [TALL["n_features"], *TALL["hidden"], 1]
    )
    tall = {v: [] for v in VERSIONS}
    for _ in range(args.repeat):
        for version in VERSIONS:
            use(version)
            sel = DeepFeatureSelector(**params).fit(Xt, yt)
            tall[version].append(fastest_epoch(sel))
    use("lean epoch")
    print(f"\ntall fixed fit 54,000 x 27, {threads} threads, fastest epoch of 3:")
    base = min(d for d, _ in tall["skorch loop"])
    for version, runs in tall.items():
        dur, n = min(runs)
        ms = 1000 * dur / n
        rate = flops / (ms / 1000) / 1e9
        print(
            f"  {version:24s} {ms:5.2f} ms/step  {rate:5.1f} GFLOP/s = "
            f"{100 * rate / peak:4.1f}% of matmul  ({dur / base:.2f}x)"
        )
    print("\n" + load())


if __name__ == "__main__":
    main()
