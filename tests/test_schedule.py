"""Training budget in optimizer steps (``skdfs._schedule``) and the
baseline-aware patience of ``MemberEarlyStopping``."""

import numpy as np
import pytest
import torch
from skorch.history import History

from skdfs import DeepFeatureSelector
from skdfs._schedule import (
    MAX_AUTO_BATCH,
    MIN_AUTO_BATCH,
    auto_batch_size,
    resolve_schedule,
)
from skdfs.network import GatedEnsembleMLP
from skdfs.training import MemberEarlyStopping


@pytest.mark.parametrize("n_train", [1, 10, 40, 350, 800, 3200, 43200, 10**6])
def test_auto_batch_size_bounds(n_train):
    size = auto_batch_size(n_train)
    assert size <= max(MAX_AUTO_BATCH, 1)
    assert size == n_train or size >= MIN_AUTO_BATCH
    assert size <= n_train
    if n_train >= 16 * MIN_AUTO_BATCH and size < MAX_AUTO_BATCH:
        assert n_train / size >= 16  # at least 16 steps an epoch


def test_auto_batch_size_is_monotone():
    sizes = [auto_batch_size(n) for n in range(1, 20000, 97)]
    assert sizes == sorted(sizes)


def test_resolve_schedule_converts_steps_to_epochs():
    # 350 rows at batch 256: 2 steps an epoch.
    small = resolve_schedule(350, 256, max_steps=2000, max_epochs=None, patience=200)
    assert (small.steps_per_epoch, small.max_epochs, small.patience_epochs) == (
        2,
        1000,
        100,
    )
    # 54,000 rows (43,200 for training): 169 steps an epoch.
    large = resolve_schedule(43200, 256, 2000, None, 200)
    assert (large.steps_per_epoch, large.max_epochs, large.patience_epochs) == (
        169,
        12,
        2,
    )
    # The step budget is the same whatever n.
    for sched in (small, large):
        assert sched.max_epochs * sched.steps_per_epoch >= 2000
        assert (sched.max_epochs - 1) * sched.steps_per_epoch < 2000


def test_resolve_schedule_max_epochs_caps_and_none():
    assert resolve_schedule(1000, 100, 2000, 3, None).max_epochs == 3
    assert resolve_schedule(1000, 100, None, 7, 5).max_epochs == 7
    assert resolve_schedule(1000, 100, None, 7, 5).patience_epochs == 1
    with pytest.raises(ValueError, match="max_steps and max_epochs are both None"):
        resolve_schedule(1000, 100, None, None, 5)


def test_selector_counts_steps(xor_data):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(
        n_estimators=2,
        hidden_layer_sizes=(8,),
        max_steps=30,
        patience=None,
        random_state=0,
        device="cpu",
    ).fit(X, y)
    # 480 training rows: auto batch 32, 15 steps an epoch, 30 steps 2 epochs.
    assert sel.batch_size_ == 32
    assert sel.n_iter_ == 2
    assert sel.n_steps_ == 2 * 15


def test_selector_rejects_unbounded_budget(xor_data):
    X, y, _ = xor_data
    sel = DeepFeatureSelector(max_steps=None, max_epochs=None)
    with pytest.raises(ValueError, match="max_steps and max_epochs"):
        sel.fit(X, y)


def test_selector_rejects_bad_batch_size(xor_data):
    X, y, _ = xor_data
    with pytest.raises(ValueError, match="'batch_size' parameter"):
        DeepFeatureSelector(batch_size="large").fit(X, y)


class _Net:
    """The parts of an EnsembleNet that MemberEarlyStopping uses."""

    def __init__(self, n_members):
        self.module_ = GatedEnsembleMLP(n_members, 3, 1, hidden_layer_sizes=(4,))
        self.history = History()
        self.device = "cpu"
        self.active_ = torch.ones(n_members, dtype=torch.bool)  # the net's own

    def freeze_members(self, members):
        self.active_ = self.active_ & ~torch.as_tensor(members)


def _run(callback, losses, n_epochs):
    """Feed constant validation losses; return the epoch each member froze."""
    net = _Net(len(losses))
    callback.on_train_begin(net)
    stopped = np.zeros(len(losses), dtype=int)
    for epoch in range(1, n_epochs + 1):
        net.history.new_epoch()
        net.history.record("valid_member_loss", list(losses))
        try:
            callback.on_epoch_end(net)
        except KeyboardInterrupt:
            stopped[(stopped == 0)] = epoch
            break
        stopped[(stopped == 0) & ~net.active_.numpy()] = epoch
    return stopped


def test_patience_waits_for_the_baseline():
    # Member 0 sits at the constant's loss (a plateau); member 1 beats it.
    losses = [0.70, 0.50]
    plain = _run(MemberEarlyStopping(patience=2), losses, 30)
    assert plain.tolist() == [3, 3]
    aware = _run(MemberEarlyStopping(patience=2, baseline=[0.69, 0.69]), losses, 30)
    assert aware[1] == 3
    assert aware[0] == 0  # still training after 30 epochs


def test_baseline_shape_is_checked():
    callback = MemberEarlyStopping(patience=2, baseline=[0.69, 0.69, 0.69])
    with pytest.raises(ValueError, match="one loss per member"):
        callback.on_train_begin(_Net(2))
    # Tied copies of the members (drop-and-retrain) repeat the baselines.
    callback = MemberEarlyStopping(patience=2, baseline=[0.1, 0.2])
    callback.on_train_begin(_Net(4))
    assert callback.baseline_.tolist() == pytest.approx([0.1, 0.2, 0.1, 0.2])
