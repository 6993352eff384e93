"""Probe mode with and without bootstrap on the suite's false-selection test.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_noboot_unit.py --seeds 0 1 2 ...

The setting of ``tests/test_selection.py::test_false_selections_stay_below_
alpha_on_average`` (XOR and Friedman, 800 x 16, 16 members of 32 x 32, 60
epochs), over more seeds: per variant the mean false-selection share and
recall, and every fit's falsely selected columns with their hits.
"""

import argparse
import warnings

import numpy as np

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_friedman, make_xor

PROBE = dict(
    n_estimators=16,
    hidden_layer_sizes=(32, 32),
    max_epochs=60,
    lr=3e-3,
    threshold="probe",
    device="cpu",
)
VARIANTS = {
    "no bootstrap, p99 (auto)": dict(bootstrap=False),
    "bootstrap, p90 (auto)": dict(bootstrap=True),
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    args = parser.parse_args()
    for name, extra in VARIANTS.items():
        shares, recalls = [], []
        for seed in args.seeds:
            for task, (X, y, relevant) in (
                ("xor", make_xor(n_samples=800, n_features=16, random_state=seed)),
                (
                    "friedman",
                    make_friedman(n_samples=800, n_features=16, random_state=seed),
                ),
            ):
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    sel = DeepFeatureSelector(random_state=seed, **PROBE, **extra)
                    sel.fit(X, y)
                selected = np.flatnonzero(sel.get_support())
                false = np.setdiff1d(selected, relevant)
                shares.append(len(false) / max(len(selected), 1))
                recalls.append(np.isin(relevant, selected).mean())
                if len(false):
                    hits = {int(j): int(sel.hits_[j]) for j in false}
                    print(f"  {name}: {task} seed {seed}: false {hits} (hits)")
        print(
            f"{name}: {len(shares)} fits, false share {np.mean(shares):.3f}, "
            f"recall {np.mean(recalls):.3f}, fits with a false selection "
            f"{int(np.sum(np.array(shares) > 0))}",
            flush=True,
        )


if __name__ == "__main__":
    main()
