"""Probe: variants of the default against the default on the same sweep units.

Reads sweep CSVs (``bench_sweep.py run``) holding the default (``skdfs``) and
variants (``skdfs:NAME``), and compares each variant with the default on
exactly the units (half, family, size, seed) both ran: the mean over families
of each family's mean ROC-AUC, the worst single fit, the mean F1, false
share and recall of the default selection, and the mean seconds per fit with
their ratio to the default's. The same restricted to the wide cells (more
columns than 250) follows, then each variant's AUC change per family::

    python benchmarks/probes/probe_hyper.py benchmarks/results/hyper_tuning.csv

The report of ``bench_sweep.py report`` averages each method over its own
units, which differ here (some variants ran on part of the sweep only).
"""

import sys

import pandas as pd

KEY = ["half", "family", "n_samples", "n_features", "seed"]


def summary(rows):
    fam = rows.groupby("family").agg(
        auc=("auc", "mean"),
        worst=("auc", "min"),
        f1=("f1", "mean"),
        false_share=("false_share", "mean"),
        recall=("recall", "mean"),
        seconds=("seconds", "mean"),
    )
    out = fam.mean()
    out["worst"] = fam["worst"].min()
    return out, fam["auc"]


def compare(data, wide_only=False):
    base = data[data["method"] == "skdfs"]
    lines, per_family = [], {}
    for method in sorted(set(data["method"]) - {"skdfs"}):
        other = data[data["method"] == method]
        units = base[KEY].merge(other[KEY])
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


def main(paths):
    data = pd.concat([pd.read_csv(p) for p in paths])
    data = data[data["status"] == "ok"].drop_duplicates(KEY + ["method"], keep="last")
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
            print(pd.DataFrame(per_family).to_markdown())


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
