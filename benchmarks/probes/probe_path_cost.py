"""What a cheaper gate path costs in ranking and selection quality.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_path_cost.py run \
        --half tuning --sizes 500x20 1000x100 250x500 --seeds 0 1 2 \
        --real breast_cancer wine diabetes --csv OUT.csv [--shard K/M] \
        [--families xor ...] [--variants current g2_l15 ...] [--max-units N]
    python benchmarks/probes/probe_path_cost.py report OUT.csv [...] [--out OUT.md]

For every unit of a half (``bench_sweep.plan``), fits the default
``DeepFeatureSelector`` once, exactly as the sweep's ``skdfs`` method does
(``bench_quality.fit_skdfs``: ``random_state=seed``, ``task="regression"`` for
a regression target), then re-runs :func:`skdfs.path.gate_path` on the fitted
net for every variant of :data:`VARIANTS` (``restore=True`` leaves the net as
the predictive fit between variants), called as the selector calls it (same
start, per-member batch generators and global noise seed from
``path_seeds``, the thread policy), and rebuilds what the selector builds from
it: the blended ranking (member gates at the predictive fit and the path's
scores, :data:`skdfs.path.PATH_RANK_WEIGHT`, averaged over the used members)
and the default selection (:func:`skdfs.path.path_selection` over the used
members). The first variant must be the shipped path: its ranking and
selection are checked against the selector's own ``feature_importances_`` and
``path_support_`` on every unit (``--check-all``) or the first two (default),
and the run stops if they differ by more than 1e-6.

One CSV row per unit and variant: path steps and seconds, the fit's seconds,
ROC-AUC of the blended importances, F1, false share, recall and size of the
path's selection, the flag's rank (rare_flag). ``report`` prints per family
the mean and worst AUC and F1 per variant, the mean of the family means, the
worst single fit, and the mean path and fit seconds.
"""

import argparse
import csv
import os
import sys
import time
import warnings

import numpy as np
import torch
from sklearn.utils import check_random_state

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import bench_quality as bq  # noqa: E402
import bench_sweep as bs  # noqa: E402

# Public functions of skdfs's private modules, as the selector's fit uses
# them (the layout test forbids private *names*; these names are public).
from skdfs._ensemble import (  # noqa: E402
    global_noise,
    member_seeds,
    member_splits,
    path_seeds,
)
from skdfs._inputs import standardise  # noqa: E402
from skdfs._targets import NetTargetEncoder  # noqa: E402
from skdfs._threads import sharing_steps  # noqa: E402
from skdfs.importance import member_importances  # noqa: E402
from skdfs.path import PATH_RANK_WEIGHT, gate_path, path_selection  # noqa: E402
from skdfs.selection import normalise_rows  # noqa: E402

#: name: gate_path keyword arguments (the first is the shipped path).
VARIANTS = {
    "current": dict(growth=1.5, max_levels=25, steps_per_level=25),
    "g2_l15": dict(growth=2.0, max_levels=15, steps_per_level=25),
    "s12": dict(growth=1.5, max_levels=25, steps_per_level=12),
    "g2_l15_s15": dict(growth=2.0, max_levels=15, steps_per_level=15),
    "g2_l15_s12": dict(growth=2.0, max_levels=15, steps_per_level=12),
}

COLUMNS = (
    "half family kind task_type n_samples n_features n_relevant seed variant "
    "growth max_levels steps_per_level status path_steps path_levels "
    "path_seconds fit_seconds n_used auc f1 false_share recall n_selected "
    "flag_rank notes"
).split()


def fit_inputs(selector, X, y):
    """What the selector's ``fit`` trained its net on: ``(Xs, targets,
    train_idx, valid_idx, torch_seeds, noise_seeds, rng)``, rebuilt in the same
    order from the same ``random_state`` (mirrors ``DeepFeatureSelector.fit``
    for numeric tables without probes or groups)."""
    X = np.asarray(X)
    if X.dtype not in (np.float64, np.float32):
        X = X.astype(np.float64)
    encoder = NetTargetEncoder(selector.task, selector.loss)
    targets, strata = encoder.fit_transform(np.asarray(y))
    mean, scale, Xs = standardise(X)
    assert np.array_equal(mean, selector.scaler_mean_)
    assert np.array_equal(scale, selector.scaler_scale_)
    rng = check_random_state(selector.random_state)
    member_rngs, torch_seeds, noise_seeds = member_seeds(rng, selector.n_estimators)
    train_idx, valid_idx = member_splits(
        X.shape[0],
        selector.n_estimators,
        selector.validation_fraction,
        bool(selector.bootstrap),
        member_rngs,
        strata,
    )
    return Xs, targets, train_idx, valid_idx, torch_seeds, noise_seeds, rng


def gate_scores(selector, Xs, targets, train_idx, valid_idx, rng):
    """Member importances at the predictive fit, as ``fit`` computes them."""
    eval_idx = train_idx if valid_idx is None else valid_idx
    scores = member_importances(
        selector.importance,
        selector.net_,
        Xs,
        targets,
        eval_idx,
        n_repeats=selector.n_repeats,
        train_rows=train_idx,
        random_state=rng,
        groups=None,
    )
    scores[selector.member_diverged_] = 0.0
    return scores


def run_path(selector, inputs, variant):
    """``(path, seconds)``: the gate path as ``fit`` runs it, with ``variant``'s
    growth, levels and steps."""
    Xs, targets, train_idx, valid_idx, torch_seeds, noise_seeds, _ = inputs
    net = selector.net_
    generators, noise_seed = path_seeds(torch_seeds, noise_seeds)
    start = time.perf_counter()
    with global_noise(net.device, noise_seed), sharing_steps(net) as on_step:
        path = gate_path(
            net,
            Xs,
            targets,
            train_idx,
            valid_idx,
            start=1.5 * max(selector.gate_l1, 1e-4),
            generators=generators,
            on_step=on_step,
            **variant,
        )
    return path, time.perf_counter() - start


def blended(selector, scores, path):
    """``(feature_importances, support)`` from member scores and a path, as
    the selector's ``_set_importances`` and ``_set_path_results`` build them
    (no groups, no probes)."""
    d = selector.n_features_in_
    importances = normalise_rows(scores[:, :d] ** selector.importance_power)
    if selector.importance == "gate":
        importances = (1 - PATH_RANK_WEIGHT) * importances + PATH_RANK_WEIGHT * (
            path.importances()[:, :d]
        )
    used = selector.members_used_
    support, _ = path_selection(path, used)
    return importances[used].mean(axis=0), support[:d]


def check_current(selector, importances, support):
    """Stop unless the rebuilt shipped path matches the selector's own."""
    gap = float(np.max(np.abs(importances - selector.feature_importances_)))
    if gap > 1e-6 or not np.array_equal(support, selector.path_support_):
        raise AssertionError(
            f"the rebuilt path differs from the fit's: importances by {gap:.3g}, "
            f"support {support.astype(int)} vs {selector.path_support_.astype(int)}"
        )
    return gap


def run_unit(unit, variants, check, log):
    X, y, relevant, task_type = bs.load_unit(unit)
    start = time.perf_counter()
    selector, noted = bq.fit_skdfs(X, y, task_type, unit.seed, {})
    fit_seconds = time.perf_counter() - start
    base = dict(
        half=unit.half,
        family=unit.family,
        kind=unit.kind,
        task_type=task_type,
        n_samples=X.shape[0],
        n_features=X.shape[1],
        n_relevant=int(bq.relevant_mask(relevant, X.shape[1]).sum()),
        seed=unit.seed,
        fit_seconds=fit_seconds,
        n_used=int(np.sum(selector.members_used_)),
    )
    if not hasattr(selector, "path_"):
        raise RuntimeError("the default fit ran no gate path")
    inputs = fit_inputs(selector, X, y)
    Xs, targets, train_idx, valid_idx, _, _, rng = inputs
    scores = gate_scores(selector, Xs, targets, train_idx, valid_idx, rng)
    rows = []
    for i, (name, variant) in enumerate(variants.items()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            path, seconds = run_path(selector, inputs, variant)
        importances, support = blended(selector, scores, path)
        notes = noted
        if i == 0 and check:
            gap = check_current(selector, importances, support)
            notes = f"{noted};matches fit (max gap {gap:.1e})".lstrip(";")
            if path.steps != selector.path_.steps:
                raise AssertionError("path steps differ from the fit's")
        metrics = bs.score_row(importances, support, relevant, unit.family)
        rows.append(
            dict(
                base,
                variant=name,
                **variant,
                status="ok",
                path_steps=path.steps,
                path_levels=len(path.penalties) - 1,
                path_seconds=seconds,
                notes=notes,
                **metrics,
            )
        )
        log(
            f"{unit.half:>8} {unit.family:>18} {X.shape[0]:>5}x{X.shape[1]:<5} "
            f"s{unit.seed:<3} {name:>11}: steps {path.steps:4d} "
            f"{seconds:6.2f} s  auc {metrics['auc']:.3f} f1 {metrics['f1']:.3f}"
            f"  (fit {fit_seconds:.1f} s)"
        )
    return rows


def done(path):
    if not os.path.exists(path):
        return set()
    with open(path) as handle:
        return {
            (r["family"], int(r["n_samples"]), int(r["n_features"]), int(r["seed"]))
            for r in csv.DictReader(handle)
        }


def cmd_run(args):
    torch.set_num_threads(args.threads)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=args.threads)
    units = bs.plan(args.half, args.families, args.sizes, args.seeds, args.real)
    k, m = args.shard
    units = [u for i, u in enumerate(units) if i % m == k]
    if args.max_units:
        units = units[: args.max_units]
    names = args.variants or list(VARIANTS)
    if names[0] != "current":
        names = ["current"] + [n for n in names if n != "current"]
    variants = {n: VARIANTS[n] for n in names}
    print(
        f"probe_path_cost: {len(units)} units, variants {names}, "
        f"{args.threads} thread(s); python {' '.join(sys.argv)}",
        flush=True,
    )
    bs.warm_up(["skdfs"])
    have = done(args.csv)
    checked = 0
    start = time.perf_counter()
    for unit in units:
        if (unit.family, unit.n_samples, unit.n_features, unit.seed) in have:
            continue
        check = args.check_all or checked < 2
        rows = run_unit(unit, variants, check, lambda s: print(s, flush=True))
        checked += check
        new = not os.path.exists(args.csv)
        with open(args.csv, "a", newline="") as handle:
            writer = csv.DictWriter(handle, COLUMNS, extrasaction="ignore")
            if new:
                writer.writeheader()
            writer.writerows(rows)
    print(f"probe_path_cost: done in {(time.perf_counter() - start) / 60:.1f} min")


def summary(paths):
    """The markdown report of one or more CSVs."""
    import pandas as pd

    df = pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)
    df = df.drop_duplicates(
        ["family", "n_samples", "n_features", "seed", "variant"], keep="last"
    )
    df = df[df.status == "ok"]
    variants = list(dict.fromkeys(df.variant))
    n_fits = df[df.variant == variants[0]].shape[0]
    out = [f"{n_fits} fits; variants (growth, levels, steps per level):", ""]
    for v in variants:
        r = df[df.variant == v].iloc[0]
        out.append(
            f"- `{v}`: growth {r.growth}, max_levels {r.max_levels}, "
            f"steps_per_level {r.steps_per_level}"
        )
    out.append("")
    for metric in ("auc", "f1"):
        out += [f"### {metric.upper()} per family: mean (worst)", ""]
        out.append("| family | " + " | ".join(variants) + " |")
        out.append("|---" * (len(variants) + 1) + "|")
        for fam, g in df.groupby("family", sort=False):
            cells = []
            for v in variants:
                s = g[g.variant == v][metric]
                cells.append(f"{s.mean():.3f} ({s.min():.3f})")
            out.append(f"| {fam} | " + " | ".join(cells) + " |")
        out.append("")
    out += ["### Overall", ""]
    head = (
        "| variant | mean AUC | worst AUC | mean F1 | worst F1 | mean false share "
        "| mean recall | mean path steps | mean path s | mean fit s "
        "| path s / current |"
    )
    out += [head, "|---" * 11 + "|"]
    cur = df[df.variant == variants[0]].path_seconds.mean()
    table = {}
    for v in variants:
        g = df[df.variant == v]
        fam = g.groupby("family")
        row = dict(
            auc=fam.auc.mean().mean(),
            auc_worst=g.auc.min(),
            f1=fam.f1.mean().mean(),
            f1_worst=g.f1.min(),
            false_share=fam.false_share.mean().mean(),
            recall=fam.recall.mean().mean(),
            steps=g.path_steps.mean(),
            path_s=g.path_seconds.mean(),
            fit_s=g.fit_seconds.mean(),
        )
        table[v] = row
        out.append(
            f"| {v} | {row['auc']:.4f} | {row['auc_worst']:.3f} | {row['f1']:.4f} "
            f"| {row['f1_worst']:.3f} | {row['false_share']:.3f} "
            f"| {row['recall']:.3f} | {row['steps']:.0f} | {row['path_s']:.2f} "
            f"| {row['fit_s']:.2f} | {row['path_s'] / cur:.2f} |"
        )
    learned = ~df.notes.fillna("").str.contains("LowSignalWarning|NoLearningWarning")
    keys = ["family", "n_samples", "n_features", "seed"]
    ref = df[df.variant == variants[0]].set_index(keys)
    out += [
        "",
        "| variant | mean of family worst AUC | worst AUC, fits without "
        "LowSignalWarning | fits with AUC lower than current's by > 0.02 "
        "| by > 0.02 lower F1 | higher AUC by > 0.02 | higher F1 by > 0.02 |",
        "|---" * 7 + "|",
    ]
    for v in variants:
        g = df[df.variant == v]
        paired = g.set_index(keys)
        d_auc = paired.auc - ref.auc.reindex(paired.index)
        d_f1 = paired.f1 - ref.f1.reindex(paired.index)
        out.append(
            f"| {v} | {g.groupby('family').auc.min().mean():.3f} "
            f"| {g[learned[g.index]].auc.min():.3f} "
            f"| {int((d_auc < -0.02).sum())} | {int((d_f1 < -0.02).sum())} "
            f"| {int((d_auc > 0.02).sum())} | {int((d_f1 > 0.02).sum())} |"
        )
    out += [
        "",
        "Means are means of the family means; worst is the worst single fit. "
        "Fit seconds include the shipped path (the fit as the sweep runs it); "
        "timings from a shared 2-core machine, indicative only.",
        "",
    ]
    flags = df[df.family == "rare_flag"]
    if len(flags):
        out += ["### rare_flag: the flag's rank (1 = first), per fit", ""]
        out.append("| fit | " + " | ".join(variants) + " |")
        out.append("|---" * (len(variants) + 1) + "|")
        for (n, d, s), g in flags.groupby(["n_samples", "n_features", "seed"]):
            ranks = [f"{g[g.variant == v].flag_rank.iloc[0]:g}" for v in variants]
            out.append(f"| {n}x{d} s{s} | " + " | ".join(ranks) + " |")
        out.append("")
    out += choose(table, variants, held_out=set(df.half) == {"heldout"})
    return "\n".join(out)


def choose(table, variants, held_out=False):
    """The rule: the cheapest variant whose mean AUC and mean F1 are within
    0.005 of the first's and whose worst AUC and worst F1 are not lower by
    more than 0.02."""
    cur = table[variants[0]]
    ok = []
    lines = ["### Choice", ""]
    for v in variants[1:]:
        r = table[v]
        passes = (
            r["auc"] >= cur["auc"] - 0.005
            and r["f1"] >= cur["f1"] - 0.005
            and r["auc_worst"] >= cur["auc_worst"] - 0.02
            and r["f1_worst"] >= cur["f1_worst"] - 0.02
        )
        lines.append(
            f"- `{v}`: mean AUC {r['auc'] - cur['auc']:+.4f}, mean F1 "
            f"{r['f1'] - cur['f1']:+.4f}, worst AUC "
            f"{r['auc_worst'] - cur['auc_worst']:+.3f}, worst F1 "
            f"{r['f1_worst'] - cur['f1_worst']:+.3f}, path steps "
            f"{r['steps']:.0f}: {'qualifies' if passes else 'does not qualify'}"
        )
        if passes:
            ok.append(v)
    best = min(ok, key=lambda v: table[v]["steps"]) if ok else variants[0]
    lines += ["", f"Chosen (cheapest qualifying by mean path steps): `{best}`", ""]
    if held_out:
        lines[0] = "### The tuning half's rule applied here (information only)"
        lines[-2] = f"Cheapest variant that would pass here: `{best}`"
        lines += [
            "The choice is made on the tuning half and reported here unchanged; "
            "this block only says whether the held-out figures would pass the "
            "same rule.",
            "",
        ]
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run")
    p.add_argument("--half", default="tuning", choices=bs.HALVES)
    p.add_argument("--families", nargs="+", default=None)
    p.add_argument("--sizes", nargs="+", type=bs.parse_size, default=None)
    p.add_argument("--seeds", nargs="+", type=int, default=None)
    p.add_argument("--real", nargs="*", default=None)
    p.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=None)
    p.add_argument("--shard", type=bs.parse_shard, default=(0, 1))
    p.add_argument("--max-units", type=int, default=0, help="smoke runs")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--check-all", action="store_true")
    p.add_argument("--csv", required=True)
    r = sub.add_parser("report")
    r.add_argument("csv", nargs="+")
    r.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.command == "run":
        cmd_run(args)
    else:
        text = summary(args.csv)
        if args.out:
            with open(args.out, "w") as handle:
                handle.write(text)
        print(text)


if __name__ == "__main__":
    main()
