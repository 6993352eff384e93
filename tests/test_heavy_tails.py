"""Heavy-tailed regression targets: ``loss="huber"`` (chosen by
``loss="auto"`` for them), the TargetWarning where squared error is asked
for, and the warning for an empty selection."""

import warnings

import numpy as np
import pytest
import torch

import skdfs
from skdfs import DeepFeatureSelector, LowSignalWarning, TargetWarning
from skdfs._targets import (
    MAX_TAIL_SHARE,
    NetTargetEncoder,
    heavy_tail_message,
    tail_share,
)
from skdfs.selection import empty_selection_message
from skdfs.training import HUBER_DELTA, EnsembleLoss

PARAMS = dict(n_estimators=8, hidden_layer_sizes=(16,), max_steps=300, device="cpu")


def outlier_table(n=600, d=8, seed=0, share=0.05):
    """``x0 + x1`` plus Gaussian noise, ``share`` of it 20 times larger."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    noise = 0.5 * rng.standard_normal(n)
    noise[rng.random(n) < share] *= 20
    return X, X[:, 0] + X[:, 1] + noise


def test_warning_is_exported():
    assert issubclass(skdfs.TargetWarning, UserWarning)
    assert "TargetWarning" in skdfs.__all__


def test_tail_share_separates_gaussian_from_outliers():
    rng = np.random.default_rng(0)
    gaussian = rng.standard_normal((5000, 1))
    assert tail_share(gaussian)[0] < 0.15
    _, y = outlier_table(n=5000)
    assert tail_share(y[:, None])[0] > MAX_TAIL_SHARE
    assert tail_share(np.zeros((10, 1)))[0] == 0.0  # constant: no deviation


def test_heavy_tail_message_names_the_remedies():
    _, y = outlier_table(n=2000)
    message = heavy_tail_message(y[:, None])
    assert "loss='huber'" in message and "logarithm" not in message
    positive = heavy_tail_message(
        np.exp(3 * np.random.default_rng(0).standard_normal((2000, 1)))
    )
    assert "logarithm" in positive
    assert (
        heavy_tail_message(np.random.default_rng(0).standard_normal((2000, 1))) is None
    )


def test_huber_centres_on_the_median_and_scales_robustly():
    _, y = outlier_table(n=2000)
    encoder = NetTargetEncoder("auto", "huber")
    targets, _ = encoder.fit_transform(y)
    assert encoder.loss_ == "huber"
    auto = NetTargetEncoder("auto", "auto")
    auto.fit_transform(y)
    assert auto.loss_ == "huber"  # heavy tails
    light = np.random.default_rng(0).standard_normal(2000)
    auto.fit_transform(light)
    assert auto.loss_ == "squared_error"
    assert np.isclose(np.median(targets), 0, atol=1e-6)
    mad = 1.4826 * np.median(np.abs(targets - np.median(targets)))
    assert np.isclose(mad, 1, atol=1e-5)
    assert encoder.tail_message_ is None  # chosen by the user: no advice
    np.testing.assert_allclose(encoder.transform(y), targets, rtol=1e-6)


def test_huber_loss_is_squared_then_linear():
    loss = EnsembleLoss("huber")
    rows = loss(torch.zeros(2, 1, 1), torch.tensor([[[0.5]], [[10.0]]])).numpy()
    assert np.isclose(rows[0], 0.5 * 0.5**2)
    assert np.isclose(rows[1], HUBER_DELTA * (10 - 0.5 * HUBER_DELTA))


@pytest.mark.parametrize("labels", [np.array([0, 1] * 20), np.array(["a", "b"] * 20)])
def test_huber_is_refused_for_class_labels(labels):
    X = np.random.default_rng(0).standard_normal((40, 3))
    with pytest.raises(ValueError, match="loss='huber' is for regression targets"):
        DeepFeatureSelector(loss="huber", **PARAMS).fit(X, labels)


def test_squared_error_warns_on_outliers_and_the_default_selects_the_truth():
    X, y = outlier_table()
    with pytest.warns(TargetWarning, match="heavy tails.*loss='huber'"):
        DeepFeatureSelector(random_state=0, loss="squared_error", **PARAMS).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TargetWarning)
        sel = DeepFeatureSelector(random_state=0, **PARAMS).fit(X, y)
    assert sel.loss_ == "huber"
    assert set(np.argsort(-sel.feature_importances_)[:2]) == {0, 1}
    assert sel.get_support()[:2].all()
    assert sel.get_support()[2:].sum() <= 1


def test_gaussian_target_does_not_warn():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((600, 8))
    y = X[:, 0] + X[:, 1] + 0.5 * rng.standard_normal(600)
    with warnings.catch_warnings():
        warnings.simplefilter("error", TargetWarning)
        DeepFeatureSelector(random_state=0, **PARAMS).fit(X, y)


def test_empty_selection_message():
    gains = np.linspace(0.1, 0.2, 32)
    message = empty_selection_message(21, 32, gains, "squared_error")
    assert message.startswith("the gate path selected no feature")
    assert "21 of the 32 members" in message and "loss='huber'" in message
    assert "threshold='probe'" in message
    assert "huber" not in empty_selection_message(21, 32, gains, "huber")
    assert empty_selection_message(21, 32, gains / 100, "squared_error") is None
    # gains no larger than chance gives (a target the columns do not predict)
    noise = np.r_[np.full(16, 0.05), np.full(16, -0.05)]
    assert empty_selection_message(21, 32, noise, "squared_error") is None


def test_an_empty_path_selection_warns_when_the_members_learned():
    X, y = outlier_table(n=1000, d=20, share=0.1)  # empty at seeds 0-5
    with pytest.warns(LowSignalWarning, match="selected no feature"):
        sel = DeepFeatureSelector(random_state=0, loss="squared_error").fit(X, y)
    assert not sel.get_support().any()
    # the default trains with Huber's loss here, and selects the two columns
    default = DeepFeatureSelector(random_state=0).fit(X, y)
    assert default.get_support()[:2].all()


def test_classes_too_rare_to_learn_from_are_named_before_training():
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, 3))
    labels = np.where(X[:, 0] > 0, "A", "B").astype(object)
    labels[0] = "a"  # a typo
    fast = dict(n_estimators=2, max_steps=5, random_state=0)
    with pytest.warns(
        TargetWarning, match=r"1 class with fewer than 5 rows \('a': 1\)"
    ):
        DeepFeatureSelector(**fast).fit(X, labels)
    counts = rng.poisson(np.exp(0.5 + 0.5 * X[:, 0]))  # a count read as classes
    with pytest.warns(TargetWarning) as caught:
        selector = DeepFeatureSelector(**fast).fit(X, counts.astype(float))
    assert selector.task_ == "classification"
    message = str(caught[0].message)
    assert (
        f"(read as {len(np.unique(counts))} classes), pass task='regression'" in message
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", TargetWarning)
        DeepFeatureSelector(task="regression", **fast).fit(X, counts.astype(float))
        DeepFeatureSelector(**fast).fit(X, labels == "A")  # two large classes
    with pytest.warns(TargetWarning) as caught:  # asked for: no count hint
        DeepFeatureSelector(task="classification", **fast).fit(X, counts)
    assert "task='regression'" not in str(caught[0].message)
