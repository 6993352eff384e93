"""Does Huber's loss lose a rare strong effect? (heavy-tailed targets)

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_heavy_flag.py

Huber's loss caps the pull of the rows far from the fit. Where those rows
are a rare flag's (a yes/no column set in 0.5% or 1% of the rows, adding 15
or 8 to the target), capping them could hide the flag. Target: ``x0 + 0.8 x1
+ effect * flag + 0.5 N(0, 1)``, 2,000 x 20, the flag in column 2; seeds
0-2; squared error against Huber's loss. Per fit: the target's tail share
(``skdfs._targets.tail_share``; ``loss="auto"`` picks Huber's above 1/3),
the ranks of x0, x1 and the flag, and the selection.
"""

import warnings

import numpy as np

from skdfs import DeepFeatureSelector
from skdfs._targets import tail_share


def main():
    warnings.simplefilter("ignore")
    print(
        "flag share  effect  seed  tail share  loss           ranks x0,x1,flag  "
        "selected"
    )
    for share, effect in ((0.01, 8.0), (0.005, 15.0)):
        for seed in range(3):
            rng = np.random.default_rng(seed)
            n = 2000
            X = rng.standard_normal((n, 20))
            flag = (rng.random(n) < share).astype(float)
            X[:, 2] = flag
            y = X[:, 0] + 0.8 * X[:, 1] + effect * flag + 0.5 * rng.standard_normal(n)
            tails = tail_share(y[:, None])[0]
            for loss in ("squared_error", "huber"):
                s = DeepFeatureSelector(random_state=seed, loss=loss).fit(X, y)
                ranks = (-s.feature_importances_).argsort().argsort()[:3] + 1
                kept = np.flatnonzero(s.get_support()).tolist()
                print(
                    f"{share:10} {effect:7} {seed:5} {tails:11.2f}  {loss:13}  "
                    f"{str(ranks.tolist()):16}  {kept}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
