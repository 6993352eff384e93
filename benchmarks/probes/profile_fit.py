"""Probe: where a member-batched fit spends its time (torch.profiler).

    python benchmarks/probes/profile_fit.py [--members 32] [--epochs 10]

Fits ``DeepFeatureSelector`` on the data of ``bench_ensemble.py`` (2000 x 50,
three hidden layers of 128, batch 256, early stopping off) once to warm up,
then once under :mod:`torch.profiler`, and prints the operators by self CPU
time. Run it on a quiet machine.
"""

import argparse
import warnings

import numpy as np
from torch.profiler import ProfilerActivity, profile

from skdfs import DeepFeatureSelector


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=32)
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--rows", type=int, default=25, help="operators shown")
    args = parser.parse_args(argv)
    rng = np.random.RandomState(0)
    X = rng.randn(2000, 50)
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    params = dict(
        n_estimators=args.members,
        hidden_layer_sizes=(128, 128, 128),
        max_epochs=args.epochs,
        patience=None,
        batch_size=256,
        device="cpu",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # few epochs: NoLearningWarning
        DeepFeatureSelector(**params).fit(X, y)
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            DeepFeatureSelector(**params).fit(X, y)
    table = prof.key_averages().table(
        sort_by="self_cpu_time_total", row_limit=args.rows
    )
    print(table)


if __name__ == "__main__":
    main()
