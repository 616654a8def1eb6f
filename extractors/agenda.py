"""Agenda tables: a meeting's items laid out as a "No. | Item" table, read as the paper they are.

Committee systems (ModernGov's "Agenda and minutes" page, many councils' own minute
templates) publish a meeting as one table: a number column and an item column whose cell
holds the item's title, its "Minutes:" label, the minute text and any decision. Read as a
table, none of that is prose to the extractors: the decision in item 3 is a table cell, the
officer who introduced item 5 is part of a cell. `expand_agenda_tables` turns each row into
what the paper means by it, before any extractor runs: the item's title as a heading with
the item's number, then its text as paragraphs (labels such as "Minutes:" and "Decision:"
on their own, bullets as list items), all on the table's page. Other tables are left alone.
"""

from __future__ import annotations

import re

from schemas.document import Block, BlockKind, Document

#: Header cells of the number column and of the item column of an agenda table.
_NUMBER_HEADER = re.compile(r"^(?:no\.?|item no\.?|number|ref\.?|minute(?: no\.?)?|#)$", re.IGNORECASE)
_ITEM_HEADER = re.compile(r"^(?:items?|subject|title|agenda item|business|minutes?)$", re.IGNORECASE)
#: Lines that are a label standing alone ("Minutes:", "Decision:", "RESOLVED -").
_LABEL = re.compile(r"^(?:minutes|decision|decisions|resolved|recommendations?|recommended|action)\s*[:\-–]?\s*$",
                    re.IGNORECASE)
_BULLET = re.compile(r"^\s*[\uf0b7•·▪‣◦\-–]\s*")
#: A line ending a sentence this much shorter than the cell's longest line ends a paragraph.
RAGGED_END = 0.85


def is_agenda_table(block: Block) -> bool:
    """Whether a table is a meeting's items: a header of a number column and an item column."""
    if block.kind != BlockKind.table or not block.rows or len(block.rows) < 2:
        return False
    header = [cell.strip() for cell in block.rows[0]]
    return len(header) == 2 and bool(_NUMBER_HEADER.match(header[0])) and bool(_ITEM_HEADER.match(header[1]))


def _paragraphs(lines: list[str]) -> list[tuple[BlockKind, str]]:
    """Cell lines regrouped into paragraphs, labels and bullets.

    Line breaks in a cell are mostly wrapping; a paragraph ends at a label, a bullet, or a
    line that closes a sentence well short of the cell's width (the ragged last line of a
    paragraph).
    """
    width = max((len(line) for line in lines), default=0)
    out: list[tuple[BlockKind, list[str]]] = []
    ended = True
    for line in lines:
        if _LABEL.match(line):
            out.append((BlockKind.paragraph, [line]))
            ended = True
            continue
        if _BULLET.match(line):
            text = _BULLET.sub("", line)
            out.append((BlockKind.list_item, [text] if text else []))
            ended = not text
        elif ended or not out:
            out.append((BlockKind.paragraph, [line]))
        else:
            out[-1][1].append(line)
        ended = line.endswith((".", ":", ";")) and len(line) < RAGGED_END * width
    return [(kind, "\n".join(parts)) for kind, parts in out if parts]


def _item_blocks(number: str, cell: str, page: int) -> list[Block]:
    lines = [line.strip() for line in cell.split("\n") if line.strip()]
    if not lines:
        return []
    title = lines[0]
    number = number.strip().rstrip(".") or None
    blocks = [Block(kind=BlockKind.heading, page=page, text=title, number=number)]
    for kind, text in _paragraphs(lines[1:]):
        blocks.append(Block(kind=kind, page=page, text=text, heading=title))
    return blocks


def expand_agenda_tables(document: Document) -> Document:
    """The document with each agenda table replaced by its items' headings and paragraphs."""
    if not any(is_agenda_table(block) for block in document.blocks):
        return document
    blocks: list[Block] = []
    for block in document.blocks:
        if not is_agenda_table(block):
            blocks.append(block)
            continue
        for row in block.rows[1:]:
            if len(row) == 2:
                blocks += _item_blocks(row[0], row[1], block.page)
    return document.model_copy(update={"blocks": tuple(blocks)})


__all__ = ["expand_agenda_tables", "is_agenda_table"]
