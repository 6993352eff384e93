"""A member floor for the path's quarter vote, on dumped fits and small ensembles.

    python benchmarks/probes/probe_vote_floor.py DUMP_DIR [DUMP_DIR ...] \
        [--sizes 3 4 8] [--draws 5] [--out OUT.md]

The path's selection keeps a feature when at least a quarter of the used
members keep it at their chosen levels (``path_1se_q25`` in
``bench_rules.py``, :data:`skdfs.path.PATH_MIN_SHARE`). With few voting
members a quarter is one member: at 4 members one member keeping a noise
column selects it. The floor (``path_q25_floor2``) also asks for at least two
members whenever two or more vote, i.e. ``max(ceil(m / 4), 2)`` of ``m``;
``path_q25_floor2_half`` only where two members are at most half of the vote
(``m >= 4``; at 2 or 3 members one member is already half or a third).

For every dump (the sweep's default fits, 32 members) this scores both rules
on all the used members, then on ``--draws`` fixed random subsets of ``k``
used members for every ``k`` of ``--sizes`` (subset ``j`` of a dump drawn
with ``numpy.random.default_rng((seed, k, j))``, the dump's seed; dumps with
fewer than ``k`` used members are skipped at that ``k``), the two rules on
the same subsets. Printed per half and size: per family the mean F1 (and the
worst fit), the mean of the family means of F1, false share and recall, and
the worst fit's F1. At ``k >= 5`` the two rules agree by construction
(``ceil(k / 4) >= 2``), so the 8-member rows are a check.
The 2 and 3-member rows show what the floor costs where two members are the
whole vote or two thirds of it.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import bench_rules as br  # noqa: E402
import bench_sweep as bs  # noqa: E402

#: rule name: (floor, from_members) of ``bench_rules.floored_vote``; None: the
#: plain quarter vote.
RULES = {
    "path_1se_q25": None,
    "path_q25_floor2": (2, 2),
    "path_q25_floor2_half": (2, 4),
}


def vote(kept, floor):
    """Quarter vote of the rows of ``kept``, with ``floor`` (see :data:`RULES`)."""
    if floor is None:
        return kept.mean(axis=0) >= 0.25
    return br.floored_vote(kept, 0.25, *floor)


def score(paths, sizes, draws):
    import pandas as pd

    rows = []
    for path in paths:
        dump = br.load_dump(path)
        kept = br.path_kept(dump, 1.0)[:, : int(dump["n_features"])]
        used = np.arange(len(kept))  # rows of the used members
        relevant = np.flatnonzero(dump["relevant"])
        d = int(dump["n_features"])
        seed = int(dump["seed"])
        base = dict(
            half=str(dump["half"]),
            family=str(dump["family"]),
            seed=seed,
            n_samples=int(dump["n_samples"]),
            n_features=d,
        )
        subsets = [("all", 0, used)]
        for k in sizes:
            if len(used) < k:
                continue
            for j in range(draws):
                rng = np.random.default_rng((seed, k, j))
                subsets.append((str(k), j, rng.choice(used, size=k, replace=False)))
        for size, j, members in subsets:
            for rule, floor in RULES.items():
                support = vote(kept[members], floor)
                rows.append(
                    dict(
                        base,
                        size=size,
                        draw=j,
                        m=len(members),
                        rule=rule,
                        **bs.selection_metrics(support, relevant, d),
                    )
                )
    return pd.DataFrame(rows)


def report(df):
    out = []
    for (half, size), g in df.groupby(["half", "size"], sort=False):
        rules = list(dict.fromkeys(g.rule))
        fits = g[g.rule == rules[0]]
        out += [
            f"## {half}, members voting: {size} ({len(fits)} votes, "
            f"{fits.groupby(['family', 'n_samples', 'n_features', 'seed']).ngroups}"
            " fits)",
            "",
        ]
        out.append(
            "| family | " + " | ".join(f"{r} F1 mean (worst)" for r in rules) + " |"
        )
        out.append("|---" * (len(rules) + 1) + "|")
        for fam, h in g.groupby("family", sort=False):
            cells = [
                f"{h[h.rule == r].f1.mean():.3f} ({h[h.rule == r].f1.min():.3f})"
                for r in rules
            ]
            out.append(f"| {fam} | " + " | ".join(cells) + " |")
        out += [
            "",
            "| rule | mean F1 | worst F1 | mean false share | mean recall "
            "| mean selected |",
            "|---|---|---|---|---|---|",
        ]
        for r in rules:
            h = g[g.rule == r]
            fam = h.groupby("family")
            out.append(
                f"| {r} | {fam.f1.mean().mean():.4f} | {h.f1.min():.3f} "
                f"| {fam.false_share.mean().mean():.4f} "
                f"| {fam.recall.mean().mean():.4f} "
                f"| {fam.n_selected.mean().mean():.2f} |"
            )
        a = g[g.rule == rules[0]].reset_index(drop=True)
        out.append("")
        for r in rules[1:]:
            b = g[g.rule == r].reset_index(drop=True)
            out.append(
                f"- `{r}` against `{rules[0]}`: selection changed in "
                f"{int((a.n_selected != b.n_selected).sum())} of {len(a)} votes; "
                f"F1 better in {int((b.f1 > a.f1 + 1e-12).sum())}, worse in "
                f"{int((b.f1 < a.f1 - 1e-12).sum())}"
            )
        out.append("")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+")
    parser.add_argument("--sizes", nargs="+", type=int, default=[2, 3, 4, 8])
    parser.add_argument("--draws", type=int, default=5)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    df = score(br.dump_paths(args.dumps), args.sizes, args.draws)
    text = report(df) + (
        "\n`python benchmarks/probes/probe_vote_floor.py "
        + " ".join(sys.argv[1:])
        + "`\n"
    )
    print(text)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
