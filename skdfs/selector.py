"""DeepFeatureSelector: scikit-learn selector backed by a gated network ensemble."""

from __future__ import annotations

import time
import warnings
from numbers import Integral, Real

import numpy as np
import torch
from joblib import effective_n_jobs
from sklearn.base import BaseEstimator, _fit_context
from sklearn.feature_selection import SelectorMixin
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import type_of_target
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import check_is_fitted, validate_data

from ._inputs import check_label_types, check_missing, dense_target, standardise
from ._threads import caller_limits, group_threads
from .callbacks import EpochProgress
from .groups import resolve_groups
from .importance import METHODS, member_importances
from .network import ACTIVATIONS, GATES, GatedEnsembleMLP
from .selection import probe_test, resolve_threshold, support_from_scores
from .training import (
    GLOBAL_RNG_LOCK,
    LOSSES,
    EnsembleLoss,
    EnsembleNet,
    MemberEarlyStopping,
    MemberSplit,
    chunk_rows,
    concatenate_members,
)

__all__ = ["DeepFeatureSelector", "DivergenceWarning", "NoLearningWarning"]

TASKS = ("classification", "regression", "multilabel")


class NoLearningWarning(UserWarning):
    """No member of the ensemble beat a constant predictor on its held-out rows.

    The importances of such a fit are close to the gates' initial values and
    carry little information: give the networks more epochs or data, or check
    that the target depends on the features at all.
    """


class DivergenceWarning(UserWarning):
    """Some members' losses became NaN or infinite; they were discarded.

    Their importances are left out of ``feature_importances_`` and of the probe
    test; ``member_diverged_`` marks them. A lower ``lr`` usually prevents it.
    """


def _as_layer_sizes(hidden_layer_sizes):
    if isinstance(hidden_layer_sizes, Integral):
        hidden_layer_sizes = (hidden_layer_sizes,)
    try:
        sizes = tuple(hidden_layer_sizes)
    except TypeError:
        raise TypeError(
            "hidden_layer_sizes must be an int or a sequence of ints, got "
            f"{hidden_layer_sizes!r}"
        ) from None
    if not all(isinstance(h, Integral) and h >= 1 for h in sizes):
        raise ValueError(
            f"hidden_layer_sizes must contain positive integers, got {sizes!r}"
        )
    return tuple(int(h) for h in sizes)


def _member_seeds(rng, n_members):
    """Every member's random streams, from one draw of ``rng``.

    Member ``e``'s streams come from ``SeedSequence(entropy, spawn_key=(e,
    ...))``: they depend on the selector's ``random_state`` and on ``e`` only,
    not on ``n_members`` nor on which members are trained together. Returns
    ``(data, torch_seeds, noise_seeds)``: a numpy generator per member for its
    rows (split, bootstrap), a seed per member for its torch generator
    (initial weights, batch order), and a seed per member for the global torch
    generator (dropout, noise, stochastic gates) of a group it starts.
    """
    entropy = int(rng.randint(np.iinfo(np.int32).max))

    def stream(e, k):
        return np.random.SeedSequence(entropy, spawn_key=(e, k))

    def seed(e, k):
        return int(stream(e, k).generate_state(1, np.uint64)[0] >> 1)

    data = [np.random.default_rng(stream(e, 0)) for e in range(n_members)]
    torch_seeds = [seed(e, 1) for e in range(n_members)]
    noise_seeds = [seed(e, 2) for e in range(n_members)]
    return data, torch_seeds, noise_seeds


def _member_splits(n_samples, n_members, validation_fraction, bootstrap, rng, strata):
    """Each member's training and validation row indices.

    Every member draws its own random split (stratified by class where
    ``strata`` is given, so each class keeps at least one training row); with
    ``bootstrap`` its training rows are then resampled with replacement. All
    members get the same number of rows, which keeps their batches aligned.
    ``rng`` is a list of one numpy generator per member (member ``e``'s rows
    then depend on ``rng[e]`` alone) or a ``random_state`` to derive them from.
    """
    if not isinstance(rng, (list, tuple)):
        rng = _member_seeds(check_random_state(rng), n_members)[0]
    groups = (
        [np.arange(n_samples)]
        if strata is None
        else [np.flatnonzero(strata == c) for c in np.unique(strata)]
    )
    n_valid = [
        min(int(np.floor(validation_fraction * len(g) + 0.5)), len(g) - 1)
        for g in groups
    ]
    if validation_fraction > 0 and sum(n_valid) == 0:
        # Too few rows per class to stratify: fall back to a plain random split.
        groups = [np.arange(n_samples)]
        n_valid = [min(max(1, round(validation_fraction * n_samples)), n_samples - 1)]
    train, valid = [], []
    for member_rng in rng:
        rows = [g[member_rng.permutation(len(g))] for g in groups]
        valid.append(np.concatenate([r[:nv] for r, nv in zip(rows, n_valid)]))
        member_train = np.concatenate([r[nv:] for r, nv in zip(rows, n_valid)])
        if bootstrap:
            draw = member_rng.integers(0, len(member_train), size=len(member_train))
            member_train = member_train[draw]
        train.append(member_train)
    train, valid = np.stack(train), np.stack(valid)
    return train, (valid if valid.shape[1] else None)


def _fit_group(net, X, y, n_groups, noise_seed):
    """Fit ``net`` (one group of members) on ``(X, y)`` and return it.

    Run by :class:`joblib.Parallel`, possibly in another process or on a Dask
    worker. Training draws from torch's global generator only for dropout,
    noise and random gates: then (``noise_seed`` not None) it is seeded with
    ``noise_seed`` inside a fork, so the caller's state is untouched, and
    locked, so that groups in threads take turns. With ``n_groups`` (groups
    trained side by side) torch's threads follow the policy of
    :func:`skdfs._threads.group_threads` (``docs/scaling.rst``); ``None``
    leaves them alone.
    """
    # Arrays from joblib's memory maps or Dask's serialisation may be read-only.
    X = np.require(X, requirements="W")
    y = np.require(y, requirements="W")
    with group_threads(n_groups):
        if noise_seed is None:
            net.fit(X, y)
            return net
        device = str(net.device)
        devices = [device] if device.startswith("cuda") else []
        with GLOBAL_RNG_LOCK, torch.random.fork_rng(devices=devices):
            torch.manual_seed(noise_seed)
            net.fit(X, y)
    return net


class DeepFeatureSelector(SelectorMixin, BaseEstimator):
    """Feature selection with an ensemble of gated-input neural networks.

    Each input feature is multiplied by its own learnable, non-negative gate
    (one weight, no bias) before a multilayer perceptron. ``n_estimators`` such
    networks are trained at once, as one member-batched module driven by
    skorch; each member has its own initialisation, its own training and
    validation rows and its own early stopping. After training, every member's
    squared gates (see ``importance_power``) are normalised to sum to one:
    its shares of the gated inputs' variance. Their mean over the members that
    learned is ``feature_importances_`` and their spread
    ``feature_importances_std_``. Features are then kept or dropped as in
    :class:`~sklearn.feature_selection.SelectFromModel`.

    Read more in the :doc:`user guide </user_guide>`.

    Parameters
    ----------
    n_estimators : int, default=32
        Number of networks (members) in the ensemble.
    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Widths of the hidden layers of every member; ``()`` gives gated linear
        (logistic) models.
    activation : {"relu", "elu", "gelu", "tanh", "selu", "silu", "leaky_relu"}, \
default="relu"
        Hidden-layer activation.
    dropout : float, default=0.0
        Dropout rate after each hidden block.
    noise_std : float, default=0.0
        Standard deviation of the Gaussian noise added after every hidden block
        but the last, during training.
    weight_decay : float, default=1e-4
        L2 penalty on the dense layers' kernels and biases (Adam's coupled
        weight decay). It also pins the scale the gates and the first layer
        could otherwise trade between them.
    gate_l1 : float, default=1e-3
        L1 penalty on the gates: the sparsity knob of the elastic net
        ``gate_l1 * sum|g| + gate_l2 / 2 * sum g**2`` (Li et al., 2016).
    gate_l2 : float, default=0.0
        L2 part of the gates' elastic-net penalty.
    gate_lr_scale : float, default=10.0
        The gates' learning rate is ``lr * gate_lr_scale``; gates of irrelevant
        features then reach zero within a few hundred steps.
    lr : float, default=4e-3
        Adam learning rate of the dense layers.
    batch_size : int, default=256
        Rows per mini-batch of each member. With ``lr`` scaled alongside, 256
        ranked the ground-truth suite as well as 64 in less time and keeps the
        batched matrix products efficient (``docs/design.rst``).
    max_epochs : int, default=100
        Maximum number of passes over each member's training rows.
    patience : int or None, default=15
        Epochs without improvement of a member's validation loss before that
        member stops; it is then restored to its best epoch. ``None`` disables
        early stopping (members keep their final weights); it requires no
        validation rows.
    validation_fraction : float, default=0.2
        Share of the rows each member holds out (its own random, class
        stratified split) for early stopping and for ``member_scores_``.
        ``0.5`` reproduces the reference report; ``0`` trains on all rows and
        requires ``patience=None``.
    bootstrap : bool or "auto", default="auto"
        Whether each member resamples its training rows with replacement.
        ``"auto"`` bootstraps only when ``threshold="probe"``: members that
        all see the same rows share the sample's chance correlations, so
        their votes in the probe test would not be independent trials (a
        noise feature with a 3-sigma chance correlation was confirmed by 13
        of 16 members without bootstrap, by 1 with it; ``docs/design.rst``).
    loss : {"auto", "cross_entropy", "binary_cross_entropy", "soft_f1", \
"squared_error"}, default="auto"
        Training loss. ``"auto"`` uses binary cross-entropy with one logit for
        binary and multilabel targets, cross-entropy for multiclass targets and
        squared error for regression. ``"soft_f1"`` (one sigmoid per label)
        is the reference report's choice for multilabel targets.
    task : {"auto", "classification", "regression", "multilabel"}, default="auto"
        ``"auto"`` infers the task from ``y`` with
        :func:`~sklearn.utils.multiclass.type_of_target`; set it to treat an
        integer target as a regression target, for instance.
    threshold : float, str or None, default=None
        Cut-off on ``feature_importances_``: a number, ``"mean"``,
        ``"median"`` or a scaled reference such as ``"1.5*mean"``. ``None``
        means ``"mean"``, unless ``max_features`` is set, in which case only the
        count limits the selection. ``"probe"`` appends permuted copies of the
        features (probes) during ``fit`` and keeps the features that beat the
        probes significantly often across members (see ``alpha``). Read at
        ``transform`` time, so it can be changed after fitting (to ``"probe"``
        only if the selector was fitted with probes).
    max_features : int, callable or None, default=None
        Maximum number of features to keep; a callable receives ``X`` and
        returns the number. With ``groups`` it counts groups.
    n_probes : int or None, default=None
        Number of probe features appended when ``threshold="probe"``: each is
        a row-permuted copy of a (standardised) real feature, trained in the
        same ensemble and dropped from every output. ``None`` uses one probe per
        feature. Ignored otherwise. With ``groups`` a probe is a copy of a whole
        group (its rows permuted jointly, with its own gate) and ``n_probes``
        counts probe groups (``None``: one per group).
    alpha : float, default=0.05
        Level of the probe test (after the multiple-testing ``correction``).
    probe_percentile : float, default=100.0
        In each member a feature scores a hit when its importance beats this
        percentile of the member's probe importances (100 = the best probe,
        as in Boruta).
    correction : {"bh", "bonferroni"}, default="bh"
        Multiple-testing adjustment of the probe test: Benjamini–Hochberg
        (controls the false discovery rate) or Bonferroni (family-wise error).
    device : str, default="auto"
        Torch device: ``"auto"`` (CUDA when available), ``"cpu"``, ``"cuda"``
        or ``"cuda:N"``.
    random_state : int, RandomState instance or None, default=None
        Seeds the members' splits, initialisations and batch order. With a
        fixed value, fitting on the CPU is reproducible. Member ``e``'s rows,
        initial weights and batch order depend on ``random_state`` and ``e``
        only, not on ``n_estimators`` or ``n_jobs``.
    verbose : int, default=0
        ``0`` is silent; ``1`` shows a progress bar over the epochs (members
        still training, best validation loss) on stderr, using ``tqdm`` when it
        is installed and :mod:`logging` otherwise; ``2`` prints skorch's table,
        one line per epoch, on stdout.
    importance : {"gate", "weights", "gradient", "integrated_gradients", \
"permutation", "noise", "ablation", "onehot"}, default="gate"
        How each member scores the features after training (see
        :mod:`skdfs.importance` and ``docs/importance.rst``): its learned
        gates; first-layer weights times input spread; input-gradient
        sensitivity (or integrated gradients); permutation or noise loss
        increase on the member's held-out rows; drop-and-retrain loss
        increase (trains ``n_estimators * (n_features + 1)`` more networks);
        or the response of the bias-free network to one-hot inputs (misleads:
        offered for comparison). Probes, where trained, are scored the same
        way, so every method works with ``threshold="probe"``.
    n_repeats : int, default=5
        Permutations or noise draws per feature for
        ``importance="permutation"`` and ``"noise"``.
    importance_power : float, default=2.0
        Each member's scores are raised to this power before they are
        normalised to sum to one (``importances_``) and averaged. With the
        default gates, 2 makes a member's share of a feature its share of the
        gated inputs' variance (inputs are standardised, so ``Var(g x) =
        g**2``); the mean over members then leans on the members that are
        sure of a feature. On the ground-truth suite it raised the mean
        ROC-AUC from 0.953 (power 1, the plain normalised gates) to 0.957 and
        the mean F1 of the ``"mean"`` threshold from 0.833 to 0.856
        (``docs/design.rst``). Within a member the order of the features is
        unchanged, so the probe test's hits do not depend on it.
    gate : {"deterministic", "stochastic", "concrete"}, default="deterministic"
        Gate type. ``"deterministic"``: one non-negative weight per feature,
        started at 1 and pulled down by ``gate_l1``. ``"stochastic"``:
        Gaussian-relaxed Bernoulli gates ``clip(mu + sigma * eps, 0, 1)`` with
        the penalty ``gate_l1 * sum Phi(mu / sigma)`` (Yamada et al., 2020);
        the importance is the open probability. ``"concrete"``: learned keep
        probabilities with a Concrete relaxation and the penalty ``gate_l1 *
        sum p`` (Chang et al., 2017); the importance is the keep probability.
    n_jobs : int or None, default=None
        Number of groups of members trained in parallel with
        :class:`joblib.Parallel`, in the active joblib backend (processes by
        default; Dask workers inside ``joblib.parallel_backend("dask")``).
        ``None`` means 1 unless in a joblib backend context, ``-1`` all
        processors. Each group is a member-batched net on its share of the
        members using ``cpu_count() // n_groups`` torch threads; the groups
        are joined into one ``net_`` afterwards. With a fixed
        ``random_state`` the result does not depend on ``n_jobs`` (unless
        ``dropout``, ``noise_std`` or a random ``gate`` draws training noise:
        then it is equally distributed, not identical). See
        ``docs/scaling.rst``.
    groups : array-like of shape (n_features,), list of lists, dict or None, \
default=None
        Feature groups decided as a whole (the columns of a one-hot encoded
        category, the channels of a sensor, a gene set): one group id per
        feature (ints or strings), or a list of column-index lists (a dict
        ``{name: index list}`` names them), each feature in at most one list;
        a feature in no list forms a group of its own. Each group gets one
        gate, shared by its columns, whose penalty is weighted by the
        group's size (what its columns would pay with gates of their own;
        measured in ``docs/groups.rst``). The threshold,
        ``max_features`` and the probe test then apply to the groups'
        scores; the support keeps or drops whole groups. A group's score is
        its gate for ``importance="gate"``, the loss increase when its
        columns are permuted (or noised) jointly for ``"permutation"`` (and
        ``"noise"``), and the sum of its columns' scores for the other
        methods; it is spread evenly over the group's columns in
        ``feature_importances_``. See ``docs/groups.rst`` and
        :func:`skdfs.groups_from_feature_names`.

    Attributes
    ----------
    importances_ : ndarray of shape (n_estimators, n_features_in_)
        Every member's importance scores (its gates by default, see
        ``importance``) raised to ``importance_power``, each row normalised to
        sum to one.
    feature_importances_ : ndarray of shape (n_features_in_,)
        Mean of ``importances_`` over the members in ``members_used_``. With
        ``groups`` every column gets its group's score divided by the group's
        size (``group_importances_[groups_] / group_sizes_[groups_]``), so
        that the columns of a group sum to the group's score; ``importances_``
        and ``feature_importances_std_`` are spread the same way.
    feature_importances_std_ : ndarray of shape (n_features_in_,)
        Standard deviation over the same members.
    members_used_ : ndarray of bool, shape (n_estimators,)
        Members whose best validation loss beat a constant predictor on their
        held-out rows (all members when none did, or without validation rows).
    member_scores_ : ndarray of shape (n_estimators,)
        Each member's best validation loss (its final training loss when
        ``validation_fraction=0``).
    member_diverged_ : ndarray of bool, shape (n_estimators,)
        Members whose loss became NaN or infinite; they are discarded.
    n_diverged_ : int
        Number of diverged members.
    member_baseline_scores_ : ndarray of shape (n_estimators,)
        Loss of a constant predictor (training prior or mean) on each member's
        validation rows.
    n_iter_ : int
        Epochs run.
    importance_seconds_ : float
        Seconds spent computing the members' importance scores after
        training.
    task_ : str
        ``"classification"``, ``"regression"`` or ``"multilabel"``.
    loss_ : str
        The loss used.
    classes_ : ndarray
        Class labels (classification only).
    n_outputs_ : int
        Width of the networks' output layer.
    device_ : str
        Device used for training.
    scaler_mean_, scaler_scale_ : ndarray of shape (n_features_in_,)
        Statistics of the internal standardisation.
    max_features_ : int or None
        Resolved ``max_features``.
    ranking_ : ndarray of shape (n_features_in_,)
        Rank of each feature, 1 = most important. With probes: 1 for confirmed,
        2 for tentative, and 3, 4, ... for the other features by their median
        rank across members. With ``groups``, the rank of the feature's group.
    groups_ : ndarray of int, shape (n_features_in_,)
        Group index of every feature, into ``group_names_`` (with ``groups``
        only, like every ``group_*`` attribute).
    group_names_ : ndarray of object, shape (n_groups,)
        Group ids: the distinct ids in order of first appearance, the dict
        keys or ``"group<i>"`` for index lists, and the feature name (or
        ``"x<j>"``) for a feature in no list.
    group_sizes_ : ndarray of int, shape (n_groups,)
        Columns per group.
    member_group_importances_ : ndarray of shape (n_estimators, n_groups)
        Every member's group scores, each row normalised to sum to one.
    group_importances_ : ndarray of shape (n_groups,)
        Mean of ``member_group_importances_`` over the used members; the
        threshold applies to it.
    group_importances_std_ : ndarray of shape (n_groups,)
        Standard deviation over the same members.
    group_ranking_ : ndarray of int, shape (n_groups,)
        Rank of each group, as ``ranking_``.
    probe_importances_ : ndarray of shape (n_estimators, n_probes)
        Probe importances on the scale of ``importances_`` (with probes only;
        of ``member_group_importances_`` with groups).
    probe_sources_ : ndarray of shape (n_probes,)
        The real feature (with ``groups``: group) each probe permutes (with
        probes only).
    probe_threshold_ : float
        Mean over the used members of their probe percentile level, on the scale
        of ``feature_importances_`` (with probes only; drawn by the plots).
    hits_ : ndarray of shape (n_features_in_,)
        Members in which each feature beat the probes (with probes only). With
        ``groups`` this and the other probe-test attributes are per group,
        shape ``(n_groups,)``, and ``probe_threshold_`` is on the scale of
        ``group_importances_``.
    pvalues_ : ndarray of shape (n_features_in_,)
        One-sided binomial p-values for "more important than the probes",
        unadjusted (with probes only).
    pvalues_adjusted_ : ndarray of shape (n_features_in_,)
        The same after ``correction`` (with probes only).
    support_weak_ : ndarray of bool, shape (n_features_in_,)
        Tentative features: neither confirmed nor rejected (with probes only).
    net_ : EnsembleNet
        The fitted skorch net (its ``history`` holds per-member curves).
    n_features_in_ : int
        Number of features seen during ``fit``.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Names of features seen during ``fit``, when ``X`` has string column
        names.

    See Also
    --------
    sklearn.feature_selection.SelectFromModel : Threshold any model's importances.
    sklearn.ensemble.RandomForestClassifier : Impurity-based importances.

    Notes
    -----
    All members are trained in one torch module whose parameters carry a
    leading member dimension; see ``docs/design.rst`` for why that is fast and
    for the measurements behind the defaults.

    Examples
    --------
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.datasets import make_xor
    >>> X, y, relevant = make_xor(n_samples=600, n_features=8, random_state=0)
    >>> selector = DeepFeatureSelector(n_estimators=8, random_state=0).fit(X, y)
    >>> selector.importances_.shape
    (8, 8)
    >>> sorted(selector.feature_importances_.argsort()[-2:].tolist())
    [0, 1]
    >>> selector.transform(X).shape
    (600, 2)
    """

    _parameter_constraints = {
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "noise_std": [Interval(Real, 0, None, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "gate_l1": [Interval(Real, 0, None, closed="left")],
        "gate_l2": [Interval(Real, 0, None, closed="left")],
        "gate_lr_scale": [Interval(Real, 0, None, closed="neither")],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "bootstrap": ["boolean", StrOptions({"auto"})],
        "loss": [StrOptions({"auto", *LOSSES})],
        "task": [StrOptions({"auto", *TASKS})],
        "threshold": [Interval(Real, None, None, closed="neither"), str, None],
        "max_features": [Interval(Integral, 0, None, closed="left"), callable, None],
        "n_probes": [Interval(Integral, 1, None, closed="left"), None],
        "alpha": [Interval(Real, 0, 1, closed="neither")],
        "probe_percentile": [Interval(Real, 0, 100, closed="both")],
        "correction": [StrOptions({"bh", "bonferroni"})],
        "device": [str],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "importance": [StrOptions(set(METHODS))],
        "gate": [StrOptions(set(GATES))],
        "groups": ["array-like", dict, None],
        "n_repeats": [Interval(Integral, 1, None, closed="left")],
        "importance_power": [Interval(Real, 0, None, closed="neither")],
        "n_jobs": [Integral, None],
    }

    def __init__(
        self,
        *,
        n_estimators=32,
        hidden_layer_sizes=(64, 64),
        activation="relu",
        dropout=0.0,
        noise_std=0.0,
        weight_decay=1e-4,
        gate_l1=1e-3,
        gate_l2=0.0,
        gate_lr_scale=10.0,
        lr=4e-3,
        batch_size=256,
        max_epochs=100,
        patience=15,
        validation_fraction=0.2,
        bootstrap="auto",
        loss="auto",
        task="auto",
        threshold=None,
        max_features=None,
        n_probes=None,
        alpha=0.05,
        probe_percentile=100.0,
        correction="bh",
        device="auto",
        random_state=None,
        verbose=0,
        importance="gate",
        n_repeats=5,
        importance_power=2.0,
        gate="deterministic",
        groups=None,
        n_jobs=None,
    ):
        self.n_estimators = n_estimators
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.dropout = dropout
        self.noise_std = noise_std
        self.weight_decay = weight_decay
        self.gate_l1 = gate_l1
        self.gate_l2 = gate_l2
        self.gate_lr_scale = gate_lr_scale
        self.lr = lr
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.patience = patience
        self.validation_fraction = validation_fraction
        self.bootstrap = bootstrap
        self.loss = loss
        self.task = task
        self.threshold = threshold
        self.max_features = max_features
        self.n_probes = n_probes
        self.alpha = alpha
        self.probe_percentile = probe_percentile
        self.correction = correction
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.importance = importance
        self.n_repeats = n_repeats
        self.importance_power = importance_power
        self.gate = gate
        self.groups = groups
        self.n_jobs = n_jobs

    # ------------------------------------------------------------------ fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, **fit_params):
        """Train the ensemble and compute the feature importances.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Training data; standardised internally (the caller's array is not
            modified).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels (binary or multiclass), a multilabel indicator matrix,
            or real targets (single or multi-output).
        **fit_params : dict
            Ignored; accepted for API compatibility.

        Returns
        -------
        self : DeepFeatureSelector
            The fitted selector.
        """
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None."
            )
        y = dense_target(y)
        check_missing(X, "X")
        check_missing(y, "y")
        check_label_types(y)
        X, y = validate_data(
            self,
            X,
            y,
            dtype=[np.float64, np.float32],
            multi_output=True,
            ensure_min_samples=2,
            y_numeric=False,
        )
        sizes = _as_layer_sizes(self.hidden_layer_sizes)
        if self.validation_fraction == 0 and self.patience is not None:
            raise ValueError(
                "early stopping needs validation rows: with validation_fraction=0 "
                "set patience=None"
            )
        self.device_ = self._resolve_device()
        self.max_features_ = self._resolve_max_features(X)
        self._resolve_feature_groups(X.shape[1])
        use_probes = self._uses_probes()
        if not use_probes:  # grammar check, before any training
            resolve_threshold(self.threshold, np.zeros(1))
        targets, strata = self._encode_targets(y)

        self.scaler_mean_, self.scaler_scale_, Xs = standardise(X)

        rng = check_random_state(self.random_state)
        if use_probes:
            Xs = self._append_probes(Xs, rng)
        else:
            for name in self._PROBE_ATTRIBUTES:
                self.__dict__.pop(name, None)
        member_rngs, torch_seeds, noise_seeds = _member_seeds(rng, self.n_estimators)
        train_idx, valid_idx = _member_splits(
            X.shape[0],
            self.n_estimators,
            self.validation_fraction,
            use_probes if self.bootstrap == "auto" else bool(self.bootstrap),
            member_rngs,
            strata,
        )
        self.net_ = self._train_members(
            sizes, Xs, targets, train_idx, valid_idx, torch_seeds, noise_seeds
        )

        self.n_iter_ = len(self.net_.history)
        if valid_idx is None:
            # No held-out rows: score each member on its own training rows.
            data = MemberSplit(train_idx)(self.net_.get_dataset(Xs, targets))[0]
            self.member_scores_ = self.net_.member_losses(
                self.net_.get_iterator(data)
            ).numpy()
            self.member_baseline_scores_ = self._baseline_losses(targets, train_idx)
        else:
            self.member_scores_ = np.asarray(self.net_.member_scores_, dtype=float)
            self.member_baseline_scores_ = self._baseline_losses(
                targets, train_idx, valid_idx
            )
        self._check_divergence()
        start = time.perf_counter()
        scores = member_importances(
            self.importance,
            self.net_,
            Xs,
            targets,
            train_idx if valid_idx is None else valid_idx,
            n_repeats=self.n_repeats,
            train_rows=train_idx,
            random_state=rng,
            groups=self._net_groups,
        )
        self.importance_seconds_ = time.perf_counter() - start
        scores[self.member_diverged_] = 0.0  # their scores are NaN or meaningless
        if self._net_groups is None:
            self._set_importances(scores, X.shape[1])
        else:
            self._set_importances(scores, len(self.group_names_))
            self._spread_groups()
        return self

    def _check_divergence(self):
        """Flag members whose loss stopped being finite; raise if all did."""
        diverged = getattr(self.net_, "member_diverged_", None)
        if diverged is None:  # no validation rows: judge the final training loss
            diverged = np.zeros(self.n_estimators, dtype=bool)
        self.member_diverged_ = np.asarray(diverged, dtype=bool) | ~np.isfinite(
            self.member_scores_
        )
        self.n_diverged_ = int(self.member_diverged_.sum())
        if self.n_diverged_ == self.n_estimators:
            raise RuntimeError(
                f"all {self.n_estimators} members diverged (their loss became NaN "
                f"or infinite); lower the learning rate (lr={self.lr}), raise "
                "weight_decay, or check y for extreme values"
            )
        if self.n_diverged_:
            warnings.warn(
                f"{self.n_diverged_} of {self.n_estimators} members diverged (loss "
                "NaN or infinite) and were discarded; consider a lower lr",
                DivergenceWarning,
                stacklevel=4,  # user -> _fit_context wrapper -> fit -> here
            )

    _PROBE_ATTRIBUTES = (
        "probe_importances_",
        "probe_sources_",
        "probe_threshold_",
        "hits_",
        "pvalues_",
        "pvalues_adjusted_",
        "support_weak_",
        "_probe_support",
    )

    def _uses_probes(self):
        return isinstance(self.threshold, str) and self.threshold.strip() == "probe"

    def _append_probes(self, Xs, rng):
        """Append row-permuted copies of the (standardised) features."""
        if self._net_groups is not None:
            return self._append_group_probes(Xs, rng)
        n, d = Xs.shape
        n_probes = d if self.n_probes is None else self.n_probes
        order = rng.permutation(d)
        self.probe_sources_ = np.resize(order, n_probes)
        rows = np.argsort(rng.random_sample((n_probes, n)), axis=1)
        probes = Xs[rows.T, self.probe_sources_[None, :]]
        return np.hstack([Xs, probes]).astype(np.float32)

    _GROUP_ATTRIBUTES = (
        "groups_",
        "group_names_",
        "group_sizes_",
        "group_importances_",
        "group_importances_std_",
        "member_group_importances_",
        "group_ranking_",
        "_probe_columns",
        "_probe_blocks",
    )

    def _resolve_feature_groups(self, n_features):
        """Resolve ``groups`` (before any training); set ``_net_groups``.

        ``_net_groups`` is the group index of every network input (probe
        groups appended later), or None without groups.
        """
        for name in self._GROUP_ATTRIBUTES:
            self.__dict__.pop(name, None)
        self._net_groups = None
        if self.groups is None:
            return
        index, names = resolve_groups(
            self.groups, n_features, getattr(self, "feature_names_in_", None)
        )
        self.groups_ = index
        self.group_names_ = names
        self.group_sizes_ = np.bincount(index, minlength=len(names))
        if self.max_features_ is not None and self.max_features_ > len(names):
            raise ValueError(
                f"max_features={self.max_features_} exceeds the number of groups "
                f"({len(names)}); with groups, max_features counts groups"
            )
        self._net_groups = index.tolist()

    def _append_group_probes(self, Xs, rng):
        """Append probe groups: each a copy of a whole group (standardised)
        with its rows permuted jointly, so the columns keep their relations."""
        n = Xs.shape[0]
        n_groups = len(self.group_names_)
        n_probes = n_groups if self.n_probes is None else self.n_probes
        order = rng.permutation(n_groups)
        self.probe_sources_ = np.resize(order, n_probes)
        rows = np.argsort(rng.random_sample((n_probes, n)), axis=1)
        members = [np.flatnonzero(self.groups_ == g) for g in range(n_groups)]
        columns = [members[g] for g in self.probe_sources_]
        self._probe_columns = np.concatenate(columns)
        self._probe_blocks = np.repeat(np.arange(n_probes), [len(c) for c in columns])
        probes = Xs[rows[self._probe_blocks].T, self._probe_columns[None, :]]
        self._net_groups += (n_groups + self._probe_blocks).tolist()
        return np.hstack([Xs, probes]).astype(np.float32)

    def _spread_groups(self):
        """Move the group-level results of ``_set_importances`` to the group
        attributes and spread each group's score evenly over its columns."""
        index = self.groups_
        size = self.group_sizes_[index]
        self.member_group_importances_ = self.importances_
        self.group_importances_ = self.feature_importances_
        self.group_importances_std_ = self.feature_importances_std_
        self.group_ranking_ = self.ranking_
        self.importances_ = self.member_group_importances_[:, index] / size
        self.feature_importances_ = self.group_importances_[index] / size
        self.feature_importances_std_ = self.group_importances_std_[index] / size
        self.ranking_ = self.group_ranking_[index]

    def _selection_scores(self):
        """Scores the threshold applies to: the groups' with groups."""
        if hasattr(self, "groups_"):
            return self.group_importances_
        return self.feature_importances_

    def _resolve_device(self):
        device = self.device
        if device == "auto":
            return "cuda" if torch.cuda.is_available() else "cpu"
        try:
            parsed = torch.device(device)
        except RuntimeError:
            raise ValueError(
                f"device={device!r} is not a torch device; use 'auto', 'cpu' or 'cuda'"
            ) from None
        if parsed.type == "cuda" and not torch.cuda.is_available():
            raise ValueError(f"device={device!r} was requested but CUDA is unavailable")
        if parsed.type not in ("cpu", "cuda"):
            raise ValueError(f"device={device!r}: only 'cpu' and 'cuda' are supported")
        return str(parsed)

    def _resolve_max_features(self, X):
        max_features = self.max_features
        if callable(max_features):
            max_features = max_features(X)
            if not isinstance(max_features, Integral) or max_features < 0:
                raise ValueError(
                    "max_features callable must return a non-negative int, got "
                    f"{max_features!r}"
                )
        if max_features is not None and max_features > X.shape[1]:
            raise ValueError(
                f"max_features={max_features} exceeds the number of features "
                f"({X.shape[1]})"
            )
        return None if max_features is None else int(max_features)

    def _encode_targets(self, y):
        """Infer the task, check the loss, encode ``y`` for the networks.

        Returns the target array for the net and the class codes used to
        stratify the members' splits (or None).
        """
        kind = type_of_target(y, input_name="y", raise_unknown=True)
        if hasattr(self, "classes_"):  # from an earlier fit on class labels
            del self.classes_
        task = self.task
        if task == "auto":
            task = {
                "binary": "classification",
                "multiclass": "classification",
                "multilabel-indicator": "multilabel",
                "continuous": "regression",
                "continuous-multioutput": "regression",
            }.get(kind)
            if task is None:
                raise ValueError(
                    f"unsupported target type {kind!r}: y must hold class labels, a "
                    "multilabel indicator matrix or real values (set task= to force)"
                )
        self.task_ = task
        y = np.asarray(y)
        if task == "regression":
            return self._encode_regression(y)
        if task == "multilabel":
            if kind != "multilabel-indicator":
                raise ValueError(
                    "task='multilabel' needs a 2-D 0/1 indicator matrix y, got a "
                    f"{kind!r} target"
                )
            loss = "binary_cross_entropy" if self.loss == "auto" else self.loss
            if loss not in ("binary_cross_entropy", "soft_f1"):
                raise ValueError(
                    f"loss={loss!r} does not apply to multilabel targets; use "
                    "'binary_cross_entropy' or 'soft_f1'"
                )
            if np.all(y.min(axis=0) == y.max(axis=0)):
                raise ValueError(
                    "y is constant: every label column holds a single value, so "
                    "there is nothing to select features for"
                )
            self.loss_, self.n_outputs_ = loss, y.shape[1]
            return y.astype(np.float32), None
        # classification
        if y.ndim > 1 and y.shape[1] > 1:
            raise ValueError(
                "multi-output class labels are not supported; pass a multilabel "
                "indicator matrix or one label column"
            )
        if kind.startswith("continuous"):
            raise ValueError(
                "task='classification' but y holds continuous values; use "
                "task='regression'"
            )
        encoder = LabelEncoder().fit(y.ravel())
        self.classes_ = encoder.classes_
        codes = encoder.transform(y.ravel())
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(
                f"y has only 1 class ({self.classes_[0]!r}); a classification "
                "target needs at least two"
            )
        default = "binary_cross_entropy" if n_classes == 2 else "cross_entropy"
        loss = default if self.loss == "auto" else self.loss
        if loss == "squared_error":
            raise ValueError(
                "loss='squared_error' is for regression targets; y holds class labels"
            )
        self.loss_ = loss
        if loss == "cross_entropy":
            self.n_outputs_ = n_classes
            return codes.astype(np.int64), codes
        if n_classes == 2:  # one logit
            self.n_outputs_ = 1
            return codes.astype(np.float32)[:, None], codes
        self.n_outputs_ = n_classes
        return np.eye(n_classes, dtype=np.float32)[codes], codes

    def _encode_regression(self, y):
        if not np.issubdtype(y.dtype, np.number) or np.issubdtype(
            y.dtype, np.complexfloating
        ):
            raise ValueError(f"task='regression' needs numeric y, got dtype {y.dtype}")
        if self.loss not in ("auto", "squared_error"):
            raise ValueError(
                f"loss={self.loss!r} is for class labels; regression uses "
                "'squared_error'"
            )
        y2 = y.reshape(len(y), -1).astype(np.float64)
        if not np.all(np.isfinite(y2)):
            raise ValueError("y contains NaN or infinity")
        y2 = standardise(y2)[2]  # a constant column becomes exactly 0
        if not y2.any():
            raise ValueError("y is constant: there is nothing to select features for")
        self.loss_, self.n_outputs_ = "squared_error", y2.shape[1]
        return y2, None

    def _encode_for_net(self, y):
        """``y`` encoded for the fitted networks as ``fit`` encodes it.

        Side-effect free (post-hoc importances on new data). Regression
        targets are standardised by their own mean and spread, as in ``fit``.
        """
        check_is_fitted(self)
        y = np.asarray(y)
        if y.ndim == 0 or len(y) == 0:
            raise ValueError("y must hold at least one row")
        if self.task_ in ("regression", "multilabel"):
            y2 = y.reshape(len(y), -1)
            if y2.shape[1] != self.n_outputs_:
                raise ValueError(
                    f"y has {y2.shape[1]} columns; the selector was fitted on "
                    f"{self.n_outputs_}"
                )
            if self.task_ == "multilabel":
                return y2.astype(np.float32)
            return standardise(y2.astype(np.float64))[2]
        if y.ndim > 1 and y.shape[1] != 1:
            raise ValueError("y must be one column of class labels")
        labels = y.ravel()
        codes = np.searchsorted(self.classes_, labels)
        known = codes < len(self.classes_)
        known[known] = self.classes_[codes[known]] == labels[known]
        if not known.all():
            raise ValueError(
                f"y contains labels not seen in fit: {np.unique(labels[~known])!r}"
            )
        if self.loss_ == "cross_entropy":
            return codes.astype(np.int64)
        if len(self.classes_) == 2:
            return codes.astype(np.float32)[:, None]
        return np.eye(len(self.classes_), dtype=np.float32)[codes]

    def _build_net(
        self, sizes, n_features, train_idx, valid_idx, seed, member_seeds=None
    ):
        """An unfitted net for the members whose rows are ``train_idx``."""
        callbacks = []
        if valid_idx is not None:
            callbacks.append(
                ("member_early_stopping", MemberEarlyStopping(patience=self.patience))
            )
        if self.verbose == 1:
            # After early stopping, so that the bar sees the epoch's n_active.
            callbacks.append(("progress", EpochProgress()))
        return EnsembleNet(
            module=GatedEnsembleMLP,
            module__n_members=len(train_idx),
            module__n_features=n_features,
            module__n_outputs=self.n_outputs_,
            module__hidden_layer_sizes=sizes,
            module__activation=self.activation,
            module__dropout=self.dropout,
            module__noise_std=self.noise_std,
            module__gate=self.gate,
            module__groups=getattr(self, "_net_groups", None),
            criterion=EnsembleLoss,
            criterion__kind=self.loss_,
            optimizer=torch.optim.Adam,
            optimizer__weight_decay=self.weight_decay,
            optimizer__param_groups=[
                (
                    "gate.weight",
                    {"lr": self.lr * self.gate_lr_scale, "weight_decay": 0.0},
                )
            ],
            lr=self.lr,
            batch_size=self.batch_size,
            max_epochs=self.max_epochs,
            train_split=MemberSplit(train_idx, valid_idx),
            callbacks=callbacks,
            gate_l1=self.gate_l1,
            gate_l2=self.gate_l2,
            seed=seed,
            member_seeds=member_seeds,
            # Validation chunks sized for the whole ensemble, so that a group
            # of members sums its validation losses in the same chunks.
            valid_batch_size=chunk_rows(
                self.n_estimators, max(n_features, self.n_outputs_, *sizes)
            ),
            device=self.device_,
            verbose=self.verbose,
        )

    def _train_members(
        self, sizes, Xs, targets, train_idx, valid_idx, torch_seeds, noise_seeds
    ):
        """Train the ensemble, split into ``n_jobs`` groups of members.

        Each group is an ordinary member-batched net trained by
        :func:`_fit_group` through :class:`joblib.Parallel` (so in the active
        joblib backend: processes, threads or Dask workers); the groups are
        then joined into one net holding every member. One group (``n_jobs``
        resolving to 1) trains in this process, as one net.
        """
        n_groups = min(self.n_estimators, effective_n_jobs(self.n_jobs))
        groups = np.array_split(np.arange(self.n_estimators), n_groups)
        noisy = self.dropout > 0 or self.noise_std > 0 or GATES[self.gate].per_row

        def build(members, seed):
            return self._build_net(
                sizes,
                Xs.shape[1],
                train_idx[members],
                None if valid_idx is None else valid_idx[members],
                seed,
                [torch_seeds[e] for e in members],
            )

        def noise_seed(members):
            return noise_seeds[members[0]] if noisy else None

        if n_groups == 1:
            net = build(groups[0], noise_seeds[0])
            return _fit_group(net, Xs, targets, None, noise_seed(groups[0]))
        with caller_limits(n_groups):
            parts = Parallel(n_jobs=self.n_jobs)(
                delayed(_fit_group)(
                    build(members, noise_seeds[members[0]]),
                    Xs,
                    targets,
                    n_groups,
                    noise_seed(members),
                )
                for members in groups
            )
        net = build(np.arange(self.n_estimators), noise_seeds[0])
        return concatenate_members(net, parts)

    def _baseline_losses(self, targets, train_idx, valid_idx=None):
        """Loss of the best constant predictor of each member's training rows,
        evaluated on its validation rows (or its training rows)."""
        eval_idx = train_idx if valid_idx is None else valid_idx
        criterion = self.net_.criterion_
        t = torch.as_tensor(targets)
        y_train = t[torch.as_tensor(train_idx)]  # (E, m, ...)
        if self.loss_ == "cross_entropy":
            counts = torch.nn.functional.one_hot(y_train, self.n_outputs_).sum(1)
            prior = (counts.float() + 0.5) / (counts.sum(1, keepdim=True) + 0.5)
            const = prior.log()
        elif self.loss_ == "squared_error":
            const = y_train.mean(1)
        else:
            prior = y_train.mean(1).clamp(1e-4, 1 - 1e-4)
            const = torch.log(prior / (1 - prior))
        y_eval = t[torch.as_tensor(eval_idx)]
        out = const.unsqueeze(1).expand(-1, y_eval.shape[1], -1).contiguous()
        return criterion(out, y_eval).numpy().astype(float)

    def _set_importances(self, scores, d):
        """Per-member importances of the ``d`` real features (rows sum to 1),
        their mean and spread, and the probe test where probes were trained.

        ``scores`` holds every member's raw scores of all the network's inputs,
        ``(n_estimators, d + n_probes)``; columns ``d:`` are the probes.
        """
        scores = scores**self.importance_power  # scores are non-negative
        total = scores[:, :d].sum(axis=1, keepdims=True)
        safe = np.where(total > 0, total, 1.0)
        self.importances_ = np.where(total > 0, scores[:, :d] / safe, 1 / d)
        if self.validation_fraction == 0:
            # Training losses say nothing about generalisation: keep every member.
            learned = np.ones(len(scores), dtype=bool)
        else:
            learned = np.isfinite(self.member_scores_) & (
                self.member_scores_ < self.member_baseline_scores_
            )
        learned &= ~self.member_diverged_
        if not learned.any():
            warnings.warn(
                "no member beat a constant predictor on its held-out rows; the "
                "importances are not informative (try more epochs or data)",
                NoLearningWarning,
                stacklevel=4,  # user -> _fit_context wrapper -> fit -> here
            )
            learned = ~self.member_diverged_
        self.members_used_ = learned
        used = self.importances_[learned]
        self.feature_importances_ = used.mean(axis=0)
        self.feature_importances_std_ = used.std(axis=0)
        member_ranks = (-used).argsort(axis=1).argsort(axis=1) + 1
        median_rank = np.median(member_ranks, axis=0)
        if scores.shape[1] == d:
            order = np.lexsort((-self.feature_importances_, median_rank))
            self.ranking_ = np.empty(d, dtype=int)
            self.ranking_[order] = np.arange(1, d + 1)
            return
        self.probe_importances_ = np.where(total > 0, scores[:, d:] / safe, 0.0)
        result = probe_test(
            used,
            self.probe_importances_[learned],
            alpha=self.alpha,
            percentile=self.probe_percentile,
            correction=self.correction,
        )
        self.probe_threshold_ = float(result["probe_level"].mean())
        self.hits_ = result["hits"]
        self.pvalues_ = result["pvalues"]
        self.pvalues_adjusted_ = result["pvalues_adjusted"]
        self._probe_support = result["confirmed"]
        self.support_weak_ = result["tentative"]
        # 1 confirmed, 2 tentative, then 3, 4, ... by median rank across members.
        self.ranking_ = np.where(result["confirmed"], 1, 2)
        others = np.flatnonzero(~result["confirmed"] & ~result["tentative"])
        order = others[
            np.lexsort((-self.feature_importances_[others], median_rank[others]))
        ]
        self.ranking_[order] = np.arange(3, 3 + len(order))

    def importance_interval(self, level=0.95, kind="mean"):
        """Interval for each feature's importance across the used members.

        Parameters
        ----------
        level : float, default=0.95
            Coverage of the interval, in (0, 1).
        kind : {"mean", "members"}, default="mean"
            ``"mean"``: Student-t confidence interval of the ensemble mean
            ``feature_importances_`` (members as independent draws).
            ``"members"``: central percentile range of the members' own
            importances (where a single network's importance falls).

        Returns
        -------
        low, high : ndarray of shape (n_features_in_,)
            Lower and upper ends (the mean interval is clipped at 0).

        Examples
        --------
        >>> from skdfs import DeepFeatureSelector
        >>> from skdfs.datasets import make_xor
        >>> X, y, _ = make_xor(n_samples=400, n_features=6, random_state=0)
        >>> sel = DeepFeatureSelector(n_estimators=8, random_state=0).fit(X, y)
        >>> low, high = sel.importance_interval(0.95)
        >>> bool((low <= sel.feature_importances_).all())
        True
        """
        from scipy.stats import t

        check_is_fitted(self)
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        used = self.importances_[self.members_used_]
        if kind == "members":
            tail = 100 * (1 - level) / 2
            return (
                np.percentile(used, tail, axis=0),
                np.percentile(used, 100 - tail, axis=0),
            )
        if kind != "mean":
            raise ValueError(f"kind must be 'mean' or 'members', got {kind!r}")
        m = used.shape[0]
        mean = used.mean(axis=0)
        if m < 2:
            return mean.copy(), mean.copy()
        half = t.ppf((1 + level) / 2, m - 1) * used.std(axis=0, ddof=1) / np.sqrt(m)
        return np.maximum(mean - half, 0.0), mean + half

    # ------------------------------------------------------------ selection
    @property
    def threshold_(self):
        """Numeric threshold applied to ``feature_importances_`` (to
        ``group_importances_`` when fitted with ``groups``)."""
        check_is_fitted(self)
        if self._uses_probes():
            return self._probe_attribute("probe_threshold_")
        if self.threshold is None and self.max_features_ is not None:
            return -np.inf
        return resolve_threshold(self.threshold, self._selection_scores())

    def _probe_attribute(self, name):
        if not hasattr(self, name):
            raise ValueError(
                "threshold='probe' needs probes trained with the ensemble: fit "
                "again with threshold='probe'"
            )
        return getattr(self, name)

    def _get_support_mask(self):
        check_is_fitted(self)
        mask = self._selection_mask(self._selection_scores())
        # With groups the decisions are per group: every column follows its group.
        return mask[self.groups_] if hasattr(self, "groups_") else mask

    def _selection_mask(self, scores):
        if self._uses_probes():
            confirmed = self._probe_attribute("_probe_support")
            if self.max_features_ is None:
                return confirmed.copy()
            return confirmed & support_from_scores(scores, None, self.max_features_)
        return support_from_scores(scores, self.threshold, self.max_features_)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        tags.input_tags.allow_nan = False
        return tags
