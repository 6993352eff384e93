"""Categorical columns with many levels: one-hot levels against target encoding.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_many_levels.py run \
        --shard K/2 --out many_levels_K.jsonl            # K = 0, 1 at once
    OMP_NUM_THREADS=1 python benchmarks/probes/probe_many_levels.py run \
        --strict --shard K/2 --out many_levels_strict_K.jsonl
    python benchmarks/probes/probe_many_levels.py report many_levels_*.jsonl

Each table (binary labels, ``n`` rows) has four relevant numeric columns
(``x0``-``x3``: ``sin(2 x0) + x1**2 / 2 + x2 - x3``), a numeric column ``x4``
whose slope depends on a categorical, eight numeric noise columns and three
categorical columns with ``L`` levels drawn with Zipf-like frequencies
(``p_k`` proportional to ``k ** -0.8``, as stores or postcodes):
``cat_main`` (each level its own effect on ``y``, ``N(0, 1)``), ``cat_slope``
(each level its own slope of ``x4``, ``N(0, 1.5)``, and no effect of its own:
``x4`` is centred) and ``cat_noise`` (no effect). Relevant: ``x0``-``x4``,
``cat_main``, ``cat_slope``. Every table is fitted by the default selector
(2 threads unless OMP_NUM_THREADS says otherwise) twice: every categorical
one-hot encoded (``max_onehot_levels=None``) and every categorical target
encoded (``max_onehot_levels=1``). One JSON row per fit.

``--strict`` runs the other case, the one a target encoding cannot see:
:func:`skdfs.datasets.make_categorical_interaction` with its level columns
joined into one text column ``level`` (``L`` equally likely levels, each its
own slope of ``x`` and no effect of its own, ``P(y = 1 | level) = 1/2``) and
ten noise columns; relevant: ``level`` and ``x``.

Seeds 0 and 1 choose the default ``max_onehot_levels`` (the smallest level
count from which the target encoding ranks at least as well on average);
seed 2 is reported apart (``report``).
"""

import argparse
import json
import sys
import time
import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score, roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_categorical_interaction

LEVELS = (4, 16, 64, 256)
STRICT_LEVELS = (4, 16, 64)
ROWS = (1000, 5000)
SEEDS = (0, 1, 2)
ARMS = {"onehot": None, "target": 1}
RELEVANT = ("x0", "x1", "x2", "x3", "x4", "cat_main", "cat_slope")


def make_table(n, n_levels, seed):
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, n_levels + 1) ** 0.8
    p /= p.sum()

    def cat(name):
        return rng.choice(n_levels, n, p=p), np.array(
            [f"{name}{k:04d}" for k in range(n_levels)], dtype=object
        )

    X = {f"x{j}": rng.normal(size=n) for j in range(13)}
    main, main_names = cat("m")
    slope, slope_names = cat("s")
    noise, noise_names = cat("z")
    f = np.sin(2 * X["x0"]) + X["x1"] ** 2 / 2 - 0.5 + X["x2"] - X["x3"]
    f += rng.normal(0, 1.0, n_levels)[main]
    f += rng.normal(0, 1.5, n_levels)[slope] * X["x4"]
    y = (rng.random(n) < 1 / (1 + np.exp(-f))).astype(int)
    df = pd.DataFrame(X)
    df.columns = [f"x{j}" for j in range(13)]
    df["cat_main"] = main_names[main]
    df["cat_slope"] = slope_names[slope]
    df["cat_noise"] = noise_names[noise]
    return df, y


def make_strict(n, n_levels, seed):
    X, y, _ = make_categorical_interaction(
        n, n_features=n_levels + 11, n_levels=n_levels, random_state=seed
    )
    df = pd.DataFrame(X[:, n_levels:], columns=[f"x{j}" for j in range(11)])
    df.insert(0, "level", np.array([f"L{k:03d}" for k in X[:, :n_levels].argmax(1)]))
    return df, y


def fit_one(n, n_levels, seed, arm, threads, strict=False):
    import torch

    torch.set_num_threads(threads)
    df, y = (make_strict if strict else make_table)(n, n_levels, seed)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sel = DeepFeatureSelector(max_onehot_levels=ARMS[arm], random_state=seed)
        sel.fit(df, y)
    seconds = time.perf_counter() - start
    relevant = np.isin(df.columns, ("level", "x0") if strict else RELEVANT)
    imp = sel.feature_importances_
    rank = pd.Series(imp, df.columns).rank(ascending=False, method="min")
    row = {
        "n": n,
        "levels": n_levels,
        "seed": seed,
        "arm": arm,
        "auc": roc_auc_score(relevant, imp),
        "f1": f1_score(relevant, sel.get_support()),
    }
    if strict:
        return {
            "family": "strict",
            **row,
            "rank_level": int(rank["level"]),
            "seconds": seconds,
        }
    return {
        **row,
        "rank_main": int(rank["cat_main"]),
        "rank_slope": int(rank["cat_slope"]),
        "rank_noise": int(rank["cat_noise"]),
        "noise_selected": bool(sel.get_support()[list(df.columns).index("cat_noise")]),
        "inputs": int(len(sel.level_names_)),
        "seconds": seconds,
    }


def run(args):
    levels = args.levels or (STRICT_LEVELS if args.strict else LEVELS)
    arms = args.arms or list(ARMS)
    units = [
        (n, lv, s, arm) for s in SEEDS for n in ROWS for lv in levels for arm in arms
    ]
    k, m = (int(v) for v in args.shard.split("/"))
    units = units[k::m]
    done = set()
    try:
        with open(args.out) as fh:
            done = {
                (r["n"], r["levels"], r["seed"], r["arm"].removesuffix(args.suffix))
                for r in map(json.loads, fh)
            }
    except FileNotFoundError:
        pass
    for unit in units:
        if unit in done:
            continue
        row = fit_one(*unit, threads=args.threads, strict=args.strict)
        row["arm"] += args.suffix
        with open(args.out, "a") as fh:
            fh.write(json.dumps(row) + "\n")
        print(json.dumps(row), flush=True)


def report(args):
    rows = pd.concat([pd.read_json(p, lines=True) for p in args.files])
    if "family" in rows:
        strict = rows[rows.family == "strict"]
        rows = rows[rows.family != "strict"]
        table = strict.pivot_table(
            index=["n", "levels"],
            columns="arm",
            values=["auc", "rank_level", "seconds"],
            aggfunc=["mean", "max"],
        )
        print("## strict interaction (level: no effect of its own), seeds 0-2\n")
        print(table.round(3).to_markdown())
        print()
    for name, part in (
        ("seeds 0-1 (choose)", rows[rows.seed < 2]),
        ("seed 2 (held out)", rows[rows.seed == 2]),
    ):
        table = part.pivot_table(
            index=["n", "levels"],
            columns="arm",
            values=["auc", "f1", "rank_main", "rank_slope", "rank_noise", "seconds"],
            aggfunc="mean",
        )
        print(f"## {name}: mean over seeds\n")
        print(table.round(3).to_markdown())
        print()
        by_levels = part.pivot_table(
            index="levels", columns="arm", values=["auc", "f1"], aggfunc=["mean", "min"]
        )
        print(by_levels.round(3).to_markdown())
        print()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--shard", default="0/1")
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--strict", action="store_true")
    r.add_argument("--levels", type=int, nargs="+", help="level counts to run")
    r.add_argument("--arms", nargs="+", choices=sorted(ARMS), help="arms to run")
    r.add_argument("--suffix", default="", help="appended to the arm's name")
    r.add_argument("--out", required=True)
    p = sub.add_parser("report")
    p.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    (run if args.command == "run" else report)(args)


if __name__ == "__main__":
    sys.exit(main())
