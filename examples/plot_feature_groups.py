"""
Selecting one-hot encoded categories as whole groups
====================================================

A categorical column becomes several columns after one-hot encoding. Ranked
column by column, a category can end up half selected: two of its levels kept,
three dropped. With ``groups=`` :class:`~skdfs.DeepFeatureSelector` learns one
gate per group, shared by its columns, and keeps or drops each group whole.

The data: a 5-level ``driver`` decides ``y`` (``y = 1`` for levels 1 and 3,
with 5% of the labels flipped: not monotone in the level, so no single column
explains it), next to three unrelated categoricals and three noise columns.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from skdfs import DeepFeatureSelector, groups_from_feature_names

rng = np.random.RandomState(0)
n = 600
df = pd.DataFrame(
    {
        "driver": rng.randint(0, 5, n),
        "colour": rng.randint(0, 3, n),
        "shape": rng.randint(0, 4, n),
        "brand": rng.randint(0, 6, n),
        "noise0": rng.standard_normal(n),
        "noise1": rng.standard_normal(n),
        "noise2": rng.standard_normal(n),
    }
)
y = np.isin(df["driver"], [1, 3]).astype(int)
flip = rng.random_sample(n) < 0.05
y[flip] = 1 - y[flip]

# %%
# Encode, and derive the groups from the encoder's column names
# -------------------------------------------------------------
# The encoder names its columns ``cat__<column>_<level>``;
# :func:`~skdfs.groups_from_feature_names` maps each name back to its input
# column. The numeric columns match no prefix and stay groups of their own.
categorical = ["driver", "colour", "shape", "brand"]
encode = ColumnTransformer(
    [("cat", OneHotEncoder(sparse_output=False), categorical)],
    remainder="passthrough",
)
X = encode.fit_transform(df)
names = encode.get_feature_names_out()
groups = groups_from_feature_names(names, categorical)
print(f"{X.shape[1]} columns in {len(set(groups))} groups")
print(dict(zip(names[:7], groups[:7])))

# %%
# Fit the selector with the groups
# --------------------------------
# Small, fast settings; a stronger gate penalty (``gate_l1``) closes the gates
# of the irrelevant groups within 40 epochs.
selector = DeepFeatureSelector(
    n_estimators=8,
    hidden_layer_sizes=(16,),
    max_epochs=40,
    batch_size=32,
    lr=1e-2,
    patience=None,
    gate_l1=3e-2,
    groups=groups,
    random_state=0,
).fit(X, y)

for name, score, std in zip(
    selector.group_names_,
    selector.group_importances_,
    selector.group_importances_std_,
):
    print(f"{name:>18}: {score:.3f} +- {std:.3f}")
print("kept columns:", names[selector.get_support()].tolist())

# %%
# Group scores and how they are spread over the columns
# -----------------------------------------------------
# ``group_importances_`` holds one score per group; ``feature_importances_``
# gives each column its group's score divided by the group's size, so the
# columns of a group sum to the group's score.
fig, (ax0, ax1) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
order = np.argsort(selector.group_importances_)
ax0.barh(
    selector.group_names_[order].astype(str),
    selector.group_importances_[order],
    xerr=selector.group_importances_std_[order],
)
ax0.axvline(selector.threshold_, color="k", ls="--", label="threshold (mean)")
ax0.set_title("group_importances_")
ax0.legend()
colors = np.where(selector.get_support(), "tab:green", "tab:grey")
ax1.barh(names.astype(str), selector.feature_importances_, color=colors)
ax1.invert_yaxis()
ax1.set_title("feature_importances_ (green: kept)")
ax1.tick_params(axis="y", labelsize=7)

# %%
# In a pipeline
# -------------
# The encoder, the grouped selector and a model, cross-validated together.
model = make_pipeline(encode, selector, LogisticRegression(max_iter=1000))
scores = cross_val_score(model, df, y, cv=3)
print(f"accuracy with the selected groups: {scores.mean():.3f}")
