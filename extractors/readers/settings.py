"""How scanned pages are read: the settings a batch hands its readers.

Apart from `ocr`, so that a process that only hands them on (the ingest process, which
finds, hashes and writes files) does not import numpy, PIL and pytesseract with the OCR code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

MODES = ("auto", "always", "never")
#: Seconds one page may take before its Tesseract process is killed.
DEFAULT_PAGE_SECONDS = 120.0
#: The largest page image read: about A2 at 300 dpi. Larger images are refused (a decompression
#: bomb declares billions of pixels in a few bytes); larger PDF pages are rendered smaller.
DEFAULT_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class OcrSettings:
    """How scanned pages are read: `mode` auto (pages without usable text), always, or never.

    The cache is a folder of JSON files named by the sha256 of the page image and of how it
    is read (Tesseract's version, language, `ocr.PIPELINE_VERSION`), so re-reading a file after
    an extractor upgrade or with `--force` does not OCR its pages again. `ingest` keeps it
    beside the database (`<db>-ocr/`), so it lives and dies with the data it feeds.
    `on_seconds` is told the time spent in OCR, so a caller's own time limit can allow it.
    """

    mode: str = "auto"
    cache_dir: Path | None = None
    page_seconds: float = DEFAULT_PAGE_SECONDS
    max_pixels: int = DEFAULT_MAX_PIXELS
    jobs: int = 1
    on_seconds: Callable[[float], None] | None = field(default=None, compare=False)
