"""The tables of the twentieth session's independent user trial of
``skdfs rank`` (written by a helper agent as a first-time user would, then
kept as it wrote them; truths in the comments).

    python benchmarks/probes/trial20_tables.py OUTDIR
    # then, for each table, the command in benchmarks/results/trial20_rank.txt

Fourteen messy tables: a survey with Likert text and a target spelled
Yes/yes/YES; times, durations and ranges; a finance export with trailing
minus signs and a totals row; two exports pasted together with repeated
column names; a tab-separated .txt; a gzip CSV; a workbook with two header
rows; 150 sensor columns; a text target with thousands separators;
e-commerce ratings and zero-padded ZIP codes; a sensor log with Excel
errors; blood pressures; checkbox columns; a Qualtrics-like export with
accounting dashes and "21.0k" followers.
"""

import csv
import sys

import numpy as np
import pandas as pd

D = (sys.argv[1] if len(sys.argv) > 1 else ".").rstrip("/") + "/"


def logit(z):
    return 1 / (1 + np.exp(-z))


def part1():
    rng = np.random.default_rng(0)

    # 1 survey: Likert text, Yes/No/Don't know with blanks, target with
    # case/space variants
    n = 800
    lik = ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"]
    q1 = rng.integers(0, 5, n)
    q2 = rng.integers(0, 5, n)
    age = rng.integers(18, 80, n)
    ydk = rng.choice(["Yes", "No", "Don't know", ""], n, p=[0.4, 0.35, 0.15, 0.1])
    smoker = np.where(ydk == "Yes", 1, 0)
    p = logit(1.2 * (q1 - 2) + 1.5 * smoker - 0.5)
    y = rng.random(n) < p
    yt = np.where(
        y,
        rng.choice(["Yes", "yes", "YES ", "Yes"], n),
        rng.choice(["No", "no", "NO", "No "], n),
    )
    pd.DataFrame(
        {
            "resp_id": [f"R{i:05d}" for i in range(n)],
            "satisfaction_q1": [lik[i] for i in q1],
            "q2_recommend": [lik[i] for i in q2],
            "age": age,
            "smokes": ydk,
            "region": rng.choice(["North", "South", "East", "West"], n),
            "would_return": yt,
        }
    ).to_csv(D + "t01_survey.csv", index=False)
    # truth: satisfaction_q1, smokes

    # 2 times & durations & ranges
    n = 900
    hour = rng.integers(6, 22, n)
    minute = rng.integers(0, 60, n)
    dur_min = rng.integers(5, 180, n)
    call_min = rng.integers(1, 120, n) * 60 + rng.integers(0, 60, n)
    inc_lo = rng.choice([10, 20, 30, 40, 50, 60], n)
    y = 0.5 * dur_min + 3 * (hour - 6) + rng.normal(0, 5, n)
    pd.DataFrame(
        {
            "start_time": [f"{h:02d}:{m:02d}" for h, m in zip(hour, minute)],
            "session_length": [
                f"{d // 60}h {d % 60}m" if d >= 60 else f"{d % 60}m" for d in dur_min
            ],
            "call_duration": [
                f"{s // 3600:02d}:{(s % 3600) // 60:02d}:{s % 60:02d}" for s in call_min
            ],
            "income_band": [f"{a}-{a + 10}" for a in inc_lo],
            "browser": rng.choice(["Chrome", "Firefox", "Safari"], n),
            "score": y.round(1),
        }
    ).to_csv(D + "t02_times.csv", index=False)
    # truth: session_length, start_time

    # 3 finance: trailing minus, parentheses w/o currency, scientific
    # notation, totals row
    n = 700
    bal = rng.normal(0, 2000, n)
    fee = rng.normal(0, 300, n)
    vol = 10 ** rng.uniform(2, 7, n)
    noise = rng.normal(0, 1, n)
    p = logit(bal / 1500 + np.log10(vol) - 4.5)
    y = (rng.random(n) < p).astype(int)

    def trail(v):
        return f"{abs(v):,.2f}" + ("-" if v < 0 else "")

    def paren(v):
        return f"({abs(v):,.2f})" if v < 0 else f"{v:,.2f}"

    df = pd.DataFrame(
        {
            "account": [f"AC{100000 + i}" for i in range(n)],
            "balance": [trail(v) for v in bal],
            "fees": [paren(v) for v in fee],
            "volume": [f"{v:.3E}" for v in vol],
            "noise": noise.round(3),
            "default": y,
        }
    )
    tot = pd.DataFrame(
        {
            "account": ["Total"],
            "balance": [trail(bal.sum())],
            "fees": [paren(fee.sum())],
            "volume": [f"{vol.sum():.3E}"],
            "noise": [noise.sum().round(3)],
            "default": [y.sum()],
        }
    )
    pd.concat([df, tot]).to_csv(D + "t03_finance.csv", index=False)
    # truth: balance, volume

    # 4 concatenated export: header repeated mid-file, duplicate column
    # names, mixed booleans
    n = 600
    a = rng.normal(0, 1, n)
    b = rng.normal(0, 1, n)
    flag = rng.random(n) < 0.5
    y = 2 * a + 3 * flag + rng.normal(0, 0.5, n)
    boolrep = np.where(
        flag,
        rng.choice(["TRUE", "1", "true", "True"], n),
        rng.choice(["FALSE", "0", "false", "False"], n),
    )
    rows = [["sensor_a", "value", "value", "active", "target"]]
    for i in range(n):
        rows.append(
            [
                f"{a[i]:.3f}",
                f"{b[i]:.3f}",
                f"{rng.normal():.3f}",
                boolrep[i],
                f"{y[i]:.3f}",
            ]
        )
        if i == 299:
            rows.append(["sensor_a", "value", "value", "active", "target"])
    with open(D + "t04_concat.csv", "w", newline="") as f:
        csv.writer(f).writerows(rows)
    # truth: sensor_a, active

    # 5 tab-separated .txt
    n = 800
    x1 = rng.normal(0, 1, n)
    x2 = rng.normal(0, 1, n)
    x3 = rng.normal(0, 1, n)
    cls = np.where(x1 + x2 > 0.5, "high", np.where(x1 + x2 < -0.5, "low", "mid"))
    pd.DataFrame(
        {
            "x1": x1.round(3),
            "x2": x2.round(3),
            "x3": x3.round(3),
            "grp": rng.choice(["a", "b"], n),
            "class": cls,
        }
    ).to_csv(D + "t05_tabs.txt", sep="\t", index=False)
    # truth: x1, x2

    # 6 gzip csv
    n = 800
    df = pd.DataFrame(
        {
            "temp": rng.normal(20, 5, n).round(2),
            "humidity": rng.uniform(20, 90, n).round(1),
            "wind": rng.gamma(2, 3, n).round(1),
            "site": rng.choice(["A", "B", "C"], n),
        }
    )
    df["energy"] = (3 * df.temp - 0.5 * df.humidity + rng.normal(0, 3, n)).round(2)
    df.to_csv(D + "t06_gz.csv.gz", index=False, compression="gzip")
    # truth: temp, humidity

    # 7 xlsx with two header rows (group header + sub header)
    n = 500
    sys_bp = rng.normal(130, 15, n).round()
    dia = rng.normal(80, 10, n).round()
    hr = rng.normal(70, 10, n).round()
    chol = rng.normal(200, 30, n).round()
    glu = rng.normal(100, 20, n).round()
    out = np.where(
        rng.random(n) < logit((sys_bp - 130) / 8 + (glu - 100) / 10), "event", "none"
    )
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Vitals", "", "", "Labs", "", ""])
    ws.append(
        ["systolic", "diastolic", "heart_rate", "cholesterol", "glucose", "outcome"]
    )
    ws.merge_cells("A1:C1")
    ws.merge_cells("D1:E1")
    for r in zip(sys_bp, dia, hr, chol, glu, out):
        ws.append([float(v) if not isinstance(v, str) else v for v in r])
    wb.save(D + "t07_twoheader.xlsx")
    # truth: systolic, glucose

    # 8 wide sensors: 150 columns, 5 matter; near-constant col, single-value+NaN col
    n = 1200
    X = rng.normal(0, 1, (n, 150))
    cols = [f"s{i:03d}" for i in range(150)]
    y = (
        X[:, 10] * 2
        + X[:, 45] * 1.5
        - X[:, 77] * 1.5
        + X[:, 100]
        + np.abs(X[:, 130]) * 1.5
        + rng.normal(0, 0.5, n)
    )
    df = pd.DataFrame(X.round(4), columns=cols)
    df["const_mostly"] = np.where(rng.random(n) < 0.01, 5.0, 0.0)
    df["only_one"] = np.where(rng.random(n) < 0.3, 1.0, np.nan)
    df["yield"] = y.round(3)
    df.to_csv(D + "t08_wide.csv", index=False)
    # truth: s010,s045,s077,s100,s130

    # 9 numeric target text w/ thousands sep (no currency), multi-line quoted cells
    n = 700
    area = rng.uniform(40, 200, n)
    rooms = rng.integers(1, 7, n)
    dist = rng.uniform(0, 30, n)
    price = 3000 * area - 8000 * dist + rng.normal(0, 20000, n) + 100000
    notes = [
        rng.choice(
            [
                "Nice flat\nwith balcony",
                'Needs work,\n"as is"',
                "Quiet street",
                "",
                "Top floor\nno lift\nsunny",
            ]
        )
        for _ in range(n)
    ]
    pd.DataFrame(
        {
            "area_m2": area.round(1),
            "rooms": rooms,
            "dist_center_km": dist.round(2),
            "agent_notes": notes,
            "price": [f"{int(p):,}" for p in price],
        }
    ).to_csv(D + "t09_price.csv", index=False)
    # truth: area_m2, dist_center_km

    # 10 ecommerce: "4.5 stars", "4/5" ratings, zip with leading zeros, Y/N,
    # price ranges "$10-$20"
    n = 1000
    rating = rng.integers(1, 6, n)
    disc = rng.integers(0, 50, n)
    p = logit(0.9 * (rating - 3) + 0.06 * (disc - 25))
    y = np.where(rng.random(n) < p, "Y", "N")
    pd.DataFrame(
        {
            "order_id": np.arange(1, n + 1),
            "zip": [f"{z:05d}" for z in rng.integers(1000, 3000, n)],
            "rating": [f"{r}/5" for r in rating],
            "discount": [f"{d}% off" for d in disc],
            "price_range": rng.choice(["$0-$10", "$10-$20", "$20-$50", "$50+"], n),
            "gift_wrap": rng.choice(["Y", "N"], n),
            "repurchased": y,
        }
    ).to_csv(D + "t10_shop.csv", index=False)
    # truth: rating, discount

    # 11 sensor log: ISO timestamps with tz, Excel errors, NaN/inf text, epoch seconds
    n = 1000
    t0 = pd.Timestamp("2023-01-01T00:00:00Z")
    ts = t0 + pd.to_timedelta(np.sort(rng.integers(0, 3600 * 24 * 60, n)), unit="s")
    pres = rng.normal(1000, 10, n)
    vib = rng.gamma(2, 1, n)
    y = 0.3 * (pres - 1000) + 2 * vib + rng.normal(0, 1, n)
    pres_s = [f"{v:.2f}" for v in pres]
    vib_s = [f"{v:.3f}" for v in vib]
    for i in rng.choice(n, 40, replace=False):
        pres_s[i] = rng.choice(["#N/A", "#DIV/0!", "#VALUE!"])
    for i in rng.choice(n, 20, replace=False):
        vib_s[i] = rng.choice(["NaN", "inf", "-inf"])
    pd.DataFrame(
        {
            "timestamp": [t.isoformat().replace("+00:00", "Z") for t in ts],
            "epoch": (ts.astype("int64") // 10**9),
            "pressure": pres_s,
            "vibration": vib_s,
            "ambient": rng.normal(22, 2, n).round(2),
            "wear": y.round(3),
        }
    ).to_csv(D + "t11_sensor.csv", index=False)
    # truth: pressure, vibration

    # 12 hospital: BP "120/80", height 5'10", sex variants M/F/male/female
    n = 800
    sbp = rng.normal(130, 18, n).round().astype(int)
    dbp = (sbp * 0.6 + rng.normal(0, 6, n)).round().astype(int)
    h_in = rng.normal(68, 4, n).round().astype(int)
    bmi = rng.normal(27, 4, n)
    sex = rng.choice(["M", "F"], n)
    p = logit((sbp - 130) / 10 + (bmi - 27) / 3)
    y = np.where(rng.random(n) < p, "hypertensive", "normal")
    pd.DataFrame(
        {
            "bp": [f"{s}/{d}" for s, d in zip(sbp, dbp)],
            "height": [f"{h // 12}'{h % 12}\"" for h in h_in],
            "sex": [
                rng.choice(["M", "male", "Male"])
                if s == "M"
                else rng.choice(["F", "female", "Female"])
                for s in sex
            ],
            "bmi": bmi.round(1),
            "dx": y,
        }
    ).to_csv(D + "t12_bp.csv", index=False)
    # truth: bp (systolic), bmi


def part2():
    rng = np.random.default_rng(1)
    # 13 spreadsheet: checkbox flag "x"/blank and "Yes"/blank, regression
    # target, totals row at bottom
    n = 600
    flag = rng.random(n) < 0.4
    vip = rng.random(n) < 0.3
    spend = rng.gamma(3, 50, n)
    y = 40 * flag + 0.3 * spend + rng.normal(0, 8, n)
    df = pd.DataFrame(
        {
            "customer": [f"C-{i}" for i in range(n)],
            "promo_used": np.where(flag, "x", ""),
            "newsletter": np.where(vip, "Yes", ""),
            "spend": spend.round(2),
            "store": rng.choice(["S1", "S2", "S3"], n),
            "revenue": y.round(2),
        }
    )
    tot = {
        "customer": "TOTAL",
        "promo_used": "",
        "newsletter": "",
        "spend": df.spend.sum().round(2),
        "store": "",
        "revenue": df.revenue.sum().round(2),
    }
    pd.concat([df, pd.DataFrame([tot])]).to_csv(
        D + "t13_checkbox_total.csv", index=False
    )
    # truth: promo_used, spend


def part3():
    rng = np.random.default_rng(2)
    n = 900
    lk = rng.integers(1, 6, n)
    lab = {1: "1 - Strongly disagree", 2: "2", 3: "3", 4: "4", 5: "5 - Strongly agree"}
    amt = np.where(rng.random(n) < 0.25, 0, rng.gamma(2, 400, n)).round(2)
    fol = 10 ** rng.uniform(2, 6.5, n)

    def kfmt(v):
        if v >= 1e6:
            return f"{v / 1e6:.1f}M"
        if v >= 1e3:
            return f"{v / 1e3:.1f}k"
        return f"{int(v)}"

    y = 2 * lk + amt / 300 + 1.5 * np.log10(fol) + rng.normal(0, 1, n)
    pd.DataFrame(
        {
            "q5_trust": [lab[v] for v in lk],
            "invoice_amount": [" - " if a == 0 else f"{a:,.2f}" for a in amt],
            "followers": [kfmt(v) for v in fol],
            "channel": rng.choice(["web", "app", "store"], n),
            "Engagement Score": y.round(2),
        }
    ).to_csv(D + "t14_qualtrics.csv", index=False)
    # truth: q5_trust, invoice_amount, followers


if __name__ == "__main__":
    part1()
    part2()
    part3()
    print(f"wrote the trial tables to {D}")
