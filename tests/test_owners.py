"""Owners: roles in lead cells, and people in contact blocks, report lines, agendas and minutes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from extractors.owners import extract_owners
from extractors.readers import read_document
from extractors.actions import extract_actions
from extractors.roles import domain_to_organisation, email_matches_name, split_roles
from schemas.document import Block, Document
from schemas.records import Action, DocumentMeta
from tests.documents import item, make_document, paragraph

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
KENT = DocumentMeta(authority_code="E10000016", authority_name="Kent County Council")


def document_of(*texts: str, block: Callable[[str], Block] = paragraph) -> Document:
    """A one-page PDF paper of the texts, each a block of one kind."""
    return make_document(*map(block, texts), fmt="pdf", id_char="o")


def action(lead: str, number: str = "1") -> Action:
    return Action(id=f"act{number}", document_id="o" * 64, number=number, text="Do it", lead=lead,
                  source="table", page=1)


def people(document: Document, meta: DocumentMeta = KENT, actions: list[Action] | None = None):
    owners, document_owners, action_owners = extract_owners(document, meta, actions or [])
    capacities = {link.owner_id: link.capacity for link in document_owners}
    return {(o.name or o.role): (o, capacities.get(o.id)) for o in owners}, action_owners


@pytest.mark.parametrize("cell, roles", [
    ("Community Partnerships Manager and Health and Wellbeing Manager.",
     ["Community Partnerships Manager", "Health and Wellbeing Manager"]),
    ("a) Assets Manager\nb) Parish Liaison and Community Facilities Development Officers\nc) Procurement Manager.\n"
     "Service/\noperational managers to be responsible for identifying any relevant contracts.",
     ["Assets Manager", "Parish Liaison and Community Facilities Development Officers", "Procurement Manager",
      "Service/operational managers"]),
    ("District Rep is\nStrategic and Community Planning Hinckley\nCommunity Safety Manager attends ASB/Hate/Prevent"
     "\nStrategy Group and SOG.\nHate working group attended by Community Safety Officer.",
     ["Strategic and Community Planning Hinckley", "Community Safety Manager", "Community Safety Officer"]),
    ("Safeguarding Lead and\nCommunity Safety Manager\nDemocratic Services\nHuman Resources",
     ["Safeguarding Lead", "Community Safety Manager", "Democratic Services", "Human Resources"]),
    ("Head of Community Safety & Protection", ["Head of Community Safety & Protection"]),
    ("Prevent Co-ordinator / Channel Panel Chair", ["Prevent Co-ordinator", "Channel Panel Chair"]),
    ("Community Safety Team supported by Licensing Manager", ["Licensing Manager"]),
    # Two whole posts joined by "and" are two people; a post over two departments is one.
    ("Head of Corporate Property and ICT Security Manager", ["Head of Corporate Property", "ICT Security Manager"]),
    ("Director of Public Health and Head of Safeguarding", ["Director of Public Health", "Head of Safeguarding"]),
    ("Head of Legal and Democratic Services", ["Head of Legal and Democratic Services"]),
    ("Director of Children and Family Services", ["Director of Children and Family Services"]),
    ("Channel Panel Chair; Adult Safeguarding Lead", ["Channel Panel Chair", "Adult Safeguarding Lead"]),
])
def test_owners_split_roles(cell, roles):
    assert split_roles(cell) == roles


def test_owners_lead_cell_gives_one_owner_per_role_linked_to_the_action():
    document = document_of("Charnwood Prevent Action Plan")
    meta = DocumentMeta(authority_code="E07000130", authority_name="Charnwood Borough Council")
    found, links = people(document, meta, [action("Licensing Manager and Community Safety Manager"),
                                           action("Community Safety officers", "2"),
                                           action("Community Safety Officer", "3")])
    assert set(found) == {"Licensing Manager", "Community Safety Manager", "Community Safety officers"}
    assert found["Licensing Manager"][0].organisation == "Charnwood Borough Council"
    assert found["Licensing Manager"][1] == "lead"
    assert len(links) == 4  # the plural and singular officer are one owner


def test_owners_contact_block_with_organisation_line():
    document = document_of("Recommendations for the Board", "That the Board notes the report",
                            "Gurjit Samra-Rai\nLeicestershire County Council\nTel: 0116 305 6056\n"
                            "Email: Gurjit.samra-rai@leics.gov.uk")
    found, _ = people(document, DocumentMeta(authority_name="Leicestershire County Council"))
    owner, capacity = found["Gurjit Samra-Rai"]
    assert (owner.organisation, owner.phone, owner.email, capacity) == (
        "Leicestershire County Council", "0116 305 6056", "gurjit.samra-rai@leics.gov.uk", "contact")


def test_owners_labelled_contact_officer_block():
    document = document_of("Contact Officer", "Name and Job Title: Rachel Mills, Prevent Lead",
                            "Telephone No: 01622 694321", "Address/e-mail: rachel.mills@kent.gov.uk")
    owner, capacity = people(document)[0]["Rachel Mills"]
    assert (owner.role, owner.email, owner.organisation, capacity) == (
        "Prevent Lead", "rachel.mills@kent.gov.uk", "Kent County Council", "contact")


def test_owners_report_of_councillor_with_ocr_title():
    document = document_of("Report of CIIr Gill Heath, Cabinet Member for Communities")
    owner, capacity = people(document, DocumentMeta(authority_name="Staffordshire County Council"))[0]["Gill Heath"]
    assert (owner.role, owner.organisation, capacity) == (
        "Cabinet Member for Communities", "Staffordshire County Council", "author")


def test_owners_presented_by():
    owner, capacity = people(document_of("Presented by: Ian Stubbs"))[0]["Ian Stubbs"]
    assert (owner.role, capacity) == ("presenter", "presenter")


def test_owners_agenda_lines_and_emails_by_name_parts():
    document = document_of(
        "The Prevent Duty & Local Delivery – Sean Arbuthnot, Prevent Co-Ordinator",
        "Counter Terrorism Local Plan – Insp. Bill Knopp",
        "Luton Approach – Asha Patel, Head of Community Safety",
        "Executive Lead - Cllr Khan, Portfolio Holder (Communities)",
        "East Midlands – Weighted Score Heatmap",
        "Thank You\nasha.patel@luton.gov.uk\nWilliam.Knopp@bedfordshire.pnn.police.uk\nprevent@gmail.com",
        block=item)
    found, _ = people(document, DocumentMeta(authority_name="Luton Borough Council"))
    assert set(found) == {"Sean Arbuthnot", "Bill Knopp", "Asha Patel", "Khan"}
    knopp = found["Bill Knopp"][0]
    assert (knopp.role, knopp.organisation, knopp.email) == (
        "Inspector", "Bedfordshire Police", "william.knopp@bedfordshire.pnn.police.uk")
    assert found["Asha Patel"][0].organisation == "Luton Borough Council"
    assert found["Sean Arbuthnot"][0].organisation is None
    assert found["Khan"][0].role == "Portfolio Holder (Communities)"
    assert found["Khan"][1] == "lead"


def test_owners_minutes_speakers():
    document = document_of(
        "Mr Oakford, Deputy Leader and Cabinet Member for Finance, introduced the report which set out the budget.",
        "Dr Gosh (Director of Public Health) introduced the report and noted the progress.",
        "David Chapot, Prevent Manager, presented the annual Prevent update.",
        "The Assistant Town Clerk presented a proposal on the way forward.",
        "The Committee noted the report.")
    found, _ = people(document)
    assert set(found) == {"Oakford", "Gosh", "David Chapot", "Assistant Town Clerk"}
    assert found["Gosh"][0].role == "Director of Public Health"
    assert found["David Chapot"][1] == "speaker"


@pytest.mark.parametrize("email, name, expected", [
    ("Daxa.Pancholi@leicester.gov.uk", "Daxa Pancholi", True),
    ("William.Knopp@leicestershire.pnn.police.uk", "Bill Knopp", True),
    ("michael.harrison@staffordshire.gov.uk", "Mick Harrison", True),
    ("spcprevent@gmail.com", "Sean Arbuthnot", False),
    ("richard.smith3@kent.gov.uk", "Richard Smith", True),
])
def test_owners_email_matches_name(email, name, expected):
    assert email_matches_name(email, name) is expected


def test_owners_domain_to_organisation():
    assert domain_to_organisation("a@leics.gov.uk", "Leicestershire County Council") == "Leicestershire County Council"
    assert domain_to_organisation("a@west-yorkshire.pnn.police.uk", None) == "West Yorkshire Police"
    assert domain_to_organisation("a@kent.gov.uk", "Luton Borough Council") is None


def _norm(text: str | None) -> str:
    words = re.sub(r"[^\w@]+", " ", (text or "").lower().replace("&", " and ")).split()
    words = [w for w in words if w not in ("cllr", "insp", "mr", "mrs", "dr")] if len(words) > 1 else words
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)


@pytest.mark.parametrize("path", sorted(CORPUS.glob("0*_*.*")), ids=lambda p: p.name)
def test_owners_corpus_renderings_match_gold(path: Path):
    gold = json.loads((CORPUS / "gold" / f"{path.stem}.json").read_text())
    code = gold["document"]["authority_code"]
    names = {"E10000018": "Leicestershire County Council", "E07000131": "Harborough District Council",
             "E10000028": "Staffordshire County Council", "E06000016": "Leicester City Council"}
    meta = DocumentMeta(authority_code=code, authority_name=names[code])
    document = read_document(path)
    owners, _, _ = extract_owners(document, meta, extract_actions(document, meta))
    key = lambda o: _norm(o["name"]) if o.get("name") else _norm(o["role"])  # noqa: E731
    found = {key(o.model_dump()): o for o in owners}
    required = {key(o): o for o in gold["owners"]}
    optional = {key(o) for o in gold["optional"]["owners"]}
    assert set(required) <= set(found)
    assert set(found) <= set(required) | optional
    for k, g in required.items():
        for field in ("email", "phone", "organisation"):
            if g[field]:
                assert _norm(getattr(found[k], field)) == _norm(g[field]), (k, field)


def test_owners_minutes_speakers_who_said_belong_to_the_council_unless_their_role_says_otherwise():
    document = document_of(
        "Mr Watkins, Cabinet Member for Adult Social Care and Public Health, said that the partnership was strong.",
        "Mr Richard Smith, Corporate Director Adult Social Care and Health, introduced the report.",
        "Ms Jo Hart, Prevent Lead, Kent Police, confirmed that referrals had risen.")
    found, _ = people(document)
    assert set(found) == {"Watkins", "Richard Smith", "Jo Hart"}
    assert found["Watkins"][0].organisation == "Kent County Council"
    assert (found["Richard Smith"][0].organisation, found["Richard Smith"][1]) == ("Kent County Council", "speaker")
    assert (found["Jo Hart"][0].role, found["Jo Hart"][0].organisation) == ("Prevent Lead", "Kent Police")


def test_owners_decision_maker_and_organisation_after_the_role():
    document = document_of("Decision maker: Councillor Tom Hollis, Cabinet Member for Communities",
                            "Presented by: Harjit Dhillon, Regional Prevent Coordinator, Home Office")
    found, _ = people(document, DocumentMeta(authority_name="Nottinghamshire County Council"))
    hollis, capacity = found["Tom Hollis"]
    assert (hollis.role, hollis.organisation, capacity) == (
        "Cabinet Member for Communities", "Nottinghamshire County Council", "decision_maker")
    dhillon = found["Harjit Dhillon"][0]
    assert (dhillon.role, dhillon.organisation) == ("Regional Prevent Coordinator", "Home Office")


def test_owners_unlabelled_contact_lines():
    document = document_of("Officer to contact:", "Alison Simmons", "Community Safety Manager", "01509 634560",
                            "alison.simmons@charnwood.gov.uk")
    found, _ = people(document, DocumentMeta(authority_name="Charnwood Borough Council"))
    simmons, capacity = found["Alison Simmons"]
    assert (simmons.role, simmons.phone, simmons.email, simmons.organisation, capacity) == (
        "Community Safety Manager", "01509 634560", "alison.simmons@charnwood.gov.uk", "Charnwood Borough Council",
        "contact")


def test_owners_unlabelled_email_list_does_not_make_a_slide_title_a_person():
    document = document_of("Real Talk", "Thank You For Listening", "asha.patel@luton.gov.uk", "prevent@gmail.com")
    assert people(document)[0] == {}


def test_owners_report_of_a_role_alone_or_of_roles_each_with_a_name():
    found, _ = people(document_of("Report of the Cabinet Member for Communities"))
    assert found["Cabinet Member for Communities"][1] == "author"
    found, _ = people(document_of("Report of the Assistant Chief Executive and Chief Digital Officer"))
    assert set(found) == {"Assistant Chief Executive and Chief Digital Officer"}  # one post, not two
    found, _ = people(document_of("Report of the Head of Human Resources – Sheenagh Rees and Assistant Chief "
                                  "Executive & Chief Digital Officer - Karen Jones"))
    assert {name: value[0].role for name, value in found.items()} == {
        "Sheenagh Rees": "Head of Human Resources", "Karen Jones": "Assistant Chief Executive & Chief Digital Officer"}
    found, _ = people(document_of("Report by the Chief Executive of Wandsworth Council on the Prevent action plan"))
    assert (found["Chief Executive"][0].organisation, found["Chief Executive"][1]) == ("Wandsworth Council", "author")


@pytest.mark.parametrize("line, name, role", [
    ("Report of: Maureen Noble, Head of Crime and Disorder", "Maureen Noble", "Head of Crime and Disorder"),
    ("Report By: Ruth Binks Corporate Director Education, Communities and Operational Development", "Ruth Binks",
     "Corporate Director Education, Communities and Operational Development"),
    ("Draft report of Councillor Cliff Woodcraft, Task Group Chair", "Cliff Woodcraft", "Task Group Chair"),
])
def test_owners_report_of_a_named_author(line, name, role):
    found, _ = people(document_of(line))
    assert (found[name][0].role, found[name][1]) == (role, "author")


def test_owners_a_line_opening_with_from_is_a_label_only_with_its_colon():
    found, _ = people(document_of("From £100,000 approved by Full Council in December 2016 for the Services Team"))
    assert found == {}


def test_owners_inline_contacts_of_committee_system_pages():
    found, _ = people(document_of("(Noreen Akhtar – 07582100301)", "(Ian Day - 01274 433507)",
                                  "Contact: Helen Rickman/ Jamie Sheldon Email: Email:",
                                  "Contact: John Williams, Democratic Services Officer 020 8496 4344 Email:"))
    assert {name: (o.phone, capacity) for name, (o, capacity) in found.items()} == {
        "Noreen Akhtar": ("07582100301", "contact"), "Ian Day": ("01274 433507", "contact"),
        "Helen Rickman": (None, "contact"), "Jamie Sheldon": (None, "contact"),
        "John Williams": ("020 8496 4344", "contact")}
    assert found["John Williams"][0].role == "Democratic Services Officer"


def test_owners_a_surname_or_a_role_named_again_is_the_same_person():
    found, _ = people(document_of("Christina Andrew, Prevent Policy Officer, provided an update to the Panel.",
                                  "Ms Andrew reported that hate crime had risen.",
                                  "Daxa Pancholi, Head of Community Safety, presented the report.",
                                  "The Head of Community Safety stated that referrals had risen."))
    assert set(found) == {"Christina Andrew", "Daxa Pancholi"}


def test_owners_from_labelled_fields_run_together_or_in_a_table():
    from tests.documents import table
    document = make_document(
        paragraph("Report to: Cabinet Date: 7 June 2021 Key decision: No"),
        paragraph("Report By: Sarah Whitlock Director of Community Safety and Resilience"),
        paragraph("Cabinet Member: Cllr Neil Trafford (Cabinet Member for Communities)\nDecision maker: Cabinet"),
        paragraph("Portfolio Holder: Councillor Linda Moore"),
        paragraph("CONTACT OFFICER: AMINA RAHMAN, PREVENT MANAGER"),
        paragraph("Please get in touch with: Officer name: Matthew Gosling Tel No: 01603 228944 "
                  "Email: matthew.gosling@norfolk.gov.uk"),
        table(("Lead officer", "Detective Inspector Claire Haworth, Prevent Lead, Hertfordshire Constabulary")),
        fmt="pdf", id_char="o")
    found, _ = people(document)
    assert {name: (o.role, capacity) for name, (o, capacity) in found.items()} == {
        "Sarah Whitlock": ("Director of Community Safety and Resilience", "author"),
        "Neil Trafford": ("Cabinet Member for Communities", "lead"),
        "Linda Moore": ("Portfolio Holder", "lead"),
        "Amina Rahman": ("Prevent Manager", "contact"),
        "Matthew Gosling": (None, "contact"),
        "Claire Haworth": ("Prevent Lead", "lead")}
    assert (found["Matthew Gosling"][0].phone, found["Matthew Gosling"][0].email) == (
        "01603 228944", "matthew.gosling@norfolk.gov.uk")
    assert found["Claire Haworth"][0].organisation == "Hertfordshire Constabulary"


def test_owners_an_attendance_list_names_who_the_minutes_later_call_by_surname():
    document = document_of(
        "Also attended: Mrs K M Ashworth, Cabinet Member with Responsibility for Communities; Paula Jennings, "
        "Community Safety Manager",
        "The Cabinet Member with Responsibility for Communities, Mrs Ashworth, introduced the item.")
    found, _ = people(document)
    assert set(found) == {"K M Ashworth"}  # attending alone makes nobody an owner


def test_owners_who_took_an_action_on_is_the_person_named_before():
    document = document_of("Lorna Eckersley, Head of Community Safety, introduced the report.",
                           "Paul Hedley, Senior Manager, presented the item.")
    actions = [Action(id="a1", document_id="o" * 64, text="circulate the slides", lead="Head of Community Safety",
                      source="prose", page=1),
               Action(id="a2", document_id="o" * 64, text="send the form", lead="Hedley", source="prose", page=1)]
    found, action_owners = people(document, actions=actions)
    assert set(found) == {"Lorna Eckersley", "Paul Hedley"}
    assert len(action_owners) == 2


def test_owners_a_contact_officers_line_naming_several_with_their_telephones():
    found, _ = people(document_of("Contact Officers: Jane Smith, Prevent Manager, 01234 567890; John Brown, "
                                  "Community Safety Officer, 01234 567891"))
    assert {name: (o.role, o.phone) for name, (o, _) in found.items()} == {
        "Jane Smith": ("Prevent Manager", "01234 567890"), "John Brown": ("Community Safety Officer", "01234 567891")}
