"""Probe: bootstrap and the probe test's trials (the members).

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_xor_bootstrap.py

On ``make_xor(n_samples=800, n_features=10, random_state=0)`` prints each
noise column's sample correlation with the label, then fits
``DeepFeatureSelector(threshold="probe", n_estimators=16, random_state=0)``
with ``bootstrap=False`` (the default) and with ``bootstrap=True`` (probe
mode's default until 2026-12-02) and prints, per column, the members in which
it beats the probes (``hits_``, at the ``probe_percentile`` of the version
run), the adjusted p-value and whether it is selected.
"""

import numpy as np

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_xor


def main():
    X, y, _ = make_xor(n_samples=800, n_features=10, random_state=0)
    corr = [np.corrcoef(X[:, j], y)[0, 1] for j in range(X.shape[1])]
    print(
        "correlation with y: " + " ".join(f"{j}:{c:+.3f}" for j, c in enumerate(corr))
    )
    print(
        f"one standard error of a correlation at n = {len(y)}: "
        f"{1 / np.sqrt(len(y)):.3f}"
    )
    for bootstrap in (False, True):
        selector = DeepFeatureSelector(
            threshold="probe", n_estimators=16, bootstrap=bootstrap, random_state=0
        ).fit(X, y)
        used = int(selector.members_used_.sum())
        print(f"\nbootstrap={bootstrap}: {used} members used")
        print("column | hits | adjusted p | selected")
        for j in range(X.shape[1]):
            print(
                f"{j} | {selector.hits_[j]} | {selector.pvalues_adjusted_[j]:.3g} | "
                f"{bool(selector.get_support()[j])}"
            )


if __name__ == "__main__":
    main()
