"""Read PDFs: pypdfium2 for the text layer, pdfplumber for pages that hold tables.

pdfplumber parses every character into Python objects, which is thorough and slow;
pdfium's text layer is fast. So each page is read with pdfium, and only a page that draws
ruling lines (the strokes a table is made of) is handed to pdfplumber to find its tables.
Text lines are grouped into paragraphs by their vertical gaps, and a line set in a larger
font than the body becomes a heading. Every pdfplumber page is closed after use, since
pdfplumber otherwise keeps each parsed page in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.errors import EncryptedDocument, NeedsOCR, TooLarge, UnreadableDocument
from extractors.readers.blocks import BlockBuilder
from extractors.readers.numbering import split_number, strip_bullet
from schemas.document import Block

#: A page drawing at least this many path objects may hold a ruled table.
TABLE_PATH_THRESHOLD = 6
#: Lines whose vertical gap exceeds this share of the line height start a new paragraph.
PARAGRAPH_GAP_RATIO = 0.75
#: A line whose font is this much larger than the page's body text is a heading.
HEADING_SIZE_RATIO = 1.18
DEFAULT_MAX_PAGES = 2000
#: A page with this much text sets its own body size (slides use larger type than reports).
PAGE_BODY_MIN_CHARS = 200
#: pdfium font weight from which text counts as bold.
BOLD_WEIGHT = 600
#: A bold paragraph of one line shorter than this reads as a heading.
BOLD_HEADING_MAX_CHARS = 90
#: A line shorter than this share of the paragraph's widest line did not wrap: it ended.
SHORT_LINE_RATIO = 0.8


@dataclass
class _Line:
    text: str
    left: float
    top: float  # distance from the top of the page, as pdfplumber measures
    bottom: float
    size: float
    bold: bool = False
    right: float = 0.0


def _page_lines(page: pdfium.PdfPage, height: float) -> list[_Line]:
    """Text runs of a page (pdfium rects) merged into lines, top to bottom."""
    textpage = page.get_textpage()
    try:
        runs = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if not text:
                continue
            char = textpage.get_index((left + right) / 2, (top + bottom) / 2, 2, 2)
            known = char is not None and char >= 0
            size = pdfium_c.FPDFText_GetFontSize(textpage.raw, char) if known else top - bottom
            bold = known and pdfium_c.FPDFText_GetFontWeight(textpage.raw, char) >= BOLD_WEIGHT
            runs.append(_Line(text, left, height - top, height - bottom, size or (top - bottom), bold, right))
    finally:
        textpage.close()
    return _runs_to_lines(runs)


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
                           max(r.size for r in group), all(r.bold for r in group), max(r.right for r in group)))
    return lines


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
            builder.add_heading(" ".join(line.text for line in heading), page=page_number)
            heading.clear()
        if paragraph:
            text = "\n".join(line.text for line in paragraph)
            if _is_bold_heading(paragraph):
                builder.add_heading(text, page=page_number)
            else:
                builder.add_paragraph(text, page=page_number)
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
    count = 0
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2):
        count += 1
        if count >= TABLE_PATH_THRESHOLD:
            return True
    return False


def read_pdf(path: Path, data: bytes, *, max_pages: int = DEFAULT_MAX_PAGES) -> tuple[list[Block], int, dict[str, str]]:
    """Read a PDF into blocks, tables found by pdfplumber on ruled pages."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedDocument(f"{path.name}: the PDF is password-protected") from e
        raise UnreadableDocument(f"{path.name}: not a readable PDF ({e})") from e
    try:
        page_count = len(pdf)
        if page_count > max_pages:
            raise TooLarge(f"{path.name}: {page_count} pages, more than the limit of {max_pages} (--max-pages)")
        if page_count == 0:
            raise UnreadableDocument(f"{path.name}: the PDF has no pages")
        properties = {key.lower(): value for key, value in pdf.get_metadata_dict(skip_empty=True).items()
                      if key in ("Title", "Author", "CreationDate")}
        page_lines: list[list[_Line]] = []
        ruled: list[int] = []
        for index in range(page_count):
            page = pdf[index]
            try:
                page_lines.append(_page_lines(page, page.get_height()))
                if _has_ruling(page):
                    ruled.append(index)
            finally:
                page.close()
    finally:
        pdf.close()
    if not any(page_lines):
        raise NeedsOCR(f"{path.name}: no text layer on any of {page_count} pages (a scan?): needs OCR")
    body_size = _median_size([line for lines in page_lines for line in lines]) or 10.0
    tables = _find_tables(path, data, ruled)
    _repeat_headers(tables)
    builder = BlockBuilder()
    for index, lines in enumerate(page_lines):
        page_tables = tables.get(index, [])
        outside = [line for line in lines if not any(_inside(line, bbox) for bbox, _ in page_tables)]
        page_chars = sum(len(line.text) for line in lines)
        page_size = _median_size(lines) if page_chars >= PAGE_BODY_MIN_CHARS else None
        _place(builder, outside, page_tables, index + 1, max(page_size or 0, body_size))
    return builder.blocks, page_count, properties


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


def _place(builder: BlockBuilder, lines: list[_Line], tables, page_number: int, body_size: float) -> None:
    """Emit text and tables of one page in their vertical order."""
    pending = sorted(tables, key=lambda table: table[0][1])
    chunk: list[_Line] = []
    for line in lines:
        while pending and pending[0][0][1] < line.top:
            _lines_to_blocks(chunk, builder, page_number, body_size)
            chunk = []
            builder.add_table(pending.pop(0)[1], page=page_number)
        chunk.append(line)
    _lines_to_blocks(chunk, builder, page_number, body_size)
    for _, rows in pending:
        builder.add_table(rows, page=page_number)


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


def _find_tables(path: Path, data: bytes, pages: list[int]) -> dict[int, list]:
    """Tables of the given pages, by pdfplumber: {page index: [(bbox, rows), ...]}."""
    if not pages:
        return {}
    import io

    found: dict[int, list] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for index in pages:
                page = pdf.pages[index]
                try:
                    for table in page.find_tables():
                        rows = table.extract()
                        if rows and max(len(row) for row in rows) >= 2:
                            found.setdefault(index, []).append((table.bbox, rows))
                finally:
                    page.close()
    except Exception as e:  # pdfminer raises many types on malformed content streams
        raise UnreadableDocument(f"{path.name}: tables could not be read ({type(e).__name__}: {e})") from e
    return found
