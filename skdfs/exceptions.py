"""Warnings raised by skdfs (like :mod:`sklearn.exceptions`)."""

from __future__ import annotations

__all__ = [
    "AblationCostWarning",
    "DivergenceWarning",
    "ColumnWarning",
    "LowSignalWarning",
    "NoLearningWarning",
    "RowOrderWarning",
    "TargetWarning",
]


class NoLearningWarning(UserWarning):
    """No member of the ensemble beat a constant predictor on its held-out rows.

    The importances of such a fit are close to the gates' initial values and
    carry little information: give the networks more rows or steps, or check
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


class ColumnWarning(UserWarning):
    """A column of ``X`` looks unfit for how it will be used.

    A row number (distinct whole numbers, one per row, nearly consecutive), an
    identifier or free text (a different text in at least 95% of the rows),
    dates written as text,
    or numbers written as text (``"<0.3"``, ``"1 234,5"``). Such a column is
    used as given: a row number ranks high where the rows are sorted (by
    date, by outcome) without meaning anything about the target, and text
    is taken as levels that can only be memorised. Drop or convert it;
    ``skdfs rank`` (:func:`skdfs.rawtable.prepare_frame`) leaves the first
    two out and reads the others as dates and numbers.
    """


class TargetWarning(UserWarning):
    """The target has classes too rare to learn from, or tails that let a few
    rows rule the squared error.

    A class with fewer than 5 rows (a typo such as ``"a"`` beside ``"A"``, a
    code for "unknown", the thin tail of a count read as classes) cannot be
    learned, and a member's validation rows rarely hold it; the warning
    names such classes and, where whole numbers were read as classes with
    ``task="auto"``, names ``task="regression"`` for a count.

    The regression target has tails heavy enough for a few rows to rule
    the squared error, and ``loss="squared_error"`` was asked for
    (``loss="auto"`` trains with Huber's loss then).

    Where the 1% of rows farthest from the target's mean carry more than a
    third of its squared deviation (Student-t noise with few degrees of
    freedom, gross outliers, a log-normal quantity), squared error lets those
    rows decide both the training and the gate path's choice between
    levels: measured, the path then selected nothing or one of four true
    columns (``docs/benchmarks.md``, "Heavy-tailed regression targets"). Remedies:
    ``loss="huber"``, or the logarithm of a positive, right-skewed target.
    """


class RowOrderWarning(UserWarning):
    """The rows look ordered in time and no ``sample_groups`` were given, or
    the target trends.

    Where both the target and the typical column change slowly from row to
    row (lag-one autocorrelation 0.5 or more in the caller's row order), a
    member's random validation rows sit beside training rows that nearly copy
    them. The validation loss, which stops the members and picks the
    selection, then rewards locating a row in time: measured on a series
    whose target is independent of its 120 columns, every column was
    selected (``docs/benchmarks.md``, "Rows in time order"). Pass
    ``sample_groups`` to ``fit`` (stretches of consecutive rows, a day, a
    subject): a member then validates on whole groups it did not train on.

    Also, with or without ``sample_groups``, where a numeric target and the
    typical column trend over the whole table (an autocorrelation of 0.5 or
    more at a lag of a twentieth of the rows: random walks, prices,
    cumulative counts). Unrelated trends correlate by chance, which no split
    of the rows undoes: measured on unrelated random walks in stretches of 50
    rows, every column was selected (``docs/benchmarks.md``, "Trending
    series"). Rank the changes instead (``numpy.diff``).
    """
