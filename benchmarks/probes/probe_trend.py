"""Trending series: how often the trend check fires, and what it prevents.

Two unrelated series that trend (random walks, prices, cumulative counts)
correlate by chance over a table's span (a spurious regression). A user
trial fitted ten random walks against an unrelated random-walk target with
``sample_groups`` of 200 rows, as the row-order warning advised: eight of
the ten columns were selected, with no warning. This script measures

1. how often :func:`skdfs._roworder.trend_message` fires on random walks,
   on AR(1) series with coefficients 0.99 and 0.95, at 300, 1,000 and 4,000
   rows (60 draws each, four columns and a target each), at the lags and
   thresholds it was chosen from (``--rates``);
2. default fits on unrelated walks (1,000 x 10, seeds 20-22, not the
   trial's), grouped in stretches of 50 rows: the walks as they are, and
   their changes (``numpy.diff``), as the warning advises (``--fits``).

    OMP_NUM_THREADS=1 python benchmarks/probes/probe_trend.py --rates --fits
"""

import argparse
import warnings

import numpy as np

from skdfs import DeepFeatureSelector
from skdfs._roworder import _lag_correlation, trend_message


def _ar(rng, phi, shape):
    noise = rng.normal(size=shape)
    out = np.zeros(shape)
    for t in range(1, shape[0]):
        out[t] = phi * out[t - 1] + noise[t]
    return out


def _draw(kind, rng, n):
    if kind == "walk":
        return np.cumsum(rng.normal(size=(n, 5)), axis=0)
    return _ar(rng, float(kind[2:]), (n, 5))


def rates():
    print("share of 60 draws whose target and median column both keep an")
    print("autocorrelation >= r at the lag (a share of the rows)\n")
    print("| lag | rows | series | r >= 0.3 | 0.4 | 0.5 |")
    print("|---:|---:|---|---:|---:|---:|")
    for share in (0.05, 0.1):
        for n in (300, 1000, 4000):
            for kind in ("walk", "ar0.99", "ar0.95"):
                lows = []
                for seed in range(60):
                    z = _draw(kind, np.random.default_rng(seed), n)
                    lag = int(share * n)
                    target = float(_lag_correlation(z[:, :1], lag)[0])
                    column = float(np.median(_lag_correlation(z[:, 1:], lag)))
                    lows.append(min(target, column))
                lows = np.asarray(lows)
                cells = " | ".join(f"{np.mean(lows >= r):.2f}" for r in (0.3, 0.4, 0.5))
                print(f"| {share} | {n} | {kind} | {cells} |")
    print()


def fits():
    print("| seed | table | selected of 10 | warnings |")
    print("|---:|---|---:|---|")
    for seed in (20, 21, 22):
        rng = np.random.default_rng(seed)
        n = 1000
        walks = np.cumsum(rng.normal(size=(n, 10)), axis=0)
        target = np.cumsum(rng.normal(size=n))
        changes = np.diff(walks, axis=0), np.diff(target), np.arange(n - 1) // 50
        tables = {"walks": (walks, target, np.arange(n) // 50), "changes": changes}
        for name, (X, y, groups) in tables.items():
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                selector = DeepFeatureSelector(random_state=0).fit(
                    X, y, sample_groups=groups
                )
            kinds = sorted({w.category.__name__ for w in caught})
            fired = trend_message(X, y) is not None
            print(
                f"| {seed} | {name} | {int(selector.get_support().sum())} | "
                f"{', '.join(kinds) or '-'}{' (trend)' if fired else ''} |"
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", action="store_true")
    parser.add_argument("--fits", action="store_true")
    args = parser.parse_args()
    if args.rates:
        rates()
    if args.fits:
        fits()


if __name__ == "__main__":
    main()
