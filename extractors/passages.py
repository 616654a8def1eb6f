"""Passages: every block of text, kept for full-text search with its page and number."""

from __future__ import annotations

from schemas.document import Document
from schemas.records import DocumentMeta, Passage, record_id


def extract_passages(document: Document, meta: DocumentMeta) -> list[Passage]:
    """One passage per paragraph, list item, heading or note; one per table cell."""
    passages: list[Passage] = []
    for position, block in enumerate(document.blocks):
        if block.rows:
            texts = [cell for row in block.rows for cell in row if cell.strip()]
        else:
            texts = [block.text]
        for index, text in enumerate(texts):
            passages.append(Passage(
                id=record_id(document.id, "passage", position, index),
                document_id=document.id,
                page=block.page,
                number=block.number,
                heading=block.heading,
                kind=block.kind.value,
                position=position,
                text=text,
                ocr_confidence=block.ocr_confidence,
            ))
    return passages
