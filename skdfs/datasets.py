"""Seeded benchmark data sets with a known set of relevant features.

Every ``make_*`` generator returns ``(X, y, relevant)``: ``X`` is a float64
array of shape ``(n_samples, n_features)``, ``y`` the target and ``relevant``
the sorted int64 indices of the columns the target truly depends on. Columns
beyond the relevant ones are independent noise, so a feature selector can be
scored on whether it recovers ``relevant``. Unless stated otherwise the
columns the target depends on are drawn first, then the randomness of the
target, then the noise padding: with the same ``random_state`` the relevant
columns and the target do not change when ``n_features`` grows.

:func:`add_probes`, :func:`load_with_probes` and :func:`load_demo` take the
other route to a known truth on real data: they append probe columns (pure
noise, and row-permuted copies of real columns) that cannot carry information
about the target.

Sources
-------
- XOR and parity: the classic interaction problems on which univariate
  filters fail; see e.g. I. Guyon and A. Elisseeff, "An introduction to
  variable and feature selection", JMLR 3, 2003.
- Orange skin, nonlinear additive and switch: J. Chen, L. Song, M. J.
  Wainwright and M. I. Jordan, "Learning to explain: an information-theoretic
  perspective on model interpretation" (L2X), ICML 2018, section 4.1.
- Pairwise products: C.-H. Chang, L. Rampasek and A. Goldenberg, "Dropout
  feature ranking for deep learning models", arXiv:1712.08645, 2017.
- Madelon: I. Guyon, S. Gunn, A. Ben-Hur and G. Dror, "Result analysis of the
  NIPS 2003 feature selection challenge", NIPS 2004; generated with
  :func:`sklearn.datasets.make_classification`, which implements the Madelon
  design.
- Friedman #1: J. H. Friedman, "Multivariate adaptive regression splines",
  Annals of Statistics 19(1), 1991; generated with
  :func:`sklearn.datasets.make_friedman1`.
- Rare flag and categorical interaction: patterns met on public tabular
  data (a yes/no field that decides a small share of loan decisions; a
  one-hot encoded category that modulates a numeric effect), written for
  this package.
- Probes: H. Stoppiglia, G. Dreyfus, R. Dubois and Y. Oussar, "Ranking a
  random feature for variable and feature selection", JMLR 3, 2003; the
  permuted copies follow the "shadow features" of M. B. Kursa and W. R.
  Rudnicki, "Feature selection with the Boruta package", J. Stat. Softw.
  36(11), 2010.
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral, Real
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn import datasets as _skdatasets
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import check_array

from ._probes import permuted_copies

__all__ = [
    "BENCHMARK_TASKS",
    "TASK_NAMES",
    "BenchmarkTask",
    "add_probes",
    "load_demo",
    "load_with_probes",
    "make_categorical_interaction",
    "make_correlated",
    "make_friedman",
    "make_madelon",
    "make_nonlinear_additive",
    "make_orange_skin",
    "make_pairwise_products",
    "make_parity",
    "make_rare_flag",
    "make_switch",
    "make_task",
    "make_two_moons",
    "make_xor",
]


# ---------------------------------------------------------------------------
# Argument checks and shared helpers
# ---------------------------------------------------------------------------


# Parameter constraints (scikit-learn's validate_params, as its own make_*
# generators use); the cross-field check of the sizes stays here.
_COUNT = [Interval(Integral, 1, None, closed="left")]
_NONNEGATIVE = [Interval(Integral, 0, None, closed="left")]
_SCALE = [Interval(Real, 0, None, closed="left")]
_SHARE = [Interval(Real, 0, 1, closed="both")]


def _constraints(**extra):
    """The constraints of a generator: its sizes and seed, plus ``extra``."""
    return {
        "n_samples": _COUNT,
        "n_features": _COUNT,
        "random_state": ["random_state"],
        **extra,
    }


def _check_sizes(n_samples, n_features, n_needed, what="relevant"):
    n_samples, n_features = int(n_samples), int(n_features)
    if n_features < n_needed:
        raise ValueError(
            f"n_features={n_features} is smaller than the number of {what} "
            f"columns ({n_needed})"
        )
    return n_samples, n_features


def _pad_noise(X_core, n_features, rng):
    """Append N(0, 1) columns to ``X_core`` up to ``n_features`` columns."""
    n_samples, n_core = X_core.shape
    noise = rng.standard_normal((n_samples, n_features - n_core))
    return np.ascontiguousarray(np.hstack([X_core, noise]), dtype=np.float64)


def _indices(values):
    return np.sort(np.asarray(values, dtype=np.int64))


def _bernoulli(prob, rng):
    return (rng.uniform(size=prob.shape) < prob).astype(np.int64)


# ---------------------------------------------------------------------------
# Interaction problems
# ---------------------------------------------------------------------------


@validate_params(
    _constraints(noise=_SHARE),
    prefer_skip_nested_validation=True,
)
def make_xor(n_samples=1000, n_features=20, noise=0.0, random_state=None):
    """Binary XOR of the signs of two Gaussian features.

    ``y = (x0 > 0) XOR (x1 > 0)``. Each of ``x0`` and ``x1`` alone carries no
    information about ``y``; together they determine it.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least 2. Columns 2 and up are N(0, 1)
        noise.
    noise : float, default=0.0
        Share of labels, in [0, 1], that are flipped (exactly
        ``round(noise * n_samples)`` rows chosen at random).
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Standard normal features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (2,)
        Indices of the relevant columns, ``[0, 1]``.

    Examples
    --------
    >>> from skdfs.datasets import make_xor
    >>> X, y, relevant = make_xor(n_samples=100, n_features=10, random_state=0)
    >>> X.shape
    (100, 10)
    >>> relevant
    array([0, 1])
    """
    n_samples, n_features = _check_sizes(n_samples, n_features, 2)
    noise = float(noise)
    rng = check_random_state(random_state)
    X_core = rng.standard_normal((n_samples, 2))
    y = ((X_core[:, 0] > 0) ^ (X_core[:, 1] > 0)).astype(np.int64)
    n_flip = int(round(noise * n_samples))
    if n_flip:
        flip = rng.choice(n_samples, size=n_flip, replace=False)
        y[flip] = 1 - y[flip]
    X = _pad_noise(X_core, n_features, rng)
    return X, y, _indices([0, 1])


@validate_params(
    _constraints(n_relevant=_COUNT),
    prefer_skip_nested_validation=True,
)
def make_parity(n_samples=2000, n_features=20, n_relevant=3, random_state=None):
    """Parity of the signs of the first ``n_relevant`` Gaussian features.

    ``y`` is 1 when an odd number of ``x0, ..., x{n_relevant - 1}`` are
    positive. No proper subset of the relevant columns carries any
    information about ``y``.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least ``n_relevant``; the rest are N(0, 1)
        noise.
    n_relevant : int, default=3
        Number of relevant columns (the order of the parity), at least 1.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Standard normal features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (n_relevant,)
        ``[0, 1, ..., n_relevant - 1]``.

    Examples
    --------
    >>> from skdfs.datasets import make_parity
    >>> X, y, relevant = make_parity(n_samples=50, n_features=8, random_state=0)
    >>> X.shape
    (50, 8)
    >>> relevant
    array([0, 1, 2])
    """
    n_relevant = int(n_relevant)
    n_samples, n_features = _check_sizes(n_samples, n_features, n_relevant)
    rng = check_random_state(random_state)
    X_core = rng.standard_normal((n_samples, n_relevant))
    y = ((X_core > 0).sum(axis=1) % 2).astype(np.int64)
    X = _pad_noise(X_core, n_features, rng)
    return X, y, np.arange(n_relevant, dtype=np.int64)


# ---------------------------------------------------------------------------
# L2X synthetic tasks (Chen et al., 2018)
# ---------------------------------------------------------------------------


def _orange_skin_log_e(X4):
    return np.sum(X4**2, axis=1) - 4.0


def _additive_log_e(X4):
    return (
        -100.0 * np.sin(0.2 * X4[:, 0])
        + np.abs(X4[:, 1])
        + X4[:, 2]
        + np.exp(-X4[:, 3])
        - 2.4
    )


def _l2x_task(log_e_fn, n_samples, n_features, random_state):
    n_samples, n_features = _check_sizes(n_samples, n_features, 4)
    rng = check_random_state(random_state)
    X_core = rng.standard_normal((n_samples, 4))
    y = _bernoulli(expit(-log_e_fn(X_core)), rng)
    X = _pad_noise(X_core, n_features, rng)
    return X, y, np.arange(4, dtype=np.int64)


@validate_params(
    _constraints(),
    prefer_skip_nested_validation=True,
)
def make_orange_skin(n_samples=2000, n_features=20, random_state=None):
    """L2X "orange skin" task: a radial logistic model on four features.

    ``P(y = 1 | x) = 1 / (1 + E)`` with ``E = exp(x0^2 + x1^2 + x2^2 + x3^2 -
    4)``: points near the origin are mostly class 1, points far from it
    mostly class 0. ``y`` is drawn from that Bernoulli distribution.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least 4; the rest are N(0, 1) noise.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Standard normal features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (4,)
        ``[0, 1, 2, 3]``.

    Examples
    --------
    >>> from skdfs.datasets import make_orange_skin
    >>> X, y, relevant = make_orange_skin(n_samples=100, random_state=0)
    >>> X.shape
    (100, 20)
    >>> relevant
    array([0, 1, 2, 3])
    """
    return _l2x_task(_orange_skin_log_e, n_samples, n_features, random_state)


@validate_params(
    _constraints(),
    prefer_skip_nested_validation=True,
)
def make_nonlinear_additive(n_samples=2000, n_features=20, random_state=None):
    """L2X "nonlinear additive" task: a logistic model additive in four features.

    ``P(y = 1 | x) = 1 / (1 + E)`` with ``E = exp(-100 sin(0.2 x0) + |x1| + x2
    + exp(-x3) - 2.4)``. ``y`` is drawn from that Bernoulli distribution.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least 4; the rest are N(0, 1) noise.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Standard normal features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (4,)
        ``[0, 1, 2, 3]``.

    Examples
    --------
    >>> from skdfs.datasets import make_nonlinear_additive
    >>> X, y, relevant = make_nonlinear_additive(n_samples=100, random_state=0)
    >>> X.shape
    (100, 20)
    >>> relevant
    array([0, 1, 2, 3])
    """
    return _l2x_task(_additive_log_e, n_samples, n_features, random_state)


@validate_params(
    _constraints(),
    prefer_skip_nested_validation=True,
)
def make_switch(n_samples=2000, n_features=20, random_state=None):
    """L2X "switch" task: column 9 selects which of two logistic models applies.

    Column 9 is N(0, 1) shifted by +3 for a random half of the rows
    (``n_samples // 2`` of them) and by -3 for the others. Rows shifted by +3
    follow the orange skin model on ``x0..x3`` (see :func:`make_orange_skin`),
    rows shifted by -3 the nonlinear additive model on ``x4..x7`` (see
    :func:`make_nonlinear_additive`). Column 8 is noise. The relevant set is
    instance-wise: each row depends on five columns, the whole data set on
    nine.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least 10; column 8 and columns 10 and up
        are N(0, 1) noise.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (9,)
        ``[0, 1, 2, 3, 4, 5, 6, 7, 9]``.

    Examples
    --------
    >>> from skdfs.datasets import make_switch
    >>> X, y, relevant = make_switch(n_samples=100, random_state=0)
    >>> X.shape
    (100, 20)
    >>> relevant
    array([0, 1, 2, 3, 4, 5, 6, 7, 9])
    """
    n_samples, n_features = _check_sizes(
        n_samples, n_features, 10, what="switch task's"
    )
    rng = check_random_state(random_state)
    X_core = rng.standard_normal((n_samples, 10))
    plus = np.zeros(n_samples, dtype=bool)
    plus[rng.permutation(n_samples)[: n_samples // 2]] = True
    X_core[:, 9] += np.where(plus, 3.0, -3.0)
    log_e = np.where(
        plus, _orange_skin_log_e(X_core[:, 0:4]), _additive_log_e(X_core[:, 4:8])
    )
    y = _bernoulli(expit(-log_e), rng)
    X = _pad_noise(X_core, n_features, rng)
    return X, y, _indices([0, 1, 2, 3, 4, 5, 6, 7, 9])


# ---------------------------------------------------------------------------
# Regression and other classification tasks
# ---------------------------------------------------------------------------


@validate_params(
    _constraints(n_pairs=_COUNT, noise=_SCALE),
    prefer_skip_nested_validation=True,
)
def make_pairwise_products(
    n_samples=2000, n_features=40, n_pairs=10, noise=0.0, random_state=None
):
    """Sum of products of feature pairs (Chang et al., 2017).

    ``y = sum_i b_i * x_i * x_{i+1} + noise`` over ``i = 0, 2, ...,
    2 * (n_pairs - 1)``, with ``b_i ~ Bernoulli(max(0, 1 - 0.05 i))`` drawn
    from ``random_state``. At least one ``b_i`` is 1 (``b_0`` always is). Each
    relevant column is uncorrelated with ``y`` on its own; only the product
    with its partner matters.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    n_features : int, default=40
        Total number of columns, at least ``2 * n_pairs``; the rest are
        N(0, 1) noise.
    n_pairs : int, default=10
        Number of candidate pairs, at least 1.
    noise : float, default=0.0
        Standard deviation of Gaussian noise added to ``y``.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Standard normal features, float64.
    y : ndarray of shape (n_samples,)
        Regression target, float64.
    relevant : ndarray of shape (n_relevant,)
        Both members of every pair with ``b_i = 1``. Pairs with ``b_i = 0``
        are noise.

    Examples
    --------
    >>> from skdfs.datasets import make_pairwise_products
    >>> X, y, relevant = make_pairwise_products(n_samples=100, random_state=0)
    >>> X.shape
    (100, 40)
    >>> relevant[:2]
    array([0, 1])
    """
    n_pairs = int(n_pairs)
    n_samples, n_features = _check_sizes(
        n_samples, n_features, 2 * n_pairs, what="pair"
    )
    noise = float(noise)
    rng = check_random_state(random_state)
    X_core = rng.standard_normal((n_samples, 2 * n_pairs))
    starts = np.arange(0, 2 * n_pairs, 2)
    b = rng.uniform(size=n_pairs) < np.clip(1.0 - 0.05 * starts, 0.0, 1.0)
    if not b.any():  # cannot happen while b_0 has probability 1; kept as a guard
        b[0] = True
    y = (X_core[:, starts] * X_core[:, starts + 1]) @ b.astype(np.float64)
    if noise > 0:
        y = y + noise * rng.standard_normal(n_samples)
    X = _pad_noise(X_core, n_features, rng)
    active = starts[b]
    return X, y, _indices(np.concatenate([active, active + 1]))


@validate_params(
    _constraints(
        n_informative=_COUNT,
        n_redundant=_NONNEGATIVE,
        n_clusters_per_class=_COUNT,
        flip_y=_SHARE,
        class_sep=_SCALE,
    ),
    prefer_skip_nested_validation=True,
)
def make_madelon(
    n_samples=1000,
    n_features=100,
    n_informative=5,
    n_redundant=5,
    n_clusters_per_class=2,
    flip_y=0.01,
    class_sep=1.0,
    random_state=None,
):
    """Madelon-style binary problem from :func:`sklearn.datasets.make_classification`.

    Gaussian clusters on the vertices of an ``n_informative``-dimensional
    hypercube; ``n_redundant`` columns are random linear combinations of the
    informative ones. Both kinds are relevant and come first (the columns are
    not shuffled; the rows are); the remaining columns are N(0, 1) noise.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of rows.
    n_features : int, default=100
        Total number of columns, at least ``n_informative + n_redundant``.
    n_informative : int, default=5
        Number of informative columns, at least 1, with
        ``2 * n_clusters_per_class <= 2 ** n_informative``.
    n_redundant : int, default=5
        Number of redundant columns, at least 0.
    n_clusters_per_class : int, default=2
        Number of Gaussian clusters per class.
    flip_y : float, default=0.01
        Share of labels, in [0, 1], assigned at random.
    class_sep : float, default=1.0
        Half the side length of the hypercube, at least 0.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (n_informative + n_redundant,)
        ``[0, 1, ..., n_informative + n_redundant - 1]``.

    Examples
    --------
    >>> from skdfs.datasets import make_madelon
    >>> X, y, relevant = make_madelon(n_samples=100, n_features=20, random_state=0)
    >>> X.shape
    (100, 20)
    >>> relevant
    array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    """
    n_informative = int(n_informative)
    n_redundant = int(n_redundant)
    n_clusters_per_class = int(n_clusters_per_class)
    if 2 * n_clusters_per_class > 2**n_informative:
        raise ValueError(
            f"2 classes times n_clusters_per_class={n_clusters_per_class} must "
            f"be at most 2 ** n_informative = {2**n_informative}"
        )
    n_relevant = n_informative + n_redundant
    n_samples, n_features = _check_sizes(
        n_samples, n_features, n_relevant, what="informative + redundant"
    )
    flip_y = float(flip_y)
    class_sep = float(class_sep)
    rng = check_random_state(random_state)
    X, y = _skdatasets.make_classification(
        n_samples=n_samples,
        n_features=n_features,
        n_informative=n_informative,
        n_redundant=n_redundant,
        n_repeated=0,
        n_classes=2,
        n_clusters_per_class=n_clusters_per_class,
        flip_y=flip_y,
        class_sep=class_sep,
        shuffle=False,
        random_state=rng,
    )
    # shuffle=False keeps the columns in place but also leaves the rows sorted
    # by cluster and class: shuffle the rows only.
    rows = rng.permutation(n_samples)
    X = np.ascontiguousarray(X[rows], dtype=np.float64)
    return X, y[rows].astype(np.int64), np.arange(n_relevant, dtype=np.int64)


@validate_params(
    _constraints(noise=_SCALE),
    prefer_skip_nested_validation=True,
)
def make_friedman(n_samples=1000, n_features=50, noise=0.0, random_state=None):
    """Friedman #1 regression from :func:`sklearn.datasets.make_friedman1`.

    ``y = 10 sin(pi x0 x1) + 20 (x2 - 0.5)^2 + 10 x3 + 5 x4 + noise``. As in
    the original design *all* columns, noise included, are uniform on
    [0, 1], so no column stands out by its scale.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of rows.
    n_features : int, default=50
        Total number of columns, at least 5; the rest are uniform noise.
    noise : float, default=0.0
        Standard deviation of Gaussian noise added to ``y``.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features uniform on [0, 1], float64.
    y : ndarray of shape (n_samples,)
        Regression target, float64.
    relevant : ndarray of shape (5,)
        ``[0, 1, 2, 3, 4]``.

    Examples
    --------
    >>> from skdfs.datasets import make_friedman
    >>> X, y, relevant = make_friedman(n_samples=100, n_features=10, random_state=0)
    >>> X.shape
    (100, 10)
    >>> relevant
    array([0, 1, 2, 3, 4])
    """
    n_samples, n_features = _check_sizes(n_samples, n_features, 5)
    noise = float(noise)
    X, y = _skdatasets.make_friedman1(
        n_samples=n_samples,
        n_features=n_features,
        noise=noise,
        random_state=check_random_state(random_state),
    )
    X = np.ascontiguousarray(X, dtype=np.float64)
    return X, y.astype(np.float64), np.arange(5, dtype=np.int64)


@validate_params(
    _constraints(
        n_copies=_NONNEGATIVE,
        rho=[Interval(Real, -1, 1, closed="both")],
        noise=_SCALE,
        return_copies=["boolean"],
    ),
    prefer_skip_nested_validation=True,
)
def make_correlated(
    n_samples=1000,
    n_features=30,
    n_copies=2,
    rho=0.95,
    noise=0.1,
    return_copies=False,
    random_state=None,
):
    """Regression on two drivers that have strongly correlated decoys.

    ``y = x0 + sin(2 x1) + x0 x1 + noise * N(0, 1)``. Right after the two
    drivers come ``n_copies`` noisy copies of ``x0`` (columns ``2 ..
    n_copies + 1``), then ``n_copies`` of ``x1`` (columns ``n_copies + 2 ..
    2 n_copies + 1``); each copy is ``rho * driver + sqrt(1 - rho^2) * N(0,
    1)``, so it is standard normal with correlation ``rho`` to its driver.
    Only the drivers are relevant: given them, ``y`` is independent of the
    copies. The remaining columns are N(0, 1) noise.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of rows.
    n_features : int, default=30
        Total number of columns, at least ``2 + 2 * n_copies``.
    n_copies : int, default=2
        Number of copies of each driver, at least 0.
    rho : float, default=0.95
        Correlation of each copy with its driver, in [-1, 1].
    noise : float, default=0.1
        Standard deviation of Gaussian noise added to ``y``.
    return_copies : bool, default=False
        Whether to also return the indices of the copies.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Standard normal features, float64.
    y : ndarray of shape (n_samples,)
        Regression target, float64.
    relevant : ndarray of shape (2,)
        ``[0, 1]``, the drivers.
    copies : ndarray of shape (2 * n_copies,)
        ``[2, ..., 2 * n_copies + 1]``, the copy columns. Only returned when
        ``return_copies`` is True.

    Examples
    --------
    >>> from skdfs.datasets import make_correlated
    >>> X, y, relevant, copies = make_correlated(
    ...     n_samples=100, n_features=10, return_copies=True, random_state=0
    ... )
    >>> X.shape
    (100, 10)
    >>> relevant
    array([0, 1])
    >>> copies
    array([2, 3, 4, 5])
    """
    n_copies = int(n_copies)
    n_samples, n_features = _check_sizes(
        n_samples, n_features, 2 + 2 * n_copies, what="driver + copy"
    )
    rho = float(rho)
    noise = float(noise)
    rng = check_random_state(random_state)
    drivers = rng.standard_normal((n_samples, 2))
    scale = np.sqrt(1.0 - rho**2)
    copies = [
        rho * drivers[:, [d]] + scale * rng.standard_normal((n_samples, n_copies))
        for d in (0, 1)
    ]
    x0, x1 = drivers[:, 0], drivers[:, 1]
    y = x0 + np.sin(2.0 * x1) + x0 * x1
    if noise > 0:
        y = y + noise * rng.standard_normal(n_samples)
    X = _pad_noise(np.hstack([drivers, *copies]), n_features, rng)
    relevant = np.array([0, 1], dtype=np.int64)
    if return_copies:
        return X, y, relevant, np.arange(2, 2 + 2 * n_copies, dtype=np.int64)
    return X, y, relevant


@validate_params(
    _constraints(noise=_SCALE),
    prefer_skip_nested_validation=True,
)
def make_two_moons(n_samples=1000, n_features=20, noise=0.1, random_state=None):
    """Two interleaving half circles from :func:`sklearn.datasets.make_moons`.

    The moons are columns 0 and 1, each standardised to mean 0 and standard
    deviation 1; the remaining columns are N(0, 1) noise. Neither moon
    coordinate separates the classes alone.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least 2.
    noise : float, default=0.1
        Standard deviation of the Gaussian noise added to the moons (before
        standardising).
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (2,)
        ``[0, 1]``.

    Examples
    --------
    >>> from skdfs.datasets import make_two_moons
    >>> X, y, relevant = make_two_moons(n_samples=100, n_features=5, random_state=0)
    >>> X.shape
    (100, 5)
    >>> relevant
    array([0, 1])
    """
    n_samples, n_features = _check_sizes(n_samples, n_features, 2)
    noise = float(noise)
    rng = check_random_state(random_state)
    moons, y = _skdatasets.make_moons(
        n_samples=n_samples, noise=noise, random_state=rng
    )
    std = moons.std(axis=0)
    moons = (moons - moons.mean(axis=0)) / np.where(std > 0, std, 1.0)
    X = _pad_noise(moons, n_features, rng)
    return X, y.astype(np.int64), np.array([0, 1], dtype=np.int64)


# ---------------------------------------------------------------------------
# Tabular patterns seen on real data: a rare decisive flag, a categorical
# interaction
# ---------------------------------------------------------------------------


def _flag_column(n_samples, rate, rng):
    """A 0/1 column set in exactly ``max(1, round(rate * n_samples))`` rows."""
    n_set = max(1, int(round(rate * n_samples)))
    flag = np.zeros(n_samples)
    flag[rng.choice(n_samples, size=min(n_set, n_samples), replace=False)] = 1.0
    return flag


@validate_params(
    _constraints(
        flag_rate=[Interval(Real, 0, 1, closed="right")],
        n_ordinary=_NONNEGATIVE,
        n_decoys=_NONNEGATIVE,
    ),
    prefer_skip_nested_validation=True,
)
def make_rare_flag(
    n_samples=2000,
    n_features=20,
    flag_rate=0.02,
    n_ordinary=3,
    n_decoys=1,
    random_state=None,
):
    """A rare binary flag that settles the outcome, plus ordinary features.

    Column 0 is a 0/1 flag set in ``max(1, round(flag_rate * n_samples))``
    rows chosen at random. Where it is set, ``y = 1``. Elsewhere ``y`` is drawn
    from ``P(y = 1 | x) = expit(x1 + ... + x{n_ordinary} - 1)`` on the
    ``n_ordinary`` standard normal columns that follow the flag. Then come
    ``n_decoys`` decoy flags: 0/1 columns set in as many rows as the flag,
    independent of everything else (irrelevant, but shaped like the flag), and
    N(0, 1) noise.

    The flag is the strongest feature for the rows where it is set and absent
    from the others: measures of how much signal passes through a feature
    (variance, gate shares, marginal correlation) see it as weak, measures of
    how much the prediction depends on it (permutation importance, a logistic
    coefficient) as strong. Modelled on public loan-decision tables, where a
    rare yes/no field decides a small share of cases.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least ``1 + n_ordinary + n_decoys``.
    flag_rate : float, default=0.02
        Share of rows, in (0, 1], where the flag (and each decoy) is set.
    n_ordinary : int, default=3
        Number of ordinary relevant columns (each with logistic coefficient 1),
        at least 0.
    n_decoys : int, default=1
        Number of irrelevant decoy flags, at least 0.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features, float64.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (1 + n_ordinary,)
        ``[0, 1, ..., n_ordinary]``: the flag and the ordinary columns.

    Examples
    --------
    >>> from skdfs.datasets import make_rare_flag
    >>> X, y, relevant = make_rare_flag(n_samples=500, random_state=0)
    >>> X.shape
    (500, 20)
    >>> relevant
    array([0, 1, 2, 3])
    >>> int(X[:, 0].sum()), bool(y[X[:, 0] == 1].all())
    (10, True)
    """
    n_ordinary = int(n_ordinary)
    n_decoys = int(n_decoys)
    n_samples, n_features = _check_sizes(
        n_samples,
        n_features,
        1 + n_ordinary + n_decoys,
        what="flag, ordinary and decoy",
    )
    flag_rate = float(flag_rate)
    rng = check_random_state(random_state)
    flag = _flag_column(n_samples, flag_rate, rng)
    ordinary = rng.standard_normal((n_samples, n_ordinary))
    y = _bernoulli(expit(ordinary.sum(axis=1) - 1.0), rng)
    y[flag == 1.0] = 1
    decoys = [_flag_column(n_samples, flag_rate, rng) for _ in range(n_decoys)]
    X_core = np.column_stack([flag, ordinary, *decoys])
    X = _pad_noise(X_core, n_features, rng)
    return X, y, np.arange(1 + n_ordinary, dtype=np.int64)


@validate_params(
    _constraints(
        n_levels=[Interval(Integral, 2, None, closed="left")],
        strength=[Interval(Real, 0, None, closed="neither")],
    ),
    prefer_skip_nested_validation=True,
)
def make_categorical_interaction(
    n_samples=2000, n_features=20, n_levels=4, strength=1.0, random_state=None
):
    """A one-hot categorical whose level sets the slope of a numeric feature.

    A categorical ``c`` with ``n_levels`` equally likely levels is one-hot
    encoded in columns ``0 .. n_levels - 1``; column ``n_levels`` is a
    numeric ``x ~ N(0, 1)``. The label is drawn from ``P(y = 1 | c, x) =
    expit(strength * s_c * x)`` with slopes ``s_l = -1 + 4 l / (n_levels -
    1)`` (for 4 levels: -1, 1/3, 5/3, 3; a single level has slope 1). The
    levels have no effect of their own (``P(y = 1 | c) = 1/2``): they matter
    only through ``x``, whose effect they reverse, damp or amplify. The
    remaining columns are N(0, 1) noise.

    Every level column counts as relevant, and so does ``x``. No single level
    column is indispensable (the others determine it), but the group is, and
    a selector that keeps only ``x`` has lost the interaction. This is the
    encoding that reaches a selector when a data scientist one-hot encodes a
    categorical field.

    Parameters
    ----------
    n_samples : int, default=2000
        Number of rows.
    n_features : int, default=20
        Total number of columns, at least ``n_levels + 1``.
    n_levels : int, default=4
        Number of levels of the categorical (one column each), at least 2.
    strength : float, default=1.0
        Multiplier of every slope, > 0.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features, float64; the level columns hold 0.0 or 1.0, one 1.0 a row.
    y : ndarray of shape (n_samples,)
        Labels in {0, 1}, int64.
    relevant : ndarray of shape (n_levels + 1,)
        ``[0, 1, ..., n_levels]``: the level columns and ``x``.

    Examples
    --------
    >>> from skdfs.datasets import make_categorical_interaction
    >>> X, y, relevant = make_categorical_interaction(n_samples=100, random_state=0)
    >>> X.shape
    (100, 20)
    >>> relevant
    array([0, 1, 2, 3, 4])
    >>> bool((X[:, :4].sum(axis=1) == 1).all())
    True
    """
    n_levels = int(n_levels)
    n_samples, n_features = _check_sizes(
        n_samples, n_features, n_levels + 1, what="level and numeric"
    )
    strength = float(strength)
    rng = check_random_state(random_state)
    level = rng.randint(n_levels, size=n_samples)
    onehot = np.zeros((n_samples, n_levels))
    onehot[np.arange(n_samples), level] = 1.0
    x = rng.standard_normal(n_samples)
    slopes = -1.0 + 4.0 * np.arange(n_levels) / (n_levels - 1)
    y = _bernoulli(expit(strength * slopes[level] * x), rng)
    X = _pad_noise(np.column_stack([onehot, x]), n_features, rng)
    return X, y, np.arange(n_levels + 1, dtype=np.int64)


# ---------------------------------------------------------------------------
# Probes on real data
# ---------------------------------------------------------------------------


def _add_probes(X, n_noise, n_permuted, random_state):
    X = check_array(X, dtype=np.float64, copy=True)
    n_samples, n_real = X.shape
    n_noise = n_real if n_noise is None else int(n_noise)
    n_permuted = n_real if n_permuted is None else int(n_permuted)
    rng = check_random_state(random_state)
    noise = rng.standard_normal((n_samples, n_noise))
    if n_permuted <= n_real:
        sources = np.sort(rng.choice(n_real, size=n_permuted, replace=False))
    else:
        sources = np.arange(n_permuted) % n_real
    orders = np.array([rng.permutation(n_samples) for _ in sources], dtype=np.intp)
    permuted = permuted_copies(X, sources, orders.reshape(len(sources), n_samples))
    X_new = np.hstack([X, noise, permuted])
    is_probe = np.zeros(X_new.shape[1], dtype=bool)
    is_probe[n_real:] = True
    return X_new, is_probe, sources.astype(np.int64)


@validate_params(
    {
        "X": ["array-like"],
        "n_noise": _NONNEGATIVE + [None],
        "n_permuted": _NONNEGATIVE + [None],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def add_probes(X, n_noise=None, n_permuted=None, random_state=None):
    """Append probe columns that carry no information about any target.

    Two kinds of probes are appended after the real columns, in this order:
    ``n_noise`` columns of pure N(0, 1) noise, then ``n_permuted`` "shadow"
    columns, each a copy of one real column with its rows shuffled by its own
    permutation. A shadow keeps its source's distribution but loses any link
    to the target and to the other columns. When ``n_permuted`` is at most
    the number of real columns, the sources are distinct columns chosen at
    random (in increasing order); otherwise the real columns are cycled
    through in order.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_real)
        Real data. It is not modified.
    n_noise : int or None, default=None
        Number of noise columns; None means ``n_real``.
    n_permuted : int or None, default=None
        Number of permuted copies; None means ``n_real``.
    random_state : int, RandomState instance or None, default=None
        Seed or generator for reproducible output.

    Returns
    -------
    X_new : ndarray of shape (n_samples, n_real + n_noise + n_permuted)
        The real columns followed by the probes, float64.
    is_probe : ndarray of shape (n_real + n_noise + n_permuted,)
        Boolean mask, True for the probe columns.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.datasets import add_probes
    >>> X = np.arange(12.0).reshape(4, 3)
    >>> X_new, is_probe = add_probes(X, n_noise=1, n_permuted=2, random_state=0)
    >>> X_new.shape
    (4, 6)
    >>> is_probe
    array([False, False, False,  True,  True,  True])
    """
    X_new, is_probe, _ = _add_probes(X, n_noise, n_permuted, random_state)
    return X_new, is_probe


_LOADERS = {
    "breast_cancer": (_skdatasets.load_breast_cancer, "classification"),
    "wine": (_skdatasets.load_wine, "classification"),
    "diabetes": (_skdatasets.load_diabetes, "regression"),
    "digits": (_skdatasets.load_digits, "classification"),
}


def _probe_bunch(name, X, target, names, task, n_noise, n_permuted, random_state):
    X_new, is_probe, sources = _add_probes(X, n_noise, n_permuted, random_state)
    n_noise = int(is_probe.sum()) - len(sources)
    names = [str(n) for n in names]
    feature_names = np.asarray(
        names
        + [f"noise_{k}" for k in range(n_noise)]
        + [f"perm_{names[j]}" for j in sources],
        dtype=object,
    )
    n_real = len(names)
    descr = (
        f"{name} data set from scikit-learn ({task}, {X.shape[0]} rows) with "
        f"{n_real} real columns, {n_noise} N(0, 1) noise probes and "
        f"{len(sources)} row-permuted probes appended after them."
    )
    return Bunch(
        data=X_new,
        target=target,
        feature_names=feature_names,
        relevant=np.flatnonzero(~is_probe).astype(np.int64),
        is_probe=is_probe,
        task=task,
        DESCR=descr,
    )


def load_with_probes(name, random_state=0):
    """A scikit-learn bundled data set with probe columns appended.

    The real data is extended with :func:`add_probes` using its defaults: as
    many N(0, 1) noise columns and as many row-permuted copies as there are
    real columns. No selector should rank a probe above the real columns that
    matter. The data ships with scikit-learn, so nothing is downloaded.

    Parameters
    ----------
    name : {"breast_cancer", "wine", "diabetes", "digits"}
        Which data set. For ``"digits"`` the constant pixels are dropped
        first.
    random_state : int, RandomState instance or None, default=0
        Seed or generator for the probes.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with the attributes

        - ``data``: ndarray of shape (n_samples, 3 * n_real), the real columns
          then the probes, float64;
        - ``target``: ndarray of shape (n_samples,);
        - ``feature_names``: ndarray of str, the real names, then
          ``"noise_0", ...``, then ``"perm_<real name>"``;
        - ``relevant``: int64 indices of the real columns;
        - ``is_probe``: boolean mask of the probe columns;
        - ``task``: ``"classification"`` or ``"regression"``;
        - ``DESCR``: a short description.

    Examples
    --------
    >>> from skdfs.datasets import load_with_probes
    >>> data = load_with_probes("wine")
    >>> data.data.shape
    (178, 39)
    >>> data.feature_names[13]
    'noise_0'
    >>> data.task
    'classification'
    """
    if name not in _LOADERS:
        raise ValueError(
            f"Unknown data set {name!r}; expected one of {sorted(_LOADERS)}"
        )
    loader, task = _LOADERS[name]
    raw = loader()
    X = np.asarray(raw.data, dtype=np.float64)
    names = list(raw.feature_names)
    if name == "digits":
        keep = np.ptp(X, axis=0) > 0
        X = X[:, keep]
        names = [n for n, k in zip(names, keep) if k]
    target = np.asarray(raw.target)
    target = target.astype(np.int64 if task == "classification" else np.float64)
    return _probe_bunch(name, X, target, names, task, None, None, random_state)


def load_demo(random_state=0):
    """Data set of the ``skdfs demo`` command: breast cancer plus 10 noise columns.

    The 30 columns of :func:`sklearn.datasets.load_breast_cancer` followed by
    10 N(0, 1) noise columns named ``"noise_0"`` to ``"noise_9"``.

    Parameters
    ----------
    random_state : int, RandomState instance or None, default=0
        Seed or generator for the noise columns.

    Returns
    -------
    data : :class:`~sklearn.utils.Bunch`
        Dictionary-like object with ``data`` (569, 40), ``target`` (labels in
        {0, 1}), ``feature_names``, ``relevant`` (indices 0 to 29),
        ``is_probe``, ``task`` (``"classification"``) and ``DESCR``, as in
        :func:`load_with_probes`.

    Examples
    --------
    >>> from skdfs.datasets import load_demo
    >>> data = load_demo()
    >>> data.data.shape
    (569, 40)
    >>> int(data.is_probe.sum())
    10
    """
    raw = _skdatasets.load_breast_cancer()
    return _probe_bunch(
        "breast_cancer",
        np.asarray(raw.data, dtype=np.float64),
        np.asarray(raw.target, dtype=np.int64),
        list(raw.feature_names),
        "classification",
        10,
        0,
        random_state,
    )


# ---------------------------------------------------------------------------
# Task registry
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BenchmarkTask:
    """A named benchmark: a generator, its default arguments and its task type.

    Parameters
    ----------
    name : str
        Registry key.
    generator : callable
        A ``make_*`` function of this module returning ``(X, y, relevant)``.
    task_type : {"classification", "regression"}
        Kind of target.
    params : mapping
        Keyword arguments passed to ``generator`` before any overrides.
    description : str
        One-line summary.
    """

    name: str
    generator: Any
    task_type: str
    params: Any
    description: str

    def make(self, random_state=0, **overrides):
        """Generate the task's data.

        Parameters
        ----------
        random_state : int, RandomState instance or None, default=0
            Seed or generator passed to the generator.
        **overrides
            Keyword arguments that replace the task's defaults.

        Returns
        -------
        X : ndarray of shape (n_samples, n_features)
            Features.
        y : ndarray of shape (n_samples,)
            Target.
        relevant : ndarray
            Indices of the relevant columns.
        task_type : str
            ``"classification"`` or ``"regression"``.
        """
        if "return_copies" in overrides:
            raise ValueError("return_copies cannot be overridden in a benchmark task")
        kwargs = {**self.params, **overrides}
        X, y, relevant = self.generator(random_state=random_state, **kwargs)
        return X, y, relevant, self.task_type

    __call__ = make


def _task(name, generator, task_type, description, **params):
    return BenchmarkTask(
        name, generator, task_type, MappingProxyType(params), description
    )


BENCHMARK_TASKS = MappingProxyType(
    {
        task.name: task
        for task in (
            _task("xor", make_xor, "classification", "XOR of two signs"),
            _task(
                "parity3",
                make_parity,
                "classification",
                "parity of three signs",
                n_relevant=3,
            ),
            _task(
                "orange_skin",
                make_orange_skin,
                "classification",
                "L2X radial logistic model",
            ),
            _task(
                "nonlinear_additive",
                make_nonlinear_additive,
                "classification",
                "L2X additive logistic model",
            ),
            _task(
                "switch",
                make_switch,
                "classification",
                "L2X switch between two models",
            ),
            _task(
                "pairwise_products",
                make_pairwise_products,
                "regression",
                "sum of pairwise products",
            ),
            _task(
                "madelon",
                make_madelon,
                "classification",
                "Madelon hypercube clusters",
            ),
            _task("friedman", make_friedman, "regression", "Friedman #1"),
            _task(
                "correlated",
                make_correlated,
                "regression",
                "two drivers with correlated decoys",
            ),
            _task("two_moons", make_two_moons, "classification", "two moons"),
            _task(
                "rare_flag",
                make_rare_flag,
                "classification",
                "a flag in 2% of rows that settles the outcome",
            ),
            _task(
                "cat_interaction",
                make_categorical_interaction,
                "classification",
                "one-hot categorical setting a numeric slope",
            ),
        )
    }
)
"""Read-only mapping of task name to :class:`BenchmarkTask`."""

TASK_NAMES = tuple(BENCHMARK_TASKS)
"""Names of the tasks in :data:`BENCHMARK_TASKS`, in registry order."""


def make_task(name, random_state=0, **overrides):
    """Generate one of the registered benchmark tasks.

    Parameters
    ----------
    name : str
        One of :data:`TASK_NAMES`: ``"xor"``, ``"parity3"``,
        ``"orange_skin"``, ``"nonlinear_additive"``, ``"switch"``,
        ``"pairwise_products"``, ``"madelon"``, ``"friedman"``,
        ``"correlated"``, ``"two_moons"``, ``"rare_flag"`` or
        ``"cat_interaction"``.
    random_state : int, RandomState instance or None, default=0
        Seed or generator passed to the generator.
    **overrides
        Keyword arguments of the generator (``n_samples``, ``n_features``,
        ...) that replace the task's defaults.

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        Features, float64.
    y : ndarray of shape (n_samples,)
        Target.
    relevant : ndarray
        Sorted int64 indices of the relevant columns.
    task_type : {"classification", "regression"}
        Kind of target.

    Examples
    --------
    >>> from skdfs.datasets import make_task
    >>> X, y, relevant, task_type = make_task("parity3", n_samples=100)
    >>> X.shape
    (100, 20)
    >>> relevant, task_type
    (array([0, 1, 2]), 'classification')
    """
    if name not in BENCHMARK_TASKS:
        raise ValueError(f"Unknown task {name!r}; expected one of {TASK_NAMES}")
    return BENCHMARK_TASKS[name].make(random_state=random_state, **overrides)
