"""Selection rules evaluated offline on the sweep's dumped fits.

    python benchmarks/bench_rules.py DUMP_DIR [DUMP_DIR ...] [--sweep-csv CSV ...]
        [--rules NAME ...] [--choose-on tuning] [--chosen RULE] [--csv OUT.csv]
        [--out report.md]

Fitting is expensive, a selection rule is cheap: ``bench_sweep.py run --dump
DIR`` writes every skdfs fit's importances (and, with ``threshold="path"``,
the gate path; with ``threshold="probe"``, the probe statistics) to
``DIR/*.npz``; this script applies every candidate rule of :data:`RULES` to
every dump and scores the selections against the dumped truth with the
sweep's own metrics (:func:`bench_sweep.selection_metrics`: F1, false share,
recall, count).

The report has, per half, the sweep report's tables (per family, the mean /
worst case over seeds and sizes; an ``all`` row with the mean of the family
means and the worst of the worst) of F1, false share and recall for every
rule, the random forest's and Boruta's F1 from the sweep CSVs given with
``--sweep-csv`` beside them (their own runs on the same family and size
cells, any seed of the half), the issue's two F1 targets per rule, and the
rules ranked by mean F1. ``--choose-on tuning`` picks the rule with the best
mean F1 on the tuning half (the worst case breaks ties) and reports it,
unchanged, on the held-out half; ``--chosen RULE`` names it instead.

The rules (a name maps to a function of one dump, a dict of arrays, that
returns a boolean support):

- ``mean``, ``median``, ``0.5*mean``, ``1.5*mean``, ``2*mean``: the
  scikit-learn threshold grammar on ``feature_importances_``
  (:func:`skdfs.selection.support_from_scores`); ``mean`` is the default;
- ``path``: the gate path's selection (``path_support_``, with
  ``threshold="path"``); ``path_topk``: as many features as the path keeps,
  the best ranked by ``feature_importances_``; ``path_mean``: the mean rule
  on the path's scores (``path_importances_``);
- ``path_<k>se[_q25]``: the path's vote redone with each member's level
  the sparsest within ``k`` standard errors of its best (``k`` 1, 0.5 or 0;
  ``path`` is ``k=1``), a feature kept by at least half (``_q25``: a
  quarter) of the used members (:func:`path_levels`);
  ``path_q25_floor2``: the quarter vote (``path_1se_q25``), and at least two
  members whenever two or more vote (:func:`floored_vote`);
  ``path_q25_floor2_half``: the same floor only where two members are at
  most half of the vote (four or more voting);
- ``path_q25_sparse_voters``: the quarter vote among the used members whose
  chosen level is past the predictive fit (a member that keeps every gate
  does not vote), all used members if none is;
- ``path_abstain_empty``: the shipped vote (``path_q25_floor2_half``) among
  the used members whose chosen level keeps some gate (a member whose level
  has every gate dead abstains); ``path_nonempty_level``: each member takes
  the sparsest level within one standard error that keeps a gate
  (:func:`path_levels` with ``nonempty``), then the shipped vote;
- ``path_paired``, ``path_paired_2se``: the shipped vote with each member's
  level the sparsest whose validation loss is within one (two) standard
  errors of the row-by-row difference from its best level, on the same
  validation rows (``path_valid_se_paired``; :func:`path_levels` with
  ``paired``);
- ``path_2means``: 2-means on the log path scores (``path_importances_``);
  ``death_2means``, ``death_gap``: 2-means and the largest gap on each
  feature's median log death penalty over the used members (the penalty at
  which its gate falls for good; :func:`death_scores`);
- ``path|2*mean``, ``path|1.5*mean``: the path's selection or the scaled
  mean threshold on ``feature_importances_``;
- ``2means``: 1-D 2-means (the optimal split of the sorted values) on the log
  importances, keeping the upper cluster; ``gap``: the largest gap between
  consecutive sorted log importances, keeping what lies above it;
- ``vote``: a feature kept by a majority of the used members, each member
  applying its own mean rule (a member's row sums to one, so its mean is
  ``1/d``);
- ``sign_bh``: the vote as a test: a feature's count of members above ``1/d``
  against Binomial(members, 1/2), one-sided, Benjamini-Hochberg at 0.05;
- ``t_bh``: a one-sided one-sample t-test across the used members of a
  feature's importance against the uniform share ``1/d``, Benjamini-Hochberg
  at 0.05; ``t_bonf``: the same with Bonferroni;
- ``path_rate_bh05``, ``path_rate_bh20``, ``path_rate_p01``: the shipped
  vote, and everywhere the keep-rate test (:func:`rate_test`: a feature's
  keep count against the voters' mean keep rate, binomial; BH at 0.05 or
  0.2, or unadjusted at 0.01); ``path_split_rate``: the test where the vote
  is split (the twenty-third session's rule); ``path_unclear_rate``: also
  where the members' gains are no clearer than chance
  (:func:`gains_unclear`; the rule since the twenty-fourth session);
  ``path_few_learned_rate``: also where fewer than half of the members beat
  the constant predictor;
- ``probe``: the probe test's selection (``support`` of a
  ``threshold="probe"`` fit), where one was dumped.

A rule that needs what a dump lacks (``path`` without the path) is left out
of that dump's rows.
"""

from __future__ import annotations

import argparse
import glob
import os
import shlex
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_sweep as bs  # noqa: E402

from skdfs.selection import support_from_scores  # noqa: E402

ALPHA = 0.05
PEERS = ("rf", "boruta")
#: Floor added before taking logs, so a closed gate (importance 0) is finite.
LOG_FLOOR = 1e-12


# ---------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------


def used_importances(dump):
    """Per-member importances of the members the fit used (all if none)."""
    imp = np.asarray(dump["importances_"], dtype=float)
    used = np.asarray(dump.get("members_used_", np.ones(len(imp), bool)), bool)
    return imp[used] if used.any() else imp


def two_means_split(values):
    """Boolean mask of the upper cluster of the optimal 1-D 2-means split.

    The split minimising the within-cluster sum of squares over all cuts of
    the sorted values; all True when the values are constant.
    """
    values = np.asarray(values, dtype=float)
    if values.size < 2 or np.ptp(values) == 0:
        return np.ones(values.shape, bool)
    order = np.sort(values)
    n = order.size
    csum, csq = np.cumsum(order), np.cumsum(order**2)
    k = np.arange(1, n)  # size of the lower cluster
    low = csq[k - 1] - csum[k - 1] ** 2 / k
    up_sum, up_sq = csum[-1] - csum[k - 1], csq[-1] - csq[k - 1]
    high = up_sq - up_sum**2 / (n - k)
    cut = int(np.argmin(low + high)) + 1
    return values >= order[cut]


def largest_gap_split(values):
    """Mask of the values above the largest gap between sorted neighbours."""
    values = np.asarray(values, dtype=float)
    if values.size < 2 or np.ptp(values) == 0:
        return np.ones(values.shape, bool)
    order = np.sort(values)[::-1]
    cut = int(np.argmax(order[:-1] - order[1:]))
    return values >= order[cut]


def _bh(pvalues, alpha=ALPHA):
    from scipy.stats import false_discovery_control

    p = np.nan_to_num(np.asarray(pvalues, dtype=float), nan=1.0)
    return false_discovery_control(p, method="bh") < alpha


def rule_threshold(threshold):
    def rule(dump):
        return support_from_scores(dump["feature_importances_"], threshold)

    rule.__doc__ = f"support_from_scores(feature_importances_, {threshold!r})"
    return rule


def rule_path(dump):
    return np.asarray(dump["path_support_"], bool)


def rule_path_topk(dump):
    """As many features as the path selects, the best ranked by
    ``feature_importances_`` (a selection that follows the ranking)."""
    k = int(np.asarray(dump["path_support_"], bool).sum())
    return (
        support_from_scores(dump["feature_importances_"], None, k)
        if k
        else (np.zeros(len(dump["feature_importances_"]), bool))
    )


def rule_path_mean(dump):
    return support_from_scores(dump["path_importances_"], "mean")


def rule_two_means(dump):
    return two_means_split(np.log(dump["feature_importances_"] + LOG_FLOOR))


def rule_gap(dump):
    return largest_gap_split(np.log(dump["feature_importances_"] + LOG_FLOOR))


def rule_vote(dump):
    imp = used_importances(dump)
    return (imp >= 1.0 / imp.shape[1]).mean(axis=0) > 0.5


def rule_sign_bh(dump):
    from scipy.stats import binom

    imp = used_importances(dump)
    hits = (imp > 1.0 / imp.shape[1]).sum(axis=0)
    return _bh(binom.sf(hits - 1, imp.shape[0], 0.5))


def _t_pvalues(dump):
    from scipy.stats import ttest_1samp

    imp = used_importances(dump)
    if imp.shape[0] < 2:
        return np.ones(imp.shape[1])
    with np.errstate(all="ignore"):
        p = ttest_1samp(imp, 1.0 / imp.shape[1], alternative="greater").pvalue
    return np.nan_to_num(np.asarray(p, dtype=float), nan=1.0)


def rule_t_bh(dump):
    return _bh(_t_pvalues(dump))


def rule_t_bonf(dump):
    p = _t_pvalues(dump)
    return p * p.size < ALPHA


def path_levels(dump, n_se=1.0, nonempty=False, paired=False):
    """Each member's level on the gate path: the sparsest level whose
    validation loss is within ``n_se`` standard errors of the member's best
    (``n_se=1`` is the fit's own one-standard-error rule, ``0`` the best
    level); ties in the number of live gates go to the earlier level.
    ``nonempty``: never a level where every gate is dead (level 0 where no
    level within the limit keeps a gate). ``paired``: each level's standard
    error is that of its row-by-row difference from the best level
    (``path_valid_se_paired``) instead of the best level's own."""
    loss = np.asarray(dump["path_valid_loss"], dtype=float)
    alive = np.asarray(dump["path_alive"], bool)
    loss = np.where(np.isfinite(loss), loss, np.inf)
    best = loss.argmin(axis=0)
    members = np.arange(loss.shape[1])
    if paired:
        se = np.nan_to_num(np.asarray(dump["path_valid_se_paired"], dtype=float))
    else:
        se = np.nan_to_num(np.asarray(dump["path_valid_se"], dtype=float))
        se = se[best, members][None, :]
    limit = loss[best, members][None, :] + n_se * se
    count = alive.sum(axis=2)
    ok = loss <= limit
    if nonempty:
        ok &= count > 0
    key = np.where(ok, count, np.iinfo(np.int64).max)
    return np.where(ok.any(axis=0), key.argmin(axis=0), 0)


def rule_path_abstain_full(dump):
    """The shipped vote without the used members whose one-standard-error
    level keeps every gate (the path never beat the predictive fit); all
    used members vote if every one of them does."""
    levels = path_levels(dump)
    alive = np.asarray(dump["path_alive"], bool)
    count = alive.sum(axis=2)
    members = np.arange(len(levels))
    kept = alive[levels, members]
    used = np.asarray(dump.get("members_used_", np.ones(len(levels), bool)), bool)
    used = used if used.any() else np.ones_like(used)
    voters = used & (count[levels, members] < alive.shape[2])
    voters = voters if voters.any() else used
    return floored_vote(kept[voters], 0.25, 2, 4)[: int(dump["n_features"])]


def rule_path_constant_full(dump):
    """:func:`rule_path_constant` for the members whose level keeps every
    gate (level 0, the predictive fit) only."""
    return rule_path_constant(dump, only_full=True)


def rule_path_constant(dump, only_full=False):
    """The shipped vote with the best constant predictor as each member's
    sparsest candidate: a member whose constant's validation loss
    (``member_baseline_scores_``) is within one standard error of its best
    level takes the sparsest level of its path (it keeps what the constant
    keeps: nothing, where the path ends with every gate dead)."""
    levels = path_levels(dump)
    loss = np.asarray(dump["path_valid_loss"], dtype=float)
    loss = np.where(np.isfinite(loss), loss, np.inf)
    best = loss.argmin(axis=0)
    members = np.arange(loss.shape[1])
    se = np.nan_to_num(np.asarray(dump["path_valid_se"], dtype=float))[best, members]
    constant = np.asarray(dump["member_baseline_scores_"], dtype=float)
    count = np.asarray(dump["path_alive"], bool).sum(axis=2)
    sparsest = count.argmin(axis=0)
    swap = constant <= loss[best, members] + se
    if only_full:
        swap &= count[levels, members] == count.max(axis=0)
    levels = np.where(swap, sparsest, levels)
    return shipped_vote(dump, levels)


def shipped_vote(dump, levels, abstain_empty=False):
    """The shipped vote (a quarter, and two members where four or more vote)
    among the used members (all if none is) on what each keeps at its
    ``levels``; ``abstain_empty``: a member keeping nothing does not vote
    (unless none keeps anything)."""
    alive = np.asarray(dump["path_alive"], bool)
    kept = alive[levels, np.arange(len(levels))]
    used = np.asarray(dump.get("members_used_", np.ones(len(levels), bool)), bool)
    used = used if used.any() else np.ones_like(used)
    voters = used
    if abstain_empty:
        voters = used & kept.any(axis=1)
        voters = voters if voters.any() else used
    support = floored_vote(kept[voters], 0.25, 2, 4)
    return support[: int(dump["n_features"])]


def rule_path_paired(n_se):
    """The shipped vote with each member's level chosen by :func:`path_levels`
    with ``paired``."""

    def rule(dump):
        if "path_valid_se_paired" not in dump:
            raise KeyError("path_valid_se_paired")
        return shipped_vote(dump, path_levels(dump, n_se, paired=True))

    rule.__doc__ = f"the shipped vote at each member's paired {n_se}-SE level"
    return rule


def path_kept(dump, n_se=1.0, sparse_only=False):
    """Each used member's kept features (all inputs) at its
    :func:`path_levels`, ``(n_used, n_inputs)``; all members if none is used.
    ``sparse_only``: only the used members whose level is past level 0 (the
    predictive fit), where there are any."""
    levels = path_levels(dump, n_se)
    alive = np.asarray(dump["path_alive"], bool)
    kept = alive[levels, np.arange(len(levels))]
    used = np.asarray(dump.get("members_used_", np.ones(len(levels), bool)), bool)
    used = used if used.any() else np.ones_like(used)
    if sparse_only and (used & (levels > 0)).any():
        used = used & (levels > 0)
    return kept[used]


def path_share(dump, n_se=1.0):
    """Share of the used members keeping each feature at their
    :func:`path_levels`."""
    return path_kept(dump, n_se).mean(axis=0)[: int(dump["n_features"])]


def rule_path_share(n_se, min_share):
    def rule(dump):
        return path_share(dump, n_se) >= min_share

    rule.__doc__ = f"kept by >= {min_share} of the members at the {n_se}-SE level"
    return rule


def floored_vote(kept, min_share, floor, from_members=2):
    """Features kept by ``min_share`` of the rows (members) of ``kept`` and,
    when at least ``from_members`` members vote, by at least ``floor``."""
    support = kept.mean(axis=0) >= min_share
    if kept.shape[0] >= from_members:
        support &= kept.sum(axis=0) >= floor
    return support


def rule_path_floor(min_share, floor, from_members):
    def rule(dump):
        kept = path_kept(dump, 1.0)
        support = floored_vote(kept, min_share, floor, from_members)
        return support[: int(dump["n_features"])]

    rule.__doc__ = (
        f"the {min_share} vote, and >= {floor} members when {from_members} vote"
    )
    return rule


def rate_test(kept, alpha, correction="bh"):
    """Features whose keep count among the voters (rows of ``kept``) is
    significantly above the voters' mean keep rate (the share of all inputs
    a voter keeps): one-sided binomial test, Benjamini-Hochberg
    (``correction="bh"``) or none, at ``alpha``."""
    from scipy.stats import binom

    m = kept.shape[0]
    rate = kept.mean()
    counts = kept.sum(axis=0)
    p = binom.sf(counts - 1, m, rate)
    if correction == "bh":
        return _bh(p, alpha)
    return p < alpha


def rule_path_rate(alpha, correction="bh"):
    def rule(dump):
        kept = path_kept(dump, 1.0)
        support = floored_vote(kept, 0.25, 2, 4) & rate_test(kept, alpha, correction)
        return support[: int(dump["n_features"])]

    rule.__doc__ = (
        f"the shipped vote, and a keep count above the voters' keep rate "
        f"(binomial, {correction}, alpha {alpha})"
    )
    return rule


def tested_vote(dump, always=False):
    """The shipped vote, and the keep-rate test at 0.05
    (:func:`skdfs.path.keep_rate_test`) where the vote is split
    (:func:`skdfs.selection.vote_is_split`) or ``always`` holds."""
    from skdfs.path import keep_rate_test
    from skdfs.selection import vote_is_split

    kept = path_kept(dump, 1.0)
    support = floored_vote(kept, 0.25, 2, 4)
    if always or vote_is_split(kept.mean(axis=0), support):
        support &= keep_rate_test(kept)
    return support[: int(dump["n_features"])]


def rule_path_split_rate(dump):
    """The twenty-third session's rule: the keep-rate test where the vote is
    split (:func:`tested_vote`)."""
    return tested_vote(dump)


def gains_unclear(dump):
    """:func:`skdfs.selection.gains_unclear` of the gains over the constant
    predictor of the members that did not diverge."""
    from skdfs.selection import gains_unclear as unclear

    scores = np.asarray(dump["member_scores_"], dtype=float)
    base = np.asarray(dump["member_baseline_scores_"], dtype=float)
    kept = ~np.asarray(dump.get("member_diverged_", np.zeros(len(scores), bool)), bool)
    return unclear(1 - scores[kept] / base[kept])


def rule_path_unclear_rate(dump):
    """The shipped rule: the keep-rate test also where the members' gains
    over the constant are no clearer than chance (:func:`gains_unclear`)."""
    return tested_vote(dump, always=gains_unclear(dump))


def rule_path_few_learned_rate(dump):
    """The keep-rate test also where fewer than half of the members beat the
    constant predictor."""
    used = np.asarray(dump["members_used_"], bool)
    return tested_vote(dump, always=2 * used.sum() < len(used))


def rule_path_sparse_voters(dump):
    """The quarter vote among the used members whose chosen level is past the
    predictive fit (level 0); all used members if none is."""
    kept = path_kept(dump, 1.0, sparse_only=True)
    return (kept.mean(axis=0) >= 0.25)[: int(dump["n_features"])]


def rule_path_abstain(nonempty_levels):
    """The shipped vote (a quarter, and two members where four or more vote)
    among the used members that keep some feature at their level: a member
    whose one-standard-error level has every gate dead abstains
    (``nonempty_levels=False``), or takes its sparsest level that keeps a
    gate (``True``)."""

    def rule(dump):
        levels = path_levels(dump, nonempty=nonempty_levels)
        return shipped_vote(dump, levels, abstain_empty=True)

    return rule


def death_scores(dump):
    """Each feature's median log death penalty over the used members (a gate
    alive at the last level counts as dying at the next, 1.5 x the last)."""
    death = np.asarray(dump["path_death_penalty"], dtype=float)
    last = float(np.max(dump["path_penalties"])) * 1.5
    death = np.where(np.isfinite(death), death, last)
    used = np.asarray(dump.get("members_used_", np.ones(len(death), bool)), bool)
    if used.any():
        death = death[used]
    d = int(dump["n_features"])
    return np.median(np.log(np.maximum(death, LOG_FLOOR)), axis=0)[:d]


def rule_death_two_means(dump):
    return two_means_split(death_scores(dump))


def rule_death_gap(dump):
    return largest_gap_split(death_scores(dump))


def rule_path_two_means(dump):
    return two_means_split(np.log(dump["path_importances_"] + LOG_FLOOR))


def rule_path_or(threshold):
    def rule(dump):
        return rule_path(dump) | support_from_scores(
            dump["feature_importances_"], threshold
        )

    rule.__doc__ = f"the path's selection or the {threshold!r} threshold"
    return rule


def rule_probe(dump):
    if str(dump.get("params", "")).find('"probe"') < 0:
        raise KeyError("not a probe fit")
    return np.asarray(dump["support"], bool)


RULES = {
    "mean": rule_threshold("mean"),
    "median": rule_threshold("median"),
    "0.5*mean": rule_threshold("0.5*mean"),
    "1.5*mean": rule_threshold("1.5*mean"),
    "2*mean": rule_threshold("2*mean"),
    "path": rule_path,
    "path_mean": rule_path_mean,
    "path_topk": rule_path_topk,
    "path_1se_q25": rule_path_share(1.0, 0.25),
    "path_q25_floor2": rule_path_floor(0.25, 2, 2),
    "path_q25_floor2_half": rule_path_floor(0.25, 2, 4),
    "path_rate_bh05": rule_path_rate(0.05),
    "path_rate_bh20": rule_path_rate(0.2),
    "path_rate_p01": rule_path_rate(0.01, "none"),
    "path_split_rate": rule_path_split_rate,
    "path_unclear_rate": rule_path_unclear_rate,
    "path_few_learned_rate": rule_path_few_learned_rate,
    "path_q25_sparse_voters": rule_path_sparse_voters,
    "path_abstain_empty": rule_path_abstain(False),
    "path_paired": rule_path_paired(1.0),
    "path_constant": rule_path_constant,
    "path_abstain_full": rule_path_abstain_full,
    "path_constant_full": rule_path_constant_full,
    "path_paired_2se": rule_path_paired(2.0),
    "path_nonempty_level": rule_path_abstain(True),
    "path_0.5se": rule_path_share(0.5, 0.5),
    "path_0.5se_q25": rule_path_share(0.5, 0.25),
    "path_0se": rule_path_share(0.0, 0.5),
    "path_0se_q25": rule_path_share(0.0, 0.25),
    "path_2means": rule_path_two_means,
    "death_2means": rule_death_two_means,
    "death_gap": rule_death_gap,
    "path|2*mean": rule_path_or("2*mean"),
    "path|1.5*mean": rule_path_or("1.5*mean"),
    "2means": rule_two_means,
    "gap": rule_gap,
    "vote": rule_vote,
    "sign_bh": rule_sign_bh,
    "t_bh": rule_t_bh,
    "t_bonf": rule_t_bonf,
    "probe": rule_probe,
}


# ---------------------------------------------------------------------------
# Reading dumps and scoring
# ---------------------------------------------------------------------------


def load_dump(path):
    """A dump as a dict of arrays (strings and numbers as 0-d arrays)."""
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files}


def score_dumps(paths, rules=None):
    """One row per (dump, rule): the run's identity and the selection metrics.

    Rows are in the sweep CSV's layout (``method`` holds the rule's name,
    ``fit`` the dumped method), so :func:`bench_sweep.family_summary` reads
    them.
    """
    import pandas as pd

    rules = list(RULES) if rules is None else list(rules)
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise ValueError(f"unknown rules {unknown}; expected some of {list(RULES)}")
    rows = []
    for path in paths:
        dump = load_dump(path)
        relevant = np.flatnonzero(dump["relevant"])
        d = int(dump["n_features"])
        family = str(dump["family"])
        base = dict(
            half=str(dump["half"]),
            family=family,
            kind="real" if family in bs.REAL_TASKS else "synthetic",
            task_type=str(dump["task_type"]),
            n_samples=int(dump["n_samples"]),
            n_features=d,
            n_relevant=int(dump["n_relevant"]),
            seed=int(dump["seed"]),
            fit=str(dump["method"]),
            status="ok",
        )
        for name in rules:
            try:
                support = RULES[name](dump)
            except KeyError:  # the dump lacks what the rule needs
                continue
            rows.append(
                dict(base, method=name, **bs.selection_metrics(support, relevant, d))
            )
    return pd.DataFrame(rows)


def peer_rows(csv_paths, cells):
    """The peers' (:data:`PEERS`) rows of sweep CSVs on the given cells.

    ``cells``: a set of (half, family, n_samples, n_features).
    """
    import pandas as pd

    if not csv_paths:
        return pd.DataFrame()
    df = bs.load_results(csv_paths)
    df = df[df["method"].isin(PEERS) & (df["status"] == "ok")]
    keep = [
        (h, f, n, d) in cells
        for h, f, n, d in zip(
            df["half"], df["family"], df["n_samples"], df["n_features"]
        )
    ]
    return df[keep]


# ---------------------------------------------------------------------------
# Targets, choice, report
# ---------------------------------------------------------------------------


def f1_targets(rules_df, peers_df, rule):
    """The issue's F1 targets for ``rule`` on one half.

    Returns ``(mean_f1, failing)``: the mean of the family means, and the
    families where the rule's worst F1 is below the better peer's worst F1,
    each compared on the tasks (family, size, seed) both ran, as
    ``"family 0.500 < 0.700 (boruta)"``.
    """
    sub = rules_df[rules_df["method"] == rule]
    mean_f1 = float(sub.groupby("family")["f1"].mean().mean())
    key = ["family", "n_samples", "n_features", "seed"]
    failing = []
    if peers_df is None or peers_df.empty:
        return mean_f1, None
    for family in sub["family"].unique():
        mine = sub[sub["family"] == family].set_index(key[1:])["f1"]
        worst_peer, worst_mine, peer_name = -np.inf, np.inf, ""
        for peer in PEERS:
            theirs = peers_df[
                (peers_df["family"] == family) & (peers_df["method"] == peer)
            ].set_index(key[1:])["f1"]
            both = mine.to_frame("mine").join(theirs.to_frame("peer"), how="inner")
            if both.empty:
                continue
            worst_mine = min(worst_mine, both["mine"].min())
            if both["peer"].min() > worst_peer:
                worst_peer, peer_name = both["peer"].min(), peer
        if np.isfinite(worst_peer) and worst_mine < worst_peer - 1e-12:
            failing.append(
                f"{family} {worst_mine:.3f} < {worst_peer:.3f} ({peer_name})"
            )
    return mean_f1, failing


def ranking(rules_df):
    """Rules ordered by mean F1 (mean of family means), then by worst F1:
    a DataFrame with ``mean_f1``, ``worst_f1``, ``false_share``, ``recall``."""
    import pandas as pd

    out = {}
    for rule, sub in rules_df.groupby("method"):
        fam = sub.groupby("family")[["f1", "false_share", "recall"]].mean()
        out[rule] = dict(
            mean_f1=fam["f1"].mean(),
            worst_f1=sub["f1"].min(),
            false_share=fam["false_share"].mean(),
            recall=fam["recall"].mean(),
        )
    table = pd.DataFrame.from_dict(out, orient="index")
    return table.sort_values(["mean_f1", "worst_f1"], ascending=False)


def choose(rules_df, half="tuning"):
    """The rule with the best mean F1 on ``half`` (worst F1 breaks ties)."""
    sub = rules_df[rules_df["half"] == half]
    if sub.empty:
        raise ValueError(f"no dumps of the {half} half to choose on")
    return ranking(sub).index[0]


REPORT_METRICS = (
    ("f1", "F1", True),
    ("false_share", "False-selection share (irrelevant among selected)", False),
    ("recall", "Recall", True),
    ("n_selected", "Features selected", False),
)


def report(rules_df, peers_df=None, chosen=None, title="Selection rules"):
    """The markdown report (both halves where present)."""
    import pandas as pd

    parts = [f"# {title}", ""]
    rule_order = [r for r in RULES if r in set(rules_df["method"])]
    if chosen:
        parts += [f"Rule chosen on the tuning half: **{chosen}**.", ""]
    for half in bs.HALVES:
        sub = rules_df[rules_df["half"] == half]
        if sub.empty:
            continue
        peers = (
            peers_df[peers_df["half"] == half]
            if peers_df is not None and not peers_df.empty
            else pd.DataFrame()
        )
        n_fits = sub.groupby(["family", "n_samples", "n_features", "seed"]).ngroups
        synth = sub[sub["kind"] == "synthetic"]
        sizes = sorted(set(zip(synth["n_samples"], synth["n_features"])))
        parts += [
            f"## Half: {half}",
            "",
            f"{n_fits} fits ({', '.join(sorted(set(sub['fit'])))}); sizes "
            + ", ".join(f"{n}x{d}" for n, d in sizes)
            + f"; seeds {', '.join(map(str, sorted(set(sub['seed']))))}; real "
            + (", ".join(sorted(set(sub[sub["kind"] == "real"]["family"]))) or "none")
            + ".",
            "",
        ]
        if not peers.empty:
            counts = peers.groupby("method")["seed"].agg(
                lambda s: ", ".join(map(str, sorted(set(s))))
            )
            parts += [
                "Peers (their own runs on the same family and size cells): "
                + "; ".join(f"{m} seeds {counts[m]}" for m in counts.index)
                + ".",
                "",
            ]
        for metric, label, higher_better in REPORT_METRICS:
            frame = (
                sub
                if metric != "f1" or peers.empty
                else pd.concat(
                    [sub, peers[sub.columns.intersection(peers.columns)]],
                    ignore_index=True,
                )
            )
            mean, worst = bs.family_summary(frame, metric)
            cols = [r for r in rule_order if r in mean.columns]
            cols += [p for p in PEERS if p in mean.columns and metric == "f1"]
            word = "smallest" if higher_better else "largest"
            digits = 1 if metric == "n_selected" else 3
            parts += [f"### {label}: mean / worst ({word}) over seeds and sizes", ""]
            rows = [
                [fam]
                + [
                    f"{bs.fmt_cell(mean.loc[fam, c], digits)} / "
                    f"{bs.fmt_cell(worst.loc[fam, c], digits)}"
                    for c in cols
                ]
                for fam in mean.index
            ]
            parts += [bs.markdown_table(["family", *cols], rows), ""]
        table = ranking(sub)
        rows = []
        for rule in table.index:
            mean_f1, failing = f1_targets(sub, peers, rule)
            beat = (
                "n/a"
                if failing is None
                else (
                    "every family"
                    if not failing
                    else f"{len(failing)} below: " + ", ".join(failing)
                )
            )
            rows.append(
                [
                    f"**{rule}**" if rule == chosen else rule,
                    bs.fmt_cell(table.loc[rule, "mean_f1"], 3),
                    bs.fmt_cell(table.loc[rule, "worst_f1"], 3),
                    bs.fmt_cell(table.loc[rule, "false_share"], 3),
                    bs.fmt_cell(table.loc[rule, "recall"], 3),
                    "yes" if mean_f1 >= 0.9 else "no",
                    beat,
                ]
            )
        parts += [
            "### Rules by mean F1 (mean of family means; worst over all runs)",
            "",
            bs.markdown_table(
                [
                    "rule",
                    "mean F1",
                    "worst F1",
                    "false share",
                    "recall",
                    "mean F1 >= 0.9",
                    "worst F1 >= max(RF, Boruta) (matched tasks)",
                ],
                rows,
            ),
            "",
        ]
    return "\n".join(parts)


def dump_paths(dirs):
    """The ``*.npz`` files of the dump directories, sorted."""
    paths = sorted(p for d in dirs for p in glob.glob(os.path.join(d, "*.npz")))
    if not paths:
        raise ValueError(f"no .npz dumps in {dirs}; run bench_sweep.py run --dump")
    return paths


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dumps", nargs="+", help="directories of .npz dumps")
    parser.add_argument("--sweep-csv", nargs="*", default=[], help="peer rows")
    parser.add_argument("--rules", nargs="+", choices=list(RULES), help="subset")
    parser.add_argument(
        "--choose-on",
        choices=["tuning"],
        help="choose the rule with the best mean F1 on this half",
    )
    parser.add_argument("--chosen", choices=list(RULES), help="the chosen rule")
    parser.add_argument("--csv", help="write the per-run rule rows here")
    parser.add_argument("--out", help="also write the markdown here")
    parser.add_argument("--title", default="Selection rules on the sweep")
    args = parser.parse_args(argv)
    rules_df = score_dumps(dump_paths(args.dumps), args.rules)
    cells = set(
        zip(
            rules_df["half"],
            rules_df["family"],
            rules_df["n_samples"],
            rules_df["n_features"],
        )
    )
    peers_df = peer_rows(args.sweep_csv, cells)
    chosen = args.chosen or (choose(rules_df, "tuning") if args.choose_on else None)
    text = report(rules_df, peers_df, chosen=chosen, title=args.title)
    text += "\n`python benchmarks/bench_rules.py " + shlex.join(argv) + "`\n"
    print(text)
    if args.csv:
        rules_df.to_csv(args.csv, index=False)
    if args.out:
        with open(args.out, "w") as fh:
            fh.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
