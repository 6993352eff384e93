"""Heavy-tailed targets: the loss and the path's level rule, separately.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_heavy_rules.py

The tuning half of ``probe_heavy_tails.py`` (same tables, sizes and seeds),
each table fitted with ``loss="squared_error"`` and ``loss="huber"``; each
fit's gate path is then replayed with both level rules: the best level's
own standard error (``valid_se``, the rule squared error uses) and the
paired standard error of each level's row-by-row difference from the best
(``valid_se_paired``, the rule Huber's loss uses). Four arms per table:
loss x rule, the vote as shipped (``skdfs.path.path_selection``). Per arm:
true columns selected (of 4), noise columns selected, and how many of the
used members chose the level with every gate closed.
"""

import dataclasses
import warnings

import numpy as np
from probe_heavy_tails import HALVES, KINDS, table

from skdfs import DeepFeatureSelector
from skdfs.path import _choose, path_selection


def arms(selector):
    path, used = selector.path_, selector.members_used_
    n_alive = path.alive.sum(axis=2)
    out = {}
    for rule, paired in (("own", None), ("paired", path.valid_se_paired)):
        chosen = _choose(path.valid_loss, path.valid_se, n_alive, paired)
        support, _ = path_selection(dataclasses.replace(path, chosen=chosen), used)
        members = np.arange(len(chosen))
        empty = (path.alive[chosen, members].sum(axis=1) == 0) & used
        out[rule] = (int(support[:4].sum()), int(support[4:].sum()), int(empty.sum()))
    return out


def main():
    warnings.simplefilter("ignore")
    sizes, seeds = HALVES["tuning"]
    print("kind       size      seed loss           rule    true noise  empty members")
    totals = {}
    for kind in KINDS:
        for n, d in sizes:
            for seed in seeds:
                X, y = table(kind, n, d, seed)
                for loss in ("squared_error", "huber"):
                    s = DeepFeatureSelector(random_state=seed, loss=loss).fit(X, y)
                    for rule, (tp, fp, empty) in arms(s).items():
                        total = totals.setdefault((kind, loss, rule), [0, 0, 0])
                        total[0] += tp
                        total[1] += fp
                        total[2] += empty
                        print(
                            f"{kind:10} {n:4}x{d:<4} {seed:4} {loss:13} {rule:7} "
                            f"{tp:4} {fp:5} {empty:14}",
                            flush=True,
                        )
    fits = len(sizes) * len(seeds)
    print(f"\ntotals over {fits} fits per kind (true columns: {4 * fits})")
    print("kind       loss           rule    true  noise  empty members")
    for (kind, loss, rule), (tp, fp, empty) in totals.items():
        print(f"{kind:10} {loss:13} {rule:7} {tp:5} {fp:6} {empty:14}")


if __name__ == "__main__":
    main()
