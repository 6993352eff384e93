"""The ``skdfs`` command.

``skdfs rank DATA.csv --target COLUMN`` ranks the feature columns of a CSV (or
Parquet) table: it prints a ranked table, writes ``importances.csv`` (every
member's score included) and ``importances.png``. ``skdfs demo`` does the same
on an embedded data set (scikit-learn's breast-cancer table with pure-noise
columns appended).

A raw table needs no cleaning: text columns become categorical features,
dates their numeric parts, identifier-like columns are left out and missing
feature values imputed (with an indicator), each decision printed as a
``skdfs: note: ...`` line (:func:`skdfs.rawtable.prepare_frame`); rows without a
target are dropped, and an integer target with more distinct values than a
classifier can learn is treated as a quantity (regression).

Problems with the input (a missing file or column, too few rows, a target with
one class, a bad option value) are reported before any training, all at once,
as ``skdfs: error: ...`` on stderr, with exit status 2. Any other exception is
a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from sklearn.utils._param_validation import InvalidParameterError

from ._alloc import keep_freed_memory
from ._cells import codes_to_missing
from ._columns import preview
from ._files import read_export
from ._notices import codes_note
from ._parser import (
    DEFAULT,
    MODEL_FLAGS,
    add_rank_arguments,
    add_training_options,
    command_line_spelling,
)
from ._signal import CORRELATED_R
from ._version import __version__
from .exceptions import LowSignalWarning, NoLearningWarning, TargetWarning
from .groups import near_copies
from .path import PATH_MIN_SHARE
from .plotting import save_importances_plot
from .rawtable import (
    correlated_groups,
    many_levels_note,
    prepare_frame,
    prepare_target,
    separator_hint,
    skew_note,
    skewed_columns,
    target_task,
)
from .report import (  # noqa: F401 (format_ranking etc. were defined here)
    column_marks,
    encoded_note,
    format_ranking,
    group_table,
    importance_table,
    legend_note,
    level_table,
    member_table,
    path_note,
    ranked_units,
    squares_note,
    threshold_note,
)
from .selection import members_learned, resolve_threshold
from .selector import DeepFeatureSelector
from .tabular import TableError

logger = logging.getLogger("skdfs")

#: Fewest rows ``skdfs rank`` accepts: below this every member's validation
#: split is a handful of rows and the ranking is noise.
MIN_ROWS = 10


class CommandError(Exception):
    """A problem with the command's input, reported on stderr (exit 2).

    ``CommandError(problem, ...)`` with several problems lists them all.
    """

    def __init__(self, *problems):
        self.problems = list(problems)
        if len(problems) == 1:
            message = problems[0]
        else:
            message = f"{len(problems)} problems:\n" + "\n".join(
                f"  - {p}" for p in problems
            )
        super().__init__(message)


def _note(message):
    logger.warning("skdfs: note: %s", message)


# ---------------------------------------------------------------- input
def _columns(df, wanted, what, path, problems):
    """Map requested column names (strings) onto the table's columns; append
    what is wrong to ``problems``."""
    by_name = {str(c): c for c in df.columns}
    found = []
    other = separator_hint(df)
    hint = f" (read as one column: try --sep {other!r})" if other else ""
    for name in wanted:
        near = [k for k in by_name if k.strip().casefold() == name.strip().casefold()]
        if name not in by_name and len(near) == 1:
            _note(
                f"{what} column {name!r} is {near[0]!r} in {Path(path).name} "
                "(spaces or case differ); used"
            )
            name = near[0]
        if name not in by_name:
            problems.append(
                f"{what} column {name!r} not found in {Path(path).name}; its "
                f"columns are: {preview(by_name, limit=8, quote=False)}{hint}"
            )
        elif by_name[name] in found:
            problems.append(f"{what} column {name!r} is given twice")
        else:
            found.append(by_name[name])
    return found


def _threshold(text):
    """``--threshold``: a number or a SelectFromModel-style string."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = text
    if not (isinstance(value, str) and value.strip() in ("auto", "probe", "path")):
        # "auto", "probe" and "path" are applied by the selector, not the grammar
        resolve_threshold(value, np.zeros(1))  # grammar check before training
    return value


# -------------------------------------------------------------- commands
def _fit(selector, X, y, sample_groups=None):
    """Fit, turning warnings into one log line each; return the seconds taken
    and whether the fit warned that its members barely learned."""
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # prepare_target's note named the classes too rare to learn from
        warnings.filterwarnings("ignore", r"y has \d+ class", TargetWarning)
        selector.fit(X, y, sample_groups=sample_groups)
    seconds = time.perf_counter() - start
    seen = set()
    for warning in caught:
        message = command_line_spelling(" ".join(str(warning.message).split()))
        if message not in seen:
            seen.add(message)
            logger.warning("skdfs: warning: %s", message)
    weak = any(
        issubclass(w.category, (LowSignalWarning, NoLearningWarning)) for w in caught
    )
    return seconds, weak


def _near_copy_note(X, names, units):
    """A note naming the unselected numeric columns that are near-copies of
    selected ones (``|r| >=`` :data:`~skdfs._signal.CORRELATED_R`), or None."""
    index = {c: i for i, c in enumerate(X.columns) if X[c].dtype.kind in "biuf"}
    selected = units["selected"]
    chosen = [index[n] for n, s in zip(names, selected) if s and n in index]
    left = [index[n] for n, s in zip(names, selected) if not s and n in index]
    if not chosen or not left:
        return None
    values = X.iloc[:, chosen + left].to_numpy(dtype=float)
    values = np.where(np.isnan(values), np.nanmean(values, axis=0), values)
    pairs = near_copies(values, range(len(chosen), values.shape[1]), range(len(chosen)))
    if not pairs:
        return None
    named = [
        f"'{X.columns[left[c - len(chosen)]]}' (r = {r:.2f} with "
        f"'{X.columns[chosen[p]]}')"
        for c, p, r in pairs[:3]
    ]
    more = f" and {len(pairs) - 3} more" if len(pairs) > 3 else ""
    return (
        f"not selected, but a near-copy of a selected column: {', '.join(named)}"
        f"{more}. The gates often keep one of two near-copies, so the other's absence "
        f"does not say it does not matter; --group-correlated {CORRELATED_R:g} "
        "ranks and selects such columns as one"
    )


def _weak_note(weak):
    """After the selection's count, where the fit warned of a weak signal."""
    return " Weakly determined: see the warning above." if weak else ""


def _members_used(selector):
    """How many members beat a constant predictor and are used
    (``members_used_``); where none did, the selector ranks with all of them
    and the sentence says so instead of counting them as winners."""
    used, total = int(np.sum(selector.members_used_)), selector.n_estimators
    learned = members_learned(selector.member_scores_, selector.member_baseline_scores_)
    if not np.any(learned & selector.members_used_):
        return (
            f"no member beat a constant predictor ({used} of {total} rank all the same)"
        )
    return f"{used} of {total} members beat a constant predictor and are used"


def _classes_note(selector):
    """`` (3 classes)`` for a classification target, the loss where a
    regression target's heavy tails chose Huber's, else empty."""
    if selector.loss_ == "huber":
        chosen = "heavy tails" if selector.loss == "auto" else "--loss huber"
        return f", Huber's loss ({chosen}: robust to a few extreme rows)"
    classes = getattr(selector, "classes_", None)
    if selector.task_ != "classification" or classes is None:
        return ""
    return f" ({len(classes)} classes)"


def _verbosity(args):
    return 0 if args.quiet else 1 + args.verbose


def _selector_params(args, **extra):
    params = {
        "device": args.device,
        "random_state": args.seed,
        "verbose": _verbosity(args),
    }
    names = ["n_estimators", "max_steps", "max_epochs", "patience"]
    names += [flag[2:].replace("-", "_") for flag, *_ in MODEL_FLAGS]
    for name in names:
        params[name] = getattr(args, name)
    if getattr(args, "hidden_layer_sizes", None) is not None:
        sizes = args.hidden_layer_sizes
        params["hidden_layer_sizes"] = () if sizes == ["none"] else tuple(sizes)
    params.update(extra)
    # Options left unset keep the selector's own defaults.
    return {k: v for k, v in params.items() if v is not DEFAULT}


def _save_plot(selector, names, path, top):
    try:
        save_importances_plot(selector, path, top, min(top, len(names)))
    except ImportError:
        logger.warning(
            "skdfs: warning: matplotlib is not installed, so %s was not written "
            "(pip install matplotlib)",
            path.name,
        )
        return False
    return True


_CLASS_LOSSES = ("cross_entropy", "binary_cross_entropy", "soft_f1")


def _target_codes_as_missing(df, targets):
    """``df`` with all-nines codes for missing (``-9999`` among temperatures)
    in a numeric target column set to NaN, each with a note, so that their
    rows are dropped as rows without a target value; ``df`` itself is not
    modified. A trial's 20 sensor rows holding 9999 or -9999 otherwise ruled
    the loss, and the fit warned of a weak signal where the selection was
    exact."""
    out = df
    for name in targets:
        if df[name].dtype.kind not in "iuf":
            continue
        values, codes = codes_to_missing(df[name].to_numpy(dtype=float))
        if not codes:
            continue
        if out is df:
            out = df.copy()
        out[name] = values
        _note("target " + codes_note(name, codes, values[~np.isnan(values)]))
    return out


def _skewed_target(y, targets, logged):
    """A regression target's skewed columns (:func:`skewed_columns`), as
    log(1 + y) where ``logged`` (``--log-skewed``); and the note on them."""
    import pandas as pd

    frame = pd.DataFrame(np.asarray(y, dtype=float).reshape(len(y), -1))
    frame.columns = [str(t) for t in targets][: frame.shape[1]]
    skewed = skewed_columns(frame)
    if not skewed:
        return y, None
    names = ", ".join(repr(c) for c in skewed)
    if logged:
        frame[skewed] = np.log1p(frame[skewed])
        y = frame.to_numpy().reshape(np.shape(y))
        return y, f"--log-skewed: ranked against log(1 + y) of the target {names}"
    zeros = float(np.mean(frame[skewed].to_numpy() == 0))
    caveat = ""
    if zeros >= 0.2:  # a trial's claims, 46% zeros: logged, two drivers fell
        caveat = (
            f" ({100 * zeros:.0f}% of its values are 0, which the logarithm "
            "sets far apart from the rest: compare both before relying on it)"
        )
    return y, (
        f"the target {names} is non-negative and clearly right-skewed: a few "
        "large values dominate the loss the members learn from; "
        f"--log-skewed ranks against log(1 + y) instead{caveat}"
    )


def _sample_groups(df, split, blocks):
    """The rows' groups for ``fit`` (``--split-by`` a column: its values, a
    missing value a group of its own; ``--blocks N``: stretches of N rows),
    with a note saying how the members validate; None without either."""
    if split:
        values = df[split[0]].astype(str).where(df[split[0]].notna(), "(missing)")
        groups = values.to_numpy()
        what = f"the {len(np.unique(groups))} values of {str(split[0])!r}"
    elif blocks:
        groups = np.arange(len(df)) // blocks
        what = f"{groups[-1] + 1} stretches of {blocks} consecutive rows"
    else:
        return None
    _note(
        f"validation: each member validates on whole groups of rows ({what}) "
        "that it did not train on"
    )
    return groups


def _read_as(df, targets, task):
    """The task as the selector will read it: ``task`` from
    :func:`prepare_target`, with ``"auto"`` inferred for one target column
    (several stay ``"auto"``)."""
    if task == "auto" and len(targets) == 1:
        return target_task(df[targets[0]])[0]
    return task


def _check_training_options(args, task):
    """Options the selector would only refuse inside ``fit``: the device, and a
    loss that does not suit the target (``task``: as the selector will read
    it, :func:`_read_as`)."""
    problems = []
    import torch

    try:
        device = torch.device(args.device) if args.device != "auto" else None
    except RuntimeError:
        problems.append(
            f"--device {args.device!r} (device={args.device!r}) is not a torch "
            "device; use auto, cpu, cuda or cuda:N"
        )
        device = None
    if device is not None:
        if device.type not in ("cpu", "cuda"):
            problems.append(f"device={args.device!r}: only cpu and cuda are supported")
        elif device.type == "cuda" and not torch.cuda.is_available():
            problems.append(
                f"device={args.device!r} was requested but CUDA is unavailable"
            )
    if args.loss in ("squared_error", "huber") and task in (
        "classification",
        "multilabel",
    ):
        problems.append(
            f"loss={args.loss!r} is for regression targets; the target is read "
            f"as {task} (pass --task regression to treat it as a number)"
        )
    if args.loss in _CLASS_LOSSES and task == "regression":
        problems.append(
            f"loss={args.loss!r} is for class labels; the target is read as a "
            "quantity (regression): pass --task classification or drop --loss"
        )
    return problems


def run_rank(args):
    """``skdfs rank``: rank the feature columns of a table."""
    df = read_export(args.data, sep=args.sep, targets=args.target)
    name = Path(args.data).name
    problems = []
    targets = _columns(df, args.target, "target", args.data, problems)
    dropped = _columns(df, args.drop or [], "--drop", args.data, problems)
    forced = _columns(df, args.categorical or [], "--categorical", args.data, problems)
    split = _columns(
        df, [args.split_by] if args.split_by else [], "--split-by", args.data, problems
    )
    if args.blocks is not None and (args.blocks < 1 or split):
        problems.append(
            f"--blocks {args.blocks}: give a positive number of rows"
            if args.blocks < 1
            else "--blocks and --split-by both say how to keep rows together: give one"
        )
    checks = (("--drop", dropped), ("--categorical", forced), ("--split-by", split))
    for flag, chosen in checks:
        problems += [
            f"column {str(c)!r} is both a --target and {flag}"
            for c in chosen
            if c in targets
        ]
    threshold = None
    try:
        threshold = _threshold(args.threshold)
    except ValueError as exc:
        problems.append(f"--threshold {args.threshold!r}: {exc}")
    if args.group_correlated is not None and not 0 < args.group_correlated <= 1:
        problems.append(
            f"--group-correlated {args.group_correlated:g}: the correlation must be "
            "in (0, 1]"
        )
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        problems.append(f"--out {out} exists and is not a directory")
    columns = [
        c
        for c in df.columns
        if c not in targets and c not in dropped and c not in split
    ]
    if targets and not columns:
        problems.append("no feature columns left besides the target")
    if problems:
        raise CommandError(*problems)
    if args.one_hot:
        _note("--one-hot is no longer needed: text columns are categorical features")

    if not args.keep_codes:
        df = _target_codes_as_missing(df, targets)
    cells = df[targets].to_numpy(dtype=object)
    blank = [[isinstance(v, str) and not v.strip() for v in row] for row in cells]
    blank = np.array(blank, bool).reshape(cells.shape)
    missing = (df[targets].isna().to_numpy() | blank).any(axis=1)
    if missing.any():
        _note(
            f"dropped {int(missing.sum())} of {len(df)} rows with no value in the "
            f"target {', '.join(repr(str(t)) for t in targets)}"
        )
        df = df.loc[~missing]
    if len(df) < MIN_ROWS:
        raise CommandError(
            f"too few rows: {name} has {len(df)} with a target value, skdfs rank "
            f"needs at least {MIN_ROWS}"
        )
    y, task = prepare_target(df, targets, args.task)
    read_as = _read_as(df, targets, task)
    problems = _check_training_options(args, read_as)
    if problems:
        raise CommandError(*problems)
    X, groups, notices, kinds = prepare_frame(
        df, columns, categorical=forced, codes_as_missing=not args.keep_codes
    )
    n_columns = len(kinds)
    if read_as == "regression":
        y, notice = _skewed_target(y, targets, args.log_skewed)
        notices.append(notice)
    skewed = skewed_columns(X)
    if skewed and args.log_skewed:
        X[skewed] = np.log1p(X[skewed])
    if skewed:
        notices.append(skew_note(skewed, args.log_skewed))
    notices.append(many_levels_note(X, y, task, args.max_onehot_levels))
    if args.group_correlated is not None:
        groups, notice = correlated_groups(X, groups, args.group_correlated, kinds)
        notices.append(notice)
    for notice in filter(None, notices):
        _note(notice)
    if X.shape[1] == 0:
        raise CommandError(
            f"no usable feature column in {name}: every one was left out (see the "
            "notes above)"
        )
    out.mkdir(parents=True, exist_ok=True)

    selector = DeepFeatureSelector(
        **_selector_params(
            args,
            task=task,
            loss=args.loss,
            threshold=threshold,
            max_features=args.max_features,
            groups=groups,
        )
    )
    seconds, weak = _fit(selector, X, y, _sample_groups(df, split, args.blocks))
    units = ranked_units(selector)
    names = units["names"]
    copies = None if args.group_correlated else _near_copy_note(X, names, units)
    if copies:
        _note(copies)
    if args.levels and hasattr(selector, "level_importances_"):
        levels = level_table(selector)
        print(levels.to_string(index=False, float_format=lambda v: f"{v:.4f}"))
        print()
    elif args.levels:
        _note("--levels: every column is numeric and complete, its own level")
    print(
        format_ranking(
            names,
            units["importance"],
            units["std"],
            units["selected"],
            marks=column_marks(selector, names, kinds),
            top=args.top or "auto",
            interval=(units["ci_low"], units["ci_high"]),
            ranks=units["rank"],
            kept=units["kept"],
            pvalues=units["p_adjusted"],
        )
    )
    unit = "columns" if len(names) == n_columns else "units"
    print(
        f"\nSelected {int(units['selected'].sum())} of {len(names)} {unit} "
        f"({threshold_note(selector)}).{_weak_note(weak)}\n"
        f"Data: {name}, {len(X)} rows, {n_columns} feature columns"
        + (f" in {len(names)} units" if unit == "units" else "")
        + encoded_note(selector)
        + f"; target {', '.join(repr(str(t)) for t in targets)}; task: "
        f"{selector.task_}{_classes_note(selector)}.\n"
        f"Training: {_members_used(selector)}{squares_note(selector)}; "
        f"{selector.n_steps_} steps ({selector.n_iter_} "
        f"epoch{'s' * (selector.n_iter_ != 1)}){path_note(selector)} in "
        f"{seconds:.1f} s.\n" + legend_note(selector)
    )
    tables = {"importances": importance_table, "members": member_table}
    if unit == "units":
        tables["sets"] = group_table
    if hasattr(selector, "level_importances_"):
        tables["levels"] = level_table
    for stem, table in tables.items():
        table(selector).to_csv(out / f"{stem}.csv", index=False)
        logger.info("wrote %s", out / f"{stem}.csv")
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
    seconds, weak = _fit(selector, data.data, data.target)
    support = selector.get_support()
    marks = np.where(data.is_probe, "probe", "")
    print(
        f"\nTrained {selector.n_estimators} members in {seconds:.1f} s "
        f"({selector.n_iter_} epoch{'s' * (selector.n_iter_ != 1)}"
        f"{path_note(selector)}; "
        f"{_members_used(selector)}). Importance = mean over the members of their "
        "normalised squared gates (their shares of the gated inputs' variance)"
        + (
            ", half-and-half with their gates' mean shares along the gate path; "
            if hasattr(selector, "path_")
            else "; "
        )
        + "rank = the selector's ranking_ (by importance); "
        "spread = its standard deviation across members; 95% interval = Student-t "
        "confidence interval of the mean over the members (the training's "
        "chance on these rows, not the rows' sampling)"
        + (
            f"; kept = share of the members that keep it along the gate path "
            f"(selected from {PATH_MIN_SHARE:.0%})"
            if selector.selection_rule_ == "path"
            else ""
        )
        + ".\n"
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
            ranks=selector.ranking_,
            kept=ranked_units(selector)["kept"],
            pvalues=ranked_units(selector)["p_adjusted"],
        )
    )
    kept_probes = int((support & data.is_probe).sum())
    verb = "is a noise probe" if kept_probes == 1 else "are noise probes"
    print(
        f"\nSelected {int(support.sum())} of {d} features "
        f"({threshold_note(selector)}); {kept_probes} of them {verb}."
        + _weak_note(weak)
    )
    return 0


# ---------------------------------------------------------------- parser
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
        help="rank the feature columns of a CSV, Parquet or spreadsheet table",
        description=(
            "Rank the feature columns of DATA (CSV; Parquet with pyarrow; the first "
            "sheet of a workbook with openpyxl) by "
            "their importance for predicting the --target column(s). Prints a "
            "ranked table and writes importances.csv (every member's score "
            "included), members.csv and importances.png to --out."
        ),
    )
    add_rank_arguments(rank)
    add_training_options(rank)
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
    add_training_options(demo, n_estimators=32)
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
        Exit status: 0 on success, 2 for bad input (reported on stderr as
        ``skdfs: error: ...``, every problem found at once, one per line).
        Other exceptions (bugs) propagate with their traceback.

    Notes
    -----
    The command owns its process: it first lets glibc's malloc keep freed
    memory in it (:func:`skdfs._alloc.keep_freed_memory`), which spares
    training hundreds of page faults per step (``docs/scaling.rst``).
    """
    keep_freed_memory()
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
    except (CommandError, TableError, InvalidParameterError) as exc:
        # Input problems only: the command's own checks, the table's content,
        # the selector's parameter validation. Anything else is a bug and
        # keeps its traceback.
        problems = getattr(exc, "problems", None) or [str(exc)]
        if len(problems) == 1:
            message = " ".join(problems[0].split())
            print(f"skdfs: error: {message}", file=sys.stderr)
        else:
            print(f"skdfs: error: {len(problems)} problems:", file=sys.stderr)
            for problem in problems:
                print(f"  - {' '.join(problem.split())}", file=sys.stderr)
        return 2
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
