# ruff: noqa: E501, E731  (a helper's verbatim script: its long truth lines kept)
"""The tables of the twenty-second session's second independent user trial
(regression targets of the kinds people have), written by a helper agent as
a first-time user would and kept as it wrote them.

    python benchmarks/probes/trial22_regression_tables.py OUTDIR


TRUTH (relevant columns per file):
 claims.csv    target claim_amount: 46% exact zeros; P(claim) driven by driver_age (U-shape:
               young and old claim more) and prior_claims; size (lognormal, sigma 1.2) driven by
               vehicle_value and region ('north' x3 bigger); 0.5% catastrophic claims x50.
               Relevant: driver_age, prior_claims, vehicle_value, region. Others noise.
               Mess: policy_id, start_date, text 'channel' (noise), 5% missing in noise cols and
               vehicle_value.
 returns.csv   target ret: 0.8*mkt - 0.5*value + 0.4*momentum + 0.6*t(df=2) noise (fat tails).
               Relevant: mkt, value, momentum. 37 other numeric noise factors, date, ticker (text,
               20 levels, noise).
 houses.csv    target price (positive, right-skewed): log(price)=12 + 0.35*z(sqft) + 0.2*z(bath)
               - 0.15*z(age) + neighborhood effect (8 levels) + N(0,0.25). Relevant: sqft,
               bathrooms, age, neighborhood. Noise: 18 numeric, house_id, sale_date, text
               'listing_agent' (30 levels, noise), 'description' free text. 8% missing in age.
 sensor.csv    target temp_out: 2*s1 + sin(2*s2) *1.5 + s3**2 - 1 + N(0,0.5); 1% of rows recorded
               as 9999 or -9999. Relevant: s1, s2, s3. 26 noise numeric, reading_id, timestamp,
               line (text, 4 levels, noise).
 counts.csv    target n_defects ~ Poisson(exp(0.6*z1 + 0.4*z2 - 0.5*z3 + shift effect)),
               shift ('night' +0.7). Relevant: z1 (speed), z2 (temp), z3 (maintenance), shift.
               14 noise numeric, batch_id, prod_date.
 ymissing.csv  target yield_t: 1.0*m1 + 0.8*m2 - 0.6*m3 + 0.5*m4*m5 + N(0,1); 12% of target rows
               empty. Relevant: m1..m5. 55 noise numeric; plot_id, sow_date, soil (text, noise).
               3% missing cells spread over noise columns.
"""

import sys

import numpy as np
import pandas as pd

OUT = (sys.argv[1] if len(sys.argv) > 1 else ".").rstrip("/") + "/"


def dates(rng, n, start="2019-01-01", days=1500):
    d = pd.Timestamp(start) + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    return d.strftime("%Y-%m-%d")


def sprinkle(rng, df, cols, frac):
    for c in cols:
        m = rng.random(len(df)) < frac
        df.loc[m, c] = np.nan


# 1 claims
rng = np.random.default_rng(1)
n = 2000
df = pd.DataFrame(
    {
        "policy_id": [f"P{100000 + i}" for i in rng.permutation(n)],
        "start_date": dates(rng, n),
    }
)
df["driver_age"] = rng.integers(18, 85, n)
df["prior_claims"] = rng.poisson(0.7, n)
df["vehicle_value"] = np.round(rng.lognormal(10, 0.5, n), 0)
df["region"] = rng.choice(["north", "south", "east", "west"], n)
df["channel"] = rng.choice(["web", "agent", "phone"], n)
for j in range(12):
    df[f"x{j}"] = np.round(rng.normal(size=n), 3)
age_z = (df.driver_age - 50) / 18
logit = -0.8 + 1.2 * age_z**2 + 0.7 * df.prior_claims - 0.8
p = 1 / (1 + np.exp(-logit))
claim = rng.random(n) < p
size = np.exp(
    6
    + 0.8 * np.log(df.vehicle_value / 22000)
    + 1.1 * (df.region == "north")
    + rng.normal(0, 1.2, n)
)
cat = rng.random(n) < 0.005
size = np.where(cat, size * 50, size)
df["claim_amount"] = np.round(np.where(claim, size, 0.0), 2)
sprinkle(rng, df, ["vehicle_value"] + [f"x{j}" for j in range(5)], 0.05)
df.to_csv(OUT + "claims.csv", index=False)

# 2 returns
rng = np.random.default_rng(2)
n = 2500
F = rng.normal(size=(n, 40))
names = ["mkt", "value", "momentum"] + [f"f{j}" for j in range(37)]
df = pd.DataFrame(np.round(F, 4), columns=names)
df.insert(0, "date", pd.bdate_range("2015-01-01", periods=n).strftime("%Y-%m-%d"))
df.insert(1, "ticker", rng.choice([f"T{i:02d}" for i in range(20)], n))
df["ret"] = np.round(
    0.8 * F[:, 0] - 0.5 * F[:, 1] + 0.4 * F[:, 2] + 0.6 * rng.standard_t(2, n), 5
)
df.to_csv(OUT + "returns.csv", index=False)

# 3 houses
rng = np.random.default_rng(3)
n = 1500
sqft = np.round(rng.lognormal(7.4, 0.35, n))
bath = rng.integers(1, 5, n)
age = rng.integers(0, 100, n).astype(float)
nb = rng.choice([f"NB{i}" for i in range(8)], n)
nbeff = dict(zip([f"NB{i}" for i in range(8)], [-0.4, -0.2, 0, 0, 0.1, 0.2, 0.35, 0.5]))
z = lambda v: (v - v.mean()) / v.std()
logp = (
    12
    + 0.35 * z(np.log(sqft))
    + 0.2 * z(bath)
    - 0.15 * z(age)
    + np.array([nbeff[k] for k in nb])
    + rng.normal(0, 0.25, n)
)
df = pd.DataFrame(
    {
        "house_id": rng.permutation(n) + 5000,
        "sale_date": dates(rng, n),
        "sqft": sqft,
        "bathrooms": bath,
        "age": age,
        "neighborhood": nb,
        "listing_agent": rng.choice([f"agent_{i}" for i in range(30)], n),
    }
)
words = [
    "cozy",
    "sunny",
    "renovated",
    "quiet",
    "spacious",
    "charming",
    "modern",
    "garden",
]
df["description"] = [" ".join(rng.choice(words, 5)) + f" home #{i}" for i in range(n)]
for j in range(18):
    df[f"n{j}"] = np.round(rng.normal(size=n), 3)
df["price"] = np.round(np.exp(logp), -2)
sprinkle(rng, df, ["age"], 0.08)
df.to_csv(OUT + "houses.csv", index=False)

# 4 sensor
rng = np.random.default_rng(4)
n = 2000
S = rng.normal(size=(n, 29))
names = ["s1", "s2", "s3"] + [f"c{j}" for j in range(26)]
df = pd.DataFrame(np.round(S, 4), columns=names)
df.insert(0, "reading_id", np.arange(1, n + 1))
df.insert(
    1,
    "timestamp",
    (
        pd.Timestamp("2024-03-01") + pd.to_timedelta(np.arange(n) * 10, unit="min")
    ).strftime("%Y-%m-%d %H:%M"),
)
df.insert(2, "line", rng.choice(["A", "B", "C", "D"], n))
y = 2 * S[:, 0] + 1.5 * np.sin(2 * S[:, 1]) + S[:, 2] ** 2 - 1 + rng.normal(0, 0.5, n)
bad = rng.random(n) < 0.01
y = np.where(bad, rng.choice([9999.0, -9999.0], n), y)
df["temp_out"] = np.round(y, 3)
df.to_csv(OUT + "sensor.csv", index=False)

# 5 counts
rng = np.random.default_rng(5)
n = 1800
Z = rng.normal(size=(n, 17))
names = ["speed", "temp", "maintenance"] + [f"q{j}" for j in range(14)]
df = pd.DataFrame(np.round(Z, 3), columns=names)
shift = rng.choice(["day", "evening", "night"], n)
df.insert(0, "batch_id", [f"B-{i:05d}" for i in rng.permutation(n)])
df.insert(1, "prod_date", dates(rng, n))
df.insert(2, "shift", shift)
lam = np.exp(0.6 * Z[:, 0] + 0.4 * Z[:, 1] - 0.5 * Z[:, 2] + 0.7 * (shift == "night"))
df["n_defects"] = rng.poisson(lam)
df.to_csv(OUT + "counts.csv", index=False)

# 6 target with missing values
rng = np.random.default_rng(6)
n = 1200
M = rng.normal(size=(n, 60))
names = [f"m{j}" for j in range(1, 6)] + [f"v{j}" for j in range(55)]
df = pd.DataFrame(np.round(M, 3), columns=names)
df.insert(0, "plot_id", np.arange(n) + 1)
df.insert(1, "sow_date", dates(rng, n))
df.insert(2, "soil", rng.choice(["clay", "loam", "sand"], n))
y = (
    1.0 * M[:, 0]
    + 0.8 * M[:, 1]
    - 0.6 * M[:, 2]
    + 0.5 * M[:, 3] * M[:, 4]
    + rng.normal(0, 1, n)
)
y[rng.random(n) < 0.12] = np.nan
df["yield_t"] = np.round(y, 3)
sprinkle(rng, df, [f"v{j}" for j in range(55)], 0.03)
df.to_csv(OUT + "ymissing.csv", index=False)

if __name__ == "__main__":
    for f in ["claims", "returns", "houses", "sensor", "counts", "ymissing"]:
        d = pd.read_csv(OUT + f + ".csv")
        print(f, d.shape)
