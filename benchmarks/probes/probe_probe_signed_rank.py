"""The probe test's sign test against a signed-rank test, on sweep dumps.

    python benchmarks/probes/probe_probe_signed_rank.py DUMP_DIR [DUMP_DIR ...] \
        [--rules p99 p95 p90 wsr99 wsr100]

Reads the ``.npz`` dumps that ``bench_sweep.py run --dump`` writes for a
``threshold="probe"`` variant (members' importances of the real features and
of the probes, ``members_used_``, the truth) and applies probe-test variants
without refitting, over the used members, Benjamini-Hochberg at 0.05:

* ``pNN``: the shipped test (``skdfs.selection.probe_test``): a hit when a
  feature beats the NN-th percentile of the member's probes, hits against
  Binomial(n, 1/2);
* ``wsrNN``: a one-sided Wilcoxon signed-rank test of the members'
  differences between the feature's importance and the NN-th percentile of
  their probes (zero differences dropped), which weighs how far a feature
  clears the probes, not only whether it does.

Prints, per family, the mean F1, and overall the mean of the family means of
F1, false-selection share and recall (as ``bench_sweep.py report``), plus the
number of fits with a false selection; then each family's worst F1.
"""

from __future__ import annotations

import argparse
import glob
import os
import sys

import numpy as np
from scipy.stats import false_discovery_control, wilcoxon

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench_sweep as bs  # noqa: E402

from skdfs.selection import probe_test  # noqa: E402


def support(rule, real, probes, alpha=0.05):
    if rule.startswith("p"):
        pct = float(rule[1:])
        return probe_test(real, probes, alpha=alpha, percentile=pct)["confirmed"]
    if rule.startswith("wsr"):
        level = np.percentile(probes, float(rule[3:]), axis=1)
        diff = real - level[:, None]
        p = np.ones(real.shape[1])
        for j in range(real.shape[1]):
            d = diff[:, j]
            d = d[d != 0]
            if len(d):
                p[j] = wilcoxon(d, alternative="greater").pvalue
        return false_discovery_control(p, method="bh") < alpha
    raise ValueError(rule)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+")
    parser.add_argument("--rules", nargs="+", default=["p99", "wsr99", "wsr100"])
    args = parser.parse_args(argv)
    files = sorted(f for d in args.dumps for f in glob.glob(os.path.join(d, "*.npz")))
    rows = {r: [] for r in args.rules}
    families = []
    for f in files:
        z = np.load(f, allow_pickle=True)
        if "probe_importances_" not in z.files:
            continue
        used = z["members_used_"].astype(bool)
        real, probes = z["importances_"][used], z["probe_importances_"][used]
        truth = z["relevant"].astype(bool)
        families.append(str(z["family"]))
        for r in args.rules:
            sup = support(r, real, probes)
            m = bs.selection_metrics(sup, np.flatnonzero(truth), len(truth))
            false = int(sup.sum() - (sup & truth).sum())
            rows[r].append((m["f1"], m["false_share"], m["recall"], false > 0))
    fams = np.array(families)
    names = sorted(set(families))
    print(f"{len(fams)} probe-mode dumps in {' '.join(args.dumps)}\n")
    print(
        "| rule | "
        + " | ".join(names)
        + " | F1 (family means) | false share | recall | fits with a false selection |"
    )
    print("|---|" + "---:|" * (len(names) + 4))
    for r in args.rules:
        a = np.array(rows[r], float)

        def fam_mean(col, a=a):
            return np.nanmean([np.nanmean(a[fams == f, col]) for f in names])

        cells = [f"{np.nanmean(a[fams == f, 0]):.2f}" for f in names]
        print(
            f"| {r} | "
            + " | ".join(cells)
            + f" | {fam_mean(0):.3f} | {fam_mean(1):.3f} | {fam_mean(2):.3f} "
            f"| {int(a[:, 3].sum())} |"
        )
    print("\nWorst F1 per family (smallest over seeds and sizes):\n")
    print("| rule | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for r in args.rules:
        a = np.array(rows[r], float)
        cells = [f"{np.nanmin(a[fams == f, 0]):.2f}" for f in names]
        print(f"| {r} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
