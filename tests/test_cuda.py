"""``device="cuda"`` end to end; skipped where CUDA is absent, except the GPU
benchmark's ``--smoke`` mode, which runs anywhere.

The CPU-only behaviour (``"auto"`` resolving to the CPU, a ``"cuda"`` request
rejected before training) is tested in ``test_selector.py``.
"""

import pickle

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

from skdfs import DeepFeatureSelector
from skdfs.importance import compute_importances

needs_cuda = pytest.mark.skipif(
    not torch.cuda.is_available(), reason="needs a CUDA device"
)


@needs_cuda
@pytest.mark.parametrize("device", ["cuda", "auto", "cuda:0"])
def test_fit_on_cuda_gives_finite_importances(binary_data, fast_params, device):
    X, y = binary_data
    selector = DeepFeatureSelector(**{**fast_params, "device": device}).fit(X, y)
    assert selector.device_.startswith("cuda")
    assert next(selector.net_.module_.parameters()).is_cuda
    assert np.all(np.isfinite(selector.feature_importances_))
    assert isinstance(selector.feature_importances_, np.ndarray)
    assert selector.transform(X).shape[0] == X.shape[0]


@needs_cuda
def test_cuda_ranks_like_the_cpu(xor_data):
    """Same seeds, different kernels: the rankings agree on the truth."""
    X, y, relevant = xor_data
    params = dict(n_estimators=8, max_epochs=60, random_state=0)
    cpu = DeepFeatureSelector(**params, device="cpu").fit(X, y)
    gpu = DeepFeatureSelector(**params, device="cuda").fit(X, y)
    for selector in (cpu, gpu):
        assert set(np.argsort(selector.feature_importances_)[-2:]) == set(relevant)


@pytest.mark.parametrize(
    "options",
    [
        dict(threshold="probe"),
        dict(importance="permutation", n_repeats=2),
        dict(importance="gradient"),
        dict(gate="stochastic"),
        dict(gate="concrete"),
    ],
)
@needs_cuda
def test_cuda_options(binary_data, fast_params, options):
    X, y = binary_data
    selector = DeepFeatureSelector(**{**fast_params, **options, "device": "cuda"})
    selector.fit(X, y)
    assert np.all(np.isfinite(selector.feature_importances_))


@needs_cuda
def test_cuda_selector_in_a_pipeline_and_pickled(binary_data, fast_params):
    X, y = binary_data
    selector = DeepFeatureSelector(**{**fast_params, "device": "cuda"})
    scores = cross_val_score(make_pipeline(selector, LogisticRegression()), X, y, cv=2)
    assert np.all(np.isfinite(scores))
    selector.fit(X, y)
    restored = pickle.loads(pickle.dumps(selector))
    np.testing.assert_array_equal(restored.transform(X), selector.transform(X))
    result = compute_importances(restored, X, y, "noise", random_state=0)
    assert np.all(np.isfinite(result.importances))


@needs_cuda
def test_cuda_fit_leaves_the_global_cuda_rng_alone(binary_data, fast_params):
    X, y = binary_data
    state = torch.cuda.get_rng_state()
    DeepFeatureSelector(**{**fast_params, "device": "cuda", "dropout": 0.2}).fit(X, y)
    assert torch.equal(torch.cuda.get_rng_state(), state)


def test_the_gpu_benchmark_runs_in_smoke_mode():
    """``benchmarks/bench_gpu.py --smoke`` runs without a GPU (on the CPU), so
    the script is known to work the day one is lent."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_gpu.py"
    spec = importlib.util.spec_from_file_location("bench_gpu", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.main(["--smoke"])
    assert result["epochs"] == 2
    assert result["hits"] >= 3  # of the 5 informative columns in the top 5
