"""Read page images with Tesseract: the one module that talks to the OCR engine.

Scanned papers are read by Tesseract (Debian's `tesseract-ocr`, run through pytesseract),
chosen over RapidOCR by measurement (`benchmarks/ocr_engines.py`): on the same scanned
council pages it made fewer character errors (RapidOCR's models drop the spaces between
English words), ran faster on two cores and used a tenth of the memory. Its models come
with the Debian package, so nothing is fetched at run time.

A page image is straightened first (scans are skewed by a degree or two, and a skewed
line drifts into its neighbour), its shading taken out (shaded cells made white, the light
text of dark fills made dark), its ruling lines found and painted out, and its specks
filtered out; then read word by word, and turned the right way up when it reads badly and
Tesseract's orientation check says it lies on its side. The ruling lines (and the edges of
shaded cells) make tables, found by the PDF reader's table geometry; each cell is cut out,
measured against its own fill, and read apart from the rest of the page, since Tesseract
reads a page as one column of lines and would run a cell's line on into the next cell.
Words become lines in reading order with their boxes, their cell and the engine's
confidence; the PDF and image readers turn the lines into blocks and tables as they do a
text layer's.

Cost is bounded: a page image larger than `max_pixels` is refused before it is decoded,
each page has its own time limit (the Tesseract process is killed), and pages run
`jobs` at a time. Results are cached by the hash of the page image (see `OcrSettings`).
"""

from __future__ import annotations

import bisect
import concurrent.futures
import ctypes
import functools
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
from PIL import Image, ImageFilter

from extractors.errors import NeedsOCR, TooLarge, UnreadableDocument
from extractors.readers.settings import DEFAULT_MAX_PIXELS, DEFAULT_PAGE_SECONDS, MODES, OcrSettings  # noqa: F401

#: The Debian package a machine needs for OCR, named in the error when it is missing.
APT_PACKAGE = "tesseract-ocr"
LANGUAGE = "eng"
#: Raise when the way a page image is prepared or read changes: cached results are then not used.
PIPELINE_VERSION = "2"
#: A page whose words read with less mean confidence than this is checked for lying on its side.
TURN_CHECK_CONFIDENCE = 60.0
#: Skew angles tried when straightening a page (degrees), and the size of the image measured.
SKEW_LIMIT, SKEW_STEP, SKEW_SAMPLE_PIXELS = 3.0, 0.2, 900


#: A box on the page image, in pixels: (left, top, right, bottom).
Box = tuple[float, float, float, float]
#: Given a page's ruling lines (boxes), the ruled tables they make, each a list of its cells' boxes.
TableFinder = Callable[[list[Box]], list[list[Box]]]


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
    #: Its words: (text, left, top, right, bottom, confidence).
    words: list[tuple[str, float, float, float, float, float]] = field(default_factory=list)
    #: The table cell it was read in, as (table, cell) indexes into `OcrPage.tables`; None outside tables.
    cell: tuple[int, int] | None = None


@dataclass
class OcrPage:
    """A page image as read: its lines, the image's width and height, the turn applied (degrees)."""

    lines: list[OcrLine]
    width: int
    height: int
    turned: int = 0
    #: The ruled tables found, each a list of its cells' boxes (left, top, right, bottom).
    tables: list[list[Box]] = field(default_factory=list)

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


def read_page(image: Image.Image, name: str, settings: OcrSettings,
              find_tables: TableFinder | None = None) -> OcrPage:
    """OCR one page image, from the cache where it has been read before.

    `find_tables` turns the page's ruling lines into tables (the PDF reader owns table
    geometry); the cells of those tables are read each on its own. Without it no table is found.
    """
    check_pixels(name, image.width, image.height, settings.max_pixels)
    image = image.convert("L")
    key = _cache_key(image, engine_version(name))
    cached = _load(settings.cache_dir, key)
    if cached is not None:
        return cached
    page = _recognise(image, name, settings.page_seconds, find_tables or _no_tables)
    _save(settings.cache_dir, key, page)
    _give_back_memory()
    return page


def _give_back_memory() -> None:
    """Hand the memory a page's images were worked in back to the system (glibc keeps freed
    blocks of a few megabytes for the next allocation): otherwise the process that read the
    scan carries it into extraction, which comes after the last page. Elsewhere, nothing."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _no_tables(rulings: list[Box]) -> list[list[Box]]:
    return []


class PageQueue:
    """Page images handed to OCR in order, `jobs` at a time (Tesseract runs as a process of its
    own, so threads read pages in parallel). `results()` gives each page's OcrPage and the
    scale it was submitted with (pixels per point), by the key it was submitted under.
    `find_tables(rulings, scale)` finds a page's ruled tables (see `read_page`)."""

    def __init__(self, name: str, settings: OcrSettings,
                 find_tables: Callable[[list[Box], float], list[list[Box]]] | None = None) -> None:
        self.name, self.settings, self.find_tables = name, settings, find_tables
        self.pool = concurrent.futures.ThreadPoolExecutor(settings.jobs) if settings.jobs > 1 else None
        self.futures: dict[int, tuple[concurrent.futures.Future, float]] = {}
        self.done: dict[int, tuple[OcrPage, float]] = {}

    def submit(self, key: int, rendered: tuple[Image.Image, float]) -> None:
        image, scale = rendered
        find_tables = functools.partial(self.find_tables, scale=scale) if self.find_tables else None
        if self.pool is None:
            self.done[key] = self._timed(read_page, image, self.name, self.settings, find_tables), scale
            return
        self.futures[key] = self.pool.submit(read_page, image, self.name, self.settings, find_tables), scale
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

def _recognise(image: Image.Image, name: str, seconds: float, find_tables: TableFinder) -> OcrPage:
    """Straighten, read, and read again turned the right way up if the page lies on its side."""
    image = straighten(image)
    page = _read_page(image, name, seconds, find_tables)
    if (page.confidence or 0) < TURN_CHECK_CONFIDENCE:
        turn = _orientation(image, name, seconds)
        if turn:
            turned = _read_page(image.rotate(-turn, expand=True, fillcolor=255), name, seconds, find_tables)
            if (turned.confidence or 0) > (page.confidence or 0):
                turned.turned = turn
                return turned
    return page


def _read_page(image: Image.Image, name: str, seconds: float, find_tables: TableFinder) -> OcrPage:
    """Read a straightened page: its shading taken out, its ruling lines found and painted out,
    specks filtered out, the cells of its ruled tables read apart from the rest of the page.

    A page's lines are read as one column (`_read_words`), so a line of one cell would run on
    into the cells beside it, and the narrow cells of a ruled table (a paragraph number, a
    score) would be lost among the long lines: the cells are laid out apart (`_cells_apart`)
    and read in a second call, as one block of text.
    """
    flat = flatten(image)
    ruled, rulings = ruling_lines(flat)
    tables = find_tables(rulings + edge_rulings(image))
    page = despeckled(_painted_out(flat, ruled))
    del flat
    tables = [cells + unruled_rows(page, cells) for cells in tables]
    blanked, cells, bands = _cells_apart(page, image, ruled, tables)
    del image, ruled
    lines = [line for line in _read_words(blanked, name, seconds) if not _is_noise(line)]
    if bands:
        lines += _place_cells(_read_words(cells, name, seconds, layout=BLOCK_LAYOUT), bands)
    return OcrPage(lines, page.width, page.height, tables=tables)


#: Specks of a scan smaller than this (pixels each way) are filtered out before reading:
#: Tesseract takes a line among specks for noise, and reads specks as marks.
DESPECKLE_PIXELS = 3
#: Tesseract's layout modes: a column of text of varying sizes (a page), a uniform block (cells).
COLUMN_LAYOUT, BLOCK_LAYOUT = 4, 6


def despeckled(image: Image.Image) -> Image.Image:
    """`image.filter(ImageFilter.MedianFilter(3))`, for a greyscale image in a tenth of the time.

    The median of each 3 x 3 square, edges repeated outwards as PIL's filter repeats them:
    each column of three is sorted once, and the median of the square is the median of the
    largest of its columns' smallest, the median of their middles and the smallest of their
    largest. PIL's rank filter sorted every square afresh, a quarter of a page's reading.
    """
    if image.mode != "L" or DESPECKLE_PIXELS != 3:
        return image.filter(ImageFilter.MedianFilter(DESPECKLE_PIXELS))
    padded = np.pad(np.asarray(image), 1, mode="edge")
    up, middle, down = padded[:-2], padded[1:-1], padded[2:]
    low, high = np.minimum(up, middle), np.maximum(up, middle)
    mid = np.minimum(high, down)
    np.maximum(high, down, out=high)
    mid, low = np.maximum(low, mid), np.minimum(low, mid)  # each column of three: low <= mid <= high
    lows = _largest3(low[:, :-2], low[:, 1:-1], low[:, 2:])
    highs = np.minimum(high[:, :-2], high[:, 1:-1])
    np.minimum(highs, high[:, 2:], out=highs)
    return Image.fromarray(_median3(lows, _median3(mid[:, :-2], mid[:, 1:-1], mid[:, 2:]), highs))


def _largest3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    found = np.maximum(a, b)
    return np.maximum(found, c, out=found)


def _median3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """The middle of three arrays, element by element: max(min(a, b), min(max(a, b), c))."""
    found = np.maximum(a, b)
    np.minimum(found, c, out=found)
    return np.maximum(found, np.minimum(a, b), out=found)


# --- Preparing a page image: straight, shading out, ruling lines found ----------------------

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


#: The background is measured in blocks of this many pixels each way, as the median of this
#: many blocks each way around a pixel: wider than the strokes of any text, so text is no background.
BACKGROUND_BLOCK, BACKGROUND_BLOCKS = 8, 9
#: A page whose background is nowhere darker than this has no shading: it is read as it is.
SHADE_LEVEL = 200
#: A background darker than this is a dark fill, whose text is light.
DARK_FILL = 150
#: A dark fill is at least this many blocks each way (smaller dark patches are bold text), and
#: holes in it this size or less are its light text.
DARK_FILL_BLOCKS, DARK_FILL_HOLE_BLOCKS = 3, 5
#: Along the edge of a dark fill, a pixel is the fill's when the pixels within this many of it
#: are darker than the level, on average.
FILL_EDGE_REACH, FILL_EDGE_LEVEL = 8, (DARK_FILL + SHADE_LEVEL) / 2
#: Rows flattened at once: bounds the memory of the arithmetic.
FLATTEN_ROWS = 256


def flatten(image: Image.Image) -> Image.Image:
    """The page with its shading taken out: each pixel measured against the paper or fill
    around it, so that shaded cells read as white paper and the light text of a dark fill
    (a table's header row in white on grey or navy) as dark text on white.

    Tesseract binarises a page against one threshold, which turns a dark fill and the text
    on it all black. The background around each pixel is the median of the blocks around
    it; where it is dark (a fill, not a patch of bold type) the pixels are inverted. The
    page is worked FLATTEN_ROWS rows at a time, so its arithmetic costs a few megabytes.
    """
    coarse = image.reduce(BACKGROUND_BLOCK).filter(ImageFilter.MedianFilter(BACKGROUND_BLOCKS))
    if coarse.getextrema()[0] >= SHADE_LEVEL:
        return image
    dark = coarse.point(lambda value: 255 if value < DARK_FILL else 0)
    dark = dark.filter(ImageFilter.MinFilter(DARK_FILL_BLOCKS)).filter(ImageFilter.MaxFilter(DARK_FILL_BLOCKS))
    dark = dark.filter(ImageFilter.MaxFilter(DARK_FILL_HOLE_BLOCKS)).filter(ImageFilter.MinFilter(DARK_FILL_HOLE_BLOCKS))
    fills = (dark.filter(ImageFilter.MinFilter(3)), dark.filter(ImageFilter.MaxFilter(3))) if dark.getbbox() else None
    flat = np.empty((image.height, image.width), dtype=np.uint8)
    for start in range(0, image.height, FLATTEN_ROWS):
        end = min(image.height, start + FLATTEN_ROWS)
        flat[start:end] = _flattened_rows(image, coarse, fills, start, end)
    return Image.fromarray(flat).point(_DARKENED)


def _flattened_rows(image: Image.Image, coarse: Image.Image, fills: tuple[Image.Image, Image.Image] | None,
                    start: int, end: int) -> np.ndarray:
    """Rows `start` to `end` of the flattened page: `coarse` is the background in blocks,
    `fills` the blocks inside dark fills and those along their edges (None: the page has none)."""
    size, box = (image.width, end - start), (0, start * coarse.height / image.height,
                                             coarse.width, end * coarse.height / image.height)
    value = np.asarray(image.crop((0, start, image.width, end)), dtype=np.float32)
    level = np.maximum(np.asarray(coarse.resize(size, Image.BILINEAR, box=box), dtype=np.float32), 1)
    light = value * 255 / level
    if fills is None:
        return np.clip(light, 0, 255)
    inside, edge = (np.asarray(blocks.resize(size, Image.NEAREST, box=box)) > 0 for blocks in fills)
    if not (inside.any() or edge.any()):
        return np.clip(light, 0, 255)
    dark_text = 255 - (value - level) * 255 / np.maximum(255 - level, 1)
    # Along a fill's edge the blocks are too coarse to tell: a pixel is the fill's if it is
    # dark, or if the pixels around it are (around its light text too, whose strokes are thin).
    above, below = max(0, start - FILL_EDGE_REACH), min(image.height, end + FILL_EDGE_REACH)
    near = np.asarray(image.crop((0, above, image.width, below)).filter(ImageFilter.BoxBlur(FILL_EDGE_REACH)))
    near = near[start - above:start - above + end - start]
    inverted = inside | (edge & ((near < FILL_EDGE_LEVEL) | (value < DARK_FILL)))
    return np.clip(np.where(inverted, dark_text, light), 0, 255)


#: Grey levels with the middle tones darkened (a gamma of 2): once the paper is white, light grey
#: type would fall on the paper's side of the one threshold Tesseract binarises a page with.
_DARKENED = [round(255 * (value / 255) ** 2) for value in range(256)]


#: A step of more than this many grey levels across a few pixels (`EDGE_REACH` each way, at half
#: resolution) is an edge: where a shaded cell starts or ends, or a line too faint to be ink.
EDGE_STEP, EDGE_REACH = 12, 2


def edge_rulings(image: Image.Image) -> list[tuple[float, float, float, float]]:
    """The long straight edges of a page, as ruling lines: the borders of shaded cells, the
    white lines between the cells of a shaded table, and thin grey lines.

    A table drawn with fills rather than lines has no ink to find; but its cells still begin
    and end along straight lines, and a run of such an edge as long as a ruling line is
    one. Measured at half resolution, where the grain of a scan has averaged out.
    """
    half = np.asarray(image.reduce(2), dtype=np.int16)
    across, down = _long_lines(_edges(half), _edges(half.T).T)
    del half
    return _rulings(across, down, pixel=2.0)


def _edges(pixels: np.ndarray) -> np.ndarray:
    """Where the grey level steps, or a thin line lighter or darker than both sides runs, from
    one row to the next: the pixels `EDGE_REACH` rows above and below differ by more than
    EDGE_STEP, or both differ from the row itself by that much in the same direction."""
    reach = EDGE_REACH
    above, middle, below = pixels[:-2 * reach], pixels[reach:-reach], pixels[2 * reach:]
    found = np.zeros(pixels.shape, dtype=bool)
    found[reach:-reach] = (np.abs(below - above) > EDGE_STEP) | (np.abs(2 * middle - above - below) > 2 * EDGE_STEP)
    return found


#: Gaps of up to this many pixels in a line are bridged: a scanned line breaks where its ink is thin.
BRIDGE_PIXELS = 2


def _bridged(mask: np.ndarray) -> np.ndarray:
    """The mask with gaps of up to BRIDGE_PIXELS along each row filled."""
    bridged = mask.copy()
    for gap in range(1, BRIDGE_PIXELS + 1):
        for before in range(1, gap + 1):
            after = gap + 1 - before
            bridged[:, before:-after or None] |= mask[:, :-before - after] & mask[:, before + after:]
    return bridged


#: Dark pixels in a run at least this share of the page's width or height are a ruling line.
RULING_SHARE = 0.06
#: Grey levels below this are ink.
INK_LEVEL = 140


def ruling_lines(image: Image.Image) -> tuple[np.ndarray | None, list[Box]]:
    """The pixels of a page's ruling lines (table borders, underlines), None when it has none,
    and the lines.

    Tesseract reads a paragraph number boxed in by a table's ruling as a smudge ("74," for
    "2."), and the ruling itself as letters, so the lines are painted out before reading;
    text is never a long straight run of ink. The lines found are each row's (or column's)
    runs, which table finding snaps together; gaps of a pixel or two in a line are bridged.
    """
    ink = np.asarray(image) < INK_LEVEL
    across, down = _long_lines(ink, ink)
    del ink
    if not (across.any() or down.any()):
        return None, []
    rulings = _rulings(across, down)
    ruled = across
    ruled |= down.T
    del down
    for _ in range(RULING_MARGIN):  # the grey edge a scan blurs a line into
        grown = ruled.copy()
        grown[1:] |= ruled[:-1]
        grown[:-1] |= ruled[1:]
        grown[:, 1:] |= ruled[:, :-1]
        grown[:, :-1] |= ruled[:, 1:]
        ruled = grown
    return ruled, rulings


def _long_lines(across: np.ndarray, down: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The pixels of two masks of a page that lie in runs as long as a ruling line, gaps of a
    pixel or two bridged: of `across` along its rows, and of `down` along its columns (given
    transposed, a row per column of the page)."""
    height, width = across.shape
    return (_long_runs(_bridged(across), int(width * RULING_SHARE)),
            _long_runs(_bridged(down.T), int(height * RULING_SHARE)))


def _rulings(across: np.ndarray, down: np.ndarray, *, pixel: float = 1.0) -> list[Box]:
    """The lines of `_long_lines`' masks as boxes on the page, `pixel` page pixels to a mask's."""
    return ([(pixel * start, pixel * row, pixel * end, pixel * (row + 1)) for row, start, end in _runs(across)]
            + [(pixel * column, pixel * start, pixel * (column + 1), pixel * end) for column, start, end in _runs(down)])


def _painted_out(image: Image.Image, ruled: np.ndarray | None) -> Image.Image:
    """The page with its ruling lines' pixels painted white."""
    if ruled is None:
        return image
    return Image.fromarray(np.where(ruled, np.uint8(255), np.asarray(image)))


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


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """The pixels of each row that lie in a run of at least `length` ink pixels.

    Each row's runs are found where it turns from paper to ink and back; the few long
    enough (ruling lines) are marked. (Running sums over every pixel cost ten times more.)
    """
    height, width = ink.shape
    length = min(max(length, 2), width)
    turns = np.diff(np.pad(ink, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    rows, starts = np.nonzero(turns == 1)
    _, ends = np.nonzero(turns == -1)  # in the same order: each run's end follows its start
    found = np.zeros((height, width), dtype=bool)
    long_enough = ends - starts >= length
    for row, start, end in zip(rows[long_enough].tolist(), starts[long_enough].tolist(), ends[long_enough].tolist()):
        found[row, start:end] = True
    return found


# --- Reading the cells of ruled tables -----------------------------------------------------

#: White space around and between the cells laid out for reading, in pixels.
CELL_GAP = 40
#: Pixels inside a cell's border left out of it (the border and the grey a scan blurs it into).
CELL_INSET = 5
#: A cell with fewer ink pixels than this, once specks are filtered out, is empty.
CELL_MIN_INK = 20
#: A cell whose ink is this many times taller than wide, and at least CELL_TURN_PIXELS tall,
#: may be set sideways (a column header turned to fit a narrow column): it is read all three ways.
CELL_TURN_RATIO, CELL_TURN_PIXELS = 2.0, 80
#: A cell of one line of text no wider than this many times its height is short: a number, a score.
SHORT_CELL_RATIO = 4.0
#: The height, in pixels, a cell's lines of text are brought to for reading (about 12-point type
#: at 250 dpi); and the most a cell's image is enlarged or shrunk to get there.
CELL_LINE_PIXELS, CELL_MOST_FACTOR = 48, 2.5
#: Rows of ink shorter than this are not a line of text (a rule's remains, a hyphen's row).
CELL_LEAST_LINE = 6


@dataclass
class _Cell:
    """A cell's image as read: which cell, turned how, scaled by `factor`, and where its ink lies
    on the page (`box`) and in the image laid out for reading (`left`, `top`, its size)."""

    cell: tuple[int, int]
    image: Image.Image
    box: Box
    turn: int = 0
    factor: float = 1.0
    left: int = 0
    top: int = 0

    def holds(self, x: float, y: float) -> bool:
        return self.left - CELL_GAP / 2 <= x < self.left + self.image.width + CELL_GAP / 2 and \
            self.top - CELL_GAP / 2 <= y < self.top + self.image.height + CELL_GAP / 2


def _cells_apart(page: Image.Image, image: Image.Image, ruled: np.ndarray | None,
                 tables: list[list[Box]]) -> tuple[Image.Image, Image.Image | None, list[_Cell]]:
    """The page with its tables blanked out, and one image of its tables' cells laid out for
    reading, with where each cell lies in it.

    Each cell is cut from the page as scanned (`image`, `ruled` its ruling lines), measured
    against its own fill (`_cell_image`) and scaled to one type size (`_sized`), then laid
    on a band of its own, one under another. Tesseract misreads a lone short text, a "7."
    or a score, as often as not, so the short cells of a row share a band, side by side,
    with the next cell of the row: "7." is read at the start of the line it numbers.
    """
    if not tables:
        return page, None, []
    blanked = page.copy()
    for cells in tables:
        blanked.paste(255, tuple(int(round(value)) for value in _bbox(cells)))
    bands: list[list[_Cell]] = []
    for table_number, cells in enumerate(tables):
        for row in _rows(cells):
            read = [found for found in (_cell_crop(image, ruled, (table_number, number), cells[number])
                                        for number in row) if found is not None]
            bands += _banded(read)
    if not bands:
        return blanked, None, []
    return blanked, *_laid_out(bands)


def unruled_rows(page: Image.Image, cells: list[Box]) -> list[Box]:
    """The cells of rows under a table that have lost its ruling, as a slide's table whose last
    row has no fill: each a line of text just below the table that stands within the columns
    of its last row, in two of them or more, clear of the lines between them.

    A line of a paragraph under the table runs across those lines, or lies in one column.
    """
    bottom = max(cell[3] for cell in cells)
    last = sorted((cell for cell in cells if cell[3] == bottom), key=lambda cell: cell[0])
    if len(last) < 2:
        return []
    pixels = np.asarray(page)
    left, right, reach = int(last[0][0]), int(last[-1][2]), int(bottom - last[0][1])
    added: list[Box] = []
    while (line := _next_line(pixels, left, right, int(bottom), reach)) is not None:
        top, foot = line
        if not _within_columns(pixels, last, top, foot):
            break
        row_bottom = float(foot + (top - int(bottom)))
        added += [(cell[0], bottom, cell[2], row_bottom) for cell in last]
        bottom = row_bottom
    return added


def _next_line(pixels: np.ndarray, left: int, right: int, start: int, reach: int) -> tuple[int, int] | None:
    """The rows (top, foot) of the next line of ink below row `start` between two columns of
    pixels, when it starts within `reach` rows."""
    rows = (pixels[start:start + 3 * reach, left:right] < INK_LEVEL).any(axis=1)
    inked = np.nonzero(rows)[0]
    if not len(inked) or inked[0] > reach:
        return None
    top = int(inked[0])
    blank = np.nonzero(~rows[top:])[0]
    foot = top + (int(blank[0]) if len(blank) else len(rows) - top)
    return start + top, start + foot


def _within_columns(pixels: np.ndarray, columns: list[Box], top: int, foot: int) -> bool:
    """Whether a line's ink lies in two or more of the columns, with a line's height of white
    on each side of every line between them and beyond the outer ones."""
    clear = foot - top
    left, right = int(columns[0][0]), int(columns[-1][2])
    inked = (pixels[top:foot, max(0, left - clear):right + clear] < INK_LEVEL).any(axis=0)
    offset = max(0, left - clear)
    if inked[:left - offset].any() or inked[right - offset:].any():
        return False
    for column in columns[1:]:
        boundary = int(column[0]) - offset
        if inked[max(0, boundary - clear):boundary + clear].any():
            return False
    filled = sum(inked[int(column[0]) - offset:int(column[2]) - offset].any() for column in columns)
    return filled >= 2


def _rows(cells: list[Box]) -> list[list[int]]:
    """The numbers of a table's cells, row by row (cells of a row share their top), left to right."""
    rows: dict[float, list[int]] = {}
    for number in sorted(range(len(cells)), key=lambda number: (cells[number][1], cells[number][0])):
        rows.setdefault(cells[number][1], []).append(number)
    return list(rows.values())


def _cell_crop(image: Image.Image, ruled: np.ndarray | None, cell: tuple[int, int], box: Box) -> _Cell | None:
    """A cell's ink as an image of dark text on white, or None when it is empty."""
    inner = _cell_image(image, ruled, box)
    if inner is None:
        return None
    picture, left, top = inner
    ink = _ink_box(picture)
    if ink is None:
        return None
    return _Cell(cell, picture.crop(ink), (float(left + ink[0]), float(top + ink[1]),
                                            float(left + ink[2]), float(top + ink[3])))


def _banded(read: list[_Cell]) -> list[list[_Cell]]:
    """A row's cells in bands: each run of short cells with the next cell (or, at the row's end,
    the one before), every other cell alone and, if it may be set sideways, turned each way."""
    short = [_line_heights(found.image)[1] for found in read]
    together: list[list[int]] = []
    taken: set[int] = set()
    start = 0
    while start < len(read):
        if not short[start]:
            start += 1
            continue
        end = start
        while end < len(read) and short[end]:
            end += 1
        members = list(range(start, end))
        if end < len(read):
            members.append(end)
        elif start > 0 and start - 1 not in taken:
            members.insert(0, start - 1)
        together.append(members)
        taken.update(members)
        start = end + 1
    bands = [_sized_together([read[number] for number in members]) for members in together]
    for number, found in enumerate(read):
        if number not in taken:
            bands += [[_sized(_turned(found, turn))] for turn in _turns(found.image)]
    return bands


def _turned(found: _Cell, turn: int) -> _Cell:
    if not turn:
        return found
    return _Cell(found.cell, found.image.rotate(turn, expand=True), found.box, turn)


def _laid_out(bands: list[list[_Cell]]) -> tuple[Image.Image, list[_Cell]]:
    """One image of the bands, one under another, each band's cells side by side, top-aligned."""
    width = max(sum(found.image.width + 2 * CELL_GAP for found in band) for band in bands)
    height = sum(max(found.image.height for found in band) + CELL_GAP for band in bands) + CELL_GAP
    laid_out = Image.new("L", (width, height), 255)
    placed, top = [], CELL_GAP
    for band in bands:
        left = CELL_GAP
        for found in band:
            laid_out.paste(found.image, (left, top))
            found.left, found.top = left, top
            placed.append(found)
            left += found.image.width + 2 * CELL_GAP
        top += max(found.image.height for found in band) + CELL_GAP
    return laid_out, placed


def _bbox(cells: list[Box]) -> Box:
    return (min(cell[0] for cell in cells), min(cell[1] for cell in cells),
            max(cell[2] for cell in cells), max(cell[3] for cell in cells))


def _cell_image(image: Image.Image, ruled: np.ndarray | None, cell: Box) -> tuple[Image.Image, int, int] | None:
    """The inside of a cell as dark text on white, specks filtered out, and where it lies (left, top).

    A cell has one fill: its pixels are measured against their median, and a dark fill's
    (white text on navy) are inverted. Ruling lines that reach into it take the fill's colour."""
    left, top = int(cell[0]) + CELL_INSET, int(cell[1]) + CELL_INSET
    right, bottom = int(cell[2]) - CELL_INSET, int(cell[3]) - CELL_INSET
    if right - left < 4 or bottom - top < 4:
        return None
    pixels = np.asarray(image.crop((left, top, right, bottom)), dtype=np.float32)
    level = max(float(np.median(pixels)), 1.0)
    if ruled is not None:
        pixels = np.where(ruled[top:bottom, left:right], level, pixels)
    if level < DARK_FILL:
        pixels = 255 - (pixels - level) * 255 / (255 - level)
    else:
        pixels = pixels * 255 / level
    inner = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).point(_DARKENED)
    return despeckled(inner), left, top


def _ink_box(picture: Image.Image) -> tuple[int, int, int, int] | None:
    """The box around a cell's ink (a few pixels of margin kept), or None when it has too little."""
    ink = np.asarray(picture) < INK_LEVEL
    if int(ink.sum()) < CELL_MIN_INK:
        return None
    rows, columns = np.nonzero(ink.any(axis=1))[0], np.nonzero(ink.any(axis=0))[0]
    margin = CELL_INSET
    return (max(0, int(columns[0]) - margin), max(0, int(rows[0]) - margin),
            min(ink.shape[1], int(columns[-1]) + 1 + margin), min(ink.shape[0], int(rows[-1]) + 1 + margin))


def _line_heights(picture: Image.Image) -> tuple[np.ndarray, bool]:
    """The heights of a cell's lines of text (its rows of ink between white rows), and whether it
    is short: one line, no wider than SHORT_CELL_RATIO times its height."""
    rows = (np.asarray(picture) < INK_LEVEL).any(axis=1)
    changes = np.diff(np.concatenate(([0], rows.astype(np.int8), [0])))
    heights = np.nonzero(changes == -1)[0] - np.nonzero(changes == 1)[0]
    heights = heights[heights >= CELL_LEAST_LINE]
    return heights, len(heights) == 1 and picture.width <= SHORT_CELL_RATIO * heights[0] + 2 * CELL_INSET


def _sized(found: _Cell, factor: float | None = None) -> _Cell:
    """A cell's image scaled so that its lines of text stand CELL_LINE_PIXELS high (or by `factor`).

    Read together, cells of different type sizes (a header in 9-point bold, a score in
    16-point) would not all be read: Tesseract takes lines much larger or smaller than most
    of a block's for pictures or noise.
    """
    factor = factor or _factor(found)
    if abs(factor - 1) < 0.1:
        return found
    size = (max(1, round(found.image.width * factor)), max(1, round(found.image.height * factor)))
    return _Cell(found.cell, found.image.resize(size, Image.BICUBIC), found.box, found.turn, factor)


def _factor(found: _Cell) -> float:
    heights, _ = _line_heights(found.image)
    if not len(heights):
        return 1.0
    return float(np.clip(CELL_LINE_PIXELS / float(np.median(heights)), 1 / CELL_MOST_FACTOR, CELL_MOST_FACTOR))


def _sized_together(band: list[_Cell]) -> list[_Cell]:
    """A band's cells scaled alike: as its cell of more than a short text is (a number at the
    size of the line it numbers), or as its short cells are on the whole."""
    longer = [found for found in band if not _line_heights(found.image)[1]]
    factors = sorted(_factor(found) for found in (longer or band))
    return [_sized(found, factors[len(factors) // 2]) for found in band]


def _turns(picture: Image.Image) -> tuple[int, ...]:
    """The turns (degrees anticlockwise) a cell is read at: as it is, and both ways round
    when its ink stands tall and narrow like a word set sideways."""
    if picture.height >= CELL_TURN_RATIO * picture.width and picture.height >= CELL_TURN_PIXELS:
        return (0, 270, 90)
    return (0,)


def _place_cells(lines: list[OcrLine], cells: list[_Cell]) -> list[OcrLine]:
    """Each cell's lines moved back onto the page from where it was laid out, and marked with
    their cell: a line read across a band's cells is split between them; of a cell read at
    several turns, the reading with the most confident text is kept. Noise is dropped,
    against the lower bar a cell's short texts need."""
    tops = sorted({found.top for found in cells})
    by_top: dict[int, list[_Cell]] = {}
    for found in cells:
        by_top.setdefault(found.top, []).append(found)
    readings: dict[tuple[tuple[int, int], int], list[OcrLine]] = {}
    for line in lines:
        middle = (line.top + line.bottom) / 2
        index = bisect.bisect_right(tops, middle + CELL_GAP / 2) - 1
        if index < 0:
            continue
        for found, words in _split(line, by_top[tops[index]], middle):
            part = _moved(_part(line, words, found.cell), found)
            if not _is_noise(part):
                readings.setdefault((found.cell, found.turn), []).append(part)
    best: dict[tuple[int, int], tuple[float, list[OcrLine]]] = {}
    for (cell, _), cell_lines in readings.items():
        score = sum(line.confidence * sum(char.isalnum() for char in line.text) for line in cell_lines)
        if cell not in best or score > best[cell][0]:
            best[cell] = (score, cell_lines)
    return [line for _, cell_lines in best.values() for line in cell_lines]


def _split(line: OcrLine, band: list[_Cell], middle: float) -> list[tuple[_Cell, list]]:
    """The words of a line read in a band, by the cell each lies in."""
    parts: dict[int, list] = {}
    for word in line.words:
        centre = (word[1] + word[3]) / 2
        for number, found in enumerate(band):
            if found.holds(centre, middle):
                parts.setdefault(number, []).append(word)
                break
    return [(band[number], words) for number, words in sorted(parts.items())]


def _part(line: OcrLine, words: list, cell: tuple[int, int]) -> OcrLine:
    """The part of a line made of some of its words."""
    if len(words) == len(line.words):
        line.cell = cell
        return line
    weights = [max(len(word[0]), 1) for word in words]
    confidence = sum(word[5] * weight for word, weight in zip(words, weights)) / sum(weights)
    return OcrLine(" ".join(word[0] for word in words), min(word[1] for word in words),
                   min(word[2] for word in words), max(word[3] for word in words),
                   max(word[4] for word in words), line.size, confidence, line.bold, list(words), cell)


def _moved(line: OcrLine, found: _Cell) -> OcrLine:
    """A line read in a cell's image, in the page's pixels (a turned cell's lines take the cell's box)."""
    line.size /= found.factor
    if found.turn:
        left, top, right, bottom = found.box
        line.left, line.top, line.right, line.bottom = left, top, right, bottom
        line.words = [(word[0], left, top, right, bottom, word[5]) for word in line.words]
        return line

    def x(value: float) -> float:
        return found.box[0] + (value - found.left) / found.factor

    def y(value: float) -> float:
        return found.box[1] + (value - found.top) / found.factor

    line.left, line.top, line.right, line.bottom = x(line.left), y(line.top), x(line.right), y(line.bottom)
    line.words = [(text, x(left), y(top), x(right), y(bottom), confidence)
                  for text, left, top, right, bottom, confidence in line.words]
    return line


# --- Tesseract -----------------------------------------------------------------------------

#: The format pytesseract writes an image in for Tesseract (PIL's "PPM": PBM, PGM or PPM by mode).
HANDED_FORMAT = "PPM"


def _tesseract(call, image: Image.Image, name: str, seconds: float, **options):
    """Run one Tesseract call with the page's time limit, one thread (pages run in parallel instead).

    The image reaches Tesseract as a file: an uncompressed PNM rather than pytesseract's
    default PNG, whose compression took a tenth of a page's time. The pixels are the same,
    and neither format tells Tesseract a resolution.
    """
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    image.format = HANDED_FORMAT
    try:
        return call(image, timeout=seconds, **options)
    except RuntimeError as e:
        if "timeout" in str(e).lower():
            raise TooLarge(f"{name}: a page took longer than {seconds:g} seconds to OCR") from e
        raise UnreadableDocument(f"{name}: OCR failed ({e})") from e
    except pytesseract.TesseractNotFoundError:
        engine_version(name)
        raise


def _read_words(image: Image.Image, name: str, seconds: float, layout: int = COLUMN_LAYOUT) -> list[OcrLine]:
    """Read the words of an image, grouped into lines (noise too: `_is_noise` tells). For a page,
    layout mode 4 (one column of text of varying sizes) keeps a paragraph number on its line,
    where the automatic layout reads a column of numbers as a block of its own and drops most."""
    data = _tesseract(pytesseract.image_to_data, image, name, seconds, lang=LANGUAGE, config=f"--psm {layout}",
                      output_type=pytesseract.Output.DICT)
    lines: dict[tuple[int, int, int], list[int]] = {}
    data["text"] = [_clean_word(text, float(confidence), _hangs(data, index))
                    for index, (text, confidence) in enumerate(zip(data["text"], data["conf"]))]
    for index, text in enumerate(data["text"]):
        if text and float(data["conf"][index]) >= 0:
            lines.setdefault((data["block_num"][index], data["par_num"][index], data["line_num"][index]),
                             []).append(index)
    read = [_line(data, indexes) for indexes in lines.values()]
    pixels = np.asarray(image)
    _mark_bold(read, [_stroke(pixels, data, indexes, line.size) for indexes, line in zip(lines.values(), read)])
    for line in read:
        _add_bullet(line, pixels)
    return read


#: A bullet is a solid blob between these shares of its line's height, each way, at least
#: BULLET_GAP of it clear of the line's first word and no further than BULLET_REACH lines away.
BULLET_SMALLEST, BULLET_LARGEST, BULLET_GAP, BULLET_REACH = 0.12, 0.6, 0.2, 3.0
#: A bullet's ink fills at least this share of the box around it (a disc fills 0.79, a square 1).
BULLET_FILL = 0.45


def _add_bullet(line: OcrLine, pixels: np.ndarray) -> None:
    """Give a line the bullet before it that Tesseract left out (it drops most round bullets
    as specks): a small solid blob to the left of its first word, at the height of its letters."""
    height = line.bottom - line.top
    left = int(max(0, line.left - BULLET_REACH * height))
    region = pixels[int(line.top):int(line.bottom), left:int(line.left - BULLET_GAP * height)] < INK_LEVEL
    if region.size == 0 or not region.any():
        return
    rows, columns = np.nonzero(region.any(axis=1))[0], np.nonzero(region.any(axis=0))[0]
    blob_height, blob_width = rows[-1] - rows[0] + 1, columns[-1] - columns[0] + 1
    middle = (rows[0] + rows[-1]) / 2
    if not (BULLET_SMALLEST * height <= min(blob_height, blob_width) and
            max(blob_height, blob_width) <= BULLET_LARGEST * height and
            0.25 * height <= middle <= 0.8 * height and
            region.sum() >= BULLET_FILL * blob_height * blob_width):
        return
    box = (float(left + columns[0]), line.top + float(rows[0]), float(left + columns[-1] + 1), line.top + float(rows[-1] + 1))
    line.text = "• " + line.text
    line.words = [("•", *box, line.confidence), *line.words]
    line.left = box[0]


#: A line of only short "words" read with less confidence than this is a picture's texture, not
#: text; in a table cell, where a lone score or number is text, with less than the second.
NOISE_CONFIDENCE, CELL_NOISE_CONFIDENCE = 60.0, 30.0


def _is_noise(line: OcrLine) -> bool:
    longest = max(sum(char.isalnum() for char in word[0]) for word in line.words)
    return longest < 3 and line.confidence < (NOISE_CONFIDENCE if line.cell is None else CELL_NOISE_CONFIDENCE)


#: Marks that stand alone as words: dashes, ampersands, and what bullets are read as.
_STANDALONE_MARKS = set("—–-&%£•«»©¢°*■")


#: Below this confidence the full stop read after a number is a speck as often as a full stop.
NUMBER_MARK_CONFIDENCE = 50.0


def _clean_word(text: str, confidence: float, hangs: bool = False) -> str:
    """A word without the remains of ruling lines ("|", "__", "=") it was read with, and a
    number without a mark read with little confidence ("2 June" is not paragraph 2), unless
    the number hangs before its paragraph (`_hangs`)."""
    text = text.strip().strip("|_")
    if text and not any(char.isalnum() for char in text) and text not in _STANDALONE_MARKS:
        return ""
    if confidence < NUMBER_MARK_CONFIDENCE and text[:-1].isdigit() and text[-1:] in ".,:;" and not hangs:
        return text[:-1]
    return text


#: A word followed by a gap this many times its height wide, on its line, hangs before the line.
HANGING_GAP = 1.0


def _hangs(data: dict, index: int) -> bool:
    """Whether word `index` starts its line and stands apart from the next word as a paragraph
    number does, set out in a hanging indent (a word space is a third of the type's height)."""
    following = index + 1
    if data["word_num"][index] != 1 or following >= len(data["text"]) or data["word_num"][following] != 2:
        return False
    gap = data["left"][following] - data["left"][index] - data["width"][index]
    return gap >= HANGING_GAP * data["height"][index]


#: A line whose strokes are this much thicker, for its type size, than the page's usual is bold.
BOLD_STROKE_RATIO = 1.3


def _stroke(pixels: np.ndarray, data: dict, indexes: list[int], size: float) -> float:
    """How thick a line's strokes are for its type size: ink pixels per run of ink across a row.
    (For its type size, not its height: a line without descenders is no less high for it.)"""
    ink = runs = 0
    for i in indexes:
        left, top, width, height = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
        box = pixels[top:top + height, left:left + width] < INK_LEVEL
        ink += int(box.sum())
        runs += int((box[:, 1:] & ~box[:, :-1]).sum() + box[:, 0].sum())
    return ink / max(runs, 1) / max(size, 1)


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
        lines = [OcrLine(**{**line, "words": [tuple(word) for word in line["words"]],
                            "cell": tuple(line["cell"]) if line["cell"] else None}) for line in data["lines"]]
        tables = [[tuple(cell) for cell in cells] for cells in data["tables"]]
        return OcrPage(lines, data["width"], data["height"], data["turned"], tables)
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
