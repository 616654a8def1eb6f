"""Counts, percentages and money."""

from __future__ import annotations

from schemas.document import Document
from schemas.records import Figure, DocumentMeta


def extract_figures(document: Document, meta: DocumentMeta) -> list[Figure]:
    return []
