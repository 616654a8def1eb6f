"""Seed 003: Staffordshire's Prevent report to the Safe and Strong Communities Select Committee, 4 March 2019.

A committee report in the Staffordshire house style: committee and date, title, the
recommendation lettered "a." before the report, the Cabinet Member's name, numbered
paragraphs 1-21 under headings, two real footnotes, the closing "Link to Strategic Plan" and
"Community Impact" statements and the Contact Officer block. The seed's words are kept,
including its "CIIr" for "Cllr", which is how the published PDF's text reads; paragraph 3
lost its number and paragraph 6 was cut by a page break in the seed, both mended here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from _docx import Footnotes, add_numbered, add_runs, add_text, make_document

STEM = "003_a1dc3d2ad6587154"
SUFFIX = ".docx"

FOOTNOTES = {
    "1": "Counter Terrorism Local Profile (CTLP) - a document produced annually by Staffordshire Police which "
         "identifies the threat and vulnerability from terrorism and extremism relating to terrorism in local "
         "areas.",
    "2": "The Counter-Terrorism and Security Act 2015 required local authorities to establish a multi-agency "
         "panel (known as a 'Channel Panel') to identify and support those felt to be vulnerable to being "
         "drawn into terrorist activity.",
}

Piece = str | tuple[str, str]
#: (heading, ((typed number, paragraph parts), ...)); a ("1", "fn") part is a footnote reference.
SECTIONS: tuple[tuple[str, tuple[tuple[str, tuple[Piece, ...]], ...]], ...] = (
    ("Background", (
        ("1.", ("The UK faces a continuing threat from both international and domestic terrorism as well as "
                "violent extremism, which can emerge from any community and can be inspired by a wide range of "
                "causes. Nationally, the threat to the UK and our interests from international terrorism is "
                "rated as 'severe'. This means that a terrorist attack is highly likely.",)),
        ("2.", ("In Staffordshire, the implementation of Prevent is overseen by a multi-agency Prevent Board, "
                "which is chaired by the Commissioner for Safety & Families at Staffordshire County Council. The "
                "Prevent Board reports into the Staffordshire Contest Board, which oversees all of the "
                "counter-terrorism strands of activity and is chaired by Staffordshire Police. The Prevent Board "
                "also provides regular updates to the Staffordshire Safer & Stronger Communities Strategy "
                "Group.",)),
        ("3.", ("The Prevent Board is the mechanism by which the quality of progress in relation to the delivery "
                "of Prevent is monitored, impact is assessed and challenges are identified and addressed.",)),
        ("4.", ("The partnership arrangements in place within Staffordshire have been recognised as good "
                "practice and are referenced as a case study within the Home Office ",
                ("Prevent Duty Toolkit for Local Authorities", "u"), ".")),
    )),
    ("Staffordshire Prevent Delivery Plan", (
        ("5.", ("We are working effectively across the partnership to deliver a co-ordinated response to the "
                "Prevent Duty and we have developed and implemented a shared, evidence-based Staffordshire "
                "Delivery Plan. The Delivery Plan sets out how partners are working together to meet the "
                "requirements of the Prevent Duty and are responding to and managing risk. Progress against the "
                "Prevent Delivery Plan is reported to the Prevent Board on a quarterly basis.",)),
        ("6.", ("A refreshed Prevent Delivery Plan was presented to the Prevent Board in October 2018. The Plan "
                "has been reviewed and updated to reflect the national Contest Strategy (2018), the "
                "recommendations within the Staffordshire CTLP", ("1", "fn"),
                " (2018) and relevant local activity.")),
        ("7.", ("The Delivery Plan includes partnership sections on Safeguarding; Case Management; and Community "
                "Resilience, as well as sector-specific sections for Schools and Registered Childcare Providers; "
                "Out-of-School Settings (including Children Missing from Education); Other Agencies and "
                "Organisations Supporting Children; Further & Higher Education; Health; Prisons; and "
                "Probation.",)),
        ("8.", ("All partners are clear about the role they play in delivering the Plan and how it links in with "
                "their local plans and activities. At district and borough level, each Community Safety "
                "Partnership has identified a District Prevent Lead who is responsible for facilitating two-way "
                "communication with the Staffordshire Prevent Board, providing coordination in relation to "
                "district Prevent activity and acting as point of contact for local partners. The District "
                "Prevent Lead ensures that Community Safety Partnerships have identified risks in relation to "
                "Prevent for their area and that that local plans adequately and proportionately identify and "
                "respond to risk in relation to Prevent and that actions are in place to deliver Prevent "
                "objectives. The District Prevent Lead also ensures that the district actions / delivery plan "
                "supports the local delivery of the countywide Prevent Delivery Plan.",)),
        ("9.", ("In terms of monitoring schools' delivery of Prevent, specific Prevent-related questions are "
                "included in the mandatory audit of schools (S157 /157 arrangements) which is undertaken by the "
                "Staffordshire Safeguarding Children's Board. In 2018, 399 schools out of 411 completed the "
                "survey a completion rate of 97%. 345 schools responded to the specific Prevent questions (a "
                "completion rate of 84%). Further analysis will be undertaken to identify which schools did not "
                "complete this question, which may in part be due to those schools who responded from a "
                "multi-academy trust / federation perspective.",)),
        ("10.", ("Schools were asked whether policies are up-to-date in relation to Prevent, whether staff have "
                 "undertaken appropriate training and whether staff are confident in recognising the signs of "
                 "radicalisation and know how to refer. The responses to the survey indicated that schools are "
                 "very aware of the Prevent Duty and around 85% had actioned all of the requirements. 2% were "
                 "not able to confirm that they have all the expected elements in place and the remaining "
                 "schools have practices which are currently under review with Governors. The responses to the "
                 "survey suggested that there is work to be done with regard to schools self-evaluation forms, "
                 "as only 10% of schools indicated that they include Prevent within that plan. Positively, 93% "
                 "of schools stated that they engage with parents and families in relation to Prevent.",)),
        ("11.", ("Responses to the Audit are analysed and Education Safeguarding Lead addresses any issues "
                 "arising. Schools are encouraged to create action plans based on the findings of the audit, to "
                 "focus their attention and activity on any areas which require improvement. The Education "
                 "Safeguarding Lead will be feeding back to schools on topics covered within the survey "
                 "(including Prevent) and the intention is to carry out individual, focussed surveys throughout "
                 "the year to improve quality assurance and to obtain meaningful data to inform better "
                 "practice.",)),
    )),
    ("Training & Development", (
        ("12.", ("We have established a consistent approach to training across the partnership workforce. We "
                 "have implemented a Prevent Training Framework which allows organisations to identify which of "
                 "their staff need an awareness and understanding of Prevent and what level of training they "
                 "require. A standard training presentation has been developed with tailored versions for local "
                 "authority staff, the third sector and schools. All partners report on delivery of training at "
                 "the quarterly Prevent Boards.",)),
    )),
    ("Staffordshire Channel Panel", (
        ("13.", ("We have robust referral routes in place and our Channel processes are well-established, are "
                 "supported by partners and are effective in safeguarding individuals. Referrals are made to the "
                 "Staffordshire Police Prevent Team, who undertake triage and deconfliction and identify which "
                 "individuals are suitable for referral to the Channel Panel", ("2", "fn"),
                 " and which need to be managed via Police Prevent Case Management.")),
        ("14.", ("During the period 1st May 30th November 2018, the majority of referrals to Staffordshire "
                 "Prevent were of individuals between 14-17 years of age. Of these, 6 young people (under 18) "
                 "were identified as being at risk of radicalisation and were accepted onto the Channel "
                 "process.",)),
        ("15.", ("The Staffordshire Channel Panel has been in place since April 2015. It is made up of a small "
                 "core group, which includes adult and child safeguarding, education, Youth Offending, health "
                 "(including mental health) and community safety, and a wider co-opted group of members, who "
                 "can be called upon as necessary on a case-by-case basis.",)),
        ("16.", ("In Staffordshire the approach to Prevent has been embedded as an integral part of "
                 "safeguarding. Joint Staffordshire and Stoke-on-Trent Prevent Safeguarding Guidance has been "
                 "produced, which is intended to provide a clear framework for all professionals working with "
                 "people (or those around them) for whom there are concerns that they are at risk of becoming "
                 "involved in violent extremist activity. The guidance reinforces the link between safeguarding "
                 "procedures and the Channel programme and the document has been endorsed by Staffordshire and "
                 "Stoke-on-Trent Adult and Children's Safeguarding Boards.",)),
        ("17.", ("It has been recognised that we need to increase district and borough council involvement in "
                 "Channel Panel, to ensure we are developing a full picture of individuals who are referred by "
                 "drawing upon local data and intelligence. We are now working with districts to develop a "
                 "process to enable better information exchange, without increasing any burden to district "
                 "colleagues.",)),
    )),
    ("Next Steps", (
        ("18.", ("We will continue to co-ordinate and deliver Prevent activity through the robust partnership "
                 "arrangements that are in place and have identified a number of areas of focus for the next 12 "
                 "months.",)),
        ("19.", ("We will make use of the self-assessment tool within the Home Office Prevent Duty Toolkit for "
                 "Local Authorities to assess our activities, identify any areas which require improvement and "
                 "build these into our Delivery Plan. We will undertake this audit within quarter 4 (2018/19) "
                 "and will report back findings to the Prevent Board in April 2019.",)),
        ("20.", ("We need to ensure that the Prevent Delivery Plan draws upon a wide range of partnership data, "
                 "which is broader than police data, so that our activities respond to local evidence of risk, "
                 "threat and need. To address this, we are working with Staffordshire Police to enhance the "
                 "information which feeds into the Counter-Terrorism Local Profile. We have committed to "
                 "facilitating the involvement of a wider range of partners in the development of the CTLP 2019. "
                 "The inclusion of wider partnership information should give us a richer picture of the "
                 "Staffordshire risk profile and, in turn, will enable us to have a sharper focus within our "
                 "delivery plan, informed by a more robust evidence base.",)),
        ("21.", ("We need to develop a co-ordinated approach to communication and engagement, to enable us to "
                 "have a consistent approach to engagement with communities. We are working in partnership to "
                 "develop an overarching Contest Communication Plan, to ensure that our approach to engagement "
                 "and communication achieves identified outcomes and is consistent and co-ordinated across the "
                 "Staffordshire partnership.",)),
    )),
)

CLOSING = (
    ("Link to Strategic Plan", " \u2013 Work to implement the Prevent Duty will contribute to the following "
     "strategic priority: \"The people of Staffordshire will feel safer, happier and more supported in and by "
     "their community\"."),
    ("Community Impact", " \u2013 The Prevent Delivery Plan is based on the requirements of the Prevent Duty, "
     "but also draws upon the recommendations of the Staffordshire Counter-Terrorism Local Profile (which "
     "identifies the threat and vulnerability from terrorism and extremism relating to terrorism in the "
     "county). As outlined in the report, further work is planned to enhance the partnership's engagement and "
     "involvement of communities, resulting in improved understanding of community needs, which will inform "
     "the ongoing approach."),
)

CONTACT = (
    ("Name and Job Title:", " Mick Harrison, Commissioner for Safety & Families"),
    ("Telephone No:", " 01785 278163"),
    ("Address/e-mail:", " michael.harrison@staffordshire.gov.uk"),
)


def build(out_dir: Path) -> Path:
    """Write the report to `out_dir` and return its path."""
    document = make_document(title="Prevent", author="Staffordshire County Council",
                             created=dt.datetime(2019, 2, 20, 9, 0, 0))
    footnotes = Footnotes(document)
    for note_id, text in FOOTNOTES.items():
        footnotes.add(note_id, text)

    add_text(document, "Safe and Strong Communities Select Committee - Monday 04 March 2019", bold=True)
    add_text(document, "Prevent", style="Title")
    add_text(document, "Recommendations", style="Heading 1")
    add_numbered(document, "a.", "It is recommended that the Safe & Strong Communities Select Committee "
                 "scrutinises the content of this report regarding the local implementation of the Prevent Duty.")
    add_text(document, "Report of CIIr Gill Heath, Cabinet Member for Communities", bold=True)
    add_text(document, "Report", style="Heading 1")
    for heading, paragraphs in SECTIONS:
        add_text(document, heading, style="Heading 2")
        for number, parts in paragraphs:
            add_numbered(document, number, parts, document_footnotes=footnotes)
    for label, text in CLOSING:
        add_runs(document.add_paragraph(), [(label, "b"), text])
    add_text(document, "Contact Officer", style="Heading 2")
    for label, text in CONTACT:
        add_runs(document.add_paragraph(), [(label, "b"), text])
    add_text(document, "List of Background Papers:", bold=True)
    add_text(document, "None")
    footnotes.write()

    path = out_dir / f"{STEM}{SUFFIX}"
    document.save(path)
    return path
