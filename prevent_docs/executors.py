"""Executors: run one function over many files, in local worker processes or on a Dask cluster.

Reading a file is a pure function of its bytes, so a batch is a map: `LocalExecutor` runs
it in a pool of processes on this machine, `DaskExecutor` on the workers of a Dask
distributed cluster (an existing one at `--scheduler ADDRESS`, or a `LocalCluster` it
starts). Both give each item's value, or `CRASHED` where the process reading it died
because of it, and both stop between items when the batch's stop request is set.

Why processes, even for one job: a file that kills the process reading it (a reader crash,
the out-of-memory killer) must not stop the batch, and only a death the batch sees, of a
worker it did not stop, says which file did it. Locally, the files a dead worker had in
hand are read again one process each, so the file that killed it fails alone. On Dask the
scheduler does the same: a task whose worker died is run again elsewhere, and a file that
kills `distributed.scheduler.allowed-failures` + 1 workers (3 + 1 by default) is `CRASHED`.
A user's Ctrl-C or `kill` is never blamed on a file: local workers ignore both and the
batch stops them; they exit when the batch's process dies, even by `kill -9`.

Dask is an optional extra (`pip install prevent-docs[distributed]`), imported only when asked for.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import ctypes
import ctypes.util
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from typing import Any, Callable, Iterable, Iterator

from prevent_docs.errors import PreventDocsError

#: How often a waiting batch looks for a stop request, and a worker for its parent (seconds).
POLL_SECONDS = 0.2
WATCHDOG_SECONDS = 1.0
#: Signals a user stops a batch with: Ctrl-C, and `kill`'s default.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
EXECUTORS = ("local", "dask")
INSTALL_DASK = "pip install 'prevent-docs[distributed]'"


class Crashed:
    """The value of an item whose worker process died reading it."""

    def __repr__(self) -> str:
        return "CRASHED"


CRASHED = Crashed()


class ExecutorUnavailable(PreventDocsError):
    """The executor asked for cannot be used: Dask not installed, its scheduler not reachable."""


class ExecutorFailed(PreventDocsError):
    """The executor could not run the work at all (the workers cannot import prevent-docs, say)."""


def make(name: str, *, jobs: int = 1, scheduler: str | None = None, check: Callable[[], Any] | None = None):
    """The executor called `name` ("local" or "dask"), to be used as a context manager.

    `check` is run once on each Dask worker before any item, so a cluster whose workers
    cannot run the work fails at once, with one message, rather than on every item.
    """
    if name == "dask":
        _import_dask()
        return DaskExecutor(jobs=jobs, scheduler=scheduler, check=check)
    if scheduler:
        raise ExecutorUnavailable("--scheduler needs --executor dask")
    return LocalExecutor(jobs=jobs)


# --- Local: a pool of processes on this machine -----------------------------------------------

class LocalExecutor:
    """`jobs` worker processes; values come in the items' order.

    Each worker has one item in hand and one queued behind it (`QUEUED`), so it starts its
    next item at once instead of waiting while this process writes the last value; at most
    `HELD` x `jobs` items are held at once, so an early value waits for the ones before it
    (a long file ahead of short ones) at little cost in memory. When a worker dies, the items
    it may have died on are those sent out without a value: each is read again alone.
    """

    QUEUED = 2
    HELD = 8

    def __init__(self, *, jobs: int = 1):
        self.jobs = jobs

    @property
    def workers(self) -> int:
        return self.jobs

    @property
    def forks(self) -> bool:
        """Whether workers start as forks of this process, holding whatever it has loaded."""
        return multiprocessing.get_start_method() == "fork"

    def __enter__(self) -> "LocalExecutor":
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, fn: Callable[[Any], Any], items: Iterable, *, stop, ordered: bool = True) -> Iterator[tuple[Any, Any]]:
        """(item, value) for each item, in order (`ordered` is always so here), until stopped."""
        pending = collections.deque(items)
        while pending and not stop.signal_name:
            in_hand = yield from self._run_pool(fn, pending, stop)
            yield from self._read_suspects(fn, in_hand, stop)

    def _run_pool(self, fn, pending: collections.deque, stop):
        """Feed `pending` to one pool until done, stopped, or a worker dies, yielding values in order.

        Returns, in order, the items in hand when a worker died, each with its value or
        None where that worker may have died on it. When stopped, the values already read
        are yielded (the items not read are the next run's).
        """
        running: dict[concurrent.futures.Future, list] = {}
        in_hand: collections.deque[list] = collections.deque()  # [item, value or None], in order
        died = False
        with self._pool(self.jobs, running) as pool:
            while (pending or running) and not stop.signal_name and not died:
                while pending and len(running) < self.QUEUED * self.jobs and len(in_hand) < self.HELD * self.jobs \
                        and not died:
                    entry = [pending.popleft(), None]
                    in_hand.append(entry)
                    try:
                        running[pool.submit(fn, entry[0])] = entry
                    except concurrent.futures.process.BrokenProcessPool:  # a worker died since the last look
                        died = True
                done, _ = concurrent.futures.wait(running, timeout=POLL_SECONDS,
                                                  return_when=concurrent.futures.FIRST_COMPLETED)
                for future in done:
                    entry = running.pop(future)
                    try:
                        entry[1] = future.result()
                    except concurrent.futures.process.BrokenProcessPool:
                        died = True
                while in_hand and in_hand[0][1] is not None:
                    yield tuple(in_hand.popleft())
            if stop.signal_name:
                for item, value in in_hand:
                    if value is not None:
                        yield item, value
                return []
        return [tuple(entry) for entry in in_hand]

    def _read_suspects(self, fn, in_hand: list[tuple], stop):
        """The items in hand when a worker died, in order: each one without a value is run
        again in a process of its own, where a death is that item's alone."""
        for item, value in in_hand:
            if stop.signal_name:
                return
            if value is None:
                value = self._run_alone(fn, item, stop)
            if value is not None:
                yield item, value

    def _run_alone(self, fn, item, stop):
        """`fn(item)` in a worker of its own: its value, CRASHED if the worker died, None if stopped."""
        running: dict = {}
        with self._pool(1, running) as pool:
            future = pool.submit(fn, item)
            running[future] = item
            while not future.done():
                if stop.signal_name:
                    return None
                concurrent.futures.wait([future], timeout=POLL_SECONDS)
            running.clear()
            try:
                return future.result()
            except concurrent.futures.process.BrokenProcessPool:
                return None if stop.signal_name else CRASHED

    @contextlib.contextmanager
    def _pool(self, workers: int, running: dict) -> Iterator[concurrent.futures.ProcessPoolExecutor]:
        """A pool of processes, killed rather than awaited if items are still `running` at the end.

        A worker may be minutes into one file; after a stop request or a worker's death
        nothing it would return is used, so it is not waited for.
        """
        pool = concurrent.futures.ProcessPoolExecutor(max_workers=workers, initializer=_worker_start,
                                                      initargs=(os.getpid(),))
        try:
            yield pool
        finally:
            if running:
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    with contextlib.suppress(OSError):
                        process.kill()
            pool.shutdown(wait=True, cancel_futures=True)


def _worker_start(parent_pid: int) -> None:
    """Local worker initializer: leave the user's signals to the parent, and die with it.

    The parent decides what a Ctrl-C or SIGTERM means and stops its workers itself. A
    parent killed outright (`kill -9`) cannot, so on Linux the kernel sends the worker
    SIGKILL when its parent dies (PR_SET_PDEATHSIG), and everywhere a watchdog thread
    exits the worker once its parent is gone.
    """
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    _set_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before the death signal was set
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="parent-watchdog").start()


PR_SET_PDEATHSIG = 1


def _set_parent_death_signal() -> None:
    """Ask Linux to SIGKILL this process when its parent dies; nothing elsewhere."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_parent(parent_pid: int) -> None:
    """Exit the worker once its parent is gone (it is then adopted by another process)."""
    while os.getppid() == parent_pid:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


# --- Dask: the workers of a distributed cluster -----------------------------------------------

class DaskExecutor:
    """The workers of the Dask cluster at `scheduler`, or of a `LocalCluster` of `jobs` processes.

    Items and values travel through Dask, so both must be small or picklable, and the
    workers must be able to import prevent-docs (and read the files named). Each worker
    runs tasks in threads, one at a time with the local cluster (`threads_per_worker=1`).
    """

    def __init__(self, *, jobs: int = 1, scheduler: str | None = None, check: Callable[[], Any] | None = None):
        self.jobs = jobs
        self.scheduler = scheduler
        self.check = check
        self.client = None
        self.cluster = None

    def __enter__(self) -> "DaskExecutor":
        Client, LocalCluster = _import_dask()
        try:
            if self.scheduler:
                self.client = Client(self.scheduler, timeout=30)
            else:
                with _user_signals_ignored():  # a Ctrl-C is this process's to handle, not the workers'
                    self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                                host="127.0.0.1", dashboard_address=None,
                                                silence_logs=logging.ERROR)
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as e:
            self.__exit__()
            where = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a local Dask cluster"
            raise ExecutorUnavailable(f"cannot reach {where}: {e}") from e
        if self.check:
            try:
                self.client.run(self.check)
            except Exception as e:
                self.__exit__()
                raise ExecutorFailed(f"the Dask workers cannot run prevent-docs ({type(e).__name__}: {e}): "
                                     f"each worker needs the package and its model installed") from e
        return self

    def __exit__(self, *exc) -> None:
        for resource in (self.client, self.cluster):
            if resource is not None:
                with contextlib.suppress(Exception):
                    resource.close()
        self.client = self.cluster = None

    @property
    def workers(self) -> int:
        """Threads across the cluster's workers (at least 1)."""
        workers = self.client.scheduler_info().get("workers", {}) if self.client else {}
        return max(1, sum(worker.get("nthreads", 1) for worker in workers.values()))

    def map(self, fn: Callable[[Any], Any], items: Iterable, *, stop, ordered: bool = True) -> Iterator[tuple[Any, Any]]:
        """(item, value) for each item until stopped: in order (at most 2 per worker thread held
        ahead), or as they finish with every item submitted at once."""
        items = list(items)
        window = 2 * self.workers if ordered else len(items)
        running: dict = {}  # future to index
        values: dict[int, Any] = {}
        submitted = delivered = 0
        try:
            while delivered < len(items) and not stop.signal_name:
                while submitted < len(items) and submitted - delivered < window:
                    running[self.client.submit(fn, items[submitted], pure=False, retries=0)] = submitted
                    submitted += 1
                for future in _first_done(list(running)):
                    values[running.pop(future)] = self._value(future)
                if ordered:
                    while delivered in values:
                        yield items[delivered], values.pop(delivered)
                        delivered += 1
                else:
                    for index in list(values):
                        yield items[index], values.pop(index)
                        delivered += 1
            if stop.signal_name:  # keep what was read; the items not read are the next run's
                for index in sorted(values):
                    yield items[index], values[index]
        finally:
            if running:
                self.client.cancel(list(running), force=True)

    @staticmethod
    def _value(future) -> Any:
        """A finished task's value; CRASHED where the file killed worker after worker."""
        from dask.distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker:
            return CRASHED
        except Exception as e:
            raise ExecutorFailed(f"a Dask worker failed to run prevent-docs ({type(e).__name__}: {e}): "
                                 f"each worker needs the package and its model installed") from e


@contextlib.contextmanager
def _user_signals_ignored() -> Iterator[None]:
    """Ignore SIGINT and SIGTERM while processes are started, which keep them ignored.

    A Ctrl-C reaches every process of the terminal's group: the local cluster's processes
    must leave it to the batch, which stops and then closes the cluster itself, as local
    workers do (`_worker_start`). Only the main thread can change signal handlers.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _import_dask():
    """Dask's Client and LocalCluster, or ExecutorUnavailable saying how to install them."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as e:
        raise ExecutorUnavailable(f"--executor dask needs Dask distributed ({e}): {INSTALL_DASK}") from e
    return Client, LocalCluster


def _first_done(futures: list) -> list:
    """The futures done, waiting at most POLL_SECONDS for the first (Dask's `wait` raises on a time-out)."""
    from dask.distributed import wait

    if not futures:
        return []
    try:
        return list(wait(futures, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED").done)
    except TimeoutError:
        return []
