"""The header of a paper: its opening lines, where they end, and what its lines are.

Title, body and date are read from the opening lines of the first page; these helpers say
which lines those are and what kind of line each is (a page label, a marking, a council's
name alone), for the modules that read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.authorities import find_mentions
from extractors.text import find_dates, fold_spaces
from schemas.document import Block, BlockKind, Document


#: How many opening blocks of the first page make its header.
HEADER_BLOCKS = 12

#: A numbered paragraph longer than this (or a sentence) is the report proper, not a heading.
SECTION_HEADING_WORDS = 6

#: A paragraph longer than this ends the header: the paper proper has begun.
HEADER_MAX_WORDS = 30

#: How many closing blocks may hold the contact officer's details.
CONTACT_BLOCKS = 8

#: A web page's trail to it ("Home > Council and democracy > Meetings > Agenda item"): only its last step,
#: the page's own label, is the page's.
BREADCRUMB = re.compile(r"^home\s*>(?:[^>]*>)*\s*", re.IGNORECASE)

#: Lines of a header that are labels, contacts or addresses: never a title.
NOT_TITLE = re.compile(
    r"^(?:(?:presented by|report of|report by|from|to|date|author|contact|classification|key decision|"
    r"decision no|agenda item|item|items$|electoral division|ward|past pathway|future pathway|summary|page|"
    r"present|in attendance|apologies)\b|venue\s*:|www\.|https?:|(?:paper|appendix|annex|enclosure)\s+[\w.]{1,4}$)|"
    r"\b(?:tel|telephone|e-?mail|ask for)\s*:",
    re.IGNORECASE,
)

#: Labels a committee system (ModernGov and the like) puts over its pages: such a page is the
#: minutes of an item or meeting, and the label is not its title.
PAGE_LABEL = re.compile(r"^(?:agenda item|issue\s*[-–]\s*meetings|decision details|agenda and minutes|transcript)\s*:?$",
                        re.IGNORECASE)

#: Headings of a paper's sections: never its title.
SECTION_HEADINGS = {
    "background", "introduction", "summary", "executive summary", "purpose", "purpose of report",
    "purpose of the report", "report", "recommendation", "recommendations", "recommendation(s)",
    "contents", "overview", "key points", "decision", "minutes", "agenda", "prevent duty",
}


@dataclass(frozen=True)


class Line:
    text: str
    block: Block
    index: int  # position of the block in the document


def end_of_header(document: Document) -> int:
    """Index of the first block after the header: the header ends at the first numbered or long
    paragraph (the report proper), after `HEADER_BLOCKS` blocks, or at the end of the first page."""
    first_page = document.blocks[0].page if document.blocks else 1
    for index, block in enumerate(document.blocks[:HEADER_BLOCKS]):
        if block.page != first_page or block.kind == BlockKind.paragraph and (
                block.number and (len(block.text.split()) > SECTION_HEADING_WORDS or block.text.endswith("."))
                or len(block.text.split()) > HEADER_MAX_WORDS):
            return index
    return min(len(document.blocks), HEADER_BLOCKS)


def header_lines(document: Document) -> list[Line]:
    """The lines of the opening blocks of the first page (first slide), tables left out."""
    return opening_lines(document, max(end_of_header(document), 1))


def opening_lines(document: Document, limit: int) -> list[Line]:
    """The lines of the first `limit` blocks of the first page, tables left out."""
    lines = []
    first_page = document.blocks[0].page if document.blocks else 1
    for index, block in enumerate(document.blocks[:limit]):
        if block.page != first_page or block.kind == BlockKind.table:
            continue
        for text in block.text.split("\n"):
            text = BREADCRUMB.sub("", fold_spaces(text.replace("*", "")))
            if text:
                lines.append(Line(text, block, index))
    return lines


def is_junk(text: str) -> bool:
    return sum(char.isalpha() for char in text) < 3


def strip_dates(text: str) -> str:
    """A line without its dates and the separators around them: "Cabinet – 30 January 2025" -> "Cabinet"."""
    dates = find_dates(text)
    if not dates:
        return text
    cut = dates[0][0]
    return re.sub(r"(?:[\s,;:–—-]|\b(?:on|held|meeting))*$", "", text[:cut].rstrip(), flags=re.IGNORECASE)


def tidy_case(text: str) -> str:
    """Shouting lines ("CABINET") become title case; mixed case is kept as written."""
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 5:
        small = {"and", "of", "the", "for", "in", "on", "to"}
        words = text.lower().split()
        return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))
    return text


def is_authority_only(text: str) -> bool:
    mentions = find_mentions(text)
    rest = text
    for mention in reversed(mentions):
        rest = rest[:mention.start] + rest[mention.end:]
    return bool(mentions) and not re.sub(r"[\W_]+|\bthe\b|\bmeeting\b", "", rest, flags=re.IGNORECASE)


def contact_start(document: Document) -> int:
    """Index of the first block of the contact details: a "Contact" heading, else the last blocks."""
    for index, block in enumerate(document.blocks):
        if re.match(r"^(?:contact officer|contact details|report author|officer to contact|contact)\b",
                    block.text, re.IGNORECASE) and len(block.text.split()) < 12:
            return index
    return max(len(document.blocks) - CONTACT_BLOCKS, 0)
