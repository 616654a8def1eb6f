"""Recommendations and decisions."""

from __future__ import annotations

from schemas.document import Document
from schemas.records import Recommendation, DocumentMeta


def extract_recommendations(document: Document, meta: DocumentMeta) -> list[Recommendation]:
    return []
