"""Probe: peak memory of standardising a wide table, in blocks or at once.

    python benchmarks/probes/probe_standardise_memory.py [--rows 5000]
        [--features 20000]

Each variant runs in a fresh process: it builds the float64 table, then calls
``skdfs._inputs.standardise`` with the default block size or with one block
for the whole table (the former behaviour), and prints the process's peak
resident memory before and after, and the seconds taken.
"""

import argparse
import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, time
import numpy as np
from skdfs._inputs import standardise
n, d, whole = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
X = np.random.RandomState(0).standard_normal((n, d))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
standardise(X, **({"block_elements": X.size} if whole else {}))
seconds = time.perf_counter() - t
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(before=before, after=after, seconds=seconds)))
"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--features", type=int, default=20000)
    args = parser.parse_args(argv)
    for label, whole in (("blocks of columns", "0"), ("one block", "1")):
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(args.rows), str(args.features), whole],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{label}: peak {r['before']:.0f} MB with the table, "
            f"{r['after']:.0f} MB after standardising, {r['seconds']:.2f} s"
        )


if __name__ == "__main__":
    main()
