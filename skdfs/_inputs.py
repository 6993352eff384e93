"""Input handling shared by the selectors."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def standardise(X, block_elements=1 << 23):
    """Column means and scales of ``X`` and its standardised float32 copy.

    Each column is first divided by its largest magnitude (in float64), so that
    neither the squares in the spread nor the centring overflow or underflow (a
    float32 feature near 1e20, a float64 one near 1e200), and a constant column
    stays exactly constant: its spread is exactly zero and its scale 1, where
    ``np.full(100, 0.1).std()`` is 3e-17 and would blow rounding errors up into
    a feature. The caller's array is not modified.

    The work is done in blocks of whole columns of at most ``block_elements``
    entries (64 MB of float64 by default), written straight into the float32
    result: the float64 temporaries of a wide table (5,000 x 20,000 is 800 MB
    per copy) never exist at full size. The block size changes the result only
    in rounding (numpy's column sums depend on the memory layout in the last
    bit).

    Returns
    -------
    mean, scale : ndarray of shape (n_features,)
        float64 statistics with ``Xs == (X - mean) / scale`` up to rounding;
        ``scale`` is 1 for constant columns.
    Xs : ndarray of shape (n_samples, n_features), dtype float32
        The standardised data.
    """
    n, d = X.shape
    mean, scale = np.empty(d), np.empty(d)
    Xs = np.empty((n, d), dtype=np.float32)
    step = max(1, int(block_elements) // max(n, 1))
    for start in range(0, d, step):
        cols = slice(start, start + step)
        block = X[:, cols]
        peak = np.abs(block).max(axis=0).astype(np.float64)
        peak = np.where(peak > 0, peak, 1.0)
        Xn = block / peak  # a new float64 array
        m, std = Xn.mean(axis=0), Xn.std(axis=0)
        Xn -= m
        Xn /= np.where(std > 0, std, 1.0)
        Xs[:, cols] = Xn
        mean[cols] = m * peak
        spread = std * peak
        scale[cols] = np.where(spread > 0, spread, 1.0)
    return mean, scale, Xs


def curved_columns(Xs, block_elements=1 << 23):
    """Indices of the columns of ``Xs`` with more than two distinct values.

    These are the columns that can carry a curvature of their own: the square
    of a two-valued column (a flag, a one-hot column) is an affine copy of it,
    and a constant column has none. Worked in blocks of whole columns, like
    :func:`standardise`.
    """
    n, d = Xs.shape
    many = np.zeros(d, dtype=bool)
    step = max(1, int(block_elements) // max(n, 1))
    for start in range(0, d, step):
        block = Xs[:, start : start + step]
        low, high = block.min(axis=0), block.max(axis=0)
        many[start : start + step] = ((block != low) & (block != high)).any(axis=0)
    return np.flatnonzero(many)


def _is_missing(value):
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except TypeError:  # pd.NA: its comparisons are NA, whose truth is ambiguous
        return True


def _as_array(data):
    # Other containers (sparse matrices, polars frames) are left to
    # validate_data rather than copied here.
    if not isinstance(data, (np.ndarray, list, tuple)):
        return None
    try:
        return np.asarray(data)
    except (ValueError, TypeError):  # ragged: validate_data explains
        return None


def check_missing(data, input_name):
    """Reject missing values among non-numeric entries of ``X`` or ``y``.

    scikit-learn names NaN in numeric data clearly ("Input X contains NaN."),
    and those are left to ``validate_data``; among strings, categories and
    other objects it reports them obscurely: ``boolean value of NA is
    ambiguous`` (a pandas ``"string"`` column with ``pd.NA``), ``float()
    argument must be a string or a real number, not 'NAType'``, ``Unknown label
    type`` (``None`` among class labels).
    """
    if hasattr(data, "isna") and hasattr(data, "dtypes"):  # pandas
        from pandas.api.types import is_numeric_dtype

        frame = data.to_frame() if data.ndim == 1 else data
        mask = [not is_numeric_dtype(dtype) for dtype in frame.dtypes]
        missing = bool(np.asarray(frame.loc[:, mask].isna()).any())
    else:
        array = _as_array(data)
        missing = (
            array is not None
            and array.dtype == object
            and any(_is_missing(v) for v in array.ravel())
        )
    if missing:
        raise ValueError(
            f"Input {input_name} contains NaN or other missing values (None, "
            "pd.NA); remove or impute them first"
        )


def check_label_types(y):
    """Reject class labels that mix strings with other types.

    scikit-learn's ``type_of_target`` fails on them with ``'<' not supported
    between instances of 'int' and 'str'``.
    """
    array = np.asarray(y) if hasattr(y, "to_numpy") else _as_array(y)  # pandas
    if array is None or array.dtype != object:
        return
    values = array.ravel()
    is_str = [isinstance(v, str) for v in values]
    if any(is_str) and not all(is_str):
        kinds = sorted({type(v).__name__ for v in values})
        raise TypeError(
            f"y contains labels of mixed types {kinds}: class labels must be "
            "uniformly strings or numbers"
        )


def dense_target(y):
    """``y`` as a dense array where it is sparse (a multilabel indicator matrix
    from ``MultiLabelBinarizer(sparse_output=True)``, say); else ``y`` itself.

    The networks need dense targets, and a target matrix is small.
    """
    return y.toarray() if sp.issparse(y) else y


def check_missing_target(y):
    """Reject missing values in ``y`` (NaN, None, pd.NA, NaT), naming the rows.

    A row without a target cannot be learned from, and imputing a target
    invents the answer: the remedy is to drop those rows.
    """
    if hasattr(y, "isna") and hasattr(y, "ndim"):  # pandas
        mask = np.asarray(y.isna())
    else:
        array = _as_array(y)
        if array is None or array.size == 0:
            return
        if array.dtype == object:
            mask = np.array([_is_missing(v) for v in array.ravel()]).reshape(
                array.shape
            )
        elif array.dtype.kind in "fc":
            mask = np.isnan(array)
        elif array.dtype.kind == "M":
            mask = np.isnat(array)
        else:
            return
    if mask.ndim > 1:
        mask = mask.reshape(len(mask), -1).any(axis=1)
    if not mask.any():
        return
    rows = np.flatnonzero(mask)
    shown = ", ".join(str(r) for r in rows[:5]) + (", ..." if len(rows) > 5 else "")
    raise ValueError(
        f"Input y contains NaN or other missing values in {len(rows)} of "
        f"{len(mask)} rows (row {shown}): a row without a target cannot be "
        "learned from; drop those rows first, e.g. "
        "df = df.dropna(subset=[target_column])"
    )
