"""Seed 000: the Leicestershire Prevent Duty benchmarking deck of June 2023, as PPTX.

The seed is the text of a slide deck presented to a Leicestershire board. Its scores slide
is a real table whose header lost the venue-hire column name (the eighth benchmark cell is
blank), which is the case the benchmark extractor must map by position, so the rendering
keeps that cell blank. The heatmap and chart slides were pictures; only their titles and
captions are text, so only those are rendered.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Inches, Pt

from _pptx import (
    BODY_TOP,
    MARGIN,
    SLIDE_WIDTH,
    add_bullets,
    add_paragraph,
    make_presentation,
    text_box,
    title_slide,
    titled_slide,
)

STEM = "000_293d27028f82d5b8"
SUFFIX = ".pptx"

#: Header of the scores table as the deck has it: the venue-hire column name is missing.
SCORE_HEADER = (
    "Benchmarking",
    "Risk Assessment",
    "Agency",
    "Prevent Partnership Plan",
    "Referral Pathway",
    "Channel Panel",
    "Prevent problem-solving",
    "Training",
    "",
    "Engagement activity",
    "Communications",
)
SCORES = {
    "2022": (4, 5, 5, 4, 5, 4, 3, 3, 2, 2),
    "2023": (4, 5, 5, 4, 5, 4, 3, 2, 3, 3),
}

RECOMMENDATIONS = (
    ("Recommendation 1", "Venue Hire and IT policies -", (
        "Not meeting VH duty The council need an effective venue hire policy to be compliant with the "
        "statutory duty. The policy needs to ensure that council owned premises are not used by "
        "radicalising influencers. Leasing arrangements also need to be reviewed as the duty applies to "
        "all council owned and not just council run properties. Both County and D&B Councils need to "
        "work to meet this duty.",
        "Training should be provided to staff responsible for taking bookings to minimise the risk.",
        "County have an internal Task & Finish Group with input from relevant service teams and Legal "
        "Services, meeting to determine what the current processes are within these service areas and "
        "to ensure that appropriate clauses are in place within Room Hire Agreements to meet this duty "
        "and to ensure storing of personal data is GDPR Complaint. Once County has bottomed out its "
        "processes under this duty, and endorsed by Chief Officers within the County, happy to share "
        "good practice with partners.",
        "Each district council should also have its own policy and this needs to be sense, checked.",
    )),
    ("Recommendation 2", "Training –", (
        "A training strategy is being developed by the Prevent Leads Operational Group (PLOG) for LLR "
        "and we would recommend that this is supported.",
        "We would also recommend that the county and each district council have their own training plan "
        "ensuring appropriate training is targeted at cohorts of staff based on their role in the "
        "organisation.",
        "We would also strongly encourage training to be mandated for all staff and compliance monitored.",
        "We would also recommend that basic HO online training is included in staff induction packages "
        "at county and each district. As already mentioned we would encourage you to develop a training "
        "offer for staff responsible for venue.",
    )),
    ("Recommendation 3", "Prevent Partnership Plan and Governance -", (
        "Whilst governance is strong across LLR the current review provides an opportunity to streamline "
        "governance and make the Prevent board more representative of LLR at a strategic level.",
        "For the county each district should have its own delivery plan and plans need to feed back "
        "through the governance structures, and link back to county plan.",
        "Going forward processes will be embedded via PLOG for capturing County and District & Borough "
        "plans, so that all LLR partnerships are feeding into the LLR Prevent Partnership Plan.",
    )),
)


def build(out_dir: Path) -> Path:
    """Write the deck to `out_dir` and return its path."""
    prs = make_presentation(title="Prevent Duty Benchmarking", author="Leicestershire County Council",
                            created=dt.datetime(2023, 6, 26, 9, 0, 0))

    title_slide(prs, "Prevent Duty Benchmarking",
                ("Leicestershire Update", "Presented by: Ian Stubbs", "Date: 30th June 2023"))

    frame = text_box(titled_slide(prs, "Prevent Duty"))
    add_bullets(frame, (
        "Section 26 of the Counter-Terrorism and Security Act 2015 (the Act) places a duty on specified "
        "authorities in the exercise of their functions, to have \"due regard to the need to prevent "
        "people from being drawn into terrorism\".",
        "Guidance is issued under section 29 of the Act. The Act states that the authorities subject to "
        "the provisions must have regard to this guidance when carrying out their duty.",
    ), size=22)

    # The seed numbers only some of the items; the typed numbers are kept as they are.
    frame = text_box(titled_slide(prs, "Specified Authorities"))
    add_bullets(frame, (
        "Local Authorities (Unitary, County, District and Borough)",
        "2. Schools",
        "Further education",
        "4. Higher Education",
        "5. NHS Trusts and Foundation Trusts.",
        "6. Prisons and Probation",
        "7. The Police.",
    ), size=22)

    frame = text_box(titled_slide(prs, None), top=Inches(1.2))
    add_paragraph(frame, "All specified authorities must comply with this duty and will be expected to "
                  "maintain appropriate records to show compliance with their responsibilities", size=26,
                  space_after=24)
    add_paragraph(frame, "To provide reports when requested.", size=26, space_after=24)
    add_paragraph(frame, "The last, but not the least element", size=26, bold=True)

    slide = titled_slide(prs, "East Midlands – Weighted Score Heatmap")
    frame = text_box(slide, top=Inches(6.6), height=Inches(0.5))
    add_paragraph(frame, "*Excludes Northamptonshire Split", size=14)

    titled_slide(prs, "Comparative Analysis")

    slide = titled_slide(prs, "Leicestershire Scores")
    width = SLIDE_WIDTH - 2 * MARGIN
    shape = slide.shapes.add_table(1 + len(SCORES), len(SCORE_HEADER), MARGIN, BODY_TOP, width, Inches(2.4))
    table = shape.table
    first_width = Inches(1.8)
    table.columns[0].width = first_width
    for column in list(table.columns)[1:]:
        column.width = int((width - first_width) / (len(SCORE_HEADER) - 1))
    rows = [SCORE_HEADER] + [(year, *map(str, scores)) for year, scores in SCORES.items()]
    for row_index, values in enumerate(rows):
        for col_index, value in enumerate(values):
            cell = table.cell(row_index, col_index)
            cell.text = value
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(11 if row_index == 0 else 20)
                run.font.bold = row_index == 0 or col_index == 0 or None
                if row_index == 0:
                    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    for title, subtitle, bullets in RECOMMENDATIONS:
        slide = titled_slide(prs, title)
        frame = text_box(slide, top=Inches(1.55), height=Inches(0.6))
        add_paragraph(frame, subtitle, size=24, bold=True)
        frame = text_box(slide, top=Inches(2.2), height=Inches(5.0))
        add_bullets(frame, bullets, size=16)

    frame = text_box(titled_slide(prs, "Home Office Corporate Update"))
    add_bullets(frame, (
        "Training Update",
        (1, "Face to Face"),
        (1, "Ideology specific training for practitioners"),
        "Comms Toolkit feedback",
        "Elected Member network.",
        "JEXU Information sharing MOU",
        "IRP implementation update",
    ), size=22)

    path = out_dir / f"{STEM}{SUFFIX}"
    prs.save(path)
    return path
