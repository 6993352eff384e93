"""Fits side by side in separate processes, with and without ThreadShare.

    python benchmarks/probes/probe_thread_share.py [--repeat 2]

Each child process (``bench_speed.concurrent_fits``) fits
``DeepFeatureSelector`` (defaults, ``max_steps=400``, ``patience=None``) on
digits, after a warm-up, and starts when told to; the
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
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from bench_speed import concurrent_fits  # noqa: E402

PARAMS = dict(max_steps=400, patience=None, device="cpu")


def run(n, env_extra):
    """(wall, cpu) seconds of each of ``n`` fits started together."""
    share = env_extra.get("SKDFS_THREAD_SHARE", "1") != "0"
    return concurrent_fits(n, share=share, params=PARAMS, cpu=True)


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
