"""Importance methods compared on the ground-truth suite: ROC-AUC and seconds.

Run on a quiet machine (the table in ``docs/importance.rst`` came from)::

    OMP_NUM_THREADS=1 python benchmarks/bench_importance.py

For every task one :class:`skdfs.DeepFeatureSelector` is trained; then every
method of :mod:`skdfs.importance` scores the features on those same fitted
networks, each member on its own held-out rows, exactly as
``DeepFeatureSelector(importance=method)`` does inside ``fit`` (same
``random_state``, same networks). ``"ablation"`` retrains: its seconds are a
new training of ``n_estimators * (n_features + 1)`` networks. The score is
the ROC-AUC of ``feature_importances_`` (relevant columns against the rest);
seconds are those of the importance computation alone, next to the training
time of the ensemble. ``--quick`` runs a smaller version in well under a
minute.
"""

from __future__ import annotations

import argparse
import platform
import time

import numpy as np
import torch
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task
from skdfs.importance import METHODS, member_importances

TASKS = (
    "xor",
    "orange_skin",
    "nonlinear_additive",
    "switch",
    "pairwise_products",
    "friedman",
    "correlated",
)
QUICK_TASKS = ("xor", "friedman", "correlated")


def score_methods(X, y, relevant, selector, methods, random_state=0):
    """Fit ``selector`` once, then score every method on its members.

    Returns ``{method: (auc, seconds)}`` and the training seconds.
    """
    start = time.perf_counter()
    selector.fit(X, y)
    train_seconds = time.perf_counter() - start
    net = selector.net_
    Xs = ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32)
    targets = selector.target_encoder_.transform(y)
    split = net.train_split
    rows = split.train_index if split.valid_index is None else split.valid_index
    truth = np.isin(np.arange(X.shape[1]), relevant)
    results = {}
    for method in methods:
        start = time.perf_counter()
        scores = member_importances(
            method,
            net,
            Xs,
            targets,
            rows,
            train_rows=split.train_index,
            n_repeats=selector.n_repeats,
            random_state=random_state,
        )
        seconds = time.perf_counter() - start
        # As in fit: each member's scores to the selector's importance_power.
        scores = scores**selector.importance_power
        total = scores.sum(axis=1, keepdims=True)
        normalised = np.where(total > 0, scores / np.where(total > 0, total, 1), 0)
        mean = normalised[selector.members_used_].mean(axis=0)
        results[method] = (roc_auc_score(truth, mean), seconds)
    return results, train_seconds


def _seconds(s):
    return f"{s:.3f}" if s < 1 else f"{s:.1f}"


def markdown_table(table, train_seconds, methods):
    head = "| task | train s | " + " | ".join(methods) + " |"
    rule = "|---|---:|" + "---:|" * len(methods)
    lines = [head, rule]
    for task, results in table.items():
        cells = [f"{results[m][0]:.3f} ({_seconds(results[m][1])} s)" for m in methods]
        lines.append(f"| {task} | {train_seconds[task]:.1f} | " + " | ".join(cells))
    mean_auc = [np.mean([r[m][0] for r in table.values()]) for m in methods]
    total_s = [np.sum([r[m][1] for r in table.values()]) for m in methods]
    cells = [f"**{a:.3f}** ({_seconds(s)} s)" for a, s in zip(mean_auc, total_s)]
    total_train = sum(train_seconds.values())
    lines.append(f"| mean AUC (total s) | {total_train:.1f} | " + " | ".join(cells))
    return "\n".join(line if line.endswith("|") else line + " |" for line in lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small, < 1 minute")
    parser.add_argument("--tasks", nargs="+", default=None)
    parser.add_argument("--methods", nargs="+", default=list(METHODS))
    parser.add_argument("--n-samples", type=int, default=None)
    parser.add_argument("--n-features", type=int, default=None)
    parser.add_argument("--n-estimators", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", help="write the markdown table to this file")
    parser.add_argument("--plot", help="save a heatmap of the AUCs to this file")
    args = parser.parse_args(argv)
    tasks = args.tasks or (QUICK_TASKS if args.quick else TASKS)
    n_samples = args.n_samples or (600 if args.quick else 1000)
    n_features = args.n_features or (10 if args.quick else 20)
    n_estimators = args.n_estimators or (4 if args.quick else 8)
    params = dict(
        n_estimators=n_estimators,
        hidden_layer_sizes=(32,) if args.quick else (64, 64),
        max_epochs=40 if args.quick else 100,
        random_state=args.seed,
        device="cpu",
    )
    print(
        f"# {len(tasks)} tasks, {n_samples} rows, {n_features} features, "
        f"{params}; torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{platform.processor() or platform.machine()}"
    )
    # Warm-up: the first fit pays one-off costs (kernel selection, imports).
    warm_X, warm_y, _, _ = make_task("xor", n_samples=200, n_features=4)
    DeepFeatureSelector(n_estimators=2, max_epochs=2, device="cpu").fit(warm_X, warm_y)
    table, train_seconds = {}, {}
    for name in tasks:
        X, y, relevant, _ = make_task(
            name, random_state=args.seed, n_samples=n_samples, n_features=n_features
        )
        selector = DeepFeatureSelector(**params)
        table[name], train_seconds[name] = score_methods(
            X, y, relevant, selector, args.methods, random_state=args.seed
        )
        cells = ", ".join(f"{m} {a:.3f}" for m, (a, _) in table[name].items())
        print(f"{name}: trained in {train_seconds[name]:.1f} s; {cells}", flush=True)
    text = markdown_table(table, train_seconds, args.methods)
    print()
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        aucs = np.array([[table[t][m][0] for m in args.methods] for t in tasks])
        fig, ax = plt.subplots(
            figsize=(1.1 * len(args.methods) + 2, 0.5 * len(tasks) + 1.5)
        )
        image = ax.imshow(aucs, vmin=0.5, vmax=1.0, cmap="viridis")
        ax.set_xticks(range(len(args.methods)), args.methods, rotation=45, ha="right")
        ax.set_yticks(range(len(tasks)), tasks)
        for (i, j), value in np.ndenumerate(aucs):
            ax.text(
                j,
                i,
                f"{value:.2f}",
                ha="center",
                va="center",
                color="k" if value > 0.8 else "w",
            )
        fig.colorbar(image, ax=ax, label="ROC-AUC")
        fig.tight_layout()
        fig.savefig(args.plot, dpi=120)


if __name__ == "__main__":
    main()
