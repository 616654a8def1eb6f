"""A person or role as a council paper writes one: "Cllr Gill Heath, Cabinet Member for Communities".

`parse_person` reads one written person ("[Title] Name[, Role]", "[Title] Name (Role)",
"Role – Name", "Name Role" without a comma after a label); `parse_role` one written role
("the Council's Stronger Communities Manager", "Prevent lead for Bradford College"). Both
keep what the words say of the organisation apart from the role. They know nothing of where
in a paper the words stood: `owners` and `speakers` decide that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.roles import POST_HEADS, clean_role, has_role_head, is_person_name, strip_title, title_to_role

#: Words that make a phrase an organisation ("Leicestershire County Council").
ORGANISATION_WORDS = re.compile(r"\b(?:council|police|constabulary|nhs|trust|service|partnership|office|"
                                r"university|college|authority|commissioner's office)\b", re.I)
#: Words of a role that say its holder is from another body than the paper's council.
OTHER_BODY = re.compile(r"\b(?:police|constabulary|nhs|icb|trust|fire|probation|home office|university|college)\b",
                        re.I)
#: Titles that make a person an elected member.
COUNCILLOR_TITLES = ("cllr", "ciir", "clir", "councillor")
#: An acronym standing for an organisation after a role ("Strategic Commissioning Manager, PCC").
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,6}$")
#: Where a role as written stops: a telephone number, an e-mail label, a trailing adverb.
_ROLE_TAIL = re.compile(r"\s*(?:\(?\+?\d[\d ()]{6,}|\b(?:tel|telephone|e-?mail|mobile)\b\s*:?|\S+@\S+).*$", re.I)
_ADVERB_TAIL = re.compile(r",\s*(?:[a-z]+ly|also|then|later|first)$")
#: "the London Borough of Hillingdon's Stronger Communities Manager": the organisation's possessive.
_POSSESSIVE = re.compile(r"^(?:the\s+)?(?P<org>[A-Z][\w&-]*(?:\s+(?:[A-Z][\w&-]*|of|and|&)){0,7}?)['’]s\s+(?P<role>.+)$")
#: "Prevent lead for Bradford College", "Chief Executive of Wandsworth Council": a role at an organisation.
_AT_ORGANISATION = re.compile(r"^(?P<role>.+?)\s+(?:for|of|at)\s+(?:the\s+)?(?P<org>[A-Z][\w&' -]+)$")
#: "Head of Human Resources – Sheenagh Rees": a role, a dash, then the person.
_ROLE_DASH_NAME = re.compile(r"^(?P<role>.+?)\s+[–—-]\s+(?P<who>[^–—-]+)$")


#: Roles that chair the meeting itself: not owners of what it discusses.
MEETING_ROLES = frozenset({"chair", "vice chair", "vice-chair", "chairman", "chairperson", "committee", "panel",
                           "members", "member", "council", "cabinet", "board", "mayor", "clerk"})
_POST_PHRASES = re.compile(r"\b(?:cabinet member|portfolio holder|chief executive|executive member|lead member|team|"
                           r"clerk)\b", re.IGNORECASE)
#: Words that open a role run into a name ("Ruth Binks Corporate Director").
_ROLE_OPENERS = POST_HEADS | {"corporate", "chief", "assistant", "executive", "strategic", "deputy", "senior", "interim"}


def is_post(text: str) -> bool:
    """Whether words name one post or team ("Head of Resilient Communities", "Portfolio Holder for
    Transport"), not a meeting's own office ("the Chair"), a crowd ("Members of the public") or a
    line of a form ("Relevant Director: ...")."""
    words = text.lower().split()
    post = any(word.strip(".,;:()") in POST_HEADS for word in words) or bool(_POST_PHRASES.search(text))
    return post and " ".join(words) not in MEETING_ROLES and len(words) <= 12 and ":" not in text \
        and not re.search(r"\d", text) and not is_person_name(text)


@dataclass
class Person:
    """A person or role named by a paper, with what the paper says of them."""

    name: str | None
    role: str | None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None
    capacities: list[str] = field(default_factory=list)
    councillor: bool = False
    own_council: bool = False


def _own_council_word(org: str) -> bool:
    return org.lower() in ("council", "county council", "city council", "borough council", "district council",
                           "authority", "local authority")


def parse_role(text: str) -> tuple[str | None, str | None, bool]:
    """(role, organisation, of the paper's own council) from a role as written.

    "the Council's Stronger Communities Manager" is the paper's council's; "Prevent lead for
    Bradford College" is Bradford College's; "Strategic Commissioning Manager, PCC" the PCC's.
    """
    text = _ADVERB_TAIL.sub("", _ROLE_TAIL.sub("", " ".join(text.split()))).strip(" ,;:.-–")
    text = re.sub(r"^(?:the|a|an|our)\s+", "", text, flags=re.IGNORECASE)
    if not text:
        return None, None, False
    possessive = _POSSESSIVE.match(text)
    if possessive and has_role_head(possessive["role"]):
        org = possessive["org"]
        own = _own_council_word(org)
        return clean_role(possessive["role"]), None if own else org, own
    head, _, last = text.rpartition(",")
    if head and has_role_head(head) and (_ACRONYM.match(last.strip()) or (
            ORGANISATION_WORDS.search(last) and not has_role_head(last))):
        return clean_role(head), last.strip(), False
    at = _AT_ORGANISATION.match(text)
    if at and ORGANISATION_WORDS.search(at["org"]) and has_role_head(at["role"]) and not has_role_head(at["org"]):
        org = at["org"].strip()
        if _own_council_word(org):
            return clean_role(text), None, True  # "Leader of the Council" is the whole role
        return clean_role(at["role"]), org, False
    return clean_role(text), None, False


def parse_person(text: str, *, run_in: bool = False) -> Person | None:
    """A person from "[Title] Name[, Role]", "[Title] Name (Role)" or "Role – Name"; None if no name leads it.

    `run_in` also reads a name run straight into its role ("Ruth Binks Corporate Director"), as
    the value of a label such as "Report By:" gives them; elsewhere "Adult Safeguarding Lead"
    is a role.
    """
    text = " ".join(text.split()).strip(" .;")
    dashed = _ROLE_DASH_NAME.match(text)
    if dashed and has_role_head(dashed["role"]) and is_person_name(strip_title(dashed["who"])[1]):
        text = f"{dashed['who']}, {dashed['role']}"
    match = re.match(r"^(?P<who>[^,()]+?)\s*(?:,\s*(?P<role>.+)|\((?P<prole>[^()]+)\))?$", text)
    if not match:
        return None
    title, name = strip_title(match.group("who"))
    role_text = match.group("role") or match.group("prole")
    if not is_person_name(name, titled=title is not None):
        name, role_text = _name_then_role(name, role_text) if run_in else (None, None)
        if name is None:
            return None
    organisation, own = None, False
    if role_text:
        role, organisation, own = parse_role(role_text)
    else:
        role = title_to_role(title)
    councillor = bool(title) and title.lower().rstrip(".") in COUNCILLOR_TITLES
    return Person(name=name, role=role or None, organisation=organisation, councillor=councillor, own_council=own)


def _name_then_role(text: str, rest: str | None) -> tuple[str | None, str | None]:
    """ "Ruth Binks Corporate Director Education": a name run straight into its role, as labels give them."""
    words = text.split()
    for size in (2, 3):
        if len(words) > size and is_person_name(" ".join(words[:size])) and words[size].lower() in _ROLE_OPENERS:
            role = " ".join(words[size:])
            return " ".join(words[:size]), f"{role}, {rest}" if rest else role
    return None, None


__all__ = ["COUNCILLOR_TITLES", "MEETING_ROLES", "ORGANISATION_WORDS", "OTHER_BODY", "Person", "is_post", "parse_person",
           "parse_role"]
