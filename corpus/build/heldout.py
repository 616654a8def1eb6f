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

Each paper's gold file is `corpus/heldout/gold/<stem>.json`, written by reading the paper,
not by running the extractors. The outputs are committed; run this only to change them:

    .venv/bin/python corpus/build/heldout.py            # native files, then PDF exports
    .venv/bin/python corpus/build/heldout.py --no-pdf   # native and text files only
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "heldout"
sys.path.insert(0, str(HERE))

from pptx.util import Inches, Pt  # noqa: E402

from _docx import add_numbered, add_runs, add_text, header_table, make_document, make_plan  # noqa: E402
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


#: Builders in corpus order; each writes one file and returns its path.
BUILDERS: tuple[Callable[[Path], Path], ...] = (
    build_kent, build_bradford, build_east_midlands, build_luton, build_notts, build_charnwood, build_rutland,
)
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
        path = build(args.out)
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
