"""The sweep harness: its halves, metrics, resume and report (fast; the dump
tests train one tiny ensemble each)."""

import argparse
import importlib.util
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_sweep.py"


@pytest.fixture(scope="module")
def sweep():
    spec = importlib.util.spec_from_file_location("bench_sweep", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _cells(units):
    return {(u.family, u.n_samples, u.n_features, u.seed) for u in units}


# ---------------------------------------------------------------------------
# The split
# ---------------------------------------------------------------------------


def test_halves_split_the_grid_and_each_has_a_wide_cell(sweep):
    tuning, heldout = sweep.half_sizes("tuning"), sweep.half_sizes("heldout")
    assert not set(tuning) & set(heldout)
    grid = {(n, d) for n in sweep.N_GRID for d in sweep.D_GRID}
    assert (set(tuning) | set(heldout)) - grid == {(250, 500), (250, 1000)}
    assert grid <= set(tuning) | set(heldout)
    for sizes in (tuning, heldout):
        assert any(d > n for n, d in sizes)
    # Deterministic: the rule, not a random draw.
    assert sweep.half_sizes("tuning") == tuning
    assert (500, 20) in tuning and (500, 100) in heldout
    with pytest.raises(ValueError, match="unknown half"):
        sweep.half_sizes("both")


def test_plan_halves_are_disjoint_and_cover_every_family(sweep):
    tuning = sweep.plan("tuning")
    heldout = sweep.plan("heldout")
    assert tuning == sweep.plan("tuning")
    assert not _cells(tuning) & _cells(heldout)
    assert not {u.seed for u in tuning} & {u.seed for u in heldout}
    for units, half in ((tuning, "tuning"), (heldout, "heldout")):
        assert {u.half for u in units} == {half}
        synthetic = [u for u in units if u.kind == "synthetic"]
        assert {u.family for u in synthetic} == set(sweep.FAMILIES)
        assert {"rare_flag", "cat_interaction", "parity3"} <= set(sweep.FAMILIES)
        assert {u.family for u in units if u.kind == "real"} == set(sweep.REAL_TASKS)
        assert len({u.seed for u in units}) >= 3
        n_sizes = len(sweep.half_sizes(half))
        assert len(synthetic) == len(sweep.FAMILIES) * n_sizes * 3
    # parity3 with 100 features is in the held-out half (a target is there).
    assert ("parity3", 500, 100, 10) in _cells(heldout)


def test_plan_refuses_to_leave_its_half(sweep):
    with pytest.raises(ValueError, match="not in the tuning half"):
        sweep.plan("tuning", sizes=[(500, 100)])
    with pytest.raises(ValueError, match="seeds .* not in the heldout half"):
        sweep.plan("heldout", seeds=[0])
    with pytest.raises(ValueError, match="unknown families"):
        sweep.plan("tuning", families=["nope"])
    units = sweep.plan(
        "tuning", families=["xor"], sizes=[(500, 20)], seeds=[1], real=[]
    )
    assert units == [sweep.Unit("tuning", "xor", "synthetic", 500, 20, 1)]


def test_core_preset_is_a_part_of_the_tuning_half(sweep):
    preset = sweep.PRESETS["core"]
    units = sweep.plan(
        preset["half"],
        preset["families"],
        preset["sizes"],
        preset["seeds"],
        preset["real"],
    )
    assert _cells(units) <= _cells(sweep.plan("tuning"))
    assert set(preset["methods"]) == {"skdfs", "rf", "mutual_info"}


# ---------------------------------------------------------------------------
# Metrics on hand-made scores
# ---------------------------------------------------------------------------


def test_ranking_metrics_on_hand_made_scores(sweep):
    relevant = [0, 1, 2]
    perfect = np.r_[np.array([3.0, 2.0, 1.0]), np.zeros(20)]
    row = sweep.score_row(perfect, None, relevant, "xor")
    assert row["auc"] == 1.0 and row["precision_at_k"] == 1.0
    assert np.isnan(row["f1"]) and np.isnan(row["flag_rank"])
    rng = np.random.default_rng(0)
    aucs = [
        sweep.score_row(rng.standard_normal(400), None, np.arange(200), "x")["auc"]
        for _ in range(20)
    ]
    assert abs(np.mean(aucs) - 0.5) < 0.03
    with pytest.raises(ValueError, match="NaN"):
        sweep.score_row([np.nan, 1.0], None, [0], "xor")


def test_selection_metrics_hand_computed(sweep):
    # 10 features, relevant {0, 1, 2, 3}; selected {0, 1, 5}: 2 hits.
    support = np.zeros(10, dtype=bool)
    support[[0, 1, 5]] = True
    m = sweep.selection_metrics(support, [0, 1, 2, 3], 10)
    precision, recall = 2 / 3, 2 / 4
    assert m["f1"] == pytest.approx(2 * precision * recall / (precision + recall))
    assert m["false_share"] == pytest.approx(1 / 3)
    assert m["recall"] == pytest.approx(0.5)
    assert m["n_selected"] == 3
    empty = sweep.selection_metrics(np.zeros(10, dtype=bool), [0], 10)
    assert empty == dict(f1=0.0, false_share=0.0, recall=0.0, n_selected=0)
    assert np.isnan(sweep.selection_metrics(None, [0], 10)["recall"])
    with pytest.raises(ValueError, match="shape"):
        sweep.selection_metrics(np.ones(3, dtype=bool), [0], 10)


def test_flag_rank_shares_ties(sweep):
    assert sweep.rank_of([5.0, 9.0, 1.0], 0) == 2.0
    assert sweep.rank_of([5.0, 5.0, 5.0, 1.0], 0) == 2.0  # places 1-3 shared
    row = sweep.score_row([1.0, 3.0, 2.0, 0.0], np.ones(4, bool), [0, 1], "rare_flag")
    assert row["flag_rank"] == 3.0


# ---------------------------------------------------------------------------
# Resume and time limit (with stand-in methods: no training)
# ---------------------------------------------------------------------------


@pytest.fixture
def counting_mi(sweep, monkeypatch):
    calls = []

    def fake(X, y, task_type, seed, **_):
        calls.append(seed)
        return np.arange(X.shape[1], 0, -1, dtype=float), None

    monkeypatch.setitem(sweep.bq.METHOD_FUNCTIONS, "mutual_info", fake)
    return calls


def test_resume_skips_done_rows_and_retries_errors(sweep, counting_mi, tmp_path):
    csv_path = str(tmp_path / "sweep.csv")
    units = sweep.plan(
        "tuning", families=["xor", "parity3"], sizes=[(500, 20)], seeds=[0], real=[]
    )
    log = open(tmp_path / "log.txt", "w")
    counts = sweep.sweep(units, ["mutual_info"], csv_path, log=log)
    assert counts["ran"] == 2 and len(counting_mi) == 2
    rows = sweep.read_rows(csv_path)
    assert [r["family"] for r in rows] == ["xor", "parity3"]
    assert {r["status"] for r in rows} == {"ok"}
    # xor's relevant columns are 0 and 1, scored highest by the stand-in.
    assert float(rows[0]["auc"]) == 1.0
    again = sweep.sweep(units, ["mutual_info"], csv_path, log=log)
    assert again["ran"] == 0 and again["already"] == 2 and len(counting_mi) == 2
    assert len(sweep.read_rows(csv_path)) == 2
    # A failed row is kept on a plain rerun and redone with retry_errors.
    failed = dict(rows[1], status="error", auc="", notes="MemoryError")
    sweep.append_row(csv_path, failed)
    assert sweep.sweep(units, ["mutual_info"], csv_path, log=log)["ran"] == 0
    redo = sweep.sweep(units, ["mutual_info"], csv_path, retry_errors=True, log=log)
    assert redo["ran"] == 1 and len(counting_mi) == 3
    df = sweep.load_results([csv_path])
    assert len(df) == 2 and set(df["status"]) == {"ok"}  # last row per key wins
    # Shards split the units; a variant name cannot change its params.
    other = str(tmp_path / "shard.csv")
    assert sweep.sweep(units, ["mutual_info"], other, shard=(1, 2), log=log)["ran"] == 1
    sweep.append_row(other, dict(rows[0], method="skdfs:a", params='{"lr": 0.1}'))
    with pytest.raises(ValueError, match="another name"):
        sweep.sweep(
            units, ["skdfs:a"], other, variants={"skdfs:a": {"lr": 0.2}}, log=log
        )


def test_time_limit_and_errors_are_recorded(sweep, monkeypatch, tmp_path):
    def slow(X, y, task_type, seed, **_):
        time.sleep(5)

    def broken(X, y, task_type, seed, **_):
        raise RuntimeError("boom")

    monkeypatch.setitem(sweep.bq.METHOD_FUNCTIONS, "rf", slow)
    monkeypatch.setitem(sweep.bq.METHOD_FUNCTIONS, "mutual_info", broken)
    csv_path = str(tmp_path / "sweep.csv")
    units = sweep.plan(
        "tuning", families=["xor"], sizes=[(500, 20)], seeds=[0], real=[]
    )
    start = time.perf_counter()
    sweep.sweep(
        units,
        ["rf", "mutual_info"],
        csv_path,
        time_limit=0.3,
        log=open(tmp_path / "log.txt", "w"),
    )
    assert time.perf_counter() - start < 4
    rows = {r["method"]: r for r in sweep.read_rows(csv_path)}
    assert rows["rf"]["status"] == "timeout"
    assert rows["mutual_info"]["status"] == "error"
    assert "RuntimeError: boom" in rows["mutual_info"]["notes"]


def test_slow_methods_are_skipped_above_the_cap(sweep, counting_mi, tmp_path):
    units = sweep.plan(
        "tuning", families=["xor"], sizes=[(500, 20)], seeds=[0], real=[]
    )
    counts = sweep.sweep(
        units,
        ["mutual_info", "boruta"],
        str(tmp_path / "a.csv"),
        slow_max_cells=100,
        log=open(tmp_path / "l", "w"),
    )
    assert counts["ran"] == 1
    assert counts["too_large"] + counts["missing"] == 1


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _rows(sweep, tmp_path):
    """A hand-made results CSV: two families, two sizes, two seeds."""
    path = str(tmp_path / "hand.csv")
    values = {
        # (family, method): AUC per run, in run order
        ("xor", "skdfs"): [1.0, 0.9, 0.8, 1.0],
        ("xor", "rf"): [1.0, 1.0, 0.85, 0.95],
        ("parity3", "skdfs"): [0.95, 0.95, 0.9, 1.0],
        ("parity3", "rf"): [0.6, 0.7, 0.5, 0.8],
    }
    for (family, method), aucs in values.items():
        runs = [(500, 100, 10), (500, 100, 11), (1000, 20, 10), (1000, 20, 11)]
        for (n, d, seed), auc in zip(runs, aucs):
            sweep.append_row(
                path,
                dict(
                    half="heldout",
                    family=family,
                    kind="synthetic",
                    task_type="classification",
                    n_samples=n,
                    n_features=d,
                    n_relevant=2,
                    seed=seed,
                    method=method,
                    params="{}",
                    status="ok",
                    auc=auc,
                    precision_at_k=auc,
                    f1=auc,
                    false_share=0.0,
                    recall=1.0,
                    n_selected=2,
                    flag_rank=float("nan"),
                    seconds=2.0 if method == "skdfs" else 1.5,
                    notes="",
                ),
            )
    return path


def test_report_means_worst_cases_and_targets(sweep, tmp_path):
    df = sweep.load_results([_rows(sweep, tmp_path)])
    mean, worst = sweep.family_summary(df, "auc")
    assert mean.loc["xor", "skdfs"] == pytest.approx(0.925)
    assert worst.loc["xor", "skdfs"] == 0.8
    assert worst.loc["parity3", "rf"] == 0.5
    assert worst.loc["all", "skdfs"] == 0.8
    assert mean.loc["all", "skdfs"] == pytest.approx((0.925 + 0.95) / 2)
    _, worst_seconds = sweep.family_summary(df, "seconds")
    assert worst_seconds.loc["xor", "skdfs"] == 2.0
    by = {t["target"]: t for t in sweep.targets(df, "skdfs")}
    auc_rf = by["ranking AUC >= random forest's, every family (worst case)"]
    # xor: worst 0.8 against rf's worst 0.85 fails; parity3 passes.
    assert auc_rf["met"] is False and "xor 0.800 < 0.850" in auc_rf["measured"]
    assert by["mean AUC >= 0.97 (mean of family means)"]["met"] is False
    parity = by["parity3 with 100 features: AUC >= 0.9 (worst case)"]
    assert parity["met"] is True and parity["measured"].startswith("0.950")
    assert by["rare flag in the top 3 (worst rank)"]["met"] is None
    timing = by["time <= 2 x random forest's, every task (largest ratio)"]
    assert timing["met"] is True and timing["measured"].startswith("1.33")
    assert by["time <= Boruta's, every task (largest ratio)"]["met"] is None
    # A run that does not select by the probe test is not scored as one.
    own = by["own selection (not the probe test): mean recall >= 0.8"]
    assert own["met"] is None and own["measured"] == "1.000"
    assert not any(t.startswith("probe test") for t in by)
    probe = df[df["method"] == "skdfs"].assign(
        method="skdfs:probe", params='{"threshold": "probe"}'
    )
    both = sweep.targets(pd.concat([df, probe]), "skdfs:probe")
    by_probe = {t["target"]: t for t in both}
    assert by_probe["probe test: mean recall >= 0.8"]["met"] is True
    assert by_probe["probe test: mean false-selection share <= 0.05"]["met"] is True
    text = sweep.report(df)
    assert "## Half: heldout" in text and "Half: tuning" not in text
    assert "### Targets for skdfs (heldout half)" in text
    assert "0.925 / 0.800" in text


def test_estimate_sums_per_size_means(sweep, tmp_path):
    df = sweep.load_results([_rows(sweep, tmp_path)])
    units = sweep.plan(
        "heldout",
        families=["xor", "madelon"],
        sizes=[(500, 100), (4000, 100)],
        seeds=[10, 11],
        real=[],
    )
    table = sweep.estimate(df, units, ["skdfs", "rf", "boruta"])
    # 4 units at 500x100 were timed (2.0 s skdfs, 1.5 s rf); 4 at 4000x100 not.
    assert table.loc["skdfs", "hours"] == pytest.approx(4 * 2.0 / 3600)
    assert table.loc["rf", "hours"] == pytest.approx(4 * 1.5 / 3600)
    assert table.loc["skdfs", "units_without_timing"] == 4
    assert table.loc["boruta", "units_without_timing"] == 8


def test_command_line(sweep, tmp_path, capsys):
    assert sweep.main(["plan", "--preset", "core"]) == 0
    out = capsys.readouterr().out
    assert "tasks x 3 methods" in out and "heldout" not in out
    path = _rows(sweep, tmp_path)
    out_md = tmp_path / "report.md"
    assert sweep.main(["report", path, "--out", str(out_md)]) == 0
    assert "Targets for skdfs" in out_md.read_text()
    name, params = sweep.parse_variant('probe={"threshold": "probe"}')
    assert name == "skdfs:probe" and params == {"threshold": "probe"}
    for bad in ("probe", 'probe={"no_such": 1}', "probe=[1]", "probe={bad"):
        with pytest.raises(argparse.ArgumentTypeError):
            sweep.parse_variant(bad)
    assert sweep.parse_size("500x20") == (500, 20)
    assert sweep.parse_shard("1/3") == (1, 3)


def test_knockoff_peer_on_a_small_task(sweep):
    pytest.importorskip("knockpy")
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 12))
    y = 2.0 * X[:, 0] - 2.0 * X[:, 1] + 0.5 * rng.standard_normal(300)
    cache = {}
    scores, support, seconds, _ = sweep.run_method(
        "knockoff_lasso", {}, X, y, "regression", 0, cache
    )
    assert scores.shape == (12,) and support.shape == (12,)
    assert np.isfinite(scores).all() and seconds > 0
    assert set(np.argsort(-scores)[:2]) == {0, 1}
    assert "knockoffs" in cache  # shared with the other knockoff statistics


# ---------------------------------------------------------------------------
# Dumps (one tiny training each)
# ---------------------------------------------------------------------------

TINY = {"n_estimators": 4, "max_epochs": 5}


@pytest.mark.parametrize(
    "threshold, keys",
    [
        (
            "path",
            {
                "path_importances_",
                "path_support_",
                "path_share_",
                "path_gates",
                "path_alive",
                "path_chosen",
                "path_valid_loss",
                "path_valid_se",
                "path_penalties",
                "path_death_penalty",
            },
        ),
        ("probe", {"probe_importances_", "hits_", "pvalues_", "pvalues_adjusted_"}),
    ],
)
def test_dump_writes_what_a_rule_needs(sweep, tmp_path, threshold, keys):
    units = sweep.plan(
        "tuning", families=["xor"], sizes=[(500, 20)], seeds=[0], real=[]
    )
    name = f"skdfs:{threshold}"
    dump_dir = tmp_path / "dumps"
    counts = sweep.sweep(
        units,
        [name, "mutual_info"],
        str(tmp_path / "s.csv"),
        variants={name: dict(TINY, threshold=threshold)},
        dump_dir=str(dump_dir),
        log=open(tmp_path / "log.txt", "w"),
    )
    assert counts["ran"] == 2
    # One file, for the skdfs run only.
    files = sorted(p.name for p in dump_dir.iterdir())
    assert files == [f"tuning_xor_500x20_s0_skdfs-{threshold}.npz"]
    with np.load(dump_dir / files[0], allow_pickle=False) as z:
        dump = {k: z[k] for k in z.files}
    common = {
        "feature_importances_",
        "importances_",
        "members_used_",
        "relevant",
        "support",
        "task_type",
        "family",
        "half",
        "method",
        "params",
        "seed",
        "n_samples",
        "n_features",
    }
    assert common | keys <= set(dump)
    assert dump["importances_"].shape == (4, 20)
    assert dump["members_used_"].shape == (4,) and dump["members_used_"].dtype == bool
    assert dump["relevant"].tolist() == [True, True] + [False] * 18
    assert str(dump["task_type"]) == "classification"
    assert str(dump["method"]) == name and int(dump["seed"]) == 0
    assert threshold in str(dump["params"])
    # The history a stopping rule replays: one loss per member and epoch.
    epochs = len(dump["history_train_batch_count"])
    assert dump["history_valid_member_loss"].shape == (epochs, 4)
    assert dump["history_train_batch_count"].sum() == int(dump["n_steps_"])
    # The dumped support is the run's own selection, the one the CSV scored.
    row = sweep.read_rows(str(tmp_path / "s.csv"))[0]
    assert int(row["n_selected"]) == int(dump["support"].sum())
    if threshold == "path":
        assert (dump["support"] == dump["path_support_"]).all()
        levels, members, gates = dump["path_gates"].shape
        assert (members, gates) == (4, 20) and levels == len(dump["path_penalties"])
    else:
        assert dump["probe_importances_"].shape[0] == 4
        assert dump["hits_"].shape == (20,)
