"""What kind of paper it is: minutes, committee report, benchmark deck, action plan, presentation.
"""

from __future__ import annotations

import re

from extractors.areas import header_to_area
from extractors.metadata.header import HEADER_BLOCKS, PAGE_LABEL, header_lines
from extractors.metadata.titles import reported_title
from schemas.document import Block, BlockKind, Document


#: Numbered paragraphs that make a paper a report rather than slides or a form.
MIN_NUMBERED = 3
MANY_NUMBERED = 5

#: Slides are short: a PDF page (or text block share) below these reads as a slide.
SLIDE_WORDS_PER_PAGE = 90
SLIDE_SHORT_BLOCK_SHARE = 0.6
SHORT_BLOCK_WORDS = 14

#: Evidence of minutes (see `_minutes_score`) that makes a paper minutes.
MIN_MINUTES_SCORE = 3

#: Benchmark areas a table header must name to be a benchmarking scores table.
MIN_SCORE_AREAS = 4
_ACTION_HEADERS = {
    "action": re.compile(r"\b(?:actions?|what we (?:will|have committed)|task|activit(?:y|ies)|objective)\b", re.I),
    "lead": re.compile(r"\b(?:lead|owner|responsib|led by|who)\b", re.I),
    "timescale": re.compile(r"\b(?:time\s*scales?|timeframe|deadline|by when|target date|due date|when)\b", re.I),
    "outcome": re.compile(r"\b(?:outcomes?|measures?|success|progress|status|rag|impact)\b", re.I),
}


def _scores_table(block: Block) -> bool:
    """A benchmarking table: a header naming benchmark areas over rows of 1-5 scores or RAG ratings."""
    if not block.rows or len(block.rows) < 2:
        return False
    areas = {header_to_area(cell) for cell in block.rows[0] if cell.strip()} - {None}
    if len(areas) < MIN_SCORE_AREAS:
        return False
    scored = [row for row in block.rows[1:]
              if sum(bool(re.fullmatch(r"[1-5]|red|amber|green|r|a|g", c.strip(), re.I)) for c in row) >= MIN_SCORE_AREAS]
    return bool(scored)


def _action_table(block: Block) -> bool:
    """A table whose header row names at least three of action, lead, timescale, outcome."""
    if not block.rows:
        return False
    rows = block.rows[:3]
    cells = [cell for row in rows for cell in row] if max(len(r) for r in rows) > 1 else [c for r in block.rows for c in r]
    roles = {role for role, pattern in _ACTION_HEADERS.items() for cell in cells
             if len(cell.split()) <= 6 and pattern.search(cell)}
    return len(roles) >= 3


def document_to_kind(document: Document, title: str | None) -> str:
    """The kind of paper, from structure and wording, most distinctive first.

    Minutes say so, record who was present and what was RESOLVED; a committee system's page
    of an item, issue, decision or meeting is minutes too; agendas, forms,
    registers and decision records are `other`; a benchmarking scores table makes a
    benchmark deck, a table headed action/lead/timescale/outcome an action plan; numbered
    paragraphs with recommendations or a contact officer (or a header saying whose report it
    is and on what) a committee report; short slides without scores a presentation.
    """
    blocks = document.blocks
    header = [line.text for line in header_lines(document)]
    head_text = "\n".join(header)
    whole = document.text()
    lowered_title = (title or "").lower()
    if re.search(r"^(?:agenda|notice of meeting)\s*$", head_text, re.IGNORECASE | re.MULTILINE):
        return "other"
    if _committee_system_page(header, whole) or _minutes_score(head_text, whole) >= MIN_MINUTES_SCORE:
        return "minutes"
    if (re.search(r"\b(?:record of decision|decision notice|impact assessment|eqia|dpia|screening tool|"
                         r"submission form|register)\b", head_text + "\n" + lowered_title, re.IGNORECASE)):
        return "other"
    if any(_scores_table(block) for block in blocks):
        return "benchmark_deck"
    numbered = sum(1 for b in blocks if b.number and b.kind != BlockKind.table and len(b.text.split()) > 8)
    recommendations = any(re.match(r"^recommendations?\b|^recommendation\(s\)", b.text, re.IGNORECASE)
                          and len(b.text.split()) <= 12 for b in blocks)
    contact = bool(re.search(r"\b(?:contact officer|report author|background papers|officer to contact)\b|^from\s*:",
                             whole, re.IGNORECASE | re.MULTILINE))
    authored = any(reported_title(line) for line in header)
    report = numbered >= MIN_NUMBERED and (recommendations or contact) or authored and numbered >= 1
    if not report and (any(_action_table(b) for b in blocks) or re.search(r"\baction plan\b", lowered_title)):
        return "action_plan"
    if report:
        return "committee_report"
    if _slide_like(document):
        return "presentation"
    if numbered >= MANY_NUMBERED:
        return "committee_report"
    return "other"


def _committee_system_page(header: list[str], whole: str) -> bool:
    """A committee system's page of an item, issue, decision or meeting: headed by its page label
    ("Agenda item", "Issue - meetings", "Decision details", "Agenda and minutes", "Transcript"),
    or holding the item's "Minutes:" label."""
    if any(PAGE_LABEL.match(line) for line in header[:4]):
        return True
    return bool(re.search(r"^minutes\s*:\s*$", whole, re.IGNORECASE | re.MULTILINE))


def _minutes_score(head_text: str, whole: str) -> int:
    """Evidence of minutes: the header says so, who was present, apologies, decisions RESOLVED."""
    flags = re.IGNORECASE | re.MULTILINE
    score = 3 if re.search(r"^minutes\b", head_text, flags) else 0
    score += 1 if re.search(r"^(?:present|in attendance|members present)\s*:", whole, flags) else 0
    score += 1 if re.search(r"^apologies(?: for absence)?\b", whole, flags) else 0
    score += 2 if re.search(r"^decision details\b", whole, flags) else 0
    score += 3 if re.search(r"^RESOLVED\s*[:\-–—]", whole, re.MULTILINE) else 0  # a minute's decision label
    resolved = len(re.findall(r"\bRESOLVED\b", whole)) + len(re.findall(r"(?<!RESOLVED)\b[Rr]esolved (?:that|to)\b", whole))
    return score + min(resolved, 2)


def _slide_like(document: Document) -> bool:
    """Slides: a PowerPoint deck, short PDF pages, or text made mostly of short headings and bullets.

    A Word document is written as pages, not slides, and a paper with a table of contents is a
    long document whatever its opening pages look like."""
    if document.format == "pptx":
        return True
    if document.format == "docx" or _has_contents(document):
        return False
    words = sum(len(b.text.split()) for b in document.blocks)
    if document.format == "pdf":
        return document.pages >= 3 and words / document.pages < SLIDE_WORDS_PER_PAGE
    texts = [b for b in document.blocks if b.kind != BlockKind.table]
    short = sum(1 for b in texts if len(b.text.split()) <= SHORT_BLOCK_WORDS)
    return bool(texts) and short / len(texts) >= SLIDE_SHORT_BLOCK_SHARE


def _has_contents(document: Document) -> bool:
    """A table of contents: a "Contents" heading, or lines running to a page number along dot leaders."""
    for block in document.blocks[:HEADER_BLOCKS * 3]:
        text = block.text.strip()
        if re.fullmatch(r"(?:table of )?contents", text, re.IGNORECASE) or re.search(r"(?:\.{5,}|…{3,})\s*\d", text):
            return True
    return False
