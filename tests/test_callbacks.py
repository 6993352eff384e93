"""EpochProgress: a progress bar over epochs with active members and best loss."""

import io
import logging
import pickle

import numpy as np
import pytest
from skorch.callbacks import Callback
from skorch.history import History

import skdfs.callbacks
from skdfs import DeepFeatureSelector
from skdfs.callbacks import EpochProgress


class FakeNet:
    """What EpochProgress reads from a net: ``max_epochs`` and ``history``."""

    def __init__(self, max_epochs=5):
        self.max_epochs = max_epochs
        self.history = History()

    def add_epoch(self, losses=None, n_active=None):
        self.history.new_epoch()
        self.history.record("epoch", len(self.history))
        if losses is not None:
            self.history.record("valid_member_loss", list(losses))
        if n_active is not None:
            self.history.record("n_active", n_active)


def run_epochs(progress, net, epochs, report_last=True):
    """Drive the hooks as skorch does; the last epoch may skip on_epoch_end."""
    progress.on_train_begin(net)
    for k, (losses, n_active) in enumerate(epochs):
        net.add_epoch(losses, n_active)
        if report_last or k < len(epochs) - 1:
            progress.on_epoch_end(net)
    progress.on_train_end(net)


def test_bar_shows_active_members_and_best_loss():
    out = io.StringIO()
    progress = EpochProgress(file=out)
    net = FakeNet(max_epochs=5)
    progress.on_train_begin(net)
    postfixes = []
    for losses, n_active in [([0.7, 0.6], 2), ([0.5, 0.65], 2), ([0.55, 0.62], 1)]:
        net.add_epoch(losses, n_active)
        progress.on_epoch_end(net)
        postfixes.append(progress.bar_.postfix)
    assert postfixes == [
        "active=2/2, best=0.6000",
        "active=2/2, best=0.5000",
        "active=1/2, best=0.5000",  # the best so far, not the epoch's
    ]
    progress.on_train_end(net)
    assert progress.bar_ is None  # closed
    assert progress.best_ == pytest.approx(0.5)
    assert progress.epochs_done_ == 3
    final = out.getvalue().splitlines()[-1]
    assert "3/5" in final  # stopped early: the bar ends short of max_epochs
    assert "active=1/2, best=0.5000" in final


def test_epoch_interrupted_by_early_stopping_is_reported_at_train_end():
    out = io.StringIO()
    progress = EpochProgress(file=out)
    net = FakeNet(max_epochs=10)
    run_epochs(progress, net, [([0.5], 1), ([0.4], 0)], report_last=False)
    assert progress.epochs_done_ == 2
    assert "active=0/1, best=0.4000" in out.getvalue()


def test_missing_history_keys_are_omitted():
    out = io.StringIO()
    progress = EpochProgress(file=out)
    run_epochs(progress, FakeNet(max_epochs=2), [(None, None), (None, None)])
    text = out.getvalue()
    assert "2/2" in text
    assert "active=" not in text
    assert "best=" not in text


def test_non_finite_losses_are_ignored():
    progress = EpochProgress().initialize()
    assert progress.format_postfix({"valid_member_loss": [np.nan]}) == ""
    assert progress.format_postfix({"valid_member_loss": [np.inf, 0.3]}) == (
        "best=0.3000"
    )


def test_logs_one_line_per_epoch_without_tqdm(monkeypatch, caplog):
    monkeypatch.setattr(skdfs.callbacks, "_tqdm_class", lambda: None)
    progress = EpochProgress()
    with caplog.at_level(logging.INFO, logger="skdfs"):
        run_epochs(progress, FakeNet(max_epochs=4), [([0.5, 0.4], 2), ([0.3, 0.4], 1)])
    messages = [r.getMessage() for r in caplog.records if r.name == "skdfs"]
    assert messages == [
        "epoch 1/4 active=2/2, best=0.4000",
        "epoch 2/4 active=1/2, best=0.3000",
    ]


def test_writes_to_stderr_by_default(capsys):
    run_epochs(EpochProgress(), FakeNet(max_epochs=1), [([0.5], 1)])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "active=1/1" in captured.err


class TerminalStream(io.StringIO):
    def isatty(self):
        return True


def test_plain_lines_when_stderr_is_not_a_terminal(monkeypatch):
    # A log file or a pipe gets a line every tenth of the epochs and one for
    # the epoch early stopping ended on, never a bar's carriage returns.
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    epochs = [([0.9 - 0.01 * k, 1.0], 2 if k < 20 else 1) for k in range(25)]
    run_epochs(EpochProgress(), FakeNet(max_epochs=100), epochs, report_last=False)
    lines = err.getvalue().splitlines()
    assert "\r" not in err.getvalue()
    assert lines == [
        "training: epoch 10/100, active=2/2, best=0.8100",
        "training: epoch 20/100, active=2/2, best=0.7100",
        "training: epoch 25/100, active=1/2, best=0.6600",
    ]


def test_bar_when_stderr_is_a_terminal(monkeypatch):
    err = TerminalStream()
    monkeypatch.setattr("sys.stderr", err)
    run_epochs(EpochProgress(), FakeNet(max_epochs=3), [([0.5], 1)] * 3)
    assert "\r" in err.getvalue()
    assert "epoch 1/3" not in err.getvalue()


def test_pickles_while_the_bar_is_open():
    progress = EpochProgress()
    progress.on_train_begin(FakeNet())
    clone = pickle.loads(pickle.dumps(progress))
    assert clone.bar_ is None
    progress.on_train_end(FakeNet())


def test_get_params_round_trip():
    progress = EpochProgress(desc="fit", leave=False)
    assert progress.get_params() == {"file": None, "desc": "fit", "leave": False}


class ProgressSelector(DeepFeatureSelector):
    """A selector whose net carries an EpochProgress writing to a buffer."""

    def _build_net(self, *args, **kwargs):
        net = super()._build_net(*args, **kwargs)
        self.progress_file_ = io.StringIO()
        net.callbacks = [
            *net.callbacks,
            ("progress", EpochProgress(file=self.progress_file_)),
        ]
        return net


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # tiny fit
def test_reports_every_epoch_of_a_real_fit(binary_data):
    X, y = binary_data
    selector = ProgressSelector(
        n_estimators=3,
        hidden_layer_sizes=(8,),
        max_epochs=3,
        patience=None,
        lr=1e-2,
        random_state=0,
        device="cpu",
    ).fit(X, y)
    text = selector.progress_file_.getvalue()
    assert "3/3" in text
    assert "active=3/3" in text
    best = min(min(row) for row in selector.net_.history[:, "valid_member_loss"])
    assert f"best={best:.4f}" in text
    _, progress = selector.net_.callbacks_[-1]
    assert progress.bar_ is None
    pickle.dumps(selector)


# ------------------------------------------- training state: net and callback
def _net(callbacks=(), n_members=3, max_epochs=4):
    import torch

    from skdfs.network import GatedEnsembleMLP
    from skdfs.training import EnsembleLoss, EnsembleNet, MemberSplit

    rng = np.random.RandomState(0)
    train = np.stack([rng.permutation(80)[:60] for _ in range(n_members)])
    valid = np.stack([rng.permutation(80)[:20] for _ in range(n_members)])
    return EnsembleNet(
        module=GatedEnsembleMLP,
        module__n_members=n_members,
        module__n_features=4,
        module__n_outputs=1,
        module__hidden_layer_sizes=(8,),
        criterion=EnsembleLoss,
        criterion__kind="binary_cross_entropy",
        optimizer=torch.optim.Adam,
        lr=1e-2,
        batch_size=16,
        max_epochs=max_epochs,
        train_split=MemberSplit(train, valid),
        callbacks=list(callbacks),
        member_seeds=list(range(n_members)),
        verbose=0,
    )


def _xy():
    rng = np.random.RandomState(1)
    X = rng.randn(80, 4).astype(np.float32)
    return X, (X[:, :1] > 0).astype(np.float32)


def test_the_net_owns_which_members_train():
    """Without early stopping the loss still knows the active members: the net
    sets them itself, and a frozen member gets no gradient."""
    import torch

    net = _net().fit(*_xy())
    assert net.active_.tolist() == [True, True, True]
    assert net.member_scores_.shape == (3,)
    assert np.array_equal(net.member_best_epoch_, [4, 4, 4])
    assert not net.member_diverged_.any()
    net.freeze_members(torch.tensor([False, True, False]))
    y_pred = torch.zeros(3, 5, 1, requires_grad=True)
    loss = net.get_loss(y_pred, torch.ones(3, 5, 1), training=False)
    loss.backward()
    assert y_pred.grad[1].abs().sum() == 0
    assert y_pred.grad[0].abs().sum() > 0


def test_early_stopping_keeps_its_state_and_tells_the_net():
    from skdfs.training import MemberEarlyStopping

    stopper = MemberEarlyStopping(patience=1)
    net = _net([("stop", stopper)], max_epochs=30)
    net.set_params(lr=0.5)  # noisy steps: members stop improving early
    net.fit(*_xy())
    assert "active_" not in vars(stopper)
    assert int(net.active_.sum()) == net.history[-1, "n_active"]
    assert (net.member_best_epoch_ < len(net.history)).any()  # restored
    np.testing.assert_array_equal(net.member_best_epoch_, stopper.best_epoch_.numpy())
    np.testing.assert_allclose(net.member_scores_, stopper.best_.numpy())
    losses = np.asarray(net.history[:, "valid_member_loss"])
    for e, epoch in enumerate(net.member_best_epoch_):
        assert net.member_scores_[e] == pytest.approx(losses[epoch - 1, e])


def test_a_member_whose_loss_is_not_finite_is_frozen_by_the_net():
    net = _net(max_epochs=1)
    net.initialize()
    net.on_train_begin(net)
    net.history.new_epoch()
    import torch

    net._record_validation(torch.tensor([0.5, float("nan"), 0.4]))
    assert net.active_.tolist() == [True, False, True]
    assert net.member_diverged_.tolist() == [False, True, False]


# ------------------------------------------------- the net's own training epoch
class _BatchLog(Callback):
    """Counts the per-batch events it is told of."""

    def initialize(self):
        self.events_ = []
        return self

    def on_batch_begin(self, net, batch=None, training=False, **kwargs):
        self.events_.append(("begin", training))

    def on_grad_computed(self, net, named_parameters, batch=None, training=False):
        self.events_.append(
            ("grad", sum(p.grad is not None for _, p in named_parameters))
        )

    def on_batch_end(self, net, batch=None, training=False, **kwargs):
        self.events_.append(("end", training, float(kwargs["loss"])))


def test_the_lean_epoch_trains_and_records_as_skorchs_loop(monkeypatch):
    import torch

    from skdfs.training import EnsembleNet

    X, y = _xy()
    lean = _net(max_epochs=3).fit(X, y)
    assert lean._plain_steps(lean.train_step)
    monkeypatch.setattr(EnsembleNet, "_plain_steps", lambda self, step_fn: False)
    loop = _net(max_epochs=3).fit(X, y)
    for (name, a), (_, b) in zip(
        lean.module_.named_parameters(), loop.module_.named_parameters()
    ):
        assert torch.equal(a, b), name
    for key in ("train_loss", "valid_loss", "train_batch_count"):
        assert lean.history[:, key] == loop.history[:, key]
    assert lean.history[:, "batches"] == loop.history[:, "batches"]
    assert lean.history[-1, "batches", -1, "train_batch_size"] == 3  # skorch's len


def test_the_lean_epoch_tells_callbacks_of_every_step():
    X, y = _xy()
    log = _BatchLog()
    net = _net(callbacks=[("log", log)], max_epochs=2).fit(X, y)
    steps = sum(net.history[:, "train_batch_count"])
    events = log.events_
    assert len(events) == 3 * steps
    assert events[0::3] == [("begin", True)] * steps
    assert all(kind == "grad" and n > 0 for kind, n in events[1::3])
    losses = [loss for _, _, loss in events[2::3]]
    batches = [b["train_loss"] for row in net.history for b in row["batches"]]
    np.testing.assert_allclose(losses, batches, rtol=1e-6)


def test_an_optimizer_that_needs_a_closure_gets_skorchs_step():
    import torch

    X, y = _xy()
    net = _net(max_epochs=1)
    net.set_params(optimizer=torch.optim.LBFGS, optimizer__max_iter=2)
    net.fit(X, y)
    assert not net._plain_steps(net.train_step)
    assert np.isfinite(net.history[-1, "train_loss"])


def test_output_start_sets_each_members_bias_at_initialisation():
    """``output_start`` puts every member's output bias at its value when the
    module is initialised (each fit), and leaves the rest of the module to
    the members' seeds."""
    net = _net()
    net.set_params(output_start=np.array([[-2.0], [0.5], [1.0]]))
    net.initialize()
    bias = net.module_.out.bias.detach().numpy().ravel()
    assert np.allclose(bias, [-2.0, 0.5, 1.0])
    plain = _net().initialize()
    for name, param in net.module_.named_parameters():
        if name != "out.bias":
            assert _torch_equal(param, dict(plain.module_.named_parameters())[name])


def _torch_equal(a, b):
    import torch

    return bool(torch.equal(a.detach(), b.detach()))
