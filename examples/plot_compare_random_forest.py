"""
Comparison with random-forest importances
=========================================

Random forests are the usual first tool for non-linear feature importance:
they are fast, need no tuning and handle interactions. This example puts their
impurity-based importances next to the selector's on two problems with a known
answer, and selects features from both with the same rule (importance at least
the mean, ``SelectFromModel``'s default for such models).

- **XOR**: ``y = (x0 > 0) xor (x1 > 0)`` among 20 columns.
- **Correlated decoys**: ``y = x0 + sin(2 x1) + x0 x1`` with two noisy copies
  of each driver (correlation 0.95, columns ``x2`` to ``x5``); only ``x0`` and
  ``x1`` are needed.
"""

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.feature_selection import SelectFromModel
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_correlated, make_xor
from skdfs.plotting import plot_importances

X_xor, y_xor, relevant_xor = make_xor(n_samples=600, n_features=20, random_state=0)
X_cor, y_cor, relevant_cor = make_correlated(
    n_samples=600, n_features=20, random_state=0
)
problems = {
    "XOR": (X_xor, y_xor, relevant_xor, RandomForestClassifier),
    "correlated decoys": (X_cor, y_cor, relevant_cor, RandomForestRegressor),
}

# %%
# Fit both on each problem
# ------------------------
# The forest goes inside ``SelectFromModel`` so that it, too, comes with a
# selection. The score of a ranking is its ROC-AUC: the probability that a
# relevant column is ranked above an irrelevant one (1 is perfect).
results = {}
for name, (X, y, relevant, Forest) in problems.items():
    start = time.perf_counter()
    forest = SelectFromModel(
        Forest(n_estimators=200, random_state=0), threshold="mean"
    ).fit(X, y)
    forest_seconds = time.perf_counter() - start
    start = time.perf_counter()
    selector = DeepFeatureSelector(
        n_estimators=16,
        hidden_layer_sizes=(32,),
        max_epochs=50,
        lr=1e-2,
        random_state=0,
    ).fit(X, y)
    selector_seconds = time.perf_counter() - start
    results[name] = (forest, selector)

    truth = np.isin(np.arange(X.shape[1]), relevant)
    print(f"{name} (relevant: {relevant.tolist()})")
    for label, model, importances, seconds in [
        ("random forest", forest, forest.estimator_.feature_importances_,
         forest_seconds),
        ("deep selector", selector, selector.feature_importances_,
         selector_seconds),
    ]:  # fmt: skip
        print(
            f"  {label}: ranking ROC-AUC {roc_auc_score(truth, importances):.2f}, "
            f"keeps {np.flatnonzero(model.get_support()).tolist()}, "
            f"{seconds:.1f} s"
        )

# %%
# The two rankings, problem by problem
# ------------------------------------
# Both methods see interactions, so both can rank the XOR pair first. What
# differs is the gap to the noise: impurity importance gives every noise column
# a share of the splits, while the selector's L1-pulled gates close most of
# them, which makes the "at least the mean" rule sharper.
#
# Correlated copies are hard for every importance measure: a model can use a
# copy in place of its driver. Compare how much importance ``x2`` to ``x5``
# receive under each method, and how wide the selector's error bars (its
# spread across members) are for them: a large spread is the selector's way of
# saying that members disagree about which of several similar columns to use.
fig, axes = plt.subplots(2, 2, figsize=(9, 7), layout="constrained")
for row, (name, (forest, selector)) in zip(axes, results.items()):
    plot_importances(forest, top=8, ax=row[0])
    row[0].set_title(f"{name}: random forest")
    plot_importances(selector, top=8, ax=row[1])
    row[1].set_title(f"{name}: deep selector")

# %%
# When to prefer which
# --------------------
# The forest is much faster; it is the better first look, and the better tool
# on small tables (a few hundred rows), where a neural network has too little
# data to learn from. The deep selector costs more but comes with a spread
# across members for every feature and the flexibility of a neural network
# (multilabel targets, the soft-F1 loss, GPU training). See the
# :doc:`user guide </user_guide>` for more.
