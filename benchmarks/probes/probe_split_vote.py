"""Where the split-vote warning fires, on dumped fits (``bench_sweep.py run
--dump``, ``probe_weak_effects.py``): per directory, the fits it names with
their selection's size and F1 as dumped (the vote before the twenty-third
session's keep-rate test; after it in dumps made since), and the F1 of the
fits it leaves alone.

    python benchmarks/probes/probe_split_vote.py DUMPS [DUMPS ...]
"""

import glob
import sys

import numpy as np

from skdfs.selection import split_vote_message


def f1(support, relevant):
    tp = int((support & relevant).sum())
    return 0.0 if support.sum() == 0 else 2 * tp / (support.sum() + relevant.sum())


for directory in sys.argv[1:]:
    named, quiet = [], []
    for path in sorted(glob.glob(f"{directory}/*.npz")):
        dump = np.load(path, allow_pickle=True)
        if "path_share_" not in dump:
            continue
        relevant = np.asarray(dump["relevant"], bool)
        support = np.asarray(dump["path_support_"], bool)
        share = np.asarray(dump["path_share_"], float)
        score = f1(support, relevant)
        vote = share >= 0.25  # the quarter vote, before the keep-rate test
        if split_vote_message(share, vote) is None:
            quiet.append(score)
        else:
            split = int((vote & (share < 0.5)).sum())
            named.append((path.split("/")[-1], int(support.sum()), split, score))
    print(f"{directory}: {len(named)} of {len(named) + len(quiet)} fits warned")
    for name, selected, split, score in named:
        print(
            f"  {name}: selected {selected}, split {split} of the vote, F1 {score:.3f}"
        )
    if named:
        print(f"  mean F1 where warned {np.mean([n[-1] for n in named]):.3f}")
    if quiet:
        print(f"  mean F1 elsewhere {np.mean(quiet):.3f}")
