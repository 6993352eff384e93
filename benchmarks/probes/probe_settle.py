"""Probe: what settling glibc's dynamic thresholds saves, fit by fit.

    PYTHONPATH=. python benchmarks/probes/probe_settle.py --repeat 2

Runs each case in fresh processes, alternating a process where the fit
settles glibc's dynamic thresholds (``skdfs._alloc.settle_dynamic_thresholds``,
what ``fit`` does) with one where it does not (the function made a no-op
first), and prints the wall time and minor page faults of each fit: the tall
fixed fit of ``bench_speed.py`` (its per-step time; linear basis), and
default fits of Madelon 250 x 500 and two moons 500 x 100 (mixed basis).
Run on a quiet machine.
"""

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, "benchmarks")
from skdfs import _alloc
if sys.argv[1] == "plain":
    _alloc._settled = True  # as if done: fit does not settle
from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task
case = sys.argv[2]
f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
t = time.perf_counter()
if case == "tall":
    from bench_speed import tall_task
    X, y, params = tall_task(3)
    sel = DeepFeatureSelector(**params).fit(X, y)
    h = sel.net_.history
    extra = 1e3 * min(h[:, "dur"]) / len(h[0]["batches"])
else:
    family, size = case.split(":")
    n, d = map(int, size.split("x"))
    X, y, _, _ = make_task(family, random_state=0, n_samples=n, n_features=d)
    DeepFeatureSelector(random_state=0).fit(X, y)
    extra = None
seconds = time.perf_counter() - t
faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
print(json.dumps([seconds, faults, extra]))
"""

CASES = ["tall", "madelon:250x500", "two_moons:500x100"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    print("case | mode | seconds | minor faults | ms/step (tall fixed fit)")
    print("---|---|---:|---:|---:")
    for case in CASES:
        for r in range(args.repeat):
            modes = ("settle", "plain") if r % 2 == 0 else ("plain", "settle")
            for mode in modes:
                out = subprocess.run(
                    [sys.executable, "-c", CHILD, mode, case],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                seconds, faults, ms = json.loads(out.stdout.splitlines()[-1])
                step = "-" if ms is None else f"{ms:.2f}"
                print(
                    f"{case} | {mode} | {seconds:.1f} | {faults} | {step}", flush=True
                )


if __name__ == "__main__":
    main()
