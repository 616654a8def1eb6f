"""The ingest pipeline: find files, read, extract and store them, in parallel if asked.

Each file is read and extracted in a worker process (`jobs` of them) and written by this
process, one transaction per document, so a crash or kill loses at most the document
being written. Files are hashed up front but read again by the worker, so a batch of any
size never holds more than the files in hand in memory. Documents are written in the order
the files were found, whatever `jobs` is, so two ingests of the same files give the same
database row for row: a file read early waits, with at most `jobs` others, for the files
before it (`_run_pool`).

Why a worker, even for one job: a file that kills the process reading it (a reader crash,
the out-of-memory killer) must not stop every later ingest at the same place, and only a
death this process sees, of a worker it did not stop, says which file did it. The files a
dead worker had in hand are read again one process each, so the file that killed it fails
alone; it is recorded as `crashed` and skipped until `--force`. A user's Ctrl-C or `kill`
(SIGINT or SIGTERM, to this process or its group) is never blamed on a file: workers
ignore both, and this process stops them, keeps what it stored and reports it. Workers
exit when this process dies, even by `kill -9` (`_worker_start`).

Scanned pages are read by OCR (`--ocr`), their results cached beside the database
(`<db>-ocr/`, see `ocr_cache_dir`). Time spent in OCR is not counted against `--timeout`:
each OCR'd page has its own time limit instead. Pages of one file are OCR'd `jobs` at a
time when the batch has fewer files than workers, so workers and pages never oversubscribe.

A file is known by the sha256 of its bytes: an unchanged file is skipped, a moved one has
its path updated, a second copy of a stored file is a duplicate, a changed one replaces
its old records, and the user's decisions about them are carried over to the new
version's records that match (`store.carry_decisions`). Unchanged files are recognised
without hashing when their path, size and modification time match. Paths are stored
absolute, so the originals can be found from any folder, and stored and printed as
`errors.printable` text, so a name that is not UTF-8 or holds a newline is stored safely
and printed on one line.
"""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import extractors
from extractors import EXTRACTOR_VERSION, extract
from extractors.errors import UnreadableDocument
from extractors.readers import SUFFIXES, OcrSettings, read_document, sha256_of
from prevent_docs import store, tracking
from prevent_docs.errors import NoDocuments, printable
from prevent_docs.fetch.manifest import source_for
from schemas.records import DocumentRow, Extraction

AUTHORITIES_CSV = Path(extractors.__file__).parent / "data" / "authorities.csv"
#: Default guards per document: enough for any board pack, small enough to stop a bomb.
DEFAULT_MAX_PAGES = 2000
DEFAULT_TIMEOUT = 300.0
#: Files larger than this are refused before they are read.
MAX_FILE_BYTES = 512 * 1024 * 1024
#: How often a waiting ingest looks for a stop request, and a worker for its parent (seconds).
POLL_SECONDS = 0.2
WATCHDOG_SECONDS = 1.0


@dataclass
class FileResult:
    """What happened to one file."""

    path: str
    outcome: str  # new, updated, unchanged, moved, duplicate, failed
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    message: str | None = None
    #: Records of the file's previous version whose user decisions were carried over, and
    #: those (old id, type, text, decisions) whose decisions could not be: no new record matches.
    carried: int = 0
    not_carried: list[dict] = field(default_factory=list)


@dataclass
class IngestReport:
    """The summary `ingest` prints at the end."""

    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    duplicate: int = 0
    failed: int = 0
    pages: int = 0
    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    errors: list[FileResult] = field(default_factory=list)
    #: Files in walked folders that are not of a format read here, and folders that could not be listed.
    skipped: list[str] = field(default_factory=list)
    unreadable_folders: list[str] = field(default_factory=list)
    #: Documents removed by `prune` because their files are gone.
    pruned: list[str] = field(default_factory=list)
    #: The signal that stopped the ingest early ("SIGINT", "SIGTERM"), if one did.
    stopped_by: str | None = None
    #: Records of changed files whose user decisions were carried over to the new version, and
    #: those whose decisions could not be (each with its file's path): see `FileResult`.
    carried: int = 0
    not_carried: list[dict] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        self.pages += result.pages
        self.carried += result.carried
        self.not_carried += [{**record, "path": result.path} for record in result.not_carried]
        for name, count in result.counts.items():
            self.records[name] = self.records.get(name, 0) + count
        if result.outcome == "failed":
            self.errors.append(result)

    @property
    def stored(self) -> int:
        """Documents written by this ingest."""
        return self.new + self.updated


#: Files that describe a folder rather than being papers in it; skipped when walking folders.
FOLDER_NOTES = ("readme", "sources", "license", "licence", "changelog", "contributing", "manifest")


@dataclass
class Walk:
    """What walking the paths found: papers to read, files of other formats, folders not listed."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    unreadable_folders: list[Path] = field(default_factory=list)


def walk(paths: list[Path]) -> Walk:
    """Files named directly, plus every paper with a known suffix below named folders, sorted.

    Walking a folder passes over hidden files and its own notes (README, SOURCES, LICENSE
    ...) silently, and lists the files of other formats (.doc, .xlsx ...) and the folders
    it could not open as `skipped` and `unreadable_folders`, so none goes missing unsaid.
    A file named on the command line is always read.
    """
    found = Walk()
    for path in map(_absolute, paths):
        if not path.is_dir():
            found.files.append(path)
            continue
        below: list[Path] = []
        on_error = lambda e: found.unreadable_folders.append(Path(e.filename))  # noqa: E731
        for folder, _, names in os.walk(path, onerror=on_error):
            below.extend(Path(folder, name) for name in names)
        for file in sorted(below):
            if not file.is_file() or file.name.startswith(".") or file.stem.lower() in FOLDER_NOTES:
                continue
            (found.files if file.suffix.lower() in SUFFIXES else found.skipped).append(file)
    return found


def _absolute(path: Path | str) -> Path:
    """`path` from the root, as this process sees it (without following links)."""
    return Path(os.path.abspath(path))


def find_files(paths: list[Path]) -> list[Path]:
    """The papers `walk` finds under `paths`."""
    return walk(paths).files


class DocumentTimeout(UnreadableDocument):
    """Reading and extracting one document took longer than the timeout."""

    error = "timeout"


@dataclass
class _Deadline:
    """Whether a time limit has passed, and what to say about it."""

    expired: bool = False
    message: str = ""


@contextlib.contextmanager
def _time_limit(seconds: float | None, name: str) -> Iterator[_Deadline]:
    """Raise DocumentTimeout after `seconds` (Unix, main thread only; otherwise unlimited).

    The alarm's exception is raised wherever the code is, and inside a ctypes call it comes
    out wrapped (`ctypes.ArgumentError: argument 1: DocumentTimeout ...`, seen reading a
    PDF bomb with pypdfium2), so the deadline is also recorded for the caller to check.
    """
    deadline = _Deadline(message=f"{name}: took longer than {seconds:g} seconds (--timeout)" if seconds else "")
    usable = seconds and hasattr(signal, "setitimer") and _in_main_thread()
    if not usable:
        yield deadline
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        deadline.expired = True
        raise DocumentTimeout(deadline.message)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def ocr_cache_dir(db_path: Path) -> Path:
    """Where OCR results are cached: a folder beside the database (`prevent.db-ocr/`).

    Beside the database rather than in a user cache folder, because it holds what that
    database was read from: it goes when the data folder goes, needs no home folder (CI,
    services), and one database's scans never fill another's cache.
    """
    return db_path.with_name(db_path.name + "-ocr")


def _allow_ocr_time(seconds: float) -> None:
    """Give the running time limit back the seconds OCR took (each page has its own limit)."""
    if _in_main_thread() and hasattr(signal, "getitimer"):
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining + seconds)


def read_and_extract(path: str, data: bytes | None = None, *, max_pages: int, timeout: float | None,
                     ingested_at: str, ocr: OcrSettings | None = None) -> Extraction | tuple[str, str]:
    """Worker: a file (its bytes, read here if not given) to an Extraction, or (error,
    message) when it cannot be read. The document keeps the file's `printable` path."""
    name = printable(Path(path).name)
    try:
        if data is None:
            data = Path(path).read_bytes()
    except OSError as e:
        return "unreadable", f"{name}: cannot open ({e.strerror or e})"
    deadline = _Deadline()
    try:
        with _time_limit(timeout, name) as deadline:
            settings = dataclasses.replace(ocr or OcrSettings(), on_seconds=_allow_ocr_time)
            document = read_document(Path(printable(path)), data, max_pages=max_pages, ocr=settings)
            return extract(document, ingested_at=ingested_at)
    except UnreadableDocument as e:
        if deadline.expired:  # the timeout, re-worded by a codec it interrupted
            return DocumentTimeout.error, deadline.message
        return e.error, printable(str(e))
    except RecursionError as e:
        return "unreadable", f"{name}: structure nested too deeply to read ({e})"
    except MemoryError:
        return "too_large", f"{name}: ran out of memory reading the file"
    except Exception as e:  # a reader library's own bug must not stop the batch
        if deadline.expired:  # the timeout, wrapped by the library it interrupted
            return DocumentTimeout.error, deadline.message
        return "reader_error", printable(f"{name}: {type(e).__name__}: {e}")


# --- Stopping: the user's signals stop the batch; the parent's death stops the workers -------

@dataclass
class _Stop:
    """Whether the user asked the ingest to stop, and by which signal."""

    signal_name: str | None = None


#: Signals a user stops an ingest with: Ctrl-C, and `kill`'s default.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def _stop_on_signals(stop: _Stop) -> Iterator[_Stop]:
    """Turn the first SIGINT or SIGTERM into a stop request; a second one stops at once.

    The batch looks at the request between files and while it waits for a worker, so it
    stops without blaming the file in hand. Only the main thread can handle signals;
    elsewhere the caller's own handling applies.
    """
    if not _in_main_thread():
        yield stop
        return

    def on_signal(signum, frame):  # noqa: ARG001
        if stop.signal_name:
            raise KeyboardInterrupt
        stop.signal_name = signal.Signals(signum).name

    previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
    try:
        yield stop
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _worker_start(parent_pid: int) -> None:
    """Worker initializer: leave the user's signals to the parent, die with it, warm up.

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
    _warm_up()


#: A short paper read by each worker before its first file: every model, register and pattern
#: the extractors load on first use is loaded then, so a file's time limit is spent on that file.
WARM_UP_PAPER = (b"Prevent duty update\n\nReport of the Head of Community Safety, Leicester City Council, "
                 b"1 April 2020\n\n1. Recommendation: the Council reviews its Prevent training by March 2021, "
                 b"led by Jane Smith, Prevent Coordinator. 85% of staff were trained.\n")


def _warm_up() -> None:
    """Read WARM_UP_PAPER; a failure here is left for the file that meets it to report."""
    with contextlib.suppress(Exception):
        extract(read_document(Path("warm-up.txt"), WARM_UP_PAPER), ingested_at=store.now())


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


@contextlib.contextmanager
def _worker_pool(workers: int, running: dict) -> Iterator[concurrent.futures.ProcessPoolExecutor]:
    """A pool of reading processes, killed rather than awaited if files are still `running` at the end.

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


# --- The batch ---------------------------------------------------------------------------

@dataclass
class _Job:
    """A file to read: its path as the file system has it, as stored, its hash and stat."""

    path: str
    name: str
    sha: str
    outcome: str  # new or updated
    stat: os.stat_result
    replaces: str | None = None  # the id of the document the file held before it changed


def ingest(paths: list[Path], db_path: Path, *, jobs: int = 1, force: bool = False, prune: bool = False,
           max_pages: int = DEFAULT_MAX_PAGES, timeout: float | None = DEFAULT_TIMEOUT, ocr: str = "auto",
           on_result: Callable[[FileResult], None] | None = None,
           on_start: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest files and folders into the database at `db_path`.

    `on_start(total)` is called once the files are found and `on_result(result)` after each
    file, so a caller can show progress; nothing here prints. With `prune`, documents whose
    files were below `paths` and are gone are removed. A SIGINT or SIGTERM stops the batch
    between files: the report says so (`stopped_by`) and holds what was stored.
    """
    started = time.perf_counter()
    with _stop_on_signals(_Stop()) as stop:
        report = _ingest(paths, db_path, jobs=jobs, force=force, prune=prune, stop=stop,
                         kwargs={"max_pages": max_pages, "timeout": timeout, "ingested_at": store.now(),
                                 "ocr": OcrSettings(mode=ocr, cache_dir=ocr_cache_dir(Path(db_path)))},
                         on_result=on_result, on_start=on_start)
    report.seconds = time.perf_counter() - started
    return report


def _ingest(paths, db_path, *, jobs, force, prune, stop, kwargs, on_result, on_start) -> IngestReport:
    found = walk(paths)
    if not found.files:
        raise NoDocuments("no files to ingest under " + ", ".join(printable(p) for p in paths))
    db = store.open_db(db_path)
    try:
        if not db["authorities"].count:
            store.load_authorities(db, AUTHORITIES_CSV)
        report = IngestReport(seen=len(found.files), skipped=[printable(p) for p in found.skipped],
                              unreadable_folders=[printable(p) for p in found.unreadable_folders])
        if on_start:
            on_start(len(found.files))

        def finish(result: FileResult) -> None:
            report.add(result)
            if on_result:
                on_result(result)

        todo = _triage_all(db, found.files, force=force, stop=stop, finish=finish)
        _run(db, todo, jobs=jobs, kwargs=kwargs, stop=stop, finish=finish)
        report.stopped_by = stop.signal_name
        if report.stopped_by:
            return report  # lineage and status follow at the next ingest or `track`
        if prune:
            report.pruned = _prune(db, paths, {printable(p) for p in found.files})
        tracking.track(db)  # lineage and status span documents, so they follow every ingest
        return report
    finally:
        db.close()


def _triage_all(db, files: list[Path], *, force: bool, stop: _Stop, finish) -> list[_Job]:
    """Settle every file that needs no reading (unchanged, moved, duplicate, failed); return the rest."""
    known = store.known_documents(db)
    # Databases written before paths were stored absolute hold them as given to that ingest.
    by_path = {printable(_absolute(row["path"])): row for row in known.values()}
    crashed = {path: (sha, detail) for path, (sha, error, detail) in store.interrupted_files(db).items()
               if error == "crashed"}
    claimed: dict[str, str] = {}  # sha256 to the path that has it in this run
    todo = []
    for path in files:
        if stop.signal_name:
            break
        result, job = _triage(db, path, known, by_path, crashed, claimed, force=force)
        if result:
            finish(result)
        if job:
            todo.append(job)
    return todo


def _triage(db, path: Path, known, by_path, crashed, claimed, *, force: bool):
    """Decide what a file needs: (a finished result, or a job for a worker)."""
    name = printable(path)
    try:
        stat = path.stat()
        previous = by_path.get(name)
        if (not force and previous and previous["file_size"] == stat.st_size
                and previous["file_mtime"] == stat.st_mtime
                and previous["extractor_version"] == EXTRACTOR_VERSION):
            claimed.setdefault(previous["id"], name)
            if previous["path"] != name:  # stored relative by an older version
                store.move_document(db, previous["id"], name, printable(path.name))
            return FileResult(name, "unchanged"), None
        if stat.st_size > MAX_FILE_BYTES:
            raise UnreadableDocument(f"{printable(path.name)}: {stat.st_size} bytes, larger than {MAX_FILE_BYTES}")
        data = path.read_bytes()
    except (OSError, UnreadableDocument) as e:
        error = e.error if isinstance(e, UnreadableDocument) else "unreadable"
        message = str(e) if isinstance(e, UnreadableDocument) else f"{printable(path.name)}: cannot open ({e.strerror or e})"
        store.record_error(db, path=name, sha256=None, error=error, detail=message)
        return FileResult(name, "failed", error=error, message=message), None
    sha = sha256_of(data)
    if claimed.get(sha, name) != name:
        return FileResult(name, "duplicate", message=f"the same bytes as {claimed[sha]}"), None
    claimed[sha] = name
    stored = known.get(sha)
    if stored and not force and stored["extractor_version"] == EXTRACTOR_VERSION:
        return _known_file(db, path, stat, stored, by_path), None
    if not force and crashed.get(name, (None,))[0] == sha:
        return FileResult(name, "failed", error="crashed", message=crashed[name][1]), None
    outcome = "updated" if (stored or name in by_path) else "new"
    return None, _Job(str(path), name, sha, outcome, stat, replaces=by_path[name]["id"] if name in by_path else None)


def _known_file(db, path: Path, stat: os.stat_result, stored, by_path) -> FileResult:
    """A file whose bytes are stored already: unchanged, moved, or a copy of a file still in place."""
    name = printable(path)
    if printable(_absolute(stored["path"])) != name:
        if _still_in_place(stored):
            return FileResult(name, "duplicate", message=f"the same bytes as {stored['path']}")
        store.move_document(db, stored["id"], name, printable(path.name))
        by_path[name] = {**stored, "path": name}
        outcome = "moved"
    else:
        outcome = "unchanged"
    with store.write_transaction(db):
        db["documents"].update(stored["id"], {"path": name, "file_size": stat.st_size, "file_mtime": stat.st_mtime})
    return FileResult(name, outcome)


def _still_in_place(stored) -> bool:
    """Whether the file a document was stored from is still where it was, as it was."""
    try:
        stat = Path(stored["path"]).stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime) == (stored["file_size"], stored["file_mtime"])


def _run(db, todo: list[_Job], *, jobs: int, kwargs: dict, stop: _Stop, finish) -> None:
    """Read and extract the jobs in worker processes, writing each result as it comes.

    At most `jobs` files are in the workers' hands at once, so when a worker dies the
    files it may have died on are known: each is read again alone (`_read_suspects`).
    """
    pending = collections.deque(todo)
    page_jobs = max(1, jobs // max(1, min(jobs, len(todo))))  # pages in parallel where files are fewer than workers
    kwargs = {**kwargs, "ocr": dataclasses.replace(kwargs["ocr"], jobs=page_jobs)} if kwargs.get("ocr") else kwargs
    while pending and not stop.signal_name:
        in_hand = _run_pool(db, pending, jobs=jobs, kwargs=kwargs, stop=stop, finish=finish)
        _read_suspects(db, in_hand, kwargs=kwargs, stop=stop, finish=finish)


def _run_pool(db, pending: collections.deque, *, jobs: int, kwargs: dict, stop: _Stop, finish) -> list[tuple]:
    """Feed `pending` to one pool until done, stopped, or a worker dies, writing results in `pending`'s order.

    A result that comes before those of earlier files is held until they are written; at
    most 2 x `jobs` files are in hand (read or being read), so the order costs little
    memory. Returns, in order, the files in hand when a worker died, each with its result
    or None where that worker may have died on it.
    """
    running: dict[concurrent.futures.Future, _Job] = {}
    in_hand: collections.deque[list] = collections.deque()  # [job, result or None], in write order
    died = False
    with _worker_pool(jobs, running) as pool:
        while (pending or running) and not stop.signal_name and not died:
            while pending and len(running) < jobs and len(in_hand) < 2 * jobs:
                entry = [pending.popleft(), None]
                in_hand.append(entry)
                running[pool.submit(read_and_extract, entry[0].path, **kwargs)] = entry
            done, _ = concurrent.futures.wait(running, timeout=POLL_SECONDS,
                                              return_when=concurrent.futures.FIRST_COMPLETED)
            for future in done:
                entry = running.pop(future)
                try:
                    entry[1] = future.result()
                except concurrent.futures.process.BrokenProcessPool:
                    died = True
            while in_hand and in_hand[0][1] is not None:
                _write(db, *in_hand.popleft(), finish)
    if stop.signal_name:  # keep what was read; the files not read are the next run's
        for job, value in in_hand:
            if value is not None:
                _write(db, job, value, finish)
        return []
    return [tuple(entry) for entry in in_hand]


def _read_suspects(db, in_hand: list[tuple], *, kwargs: dict, stop: _Stop, finish) -> None:
    """Write the files in hand when a worker died, in order: each one without a result is read
    again in a process of its own, where a death fails that file alone."""
    for job, value in in_hand:
        if stop.signal_name:
            return
        if value is None:
            value = _read_alone(job, kwargs, stop)
        if value is not None:
            _write(db, job, value, finish)


def _read_alone(job: _Job, kwargs: dict, stop: _Stop) -> Extraction | tuple[str, str] | None:
    """`read_and_extract` in a worker of its own: its value, `crashed` if the worker died, None if stopped."""
    running = {}
    with _worker_pool(1, running) as pool:
        future = pool.submit(read_and_extract, job.path, **kwargs)
        running[future] = job
        while not future.done():
            if stop.signal_name:
                return None
            concurrent.futures.wait([future], timeout=POLL_SECONDS)
        running.clear()
        try:
            return future.result()
        except concurrent.futures.process.BrokenProcessPool:
            if stop.signal_name:
                return None
            return "crashed", (f"{printable(Path(job.path).name)}: the reader process died while reading this file "
                               f"(a reader crash, or out of memory), so it is skipped: "
                               f"`prevent-docs ingest --force` tries it again")


def _write(db, job: _Job, value: Extraction | tuple[str, str], finish) -> None:
    """Store one file's extraction, or its error row."""
    if isinstance(value, tuple):
        error, message = value
        store.record_error(db, path=job.name, sha256=job.sha, error=error, detail=message)
        finish(FileResult(job.name, "failed", error=error, message=message))
        return
    value.document.file_size = job.stat.st_size
    value.document.file_mtime = job.stat.st_mtime
    _add_source(value.document, job.path)
    versions = store.write_extraction(db, value, replaces=job.replaces)
    not_carried = [{"record_id": row["old_id"], "record_type": row["record_type"], "text": row["text"],
                    "decisions": row["decisions"]} for row in versions if row["decisions"] and not row["new_id"]]
    finish(FileResult(job.name, job.outcome, pages=value.document.pages, counts=value.counts(),
                      carried=sum(1 for row in versions if row["decisions"] and row["new_id"]),
                      not_carried=not_carried))


def _add_source(document: DocumentRow, path: str) -> None:
    """What `fetch`'s manifest beside a file says of it: where it was published (source URL,
    committee, meeting date), and its council, body and date where the paper does not say."""
    row = source_for(path)
    if row is None:
        return
    document.source_url, document.committee, document.meeting_date = row.source_url, row.committee, row.meeting_date
    if not (document.authority_code or document.authority_name):
        document.authority_code, document.authority_name = row.gss_code or None, row.council or None
    document.body = document.body or row.committee or None
    document.date = document.date or row.meeting_date or None


def _prune(db, paths: list[Path], found: set[str]) -> list[str]:
    """Remove the documents (and error rows) of files below `paths` that are gone; return their paths.

    Only paths below the ones given are looked at, and only where no file was found, so
    an ingest of one folder never prunes another's documents, nor a file this walk found.
    """
    roots = [path.resolve() for path in paths]
    gone = []
    for table, key in (("documents", "id"), ("ingest_errors", "path")):
        for row in db.query(f"select {key} as key, path from [{table}] order by path"):
            if row["path"] in found or Path(row["path"]).exists() or not _below(row["path"], roots):
                continue
            if table == "documents":
                store.delete_document(db, row["key"])
                gone.append(row["path"])
            else:
                with store.write_transaction(db):
                    db.execute("delete from ingest_errors where path = ?", [row["key"]])
    return gone


def _below(path: str, roots: list[Path]) -> bool:
    resolved = Path(path).resolve()
    return any(resolved == root or resolved.is_relative_to(root) for root in roots)
