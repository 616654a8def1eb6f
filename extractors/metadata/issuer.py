"""Which council issued a paper, weighing where each council is named.
"""

from __future__ import annotations

import re

from extractors.authorities import Authority, find_mentions
from extractors.metadata.header import contact_start, end_of_header, header_lines
from extractors.text import fold_spaces, split_sentences
from schemas.document import BlockKind, Document


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

#: Multi-council partnerships papers are issued by, by their usual abbreviation.
PARTNERSHIPS = {"LLR": "Leicester, Leicestershire and Rutland"}

#: Lines that place a meeting, not say whose it is: "Venue: Council House, Plymouth".
_VENUE = re.compile(r"^\s*(?:venue|location|address)\s*:.*$", re.IGNORECASE | re.MULTILINE)

#: Councils named as visitors to a meeting ("Representatives from Norfolk County Council will provide
#: information", "a presentation from ..., Team at Norfolk County Council"): not the paper's issuer.
_VISITOR_CUE = re.compile(r"\b(?:representatives?|delegates?|guests?)\s+(?:from|of)\b|\bpresentation\s+(?:from|by)\b",
                          re.IGNORECASE)
_TOWN_COUNCIL = re.compile(r"\b(?:Town|Parish|Community|Village|Neighbourhood)\s+Council\b")
_TOWN_CLERK = re.compile(r"\b(?:Town|Parish)\s+Clerk\b")


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
    header = " ".join(line.text for line in header_lines(document))
    if title:
        for short, name in PARTNERSHIPS.items():
            if re.search(rf"\b{short}\b|{re.escape(name)}", title):
                return None, name
    whole = document.text()
    if _TOWN_COUNCIL.search(header) or len(_TOWN_CLERK.findall(whole)) >= 1 and not _register_name_in(header):
        return None, None
    contact_from = contact_start(document)
    header_end = min(end_of_header(document), contact_from)
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
        for sentence in split_sentences(fold_spaces(block.text)):
            cue = _VISITOR_CUE.search(sentence)
            if cue:
                visitors.update(mention.authority for mention in find_mentions(sentence[cue.end():])
                                if mention.how == "official")
    return visitors


def _register_name_in(text: str) -> bool:
    return any(m.how in ("official", "email") for m in find_mentions(text))
