"""``ranking_`` by the members' median rank against the order of the mean.

    python benchmarks/probes/probe_ranking_order.py DUMPS

Reads the sweep's dumps (``bench_sweep.py run ... --dump DUMPS``: every
fit's ``feature_importances_``, ``ranking_`` and the ground truth) and
scores two orders of the same fits against the relevant columns: the mean
(``feature_importances_``, the sweep's own AUC) and ``ranking_`` as the
dumped code computed it (the used members' median rank, ties by the mean).
Prints a markdown table: per family the mean and worst ROC-AUC and
precision at k (k = the number of relevant columns), then all fits (mean
over fits and mean of the family means, the sweep report's "all") and how
many fits each order wins by more than 0.01.
"""

import argparse
import collections
import glob
import os

import numpy as np
from sklearn.metrics import roc_auc_score


def precision_at_k(relevant, score):
    top = np.argsort(-score, kind="stable")[: int(relevant.sum())]
    return relevant[top].mean()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps")
    args = parser.parse_args(argv)
    rows = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(args.dumps, "*.npz"))):
        z = np.load(path, allow_pickle=False)
        relevant = z["relevant"]
        if relevant.all() or not relevant.any():
            continue
        mean, rank = z["feature_importances_"], -z["ranking_"].astype(float)
        rows[str(z["family"])].append(
            [
                roc_auc_score(relevant, mean),
                roc_auc_score(relevant, rank),
                precision_at_k(relevant, mean),
                precision_at_k(relevant, rank),
            ]
        )
    print(f"{sum(map(len, rows.values()))} fits from {args.dumps}\n")
    print("| family | AUC: mean | AUC: median rank | P@k: mean | P@k: median rank |")
    print("|---|---|---|---|---|")
    fits, families = [], []
    for family, values in sorted(rows.items()):
        a = np.array(values)
        fits.append(a)
        families.append(a.mean(axis=0))
        cells = " | ".join(
            f"{a[:, j].mean():.3f} / {a[:, j].min():.3f}" for j in range(4)
        )
        print(f"| {family} | {cells} |")
    a = np.vstack(fits)
    f = np.array(families)
    print(
        f"| all fits, mean / worst | {a[:, 0].mean():.4f} / {a[:, 0].min():.3f} | "
        f"{a[:, 1].mean():.4f} / {a[:, 1].min():.3f} | {a[:, 2].mean():.3f} | "
        f"{a[:, 3].mean():.3f} |"
    )
    print(
        f"| mean of the family means | {f[:, 0].mean():.4f} | {f[:, 1].mean():.4f} | "
        f"{f[:, 2].mean():.3f} | {f[:, 3].mean():.3f} |"
    )
    diff = a[:, 1] - a[:, 0]
    lower, higher = int((diff < -0.01).sum()), int((diff > 0.01).sum())
    print(
        f"\nfits where the median rank's AUC is lower by more than 0.01: {lower}; "
        f"higher by more than 0.01: {higher}"
    )


if __name__ == "__main__":
    main()
