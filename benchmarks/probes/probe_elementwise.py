"""The tall fit's element-wise passes timed alone (issue #16).

    python benchmarks/probes/probe_elementwise.py \
        > benchmarks/results/elementwise_1205.txt

Times, at torch's default threads, the element-wise operations of one step
of ``bench_speed.py``'s tall fit on tensors of its hidden activations' shape
(32 members x 256 rows x 64 units, float32, 2 MB): ReLU's backward
(``threshold_backward``) with a contiguous and with a transposed gradient,
the bias copy that ``baddbmm`` makes, a plain copy and a ReLU. Best of 200
calls each, in microseconds, to compare with the same operations' times
under :mod:`torch.profiler` (``profile_tall_threads.py``). Run on a quiet
machine.
"""

import os
import time

import torch


def best_us(fn, repeat=200):
    for _ in range(5):
        fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return 1e6 * best


def main():
    print(
        f"$ python benchmarks/probes/probe_elementwise.py; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads, load average {os.getloadavg()}"
    )
    torch.manual_seed(0)
    E, B, H = 32, 256, 64
    grad = torch.randn(E, B, H)
    out = torch.randn(E, B, H).relu()
    bias = torch.randn(E, 1, H)
    transposed = grad.transpose(1, 2).contiguous().transpose(1, 2)
    rows = [
        (
            "threshold_backward, contiguous gradient",
            lambda: torch.ops.aten.threshold_backward(grad, out, 0.0),
        ),
        (
            "threshold_backward, transposed gradient",
            lambda: torch.ops.aten.threshold_backward(transposed, out, 0.0),
        ),
        (
            "bias expanded into a new (E, B, H) tensor (baddbmm's copy)",
            lambda: bias.expand(E, B, H).contiguous(),
        ),
        ("clone", lambda: grad.clone()),
        ("relu", lambda: torch.relu(grad)),
    ]
    print(
        f"\n{E} x {B} x {H} float32 ({4 * E * B * H / 2**20:.0f} MiB), best of 200:\n"
    )
    print("| operation | us |\n|---|---:|")
    for name, fn in rows:
        print(f"| {name} | {best_us(fn):.0f} |")


if __name__ == "__main__":
    main()
