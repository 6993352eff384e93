# ruff: noqa: E501  (the helper's truth comments, kept as written)
"""The tables of the twenty-first session's independent user trial of
``skdfs rank`` on small tables (20 to 200 rows), written by a helper agent as
a first-time user would and kept as it wrote them (truths in the comments).

    python benchmarks/probes/trial21_tables.py OUTDIR
    # then: skdfs rank OUTDIR/d01_pilot24.csv -t responder, and so on
    # (the commands and what they printed: benchmarks/results/trial21_rank.txt)

Ten tables: a 24-patient pilot with lab values written as a lab reports
them; 40 mice x 30 genes; 60 patients x 150 biomarkers (d > n); a sensor
calibration with a U-shaped temperature effect; an 80-row case-control
table with one binary exposure; 30 rows where all five columns matter; a
pure-noise target; a messy 150-row clinic export; weak effects on 200
rows; a tumour grade with a near-copy of its strongest column.
"""

import sys

import numpy as np
import pandas as pd

D = (sys.argv[1] if len(sys.argv) > 1 else ".").rstrip("/") + "/"


def d01_pilot24():
    # TRUTH d01_pilot24: 24 patients, 12 lab values, binary outcome 'responder' (yes/no).
    # logit(P(responder)) = 1.8*z(crp) - 1.5*z(il6)   (standardized effects ~1.5-1.8 on logit scale; strong for a pilot)
    # All other 10 labs (alt, ast, creat, hb, wbc, plt, na, k, alb, ldh) are pure noise.
    # Messiness: crp has 3 values written '<0.3' (detection limit), 2 missing ALT, 1 'haemolysed' K.
    rng = np.random.default_rng(101)
    n = 24
    labs = {
        "crp": rng.lognormal(1.0, 0.6, n),
        "il6": rng.normal(12, 4, n),
        "alt": rng.normal(30, 8, n),
        "ast": rng.normal(28, 7, n),
        "creat": rng.normal(80, 15, n),
        "hb": rng.normal(135, 12, n),
        "wbc": rng.normal(7, 2, n),
        "plt": rng.normal(250, 50, n),
        "na": rng.normal(140, 3, n),
        "k": rng.normal(4.2, 0.4, n),
        "alb": rng.normal(40, 4, n),
        "ldh": rng.normal(200, 40, n),
    }
    df = pd.DataFrame(labs)

    def z(v):
        return (v - v.mean()) / v.std()

    lin = 1.8 * z(np.log(df.crp)) - 1.5 * z(df.il6)
    p = 1 / (1 + np.exp(-lin))
    y = rng.random(n) < p
    df = df.round(2).astype(object)
    idx = np.argsort(df.crp.astype(float).values)[:3]
    df.loc[idx, "crp"] = "<0.3"
    df.loc[[4, 17], "alt"] = np.nan
    df.loc[9, "k"] = "haemolysed"
    df.insert(0, "patient", [f"P{i:03d}" for i in range(1, n + 1)])
    df["responder"] = np.where(y, "yes", "no")
    df.to_csv(D + "d01_pilot24.csv", index=False)
    print(df.responder.value_counts())


def d02_mice40():
    # TRUTH d02_mice40: 40 mice x 30 gene expression columns (log-normal counts-ish), regression target 'tumor_vol'.
    # tumor_vol = 100 + 25*z(log g07) - 20*z(log g19) + 15*z(log g23) + N(0, 15)
    # (standardized effects vs noise sd: 1.67, 1.33, 1.0). Other 27 genes are noise.
    # Genes g01..g30 are mildly co-expressed (shared factor, r~0.3). Column 'mouse_id' and 'cage' (5 cages, noise).
    rng = np.random.default_rng(202)
    n, d = 40, 30
    f = rng.normal(size=(n, 1))
    L = 0.55 * f + rng.normal(size=(n, d))
    G = np.exp(2 + 0.8 * L)
    df = pd.DataFrame(G.round(1), columns=[f"g{j:02d}" for j in range(1, d + 1)])

    def z(v):
        return (v - v.mean()) / v.std()

    y = (
        100
        + 25 * z(L[:, 6])
        - 20 * z(L[:, 18])
        + 15 * z(L[:, 22])
        + rng.normal(0, 15, n)
    )
    df.insert(0, "cage", rng.choice(["C1", "C2", "C3", "C4", "C5"], n))
    df.insert(0, "mouse_id", np.arange(1, n + 1))
    df["tumor_vol"] = y.round(1)
    df.to_csv(D + "d02_mice40.csv", index=False)


def d03_biomark60():
    # TRUTH d03_biomark60: 60 patients x 150 biomarkers (d > n), binary 'disease' (0/1, 30/30).
    # Cases have bm012 +1.2 SD, bm045 -1.2 SD, bm101 +1.0 SD (mean shift, Cohen's d). Other 147 are noise.
    # Biomarkers are independent N(0,1)-based, a few (bm001-bm010) log-normal-skewed.
    rng = np.random.default_rng(303)
    n, d = 60, 150
    y = np.repeat([0, 1], 30)
    rng.shuffle(y)
    X = rng.normal(size=(n, d))
    X[:, 11] += 1.2 * y
    X[:, 44] -= 1.2 * y
    X[:, 100] += 1.0 * y
    X[:, :10] = np.exp(X[:, :10])
    df = pd.DataFrame(X.round(3), columns=[f"bm{j:03d}" for j in range(1, d + 1)])
    df["disease"] = y
    df.to_csv(D + "d03_biomark60.csv", index=False)


def d04_sensor120():
    # TRUTH d04_sensor120: 120 rows of a sensor calibration, 8 columns, regression target 'reference_ppm'.
    # reference_ppm = 50 + 8*raw_signal + 6*((temp_c-25)/5)**2 (U-shaped) - 4*z(humidity) + N(0,3)
    # True: raw_signal (strong, linear), temp_c (quadratic only, no linear trend), humidity (linear).
    # Noise: pressure_hpa, supply_v, fan_rpm, operator (text A/B/C), run_time (date-time string).
    rng = np.random.default_rng(404)
    n = 120
    raw = rng.normal(0, 1, n)
    temp = rng.uniform(15, 35, n)
    hum = rng.uniform(20, 80, n)

    def z(v):
        return (v - v.mean()) / v.std()

    y = 50 + 8 * raw + 6 * ((temp - 25) / 5) ** 2 - 4 * z(hum) + rng.normal(0, 3, n)
    t0 = pd.Timestamp("2024-03-01 08:00")
    df = pd.DataFrame(
        {
            "run_time": [
                (t0 + pd.Timedelta(minutes=37 * i)).strftime("%Y-%m-%d %H:%M")
                for i in range(n)
            ],
            "operator": rng.choice(["A", "B", "C"], n),
            "raw_signal": raw.round(3),
            "temp_c": temp.round(1),
            "humidity": hum.round(1),
            "pressure_hpa": rng.normal(1013, 6, n).round(1),
            "supply_v": rng.normal(5, 0.05, n).round(3),
            "fan_rpm": rng.normal(1200, 80, n).round(0),
            "reference_ppm": y.round(2),
        }
    )
    df.to_csv(D + "d04_sensor120.csv", index=False)


def d05_casecontrol80():
    # TRUTH d05_casecontrol80: case-control, 80 rows (40 cases / 40 controls), target 'case' (case/control).
    # One binary exposure matters: 'solvent_exposure' (yes/no): P(exposed|case)=0.65, P(exposed|control)=0.2 (OR ~7.4).
    # Noise: age, sex (M/F), bmi, smoker (current/former/never), alcohol_units, region (N/S/E/W), education_years.
    # Matched roughly on age and sex (no association).
    rng = np.random.default_rng(505)
    n = 80
    case = np.repeat([1, 0], 40)
    exp_ = np.where(case == 1, rng.random(n) < 0.65, rng.random(n) < 0.20)
    df = pd.DataFrame(
        {
            "subject": [f"S-{1000 + i}" for i in range(n)],
            "age": rng.integers(35, 75, n),
            "sex": rng.choice(["M", "F"], n),
            "bmi": rng.normal(26, 4, n).round(1),
            "smoker": rng.choice(["current", "former", "never"], n),
            "alcohol_units": rng.poisson(6, n),
            "region": rng.choice(list("NSEW"), n),
            "education_years": rng.integers(8, 20, n),
            "solvent_exposure": np.where(exp_, "yes", "no"),
            "case": np.where(case == 1, "case", "control"),
        }
    )
    df = df.sample(frac=1, random_state=1).reset_index(drop=True)
    df.loc[rng.choice(n, 4, replace=False), "bmi"] = np.nan
    df.to_csv(D + "d05_casecontrol80.csv", index=False)
    print(pd.crosstab(df.solvent_exposure, df.case))


def d06_allmatter30():
    # TRUTH d06_allmatter30: 30 rows, 5 columns, regression target 'y'. ALL FIVE columns matter (linear):
    # y = 1.0*x1 + 0.8*x2 + 0.6*x3 - 0.7*x4 + 0.5*x5 + N(0, 0.5), x ~ iid N(0,1). (R^2 ~ 0.89)
    rng = np.random.default_rng(606)
    n = 30
    X = rng.normal(size=(n, 5))
    y = X @ np.array([1.0, 0.8, 0.6, -0.7, 0.5]) + rng.normal(0, 0.5, n)
    df = pd.DataFrame(X.round(3), columns=["x1", "x2", "x3", "x4", "x5"])
    df["y"] = y.round(3)
    df.to_csv(D + "d06_allmatter30.csv", index=False)


def d07_noise50():
    # TRUTH d07_noise50: 50 rows, 10 feature columns, target 'score' is PURE NOISE (independent of everything).
    # Features: age, weight, height, sbp, dbp, chol, glucose, steps, sleep_h, group (text ctrl/trt). NOTHING matters.
    rng = np.random.default_rng(707)
    n = 50
    df = pd.DataFrame(
        {
            "age": rng.integers(20, 70, n),
            "weight": rng.normal(75, 12, n).round(1),
            "height": rng.normal(172, 9, n).round(1),
            "sbp": rng.normal(125, 15, n).round(0),
            "dbp": rng.normal(80, 10, n).round(0),
            "chol": rng.normal(5.2, 1, n).round(2),
            "glucose": rng.normal(5.5, 0.8, n).round(2),
            "steps": rng.poisson(7000, n),
            "sleep_h": rng.normal(7, 1, n).round(1),
            "group": rng.choice(["ctrl", "trt"], n),
            "score": rng.normal(50, 10, n).round(1),
        }
    )
    df.to_csv(D + "d07_noise50.csv", index=False)


def d08_messy150():
    # TRUTH d08_messy150: 150 rows, messy clinic export, 3-class target 'response' (good/partial/poor).
    # Latent = 1.5*z(hba1c) (higher -> worse) + 1.2*[arm=='placebo'] - 1.2*[arm=='B'] + N(0,1); cut at tertiles -> good/partial/poor.
    # True: hba1c (strong), arm (text A/B/placebo, strong). Weak: none.
    # Noise: record_id (identifier), visit_date (date, no trend), site (text, 4 sites), egfr (with -999 codes), ldl (some '<0.5'),
    # bp ('130/85' strings), smoker (x / blank flag), weight_kg ('81 kg' units), notes (free text).
    # hba1c has 10% missing (MCAR) and a few 'n/a'.
    rng = np.random.default_rng(808)
    n = 150
    hba1c = rng.normal(7.5, 1.2, n)
    arm = rng.choice(["A", "B", "placebo"], n)
    z = (hba1c - hba1c.mean()) / hba1c.std()
    lat = 1.5 * z + 1.2 * (arm == "placebo") - 1.2 * (arm == "B") + rng.normal(0, 1, n)
    q = np.quantile(lat, [1 / 3, 2 / 3])
    resp = np.where(lat < q[0], "good", np.where(lat < q[1], "partial", "poor"))
    dates = pd.Timestamp("2023-01-01") + pd.to_timedelta(
        rng.integers(0, 500, n), unit="D"
    )
    egfr = rng.normal(75, 15, n).round(0)
    egfr[rng.choice(n, 5, replace=False)] = -999
    ldl = rng.lognormal(0.9, 0.4, n).round(2).astype(object)
    ldl[np.argsort(ldl.astype(float))[:6]] = "<0.5"
    h = hba1c.round(1).astype(object)
    miss = rng.choice(n, 15, replace=False)
    h[miss[:12]] = np.nan
    h[miss[12:]] = "n/a"
    sbp = rng.normal(130, 15, n).round(0).astype(int)
    dbp = (sbp * 0.6 + rng.normal(0, 6, n)).round(0).astype(int)
    notes = rng.choice(
        [
            "follow-up ok",
            "missed dose twice",
            "reports nausea",
            "no issues",
            "moved house, late visit",
            "asked about diet",
            "ok",
            "headache week 2",
        ],
        n,
    )
    notes = [f"{s} (visit {i})" for i, s in enumerate(notes)]
    df = pd.DataFrame(
        {
            "record_id": [f"R{rng.integers(10000, 99999)}-{i}" for i in range(n)],
            "visit_date": dates.strftime("%d/%m/%Y"),
            "site": rng.choice(["Leeds", "York", "Hull", "Bradford"], n),
            "arm": arm,
            "hba1c": h,
            "egfr": egfr,
            "ldl": ldl,
            "bp": [f"{a}/{b}" for a, b in zip(sbp, dbp)],
            "smoker": np.where(rng.random(n) < 0.25, "x", ""),
            "weight_kg": [f"{w:.0f} kg" for w in rng.normal(85, 14, n)],
            "notes": notes,
            "response": resp,
        }
    )
    df.to_csv(D + "d08_messy150.csv", index=False)


def d09_weak200():
    # TRUTH d09_weak200: 200 rows, 20 numeric columns, regression target 'outcome'. WEAK effects:
    # outcome = 0.35*v03 + 0.30*v11 - 0.30*v17 + N(0,1), v ~ iid N(0,1). (R^2 ~ 0.25; each column explains 8-11%)
    # Other 17 columns noise.
    rng = np.random.default_rng(909)
    n, d = 200, 20
    X = rng.normal(size=(n, d))
    y = 0.35 * X[:, 2] + 0.30 * X[:, 10] - 0.30 * X[:, 16] + rng.normal(0, 1, n)
    df = pd.DataFrame(X.round(3), columns=[f"v{j:02d}" for j in range(1, d + 1)])
    df["outcome"] = y.round(3)
    df.to_csv(D + "d09_weak200.csv", index=False)


def d10_grade90():
    # TRUTH d10_grade90: 90 tumours, 15 features, 3-class 'grade' (G1/G2/G3), 30 each.
    # Class means: ki67 shifts -1.3/0/+1.3 SD across G1/G2/G3; mitoses_hpf shifts -1/0/+1 SD.
    # 'ki67_repeat' is a near-copy of ki67 (r~0.95, a re-measurement: redundant but informative).
    # Other 12 features (feat01..feat12) are pure noise.
    rng = np.random.default_rng(1010)
    n = 90
    g = np.repeat([0, 1, 2], 30)
    ki = rng.normal(0, 1, n) + 1.3 * (g - 1)
    mit = rng.normal(0, 1, n) + 1.0 * (g - 1)
    df = pd.DataFrame(
        {
            "ki67": (20 + 8 * ki).round(1),
            "ki67_repeat": (20 + 8 * (ki + rng.normal(0, 0.33, n))).round(1),
            "mitoses_hpf": np.clip(5 + 2 * mit, 0, None).round(0),
        }
    )
    for j in range(12):
        df[f"feat{j + 1:02d}"] = rng.normal(0, 1, n).round(3)
    df["grade"] = np.array(["G1", "G2", "G3"])[g]
    df = df.sample(frac=1, random_state=3).reset_index(drop=True)
    df.to_csv(D + "d10_grade90.csv", index=False)
    print(np.corrcoef(df.ki67, df.ki67_repeat)[0, 1])


if __name__ == "__main__":
    d01_pilot24()
    d02_mice40()
    d03_biomark60()
    d04_sensor120()
    d05_casecontrol80()
    d06_allmatter30()
    d07_noise50()
    d08_messy150()
    d09_weak200()
    d10_grade90()
