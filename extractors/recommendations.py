"""Recommendations and decisions: what a paper recommends, and what a committee is asked to do.

Council papers put them in a few recognisable places, whatever the council or year:

- a review's "Recommendation 1" slides or sections, each with a short title line
  ("Venue Hire and IT policies -") and the recommendation under it;
- a "Recommendation(s)" section of a committee report, as numbered or lettered items
  ("17. That the Board notes the contents of the report", "a. It is recommended that ...")
  or under a lead-in ("Cabinet is asked to:", "Council is recommended to approve:");
- "It is recommended that ..." and "The Cabinet is asked to ..." sentences elsewhere;
- decisions in minutes and decision notices ("RESOLVED that ...", "Cabinet agree to:").

Each becomes one `Recommendation`. Its kind is `decision` when it is what a committee is
asked to do (note, scrutinise, agree, approve, endorse ...) and `improvement` when it asks
for a change someone must make.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.areas import AREA_PATTERNS, header_to_area, text_to_area
from extractors.text import fold_spaces
from schemas.document import Block, BlockKind, Document
from schemas.records import DocumentMeta, Recommendation, normalise_key, record_id

#: A title line under "Recommendation N" is short.
MAX_TITLE_WORDS = 10
#: A "Recommendations" heading is short ("Recommendations for the Board").
MAX_HEADING_WORDS = 10
#: Blocks a recommendations section may run to before it is taken to have ended.
MAX_SECTION_BLOCKS = 25
#: Similarity (0-100) at which two recommendations of one paper are the same one repeated.
REPEAT_RATIO = 90
#: Explanatory blocks between two recommendations before the list is taken to have ended.
MAX_SKIPPED_BLOCKS = 6
#: A numbered block this short, without a full stop, is the next section's heading ("1 Introduction").
SECTION_HEADING_WORDS = 6

_NUMBERED_HEADING = re.compile(r"^recommendation\s+(?P<number>\d{1,2}|[a-z])\b\s*[:.\-–—]?\s*(?P<rest>.*)$", re.IGNORECASE)
_SECTION_HEADING = re.compile(
    r"^(?:(?:[a-z]+\s+){0,2}recommendations\b|recommendation\s*\(s\)|recommendation\b|proposed recommendations?\b)"
    r"\s*(?P<rest>.*)$", re.IGNORECASE)
#: "Venue hire: every authority should ...": a short label before a colon titles the item.
_LABELLED = re.compile(r"^(?P<title>[A-Z][\w &/'’-]{2,40}?)\s*:\s+(?P<text>\S.*)$")
#: A paragraph this short without closing punctuation is the next section's title ("Report").
SECTION_TITLE_WORDS = 4
_BODIES = (r"cabinet|council|committee|sub-committee|board|panel|members|executive|partnership|group|forum|"
           r"leader|cabinet member|portfolio holder|commission|mayor|assembly|authority")
_DECISION_VERBS = (r"note|notes|noted|scrutini[sz]es?|agrees?|approves?|endorses?|considers?|comments?|receives?|"
                   r"delegates?|resolves?|adopts?|accepts?|supports?|ratif(?:y|ies)|authori[sz]es?|confirms?|"
                   r"discuss(?:es)?|recommends?|welcomes?|acknowledges?|reviews? and comments?|challenges?")
_DECISION = re.compile(
    rf"^(?:that\s+)?(?:the\s+)?(?:[\w&,'’()-]+\s+){{0,8}}?(?:{_BODIES})\s+(?:is\s+|are\s+|be\s+|should\s+)?"
    rf"(?:asked\s+to\s+|recommended\s+to\s+|invited\s+to\s+|requested\s+to\s+)?(?:formally\s+)?(?:{_DECISION_VERBS})\b",
    re.IGNORECASE,
)
_IMPERATIVE_DECISION = re.compile(rf"^(?:to\s+)?(?:{_DECISION_VERBS})\b", re.IGNORECASE)
_PASSIVE_DECISION = re.compile(r"^that\b.{0,120}?\bbe\s+(?:\w+ed|made|given|taken|sent|set|paid|undertaken)\b", re.IGNORECASE)
_IT_IS_RECOMMENDED = re.compile(r"\bit is (?:therefore\s+)?recommended that\b", re.IGNORECASE)
_ASKED_TO = re.compile(rf"^(?:the\s+)?(?:[\w&,'’-]+\s+){{0,6}}?(?:{_BODIES})\s+(?:is|are)\s+(?:asked|recommended|invited|requested)\s+to\b",
                       re.IGNORECASE)
_RESOLVED = re.compile(rf"(?:\bRESOLVED\b|^Resolved\b|\b(?i:{_BODIES})\s+resolved\s+(?:that|to)\b)\s*[:,-]?\s*", re.MULTILINE)
_EVERY_AUTHORITY = re.compile(r"^(?:that\s+)?(?:each|every|all|both|partner)\b", re.IGNORECASE)
_SUBJECT = re.compile(rf"^(?:it is (?:therefore\s+)?recommended that\s+)?(?:that\s+)?(?:the\s+)?(?:[\w&,'’-]+\s+){{0,6}}?"
                      rf"(?:{_BODIES})\s+", re.IGNORECASE)
_OPENS_LIST = re.compile(r":\s*[-–]?\s*$")
_LEAD_IN = re.compile(rf"(?:\b(?:asked|recommended|invited|requested)\s+to\b.*|\b(?:{_BODIES})\s+agrees?\s+to|\bresolved\b.*|"
                      r"\brecommend(?:s|ed)?\s+that|\bdecision)\s*[:\-–]?\s*$", re.IGNORECASE)
_SECTION_END = re.compile(r"^(?:report of|report by|reasons? for|background|contact|summary|purpose|introduction|"
                          r"financial|legal|implications|list of background|appendi|equalit|risk|consultation)\b",
                          re.IGNORECASE)
_TITLE_END = re.compile(r"\s*[-–—:]\s*$")


@dataclass
class _Found:
    number: str | None
    title: str | None
    text: str
    block: Block
    decision: bool


def _is_decision(text: str, *, lead_in: str | None = None) -> bool:
    """Whether a recommendation is a committee's decision rather than a change someone must make."""
    if lead_in and _LEAD_IN.search(lead_in):
        return True
    body = _IT_IS_RECOMMENDED.sub("", text, count=1).strip()
    if _RESOLVED.match(text):
        return True
    if _EVERY_AUTHORITY.match(body):
        return False  # "each district council adopts a policy": a change for councils to make
    return bool(_DECISION.match(body) or _IMPERATIVE_DECISION.match(body) or _PASSIVE_DECISION.match(body))


def _area(title: str | None, text: str, decision: bool) -> str | None:
    """The benchmark area a recommendation concerns, where one fits.

    A decision ("That the Board notes the report") names committees, not areas, so it gets
    an area only from the most specific wording of one ("the Prevent Partnership Plan").
    """
    if title:
        area = header_to_area(title)
        if area:
            return area
    if not decision:
        return text_to_area(text)
    body = _IT_IS_RECOMMENDED.sub("", text, count=1).strip()
    subject = _DECISION.match(body)
    stripped = (body[subject.end():] if subject else body).lower()  # "the Board notes" names no area
    for area, patterns in AREA_PATTERNS.items():
        specific = [pattern for depth, pattern in enumerate(patterns) if depth == 0 or " " in pattern]
        if any(re.search(pattern, stripped) for pattern in specific):
            return area
    return None


def _short_title(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and (bool(_TITLE_END.search(text)) or not text.rstrip().endswith("."))


def _numbered_recommendations(blocks: tuple[Block, ...], used: set[int]) -> list[_Found]:
    """ "Recommendation N" headings, each with its title line and its first point."""
    found = []
    for index, block in enumerate(blocks):
        match = _NUMBERED_HEADING.match(block.text.split("\n")[0].strip())
        if not match or len(block.text.split()) > MAX_HEADING_WORDS + 30:
            continue
        rest = fold_spaces(match["rest"] + " " + " ".join(block.text.split("\n")[1:]))
        title, texts = None, []
        if rest and _short_title(rest):
            title = rest
        elif rest:
            texts.append(rest)
        used.add(index)
        for offset, following in enumerate(blocks[index + 1:index + 1 + MAX_SECTION_BLOCKS], start=index + 1):
            first_line = following.text.split("\n")[0].strip()
            if _NUMBERED_HEADING.match(first_line) or (following.kind == BlockKind.heading and (title or texts)):
                break
            used.add(offset)
            if following.kind == BlockKind.table:
                continue
            if title is None and not texts and _short_title(following.text) and following.kind != BlockKind.list_item:
                title = fold_spaces(following.text)
            elif not texts:
                texts.append(fold_spaces(following.text))
        if title:
            title = _TITLE_END.sub("", title).strip()
        text = texts[0] if texts else title
        if text:
            found.append(_Found(match["number"], title, text, block, _is_decision(text)))
    return found


def _section_recommendations(blocks: tuple[Block, ...], used: set[int]) -> list[_Found]:
    """Items of "Recommendation(s)" sections and of "X is asked to:" lead-ins."""
    found = []
    for index, block in enumerate(blocks):
        if index in used:
            continue
        lines = [line.strip() for line in block.text.split("\n") if line.strip()]
        if not lines:
            continue
        heading = _SECTION_HEADING.match(lines[0])
        lead_in = None
        if heading and not lines[0].lower().startswith("recommendation") and not _is_section_title(lines[0].rstrip(":")):
            heading = None  # "The recommendations within the CTLP ..." is prose, "Key recommendations" a heading
        if heading and (len(lines[0].split()) <= MAX_HEADING_WORDS or lines[0].endswith(":")):
            rest = fold_spaces(heading["rest"].lstrip(" :-–") + " " + " ".join(lines[1:]))
            rest = re.sub(r"^for the [\w &]+?(?:\s*:|$)", "", rest, flags=re.IGNORECASE).strip()
            rest = _OPENS_LIST.sub(":", rest)
        elif _OPENS_LIST.search(block.text) and (_ASKED_TO.match(fold_spaces(block.text))
                                                  or _LEAD_IN.search(_OPENS_LIST.sub(":", block.text))):
            rest = _OPENS_LIST.sub(":", fold_spaces(block.text))
        else:
            continue
        used.add(index)
        if rest and rest.endswith(":"):
            lead_in = rest
        elif rest and len(rest.split()) > 3:
            found.append(_Found(block.number, None, rest, block, _is_decision(rest)))
        previous_number: str | None = None
        skipped = 0
        found_here = 0
        for offset, item in enumerate(blocks[index + 1:index + 1 + MAX_SECTION_BLOCKS], start=index + 1):
            text = fold_spaces(item.text)
            if _ends_section(item, text) or skipped > MAX_SKIPPED_BLOCKS:
                break
            if item.number and previous_number and not _follows(previous_number, item.number):
                break  # a new numbered sequence: the list of recommendations is over
            if item.number and previous_number is None and found_here:
                break  # numbered paragraphs after an unnumbered recommendation: the report proper
            if not item.number and item.kind == BlockKind.paragraph and _is_section_title(text):
                break
            skipped += 1
            used.add(offset)
            if item.kind == BlockKind.table:
                continue
            if _OPENS_LIST.search(text) and (_LEAD_IN.search(_OPENS_LIST.sub(":", text)) or _ASKED_TO.match(text)):
                lead_in = text
                continue
            if item.number or item.kind == BlockKind.list_item or _looks_like_recommendation(text):
                if lead_in is None and not item.number and not _looks_like_recommendation(text):
                    continue
                previous_number = item.number or previous_number
                skipped = 0
                found_here += 1
                title, text = _split_label(text)
                found.append(_Found(item.number, title, text, item, _is_decision(text, lead_in=lead_in)))
    return found


def _is_section_title(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= SECTION_TITLE_WORDS and not text.endswith((".", ":", ";", ",")) \
        and not _looks_like_recommendation(text)


def _split_label(text: str) -> tuple[str | None, str]:
    """("Venue hire", "every authority should ...") from "Venue hire: every authority should ..."."""
    match = _LABELLED.match(text)
    if not match or _looks_like_recommendation(text) or len(match["title"].split()) > 5:
        return None, text
    return match["title"].strip(), match["text"].strip()


def _follows(previous: str, number: str) -> bool:
    """Whether `number` continues a list after `previous`: 17 -> 18, a -> b, A -> B, ii -> iii."""
    if previous.isdigit() and number.isdigit():
        return int(number) == int(previous) + 1
    romans = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
    if previous.lower() in romans and number.lower() in romans and previous.lower() != "i" or (
            previous.lower() == "i" and number.lower() == "ii"):
        return romans.index(number.lower()) == romans.index(previous.lower()) + 1
    if len(previous) == 1 and len(number) == 1 and previous.isalpha() and number.isalpha():
        return ord(number.lower()) == ord(previous.lower()) + 1  # "A" then "b": PDFs lose case
    return False


def _ends_section(block: Block, text: str) -> bool:
    if block.kind == BlockKind.heading and not _looks_like_recommendation(text):
        return True
    if _SECTION_END.match(text) or _NUMBERED_HEADING.match(text):
        return True
    words = text.split()
    return bool(block.number) and len(words) <= SECTION_HEADING_WORDS and not text.endswith((".", ":", ";"))


def _looks_like_recommendation(text: str) -> bool:
    return bool(_IT_IS_RECOMMENDED.search(text) or _DECISION.match(text) or _ASKED_TO.match(text)
                or _IMPERATIVE_DECISION.match(text) or _PASSIVE_DECISION.match(text))


def _sentence_from(text: str, start: int) -> str:
    """The sentence of `text` that begins at `start`."""
    end = re.search(r"(?<=[.!?])\s+(?=[A-Z(])", text[start:])
    return text[start:start + end.start()] if end else text[start:]


def _prose_recommendations(blocks: tuple[Block, ...], used: set[int]) -> list[_Found]:
    """ "It is recommended that ..." and "The Cabinet is asked to ..." sentences, and RESOLVED decisions."""
    found = []
    for index, block in enumerate(blocks):
        if index in used or block.kind in (BlockKind.table, BlockKind.heading):
            continue
        text = fold_spaces(block.text)
        for match in _IT_IS_RECOMMENDED.finditer(text):
            sentence = _sentence_from(text, match.start())
            found.append(_Found(block.number, None, sentence, block, _is_decision(sentence)))
        if _ASKED_TO.match(text) and not _OPENS_LIST.search(text):
            found.append(_Found(block.number, None, _sentence_from(text, 0), block, True))
        for match in _RESOLVED.finditer(block.text):
            sentence = fold_spaces(_sentence_from(block.text, match.start()))
            if len(sentence.split()) > 2:
                found.append(_Found(block.number, None, sentence, block, True))
    return found


def extract_recommendations(document: Document, meta: DocumentMeta) -> list[Recommendation]:
    """One record per recommendation or decision, in the paper's order, without repeats."""
    blocks = document.blocks
    used: set[int] = set()
    found = _numbered_recommendations(blocks, used)
    found += _section_recommendations(blocks, used)
    found += _prose_recommendations(blocks, used)
    records: list[Recommendation] = []
    seen: list[str] = []
    for item in found:
        key = normalise_key(item.text)
        if not key or any(fuzz.ratio(key, other) >= REPEAT_RATIO for other in seen):
            continue  # reports repeat their recommendations in a summary box and at the end
        seen.append(key)
        records.append(Recommendation(
            id=record_id(document.id, "recommendation", item.number, key),
            document_id=document.id,
            number=item.number,
            title=item.title,
            text=item.text,
            area=_area(item.title, item.text, item.decision),
            kind="decision" if item.decision else "improvement",
            page=item.block.page,
        ))
    order = {id(block): position for position, block in enumerate(blocks)}
    by_record = {record.id: next(i.block for i in found if normalise_key(i.text) == normalise_key(record.text))
                 for record in records}
    return sorted(records, key=lambda record: order.get(id(by_record[record.id]), 0))


__all__ = ["extract_recommendations"]
