"""Target encoding of categorical columns with many levels, cross fitted.

:class:`skdfs.tabular.TableEncoder` encodes a categorical column with more
levels than its ``max_onehot_levels`` by the target
(:class:`~sklearn.preprocessing.TargetEncoder`); this module decides where a
target applies and fits the encoders: one on every row (for ``transform``)
and one per fold, whose encodings of the held-out fold are the training rows'
own (cross fitting), so that no row's encoding has seen its target.
"""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import KFold, StratifiedKFold
from sklearn.preprocessing import TargetEncoder
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.validation import check_random_state

__all__ = [
    "TARGET_FOLDS",
    "TARGET_KINDS",
    "cross_fit",
    "encoding_target",
    "target_kind",
]

#: Folds of the cross fitting.
TARGET_FOLDS = 5
#: ``type_of_target`` kinds a target encoding applies to.
TARGET_KINDS = ("binary", "multiclass", "continuous")


def target_kind(task, y):
    """The target type for a selector's ``task`` (``"auto"``,
    ``"classification"``, ``"regression"``, ``"multilabel"``) and its
    target; None where a target encoding does not apply (multilabel or
    multi-output targets)."""
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[1] != 1:
        return None
    y = y.ravel()
    if task == "regression":
        return "continuous"
    if task == "classification":
        return "binary" if len(np.unique(y)) <= 2 else "multiclass"
    kind = type_of_target(y) if task == "auto" else None
    return kind if kind in TARGET_KINDS else None


def encoding_target(y, n_rows, target_type="auto"):
    """``(y, kind)`` for the target encoding of a table of ``n_rows`` rows,
    or None where it does not apply (no target, several target columns, a
    kind other than :data:`TARGET_KINDS`)."""
    if y is None:
        return None
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1 or len(y) != n_rows:
        return None
    kind = target_kind("auto", y) if target_type == "auto" else target_type
    return (y, kind) if kind in TARGET_KINDS else None


def cross_fit(levels, y, kind, random_state=None):
    """Fit target encoders on ``levels`` (rows x columns of level labels).

    Returns ``(encoder, crossed)``: the encoder fitted on every row, and
    every row's encodings by the encoder fitted on the other
    :data:`TARGET_FOLDS` - 1 folds (stratified by class where every class
    has a row per fold). Columns as the encoder's output (one per column, or
    one per column and class for multiclass labels, column-major).
    """
    levels = np.asarray(levels).astype(str)
    seed = check_random_state(random_state).randint(np.iinfo(np.int32).max)
    encoder = TargetEncoder(target_type=kind).fit(levels, y)
    crossed = np.empty((len(levels), encoder.transform(levels[:1]).shape[1]))
    folds = KFold(TARGET_FOLDS, shuffle=True, random_state=seed)
    if (
        kind != "continuous"
        and np.unique(y, return_counts=True)[1].min() >= TARGET_FOLDS
    ):
        folds = StratifiedKFold(TARGET_FOLDS, shuffle=True, random_state=seed)
    for train, held in folds.split(levels, y):
        part = TargetEncoder(target_type=kind).fit(levels[train], y[train])
        crossed[held] = part.transform(levels[held])
    return encoder, crossed
