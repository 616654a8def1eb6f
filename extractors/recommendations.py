"""Recommendations and decisions: what a paper recommends, and what a committee is asked to do.

Council papers put them in a few recognisable places, whatever the council or year:

- a review's "Recommendation 1" slides or sections, each with a short title line
  ("Venue Hire and IT policies -") and the recommendation under it;
- a "Recommendation(s)" section of a committee report, as numbered or lettered items
  ("17. That the Board notes the contents of the report", "a. It is recommended that ...")
  or under a lead-in ("Cabinet is asked to:", "Council is recommended to approve:");
- "It is recommended that ..." and "The Cabinet is asked to ..." sentences elsewhere;
- decisions in minutes and decision notices ("RESOLVED that ...", "Cabinet agree to:"), and
  the recommended resolution of an agenda-item page ("Recommended –", "Decision") with its items;
- what minutes record a committee as doing ("That the Minutes ... be approved.", "The committee
  noted the work programme.", "Members requested that ...", "It was asked of Members to ...");
- a report's recommendations as minutes discuss them ("Recommendation 4 in the draft report made
  reference to ensuring that ...").

A resolution the paper only recalls ("At its meeting on 10 March 2022, this Committee resolved
that ...") was a decision of an earlier meeting, not of this paper, and is left out.

Each becomes one `Recommendation`. Its kind is `decision` when it is what a committee is
asked to do (note, scrutinise, agree, approve, endorse ...) and `improvement` when it asks
for a change someone must make.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from extractors.areas import AREA_PATTERNS, header_to_area, text_to_area
from extractors.text import fold_spaces, sentence_starts, split_sentences
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
#: The end of a line that a list of items completes: "Cabinet is asked to:", "RESOLVED: that".
_OPENS_LIST = re.compile(r"(?::\s*[-–]?|:?\s+that)\s*$", re.IGNORECASE)
_LEAD_IN = re.compile(rf"(?:\b(?:asked|recommended|invited|requested)\s+to\b.*|\b(?:{_BODIES})\s+agrees?\s+to|\bresolved\b.*|"
                      r"\brecommend(?:s|ed)?\s+that|\bdecision)\s*[:\-–]?\s*$", re.IGNORECASE)
_SECTION_END = re.compile(r"^(?:report of|report by|reasons? for|background|contact|summary|purpose|introduction|minutes\b|"
                          r"financial|legal|implications|list of background|appendi|equalit|risk|consultation)\b",
                          re.IGNORECASE)
_TITLE_END = re.compile(r"\s*[-–—:]\s*$")
#: "Recommended –", "Decision", "RESOLVED:", "Recommendations:" alone on a line: the recommended
#: resolution of an agenda item or decision record follows, one item a paragraph.
_DECISION_LABEL = re.compile(r"^(?:recommended|decisions?|resolved|resolutions?)\s*[:.\-–—]?$|^recommendations?\s*[:\-–—]$",
                             re.IGNORECASE)
#: A decision label with its decision on the same line: "Decision: That the report be noted."
_LABEL_THEN_DECISION = re.compile(r"^(?:decisions?|resolved|recommended|recommendations?|resolutions?)\s*[:\-–—]\s*"
                                  r"(?P<text>That\b.+)$", re.IGNORECASE)
#: The contact line that closes an agenda item's recommendations: "(Ian Day – 01274 433507)".
_CONTACT_LINE = re.compile(r"^\(?[^()]{0,60}?\b0\d{2,4}\s?\d{3,4}\s?\d{3,4}\)?\.?$")
#: "The review makes the following recommendations." introduces the items rather than being one.
_INTRODUCES_LIST = re.compile(r"\bfollowing\b|\brecommendations?\b|\bas follows\b", re.IGNORECASE)
#: A paragraph longer than this under a decision label is the minutes' prose, not an item.
MAX_ITEM_WORDS = 80
#: Words a committee is named by at the start of a minuted sentence ("The Corporate Overview and
#: Scrutiny Committee", "Members", "This Sub-Committee").
_COMMITTEE = rf"(?:(?:the|this)\s+)?(?:[A-Z][\w&'’-]*\s+(?:(?:and|of|&)\s+)?){{0,6}}?(?i:{_BODIES})"
#: What a committee notes as a decision is a paper or its content ("noted the Forward Work Programme");
#: "Members noted the challenges of ..." records the discussion.
_PAPERS = (r"(?:report|programme|plan|update|minutes|presentation|information|contents?|progress|position|briefing|"
           r"statement|strategy|register|recommendations?|letter|response|review|assessment|action|apologies)")
#: Labels only minutes carry: "Minutes:" under an agenda item, "RESOLVED", a "Minutes" title.
_MINUTES_MARK = re.compile(r"^(?i:minutes\b|agenda and minutes\b|resolved\b)|\bRESOLVED\b")
#: What minutes record a committee as having done at this meeting: a decision.
_MINUTED = (
    re.compile(rf"^{_COMMITTEE}\s+(?:unanimously\s+)?(?:agreed|approved|endorsed|adopted|ratified|requested|"
               rf"resolved|recommended|noted\s+(?!that\b)(?:\S+\s+){{0,6}}?(?i:{_PAPERS}))\b"),
    re.compile(r"^(?:the\s+)?minutes\s+of\b.{0,160}?\b(?:were|was|be|are)\s+(?:\w+\s+)?"
               r"(?:approved|agreed|confirmed|signed|accepted|adopted)\b", re.IGNORECASE),
    re.compile(rf"^(?:[Ii]t\s+was\s+asked\s+of\s+{_COMMITTEE}\s+to|[Ii]t\s+was\s+(?:unanimously\s+)?(?:agreed|resolved)\s+"
               rf"(?:that|to)|{_COMMITTEE}\s+(?:is|are|was|were)\s+(?:asked|invited|requested|recommended)\s+to)\b"),
)
#: A resolution as decision pages write it, "That X be authorised ...", "That Officers contact ...";
#: "That is why ..." is prose.
_RESOLUTION = re.compile(r"^That\s+(?!is\b|was\b|has\b|had\b|will\b|would\b|said\b|means\b|being\b)")
#: What minutes record as put forward at the meeting, for someone to take up: an improvement.
_PROPOSED = re.compile(r"^[Ii]t\s+was\s+(?:proposed|suggested)\s+that\b")
#: A resolution the paper recalls from an earlier meeting ("At its meeting on 10 March 2022,
#: this Committee resolved that ...", "Members had agreed ...") is not a decision of this paper.
_RECALLED = re.compile(
    r"^(?:at\s+(?:its|their|the|a)\s+(?:\w+\s+){0,3}?meeting\s+(?:on|of|in|held)\b|on\s+\d|in\s+(?:19|20)\d\d\b|"
    r"previously\b|earlier\b)|\bhad\s+(?:\w+ly\s+)?(?:resolved|agreed|approved|noted|requested|endorsed)\b",
    re.IGNORECASE)
#: A report's numbered recommendation as minutes discuss it: "Recommendation 4 in the draft report
#: made reference to ensuring that ..." is recommendation 4, "ensuring that ...".
_DISCUSSED = re.compile(
    r"\bRecommendation\s+(?P<number>\d{1,2})\s+(?:in|of)\s+the\s+(?:[\w-]+\s+){0,3}?report\s+"
    r"(?:referred\s+to|made\s+reference\s+to|reflected|related\s+to|concerned|dealt\s+with|covered|addressed|"
    r"sought|proposed|called\s+for|was\s+about)\s+(?P<text>\S)", re.IGNORECASE)
#: "circulated an additional recommendation for the Committee’s consideration, regarding ...".
_ADDITIONAL = re.compile(r"\ban?\s+(?:additional|further|new|supplementary)\s+recommendation\b(?!s)", re.IGNORECASE)


@dataclass
class _Found:
    number: str | None
    title: str | None
    text: str
    block: Block
    decision: bool


def _is_decision(text: str, *, lead_in: str | None = None) -> bool:
    """Whether a recommendation is a committee's decision rather than a change someone must make."""
    if lead_in and (_LEAD_IN.search(lead_in) or _DECISION_LABEL.match(lead_in)):
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
        if not match or len(block.text.split()) > MAX_HEADING_WORDS + 30 or _DISCUSSED.match(fold_spaces(block.text)):
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
        label = len(lines) == 1 and bool(_DECISION_LABEL.match(lines[0]))
        if heading and not lines[0].lower().startswith("recommendation") and not _is_section_title(lines[0].rstrip(":")):
            heading = None  # "The recommendations within the CTLP ..." is prose, "Key recommendations" a heading
        if label:
            rest = lines[0]
        elif len(lines) > 1 and (_DECISION_LABEL.match(lines[0]) or _ends_lead_in(lines[0])):
            # "Recommended –" or "The Committee is recommended to:" with its items on the next lines
            used.add(index)
            item = fold_spaces(" ".join(lines[1:]))
            found += [_Found(number or block.number, None, text, block, True) for number, text in _enumerated(item)]
            continue
        elif _LABEL_THEN_DECISION.match(fold_spaces(block.text)):
            used.add(index)  # "Decision: That the report be noted."
            text = _LABEL_THEN_DECISION.match(fold_spaces(block.text))["text"]
            found += [_Found(number or block.number, None, item, block, True) for number, item in _enumerated(text)]
            continue
        elif heading and (len(lines[0].split()) <= MAX_HEADING_WORDS or lines[0].endswith(":")):
            rest = fold_spaces(heading["rest"].lstrip(" :-–") + " " + " ".join(lines[1:]))
            rest = re.sub(r"^for the [\w &]+?(?:\s*:|$)", "", rest, flags=re.IGNORECASE).strip()
            rest = _OPENS_LIST.sub(":", rest)
        elif _OPENS_LIST.search(block.text) and (_ASKED_TO.match(fold_spaces(block.text))
                                                  or _LEAD_IN.search(_OPENS_LIST.sub(":", block.text))):
            rest = _OPENS_LIST.sub(":", fold_spaces(block.text))
        else:
            continue
        used.add(index)
        if label or rest and rest.endswith(":"):
            lead_in = rest
        elif rest and len(rest.split()) > 3:
            found.append(_Found(block.number, None, rest, block, _is_decision(rest)))
        previous_number: str | None = None
        skipped = 0
        found_here = 0
        last_taken = index
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
            if label and last_taken == offset - 1 and _INTRODUCES_LIST.search(text) and not item.number:
                last_taken = offset  # "The task group makes the following recommendations."
                continue
            run_on = label and last_taken == offset - 1 and _is_label_item(item)
            if item.number or item.kind == BlockKind.list_item or _looks_like_recommendation(text) or run_on:
                if lead_in is None and not item.number and not _looks_like_recommendation(text):
                    continue
                previous_number = item.number or previous_number
                skipped = 0
                found_here += 1
                last_taken = offset
                title, text = _split_label(text)
                found.append(_Found(item.number, title, text, item, _is_decision(text, lead_in=lead_in)))
    return found


def _ends_lead_in(line: str) -> bool:
    """Whether a line is a lead-in its items complete: "The Committee is recommended to:"."""
    return bool(_OPENS_LIST.search(line)) and bool(_ASKED_TO.match(line) or _LEAD_IN.search(_OPENS_LIST.sub(":", line)))


def _is_label_item(block: Block) -> bool:
    """Whether a paragraph straight after a decision label, or after one of its items, is an item too.

    "A report is presented in twelve months’ time." is; "Alternative options considered\nThe
    Council must ..." (a title line over prose) and a long paragraph of minutes are not.
    """
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    if block.kind != BlockKind.paragraph or not lines or len(fold_spaces(block.text).split()) > MAX_ITEM_WORDS:
        return False
    titled = len(lines) > 1 and len(lines[0].split()) <= SECTION_HEADING_WORDS and not lines[0].endswith((".", ",", ";"))
    text = fold_spaces(block.text)
    return not titled and text.endswith((".", ";")) and not _INTRODUCES_LIST.search(text)


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
    if _SECTION_END.match(text) or _NUMBERED_HEADING.match(text) or _CONTACT_LINE.match(text):
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
            used.add(index)
        for match in _RESOLVED.finditer(block.text):
            if _RECALLED.search(_sentence_before(block.text, match.start())):
                continue  # "At its meeting on 10 March 2022, this Committee resolved ...": history
            start = match.start()
            if match.group().strip(" :,-").lower() == "resolved" and re.match(r"that\b", block.text[match.end():], re.I):
                start = match.end()  # "RESOLVED: That the report be noted." is the decision "That the report ..."
            items = _enumerated(fold_spaces(block.text[start:]))
            if len(items) == 1:
                items = [(None, fold_spaces(_sentence_from(block.text, start)))]
            for number, sentence in items:
                if len(sentence.split()) > 2:
                    found.append(_Found(number or block.number, None, sentence, block, True))
                    used.add(index)
    return found


#: An item number written inside a sentence: "RESOLVED – (1) That ... (2) That ...".
_INLINE_NUMBER = re.compile(r"(?:^|(?<=\s))\((?P<number>\d{1,2}|[a-z]|[ivx]{1,4})\)\s+")


def _enumerated(text: str) -> list[tuple[str | None, str]]:
    """(number, text) of each item of "(1) That ... (2) That ...", or the whole text as one item."""
    marks = list(_INLINE_NUMBER.finditer(text))
    numbers = [mark["number"] for mark in marks]
    if len(marks) < 2 or not all(_follows(a, b) for a, b in zip(numbers, numbers[1:])):
        return [(None, text)]
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    return [(mark["number"], re.sub(r"[;,]?\s*(?:and|or)?\s*$", "", text[mark.end():end].strip()))
            for mark, end in zip(marks, ends)]


def _sentence_before(text: str, position: int) -> str:
    """The part of `text`'s sentence that comes before `position`."""
    return fold_spaces(text[sentence_starts(text, position)[-1]:position])


def is_minuted(blocks: tuple[Block, ...]) -> bool:
    """Whether a paper holds minutes, where "Members agreed ..." is this meeting's decision.

    In a report the same past tense recalls an earlier meeting ("It was agreed that the work
    would benefit from ..."), so these sentences count only in papers with the marks of minutes.
    """
    return any(_MINUTES_MARK.search(block.text[:200]) for block in blocks if block.kind != BlockKind.table)


def _minuted_decisions(blocks: tuple[Block, ...], used: set[int]) -> list[_Found]:
    """What minutes and decision pages record: "That ..." resolutions, "The committee noted ...",
    "Members requested that ...", "The minutes ... were approved", "It was proposed that ..."."""
    found = []
    minuted = is_minuted(blocks)
    for index, block in enumerate(blocks):
        if index in used or block.kind not in (BlockKind.paragraph, BlockKind.list_item):
            continue
        text = fold_spaces(block.text)
        if _RESOLUTION.match(text) and (block.number or _looks_like_recommendation(text)) \
                and len(text.split()) <= MAX_ITEM_WORDS:
            found.append(_Found(block.number, None, text, block, True))  # a decision page's "That X be authorised"
            continue
        for sentence in split_sentences(text):
            if _RECALLED.search(sentence):
                continue
            if _ASKED_TO.match(sentence) or minuted and any(pattern.match(sentence) for pattern in _MINUTED):
                found.append(_Found(block.number, None, sentence, block, True))
            elif minuted and _PROPOSED.match(sentence):
                found.append(_Found(block.number, None, sentence, block, False))
    return found


def _discussed_recommendations(blocks: tuple[Block, ...]) -> list[_Found]:
    """A report's recommendations as minutes discuss them, and additional ones put to the meeting."""
    found = []
    for block in blocks:
        if block.kind == BlockKind.table:
            continue
        text = fold_spaces(block.text)
        for match in _DISCUSSED.finditer(text):
            sentence = _sentence_from(text, match.start("text"))
            found.append(_Found(match["number"], None, sentence, block, _is_decision(sentence)))
        for match in _ADDITIONAL.finditer(text):
            found.append(_Found(None, None, _sentence_from(text, match.start()), block, False))
    return found


def extract_recommendations(document: Document, meta: DocumentMeta) -> list[Recommendation]:
    """One record per recommendation or decision, in the paper's order, without repeats."""
    blocks = document.blocks
    used: set[int] = set()
    found = _numbered_recommendations(blocks, used)
    found += _section_recommendations(blocks, used)
    found += _prose_recommendations(blocks, used)
    found += _discussed_recommendations(blocks)
    found += _minuted_decisions(blocks, used)
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


__all__ = ["extract_recommendations", "is_minuted"]
