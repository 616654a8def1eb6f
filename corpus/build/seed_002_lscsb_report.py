"""Seed 002: the Prevent update to the Leicestershire Safer Communities Strategy Board, 2 June 2017.

A short committee report: board, date and title at the top, paragraphs numbered 1-17 under
headings, one bulleted list, the recommendation as paragraph 17 and the officer's contact
block. Paragraph 14 runs over a page break in the seed; here it is one paragraph again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from _docx import add_bullet, add_numbered, add_text, make_document

STEM = "002_000fee0137df29e4"
SUFFIX = ".docx"

#: (heading, heading level, ((typed number, paragraph text), ...)) in the order of the report.
SECTIONS: tuple[tuple[str, int, tuple[tuple[str, str], ...]], ...] = (
    ("Background", 1, (
        ("1.", "Section 29 of the Counter-Terrorism and Security Act 2015 placed a statutory duty to specified "
         "authorities including County and District/Borough Councils, the Police, Health and Schools to have "
         "\u201cdue regard to the need to prevent people from being drawn into terrorism\u201d."),
        ("2.", "Prevent is delivered locally in areas considered to be at greatest risk. Thirty local authority "
         "areas are currently classed as Prevent \u201cpriority\u201d areas and receive funding from the Home "
         "Office for a local co-ordinator \u2013 Leicester City is one of these areas; Leicestershire County "
         "is not."),
        ("3.", "The expectation has been that local authorities will work with local partners to protect the "
         "public, prevent crime and to promote strong, integrated communities and that frontline school staff "
         "should understand Prevent, be able to recognise vulnerability to radicalisation, and know where to "
         "seek further help."),
        ("4.", "A Prevent Officer was recruited in 2015; in year one jointly funded by Leicester City Council "
         "and Leicestershire County Council and collaboratively funded by all Districts, Boroughs and "
         "Leicestershire County Council (LCC) through Home Office funding in year two."),
        ("5.", "The funding for the Prevent Officer will end in October 2017; despite seeking further funding "
         "for the post none has been identified."),
    )),
    ("Notable developments and challenges:", 1, ()),
    ("Past Year", 2, (
        ("6.", "In order to ensure service areas and Partners were aware of and compliant with the statutory "
         "Prevent duty much training has been delivered with over 3,000 front line staff being trained from "
         "across a number of agencies including:"),
        ("7.", "The Prevent Officer has been leading the work to co-ordinate the partnership response to ensure "
         "a consistent response to Prevent across Leicestershire and supported the work within each local "
         "authority to ensure corporate compliance with the duty."),
        ("8.", "Warning Zone, a provision which has the majority of year 6 students through their door to learn "
         "about staying safe and criminal responsibility, have been supported to develop a package to raise "
         "awareness about the dangers of on line grooming and radicalisation using the E-Safety Zone."),
        ("9.", "Alter Ego has developed an innovative drama production and delivered it to schools and "
         "communities across the County; the production \u201cGoing to Extremes\u201d is now to be rolled out "
         "nationally. Reviews from young children and adults alike have been phenomenally positive."),
    )),
    ("Coming Year", 2, (
        ("10.", "An Exit Strategy is currently being considered for October 2017, when funding for the post "
         "ceases. LCC\u2019s Community Safety Team shall continue to support partners with the work on Prevent "
         "and the partnership work shall continue through the Prevent and Hate Delivery Group with strategic "
         "direction provided through the ASB, Prevent and Hate Strategy Group."),
        ("11.", "There is good local intelligence and partnership arrangement through the sub regional Prevent "
         "Steering Group which includes representation from the Police and District/Borough Councils. Channel "
         "arrangements are robust, managed by the Police Prevent Team and support to vulnerable individuals is "
         "good."),
        ("12.", "OPCC funding has been secured for the recruitment and training of PREVENT youth champions to "
         "offer peer support within identified schools across the County including an early intervention "
         "element enabling young people to safely explore their relationship with the world around them; this "
         "will create safe spaces for young people to explore the use of language and political debate. The "
         "funding will also enable the delivery of bespoke Prevent training to people with Learning "
         "Difficulties in Leicestershire."),
        ("13.", "Alter Ego shall deliver further sessions of \u201cGoing to Extremes\u201d for two weeks in "
         "October."),
    )),
    ("Key issues for partnership working or affecting partners", 1, (
        ("14.", "Challenging and preventing radicalisation (be it far right, left, religious extremism etc.) is "
         "an important element in keeping our communities safe. With diverse communities across "
         "Leicestershire and increased pressures through reducing resources and the impact of Brexit, a local "
         "focus is important to maintain the positive community cohesion that exists within Leicestershire."),
        ("15.", "Each District/Borough will be required to ensure continued corporate compliance to the "
         "discharge of the s29 duty; part of this duty will include the delivery of the Workshop to Raise "
         "Awareness of Prevent (WRAP) training. Each local authority has at least two WRAP trained officers "
         "within the organisation; all training requests from the locality will now be passed back to these "
         "officers to deliver. It will no longer be feasible for the Community Safety Team at LCC to deliver "
         "all of the training; where intelligence suggests there are specific issues the team will, of course, "
         "support delivery of any work."),
        ("16.", "In order to capture low level issues within local communities, a Community Tension Monitoring "
         "Document has been devised for partners. The police also have a link for partners to notify them of "
         "any non-urgent information about community cohesion and tensions: "
         "https://leics.police.uk/contact/community-partnership-information In order to prevent the "
         "escalation of simmering tensions within the localities it will be useful for this information to be "
         "collated and regularly reviewed. The Hate and Prevent Delivery Group will monitor the returns."),
    )),
    ("Recommendations for the Board", 1, (
        ("17.", "That the Board notes the contents of the report"),
    )),
)

#: The agencies listed under paragraph 6.
TRAINED_AGENCIES = (
    "Teachers (all County schools were written to and offered free training)",
    "Governors",
    "Adult education teachers",
    "Foster carers",
    "Early years providers",
    "Local authority officers",
)

CONTACT = (
    "Gurjit Samra-Rai",
    "Leicestershire County Council",
    "Tel: 0116 305 6056",
    "Email: Gurjit.samra-rai@leics.gov.uk",
)


def build(out_dir: Path) -> Path:
    """Write the report to `out_dir` and return its path."""
    document = make_document(title="LSCSB UPDATE: Prevent", author="Leicestershire County Council",
                             created=dt.datetime(2017, 5, 22, 9, 0, 0))
    for line in ("LEICESTERSHIRE SAFER COMMUNITIES STRATEGY BOARD", "2 JUNE 2017", "LSCSB UPDATE: Prevent"):
        add_text(document, line, bold=True, size=12, align="center")
    for heading, level, paragraphs in SECTIONS:
        add_text(document, heading, style=f"Heading {level}")
        for number, text in paragraphs:
            add_numbered(document, number, text)
            if number == "6.":
                for agency in TRAINED_AGENCIES:
                    add_bullet(document, agency)
    document.add_paragraph()
    for line in CONTACT:
        paragraph = add_text(document, line)
        paragraph.paragraph_format.space_after = 0
    path = out_dir / f"{STEM}{SUFFIX}"
    document.save(path)
    return path
