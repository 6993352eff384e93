"""What `skdfs rank` makes of the cells of a raw table: numbers written as
text, codes for missing values, spaces, case variants, repeated columns."""

import numpy as np
import pandas as pd
import pytest

from skdfs._cells import missing_codes, parse_decorated, read_numbers
from skdfs.cli import main
from skdfs.rawtable import PARSE_FRACTION, prepare_frame, prepare_target


@pytest.mark.parametrize(
    "cells, expected, how",
    [
        (["$1,234.50", "$12.00", "-$5", "$-7.5"], [1234.5, 12, -5, -7.5], "$ dropped"),
        (["45.3%", "12%", "0.5%"], [45.3, 12, 0.5], "'%' dropped"),
        (["10 mg", "20 mg", "5mg"], [10, 20, 5], "in 'mg'"),
        (["12 kg/m2", "13.5 kg/m2"], [12, 13.5], "in 'kg/m2'"),
        (["70,12", "65,5", "80"], [70.12, 65.5, 80], "',' as the decimal mark"),
        (["1.234,5", "12,25", "7"], [1234.5, 12.25, 7], "'.' as the thousands"),
        (["1,234", "12,345", "7"], [1234, 12345, 7], "',' as the thousands"),
        (["1.234.567", "2.000.000"], [1234567, 2000000], "'.' as the thousands"),
        (["12,50 €", "3 €"], [12.5, 3], "',' as the decimal mark"),
        (["$(1,234.00)", "$12.00", "($5)"], [-1234, 12, -5], "(...) as negative"),
    ],
)
def test_numbers_written_as_text_are_read(cells, expected, how):
    values, read = parse_decorated(cells, PARSE_FRACTION)
    np.testing.assert_allclose(values, expected)
    assert any(how in item for item in read), read


@pytest.mark.parametrize(
    "cells",
    [
        ["12.5", "3", "-1e3"],  # plain numbers: float() reads them, no reading
        ["1.2.3", "1.2.4", "2.0.1"],  # versions
        ["03/15/2021", "04/01/2021", "12/31/2020"],  # dates
        ["1st", "2nd", "3rd"],  # a different "unit" in every cell
        ["12 g", "5 mg", "3 kg", "7 mg"],  # several units: not one quantity
        ["555-1234", "555-9999", "555-0000"],  # phone numbers
        ["Type 1", "Type 2", "Type 3"],
        ["red", "green", "blue"],
    ],
)
def test_text_that_is_not_one_quantity_is_left_alone(cells):
    values, read = parse_decorated(cells, PARSE_FRACTION)
    assert values is None and read == []


def _read(cells, fraction=PARSE_FRACTION):
    text = pd.Series(cells, dtype=object)
    missing = text.isna().to_numpy()
    numbers, how = read_numbers(text, missing, fraction)
    return numbers.to_numpy(), how


@pytest.mark.parametrize(
    "cells, expected, how",
    [
        # French exports: a narrow no-break space groups digits, ',' decimal
        (["1\u202f575,4", "740,7", "12\u202f000"], [1575.4, 740.7, 12000], "spaces"),
        (["1\u00a0234", "5\u00a0678\u00a0901", "12"], [1234, 5678901, 12], "spaces"),
        (["1 234,50 €", "99,00 €"], [1234.5, 99], "spaces"),
        (["1'234.50", "12'000", "7.5"], [1234.5, 12000, 7.5], '"\'"'),
        (["\u22123.77", "0.26", "\u22120.03"], [-3.77, 0.26, -0.03], "minus sign"),
        (["USD 1,234", "USD 12", "USD 7.50"], [1234, 12, 7.5], "'USD' dropped"),
        (["12,50 EUR", "1.234,00 EUR", "3 EUR"], [12.5, 1234, 3], "'EUR' dropped"),
        (["CHF 1'234.50", "CHF 99.90"], [1234.5, 99.9], "'CHF' dropped"),
        (["1,5E-03", "2,0E-02", "-3,1E-01"], [0.0015, 0.02, -0.31], "decimal mark"),
        (["2,443.18-", "3,056.29", "12.00-"], [-2443.18, 3056.29, -12], "trailing"),
        (["21.0k", "1.8M", "950", "3K"], [21000, 1.8e6, 950, 3000], "powers of a"),
        (["1h 20m", "45m", "2h", "1 hr 5 min"], [80, 45, 120, 65], "in minutes"),
    ],
)
def test_typeset_numbers_are_read(cells, expected, how):
    values, read = _read(cells)
    np.testing.assert_allclose(values, expected)
    assert any(how in item for item in read), read


@pytest.mark.parametrize(
    "cells",
    [
        ["020 7946 0958", "020 7946 0000", "0161 496 0000"],  # phone numbers
        ["75 001", "69 002", "13 003"] * 3 + ["Paris"] * 2,  # not 90% numbers
        ["USD 12", "EUR 13", "USD 14"],  # two currencies: not one quantity
        ["ABC 123", "ABC 456", "ABC 789"],  # not a currency code
    ],
)
def test_spaced_digits_that_are_not_numbers_stay_text(cells):
    values, how = _read(cells)
    assert how == [] and np.isnan(values).any()


def test_values_beyond_a_limit_are_read_as_the_limit():
    # A lab's export: below the detection limit, above the range, mixed
    # writings of the sign, and a unit.
    cells = ["1.2", "<0.3", "2.5", "> 8", "0.7", "<=0.3", "≥8", "3.1", None, "1.9"]
    values, how = _read(cells)
    np.testing.assert_allclose(
        values, [1.2, 0.3, 2.5, 8, 0.7, 0.3, 8, 3.1, np.nan, 1.9]
    )
    assert how == [
        "4 entries beyond a limit ('<0.3', '<=0.3', '> 8', ...) read as the limit"
    ]
    values, how = _read(["12 mg", "<5 mg", "20 mg", "7 mg"])
    np.testing.assert_allclose(values, [12, 5, 20, 7])
    assert how[0].startswith("1 entry beyond a limit ('<5 mg')") and "in 'mg'" in how[1]
    # Most cells below the limit, many distinct numbers in the others: read.
    values, how = _read(["<50"] * 40 + [str(v) for v in range(60, 90)])
    assert np.all(values[:40] == 50) and how[0].startswith("40 entries beyond")
    # One censored entry among plain numbers is read too, not read as missing.
    values, how = _read([str(v) for v in range(30)] + ["<0.5"])
    assert values[-1] == 0.5 and "beyond a limit" in how[0]


@pytest.mark.parametrize(
    "cells",
    [
        ["<=50K", ">50K", "<=50K", "<=50K"],  # income classes: every cell signed
        ["<18", "18-65", ">65", "18-65"],  # age bands
        ["<0.3", "<0.3", "1.2", "high"],  # half signed and text beside
        ["<", ">", "=", "<"],  # signs alone
    ],
)
def test_signs_that_belong_to_the_values_are_left_alone(cells):
    values, how = _read(cells)
    assert how == [] and np.isnan(values).sum() >= 1


def test_a_lab_column_with_limits_is_kept_as_numbers():
    rng = np.random.default_rng(0)
    crp = rng.lognormal(0, 1, 200)
    cells = np.where(
        crp < 0.3, "<0.3", np.where(crp > 5, ">5", np.round(crp, 2).astype(str))
    )
    df = pd.DataFrame({"crp": cells, "other": rng.normal(size=200)})
    assert (df["crp"].str.startswith("<") | df["crp"].str.startswith(">")).mean() > 0.1
    X, _, notices, kinds = prepare_frame(df, ["crp"])
    assert kinds["crp"] == "number"
    assert np.nanmin(X["crp"]) == 0.3 and np.nanmax(X["crp"]) == 5
    (note,) = [n for n in notices if "crp" in n]
    assert "beyond a limit" in note and "'<0.3' is 0.3" in note, note


def test_a_measurement_with_text_entries_is_read_as_numbers():
    # A fifth of a lab value is "haemolysed" or "pending": too many odd
    # entries for the usual reading, too many values for levels. Before, it
    # was left out as "an identifier".
    rng = np.random.default_rng(1)
    hba1c = np.round(rng.normal(6, 1, 300), 1).astype(object)
    hba1c[rng.random(300) < 0.2] = "haemolysed"
    hba1c[:10] = "pending"
    ids = np.arange(1000, 1300).astype(object)
    ids[::4] = [f"X{i}" for i in range(75)]  # an identifier, a quarter with a prefix
    df = pd.DataFrame({"hba1c": hba1c, "id": ids})
    X, _, notices, kinds = prepare_frame(df, list(df.columns))
    assert list(X.columns) == ["hba1c"]
    odd = np.isin(hba1c, ["haemolysed", "pending"])
    assert np.isnan(X["hba1c"][odd]).all() and not np.isnan(X["hba1c"][~odd]).any()
    assert kinds["hba1c"] == f"number, {odd.mean():.0%} missing"
    (note,) = [n for n in notices if "hba1c" in n]
    assert "('haemolysed', 'pending') read as missing" in note, note
    (note,) = [n for n in notices if "'id'" in n]
    assert "looks like an identifier" in note, note
    # Ticket numbers, shared by families, beside many different prefixed
    # tickets (Titanic's 'ticket'): an identifier, not a measurement.
    tickets = rng.integers(10000, 400000, 200).astype(object)
    tickets = np.r_[tickets, tickets[:60]]
    tickets[::3] = [f"A/5 {i}" for i in range(len(tickets[::3]))]
    X, _, notices, _ = prepare_frame(pd.DataFrame({"ticket": tickets}), ["ticket"])
    assert X.shape[1] == 0 and "looks like an identifier" in notices[0]
    # Whole numbers beside text may be codes ("7" beside "A1"): levels.
    codes = rng.integers(0, 50, 400).astype(str).astype(object)
    codes[::4] = rng.choice(["A1", "B2"], 100)
    X, _, _, kinds = prepare_frame(pd.DataFrame({"code": codes}), ["code"])
    assert kinds["code"] == "text, 52 levels"
    # A column of few levels keeps its text, numbers or not.
    grades = pd.DataFrame({"g": ["1", "2", "3", "n/a", "unknown", "late"] * 20})
    X, _, _, kinds = prepare_frame(grades, ["g"])
    assert kinds["g"] == "text, 6 levels"


def test_a_checkbox_column_is_a_flag_and_a_constant_with_gaps_is_not():
    rng = np.random.default_rng(2)
    n = 200
    ticked = rng.random(n) < 0.4
    df = pd.DataFrame(
        {
            "promo": np.where(ticked, "x", ""),  # a checkbox: "x" or blank
            "member": np.where(rng.random(n) < 0.3, 1.0, np.nan),  # 1 or blank
            "gene": np.where(rng.random(n) < 0.02, np.nan, 0.0),  # 0 with gaps
            "rare": np.where(np.arange(n) < 3, "x", ""),  # 3 ticks: too few
        }
    )
    X, _, notices, kinds = prepare_frame(df)
    np.testing.assert_array_equal(X["promo"], ticked.astype(float))
    assert kinds["promo"] == kinds["member"] == "flag: value or blank"
    assert set(X["member"]) == {0.0, 1.0}
    assert "gene" not in X and "rare" not in X
    assert any("read 'promo' as a flag: 1 where it holds 'x'" in n for n in notices)
    assert any("left out 'gene': one value only (0)" in n for n in notices)


def test_yes_and_no_spelled_several_ways_are_one_flag():
    cells = ["TRUE", "True", "true", "1", "FALSE", "False", "false", "0"] * 10
    X, _, notices, kinds = prepare_frame(pd.DataFrame({"active": cells}))
    np.testing.assert_array_equal(X["active"], [1, 1, 1, 1, 0, 0, 0, 0] * 10)
    assert kinds["active"] == "yes/no"
    assert notices[0].startswith("read 'active' as yes/no: 'TRUE', 'True'")
    # two plain spellings stay two levels, as before
    _, _, _, kinds = prepare_frame(pd.DataFrame({"a": ["Yes", "No"] * 10}))
    assert kinds["a"] == "text, 2 levels"


def test_amounts_with_accounting_dashes_are_read():
    # A quarter of the cells are " - " (an accounting zero); the others are
    # amounts, those above 1,000 with a thousands separator. Before, the
    # column was left out as an identifier.
    rng = np.random.default_rng(3)
    amounts = [f"{v:,.2f}" for v in rng.lognormal(6, 1, 400)]
    cells = np.where(rng.random(400) < 0.25, " - ", amounts)
    X, _, notices, kinds = prepare_frame(pd.DataFrame({"invoice": cells}))
    assert kinds["invoice"].startswith("number")
    assert X["invoice"].notna().sum() == (cells != " - ").sum()
    assert "entries ('-') read as missing" in notices[0]


def test_blood_pressure_is_read_as_two_numbers_in_one_group():
    rng = np.random.default_rng(4)
    sys_, dia = rng.integers(100, 180, 100), rng.integers(60, 110, 100)
    cells = np.array([f"{a}/{b}" for a, b in zip(sys_, dia)], dtype=object)
    cells[5] = None
    scores = np.array(["4/5", "3/5", "5/5", "2/5"] * 25)  # one unit: a number
    X, groups, notices, kinds = prepare_frame(pd.DataFrame({"bp": cells, "s": scores}))
    np.testing.assert_array_equal(X["bp.1"].drop(index=5), np.delete(sys_, 5))
    np.testing.assert_array_equal(X["bp.2"].drop(index=5), np.delete(dia, 5))
    assert groups == {"bp": [0, 1]} and kinds["bp"] == "two numbers, 1% missing"
    a, b = sys_[0], dia[0]
    assert notices[0].endswith(f"'{a}/{b}' is {a} and {b}")
    assert kinds["s"] == "number"


def test_codes_for_missing_lie_far_outside_the_other_values():
    ages = np.r_[np.arange(18, 90.0), [-999, -999, np.nan]]
    assert missing_codes(ages) == {-999: 2}
    assert missing_codes(np.r_[np.arange(18, 90.0), [99.0]]) == {}  # a real age
    flags = np.r_[np.zeros(20), np.ones(20), [9999.0]]
    assert missing_codes(flags) == {9999: 1}
    assert missing_codes(np.r_[np.arange(5.0), [-999.0]]) == {}  # too few others
    assert missing_codes(np.r_[np.ones(20), [-999.0]]) == {}  # others constant
    scores = np.r_[np.arange(0, 100.0), [99.0, 999.0]]
    assert missing_codes(scores) == {999: 1}  # 99 is inside the range


def test_prepare_frame_reads_cells_and_leaves_the_frame_alone():
    df = pd.DataFrame(
        {
            "age": [30, 41, -999, 55, 62, 28, 33, 47, 51, 39, 60, 44],
            "cost": ["$1,200.00", "$950.50", "?"] + ["$2,000.00"] * 9,
            "ward": ["A", "a", "B ", "B"] * 3,
            "blank": ["  ", " ", "", "   "] * 3,
        }
    )
    before = df.copy()
    X, groups, notices, kinds = prepare_frame(df, list(df.columns))
    pd.testing.assert_frame_equal(df, before)
    pd.testing.assert_frame_equal(prepare_frame(df)[0], X)  # every column
    assert groups is None
    assert np.isnan(X["age"][2]) and kinds["age"] == "number, 8% missing"
    np.testing.assert_allclose(X["cost"][:4], [1200, 950.5, np.nan, 2000])
    assert kinds["cost"] == "number, 8% missing"
    assert sorted(set(X["ward"])) == ["A", "B", "a"]
    assert "blank" not in X
    text = "\n".join(notices)
    assert "'age': 1 value of -999 read as missing" in text
    assert "1 entry ('?') read as missing" in text
    assert "'ward': spaces around values dropped (4 distinct values became 3" in text
    assert "kept apart ('A', 'a')" in text
    assert "left out 'blank': every value is blank" in text

    X, _, notices, kinds = prepare_frame(df, ["age"], codes_as_missing=False)
    assert X["age"][2] == -999 and kinds["age"] == "number"
    assert not any("codes for missing" in n for n in notices)


def test_date_and_duration_columns_of_a_workbook_are_used(tmp_path, capsys):
    """A spreadsheet's date cells arrive as datetime64, its durations as
    timedelta64 (Parquet too): the dates become their parts, one group; the
    durations days. Before, both were left out as neither numbers nor text."""
    rng = np.random.RandomState(0)
    start = pd.Timestamp("2022-01-01")
    df = pd.DataFrame(
        {
            "visit": start + pd.to_timedelta(rng.randint(0, 400, 12), unit="D"),
            "stay": pd.to_timedelta(rng.randint(1, 90, 12), unit="h"),
            "same": [start] * 12,
        }
    )
    X, groups, notices, kinds = prepare_frame(df, list(df.columns))
    assert list(X.columns) == ["visit.time", "visit.month", "visit.weekday", "stay"]
    assert groups == {"visit": [0, 1, 2]} and kinds["visit"] == "date"
    np.testing.assert_allclose(X["stay"], df["stay"].dt.total_seconds() / 86400)
    text = "\n".join(notices)
    assert "read 'visit' as dates: used as time, month, weekday (one group)" in text
    assert "read 'stay' as durations, in days" in text
    assert "left out 'same': dates with a single value" in text


def test_repeated_columns_are_named_once(tmp_path):
    rng = np.random.RandomState(0)
    a = rng.normal(size=50)
    df = pd.DataFrame({"a": a, "b": a.copy(), "c": a.copy(), "t": ["x", "y"] * 25})
    df["t2"] = df["t"]
    _, _, notices, _ = prepare_frame(df, list(df.columns))
    assert "3 columns repeat another in every row (b = a, c = a, t2 = t)" in "\n".join(
        notices
    )


def test_notices_that_repeat_on_a_wide_table_become_one_line():
    # 8 constant columns, 7 all-missing ones, 7 written with decimal commas,
    # 2 with case variants: a kind with more than five notices is one line
    # (the first notice in full where the detail differs between columns),
    # one with five or fewer keeps a line per column.
    rng = np.random.RandomState(0)
    frame = {f"k{j}": np.full(40, float(j)) for j in range(8)}
    frame |= {f"e{j}": np.full(40, np.nan) for j in range(7)}
    frame |= {
        f"n{j}": [f"{v:.2f}".replace(".", ",") for v in rng.normal(size=40)]
        for j in range(7)
    }
    frame |= {f"t{j}": ["a", "A", "b"] * 13 + [f"{j}"] for j in range(2)}
    frame["x"] = rng.normal(size=40)
    df = pd.DataFrame(frame)
    before = df.copy()
    X, _, notices, _ = prepare_frame(df, list(df.columns))
    pd.testing.assert_frame_equal(df, before)
    assert list(X.columns) == [f"n{j}" for j in range(7)] + ["t0", "t1", "x"]
    assert notices[0] == (
        "left out 8 columns with one value only (k0, k1, k2, k3, k4, ... (3 more))"
    )
    assert notices[1] == (
        "left out 7 columns where every value is missing "
        "(e0, e1, e2, e3, e4, ... (2 more))"
    )
    assert notices[2].startswith(
        "read 7 text columns as numbers (n0, n1, n2, n3, n4, ... (2 more)); "
        "the first: read 'n0' as numbers (',' as the decimal mark"
    )
    assert [n.split(":")[0] for n in notices[3:]] == ["'t0'", "'t1'"]
    assert len(notices) == 5


def _rank(tmp_path, capsys, frame, target, *extra, status=0):
    """`skdfs rank` on ``frame`` written as CSV (4 members, a few epochs);
    the captured output."""
    path = tmp_path / "table.csv"
    frame.to_csv(path, index=False)
    args = ["rank", str(path), "-t", target, "-o", str(tmp_path), "--no-plot"]
    args += ["--n-estimators", "4", "--max-epochs", "5", "--seed", "0", *extra]
    assert main(args) == status
    return capsys.readouterr()


def test_keep_codes_keeps_the_values(tmp_path, capsys):
    rng = np.random.RandomState(0)
    n = 120
    age = rng.randint(20, 80, n).astype(float)
    age[:6] = -999
    y = (age > 50).astype(int)
    frame = pd.DataFrame({"age": age, "z": rng.normal(size=n), "y": y})
    captured = _rank(tmp_path, capsys, frame, "y", "--quiet")
    assert "'age': 6 values of -999 read as missing" in captured.err
    assert "number, 5% missing" in captured.out
    captured = _rank(tmp_path, capsys, frame, "y", "--quiet", "--keep-codes")
    assert "codes for missing" not in captured.err
    assert "5% missing" not in captured.out


def test_target_levels_are_stripped_and_case_variants_merged(tmp_path, capsys):
    rng = np.random.RandomState(1)
    n = 120
    x = rng.normal(size=n)
    y = np.where(x > 0, "Yes", "No").astype(object)
    y[:4] = "Yes "  # the same class with a space: merged
    y[4:8] = "no"  # a case variant: merged into the common spelling, named
    y[8:10] = "  "  # blank: no target, the rows are dropped
    frame = pd.DataFrame({"x": x, "z": rng.normal(size=n), "y": y})
    captured = _rank(tmp_path, capsys, frame, "y")
    assert "dropped 2 of 120 rows with no value in the target 'y'" in captured.err
    assert "target 'y': spaces around values dropped (4 distinct values became 2" in (
        captured.err
    )
    assert (
        "target 'y': classes that differ only in case merged ('No', 'no' as 'No')"
        in (captured.err)
    )
    assert "task: classification (2 classes)." in captured.out


def test_a_currency_target_is_a_quantity(tmp_path, capsys):
    rng = np.random.RandomState(2)
    n = 150
    size = rng.randint(500, 4000, n)
    price = 50_000 + 150 * size + rng.normal(0, 20_000, n)
    frame = pd.DataFrame(
        {
            "size": [f"{v:,} sqft" for v in size],
            "noise": rng.normal(size=n),
            "price": [f"${v:,.0f}" for v in price],
        }
    )
    captured = _rank(tmp_path, capsys, frame, "price")
    assert "read target 'price' as numbers ($ dropped; ',' as the thousands" in (
        captured.err
    )
    assert "target 'price' holds 150 distinct integers" in captured.err
    assert "task: regression" in captured.out
    captured = _rank(tmp_path, capsys, frame, "price", "--task", "regression")
    assert "read target 'price' as numbers" in captured.err
    assert "task: regression" in captured.out
    # --task classification keeps the text as class labels
    captured = _rank(
        tmp_path, capsys, frame, "price", "--task", "classification", status=2
    )
    assert "more than a classifier can learn" in captured.err


def test_a_text_target_whose_levels_name_an_order_gets_a_note(caplog):
    frame = pd.DataFrame(
        {
            "pain": ["mild", "Severe", "moderate", "severe", "mild", "none"] * 5,
            "age": ["18-24", "25-44", "65+", "45-64", "18-24", "25-44"] * 5,
            "kind": ["type 1", "type 2", "type 3"] * 10,
        }
    )
    y, task = prepare_target(frame, ["pain"])
    err = caplog.text
    assert task == "auto" and len(np.unique(y)) == 4  # still classes
    assert (
        "target 'pain': its 4 levels look ordered (none < mild < moderate < "
        "severe), but classes are learned without an order; to rank the columns "
        "by how they move the target along it, code the levels as numbers and "
        "pass --task regression"
    ) in err
    caplog.clear()
    prepare_target(frame, ["age"])
    assert "(18-24 < 25-44 < 45-64 < 65+)" in caplog.text
    caplog.clear()
    prepare_target(frame, ["kind"])  # numbered kinds, not an order
    prepare_target(frame, ["pain"], task="classification")  # asked for
    assert "ordered" not in caplog.text


def test_rare_classes_of_the_target_are_named(tmp_path, capsys):
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((80, 2)), columns=["a", "b"])
    grade = np.where(frame["a"] > 0, "high", "low").astype(object)
    grade[:2], grade[2] = "hgih", "unknown"
    frame["grade"] = grade
    frame["code"] = np.where(frame["a"] > 0, 1, 2)
    frame.loc[0, "code"] = 9
    frame.to_csv(tmp_path / "grades.csv", index=False)
    args = ["rank", str(tmp_path / "grades.csv"), "-o", str(tmp_path), "--no-plot"]
    args += ["--n-estimators", "2", "--max-epochs", "2", "-q"]
    assert main([*args, "-t", "grade", "--drop", "code"]) == 0
    err = capsys.readouterr().err
    assert (
        "target 'grade': 2 classes have fewer than 5 rows (hgih: 2, unknown: 1), "
        "too few to learn from; if they are typos or codes, fix or drop their rows"
    ) in err
    assert "y has 2 classes" not in err  # the note, not the selector's warning too
    assert main([*args, "-t", "code", "--drop", "grade"]) == 0
    assert (
        "target 'code': 1 class has fewer than 5 rows (9: 1)" in capsys.readouterr().err
    )
    assert main([*args, "-t", "a", "--drop", "grade", "--drop", "code"]) == 0
    assert "fewer than" not in capsys.readouterr().err  # a quantity
