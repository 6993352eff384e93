"""The low-signal warning: members that barely beat a constant predictor or
disagree on the ranking."""

import warnings

import numpy as np
import pytest

import skdfs
from skdfs import DeepFeatureSelector, LowSignalWarning
from skdfs.selection import low_signal_message, member_agreement

PARAMS = dict(n_estimators=8, hidden_layer_sizes=(16,), max_steps=300, device="cpu")


def test_warning_is_exported():
    assert issubclass(skdfs.LowSignalWarning, UserWarning)
    assert "LowSignalWarning" in skdfs.__all__


def test_pure_noise_target_warns():
    rng = np.random.RandomState(0)
    X = rng.standard_normal((400, 10))
    y = rng.standard_normal(400)
    sel = DeepFeatureSelector(random_state=0, **PARAMS)
    with pytest.warns(LowSignalWarning, match="permutation.*hidden_layer_sizes"):
        sel.fit(X, y)


def test_easy_task_does_not_warn(xor_data):
    X, y, _ = xor_data
    with warnings.catch_warnings():
        warnings.simplefilter("error", LowSignalWarning)
        DeepFeatureSelector(random_state=0, **PARAMS).fit(X, y)


def test_member_agreement():
    same = np.tile([0.7, 0.2, 0.1, 0.0], (5, 1))
    assert member_agreement(same) == pytest.approx(1.0)
    rng = np.random.RandomState(0)
    assert abs(member_agreement(rng.rand(40, 50))) < 0.05
    assert np.isnan(member_agreement(same[:1]))


@pytest.mark.parametrize(
    "scores, importances, symptom",
    [
        ([0.69, 0.68], [[0.9, 0.1], [0.8, 0.2]], "barely beat"),
        ([0.3, 0.3], [[0.9, 0.1, 0.0], [0.0, 0.1, 0.9]], "disagree"),
    ],
)
def test_low_signal_message_names_symptom(scores, importances, symptom):
    message = low_signal_message(scores, [0.69, 0.69], importances)
    assert symptom in message
    assert "max_steps" in message


def test_low_signal_message_none_when_clear():
    assert (
        low_signal_message([0.3, 0.3], [0.69, 0.69], [[0.9, 0.1], [0.8, 0.2]]) is None
    )
