"""Probe (offline): pool the members weighted by their validation gain?

For every fit in the stored mixed-basis sweep dumps (``bench_sweep.py run
--dump``; paths below), ranks the features by four poolings of the used
members' importances - the plain mean (shipped), weights equal to each
member's relative gain over the constant, its square, and the mean of the
half with the larger gains - and prints each family's mean / worst ROC-AUC
and the mean of family means::

    PYTHONPATH=. python benchmarks/probes/probe_gain_pool.py
"""

import collections
import glob

import numpy as np
from sklearn.metrics import roc_auc_score

from skdfs.selection import members_learned

for half in ["tuning", "heldout"]:
    fam = collections.defaultdict(lambda: collections.defaultdict(list))
    for f in sorted(glob.glob(f"/work/mixed_dumps/{half}/*.npz")):
        z = np.load(f, allow_pickle=True)
        s, b = z["member_scores_"], z["member_baseline_scores_"]
        used = members_learned(s, b) & ~z["member_diverged_"]
        if not used.any():
            used = ~z["member_diverged_"]
        gain = np.clip(1 - s / b, 0, None)
        rel = np.zeros(z["importances_"].shape[1], bool)
        rel[z["relevant"]] = True
        if rel.all() or not rel.any():
            continue
        imp = z["importances_"]
        variants = {
            "mean": imp[used].mean(0),
            "gain": (imp[used] * gain[used, None]).sum(0),
            "gain^2": (imp[used] * gain[used, None] ** 2).sum(0),
            "top half by gain": imp[used][
                np.argsort(-gain[used])[: max(1, used.sum() // 2)]
            ].mean(0),
        }
        for k, v in variants.items():
            fam[str(z["family"])][k].append(roc_auc_score(rel, v))
    keys = ["mean", "gain", "gain^2", "top half by gain"]
    print(half)
    tot = {k: [] for k in keys}
    worst = {k: 1 for k in keys}
    for fname, d in sorted(fam.items()):
        print(
            f"  {fname:20s}",
            " ".join(f"{k}={np.mean(d[k]):.3f}/{np.min(d[k]):.3f}" for k in keys),
        )
        for k in keys:
            tot[k].append(np.mean(d[k]))
            worst[k] = min(worst[k], np.min(d[k]))
    print("  ALL", " ".join(f"{k}={np.mean(tot[k]):.4f}/{worst[k]:.3f}" for k in keys))
