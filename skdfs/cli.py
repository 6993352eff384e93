"""The ``skdfs`` command.

``skdfs rank DATA.csv --target COLUMN`` ranks the feature columns of a CSV (or
Parquet) table: it prints a ranked table, writes ``importances.csv`` (every
member's score included) and ``importances.png``. ``skdfs demo`` does the same
on an embedded data set (scikit-learn's breast-cancer table with pure-noise
columns appended).

Problems with the input (a missing file or column, text in a feature column,
missing values, too few rows, a target with one class) are reported before any
training as one line ``skdfs: error: ...`` on stderr, with exit status 2.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path

import numpy as np

from . import __version__
from .selection import resolve_threshold
from .selector import DeepFeatureSelector

logger = logging.getLogger("skdfs")

#: Fewest rows ``skdfs rank`` accepts: below this every member's validation
#: split is a handful of rows and the ranking is noise.
MIN_ROWS = 10
#: Above this many levels a one-hot encoded column gets a warning.
MAX_LEVELS = 50
PARQUET_SUFFIXES = (".parquet", ".pq")


class CommandError(Exception):
    """A problem with the command's input, reported as one line (exit 2)."""


def format_ranking(
    names, importances, spread, selected, marks=None, top=None, interval=None
):
    """Ranked plain-text table of features, most important first.

    Parameters
    ----------
    names : sequence of str
        Feature names, in column order.
    importances, spread : array-like of shape (n_features,)
        Mean importance and its spread across members.
    selected : array-like of bool, shape (n_features,)
        Whether each feature is selected.
    marks : sequence of str, default=None
        Extra note per feature (e.g. ``"probe"``).
    top : int, default=None
        Show only the ``top`` highest-ranked features.
    interval : tuple of two array-like of shape (n_features,), default=None
        Lower and upper ends of a confidence interval of each importance
        (:meth:`~skdfs.DeepFeatureSelector.importance_interval`), shown as a
        ``95% interval`` column after the spread.

    Returns
    -------
    str
        The table, one line per feature after a header line.

    Examples
    --------
    >>> print(format_ranking(["a", "b"], [0.2, 0.8], [0.01, 0.02], [False, True]))
    rank  feature  importance  spread  selected
       1  b            0.8000  0.0200  yes
       2  a            0.2000  0.0100
    >>> print(format_ranking(
    ...     ["a", "b"], [0.2, 0.8], [0.01, 0.02], [False, True],
    ...     interval=([0.19, 0.78], [0.21, 0.82]),
    ... ))
    rank  feature  importance  spread   95% interval  selected
       1  b            0.8000  0.0200  0.7800-0.8200  yes
       2  a            0.2000  0.0100  0.1900-0.2100
    """
    importances = np.asarray(importances, dtype=float)
    order = np.argsort(-importances, kind="mergesort")
    if top is not None:
        order = order[:top]
    width = max([len("feature")] + [len(str(names[i])) for i in order])
    ci = "   95% interval" if interval is not None else ""
    header = f"rank  {'feature':<{width}}  importance  spread{ci}  selected"
    lines = [header]
    for rank, i in enumerate(order, start=1):
        bounds = (
            f"  {interval[0][i]:.4f}-{interval[1][i]:.4f}"
            if interval is not None
            else ""
        )
        line = (
            f"{rank:>4}  {str(names[i]):<{width}}  {importances[i]:>10.4f}  "
            f"{spread[i]:.4f}{bounds}  {'yes' if selected[i] else ''}"
        )
        if marks is not None and marks[i]:
            line += f"{'' if selected[i] else '   '}  {marks[i]}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def importance_table(selector, feature_names):
    """One row per feature: importance, spread, selection, rank, every member.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.
    feature_names : sequence of str
        Names of the selector's features, in column order.

    Returns
    -------
    pandas.DataFrame
        Columns ``feature``, ``importance``, ``std``, ``ci_low``, ``ci_high``
        (the 95% confidence interval of the mean importance across the used
        members, :meth:`~skdfs.DeepFeatureSelector.importance_interval`),
        ``selected``, ``rank`` (1 is the most important), then ``member_0``
        ... ``member_{E-1}`` (each member's normalised scores,
        ``importances_``), rows sorted by rank.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.cli import importance_table
    >>> X, y = make_classification(n_samples=200, n_features=4, random_state=0)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=3, hidden_layer_sizes=(8,), max_epochs=5, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu",
    ... ).fit(X, y)
    >>> table = importance_table(selector, ["a", "b", "c", "d"])
    >>> list(table.columns)
    ['feature', 'importance', 'std', 'ci_low', 'ci_high', 'selected', 'rank', \
'member_0', 'member_1', 'member_2']
    >>> table["rank"].tolist()
    [1, 2, 3, 4]
    """
    import pandas as pd

    importances = np.asarray(selector.feature_importances_, dtype=float)
    order = np.argsort(-importances, kind="mergesort")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    low, high = selector.importance_interval(0.95)
    table = pd.DataFrame(
        {
            "feature": [str(name) for name in feature_names],
            "importance": importances,
            "std": np.asarray(selector.feature_importances_std_, dtype=float),
            "ci_low": low,
            "ci_high": high,
            "selected": np.asarray(selector.get_support(), dtype=bool),
            "rank": rank,
        }
    )
    members = np.asarray(selector.importances_, dtype=float)
    for m in range(members.shape[0]):
        table[f"member_{m}"] = members[m]
    return table.iloc[order].reset_index(drop=True)


def member_table(selector):
    """One row per member: whether it was used, its losses and best epoch.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector.

    Returns
    -------
    pandas.DataFrame
        Columns ``member`` (``member_0`` ...), ``used`` (whether its gates
        enter ``feature_importances_``), ``loss`` (its best validation loss),
        ``baseline_loss`` (a constant predictor's loss on the same rows) and
        ``best_epoch`` (the epoch it was restored to, where known).

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.cli import member_table
    >>> X, y = make_classification(n_samples=200, n_features=4, random_state=0)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=3, hidden_layer_sizes=(8,), max_epochs=5, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu",
    ... ).fit(X, y)
    >>> list(member_table(selector).columns)
    ['member', 'used', 'loss', 'baseline_loss', 'best_epoch']
    """
    import pandas as pd

    n_members = len(selector.member_scores_)
    best_epoch = getattr(selector.net_, "member_best_epoch_", None)
    return pd.DataFrame(
        {
            "member": [f"member_{m}" for m in range(n_members)],
            "used": np.asarray(selector.members_used_, dtype=bool),
            "loss": np.asarray(selector.member_scores_, dtype=float),
            "baseline_loss": np.asarray(selector.member_baseline_scores_, dtype=float),
            "best_epoch": (
                pd.array([pd.NA] * n_members, dtype="Int64")
                if best_epoch is None
                else np.asarray(best_epoch, dtype=np.int64)
            ),
        }
    )


# ---------------------------------------------------------------- input
def _preview(values, limit=8):
    values = [str(v) for v in values]
    more = len(values) - limit
    return ", ".join(values[:limit]) + (f", ... ({more} more)" if more > 0 else "")


def _pandas():
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - depends on the environment
        raise CommandError(
            "`skdfs rank` reads tables with pandas: pip install pandas"
        ) from None
    return pd


def read_table(path, sep=","):
    """Read a CSV (any compression pandas infers) or Parquet file.

    Parameters
    ----------
    path : str or path-like
        The file; ``.parquet`` and ``.pq`` files are read as Parquet.
    sep : str, default=","
        Field separator of a CSV file.

    Returns
    -------
    pandas.DataFrame
        The table.

    Raises
    ------
    CommandError
        If the file is missing or cannot be read.
    """
    path = Path(path)
    if not path.exists():
        raise CommandError(f"no such file: {path}")
    if path.is_dir():
        raise CommandError(f"{path} is a directory, not a data file")
    pd = _pandas()
    if path.suffix.lower() in PARQUET_SUFFIXES:
        try:
            return pd.read_parquet(path)
        except ImportError:
            raise CommandError(
                f"reading Parquet needs pyarrow (pip install pyarrow); or save "
                f"{path.name} as CSV"
            ) from None
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {path} as Parquet: {exc}") from None
    try:
        return pd.read_csv(path, sep=sep)
    except pd.errors.EmptyDataError:
        raise CommandError(f"{path} is empty") from None
    except (pd.errors.ParserError, UnicodeDecodeError, OSError) as exc:
        raise CommandError(f"cannot read {path} as CSV: {exc}") from None


def _columns(df, wanted, what, path):
    """Map requested column names (strings) onto the table's columns."""
    by_name = {str(c): c for c in df.columns}
    found = []
    for name in wanted:
        if name not in by_name:
            raise CommandError(
                f"{what} column {name!r} not found in {Path(path).name}; its "
                f"columns are: {_preview(by_name)}"
            )
        if by_name[name] in found:
            raise CommandError(f"{what} column {name!r} is given twice")
        found.append(by_name[name])
    return found


def _is_numeric(series, pd):
    kind = series.dtype
    return pd.api.types.is_bool_dtype(kind) or (
        pd.api.types.is_numeric_dtype(kind) and not pd.api.types.is_complex_dtype(kind)
    )


def prepare_features(df, columns, one_hot=False):
    """Numeric feature matrix and names from the table's feature columns.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    columns : list
        Feature columns, in order.
    one_hot : bool, default=False
        One-hot encode non-numeric columns (``column=level`` names, in place of
        the column) instead of refusing them.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features), float64
        The features.
    names : list of str
        Their names.

    Raises
    ------
    CommandError
        For missing or infinite values, or non-numeric columns without
        ``one_hot``.
    """
    pd = _pandas()
    features = df[columns]
    missing = [str(c) for c in columns if features[c].isna().any()]
    if missing:
        raise CommandError(
            f"missing values in feature columns: {_preview(missing)}; impute them, "
            "drop those rows, or leave the columns out with --drop"
        )
    text = [c for c in columns if not _is_numeric(features[c], pd)]
    if text and not one_hot:
        raise CommandError(
            f"non-numeric feature columns: {_preview(text)}; pass --one-hot to "
            "one-hot encode them, or leave them out with --drop"
        )
    parts, names = [], []
    for c in columns:
        if c in text:
            levels = features[c].astype(str)
            n_levels = levels.nunique()
            if n_levels > MAX_LEVELS or n_levels == len(levels):
                logger.warning(
                    "skdfs: warning: column %r has %d distinct values; one-hot "
                    "encoding it adds as many features (is it an identifier?)",
                    str(c),
                    n_levels,
                )
            dummies = pd.get_dummies(levels, prefix=str(c), prefix_sep="=", dtype=float)
            parts.append(dummies.to_numpy())
            names.extend(str(name) for name in dummies.columns)
        else:
            parts.append(features[c].to_numpy(dtype=np.float64)[:, None])
            names.append(str(c))
    X = np.hstack(parts) if parts else np.empty((len(df), 0))
    infinite = [
        str(c)
        for c in columns
        if c not in text and np.isinf(features[c].to_numpy(dtype=np.float64)).any()
    ]
    if infinite:
        raise CommandError(f"infinite values in feature columns: {_preview(infinite)}")
    return X, names


def prepare_target(df, columns, task="auto"):
    """Target array and task from one or several target columns.

    One column gives class labels (any type) or real values. Several columns
    give a multilabel indicator matrix (every column 0/1), or with
    ``task="regression"`` several real targets.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    columns : list
        Target columns.
    task : {"auto", "classification", "regression", "multilabel"}, default="auto"
        Requested task.

    Returns
    -------
    y : ndarray of shape (n_samples,) or (n_samples, n_targets)
        The target.
    task : str
        The task to pass to the selector (``"auto"`` left for it to infer).

    Raises
    ------
    CommandError
        For missing values, a target with a single value, or columns that do not
        fit the task.
    """
    pd = _pandas()
    for c in columns:
        n_missing = int(df[c].isna().sum())
        if n_missing:
            raise CommandError(
                f"target column {str(c)!r} has {n_missing} missing values; drop "
                "those rows first"
            )
        values = df[c].unique()
        if len(values) < 2:
            value = values[0].item() if hasattr(values[0], "item") else values[0]
            raise CommandError(
                f"target column {str(c)!r} has a single value ({value!r}): "
                "there is nothing to learn"
            )
    if len(columns) == 1:
        (c,) = columns
        if task == "multilabel":
            raise CommandError(
                "--task multilabel needs several 0/1 --target columns, got one"
            )
        if task == "regression" and not _is_numeric(df[c], pd):
            raise CommandError(
                f"--task regression needs a numeric target; {str(c)!r} holds text"
            )
        series = df[c]
        if _is_numeric(series, pd):
            types = pd.api.types
            whole = types.is_integer_dtype(series) or types.is_bool_dtype(series)
            y = series.to_numpy(dtype=np.int64 if whole else np.float64)
            if task == "auto" and whole and len(np.unique(y)) > 20:
                logger.warning(
                    "skdfs: warning: target %r holds %d distinct integers and is "
                    "treated as class labels; pass --task regression to treat it "
                    "as a number",
                    str(c),
                    len(np.unique(y)),
                )
        else:
            y = series.to_numpy().astype(str)
        return y, task
    # several target columns
    if task == "classification":
        raise CommandError(
            "--task classification takes one --target column; several columns "
            "are a multilabel target (0/1 columns) or, with --task regression, "
            "several real targets"
        )
    if task == "regression":
        text = [str(c) for c in columns if not _is_numeric(df[c], pd)]
        if text:
            raise CommandError(
                f"--task regression needs numeric targets; {_preview(text)} hold text"
            )
        return df[columns].to_numpy(dtype=np.float64), task
    for c in columns:
        values = set(df[c].unique().tolist())
        if not values <= {0, 1}:
            raise CommandError(
                f"several --target columns make a multilabel target whose columns "
                f"hold 0/1, but {str(c)!r} holds {_preview(sorted(map(str, values)))}"
                " (use --task regression for several real targets)"
            )
    return df[columns].to_numpy(dtype=np.int64), "multilabel"


def _threshold(text):
    """``--threshold``: a number or a SelectFromModel-style string."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = text
    if not (isinstance(value, str) and value.strip() == "probe"):
        resolve_threshold(value, np.zeros(1))  # grammar check before training
    return value


def _patience(text):
    if text.lower() == "none":
        return None
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("patience must be a positive integer or none")
    return value


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


# -------------------------------------------------------------- commands
def _fit(selector, X, y):
    """Fit, turning warnings into one log line each; return the seconds taken."""
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        selector.fit(X, y)
    seconds = time.perf_counter() - start
    seen = set()
    for warning in caught:
        message = " ".join(str(warning.message).split())
        if message not in seen:
            seen.add(message)
            logger.warning("skdfs: warning: %s", message)
    return seconds


def _members_learned(selector):
    """Members whose best validation loss beat a constant predictor."""
    return int(np.sum(selector.member_scores_ < selector.member_baseline_scores_))


def _verbosity(args):
    return 0 if args.quiet else 1 + args.verbose


def _selector_params(args, **extra):
    params = {
        "n_estimators": args.n_estimators,
        "max_epochs": args.max_epochs,
        "patience": args.patience,
        "device": args.device,
        "random_state": args.seed,
        "verbose": _verbosity(args),
    }
    if getattr(args, "hidden_layer_sizes", None) is not None:
        params["hidden_layer_sizes"] = tuple(args.hidden_layer_sizes)
    params.update(extra)
    # Options left unset keep the selector's own defaults.
    return {k: v for k, v in params.items() if v is not _DEFAULT}


def _save_plot(selector, names, path, top):
    try:
        from matplotlib.figure import Figure

        from .plotting import plot_importances
    except ImportError:
        logger.warning(
            "skdfs: warning: matplotlib is not installed, so %s was not written "
            "(pip install matplotlib)",
            path.name,
        )
        return False
    n_bars = min(top, len(names))
    fig = Figure(figsize=(7.0, min(2.0 + 0.28 * n_bars, 40.0)), layout="constrained")
    plot_importances(selector, top=top, feature_names=names, ax=fig.subplots())
    fig.savefig(path, dpi=120)
    return True


def run_rank(args):
    """``skdfs rank``: rank the feature columns of a table."""
    df = read_table(args.data, sep=args.sep)
    targets = _columns(df, args.target, "target", args.data)
    dropped = _columns(df, args.drop or [], "--drop", args.data)
    overlap = [str(c) for c in dropped if c in targets]
    if overlap:
        raise CommandError(f"column {overlap[0]!r} is both a --target and --drop")
    columns = [c for c in df.columns if c not in targets and c not in dropped]
    if not columns:
        raise CommandError("no feature columns left besides the target")
    if len(df) < MIN_ROWS:
        raise CommandError(
            f"too few rows: {Path(args.data).name} has {len(df)}, skdfs rank needs "
            f"at least {MIN_ROWS}"
        )
    y, task = prepare_target(df, targets, args.task)
    X, names = prepare_features(df, columns, one_hot=args.one_hot)
    threshold = _threshold(args.threshold)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CommandError(f"--out {out} exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)

    selector = DeepFeatureSelector(
        **_selector_params(
            args,
            task=task,
            loss=args.loss,
            threshold=threshold,
            max_features=args.max_features,
        )
    )
    seconds = _fit(selector, X, y)
    support = selector.get_support()
    print(
        format_ranking(
            names,
            selector.feature_importances_,
            selector.feature_importances_std_,
            support,
            top=args.top,
            interval=selector.importance_interval(0.95),
        )
    )
    print(
        f"\nSelected {int(support.sum())} of {len(names)} features "
        f"(threshold {selector.threshold_:.4f}).\n"
        f"Data: {Path(args.data).name}, {X.shape[0]} rows, {X.shape[1]} features; "
        f"target {', '.join(repr(str(t)) for t in targets)}; task: {selector.task_}.\n"
        f"Training: {_members_learned(selector)} of {selector.n_estimators} members "
        f"beat a constant predictor; {selector.n_iter_} epochs in {seconds:.1f} s."
    )
    csv_path = out / "importances.csv"
    importance_table(selector, names).to_csv(csv_path, index=False)
    logger.info("wrote %s", csv_path)
    members_path = out / "members.csv"
    member_table(selector).to_csv(members_path, index=False)
    logger.info("wrote %s", members_path)
    if not args.no_plot:
        png_path = out / "importances.png"
        if _save_plot(selector, names, png_path, args.top or 30):
            logger.info("wrote %s", png_path)
    return 0


def run_demo(args):
    """``skdfs demo``: rank the features of the embedded data set."""
    from .datasets import load_demo

    data = load_demo(random_state=args.seed)
    n, d = data.data.shape
    print(
        f"Embedded data: {data.DESCR}\n{n} rows, {d} columns "
        f"({int(data.is_probe.sum())} of them pure-noise probes).",
        flush=True,
    )
    selector = DeepFeatureSelector(**_selector_params(args))
    seconds = _fit(selector, data.data, data.target)
    support = selector.get_support()
    marks = np.where(data.is_probe, "probe", "")
    print(
        f"\nTrained {selector.n_estimators} members in {seconds:.1f} s "
        f"({selector.n_iter_} epochs, {_members_learned(selector)} members "
        f"beat a constant predictor). Importance = mean over the members of their "
        "normalised squared gates (their shares of the gated inputs' variance); "
        "spread = its standard deviation across members; 95% interval = Student-t "
        "confidence interval of the mean over the members.\n"
    )
    print(
        format_ranking(
            data.feature_names,
            selector.feature_importances_,
            selector.feature_importances_std_,
            support,
            marks=marks,
            top=args.top,
            interval=selector.importance_interval(0.95),
        )
    )
    kept_probes = int((support & data.is_probe).sum())
    print(
        f"\nSelected {int(support.sum())} of {d} features (threshold "
        f"{selector.threshold_:.4f}, the mean importance); {kept_probes} of them "
        "are noise probes."
    )
    return 0


# ---------------------------------------------------------------- parser
class _Default:
    """Marks an option left unset (the selector's default applies)."""


_DEFAULT = _Default()


def _add_training_options(parser, n_estimators=_DEFAULT):
    defaults = DeepFeatureSelector().get_params()
    group = parser.add_argument_group("training")
    group.add_argument(
        "--n-estimators",
        type=_positive_int,
        default=n_estimators,
        metavar="N",
        help=f"members of the ensemble (default: {defaults['n_estimators']})"
        if n_estimators is _DEFAULT
        else "members of the ensemble (default: %(default)s)",
    )
    group.add_argument(
        "--max-epochs",
        type=_positive_int,
        default=_DEFAULT,
        metavar="N",
        help="most epochs per member, on top of the step budget "
        f"(default: {defaults['max_epochs']})",
    )
    group.add_argument(
        "--patience",
        type=_patience,
        default=_DEFAULT,
        metavar="N",
        help="optimizer steps without improvement, once a member beats the "
        "constant predictor, before it stops; 'none' trains every member for "
        f"the whole budget (default: {defaults['patience']})",
    )
    group.add_argument(
        "--hidden-layer-sizes",
        type=_positive_int,
        nargs="+",
        default=None,
        metavar="W",
        help="widths of the hidden layers (default: "
        + " ".join(map(str, defaults["hidden_layer_sizes"]))
        + ")",
    )
    group.add_argument(
        "--device",
        default="auto",
        help="torch device: auto, cpu, cuda or cuda:N (default: %(default)s)",
    )
    group.add_argument(
        "--seed", type=int, default=0, help="random seed (default: %(default)s)"
    )
    group.add_argument(
        "--top",
        type=_positive_int,
        default=None,
        metavar="N",
        help="show the N highest-ranked features only",
    )
    loud = group.add_mutually_exclusive_group()
    loud.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar or messages"
    )
    loud.add_argument(
        "-v",
        "--verbose",
        action="count",
        default=0,
        help="more detail while training (repeatable)",
    )


def build_parser():
    """The argument parser of the ``skdfs`` command."""
    parser = argparse.ArgumentParser(
        prog="skdfs",
        description="Rank features with an ensemble of gated neural networks.",
    )
    parser.add_argument("--version", action="version", version=f"skdfs {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rank = sub.add_parser(
        "rank",
        help="rank the feature columns of a CSV or Parquet table",
        description=(
            "Rank the feature columns of DATA (CSV, or Parquet with pyarrow) by "
            "their importance for predicting the --target column(s). Prints a "
            "ranked table and writes importances.csv (every member's score "
            "included), members.csv and importances.png to --out."
        ),
    )
    rank.add_argument("data", metavar="DATA", help="CSV or .parquet file")
    rank.add_argument(
        "-t",
        "--target",
        action="append",
        required=True,
        metavar="COLUMN",
        help="target column; repeat it for a multilabel target (0/1 columns)",
    )
    rank.add_argument(
        "--task",
        choices=["auto", "classification", "regression", "multilabel"],
        default="auto",
        help="kind of target (default: inferred from its values)",
    )
    rank.add_argument(
        "--drop",
        action="append",
        metavar="COLUMN",
        help="leave this column out (an identifier, say); repeatable",
    )
    rank.add_argument(
        "--one-hot",
        action="store_true",
        help="one-hot encode non-numeric feature columns instead of refusing them",
    )
    rank.add_argument(
        "--sep", default=",", help="CSV field separator (default: %(default)r)"
    )
    rank.add_argument(
        "--threshold",
        default=None,
        help="selection cut-off: a number, 'mean', 'median', e.g. '1.5*mean', or "
        "'probe' (beat shuffled copies of the features) (default: mean)",
    )
    rank.add_argument(
        "--max-features",
        type=int,
        default=None,
        metavar="N",
        help="select at most N features",
    )
    rank.add_argument(
        "--loss",
        choices=[
            "auto",
            "cross_entropy",
            "binary_cross_entropy",
            "soft_f1",
            "squared_error",
        ],
        default="auto",
        help="training loss (default: chosen from the target)",
    )
    rank.add_argument(
        "-o",
        "--out",
        default=".",
        metavar="DIR",
        help="directory for the output files (default: .)",
    )
    rank.add_argument(
        "--no-plot", action="store_true", help="do not write importances.png"
    )
    _add_training_options(rank)
    rank.set_defaults(func=run_rank)

    demo = sub.add_parser(
        "demo",
        help="rank the features of an embedded data set",
        description=(
            "Rank the 30 features of scikit-learn's breast-cancer table with 10 "
            "pure-noise columns appended; a good ranking puts every noise column "
            "near the bottom."
        ),
    )
    _add_training_options(demo, n_estimators=32)
    demo.set_defaults(func=run_demo)
    return parser


def main(argv=None):
    """Entry point of the ``skdfs`` console script.

    Parameters
    ----------
    argv : list of str, default=None
        Arguments without the program name; ``None`` reads :data:`sys.argv`.

    Returns
    -------
    int
        Exit status: 0 on success, 2 for bad input (reported on stderr as one
        line ``skdfs: error: ...``).
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    verbosity = _verbosity(args)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    level = {0: logging.WARNING, 1: logging.INFO}.get(verbosity, logging.DEBUG)
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        return args.func(args)
    except (CommandError, ValueError, TypeError, FileNotFoundError) as exc:
        message = " ".join(str(exc).split())
        print(f"skdfs: error: {message}", file=sys.stderr)
        return 2
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
