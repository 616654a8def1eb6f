"""Later-year papers for the seed authorities, so that tracking has a history to follow.

The seeds are single snapshots: Leicestershire's benchmarking deck of June 2023 and
Harborough's action plan for 2021-22. Tracking needs the next year of each: this module
writes them as the same kinds of file, in the same layouts, to `corpus/tracking/`:

- `leicestershire_benchmarking_2024.pptx`: the June 2024 deck. Its scores table (header
  "Benchmarking" and the ten areas, rows 2023 and 2024) has venue hire reaching 4, which
  implies the 2023 venue-hire recommendation was implemented; a progress slide says the
  policy has been adopted. It repeats the 2023 Training recommendation (still open) and the
  Partnership Plan and Governance one while scoring that area 5 (conflicting evidence), and
  adds a new Engagement recommendation.
- `harborough_action_plan_2022-23.docx`: the 2022-23 plan. Its Key Actions table has a
  Status column; it carries rows of 2021-22 on (one "Complete", one "Not started", others on
  track or blank), rewords one (a link tracking can only propose), drops two (superseded),
  and adds one, with dated timescales ("October 2022", "by March 2023", "Q4 2022/23",
  "within 6 months", "Jan 2023 to March 2023") so that some items are overdue.

The outputs are committed; run this only to change them:

    .venv/bin/python corpus/build/tracking.py
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "tracking"
sys.path.insert(0, str(HERE))

from pptx.util import Inches  # noqa: E402

from _docx import add_text, header_table, make_plan  # noqa: E402
from _pptx import bullet_slide, score_table, subtitled_slide, titled_slide  # noqa: E402
from seed_000_benchmarking_deck import open_deck  # noqa: E402
from seed_001_action_plan import PRIORITY_AND_AIM  # noqa: E402

DECK = "leicestershire_benchmarking_2024.pptx"
PLAN = "harborough_action_plan_2022-23.docx"

SCORE_HEADER = (
    "Benchmarking", "Risk Assessment", "Agency", "Prevent Partnership Plan", "Referral Pathway", "Channel Panel",
    "Prevent problem-solving", "Training", "Venue Hire and IT", "Engagement activity", "Communications",
)
SCORES = {
    "2023": (4, 5, 5, 4, 5, 4, 3, 2, 3, 3),
    "2024": (4, 5, 5, 4, 5, 4, 3, 4, 3, 4),
}
DECK_RECOMMENDATIONS = (
    ("Recommendation 1", "Training –", (
        "The training strategy developed by the Prevent Leads Operational Group (PLOG) for LLR is not yet in "
        "use across all partners and we would recommend that it is supported.",
        "We would also recommend that the county and each district council have their own training plan "
        "ensuring appropriate training is targeted at cohorts of staff based on their role in the organisation.",
        "We would also strongly encourage training to be mandated for all staff and compliance monitored.",
    )),
    ("Recommendation 2", "Prevent Partnership Plan and Governance -", (
        "Whilst governance is strong across LLR the review of 2023 is not complete: it remains an opportunity "
        "to streamline governance and make the Prevent board more representative of LLR at a strategic level.",
        "For the county each district should have its own delivery plan and plans need to feed back through "
        "the governance structures, and link back to county plan.",
        "Going forward processes will be embedded via PLOG for capturing County and District & Borough plans, "
        "so that all LLR partnerships are feeding into the LLR Prevent Partnership Plan.",
    )),
    ("Recommendation 3", "Engagement –", (
        "We would recommend that the county and districts develop a joint community engagement plan with "
        "faith-based and secular civil society groups, to encourage an open dialogue on the Prevent Duty.",
    )),
)
PROGRESS = (
    "Venue hire: a venue hire policy has been adopted by the County Council and council owned premises are "
    "now covered, so that they are not used by radicalising influencers.",
    "Room Hire Agreements now include the Prevent clause agreed by the Task & Finish Group with Legal Services.",
    "Communications: the LLR Prevent communications plan was refreshed in January 2024.",
)


def build_deck(out_dir: Path) -> Path:
    """The Leicestershire benchmarking deck of June 2024, laid out as the 2023 deck."""
    prs = open_deck(created=dt.datetime(2024, 6, 24, 9, 0, 0), date="28th June 2024", duty_points=(
        "This update compares the 2024 self-assessment with that of 2023 and follows up the 2023 "
        "recommendations.",
    ))

    rows = [SCORE_HEADER] + [(year, *map(str, scores)) for year, scores in SCORES.items()]
    score_table(titled_slide(prs, "Leicestershire Scores"), rows, height=Inches(2.4))

    bullet_slide(prs, "Progress since June 2023", PROGRESS, size=18)

    for title, subtitle, bullets in DECK_RECOMMENDATIONS:
        subtitled_slide(prs, title, subtitle, bullets)

    path = out_dir / DECK
    prs.save(path)
    return path


PLAN_TITLE = "Harborough District Council Prevent Action Plan 2022-23"
PLAN_HEADER = ("Key Actions", "Lead officer", "Time scale/resources", "Outcome/performance measure", "Status")
Cell = tuple[str, ...]
#: Rows of the 2022-23 plan; comments say which 2021-22 row each continues.
PLAN_ROWS: tuple[tuple[Cell, Cell, Cell, Cell, Cell], ...] = (
    (  # 2021-22 row 1, carried on, on track
        ("1. To keep a record of compliance against responsibilities as detailed in the Prevent Guidance via:",
         "a) Keeping this action plan updated with progress made against actions",
         "b) Keeping a record of Prevent cases raised at JAG",
         "c) Keeping a record of CSP agenda items where appropriate"),
        ("Community Safety Manager",),
        ("Update monthly/Officer time",),
        ("Maintain an electronic Prevent folder within the Community Safety Documents on the W Drive.",),
        ("On track",),
    ),
    (  # 2021-22 row 2, carried on, no status written
        ("2. District Rep at Prevent Steering Group to ensure:",
         "a) Information and concerns identified locally are raised with appropriate agencies at the meetings",
         "b) The Counter Terrorism Local Profiles document reflects local concerns",
         "c) Relevant information from this group is fed back to the HDC Prevent Lead to pick up the relevant "
         "work locally at County ASB Strategy Group"),
        ("Community Safety Manager",),
        ("Quarterly",),
        ("Local concerns are recorded in meeting minutes and in the Counter Terrorism Local Profile (CTLP)",),
        ("",),
    ),
    (  # 2021-22 row 3, carried on and done
        ("3. Prevent duties to be incorporated into the work of Harborough Community Safety Partnership via "
         "standing agenda items at:", "a) CSP", "b) JAG"),
        ("Community Safety Manager",),
        ("by September 2022",),
        ("Relevant work delivered and updates provided at relevant meetings",),
        ("Complete",),
    ),
    (  # 2021-22 row 5, carried on, past its date and still in progress
        ("4. Ensure publicly owned venues and allocated resources do not provide a platform for extremists via:",
         "a) Ensuring HDC venue hire/lease agreements include info on appropriate use of venues -not for "
         "extremist activity",
         "b) Including a statement in grant applications to ensure bids comply with HDC expectations"),
        ("Assets Manager",),
        ("by March 2023",),
        ("There is a venue hire/ lease policy in place, to ensure that premises are not used by radicalising "
         "influencers.",),
        ("In progress",),
    ),
    (  # 2021-22 row 7, carried on, not started
        ("5. a) ICT to identify what information can be accessed via internal and reception computers - "
         "considering whether IT equipment available to the general public should use filtering solutions that "
         "limit access to terrorist and extremist material.",
         "b) Identify what measures can be put in place to prevent access to extremist materials and by when."),
        ("ICT Manager",),
        ("October 2022",),
        ("There is an effective IT policy in place to prevent the access of extremist materials by users of "
         "networks.",),
        ("Not started",),
    ),
    (  # 2021-22 row 8, carried on, green
        ("6. Ensure appropriate frontline staff, including those of contractors (where appropriate), have a good "
         "understanding of Prevent via:",
         "a) Compulsory Online training for new starters",
         "b) Prevent part of Gold HDC Safeguarding training which is delivered to frontline staff from 2019",
         "c) Including an element of Prevent awareness in Cllr inductions",
         "d) Specific Prevent Training to DSOs and groups as required."),
        ("Safeguarding Lead and Community Safety Manager",),
        ("Q4 2022/23",),
        ("Number of staff trained.",),
        ("Green",),
    ),
    (  # 2021-22 row 9, reworded: tracking can only propose this link
        ("7. Arrange awareness sessions for Parish Councils and community based organisations to address concerns "
         "around radicalisation.",),
        ("Community Safety Officers",),
        ("Jan 2023 to March 2023",),
        ("Sessions held and attendance recorded.",),
        ("",),
    ),
    (  # 2021-22 row 10, carried on word for word
        ("8. There is a communications plan in place to proactively communicate and increase transparency of the "
         "reality / impact of Prevent work, and support frontline staff and communities to understand what "
         "Prevent looks like in practice",),
        ("Community Safety officers",),
        ("Ongoing",),
        ("Campaigns are promoted to relevant staff and Communities.",),
        ("",),
    ),
    (  # new this year
        ("9. Refresh the Harborough Situational Risk Assessment with the County Prevent Coordinator and share it "
         "with the Community Safety Partnership.",),
        ("Community Safety Manager",),
        ("within 6 months",),
        ("Risk assessment refreshed and agreed by the CSP.",),
        ("",),
    ),
)


def build_plan(out_dir: Path) -> Path:
    """Harborough's Prevent action plan for 2022-23, laid out as the 2021-22 plan plus a Status column."""
    document = make_plan(title=PLAN_TITLE, author="Harborough District Council",
                         created=dt.datetime(2022, 5, 9, 9, 0, 0), labelled=PRIORITY_AND_AIM)
    add_text(document, "This plan carries forward the actions of the 2021-22 plan that remain open and "
                       "records progress against each in the Status column.")
    header_table(document, PLAN_HEADER, PLAN_ROWS, (9.0, 4.6, 3.4, 5.8, 2.9))
    path = out_dir / PLAN
    document.save(path)
    return path


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for build in (build_deck, build_plan):
        print(build(OUT))


if __name__ == "__main__":
    main()
