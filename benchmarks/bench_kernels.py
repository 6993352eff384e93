"""Raw-torch ceiling of the member-batched layers, beside the matmul peak.

    python benchmarks/bench_kernels.py

Times the forward + backward of E members' three 128-wide layers
(``torch.baddbmm``) and a fused Adam step, without skorch, data access or
losses, and reports GFLOP/s next to the float32 matrix-multiply figure measured
in the same run. This is the upper bound for ``bench_ensemble.py``.
"""

import argparse
import time

import torch
from bench_ensemble import matmul_gflops  # noqa: E402  (run from benchmarks/)


def _best(fn, repeat=30):
    fn()
    fn()
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, nargs="+", default=[32, 100])
    parser.add_argument("--batch-size", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--n-features", type=int, default=50)
    parser.add_argument("--hidden", type=int, nargs="+", default=[128, 128, 128])
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    peak = matmul_gflops()
    print(f"float32 matmul: {peak:.0f} GFLOP/s, {torch.get_num_threads()} threads")
    print("| members | batch | fwd+bwd GFLOP/s | with fused Adam | % of matmul |")
    print("|---:|---:|---:|---:|---:|")
    sizes = [args.n_features, *args.hidden, 1]
    weights = sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    for E in args.members:
        for B in args.batch_size:
            Ws = [
                torch.randn(E, a, b, requires_grad=True)
                for a, b in zip(sizes[:-1], sizes[1:])
            ]
            bs = [torch.zeros(E, 1, b, requires_grad=True) for b in sizes[1:]]
            X = torch.randn(E, B, args.n_features)

            def step(X=X, Ws=Ws, bs=bs):
                Z = X
                for i, (W, b) in enumerate(zip(Ws, bs)):
                    Z = torch.baddbmm(b, Z, W)
                    if i < len(Ws) - 1:
                        Z = torch.relu(Z)
                Z.sum().backward()

            fb = _best(step)
            opt = torch.optim.Adam(Ws + bs, fused=True)
            adam = _best(opt.step)
            flops = 6 * E * B * weights
            print(
                f"| {E} | {B} | {flops / fb / 1e9:.0f} | "
                f"{flops / (fb + adam) / 1e9:.0f} | "
                f"{100 * flops / (fb + adam) / 1e9 / peak:.0f}% |"
            )


if __name__ == "__main__":
    main()
