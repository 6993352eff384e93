"""torch-profiler view of the tall fixed fit at two threads (where a step goes).

    python benchmarks/probes/profile_tall_threads.py [--threads 2] \
        > benchmarks/results/profile_tall_threads.txt

The tall fixed fit of ``bench_speed.py`` (``bench_speed.tall_task``: 54,000 x
27, 32 members, (64, 64), batch 256, one epoch, no gate path), timed twice
(ms per step), then once under :mod:`torch.profiler`, whose table of self CPU
time by operator says how much of a step is matrix products and how much is
everything else. Run on a quiet machine.
"""

import argparse
import os
import sys
import time
import warnings

import torch
from torch.profiler import ProfilerActivity, profile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_speed import tall_task  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    torch.set_num_threads(args.threads)
    print(f"$ python {' '.join(sys.argv)}; load average {os.getloadavg()}")
    X, y, params = tall_task(1)
    DeepFeatureSelector(**params).fit(X[:3000], y[:3000])
    for _ in range(2):
        start = time.perf_counter()
        sel = DeepFeatureSelector(**params).fit(X, y)
        h = sel.net_.history[-1]
        steps = len(h["batches"])
        print(
            f"fit {time.perf_counter() - start:.2f} s, epoch {h['dur']:.2f} s, "
            f"{steps} steps, {1e3 * h['dur'] / steps:.2f} ms/step"
        )
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        DeepFeatureSelector(**params).fit(X, y)
    table = prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25)
    print(table)
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
