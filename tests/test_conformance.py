"""Conformance bugs found in review against scikit-learn and skorch, one test
each (every one failed before its fix)."""

import numpy as np
import pytest
from sklearn.datasets import make_multilabel_classification
from sklearn.utils import check_random_state

from skdfs import DeepFeatureSelector, TeacherStudentSelector
from skdfs._ensemble import member_seeds, member_splits
from skdfs.datasets import make_friedman
from skdfs.importance import compute_importances

GROUPS = [0, 0, 1, 2, 2, 3]


@pytest.mark.parametrize("cls", [DeepFeatureSelector, TeacherStudentSelector])
def test_minus_infinity_with_max_features_keeps_the_k_best(cls, binary_data):
    # scikit-learn's idiom for "the k best" (SelectFromModel accepts it).
    X, y = binary_data
    params = dict(n_estimators=2, hidden_layer_sizes=(8,), max_epochs=20, lr=1e-2)
    params.update(patience=None, random_state=0, device="cpu")
    if cls is TeacherStudentSelector:
        params["n_components"] = 2
    selector = cls(**params, threshold=-np.inf, max_features=3).fit(X, y)
    top3 = np.argsort(-selector.feature_importances_)[:3]
    assert selector.get_support(indices=True).tolist() == sorted(top3.tolist())
    assert selector.threshold_ == -np.inf
    selector.set_params(threshold=np.inf, max_features=None)
    assert selector.get_support().sum() == 0


def test_compute_importances_keeps_the_fit_scale_of_a_regression_target():
    X, y, _ = make_friedman(n_samples=300, n_features=6, random_state=0)
    selector = DeepFeatureSelector(
        n_estimators=4, hidden_layer_sizes=(16,), max_epochs=20, random_state=0
    ).fit(X, y)
    same = compute_importances(selector, X, y, "permutation", random_state=0)
    shifted = compute_importances(selector, X, y + 1000, "permutation", random_state=0)
    scaled = compute_importances(selector, X, 10 * y, "permutation", random_state=0)
    # The fit's own target is encoded exactly as in fit ...
    np.testing.assert_allclose(
        selector.target_encoder_.transform(y),
        (y[:, None] - selector.target_encoder_.y_mean_)
        / selector.target_encoder_.y_scale_,
        rtol=1e-6,
    )
    # ... and another target is another target, not the same one rescaled.
    assert not np.allclose(same.raw, shifted.raw)
    assert not np.allclose(same.raw, scaled.raw)


def test_teacher_student_verbose_shows_progress(capsys):
    X = np.random.RandomState(0).standard_normal((120, 5))
    TeacherStudentSelector(
        n_components=1,
        n_estimators=2,
        hidden_layer_sizes=(8,),
        max_epochs=3,
        random_state=0,
        device="cpu",
        verbose=1,
    ).fit(X)
    err = capsys.readouterr().err
    assert "3/3" in err or "epoch 3" in err, err


def test_sample_weight_is_refused_not_ignored(binary_data, fast_params):
    X, y = binary_data
    with pytest.raises(TypeError, match="sample weights are not supported"):
        DeepFeatureSelector(**fast_params).fit(X, y, sample_weight=np.ones(len(y)))


def test_multi_output_tag():
    assert DeepFeatureSelector().__sklearn_tags__().target_tags.multi_output


@pytest.mark.filterwarnings("ignore::skdfs.NoLearningWarning")  # 2 epochs
def test_soft_f1_baseline_is_the_best_constant():
    # 20% positives: always predicting positive beats the prior's logit.
    X, Y = make_multilabel_classification(
        n_samples=300, n_features=6, n_classes=2, n_labels=1, random_state=0
    )
    selector = DeepFeatureSelector(
        n_estimators=3,
        hidden_layer_sizes=(8,),
        max_epochs=2,
        loss="soft_f1",
        random_state=0,
        device="cpu",
    )
    selector.fit(X, Y)
    train, valid = _splits(selector, len(Y))
    for e in range(3):
        Yv = Y[valid[e]]
        S, n = Yv.sum(axis=0), len(Yv)
        always_positive = 1 - np.mean(2 * S / (n + S))
        assert selector.member_baseline_scores_[e] == pytest.approx(
            always_positive, abs=1e-5
        )
        prior = Y[train[e]].mean(axis=0)
        tp, fp, fn = (
            (prior * Yv).sum(0),
            (prior * (1 - Yv)).sum(0),
            ((1 - prior) * Yv).sum(0),
        )
        prior_loss = 1 - np.mean(2 * tp / (2 * tp + fp + fn))
        assert selector.member_baseline_scores_[e] < prior_loss


def _splits(selector, n):
    """The members' rows as fit drew them (no probes: the first draws)."""
    rng = check_random_state(selector.random_state)
    rngs = member_seeds(rng, selector.n_estimators)[0]
    return member_splits(
        n, selector.n_estimators, selector.validation_fraction, False, rngs, None
    )


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_compute_importances_scores_groups_as_fit(binary_data, fast_params):
    X, y = binary_data
    # "mean": no gate path, whose scores would be blended into the fit's
    params = dict(fast_params, groups=GROUPS, threshold="mean")
    selector = DeepFeatureSelector(**params).fit(X, y)
    gate = compute_importances(selector, X, y, "gate")
    np.testing.assert_allclose(gate.importances, selector.importances_, rtol=1e-6)
    np.testing.assert_allclose(gate.mean, selector.feature_importances_, rtol=1e-6)
    perm = compute_importances(selector, X, y, "permutation", random_state=0)
    assert perm.importances.shape == (fast_params["n_estimators"], X.shape[1])
    # The columns of a group share its score: permuted jointly, one loss each.
    for g in (0, 2):
        cols = np.flatnonzero(np.asarray(GROUPS) == g)
        np.testing.assert_allclose(perm.raw[:, cols[0]], perm.raw[:, cols[1]])


def test_teacher_student_n_jobs_does_not_change_the_result():
    # The students get per-member seeds and n_jobs groups from the shared base.
    X = np.random.RandomState(0).standard_normal((160, 5))
    params = dict(
        n_components=2,
        n_estimators=4,
        hidden_layer_sizes=(8,),
        max_epochs=4,
        random_state=0,
        device="cpu",
    )
    one = TeacherStudentSelector(**params).fit(X)
    two = TeacherStudentSelector(**params, n_jobs=2).fit(X)
    np.testing.assert_allclose(two.importances_, one.importances_, rtol=1e-5)
