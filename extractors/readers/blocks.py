"""Assemble `Block`s in reading order, tracking the nearest heading.

Every reader feeds paragraphs, headings and tables into a `BlockBuilder`, so that
paragraph numbers, bullets and headings are handled the same way for every format.
"""

from __future__ import annotations

import re

from extractors.readers.numbering import split_number, strip_bullet
from schemas.document import Block, BlockKind

_SOFT_HYPHEN = re.compile(r"\x02[ \t]*\n[ \t]*")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009]+")


def clean_text(text: str) -> str:
    """Fold runs of spaces and tabs and strip each line, keeping line breaks."""
    # pdfium marks a word broken at a line end with \x02 (a soft hyphen): join the halves.
    text = _SOFT_HYPHEN.sub("", text).replace("\x02", "-")
    lines = [_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


class BlockBuilder:
    """Collects blocks for one document; remembers the current heading."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.heading: str | None = None

    def add_heading(self, text: str, *, page: int, level: int | None = None,
                    ocr_confidence: float | None = None) -> None:
        text = clean_text(text).replace("\n", " ")
        if not text:
            return
        number, rest = split_number(text)
        self.blocks.append(Block(kind=BlockKind.heading, page=page, text=rest or text, number=number,
                                 level=level, heading=self.heading, ocr_confidence=ocr_confidence))
        self.heading = rest or text

    def add_paragraph(self, text: str, *, page: int, list_item: bool = False,
                      number: str | None = None, level: int | None = None,
                      ocr_confidence: float | None = None) -> None:
        """Add a paragraph; a leading bullet makes it a list item, a leading number is split off."""
        text = clean_text(text)
        if not text:
            return
        bulleted, text = strip_bullet(text)
        if number is None:
            number, text = split_number(text)
        if not text.strip():
            return
        kind = BlockKind.list_item if (list_item or bulleted) else BlockKind.paragraph
        self.blocks.append(Block(kind=kind, page=page, text=text.strip(), number=number, level=level,
                                 heading=self.heading, ocr_confidence=ocr_confidence))

    def add_note(self, text: str, *, page: int) -> None:
        text = clean_text(text)
        if text:
            self.blocks.append(Block(kind=BlockKind.note, page=page, text=text, heading=self.heading))

    def add_table(self, rows: list[list[str | None]], *, page: int, ocr_confidence: float | None = None) -> None:
        """Add a table; cells keep their inner line breaks, empty rows are dropped."""
        cleaned = [tuple(clean_text(cell or "") for cell in row) for row in rows]
        cleaned = [row for row in cleaned if any(row)]
        if not cleaned:
            return
        text = "\n".join(" | ".join(cell.replace("\n", " ") for cell in row) for row in cleaned)
        self.blocks.append(Block(kind=BlockKind.table, page=page, text=text, rows=tuple(cleaned),
                                 heading=self.heading, ocr_confidence=ocr_confidence))
