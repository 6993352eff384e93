"""Probe: variants of the default against the default on the same sweep units.

Reads sweep CSVs (``bench_sweep.py run``) holding the default (``skdfs``) and
variants (``skdfs:NAME``), and compares each variant with the default on
exactly the units (half, family, size, seed) both ran: the mean over families
of each family's mean ROC-AUC, the worst single fit, the mean F1, false
share and recall of the default selection, and the mean seconds per fit with
their ratio to the default's. The same restricted to the wide cells (more
columns than 250) follows, then each variant's AUC change per family::

    python benchmarks/probes/probe_hyper.py benchmarks/results/hyper_tuning.csv
    python benchmarks/probes/probe_hyper.py --default skdfs:s500 CSV ...

``--default NAME`` takes the rows of method ``NAME`` as the default's (a run
where the default was a variant; its rows then stand for ``skdfs``).

The report of ``bench_sweep.py report`` averages each method over its own
units, which differ here (some variants ran on part of the sweep only).
"""

import os
import sys

import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import bench_sweep as bs  # noqa: E402

UNIT = [k for k in bs.KEY if k != "method"]
METRICS = ("auc", "f1", "false_share", "recall", "seconds")


def summary(rows):
    """The mean over families of each family's mean of every metric, the
    worst single fit's AUC, and each family's mean AUC
    (:func:`bench_sweep.family_summary`)."""
    means = {m: bs.family_summary(rows, m)[0].iloc[:, 0] for m in METRICS}
    out = pd.Series({m: means[m]["all"] for m in METRICS})
    out["worst"] = bs.family_summary(rows, "auc")[1].iloc[-1, 0]
    return out, means["auc"].drop("all")


def compare(data, wide_only=False):
    ok = data[data["status"] == "ok"]
    base = ok[ok["method"] == "skdfs"]
    lines, per_family = [], {}
    for method in sorted(set(ok["method"]) - {"skdfs"}):
        other = ok[ok["method"] == method]
        units = base[UNIT].merge(other[UNIT])
        if wide_only:
            units = units[units["n_features"] > 250]
        if units.empty:
            continue
        a, fam_a = summary(base.merge(units))
        b, fam_b = summary(other.merge(units))
        per_family[method] = (fam_b - fam_a).round(3)
        lines.append(
            f"{method} | {len(units)} | {a.auc:.4f} / {b.auc:.4f} | "
            f"{a.worst:.3f} / {b.worst:.3f} | {a.f1:.4f} / {b.f1:.4f} | "
            f"{a.false_share:.3f} / {b.false_share:.3f} | "
            f"{a.recall:.3f} / {b.recall:.3f} | "
            f"{a.seconds:.1f} / {b.seconds:.1f} ({b.seconds / a.seconds:.2f}x)"
        )
    return lines, per_family


def main(paths, default=None):
    data = bs.load_results(paths)
    if default is not None:
        data = data[data["method"] != "skdfs"].copy()
        data.loc[data["method"] == default, "method"] = "skdfs"
    header = (
        "variant | units | mean AUC (default / variant) | worst AUC | mean F1 | "
        "false share | recall | seconds per fit"
    )
    for title, wide in (("all units", False), ("wide cells only", True)):
        lines, per_family = compare(data, wide)
        print(f"\n## {title}\n\n{header}\n---|---:|---|---|---|---|---|---")
        print("\n".join(lines))
        if not wide:
            print("\nAUC change against the default, per family (mean of its units):")
            print()
            print(pd.DataFrame(per_family).sort_index().to_markdown())


if __name__ == "__main__":
    args = sys.argv[1:]
    name = None
    if args[:1] == ["--default"]:
        name, args = args[1], args[2:]
    if not args:
        sys.exit(__doc__)
    main(args, default=name)
