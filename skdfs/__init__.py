"""skdfs: deep feature selection for scikit-learn.

:class:`DeepFeatureSelector` ranks and selects features with an ensemble of
gated-input neural networks trained as one member-batched torch module.
"""

from ._version import __version__
from .exceptions import (
    ColumnWarning,
    DivergenceWarning,
    LowSignalWarning,
    NoLearningWarning,
    RowOrderWarning,
    TargetWarning,
)
from .groups import groups_from_correlation, groups_from_feature_names
from .selector import DeepFeatureSelector
from .unsupervised import TeacherStudentSelector

__all__ = [
    "DeepFeatureSelector",
    "DivergenceWarning",
    "ColumnWarning",
    "LowSignalWarning",
    "NoLearningWarning",
    "RowOrderWarning",
    "TargetWarning",
    "TeacherStudentSelector",
    "__version__",
    "groups_from_correlation",
    "groups_from_feature_names",
]
