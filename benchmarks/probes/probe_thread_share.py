"""Fits side by side in separate processes, with and without ThreadShare.

    python benchmarks/probes/probe_thread_share.py [--repeat 2]

Each child process fits ``DeepFeatureSelector`` (defaults, ``max_steps=400``,
``patience=None``) on digits, after a warm-up, and starts when told to; the
parent times one child alone and two at once, with torch's default threads,
once with ``SKDFS_THREAD_SHARE=0`` (the fit keeps every core) and once as
shipped (``skdfs._threads.ThreadShare`` gives cores back). Prints wall and
CPU seconds of each fit. The machine's load average is printed: the point of
the policy is the loaded case, but quote quiet-machine ratios only from a
quiet run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

CHILD = r"""
import sys, time, warnings
from sklearn.datasets import load_digits
from skdfs import DeepFeatureSelector
X, y = load_digits(return_X_y=True)
params = dict(max_steps=400, patience=None, device="cpu")
warnings.simplefilter("ignore")
DeepFeatureSelector(**{**params, "max_steps": 10}).fit(X[:300], y[:300])
print("ready", flush=True)
sys.stdin.readline()
t = time.perf_counter(); c = time.process_time()
DeepFeatureSelector(random_state=0, **params).fit(X, y)
print(time.perf_counter() - t, time.process_time() - c, flush=True)
"""


def run(n, env_extra):
    """(wall, cpu) seconds of each of ``n`` fits started together."""
    env = dict(os.environ, **env_extra)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(n)
    ]
    for p in procs:
        assert p.stdout.readline().strip() == "ready"
    for p in procs:
        p.stdin.write("go\n")
        p.stdin.flush()
    return [tuple(float(v) for v in p.communicate()[0].split()) for p in procs]


def fmt(runs):
    return ", ".join(f"{w:.2f} s (cpu {c:.2f})" for w, c in runs)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    print("load average {:.2f} {:.2f} {:.2f} (start)".format(*os.getloadavg()))
    for _ in range(args.repeat):
        for name, env in [
            ("SKDFS_THREAD_SHARE=0", {"SKDFS_THREAD_SHARE": "0"}),
            ("as shipped", {}),
        ]:
            alone, pair = run(1, env), run(2, env)
            worst = max(w for w, _ in pair) / alone[0][0]
            print(
                f"{name}: alone {fmt(alone)}; two at once {fmt(pair)}; "
                f"worst/alone {worst:.2f}x",
                flush=True,
            )
    print("load average {:.2f} {:.2f} {:.2f} (end)".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
