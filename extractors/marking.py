"""Protective markings: the Government Security Classification a paper carries, if any.

A public copy leaves out every paper marked above OFFICIAL, so a marking missed is a paper
published that should not be. The marking is looked for wherever a paper prints it: body
lines, table cells, speaker notes, and the margins readers keep apart from the body (Word
page headers and footers of every section, text boxes, slide masters and layouts). Every
spelling of the current scheme (OFFICIAL, OFFICIAL-SENSITIVE with or without a descriptor
such as PERSONAL or [COMMERCIAL], SECRET, TOP SECRET) and of the older one (PROTECT,
RESTRICTED, CONFIDENTIAL) counts, in any case, and the most severe marking found wins: a
paper marked OFFICIAL on its cover and OFFICIAL-SENSITIVE in its footer is OFFICIAL-SENSITIVE.

A marking is a line that is the marking ("Official Sensitive", "OFFICIAL-SENSITIVE
[PERSONAL]"), a labelled line ("Classification: Restricted"), or a marking in capitals set at
the start or end of a line or apart by a dash or bar ("OFFICIAL SENSITIVE | Page 2",
"Leicestershire Police - RESTRICTED"). The same words in prose ("a confidential reporting
line", "restricted access", "Official Sensitive so not a public facing document", said of
another paper) are not. A page header or footer is furniture, not prose: any sensitive
marking word in one counts, unless written in lower case in a sentence. A GSC descriptor on
a line of its own ("[PERSONAL]") is kept as written; being no public marking, it is withheld.
"PROTECT" alone is also a CONTEST strand, so in the body of a paper that names the strands
(Pursue, Prepare) it counts only when labelled or described ("PROTECT - PERSONAL").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from schemas.document import BlockKind, Document

#: How severe each marking is. Public markings rank 0; OFFICIAL (1) is public too.
SEVERITY: dict[str, int] = {
    "NOT PROTECTIVELY MARKED": 0, "UNCLASSIFIED": 0, "UNRESTRICTED": 0, "OFFICIAL": 1,
    "PROTECT": 2, "OFFICIAL-SENSITIVE": 2, "RESTRICTED": 3, "CONFIDENTIAL": 4, "SECRET": 5, "TOP SECRET": 6,
}
#: Markings a public copy may publish. Anything else, including a marking not known here, is withheld.
PUBLIC_MARKINGS = frozenset({"NOT PROTECTIVELY MARKED", "UNCLASSIFIED", "UNRESTRICTED", "OFFICIAL"})

#: A margin line this long with the marking word in lower case is a sentence, not a marking.
MARGIN_PROSE_WORDS = 4

_LEVEL = (r"(?P<level>not[\s-]+protectively[\s-]+marked|top[\s_-]*secret|official[\s_-]*sensitive|official|"
          r"unrestricted|unclassified|restricted|confidential|secret|protect)\b")
#: Descriptors and caveats written after a marking, current and older.
_DESCRIPTOR = (r"[\s:,/-]*[\[(]?\s*(?P<descriptor>personal(?:\s+data)?|commercial|locsen|policy|management|staff|"
               r"private|investigation|appointments|contracts|medical|honours|uk\s+eyes\s+only)\s*[\])]?")
_LABEL = re.compile(r"^(?:government\s+)?(?:protective\s+|security\s+)?(?:marking|classification)(?:\s+level)?"
                    r"\s*[:-]?\s*", re.IGNORECASE)
_MARKING_AT_START = re.compile(rf"{_LEVEL}(?:{_DESCRIPTOR})?", re.IGNORECASE)
_ALONE = re.compile(rf"[\s\[(*]*{_LEVEL}(?:{_DESCRIPTOR})?[\s\])*.]*", re.IGNORECASE)
_ANYWHERE = re.compile(rf"(?<![\w-]){_LEVEL}(?:{_DESCRIPTOR})?(?![\w-])", re.IGNORECASE)
#: Characters that set a marking apart from the words around it on a line.
_SEPARATORS = "-|:/[]()•*"
#: Page numbers a header or footer prints beside a marking: "Page 3 of 9", "- 3 -", "3".
_FURNITURE = re.compile(r"(?:page\s*)?\d+(?:\s*of\s*\d+)?|-\s*\d+\s*-", re.IGNORECASE)
_FURNITURE_AT_START = re.compile(r"^(?:page\s*\d+(?:\s*of\s*\d+)?|\d+)\s+", re.IGNORECASE)
_FURNITURE_AT_END = re.compile(r"\s+(?:page\s*\d+(?:\s*of\s*\d+)?|\d+)$", re.IGNORECASE)
#: A GSC descriptor in brackets on a line of its own ("[PERSONAL]") marks the paper sensitive.
_DESCRIPTOR_ALONE = re.compile(r"\[(?:PERSONAL|COMMERCIAL|LOCSEN)\]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
#: The CONTEST strands besides Prevent and Protect: a paper naming them uses PROTECT as a word.
_CONTEST = (re.compile(r"\bpursue\b", re.IGNORECASE), re.compile(r"\bprepare\b", re.IGNORECASE))


def find_marking(document: Document) -> str | None:
    """The most severe protective marking the paper prints anywhere, normalised ("OFFICIAL-SENSITIVE PERSONAL")."""
    contest = all(pattern.search(document.text()) for pattern in _CONTEST)
    found: str | None = None
    for line, in_margin in _lines(document):
        marking = line_marking(line, in_margin=in_margin, contest=contest)
        if marking and (found is None or severity(marking) > severity(found)):
            found = marking
    return found


def is_public(marking: str | None) -> bool:
    """May a paper with this marking (as stored) be published? Unknown markings may not."""
    if not marking:
        return True
    return " ".join(marking.upper().split()) in PUBLIC_MARKINGS


def severity(marking: str) -> int:
    """How severe a normalised marking is; a descriptor makes OFFICIAL at least OFFICIAL-SENSITIVE.

    A marking not known here ranks as OFFICIAL-SENSITIVE: in doubt, it is not public.
    """
    for level in sorted(SEVERITY, key=len, reverse=True):
        if marking == level:
            return SEVERITY[level]
        if marking.startswith(level + " "):
            return max(SEVERITY[level], SEVERITY["OFFICIAL-SENSITIVE"])
    return SEVERITY["OFFICIAL-SENSITIVE"]


#: Words one of which every marking and descriptor contains ("protect" is in "not protectively marked",
#: "restricted" in "unrestricted"): a line with none of them states no marking.
MARKING_WORDS = ("official", "protect", "restricted", "unclassified", "confidential", "secret", "personal",
                 "commercial", "locsen")


def line_marking(line: str, *, in_margin: bool = False, contest: bool = False) -> str | None:
    """The marking one line states, if it is a marking line (see the module docstring).

    Most lines of a paper name no marking word, and are let go before the rules run.
    """
    lowered = line.lower()
    if not any(word in lowered for word in MARKING_WORDS):
        return None
    return _line_marking(line, in_margin=in_margin, contest=contest)


def _line_marking(line: str, *, in_margin: bool, contest: bool) -> str | None:
    text = _strip_furniture(" ".join(_DASHES.sub("-", line).split()))
    if not text:
        return None
    label = _LABEL.match(text)
    match = label and _MARKING_AT_START.match(text, label.end())
    if match:
        return _normalise(match)
    match = _ALONE.fullmatch(text)
    if match:
        return _alone(match, in_margin=in_margin, contest=contest)
    if _DESCRIPTOR_ALONE.fullmatch(text):
        return text
    for match in _ANYWHERE.finditer(text):
        if _set_apart(text, match, in_margin=in_margin):
            return _normalise(match)
    return None


def _lines(document: Document) -> Iterator[tuple[str, bool]]:
    """Every line of every margin, block and table cell, and whether it is in a margin."""
    for block in document.margins:
        for line in block.text.split("\n"):
            yield line, True
    for block in document.blocks:
        cells = [cell for row in block.rows or () for cell in row] if block.kind == BlockKind.table else [block.text]
        for cell in cells:
            for line in cell.split("\n"):
                yield line, False


def _strip_furniture(text: str) -> str:
    """The line without the page numbers printed beside a marking ("OFFICIAL | Page 2 of 5")."""
    text = _FURNITURE_AT_END.sub("", _FURNITURE_AT_START.sub("", text))
    parts = [part.strip() for part in text.split("|")]
    return " | ".join(part for part in parts if part and not _FURNITURE.fullmatch(part))


def _alone(match: re.Match, *, in_margin: bool, contest: bool) -> str | None:
    """A line that is only a marking: public ones count in capitals, bare PROTECT not as a CONTEST strand."""
    marking = _normalise(match)
    written = match["level"]
    if marking in PUBLIC_MARKINGS and not written.isupper():
        return None
    if marking == "PROTECT" and not in_margin and (contest or not written.isupper()):
        return None
    return marking


def _set_apart(text: str, match: re.Match, *, in_margin: bool) -> bool:
    """A sensitive marking on a line with other words, standing apart from them as markings do."""
    marking = _normalise(match)
    if severity(marking) < SEVERITY["OFFICIAL-SENSITIVE"] or marking.startswith("PROTECT"):
        return False
    written = match["level"]
    if in_margin:  # furniture, not prose, unless written as prose: a long line in lower case
        return not written.islower() or len(text.split()) <= MARGIN_PROSE_WORDS
    before, after = text[:match.start()].rstrip(), text[match.end():].lstrip()
    apart = (not before or before[-1] in _SEPARATORS) and (not after or after[0] in _SEPARATORS)
    if apart and (written.isupper() or written.istitle() and marking.startswith("OFFICIAL-SENSITIVE")):
        return True
    if not written.isupper():
        return False
    if " " in written or "-" in written or "_" in written:  # OFFICIAL-SENSITIVE, TOP SECRET: never prose
        return True
    others = (before + " " + after).strip()
    return (not before or not after) and not others.isupper()


def _normalise(match: re.Match) -> str:
    """The marking in its standard spelling, with its descriptor: "OFFICIAL-SENSITIVE COMMERCIAL"."""
    level = " ".join(re.split(r"[\s_-]+", match["level"].upper()))
    level = level.replace("OFFICIAL SENSITIVE", "OFFICIAL-SENSITIVE")
    descriptor = match["descriptor"]
    return f"{level} {' '.join(descriptor.upper().split())}" if descriptor else level


__all__ = ["PUBLIC_MARKINGS", "SEVERITY", "find_marking", "is_public", "line_marking", "severity"]
