"""Probe: which gate statistic ranks features best; do gate L1 / gate step help?

    python benchmarks/probes/probe_gate_scale.py

For each task and configuration, fits DeepFeatureSelector and scores two
importances from the same fitted members by ROC-AUC (relevant vs the rest):
``gate`` (the normalised gate) and ``gate*|W1|`` (gate times the L2 norm of the
feature's row in the first dense kernel, the feature's effective input weight).
"""

import sys
import time

import numpy as np
from scipy.special import expit
from sklearn.datasets import load_breast_cancer, make_friedman1
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector


def tasks(seed=0):
    rng = np.random.RandomState(seed)
    n, d = 1000, 20
    X = rng.randn(n, d)
    yield "xor", X, ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(int), [0, 1]
    X = rng.randn(n, d)
    logit = -(np.sum(X[:, :4] ** 2, axis=1) - 4)
    yield "orange", X, (rng.rand(n) < expit(logit)).astype(int), [0, 1, 2, 3]
    X = rng.randn(n, d)
    logit = -(
        -100 * np.sin(0.2 * X[:, 0]) + abs(X[:, 1]) + X[:, 2] + np.exp(-X[:, 3]) - 2.4
    )
    yield "additive", X, (rng.rand(n) < expit(logit)).astype(int), [0, 1, 2, 3]
    X, y = make_friedman1(n_samples=n, n_features=d, random_state=seed)
    yield "friedman", X, y, [0, 1, 2, 3, 4]
    X = rng.randn(2000, 30)
    y = X[:, 0] * X[:, 1] + X[:, 2] * X[:, 3] + X[:, 4] * X[:, 5]
    yield "products", X, y, [0, 1, 2, 3, 4, 5]
    bc = load_breast_cancer()
    Xr = bc.data
    noise = rng.randn(*Xr.shape)
    perm = np.column_stack([rng.permutation(c) for c in Xr.T])
    yield "cancer+probes", np.hstack([Xr, noise, perm]), bc.target, list(range(30))


def scores(sel):
    m = sel.net_.module_
    g = m.gate.gate_values().numpy()
    w = m.first_layer_weight().detach().norm(dim=2).numpy()
    out = {}
    for name, s in (("gate", g), ("gate*|W1|", g * w)):
        s = s / np.maximum(s.sum(1, keepdims=True), 1e-12)
        out[name] = s[sel.members_used_].mean(0)
    return out


CONFIGS = {
    "report-like: uniform init, no L1, lr x1": dict(
        gate_l1=0.0, gate_lr_scale=1.0, gate_init="uniform"
    ),
    "init 1, no L1, lr x1": dict(gate_l1=0.0, gate_lr_scale=1.0),
    "init 1, L1 1e-3, lr x1": dict(gate_l1=1e-3, gate_lr_scale=1.0),
    "init 1, L1 1e-3, lr x10": dict(gate_l1=1e-3, gate_lr_scale=10.0),
    "init 1, L1 1e-2, lr x10": dict(gate_l1=1e-2, gate_lr_scale=10.0),
}

if __name__ == "__main__":
    seeds = [0, 1]
    rows = []
    for cname, cfg in CONFIGS.items():
        cfg = dict(cfg)
        init = cfg.pop("gate_init", None)
        for seed in seeds:
            for tname, X, y, rel in tasks(seed):
                sel = DeepFeatureSelector(
                    n_estimators=16, random_state=seed, device="cpu", **cfg
                )
                if init == "uniform":
                    sel.set_params()  # placeholder; init patched below
                    import skdfs.network as nw

                    orig = nw.FeatureGate.__init__

                    def patched(self, E, d, init=1.0, orig=orig):
                        orig(self, E, d, init)
                        import torch

                        with torch.no_grad():
                            self.weight.uniform_(0, 1)

                    nw.FeatureGate.__init__ = patched
                t = time.time()
                try:
                    sel.fit(X, y)
                finally:
                    if init == "uniform":
                        nw.FeatureGate.__init__ = orig
                truth = np.isin(np.arange(X.shape[1]), rel)
                for iname, s in scores(sel).items():
                    rows.append(
                        (
                            cname,
                            tname,
                            seed,
                            iname,
                            roc_auc_score(truth, s),
                            time.time() - t,
                            sel.n_iter_,
                        )
                    )
                print(rows[-2], rows[-1][4], flush=True, file=sys.stderr)
    import pandas as pd

    df = pd.DataFrame(
        rows, columns=["config", "task", "seed", "importance", "auc", "s", "epochs"]
    )
    tab = df.pivot_table(
        index=["config", "importance"], columns="task", values="auc", aggfunc="mean"
    )
    tab["mean"] = tab.mean(axis=1)
    print(tab.round(3).to_markdown())
    print(df.groupby("config")[["s", "epochs"]].mean().round(1).to_markdown())
