"""``input_basis``: what each feature brings to the first layer.

``"quadratic"`` adds ``x**2 - 1`` behind the feature's own gate for every
feature with more than two distinct values (``skdfs._inputs.curved_columns``);
the module side is tested in ``test_network.py``.
"""

import joblib
import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.metrics import roc_auc_score

from skdfs import DeepFeatureSelector
from skdfs._ablation import _masked_module_class
from skdfs._inputs import curved_columns, standardise
from skdfs.datasets import make_task
from skdfs.network import GatedEnsembleMLP


def test_curved_columns_leave_out_flags_one_hots_and_constants():
    rng = np.random.default_rng(0)
    X = np.column_stack(
        [
            rng.normal(size=50),  # continuous
            rng.integers(0, 2, 50),  # a flag
            np.full(50, 3.0),  # constant
            rng.integers(0, 3, 50),  # three levels: curved
            np.where(rng.random(50) < 0.1, 7.0, -2.0),  # a rare two-valued flag
        ]
    )
    X[:3, 3] = [0, 1, 2]  # all three levels present
    assert curved_columns(standardise(X)[2]).tolist() == [0, 3]
    # Blockwise work gives the same answer.
    assert curved_columns(standardise(X)[2], block_elements=60).tolist() == [0, 3]


@pytest.mark.parametrize("seed", [0, 1])
def test_quadratic_basis_ranks_features_that_act_through_their_square(seed):
    # Orange skin: y depends on the sum of the squares of 4 of 40 features.
    # The linear basis leaves 1 relevant feature out of its top 4 on both
    # seeds (AUC 0.785, 0.778 when written); the square term finds them all.
    X, y, relevant, _ = make_task(
        "orange_skin", random_state=seed, n_samples=300, n_features=40
    )
    selector = DeepFeatureSelector(
        input_basis="quadratic",
        n_estimators=8,
        hidden_layer_sizes=(16,),
        max_steps=300,
        random_state=seed,
    ).fit(X, y)
    top = np.argsort(-selector.feature_importances_)[: len(relevant)]
    assert sorted(top) == sorted(relevant)
    assert selector.feature_importances_.shape == (40,)
    assert selector.net_.module_.curved.tolist() == list(range(40))


def test_linear_basis_builds_no_square_terms(binary_data, fast_params):
    selector = DeepFeatureSelector(**fast_params, input_basis="linear")
    assert selector.fit(*binary_data).net_.module_.curved is None


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_default_basis_is_mixed(binary_data, fast_params):
    # The default: odd members quadratic, even members linear (docs/design.rst).
    selector = DeepFeatureSelector(**fast_params)
    assert selector.input_basis == "mixed"
    module = selector.fit(*binary_data).net_.module_
    assert module.curved is not None
    E = fast_params["n_estimators"]
    assert module.square_members.tolist() == [float(e % 2) for e in range(E)]


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # half the members
def test_mixed_members_grow_square_weights_from_zero():
    # The square rows start at zero in every member of a mixed module; the
    # members with square terms learn them where a feature acts through its
    # square, the linear members never do (their square terms are off).
    X, y, relevant, _ = make_task(
        "orange_skin", random_state=0, n_samples=300, n_features=12
    )
    selector = DeepFeatureSelector(
        n_estimators=4, hidden_layer_sizes=(16,), max_steps=200, random_state=0
    ).fit(X, y)
    squares = selector.net_.module_.hidden[0].weight[:, 12:].detach()
    assert squares[0::2].abs().max() == 0
    assert (squares[1::2].abs().amax(dim=(1, 2)) > 0.05).all()
    top = np.argsort(-selector.feature_importances_)[: len(relevant)]
    assert sorted(top) == sorted(relevant)


@pytest.mark.parametrize("basis", ["quadratic", "mixed"])
def test_a_fit_is_the_same_with_square_runs_forced(monkeypatch, basis):
    # On wide kernels the first layer forms its square products per run of
    # members, and leaves the linear members' zero rows out; forced on a
    # small fit (frozen members leaving the module, the gate path), the
    # results are the very same.
    X, y, _, _ = make_task("orange_skin", random_state=1, n_samples=240, n_features=9)
    params = dict(
        input_basis=basis,
        n_estimators=6,
        hidden_layer_sizes=(8, 4),
        max_steps=120,
        patience=20,
        random_state=0,
    )
    a = DeepFeatureSelector(**params).fit(X, y)
    monkeypatch.setattr(GatedEnsembleMLP, "square_runs_from", 0)
    b = DeepFeatureSelector(**params).fit(X, y)
    np.testing.assert_array_equal(a.importances_, b.importances_)
    np.testing.assert_array_equal(a.get_support(), b.get_support())
    for name, value in a.net_.module_.state_dict().items():
        assert torch.equal(value, b.net_.module_.state_dict()[name]), name


@pytest.mark.parametrize("basis", ["quadratic", "mixed"])
def test_fit_does_not_depend_on_n_jobs(binary_data, basis):
    params = dict(
        input_basis=basis,
        n_estimators=5,
        hidden_layer_sizes=(8,),
        max_steps=60,
        batch_size=32,
        random_state=0,
        device="cpu",
    )
    a = DeepFeatureSelector(**params).fit(*binary_data)
    with joblib.parallel_backend("threading"):  # groups in threads: fast
        b = DeepFeatureSelector(**params, n_jobs=2).fit(*binary_data)
    np.testing.assert_allclose(a.importances_, b.importances_, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(a.get_support(), b.get_support())
    if basis == "mixed":  # the odd members are quadratic, however grouped
        for selector in (a, b):
            module = selector.net_.module_
            assert module.square_members.tolist() == [0, 1, 0, 1, 0]
            d = module.n_features
            assert module.first_layer_weight()[0::2, d:].abs().max() == 0


@pytest.mark.parametrize("importance", ["permutation", "gradient", "weights"])
def test_every_importance_method_reports_one_score_per_feature(
    binary_data, fast_params, importance
):
    X, y = binary_data
    selector = DeepFeatureSelector(
        **fast_params, input_basis="quadratic", importance=importance
    ).fit(X, y)
    assert selector.feature_importances_.shape == (X.shape[1],)
    assert np.isfinite(selector.importances_).all()


def test_a_table_keeps_its_one_hot_columns_linear(fast_params):
    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {
            "dose": rng.normal(size=120),
            "site": pd.Categorical(rng.choice(["a", "b", "c"], 120)),
            "smoker": rng.integers(0, 2, 120),
        }
    )
    y = (table["dose"] ** 2 > 1).astype(int)
    selector = DeepFeatureSelector(**fast_params, input_basis="quadratic")
    selector.fit(table, y)
    # Encoded: dose, smoker, then the three one-hot site columns (order of
    # the encoder); only dose is curved.
    module = selector.net_.module_
    assert module.curved.numel() == 1
    assert module.first_layer_weight().shape[1] == module.n_features + 1
    assert selector.feature_importances_.shape == (3,)


def test_an_ablated_feature_loses_its_square_term_too():
    # The drop-and-retrain importance holds an ablated column at its mean (0):
    # its square term must then be 0, not -1.
    torch.manual_seed(0)
    masked = _masked_module_class(GatedEnsembleMLP)
    module = masked(2, 3, 1, (4,), curved=[0, 2], ablated=[0, -1]).eval()
    X = torch.randn(2, 10, 3)
    out = module(X)
    reference = GatedEnsembleMLP(2, 3, 1, (4,), curved=[0, 2]).eval()
    with torch.no_grad():
        for name, param in reference.named_parameters():
            param.copy_(dict(module.named_parameters())[name])
        reference.hidden[0].weight[0, [0, 3]] = 0.0  # member 0: column 0 gone
    torch.testing.assert_close(out, reference(X))


def test_a_bad_input_basis_is_refused_before_training(binary_data):
    with pytest.raises(ValueError, match="input_basis"):
        DeepFeatureSelector(input_basis="cubic").fit(*binary_data)


def test_quadratic_basis_keeps_ranking_a_linear_signal(binary_data, fast_params):
    # The square terms must not bury a purely linear signal.
    X, y, relevant, _ = make_task(
        "correlated", random_state=0, n_samples=400, n_features=12
    )
    truth = np.zeros(X.shape[1], dtype=bool)
    truth[relevant] = True
    params = {**fast_params, "max_epochs": 20}
    quad = DeepFeatureSelector(**params, input_basis="quadratic").fit(X, y)
    assert roc_auc_score(truth, quad.feature_importances_) > 0.9


def test_mixed_basis_with_the_ablation_importance(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(
        **{**fast_params, "max_epochs": 2}, input_basis="mixed", importance="ablation"
    ).fit(X[:, :4], y)
    assert np.isfinite(selector.importances_).all()
