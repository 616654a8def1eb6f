"""Seed 000: the Leicestershire Prevent Duty benchmarking deck of June 2023, as PPTX.

The seed is the text of a slide deck presented to a Leicestershire board. Its scores slide
is a real table whose header lost the venue-hire column name (the eighth benchmark cell is
blank), which is the case the benchmark extractor must map by position, so the rendering
keeps that cell blank. The heatmap and chart slides were pictures; only their titles and
captions are text, so only those are rendered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from _pptx import (
    add_paragraph,
    bullet_slide,
    make_presentation,
    score_table,
    subtitled_slide,
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

#: The duty, as the deck's "Prevent Duty" slide states it first.
SECTION_26 = (
    "Section 26 of the Counter-Terrorism and Security Act 2015 (the Act) places a duty on specified "
    "authorities in the exercise of their functions, to have \"due regard to the need to prevent "
    "people from being drawn into terrorism\"."
)


def open_deck(*, created: dt.datetime, date: str, duty_points: Sequence[str]) -> PresentationType:
    """A Leicestershire benchmarking deck as far as its "Prevent Duty" slide: the duty, then `duty_points`."""
    prs = make_presentation(title="Prevent Duty Benchmarking", author="Leicestershire County Council", created=created)
    title_slide(prs, "Prevent Duty Benchmarking",
                ("Leicestershire Update", "Presented by: Ian Stubbs", f"Date: {date}"))
    bullet_slide(prs, "Prevent Duty", (SECTION_26, *duty_points), size=22)
    return prs


def build(out_dir: Path) -> Path:
    """Write the deck to `out_dir` and return its path."""
    prs = open_deck(created=dt.datetime(2023, 6, 26, 9, 0, 0), date="30th June 2023", duty_points=(
        "Guidance is issued under section 29 of the Act. The Act states that the authorities subject to "
        "the provisions must have regard to this guidance when carrying out their duty.",
    ))

    # The seed numbers only some of the items; the typed numbers are kept as they are.
    bullet_slide(prs, "Specified Authorities", (
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

    rows = [SCORE_HEADER] + [(year, *map(str, scores)) for year, scores in SCORES.items()]
    score_table(titled_slide(prs, "Leicestershire Scores"), rows, height=Inches(2.4))

    for title, subtitle, bullets in RECOMMENDATIONS:
        subtitled_slide(prs, title, subtitle, bullets)

    bullet_slide(prs, "Home Office Corporate Update", (
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
