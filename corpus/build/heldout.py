"""Held-out council papers about Prevent, for measuring how extraction generalises.

The seed corpus is five papers from two counties; extractors tuned on them can score 1.0
there and still miss what other councils write. These papers are in the same genre but
deliberately unlike the seeds in wording and layout, and are never used to tune rules:

| stem | paper | files |
| --- | --- | --- |
| `h01_kent_cabinet_minutes_2024-03-07` | Kent County Council Cabinet minutes: a speaker, "RESOLVED that" items, figures in words and money | `.docx`, `.pdf` |
| `h02_bradford_prevent_action_plan_2023-24` | Bradford Prevent action plan: Objective / Action / Owner / Deadline / RAG / Update, several roles per owner cell | `.docx`, `.pdf` |
| `h03_east_midlands_benchmarking_2023` | Regional benchmarking deck: a heatmap table with one row per authority and the year only in the title | `.pptx`, `.pdf` |
| `h04_luton_scrutiny_prevent_2023` | Luton scrutiny report: OFFICIAL marking, paragraphs 1.1 ..., "The Board is asked to: (a) note ...", contact block | `.txt` |
| `h05_nottinghamshire_record_of_decision_2024` | Nottinghamshire record of a Cabinet Member decision: "Decision maker:", numbered decisions | `.txt` |
| `h06_charnwood_self_assessment_2023` | Charnwood report with a self-assessment appendix: areas as rows, years as columns, RAG ratings | `.docx`, `.pdf` |
| `h07_rutland_prevent_update_2024` | Rutland slide update: numbered benchmark rows, years as columns, scores | `.pptx`, `.pdf` |
| `h08_calderdale_cabinet_agenda_item_2017-03-06` | Calderdale ModernGov "Agenda item" page: purpose line, "Minutes:", "RESOLVED: That the report be noted." | `.pdf` |
| `h09_cheshire_east_issue_meetings_2022-07-14` | Cheshire East "Issue - meetings" page: "Meeting: dd/mm/yyyy - Committee (Item N)", "Decision:", "Minutes:" | `.pdf` |
| `h10_cardiff_decision_details_2019-04-18` | Cardiff "Decision details" page: "Decision Maker:", "Is Key decision?:", "Report author:", "Date of decision:" | `.pdf` |
| `h11_oldham_agenda_and_minutes_2019-09-24` | Oldham "Agenda and minutes" page: venue, "Contact:", a No. / Item table with one Prevent item | `.pdf` |
| `h12_medway_cyp_scrutiny_prevent_2016-01-14` | Medway scrutiny report: labelled front sheet, "Contact Officer(s):" list, "The Committee is recommended to:" | `.docx`, `.pdf` |
| `h13_norfolk_cabinet_prevent_plan_2021-06-07` | Norfolk Cabinet report: labels run together, "Report By: <name> <role>", lettered asks, a score table | `.pdf` |
| `h14_hertfordshire_prevent_board_guidance_2023-10-19` | Hertfordshire Prevent Partnership Board paper: front-sheet table, "Members are asked to note" | `.docx`, `.pdf` |
| `h15_worcestershire_scrutiny_minutes_2016-04-27` | Worcestershire scrutiny minutes: "Presentation by Insp. ...", "Recommended -" with the text on the next line | `.txt` |
| `h16_brighton_hove_prevent_web_page_2019` | Brighton & Hove web page about Prevent: prose, priorities as bullets, a team contact | `.pdf` |
| `h17_salford_prevent_action_plan_2017-18` | Salford action plan: Action / Lead / Timescale / Progress with merged section rows | `.docx`, `.pdf` |
| `h18_northumberland_scrutiny_minutes_2018-11-07` | Northumberland minutes: presenters listed with roles, "(Name – 07...)", "RESOLVED – (1) ... (2) ..." | `.pdf` |
| `h19_bristol_pve_scrutiny_report_2010-03-11` | Bristol 2010 Preventing Violent Extremism report: "Meeting:", "Report of:", "Report author:" | `.docx`, `.pdf` |

Each paper's gold file is `corpus/heldout/gold/<stem>.json`, written by reading the paper,
not by running the extractors. Papers whose only file is `.pdf` are web pages or reports
that users only ever hold as PDF; their Word file is a scratch file. The outputs are
committed; run this only to change them:

    .venv/bin/python corpus/build/heldout.py            # native files, then PDF exports
    .venv/bin/python corpus/build/heldout.py --no-pdf   # native and text files only
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "heldout"
sys.path.insert(0, str(HERE))

from docx.document import Document  # noqa: E402
from docx.shared import Pt as WordPt  # noqa: E402
from docx.table import _Cell  # noqa: E402
from pptx.util import Inches, Pt  # noqa: E402

from _docx import (  # noqa: E402
    HEADER_FILL,
    add_numbered,
    add_runs,
    add_text,
    fill_cell,
    header_table,
    make_document,
    make_plan,
    make_table,
    shade,
)
from _pptx import (  # noqa: E402
    BODY_TOP,
    MARGIN,
    add_bullets,
    bullet_slide,
    make_presentation,
    score_table,
    text_box,
    title_slide,
    titled_slide,
)
from build import ExportFailed, export_pdf  # noqa: E402


def write_text(out_dir: Path, stem: str, text: str) -> Path:
    """Write a paper published as text to `<stem>.txt` in `out_dir` and return its path."""
    path = out_dir / f"{stem}.txt"
    path.write_text(text, encoding="utf-8")
    return path


# --- h01: Kent Cabinet minutes ----------------------------------------------------------------

KENT_STEM = "h01_kent_cabinet_minutes_2024-03-07"
KENT_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("112.", "Apologies and Substitutes", ("Apologies were received from Mr Murphy.",)),
    ("113.", "Declarations of Interest by Members in items on the agenda",
     ("There were no declarations of interest.",)),
    ("114.", "Prevent Duty Annual Assurance Statement 2023/24", (
        "(Item 4)",
        "1. Mr Richard Smith, Corporate Director Adult Social Care and Health, introduced the report, which set "
        "out how the Council had discharged its duty under section 26 of the Counter-Terrorism and Security Act "
        "2015 during the year and sought approval of the annual assurance statement to the Home Office.",
        "2. Mr Watkins, Cabinet Member for Adult Social Care and Public Health, said that the Kent Prevent "
        "Partnership had been rated strongly by the Home Office and thanked officers for their work with "
        "district councils and schools.",
        "3. Further to questions and comments from Members, it was said that:",
        "(a) Kent had received over 1,200 referrals to Prevent from all sources during 2023, of which 41 were "
        "adopted as Channel cases;",
        "(b) Home Office funding of £2.4m over three years supported the Prevent team, the Channel Panel and "
        "the education programme;",
        "(c) a dozen schools had taken part in the pilot of the online safety workshops, and the programme "
        "would be offered to all secondary schools in September; and",
        "(d) 87% of frontline staff in Adult Social Care had completed the Home Office Prevent e-learning.",
        "4. RESOLVED that:",
        "(a) the Prevent Duty Annual Assurance Statement 2023/24 be approved;",
        "(b) the Corporate Director Adult Social Care and Health be given delegated authority to submit the "
        "statement to the Home Office on behalf of the Council; and",
        "(c) a further report on the work of the Channel Panel be brought to Cabinet in the autumn.",
    )),
)


def build_kent(out_dir: Path) -> Path:
    """Cabinet minutes as Kent prints them: a present list, numbered items, lettered points."""
    title = "Cabinet - Minutes - 7 March 2024"
    document = make_document(title=title, author="Kent County Council", created=dt.datetime(2024, 3, 12, 9, 0))
    add_text(document, "KENT COUNTY COUNCIL", bold=True, align="center")
    add_text(document, "CABINET", bold=True, align="center")
    add_text(document, "MINUTES of a meeting of the Cabinet held in the Council Chamber, Sessions House, County "
                       "Hall, Maidstone on Thursday, 7 March 2024.")
    add_runs(document.add_paragraph(), [("PRESENT: ", "b"), "Mr R W Gough (Chairman), Mr D Watkins, Mrs C Bell, "
                                        "Mr P Oakford, Mr R Thomas, Mrs S Prendergast"])
    add_runs(document.add_paragraph(), [("IN ATTENDANCE: ", "b"), "Mr R Smith (Corporate Director Adult Social "
                                        "Care and Health), Mr B Watts (General Counsel), Ms J Mookherjee "
                                        "(Democratic Services Officer)"])
    add_text(document, "UNRESTRICTED ITEMS", bold=True)
    for number, heading, paragraphs in KENT_ITEMS:
        add_text(document, f"{number} {heading}", style="Heading 2")
        for text in paragraphs:
            number_part, _, rest = text.partition(" ")
            if number_part.rstrip(".").isdigit() or number_part.startswith("("):
                if number_part != "(Item":
                    add_numbered(document, number_part, rest)
                    continue
            add_text(document, text)
    path = out_dir / f"{KENT_STEM}.docx"
    document.save(path)
    return path


# --- h02: Bradford action plan -----------------------------------------------------------------

BRADFORD_STEM = "h02_bradford_prevent_action_plan_2023-24"
BRADFORD_TITLE = "City of Bradford Metropolitan District Council Prevent Action Plan 2023/24"
BRADFORD_HEADER = ("Objective", "Action", "Owner", "Deadline", "RAG", "Update")
BRADFORD_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("1. Understand the local risk",
     "1.1 Review the Bradford Prevent risk assessment against the 2023 Counter Terrorism Local Profile and agree "
     "local priorities with West Yorkshire Police.",
     "Prevent Co-ordinator / Police Prevent Sergeant", "Q2 2023/24", "Green",
     "Risk assessment refreshed in August and agreed by the Prevent Partnership Board."),
    ("",
     "1.2 Share the CTLP briefing with elected members and the Safer Communities Partnership.",
     "Prevent Co-ordinator", "31/12/2023", "Amber", "Member briefing arranged for January."),
    ("2. Safeguard people at risk",
     "2.1 Audit a sample of Channel cases to check that support plans are reviewed at 6 and 12 months.",
     "Channel Panel Chair; Adult Safeguarding Lead", "March 2024", "Amber",
     "Audit of 15 cases started in November."),
    ("",
     "2.2 Publish the refreshed referral pathway on the Bradford Safeguarding Partnership website.",
     "Safeguarding Partnership Business Manager", "Complete", "Green", "Published in June 2023."),
    ("3. Build capability",
     "3.1 Deliver WRAP and Prevent awareness training to frontline staff in housing, libraries and customer "
     "services.",
     "Prevent Education Officer\nWorkforce Development Manager", "Ongoing", "Green",
     "640 staff trained since April."),
    ("4. Protect premises and systems",
     "4.1 Adopt a venue hire policy covering all Council owned and leased premises, and check that public "
     "computers filter extremist material.",
     "Head of Corporate Property and ICT Security Manager", "March 2024", "Red",
     "Draft policy delayed by the review of leases."),
    ("5. Engage and communicate",
     "5.1 Hold Prevent conversations with faith and community groups in each of the five constituencies.",
     "Community Engagement Manager", "Quarterly", "Green", "Two sessions held; next in Keighley."),
    ("",
     "5.2 Produce a Prevent communications plan with the Council's Communications Team.",
     "Prevent Co-ordinator and Head of Communications", "September 2023", "Red",
     "Not started: awaiting the regional campaign toolkit."),
)


def build_bradford(out_dir: Path) -> Path:
    """A landscape action plan with six columns; the objective cell is blank for its later actions."""
    document = make_plan(title=BRADFORD_TITLE, author="City of Bradford Metropolitan District Council",
                         created=dt.datetime(2023, 11, 14, 9, 0))
    add_text(document, "Version 1.3 - updated 14 November 2023")
    add_text(document, "Lead officer: Jane Whitaker, Prevent Co-ordinator (jane.whitaker@bradford.gov.uk)")
    add_text(document, "RAG: Green - on track or complete; Amber - some delay; Red - off track or not started.")
    rows = [[text.split("\n") for text in values] for values in BRADFORD_ROWS]
    header_table(document, BRADFORD_HEADER, rows, (3.6, 8.0, 4.2, 2.6, 1.6, 5.6))
    path = out_dir / f"{BRADFORD_STEM}.docx"
    document.save(path)
    return path


# --- h03: East Midlands regional heatmap -------------------------------------------------------

EAST_MIDLANDS_STEM = "h03_east_midlands_benchmarking_2023"
HEATMAP_HEADER = ("Authority", "Risk Assessment", "Partnership Board", "Partnership Plan", "Referrals",
                  "Channel", "Problem Solving", "Training", "Venue Hire & IT", "Engagement", "Comms")
HEATMAP_ROWS: tuple[tuple[str, str], ...] = (
    ("Derbyshire", "4 4 4 4 5 3 3 2 3 3"),
    ("Derby City", "5 5 4 5 5 4 4 3 4 3"),
    ("Leicestershire", "4 5 5 4 5 4 3 2 3 3"),
    ("Leicester City", "5 5 5 5 5 5 4 3 5 4"),
    ("Lincolnshire", "3 4 4 4 5 3 3 2 2 2"),
    ("Nottinghamshire", "4 4 3 4 5 3 4 2 3 3"),
    ("Nottingham City", "5 5 4 5 5 4 4 3 4 4"),
    ("Rutland", "3 3 3 4 4 2 3 1 2 2"),
    ("Regional average", "4.1 4.4 4.0 4.4 4.9 3.5 3.5 2.3 3.3 3.0"),
)


def build_east_midlands(out_dir: Path) -> Path:
    """A regional deck: a heatmap of authorities against the ten benchmarks, then messages."""
    prs = make_presentation(title="East Midlands Prevent Duty Benchmarking", author="East Midlands Prevent Network",
                            created=dt.datetime(2023, 10, 9, 9, 0))
    title_slide(prs, "East Midlands Prevent Duty Benchmarking", (
        "Regional Prevent Network", "Presented by: Harjit Dhillon, Regional Prevent Coordinator, Home Office",
        "12 October 2023"))
    slide = titled_slide(prs, "Heatmap: 2023 self-assessment scores by authority")
    rows = [HEATMAP_HEADER] + [(name, *scores.split()) for name, scores in HEATMAP_ROWS]
    height = Inches(0.42) * len(rows)
    score_table(slide, rows, height=height, first_width=Inches(2.4), size=14, centred=False, header_colour=None)
    frame = text_box(slide, top=BODY_TOP + height + Inches(0.2), height=Inches(0.6))
    add_bullets(frame, ("Scores: 1 = not in place, 5 = fully embedded. Northamptonshire authorities are "
                        "excluded while their returns are validated.",), size=12)

    bullet_slide(prs, "Key messages", (
        "All 8 authorities have a Channel Panel meeting monthly.",
        "Venue hire and IT policies remain the weakest area across the region: 5 of the 8 authorities score 2 or "
        "below.",
        "Around 9,400 staff completed Prevent training across the region in 2022/23.",
    ), size=20)
    bullet_slide(prs, "Regional recommendations", (
        "1. Venue hire: every authority should adopt a venue hire policy that covers leased as well as "
        "Council-run premises, with booking staff trained to spot concerns.",
        "2. Communications: authorities should publish a Prevent communications plan and share campaign "
        "material through the regional network.",
    ), size=20)
    path = out_dir / f"{EAST_MIDLANDS_STEM}.pptx"
    prs.save(path)
    return path


# --- h04: Luton scrutiny report (text) ---------------------------------------------------------

LUTON_STEM = "h04_luton_scrutiny_prevent_2023"
LUTON_TEXT = """OFFICIAL

LUTON BOROUGH COUNCIL

AGENDA ITEM: 9

COMMITTEE: OVERVIEW AND SCRUTINY BOARD

DATE: 16 NOVEMBER 2023

SUBJECT: PREVENT DUTY - ANNUAL UPDATE

REPORT BY: SERVICE DIRECTOR, COMMUNITY SAFETY

CONTACT OFFICER: AMINA RAHMAN, PREVENT MANAGER

IMPLICATIONS: LEGAL, EQUALITIES, COMMUNITY SAFETY

WARDS AFFECTED: ALL

PURPOSE

1.1 To update the Board on the delivery of the Prevent duty in Luton during 2022/23 and on the Prevent Partnership Plan for 2023-26.

RECOMMENDATIONS

2.1 The Board is asked to:
(a) note the progress made in delivering the Prevent duty in Luton during 2022/23;
(b) endorse the Prevent Partnership Plan 2023-26 at Appendix A;
(c) recommend to the Executive that the venue hire policy is extended to all community centres leased by the Council.

BACKGROUND

3.1 Luton remains a Home Office Prevent priority area and receives funding for a Prevent Manager, a Prevent Education Officer and a Community Engagement Officer.

3.2 In 2022/23 there were 146 referrals to Prevent from Luton, a rise of 12% on the previous year; 38% of referrals came from education settings.

3.3 The Channel Panel, chaired by the Head of Safeguarding, met 12 times and adopted 23 cases.

3.4 More than 2,100 Council and partner staff completed Prevent awareness training during the year.

NEXT STEPS

4.1 The Council will refresh its Prevent training offer for schools and colleges by April 2024, working with the Prevent Education Officer.

4.2 The Council will publish a Prevent communications plan by June 2024, so that residents understand what Prevent does and does not do.

BACKGROUND PAPERS

None

Contact Officer
Amina Rahman
Prevent Manager
Luton Borough Council
Telephone: 01582 546742
Email: amina.rahman@luton.gov.uk
"""


def build_luton(out_dir: Path) -> Path:
    """The report as a text extraction, capitals and all, as many council sites publish them."""
    return write_text(out_dir, LUTON_STEM, LUTON_TEXT)


# --- h05: Nottinghamshire record of decision (text) --------------------------------------------

NOTTS_STEM = "h05_nottinghamshire_record_of_decision_2024"
NOTTS_TEXT = """Nottinghamshire County Council

RECORD OF DECISION

Decision reference: CMD-2024-017

Subject: Prevent Duty - Venue Hire and Room Booking Policy

Decision maker: Councillor Tom Hollis, Cabinet Member for Communities

Date of decision: 22 January 2024

Key decision: No

Decision:

1. To approve the Venue Hire and Room Booking Policy at Appendix 1, so that Council premises are not used by those who seek to draw people into terrorism.

2. To delegate authority to the Service Director, Customers, Governance and Employees to make minor amendments to the policy.

Reasons for the decision:

The Council's 2023 Prevent Duty Toolkit self-assessment scored venue hire 2 out of 5. The Council has 212 rooms and halls available for hire across libraries, children's centres and offices, and until now each service has applied its own booking terms. One policy, with a check of bookers against published guidance, meets the Prevent duty under section 26 of the Counter-Terrorism and Security Act 2015.

Alternative options considered:

To keep service-by-service booking terms. This was rejected because it leaves gaps in leased buildings.

Financial implications:

Training for 60 booking staff will cost around £15,000, met from the Community Safety budget.

Contact officer:

Priya Mistry, Community Safety Team Manager
Tel: 0115 977 3240
Email: priya.mistry@nottscc.gov.uk
"""


def build_notts(out_dir: Path) -> Path:
    """A record of decision as published: labelled lines, numbered decisions, reasons."""
    return write_text(out_dir, NOTTS_STEM, NOTTS_TEXT)


# --- h06: Charnwood RAG self-assessment --------------------------------------------------------

CHARNWOOD_STEM = "h06_charnwood_self_assessment_2023"
CHARNWOOD_HEADER = ("Benchmark", "2021/22", "2022/23", "2023/24", "Commentary 2023/24")
CHARNWOOD_ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Risk assessment against the CTLP", "Green", "Green", "Green", "Situational risk assessment refreshed in May."),
    ("Multi-agency partnership board", "Green", "Green", "Green", "Community Safety Partnership oversees Prevent."),
    ("Prevent partnership plan", "Amber", "Green", "Green", "Plan agreed with the County."),
    ("Referral pathway", "Green", "Green", "Green", "Pathway on the intranet and website."),
    ("Channel Panel", "Green", "Green", "Green", "Leicestershire Channel Panel attended monthly."),
    ("Problem-solving process", "Amber", "Amber", "Green", "Cases raised at the Joint Action Group."),
    ("Training programme", "Red", "Amber", "Amber", "E-learning mandatory; WRAP for frontline teams."),
    ("Venue hire and IT policies", "Red", "Red", "Amber", "Venue hire policy drafted; IT filtering in place."),
    ("Engagement with communities", "Amber", "Amber", "Amber", "Faith forum meets twice a year."),
    ("Communications plan", "Red", "Amber", "Green", "Communications plan adopted in July."),
)
CHARNWOOD_PARAGRAPHS: tuple[tuple[str, str], ...] = (
    ("1.", "The Council completes the Home Office Prevent Duty Toolkit self-assessment each year and reports "
           "it to this Committee. Appendix A sets out the ratings for the last three years."),
    ("2.", "Ratings have improved in five of the ten benchmarks since 2021/22 and no benchmark is now rated Red."),
    ("3.", "Since April 2023, 312 members of staff have completed the Prevent e-learning, which is 94% of those "
           "required to do so."),
)


def build_charnwood(out_dir: Path) -> Path:
    """A short committee report whose appendix rates each benchmark Red, Amber or Green per year."""
    title = "Prevent Duty Self-Assessment"
    document = make_document(title=title, author="Charnwood Borough Council", created=dt.datetime(2023, 12, 1, 9, 0))
    add_text(document, "CHARNWOOD BOROUGH COUNCIL", bold=True)
    add_text(document, "AUDIT COMMITTEE - 5TH DECEMBER 2023", bold=True)
    add_text(document, "Report of the Head of Strategic Support", bold=True)
    add_text(document, title.upper(), style="Heading 1")
    add_text(document, "Recommendation", style="Heading 2")
    add_text(document, "That the Committee notes the Prevent Duty self-assessment at Appendix A.")
    add_text(document, "Report", style="Heading 2")
    for number, text in CHARNWOOD_PARAGRAPHS:
        add_numbered(document, number, text)
    add_text(document, "Officer to contact:", bold=True)
    for line in ("Alison Simmons", "Community Safety Manager", "01509 634560", "alison.simmons@charnwood.gov.uk"):
        add_text(document, line)
    add_text(document, "Appendix A: Prevent Duty Toolkit self-assessment", style="Heading 2")
    rows = [[(text,) for text in values] for values in CHARNWOOD_ROWS]
    header_table(document, CHARNWOOD_HEADER, rows, (5.0, 2.0, 2.0, 2.0, 6.0), repeat=False, whole_rows=False)
    path = out_dir / f"{CHARNWOOD_STEM}.docx"
    document.save(path)
    return path


# --- h07: Rutland slide update -----------------------------------------------------------------

RUTLAND_STEM = "h07_rutland_prevent_update_2024"
RUTLAND_HEADER = ("Benchmark", "2021", "2022", "2023")
RUTLAND_ROWS: tuple[tuple[str, str], ...] = (
    ("1. Risk assessment (CTLP)", "2 3 3"),
    ("2. Multi-agency board", "3 3 3"),
    ("3. Partnership plan", "2 3 3"),
    ("4. Referral process", "3 4 4"),
    ("5. Channel Panel", "4 4 4"),
    ("6. Problem solving", "2 2 2"),
    ("7. Training", "2 3 3"),
    ("8. Venue hire / IT", "1 1 1"),
    ("9. Community engagement", "2 2 2"),
    ("10. Communications", "1 2 2"),
)


def build_rutland(out_dir: Path) -> Path:
    """A short deck to a scrutiny committee: the scores of three years, then next steps."""
    prs = make_presentation(title="Prevent Update", author="Rutland County Council",
                            created=dt.datetime(2024, 3, 11, 9, 0))
    title_slide(prs, "Prevent Update", ("Rutland County Council - Scrutiny Committee", "14 March 2024",
                                        "Presented by: Kerry Nolan, Community Safety Manager"))
    slide = titled_slide(prs, "Self-assessment scores (Home Office Prevent Duty Toolkit)")
    width = Inches(8.0)
    rows = len(RUTLAND_ROWS) + 1
    table = slide.shapes.add_table(rows, len(RUTLAND_HEADER), MARGIN, BODY_TOP, width, Inches(0.4) * rows).table
    table.columns[0].width = Inches(3.5)
    for column in list(table.columns)[1:]:
        column.width = Inches(1.5)
    values = [RUTLAND_HEADER] + [(label, *scores.split()) for label, scores in RUTLAND_ROWS]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size = Pt(14)
                run.font.bold = r == 0 or None
    bullet_slide(prs, "What has changed", (
        "96% of staff have completed the Prevent e-learning.",
        "28 staff attended WRAP sessions in 2023.",
        "Venue hire remains our weakest benchmark.",
    ), size=20)
    bullet_slide(prs, "Next steps", (
        "We will adopt a venue hire policy for Council buildings by September 2024.",
        "We will agree a communications plan with Leicestershire and Leicester City partners.",
    ), size=20)
    bullet_slide(prs, "Questions", ("knolan@rutland.gov.uk",), size=20)
    path = out_dir / f"{RUTLAND_STEM}.pptx"
    prs.save(path)
    return path


# --- h08-h11, h13, h16: web pages printed to PDF ---------------------------------------------------
#
# Committee-system pages (ModernGov "Agenda item", "Issue - meetings", "Decision details",
# "Agenda and minutes") and council web pages reach users as the browser's "Save as PDF":
# the print header and footer (the date printed, the page's address) sit on the page, and
# there is no Word file. Their builders write the DOCX into a scratch directory and only
# the PDF export is kept (see `PDF_ONLY`).


def web_page(*, site: str, page: str, crumbs: Sequence[str], printed: str, created: dt.datetime,
             title: str | None = None) -> Document:
    """A council web page as printed: the browser's header line, the site name, breadcrumbs, the page title."""
    document = make_document(title=f"{title or page} - {site}", author=site, created=created, font_size=10)
    add_text(document, f"{printed}\t{page} - {site}", size=8)
    add_text(document, site, bold=True, size=16)
    add_text(document, "  >  ".join(crumbs), size=8)
    add_text(document, page, style="Heading 1")
    return document


def print_footer(document: Document, url: str) -> None:
    """The address line the browser prints at the foot of the page."""
    add_text(document, "")
    add_text(document, f"{url}\t1/1", size=8)


def labelled(document: Document, pairs: Sequence[tuple[str, str]]) -> None:
    """One paragraph per `(label, text)`, the label bold, as web pages and front sheets set them out."""
    for label, text in pairs:
        add_runs(document.add_paragraph(), [(label, "b"), f" {text}" if text else ""])


def add_paragraphs(document: Document | _Cell, paragraphs: Sequence[str]) -> None:
    """Plain paragraphs; one that starts with "(a)" or "1." keeps its typed number."""
    for text in paragraphs:
        add_text(document, text)


# --- h08: Calderdale "Agenda item" page ---------------------------------------------------------

CALDERDALE_STEM = "h08_calderdale_cabinet_agenda_item_2017-03-06"
CALDERDALE_MINUTES: tuple[str, ...] = (
    "Councillor Helen Brierley, Cabinet Member for Communities and Neighbourhoods, introduced the report, which "
    "set out how the Council had met the Prevent duty under the Counter-Terrorism and Security Act 2015 since "
    "Cabinet last considered the matter in February 2016.",
    "Owen Cartwright, Community Safety Partnership Manager, explained that 1,480 Council staff had attended a "
    "Workshop to Raise Awareness of Prevent (WRAP) since July 2015, and that 71 referrals had been made from "
    "Calderdale during 2016, 9 of which had been discussed at the Channel Panel.",
    "Councillor Baines asked how schools were being supported. The Cabinet Member replied that all 91 primary "
    "and secondary schools in the borough now had a named Prevent lead, and that the Prevent Education Officer "
    "visited each school at least once a year.",
    "Councillor Lynn asked how the work was funded. It was noted that a Home Office grant of £96,000 for "
    "2016/17 paid for the Prevent Co-ordinator and the Prevent Education Officer posts.",
    "The Community Safety Partnership Manager undertook to circulate the Calderdale Prevent referral flowchart "
    "to all Members before the end of March 2017.",
    "RESOLVED: That the report be noted.",
)


def build_calderdale(out_dir: Path) -> Path:
    """A ModernGov "Agenda item" page: the item, its purpose line, a file link, then "Minutes:"."""
    document = web_page(site="Calderdale Council", page="Agenda item",
                        crumbs=("Home", "Councillors and democracy", "Meetings", "Cabinet", "Agenda item"),
                        printed="21/04/2017, 09:42", created=dt.datetime(2017, 4, 21, 9, 42),
                        title="Agenda item - Prevent Duty Annual Update")
    add_text(document, "Prevent Duty Annual Update", style="Heading 2")
    add_runs(document.add_paragraph(), [("Meeting: ", "b"), "06/03/2017 - Cabinet (Item 87)"])
    add_text(document, "87 Prevent Duty Annual Update", bold=True)
    add_text(document, "PDF 215 KB", size=8)
    add_text(document, "To consider the report of the Director, Public Health on the Council's delivery of "
                       "the Prevent duty.")
    add_text(document, "Minutes:", bold=True)
    add_paragraphs(document, CALDERDALE_MINUTES)
    add_text(document, "Supporting documents:", bold=True)
    for line in ("Prevent Duty Annual Update, item 87  PDF 215 KB",
                 "Appendix 1 - Prevent referral flowchart, item 87  PDF 98 KB"):
        add_text(document, line)
    print_footer(document, "https://democracy.calderdale.gov.uk/mgAiItemDetails.aspx?ID=31552")
    path = out_dir / f"{CALDERDALE_STEM}.docx"
    document.save(path)
    return path


# --- h09: Cheshire East "Issue - meetings" page -------------------------------------------------

CHESHIRE_EAST_STEM = "h09_cheshire_east_issue_meetings_2022-07-14"
CHESHIRE_EAST_DECISION: tuple[str, ...] = (
    "RESOLVED (unanimously):",
    "That the Corporate Policy Committee",
    "1. notes the Prevent annual assurance report for 2021/22;",
    "2. approves the Cheshire East Prevent Partnership Action Plan 2022-24 at Appendix 1; and",
    "3. delegates authority to the Director of Governance and Compliance to submit the annual Prevent "
    "self-assessment to the Home Office.",
)
CHESHIRE_EAST_MINUTES: tuple[str, ...] = (
    "The Committee considered the annual assurance report on the delivery of the Prevent duty in Cheshire East "
    "during 2021/22. The report was introduced by Lorna Eckersley, Head of Community Safety and Partnerships.",
    "The Prevent Programme Manager stated that 58 referrals had been received from Cheshire East in 2021/22, "
    "compared with 44 in the previous year, and that 62% of those referred were under 18. Most referrals "
    "concerned extreme right-wing ideology or mixed and unclear ideologies.",
    "The Prevent Programme Manager also reported that 2,350 members of staff had completed the Prevent "
    "e-learning since April 2021 and that the Channel Panel had met every month.",
    "Councillor Moran asked whether elected members received training. In response, the Head of Community "
    "Safety and Partnerships agreed to bring a report on training for elected members to the Committee's "
    "meeting in January 2023.",
    "Councillor Parkinson asked about online radicalisation during the pandemic; officers advised that the "
    "Council's web filtering had been reviewed with the ICT Shared Service.",
)


def build_cheshire_east(out_dir: Path) -> Path:
    """A ModernGov "Issue - meetings" page: the issue, then each meeting with "Decision:" and "Minutes:"."""
    document = web_page(site="Cheshire East Council", page="Issue - meetings",
                        crumbs=("Home", "Council and democracy", "Committees", "Issue - meetings"),
                        printed="02/09/2022, 14:05", created=dt.datetime(2022, 9, 2, 14, 5),
                        title="Issue - meetings - Prevent Duty: Annual Assurance Report 2021/22")
    add_runs(document.add_paragraph(), [("Issue: ", "b"), "Prevent Duty: Annual Assurance Report 2021/22"])
    add_runs(document.add_paragraph(), [("Meeting: ", "b"), "14/07/2022 - Corporate Policy Committee (Item 23)"])
    add_text(document, "23 Prevent Duty: Annual Assurance Report 2021/22", bold=True)
    add_text(document, "To receive the annual assurance report on the Council's delivery of the Prevent duty.")
    add_text(document, "Decision:", bold=True)
    add_paragraphs(document, CHESHIRE_EAST_DECISION)
    add_text(document, "Minutes:", bold=True)
    add_paragraphs(document, CHESHIRE_EAST_MINUTES)
    add_text(document, "Supporting documents:", bold=True)
    add_text(document, "Prevent Annual Assurance Report 2021-22, item 23  PDF 402 KB")
    add_text(document, "Appendix 1 - Prevent Partnership Action Plan 2022-24, item 23  PDF 187 KB")
    print_footer(document, "https://moderngov.cheshireeast.gov.uk/ecminutes/ieIssueDetails.aspx?IId=91824&Opt=3")
    path = out_dir / f"{CHESHIRE_EAST_STEM}.docx"
    document.save(path)
    return path


# --- h10: Cardiff "Decision details" page -------------------------------------------------------

CARDIFF_STEM = "h10_cardiff_decision_details_2019-04-18"
CARDIFF_DETAILS: tuple[tuple[str, str], ...] = (
    ("Decision Maker:", "Cabinet"),
    ("Decision status:", "Recommendations Approved"),
    ("Is Key decision?:", "Yes"),
    ("Is subject to call in?:", "Yes"),
)
CARDIFF_DECISION: tuple[str, ...] = (
    "RESOLVED: that",
    "1. the Venue Hire and IT Acceptable Use Policy attached as Appendix A to the report be approved and "
    "adopted across all Council hubs, libraries and community buildings; and",
    "2. authority be delegated to the Director of People and Communities, in consultation with the Cabinet "
    "Member for Housing and Communities, to make minor amendments to the policy.",
)


def build_cardiff(out_dir: Path) -> Path:
    """A ModernGov "Decision details" page: labelled lines, the decision, reasons, author and dates."""
    document = web_page(site="Cardiff Council", page="Decision details",
                        crumbs=("Home", "Council", "Councillors and meetings", "Decisions", "Decision details"),
                        printed="13/05/2019 11:20", created=dt.datetime(2019, 5, 13, 11, 20),
                        title="Decision details - Prevent Duty: Venue Hire and IT Acceptable Use Policy")
    add_text(document, "Cyngor Caerdydd  |  Cymraeg", size=8)
    add_text(document, "Prevent Duty: Venue Hire and IT Acceptable Use Policy", style="Heading 2")
    labelled(document, CARDIFF_DETAILS)
    add_text(document, "Purpose:", bold=True)
    add_text(document, "To adopt a single policy for the hire of Council venues and the use of public access "
                       "computers, so that the Council meets its duty under section 26 of the Counter-Terrorism "
                       "and Security Act 2015 to have due regard to the need to prevent people from being drawn "
                       "into terrorism.")
    add_text(document, "Decision:", bold=True)
    add_paragraphs(document, CARDIFF_DECISION)
    add_text(document, "Reasons for the decision:", bold=True)
    add_text(document, "The Council's 2018 Prevent self-assessment found that booking terms differed between "
                       "services and that the filtering on more than 300 public access computers in 26 hubs and "
                       "libraries was not recorded in any policy. Training for 140 booking and hub staff will "
                       "cost £8,500, met from existing budgets.")
    add_text(document, "Alternative options considered:", bold=True)
    add_text(document, "To leave each service to apply its own terms. Rejected, as it does not give the "
                       "assurance the Prevent duty guidance expects.")
    labelled(document, (
        ("Lead member:", "Councillor Owain Jenkins, Cabinet Member for Housing and Communities"),
        ("Report author:", "Rhian Prosser"),
        ("Contact:", "Rhian Prosser, Prevent and Community Cohesion Manager  Email: rhian.prosser@cardiff.gov.uk"),
        ("Publication date:", "23/04/2019"),
        ("Date of decision:", "18/04/2019"),
        ("Decided at meeting:", "18/04/2019 - Cabinet"),
        ("Effective from:", "01/05/2019"),
    ))
    add_text(document, "Accompanying documents:", bold=True)
    add_text(document, "Cabinet report - Venue Hire and IT Acceptable Use Policy  PDF 356 KB")
    print_footer(document, "https://cardiff.moderngov.co.uk/ieDecisionDetails.aspx?ID=6621")
    path = out_dir / f"{CARDIFF_STEM}.docx"
    document.save(path)
    return path


# --- h11: Oldham "Agenda and minutes" page ------------------------------------------------------

OLDHAM_STEM = "h11_oldham_agenda_and_minutes_2019-09-24"
OLDHAM_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("1", "Apologies For Absence", ("Apologies for absence were received from Councillors Ali and Cosgrove.",)),
    ("2", "Urgent Business", ("There were no items of urgent business received.",)),
    ("3", "Declarations of Interest",
     ("Councillor Hulme declared a personal interest in Item 5 as a governor of a secondary school.",)),
    ("4", "Minutes of Previous Meeting",
     ("The minutes of the meeting of the Overview and Scrutiny Board held on 23rd July 2019 were agreed as a "
      "correct record.",)),
    ("5", "Prevent Annual Report 2018/19", (
        "PDF 312 KB",
        "To consider the annual report on the delivery of the Prevent duty in Oldham.",
        "Minutes:",
        "Councillor Nasreen Akhtar-Moss, Cabinet Member for Neighbourhoods and Culture, introduced the report, "
        "supported by Daniel Kershaw, Prevent Co-ordinator.",
        "The Board was informed that Oldham had made 64 referrals to Prevent in 2018/19, 22% of them from "
        "schools and colleges, and that 3,200 Council and partner staff had completed the Prevent e-learning. "
        "Home Office funding of £142,000 supported the Prevent team in 2019/20.",
        "Councillor Harrison asked whether referrals were spread evenly across the borough. The Prevent "
        "Co-ordinator agreed to provide ward-level referral figures to Board members after the meeting.",
        "Councillor Toor asked about support for families; the Board was advised that the Channel Panel "
        "included Children's Social Care and the Early Help service.",
        "RESOLVED – (1) That the Prevent Annual Report 2018/19 be noted. (2) That a further report on the work "
        "of the Channel Panel be submitted to the Board in twelve months.",
    )),
    ("6", "Overview and Scrutiny Board Work Programme",
     ("PDF 140 KB", "Minutes:", "The Board noted its work programme for 2019/20.")),
)


def build_oldham(out_dir: Path) -> Path:
    """A ModernGov "Agenda and minutes" page: venue and contact, then a No. | Item table; one item is Prevent."""
    document = web_page(site="Oldham Council", page="Agenda and minutes",
                        crumbs=("Home", "Council and democracy", "Meetings", "Agenda and minutes"),
                        printed="15/10/2019, 16:31", created=dt.datetime(2019, 10, 15, 16, 31),
                        title="Agenda and minutes - Overview and Scrutiny Board - Tuesday, 24th September, 2019")
    add_text(document, "Overview and Scrutiny Board - Tuesday, 24th September, 2019 6.00 pm", style="Heading 2")
    labelled(document, (
        ("Venue:", "Lees Suite, Civic Centre, West Street, Oldham, OL1 1NL"),
        ("Contact:", "Sian Walter-Browne, Constitutional Services  Email: constitutional.services@oldham.gov.uk"),
    ))
    add_text(document, "Items", bold=True)
    table = make_table(document, 1 + len(OLDHAM_ITEMS), 2, (1.5, 15.5))
    for cell, text in zip(table.rows[0].cells, ("No.", "Item")):
        fill_cell(cell, (text,), bold=True)
    for row, (number, heading, paragraphs) in zip(table.rows[1:], OLDHAM_ITEMS):
        fill_cell(row.cells[0], (number,))
        cell = row.cells[1]
        fill_cell(cell, (heading,), bold=True)
        for text in paragraphs:
            paragraph = add_text(cell, text, bold=text == "Minutes:", size=8 if text.startswith("PDF ") else None)
            paragraph.paragraph_format.space_after = WordPt(4)
    print_footer(document, "https://committees.oldham.gov.uk/ieListDocuments.aspx?CId=175&MId=7012")
    path = out_dir / f"{OLDHAM_STEM}.docx"
    document.save(path)
    return path


# --- h12: Medway scrutiny report ----------------------------------------------------------------

MEDWAY_STEM = "h12_medway_cyp_scrutiny_prevent_2016-01-14"
MEDWAY_FRONT: tuple[tuple[str, str], ...] = (
    ("Date:", "14 January 2016"),
    ("Report from:", "Director of Children and Adults Services"),
    ("Portfolio Holder:", "Councillor Gemma Hartridge, Portfolio Holder for Children's Services"),
    ("Subject:", "Implementation of the Prevent Duty in Medway"),
    ("Wards affected:", "All"),
    ("Key decision:", "No"),
)
MEDWAY_CONTACTS: tuple[tuple[str, ...], ...] = (
    ("Darren Pilgrim, Community Safety Partnership Manager", "Tel: 01634 333791",
     "E-mail: darren.pilgrim@medway.gov.uk"),
    ("Fiona Adebayo, Head of Safeguarding and Quality Assurance", "Tel: 01634 331256",
     "E-mail: fiona.adebayo@medway.gov.uk"),
)
MEDWAY_SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Budget and Policy Framework", (
        ("1.1", "The Prevent duty applies to the Council, schools and registered childcare providers from 1 July "
                "2015. The matters in this report are within the Council's policy framework."),
    )),
    ("Background", (
        ("2.1", "Section 26 of the Counter-Terrorism and Security Act 2015 requires specified authorities to "
                "have due regard to the need to prevent people from being drawn into terrorism. Medway is not a "
                "Prevent priority area and receives no Home Office funding for dedicated Prevent posts."),
        ("2.2", "The Medway Community Safety Partnership has agreed that the Prevent Steering Group, chaired "
                "by the Community Safety Partnership Manager, oversees delivery."),
    )),
    ("Progress since July 2015", (
        ("3.1", "Since 1 July 2015 there have been 37 referrals to Prevent from Medway, compared with 11 in the "
                "whole of 2014/15. Nearly half came from schools."),
        ("3.2", "Designated safeguarding leads from 62 schools have attended a Workshop to Raise Awareness of "
                "Prevent, which is 85% of the schools in Medway."),
        ("3.3", "A further £10,000 has been set aside from the community safety budget for WRAP training for "
                "early years providers in 2016/17."),
        ("3.4", "The Community Safety Partnership Manager will present the final Medway Prevent Action Plan "
                "2016/17 to Cabinet in March 2016."),
    )),
    ("Risk management", (
        ("4.1", "The main risk is that a child at risk of radicalisation is not identified and referred. The "
                "training programme and the referral pathway agreed with Kent Police reduce this risk."),
    )),
)


def build_medway(out_dir: Path) -> Path:
    """A scrutiny report whose front sheet is labelled lines, with a "Contact Officer(s):" list."""
    title = "Implementation of the Prevent Duty in Medway"
    document = make_document(title=title, author="Medway Council", created=dt.datetime(2016, 1, 5, 9, 0))
    add_text(document, "MEDWAY COUNCIL", bold=True, align="center")
    add_text(document, "CHILDREN AND YOUNG PEOPLE OVERVIEW AND SCRUTINY COMMITTEE", bold=True, align="center")
    labelled(document, MEDWAY_FRONT)
    add_text(document, "Contact Officer(s):", bold=True)
    for lines in MEDWAY_CONTACTS:
        for line in lines:
            add_text(document, line).paragraph_format.space_after = WordPt(0)
        add_text(document, "")
    add_text(document, "Summary", style="Heading 2")
    add_text(document, "This report informs the Committee of how the Council and its partners have implemented "
                       "the Prevent duty since it came into force, and of the priorities for 2016/17.")
    add_text(document, "Recommendations", style="Heading 2")
    add_text(document, "The Committee is recommended to:")
    add_numbered(document, "(i)", "note the arrangements put in place to implement the Prevent duty in Medway;")
    add_numbered(document, "(ii)", "comment on the draft Medway Prevent Action Plan 2016/17 at Appendix 1 before "
                                    "it is considered by Cabinet.")
    for heading, paragraphs in MEDWAY_SECTIONS:
        add_text(document, heading, style="Heading 2")
        for number, text in paragraphs:
            add_numbered(document, number, text)
    add_text(document, "Appendices", style="Heading 2")
    add_text(document, "Appendix 1 - Draft Medway Prevent Action Plan 2016/17")
    add_text(document, "Background papers", style="Heading 2")
    add_text(document, "None.")
    path = out_dir / f"{MEDWAY_STEM}.docx"
    document.save(path)
    return path


# --- h13: Norfolk Cabinet report ----------------------------------------------------------------

NORFOLK_STEM = "h13_norfolk_cabinet_prevent_plan_2021-06-07"
NORFOLK_SCORES: tuple[tuple[str, str, str], ...] = (
    ("Risk assessment", "4", "Refreshed against the 2020 CTLP"),
    ("Multi-agency partnership board", "4", "Norfolk Prevent Board meets quarterly"),
    ("Partnership plan", "3", "Plan 2021-24 for approval"),
    ("Referral pathway", "5", "Single pathway through the Norfolk MASH"),
    ("Channel Panel", "5", "Monthly, all sectors attend"),
    ("Problem solving", "3", "Cases taken to the Prevent Problem Solving Group"),
    ("Training", "3", "E-learning mandatory for frontline staff"),
    ("Venue hire and IT policies", "2", "No venue hire policy for county buildings"),
    ("Community engagement", "3", "Faith and community forum restarted online"),
    ("Communications", "2", "No communications plan"),
)


def build_norfolk(out_dir: Path) -> Path:
    """A Cabinet report whose front matter runs several labels into one line, with a score table."""
    title = "Prevent Partnership Plan 2021-24"
    document = make_document(title=title, author="Norfolk County Council", created=dt.datetime(2021, 5, 26, 9, 0))
    add_text(document, "Norfolk County Council", bold=True, size=14)
    add_text(document, "Cabinet   Item No: 14", bold=True)
    add_runs(document.add_paragraph(), [("Report to: ", "b"), "Cabinet    ", ("Date: ", "b"), "7 June 2021    ",
                                        ("Key decision: ", "b"), "No"])
    add_runs(document.add_paragraph(), [("Subject: ", "b"), title])
    add_runs(document.add_paragraph(), [("Report By: ", "b"), "Sarah Whitlock Director of Community Safety and "
                                                             "Resilience"])
    add_runs(document.add_paragraph(), [("Cabinet Member: ", "b"), "Cllr Neil Trafford (Cabinet Member for "
                                                                  "Communities and Partnerships)   ",
                                        ("Decision maker: ", "b"), "Cabinet"])
    add_runs(document.add_paragraph(), [("Purpose: ", "b"), "To seek approval of the Norfolk Prevent Partnership "
                                                           "Plan 2021-24 and to report the Council's 2020/21 Prevent "
                                                           "self-assessment."])
    add_text(document, "Recommendations", style="Heading 2")
    add_text(document, "Cabinet is asked to:")
    for letter, text in (
        ("a)", "Approve the Norfolk Prevent Partnership Plan 2021-24 at Appendix A."),
        ("b)", "Note the 2020/21 self-assessment scores in Table 1."),
        ("c)", "Agree that a venue hire policy for County Council buildings is brought to Cabinet by March 2022."),
    ):
        add_numbered(document, letter, text)
    add_text(document, "1. Background and purpose", style="Heading 2")
    add_numbered(document, "1.1", "The Council leads the Norfolk Prevent Board on behalf of the county's seven "
                                  "district councils, Norfolk Constabulary and other partners.")
    add_numbered(document, "1.2", "Norfolk received 188 referrals to Prevent in 2020/21, a fall of 9% on "
                                  "2019/20 that reflects school closures during the pandemic.")
    add_text(document, "2. Self-assessment", style="Heading 2")
    add_numbered(document, "2.1", "Each year the Board scores Norfolk against the Home Office Prevent Duty "
                                  "Toolkit benchmarks from 1 (not in place) to 5 (fully embedded).")
    add_text(document, "Table 1: Prevent Duty Toolkit self-assessment 2020/21", bold=True)
    rows = [[(area,), (score,), (comment,)] for area, score, comment in NORFOLK_SCORES]
    header_table(document, ("Benchmark", "Score 2020/21", "Comment"), rows, (5.5, 2.5, 9.0), repeat=False,
                 whole_rows=False)
    add_text(document, "3. Financial implications", style="Heading 2")
    add_numbered(document, "3.1", "The plan is delivered within existing budgets, including a Home Office "
                                  "Prevent grant of £120,000 for 2021/22.")
    add_text(document, "Officer Contact", style="Heading 2")
    add_text(document, "If you have any questions about matters contained in this paper, please get in touch "
                       "with: Officer name: Matthew Gosling  Tel No: 01603 228944  Email: "
                       "matthew.gosling@norfolk.gov.uk")
    path = out_dir / f"{NORFOLK_STEM}.docx"
    document.save(path)
    return path


# --- h14: Hertfordshire Prevent Partnership Board paper ------------------------------------------

HERTS_STEM = "h14_hertfordshire_prevent_board_guidance_2023-10-19"
HERTS_PARAGRAPHS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("1.", "Purpose", (
        ("1.1", "To brief the Board on the revised Prevent duty guidance published by the Home Office on 7 "
                "September 2023, which comes into force on 31 December 2023, and on what it asks of partners."),
    )),
    ("2.", "Recommendations", (
        ("2.1", "Members are asked to note the changes in the revised guidance summarised in section 3."),
        ("2.2", "Members are asked to agree that each partner confirms a single point of contact for Prevent to "
                "the Board by 30 November 2023."),
    )),
    ("3.", "What changes", (
        ("3.1", "The guidance replaces the 2015 benchmarks with three principles: leadership and partnership, "
                "capabilities, and reducing permissive environments. Local authorities are expected to keep a "
                "multi-agency partnership board, a risk assessment and a partnership plan."),
        ("3.2", "Training should be proportionate to each role; the Home Office e-learning remains the "
                "recommended starting point."),
    )),
    ("4.", "Hertfordshire position", (
        ("4.1", "In 2022/23 there were 214 referrals to Prevent from Hertfordshire, 31% of them from education. "
                "The Channel Panel adopted 27 cases."),
        ("4.2", "All ten district and borough councils have a named Prevent lead. Watford Borough Council and "
                "Stevenage Borough Council are reviewing their venue hire terms."),
        ("4.3", "The Board holds £45,000 of partner contributions for training and communications in 2023/24."),
    )),
)


def build_hertfordshire(out_dir: Path) -> Path:
    """A multi-agency board paper: "Report to:", "Lead officer", "Report author", "Members are asked to note"."""
    title = "Revised Prevent Duty Guidance: what it means for partners"
    document = make_document(title=title, author="Hertfordshire Prevent Partnership Board",
                             created=dt.datetime(2023, 10, 11, 9, 0))
    add_text(document, "HERTFORDSHIRE PREVENT PARTNERSHIP BOARD", bold=True, align="center")
    add_text(document, "OFFICIAL", bold=True, align="center")
    table = make_table(document, 6, 2, (4.0, 13.0))
    for row, (label, value) in zip(table.rows, (
        ("Report to:", "Hertfordshire Prevent Partnership Board"),
        ("Date:", "19 October 2023"),
        ("Agenda item:", "6"),
        ("Subject:", title),
        ("Lead officer", "Detective Inspector Claire Haworth, Prevent Lead, Hertfordshire Constabulary"),
        ("Report author", "Tom Beresford, Prevent Engagement Officer, Hertfordshire Constabulary "
                          "(tom.beresford@herts.police.uk)"),
    )):
        fill_cell(row.cells[0], (label,), bold=True)
        fill_cell(row.cells[1], (value,))
    add_text(document, "")
    for number, heading, paragraphs in HERTS_PARAGRAPHS:
        add_text(document, f"{number} {heading}", style="Heading 2")
        for para_number, text in paragraphs:
            add_numbered(document, para_number, text)
    path = out_dir / f"{HERTS_STEM}.docx"
    document.save(path)
    return path


# --- h15: Worcestershire scrutiny minutes (text) --------------------------------------------------

WORCESTERSHIRE_STEM = "h15_worcestershire_scrutiny_minutes_2016-04-27"
WORCESTERSHIRE_TEXT = """Worcestershire County Council

Minutes

Overview and Scrutiny Performance Board

Date: Wednesday, 27 April 2016
Time: 10.00 am
Venue: Council Chamber, County Hall, Spetchley Road, Worcester WR5 2NP

Present: Mr R J Sutton (Chairman), Mrs E M Walford (Vice Chairman), Mr A P Fenwick, Mr P Gorton, Mrs J A Pinches, Mr D C Mellor, Ms P A Hill

Also attended: Mrs K M Ashworth, Cabinet Member with Responsibility for Communities; Insp. Mark Fairbrother, West Mercia Police; Paula Jennings, Community Safety Manager

Available papers: The members had before them the Agenda papers (previously circulated) and the Minutes of the Meeting held on 23 March 2016.

701 Apologies and Welcome

Apologies were received from Mr C B Taylor.

702 Prevent Duty - Update

Presentation by Insp. Mark Fairbrother, West Mercia Police, and Paula Jennings, Community Safety Manager.

The Board received a presentation on how the County Council and its partners had implemented the Prevent duty since July 2015. The Cabinet Member with Responsibility for Communities, Mrs Ashworth, introduced the item.

The main points of the presentation were:

- Worcestershire had made 46 referrals to Prevent in 2015/16, around 40% of them from schools;
- the Channel Panel, chaired by the Head of Safeguarding, had met monthly since September 2015;
- 2,700 County Council staff had completed the Prevent e-learning, and WRAP sessions had been offered to all district councils.

In the ensuing discussion, the following main points were made:

- Mr Gorton asked whether school governors were trained. The Community Safety Manager said that governor training was offered but take-up had been low;
- Mrs Pinches asked about the risk in rural areas; Insp. Fairbrother said that the risk was assessed across the whole force area and that online radicalisation was the main concern;
- the Community Safety Manager undertook to provide members with the number of referrals by district before the next meeting.

RESOLVED that the presentation be noted.

Recommended –
That the Cabinet Member with Responsibility for Communities ensures that Prevent training is offered to all school governors by March 2017.

703 Work Programme 2016/17

The Board agreed its work programme for 2016/17.

The meeting ended at 12.20 pm.

Chairman ...............................................
"""


def build_worcestershire(out_dir: Path) -> Path:
    """Scrutiny minutes as text: presenters with their force, bullet points, "Recommended -" on its own line."""
    return write_text(out_dir, WORCESTERSHIRE_STEM, WORCESTERSHIRE_TEXT)


# --- h16: Brighton & Hove web page --------------------------------------------------------------

BRIGHTON_STEM = "h16_brighton_hove_prevent_web_page_2019"
BRIGHTON_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("What Prevent is", (
        "Prevent is part of the government's counter-terrorism strategy, CONTEST. It aims to stop people "
        "becoming terrorists or supporting terrorism. Since 2015 the council, schools, colleges, the NHS and the "
        "police have had a legal duty to pay due regard to preventing people from being drawn into terrorism.",
        "Prevent is about safeguarding. It is not about spying on communities, and most people referred to "
        "Prevent are offered support that they choose to accept.",
    )),
    ("Prevent in Brighton & Hove", (
        "Our Prevent Delivery Plan 2019-22 is overseen by the Safe in the City Partnership. Its priorities are to:",
        "- keep our local risk assessment up to date with Sussex Police;",
        "- make sure anyone worried about a friend or family member knows how to get help;",
        "- train staff who work with children and vulnerable adults;",
        "- work openly with faith and community groups, and tell residents what Prevent does.",
        "In 2018/19 the Prevent team trained over 3,600 people, and 94% of schools in the city have had a "
        "Prevent briefing. The city's Channel Panel supported 19 people last year.",
    )),
    ("If you are worried about someone", (
        "If someone is in immediate danger, call 999.",
        "If you are worried that someone you know is being drawn into extremism, you can talk to the Prevent "
        "team in confidence. We will listen, and we can involve other services only where that helps the person.",
    )),
    ("Contact the Prevent team", (
        "Prevent team, Brighton & Hove City Council, Bartholomew House, Bartholomew Square, Brighton BN1 1JP",
        "Telephone: 01273 290574",
        "Email: prevent@brighton-hove.gov.uk",
    )),
)


def build_brighton(out_dir: Path) -> Path:
    """A council web page about Prevent, printed from the browser: prose, a bulleted list of priorities."""
    document = web_page(site="Brighton & Hove City Council", page="Prevent",
                        crumbs=("Home", "Community safety", "Preventing extremism", "Prevent"),
                        printed="03/09/2019", created=dt.datetime(2019, 9, 3, 10, 0))
    for heading, paragraphs in BRIGHTON_SECTIONS:
        add_text(document, heading, style="Heading 2")
        add_paragraphs(document, paragraphs)
    add_text(document, "Was this page helpful?  Yes  No", size=8)
    add_text(document, "Last updated: 12 August 2019", size=8)
    print_footer(document, "https://www.brighton-hove.gov.uk/community-safety/preventing-extremism/prevent")
    path = out_dir / f"{BRIGHTON_STEM}.docx"
    document.save(path)
    return path


# --- h17: Salford action plan -------------------------------------------------------------------

SALFORD_STEM = "h17_salford_prevent_action_plan_2017-18"
SALFORD_TITLE = "Salford Prevent Action Plan 2017-18"
SALFORD_HEADER = ("Action", "Lead", "Timescale", "Progress")
#: A section row (one string) spans the table; the others are Action / Lead / Timescale / Progress.
SALFORD_ROWS: tuple[tuple[str, ...], ...] = (
    ("Leadership and partnership",),
    ("Report Prevent activity to the Community Safety Partnership board every quarter.",
     "Prevent Co-ordinator", "Quarterly", "On track: reports made in June and September."),
    ("Refresh the Salford Prevent risk assessment using the Counter Terrorism Local Profile.",
     "Prevent Co-ordinator / Greater Manchester Police Prevent Officer", "December 2017",
     "CTLP briefing received in October."),
    ("Safeguarding and support",),
    ("Review the Channel Panel membership so that Adult Social Care and mental health services attend every "
     "meeting.", "Channel Panel Chair", "September 2017", "Complete."),
    ("Check that Prevent is included in the induction of new social workers and housing officers.",
     "Principal Social Worker; Workforce Development Lead", "March 2018", "Induction pack being revised."),
    ("Training and awareness",),
    ("Deliver WRAP sessions to 500 frontline staff across the Council and partner agencies.",
     "Prevent Education Officer", "March 2018", "312 staff trained by 30 November."),
    ("Brief all 60 elected members on the Prevent duty.", "Democratic Services Manager", "January 2018",
     "Session booked for 11 January."),
    ("Venues, IT and communities",),
    ("Include Prevent conditions in the hire agreements for community centres and libraries.",
     "Head of Libraries and Community Centres", "June 2018", "Not started."),
    ("Hold a Prevent question-and-answer session with the Salford Interfaith Network.",
     "Community Cohesion Officer", "February 2018", "Date to be agreed."),
)


def build_salford(out_dir: Path) -> Path:
    """A four-column action plan (Action / Lead / Timescale / Progress) with merged section rows."""
    document = make_plan(title=SALFORD_TITLE, author="Salford City Council", created=dt.datetime(2017, 12, 4, 9, 0),
                         labelled=(("Partnership: ", "Salford Community Safety Partnership"),
                                   ("Lead officer: ", "Imran Shafiq, Prevent Co-ordinator, Salford City Council "
                                                      "(imran.shafiq@salford.gov.uk)"),
                                   ("Last updated: ", "30 November 2017")))
    table = make_table(document, 1 + len(SALFORD_ROWS), len(SALFORD_HEADER), (10.0, 6.0, 3.5, 7.5))
    for cell, text in zip(table.rows[0].cells, SALFORD_HEADER):
        fill_cell(cell, (text,), bold=True)
        shade(cell, HEADER_FILL)
    for row, values in zip(table.rows[1:], SALFORD_ROWS):
        if len(values) == 1:
            merged = row.cells[0].merge(row.cells[-1])
            fill_cell(merged, values, bold=True)
            shade(merged, "F2F2F2")
            continue
        for cell, text in zip(row.cells, values):
            fill_cell(cell, (text,))
    path = out_dir / f"{SALFORD_STEM}.docx"
    document.save(path)
    return path


# --- h18: Northumberland scrutiny minutes -------------------------------------------------------

NORTHUMBERLAND_STEM = "h18_northumberland_scrutiny_minutes_2018-11-07"
NORTHUMBERLAND_ITEM: tuple[str, ...] = (
    "The Committee received a presentation on the delivery of the Prevent duty in Northumberland and its place "
    "in the CONTEST strategy. The following attended to present the item:",
    "- Paul Hedley, Senior Manager, Community Safety, Northumberland County Council",
    "- DS Karen Lowes, Prevent Team, Northumbria Police",
    "- Alison Kerr, Prevent Education Officer, Northumberland County Council",
    "Members were informed that:",
    "(a) 32 people from Northumberland had been referred to Prevent in 2017/18, and 5 of them had received "
    "support through the Channel Panel;",
    "(b) 14% of referrals concerned Islamist extremism and most of the rest the extreme right wing;",
    "(c) 4,150 Council staff and 118 school governors had completed Prevent training since 2015; and",
    "(d) the Council's venue hire terms had been revised to allow a booking to be refused where a speaker was "
    "known to promote hatred.",
    "Councillor Dale asked how rural schools were supported. Ms Kerr explained that every school had a "
    "Prevent lead and that she visited first and middle schools on request. Members wishing to attend a WRAP "
    "session should contact the Prevent Education Officer (Alison Kerr – 07787 213540).",
    "Councillor Reid asked whether the police shared information with the Council about individuals. DS Lowes "
    "said that information was shared through the Channel Panel under an agreed protocol.",
    "Mr Hedley undertook to circulate the presentation slides and the Prevent referral form to all members of "
    "the Committee.",
    "RESOLVED – (1) That the presentation be noted. (2) That the Committee receive an annual update on the "
    "Prevent duty, including the work of the Channel Panel, each autumn.",
)


def build_northumberland(out_dir: Path) -> Path:
    """Committee minutes: a list of presenters with their roles, a phone number in brackets, "RESOLVED – (1)"."""
    title = "Communities and Place Overview and Scrutiny Committee - Minutes - 7 November 2018"
    document = make_document(title=title, author="Northumberland County Council",
                             created=dt.datetime(2018, 11, 20, 9, 0))
    add_text(document, "NORTHUMBERLAND COUNTY COUNCIL", bold=True, align="center")
    add_text(document, "COMMUNITIES AND PLACE OVERVIEW AND SCRUTINY COMMITTEE", bold=True, align="center")
    add_text(document, "At a meeting of the Communities and Place Overview and Scrutiny Committee held in "
                       "Committee Room 1, County Hall, Morpeth on Wednesday, 7 November 2018 at 10.00 am.")
    add_text(document, "PRESENT", bold=True, align="center")
    add_text(document, "Councillor J. Hutchinson (Chair, in the Chair)", align="center")
    add_text(document, "Councillors S. Dale, R. Gibson, I. Hunter, M. Reid, G. Sanderson", align="center")
    add_text(document, "OFFICERS", bold=True, align="center")
    add_text(document, "P. Hedley, Senior Manager, Community Safety; A. Kerr, Prevent Education Officer; "
                       "L. Bird, Democratic Services Officer", align="center")
    add_text(document, "33. MINUTES", bold=True)
    add_text(document, "RESOLVED that the minutes of the meeting of the Committee held on 3 October 2018, as "
                       "circulated, be confirmed as a true record and signed by the Chair.")
    add_text(document, "34. PREVENT AND THE CONTEST STRATEGY", bold=True)
    for text in NORTHUMBERLAND_ITEM:
        if text.startswith("- "):
            add_numbered(document, "•", text[2:])
        elif text.startswith("("):
            letter, _, rest = text.partition(" ")
            add_numbered(document, letter, rest)
        else:
            add_text(document, text)
    add_text(document, "CHAIR ........................................", bold=True)
    add_text(document, "DATE .........................................", bold=True)
    path = out_dir / f"{NORTHUMBERLAND_STEM}.docx"
    document.save(path)
    return path


# --- h19: Bristol scrutiny report, 2010 ---------------------------------------------------------

BRISTOL_STEM = "h19_bristol_pve_scrutiny_report_2010-03-11"
BRISTOL_PARAGRAPHS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Purpose of the report", "1", (
        "To report progress on the Preventing Violent Extremism (PVE) programme in 2009/10 and to seek the "
        "Commission's views on priorities for 2010/11.",
    )),
    ("Recommendations", "2", (
        "The Commission is asked to note the progress made on the Preventing Violent Extremism programme in "
        "2009/10.",
        "The Commission is asked to comment on the proposed priorities for 2010/11 set out in paragraph 5.",
    )),
    ("Background", "3", (
        "Bristol has received Preventing Violent Extremism funding from Communities and Local Government since "
        "2008. The Area Based Grant for PVE in 2009/10 is £412,000.",
        "Progress is measured by National Indicator 35, building resilience to violent extremism, which is "
        "part of the Local Area Agreement.",
    )),
    ("Progress in 2009/10", "4", (
        "17 community projects have been funded through the PVE small grants scheme, and around 1,100 young "
        "people have taken part in mentoring, debate and sports projects.",
        "The Council's self-assessment against NI 35 rose from 2 to 3 out of 5 during the year.",
        "Avon and Somerset Constabulary and the Council have set up a Channel Panel, which has considered 6 "
        "cases since September 2009.",
    )),
    ("Proposed priorities for 2010/11", "5", (
        "Train frontline staff in schools, youth services and housing to recognise and refer concerns.",
        "Extend the small grants scheme to women's groups and supplementary schools.",
    )),
)


def build_bristol(out_dir: Path) -> Path:
    """A 2010 scrutiny report from before the statutory duty: "Meeting:", "Report of:", "Report author"."""
    title = "Preventing Violent Extremism - Progress Report 2009/10"
    document = make_document(title=title, author="Bristol City Council", created=dt.datetime(2010, 3, 1, 9, 0))
    add_text(document, "BRISTOL CITY COUNCIL", bold=True)
    labelled(document, (
        ("Meeting:", "Safer and Stronger Communities Scrutiny Commission"),
        ("Date:", "11 March 2010"),
        ("Report of:", "Strategic Director, Neighbourhoods and Housing"),
        ("Title:", title),
        ("Ward:", "Citywide"),
        ("Report author:", "Helen Okafor, PVE Programme Manager"),
        ("Contact telephone no. & e-mail address:", "0117 922 2461  helen.okafor@bristol.gov.uk"),
    ))
    for heading, number, paragraphs in BRISTOL_PARAGRAPHS:
        add_text(document, f"{number}. {heading}", style="Heading 2")
        for index, text in enumerate(paragraphs, start=1):
            add_numbered(document, f"{number}.{index}", text)
    add_text(document, "Background papers", style="Heading 2")
    add_text(document, "Local Area Agreement 2008-11: NI 35 annual return, June 2009.")
    path = out_dir / f"{BRISTOL_STEM}.docx"
    document.save(path)
    return path


#: Builders in corpus order; each writes one file and returns its path.
BUILDERS: tuple[Callable[[Path], Path], ...] = (
    build_kent, build_bradford, build_east_midlands, build_luton, build_notts, build_charnwood, build_rutland,
    build_calderdale, build_cheshire_east, build_cardiff, build_oldham, build_medway, build_norfolk,
    build_hertfordshire, build_worcestershire, build_brighton, build_salford, build_northumberland, build_bristol,
)
#: Papers published only as PDF (web pages printed from the browser, a report posted as PDF): their
#: builders write the native file to a scratch directory and only the export is kept.
PDF_ONLY: frozenset[Callable[[Path], Path]] = frozenset({
    build_calderdale, build_cheshire_east, build_cardiff, build_oldham, build_norfolk, build_brighton,
    build_northumberland,
})
#: Native formats that are also published as a PDF export.
EXPORTED_SUFFIXES = (".docx", ".pptx")


def main(argv: Sequence[str] | None = None) -> int:
    """Write every held-out paper (and PDF exports); returns the process exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output directory (default: corpus/heldout/)")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for build in BUILDERS:
        if build in PDF_ONLY and args.no_pdf:
            print(f"skipped {build.__name__}: published only as PDF", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix="heldout-") as scratch:
            path = build(Path(scratch) if build in PDF_ONLY else args.out)
            if build not in PDF_ONLY:
                print(f"wrote {path}", file=sys.stderr)
            if path.suffix in EXPORTED_SUFFIXES and not args.no_pdf:
                try:
                    print(f"wrote {export_pdf(path, args.out)}", file=sys.stderr)
                except ExportFailed as error:
                    print(f"Error: {error}", file=sys.stderr)
                    return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
