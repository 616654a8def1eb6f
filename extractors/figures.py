"""Figures: the counts, percentages and sums of money a paper states, with what they count.

A figure is a number the text offers as a fact about the world: "over 3,000 front line
staff", "93% of schools", "£1.9 million grant", "Thirty local authority areas". Council
papers are also full of numbers that are not facts: paragraph and list numbers, dates,
years, times, phone numbers, decision and page references, sections of Acts ("Section 26",
"s29"), versions ("Contest 3.0"), ordinals and school years ("year 6"). Those are told apart
by what stands around the number, so a count must be followed by the thing it counts (its
unit), and a number led by a label word ("Section", "page", "Wave", "Item") or glued to
letters, slashes or other digits is a reference, not a figure. Durations ("two weeks",
"12 months") are timescales, not facts, and are left to the actions extractor.

The phrase kept with a figure is its sentence (split by the one spaCy pipeline). Units are
read with part-of-speech tags, which only the words after a number need: those are tagged
ahead in batches, and any other word when it is looked at (see `extractors.nlp.Tags`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import islice

from extractors.nlp import Tags, has_tags, load_nlp, split_sentences, tag_ahead, token_indices
from extractors.text import MONTHS, NUMBER_WORDS_PATTERN, fold_spaces, parse_money, parse_number, words_to_number
from schemas.document import BlockKind, Document
from schemas.records import DocumentMeta, Figure, normalise_key, record_id

#: A table cell must read as prose (this many words) for its numbers to be figures.
MIN_CELL_WORDS = 5
#: Most words a unit may have: "front line staff", "WRAP trained officers".
MAX_UNIT_WORDS = 4
#: Longest phrase kept with a figure; longer sentences are cut round the number.
MAX_TEXT_CHARS = 300
#: Years written alone are dates, not counts.
YEAR_RANGE = range(1900, 2100)
#: Texts whose words after numbers are tagged together (see `extractors.nlp.Tags`).
TAG_AHEAD_TEXTS = 256

_MONEY = re.compile(
    r"£\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s?(?P<scale>bn|billion|m|million|k|thousand)\b)?",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"(?<![\w.,/-])(?P<amount>\d{1,3}(?:\.\d+)?)\s?(?:%|per\s?cent\b|percent\b)", re.IGNORECASE)
_COUNT = re.compile(r"(?<![\w£/.,:+-])(?P<amount>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
                    r"(?:\s(?P<scale>million|billion|thousand)\b)?(?![\w/%]|[.,:]\d|\.[A-Za-z]|-\d|\s?[–-]\s?\d)")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
_WORDS = re.compile(rf"(?<![\w-])(?P<amount>{NUMBER_WORDS_PATTERN})(?![\w-])", re.IGNORECASE)

#: Words before a number that make it a reference or label, not a count.
LABEL_WORDS = {
    "section", "sections", "s", "para", "paragraph", "paragraphs", "page", "pages", "p", "pp", "item", "items",
    "appendix", "annex", "year", "key", "stage", "level", "phase", "wave", "waves", "tier", "quarter", "q",
    "no", "number", "ref", "reference", "version", "chapter", "clause", "regulation", "article", "schedule",
    "minute", "decision", "question", "priority", "objective", "recommendation", "action", "table", "figure",
    "step", "option", "grade", "band", "ward", "route", "junction", "box", "part", "rule", "standard", "aged",
    "age", "ages", "line", "row", "column", "slide", "point", "contest", "act", "agenda", "order", "ni",
}
#: Capitalised words that may open a sentence before a number without being its label.
FREE_WORDS = {
    "over", "around", "about", "approximately", "nearly", "almost", "some", "only", "just", "all", "of", "in",
    "by", "with", "for", "at", "up", "to", "under", "fewer", "less", "more", "than", "least", "circa", "a",
    "the", "and", "these", "those", "since", "from", "between", "another", "further", "additional", "total",
    "a", "an", "across", "during", "within", "each", "every", "almost", "roughly", "upwards", "above", "below",
}
#: Things counted that are durations or clock times: timescales, not figures.
TIME_UNITS = {
    "day", "days", "week", "weeks", "weekly", "month", "months", "monthly", "year", "years", "yearly", "hour",
    "hours", "minute", "minutes", "mins", "hrs", "yrs", "decade", "decades", "quarter", "quarters", "term",
    "terms", "night", "nights", "weekend", "weekends", "am", "pm", "noon", "midnight", "o'clock", "times",
} | set(MONTHS)
#: Words that end a unit: function words and the common verbs that follow a count.
STOP_WORDS = {
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "within", "and", "or", "but",
    "as", "than", "that", "which", "who", "whom", "whose", "this", "these", "those", "is", "are", "was", "were",
    "be", "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "should", "could",
    "can", "may", "might", "must", "shall", "out", "per", "across", "into", "over", "under", "up", "more",
    "less", "fewer", "each", "all", "not", "no", "so", "such", "their", "its", "our", "your", "his", "her",
    "including", "include", "includes", "between", "during", "since", "until", "where", "when", "while",
    "about", "around", "against", "through", "there", "here", "it", "they", "we", "he", "she", "them",
}
QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"just over|more than|in excess of|upwards of|over|above", "over"),
    (r"approximately|approx\.?|around|about|circa|c\.|roughly|some|an estimated|estimated", "around"),
    (r"at least|a minimum of|no fewer than|no less than", "at least"),
    (r"fewer than|less than", "fewer than"),
    (r"just under|under|below", "under"),
    (r"up to|a maximum of|as many as", "up to"),
    (r"nearly|almost", "nearly"),
    (r"target(?:ed)?(?:\s+(?:of|is|was|will be|to reach|for))?|aim(?:ing)? (?:for|to reach)|to reach", "target"),
)
_QUALIFIER = [(re.compile(rf"(?:^|\W)(?:{words})\s*$", re.IGNORECASE), name) for words, name in QUALIFIERS]
#: Verbs that often follow a count ("345 schools responded"); in a unit only before a noun ("two WRAP trained officers").
VERB_ENDINGS = ("ed", "ing")
_PLURAL_NOUNS = {"people", "staff", "children", "police", "personnel", "workforce", "men", "women", "youth"}


@dataclass
class _Candidate:
    value: float
    unit: str | None
    qualifier: str | None
    start: int
    end: int


def _word_before(text: str, start: int) -> str:
    match = re.search(r"([A-Za-z][\w.'’]*)[\s(]*$", text[:start])
    return match.group(1) if match else ""


def _is_label(text: str, start: int) -> bool:
    """Whether the word before a number makes it a reference ("Section 26", "Wave 13", "Contest 3.0")."""
    word = _word_before(text, start)
    if not word:
        return False
    if word.lower().rstrip(".") in LABEL_WORDS:
        return True
    gap = text[start - len(word) - 3:start]
    return word[:1].isupper() and word.lower() not in FREE_WORDS and not re.search(r"[,;:(]", gap)


def _is_reference_number(text: str, start: int, end: int, amount: str) -> bool:
    """Years, phone numbers, list numbering and clock times."""
    digits = amount.replace(",", "")
    if "," not in amount and "." not in amount and digits.isdigit() and int(digits) in YEAR_RANGE:
        return True
    if re.search(r"\d\s*[-–]\s*$|\+\s*$", text[:start]):
        return True  # the end of a range ("18-25", "2024- 25") or an international phone number
    if digits.startswith("0") and len(digits) >= 3:
        return True  # phone numbers and codes: 0116 305 6056
    if re.match(r"\s\d", text[end:end + 2]) or re.search(r"\d\s$", text[max(0, start - 2):start]):
        return True  # one of a run of numbers: a phone number, or a table row read as text
    line_start = not text[:start].rsplit("\n", 1)[-1].strip(" \t-•")
    if line_start and re.match(r"\s*[.)]\s", text[end:end + 3]):
        return True  # list numbering at the start of the line
    if line_start and (len(digits) <= 2 or re.fullmatch(r"\d{1,3}(?:\.\d{1,3})+", amount)) \
            and re.match(r"\s+[A-Z][a-z]", text[end:end + 3]):
        return True  # a footnote marker or paragraph number: "1 Counter Terrorism ...", "1.1 Review the ..."
    if re.match(r"\s*(?:st|nd|rd|th)\b|\s*(?:am|pm|hrs)\b|:\d", text[end:end + 4], re.IGNORECASE):
        return True
    following = re.match(r"\s+([A-Za-z]+)", text[end:end + 15])
    return bool(following and following.group(1).lower() in MONTHS)


def _qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - 30):start]
    for pattern, name in _QUALIFIER:
        if pattern.search(before):
            return name
    return None


def _unit_after(doc, text: str, end: int) -> str | None:
    """The thing counted: the words after the number up to a function word, verb or punctuation."""
    tagged = doc is not None and has_tags(load_nlp())
    words: list[str] = []
    if tagged:
        tokens = [token for token in doc if token.idx >= end]
        for position, token in enumerate(tokens):
            if token.text in {'"', "“", "”", "'", "‘", "’"}:
                continue
            if token.text == "-" and words and position + 1 < len(tokens) and tokens[position + 1].idx == token.idx + 1:
                words[-1] += "-"  # "high-quality entries": one word, split by the tokenizer
                continue
            if token.pos_ == "SPACE" or not token.text.strip():
                if "\n" in token.text and position + 1 < len(tokens) and tokens[position + 1].text[:1].isupper():
                    break  # a line ending in a number: the next line is not its unit
                continue
            next_pos = next((t.pos_ for t in tokens[position + 1:] if t.text.strip()), "")
            usable = bool(re.fullmatch(r"[A-Za-z][\w'’-]*", token.text)) and token.pos_ in {"NOUN", "PROPN", "ADJ"} or (
                re.fullmatch(r"[A-Za-z][\w'’-]*", token.text) and
                token.tag_ in {"VBN", "VBG"} and next_pos in {"NOUN", "PROPN"})
            if not usable or token.lower_ in STOP_WORDS or len(words) >= MAX_UNIT_WORDS:
                break
            if words and words[-1].endswith("-"):
                words[-1] += token.text
            else:
                words.append(token.text)
        while words and tokens and any(t.text == words[-1] and t.pos_ == "ADJ" for t in tokens[:len(words) + 2]) \
                and len(words) > 1:
            words.pop()
    else:
        following = re.findall(r"\n(?=\s*[A-Z])|[\w'’-]+|[^\w\s]", text[end:end + 80])
        following = [word for word in following if word not in {'"', "“", "”", "‘", "’", "'"}]
        for position, word in enumerate(following):
            if not re.match(r"[A-Za-z]", word) or word.lower() in STOP_WORDS or len(words) >= MAX_UNIT_WORDS:
                break
            after = following[position + 1] if position + 1 < len(following) else ""
            if word.lower().endswith(VERB_ENDINGS) and not (words and re.match(r"[A-Za-z]", after)
                                                            and after.lower() not in STOP_WORDS):
                break
            words.append(word)
    if not words or words[0].lower() in TIME_UNITS or words[0].lower() in STOP_WORDS:
        return None
    return " ".join(words)


def _plural(unit: str) -> bool:
    head = unit.split()[-1].lower()
    return head.endswith("s") or head in _PLURAL_NOUNS


#: Number words that are not counts: "one of the", "a hundred years".
_NOT_COUNTED = {"one", "a hundred", "a thousand"}
_SHARE_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|our\s+|its\s+|their\s+)?[\d,]+(?=\s)")


#: A number that counts what a count before it counted: "9 of which", "5 of them", "compared with 44".
_BACK_REFERENCE = re.compile(r"\s+of\s+(?:which|them|these|those|whom)\b")
_COMPARED = re.compile(r"\b(?:compared (?:with|to)|(?:up|down|rising|falling|an increase|a fall|a decrease) from|"
                       r"of (?:which|these|them|those|whom),?)\s+(?:the\s+)?$")


def _is_item_number(text: str, start: int, unit: str) -> bool:
    """Whether a number opens an agenda item's title ("701 Apologies and Welcome", "56 Prevent")."""
    line = text[start:].split("\n")[0]
    return (start == 0 or text[start - 1] == "\n") and unit[:1].isupper() and len(line.split()) <= 8 \
        and not line.rstrip().endswith((".", ";", ":"))


def sentence_to_candidates(text: str, doc=None) -> list[_Candidate]:
    """The figures of one sentence, in text order."""
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _MONEY.finditer(text):
        value = parse_money(match.group(0))
        if value is not None:
            taken.append(match.span())
            found.append(_Candidate(value, "£", _qualifier(text, match.start()), *match.span()))
    for match in _PERCENT.finditer(text):
        if free(*match.span()) and not _is_label(text, match.start()):
            taken.append(match.span())
            found.append(_Candidate(float(match["amount"]), "%", _qualifier(text, match.start()), *match.span()))
    for match in _COUNT.finditer(text):
        start, end = match.span()
        if not free(start, end) or _is_label(text, start) or _is_reference_number(text, start, end, match["amount"]):
            continue
        value = parse_number(match["amount"])
        if value is not None and match["scale"]:
            value *= _SCALES[match["scale"].lower()]
        unit = _unit_after(doc, text, end)
        share = _SHARE_OF.match(text, end)
        if unit is None and share:
            unit = _unit_after(doc, text, share.end())  # "5 of the 8 authorities": 5 authorities
        if unit is None and re.search(r"\bout of\s*$", text[:start]) and found:
            unit = found[-1].unit  # "399 schools out of 411": 411 schools
        if unit is None and (_BACK_REFERENCE.match(text, end) or _COMPARED.search(text[:start])):
            # "71 referrals ..., 9 of which", "52 referrals, compared with 44": the count before
            unit = next((c.unit for c in reversed(found) if c.end <= start and c.unit not in ("£", "%")), None)
        if value is None or unit is None or _is_item_number(text, start, unit):
            continue
        taken.append((start, end))
        found.append(_Candidate(value, unit, _qualifier(text, start), start, end))
    for match in _WORDS.finditer(text):
        start, end = match.span()
        amount = match["amount"].lower()
        if not free(start, end) or amount in _NOT_COUNTED or _is_label(text, start):
            continue
        unit = _unit_after(doc, text, end)
        value = words_to_number(amount)
        if value is None or unit is None or not _plural(unit):
            continue
        if match["amount"][:1].isupper() and unit[:1].isupper():
            continue  # a name: "Four Oaks", "Two Rivers", "TWO WARDS" as a heading
        taken.append((start, end))
        found.append(_Candidate(float(value), unit, _qualifier(text, start), start, end))
    return sorted(found, key=lambda candidate: candidate.start)


def _phrase(sentence: str, candidate: _Candidate) -> str:
    """The sentence, or the clause round the number when the sentence is long."""
    text = sentence
    if len(text) > MAX_TEXT_CHARS:
        left = max(text.rfind(";", 0, candidate.start), text.rfind(". ", 0, candidate.start)) + 1
        right = min((i for i in (text.find(";", candidate.end), text.find(". ", candidate.end)) if i >= 0),
                    default=len(text))
        text = text[left:right]
        if len(text) > MAX_TEXT_CHARS:
            offset = max(candidate.start - left - MAX_TEXT_CHARS // 2, 0)
            text = text[offset:offset + MAX_TEXT_CHARS]
    return fold_spaces(text).strip(" -–•")  # line breaks were kept only to bound units


_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(rf"\b{NUMBER_WORDS_PATTERN}\b", re.IGNORECASE)


def _has_number(text: str) -> bool:
    """A digit or a number word: two searches, since one for either tries the words at every place."""
    return bool(_DIGIT.search(text) or _NUMBER_WORD.search(text))


def _texts(document: Document):
    """(page, text) of every paragraph, list item, heading and prose table cell."""
    for block in document.blocks:
        if block.kind == BlockKind.table:
            for row in block.rows or ():
                for cell in row:
                    if len(cell.split()) >= MIN_CELL_WORDS:
                        yield block.page, cell
        elif block.text:
            yield block.page, block.text


def extract_figures(document: Document, meta: DocumentMeta) -> list[Figure]:
    """Every count, percentage and sum of money the paper states, once per value and unit."""
    nlp = load_nlp()
    items = [(page, text) for page, text in _texts(document) if _has_number(text)]
    figures: list[Figure] = []
    seen: set[tuple[float, str]] = set()
    texts = [re.sub(r"[ \t\u00a0]+", " ", text.replace("\x02\n", "-").replace("\x02", "-")).strip()
             for _, text in items]
    for page, doc_text, doc, tags in _tagged_docs([page for page, _ in items], texts, split_sentences(texts, nlp),
                                                  nlp):
        for sentence in doc.sents:
            text = doc_text[sentence.start_char:sentence.end_char]  # sentence.text, without joining its tokens
            view = _SentenceView(sentence, tags)
            for candidate in sentence_to_candidates(text, view):
                key = (candidate.value, normalise_key(candidate.unit))
                if key in seen:
                    continue
                seen.add(key)
                phrase = _phrase(text, candidate)
                figures.append(Figure(
                    id=record_id(document.id, "figure", candidate.value, normalise_key(candidate.unit),
                                 normalise_key(phrase)),
                    document_id=document.id,
                    value=candidate.value,
                    unit=candidate.unit,
                    qualifier=candidate.qualifier,
                    text=phrase,
                    page=page,
                ))
    return figures


def _tagged_docs(pages: list[int], texts: list[str], docs, nlp):
    """(page, text, Doc, Tags) of each text; the words after each number are tagged ahead, in batches.

    A Doc's text is the text it was made from (spaCy's tokens keep every character), which
    is kept rather than asked of the Doc: `doc.text` joins its tokens again each time.
    """
    if not has_tags(nlp):
        yield from ((page, text, doc, None) for page, text, doc in zip(pages, texts, docs))
        return
    docs = iter(docs)
    for first in range(0, len(pages), TAG_AHEAD_TEXTS):
        tags = [Tags(doc, nlp) for doc in islice(docs, TAG_AHEAD_TEXTS)]
        batch = texts[first:first + TAG_AHEAD_TEXTS]
        tag_ahead(((t, _after_numbers(t.doc, text)) for t, text in zip(tags, batch)), nlp)
        yield from ((page, text, t.doc, t) for page, text, t in zip(pages[first:], batch, tags))


def _after_numbers(doc, doc_text: str) -> list[int]:
    """Indices of the tokens where `sentence_to_candidates` will look for units in a Doc.

    The tests it makes before reading a unit, on the same sentences, so that the words it
    asks about are tagged together, ahead: a word first asked about later is tagged on its
    own, which costs as much as a batch. Only sums of money and percentages, which take a
    number out of the running, are not looked for: now and then a number is tagged needlessly.
    """
    ends = []
    for sentence in doc.sents:
        text, offset = doc_text[sentence.start_char:sentence.end_char], sentence.start_char
        for match in _COUNT.finditer(text):
            start, end = match.span()
            if _is_label(text, start) or _is_reference_number(text, start, end, match["amount"]):
                continue
            ends.append(offset + end)
            share = _SHARE_OF.match(text, end)
            if share:  # "5 of the 8 authorities": the unit may be after the second number
                ends.append(offset + share.end())
        for match in _WORDS.finditer(text):
            if match["amount"].lower() not in _NOT_COUNTED and not _is_label(text, match.start()):
                ends.append(offset + match.end())
    return token_indices(doc, ends) if ends else []


class _SentenceView:
    """The tokens of a sentence with offsets relative to the sentence, for `_unit_after`.

    Their tags come from `tags` (made only for the tokens `_unit_after` looks at), else
    from the Doc itself.
    """

    def __init__(self, sentence, tags: Tags | None = None) -> None:
        self._sentence, self._tags = sentence, tags
        self._tokens: list[_Token] | None = None

    def __iter__(self):
        if self._tokens is None:
            offset = self._sentence.start_char
            self._tokens = [_Token(token, offset, self._tags) for token in self._sentence]
        return iter(self._tokens)


class _Token:
    __slots__ = ("text", "lower_", "idx", "_token", "_tags", "_pos_tag")

    def __init__(self, token, offset: int, tags: Tags | None) -> None:
        self.text, self.lower_ = token.text, token.lower_
        self.idx = token.idx - offset
        self._token, self._tags, self._pos_tag = token, tags, None

    def _tagged(self) -> tuple[str, str]:
        if self._pos_tag is None:
            self._pos_tag = (self._tags(self._token.i) if self._tags is not None
                             else (self._token.pos_, self._token.tag_))
        return self._pos_tag

    @property
    def pos_(self) -> str:
        return self._tagged()[0]

    @property
    def tag_(self) -> str:
        return self._tagged()[1]


__all__ = ["extract_figures", "sentence_to_candidates"]
