"""The ``skdfs`` command.

``skdfs demo`` ranks the features of an embedded data set (scikit-learn's
breast-cancer table with pure-noise columns appended) and prints the ranking
with the spread across the ensemble's members.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time

import numpy as np

from . import __version__
from .selector import DeepFeatureSelector

logger = logging.getLogger("skdfs")


def format_ranking(names, importances, spread, selected, marks=None, top=None):
    """Ranked plain-text table of features, most important first.

    Parameters
    ----------
    names : sequence of str
    importances, spread : array-like of shape (n_features,)
    selected : array-like of bool, shape (n_features,)
    marks : sequence of str, default=None
        Extra note per feature (e.g. ``"probe"``).
    top : int, default=None
        Show only the ``top`` highest-ranked features.

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_ranking(["a", "b"], [0.2, 0.8], [0.01, 0.02], [False, True]))
    rank  feature  importance  spread  selected
       1  b            0.8000  0.0200  yes
       2  a            0.2000  0.0100
    """
    importances = np.asarray(importances, dtype=float)
    order = np.argsort(-importances, kind="mergesort")
    if top is not None:
        order = order[:top]
    width = max([len("feature")] + [len(str(names[i])) for i in order])
    header = f"rank  {'feature':<{width}}  importance  spread  selected"
    lines = [header]
    for rank, i in enumerate(order, start=1):
        line = (
            f"{rank:>4}  {str(names[i]):<{width}}  {importances[i]:>10.4f}  "
            f"{spread[i]:.4f}  {'yes' if selected[i] else ''}"
        )
        if marks is not None and marks[i]:
            line += f"{'' if selected[i] else '   '}  {marks[i]}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def run_demo(args):
    from .datasets import load_demo

    data = load_demo(random_state=args.seed)
    n, d = data.data.shape
    print(
        f"Embedded data: {data.DESCR}\n{n} rows, {d} columns "
        f"({int(data.is_probe.sum())} of them pure-noise probes).",
        flush=True,
    )
    selector = DeepFeatureSelector(
        n_estimators=args.n_estimators, random_state=args.seed, device=args.device
    )
    start = time.perf_counter()
    selector.fit(data.data, data.target)
    seconds = time.perf_counter() - start
    support = selector.get_support()
    marks = np.where(data.is_probe, "probe", "")
    print(
        f"\nTrained {selector.n_estimators} members in {seconds:.1f} s "
        f"({selector.n_iter_} epochs, {int(selector.members_used_.sum())} members "
        f"beat a constant predictor). Importance = mean normalised gate; spread = "
        "its standard deviation across members.\n"
    )
    print(
        format_ranking(
            data.feature_names,
            selector.feature_importances_,
            selector.feature_importances_std_,
            support,
            marks=marks,
            top=args.top,
        )
    )
    kept_probes = int((support & data.is_probe).sum())
    print(
        f"\nSelected {int(support.sum())} of {d} features (threshold "
        f"{selector.threshold_:.4f}, the mean importance); {kept_probes} of them "
        "are noise probes."
    )
    return 0


def build_parser():
    parser = argparse.ArgumentParser(
        prog="skdfs",
        description="Rank features with an ensemble of gated neural networks.",
    )
    parser.add_argument("--version", action="version", version=f"skdfs {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="rank the features of an embedded data set")
    demo.add_argument("--n-estimators", type=int, default=32)
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--device", default="auto")
    demo.add_argument("--top", type=int, default=None, help="show the top N only")
    demo.set_defaults(func=run_demo)
    return parser


def main(argv=None):
    """Entry point of the ``skdfs`` console script."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, TypeError, FileNotFoundError) as exc:
        print(f"skdfs: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
