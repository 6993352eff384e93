"""Screening very wide tables: one fast marginal test per column.

A fit's time and memory grow with the number of columns: on two cores a
default fit on 300 rows took 24 s at 2,000 columns and 395 s (4 GB) at
20,000 (``docs/benchmarks.md``, "Screening very wide tables"). Where the
table is that wide, :class:`MarginalScreen` keeps the ``k`` columns with the
strongest marginal association with the target before the ensemble sees
them, in a :class:`~sklearn.pipeline.Pipeline`::

    make_pipeline(MarginalScreen(k=1000), DeepFeatureSelector())

The test is the association of the target with the column's quantile bins
(a missing value is a bin of its own): a chi-squared test of the bins
against the classes for labels, the share of the target's variance explained
by the bins' means for quantities. It sees monotone and U-shaped effects; it
cannot see a column that matters only together with another (XOR, a product
of two columns): a screen removes those columns, as it removes noise.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
from scipy.stats import chi2, rankdata
from sklearn.base import BaseEstimator
from sklearn.feature_selection import SelectorMixin
from sklearn.preprocessing import LabelBinarizer
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["MarginalScreen", "marginal_scores", "screen_frame"]

#: Rows per quantile bin aimed at; the bin count stays within MIN_BINS-MAX_BINS.
ROWS_PER_BIN = 50
MIN_BINS, MAX_BINS = 2, 10


def _target_matrix(y, task):
    """The centred target as an ``(n, m)`` matrix, the weight of each column's
    between-bin sum of squares in the statistic, and the degrees of freedom
    per bin."""
    kind = type_of_target(y, input_name="y") if task == "auto" else task
    if kind in ("binary", "multiclass", "classification"):
        y = np.asarray(y).ravel()
        if np.unique(y).size < 2:
            return np.zeros((len(y), 0)), np.zeros(0), 0  # one class: no test
        Y = LabelBinarizer().fit_transform(y).astype(np.float64)
        if Y.shape[1] == 1:
            Y = np.hstack([1 - Y, Y])
        share = Y.mean(axis=0)  # Pearson's chi-squared: sum (O - E)^2 / E
        return Y - share, 1.0 / share, Y.shape[1] - 1
    Y = np.asarray(y, dtype=np.float64)
    Y = Y.reshape(len(Y), -1)
    Y = Y - Y.mean(axis=0)
    total = (Y**2).sum(axis=0)
    keep = total > 0
    return Y[:, keep], (len(Y) - 1) / total[keep], int(keep.sum())


def marginal_scores(X, y, task="auto", n_bins=None, block_columns=2048):
    """Association of the target with each column's quantile bins.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Numeric data; NaN marks a missing value, which forms a bin of its own.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Class labels, a multilabel indicator matrix, or quantities.
    task : {"auto", "classification", "regression"}, default="auto"
        Kind of target; ``"auto"`` reads it from ``y``
        (:func:`~sklearn.utils.multiclass.type_of_target`).
    n_bins : int or None, default=None
        Quantile bins per column; None takes one per 50 rows, 2 to 10.
    block_columns : int, default=2048
        Columns worked at once (memory: ``n_samples x block_columns`` floats).

    Returns
    -------
    scores : ndarray of shape (n_features,)
        ``-log10`` of the test's p-value (larger: stronger association);
        0 for a constant column. For labels, Pearson's chi-squared test of
        independence of the bins and the classes; for quantities (and the
        columns of a multilabel target), ``(n - 1)``
        times the share of each target column's variance explained by the
        bins' means, summed over the target columns, against a chi-squared
        distribution with ``(bins - 1) x (target columns)`` degrees of
        freedom (the large-sample form of the one-way analysis of variance).
    """
    X = np.asarray(X, dtype=np.float64)
    n, d = X.shape
    Y, weight, dof_y = _target_matrix(y, task)
    bins = n_bins or int(np.clip(n // ROWS_PER_BIN, MIN_BINS, MAX_BINS))
    scores = np.zeros(d)
    if dof_y == 0:
        return scores
    for start in range(0, d, block_columns):
        block = X[:, start : start + block_columns]
        missing = np.isnan(block)
        present = (~missing).sum(axis=0)
        ranks = rankdata(np.where(missing, np.inf, block), axis=0)
        code = np.floor((ranks - 1) * bins / np.maximum(present, 1)).astype(int)
        code = np.where(missing, bins, np.minimum(code, bins - 1))
        between = np.zeros((block.shape[1], Y.shape[1]))
        n_levels = np.zeros(block.shape[1])
        for b in range(bins + 1):
            member = (code == b).astype(np.float64)
            count = member.sum(axis=0)
            sums = member.T @ Y
            filled = count > 0
            between[filled] += sums[filled] ** 2 / count[filled, None]
            n_levels += filled
        statistic = between @ weight
        dof = np.maximum(n_levels - 1, 0) * dof_y
        out = np.zeros(block.shape[1])
        varies = dof > 0
        out[varies] = -chi2.logsf(statistic[varies], dof[varies]) / np.log(10)
        scores[start : start + block_columns] = out
    return scores


class MarginalScreen(SelectorMixin, BaseEstimator):
    """Keep the ``k`` columns most associated with the target, one test each.

    A fast first step for tables too wide for the ensemble to train on every
    column (:func:`marginal_scores`: quantile bins against the target). Use
    it in a pipeline before :class:`skdfs.DeepFeatureSelector`; the columns
    it drops get no importance there.

    Parameters
    ----------
    k : int, float or "all", default=1000
        Columns to keep: a count (all of them if the table has fewer), a
        share of the columns in (0, 1], or ``"all"``.
    task : {"auto", "classification", "regression"}, default="auto"
        Kind of target; ``"auto"`` reads it from ``y``.
    n_bins : int or None, default=None
        Quantile bins per column; None takes one per 50 rows, 2 to 10.

    Attributes
    ----------
    scores_ : ndarray of shape (n_features_in_,)
        ``-log10`` p-values of the marginal tests (larger: stronger).
    k_ : int
        Columns kept.
    n_features_in_ : int
        Number of columns seen in ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, where ``X`` has string column names.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.screening import MarginalScreen
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(300, 50))
    >>> y = (X[:, 3] ** 2 > 0.5).astype(int)  # U-shaped: no linear trend
    >>> screen = MarginalScreen(k=5).fit(X, y)
    >>> int(np.argmax(screen.scores_))
    3
    >>> screen.transform(X).shape
    (300, 5)
    """

    _parameter_constraints = {
        "k": [Integral, Real, str],
        "task": [str],
        "n_bins": [Integral, None],
    }

    def __init__(self, k=1000, task="auto", n_bins=None):
        self.k = k
        self.task = task
        self.n_bins = n_bins

    def fit(self, X, y):
        """Score every column against ``y``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Numeric data; NaN allowed (a bin of its own).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            The target.

        Returns
        -------
        self : MarginalScreen
        """
        if self.task not in ("auto", "classification", "regression"):
            raise ValueError(
                f"task={self.task!r}: use 'auto', 'classification' or 'regression'"
            )
        if self.n_bins is not None and (
            not isinstance(self.n_bins, Integral) or self.n_bins < 2
        ):
            raise ValueError(f"n_bins={self.n_bins!r}: use an integer of 2 or more")
        X, y = validate_data(
            self,
            X,
            y,
            ensure_all_finite="allow-nan",
            dtype=np.float64,
            multi_output=True,
            y_numeric=self.task == "regression",
        )
        self.k_ = self._count(X.shape[1])
        self.scores_ = marginal_scores(X, y, self.task, self.n_bins)
        return self

    def _count(self, d):
        k = self.k
        if isinstance(k, str):
            if k != "all":
                raise ValueError(f"k={k!r}: use a count, a share in (0, 1] or 'all'")
            return d
        if isinstance(k, (bool, np.bool_)):
            raise ValueError(f"k={k!r}: use a count, a share in (0, 1] or 'all'")
        if isinstance(k, Integral):
            if k < 1:
                raise ValueError(f"k={k}: keep at least one column")
            return min(int(k), d)
        if isinstance(k, Real) and 0 < k <= 1:
            return max(1, int(round(k * d)))
        raise ValueError(f"k={k!r}: use a count, a share in (0, 1] or 'all'")

    def _get_support_mask(self):
        check_is_fitted(self)
        order = np.argsort(-self.scores_, kind="stable")
        mask = np.zeros(self.scores_.size, dtype=bool)
        mask[order[: self.k_]] = True
        return mask

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.target_tags.required = True
        return tags


#: Numeric columns above which ``skdfs rank`` suggests ``--screen``.
WIDE_COLUMNS = 2000


def screen_frame(X, y, k, groups=None, task="auto"):
    """Screen the ungrouped numeric columns of a frame (``skdfs rank --screen``).

    Text columns and grouped columns (the parts of a date) are kept; of the
    other columns the ``k`` with the strongest marginal association with
    ``y`` (:func:`marginal_scores`) are kept.

    Parameters
    ----------
    X : pandas.DataFrame
        The feature columns.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The target.
    k : int or None
        Numeric columns to keep; None keeps every column, with a notice
        suggesting ``--screen`` where there are more than
        :data:`WIDE_COLUMNS` of them.
    groups : dict or None, default=None
        Group name -> list of column positions in ``X``.
    task : {"auto", "classification", "regression"}, default="auto"
        Kind of target.

    Returns
    -------
    X : pandas.DataFrame
        The kept columns, in their order.
    groups : dict or None
        ``groups`` with positions into the kept columns.
    notice : str or None
        What was done (or suggested).
    """
    grouped = {j for members in (groups or {}).values() for j in members}
    numeric = [
        j
        for j, c in enumerate(X.columns)
        if j not in grouped and X[c].dtype.kind in "fiub"
    ]
    if k is None:
        if len(numeric) <= WIDE_COLUMNS:
            return X, groups, None
        return (
            X,
            groups,
            (
                f"{len(numeric)} numeric columns: a fit's time and memory grow with "
                "the columns (300 rows on two cores: 24 s at 2,000 columns, 395 s "
                "and 4 GB at 20,000); --screen 1000 keeps the 1,000 most associated "
                "with the target (one marginal test each) before training"
            ),
        )
    if len(numeric) <= k:
        return X, groups, f"--screen {k}: {len(numeric)} numeric columns, all kept"
    task = task if task in ("classification", "regression") else "auto"
    scores = marginal_scores(X.iloc[:, numeric].to_numpy(dtype=np.float64), y, task)
    order = np.argsort(-scores, kind="stable")
    dropped = {numeric[j] for j in order[k:]}
    kept = [j for j in range(X.shape[1]) if j not in dropped]
    position = {j: i for i, j in enumerate(kept)}
    if groups:
        groups = {g: [position[j] for j in members] for g, members in groups.items()}
    return (
        X.iloc[:, kept],
        groups,
        (
            f"--screen {k}: kept the {k} of {len(numeric)} numeric columns most "
            "associated with the target (one marginal test each, "
            f"skdfs.screening.MarginalScreen); the other {len(dropped)} are not ranked"
        ),
    )
