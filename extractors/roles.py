"""Roles and people: the vocabulary for lead officers, presenters and contacts in council papers.

Action plans name roles ("Community Safety Manager"), sometimes several in one cell;
reports name people with a title and a role ("Cllr Gill Heath, Cabinet Member for
Communities"). These helpers split role cells, recognise personal names and titles, and
match e-mail addresses to the people a paper names. They know nothing of blocks or records.
"""

from __future__ import annotations

import re

#: Words a role ends with: "Community Safety Manager", "Democratic Services", "Prevent Lead".
ROLE_HEADS = frozenset("""
    manager managers officer officers lead leads director directors head heads coordinator
    coordinators co-ordinator co-ordinators commissioner member members mayor executive services
    resources team teams adviser advisers advisor advisors practitioner practitioners chair
    chairman chairperson leader clerk inspector superintendent sergeant constable analyst
    partnership unit group board champion champions specialist specialists administrator
    secretary deputy solicitor consultant worker workers
""".split())

#: Role words that name a post one person holds, as a role's first word ("Head of Corporate
#: Property") or last ("ICT Security Manager"); "Services" or "Team" name a department instead.
POST_HEADS = frozenset("""
    manager officer lead director head coordinator co-ordinator commissioner chair chairman
    chairperson leader inspector sergeant superintendent adviser advisor practitioner analyst
    specialist administrator secretary solicitor consultant
""".split())

#: Words that never occur in a personal name, so that "Weighted Score Heatmap" is no person.
NOT_NAME_WORDS = ROLE_HEADS | frozenset("""
    council county district borough city police prevent community communities safety strategy
    plan policy report update approach delivery duty local national the and of for to in on
    with at by a an department committee cabinet service channel training counter terrorism
    board group health education school schools social care panel overview scrutiny
    partnership programme project heatmap score scores analysis assessment leicestershire
    presentation recommendation thank you listening key action actions
""".split())

#: Titles that open a name; those that also say the person's role map to it.
TITLES: dict[str, str | None] = {
    "cllr": None, "ciir": None, "clir": None, "councillor": None, "mr": None, "mrs": None,
    "ms": None, "miss": None, "dr": None, "prof": None, "professor": None, "sir": None, "dame": None,
    "insp": "Inspector", "inspector": "Inspector", "ch insp": "Chief Inspector",
    "chief inspector": "Chief Inspector", "sgt": "Sergeant", "ps": "Police Sergeant",
    "pc": "Police Constable", "dc": "Detective Constable", "ds": "Detective Sergeant",
    "di": "Detective Inspector", "dci": "Detective Chief Inspector", "supt": "Superintendent",
    "ch supt": "Chief Superintendent", "det supt": "Detective Superintendent",
    "detective inspector": "Detective Inspector", "detective sergeant": "Detective Sergeant",
    "detective constable": "Detective Constable", "detective chief inspector": "Detective Chief Inspector",
    "detective superintendent": "Detective Superintendent", "chief superintendent": "Chief Superintendent",
    "superintendent": "Superintendent", "sergeant": "Sergeant", "police sergeant": "Police Sergeant",
    "police constable": "Police Constable", "police inspector": "Police Inspector", "det insp": "Detective Inspector",
    "det sgt": "Detective Sergeant", "dcs": "Detective Chief Superintendent",
}
_TITLE = re.compile(
    r"^(?P<title>" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True))
    + r")\.?\s+(?=[A-Z])", re.IGNORECASE)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*|[A-Z]\.?|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)$")

#: Most words a personal name has (without its title).
MAX_NAME_WORDS = 4
#: Shortest name part that counts when matching an e-mail to a person.
MIN_NAME_PART = 3

#: Clauses that say who does something in a lead cell, with the group naming the role.
_ROLE_CLAUSES = (
    re.compile(r"^.*?\battended by\s+(?P<role>.+)$", re.IGNORECASE),
    re.compile(r"^.*?\b(?:led|chaired|supported|delivered|coordinated|co-ordinated) by\s+(?P<role>.+)$",
               re.IGNORECASE),
    re.compile(r"^(?P<role>.+?)\s+(?:attends?|chairs?|leads?|to be responsible|(?:is|are) responsible"
               r"|to lead|will|to)\b.*$"),
    re.compile(r"^[^,]+?\s+(?:is|are)\s+(?P<role>[A-Z].+)$"),
)
_LETTER = re.compile(r"(?:^|\s)(?:\(?[a-z]\)|[a-z]\.)\s+")
_JOIN_WORDS = frozenset("is are of and & for to the by at with in on".split())
_CONJUNCTION = re.compile(r"\s+(?:and|&)\s+|\s*/\s*(?=[A-Z])|,\s+|;\s+")
_CLAUSE_WORD = re.compile(r"\b(?:is|are)\b")
_OPEN_CLAUSE = re.compile(r"\b(?:attends?|attended|chairs?|by|will|to be)\b")
_SENTENCE = re.compile(r"(?<=[a-z)])\.\s+(?=[A-Z])")


def strip_title(text: str) -> tuple[str | None, str]:
    """Split a leading title off a name: ("Insp", "Bill Knopp") from "Insp. Bill Knopp"."""
    match = _TITLE.match(text.strip())
    if not match:
        return None, text.strip()
    return match.group("title"), text.strip()[match.end():]


def title_to_role(title: str | None) -> str | None:
    """The role a title states ("Insp." is an Inspector); None for Cllr, Mr, Dr ..."""
    if not title:
        return None
    return TITLES.get(" ".join(title.lower().replace(".", " ").split()))


def is_person_name(text: str, *, titled: bool = False) -> bool:
    """Whether text reads as a personal name: 2-4 capitalised words, none a role or place word.

    A single word ("Master") is a name only after a title ("Cllr Master").
    """
    words = text.replace(",", " ").split()
    if not words or len(words) > MAX_NAME_WORDS or (len(words) == 1 and not titled):
        return False
    if any(word.lower().strip(".") in NOT_NAME_WORDS for word in words):
        return False
    return all(_NAME_TOKEN.match(word) for word in words) and len(words[-1].strip(".")) > 1


def has_role_head(text: str) -> bool:
    """Whether text names a role: one of its words is a role word ("Manager", "Head", "Lead")."""
    return any(word.lower().strip(".,;:()") in ROLE_HEADS for word in text.split())


def clean_role(text: str) -> str:
    """Trim list letters, bullets and closing punctuation from a role as written."""
    text = re.sub(r"^\s*(?:\(?[a-z]\)|[a-z]\.|[•·\-–*])\s*", "", text.strip())
    text = re.sub(r"\s*/\s*", "/", text) if re.search(r"\w/\s|\s/\w", text) else text
    return " ".join(text.split()).strip(" .,;:-–")


def _lines_to_segments(text: str) -> list[str]:
    """Rejoin a cell's lines where a role wraps.

    A line continues the one above after "/" or a joining word ("of", "and"), when it opens
    in lower case, when the line above is a sentence still open ("... attends ASB/Hate/
    Prevent" before "Strategy Group."), or when it stops mid-role (no role word at its end,
    no full stop, no "is") as PDF cells wrap "Community Facilities / Development Officers".
    """
    segments: list[str] = []
    for line in (line.strip() for line in text.split("\n")):
        if not line:
            continue
        if segments:
            last = segments[-1]
            words = last.split()
            last_word = words[-1].lower().strip("()") if words else ""
            if last.endswith("/"):
                segments[-1] = last + line
                continue
            open_sentence = not last.endswith((".", ":", ";")) and not _LETTER.match(line)
            mid_role = open_sentence and (_OPEN_CLAUSE.search(last) or (last_word not in ROLE_HEADS
                                                                        and not _CLAUSE_WORD.search(last)))
            if last_word in _JOIN_WORDS or line[0].islower() or mid_role:
                segments[-1] = f"{last} {line}"
                continue
        segments.append(line)
    return segments


def _is_post(words: list[str]) -> bool:
    """Whether words name one post: a post word first ("Head of ...") or last ("... Manager")."""
    return len(words) >= 2 and (words[0].lower().strip(".,") in POST_HEADS
                                or words[-1].lower().strip(".,") in POST_HEADS)


def _opens_or_ends_post(words: list[str]) -> bool:
    """Whether words are a post on their own: "Head of Safeguarding", "ICT Security Manager"."""
    if len(words) < 2:
        return False
    opens = words[0].lower() in POST_HEADS and words[1].lower() in ("of", "for")
    return opens or words[-1].lower().strip(".,") in POST_HEADS


def _split_conjunction(part: str) -> list[str]:
    """Split "A Manager and B Manager" into two roles; keep "Health and Wellbeing Manager" whole.

    A conjunction splits where the words before it end in a role word and the words after
    it hold one, or where both sides are whole posts: "Head of Corporate Property and ICT
    Security Manager" is two people, "Head of Legal and Democratic Services" one (the
    second half is a department, not a post), as is "Director of Children and Families".
    """
    out: list[str] = []
    start = 0
    for match in _CONJUNCTION.finditer(part):
        left, rest = part[start:match.start()], part[match.end():]
        left_words = left.split()
        next_piece = _CONJUNCTION.split(rest, maxsplit=1)[0].split()
        ends_in_role = bool(left_words) and left_words[-1].lower().strip(".,") in ROLE_HEADS and has_role_head(rest)
        two_posts = _is_post(left_words) and next_piece[0][:1].isupper() and _opens_or_ends_post(next_piece)
        if ends_in_role or two_posts:
            out.append(left)
            start = match.end()
    out.append(part[start:])
    return out


def split_roles(cell: str) -> list[str]:
    """The roles a lead cell names, in order, each as written.

    "Community Partnerships Manager and Health and Wellbeing Manager." gives two; lettered
    items ("a) Assets Manager b) Procurement Manager") give one each; "District Rep is
    Strategic and Community Planning" gives the role after "is"; "... attended by
    Community Safety Officer." gives that officer.
    """
    roles: list[str] = []
    for segment in _lines_to_segments(cell):
        for item in (piece for piece in _LETTER.split(segment) if piece.strip()):
            for sentence in _SENTENCE.split(item):
                role = sentence.strip()
                for pattern in _ROLE_CLAUSES:
                    match = pattern.match(role)
                    if match and has_role_head(match.group("role")) | (pattern is _ROLE_CLAUSES[-1]):
                        role = match.group("role")
                        break
                for piece in _split_conjunction(clean_role(role)):
                    piece = clean_role(piece)
                    if piece and len(piece.split()) <= 10 and piece.lower() not in {r.lower() for r in roles}:
                        roles.append(piece)
    return roles


def email_matches_name(email: str, name: str) -> bool:
    """Whether an e-mail's local part names the person: "daxa.pancholi@" is Daxa Pancholi,
    "william.knopp@" is Bill Knopp by surname."""
    local = email.split("@")[0].lower()
    parts = [p for p in re.split(r"[.\-_]", local) if p]
    names = [p.lower() for p in re.split(r"[\s\-]+", name) if len(p) >= MIN_NAME_PART]
    if not names or not parts:
        return False
    surname = re.sub(r"\W", "", names[-1])
    local_letters = re.sub(r"[^a-z]", "", local)
    if parts[-1].rstrip("0123456789") == surname or (len(surname) >= 5 and surname in local_letters):
        return True
    return all(re.sub(r"\W", "", n) in local_letters for n in names)


def domain_to_organisation(email: str, authority_name: str | None) -> str | None:
    """The organisation an e-mail domain names: a police force from pnn.police.uk, the paper's
    own council where the domain abbreviates its name (leics.gov.uk, leicester.gov.uk)."""
    domain = email.split("@")[-1].lower()
    labels = domain.split(".")
    if "police" in labels:
        force = labels[0]
        return f"{force.replace('-', ' ').title()} Police" if force not in ("pnn", "police") else None
    if not domain.endswith(".gov.uk") or not authority_name:
        return None
    stem = labels[0]
    first = re.sub(r"[^a-z]", "", authority_name.lower().split()[0])
    if stem == first or (stem[:4] == first[:4] and _is_subsequence(stem, first)):
        return authority_name
    return None


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


__all__ = ["POST_HEADS", "ROLE_HEADS", "TITLES", "clean_role", "domain_to_organisation", "email_matches_name",
           "has_role_head", "is_person_name", "split_roles", "strip_title", "title_to_role"]
