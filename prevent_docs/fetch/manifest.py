"""The manifest `fetch` writes beside the files it brings home, and `ingest` reads.

One row per file (`manifest.csv`, a CSV anyone can open): where it came from (source URL,
attachment id), the council and its GSS code, the committee, the meeting date, the agenda
item's number and title, the sha256 of the bytes, when it was fetched, and the ETag and
Last-Modified the server sent, so that the next run asks only whether it changed.
Restricted (exempt) documents are listed too, with no file, so what was left out is known,
and so are duplicates (an agenda pack repeating a report's bytes), naming the file kept.

`ingest` looks for a manifest beside each file it reads (`source_for`): what a paper does
not say about itself (council, committee, date) is taken from it, and its source URL is
stored so that Datasette can link to the original on the council's site.
"""

from __future__ import annotations

import csv
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path

MANIFEST_NAME = "manifest.csv"


@dataclass
class ManifestRow:
    file: str  # the file's name in the manifest's folder; empty for a restricted document
    source_url: str
    attachment_id: str
    council: str
    gss_code: str
    committee: str
    meeting_date: str  # YYYY-MM-DD
    meeting_id: str
    item_number: str
    item_title: str
    document_title: str
    kind: str  # attachment, or minutes: the item's own minutes and decision text
    restricted: bool
    sha256: str
    fetched_at: str
    etag: str = ""
    last_modified: str = ""
    same_as: str = ""  # for a duplicate (the same bytes at another address): the file that holds them


COLUMNS = tuple(column.name for column in fields(ManifestRow))


class Manifest:
    """The rows of one folder's manifest, by source URL, in the order they were added."""

    def __init__(self, folder: Path, rows: list[ManifestRow] | None = None) -> None:
        self.folder = folder
        self.rows: dict[str, ManifestRow] = {row.source_url: row for row in rows or []}

    @classmethod
    def load(cls, folder: Path) -> "Manifest":
        return cls(folder, read_rows(folder / MANIFEST_NAME))

    def get(self, url: str) -> ManifestRow | None:
        return self.rows.get(url)

    def add(self, row: ManifestRow) -> None:
        self.rows[row.source_url] = row

    def by_sha256(self, sha256: str) -> ManifestRow | None:
        return next((row for row in self.rows.values() if row.sha256 == sha256 and row.file), None)

    def save(self) -> None:
        """Write the manifest whole, through a temporary file, so a killed run leaves the last one intact."""
        path = self.folder / MANIFEST_NAME
        temporary = path.with_name(f".{MANIFEST_NAME}.tmp")
        with temporary.open("w", newline="", encoding="utf-8") as out:
            writer = csv.DictWriter(out, fieldnames=COLUMNS)
            writer.writeheader()
            for row in self.rows.values():
                writer.writerow(asdict(row) | {"restricted": "true" if row.restricted else "false"})
        os.replace(temporary, path)


def read_rows(path: Path) -> list[ManifestRow]:
    """The rows of a manifest file; none if there is no file. Unknown columns are ignored."""
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as source:
        return [ManifestRow(**{column: row.get(column) or "" for column in COLUMNS}
                            | {"restricted": (row.get("restricted") or "").lower() == "true"})
                for row in csv.DictReader(source)]


#: Manifests read by `source_for`, by folder, with the modification time they were read at.
_read: dict[Path, tuple[float, dict[str, ManifestRow]]] = {}


def source_for(path: str | Path) -> ManifestRow | None:
    """The manifest row of a file, from `manifest.csv` in its folder, or None."""
    path = Path(path)
    manifest = path.parent / MANIFEST_NAME
    try:
        mtime = manifest.stat().st_mtime
    except OSError:
        return None
    cached = _read.get(manifest)
    if cached is None or cached[0] != mtime:
        cached = (mtime, {row.file: row for row in read_rows(manifest) if row.file})
        _read[manifest] = cached
    return cached[1].get(path.name)
