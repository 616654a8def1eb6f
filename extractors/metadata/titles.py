"""A paper's title: a labelled "Subject:", the Prevent item of a meeting page, or the first
header line that is not a label, body, date, author or marking, with the lines it wraps onto.
"""

from __future__ import annotations

import re

from extractors.labels import starts_with_label
from extractors.marking import line_marking
from extractors.metadata.bodies import body_of, extract_body
from extractors.metadata.header import (HEADER_BLOCKS, HEADER_MAX_WORDS, Line, NOT_TITLE, PAGE_LABEL,
                                        SECTION_HEADINGS, SECTION_HEADING_WORDS, is_authority_only, is_junk,
                                        opening_lines, strip_dates)
from extractors.text import find_dates, fold_spaces
from schemas.document import Block, BlockKind, Document


#: Longest title, in words; longer opening lines are sentences, not titles.
MAX_TITLE_WORDS = 24
_TITLE_LABEL = re.compile(r"^(?:(?:subject matter\s*/\s*)?title of (?:the\s+)?decision\s*:?|(?:subject|title|report title|"
                          r"title of report|name of report)\s*:)\s*(?P<value>.*)$", re.IGNORECASE)

#: Longest labelled title ("Subject: ..."), in words.
MAX_LABELLED_TITLE_WORDS = 40

#: "Report by the Chief Executive of Wandsworth Council on the Prevent action plan ...": the title follows "on".
_REPORT_ON = re.compile(r"^report (?:by|of|from) (?:the\s+)?\S.{0,120}?\s+on\s+(?:the\s+)?(?P<title>\S.*)$",
                        re.IGNORECASE)

#: A meeting page headed by its body and day: "Cabinet - Thursday, 16th January, 2025".
_MEETING_HEADING = re.compile(r"^[^:]{3,120}?\s[-–—]\s(?:mon|tues|wednes|thurs|fri|satur|sun)day\b.*\d{4}$",
                              re.IGNORECASE)
_TIME = re.compile(r"^\d{1,2}[.:]\d{2}\s*[ap]\.?m\.?$", re.IGNORECASE)

#: Words a wrapped title line cannot end on: the title goes on in the next heading block.
_OPEN_ENDING = re.compile(r"\b(?:and|of|the|in|on|for|to|a|an|with|at|by|from|into|&|–|-)$", re.IGNORECASE)

#: A PDF title line this long, ending without punctuation, ran to the margin and wraps.
WRAPPED_LINE_CHARS = 50

#: Words of an item title or text that show the item is about Prevent.
_PREVENT_TOPIC = re.compile(r"\bPrevent\b|\bPREVENT\b|\bextremis|\bradicali[sz]|\bChannel\b|\bcounter[- ]terror",
                            re.IGNORECASE)
_PREVENT_IN_TEXT = re.compile(r"\bPrevent\b|\bPREVENT\b|‘Prevent’|\b[Ee]xtremis|\b[Rr]adicali[sz]|\bChannel\b|"
                              r"\b[Cc]ounter[- ][Tt]error")


def extract_title(document: Document, lines: list[Line]) -> str | None:
    """The title: a labelled "Subject:" line; on a committee system's page of a whole meeting, the
    item about Prevent or the meeting's own heading; else the first header line that is not a
    page label, body, date, author or marking, joined with the heading lines it wraps onto or a
    subtitle heading straight after it; else the first heading of the page."""
    labelled = _labelled_title(document)
    if labelled:
        return labelled
    for paper in ("Agenda", "Minutes"):  # "Council / Minutes / Overview and Scrutiny Board / Date: ..."
        if any(line.text.lower() == paper.lower() for line in lines):
            body = extract_body(lines)
            if body or paper == "Agenda":
                return f"{body} {paper}" if body else paper
    meeting_title = _prevent_item_title(document, lines) or _meeting_heading_title(document, lines)
    if meeting_title:
        return meeting_title
    for position, line in enumerate(lines):
        reported = reported_title(line.text)
        if reported:
            return _continued_title(document, lines, position, reported)
        if not _title_candidate(line.text) or _is_prose(line.block):
            continue
        title = _wrapped_title(lines, position)
        if re.match(r"^minutes of\b", title, re.IGNORECASE):
            title = re.split(r"\s+held\b", title, maxsplit=1, flags=re.IGNORECASE)[0]
        return _continued_title(document, lines, position, title)
    return (_item_title_after_label(document, lines) or _property_title(document) or _table_title(document)
            or _first_heading(document)
            or next((line.text for line in lines if not _is_prose(line.block)), None))


def reported_title(text: str) -> str | None:
    """The subject of a "Report by the Chief Executive of X on the <subject>" line, not a meeting
    it goes to ("Report of the Director to the meeting ... to be held on 9 November 2022")."""
    reported = _REPORT_ON.match(text)
    if not reported or re.search(r"\bmeeting\b|\bheld\b", text[:reported.start("title")], re.IGNORECASE):
        return None
    title = reported["title"]
    if re.match(r"^(?:\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)", title, re.IGNORECASE):
        return None
    return title[:1].upper() + title[1:]


def _labelled_title(document: Document) -> str | None:
    """A title given by a label: "Subject: Prevent Partnership Plan", "Title of decision:" with the value
    below, or a cover table's "Subject:" row."""
    labelled = opening_lines(document, HEADER_BLOCKS * 2)
    for position, line in enumerate(labelled):
        label = _TITLE_LABEL.match(line.text)
        if label and not re.match(r"^report\s+(?:of|by|to)\b", line.text, re.IGNORECASE):
            value = label["value"].strip(" :")
            if not value and position + 1 < len(labelled):
                value = labelled[position + 1].text
            elif line.block.text.count("\n"):
                value = fold_spaces(label["value"] + " " + " ".join(line.block.text.split("\n")[1:]))
            if value and len(value.split()) <= MAX_LABELLED_TITLE_WORDS:
                return value.strip(" :")
    return _subject_row(document)


def _subject_row(document: Document) -> str | None:
    """The subject a report's cover table gives ("Report to: | Board", "Subject: | Revised guidance")."""
    for block in document.blocks[:HEADER_BLOCKS]:
        for row in block.rows or ():
            cells = [fold_spaces(cell) for cell in row if cell.strip()]
            if (len(cells) >= 2 and re.fullmatch(r"subject\s*:?", cells[0], re.IGNORECASE)
                    and len(cells[1].split()) <= MAX_LABELLED_TITLE_WORDS):
                return cells[1]
    return None


def _continued_title(document: Document, lines: list[Line], position: int, title: str) -> str:
    """A title with what follows it in the next heading block: the rest of a heading that wraps
    over two blocks ("... Safeguarding in Tower" / "Hamlets Scrutiny Review Report"), joined as one
    line, or a subtitle ("Prevent in Luton" / "Annual Update"), joined after a colon."""
    line = lines[position]
    following = next((later for later in lines[position + 1:] if later.index != line.index), None)
    if not following or following.index != line.index + 1:
        return _tidy_title(title)
    if following.block.kind == BlockKind.heading and _wraps_on(document, title, following.text):
        return _tidy_title(f"{title} {_wrapped_title(lines, lines.index(following))}")
    subtitle = (line.block.kind == BlockKind.heading and following.block.kind == BlockKind.heading
                or document.format == "pptx" and following.block.page == line.block.page)
    if (subtitle and _title_candidate(following.text) and not title.endswith(":")
            and len(following.text.split()) <= 8):
        return _tidy_title(f"{title}: {following.text}")
    return _tidy_title(title)


def _wraps_on(document: Document, title: str, following: str) -> bool:
    """Whether a title line goes on in the next heading: it ends on a word no title ends on, the
    next starts in lower case, or (in a PDF) it ran to the margin without closing punctuation."""
    if not following or NOT_TITLE.match(following) or PAGE_LABEL.match(following):
        return False
    if _OPEN_ENDING.search(title) or following[:1].islower():
        return True
    return (document.format == "pdf" and len(title) >= WRAPPED_LINE_CHARS and not re.search(r"[.:;?!)]$", title)
            and len(following) <= len(title))


def _tidy_title(title: str) -> str:
    """A title without the full stop some pages end their heading with."""
    return re.sub(r"(?<=\w)\.$", "", title.strip())


def _is_prose(block: Block) -> bool:
    """A paragraph long enough to be the paper's prose: its lines are never a title."""
    return block.kind != BlockKind.heading and len(block.text.split()) > HEADER_MAX_WORDS


def _prevent_item_title(document: Document, lines: list[Line]) -> str | None:
    """On a page of a whole meeting ("Agenda and minutes", its items read as headings), the title
    of the item about Prevent: the first whose title says so, else the one whose text says so most."""
    label = next((line for line in lines[:5] if re.match(r"^agenda and minutes$", line.text, re.IGNORECASE)), None)
    if label is None:
        return None
    items: list[tuple[str, int]] = []
    for block in document.blocks[label.index + 1:]:
        if block.kind == BlockKind.heading and not NOT_TITLE.match(block.text):
            items.append((fold_spaces(block.text), 0))
        elif items and block.kind != BlockKind.table:
            title, hits = items[-1]
            items[-1] = (title, hits + len(_PREVENT_IN_TEXT.findall(block.text)))
    by_title = [title for title, _ in items if _PREVENT_TOPIC.search(title)]
    if by_title:
        return _tidy_title(by_title[0])
    best = max(items, key=lambda item: item[1], default=None)
    return _tidy_title(best[0]) if best and best[1] else None


def _meeting_heading_title(document: Document, lines: list[Line]) -> str | None:
    """A meeting page's heading, its body and day ("Cabinet - Thursday, 16th January, 2025") with the
    time on the line after it ("7.00 pm"): the page is that meeting's record (a report's header
    names the meeting it goes to the same way, but without the time)."""
    if not lines or not _MEETING_HEADING.match(lines[0].text):
        return None
    following = document.blocks[lines[0].index + 1] if lines[0].index + 1 < len(document.blocks) else None
    time = fold_spaces(f"{following.number or ''} {following.text}") if following is not None else ""
    return f"{lines[0].text} {time}" if _TIME.match(time) else None


def _item_title_after_label(document: Document, lines: list[Line]) -> str | None:
    """Below a page label ("Agenda item"), the first line of the next paragraph when it is a short
    title ("Pursue Prevent Protect Prepare") over the item's description."""
    if not lines or not all(PAGE_LABEL.match(line.text) for line in lines):
        return None
    after = lines[-1].index + 1
    if after >= len(document.blocks) or document.blocks[after].kind == BlockKind.table:
        return None
    first = fold_spaces(document.blocks[after].text.split("\n")[0])
    words = first.split()
    capitalised = sum(word[:1].isupper() for word in words)
    if (_title_candidate(first) and len(words) <= 10 and not first.endswith(".")
            and capitalised * 2 >= len(words)):
        return first
    return None


def _first_heading(document: Document) -> str | None:
    """The first heading of the first page that could be a title (a web page's heading under its lead-in)."""
    first_page = document.blocks[0].page if document.blocks else 1
    for block in document.blocks[:HEADER_BLOCKS * 2]:
        text = fold_spaces(block.text)
        if block.page == first_page and block.kind == BlockKind.heading and _title_candidate(text):
            return _tidy_title(text)
    return None


def _property_title(document: Document) -> str | None:
    """The file's own title property, unless it is a template's placeholder."""
    generic = {"the report", "executive decision", "powerpoint presentation", "minutes", "agenda template",
               "record of decision", "report", "presentation", "document", "untitled"}
    property_title = (document.properties.get("title") or "").strip()
    if property_title and property_title.lower() not in generic and len(property_title) > 3:
        return property_title
    return None


def _wrapped_title(lines: list[Line], position: int) -> str:
    """A title line with the lines of the same block that continue it, as PDF titles wrap."""
    parts = [lines[position].text]
    for line in lines[position + 1:]:
        if line.index != lines[position].index or not _title_candidate(line.text):
            break
        parts.append(line.text)
    title = " ".join(parts)
    if len(title.split()) > MAX_TITLE_WORDS:
        title = parts[0]
    return re.sub(r"\s+(?:DRAFT|Draft)$", "", title)


def _table_title(document: Document) -> str | None:
    """A form's title from a table row labelled "Title" ("EQIA Title | KCC adoption of ...")."""
    for block in document.blocks[:HEADER_BLOCKS]:
        for row in block.rows or ():
            cells = [cell for cell in row if cell.strip()]
            if len(cells) >= 2 and re.fullmatch(r"(?:\w+\s+)?title", cells[0].strip(), re.IGNORECASE):
                return fold_spaces(cells[1])
    return None


def _title_candidate(text: str) -> bool:
    if " | " in text or starts_with_label(text):
        return False  # a site's menu ("Cyngor Caerdydd | Cymraeg"), not a title
    if (is_junk(text) or len(text.split()) > MAX_TITLE_WORDS or NOT_TITLE.match(text) or line_marking(text)
            or PAGE_LABEL.match(text)):
        return False
    if (text.endswith(".") and len(text.split()) > SECTION_HEADING_WORDS and not text.isupper()
            and not re.match(r"^minutes of\b", text, re.IGNORECASE)):
        return False  # a sentence, not a title
    if text.lower().strip(" :") in SECTION_HEADINGS or is_authority_only(text):
        return False
    if find_dates(text) and not strip_dates(text).strip(" -–:"):
        return False
    return body_of(text) is None
