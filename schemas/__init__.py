"""Pydantic models of everything prevent-docs passes around.

`document` holds the format-neutral model that readers return; `records` holds the
records that extractors produce and the store writes, column for column with the data
contract. This package imports nothing else of the project's.
"""

from schemas.document import Block, BlockKind, Document
from schemas.records import (
    AREAS,
    Action,
    ActionOwner,
    Benchmark,
    DocumentMeta,
    DocumentOwner,
    DocumentRow,
    Extraction,
    Figure,
    Owner,
    Passage,
    Recommendation,
    record_id,
)

__all__ = [
    "AREAS",
    "Action",
    "ActionOwner",
    "Benchmark",
    "Block",
    "BlockKind",
    "Document",
    "DocumentMeta",
    "DocumentOwner",
    "DocumentRow",
    "Extraction",
    "Figure",
    "Owner",
    "Passage",
    "Recommendation",
    "record_id",
]
