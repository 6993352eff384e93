"""How many members' gate-path level keeps no gate (issue #14).

    python benchmarks/probes/probe_empty_levels.py [--member-features 0.75]

Fits the selector on orange_skin, 250 x 500, seed 0 (the sweep's tuning wide
cell), and prints, for the used members, their chosen path levels, how many
gates each keeps there, and the vote on the four relevant columns.
"""

import argparse
import warnings

import numpy as np

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--member-features", type=float, default=0.75)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    X, y, rel, _ = make_task(
        "orange_skin", n_samples=250, n_features=500, random_state=0
    )
    s = DeepFeatureSelector(random_state=0, member_features=args.member_features)
    s.fit(X, y)
    used = s.members_used_
    kept = s.path_.support[used]
    print(f"member_features={args.member_features}: {used.sum()} of 32 members used")
    print("gates kept at each used member's level:", kept.sum(axis=1).tolist())
    print("used members keeping no gate:", int((kept.sum(axis=1) == 0).sum()))
    print(
        "relevant columns",
        [int(r) for r in rel],
        "kept by",
        kept[:, rel].sum(axis=0).tolist(),
    )
    print("path share", np.round(s.path_share_[rel], 2).tolist())
    print("selected:", int(s.get_support().sum()))


if __name__ == "__main__":
    main()
