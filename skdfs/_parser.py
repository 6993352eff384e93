"""The ``skdfs`` command's options: the argument groups and their types.

:func:`add_rank_arguments` adds what ``skdfs rank`` reads of a table and
writes; :func:`add_training_options` the selector's parameters that both
commands take. ``skdfs.cli`` builds the parser from them and runs the
commands.
"""

from __future__ import annotations

import argparse
import re

from .importance import METHODS
from .network import ACTIVATIONS, GATES, INPUT_BASES
from .selector import DeepFeatureSelector

__all__ = [
    "DEFAULT",
    "MODEL_FLAGS",
    "add_rank_arguments",
    "add_training_options",
    "command_line_spelling",
    "positive_int",
]


def patience_value(text):
    """``--patience``: a positive integer, or ``none`` (no early stopping)."""
    if text.lower() == "none":
        return None
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("patience must be a positive integer or none")
    return value


def positive_int(text):
    """An argument type: a positive integer."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text}")
    return value


def hidden_width(text):
    """``--hidden-layer-sizes``: a positive width, or ``none`` / ``0`` (no
    hidden layer: gated linear members)."""
    if text.lower() in ("none", "0"):
        return "none"
    return positive_int(text)


class Default:
    """Marks an option left unset (the selector's default applies)."""


DEFAULT = Default()


#: Selector parameters reachable from the command line: flag, type, extra
#: argparse arguments, help.
MODEL_FLAGS = [
    (
        "--importance",
        str,
        {"choices": sorted(METHODS)},
        "how a member scores the features (gate: its gates; permutation: the "
        "loss increase when a column is shuffled; ...)",
    ),
    ("--gate", str, {"choices": sorted(GATES)}, "kind of input gate"),
    ("--activation", str, {"choices": sorted(ACTIVATIONS)}, "hidden activation"),
    ("--input-basis", str, {"choices": INPUT_BASES}, "adds x**2 - 1 terms (see docs)"),
    ("--lr", float, {"metavar": "X"}, "learning rate"),
    ("--batch-size", int, {"metavar": "N"}, "rows per batch"),
    ("--validation-fraction", float, {"metavar": "X"}, "held-out share per member"),
    ("--weight-decay", float, {"metavar": "X"}, "L2 penalty on the weights"),
    ("--gate-l1", float, {"metavar": "X"}, "L1 penalty on the gates"),
    ("--dropout", float, {"metavar": "X"}, "dropout rate of the hidden layers"),
    (
        "--importance-power",
        float,
        {"metavar": "X"},
        "members' scores are raised to this power before normalising",
    ),
    ("--n-repeats", int, {"metavar": "N"}, "shuffles per column (permutation)"),
    ("--member-features", float, {"metavar": "X"}, "share of columns per member"),
    ("--n-probes", int, {"metavar": "N"}, "probe columns (--threshold probe)"),
    ("--alpha", float, {"metavar": "X"}, "significance level of the probe test"),
    ("--n-jobs", int, {"metavar": "N"}, "groups of members trained in parallel"),
    (
        "--max-onehot-levels",
        positive_int,
        {"metavar": "N"},
        "text columns with more levels are target encoded",
    ),
]


def add_training_options(parser, n_estimators=DEFAULT):
    """The selector's parameters both commands take (``--n-estimators``,
    :data:`MODEL_FLAGS`, the device, the seed, ``--top``, verbosity);
    ``n_estimators`` sets that option's default (``DEFAULT``: the
    selector's own)."""
    defaults = DeepFeatureSelector().get_params()
    group = parser.add_argument_group("training")
    group.add_argument(
        "--n-estimators",
        type=positive_int,
        default=n_estimators,
        metavar="N",
        help=f"members of the ensemble (default: {defaults['n_estimators']})"
        if n_estimators is DEFAULT
        else "members of the ensemble (default: %(default)s)",
    )
    group.add_argument(
        "--max-steps",
        type=positive_int,
        default=DEFAULT,
        metavar="N",
        help="optimizer steps per member: the training budget, the same on "
        f"any number of rows (default: {defaults['max_steps']})",
    )
    group.add_argument(
        "--max-epochs",
        type=positive_int,
        default=DEFAULT,
        metavar="N",
        help="most epochs per member, on top of the step budget "
        f"(default: {defaults['max_epochs']})",
    )
    group.add_argument(
        "--patience",
        type=patience_value,
        default=DEFAULT,
        metavar="N",
        help="optimizer steps without improvement, once a member beats the "
        "constant predictor, before it stops; 'none' trains every member for "
        f"the whole budget (default: {defaults['patience']})",
    )
    group.add_argument(
        "--hidden-layer-sizes",
        type=hidden_width,
        nargs="+",
        default=None,
        metavar="W",
        help="widths of the hidden layers; 'none' for gated linear members (no "
        "hidden layer: often best on small tables) (default: "
        + " ".join(map(str, defaults["hidden_layer_sizes"]))
        + ")",
    )
    model = parser.add_argument_group(
        "model (defaults: DeepFeatureSelector's; see its documentation)"
    )
    for flag, kind, extra, text in MODEL_FLAGS:
        dest = flag[2:].replace("-", "_")
        model.add_argument(
            flag,
            type=kind,
            default=DEFAULT,
            help=f"{text} (default: {defaults[dest]})",
            **extra,
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
        type=positive_int,
        default=None,
        metavar="N",
        help="show the N highest-ranked features only (default: all up to 50, "
        "else the top 50 and the selected ones; importances.csv has all)",
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


def add_rank_arguments(rank):
    """The arguments of ``skdfs rank`` besides the training options."""
    rank.add_argument(
        "data", metavar="DATA", help="CSV, .parquet or spreadsheet (.xlsx, .ods) file"
    )
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
        "--categorical",
        action="append",
        metavar="COLUMN",
        help="read this column as categories even if it holds numbers (integer "
        "codes); text columns always are; repeatable",
    )
    rank.add_argument(
        "--levels",
        action="store_true",
        help="also list the encoded inputs: levels of text columns and "
        "missing-value indicators, each with its share of its column's importance",
    )
    rank.add_argument(
        "--group-correlated",
        type=float,
        default=None,
        metavar="R",
        help="rank and select each set of numeric columns correlated at |r| >= R "
        "(e.g. 0.9) as one unit: neighbouring wavelengths, co-expressed genes",
    )
    rank.add_argument(
        "--log-skewed",
        action="store_true",
        help="use log(1 + x) for non-negative, clearly right-skewed numeric columns "
        "(counts, concentrations), a regression target included",
    )
    rank.add_argument(
        "--keep-codes",
        action="store_true",
        help="keep all-nines values (-999, 9999) far outside a numeric column's "
        "other values; by default they are read as codes for missing values",
    )
    rank.add_argument(
        "--blocks",
        type=int,
        default=None,
        metavar="N",
        help="rows are in time order: validate each member on whole stretches of N "
        "consecutive rows it did not train on (sensor, price or other series)",
    )
    rank.add_argument(
        "--split-by",
        default=None,
        metavar="COLUMN",
        help="rows sharing a value of COLUMN (a patient, a day, a site) are never "
        "split between a member's training and validation rows; COLUMN is not a "
        "feature",
    )
    rank.add_argument("--one-hot", action="store_true", help=argparse.SUPPRESS)
    rank.add_argument(
        "--sep",
        default=None,
        help="CSV field separator (default: ',', tabs for .tsv files; ';', "
        "tabs or '|' when the header holds one of them and no ',')",
    )
    rank.add_argument(
        "--threshold",
        default="auto",
        help="selection cut-off: a number, 'mean', 'median', e.g. '1.5*mean', "
        "'probe' (beat shuffled copies of the features) or 'path' (kept as a "
        "growing gate penalty sparsifies the members) (default: auto, the path "
        "where it applies, else mean)",
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
            "huber",
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


#: Selector parameters the command takes besides :data:`MODEL_FLAGS`.
OTHER_FLAGS = ("n_estimators", "max_steps", "max_epochs", "patience")
OTHER_FLAGS += ("hidden_layer_sizes", "threshold", "max_features", "loss")


def _flag(name):
    return "--" + name.replace("_", "-")


def command_line_spelling(message):
    """A warning's remedies as the command line spells them.

    The selector's warnings name its parameters as Python does
    (``importance='permutation'``, ``hidden_layer_sizes=()``,
    ``max_steps``); ``skdfs rank`` prints them with its own flags.

    Examples
    --------
    >>> from skdfs._parser import command_line_spelling
    >>> print(command_line_spelling(
    ...     "more steps (max_steps), importance='permutation', or linear members "
    ...     "(hidden_layer_sizes=(), input_basis='linear')"))
    more steps (--max-steps), --importance permutation, or linear members \
(--hidden-layer-sizes none --input-basis linear)
    """
    names = {flag[2:].replace("-", "_") for flag, *_ in MODEL_FLAGS}
    names.update(OTHER_FLAGS)

    def assignment(match):
        name, value = match.group(1), match.group(2).strip("'\"")
        if name not in names:
            return match.group(0)
        return f"{_flag(name)} {'none' if value == '()' else value}"

    message = re.sub(
        r"groups=skdfs\.groups_from_correlation\(X, [\d.]+\) "
        r"\(the command line: (--group-correlated [\d.]+)\)",
        r"\1",
        message,
    )
    message = re.sub(
        r"fit\(X, y, sample_groups=numpy\.arange\(len\(X\)\) // (\d+)\)",
        r"--blocks \1",
        message,
    )
    message = message.replace(
        "or group the rows by day or by subject",
        "or --split-by a column of days or subjects",
    )
    message = message.replace(  # the trend check's remedy
        "fit(numpy.diff(X, axis=0), numpy.diff(y)) for one series (within each "
        "series for several), with sample_groups keeping stretches of rows together",
        "a table of each row's change from the row before (within each series "
        "where it holds several), with --blocks keeping stretches of rows "
        "together",
    ).replace("no split of the rows, sample_groups included,", "no split of the rows")
    message = re.sub(r"\b([a-z_]+)=('[^']*'|\(\)|[\w.+-]+)", assignment, message)
    message = re.sub(r"(--[a-z-]+ [\w.]+), (--)", r"\1 \2", message)
    spelled = sorted(name for name in names if "_" in name)  # not prose words
    message = re.sub(
        r"\b(" + "|".join(spelled) + r")\b(?!=)",
        lambda match: _flag(match.group(1)),
        message,
    )
    message = message.replace(
        "the logarithm of the target", "the logarithm of the target (--log-skewed)"
    )
    return message.replace("(feature_importances_)", "(the importance column)")
