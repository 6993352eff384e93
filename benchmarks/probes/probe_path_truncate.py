"""A shorter gate path, replayed on default-mode sweep dumps without refitting.

    python benchmarks/probes/probe_path_truncate.py DUMP_DIR [DUMP_DIR ...]

The path runs up to 25 levels of 25 steps for every member, until every gate
of every member has fallen: on narrow tables about as many steps as the
training itself. Its levels serve twice: each member's one-standard-error
level (the selection) and the shares averaged over all levels (half of the
ranking). Here the dumped path is cut after ``K`` levels (``K`` in 8, 12,
16, 20; "full" is the shipped path), or, adaptively, at the first level after
which every member's validation loss has stayed above its best so far plus
``c`` standard errors (of the best level) for two levels in a row; the
selection and the scores are rebuilt from the levels kept, blended as the
selector does (weight 0.5 with the level-0 gate shares), and scored: ranking
ROC-AUC of the mean over the used members, F1, false share and recall of the
shipped vote, and the share of the path's steps saved. Prints the means of
the family means per folder, the worst AUC, and the wide cell apart.
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
import bench_rules as br  # noqa: E402
import bench_sweep as bs  # noqa: E402
import probe_probe_path as pp  # noqa: E402

from skdfs.path import PATH_RANK_WEIGHT  # noqa: E402

RULES = ("full", "K8", "K12", "K16", "K20", "adaptive1", "adaptive2")


def cut_level(z, rule):
    """Index of the last level kept."""
    n_levels = len(z["path_penalties"])
    if rule == "full":
        return n_levels - 1
    if rule.startswith("K"):
        return min(int(rule[1:]), n_levels - 1)
    c = float(rule[len("adaptive") :])
    loss = np.asarray(z["path_valid_loss"], float)
    loss = np.where(np.isfinite(loss), loss, np.inf)
    se = np.nan_to_num(np.asarray(z["path_valid_se"], float))
    best_so_far = np.minimum.accumulate(loss, axis=0)
    where = np.maximum.accumulate(
        np.where(loss == best_so_far, np.arange(n_levels)[:, None], 0), axis=0
    )
    members = np.arange(loss.shape[1])
    above = loss > best_so_far + c * se[where, members]
    for level in range(1, n_levels):
        if above[level].all() and above[level - 1].all():
            return level
    return n_levels - 1


def truncated(z, last):
    """The dump with its path cut after level ``last``."""
    out = dict(z)
    for name in ("gates", "valid_loss", "valid_se", "alive", "valid_se_paired"):
        out[f"path_{name}"] = np.asarray(z[f"path_{name}"])[: last + 1]
    out["path_penalties"] = np.asarray(z["path_penalties"])[: last + 1]
    return out


def scores(z):
    """Ranking AUC and selection metrics of a (cut) dump."""
    gates, path, d = pp.member_parts(z)
    w = PATH_RANK_WEIGHT
    blend = (1 - w) * gates[:, :d] + w * path[:, :d]
    blend /= np.where(blend.sum(1, keepdims=True) > 0, blend.sum(1, keepdims=True), 1.0)
    used = np.asarray(z["members_used_"], bool)
    used = used if used.any() else np.ones_like(used)
    truth = np.flatnonzero(np.asarray(z["relevant"], bool))
    auc = bq.roc_auc(blend[used].mean(axis=0), truth)
    support = br.shipped_vote(z, br.path_levels(z))
    return auc, bs.selection_metrics(support, truth, d)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+")
    args = parser.parse_args(argv)
    for folder in args.dumps:
        rows = []
        for f in sorted(glob.glob(os.path.join(folder, "*_skdfs.npz"))):
            z = br.load_dump(f)
            if "path_gates" not in z:
                continue
            levels = len(z["path_penalties"])
            steps = int(z["n_steps_"]) + int(z["path_steps"])
            for rule in RULES:
                last = cut_level(z, rule)
                auc, m = scores(truncated(z, last))
                saved = (levels - 1 - last) * int(z["path_steps"]) / max(levels - 1, 1)
                rows.append(
                    (
                        str(z["family"]),
                        int(z["n_features"]),
                        rule,
                        auc,
                        m["f1"],
                        m["false_share"],
                        m["recall"],
                        saved / steps,
                    )
                )
        import pandas as pd

        df = pd.DataFrame(
            rows,
            columns=["family", "d", "rule", "auc", "f1", "false", "recall", "saved"],
        )
        print(
            f"{folder}: {df.family.size // len(RULES)} default-mode dumps with a path\n"
        )
        for title, part in (("all", df), ("widest cell", df[df.d == df.d.max()])):
            fam = part.groupby(["rule", "family"]).mean(numeric_only=True)
            table = fam.groupby("rule").mean().loc[list(RULES)]
            table["worst auc"] = part.groupby("rule").auc.min().loc[list(RULES)]
            print(f"{title} (means of family means; saved: share of all steps)")
            print(table.drop(columns="d").round(4).to_markdown())
            print()


if __name__ == "__main__":
    main()
