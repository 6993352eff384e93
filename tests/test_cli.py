"""The ``skdfs`` command, driven through its entry point on small tables.

Happy paths and two error cases run the command in a subprocess
(``python -m skdfs.cli``); the remaining error cases call ``main`` in-process,
which runs the same code without paying for a fresh interpreter each time.
"""

import importlib.util
import os
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import numpy as np
import pytest

from skdfs.cli import main

pd = pytest.importorskip("pandas")

TINY = ["--n-estimators", "2", "--max-epochs", "3", "--hidden-layer-sizes", "8"]
TINY += ["--patience", "none"]
ERROR = "skdfs: error: "
ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def run_cli(*args, cwd):
    """Run ``python -m skdfs.cli ARGS``; return the completed process."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    # The checkout under test, whatever the working directory.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [sys.executable, "-m", "skdfs.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def make_frame(n=150, seed=0):
    """Six numeric features; ``y`` from x0 and x1, plus other target kinds."""
    rng = np.random.RandomState(seed)
    X = rng.standard_normal((n, 6))
    frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(6)])
    frame["y"] = (X[:, 0] + X[:, 1] > 0).astype(int)
    frame["y_real"] = X[:, 0] - 2 * X[:, 1] + 0.1 * rng.standard_normal(n)
    frame["label_a"] = (X[:, 0] > 0).astype(int)
    frame["label_b"] = (X[:, 1] > 0.5).astype(int)
    frame["colour"] = rng.choice(["red", "green", "blue"], size=n)
    return frame


@pytest.fixture(scope="module")
def frame():
    return make_frame()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, frame):
    """CSV files for the tests: numeric, with a text column, and a few broken."""
    path = tmp_path_factory.mktemp("cli_data")
    numeric = frame.drop(columns=["colour", "y_real", "label_a", "label_b"])
    numeric.to_csv(path / "numeric.csv", index=False)
    frame.drop(columns=["y", "label_a", "label_b"]).to_csv(
        path / "text.csv", index=False
    )
    frame.drop(columns=["colour", "y", "y_real"]).to_csv(
        path / "multilabel.csv", index=False
    )
    with_nan = numeric.copy()
    with_nan.loc[3, "x2"] = np.nan
    with_nan.loc[5, "x4"] = np.nan
    with_nan.to_csv(path / "nan.csv", index=False)
    numeric.head(5).to_csv(path / "short.csv", index=False)
    numeric.assign(y=1).to_csv(path / "one_class.csv", index=False)
    numeric.assign(label_a=frame["label_a"], label_b=frame["y_real"]).to_csv(
        path / "not_01.csv", index=False
    )
    (path / "empty.csv").write_text("")
    (path / "data.parquet").write_bytes(b"not a parquet file")
    return path


def read_importances(out):
    return pd.read_csv(out / "importances.csv")


def check_outputs(out, features, n_members):
    table = read_importances(out)
    members = [f"member_{m}" for m in range(n_members)]
    assert list(table.columns) == [
        "feature",
        "importance",
        "std",
        "ci_low",
        "ci_high",
        "selected",
        "kept",
        "p_adjusted",
        "rank",
        *members,
    ]
    assert sorted(table["feature"]) == sorted(features)
    assert table["rank"].tolist() == list(range(1, len(features) + 1))
    assert table["rank"].is_monotonic_increasing  # the selector's ranking_
    np.testing.assert_allclose(table[members].sum(axis=0), 1.0)  # normalised gates
    used = pd.read_csv(out / "members.csv")
    assert used["member"].tolist() == members
    used = used["member"][used["used"]].tolist()
    np.testing.assert_allclose(table[used].mean(axis=1), table["importance"])
    # The interval is around the mean and widens with the members' spread.
    assert (table["ci_low"] <= table["importance"]).all()
    assert (table["importance"] <= table["ci_high"]).all()
    assert ((table["ci_high"] > table["ci_low"]) | (table["std"] == 0)).all()
    assert (out / "importances.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return table


# ----------------------------------------------------------- happy paths
def test_rank_prints_a_table_and_writes_csv_and_png(data_dir, tmp_path):
    out = tmp_path / "result"
    proc = run_cli(
        "rank",
        data_dir / "numeric.csv",
        "--target",
        "y",
        "--out",
        out,
        *TINY,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("rank  feature"))
    assert lines[header].split() == [
        "rank",
        "feature",
        "importance",
        "spread",
        "95%",
        "interval",
        "kept",
        "selected",
    ]
    ranked = [line.split()[1] for line in lines[header + 1 : header + 7]]
    assert sorted(ranked) == [f"x{i}" for i in range(6)]
    assert "task: classification" in proc.stdout
    assert "wrote" in proc.stderr
    table = check_outputs(out, [f"x{i}" for i in range(6)], n_members=2)
    assert table["feature"].tolist() == ranked  # same order as the printed table


def test_rank_text_column_is_one_categorical_row(data_dir, tmp_path):
    """No flag needed: a text column is one feature (its levels one gate group),
    not one row per level."""
    proc = run_cli(
        "rank",
        data_dir / "text.csv",
        "--target",
        "y_real",
        "--quiet",
        "--top",
        "3",
        *TINY,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "task: regression" in proc.stdout
    assert proc.stdout.count("\n   ") == 3  # --top 3 rows in the table
    check_outputs(tmp_path, [f"x{i}" for i in range(6)] + ["colour"], n_members=2)
    levels = pd.read_csv(tmp_path / "levels.csv")
    assert levels["level"].tolist()[-3:] != []
    assert {"colour=blue", "colour=green", "colour=red"} <= set(levels["level"])


def test_rank_several_targets_make_a_multilabel_target(data_dir, tmp_path):
    proc = run_cli(
        "rank",
        data_dir / "multilabel.csv",
        "--target",
        "label_a",
        "--target",
        "label_b",
        "--loss",
        "soft_f1",
        "--out",
        tmp_path,
        *TINY,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "task: multilabel" in proc.stdout
    check_outputs(tmp_path, [f"x{i}" for i in range(6)], n_members=2)


def test_main_in_process(data_dir, tmp_path, capsys):
    args = ["rank", str(data_dir / "numeric.csv"), "-t", "y", "-o", str(tmp_path)]
    args += ["--threshold", "median", "--no-plot", "--quiet", "--n-estimators", "3"]
    args += TINY[2:]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "rank  feature" in captured.out
    assert "wrote" not in captured.err  # --quiet
    table = read_importances(tmp_path)
    assert [c for c in table.columns if c.startswith("member_")] == [
        "member_0",
        "member_1",
        "member_2",
    ]
    assert table["selected"].sum() == 3  # median of six importances
    assert not (tmp_path / "importances.png").exists()
    # The default basis: the summary says which members took square terms.
    assert "; 1 of the 3 members also took the squares of 6 inputs;" in captured.out
    assert main([*args, "--input-basis", "linear"]) == 0
    assert "squares" not in capsys.readouterr().out
    # Members on part of the columns: the legend says how the rank was read.
    assert main([*args, "--member-features", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "rank: by importance; importance: mean share over the used members" in out
    assert "(each saw 50% of the columns)" in out


# ----------------------------------------------------------- errors
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv", "--target", "y"], "no such file: missing.csv"),
        (["numeric.csv", "--target", "nope"], "target column 'nope' not found"),
    ],
)
def test_errors_exit_2_with_one_line(data_dir, args, message):
    proc = run_cli("rank", *args, *TINY, cwd=data_dir)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(ERROR + message)
    assert len(proc.stderr.strip().splitlines()) == 1


def parquet_message():
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        try:
            import fastparquet  # noqa: F401
        except ImportError:
            return "reading Parquet needs pyarrow"
    return "cannot read data.parquet as Parquet"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv", "-t", "y"], "no such file: "),
        (["numeric.csv", "-t", "nope"], "target column 'nope' not found"),
        (["numeric.csv", "-t", "y", "-t", "y"], "target column 'y' is given twice"),
        (["numeric.csv", "-t", "y", "--drop", "nope"], "--drop column 'nope' not"),
        (["short.csv", "-t", "y"], "too few rows: short.csv has 5"),
        (["one_class.csv", "-t", "y"], "target column 'y' has a single value (1)"),
        (["not_01.csv", "-t", "label_a", "-t", "label_b"], "several --target"),
        (["numeric.csv", "-t", "y", "--task", "multilabel"], "--task multilabel"),
        (["numeric.csv", "-t", "y", "--threshold", "max"], "threshold 'max' is not"),
        (["numeric.csv", "-t", "y", "--device", "tpu"], "device='tpu'"),
        (["numeric.csv", "-t", "y", "--loss", "squared_error"], "loss='squared_err"),
        (["empty.csv", "-t", "y"], "empty.csv is empty"),
        (["data.parquet", "-t", "y"], parquet_message()),
        (["numeric.csv", "-t", "y", "--group-correlated", "0"], "must be in (0, 1]"),
        (
            [
                "numeric.csv",
                "-t",
                "y",
                "--member-features",
                "0.5",
                "--threshold",
                "probe",
            ],
            "threshold='probe' needs member_features=1.0",
        ),
        (["numeric.csv", "-t", "y", "--max-features", "500"], "max_features=500 exc"),
    ],
)
def test_input_errors_in_process(data_dir, tmp_path, capsys, args, message):
    args = [str(data_dir / args[0]), *args[1:]]
    status = main(["rank", *args, "--out", str(tmp_path / "out"), *TINY])
    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""  # nothing trained, nothing printed
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(ERROR)
    assert message in lines[0]
    assert not (tmp_path / "out" / "importances.csv").exists()


def test_bad_option_values_are_usage_errors(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["rank", "data.csv", "-t", "y", "--n-estimators", "0"])
    assert exc.value.code == 2
    assert "expected a positive integer" in capsys.readouterr().err


# ----------------------------------------------------------- other commands
def test_demo_help(tmp_path):
    proc = run_cli("demo", "--help", cwd=tmp_path)
    assert proc.returncode == 0
    assert proc.stdout.startswith("usage: skdfs demo")
    assert "--n-estimators" in proc.stdout


def test_rank_help_lists_the_options(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["rank", "--help"])
    assert exc.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    for option in ["--target", "--task", "--threshold", "--out", "--levels"]:
        assert option in text
    # every selector parameter that changes a ranking is reachable
    for option in [
        "--importance",
        "--gate",
        "--hidden-layer-sizes",
        "--lr",
        "--input-basis",
    ]:
        assert option in text
    assert "'none' for gated linear members" in text


def test_console_script_points_at_main():
    (script,) = [
        ep for ep in entry_points(group="console_scripts") if ep.name == "skdfs"
    ]
    assert script.value == "skdfs.cli:main"


# ------------------------------------------------- raw tables (issue 15)
def _truth():
    path = DATA / "make_tables.py"
    spec = importlib.util.spec_from_file_location("make_tables", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TRUTH


TRUTH = _truth()
#: The columns each table must be ranked on (identifiers, free text left out).
KEPT = {
    "penguins_like.csv": [
        "island",
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
        "sex",
        "year",
    ],
    "mortgage_like.csv": [
        "dir",
        "hir",
        "lvrat",
        "ccs",
        "unemp",
        "self",
        "single",
        "black",
    ],
    "diamonds_like.csv": ["carat", "cut", "color", "clarity", "depth", "table"],
    "weather_like.csv": ["date", "precipitation", "temp_max", "temp_min", "wind"],
    "cars_like.csv": [
        "cylinders",
        "displacement",
        "horsepower",
        "weight",
        "acceleration",
        "model_year",
        "origin",
    ],
    "clinic_like.csv": [
        "visit",
        "age",
        "dose",
        "crp",
        "income",
        "hba1c",
        "ward",
        "weight_kg",
        "weight_kg_again",
    ],
}
NOTES = {
    "penguins_like.csv": [],
    "mortgage_like.csv": ["left out 'id': distinct whole numbers, one per row"],
    "diamonds_like.csv": ["target 'price' holds", "treated as a quantity (regression)"],
    "weather_like.csv": ["read 'date' as dates: used as time, month, weekday"],
    "cars_like.csv": [
        "dropped 9 of 400 rows with no value in the target 'mpg'",
        "read 'horsepower' as numbers; 8 entries ('?') read as missing",
        "left out 'name': 391 distinct values in 391 rows looks like an identifier",
        "left out 'comment': 391 distinct values in 391 rows looks like free text",
    ],
    "clinic_like.csv": [
        "left out 'patient_id': 400 distinct values in 400 rows looks like an",
        "'age': 13 values of -999 read as missing (codes for missing: the other "
        "values lie between 20 and 85); --keep-codes keeps them",
        "read 'dose' as numbers (in 'mg': '20 mg' is 20)",
        "read 'crp' as numbers (',' as the decimal mark: '4,73' is 4.73)",
        "read 'income' as numbers ($ dropped; ',' as the thousands separator: "
        "'$44,167.58' is 44167.58)",
        "read 'hba1c' as numbers ('%' dropped: '6.1%' is 6.1)",
        "'ward': spaces around values dropped (5 distinct values became 4 levels)",
        "'ward': levels that differ only in case are kept apart ('North', 'north')",
        "1 column repeats another in every row (weight_kg_again = weight_kg)",
    ],
}


@pytest.mark.parametrize("table", list(TRUTH))
def test_rank_raw_tables_with_no_flag(table, tmp_path, capsys):
    """`skdfs rank FILE -t TARGET` on raw look-alike tables: one row per
    original column, a note per decision, the columns that drive the target
    on top."""
    target, truth = TRUTH[table]
    args = ["rank", str(DATA / table), "-t", target, "-o", str(tmp_path)]
    args += ["--no-plot", "--quiet", "--n-estimators", "8", "--seed", "0"]
    assert main(args) == 0
    captured = capsys.readouterr()
    for note in NOTES[table]:
        assert note in captured.err
    ranking = read_importances(tmp_path)
    assert sorted(ranking["feature"]) == sorted(KEPT[table])
    assert set(ranking["feature"][: len(truth)]) == truth, ranking
    lines = captured.out.splitlines()
    header = lines.index(next(li for li in lines if li.startswith("rank  feature")))
    printed = [li.split()[1] for li in lines[header + 1 : header + 1 + len(ranking)]]
    assert printed == ranking["feature"].tolist()


@pytest.mark.parametrize(
    "names, note",
    [
        (["a", "a (missing)", "b"], "(3 network inputs: 1 missing-value indicator;"),
        (
            ["a", "a (missing)", "b (missing)", "c=x", "c=y"],
            "(5 network inputs: 2 text levels, 2 missing-value indicators;",
        ),
        (["c=x", "d"], "(2 network inputs: 1 text level;"),
    ],
)
def test_encoded_note_counts_inputs_in_words(names, note):
    from types import SimpleNamespace

    from skdfs.report import encoded_note

    assert encoded_note(SimpleNamespace(level_names_=np.array(names))).startswith(
        f" {note}"
    )


def test_auto_top_shows_a_wide_table_head_and_every_selected_row():
    from skdfs.report import TABLE_ROWS, format_ranking

    d = TABLE_ROWS + 30
    names = [f"f{j}" for j in range(d)]
    importances = np.linspace(1.0, 0.1, d)
    selected = np.zeros(d, dtype=bool)
    selected[[0, d - 1]] = True  # the last-ranked one is selected too
    table = format_ranking(names, importances, importances, selected, top="auto")
    lines = table.splitlines()
    assert [li.split()[1] for li in lines[1:-1]] == names[:TABLE_ROWS] + [names[-1]]
    assert lines[-1] == f"({d - TABLE_ROWS - 1} more not shown)"
    # up to TABLE_ROWS rows every one is shown; an explicit top is exact
    short = format_ranking(names[:5], importances[:5], importances[:5], selected[:5])
    assert (
        format_ranking(
            names[:5], importances[:5], importances[:5], selected[:5], top="auto"
        )
        == short
    )
    top2 = format_ranking(names, importances, importances, selected, top=2)
    hidden = f"({d - 2} more not shown, 1 of them selected)"
    assert top2.splitlines()[1:] == lines[1:3] + [hidden]
    # Every column selected (a fit that learned nothing, on a wide table):
    # the first TABLE_ROWS selected rows, not all of them, so the warning
    # above the table stays in sight.
    every = format_ranking(
        names, importances, importances, np.ones(d, bool), top="auto"
    )
    assert len(every.splitlines()) == TABLE_ROWS + 2
    assert every.splitlines()[-1] == f"({d - TABLE_ROWS} more not shown, all selected)"
    for bad, error in [("all", TypeError), (2.5, TypeError), (0, ValueError)]:
        with pytest.raises(error, match="top must be"):
            format_ranking(names, importances, importances, selected, top=bad)


def test_levels_lists_levels_and_missing_indicators(tmp_path, capsys):
    args = ["rank", str(DATA / "penguins_like.csv"), "-t", "species"]
    args += ["-o", str(tmp_path), "--no-plot", "--levels", *TINY]
    assert main(args) == 0
    out = capsys.readouterr().out
    for level in ["island=Dream", "bill_length_mm (missing)", "sex=MALE"]:
        assert level in out
    assert "sex=FEMALE" not in out  # a two-level column is one indicator
    levels = pd.read_csv(tmp_path / "levels.csv")
    table = read_importances(tmp_path).set_index("feature")["importance"]
    # the levels of a column share out its importance
    summed = levels.groupby("column")["importance"].sum()
    np.testing.assert_allclose(summed[table.index], table, rtol=1e-9)


def test_every_problem_is_reported_at_once(data_dir, tmp_path, capsys):
    args = ["rank", str(data_dir / "numeric.csv"), "-t", "nope", "--drop", "gone"]
    args += ["--threshold", "max", "--out", str(tmp_path / "out"), *TINY]
    assert main(args) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == ERROR + "3 problems:"
    assert "target column 'nope' not found" in err[1]
    assert "--drop column 'gone' not found" in err[2]
    assert "threshold 'max' is not" in err[3]


def test_linear_members_and_importance_are_reachable(data_dir, tmp_path, capsys):
    args = ["rank", str(data_dir / "numeric.csv"), "-t", "y", "-o", str(tmp_path)]
    args += ["--no-plot", "-q", "--n-estimators", "4", "--max-epochs", "30"]
    args += ["--hidden-layer-sizes", "none", "--importance", "permutation"]
    assert main(args) == 0
    ranking = read_importances(tmp_path).set_index("feature")["importance"]
    assert ranking[["x0", "x1"]].sum() > 0.9  # y = [x0 + x1 > 0]


def test_integer_target_with_few_values_stays_classification(tmp_path, capsys):
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((200, 3)), columns=["a", "b", "c"])
    frame["grade"] = np.digitize(frame["a"], [-1, 0, 1])  # 4 integer classes
    frame.to_csv(tmp_path / "grades.csv", index=False)
    args = ["rank", str(tmp_path / "grades.csv"), "-t", "grade", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", "-q", *TINY]) == 0
    captured = capsys.readouterr()
    assert "task: classification" in captured.out
    assert "treated as a quantity" not in captured.err


def test_internal_errors_keep_their_traceback(data_dir, tmp_path, monkeypatch):
    """Only input problems become one-line errors: a bug shows its traceback."""
    from skdfs import DeepFeatureSelector

    def broken(self, *args, **kwargs):
        raise ValueError("an internal bug")

    monkeypatch.setattr(DeepFeatureSelector, "fit", broken)
    args = ["rank", str(data_dir / "numeric.csv"), "-t", "y", "-o", str(tmp_path)]
    with pytest.raises(ValueError, match="an internal bug"):
        main([*args, *TINY])


def test_demo_runs_and_ranks_the_noise_probes_low(capsys):
    args = ["demo", "--n-estimators", "4", "--max-epochs", "15", "-q"]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    header = next(i for i, line in enumerate(out) if line.startswith("rank  feature"))
    rows = [line.split() for line in out[header + 1 : header + 41]]
    assert len(rows) == 40
    probe_ranks = [int(r[0]) for r in rows if r[-1] == "probe"]
    real_ranks = [int(r[0]) for r in rows if r[-1] != "probe"]
    assert len(probe_ranks) == 10
    # 30 real columns, most of them informative: the probes sit far lower
    assert np.mean(probe_ranks) > np.mean(real_ranks) + 10
    # The closing line agrees in number with the count of kept probes.
    last = next(line for line in out if line.startswith("Selected "))
    kept = int(last.split("; ")[1].split()[0])
    assert last.endswith("is a noise probe." if kept == 1 else "are noise probes.")


def test_comment_lines_above_the_header_are_skipped(tmp_path, capsys):
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((60, 3)), columns=["a", "b", "c"])
    frame["y"] = (frame["a"] > 0).astype(int)
    path = tmp_path / "noted.csv"
    path.write_text("# Data source: somewhere\n" + frame.to_csv(index=False))
    args = ["rank", str(path), "-t", "y", "-o", str(tmp_path), "--no-plot", *TINY]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "skipped 1 comment line(s) starting with '#'" in captured.err
    assert sorted(read_importances(tmp_path)["feature"]) == ["a", "b", "c"]


def test_column_names_that_differ_in_spaces_or_case_are_found(tmp_path, capsys):
    # A spreadsheet header with a trailing space ("Outcome "): before, -t
    # Outcome failed with a list of names where the space did not show.
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((60, 3)), columns=["a", "B ", "c"])
    frame["Outcome "] = (frame["a"] > 0).astype(int)
    path = tmp_path / "sheet.csv"
    frame.to_csv(path, index=False)
    args = ["rank", str(path), "-t", "outcome", "--drop", "b", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", *TINY]) == 0
    err = capsys.readouterr().err
    assert "target column 'outcome' is 'Outcome ' in sheet.csv" in err
    assert "--drop column 'b' is 'B ' in sheet.csv" in err
    assert sorted(read_importances(tmp_path)["feature"]) == ["a", "c"]
    # two names that match alike are not guessed between
    frame["outcome"] = frame["Outcome "]
    frame.to_csv(path, index=False)
    assert main([*args[:2], "-t", "OUTCOME", "--no-plot", *TINY]) == 2
    assert "target column 'OUTCOME' not found" in capsys.readouterr().err


def test_a_title_above_the_column_names_is_skipped(tmp_path, capsys):
    # A report's export: a title, a date line and an empty line of commas
    # above the column names. Before: "target column 'y' not found; its
    # columns are: Quarterly export, Unnamed: 1, ...".
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((60, 3)), columns=["a", "b", "c"])
    frame["y"] = (frame["a"] > 0).astype(int)
    title = "Quarterly export,,,\nGenerated 2021-03-04,,,\n,,,\n"
    (tmp_path / "report.csv").write_text(title + frame.to_csv(index=False))
    args = ["rank", str(tmp_path / "report.csv"), "-t", "y", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", *TINY]) == 0
    err = capsys.readouterr().err
    assert "the 3 rows above them ('Quarterly export', ...) look like a title" in err
    assert sorted(read_importances(tmp_path)["feature"]) == ["a", "b", "c"]
    # a column name that is nowhere is still an error
    assert main([*args[:3], "nope", "--no-plot", *TINY]) == 2
    assert "target column 'nope' not found" in capsys.readouterr().err


def test_a_windows_encoded_export_is_read(tmp_path, capsys):
    # Excel on Windows writes CSV in cp1252: "Größe" is not UTF-8. Before:
    # "cannot read ... 'utf-8' codec can't decode byte 0xf6".
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"Größe": rng.standard_normal(60), "b": rng.rand(60)})
    frame["Klasse"] = np.where(frame["Größe"] > 0, "groß", "klein")
    frame.to_csv(tmp_path / "de.csv", index=False, sep=";", encoding="cp1252")
    args = ["rank", str(tmp_path / "de.csv"), "-t", "Klasse", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", *TINY]) == 0
    assert "read de.csv as cp1252 text: it is not UTF-8" in capsys.readouterr().err
    assert sorted(read_importances(tmp_path)["feature"]) == ["Größe", "b"]


def test_pasted_exports_totals_and_repeated_names_are_handled(tmp_path, capsys):
    # Two exports pasted together (the header again mid-file), a totals row
    # at the end, and two columns named 'value'. Before: the target was read
    # as 577 classes and refused, and the totals row corrupted the target.
    rng = np.random.RandomState(0)
    a, b = rng.standard_normal(120), rng.standard_normal(120)
    y = 2 * a + rng.normal(0, 0.1, 120)
    rows = [f"{x:.3f},{z:.3f},{z + 1:.3f},{t:.3f}" for x, z, t in zip(a, b, y)]
    header = "a,value,value,target"
    text = "\n".join([header, *rows[:60], header, *rows[60:], "Total,,,99.0"])
    (tmp_path / "pasted.csv").write_text(text + "\n")
    args = ["rank", str(tmp_path / "pasted.csv"), "-t", "target", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", *TINY]) == 0
    captured = capsys.readouterr()
    err = captured.err
    assert "dropped 1 row(s) that repeat the column names (line 62" in err
    assert "dropped 1 totals row(s) at the end ('Total')" in err
    assert "2 columns are named 'value': read as 'value', 'value.1'" in err
    assert "target 'target'; task: regression" in captured.out
    table = read_importances(tmp_path)
    assert sorted(table["feature"]) == ["a", "value", "value.1"]
    assert table.sort_values("importance")["feature"].iloc[-1] == "a"
    # a last row whose text merely starts with "Total" is data
    from skdfs._files import tidy_rows

    frame = pd.DataFrame(
        {"op": ["knee", "hip", "Total knee replacement"], "n": [1, 2, 3]}
    )
    kept, notes = tidy_rows(pd.concat([frame] * 2, ignore_index=True))
    assert len(kept) == 6 and notes == []


def test_target_classes_that_differ_only_in_case_are_merged(tmp_path, capsys):
    # A survey's answer typed as Yes/yes/YES/No/no: before, 5 classes.
    rng = np.random.RandomState(0)
    a = rng.standard_normal(200)
    spellings = np.where(a > 0, rng.choice(["Yes", "yes", "YES"], 200), "No")
    spellings[::7] = np.where(a[::7] > 0, "Yes", "no")
    frame = pd.DataFrame({"a": a, "b": rng.standard_normal(200), "y": spellings})
    frame.to_csv(tmp_path / "survey.csv", index=False)
    args = ["rank", str(tmp_path / "survey.csv"), "-t", "y", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", *TINY]) == 0
    captured = capsys.readouterr()
    assert "classes that differ only in case merged ('No', 'no' as 'No'; " in (
        captured.err
    )
    assert "task: classification (2 classes)" in captured.out


def test_a_semicolon_table_is_read_with_its_separator(tmp_path, capsys):
    """A spreadsheet's export where the decimal mark is a comma: ';' between
    fields, '1,5' in them. Without --sep it is read again with ';' and says
    so; a wrong --sep names the separator in the error."""
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((60, 2)), columns=["a", "b"])
    frame["y"] = (frame["a"] > 0).astype(int)
    text = frame.to_csv(index=False, sep=";", decimal=",")
    (tmp_path / "euro.csv").write_text(text)
    args = ["rank", str(tmp_path / "euro.csv"), "-t", "y", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", *TINY]) == 0
    err = capsys.readouterr().err
    assert "read euro.csv with ';' as the field separator (3 columns" in err
    assert sorted(read_importances(tmp_path)["feature"]) == ["a", "b"]
    assert main([*args, "--sep", ",", "--no-plot", *TINY]) == 2
    assert "(read as one column: try --sep ';')" in capsys.readouterr().err
    # a .tsv file is read with tabs, with no note
    (tmp_path / "tabs.tsv").write_text(frame.to_csv(index=False, sep="\t"))
    args[1] = str(tmp_path / "tabs.tsv")
    assert main([*args, "--no-plot", *TINY]) == 0
    assert "separator" not in capsys.readouterr().err


def test_a_workbook_is_read_from_its_first_sheet(tmp_path, capsys):
    pytest.importorskip("openpyxl")
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((60, 2)), columns=["a", "b"])
    frame["y"] = np.where(frame["a"] > 0, "yes", "no")
    with pd.ExcelWriter(tmp_path / "book.xlsx") as writer:
        frame.to_excel(writer, sheet_name="data", index=False)
        frame.head(3).to_excel(writer, sheet_name="notes", index=False)
    args = ["rank", str(tmp_path / "book.xlsx"), "-t", "y", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", *TINY]) == 0
    err = capsys.readouterr().err
    assert "read the first of 2 sheets of book.xlsx ('data')" in err
    assert sorted(read_importances(tmp_path)["feature"]) == ["a", "b"]
    # a file that is no workbook: a clear error, no traceback
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    args[1] = str(tmp_path / "broken.xlsx")
    assert main([*args, "--no-plot", *TINY]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_categorical_option_reads_integer_codes_as_levels(tmp_path, capsys):
    rng = np.random.RandomState(0)
    frame = pd.DataFrame({"code": rng.randint(1, 4, 200), "x": rng.randn(200)})
    frame["y"] = (frame["code"] == 2).astype(int)  # not monotone in the code
    frame.to_csv(tmp_path / "codes.csv", index=False)
    args = ["rank", str(tmp_path / "codes.csv"), "-t", "y", "-o", str(tmp_path)]
    args += ["--categorical", "code", "--no-plot", "--levels", *TINY]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "category, 3 levels" in out
    assert {"code=1", "code=2", "code=3"} <= set(
        pd.read_csv(tmp_path / "levels.csv")["level"]
    )


def test_probe_mode_reports_the_selectors_ranks(tmp_path, capsys):
    """The rank column is the selector's ranking_ (1 confirmed, 2 tentative),
    not a recount by importance (issue 13, bug 8)."""
    args = ["rank", str(DATA / "penguins_like.csv"), "-t", "species"]
    args += ["--threshold", "probe", "-o", str(tmp_path), "--no-plot", "-q"]
    args += ["--n-estimators", "16", "--seed", "0"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "confirmed by the probe test" in out
    assert "inputs (probes included);" in out  # the squares' count has probes
    table = read_importances(tmp_path).set_index("feature")
    assert table.loc["island", "rank"] == 1 and table.loc["island", "selected"]
    assert set(table["rank"][table["selected"]]) == {1}
    for line in out.splitlines():
        if "tentative;" in line:
            assert line.split()[0] == "2"
    # the test's adjusted p-values, printed and written; confirmed below alpha
    assert "  p adj.  selected" in out and "adjusted (Benjamini-Hochberg)" in out
    assert (table["p_adjusted"][table["selected"]] < 0.05).all()
    assert table["kept"].isna().all()


def test_path_selection_from_the_command_line(tmp_path, capsys):
    """``--threshold path`` reaches the selector's gate path and says so."""
    args = ["rank", str(DATA / "penguins_like.csv"), "-t", "species"]
    args += ["--threshold", "path", "-o", str(tmp_path), "--no-plot", "-q"]
    args += ["--n-estimators", "8", "--seed", "0"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "kept along the gate path" in out
    table = read_importances(tmp_path).set_index("feature")
    assert table.loc["island", "selected"]
    assert 1 <= table["selected"].sum() < len(table)


@pytest.mark.parametrize(
    "extra, said, n_selected",
    [
        ([], "kept along the gate path by at least 25% of the members)", None),
        (["--max-features", "2"], "(the 2 best)", 2),
        (["--threshold", "mean"], ", the mean importance)", None),
        (["--threshold", "1.5*median"], ", 1.5*median)", None),
    ],
)
def test_the_summary_names_the_rule_that_selected(
    tmp_path, capsys, extra, said, n_selected
):
    """The default ("auto") is the gate path, said so; with a count it is the
    count alone; an explicit rule is named."""
    args = ["rank", str(DATA / "penguins_like.csv"), "-t", "species"]
    args += ["-o", str(tmp_path), "--no-plot", "-q", "--n-estimators", "4"]
    args += ["--seed", "0", "--max-epochs", "3", *extra]
    assert main(args) == 0
    summary = [
        x for x in capsys.readouterr().out.splitlines() if x.startswith("Selected")
    ]
    assert len(summary) == 1 and said in summary[0]
    if n_selected is not None:
        assert read_importances(tmp_path)["selected"].sum() == n_selected


def test_group_correlated_ranks_correlated_sets_as_units(tmp_path, capsys):
    """``--group-correlated R``: numeric columns correlated at |r| >= R are
    one unit (one gate), named after their first column; a text column and
    uncorrelated columns stay their own units; sets.csv lists the columns."""
    rng = np.random.RandomState(0)
    a, b = rng.randn(2, 300)
    frame = pd.DataFrame(
        {
            "a1": a,
            "b1": b,
            "a2": a + 0.1 * rng.randn(300),
            "a3": -a + 0.1 * rng.randn(300),
            "noise": rng.randn(300),
            "b2": b + 0.1 * rng.randn(300),
            "colour": rng.choice(["red", "green"], 300),
        }
    )
    frame["y"] = (a + 0.5 * b > 0).astype(int)
    frame.to_csv(tmp_path / "corr.csv", index=False)
    args = ["rank", str(tmp_path / "corr.csv"), "-t", "y", "-o", str(tmp_path)]
    args += ["--group-correlated", "0.9", "--no-plot", *TINY]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "--group-correlated 0.9: 5 of 6 numeric columns form 2 sets" in captured.err
    assert "of 4 units" in captured.out
    assert "7 feature columns in 4 units" in captured.out
    sets = pd.read_csv(tmp_path / "sets.csv")
    members = sets.groupby("group")["column"].apply(sorted).to_dict()
    assert members == {
        "a1 (+2 correlated)": ["a1", "a2", "a3"],
        "b1 (+1 correlated)": ["b1", "b2"],
        "noise": ["noise"],
        "colour": ["colour"],
    }
    table = read_importances(tmp_path)
    assert sorted(table["feature"]) == sorted(members)
    # No two columns that strongly correlated: a note, and columns as before.
    args[args.index("0.9")] = "0.999"
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "no two numeric columns are that strongly correlated" in captured.err
    assert "of 7 columns" in captured.out


def test_skewed_columns_get_a_note_and_log_skewed_logs_them(tmp_path, capsys):
    """Non-negative, right-skewed numeric columns are named in a note with
    the option; ``--log-skewed`` ranks log(1 + x) of those columns only."""
    rng = np.random.RandomState(0)
    dose = rng.lognormal(1.0, 1.0, 300)
    frame = pd.DataFrame(
        {
            "dose": dose,
            "age": rng.normal(50, 10, 300),
            "flag": (rng.rand(300) < 0.03).astype(int),
            "temp": -rng.lognormal(0, 1, 300),  # skewed, but negative
        }
    )
    frame["y"] = (np.log(dose) > 1).astype(int)
    frame.to_csv(tmp_path / "skew.csv", index=False)
    before = frame.copy()
    args = ["rank", str(tmp_path / "skew.csv"), "-t", "y", "-o", str(tmp_path)]
    args += ["--no-plot", *TINY]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "1 of the numeric columns is non-negative and clearly" in err
    assert "right-skewed (dose)" in err and "--log-skewed" in err
    assert main([*args, "--log-skewed"]) == 0
    err = capsys.readouterr().err
    assert "--log-skewed: log(1 + x) of 1 skewed column (dose)" in err
    assert sorted(read_importances(tmp_path)["feature"]) == [
        "age",
        "dose",
        "flag",
        "temp",
    ]
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "skew.csv"), before)


def test_a_skewed_regression_target_gets_a_note_and_log_skewed_logs_it(
    tmp_path, capsys
):
    # A viral load: below its limit ("<50") in most rows, exponential above.
    # Before, the target was refused as 43 classes; read as numbers, its few
    # large values dominate the squared error unless it is logged.
    rng = np.random.RandomState(1)
    a, b = rng.standard_normal(300), rng.standard_normal(300)
    load = np.exp(3 + 1.5 * a + rng.normal(0, 0.3, 300))
    cells = np.where(load < 50, "<50", np.round(load).astype(int).astype(str))
    pd.DataFrame({"a": a, "b": b, "load": cells}).to_csv(tmp_path / "vl.csv")
    args = ["rank", str(tmp_path / "vl.csv"), "-t", "load", "--drop", "Unnamed: 0"]
    args += ["-o", str(tmp_path), "--no-plot", *TINY]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "beyond a limit ('<50') read as the limit" in err
    assert "the target 'load' is non-negative and clearly right-skewed" in err
    assert main([*args, "--log-skewed"]) == 0
    err = capsys.readouterr().err
    assert "--log-skewed: ranked against log(1 + y) of the target 'load'" in err
    # a classification target is never logged
    pd.DataFrame({"a": a, "y": (a > 0).astype(int)}).to_csv(tmp_path / "c.csv")
    args[1] = str(tmp_path / "c.csv")
    args[3] = "y"
    assert main([*args, "--log-skewed"]) == 0
    assert "of the target" not in capsys.readouterr().err


def test_a_skewed_numeric_target_read_as_numbers_gets_the_note(tmp_path, capsys):
    # A plain float column (the task left for the selector to infer) was
    # never checked: a trial's price target got no note and --log-skewed
    # did nothing to it.
    rng = np.random.RandomState(2)
    a, b = rng.standard_normal(300), rng.standard_normal(300)
    price = 1000 * np.exp(0.8 * a + rng.normal(0, 0.5, 300))
    pd.DataFrame({"a": a, "b": b, "price": price}).to_csv(
        tmp_path / "p.csv", index=False
    )
    args = ["rank", str(tmp_path / "p.csv"), "-t", "price", "-o", str(tmp_path)]
    args += ["--no-plot", *TINY]
    assert main(args) == 0
    assert "the target 'price' is non-negative and clearly right-skewed" in (
        capsys.readouterr().err
    )
    assert main([*args, "--log-skewed"]) == 0
    err = capsys.readouterr().err
    assert "--log-skewed: ranked against log(1 + y) of the target 'price'" in err


def test_codes_in_the_target_are_missing_and_zeros_qualify_the_log_note(
    tmp_path, capsys
):
    # A trial's sensor target held 9999 / -9999 in 20 rows, which ruled the
    # loss; and a claims target with 46% zeros lost drivers when logged.
    rng = np.random.RandomState(3)
    a, b = rng.standard_normal(400), rng.standard_normal(400)
    temp = a + 0.5 * rng.standard_normal(400)
    temp[:4], temp[4:8] = 9999, -9999
    claim = np.where(rng.rand(400) < 0.5, 0.0, np.exp(2 + a))
    frame = pd.DataFrame({"a": a, "b": b, "temp": temp, "claim": claim})
    frame.to_csv(tmp_path / "t.csv", index=False)
    base = ["rank", str(tmp_path / "t.csv"), "-o", str(tmp_path), "--no-plot", *TINY]
    assert main([*base, "-t", "temp", "--drop", "claim"]) == 0
    err = capsys.readouterr().err
    assert "target 'temp': 4 values of -9999 and 4 values of 9999 read as" in err
    assert "dropped 8 of 400 rows with no value in the target 'temp'" in err
    assert main([*base, "-t", "temp", "--drop", "claim", "--keep-codes"]) == 0
    assert "read as missing" not in capsys.readouterr().err
    assert main([*base, "-t", "claim", "--drop", "temp"]) == 0
    err = capsys.readouterr().err
    assert "of its values are 0, which the logarithm" in err


def test_text_columns_with_many_levels_get_a_note(tmp_path, capsys):
    """A text column with more than --max-onehot-levels levels is named in a
    note before training and marked in the table; below the limit, no note."""
    rng = np.random.RandomState(0)
    n = 300
    store = rng.randint(0, 40, n)
    effect = rng.normal(0, 2, 40)
    frame = pd.DataFrame(
        {
            "store": [f"S{k:02d}" for k in store],
            "colour": rng.choice(["red", "blue"], n),
            "x": rng.normal(size=n),
        }
    )
    frame["y"] = (effect[store] + frame.x > 0).astype(int)
    frame.to_csv(tmp_path / "stores.csv", index=False)
    args = ["rank", str(tmp_path / "stores.csv"), "-t", "y", "-o", str(tmp_path)]
    args += ["--no-plot", *TINY]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "1 text column with more than 16 levels (store: 40)" in captured.err
    assert "--max-onehot-levels N" in captured.err
    assert "text, 40 levels, target-encoded" in captured.out
    assert main([*args, "--max-onehot-levels", "40"]) == 0
    captured = capsys.readouterr()
    assert "more than" not in captured.err
    assert "target-encoded" not in captured.out


class _PathSelection:
    """What the legend reads of a selector whose gate path selected."""

    member_masks_ = None
    selection_rule_ = "path"
    max_features_ = None

    def __init__(self, support, ranking):
        self._support, self.ranking_ = np.asarray(support), np.asarray(ranking)

    def get_support(self):
        return self._support


def test_the_legend_says_when_the_selection_is_not_a_cut_of_the_ranking():
    from skdfs.report import legend_note

    cut = legend_note(_PathSelection([True, True, False, False], [1, 2, 3, 4]))
    assert "rank: by importance" in cut and "not a cut" not in cut
    assert cut.endswith(
        "kept: share of the used members that keep the column along the gate "
        "path; selected where at least 25% do."
    )
    vote = legend_note(_PathSelection([True, False, False, True], [1, 2, 3, 4]))
    assert vote.endswith("selected where at least 25% do, not a cut of the rank order.")


def test_the_kept_column_is_the_paths_vote(tmp_path, capsys):
    """Where the gate path's vote selects, the table and importances.csv show
    each column's share of members keeping it: selected from 25% on. With
    another rule the column is empty and not printed."""
    args = ["rank", str(DATA / "penguins_like.csv"), "-t", "species", "-o"]
    args += [str(tmp_path), "--no-plot", "-q", "--n-estimators", "8", "--seed", "0"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "  kept  selected" in out.splitlines()[0]
    table = read_importances(tmp_path)
    assert table["kept"].between(0, 1).all()
    assert (table["selected"] == (table["kept"] >= 0.25)).all()
    assert table["selected"].any() and not table["selected"].all()
    assert main([*args, "--threshold", "mean"]) == 0
    assert "kept" not in capsys.readouterr().out
    assert read_importances(tmp_path)["kept"].isna().all()
    assert read_importances(tmp_path)["p_adjusted"].isna().all()


def test_a_weak_fit_says_so_beside_its_selection(tmp_path, capsys):
    """Where the members barely beat a constant predictor, the selection's
    line points at the warning: a selection of every column must not read as
    a finding."""
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((300, 6)), columns=list("abcdef"))
    frame["y"] = rng.randint(0, 2, 300)  # no signal
    frame.to_csv(tmp_path / "noise.csv", index=False)
    args = ["rank", str(tmp_path / "noise.csv"), "-t", "y", "-o", str(tmp_path)]
    assert main([*args, "--no-plot", "-q", "--n-estimators", "8"]) == 0
    captured = capsys.readouterr()
    assert "skdfs: warning: " in captured.err
    assert "Weakly determined: see the warning above." in captured.out
    args[1] = str(DATA / "penguins_like.csv")
    args[3] = "species"
    assert main([*args, "--no-plot", "-q", "--n-estimators", "8"]) == 0
    assert "Weakly determined" not in capsys.readouterr().out


def test_yes_no_columns_make_a_multilabel_target(tmp_path, capsys):
    """A multilabel target written as yes/no (or positive/negative) is read as 0/1,
    with a note saying which word is 1; other text is still refused."""
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((120, 3)), columns=["a", "b", "c"])
    frame["asthma"] = (frame["a"] > 0).astype(int)
    frame["eczema"] = np.where(frame["b"] > 0, "Yes", "no")
    frame["rash"] = np.where(frame["c"] > 0, "positive", "Negative")
    frame["colour"] = np.where(frame["c"] > 0, "red", "blue")
    frame.to_csv(tmp_path / "labels.csv", index=False)
    args = ["rank", str(tmp_path / "labels.csv"), "-o", str(tmp_path), *TINY]
    args += ["--no-plot", "-q", "-t", "asthma", "-t", "eczema", "-t", "rash"]
    assert main([*args, "--drop", "colour"]) == 0
    captured = capsys.readouterr()
    assert "read target 'eczema' as 0/1 (yes = 1)" in captured.err
    assert "read target 'rash' as 0/1 (positive = 1)" in captured.err
    assert "task: multilabel" in captured.out
    assert main([*args, "-t", "colour"]) == 2
    assert "hold 0/1 (or yes/no), but 'colour' holds" in capsys.readouterr().err


def test_warnings_name_the_command_s_flags_and_max_steps_sets_the_budget(
    tmp_path, capsys
):
    """A low-signal warning's remedies are printed as flags, not as the
    selector's Python parameters, and ``--max-steps`` (the remedy it names)
    is an option: with early stopping off, the members take that many steps,
    rounded up to whole epochs."""
    rng = np.random.RandomState(0)
    frame = pd.DataFrame(rng.standard_normal((120, 4)), columns=list("abcd"))
    frame["y"] = rng.randint(0, 2, 120)  # a target nothing predicts
    path = tmp_path / "noise.csv"
    frame.to_csv(path, index=False)
    args = ["rank", str(path), "-t", "y", "-o", str(tmp_path), "--no-plot"]
    args += ["--n-estimators", "8", "--max-steps", "40", "--patience", "none"]
    assert main(args) == 0
    captured = capsys.readouterr()
    err = captured.err
    assert "skdfs: warning:" in err
    assert "--max-steps" in err and "--hidden-layer-sizes none" in err
    for python_spelling in ("max_steps", "hidden_layer_sizes", "importance="):
        assert python_spelling not in err
    steps = int(re.search(r"; (\d+) steps \(", captured.out).group(1))
    assert 40 <= steps < 50  # whole epochs of 3 steps (the default: 500)


def test_command_line_spelling_of_every_low_signal_remedy():
    from skdfs._parser import command_line_spelling
    from skdfs.selection import low_signal_message

    rng = np.random.RandomState(0)
    X = np.repeat(rng.standard_normal((300, 5)), 4, axis=1)
    X += 0.1 * rng.standard_normal(X.shape)  # five sets of four near-copies
    disagree = np.eye(20)[[0, 5, 10, 15, 1, 6]] + 0.01
    agree = [[0.9, 0.1], [0.8, 0.2]]
    messages = [
        low_signal_message([0.69] * 2, [0.69] * 2, agree, member_features=0.5),
        low_signal_message([0.3] * 6, [0.69] * 6, disagree, X),
        low_signal_message([0.3] * 2, [0.69] * 2, agree, flat=(3, 10)),
    ]
    spelled = [command_line_spelling(m) for m in messages]
    assert "try --member-features closer to 1" in spelled[0]
    assert "one unit with --group-correlated 0.9, or try" in spelled[1]
    assert "select with --threshold probe" in spelled[2]
    assert "read the ranking (the importance column)" in spelled[2]
    for text in spelled:
        assert "(--hidden-layer-sizes none --input-basis linear)" in text
        assert "=" not in text.replace(">=", "")  # no Python assignment left
    # Prose that names a parameter's word is left alone.
    prose = "the threshold is the importance of the weakest kept column"
    assert command_line_spelling(prose) == prose


def test_an_unselected_near_copy_of_a_selected_column_is_named(tmp_path, capsys):
    rng = np.random.RandomState(0)
    n = 300
    columns = ["ki67", "b", "c", "d", "e", "f"]
    frame = pd.DataFrame(rng.standard_normal((n, 6)), columns=columns)
    # a repeat measurement, noisier than the first (r = 0.96)
    frame["ki67_repeat"] = frame["ki67"] + 0.3 * rng.standard_normal(n)
    signal = frame["ki67"] + frame["b"] + 0.5 * rng.standard_normal(n)
    frame["y"] = (signal > 0).astype(int)
    path = tmp_path / "copies.csv"
    frame.to_csv(path, index=False)
    args = ["rank", str(path), "-t", "y", "-o", str(tmp_path), "--no-plot"]
    assert main(args) == 0
    err = capsys.readouterr().err
    selected = set(read_importances(tmp_path).query("selected")["feature"])
    assert selected == {"ki67", "b"}
    assert "near-copy of a selected column: 'ki67_repeat' (r = 0.96 with 'ki67')" in err
    # Grouped on request, the pair is one unit and there is no such note.
    assert main([*args, "--group-correlated", "0.9"]) == 0
    assert "near-copy" not in capsys.readouterr().err


def test_make_demo_installs_what_skdfs_rank_reads_tables_with():
    """The README's first command (``make demo``) must install pandas, which
    ``skdfs rank my_table.csv`` needs: the test set-up installs it anyway, so
    only this check sees the demo's own extras."""
    import re
    from pathlib import Path

    import tomllib

    root = Path(__file__).resolve().parents[1]
    makefile = (root / "Makefile").read_text()
    rule = makefile.split("$(VENV)/.installed:", 1)[1].split("\n\n", 1)[0]
    extras = re.search(r'-e "\.\[([^\]]*)\]"', rule).group(1).split(",")
    optional = tomllib.loads((root / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]
    installed = [req for extra in extras for req in optional[extra]]
    assert any(req.startswith("pandas") for req in installed), extras


def test_training_line_does_not_count_members_that_lost_as_winners():
    """Where no member beat the constant the selector ranks with all of them
    (``members_used_`` all True, with a ``NoLearningWarning``): the summary
    must not then say that every member beat a constant predictor."""
    from types import SimpleNamespace

    from skdfs.cli import _members_used

    lost = SimpleNamespace(
        n_estimators=4,
        members_used_=np.ones(4, bool),
        member_scores_=np.array([0.70, 0.71, 0.72, 0.69]),
        member_baseline_scores_=np.full(4, 0.69),
    )
    assert _members_used(lost).startswith("no member beat a constant predictor")
    won = SimpleNamespace(
        n_estimators=4,
        members_used_=np.array([True, True, False, True]),
        member_scores_=np.array([0.5, 0.4, 0.72, 0.3]),
        member_baseline_scores_=np.full(4, 0.69),
    )
    assert _members_used(won) == "3 of 4 members beat a constant predictor and are used"
