"""Warnings raised by skdfs (like :mod:`sklearn.exceptions`)."""

from __future__ import annotations

__all__ = [
    "AblationCostWarning",
    "DivergenceWarning",
    "IdentifierWarning",
    "LowSignalWarning",
    "NoLearningWarning",
]


class NoLearningWarning(UserWarning):
    """No member of the ensemble beat a constant predictor on its held-out rows.

    The importances of such a fit are close to the gates' initial values and
    carry little information: give the networks more epochs or data, or check
    that the target depends on the features at all.
    """


class DivergenceWarning(UserWarning):
    """Some members' losses became NaN or infinite; they were discarded.

    Their importances are left out of ``feature_importances_`` and of the probe
    test; ``member_diverged_`` marks them. A lower ``lr`` usually prevents it.
    """


class AblationCostWarning(UserWarning):
    """Drop-and-retrain importances will train many networks.

    ``"ablation"`` trains ``n_members * (n_features + 1)`` networks: one group
    of members per held-out feature plus a full group. The warning gives the
    count and an estimate of the time from the original fit.
    """


class LowSignalWarning(UserWarning):
    """The members barely beat a constant predictor, or disagree on the ranking.

    The importances of such a fit are weakly determined by the data: the
    ranking may change with the seed. Remedies: more rows or a larger step
    budget (``max_steps``), ``importance="permutation"`` (scores what the
    members predict with, not what their gates pass), or linear members
    (``hidden_layer_sizes=()``), which need less data to learn.
    """


class IdentifierWarning(UserWarning):
    """A column of ``X`` looks like a row number or an identifier.

    A distinct integer in every row, in sequence, or a distinct short text in
    every row. It is used as given: a row number ranks high where the rows
    are sorted (by date, by outcome) without meaning anything about the
    target, and an identifier's levels can only be memorised. Drop such a
    column unless it measures something. ``skdfs rank`` leaves it out.
    """
