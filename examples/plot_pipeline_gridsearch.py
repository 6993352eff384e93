"""
Selection inside a Pipeline, tuned with GridSearchCV
====================================================

:class:`~skdfs.DeepFeatureSelector` is an ordinary scikit-learn transformer, so
it can be the first step of a :class:`~sklearn.pipeline.Pipeline` and its
parameters can be tuned by :class:`~sklearn.model_selection.GridSearchCV`
against the score of the final model.

The target here is an XOR of the signs of two features, hidden among 18
columns of noise. Neither relevant feature is related to the target on its
own, so univariate filters cannot find them; a support vector machine on all
20 columns struggles because the noise dominates its distances.
"""

# %%
# Data and a baseline on all features
# -----------------------------------
import numpy as np
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVC

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_xor
from skdfs.plotting import plot_importances

X, y, relevant = make_xor(n_samples=400, n_features=20, noise=0.05, random_state=0)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.3, stratify=y, random_state=0
)
baseline = SVC().fit(X_train, y_train)
print(f"SVC on all 20 features: test accuracy {baseline.score(X_test, y_test):.2f}")

# %%
# The selector as a pipeline step
# -------------------------------
# Small settings keep the example fast: 8 members with one hidden layer of 16
# units, at most 40 epochs, a larger learning rate than the default.
selector = DeepFeatureSelector(
    n_estimators=8,
    hidden_layer_sizes=(16,),
    max_epochs=40,
    lr=1e-2,
    random_state=0,
)
pipe = make_pipeline(selector, SVC())

# %%
# Tune how many features are kept
# -------------------------------
# ``max_features`` keeps the top features by importance (with
# ``threshold=None`` the count alone decides). Every candidate is a fresh fit
# of the selector in every fold, so the cost of a grid search is the number of
# candidates times the number of folds.
grid = GridSearchCV(
    pipe,
    {"deepfeatureselector__max_features": [1, 2, 6]},
    cv=3,
)
grid.fit(X_train, y_train)
results = zip(grid.cv_results_["params"], grid.cv_results_["mean_test_score"])
for params, score in results:
    print(f"{params}: cross-validated accuracy {score:.2f}")
print(f"best: {grid.best_params_}")

# %%
# The refitted pipeline on held-out data
# --------------------------------------
best = grid.best_estimator_
kept = np.flatnonzero(best[0].get_support())
print(f"kept columns {kept.tolist()} (truly relevant: {relevant.tolist()})")
print(f"test accuracy with selection: {best.score(X_test, y_test):.2f}")

# %%
# The importances of the refitted selector
# ----------------------------------------
# The bars are the mean normalised gate over the members, the error bars their
# spread across members. With ``max_features`` and no threshold there is no
# threshold line.
plot_importances(best[0], top=10)

# %%
# .. tip::
#
#    The threshold is read when the selector transforms, not when it fits, so
#    on an already fitted selector you can compare thresholds without
#    retraining: ``selector.set_params(threshold="1.5*mean").get_support()``.
