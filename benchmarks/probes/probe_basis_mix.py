"""Probe (offline): a mixed ensemble of linear and quadratic members.

Reads the per-fit dumps of two sweep runs on the same tasks and seeds, the
shipped default (``/work/default_dumps/HALF``) and ``input_basis="quadratic"``
(``/work/quad_dumps/HALF``, both written by ``bench_sweep.py run --dump``), and
scores, per fit, the ROC-AUC of the mean importances over the used members of:
each whole fit; 16 members of each (linear 0-15, quadratic 16-31); the half
whose median relative validation gain over the constant is larger (``auto``);
and both halves pooled (``pool``). ``f1_*`` score the path's vote of those
members (share 1/4, at least 2 where 4 or more vote), as the library does::

    python benchmarks/probes/probe_basis_mix.py tuning \\
        > benchmarks/results/basis_mix_tuning.txt
"""

import glob
import os
import sys

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, roc_auc_score

COLS = [
    "auc_lin",
    "auc_quad",
    "auc_lin16",
    "auc_quad16",
    "auc_auto",
    "auc_pool",
    "f1_lin",
    "f1_quad",
    "f1_auto",
    "f1_pool",
    "pick_quad",
]


def kept_at_chosen(z):
    """Every member's kept features at its chosen level, ``(E, d)``."""
    alive, chosen = z["path_alive"], z["path_chosen"]
    d = int(z["n_features_in_"])
    return np.array([alive[chosen[e], e] for e in range(alive.shape[1])])[:, :d]


def path_vote(z, members, kept=None):
    """The path's selection by the vote of ``members`` (as ``path_selection``)."""
    kept = kept_at_chosen(z) if kept is None else kept
    d = kept.shape[1]
    if members.sum() == 0:
        return np.zeros(d, bool)
    support = kept[members].mean(0) >= 0.25
    if members.sum() >= 4:
        support &= kept[members].sum(0) >= 2
    return support


def score_fit(zl, zq):
    d = int(zl["n_features_in_"])
    truth = zl["relevant"][:d]

    def auc(imp, used):
        s = imp[used].mean(0) if used.any() else imp.mean(0)
        return roc_auc_score(truth, s[:d])

    def f1(z, used):
        return f1_score(truth, path_vote(z, used), zero_division=0)

    out = dict(family=str(zl["family"]), n=int(zl["n_samples"]), d=d)
    out["seed"] = int(zl["seed"])
    gl = 1 - zl["member_scores_"] / zl["member_baseline_scores_"]
    gq = 1 - zq["member_scores_"] / zq["member_baseline_scores_"]
    lin, quad = np.zeros(32, bool), np.zeros(32, bool)
    lin[:16], quad[16:] = True, True
    ul, uq = zl["members_used_"], zq["members_used_"]
    out["auc_lin"] = roc_auc_score(truth, zl["feature_importances_"][:d])
    out["auc_quad"] = roc_auc_score(truth, zq["feature_importances_"][:d])
    out["auc_lin16"] = auc(zl["importances_"][lin], ul[lin])
    out["auc_quad16"] = auc(zq["importances_"][quad], uq[quad])
    pick_q = np.median(gq[quad]) > np.median(gl[lin])
    out["pick_quad"] = pick_q
    out["auc_auto"] = out["auc_quad16"] if pick_q else out["auc_lin16"]
    imp = np.vstack([zl["importances_"][lin], zq["importances_"][quad]])
    out["auc_pool"] = auc(imp, np.r_[ul[lin], uq[quad]])
    out["f1_lin"], out["f1_quad"] = f1(zl, ul), f1(zq, uq)
    out["f1_auto"] = f1(zq, uq & quad) if pick_q else f1(zl, ul & lin)
    kept = np.where(lin[:, None], kept_at_chosen(zl), kept_at_chosen(zq))
    pooled = np.where(lin, ul, uq)
    out["f1_pool"] = f1_score(truth, path_vote(zl, pooled, kept), zero_division=0)
    out["gain_lin"], out["gain_quad"] = np.median(gl[lin]), np.median(gq[quad])
    return out


def main(half):
    rows = []
    for fq in sorted(glob.glob(f"/work/quad_dumps/{half}/*.npz")):
        fl = fq.replace("quad_dumps", "default_dumps")
        fl = fl.replace("_skdfs-quad.npz", "_skdfs.npz")
        if os.path.exists(fl):
            rows.append(score_fit(np.load(fl), np.load(fq)))
    df = pd.DataFrame(rows)
    pd.set_option("display.width", 250)
    fam = df.groupby("family")[COLS].mean()
    print(len(df), "fits")
    print(fam.round(3).to_string())
    print("mean of family means:")
    print(fam.mean().round(3).to_string())
    print("worst fit:", df[COLS[:6]].min().round(3).to_dict())
    print(df.groupby(["n", "d"])[COLS].mean().round(3).to_string())
    gains = ["family", "n", "d", "seed", "gain_lin", "gain_quad", "auc_lin16"]
    picked = df[df.family.isin(["switch", "xor", "nonlinear_additive"])]
    print(picked[[*gains, "auc_quad16", "auc_pool"]].round(3).to_string())


if __name__ == "__main__":
    main(sys.argv[1])
