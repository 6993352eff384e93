"""``n_jobs``: groups of members trained in parallel give the ``n_jobs=1`` fit.

Member ``e``'s rows, initial weights and batch order depend on
``(random_state, e)`` only, and its loss and gradient do not depend on the
other members, so splitting the ensemble into groups changes nothing but
floating-point rounding (``docs/scaling.rst``). Most tests run the groups in
threads (fast); one runs them in processes, and ``test_distributed.py`` on a
Dask cluster.
"""

import pickle

import joblib
import numpy as np
import pytest
import torch
from numpy.testing import assert_allclose
from sklearn.datasets import make_classification

from skdfs import DeepFeatureSelector
from skdfs.importance import compute_importances

# Groups differ from one module only in rounding (vectorised loops handle a
# tensor's last few elements apart), which stays far below this.
TOL = dict(rtol=1e-5, atol=1e-7)
# Rounding is relative to a tensor's scale, not to each element: a gate pulled
# near zero by the L1 penalty carries the absolute error of its larger
# neighbours (seen: 6e-7 on a gate of 0.05 beside gates of 4).
PARAM_RTOL = 1e-6

PARAMS = dict(
    n_estimators=5,
    hidden_layer_sizes=(16,),
    max_epochs=8,
    patience=None,
    batch_size=32,
    lr=1e-2,
    random_state=0,
    device="cpu",
)


@pytest.fixture(scope="module")
def data():
    return make_classification(
        n_samples=240, n_features=8, n_informative=3, random_state=0
    )


def fit(X, y, backend="threading", **params):
    with joblib.parallel_backend(backend):
        return DeepFeatureSelector(**{**PARAMS, **params}).fit(X, y)


def assert_same_fit(a, b):
    assert_allclose(a.importances_, b.importances_, **TOL)
    assert_allclose(a.feature_importances_, b.feature_importances_, **TOL)
    assert_allclose(a.member_scores_, b.member_scores_, **TOL)
    assert_allclose(a.member_baseline_scores_, b.member_baseline_scores_, **TOL)
    np.testing.assert_array_equal(a.members_used_, b.members_used_)
    np.testing.assert_array_equal(a.get_support(), b.get_support())
    assert a.n_iter_ == b.n_iter_
    pa = dict(a.net_.module_.named_parameters())
    for name, param in b.net_.module_.named_parameters():
        desired = pa[name].detach()
        scale = float(desired.abs().max())
        assert_allclose(
            param.detach(),
            desired,
            rtol=TOL["rtol"],
            atol=PARAM_RTOL * scale,
            err_msg=name,
        )


@pytest.fixture(scope="module")
def reference(data):
    return fit(*data, n_jobs=1)


@pytest.mark.parametrize(
    "n_jobs",
    [2, 3, -1, 8],
    ids=["even-ish split", "uneven split", "all cores", "more jobs than members"],
)
def test_importances_do_not_depend_on_n_jobs(data, reference, n_jobs):
    selector = fit(*data, n_jobs=n_jobs)
    assert_same_fit(selector, reference)
    assert selector.net_.module_.n_members == PARAMS["n_estimators"]
    losses = np.asarray(selector.net_.history[:, "valid_member_loss"])
    assert losses.shape == (PARAMS["max_epochs"], PARAMS["n_estimators"])


def test_groups_in_processes_give_the_same_fit(data, reference):
    """The default (loky) backend: groups pickled to worker processes."""
    selector = DeepFeatureSelector(**PARAMS, n_jobs=2).fit(*data)
    assert_same_fit(selector, reference)


def test_a_member_does_not_depend_on_the_ensemble_size(data, reference):
    # Training and the gate path's levels are each member's own; the path's
    # length is not: it ends when every member's gates have fallen, and a
    # member's path scores average its shares over all the levels (seen: 21
    # levels with 5 members, 20 with 3, importances 0.019 apart).
    small = fit(*data, n_estimators=3)
    assert_allclose(small.member_scores_, reference.member_scores_[:3], **TOL)
    levels = min(len(small.path_.penalties), len(reference.path_.penalties))
    assert_allclose(
        small.path_.gates[:levels], reference.path_.gates[:levels, :3], **TOL
    )
    plain = fit(*data, n_estimators=3, threshold="mean")
    assert_allclose(
        plain.importances_,
        fit(*data, threshold="mean").importances_[:3],
        **TOL,
    )


def test_members_stopping_early_at_different_epochs(data):
    params = dict(patience=2, max_epochs=60, n_estimators=6)
    one = fit(*data, n_jobs=1, **params)
    best = one.net_.member_best_epoch_
    assert len(set(best.tolist())) > 1  # the groups stop at different epochs
    for n_jobs in (2, 4):
        many = fit(*data, n_jobs=n_jobs, **params)
        assert_same_fit(many, one)
        np.testing.assert_array_equal(many.net_.member_best_epoch_, best)
        history = many.net_.history
        assert len(history) == one.n_iter_
        n_active = history[:, "n_active"]
        assert n_active == one.net_.history[:, "n_active"]
        assert n_active[-1] == 0
        curves = np.asarray(history[:, "valid_member_loss"])
        assert curves.shape == (one.n_iter_, 6)
        # A member's recorded curve matches up to its best epoch.
        for e, b in enumerate(best):
            reference = np.asarray(one.net_.history[:, "valid_member_loss"])[:b, e]
            assert_allclose(curves[:b, e], reference, **TOL)


def test_probes_and_the_probe_test(data):
    params = dict(threshold="probe", n_estimators=6)
    one = fit(*data, n_jobs=1, **params)
    many = fit(*data, n_jobs=4, **params)
    assert_same_fit(many, one)
    assert_allclose(many.probe_importances_, one.probe_importances_, **TOL)
    np.testing.assert_array_equal(many.hits_, one.hits_)
    np.testing.assert_array_equal(many.probe_sources_, one.probe_sources_)


def test_permutation_importance(data, reference):
    one = fit(*data, n_jobs=1, importance="permutation", n_repeats=2)
    many = fit(*data, n_jobs=3, importance="permutation", n_repeats=2)
    assert_same_fit(many, one)


def test_the_joined_net_works_like_a_single_net(data, reference):
    X, y = data
    selector = fit(X, y, n_jobs=3)
    restored = pickle.loads(pickle.dumps(selector))
    np.testing.assert_array_equal(restored.transform(X), reference.transform(X))
    for method in ("gradient", "noise"):
        a = compute_importances(selector, X, y, method, random_state=0)
        b = compute_importances(reference, X, y, method, random_state=0)
        assert_allclose(a.importances, b.importances, **TOL)
    # The joined net can be trained further.
    selector.net_.partial_fit(
        ((X - selector.scaler_mean_) / selector.scaler_scale_).astype(np.float32),
        y.astype(np.float32)[:, None],
        epochs=1,
    )


def test_n_jobs_none_follows_the_joblib_context(data, reference):
    with joblib.parallel_backend("threading", n_jobs=2):
        selector = DeepFeatureSelector(**PARAMS).fit(*data)
    assert_same_fit(selector, reference)


def test_torch_threads_and_global_rng_are_left_alone(data):
    threads = torch.get_num_threads()
    state = torch.random.get_rng_state()
    fit(*data, n_jobs=2)
    assert torch.get_num_threads() == threads
    assert torch.equal(torch.random.get_rng_state(), state)


@pytest.mark.parametrize(
    "option", [dict(dropout=0.2), dict(noise_std=0.3), dict(gate="stochastic")]
)
def test_training_noise_is_reproducible_for_a_fixed_n_jobs(data, option):
    """Dropout, noise and random gates draw from one generator per group:
    the fit is reproducible for a given ``n_jobs``, but not across values."""
    a = fit(*data, n_jobs=2, **option)
    b = fit(*data, n_jobs=2, **option)
    np.testing.assert_array_equal(a.importances_, b.importances_)
    assert np.all(np.isfinite(a.importances_))


# --------------------------------------------------------------- thread policy
def test_no_worker_thread_sets_torch_threads(data, reference, monkeypatch):
    """torch's thread count is process-wide: with groups in threads only the
    calling thread may change it (``skdfs._threads``), and it comes back."""
    import threading

    calls = []
    original = torch.set_num_threads

    def spy(n):
        calls.append((threading.current_thread() is threading.main_thread(), n))
        original(n)

    threads = torch.get_num_threads()
    original(4)  # more than a group's share, so that the share is set
    monkeypatch.setattr(torch, "set_num_threads", spy)
    try:
        selector = fit(*data, n_jobs=2)
        assert torch.get_num_threads() == 4
    finally:
        original(threads)
    assert_same_fit(selector, reference)
    assert calls and all(main for main, _ in calls)


def test_thread_share_of_a_group():
    from skdfs._threads import caller_limits, group_share, group_threads

    assert group_share(2, n_cpus=16) == 8
    assert group_share(3, n_cpus=2) == 1
    assert group_share(1, n_cpus=4) == 4
    threads = torch.get_num_threads()
    # In the calling process's main thread a group's setting is undone.
    with group_threads(4):
        assert torch.get_num_threads() == group_share(4)
    assert torch.get_num_threads() == threads
    with joblib.parallel_backend("threading"), caller_limits(2):
        assert torch.get_num_threads() == group_share(2)
    assert torch.get_num_threads() == threads
    with caller_limits(2):  # worker processes set their own
        assert torch.get_num_threads() == threads


def _worker_threads(n_groups):
    from skdfs._threads import group_threads

    with group_threads(n_groups):
        pass
    return torch.get_num_threads()


def test_a_worker_process_keeps_its_share():
    from skdfs._threads import group_share

    got = joblib.Parallel(n_jobs=2)(joblib.delayed(_worker_threads)(4) for _ in "ab")
    assert got == [group_share(4)] * 2


def test_shuffle_order_sorts_keys_as_integers():
    """The shuffle sorts float keys in [0, 1) by their bits: the same
    permutation as ``argsort`` of the floats, ties included."""
    from skdfs.training import MemberBatchIterator, MemberData

    for m in (7, 350, 4000, 43200):
        generator = torch.Generator().manual_seed(m)
        keys = torch.rand((4, m), generator=generator)
        index = torch.arange(4 * m).view(4, m)
        table = torch.arange(4 * m, dtype=torch.float32)[:, None]
        data = MemberData(table, None, index)
        iterator = MemberBatchIterator(
            data, m, shuffle=True, generator=torch.Generator().manual_seed(m)
        )
        ((X, _),) = list(iterator)
        expected = index.gather(1, keys.argsort(dim=1)).to(torch.float32)
        assert torch.equal(X[..., 0], expected)


# ------------------------------------------------------- a shared machine
def test_results_do_not_depend_on_torch_threads(data, reference):
    """The premise of ``ThreadShare``: the thread count changes the time of a
    fit, not its result."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        single = fit(*data, n_jobs=1)
    finally:
        torch.set_num_threads(threads)
    np.testing.assert_array_equal(single.importances_, reference.importances_)
    np.testing.assert_array_equal(single.member_scores_, reference.member_scores_)


def test_available_threads_follow_idle_and_own_cpu():
    from skdfs._threads import available_threads

    assert available_threads(0.0, 2.0, 2) == 2  # alone, using both cores
    assert available_threads(0.0, 1.0, 2) == 1  # beside a busy process
    assert available_threads(0.0, 0.2, 8) == 1  # never below one
    assert available_threads(6.0, 1.9, 4) == 4  # never above the start
    assert available_threads(1.2, 1.9, 8) == 3


class _Clock:
    def __init__(self):
        self.wall = self.own = self.idle = 0.0


def _fake_machine(monkeypatch, clock):
    import skdfs._threads as threads_module

    monkeypatch.setattr(threads_module.time, "perf_counter", lambda: clock.wall)
    monkeypatch.setattr(threads_module.time, "process_time", lambda: clock.own)
    monkeypatch.setattr(threads_module, "_idle_seconds", lambda cpus: clock.idle)


def test_thread_share_gives_cores_back_and_restores(monkeypatch):
    from skdfs._threads import ThreadShare

    threads = torch.get_num_threads()
    torch.set_num_threads(4)
    clock = _Clock()
    _fake_machine(monkeypatch, clock)
    share = ThreadShare(interval=0.5)
    try:
        share.on_train_begin(None)
        clock.wall, clock.own = 0.2, 0.8  # before the interval: nothing
        share.on_batch_end(None, training=True)
        assert torch.get_num_threads() == 4
        clock.wall, clock.own = 1.0, 1.0  # used 1 core's worth, none idle
        share.on_batch_end(None, training=True)
        assert torch.get_num_threads() == share.threads_ == 1
        clock.wall, clock.own, clock.idle = 2.0, 2.0, 2.5  # the others left
        share.on_batch_end(None, training=True)
        assert torch.get_num_threads() == 4
        clock.wall, clock.own = 3.0, 4.0  # busy again: 2 of 4 cores
        share.on_batch_end(None, training=True)
        assert torch.get_num_threads() == 2
        share.on_train_end(None)
        assert torch.get_num_threads() == 4
    finally:
        torch.set_num_threads(threads)


def test_thread_share_is_inert_in_threads_and_when_switched_off(monkeypatch):
    import threading

    from skdfs._threads import ThreadShare

    threads = torch.get_num_threads()
    torch.set_num_threads(4)
    clock = _Clock()
    _fake_machine(monkeypatch, clock)
    calls = []
    monkeypatch.setattr(torch, "set_num_threads", calls.append)

    def busy_interval(share):
        share.on_train_begin(None)
        clock.wall += 1.0
        clock.own += 1.0
        share.on_batch_end(None, training=True)
        share.on_train_end(None)

    try:
        worker = threading.Thread(target=busy_interval, args=(ThreadShare(),))
        worker.start()
        worker.join()
        monkeypatch.setenv("SKDFS_THREAD_SHARE", "0")
        busy_interval(ThreadShare())
        assert calls == []
        monkeypatch.delenv("SKDFS_THREAD_SHARE")
        busy_interval(ThreadShare())
        assert calls == [1, 4]
    finally:
        monkeypatch.undo()
        torch.set_num_threads(threads)


def test_every_selector_net_shares_the_machine(data):
    from skdfs._threads import ThreadShare

    selector = DeepFeatureSelector(**PARAMS).fit(*data)
    callbacks = dict(selector.net_.callbacks)
    assert isinstance(callbacks["thread_share"], ThreadShare)
    pickle.loads(pickle.dumps(selector))


def test_the_gate_path_runs_under_the_thread_share(data, monkeypatch):
    """The default fit's gate path trains outside skorch's loop; it calls the
    thread policy after every one of its steps, and the policy's start and
    end frame the path (threads restored)."""
    import contextlib

    import skdfs.selector as selector_module
    from skdfs._threads import sharing_steps

    events = []

    @contextlib.contextmanager
    def counting(net):
        events.append("begin")
        with sharing_steps(net) as step:

            def counted():
                events.append("step")
                step()

            yield counted
        events.append("end")

    monkeypatch.setattr(selector_module, "sharing_steps", counting)
    threads = torch.get_num_threads()
    sel = DeepFeatureSelector(
        n_estimators=2, hidden_layer_sizes=(8,), max_steps=30, random_state=0
    ).fit(*data)
    assert events[0] == "begin" and events[-1] == "end"
    assert events.count("step") == sel.path_.steps > 0
    assert torch.get_num_threads() == threads


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # a 10-step fit
def test_sharing_steps_drives_the_net_thread_share_callback(data, monkeypatch):
    from skdfs._threads import ThreadShare, sharing_steps

    calls = []
    for name in ("on_train_begin", "on_batch_end", "on_train_end"):
        monkeypatch.setattr(
            ThreadShare, name, lambda self, net, _n=name, **kw: calls.append(_n)
        )
    sel = DeepFeatureSelector(
        n_estimators=2, hidden_layer_sizes=(8,), max_steps=10, threshold="mean"
    ).fit(*data)
    calls.clear()
    with sharing_steps(sel.net_) as step:
        step()
        step()
    assert calls == ["on_train_begin", "on_batch_end", "on_batch_end", "on_train_end"]
    # A net without the callback: the step does nothing.
    sel.net_.callbacks_ = []
    with sharing_steps(sel.net_) as step:
        step()


def _count_compactions(monkeypatch):
    from skdfs.network import GatedEnsembleMLP

    calls = []
    select = GatedEnsembleMLP.select_members

    def counted(self, members):
        calls.append(len(members))
        return select(self, members)

    monkeypatch.setattr(GatedEnsembleMLP, "select_members", counted)
    return calls


def test_frozen_members_leave_the_module_that_computes(data, monkeypatch):
    # Once members stop, those still training compute in a module of their
    # own while the optimiser steps the whole one: identical to the bit.
    from skdfs.training import EnsembleNet

    params = dict(patience=2, max_epochs=60, n_estimators=8)
    calls = _count_compactions(monkeypatch)
    compact = fit(*data, **params)
    assert calls and all(0 < n < 8 for n in calls)
    n_calls = len(calls)
    monkeypatch.setattr(EnsembleNet, "compact_frozen", False)
    whole = fit(*data, **params)
    assert len(calls) == n_calls  # switched off
    for name in ("importances_", "feature_importances_", "member_scores_"):
        np.testing.assert_array_equal(getattr(compact, name), getattr(whole, name))
    np.testing.assert_array_equal(compact.get_support(), whole.get_support())
    assert compact.net_.module_.n_members == 8  # the whole module is back
    assert compact.net_.whole_module is compact.net_.module_
    pw = dict(whole.net_.module_.named_parameters())
    for name, param in compact.net_.module_.named_parameters():
        assert torch.equal(param, pw[name]), name
    assert compact.net_.history[:, "n_active"] == whole.net_.history[:, "n_active"]
    # A member that left the module is not scored any more.
    curves = np.asarray(compact.net_.history[:, "valid_member_loss"])
    reference = np.asarray(whole.net_.history[:, "valid_member_loss"])
    scored = np.isfinite(curves)
    assert not scored.all()
    np.testing.assert_array_equal(curves[scored], reference[scored])


@pytest.mark.parametrize(
    "option",
    # Noise follows every hidden block but the last: two blocks here.
    [dict(dropout=0.1), dict(noise_std=0.1, hidden_layer_sizes=(16, 16))],
)
def test_no_compaction_where_the_forward_pass_draws(data, monkeypatch, option):
    # Random draws for the whole batch would depend on the module's size.
    calls = _count_compactions(monkeypatch)
    fit(*data, patience=2, max_epochs=60, n_estimators=8, **option)
    assert calls == []
