"""The tall epoch under four memory-allocator settings, each in fresh processes.

    python benchmarks/probes/probe_allocator.py [--repeat 3] [--threads 1 2]

Each child process fits ``bench_speed``'s tall fit (54,000 x 27, 32 members,
hidden (64, 64), batch 256, 169 steps an epoch) for ``--epochs`` epochs after
a small warm-up fit, under one variant:

* ``plain``: glibc's malloc as it comes (the ``MALLOC_*``, ``GLIBC_TUNABLES``
  and ``THP_MEM_ALLOC_ENABLE`` variables removed from the child's environment);
* ``thp``: ``THP_MEM_ALLOC_ENABLE=1`` (torch allocates its CPU tensors of 2 MB
  and more aligned to huge pages and ``madvise``\\s them);
* ``env``: ``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TRIM_THRESHOLD_`` set to
  ``skdfs._alloc``'s values;
* ``mallopt``: :func:`skdfs._alloc.keep_freed_memory` called after importing
  skdfs (so after torch), before the data is made: what the ``skdfs`` command
  does.

The variants run interleaved (one child of each per repeat and thread
count). A child sets torch's threads to ``--threads`` (and
``SKDFS_THREAD_SHARE=0``, so the count stays fixed under load), measures the
float32 matrix-product rate (``bench_speed.matmul_gflops``, 2048^3, best of 5)
and then, per epoch, ms per step (the epoch's ``dur`` over its steps, as
``bench_speed`` reports it), minor page faults and CPU ms per step (from the
epoch's begin to its end, validation included). Printed per child, then per
thread count and variant the medians over the epochs after the first, the
step's GFLOP/s as a share of the median matrix-product rate of the same
children, and the first epoch (which also maps the fit's memory for the
first time) apart. The machine's load average is printed at start and end:
on a loaded machine only the ratios within the run compare.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

VARIANTS = ["plain", "thp", "env", "mallopt"]
SETTINGS = ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES")


def load():
    return "load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


def _epoch_marks():
    """Record (minor faults, CPU s) at each epoch's begin and end of every
    EnsembleNet (instrumentation of this child process only)."""
    from skdfs.training import EnsembleNet

    marks = []

    def mark(hook):
        def wrapped(self, *args, **kwargs):
            r = resource.getrusage(resource.RUSAGE_SELF)
            marks.append((r.ru_minflt, r.ru_utime + r.ru_stime))
            return hook(self, *args, **kwargs)

        return wrapped

    EnsembleNet.on_epoch_begin = mark(EnsembleNet.on_epoch_begin)
    EnsembleNet.on_epoch_end = mark(EnsembleNet.on_epoch_end)
    return marks


def child(variant, threads, epochs):
    """One child process: peak, then one tall fit of ``epochs`` (JSON)."""
    import torch
    from bench_speed import TALL, matmul_gflops, step_flops, tall_task

    from skdfs import DeepFeatureSelector
    from skdfs._alloc import keep_freed_memory

    applied = keep_freed_memory() if variant == "mallopt" else None
    torch.set_num_threads(threads)
    peak = matmul_gflops(repeat=5)
    X, y, params = tall_task(epochs)
    warnings.simplefilter("ignore")
    DeepFeatureSelector(**{**params, "max_epochs": 1}).fit(X[:3000], y[:3000])
    marks = _epoch_marks()
    history = DeepFeatureSelector(**params).fit(X, y).net_.history
    sizes = [TALL["n_features"], *TALL["hidden"], 1]
    flops = step_flops(TALL["members"], TALL["batch"], sizes)
    runs = []
    for epoch, (begin, end) in zip(history, zip(marks[::2], marks[1::2])):
        steps = len(epoch["batches"])
        ms = 1e3 * epoch["dur"] / steps
        runs.append(
            dict(
                ms=ms,
                faults=(end[0] - begin[0]) / steps,
                cpu_ms=1e3 * (end[1] - begin[1]) / steps,
                gflops=flops / ms / 1e6,
            )
        )
    print(json.dumps(dict(peak=peak, applied=applied, runs=runs)))


def run_child(variant, threads, epochs):
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.pop("THP_MEM_ALLOC_ENABLE", None)
    env.update(OMP_NUM_THREADS=str(threads), SKDFS_THREAD_SHARE="0")
    if variant == "thp":
        env["THP_MEM_ALLOC_ENABLE"] = "1"
    elif variant == "env":
        from skdfs._alloc import MMAP_THRESHOLD, TRIM_THRESHOLD

        env["MALLOC_MMAP_THRESHOLD_"] = str(MMAP_THRESHOLD)
        env["MALLOC_TRIM_THRESHOLD_"] = str(TRIM_THRESHOLD)
    argv = [__file__, "--child", variant, "--threads", str(threads)]
    out = subprocess.run(
        [sys.executable, *argv, "--epochs", str(epochs)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--epochs", type=int, default=2, help="of the tall fit (>= 2)")
    parser.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.threads[0], args.epochs)
    print("$ python " + shlex.join(sys.argv))
    print(f"{os.cpu_count()} CPUs; {load()} (start)", flush=True)
    thp = "/sys/kernel/mm/transparent_hugepage/enabled"
    if os.path.exists(thp):
        with open(thp) as fh:
            print(f"{thp}: {fh.read().strip()}")
    results = {(t, v): [] for t in args.threads for v in VARIANTS}
    start = time.perf_counter()
    for r in range(args.repeat):
        for threads in args.threads:
            for variant in VARIANTS:
                out = run_child(variant, threads, args.epochs)
                results[threads, variant].append(out)
                ms = ", ".join(f"{x['ms']:.2f}" for x in out["runs"])
                faults = ", ".join(f"{x['faults']:.0f}" for x in out["runs"])
                applied = "" if out["applied"] is None else f"; set {out['applied']}"
                print(
                    f"repeat {r} threads {threads} {variant:8s} matmul "
                    f"{out['peak']:.0f} GFLOP/s; ms/step {ms}; faults/step "
                    f"{faults}{applied}",
                    flush=True,
                )
    print(f"\n{time.perf_counter() - start:.0f} s; {load()} (end)\n")
    print(
        "| threads | variant | ms/step | faults/step | CPU ms/step | step GFLOP/s "
        "| matmul GFLOP/s | % of matmul | ms/step vs plain | first epoch: ms/step, "
        "faults/step |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for threads in args.threads:
        base = None
        for variant in VARIANTS:
            outs = results[threads, variant]
            later = [x for out in outs for x in out["runs"][1:]]
            first = [out["runs"][0] for out in outs]

            def med(key, runs=later):
                return statistics.median(x[key] for x in runs)

            peak = statistics.median(out["peak"] for out in outs)
            base = base or med("ms")
            print(
                f"| {threads} | {variant} | {med('ms'):.2f} | {med('faults'):.0f} "
                f"| {med('cpu_ms'):.2f} | {med('gflops'):.0f} | {peak:.0f} "
                f"| {100 * med('gflops') / peak:.0f}% | {med('ms') / base:.2f} "
                f"| {med('ms', first):.2f}, {med('faults', first):.0f} |"
            )


if __name__ == "__main__":
    main()
