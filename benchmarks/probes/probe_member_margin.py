"""Probe: what the 0.1% margin of ``members_learned`` changes in stored fits.

Reads the per-fit dumps of sweep runs (``bench_sweep.py run --dump DIR``),
and for each fit counts the members that beat the constant by less than the
margin (used before, not now), and compares the ranking ROC-AUC of the mean
importances over the members used before (strictly below the constant's
loss) and now (``skdfs.selection.members_learned``)::

    PYTHONPATH=. python benchmarks/probes/probe_member_margin.py DIR [DIR ...]
"""

import glob
import sys

import numpy as np
from sklearn.metrics import roc_auc_score

from skdfs.selection import members_learned


def used(learned, diverged):
    learned = learned & ~diverged
    return learned if learned.any() else ~diverged


def main(dirs):
    print(
        "dumps | fits | members | dropped by the margin | fits changed | "
        "mean AUC before | now | largest AUC change"
    )
    print("---|---:|---:|---:|---:|---:|---:|---:")
    for d in dirs:
        files = sorted(glob.glob(f"{d}/*.npz"))
        n_members = dropped = changed = 0
        before, now = [], []
        for f in files:
            z = np.load(f, allow_pickle=True)
            s, b = z["member_scores_"], z["member_baseline_scores_"]
            div = z["member_diverged_"]
            old = used(np.isfinite(s) & (s < b), div)
            new = used(members_learned(s, b), div)
            n_members += len(s)
            dropped += int((old & ~new).sum())
            changed += int((old != new).any())
            rel = np.zeros(z["importances_"].shape[1], bool)
            rel[z["relevant"]] = True
            if rel.all() or not rel.any():
                continue
            imp = z["importances_"]
            before.append(roc_auc_score(rel, imp[old].mean(0)))
            now.append(roc_auc_score(rel, imp[new].mean(0)))
        delta = np.abs(np.subtract(now, before))
        print(
            f"{d} | {len(files)} | {n_members} | {dropped} | {changed} | "
            f"{np.mean(before):.4f} | {np.mean(now):.4f} | {delta.max():.4f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
