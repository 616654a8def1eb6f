"""Tracking: lineage, status with evidence, due dates, user decisions and the open-items report.

Unit tests build the records by hand and write them through the store, as an ingest would;
the corpus tests at the end ingest real files: the seed papers of Leicestershire (June 2023
deck) and Harborough (2021-22 plan) and their later-year papers in `corpus/tracking/`.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from prevent_docs import cli, pipeline, store, tracking
from schemas.records import (
    Action,
    Benchmark,
    DocumentRow,
    Extraction,
    Passage,
    Recommendation,
    normalise_key,
    record_id,
)

LEICS = "E10000018"
HARBOROUGH = "E07000131"
STAFFS = "E10000028"
TODAY = dt.date(2025, 1, 1)

TRAINING_2023 = ("We would also recommend that the county and each district council have their own training plan "
                 "ensuring appropriate training is targeted at cohorts of staff based on their role in the "
                 "organisation. We would also strongly encourage training to be mandated for all staff.")
TRAINING_2024 = ("We recommend again that the county and each district council have their own training plan "
                 "ensuring appropriate training is targeted at cohorts of staff based on their role in the "
                 "organisation, and that training is mandated for all staff.")
VENUE_2023 = ("Not meeting VH duty The council need an effective venue hire policy to be compliant with the "
              "statutory duty. The policy needs to ensure that council owned premises are not used by "
              "radicalising influencers.")
GOVERNANCE_2023 = ("For the county each district should have its own delivery plan and plans need to feed back "
                   "through the governance structures, and link back to county plan.")
ICT_2021 = ("ICT to identify what information can be accessed via internal and reception computers - considering "
            "whether IT equipment available to the general public should use filtering solutions.")
COMMS_2021 = ("There is a communications plan in place to proactively communicate and increase transparency of "
              "the reality / impact of Prevent work")


class Paper:
    """A hand-made paper: its document row and the records added to it."""

    def __init__(self, name: str, *, authority: str, date: str | None = None, period: str | None = None,
                 kind: str = "benchmark_deck"):
        self.id = record_id("document", name) * 4  # 64 hex digits, like a sha256
        self.extraction = Extraction(document=DocumentRow(
            id=self.id, file_name=name, path=f"/papers/{name}", format="pptx", pages=12, kind=kind, title=name,
            authority_code=authority, date=date, period=period, extractor_version="test", ingested_at="now"))

    def rec(self, number: str, text: str, *, area: str | None = None, kind: str = "improvement",
            title: str | None = None, page: int = 9) -> str:
        rid = record_id(self.id, "recommendation", normalise_key(text))
        self.extraction.recommendations.append(Recommendation(
            id=rid, document_id=self.id, number=number, title=title, text=text, area=area, kind=kind, page=page))
        return rid

    def action(self, number: str, text: str, *, area: str | None = None, timescale: str | None = None,
               status: str | None = None, lead: str | None = None, page: int = 3) -> str:
        aid = record_id(self.id, "action", normalise_key(text))
        self.extraction.actions.append(Action(
            id=aid, document_id=self.id, number=number, text=text, area=area, timescale=timescale, status=status,
            lead=lead, source="table", page=page))
        return aid

    def scores(self, year: int, **scores: int) -> None:
        for area, score in scores.items():
            self.extraction.benchmarks.append(Benchmark(
                id=record_id(self.id, "benchmark", year, area), document_id=self.id, authority_code=LEICS
                if self.extraction.document.authority_code == LEICS else self.extraction.document.authority_code,
                year=year, area=area, score=score, page=7))

    def passage(self, text: str, *, page: int = 11) -> None:
        self.extraction.passages.append(Passage(
            id=record_id(self.id, "passage", normalise_key(text)), document_id=self.id, page=page, text=text,
            position=len(self.extraction.passages)))


def write(db, *papers: Paper, today: dt.date = TODAY) -> tracking.TrackReport:
    for paper in papers:
        store.write_extraction(db, paper.extraction)
    return tracking.track(db, today=today)


def item_of(db, record: str) -> dict:
    thread = db.execute("select thread_id from threads where record_id = ?", [record]).fetchone()[0]
    return next(db.query("select * from tracked_items where thread_id = ?", [thread]))


def history(db, record: str) -> list[dict]:
    return list(db.query("select * from status_history where record_id = ? order by at", [record]))


@pytest.fixture
def decks():
    """Leicestershire's 2023 deck and a 2024 deck that repeats one recommendation and scores venue hire 4."""
    deck_2023 = Paper("deck-2023.pptx", authority=LEICS, date="2023-06-30")
    venue = deck_2023.rec("1", VENUE_2023, area="venue_hire_it", title="Venue Hire and IT policies", page=8)
    training = deck_2023.rec("2", TRAINING_2023, area="training", title="Training", page=9)
    governance = deck_2023.rec("3", GOVERNANCE_2023, area="partnership_plan",
                               title="Prevent Partnership Plan and Governance", page=10)
    deck_2023.scores(2023, venue_hire_it=2, training=3, partnership_plan=5)
    deck_2024 = Paper("deck-2024.pptx", authority=LEICS, date="2024-06-28")
    deck_2024.scores(2023, venue_hire_it=2, training=3, partnership_plan=5)
    deck_2024.scores(2024, venue_hire_it=4, training=3, partnership_plan=5)
    training_again = deck_2024.rec("1", TRAINING_2024, area="training", title="Training", page=9)
    governance_again = deck_2024.rec("2", GOVERNANCE_2023, area="partnership_plan",
                                     title="Prevent Partnership Plan and Governance", page=10)
    return deck_2023, deck_2024, {"venue": venue, "training": training, "governance": governance,
                                  "training_again": training_again, "governance_again": governance_again}


# --- Lineage ------------------------------------------------------------------------------

def test_tracking_repeated_recommendation_joins_a_thread_named_for_the_earliest(fresh_db, decks):
    deck_2023, deck_2024, ids = decks
    write(fresh_db, deck_2023, deck_2024)
    link = next(fresh_db.query("select * from record_links where to_id = ?", [ids["training_again"]]))
    assert (link["from_id"], link["state"]) == (ids["training"], "asserted")
    assert link["confidence"] >= tracking.ASSERT_CONFIDENCE
    threads = dict(fresh_db.execute("select record_id, thread_id from threads").fetchall())
    assert threads[ids["training_again"]] == threads[ids["training"]] == ids["training"]
    assert threads[ids["venue"]] == ids["venue"]


def test_tracking_never_links_across_authorities(fresh_db):
    leics = Paper("leics.pptx", authority=LEICS, date="2023-06-30")
    leics.rec("2", TRAINING_2023, area="training")
    staffs = Paper("staffs.docx", authority=STAFFS, date="2024-03-04", kind="committee_report")
    staffs.rec("2", TRAINING_2023, area="training")
    write(fresh_db, leics, staffs)
    assert fresh_db["record_links"].count == 0


def test_tracking_weak_match_is_only_proposed(fresh_db):
    plan_2021 = Paper("plan-2021.docx", authority=HARBOROUGH, period="2021-22", kind="action_plan")
    events = plan_2021.action("9", "Arrange regular awareness events and communications to community based "
                                   "organisations to highlight or address any concerns around radicalisation - "
                                   "e.g. links with Parish Councils.", area="engagement")
    plan_2022 = Paper("plan-2022.docx", authority=HARBOROUGH, period="2022-23", kind="action_plan")
    sessions = plan_2022.action("6", "Hold awareness sessions on radicalisation concerns with Parish Councils and "
                                     "community groups across the district.", area="engagement")
    write(fresh_db, plan_2021, plan_2022)
    link = next(fresh_db.query("select * from record_links"))
    assert (link["from_id"], link["to_id"], link["state"]) == (events, sessions, "proposed")
    assert tracking.PROPOSE_CONFIDENCE <= link["confidence"] < tracking.ASSERT_CONFIDENCE
    # A proposed link does not join threads, and keeps the old row from counting as dropped.
    assert item_of(fresh_db, sessions)["thread_id"] == sessions
    assert item_of(fresh_db, events)["status"] == "open"


def test_tracking_decisions_are_not_tracked(fresh_db):
    report = Paper("lscsb.docx", authority=LEICS, date="2017-06-02", kind="committee_report")
    report.rec("17", "That the Board notes the contents of the report", kind="decision")
    assert write(fresh_db, report).records == 0


# --- Status ----------------------------------------------------------------------------------

def test_tracking_later_benchmark_score_implies_implemented(fresh_db, decks):
    deck_2023, deck_2024, ids = decks
    write(fresh_db, deck_2023, deck_2024)
    item = item_of(fresh_db, ids["venue"])
    assert (item["status"], item["status_by"], item["status_rule"]) == ("implemented", "inferred", "benchmark")
    assert (item["evidence_document_id"], item["evidence_page"]) == (deck_2024.id, 7)
    assert item["evidence_quote"] == "venue_hire_it scored 4 in 2024"
    assert item["conflict"] == 0


def test_tracking_repeat_means_still_open(fresh_db, decks):
    deck_2023, deck_2024, ids = decks
    write(fresh_db, deck_2023, deck_2024)
    item = item_of(fresh_db, ids["training"])
    assert (item["status"], item["status_rule"], item["records"]) == ("open", "repeated", 2)
    assert (item["evidence_document_id"], item["evidence_page"]) == (deck_2024.id, 9)
    assert [row["rule"] for row in history(fresh_db, ids["training"])] == ["made"]


def test_tracking_conflicting_evidence_is_shown_not_resolved(fresh_db, decks):
    deck_2023, deck_2024, ids = decks
    write(fresh_db, deck_2023, deck_2024)
    item = item_of(fresh_db, ids["governance"])
    assert item["conflict"] == 1
    assert item["status"] == "open"  # the most open side, so it stays on the open list
    assert item["conflict_detail"].startswith("open (repeated")
    assert "implemented (benchmark" in item["conflict_detail"]
    listed = {row["thread_id"]: row for row in tracking.open_items(fresh_db, today=TODAY)}
    assert listed[ids["governance"]]["conflict"] == 1


def test_tracking_completion_words_in_a_later_paper(fresh_db, decks):
    deck_2023, deck_2024, ids = decks
    deck_2024.passage("Venue hire: a venue hire policy has been adopted by the council, so council owned premises "
                      "are not used by radicalising influencers.")
    deck_2024.passage("There is a venue hire policy in place to ensure that premises are not used by "
                      "radicalising influencers.", page=12)  # a target, not news
    write(fresh_db, deck_2023, deck_2024)
    rows = [row for row in history(fresh_db, ids["venue"]) if row["rule"] == "completion_words"]
    assert [(row["status"], row["evidence_page"]) for row in rows] == [("implemented", 11)]
    assert "'has been adopted'" in rows[0]["note"]


@pytest.mark.parametrize("written, status", [
    ("Complete", "implemented"), ("Completed July 2022", "implemented"), ("Green", "in_progress"),
    ("On track", "in_progress"), ("Amber", "in_progress"), ("Not started", "open"), ("Red", "open"),
    ("Superseded by the LLR plan", "superseded"), ("Withdrawn", "closed_not_implemented"), ("See above", None),
])
def test_tracking_written_status(written, status):
    assert tracking.written_to_status(written) == status


@pytest.mark.parametrize("text, phrase", [
    ("A venue hire policy has been adopted by Cabinet.", "adopted"),
    ("The training plan was completed in March 2024.", "completed"),
    ("Filtering is now in place on public computers.", "now in place"),
    ("There is a venue hire policy in place.", None),
    ("The policy is to be adopted next year.", None),
    ("Training should be completed by all staff.", None),
    ("Ensure that filtering is in place.", None),
])
def test_tracking_completion_phrase(text, phrase):
    found = tracking.completion_phrase(text)
    assert (found and found.split()[-1]) == (phrase and phrase.split()[-1])


@pytest.fixture
def plans():
    """Harborough's 2021-22 plan and a 2022-23 plan that carries some rows on, with written statuses."""
    plan_2021 = Paper("plan-2021.docx", authority=HARBOROUGH, period="2021-22", kind="action_plan")
    ict = plan_2021.action("7", ICT_2021, area="venue_hire_it", timescale="On going", lead="ICT Manager")
    comms = plan_2021.action("10", COMMS_2021, area="communications", lead="Community Safety officers")
    policies = plan_2021.action("4", "Regular review of HDC Safeguarding Policies to check they comply with "
                                     "statutory duty.", timescale="ongoing", lead="Safeguarding lead")
    plan_2022 = Paper("plan-2022.docx", authority=HARBOROUGH, period="2022-23", kind="action_plan")
    ict_again = plan_2022.action("4", ICT_2021, area="venue_hire_it", timescale="October 2022",
                                 status="Not started", lead="ICT Manager")
    comms_again = plan_2022.action("7", COMMS_2021, area="communications", timescale="by March 2023",
                                   status="Complete", lead="Community Safety officers")
    return plan_2021, plan_2022, {"ict": ict, "comms": comms, "policies": policies, "ict_again": ict_again,
                                  "comms_again": comms_again}


def test_tracking_written_status_is_extracted(fresh_db, plans):
    plan_2021, plan_2022, ids = plans
    write(fresh_db, plan_2021, plan_2022)
    comms = item_of(fresh_db, ids["comms"])
    assert (comms["status"], comms["status_by"], comms["evidence_quote"]) == ("implemented", "extracted", "Complete")
    ict = item_of(fresh_db, ids["ict"])
    assert (ict["status"], ict["status_by"], ict["record_id"]) == ("open", "extracted", ids["ict_again"])


def test_tracking_row_not_carried_into_next_plan_is_superseded(fresh_db, plans):
    plan_2021, plan_2022, ids = plans
    write(fresh_db, plan_2021, plan_2022)
    item = item_of(fresh_db, ids["policies"])
    assert (item["status"], item["status_rule"], item["evidence_document_id"]) == (
        "superseded", "not_carried", plan_2022.id)


def test_tracking_due_dates_and_overdue(fresh_db, plans):
    plan_2021, plan_2022, ids = plans
    write(fresh_db, plan_2021, plan_2022)
    ict = item_of(fresh_db, ids["ict"])
    assert (ict["due_date"], ict["timescale"]) == ("2022-10-31", "October 2022")
    before = {row["record_id"]: row for row in tracking.open_items(fresh_db, today=dt.date(2022, 10, 1))}
    after = {row["record_id"]: row for row in tracking.open_items(fresh_db, today=dt.date(2022, 11, 1))}
    assert (before[ids["ict_again"]]["overdue"], after[ids["ict_again"]]["overdue"]) == (0, 1)
    assert after[ids["ict_again"]]["age_days"] == (dt.date(2022, 11, 1) - dt.date(2022, 3, 31)).days
    assert ids["comms_again"] not in after  # implemented: neither open nor overdue


def test_tracking_recurrence_has_no_due_date(fresh_db):
    plan = Paper("plan-2021.docx", authority=HARBOROUGH, period="2021-22", kind="action_plan")
    rid = plan.action("2", "District Rep at Prevent Steering Group to ensure local concerns are raised.",
                      timescale="Quarterly")
    write(fresh_db, plan)
    item = item_of(fresh_db, rid)
    assert (item["due_date"], item["recurrence"]) == (None, "quarterly")


def test_tracking_open_list_pages_and_counts_are_the_whole_list(fresh_db):
    papers = []
    for authority in (LEICS, HARBOROUGH, STAFFS):
        plan = Paper(f"plan-{authority}.docx", authority=authority, period="2021-22", kind="action_plan")
        for n in range(7):
            area = ("venue_hire_it", "training", "referral_pathway")[n % 3]
            plan.action(str(n), f"Action {n} of {authority}: review the {area} arrangements and report to the board",
                        area=area, timescale=("March 2022", "Ongoing", None)[n % 3])
        papers.append(plan)
    write(fresh_db, *papers)
    for filters in ({}, {"area": "training"}, {"authority": LEICS.lower()}, {"overdue": True}):
        whole = tracking.select_open_items(fresh_db, **filters, today=TODAY)
        pages = [tracking.select_open_items(fresh_db, **filters, today=TODAY, limit=4, offset=start)
                 for start in range(0, len(whole) + 4, 4)]
        assert [item["thread_id"] for page in pages for item in page] == [item["thread_id"] for item in whole]
        assert tracking.count_open_items(fresh_db, **filters, today=TODAY) == len(whole) > 0
    whole = tracking.select_open_items(fresh_db, today=TODAY)
    assert len(whole) == 21 and [item["overdue"] for item in whole if item["authority_code"] == LEICS][:3] == [1, 1, 1]


def test_tracking_open_list_filters_ignore_case_in_any_alphabet(fresh_db):
    plan = Paper("plan-2021.docx", authority=HARBOROUGH, period="2021-22", kind="action_plan")
    welsh = plan.action("1", "Deliver WRAP training to all front-line staff.", lead="Siân Ólafsdóttir, Prevent Lead")
    plan.action("2", "Review the venue hire policy.", lead="Jane Smith")
    write(fresh_db, plan)
    for asked in ("SIÂN", "siân", "ólafsdóttir", "ÓLAFSDÓTTIR"):
        assert [item["record_id"] for item in tracking.open_items(fresh_db, owner=asked)] == [welsh], asked


def test_tracking_views_match_the_report(fresh_db, plans):
    plan_2021, plan_2022, ids = plans
    write(fresh_db, plan_2021, plan_2022)
    view = {row["record_id"]: row for row in fresh_db.query("select * from open_items")}
    assert view[ids["ict_again"]]["overdue"] == 1  # due 2022-10-31, long before the real today
    statuses = dict(fresh_db.execute("select record_id, status from current_status").fetchall())
    assert statuses[ids["comms"]] == statuses[ids["comms_again"]] == "implemented"


# --- User decisions --------------------------------------------------------------------------

def test_tracking_user_status_outranks_evidence_and_survives_reingest(fresh_db, decks):
    deck_2023, deck_2024, ids = decks
    write(fresh_db, deck_2023, deck_2024)
    tracking.set_status(fresh_db, ids["governance"][:8], "implemented", note="Plan agreed at the Board",
                        evidence_document="deck-2024.pptx", evidence_page=10)
    item = item_of(fresh_db, ids["governance"])
    assert (item["status"], item["status_by"], item["conflict"]) == ("implemented", "user", 0)
    # Re-extracting both papers regenerates the same ids, and the decision still holds.
    write(fresh_db, deck_2023, deck_2024)
    item = item_of(fresh_db, ids["governance"])
    assert (item["status"], item["status_by"], item["evidence_document_id"]) == ("implemented", "user", deck_2024.id)
    assert fresh_db["user_decisions"].count == 1


def test_tracking_of_two_decisions_in_one_second_the_later_holds(fresh_db, decks, monkeypatch):
    deck_2023, deck_2024, ids = decks
    write(fresh_db, deck_2023, deck_2024)
    monkeypatch.setattr(store, "now", lambda: "2025-01-01T10:00:00+00:00")  # times are kept to the second
    for status in ("implemented", "in_progress", "closed_not_implemented", "in_progress"):
        tracking.set_status(fresh_db, ids["governance"], status)
        assert item_of(fresh_db, ids["governance"])["status"] == status


def test_tracking_confirmed_and_rejected_links_survive_track(fresh_db):
    plan_2021 = Paper("plan-2021.docx", authority=HARBOROUGH, period="2021-22", kind="action_plan")
    events = plan_2021.action("9", "Arrange regular awareness events and communications to community based "
                                   "organisations to highlight or address any concerns around radicalisation.")
    plan_2022 = Paper("plan-2022.docx", authority=HARBOROUGH, period="2022-23", kind="action_plan")
    sessions = plan_2022.action("6", "Hold awareness sessions on radicalisation concerns with Parish Councils and "
                                     "community groups across the district.")
    write(fresh_db, plan_2021, plan_2022)
    tracking.set_link(fresh_db, sessions, events, confirm=True)  # order does not matter
    write(fresh_db, plan_2021, plan_2022)
    link = next(fresh_db.query("select * from record_links"))
    assert (link["from_id"], link["to_id"], link["state"]) == (events, sessions, "confirmed")
    assert item_of(fresh_db, sessions)["thread_id"] == events
    tracking.set_link(fresh_db, events, sessions, confirm=False)
    write(fresh_db, plan_2021, plan_2022)
    assert [r["state"] for r in fresh_db.query("select state from record_links")] == ["rejected"]
    assert item_of(fresh_db, sessions)["thread_id"] == sessions


def test_tracking_unknown_record_and_status(fresh_db):
    with pytest.raises(tracking.UnknownRecord):
        tracking.set_status(fresh_db, "feedface", "implemented")
    with pytest.raises(tracking.BadStatus):
        tracking.set_status(fresh_db, "feedface", "done")


# --- Command line ----------------------------------------------------------------------------

@pytest.fixture
def db_file(tmp_path, decks, plans):
    path = tmp_path / "prevent.db"
    db = store.open_db(path)
    store.load_authorities(db, pipeline.AUTHORITIES_CSV)  # as ingest does
    write(db, decks[0], decks[1], plans[0], plans[1])
    db.close()
    return path, {**decks[2], **plans[2]}


def invoke(*args: str):
    return CliRunner().invoke(cli.cli, [str(arg) for arg in args])


def test_tracking_cli_status_set_and_show(db_file):
    path, ids = db_file
    result = invoke("status", "set", ids["training"], "in_progress", "--note", "Plan drafted",
                    "--evidence", "deck-2024.pptx:9", "--db", path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{ids['training']}: in_progress (user, ")
    result = invoke("status", "show", ids["training_again"], "--db", path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"thread {ids['training']}: in_progress (user, user)")
    assert "asserted" in result.output and "Plan drafted" in result.output
    shown = json.loads(invoke("status", "show", ids["training"], "--json", "--db", path).output)
    assert [r["id"] for r in shown["records"]] == [ids["training"], ids["training_again"]]
    assert [row["rule"] for row in shown["history"]] == ["made", "repeated", "user"]


def test_tracking_cli_errors_are_one_line(db_file):
    path, _ = db_file
    result = invoke("status", "set", "feedface", "implemented", "--db", path)
    assert result.exit_code == 1
    assert result.output.startswith("Error: feedface: no recommendation or action has this id")
    assert invoke("status", "set", "feedface", "done", "--db", path).exit_code == 2
    assert invoke("status", "set", "feedface", "open", "--evidence", "nopage", "--db", path).exit_code == 2


def test_tracking_cli_link_and_unlink(db_file):
    path, ids = db_file
    result = invoke("unlink", ids["training"], ids["training_again"], "--db", path)
    assert result.exit_code == 0 and result.output.strip().endswith(": rejected")
    assert invoke("track", "--db", path).exit_code == 0
    shown = json.loads(invoke("status", "show", ids["training_again"], "--json", "--db", path).output)
    assert shown["thread_id"] == ids["training_again"]
    result = invoke("link", ids["training_again"], ids["training"], "--db", path)
    assert result.output.strip() == f"{ids['training']} -> {ids['training_again']}: confirmed"


def test_tracking_cli_open_formats_and_filters(db_file):
    path, ids = db_file
    table = invoke("open", "--db", path)
    assert table.exit_code == 0
    assert "CONFLICT" in table.output and "open!" in table.output  # the ICT row is overdue
    rows = json.loads(invoke("open", "--format", "json", "--db", path).output)
    assert {row["record_id"] for row in rows} == {ids["training_again"], ids["governance_again"], ids["ict_again"]}
    harborough = json.loads(invoke("open", "--authority", "harborough", "--format", "json", "--db", path).output)
    assert [row["record_id"] for row in harborough] == [ids["ict_again"]]
    by_owner = json.loads(invoke("open", "--owner", "ict", "--format", "json", "--db", path).output)
    assert [row["owner"] for row in by_owner] == ["ICT Manager"]
    by_area = json.loads(invoke("open", "--area", "training", "--format", "json", "--db", path).output)
    assert [row["record_id"] for row in by_area] == [ids["training_again"]]
    csv_out = invoke("open", "--format", "csv", "--db", path).output.splitlines()
    assert csv_out[0].startswith("thread_id,record_id,") and len(csv_out) == 4


def test_tracking_cli_track_summary(db_file):
    path, _ = db_file
    result = invoke("track", "--db", path)
    assert result.exit_code == 0
    assert "in conflict" in result.output and "overdue" in result.output


# --- The corpus: real files across years -------------------------------------------------

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
HISTORY = [CORPUS / "000_293d27028f82d5b8.pptx", CORPUS / "001_833b9ff6c1116053.docx",
           CORPUS / "tracking" / "leicestershire_benchmarking_2024.pptx",
           CORPUS / "tracking" / "harborough_action_plan_2022-23.docx"]


@pytest.fixture(scope="module")
def history_db(tmp_path_factory) -> Path:
    """The two seed papers and their later-year papers, ingested (ingest runs tracking at its end)."""
    path = tmp_path_factory.mktemp("papers_db") / "prevent.db"
    report = pipeline.ingest(HISTORY, path)
    assert report.failed == 0, report.errors
    return path


def find(db, table: str, file_name: str, opening: str) -> str:
    """The id of the record of `table` in the paper `file_name` whose text starts so."""
    rows = db.execute(f"select r.id from {table} r join documents d on d.id = r.document_id "
                      f"where d.file_name = ? and r.text like ?", [file_name, opening + "%"]).fetchall()
    assert len(rows) == 1, (table, file_name, opening, rows)
    return rows[0][0]


DECK_2023, DECK_2024 = HISTORY[0].name, HISTORY[2].name
PLAN_2021, PLAN_2022 = HISTORY[1].name, HISTORY[3].name


@pytest.fixture(scope="module")
def papers_db(history_db):
    db = store.open_db(history_db, create=False)
    yield db
    db.close()


def evidence(db, record: str) -> list[tuple]:
    """A thread's status rows as (status, rule, file name, page), oldest first."""
    thread = db.execute("select thread_id from threads where record_id = ?", [record]).fetchone()[0]
    return db.execute("select h.status, h.rule, d.file_name, h.evidence_page from status_history h "
                      "join threads t on t.record_id = h.record_id left join documents d "
                      "on d.id = h.evidence_document_id where t.thread_id = ? order by h.at, h.rule",
                      [thread]).fetchall()


def test_tracking_corpus_repeated_training_recommendation_is_one_open_thread(papers_db):
    training = find(papers_db, "recommendations", DECK_2023, "A training strategy is being developed")
    again = find(papers_db, "recommendations", DECK_2024, "The training strategy developed by")
    assert item_of(papers_db, again)["thread_id"] == training
    item = item_of(papers_db, training)
    assert (item["status"], item["status_rule"], item["records"], item["conflict"]) == ("open", "repeated", 2, 0)
    assert evidence(papers_db, training) == [("open", "made", DECK_2023, 9), ("open", "repeated", DECK_2024, 5)]


def test_tracking_corpus_venue_hire_implemented_by_score_and_words(papers_db):
    venue = find(papers_db, "recommendations", DECK_2023, "Not meeting VH duty")
    item = item_of(papers_db, venue)
    assert (item["status"], item["status_by"], item["conflict"]) == ("implemented", "inferred", 0)
    assert evidence(papers_db, venue) == [
        ("open", "made", DECK_2023, 8),
        ("implemented", "benchmark", DECK_2024, 3),
        ("implemented", "completion_words", DECK_2024, 4),
    ]


def test_tracking_corpus_governance_evidence_conflicts(papers_db):
    governance = find(papers_db, "recommendations", DECK_2023, "Whilst governance is strong")
    item = item_of(papers_db, governance)
    assert (item["status"], item["conflict"], item["records"]) == ("open", 1, 2)
    assert "open (repeated" in item["conflict_detail"] and "implemented (benchmark" in item["conflict_detail"]


def test_tracking_corpus_action_plan_rows_carried_into_next_year(papers_db):
    csp = find(papers_db, "actions", PLAN_2021, "Prevent duties to be incorporated")
    assert (item_of(papers_db, csp)["status"], item_of(papers_db, csp)["evidence_quote"]) == ("implemented", "Complete")
    ict = item_of(papers_db, find(papers_db, "actions", PLAN_2021, "a) ICT to identify"))
    assert (ict["status"], ict["status_by"], ict["due_date"]) == ("open", "extracted", "2022-10-31")
    record = item_of(papers_db, find(papers_db, "actions", PLAN_2021, "To keep a record of compliance"))
    assert (record["status"], record["recurrence"], record["due_date"]) == ("in_progress", "monthly", None)
    policies = item_of(papers_db, find(papers_db, "actions", PLAN_2021, "Regular review of HDC Safeguarding"))
    assert (policies["status"], policies["status_rule"]) == ("superseded", "not_carried")


def test_tracking_corpus_reworded_row_is_proposed_not_joined(papers_db):
    events = find(papers_db, "actions", PLAN_2021, "Arrange regular awareness events")
    sessions = find(papers_db, "actions", PLAN_2022, "Arrange awareness sessions")
    state = papers_db.execute("select state from record_links where from_id = ? and to_id = ?",
                            [events, sessions]).fetchone()
    assert state == ("proposed",)
    assert item_of(papers_db, events)["status"] == "open"  # proposed successor: not counted as dropped
    assert item_of(papers_db, sessions)["thread_id"] == sessions


def test_tracking_corpus_overdue_items(papers_db):
    overdue = {row["text"][:30] for row in tracking.open_items(papers_db, today=TODAY) if row["overdue"]}
    assert overdue == {
        "a) ICT to identify what inform",  # October 2022, not started
        "Ensure publicly owned venues a",  # by March 2023, in progress
        "Ensure appropriate frontline s",  # Q4 2022/23, green
        "Arrange awareness sessions for",  # Jan 2023 to March 2023
        "Refresh the Harborough Situati",  # within 6 months of April 2022
    }
    assert not [row for row in tracking.open_items(papers_db, today=dt.date(2022, 9, 1)) if row["overdue"]]


def test_tracking_corpus_open_command(history_db):
    result = invoke("open", "--authority", "E10000018", "--db", history_db)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if not line.startswith(" ")]
    assert len(lines) == 5 and lines[-1] == "3 open items, 0 overdue (!)"  # Training, Governance, Engagement
    assert "CONFLICT" in result.output and "Prevent Partnership Plan and Governance" in result.output


def test_tracking_corpus_user_decision_survives_forced_reingest(tmp_path):
    path = tmp_path / "prevent.db"
    pipeline.ingest(HISTORY, path)
    db = store.open_db(path, create=False)
    governance = find(db, "recommendations", DECK_2023, "Whilst governance is strong")
    ids = {row[0] for row in db.execute("select id from recommendations union select id from actions")}
    db.close()
    result = invoke("status", "set", governance, "implemented", "--note", "Board reviewed", "--evidence",
                    f"{DECK_2024}:6", "--db", path)
    assert result.exit_code == 0, result.output
    result = invoke("ingest", *HISTORY, "--force", "--db", path)
    assert result.exit_code == 0, result.output
    assert "4 updated" in result.output
    db = store.open_db(path, create=False)
    assert {row[0] for row in db.execute("select id from recommendations union select id from actions")} == ids
    item = item_of(db, governance)
    assert (item["status"], item["status_by"], item["conflict"]) == ("implemented", "user", 0)
    assert db.execute("select note from status_history where asserted_by = 'user'").fetchall() == [("Board reviewed",)]
    db.close()


@pytest.mark.asyncio
async def test_tracking_corpus_canned_queries(history_db, tmp_path):
    from prevent_docs import serving

    datasette = serving.make_datasette(history_db, work_dir=tmp_path)
    response = await datasette.client.get("/prevent/open_items.json?authority=Harborough&area=&owner=ICT"
                                          "&_shape=array")
    assert response.status_code == 200
    assert [(row["status"], row["overdue"], row["due_date"]) for row in response.json()] == [
        ("open", 1, "2022-10-31")]
    response = await datasette.client.get("/prevent/proposed_links.json?_shape=array")
    assert [row["later_text"][:26] for row in response.json()] == ["Arrange awareness sessions"]


# --- A changed file: the user's decisions follow its records to the new version -------------

def record_ids(db_path: Path, file_name: str) -> dict[str, str]:
    """The opening (first 25 characters) of each recommendation and action of a paper to its id."""
    with store.open_db(db_path, create=False) as db:
        rows = db.execute("select r.id, r.text from recommendations r join documents d on d.id = r.document_id "
                          "where d.file_name = ? union all select a.id, a.text from actions a join documents d "
                          "on d.id = a.document_id where d.file_name = ?", [file_name, file_name]).fetchall()
    return {text[:25]: id_ for id_, text in rows}


def test_tracking_one_byte_changed_in_a_paper_keeps_its_decisions_and_links(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    deck = papers / "deck-2023.pdf"
    deck.write_bytes((CORPUS / "000_293d27028f82d5b8.pdf").read_bytes())
    (papers / DECK_2024).write_bytes(HISTORY[2].read_bytes())
    path = tmp_path / "prevent.db"
    assert invoke("ingest", papers, "--db", path).exit_code == 0
    old = record_ids(path, deck.name)
    governance, training = old["Whilst governance is stro"], old["A training strategy is be"]
    training_again = record_ids(path, DECK_2024)["The training strategy dev"]
    assert invoke("status", "set", governance, "implemented", "--note", "Board reviewed", "--evidence",
                  f"{deck.name}:10", "--db", path).exit_code == 0
    assert invoke("link", training, training_again, "--note", "same strategy", "--db", path).exit_code == 0

    data = deck.read_bytes()
    assert data.count(b"/DocChecksum /28") == 1
    deck.write_bytes(data.replace(b"/DocChecksum /28", b"/DocChecksum /29"))  # one byte of the file's metadata
    result = invoke("ingest", papers, "--db", path)
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output and "2 records with decisions carried over" in result.output
    assert "not carried" not in result.output

    new = record_ids(path, deck.name)
    assert new.keys() == old.keys() and not set(new.values()) & set(old.values())  # every id changed
    new_governance, new_training = new["Whilst governance is stro"], new["A training strategy is be"]
    with store.open_db(path, create=False) as db:
        item = item_of(db, new_governance)
        assert (item["status"], item["status_by"], item["evidence_page"]) == ("implemented", "user", 10)
        assert item["evidence_document_id"] == db.execute("select id from documents where file_name = ?",
                                                          [deck.name]).fetchone()[0]
        links = db.execute("select from_id, to_id, note from record_links where state = 'confirmed'").fetchall()
        assert links == [(new_training, training_again, "same strategy")]
        assert item_of(db, training_again)["thread_id"] == new_training
        assert db.execute("select count(*) from status_history where record_id in (?, ?)",
                          [governance, training]).fetchone() == (0,)
    # The old id still names the record, and says what it became.
    result = invoke("status", "show", governance, "--db", path)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{governance}: its paper changed on ")
    assert f"it is now {new_governance}, with its 1 decisions" in result.output
    assert f"thread {new_governance}: implemented (user, user)" in result.output

    # A decision given by the old id (from a note or an export made before the change) lands
    # on the record it became.
    result = invoke("status", "set", governance[:12], "in_progress", "--note", "reopened", "--db", path)
    assert result.exit_code == 0, result.output
    result = invoke("unlink", training, training_again, "--db", path)
    assert result.exit_code == 0 and result.output.strip() == f"{new_training} -> {training_again}: rejected"
    with store.open_db(path, create=False) as db:
        assert (item_of(db, new_governance)["status"], item_of(db, new_governance)["status_by"]) == (
            "in_progress", "user")
        assert item_of(db, training_again)["thread_id"] != new_training  # the threads are apart again
        assert db.execute("select count(*) from status_history where record_id = ?", [governance]).fetchone() == (0,)


def reword_cell(path: Path, old: str, new: str) -> None:
    """Re-save a Word file with `old` replaced by `new` in the one table cell paragraph that holds it."""
    import docx

    document = docx.Document(path)
    paragraphs = {id(p._p): p for table in document.tables for row in table.rows for cell in row.cells
                  for p in cell.paragraphs if old in p.text}
    assert len(paragraphs) == 1, (old, len(paragraphs))
    paragraph = next(iter(paragraphs.values()))
    text = paragraph.text.replace(old, new)
    for run in paragraph.runs[1:]:
        run.text = ""
    paragraph.runs[0].text = text
    document.save(path)


def test_tracking_reworded_record_of_a_resaved_paper_is_reported_not_carried_over(tmp_path):
    papers = tmp_path / "papers"
    papers.mkdir()
    plan = papers / "plan-2021.docx"
    plan.write_bytes(HISTORY[1].read_bytes())
    (papers / PLAN_2022).write_bytes(HISTORY[3].read_bytes())
    path = tmp_path / "prevent.db"
    assert invoke("ingest", papers, "--db", path).exit_code == 0
    old = record_ids(path, plan.name)
    ict, events = old["a) ICT to identify what i"], old["Arrange regular awareness"]
    compliance = old["To keep a record of compl"]
    sessions = record_ids(path, PLAN_2022)["Arrange awareness session"]
    for record, status in ((ict, "closed_not_implemented"), (compliance, "implemented")):
        result = invoke("status", "set", record, status, "--db", path)
        assert result.exit_code == 0, result.output
    assert invoke("link", events, sessions, "--db", path).exit_code == 0

    reword_cell(plan, "ICT to identify what information", "ICT to list what information")
    result = invoke("ingest", papers, "--db", path)
    assert result.exit_code == 0, result.output
    assert "1 updated" in result.output
    assert ("2 records with decisions carried over, 1 records with decisions not carried over" in result.output)
    assert (f"not carried over: {plan}: action {ict} ('a) ICT to identify what information can be access…'): the "
            f"changed file has no action with its text; its 1 decisions stay under the old id") in result.output

    new = record_ids(path, plan.name)
    assert "a) ICT to identify what i" not in new and "a) ICT to list what infor" in new
    with store.open_db(path, create=False) as db:
        new_compliance = new["To keep a record of compl"]
        assert (item_of(db, new_compliance)["status"], item_of(db, new_compliance)["status_by"]) == (
            "implemented", "user")
        assert db.execute("select from_id, to_id from record_links where state = 'confirmed'").fetchall() == [
            (new["Arrange regular awareness"], sessions)]
        # The reworded row is a new record with no decision; the old decision is kept, orphaned.
        assert item_of(db, new["a) ICT to list what infor"])["status_by"] != "user"
        assert db.execute("select status from status_history where record_id = ? and asserted_by = 'user'",
                          [ict]).fetchall() == [("closed_not_implemented",)]
        assert db.execute("select new_id, decisions from record_versions where old_id = ?", [ict]).fetchone() == (
            None, 1)
    result = invoke("status", "show", ict, "--db", path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {ict}: orphaned: its paper (plan-2021.docx) changed on ")
    assert "no action of the new version has its text; its 1 decisions are kept under this id" in result.output


# --- An ingest tracks only when what tracking reads has changed ---------------------------------

def test_tracking_an_unchanged_reingest_does_not_track_again_but_one_after_a_stop_or_a_decision_does(
        tmp_path, monkeypatch):
    """Tracking recomputes from scratch (minutes on a national database). An ingest stopped
    after its last paper is written but before tracking leaves the papers untracked: the next,
    unchanged, ingest tracks them; the one after has nothing to do; a user's decision since
    is an input too."""
    import os
    import shutil
    import signal

    folder = tmp_path / "papers"
    folder.mkdir()
    for name in ("000_293d27028f82d5b8.txt", "001_833b9ff6c1116053.txt"):
        shutil.copy(Path(__file__).resolve().parents[1] / "corpus" / name, folder / name)
    db_path = tmp_path / "prevent.db"
    written = []

    def stop_after_the_last(result):
        written.append(result)
        if len(written) == 2:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C as the last paper is written

    stopped = pipeline.ingest([folder], db_path, on_result=stop_after_the_last)
    assert (stopped.stopped_by, stopped.new) == ("SIGINT", 2)
    db = store.open_db(db_path)
    tracking.ensure_schema(db)
    assert db["tracked_items"].count == 0

    runs = []
    real_compute_links = tracking.compute_links  # done by a full tracking only (a decision refreshes)
    monkeypatch.setattr(tracking, "compute_links", lambda *args: runs.append(1) or real_compute_links(*args))
    assert pipeline.ingest([folder], db_path).unchanged == 2
    assert runs == [1], "the papers of the stopped ingest were not tracked"
    tracked = [dict(row) for row in db.query("select * from tracked_items order by thread_id")]
    assert tracked

    assert pipeline.ingest([folder], db_path).unchanged == 2
    assert runs == [1], "an unchanged ingest tracked again"
    assert [dict(row) for row in db.query("select * from tracked_items order by thread_id")] == tracked

    item = tracked[0]["record_id"]
    tracking.set_status(db, item, "implemented", note="signed off")
    assert pipeline.ingest([folder], db_path).unchanged == 2
    assert runs == [1, 1], "a decision since the last tracking is an input"
    assert tracking.inputs_fingerprint(db) == store.tracked_inputs(db)
