"""Probe: a training pass's forward and backward alone, one autograd node
(:class:`skdfs.network._TrainingPass`) against the layer-by-layer graph.

    python benchmarks/probes/probe_one_node.py [--threads 1]

The module of the sweep's fits (32 members, hidden (64, 64), one output) on
its own rows, a mean squared loss, ``backward``; no optimiser, no data
access. Two shapes: a small fit's step (batch 32, 20 features) and the tall
fit's (batch 256, 27 features). The two versions alternate, 15 rounds of 50
passes each; the fastest round of each is reported, with the largest
difference between their gradients (0: bit-identical). Run it on a quiet
machine.
"""

import argparse
import os
import time

import torch

from skdfs.network import GatedEnsembleMLP

ONE_NODE = GatedEnsembleMLP._one_node


def timed_pass(module, X, y, rounds=15, passes=50):
    def one():
        module.zero_grad(set_to_none=True)
        ((module(X) - y) ** 2).mean(1).sum().backward()

    best = {}
    for _ in range(rounds):
        for name, rule in (("graph", lambda self, X: False), ("one node", ONE_NODE)):
            GatedEnsembleMLP._one_node = rule
            one()
            t = time.perf_counter()
            for _ in range(passes):
                one()
            ms = 1e3 * (time.perf_counter() - t) / passes
            best[name] = min(best.get(name, float("inf")), ms)
    grads = {}
    for name, rule in (("graph", lambda self, X: False), ("one node", ONE_NODE)):
        GatedEnsembleMLP._one_node = rule
        one()
        grads[name] = [p.grad.clone() for p in module.parameters()]
    GatedEnsembleMLP._one_node = ONE_NODE
    diff = max(
        float((a - b).abs().max()) for a, b in zip(grads["graph"], grads["one node"])
    )
    return best, diff


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    print("load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))
    for batch, d in ((32, 20), (256, 27)):
        torch.manual_seed(0)
        module = GatedEnsembleMLP(32, d, 1, hidden_layer_sizes=(64, 64)).train()
        X, y = torch.randn(32, batch, d), torch.randn(32, batch, 1)
        best, diff = timed_pass(module, X, y)
        print(
            f"batch {batch:3d}, {d} features, {args.threads} thread(s): "
            f"graph {best['graph']:.3f} ms, one node {best['one node']:.3f} ms "
            f"({best['one node'] / best['graph']:.2f}x); largest gradient "
            f"difference {diff:g}"
        )
    print("load average {:.2f}, {:.2f}, {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
