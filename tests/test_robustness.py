"""Members that diverge, and other hostile conditions during training."""

import numpy as np
import pytest
import torch

from skdfs import DeepFeatureSelector, DivergenceWarning
from skdfs.training import MemberEarlyStopping


@pytest.fixture(scope="module")
def regression_data():
    rng = np.random.RandomState(0)
    X = rng.standard_normal((300, 5))
    return X, 3 * X[:, 0] + rng.standard_normal(300)


def test_all_members_diverging_raises_with_advice(regression_data):
    X, y = regression_data
    selector = DeepFeatureSelector(
        n_estimators=4, lr=1e8, max_epochs=10, random_state=0, device="cpu"
    )
    with pytest.raises(
        RuntimeError, match="all 4 members diverged.*lower the learning"
    ):
        selector.fit(X, y)


@pytest.fixture
def poison_member_zero(monkeypatch):
    """Set member 0's first kernel to NaN after the first epoch."""
    original = MemberEarlyStopping.on_epoch_end

    def on_epoch_end(self, net, **kwargs):
        original(self, net, **kwargs)
        if len(net.history) == 1:
            with torch.no_grad():
                net.module_.hidden[0].weight[0] = float("nan")

    monkeypatch.setattr(MemberEarlyStopping, "on_epoch_end", on_epoch_end)


def test_a_diverged_member_is_discarded_with_a_warning(
    regression_data, fast_params, poison_member_zero
):
    X, y = regression_data
    params = dict(fast_params, patience=3, max_epochs=8)
    with pytest.warns(DivergenceWarning, match="1 of 4 members diverged"):
        selector = DeepFeatureSelector(**params).fit(X, y)
    assert selector.n_diverged_ == 1
    np.testing.assert_array_equal(
        selector.member_diverged_, [True, False, False, False]
    )
    assert not selector.members_used_[0]
    assert np.isfinite(selector.feature_importances_).all()
    assert np.isfinite(selector.feature_importances_std_).all()
    assert np.isfinite(selector.importances_).all()


def test_no_divergence_in_a_normal_fit(regression_data, fast_params):
    X, y = regression_data
    selector = DeepFeatureSelector(**fast_params).fit(X, y)
    assert selector.n_diverged_ == 0
    assert not selector.member_diverged_.any()
