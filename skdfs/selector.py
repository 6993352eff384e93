"""DeepFeatureSelector: scikit-learn selector backed by a gated network ensemble.

The class holds the parameters and the order of the fit; the work happens in
the modules named for it: :mod:`skdfs._targets` (task and target encoding),
:mod:`skdfs._probes` (probe columns), :mod:`skdfs._ensemble` (member seeds,
splits, training in groups), :mod:`skdfs.importance` (member scores),
:mod:`skdfs.selection` (ranking, probe test) and :mod:`skdfs._base` (what both
selectors share).
"""

from __future__ import annotations

import time
from numbers import Integral, Real

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, InvalidParameterError, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from ._base import (
    GatedSelectorBase,
    current_max_features,
    split_rows,
    vote_notes,
    warn_path_selection,
    warn_target,
    weak_gains,
)
from ._ensemble import global_noise, member_seeds, path_seeds
from ._inputs import (
    check_label_types,
    check_missing,
    curved_columns,
    standardise,
)
from ._probes import append_probes, probe_columns
from ._subspace import ensemble_mean, ensemble_ranking, member_gains, member_masks
from ._targets import TASKS, NetTargetEncoder
from ._threads import sharing_steps
from .exceptions import DivergenceWarning, NoLearningWarning
from .groups import (
    GROUP_ATTRIBUTES,
    penalty_weights,
    resolve_groups,
    spread_group_scores,
)
from .importance import METHODS, member_importances
from .network import GATES, INPUT_BASES
from .path import blend_path_scores, gate_path, path_vote
from .selection import (
    PROBE_SPLIT_MIN_MEMBERS,
    PROBE_STATISTICS,
    normalise_rows,
    probe_percentile,
    probe_ranking,
    probe_test,
    support_from_scores,
)
from .tabular import check_class_count, fit_table, needs_encoding
from .training import LOSSES, EnsembleLoss, EnsembleNet

__all__ = ["DeepFeatureSelector", "DivergenceWarning", "NoLearningWarning"]

_PROBE_ATTRIBUTES = (
    "probe_importances_",
    "probe_percentile_",
    "probe_sources_",
    "probe_threshold_",
    "hits_",
    "pvalues_",
    "pvalues_adjusted_",
    "support_weak_",
    "_probe_support",
)

_PATH_ATTRIBUTES = (
    "path_",
    "path_importances_",
    "path_support_",
    "path_share_",
    "path_vote_",
)


_CONSTRAINTS = {
    "input_basis": [StrOptions(set(INPUT_BASES))],
    "dropout": [Interval(Real, 0, 1, closed="left")],
    "noise_std": [Interval(Real, 0, None, closed="left")],
    "gate_l2": [Interval(Real, 0, None, closed="left")],
    "bootstrap": ["boolean"],
    "loss": [StrOptions({"auto", *LOSSES})],
    "task": [StrOptions({"auto", *TASKS})],
    "n_probes": [Interval(Integral, 1, None, closed="left"), None],
    "alpha": [Interval(Real, 0, 1, closed="neither")],
    "probe_percentile": [
        Interval(Real, 0, 100, closed="both"),
        StrOptions({"auto"}),
    ],
    "correction": [StrOptions({"bh", "bonferroni"})],
    "probe_statistic": [StrOptions(set(PROBE_STATISTICS))],
    "importance": [StrOptions(set(METHODS))],
    "gate": [StrOptions(set(GATES))],
    "groups": ["array-like", dict, None],
    "n_repeats": [Interval(Integral, 1, None, closed="left")],
    "importance_power": [Interval(Real, 0, None, closed="neither")],
    "categorical_features": ["array-like", StrOptions({"from_dtype"}), None],
    "max_onehot_levels": [Interval(Integral, 1, None, closed="left"), None],
    "member_features": [Interval(Real, 0.5, 1, closed="both")],
}


def _net_gate_groups(X, groups, sources):
    """The gate group of every network input and every group's penalty weight
    (:func:`~skdfs.groups.penalty_weights`, on the columns before
    standardisation); each probe group (``sources``: the group each probe
    permutes) gets a gate of its own with its source's weight. ``(None,
    None)`` without groups."""
    if groups is None:
        return None, None
    index, weights = groups.tolist(), penalty_weights(X, groups)
    if sources is not None:
        blocks = probe_columns(sources, groups)[1]
        index += (int(groups.max()) + 1 + blocks).tolist()
        weights = np.concatenate([weights, weights[sources]])
    return index, weights.tolist()


class DeepFeatureSelector(GatedSelectorBase):
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
        Number of networks (members) in the ensemble. The gate path's vote
        selects a feature that a quarter of the used members keep (at least
        three, two of four or five): with 8 members three decide. Where the
        signal is strong the count hardly matters; where it is weak, fewer
        members let more noise through (200-row regressions on 15 columns,
        three true, twelve fits each, with a floor of two members: 13 noise
        columns selected in all at 8 and at 16 members, 3 at 32; at 1,000
        rows none at any count; ``benchmarks/probes/probe_member_count.py``;
        the sweep's fits voting in blocks of 8 members: a false share of
        0.033 with the floor of three, 0.090 with two, 0.030 with all 32;
        ``docs/benchmarks.md``, "Small ensembles"). Keep the default where
        the selection matters.
    hidden_layer_sizes : int or tuple of int, default=(64, 64)
        Widths of the hidden layers of every member; ``()`` gives gated linear
        (logistic) models.
    activation : {"relu", "elu", "gelu", "tanh", "selu", "silu", "leaky_relu"}, \
default="relu"
        Hidden-layer activation.
    input_basis : {"linear", "quadratic", "mixed"}, default="mixed"
        What each feature brings to the first layer. ``"linear"``: its
        standardised value ``x``. ``"quadratic"``: every feature with more than
        two distinct values also enters as ``x**2 - 1``, behind the same gate,
        so a feature that acts through its own curvature (``y`` depends on
        ``x**2``, or on ``|x|``) is visible to a single hidden unit from the
        first step; two-valued features (flags, one-hot columns) stay linear.
        The gates, and so the importances, stay one per feature.
        ``"mixed"``: the odd-numbered members are quadratic, the others
        linear, and the ranking pools them all (``docs/design.rst``).
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
    batch_size : int or "auto", default="auto"
        Rows per mini-batch of each member. ``"auto"`` takes the largest power
        of two between 32 and 256 that gives at least 16 steps per epoch
        (``batch_size_``): a 400-row training split gets batches of 32, a
        43,200-row one batches of 256.
    max_steps : int or None, default=500
        Optimizer steps each member may take: the training budget, the same
        whatever the number of rows (it is converted into epochs of the
        resolved batch size). ``None``: only ``max_epochs`` bounds training.
        It was 2000 until the sixteenth session: the steps after 500 went
        almost only to members that never beat the constant predictor, whose
        best state the fit restores anyway (held-out sweep: mean AUC 0.9180
        against 0.9182, F1 0.783 against 0.783, 0.56 times the seconds;
        ``docs/benchmarks.md``, "A step budget of 500").
    max_epochs : int or None, default=None
        A cap in passes over each member's training rows, on top of
        ``max_steps``; ``None``: no cap beyond the step budget. It used to be
        the budget itself (default 100).
    patience : int or None, default=200
        Optimizer steps without improvement of a member's validation loss
        before that member stops (rounded up to whole epochs); it is then
        restored to its best epoch. The count starts only once the member has
        beaten the best constant predictor on its validation rows, so members
        on a plateau (XOR-like targets) keep training within ``max_steps``.
        ``None`` disables early stopping (members keep their final weights);
        it requires no validation rows. It used to count epochs (default 15).
    validation_fraction : float, default=0.2
        Share of the rows each member holds out (its own random, class
        stratified split) for early stopping and for ``member_scores_``.
        ``0.5`` reproduces the reference report; ``0`` trains on all rows and
        requires ``patience=None``.
    bootstrap : bool, default=False
        Whether each member resamples its training rows with replacement.
        Members that all see the same rows share the sample's chance
        correlations, so their votes in the probe test are not independent
        trials; bootstrapping makes them closer to it but trains worse
        members. Probe mode used to bootstrap (``"auto"``); on the sweep's
        tuning half it selects and ranks better without (F1 0.577 against
        0.537, ranking ROC-AUC 0.837 against 0.806; ``docs/benchmarks.md``),
        with a stricter probe percentile (``probe_percentile="auto"``).
    member_features : float in [0.5, 1], default=1.0
        Share of the columns (of the groups, with ``groups``) each member
        sees: below 1 every member's gates outside its columns are held at
        zero (random-subspace members), in a balanced design where each
        member sees ``(q - 1) / q`` of them, ``q`` the nearest whole number
        to ``1 / (1 - member_features)`` (0.5: half, 0.75: three quarters;
        the design has no smaller share than a half, so smaller values are
        refused).
        A column's score is then the mean over the members that saw it,
        weighted by each member's gain over the constant predictor
        (``member_masks_``; :mod:`skdfs._subspace`). Spreads the credit over
        redundant columns that a full-column member would split arbitrarily:
        held out, 0.75 ranked real tables with probes better (breast cancer
        ROC-AUC 0.93 against 0.89, diabetes 0.85 against 0.79) but selected
        worse where correlated copies count as irrelevant, and it costs
        20-35% more time; not the default (``docs/benchmarks.md``,
        "Random-subspace members in the module"). A member that misses a
        column of an interaction learns nothing from it: on small tables
        with interactions keep it at 0.75 or more. ``importance_interval``
        and ``feature_importances_std_`` then run over the members that saw
        each column. Not available with ``threshold="probe"``.
    loss : {"auto", "cross_entropy", "binary_cross_entropy", "soft_f1", \
"squared_error", "huber"}, default="auto"
        Training loss. ``"auto"`` uses binary cross-entropy with one logit for
        binary and multilabel targets, cross-entropy for multiclass targets and
        squared error for regression, or ``"huber"`` where the target's tails
        are heavy (the 1% of rows farthest from its mean carry more than a
        third of its squared deviation: Student-t noise, gross outliers, a
        log-normal quantity). ``"soft_f1"`` (one sigmoid per label) is the
        reference report's choice for multilabel targets. ``"huber"``
        (regression) centres the target on its median, scales it by its
        robust spread and is squared up to 1.345 of that spread, linear
        beyond, and the gate path compares its levels row by row (paired
        standard errors). With squared error on such targets a few rows
        decided the training, and the path often selected nothing (mean F1
        0.22 against 0.85 for Huber's loss with Student-t noise of 1.5
        degrees of freedom, 0.18 against 0.89 with 5% gross outliers, held-out
        half of ``benchmarks/probes/probe_heavy_tails.py``); on Gaussian
        noise the two tie.
    task : {"auto", "classification", "regression", "multilabel"}, default="auto"
        ``"auto"`` infers the task from ``y`` with
        :func:`~sklearn.utils.multiclass.type_of_target`; set it to treat an
        integer target as a regression target, for instance.
    threshold : float, str or None, default="auto"
        Cut-off on ``feature_importances_``: a number, ``"mean"``,
        ``"median"`` or a scaled reference such as ``"1.5*mean"``. ``None``
        means ``"mean"``, unless ``max_features`` is set, in which case only the
        count limits the selection. ``"auto"`` is ``"path"`` where the path
        applies (``validation_fraction > 0`` and ``gate="deterministic"``)
        and ``"mean"`` elsewhere: on the sweep the path selects better than
        the mean (mean F1 0.677 against 0.539 on the tuning half, 0.713
        against 0.616 held out) and, with ``importance="gate"``, ranks better
        too (below); it adds about a third to a fit's time
        (``docs/benchmarks.md``, "Selection rules on the sweep" and "Ranking
        from the path"). ``"probe"`` appends permuted copies of the
        features (probes) during ``fit`` and keeps the features that beat the
        probes significantly often across members (see ``alpha``); with
        ``importance="gate"`` it runs the gate path as well, and the probes'
        importances are blended from their gates and path scores exactly as
        the real features' are.
        ``"path"`` runs the gate path after training (:mod:`skdfs.path`):
        each member, warm started from its predictive fit, trains on with a
        growing gate penalty; it keeps the features alive at the sparsest
        point whose validation loss is within one standard error of its best,
        and a feature is selected when a quarter of the members keep it
        (``path_support_``; the share was chosen on the sweep's tuning half,
        ``docs/benchmarks.md``). When the path runs with
        ``importance="gate"``, each member's importances are
        ``1 - PATH_RANK_WEIGHT`` (0.5) of its gates at the predictive fit plus
        :data:`~skdfs.path.PATH_RANK_WEIGHT` (0.5) of its path scores
        (``path_importances_``). Read at ``transform`` time, so it can be
        changed after fitting (to ``"probe"`` or ``"path"`` only if the
        selector was fitted with it; ``"auto"`` is then the path if the fit ran
        it, else ``"mean"``).
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
    probe_percentile : float or "auto", default="auto"
        In each member a feature is compared with this percentile of the
        member's probe importances (100 = the best probe, as in Boruta): a
        hit when it beats it, a margin by how much. The tests' null (a
        median margin of 0, a hit rate of 1/2) makes them conservative below
        100 for independent members: a feature no more important than the
        probes beats their 90th percentile in about one member in ten.
        ``"auto"`` (``probe_percentile_``) takes, for the signed-rank test,
        the level that two of the ``m`` probes exceed, ``100 (1 - 2 / m)``
        (90 with 20 probes or fewer, 98 with 100, 99.8 with 1,000;
        ``skdfs.selection.PROBES_ABOVE``): a fixed percentile lets a fixed
        share of the null features through, so its false selections grow
        with the width. For the sign test it takes 99 without bootstrap and
        90 with ``bootstrap=True`` (``skdfs.selection.PROBE_PERCENTILE``).
        Each was chosen on the sweep's tuning half as the best F1 with a
        false-selection share of at most 0.05 (``docs/benchmarks.md``, probe
        test). Members that share their rows share its chance correlations,
        so lower percentiles select noise: with the sign test and the linear
        basis, share 0.070 at 95 and 0.148 at 90; with the signed-rank test
        at a fixed 96, 0.304 on 1,000 features held out.
    correction : {"bh", "bonferroni"}, default="bh"
        Multiple-testing adjustment of the probe test: Benjamini–Hochberg
        (controls the false discovery rate) or Bonferroni (family-wise error).
    probe_statistic : {"signed_rank", "sign"}, default="signed_rank"
        The probe test across members. ``"signed_rank"``: a one-sided
        Wilcoxon signed-rank test of the members' margins (a feature's
        importance minus the probe percentile), which counts how far a
        feature clears the probes. ``"sign"``: the sign test on the hits
        (Boruta's), the default before 2026-12-02. On the sweep with the
        mixed basis and the gate path the signed-rank test at percentile 96
        selected better on both halves (held-out F1 0.705, false-selection
        share 0.050, recall 0.661, against 0.608, 0.010 and 0.540 for the
        sign test at 99).
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
        sure of a feature. On the tuning suite, with the current training, it
        ranked a little better than power 1 and selected better than higher
        powers (``docs/design.rst``, threshold rules and the importance
        power). Within a member the order of the features is unchanged,
        so where the path does not run the probe test's hits do not depend
        on it (the path's scores, blended in, do not take the power).
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
        ``{name: index list}`` names them; on a frame, lists of column names
        work too), each feature in at most one list;
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
    categorical_features : "from_dtype", None, array-like of str or int, or \
array-like of bool, default="from_dtype"
        Categorical columns, as in scikit-learn's ``HistGradientBoosting*``:
        ``"from_dtype"`` takes pandas ``category``, string and object (text)
        columns; names, indices or a boolean mask add integer-coded columns.
        Where ``X`` has categorical columns or missing values it is encoded
        by :class:`skdfs.tabular.TableEncoder` (one-hot levels, a two-level
        column as one indicator; missing values imputed by the median or the
        most frequent level, plus a missingness indicator) and every original
        column gets one gate group (``groups``, if given, is over the
        original columns). Every per-feature attribute is then per original
        column; ``level_names_`` and ``level_importances_`` give the
        per-level view. Numeric data without missing values is not touched.
    max_onehot_levels : int or None, default=16
        A categorical column with more levels than this (a store, a
        postcode, a product code) is target encoded instead of one-hot
        encoded: each level becomes the mean of ``y`` over its rows, shrunk
        towards the overall mean, cross fitted so that no training row sees
        its own target (:class:`skdfs.tabular.TableEncoder`; one column per
        class for multiclass labels). One-hot columns for hundreds of rare
        levels make the table wide, slow and memory-hungry, and most levels
        have too few rows to be learned from (``docs/benchmarks.md``,
        "Categorical columns with many levels"). A column that matters only
        together with another column (no effect of its own) is invisible to
        the target encoding; None one-hot encodes every level. Multilabel
        and multi-output targets always use one-hot levels.

    Attributes
    ----------
    importances_ : ndarray of shape (n_estimators, n_features_in_)
        Every member's importance scores (its gates by default, see
        ``importance``) raised to ``importance_power``, each row normalised to
        sum to one; blended with the member's path scores where the gate path
        ran with ``importance="gate"`` (see ``threshold``).
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
        held-out rows, by more than 0.1% of its loss
        (:data:`skdfs.selection.MIN_MEMBER_GAIN`); all members when none did,
        or without validation rows.
    member_masks_ : ndarray of bool, shape (n_estimators, n_gates) or None
        Which columns (groups, with ``groups``) each member saw, with
        ``member_features < 1``; None otherwise (every member saw all).
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
    n_steps_ : int
        Optimizer steps run by the longest-training member.
    batch_size_ : int
        Resolved ``batch_size``.
    path_ : skdfs.path.GatePath
        The gate path: penalties, gates and validation losses per level and
        member, each member's chosen level and the penalty at which each gate
        fell (only where the path ran: ``threshold="path"``, or ``"auto"``
        where it applies, or ``"probe"`` with ``importance="gate"`` where it
        applies, its gates then including the probes'; as the other
        ``path_*``, which cover the real features only).
    path_importances_ : ndarray of shape (n_features_in_,)
        Mean over the used members of each gate's path score: its share of
        the member's gates averaged over the path's levels (a gate that stays
        open while others fall scores more; :meth:`skdfs.path.GatePath.importances`).
    path_support_ : ndarray of bool, shape (n_features_in_,)
        Features kept by at least a quarter of the used members at their
        chosen level (:data:`skdfs.path.PATH_MIN_SHARE`), and by at least
        three of them (two of four or five) where four or more vote
        (:data:`skdfs.path.PATH_MIN_MEMBERS`);
        where that vote is split, or the members' gains are no clearer than
        chance, only those that also pass the keep-rate test
        (:func:`skdfs.path.path_selection`).
    path_share_ : ndarray of shape (n_features_in_,)
        Share of the used members keeping each feature. With ``groups`` the
        ``path_*`` arrays are per group, shape ``(n_groups,)``.
    path_vote_ : ndarray of bool, shape (n_features_in_,)
        The vote alone, before the keep-rate test: ``path_support_`` is
        smaller where the test cut it.
    importance_seconds_ : float
        Seconds spent computing the members' importance scores after
        training.
    task_ : str
        ``"classification"``, ``"regression"`` or ``"multilabel"``.
    loss_ : str
        The loss used.
    target_encoder_ : skdfs._targets.NetTargetEncoder
        How ``y`` was encoded for the networks (task, classes, loss, the
        regression target's mean and scale);
        :func:`skdfs.importance.compute_importances` encodes new targets
        with it.
    classes_ : ndarray
        Class labels (classification only).
    n_outputs_ : int
        Width of the networks' output layer.
    device_ : str
        Device used for training.
    scaler_mean_, scaler_scale_ : ndarray of shape (n_features_in_,)
        Statistics of the internal standardisation.
    max_features_ : int or None
        ``max_features`` as it applies now: an int is read at call time, like
        ``threshold`` (``set_params(max_features=k)`` after fit applies); a
        callable's value as resolved at fit.
    ranking_ : ndarray of shape (n_features_in_,)
        Rank of each feature, 1 = most important: the order of
        ``feature_importances_``, ties broken by the median rank across the
        used members (:func:`skdfs.selection.mean_ranking`). With probes: 1 for
        confirmed, 2 for tentative, and 3, 4, ... for the other features in
        that order. With ``groups``, the rank of the feature's group.
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
    probe_percentile_ : float
        The probe percentile the test used: ``probe_percentile``, resolved
        when ``"auto"`` (with probes only).
    probe_threshold_ : float
        Mean over the used members of their probe percentile level, on the scale
        of ``feature_importances_`` (with probes only; drawn by the plots).
    hits_ : ndarray of shape (n_features_in_,)
        Members in which each feature beat the probes (with probes only). With
        ``groups`` this and the other probe-test attributes are per group,
        shape ``(n_groups,)``, and ``probe_threshold_`` is on the scale of
        ``group_importances_``.
    pvalues_ : ndarray of shape (n_features_in_,)
        One-sided p-values for "more important than the probes" (signed-rank
        or binomial, by ``probe_statistic``), unadjusted (with probes only).
    pvalues_adjusted_ : ndarray of shape (n_features_in_,)
        The same after ``correction`` (with probes only).
    support_weak_ : ndarray of bool, shape (n_features_in_,)
        Tentative features: neither confirmed nor rejected (with probes only).
    net_ : EnsembleNet
        The fitted skorch net (its ``history`` holds per-member curves).
    encoder_ : skdfs.tabular.TableEncoder
        The encoder of a table with categorical columns or missing values
        (only then).
    level_names_ : ndarray of object, shape (n_encoded,)
        Names of the encoded inputs (``"island=Dream"``, ``"age (missing)"``),
        with ``encoder_`` only.
    level_columns_ : ndarray of int, shape (n_encoded,)
        The original column of every encoded input (its gate group).
    level_importances_ : ndarray of shape (n_encoded,)
        Each column's importance split over its encoded inputs in proportion
        to each member's first-layer weight mass on them (gate times summed
        absolute weights), averaged over the used members; a column's levels
        sum to its importance. Read it with care: the one-hot levels of a
        column are redundant (level ``a`` is "neither ``b`` nor ``c``"), so a
        network may carry a level's signal on the others.
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
    >>> selector = DeepFeatureSelector(random_state=0).fit(X, y)
    >>> selector.importances_.shape
    (32, 8)
    >>> sorted(selector.feature_importances_.argsort()[-2:].tolist())
    [0, 1]
    >>> selector.transform(X).shape
    (600, 2)
    """

    _parameter_constraints = {
        **GatedSelectorBase._parameter_constraints,
        **_CONSTRAINTS,
    }

    _net_class = EnsembleNet

    def __init__(
        self,
        *,
        n_estimators=32,
        hidden_layer_sizes=(64, 64),
        activation="relu",
        input_basis="mixed",
        dropout=0.0,
        noise_std=0.0,
        weight_decay=1e-4,
        gate_l1=1e-3,
        gate_l2=0.0,
        gate_lr_scale=10.0,
        lr=4e-3,
        batch_size="auto",
        max_steps=500,
        max_epochs=None,
        patience=200,
        validation_fraction=0.2,
        bootstrap=False,
        member_features=1.0,
        loss="auto",
        task="auto",
        threshold="auto",
        max_features=None,
        n_probes=None,
        alpha=0.05,
        probe_percentile="auto",
        correction="bh",
        probe_statistic="signed_rank",
        device="auto",
        random_state=None,
        verbose=0,
        importance="gate",
        n_repeats=5,
        importance_power=2.0,
        gate="deterministic",
        groups=None,
        n_jobs=None,
        categorical_features="from_dtype",
        max_onehot_levels=16,
    ):
        self.n_estimators = n_estimators
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.input_basis = input_basis
        self.dropout = dropout
        self.noise_std = noise_std
        self.weight_decay = weight_decay
        self.gate_l1 = gate_l1
        self.gate_l2 = gate_l2
        self.gate_lr_scale = gate_lr_scale
        self.lr = lr
        self.batch_size = batch_size
        self.max_steps = max_steps
        self.max_epochs = max_epochs
        self.patience = patience
        self.validation_fraction = validation_fraction
        self.bootstrap = bootstrap
        self.member_features = member_features
        self.loss = loss
        self.task = task
        self.threshold = threshold
        self.max_features = max_features
        self.n_probes = n_probes
        self.alpha = alpha
        self.probe_percentile = probe_percentile
        self.correction = correction
        self.probe_statistic = probe_statistic
        self.device = device
        self.random_state = random_state
        self.verbose = verbose
        self.importance = importance
        self.n_repeats = n_repeats
        self.importance_power = importance_power
        self.gate = gate
        self.groups = groups
        self.n_jobs = n_jobs
        self.categorical_features = categorical_features
        self.max_onehot_levels = max_onehot_levels

    # ------------------------------------------------------------------ fit
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_groups=None, **fit_params):
        """Train the ensemble and compute the feature importances.

        Parameters
        ----------
        X : array-like or pandas.DataFrame of shape (n_samples, n_features)
            Training data; standardised internally (the caller's array is not
            modified). Text, ``category`` columns and missing values are
            encoded (see ``categorical_features``).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Class labels (binary or multiclass), a multilabel indicator matrix,
            or real targets (single or multi-output).
        sample_groups : array-like of shape (n_samples,), default=None
            Labels of rows that are not independent (stretches of a series,
            ``numpy.arange(len(X)) // 300``; a patient's visits): members
            validate on whole groups they did not train on
            (:class:`~skdfs.RowOrderWarning`; not the feature ``groups``).
        **fit_params : dict
            Not supported: any parameter passed here (``sample_weight``
            included) raises a ``TypeError`` rather than being ignored.

        Returns
        -------
        self : DeepFeatureSelector
            The fitted selector.
        """
        y = self._check_fit_call(X, y, fit_params)
        if needs_encoding(X, self.categorical_features):  # skdfs.tabular
            return fit_table(self, X, y, sample_groups)
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
        # Every check before any training.
        sizes = self._check_training_params(X)
        groups = self._resolve_feature_groups(X.shape[1])
        use_probes = self._uses_probes()
        if self._path_requested() and self._path_obstacle() is not None:
            raise InvalidParameterError(self._path_obstacle())
        if use_probes and self.member_features < 1:
            raise InvalidParameterError("threshold='probe' needs member_features=1.0")
        if not use_probes and not self._uses_path(fitting=True):  # grammar check
            self._selection_mask(np.zeros(1))
        self.target_encoder_ = NetTargetEncoder(self.task, self.loss)
        targets, strata = self.target_encoder_.fit_transform(y)
        self._copy_target_attributes()
        check_class_count(self, strata)
        warn_target(self, strata)

        self.scaler_mean_, self.scaler_scale_, Xs = standardise(X)
        rng = check_random_state(self.random_state)
        for name in _PROBE_ATTRIBUTES + _PATH_ATTRIBUTES:
            self.__dict__.pop(name, None)
        if use_probes:
            Xs, self.probe_sources_ = append_probes(Xs, rng, self.n_probes, groups)
        self._net_groups, self._net_group_weights = _net_gate_groups(
            X, groups, self.probe_sources_ if use_probes else None
        )
        curved = self.input_basis != "linear"
        self._net_curved = curved_columns(Xs).tolist() if curved else None
        member_rngs, torch_seeds, noise_seeds = member_seeds(rng, self.n_estimators)
        n_gates = X.shape[1] if groups is None else len(self.group_names_)
        self.member_masks_ = member_masks(
            rng, self.n_estimators, n_gates, self.member_features
        )
        if use_probes:
            self.probe_percentile_ = probe_percentile(
                self.probe_percentile,
                self.probe_statistic,
                self.bootstrap,
                n_probes=len(self.probe_sources_),
            )
        train_idx, valid_idx = split_rows(
            self, X, y, sample_groups, member_rngs, strata
        )
        eval_idx = train_idx if valid_idx is None else valid_idx
        self.member_baseline_scores_ = self.target_encoder_.baseline_losses(
            EnsembleLoss(self.loss_), targets, train_idx, eval_idx
        )
        self._train(
            sizes,
            Xs,
            targets,
            train_idx,
            valid_idx,
            (torch_seeds, noise_seeds),
            None if valid_idx is None else self.member_baseline_scores_,
        )
        start = time.perf_counter()
        scores = member_importances(
            self.importance,
            self.net_,
            Xs,
            targets,
            eval_idx,
            n_repeats=self.n_repeats,
            train_rows=train_idx,
            random_state=rng,
            groups=self._net_groups,
        )
        self.importance_seconds_ = time.perf_counter() - start
        scores[self.member_diverged_] = 0.0  # their scores are NaN or meaningless
        path_scores = None
        if self._uses_path(fitting=True):
            generators, noise_seed = path_seeds(torch_seeds, noise_seeds)
            with (
                global_noise(self.net_.device, noise_seed),
                sharing_steps(self.net_) as on_step,
            ):
                self.path_ = gate_path(
                    self.net_,
                    Xs,
                    targets,
                    train_idx,
                    valid_idx,
                    start=1.5 * max(self.gate_l1, 1e-4),  # gate_l1=0 still grows
                    generators=generators,
                    on_step=on_step,
                    paired=self.loss_ == "huber",
                )
            if self.importance == "gate":  # the path moves the gates
                path_scores = self.path_.importances()
        self._set_importances(scores, path_scores, Xs[:, : self.n_features_in_])
        return self

    def _copy_target_attributes(self):
        encoder = self.target_encoder_
        self.__dict__.pop("classes_", None)  # from an earlier fit on class labels
        self.task_, self.loss_ = encoder.task_, encoder.loss_
        self.n_outputs_ = encoder.n_outputs_
        if hasattr(encoder, "classes_"):
            self.classes_ = encoder.classes_

    def _net_params(self):
        return dict(
            module__n_outputs=self.n_outputs_,
            module__dropout=self.dropout,
            module__noise_std=self.noise_std,
            module__gate=self.gate,
            module__groups=self._net_groups,
            module__group_weights=self._net_group_weights,
            module__curved=self._net_curved,
            criterion__kind=self.loss_,
            gate_l2=self.gate_l2,
        )

    def _member_params(self, members):
        params = {}
        if self.input_basis == "mixed":  # odd members quadratic
            params["module__curved_members"] = (members % 2 == 1).tolist()
        if self.member_masks_ is not None:
            params["module__member_mask"] = self.member_masks_[members].tolist()
        return params

    def _noisy_training(self):
        return self.dropout > 0 or self.noise_std > 0 or GATES[self.gate].per_row

    def _uses_probes(self):
        return self._rule() == "probe"

    def _rule(self):
        return self.threshold.strip() if isinstance(self.threshold, str) else None

    def _path_requested(self):
        return self._rule() == "path"

    def _uses_path(self, fitting=False):
        """Whether the fit runs the gate path (``fitting``), or the selection
        is the path's. ``"auto"`` runs the path where it applies (validation
        rows, deterministic gates) and selects with it whenever the fit ran it,
        unless ``max_features`` is set (the count alone then decides)."""
        if self._rule() == "auto":
            if fitting:
                return self._path_obstacle() is None
            return hasattr(self, "path_support_") and self.max_features_ is None
        if fitting and self._uses_probes():  # the path ranks real and probe alike
            return self.importance == "gate" and self._path_obstacle() is None
        return self._path_requested()

    def _threshold_rule(self):
        """``threshold`` with ``"auto"`` read as ``"mean"`` where the path did
        not run, and as ``None`` (the count alone) with ``max_features``."""
        if self._rule() != "auto":
            return self.threshold
        return None if self.max_features_ is not None else "mean"

    def _path_obstacle(self):
        """Why the gate path cannot run (None: it can; it needs both)."""
        if self.validation_fraction == 0:
            return "threshold='path' needs validation rows: validation_fraction > 0"
        if self.gate != "deterministic":
            return f"threshold='path' needs gate='deterministic', got {self.gate!r}"
        return None

    def _set_path_results(self, n, members, masks, gains, weak):
        """The path's scores, vote and selection of the ``n`` real features
        (groups); ``weak``: :func:`weak_gains`."""
        scores = self.path_.importances()[:, :n]
        self.path_importances_ = ensemble_mean(scores, members, masks, gains)[0]
        vote = path_vote(self.path_, members, seen=masks, weak_gains=weak)
        self.path_support_, self.path_share_ = vote.support[:n], vote.share[:n]
        self.path_vote_ = vote.vote[:n]

    def _resolve_feature_groups(self, n_features):
        """Resolve ``groups`` before any training; return the group index of
        every feature (None without groups) and set the ``group_*`` names."""
        for name in GROUP_ATTRIBUTES:
            self.__dict__.pop(name, None)
        if self.groups is None:
            return None
        index, names = resolve_groups(
            self.groups, n_features, getattr(self, "feature_names_in_", None)
        )
        self.groups_, self.group_names_ = index, names
        self.group_sizes_ = np.bincount(index, minlength=len(names))
        current_max_features(self)  # refuses more than there are groups
        return index

    def _set_importances(self, scores, path_scores=None, X=None):
        """Per-member importances (real features or groups; probes last in the
        raw ``scores``, blended with ``path_scores`` when given), their mean,
        spread and ranking, and the probe test where probes were trained;
        ``X`` (training columns) is for the low-signal warning."""
        d = len(self.group_names_) if hasattr(self, "groups_") else self.n_features_in_
        scores = scores**self.importance_power  # scores are non-negative
        total = scores[:, :d].sum(axis=1, keepdims=True)
        probes = np.where(total > 0, scores[:, d:] / np.where(total > 0, total, 1), 0)
        shares = np.hstack([normalise_rows(scores[:, :d]), probes])  # one scale
        if path_scores is not None:
            shares = blend_path_scores(shares, path_scores, d)
        self.importances_ = shares[:, :d]
        members = self._set_members_used(self.member_baseline_scores_)
        used, masks = self.importances_[members], self.member_masks_
        gains = member_gains(self.member_scores_, self.member_baseline_scores_)
        mean, std = ensemble_mean(self.importances_, members, masks, gains)
        self.feature_importances_, self.feature_importances_std_ = mean, std
        if scores.shape[1] == d:
            self.ranking_ = ensemble_ranking(used, masks, mean)
        else:
            self.probe_importances_ = shares[:, d:]
            result = probe_test(
                used,
                self.probe_importances_[self.members_used_],
                alpha=self.alpha,
                percentile=self.probe_percentile_,
                correction=self.correction,
                statistic=self.probe_statistic,
                # the linear and the quadratic members tested apart
                member_groups=np.flatnonzero(members) % 2
                if self.input_basis == "mixed"
                and self._net_curved
                and self.n_estimators >= PROBE_SPLIT_MIN_MEMBERS
                else None,
            )
            self.probe_threshold_ = float(result["probe_level"].mean())
            self.hits_ = result["hits"]
            self.pvalues_ = result["pvalues"]
            self.pvalues_adjusted_ = result["pvalues_adjusted"]
            self._probe_support = result["confirmed"]
            self.support_weak_ = result["tentative"]
            self.ranking_ = probe_ranking(result, used, self.feature_importances_)
        weak, notes = False, {}
        if hasattr(self, "path_"):
            weak = weak_gains(self)
            self._set_path_results(d, members, masks, gains, weak)
            if not self._uses_probes() and self.max_features_ is None:
                notes = vote_notes(self, weak)  # else the test or the count selects
        self._check_signal(None if hasattr(self, "groups_") else X, **notes)
        if self._uses_path():
            warn_path_selection(self, weak)
        if hasattr(self, "groups_"):
            self._spread_groups()

    def _spread_groups(self):
        """Keep the group-level results in the ``group_*`` attributes and give
        every column its group's score divided by the group's size."""
        self.member_group_importances_ = self.importances_
        self.group_importances_ = self.feature_importances_
        self.group_importances_std_ = self.feature_importances_std_
        self.group_ranking_ = self.ranking_
        spread = spread_group_scores(self.groups_, self.group_sizes_)
        self.importances_ = spread(self.member_group_importances_)
        self.feature_importances_ = spread(self.group_importances_)
        self.feature_importances_std_ = spread(self.group_importances_std_)
        self.ranking_ = self.group_ranking_[self.groups_]

    # ------------------------------------------------------------ selection
    @property
    def threshold_(self):
        """Numeric threshold applied to ``feature_importances_`` (to
        ``group_importances_`` when fitted with ``groups``; the probes' mean
        level with ``threshold="probe"``)."""
        check_is_fitted(self)
        if self._uses_probes():
            return self._probe_attribute("probe_threshold_")
        if self._uses_path():  # the weakest kept score
            kept = self._selection_scores()[self._path_attribute("path_support_")]
            return float(kept.min()) if len(kept) else np.inf
        return super().threshold_

    def _own_rule(self):
        return "probe" if self._uses_probes() else "path" if self._uses_path() else None

    def _probe_attribute(self, name):
        if not hasattr(self, name):
            raise ValueError(
                "threshold='probe' needs probes trained with the ensemble: fit "
                "again with threshold='probe'"
            )
        return getattr(self, name)

    def _selection_scores(self):
        if hasattr(self, "groups_"):
            return self.group_importances_
        return self.feature_importances_

    def _path_attribute(self, name):
        if not hasattr(self, name):
            raise ValueError(
                "threshold='path' needs the gate path run in fit: fit again with "
                "threshold='path'"
            )
        return getattr(self, name)

    def _selection_mask(self, scores):
        if self._uses_path():
            chosen = self._path_attribute("path_support_")
        elif self._uses_probes():
            chosen = self._probe_attribute("_probe_support")
        else:
            return super()._selection_mask(scores)
        if self.max_features_ is None:
            return chosen.copy()
        return chosen & support_from_scores(scores, None, self.max_features_)

    def _get_support_mask(self):
        mask = super()._get_support_mask()
        # With groups the decisions are per group: every column follows its group.
        return mask[self.groups_] if hasattr(self, "groups_") else mask

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.required = True
        tags.target_tags.multi_output = True
        tags.input_tags.allow_nan = True  # encoded by skdfs.tabular
        return tags
