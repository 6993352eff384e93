"""Probe-mode fits on sweep units, dumped, and probe-test variants compared.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_probe_test.py fit \
        --half tuning --sizes 500x20 1000x100 250x500 --seeds 0 1 \
        --real breast_cancer wine diabetes --dump DIR
    python benchmarks/probes/probe_probe_test.py rules DIR [--half tuning]

``fit`` runs ``DeepFeatureSelector(threshold="probe", random_state=seed)``
(task as the sweep passes it) on each unit of the sweep's half
(``bench_sweep.plan``) and writes one ``.npz`` per unit: the members'
importances of the real features and of the probes, the probes' sources,
``members_used_``, the truth. ``rules`` applies probe-test variants to the
dumps (no refit) and prints, per family, the mean F1, false-selection share
and recall of each, and the all-task mean with the worst case:

* ``max``: the shipped test: a hit when the feature beats the member's best
  probe, Binomial(n, 1/2), Benjamini-Hochberg at 0.05;
* ``pNN``: hits against the NN-th percentile of the member's probes;
* ``own``: a hit when the feature beats its own probe (its permuted copy),
  Binomial(n, 1/2), BH at 0.05;
* ``rank``: the feature's share of the member's probes it beats, averaged
  over the members, against 1/2 with the variance of a uniform share (z
  test), BH at 0.05.
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


def rules(args):
    files = sorted(glob.glob(os.path.join(args.dump, f"{args.half or ''}*.npz")))
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
            table[r].append((m["f1"], m["false_share"], m["recall"]))
    fams = np.array(fams)
    print(f"{len(files)} dumps in {args.dump} ({args.half or 'both halves'})\n")
    print(
        "| rule | " + " | ".join(sorted(set(fams))) + " | all (mean / worst F1) "
        "| false share | recall |"
    )
    print("|---|" + "---:|" * (len(set(fams)) + 3))
    for r in names:
        a = np.array(table[r], float)
        cells = [f"{np.nanmean(a[fams == f, 0]):.2f}" for f in sorted(set(fams))]
        print(
            f"| {r} | "
            + " | ".join(cells)
            + f" | {np.nanmean(a[:, 0]):.3f} / {np.nanmin(a[:, 0]):.2f} "
            f"| {np.nanmean(a[:, 1]):.3f} | {np.nanmean(a[:, 2]):.3f} |"
        )


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
    p.add_argument("--rules", nargs="*", default=["max", "p99", "p95", "own", "rank"])
    args = parser.parse_args(argv)
    (fit if args.cmd == "fit" else rules)(args)


if __name__ == "__main__":
    main()
