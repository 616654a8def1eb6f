"""Extractors: pure functions from a `Document` to the records council papers hold.

Each extractor knows council papers and nothing about files, databases or terminals. The
metadata extractor runs first, because the others need to know the paper's authority and
date; the owners extractor runs last, because it links the owners it finds to actions.
`extract` composes them into one `Extraction`, the unit the store writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from schemas.document import Document
    from schemas.records import Extraction

#: Raise this whenever extraction changes: `ingest` re-extracts documents of older versions.
EXTRACTOR_VERSION = "0.6.0"


def _extractors() -> dict:
    """Record extractors that need only the document and its metadata, in the order they run.

    Imported here, not at the top: they load spaCy and the PDF readers, which a command that
    extracts nothing (`--version`, an unchanged re-ingest, `serve`) should not wait for.
    """
    from extractors.actions import extract_actions
    from extractors.benchmarks import extract_benchmarks
    from extractors.figures import extract_figures
    from extractors.passages import extract_passages
    from extractors.recommendations import extract_recommendations

    return {
        "passages": extract_passages,
        "benchmarks": extract_benchmarks,
        "recommendations": extract_recommendations,
        "actions": extract_actions,
        "figures": extract_figures,
    }


def __getattr__(name: str):
    """`extractors.EXTRACTORS`, built on first use."""
    if name == "EXTRACTORS":
        return _extractors()
    raise AttributeError(f"module 'extractors' has no attribute {name!r}")


def extract(document: Document, *, ingested_at: str = "") -> Extraction:
    """Everything prevent-docs learns from one document.

    What a browser stamped on a printed web page is dropped first (see `extractors.printed`), and
    agenda tables are read as the items they lay out, so that every extractor sees a meeting's
    minutes as prose (see `extractors.agenda`).
    """
    from extractors.agenda import expand_agenda_tables
    from extractors.metadata import extract_metadata
    from extractors.owners import extract_owners
    from extractors.printed import drop_print_chrome
    from schemas.records import DocumentRow, Extraction

    document = expand_agenda_tables(drop_print_chrome(document))
    meta = extract_metadata(document)
    records = {name: extractor(document, meta) for name, extractor in _extractors().items()}
    owners, document_owners, action_owners = extract_owners(document, meta, records["actions"])
    row = DocumentRow(
        **meta.model_dump(),
        id=document.id,
        file_name=document.file_name,
        path=document.path,
        format=document.format,
        pages=document.pages,
        ocr_pages=document.ocr_pages,
        extractor_version=EXTRACTOR_VERSION,
        ingested_at=ingested_at,
    )
    return Extraction(document=row, owners=owners, document_owners=document_owners,
                      action_owners=action_owners, **records)


__all__ = ["EXTRACTORS", "EXTRACTOR_VERSION", "extract"]
