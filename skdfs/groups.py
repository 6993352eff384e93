"""Feature groups: one selection decision for several columns.

One-hot encoded categories, the channels of a sensor or the genes of a set
are selected or dropped together. :class:`~skdfs.DeepFeatureSelector` takes
``groups=`` in one of two forms, resolved here:

- an array of group ids, one per feature (ints, strings, any hashable);
- a list of index lists (or a dict ``{name: index list}``), each feature in
  at most one list; features in no list are groups of their own.

:func:`groups_from_feature_names` derives the ids from the output names of a
one-hot encoder or a :class:`~sklearn.compose.ColumnTransformer`;
:func:`groups_from_correlation` groups strongly correlated columns (the
neighbouring wavelengths of a spectrum, the co-expressed genes of a
pathway), whose members would otherwise spread their weight over
interchangeable columns.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

__all__ = [
    "GROUP_ATTRIBUTES",
    "correlated_partners",
    "groups_from_correlation",
    "groups_from_feature_names",
    "near_copies",
    "penalty_weights",
    "resolve_groups",
    "spread_group_scores",
]

#: The fitted attributes a selector fitted with ``groups`` has (and drops on
#: a refit without them).
GROUP_ATTRIBUTES = (
    "groups_",
    "group_names_",
    "group_sizes_",
    "group_importances_",
    "group_importances_std_",
    "member_group_importances_",
    "group_ranking_",
)


def _is_index_list(item):
    return not isinstance(item, (str, bytes)) and hasattr(item, "__iter__")


def _is_missing(value):
    return value is None or (isinstance(value, float) and value != value)


def resolve_groups(groups, n_features, feature_names=None):
    """Group index of every feature and the groups' names.

    Parameters
    ----------
    groups : array-like of shape (n_features,), list of index lists or dict
        Group id of every feature (ints or strings), or lists of column
        indices, or of column names where ``feature_names`` are given (each
        feature in at most one list; a feature in no list is a group of its
        own, named after the feature), or a dict mapping group names to such
        lists.
    n_features : int
        Number of features.
    feature_names : array-like of str, default=None
        Feature names, used to name the singleton groups of features in no
        list (``"x<j>"`` when None, as in scikit-learn).

    Returns
    -------
    index : ndarray of int64, shape (n_features,)
        Group of every feature, ``0 .. n_groups - 1``.
    names : ndarray of object, shape (n_groups,)
        Group ids in order: the distinct ids in order of first appearance;
        the dict keys or ``"group<i>"`` for index lists, then the singleton
        groups.

    Raises
    ------
    ValueError
        If the ids do not match the number of features, or the lists hold
        indices out of range, repeated, or not integers.

    Examples
    --------
    >>> from skdfs.groups import resolve_groups
    >>> index, names = resolve_groups(["a", "a", "b", "c", "b"], 5)
    >>> index.tolist(), names.tolist()
    ([0, 0, 1, 2, 1], ['a', 'b', 'c'])
    >>> index, names = resolve_groups([[0, 1], [3, 4]], 5)
    >>> index.tolist(), names.tolist()
    ([0, 0, 2, 1, 1], ['group0', 'group1', 'x2'])
    >>> index, names = resolve_groups({"bp": ["sys", "dia"]}, 3, ["age", "sys", "dia"])
    >>> index.tolist(), names.tolist()
    ([1, 0, 0], ['bp', 'age'])
    """
    if isinstance(groups, dict):
        return _from_lists(
            list(groups.values()), list(groups), n_features, feature_names
        )
    items = list(groups) if isinstance(groups, (list, tuple)) else None
    if items and any(_is_index_list(item) for item in items):
        if not all(_is_index_list(item) for item in items):
            raise ValueError(
                "groups mixes index lists and single ids: pass either one group id "
                "per feature or a list of index lists"
            )
        names = [f"group{i}" for i in range(len(items))]
        return _from_lists(items, names, n_features, feature_names)
    ids = np.asarray(groups, dtype=object if items is not None else None)
    if ids.ndim != 1:
        raise ValueError(
            "groups must be one group id per feature (1-D) or a list of index "
            f"lists; got an array of shape {ids.shape}"
        )
    if len(ids) != n_features:
        raise ValueError(
            f"groups has {len(ids)} ids but X has {n_features} features; pass one "
            "group id per feature"
        )
    values = ids.tolist()
    missing = [j for j, v in enumerate(values) if _is_missing(v)]
    if missing:
        raise ValueError(
            f"groups has missing ids (None or NaN) for features {missing[:10]}"
        )
    mapping = {}
    try:
        index = [mapping.setdefault(v, len(mapping)) for v in values]
    except TypeError:
        raise ValueError("group ids must be hashable (ints or strings)") from None
    names = np.empty(len(mapping), dtype=object)
    names[:] = list(mapping)
    return np.asarray(index, dtype=np.int64), names


def _from_lists(lists, names, n_features, feature_names):
    index = np.full(n_features, -1, dtype=np.int64)
    names_in = [] if feature_names is None else [str(c) for c in feature_names]
    positions = {c: j for j, c in enumerate(names_in)}
    for g, (name, members) in enumerate(zip(names, lists)):
        if not _is_index_list(members):
            raise ValueError(
                f"group {name!r} must be a list of column indices, got {members!r}"
            )
        members = list(members)
        if not members:
            raise ValueError(f"group {name!r} is empty")
        for j in members:
            if isinstance(j, str) and j in positions:
                j = positions[j]  # a column's name, X being a frame
            if isinstance(j, (bool, np.bool_)) or not isinstance(j, Integral):
                known = "" if feature_names is None else " or names"
                raise ValueError(
                    f"group {name!r} holds {j!r}; index lists must hold integer "
                    f"column indices{known}"
                    + (" (not a column of X)" if known and isinstance(j, str) else "")
                )
            if not 0 <= j < n_features:
                raise ValueError(
                    f"group {name!r} holds index {j}, out of range for "
                    f"{n_features} features"
                )
            if index[j] == g:
                raise ValueError(f"feature {j} appears twice in group {name!r}")
            if index[j] >= 0:
                raise ValueError(
                    f"feature {j} is in both group {names[index[j]]!r} and group "
                    f"{name!r}; groups must not overlap"
                )
            index[j] = g
    rest = np.flatnonzero(index < 0)
    index[rest] = len(lists) + np.arange(len(rest))
    if feature_names is None:
        rest_names = [f"x{j}" for j in rest]
    else:
        rest_names = [str(feature_names[j]) for j in rest]
    out = np.empty(len(lists) + len(rest), dtype=object)
    out[:] = [*names, *rest_names]
    return index, out


def groups_from_feature_names(feature_names, prefixes, sep="_"):
    """Group ids for encoded columns, from their names.

    A one-hot encoder names its columns ``<input feature><sep><category>``
    (``"color_red"``), and a :class:`~sklearn.compose.ColumnTransformer` may
    put ``"<transformer>__"`` in front (``"cat__color_red"``). Each name is
    given the longest prefix ``p`` of ``prefixes`` with ``name == p`` or
    ``name.startswith(p + sep)``, with or without the transformer's part;
    a name that matches no prefix is a group of its own (its id is the
    name).

    Parameters
    ----------
    feature_names : array-like of str
        Output column names, e.g. ``get_feature_names_out()``.
    prefixes : array-like of str
        The encoded input columns (e.g. the categorical column names).
    sep : str, default="_"
        Separator between the input feature and the category.

    Returns
    -------
    ndarray of object, shape (n_features,)
        One group id per column, for ``DeepFeatureSelector(groups=...)``.

    Examples
    --------
    >>> from skdfs import groups_from_feature_names
    >>> names = ["cat__color_red", "cat__color_dark_blue", "cat__size_S", "num__age"]
    >>> groups_from_feature_names(names, ["color", "size"]).tolist()
    ['color', 'color', 'size', 'num__age']
    """
    if isinstance(prefixes, str):
        raise ValueError("prefixes must be a list of names, not a single string")
    ordered = sorted({str(p) for p in prefixes}, key=len, reverse=True)
    out = []
    for name in np.asarray(feature_names, dtype=object).ravel():
        name = str(name)
        candidates = [name]
        if "__" in name:
            candidates.append(name.split("__", 1)[1])
        group = next(
            (p for p in ordered for c in candidates if c == p or c.startswith(p + sep)),
            name,
        )
        out.append(group)
    result = np.empty(len(out), dtype=object)
    result[:] = out
    return result


def _unit_columns(X):
    """Centred columns of ``X`` scaled to unit length (float64); a constant
    column stays zero, correlated with nothing."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-dimensional, got shape {X.shape}")
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or infinity: impute or drop them first")
    centred = X - X.mean(axis=0)
    norm = np.linalg.norm(centred, axis=0)
    return centred / np.where(norm > 0, norm, 1.0)


def groups_from_correlation(X, threshold=0.9):
    """Group ids that put strongly correlated columns in one group.

    Columns are clustered by complete linkage on ``1 - |r|`` (Pearson's
    ``r``) and the tree is cut at ``1 - threshold``: every two columns of a
    group are correlated at ``|r| >= threshold``. A column correlated with
    no other is a group of its own. Given to
    ``DeepFeatureSelector(groups=...)``, each group gets one gate: the
    selector then ranks and selects correlated sets as units, instead of
    spreading their weight over columns the data cannot tell apart (cluster
    representatives, as in Buhlmann et al., 2013, "Correlated variables in
    regression: clustering and sparse estimation").

    Memory and time grow with ``n_features**2``: the full correlation matrix
    and the linkage of all columns (a few seconds for 5,000 columns).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric data without missing values.
    threshold : float, default=0.9
        Smallest absolute correlation of any two columns in a group, in
        (0, 1].

    Returns
    -------
    ndarray of int, shape (n_features,)
        Group id of every column, ``0 ..``, numbered in the order of each
        group's first column.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs import groups_from_correlation
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=(2, 200))
    >>> X = np.column_stack([a, b, a + 0.1 * rng.normal(size=200), -b])
    >>> groups_from_correlation(X).tolist()
    [0, 1, 0, 1]
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    unit = _unit_columns(X)
    d = unit.shape[1]
    if d < 2:
        return np.zeros(d, dtype=int)
    distance = 1 - np.abs(unit.T @ unit)
    np.fill_diagonal(distance, 0.0)
    distance = np.clip((distance + distance.T) / 2, 0.0, None)
    tree = linkage(squareform(distance, checks=False), method="complete")
    labels = fcluster(tree, 1 - threshold, criterion="distance")
    # renumber by first appearance
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first))[inverse]


def correlated_partners(X, columns, threshold=0.9):
    """For each of ``columns``, how many other columns of ``X`` are
    correlated with it at ``|r| >= threshold``.

    Costs ``len(columns) * n_samples * n_features`` operations, so it can
    look at the few leading columns of a wide table.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric data without missing values.
    columns : array-like of int
        The columns to look at.
    threshold : float, default=0.9
        Absolute correlation that counts.

    Returns
    -------
    ndarray of int, shape (len(columns),)

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.groups import correlated_partners
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=(2, 200))
    >>> X = np.column_stack([a, b, a + 0.1 * rng.normal(size=200), -a])
    >>> correlated_partners(X, [0, 1]).tolist()
    [2, 0]
    """
    unit = _unit_columns(X)
    columns = np.asarray(columns, dtype=int).ravel()
    corr = np.abs(unit[:, columns].T @ unit)
    corr[np.arange(len(columns)), columns] = 0.0
    return (corr >= threshold).sum(axis=1)


def near_copies(X, columns, among, threshold=0.9):
    """Each of ``columns`` with its most correlated column of ``among``, where
    they are correlated at ``|r| >= threshold``.

    The gates often keep one of two near-copies and let the other fall (one gate
    carries what both say), so an unselected column may be a selected one's
    near-copy; ``skdfs rank`` names such pairs.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Numeric data without missing values.
    columns, among : array-like of int
        Columns of ``X`` to pair, and the columns to pair them with.
    threshold : float, default=0.9
        Absolute correlation that counts.

    Returns
    -------
    list of (int, int, float)
        ``(column, partner, r)``, in the order of ``columns``.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.groups import near_copies
    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.normal(size=(2, 200))
    >>> X = np.column_stack([a, b, a + 0.1 * rng.normal(size=200)])
    >>> [(c, p, round(r, 2)) for c, p, r in near_copies(X, [2, 1], [0])]
    [(2, 0, 1.0)]
    """
    columns = np.asarray(columns, dtype=int).ravel()
    among = np.asarray(among, dtype=int).ravel()
    if not len(columns) or not len(among):
        return []
    unit = _unit_columns(X)
    corr = unit[:, columns].T @ unit[:, among]
    best = np.abs(corr).argmax(axis=1)
    r = corr[np.arange(len(columns)), best]
    return [
        (int(c), int(among[b]), float(v))
        for c, b, v in zip(columns, best, r)
        if abs(v) >= threshold
    ]


def spread_group_scores(groups, sizes):
    """A function giving every column its group's score over the group's size.

    ``groups`` is the group index of every column, ``sizes`` the columns per
    group; the returned function maps ``(..., n_groups)`` scores to
    ``(..., n_columns)``, so that the columns of a group sum to its score.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.groups import spread_group_scores
    >>> spread = spread_group_scores(np.array([0, 0, 1]), np.array([2, 1]))
    >>> spread(np.array([0.8, 0.2]))
    array([0.4, 0.4, 0.2])
    """
    size = np.asarray(sizes)[groups]

    def spread(scores):
        return np.asarray(scores)[..., groups] / size

    return spread


def penalty_weights(X, groups):
    """The penalty weight of every group's gate: ``sqrt(size * active)``.

    ``size`` is the group's number of columns, ``active`` the mean number of
    its columns that are not zero in a row of ``X`` (before
    standardisation). Where every column of a group holds a value in every
    row (correlated measurements, a user's group of numbers), the weight is
    the size: an open group pays what its columns would pay with gates of
    their own. The one-hot levels of a categorical column have one level set
    per row, so the weight is ``sqrt(size)``, the group lasso's (Yuan & Lin,
    2006): the levels each see only their own rows. Weighted by their size,
    16-level columns cost the ranking of generated tables (mean ROC-AUC
    0.925 against 0.996; ``docs/benchmarks.md``, "Categorical columns with
    many levels"). A single column always weighs 1.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The columns before standardisation.
    groups : ndarray of int of shape (n_features,)
        The group index (``0 .. G-1``) of every column.

    Returns
    -------
    ndarray of shape (G,)

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.groups import penalty_weights
    >>> X = np.array([[1.0, 0.0, 0.0, 2.5], [0.0, 0.0, 1.0, -1.0]])
    >>> penalty_weights(X, np.array([0, 0, 0, 1])).round(3).tolist()
    [1.732, 1.0]
    """
    groups = np.asarray(groups)
    n_groups = int(groups.max()) + 1 if groups.size else 0
    size = np.bincount(groups, minlength=n_groups).astype(float)
    nonzero = (np.asarray(X) != 0).mean(axis=0) if len(X) else np.ones(len(groups))
    active = np.bincount(groups, weights=nonzero, minlength=n_groups)
    weights = np.sqrt(size * np.maximum(active, 1.0))
    weights[size == 1] = 1.0
    return weights
