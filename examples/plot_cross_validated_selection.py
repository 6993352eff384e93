"""
Cross-validated selection and its stability
===========================================

Feature selection is part of the model: to estimate how well a model with
selection predicts, the selector must be fitted inside each cross-validation
fold, never on the whole data first (that leaks the test rows into the
choice of features). A :class:`~sklearn.pipeline.Pipeline` does this for free.

The folds' selectors also tell how *stable* the selection is: a feature chosen
in every fold is a safer bet than one chosen in two folds of five.

The data is the "orange skin" problem (Chen et al., 2018): the class depends on
the sum of squares of the first four of 12 features.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_validate
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_orange_skin

X, y, relevant = make_orange_skin(n_samples=800, n_features=12, random_state=0)
names = [f"x{i}" for i in range(X.shape[1])]

pipe = make_pipeline(
    DeepFeatureSelector(
        n_estimators=8,
        hidden_layer_sizes=(32,),
        max_epochs=60,
        lr=1e-2,
        random_state=0,
    ),
    SVC(),
)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)

# %%
# Scores with and without selection
# ---------------------------------
with_selection = cross_validate(pipe, X, y, cv=cv, return_estimator=True)
without = cross_validate(SVC(), X, y, cv=cv)
print(
    f"SVC on all features:     {without['test_score'].mean():.3f} "
    f"+/- {without['test_score'].std():.3f}"
)
print(
    f"SVC after the selector:  {with_selection['test_score'].mean():.3f} "
    f"+/- {with_selection['test_score'].std():.3f}"
)

# %%
# Which features each fold kept
# -----------------------------
selectors = [model[0] for model in with_selection["estimator"]]
support = np.array([s.get_support() for s in selectors])  # (folds, features)
importances = np.array([s.feature_importances_ for s in selectors])
frequency = support.mean(axis=0)
for name, f in zip(names, frequency):
    print(f"{name:>4}: kept in {f:.0%} of the folds")

# %%
# Importance per fold and selection frequency
# -------------------------------------------
# Left: each fold's importances (a row per fold); selected cells are framed.
# Right: how often each feature was selected. The relevant features are
# ``x0`` to ``x3``.
fig, (left, right) = plt.subplots(
    1, 2, figsize=(9, 3.5), layout="constrained", width_ratios=[3, 1.2]
)
image = left.imshow(importances, aspect="auto", cmap="Blues")
for fold, feature in zip(*np.nonzero(support)):
    left.add_patch(plt.Rectangle((feature - 0.5, fold - 0.5), 1, 1, fill=False, lw=1.5))
left.set_xticks(range(len(names)), names)
left.set_yticks(range(len(selectors)), [f"fold {k}" for k in range(len(selectors))])
fig.colorbar(image, ax=left, label="importance")
colours = ["C0" if i in relevant else "0.7" for i in range(len(names))]
right.barh(names, frequency, color=colours)
right.invert_yaxis()
right.set_xlim(0, 1)
right.set_xlabel("share of folds selecting")

# %%
# A fold's own uncertainty
# ------------------------
# Within one fit, the spread across members (``feature_importances_std_``)
# plays the same role: the standard error of a feature's importance is about
# ``std / sqrt(number of members used)``.
first = selectors[0]
stderr = first.feature_importances_std_ / np.sqrt(first.members_used_.sum())
order = np.argsort(-first.feature_importances_)[:6]
for i in order:
    print(
        f"{names[i]:>4}: {first.feature_importances_[i]:.3f} "
        f"+/- {stderr[i]:.3f} (standard error)"
    )
