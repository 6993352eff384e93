"""What both selectors share: parameters, net building, training, aggregation,
threshold and support.

:class:`GatedSelectorBase` holds it so that :class:`~skdfs.DeepFeatureSelector`
and :class:`~skdfs.TeacherStudentSelector` read as the order of their fits.
Subclasses set ``_net_class`` and implement ``_net_params`` (the arguments
that differ between them); everything else - per-member seeds and splits,
``n_jobs`` groups, early stopping and progress, divergence handling, the
members that learned, normalised importances, the threshold grammar, the
support mask and the confidence interval - comes from here.
"""

from __future__ import annotations

import os
import sys
import warnings
from numbers import Integral, Real

import numpy as np
import torch
from sklearn.base import BaseEstimator
from sklearn.feature_selection import SelectorMixin
from sklearn.utils._param_validation import Interval, InvalidParameterError, StrOptions
from sklearn.utils._set_output import _get_output_config
from sklearn.utils.validation import check_is_fitted, validate_data

from ._alloc import settle_dynamic_thresholds
from ._cells import column_warnings
from ._columns import is_frame
from ._ensemble import member_splits, train_members
from ._inputs import check_missing_target, dense_target
from ._roworder import check_sample_groups, order_message
from ._schedule import resolve_schedule
from ._subspace import fitted_interval, signed_gains, unseen_filled
from ._targets import constant_outputs, rare_classes_message
from ._threads import ThreadShare
from .callbacks import EpochProgress
from .exceptions import (
    ColumnWarning,
    DivergenceWarning,
    LowSignalWarning,
    NoLearningWarning,
    RowOrderWarning,
    TargetWarning,
)
from .groups import spread_group_scores
from .network import ACTIVATIONS, GatedEnsembleMLP
from .path import flat_vote
from .selection import (
    empty_path_message,
    gains_unclear,
    low_signal_message,
    members_learned,
    resolve_threshold,
    split_vote_message,
    support_from_scores,
)
from .tabular import with_dates_as_objects
from .training import EnsembleLoss, MemberEarlyStopping, MemberSplit, chunk_rows

__all__ = [
    "GatedSelectorBase",
    "as_layer_sizes",
    "resolve_device",
    "resolve_max_features",
]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _warn_caller(message, category):
    """Warn, attributed to the first frame outside skdfs and outside
    scikit-learn's ``_fit_context`` wrapper: the user's call of ``fit`` (or
    the scikit-learn code that called it), however deep in skdfs the warning
    arises."""
    frame, level = sys._getframe(1), 2
    while frame is not None and (
        frame.f_code.co_filename.startswith(_PACKAGE_DIR)
        or (frame.f_code.co_name == "wrapper" and "sklearn" in frame.f_code.co_filename)
    ):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, category, stacklevel=level)


def current_max_features(selector):
    """A fitted selector's ``max_features`` as it applies now: read at call
    time like ``threshold`` (an int set after fit applies, as it does for
    :class:`~sklearn.feature_selection.SelectFromModel` fitted without one),
    a callable's value as resolved at fit, None where unset. An int above
    the number of features (of groups, with ``groups``) is refused."""
    given = selector.max_features
    if given is None:
        return None
    if callable(given):
        return getattr(selector, "_max_features_fit", None)
    if hasattr(selector, "groups_"):
        return _bounded_max_features(given, len(selector.group_names_), "groups")
    return _bounded_max_features(given, selector.n_features_in_)


def _bounded_max_features(max_features, limit, unit="features"):
    """``max_features`` as an int, refused above ``limit`` features (or
    groups: ``unit="groups"``)."""
    if max_features > limit:
        counts = "; with groups, max_features counts groups" if unit == "groups" else ""
        raise InvalidParameterError(
            f"max_features={max_features} exceeds the number of {unit} "
            f"({limit}){counts}"
        )
    return int(max_features)


def warn_target(selector, codes):
    """Warn (:class:`~skdfs.TargetWarning`) where the selector's fitted
    target encoder found a regression target whose tails let a few rows rule
    the squared error, or classes too rare to learn from (``codes``: every
    row's class code, None for other tasks)."""
    message = getattr(selector.target_encoder_, "tail_message_", None)
    if message is None and codes is not None:
        message = rare_classes_message(selector.classes_, codes, selector.task)
    if message is not None:
        _warn_caller(message, TargetWarning)


def split_rows(selector, X, y, sample_groups, member_rngs, strata):
    """Every member's training and validation rows
    (:func:`skdfs._ensemble.member_splits`), before any training.

    ``sample_groups`` are checked and kept whole
    (:func:`skdfs._roworder.check_sample_groups`); warn
    (:class:`~skdfs.RowOrderWarning`, :func:`skdfs._roworder.order_message`)
    on rows in time order or a trending target (``y``: as given)."""
    if sample_groups is not None:
        sample_groups = check_sample_groups(sample_groups, X.shape[0])
    if selector.validation_fraction > 0:
        classification = selector.target_encoder_.task_ == "classification"
        message = order_message(X, y, classification, sample_groups is not None)
        if message is not None:
            _warn_caller(message, RowOrderWarning)
    return member_splits(
        X.shape[0],
        selector.n_estimators,
        selector.validation_fraction,
        bool(selector.bootstrap),
        member_rngs,
        strata,
        sample_groups,
    )


def start_outputs(selector, targets, train_idx):
    """Each member's best constant output on its training rows
    (:func:`~skdfs._targets.constant_outputs`), where its output layer's bias
    starts: ``(n_members, n_outputs)``. None without a supervised loss
    (``loss_``) and for soft-F1, whose best constant (a probability of one)
    would saturate the output."""
    loss = getattr(selector, "loss_", None)
    if loss is None or loss == "soft_f1":
        return None
    rows = torch.as_tensor(np.asarray(train_idx))
    outputs = constant_outputs(
        loss, selector.n_outputs_, torch.as_tensor(targets)[rows]
    )
    return outputs.numpy()


def weak_gains(selector):
    """:func:`~skdfs.selection.gains_unclear` of the fitted selector's
    members that did not diverge (False without validation rows)."""
    if getattr(selector, "member_baseline_scores_", None) is None:
        return False
    gains = signed_gains(selector.member_scores_, selector.member_baseline_scores_)
    return gains_unclear(gains[~selector.member_diverged_])


def vote_notes(selector, weak):
    """What :func:`~skdfs.selection.low_signal_message` says of the gate
    path's vote, where it selects: ``tested``, ``(kept, voted)``, where the
    members' gains are no clearer than chance (``weak``:
    :func:`weak_gains`) and the keep-rate test cut the vote, split or not;
    else ``flat`` (:func:`~skdfs.path.flat_vote`)."""
    if not weak:
        baseline, used = selector.member_baseline_scores_, selector.members_used_
        flat = flat_vote(selector.path_, baseline, used, selector.member_masks_)
        return {"flat": flat}
    kept, voted = int(selector.path_support_.sum()), int(selector.path_vote_.sum())
    return {"tested": (kept, voted)} if kept < voted else {}


def warn_path_selection(selector, weak):
    """Warn (:class:`~skdfs.LowSignalWarning`) where the fitted selector's
    gate path's vote (``path_vote_``: the quarter vote before the keep-rate
    test) was split (:func:`~skdfs.selection.split_vote_message`), or else
    where the path selected nothing although its members learned
    (:func:`~skdfs.selection.empty_path_message`). Where the members' gains
    are no clearer than chance (``weak``: :func:`weak_gains`), neither:
    chance, not weak effects, split the vote, and the low-signal warning
    says what the keep-rate test did (:func:`vote_notes`)."""
    support, message = selector.path_support_, None
    if not weak:  # else chance, not weak effects, split the vote
        message = split_vote_message(
            selector.path_share_, selector.path_vote_, int(support.sum())
        )
    if message is None and not support.any():
        message = empty_path_message(
            selector.path_,
            selector.members_used_,
            signed_gains(selector.member_scores_, selector.member_baseline_scores_),
            selector.member_diverged_,
            selector.loss_,
        )
    if message is not None:
        _warn_caller(message, LowSignalWarning)


def selected_frame_columns(selector, X):
    """``selector.transform`` of a frame: the selected columns as given.

    Names and count are checked as scikit-learn does, but the frame is not
    converted to one dtype first (that fails on a text category beside a
    yes/no column: "Cannot cast str dtype to float64"). A frame with
    ``set_output(transform="pandas")``; otherwise an array, its date and
    duration columns as objects.
    """
    check_is_fitted(selector)
    validate_data(selector, X, reset=False, skip_check_array=True)
    mask = selector.get_support()
    if not mask.any():  # scikit-learn's words
        warnings.warn(
            "No features were selected: either the data is too noisy or the "
            "selection test too strict.",
            UserWarning,
            stacklevel=4,  # the caller of transform (through the set_output wrapper)
        )
    kept = X.loc[:, mask]
    if _get_output_config("transform", selector)["dense"] == "pandas":
        return kept
    return with_dates_as_objects(kept).to_numpy()


def as_layer_sizes(hidden_layer_sizes):
    """``hidden_layer_sizes`` as a tuple of positive ints (``()`` allowed)."""
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
        raise InvalidParameterError(
            f"hidden_layer_sizes must contain positive integers, got {sizes!r}"
        )
    return tuple(int(h) for h in sizes)


def resolve_device(device):
    """``"auto"`` -> CUDA when available, else the CPU; check the others."""
    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        parsed = torch.device(device)
    except RuntimeError:
        raise InvalidParameterError(
            f"device={device!r} is not a torch device; use 'auto', 'cpu' or 'cuda'"
        ) from None
    if parsed.type == "cuda" and not torch.cuda.is_available():
        raise InvalidParameterError(
            f"device={device!r} was requested but CUDA is unavailable"
        )
    if parsed.type not in ("cpu", "cuda"):
        raise InvalidParameterError(
            f"device={device!r}: only 'cpu' and 'cuda' are supported"
        )
    return str(parsed)


def resolve_max_features(max_features, X):
    """``max_features`` (an int, a callable of ``X`` or None) as an int or None."""
    if callable(max_features):
        max_features = max_features(X)
        if not isinstance(max_features, Integral) or max_features < 0:
            raise InvalidParameterError(
                "max_features callable must return a non-negative int, got "
                f"{max_features!r}"
            )
    if max_features is None:
        return None
    return _bounded_max_features(max_features, X.shape[1])


class GatedSelectorBase(SelectorMixin, BaseEstimator):
    """Base class of the gated-ensemble selectors (not for direct use)."""

    _parameter_constraints = {
        "n_estimators": [Interval(Integral, 1, None, closed="left")],
        "hidden_layer_sizes": [
            "array-like",
            Interval(Integral, 1, None, closed="left"),
        ],
        "activation": [StrOptions(set(ACTIVATIONS))],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "gate_l1": [Interval(Real, 0, None, closed="left")],
        "gate_lr_scale": [Interval(Real, 0, None, closed="neither")],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [
            Interval(Integral, 1, None, closed="left"),
            StrOptions({"auto"}),
        ],
        "max_steps": [Interval(Integral, 1, None, closed="left"), None],
        "max_epochs": [Interval(Integral, 1, None, closed="left"), None],
        "patience": [Interval(Integral, 1, None, closed="left"), None],
        "validation_fraction": [Interval(Real, 0, 1, closed="left")],
        "threshold": [Interval(Real, None, None, closed="both"), str, None],
        "max_features": [Interval(Integral, 0, None, closed="left"), callable, None],
        "device": [str],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "n_jobs": [Integral, None],
    }

    _net_class = None  # set by subclasses: an EnsembleNet subclass

    # ------------------------------------------------------------ resolution
    def _check_training_params(self, X):
        """Check and resolve what every fit needs, before any training.

        Returns the hidden layer sizes; sets ``device_`` and resolves
        ``max_features`` (a callable's value is kept for ``max_features_``).
        """
        sizes = as_layer_sizes(self.hidden_layer_sizes)
        if self.validation_fraction == 0 and self.patience is not None:
            raise InvalidParameterError(
                "early stopping needs validation rows: with validation_fraction=0 "
                "set patience=None"
            )
        if self.max_steps is None and self.max_epochs is None:
            raise InvalidParameterError(
                "max_steps and max_epochs are both None: set a training budget "
                "(max_steps, in optimizer steps)"
            )
        self.device_ = resolve_device(self.device)
        self._max_features_fit = resolve_max_features(self.max_features, X)
        return sizes

    def _check_fit_call(self, X, y, fit_params):
        """Check the arguments of a supervised ``fit`` before anything else
        (:meth:`_check_columns` included); return ``y`` as a dense array."""
        if fit_params:
            raise TypeError(
                f"{type(self).__name__}.fit got unsupported parameters "
                f"{sorted(fit_params)}: sample weights are not supported (repeat "
                "or resample rows instead); nothing else is accepted"
            )
        if y is None:
            raise ValueError(
                f"{type(self).__name__} requires y to be passed, but the target y "
                "is None."
            )
        y = dense_target(y)
        check_missing_target(y)
        self._check_columns(X)
        return y

    def _check_columns(self, X):
        """Warn (:class:`~skdfs.ColumnWarning`) about the columns of ``X``, as
        the caller passed it, that look like row numbers or identifiers, or
        hold dates or numbers written as text."""
        for message in column_warnings(X):
            _warn_caller(message, ColumnWarning)

    # -------------------------------------------------------------- training
    def _net_params(self):
        """Arguments of ``_net_class`` specific to the subclass (module__*,
        criterion__kind, penalties)."""
        raise NotImplementedError

    def _member_params(self, members):
        """Module arguments that depend on which members (global indices) a
        net holds; none by default."""
        return {}

    def _build_net(
        self,
        sizes,
        n_features,
        train_idx,
        valid_idx,
        seed,
        member_seeds,
        baseline,
        members=None,
        output_start=None,
    ):
        """An unfitted net for the members whose rows are ``train_idx``
        (``baseline``: their constant predictors' validation losses;
        ``members``: their global indices, None for all; ``output_start``:
        their output biases at the start, None for the module's own)."""
        schedule = self._schedule
        callbacks = []
        if valid_idx is not None:
            stopping = MemberEarlyStopping(
                patience=schedule.patience_epochs, baseline=baseline
            )
            callbacks.append(("member_early_stopping", stopping))
        if self.verbose == 1:
            # After early stopping, so that the bar sees the epoch's n_active.
            callbacks.append(("progress", EpochProgress()))
        callbacks.append(("thread_share", ThreadShare()))
        params = self._net_params()
        if members is None:
            members = np.arange(len(train_idx))
        params.update(self._member_params(np.asarray(members)))
        n_outputs = params.pop("module__n_outputs")
        return self._net_class(
            module=GatedEnsembleMLP,
            module__n_members=len(train_idx),
            module__n_features=n_features,
            module__n_outputs=n_outputs,
            module__hidden_layer_sizes=sizes,
            module__activation=self.activation,
            criterion=EnsembleLoss,
            optimizer=torch.optim.Adam,
            optimizer__weight_decay=self.weight_decay,
            optimizer__param_groups=[
                (
                    "gate.weight",
                    {"lr": self.lr * self.gate_lr_scale, "weight_decay": 0.0},
                )
            ],
            lr=self.lr,
            batch_size=schedule.batch_size,
            max_epochs=schedule.max_epochs,
            train_split=MemberSplit(train_idx, valid_idx),
            callbacks=callbacks,
            gate_l1=self.gate_l1,
            seed=seed,
            member_seeds=member_seeds,
            # Validation chunks sized for the whole ensemble, so that a group
            # of members sums its validation losses in the same chunks.
            valid_batch_size=chunk_rows(
                self.n_estimators, max(n_features, n_outputs, *sizes)
            ),
            device=self.device_,
            verbose=self.verbose,
            output_start=output_start,
            **params,
        )

    def _noisy_training(self):
        """Whether training draws from torch's global generator."""
        return False

    def _train(self, sizes, Xs, targets, train_idx, valid_idx, seeds, baseline):
        """Train every member (in ``n_jobs`` groups) into ``net_``.

        The budget in optimizer steps becomes the loop's epochs
        (:func:`~skdfs._schedule.resolve_schedule`); a member's patience only
        counts once it beats its constant predictor (``baseline``, per
        member). Sets ``batch_size_``, ``n_iter_``, ``n_steps_``,
        ``member_scores_``, ``member_diverged_`` and ``n_diverged_``.
        ``seeds`` is ``(torch_seeds, noise_seeds)`` from
        :func:`~skdfs._ensemble.member_seeds`.
        """
        torch_seeds, noise_seeds = seeds
        settle_dynamic_thresholds()  # the caller's process: the path's steps
        self._schedule = resolve_schedule(
            train_idx.shape[1],
            self.batch_size,
            self.max_steps,
            self.max_epochs,
            self.patience,
        )
        self.batch_size_ = self._schedule.batch_size
        self._n_valid = 0 if valid_idx is None else valid_idx.shape[1]
        self._n_rows = Xs.shape[0]
        start = start_outputs(self, targets, train_idx)

        def build(members, seed):
            return self._build_net(
                sizes,
                Xs.shape[1],
                train_idx[members],
                None if valid_idx is None else valid_idx[members],
                seed,
                [torch_seeds[e] for e in members],
                None if baseline is None else baseline[members],
                members,
                None if start is None else start[members],
            )

        self.net_ = train_members(
            build,
            Xs,
            targets,
            self.n_estimators,
            self.n_jobs,
            noise_seeds,
            self._noisy_training(),
        )
        self.n_iter_ = len(self.net_.history)
        self.n_steps_ = self.n_iter_ * self._schedule.steps_per_epoch
        if valid_idx is None:
            # No held-out rows: score each member on its own training rows.
            data = MemberSplit(train_idx)(self.net_.get_dataset(Xs, targets))[0]
            scores = self.net_.member_losses(self.net_.get_iterator(data))
            self.member_scores_ = scores.numpy().astype(float)
        else:
            self.member_scores_ = np.asarray(self.net_.member_scores_, dtype=float)
        self._check_divergence()

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
                "weight_decay, or check the data for extreme values"
            )
        if self.n_diverged_:
            _warn_caller(
                f"{self.n_diverged_} of {self.n_estimators} members diverged (loss "
                "NaN or infinite) and were discarded; consider a lower lr",
                DivergenceWarning,
            )

    def _set_members_used(self, baseline_scores):
        """``members_used_``: the members that beat a constant predictor
        (``baseline_scores``, per member) and did not diverge. All members
        are judged learned without validation rows or baseline."""
        if self.validation_fraction == 0 or baseline_scores is None:
            # Training losses say nothing about generalisation: keep every member.
            learned = np.ones(self.n_estimators, dtype=bool)
        else:
            learned = members_learned(self.member_scores_, baseline_scores)
        learned &= ~self.member_diverged_
        if not learned.any():
            _warn_caller(
                "no member beat a constant predictor on its held-out rows; the "
                "importances are not informative (try more rows, or more steps: "
                "max_steps)",
                NoLearningWarning,
            )
            learned = ~self.member_diverged_
        self.members_used_ = learned
        return learned

    def _check_signal(self, X=None, **notes):
        """Warn (:class:`~skdfs.LowSignalWarning`) when the members that
        learned barely beat the constant or disagree on the ranking (after
        ``importances_`` are set; not when no member learned, which
        :class:`~skdfs.NoLearningWarning` reports). ``X``: the training
        columns, one per importance, and ``notes`` on the gate path's vote
        (:func:`vote_notes`), for :func:`low_signal_message`."""
        if self.validation_fraction == 0:
            return
        kept = ~self.member_diverged_
        learned = kept & members_learned(
            self.member_scores_, self.member_baseline_scores_
        )
        if not learned.any():
            return
        importances, share = self.importances_, 1.0
        if getattr(self, "member_masks_", None) is not None:
            importances = unseen_filled(importances, self.member_masks_)
            share = self.member_masks_.mean()
        message = low_signal_message(
            self.member_scores_[kept],
            self.member_baseline_scores_[kept],
            importances[learned],
            X,
            member_features=share,
            n_valid=getattr(self, "_n_valid", None),
            settings=self.get_params(deep=False),
            shape=(getattr(self, "_n_rows", 0), importances.shape[1]),
            **notes,
        )
        if message is not None:
            _warn_caller(message, LowSignalWarning)

    # ------------------------------------------------------------- selection
    def _selection_scores(self):
        """Scores the threshold applies to."""
        return self.feature_importances_

    @property
    def max_features_(self):
        """``max_features`` as it applies now (:func:`current_max_features`)."""
        return current_max_features(self)

    @property
    def threshold_(self):
        """Numeric threshold applied to the selection scores
        (``feature_importances_``)."""
        check_is_fitted(self)
        rule = self._threshold_rule()
        if rule is None and self.max_features_ is not None:
            return -np.inf
        return resolve_threshold(rule, self._selection_scores())

    def _threshold_rule(self):
        """The threshold the score grammar applies (subclasses resolve their
        own keywords first)."""
        return self.threshold

    def _own_rule(self):
        """A rule of the subclass's own that decides the selection now, or
        None (the threshold grammar decides)."""
        return None

    @property
    def selection_rule_(self):
        """What decides ``get_support`` now: the selector's own rule
        (:class:`~skdfs.DeepFeatureSelector`: ``"path"``, the gate path's
        vote, or ``"probe"``, the probe test), ``"count"`` (the
        ``max_features`` best scores alone), or the threshold applied to the
        scores (``threshold_`` is its value) as given: a keyword such as
        ``"mean"`` (also for ``None``, and for ``"auto"`` where the gate path
        did not run) or ``"1.5*median"``, or a number. Read at call time, like
        ``threshold``.
        """
        check_is_fitted(self)
        own = self._own_rule()
        if own is not None:
            return own
        rule = self._threshold_rule()
        if rule is None:
            return "count" if self.max_features_ is not None else "mean"
        return rule.strip() if isinstance(rule, str) else rule

    def _selection_mask(self, scores):
        return support_from_scores(scores, self._threshold_rule(), self.max_features_)

    def _get_support_mask(self):
        check_is_fitted(self)
        return self._selection_mask(self._selection_scores())

    def importance_interval(self, level=0.95, kind="mean"):
        """Interval for each feature's importance across the used members.

        Parameters
        ----------
        level : float, default=0.95
            Coverage of the interval, in (0, 1).
        kind : {"mean", "members"}, default="mean"
            ``"mean"``: Student-t confidence interval of the ensemble mean
            ``feature_importances_`` (members as independent draws, with
            :func:`scipy.stats.t.interval` and :func:`scipy.stats.sem`).
            ``"members"``: central percentile range of the members' own
            importances (where a single network's importance falls).
            Both come from members trained on the same rows: they measure
            the training's chance, not how another sample of rows would move
            the importances. On three populations with known truth another
            sample moved them 1.3 to 4.1 times the mean interval's standard
            error, and fell inside it in 21% to 62% of cases; the members'
            range held it in 89% to 100% (``docs/benchmarks.md``, "How far
            another sample moves the importances").

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
        from scipy.stats import sem, t

        check_is_fitted(self)
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}")
        if kind not in ("mean", "members"):
            raise ValueError(f"kind must be 'mean' or 'members', got {kind!r}")
        if getattr(self, "member_masks_", None) is not None:
            return self._subspace_interval(level, kind)
        used = self.importances_[self.members_used_]
        if kind == "members":
            tail = 100 * (1 - level) / 2
            return (
                np.percentile(used, tail, axis=0),
                np.percentile(used, 100 - tail, axis=0),
            )
        m = used.shape[0]
        mean = used.mean(axis=0)
        if m < 2:
            return mean.copy(), mean.copy()
        spread = sem(used, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            low, high = t.interval(level, m - 1, loc=mean, scale=spread)
        # A feature every member scores alike has a zero-width interval.
        low = np.where(spread > 0, low, mean)
        high = np.where(spread > 0, high, mean)
        if np.all(used <= 1.0):  # shares: the mean cannot pass 1 either
            high = np.minimum(high, 1.0)
        return np.maximum(low, 0.0), high

    def _subspace_interval(self, level, kind):
        """:meth:`importance_interval` of random-subspace members, from the
        members that saw each column (gate); spread to the columns with
        groups."""
        low, high = fitted_interval(self, level, kind)
        if hasattr(self, "groups_"):
            spread = spread_group_scores(self.groups_, self.group_sizes_)
            low, high = spread(low), spread(high)
        return low, high

    def transform(self, X):
        """Reduce ``X`` to the selected features.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features_in_)
            The input samples; a frame's date and duration columns come back
            as objects (numpy cannot hold them beside numbers).

        Returns
        -------
        X_r : ndarray of shape (n_samples, n_selected_features)
            The selected columns (a frame with ``set_output(transform="pandas")``).
        """
        if is_frame(X):
            return selected_frame_columns(self, X)
        return super().transform(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags
