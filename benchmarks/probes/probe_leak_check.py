"""A leakage check from the data alone, measured: not built.

The twenty-third session's clinical trial had a column that copies the
outcome in 97% of the rows (a discharge code recorded after it); the
selector kept it alone, with no word. The cheapest check, the accuracy of
one threshold on one column against the majority class, flags it, but it
also flags the sweep's nonlinear-additive family, whose first column is a
genuine strong cause: the data alone cannot tell a leak from a strong
predictor (whether a column is recorded after the outcome is the user's
knowledge).

    python benchmarks/probes/probe_leak_check.py > benchmarks/results/leak_check.txt
"""

import numpy as np

from skdfs.datasets import TASK_NAMES, load_with_probes, make_task


def stump_accuracy(x, y):
    """Best accuracy of one threshold on ``x``: each side predicts its
    majority class."""
    order = np.argsort(x, kind="stable")
    xs, ys = x[order], y[order]
    classes, codes = np.unique(ys, return_inverse=True)
    k = len(classes)
    n = len(ys)
    onehot = np.eye(k)[codes]
    left = np.cumsum(onehot, axis=0)  # counts in the first i+1 rows
    total = left[-1]
    right = total - left
    acc = (left.max(1) + right.max(1)) / n
    valid = np.r_[xs[1:] != xs[:-1], False]
    return acc[valid].max() if valid.any() else total.max() / n


def check(X, y):
    y = np.asarray(y)
    classes, counts = np.unique(y, return_counts=True)
    base = counts.max() / len(y)
    out = []
    for j in range(X.shape[1]):
        a = stump_accuracy(np.asarray(X[:, j], float), y)
        out.append((a, (1 - a) / (1 - base)))
    return base, out


def report(name, X, y):
    base, out = check(X, y)
    best = max(range(len(out)), key=lambda j: out[j][0])
    a, ratio = out[best]
    flag = a >= 0.95 and ratio <= 0.2
    print(
        f"{name:<40} base {base:.3f} best col {best} acc {a:.3f} "
        f"err ratio {ratio:.3f} {'FLAG' if flag else ''}"
    )


# the trial's table: 2,000 rows, three weak causes, a code that copies the
# outcome except in 3% of the rows
rng = np.random.default_rng(5)
X = rng.standard_normal((2000, 30))
y = rng.binomial(1, 1 / (1 + np.exp(0.5 - 0.4 * X[:, :3].sum(axis=1))))
code = np.where(rng.random(2000) < 0.03, 1 - y, y)
report("trial: with the code", np.column_stack([X, code]), y)
report("trial: without it", X, y)
for fam in TASK_NAMES:
    for n, dd in ((1000, 20), (500, 100)):
        try:
            t = make_task(fam, n_samples=n, n_features=dd, random_state=0)
        except Exception as e:
            print(fam, e)
            continue
        X, y = t[0], t[1]
        if np.issubdtype(np.asarray(y).dtype, np.floating) and len(np.unique(y)) > 20:
            continue
        report(f"{fam} {n}x{dd}", np.asarray(X, float), y)
for name in ("breast_cancer", "wine", "digits"):
    t = load_with_probes(name, random_state=0)
    report(name, np.asarray(t.data, float), t.target)
