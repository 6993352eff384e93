"""Write the look-alike raw tables used by tests/test_cli.py (known truth).

Run from the repository root: ``python tests/data/make_tables.py``. Each table
imitates a public one a user tried (issue 15) without copying it: text,
yes/no and category columns, dates, identifiers, free text, missing values in
features and target, odd tokens in a numeric column, integer prices. The
columns that drive the target are listed in ``TRUTH``.
"""

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent

#: table -> (target, columns that drive it)
TRUTH = {
    "penguins_like.csv": ("species", {"island", "bill_length_mm", "bill_depth_mm"}),
    "mortgage_like.csv": ("deny", {"dir", "black", "lvrat"}),
    "diamonds_like.csv": ("price", {"carat", "clarity"}),
    "weather_like.csv": ("weather", {"precipitation", "date"}),
    "cars_like.csv": ("mpg", {"weight", "horsepower"}),
    "clinic_like.csv": ("outcome", {"age", "dose", "crp"}),
}


def _nan(rng, values, share):
    values = pd.Series(values).astype(object)
    values[rng.random_sample(len(values)) < share] = np.nan
    return values


def penguins(rng, n=330):
    island = rng.choice(["Biscoe", "Dream", "Torgersen"], n)
    length = rng.normal(44, 5, n)
    depth = rng.normal(17, 2, n)
    score_a = (island == "Torgersen") * 2.5 + (length < 42) * 2.0
    score_b = (island == "Dream") * 2.5 + (depth > 17.5) * 2.0
    score_c = (island == "Biscoe") * 1.5 + (depth < 16.5) * 1.5 + (length > 46) * 1.0
    scores = np.column_stack([score_a, score_b, score_c])
    scores += rng.gumbel(size=scores.shape) * 0.4
    species = np.array(["Adelie", "Chinstrap", "Gentoo"])[scores.argmax(1)]
    return pd.DataFrame(
        {
            "species": species,
            "island": island,
            "bill_length_mm": _nan(rng, length.round(1), 0.02),
            "bill_depth_mm": _nan(rng, depth.round(1), 0.02),
            "flipper_length_mm": _nan(rng, rng.normal(200, 14, n).round(), 0.02),
            "body_mass_g": _nan(rng, rng.normal(4200, 800, n).round(-1), 0.02),
            "sex": _nan(rng, rng.choice(["MALE", "FEMALE"], n), 0.03),
            "year": rng.choice([2007, 2008, 2009], n),
        }
    )


def mortgage(rng, n=400):
    dir_ = rng.uniform(0.1, 0.6, n)
    lvrat = rng.uniform(0.3, 1.0, n)
    black = rng.choice(["yes", "no"], n, p=[0.2, 0.8])
    logit = 8 * (dir_ - 0.35) + 6 * (lvrat - 0.7) + 1.8 * (black == "yes") - 0.5
    deny = np.where(rng.random_sample(n) < 1 / (1 + np.exp(-logit)), "yes", "no")
    return pd.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "dir": dir_.round(3),
            "hir": rng.uniform(0.1, 0.5, n).round(3),
            "lvrat": lvrat.round(3),
            "ccs": rng.choice([1, 2, 3, 4, 5, 6], n),
            "unemp": rng.uniform(2, 10, n).round(1),
            "self": rng.choice(["yes", "no"], n),
            "single": rng.choice(["yes", "no"], n),
            "black": black,
            "deny": deny,
        }
    )


def diamonds(rng, n=400):
    carat = (rng.gamma(2.0, 0.4, n) + 0.2).round(2)
    clarity = rng.choice(["I1", "SI2", "SI1", "VS2", "VS1", "VVS2", "VVS1", "IF"], n)
    rank = pd.Series(clarity).map(
        {"I1": 0, "SI2": 1, "SI1": 2, "VS2": 3, "VS1": 4, "VVS2": 5, "VVS1": 6, "IF": 7}
    )
    price = np.exp(7.8 + 1.6 * np.log(carat) + 0.25 * rank + rng.normal(0, 0.1, n))
    return pd.DataFrame(
        {
            "carat": carat,
            "cut": rng.choice(["Fair", "Good", "Very Good", "Premium", "Ideal"], n),
            "color": rng.choice(list("DEFGHIJ"), n),
            "clarity": clarity,
            "depth": rng.normal(61.7, 1.4, n).round(1),
            "table": rng.normal(57.5, 2.2, n).round(),
            "price": price.round().astype(int),
        }
    )


def weather(rng, n=365 * 2):
    dates = pd.date_range("2012-01-01", periods=n, freq="D")
    month = dates.month.to_numpy()
    winter = np.isin(month, [11, 12, 1, 2, 3])
    precipitation = np.where(
        rng.random_sample(n) < np.where(winter, 0.6, 0.25), rng.gamma(1.5, 4, n), 0.0
    ).round(1)
    snow = winter & (precipitation > 0) & np.isin(month, [12, 1, 2])
    weather = np.where(
        precipitation > 0,
        np.where(snow, "snow", "rain"),
        np.where(winter, "fog", "sun"),
    )
    flip = rng.random_sample(n) < 0.05
    weather[flip] = rng.choice(["sun", "rain", "fog", "drizzle"], flip.sum())
    return pd.DataFrame(
        {
            "date": dates.strftime("%Y-%m-%d"),
            "precipitation": precipitation,
            "temp_max": rng.normal(16, 7, n).round(1),
            "temp_min": rng.normal(8, 5, n).round(1),
            "wind": rng.gamma(3, 1.1, n).round(1),
            "weather": weather,
        }
    )


def cars(rng, n=400):
    weight = rng.uniform(1600, 5000, n).round()
    horsepower = (40 + 0.03 * weight + rng.normal(0, 25, n)).clip(45, 230).round()
    mpg = 62 - 0.006 * weight - 0.09 * horsepower + rng.normal(0, 2, n)
    makes = ["ford", "chevy", "toyota", "honda", "vw", "fiat", "amc", "dodge"]
    models = ["torino", "impala", "corolla", "civic", "rabbit", "128", "hornet"]
    name = [f"{rng.choice(makes)} {rng.choice(models)} {i}" for i in rng.permutation(n)]
    hp_text = horsepower.astype(int).astype(str).astype(object)
    hp_text[rng.random_sample(n) < 0.02] = "?"
    comment = [
        " ".join(
            rng.choice(
                [
                    "runs",
                    "well",
                    "needs",
                    "new",
                    "tyres",
                    "clean",
                    "one",
                    "owner",
                    "rust",
                    "on",
                    "door",
                ],
                6,
            )
        )
        for _ in range(n)
    ]
    return pd.DataFrame(
        {
            "mpg": _nan(rng, mpg.round(1), 0.02),
            "cylinders": rng.choice([4, 6, 8], n),
            "displacement": rng.uniform(70, 450, n).round(),
            "horsepower": hp_text,
            "weight": weight,
            "acceleration": rng.normal(15.5, 2.7, n).round(1),
            "model_year": rng.choice(np.arange(70, 83), n),
            "origin": rng.choice(["usa", "europe", "japan"], n),
            "name": name,
            "comment": comment,
        }
    )


def clinic(rng, n=400):
    """Numbers written as a spreadsheet exports them: units, currency,
    percent, decimal commas; -999 for a missing age; a repeated column and
    levels that differ only in case."""
    age = rng.randint(20, 86, n)
    dose = rng.choice([5, 10, 20, 40], n)
    crp = rng.gamma(2.0, 4.0, n).round(2)
    logit = 0.08 * (age - 52) + 0.09 * (dose - 19) + 0.25 * (crp - 8)
    outcome = np.where(
        rng.random_sample(n) < 1 / (1 + np.exp(-logit)), "better", "same"
    )
    age_text = age.astype(object)
    age_text[rng.random_sample(n) < 0.04] = -999
    weight = rng.normal(75, 12, n).round(1)
    return pd.DataFrame(
        {
            "patient_id": [f"P{40000 + 7 * i}" for i in rng.permutation(n)],
            "visit": pd.date_range("2021-03-01", periods=n, freq="D").strftime(
                "%m/%d/%Y"
            ),
            "age": age_text,
            "dose": [f"{d} mg" for d in dose],
            "crp": [f"{v:.2f}".replace(".", ",") for v in crp],
            "income": [f"${v:,.2f}" for v in rng.lognormal(10.5, 0.6, n)],
            "hba1c": [f"{v:.1f}%" for v in rng.normal(6.0, 0.8, n)],
            "ward": rng.choice(["North", "north", "South", "East", "East "], n),
            "weight_kg": weight,
            "weight_kg_again": weight,
            "outcome": outcome,
        }
    )


def main():
    makers = {
        "penguins_like.csv": penguins,
        "mortgage_like.csv": mortgage,
        "diamonds_like.csv": diamonds,
        "weather_like.csv": weather,
        "cars_like.csv": cars,
        "clinic_like.csv": clinic,
    }
    for k, (name, make) in enumerate(makers.items()):
        make(np.random.RandomState(k)).to_csv(HERE / name, index=False)


if __name__ == "__main__":
    main()
