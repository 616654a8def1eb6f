"""Document metadata: kind, title, authority, body, date, period, protective marking."""

from __future__ import annotations

from schemas.document import Document
from schemas.records import DocumentMeta


def extract_metadata(document: Document) -> DocumentMeta:
    """What the paper says about itself."""
    title = document.properties.get("title") or next((b.text for b in document.blocks if b.text), None)
    return DocumentMeta(title=title)
