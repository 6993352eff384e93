"""Forward passes in chunks: seconds against the activation budget per chunk.

    python benchmarks/probes/probe_chunk_budget.py \
        > benchmarks/results/chunk_budget.txt

Two measurements, fastest of five each, torch's default threads:

1. the tall fit's validation pass (bench_speed's 54,000 x 27 table, 32
   members, (64, 64), 10,800 rows per member) through
   ``EnsembleNet.member_losses`` at several rows per chunk;
2. plain forward passes of ``GatedEnsembleMLP`` on 16,384 shared rows for
   several (members, width, inputs), at budgets of 2**18 to 2**24 float32
   activation values per chunk (rows = budget // (members * width)).
"""

import os
import sys
import timeit
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from bench_speed import matmul_gflops, tall_task  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.network import GatedEnsembleMLP  # noqa: E402
from skdfs.training import MemberBatchIterator, MemberData  # noqa: E402


def best(fn, repeat=5):
    """Fastest of ``repeat`` single calls, seconds."""
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def main():
    warnings.simplefilter("ignore")
    print(
        f"load average {os.getloadavg()}; torch {torch.__version__}, "
        f"{torch.get_num_threads()} threads; matmul {matmul_gflops():.0f} GFLOP/s"
    )
    X, y, params = tall_task(1, "linear")
    net = DeepFeatureSelector(**params).fit(X, y).net_
    Xt = torch.as_tensor(((X - X.mean(0)) / X.std(0)).astype(np.float32))
    yt = torch.as_tensor(y.astype(np.float32)).reshape(-1, 1)
    g = torch.Generator().manual_seed(0)
    index = torch.stack(
        [torch.randperm(len(X), generator=g)[:10800] for _ in range(32)]
    )
    data = MemberData(Xt, yt, index)
    print("\n1. tall fit's validation pass (32 members x 10,800 rows)")
    for rows in [256, 512, 1024, 2048, 4096, 8192]:
        it = MemberBatchIterator(data, rows)
        print(
            f"  {rows:5d} rows per chunk ({32 * rows * 64 * 4 / 2**20:5.1f} MiB): "
            f"{1e3 * best(lambda it=it: net.member_losses(it)):6.1f} ms"
        )
    print("\n2. forward passes on 16,384 shared rows, ms (rows per chunk)")
    n = 16384
    budgets = [18, 19, 20, 21, 22, 24]
    print("  members width inputs  " + "  ".join(f"2**{b:<10d}" for b in budgets))
    torch.manual_seed(0)
    for E, w, d in [
        (32, 64, 27),
        (8, 64, 27),
        (100, 64, 27),
        (32, 64, 500),
        (32, 256, 100),
    ]:
        module = GatedEnsembleMLP(E, d, 1, hidden_layer_sizes=(w, w)).eval()
        Xs = torch.randn(n, d)
        cells = []
        for b in budgets:
            rows = max(64, (1 << b) // (E * w))

            def run(rows=rows, module=module, Xs=Xs):
                with torch.no_grad():
                    for s in range(0, n, rows):
                        module(Xs[s : s + rows])

            cells.append(f"{1e3 * best(run):5.0f} ({rows:5d})")
        print(f"  {E:7d} {w:5d} {d:6d}  " + "  ".join(cells))
    print(f"\nload average {os.getloadavg()}")


if __name__ == "__main__":
    main()
