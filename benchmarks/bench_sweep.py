"""The sweep: every ground-truth family at several sizes, split into two halves.

    python benchmarks/bench_sweep.py run --half tuning --csv CSV [options]
    python benchmarks/bench_sweep.py run --preset core --csv CSV
    python benchmarks/bench_sweep.py plan --half heldout [options]
    python benchmarks/bench_sweep.py estimate --half tuning --timings CSV
    python benchmarks/bench_sweep.py report CSV [CSV ...] [--out report.md]

What runs
---------
Families: the twelve generators of :data:`skdfs.datasets.TASK_NAMES` (xor,
parity3, orange_skin, nonlinear_additive, switch, pairwise_products, madelon,
friedman, correlated, two_moons, rare_flag, cat_interaction), each generated
with ``make_task(family, random_state=seed, n_samples=n, n_features=d)``, and
four real tables with probe columns, ``load_with_probes(name,
random_state=seed)`` (breast_cancer, wine, diabetes, digits: the real columns
count as relevant, the probes as irrelevant; the table's own size).

Sizes: the grid n in {500, 1000, 4000} rows x d in {20, 100, 500} columns, plus
two wide cells with more columns than rows, (250, 500) and (250, 1000).

The halves (fixed rule, :func:`half_sizes`, :data:`HALF_SEEDS`): a grid cell
(i, j) (i indexes n, j indexes d, both from 0) belongs to the **tuning** half
when i + j is even and to the **held-out** half when it is odd; the wide cell
(250, 500) is tuning, (250, 1000) held-out. Seeds: tuning {0, 1, 2}, held-out
{10, 11, 12}; for the real tables the seed is the probe seed (the rows are
the same in both halves, only the probes and the methods' seeds differ). No
(family, size, seed) is in both halves. Defaults are chosen on the tuning half
only; the held-out half is for the claims.

======== =========================================================
tuning   500x20 500x500 1000x100 4000x20 4000x500 250x500 (d > n)
held-out 500x100 1000x20 1000x500 4000x100 250x1000 (d > n)
======== =========================================================

Methods (one after another, in one process, on the same data):

- ``skdfs``: ``DeepFeatureSelector(random_state=seed)`` with its defaults;
  ``skdfs:NAME`` is a variant given with ``--variant NAME='{"param": value}'``
  (JSON of DeepFeatureSelector parameters, stored in the ``params`` column);
- ``rf``: random forest (300 trees) impurity importances, selection
  ``SelectFromModel`` (mean threshold);
- ``boruta``, ``lassonet``, ``mutual_info``: as in ``bench_quality.py``
  (``mutual_info`` has no selection);
- ``knockoff_lasso``, ``knockoff_rf``, ``knockoff_deeppink``: model-X Gaussian
  knockoffs from the ``knockpy`` package (covariance by Ledoit-Wolf, knockpy's
  default S-matrix), its lasso, random-forest and DeepPINK statistics on the
  standardised data, knockoff+ selection at FDR 0.1; the score is the
  statistic W. The three share one knockoff matrix per task; its sampling
  time is counted in each. knockpy treats a multiclass target as numeric.

A method whose package is missing is skipped with a note (no row written).

Metrics (one CSV row per family, size, seed and method): ``auc`` (ROC-AUC of
the scores, relevant vs the rest), ``precision_at_k`` (k = number relevant),
``f1``, ``false_share`` (share of the selected features that are irrelevant;
0 when nothing is selected), ``recall`` (share of the relevant features
selected), ``n_selected``, ``flag_rank`` (rare_flag only: rank of the flag
among all columns, 1 = first, ties shared), ``seconds`` (wall time of the
fit and scoring). Methods without a selection leave the selection metrics
empty.

Runs are appended to the CSV one by one; a rerun with the same CSV skips the
(half, family, size, seed, method) rows already there, so a long sweep can be
stopped and continued (``--retry-errors`` reruns rows that failed or timed
out). ``report`` prints, per half and family, the mean and the worst case over
seeds and sizes for each method, and the issue's targets beside the measured
values. ``--preset core`` is a quick part of the tuning half (500x20, 1000x100
and 250x500; seeds 0 and 1; breast cancer, wine and diabetes; skdfs, rf and
mutual information) for iterating on defaults; ``estimate`` predicts a run's
time from the seconds of earlier runs.

Dumps (``run --dump DIR``): every skdfs run (default or variant) also writes
``DIR/<half>_<family>_<n>x<d>_s<seed>_<method>.npz`` (``:`` in the method
name written as ``-``) holding what a selection rule can be computed from
offline (``benchmarks/bench_rules.py``): the fitted selector's array and
number attributes under their own names (``feature_importances_``,
``importances_``, ``members_used_``, ``member_scores_``; ``path_importances_``,
``path_support_``, ``path_share_`` with ``threshold="path"``; the probe
statistics ``probe_importances_``, ``hits_``, ``pvalues_``, ... with
``threshold="probe"``), the arrays of the gate path ``path_`` as
``path_<field>`` (``path_gates``, ``path_penalties``, ``path_chosen``, ...),
and the run's ``relevant`` mask, ``support``, ``task_type``, ``family``,
``half``, ``method``, ``params``, ``seed``, ``n_samples``, ``n_features``,
``n_relevant``. See :func:`dump_fit`.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.util
import json
import os
import platform
import shlex
import signal
import sys
import time
import warnings
from collections import namedtuple
from datetime import datetime, timezone
from functools import cache

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_quality as bq  # noqa: E402  (the peers and metrics live there)

from skdfs.datasets import TASK_NAMES, load_with_probes, make_task  # noqa: E402

# ---------------------------------------------------------------------------
# The sweep's layout
# ---------------------------------------------------------------------------

FAMILIES = tuple(TASK_NAMES)
REAL_TASKS = bq.REAL_TASKS
N_GRID = (500, 1000, 4000)
D_GRID = (20, 100, 500)
WIDE_CELLS = {"tuning": (250, 500), "heldout": (250, 1000)}
HALVES = ("tuning", "heldout")
HALF_SEEDS = {"tuning": (0, 1, 2), "heldout": (10, 11, 12)}

METHODS = (
    "skdfs",
    "rf",
    "mutual_info",
    "boruta",
    "lassonet",
    "knockoff_lasso",
    "knockoff_rf",
    "knockoff_deeppink",
)
SLOW_METHODS = (
    "boruta",
    "lassonet",
    "knockoff_lasso",
    "knockoff_rf",
    "knockoff_deeppink",
)
KNOCKOFF_STATS = {
    "knockoff_lasso": "lasso",
    "knockoff_rf": "randomforest",
    "knockoff_deeppink": "deeppink",
}
METHOD_PACKAGES = {
    "boruta": "boruta",
    "lassonet": "lassonet",
    "knockoff_lasso": "knockpy",
    "knockoff_rf": "knockpy",
    "knockoff_deeppink": "knockpy",
}
FDR = 0.1

# The reduced preset for quick iteration on 2 cores (see docs/benchmarks.md).
PRESETS = {
    "core": dict(
        half="tuning",
        families=FAMILIES,
        sizes=((500, 20), (1000, 100), (250, 500)),
        seeds=(0, 1),
        real=("breast_cancer", "wine", "diabetes"),
        methods=("skdfs", "rf", "mutual_info"),
    ),
}

COLUMNS = (
    "half",
    "family",
    "kind",
    "task_type",
    "n_samples",
    "n_features",
    "n_relevant",
    "seed",
    "method",
    "params",
    "status",
    "auc",
    "precision_at_k",
    "f1",
    "false_share",
    "recall",
    "n_selected",
    "flag_rank",
    "seconds",
    "notes",
    "finished_utc",
)
KEY = ("half", "family", "n_samples", "n_features", "seed", "method")

Unit = namedtuple("Unit", "half family kind n_samples n_features seed")


def half_sizes(half):
    """The ``(n_samples, n_features)`` cells of a half (see the module docstring).

    Grid cell (i, j) of ``N_GRID`` x ``D_GRID`` is tuning when ``i + j`` is
    even, held-out when odd; each half has one wide cell (d > n).
    """
    if half not in HALVES:
        raise ValueError(f"unknown half {half!r}; expected one of {HALVES}")
    parity = 0 if half == "tuning" else 1
    cells = [
        (n, d)
        for i, n in enumerate(N_GRID)
        for j, d in enumerate(D_GRID)
        if (i + j) % 2 == parity
    ]
    return tuple(cells) + (WIDE_CELLS[half],)


@cache
def real_shape(name):
    """``(n_samples, n_features)`` of a real table with its probes."""
    return load_with_probes(name, random_state=0).data.shape


def plan(half, families=None, sizes=None, seeds=None, real=None):
    """The units (one task each) of a half, in run order.

    ``families``, ``sizes``, ``seeds`` and ``real`` restrict the half; asking
    for a size or seed of the other half is an error, so a restricted run
    never leaves its half. Order: synthetic units by size (smallest first),
    family, seed; then the real tables by name and seed.
    """
    all_sizes = half_sizes(half)
    all_seeds = HALF_SEEDS[half]
    families = FAMILIES if families is None else tuple(families)
    sizes = all_sizes if sizes is None else tuple(tuple(s) for s in sizes)
    seeds = all_seeds if seeds is None else tuple(seeds)
    real = REAL_TASKS if real is None else tuple(real)
    bad = [f for f in families if f not in FAMILIES]
    if bad:
        raise ValueError(f"unknown families {bad}; expected some of {FAMILIES}")
    bad = [r for r in real if r not in REAL_TASKS]
    if bad:
        raise ValueError(f"unknown real tables {bad}; expected some of {REAL_TASKS}")
    bad = [s for s in sizes if s not in all_sizes]
    if bad:
        raise ValueError(
            f"sizes {bad} are not in the {half} half; its sizes are {all_sizes}"
        )
    bad = [s for s in seeds if s not in all_seeds]
    if bad:
        raise ValueError(
            f"seeds {bad} are not in the {half} half; its seeds are {all_seeds}"
        )
    units = [
        Unit(half, family, "synthetic", n, d, seed)
        for n, d in sorted(sizes, key=lambda s: (s[0] * s[1], s))
        for family in families
        for seed in seeds
    ]
    for name in real:
        n, d = real_shape(name)
        units += [Unit(half, name, "real", n, d, seed) for seed in seeds]
    return units


def load_unit(unit):
    """``(X, y, relevant, task_type)`` of a unit."""
    if unit.kind == "real":
        data = load_with_probes(unit.family, random_state=unit.seed)
        return data.data, data.target, data.relevant, data.task
    return make_task(
        unit.family,
        random_state=unit.seed,
        n_samples=unit.n_samples,
        n_features=unit.n_features,
    )


# ---------------------------------------------------------------------------
# Metrics (ranking metrics come from bench_quality)
# ---------------------------------------------------------------------------


def selection_metrics(support, relevant, n_features):
    """F1, false-selection share, recall and count of a boolean selection.

    ``false_share`` is the share of the selected features that are
    irrelevant (the false discovery proportion; 0 when nothing is selected),
    ``recall`` the share of the relevant features that are selected. All NaN
    for ``support=None`` (a method without a selection).
    """
    if support is None:
        nan = float("nan")
        return dict(f1=nan, false_share=nan, recall=nan, n_selected=nan)
    support = np.asarray(support, dtype=bool)
    if support.shape != (n_features,):
        raise ValueError(f"support has shape {support.shape}, expected ({n_features},)")
    truth = bq.relevant_mask(relevant, n_features)
    n_sel = int(support.sum())
    hits = int((support & truth).sum())
    return dict(
        f1=bq.support_f1(support, relevant),
        false_share=float((n_sel - hits) / n_sel) if n_sel else 0.0,
        recall=float(hits / truth.sum()) if truth.any() else float("nan"),
        n_selected=n_sel,
    )


def rank_of(scores, index):
    """Rank of ``scores[index]`` (1 = highest), ties sharing places evenly."""
    scores = np.asarray(scores, dtype=float)
    value = scores[index]
    greater = int((scores > value).sum())
    tied_others = int((scores == value).sum()) - 1
    return 1.0 + greater + tied_others / 2.0


def score_row(scores, support, relevant, family):
    """All metrics of one run from its scores and selection."""
    scores = np.asarray(scores, dtype=float)
    if not np.all(np.isfinite(scores)):
        raise ValueError("scores contain NaN or infinite values")
    row = dict(
        auc=bq.roc_auc(scores, relevant),
        precision_at_k=bq.precision_at_k(scores, relevant),
        **selection_metrics(support, relevant, scores.size),
        flag_rank=rank_of(scores, 0) if family == "rare_flag" else float("nan"),
    )
    return row


# ---------------------------------------------------------------------------
# Methods
# ---------------------------------------------------------------------------


def method_available(method):
    """``(True, "")`` or ``(False, why)`` for a method's optional package."""
    package = METHOD_PACKAGES.get(method)
    if package is None or importlib.util.find_spec(package) is not None:
        return True, ""
    return False, f"{method} skipped: the {package!r} package is not installed"


def _sample_knockoffs(Xs, seed):
    """Gaussian model-X knockoffs of standardised ``Xs`` (knockpy defaults)."""
    from knockpy import knockoffs, utilities

    np.random.seed(seed)  # knockpy draws from numpy's global generator  # noqa: NPY002
    Sigma, _ = utilities.estimate_covariance(Xs, 1e-2, "ledoitwolf")
    sampler = knockoffs.GaussianSampler(
        X=Xs, Sigma=Sigma, groups=np.arange(1, Xs.shape[1] + 1)
    )
    return sampler.sample_knockoffs(), Sigma


def method_knockoff(X, y, task_type, seed, fstat, cache):
    """knockpy's knockoff filter with statistic ``fstat``; FDR :data:`FDR`."""
    import torch
    from knockpy import KnockoffFilter
    from sklearn.preprocessing import StandardScaler

    Xs = StandardScaler().fit_transform(X)
    if "knockoffs" not in cache:
        start = time.perf_counter()
        cache["knockoffs"] = _sample_knockoffs(Xs, seed)
        cache["knockoff_seconds"] = time.perf_counter() - start
    Xk, Sigma = cache["knockoffs"]
    y = np.asarray(y, dtype=float)
    if task_type == "regression":
        y = (y - y.mean()) / (y.std() or 1.0)
    np.random.seed(seed)  # noqa: NPY002 - knockpy draws from the global generator
    torch.manual_seed(seed)
    kfilter = KnockoffFilter(ksampler="gaussian", fstat=fstat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter of the lasso paths
        rejections = kfilter.forward(X=Xs, y=y, Xk=Xk, Sigma=Sigma, fdr=FDR)
    scores = np.nan_to_num(np.asarray(kfilter.W, dtype=float))
    return scores, np.asarray(rejections, dtype=bool), cache["knockoff_seconds"]


def run_method(method, params, X, y, task_type, seed, cache):
    """``(scores, support, seconds, notes)`` of one method on one task.

    A skdfs run leaves its fitted selector in ``cache[("fitted", method)]``.
    """
    if method.startswith("skdfs"):
        start = time.perf_counter()
        selector, noted = bq.fit_skdfs(X, y, task_type, seed, params)
        scores = np.asarray(selector.feature_importances_, dtype=float)
        support = selector.get_support()
        seconds = time.perf_counter() - start
        cache[("fitted", method)] = selector
        return scores, support, seconds, noted
    if method in KNOCKOFF_STATS:
        start = time.perf_counter()
        fresh = "knockoffs" not in cache
        scores, support, sample_seconds = method_knockoff(
            X, y, task_type, seed, KNOCKOFF_STATS[method], cache
        )
        seconds = time.perf_counter() - start + (0.0 if fresh else sample_seconds)
        return scores, support, seconds, ""
    start = time.perf_counter()
    out = bq.METHOD_FUNCTIONS[method](X, y, task_type, seed)
    return out[0], out[1], time.perf_counter() - start, ""


def dump_name(unit, method):
    """A run's dump file: ``<half>_<family>_<n>x<d>_s<seed>_<method>.npz``."""
    return (
        f"{unit.half}_{unit.family}_{unit.n_samples}x{unit.n_features}_"
        f"s{unit.seed}_{method.replace(':', '-')}.npz"
    )


def dump_fit(path, selector, unit, method, params_json, relevant, task_type):
    """Write what a selection rule can use of a fitted selector to ``path``.

    Every public fitted attribute (name ending in ``_``) that is a numeric or
    boolean array or a number is kept under its own name; the arrays of the
    gate path ``path_`` (a :class:`skdfs.path.GatePath`) as ``path_<field>``
    and, with ``importance="gate"``, ``path_rank_weight`` (the weight of the
    path's scores in ``importances_``, :data:`skdfs.path.PATH_RANK_WEIGHT`);
    the run as ``relevant`` (boolean mask), ``support``, ``task_type``,
    ``family``, ``half``, ``method``, ``params``, ``seed``, ``n_samples``,
    ``n_features``, ``n_relevant``; the net's history as
    ``history_valid_member_loss`` (epochs x members) and
    ``history_train_batch_count``. Compressed (``numpy.savez_compressed``).
    """
    import dataclasses

    out = {}
    for name, value in vars(selector).items():
        if not name.endswith("_") or name.startswith("_"):
            continue
        if isinstance(value, (bool, int, float, np.number, np.bool_)):
            out[name] = np.asarray(value)
        elif isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
            out[name] = value
    path_ = getattr(selector, "path_", None)
    if path_ is not None and dataclasses.is_dataclass(path_):
        for field in dataclasses.fields(path_):
            value = np.asarray(getattr(path_, field.name))
            if value.dtype.kind in "biuf":
                out[f"path_{field.name}"] = value
        if getattr(selector, "importance", None) == "gate":
            # importances_ blend the gates with the path's scores by this weight
            from skdfs.path import PATH_RANK_WEIGHT

            out["path_rank_weight"] = np.asarray(PATH_RANK_WEIGHT)
    history = getattr(getattr(selector, "net_", None), "history", None)
    if history is not None and len(history) and "valid_member_loss" in history[0]:
        # every epoch's validation loss per member (NaN once a member stopped)
        # and optimizer steps per epoch: what a stopping rule can replay
        out["history_valid_member_loss"] = np.asarray(
            [row.get("valid_member_loss", np.nan) for row in history], dtype=float
        )
        out["history_train_batch_count"] = np.asarray(
            [row.get("train_batch_count", 0) for row in history], dtype=float
        )
    d = len(selector.feature_importances_)
    out.update(
        relevant=bq.relevant_mask(relevant, d),
        support=np.asarray(selector.get_support(), dtype=bool),
        task_type=np.asarray(task_type),
        family=np.asarray(unit.family),
        half=np.asarray(unit.half),
        method=np.asarray(method),
        params=np.asarray(params_json),
        seed=np.asarray(unit.seed),
        n_samples=np.asarray(unit.n_samples),
        n_features=np.asarray(unit.n_features),
        n_relevant=np.asarray(len(relevant)),
    )
    tmp = path + ".part.npz"
    np.savez_compressed(tmp, **out)
    os.replace(tmp, path)


# ---------------------------------------------------------------------------
# The CSV: incremental writing and resume
# ---------------------------------------------------------------------------


def row_key(row):
    """The identity of a run: (half, family, n_samples, n_features, seed, method)."""
    return (
        str(row["half"]),
        str(row["family"]),
        int(row["n_samples"]),
        int(row["n_features"]),
        int(row["seed"]),
        str(row["method"]),
    )


def read_rows(path):
    """The rows of a sweep CSV as dicts of strings (``[]`` if it is missing)."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return []
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(
                f"{path} is not a sweep CSV of this version (columns "
                f"{reader.fieldnames}); write to a new file"
            )
        return list(reader)


def done_keys(rows, retry_errors=False):
    """Keys of the runs that need no rerun.

    Every run in the CSV, or with ``retry_errors`` only those whose last row
    has status "ok".
    """
    last = {row_key(r): r["status"] for r in rows}
    return {k for k, status in last.items() if not retry_errors or status == "ok"}


def check_variant_params(rows, methods_params):
    """Refuse to append a variant under a name already used with other params."""
    for r in rows:
        method = r["method"]
        if method in methods_params and r["params"] != methods_params[method]:
            raise ValueError(
                f"{method} is already in the CSV with params {r['params']}, not "
                f"{methods_params[method]}; give the variant another name"
            )


def append_row(path, row):
    """Append one row (writing the header first if the file is new)."""
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    with open(path, "a", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow({k: _cell(row.get(k, "")) for k in COLUMNS})
        fh.flush()
        os.fsync(fh.fileno())


def _cell(value):
    if isinstance(value, float):
        return "" if np.isnan(value) else repr(value)
    return value


# ---------------------------------------------------------------------------
# The driver
# ---------------------------------------------------------------------------


class _RunTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _RunTimeout


def sweep(
    units,
    methods,
    csv_path,
    variants=None,
    slow_max_cells=None,
    time_limit=None,
    retry_errors=False,
    shard=(0, 1),
    dump_dir=None,
    log=sys.stderr,
):
    """Run ``methods`` on ``units``, appending one CSV row per run; resumable.

    Parameters
    ----------
    units : list of Unit
        From :func:`plan`.
    methods : list of str
        Names from :data:`METHODS`, plus ``"skdfs:NAME"`` for each variant.
    csv_path : str
        The CSV to append to; rows already there are skipped.
    variants : dict, optional
        ``{"skdfs:NAME": {params}}``.
    slow_max_cells : int, optional
        Skip :data:`SLOW_METHODS` on tasks with more than this many cells
        (``n_samples * n_features``); nothing is written for them.
    time_limit : float, optional
        Seconds after which a run is stopped (status ``timeout``).
    retry_errors : bool
        Rerun rows whose status is not ``ok``.
    shard : (int, int)
        ``(k, m)``: run only the units whose position is ``k`` modulo ``m``
        (for ``m`` processes writing to ``m`` CSVs).
    dump_dir : str, optional
        Write every successful skdfs run's fitted data there
        (:func:`dump_name`, :func:`dump_fit`).

    Returns
    -------
    counts : dict
        How many runs were done, skipped as already there, skipped as too
        large, or skipped because a package is missing.
    """
    variants = dict(variants or {})
    params_of = {m: variants.get(m, {}) for m in methods}
    for m in methods:
        if m not in METHODS and m not in variants:
            raise ValueError(f"unknown method {m!r}; expected {METHODS} or a variant")
    params_json = {m: json.dumps(p, sort_keys=True) for m, p in params_of.items()}
    rows = read_rows(csv_path)
    check_variant_params(rows, {m: params_json[m] for m in variants})
    done = done_keys(rows, retry_errors)
    available = {}
    counts = dict(ran=0, already=0, too_large=0, missing=0)
    for m in methods:
        ok, why = method_available(m)
        available[m] = ok
        if not ok:
            print(why, file=log, flush=True)
    warm_up([m for m in methods if available[m]])
    k, m_shards = shard
    for position, unit in enumerate(units):
        if position % m_shards != k:
            continue
        todo = []
        for method in methods:
            key = (
                unit.half,
                unit.family,
                unit.n_samples,
                unit.n_features,
                unit.seed,
                method,
            )
            if key in done:
                counts["already"] += 1
            elif not available[method]:
                counts["missing"] += 1
            elif (
                method in SLOW_METHODS
                and slow_max_cells is not None
                and unit.n_samples * unit.n_features > slow_max_cells
            ):
                counts["too_large"] += 1
            else:
                todo.append(method)
        if not todo:
            continue
        X, y, relevant, task_type = load_unit(unit)
        cache = {}
        for method in todo:
            row = dict(
                unit._asdict(),
                task_type=task_type,
                n_relevant=len(relevant),
                method=method,
                params=params_json[method],
            )
            row.update(
                _one_run(
                    method,
                    params_of[method],
                    X,
                    y,
                    task_type,
                    relevant,
                    unit,
                    cache,
                    time_limit,
                )
            )
            fitted = cache.pop(("fitted", method), None)
            if dump_dir and fitted is not None and row["status"] == "ok":
                os.makedirs(dump_dir, exist_ok=True)
                dump_fit(
                    os.path.join(dump_dir, dump_name(unit, method)),
                    fitted,
                    unit,
                    method,
                    params_json[method],
                    relevant,
                    task_type,
                )
            row["finished_utc"] = datetime.now(timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
            append_row(csv_path, row)
            counts["ran"] += 1
            print(
                f"{unit.half:>7} {unit.family:>18} {unit.n_samples:>5}x"
                f"{unit.n_features:<5} seed {unit.seed:>2} {method:>18}: "
                f"{row['status']:<7} auc {row.get('auc', float('nan')):.3f} "
                f"f1 {row.get('f1', float('nan')):.3f} "
                f"{row.get('seconds', float('nan')):8.2f} s"
                + (f" [{row['notes']}]" if row.get("notes") else ""),
                file=log,
                flush=True,
            )
    return counts


def warm_up(methods):
    """Pay one-time costs (imports, torch's first kernels) outside the timings."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 6))
    y = (X[:, 0] > 0).astype(np.int64)
    if any(m.startswith("skdfs") for m in methods):
        from skdfs import DeepFeatureSelector

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            DeepFeatureSelector(n_estimators=2, max_epochs=2, random_state=0).fit(X, y)
    for m in methods:
        if m in METHOD_PACKAGES:
            importlib.import_module(METHOD_PACKAGES[m])
    if any(m in KNOCKOFF_STATS for m in methods):
        import knockpy.knockoff_filter  # noqa: F401


def _one_run(method, params, X, y, task_type, relevant, unit, cache, time_limit):
    start = time.perf_counter()
    if time_limit:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, float(time_limit))
    try:
        scores, support, seconds, notes = run_method(
            method, params, X, y, task_type, unit.seed, cache
        )
        metrics = score_row(scores, support, relevant, unit.family)
        return dict(status="ok", seconds=seconds, notes=notes, **metrics)
    except _RunTimeout:
        return dict(
            status="timeout",
            seconds=time.perf_counter() - start,
            notes=f"stopped after the {time_limit} s limit",
        )
    except Exception as exc:  # recorded, the sweep goes on
        message = f"{type(exc).__name__}: {exc}".replace("\n", " ")[:300]
        return dict(status="error", seconds=time.perf_counter() - start, notes=message)
    finally:
        if time_limit:
            signal.setitimer(signal.ITIMER_REAL, 0.0)
            signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------

# metric: (title, digits, worst is the larger value)
REPORT_METRICS = {
    "auc": ("ROC-AUC of the scores (relevant vs the rest)", 3, False),
    "precision_at_k": ("Precision at k = number of relevant features", 3, False),
    "f1": ("F1 of the default selection", 3, False),
    "false_share": ("False-selection share (irrelevant among selected)", 3, True),
    "recall": ("Recall of the default selection", 3, False),
    "n_selected": ("Features selected", 1, True),
    "seconds": ("Seconds per fit", 2, True),
}


def load_results(paths):
    """All rows of the CSVs as a DataFrame, the last row kept per run key."""
    import pandas as pd

    frames = [pd.DataFrame(read_rows(p), columns=list(COLUMNS)) for p in paths]
    df = pd.concat(frames, ignore_index=True)
    for col in ("n_samples", "n_features", "n_relevant", "seed"):
        df[col] = df[col].astype(int)
    # The numeric result columns: those after "status", up to "seconds".
    numeric = COLUMNS[COLUMNS.index("status") + 1 : COLUMNS.index("seconds") + 1]
    for col in numeric:
        df[col] = pd.to_numeric(df[col], errors="coerce")
    df = df.drop_duplicates(subset=list(KEY), keep="last")
    return df.reset_index(drop=True)


def family_summary(df, metric):
    """Family x method tables of the mean and the worst case of ``metric``.

    Uses runs with status ``ok``. Worst is the minimum, or the maximum for
    metrics where larger is worse (false share, count, seconds). A last row
    ``all`` holds the mean of the family means and the worst of the worst.
    """

    larger_is_worse = REPORT_METRICS.get(metric, ("", 3, False))[2]
    ok = df[df["status"] == "ok"]
    grouped = ok.groupby(["family", "method"])[metric]
    mean = grouped.mean().unstack("method")
    worst = (grouped.max() if larger_is_worse else grouped.min()).unstack("method")
    order = [f for f in (*FAMILIES, *REAL_TASKS) if f in mean.index]
    mean, worst = mean.loc[order], worst.loc[order]
    mean.loc["all"] = mean.mean(axis=0)
    worst.loc["all"] = worst.max(axis=0) if larger_is_worse else worst.min(axis=0)
    return mean, worst


def fmt_cell(value, digits):
    return "–" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


def markdown_table(header, rows):
    """A GitHub markdown table from a header and rows of strings."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _method_order(methods):
    known = [m for m in METHODS if m in methods]
    variants = sorted(m for m in methods if m not in METHODS)
    skdfs = [m for m in known if m == "skdfs"]
    return skdfs + variants + [m for m in known if m != "skdfs"]


def _matched(df, subject, peer, metric):
    """Rows of ``subject`` and ``peer`` on the same tasks: (family, s, p) frame."""
    ok = df[df["status"] == "ok"]
    key = ["family", "n_samples", "n_features", "seed"]
    a = ok[ok["method"] == subject].set_index(key)[metric]
    b = ok[ok["method"] == peer].set_index(key)[metric]
    both = a.to_frame("subject").join(b.to_frame("peer"), how="inner")
    return both.reset_index()


def _selects_by_probe(params_json):
    """Whether a run's parameters (the ``params`` JSON) select by the probe
    test (``threshold="probe"``)."""
    try:
        params = json.loads(params_json) if isinstance(params_json, str) else {}
    except ValueError:
        return False
    return params.get("threshold") == "probe"


def targets(df, subject):
    """The issue's targets for ``subject`` on one half: list of row dicts.

    Each row: ``target``, ``measured`` (text), ``met`` (True, False or None
    when the runs needed are missing).
    """
    ok = df[(df["status"] == "ok") & (df["method"] == subject)]
    out = []

    def add(target, measured, met):
        out.append(dict(target=target, measured=measured, met=met))

    # Per family, worst case over seeds and sizes, on the tasks both ran.
    for metric, peers, label in (
        ("auc", ("rf",), "ranking AUC >= random forest's, every family (worst case)"),
        (
            "f1",
            ("rf", "boruta"),
            "F1 >= max(RF + SelectFromModel, Boruta), every family (worst case)",
        ),
    ):
        worst = {}
        for peer in peers:
            both = _matched(df, subject, peer, metric)
            if len(both):
                worst[peer] = both.groupby("family")[["subject", "peer"]].min()
        if not worst:
            add(label, f"no {'/'.join(peers)} runs", None)
            continue
        families = sorted(set().union(*[set(w.index) for w in worst.values()]))
        failing = []
        for fam in families:
            s = min(w.loc[fam, "subject"] for w in worst.values() if fam in w.index)
            p = max(w.loc[fam, "peer"] for w in worst.values() if fam in w.index)
            if s < p - 1e-12:
                failing.append(f"{fam} {s:.3f} < {p:.3f}")
        missing = [p for p in peers if p not in worst]
        text = f"{len(families) - len(failing)}/{len(families)} families"
        if failing:
            text += "; below: " + ", ".join(failing)
        if missing:
            text += f" (no {', '.join(missing)} runs)"
        add(label, text, not failing)

    def family_mean(metric):
        values = ok.groupby("family")[metric].mean().dropna()
        return values.mean() if len(values) else float("nan")

    auc = family_mean("auc")
    add(
        "mean AUC >= 0.97 (mean of family means)",
        fmt_cell(auc, 3),
        None if np.isnan(auc) else bool(auc >= 0.97),
    )
    parity = ok[(ok["family"] == "parity3") & (ok["n_features"] == 100)]["auc"]
    add(
        "parity3 with 100 features: AUC >= 0.9 (worst case)",
        fmt_cell(parity.min() if len(parity) else float("nan"), 3)
        + f" ({len(parity)} runs)",
        None if parity.empty else bool(parity.min() >= 0.9),
    )
    f1 = family_mean("f1")
    add(
        "mean F1 >= 0.9 (mean of family means)",
        fmt_cell(f1, 3),
        None if np.isnan(f1) else bool(f1 >= 0.9),
    )
    share = ok["false_share"].dropna()
    recall = ok["recall"].dropna()
    # The probe test's targets apply to a run that selects by it; any other
    # run's selection is shown for reference only, never as the probe test.
    probe = bool(len(ok)) and ok["params"].map(_selects_by_probe).all()
    what = "probe test" if probe else "own selection (not the probe test)"
    add(
        f"{what}: mean false-selection share <= 0.05",
        fmt_cell(share.mean() if len(share) else float("nan"), 3),
        None if share.empty or not probe else bool(share.mean() <= 0.05),
    )
    add(
        f"{what}: mean recall >= 0.8",
        fmt_cell(recall.mean() if len(recall) else float("nan"), 3),
        None if recall.empty or not probe else bool(recall.mean() >= 0.8),
    )
    flag = ok[ok["family"] == "rare_flag"]["flag_rank"].dropna()
    add(
        "rare flag in the top 3 (worst rank)",
        fmt_cell(flag.max() if len(flag) else float("nan"), 1) + f" ({len(flag)} runs)",
        None if flag.empty else bool(flag.max() <= 3),
    )
    for peer, factor, label in (
        ("boruta", 1.0, "time <= Boruta's, every task (largest ratio)"),
        ("rf", 2.0, "time <= 2 x random forest's, every task (largest ratio)"),
    ):
        both = _matched(df, subject, peer, "seconds")
        if both.empty:
            add(label, f"no {peer} runs", None)
            continue
        ratio = both["subject"] / both["peer"]
        worst = both.loc[ratio.idxmax()]
        add(
            label,
            f"{ratio.max():.2f} ({worst['family']} {worst['n_samples']}x"
            f"{worst['n_features']}); median {ratio.median():.2f}",
            bool(ratio.max() <= factor),
        )
    return out


def report(df, title="Sweep report"):
    """The markdown report of a results frame (both halves if present)."""
    parts = [f"# {title}", ""]
    for half in HALVES:
        sub = df[df["half"] == half]
        if sub.empty:
            continue
        methods = _method_order(set(sub["method"]))
        n_units = sub.groupby(["family", "n_samples", "n_features", "seed"]).ngroups
        parts += [f"## Half: {half}", ""]
        status = sub.groupby(["method", "status"]).size().unstack(fill_value=0)
        parts += [
            f"{n_units} tasks; sizes "
            + ", ".join(
                f"{n}x{d}"
                for n, d in sorted(
                    set(
                        zip(
                            sub[sub["kind"] == "synthetic"]["n_samples"],
                            sub[sub["kind"] == "synthetic"]["n_features"],
                        )
                    )
                )
            )
            + f"; seeds {', '.join(map(str, sorted(set(sub['seed']))))}.",
            "",
            "Runs per method and status:",
            "",
            markdown_table(
                ["method", *status.columns],
                [[m, *map(str, status.loc[m])] for m in methods if m in status.index],
            ),
            "",
        ]
        for metric, (label, digits, larger_is_worse) in REPORT_METRICS.items():
            mean, worst = family_summary(sub, metric)
            cols = [m for m in methods if m in mean.columns]
            if not cols or mean[cols].isna().all().all():
                continue
            cols = [m for m in cols if not mean[m].isna().all()]
            word = "largest" if larger_is_worse else "smallest"
            parts += [f"### {label}: mean / worst ({word}) over seeds and sizes", ""]
            rows = [
                [fam]
                + [
                    f"{fmt_cell(mean.loc[fam, m], digits)} / "
                    f"{fmt_cell(worst.loc[fam, m], digits)}"
                    for m in cols
                ]
                for fam in mean.index
            ]
            parts += [markdown_table(["family", *cols], rows), ""]
        flag = sub[(sub["family"] == "rare_flag") & (sub["status"] == "ok")]
        if len(flag):
            ranks = flag.groupby("method")["flag_rank"].agg(["mean", "max"])
            parts += [
                "### Rank of the rare flag (1 = first): mean / worst",
                "",
                markdown_table(
                    ["method", "mean / worst"],
                    [
                        [
                            m,
                            f"{fmt_cell(ranks.loc[m, 'mean'], 1)} / "
                            f"{fmt_cell(ranks.loc[m, 'max'], 1)}",
                        ]
                        for m in methods
                        if m in ranks.index
                    ],
                ),
                "",
            ]
        for subject in [m for m in methods if m.startswith("skdfs")]:
            parts += [f"### Targets for {subject} ({half} half)", ""]
            rows = [
                [
                    t["target"],
                    t["measured"],
                    {True: "yes", False: "**no**", None: "n/a"}[t["met"]],
                ]
                for t in targets(sub, subject)
            ]
            parts += [markdown_table(["target", "measured", "met"], rows), ""]
        errors = sub[sub["status"] != "ok"]
        if len(errors):
            parts += ["Runs that did not finish:", ""]
            parts += [
                f"- {r.family} {r.n_samples}x{r.n_features} seed {r.seed} "
                f"{r.method}: {r.status} ({r.notes})"
                for r in errors.itertuples()
            ]
            parts.append("")
    return "\n".join(parts)


def estimate(timings, units, methods):
    """Predicted wall time of ``units`` per method from a timing CSV's frame.

    Each unit costs the mean seconds the method took at the same
    ``(n_samples, n_features)`` in ``timings`` (any family; a real table:
    that table's own runs). Runs that timed out count with the seconds they
    ran, so the figure is then a lower bound. Returns a DataFrame indexed by
    method: ``hours`` and ``units_without_timing``.
    """
    import pandas as pd

    ran = timings[timings["status"].isin(["ok", "timeout"])]
    per_cell = ran.groupby(["method", "n_samples", "n_features"])["seconds"].mean()
    per_real = (
        ran[ran["kind"] == "real"].groupby(["method", "family"])["seconds"].mean()
    )
    rows = {}
    for method in methods:
        total, missing = 0.0, 0
        for u in units:
            key = (
                (method, u.family)
                if u.kind == "real"
                else (method, u.n_samples, u.n_features)
            )
            table = per_real if u.kind == "real" else per_cell
            if key in table.index:
                total += float(table.loc[key])
            else:
                missing += 1
        rows[method] = dict(hours=total / 3600.0, units_without_timing=missing)
    return pd.DataFrame.from_dict(rows, orient="index")


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def parse_size(text):
    try:
        n, d = text.lower().split("x")
        return int(n), int(d)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"size {text!r} is not NxD, e.g. 500x20"
        ) from None


def parse_variant(text):
    name, sep, params = text.partition("=")
    if not sep or not name.isidentifier():
        raise argparse.ArgumentTypeError(
            f"variant {text!r} is not NAME='{{json params}}'"
        )
    try:
        value = json.loads(params)
    except json.JSONDecodeError as exc:
        raise argparse.ArgumentTypeError(f"variant {name}: bad JSON ({exc})") from None
    if not isinstance(value, dict):
        raise argparse.ArgumentTypeError(
            f"variant {name}: params must be a JSON object"
        )
    from skdfs import DeepFeatureSelector

    unknown = set(value) - set(DeepFeatureSelector().get_params())
    if unknown:
        raise argparse.ArgumentTypeError(
            f"variant {name}: unknown DeepFeatureSelector parameters {sorted(unknown)}"
        )
    return f"skdfs:{name}", value


def parse_shard(text):
    k, _, m = text.partition("/")
    try:
        k, m = int(k), int(m)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"shard {text!r} is not K/M, e.g. 0/2"
        ) from None
    if not 0 <= k < m:
        raise argparse.ArgumentTypeError(f"shard {text!r}: need 0 <= K < M")
    return k, m


def set_threads(n):
    """Torch and BLAS/OpenMP threads of this process."""
    import torch
    from threadpoolctl import threadpool_limits

    torch.set_num_threads(n)
    threadpool_limits(limits=n)


def _add_selection_args(p):
    p.add_argument(
        "--preset",
        choices=sorted(PRESETS),
        help="a named restriction (overrides --half and the filters)",
    )
    p.add_argument("--half", choices=HALVES, default="tuning")
    p.add_argument("--families", nargs="+", help="synthetic families to run")
    p.add_argument("--sizes", nargs="+", type=parse_size, help="NxD cells of the half")
    p.add_argument("--seeds", nargs="+", type=int, help="seeds of the half")
    p.add_argument("--real", nargs="*", help="real tables (none: --real with no name)")
    p.add_argument(
        "--methods",
        nargs="+",
        help=f"some of {', '.join(METHODS)} (default: all) and variants",
    )
    p.add_argument(
        "--variant",
        action="append",
        type=parse_variant,
        default=[],
        metavar="NAME=JSON",
        help="a DeepFeatureSelector variant, run as skdfs:NAME",
    )


def _selection(args):
    if args.preset:
        preset = PRESETS[args.preset]
        half, families, sizes = preset["half"], preset["families"], preset["sizes"]
        seeds, real, methods = preset["seeds"], preset["real"], list(preset["methods"])
    else:
        half, families, sizes = args.half, args.families, args.sizes
        seeds, real = args.seeds, args.real
        methods = list(args.methods or METHODS)
    variants = dict(args.variant)
    methods += [v for v in variants if v not in methods]
    units = plan(half, families, sizes, seeds, real)
    return units, methods, variants


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="run (or continue) a sweep into a CSV")
    _add_selection_args(p_run)
    p_run.add_argument("--csv", required=True, help="results CSV (appended to)")
    p_run.add_argument(
        "--slow-max-cells",
        type=int,
        default=None,
        help="skip Boruta, LassoNet and knockoffs on tasks with "
        "more than this many cells (n x d)",
    )
    p_run.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="stop a run after this many seconds (status timeout)",
    )
    p_run.add_argument(
        "--threads",
        type=int,
        default=2,
        help="torch and BLAS threads of this process (default 2)",
    )
    p_run.add_argument(
        "--shard",
        type=parse_shard,
        default=(0, 1),
        metavar="K/M",
        help="run every M-th task starting at K",
    )
    p_run.add_argument(
        "--dump",
        metavar="DIR",
        help="also write every skdfs run's fitted importances (and path or "
        "probe statistics) to DIR/<run>.npz, for bench_rules.py",
    )
    p_run.add_argument(
        "--retry-errors",
        action="store_true",
        help="rerun rows whose status is error or timeout",
    )
    p_plan = sub.add_parser("plan", help="list the tasks a run would do")
    _add_selection_args(p_plan)
    p_est = sub.add_parser(
        "estimate", help="predict a run's wall time from a timing CSV"
    )
    _add_selection_args(p_est)
    p_est.add_argument(
        "--timings",
        nargs="+",
        required=True,
        help="CSVs of earlier runs at the same sizes",
    )
    p_rep = sub.add_parser("report", help="summarise result CSVs")
    p_rep.add_argument("csv", nargs="+")
    p_rep.add_argument("--out", help="also write the markdown here")
    p_rep.add_argument("--title", default="Sweep report", help="the heading")
    args = parser.parse_args(argv)

    if args.command == "report":
        text = report(load_results(args.csv), title=args.title)
        text += "\n`python benchmarks/bench_sweep.py " + shlex.join(argv) + "`\n"
        print(text)
        if args.out:
            with open(args.out, "w") as fh:
                fh.write(text)
        return 0
    units, methods, variants = _selection(args)
    if args.command == "estimate":
        table = estimate(load_results(args.timings), units, methods)
        print(f"{len(units)} tasks; predicted hours per method (one process):")
        print(table.to_string(float_format=lambda v: f"{v:.2f}"))
        print(f"total: {table['hours'].sum():.2f} h")
        return 0
    if args.command == "plan":
        for u in units:
            print(f"{u.half} {u.family} {u.n_samples}x{u.n_features} seed {u.seed}")
        print(f"{len(units)} tasks x {len(methods)} methods ({', '.join(methods)})")
        return 0
    set_threads(args.threads)
    print(
        f"bench_sweep: {len(units)} tasks, methods {', '.join(methods)}; "
        f"{platform.node()} {os.cpu_count()} cores, {args.threads} threads; "
        f"python benchmarks/bench_sweep.py {shlex.join(argv)}",
        file=sys.stderr,
        flush=True,
    )
    start = time.perf_counter()
    counts = sweep(
        units,
        methods,
        args.csv,
        variants=variants,
        slow_max_cells=args.slow_max_cells,
        time_limit=args.time_limit,
        retry_errors=args.retry_errors,
        shard=args.shard,
        dump_dir=args.dump,
    )
    print(
        f"bench_sweep: {counts} in {(time.perf_counter() - start) / 60:.1f} min",
        file=sys.stderr,
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
