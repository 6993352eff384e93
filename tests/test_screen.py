"""The screen of wide tables: train on every input, keep the top gates, retrain."""

import numpy as np
import pytest
import torch

import skdfs
from skdfs import DeepFeatureSelector
from skdfs._schedule import SCREEN_ROWS_PER_INPUT, resolve_screen
from skdfs.datasets import make_task
from skdfs.network import FeatureGate, GatedEnsembleMLP


@pytest.mark.parametrize(
    "screen, n_train, n_inputs, expected",
    [
        ("auto", 200, 500, 200 // SCREEN_ROWS_PER_INPUT),
        ("auto", 200, 50, None),  # not fewer than the inputs: no screen
        ("auto", 2, 10, 1),  # at least one input
        (7, 1000, 20, 7),
        (20, 1000, 20, None),
        (None, 10, 1000, None),
    ],
)
def test_resolve_screen(screen, n_train, n_inputs, expected):
    assert resolve_screen(screen, n_train, n_inputs) == expected


def test_closed_gates_stay_at_zero_through_training():
    keep = [True, False, True, False]
    module = GatedEnsembleMLP(3, 4, 1, hidden_layer_sizes=(8,), gate_keep=keep)
    assert (module.gate.weight[:, [1, 3]] == 0).all()
    optimizer = torch.optim.Adam(module.parameters(), lr=0.1)
    X, y = torch.randn(3, 32, 4), torch.randn(3, 32, 1)
    for _ in range(5):
        optimizer.zero_grad()
        ((module(X) - y) ** 2).mean().backward()
        optimizer.step()
        module.project_()
    gates = module.gate.gate_values()
    assert (gates[:, [1, 3]] == 0).all()
    assert (gates[:, [0, 2]] > 0).all()


def test_gate_keep_checks_its_input():
    with pytest.raises(ValueError, match="keep has 3 entries for 4 gates"):
        FeatureGate(2, 4, keep=[True, False, True])
    with pytest.raises(ValueError, match="gate_keep needs gate='deterministic'"):
        GatedEnsembleMLP(2, 4, 1, gate="stochastic", gate_keep=[True] * 4)


@pytest.fixture(scope="module")
def wide_xor():
    X, y, relevant, _ = make_task("xor", random_state=0, n_samples=200, n_features=120)
    return X, y, relevant


WIDE = dict(n_estimators=8, hidden_layer_sizes=(32,), max_steps=600, random_state=0)


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")
def test_auto_screen_on_a_wide_table_keeps_a_quarter_of_the_training_rows(wide_xor):
    X, y, relevant = wide_xor
    selector = DeepFeatureSelector(**WIDE).fit(X, y)
    n_train = int(round(0.8 * len(y)))  # validation_fraction=0.2
    assert selector.n_screen_ == n_train // SCREEN_ROWS_PER_INPUT
    assert selector.screen_scores_.shape == (X.shape[1],)
    kept = selector.net_.module_.gate.keep.numpy().astype(bool)
    assert kept.sum() == selector.n_screen_
    top = np.argsort(-selector.screen_scores_, kind="stable")[: selector.n_screen_]
    np.testing.assert_array_equal(np.flatnonzero(kept), np.sort(top))
    # Inputs the screen dropped keep importance 0; the rest share the total.
    assert (selector.feature_importances_[~kept] == 0).all()
    np.testing.assert_allclose(selector.importances_.sum(axis=1), 1.0, rtol=1e-5)
    # The interaction is found after the screen (ground truth: columns 0, 1).
    ranked = np.argsort(-selector.feature_importances_)[: len(relevant)]
    assert set(ranked) == set(relevant)


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")
def test_screen_none_and_narrow_tables_train_once(wide_xor):
    X, y, _ = wide_xor
    unscreened = DeepFeatureSelector(**WIDE, screen=None).fit(X, y)
    assert unscreened.n_screen_ is None and unscreened.screen_scores_ is None
    assert unscreened.net_.module_.gate.keep is None
    # A narrow table is not screened by "auto": the same fit as screen=None.
    narrow = X[:, :20]
    auto = DeepFeatureSelector(**WIDE).fit(narrow, y)
    off = DeepFeatureSelector(**WIDE, screen=None).fit(narrow, y)
    assert auto.n_screen_ is None
    np.testing.assert_array_equal(auto.importances_, off.importances_)


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")
def test_screen_with_probes_screens_the_probes_too(wide_xor):
    X, y, _ = wide_xor
    selector = DeepFeatureSelector(**WIDE, threshold="probe", screen=30).fit(X, y)
    assert selector.n_screen_ == 30
    assert selector.screen_scores_.shape == (2 * X.shape[1],)  # features, probes
    n_open = (selector.feature_importances_ > 0).sum()
    n_open += (selector.probe_importances_.max(axis=0) > 0).sum()
    assert n_open <= 30


def test_screen_is_validated(wide_xor):
    X, y, _ = wide_xor
    with pytest.raises(ValueError, match="screen"):
        DeepFeatureSelector(screen=0).fit(X, y)


def test_screen_without_validation_rows(wide_xor):
    X, y, _ = wide_xor
    selector = DeepFeatureSelector(
        **WIDE, validation_fraction=0, patience=None, screen=20
    ).fit(X, y)
    assert selector.n_screen_ == 20
    assert (selector.feature_importances_ > 0).sum() <= 20


def test_low_signal_is_judged_on_the_first_pass():
    # Pure noise, wide: the second pass validates on rows that chose its
    # inputs and may look learned; the warning must still fire.
    rng = np.random.RandomState(0)
    X, y = rng.normal(size=(120, 200)), rng.randint(0, 2, 120)
    with pytest.warns((skdfs.LowSignalWarning, skdfs.NoLearningWarning)):
        DeepFeatureSelector(**WIDE).fit(X, y)
