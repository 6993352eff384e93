"""Do the importance intervals say how another sample of rows would move them?

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_interval_coverage.py [--samples K]

``importance_interval()`` (the 95% interval of the ensemble mean, the
report's "95% interval") comes from the spread of the members, which all see
the same rows. This probe measures how far an independent sample of the
same population moves the importances, against that interval. Three
populations with the true columns first (fixed positions):

- ``regression``: 1,000 x 20, ``y = sin(2 x0) + x1**2 + 0.7 x2 + noise``;
- ``classification``: 1,000 x 20, logistic in ``x0 + x1 - x2 + x0 x3``;
- ``wide``: 300 x 100, ``y = x0 + 0.8 x1 + 0.6 x2 + 0.5 x3 + noise``.

For each population, K independent samples (seeds 0..K-1), each fitted
with the default selector and with ``bootstrap=True``. Per true column:
the standard deviation of its importance across the K samples (the
sampling spread, ``between``), the mean over samples of its interval's
standard error (``sem``: the interval half-width / t quantile) and of the
members' own standard deviation (``members``). Honest mean intervals
would give ``between / sem`` near 1; the members' spread is the bootstrap's
estimate of the sampling spread when each member resamples the rows
(``between / members`` near 1). Last: the share of (sample, column) pairs
whose importance on the *next* sample falls inside this sample's 95% mean
interval (about 83% for honest intervals: two independent estimates) and
inside its 95% members range.
"""

import argparse
import warnings

import numpy as np

from skdfs import DeepFeatureSelector

POPULATIONS = {
    "regression": (1000, 20, 3),
    "classification": (1000, 20, 4),
    "wide": (300, 100, 4),
}


def sample(name, seed):
    n, d, _ = POPULATIONS[name]
    rng = np.random.default_rng(1000 + seed)
    X = rng.normal(size=(n, d))
    if name == "regression":
        return X, np.sin(2 * X[:, 0]) + X[:, 1] ** 2 + 0.7 * X[:, 2] + 0.5 * rng.normal(
            size=n
        )
    if name == "classification":
        z = X[:, 0] + X[:, 1] - X[:, 2] + X[:, 0] * X[:, 3]
        return X, (rng.random(n) < 1 / (1 + np.exp(-2 * z))).astype(int)
    return X, X[:, :4] @ np.array([1, 0.8, 0.6, 0.5]) + rng.normal(size=n)


def fit(X, y, seed, bootstrap):
    s = DeepFeatureSelector(random_state=seed, bootstrap=bootstrap).fit(X, y)
    used = s.importances_[s.members_used_]
    low, high = s.importance_interval(0.95)
    m_low, m_high = s.importance_interval(0.95, kind="members")
    sem = used.std(axis=0, ddof=1) / np.sqrt(len(used))
    return (
        s.feature_importances_,
        sem,
        used.std(axis=0, ddof=1),
        (low, high),
        (m_low, m_high),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=8)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    print(f"K = {args.samples} independent samples per population; true columns only")
    print(
        "population      bootstrap  column  mean imp.  between    sem  members  "
        "between/sem  between/members"
    )
    summary = []
    for name, (_, _, k) in POPULATIONS.items():
        for bootstrap in (False, True):
            fits = [fit(*sample(name, s), s, bootstrap) for s in range(args.samples)]
            imp = np.array([f[0] for f in fits])[:, :k]
            sem = np.array([f[1] for f in fits])[:, :k].mean(0)
            members = np.array([f[2] for f in fits])[:, :k].mean(0)
            between = imp.std(axis=0, ddof=1)
            for j in range(k):
                print(
                    f"{name:15} {bootstrap!s:9} {j:6} {imp[:, j].mean():10.3f} "
                    f"{between[j]:8.3f} {sem[j]:6.3f} {members[j]:8.3f} "
                    f"{between[j] / sem[j]:12.1f} {between[j] / members[j]:16.2f}"
                )
            inside_mean = inside_members = 0
            for a, b in zip(fits[:-1], fits[1:]):
                (low, high), (m_low, m_high) = a[3], a[4]
                nxt = b[0][:k]
                inside_mean += ((nxt >= low[:k]) & (nxt <= high[:k])).sum()
                inside_members += ((nxt >= m_low[:k]) & (nxt <= m_high[:k])).sum()
            pairs = (args.samples - 1) * k
            summary.append(
                (
                    name,
                    bootstrap,
                    np.median(between / sem),
                    np.median(between / members),
                    inside_mean / pairs,
                    inside_members / pairs,
                )
            )
    print(
        "\npopulation      bootstrap  median between/sem  median between/members  "
        "next inside mean interval  next inside members range"
    )
    for name, bootstrap, r_sem, r_mem, in_mean, in_mem in summary:
        print(
            f"{name:15} {bootstrap!s:9} {r_sem:19.1f} {r_mem:23.2f} "
            f"{in_mean:26.0%} {in_mem:26.0%}"
        )


if __name__ == "__main__":
    main()
