"""Tests of the benchmark generators and probe loaders in skdfs.datasets."""

import itertools

import numpy as np
import pytest
from scipy.special import expit
from sklearn.ensemble import RandomForestClassifier
from sklearn.neighbors import KNeighborsClassifier

from skdfs.datasets import (
    BENCHMARK_TASKS,
    TASK_NAMES,
    add_probes,
    load_demo,
    load_with_probes,
    make_categorical_interaction,
    make_correlated,
    make_friedman,
    make_madelon,
    make_nonlinear_additive,
    make_orange_skin,
    make_pairwise_products,
    make_parity,
    make_rare_flag,
    make_switch,
    make_task,
    make_two_moons,
    make_xor,
)

# generator, small keyword arguments, expected relevant set (None: random),
# dtype of y, smallest valid n_features for those arguments
GENERATORS = [
    (make_xor, {}, [0, 1], np.int64, 2),
    (make_parity, {"n_relevant": 3}, [0, 1, 2], np.int64, 3),
    (make_orange_skin, {}, [0, 1, 2, 3], np.int64, 4),
    (make_nonlinear_additive, {}, [0, 1, 2, 3], np.int64, 4),
    (make_switch, {}, [0, 1, 2, 3, 4, 5, 6, 7, 9], np.int64, 10),
    (make_pairwise_products, {"n_pairs": 4}, None, np.float64, 8),
    (
        make_madelon,
        {"n_informative": 3, "n_redundant": 2},
        [0, 1, 2, 3, 4],
        np.int64,
        5,
    ),
    (make_friedman, {}, [0, 1, 2, 3, 4], np.float64, 5),
    (make_correlated, {"n_copies": 2}, [0, 1], np.float64, 6),
    (make_two_moons, {}, [0, 1], np.int64, 2),
    (make_rare_flag, {}, [0, 1, 2, 3], np.int64, 5),
    (make_categorical_interaction, {}, [0, 1, 2, 3, 4], np.int64, 5),
]
IDS = [g[0].__name__ for g in GENERATORS]
# generators whose signal columns and target do not depend on n_features
PADDED = {
    make_xor,
    make_parity,
    make_orange_skin,
    make_nonlinear_additive,
    make_switch,
    make_pairwise_products,
    make_correlated,
    make_two_moons,
    make_rare_flag,
    make_categorical_interaction,
}


# ---------------------------------------------------------------------------
# Common behaviour of every generator
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "gen, kwargs, relevant, y_dtype, min_features", GENERATORS, ids=IDS
)
def test_shapes_and_dtypes(gen, kwargs, relevant, y_dtype, min_features):
    n_features = min_features + 7
    X, y, rel = gen(n_samples=123, n_features=n_features, random_state=0, **kwargs)
    assert X.shape == (123, n_features)
    assert X.dtype == np.float64
    assert y.shape == (123,)
    assert y.dtype == y_dtype
    assert rel.dtype == np.int64
    assert np.all(np.diff(rel) > 0)
    assert rel.min() >= 0 and rel.max() < n_features
    if relevant is not None:
        np.testing.assert_array_equal(rel, relevant)
    assert np.all(np.isfinite(X)) and np.all(np.isfinite(y))
    if y_dtype == np.int64:
        assert set(np.unique(y)) <= {0, 1}


@pytest.mark.parametrize(
    "gen, kwargs, relevant, y_dtype, min_features", GENERATORS, ids=IDS
)
def test_smallest_sizes(gen, kwargs, relevant, y_dtype, min_features):
    X, y, rel = gen(n_samples=1, n_features=min_features, random_state=0, **kwargs)
    assert X.shape == (1, min_features)
    assert y.shape == (1,)


@pytest.mark.parametrize(
    "gen, kwargs, relevant, y_dtype, min_features", GENERATORS, ids=IDS
)
def test_seeding(gen, kwargs, relevant, y_dtype, min_features):
    def draw(seed):
        return gen(
            n_samples=200, n_features=min_features + 3, random_state=seed, **kwargs
        )

    a, b, c = draw(0), draw(0), draw(1)
    for first, second in zip(a, b):
        np.testing.assert_array_equal(first, second)
    assert not np.array_equal(a[0], c[0])
    assert not np.array_equal(a[1], c[1])
    # A RandomState instance is accepted and consumed like its seed.
    d = draw(np.random.RandomState(0))
    np.testing.assert_array_equal(a[0], d[0])
    np.testing.assert_array_equal(a[1], d[1])


@pytest.mark.parametrize(
    "gen, kwargs, relevant, y_dtype, min_features", GENERATORS, ids=IDS
)
def test_argument_validation(gen, kwargs, relevant, y_dtype, min_features):
    with pytest.raises(
        ValueError,
        match=r"'n_samples' parameter of \w+ must be an int in the range \[1, inf\)",
    ):
        gen(n_samples=0, n_features=min_features, **kwargs)
    with pytest.raises(
        ValueError, match=r"'n_samples' parameter of \w+ must be an int .*Got 10.5"
    ):
        gen(n_samples=10.5, n_features=min_features, **kwargs)
    with pytest.raises(ValueError, match="n_features=.* is smaller than the number"):
        gen(n_samples=10, n_features=min_features - 1, **kwargs)


@pytest.mark.parametrize(
    "gen, kwargs, n_core",
    [(g[0], g[1], g[4]) for g in GENERATORS if g[0] in PADDED],
    ids=[g[0].__name__ for g in GENERATORS if g[0] in PADDED],
)
def test_signal_does_not_depend_on_n_features(gen, kwargs, n_core):
    # The signal columns are drawn before the noise padding.
    X_small, y_small, rel_small = gen(
        n_samples=100, n_features=n_core + 1, random_state=3, **kwargs
    )
    X_big, y_big, rel_big = gen(n_samples=100, n_features=25, random_state=3, **kwargs)
    np.testing.assert_array_equal(X_small[:, :n_core], X_big[:, :n_core])
    np.testing.assert_array_equal(y_small, y_big)
    np.testing.assert_array_equal(rel_small, rel_big)


# ---------------------------------------------------------------------------
# XOR and parity
# ---------------------------------------------------------------------------


def test_xor_truth():
    X, y, _ = make_xor(n_samples=2000, n_features=5, random_state=0)
    np.testing.assert_array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))
    # Each relevant column alone says nothing about y.
    for j in (0, 1):
        for side in (X[:, j] > 0, X[:, j] <= 0):
            assert abs(y[side].mean() - 0.5) < 0.1


def test_xor_noise_flips_exact_share():
    X, y, _ = make_xor(n_samples=1000, n_features=3, noise=0.1, random_state=0)
    clean = (X[:, 0] > 0) ^ (X[:, 1] > 0)
    assert np.sum(y != clean) == 100


def test_xor_noise_validation():
    with pytest.raises(
        ValueError, match=r"'noise' parameter of \w+ must be a float in the range"
    ):
        make_xor(noise=1.5)
    with pytest.raises(
        ValueError, match=r"'noise' parameter of \w+ must be a float in the range"
    ):
        make_xor(noise=-0.1)


@pytest.mark.parametrize("n_relevant", [1, 2, 3, 4])
def test_parity_truth(n_relevant):
    X, y, rel = make_parity(
        n_samples=4000, n_features=6, n_relevant=n_relevant, random_state=0
    )
    np.testing.assert_array_equal(rel, np.arange(n_relevant))
    np.testing.assert_array_equal(y, (X[:, :n_relevant] > 0).sum(axis=1) % 2)
    # No proper subset of the relevant columns is informative.
    signs = X[:, :n_relevant] > 0
    for size in range(1, n_relevant):
        for subset in itertools.combinations(range(n_relevant), size):
            for cell in itertools.product([False, True], repeat=size):
                rows = np.all(signs[:, subset] == cell, axis=1)
                assert abs(y[rows].mean() - 0.5) < 0.1


def test_parity_validation():
    with pytest.raises(
        ValueError, match=r"'n_relevant' parameter of make_parity must be an int"
    ):
        make_parity(n_relevant=0)


# ---------------------------------------------------------------------------
# L2X tasks
# ---------------------------------------------------------------------------


def _orange_p(X):
    return expit(4.0 - np.sum(X[:, :4] ** 2, axis=1))


def _additive_p(X):
    log_e = (
        -100 * np.sin(0.2 * X[:, 0])
        + np.abs(X[:, 1])
        + X[:, 2]
        + np.exp(-X[:, 3])
        - 2.4
    )
    return expit(-log_e)


def _switch_p(X):
    return np.where(X[:, 9] > 0, _orange_p(X), _additive_p(X[:, 4:8]))


def _assert_calibrated(p, y, n_bins=5, tol=0.04):
    """y is Bernoulli(p): the mean of y follows the mean of p bin by bin."""
    order = np.argsort(p)
    for rows in np.array_split(order, n_bins):
        assert abs(y[rows].mean() - p[rows].mean()) < tol


@pytest.mark.parametrize(
    "gen, prob",
    [
        (make_orange_skin, _orange_p),
        (make_nonlinear_additive, _additive_p),
        (make_switch, _switch_p),
    ],
    ids=["orange_skin", "nonlinear_additive", "switch"],
)
def test_l2x_labels_follow_the_model(gen, prob):
    X, y, _ = gen(n_samples=20000, n_features=12, random_state=0)
    _assert_calibrated(prob(X), y)


@pytest.mark.parametrize(
    "gen", [make_orange_skin, make_nonlinear_additive, make_switch]
)
def test_l2x_relevant_columns_predict_far_better(gen):
    X, y, rel = gen(n_samples=2000, n_features=20, random_state=0)
    irrelevant = np.setdiff1d(np.arange(X.shape[1]), rel)[: len(rel)]

    def holdout_accuracy(cols):
        model = RandomForestClassifier(
            n_estimators=50, min_samples_leaf=5, random_state=0
        )
        model.fit(X[:1500, cols], y[:1500])
        return model.score(X[1500:, cols], y[1500:])

    acc_relevant = holdout_accuracy(rel)
    acc_irrelevant = holdout_accuracy(irrelevant)
    assert acc_relevant > 0.75
    assert acc_irrelevant < 0.6
    assert acc_relevant - acc_irrelevant > 0.2


def test_switch_indicator_column():
    X, _, _ = make_switch(n_samples=2000, n_features=10, random_state=0)
    # Column 9 is a balanced mixture of N(3, 1) and N(-3, 1).
    assert abs(np.sum(X[:, 9] > 0) - 1000) < 10
    assert abs(np.abs(X[:, 9]).mean() - 3.0) < 0.1
    assert abs(X[:, 9].mean()) < 0.2
    # The other columns are untouched standard normals.
    assert np.all(np.abs(X[:, :9].mean(axis=0)) < 0.1)
    assert np.all(np.abs(X[:, :9].std(axis=0) - 1) < 0.1)


# ---------------------------------------------------------------------------
# Pairwise products
# ---------------------------------------------------------------------------


def test_pairwise_products_truth():
    X, y, rel = make_pairwise_products(
        n_samples=2000, n_features=40, n_pairs=10, random_state=0
    )
    assert rel.size % 2 == 0 and rel.size >= 2
    starts = rel[::2]
    np.testing.assert_array_equal(rel[1::2], starts + 1)
    assert np.all(starts % 2 == 0)
    # y is exactly the sum of the active products ...
    np.testing.assert_allclose(y, np.sum(X[:, starts] * X[:, starts + 1], axis=1))
    # ... but no relevant column is correlated with y on its own.
    for j in rel:
        assert abs(np.corrcoef(X[:, j], y)[0, 1]) < 0.1


def test_pairwise_products_selection_is_random():
    sets = {
        tuple(make_pairwise_products(n_samples=5, random_state=s)[2]) for s in range(10)
    }
    assert len(sets) > 1
    # The first pair has probability 1 of being active.
    assert all(s[:2] == (0, 1) for s in sets)


def test_pairwise_products_noise():
    X, y, rel = make_pairwise_products(
        n_samples=2000, n_features=20, n_pairs=5, random_state=0
    )
    X_n, y_n, rel_n = make_pairwise_products(
        n_samples=2000, n_features=20, n_pairs=5, noise=0.5, random_state=0
    )
    np.testing.assert_array_equal(X[:, :10], X_n[:, :10])
    np.testing.assert_array_equal(rel, rel_n)
    assert abs(np.std(y_n - y) - 0.5) < 0.05


def test_pairwise_products_validation():
    with pytest.raises(
        ValueError,
        match=r"'n_pairs' parameter of make_pairwise_products must be an int",
    ):
        make_pairwise_products(n_pairs=0)
    with pytest.raises(
        ValueError, match=r"'noise' parameter of \w+ must be a float in the range"
    ):
        make_pairwise_products(noise=-1.0)


# ---------------------------------------------------------------------------
# Madelon and Friedman
# ---------------------------------------------------------------------------


def test_madelon_layout():
    X, y, rel = make_madelon(
        n_samples=500, n_features=30, n_informative=5, n_redundant=4, random_state=0
    )
    np.testing.assert_array_equal(rel, np.arange(9))
    # The rows are shuffled (make_classification(shuffle=False) sorts them).
    assert 0.35 < y[:250].mean() < 0.65
    informative, redundant, noise = X[:, :5], X[:, 5:9], X[:, 9:]
    # Redundant columns are exact linear combinations of the informative ones.
    coef, *_ = np.linalg.lstsq(informative, redundant, rcond=None)
    np.testing.assert_allclose(informative @ coef, redundant, atol=1e-8)
    # Noise columns are not.
    coef, *_ = np.linalg.lstsq(informative, noise, rcond=None)
    assert np.min(np.std(noise - informative @ coef, axis=0)) > 0.5
    # The informative columns separate the classes, the noise columns do not.
    for cols, low, high in [(slice(0, 5), 0.8, 1.0), (slice(9, 14), 0.0, 0.65)]:
        model = KNeighborsClassifier(n_neighbors=15).fit(X[:400, cols], y[:400])
        assert low <= model.score(X[400:, cols], y[400:]) <= high


def test_madelon_validation():
    with pytest.raises(
        ValueError, match=r"'n_informative' parameter of make_madelon must be an int"
    ):
        make_madelon(n_informative=0)
    with pytest.raises(
        ValueError, match=r"'n_redundant' parameter of make_madelon must be an int"
    ):
        make_madelon(n_redundant=-1)
    with pytest.raises(ValueError, match="n_clusters_per_class"):
        make_madelon(n_informative=1, n_clusters_per_class=2)
    with pytest.raises(
        ValueError,
        match=r"'flip_y' parameter of make_madelon must be a float in the range",
    ):
        make_madelon(flip_y=2.0)


def test_friedman_truth():
    X, y, rel = make_friedman(n_samples=500, n_features=12, random_state=0)
    np.testing.assert_array_equal(rel, np.arange(5))
    expected = (
        10 * np.sin(np.pi * X[:, 0] * X[:, 1])
        + 20 * (X[:, 2] - 0.5) ** 2
        + 10 * X[:, 3]
        + 5 * X[:, 4]
    )
    np.testing.assert_allclose(y, expected)
    assert X.min() >= 0.0 and X.max() <= 1.0
    with pytest.raises(
        ValueError, match=r"'noise' parameter of \w+ must be a float in the range"
    ):
        make_friedman(noise=-0.5)


# ---------------------------------------------------------------------------
# Correlated decoys and two moons
# ---------------------------------------------------------------------------


def test_correlated_truth():
    X, y, rel, copies = make_correlated(
        n_samples=5000,
        n_features=12,
        n_copies=3,
        rho=0.9,
        noise=0.0,
        return_copies=True,
        random_state=0,
    )
    np.testing.assert_array_equal(rel, [0, 1])
    np.testing.assert_array_equal(copies, np.arange(2, 8))
    assert copies.dtype == np.int64
    x0, x1 = X[:, 0], X[:, 1]
    np.testing.assert_allclose(y, x0 + np.sin(2 * x1) + x0 * x1)
    corr = np.corrcoef(X, rowvar=False)
    for k, j in enumerate(copies):
        driver = 0 if k < 3 else 1
        assert abs(corr[driver, j] - 0.9) < 0.02
        assert abs(corr[1 - driver, j]) < 0.05
        assert abs(X[:, j].std() - 1.0) < 0.05
    # The padding is independent of the drivers.
    assert np.all(np.abs(corr[:2, 8:]) < 0.05)


def test_correlated_default_returns_three():
    out = make_correlated(n_samples=10, random_state=0)
    assert len(out) == 3


def test_correlated_noise_and_exact_copies():
    X, y, _ = make_correlated(
        n_samples=4000, n_features=6, n_copies=2, rho=1.0, noise=0.3, random_state=0
    )
    np.testing.assert_array_equal(X[:, 2], X[:, 0])
    np.testing.assert_array_equal(X[:, 5], X[:, 1])
    residual = y - (X[:, 0] + np.sin(2 * X[:, 1]) + X[:, 0] * X[:, 1])
    assert abs(residual.std() - 0.3) < 0.02


def test_correlated_validation():
    with pytest.raises(
        ValueError,
        match=r"'rho' parameter of make_correlated must be a float in the range",
    ):
        make_correlated(rho=1.5)
    with pytest.raises(
        ValueError, match=r"'n_copies' parameter of make_correlated must be an int"
    ):
        make_correlated(n_copies=-1)
    with pytest.raises(ValueError, match="n_features=5 is smaller"):
        make_correlated(n_features=5, n_copies=2)


def test_two_moons_truth():
    X, y, _ = make_two_moons(n_samples=1000, n_features=10, noise=0.1, random_state=0)
    np.testing.assert_allclose(X[:, :2].mean(axis=0), 0.0, atol=1e-12)
    np.testing.assert_allclose(X[:, :2].std(axis=0), 1.0)
    assert y.mean() == 0.5

    def holdout_accuracy(cols):
        model = KNeighborsClassifier(n_neighbors=5).fit(X[:800, cols], y[:800])
        return model.score(X[800:, cols], y[800:])

    assert holdout_accuracy([0, 1]) > 0.95
    assert holdout_accuracy([2, 3]) < 0.65


# ---------------------------------------------------------------------------
# Probes
# ---------------------------------------------------------------------------


def _is_permutation_of(a, b):
    return np.array_equal(np.sort(a), np.sort(b))


def test_add_probes_defaults():
    rng = np.random.RandomState(0)
    X = rng.standard_normal((300, 4)) * [1.0, 10.0, 100.0, 1000.0]
    X_before = X.copy()
    X_new, is_probe = add_probes(X, random_state=0)
    np.testing.assert_array_equal(X, X_before)  # not modified in place
    assert X_new.shape == (300, 12)
    assert X_new.dtype == np.float64
    np.testing.assert_array_equal(is_probe, [False] * 4 + [True] * 8)
    np.testing.assert_array_equal(X_new[:, :4], X)
    noise = X_new[:, 4:8]
    assert np.all(np.abs(noise.mean(axis=0)) < 0.2)
    assert np.all(np.abs(noise.std(axis=0) - 1.0) < 0.15)
    # As many shadows as columns: every column is used once, in order.
    for k in range(4):
        shadow = X_new[:, 8 + k]
        assert _is_permutation_of(shadow, X[:, k])
        assert not np.array_equal(shadow, X[:, k])
    # Each shadow has its own permutation.
    orders = [np.argsort(X_new[:, 8 + k]) for k in range(4)]
    assert not np.array_equal(orders[0], orders[1])


def test_add_probes_fewer_shadows_uses_distinct_columns():
    X = np.random.RandomState(1).standard_normal((50, 6))
    X_new, is_probe = add_probes(X, n_noise=0, n_permuted=3, random_state=0)
    assert X_new.shape == (50, 9)
    assert is_probe.sum() == 3
    sources = []
    for k in range(6, 9):
        matches = [j for j in range(6) if _is_permutation_of(X_new[:, k], X[:, j])]
        assert len(matches) == 1
        sources.extend(matches)
    assert len(set(sources)) == 3


def test_add_probes_more_shadows_cycles():
    X = np.random.RandomState(2).standard_normal((40, 3))
    X_new, is_probe = add_probes(X, n_noise=2, n_permuted=7, random_state=0)
    assert X_new.shape == (40, 12)
    np.testing.assert_array_equal(is_probe, [False] * 3 + [True] * 9)
    for k in range(7):
        assert _is_permutation_of(X_new[:, 5 + k], X[:, k % 3])


def test_add_probes_accepts_lists_and_seeds():
    X = [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    a, mask = add_probes(X, random_state=0)
    b, _ = add_probes(X, random_state=0)
    c, _ = add_probes(X, random_state=1)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert a.shape == (3, 6)
    assert mask.dtype == bool
    X0, mask0 = add_probes(X, n_noise=0, n_permuted=0)
    np.testing.assert_array_equal(X0, X)
    assert not mask0.any()


def test_add_probes_validation():
    X = np.ones((5, 2))
    with pytest.raises(
        ValueError,
        match=r"'n_noise' parameter of \w+ must be an int in the range \[0, inf\)",
    ):
        add_probes(X, n_noise=-1)
    with pytest.raises(
        ValueError, match=r"'n_permuted' parameter of add_probes must be an int"
    ):
        add_probes(X, n_permuted=1.5)
    with pytest.raises(ValueError, match="2D array"):
        add_probes(np.ones(5))


@pytest.mark.parametrize(
    "name, n_samples, n_real, task",
    [
        ("breast_cancer", 569, 30, "classification"),
        ("wine", 178, 13, "classification"),
        ("diabetes", 442, 10, "regression"),
        ("digits", 1797, 61, "classification"),
    ],
)
def test_load_with_probes(name, n_samples, n_real, task):
    data = load_with_probes(name)
    assert data.data.shape == (n_samples, 3 * n_real)
    assert data.data.dtype == np.float64
    assert data.target.shape == (n_samples,)
    assert data.task == task
    assert data.target.dtype == (np.int64 if task == "classification" else np.float64)
    np.testing.assert_array_equal(data.relevant, np.arange(n_real))
    assert data.relevant.dtype == np.int64
    np.testing.assert_array_equal(data.is_probe, np.arange(3 * n_real) >= n_real)
    names = list(data.feature_names)
    assert len(names) == 3 * n_real
    assert names[n_real : 2 * n_real] == [f"noise_{k}" for k in range(n_real)]
    assert names[2 * n_real :] == [f"perm_{n}" for n in names[:n_real]]
    for k in range(n_real):
        assert _is_permutation_of(data.data[:, 2 * n_real + k], data.data[:, k])
    # No constant real column (digits has some before they are dropped).
    assert np.all(np.ptp(data.data[:, :n_real], axis=0) > 0)
    assert isinstance(data.DESCR, str) and name in data.DESCR
    again = load_with_probes(name, random_state=0)
    np.testing.assert_array_equal(data.data, again.data)


def test_load_with_probes_unknown_name():
    with pytest.raises(ValueError, match="Unknown data set 'iris'"):
        load_with_probes("iris")


def test_load_demo():
    data = load_demo()
    assert data.data.shape == (569, 40)
    assert data.target.shape == (569,)
    assert set(np.unique(data.target)) == {0, 1}
    assert data.task == "classification"
    np.testing.assert_array_equal(data.relevant, np.arange(30))
    np.testing.assert_array_equal(data.is_probe, np.arange(40) >= 30)
    assert list(data.feature_names[30:]) == [f"noise_{k}" for k in range(10)]
    assert data.feature_names[0] == "mean radius"
    assert not np.array_equal(data.data, load_demo(random_state=1).data)
    np.testing.assert_array_equal(data.data, load_demo().data)


# ---------------------------------------------------------------------------
# Rare flag and categorical interaction
# ---------------------------------------------------------------------------


def _holdout_log_loss(F, y):
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss

    half = len(y) // 2
    model = LogisticRegression(C=100.0, max_iter=1000).fit(F[:half], y[:half])
    return log_loss(y[half:], model.predict_proba(F[half:]))


def test_rare_flag_layout_and_truth():
    X, y, rel = make_rare_flag(n_samples=20000, n_features=12, random_state=0)
    np.testing.assert_array_equal(rel, [0, 1, 2, 3])
    flag, decoy = X[:, 0], X[:, 4]
    # Flag and decoy: 0/1, set in exactly 2% of the rows; independent rows.
    assert set(np.unique(flag)) == {0.0, 1.0} and set(np.unique(decoy)) == {0.0, 1.0}
    assert flag.sum() == decoy.sum() == 400
    assert (flag * decoy).sum() < 40
    # Where the flag is set it settles the outcome; elsewhere y follows the
    # logistic model on the ordinary columns.
    assert y[flag == 1].all()
    off = flag == 0
    prob = expit(X[off, 1:4].sum(axis=1) - 1.0)
    _assert_calibrated(prob, y[off])
    assert 0.2 < y[off].mean() < 0.5
    # The decoy has no effect: the positive rate is the same on both sides.
    assert abs(y[decoy == 1].mean() - y[decoy == 0].mean()) < 0.1
    # A model with the flag beats the same model without it by a clear margin;
    # adding the decoy instead of the flag gains nothing.
    with_flag = _holdout_log_loss(X[:, [0, 1, 2, 3]], y)
    without = _holdout_log_loss(X[:, [1, 2, 3]], y)
    with_decoy = _holdout_log_loss(X[:, [1, 2, 3, 4]], y)
    assert without - with_flag > 0.02
    assert abs(with_decoy - without) < 0.005


def test_rare_flag_rate_and_validation():
    X, y, _ = make_rare_flag(n_samples=1000, flag_rate=0.1, n_decoys=0, random_state=1)
    assert X[:, 0].sum() == 100 and y[X[:, 0] == 1].all()
    X, _, rel = make_rare_flag(n_samples=50, n_features=3, n_ordinary=2, n_decoys=0)
    np.testing.assert_array_equal(rel, [0, 1, 2])
    assert X[:, 0].sum() == 1  # at least one row is flagged
    with pytest.raises(
        ValueError,
        match=r"'flag_rate' parameter of make_rare_flag must be a float in the range",
    ):
        make_rare_flag(flag_rate=0.0)
    with pytest.raises(
        ValueError,
        match=r"'flag_rate' parameter of make_rare_flag must be a float in the range",
    ):
        make_rare_flag(flag_rate=1.5)
    with pytest.raises(
        ValueError, match=r"'n_decoys' parameter of make_rare_flag must be an int"
    ):
        make_rare_flag(n_decoys=-1)


def test_categorical_interaction_layout_and_truth():
    X, y, rel = make_categorical_interaction(
        n_samples=20000, n_features=10, random_state=0
    )
    np.testing.assert_array_equal(rel, [0, 1, 2, 3, 4])
    onehot, x = X[:, :4], X[:, 4]
    assert set(np.unique(onehot)) == {0.0, 1.0}
    np.testing.assert_array_equal(onehot.sum(axis=1), 1.0)
    level = onehot.argmax(axis=1)
    slopes = np.array([-1.0, 1.0 / 3.0, 5.0 / 3.0, 3.0])
    _assert_calibrated(expit(slopes[level] * x), y)
    # No level shifts the positive rate on its own.
    for lev in range(4):
        assert abs(y[level == lev].mean() - 0.5) < 0.05
    # The interaction columns predict far better than x alone or x plus the
    # levels as additive terms, and those beat the noise columns.
    interaction = _holdout_log_loss(onehot * x[:, None], y)
    x_only = _holdout_log_loss(x[:, None], y)
    additive = _holdout_log_loss(X[:, :5], y)
    noise = _holdout_log_loss(X[:, 5:], y)
    assert x_only - interaction > 0.05
    assert additive - interaction > 0.05
    assert noise - x_only > 0.01


def test_categorical_interaction_levels_and_validation():
    X, y, rel = make_categorical_interaction(
        n_samples=300, n_features=8, n_levels=2, strength=2.0, random_state=0
    )
    np.testing.assert_array_equal(rel, [0, 1, 2])
    np.testing.assert_array_equal(X[:, :2].sum(axis=1), 1.0)
    with pytest.raises(
        ValueError,
        match=r"'n_levels' parameter of \w+ must be an int in the range \[2, inf\)",
    ):
        make_categorical_interaction(n_levels=1)
    with pytest.raises(
        ValueError,
        match=r"'strength' parameter of \w+ must be a float in the range",
    ):
        make_categorical_interaction(strength=0.0)
    with pytest.raises(ValueError, match="n_features=4 is smaller"):
        make_categorical_interaction(n_features=4)


# ---------------------------------------------------------------------------
# Task registry
# ---------------------------------------------------------------------------


def test_task_names():
    assert TASK_NAMES == (
        "xor",
        "parity3",
        "orange_skin",
        "nonlinear_additive",
        "switch",
        "pairwise_products",
        "madelon",
        "friedman",
        "correlated",
        "two_moons",
        "rare_flag",
        "cat_interaction",
    )
    assert tuple(BENCHMARK_TASKS) == TASK_NAMES
    for name, task in BENCHMARK_TASKS.items():
        assert task.name == name
        assert task.task_type in ("classification", "regression")


@pytest.mark.parametrize("name", TASK_NAMES)
def test_make_task(name):
    X, y, relevant, task_type = make_task(name, n_samples=60)
    assert X.shape[0] == 60 and y.shape == (60,)
    assert X.dtype == np.float64 and relevant.dtype == np.int64
    assert task_type == BENCHMARK_TASKS[name].task_type
    if task_type == "classification":
        assert y.dtype == np.int64
    else:
        assert y.dtype == np.float64
    # Seeded by default, and the overrides reach the generator.
    X2, y2, _, _ = make_task(name, n_samples=60)
    np.testing.assert_array_equal(X, X2)
    X3, *_ = make_task(name, random_state=1, n_samples=60, n_features=45)
    assert X3.shape == (60, 45)
    # The call syntax of the registry entries matches make_task.
    X4, *_ = BENCHMARK_TASKS[name](n_samples=60)
    np.testing.assert_array_equal(X, X4)


def test_make_task_parity3_and_errors():
    _, _, relevant, _ = make_task("parity3", n_samples=10)
    np.testing.assert_array_equal(relevant, [0, 1, 2])
    with pytest.raises(ValueError, match="Unknown task 'nope'"):
        make_task("nope")
    with pytest.raises(ValueError, match="return_copies"):
        make_task("correlated", return_copies=True)
    with pytest.raises(TypeError):
        make_task("xor", not_an_argument=1)
