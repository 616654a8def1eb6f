"""Shards: one file's extraction, or why it could not be read, in a file of its own.

`prevent-docs extract` writes one shard per file and touches no database, so files can be
read on any number of machines; `prevent-docs load` writes shards into the database with
one writer. A shard is named by what decides its contents, `<sha256>.<extractor version>.jsonl`,
so a file whose bytes and extractors are unchanged is never read again. A file that could
not even be opened has no sha256: its error shard is named by its path instead
(`path-<sha256 of the path>.<extractor version>.jsonl`).

A shard is two lines of JSON (one for an error shard):

1. the header: `{"shard": 1, "sha256", "extractor_version", "path", "file_size",
   "file_mtime", "error", "detail"}`: where the bytes were read and, for an error shard,
   what went wrong (the `ingest_errors` row it becomes);
2. the `Extraction` exactly as the store writes it: the document row and all its records.
   Its `ingested_at` holds when it was extracted; `load` stamps the time of loading.

The loader reads the headers alone to order and triage shards, and the second line only
of the shards it writes. Shards are written to a hidden temporary file and renamed into
place, so a process killed while writing never leaves a shard that looks whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Iterable

from prevent_docs.errors import PreventDocsError, printable
from schemas.records import Extraction

#: The format written on the header line; a loader refuses shards of a format it does not know.
SHARD_FORMAT = 1
SUFFIX = ".jsonl"
_NAME = re.compile(r"^(?:path-)?[0-9a-f]{64}\.[^/]+\.jsonl$")


class DamagedShard(PreventDocsError):
    """A file named as a shard that cannot be read as one."""


@dataclass
class Shard:
    """One file's extraction (`extraction`), or the `error` and `detail` it could not be read with."""

    sha256: str | None  # None: the file could not be opened
    extractor_version: str
    path: str  # the file's absolute path, as `errors.printable` text
    file_size: int | None = None
    file_mtime: float | None = None
    extraction: Extraction | None = None
    error: str | None = None
    detail: str | None = None

    @property
    def name(self) -> str:
        if self.sha256 is None:
            return path_shard_name(self.path, self.extractor_version)
        return shard_name(self.sha256, self.extractor_version)

    @property
    def file_name(self) -> str:
        return PurePath(self.path).name

    def header(self) -> dict:
        return {"shard": SHARD_FORMAT, "sha256": self.sha256, "extractor_version": self.extractor_version,
                "path": self.path, "file_size": self.file_size, "file_mtime": self.file_mtime,
                "error": self.error, "detail": self.detail}


def shard_name(sha256: str, extractor_version: str) -> str:
    """`<sha256>.<extractor version>.jsonl`."""
    return f"{sha256}.{extractor_version}{SUFFIX}"


def path_shard_name(path: str, extractor_version: str) -> str:
    """`path-<sha256 of the path>.<extractor version>.jsonl`: the error shard of a file that could not be opened."""
    return f"path-{hashlib.sha256(path.encode('utf-8')).hexdigest()}.{extractor_version}{SUFFIX}"


def is_shard_name(name: str) -> bool:
    return bool(_NAME.match(name))


def find(folders: Iterable[Path]) -> list[Path]:
    """The shards directly in `folders` (temporary files and anything else left out), by name."""
    return [path for folder in folders for path in sorted(Path(folder).iterdir())
            if is_shard_name(path.name) and path.is_file()]


def write(folder: Path, shard: Shard) -> Path:
    """Write `shard` into `folder` (made if missing), replacing one of the same name; RETURNS its path."""
    lines = [json.dumps(shard.header(), ensure_ascii=False)]
    if shard.extraction is not None:
        lines.append(shard.extraction.model_dump_json())
    return _write_atomically(Path(folder) / shard.name, "\n".join(lines) + "\n")


def _write_atomically(target: Path, text: str) -> Path:
    """Write `text` to a hidden temporary file beside `target`, flush it to disk, rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return target


def read_header(path: Path) -> Shard:
    """The shard at `path` without its extraction (the first line only)."""
    with open(path, encoding="utf-8") as file:
        return _header(path, file.readline())


def read(path: Path) -> Shard:
    """The shard at `path`, its extraction included."""
    with open(path, encoding="utf-8") as file:
        shard = _header(path, file.readline())
        if shard.error is None:
            body = file.readline()
            try:
                shard.extraction = Extraction.model_validate_json(body)
            except ValueError as e:
                raise DamagedShard(f"{printable(path)}: not a whole shard: its extraction cannot be read "
                                   f"({str(e).splitlines()[0]})") from e
    return shard


def _header(path: Path, line: str) -> Shard:
    try:
        header = json.loads(line)
        if header.get("shard") != SHARD_FORMAT:
            raise ValueError(f"shard format {header.get('shard')!r}, not {SHARD_FORMAT}")
        return Shard(sha256=header["sha256"], extractor_version=header["extractor_version"], path=header["path"],
                     file_size=header.get("file_size"), file_mtime=header.get("file_mtime"),
                     error=header.get("error"), detail=header.get("detail"))
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise DamagedShard(f"{printable(path)}: not a shard prevent-docs can read ({e})") from e


def relocate(path: Path, new_path: str, file_size: int, file_mtime: float) -> Shard:
    """Rewrite the shard at `path` as read from `new_path` (the same bytes, moved or touched); RETURNS its header.

    The document row's path, name, size and time change with the header; its records do not,
    as when `ingest` finds a file moved.
    """
    with open(path, encoding="utf-8") as file:
        shard, body = _header(path, file.readline()), file.readline()
    shard.path, shard.file_size, shard.file_mtime = new_path, file_size, file_mtime
    lines = [json.dumps(shard.header(), ensure_ascii=False)]
    if shard.error is None:
        try:
            extraction = json.loads(body)
            extraction["document"].update(path=new_path, file_name=shard.file_name, file_size=file_size,
                                          file_mtime=file_mtime)
        except (ValueError, KeyError, TypeError) as e:
            raise DamagedShard(f"{printable(path)}: not a whole shard: its extraction cannot be read ({e})") from e
        lines.append(json.dumps(extraction, ensure_ascii=False))
    _write_atomically(path, "\n".join(lines) + "\n")
    return shard
