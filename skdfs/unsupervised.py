"""TeacherStudentSelector: unsupervised feature selection by a teacher and students.

The method of "Deep Feature Selection using a Teacher-Student Network"
(Mirzaei, Pourahmadi, Soltani & Sheikhzadeh, 2019, arXiv:1903.07045): a
*teacher* maps the data to a low-dimensional code (any scikit-learn
transformer, PCA by default); a *student* network regresses that code from the
original features with a group-lasso (L2,1) penalty on the rows of its first
layer, so that the rows of the features the code does not need shrink to zero.
A feature's score is the squared norm of its first-layer row.

Here the student is the member-batched gated ensemble of
:class:`~skdfs.DeepFeatureSelector`: ``n_estimators`` students with their own
initialisations, training and validation rows and early stopping are trained
at once, so every score comes with its spread across the students.
"""

from __future__ import annotations

from numbers import Integral, Real

import numpy as np
import scipy.sparse as sp
import torch
from sklearn.base import _fit_context, clone
from sklearn.decomposition import PCA
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_array, validate_data

from ._base import GatedSelectorBase
from ._columns import column_kind, is_frame, preview, table_columns
from ._ensemble import member_seeds, member_splits
from ._inputs import check_missing, standardise
from ._targets import baseline_losses
from .selection import normalise_rows
from .training import EnsembleLoss, EnsembleNet

__all__ = ["IMPORTANCES", "StudentNet", "TeacherStudentSelector"]

IMPORTANCES = ("row_norm", "gate")
"""Names accepted by ``TeacherStudentSelector(importance=...)``."""


class StudentNet(EnsembleNet):
    """:class:`~skdfs.training.EnsembleNet` with a group-lasso penalty.

    The penalty of member ``e`` is ``group_lasso * sum_i ||g[e, i] W1[e, i, :]||``,
    the L2,1 norm of the rows of its *effective* first layer (the gate of
    feature ``i`` times that feature's row of the first dense kernel). It is
    computed from the live parameters, added to the training loss of every
    active member and left out of the validation loss.

    The gate is part of the row on purpose: a penalty on the kernel ``W1``
    alone can be escaped by scaling a gate up and its row down by the same
    factor (``g * W = (c g) (W / c)``), which leaves the network's function
    unchanged and the penalty ever smaller.

    Parameters
    ----------
    group_lasso : float, default=0.0
        Weight of the L2,1 penalty.
    *args, **kwargs
        As in :class:`~skdfs.training.EnsembleNet`.
    """

    def __init__(self, *args, group_lasso=0.0, **kwargs):
        super().__init__(*args, **kwargs)
        self.group_lasso = group_lasso

    def group_lasso_penalty(self):
        """Every member's L2,1 penalty, shape ``(E,)`` (live parameters)."""
        module = self.module_
        rows = torch.linalg.vector_norm(module.first_layer_weight(), dim=2)  # (E, d)
        return self.group_lasso * (module.gate.weight.abs() * rows).sum(dim=1)

    def get_loss(self, y_pred, y_true, X=None, training=False):
        """The ensemble loss plus, in training, the active members' L2,1 penalty."""
        loss = super().get_loss(y_pred, y_true, X=X, training=training)
        if training and self.group_lasso:
            penalty = self.group_lasso_penalty()
            active = self._member_weights(penalty) > 0
            loss = loss + torch.where(active, penalty, 0.0).sum()
        return loss


def student_scores(module, importance="row_norm"):
    """Raw feature scores of every student, ``(E, d)`` float64 array.

    Parameters
    ----------
    module : GatedEnsembleMLP
        The trained students.
    importance : {"row_norm", "gate"}, default="row_norm"
        ``"row_norm"``: squared L2 norm of each feature's effective first-layer
        row, ``g_i**2 * ||W1[i, :]||**2``; ``"gate"``: the gates ``g_i``.

    Returns
    -------
    ndarray of shape (n_members, n_features)
    """
    gates = module.gate.gate_values()
    if importance == "gate":
        raw = gates
    elif importance == "row_norm":
        kernel = module.first_layer_weight().detach()
        raw = gates**2 * (kernel**2).sum(dim=-1)
    else:
        raise ValueError(f"importance must be one of {IMPORTANCES}, got {importance!r}")
    return raw.cpu().numpy().astype(np.float64)


def check_numeric_frame(X):
    """Refuse, by name, a frame's text, ``category`` and date columns before
    any training (scikit-learn's conversion fails on them with "Cannot cast
    str dtype to float64", which names no column)."""
    if not is_frame(X):
        return

    def text(j, column):
        categories = getattr(X.dtypes.iloc[j], "categories", None)
        if categories is not None:  # numbers as categories convert as numbers
            return not np.issubdtype(np.asarray(categories).dtype, np.number)
        return column_kind(column) not in ("numeric", "bool")

    columns = enumerate(table_columns(X))
    named = [str(X.columns[j]) for j, c in columns if text(j, c)]
    if named:
        raise ValueError(
            f"TeacherStudentSelector needs numeric columns; {len(named)} hold "
            f"text, categories or dates ({preview(named)}): encode them first, "
            "e.g. make_pipeline(TableEncoder(), TeacherStudentSelector()) with "
            "from skdfs.tabular import TableEncoder"
        )


class TeacherStudentSelector(GatedSelectorBase):
    """Unsupervised feature selection with a teacher and an ensemble of students.

    A *teacher* (any scikit-learn transformer; PCA by default) maps the
    standardised data to a low-dimensional code. ``n_estimators`` *students*,
    gated multilayer networks trained at once as one member-batched module,
    regress the (standardised) code from the standardised features with a
    group-lasso penalty on the rows of their first layer. A feature the code
    does not depend on loses its row; a feature's score is the squared norm of
    its row (or its gate, see ``importance``). Every student's scores are
    normalised to sum to one; their mean is ``feature_importances_`` and their
    spread ``feature_importances_std_``. Features are then kept or dropped as in
    :class:`~sklearn.feature_selection.SelectFromModel`.

    ``fit`` needs no target: the selector works in a
    :class:`~sklearn.pipeline.Pipeline` before clustering or any other
    unsupervised step.

    Read more in :doc:`/unsupervised`.

    Parameters
    ----------
    teacher : transformer or None, default=None
        Estimator with ``fit_transform`` (or ``fit`` and ``transform``) whose
        output on ``X`` as passed (not standardised: put a scaler in the
        teacher if it needs one) is the code the students learn, for instance
        :class:`~sklearn.manifold.Isomap`, a kernel PCA or an autoencoder. It
        is cloned; the fitted clone is ``teacher_``. A ``random_state``
        parameter left at ``None`` is drawn from ``random_state``, so a fixed
        ``random_state`` makes the whole fit reproducible. ``None`` means
        ``make_pipeline(StandardScaler(), PCA(n_components=min(n_components,
        n_samples, n_features)))``.
    n_components : int, default=3
        Code dimension of the default teacher (ignored when ``teacher`` is
        given).
    n_estimators : int, default=16
        Number of students (members) in the ensemble.
    hidden_layer_sizes : int or tuple of int, default=(64,)
        Widths of every student's hidden layers; ``()`` gives gated linear
        students.
    activation : {"relu", "elu", "gelu", "tanh", "selu", "silu", "leaky_relu"}, \
default="relu"
        Hidden-layer activation.
    group_lasso : float, default=1e-2
        Weight of the L2,1 penalty ``sum_i ||g_i W1[i, :]||_2`` on the rows of
        each student's effective first layer (gate times first dense kernel),
        summed over the students.
    weight_decay : float, default=1e-4
        L2 penalty on the dense layers (Adam's coupled weight decay).
    gate_l1 : float, default=0.0
        L1 penalty on the gates.
    gate_lr_scale : float, default=10.0
        The gates' learning rate is ``lr * gate_lr_scale``.
    lr : float, default=4e-3
        Adam learning rate of the dense layers.
    batch_size : int or "auto", default="auto"
        Rows per mini-batch of each student; ``"auto"`` as in
        :class:`~skdfs.DeepFeatureSelector` (``batch_size_``).
    max_steps : int or None, default=500
        Optimizer steps each student may take, whatever the number of rows
        (2000 until the sixteenth session; on ``bench_unsupervised.py`` 500
        steps ranked as 2000 did, ROC-AUC 0.970, in 0.46 times the seconds:
        ``docs/benchmarks.md``, "A step budget of 500").
    max_epochs : int or None, default=None
        A cap in passes over each student's training rows, on top of
        ``max_steps``.
    patience : int or None, default=200
        Optimizer steps without improvement of a student's validation loss
        before it stops and is restored to its best epoch, counted once it
        beats a constant predictor. ``None`` disables early stopping
        (students keep their final weights).
    validation_fraction : float, default=0.2
        Share of the rows each student holds out (its own random split) for
        early stopping and ``member_scores_``. ``0`` requires
        ``patience=None``.
    importance : {"row_norm", "gate"}, default="row_norm"
        Per-student feature score: ``"row_norm"``, the squared L2 norm of the
        feature's effective first-layer row, ``g_i**2 * ||W1[i, :]||**2`` (the
        paper's score, with the gate folded in); ``"gate"``, the feature's
        gate ``g_i``. :doc:`/unsupervised` has the measurements comparing them.
    threshold : float, str or None, default=None
        Cut-off on ``feature_importances_``: a number, ``"mean"``,
        ``"median"`` or a scaled reference such as ``"1.5*mean"``. ``None``
        means ``"mean"``, unless ``max_features`` is set, in which case only
        the count limits the selection. Read at ``transform`` time.
    max_features : int, callable or None, default=None
        Maximum number of features to keep; a callable receives ``X`` and
        returns the number.
    device : str, default="auto"
        Torch device: ``"auto"`` (CUDA when available), ``"cpu"``, ``"cuda"``
        or ``"cuda:N"``.
    random_state : int, RandomState instance or None, default=None
        Seeds the teacher (see ``teacher``), the students' splits,
        initialisations and batch order. Student ``e``'s rows, initial
        weights and batch order depend on ``random_state`` and ``e`` only,
        not on ``n_estimators`` or ``n_jobs``.
    verbose : int, default=0
        ``0`` is silent; ``1`` shows a progress bar over the epochs (students
        still training, best validation loss) on stderr; ``2`` prints skorch's
        table, one line per epoch, on stdout.
    n_jobs : int or None, default=None
        Number of groups of students trained in parallel with
        :class:`joblib.Parallel`, as in :class:`~skdfs.DeepFeatureSelector`
        (``docs/scaling.rst``); the result does not depend on it.

    Attributes
    ----------
    importances_ : ndarray of shape (n_estimators, n_features_in_)
        Every student's scores, each row normalised to sum to one.
    feature_importances_ : ndarray of shape (n_features_in_,)
        Mean of ``importances_`` over the students in ``members_used_``.
    feature_importances_std_ : ndarray of shape (n_features_in_,)
        Standard deviation of ``importances_`` over the same students.
    member_scores_ : ndarray of shape (n_estimators,)
        Each student's best validation mean squared error on the standardised
        code (about 1 for a constant predictor; its last training error when
        ``validation_fraction=0``).
    member_baseline_scores_ : ndarray of shape (n_estimators,)
        Error of a constant predictor (the training rows' mean code) on each
        student's validation rows.
    members_used_ : ndarray of bool, shape (n_estimators,)
        Students that beat that constant (by more than 0.1% of its loss,
        :data:`skdfs.selection.MIN_MEMBER_GAIN`) and did not diverge (all students
        without validation rows, or when none did); the means and spreads are
        taken over them.
    member_diverged_ : ndarray of bool, shape (n_estimators,)
        Students whose loss became NaN or infinite; they are discarded.
    n_diverged_ : int
        Number of diverged students.
    teacher_ : estimator
        The fitted clone of ``teacher`` (or the default PCA).
    code_dim_ : int
        Number of code columns the students regress.
    n_iter_ : int
        Epochs run.
    n_steps_ : int
        Optimizer steps run by the longest-training student.
    batch_size_ : int
        Resolved ``batch_size``.
    device_ : str
        Device used for training.
    scaler_mean_, scaler_scale_ : ndarray of shape (n_features_in_,)
        Statistics of the internal standardisation.
    max_features_ : int or None
        ``max_features`` as it applies now: an int is read at call time, like
        ``threshold`` (``set_params(max_features=k)`` after fit applies); a
        callable's value as resolved at fit.
    net_ : StudentNet
        The fitted skorch net (its ``history`` holds per-member curves).
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during ``fit``, when ``X`` has string column
        names.

    See Also
    --------
    DeepFeatureSelector : The supervised selector with the same ensemble.
    sklearn.feature_selection.VarianceThreshold : A simpler unsupervised filter.

    Notes
    -----
    With the default PCA teacher the code is linear in the standardised
    features; the student still matters, because the group lasso turns the
    dense PCA loadings into a sparse selection. A nonlinear teacher (Isomap,
    an autoencoder, ...) gives a nonlinear code that the students learn
    through their hidden layers. Everything the selector finds is what the
    teacher's code depends on: a teacher that misses a structure (PCA cannot
    see uncorrelated nonlinear structure on standardised data) makes the
    students miss it too.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.unsupervised import TeacherStudentSelector
    >>> rng = np.random.RandomState(0)
    >>> X = rng.standard_normal((300, 8))
    >>> X[:, :2] += 4 * rng.choice([-1.0, 1.0], size=(300, 1))  # two clusters
    >>> selector = TeacherStudentSelector(
    ...     n_components=1, n_estimators=4, random_state=0
    ... ).fit(X)
    >>> selector.importances_.shape
    (4, 8)
    >>> sorted(selector.feature_importances_.argsort()[-2:].tolist())
    [0, 1]
    >>> selector.transform(X).shape
    (300, 2)
    """

    _parameter_constraints = {
        **GatedSelectorBase._parameter_constraints,
        "teacher": [
            HasMethods(["fit_transform"]),
            HasMethods(["fit", "transform"]),
            None,
        ],
        "n_components": [Interval(Integral, 1, None, closed="left")],
        "group_lasso": [Interval(Real, 0, None, closed="left")],
        "importance": [StrOptions(set(IMPORTANCES))],
    }

    def __init__(
        self,
        *,
        teacher=None,
        n_components=3,
        n_estimators=16,
        hidden_layer_sizes=(64,),
        activation="relu",
        group_lasso=1e-2,
        weight_decay=1e-4,
        gate_l1=0.0,
        gate_lr_scale=10.0,
        lr=4e-3,
        batch_size="auto",
        max_steps=500,
        max_epochs=None,
        patience=200,
        validation_fraction=0.2,
        importance="row_norm",
        threshold=None,
        max_features=None,
        device="auto",
        random_state=None,
        verbose=0,
        n_jobs=None,
    ):
        self.teacher = teacher
        self.n_components = n_components
        self.n_estimators = n_estimators
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.group_lasso = group_lasso
        self.weight_decay = weight_decay
        self.gate_l1 = gate_l1
        self.gate_lr_scale = gate_lr_scale
        self.lr = lr
        self.batch_size = batch_size
        self.max_steps = max_steps
        self.max_epochs = max_epochs
        self.patience = patience
        self.validation_fraction = validation_fraction
        self.importance = importance
        self.threshold = threshold
        self.max_features = max_features
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ fit
    # The teacher is a user's estimator that nobody has validated yet: let its
    # own ``fit`` check its parameters (as SelectFromModel does).
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y=None, **fit_params):
        """Fit the teacher, train the students and score the features.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data; standardised internally (the caller's array is not
            modified).
        y : None
            Ignored; accepted for API compatibility.
        **fit_params : dict
            Ignored; accepted for API compatibility.

        Returns
        -------
        self : TeacherStudentSelector
            The fitted selector.
        """
        check_missing(X, "X")
        check_numeric_frame(X)
        self._check_columns(X)
        X = validate_data(
            self,
            X,
            reset=True,
            ensure_min_samples=2,
            dtype=[np.float64, np.float32],
        )
        # Every check before any fitting.
        sizes = self._check_training_params(X)
        self._selection_mask(np.zeros(1))  # threshold grammar

        X = X.astype(np.float64, copy=False)
        self.scaler_mean_, self.scaler_scale_, Xs = standardise(X)
        rng = check_random_state(self.random_state)
        code = self._teach(X, int(rng.randint(np.iinfo(np.int32).max)))
        member_rngs, torch_seeds, noise_seeds = member_seeds(rng, self.n_estimators)
        train_idx, valid_idx = member_splits(
            X.shape[0],
            self.n_estimators,
            self.validation_fraction,
            False,
            member_rngs,
            None,
        )
        eval_idx = train_idx if valid_idx is None else valid_idx
        baseline = baseline_losses(
            "squared_error",
            self.code_dim_,
            EnsembleLoss("squared_error"),
            code,
            train_idx,
            eval_idx,
        )
        self.member_baseline_scores_ = baseline
        self._train(
            sizes,
            Xs,
            code,
            train_idx,
            valid_idx,
            (torch_seeds, noise_seeds),
            None if valid_idx is None else baseline,
        )
        used = self._set_members_used(baseline)
        raw = student_scores(self.net_.module_, self.importance)
        raw[self.member_diverged_] = 0.0
        self.importances_ = normalise_rows(raw)
        self.feature_importances_ = self.importances_[used].mean(axis=0)
        self.feature_importances_std_ = self.importances_[used].std(axis=0)
        return self

    def _teach(self, X, seed):
        """Fit a clone of the teacher on ``X``; return the scaled code.

        The code's columns are centred and divided by one common factor, the
        root mean variance of the columns, so the loss of a constant predictor
        is 1 while the teacher's geometry (the relative spread of its
        components) is kept.
        """
        if self.teacher is None:
            n_components = min(self.n_components, *X.shape)
            teacher = make_pipeline(
                StandardScaler(), PCA(n_components=n_components, random_state=seed)
            )
        else:
            teacher = clone(self.teacher)
            params = teacher.get_params(deep=False)
            if "random_state" in params and params["random_state"] is None:
                teacher.set_params(random_state=seed)
        if hasattr(teacher, "fit_transform"):
            code = teacher.fit_transform(X)
        else:
            code = teacher.fit(X).transform(X)
        self.teacher_ = teacher
        name = type(teacher).__name__
        if sp.issparse(code):
            code = code.toarray()
        code = check_array(
            code,
            ensure_2d=False,
            dtype=np.float64,
            ensure_all_finite=False,
            input_name="the teacher's code",
        )
        if code.ndim == 1:
            code = code[:, None]
        if code.ndim != 2 or code.shape[0] != X.shape[0] or code.shape[1] == 0:
            raise ValueError(
                f"the teacher {name} returned a code of shape {code.shape}; "
                f"expected (n_samples={X.shape[0]}, n_components)"
            )
        if not np.all(np.isfinite(code)):
            raise ValueError(f"the teacher {name} returned NaN or infinite values")
        self.code_dim_ = code.shape[1]
        code = code - code.mean(axis=0)
        scale = np.sqrt(np.mean(code.var(axis=0)))
        return (code / (scale if scale > 0 else 1.0)).astype(np.float32)

    _net_class = StudentNet

    def _net_params(self):
        return dict(
            module__n_outputs=self.code_dim_,
            criterion__kind="squared_error",
            group_lasso=self.group_lasso,
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = False
        return tags
