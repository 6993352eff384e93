"""Feature-ranking quality of DeepFeatureSelector and its peers on known truths.

    python benchmarks/bench_quality.py [--quick] [--seeds 0 1] [--methods ...]
        [--tasks ...] [--out docs/quality.md] [--csv results.csv]
        [--plot quality.png] [--skdfs-params '{"n_estimators": 8}']

Every method runs in this one process, one after another, on the same data:
the ground-truth tasks of :data:`skdfs.datasets.TASK_NAMES` (generated with
``make_task(name, random_state=seed)``) and four scikit-learn data sets with
probe columns appended (``load_with_probes(name, random_state=seed)``; the real
columns count as relevant, the probes as irrelevant). Each method returns a
score per feature (higher = more important), its default selection where it
has one, and the seconds it took. Metrics per task, method and seed:

- ``auc``: ROC-AUC of the scores, relevant against irrelevant features;
- ``precision_at_k``: share of relevant features among the k best scored,
  k = number of relevant features (ties broken at random, in expectation);
- ``f1``: F1 of the method's default selection against the relevant set
  (empty where the method has no default selection);
- ``seconds``: wall time of fitting plus scoring (``time.perf_counter``).

Methods:

- ``rf``: random forest (300 trees) impurity importances; selection:
  ``SelectFromModel`` with its mean threshold.
- ``mlp_permutation``: scikit-learn MLP (64, 64) with early stopping, fitted on
  75% of the standardised rows; permutation importance (5 repeats) on the other
  25%. No selection.
- ``mlp_weights``: the same MLP's first-layer weights, sum over units of
  ``|w_ij|`` times the input's standard deviation (1 after standardising).
  No selection. The MLP is fitted once per task and seed; its fitting time is
  counted in the seconds of both MLP methods.
- ``mutual_info``: ``mutual_info_classif`` / ``mutual_info_regression``.
  No selection.
- ``boruta``: BorutaPy (``boruta`` package) around a depth-5 random forest;
  score ``-ranking_`` plus a tie-breaker below one rank step from the mean
  importance Boruta recorded for each feature; selection ``support_``
  (confirmed features).
- ``lassonet``: LassoNet (``lassonet`` package) on standardised data, one
  hidden layer, default path, ``M=10``; score ``feature_importances_`` (the
  penalty at which a feature leaves the model); selection: the features active
  at the path point with the lowest validation loss.
- ``skdfs``: ``DeepFeatureSelector(random_state=seed)`` with its default
  parameters (``--skdfs-params`` overrides them); score
  ``feature_importances_``, selection ``get_support()``.

The targets of regression tasks are standardised for the two MLP methods and
LassoNet (their losses and penalty paths depend on the target's scale); every
other method, skdfs included, gets the data as generated.

The module is import-safe: ``run`` returns the raw results as a DataFrame and
the metric helpers can be reused (``tests/test_bench_quality.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import inspect
import json
import os
import platform
import shlex
import sys
import time
import warnings

import numpy as np
import pandas as pd
import torch
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.feature_selection import (
    SelectFromModel,
    mutual_info_classif,
    mutual_info_regression,
)
from sklearn.inspection import permutation_importance
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.preprocessing import LabelEncoder, StandardScaler

from skdfs import DeepFeatureSelector
from skdfs.datasets import BENCHMARK_TASKS, TASK_NAMES, load_with_probes, make_task

REAL_TASKS = ("breast_cancer", "wine", "diabetes", "digits")
ALL_TASKS = (*TASK_NAMES, *REAL_TASKS)
METHODS = (
    "rf",
    "mlp_permutation",
    "mlp_weights",
    "mutual_info",
    "boruta",
    "lassonet",
    "skdfs",
)
QUICK_TASKS = ("xor", "orange_skin", "friedman", "breast_cancer")
DEFAULT_SEEDS = (0, 1)
TORCH_THREADS = int(os.environ.get("SKDFS_BENCH_THREADS", 2))

# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------


def relevant_mask(relevant, n_features):
    """Boolean mask of length ``n_features``, True at the ``relevant`` indices."""
    mask = np.zeros(n_features, dtype=bool)
    mask[np.asarray(relevant, dtype=np.int64)] = True
    return mask


def roc_auc(scores, relevant):
    """ROC-AUC of ``scores`` for relevant (positive) against irrelevant features.

    Ties count one half (as in :func:`sklearn.metrics.roc_auc_score`). NaN when
    every feature is relevant or none is.
    """
    scores = np.asarray(scores, dtype=float)
    truth = relevant_mask(relevant, scores.size)
    if truth.all() or not truth.any():
        return float("nan")
    return float(roc_auc_score(truth, scores))


def precision_at_k(scores, relevant, k=None):
    """Share of relevant features among the ``k`` best scored features.

    ``k`` defaults to the number of relevant features. Features tied with the
    k-th best score share the remaining places equally, which is the expected
    precision under random tie-breaking: a method that gives every feature the
    same score gets the share of relevant features, whatever the column order.
    """
    scores = np.asarray(scores, dtype=float)
    truth = relevant_mask(relevant, scores.size)
    k = int(truth.sum()) if k is None else int(k)
    if k <= 0:
        return float("nan")
    kth = np.sort(scores)[::-1][k - 1]
    above = scores > kth
    tied = scores == kth
    n_left = k - int(above.sum())
    hits = truth[above].sum() + n_left * truth[tied].sum() / tied.sum()
    return float(hits / k)


def support_f1(support, relevant):
    """F1 of a boolean selection against the relevant set; NaN for ``None``."""
    if support is None:
        return float("nan")
    support = np.asarray(support, dtype=bool)
    truth = relevant_mask(relevant, support.size)
    return float(f1_score(truth, support, zero_division=0.0))


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def load_task(name, seed, quick=False, n_samples=None):
    """``(X, y, relevant, task_type)`` for a synthetic or probe-extended task.

    ``quick`` halves the default number of rows of the synthetic tasks;
    ``n_samples`` sets it outright. Neither changes the real data sets.
    """
    if name in REAL_TASKS:
        data = load_with_probes(name, random_state=seed)
        return data.data, data.target, data.relevant, data.task
    if name not in BENCHMARK_TASKS:
        raise ValueError(f"unknown task {name!r}; expected one of {ALL_TASKS}")
    overrides = {}
    if n_samples is not None:
        overrides["n_samples"] = int(n_samples)
    elif quick:
        task = BENCHMARK_TASKS[name]
        default = task.params.get(
            "n_samples",
            inspect.signature(task.generator).parameters["n_samples"].default,
        )
        overrides["n_samples"] = int(default) // 2
    return make_task(name, random_state=seed, **overrides)


# ---------------------------------------------------------------------------
# Methods: each returns (scores, support or None)
# ---------------------------------------------------------------------------


def _standardise(X, y, task_type):
    Xs = StandardScaler().fit_transform(X)
    if task_type == "regression":
        y = (y - y.mean()) / (y.std() or 1.0)
    return Xs, y


def _fit_mlp(X, y, task_type, seed):
    """The MLP shared by ``mlp_permutation`` and ``mlp_weights``."""
    Xs, ys = _standardise(X, y, task_type)
    classification = task_type == "classification"
    X_tr, X_te, y_tr, y_te = train_test_split(
        Xs,
        ys,
        test_size=0.25,
        random_state=seed,
        stratify=ys if classification else None,
    )
    cls = MLPClassifier if classification else MLPRegressor
    mlp = cls(
        hidden_layer_sizes=(64, 64),
        max_iter=300,
        early_stopping=True,
        random_state=seed,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning at max_iter
        mlp.fit(X_tr, y_tr)
    return mlp, X_te, y_te


def method_rf(X, y, task_type, seed, **_):
    cls = (
        RandomForestClassifier
        if task_type == "classification"
        else RandomForestRegressor
    )
    rf = cls(n_estimators=300, n_jobs=1, random_state=seed).fit(X, y)
    support = SelectFromModel(rf, prefit=True).get_support()
    return rf.feature_importances_, support


def method_mlp_permutation(X, y, task_type, seed, mlp=None, **_):
    mlp, X_te, y_te = mlp or _fit_mlp(X, y, task_type, seed)
    result = permutation_importance(
        mlp, X_te, y_te, n_repeats=5, random_state=seed, n_jobs=1
    )
    return result.importances_mean, None


def method_mlp_weights(X, y, task_type, seed, mlp=None, **_):
    mlp, _, _ = mlp or _fit_mlp(X, y, task_type, seed)
    # Inputs are standardised, so each input's standard deviation is 1.
    return np.abs(mlp.coefs_[0]).sum(axis=1) * 1.0, None


def method_mutual_info(X, y, task_type, seed, **_):
    if task_type == "classification":
        return mutual_info_classif(X, y, random_state=seed), None
    return mutual_info_regression(X, y, random_state=seed), None


def method_boruta(X, y, task_type, seed, **_):
    from boruta import BorutaPy

    if task_type == "classification":
        forest = RandomForestClassifier(
            max_depth=5, n_jobs=1, class_weight="balanced", random_state=seed
        )
    else:
        forest = RandomForestRegressor(max_depth=5, n_jobs=1, random_state=seed)
    boruta = BorutaPy(
        forest, n_estimators="auto", max_iter=50, random_state=seed, verbose=0
    )
    boruta.fit(X, y)
    # Tie-breaker inside a rank (all confirmed features share rank 1): the mean
    # importance Boruta recorded for the feature, scaled into [0, 0.5).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns
        mean_imp = np.nanmean(boruta.importance_history_[1:], axis=0)
    mean_imp = np.nan_to_num(mean_imp, nan=0.0)
    top = mean_imp.max()
    tie = 0.49 * mean_imp / top if top > 0 else np.zeros_like(mean_imp)
    return -boruta.ranking_.astype(float) + tie, boruta.support_.copy()


def method_lassonet(X, y, task_type, seed, **_):
    from lassonet import LassoNetClassifier, LassoNetRegressor

    Xs, ys = _standardise(X, y, task_type)
    if task_type == "classification":
        ys = LabelEncoder().fit_transform(ys)
        cls = LassoNetClassifier
    else:
        cls = LassoNetRegressor
    model = cls(
        hidden_dims=(32,),
        M=10,
        verbose=0,
        random_state=seed,
        torch_seed=seed,
        device="cpu",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "lambda_start too large"
        path = model.path(Xs, ys, return_state_dicts=False)
    scores = model.feature_importances_.numpy().astype(float)
    finite = np.isfinite(scores)
    if not finite.all():  # features still active at the end of the path
        scores[~finite] = 2.0 * (scores[finite].max() if finite.any() else 1.0)
    best = min(path, key=lambda item: item.val_loss)
    return scores, best.selected.numpy().astype(bool)


def fit_skdfs(X, y, task_type, seed, params=None):
    """``(selector, warning names)``: a fitted DeepFeatureSelector with
    ``params``, ``task="regression"`` said outright for a regression target
    (an integer-valued float target such as diabetes would otherwise be read
    as class labels, and the selector refuses 214 classes), its warnings
    recorded, not raised."""
    params = dict(params or {})
    if task_type == "regression":
        params.setdefault("task", "regression")
    selector = DeepFeatureSelector(random_state=seed, **params)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        selector.fit(X, y)
    return selector, ",".join(sorted({type(w.message).__name__ for w in caught}))


def method_skdfs(X, y, task_type, seed, skdfs_params=None, **_):
    selector, noted = fit_skdfs(X, y, task_type, seed, skdfs_params)
    scores = np.asarray(selector.feature_importances_, dtype=float)
    return scores, selector.get_support(), {"warnings": noted}


METHOD_FUNCTIONS = {
    "rf": method_rf,
    "mlp_permutation": method_mlp_permutation,
    "mlp_weights": method_mlp_weights,
    "mutual_info": method_mutual_info,
    "boruta": method_boruta,
    "lassonet": method_lassonet,
    "skdfs": method_skdfs,
}


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def run_method(method, X, y, task_type, seed, skdfs_params=None, mlp_cache=None):
    """Run one method; returns ``(scores, support, seconds, extra)``.

    ``mlp_cache`` (a dict) lets the two MLP methods share one fitted MLP; the
    MLP's fitting seconds are then added to each method's seconds.
    """
    kwargs = {"skdfs_params": skdfs_params}
    fit_seconds = 0.0
    if method in ("mlp_permutation", "mlp_weights") and mlp_cache is not None:
        if "mlp" not in mlp_cache:
            start = time.perf_counter()
            mlp_cache["mlp"] = _fit_mlp(X, y, task_type, seed)
            mlp_cache["seconds"] = time.perf_counter() - start
        kwargs["mlp"] = mlp_cache["mlp"]
        fit_seconds = mlp_cache["seconds"]
    start = time.perf_counter()
    out = METHOD_FUNCTIONS[method](X, y, task_type, seed, **kwargs)
    seconds = time.perf_counter() - start + fit_seconds
    scores, support = out[0], out[1]
    extra = out[2] if len(out) > 2 else {}
    return np.asarray(scores, dtype=float), support, seconds, extra


def run(
    tasks,
    methods,
    seeds,
    skdfs_params=None,
    quick=False,
    n_samples=None,
    verbose=False,
):
    """Run ``methods`` on ``tasks`` for every seed; long-format results.

    Returns a DataFrame with one row per (task, method, seed): ``task``,
    ``task_type``, ``method``, ``seed``, ``n_samples``, ``n_features``,
    ``n_relevant``, ``auc``, ``precision_at_k``, ``f1`` (NaN without a
    default selection), ``n_selected`` (NaN likewise), ``seconds``, ``notes``.
    """
    unknown = set(methods) - set(METHODS)
    if unknown:
        raise ValueError(f"unknown methods {sorted(unknown)}; expected {METHODS}")
    rows = []
    for task in tasks:
        for seed in seeds:
            X, y, relevant, task_type = load_task(task, seed, quick, n_samples)
            mlp_cache = {}
            for method in methods:
                scores, support, seconds, extra = run_method(
                    method, X, y, task_type, seed, skdfs_params, mlp_cache
                )
                row = dict(
                    task=task,
                    task_type=task_type,
                    method=method,
                    seed=seed,
                    n_samples=X.shape[0],
                    n_features=X.shape[1],
                    n_relevant=len(relevant),
                    auc=roc_auc(scores, relevant),
                    precision_at_k=precision_at_k(scores, relevant),
                    f1=support_f1(support, relevant),
                    n_selected=(
                        float("nan") if support is None else int(np.sum(support))
                    ),
                    seconds=seconds,
                    notes=extra.get("warnings", ""),
                )
                rows.append(row)
                if verbose:
                    print(
                        f"{task:>18} seed {seed} {method:>15}: "
                        f"auc {row['auc']:.3f}  p@k {row['precision_at_k']:.3f}  "
                        f"f1 {row['f1']:.3f}  {seconds:7.2f} s"
                        + (f"  [{row['notes']}]" if row["notes"] else ""),
                        file=sys.stderr,
                        flush=True,
                    )
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------


def pivot(df, metric, tasks=None, methods=None):
    """Task x method table of the mean of ``metric`` over seeds, with a mean row."""
    table = df.pivot_table(
        index="task", columns="method", values=metric, aggfunc="mean", dropna=False
    )
    tasks = [t for t in (tasks or ALL_TASKS) if t in table.index]
    methods = [m for m in (methods or METHODS) if m in table.columns]
    table = table.loc[tasks, methods]
    table.loc["mean"] = table.mean(axis=0)
    table.index.name = "task"
    return table


def _markdown(table, digits):
    cells = table.map(lambda v: "–" if pd.isna(v) else f"{v:.{digits}f}")
    return cells.to_markdown(colalign=("left",) + ("right",) * table.shape[1])


def _version(dist):
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def header(argv, seeds, skdfs_params):
    cmd = "python benchmarks/bench_quality.py" + (
        " " + shlex.join(argv) if argv else ""
    )
    versions = ", ".join(
        f"{name} {_version(dist)}"
        for name, dist in (
            ("numpy", "numpy"),
            ("scikit-learn", "scikit-learn"),
            ("torch", "torch"),
            ("skorch", "skorch"),
            ("boruta", "Boruta"),
            ("lassonet", "lassonet"),
            ("skdfs", "skdfs"),
        )
    )
    params = DeepFeatureSelector().get_params()
    params.update(skdfs_params or {})
    shown = ", ".join(
        f"{k}={params[k]!r}"
        for k in (
            "n_estimators",
            "hidden_layer_sizes",
            "max_epochs",
            "patience",
            "batch_size",
            "lr",
            "gate_l1",
            "gate_lr_scale",
            "importance_power",
            "validation_fraction",
            "threshold",
        )
        if k in params
    )
    load = ""
    with contextlib.suppress(OSError):
        load = " / ".join(f"{v:.2f}" for v in os.getloadavg())
    lines = [
        f"`{cmd}`",
        "",
        f"- Python {platform.python_version()}; {versions}",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPU cores "
        f"({platform.processor() or platform.platform()}); torch threads "
        f"{torch.get_num_threads()}; every method single-process (n_jobs=1); "
        f"load average at the end {load or 'n/a'}",
        f"- Seeds: {' '.join(map(str, seeds))}; tables show means over seeds",
        "- skdfs: DeepFeatureSelector("
        + ("defaults" if not skdfs_params else f"overrides {skdfs_params!r}")
        + f"; {shown})",
    ]
    return "\n".join(lines)


NOTES = """\
Reading it:

- Relevant features: the generator's truth for the synthetic tasks; for the
  real data sets (breast_cancer, wine, diabetes, digits) every real column,
  against as many N(0, 1) probes and as many row-permuted copies of real
  columns. A real column that carries no information about the target is
  still counted relevant, so AUC < 1 there is expected for every method
  (e.g. digits' near-constant border pixels).
- correlated: only the two drivers are relevant; their noisy copies (rho 0.95)
  count as irrelevant, so a method that spreads importance over the copies
  loses AUC and precision.
- madelon: the 5 informative and 5 redundant (linear combinations) columns are
  relevant.
- F1 is shown only for methods with a default selection: rf (SelectFromModel,
  mean threshold), boruta (confirmed features), lassonet (features active at
  the path point with the lowest validation loss) and skdfs (``get_support()``
  with its default threshold).
- Seconds are wall time of fitting plus scoring, one method after another in
  one process on the 2-core machine; the two MLP methods share one fitted
  MLP, counted in both.
"""


def report(df, argv, seeds, skdfs_params, tasks, methods):
    """The markdown report (header, notes and four tables)."""
    parts = ["# Feature-ranking quality against peers", ""]
    parts += [header(argv, seeds, skdfs_params), ""]
    sections = (
        ("auc", "ROC-AUC of the importance scores (relevant vs the rest)", 3),
        ("precision_at_k", "Precision at k = number of relevant features", 3),
        ("f1", "F1 of the default selection (– = method has none)", 3),
        ("seconds", "Seconds per fit (fitting + scoring)", 2),
    )
    for metric, title, digits in sections:
        parts += [f"## {title}", ""]
        parts += [_markdown(pivot(df, metric, tasks, methods), digits), ""]
    if "skdfs" in set(df["method"]):
        sel = pivot(df, "n_selected", tasks, methods)
        parts += ["## Features selected (mean count; relevant count in column k)", ""]
        k = df.groupby("task")["n_relevant"].first()
        sel.insert(0, "k", k.reindex(sel.index))
        sel = sel.dropna(axis=1, how="all")
        parts += [_markdown(sel, 1), ""]
        notes = df.loc[(df["method"] == "skdfs") & (df["notes"] != "")]
        if len(notes):
            parts += ["Warnings raised by skdfs fits:", ""]
            for _, r in notes.iterrows():
                parts.append(f"- {r['task']} seed {r['seed']}: {r['notes']}")
            parts.append("")
    parts += [NOTES]
    return "\n".join(parts)


def plot(df, path, tasks=None, methods=None):
    """Heatmap of the mean AUC per task and method, written to ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = pivot(df, "auc", tasks, methods)
    fig, ax = plt.subplots(
        figsize=(1.1 * table.shape[1] + 3, 0.42 * table.shape[0] + 1.5)
    )
    image = ax.imshow(
        table.to_numpy(), cmap="viridis", vmin=0.5, vmax=1.0, aspect="auto"
    )
    ax.set_xticks(range(table.shape[1]), table.columns, rotation=30, ha="right")
    ax.set_yticks(range(table.shape[0]), table.index)
    for i in range(table.shape[0]):
        for j in range(table.shape[1]):
            value = table.iat[i, j]
            if np.isfinite(value):
                ax.text(
                    j,
                    i,
                    f"{value:.2f}",
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="black" if value > 0.8 else "white",
                )
    ax.axhline(table.shape[0] - 1.5, color="white", linewidth=2)
    fig.colorbar(image, ax=ax, label="ROC-AUC (relevant vs rest)")
    ax.set_title("Feature-ranking ROC-AUC, mean over seeds")
    fig.tight_layout()
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"tasks {', '.join(QUICK_TASKS)}, one seed, half the rows",
    )
    parser.add_argument("--seeds", type=int, nargs="+", default=None)
    parser.add_argument("--tasks", nargs="+", default=None, choices=ALL_TASKS)
    parser.add_argument("--methods", nargs="+", default=None, choices=METHODS)
    parser.add_argument("--out", help="write the markdown report here")
    parser.add_argument("--csv", help="write the raw long-format results here")
    parser.add_argument("--plot", help="write an AUC heatmap (PNG) here")
    parser.add_argument(
        "--from-csv",
        help="rebuild the report and plot from the raw results of an earlier "
        "run (its --csv) instead of running",
    )
    parser.add_argument(
        "--skdfs-params",
        type=json.loads,
        default=None,
        help="JSON object of DeepFeatureSelector parameters to override",
    )
    args = parser.parse_args(argv)

    torch.set_num_threads(TORCH_THREADS)
    tasks = args.tasks or list(QUICK_TASKS if args.quick else ALL_TASKS)
    seeds = args.seeds or ([0] if args.quick else list(DEFAULT_SEEDS))
    methods = args.methods or list(METHODS)

    if args.from_csv:
        df = pd.read_csv(args.from_csv, dtype={"notes": str})
        df["notes"] = df["notes"].fillna("")
        tasks = [t for t in tasks if t in set(df["task"])]
        methods = [m for m in methods if m in set(df["method"])]
        seeds = sorted(set(df["seed"]))
        text = report(df, argv, seeds, args.skdfs_params, tasks, methods)
        text += f"\nRebuilt from {args.from_csv}; run-time header is today's.\n"
    else:
        start = time.perf_counter()
        df = run(
            tasks,
            methods,
            seeds,
            skdfs_params=args.skdfs_params,
            quick=args.quick,
            verbose=True,
        )
        total = time.perf_counter() - start
        text = report(df, argv, seeds, args.skdfs_params, tasks, methods)
        text += f"\nTotal wall time of the run: {total / 60:.1f} min.\n"
    print(text)
    if args.out:
        os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
        with open(args.out, "w") as fh:
            fh.write(text)
    if args.csv:
        os.makedirs(os.path.dirname(os.path.abspath(args.csv)), exist_ok=True)
        df.to_csv(args.csv, index=False)
    if args.plot:
        plot(df, args.plot, tasks, methods)
    return df


if __name__ == "__main__":
    main()
