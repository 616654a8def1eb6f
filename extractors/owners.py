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
from extractors import labels
from extractors.labels import labelled_fields
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
#: "Report of the Cabinet Member for Communities": an author line without a label's colon.
_AUTHOR = re.compile(r"^(?:draft\s+)?report (?:of|by|from)\s+(?P<who>[^:]+)$", re.I)
#: "(Noreen Akhtar – 07582100301)": a committee-system page's contact, name and telephone in brackets.
_BRACKETED_CONTACT = re.compile(r"\((?P<who>[A-Z][^()–—-]{2,60}?)\s*[–—-]\s*(?P<phone>(?:\+44\s?|0)\d[\d ]{8,12}\d)\)")
_PHONE_IN_TEXT = re.compile(r"(?:\+44\s?|\b0)\d[\d ]{8,12}\d")
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
    fields = labelled_fields(document)
    people += _labelled_people(fields)
    labelled = {field.block for field in fields if field.meaning in _FIELD_CAPACITY}
    for index, block in enumerate(document.blocks):
        if block.kind == BlockKind.table or not block.text:
            continue
        text = " ".join(block.text.split())
        authors = [] if index in labelled else _unlabelled_authors(text)
        person = None if authors or index in labelled else _dashed_person(text)
        people += authors + ([person] if person else []) + _bracketed_contacts(text)
    return people + find_speakers(document)


#: What a labelled field says of the people it names, and the role a label implies.
_FIELD_CAPACITY = {labels.AUTHOR: "author", labels.CONTACT: "contact", labels.LEAD_OFFICER: "lead",
                   labels.MEMBER: "lead", labels.DECISION_MAKER: "decision_maker", labels.PRESENTER: "presenter"}


def _labelled_people(fields: list[labels.Field]) -> list[Person]:
    """People the front matter's labels name: "Report By: ...", "Contact officer: ...", "Portfolio
    Holder: ...", with the telephone and e-mail fields that follow them in the same block."""
    people: list[Person] = []
    last: Person | None = None
    for field in fields:
        capacity = _FIELD_CAPACITY.get(field.meaning)
        if capacity:
            found = _people_of_value(field.value, several=field.meaning in (labels.AUTHOR, labels.CONTACT))
            for person in found:
                person.capacities.append(capacity)
                if not person.role and field.meaning == labels.MEMBER:
                    person.role = field.label.title()  # "Cabinet Member: Councillor Linda Moore"
                elif not person.role and field.meaning == labels.PRESENTER:
                    person.role = "presenter"
            people += found
            last = found[-1] if len(found) == 1 else None
            last_block = field.block
        elif last is not None and field.block == last_block and field.meaning == labels.PHONE:
            phone = _PHONE_IN_TEXT.search(field.value)
            last.phone = last.phone or (" ".join(phone.group(0).split()) if phone else None)
        elif last is not None and field.block == last_block and field.meaning == labels.EMAIL:
            email = _EMAIL.search(field.value)
            last.email = last.email or (email.group(0).lower() if email else None)
    return people


def _people_of_value(value: str, *, several: bool) -> list[Person]:
    """The people or the role a label's value names: "Ann Rees, Head of HR", "Helen Rickman/ Jamie
    Sheldon", "the Head of HR – Ann Rees and Chief Officer – Jo Jones", "the Cabinet Member for
    Communities", "Sarah Whitlock Director of Community Safety"."""
    value = re.split(r"\s+on (?:the\s+)?(?=\w)|\s+(?:to|for) (?:the\s+)?(?:meeting|committee|cabinet)\b", value)[0]
    if value.isupper() and len(value) > 5:
        value = value.title()  # "AMINA RAHMAN, PREVENT MANAGER"
    phone = _PHONE_IN_TEXT.search(value)
    if several and re.search(r"\S\s*[/;]\s*\S", value):
        named = []
        for part in re.split(r"\s*[/;]\s*", value):
            person = parse_person(part, run_in=True)
            if person:
                part_phone = _PHONE_IN_TEXT.search(part)
                person.phone = " ".join(part_phone.group(0).split()) if part_phone else None
                named.append(person)
        if named:
            return named
    parts = re.split(r"\s+and\s+", value)
    named = [parse_person(part, run_in=True) for part in parts]
    if len(parts) > 1 and all(person and person.role for person in named):
        return named
    person = parse_person(value, run_in=True)
    if person:
        person.phone = " ".join(phone.group(0).split()) if phone else None
        return [person]
    role, organisation, _ = parse_role(value)
    return [Person(name=None, role=role, organisation=organisation)] if role and is_post(role) else []


def _unlabelled_authors(text: str) -> list[Person]:
    """Authors of a "Report of the Cabinet Member for Communities" line, written without a colon."""
    match = _AUTHOR.match(text)
    if not match:
        return []
    people = _people_of_value(match["who"], several=False)
    for person in people:
        person.capacities.append("author")
    return people


def _bracketed_contacts(text: str) -> list[Person]:
    """Contacts written inline as "(Name – telephone)"."""
    people = []
    for match in _BRACKETED_CONTACT.finditer(text):
        person = parse_person(match["who"])
        if person:
            person.phone = " ".join(match["phone"].split())
            person.capacities.append("contact")
            people.append(person)
    return people


def _dashed_person(text: str) -> Person | None:
    """An agenda line "Topic – Sean Arbuthnot, Prevent Co-Ordinator" or "Executive Lead - Cllr Master"."""
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


def _same_as(person: Person, people: list[Person]) -> Person | None:
    """The named person of the paper that a later mention refers to, if any.

    "Ms Andrew" is "Christina Andrew" (but "Councillor Smith" is not officer "Jane Smith", nor
    "Insp. Jones" the manager "Peter Jones"); "the Head of Community Safety" is whoever the paper
    named with that role, and "the Cabinet Member" whoever it named "Cabinet Member for ...".
    """
    if person.name and " " not in person.name:
        for other in people:
            if other.name and other.name.split()[-1] == person.name and other.name != person.name \
                    and other.councillor == person.councillor \
                    and (not person.role or _key(None, person.role) == _key(None, other.role)):
                return other
    if not person.name and person.role:
        role = _key(None, person.role)
        holders = [other for other in people if other.name and other.role and (
            _key(None, other.role) == role or _key(None, other.role).startswith(role + " "))]
        if len({holder.name for holder in holders}) == 1:
            return holders[0]
    return None


def _attendees(document: Document) -> list[Person]:
    """The people an "Also attended:" list names: not owners for attending, but their full names
    and roles tell who "Mrs Ashworth" is when the minutes go on to say she introduced the item."""
    return [person for field in labelled_fields(document) if field.meaning == labels.ATTENDANCE
            for part in re.split(r"\s*;\s*", field.value) if (person := parse_person(part))]


def _merge(people: list[Person], known: list[Person] = ()) -> list[Person]:
    """One person per name or role, later mentions merged into the person they refer to, among
    the people found and those `known` from elsewhere in the paper."""
    for person in people:
        same = _same_as(person, people + list(known))
        if same:
            person.name, person.role = same.name, same.role
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
    people = _merge(_text_people(document), _attendees(document))
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
            if action.source == "prose":
                # Minutes name who took an action on ("Mr Hedley", "the Prevent Co-ordinator"):
                # the person the paper named before, where there is one.
                surname = Person(name=role, role=None) if re.fullmatch(r"[A-Z][\w'’-]+", role) else None
                person = _same_as(surname or person, people) or person
            person.organisation = person.organisation or meta.authority_name
            owner = add(person, "lead")
            action_owners.setdefault((action.id, owner.id), ActionOwner(action_id=action.id, owner_id=owner.id))
    return list(owners.values()), list(document_owners.values()), list(action_owners.values())


__all__ = ["extract_owners", "parse_person"]
