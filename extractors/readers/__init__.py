"""Readers: one per file format, each returning the same `Document` model.

`read_document` recognises a file's format by its bytes, not only its name (a PDF saved
as `.doc`, a DOCX that is really a zip of something else), hashes it, and hands it to the
registered reader. Readers know nothing about Prevent.

A reader's module is imported when a file of its format is first read: the PDF, Word and
PowerPoint libraries take about a third of a second to import, which a process that only
finds and hashes files (an ingest's parent process, an unchanged re-ingest) need not spend.
"""

from __future__ import annotations

import hashlib
import importlib
import re
import zipfile
import io
from pathlib import Path
from typing import Callable

from extractors.errors import EmptyDocument, EncryptedDocument, TooLarge, UnsupportedFormat
from extractors.readers.settings import OcrSettings
from extractors.readers.text import TEXT_BOMS
from schemas.document import Block, Document

Reader = Callable[..., tuple[list[Block], int, dict[str, str]]]

#: Pages a file may have unless the caller says otherwise (`--max-pages`).
DEFAULT_MAX_PAGES = 2000

#: Format name to its reader: the module of `extractors.readers` and the function in it.
#: Formats are sniffed from content by `sniff_format`.
READERS: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "read_pdf"),
    "docx": ("docx", "read_docx"),
    "pptx": ("pptx", "read_pptx"),
    "txt": ("text", "read_text"),
    "md": ("text", "read_text"),
    "html": ("html", "read_html"),
    "png": ("image", "read_image"),
    "jpeg": ("image", "read_image"),
    "tiff": ("image", "read_image"),
}
#: Formats whose readers OCR pages and count them.
OCR_FORMATS = ("pdf", "png", "jpeg", "tiff")

#: File suffixes worth opening when a folder is walked.
SUFFIXES = {".pdf", ".docx", ".pptx", ".txt", ".md", ".text", ".markdown", ".html", ".htm",
            ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


#: The start of an OLE compound file (old .doc/.ppt, and the wrapper of a password-protected
#: .docx/.pptx), and the name of the stream that holds an encrypted package, as stored there.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff_format(path: Path, data: bytes) -> str:
    """The format of a file from its bytes; the suffix only decides between txt and md."""
    if not data:
        raise EmptyDocument(f"{path.name}: the file is empty (0 bytes)")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    from extractors.readers.image import image_format

    if image_format(head):
        return image_format(head)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as e:
            raise UnsupportedFormat(f"{path.name}: a damaged zip archive, not a Word or PowerPoint file") from e
        if "word/document.xml" in names:
            return "docx"
        if "ppt/presentation.xml" in names:
            return "pptx"
        raise UnsupportedFormat(f"{path.name}: a zip archive that is not a Word or PowerPoint file")
    if head.startswith(OLE_SIGNATURE):
        if ENCRYPTED_PACKAGE in data:  # Word and PowerPoint wrap a password-protected file this way
            raise EncryptedDocument(f"{path.name}: a password-protected Office file: remove the password "
                                    f"(File > Info > Protect Document) and save it again")
        raise UnsupportedFormat(f"{path.name}: an old binary Office file (.doc/.ppt): save it as .docx/.pptx or PDF")
    if head.startswith(TEXT_BOMS):
        return _text_format(path, head)
    if b"\x00" in head or _binary_share(head) > 0.1:
        raise UnsupportedFormat(f"{path.name}: binary data of no known format")
    return _text_format(path, head)


def _text_format(path: Path, head: bytes) -> str:
    if path.suffix.lower() in (".html", ".htm") or re.match(rb"\s*<(!doctype html|html)\b", head, re.I):
        return "html"
    return "md" if path.suffix.lower() in (".md", ".markdown") else "txt"


def _binary_share(head: bytes) -> float:
    control = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return control / max(len(head), 1)


def _check_pages(path: Path, pages: int, max_pages: int) -> None:
    """The page guard every format shares: pages, slides or form-feed pages of text."""
    if pages > max_pages:
        raise TooLarge(f"{path.name}: {pages} pages, more than the limit of {max_pages} (--max-pages)")


def reader_of(fmt: str) -> Reader:
    """The reader of a format, its module imported now if it was not yet."""
    module, function = READERS[fmt]
    return getattr(importlib.import_module(f"extractors.readers.{module}"), function)


def read_document(path: Path, data: bytes | None = None, *, max_pages: int = DEFAULT_MAX_PAGES,
                  ocr: OcrSettings | None = None) -> Document:
    """Read a file of any supported format into a `Document`; scanned pages by OCR as `ocr` says.

    Raises an `UnreadableDocument` subclass, with a one-line message naming the file,
    for anything that cannot be read.
    """
    if data is None:
        data = path.read_bytes()
    fmt = sniff_format(path, data)
    reader = reader_of(fmt)
    ocr_pages = 0
    if fmt in OCR_FORMATS:
        blocks, pages, properties, ocr_pages = reader(path, data, max_pages=max_pages, ocr_settings=ocr)
    else:
        if fmt in ("txt", "md"):
            _check_pages(path, data.count(b"\f") + 1, max_pages)  # before parsing 10,000 form feeds
        blocks, pages, properties = reader(path, data)
        _check_pages(path, pages, max_pages)
    if not blocks:
        raise EmptyDocument(f"{path.name}: no text found in the {fmt.upper()} file")
    return Document(id=sha256_of(data), path=str(path), file_name=path.name, format=fmt, pages=pages,
                    blocks=tuple(blocks), properties=properties, ocr_pages=ocr_pages)


__all__ = ["DEFAULT_MAX_PAGES", "READERS", "SUFFIXES", "OcrSettings", "read_document", "reader_of", "sha256_of",
           "sniff_format"]
