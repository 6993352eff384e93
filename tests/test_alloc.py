"""skdfs._alloc: glibc's malloc thresholds, set by the command, never by fit;
fit only lets glibc's own dynamic thresholds settle."""

import ctypes
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

import skdfs.cli
from skdfs import _alloc
from skdfs._alloc import keep_freed_memory


def _is_glibc():
    try:
        return (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")
    except (AttributeError, ValueError):
        return False


glibc_only = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and _is_glibc()),
    reason="needs Linux with glibc",
)


@pytest.fixture
def no_user_settings(monkeypatch):
    for name in (*_alloc.USER_SETTINGS, "GLIBC_TUNABLES"):
        monkeypatch.delenv(name, raising=False)


class FakeLibc:
    """A C library whose ``mallopt`` records its calls (or that has none)."""

    def __init__(self, largest_mmap=None):
        self.calls = []

        def mallopt(param, value):  # a function: ctypes sets argtypes on it
            self.calls.append((param, value))
            too_high = param == -3 and largest_mmap and value > largest_mmap
            return 0 if too_high else 1

        self.mallopt = mallopt


def fake_ctypes(libc):
    def cdll(name):
        if isinstance(libc, Exception):
            raise libc
        return libc

    return SimpleNamespace(CDLL=cdll, c_int=ctypes.c_int)


@glibc_only
def test_applies_on_glibc_and_again(no_user_settings):
    assert keep_freed_memory() is True
    assert keep_freed_memory() is True  # the same values once more


@glibc_only
def test_large_blocks_then_come_from_the_heap(no_user_settings):
    # Without it, glibc serves a block above 32 MiB (its largest dynamic mmap
    # threshold) with its own mmap; with it, from the heap.
    libc = ctypes.CDLL("libc.so.6")
    if not hasattr(libc, "mallinfo2"):
        pytest.skip("glibc < 2.33 has no mallinfo2")

    class Mallinfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in "arena ordblks smblks hblks hblkhd usmblks fsmblks "
            "uordblks fordblks keepcost".split()
        ]

    libc.mallinfo2.restype = Mallinfo2
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    assert keep_freed_memory()
    before = libc.mallinfo2().hblks
    block = libc.malloc(48 * 2**20)
    try:
        assert block
        assert libc.mallinfo2().hblks == before
    finally:
        libc.free(block)


def test_sets_both_thresholds(monkeypatch, no_user_settings):
    libc = FakeLibc()
    monkeypatch.setattr(_alloc.os, "confstr", lambda name: "glibc 2.36")
    monkeypatch.setattr(_alloc, "ctypes", fake_ctypes(libc))
    assert keep_freed_memory() is True
    assert libc.calls == [(-3, 256 * 2**20), (-1, 2**30)]


def test_old_glibc_gets_its_largest_mmap_threshold(monkeypatch, no_user_settings):
    libc = FakeLibc(largest_mmap=32 * 2**20)
    monkeypatch.setattr(_alloc.os, "confstr", lambda name: "glibc 2.17")
    monkeypatch.setattr(_alloc, "ctypes", fake_ctypes(libc))
    assert keep_freed_memory() is True
    assert libc.calls == [(-3, 256 * 2**20), (-3, 32 * 2**20), (-1, 2**30)]


@pytest.mark.parametrize(
    "confstr, libc",
    [
        ("glibc 2.36", SimpleNamespace()),  # a libc without mallopt
        ("glibc 2.36", OSError("libc.so.6: cannot open shared object file")),
        (None, FakeLibc()),  # musl: no GNU libc version
        (ValueError("unrecognized configuration name"), FakeLibc()),
    ],
)
def test_inert_without_glibc_mallopt(monkeypatch, no_user_settings, confstr, libc):
    def fake_confstr(name):
        if isinstance(confstr, Exception):
            raise confstr
        return confstr

    monkeypatch.setattr(_alloc.os, "confstr", fake_confstr)
    monkeypatch.setattr(_alloc, "ctypes", fake_ctypes(libc))
    assert keep_freed_memory() is False
    assert not getattr(libc, "calls", [])


@pytest.mark.parametrize(
    "name, value",
    [
        ("MALLOC_TRIM_THRESHOLD_", "131072"),
        ("MALLOC_MMAP_THRESHOLD_", "131072"),
        ("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=131072"),
    ],
)
def test_the_users_settings_win(monkeypatch, no_user_settings, name, value):
    libc = FakeLibc()
    monkeypatch.setenv(name, value)
    monkeypatch.setattr(_alloc.os, "confstr", lambda name: "glibc 2.36")
    monkeypatch.setattr(_alloc, "ctypes", fake_ctypes(libc))
    assert keep_freed_memory() is False
    assert libc.calls == []


def test_the_command_applies_it_first(monkeypatch, tmp_path):
    calls = []
    monkeypatch.setattr(skdfs.cli, "keep_freed_memory", lambda: calls.append(1))
    monkeypatch.chdir(tmp_path)
    assert skdfs.cli.main(["rank", "missing.csv", "--target", "y"]) == 2
    assert calls == [1]


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # a 1-epoch fit
def test_fit_leaves_the_process_alone(monkeypatch):
    # A library must not change its user's process: fit never calls it (a
    # call from anywhere, however imported, goes through _user_settings).
    from sklearn.datasets import make_classification

    from skdfs import DeepFeatureSelector

    calls = []
    monkeypatch.setattr(_alloc, "_user_settings", lambda env: calls.append(1))
    X, y = make_classification(60, 4, random_state=0)
    DeepFeatureSelector(
        n_estimators=2, max_epochs=1, hidden_layer_sizes=(4,), random_state=0
    ).fit(X, y)
    assert calls == []
    keep_freed_memory()  # the probe itself works
    assert calls == [1]


# ------------------------------------------------ the dynamic thresholds
SETTLE_ROUNDS = """
import ctypes, resource, sys
from skdfs import _alloc
libc = ctypes.CDLL("libc.so.6")
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.free.argtypes = [ctypes.c_void_p]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
if sys.argv[1] == "settle":
    assert _alloc.settle_dynamic_thresholds()
    assert not _alloc.settle_dynamic_thresholds()  # once per process
def step():  # four 8 MiB buffers, written, freed together: a training step
    blocks = [libc.malloc(8 << 20) for _ in range(4)]
    for b in blocks:
        libc.memset(b, 1, 8 << 20)
    for b in reversed(blocks):
        libc.free(b)
step()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    step()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@glibc_only
def test_settled_thresholds_keep_a_steps_buffers(no_user_settings):
    # In a fresh process: without settling, glibc gives the freed 32 MiB at
    # the top of its heap back and faults it in again every step (about
    # 8,000 faults a step, seen); after it, the next steps reuse it.
    def faults(mode):
        out = subprocess.run(
            [sys.executable, "-c", SETTLE_ROUNDS, mode],
            capture_output=True,
            text=True,
            check=True,
            env={k: v for k, v in os.environ.items() if k != "GLIBC_TUNABLES"},
        )
        return int(out.stdout)

    assert faults("plain") > 10 * 2048  # at least a quarter of the pages, 10 steps
    assert faults("settle") < 1000


def test_settling_is_inert_off_glibc(monkeypatch):
    monkeypatch.setattr(_alloc, "_settled", False)
    monkeypatch.setattr(_alloc.os, "confstr", lambda name: None)  # musl
    assert _alloc.settle_dynamic_thresholds() is False
    assert _alloc.settle_dynamic_thresholds() is False


@pytest.mark.filterwarnings("ignore::skdfs.LowSignalWarning")  # a 1-epoch fit
def test_fit_settles_the_thresholds_once(monkeypatch):
    from sklearn.datasets import make_classification

    from skdfs import DeepFeatureSelector

    monkeypatch.setattr(_alloc, "_settled", False)
    X, y = make_classification(60, 4, random_state=0)
    DeepFeatureSelector(
        n_estimators=2, max_epochs=1, hidden_layer_sizes=(4,), random_state=0
    ).fit(X, y)
    assert _alloc._settled is True
