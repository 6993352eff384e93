"""Probe mode with the gate path: the probe test and the ranking on blends of
the gates and the path's scores, from sweep dumps, without refitting.

    python benchmarks/probes/probe_probe_path.py DUMP_DIR [DUMP_DIR ...] \
        [--weights 0 0.5 1] [--percentiles 90 95 99] [--per-probe 0.5 1 2] \
        [--default-csv CSV ...]

Reads the ``.npz`` dumps that ``bench_sweep.py run --dump`` writes for a
``threshold="probe"`` variant fitted with the gate path (``path_gates`` over
the real features and the probes). For each member it rebuilds

* its gate shares at the predictive fit: the squared gates of path level 0
  (``importance_power=2``), over the real features' total, probes included;
* its path scores (:meth:`skdfs.path.GatePath.importances`), over the real
  features' total,

and blends them as ``(1 - w) * gates + w * path``: ``w = 0`` is probe mode as
it was before the path ran in it, ``w = 0.5`` what the selector ships
(:data:`skdfs.path.PATH_RANK_WEIGHT`; the script checks that it reproduces
the dumped ``importances_`` and ``probe_importances_``). On each blend it
runs the probe test (:func:`skdfs.selection.probe_test`: the signed-rank
test, or with ``--statistic sign`` the sign test; Benjamini-Hochberg at 0.05)
at each probe percentile over the used members, and scores the ranking
(ROC-AUC of the mean over the used members). ``--per-probe C`` adds a
percentile that depends on the number of probes ``m`` of the fit:
``100 (1 - C / m)`` (rule ``w.../perC``; with ``--per-probe-floor F`` also
``w.../perC@F``, at least ``F``), the level above which ``C`` of ``m``
probes lie in a member: ``C = 2`` is 90 at 20 probes, 98 at 100 and 99.8
at 1,000 (the selector's ``probe_percentile="auto"`` since the fifteenth
session, :data:`skdfs.selection.PROBES_ABOVE`).

Prints, per rule ``wW/pctP`` (or ``wW/perC``), each family's mean F1, the mean
of the family means of F1, false-selection share and recall (as
``bench_sweep.py report``), the fits with a false selection, the mean and worst
AUC; then each family's worst F1. With ``--default-csv`` (a sweep CSV of the
default selector on the same tasks), the tasks whose probe-mode AUC is more
than 0.01 below the default's, per weight. Last, per size cell (``NxD``; the
real tables as ``real``), every rule's F1, false-selection share and recall,
plain means over the cell's fits.
"""

from __future__ import annotations

import argparse
import csv
import glob
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench_quality as bq  # noqa: E402
import bench_sweep as bs  # noqa: E402

from skdfs.path import PATH_RANK_WEIGHT, GatePath  # noqa: E402
from skdfs.selection import probe_test  # noqa: E402

_FIELDS = (
    "penalties",
    "gates",
    "valid_loss",
    "valid_se",
    "alive",
    "chosen",
    "death_penalty",
    "steps",
)


def member_parts(z):
    """Gate shares and path scores of every member, real features first,
    each over the real features' total: ``(gates, path, d)``."""
    d = len(z["feature_importances_"])
    squared = z["path_gates"][0].astype(float) ** 2
    total = squared[:, :d].sum(axis=1, keepdims=True)
    gates = squared / np.where(total > 0, total, 1.0)
    path = GatePath(*(z[f"path_{f}"] for f in _FIELDS)).importances()
    path_total = path[:, :d].sum(axis=1, keepdims=True)
    return gates, path / np.where(path_total > 0, path_total, 1.0), d


def percentile_of(level, n_probes):
    """A fixed percentile, or for ``"perC"`` the fit's ``100 (1 - C / m)``
    (``"perC@F"``: at least ``F``)."""
    if isinstance(level, str):
        c, _, floor = level[3:].partition("@")
        value = 100.0 * (1.0 - float(c) / n_probes)
        return min(100.0, max(float(floor or 0.0), value))
    return float(level)


def label(level):
    return level if isinstance(level, str) else f"pct{level:g}"


def default_aucs(paths):
    """``(family, n, d, seed) -> AUC`` of a sweep CSV's rows."""
    out = {}
    for p in paths:
        with open(p, newline="") as fh:
            for r in csv.DictReader(fh):
                if r["status"] == "ok" and r["auc"]:
                    key = (r["family"], int(r["n_samples"]), int(r["n_features"]))
                    out[key + (int(r["seed"]),)] = float(r["auc"])
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+")
    parser.add_argument("--weights", nargs="+", type=float, default=[0.0, 0.5, 1.0])
    parser.add_argument(
        "--percentiles", nargs="+", type=float, default=[90.0, 95.0, 99.0]
    )
    parser.add_argument("--per-probe", nargs="+", type=float, default=[])
    parser.add_argument(
        "--per-probe-floor", type=float, default=None, help="also each C at least F"
    )
    parser.add_argument("--default-csv", nargs="+", default=[])
    parser.add_argument(
        "--statistic", choices=["signed_rank", "sign"], default="signed_rank"
    )
    args = parser.parse_args(argv)
    files = sorted(f for d in args.dumps for f in glob.glob(os.path.join(d, "*.npz")))
    levels = list(args.percentiles) + [f"per{c:g}" for c in args.per_probe]
    if args.per_probe_floor is not None:
        levels += [f"per{c:g}@{args.per_probe_floor:g}" for c in args.per_probe]
    rules = [(w, p) for w in args.weights for p in levels]
    rows = {r: [] for r in rules}
    aucs = {w: [] for w in args.weights}
    families, keys, size_cells, worst_check = [], [], [], 0.0
    for f in files:
        z = np.load(f, allow_pickle=True)
        if "probe_importances_" not in z.files or "path_gates" not in z.files:
            continue
        gates, path, d = member_parts(z)
        shipped = (1 - PATH_RANK_WEIGHT) * gates + PATH_RANK_WEIGHT * path
        worst_check = max(
            worst_check,
            np.abs(shipped[:, :d] - z["importances_"]).max(),
            np.abs(shipped[:, d:] - z["probe_importances_"]).max(),
        )
        used = z["members_used_"].astype(bool)
        truth = z["relevant"].astype(bool)
        families.append(str(z["family"]))
        size_cells.append(
            "real"
            if str(z["family"]) in bs.REAL_TASKS
            else f"{int(z['n_samples'])}x{int(z['n_features'])}"
        )
        keys.append(
            (
                str(z["family"]),
                int(z["n_samples"]),
                int(z["n_features"]),
                int(z["seed"]),
            )
        )
        for w in args.weights:
            blend = ((1 - w) * gates + w * path)[used]
            real, probes = blend[:, :d], blend[:, d:]
            aucs[w].append(bq.roc_auc(real.mean(axis=0), np.flatnonzero(truth)))
            for p in levels:
                pct = percentile_of(p, probes.shape[1])
                sup = probe_test(
                    real, probes, percentile=pct, statistic=args.statistic
                )["confirmed"]
                m = bs.selection_metrics(sup, np.flatnonzero(truth), len(truth))
                false = int(sup.sum() - (sup & truth).sum())
                rows[(w, p)].append((m["f1"], m["false_share"], m["recall"], false > 0))
    fams = np.array(families)
    names = sorted(set(families))
    print(
        f"{len(fams)} probe-mode dumps with a path in {' '.join(args.dumps)}; "
        f"probe test: {args.statistic}"
    )
    print(
        f"(w = {PATH_RANK_WEIGHT} reproduces the dumped importances to "
        f"{worst_check:.1e})\n"
    )

    def fam_mean(values):
        values = np.asarray(values, float)
        return np.nanmean([np.nanmean(values[fams == f]) for f in names])

    print(
        "| rule | "
        + " | ".join(names)
        + " | F1 (family means) | false share | recall | fits with a false "
        "selection | AUC (family means) | worst AUC |"
    )
    print("|---|" + "---:|" * (len(names) + 6))
    for (w, p), vals in rows.items():
        a = np.array(vals, float)
        cells = [f"{np.nanmean(a[fams == f, 0]):.2f}" for f in names]
        print(
            f"| w{w:g}/{label(p)} | "
            + " | ".join(cells)
            + f" | {fam_mean(a[:, 0]):.3f} | {fam_mean(a[:, 1]):.3f} "
            f"| {fam_mean(a[:, 2]):.3f} | {int(a[:, 3].sum())} "
            f"| {fam_mean(aucs[w]):.3f} | {np.nanmin(aucs[w]):.3f} |"
        )
    print("\nWorst F1 per family (smallest over seeds and sizes):\n")
    print("| rule | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for (w, p), vals in rows.items():
        a = np.array(vals, float)
        cells = [f"{np.nanmin(a[fams == f, 0]):.2f}" for f in names]
        print(f"| w{w:g}/{label(p)} | " + " | ".join(cells) + " |")
    print("\nROC-AUC per family, mean / worst:\n")
    print("| weight | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for w in args.weights:
        a = np.asarray(aucs[w], float)
        cells = [
            f"{np.nanmean(a[fams == f]):.3f} / {np.nanmin(a[fams == f]):.3f}"
            for f in names
        ]
        print(f"| w{w:g} | " + " | ".join(cells) + " |")
    if args.default_csv:
        ref = default_aucs(args.default_csv)
        print(f"\nAgainst the default's AUC ({' '.join(args.default_csv)}):\n")
        print(
            "| weight | tasks compared | more than 0.01 below | mean difference "
            "| worst difference (task) |"
        )
        print("|---|---:|---:|---:|---|")
        for w in args.weights:
            diffs = [(aucs[w][i] - ref[k], k) for i, k in enumerate(keys) if k in ref]
            if not diffs:
                continue
            values = np.array([x for x, _ in diffs])
            low, k = min(diffs)
            print(
                f"| w{w:g} | {len(diffs)} | {int((values < -0.01).sum())} "
                f"| {values.mean():+.3f} | {low:+.3f} ({k[0]} {k[1]}x{k[2]} s{k[3]}) |"
            )

    cell_of = np.array(size_cells)
    print("\nF1 / false share / recall per size cell (means over its fits):\n")
    print("| rule | " + " | ".join(sorted(set(size_cells))) + " |")
    print("|---|" + "---:|" * len(set(size_cells)))
    for (w, p), vals in rows.items():
        a = np.array(vals, float)
        parts = []
        for c in sorted(set(size_cells)):
            m = np.nanmean(a[cell_of == c, :3], axis=0)
            parts.append(f"{m[0]:.3f} / {m[1]:.3f} / {m[2]:.3f}")
        print(f"| w{w:g}/{label(p)} | " + " | ".join(parts) + " |")


if __name__ == "__main__":
    main()
