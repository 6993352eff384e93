"""Targets for the networks: the task, the classes, the loss, the outputs.

:class:`NetTargetEncoder` does for the ensemble what
:class:`~sklearn.preprocessing.LabelBinarizer` does for scikit-learn's
estimators: ``fit`` infers the task from ``y`` (or takes it), checks the loss
and learns the classes or, for regression, the target's mean and spread;
``transform`` encodes any ``y`` of that kind the same way (new regression
targets are standardised with the statistics of the fit, not their own).
It also knows the best constant predictor of each loss, the yardstick a
member must beat to count as having learned.
"""

from __future__ import annotations

import numpy as np
import torch
from sklearn.preprocessing import LabelEncoder
from sklearn.utils.multiclass import type_of_target

from ._inputs import standardise

__all__ = [
    "RARE_CLASS_ROWS",
    "TASKS",
    "NetTargetEncoder",
    "baseline_losses",
    "constant_outputs",
    "rare_classes_message",
]

TASKS = ("classification", "regression", "multilabel")

#: A class with fewer rows than this is named in a
#: :class:`~skdfs.TargetWarning` (:func:`rare_classes_message`).
RARE_CLASS_ROWS = 5

_AUTO_TASK = {
    "binary": "classification",
    "multiclass": "classification",
    "multilabel-indicator": "multilabel",
    "continuous": "regression",
    "continuous-multioutput": "regression",
}

# A sigmoid output of 1 - 1e-9: "always positive", the best constant under
# soft-F1 (a label's soft F1 at a constant probability p is 2pS / (pn + S),
# increasing in p).
_ALWAYS_POSITIVE_LOGIT = 20.0


class NetTargetEncoder:
    """Infer the task of ``y`` and encode it for the networks.

    Parameters
    ----------
    task : {"auto", "classification", "regression", "multilabel"}, default="auto"
    loss : {"auto", "cross_entropy", "binary_cross_entropy", "soft_f1", \
"squared_error", "huber"}, default="auto"

    Attributes
    ----------
    task_ : str
    loss_ : str
    n_outputs_ : int
        Width of the networks' output layer.
    classes_ : ndarray
        Class labels (classification only).
    y_mean_, y_scale_ : ndarray of shape (n_outputs_,)
        Centre and scale of a regression target: its mean and spread, or
        with ``loss="huber"`` its median and robust spread (1.4826 times the
        median absolute deviation, at least a thousandth of the spread).
    """

    def __init__(self, task="auto", loss="auto"):
        self.task = task
        self.loss = loss

    def fit_transform(self, y):
        """Learn the task from ``y``; return ``(targets, strata)``.

        ``targets`` is ``y`` encoded for the networks (int64 class codes for
        cross-entropy, float32 otherwise); ``strata`` the class codes that
        stratify the members' splits (None unless classification).
        """
        kind = type_of_target(y, input_name="y", raise_unknown=True)
        task = self.task
        if task == "auto":
            task = _AUTO_TASK.get(kind)
            if task is None:
                raise ValueError(
                    f"unsupported target type {kind!r}: y must hold class labels, a "
                    "multilabel indicator matrix or real values (set task= to force)"
                )
        self.task_ = task
        y = np.asarray(y)
        if task == "regression":
            return self._fit_regression(y), None
        if task == "multilabel":
            return self._fit_multilabel(y, kind), None
        return self._fit_classification(y, kind)

    def _fit_multilabel(self, y, kind):
        if kind != "multilabel-indicator":
            raise ValueError(
                "task='multilabel' needs a 2-D 0/1 indicator matrix y, got a "
                f"{kind!r} target"
            )
        loss = "binary_cross_entropy" if self.loss == "auto" else self.loss
        if loss not in ("binary_cross_entropy", "soft_f1"):
            raise ValueError(
                f"loss={loss!r} does not apply to multilabel targets; use "
                "'binary_cross_entropy' or 'soft_f1'"
            )
        if np.all(y.min(axis=0) == y.max(axis=0)):
            raise ValueError(
                "y is constant: every label column holds a single value, so "
                "there is nothing to select features for"
            )
        self.loss_, self.n_outputs_ = loss, y.shape[1]
        return y.astype(np.float32)

    def _fit_classification(self, y, kind):
        if y.ndim > 1 and y.shape[1] > 1:
            raise ValueError(
                "multi-output class labels are not supported; pass a multilabel "
                "indicator matrix or one label column"
            )
        if kind.startswith("continuous"):
            raise ValueError(
                "task='classification' but y holds continuous values; use "
                "task='regression'"
            )
        encoder = LabelEncoder().fit(y.ravel())
        self.classes_ = encoder.classes_
        codes = encoder.transform(y.ravel())
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                f"y has only 1 class ({self.classes_[0]!r}); a classification "
                "target needs at least two"
            )
        default = "binary_cross_entropy" if n_classes == 2 else "cross_entropy"
        loss = default if self.loss == "auto" else self.loss
        if loss in ("squared_error", "huber"):
            raise ValueError(
                f"loss={loss!r} is for regression targets; y holds class labels"
            )
        self.loss_ = loss
        self.n_outputs_ = 1 if n_classes == 2 and loss != "cross_entropy" else n_classes
        return self._encode_codes(codes), codes

    def _fit_regression(self, y):
        if not np.issubdtype(y.dtype, np.number) or np.issubdtype(
            y.dtype, np.complexfloating
        ):
            raise ValueError(f"task='regression' needs numeric y, got dtype {y.dtype}")
        if self.loss not in ("auto", "squared_error", "huber"):
            raise ValueError(
                f"loss={self.loss!r} is for class labels; regression uses "
                "'squared_error' or 'huber'"
            )
        y2 = y.reshape(len(y), -1).astype(np.float64)
        if not np.all(np.isfinite(y2)):
            raise ValueError("y contains NaN or infinity")
        self.y_mean_, self.y_scale_, targets = standardise(y2)
        if not targets.any():  # a constant column becomes exactly 0
            raise ValueError("y is constant: there is nothing to select features for")
        heavy = heavy_tail_message(y2)
        huber = self.loss == "huber" or (self.loss == "auto" and heavy is not None)
        self.loss_ = "huber" if huber else "squared_error"
        self.n_outputs_ = y2.shape[1]
        self.tail_message_ = heavy if self.loss == "squared_error" else None
        if self.loss_ == "huber":
            self.y_mean_, self.y_scale_ = robust_centre_scale(y2, self.y_scale_)
            targets = ((y2 - self.y_mean_) / self.y_scale_).astype(np.float32)
        return targets

    def _encode_codes(self, codes):
        if self.loss_ == "cross_entropy":
            return codes.astype(np.int64)
        if len(self.classes_) == 2:  # one logit
            return codes.astype(np.float32)[:, None]
        return np.eye(len(self.classes_), dtype=np.float32)[codes]

    def transform(self, y):
        """``y`` encoded for the fitted networks as in ``fit_transform``.

        Regression targets are standardised with the mean and spread of the
        fit (so ``10 * y`` is a different target from ``y``).
        """
        y = np.asarray(y)
        if y.ndim == 0 or len(y) == 0:
            raise ValueError("y must hold at least one row")
        if self.task_ in ("regression", "multilabel"):
            y2 = y.reshape(len(y), -1)
            if y2.shape[1] != self.n_outputs_:
                raise ValueError(
                    f"y has {y2.shape[1]} columns; the selector was fitted on "
                    f"{self.n_outputs_}"
                )
            if self.task_ == "multilabel":
                return y2.astype(np.float32)
            y2 = y2.astype(np.float64)
            if not np.all(np.isfinite(y2)):
                raise ValueError("y contains NaN or infinity")
            return ((y2 - self.y_mean_) / self.y_scale_).astype(np.float32)
        if y.ndim > 1 and y.shape[1] != 1:
            raise ValueError("y must be one column of class labels")
        labels = y.ravel()
        codes = np.searchsorted(self.classes_, labels)
        known = codes < len(self.classes_)
        known[known] = self.classes_[codes[known]] == labels[known]
        if not known.all():
            raise ValueError(
                f"y contains labels not seen in fit: {np.unique(labels[~known])!r}"
            )
        return self._encode_codes(codes)

    def baseline_losses(self, criterion, targets, fit_rows, eval_rows):
        """Loss of each member's best constant predictor; see
        :func:`baseline_losses`."""
        return baseline_losses(
            self.loss_, self.n_outputs_, criterion, targets, fit_rows, eval_rows
        )


#: :func:`tail_share` above which ``loss="auto"`` trains a regression target
#: with Huber's loss, and ``loss="squared_error"`` gets a
#: :class:`~skdfs.TargetWarning`. Gaussian, Friedman, diabetes
#: and the sweep's regression targets stay at 0.05-0.20, Student-t noise with
#: 2.5 degrees of freedom at 0.19-0.29; where squared error let the gate path
#: select nothing (t noise with 1.5 degrees of freedom, 1% to 5% of gross
#: outliers) the share was 0.39-0.88. Huber's loss raised mean F1 there on
#: both halves of ``benchmarks/probes/probe_heavy_tails.py`` and tied on
#: Gaussian noise (``docs/benchmarks.md``, "Heavy-tailed regression targets").
MAX_TAIL_SHARE = 1 / 3


def tail_share(y):
    """Per column of ``y`` (``(n, k)``), the share of its squared deviation
    from the mean carried by the 1% of rows farthest from it (at least one
    row): about 0.1 at Gaussian data, near 1 where a few rows dominate.

    >>> import numpy as np
    >>> y = np.r_[np.zeros(99), 10.0].reshape(-1, 1)
    >>> round(float(tail_share(y)[0]), 2)
    0.99
    """
    y = np.asarray(y, dtype=float).reshape(len(y), -1)
    peak = np.abs(y).max(axis=0)
    y = y / np.where(peak > 0, peak, 1.0)  # the share is scale-free; 1e200 is not
    squares = (y - y.mean(axis=0)) ** 2
    top = max(1, len(y) // 100)
    largest = -np.partition(-squares, top - 1, axis=0)[:top]
    total = squares.sum(axis=0)
    return np.where(total > 0, largest.sum(axis=0) / np.where(total > 0, total, 1), 0.0)


def heavy_tail_message(y):
    """The :class:`~skdfs.TargetWarning` message (with
    ``loss="squared_error"``; ``"auto"`` then chooses Huber's loss) for a
    regression target
    ``y`` (``(n, k)``) whose :func:`tail_share` exceeds
    :data:`MAX_TAIL_SHARE` in some column, or None."""
    shares = tail_share(y)
    heavy = np.flatnonzero(shares > MAX_TAIL_SHARE)
    if not len(heavy):
        return None
    rows = max(1, len(y) // 100)
    j = heavy[np.argmax(shares[heavy])]
    which = "the target" if shares.size == 1 else f"target column {j}"
    positive = bool(np.all(np.asarray(y, dtype=float)[:, j] > 0))
    return (
        f"{which} has heavy tails: its {rows} row{'s' if rows > 1 else ''} "
        f"farthest from the mean carry {100 * shares[j]:.0f}% of its squared "
        "deviation, so squared error lets them decide the training and the "
        "gate path's selection. Try loss='huber' (robust to heavy tails and "
        "outliers)" + (", or the logarithm of the target" if positive else "")
    )


def robust_centre_scale(y, spread):
    """Median and robust spread (1.4826 times the median absolute deviation,
    the standard deviation at Gaussian data) of every column of ``y``,
    ``(n, k)``, at least a thousandth of the column's ``spread`` (where more
    than half the rows are alike the deviation is 0 or vanishingly small,
    and dividing by it would overflow). Both of shape ``(k,)``.

    >>> import numpy as np
    >>> robust_centre_scale(np.array([[1.0], [2.0], [3.0], [100.0]]), np.ones(1))
    (array([2.5]), array([1.4826]))
    """
    centre = np.median(y, axis=0)
    mad = 1.4826 * np.median(np.abs(y - centre), axis=0)
    return centre, np.maximum(mad, 1e-3 * np.asarray(spread, dtype=float))


def constant_outputs(loss, n_outputs, targets):
    """The best constant network output for each member's rows.

    Parameters
    ----------
    loss : str
        One of :data:`~skdfs.training.LOSSES`.
    n_outputs : int
    targets : tensor of shape (E, m, ...)
        Encoded targets of each member's (training) rows.

    Returns
    -------
    tensor of shape (E, n_outputs)
        The class prior's log-probabilities (cross-entropy, with a half count
        added to every class), the mean (squared error), the median (Huber),
        the prior's logit
        (binary cross-entropy), or "always positive" (soft-F1, whose best
        constant is a probability of one).
    """
    if loss == "cross_entropy":
        counts = torch.nn.functional.one_hot(targets, n_outputs).sum(1)
        prior = (counts.float() + 0.5) / (counts.sum(1, keepdim=True) + 0.5)
        return prior.log()
    if loss == "squared_error":
        return targets.mean(1)
    if loss == "huber":  # near the Huber loss's best constant
        return targets.median(1).values
    if loss == "soft_f1":
        return torch.full((targets.shape[0], n_outputs), _ALWAYS_POSITIVE_LOGIT)
    prior = targets.mean(1).clamp(1e-4, 1 - 1e-4)
    return torch.log(prior / (1 - prior))


def baseline_losses(loss, n_outputs, criterion, targets, fit_rows, eval_rows):
    """Loss of each member's best constant predictor.

    The constant (:func:`constant_outputs`) is fitted on the member's
    ``fit_rows`` and scored with ``criterion`` on its ``eval_rows``; both are
    ``(E, m)`` index arrays. Returns a float64 array of shape ``(E,)``.
    """
    t = torch.as_tensor(targets)
    const = constant_outputs(loss, n_outputs, t[torch.as_tensor(fit_rows)])
    y_eval = t[torch.as_tensor(eval_rows)]
    out = const.unsqueeze(1).expand(-1, y_eval.shape[1], -1).contiguous()
    return criterion(out, y_eval).numpy().astype(float)


def rare_classes_message(classes, codes, task="auto"):
    """The :class:`~skdfs.TargetWarning` message naming the classes with
    fewer than :data:`RARE_CLASS_ROWS` rows (a typo, a code for "unknown",
    the thin tail of a count read as classes), or None.

    Parameters
    ----------
    classes : ndarray of shape (n_classes,)
        The class labels (``classes_``).
    codes : ndarray of int of shape (n_samples,)
        Every row's class code.
    task : str, default="auto"
        The ``task`` asked for; ``"auto"`` with whole-number labels adds
        the hint that a count is a regression target.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs._targets import rare_classes_message
    >>> classes, codes = np.array(["A", "B", "a"]), np.array([0] * 9 + [1] * 9 + [2])
    >>> print(rare_classes_message(classes, codes))
    y has 1 class with fewer than 5 rows ('a': 1), too few to learn from or \
to validate on; if it is a typo or a code, fix or drop its rows
    """
    counts = np.bincount(codes, minlength=len(classes))
    rare = np.flatnonzero(counts < RARE_CLASS_ROWS)
    if not len(rare):
        return None
    text = [f"'{v}'" if isinstance(v, str) else str(v) for v in classes[rare]]
    shown = ", ".join(f"{v}: {counts[i]}" for v, i in zip(text[:5], rare))
    shown += f", ... ({len(rare) - 5} more)" if len(rare) > 5 else ""
    one = len(rare) == 1
    message = (
        f"y has {len(rare)} class{'' if one else 'es'} with fewer than "
        f"{RARE_CLASS_ROWS} rows ({shown}), too few to learn from or to validate "
        f"on; if {'it is a typo or a code' if one else 'they are typos or codes'}, "
        f"fix or drop {'its' if one else 'their'} rows"
    )
    if task == "auto" and np.asarray(classes).dtype.kind in "biuf":
        message += (
            f"; if y is a count or a quantity (read as {len(classes)} classes), "
            "pass task='regression'"
        )
    return message
