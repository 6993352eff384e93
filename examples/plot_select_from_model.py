"""
Using the selector's importances with SelectFromModel
=====================================================

:class:`~skdfs.DeepFeatureSelector` exposes ``feature_importances_`` like a
random forest does, so it also works as the estimator of scikit-learn's
:class:`~sklearn.feature_selection.SelectFromModel`. Its own thresholds use the
same grammar (``"mean"``, ``"1.5*mean"``, a number, ``max_features``), and they
give the same selection.

The data is Friedman's regression problem #1: the target depends on the first
five of 15 features (two through an interaction, one quadratically, two
linearly); the other ten are noise.
"""

# %%
import numpy as np
from sklearn.feature_selection import SelectFromModel

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_friedman
from skdfs.plotting import plot_importances

X, y, relevant = make_friedman(n_samples=500, n_features=15, noise=0.5, random_state=0)
print(f"relevant columns: {relevant.tolist()}")

# %%
# SelectFromModel around the selector
# -----------------------------------
selector = DeepFeatureSelector(
    n_estimators=8,
    hidden_layer_sizes=(32,),
    max_epochs=40,
    lr=1e-2,
    random_state=0,
)
sfm = SelectFromModel(selector, threshold="1.5*mean").fit(X, y)
print(f"SelectFromModel keeps {np.flatnonzero(sfm.get_support()).tolist()}")

# %%
# The same selection from the selector itself
# -------------------------------------------
# ``sfm.estimator_`` is the fitted selector. Setting its own ``threshold``
# gives the same support without refitting.
fitted = sfm.estimator_
fitted.set_params(threshold="1.5*mean")
assert (fitted.get_support() == sfm.get_support()).all()
print(f"threshold value: {fitted.threshold_:.4f} (1.5 x the mean importance)")

# %%
# Several thresholds on one fit
# -----------------------------
# With ``prefit=True`` SelectFromModel reuses a fitted estimator, which makes
# comparing thresholds free.
for threshold in ["0.5*mean", "mean", "2*mean"]:
    kept = SelectFromModel(fitted, prefit=True, threshold=threshold).get_support()
    print(f"{threshold:>9}: {np.flatnonzero(kept).tolist()}")
kept = SelectFromModel(fitted, prefit=True, threshold=-np.inf, max_features=5)
print(f"top five: {np.flatnonzero(kept.get_support()).tolist()}")

# %%
# The ranking with its spread
# ---------------------------
# The dashed line is the selector's threshold (here 1.5 x the mean).
plot_importances(fitted, top=15)
