"""Where the tall fixed fit's step goes, measured like for like (issue #16).

    python benchmarks/probes/probe_step_parts.py \
        > benchmarks/results/step_parts_1205.txt

Every figure is a mean over 169 calls in a row (one epoch of the tall fit of
``bench_speed.py``: 54,000 x 27, 32 members, (64, 64), batch 256, linear
basis), best of three rounds, in ms per step:

- the raw torch step (forward, loss, backward, fused Adam on one fixed
  batch) in a fresh process with glibc's malloc left as it starts, and in
  one whose thresholds are set as a fit settles them (``MALLOC_*``
  variables): a step frees and reallocates 2 MB buffers;
- the fitted net's own step on the same fixed batch
  (``train_step_single``, the optimiser step and the gate projection);
- the fit's training loop per step (``EnsembleNet._train_epoch``: with the
  epoch's shuffle and the rows gathered for every step) and its validation
  pass per step, timed inside a 3-epoch fit;
- the epoch's shuffle (one sort of 32 x 43,200 keys), per step.

Run on a quiet machine.
"""

import os
import subprocess
import sys
import time
import warnings

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_speed import TALL, tall_task  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.network import GatedEnsembleMLP  # noqa: E402
from skdfs.training import EnsembleLoss, EnsembleNet  # noqa: E402

STEPS = 169


def mean_ms(fn, steps=STEPS, rounds=3):
    for _ in range(10):
        fn()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(steps):
            fn()
        best = min(best, (time.perf_counter() - start) / steps)
    return 1e3 * best


def raw_step_ms():
    E, d = TALL["members"], TALL["n_features"]
    torch.manual_seed(0)
    module = GatedEnsembleMLP(E, d, 1, hidden_layer_sizes=TALL["hidden"])
    crit = EnsembleLoss("binary_cross_entropy")
    opt = torch.optim.Adam(module.parameters(), fused=True)
    X = torch.randn(E, TALL["batch"], d)
    y = torch.randint(0, 2, (E, TALL["batch"], 1)).float()

    def step():
        opt.zero_grad()
        crit(module(X), y).sum().backward()
        opt.step()

    return mean_ms(step)


def in_fresh_process(settled):
    env = dict(os.environ)
    for key in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        env.pop(key, None)
    if settled:
        env["MALLOC_MMAP_THRESHOLD_"] = str(32 * 2**20)
        env["MALLOC_TRIM_THRESHOLD_"] = str(64 * 2**20)
    out = subprocess.run(
        [sys.executable, __file__, "--raw"], env=env, capture_output=True, text=True
    )
    return float(out.stdout.split()[-1])


def fit_parts():
    X, y, params = tall_task(3)
    times = {"train": [], "valid": []}
    train_epoch, member_losses = EnsembleNet._train_epoch, EnsembleNet.member_losses

    def timed(name, fn):
        def wrapper(self, *args, **kwargs):
            start = time.perf_counter()
            out = fn(self, *args, **kwargs)
            times[name].append(time.perf_counter() - start)
            return out

        return wrapper

    EnsembleNet._train_epoch = timed("train", train_epoch)
    EnsembleNet.member_losses = timed("valid", member_losses)
    try:
        DeepFeatureSelector(**{**params, "max_epochs": 1}).fit(X[:3000], y[:3000])
        times["train"].clear()
        times["valid"].clear()
        selector = DeepFeatureSelector(**params).fit(X, y)
    finally:
        EnsembleNet._train_epoch, EnsembleNet.member_losses = (
            train_epoch,
            member_losses,
        )
    net = selector.net_
    E = net.module_.n_members
    Xb = torch.randn(E, TALL["batch"], net.module_.n_features)
    yb = torch.randint(0, 2, (E, TALL["batch"], 1)).float()

    def net_step():
        net.optimizer_.zero_grad()
        net.train_step_single((Xb, yb))
        net.optimizer_.step()
        net._after_step()

    keys = torch.rand(E, 43_200).view(torch.int32)
    sort = mean_ms(lambda: keys.argsort(dim=1), steps=5) / STEPS
    return {
        "net step on a fixed batch": mean_ms(net_step),
        "training loop, per step": 1e3 * min(times["train"]) / STEPS,
        "validation pass, per step": 1e3 * min(times["valid"]) / STEPS,
        "epoch's shuffle (sort), per step": sort,
    }


def main():
    if "--raw" in sys.argv:
        print(f"{raw_step_ms():.3f}")
        return
    warnings.simplefilter("ignore")
    print(
        f"$ python benchmarks/probes/probe_step_parts.py; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads, load average {os.getloadavg()}\n"
    )
    rows = [
        ("raw step, fresh process, malloc as it starts", in_fresh_process(False)),
        ("raw step, fresh process, malloc thresholds settled", in_fresh_process(True)),
    ]
    rows += list(fit_parts().items())
    print("| part | ms per step |\n|---|---:|")
    for name, ms in rows:
        print(f"| {name} | {ms:.2f} |")
    print(f"\nload average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
