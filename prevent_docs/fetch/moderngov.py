"""Read the answers of a ModernGov committee system's web service (`mgWebService.asmx`).

Three GET methods are enough: `GetCommittees`, `GetMeetings` for a committee and a window of
dates (dd/mm/yyyy), and `GetMeeting` for one meeting's agenda items, their minutes and
decision text (HTML escaped once more as XML) and linked documents. Real installs differ
(`tests/fixtures/moderngov/SOURCES.md`): counts come with leading spaces, some titles are
escaped twice (`&amp;amp;`), and a web service that is switched off answers with an HTML
page instead of XML. Each oddity is handled here, once; what cannot be read is a
`ServiceError` naming the address.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urlencode

from prevent_docs.errors import PreventDocsError

SERVICE = "mgWebService.asmx"


class ServiceError(PreventDocsError):
    """A web-service answer that is not the XML it should be."""


@dataclass(frozen=True)
class Committee:
    id: int
    title: str
    deleted: bool = False


@dataclass(frozen=True)
class Meeting:
    """A meeting as `GetMeetings` lists it, with the committee it belongs to."""

    id: int
    date: dt.date
    status: str
    committee: str


@dataclass(frozen=True)
class LinkedDocument:
    attachment_id: str
    title: str
    url: str
    restricted: bool


@dataclass
class AgendaItem:
    """One agenda item of a meeting: its text, minutes, decision and linked documents."""

    id: str
    number: str
    title: str
    agenda_html: str
    minutes_html: str
    decision_html: str
    restricted: bool
    documents: list[LinkedDocument] = field(default_factory=list)

    def texts(self) -> list[str]:
        """What `--match` is matched against: title, texts and document titles."""
        return [self.title, html_to_text(self.agenda_html), html_to_text(self.minutes_html),
                html_to_text(self.decision_html), *(document.title for document in self.documents)]


def service_url(base: str, method: str, **params: str | int) -> str:
    """The GET address of a web-service method: `{base}/mgWebService.asmx/{method}?...`."""
    query = urlencode(params, safe="/")
    return f"{base.rstrip('/')}/{SERVICE}/{method}" + (f"?{query}" if query else "")


def meeting_page(base: str, meeting_id: int) -> str:
    """The meeting's page on the council's site, where people read its agenda and minutes."""
    return f"{base.rstrip('/')}/ieListDocuments.aspx?MId={meeting_id}"


def service_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def parse_committees(body: bytes, url: str) -> list[Committee]:
    root = _xml(body, url, "committees")
    return [Committee(id=_int(node, "committeeid", url), title=_title(node, "committeetitle"),
                      deleted=_flag(node, "committeedeleted"))
            for node in root.iter("committee")]


def parse_meetings(body: bytes, url: str) -> list[Meeting]:
    root = _xml(body, url, "getmeetings")
    meetings = []
    for committee in root.iter("committee"):
        title = _title(committee, "committeetitle")
        for node in committee.iter("meeting"):
            meetings.append(Meeting(id=_int(node, "meetingid", url), date=_date(node, "meetingdate", url),
                                    status=_text(node, "meetingstatus"), committee=title))
    return meetings


def parse_meeting(body: bytes, url: str) -> list[AgendaItem]:
    """The agenda items of one meeting (none for a cancelled one)."""
    root = _xml(body, url, "meeting")
    return [_agenda_item(node) for node in root.iter("agendaitem")]


def _agenda_item(node: ET.Element) -> AgendaItem:
    documents = [LinkedDocument(attachment_id=_text(doc, "attachmentid"), title=_title(doc, "title"),
                                url=_text(doc, "url"), restricted=_flag(doc, "isrestricted"))
                 for doc in node.iter("linkeddoc") if _text(doc, "url")]
    number = _text(node, "fulldisplaynumberformat").rstrip(".") or _text(node, "agendaitemnumber")
    return AgendaItem(id=_text(node, "agendaitemid"), number=number, title=_title(node, "agendaitemtitle"),
                      agenda_html=_text(node, "agendatext"), minutes_html=_text(node, "minutesnonemptyhtmlbody"),
                      decision_html=_text(node, "decisionnonemptyhtmlbody"), restricted=_flag(node, "isrestricted"),
                      documents=documents)


def _xml(body: bytes, url: str, root_tag: str) -> ET.Element:
    """The parsed answer, or ServiceError if it is an HTML page, not XML, or another document."""
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        raise ServiceError(f"{url}: answered an HTML page, not the web service's XML "
                           f"(the web service may be switched off on this site)")
    if b"<!doctype" in body[:4096].lower() or b"<!entity" in body[:4096].lower():
        raise ServiceError(f"{url}: XML with a document type declaration, not the web service's answer")
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        raise ServiceError(f"{url}: not XML ({e})") from e
    if root.tag != root_tag:
        raise ServiceError(f"{url}: an XML <{root.tag}>, not the <{root_tag}> the web service answers")
    return root


def _text(node: ET.Element, tag: str) -> str:
    return (node.findtext(tag) or "").strip()


def _title(node: ET.Element, tag: str) -> str:
    return clean_title(_text(node, tag))


def clean_title(text: str) -> str:
    """A title as people read it: entities left by installs that escape twice (`&amp;amp;`)
    decoded, spaces folded."""
    for _ in range(2):
        if "&" not in text:
            break
        text = html.unescape(text)
    return " ".join(text.split())


def _flag(node: ET.Element, tag: str) -> bool:
    return _text(node, tag).lower() == "true"


def _int(node: ET.Element, tag: str, url: str) -> int:
    """An id or count; ModernGov pads some with spaces (`<meetingscount> 2</meetingscount>`)."""
    value = _text(node, tag)
    if not value.isdigit():
        raise ServiceError(f"{url}: <{tag}> is {value!r}, not a number")
    return int(value)


def _date(node: ET.Element, tag: str, url: str) -> dt.date:
    value = _text(node, tag)
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError as e:
        raise ServiceError(f"{url}: <{tag}> is {value!r}, not a dd/mm/yyyy date") from e


_TAG = re.compile(r"<[^>]*>")


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment, for matching: tags dropped, entities decoded, spaces folded."""
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())
