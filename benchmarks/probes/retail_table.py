"""A raw retail-returns table with text columns of many levels (a user trial).

    python benchmarks/probes/retail_table.py OUT.csv

20,000 orders: an identifier, a date, ``store`` (300 levels, Zipf-like
frequencies; 12 stores add 1.5 to the log-odds of a return), ``zip``
(2,500 postcodes, as numbers, no effect), ``sku`` (2,218 product codes, no
effect), ``category`` (12 levels, each its own return rate; 2% missing),
``customer_age`` (5% missing, no effect), ``price`` (log-normal), ``discount``
(a discount of 30% or more adds 2 to the log-odds), ``channel`` (online
orders: the log-price adds 0.8 per unit), ``loyalty`` and free-text
``notes`` (no effect). The target ``returned`` is yes/no (17% yes). Truth:
store, category, price, discount, channel. Used in ``docs/benchmarks.md``,
"Categorical columns with many levels"; the runs are in
``benchmarks/results/retail_rank.txt``.
"""

import sys

import numpy as np
import pandas as pd

rng = np.random.default_rng(7)
n = 20000
stores = [f"S{k:04d}" for k in range(300)]
store_p = 1 / np.arange(1, 301) ** 0.8
store_p /= store_p.sum()
store = rng.choice(300, n, p=store_p)
bad_stores = set(rng.choice(300, 12, replace=False))
zips = rng.integers(10000, 12500, n)  # 2,500 levels, noise
cats = [
    "shoes",
    "dresses",
    "jeans",
    "shirts",
    "coats",
    "bags",
    "hats",
    "socks",
    "toys",
    "books",
    "games",
    "phones",
]
cat = rng.choice(12, n)
cat_rate = np.array(
    [0.25, 0.3, 0.2, 0.1, 0.15, 0.05, 0.05, 0.02, 0.05, 0.02, 0.04, 0.08]
)
age = rng.normal(40, 12, n).round()
price = np.exp(rng.normal(3.5, 0.8, n)).round(2)
discount = rng.choice([0, 0.1, 0.2, 0.3, 0.5], n, p=[0.5, 0.2, 0.15, 0.1, 0.05])
channel = rng.choice(["online", "store"], n, p=[0.6, 0.4])
loyalty = rng.choice(["yes", "no"], n, p=[0.3, 0.7])
logit = (
    np.log(cat_rate[cat] / (1 - cat_rate[cat]))
    + 1.5 * np.isin(store, list(bad_stores))
    + 2.0 * (discount >= 0.3)
    + 0.8 * (channel == "online") * (np.log(price) - 3.5)
)
returned = rng.random(n) < 1 / (1 + np.exp(-logit))
dates = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 365, n), unit="D")
notes = np.where(
    rng.random(n) < 0.3,
    rng.choice(
        ["gift wrap please", "deliver after 5pm to back door", "call on arrival", ""], n
    ),
    "",
)
df = pd.DataFrame(
    {
        "order_id": [f"ORD-{i:07d}" for i in rng.permutation(n)],
        "order_date": dates.strftime("%Y-%m-%d"),
        "store": np.array(stores)[store],
        "zip": zips.astype(str),
        "sku": np.char.add("SKU", rng.zipf(1.3, n).clip(max=99999).astype(str)),
        "category": np.array(cats)[cat],
        "customer_age": age,
        "price": price,
        "discount": discount,
        "channel": channel,
        "loyalty": loyalty,
        "notes": notes,
        "returned": np.where(returned, "yes", "no"),
    }
)
df.loc[rng.random(n) < 0.05, "customer_age"] = np.nan
df.loc[rng.random(n) < 0.02, "category"] = np.nan
df.to_csv(sys.argv[1] if len(sys.argv) > 1 else "retail_raw.csv", index=False)
print(df.returned.value_counts(), df.nunique(), sep="\n")
