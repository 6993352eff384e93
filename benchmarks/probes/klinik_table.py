"""A clinic table as a German-locale spreadsheet exports it (a user trial).

    python benchmarks/probes/klinik_table.py DIR

Writes ``DIR/klinik.csv`` (``;`` between fields, decimal commas, a byte-order
mark, dates as ``31.12.2021``) and ``DIR/klinik.xlsx`` (the same rows, the
admission date as date cells, and a stay ``Liegezeit`` that Excel stores as a
duration and pandas reads back as days). 900
patients, 9 without an outcome: ``Patienten-ID``, ``Aufnahme`` (admission
date), ``Alter`` (age, 3% missing), ``Standort`` (four sites), ``Raucher``
(smoker, ja/nein), ``Dosis (mg)`` and ``CRP`` (log-normal, 5% of CRP
missing), six noise markers and ``Ergebnis`` (positiv / negativ). Truth: the
logit is ``0.05 (Alter - 50) + 1.2 Raucher + 0.8 log(CRP)``, plus ``0.6`` for
the site ``Ost`` when the dose exceeds 60 mg (a weak interaction). The runs
are in ``benchmarks/results/klinik_rank.txt``.
"""

import sys
from pathlib import Path

import numpy as np
import pandas as pd


def make(seed=7, n=900):
    rng = np.random.default_rng(seed)
    age = rng.normal(50, 14, n).round()
    dose = rng.gamma(2, 30, n)
    site = rng.choice(["Nord", "Süd", "Ost", "West"], n)
    smoker = rng.choice(["ja", "nein"], n, p=[0.3, 0.7])
    crp = np.exp(rng.normal(1, 0.8, n))
    noise = rng.normal(size=(n, 6))
    logit = (
        0.05 * (age - 50)
        + 1.2 * (smoker == "ja")
        + 0.8 * np.log(crp)
        - 0.8
        + 0.6 * ((site == "Ost") * (dose > 60))
    )
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    comma = lambda v, k: f"{v:.{k}f}".replace(".", ",")  # noqa: E731
    admitted = pd.date_range("2021-01-01", periods=n, freq="13h")
    df = pd.DataFrame(
        {
            "Patienten-ID": [f"P{100000 + i}" for i in range(n)],
            "Aufnahme": admitted.strftime("%d.%m.%Y"),
            "Alter": age,
            "Standort": site,
            "Raucher": smoker,
            "Dosis (mg)": [comma(v, 1) for v in dose],
            "CRP": [comma(v, 2) for v in crp],
        }
    )
    for j in range(6):
        df[f"Marker {j + 1}"] = [comma(v, 3) for v in noise[:, j]]
    df.loc[rng.random(n) < 0.05, "CRP"] = ""
    df.loc[rng.random(n) < 0.03, "Alter"] = np.nan
    df["Ergebnis"] = np.where(y, "positiv", "negativ")
    df.loc[rng.random(n) < 0.01, "Ergebnis"] = np.nan
    return df, admitted, rng


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    df, admitted, rng = make()
    df.to_csv(out / "klinik.csv", sep=";", index=False, encoding="utf-8-sig")
    book = df.copy()
    book["Aufnahme"] = admitted.normalize()  # date cells
    book["Liegezeit"] = pd.to_timedelta(rng.integers(1, 200, len(df)), unit="h")
    book.to_excel(out / "klinik.xlsx", index=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
