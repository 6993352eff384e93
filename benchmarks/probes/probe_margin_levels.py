"""Probe (offline): the ranking under other margins of ``members_learned``.

For every fit in the stored mixed-basis sweep dumps of both halves, ranks by
the mean importances of the members whose loss is below the constant's by
more than ``m`` of it, for m in 0 (before), 1e-5, 1e-4 and 1e-3 (shipped),
and prints the mean of family means, the worst fit, and parity-3, XOR and
the categorical interaction::

    PYTHONPATH=. python benchmarks/probes/probe_margin_levels.py
"""

import collections
import glob

import numpy as np
from sklearn.metrics import roc_auc_score

from skdfs.selection import MIN_MEMBER_GAIN

MARGINS = [0, 1e-5, 1e-4, MIN_MEMBER_GAIN]


def main():
    for half in ["tuning", "heldout"]:
        res = collections.defaultdict(lambda: collections.defaultdict(list))
        for f in sorted(glob.glob(f"/work/mixed_dumps/{half}/*.npz")):
            z = np.load(f, allow_pickle=True)
            s, b = z["member_scores_"], z["member_baseline_scores_"]
            div = z["member_diverged_"]
            rel = np.zeros(z["importances_"].shape[1], bool)
            rel[z["relevant"]] = True
            if rel.all() or not rel.any():
                continue
            for m in MARGINS:
                used = np.isfinite(s) & (s < b - m * np.abs(b)) & ~div
                if not used.any():
                    used = ~div
                auc = roc_auc_score(rel, z["importances_"][used].mean(0))
                res[str(z["family"])][m].append(auc)
        print(half)
        for m in MARGINS:
            fams = {k: (np.mean(v[m]), np.min(v[m])) for k, v in res.items()}
            mean = np.mean([a for a, _ in fams.values()])
            worst = min(w for _, w in fams.values())
            cells = " ".join(
                f"{k} {fams[k][0]:.3f}/{fams[k][1]:.3f}"
                for k in ("parity3", "xor", "cat_interaction")
            )
            print(f"  margin {m:g}: all {mean:.4f} worst {worst:.3f} {cells}")


if __name__ == "__main__":
    main()
