"""Plots of a fitted selector: ranked importances and members' curves."""

import sys

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.container import BarContainer  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.feature_selection import SelectFromModel  # noqa: E402

from skdfs import DeepFeatureSelector  # noqa: E402
from skdfs.plotting import (  # noqa: E402
    DROPPED_COLOR,
    SELECTED_COLOR,
    plot_importances,
    plot_member_curves,
)

TINY = dict(
    n_estimators=3,
    hidden_layer_sizes=(8,),
    max_epochs=3,
    patience=None,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def fitted(binary_data):
    X, y = binary_data
    return DeepFeatureSelector(**TINY).fit(X, y)


def bar_labels(ax):
    return [label.get_text() for label in ax.get_yticklabels()]


def bar_widths(ax):
    # Bars are drawn top to bottom in rank order (the y axis is inverted).
    bars = sorted(ax.patches, key=lambda bar: bar.get_y())
    return [bar.get_width() for bar in bars]


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_bars_are_sorted_with_the_most_important_at_the_top(fitted):
    ax = plot_importances(fitted, top=4)
    order = np.argsort(-fitted.feature_importances_, kind="mergesort")[:4]
    assert len(ax.patches) == 4
    assert bar_labels(ax) == [f"x{i}" for i in order]
    np.testing.assert_allclose(bar_widths(ax), fitted.feature_importances_[order])
    assert ax.yaxis_inverted()


def test_top_none_draws_every_feature(fitted):
    ax = plot_importances(fitted, top=None)
    assert len(ax.patches) == fitted.n_features_in_


def test_error_bars_are_the_spread_across_members(fitted):
    ax = plot_importances(fitted, top=None)
    (bars,) = [c for c in ax.containers if isinstance(c, BarContainer)]
    (errorbar,) = bars.errorbar.lines[2]
    segments = errorbar.get_segments()
    half_widths = sorted((seg[1][0] - seg[0][0]) / 2 for seg in segments)
    np.testing.assert_allclose(
        half_widths, np.sort(fitted.feature_importances_std_), atol=1e-12
    )


def test_error_bars_can_be_the_confidence_interval_of_the_mean(fitted):
    ax = plot_importances(fitted, top=None, errors="interval")
    (bars,) = [c for c in ax.containers if isinstance(c, BarContainer)]
    (errorbar,) = bars.errorbar.lines[2]
    ends = sorted((seg[0][0], seg[1][0]) for seg in errorbar.get_segments())
    low, high = fitted.importance_interval(0.95)
    np.testing.assert_allclose(ends, sorted(zip(low, high)), atol=1e-12)
    assert "confidence interval" in ax.get_xlabel()


def test_selected_features_have_their_own_colour(fitted):
    ax = plot_importances(fitted, top=None)
    support = fitted.get_support()
    assert support.any() and not support.all()
    names = [f"x{i}" for i in range(fitted.n_features_in_)]
    colours = {
        label: bar.get_facecolor()
        for label, bar in zip(
            bar_labels(ax), sorted(ax.patches, key=lambda b: b.get_y())
        )
    }
    for name, keep in zip(names, support):
        expected = SELECTED_COLOR if keep else DROPPED_COLOR
        assert colours[name] == to_rgba(expected)


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_threshold_line(binary_data):
    # A cut on the scores ("mean"): the path's vote need not keep the top
    # scores, and then no line is drawn.
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY, threshold="mean").fit(X, y)
    ax = plot_importances(selector)
    lines = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert len(lines) == 1
    assert lines[0].get_xdata()[0] == pytest.approx(selector.threshold_)


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_the_gate_paths_selection_is_drawn_as_what_it_is(binary_data):
    """The path's vote need not keep the best ranked features: a line at
    its weakest kept score only where it does, else the legend names it."""
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY).fit(X, y)
    assert selector.selection_rule_ == "path"
    order = np.argsort(-selector.feature_importances_)
    for kept, contiguous in ((order[:2], True), (order[[0, -1]], False)):
        selector.path_support_ = np.isin(np.arange(X.shape[1]), kept)
        ax = plot_importances(selector)
        lines = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
        legend = [t.get_text() for t in ax.get_legend().texts]
        if contiguous:
            assert len(lines) == 1
            assert lines[0].get_label().startswith("weakest kept by the gate path")
            assert lines[0].get_xdata()[0] == pytest.approx(
                selector.feature_importances_[order[1]]
            )
        else:
            assert not lines
            assert "selected: the gate path's vote" in legend


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_no_threshold_line_when_only_a_count_selects(binary_data):
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY, max_features=2).fit(X, y)
    assert not np.isfinite(selector.threshold_)
    ax = plot_importances(selector)
    assert not [line for line in ax.get_lines() if line.get_linestyle() == "--"]


def test_probe_mode_draws_no_line_and_names_the_rule(binary_data):
    """The probe test compares members with their probes: no cut-off on the
    mean importance is the rule, so no line may suggest one (issue 15)."""
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY, threshold="probe").fit(X, y)
    ax = plot_importances(selector)
    assert not [line for line in ax.get_lines() if line.get_linestyle() in ("--", ":")]
    legend = [t.get_text() for t in ax.get_legend().texts]
    assert "selected: confirmed by the probe test" in legend


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_no_line_contradicts_the_selection(binary_data):
    """With max_features cutting a threshold short, features above the
    threshold are not selected: the line would contradict the colours."""
    X, y = binary_data
    selector = DeepFeatureSelector(**TINY, threshold=0.0, max_features=1).fit(X, y)
    ax = plot_importances(selector)
    assert not [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    legend = [t.get_text() for t in ax.get_legend().texts]
    assert any(text.startswith("selected: the 1 best") for text in legend)


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_feature_names_argument_and_feature_names_in(binary_data):
    pd = pytest.importorskip("pandas")
    X, y = binary_data
    frame = pd.DataFrame(X, columns=[f"col_{i}" for i in range(X.shape[1])])
    selector = DeepFeatureSelector(**TINY).fit(frame, y)
    assert set(bar_labels(plot_importances(selector))) == set(frame.columns)
    names = [f"n{i}" for i in range(X.shape[1])]
    ax = plot_importances(selector, feature_names=names)
    assert set(bar_labels(ax)) == set(names)


def test_draws_on_the_given_axes(fitted):
    _, ax = plt.subplots()
    assert plot_importances(fitted, ax=ax) is ax


def test_any_estimator_with_feature_importances(binary_data):
    X, y = binary_data
    forest = RandomForestClassifier(n_estimators=5, random_state=0).fit(X, y)
    ax = plot_importances(forest, top=3)
    assert len(ax.patches) == 3
    assert ax.get_legend().texts[0].get_text() == "not selected"


def test_select_from_model_shows_its_estimator_and_its_selection(binary_data):
    X, y = binary_data
    sfm = SelectFromModel(
        RandomForestClassifier(n_estimators=5, random_state=0), threshold="mean"
    ).fit(X, y)
    ax = plot_importances(sfm, top=None)
    widths = sorted(bar_widths(ax), reverse=True)
    np.testing.assert_allclose(
        widths, np.sort(sfm.estimator_.feature_importances_)[::-1]
    )
    colours = [bar.get_facecolor() for bar in ax.patches]
    assert colours.count(to_rgba(SELECTED_COLOR)) == sfm.get_support().sum()
    (line,) = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert line.get_xdata()[0] == pytest.approx(sfm.threshold_)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"feature_names": ["a", "b"]}, "feature_names has 2 entries"),
        ({"top": 0}, "top must be a positive integer"),
        ({"errors": "sem"}, "errors must be 'std' or 'interval'"),
    ],
)
def test_bad_arguments(fitted, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_importances(fitted, **kwargs)


@pytest.mark.parametrize("plot", [plot_importances, plot_member_curves])
def test_unfitted_selector_is_refused(plot):
    with pytest.raises(ValueError, match="fit it before plotting"):
        plot(DeepFeatureSelector())


@pytest.mark.parametrize("plot", [plot_importances, plot_member_curves])
def test_missing_matplotlib_names_the_plot_extra(fitted, plot, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"skdfs\[plot\]"):
        plot(fitted)


def test_member_curves_one_line_per_member_with_best_epoch(fitted):
    ax = plot_member_curves(fitted)
    curves = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
    assert len(curves) == fitted.n_estimators
    losses = np.asarray(fitted.net_.history[:, "valid_member_loss"])
    for m, curve in enumerate(curves):
        np.testing.assert_allclose(curve.get_ydata(), losses[:, m])
        np.testing.assert_array_equal(curve.get_xdata(), np.arange(1, len(losses) + 1))
    markers = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(markers) == fitted.n_estimators
    best = fitted.net_.member_best_epoch_
    assert sorted(int(m.get_xdata()[0]) for m in markers) == sorted(best.tolist())
    baseline = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert baseline[0].get_ydata()[0] == pytest.approx(
        fitted.member_baseline_scores_.mean()
    )


def test_member_curves_need_validation_history(binary_data):
    X, y = binary_data
    selector = DeepFeatureSelector(**{**TINY, "validation_fraction": 0.0}).fit(X, y)
    with pytest.raises(ValueError, match="no validation history"):
        plot_member_curves(selector)
