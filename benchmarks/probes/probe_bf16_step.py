"""Probe: the tall fit's raw training step in bfloat16 on a CPU with AMX
(issue #16, "the kernel ceiling"; twentieth session, measured, not built).

    python benchmarks/probes/probe_bf16_step.py \
        > benchmarks/results/bf16_step.txt

In one process, on a quiet machine: the float32 and bfloat16 rates of a
2048^3 matrix product and of the tall fit's batched products (32 members x
256 rows, 27 -> 64 and 64 -> 64), then the raw torch step of the tall fit's
module (``GatedEnsembleMLP``, 32 members, (64, 64), forward, loss, backward,
fused Adam; ``bench_speed.py``'s kernel measure: the mean over 169 steps in
a row, best of three) in float32 and with the module's parameters and the
batch in bfloat16 (the loss in float32; ``torch.autocast`` fails on the
module's batched products, whose weights stay float32), with the first
layer's written-out backward pass (``_GatedKernel``, the default) and with
autograd's, and the same for a wide step (32 x 32 rows x 1,000 columns),
where the products weigh more. Every share is of the float32
matrix-product rate, the issue's yardstick (% of matmul).
"""

import os
import sys

import torch

from skdfs.network import GatedEnsembleMLP
from skdfs.training import EnsembleLoss

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from bench_speed import best_time, mean_step  # noqa: E402  the tall fit's measures


def rate(fn, flops, repeat=10):
    seconds = best_time(fn, repeat)
    return flops / seconds / 1e9, seconds


def raw_step(members, batch, d, hidden, bf16, fused_first_layer=True):
    torch.manual_seed(0)
    module = GatedEnsembleMLP(members, d, 1, hidden_layer_sizes=hidden)
    module.fused_first_layer = fused_first_layer
    crit = EnsembleLoss("binary_cross_entropy")
    opt = torch.optim.Adam(module.parameters(), fused=True)
    X = torch.randn(members, batch, d)
    y = torch.randint(0, 2, (members, batch, 1)).float()
    if bf16:  # every parameter and the batch in bfloat16; the loss in float32
        module = module.to(torch.bfloat16)
        X = X.to(torch.bfloat16)
        opt = torch.optim.Adam(module.parameters(), fused=True)

    def step():
        opt.zero_grad()
        crit(module(X).float(), y).sum().backward()
        opt.step()

    seconds = mean_step(step)
    sizes = [d, *hidden, 1]
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    return 6 * members * batch * weights / seconds / 1e9, seconds


def main():
    print(
        f"$ python benchmarks/probes/probe_bf16_step.py; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads, load average {os.getloadavg()}"
    )
    peak = {}
    for dt in (torch.float32, torch.bfloat16):
        a, b = torch.randn(2048, 2048, dtype=dt), torch.randn(2048, 2048, dtype=dt)
        peak[dt], _ = rate(lambda a=a, b=b: a @ b, 2 * 2048**3)
    print(
        f"matmul 2048^3: float32 {peak[torch.float32]:.0f} GFLOP/s, bfloat16 "
        f"{peak[torch.bfloat16]:.0f} GFLOP/s"
    )
    print("\n| batched product (32 members x 256 rows) | float32 | bfloat16 |")
    print("|---|---:|---:|")
    for k, n in ((27, 64), (64, 64)):
        cells = []
        for dt in (torch.float32, torch.bfloat16):
            A, B = torch.randn(32, 256, k, dtype=dt), torch.randn(32, k, n, dtype=dt)
            g, s = rate(lambda A=A, B=B: torch.bmm(A, B), 2 * 32 * 256 * k * n, 200)
            cells.append(f"{s * 1e6:.0f} µs, {g:.0f} GFLOP/s")
        print(f"| {k} -> {n} | {cells[0]} | {cells[1]} |")
    fp32 = peak[torch.float32]
    arms = (
        ("float32", False, True),
        ("bfloat16", True, True),
        ("float32, autograd first layer", False, False),
        ("bfloat16, autograd first layer", True, False),
    )
    print("\n| raw step | " + " | ".join(a for a, _, _ in arms) + " |")
    print("|---|" + "---:|" * len(arms))
    for name, args in (
        ("tall: 32 x 256 rows, 27 columns, (64, 64)", (32, 256, 27, (64, 64))),
        ("wide: 32 x 32 rows, 1,000 columns, (64, 64)", (32, 32, 1000, (64, 64))),
    ):
        cells = []
        for _, bf16, fused in arms:
            try:
                g, s = raw_step(*args, bf16=bf16, fused_first_layer=fused)
            except RuntimeError as exc:  # a kernel without a bfloat16 path
                cells.append(f"fails: {str(exc).splitlines()[0][:48]}")
                continue
            cells.append(f"{s * 1e3:.2f} ms, {100 * g / fp32:.0f}%")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\nload average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
