"""Offline selection rules on dumped fits (hand-made dumps, no training)."""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def rules():
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(
        "bench_rules", BENCH / "bench_rules.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dump(importances, relevant, *, family="xor", seed=0, half="tuning", path=None):
    """A dump as bench_sweep writes it: members x features importances (rows
    normalised), truth, identity; optionally a gate path."""
    imp = np.asarray(importances, dtype=float)
    imp = imp / imp.sum(axis=1, keepdims=True)
    d = imp.shape[1]
    mask = np.zeros(d, bool)
    mask[list(relevant)] = True
    dump = dict(
        importances_=imp,
        members_used_=np.ones(len(imp), bool),
        feature_importances_=imp.mean(axis=0),
        relevant=mask,
        support=imp.mean(axis=0) >= imp.mean(),
        task_type=np.asarray("classification"),
        family=np.asarray(family),
        half=np.asarray(half),
        method=np.asarray("skdfs:path"),
        params=np.asarray('{"threshold": "path"}'),
        seed=np.asarray(seed),
        n_samples=np.asarray(500),
        n_features=np.asarray(d),
        n_relevant=np.asarray(len(relevant)),
    )
    if path is not None:
        dump.update(path)
    return dump


def _members(rng, d, relevant, n_members=16, strength=10.0):
    """Members that all put more weight on the relevant features."""
    imp = rng.uniform(0.5, 1.5, size=(n_members, d))
    imp[:, list(relevant)] *= strength
    return imp


def test_splits_on_hand_made_values(rules):
    values = np.array([5.0, 4.8, 0.2, 0.1, 0.0, 5.1])
    assert rules.two_means_split(values).tolist() == [1, 1, 0, 0, 0, 1]
    assert rules.largest_gap_split(values).tolist() == [1, 1, 0, 0, 0, 1]
    # The gap rule takes the single largest gap, here below the top value.
    assert rules.largest_gap_split([10.0, 1.0, 0.9, 0.8]).tolist() == [1, 0, 0, 0]
    assert rules.two_means_split([1.0, 1.0, 1.0]).all()
    assert rules.largest_gap_split([2.0]).all()


def test_member_rules_find_relevant_features(rules):
    rng = np.random.default_rng(0)
    dump = _dump(_members(rng, 30, [0, 3, 7]), [0, 3, 7])
    truth = dump["relevant"]
    for name in ("mean", "2*mean", "vote", "sign_bh", "t_bh", "t_bonf", "2means"):
        assert (rules.RULES[name](dump) == truth).all(), name
    # median keeps half the features whatever the truth.
    assert rules.RULES["median"](dump).sum() == 15


def test_member_tests_refuse_disagreeing_members(rules):
    # Each member favours a different feature: every feature is above the
    # uniform share in one member only, so the member tests keep nothing
    # (while the ensemble means are all equal and "mean" keeps everything).
    d = 16
    imp = np.ones((d, d))
    imp[np.arange(d), np.arange(d)] = 40.0
    dump = _dump(imp, [0])
    assert rules.RULES["mean"](dump).all()
    assert not rules.RULES["t_bh"](dump).any()
    assert not rules.RULES["sign_bh"](dump).any()
    assert not rules.RULES["vote"](dump).any()


def _path(levels, members, d, keep_by_level):
    """Path arrays: ``keep_by_level[l]`` the features alive at level l in
    every member; losses make level 1 best, level 2 within one SE of it,
    level 3 beyond two SE."""
    alive = np.zeros((levels, members, d), bool)
    for level, kept in enumerate(keep_by_level):
        alive[level][:, list(kept)] = True
    # The first level from which a gate stays closed (inf: alive at the end).
    alive_any = alive[:, 0]
    death = np.array(
        [
            next(
                (float(k) for k in range(levels) if not alive_any[k:, j].any()),
                np.inf,
            )
            for j in range(d)
        ]
    )
    loss = np.tile(np.array([[1.0], [0.9], [0.95], [1.5]]), (1, members))
    se = np.full((levels, members), 0.08)
    return dict(
        path_alive=alive,
        path_valid_loss=loss,
        path_valid_se=se,
        path_gates=alive.astype(float),
        path_penalties=np.arange(levels, dtype=float),
        path_chosen=np.full(members, 2),
        path_death_penalty=np.tile(death, (members, 1)),
        path_support_=alive[2, 0],
        path_share_=alive[2].mean(axis=0),
        path_importances_=alive.sum(axis=0).mean(axis=0) / alive.sum(),
    )


def test_path_levels_follow_the_standard_error_rule(rules):
    d, members = 8, 6
    keep = [range(8), [0, 1, 2, 5], [0, 1], [0]]
    rng = np.random.default_rng(1)
    dump = _dump(_members(rng, d, [0, 1, 2], members), [0, 1, 2])
    dump.update(_path(4, members, d, keep))
    # One SE: level 2 (loss 0.95 <= 0.9 + 0.08), the sparsest admissible.
    assert (rules.path_levels(dump, 1.0) == 2).all()
    assert rules.RULES["path"](dump).tolist() == [1, 1, 0, 0, 0, 0, 0, 0]
    # Half an SE (0.94) and zero SE: level 1, the best.
    assert (rules.path_levels(dump, 0.5) == 1).all()
    assert rules.RULES["path_0se"](dump).tolist() == [1, 1, 1, 0, 0, 1, 0, 0]
    # The recomputed one-SE vote is the fit's own path selection.
    assert (rules.RULES["path_1se_q25"](dump) == dump["path_support_"]).all()
    # Death penalties 3 x 1.5 (alive at the end), 3, 2, 1, 1, 2, 1, 1: the
    # log scores split the late-dying features from the rest.
    assert np.allclose(np.exp(rules.death_scores(dump)), [4.5, 3, 2, 1, 1, 2, 1, 1])
    assert rules.RULES["death_gap"](dump).tolist() == [1, 1, 1, 0, 0, 1, 0, 0]
    assert rules.RULES["death_2means"](dump)[:2].all()
    assert not rules.RULES["death_2means"](dump)[[3, 4, 6, 7]].any()
    # A member outside members_used_ does not vote.
    dump["members_used_"] = np.array([True] * 2 + [False] * 4)
    dump["path_alive"][1, 2:, 3] = True
    assert not rules.path_share(dump, 0.0)[3]
    union = rules.RULES["path|2*mean"](dump)
    assert union[:2].all() and union[2]  # feature 2 from the importances


def _write(rules, tmp_path, dumps):
    folder = tmp_path / "dumps"
    folder.mkdir(exist_ok=True)
    for i, dump in enumerate(dumps):
        np.savez_compressed(folder / f"d{i}.npz", **dump)
    return str(folder)


def test_score_report_and_choice(rules, tmp_path):
    rng = np.random.default_rng(2)
    dumps = []
    for half, seeds in (("tuning", (0, 1)), ("heldout", (10,))):
        for seed in seeds:
            for family in ("xor", "madelon"):
                imp = _members(rng, 20, [0, 1], strength=8.0)
                imp[:, 5] *= 2.5  # an irrelevant feature above the mean
                dumps.append(_dump(imp, [0, 1], family=family, seed=seed, half=half))
    folder = _write(rules, tmp_path, dumps)
    df = rules.score_dumps(rules.dump_paths([folder]))
    # 6 dumps, every rule but those needing a path or probes.
    needs_path = ("path", "death")
    no_path = [r for r in rules.RULES if not r.startswith(needs_path) and r != "probe"]
    assert len(df) == 6 * len(no_path)
    mean_rows = df[df["method"] == "mean"]
    assert (mean_rows["recall"] == 1.0).all()
    # 2*mean drops feature 5, mean keeps it: 2*mean is chosen on tuning.
    assert (df[df["method"] == "2*mean"]["f1"] == 1.0).all()
    assert (mean_rows["f1"] < 1.0).all()
    assert rules.choose(df, "tuning") in {"2*mean", "t_bonf", "2means", "gap"}
    assert rules.ranking(df).iloc[0]["mean_f1"] == 1.0
    with pytest.raises(ValueError, match="unknown rules"):
        rules.score_dumps(rules.dump_paths([folder]), ["no_such"])
    with pytest.raises(ValueError, match="no .npz"):
        rules.dump_paths([str(tmp_path)])


def test_targets_against_peers(rules, tmp_path):
    import pandas as pd

    rng = np.random.default_rng(3)
    dumps = [
        _dump(_members(rng, 20, [0, 1], strength=8.0), [0, 1], family=f, seed=s)
        for f in ("xor", "madelon")
        for s in (0, 1)
    ]
    df = rules.score_dumps(rules.dump_paths([_write(rules, tmp_path, dumps)]))
    peers = pd.DataFrame(
        [
            dict(
                half="tuning",
                family=f,
                n_samples=500,
                n_features=20,
                seed=0,
                method=m,
                f1=f1,
                status="ok",
            )
            for f, m, f1 in (
                ("xor", "rf", 0.5),
                ("xor", "boruta", 0.9),
                ("madelon", "rf", 1.0),
            )
        ]
    )
    mean_f1, failing = rules.f1_targets(df, peers, "median")
    assert mean_f1 < 0.5
    assert {f.split()[0] for f in failing} == {"xor", "madelon"}
    assert any("(boruta)" in f for f in failing if f.startswith("xor"))
    assert rules.f1_targets(df, peers, "mean")[1] == []
    assert rules.f1_targets(df, None, "mean")[1] is None


def test_command_line(rules, tmp_path, capsys):
    rng = np.random.default_rng(4)
    dumps = [
        _dump(_members(rng, 12, [0], strength=6.0), [0], family="xor", seed=s, half=h)
        for h, s in (("tuning", 0), ("tuning", 1), ("heldout", 10))
    ]
    folder = _write(rules, tmp_path, dumps)
    out = tmp_path / "r.md"
    csv_path = tmp_path / "r.csv"
    argv = [folder, "--choose-on", "tuning", "--out", str(out), "--csv", str(csv_path)]
    assert rules.main(argv) == 0
    text = out.read_text()
    assert "## Half: tuning" in text and "## Half: heldout" in text
    assert "Rule chosen on the tuning half: **" in text
    assert "### F1: mean / worst" in text and "| all |" in text
    assert csv_path.read_text().startswith("half,")
    capsys.readouterr()
