"""Seed 004: the Prevent presentation to Leicester's Overview Scrutiny Committee, as PPTX.

One slide per section of the seed, in order; sections that have no title in the seed
(a caption, a link) are slides without a title, and the presenters' e-mail addresses are
the last slide, as in the seed. Bold runs are kept where the seed marks them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from _pptx import add_paragraph, bullet_slide, make_presentation, text_box, title_slide, titled_slide

STEM = "004_6f02caab2e9af0f5"
SUFFIX = ".pptx"

#: (title, bullets) slides in seed order; a sub-bullet is `(1, text)`.
BULLET_SLIDES: dict[str, tuple[str | tuple[int, str], ...]] = {
    "Partnership Approach": (
        "The Prevent Duty & Local Delivery \u2013 Sean Arbuthnot, Prevent Co-Ordinator",
        "Counter Terrorism Local Plan \u2013 Insp. Bill Knopp",
        "Leicester/ Leicestershire Approach \u2013 Daxa Pancholi, Head of Community Safety & Protection",
    ),
    "Channel": (
        "Mental Health",
        "Social Services",
        "Health",
        "Education",
        "Probation & Prisons",
        "Youth Offending Service",
        "Mentoring",
    ),
    "Counter Terrorist Local Profile": (
        "Document - describes national threat from CT related to local communities",
        "Indicates priorities",
        "Informs engagement strategy, Prevent Delivery plan and commissioning decisions",
        "Produced yearly and refreshed every quarter",
        "Helps partners understand their local risk",
        "Official Sensitive so not a public facing document",
    ),
    "Leicester/ Leicestershire Approach": (
        "Prevent Steering Group (LLR)",
        (1, "To share information - risks & threats in LLR;"),
        (1, "To develop/ deliver a local Prevent Action Plan;"),
        (1, "To commission activity with partners;"),
        (1, "To communicate Prevent work;"),
        (1, "To manage performance outcomes."),
    ),
    "Leicester City Council": (
        "Leicester City - one of 30 national \"priority areas\" .",
        "Executive Lead - Cllr Master, Assistant City Mayor (Neighbourhood Services)",
        "Head of Community Safety & Protection acts as the council's Prevent Lead.",
        "Worked with key council teams across the council",
        "Over 50 champions",
        "On-going training programme",
    ),
    "Leicester Delivery Model Via SPC": (
        "Nationally recognised model of good practice",
        "Supporting LCC and a wide range of other statutory and voluntary organisations",
        "Identifying and establishing new and emerging projects",
        "Working with existing projects to address new threats.",
    ),
    "Reclaim Radical": (
        "LCC Young Advisors",
        "Toolkit to enable difficult conversations",
        "Global issues, terrorism, extremism, radicalisation",
        "Practical steps to create a 'safe space'",
        "Participatory approach to youth engagement",
        "Exercises and films to promote discussion",
    ),
    "LCFC Community Trust": (
        "Sport & engagement",
        "Provision in areas highlighted by CTLP",
        "Community champions, leaders and coaches",
        "Workshops on radicalisation and extremism",
        "Female-only activities and workshops",
        "Work with faith institutions",
    ),
    "Real Talk": (
        "Streetvibe YPS",
        "Augmented reality workshop",
        "Far right extremism",
        "Challenges stereotypes",
        "Fake news, propaganda, critical thinking",
        "Building resilience to radicalisation",
    ),
}

TWEET = ("Great first day recording for my upcoming @bbc5live report on tackling the proliferation of extremist "
         "content online. I was lucky enough to join Prevent coordinators as they delivered an open workshop for "
         "interested students in Leicester - more details to follow.")

EMAILS = (
    "Daxa.Pancholi@leicester.gov.uk",
    "spcprevent@gmail.com",
    "William.Knopp@leicestershire.pnn.police.uk",
)


def _bullets(prs: PresentationType, title: str) -> None:
    """A titled slide of the bullets the seed lists under `title`."""
    bullet_slide(prs, title, BULLET_SLIDES[title], size=22)


def _statement(prs: PresentationType, parts: str | tuple[str | tuple[str, str], ...], *,
               size: float = 28) -> None:
    """A slide without a title holding one statement, as the seed's untitled sections are."""
    frame = text_box(titled_slide(prs, None), top=Inches(2.2), height=Inches(3.5))
    add_paragraph(frame, parts, size=size)


def build(out_dir: Path) -> Path:
    """Write the deck to `out_dir` and return its path."""
    prs = make_presentation(title="Prevent Presentation", author="Leicester City Council",
                            created=dt.datetime(2018, 11, 1, 9, 0, 0))
    title_slide(prs, "Prevent Presentation", ("Overview Scrutiny Committee",))
    _bullets(prs, "Partnership Approach")

    frame = text_box(titled_slide(prs, "Prevent Duty"), top=Inches(2.0))
    add_paragraph(frame, (
        "Under the Counter-Terrorism and Security Act 2015, public authorities have a duty to ",
        ("\u201chave due regard to the need to prevent people from being drawn into terrorism\u201d", "b"),
        ", known as the Prevent duty.",
    ), size=28)

    _bullets(prs, "Channel")
    _statement(prs, (
        "It exists in ", ("non-criminal", "b"),
        " space, providing interventions and support where necessary to individuals who have come to the "
        "attention of partner agencies and the general public for exhibiting behaviours that suggest they may "
        "be going down an extremist route",
    ))
    _bullets(prs, "Counter Terrorist Local Profile")
    _bullets(prs, "Leicester/ Leicestershire Approach")
    _statement(prs, "Multi-Agency Partnerships supported by a VCS embedded Prevent Co-Ordinator", size=32)
    _bullets(prs, "Leicester City Council")
    _bullets(prs, "Leicester Delivery Model Via SPC")
    _bullets(prs, "Reclaim Radical")
    _statement(prs, "http://www.leicesterprevent.co.uk/reclaim-radical/", size=24)
    _bullets(prs, "LCFC Community Trust")
    _bullets(prs, "Real Talk")

    frame = text_box(titled_slide(prs, "Real Talk"), top=Inches(1.8))
    add_paragraph(frame, "20,349 likes", size=18, bold=True)
    add_paragraph(frame, TWEET, size=18)

    titled_slide(prs, "Thank You For Listening")
    frame = text_box(titled_slide(prs, None), top=Inches(2.5), height=Inches(2.5))
    for email in EMAILS:
        add_paragraph(frame, email, size=24)

    path = out_dir / f"{STEM}{SUFFIX}"
    prs.save(path)
    return path
