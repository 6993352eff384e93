"""The probe test with the mixed basis: members, or linear/quadratic twins?

    python benchmarks/probes/probe_probe_twins.py DUMPS_T DUMPS_H

With ``input_basis="mixed"`` the odd members see every feature's square and
the even ones do not. A feature that acts through its square (a U shape)
can then clear the probes in the quadratic members only, and the probe
test across members sees half of them against it: a user trial saw such a
feature, third by importance and 14 times the best noise column, left
tentative (adjusted p 0.18). The alternative replayed here tests *twins*:
members 2k and 2k + 1 (one of each basis, the same rows' draw aside)
averaged, real and probe importances alike, before the signed-rank test at
the fit's own probe percentile; a twin counts where both members were used.
A second alternative, *bases*, is ``probe_test(..., member_groups=...)`` as
shipped: the linear and the quadratic members tested apart, each feature
keeping the smaller p-value doubled (Bonferroni over the two bases) before
the Benjamini-Hochberg adjustment over the features, where each basis has
two used members or more (the sweep's fits have 32 members, at or above
``skdfs.selection.PROBE_SPLIT_MIN_MEMBERS``).

Input: the probe-mode dumps of the sweep (``bench_sweep.py run ... --variant
'pp15={"threshold": "probe"}' --dump DIR``, fifteenth session; the tuning and
held-out halves). Per half: mean F1, false-selection share and recall over
the fits, members against twins, and the same for the families whose
relevant features act through a square or a threshold (orange_skin,
nonlinear_additive, switch).
"""

import glob
import sys

import numpy as np

from skdfs.selection import probe_test

CURVED = ("orange_skin", "nonlinear_additive", "switch")


def scores(support, relevant):
    tp = int((support & relevant).sum())
    n_sel = int(support.sum())
    f1 = 2 * tp / (n_sel + relevant.sum()) if n_sel + relevant.sum() else 0.0
    false = (n_sel - tp) / n_sel if n_sel else 0.0
    return f1, false, tp / max(relevant.sum(), 1)


def twins(rows, used):
    pairs = [(k, k + 1) for k in range(0, len(used) - 1, 2) if used[k] and used[k + 1]]
    return np.array([(rows[a] + rows[b]) / 2 for a, b in pairs])


def replay(path):
    d = np.load(path, allow_pickle=True)
    used = d["members_used_"].astype(bool)
    real, probes = d["importances_"], d["probe_importances_"]
    relevant = d["relevant"].astype(bool)
    out = {}
    for arm, (r, p) in {
        "members": (real[used], probes[used]),
        "twins": (twins(real, used), twins(probes, used)),
    }.items():
        if len(r) < 2:
            out[arm] = None
            continue
        result = probe_test(
            r, p, percentile=float(d["probe_percentile_"]), statistic="signed_rank"
        )
        out[arm] = scores(np.asarray(result["confirmed"], bool), relevant)
    basis = np.flatnonzero(used) % 2  # even members linear, odd quadratic
    result = probe_test(
        real[used],
        probes[used],
        percentile=float(d["probe_percentile_"]),
        statistic="signed_rank",
        member_groups=basis,
    )
    out["bases"] = scores(np.asarray(result["confirmed"], bool), relevant)
    return str(d["family"]), out


def main():
    for directory in sys.argv[1:]:
        fits = [replay(f) for f in sorted(glob.glob(f"{directory}/*.npz"))]
        fits = [(fam, o) for fam, o in fits if all(o.values())]
        print(f"{directory}: {len(fits)} fits")
        print("subset               arm       mean F1  false share  recall")
        for subset, keep in (
            ("all", lambda f: True),
            ("curved", lambda f: f in CURVED),
        ):
            chosen = [o for fam, o in fits if keep(fam)]
            for arm in ("members", "twins", "bases"):
                m = np.array([o[arm] for o in chosen])
                print(
                    f"{subset + f' ({len(chosen)})':20} {arm:8} {m[:, 0].mean():8.3f} "
                    f"{m[:, 1].mean():12.3f} {m[:, 2].mean():7.3f}"
                )


if __name__ == "__main__":
    main()
