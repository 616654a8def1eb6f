"""Read page images with Tesseract: the one module that talks to the OCR engine.

Scanned papers are read by Tesseract (Debian's `tesseract-ocr`, run through pytesseract),
chosen over RapidOCR by measurement (`benchmarks/ocr_engines.py`): on the same scanned
council pages it made fewer character errors (RapidOCR's models drop the spaces between
English words), ran faster on two cores and used a tenth of the memory. Its models come
with the Debian package, so nothing is fetched at run time.

A page image is straightened first (scans are skewed by a degree or two, and a skewed
line drifts into its neighbour), read word by word, and turned the right way up when it
reads badly and Tesseract's orientation check says it lies on its side. Words become
lines in reading order with their boxes and the engine's confidence; the PDF and image
readers turn the lines into blocks as they do a text layer's.

Cost is bounded: a page image larger than `max_pixels` is refused before it is decoded,
each page has its own time limit (the Tesseract process is killed), and pages run
`jobs` at a time. Results are cached by the hash of the page image (see `OcrSettings`).
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pytesseract
from PIL import Image

from extractors.errors import NeedsOCR, TooLarge, UnreadableDocument

#: The Debian package a machine needs for OCR, named in the error when it is missing.
APT_PACKAGE = "tesseract-ocr"
LANGUAGE = "eng"
#: Raise when the way a page image is prepared or read changes: cached results are then not used.
PIPELINE_VERSION = "1"
MODES = ("auto", "always", "never")
#: Seconds one page may take before its Tesseract process is killed.
DEFAULT_PAGE_SECONDS = 120.0
#: The largest page image read: about A2 at 300 dpi. Larger images are refused (a decompression
#: bomb declares billions of pixels in a few bytes); larger PDF pages are rendered smaller.
DEFAULT_MAX_PIXELS = 40_000_000
#: A page whose words read with less mean confidence than this is checked for lying on its side.
TURN_CHECK_CONFIDENCE = 60.0
#: Skew angles tried when straightening a page (degrees), and the size of the image measured.
SKEW_LIMIT, SKEW_STEP, SKEW_SAMPLE_PIXELS = 3.0, 0.2, 900


@dataclass(frozen=True)
class OcrSettings:
    """How scanned pages are read: `mode` auto (pages without usable text), always, or never.

    The cache is a folder of JSON files named by the sha256 of the page image and of how it
    is read (Tesseract's version, language, `PIPELINE_VERSION`), so re-reading a file after
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


@dataclass
class OcrLine:
    """A line of words as read, in pixels of the page image; `size` estimates the type size."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    size: float
    confidence: float  # the mean of its words' confidences, 0-100
    bold: bool = False
    #: Its words: (text, left, top, right, bottom, confidence), for the cells of a ruled table.
    words: list[tuple[str, float, float, float, float, float]] = field(default_factory=list)


@dataclass
class OcrPage:
    """A page image as read: its lines, the image's width and height, the turn applied (degrees)."""

    lines: list[OcrLine]
    width: int
    height: int
    turned: int = 0
    #: Ruling lines painted out before reading (table borders): (left, top, right, bottom) each.
    rulings: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def confidence(self) -> float | None:
        """Mean word confidence of the page, weighted by characters."""
        weights = [(line.confidence, len(line.text)) for line in self.lines]
        total = sum(count for _, count in weights)
        return sum(value * count for value, count in weights) / total if total else None


def check_pixels(name: str, width: int, height: int, max_pixels: int) -> None:
    """Refuse a page image larger than the limit, before it is decoded."""
    if width * height > max_pixels:
        raise TooLarge(f"{name}: a page image of {width} x {height} pixels, more than the limit of "
                       f"{max_pixels:,} pixels (a decompression bomb?)")


def engine_version(name: str) -> str:
    """Tesseract's version, or a one-line NeedsOCR naming the package to install.

    The program is looked for on every call (pytesseract remembers the version it found
    once), so a machine that loses it says so rather than failing page by page.
    """
    missing = NeedsOCR(f"{name}: a scanned page needs OCR and the Tesseract OCR engine is not installed: "
                       f"install the Debian package {APT_PACKAGE} (apt-get install {APT_PACKAGE})")
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        raise missing
    try:
        return str(pytesseract.get_tesseract_version())
    except (pytesseract.TesseractNotFoundError, OSError) as e:
        raise missing from e


def read_page(image: Image.Image, name: str, settings: OcrSettings) -> OcrPage:
    """OCR one page image, from the cache where it has been read before."""
    check_pixels(name, image.width, image.height, settings.max_pixels)
    image = image.convert("L")
    key = _cache_key(image, engine_version(name))
    cached = _load(settings.cache_dir, key)
    if cached is not None:
        return cached
    page = _recognise(image, name, settings.page_seconds)
    _save(settings.cache_dir, key, page)
    return page


class PageQueue:
    """Page images handed to OCR in order, `jobs` at a time (Tesseract runs as a process of its
    own, so threads read pages in parallel). `results()` gives each page's OcrPage and the
    scale it was submitted with (pixels per point), by the key it was submitted under."""

    def __init__(self, name: str, settings: OcrSettings) -> None:
        self.name, self.settings = name, settings
        self.pool = concurrent.futures.ThreadPoolExecutor(settings.jobs) if settings.jobs > 1 else None
        self.futures: dict[int, tuple[concurrent.futures.Future, float]] = {}
        self.done: dict[int, tuple[OcrPage, float]] = {}

    def submit(self, key: int, rendered: tuple[Image.Image, float]) -> None:
        image, scale = rendered
        if self.pool is None:
            self.done[key] = self._timed(read_page, image, self.name, self.settings), scale
            return
        self.futures[key] = self.pool.submit(read_page, image, self.name, self.settings), scale
        if len(self.futures) >= 2 * self.settings.jobs:  # few page images in memory at once
            self._collect(first_only=True)

    def results(self) -> dict[int, tuple[OcrPage, float]]:
        try:
            self._collect(first_only=False)
        finally:
            self.close()
        return self.done

    def close(self) -> None:
        """Stop: pages not yet started are dropped, running ones finish (each within its time limit)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def _collect(self, *, first_only: bool) -> None:
        for key in sorted(self.futures)[:1] if first_only else sorted(self.futures):
            future, scale = self.futures.pop(key)
            self.done[key] = self._timed(future.result), scale

    def _timed(self, function, *args):
        started = time.monotonic()
        try:
            return function(*args)
        finally:
            if self.settings.on_seconds:
                self.settings.on_seconds(time.monotonic() - started)


# --- Reading one image ---------------------------------------------------------------------

def _recognise(image: Image.Image, name: str, seconds: float) -> OcrPage:
    """Straighten, read, and read again turned the right way up if the page lies on its side."""
    image = straighten(image)
    page = _read_ruled(image, name, seconds)
    if (page.confidence or 0) < TURN_CHECK_CONFIDENCE:
        turn = _orientation(image, name, seconds)
        if turn:
            turned = _read_ruled(image.rotate(-turn, expand=True, fillcolor=255), name, seconds)
            if (turned.confidence or 0) > (page.confidence or 0):
                turned.turned = turn
                return turned
    return page


def _read_ruled(image: Image.Image, name: str, seconds: float) -> OcrPage:
    """Read a page with its ruling lines painted out, and keep the lines as the page's rulings."""
    cleared, rulings = remove_ruling(image)
    page = _read_words(cleared, name, seconds)
    page.rulings = rulings
    return page


def straighten(image: Image.Image) -> Image.Image:
    """The page rotated so that its text lines run level (the skew of a scan undone).

    The angle is the one whose rows of ink are sharpest: a level line of text is a dense
    band between white gaps, a skewed one smears across rows.
    """
    sample = image.copy()
    sample.thumbnail((SKEW_SAMPLE_PIXELS, SKEW_SAMPLE_PIXELS))
    ink = sample.point(lambda value: 255 if value < 140 else 0)
    best_angle, best_score = 0.0, -1.0
    steps = int(SKEW_LIMIT / SKEW_STEP)
    for step in range(-steps, steps + 1):
        rows = np.asarray(ink.rotate(step * SKEW_STEP, resample=Image.NEAREST), dtype=np.float64).sum(axis=1)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best_angle, best_score = step * SKEW_STEP, score
    if abs(best_angle) < SKEW_STEP / 2:
        return image
    return image.rotate(best_angle, resample=Image.BICUBIC, expand=True, fillcolor=255)


#: Dark pixels in a run at least this share of the page's width or height are a ruling line.
RULING_SHARE = 0.06
#: Grey levels below this are ink.
INK_LEVEL = 140


def remove_ruling(image: Image.Image) -> tuple[Image.Image, list[tuple[float, float, float, float]]]:
    """The page with its ruling lines (table borders, underlines) painted out, and the lines.

    Tesseract reads a paragraph number boxed in by a table's ruling as a smudge ("74," for
    "2."), and the ruling itself as letters; text is never a long straight run of ink. The
    lines found are each row's (or column's) runs, which table finding snaps together.
    """
    pixels = np.asarray(image)
    ink = pixels < INK_LEVEL
    across = _long_runs(ink, int(image.width * RULING_SHARE))
    down = _long_runs(ink.T, int(image.height * RULING_SHARE)).T
    if not (across.any() or down.any()):
        return image, []
    rulings = [(float(start), float(row), float(end), float(row + 1)) for row, start, end in _runs(across)]
    rulings += [(float(column), float(start), float(column + 1), float(end)) for column, start, end in _runs(down.T)]
    ruled = across | down
    for _ in range(RULING_MARGIN):  # the grey edge a scan blurs a line into
        ruled = ruled | np.roll(ruled, 1, 0) | np.roll(ruled, -1, 0) | np.roll(ruled, 1, 1) | np.roll(ruled, -1, 1)
    return Image.fromarray(np.where(ruled, np.uint8(255), pixels)), rulings


#: Pixels around a ruling line painted out with it.
RULING_MARGIN = 2


def _runs(mask: np.ndarray) -> list[tuple[int, int, int]]:
    """(row, start, end) of each run of True in each row, one row of a thick line only."""
    padded = np.pad(mask, ((0, 0), (1, 1))).astype(np.int8)
    changes = np.diff(padded, axis=1)
    rows, starts = np.nonzero(changes == 1)
    _, ends = np.nonzero(changes == -1)
    found, last = [], {}
    for row, start, end in zip(rows.tolist(), starts.tolist(), ends.tolist()):
        if last.get((start // 8, end // 8), -10) >= row - 3:  # the next row of the same thick line
            last[(start // 8, end // 8)] = row
            continue
        last[(start // 8, end // 8)] = row
        found.append((row, start, end))
    return found


#: Rows measured at once when looking for ruling lines: bounds the memory of the running sums.
RUN_ROWS = 128


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """The pixels of each row that lie in a run of at least `length` ink pixels."""
    found = np.zeros(ink.shape, dtype=bool)
    for start in range(0, ink.shape[0], RUN_ROWS):
        found[start:start + RUN_ROWS] = _long_runs_in(ink[start:start + RUN_ROWS], length)
    return found


def _long_runs_in(ink: np.ndarray, length: int) -> np.ndarray:
    height, width = ink.shape
    length = min(max(length, 2), width)
    counts = np.cumsum(np.pad(ink, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    starts = np.zeros((height, width), dtype=np.int32)
    starts[:, :width - length + 1] = (counts[:, length:] - counts[:, :-length]) == length  # a full run starts here
    started = np.cumsum(np.pad(starts, ((0, 0), (1, 0))), axis=1)
    columns = np.arange(width)
    return (started[:, columns + 1] - started[:, np.clip(columns - length + 1, 0, None)]) > 0


def _tesseract(call, image: Image.Image, name: str, seconds: float, **options):
    """Run one Tesseract call with the page's time limit, one thread (pages run in parallel instead)."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        return call(image, timeout=seconds, **options)
    except RuntimeError as e:
        if "timeout" in str(e).lower():
            raise TooLarge(f"{name}: a page took longer than {seconds:g} seconds to OCR") from e
        raise UnreadableDocument(f"{name}: OCR failed ({e})") from e
    except pytesseract.TesseractNotFoundError:
        engine_version(name)
        raise


def _read_words(image: Image.Image, name: str, seconds: float) -> OcrPage:
    """Read the words of an image, grouped into lines. Layout mode 4 (one column of text of
    varying sizes) keeps a paragraph number on its line, where the automatic layout reads a
    column of numbers as a block of its own and drops most of them."""
    data = _tesseract(pytesseract.image_to_data, image, name, seconds, lang=LANGUAGE, config="--psm 4",
                      output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[int]] = {}
    data["text"] = [_clean_word(text, float(confidence)) for text, confidence in zip(data["text"], data["conf"])]
    for index, text in enumerate(data["text"]):
        if text and float(data["conf"][index]) >= 0:
            lines.setdefault((data["block_num"][index], data["par_num"][index], data["line_num"][index]),
                             []).append(index)
    kept = [indexes for indexes in lines.values() if not _is_noise(_line(data, indexes))]
    read = [_line(data, indexes) for indexes in kept]
    _mark_bold(read, [_stroke(np.asarray(image), data, indexes) for indexes in kept])
    return OcrPage(read, image.width, image.height)


#: A line of only short "words" read with less confidence than this is a picture's texture, not text.
NOISE_CONFIDENCE = 60.0


def _is_noise(line: OcrLine) -> bool:
    longest = max(sum(char.isalnum() for char in word[0]) for word in line.words)
    return longest < 3 and line.confidence < NOISE_CONFIDENCE


#: Marks that stand alone as words: dashes, ampersands, and what bullets are read as.
_STANDALONE_MARKS = set("—–-&%£•«»©¢°*■")


#: Below this confidence the full stop read after a number is a speck as often as a full stop.
NUMBER_MARK_CONFIDENCE = 50.0


def _clean_word(text: str, confidence: float) -> str:
    """A word without the remains of ruling lines ("|", "__", "=") it was read with, and a
    number without a mark read with little confidence ("2 June" is not paragraph 2)."""
    text = text.strip().strip("|_")
    if text and not any(char.isalnum() for char in text) and text not in _STANDALONE_MARKS:
        return ""
    if confidence < NUMBER_MARK_CONFIDENCE and text[:-1].isdigit() and text[-1:] in ".,:;":
        return text[:-1]
    return text


#: A line whose strokes are this much thicker, for its type size, than the page's usual is bold.
BOLD_STROKE_RATIO = 1.3


def _stroke(pixels: np.ndarray, data: dict, indexes: list[int]) -> float:
    """How thick a line's strokes are for its height: ink pixels per run of ink across a row."""
    ink = runs = 0
    for i in indexes:
        left, top, width, height = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        box = pixels[top:top + height, left:left + width] < INK_LEVEL
        ink += int(box.sum())
        runs += int((box[:, 1:] & ~box[:, :-1]).sum() + box[:, 0].sum())
    height = max(data["height"][i] for i in indexes)
    return ink / max(runs, 1) / max(height, 1)


def _mark_bold(lines: list[OcrLine], strokes: list[float]) -> None:
    """Mark lines set in bold: thicker strokes than the page's body text (the median, by characters)."""
    weighted = sorted((stroke, len(line.text)) for stroke, line in zip(strokes, lines))
    total, seen, body = sum(count for _, count in weighted), 0, 0.0
    for stroke, count in weighted:
        seen += count
        if seen * 2 >= total:
            body = stroke
            break
    for line, stroke in zip(lines, strokes):
        line.bold = body > 0 and stroke >= BOLD_STROKE_RATIO * body


#: Letters that rise to cap height and letters that descend below the line.
_TALL = set("ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhklt0123456789")
_LOW = set("gjpqy,;()[]{}|/")


def _line(data: dict, indexes: list[int]) -> OcrLine:
    """A line from its words: the box around them, the type size their heights show, mean confidence."""
    lefts = [data["left"][i] for i in indexes]
    tops = [data["top"][i] for i in indexes]
    rights = [data["left"][i] + data["width"][i] for i in indexes]
    bottoms = [data["top"][i] + data["height"][i] for i in indexes]
    words = [data["text"][i].strip() for i in indexes]
    confidences = [float(data["conf"][i]) for i in indexes]
    # A word with a tall letter and none that descends spans the cap height: about 0.7 of the type size.
    tall = sorted(data["height"][i] / 0.7 for i, word in zip(indexes, words)
                  if set(word) & _TALL and not set(word) & _LOW)
    size = tall[len(tall) // 2] if tall else (max(bottoms) - min(tops))
    weights = [len(word) for word in words]
    confidence = sum(c * w for c, w in zip(confidences, weights)) / sum(weights)
    boxes = [(word, float(left), float(top), float(right), float(bottom), value)
             for word, left, top, right, bottom, value in zip(words, lefts, tops, rights, bottoms, confidences)]
    return OcrLine(" ".join(words), min(lefts), min(tops), max(rights), max(bottoms), float(size), confidence,
                   words=boxes)


def _orientation(image: Image.Image, name: str, seconds: float) -> int:
    """The clockwise turn (0, 90, 180, 270) Tesseract's orientation check says the page needs."""
    try:
        found = _tesseract(pytesseract.image_to_osd, image, name, seconds, config="--psm 0",
                           output_type=pytesseract.Output.DICT)
    except (UnreadableDocument, pytesseract.TesseractError):
        return 0  # too little text to tell: the page is read as it is
    if isinstance(found, UnreadableDocument):
        return 0
    return int(found.get("rotate", 0)) % 360


# --- The cache -----------------------------------------------------------------------------

def _cache_key(image: Image.Image, version: str) -> str:
    digest = hashlib.sha256(f"{PIPELINE_VERSION}|{version}|{LANGUAGE}|{image.mode}|{image.size}|".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()


def _load(folder: Path | None, key: str) -> OcrPage | None:
    if folder is None:
        return None
    try:
        data = json.loads((folder / key[:2] / f"{key}.json").read_text(encoding="utf-8"))
        lines = [OcrLine(**{**line, "words": [tuple(word) for word in line["words"]]}) for line in data["lines"]]
        return OcrPage(lines, data["width"], data["height"], data["turned"], [tuple(box) for box in data["rulings"]])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # not cached, or a damaged entry: read the page again


def _save(folder: Path | None, key: str, page: OcrPage) -> None:
    """Write a cache entry atomically; a cache that cannot be written only costs speed."""
    if folder is None:
        return
    target = folder / key[:2] / f"{key}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_text(json.dumps(asdict(page)), encoding="utf-8")
        os.replace(partial, target)
    except OSError:
        pass
