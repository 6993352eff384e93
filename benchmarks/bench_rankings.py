"""Rankings from the gate path, evaluated offline on the sweep's dumped fits.

    python benchmarks/bench_rankings.py DUMP_DIR [DUMP_DIR ...]
        [--weights 0 0.25 0.5 0.75 1] [--out report.md]

``bench_sweep.py run --dump DIR`` with ``threshold="path"`` writes every
fit's member importances (the gates at the predictive fit, ``importances_``)
and its gate path. This script rebuilds each dump's
:class:`skdfs.path.GatePath` and ranks the features by the library's own
blend, as :class:`skdfs.DeepFeatureSelector` does when the path runs with
``importance="gate"``: per member ``(1 - w) * gates + w * path scores``
(:meth:`skdfs.path.GatePath.importances`), averaged over the used members;
``w = 0`` is the gates alone, ``w = 1`` the path alone. A second path score,
``area`` (the area under each gate's path relative to its level-0 value, the
path score before 2026-12-02), is kept for comparison.

Per half it prints the sweep report's table of ROC-AUC (relevant vs the
rest; per family the mean / worst over seeds and sizes, and an ``all`` row
with the mean of the family means and the worst of the worst), chooses on
the tuning half the weight with the best ``all`` mean (the worst case
breaks exact ties) and reports it unchanged on the held-out half.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_quality as bq  # noqa: E402
import bench_sweep as bs  # noqa: E402
from bench_rules import dump_paths, load_dump  # noqa: E402

from skdfs.path import GatePath  # noqa: E402

WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)


def dump_path(dump):
    """The dump's :class:`~skdfs.path.GatePath` (``None`` without one)."""
    if "path_gates" not in dump:
        return None
    fields = ("penalties", "gates", "valid_loss", "valid_se", "alive", "chosen")
    return GatePath(
        *(dump["path_" + f] for f in fields),
        dump["path_death_penalty"],
        int(dump["path_steps"]),
    )


def area_scores(path):
    """Area under each gate's path relative to the member's largest level-0
    gate, rows summing to one (the path score before 2026-12-02)."""
    top = path.gates[0].max(axis=1, keepdims=True)
    area = (path.gates / np.where(top > 0, top, 1.0)[None]).sum(axis=0)
    total = area.sum(axis=1, keepdims=True)
    return np.where(total > 0, area / np.where(total > 0, total, 1.0), 0.0)


def rankings(dump, weights=WEIGHTS):
    """``{name: scores}`` of one dump: the blends and the area score."""
    path = dump_path(dump)
    n = int(dump["n_features_in_"])
    shares = path.importances()[:, :n]
    gates = np.asarray(dump["importances_"], dtype=float)[:, :n]
    # Dumps of fits that already blended (path_rank_weight) give the gates back.
    w0 = float(dump.get("path_rank_weight", 0.0))
    if w0 >= 1:
        raise ValueError("importances_ hold the path's scores alone; no gates left")
    gates = (gates - w0 * shares) / (1 - w0)
    used = np.asarray(dump["members_used_"], dtype=bool)
    used = used if used.any() else np.ones_like(used)
    out = {
        f"w={w:g}": ((1 - w) * gates + w * shares)[used].mean(axis=0) for w in weights
    }
    out["area"] = area_scores(path)[used][:, :n].mean(axis=0)
    return out


def score(paths, weights=WEIGHTS):
    """One row per (dump, ranking) with the sweep's identity columns."""
    rows = []
    for p in paths:
        dump = load_dump(p)
        if "path_gates" not in dump:
            continue
        relevant = np.asarray(dump["relevant"], dtype=bool)
        ident = {
            k: dump[k].item()
            for k in ("half", "family", "n_samples", "n_features", "seed")
        }
        for name, s in rankings(dump, weights).items():
            rows.append(
                dict(
                    ident,
                    method=name,
                    status="ok",
                    auc=bq.roc_auc(s, np.flatnonzero(relevant)),
                )
            )
    return pd.DataFrame(rows)


def table(df):
    mean, worst = bs.family_summary(df, "auc")
    methods = list(mean.columns)
    rows = [
        [fam] + [f"{mean.at[fam, m]:.3f} / {worst.at[fam, m]:.3f}" for m in methods]
        for fam in mean.index
    ]
    return bs.markdown_table(["family", *methods], rows), mean, worst


def choose(mean, worst, candidates):
    """Best ``all`` mean; the worst case breaks exact ties."""
    key = {c: (round(mean.at["all", c], 6), worst.at["all", c]) for c in candidates}
    return max(candidates, key=lambda c: key[c])


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+", help="directories of .npz dumps")
    parser.add_argument("--weights", nargs="+", type=float, default=list(WEIGHTS))
    parser.add_argument("--out", help="also write the markdown here")
    args = parser.parse_args(argv)
    df = score(dump_paths(args.dumps), args.weights)
    parts = ["# Rankings from the gate path", ""]
    chosen = None
    for half in ("tuning", "heldout"):
        sub = df[df["half"] == half]
        if sub.empty:
            continue
        text, mean, worst = table(sub)
        fits = len(sub[["family", "n_samples", "n_features", "seed"]].drop_duplicates())
        parts += [
            f"## {half}: {fits} fits; ROC-AUC mean / worst",
            "",
            text,
            "",
        ]
        blends = [c for c in mean.columns if c.startswith("w=")]
        if half == "tuning":
            chosen = choose(mean, worst, blends)
            parts += [f"Chosen on the tuning half: **{chosen}**.", ""]
        elif chosen is not None:
            parts += [
                f"Held-out, {chosen} unchanged: {mean.at['all', chosen]:.3f} / "
                f"{worst.at['all', chosen]:.3f} (gates alone w=0: "
                f"{mean.at['all', 'w=0']:.3f} / {worst.at['all', 'w=0']:.3f}).",
                "",
            ]
    parts.append("`python benchmarks/bench_rankings.py " + shlex.join(argv) + "`")
    text = "\n".join(parts) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
