"""Probe: the first layer's initial scale under ``input_basis="quadratic"``.

For each task of ``FAMILIES`` (comma-separated) at one ``NxD`` cell, seeds
0-2, prints the ROC-AUC of ``feature_importances_`` against the relevant
columns for four fits: the linear basis, the quadratic basis as shipped (the
first layer initialised for ``d + c`` inputs), the quadratic basis with the
columns' rows rescaled to the linear basis's initial scale (``quad_x1``), and
that with the square rows at half of it (``quad_x1_s.5``)::

    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/probes/probe_basis_init.py \
        cat_interaction,parity3,orange_skin 500x20 \
        > benchmarks/results/basis_init.txt

The rescaling patches ``GatedEnsembleMLP.reset_members_`` in this process only.
"""

import sys
import warnings

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task
from skdfs.network import GatedEnsembleMLP

warnings.simplefilter("ignore")
torch.set_num_threads(1)
orig = GatedEnsembleMLP.reset_members_
MODE = {"v": None}


def patched(self, generators):
    orig(self, generators)
    if self.curved is None or MODE["v"] is None:
        return
    d, c = self.n_features, self.curved.numel()
    w = self.hidden[0].weight
    with torch.no_grad():
        w[:, :d] *= ((d + c) / d) ** 0.5
        w[:, d:] *= ((d + c) / d) ** 0.5 * MODE["v"]


GatedEnsembleMLP.reset_members_ = patched
fams = sys.argv[1].split(",")
cell = sys.argv[2]
n, d = map(int, cell.split("x"))
for fam in fams:
    for seed in [0, 1, 2]:
        X, y, rel, _ = make_task(fam, random_state=seed, n_samples=n, n_features=d)
        truth = np.zeros(X.shape[1], bool)
        truth[rel] = True
        out = []
        for name, basis, v in [
            ("lin", "linear", None),
            ("quad", "quadratic", None),
            ("quad_x1", "quadratic", 1.0),
            ("quad_x1_s.5", "quadratic", 0.5),
        ]:
            MODE["v"] = v
            s = DeepFeatureSelector(input_basis=basis, random_state=seed).fit(X, y)
            out.append(f"{name} {roc_auc_score(truth, s.feature_importances_):.3f}")
        print(fam, cell, seed, " | ".join(out), flush=True)
