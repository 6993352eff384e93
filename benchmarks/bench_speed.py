"""Speed targets of issue #16, each beside its figure from the same run.

    cd benchmarks && python bench_speed.py [--out results/speed.md]
        [--allocator keep]

Measures, on this machine, in one process run:

1. the float32 matrix-product rate (2048^3, best of 10), the yardstick,
   measured at the start and again after every timing; each share divides by
   the highest figure so far, so a matmul figure taken while the machine was
   busy for a moment cannot make a share target pass (one run "met" the
   tall-fit target with 37% against a low 152 GFLOP/s, where the runs around
   it measured 178-180: ``results/tall_chunk_ab.txt``);
2. **tall fixed fit**: 54,000 x 27 (``make_classification``), 32 members,
   hidden (64, 64), batch 256, 3 epochs, early stopping off: seconds per epoch
   (fastest epoch), ms per step, and the step's dense-layer GFLOP/s as a share
   of the matrix-product rate (target: at least 35%);
3. **parallel search**: ``GridSearchCV`` over ``Pipeline(DeepFeatureSelector,
   LogisticRegression)``, 16 fits on digits, ``n_jobs=1`` against
   ``n_jobs=2`` (target: at least 1.4x faster), the latter once with loky's
   worker processes to start (the target's figure) and once more with them
   already running (a second search in the same session);
4. **two fits at once**: two processes each fitting digits at the same time,
   against one such process alone (target: each at most 2x the lone fit);
5. **kernel share**: the tall fit's module (forward, loss, backward, fused
   Adam) in raw torch, without skorch or data access: its fastest single
   step, and its mean step over an epoch's 169 steps in a row (the tall
   fit's own measure, so the two compare like for like); and variants tried
   for the kernel ceiling (one-output layer as a batched GEMM, shared rows in the
   first layer, larger batches).

``--allocator keep`` first sets glibc's malloc thresholds as the ``skdfs``
command does (``docs/scaling.rst``, "Memory allocator"); the default leaves
the process as a library user's would be.

The machine's load average is printed before and after: figures from a
loaded machine are only indicative (ratios within the run still compare).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
import warnings

import numpy as np
import torch

from skdfs import DeepFeatureSelector
from skdfs._alloc import keep_freed_memory
from skdfs.network import GatedEnsembleMLP
from skdfs.training import EnsembleLoss

TALL = dict(n_samples=54_000, n_features=27, members=32, hidden=(64, 64), batch=256)
# patience counts optimizer steps: 110 is about 5 epochs of digits' training
# split at the resolved batch of 64 (the setting the first runs used in epochs).
DIGITS = dict(n_estimators=8, max_epochs=20, patience=110, device="cpu")


def matmul_gflops(size=2048, repeat=10):
    """Best float32 ``size x size`` matrix-product throughput, GFLOP/s."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.mm(a, b)
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t)
    return 2 * size**3 / best / 1e9


def alternate(arms, run, repeats):
    """Run ``run(arm)``, which returns ``(seconds, result)``, for each of two
    ``arms`` in turn, ``repeats`` rounds (so both see the machine alike).

    Returns the seconds of every run per arm and each arm's last result.
    """
    times, results = {arm: [] for arm in arms}, {}
    for _ in range(repeats):
        for arm in arms:
            seconds, results[arm] = run(arm)
            times[arm].append(seconds)
    return times, results


def ab_line(arms, times):
    """``"a 1.0 s, b 0.9 s (ratio 0.90; runs [..] / [..])"``: the median
    seconds of two arms of :func:`alternate`, the second over the first."""
    a, b = arms
    ma, mb = np.median(times[a]), np.median(times[b])
    runs = " / ".join(str([round(t, 1) for t in times[arm]]) for arm in arms)
    return f"{a} {ma:.1f} s, {b} {mb:.1f} s (ratio {mb / ma:.2f}; runs {runs})"


def alternate_steps(net, X, y, arms, set_arm, rounds=5, steps=100):
    """Time ``steps`` training steps of ``net`` (squared error on ``(X, y)``,
    fused Adam) per arm, the arms in turn after ``set_arm(arm)``, ``rounds``
    times; then one more step from the same state in each arm. Returns the
    milliseconds per step of every round per arm, and whether that last
    step's gradients are identical in all arms."""
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, fused=True)
    times = {arm: [] for arm in arms}
    for _ in range(rounds):
        for arm in arms:
            set_arm(arm)
            start = time.perf_counter()
            for _ in range(steps):
                opt.zero_grad(set_to_none=True)
                ((net(X) - y) ** 2).mean().backward()
                opt.step()
            times[arm].append((time.perf_counter() - start) / steps * 1e3)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    last = []
    for arm in arms:
        set_arm(arm)
        net.load_state_dict(state)
        net.zero_grad(set_to_none=True)
        ((net(X) - y) ** 2).mean().backward()
        last.append([p.grad.clone() for p in net.parameters()])
    same = all(all(torch.equal(a, b) for a, b in zip(last[0], g)) for g in last[1:])
    return times, same


def step_line(batch, d, arms, times, same):
    """``"batch 32 x 1000 columns: a 1.00 ms, b 0.90 ms per step (ratio ...;
    rounds [..] / [..]); identical gradients: True"``: the median
    milliseconds per training step of two arms, the second over the first."""
    a, b = arms
    ma, mb = np.median(times[a]), np.median(times[b])
    return (
        f"batch {batch} x {d} columns: {a} {ma:.2f} ms, {b} {mb:.2f} ms per "
        f"step (ratio {mb / ma:.2f}; rounds {np.round(times[a], 2)} / "
        f"{np.round(times[b], 2)}); identical gradients: {same}"
    )


def compare_fits(tasks, arms, fit, repeats):
    """For each ``(family, n_samples, n_features)`` of ``tasks`` (a
    :func:`skdfs.datasets.make_task` task, seed 0): :func:`alternate` on
    ``fit(X, y, arm)``, which returns the seconds and the importances, then
    one line: :func:`ab_line` and whether the two arms' importances are
    identical."""
    from skdfs.datasets import make_task

    for family, n, d in tasks:
        X, y, _, _ = make_task(family, n_samples=n, n_features=d, random_state=0)
        times, scores = alternate(arms, lambda arm, X=X, y=y: fit(X, y, arm), repeats)
        same = np.array_equal(*(scores[arm] for arm in arms))
        print(
            f"{family} {n}x{d}: {ab_line(arms, times)}; identical importances: {same}",
            flush=True,
        )


def step_flops(members, batch, sizes):
    """Multiply-adds of the dense layers in one training step (forward 2,
    backward 4 per weight and row)."""
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return 6 * members * batch * weights


def load():
    return "load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg())


# ------------------------------------------------------------------ 2. tall
def tall_task(epochs, basis="linear"):
    """``(X, y, params)`` of the tall fixed fit: ``epochs`` epochs, no early
    stopping and no gate path (``threshold="mean"``), so that the epochs are
    the whole fit. ``basis="linear"`` (one first-layer input per column) is
    the fit the issue's target names; the default basis ("mixed") adds a
    square term per continuous column."""
    from sklearn.datasets import make_classification

    X, y = make_classification(
        n_samples=TALL["n_samples"],
        n_features=TALL["n_features"],
        n_informative=8,
        random_state=0,
    )
    params = dict(
        n_estimators=TALL["members"],
        hidden_layer_sizes=TALL["hidden"],
        batch_size=TALL["batch"],
        max_epochs=epochs,
        patience=None,
        threshold="mean",
        device="cpu",
        random_state=0,
    )
    if basis is not None:
        params["input_basis"] = basis
    return X, y, params


def tall_fit(epochs, basis="linear"):
    X, y, params = tall_task(epochs, basis)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        DeepFeatureSelector(**{**params, "max_epochs": 1}).fit(X[:3000], y[:3000])
        t = time.perf_counter()
        selector = DeepFeatureSelector(**params).fit(X, y)
        total = time.perf_counter() - t
    history = selector.net_.history
    epoch = min(history[:, "dur"])
    steps = len(history[0]["batches"])
    ms = 1e3 * epoch / steps
    # The arithmetic the module does: its first layer's inputs (27, or 54 with
    # a square term per column, for every member of a mixed module).
    module = selector.net_.module_
    sizes = [module.first_layer_weight().shape[1], *TALL["hidden"], 1]
    flops = step_flops(TALL["members"], TALL["batch"], sizes)
    return dict(
        inputs=sizes[0],
        fit_s=total,
        epoch_s=epoch,
        steps=steps,
        ms=ms,
        flops=flops,
        gflops=flops / ms / 1e6,
    )


# ------------------------------------------------------------ 3. search
def grid_search(n_jobs):
    from sklearn.datasets import load_digits
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline

    X, y = load_digits(return_X_y=True)
    pipe = Pipeline(
        [
            ("select", DeepFeatureSelector(random_state=0, **DIGITS)),
            ("model", LogisticRegression(max_iter=300)),
        ]
    )
    grid = {"select__max_features": [16, 24, 32, 40]}
    search = GridSearchCV(pipe, grid, cv=4, n_jobs=n_jobs, refit=False)
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        search.fit(X, y)
    return time.perf_counter() - t


# ------------------------------------------------------ 4. concurrent fits
CHILD = r"""
import sys, time, warnings
from sklearn.datasets import load_digits
from skdfs import DeepFeatureSelector
X, y = load_digits(return_X_y=True)
params = %r
warnings.simplefilter("ignore")
DeepFeatureSelector(**{**params, "max_epochs": 1}).fit(X[:300], y[:300])
print("ready", flush=True)
sys.stdin.readline()
t = time.perf_counter(); c = time.process_time()
DeepFeatureSelector(random_state=0, **params).fit(X, y)
print(time.perf_counter() - t, time.process_time() - c, flush=True)
"""


def concurrent_fits(n, share=True, params=None, cpu=False):
    """Seconds of each of ``n`` digits fits run at once in separate processes
    (``share=False``: with ``SKDFS_THREAD_SHARE=0``, every fit keeps all
    cores, as before :class:`skdfs._threads.ThreadShare`). ``params``: the
    selector's (default :data:`DIGITS`); ``cpu=True`` returns ``(wall, cpu)``
    seconds per fit."""
    code = CHILD % (DIGITS if params is None else params,)
    env = dict(os.environ)
    if not share:
        env["SKDFS_THREAD_SHARE"] = "0"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
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
    times = [tuple(float(v) for v in p.communicate()[0].split()) for p in procs]
    return times if cpu else [wall for wall, _ in times]


# ------------------------------------------------------------- 5. kernels
def best_time(fn, repeat=20):
    fn()
    fn()
    best = np.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


TALL_STEPS = 169  # the tall fit's steps per epoch (43,200 training rows / 256)


def mean_step(fn, steps=TALL_STEPS, rounds=3):
    """Mean seconds per call over ``steps`` calls in a row, best of ``rounds``:
    the tall fit's own measure (its fastest epoch over its steps), where
    :func:`_best` takes the fastest single call."""
    for _ in range(10):
        fn()
    best = np.inf
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(steps):
            fn()
        best = min(best, (time.perf_counter() - t) / steps)
    return best


def kernel_rate(batch=256, out_bmm=False, shared_rows=False, mean=False):
    """Raw-torch step of the tall fit's module: ``(GFLOP/s, seconds)``.

    The step's seconds are its fastest single call, or with ``mean`` its
    mean over an epoch's worth of calls in a row (:func:`mean_step`)."""
    E, d = TALL["members"], TALL["n_features"]
    torch.manual_seed(0)
    module = GatedEnsembleMLP(E, d, 1, hidden_layer_sizes=TALL["hidden"])
    if out_bmm:  # the one-output layer as a batched GEMV (before 2026-12-02)
        layer = module.out
        layer.forward = lambda X, layer=layer: torch.baddbmm(
            layer.bias, X, layer.weight
        )
    crit = EnsembleLoss("binary_cross_entropy")
    opt = torch.optim.Adam(module.parameters(), fused=True)
    X = torch.randn(batch, d) if shared_rows else torch.randn(E, batch, d)
    y = torch.randint(0, 2, (E, batch, 1)).float()

    def step():
        opt.zero_grad()
        crit(module(X), y).sum().backward()
        opt.step()

    seconds = mean_step(step) if mean else best_time(step)
    sizes = [d, *TALL["hidden"], 1]
    return step_flops(E, batch, sizes) / seconds / 1e9, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["tall", "search", "concurrent", "kernels"],
    )
    parser.add_argument("--out", help="also write the report here")
    parser.add_argument(
        "--allocator",
        choices=["default", "keep"],
        default="default",
        help="keep: first let glibc's malloc keep freed memory in the process, "
        "as the skdfs command does (skdfs._alloc.keep_freed_memory)",
    )
    args = parser.parse_args(argv)
    lines = []

    def say(text=""):
        print(text, flush=True)
        lines.append(text)

    say(
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, torch "
        f"{torch.__version__}, {torch.get_num_threads()} torch threads; {load()} "
        "(start)."
    )
    if args.allocator == "keep":
        applied = keep_freed_memory()
        say(f"Allocator: keep freed memory (glibc thresholds set: {applied}).")
    peaks = [matmul_gflops()]

    def peak():
        """The highest matmul figure of the run so far, re-measured now: a
        low first figure (the machine busy for a moment) must not make a
        share target pass."""
        peaks.append(matmul_gflops())
        return max(peaks)

    say(f"float32 matmul (2048^3): {peaks[0]:.0f} GFLOP/s (this run's first).")
    say()
    say("| target | measured | met |")
    say("|---|---|---|")
    if "tall" not in args.skip:
        r = tall_fit(args.epochs)
        top = peak()
        share = r["gflops"] / top
        say(
            f"| tall fixed fit (54,000 x 27, 32 members, (64, 64), batch 256): "
            f">= 35% of matmul, <= {r['flops'] / (0.35 * top) / 1e6:.1f} ms/step | "
            f"{r['epoch_s']:.2f} s/epoch, {r['steps']} steps, {r['ms']:.2f} ms/step, "
            f"{r['gflops']:.0f} GFLOP/s = {100 * share:.0f}% of matmul "
            f"(fit {r['fit_s']:.1f} s) | {'yes' if share >= 0.35 else 'no'} |"
        )
        r = tall_fit(args.epochs, basis=None)
        share = r["gflops"] / peak()
        say(
            f"| the same with the default input_basis ('mixed': {r['inputs']} "
            f"first-layer inputs), for comparison | {r['epoch_s']:.2f} s/epoch, "
            f"{r['ms']:.2f} ms/step, {r['gflops']:.0f} GFLOP/s = "
            f"{100 * share:.0f}% of matmul (fit {r['fit_s']:.1f} s) | - |"
        )
    if "search" not in args.skip:
        one = grid_search(1)
        two = grid_search(2)  # starts loky's two worker processes
        warm = grid_search(2)  # reuses them
        say(
            f"| GridSearchCV, 16 digits fits: n_jobs=2 >= 1.4x faster than n_jobs=1 "
            f"| n_jobs=1 {one:.1f} s, n_jobs=2 {two:.1f} s: {one / two:.2f}x "
            f"(workers already started: {warm:.1f} s, {one / warm:.2f}x) "
            f"| {'yes' if one / two >= 1.4 else 'no'} |"
        )
    if "concurrent" not in args.skip:
        alone = concurrent_fits(1)[0]
        pair = concurrent_fits(2)
        worst = max(pair) / alone
        say(
            f"| two digits fits at once (two processes): each <= 2x a lone fit "
            f"| lone {alone:.2f} s; together {pair[0]:.2f} s and {pair[1]:.2f} s "
            f"({worst:.2f}x) | {'yes' if worst <= 2 else 'no'} |"
        )
        alone = concurrent_fits(1, share=False)[0]
        pair = concurrent_fits(2, share=False)
        say(
            f"| the same with SKDFS_THREAD_SHARE=0 (no ThreadShare), for comparison "
            f"| lone {alone:.2f} s; together {pair[0]:.2f} s and {pair[1]:.2f} s "
            f"({max(pair) / alone:.2f}x) | - |"
        )
    if "kernels" not in args.skip:
        rate, sec = kernel_rate()
        share = rate / peak()
        say(
            f"| kernels of the tall fit (raw torch step, batch 256): toward 50% "
            f"| {1e3 * sec:.2f} ms/step, {100 * share:.0f}% of matmul "
            f"| {'yes' if share >= 0.5 else 'no'} |"
        )
        rate, sec = kernel_rate(mean=True)
        say(
            f"| the same, mean step over {TALL_STEPS} steps in a row (the tall fit's "
            f"measure, best of 3) | {1e3 * sec:.2f} ms/step, "
            f"{100 * rate / peak():.0f}% of matmul | - |"
        )
        say()
        say("Kernel variants (raw torch step of the tall fit's module):")
        say()
        say("| variant | ms/step | % of matmul |")
        say("|---|---:|---:|")
        for name, kw in [
            ("as shipped (one-output layer as product + sum)", {}),
            ("one-output layer as a batched GEMV (before)", dict(out_bmm=True)),
            ("shared rows in the first layer (one wide GEMM)", dict(shared_rows=True)),
            ("batch 512", dict(batch=512)),
            ("batch 1024", dict(batch=1024)),
        ]:
            rate, sec = kernel_rate(**kw)
            say(f"| {name} | {1e3 * sec:.2f} | {100 * rate / peak():.0f}% |")
    say()
    say(
        "Each share divides by the highest matmul figure measured so far, the "
        "matmul being re-measured after each timing: "
        + ", ".join(f"{p:.0f}" for p in peaks)
        + " GFLOP/s."
    )
    say(f"End: {load()}.")
    if args.out:
        with open(args.out, "w") as fh:
            fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
