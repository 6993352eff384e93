"""Probe: one digits fit with 1 and with 2 torch threads, wall and CPU time.

    python benchmarks/probes/probe_threads.py

On a machine shared with other processes, torch's OpenMP threads spin while
they wait for a descheduled partner: the CPU time of the 2-thread fit grows
with the wall time. Compare the two lines; the load average is printed too.
"""

import os
import time
import warnings

import torch
from sklearn.datasets import load_digits

from skdfs import DeepFeatureSelector


def main():
    warnings.simplefilter("ignore")
    X, y = load_digits(return_X_y=True)
    selector = DeepFeatureSelector(
        n_estimators=8, max_epochs=20, patience=5, random_state=0, device="cpu"
    )
    print("load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    for threads in (1, 2):
        torch.set_num_threads(threads)
        t, c = time.perf_counter(), time.process_time()
        selector.fit(X, y)
        print(
            f"one fit at {threads} threads: wall {time.perf_counter() - t:.2f}s "
            f"cpu {time.process_time() - c:.2f}s",
            flush=True,
        )


if __name__ == "__main__":
    main()
