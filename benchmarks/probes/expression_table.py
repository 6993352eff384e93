"""A raw expression-like table, as a lab exports it (a user trial; #14).

    python benchmarks/probes/expression_table.py OUT.csv

260 samples: ``sample_id`` (an identifier), ``batch`` (three plates),
``sex`` (``"M"``, ``"F"`` and a few ``"f"``), ``age``, ``collection_date``,
then counts of 3,000 genes (``ENSG...``) in 60 co-expressed modules, 20 of
them unexpressed (all zero), and the label ``diagnosis`` (``"case"`` /
``"control"``); 2% of the cells are written ``NA``. The label follows
``1.4 z100 - 1.2 z200 + z300 + 0.9 (z400^2 - 1) + 0.04 (age - 55)`` on the
standardised log counts ``z`` of genes 100, 200, 300 and 400
(ENSG00000103700, ENSG00000107400, ENSG00000111100, ENSG00000114800; the
last acts through its square). Runs in
``benchmarks/results/expression_rank.txt``.
"""

import sys

import numpy as np
import pandas as pd

rng = np.random.default_rng(11)
n, g = 260, 3000
modules = rng.normal(size=(n, 60))
load = rng.integers(0, 60, g)
latent = modules[:, load] * 0.8 + rng.normal(size=(n, g)) * 0.6
counts = np.round(np.exp(2 + 0.9 * latent + rng.normal(0, 0.2, size=(n, g))))
genes = [f"ENSG{100000 + 37 * j:011d}" for j in range(g)]
df = pd.DataFrame(counts, columns=genes)
df.iloc[:, 5:25] = 0  # unexpressed genes: all zero
lg = np.log1p(counts)
z = (lg - lg.mean(0)) / lg.std(0)
logit = 1.4 * z[:, 100] - 1.2 * z[:, 200] + 1.0 * z[:, 300] + 0.9 * (z[:, 400] ** 2 - 1)
age = rng.integers(25, 85, n)
logit += 0.04 * (age - 55)
p = 1 / (1 + np.exp(-logit))
diag = np.where(rng.random(n) < p, "case", "control")
df.insert(0, "sample_id", [f"S{1000 + i}-{rng.choice(['A', 'B'])}" for i in range(n)])
df.insert(1, "batch", rng.choice(["plate1", "plate2", "plate3"], n))
df.insert(2, "sex", rng.choice(["M", "F", "f"], n, p=[0.5, 0.45, 0.05]))
df.insert(3, "age", age.astype(float))
dates = pd.date_range("2021-03-01", periods=n, freq="2D").strftime("%Y-%m-%d")
df.insert(4, "collection_date", dates)
df["diagnosis"] = diag
mask = rng.random(df.shape) < 0.02
mask[:, [0, df.columns.get_loc("diagnosis")]] = False
df = df.mask(mask)
df.to_csv(sys.argv[1], index=False, na_rep="NA")
