"""How many threads torch uses while groups of members train side by side.

torch's intra-op thread count is process-wide state: :func:`torch.set_num_threads`
changes it for every thread of the process (a thread takes the global value
at its first parallel operation). The policy, used by the ensemble code
(``docs/scaling.rst``):

* **Worker processes** (joblib's ``loky`` or ``multiprocessing`` backends):
  the group sets torch to its share of the machine, ``cpu_count() //
  n_groups`` threads (at least one), from the process's main thread, once per
  process and value, and leaves it there: the process is a worker.
* **Worker threads** (``threading`` backend, Dask workers, which run tasks in
  threads): a group never touches the setting. For the threading backend the
  caller lowers it to the share, from its own thread, before the groups start
  (:func:`caller_limits`) and restores it afterwards; the groups' threads,
  created for the call, take that value. A Dask worker keeps what its
  process was started with (Dask's nanny starts workers with
  ``OMP_NUM_THREADS=1``).
* **One group** (``n_jobs=1``) in the main thread of the calling process
  starts with torch's setting and gives cores back while other processes
  keep them busy (:class:`ThreadShare`, a callback of every selector's net):
  every 0.2 s it reads how much CPU time the machine's cores left idle
  and how much this process used, and trains on that many threads (never more
  than at the start); the setting is restored when training ends. Results do
  not depend on the thread count (tested), only the time does.

Inside a joblib worker of an outer parallel call (``GridSearchCV(n_jobs=k)``,
``cross_validate``) joblib itself has started the worker with its share of
the cores (``OMP_NUM_THREADS=cpu_count() // k``) and the selector, at
``n_jobs=None``, trains one group there.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time

import torch
from joblib import cpu_count
from joblib.parallel import get_active_backend
from skorch.callbacks import Callback

__all__ = [
    "ThreadShare",
    "available_threads",
    "caller_limits",
    "group_share",
    "group_threads",
    "sharing_steps",
]


def group_share(n_groups, n_cpus=None):
    """Threads each of ``n_groups`` side-by-side groups may use: ``n_cpus //
    n_groups`` (``n_cpus`` defaults to :func:`joblib.cpu_count`), at least 1."""
    n_cpus = cpu_count() if n_cpus is None else int(n_cpus)
    return max(1, n_cpus // max(1, int(n_groups)))


def _in_main_thread():
    return threading.current_thread() is threading.main_thread()


def _in_worker_process():
    return multiprocessing.current_process().name != "MainProcess"


@contextlib.contextmanager
def _torch_threads(n, restore):
    before = torch.get_num_threads()
    if n != before:
        torch.set_num_threads(n)
    try:
        yield n
    finally:
        if restore and torch.get_num_threads() != before:
            torch.set_num_threads(before)


def group_threads(n_groups):
    """Context for training one of ``n_groups`` groups where it runs.

    ``None`` (a single group), or a group running in a thread: nothing is
    changed. In the main thread of a worker process: torch is set to
    :func:`group_share` threads and left so. In the main thread of the
    calling process (a backend that runs groups in place): set for the group
    and restored afterwards.
    """
    if n_groups is None or not _in_main_thread():
        return contextlib.nullcontext(torch.get_num_threads())
    return _torch_threads(group_share(n_groups), restore=not _in_worker_process())


def caller_limits(n_groups):
    """Context for the caller around the parallel call of ``n_groups`` groups.

    With a backend that runs its tasks in threads of this process (joblib's
    ``threading``), torch is lowered to :func:`group_share` threads from the
    calling (main) thread and restored afterwards, so that the groups do not
    oversubscribe the cores and no worker thread changes the setting. With
    other backends, or when called from a thread other than the main one,
    nothing is changed.
    """
    backend, _ = get_active_backend()
    uses_threads = getattr(backend, "uses_threads", False)
    if n_groups is None or n_groups < 2 or not uses_threads or not _in_main_thread():
        return contextlib.nullcontext(torch.get_num_threads())
    return _torch_threads(group_share(n_groups), restore=True)


# ------------------------------------------------------- a shared machine
_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _idle_seconds(cpus):
    """Idle (plus I/O wait) CPU seconds so far of the cores ``cpus``, read
    from ``/proc/stat``; None where that cannot be read (not Linux)."""
    try:
        with open("/proc/stat") as fh:
            lines = fh.readlines()
    except OSError:
        return None
    idle = 0
    for line in lines:
        name, _, rest = line.partition(" ")
        if not name.startswith("cpu") or name == "cpu":
            continue
        if not name[3:].isdigit() or int(name[3:]) not in cpus:
            continue
        fields = rest.split()
        if len(fields) < 5:
            return None
        idle += int(fields[3]) + int(fields[4])
    return idle / _CLOCK_TICKS


def available_threads(idle_cores, own_cores, most):
    """Threads to train on, from the last interval's ``idle_cores`` (cores'
    worth of idle time on the machine) and ``own_cores`` (cores' worth of
    CPU this process used): their sum rounded, between 1 and ``most``.

    Alone on the machine a fit uses its cores and leaves none idle (all
    ``most``); beside another busy process it gets about its share.

    >>> available_threads(0.05, 1.9, 2), available_threads(0.1, 1.0, 2)
    (2, 1)
    """
    return int(min(most, max(1, int(idle_cores + own_cores + 0.5))))


class ThreadShare(Callback):
    """Give cores back while other processes keep them busy.

    torch's OpenMP threads wait for each other at the end of every parallel
    operation, spinning: two processes that each train on every core stall
    each other far beyond their share (two digits fits at once took 6.2 s
    each against 1.4 s alone, ``docs/scaling.rst``). This callback, in a
    fit that runs in the main thread of a process that is not a worker,
    measures every ``interval`` seconds of training how much CPU the
    machine's cores left idle and how much this process used
    (:func:`available_threads`), and sets torch's threads to that (never
    above the count at the start of training, which is restored when
    training ends). Elsewhere (worker processes, threads, no
    ``/proc/stat``, torch already on one thread, or the environment
    variable ``SKDFS_THREAD_SHARE=0``) it does nothing.

    Parameters
    ----------
    interval : float, default=0.2
        Seconds of training between two measurements.
    """

    def __init__(self, interval=0.2):
        self.interval = interval

    def on_train_begin(self, net, **kwargs):
        self.start_threads_ = torch.get_num_threads()
        self.threads_ = self.start_threads_
        self.last_sample_ = None
        if (
            self.start_threads_ < 2
            or os.environ.get("SKDFS_THREAD_SHARE", "1") == "0"
            or not _in_main_thread()
            or _in_worker_process()
            or not hasattr(os, "sched_getaffinity")
        ):
            return
        self.cpus_ = os.sched_getaffinity(0)
        self.last_sample_ = self._sample()

    def _sample(self):
        idle = _idle_seconds(self.cpus_)
        if idle is None:
            return None
        return time.perf_counter(), time.process_time(), idle

    def on_batch_end(self, net, **kwargs):
        if self.last_sample_ is None or not kwargs.get("training", True):
            return
        wall0, own0, idle0 = self.last_sample_
        if time.perf_counter() - wall0 < self.interval:
            return
        now = self._sample()
        if now is None:
            self.last_sample_ = None
            return
        wall = now[0] - wall0
        threads = available_threads(
            (now[2] - idle0) / wall, (now[1] - own0) / wall, self.start_threads_
        )
        if threads != self.threads_:
            torch.set_num_threads(threads)
            self.threads_ = threads
        self.last_sample_ = now

    def on_train_end(self, net, **kwargs):
        if self.threads_ != self.start_threads_:
            torch.set_num_threads(self.start_threads_)
            self.threads_ = self.start_threads_
        self.last_sample_ = None


@contextlib.contextmanager
def sharing_steps(net):
    """Run a training loop of ``net`` outside skorch's own (the gate path)
    under the net's :class:`ThreadShare` callback (``"thread_share"``), as
    skorch's loop runs: yields the function to call after every step. Without
    that callback the function does nothing."""
    share = dict(getattr(net, "callbacks_", None) or []).get("thread_share")
    if share is None:
        yield lambda: None
        return
    share.on_train_begin(net)
    try:
        yield lambda: share.on_batch_end(net)
    finally:
        share.on_train_end(net)
