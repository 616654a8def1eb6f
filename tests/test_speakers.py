"""People and roles in the prose of minutes: who presented, reported, answered or was given the work.

Each test quotes the shape with wording of more than one council, since the same extraction
is scored on councils' papers that are not in the repository.
"""

from __future__ import annotations

import pytest

from extractors.people import is_post, parse_person, parse_role
from extractors.speakers import find_speakers
from extractors.text import split_sentences
from tests.documents import make_document, paragraph


def speakers(*texts: str) -> dict[str, tuple[str | None, str | None, list[str]]]:
    """Name (else role) -> (role, organisation, capacities) of the people the texts name."""
    document = make_document(*map(paragraph, texts), fmt="pdf", id_char="s")
    return {(p.name or p.role): (p.role, p.organisation, p.capacities) for p in find_speakers(document)}


@pytest.mark.parametrize("sentence, who, role", [
    ("Neil Thurlow (Assistant Director of Community Safety) briefed members on the team's work.",
     "Neil Thurlow", "Assistant Director of Community Safety"),
    ("Priya Shah (Prevent Education Officer) outlined the schools programme.", "Priya Shah", "Prevent Education Officer"),
    ("Jena Musa, Community Safety Programme Manager, introduced her report.", "Jena Musa",
     "Community Safety Programme Manager"),
    ("Tom Reid, Head of Safer Communities, undertook to circulate the figures.", "Tom Reid", "Head of Safer Communities"),
    ("Councillor J. Kent, Leader of the Council, briefly introduced the report.", "J. Kent", "Leader of the Council"),
    ("Cllr Amir Khan, Cabinet Member for Communities, presented the item.", "Amir Khan", "Cabinet Member for Communities"),
])
def test_a_named_speaker_with_a_role_and_a_verb_of_presenting(sentence, who, role):
    found = speakers(sentence)
    assert found[who][0] == role
    assert found[who][2] == ["speaker"]


@pytest.mark.parametrize("sentence, role", [
    ("The Assistant Director Neighbourhoods stated that the plans had been merged.", "Assistant Director Neighbourhoods"),
    ("The Strategic Director, Place, presented a report which outlined the approach.", "Strategic Director, Place"),
    ("The Portfolio Holder for Community Safety & Transport presented a report.",
     "Portfolio Holder for Community Safety & Transport"),
    ("The Head of Public Protection advised that two venues had been refused.", "Head of Public Protection"),
])
def test_a_role_without_a_name_as_the_subject(sentence, role):
    assert role in speakers(sentence)


def test_a_role_at_another_body_keeps_its_organisation():
    found = speakers("The Prevent lead for Bradford College was also present and gave an overview.",
                     "The Safeguarding Manager for Luton Sixth Form College was also present.")
    assert found["Prevent lead"][:2] == ("Prevent lead", "Bradford College")
    assert found["Safeguarding Manager"][:2] == ("Safeguarding Manager", "Luton Sixth Form College")


@pytest.mark.parametrize("sentence", [
    "The Chair thanked the officers for the report.",
    "The Committee noted the update.",
    "Councillor Hague enquired whether any cases were open.",
    "Councillor Ray stated that members should be careful.",  # members who speak are not owners
    "The Home Office provided funding for a schools officer.",
    "Members of the public were present.",
])
def test_chairs_committees_members_asking_and_bodies_are_not_owners(sentence):
    assert speakers(sentence) == {}


def test_a_member_who_introduces_the_report_is_an_owner():
    found = speakers("Councillor J. Kent observed that it would be appropriate if Councillor Ojetola, "
                     "as proposer of the original motion, introduced the report.")
    assert found["Ojetola"][0] == "proposer of the original motion"


def test_lists_of_presenters_each_take_the_roles_written_after_them():
    found = speakers("Daxa Pancholi, the Head of Community Safety and Protection, Sean Abruthnot, Prevent "
                     "Coordinator and Police Inspector William Knopp were present to deliver a presentation.")
    assert {name: value[0] for name, value in found.items()} == {
        "Daxa Pancholi": "Head of Community Safety and Protection", "Sean Abruthnot": "Prevent Coordinator",
        "William Knopp": "Police Inspector"}
    found = speakers("The Panel received a presentation from Dr Mark Osbourne, Prevent Co-ordinator and Dan "
                     "Wilson, Operations Manager, Child Criminal Exploitation Team at Norfolk County Council on "
                     "Prevent.")
    assert found["Dan Wilson"][:2] == ("Operations Manager, Child Criminal Exploitation Team", "Norfolk County Council")
    assert found["Mark Osbourne"][:2] == ("Prevent Co-ordinator", "Norfolk County Council")


def test_lists_with_roles_in_brackets_and_lists_of_roles():
    found = speakers("The Committee received a presentation from Anne Corbett (Divisional Director - Community "
                     "Safety); Simon Smith (Prevent Co-ordinator) and Emily Reed (Service Manager Cohesion) that "
                     "provided an update.")
    assert set(found) == {"Anne Corbett", "Simon Smith", "Emily Reed"}
    found = speakers("The Service Manager Early Help and Prevention, Head of Resilient Communities and Team Manager "
                     "of the Safe Team were present to respond to questions.")
    assert set(found) == {"Service Manager Early Help and Prevention", "Head of Resilient Communities",
                          "Team Manager of the Safe Team"}


def test_the_role_a_decision_gives_work_to_and_the_role_that_chairs_a_board():
    found = speakers("That the Head of Corporate Strategy and Democratic Services be authorised to take the actions.",
                     "That delegated authority be given to the Executive Director of Finance, in consultation with "
                     "the Leader, to sign off the plan.",
                     "The board is chaired by the County Council’s Commissioner for Safety and Families.")
    assert found["Head of Corporate Strategy and Democratic Services"][2] == ["lead"]
    assert "Executive Director of Finance" in found
    assert "Commissioner for Safety and Families" in found
    # A letter sent to a director gives the director no work.
    assert speakers("Members requested that the Director of Education be sent a letter.") == {}


def test_a_bare_name_is_a_person_only_where_the_recogniser_says_so():
    found = speakers("Michelle Cunningham presented the report to Members.",
                     "It would be useful to have a school representative and Kevin Sexton indicated that he would "
                     "pursue that.")
    assert set(found) == {"Michelle Cunningham", "Kevin Sexton"}


def test_sentences_do_not_end_at_titles_or_initials():
    assert split_sentences("Councillor J. Kent introduced it. Dr. Shah replied.") == [
        "Councillor J. Kent introduced it.", "Dr. Shah replied."]


@pytest.mark.parametrize("written, role, organisation", [
    ("the London Borough of Hillingdon's Stronger Communities and Prevent Lead",
     "Stronger Communities and Prevent Lead", "London Borough of Hillingdon"),
    ("the Council's Stronger Communities Manager", "Stronger Communities Manager", None),
    ("Strategic Commissioning Manager, PCC", "Strategic Commissioning Manager", "PCC"),
    ("Chief Executive of Wandsworth Council", "Chief Executive", "Wandsworth Council"),
    ("Leader of the Council, briefly", "Leader of the Council", None),
    ("Democratic Services Officer 020 8496 4344 Email:", "Democratic Services Officer", None),
])
def test_roles_as_written_keep_their_organisation_apart(written, role, organisation):
    assert parse_role(written)[:2] == (role, organisation)


def test_a_name_run_into_its_role_is_read_only_after_a_label():
    person = parse_person("Ruth Binks Corporate Director Education, Communities and Operational Development", run_in=True)
    assert (person.name, person.role) == ("Ruth Binks", "Corporate Director Education, Communities and Operational "
                                                         "Development")
    assert parse_person("Adult Safeguarding Lead") is None  # a lead cell's role, not a person


@pytest.mark.parametrize("text, expected", [
    ("Head of Resilient Communities", True), ("Portfolio Holder for Transport", True), ("Chair", False),
    ("Members of the public", False), ("Relevant Director: Nick Abrahams", False), ("Prevent Team", True),
])
def test_is_post(text, expected):
    assert is_post(text) is expected


def test_people_listed_under_a_lead_in_that_they_presented():
    from tests.documents import item
    document = make_document(
        paragraph("The Committee received a presentation. The following attended to present the item:"),
        item("Paul Hedley, Senior Manager, Community Safety, Northumberland County Council"),
        item("DS Karen Lowes, Prevent Team, Northumbria Police"),
        paragraph("Members were informed that:"), item("32 people had been referred"), fmt="pdf", id_char="s")
    found = {p.name: (p.role, p.organisation) for p in find_speakers(document)}
    assert found == {"Paul Hedley": ("Senior Manager, Community Safety", "Northumberland County Council"),
                     "Karen Lowes": ("Prevent Team", "Northumbria Police")}


def test_the_author_of_an_item_named_by_role_in_its_purpose_line():
    found = speakers("To consider the report of the Director, Public Health on the Council's delivery of the duty.",
                     "To receive the report of the Head of Neighbourhoods regarding the Channel panel.")
    assert found["Director, Public Health"][2] == ["author"]
    assert "Head of Neighbourhoods" in found


def test_presentations_by_and_passive_presenters():
    found = speakers("Presentation by Insp. Jones, Durham Constabulary",
                     "The item was introduced by Councillor Brown, Portfolio Holder for Housing.",
                     "The report was presented by the Prevent Coordinator, Sophie Grant.",
                     "Councillor Akhtar introduced the report, supported by Daniel Kershaw, Prevent Co-ordinator.",
                     "The Community Safety Manager, Mr Andrew Hall, presented the report.")
    assert found["Jones"][:2] == ("Inspector", "Durham Constabulary")
    assert found["Brown"][0] == "Portfolio Holder for Housing"
    assert found["Sophie Grant"][0] == "Prevent Coordinator"
    assert found["Daniel Kershaw"][0] == "Prevent Co-ordinator"
    assert found["Andrew Hall"][0] == "Community Safety Manager"
    assert "Community Safety Manager" not in found  # the role is Mr Hall's, not another owner
