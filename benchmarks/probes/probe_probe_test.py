"""Probe-mode fits on sweep units, dumped, and probe-test variants compared.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_probe_test.py fit \
        --half tuning --sizes 500x20 1000x100 250x500 --seeds 0 1 \
        --real breast_cancer wine diabetes [--params '{"bootstrap": true}'] \
        --dump DIR
    python benchmarks/probes/probe_probe_test.py rules DIR [--half tuning] \
        [--match 250x500] [--rules max p99 p90]
    python benchmarks/probes/probe_probe_test.py auc DIR [DIR ...] --half tuning \
        --default benchmarks/results/rules_tuning.csv

``fit`` runs ``DeepFeatureSelector(threshold="probe", random_state=seed)``
(task as the sweep passes it) on each unit of the sweep's half
(``bench_sweep.plan``) and writes one ``.npz`` per unit: the members'
importances of the real features and of the probes, the probes' sources,
``members_used_``, the truth. ``rules`` applies probe-test variants to the
dumps (no refit) and prints, per family, the mean F1, false-selection share
and recall of each, the all-task mean with the worst case, and the number of
units with at least one falsely selected feature:

* ``max``: a hit when the feature beats the member's best probe (the test
  shipped before ``probe_percentile``), Binomial(n, 1/2), Benjamini-Hochberg
  at 0.05;
* ``pNN``: hits against the NN-th percentile of the member's probes;
* ``own``: a hit when the feature beats its own probe (its permuted copy),
  Binomial(n, 1/2), BH at 0.05;
* ``rank``: the feature's share of the member's probes it beats, averaged
  over the members, against 1/2 with the variance of a uniform share (z
  test), BH at 0.05.

``auc`` compares the ranking: ROC-AUC of the dumped ``feature_importances_``
(relevant against the rest) of each dump directory, per family and overall,
against the default mode's AUC on the same units (``skdfs:path`` rows of a
sweep CSV: the default fit, whose ranking the path threshold does not change),
and counts the units more than 0.01 below the default.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
import warnings

import numpy as np
from scipy.stats import binom, norm

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import bench_quality as bq  # noqa: E402
import bench_sweep as bs  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.selection import probe_test  # noqa: E402


def fit(args):
    sizes = [tuple(map(int, s.split("x"))) for s in args.sizes] if args.sizes else None
    units = bs.plan(args.half, sizes=sizes, seeds=args.seeds, real=args.real)
    os.makedirs(args.dump, exist_ok=True)
    if args.shard is not None:
        k, of = map(int, args.shard.split("/"))
        units = units[k::of]
    for unit in units:
        name = (
            f"{unit.half}_{unit.family}_{unit.n_samples}x{unit.n_features}_s{unit.seed}"
        )
        path = os.path.join(args.dump, name + ".npz")
        if os.path.exists(path):
            continue
        X, y, relevant, task_type = bs.load_unit(unit)
        params = dict(threshold="probe", random_state=unit.seed, **args.params)
        if task_type == "regression":
            params["task"] = "regression"
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sel = DeepFeatureSelector(**params).fit(X, y)
        seconds = time.perf_counter() - start
        np.savez_compressed(
            path,
            importances=sel.importances_,
            probe_importances=sel.probe_importances_,
            probe_sources=sel.probe_sources_,
            members_used=sel.members_used_,
            feature_importances=sel.feature_importances_,
            support=sel.get_support(),
            truth=bq.relevant_mask(relevant, X.shape[1]),
            family=unit.family,
            seconds=seconds,
        )
        print(
            f"{name}: {seconds:.1f} s, selected {int(sel.get_support().sum())}",
            flush=True,
        )


def _bh(p):
    p = np.asarray(p, float)
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    adj = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty_like(adj)
    out[order] = np.minimum(adj, 1.0)
    return out


def rule_support(rule, real, probes, sources, alpha=0.05):
    n = real.shape[0]
    if rule == "max":
        return probe_test(real, probes, alpha=alpha)["confirmed"]
    if rule.startswith("p"):
        return probe_test(real, probes, alpha=alpha, percentile=float(rule[1:]))[
            "confirmed"
        ]
    if rule == "own":
        own = probes[:, np.argsort(sources)] if len(sources) == real.shape[1] else None
        if own is None:
            return np.zeros(real.shape[1], bool)
        hits = (real > own).sum(0)
        return _bh(binom.sf(hits - 1, n, 0.5)) < alpha
    if rule == "rank":
        share = (real[:, :, None] > probes[:, None, :]).mean(-1)  # (n, d)
        z = (share.mean(0) - 0.5) / np.sqrt(1 / 12 / n)
        return _bh(norm.sf(z)) < alpha
    raise ValueError(rule)


def _pattern(args):
    """Dump file names of ``--half`` (prefix), containing ``--match``."""
    return f"{args.half or ''}*{args.match or ''}*.npz"


def rules(args):
    files = sorted(glob.glob(os.path.join(args.dump, _pattern(args))))
    names = args.rules
    table = {r: [] for r in names}
    fams = []
    for f in files:
        z = np.load(f)
        used = z["members_used"]
        real, probes = z["importances"][used], z["probe_importances"][used]
        truth = z["truth"].astype(bool)
        fams.append(str(z["family"]))
        for r in names:
            sup = rule_support(r, real, probes, z["probe_sources"])
            m = bs.selection_metrics(sup, np.flatnonzero(truth), len(truth))
            false = m["n_selected"] - int((sup & truth).sum())
            table[r].append((m["f1"], m["false_share"], m["recall"], false > 0))
    fams = np.array(fams)
    print(f"{len(files)} dumps in {args.dump} ({args.half or 'both halves'})\n")
    print(
        "| rule | " + " | ".join(sorted(set(fams))) + " | all (mean / worst F1) "
        "| false share | recall | units with a false selection |"
    )
    print("|---|" + "---:|" * (len(set(fams)) + 4))
    for r in names:
        a = np.array(table[r], float)
        cells = [f"{np.nanmean(a[fams == f, 0]):.2f}" for f in sorted(set(fams))]
        print(
            f"| {r} | "
            + " | ".join(cells)
            + f" | {np.nanmean(a[:, 0]):.3f} / {np.nanmin(a[:, 0]):.2f} "
            f"| {np.nanmean(a[:, 1]):.3f} | {np.nanmean(a[:, 2]):.3f} "
            f"| {int(a[:, 3].sum())} |"
        )


def _default_auc(csv):
    import pandas as pd

    d = pd.read_csv(csv)
    d = d[(d["method"] == "skdfs:path") & (d["status"] == "ok")]
    d = d.drop_duplicates(["family", "n_samples", "n_features", "seed"], keep="last")
    return {
        (r.family, r.n_samples, r.n_features, r.seed): r.auc for r in d.itertuples()
    }


def auc(args):
    default = _default_auc(args.default)
    cols = {}
    for dump in args.dumps:
        files = sorted(glob.glob(os.path.join(dump, _pattern(args))))
        for f in files:
            z = np.load(f)
            n, d = map(int, os.path.basename(f).rsplit("_", 2)[1].split("x"))
            seed = int(os.path.basename(f).rsplit("_s", 1)[1][:-4])
            key = (str(z["family"]), n, d, seed)
            a = bq.roc_auc(z["feature_importances"], np.flatnonzero(z["truth"]))
            cols.setdefault(key, {})[dump] = a
    keys = sorted(k for k in cols if len(cols[k]) == len(args.dumps) and k in default)
    missing = sorted(set(cols) - set(keys))
    print(f"{len(keys)} units in all of {args.dumps} with a default AUC ({args.half})")
    if missing:
        print(f"left out (not in every directory or no default AUC): {missing}")
    print()
    fams = np.array([k[0] for k in keys])
    dflt = np.array([default[k] for k in keys])
    probe = {dump: np.array([cols[k][dump] for k in keys]) for dump in args.dumps}
    heads = [f"`{os.path.basename(os.path.normpath(x))}`" for x in args.dumps]
    print("| family | units | default | " + " | ".join(heads) + " |")
    print("|---|---:|---:|" + "---:|" * len(heads))
    for fam in sorted(set(fams)) + ["all"]:
        m = np.ones(len(keys), bool) if fam == "all" else fams == fam
        cells = [f"{np.nanmean(probe[x][m]):.3f}" for x in args.dumps]
        head = f"| {fam} | {m.sum()} | {np.nanmean(dflt[m]):.3f} | "
        print(head + " | ".join(cells) + " |")
    print()
    print("| | " + " | ".join(heads) + " |")
    print("|---|" + "---:|" * len(heads))
    below = [int(np.sum(probe[x] < dflt - 0.01)) for x in args.dumps]
    print("| units > 0.01 below default | " + " | ".join(map(str, below)) + " |")
    gap = [f"{np.nanmean(probe[x] - dflt):+.3f}" for x in args.dumps]
    print("| mean AUC - default | " + " | ".join(gap) + " |")
    worst = [f"{np.nanmin(probe[x] - dflt):+.3f}" for x in args.dumps]
    print("| worst AUC - default | " + " | ".join(worst) + " |")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("fit")
    p.add_argument("--half", required=True)
    p.add_argument("--sizes", nargs="*")
    p.add_argument("--seeds", nargs="*", type=int)
    p.add_argument("--real", nargs="*", default=[])
    p.add_argument("--dump", required=True)
    p.add_argument(
        "--params",
        type=json.loads,
        default={},
        help="more DeepFeatureSelector parameters, as JSON",
    )
    p.add_argument("--shard", help="K/N: only every N-th unit from the K-th")
    p = sub.add_parser("rules")
    p.add_argument("dump")
    p.add_argument("--half")
    p.add_argument("--match", help="only dumps whose name contains this, e.g. 250x500")
    p.add_argument("--rules", nargs="*", default=["max", "p99", "p95", "own", "rank"])
    p = sub.add_parser("auc")
    p.add_argument("dumps", nargs="+")
    p.add_argument("--half")
    p.add_argument("--match", help="only dumps whose name contains this")
    p.add_argument("--default", required=True, help="sweep CSV with skdfs:path rows")
    args = parser.parse_args(argv)
    {"fit": fit, "rules": rules, "auc": auc}[args.cmd](args)


if __name__ == "__main__":
    main()
