"""Probe: members with square terms whose square rows start at zero.

Under ``input_basis="mixed"`` the odd-numbered members take ``x**2 - 1``
terms beside the columns. Until the thirteenth session their first layer
started with the square rows drawn like the others; since then the rows
start at 0 (the square terms start silent and grow only as their gradients
ask). This probe runs ``bench_sweep.py`` in a process where those rows are
kept as drawn and scaled by ``SCALE`` (1: the earlier default; 0: the
shipped one), so that a sweep variant measures either; the linear members
and everything else are as shipped::

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_square_init.py SCALE \
        run --half tuning --sizes 500x20 1000x100 --seeds 0 1 2 \
        --real breast_cancer wine diabetes --methods skdfs:sq0 \
        --variant 'sq0={}' --threads 1 --shard K/2 --csv CSV

(every argument after ``SCALE`` goes to ``bench_sweep.py``; name the method
after the scale, since the variant's parameters are the defaults). The
stored run (``benchmarks/results/square_init.csv``) was made before the
change, with ``SCALE`` 0 against the shipped default of then (drawn rows,
``SCALE`` 1). The scaling patches ``GatedEnsembleMLP._start_square_rows``
in this process only.
"""

import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import bench_sweep  # noqa: E402

from skdfs.network import GatedEnsembleMLP  # noqa: E402

_shipped = GatedEnsembleMLP._start_square_rows


def scaled_square_rows(scale):
    """``_start_square_rows`` with the square rows of the members with
    square terms kept as drawn, times ``scale`` (the shipped version sets them
    to 0; before the thirteenth session it kept them as drawn: scale 1)."""

    def start(self):
        curved = self.square_members != 0
        layer = self.hidden[0] if len(self.hidden) else self.out
        drawn = layer.weight[curved, self.n_features :].detach().clone()
        _shipped(self)
        with torch.no_grad():
            layer.weight[curved, self.n_features :] = drawn * scale

    return start


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    GatedEnsembleMLP._start_square_rows = scaled_square_rows(float(sys.argv[1]))
    sys.exit(bench_sweep.main(sys.argv[2:]))
