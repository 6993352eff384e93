"""Six raw exports of the kind laboratories, reports and locale-set
spreadsheets write, for ``skdfs rank`` as the README says (twentieth
session's trial).

    python benchmarks/probes/lab_exports.py OUTDIR
    skdfs rank OUTDIR/lab.csv -t outcome
    skdfs rank OUTDIR/fr.csv -t classe
    skdfs rank OUTDIR/sheet.csv -t Outcome
    skdfs rank OUTDIR/de.csv -t Klasse
    skdfs rank OUTDIR/report.csv -t outcome
    skdfs rank OUTDIR/viral.csv -t viral_load [--log-skewed]

- ``lab.csv`` (400 rows): ``outcome`` (pos/neg) is a Bernoulli draw with
  logit ``1.5 log(crp) + 1.2 z(hba1c) + b``. ``crp`` is log-normal and
  written as a lab reports it: ``"<0.3"`` below the detection limit,
  ``">8"`` above the range (13% of the rows); ``hba1c`` has
  ``"haemolysed"`` or ``"pending"`` in a fifth of its rows; ``b`` has a few
  ``"n.d."``, ``"-"`` and ``"?"``; ``c`` and ``flag`` are noise; ``patient``
  is an identifier and ``visit`` a date, one per day.
- ``fr.csv`` (300 rows, ``;`` between fields): a French-locale export.
  ``classe`` (oui/non, some with a trailing space) depends on ``revenu``
  (amounts written ``"1 575,4"`` with a narrow no-break space) and
  ``score`` (negative values with the Unicode minus sign ``"−3,77"``);
  ``bruit`` is noise.
- ``sheet.csv`` (300 rows): a spreadsheet's CSV with a header cell
  ``"Outcome "`` (trailing space), two empty trailing columns, a row
  number, doses written ``"2,556"`` with ``"N/A"`` and a TRUE/FALSE
  column with gaps. ``Outcome`` depends on ``Age`` and ``Dose (mg)``.
- ``de.csv`` (200 rows): Excel on Windows, cp1252 text (``"Größe"``), ``;``
  and decimal commas; ``Klasse`` (groß/klein) depends on ``Größe`` and
  ``Geschlecht``.
- ``report.csv`` (200 rows): a title, a date line and an empty row of
  commas above the column names; ``outcome`` depends on ``age`` and
  ``dose``.
- ``viral.csv`` (300 rows): ``viral_load`` is ``exp(3 + 1.5 a + noise)``,
  written ``"<50"`` below the limit (about 80% of the rows); ``b`` is noise.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd


def lab(rng, n=400):
    crp = rng.lognormal(0, 1, n)
    hba1c = rng.normal(6, 1, n)
    b, c = rng.normal(size=n), rng.normal(size=n)
    logit = 1.5 * np.log(crp) + 1.2 * (hba1c - 6) + b
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    crp_text = np.where(
        crp < 0.3, "<0.3", np.where(crp > 8, ">8", np.round(crp, 2).astype(str))
    )
    hba1c_text = np.round(hba1c, 1).astype(str).astype(object)
    gone = rng.random(n) < 0.2
    hba1c_text[gone] = rng.choice(["haemolysed", "pending"], gone.sum())
    b_text = np.round(b, 3).astype(str).astype(object)
    odd = rng.choice(n, 15, replace=False)
    b_text[odd] = rng.choice(["n.d.", "-", "?"], 15)
    return pd.DataFrame(
        {
            "patient": [f"P{i:04d}" for i in rng.permutation(n)],
            "crp": crp_text,
            "hba1c": hba1c_text,
            "b": b_text,
            "c": np.round(c, 3),
            "visit": pd.date_range("2020-01-01", periods=n).strftime("%Y-%m-%d"),
            "flag": rng.choice(["True", "False"], n),
            "outcome": np.where(y, "pos", "neg"),
        }
    )


def french(rng, n=300):
    revenu = rng.normal(1500, 600, n)
    score = rng.normal(0, 1, n)
    y = revenu / 600 + score + rng.normal(0, 0.5, n) > 2.6
    classe = np.where(y, "oui ", "non").astype(object)
    classe[::7] = np.where(y[::7], "oui", "non")

    def amount(v):
        return f"{v:,.1f}".replace(",", "\u202f").replace(".", ",")

    return pd.DataFrame(
        {
            "revenu": [amount(v) for v in revenu],
            "score": [
                f"{v:.2f}".replace("-", "\u2212").replace(".", ",") for v in score
            ],
            "bruit": [f"{v:.2f}".replace(".", ",") for v in rng.normal(size=n)],
            "classe": classe,
        }
    )


def sheet(rng, path, n=300):
    a, b = rng.normal(size=n), rng.normal(size=n)
    y = (np.abs(a) + 0.8 * b + rng.normal(0, 0.3, n) > 1).astype(int)
    rows = ["ID,Age ,Dose (mg),Smoker,Outcome ,,"]
    for i in range(n):
        dose = f"{abs(a[i]) * 1000:,.0f}" if i % 11 else "N/A"
        smoker = ["TRUE", "FALSE", ""][i % 3]
        rows.append(f'{i + 1},{40 + int(b[i] * 10)},"{dose}",{smoker},{y[i]},,')
    path.write_text("\n".join(rows) + "\n")


def german(rng, path, n=200):
    size = rng.normal(170, 10, n)
    sex = rng.choice(["männlich", "weiblich"], n)
    big = size + (sex == "männlich") * 5 + rng.normal(0, 5, n) > 175
    pd.DataFrame(
        {
            "Größe": np.round(size, 1),
            "Geschlecht": sex,
            "Rauschen": rng.normal(size=n).round(2),
            "Klasse": np.where(big, "groß", "klein"),
        }
    ).to_csv(path, sep=";", index=False, encoding="cp1252", decimal=",")


def report(rng, path, n=200):
    age, dose = rng.normal(50, 10, n), rng.normal(size=n)
    frame = pd.DataFrame(
        {
            "age": age.round(1),
            "dose": dose.round(2),
            "noise": rng.normal(size=n).round(2),
            "outcome": (age / 10 + dose + rng.normal(0, 0.3, n) > 5.2).astype(int),
        }
    )
    title = "Quarterly export for clinic A,,,\nGenerated 2021-03-04,,,\n,,,\n"
    path.write_text(title + frame.to_csv(index=False))


def viral(rng, n=300):
    a, b = rng.normal(size=n), rng.normal(size=n)
    load = np.exp(3 + 1.5 * a + rng.normal(0, 0.3, n))
    cells = np.where(load < 50, "<50", np.round(load).astype(int).astype(str))
    return pd.DataFrame({"a": a.round(3), "b": b.round(3), "viral_load": cells})


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20)
    lab(rng).to_csv(out / "lab.csv", index=False)
    french(rng).to_csv(out / "fr.csv", index=False, sep=";")
    sheet(rng, out / "sheet.csv")
    german(rng, out / "de.csv")
    report(rng, out / "report.csv")
    viral(rng).to_csv(out / "viral.csv", index=False)
    print(f"wrote lab.csv, fr.csv, sheet.csv, de.csv, report.csv, viral.csv to {out}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
