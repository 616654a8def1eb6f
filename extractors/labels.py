"""Labelled fields of a paper's front matter: "Report of:", "Contact officer:", "Report to:" ...

UK committee papers open with a form: who wrote the report, who to contact, which meeting it
is for, when, about what. Councils spell the labels many ways ("Report of", "Report By",
"Report author", "From"; "Contact officer(s)", "Officer name", "Officer to contact") and lay
them out many ways: each on its own line, several run together on one line ("Report to:
Cabinet Date: 7 June 2021 Key decision: No"), as two-cell table rows, or flattened into one
paragraph by a PDF's text layer. `labelled_fields` reads them all in one pass and names each
by what it means (`AUTHOR`, `CONTACT`, `BODY`, ...), so extractors ask for a meaning instead
of each scanning the text with its own spellings.

A label counts where it starts a line or follows other words on the line with a capital
("... get in touch with: Officer name: Matthew Gosling Tel No: 01603 228944"), and always
ends in a colon; its value runs to the next label or the end of the block, wrapped lines
included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schemas.document import BlockKind, Document

AUTHOR = "author"
CONTACT = "contact"
LEAD_OFFICER = "lead_officer"
MEMBER = "member"
DECISION_MAKER = "decision_maker"
PRESENTER = "presenter"
BODY = "body"
DATE = "date"
SUBJECT = "subject"
PURPOSE = "purpose"
PHONE = "phone"
EMAIL = "email"
ATTENDANCE = "attendance"
OTHER = "other"

#: Spellings of each label, as councils write them (matched without case).
SPELLINGS: dict[str, tuple[str, ...]] = {
    AUTHOR: ("report of", "report by", "report from", "report author", "report authors", "author", "authors",
             "from", "prepared by", "written by", "report originator", "originating officer"),
    CONTACT: ("contact officer", "contact officers", "contact officer(s)", "contact", "contacts", "contact name",
              "contact details", "officer to contact", "officer name", "name of officer", "background papers contact",
              "for further information contact"),
    LEAD_OFFICER: ("lead officer", "lead officers", "responsible officer", "lead director", "relevant director",
                   "accountable officer", "sponsoring director"),
    MEMBER: ("cabinet member", "portfolio holder", "executive member", "lead member", "lead councillor",
             "cabinet portfolio holder", "responsible cabinet member"),
    DECISION_MAKER: ("decision maker", "decision-maker", "decision taker", "decision to be taken by", "decided by"),
    PRESENTER: ("presented by", "presenter", "presenters", "speaker", "speakers"),
    BODY: ("report to", "meeting", "committee", "board", "to", "decision making body", "meeting of"),
    DATE: ("date", "date of meeting", "meeting date", "date of report", "date of decision", "report date",
           "last updated", "page last updated", "last reviewed"),
    SUBJECT: ("subject", "title", "report title", "title of report", "subject of report", "title of decision"),
    PURPOSE: ("purpose", "purpose of report", "purpose of the report", "summary"),
    PHONE: ("tel", "tel no", "tel. no", "tel no.", "telephone", "telephone no", "telephone number", "phone",
            "direct line", "mobile", "contact number", "contact telephone no"),
    EMAIL: ("email", "e-mail", "email address", "e-mail address"),
    ATTENDANCE: ("also attended", "also attending", "also present", "in attendance", "officers in attendance",
                 "officers present", "officers attending", "also in attendance"),
    OTHER: ("wards affected", "ward", "wards", "key decision", "electoral division", "classification", "status",
            "agenda item", "item no", "item number", "reason for urgency", "appendices", "background papers",
            "is key decision?", "decision status", "is subject to call in?", "publication date", "effective from",
            "venue", "key decision reference", "time", "present", "members present", "apologies",
            "apologies for absence", "available papers", "location"),
}
MEANING = {spelling: meaning for meaning, spellings in SPELLINGS.items() for spelling in spellings}
_ALTERNATIVES = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in sorted(MEANING, key=len, reverse=True))
#: A label: at a line's start, or after a space with its first letter a capital; then a colon.
_LABEL = re.compile(rf"(?<=\s)(?=[A-Z])(?P<label>(?i:{_ALTERNATIVES}))\s*:")
_LINE_START_LABEL = re.compile(rf"^\s*(?P<label>(?i:{_ALTERNATIVES}))\s*:", re.MULTILINE)


@dataclass(frozen=True)
class Field:
    """One labelled value: what the label means, how it was spelt, the value, and its block."""

    meaning: str
    label: str
    value: str
    block: int


def _fields_in_text(text: str, block: int) -> list[Field]:
    starts = {m.start("label"): m for m in _LINE_START_LABEL.finditer(text)}
    for match in _LABEL.finditer(text):
        starts.setdefault(match.start("label"), match)
    ordered = [starts[position] for position in sorted(starts)]
    fields = []
    for match, following in zip(ordered, ordered[1:] + [None]):
        value = text[match.end():following.start("label") if following else len(text)]
        label = " ".join(match["label"].split())
        fields.append(Field(MEANING[label.lower()], label, " ".join(value.split()).strip(" ,;|"), block))
    return fields


def starts_with_label(text: str) -> bool:
    """Whether a line opens with a label ("Time: 10.00 am"): a form's field, never a title or a name."""
    return bool(_LINE_START_LABEL.match(text))


def labelled_fields(document: Document, *, blocks: int | None = None) -> list[Field]:
    """The labelled fields of the paper (of its first `blocks` blocks), in reading order.

    Two-cell table rows whose first cell is a label ("Lead officer | Claire Haworth, Prevent
    Lead") count as well as labels in text.
    """
    fields: list[Field] = []
    for index, block in enumerate(document.blocks[:blocks]):
        if block.kind == BlockKind.table:
            for row in block.rows or ():
                cells = [cell.strip() for cell in row if cell.strip()]
                label = cells[0].rstrip(" :").lower() if cells else ""
                if len(cells) == 2 and label in MEANING:
                    fields.append(Field(MEANING[label], cells[0].rstrip(" :"), " ".join(cells[1].split()), index))
            continue
        fields += _fields_in_text(block.text, index)
    return fields


__all__ = ["ATTENDANCE", "AUTHOR", "BODY", "CONTACT", "DATE", "DECISION_MAKER", "EMAIL", "LEAD_OFFICER", "MEMBER", "OTHER",
           "PHONE", "PRESENTER", "PURPOSE", "SUBJECT", "Field", "labelled_fields", "starts_with_label"]
