"""Small ensembles: how the gate path's vote selects with 8 or 16 members.

A user trial of the Python API shrank ``n_estimators`` to 8 (as people do
to make a search or a notebook faster): on 500 rows x 5 columns, all five
were selected, three of them noise, a date column kept by 2 of the 8
members. With 8 voters the quarter vote is 2 members, and the keep-rate
test applies only where the vote is split (ten or more features) or the
gains are unclear.

This script replays sweep dumps (``bench_sweep.py run ... --dump DIR``, the
default's 32 members) on blocks of consecutive members: members 0-7, 8-15,
16-23, 24-31 as four 8-member ensembles, 0-15 and 16-31 as two of 16, and
all 32. The members are independent (each has its own seed, rows and
stopping; blocks keep the linear and quadratic members of a pair
together), so a block is what a fit of that many members would have
trained, up to the seeds. Rules (``bench_rules.py``):

- ``shipped``: the quarter vote, with the keep-rate test where the vote is
  split or the gains are unclear (``path_unclear_rate``);
- ``rate_small``: also the keep-rate test wherever fewer than 16 members
  vote;
- ``floor3_small``: at least 3 members (instead of 2) wherever fewer than
  16 vote;
- ``min3_half``: at least 3 members, but never more than half of the
  voters (2 of 4 or 5).

    python benchmarks/probes/probe_small_ensembles.py DUMPS [DUMPS ...]
"""

import argparse
import glob
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import bench_rules as br  # noqa: E402

from skdfs.path import keep_rate_test  # noqa: E402
from skdfs.selection import vote_is_split  # noqa: E402

MEMBER_AXIS = {  # key: the axis that runs over the members
    "member_baseline_scores_": 0,
    "member_scores_": 0,
    "member_diverged_": 0,
    "importances_": 0,
    "members_used_": 0,
    "path_gates": 1,
    "path_valid_loss": 1,
    "path_valid_se": 1,
    "path_valid_se_paired": 1,
    "path_alive": 1,
    "path_chosen": 0,
    "path_death_penalty": 0,
    "history_valid_member_loss": 1,
}


def block(dump, members):
    """The dump as if the fit had trained ``members`` only."""
    out = dict(dump)
    for key, axis in MEMBER_AXIS.items():
        if key in out:
            out[key] = np.take(np.asarray(out[key]), members, axis=axis)
    return out


def _small(dump):
    return len(br.path_kept(dump, 1.0)) < 16


def shipped(dump):
    return br.rule_path_unclear_rate(dump)


def rate_small(dump):
    return br.tested_vote(dump, always=br.gains_unclear(dump) or _small(dump))


def floor3_small(dump):
    if not _small(dump):
        return shipped(dump)
    kept = br.path_kept(dump, 1.0)
    support = br.floored_vote(kept, 0.25, 3, 4)
    if br.gains_unclear(dump) or vote_is_split(kept.mean(axis=0), support):
        support &= keep_rate_test(kept)
    return support[: int(dump["n_features"])]


def min3_half(dump):
    """``PATH_MIN_MEMBERS = 3``, never more than half of the voters: 2 of
    4-5 voters, 3 of 6-11 (from 12 the quarter asks for 3 or more)."""
    kept = br.path_kept(dump, 1.0)
    voters = len(kept)
    support = kept.mean(axis=0) >= 0.25
    if voters >= 4:
        support &= kept.sum(axis=0) >= min(3, voters // 2)
    if br.gains_unclear(dump) or vote_is_split(kept.mean(axis=0), support):
        support &= keep_rate_test(kept)
    return support[: int(dump["n_features"])]


RULES = {
    "shipped": shipped,
    "rate_small": rate_small,
    "floor3_small": floor3_small,
    "min3_half": min3_half,
}


def scores(support, relevant):
    tp = int((support & relevant).sum())
    chosen, truth = int(support.sum()), int(relevant.sum())
    f1 = 2 * tp / (chosen + truth) if chosen + truth else 1.0
    false = (chosen - tp) / chosen if chosen else 0.0
    return f1, false, tp / truth if truth else 1.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args()
    rows = []  # (size, rule, family, f1, false, recall)
    for path in sorted(p for d in args.dirs for p in glob.glob(f"{d}/*.npz")):
        dump = br.load_dump(path)
        if "path_alive" not in dump:
            continue
        n = len(dump["member_scores_"])
        relevant = np.asarray(dump["relevant"], bool)
        for size in (8, 16, n):
            for start in range(0, n - size + 1, size):
                part = block(dump, np.arange(start, start + size))
                for name, rule in RULES.items():
                    f1, false, recall = scores(np.asarray(rule(part), bool), relevant)
                    rows.append((size, name, str(dump["family"]), f1, false, recall))
    print(f"{len({r[2] for r in rows})} families; means of the family means")
    print()
    print("| members | rule | mean F1 | false share | recall | worst family F1 |")
    print("|---:|---|---:|---:|---:|---|")
    for size in sorted({r[0] for r in rows}):
        for name in RULES:
            sel = [r for r in rows if r[0] == size and r[1] == name]
            fams = sorted({r[2] for r in sel})
            means = np.array(
                [np.mean([r[3:] for r in sel if r[2] == f], axis=0) for f in fams]
            )
            worst = fams[int(means[:, 0].argmin())]
            print(
                f"| {size} | {name} | {means[:, 0].mean():.3f} | "
                f"{means[:, 1].mean():.3f} | {means[:, 2].mean():.3f} | "
                f"{worst} {means[:, 0].min():.3f} |"
            )


if __name__ == "__main__":
    main()
