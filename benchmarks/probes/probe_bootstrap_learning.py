"""Probe mode, bootstrap and the gate penalty on one task: AUC and members used.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_bootstrap_learning.py \
        FAMILY N D SEED [EXTRA ...]

Fits the default, threshold="probe" with bootstrap (probe mode's default
until 2026-12-02), probe mode without bootstrap, and the default with
bootstrap (plus each EXTRA, a Python dict of parameters) on
``make_task(FAMILY, random_state=SEED, n_samples=N, n_features=D)``.
"""

import sys
import time
import warnings

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task

warnings.simplefilter("ignore")
torch.set_num_threads(1)
fam, n, d, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X, y, rel, task = make_task(fam, random_state=seed, n_samples=n, n_features=d)
truth = np.zeros(d, bool)
truth[rel] = True
for name, p in [
    ("default", {}),
    ("probe", dict(threshold="probe", bootstrap=True)),
    ("probe nobootstrap", dict(threshold="probe", bootstrap=False)),
    ("default+bootstrap", dict(bootstrap=True)),
] + [(a, eval(a)) for a in sys.argv[5:]]:
    t = time.perf_counter()
    s = DeepFeatureSelector(random_state=seed, **p).fit(X, y)
    used = len(np.flatnonzero(s.members_used_))
    seconds = time.perf_counter() - t
    auc = roc_auc_score(truth, s.feature_importances_)
    print(
        f"{name}: auc {auc:.3f} used {used} steps {s.n_steps_} "
        f"sel {s.get_support().sum()} {seconds:.1f}s",
        flush=True,
    )
