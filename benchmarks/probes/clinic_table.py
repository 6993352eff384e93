"""A raw clinic table: numbers written as text, a code for missing (a user trial).

    python benchmarks/probes/clinic_table.py OUT.csv

887 patients with an outcome (13 more have none): an identifier, a visit
date, ``age`` (18-89; 2% written as ``-999``), ``dose`` (``"10 mg"``),
``smoker`` (Yes/No, 5% ``"?"``), ``income`` (``"$12,345.67"``), ``bmi_pct``
(``"45.3%"``), ``weight_eu`` (decimal commas, ``"70,12"``), ``site`` (levels
``"east"`` and ``"EAST "``), 320 sensor columns ``s000``-``s319`` (8% missing
each), a constant, ``s003_copy`` (a copy of ``s003``) and free-text
``notes``. The outcome is responder / non-responder. Truth: s003 (and its
copy), s010 (through its absolute value), s020 and s021 (through their
product), age, dose, smoker. Used in ``docs/user_guide.rst`` (the command
line: numbers written as text, codes for missing values); the runs are in
``benchmarks/results/clinic_rank.txt``.
"""

import sys

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
n, p = 900, 320
X = rng.normal(size=(n, p))
logit = 1.5 * X[:, 3] - 1.2 * np.abs(X[:, 10]) + 1.0 * X[:, 20] * X[:, 21]
age = rng.integers(18, 90, n)
dose_mg = rng.choice([5, 10, 20, 40], n)
logit += 0.04 * (age - 50) + 0.03 * dose_mg - 0.6
smoker = rng.random(n) < 0.3
logit += 1.0 * smoker
y = rng.random(n) < 1 / (1 + np.exp(-logit))
df = pd.DataFrame({f"s{j:03d}": X[:, j] for j in range(p)})
for c in df.columns:
    df.loc[rng.random(n) < 0.08, c] = np.nan
df.insert(0, "patient_id", [f"P{100000 + i}" for i in range(n)])
dates = pd.date_range("2020-01-01", periods=n, freq="D")
df.insert(1, "visit_date", dates.strftime("%m/%d/%Y"))
df.insert(2, "age", age.astype(float))
df.loc[rng.random(n) < 0.02, "age"] = -999
df.insert(3, "dose", [f"{d} mg" for d in dose_mg])
df.insert(4, "smoker", np.where(smoker, "Yes", "No"))
df.loc[rng.random(n) < 0.05, "smoker"] = "?"
df.insert(5, "income", [f"${v:,.2f}" for v in rng.lognormal(10, 1, n)])
df.insert(6, "bmi_pct", [f"{v:.1f}%" for v in rng.uniform(10, 60, n)])
weights = rng.normal(70, 10, n)
df.insert(7, "weight_eu", [f"{v:.2f}".replace(".", ",") for v in weights])
df.insert(8, "site", rng.choice(["North", "South", "east", "EAST ", "West"], n))
df["constant"] = 1.0
df["s003_copy"] = df["s003"]
notes = ["", "follow up", "pt reports pain", "n/a", "no complaints today"]
df["notes"] = rng.choice(notes, n)
df["outcome"] = np.where(y, "responder", "non-responder")
df.loc[rng.random(n) < 0.01, "outcome"] = np.nan
df.to_csv(sys.argv[1] if len(sys.argv) > 1 else "clinic_raw.csv", index=False)
