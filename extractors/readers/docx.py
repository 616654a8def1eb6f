"""Read Word documents with python-docx: paragraphs and tables in document order.

Action plans live in tables, so tables are read where they stand in the body, each cell's
paragraphs kept as lines. Word's automatic numbering is not part of a paragraph's text, so
it is recomputed here from the numbering definitions ("1.", "a)") to keep the paper's own
paragraph numbers. DOCX has no fixed pages: every block is on page 1.

Page headers and footers (of every section, first-page and even-page ones included), text
boxes and watermarks are read as margin blocks, which the document keeps apart from its
body: they are where a protective marking is printed, not part of the paper's content.

A Word file compresses well: 232 KB can expand to 600,000 paragraphs, which would hold a
worker for the whole timeout. Paragraphs and table cells are counted before anything is
built from them, and a file with more than `MAX_BLOCKS` is refused, as a PDF with too
many pages is.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from extractors.errors import TooLarge, UnreadableDocument
from extractors.readers.blocks import BlockBuilder, clean_text
from schemas.document import Block, BlockKind

#: Parts of a Word package printed around the body of every page.
_MARGIN_PARTS = (CONTENT_TYPE.WML_HEADER, CONTENT_TYPE.WML_FOOTER)
#: A watermark is VML WordArt whose text is an attribute, not a run.
_VML_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"

#: The most paragraphs and table cells (body, headers and footers together) read from one
#: file: about fifty a page at the default page limit, far beyond any board pack.
MAX_BLOCKS = 100_000

_ROMAN = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(number: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out += letters
            number -= value
    return out


def _format_number(count: int, fmt: str) -> str | None:
    if fmt == "decimal":
        return str(count)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (count - 1) % 26)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(count) if fmt == "lowerRoman" else _roman(count).upper()
    return None  # bullets and anything exotic carry no number


class _Numbering:
    """Counts Word list paragraphs per list and level to recover their visible numbers."""

    def __init__(self, document: DocxDocument) -> None:
        self.formats: dict[tuple[str, int], str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract_formats: dict[str, dict[int, str]] = {}
        for abstract in numbering.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in abstract.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = fmt.get(qn("w:val")) if fmt is not None else "decimal"
            abstract_formats[abstract.get(qn("w:abstractNumId"))] = levels
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for level, fmt in abstract_formats.get(ref.get(qn("w:val")), {}).items():
                self.formats[(num.get(qn("w:numId")), level)] = fmt

    def number_of(self, paragraph: Paragraph) -> tuple[bool, str | None, int | None]:
        """(is a list item, its visible number or None, its level)."""
        numpr = _numbering_properties(paragraph)
        if numpr is None or numpr.numId is None:
            return False, None, None
        num_id = str(numpr.numId.val)
        level = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        if num_id == "0":
            return False, None, None
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        return True, _format_number(self.counters[key], self.formats.get(key, "decimal")), level


def _numbering_properties(paragraph: Paragraph):
    """The paragraph's own list numbering, or else the one its style (or a base style) sets."""
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        return ppr.numPr
    style = paragraph.style
    while style is not None:
        style_ppr = style.element.pPr
        if style_ppr is not None and style_ppr.numPr is not None:
            return style_ppr.numPr
        style = style.base_style
    return None


def _heading_level(paragraph: Paragraph) -> int | None:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title":
        return 0
    if name.startswith("Heading"):
        digits = name.removeprefix("Heading").strip()
        return int(digits) if digits.isdigit() else 1
    return None


def _cell_text(cell) -> str:
    """A cell's paragraphs (and nested tables) as lines."""
    lines = [p.text for p in cell.paragraphs]
    for nested in cell.tables:
        lines.extend(c.text for row in nested.rows for c in row.cells)
    return "\n".join(lines)


def _table_rows(table: Table) -> list[list[str]]:
    """Rows of cells; a horizontally merged cell is given once."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(_cell_text(cell))
        rows.append(cells)
    return rows


def read_docx(path: Path, data: bytes) -> tuple[list[Block], int, dict[str, str]]:
    """Read a .docx file into blocks."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise UnreadableDocument(f"{path.name}: not a readable Word document ({e})") from e
    body = document.element.body
    _check_blocks(path, [body, *_margin_elements(document)])
    numbering = _Numbering(document)
    builder = BlockBuilder()
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            level = _heading_level(paragraph)
            if level is not None:
                builder.add_heading(paragraph.text, page=1, level=level)
                continue
            is_item, number, list_level = numbering.number_of(paragraph)
            builder.add_paragraph(paragraph.text, page=1, list_item=is_item, number=number, level=list_level)
        elif child.tag == qn("w:tbl"):
            builder.add_table(_table_rows(Table(child, document)), page=1)
    core = document.core_properties
    properties = {key: str(value) for key, value in
                  (("title", core.title), ("author", core.author), ("created", core.created)) if value}
    return builder.blocks + _margin_blocks(document), 1, properties


def _check_blocks(path: Path, elements: list) -> None:
    """Raise TooLarge if `elements` hold more than MAX_BLOCKS paragraphs and table cells (counting stops there)."""
    count = 0
    for element in elements:
        for _ in element.iter(qn("w:p"), qn("w:tc")):
            count += 1
            if count > MAX_BLOCKS:
                raise TooLarge(f"{path.name}: more than {MAX_BLOCKS} paragraphs and table cells, more than any "
                               f"paper holds: not read")


def _margin_elements(document: DocxDocument) -> list:
    """The XML of the headers and footers of every section and page type."""
    return [part.element for part in document.part.package.iter_parts() if part.content_type in _MARGIN_PARTS]


def _margin_blocks(document: DocxDocument) -> list[Block]:
    """Headers, footers and watermarks of every section and page type, and the body's text boxes."""
    texts = [text for element in _margin_elements(document) for text in _element_lines(element)]
    texts += [text for box in document.element.body.iter(qn("w:txbxContent")) for text in _element_lines(box)]
    return [Block(kind=BlockKind.margin, page=1, text=text) for text in map(clean_text, texts) if text]


def _element_lines(element) -> list[str]:
    """Each paragraph of an XML element (tables and text boxes within it too) as a line, and its watermarks."""
    lines = []
    for paragraph in element.iter(qn("w:p")):
        # A text box anchored in the paragraph is a paragraph of its own, not part of this line.
        own = [node for node in paragraph.iter(qn("w:t"), qn("w:tab"))
               if next(node.iterancestors(qn("w:p")), None) is paragraph]
        lines.append("".join(node.text or "" if node.tag == qn("w:t") else "\t" for node in own))
    lines.extend(path.get("string", "") for path in element.iter(_VML_TEXTPATH))
    return lines
