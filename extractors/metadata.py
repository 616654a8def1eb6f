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

import re
from dataclasses import dataclass

from extractors import labels
from extractors.areas import header_to_area
from extractors.authorities import Authority, find_mentions
from extractors.labels import labelled_fields, starts_with_label
from extractors.marking import find_marking, line_marking
from extractors.text import MAX_PERIOD_YEARS, MONTH_NAMES, find_dates, find_periods, fold_spaces
from schemas.document import Block, BlockKind, Document
from schemas.records import DocumentMeta

#: How many opening blocks of the first page make its header.
HEADER_BLOCKS = 12
#: A numbered paragraph longer than this (or a sentence) is the report proper, not a heading.
SECTION_HEADING_WORDS = 6
#: A paragraph longer than this ends the header: the paper proper has begun.
HEADER_MAX_WORDS = 30
#: How many closing blocks may hold the contact officer's details.
CONTACT_BLOCKS = 8
#: Weight of a council mention by where it stands.
HEADER_WEIGHT = 3.0
CONTACT_WEIGHT = 2.0
BODY_WEIGHT = 1.0
#: Place names in the running text are mostly places, not the issuer: they only tip a balance.
BODY_NAME_FACTOR = 0.25
#: Two councils each named once, with evidence this close, are both mentioned and neither is the issuer.
TIED_SHARE = 0.9
#: Least evidence for naming an issuing council: one full name, email, or a name in the header.
MIN_AUTHORITY_SCORE = 3.0
#: Longest title, in words; longer opening lines are sentences, not titles.
MAX_TITLE_WORDS = 24
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

#: Multi-council partnerships papers are issued by, by their usual abbreviation.
PARTNERSHIPS = {"LLR": "Leicester, Leicestershire and Rutland"}

_BODY_WORDS = r"(?:committee|sub-committee|board|cabinet|panel|forum|partnership|executive|commission|assembly|council|group)"
_BODY_LINE = re.compile(rf"^(?:the\s+)?(?P<body>[\w&,'’() -]{{0,80}}?\b{_BODY_WORDS})(?:\s+meeting)?$", re.IGNORECASE)
_BODY_LABEL = re.compile(r"^(?:to|meeting|committee|board|decision[- ]maker|decision to be taken by|report to|meeting of|"
                         r"decided at meeting)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_MEETING_OF = re.compile(rf"\bmeeting of (?:the\s+)?(?P<body>[A-Z][\w&,'’ -]{{0,80}}?\b{_BODY_WORDS})\b"
                         r"(?=\s+(?:held|on|at|about|in|to|that|which|when|where)\b|[,.;:]|$)",
                         re.IGNORECASE)
#: A web page's trail to it ("Home > Council and democracy > Meetings > Agenda item"): only its last step,
#: the page's own label, is the page's.
_BREADCRUMB = re.compile(r"^home\s*>(?:[^>]*>)*\s*", re.IGNORECASE)
#: A ModernGov-style "Meeting:" value: "04/03/2019 - Safeguarding Overview and Scrutiny Committee (Item 56)".
_LEADING_DATE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*[-–—]\s*")
_ITEM_SUFFIX = re.compile(r"\s*\(item\s+[\w.]+\)\s*$", re.IGNORECASE)
#: The committee a recommendation is addressed to: "That the Corporate Overview and Scrutiny Committee
#: acknowledge ...", "That Cabinet approves ...".
_ADDRESSEE = re.compile(
    rf"^(?:that\s+)?(?:the\s+)?(?P<body>[A-Z][\w&,'’ -]{{0,80}}?\b{_BODY_WORDS})\s+(?:is\s+asked\s+to\s+|be\s+asked\s+to\s+)?"
    r"(?:acknowledges?|notes?|approves?|agrees?|considers?|endorses?|makes?|receives?|comments?|supports?|"
    r"reviews?|resolves?|adopts?|accepts?)\b", re.IGNORECASE)
#: The committee a report is written for: "This report provides PAC with an update on ...".
_REPORT_FOR = re.compile(r"^(?i:this report (?:provides|gives|updates|informs|asks) (?:the\s+)?)"
                         r"(?P<body>[A-Z][\w&,'’ -]{1,80}?)"
                         r"\s+(?:with|on|of|about|that|an? update)\b")
#: A committee named as where something was decided: "recommendations made at the Corporate Overview &
#: Scrutiny Committee on 12 March 2019".
_MADE_AT = re.compile(rf"\b(?:made|agreed|decided) at (?:the|its)\s+(?P<body>[A-Z][\w&,'’ -]{{0,80}}?\b{_BODY_WORDS})"
                      r"\s+(?:on|meeting)\b")
#: Bodies too generic to say which committee: "That the Committee notes ...".
_GENERIC_BODIES = {"committee", "sub-committee", "sub committee", "board", "panel", "forum", "partnership",
                   "commission", "assembly", "council", "group", "full council", "sub group", "sub-group"}
_TITLE_LABEL = re.compile(r"^(?:(?:subject matter\s*/\s*)?title of (?:the\s+)?decision\s*:?|(?:subject|title|report title|"
                          r"title of report|name of report)\s*:)\s*(?P<value>.*)$", re.IGNORECASE)
#: Longest labelled title ("Subject: ..."), in words.
MAX_LABELLED_TITLE_WORDS = 40
_NOT_TITLE = re.compile(
    r"^(?:(?:presented by|report of|report by|from|to|date|author|contact|classification|key decision|"
    r"decision no|agenda item|item|items$|electoral division|ward|past pathway|future pathway|summary|page|"
    r"present|in attendance|apologies)\b|venue\s*:|www\.|https?:|(?:paper|appendix|annex|enclosure)\s+[\w.]{1,4}$)|"
    r"\b(?:tel|telephone|e-?mail|ask for)\s*:",
    re.IGNORECASE,
)
#: Labels a committee system (ModernGov and the like) puts over its pages: such a page is the
#: minutes of an item or meeting, and the label is not its title.
_PAGE_LABEL = re.compile(r"^(?:agenda item|issue\s*[-–]\s*meetings|decision details|agenda and minutes|transcript)\s*:?$",
                         re.IGNORECASE)
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
_SECTION_HEADINGS = {
    "background", "introduction", "summary", "executive summary", "purpose", "purpose of report",
    "purpose of the report", "report", "recommendation", "recommendations", "recommendation(s)",
    "contents", "overview", "key points", "decision", "minutes", "agenda", "prevent duty",
}
_DATE_SKIP = re.compile(r"pathway|previous|last meeting|meeting held on|published|issued|circulated|\bbetween\b",
                        re.IGNORECASE)
#: Periods beyond a plain span of years (see `extract_period`).
_FINANCIAL_YEARS = re.compile(r"(?<![\d/])\b(?P<start>(?:19|20)\d\d)/\d\d\s*(?:[-–—]|to)\s*(?P<century>19|20)\d\d/"
                              r"(?P<end>\d\d)\b(?![/\d])")
_MONTH_RANGE = re.compile(rf"\b(?:{MONTH_NAMES})\s+(?P<start>(?:19|20)\d\d)\s*(?:[-–—]|to)\s*(?:{MONTH_NAMES})\s+"
                          r"(?P<end>(?:19|20)\d\d)\b", re.IGNORECASE)
_SHORT_YEAR = re.compile(r"(?<![\d/£.])\b(?P<start>[0-9]\d)/(?P<end>\d\d)\b(?![/\d])")
_BETWEEN = re.compile(r"\bbetween\b(?=\s+(?:the\s+)?\d)", re.IGNORECASE)
#: Lines that place a meeting, not say whose it is: "Venue: Council House, Plymouth".
_VENUE = re.compile(r"^\s*(?:venue|location|address)\s*:.*$", re.IGNORECASE | re.MULTILINE)
#: Councils named as visitors to a meeting ("Representatives from Norfolk County Council will provide
#: information", "a presentation from ..., Team at Norfolk County Council"): not the paper's issuer.
_VISITOR_CUE = re.compile(r"\b(?:representatives?|delegates?|guests?)\s+(?:from|of)\b|\bpresentation\s+(?:from|by)\b",
                          re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_TOWN_COUNCIL = re.compile(r"\b(?:Town|Parish|Community|Village|Neighbourhood)\s+Council\b")
_TOWN_CLERK = re.compile(r"\b(?:Town|Parish)\s+Clerk\b")

_ACTION_HEADERS = {
    "action": re.compile(r"\b(?:actions?|what we (?:will|have committed)|task|activit(?:y|ies)|objective)\b", re.I),
    "lead": re.compile(r"\b(?:lead|owner|responsib|led by|who)\b", re.I),
    "timescale": re.compile(r"\b(?:time\s*scales?|timeframe|deadline|by when|target date|due date|when)\b", re.I),
    "outcome": re.compile(r"\b(?:outcomes?|measures?|success|progress|status|rag|impact)\b", re.I),
}


@dataclass(frozen=True)
class _Line:
    text: str
    block: Block
    index: int  # position of the block in the document


def _header_end(document: Document) -> int:
    """Index of the first block after the header: the header ends at the first numbered or long
    paragraph (the report proper), after `HEADER_BLOCKS` blocks, or at the end of the first page."""
    first_page = document.blocks[0].page if document.blocks else 1
    for index, block in enumerate(document.blocks[:HEADER_BLOCKS]):
        if block.page != first_page or block.kind == BlockKind.paragraph and (
                block.number and (len(block.text.split()) > SECTION_HEADING_WORDS or block.text.endswith("."))
                or len(block.text.split()) > HEADER_MAX_WORDS):
            return index
    return min(len(document.blocks), HEADER_BLOCKS)


def _header_lines(document: Document) -> list[_Line]:
    """The lines of the opening blocks of the first page (first slide), tables left out."""
    return _lines(document, max(_header_end(document), 1))


def _lines(document: Document, limit: int) -> list[_Line]:
    """The lines of the first `limit` blocks of the first page, tables left out."""
    lines = []
    first_page = document.blocks[0].page if document.blocks else 1
    for index, block in enumerate(document.blocks[:limit]):
        if block.page != first_page or block.kind == BlockKind.table:
            continue
        for text in block.text.split("\n"):
            text = _BREADCRUMB.sub("", fold_spaces(text.replace("*", "")))
            if text:
                lines.append(_Line(text, block, index))
    return lines


def _is_junk(text: str) -> bool:
    return sum(char.isalpha() for char in text) < 3


def _strip_dates(text: str) -> str:
    """A line without its dates and the separators around them: "Cabinet – 30 January 2025" -> "Cabinet"."""
    dates = find_dates(text)
    if not dates:
        return text
    cut = dates[0][0]
    return re.sub(r"(?:[\s,;:–—-]|\b(?:on|held|meeting))*$", "", text[:cut].rstrip(), flags=re.IGNORECASE)


def _tidy_case(text: str) -> str:
    """Shouting lines ("CABINET") become title case; mixed case is kept as written."""
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 5:
        small = {"and", "of", "the", "for", "in", "on", "to"}
        words = text.lower().split()
        return " ".join(w if i and w in small else w[:1].upper() + w[1:] for i, w in enumerate(words))
    return text


def _body_of(text: str) -> str | None:
    """The board or committee a header line names, or None."""
    dated = bool(find_dates(text))
    text = _strip_dates(text).strip(" -–—:")
    if not text or len(text.split()) > 12 or find_mentions(text) and _is_authority_only(text):
        return None
    match = _BODY_LINE.match(text)
    if not match:
        return None
    body = match["body"].strip(" -–,")
    if re.search(r"council$", body, re.IGNORECASE) and not (re.search(r"\bmeeting\b", text, re.IGNORECASE) or dated):
        return None  # a council named alone is the issuer, not the meeting
    if re.search(r"\breport\b|\bupdate\b|\bplan\b|\bpresentation\b", body, re.IGNORECASE):
        return None
    return _tidy_case(body)


def _is_authority_only(text: str) -> bool:
    mentions = find_mentions(text)
    rest = text
    for mention in reversed(mentions):
        rest = rest[:mention.start] + rest[mention.end:]
    return bool(mentions) and not re.sub(r"[\W_]+|\bthe\b|\bmeeting\b", "", rest, flags=re.IGNORECASE)


def extract_body(lines: list[_Line], title: str | None = None, document: Document | None = None) -> str | None:
    """The board or committee: a labelled line ("To: Cabinet", "Meeting: 04/03/2019 - Cabinet (Item 9)"),
    the committee a "<Committee> - <Task Group>" title names, a header line, "meeting of the X";
    failing those, the committee the paper's recommendation is addressed to or that it says met."""
    for line in lines:
        label = _BODY_LABEL.match(line.text)
        if label:
            value = _ITEM_SUFFIX.sub("", _LEADING_DATE.sub("", label["value"]))
            body = _body_of(value) or _body_of(re.split(r"\s[-–—,]\s|,", value)[0])
            if body:
                return body
    if title and re.search(r"\s[-–—]\s", title):
        body = _body_of(re.split(r"\s[-–—]\s", title)[0])
        if body:
            return body
    for line in lines:
        meeting = _MEETING_OF.search(line.text)
        if meeting:
            return _tidy_case(re.sub(r"^the\s+", "", meeting["body"].strip(), flags=re.IGNORECASE))
        if _NOT_TITLE.match(line.text) or line_marking(line.text):
            continue
        body = _body_of(line.text)
        if body:
            return body
    return _addressed_body(document) if document else None


def _addressed_body(document: Document) -> str | None:
    """The committee a recommendation is addressed to ("That Cabinet approves ...") or a report is
    written for ("This report provides PAC with an update"), else the one the paper says it met as
    ("at the previous meeting of the Overview Select Committee")."""
    texts = [fold_spaces(block.text) for block in document.blocks if block.kind != BlockKind.table]
    for text in texts:
        addressed = _ADDRESSEE.match(text)
        if addressed and _specific_body(_bare_body(addressed["body"])):
            return _tidy_case(_bare_body(addressed["body"]))
        written_for = _REPORT_FOR.match(text)
        if written_for and (re.fullmatch(r"[A-Z]{2,6}", written_for["body"]) or _body_of(written_for["body"])):
            body = _body_of(written_for["body"]) or written_for["body"]
            if _specific_body(body):
                return body
    for text in texts:
        for pattern in (_MEETING_OF, _MADE_AT):
            for match in pattern.finditer(text):
                body = _bare_body(match["body"])
                if _specific_body(body):
                    return _tidy_case(body)
    return None


def _bare_body(body: str) -> str:
    """A body's name without the words a sentence puts before it: "That the Cabinet" is "Cabinet"."""
    return re.sub(r"^(?:that\s+)?(?:the\s+)?", "", body.strip(), flags=re.IGNORECASE)


def _specific_body(body: str) -> bool:
    """Whether a body's name says which committee it is: "Cabinet" does, "the Committee" does not."""
    return (body[:1].isupper() and body.lower() not in _GENERIC_BODIES and len(body.split()) <= 12
            and not _is_authority_only(body))


def extract_title(document: Document, lines: list[_Line]) -> str | None:
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
        reported = _reported_title(line.text)
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


def _reported_title(text: str) -> str | None:
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
    labelled = _lines(document, HEADER_BLOCKS * 2)
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


def _continued_title(document: Document, lines: list[_Line], position: int, title: str) -> str:
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
    if not following or _NOT_TITLE.match(following) or _PAGE_LABEL.match(following):
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


def _prevent_item_title(document: Document, lines: list[_Line]) -> str | None:
    """On a page of a whole meeting ("Agenda and minutes", its items read as headings), the title
    of the item about Prevent: the first whose title says so, else the one whose text says so most."""
    label = next((line for line in lines[:5] if re.match(r"^agenda and minutes$", line.text, re.IGNORECASE)), None)
    if label is None:
        return None
    items: list[tuple[str, int]] = []
    for block in document.blocks[label.index + 1:]:
        if block.kind == BlockKind.heading and not _NOT_TITLE.match(block.text):
            items.append((fold_spaces(block.text), 0))
        elif items and block.kind != BlockKind.table:
            title, hits = items[-1]
            items[-1] = (title, hits + len(_PREVENT_IN_TEXT.findall(block.text)))
    by_title = [title for title, _ in items if _PREVENT_TOPIC.search(title)]
    if by_title:
        return _tidy_title(by_title[0])
    best = max(items, key=lambda item: item[1], default=None)
    return _tidy_title(best[0]) if best and best[1] else None


def _meeting_heading_title(document: Document, lines: list[_Line]) -> str | None:
    """A meeting page's heading, its body and day ("Cabinet - Thursday, 16th January, 2025") with the
    time on the line after it ("7.00 pm"): the page is that meeting's record (a report's header
    names the meeting it goes to the same way, but without the time)."""
    if not lines or not _MEETING_HEADING.match(lines[0].text):
        return None
    following = document.blocks[lines[0].index + 1] if lines[0].index + 1 < len(document.blocks) else None
    time = fold_spaces(f"{following.number or ''} {following.text}") if following is not None else ""
    return f"{lines[0].text} {time}" if _TIME.match(time) else None


def _item_title_after_label(document: Document, lines: list[_Line]) -> str | None:
    """Below a page label ("Agenda item"), the first line of the next paragraph when it is a short
    title ("Pursue Prevent Protect Prepare") over the item's description."""
    if not lines or not all(_PAGE_LABEL.match(line.text) for line in lines):
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


def _wrapped_title(lines: list[_Line], position: int) -> str:
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
    if (_is_junk(text) or len(text.split()) > MAX_TITLE_WORDS or _NOT_TITLE.match(text) or line_marking(text)
            or _PAGE_LABEL.match(text)):
        return False
    if (text.endswith(".") and len(text.split()) > SECTION_HEADING_WORDS and not text.isupper()
            and not re.match(r"^minutes of\b", text, re.IGNORECASE)):
        return False  # a sentence, not a title
    if text.lower().strip(" :") in _SECTION_HEADINGS or _is_authority_only(text):
        return False
    if find_dates(text) and not _strip_dates(text).strip(" -–:"):
        return False
    return _body_of(text) is None


def extract_date(lines: list[_Line], document: Document) -> str | None:
    """The date of the meeting or paper: the first full date of the header, else a labelled date."""
    for line in lines:
        if _DATE_SKIP.search(line.text):
            continue
        dates = find_dates(line.text)
        if dates:
            return dates[0][1]
    for field in labelled_fields(document, blocks=HEADER_BLOCKS * 3):
        dates = find_dates(field.value) if field.meaning == labels.DATE else []
        if dates:
            return dates[0][1]  # "Date of decision: 18/04/2019", a cover table's "Date: | 19 October 2023"
    return None


def extract_period(title: str | None, lines: list[_Line], document: Document | None = None) -> str | None:
    """The years a plan or report covers, from its title or header: a span of years ("2021-22",
    "2020/23"), of financial years ("2013/14 - 2015/16"), of months ("April 2008 – March 2011"),
    a title's short year ("Commissioning Plan 18/19"), or the window a report covers ("between
    01 April 2022 and 29 February 2024"). Years merely written near each other are not a period."""
    title = title or ""
    period = _year_range(title) or next(iter(find_periods(title)), None) or _short_period(title)
    if period:
        return period
    texts = list(dict.fromkeys(fold_spaces(line.block.text) for line in lines))
    opening = _opening_paragraph(document) if document else None
    if opening is not None:
        texts.append(fold_spaces(opening.text))
    for text in texts:
        period = _year_range(text)
        if period:
            return period
    for text in [line.text for line in lines[:3]]:
        periods = find_periods(text)
        if periods:
            return periods[0]
    return next((period for period in map(_reporting_window, texts) if period), None)


def _opening_paragraph(document: Document) -> Block | None:
    """The paragraph the header leads into, which says what the paper is ("This report requests ...")."""
    end = _header_end(document)
    if end < len(document.blocks) and document.blocks[end].kind == BlockKind.paragraph:
        return document.blocks[end]
    return None


def _span(start: int, end: int) -> str | None:
    """'YYYY-YY' for a span of one to `MAX_PERIOD_YEARS` years, else None."""
    return f"{start}-{end % 100:02d}" if 1 <= end - start <= MAX_PERIOD_YEARS else None


def _year_range(text: str) -> str | None:
    """A span of financial years ("2013/14 - 2015/16") or of months ("April 2008 – March 2011")."""
    financial = _FINANCIAL_YEARS.search(text)
    if financial:
        return _span(int(financial["start"]), int(financial["century"] + financial["end"]))
    months = _MONTH_RANGE.search(text)
    return _span(int(months["start"]), int(months["end"])) if months else None


def _short_period(title: str) -> str | None:
    """A title's financial year written short: "Draft Commissioning Plan 18/19" is 2018-19."""
    short = _SHORT_YEAR.search(title)
    if short and int(short["end"]) == int(short["start"]) + 1:
        return f"20{short['start']}-{short['end']}"
    return None


def _reporting_window(text: str) -> str | None:
    """The years of a report's window: "the work ... between 01 April 2022 and 29 February 2024"."""
    window = _BETWEEN.search(text)
    if not window:
        return None
    dates = find_dates(text[window.end():])[:2]
    if len(dates) < 2:
        return None
    return _span(int(dates[0][1][:4]), int(dates[1][1][:4]))


def _contact_start(document: Document) -> int:
    """Index of the first block of the contact details: a "Contact" heading, else the last blocks."""
    for index, block in enumerate(document.blocks):
        if re.match(r"^(?:contact officer|contact details|report author|officer to contact|contact)\b",
                    block.text, re.IGNORECASE) and len(block.text.split()) < 12:
            return index
    return max(len(document.blocks) - CONTACT_BLOCKS, 0)


def extract_authority(document: Document, title: str | None) -> tuple[str | None, str | None]:
    """(GSS code, name) of the issuing council, weighing where each council is named.

    A paper headed by a council outside the register (a town or parish council: "Royal
    Sutton Coldfield Town Council", or one with a Town Clerk) gets no code, as councils it
    merely mentions are not its issuer. A partnership named in the title ("LLR ...") keeps
    its name and gets no code. A venue ("Venue: Council House, Plymouth") and councils whose
    officers visit to present are no evidence. A committee system's page often names its
    council only by place ("In Staffordshire the implementation ...", "Safer Sefton Together"):
    where no council is named in full, a paper whose places are all of one council is its.
    """
    header = " ".join(line.text for line in _header_lines(document))
    if title:
        for short, name in PARTNERSHIPS.items():
            if re.search(rf"\b{short}\b|{re.escape(name)}", title):
                return None, name
    whole = document.text()
    if _TOWN_COUNCIL.search(header) or len(_TOWN_CLERK.findall(whole)) >= 1 and not _register_name_in(header):
        return None, None
    contact_from = _contact_start(document)
    header_end = min(_header_end(document), contact_from)
    visitors = _visitors(document)
    scores: dict[Authority, float] = {}
    mentions: dict[Authority, int] = {}
    places: set[Authority] = set()
    named = False
    for index, block in enumerate(document.blocks):
        in_header = index < header_end and block.kind != BlockKind.table
        weight = HEADER_WEIGHT if in_header else (
            CONTACT_WEIGHT if index >= contact_from else BODY_WEIGHT)
        for mention in find_mentions(_VENUE.sub("", block.text), within_names=True):
            if mention.authority in visitors:
                continue
            named = named or mention.how in ("official", "email")
            if mention.how != "official" and mention.how != "email":
                places.add(mention.authority)
            if mention.how == "in_name":
                continue
            strength = mention.strength * (BODY_NAME_FACTOR if mention.how == "name" and not in_header else 1.0)
            scores[mention.authority] = scores.get(mention.authority, 0.0) + strength * weight
            mentions[mention.authority] = mentions.get(mention.authority, 0) + 1
    for mention in find_mentions(title or "", within_names=True):
        if mention.authority not in visitors:
            places.add(mention.authority)
            if mention.how != "in_name":
                scores[mention.authority] = scores.get(mention.authority, 0.0) + mention.strength * HEADER_WEIGHT
    ranked = sorted(scores.values(), reverse=True)
    best = max(scores, key=scores.get) if scores else None
    if best is not None and scores[best] >= MIN_AUTHORITY_SCORE:
        if len(ranked) > 1 and ranked[1] >= ranked[0] * TIED_SHARE and mentions[best] == 1:
            return None, None  # "Watford Borough Council and Stevenage Borough Council": mentioned, not the issuer
        return best.gss_code, best.official_name
    if not named and len(places) == 1:
        only = next(iter(places))
        return only.gss_code, only.official_name
    return None, None


def _visitors(document: Document) -> set[Authority]:
    """Councils a meeting's paper names as visitors: named in full after "representatives from" or
    "a presentation from" in the same sentence. Their officers came to present; the paper is not
    theirs. A place named there ("a presentation on Prevent in Tower Hamlets") is the subject."""
    visitors: set[Authority] = set()
    for block in document.blocks:
        if block.kind == BlockKind.table or not _VISITOR_CUE.search(block.text):
            continue
        for sentence in _SENTENCE_END.split(fold_spaces(block.text)):
            cue = _VISITOR_CUE.search(sentence)
            if cue:
                visitors.update(mention.authority for mention in find_mentions(sentence[cue.end():])
                                if mention.how == "official")
    return visitors


def _register_name_in(text: str) -> bool:
    return any(m.how in ("official", "email") for m in find_mentions(text))


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
    header = [line.text for line in _header_lines(document)]
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
    authored = any(_reported_title(line) for line in header)
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
    if any(_PAGE_LABEL.match(line) for line in header[:4]):
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


def extract_metadata(document: Document) -> DocumentMeta:
    """What the paper says about itself: kind, title, issuing council, body, date, period, marking."""
    lines = _header_lines(document)
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
