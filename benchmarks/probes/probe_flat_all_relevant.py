"""Flat members where every column matters (#14, the few-rows warning).

    OMP_NUM_THREADS=2 python benchmarks/probes/probe_flat_all_relevant.py

A gate path that keeps every column is right where every column matters.
The flat-member warning (``skdfs.path.flat_vote``) must not fire there: its
members keep every column *and* beat the constant predictor by more than one
standard error. Tasks: Friedman's five columns (all relevant) at 200 and
1,000 rows, a linear target on six columns at 60, 200 and 1,000 rows, and
wine (13 columns); two seeds each, the default selector. Per fit: the share
of the used members whose level keeps every column, the median gain over
the constant of those and of the others, the share of the used members that
are flat, whether the flat members are decisive, and the share of columns
selected.
"""

import warnings

import numpy as np
from sklearn.datasets import load_wine

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task
from skdfs.path import flat_members, flat_vote


def table(name, n, seed):
    rng = np.random.default_rng(seed)
    if name == "friedman":
        return make_task("friedman", random_state=seed, n_samples=n, n_features=5)[:2]
    if name == "linear":
        X = rng.normal(size=(n, 6))
        weights = np.array([1, 0.8, 0.6, 0.5, 0.4, 0.3])
        return X, X @ weights + 0.5 * rng.normal(size=n)
    return load_wine(return_X_y=True)


def median(values, mask):
    return f"{np.median(values[mask]):.2f}" if mask.any() else "-"


def main():
    warnings.simplefilter("ignore")
    for name, n in [
        ("friedman", 200),
        ("friedman", 1000),
        ("linear", 60),
        ("linear", 200),
        ("linear", 1000),
        ("wine", 178),
    ]:
        for seed in (0, 1):
            X, y = table(name, n, seed)
            s = DeepFeatureSelector(random_state=seed).fit(X, y)
            used = s.members_used_
            full = s.path_.support.all(axis=1)
            gain = 1 - s.member_scores_ / s.member_baseline_scores_
            flat = flat_members(s.path_, s.member_baseline_scores_)
            decisive = flat_vote(s.path_, s.member_baseline_scores_, used) is not None
            print(
                f"{name} {len(X)}x{X.shape[1]} seed {seed}: "
                f"full {full[used].mean():.2f}, gain full {median(gain, used & full)}, "
                f"others {median(gain, used & ~full)}, "
                f"flat {flat[used].mean():.2f}, decisive {decisive}, "
                f"selected {s.get_support().mean():.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
