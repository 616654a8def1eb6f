"""Owners: lead officers of actions, and the authors, presenters, speakers and contacts of a paper.

Owners come from two places. The lead cells of action rows name roles, often several in
one cell (`roles.split_roles`); those roles belong to the paper's own council. The text
names people in a few fixed shapes that council papers share:

- a contact block: a name (optionally "Name and Job Title: Name, Role"), then telephone
  and e-mail lines, perhaps with an organisation line between;
- "Report of Cllr Gill Heath, Cabinet Member for Communities", "From: ...", "Author: ...";
- "Presented by: Ian Stubbs";
- agenda lines "Topic – Sean Arbuthnot, Prevent Co-Ordinator" or "Topic – Insp. Bill Knopp",
  and labels "Executive Lead - Cllr Master, Assistant City Mayor";
- minutes: "Mr Watkins, Cabinet Member for ..., provided an update", "Dr Gosh (Director of
  Public Health) introduced the report", "The Leader introduced ...", "Mr Watkins, Cabinet
  Member for ..., said that ...". Speakers at a council's own meeting are its members and
  officers, so they take the paper's council as organisation unless their role names another;
- decision notices: "Decision maker: Councillor Tom Hollis, Cabinet Member for Communities";
- a role written with its organisation after a comma ("Regional Prevent Coordinator, Home
  Office") keeps the organisation apart from the role.

A contact block need not label its lines: a line that is only a telephone number or only an
e-mail address starts one too, provided every line between it and the name above is another
contact line, a role or an organisation (so that a slide's closing e-mail list does not turn
the title of the slide before it into a person).

E-mail addresses anywhere in the paper are given to the person whose name they spell;
their domain names the organisation where the paper does not (a police force from
pnn.police.uk). Owners are de-duplicated within the paper by normalised name or role, and
across papers by `Owner.make`'s id.
"""

from __future__ import annotations

import re
from extractors.people import ORGANISATION_WORDS, Person, is_post, parse_person, parse_role
from extractors.roles import domain_to_organisation, email_matches_name, has_role_head, split_roles, strip_title
from extractors.speakers import find_speakers
from schemas.document import BlockKind, Document
from schemas.records import Action, ActionOwner, DocumentMeta, DocumentOwner, Owner

#: Lines above a telephone or e-mail line searched for the contact's name.
CONTACT_LOOKBACK = 4

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE_LINE = re.compile(r"^(?:tel(?:ephone)?(?: no\.?| number)?|phone|mobile|direct line|t)\s*[:.]?\s*"
                         r"(?P<phone>\+?[\d ()]{9,18}\d)", re.I)
_EMAIL_LINE = re.compile(r"^(?:e-?mail|address/e-?mail|e)\s*[:.]", re.I)
#: A line that is nothing but a UK telephone number or an e-mail address.
_BARE_PHONE = re.compile(r"^(?P<phone>(?:\+44\s?\(?0?\)?\s?|0)\d[\d ]{8,12}\d)$")
_BARE_EMAIL = re.compile(r"^[\w.+'-]+@[\w-]+(?:\.[\w-]+)+$")
_NAME_LABEL = re.compile(r"^(?:contact(?: officer)?|name(?: and (?:job )?title)?|report author|author|officer)"
                         r"\s*[:\-–]\s*", re.I)
_AUTHOR = re.compile(r"^(?:(?:(?:draft\s+)?report (?:of|by|from)|author|report author|lead officer|cabinet member)\s*:?"
                     r"|from\s*:)\s*(?P<who>.+)$", re.I)
#: "(Noreen Akhtar – 07582100301)": a committee-system page's contact, name and telephone in brackets.
_BRACKETED_CONTACT = re.compile(r"\((?P<who>[A-Z][^()–—-]{2,60}?)\s*[–—-]\s*(?P<phone>(?:\+44\s?|0)\d[\d ]{8,12}\d)\)")
_PHONE_IN_TEXT = re.compile(r"(?:\+44\s?|\b0)\d[\d ]{8,12}\d")
#: "Contact: Helen Rickman/ Jamie Sheldon Email:": a contact label naming one or more people.
_CONTACT_LABEL = re.compile(r"^contacts?(?: officers?)?\s*:\s*(?P<who>.+?)(?:\s+(?:e-?mail|tel(?:ephone)?)\b.*)?$", re.I)
_PRESENTER = re.compile(r"^(?:presented by|presenter|speaker)\s*:?\s*(?P<who>.+)$", re.I)
_DECISION_MAKER = re.compile(r"^(?:decision[- ]maker|decision taken by|decided by)\s*:?\s*(?P<who>.+)$", re.I)
_DASHED = re.compile(r"^(?P<label>[^–\-:]{3,80}?)\s+[–\-]\s+(?P<who>.+)$")
#: Roles only elected members hold: their organisation is the paper's council.
MEMBER_ROLES = re.compile(r"\b(?:cabinet member|leader|mayor|portfolio holder|councillor|executive member)\b", re.I)


def _key(name: str | None, role: str | None) -> str:
    """How owners of one paper are told apart: name, else role, folded and singular."""
    words = re.sub(r"[^\w]+", " ", (name or role or "").lower().replace("&", " and ")).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")) else w
                    for w in words)


def _text_people(document: Document) -> list[Person]:
    """People the paper names in its text, each with the capacity its shape implies."""
    people: list[Person] = []
    blocks = [b for b in document.blocks if b.kind != BlockKind.table and b.text]
    lines = [line.strip() for b in blocks for line in b.text.split("\n") if line.strip()]
    for index, line in enumerate(lines):
        labelled = bool(_PHONE_LINE.match(line) or _EMAIL_LINE.match(line))
        if labelled or _BARE_PHONE.match(line) or _BARE_EMAIL.match(line):
            person = _contact(lines, index, strict=not labelled)
            if person:
                people.append(person)
    for block in blocks:
        text = " ".join(block.text.split())
        authors = _authors(text)
        person = None if authors else _shaped_person(text)
        people += authors + ([person] if person else []) + _contacts(text)
    return people + find_speakers(document)


def _authors(text: str) -> list[Person]:
    """Authors a "Report of" line names with their roles or only their roles ("Report of the
    Cabinet Member for Communities", "Report of the Head of HR – Ann Rees and Chief Officer – Jo
    Jones", "Report by the Chief Executive of Wandsworth Council on the Prevent action plan")."""
    match = _AUTHOR.match(text)
    if not match:
        return []
    value = re.split(r"\s+on (?:the\s+)?(?=\w)|\s+(?:to|for) (?:the\s+)?(?:meeting|committee|cabinet)\b",
                     match["who"])[0]
    parts = re.split(r"\s+and\s+", value)
    named = [parse_person(part, run_in=True) for part in parts]
    if len(parts) > 1 and all(person and person.role for person in named):
        people = named
    elif person := parse_person(match["who"], run_in=True):
        people = [person]
    else:
        role, organisation, _ = parse_role(value)
        people = [Person(name=None, role=role, organisation=organisation)] if role and is_post(role) else []
    for person in people:
        person.capacities.append("author")
    return people


def _contacts(text: str) -> list[Person]:
    """Contacts written inline: "(Name – telephone)" and "Contact: Name/ Name"."""
    people = []
    for match in _BRACKETED_CONTACT.finditer(text):
        person = parse_person(match["who"])
        if person:
            person.phone = " ".join(match["phone"].split())
            people.append(person)
    label = _CONTACT_LABEL.match(text)
    if label:
        named = [person for part in re.split(r"\s*[/;]\s*", label["who"]) if (person := parse_person(part))]
        phone = _PHONE_IN_TEXT.search(label["who"])
        if len(named) == 1 and phone:
            named[0].phone = " ".join(phone.group(0).split())
        people += named
    for person in people:
        person.capacities.append("contact")
    return people


def _shaped_person(text: str) -> Person | None:
    """A person from a line of one of the known shapes, with the capacity the shape implies."""
    for pattern, capacity in ((_PRESENTER, "presenter"), (_DECISION_MAKER, "decision_maker")):
        match = pattern.match(text)
        if match:
            person = parse_person(match.group("who"))
            if person:
                if capacity == "presenter" and not person.role:
                    person.role = "presenter"
                person.capacities.append(capacity)
                return person
    match = _DASHED.match(text)
    if match and len(text) <= 200:
        person = parse_person(match.group("who"))
        titled = person is not None and (person.councillor or strip_title(match.group("who"))[0] is not None)
        if person and (titled or (person.role and has_role_head(person.role))):
            label = match.group("label")
            person.capacities.append("lead" if has_role_head(label) and len(label.split()) <= 4 else "speaker")
            return person
    return None


def _is_contact_line(line: str) -> bool:
    return bool(_PHONE_LINE.match(line) or _EMAIL_LINE.match(line) or _BARE_PHONE.match(line)
                or _BARE_EMAIL.match(line))


def _contact(lines: list[str], index: int, *, strict: bool = False) -> Person | None:
    """The contact a telephone or e-mail line belongs to: the nearest name line above it.

    `strict` (for unlabelled lines) allows only roles and organisations between the two.
    """
    for back in range(index - 1, max(-1, index - 1 - CONTACT_LOOKBACK), -1):
        line = lines[back]
        if _is_contact_line(line):
            continue
        person = parse_person(_NAME_LABEL.sub("", line))
        if person is None and strict and not (has_role_head(line) or ORGANISATION_WORDS.search(line)):
            return None
        if person:
            between = lines[back + 1:index]
            organisation = next((l for l in between if ORGANISATION_WORDS.search(l) and not has_role_head(l)), None)
            role = next((l for l in between if has_role_head(l) and not ORGANISATION_WORDS.search(l)), None)
            person.organisation = organisation
            person.role = person.role or role
            person.capacities.append("contact")
            for line in lines[back + 1:index + 3]:
                phone = _PHONE_LINE.match(line) or _BARE_PHONE.match(line)
                if phone and not person.phone:
                    person.phone = " ".join(phone.group("phone").split())
                email = _EMAIL.search(line)
                if email and not person.email:
                    person.email = email.group(0).lower()
            return person
    return None


def _merge(people: list[Person]) -> list[Person]:
    """One person per name or role: "Ms Andrew" is "Christina Andrew" named before, and "the Head of
    Community Safety" is the person the paper named with that role."""
    surnames = {p.name.split()[-1]: p.name for p in people if p.name and len(p.name.split()) > 1}
    for person in people:
        if person.name and len(person.name.split()) == 1 and person.name in surnames:
            person.name = surnames[person.name]
    named_roles = {_key(None, p.role): p.name for p in people if p.name and p.role}
    for person in people:
        if not person.name and _key(None, person.role) in named_roles:
            person.name = named_roles[_key(None, person.role)]
    merged: dict[str, Person] = {}
    for person in people:
        key = _key(person.name, person.role)
        if key not in merged:
            merged[key] = person
            continue
        kept = merged[key]
        kept.own_council = kept.own_council or person.own_council
        for attr in ("role", "organisation", "email", "phone"):
            if not getattr(kept, attr) or (attr == "role" and kept.role == "presenter"):
                setattr(kept, attr, getattr(person, attr) or getattr(kept, attr))
        kept.capacities += [c for c in person.capacities if c not in kept.capacities]
        kept.councillor = kept.councillor or person.councillor
    return list(merged.values())


def _assign_emails(document: Document, people: list[Person], meta: DocumentMeta) -> None:
    """Give each unclaimed e-mail to the named person it spells, and its domain's organisation."""
    emails = {m.group(0).lower() for m in _EMAIL.finditer(document.text())}
    for person in people:
        if person.name and not person.email:
            person.email = next((e for e in sorted(emails) if email_matches_name(e, person.name)), None)
        if person.email and not person.organisation:
            person.organisation = domain_to_organisation(person.email, meta.authority_name)
        if (person.councillor or person.own_council or MEMBER_ROLES.search(person.role or "")) \
                and not person.organisation:
            person.organisation = meta.authority_name
        if not person.organisation and ("contact" in person.capacities or "author" in person.capacities):
            person.organisation = meta.authority_name


def extract_owners(document: Document, meta: DocumentMeta,
                   actions: list[Action]) -> tuple[list[Owner], list[DocumentOwner], list[ActionOwner]]:
    """Owners named by the paper, how the paper names them, and the actions they lead."""
    people = _merge(_text_people(document))
    _assign_emails(document, people, meta)
    owners: dict[str, Owner] = {}
    document_owners: dict[tuple[str, str], DocumentOwner] = {}
    action_owners: dict[tuple[str, str], ActionOwner] = {}

    def add(person: Person, capacity: str) -> Owner:
        key = _key(person.name, person.role)
        owner = owners.get(key) or Owner.make(name=person.name, role=person.role, organisation=person.organisation,
                                              email=person.email, phone=person.phone)
        owners[key] = owner
        document_owners.setdefault((owner.id, capacity), DocumentOwner(document_id=document.id, owner_id=owner.id,
                                                                       capacity=capacity))
        return owner

    for person in people:
        for capacity in person.capacities:
            add(person, capacity)
    for action in actions:
        for role in split_roles(action.lead or ""):
            # A lead cell names roles; a name counts only with a title or a role beside it,
            # so that a team such as "Active Kent" stays a role.
            person = parse_person(role)
            if person is None or not (person.role or strip_title(role)[0]):
                person = Person(name=None, role=role)
            person.organisation = meta.authority_name
            owner = add(person, "lead")
            action_owners.setdefault((action.id, owner.id), ActionOwner(action_id=action.id, owner_id=owner.id))
    return list(owners.values()), list(document_owners.values()), list(action_owners.values())


__all__ = ["extract_owners", "parse_person"]
