"""Who brought an item, answered for it or took it on: people and roles in the prose of minutes.

Minutes and committee-system pages name the officers and members who present, report and
answer in a handful of shapes, whatever the council or year:

- a subject with a verb of presenting or reporting: "Neil Thurlow (Assistant Director of
  Community Safety) briefed members", "Jena Musa, Community Safety Programme Manager,
  introduced her report", "Councillor Ojetola, as proposer of the original motion,
  introduced the report", "The Assistant Director Neighbourhoods stated that ...", "The
  Strategic Director, Place, presented a report", "The Prevent lead for Bradford College was
  also present";
- a bare name with such a verb ("Michelle Cunningham presented the report", "... and Kevin
  Sexton indicated that he would pursue that"): a person only where the statistical
  recogniser says so, since "Active Kent reported" reads the same;
- lists of presenters: "Daxa Pancholi, the Head of Community Safety, Sean Abruthnot,
  Prevent Coordinator and Police Inspector William Knopp were present to deliver a
  presentation", "a presentation from Anne Corbett (Divisional Director); Simon Smith
  (Prevent Co-ordinator) and ...", "The Service Manager Early Help, Head of Resilient
  Communities and Team Manager of the Safe Team were present to respond to questions",
  "a presentation from Dr Mark Osbourne, Prevent Co-ordinator and Dan Wilson, Operations
  Manager at Norfolk County Council";
- the role a decision gives work to: "That the Head of Corporate Strategy be authorised to
  ...", "delegated authority be given to the Executive Director of Finance ...", and the
  role that chairs a board: "chaired by the County Council's Commissioner for Safety".

Members who only ask, enquire or thank are not owners, and a councillor counts only when
presenting or introducing: minutes name every member who spoke.
"""

from __future__ import annotations

import re

from extractors.nlp import person_spans
from extractors.people import ORGANISATION_WORDS, OTHER_BODY, Person, is_post, parse_person, parse_role
from extractors.roles import POST_HEADS, has_role_head, is_person_name, strip_title
from extractors.text import split_sentences
from schemas.document import BlockKind, Document

#: Verbs by which an officer presents, reports or answers for an item.
OFFICER_VERBS = (r"presented|introduced|introducing|presenting|provided|gave|reported|outlined|explained|updated|"
                 r"briefed|submitted|delivered|advised|informed|confirmed|responded|replied|stated|said|highlighted|"
                 r"summarised|indicated|undertook|agreed|will submit|will present|would present")
#: Verbs by which a member brings an item: only these make a councillor an owner.
MEMBER_VERBS = r"presented|introduced|introducing|presenting|submitted|will submit|will present|moved"
_ADVERBS = r"also|briefly|then|further|firstly|formally|jointly|duly"
_ADVERB = rf"(?:\s+(?:{_ADVERBS}))?"
#: Capitalised words of a role, with the small words roles hold ("Head of Community Safety and Protection").
_ROLE_WORDS = r"(?:[A-Z][\w'’&-]*|of|for|and|with|&|the|-|–|lead|officer|manager|co-ordinator|coordinator)"
_ROLE = rf"(?:{_ROLE_WORDS})(?:,?\s+(?:{_ROLE_WORDS}))*"
_SUBJECT_ROLE = re.compile(rf"(?:^|(?<=[.;:]\s)|(?<=\band\s))The (?P<role>{_ROLE}?),?{_ADVERB}\s+"
                           rf"(?P<verb>{OFFICER_VERBS}|was (?:also )?present)\b")
_NAME_PAREN = re.compile(rf"(?P<who>(?:[A-Z][\w.'’-]*\s+){{0,4}}[A-Z][\w'’-]+)\s*\((?P<role>[^()]+)\),?{_ADVERB}\s+"
                         rf"(?P<verb>{OFFICER_VERBS})\b")
_NAME_COMMA = re.compile(rf"(?P<who>(?:[A-Z][\w.'’-]*\s+){{0,4}}[A-Z][\w'’-]+),\s+(?:as\s+)?(?P<role>[^,()]+?(?:,\s*+(?!(?:{_ADVERBS})\b)[^,()]+?)?)"
                         rf"(?P<comma>,?){_ADVERB}\s+(?P<verb>{OFFICER_VERBS})\b")
_BARE_NAME = re.compile(rf"(?:^|(?<=\band\s)|(?<=,\s))(?P<who>(?:[A-Z][\w.'’-]*\s+){{1,3}}[A-Z][\w'’-]+){_ADVERB}\s+"
                        rf"(?P<verb>{OFFICER_VERBS})\b")
_WHO_IS = re.compile(r"(?P<who>(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w'’-]+) who is (?:a|an|the|our) (?P<role>[\w /&-]+?)"
                     r"(?=\s+(?:to|and|for|who)\b|[,.]|$)")
#: Lists of presenters: "<list> were present", "a presentation from <list> that ...".
_LIST_BEFORE = re.compile(r"^(?P<list>.+?)\s+(?:were|are) (?:all )?(?:present|in attendance)\b")
_LIST_AFTER = re.compile(r"(?:(?:\b[Pp]resentations?|\b[Uu]pdates?|(?<=\s)[Rr]eports?|(?:was|were) (?:presented|introduced|"
                         r"submitted|delivered|given)) (?:from|by)|\b(?:supported|accompanied|assisted|joined) by)\s+(?:the\s+)?"
                         r"(?P<list>[A-Z(].+?)"
                         r"(?=\s+(?:that|which|who|on|about|regarding)\b|\.?$)")
#: "The Community Safety Manager, Mr Andrew Hall, presented": a role, then the person who holds it.
_ROLE_THEN_NAME = re.compile(rf"(?:^|(?<=[.;:]\s))The (?P<role>{_ROLE}?), (?P<who>(?:[A-Z][\w.'’-]*\s+){{1,3}}[A-Z][\w'’-]+),"
                             rf"{_ADVERB}\s+(?P<verb>{OFFICER_VERBS})\b")
#: A person or a list piece followed by their organisation: "Inspector Sarah Lowe of Cleveland Police".
_OF_ORGANISATION = re.compile(r"^(?P<who>.+?),?\s+(?:of|from|at)\s+(?:the\s+)?(?P<org>[A-Z][\w&' -]+)$")
#: "To consider the report of the Director, Public Health on ...": the author of the item, by role.
_REPORT_OF = re.compile(rf"\breport of the (?P<role>{_ROLE}?)(?=\s+(?:on|regarding|about|which|that|setting|into)\b|[.;]|$)")
#: A line that introduces a list of the people presenting ("The following attended to present the item:").
_PRESENTERS_LEAD_IN = re.compile(r"\b(?:attend(?:ed|ing)|present(?:ed|ing)?|presenters?|speakers?|in attendance)\b.*:$",
                                 re.IGNORECASE)
#: Decisions that give work to a role.
_DELEGATION = re.compile(rf"\b(?:[Tt]hat the (?P<asked>{_ROLE}?) be (?:authori[sz]ed|given delegated|delegated|requested|"
                         rf"instructed|empowered)|authority (?:be given to|for) the (?P<given>{_ROLE}?)(?:,| to\b| in consultation\b)"
                         rf"|delegated to the (?P<to>{_ROLE}?)(?=[,.;]| to\b))")
_CHAIRED_BY = re.compile(rf"\bchaired by the (?:[A-Z][\w ]+?['’]s\s+)?(?P<role>{_ROLE}?)(?=[,.;]|\s+(?:which|who)\b|$)")


def _role_person(text: str, capacity: str) -> Person | None:
    """A role without a person, written as a title is ("the Prevent Programme Manager", not "the prevent team")."""
    role, organisation, own = parse_role(text)
    if not role or not role[0].isupper() or not is_post(role):
        return None
    own = own or not (organisation or OTHER_BODY.search(role))
    return Person(name=None, role=role, organisation=organisation, capacities=[capacity], own_council=own)


def _named(who: str, role: str | None, verb: str, capacity: str) -> Person | None:
    person = parse_person(f"{who}, {role}" if role else who)
    if person is None:
        return None
    if person.councillor and not re.fullmatch(MEMBER_VERBS, verb):
        return None
    person.capacities.append(capacity)
    person.own_council = person.own_council or not (person.organisation or OTHER_BODY.search(person.role or ""))
    return person


def _split_list(text: str) -> list[str]:
    """Pieces of a list of people and roles: commas and semicolons, and "and" before a new person or post."""
    pieces: list[str] = []
    for part in re.split(r";\s*|,\s+(?:and\s+)?|\)\s+and\s+", text):
        part = part.strip()
        if part.count("(") > part.count(")"):
            part += ")"
        pieces += _split_and(part)
    return [piece for piece in (p.strip(" .") for p in pieces) if piece]


def _split_and(part: str) -> list[str]:
    """ "Prevent Co-ordinator and Dan Wilson" -> two; "Community Safety and Protection" stays one."""
    for match in re.finditer(r"\s+(?:and|&)\s+", part):
        left, right = part[:match.start()], part[match.end():]
        right_words = right.split()
        starts_person = strip_title(right)[0] is not None or is_person_name(" ".join(right_words[:2]))
        starts_post = any(word.lower().strip(".,") in POST_HEADS for word in right_words[:3])
        if has_role_head(left) and (starts_person or starts_post):
            return [left] + _split_and(right)
    return [part]


def _people_in_list(text: str, capacity: str) -> list[Person]:
    """The people and roles of a presenters' list, each name taking the roles written after it."""
    organisation = None
    at = re.search(r"\s+(?:at|from)\s+(?P<org>[A-Z][\w&' -]+(?:Council|Police|Constabulary|Trust|College|Office))$", text)
    if at:
        organisation, text = at["org"], text[:at.start()]
    people: list[Person] = []
    for piece in _split_list(text):
        piece_organisation = None
        of = _OF_ORGANISATION.match(piece)
        if of and ORGANISATION_WORDS.search(of["org"]) and not is_post(of["org"]):
            piece, piece_organisation = of["who"], of["org"].strip()
        elif people and ORGANISATION_WORDS.search(piece) and not is_post(piece) and not people[-1].organisation:
            people[-1].organisation = piece  # "Insp. Jones, Durham Constabulary"
            people[-1].own_council = False
            continue
        title, bare = strip_title(piece)
        trailing = re.match(r"^(?P<role>(?:[A-Z][\w-]*\s+){1,3}?)(?P<title>Inspector|Sergeant|Constable)\s+(?P<who>.+)$", piece)
        if trailing and is_person_name(trailing["who"]):
            person = Person(name=trailing["who"], role=f"{trailing['role']}{trailing['title']}".strip())
        elif "(" in piece or is_person_name(bare.split(",")[0], titled=title is not None):
            person = parse_person(piece)
        elif people and people[-1].name and is_post(piece):
            last = people[-1]
            last.role = f"{last.role}, {piece}" if last.role and last.role != "presenter" else parse_role(piece)[0]
            continue
        else:
            person = _role_person(piece, capacity)
        if person is None:
            continue
        if person.name and not person.role and people and not people[-1].name:
            person.role = people.pop().role  # "the Prevent Coordinator, Sophie Grant"
        person.capacities = [capacity]
        person.organisation = person.organisation or piece_organisation or organisation
        person.own_council = not (person.organisation or OTHER_BODY.search(person.role or ""))
        people.append(person)
    return people


def _sentence_people(sentence: str) -> tuple[list[Person], list[tuple[str, str]]]:
    """People a sentence names in the shapes above; bare names it leaves to the recogniser."""
    people: list[Person] = []
    for match in _NAME_PAREN.finditer(sentence):
        person = _named(match["who"], match["role"], match["verb"], "speaker")
        people += [person] if person else []
    for match in _NAME_COMMA.finditer(sentence):
        closed = match["comma"] or has_role_head(match["role"].split()[-1])  # "..., Prevent Lead gave"
        if closed and (has_role_head(match["role"]) or match.group(0).startswith(("Cllr", "Councillor"))):
            person = _named(match["who"], match["role"], match["verb"], "speaker")
            people += [person] if person else []
    named_roles = []
    for match in _ROLE_THEN_NAME.finditer(sentence):
        person = _named(match["who"], match["role"], match["verb"], "speaker")
        people += [person] if person else []
        named_roles.append(match.start())
    for match in _SUBJECT_ROLE.finditer(sentence):
        if match.start() in named_roles:
            continue
        person = _role_person(match["role"], "speaker")
        people += [person] if person else []
    for match in _WHO_IS.finditer(sentence):
        person = _named(match["who"], match["role"], "presented", "speaker")
        people += [person] if person else []
    for pattern in (_LIST_BEFORE, _LIST_AFTER):
        match = pattern.search(sentence)
        if match:
            people += _people_in_list(match["list"], "presenter")
    for match in _DELEGATION.finditer(sentence):
        person = _role_person(match["asked"] or match["given"] or match["to"], "lead")
        people += [person] if person else []
    for match in _REPORT_OF.finditer(sentence):
        person = _role_person(match["role"], "author")
        people += [person] if person else []
    for match in _CHAIRED_BY.finditer(sentence):
        person = _role_person(match["role"], "lead")
        people += [person] if person else []
    named = {p.name for p in people if p.name}
    bare = [(match["who"], match["verb"]) for match in _BARE_NAME.finditer(sentence)
            if match["who"] not in named and strip_title(match["who"])[0] is None]
    return people, bare


def _sentences(document: Document) -> list[str]:
    texts = [" ".join(b.text.split()) for b in document.blocks
             if b.kind in (BlockKind.paragraph, BlockKind.list_item, BlockKind.note) and b.text]
    return [sentence for text in texts for sentence in split_sentences(text)]


def _listed_presenters(document: Document) -> list[Person]:
    """The people of a bulleted list under "The following attended to present the item:"."""
    people: list[Person] = []
    lead_in = False
    for block in document.blocks:
        if block.kind == BlockKind.list_item and lead_in:
            person = parse_person(block.text)
            if person:
                person.capacities.append("presenter")
                person.own_council = not (person.organisation or OTHER_BODY.search(person.role or ""))
                people.append(person)
            continue
        lead_in = bool(_PRESENTERS_LEAD_IN.search(" ".join(block.text.split())))
    return people


def find_speakers(document: Document) -> list[Person]:
    """The people and roles the paper's prose names as presenting, reporting, answering or leading."""
    people: list[Person] = _listed_presenters(document)
    pending: list[tuple[str, str, str]] = []
    for sentence in _sentences(document):
        found, bare = _sentence_people(sentence)
        people += found
        pending += [(sentence, who, verb) for who, verb in bare if is_person_name(who)]
    if pending:
        spans = person_spans([sentence for sentence, _, _ in pending])
        for index, (sentence, who, verb) in enumerate(pending):
            start = sentence.find(who)
            if spans is None or any(low <= start and start + len(who) <= high for low, high in spans[index]):
                person = _named(who, None, verb, "speaker")
                people += [person] if person else []
    return people


__all__ = ["find_speakers"]
