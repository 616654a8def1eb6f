"""The internal document model: what every reader returns, whatever the file format.

A `Document` is an ordered tuple of `Block`s. Each block knows its page (PDF page, slide
number, or 1 for DOCX and text), its kind, and the paper's own paragraph number where
there is one ("4.1", "17", "a"). Tables keep their rows and cells so that extractors can
find column roles from headers. Documents are frozen: extractors read them, never edit.

Text printed around the body (Word page headers and footers, text boxes, slide masters and
layouts) is kept apart in `margins`: it repeats on every page and is not the paper's
content, so extractors that read blocks never see it, but it is where a protective
marking is most often printed.

A block read from a page image by OCR (a scanned page) carries the OCR engine's mean
confidence in `ocr_confidence`; a document counts its OCR'd pages in `ocr_pages`.
"""

from __future__ import annotations

from enum import Enum

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator


class BlockKind(str, Enum):
    """What a block of a document is."""

    heading = "heading"  # a heading, or a slide title
    paragraph = "paragraph"
    list_item = "list_item"  # a bullet or numbered item
    table = "table"  # `rows` holds the cells
    note = "note"  # speaker notes of a slide
    margin = "margin"  # printed around the body; only ever in `Document.margins`


class Block(BaseModel):
    """One heading, paragraph, list item, note or table of a document."""

    model_config = ConfigDict(frozen=True)

    kind: BlockKind
    page: int = Field(ge=1, description="1-based page or slide number")
    text: str = Field(description="the block's text; for a table, its cells joined row by row")
    number: str | None = Field(None, description='the paper\'s own number: "4.1", "17", "a"')
    level: int | None = Field(None, description="heading level or list indent, where known")
    heading: str | None = Field(None, description="the nearest heading above this block")
    rows: tuple[tuple[str, ...], ...] | None = Field(
        None, description="table cells, row by row; a cell's paragraphs are joined by newlines"
    )
    ocr_confidence: float | None = Field(
        None, ge=0, le=100, description="read by OCR from a page image: the engine's mean word confidence, 0-100"
    )


class Document(BaseModel):
    """A file read into blocks, identified by the sha256 of its bytes."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="sha256 of the file's bytes, hex")
    path: str
    file_name: str
    format: str = Field(description="pdf, docx, pptx, txt, md")
    pages: int = Field(ge=0)
    blocks: tuple[Block, ...] = ()
    properties: dict[str, str] = Field(
        default_factory=dict,
        description="what the file says of itself (title, author, created), where it says it",
    )
    margins: tuple[Block, ...] = Field(
        (), description="text printed around the body: page headers and footers, text boxes, slide masters",
    )
    ocr_pages: int = Field(0, ge=0, description="pages read by OCR (scanned pages without a usable text layer)")

    @model_validator(mode="before")
    @classmethod
    def _margins_apart(cls, data: Any) -> Any:
        """Readers return one list of blocks: margin blocks in it belong in `margins`, never in the body."""
        if isinstance(data, dict) and any(_is_margin(block) for block in data.get("blocks") or ()):
            blocks = tuple(data["blocks"])
            data = {**data, "blocks": tuple(block for block in blocks if not _is_margin(block)),
                    "margins": (*(data.get("margins") or ()), *(block for block in blocks if _is_margin(block)))}
        return data

    def text(self) -> str:
        """All block text in reading order, one block a paragraph."""
        return "\n\n".join(block.text for block in self.blocks if block.text)

    def pages_text(self) -> dict[int, str]:
        """Block text grouped by page."""
        out: dict[int, list[str]] = {}
        for block in self.blocks:
            out.setdefault(block.page, []).append(block.text)
        return {page: "\n".join(texts) for page, texts in out.items()}


def _is_margin(block: Any) -> bool:
    kind = block.kind if isinstance(block, Block) else (block or {}).get("kind")
    return kind == BlockKind.margin
