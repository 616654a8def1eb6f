"""Action-plan rows and prose commitments."""

from __future__ import annotations

from schemas.document import Document
from schemas.records import Action, DocumentMeta


def extract_actions(document: Document, meta: DocumentMeta) -> list[Action]:
    return []
