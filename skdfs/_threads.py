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
* **One group** (``n_jobs=1``) leaves torch's threads alone.

Inside a joblib worker of an outer parallel call (``GridSearchCV(n_jobs=k)``,
``cross_validate``) joblib itself has started the worker with its share of
the cores (``OMP_NUM_THREADS=cpu_count() // k``) and the selector, at
``n_jobs=None``, trains one group there.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading

import torch
from joblib import cpu_count
from joblib.parallel import get_active_backend

__all__ = ["caller_limits", "group_share", "group_threads"]


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
