"""Parity-3 at 500 x 100 over many seeds: is the held-out worst fit luck?

    P=benchmarks/probes/probe_parity_seeds.py
    OMP_NUM_THREADS=1 python $P 500x100 100 110 > A.jsonl &
    OMP_NUM_THREADS=1 python $P 500x100 110 120 > B.jsonl
    # both at once, one per core; their lines: benchmarks/results/parity_seeds.jsonl

The held-out half's worst fit is parity-3 at 500 x 100 (seed 10, ranking
AUC 0.134: the three relevant columns near the bottom). One line per seed
(outside both sweep halves) with ``DeepFeatureSelector(random_state=seed)``:
the ranking AUC of ``feature_importances_``, of ``path_importances_`` and of
the used members' mean gate share, the number selected, the members used
and the median member's loss reduction over the constant predictor
(baseline minus validation loss; about zero where nothing was learned).
"""

import json
import sys
import warnings

import numpy as np
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task


def main(size, first, last):
    n, d = (int(v) for v in size.split("x"))
    warnings.simplefilter("ignore")  # LowSignalWarning on most seeds
    for seed in range(first, last):
        X, y, rel, _ = make_task(
            "parity3", random_state=seed, n_samples=n, n_features=d
        )
        s = DeepFeatureSelector(random_state=seed).fit(X, y)
        truth = np.zeros(d, bool)
        truth[rel] = True
        gain = np.median(s.member_baseline_scores_ - s.member_scores_)
        path = getattr(s, "path_importances_", None)
        row = {
            "seed": seed,
            "auc": round(roc_auc_score(truth, s.feature_importances_), 3),
            "path_auc": None if path is None else round(roc_auc_score(truth, path), 3),
            "gate_auc": round(
                roc_auc_score(truth, s.importances_[s.members_used_].mean(0)), 3
            ),
            "selected": int(s.get_support().sum()),
            "used": int(s.members_used_.sum()),
            "median_gain": round(float(gain), 4),
        }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
