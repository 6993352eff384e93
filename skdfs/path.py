"""The gate path: growing gate penalties from the predictive fit.

A member restored to its best validation loss is a good predictor, but its
gates need not have separated yet: the state that predicts best can come
before the penalty has pulled the gates of irrelevant features down. The gate
path (LassoNet's idea, Lemhadri et al., 2021, applied to each member) starts
from that fit and keeps training with a growing L1 penalty on the gates, warm
started, level after level. Along the way it records, per member,

* the gates at every level, hence the penalty at which each gate falls below
  a small tolerance (its *death penalty*; the order in which the gates fall
  ranks the features), and
* the validation loss and its standard error at every level,

and chooses per member the sparsest level whose validation loss is within one
standard error of the member's best (the one-standard-error rule). The
features at least a quarter of the members keep at their chosen levels are
the path's selection (:data:`PATH_MIN_SHARE`; at least three members, or
half of the vote where that is fewer, where four or more vote,
:data:`PATH_MIN_MEMBERS`).

Every member of the one batched module holds its own penalty (a tensor of
shape ``(E,)``); this module grows them together but chooses per member.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import torch

from ._signal import vote_is_split
from .training import MemberBatchIterator, MemberData

__all__ = [
    "PATH_MIN_MEMBERS",
    "PATH_MIN_SHARE",
    "PATH_RANK_WEIGHT",
    "GatePath",
    "PathVote",
    "blend_path_scores",
    "flat_members",
    "flat_vote",
    "gate_path",
    "keep_rate_test",
    "member_floor",
    "path_selection",
    "path_vote",
]

#: Share of the members that must keep a feature for the path to select it.
#: Chosen on the sweep's tuning half among 24 selection rules (mean F1 0.677,
#: against 0.616 for a majority and 0.539 for the "mean" threshold) and
#: reported on the held-out half unchanged (0.713, 0.655, 0.616):
#: ``docs/benchmarks.md``, "Selection rules on the sweep".
PATH_MIN_SHARE = 0.25

#: Fewest members that must keep a feature for the path to select it, where
#: that many are at most half of the voting members (4 or more vote): with 4
#: members a quarter is one member, and one member alone keeping a noise
#: column would select it. On the sweep's dumped fits, voting with 4 members
#: drawn from the used ones (5 draws per fit), mean F1 0.617 against 0.607
#: without the floor on the tuning half, 0.665 against 0.629 held-out; with 2
#: or 3 members (where two are the whole vote or two thirds of it) the floor
#: lowered F1 (tuning 0.526 against 0.602, 0.577 against 0.610), hence not
#: applied there; from 5 members a quarter is already two:
#: ``docs/benchmarks.md``, "A member floor for the quarter vote". Raised to
#: three (never more than half of the voters: two of 4 or 5) where 6 to 11
#: members vote, as in a fit with ``n_estimators=8``: on the sweep's dumped
#: fits, voting with blocks of 8 of their 32 members, mean F1 0.661 against
#: 0.645 and false share 0.033 against 0.090 on the tuning half; the
#: 32-member vote unchanged (its quarter is 8): ``docs/benchmarks.md``,
#: "Small ensembles".
PATH_MIN_MEMBERS = 3

#: Weight of the path's scores (:meth:`GatePath.importances`) in a member's
#: gate importance when the path runs; the rest is the member's gates at its
#: predictive fit. Chosen on the sweep's tuning half among 0, 0.25, 0.5, 0.75
#: and 1, on the dumped fits of the path as shipped (mean ROC-AUC of the
#: ranking 0.891, against 0.878 for the gates alone and 0.885 for the path
#: alone; the same choice on the earlier warm-started path's fits) and
#: reported on the held-out half unchanged (0.903 against 0.887):
#: ``docs/benchmarks.md``, "Ranking from the path".
PATH_RANK_WEIGHT = 0.5

#: Level of :func:`keep_rate_test`, the test a split vote's features must
#: pass (Benjamini-Hochberg). Among 0.05 and 0.2 adjusted and 0.01
#: unadjusted, 0.05 selected best on the tuning half of the weak-effects
#: tables (mean F1 0.845, 0.771, 0.820):
#: ``docs/benchmarks.md``, "Many weak effects".
SPLIT_TEST_ALPHA = 0.05


@dataclass
class GatePath:
    """What :func:`gate_path` recorded.

    Attributes
    ----------
    penalties : ndarray of shape (n_levels,)
        L1 penalty of every level; level 0 is the predictive fit itself.
    gates : ndarray of shape (n_levels, n_members, n_gates)
        Gate values (:meth:`group_values` of the module's gate) at the end of
        every level.
    valid_loss : ndarray of shape (n_levels, n_members)
        Each member's validation loss at the end of every level.
    valid_se : ndarray of shape (n_levels, n_members)
        Standard error of that loss (row losses' spread over the root of the
        number of validation rows).
    alive : ndarray of bool, shape (n_levels, n_members, n_gates)
        Gates at or above the tolerance.
    chosen : ndarray of int, shape (n_members,)
        Each member's chosen level: the sparsest one whose validation loss is
        within one standard error of its best (the paired one with
        ``gate_path(paired=True)``).
    death_penalty : ndarray of shape (n_members, n_gates)
        Penalty of the first level from which a gate stays below the
        tolerance; ``inf`` for a gate alive at the last level.
    steps : int
        Optimizer steps the path took per member.
    valid_se_paired : ndarray of shape (n_levels, n_members) or None
        Standard error of the difference between every level's validation
        loss and the member's best level's, row by row on the same validation
        rows (0 at the best level); None where not recorded.
    """

    penalties: np.ndarray
    gates: np.ndarray
    valid_loss: np.ndarray
    valid_se: np.ndarray
    alive: np.ndarray
    chosen: np.ndarray
    death_penalty: np.ndarray
    steps: int
    valid_se_paired: np.ndarray | None = None

    @property
    def support(self):
        """Gates alive at each member's chosen level, ``(n_members, n_gates)``."""
        return self.alive[self.chosen, np.arange(len(self.chosen))]

    def importances(self):
        """Per-member path scores, ``(n_members, n_gates)``, rows summing to 1.

        A gate's score is its mean share of the member's gates over the
        levels (level 0 included): at every level the member's gates are
        normalised to sum to one, and the shares are averaged. A gate that
        stays open while others fall gains share, so the gates that survive
        the larger penalties score more. On the sweep's tuning half this
        ranks better than the area under each gate's path relative to its
        level-0 value (mean ROC-AUC 0.885 against 0.878, 117 fits;
        ``docs/benchmarks.md``, "Ranking from the path").
        """
        total = self.gates.sum(axis=2, keepdims=True)
        shares = np.where(total > 0, self.gates / np.where(total > 0, total, 1.0), 0)
        score = shares.mean(axis=0)
        norm = score.sum(axis=1, keepdims=True)
        return np.where(norm > 0, score / np.where(norm > 0, norm, 1.0), 0.0)


def _row_losses(criterion, out, y):
    """Every row's loss, ``(E, B)``: each row scored as its own batch."""
    E, B, k = out.shape
    flat_out = out.reshape(E * B, 1, k)
    flat_y = y.reshape(E * B, 1, *y.shape[2:])
    return criterion(flat_out, flat_y).view(E, B)


def _evaluate(net, data, chunk):
    """Each member's validation loss and its standard error, ``(E,)`` each."""
    module, criterion = net.module_, net.criterion_
    module.eval()
    stats, rows = None, []
    with torch.no_grad():
        for Xb, yb in MemberBatchIterator(data, chunk):
            out = module(Xb.to(net.device))
            yb = yb.to(net.device)
            part = criterion.stats(out, yb)
            stats = part if stats is None else stats + part
            rows.append(_row_losses(criterion, out, yb).cpu())
    loss = criterion.finalize(stats).cpu().numpy().astype(float)
    rows = torch.cat(rows, dim=1).numpy()
    if rows.shape[1] < 2:  # one validation row: no spread to measure
        return loss, np.zeros(len(loss)), rows
    se = rows.astype(float).std(axis=1, ddof=1) / np.sqrt(rows.shape[1])
    return loss, np.nan_to_num(se), rows


#: Validation rows per member kept at each level for
#: :attr:`GatePath.valid_se_paired` (its spread is estimated on the first
#: ones, a random subsample, and scaled by the root of all of them), so that
#: a tall table's path does not hold every row's loss at every level.
PAIRED_ROWS = 4096


def _paired_se(valid_loss, rows, n_rows=None):
    """Per level and member, the standard error of the row-by-row difference
    between the level's validation losses and the member's best level's,
    ``(n_levels, E)``; ``rows`` is ``(n_levels, E, m)``, the first ``m`` of
    ``n_rows`` validation rows (default: all)."""
    loss = np.where(np.isfinite(valid_loss), valid_loss, np.inf)
    best = loss.argmin(axis=0)
    members = np.arange(loss.shape[1])
    if rows.shape[2] < 2:
        return np.zeros(loss.shape)
    diff = rows.astype(float) - rows[best, members].astype(float)[None]
    n_rows = rows.shape[2] if n_rows is None else n_rows
    return np.nan_to_num(diff.std(axis=2, ddof=1) / np.sqrt(n_rows))


def _one_se_limit(valid_loss, valid_se):
    """Per member, its best level's validation loss plus that level's
    standard error; and the losses, non-finite ones as ``inf``."""
    loss = np.where(np.isfinite(valid_loss), valid_loss, np.inf)
    best = loss.argmin(axis=0)
    members = np.arange(loss.shape[1])
    return loss, loss[best, members] + valid_se[best, members]


def _choose(valid_loss, valid_se, n_alive, valid_se_paired=None):
    """Per member: the sparsest level within one standard error of its best.

    Ties in the number of live gates go to the lower penalty (earlier level).
    Levels whose loss is not finite are never chosen. With
    ``valid_se_paired`` (``(n_levels, E)``) each level's standard error is
    that of its row-by-row difference from the best level instead of the
    best level's own.
    """
    loss, limit = _one_se_limit(valid_loss, valid_se)
    if valid_se_paired is None:
        ok = loss <= limit[None, :]
    else:
        best = loss.min(axis=0)
        ok = loss <= best[None, :] + valid_se_paired
    # Among admissible levels, fewest live gates, then the earliest level.
    key = np.where(ok, n_alive, np.iinfo(np.int64).max)
    return key.argmin(axis=0)


def gate_path(
    net,
    X,
    y,
    train_index,
    valid_index,
    *,
    start,
    growth=1.5,
    max_levels=25,
    steps_per_level=25,
    tol=0.01,
    batch_size=None,
    adaptive=True,
    restore=True,
    generators=None,
    on_step=None,
    paired=False,
):
    """Train a fitted ensemble along a path of growing gate penalties.

    Parameters
    ----------
    net : EnsembleNet
        A fitted net (members restored to their best state). Its module,
        criterion and optimizer are reused: the path is warm started from the
        members' weights, with Adam's moments cleared (the optimizer's state
        at the end of training depends on how long the other members of the
        module trained, hence on ``n_jobs``; cleared, each member's path
        depends on its own state only).
    X : ndarray of shape (n_samples, n_inputs)
        The table the net was trained on (standardised, probes appended).
    y : ndarray
        The encoded targets the net was trained on.
    train_index, valid_index : ndarray of shape (n_members, m)
        Each member's training and validation rows.
    start : float
        Penalty of the first level after the predictive fit (level 0).
    growth : float, default=1.5
        Factor between consecutive penalties.
    max_levels : int, default=25
        Most levels after level 0; the path ends earlier once every gate of
        every member is below the tolerance. A coarser schedule with the same
        final penalty (growth 2, 15 levels, 40% fewer steps) ranked as well
        on the sweep but selected more false features (false share 0.066
        against 0.047 tuning, 0.140 against 0.092 held-out;
        ``docs/benchmarks.md``, "A cheaper path"), so it is not the default.
    steps_per_level : int, default=25
        Optimizer steps per member at each level.
    tol : float, default=0.01
        A gate counts as fallen below ``tol`` times the member's largest gate
        at level 0.
    batch_size : int or None, default=None
        Rows per step; None: the net's batch size.
    adaptive : bool, default=True
        Weight each gate's penalty by the inverse of its value at level 0,
        relative to the member's largest gate (the adaptive lasso, Zou 2006;
        relative values below 0.01 count as 0.01). Gates the predictive fit
        left small fall at small penalties while the large ones are barely
        shrunk, so the validation loss stays near its best until relevant
        gates start to fall; with a plain L1 penalty every gate shrinks and
        the loss rises from the first levels.
    restore : bool, default=True
        Whether to put the module and the optimizer back to their state
        before the path (so that the net stays the predictive fit).
    generators : list of torch.Generator or None, default=None
        One generator per member for the path's batch order (see
        :func:`skdfs._ensemble.path_seeds`); None: the net's own training
        iterator, continuing its draws.
    on_step : callable or None, default=None
        Called without arguments after every optimizer step (the thread
        policy, :func:`skdfs._threads.sharing_steps`).
    paired : bool, default=False
        Choose each member's level with the standard error of every level's
        row-by-row difference from the best level
        (:attr:`GatePath.valid_se_paired`) instead of the best level's own.
        The selector sets it with ``loss="huber"``: under heavy-tailed
        targets a few rows make the unpaired error so large that the level
        with every gate closed passes, while the difference of two Huber
        losses on a row is bounded by the difference of the predictions.

    Returns
    -------
    GatePath
    """
    if growth <= 1:
        raise ValueError(f"growth must exceed 1, got {growth!r}")
    if not start > 0:
        raise ValueError(f"start must be a positive penalty, got {start!r}")
    module, optimizer = net.module_, net.optimizer_
    gate = module.gate
    device = net.device
    saved = module.member_state() if restore else None
    saved_opt = copy.deepcopy(optimizer.state_dict()) if restore else None
    n_members = module.n_members
    train = MemberData(X, y, train_index)
    valid = MemberData(X, y, valid_index)
    chunk = net._chunk_size(False)
    batches = net.get_iterator(train, training=True)
    if generators is not None:
        batches.generator = list(generators)
    if batch_size is not None:
        batches.batch_size = int(batch_size)
    optimizer.state.clear()  # Adam starts afresh (bias correction included)
    lam = torch.full((n_members,), float(start), device=device)
    gate_l2 = float(getattr(net, "gate_l2", 0.0) or 0.0)

    row_losses = []

    def record():
        loss, se, rows = _evaluate(net, valid, chunk)
        row_losses.append(rows[:, :PAIRED_ROWS].copy())  # not a view of all
        return gate.group_values().cpu().numpy().astype(float), loss, se

    gates, losses, ses, penalties = [], [], [], []
    g0, l0, s0 = record()
    gates.append(g0), losses.append(l0), ses.append(s0)
    penalties.append(float(getattr(net, "gate_l1", 0.0) or 0.0))
    top = g0.max(axis=1, keepdims=True)
    cut = tol * np.where(top > 0, top, 1.0)
    weight = torch.ones_like(gate.weight)
    if adaptive:
        relative = np.maximum(g0 / np.where(top > 0, top, 1.0), 0.01)
        weight = torch.as_tensor(1.0 / relative, dtype=weight.dtype, device=device)
    scale = getattr(gate, "group_scale", None)
    if scale is not None:  # a group pays what its columns would
        weight = weight * scale
    steps = 0
    stream = iter(batches)
    for _ in range(int(max_levels)):
        module.train()
        for _ in range(int(steps_per_level)):
            try:
                Xb, yb = next(stream)
            except StopIteration:
                stream = iter(batches)
                Xb, yb = next(stream)
            optimizer.zero_grad(set_to_none=True)
            out = module(Xb.to(device))
            member_loss = net.criterion_(out, yb.to(device))
            l1 = (gate.weight.abs() * weight).sum(dim=1)
            member_loss = member_loss + lam * l1
            if gate_l2:
                member_loss = member_loss + gate.penalty(0.0, gate_l2)
            # Members whose loss is not finite add no gradient.
            member_loss = torch.where(
                torch.isfinite(member_loss), member_loss, torch.zeros_like(lam)
            )
            member_loss.sum().backward()
            optimizer.step()
            module.project_()
            steps += 1
            if on_step is not None:
                on_step()
        g, loss, se = record()
        gates.append(g), losses.append(loss), ses.append(se)
        penalties.append(float(lam[0]))
        if (g < cut).all():
            break
        lam = lam * growth
    if restore:
        module.load_member_state(saved, torch.arange(n_members, device=device))
        optimizer.load_state_dict(saved_opt)
    gates = np.stack(gates)
    alive = gates >= cut[None]
    valid_loss, valid_se = np.stack(losses), np.stack(ses)
    se_paired = _paired_se(valid_loss, np.stack(row_losses), np.shape(valid_index)[1])
    chosen = _choose(
        valid_loss, valid_se, alive.sum(axis=2), se_paired if paired else None
    )
    penalties = np.asarray(penalties)
    # A gate dies at the first level after which it is never alive again.
    alive_later = np.flip(np.logical_or.accumulate(np.flip(alive, 0), 0), 0)
    dead_from = (~alive_later).argmax(axis=0)  # 0 when alive at the last level
    never = alive_later[-1]
    death = np.where(never, np.inf, penalties[dead_from])
    return GatePath(
        penalties, gates, valid_loss, valid_se, alive, chosen, death, steps, se_paired
    )


def path_selection(
    path,
    members=None,
    min_share=PATH_MIN_SHARE,
    min_members=PATH_MIN_MEMBERS,
    seen=None,
    split_test=True,
    weak_gains=False,
):
    """Features kept by at least ``min_share`` of the members at their chosen
    levels (and by at least ``min_members`` of them, or half of the vote where
    that is fewer, where four or more vote); where that vote is split, or the
    members' gains are no clearer than chance (``weak_gains``), only those
    that also pass :func:`keep_rate_test`.

    Parameters
    ----------
    path : GatePath
    members : ndarray of bool, shape (n_members,) or None, default=None
        Members that vote (those that learned); None: all.
    min_share : float, default=PATH_MIN_SHARE (0.25)
        Share of the voting members that must keep a feature.
    min_members : int, default=PATH_MIN_MEMBERS (3)
        Fewest voting members that must keep a feature, applied when at least
        four members vote and capped at half of them; 1 turns it off.
    seen : ndarray of bool, shape (n_members, n_gates) or None, default=None
        Which gates each member saw (random-subspace members): a feature's
        vote is then among the voting members that saw it. None: all.
    split_test : bool, default=True
        Where the vote is split (:func:`skdfs.selection.vote_is_split`: ten or
        more selected features, and half the selection, kept by fewer than
        half of the voters), keep only the features that pass
        :func:`keep_rate_test`. False: the vote alone, whatever
        ``weak_gains`` says.
    weak_gains : bool, default=False
        Whether the members' gains over the constant predictor are no
        clearer than chance (:func:`skdfs.selection.gains_unclear`): a member
        that beat the constant may have done so by chance, so the keep-rate
        test applies whether or not the vote is split.

    Returns
    -------
    support : ndarray of bool, shape (n_gates,)
    share : ndarray of shape (n_gates,)
        Share of the voting members keeping each feature.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.path import GatePath, path_selection
    >>> alive = np.array([[[1, 1, 1], [1, 1, 1]], [[1, 0, 0], [1, 1, 0]]], bool)
    >>> path = GatePath(np.array([0.0, 1.0]), alive.astype(float), None, None,
    ...                 alive, np.array([1, 1]), None, 10)
    >>> path_selection(path)
    (array([ True,  True, False]), array([1. , 0.5, 0. ]))

    With four voting members a quarter is one member, but one member alone
    does not select a feature (the second column):

    >>> alive = np.zeros((2, 4, 3), bool)
    >>> alive[1, :, 0] = True       # every member keeps the first column
    >>> alive[1, 0, 1] = True       # one member keeps the second
    >>> alive[1, :2, 2] = True      # two members keep the third
    >>> path = GatePath(np.array([0.0, 1.0]), alive.astype(float), None, None,
    ...                 alive, np.ones(4, int), None, 10)
    >>> path_selection(path)[0]
    array([ True, False,  True])
    >>> path_selection(path, min_members=1)[0]
    array([ True,  True,  True])
    """
    vote = path_vote(path, members, min_share, min_members, seen, weak_gains)
    return (vote.support if split_test else vote.vote), vote.share


class PathVote(NamedTuple):
    """The gate path's vote (:func:`path_vote`)."""

    #: What the path selects: the vote, cut by the keep-rate test where the
    #: test applies.
    support: np.ndarray
    #: Share of the voting members keeping each feature.
    share: np.ndarray
    #: The quarter vote alone, before the keep-rate test.
    vote: np.ndarray


def path_vote(
    path,
    members=None,
    min_share=PATH_MIN_SHARE,
    min_members=PATH_MIN_MEMBERS,
    seen=None,
    weak_gains=False,
):
    """The gate path's selection, its vote shares and the quarter vote before
    the keep-rate test, computed once: :func:`path_selection` (same
    parameters, without ``split_test``) as a :class:`PathVote`.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.path import GatePath, path_vote
    >>> alive = np.array([[[1, 1, 1], [1, 1, 1]], [[1, 0, 0], [1, 1, 0]]], bool)
    >>> path = GatePath(np.array([0.0, 1.0]), alive.astype(float), None, None,
    ...                 alive, np.array([1, 1]), None, 10)
    >>> vote = path_vote(path)
    >>> vote.support, vote.vote
    (array([ True,  True, False]), array([ True,  True, False]))
    """
    support = path.support
    seen = np.ones(support.shape, dtype=bool) if seen is None else np.asarray(seen)
    if members is not None and np.any(members):
        support = support[np.asarray(members, dtype=bool)]
        seen = seen[np.asarray(members, dtype=bool)]
    support = support & seen
    voters = seen.sum(axis=0)
    kept = support.sum(axis=0)
    share = np.where(voters > 0, kept / np.maximum(voters, 1), 0.0)
    vote = (share >= min_share) & (kept >= member_floor(voters, min_members))
    chosen = vote
    if weak_gains or vote_is_split(share, vote):
        chosen = vote & keep_rate_test(support, seen)
    return PathVote(chosen, share, vote)


def member_floor(voters, min_members=PATH_MIN_MEMBERS):
    """Fewest members that must keep a feature among ``voters`` voting
    members (an int or an array): ``min_members`` where four or more vote,
    but never more than half of them; none (0) where fewer vote.

    Examples
    --------
    >>> from skdfs.path import member_floor
    >>> [int(member_floor(n)) for n in (3, 4, 5, 6, 8, 32)]
    [0, 2, 2, 3, 3, 3]
    """
    return np.where(voters < 4, 0, np.minimum(min_members, np.asarray(voters) // 2))


def keep_rate_test(kept, seen=None, alpha=SPLIT_TEST_ALPHA):
    """Features kept by significantly more voters than the voters' average
    keep rate would give.

    Under the null hypothesis a voter keeps a feature at the rate at which
    the voters keep features at all (kept gates over seen gates); a feature's
    keep count is then binomial. One-sided tests, Benjamini-Hochberg adjusted
    at ``alpha``. Applied by :func:`path_selection` where the quarter vote is
    split (:func:`skdfs.selection.vote_is_split`): with many weak effects the
    members keep a third of all columns each, noise columns included, and
    the quarter vote passes many of them (``docs/benchmarks.md``, "Many weak
    effects").

    Parameters
    ----------
    kept : ndarray of bool, shape (n_voters, n_gates)
        What each voter keeps at its chosen level.
    seen : ndarray of bool, shape (n_voters, n_gates) or None
        Which gates each voter saw; None: all.
    alpha : float, default=SPLIT_TEST_ALPHA (0.05)

    Returns
    -------
    ndarray of bool, shape (n_gates,)

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.path import keep_rate_test
    >>> kept = np.zeros((20, 6), bool)
    >>> kept[:, 0] = True          # every voter keeps the first gate
    >>> kept[:6, 1:] = True        # six voters keep everything
    >>> keep_rate_test(kept)
    array([ True, False, False, False, False, False])
    """
    from scipy.stats import binom, false_discovery_control

    kept = np.asarray(kept, dtype=bool)
    seen = np.ones(kept.shape, dtype=bool) if seen is None else np.asarray(seen, bool)
    trials = seen.sum(axis=0)
    rate = kept.sum() / max(int(seen.sum()), 1)
    pvalues = np.where(trials > 0, binom.sf(kept.sum(axis=0) - 1, trials, rate), 1.0)
    return false_discovery_control(pvalues, method="bh") < alpha


def flat_members(path, baseline_loss, seen=None):
    """Which members are *flat*: their chosen level keeps every gate they
    saw, and the constant predictor's validation loss is within one standard
    error of their best level's (:func:`flat_vote`).

    Parameters
    ----------
    path : GatePath
    baseline_loss : array-like of shape (n_members,)
        Each member's constant-predictor loss on its validation rows.
    seen : ndarray of bool, shape (n_members, n_gates) or None, default=None
        Which gates each member saw; None: all.

    Returns
    -------
    ndarray of bool, shape (n_members,)
    """
    limit = _one_se_limit(path.valid_loss, np.nan_to_num(path.valid_se))[1]
    kept = path.support
    if seen is not None:
        kept = kept | ~np.asarray(seen, dtype=bool)
    base = np.asarray(baseline_loss, dtype=float)
    with np.errstate(invalid="ignore"):
        return kept.all(axis=1) & np.isfinite(limit) & (base <= limit)


def flat_vote(path, baseline_loss, members=None, seen=None):
    """How many voting members kept every column for want of evidence, where
    they alone make the path select every column.

    A member is *flat* when its chosen level keeps every gate it saw and the
    constant predictor's validation loss (``baseline_loss``) is within one
    standard error of its best level's: on its validation rows the member
    told neither a sparser set of columns nor the constant apart from its
    predictive fit. Such a member votes for every column. Where flat members
    are at least :data:`PATH_MIN_SHARE` of the vote (and
    :data:`PATH_MIN_MEMBERS` where four or more vote), they alone select
    every column, whatever the columns are. On generated tasks of 40 to 120
    rows (``benchmarks/probes/probe_small_rows.py``), 89% of the columns
    that only the flat members' votes selected were noise, where a
    task whose every column matters had no flat member
    (``docs/benchmarks.md``, "Few rows").

    Parameters
    ----------
    path : GatePath or None
        None (no path decides the selection) gives None.
    baseline_loss : array-like of shape (n_members,)
        Each member's constant-predictor loss on its validation rows.
    members : ndarray of bool, shape (n_members,) or None, default=None
        Members that vote; None: all.
    seen : ndarray of bool, shape (n_members, n_gates) or None, default=None
        Which gates each member saw; None: all.

    Returns
    -------
    tuple of int or None
        ``(n_flat, n_voting)``, the flat members among the voting ones and
        the voting members, where the flat ones alone reach the vote; None
        where they do not.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.path import GatePath, flat_vote
    >>> alive = np.ones((2, 4, 3), bool)
    >>> alive[1, 2:, 1:] = False      # members 2 and 3 keep one gate at level 1
    >>> loss = np.array([[0.69, 0.69, 0.2, 0.2], [0.9, 0.9, 0.21, 0.21]])
    >>> se = np.full((2, 4), 0.05)
    >>> path = GatePath(np.array([0.0, 1.0]), alive.astype(float), loss, se,
    ...                 alive, np.array([0, 0, 1, 1]), None, 10)
    >>> flat_vote(path, np.full(4, 0.693))    # members 0 and 1 are flat
    (2, 4)
    >>> flat_vote(path, np.full(4, 1.5)) is None   # all beat the constant
    True
    """
    if path is None:
        return None
    flat = flat_members(path, baseline_loss, seen)
    voting = np.ones(len(flat), dtype=bool)
    if members is not None and np.any(members):  # as path_selection votes
        voting = np.asarray(members, dtype=bool)
    n_flat, n_voting = int((flat & voting).sum()), int(voting.sum())
    decisive = n_flat > 0 and n_flat >= PATH_MIN_SHARE * n_voting
    decisive = decisive and n_flat >= member_floor(n_voting)
    return (n_flat, n_voting) if decisive else None


def blend_path_scores(shares, path_scores, n_features, weight=PATH_RANK_WEIGHT):
    """Each member's importances with its gate-path scores blended in.

    Parameters
    ----------
    shares : ndarray of shape (n_members, n_gates)
        Each member's gate shares, the real features (groups) first and
        summing to one, its probes after them on the same scale.
    path_scores : ndarray of shape (n_members, n_gates)
        :meth:`GatePath.importances` of the same gates. Where probes follow,
        they are rescaled to the real features' total, as ``shares`` are, so
        that a probe and a feature are blended alike.
    n_features : int
        Number of real features (groups), the first columns.
    weight : float, default=PATH_RANK_WEIGHT (0.5)
        Weight of the path scores.

    Returns
    -------
    ndarray of shape (n_members, n_gates)
        ``(1 - weight) * shares + weight * path_scores``.

    Examples
    --------
    >>> import numpy as np
    >>> from skdfs.path import blend_path_scores
    >>> shares = np.array([[0.5, 0.5, 0.25]])   # two features, one probe
    >>> path = np.array([[0.6, 0.2, 0.2]])      # over all three gates
    >>> blend_path_scores(shares, path, 2)
    array([[0.625, 0.375, 0.25 ]])
    """
    path_scores = np.asarray(path_scores, dtype=float)
    if path_scores.shape[1] > n_features:
        total = path_scores[:, :n_features].sum(axis=1, keepdims=True)
        path_scores = path_scores / np.where(total > 0, total, 1.0)
    return (1 - weight) * shares + weight * path_scores
