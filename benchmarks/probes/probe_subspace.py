"""Random-subspace members, emulated with separate fits (issue #14).

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_subspace.py run \
        --half tuning --sizes 500x20 1000x100 --seeds 0 --out DIR [--shard K]
    python benchmarks/probes/probe_subspace.py report DIR

``run`` fits, per sweep unit (``bench_sweep.plan``; the real tables with all
of the half's seeds): the default selector (32 members), and for ``q`` in 2
and 4 a balanced block design of 32 members that each see ``(q - 1) / q`` of
the columns: the columns are split at random into ``q`` blocks and each of
``q`` fits of 4 members leaves one block out, repeated until 32 members, so
every column is seen by exactly ``32 (q - 1) / q`` of them. Members are
independent networks, so separate fits give what per-member gate masks in
one module would, at more fixed cost per fit (the seconds stored are the
emulation's, not what a masked module would take). Every member's
importance shares, columns, "used" flag and gain over the constant
(``1 - member_scores_ / member_baseline_scores_``) are saved per unit.

``report`` combines the members of every design offline and prints the
ranking ROC-AUC per unit, family means, their mean and the worst fit:
``share`` (mean over the used members that saw a column of its share times
the member's width), ``gain`` (the same weighted by each member's gain) and
``rank`` (mean within-member rank percentile); ``default`` is the shipped
``feature_importances_``, ``def_gain`` its members gain-weighted.
"""

import argparse
import collections
import glob
import os
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import bench_quality as bq  # noqa: E402
import bench_sweep as bs  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402

MEMBERS, PER_FIT = 32, 4


def members_of(selector, cols, d):
    """Members' shares spread to all ``d`` columns, their column masks, used
    flags and gains."""
    imp = selector.importances_
    shares = imp / np.maximum(imp.sum(1, keepdims=True), 1e-12)
    full = np.zeros((shares.shape[0], d))
    full[:, cols] = shares
    mask = np.zeros(full.shape, dtype=bool)
    mask[:, cols] = True
    gain = 1.0 - selector.member_scores_ / selector.member_baseline_scores_
    return full, mask, selector.members_used_.copy(), gain


def run_design(X, y, seed, q, task):
    rng = np.random.RandomState(1000 + seed + 7 * q)
    d = X.shape[1]
    parts, k = [], 0
    while sum(p[0].shape[0] for p in parts) < MEMBERS:
        blocks = np.array_split(rng.permutation(d), q)
        for b in range(q):
            cols = np.sort(np.concatenate([blocks[i] for i in range(q) if i != b]))
            sel = DeepFeatureSelector(
                n_estimators=PER_FIT, random_state=seed * 1000 + 17 * q + k, task=task
            ).fit(X[:, cols], y)
            k += 1
            parts.append(members_of(sel, cols, d))
    return [np.concatenate([p[i] for p in parts]) for i in range(4)]


def combine(imp, mask, used, gain, rule):
    """One score per column from the members' shares (see the docstring)."""
    keep = used if used.any() else np.ones_like(used)
    imp, mask, gain = imp[keep], mask[keep], gain[keep]
    width = mask.sum(1, keepdims=True)
    weight = np.clip(gain, 1e-6, None) if rule == "gain" else np.ones(len(imp))
    if rule == "rank":
        value = np.zeros_like(imp)
        for m in range(len(imp)):
            cols = np.flatnonzero(mask[m])
            order = np.argsort(np.argsort(imp[m, cols]))
            value[m, cols] = (order + 0.5) / len(cols)
    else:
        value = imp * width
    num = (value * mask * weight[:, None]).sum(0)
    den = (mask * weight[:, None]).sum(0)
    return np.where(den > 0, num / np.maximum(den, 1e-12), 0.0)


def run(args):
    syn = list(bs.FAMILIES)
    units = bs.plan(
        args.half, families=syn, sizes=args.sizes, seeds=args.seeds, real=[]
    )
    units += bs.plan(args.half, families=[], sizes=args.sizes, real=bs.REAL_TASKS)
    units = units[args.shard :: 2] if args.shard is not None else units
    os.makedirs(args.out, exist_ok=True)
    warnings.simplefilter("ignore")
    for unit in units:
        name = f"{unit.family}_{unit.n_samples}x{unit.n_features}_s{unit.seed}"
        path = os.path.join(args.out, name + ".npz")
        if os.path.exists(path):
            continue
        X, y, relevant, task = bs.load_unit(unit)
        start = time.perf_counter()
        sel = DeepFeatureSelector(random_state=unit.seed, task=task).fit(X, y)
        times = [time.perf_counter() - start]
        imp, _, used, gain = members_of(sel, np.arange(X.shape[1]), X.shape[1])
        arrays = dict(
            def_imp=imp, def_used=used, def_gain=gain, def_fi=sel.feature_importances_
        )
        for q in (2, 4):
            start = time.perf_counter()
            imp, mask, used, gain = run_design(X, y, unit.seed, q, task)
            times.append(time.perf_counter() - start)
            arrays.update(
                {
                    f"q{q}_imp": imp,
                    f"q{q}_mask": mask,
                    f"q{q}_used": used,
                    f"q{q}_gain": gain,
                }
            )
        np.savez(path, relevant=np.asarray(relevant), times=np.array(times), **arrays)
        print(name, [round(t, 1) for t in times], flush=True)


def report(args):
    rows = collections.defaultdict(list)
    for path in sorted(glob.glob(os.path.join(args.dir, "*.npz"))):
        z = np.load(path)
        rel = z["relevant"]
        name = os.path.basename(path)[:-4]
        family = name.rsplit("_", 2)[0]
        full = np.ones_like(z["def_imp"], dtype=bool)
        r = {
            "default": bq.roc_auc(z["def_fi"], rel),
            "def_gain": bq.roc_auc(
                combine(z["def_imp"], full, z["def_used"], z["def_gain"], "gain"), rel
            ),
        }
        for q in (2, 4):
            for rule in ("share", "gain", "rank"):
                scores = combine(
                    *(z[f"q{q}_{k}"] for k in ("imp", "mask", "used", "gain")), rule
                )
                r[f"q{q}_{rule}"] = bq.roc_auc(scores, rel)
        rows[family].append(r)
        print(name.ljust(34), " ".join(f"{k}={v:.3f}" for k, v in r.items()))
    keys = list(next(iter(rows.values()))[0])
    print("\nROC-AUC, family means (and over the families: mean, worst fit)")
    means = {}
    for family, rs in rows.items():
        means[family] = {k: np.mean([r[k] for r in rs]) for k in keys}
        print(family.ljust(20), " ".join(f"{k}={means[family][k]:.3f}" for k in keys))
    print(
        "ALL".ljust(20),
        " ".join(f"{k}={np.mean([m[k] for m in means.values()]):.3f}" for k in keys),
    )
    worst = {k: min(r[k] for rs in rows.values() for r in rs) for k in keys}
    print("WORST".ljust(20), " ".join(f"{k}={v:.3f}" for k, v in worst.items()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("--half", default="tuning", choices=bs.HALVES)
    p.add_argument("--sizes", nargs="+", type=bs.parse_size, default=None)
    p.add_argument("--seeds", nargs="+", type=int, default=None)
    p.add_argument("--shard", type=int, choices=(0, 1), default=None)
    p.add_argument("--out", required=True)
    p = sub.add_parser("report")
    p.add_argument("dir")
    args = parser.parse_args(argv)
    (run if args.command == "run" else report)(args)


if __name__ == "__main__":
    main()
