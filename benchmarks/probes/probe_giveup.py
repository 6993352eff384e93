"""Probe: would stopping members that are stuck above the constant save time?

A member that has not beaten the constant predictor keeps training until the
step budget (``MemberEarlyStopping(baseline=...)``, issue #14). This probe
replays the stored validation histories of sweep fits (``bench_sweep.py run
--dump DIR`` keeps every epoch's loss per member as
``history_valid_member_loss``) under a per-member rule that would stop such a
member earlier: once its validation loss has stayed at ``kappa`` times the
constant's or above for ``window`` optimizer steps in a row, while it has
not yet beaten the constant. A per-member rule keeps results independent of
``n_jobs`` (a rule comparing members would not: each ``n_jobs`` group sees
only its own members).

For every (kappa, window) it prints the members the rule would have stopped
although they went on to beat the constant and were used (``lost``), the
share of member-steps saved, and the steps at which the fits would end (the
last member's stop) against the stored ones::

    python benchmarks/probes/probe_giveup.py DIR [DIR ...]

Given one dump file (``.npz``) instead, it prints that fit's members: the
first epoch at which each beat the constant by the 0.1% margin (or never),
and, for those that never did, the range of their loss over the constant's
from the fifth epoch on::

    python benchmarks/probes/probe_giveup.py DUMPS_H/heldout_xor_500x100_s10_skdfs.npz

Also printed per directory: the fits that ran their whole step budget and
their members that never beat the constant. The replay holds exactly for the
members' training (members train independently); the gate path after it is
not replayed.
"""

import glob
import itertools
import sys

import numpy as np

KAPPAS = (1.5, 2.0, 3.0)
WINDOWS = (100, 200, 400)


def load(dirs):
    fits = []
    for d in dirs:
        for f in sorted(glob.glob(f"{d}/*.npz")):
            z = np.load(f)
            if "history_valid_member_loss" not in z.files:
                continue
            fits.append({k: z[k] for k in z.files})
    return fits


def last_epochs(losses):
    """Index of each member's last epoch with a loss (it trained until then)."""
    finite = np.isfinite(losses)
    last = losses.shape[0] - 1 - np.argmax(finite[::-1], axis=0)
    return np.where(finite.any(axis=0), last, 0)


def replay(fit, kappa, window):
    """(lost, used, member-steps saved, member-steps, end before, end after)."""
    losses = fit["history_valid_member_loss"]
    steps = np.cumsum(fit["history_train_batch_count"])
    base = fit["member_baseline_scores_"]
    used = fit["members_used_"].astype(bool)
    last = last_epochs(losses)
    stop = last.copy()
    lost = 0
    for e in range(losses.shape[1]):
        best, run_start = np.inf, None
        for t in range(last[e] + 1):
            best = min(best, losses[t, e])
            if best < base[e]:
                break  # beaten the constant: patience decides from here
            if losses[t, e] >= kappa * base[e]:
                run_start = t if run_start is None else run_start
                before = steps[run_start - 1] if run_start else 0
                if steps[t] - before >= window:
                    stop[e] = t
                    lost += int(used[e])
                    break
            else:
                run_start = None
    saved = float(np.sum(steps[last] - steps[stop]))
    total = float(np.sum(steps[last]))
    return lost, int(used.sum()), saved, total, steps[last.max()], steps[stop.max()]


def describe(path):
    fit = np.load(path)
    losses = fit["history_valid_member_loss"]
    base = fit["member_baseline_scores_"]
    beaten = losses < base * (1 - 1e-3)
    first = np.where(beaten.any(axis=0), np.argmax(beaten, axis=0) + 1, 0)
    print(f"{path}: {losses.shape[0]} epochs, {losses.shape[1]} members")
    print(
        "member | square terms (odd) | first epoch beating the constant | "
        "loss / constant from epoch 5, min-max (never-beaten members)"
    )
    for e in range(losses.shape[1]):
        ratio = losses[4:, e] / base[e]
        ratio = ratio[np.isfinite(ratio)]
        span = f"{ratio.min():.2f}-{ratio.max():.2f}" if not first[e] else ""
        print(f"{e} | {'yes' if e % 2 else 'no'} | {first[e] or 'never'} | {span}")


def main(dirs):
    fits = load(dirs)
    if not fits:
        sys.exit("no dumps with histories (bench_sweep.py run --dump keeps them)")
    budget = [f for f in fits if np.sum(f["history_train_batch_count"]) >= 2000]
    never = sum(int((~f["members_used_"].astype(bool)).sum()) for f in budget)
    print(f"{len(fits)} fits from {', '.join(dirs)}")
    members = sum(len(f["members_used_"]) for f in budget)
    print(
        f"{len(budget)} ran the whole step budget; {never} of their {members} "
        "members never beat the constant (by the 0.1% margin)"
    )
    print(
        "kappa | window (steps) | used members lost | member-steps saved | "
        "fit end steps (after / before)"
    )
    print("---:|---:|---:|---:|---")
    for kappa, window in itertools.product(KAPPAS, WINDOWS):
        rows = np.array([replay(f, kappa, window) for f in fits], dtype=float)
        lost, used, saved, total, end0, end1 = rows.sum(axis=0)
        print(
            f"{kappa} | {window} | {lost:.0f} of {used:.0f} | {saved / total:.1%} | "
            f"{end1:.0f} / {end0:.0f} ({end1 / end0:.2f})"
        )


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if len(sys.argv) == 2 and sys.argv[1].endswith(".npz"):
        describe(sys.argv[1])
    else:
        main(sys.argv[1:])
