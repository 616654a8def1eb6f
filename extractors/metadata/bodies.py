"""The board or committee a paper is for or records: "To: Cabinet", "Meeting: 04/03/2019 -
Safeguarding Overview and Scrutiny Committee (Item 56)", "meeting of the Cabinet", or the
committee its recommendations are addressed to.
"""

from __future__ import annotations

import re

from extractors.authorities import find_mentions
from extractors.marking import line_marking
from extractors.metadata.header import Line, NOT_TITLE, is_authority_only, strip_dates, tidy_case
from extractors.text import find_dates, fold_spaces
from schemas.document import BlockKind, Document


_BODY_WORDS = r"(?:committee|sub-committee|board|cabinet|panel|forum|partnership|executive|commission|assembly|council|group)"
_BODY_LINE = re.compile(rf"^(?:the\s+)?(?P<body>[\w&,'’() -]{{0,80}}?\b{_BODY_WORDS})(?:\s+meeting)?$", re.IGNORECASE)
_BODY_LABEL = re.compile(r"^(?:to|meeting|committee|board|decision[- ]maker|decision to be taken by|report to|meeting of|"
                         r"decided at meeting)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_MEETING_OF = re.compile(rf"\bmeeting of (?:the\s+)?(?P<body>[A-Z][\w&,'’ -]{{0,80}}?\b{_BODY_WORDS})\b"
                         r"(?=\s+(?:held|on|at|about|in|to|that|which|when|where)\b|[,.;:]|$)",
                         re.IGNORECASE)

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


def body_of(text: str) -> str | None:
    """The board or committee a header line names, or None."""
    dated = bool(find_dates(text))
    text = strip_dates(text).strip(" -–—:")
    if not text or len(text.split()) > 12 or find_mentions(text) and is_authority_only(text):
        return None
    match = _BODY_LINE.match(text)
    if not match:
        return None
    body = match["body"].strip(" -–,")
    if re.search(r"council$", body, re.IGNORECASE) and not (re.search(r"\bmeeting\b", text, re.IGNORECASE) or dated):
        return None  # a council named alone is the issuer, not the meeting
    if re.search(r"\breport\b|\bupdate\b|\bplan\b|\bpresentation\b", body, re.IGNORECASE):
        return None
    return tidy_case(body)


def extract_body(lines: list[Line], title: str | None = None, document: Document | None = None) -> str | None:
    """The board or committee: a labelled line ("To: Cabinet", "Meeting: 04/03/2019 - Cabinet (Item 9)"),
    the committee a "<Committee> - <Task Group>" title names, a header line, "meeting of the X";
    failing those, the committee the paper's recommendation is addressed to or that it says met."""
    for line in lines:
        label = _BODY_LABEL.match(line.text)
        if label:
            value = _ITEM_SUFFIX.sub("", _LEADING_DATE.sub("", label["value"]))
            body = body_of(value) or body_of(re.split(r"\s[-–—,]\s|,", value)[0])
            if body:
                return body
    if title and re.search(r"\s[-–—]\s", title):
        body = body_of(re.split(r"\s[-–—]\s", title)[0])
        if body:
            return body
    for line in lines:
        meeting = _MEETING_OF.search(line.text)
        if meeting:
            return tidy_case(re.sub(r"^the\s+", "", meeting["body"].strip(), flags=re.IGNORECASE))
        if NOT_TITLE.match(line.text) or line_marking(line.text):
            continue
        body = body_of(line.text)
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
            return tidy_case(_bare_body(addressed["body"]))
        written_for = _REPORT_FOR.match(text)
        if written_for and (re.fullmatch(r"[A-Z]{2,6}", written_for["body"]) or body_of(written_for["body"])):
            body = body_of(written_for["body"]) or written_for["body"]
            if _specific_body(body):
                return body
    for text in texts:
        for pattern in (_MEETING_OF, _MADE_AT):
            for match in pattern.finditer(text):
                body = _bare_body(match["body"])
                if _specific_body(body):
                    return tidy_case(body)
    return None


def _bare_body(body: str) -> str:
    """A body's name without the words a sentence puts before it: "That the Cabinet" is "Cabinet"."""
    return re.sub(r"^(?:that\s+)?(?:the\s+)?", "", body.strip(), flags=re.IGNORECASE)


def _specific_body(body: str) -> bool:
    """Whether a body's name says which committee it is: "Cabinet" does, "the Committee" does not."""
    return (body[:1].isupper() and body.lower() not in _GENERIC_BODIES and len(body.split()) <= 12
            and not is_authority_only(body))
