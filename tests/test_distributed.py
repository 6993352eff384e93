"""A real Dask cluster: ``n_jobs`` groups and whole searches on its workers.

The cluster is local (two worker processes, one thread each) but talks over
TCP like a multi-machine one, so everything sent to the workers is pickled
and everything that comes back is joined on the client, as in
``docs/scaling.rst``.
"""

import joblib
import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from skdfs import DeepFeatureSelector

distributed = pytest.importorskip("distributed")

TOL = dict(rtol=1e-5, atol=1e-7)

PARAMS = dict(
    n_estimators=4,
    hidden_layer_sizes=(8,),
    max_epochs=5,
    patience=None,
    batch_size=32,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address=None,
    )
    try:
        with distributed.Client(cluster) as client:
            yield client
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=160, n_features=6, n_informative=3, random_state=0
    )


def test_member_groups_on_dask_workers_match_a_local_fit(client, data):
    X, y = data
    local = DeepFeatureSelector(**PARAMS, n_jobs=1).fit(X, y)
    with joblib.parallel_backend("dask"):
        remote = DeepFeatureSelector(**PARAMS, n_jobs=2).fit(X, y)
    assert_allclose(remote.importances_, local.importances_, **TOL)
    assert_allclose(remote.member_scores_, local.member_scores_, **TOL)
    np.testing.assert_array_equal(remote.get_support(), local.get_support())
    assert remote.net_.module_.n_members == PARAMS["n_estimators"]


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_grid_search_of_a_pipeline_on_dask_matches_a_local_search(client, data):
    X, y = data
    pipe = Pipeline(
        [("select", DeepFeatureSelector(**PARAMS)), ("clf", LogisticRegression())]
    )
    grid = {"select__threshold": ["mean", "median"], "select__n_estimators": [2, 4]}
    local = GridSearchCV(pipe, grid, cv=2).fit(X, y)
    with joblib.parallel_backend("dask"):
        remote = GridSearchCV(pipe, grid, cv=2, n_jobs=-1).fit(X, y)
    for key in ("split0_test_score", "split1_test_score", "mean_test_score"):
        assert_allclose(remote.cv_results_[key], local.cv_results_[key], **TOL)
    assert remote.best_params_ == local.best_params_
    best, best_local = (
        s.best_estimator_.named_steps["select"] for s in (remote, local)
    )
    assert_allclose(best.feature_importances_, best_local.feature_importances_, **TOL)
