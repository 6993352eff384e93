"""One-thread CPU-time profile of the tall fixed fit (where a step goes).

    python benchmarks/probes/profile_tall_cpu.py \
        > benchmarks/results/profile_tall_cpu.txt

One epoch of the bench_speed tall fit (54,000 x 27, 32 members, (64, 64),
batch 256) at one torch thread, under cProfile with a CPU-time clock.
"""

import cProfile
import io
import pstats
import time
import warnings

import torch
from sklearn.datasets import make_classification

from skdfs import DeepFeatureSelector

warnings.simplefilter("ignore")
torch.set_num_threads(1)
X, y = make_classification(54000, 27, n_informative=8, random_state=0)
p = dict(
    n_estimators=32,
    hidden_layer_sizes=(64, 64),
    batch_size=256,
    max_epochs=1,
    patience=None,
    threshold="mean",  # the epoch alone, no gate path
    device="cpu",
    random_state=0,
)
DeepFeatureSelector(**p).fit(X[:3000], y[:3000])
c = time.process_time()
sel = DeepFeatureSelector(**p).fit(X, y)
print(
    "fit cpu",
    time.process_time() - c,
    "epoch dur",
    sel.net_.history[-1, "dur"],
    "steps",
    len(sel.net_.history[-1]["batches"]),
)
pr = cProfile.Profile(timer=time.process_time)
pr.enable()
DeepFeatureSelector(**p).fit(X, y)
pr.disable()
s = io.StringIO()
pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(30)
print(s.getvalue()[:6000])
