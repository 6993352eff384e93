"""Is the retail table's ``store`` column worth finding? Tests without skdfs.

    python benchmarks/probes/retail_table.py retail_raw.csv
    python benchmarks/probes/probe_retail_store.py retail_raw.csv \
        > benchmarks/results/retail_store_check.txt

A chi-squared test of ``store`` (and of the noise column ``sku``) against the
target, and the 5-fold cross-validated log-loss of a logistic regression on
the true main effects alone, with the store levels added, and with the sku
levels added instead (``docs/benchmarks.md``, "Categorical columns with many
levels").
"""

import sys

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score

df = pd.read_csv(sys.argv[1])
y = (df.returned == "yes").astype(int)
for column in ("store", "sku"):
    p = chi2_contingency(pd.crosstab(df[column], y))[1]
    print(f"chi-squared test, {column} against returned: p = {p:.3g}")
log_price = np.log(df.price)
base = pd.get_dummies(df[["category", "channel"]].fillna("missing")).assign(
    discount=df.discount,
    log_price=log_price,
    online_log_price=log_price * (df.channel == "online"),
)
for name, X in [
    ("main effects", base),
    ("main effects + store levels", base.join(pd.get_dummies(df.store))),
    ("main effects + sku levels", base.join(pd.get_dummies(df.sku))),
]:
    model = LogisticRegression(max_iter=2000)
    scores = cross_val_score(model, X.astype(float), y, cv=5, scoring="neg_log_loss")
    print(f"logistic regression, {name}: 5-fold log-loss {-scores.mean():.4f}")
