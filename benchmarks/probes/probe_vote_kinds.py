"""Probe (offline): the path's quarter vote by kind of member (mixed basis).

For every fit in stored mixed-basis sweep dumps, recomputes the path's
selection from each member's support at its chosen level
(``path_alive[path_chosen[e], e]``) under four rules, and prints the mean F1
of the family means and the mean false-selection share per half:

* ``all``: a quarter of the used members, at least two (shipped);
* ``both kinds``: a quarter of the used linear members and a quarter of the
  used quadratic ones (even and odd members);
* ``linear only``: the quarter vote among the used linear members;
* ``quadratic only``: the same among the quadratic ones.

    PYTHONPATH=. python benchmarks/probes/probe_vote_kinds.py DIR [DIR ...]
"""

import collections
import glob
import sys

import numpy as np


def quarter(support):
    if not len(support):
        return np.zeros(support.shape[1], bool)
    chosen = support.mean(0) >= 0.25
    if len(support) >= 4:
        chosen &= support.sum(0) >= 2
    return chosen


def scores(selected, relevant):
    tp = (selected & relevant).sum()
    f1 = 2 * tp / (selected.sum() + relevant.sum()) if selected.any() else 0.0
    false = (selected & ~relevant).sum() / selected.sum() if selected.any() else 0.0
    return f1, false


def main(dirs):
    rules = ["all", "both kinds", "linear only", "quadratic only"]
    for d in dirs:
        fam = collections.defaultdict(lambda: collections.defaultdict(list))
        for f in sorted(glob.glob(f"{d}/*.npz")):
            z = np.load(f, allow_pickle=True)
            alive, chosen = z["path_alive"], z["path_chosen"]
            used = z["members_used_"]
            E = len(chosen)
            support = alive[chosen, np.arange(E)]
            odd = np.arange(E) % 2 == 1
            rel = np.zeros(support.shape[1], bool)
            rel[z["relevant"]] = True
            lin, quad = support[used & ~odd], support[used & odd]
            picks = {
                "all": quarter(support[used]),
                "both kinds": quarter(lin) & quarter(quad),
                "linear only": quarter(lin),
                "quadratic only": quarter(quad),
            }
            for rule in rules:
                fam[str(z["family"])][rule].append(scores(picks[rule], rel))
        print(d)
        for rule in rules:
            f1 = np.mean([np.mean([v[0] for v in r[rule]]) for r in fam.values()])
            fs = np.mean([np.mean([v[1] for v in r[rule]]) for r in fam.values()])
            print(f"  {rule:15s} F1 {f1:.3f}  false share {fs:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
