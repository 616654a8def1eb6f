"""The pipeline: find files, read and extract them, store them; or extract to shards, and load shards.

Three commands share it. `ingest` reads files into a database: each file is read and
extracted in a worker (`executors`: `jobs` local processes, or a Dask cluster's workers)
and written by this process, one transaction per document, so a crash or kill loses at
most the document being written. `extract` reads files into shards (`shards`, one file
each, no database), so the reading can be spread over any number of machines; `load`
writes shards into a database. `ingest` is the two joined: the same worker function makes
each file's shard and the same writer stores it, without the shard touching the disk.

Files are hashed up front but read again by the worker, so a batch of any size never
holds more than the files in hand in memory. Documents are written in the order the files
were found (a load: in path order), whatever `jobs` is, so two ingests of the same files,
or an extract and load of them, give the same database row for row.

A file that kills the process reading it fails alone, as `crashed` (`executors`); it is
skipped until `--force`. A user's Ctrl-C or `kill` (SIGINT or SIGTERM, to this process or
its group) is never blamed on a file: this process stops the batch between files, keeps
what it stored and reports it.

Scanned pages are read by OCR (`--ocr`), their results cached beside the database
(`<db>-ocr/`, see `ocr_cache_dir`) or in the shards folder's `ocr/`. Time spent in OCR is
not counted against `--timeout`: each OCR'd page has its own time limit instead. Pages of
one file are OCR'd `jobs` at a time when the batch has fewer files than local workers, so
workers and pages never oversubscribe.

A file is known by the sha256 of its bytes: an unchanged file is skipped, a moved one has
its path updated, a second copy of a stored file is a duplicate, a changed one replaces
its old records, and the user's decisions about them are carried over to the new
version's records that match (`store.carry_decisions`); `load` applies the same rules to
the path, size, time and sha256 each shard names. Unchanged files are recognised without
hashing when their path, size and modification time match. Paths are stored absolute, so
the originals can be found from any folder, and stored and printed as `errors.printable`
text, so a name that is not UTF-8 or holds a newline is stored safely and printed on one line.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import functools
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Callable, Iterator

import extractors
from extractors import EXTRACTOR_VERSION, extract
from extractors.errors import UnreadableDocument
from extractors.readers import SUFFIXES, OcrSettings, read_document, sha256_of
from prevent_docs import executors, shards, store, tracking
from prevent_docs.errors import NoDocuments, PreventDocsError, printable
from prevent_docs.executors import CRASHED, STOP_SIGNALS
from prevent_docs.fetch.manifest import source_for
from prevent_docs.shards import Shard
from schemas.records import DocumentRow, Extraction

AUTHORITIES_CSV = Path(extractors.__file__).parent / "data" / "authorities.csv"
#: Default guards per document: enough for any board pack, small enough to stop a bomb.
DEFAULT_MAX_PAGES = 2000
DEFAULT_TIMEOUT = 300.0
#: Files larger than this are refused before they are read.
MAX_FILE_BYTES = 512 * 1024 * 1024


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
class BatchReport:
    """What `ingest` and `extract` both count of a batch: files by outcome, pages, records, errors."""

    seen: int = 0
    duplicate: int = 0
    failed: int = 0
    pages: int = 0
    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    errors: list[FileResult] = field(default_factory=list)
    #: Files in walked folders that are not of a format read here, and folders that could not be listed.
    skipped: list[str] = field(default_factory=list)
    unreadable_folders: list[str] = field(default_factory=list)
    #: The signal that stopped the batch early ("SIGINT", "SIGTERM"), if one did.
    stopped_by: str | None = None

    def add(self, result: FileResult) -> None:
        setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        self.pages += result.pages
        for name, count in result.counts.items():
            self.records[name] = self.records.get(name, 0) + count
        if result.outcome == "failed":
            self.errors.append(result)


@dataclass
class IngestReport(BatchReport):
    """The summary `ingest` prints at the end."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    #: Documents removed by `prune` because their files are gone.
    pruned: list[str] = field(default_factory=list)
    #: Records of changed files whose user decisions were carried over to the new version, and
    #: those whose decisions could not be (each with its file's path): see `FileResult`.
    carried: int = 0
    not_carried: list[dict] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        super().add(result)
        self.carried += result.carried
        self.not_carried += [{**record, "path": result.path} for record in result.not_carried]

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
    """Raise DocumentTimeout after `seconds` (Unix; in the main thread by SIGALRM, in another by `_ThreadAlarm`).

    The alarm's exception is raised wherever the code is, and inside a ctypes call it comes
    out wrapped (`ctypes.ArgumentError: argument 1: DocumentTimeout ...`, seen reading a
    PDF bomb with pypdfium2), so the deadline is also recorded for the caller to check.
    """
    deadline = _Deadline(message=f"{name}: took longer than {seconds:g} seconds (--timeout)" if seconds else "")
    if not seconds:
        yield deadline
        return
    if not _in_main_thread():  # a Dask worker runs tasks in threads, where no signal arrives
        with _ThreadAlarm(seconds, deadline):
            yield deadline
        return
    if not hasattr(signal, "setitimer"):
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


class _ThreadAlarm:
    """A time limit for a thread other than the main one: DocumentTimeout is raised in it when due.

    A watcher thread raises the exception in the limited thread
    (`PyThreadState_SetAsyncExc`), which then meets it at its next Python instruction, as a
    signal handler's would be met. OCR time is given back by `extend` (`_allow_ocr_time`).
    """

    _current = threading.local()

    def __init__(self, seconds: float, deadline: _Deadline):
        self.deadline = deadline
        self.due = time.monotonic() + seconds
        self.thread_id = threading.get_ident()
        self.state = threading.Condition()
        self.done = False

    def __enter__(self) -> "_ThreadAlarm":
        _ThreadAlarm._current.alarm = self
        threading.Thread(target=self._watch, daemon=True, name="time-limit").start()
        return self

    def __exit__(self, *exc) -> None:
        with self.state:
            self.done = True
            self.state.notify()
        _ThreadAlarm._current.alarm = None

    def extend(self, seconds: float) -> None:
        with self.state:
            self.due += seconds
            self.state.notify()

    def _watch(self) -> None:
        with self.state:
            while not self.done:
                left = self.due - time.monotonic()
                if left <= 0:
                    self.deadline.expired = True
                    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(self.thread_id),
                                                               ctypes.py_object(DocumentTimeout))
                    return
                self.state.wait(left)


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
    alarm = getattr(_ThreadAlarm._current, "alarm", None)
    if alarm is not None:
        alarm.extend(seconds)
    elif _in_main_thread() and hasattr(signal, "getitimer"):
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



# --- Stopping: the user's signals stop the batch -------------------------------------------

@dataclass
class _Stop:
    """Whether the user asked the ingest to stop, and by which signal."""

    signal_name: str | None = None


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


#: A short paper read by each worker before its first file: every model, register and pattern
#: the extractors load on first use is loaded then, so a file's time limit is spent on that file.
WARM_UP_PAPER = (b"Prevent duty update\n\nReport of the Head of Community Safety, Leicester City Council, "
                 b"1 April 2020\n\n1. Recommendation: the Council reviews its Prevent training by March 2021, "
                 b"led by Jane Smith, Prevent Coordinator. 85% of staff were trained.\n")


_warmed_up = False


def _warm_up() -> None:
    """Read WARM_UP_PAPER, once per process, before its first file's time limit starts.

    Done on the first file rather than when a worker starts, so a batch whose files are all
    settled without reading (an unchanged re-extract) loads nothing. Where workers are forked,
    `ingest` warms up its own process before the first fork, so that every worker starts warm
    and the models are loaded once, not once per worker. A failure here is left for the file
    that meets it to report.
    """
    global _warmed_up
    if not _warmed_up:
        _warmed_up = True
        with contextlib.suppress(Exception):
            extract(read_document(Path("warm-up.txt"), WARM_UP_PAPER), ingested_at=store.now())


def worker_ready() -> bool:
    """True: run on each Dask worker first, to find out that workers can import prevent-docs."""
    return True


# --- Reading one file: what a worker runs -----------------------------------------------------

@dataclass(frozen=True)
class ReadSettings:
    """How a worker reads a file: the guards, the OCR settings and the time stamped on its document."""

    max_pages: int = DEFAULT_MAX_PAGES
    timeout: float | None = DEFAULT_TIMEOUT
    ingested_at: str = ""
    ocr: OcrSettings | None = None

    def read(self, path: str, data: bytes | None = None) -> Extraction | tuple[str, str]:
        _warm_up()
        return read_and_extract(path, data, max_pages=self.max_pages, timeout=self.timeout,
                                ingested_at=self.ingested_at, ocr=self.ocr)

    def with_page_jobs(self, page_jobs: int) -> "ReadSettings":
        return dataclasses.replace(self, ocr=dataclasses.replace(self.ocr, jobs=page_jobs)) if self.ocr else self


def _page_jobs(workers: int, files: int) -> int:
    """Pages OCR'd at once per file: more where local files are fewer than workers."""
    return max(1, workers // max(1, min(workers, files)))


def _shard_of(value: Extraction | tuple[str, str], *, path: str, name: str, sha: str | None,
              size: int | None, mtime: float | None) -> Shard:
    """A worker's value as a shard: the document row as the store writes it, or the error.

    The document gets the file's size and time, and what `fetch`'s manifest beside the
    file says of it (read here, where the file is).
    """
    if isinstance(value, tuple):
        error, detail = value
        return Shard(sha256=sha, extractor_version=EXTRACTOR_VERSION, path=name, file_size=size,
                     file_mtime=mtime, error=error, detail=detail)
    value.document.file_size, value.document.file_mtime = size, mtime
    _add_source(value.document, path)
    return Shard(sha256=value.document.id, extractor_version=EXTRACTOR_VERSION, path=name, file_size=size,
                 file_mtime=mtime, extraction=value)


def read_job(job: _Job, settings: ReadSettings) -> Shard:
    """Worker (ingest): the shard of a file the triage chose to read."""
    return _shard_of(settings.read(job.path), path=job.path, name=job.name, sha=job.sha, size=job.size,
                     mtime=job.mtime)


def _crashed(name: str, command: str) -> tuple[str, str]:
    return "crashed", (f"{printable(PurePath(name).name)}: the reader process died while reading this file "
                       f"(a reader crash, or out of memory), so it is skipped: "
                       f"`prevent-docs {command} --force` tries it again")


# --- ingest: files into the database ----------------------------------------------------------

@dataclass
class _Job:
    """A document to write: its path as the file system has it, as stored, its hash and stat."""

    path: str
    name: str
    sha: str | None
    outcome: str  # new or updated (failed: a load's error shard of a file never opened)
    size: int | None
    mtime: float | None
    replaces: str | None = None  # the id of the document the file held before it changed


def ingest(paths: list[Path], db_path: Path, *, jobs: int = 1, force: bool = False, prune: bool = False,
           max_pages: int = DEFAULT_MAX_PAGES, timeout: float | None = DEFAULT_TIMEOUT, ocr: str = "auto",
           executor: str = "local", scheduler: str | None = None,
           on_result: Callable[[FileResult], None] | None = None,
           on_start: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest files and folders into the database at `db_path`.

    `on_start(total)` is called once the files are found and `on_result(result)` after each
    file, so a caller can show progress; nothing here prints. With `prune`, documents whose
    files were below `paths` and are gone are removed. Files are read by `executor`
    ("local": `jobs` processes; "dask": the cluster at `scheduler`, or a local one of `jobs`
    processes). A SIGINT or SIGTERM stops the batch between files: the report says so
    (`stopped_by`) and holds what was stored.
    """
    started = time.perf_counter()
    settings = ReadSettings(max_pages=max_pages, timeout=timeout, ingested_at=store.now(),
                            ocr=OcrSettings(mode=ocr, cache_dir=ocr_cache_dir(Path(db_path))))
    with _stop_on_signals(_Stop()) as stop:
        report = _ingest(paths, db_path, force=force, prune=prune, stop=stop, settings=settings,
                         runner=executors.make(executor, jobs=jobs, scheduler=scheduler, check=worker_ready),
                         on_result=on_result, on_start=on_start)
    report.seconds = time.perf_counter() - started
    return report


def _ingest(paths, db_path, *, force, prune, stop, settings, runner, on_result, on_start) -> IngestReport:
    found = walk(paths)
    if not found.files:
        raise NoDocuments("no files to ingest under " + ", ".join(printable(p) for p in paths))
    db = store.open_db(db_path)
    try:
        _load_authorities(db)
        report = IngestReport(seen=len(found.files), skipped=[printable(p) for p in found.skipped],
                              unreadable_folders=[printable(p) for p in found.unreadable_folders])
        if on_start:
            on_start(len(found.files))
        finish = _finisher(report, on_result)
        todo = _triage_all(db, found.files, force=force, stop=stop, finish=finish)
        if todo and not stop.signal_name:
            with runner:
                _read_and_write(db, todo, runner=runner, settings=settings, stop=stop, finish=finish)
        report.stopped_by = stop.signal_name
        if report.stopped_by:
            return report  # lineage and status follow at the next ingest or `track`
        if prune:
            report.pruned = _prune(db, paths, {printable(p) for p in found.files})
        tracking.track_if_changed(db)  # lineage and status span documents, so they follow every ingest
        return report
    finally:
        db.close()


def _load_authorities(db) -> None:
    if not db["authorities"].count:
        store.load_authorities(db, AUTHORITIES_CSV)


def _finisher(report, on_result):
    def finish(result: FileResult) -> None:
        report.add(result)
        if on_result:
            on_result(result)

    return finish


def _triage_all(db, files: list[Path], *, force: bool, stop: _Stop, finish) -> list[_Job]:
    """Settle every file that needs no reading (unchanged, moved, duplicate, failed); return the rest."""
    known = _Known(db)
    crashed = {path: (sha, detail) for path, (sha, error, detail) in store.interrupted_files(db).items()
               if error == "crashed"}
    todo = []
    for path in files:
        if stop.signal_name:
            break
        result, job = _triage(db, path, known, crashed, force=force)
        if result:
            finish(result)
        if job:
            todo.append(job)
    return todo


class _Known:
    """What the database holds, looked up by sha256 and by path, and the sha256s claimed in this run."""

    def __init__(self, db):
        self.by_sha = store.known_documents(db)
        # Databases written before paths were stored absolute hold them as given to that ingest.
        self.by_path = {printable(_absolute(row["path"])): row for row in self.by_sha.values()}
        self.claimed: dict[str, str] = {}  # sha256 to the path that has it in this run


def _triage(db, path: Path, known: _Known, crashed, *, force: bool):
    """Decide what a file needs: (a finished result, or a job for a worker)."""
    name = printable(path)
    try:
        stat = path.stat()
        previous = known.by_path.get(name)
        if (not force and previous and previous["file_size"] == stat.st_size
                and previous["file_mtime"] == stat.st_mtime
                and previous["extractor_version"] == EXTRACTOR_VERSION):
            known.claimed.setdefault(previous["id"], name)
            if previous["path"] != name:  # stored relative by an older version
                store.move_document(db, previous["id"], name, printable(path.name))
            return FileResult(name, "unchanged"), None
        if stat.st_size > MAX_FILE_BYTES:
            raise UnreadableDocument(f"{printable(path.name)}: {stat.st_size} bytes, larger than {MAX_FILE_BYTES}")
        data = path.read_bytes()
    except (OSError, UnreadableDocument) as e:
        error, message = _open_error(path, e)
        store.record_error(db, path=name, sha256=None, error=error, detail=message)
        return FileResult(name, "failed", error=error, message=message), None
    sha = sha256_of(data)
    result, job = _settle(db, str(path), name, sha, stat.st_size, stat.st_mtime, known, force=force)
    if job and not force and crashed.get(name, (None,))[0] == sha:
        return FileResult(name, "failed", error="crashed", message=crashed[name][1]), None
    return result, job


def _open_error(path: Path | str, e: Exception) -> tuple[str, str]:
    """(error, message) for a file that could not be opened, or was refused before reading."""
    if isinstance(e, UnreadableDocument):
        return e.error, str(e)
    return "unreadable", f"{printable(PurePath(path).name)}: cannot open ({getattr(e, 'strerror', None) or e})"


def _settle(db, path: str, name: str, sha: str, size, mtime, known: _Known, *, force: bool):
    """The identity rules, for a file (or shard) of `sha` at `name`: (a finished result, or a job to write).

    The same bytes twice in this run: a duplicate. Bytes stored already by this extractor
    version: unchanged, moved, or a duplicate of a stored file still in place. Otherwise a
    document to write: new, or updated where the path or the bytes were stored before.
    """
    if known.claimed.get(sha, name) != name:
        return FileResult(name, "duplicate", message=f"the same bytes as {known.claimed[sha]}"), None
    known.claimed[sha] = name
    stored = known.by_sha.get(sha)
    if stored and not force and stored["extractor_version"] == EXTRACTOR_VERSION:
        return _known_file(db, name, size, mtime, stored, known.by_path), None
    outcome = "updated" if (stored or name in known.by_path) else "new"
    replaces = known.by_path[name]["id"] if name in known.by_path else None
    return None, _Job(path, name, sha, outcome, size, mtime, replaces=replaces)


def _known_file(db, name: str, size, mtime, stored, by_path) -> FileResult:
    """A file whose bytes are stored already: unchanged, moved, or a copy of a file still in place."""
    if printable(_absolute(stored["path"])) != name:
        if _still_in_place(stored["path"], stored["file_size"], stored["file_mtime"]):
            return FileResult(name, "duplicate", message=f"the same bytes as {stored['path']}")
        store.move_document(db, stored["id"], name, PurePath(name).name)
        by_path[name] = {**stored, "path": name}
        outcome = "moved"
    else:
        outcome = "unchanged"
    with store.write_transaction(db):
        db["documents"].update(stored["id"], {"path": name, "file_size": size, "file_mtime": mtime})
    return FileResult(name, outcome)


def _still_in_place(path: str, size, mtime) -> bool:
    """Whether the file at `path` is still as it was (`size` bytes, modified at `mtime`)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime) == (size, mtime)


def _read_and_write(db, todo: list[_Job], *, runner, settings: ReadSettings, stop: _Stop, finish) -> None:
    """Read the jobs on `runner`'s workers, writing each shard as it comes, in the jobs' order."""
    if isinstance(runner, executors.LocalExecutor):
        settings = settings.with_page_jobs(_page_jobs(runner.workers, len(todo)))
        if runner.forks:
            _warm_up()  # once here, before the workers are forked, rather than once in each of them
    for job, shard in runner.map(functools.partial(read_job, settings=settings), todo, stop=stop):
        if shard is CRASHED:
            error, detail = _crashed(job.name, "ingest")
            shard = Shard(sha256=job.sha, extractor_version=EXTRACTOR_VERSION, path=job.name, error=error,
                          detail=detail)
        _write(db, job, shard, settings.ingested_at, finish)


def _write(db, job: _Job, shard: Shard, ingested_at: str, finish) -> None:
    """Store one shard: a document and its records, or its error row."""
    if shard.error is not None:
        store.record_error(db, path=job.name, sha256=shard.sha256, error=shard.error, detail=shard.detail)
        finish(FileResult(job.name, "failed", error=shard.error, message=shard.detail))
        return
    extraction = shard.extraction
    extraction.document.ingested_at = ingested_at
    versions = store.write_extraction(db, extraction, replaces=job.replaces)
    not_carried = [{"record_id": row["old_id"], "record_type": row["record_type"], "text": row["text"],
                    "decisions": row["decisions"]} for row in versions if row["decisions"] and not row["new_id"]]
    finish(FileResult(job.name, job.outcome, pages=extraction.document.pages, counts=extraction.counts(),
                      carried=sum(1 for row in versions if row["decisions"] and row["new_id"]),
                      not_carried=not_carried))



# --- extract: files into shards, no database --------------------------------------------------

@dataclass
class ExtractReport(BatchReport):
    """The summary `extract` prints at the end."""

    extracted: int = 0
    kept: int = 0  # a shard for the same bytes and extractor version was there already
    moved: int = 0  # ... made from the same bytes at another path, which is gone: it now names this one
    out: str = ""


def extract_files(paths: list[Path], out_dir: Path, *, jobs: int = 1, force: bool = False,
                  max_pages: int = DEFAULT_MAX_PAGES, timeout: float | None = DEFAULT_TIMEOUT, ocr: str = "auto",
                  executor: str = "local", scheduler: str | None = None,
                  on_result: Callable[[FileResult], None] | None = None,
                  on_start: Callable[[int], None] | None = None) -> ExtractReport:
    """Extract files and folders into shards in `out_dir`, one per file, touching no database.

    A file whose shard (same bytes, same extractor version) is there already is not read
    again unless `force`, save where the shard records an error other than `crashed`
    (errors are tried again, as `ingest` tries them). Scanned pages' OCR is cached in
    `out_dir/ocr/`. Callbacks, executors and stopping as for `ingest`.
    """
    started = time.perf_counter()
    out_dir = _absolute(out_dir)
    settings = ReadSettings(max_pages=max_pages, timeout=timeout, ingested_at=store.now(),
                            ocr=OcrSettings(mode=ocr, cache_dir=out_dir / "ocr"))
    with _stop_on_signals(_Stop()) as stop:
        report = _extract(paths, out_dir, force=force, stop=stop, settings=settings,
                          runner=executors.make(executor, jobs=jobs, scheduler=scheduler, check=worker_ready),
                          on_result=on_result, on_start=on_start)
    report.seconds = time.perf_counter() - started
    return report


class UnusableFolder(PreventDocsError):
    """The --out folder cannot be made or written."""


def _extract(paths, out_dir: Path, *, force, stop, settings, runner, on_result, on_start) -> ExtractReport:
    found = walk(paths)
    if not found.files:
        raise NoDocuments("no files to extract under " + ", ".join(printable(p) for p in paths))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UnusableFolder(f"{printable(out_dir)}: cannot make the shards folder ({e.strerror or e})") from e
    if not os.access(out_dir, os.W_OK):
        raise UnusableFolder(f"{printable(out_dir)}: the shards folder is not writable")
    report = ExtractReport(seen=len(found.files), skipped=[printable(p) for p in found.skipped],
                           unreadable_folders=[printable(p) for p in found.unreadable_folders],
                           out=printable(out_dir))
    if on_start:
        on_start(len(found.files))
    finish = _finisher(report, on_result)
    files = found.files if force else _unchanged_files(found.files, out_dir, finish=finish)
    todo = _first_copies(files, out_dir, force=force, finish=finish)
    if todo and not stop.signal_name:
        with runner:
            if isinstance(runner, executors.LocalExecutor):
                settings = settings.with_page_jobs(_page_jobs(runner.workers, len(todo)))
            work = functools.partial(extract_file, out_dir=str(out_dir), settings=settings, force=force)
            for path, result in runner.map(work, [str(path) for path in todo], stop=stop, ordered=False):
                finish(_crashed_file(path, out_dir) if result is CRASHED else result)
    report.stopped_by = stop.signal_name
    return report


def _unchanged_files(files: list[Path], out_dir: Path, *, finish) -> list[Path]:
    """`files` less those a shard of this extractor version holds as they are now, each finished
    as `kept` (or `failed`, for a file whose reading crashed: kept until --force).

    A shard names the path, size and modification time its bytes were read at; a file
    still at that path with that size and time is taken as unchanged without reading it
    (as `ingest` does with the database), so a rerun over a national tree reads and hashes
    only the files that are new or changed. The rest go to the workers, which hash them.
    """
    named = _latest_shards(shards.find([out_dir]), LoadReport())
    rest = []
    for path in files:
        name = printable(path)
        shard, header = named.get(name, (None, None))
        result = None
        with contextlib.suppress(OSError):  # a file gone since the walk: the worker reports it
            stat = path.stat()
            if header is not None and (stat.st_size, stat.st_mtime) == (header.file_size, header.file_mtime):
                result = _kept(shard, header, name, stat)
        if result:
            finish(result)
        else:
            rest.append(path)
    return rest


def _first_copies(files: list[Path], out_dir: Path, *, force: bool, finish) -> list[Path]:
    """`files` less the copies of bytes another file of theirs holds, each finished as a duplicate.

    As `ingest` keeps a stored file's path: the copy a shard already names, where it is
    still in place (unless `force`), else the first found. Only files of a size another
    file has are hashed here, so two copies are never read at once on two workers.
    """
    sizes: dict[int, int] = {}
    for path in files:
        with contextlib.suppress(OSError):
            size = path.stat().st_size
            sizes[size] = sizes.get(size, 0) + 1
    holder: dict[str, str] = {}  # sha256 to the path whose copy is extracted
    todo = []
    for path in files:
        name = printable(path)
        try:
            size = path.stat().st_size
            if sizes.get(size, 0) > 1 and size <= MAX_FILE_BYTES:
                sha = sha256_of(path.read_bytes())
                if sha not in holder:
                    holder[sha] = (None if force else _named_in_place(out_dir, sha)) or name
                if holder[sha] != name:
                    finish(FileResult(name, "duplicate", message=f"the same bytes as {holder[sha]}"))
                    continue
        except OSError:
            pass  # the worker reports it
        todo.append(path)
    return todo


def _named_in_place(out_dir: Path, sha: str) -> str | None:
    """The path the shard of `sha` names, if there is one and that file is still as it was."""
    try:
        header = shards.read_header(out_dir / shards.shard_name(sha, EXTRACTOR_VERSION))
    except (OSError, shards.DamagedShard):
        return None
    return header.path if _still_in_place(header.path, header.file_size, header.file_mtime) else None


def extract_file(path: str, *, out_dir: str, settings: ReadSettings, force: bool = False) -> FileResult:
    """Worker (extract): read a file into its shard in `out_dir`, unless a shard of its bytes is there.

    A shard there already is kept (`kept`); if it names another path, that file is a
    duplicate of this one when it is still in place, and otherwise this file is it moved
    (the shard is rewritten to name this path, `moved`). A file that cannot be opened has
    no sha256: its error shard is named by its path (`shards.path_shard_name`).
    """
    name, folder = printable(path), Path(out_dir)
    try:
        stat = os.stat(path)
        if stat.st_size > MAX_FILE_BYTES:
            raise UnreadableDocument(f"{printable(PurePath(path).name)}: {stat.st_size} bytes, "
                                     f"larger than {MAX_FILE_BYTES}")
        data = Path(path).read_bytes()
    except (OSError, UnreadableDocument) as e:
        error, message = _open_error(path, e)
        shards.write(folder, Shard(sha256=None, extractor_version=EXTRACTOR_VERSION, path=name, error=error,
                                   detail=message))
        return FileResult(name, "failed", error=error, message=message)
    sha = sha256_of(data)
    target = folder / shards.shard_name(sha, EXTRACTOR_VERSION)
    if not force:
        kept = _kept_shard(target, name, stat)
        if kept:
            return kept
    shard = _shard_of(settings.read(path, data), path=path, name=name, sha=sha, size=stat.st_size,
                      mtime=stat.st_mtime)
    shards.write(folder, shard)
    (folder / shards.path_shard_name(name, EXTRACTOR_VERSION)).unlink(missing_ok=True)
    if shard.error is not None:
        return FileResult(name, "failed", error=shard.error, message=shard.detail)
    return FileResult(name, "extracted", pages=shard.extraction.document.pages, counts=shard.extraction.counts())


def _kept_shard(target: Path, name: str, stat: os.stat_result) -> FileResult | None:
    """The result for a file whose shard is there already, or None where it must be made (again)."""
    try:
        kept = shards.read_header(target)
    except (OSError, shards.DamagedShard):
        return None
    return _kept(target, kept, name, stat)


def _kept(target: Path, kept: Shard, name: str, stat: os.stat_result) -> FileResult | None:
    """The result for file `name` (as `stat` finds it) of its bytes' shard at `target`, whose
    header is `kept`, or None where the shard must be made again (an error other than a crash)."""
    if kept.error is not None and kept.error != "crashed":
        return None
    outcome = "kept"
    if kept.path != name:
        if _still_in_place(kept.path, kept.file_size, kept.file_mtime):
            return FileResult(name, "duplicate", message=f"the same bytes as {kept.path}")
        outcome = "moved"
    if (kept.path, kept.file_size, kept.file_mtime) != (name, stat.st_size, stat.st_mtime):
        shards.relocate(target, name, stat.st_size, stat.st_mtime)
    else:
        with contextlib.suppress(OSError):
            os.utime(target)  # the latest shard to name a path is the one `load` takes for it
    if kept.error is not None:
        return FileResult(name, "failed", error=kept.error, message=kept.detail)
    return FileResult(name, outcome)


def _crashed_file(path: str, out_dir: Path) -> FileResult:
    """Record, as its error shard, a file whose reading killed worker after worker."""
    name = printable(path)
    error, detail = _crashed(name, "extract")
    try:
        sha = sha256_of(Path(path).read_bytes())
    except OSError:
        sha = None
    shards.write(out_dir, Shard(sha256=sha, extractor_version=EXTRACTOR_VERSION, path=name, error=error,
                                detail=detail))
    return FileResult(name, "failed", error=error, message=detail)



# --- load: shards into the database -----------------------------------------------------------

@dataclass
class LoadReport(IngestReport):
    """The summary `load` prints: an ingest's, counting shards, and the shards left out.

    `other_versions`: shards made by another extractor version; `superseded`: older shards
    of a path a later shard names (a changed file); `damaged`: files that cannot be read as shards.
    """

    other_versions: list[str] = field(default_factory=list)
    superseded: int = 0
    damaged: list[str] = field(default_factory=list)


def load(folders: list[Path], db_path: Path, *, force: bool = False,
         on_result: Callable[[FileResult], None] | None = None,
         on_start: Callable[[int], None] | None = None) -> LoadReport:
    """Write the shards in `folders` into the database at `db_path`, then run tracking once.

    Each document is written in one transaction, by `ingest`'s identity rules (unchanged,
    moved, duplicate, changed with the user's decisions carried over), in the order of the
    paths the shards name; `force` writes every document again. Only shards of this
    extractor version are loaded; where several name one path, the last one `extract` made
    or saw. Callbacks and stopping as for `ingest`.
    """
    started = time.perf_counter()
    with _stop_on_signals(_Stop()) as stop:
        report = _load(folders, db_path, force=force, stop=stop, on_result=on_result, on_start=on_start)
    report.seconds = time.perf_counter() - started
    return report


def _load(folders, db_path, *, force, stop, on_result, on_start) -> LoadReport:
    report = LoadReport()
    try:
        headers = _choose_shards(shards.find(folders), report)
    except OSError as e:
        raise NoDocuments(f"{printable(e.filename or folders[0])}: cannot list the shards folder "
                          f"({e.strerror or e})") from e
    if not headers and not report.other_versions:
        raise NoDocuments("no shards to load in " + ", ".join(printable(folder) for folder in folders))
    db = store.open_db(db_path)
    try:
        _load_authorities(db)
        report.seen = len(headers)
        if on_start:
            on_start(len(headers))
        finish = _finisher(report, on_result)
        known = _Known(db)
        ingested_at = store.now()
        for path, header in headers:
            if stop.signal_name:
                break
            result, job = _settle_shard(db, header, known, force=force)
            if job:
                shard = _read_shard(path, report)
                if shard is None:
                    continue
                _write(db, job, shard, ingested_at, finish)
            elif result:
                finish(result)
        report.stopped_by = stop.signal_name
        if not report.stopped_by:
            tracking.track_if_changed(db)
        return report
    finally:
        db.close()


def _choose_shards(paths: list[Path], report: LoadReport) -> list[tuple[Path, Shard]]:
    """The shards to load, as (shard path, header), in the order of the paths they name."""
    return sorted(_latest_shards(paths, report).values(), key=lambda item: Path(item[1].path))


def _latest_shards(paths: list[Path], report: LoadReport) -> dict[str, tuple[Path, Shard]]:
    """The shards of this extractor version among `paths`, as (shard path, header) by the path they name.

    Shards of another extractor version, files that are not shards, and all but the last
    made (or seen by `extract`) of the shards naming one path are left out, in `report`.
    """
    latest: dict[str, tuple[tuple, Path, Shard]] = {}
    for path in paths:
        try:
            header, made = shards.read_header(path), path.stat().st_mtime_ns
        except (OSError, shards.DamagedShard) as e:
            report.damaged.append(str(e) if isinstance(e, shards.DamagedShard) else f"{printable(path)}: {e}")
            continue
        if header.extractor_version != EXTRACTOR_VERSION:
            report.other_versions.append(printable(path))
            continue
        order = (made, header.file_mtime or 0.0, path.name)
        if header.path in latest:
            report.superseded += 1
            if latest[header.path][0] > order:
                continue
        latest[header.path] = (order, path, header)
    return {name: (path, header) for name, (_, path, header) in latest.items()}


def _settle_shard(db, header: Shard, known: _Known, *, force: bool):
    """What a shard needs: (a finished result, or a job to write); an error shard of unknown bytes is written."""
    if header.sha256 is None:
        return None, _Job(header.path, header.path, None, "failed", header.file_size, header.file_mtime)
    return _settle(db, header.path, header.path, header.sha256, header.file_size, header.file_mtime, known,
                   force=force)


def _read_shard(path: Path, report: LoadReport) -> Shard | None:
    """The whole shard at `path`, or None (listed as damaged) where it cannot be read."""
    try:
        return shards.read(path)
    except (OSError, shards.DamagedShard) as e:
        report.damaged.append(str(e) if isinstance(e, shards.DamagedShard) else f"{printable(path)}: {e}")
        return None



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
