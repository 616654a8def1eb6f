"""Read Word documents with python-docx: paragraphs and tables in document order.

Action plans live in tables, so tables are read where they stand in the body, each cell's
paragraphs kept as lines. Word's automatic numbering is not part of a paragraph's text, so
it is recomputed here from the numbering definitions ("1.", "a)") to keep the paper's own
paragraph numbers. DOCX has no fixed pages: every block is on page 1.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from extractors.errors import UnreadableDocument
from extractors.readers.blocks import BlockBuilder
from schemas.document import Block

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
    numbering = _Numbering(document)
    builder = BlockBuilder()
    body = document.element.body
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
    return builder.blocks, 1, properties
