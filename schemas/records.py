"""Records: the contract between extractors and the store.

Each model matches a table of `DATA-CONTRACT.md` column for column, so the store can write
`model_dump(mode="json")` as it is. Every record that comes from a paper keeps its
provenance: `document_id` and `page`. Ids are derived from what a record is, never from a
row counter, so that a re-ingest after an extractor upgrade keeps the ids that user
decisions and lineage links point at.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: The ten delivery-benchmark areas of the Prevent Duty Toolkit, in toolkit order.
AREAS: tuple[str, ...] = (
    "risk_assessment",
    "partnership_board",
    "partnership_plan",
    "referral_pathway",
    "channel_panel",
    "problem_solving",
    "training",
    "venue_hire_it",
    "engagement",
    "communications",
)

DOCUMENT_KINDS = ("committee_report", "benchmark_deck", "action_plan", "presentation", "minutes", "other")
#: The Literal types take their values from the tuples above (a tuple subscript unpacks).
DocumentKind = Literal[DOCUMENT_KINDS]
Area = Literal[AREAS]

_PERIOD = re.compile(r"^\s*((?:19|20)\d\d)\s*[-/–]\s*((?:19|20)?\d\d)\s*$")


def record_id(*parts: object) -> str:
    """A stable 16-hex-digit id from the parts that say what a record is."""
    joined = "\x1f".join("" if part is None else str(part) for part in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def normalise_key(text: str | None) -> str:
    """Lower-case, drop punctuation and fold white space: the form ids are made from."""
    if not text:
        return ""
    return " ".join(re.sub(r"[^\w@.]+", " ", text.lower()).split())


def normalise_period(value: str | None) -> str | None:
    """'2020/23', '2020-2023' and '2020 – 23' all become '2020-23'; anything else is kept."""
    if value is None:
        return None
    match = _PERIOD.match(value)
    if not match:
        return value
    start, end = match.groups()
    return f"{start}-{end[-2:]}"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentMeta(_Record):
    """What the metadata extractor learns about a paper from its contents."""

    kind: DocumentKind = "other"
    title: str | None = None
    authority_code: str | None = Field(None, description="ONS GSS code of the issuing council")
    authority_name: str | None = None
    body: str | None = Field(None, description="the board or committee")
    date: str | None = Field(None, description="ISO date of the meeting or paper")
    period: str | None = Field(None, description="YYYY-YY")
    protective_marking: str | None = None

    @field_validator("period")
    @classmethod
    def _period(cls, value: str | None) -> str | None:
        return normalise_period(value)


class DocumentRow(DocumentMeta):
    """A row of `documents`: the file plus what was learnt from it."""

    id: str
    file_name: str
    path: str
    format: str
    pages: int
    extractor_version: str
    ingested_at: str
    file_size: int | None = Field(None, description="bytes; with file_mtime, lets a re-run skip hashing")
    file_mtime: float | None = None
    source_url: str | None = Field(None, description="the original on the council's site, for a fetched paper")
    committee: str | None = Field(None, description="the committee a fetched paper went to, from its manifest")
    meeting_date: str | None = Field(None, description="ISO date of that meeting, from the manifest")
    ocr_pages: int = Field(0, description="pages read by OCR: scanned pages without a usable text layer")


class Passage(_Record):
    """A paragraph, bullet, slide block or table cell, kept for full-text search."""

    id: str
    document_id: str
    page: int
    number: str | None = None
    heading: str | None = None
    kind: str = "paragraph"
    position: int = Field(description="order of the block in the document")
    text: str
    ocr_confidence: float | None = Field(
        None, description="read by OCR from a scanned page: the engine's mean word confidence (0-100); "
                          "null when read from the file's own text")


class Benchmark(_Record):
    """One authority x year x benchmark area, as a paper scores or describes it."""

    id: str
    document_id: str
    authority_code: str | None
    year: int | None
    area: Area
    score: int | None = Field(None, ge=1, le=5)
    rating: str | None = Field(None, description="RAG or words, as written")
    evidence: str | None = None
    page: int


class Recommendation(_Record):
    """A recommendation made to an authority, or a decision a committee is asked to take."""

    id: str
    document_id: str
    number: str | None = None
    title: str | None = None
    text: str
    area: Area | None = None
    kind: Literal["improvement", "decision"]
    status: str | None = None
    page: int


class Action(_Record):
    """A row of an action plan, or a forward commitment written as prose."""

    id: str
    document_id: str
    number: str | None = None
    text: str
    timescale: str | None = None
    outcome: str | None = None
    area: Area | None = None
    status: str | None = Field(None, description="status, RAG or progress, as written")
    lead: str | None = Field(None, description="the lead/owner cell as written")
    source: Literal["table", "prose"]
    page: int


class Owner(_Record):
    """A person or role, de-duplicated across documents by normalised name or role + organisation."""

    id: str
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None

    @classmethod
    def make(cls, *, name: str | None = None, role: str | None = None, organisation: str | None = None,
             email: str | None = None, phone: str | None = None) -> "Owner":
        """Build an owner whose id is its identity: the name if known, else role plus organisation."""
        return cls(id=owner_id(name=name, role=role, organisation=organisation, email=email),
                   name=name, role=role, organisation=organisation,
                   email=email.lower() if email else None, phone=phone)


def owner_id(*, name: str | None, role: str | None, organisation: str | None, email: str | None = None) -> str:
    """The identity of an owner: a person by name, a role by role and organisation."""
    if name:
        return record_id("owner", "name", normalise_key(name))
    if role:
        return record_id("owner", "role", normalise_key(role), normalise_key(organisation))
    return record_id("owner", "email", normalise_key(email))


class ActionOwner(_Record):
    action_id: str
    owner_id: str


class DocumentOwner(_Record):
    document_id: str
    owner_id: str
    capacity: str = Field(description="author, presenter, contact, lead, speaker ...")


class Figure(_Record):
    """A count, percentage or sum of money the text states."""

    id: str
    document_id: str
    value: float = Field(description='the whole quantity: "£137m" is 137000000')
    unit: str | None = None
    qualifier: str | None = Field(None, description="over, around, at least, fewer than, target ...")
    text: str
    page: int


class Extraction(_Record):
    """Everything learnt from one document: what the store writes in one transaction."""

    document: DocumentRow
    passages: list[Passage] = []
    benchmarks: list[Benchmark] = []
    recommendations: list[Recommendation] = []
    actions: list[Action] = []
    owners: list[Owner] = []
    action_owners: list[ActionOwner] = []
    document_owners: list[DocumentOwner] = []
    figures: list[Figure] = []

    def counts(self) -> dict[str, int]:
        """Records by type, for summaries."""
        return {
            "benchmarks": len(self.benchmarks),
            "recommendations": len(self.recommendations),
            "actions": len(self.actions),
            "owners": len(self.owners),
            "figures": len(self.figures),
        }
