"""Document metadata: kind, title, authority, body, date, period and protective marking.

Council papers say what they are in their first lines ("LEICESTERSHIRE SAFER COMMUNITIES
STRATEGY BOARD / 2 JUNE 2017 / LSCSB UPDATE: Prevent", "To: Cabinet - 30 January 2025",
"MINUTES of a meeting of the Cabinet held ... on Thursday, 30 January 2025"), so title, body
and date are read from the header: the opening lines of the first page. The issuing council
is weighed from all of the paper, with its header and contact block counting most, because
reports mention many councils but are written by one. The kind comes from structure and
wording, see `document_to_kind`.
"""

from __future__ import annotations

from extractors.marking import find_marking
from extractors.metadata.bodies import extract_body
from extractors.metadata.dates import extract_date, extract_period
from extractors.metadata.header import header_lines
from extractors.metadata.issuer import extract_authority
from extractors.metadata.kinds import document_to_kind
from extractors.metadata.titles import extract_title
from schemas.document import Document
from schemas.records import DocumentMeta


def extract_metadata(document: Document) -> DocumentMeta:
    """What the paper says about itself: kind, title, issuing council, body, date, period, marking."""
    lines = header_lines(document)
    title = extract_title(document, lines)
    code, name = extract_authority(document, title)
    return DocumentMeta(
        kind=document_to_kind(document, title),
        title=title,
        authority_code=code,
        authority_name=name,
        body=extract_body(lines, title, document),
        date=extract_date(lines, document),
        period=extract_period(title, lines, document),
        protective_marking=find_marking(document),
    )


__all__ = ["document_to_kind", "extract_metadata"]
