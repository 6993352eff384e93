"""scikit-learn's estimator checks on fast settings."""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from skdfs import DeepFeatureSelector, NoLearningWarning

FAST = dict(
    n_estimators=3,
    hidden_layer_sizes=(8,),
    max_epochs=3,
    patience=None,
    batch_size=16,
    random_state=0,
    device="cpu",
)


# Three epochs of a tiny net on the checks' small random data usually do not
# beat a constant predictor; that warning is expected here and nowhere else.
@pytest.mark.filterwarnings("ignore::skdfs.NoLearningWarning")
@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")
@parametrize_with_checks([DeepFeatureSelector(**FAST)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_no_learning_warning_is_a_user_warning():
    assert issubclass(NoLearningWarning, UserWarning)
