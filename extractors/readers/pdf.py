"""Read PDFs: pypdfium2 parses every page, pdfplumber's table geometry finds ruled tables.

pdfplumber parses every character and path through pdfminer, in Python, which is about
five times slower than reading the same page with pdfium. So pdfium alone parses the
file: its text layer gives the lines, and on a page that draws ruling lines (the strokes
a table is made of) its path objects are turned into the edges pdfplumber would see and
handed to pdfplumber's own lattice functions (`merge_edges`, `edges_to_intersections`,
`cells_to_tables`; `intersections_to_cells` is a copy that does its work once), whose
cells are filled with pdfium's characters by pdfplumber's word and line rules
(`chars_to_text`, a copy of its `extract_text` on tuples: building its character
dictionaries cost more than reading the page). The tables are pdfplumber's; only the
parsing is pdfium's (tests/test_pdf_tables.py holds both copies to pdfplumber's own). Text
lines are grouped into paragraphs by their vertical gaps, and a line set in a larger font
than the body becomes a heading. Each page and text page is closed as soon as it is read,
so memory stays flat however many pages a file has.

A page without a usable text layer (a scan: no characters, or characters without Unicode
mappings) is rendered and read by OCR (`extractors.readers.ocr`); its lines then go the
same way as a text layer's, so numbered paragraphs and headings come out alike. Pages with
good text are never OCR'd unless OCR is asked for on every page (`--ocr always`).
"""

from __future__ import annotations

import bisect
import ctypes
import operator
import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber import table as plumber_table
from pdfplumber.utils import filter_edges

from extractors.errors import EmptyDocument, EncryptedDocument, NeedsOCR, TooLarge, UnreadableDocument
from extractors.readers import DEFAULT_MAX_PAGES, ocr
from extractors.readers.blocks import BlockBuilder
from extractors.readers.numbering import split_number, strip_bullet
from schemas.document import Block

#: A page drawing at least this many path objects may hold a ruled table.
TABLE_PATH_THRESHOLD = 6
#: Lines whose vertical gap exceeds this share of the line height start a new paragraph.
PARAGRAPH_GAP_RATIO = 0.75
#: A line whose font is this much larger than the page's body text is a heading.
HEADING_SIZE_RATIO = 1.18
#: A page with this much text sets its own body size (slides use larger type than reports).
PAGE_BODY_MIN_CHARS = 200
#: pdfium font weight from which text counts as bold.
BOLD_WEIGHT = 600
#: A bold paragraph of one line shorter than this reads as a heading.
BOLD_HEADING_MAX_CHARS = 90
#: A line shorter than this share of the paragraph's widest line did not wrap: it ended.
SHORT_LINE_RATIO = 0.8


@dataclass(slots=True)
class _Line:
    text: str
    left: float
    top: float  # distance from the top of the page, as pdfplumber measures
    bottom: float
    size: float
    bold: bool = False
    right: float = 0.0
    confidence: float | None = None  # the OCR engine's, for a line read from a page image


def _page_lines(textpage: pdfium.PdfTextPage, height: float) -> list[_Line]:
    """Text runs of a page (pdfium rects) merged into lines, top to bottom.

    pdfium is called directly rather than through pypdfium2's helpers, which ask for each
    run's text twice (its length, then the text) and check every result in Python: with
    dozens of runs a page, that was a quarter of the time reading took.
    """
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountRects(raw, 0, -1)
    if count == -1:
        raise pdfium.PdfiumError("Failed to count rectangles.")
    box = [ctypes.c_double() for _ in range(4)]
    buffer = (ctypes.c_ushort * _TEXT_BUFFER_UNITS)()
    runs = []
    for index in range(count):
        if not pdfium_c.FPDFText_GetRect(raw, index, box[0], box[3], box[2], box[1]):  # left, top, right, bottom
            raise pdfium.PdfiumError(f"Failed to get rectangle {index}.")
        left, bottom, right, top = (value.value for value in box)
        text = _bounded_text(textpage, buffer, left, bottom, right, top).strip()
        if not text:
            continue
        char = pdfium_c.FPDFText_GetCharIndexAtPos(raw, (left + right) / 2, (top + bottom) / 2, 2, 2)
        if char == -3:
            raise pdfium.PdfiumError("An error occurred on attempt to get char index by pos.")
        known = char >= 0
        size = pdfium_c.FPDFText_GetFontSize(raw, char) if known else top - bottom
        bold = known and pdfium_c.FPDFText_GetFontWeight(raw, char) >= BOLD_WEIGHT
        runs.append(_Line(text, left, height - top, height - bottom, size or (top - bottom), bold, right))
    return _runs_to_lines(runs)


#: UTF-16 units of the buffer a run's text is read into; longer texts go through pypdfium2.
_TEXT_BUFFER_UNITS = 4096


def _bounded_text(textpage: pdfium.PdfTextPage, buffer, left: float, bottom: float, right: float, top: float) -> str:
    """`textpage.get_text_bounded(left, bottom, right, top)`, in one call to pdfium instead of two.

    pdfium ends the text with a NUL when the buffer has room. Text that fills the buffer, or
    holds characters beyond the Basic Multilingual Plane (which pypdfium2 cuts short, since
    pdfium gives their count in code points), is read by pypdfium2 itself.
    """
    written = pdfium_c.FPDFText_GetBoundedText(textpage.raw, left, top, right, bottom, buffer, len(buffer))
    if written <= 0:
        return ""
    if written >= len(buffer):
        return textpage.get_text_bounded(left, bottom, right, top)
    data = ctypes.string_at(buffer, 2 * (written - 1))
    text = data.decode("utf-16-le", "ignore")
    if 2 * len(text) != len(data):  # surrogates: pypdfium2 reads them its own way
        return textpage.get_text_bounded(left, bottom, right, top)
    return text


def _runs_to_lines(runs: list[_Line]) -> list[_Line]:
    """Merge runs that share a baseline band into lines, each read left to right.

    Bullet glyphs sit a little lower than their text, so runs are grouped by vertical
    overlap rather than equal tops, and only then ordered by their left edge.
    """
    groups: list[list[_Line]] = []
    for run in sorted(runs, key=lambda run: run.top):
        last = groups[-1] if groups else None
        if last and run.top < (last[0].top + last[0].bottom) / 2:
            last.append(run)
        else:
            groups.append([run])
    lines = []
    for group in groups:
        group.sort(key=lambda run: run.left)
        text = " ".join(run.text for run in group)
        lines.append(_Line(text, group[0].left, min(r.top for r in group), max(r.bottom for r in group),
                           max(r.size for r in group), all(r.bold for r in group), max(r.right for r in group),
                           _confidence(group)))
    return lines


def _confidence(lines: list[_Line]) -> float | None:
    """Mean OCR confidence of lines, weighted by characters; None for text-layer lines."""
    weighted = [(line.confidence, len(line.text)) for line in lines if line.confidence is not None]
    total = sum(count for _, count in weighted)
    if not weighted:
        return None
    return round(sum(value * count for value, count in weighted) / max(total, 1), 1)


def _is_page_furniture(text: str) -> bool:
    """Bare page numbers and 'Page 3 of 9' lines are not content."""
    words = text.lower().replace("page", "").replace("of", "").split()
    return not words or all(word.isdigit() for word in words)


def _lines_to_blocks(lines: list[_Line], builder: BlockBuilder, page_number: int, body_size: float) -> None:
    """Group lines into headings and paragraphs by font size and vertical gaps.

    A large-font line right under another large-font line continues the same heading, as
    titles that wrap do.
    """
    paragraph: list[_Line] = []
    heading: list[_Line] = []

    def flush() -> None:
        if heading:
            builder.add_heading(" ".join(line.text for line in heading), page=page_number,
                                ocr_confidence=_confidence(heading))
            heading.clear()
        if paragraph:
            text = "\n".join(line.text for line in paragraph)
            if _is_bold_heading(paragraph):
                builder.add_heading(text, page=page_number, ocr_confidence=_confidence(paragraph))
            else:
                builder.add_paragraph(text, page=page_number, ocr_confidence=_confidence(paragraph))
            paragraph.clear()

    for line in lines:
        if _is_page_furniture(line.text):
            continue
        height = line.bottom - line.top
        if line.size >= body_size * HEADING_SIZE_RATIO and len(line.text) < 150:
            if paragraph or (heading and not _continues_heading(heading[-1], line)):
                flush()
            heading.append(line)
            continue
        if heading:
            flush()
        if paragraph:
            previous = paragraph[-1]
            gap = line.top - previous.bottom
            starts_item = strip_bullet(line.text)[0] or (
                split_number(line.text)[0] is not None and _ended(previous, paragraph))
            if gap > PARAGRAPH_GAP_RATIO * (previous.bottom - previous.top) or starts_item or previous.bold != line.bold:
                flush()
        paragraph.append(line)
    flush()


def _ended(previous: _Line, paragraph: list[_Line]) -> bool:
    """Did the line above end its sentence or item, rather than wrap onto this one?

    "... (under\n18) were identified" must not start item 18: a wrapped line runs to the
    margin and does not close with punctuation.
    """
    if previous.text.rstrip().endswith((".", ":", ";", "!", "?", '"', "”")):
        return True
    widest = max(line.right - line.left for line in paragraph)
    return (previous.right - previous.left) < SHORT_LINE_RATIO * widest


def _is_bold_heading(paragraph: list[_Line]) -> bool:
    """A short, bold, one-line paragraph without a closing full stop is a heading."""
    if len(paragraph) != 1 or not paragraph[0].bold:
        return False
    text = paragraph[0].text.strip()
    return len(text) <= BOLD_HEADING_MAX_CHARS and not text.endswith(".") and split_number(text)[0] is None


_CONNECTORS = ("and", "of", "the", "for", "to", "in", "on", "with", "-", "–", ":", "&")


def _continues_heading(previous: _Line, line: _Line) -> bool:
    """A wrapped heading: same size, close below, and reading on from the line above."""
    close = 0 <= line.top - previous.bottom < (line.bottom - line.top)
    same_size = abs(previous.size - line.size) < 1
    reads_on = line.text[:1].islower() or previous.text.rstrip().lower().endswith(_CONNECTORS)
    return close and same_size and reads_on


def _has_ruling(page: pdfium.PdfPage) -> bool:
    """Whether the page, or a form drawn on it, draws at least TABLE_PATH_THRESHOLD paths.

    The objects pypdfium2's `get_objects(max_depth=2)` gives (those of forms on the page,
    not of forms inside those), counted through pdfium itself: pypdfium2 wraps each one.
    """
    count = 0
    for obj in _objects(page.raw, max_depth=2):
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_PATH:
            count += 1
            if count >= TABLE_PATH_THRESHOLD:
                return True
    return False


def _objects(raw_page, *, max_depth: int, form=None, level: int = 0):
    """The page's objects as pypdfium2's `get_objects(max_depth=...)` walks them, unwrapped."""
    count_objects, get_object = ((pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject) if form
                                 else (pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject))
    parent = form or raw_page
    count = count_objects(parent)
    if count < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for index in range(count):
        obj = get_object(parent, index)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        yield obj
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
            yield from _objects(raw_page, max_depth=max_depth, form=obj, level=level + 1)


def read_pdf(path: Path, data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES,
             ocr_settings: ocr.OcrSettings | None = None) -> tuple[list[Block], int, dict[str, str], int]:
    """Read a PDF into blocks, tables found by pdfplumber on ruled pages, scanned pages by OCR.

    Returns (blocks, pages, properties, number of pages read by OCR).
    """
    settings = ocr_settings or ocr.OcrSettings()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedDocument(f"{path.name}: the PDF is password-protected") from e
        raise UnreadableDocument(f"{path.name}: not a readable PDF ({e})") from e
    # Closed after a full read only: on an exception the document is left to be closed when
    # collected, because an interrupt (the ingest timeout) may have caught a page half
    # opened, and pypdfium2 must close such a page before its document.
    page_count = len(pdf)
    if page_count > max_pages:
        raise TooLarge(f"{path.name}: {page_count} pages, more than the limit of {max_pages} (--max-pages)")
    if page_count == 0:
        raise UnreadableDocument(f"{path.name}: the PDF has no pages")
    properties = {key.lower(): value for key, value in pdf.get_metadata_dict(skip_empty=True).items()
                  if key in ("Title", "Author", "CreationDate")}
    page_lines: list[list[_Line]] = []
    tables: dict[int, list] = {}
    queue = ocr.PageQueue(path.name, settings, ocr_table_cells) if settings.mode != "never" else None
    try:
        for index in range(page_count):
            _read_page(path, pdf, index, page_lines, tables, queue, settings)
        scanned = queue.results() if queue else {}
    finally:
        if queue:
            queue.close()
    pdf.close()
    confidences = {}
    for index, (read, scale) in scanned.items():
        page_lines[index], tables[index], confidences[index] = read_scanned(path, read, scale)
    if not any(page_lines):
        if settings.mode == "never":
            raise NeedsOCR(f"{path.name}: no text layer on any of {page_count} pages (a scan?): "
                           f"needs OCR, which --ocr never turns off")
        raise EmptyDocument(f"{path.name}: no text found on any of {page_count} pages, by OCR either")
    return place_pages(page_lines, tables, confidences), page_count, properties, len(scanned)


def _read_page(path: Path, pdf: pdfium.PdfDocument, index: int, page_lines: list[list[_Line]],
               tables: dict[int, list], queue: ocr.PageQueue | None, settings: ocr.OcrSettings) -> None:
    """Read one page's text layer and tables, or hand the page to OCR when its text is unusable."""
    # Opened inside the try, so that a timeout raised at any point still closes them.
    page = textpage = None
    try:
        page = pdf[index]
        textpage = page.get_textpage()
        height = page.get_height()
        lines = _page_lines(textpage, height)
        if queue and (settings.mode == "always" or not _text_usable(lines, page)):
            page_lines.append([])
            queue.submit(index, _render(page, settings))
            return
        page_lines.append(lines)
        if _has_ruling(page):
            found = _find_tables(path, page, textpage, height)
            if found:
                tables[index] = found
    finally:
        if textpage is not None:
            textpage.close()
        if page is not None:
            page.close()


#: Resolution a scanned page is rendered at for OCR (Tesseract reads 10-point type well from 250 dpi).
OCR_DPI = 250
#: A page with fewer characters than this that shows an image is a scan with a few words stamped on.
SCAN_MAX_CHARS = 40
#: A text layer is garbage when fewer of its characters than this are readable, or are letters and digits.
READABLE_SHARE, ALPHANUMERIC_SHARE = 0.8, 0.5


#: Letters and digits, as `str.isalnum` has them.
_ALPHANUMERIC = re.compile(r"[^\W_]")


def _text_usable(lines: list[_Line], page: pdfium.PdfPage) -> bool:
    """Whether a page's text layer can be read as it is, rather than by OCR.

    Not when it has no characters, when its characters have no Unicode mappings (pdfium
    gives U+FFFD, control or private-use characters) or are mostly not letters and digits
    (glyph codes read as text), or when it is a page image with only a few words on it.
    """
    text = "".join(line.text for line in lines).replace(" ", "")
    if not text:
        return False
    if text.isprintable():  # no control or private-use characters: only U+FFFD to count
        readable = len(text) - text.count("\ufffd")
    else:
        readable = sum(1 for char in text
                       if char.isprintable() and char != "\ufffd" and not "\ue000" <= char <= "\uf8ff")
    alphanumeric = len(text) - len(_ALPHANUMERIC.sub("", text))
    if readable < READABLE_SHARE * len(text) or alphanumeric < ALPHANUMERIC_SHARE * len(text):
        return False
    return len(text) >= SCAN_MAX_CHARS or not _has_image(page)


def _has_image(page: pdfium.PdfPage) -> bool:
    return any(pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE
               for obj in _objects(page.raw, max_depth=MAX_FORM_DEPTH))


def _render(page: pdfium.PdfPage, settings: ocr.OcrSettings):
    """The page as a greyscale image for OCR, and its scale (pixels per point): OCR_DPI, or less
    where a page that large would pass the pixel limit."""
    width, height = page.get_size()
    scale = min(OCR_DPI / 72, (settings.max_pixels / max(width * height, 1)) ** 0.5)
    return page.render(scale=scale, grayscale=True).to_pil().copy(), scale


def read_scanned(path: Path, read: ocr.OcrPage, scale: float) -> tuple[list[_Line], list, float | None]:
    """A page read by OCR as a text layer's page: its lines, its ruled tables, its mean confidence."""
    confidence = read.confidence
    return ocr_lines(read, scale), ocr_tables(path, read, scale), round(confidence, 1) if confidence else None


def ocr_lines(read: ocr.OcrPage, scale: float) -> list[_Line]:
    """OCR lines outside table cells as text-layer lines, in points from the top of the page:
    the same grouping follows."""
    runs = [_Line(_ocr_marks(line.text), line.left / scale, line.top / scale, line.bottom / scale,
                  line.size / scale, line.bold, line.right / scale, line.confidence)
            for line in read.lines if line.cell is None]
    lines = _runs_to_lines(runs)
    for line, text in zip(lines, _hyphens_joined([line.text for line in lines])):
        line.text = text
    return [line for line in lines if line.text]


#: A line that ends in a word broken at a hyphen, and a line that goes on with the word's end.
_BROKEN_WORD = re.compile(r"[^\W\d_]-$")
_WORD_END = re.compile(r"^([a-z][^\s]*)\s*")


def _hyphens_joined(texts: list[str]) -> list[str]:
    """Lines with a word broken at a hyphen across two lines put back together on the first
    ("Prevent Co-" and "ordinator and ..." to "Prevent Co-ordinator" and "and ..."): a text
    layer joins such words itself, and the extractors read a name's role up to its word's end.
    The hyphen stays: in a paper set without automatic hyphenation a hyphen at a line's end
    is the word's own."""
    texts = list(texts)
    for index in range(len(texts) - 1):
        end = _WORD_END.match(texts[index + 1])
        if _BROKEN_WORD.search(texts[index]) and end:
            texts[index] += end.group(1)
            texts[index + 1] = texts[index + 1][end.end():]
    return texts


#: What OCR makes of a bullet ("e", "¢", "«", "©", "o", with a speck: "e.-") and of a paragraph
#: number's full stop ("3..", "4.,").
#: A comma alone is left: "2, June" may be a date.
_OCR_BULLET = re.compile(r"^[e¢«©°o»*•■][.,\-—–]{0,2}\s+(?=\S)")
_OCR_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})(?:\.\.|\.,|\.;)(?=\s)")


#: A name's initial after a title, its full stop read as a colon or comma ("Councillor J: Kent").
_OCR_INITIAL = re.compile(r"\b((?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\.? [A-Z])[:,;](?= [A-Z][a-z])")
#: A name's capital I read as a small l (in sans-serif type the two are one glyph), where a name
#: stands before a surname: after a title; or at the start of a line, a bracket or a label's
#: value when no English word starts so (l before a consonant) or it is Ian, the commonest such
#: name ("Presented by: lan Stubbs", "(lan Day - 01274 ...)").
_OCR_CAPITAL_I = re.compile(r"(\b(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr)\.? )l(?=[a-z]+ [A-Z][a-z])"
                            r"|(^|\(|: )l(?=(?:[bcdfghjkmnpqrstvwxz][a-z]*|an) [A-Z][a-z])")
#: A list item's letter read twice, in both cases ("Cc)" for "c)"): the letters whose capital is
#: their small letter enlarged.
_OCR_ITEM_LETTER = re.compile(r"^([CcOoSsVvWwXxZz])(?=([a-z])\))", re.IGNORECASE)
#: The full stop inside an email address's name read as a colon, semicolon or comma.
_OCR_EMAIL = re.compile(r"(?<![^\s(<])([\w.-]+)[:;,]([\w.-]+@[\w-]+(?:\.[\w-]+)+)")


def _ocr_marks(text: str) -> str:
    """A bullet, paragraph number, list letter, initial, name or email address as the paper
    printed it, where OCR misread its mark or letter."""
    text = _OCR_BULLET.sub("• ", text)
    text = _OCR_INITIAL.sub(r"\1.", text)
    text = _OCR_CAPITAL_I.sub(lambda found: (found.group(1) or found.group(2) or "") + "I", text)
    text = _OCR_EMAIL.sub(r"\1.\2", text)
    if (doubled := _OCR_ITEM_LETTER.match(text)) and doubled.group(1).lower() == doubled.group(2):
        text = text[1:]
    return _OCR_NUMBER.sub(r"\1.", text)


def place_pages(page_lines: list[list[_Line]], tables: dict[int, list],
                ocr_confidences: dict[int, float | None] | None = None) -> list[Block]:
    """Blocks of every page in reading order, headings found against the body text's size;
    the tables of a page read by OCR carry that page's confidence."""
    body_size = _median_size([line for lines in page_lines for line in lines]) or 10.0
    _repeat_headers(tables)
    builder = BlockBuilder()
    for index, lines in enumerate(page_lines):
        page_tables = tables.get(index, [])
        outside = [line for line in lines if not any(_inside(line, bbox) for bbox, _ in page_tables)]
        page_chars = sum(len(line.text) for line in lines)
        page_size = _median_size(lines) if page_chars >= PAGE_BODY_MIN_CHARS else None
        _place(builder, outside, page_tables, index + 1, max(page_size or 0, body_size),
               (ocr_confidences or {}).get(index))
    return builder.blocks


def _median_size(lines: list[_Line]) -> float | None:
    """The font size most of the text is set in (weighted by characters)."""
    sizes = sorted((line.size, len(line.text)) for line in lines)
    total = sum(count for _, count in sizes)
    seen = 0
    for size, count in sizes:
        seen += count
        if seen * 2 >= total:
            return size
    return None


def _inside(line: _Line, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    middle = (line.top + line.bottom) / 2
    return top - 1 <= middle <= bottom + 1 and x0 - 1 <= line.left <= x1 + 1


def _place(builder: BlockBuilder, lines: list[_Line], tables, page_number: int, body_size: float,
           ocr_confidence: float | None = None) -> None:
    """Emit text and tables of one page in their vertical order."""
    pending = sorted(tables, key=lambda table: table[0][1])
    chunk: list[_Line] = []
    for line in lines:
        while pending and pending[0][0][1] < line.top:
            _lines_to_blocks(chunk, builder, page_number, body_size)
            chunk = []
            builder.add_table(pending.pop(0)[1], page=page_number, ocr_confidence=ocr_confidence)
        chunk.append(line)
    _lines_to_blocks(chunk, builder, page_number, body_size)
    for _, rows in pending:
        builder.add_table(rows, page=page_number, ocr_confidence=ocr_confidence)


#: A header cell is short text, not a number or a sentence.
HEADER_CELL_MAX_CHARS = 60


def _looks_like_header(row: list[str | None]) -> bool:
    cells = [(cell or "").strip() for cell in row]
    filled = [cell for cell in cells if cell]
    return len(filled) >= 2 and all(len(cell) <= HEADER_CELL_MAX_CHARS and not cell[:1].isdigit() for cell in filled)


def _repeat_headers(tables: dict[int, list]) -> None:
    """Give a table continued from the previous page the header row it lost at the break.

    A Word table that runs over pages repeats its header only if the author asked; the
    extractors find column roles from headers, so a continuation with the same number of
    columns as the last table on the page before gets that table's header row.
    """
    for index in sorted(tables):
        previous = tables.get(index - 1)
        if not previous or not tables[index]:
            continue
        last_rows = previous[-1][1]
        bbox, rows = tables[index][0]
        header = last_rows[0]
        if len(rows[0]) == len(header) and rows[0] != header and _looks_like_header(header) \
                and not _looks_like_header(rows[0]):
            tables[index][0] = (bbox, [header, *rows])


#: pdfplumber's default `table_settings` for the "lines" strategy, which these tables follow.
SNAP_TOLERANCE = plumber_table.DEFAULT_SNAP_TOLERANCE
JOIN_TOLERANCE = plumber_table.DEFAULT_JOIN_TOLERANCE
INTERSECTION_TOLERANCE = 3
EDGE_MIN_LENGTH_PREFILTER = 1
EDGE_MIN_LENGTH = 3
#: Forms nested deeper than this are not searched for ruling lines.
MAX_FORM_DEPTH = 2
_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _find_tables(path: Path, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage,
                 height: float) -> list[tuple[tuple[float, float, float, float], list[list[str | None]]]]:
    """Tables of a ruled page, found as pdfplumber's "lines" strategy finds them: [(bbox, rows)]."""
    try:
        tables = _lattice(_page_edges(page, height))
        if not tables:
            return []
        chars = _page_chars(textpage, height)
        middles = list(map(_MIDDLE_Y, chars))
        found = []
        for table in tables:
            rows = _table_rows(table, chars, middles)
            if rows and max(len(row) for row in rows) >= 2:
                found.append((table.bbox, rows))
        return found
    except (ValueError, ZeroDivisionError, IndexError) as e:  # degenerate geometry in a malformed page
        raise UnreadableDocument(f"{path.name}: tables could not be read ({type(e).__name__}: {e})") from e


def _lattice(edges: list[dict]) -> list[plumber_table.Table]:
    """The tables pdfplumber's "lines" strategy finds where these edges cross."""
    edges = filter_edges(edges, "v", min_length=EDGE_MIN_LENGTH_PREFILTER) + filter_edges(
        edges, "h", min_length=EDGE_MIN_LENGTH_PREFILTER)
    return [plumber_table.Table(None, group) for group in _cell_groups(edges, JOIN_TOLERANCE)]


def _cell_groups(edges: list[dict], join_tolerance: float) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's lattice from edges already filtered by length: edges snapped and joined
    (across gaps up to `join_tolerance`), their crossings, and the cells they close, grouped
    into tables."""
    edges = plumber_table.merge_edges(edges, snap_x_tolerance=SNAP_TOLERANCE, snap_y_tolerance=SNAP_TOLERANCE,
                                      join_x_tolerance=join_tolerance, join_y_tolerance=join_tolerance)
    edges = filter_edges(edges, min_length=EDGE_MIN_LENGTH)
    intersections = plumber_table.edges_to_intersections(edges, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    return plumber_table.cells_to_tables(intersections_to_cells(intersections))


_EDGE_BOX = operator.itemgetter("x0", "top", "x1", "bottom")


def intersections_to_cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """pdfplumber's `intersections_to_cells`, cell for cell, without its repeated work.

    For each crossing point, in order, the smallest cell it is the top left corner of: the
    first point below it joined to it by a vertical edge and the first point to its right
    joined by a horizontal one whose far corner closes the box. pdfplumber rebuilds the
    sets of edges through two points at every test and scans every later point for those
    below and to the right; here each point's edges are made sets once, and the points
    below and to the right are read from its column and row.
    """
    vertical = {point: set(map(_EDGE_BOX, edges["v"])) for point, edges in intersections.items()}
    horizontal = {point: set(map(_EDGE_BOX, edges["h"])) for point, edges in intersections.items()}

    def connects(p1: tuple[float, float], p2: tuple[float, float]) -> bool:
        return (p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2])) or \
            (p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2]))

    points = sorted(intersections)
    columns: dict[float, list] = {}
    rows: dict[float, list] = {}
    for point in points:  # both in the points' order: a column by top, a row by x
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    cells = []
    for point in points:
        column, row = columns[point[0]], rows[point[1]]
        below = column[bisect.bisect_right(column, point):]
        right = row[bisect.bisect_right(row, point):]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(point, below, right, intersections, connects) -> tuple[float, float, float, float] | None:
    for below_point in below:
        if not connects(point, below_point):
            continue
        for right_point in right:
            if not connects(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in intersections and connects(corner, right_point) and connects(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None


def ocr_tables(path: Path, read: ocr.OcrPage, scale: float) -> list[tuple[tuple[float, float, float, float], list]]:
    """Ruled tables of a scanned page, each cell holding the lines OCR read in it: [(bbox, rows)] in points."""
    texts: dict[tuple[int, int], list[str]] = {}
    for line in sorted(read.lines, key=lambda line: line.top):
        if line.cell is not None:
            texts.setdefault(line.cell, []).append(_ocr_marks(line.text))
    texts = {cell: [text for text in _hyphens_joined(lines) if text] for cell, lines in texts.items()}
    found = []
    for number, cells in enumerate(read.tables):
        index = {cell: cell_number for cell_number, cell in enumerate(cells)}
        table = plumber_table.Table(None, cells)
        rows = [[None if cell is None else "\n".join(texts.get((number, index[cell]), [])) for cell in row.cells]
                for row in table.rows]
        found.append((tuple(value / scale for value in table.bbox), rows))
    return found


#: Scanned ruling lines are joined across gaps of up to this many points: a scan breaks thin lines.
OCR_JOIN_TOLERANCE = 8


def ocr_table_cells(rulings: list[ocr.Box], scale: float) -> list[list[ocr.Box]]:
    """The ruled tables of two columns or more that a scanned page's ruling lines make, each a
    list of its cells: found as a text layer's are, from lines in pixels (`scale` per point)
    to cells in pixels. Geometry too degenerate to make tables of gives none."""
    try:
        tables = _cell_groups(filter_edges(_ruling_edges(rulings, scale), min_length=EDGE_MIN_LENGTH_PREFILTER),
                              OCR_JOIN_TOLERANCE)
    except (ValueError, ZeroDivisionError, IndexError):
        return []
    return [[tuple(value * scale for value in cell) for cell in cells] for cells in tables
            if len({cell[0] for cell in cells}) >= 2]


def _ruling_edges(rulings: list[tuple[float, float, float, float]], scale: float) -> list[dict]:
    """A scanned page's ruling lines (pixels) as the edges a text layer's paths give (points)."""
    edges = []
    for left, top, right, bottom in rulings:
        left, top, right, bottom = left / scale, top / scale, right / scale, bottom / scale
        if right - left >= bottom - top:
            edges.append(_edge(left, (top + bottom) / 2, right, (top + bottom) / 2, "line", "h"))
        else:
            edges.append(_edge((left + right) / 2, top, (left + right) / 2, bottom, "line", "v"))
    return edges


def _table_rows(table: plumber_table.Table, chars: list[_Char], middles: list[float]) -> list[list[str | None]]:
    """Cell texts row by row, as pdfplumber's `Table.extract` gives them: a char belongs to
    the cell holding its centre. `chars` are sorted by their vertical centre (`middles`), so
    each row takes its band by bisection instead of testing every char of the page."""
    rows = []
    for row in table.rows:
        _, top, _, bottom = row.bbox
        band = chars[bisect.bisect_left(middles, top):bisect.bisect_left(middles, bottom)]
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            x0, top, x1, bottom = cell
            texts.append(chars_to_text([char for char in band if x0 <= char[5] < x1 and top <= char[6] < bottom]))
        rows.append(texts)
    return rows


#: A page character for table cells: (text, x0, x1, top, bottom, middle x, middle y), measured from the top of the page.
_Char = tuple[str, float, float, float, float, float, float]
#: pdfplumber's defaults for telling words and lines apart, and the ligatures it spells out.
X_TOLERANCE = Y_TOLERANCE = 3
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_FIRST, _LEFT, _TOP, _MIDDLE_Y = (operator.itemgetter(i) for i in (0, 1, 3, 6))


def chars_to_text(chars: list[_Char]) -> str:
    """The text of a cell's characters, as pdfplumber's `extract_text` (its defaults, upright text) gives it.

    Characters are clustered into lines by their tops, each line read left to right and cut
    into words at spaces and at gaps wider than X_TOLERANCE; words are then clustered into
    lines by their tops again, and joined by spaces and line breaks. Every step, stable sorts
    included, is pdfplumber's, so overlapping characters come out in the same order; only
    the dictionaries per character are left out, which cost more than the rest together.
    """
    words: list[tuple[float, str]] = []  # (top, text)
    for line in _cluster(chars, _TOP, Y_TOLERANCE):
        line.sort(key=_LEFT)
        word: list[_Char] = []
        for char in line:
            if char[0].isspace():
                _end_word(word, words)
                word = []
            elif word and (char[1] < word[-1][1] or char[1] > word[-1][2] + X_TOLERANCE
                           or abs(char[3] - word[-1][3]) > Y_TOLERANCE):
                _end_word(word, words)
                word = [char]
            else:
                word.append(char)
        _end_word(word, words)
    lines = _cluster(words, _FIRST, Y_TOLERANCE)
    return "\n".join(" ".join(text for _, text in line) for line in lines)


def _end_word(word: list[_Char], words: list[tuple[float, str]]) -> None:
    if word:
        words.append((min(map(_TOP, word)), "".join(LIGATURES.get(char[0], char[0]) for char in word)))


def _cluster(items: list, key, tolerance: float) -> list[list]:
    """pdfplumber's `cluster_objects`: items grouped by key values that lie within `tolerance`
    of the previous value, groups in order of their values, items in their given order."""
    keys = list(map(key, items))
    group_of, group, last = {}, -1, None
    for value in sorted(set(keys)):
        if last is None or value > last + tolerance:
            group += 1
        group_of[value] = group
        last = value
    if group == 0:
        return [list(items)]
    groups: list[list] = [[] for _ in range(group + 1)]
    for item, value in zip(items, keys):
        groups[group_of[value]].append(item)
    return groups


def _page_chars(textpage: pdfium.PdfTextPage, height: float) -> list[_Char]:
    """A page's characters, sorted by their vertical centre, from pdfium's loose (font-sized)
    boxes, which match pdfminer's character boxes more closely than glyph boxes.

    pdfium reports some real spaces as generated ones, without height: they are kept, on the
    line of the character before, or "Mossy Bank public" would read "Mossy Bankpublic".
    """
    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    box_ref = ctypes.byref(box)
    unicode_of, loose_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    chars: list[_Char] = []
    previous: tuple[float, float] | None = None  # top and bottom of the last character kept
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = unicode_of(raw, index)
        if code in (0, 10, 13, 0xFFFE, 0xFFFF):
            continue
        if code == 2:  # pdfium's mark for a soft hyphen ending a line
            code = 0x2D
        if not loose_box(raw, index, box_ref):
            continue
        top, bottom = height - box.top, height - box.bottom
        if code == 32 and previous and bottom - top < (previous[1] - previous[0]) / 2:
            top, bottom = previous
        previous = (top, bottom)
        chars.append((chr(code), box.left, box.right, top, bottom, (box.left + box.right) / 2, (top + bottom) / 2))
    chars.sort(key=_MIDDLE_Y)
    return chars


def _page_edges(page: pdfium.PdfPage, height: float) -> list[dict]:
    """The edges pdfplumber would derive from a page's lines, rectangles and curves.

    pdfminer splits each painted path into subpaths and calls a two-point subpath a line, a
    closed axis-aligned four-sided one a rectangle (four edges) and anything else a curve
    (an edge between each pair of consecutive points); the same rules are applied here to
    pdfium's path segments, in page coordinates measured from the top as pdfplumber does.
    """
    edges: list[dict] = []
    for obj, matrix in _path_objects(page):
        for shape, points in _subpaths(obj, matrix):
            points = [(x, height - y) for x, y in points]
            if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
                shape = shape[:-2] + "h"
                points.pop()
            if shape in ("mlh", "ml"):
                (x0, y0), (x1, y1) = points[0], points[1]
                edges.append(_edge(x0, y0, x1, y1, "line", "h" if y0 == y1 else "v"))
            elif shape in ("mlllh", "mllll") and _is_rect(points):
                (x0, y0), (x2, y2) = points[0], points[2]
                left, right, top, bottom = min(x0, x2), max(x0, x2), min(y0, y2), max(y0, y2)
                edges += [_edge(left, top, right, top, "rect_edge", "h"),
                          _edge(left, bottom, right, bottom, "rect_edge", "h"),
                          _edge(left, top, left, bottom, "rect_edge", "v"),
                          _edge(right, top, right, bottom, "rect_edge", "v")]
            else:
                for (x0, y0), (x1, y1) in zip(points, points[1:]):
                    orientation = "v" if x0 == x1 else ("h" if y0 == y1 else None)
                    edges.append(_edge(x0, y0, x1, y1, "curve_edge", orientation))
    return edges


def _is_rect(points: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = points
    square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
    return points[0] == points[4] and square


def _edge(x0: float, y0: float, x1: float, y1: float, object_type: str, orientation: str | None) -> dict:
    left, right, top, bottom = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return {"object_type": object_type, "x0": left, "x1": right, "top": top, "bottom": bottom, "doctop": top,
            "width": right - left, "height": bottom - top, "orientation": orientation}


def _path_objects(page: pdfium.PdfPage):
    """Each path object of a page with the matrix that maps it to page space, forms included."""

    def walk(count: int, get, parent: tuple[float, ...], depth: int):
        for index in range(count):
            obj = get(index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, _compose(_matrix(obj), parent)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                yield from walk(pdfium_c.FPDFFormObj_CountObjects(obj),
                                lambda i, form=obj: pdfium_c.FPDFFormObj_GetObject(form, i),
                                _compose(_matrix(obj), parent), depth + 1)

    raw = page.raw
    yield from walk(pdfium_c.FPDFPage_CountObjects(raw), lambda i: pdfium_c.FPDFPage_GetObject(raw, i), _IDENTITY, 0)


def _matrix(obj) -> tuple[float, ...]:
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
        return _IDENTITY
    return (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _subpaths(obj, matrix: tuple[float, ...]):
    """A painted path's subpaths as pdfminer sees them: (shape such as "mlllh", points).

    Each operator keeps only its end point (a Bézier curve is three pdfium segments, of
    which the last is the end); a closing segment adds "h" back at the start point.
    """
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) and not (fill.value or stroke.value):
        return
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    shape: list[str] = []
    points: list[tuple[float, float]] = []
    curve_points = 0
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(shape) > 1:
                yield "".join(shape), points
            shape, points, curve_points = ["m"], [point], 0
        elif not shape:
            continue  # a path must open with a move; pdfminer drops one that does not
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curve_points += 1
            if curve_points % 3 == 0:
                shape.append("c")
                points.append(point)
        else:
            shape.append("l")
            points.append(point)
        if shape and pdfium_c.FPDFPathSegment_GetClose(segment):
            shape.append("h")
            points.append(points[0])
    if len(shape) > 1:
        yield "".join(shape), points
