"""Hand-built documents for unit tests, as spaCy's tests construct a Doc by hand."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from schemas.document import Block, BlockKind, Document

#: The renderings of a corpus paper that a reader turns into a document.
RENDERINGS = (".txt", ".pdf", ".docx", ".pptx")


def heading(text: str, page: int = 1, number: str | None = None) -> Block:
    return Block(kind=BlockKind.heading, page=page, text=text, number=number)


def paragraph(text: str, number: str | None = None, page: int = 1) -> Block:
    return Block(kind=BlockKind.paragraph, page=page, text=text, number=number)


def item(text: str, page: int = 1) -> Block:
    """A list item."""
    return Block(kind=BlockKind.list_item, page=page, text=text)


def table(*rows: Sequence[str], page: int = 1, heading: str | None = None) -> Block:
    """A table of the given rows; its text joins the cells row by row, as the readers do."""
    cells = tuple(tuple(row) for row in rows)
    text = "\n".join(" | ".join(cell.replace("\n", " ") for cell in row) for row in cells)
    return Block(kind=BlockKind.table, page=page, text=text, heading=heading, rows=cells)


def make_document(*blocks: Block, fmt: str = "docx", id_char: str = "d",
                  properties: dict[str, str] | None = None) -> Document:
    """A document of the blocks, as many pages long as its last block's page."""
    return Document(id=id_char * 64, path=f"paper.{fmt}", file_name=f"paper.{fmt}", format=fmt,
                    pages=max((block.page for block in blocks), default=1), blocks=blocks,
                    properties=properties or {})


def gold_cases(corpus_dir: Path) -> Iterator:
    """(rendering, gold file) for each rendering in `corpus_dir` that has gold, named by the file."""
    for path in sorted(corpus_dir.glob("*.*")):
        gold = corpus_dir / "gold" / f"{path.stem}.json"
        if path.suffix in RENDERINGS and gold.exists():
            yield pytest.param(path, gold, id=path.name)
