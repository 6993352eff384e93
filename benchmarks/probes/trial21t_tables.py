# ruff: noqa: E501, E731, E701, E702  (the helper's code, kept as it wrote it)
"""The tables of the twenty-first session's independent user trial of
``skdfs rank`` on tall tables (30,000 to 200,000 rows), written by a helper
agent as a first-time user would and kept as it wrote them (truths in the
comments).

    python benchmarks/probes/trial21t_tables.py OUTDIR
    # then: skdfs rank OUTDIR/fraud.csv -t is_fraud, and so on
    # (the commands and what they printed: benchmarks/results/trial21t_rank.txt)

Four tables: 100,000 card transactions with a 1% fraud label, a 30-level
merchant category, a customer id and a text timestamp; 50,000 sensor
readings with a product of two columns; a 200,000-row e-commerce log; 30,000
rows x 60 columns where one weak column matters.
"""

import sys

import numpy as np
import pandas as pd

D = (sys.argv[1] if len(sys.argv) > 1 else ".").rstrip("/") + "/"


def fraud():
    # TRUTH (fraud.csv, 100,000 rows x 25 columns incl. target 'is_fraud'):
    #   logit = b0 + 0.8*z(log amount) + 1.6*[merchant_category in {mcc_07, mcc_19, mcc_23}]
    #           + 2.2*[hour < 5]*[amount > 100]    (interaction hour x amount)
    #   b0 tuned so prevalence ~1%.  True columns: amount, merchant_category, hour.
    #   Everything else (country, customer_id, timestamp, card_type, channel, noise_*) is noise.
    rng = np.random.default_rng(21)
    n = 100_000
    amount = np.round(rng.lognormal(3.6, 1.3, n), 2)
    mcc = np.array([f"mcc_{i:02d}" for i in range(30)])
    p = rng.dirichlet(np.ones(30) * 2)
    merchant_category = rng.choice(mcc, n, p=p)
    hour = rng.integers(0, 24, n)
    countries = ["US", "GB", "DE", "FR", "CA", "MX", "BR", "IN", "CN", "NG", "RU", "AU"]
    country = rng.choice(
        countries,
        n,
        p=[0.6, 0.08, 0.06, 0.05, 0.05, 0.03, 0.03, 0.03, 0.02, 0.02, 0.02, 0.01],
    )
    customer_id = np.array([f"C{c:06d}" for c in rng.integers(0, 30000, n)])
    ts = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        np.sort(rng.integers(0, 180 * 86400, n)), unit="s"
    )
    card_type = rng.choice(
        ["visa", "mastercard", "amex", "discover"], n, p=[0.5, 0.3, 0.15, 0.05]
    )
    channel = rng.choice(["pos", "online", "atm"], n)
    la = np.log(amount)
    z = (la - la.mean()) / la.std()
    risky = np.isin(merchant_category, ["mcc_07", "mcc_19", "mcc_23"])
    lin = 0.8 * z + 1.6 * risky + 2.2 * ((hour < 5) & (amount > 100))
    from scipy.optimize import brentq

    b0 = brentq(lambda b: (1 / (1 + np.exp(-(b + lin)))).mean() - 0.01, -20, 5)
    y = rng.random(n) < 1 / (1 + np.exp(-(b0 + lin)))
    df = pd.DataFrame(
        dict(
            transaction_ts=ts.strftime("%Y-%m-%d %H:%M:%S"),
            customer_id=customer_id,
            amount=amount,
            merchant_category=merchant_category,
            hour=hour,
            country=country,
            card_type=card_type,
            channel=channel,
        )
    )
    for j in range(16):
        df[f"noise_{j:02d}"] = np.round(
            rng.normal(size=n) if j % 2 else rng.exponential(2, n), 4
        )
    df["is_fraud"] = y.astype(int)
    df.to_csv(D + "fraud.csv", index=False)
    print(df.shape, "prevalence", y.mean(), "b0", b0)


def sensor():
    # TRUTH (sensor.csv, 50,000 rows x 40 columns incl. target 'yield_'):
    #   y = 2*sin(2*s03) + 1.0*s11**2 + 1.5*s22*s31 + N(0, 1)     (s* standard normal)
    #   True columns: s03 (sine), s11 (square), s22 and s31 (product only; neither has a main effect).
    #   Other 35 sensor columns are noise; s00..s09 share a common drift factor (corr ~0.5 among them),
    #   plus a 'timestamp' and 'machine' (8 levels) column that are noise.
    rng = np.random.default_rng(22)
    n = 50_000
    S = rng.normal(size=(n, 37))
    drift = rng.normal(size=n)
    S[:, :10] = (S[:, :10] + drift[:, None]) / np.sqrt(2)
    S[:, 3] = rng.normal(size=n)  # keep s03 independent standard normal
    y = (
        2 * np.sin(2 * S[:, 3])
        + S[:, 11] ** 2
        + 1.5 * S[:, 22] * S[:, 31]
        + rng.normal(size=n)
    )
    df = pd.DataFrame(np.round(S, 5), columns=[f"s{j:02d}" for j in range(37)])
    df.insert(
        0,
        "timestamp",
        (
            pd.Timestamp("2024-03-01") + pd.to_timedelta(np.arange(n) * 10, unit="s")
        ).strftime("%Y-%m-%d %H:%M:%S"),
    )
    df.insert(1, "machine", rng.choice([f"M{i}" for i in range(8)], n))
    df["yield_"] = np.round(y, 5)
    df.to_csv(D + "sensor.csv", index=False)
    print(df.shape)


def ecom():
    # TRUTH (ecom.csv, 200,000 rows x 12 columns incl. target 'purchased'):
    #   logit = -3.0 + 1.0*z(log session_seconds) + 0.9*[pages_viewed >= 8] + 0.8*[device == 'desktop']
    #   True columns: session_seconds, pages_viewed, device.
    #   pages_viewed is Poisson and mildly correlated with session_seconds (r ~ 0.3).
    #   Noise: user_id, hour, day_of_week, browser, referrer, region, price_seen, discount_shown.
    rng = np.random.default_rng(23)
    n = 200_000
    ls = rng.normal(5.0, 1.0, n)
    session_seconds = np.round(np.exp(ls)).astype(int)
    pages_viewed = rng.poisson(np.exp(1.5 + 0.3 * (ls - 5)))
    device = rng.choice(["mobile", "desktop", "tablet"], n, p=[0.6, 0.32, 0.08])
    lin = (
        -3.0 + 1.0 * (ls - 5) + 0.9 * (pages_viewed >= 8) + 0.8 * (device == "desktop")
    )
    y = (rng.random(n) < 1 / (1 + np.exp(-lin))).astype(int)
    df = pd.DataFrame(
        dict(
            user_id=[f"u{u}" for u in rng.integers(0, 80000, n)],
            hour=rng.integers(0, 24, n),
            day_of_week=rng.choice(
                ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], n
            ),
            device=device,
            browser=rng.choice(["chrome", "safari", "firefox", "edge", "other"], n),
            referrer=rng.choice(
                [
                    "google",
                    "direct",
                    "facebook",
                    "email",
                    "bing",
                    "affiliate",
                    "tiktok",
                    "other",
                ],
                n,
            ),
            region=rng.choice([f"R{i}" for i in range(20)], n),
            session_seconds=session_seconds,
            pages_viewed=pages_viewed,
            price_seen=np.round(rng.lognormal(3, 0.8, n), 2),
            discount_shown=rng.integers(0, 2, n),
            purchased=y,
        )
    )
    df.to_csv(D + "ecom.csv", index=False)
    print(df.shape, "rate", y.mean())


def weak():
    # TRUTH (weak.csv, 30,000 rows x 60 columns incl. target 'y'):
    #   y = 0.15 * x17 + N(0, 1)   (x17 explains ~2% of variance; corr ~0.15)
    #   Only x17 matters; x00..x58 are independent standard normals otherwise.
    rng = np.random.default_rng(24)
    n = 30_000
    X = rng.normal(size=(n, 59))
    y = 0.15 * X[:, 17] + rng.normal(size=n)
    df = pd.DataFrame(np.round(X, 5), columns=[f"x{j:02d}" for j in range(59)])
    df["y"] = np.round(y, 5)
    df.to_csv(D + "weak.csv", index=False)
    print(df.shape, np.corrcoef(X[:, 17], y)[0, 1])


if __name__ == "__main__":
    fraud()
    sensor()
    ecom()
    weak()
