"""Shared fixtures: seeding, thread limits, small data sets, fast settings."""

import os

import numpy as np
import pytest
import torch
from sklearn.datasets import (
    make_classification,
    make_friedman1,
    make_multilabel_classification,
    make_regression,
)

# Settings that fit an ensemble in a fraction of a second on small data. The
# learning rate is raised from the default 1e-3 so that five epochs are enough
# for the members to beat a constant predictor (no NoLearningWarning noise).
FAST = dict(
    n_estimators=4,
    hidden_layer_sizes=(16,),
    max_epochs=5,
    patience=None,
    batch_size=32,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


@pytest.fixture
def fast_params():
    """A fresh copy of :data:`FAST`, safe to modify in a test."""
    return dict(FAST)


@pytest.fixture(scope="session", autouse=True)
def _one_torch_thread_per_xdist_worker():
    """Under pytest-xdist, give each worker a single torch thread.

    Several workers each using all cores oversubscribe the CPU and make the
    suite slower, not faster. Without xdist torch keeps its own default.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(autouse=True)
def _seed_global_rngs():
    """Seed numpy's global RNG and torch's, so no test depends on test order."""
    np.random.seed(0)  # noqa: NPY002 - the legacy global RNG is what we seed
    torch.manual_seed(0)


# --------------------------------------------------------------------- data
@pytest.fixture(scope="module")
def xor_data():
    """600 x 12 Gaussian features; ``y = (x0 > 0) xor (x1 > 0)``.

    Returns ``(X, y, relevant)`` with ``relevant == [0, 1]``. Neither relevant
    feature is marginally related to ``y``: only an interaction model finds them.
    """
    rng = np.random.RandomState(0)
    X = rng.standard_normal((600, 12))
    y = ((X[:, 0] > 0) ^ (X[:, 1] > 0)).astype(np.int64)
    return X, y, np.array([0, 1])


@pytest.fixture(scope="module")
def friedman_data():
    """Friedman #1 regression, 600 x 12; returns ``(X, y, relevant)``, 0..4."""
    X, y = make_friedman1(n_samples=600, n_features=12, random_state=0)
    return X, y, np.arange(5)


@pytest.fixture(scope="module")
def binary_data():
    """200 x 6 well separated binary classification data ``(X, y)``."""
    return make_classification(
        n_samples=200,
        n_features=6,
        n_informative=3,
        n_redundant=0,
        class_sep=2.0,
        random_state=0,
    )


@pytest.fixture(scope="module")
def multiclass_data():
    """240 x 6 three-class data ``(X, y)``."""
    return make_classification(
        n_samples=240,
        n_features=6,
        n_informative=4,
        n_redundant=0,
        n_classes=3,
        n_clusters_per_class=1,
        class_sep=2.0,
        random_state=0,
    )


@pytest.fixture(scope="module")
def multilabel_data():
    """200 x 6 features with a 3-label indicator matrix ``(X, Y)``."""
    return make_multilabel_classification(
        n_samples=200, n_features=6, n_classes=3, random_state=0
    )


@pytest.fixture(scope="module")
def regression2_data():
    """200 x 6 features with two real targets ``(X, Y)``."""
    return make_regression(
        n_samples=200,
        n_features=6,
        n_informative=3,
        n_targets=2,
        noise=1.0,
        random_state=0,
    )
