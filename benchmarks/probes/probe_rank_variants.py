"""Probe: other ways to pool the members' scores, offline on the sweep's dumps.

    python benchmarks/probes/probe_rank_variants.py [TUNING_DIR HELDOUT_DIR]

On the dumped default fits (``bench_sweep.py run --dump``; default dirs
``/work/default_dumps/{tuning,heldout}``), the ROC-AUC of rankings pooled
differently from the shipped one (``cur``: each used member's blend of its
gates and path scores, averaged):

* ``gainw`` / ``gain2w``: members weighted by their relative validation gain
  over the constant predictor (squared for ``gain2w``);
* ``median``: the median over the used members; ``rankavg``: the mean of the
  members' ranks; ``allmem``: every member, used or not;
* ``okshare``: the path scores averaged only over the levels whose
  validation loss is within one standard error of the member's best.

Prints, per half, the mean of the family means, the worst fit and the
family table (the sweep report's conventions).
"""

import glob
import os
import sys

import numpy as np
import pandas as pd
from scipy.stats import rankdata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench_quality as bq  # noqa: E402
from bench_rankings import dump_path  # noqa: E402
from bench_rules import load_dump  # noqa: E402


def variants(d):
    path = dump_path(d)
    n = int(d["n_features_in_"])
    shares = path.importances()[:, :n]
    w0 = float(d.get("path_rank_weight", 0.0))
    blend = np.asarray(d["importances_"], float)[:, :n]  # already blended at w0
    gates = (blend - w0 * shares) / (1 - w0)
    used = np.asarray(d["members_used_"], bool)
    used = used if used.any() else np.ones_like(used)
    base = np.asarray(d["member_baseline_scores_"], float)
    sc = np.asarray(d["member_scores_"], float)
    gain = np.clip((base - sc) / np.where(base > 0, base, 1), 0, None)
    gain = np.nan_to_num(gain)
    out = {}
    out["cur"] = blend[used].mean(0)
    wts = gain * used
    out["gainw"] = (
        (blend * wts[:, None]).sum(0) / max(wts.sum(), 1e-12)
        if wts.sum() > 0
        else out["cur"]
    )
    wts2 = gain**2 * used
    out["gain2w"] = (
        (blend * wts2[:, None]).sum(0) / max(wts2.sum(), 1e-12)
        if wts2.sum() > 0
        else out["cur"]
    )
    out["median"] = np.median(blend[used], 0)
    out["rankavg"] = np.mean([rankdata(r) for r in blend[used]], 0)
    # path shares only over levels within 1 SE of each member's best
    L = path.valid_loss
    se = path.valid_se
    best = np.nanmin(np.where(np.isfinite(L), L, np.inf), 0)
    ok = (
        L
        <= best[None]
        + se[
            np.nanargmin(np.where(np.isfinite(L), L, np.inf), 0), np.arange(L.shape[1])
        ][None]
    )
    g = path.gates[:, :, :n]
    tot = g.sum(2, keepdims=True)
    sh = np.where(tot > 0, g / np.where(tot > 0, tot, 1), 0)
    okw = ok[:, :, None].astype(float)
    sh_ok = (sh * okw).sum(0) / np.maximum(okw.sum(0), 1)
    sh_ok = sh_ok / np.maximum(sh_ok.sum(1, keepdims=True), 1e-12)
    out["okshare"] = (0.5 * gates + 0.5 * sh_ok)[used].mean(0)
    # all members (not only used)
    out["allmem"] = blend.mean(0)
    return out


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    dirs = argv or ["/work/default_dumps/tuning", "/work/default_dumps/heldout"]
    rows = []
    for directory in dirs:
        for f in sorted(glob.glob(os.path.join(directory, "*.npz"))):
            d = load_dump(f)
            rel = np.flatnonzero(np.asarray(d["relevant"], bool))
            for k, s in variants(d).items():
                rows.append(
                    dict(
                        half=str(d["half"]),
                        family=str(d["family"]),
                        v=k,
                        auc=bq.roc_auc(s, rel),
                    )
                )
    df = pd.DataFrame(rows)
    for half in df.half.unique():
        x = df[df.half == half]
        fam = x.groupby(["v", "family"]).auc.mean().unstack(0)
        print(half, f"({x.groupby('v').size().iloc[0]} fits)")
        print("  mean of family means:", fam.mean().round(4).to_dict())
        print("  worst fit:", x.groupby("v").auc.min().round(3).to_dict())
        print(fam.round(3).to_string())
        print()


if __name__ == "__main__":
    main()
