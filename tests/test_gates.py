"""Gate types: deterministic, stochastic (STG) and concrete (dropout ranking)."""

import numpy as np
import pytest
import torch
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs.network import GATES, ConcreteGate, GatedEnsembleMLP, StochasticGate

TARGETS = ["binary_data", "multiclass_data", "multilabel_data", "regression2_data"]


@pytest.mark.parametrize("gate", sorted(GATES))
@pytest.mark.parametrize("data", TARGETS)
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_every_gate_fits_every_target(gate, data, request, fast_params):
    X, y = request.getfixturevalue(data)
    selector = DeepFeatureSelector(**fast_params, gate=gate).fit(X, y)
    assert selector.importances_.shape == (fast_params["n_estimators"], X.shape[1])
    assert np.isfinite(selector.importances_).all()
    np.testing.assert_allclose(selector.importances_.sum(1), 1.0, rtol=1e-5)
    assert selector.transform(X).shape[0] == X.shape[0]


@pytest.mark.parametrize("gate", ["stochastic", "concrete"])
def test_random_gates_are_deterministic_in_evaluation(gate):
    module = GatedEnsembleMLP(2, 5, 1, hidden_layer_sizes=(4,), gate=gate).eval()
    X = torch.randn(10, 5)
    torch.testing.assert_close(module(X), module(X))
    module.train()
    Xm = X.expand(2, 10, 5)
    assert not torch.equal(module(Xm), module(Xm))  # fresh noise per call


def test_stochastic_gate_importance_is_the_open_probability():
    gate = StochasticGate(1, 3, sigma=0.5)
    with torch.no_grad():
        gate.weight.copy_(torch.tensor([[-1.0, 0.0, 1.0]]))
    p = gate.gate_values()
    torch.testing.assert_close(p, torch.special.ndtr(gate.weight / 0.5).detach())
    assert p[0, 0] < 0.05 and abs(p[0, 1] - 0.5) < 1e-6 and p[0, 2] > 0.95
    # The penalty counts expected open gates.
    torch.testing.assert_close(gate.penalty(l1=2.0), 2.0 * p.sum(1))
    # A closed gate (mu <= 0) lets nothing through in evaluation.
    out = gate.eval().forward(torch.ones(1, 4, 3))
    assert torch.all(out[..., 0] == 0)


def test_concrete_gate_importance_is_the_keep_probability():
    gate = ConcreteGate(2, 4, init=0.9)
    torch.testing.assert_close(gate.gate_values(), torch.full((2, 4), 0.9))
    torch.testing.assert_close(gate.penalty(l1=1.0), torch.full((2,), 3.6))


def test_training_noise_of_a_stochastic_gate_reaches_the_features():
    """In training the per-row noise must be used, not the folded kernel."""
    module = GatedEnsembleMLP(1, 3, 1, hidden_layer_sizes=(4,), gate="stochastic")
    module.train()
    X = torch.ones(1, 2000, 3)
    with torch.no_grad():
        module.gate.weight.fill_(0.0)  # closed at the mean, open half the time
    torch.manual_seed(0)
    z = module.gate(X)
    assert 0.35 < (z > 0).float().mean() < 0.65


@pytest.mark.slow
@pytest.mark.parametrize("gate", ["stochastic", "concrete"])
def test_random_gates_find_the_xor_pair(xor_data, gate):
    X, y, relevant = xor_data
    selector = DeepFeatureSelector(
        n_estimators=8, gate=gate, random_state=0, device="cpu"
    ).fit(X, y)
    fi = selector.feature_importances_
    assert set(np.argsort(fi)[-2:]) == set(relevant)
    assert roc_auc_score(np.isin(np.arange(X.shape[1]), relevant), fi) == 1.0
