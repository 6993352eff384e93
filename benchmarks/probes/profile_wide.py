"""Profile: where a wide default fit spends its time (torch.profiler).

    python benchmarks/probes/profile_wide.py [--autograd] [--columns 1000]

Fits ``DeepFeatureSelector(max_steps=300)`` on xor with 250 rows once to warm
up, then once under :mod:`torch.profiler`, and prints the operators by self
CPU time. ``--autograd`` leaves the gated first layer's backward pass to
autograd (``GatedEnsembleMLP.fused_first_layer = False``), as before the
written-out one (``docs/benchmarks.md``, "The gated first layer"). Run it on
a quiet machine.
"""

import argparse
import time
import warnings

from torch.profiler import ProfilerActivity, profile

from skdfs import DeepFeatureSelector
from skdfs.datasets import make_task
from skdfs.network import GatedEnsembleMLP


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--columns", type=int, default=1000)
    parser.add_argument("--autograd", action="store_true")
    parser.add_argument("--rows", type=int, default=15, help="operators shown")
    args = parser.parse_args(argv)
    GatedEnsembleMLP.fused_first_layer = not args.autograd
    X, y, _, _ = make_task("xor", n_samples=250, n_features=args.columns)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 300 steps on xor: a low-signal fit
        DeepFeatureSelector(max_steps=300, random_state=0).fit(X, y)
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            start = time.perf_counter()
            DeepFeatureSelector(max_steps=300, random_state=0).fit(X, y)
            seconds = time.perf_counter() - start
    arm = "autograd" if args.autograd else "written out"
    print(f"first layer's backward: {arm}; fit under the profiler {seconds:.1f} s")
    print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=args.rows))


if __name__ == "__main__":
    main()
