"""Turning importances into a selection: the threshold grammar.

The grammar is scikit-learn's :class:`~sklearn.feature_selection.SelectFromModel`
one: a number, ``"mean"``, ``"median"``, or a scaled reference such as
``"1.5*mean"``/``"0.5*median"``; ``None`` means ``"mean"``.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = ["resolve_threshold", "support_from_scores"]

_REFERENCES = {"mean": np.mean, "median": np.median}


def resolve_threshold(threshold, scores):
    """Numeric threshold for ``scores`` from the SelectFromModel grammar.

    Parameters
    ----------
    threshold : float, str or None
        A number, ``"mean"``, ``"median"`` or ``"<factor>*mean"`` /
        ``"<factor>*median"``. ``None`` means ``"mean"``.
    scores : array-like of shape (n_features,)
        Importance scores.

    Returns
    -------
    float
        The threshold value.

    Raises
    ------
    ValueError
        If ``threshold`` is a string outside the grammar.

    Examples
    --------
    >>> from skdfs.selection import resolve_threshold
    >>> resolve_threshold("1.5*mean", [0.1, 0.2, 0.3])
    0.3...
    >>> resolve_threshold(None, [0.0, 1.0])
    0.5
    """
    scores = np.asarray(scores, dtype=float)
    if threshold is None:
        threshold = "mean"
    if isinstance(threshold, numbers.Real) and not isinstance(threshold, bool):
        return float(threshold)
    if not isinstance(threshold, str):
        raise TypeError(
            f"threshold must be a float, a string or None, got {threshold!r}"
        )
    text = threshold.strip().lower().replace(" ", "")
    factor = 1.0
    if "*" in text:
        head, _, text = text.partition("*")
        try:
            factor = float(head)
        except ValueError:
            raise ValueError(
                f"threshold {threshold!r}: the factor before '*' must be a number"
            ) from None
    if text not in _REFERENCES:
        raise ValueError(
            f"threshold {threshold!r} is not understood; use a number, 'mean', "
            "'median', or a scaled reference such as '1.5*mean'"
        )
    return float(factor * _REFERENCES[text](scores))


def support_from_scores(scores, threshold=None, max_features=None):
    """Boolean support mask, as :class:`~sklearn.feature_selection.SelectFromModel`.

    A feature is kept when its score is at least the threshold and it is among
    the ``max_features`` highest scores (ties broken by column order). With
    ``max_features`` set and ``threshold=None`` only the count limits the
    selection.

    Parameters
    ----------
    scores : array-like of shape (n_features,)
    threshold : float, str or None, default=None
    max_features : int or None, default=None

    Returns
    -------
    ndarray of bool, shape (n_features,)

    Examples
    --------
    >>> from skdfs.selection import support_from_scores
    >>> support_from_scores([0.5, 0.1, 0.4], max_features=2)
    array([ True, False,  True])
    """
    scores = np.asarray(scores, dtype=float)
    if threshold is None and max_features is not None:
        value = -np.inf
    else:
        value = resolve_threshold(threshold, scores)
    mask = scores >= value
    if max_features is not None:
        top = np.zeros_like(mask)
        order = np.argsort(-scores, kind="mergesort")[:max_features]
        top[order] = True
        mask &= top
    return mask
