"""Read plain text and Markdown: paragraphs split on blank lines, pages on form feeds."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from extractors.errors import EmptyDocument, UnsupportedFormat
from extractors.readers.blocks import BlockBuilder
from extractors.readers.numbering import split_number, strip_bullet
from schemas.document import Block

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TAB_ROW = re.compile(r"\t")


#: Byte-order marks of the Unicode encodings Windows saves text in ("Unicode" is UTF-16),
#: longest first: the UTF-32 little-endian mark starts with the UTF-16 one.
BOM_ENCODINGS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                 (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
TEXT_BOMS = tuple(bom for bom, _ in BOM_ENCODINGS)


def decode(data: bytes, path: Path) -> str:
    """Decode text bytes: by their byte-order mark if they have one (UTF-16 or UTF-32), else as
    UTF-8, falling back to Windows-1252 as older papers need."""
    for bom, encoding in BOM_ENCODINGS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    if b"\x00" in data[:4096]:
        raise UnsupportedFormat(f"{path.name}: binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_heading(line: str) -> bool:
    """Short lines without closing punctuation, in title or upper case, read as headings."""
    words = line.split()
    if not words or len(words) > 12 or len(line) > 90:
        return False
    if line.rstrip().endswith((".", ",", ";", ":", "-", "–")) or strip_bullet(line)[0]:
        return False
    if split_number(line)[0] is not None:
        return False
    capitals = sum(1 for word in words if word[:1].isupper() or not word[:1].isalpha())
    return capitals / len(words) >= 0.6


def text_to_blocks(text: str) -> tuple[list[Block], int]:
    """Turn text into blocks: form feeds split pages, blank lines paragraphs, tabs table rows.

    Tables flattened from Word, one cell a tab-led line, are rebuilt first (`_cell_tables`);
    the text around them is read chunk by chunk.
    """
    builder = BlockBuilder()
    pages = text.split("\f")
    for page_number, page_text in enumerate(pages, start=1):
        for kind, part in _cell_tables(page_text.split("\n")):
            if kind == "tables":
                for rows in part:
                    builder.add_table(rows, page=page_number)
            else:
                _chunks_to_blocks(builder, "\n".join(part), page_number)
    return builder.blocks, len(pages)


def _chunks_to_blocks(builder: BlockBuilder, page_text: str, page_number: int) -> None:
    """Read text between tables: blank lines split paragraphs, lines with tabs make table rows."""
    for chunk in re.split(r"\n\s*\n", page_text):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) >= 2 and all(_TAB_ROW.search(line) for line in lines):
            builder.add_table([line.split("\t") for line in lines], page=page_number)
            continue
        for item in _split_items(lines):
            heading = _MD_HEADING.match(item)
            if heading:
                builder.add_heading(heading.group(2), page=page_number, level=len(heading.group(1)))
            elif "\n" not in item and _looks_like_heading(item):
                builder.add_heading(item, page=page_number)
            else:
                builder.add_paragraph(item, page=page_number)


# Tables flattened from Word (seed 001): every cell starts on a new line with a tab, a cell's
# later lines and blank lines follow without one, an empty cell is a line of tabs only.

_CELL_START = re.compile(r"^\t+\S")
_TABS_ONLY = re.compile(r"^\t[\t ]*$")
_ROW_NUMBER = re.compile(r"^(\d{1,2})(?:[.)](?:\s|$)|$)")
#: Fewest numbered rows a run of tab-led lines needs to be read as a table.
MIN_TABLE_ROWS = 2
#: Most words a header cell has ("Time scale/resources", "Outcome/performance measure").
MAX_HEADER_WORDS = 8


def _cell_text(lines: list[str]) -> str:
    """A cell's text: its paragraphs (split on blank lines) one a line, wrapped lines rejoined."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        line = " ".join(line.replace("\t", " ").split())
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n".join(_join_lines(p) for p in paragraphs if p)


def _join_lines(lines: list[str]) -> str:
    """Lines of one paragraph joined by spaces; a line broken after a slash ("Service/" then
    "operational managers") joins without one."""
    text = ""
    for line in lines:
        text = f"{text}{line}" if not text or text.endswith("/") else f"{text} {line}"
    return text


def _row_number(cell: str) -> int | None:
    match = _ROW_NUMBER.match(cell)
    return int(match.group(1)) if match else None


def _region_end(lines: list[str], start: int) -> int:
    """Where a run of tab-led cells ends: at a Markdown heading, or at a heading-like line
    after a blank line once the last row is full (cells continue over blank lines, and a
    lead cell may open with an empty line, so only a heading after a full row ends them)."""
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if _MD_HEADING.match(line.strip()):
            return index
        if not line.startswith("\t") and line.strip() and not lines[index - 1].strip():
            if _looks_like_heading(line.strip()):
                tables = _group_cells(_cells(lines[start:index]))
                if not tables or not tables[-1]["rows"] or _row_full(tables[-1]):
                    return index
    return len(lines)


def _cells(lines: list[str]) -> list[str]:
    """The cells of a run of tab-led lines, in order."""
    cells: list[list[str]] = []
    for line in lines:
        if _CELL_START.match(line) or _TABS_ONLY.match(line):
            cells.append([line])
        elif cells:
            cells[-1].append(line)
    return [_cell_text(cell) for cell in cells]


def _cells_to_tables(cells: list[str]) -> list[list[list[str]]]:
    """Rows of the tables a run of cells holds, each cut to its width."""
    return [_fit_table(t) for t in _group_cells(cells) if len(t["rows"]) >= MIN_TABLE_ROWS]


def _group_cells(cells: list[str]) -> list[dict]:
    """Group cells into rows and tables.

    A cell opening with the next row number ("3.", "3. Prevent duties ...") starts a row;
    short cells before the first numbered cell are the header. A table without a header
    has the width of its rows, so once a row is full a cell without a number starts the
    next table (the header of an action plan that follows a benchmark table).
    """
    tables: list[dict] = []
    table: dict | None = None
    for cell in cells:
        number = _row_number(cell)
        rows = table["rows"] if table else []
        last_number = rows[-1][0] if rows else None
        if number is not None and (last_number is None or number == last_number + 1):
            if table is None or (number == 1 and last_number is not None):
                table = {"header": [], "rows": []}
                tables.append(table)
            table["rows"].append([number, cell])
        elif table is None or (rows and not table["header"] and _row_full(table) and len(rows) >= MIN_TABLE_ROWS):
            table = {"header": [cell], "rows": []}
            tables.append(table)
        elif not rows:
            table["header"].append(cell)
        else:
            rows[-1].append(cell)
    return tables


def _row_full(table: dict) -> bool:
    """Whether the last row has as many filled cells as the header, or as earlier rows have."""
    header = [cell for cell in table["header"] if cell]
    if len(header) >= 2:
        width = len(header)
    else:
        widths = [len([c for c in row[1:] if c]) for row in table["rows"][:-1]]
        if not widths:
            return False
        width = max(set(widths), key=widths.count)
    return len([c for c in table["rows"][-1][1:] if c]) >= width


def _fit_table(table: dict) -> list[list[str]]:
    """Rows cut to the table's width: trailing, then inner empty cells go; surplus cells
    join the last one (an outcome cell whose later paragraphs Word flattened as cells)."""
    header = [cell for cell in table["header"] if cell]
    header_ok = len(header) >= 2 and all(len(cell.split()) <= MAX_HEADER_WORDS for cell in header)
    rows = [row[1:] for row in table["rows"]]
    if header_ok:
        width = len(header)
    else:
        widths = [len([c for c in row if c]) for row in rows]
        width = max(set(widths), key=widths.count)
    fitted = [_fit_row(row, width) for row in rows]
    return [header, *fitted] if header_ok else fitted


def _fit_row(row: list[str], width: int) -> list[str]:
    row = list(row)
    while len(row) > width and not row[-1]:
        row.pop()
    index = 1
    while len(row) > width and index < len(row):
        if not row[index]:
            del row[index]
        else:
            index += 1
    if len(row) > width:
        row = row[:width - 1] + ["\n".join(cell for cell in row[width - 1:] if cell)]
    return row + [""] * (width - len(row))


def _cell_tables(lines: list[str]) -> list[tuple[str, list]]:
    """Split a page's lines into runs of plain text and runs of rebuilt tables."""
    parts: list[tuple[str, list]] = []
    plain: list[str] = []
    index = 0
    while index < len(lines):
        if _CELL_START.match(lines[index]):
            end = _region_end(lines, index)
            tables = _cells_to_tables(_cells(lines[index:end]))
            if tables:
                parts.append(("text", plain))
                parts.append(("tables", tables))
                plain = []
                index = end
                continue
        plain.append(lines[index])
        index += 1
    parts.append(("text", plain))
    return [part for part in parts if part[1]]


def _split_items(lines: list[str]) -> list[str]:
    """Within a chunk, each bullet or numbered line starts a new item; others continue it."""
    items: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        starts_item = strip_bullet(stripped)[0] or split_number(stripped)[0] is not None
        if not items or starts_item or _MD_HEADING.match(stripped):
            items.append([stripped])
        else:
            items[-1].append(stripped)
    return ["\n".join(item) for item in items]


def read_text(path: Path, data: bytes) -> tuple[list[Block], int, dict[str, str]]:
    """Read a .txt or .md file into blocks."""
    text = decode(data, path)
    if not text.strip():
        raise EmptyDocument(f"{path.name}: the file holds no text")
    blocks, pages = text_to_blocks(text)
    return blocks, pages, {}
