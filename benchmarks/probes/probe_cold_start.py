"""What a fresh worker process pays before its fits run at full speed.

    python benchmarks/probes/probe_cold_start.py --repeat 3 \
        > benchmarks/results/cold_start.txt

Each repeat starts a new Python process (one torch thread, as in a loky
worker of a 2-job search on 2 cores) that times: importing skdfs (torch,
skorch, scikit-learn with it), then three identical digits fits (bench_speed's
search fit: 8 members, 20 epochs, patience 110 steps, a quarter of digits
held out); and, in another fresh process, the first ``torch.optim.Adam``
alone, whose constructor imports ``torch._dynamo``.
"""

import argparse
import os
import subprocess
import sys

CHILD = r"""
import time
t0 = time.perf_counter()
import torch
torch.set_num_threads(1)
import warnings
warnings.simplefilter("ignore")
from skdfs import DeepFeatureSelector
from sklearn.datasets import load_digits
t1 = time.perf_counter()
X, y = load_digits(return_X_y=True)
X, y = X[:1347], y[:1347]
fits = []
for _ in range(3):
    t = time.perf_counter()
    DeepFeatureSelector(random_state=0, n_estimators=8, max_epochs=20,
                        patience=110, device="cpu", max_features=16).fit(X, y)
    fits.append(time.perf_counter() - t)
print(f"import skdfs {t1 - t0:.2f} s; fits " + ", ".join(f"{f:.2f}" for f in fits)
      + f" s; first fit's extra {fits[0] - min(fits[1:]):.2f} s")
"""

ADAM = r"""
import time, sys
import torch
before = "torch._dynamo" in sys.modules
t = time.perf_counter()
torch.optim.Adam([torch.nn.Parameter(torch.zeros(3))])
first = time.perf_counter() - t
t = time.perf_counter()
torch.optim.Adam([torch.nn.Parameter(torch.zeros(3))])
second = time.perf_counter() - t
print(f"first torch.optim.Adam {first:.2f} s (torch._dynamo imported before: {before},"
      f" after: {'torch._dynamo' in sys.modules}); second {1e3 * second:.2f} ms")
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()}")
    for _ in range(args.repeat):
        for code in (CHILD, ADAM):
            out = subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True
            )
            print((out.stdout or out.stderr).strip())
    print(f"load average {os.getloadavg()}")


if __name__ == "__main__":
    main()
