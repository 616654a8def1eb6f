"""The ingest pipeline: find files, read, extract and store them, in parallel if asked.

Each file is read and extracted in a worker (a process when `jobs` > 1) and written by
this process, one transaction per document, so a crash or kill loses at most the document
being written. Files are hashed up front but read again by the worker, so a batch of any
size never holds more than the files in hand in memory; the pool gets the largest files
first, so that no big file is left running alone at the end.

A file that kills the process reading it (a reader crash, the out-of-memory killer) would
otherwise stop every later ingest at the same place. So before a file is read in this
process an `interrupted` row for it goes into `ingest_errors`, and success or an ordinary
failure replaces it; a row still there at the next ingest means the process died on that
file. It is tried once more (marked `crashed`), and after a second death it is skipped,
as an error, until `--force`. With `--jobs`, the files left when a worker dies are read
again one process each, so the file that killed it fails alone, and is skipped likewise.

A file is known by the sha256 of its bytes: an unchanged file is skipped, a moved one has
its path updated, a changed one replaces its old records. Unchanged files are recognised
without hashing when their path, size and modification time match.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import extractors
from extractors import EXTRACTOR_VERSION, extract
from extractors.errors import UnreadableDocument
from extractors.readers import SUFFIXES, read_document, sha256_of
from prevent_docs import store, tracking
from prevent_docs.errors import NoDocuments
from schemas.records import Extraction

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
    outcome: str  # new, updated, unchanged, moved, failed
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    error: str | None = None
    message: str | None = None


@dataclass
class IngestReport:
    """The summary `ingest` prints at the end."""

    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    failed: int = 0
    pages: int = 0
    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    errors: list[FileResult] = field(default_factory=list)

    def add(self, result: FileResult) -> None:
        setattr(self, result.outcome, getattr(self, result.outcome) + 1)
        self.pages += result.pages
        for name, count in result.counts.items():
            self.records[name] = self.records.get(name, 0) + count
        if result.outcome == "failed":
            self.errors.append(result)


#: Files that describe a folder rather than being papers in it; skipped when walking folders.
FOLDER_NOTES = ("readme", "sources", "license", "licence", "changelog", "contributing")


def find_files(paths: list[Path]) -> list[Path]:
    """Files named directly, plus every paper with a known suffix below named folders, sorted.

    Walking a folder skips hidden files and its own notes (README, SOURCES, LICENSE ...);
    a file named on the command line is always read.
    """
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and _is_paper(p))
        else:
            found.append(path)
    return found


def _is_paper(path: Path) -> bool:
    return (path.suffix.lower() in SUFFIXES and not path.name.startswith(".")
            and path.stem.lower() not in FOLDER_NOTES)


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
    import threading

    return threading.current_thread() is threading.main_thread()


def read_and_extract(path: str, data: bytes | None = None, *, max_pages: int, timeout: float | None,
                     ingested_at: str) -> Extraction | tuple[str, str]:
    """Worker: a file (its bytes, read here if not given) to an Extraction, or (error,
    message) when it cannot be read."""
    try:
        if data is None:
            data = Path(path).read_bytes()
    except OSError as e:
        return "unreadable", f"{Path(path).name}: cannot open ({e.strerror or e})"
    deadline = _Deadline()
    try:
        with _time_limit(timeout, Path(path).name) as deadline:
            document = read_document(Path(path), data, max_pages=max_pages)
            return extract(document, ingested_at=ingested_at)
    except UnreadableDocument as e:
        return e.error, str(e)
    except RecursionError as e:
        return "unreadable", f"{Path(path).name}: structure nested too deeply to read ({e})"
    except MemoryError:
        return "too_large", f"{Path(path).name}: ran out of memory reading the file"
    except Exception as e:  # a reader library's own bug must not stop the batch
        if deadline.expired:  # the timeout, wrapped by the library it interrupted
            return DocumentTimeout.error, deadline.message
        return "reader_error", f"{Path(path).name}: {type(e).__name__}: {e}"


def ingest(paths: list[Path], db_path: Path, *, jobs: int = 1, force: bool = False,
           max_pages: int = DEFAULT_MAX_PAGES, timeout: float | None = DEFAULT_TIMEOUT,
           on_result: Callable[[FileResult], None] | None = None,
           on_start: Callable[[int], None] | None = None) -> IngestReport:
    """Ingest files and folders into the database at `db_path`.

    `on_start(total)` is called once the files are found and `on_result(result)` after each
    file, so a caller can show progress; nothing here prints.
    """
    started = time.perf_counter()
    files = find_files(paths)
    if not files:
        raise NoDocuments("no files to ingest under " + ", ".join(str(p) for p in paths))
    db = store.open_db(db_path)
    if not db["authorities"].count:
        store.load_authorities(db, AUTHORITIES_CSV)
    known = store.known_documents(db)
    by_path = {row["path"]: row for row in known.values()}
    stopped = store.interrupted_files(db)
    report = IngestReport(seen=len(files))
    if on_start:
        on_start(len(files))

    def finish(result: FileResult) -> None:
        report.add(result)
        if on_result:
            on_result(result)

    todo: list[tuple[str, str, str, os.stat_result]] = []
    for path in files:
        result, job = _triage(db, path, known, by_path, stopped, force=force)
        if result:
            finish(result)
        if job:
            todo.append(job)
    _run(db, todo, stopped, jobs=jobs, max_pages=max_pages, timeout=timeout, finish=finish)
    tracking.track(db)  # lineage and status span documents, so they follow every ingest
    report.seconds = time.perf_counter() - started
    db.close()
    return report


def _triage(db, path: Path, known, by_path, stopped, *, force: bool):
    """Decide what a file needs: (a finished result, or a job for a worker)."""
    path_str = str(path)
    try:
        stat = path.stat()
        previous = by_path.get(path_str)
        if (not force and previous and previous["file_size"] == stat.st_size
                and previous["file_mtime"] == stat.st_mtime
                and previous["extractor_version"] == EXTRACTOR_VERSION):
            return FileResult(path_str, "unchanged"), None
        if stat.st_size > MAX_FILE_BYTES:
            raise UnreadableDocument(f"{path.name}: {stat.st_size} bytes, larger than {MAX_FILE_BYTES}")
        data = path.read_bytes()
    except (OSError, UnreadableDocument) as e:
        error = e.error if isinstance(e, UnreadableDocument) else "unreadable"
        message = str(e) if isinstance(e, UnreadableDocument) else f"{path.name}: cannot open ({e.strerror or e})"
        store.record_error(db, path=path_str, sha256=None, error=error, detail=message)
        return FileResult(path_str, "failed", error=error, message=message), None
    sha = sha256_of(data)
    stored = known.get(sha)
    if stored and not force and stored["extractor_version"] == EXTRACTOR_VERSION:
        if stored["path"] != path_str:
            store.move_document(db, sha, path_str, path.name)
            db["documents"].update(sha, {"file_size": stat.st_size, "file_mtime": stat.st_mtime})
            by_path[path_str] = {**stored, "path": path_str}
            return FileResult(path_str, "moved"), None
        db["documents"].update(sha, {"file_size": stat.st_size, "file_mtime": stat.st_mtime})
        return FileResult(path_str, "unchanged"), None
    if not force and stopped.get(path_str, (None, None))[:2] == (sha, "crashed"):
        message = stopped[path_str][2]
        return FileResult(path_str, "failed", error="crashed", message=message), None
    outcome = "updated" if (stored or path_str in by_path) else "new"
    return None, (path_str, sha, outcome, stat)


def _mark_reading(db, path_str: str, sha: str, stopped) -> None:
    """Leave a row that says this process is reading the file, in case it dies doing so."""
    name = Path(path_str).name
    if stopped.get(path_str, (None, None))[:2] in ((sha, "interrupted"), (sha, "crashed")):
        error = "crashed"
        message = (f"{name}: the ingest process died twice while reading this file (a reader crash, or out "
                   f"of memory), so it is skipped: `prevent-docs ingest --force` tries it again")
    else:
        error = "interrupted"
        message = (f"{name}: the ingest process stopped while reading this file (killed, a reader crash, "
                   f"or out of memory): the next ingest tries it once more")
    store.record_error(db, path=path_str, sha256=sha, error=error, detail=message)


def _run(db, todo, stopped, *, jobs: int, max_pages: int, timeout: float | None, finish) -> None:
    """Read and extract the jobs (in worker processes when jobs > 1), writing each result."""
    ingested_at = store.now()
    kwargs = {"max_pages": max_pages, "timeout": timeout, "ingested_at": ingested_at}

    def write(job, outcome_value) -> None:
        path_str, sha, outcome, stat = job
        if isinstance(outcome_value, tuple):
            error, message = outcome_value
            store.record_error(db, path=path_str, sha256=sha, error=error, detail=message)
            finish(FileResult(path_str, "failed", error=error, message=message))
            return
        extraction = outcome_value
        extraction.document.file_size = stat.st_size
        extraction.document.file_mtime = stat.st_mtime
        store.write_extraction(db, extraction)
        finish(FileResult(path_str, outcome, pages=extraction.document.pages, counts=extraction.counts()))

    if jobs <= 1 or len(todo) <= 1:
        for job in todo:
            _mark_reading(db, job[0], job[1], stopped)
            write(job, read_and_extract(job[0], **kwargs))
        return
    todo = sorted(todo, key=lambda job: job[3].st_size, reverse=True)
    unfinished = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(read_and_extract, job[0], **kwargs): job for job in todo}
        for future in concurrent.futures.as_completed(futures):
            try:
                value = future.result()
            except concurrent.futures.process.BrokenProcessPool:
                unfinished.append(futures[future])
                continue
            write(futures[future], value)
    # A worker died (a reader crash, the out-of-memory killer) and took the pool with it,
    # so which file killed it is unknown: each file left is read again in a process of
    # its own, where a death fails that file alone.
    for job in sorted(unfinished, key=todo.index):
        write(job, _read_alone(job[0], kwargs))


def _read_alone(path: str, kwargs: dict) -> Extraction | tuple[str, str]:
    """`read_and_extract` in a worker process of its own, reporting the worker's death."""
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(read_and_extract, path, **kwargs).result()
        except concurrent.futures.process.BrokenProcessPool:
            return "crashed", (f"{Path(path).name}: the reader process died while reading this file "
                               f"(a reader crash, or out of memory), so it is skipped: "
                               f"`prevent-docs ingest --force` tries it again")
