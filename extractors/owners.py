"""Owners: lead officers, contacts, authors and presenters."""

from __future__ import annotations

from schemas.document import Document
from schemas.records import Action, ActionOwner, DocumentMeta, DocumentOwner, Owner


def extract_owners(document: Document, meta: DocumentMeta,
                   actions: list[Action]) -> tuple[list[Owner], list[DocumentOwner], list[ActionOwner]]:
    return [], [], []
