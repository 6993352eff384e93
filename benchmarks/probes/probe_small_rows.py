"""The sweep's families on few rows: 40 to 200 rows, 20 to 200 columns (#14).

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_small_rows.py run \
        --half tuning --csv CSV [--shard K/M] [--dump DIR] [--methods ...]
    python benchmarks/bench_sweep.py report CSV [CSV ...] --out REPORT.md
    python benchmarks/probes/probe_small_rows.py flat DUMP_DIR --csv CSV [CSV ...]

The sweep (``bench_sweep.py``) starts at 250 rows. Clinical and lab tables
often have fewer, and a selection there is decided by a handful of
validation rows per member. This probe runs the twelve synthetic families of
the sweep, one after another in one process, on small cells split the sweep's
way into a tuning half (chooses) and a held-out half (reports), with other
sizes and seeds in each:

======== ==============================================
tuning   40x20, 120x20, 80x100 (d > n); seeds 0, 1, 2
held-out 60x20, 200x50, 100x200 (d > n); seeds 10, 11, 12
======== ==============================================

``flat`` reads the dumped default fits (``run --dump DIR``) and counts the
*flat* members of :func:`skdfs.path.flat_vote`: members whose chosen level
keeps every column and whose best validation loss is within one standard
error of the constant predictor's. Per fit it prints the flat members'
share of the vote, the share of columns selected, whether the fit warned
(the CSV's notes), and, over all fits, which of the columns that only the
flat members' votes select are relevant; then the selection with the flat
members abstaining, against the shipped vote (F1, false share, recall:
mean of the family means).

Methods are the sweep's (``skdfs``, ``rf``, ``boruta``, ...), plus variants
given as ``--variant NAME='{json}'`` and run as ``skdfs:NAME``; rows go into
a CSV in the sweep's format, so ``bench_sweep.py report`` tabulates them
(its "heldout" and "tuning" halves are these small ones).
"""

import argparse
import glob
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

import bench_rules as br  # noqa: E402
import bench_sweep as bs  # noqa: E402

from skdfs.path import GatePath, flat_members, flat_vote  # noqa: E402

SMALL_SIZES = {
    "tuning": ((40, 20), (120, 20), (80, 100)),
    "heldout": ((60, 20), (200, 50), (100, 200)),
}


def small_units(half, families=None, seeds=None):
    """The units of one small half, smallest cells first."""
    families = tuple(families or bs.FAMILIES)
    seeds = tuple(seeds or bs.HALF_SEEDS[half])
    sizes = sorted(SMALL_SIZES[half], key=lambda s: (s[0] * s[1], s))
    return [
        bs.Unit(half, family, "synthetic", n, d, seed)
        for n, d in sizes
        for seed in seeds
        for family in families
    ]


def dumped_path(dump):
    """The :class:`~skdfs.path.GatePath` of a dumped fit."""
    return GatePath(
        dump["path_penalties"],
        dump["path_gates"],
        dump["path_valid_loss"],
        dump["path_valid_se"],
        dump["path_alive"],
        dump["path_chosen"],
        dump["path_death_penalty"],
        int(dump["path_steps"]),
        dump["path_valid_se_paired"],
    )


def flat_report(dump_dir, csvs):
    """Print what the flat members do on the dumped default fits."""
    notes = {}
    for path in csvs:
        for _, row in bs.load_results([path]).iterrows():
            if row["method"] == "skdfs":
                key = (row["family"], row["n_samples"], row["n_features"], row["seed"])
                notes[key] = str(row.get("notes", ""))
    rows, extra, extra_relevant = [], 0, 0
    for name in sorted(glob.glob(os.path.join(dump_dir, "*_skdfs.npz"))):
        dump = dict(np.load(name))
        used = dump["members_used_"].astype(bool)
        path, baseline = dumped_path(dump), dump["member_baseline_scores_"]
        d, relevant = int(dump["n_features"]), dump["relevant"]
        flat = flat_members(path, baseline) & used
        kept = path.support
        shipped = br.floored_vote(kept[used], 0.25, 2, 4)[:d]
        rest = used & ~flat
        without = br.floored_vote(kept[rest], 0.25, 2, 4)[:d] if rest.any() else 0
        only_flat = shipped & ~np.asarray(without, dtype=bool)
        extra += int(only_flat.sum())
        extra_relevant += int((only_flat & relevant).sum())
        key = (str(dump["family"]), int(dump["n_samples"]), d, int(dump["seed"]))
        warned = "LowSignalWarning" in notes.get(key, "")
        decisive = flat_vote(path, baseline, used) is not None
        rows.append(
            dict(
                zip(("family", "n", "d", "seed"), key),
                flat=flat.sum(),
                voting=used.sum(),
                decisive=decisive,
                warned=warned,
                selected=shipped.mean(),
            )
        )
        for arm, support in (
            ("shipped", shipped),
            ("flat abstain", without if rest.any() else shipped),
        ):
            metrics = bs.selection_metrics(
                np.asarray(support, dtype=bool) & np.ones(d, bool),
                np.flatnonzero(relevant),
                d,
            )
            rows[-1][arm] = metrics
    table = pd.DataFrame(
        [
            {k: v for k, v in r.items() if k not in ("shipped", "flat abstain")}
            for r in rows
        ]
    )
    print(
        table[(table.flat > 0) & (table.decisive | (table.selected > 0.5))].to_string(
            index=False
        )
    )
    print(
        f"\n{len(table)} fits; flat members decisive in {int(table.decisive.sum())} "
        "(every column selected in "
        f"{int((table.decisive & (table.selected == 1)).sum())}; "
        f"{int((table.decisive & table.warned).sum())} of them warned in the CSV's run)"
    )
    print(
        f"columns selected only through flat members' votes: {extra}, "
        f"relevant {extra_relevant} "
        f"({100 * (1 - extra_relevant / max(extra, 1)):.0f}% noise)"
    )
    for arm in ("shipped", "flat abstain"):
        frame = pd.DataFrame([dict(family=r["family"], **r[arm]) for r in rows])
        means = frame.groupby("family")[["f1", "false_share", "recall"]].mean().mean()
        print(
            f"{arm:>13}: mean F1 {means.f1:.3f}, false share {means.false_share:.3f}, "
            f"recall {means.recall:.3f} (mean of family means)"
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("run", "plan", "flat"))
    parser.add_argument("dump_dir", nargs="?", help="flat: the dumps to read")
    parser.add_argument("--half", choices=bs.HALVES)
    parser.add_argument("--families", nargs="+", choices=bs.FAMILIES)
    parser.add_argument("--seeds", nargs="+", type=int)
    parser.add_argument("--methods", nargs="+", default=["skdfs", "rf", "boruta"])
    parser.add_argument("--variant", action="append", default=[], type=bs.parse_variant)
    parser.add_argument("--csv", nargs="+")
    parser.add_argument("--dump", metavar="DIR")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--shard", type=bs.parse_shard, default=(0, 1))
    args = parser.parse_args(argv)
    if args.command == "flat":
        flat_report(args.dump_dir, args.csv or [])
        return 0
    if not args.half:
        parser.error(f"{args.command} needs --half")
    units = small_units(args.half, args.families, args.seeds)
    if args.command == "plan":
        for unit in units:
            print(unit)
        return 0
    if not args.csv:
        parser.error("run needs --csv")
    bs.set_threads(args.threads)
    counts = bs.sweep(
        units,
        args.methods,
        args.csv[0],
        variants=dict(args.variant),
        shard=args.shard,
        dump_dir=args.dump,
    )
    print(counts, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
