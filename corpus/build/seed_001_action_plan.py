"""Seed 001: Harborough District Council's Prevent Action Plan 2021-22, as a Word document.

The seed is a text extraction of a landscape Word action plan: an opening of priority,
aim and objectives, a three-column table answering the ten delivery benchmarks, and a
four-column Key Actions table. The extraction broke cells into stray tabs and wrapped
lines; here each cell is written back as the paragraphs it held, lettered sub-items
("a) ...") as paragraphs of their own, with the seed's words unchanged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from _docx import add_text, fill_cell, header_table, keep_rows_whole, make_plan, make_table

STEM = "001_833b9ff6c1116053"
SUFFIX = ".docx"

TITLE = "Harborough District Council Prevent Action Plan 2021-22"
#: The plan's priority and aim, each a line under the title with its label in bold.
PRIORITY_AND_AIM = (
    ("Priority:", "  Statutory Prevent Duty"),
    ("Aim:", "  Work with local partners to protect the public, prevent crime and to promote strong, integrated "
             "communities."),
)

CONTEST_EXCERPT = (
    "Delivery of Prevent is locally led and driven by analysis of the threat in communities. Local "
    "authorities are among the most vital partners in our network. The Prevent duty requires local "
    "authorities to establish or make use of existing multi-agency groups to assess the local picture, "
    "coordinate activity and to put in place arrangements to monitor the impact of safeguarding work. In "
    "priority areas where the risk of radicalisation is assessed as being highest, Prevent coordinators "
    "employed by local authorities build partnerships in communities, oversee the delivery of local action "
    "plans to respond to the risk of radicalisation, and work with partners to embed safeguarding activity "
    "in statutory services including social care, health and education. We have also been piloting a new "
    "approach where local authorities take a greater role in running our Channel programme (described in "
    "detail below), bringing the process more into line with common safeguarding procedures."
)

#: (number, benchmark statement, evidence paragraphs); ("text", "bullet") is a bulleted paragraph.
BENCHMARKS: tuple[tuple[str, str, tuple[str | tuple[str, str], ...]], ...] = (
    ("1.", "The organisation has a local risk assessment process reviewed against the Counter Terrorism "
     "Local Profile.", (
        "This is assessed at a County Level.",
        "A Harborough Situational Risk Assessment was completed in May 2021",
        "Harborough do complete Counter Terrorism Local Profile questions.",
    )),
    ("2.", "There is an effective multi-agency partnership board in place to oversee Prevent delivery in "
     "the area.", (
        "LSCSB",
        "District Prevent Steering Group",
        "District HATE Strategic Group and working group",
        "Discussed at Senior Officer Group",
        "The partnership Prevent Steering Group feeds up in to the Prevent Leads Group which feeds in to the "
        "Prevent Executive.",
    )),
    ("3.", "The area has an agreed Prevent Partnership Plan.", (
        "The area has an agreed Prevent Partnership Plan which is coordinated by the local Prevent "
        "Coordinator.",
    )),
    ("4.", "There is an agreed process in place for the referral of those identified as being at risk of "
     "radicalisation.", (
        "Yes",
        "http://lrsb.org.uk/prevent",
        "https://www.leicestershire.gov.uk/leisure-and-community/community-safety/prevent",
    )),
    ("5.", "There is a Channel Panel in place, meeting monthly, with representation from all relevant "
     "sectors.", (
        "Yes, Leicestershire's Channel Panel meetings are held on a monthly basis.",
    )),
    ("6.", "There is a Prevent problem solving process in place to disrupt radicalising influences.", (
        "There is a multi-agency Prevent problem solving process in place across LLR to disrupt radicalising "
        "influences.",
        "Countywide Prevent Lead receives briefings and issue passed to Delivery Group.",
        "Locally Prevent is part of Community Safety Partnership Priorities and Action Plan",
        ("Raise awareness of Exploitation and support for victims", "bullet"),
        ("Raise awareness of Online radicalisation", "bullet"),
    )),
    ("7.", "There is a training programme in place for relevant personnel.", (
        "See Action Plan below",
    )),
    ("8.", "There is a venue hire policy in place, to ensure that premises are not used by radicalising "
     "influencers, and an effective IT policy in place to prevent the access of extremist materials by "
     "users of networks.", (
        "See Action Plan below",
    )),
    ("9.", "There is engagement with a range of communities and civil society groups, both faith-based and "
     "secular, to encourage an open and transparent dialogue on the Prevent Duty.", (
        "See Action Plan below",
    )),
    ("10.", "There is a communications plan in place to proactively communicate and increase transparency "
     "of the reality / impact of Prevent work and support frontline staff and communities to understand "
     "what Prevent looks like in practice.", (
        "See Action Plan below.",
        "Also separate Prevent Communications plan",
    )),
)

ACTIONS_HEADER = ("Key Actions", "Lead officer", "Time scale/resources", "Outcome/performance measure")

Cell = tuple[str | tuple[str, str], ...]
#: One tuple of four cells per row; each cell is its paragraphs.
ACTIONS: tuple[tuple[Cell, Cell, Cell, Cell], ...] = (
    (
        (
            "1. To keep a record of compliance against responsibilities as detailed in the Prevent Guidance "
            "via:",
            "a) Keeping this action plan updated with progress made against actions",
            "b) Keeping a record of Prevent cases raised at JAG",
            "c) Keeping a record of CSP agenda items where appropriate",
        ),
        ("Community Safety Manager",),
        ("Update monthly/Officer time",),
        (
            "Maintain an electronic Prevent folder within the Community Safety Documents on the W Drive. Use "
            "this to collate information on all Prevent groups, projects and work delivered",
            "Measure this by checking dates folder has been updated",
        ),
    ),
    (
        (
            "2. District Rep at Prevent Steering Group to ensure:",
            "a) Information and concerns identified locally are raised with appropriate agencies at the "
            "meetings",
            "b) The Counter Terrorism Local Profiles document reflects local concerns",
            "c) Relevant information from this group is fed back to the HDC Prevent Lead to pick up the "
            "relevant work locally at County ASB Strategy Group",
        ),
        (
            "District Rep is Strategic and Community Planning Hinckley",
            "Community Safety Manager attends ASB/Hate/Prevent Strategy Group and SOG.",
            "Hate working group attended by Community Safety Officer.",
        ),
        ("Quarterly",),
        (
            "Local concerns are recorded in meeting minutes and in the Counter Terrorism Local Profile (CTLP)",
            "Feedback is received from the PSG by the HDC Prevent Lead.",
        ),
    ),
    (
        (
            "3. Prevent duties to be incorporated into the work of Harborough Community Safety Partnership "
            "via standing agenda items at:",
            "a) CSP",
            "b) JAG",
        ),
        ("Community Safety Manager",),
        ("Monthly",),
        (
            "Relevant work delivered and updates provided at relevant meetings",
            "Recorded on minutes of meetings reflecting discussion",
        ),
    ),
    (
        ("4. Regular review of HDC Safeguarding Policies to check they comply with statutory duty.",),
        ("Safeguarding lead",),
        ("ongoing",),
        ("Clear and robust safeguarding policies in relation to Prevent.",),
    ),
    (
        (
            "5. Ensure publicly owned venues and allocated resources do not provide a platform for "
            "extremists via:",
            "a) Ensuring HDC venue hire/lease agreements include info on appropriate use of venues -not for "
            "extremist activity",
            "b) Including a statement in grant applications to ensure bids comply with HDC expectations",
            "c) Ensure that the principles of the duty are written into new contracts for the delivery of "
            "services in a suitable form where appropriate*: Agreed actions -",
            ("Ensure that our revised Commissioning Strategy and Procurement SORP/guidance references the "
             "Prevent duty.", "bullet"),
            ("Seek to add a suitable clause covering the principles of the duty in relevant new contracts.",
             "bullet"),
            ("Look at our current contracts to establish which ones would be relevant to the duty.", "bullet"),
            "* We have taken \u201cappropriate\u201d to mean those who work on the front line; so directly "
            "with young people and communities.",
        ),
        (
            "a) Assets Manager",
            "b) Parish Liaison and Community Facilities Development Officers",
            "c) Procurement Manager.",
            "Service/operational managers to be responsible for identifying any relevant contracts.",
        ),
        ("Ongoing/officer time",),
        (
            "There is a venue hire/ lease policy in place, to ensure that premises are not used by "
            "radicalising influencers.",
            "Venues have a rigorous booking system in place and staff responsible for them are trained to "
            "know what to do if they have suspicions",
            "Grants allocated by HDC are not given to be used by radicalising influencers.",
            "Relevant contracts include statement or clause around section 26 of counter terrorism act.",
        ),
    ),
    (
        (
            "6. Use our best endeavours to liaise with organisations that are supported by HDC to ensure they "
            "are not engaged in any form of extremist activities.",
            "To highlight to all organisations supported by HDC what our expectations in relation to "
            "extremist behaviour",
        ),
        ("Community Partnerships Manager and Health and Wellbeing Manager.",),
        ("On going",),
        (
            "Review as part of any annual SLAs.",
            "All organisations are aware of their responsibilities",
        ),
    ),
    (
        (
            "7. a) ICT to identify what information can be accessed via internal and reception computers - "
            "considering whether IT equipment available to the general public should use filtering solutions "
            "that limit access to terrorist and extremist material.",
            "b) Identify what measures can be put in place to prevent access to extremist materials and by "
            "when.",
        ),
        ("ICT Manager",),
        ("On going",),
        (
            "There is an effective IT policy in place to prevent the access of extremist materials by users "
            "of networks.",
            "Reviewed on an annual basis.",
        ),
    ),
    (
        (
            "8. Ensure appropriate frontline staff, including those of contractors (where appropriate), have "
            "a good understanding of Prevent via:",
            "a) Compulsory Online training for new starters",
            "b) Prevent part of Gold HDC Safeguarding training which is delivered to frontline staff from 2019",
            "c) Including an element of Prevent awareness in Cllr inductions",
            "d) Specific Prevent Training to DSOs and groups as required.",
        ),
        (
            "Safeguarding Lead and Community Safety Manager",
            "Democratic Services",
            "Human Resources",
        ),
        ("Ongoing \u2013 regular Safeguarding Training sessions planned in",),
        (
            "Number of staff trained.",
            "Number of Cllrs trained.",
            "100% new starters have safeguarding training",
            "Number of Cllrs attending awareness sessions %",
        ),
    ),
    (
        (
            "9. Arrange regular awareness events and communications to community based organisations to "
            "highlight or address any concerns around radicalisation - e.g. links with Parish Councils.",
        ),
        ("Community Safety Officers",),
        ("",),
        (
            "There is engagement with a range of communities and civil society groups, both faith-based and "
            "secular, to encourage an open and transparent dialogue on the Prevent Duty.",
        ),
    ),
    (
        (
            "10. There is a communications plan in place to proactively communicate and increase transparency "
            "of the reality / impact of Prevent work, and support frontline staff and communities to "
            "understand what Prevent looks like in practice",
        ),
        ("Community Safety officers",),
        ("",),
        ("Campaigns are promoted to relevant staff and Communities.",),
    ),
)


def build(out_dir: Path) -> Path:
    """Write the action plan to `out_dir` and return its path."""
    document = make_plan(title=TITLE, author="Harborough District Council",
                         created=dt.datetime(2021, 6, 1, 9, 0, 0), labelled=PRIORITY_AND_AIM)

    add_text(document, "Objectives:", bold=True)
    add_text(document, "2011 Prevent Strategy Objectives", underline=True)
    for line in (
        "1) To respond to the ideological challenge of terrorism and the threat we face from those who "
        "promote it.",
        "2) prevent people from being drawn into terrorism and ensure that they are given appropriate advice "
        "and support",
        "3) Work with sectors and institutions where there are risks of radicalisation that we need to "
        "address.",
    ):
        add_text(document, line)
    add_text(document, "Local Objectives", underline=True)
    for line in (
        "4) Comply with Statutory Duty under Section 26 of the Counter-Terrorism and Security Act 2015",
        "5) To raise awareness of the risks of radicalisation through information and training",
    ):
        add_text(document, line)
    add_text(document, "Contest 3.0 excerpt from June 2018 paper.", bold=True)
    add_text(document, "Prevent Local authorities, 115", italic=True)
    add_text(document, CONTEST_EXCERPT, italic=True)

    add_text(document, "Prevent Duty Toolkit \u2013Delivery Benchmark", style="Heading 1")
    table = make_table(document, len(BENCHMARKS), 3, (1.5, 11.0, 13.2))
    for row, (number, statement, evidence) in zip(table.rows, BENCHMARKS):
        fill_cell(row.cells[0], (number,))
        fill_cell(row.cells[1], (statement,))
        fill_cell(row.cells[2], evidence)
    keep_rows_whole(table)

    document.add_paragraph()
    header_table(document, ACTIONS_HEADER, ACTIONS, (10.2, 5.2, 3.6, 6.7))

    path = out_dir / f"{STEM}{SUFFIX}"
    document.save(path)
    return path
