"""The internal document model: what every reader returns, whatever the file format.

A `Document` is an ordered tuple of `Block`s. Each block knows its page (PDF page, slide
number, or 1 for DOCX and text), its kind, and the paper's own paragraph number where
there is one ("4.1", "17", "a"). Tables keep their rows and cells so that extractors can
find column roles from headers. Documents are frozen: extractors read them, never edit.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class BlockKind(str, Enum):
    """What a block of a document is."""

    heading = "heading"  # a heading, or a slide title
    paragraph = "paragraph"
    list_item = "list_item"  # a bullet or numbered item
    table = "table"  # `rows` holds the cells
    note = "note"  # speaker notes of a slide


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

    def text(self) -> str:
        """All block text in reading order, one block a paragraph."""
        return "\n\n".join(block.text for block in self.blocks if block.text)

    def pages_text(self) -> dict[int, str]:
        """Block text grouped by page."""
        out: dict[int, list[str]] = {}
        for block in self.blocks:
            out.setdefault(block.page, []).append(block.text)
        return {page: "\n".join(texts) for page, texts in out.items()}
