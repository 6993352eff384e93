"""The quality benchmark's metrics and a small, fast slice of its comparison."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest

PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_quality.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_quality", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_roc_auc_of_perfect_reversed_and_tied_scores(bench):
    relevant = [0, 1]
    assert bench.roc_auc([3, 2, 1, 0], relevant) == 1.0
    assert bench.roc_auc([0, 1, 2, 3], relevant) == 0.0
    assert bench.roc_auc([1, 1, 1, 1], relevant) == 0.5
    assert np.isnan(bench.roc_auc([1, 2], [0, 1]))  # no irrelevant feature


def test_precision_at_k_shares_ties_in_expectation(bench):
    assert bench.precision_at_k([5, 4, 0, 0], [0, 1]) == 1.0
    assert bench.precision_at_k([0, 0, 5, 4], [0, 1]) == 0.0
    # Every score tied: the expected precision is the share of relevant ones,
    # whatever the column order.
    assert bench.precision_at_k([1, 1, 1, 1], [0, 1]) == pytest.approx(0.5)
    assert bench.precision_at_k([1, 1, 1, 1], [2, 3]) == pytest.approx(0.5)
    # One relevant feature ahead, the second place tied between 3 features.
    assert bench.precision_at_k([9, 1, 1, 1], [0, 1]) == pytest.approx((1 + 1 / 3) / 2)


def test_support_f1(bench):
    assert bench.support_f1([True, True, False], [0, 1]) == 1.0
    assert bench.support_f1([True, False, True], [0, 1]) == pytest.approx(0.5)
    assert np.isnan(bench.support_f1(None, [0]))


def test_load_task_knows_its_truth(bench):
    X, y, relevant, task_type = bench.load_task("xor", 0, quick=True)
    assert task_type == "classification" and len(relevant) == 2
    X2, y2, relevant2, _ = bench.load_task("xor", 0, quick=True)
    np.testing.assert_array_equal(X, X2)
    Xr, _, relevant_r, _ = bench.load_task("breast_cancer", 0)
    assert len(relevant_r) == 30 and Xr.shape[1] > 30
    with pytest.raises(ValueError, match="unknown task"):
        bench.load_task("no_such_task", 0)


@pytest.mark.slow
def test_a_small_slice_of_the_comparison(bench):
    fast = dict(n_estimators=8, hidden_layer_sizes=(32,), max_epochs=60)
    df = bench.run(
        ["xor"],
        ["rf", "mutual_info", "skdfs"],
        [0],
        skdfs_params=fast,
        n_samples=600,
    )
    assert len(df) == 3
    assert set(df.columns) >= {"task", "method", "auc", "precision_at_k", "f1"}
    by = df.set_index("method")
    assert by.loc["skdfs", "auc"] == 1.0
    assert by.loc["skdfs", "precision_at_k"] == 1.0
    # rf and skdfs select features, mutual information does not.
    assert np.isnan(by.loc["mutual_info", "f1"])
    # The forest's selection keeps both XOR columns (it ranks them first, AUC
    # 1) plus the noise columns above the mean: its F1 is 4 / (n_selected + 2).
    assert by.loc["rf", "auc"] == 1.0
    n_rf = by.loc["rf", "n_selected"]
    assert by.loc["rf", "f1"] == pytest.approx(4 / (n_rf + 2))
    assert (df["seconds"] > 0).all()
    table = bench.pivot(df, "auc")
    assert "mean" in table.index
