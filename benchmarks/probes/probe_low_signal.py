"""Probe: what LowSignalWarning measures on pure noise and on learnable tasks.

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_low_signal.py

Fits ``DeepFeatureSelector(n_estimators=E, random_state=seed)`` (defaults
otherwise) on 400 x 10 tables, E = 8 and 4, seeds 0 and 1: two pure-noise
targets (random labels, Gaussian regression target, independent of X) and
XOR, Friedman and nonlinear additive at the same size. Prints, per fit, the
statistics behind :class:`skdfs.LowSignalWarning` as ``fit`` computes them:
the median relative loss reduction of the members over the constant
predictor, how many members beat it by more than 0.1% (``members_learned``),
the signed-rank test's p-value of their gains (``gain_pvalue``), and
:func:`skdfs.selection.member_agreement` of the members that beat it; and
whether the warning fired.
"""

import warnings

import numpy as np

from skdfs import DeepFeatureSelector, LowSignalWarning, NoLearningWarning
from skdfs.datasets import make_task
from skdfs.selection import gain_pvalue, member_agreement, members_learned


def tables(seed):
    rng = np.random.RandomState(seed)
    X = rng.randn(400, 10)
    yield "noise (labels)", X, rng.randint(0, 2, 400)
    yield "noise (regression)", X, rng.randn(400)
    for name in ("xor", "friedman", "nonlinear_additive"):
        X, y, _, _ = make_task(name, random_state=seed, n_samples=400, n_features=10)
        yield name, X, y


def main():
    print(
        "table | members | seed | median loss reduction | beat the constant "
        "| gains' signed-rank p | agreement | warning"
    )
    print("---|---:|---:|---:|---:|---:|---:|---")
    for members in (8, 4):
        for seed in (0, 1):
            for name, X, y in tables(seed):
                selector = DeepFeatureSelector(n_estimators=members, random_state=seed)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    selector.fit(X, y)
                kept = ~selector.member_diverged_
                scores = selector.member_scores_[kept]
                base = selector.member_baseline_scores_[kept]
                gain = float(np.median(1 - scores / base))
                learned = kept & members_learned(
                    selector.member_scores_, selector.member_baseline_scores_
                )
                agree = (
                    member_agreement(selector.importances_[learned])
                    if learned.sum() > 1
                    else float("nan")
                )
                wins = int(members_learned(scores, base).sum())
                pvalue = gain_pvalue(1 - scores / base)
                sign = f"{wins}/{len(scores)} | {pvalue:.3f}"
                fired = [
                    w.category.__name__
                    for w in caught
                    if issubclass(w.category, (LowSignalWarning, NoLearningWarning))
                ]
                print(
                    f"{name} | {members} | {seed} | {100 * gain:.1f}% | {sign} | "
                    f"{agree:.2f} | {', '.join(fired) or '-'}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
