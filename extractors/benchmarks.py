"""Benchmark scores and self-assessments."""

from __future__ import annotations

from schemas.document import Document
from schemas.records import Benchmark, DocumentMeta


def extract_benchmarks(document: Document, meta: DocumentMeta) -> list[Benchmark]:
    return []
