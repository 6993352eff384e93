"""Probe: training on wide tables (more columns than rows), issue #14.

Fits ``DeepFeatureSelector`` variants on ground-truth tasks of
:mod:`skdfs.datasets` and writes one CSV row per fit (ROC-AUC of
``feature_importances_`` against the relevant columns, members used, their
relative gain over the constant predictor, best epochs, steps, seconds,
warnings), then a markdown table of mean / worst AUC per family, variant and
cell::

    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/probes/probe_wide.py \\
        --variants '{"default": {}, "narrow": {"hidden_layer_sizes": [32]}}' \\
        --cells 250x500 500x20 1000x100 --seeds 0 1 2 \\
        --out benchmarks/results/wide_tuning

writes ``wide_tuning.csv`` (rows are appended as fits finish; a rerun skips
the rows already there) and ``wide_tuning.md``. Where the selector has a
screen (``screen``, ``n_screen_``: commit d50b161, measured and reverted)
``auc_order`` ranks the features the screen dropped after the kept ones by
their first-pass shares (``screen_scores_``) instead of leaving them at 0.
A variant's params may hold ``"_basis": "quadratic"``: every standardised
column then enters twice, as ``x`` and ``x**2 - 1``, under one gate (a group)
per original feature (a per-feature nonlinear basis emulated outside the
library; the AUC is that of ``group_importances_``); ``"quadratic_nonbinary"``
squares only the columns with more than two values. The library's own
``input_basis="quadratic"`` differs from both in one point: a gate pays its
penalty once, where the emulation's two-column groups pay it twice. ``rf``
as a variant name fits a random forest (300 trees) instead, the reference the
issue asks to match.
Cells ``NxD`` with ``D > N`` run the wide families (:data:`WIDE_FAMILIES`),
the others every task of :data:`skdfs.datasets.TASK_NAMES` (``--families``
overrides both). ``--summary CSV ...`` only rebuilds the table.
``--dynamics FAMILY SEED`` prints, for each cell, the data gradient on the
gates at initialisation (relevant vs irrelevant) and the course of one fit
(params: the first variant): per epoch the training loss, the validation loss
minus the constant's, quantiles of the relevant and irrelevant gates and of
the members' gate ROC-AUC.

Always single-threaded: ``OMP_NUM_THREADS=1`` and ``torch.set_num_threads(1)``
(the machine is shared).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections import defaultdict  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs._inputs import curved_columns  # noqa: E402
from skdfs.datasets import TASK_NAMES, make_task  # noqa: E402

WIDE_FAMILIES = (
    "orange_skin",
    "switch",
    "parity3",
    "pairwise_products",
    "cat_interaction",
    "xor",
)

FIELDS = [
    "variant",
    "params",
    "family",
    "n",
    "d",
    "seed",
    "auc",
    "n_used",
    "n_members",
    "median_gain",
    "median_best_epoch",
    "epochs",
    "steps",
    "batch_size",
    "seconds",
    "warnings",
    "refit_k",
    "auc_order",
]


def fit_one(variant, params, family, n, d, seed):
    """One fit; returns a CSV row (dict)."""
    X, y, relevant, task_type = make_task(
        family, random_state=seed, n_samples=n, n_features=d
    )
    truth = np.zeros(X.shape[1], dtype=bool)
    truth[relevant] = True
    row = dict(variant=variant, params=json.dumps(params), family=family, n=n, d=d)
    row["seed"] = seed
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if variant == "rf":
            cls = (
                RandomForestClassifier
                if task_type == "classification"
                else RandomForestRegressor
            )
            model = cls(n_estimators=300, random_state=seed, n_jobs=1).fit(X, y)
            scores = model.feature_importances_
        elif params.get("_basis") in ("quadratic", "quadratic_nonbinary"):
            # Emulated per-feature basis: every standardised column x also
            # enters as x**2 - 1, one gate (group) per original feature
            # ("quadratic_nonbinary": only columns with more than two values;
            # the square of a two-valued column is a copy of it).
            nonbinary = params["_basis"] == "quadratic_nonbinary"
            params = {k: v for k, v in params.items() if k != "_basis"}
            Z = (X - X.mean(0)) / X.std(0)
            curved = curved_columns(X) if nonbinary else np.arange(X.shape[1])
            groups = np.r_[np.arange(X.shape[1]), curved]
            Z = np.hstack([Z, Z[:, curved] ** 2 - 1])
            model = DeepFeatureSelector(random_state=seed, groups=groups, **params)
            model.fit(Z, y)
            scores = model.group_importances_
        else:
            model = DeepFeatureSelector(random_state=seed, **params).fit(X, y)
            scores = model.feature_importances_
    row["seconds"] = round(time.perf_counter() - start, 2)
    row["auc"] = round(float(roc_auc_score(truth, scores)), 4)
    names = sorted(
        {
            w.category.__name__
            for w in caught
            if w.category.__module__.startswith("skdfs")
        }
    )
    row["warnings"] = " ".join(names)
    if getattr(model, "n_screen_", None) is not None:  # the library's screen
        order = model.screen_scores_[: X.shape[1]].copy()
        kept = model.net_.module_.gate.keep.cpu().numpy()[: X.shape[1]] > 0
        order[kept] = 1.0 + model.feature_importances_[kept]
        row["auc_order"] = round(float(roc_auc_score(truth, order)), 4)
        row["refit_k"] = model.n_screen_
    if variant != "rf":
        gain = 1.0 - model.member_scores_ / model.member_baseline_scores_
        row.update(
            n_used=int(model.members_used_.sum()),
            n_members=len(model.members_used_),
            median_gain=round(float(np.nanmedian(gain)), 4),
            median_best_epoch=float(np.median(model.net_.member_best_epoch_)),
            epochs=model.n_iter_,
            steps=model.n_steps_,
            batch_size=model.batch_size_,
        )
    return row


def initial_gate_gradients(family, n, d, seed, n_members=64):
    """Mean, sign share and size of the data gradient on the gates at
    initialisation (no penalty), relevant vs irrelevant features."""
    from skdfs.network import GatedEnsembleMLP

    X, y, relevant, task_type = make_task(
        family, random_state=seed, n_samples=n, n_features=d
    )
    if task_type != "classification" or len(np.unique(y)) != 2:
        return f"{family}: initial gradients are shown for binary targets only"
    X = (X - X.mean(0)) / X.std(0)
    truth = np.zeros(d, dtype=bool)
    truth[relevant] = True
    torch.manual_seed(seed)
    module = GatedEnsembleMLP(n_members, d, 1, (64, 64))
    out = module(torch.tensor(X, dtype=torch.float32))[..., 0]
    target = torch.tensor(y, dtype=torch.float32).expand_as(out)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(
        out, target, reduction="none"
    )
    loss.mean(1).sum().backward()
    g = module.gate.weight.grad.numpy()
    return (
        f"{family} {n}x{d}: data gradient on the gates at init, relevant / "
        f"irrelevant: mean {g[:, truth].mean():.2e} / {g[:, ~truth].mean():.2e}, "
        f"share positive {(g[:, truth] > 0).mean():.2f} / "
        f"{(g[:, ~truth] > 0).mean():.2f}, mean |g| {np.abs(g[:, truth]).mean():.2e}"
        f" / {np.abs(g[:, ~truth]).mean():.2e} (gate_l1 adds 1e-3)"
    )


def gate_dynamics(family, n, d, seed, params):
    """Per-epoch gate statistics of one default fit (printed lines)."""
    from skorch.callbacks import Callback

    X, y, relevant, _ = make_task(family, random_state=seed, n_samples=n, n_features=d)
    truth = np.zeros(d, dtype=bool)
    truth[relevant] = True
    store = []

    class Record(Callback):
        def on_epoch_end(self, net, **kwargs):
            gates = net.module_.gate.weight.detach().cpu().numpy().copy()
            store.append((len(net.history), gates, net.history[-1]))

    class Recording(DeepFeatureSelector):
        def _build_net(self, *args, **kwargs):
            net = super()._build_net(*args, **kwargs)
            net.callbacks = [*net.callbacks, ("record", Record())]
            return net

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = Recording(random_state=seed, **params).fit(X, y)
    base = model.member_baseline_scores_
    gain = 1 - model.member_scores_ / base
    lines = [
        f"{family} {n}x{d} seed {seed} {json.dumps(params)}: AUC "
        f"{roc_auc_score(truth, model.feature_importances_):.3f}, members used "
        f"{model.members_used_.sum()}/{len(base)}, best epochs "
        f"{np.sort(model.net_.member_best_epoch_).tolist()}, steps per epoch "
        f"{model._schedule.steps_per_epoch}, relative gain over the constant "
        f"median {np.median(gain):.3f} (range {gain.min():.3f} .. {gain.max():.3f})",
        "epoch  train  valid-base  gate rel q10/50/90   gate irr q10/50/90   "
        "member gate-AUC q10/50/90",
    ]
    picks = sorted(
        {*range(1, 13), *range(13, len(store) + 1, max(1, len(store) // 12))}
    )
    for epoch, gates, row in (store[i - 1] for i in picks if i <= len(store)):
        aucs = [roc_auc_score(truth, g) for g in gates]
        q = (0.1, 0.5, 0.9)
        lines.append(
            f"{epoch:5d}  {row['train_loss']:.3f}  "
            f"{np.mean(np.asarray(row['valid_member_loss']) - base):+.3f}      "
            f"{np.round(np.quantile(gates[:, truth], q), 2)}   "
            f"{np.round(np.quantile(gates[:, ~truth], q), 2)}   "
            f"{np.round(np.quantile(aucs, q), 2)}"
        )
    return lines


def parse_cell(cell):
    n, d = cell.lower().split("x")
    return int(n), int(d)


def read_rows(paths):
    rows = []
    for path in paths:
        if os.path.exists(path):
            with open(path, newline="") as fh:
                rows.extend(csv.DictReader(fh))
    return rows


def summary(rows):
    """Markdown: mean / worst AUC per cell, family and variant, and per cell."""
    variants = list(dict.fromkeys(r["variant"] for r in rows))
    cells = list(dict.fromkeys(f"{r['n']}x{r['d']}" for r in rows))
    auc = defaultdict(list)
    secs = defaultdict(list)
    used = defaultdict(list)
    for r in rows:
        key = (f"{r['n']}x{r['d']}", r["family"], r["variant"])
        auc[key].append(float(r["auc"]))
        secs[(key[0], key[2])].append(float(r["seconds"]))
        if r.get("n_used"):
            used[key].append(int(r["n_used"]))
    out = []
    for cell in cells:
        families = list(
            dict.fromkeys(r["family"] for r in rows if f"{r['n']}x{r['d']}" == cell)
        )
        present = [v for v in variants if any(k[0] == cell and k[2] == v for k in auc)]
        out.append(f"\n### {cell}: ROC-AUC mean / worst over seeds (members used)\n")
        out.append("| family | " + " | ".join(present) + " |")
        out.append("|---|" + "---:|" * len(present))
        for fam in families:
            cells_txt = []
            for v in present:
                a = auc.get((cell, fam, v))
                if not a:
                    cells_txt.append("")
                    continue
                u = used.get((cell, fam, v))
                extra = f" ({np.mean(u):.0f})" if u else ""
                cells_txt.append(f"{np.mean(a):.3f} / {min(a):.3f}{extra}")
            out.append(f"| {fam} | " + " | ".join(cells_txt) + " |")
        means, worsts, times = [], [], []
        for v in present:
            per_fam = [auc[(cell, f, v)] for f in families if auc.get((cell, f, v))]
            means.append(f"{np.mean([np.mean(a) for a in per_fam]):.3f}")
            worsts.append(f"{min(min(a) for a in per_fam):.3f}")
            times.append(f"{np.median(secs[(cell, v)]):.1f}")
        out.append("| **mean of family means** | " + " | ".join(means) + " |")
        out.append("| **worst fit** | " + " | ".join(worsts) + " |")
        out.append("| median seconds per fit | " + " | ".join(times) + " |")
    params = {r["variant"]: r["params"] for r in rows}
    out.append("\nVariants: " + "; ".join(f"`{v}` = `{params[v]}`" for v in variants))
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=json.loads, default={"default": {}})
    parser.add_argument("--cells", nargs="+", default=["250x500"])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--families", nargs="+", default=None)
    parser.add_argument("--out", default="benchmarks/results/wide_tuning")
    parser.add_argument("--summary", nargs="+", default=None, metavar="CSV")
    parser.add_argument(
        "--dynamics",
        nargs=2,
        metavar=("FAMILY", "SEED"),
        help="print the gates' course over training in one fit of each cell "
        "(params: the first variant) and the gates' initial gradients",
    )
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    if args.summary:
        print(summary(read_rows(args.summary)), end="")
        return
    if args.dynamics:
        family, seed = args.dynamics[0], int(args.dynamics[1])
        params = next(iter(args.variants.values()))
        for cell in args.cells:
            n, d = parse_cell(cell)
            print(initial_gate_gradients(family, n, d, seed))
            print("\n".join(gate_dynamics(family, n, d, seed, params)), flush=True)
        return
    path = args.out + ".csv"
    done = {
        (r["variant"], r["family"], int(r["n"]), int(r["d"]), int(r["seed"]))
        for r in read_rows([path])
    }
    old_rows = read_rows([path])
    if old_rows and list(old_rows[0]) != FIELDS:  # an older layout: rewrite it
        with open(path, "w", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=FIELDS, restval="")
            writer.writeheader()
            writer.writerows({k: r.get(k, "") for k in FIELDS} for r in old_rows)
    new_file = not os.path.exists(path)
    with open(path, "a", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, restval="")
        if new_file:
            writer.writeheader()
        for cell in args.cells:
            n, d = parse_cell(cell)
            families = args.families or (WIDE_FAMILIES if d > n else TASK_NAMES)
            for family in families:
                for seed in args.seeds:
                    for variant, params in args.variants.items():
                        if (variant, family, n, d, seed) in done:
                            continue
                        row = fit_one(variant, params, family, n, d, seed)
                        writer.writerow(row)
                        fh.flush()
                        print(
                            f"{variant:>12} {family:>18} {cell} s{seed} "
                            f"auc {row['auc']:.3f} used {row.get('n_used', '-')} "
                            f"{row['seconds']:.1f}s {row['warnings']}",
                            flush=True,
                        )
    with open(args.out + ".md", "w") as fh:
        fh.write(summary(read_rows([path])))


if __name__ == "__main__":
    main()
