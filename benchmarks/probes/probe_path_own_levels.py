"""A member's path scores over its own levels only, against all the path's
levels (the shipped scores), on probe-mode sweep dumps, without refitting.

    python benchmarks/probes/probe_path_own_levels.py DUMP_DIR [DUMP_DIR ...]

The gate path ends when every member's gates have fallen, so a member's path
scores (:meth:`skdfs.path.GatePath.importances`, its shares averaged over the
levels) depend on how long the other members' paths run. Here each member's
average stops at its own first level with no gate alive (or the last level).
Both are blended as the selector does (``probe_probe_path.member_parts``,
weight 0.5) and scored: ranking ROC-AUC of the mean over the used members, and
the shipped probe test (signed-rank, percentile 96). Prints the means of the
family means per half of the dumps given.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench_quality as bq  # noqa: E402
import bench_sweep as bs  # noqa: E402
import probe_probe_path as pp  # noqa: E402

from skdfs.path import PATH_RANK_WEIGHT  # noqa: E402
from skdfs.selection import probe_test  # noqa: E402

#: The signed-rank test's level when this probe ran (the fourteenth session's
#: ``skdfs.selection.SIGNED_RANK_PERCENTILE``, since replaced by a level that
#: grows with the width); kept so that the stored output can be reproduced.
SIGNED_RANK_PERCENTILE = 96.0


def own_level_scores(z, d):
    """Path scores averaged over each member's own levels, over the real
    features' total."""
    gates, alive = z["path_gates"].astype(float), z["path_alive"]
    total = gates.sum(axis=2, keepdims=True)
    shares = np.where(total > 0, gates / np.where(total > 0, total, 1.0), 0.0)
    out = np.zeros(gates.shape[1:])
    for m in range(gates.shape[1]):
        dead = np.flatnonzero(~alive[:, m, :].any(axis=1))
        end = dead[0] if len(dead) else gates.shape[0] - 1
        out[m] = shares[: end + 1, m].mean(axis=0)
    real = out[:, :d].sum(axis=1, keepdims=True)
    return out / np.where(real > 0, real, 1.0)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+")
    args = parser.parse_args(argv)
    w = PATH_RANK_WEIGHT
    for folder in args.dumps:
        families, rows = [], {"all levels (shipped)": [], "own levels": []}
        for f in sorted(glob.glob(os.path.join(folder, "*.npz"))):
            z = np.load(f, allow_pickle=True)
            if "path_gates" not in z.files or "probe_importances_" not in z.files:
                continue
            gates, path, d = pp.member_parts(z)
            used = z["members_used_"].astype(bool)
            truth = np.flatnonzero(z["relevant"].astype(bool))
            families.append(str(z["family"]))
            for name, scores in zip(rows, (path, own_level_scores(z, d))):
                blend = ((1 - w) * gates + w * scores)[used]
                sup = probe_test(
                    blend[:, :d],
                    blend[:, d:],
                    percentile=SIGNED_RANK_PERCENTILE,
                    statistic="signed_rank",
                )["confirmed"]
                m = bs.selection_metrics(sup, truth, d)
                auc = bq.roc_auc(blend[:, :d].mean(axis=0), truth)
                rows[name].append((auc, m["f1"], m["false_share"], m["recall"]))
        fams = np.array(families)
        names = sorted(set(families))
        print(f"{folder}: {len(fams)} probe-mode dumps with a path")
        print("| path scores | AUC | worst AUC | F1 | false share | recall |")
        print("|---|---:|---:|---:|---:|---:|")
        for name, values in rows.items():
            a = np.array(values, float)

            def fam_mean(col, a=a, fams=fams, names=names):
                return np.nanmean([np.nanmean(a[fams == n, col]) for n in names])

            print(
                f"| {name} | {fam_mean(0):.4f} | {np.nanmin(a[:, 0]):.3f} "
                f"| {fam_mean(1):.3f} | {fam_mean(2):.4f} | {fam_mean(3):.3f} |"
            )
        print()


if __name__ == "__main__":
    main()
