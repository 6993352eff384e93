"""Plots of a fitted selector (matplotlib, the optional ``plot`` extra).

:func:`plot_importances` draws the ranked importances with their spread across
the ensemble's members; :func:`plot_member_curves` draws every member's
validation loss per epoch. Both return the :class:`matplotlib.axes.Axes` they
drew on. matplotlib is imported when a function is called, so ``import
skdfs.plotting`` works without it.
"""

from __future__ import annotations

import numpy as np
from sklearn.utils.validation import check_is_fitted

from .report import ranked_units

__all__ = ["plot_importances", "plot_member_curves", "save_importances_plot"]

SELECTED_COLOR = "C0"
DROPPED_COLOR = "0.72"


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "skdfs.plotting needs matplotlib; install it with "
            "`pip install matplotlib` or `pip install skdfs[plot]`"
        ) from exc
    return plt


def _check_fitted(selector, attribute):
    check_is_fitted(
        selector,
        attribute,
        msg="This %(name)s is not fitted yet: fit it before plotting.",
    )


def _feature_names(selector, n_features, feature_names):
    if feature_names is None:
        feature_names = getattr(selector, "feature_names_in_", None)
    if feature_names is None:
        return [f"x{i}" for i in range(n_features)]
    names = [str(name) for name in feature_names]
    if len(names) != n_features:
        raise ValueError(
            f"feature_names has {len(names)} entries but the selector has "
            f"{n_features} features"
        )
    return names


def plot_importances(selector, top=20, feature_names=None, ax=None, errors="std"):
    """Horizontal bars of the importances, with their spread across members.

    Features are sorted by decreasing importance, the most important at the
    top. The error bars are ``feature_importances_std_`` (the spread across the
    ensemble's members) where the estimator has it; selected features are
    drawn in colour, the others in grey. The plot draws the rule that was
    used and never a line that contradicts the selection: the threshold is a
    dashed vertical line where the selection is exactly "importance at or
    above it"; with ``threshold="probe"`` (features confirmed by the probe
    test, which compares every member's scores with its probes', not the mean
    with a cut-off) and where ``max_features`` cut the selection short, there
    is no line and the legend says how the features were selected (with the
    gate path, a line at the weakest kept score where the kept features are
    the best ranked, else the legend names the path's vote). A
    selector fitted with ``groups`` (or on a table with categorical columns
    or missing values, one bar per original column) is drawn per group.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A fitted selector; or a fitted
        :class:`~sklearn.feature_selection.SelectFromModel` whose estimator has
        ``feature_importances_``; or any fitted estimator with
        ``feature_importances_`` (then optionally ``feature_importances_std_``,
        ``get_support`` and ``threshold_``).
    top : int or None, default=20
        Number of highest-ranked features to draw; ``None`` draws all.
    feature_names : sequence of str, default=None
        Labels of the features, in column order. ``None`` uses
        ``feature_names_in_`` when the estimator has it, else ``x0``, ``x1``...
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure sized to the number of bars when ``None``.
    errors : {"std", "interval"}, default="std"
        Error bars: ``"std"`` draws ``feature_importances_std_`` (where a member
        lies); ``"interval"`` the 95% confidence interval of the ensemble mean,
        ``selector.importance_interval(0.95)`` (how well the mean is known).

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes with the plot.

    See Also
    --------
    plot_member_curves : Validation loss of every member per epoch.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_classification
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.plotting import plot_importances
    >>> X, y = make_classification(n_samples=200, n_features=6, random_state=0)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=4, hidden_layer_sizes=(8,), max_epochs=5, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu",
    ... ).fit(X, y)
    >>> ax = plot_importances(selector, top=4)
    >>> len(ax.patches)
    4
    >>> ax.get_yticklabels()[0].get_text()  # the most important feature
    'x...'
    >>> ax = plot_importances(selector, errors="interval")
    >>> ax.get_xlabel()
    'importance (95% confidence interval of the mean)'
    """
    # A fitted SelectFromModel: its estimator's importances, its own selection.
    source = selector
    if not hasattr(selector, "feature_importances_") and hasattr(
        getattr(selector, "estimator_", None), "feature_importances_"
    ):
        source = selector.estimator_
    _check_fitted(source, "feature_importances_")
    _pyplot()  # matplotlib missing: say so before any work
    if errors not in ("std", "interval"):
        raise ValueError(f"errors must be 'std' or 'interval', got {errors!r}")
    if hasattr(source, "group_names_") and hasattr(source, "members_used_"):
        units = ranked_units(source)
        return _plot_units(selector, units, top, feature_names, ax, errors)
    importances = np.asarray(source.feature_importances_, dtype=float)
    n_features = importances.shape[0]
    names = _feature_names(selector, n_features, feature_names)
    if errors == "interval":
        if not hasattr(source, "importance_interval"):
            raise ValueError(
                f"errors='interval' needs importance_interval(), which "
                f"{type(source).__name__} does not have; use errors='std'"
            )
        low, high = (np.asarray(v, dtype=float) for v in source.importance_interval())
        spread = np.vstack([importances - low, high - importances])
        label = " (95% confidence interval of the mean)"
    else:
        spread = getattr(source, "feature_importances_std_", None)
        spread = None if spread is None else np.asarray(spread, dtype=float)
        label = " (± spread across members)"
    if hasattr(selector, "get_support"):
        selected = np.asarray(selector.get_support(), dtype=bool)
    else:
        selected = np.zeros(n_features, dtype=bool)
    return _draw(selector, importances, spread, label, selected, names, top, ax)


def _plot_units(selector, units, top, feature_names, ax, errors):
    """Bars of a grouped selector: one per group."""
    importances = units["importance"]
    names = units["names"] if feature_names is None else list(feature_names)
    if len(names) != len(importances):
        raise ValueError(
            f"feature_names has {len(names)} entries, but the selector ranks "
            f"{len(importances)} groups"
        )
    if errors == "interval":
        spread = np.vstack(
            [importances - units["ci_low"], units["ci_high"] - importances]
        )
        label = " (95% confidence interval of the mean)"
    else:
        spread, label = units["std"], " (± spread across members)"
    selected = units["selected"]
    return _draw(selector, importances, spread, label, selected, names, top, ax)


def _uses_probes(selector):
    threshold = getattr(selector, "threshold", None)
    return isinstance(threshold, str) and threshold.strip() == "probe"


def _selection_rule(selector):
    """The fitted selector's ``selection_rule_`` (None for other estimators)."""
    try:
        return getattr(selector, "selection_rule_", None)
    except (AttributeError, ValueError):
        return None


def _draw(selector, importances, spread, label, selected, names, top, ax):
    plt = _pyplot()
    n_features = importances.shape[0]
    if top is not None and top < 1:
        raise ValueError(f"top must be a positive integer or None, got {top!r}")

    order = np.argsort(-importances, kind="mergesort")[:top]
    if ax is None:
        height = min(2.0 + 0.28 * len(order), 40.0)
        _, ax = plt.subplots(figsize=(6.4, height), layout="constrained")
    positions = np.arange(len(order))
    colors = [SELECTED_COLOR if selected[i] else DROPPED_COLOR for i in order]
    ax.barh(
        positions,
        importances[order],
        xerr=None if spread is None else spread[..., order],
        color=colors,
        error_kw={"ecolor": "0.25", "elinewidth": 1, "capsize": 2},
    )
    ax.set_yticks(positions, [names[i] for i in order])
    ax.invert_yaxis()  # most important at the top
    ax.set_xlabel("importance" + ("" if spread is None else label))

    from matplotlib.patches import Patch

    handles = []
    if selected.any():
        handles.append(Patch(color=SELECTED_COLOR, label="selected"))
    if not selected[order].all():
        handles.append(Patch(color=DROPPED_COLOR, label="not selected"))
    threshold = None
    if not _uses_probes(selector):
        try:
            threshold = float(selector.threshold_)
        except (AttributeError, TypeError, ValueError):
            threshold = None
    path = _selection_rule(selector) == "path"
    if threshold is not None and np.isfinite(threshold):
        if np.array_equal(selected, importances >= threshold):
            label = "weakest kept by the gate path" if path else "threshold"
            handles.append(
                ax.axvline(
                    threshold,
                    color="k",
                    linestyle="--",
                    linewidth=1,
                    label=f"{label} ({threshold:.3g})",
                )
            )
        elif path:  # the members' vote need not follow the ranking
            handles.append(Patch(color="none", label="selected: the gate path's vote"))
        else:  # max_features cut the selection short: a line would mislead
            rule = f"selected: the {int(selected.sum())} best above {threshold:.3g}"
            handles.append(Patch(color="none", label=rule))
    elif _uses_probes(selector) and hasattr(selector, "hits_"):
        rule = "selected: confirmed by the probe test"
        handles.append(Patch(color="none", label=rule))
    ax.set_xlim(left=0)
    if handles:
        ax.legend(handles=handles, loc="best", fontsize="small")
    title = (
        f"{n_features} features"
        if len(order) == n_features
        else f"Top {len(order)} of {n_features} features"
    )
    used = getattr(selector, "members_used_", None)
    if used is not None:
        title += f" ({int(np.sum(used))} of {len(used)} members used)"
    ax.set_title(title)
    return ax


def plot_member_curves(selector, ax=None):
    """Validation loss of every member of the ensemble, epoch by epoch.

    One line per member; members whose importances enter
    ``feature_importances_`` (``members_used_``) in colour, the others in
    grey. A dot marks the epoch each member was restored to (its best epoch
    under early stopping, the last one without). The dashed line is the mean
    loss of a constant predictor on the members' validation rows: a member
    below it has learned something.

    Parameters
    ----------
    selector : DeepFeatureSelector
        A selector fitted with validation rows (``validation_fraction > 0``).
    ax : matplotlib.axes.Axes, default=None
        Axes to draw on; a new figure when ``None``.

    Returns
    -------
    ax : matplotlib.axes.Axes
        The axes with the plot.

    Raises
    ------
    ValueError
        If the selector is not fitted or has no validation history.

    See Also
    --------
    plot_importances : Ranked importances with their spread.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from sklearn.datasets import make_classification
    >>> from skdfs import DeepFeatureSelector
    >>> from skdfs.plotting import plot_member_curves
    >>> X, y = make_classification(n_samples=200, n_features=6, random_state=0)
    >>> selector = DeepFeatureSelector(
    ...     n_estimators=4, hidden_layer_sizes=(8,), max_epochs=5, patience=None,
    ...     lr=1e-2, random_state=0, device="cpu",
    ... ).fit(X, y)
    >>> ax = plot_member_curves(selector)
    >>> len(ax.get_lines()) >= 4
    True
    """
    _check_fitted(selector, "net_")
    history = selector.net_.history
    try:
        losses = history[:, "valid_member_loss"]
    except KeyError:
        losses = None
    if not losses:
        raise ValueError(
            "the selector has no validation history (it was fitted with "
            "validation_fraction=0); refit with validation_fraction > 0 to plot "
            "the members' validation curves"
        )
    plt = _pyplot()
    losses = np.asarray(losses, dtype=float)  # (n_epochs, n_members)
    n_epochs, n_members = losses.shape
    epochs = np.arange(1, n_epochs + 1)
    used = getattr(selector, "members_used_", None)
    used = np.ones(n_members, dtype=bool) if used is None else np.asarray(used)
    best = getattr(selector.net_, "member_best_epoch_", None)

    if ax is None:
        _, ax = plt.subplots(layout="constrained")
    for m in range(n_members):
        color = f"C{m % 10}" if used[m] else DROPPED_COLOR
        ax.plot(epochs, losses[:, m], color=color, linewidth=1, alpha=0.8)
        if best is not None and 1 <= int(best[m]) <= n_epochs:
            b = int(best[m])
            ax.plot(b, losses[b - 1, m], "o", color=color, markersize=4)
    baseline = getattr(selector, "member_baseline_scores_", None)
    if baseline is not None and np.all(np.isfinite(baseline)):
        ax.axhline(
            float(np.mean(baseline)),
            color="k",
            linestyle="--",
            linewidth=1,
            label="constant predictor",
        )
        ax.legend(loc="upper right", fontsize="small")
    ax.set_xlabel("epoch")
    ax.set_ylabel(f"validation loss ({getattr(selector, 'loss_', 'loss')})")
    n_used = int(used.sum())
    ax.set_title(
        f"{n_members} members, {n_used} better than a constant predictor"
        + ("" if best is None else "; dots: restored epoch")
    )
    return ax


def save_importances_plot(selector, path, top=30, n_bars=None):
    """Write :func:`plot_importances` of ``selector`` to ``path`` (PNG), in
    a figure sized for ``n_bars`` bars (default ``top``); without pyplot's
    global state, so it is safe in scripts and servers.

    Raises
    ------
    ImportError
        Without matplotlib.
    """
    from matplotlib.figure import Figure

    n_bars = top if n_bars is None else n_bars
    fig = Figure(figsize=(7.0, min(2.0 + 0.28 * n_bars, 40.0)), layout="constrained")
    plot_importances(selector, top=top, ax=fig.subplots())
    fig.savefig(path, dpi=120)
