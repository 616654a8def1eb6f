"""The scorer itself: a database built from the gold scores 1.0, and each known change to it
moves exactly the counts it should.

The database is written here with the standard library, straight from the gold files, so
these tests depend on nothing but the contract's table and column names.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from prevent_docs.cli import cli
from prevent_docs.errors import NotAPreventDatabase
from prevent_docs.evaluate import (
    GoldNotFound,
    NothingToScore,
    Report,
    evaluate_database,
    format_report,
    normalise_name,
    normalise_role,
    owner_sets_equal,
    text_score,
)

GOLD_DIR = Path(__file__).resolve().parents[1] / "corpus" / "gold"

SCHEMA = """
create table documents (id text primary key, file_name text, path text, format text, kind text, title text,
    authority_code text, body text, date text, period text);
create table benchmarks (id integer primary key, document_id text, authority_code text, year integer,
    area text, score integer, rating text, evidence text, page integer);
create table recommendations (id text primary key, document_id text, number text, title text, text text,
    area text, kind text, page integer);
create table actions (id text primary key, document_id text, number text, text text, timescale text,
    outcome text, lead text, source text, page integer);
create table owners (id text primary key, name text, role text, organisation text, email text, phone text);
create table action_owners (action_id text, owner_id text);
create table document_owners (document_id text, owner_id text, capacity text);
create table figures (id integer primary key, document_id text, value real, unit text, qualifier text,
    text text, page integer);
create table ingest_errors (path text, sha256 text, error text, detail text, at text);
"""

# Totals over the five gold files, counted by hand from corpus/gold/*.json.
GOLD_DOCUMENT_FIELDS = 22  # non-null kind/title/authority_code/body/date/period
GOLD_BENCHMARKS = 30
GOLD_RECOMMENDATIONS = 5
GOLD_ACTIONS = 10
GOLD_OWNERS = 19
GOLD_FIGURES = 15
GOLD_TOTAL = (GOLD_DOCUMENT_FIELDS + GOLD_BENCHMARKS + GOLD_RECOMMENDATIONS + GOLD_ACTIONS + GOLD_OWNERS
              + GOLD_FIGURES)


def add_gold_document(connection: sqlite3.Connection, gold: dict, stem: str, *, suffix: str = ".txt",
                      fmt: str = "txt") -> str:
    """Insert one gold file's required records as the rendering `stem + suffix`; returns its document id."""
    document_id = f"{stem}{suffix}"
    doc = gold["document"]
    connection.execute(
        "insert into documents values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [document_id, f"{stem}{suffix}", f"corpus/{stem}{suffix}", fmt, doc["kind"], doc["title"],
         doc["authority_code"], doc["body"], doc["date"], doc["period"]],
    )
    for row in gold["benchmarks"]:
        connection.execute(
            "insert into benchmarks (document_id, authority_code, year, area, score, evidence, page) "
            "values (?, ?, ?, ?, ?, ?, 1)",
            [document_id, row["authority_code"], row["year"], row["area"], row["score"], row.get("evidence")],
        )
    for index, row in enumerate(gold["recommendations"]):
        connection.execute(
            "insert into recommendations values (?, ?, ?, ?, ?, ?, ?, 1)",
            [f"{document_id}:r{index}", document_id, row["number"], row["title"], row["text"], row["area"],
             row["kind"]],
        )
    owner_ids: dict[str, str] = {}
    for index, owner in enumerate(gold["owners"]):
        owner_id = f"{document_id}:o{index}"
        connection.execute("insert into owners values (?, ?, ?, ?, ?, ?)",
                           [owner_id, owner["name"], owner["role"], owner["organisation"], owner["email"],
                            owner["phone"]])
        connection.execute("insert into document_owners values (?, ?, 'contact')", [document_id, owner_id])
        for key in (owner["name"], owner["role"]):
            if key:
                owner_ids.setdefault(key.lower(), owner_id)
    for index, action in enumerate(gold["actions"]):
        action_id = f"{document_id}:a{index}"
        connection.execute(
            "insert into actions values (?, ?, ?, ?, ?, ?, ?, 'table', 1)",
            [action_id, document_id, action["number"], action["text"], action["timescale"], action["outcome"],
             "; ".join(action["owners"])],
        )
        for text in action["owners"]:
            owner_id = owner_ids.get(text.lower())
            if owner_id is None:
                owner_id = owner_ids[text.lower()] = f"{document_id}:o:{text.lower()}"
                connection.execute("insert into owners (id, role) values (?, ?)", [owner_id, text])
            connection.execute("insert into action_owners values (?, ?)", [action_id, owner_id])
    for row in gold["figures"]:
        connection.execute(
            "insert into figures (document_id, value, unit, qualifier, text, page) values (?, ?, ?, ?, ?, 1)",
            [document_id, row["value"], row["unit"], row["qualifier"], row["text"]],
        )
    return document_id


def gold_to_database(db_path: Path, gold_dir: Path = GOLD_DIR, *,
                     renderings: tuple[tuple[str, str], ...] = ((".txt", "txt"),)) -> Path:
    """Build a contract database holding every gold file's required records, once per rendering."""
    connection = sqlite3.connect(db_path)
    connection.executescript(SCHEMA)
    for path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        for suffix, fmt in renderings:
            add_gold_document(connection, gold, path.stem, suffix=suffix, fmt=fmt)
    connection.commit()
    connection.close()
    return db_path


def execute(db_path: Path, sql: str, params: tuple = ()) -> int:
    """Run one change against the test database; returns the number of rows it touched."""
    connection = sqlite3.connect(db_path)
    count = connection.execute(sql, params).rowcount
    connection.commit()
    connection.close()
    return count


@pytest.fixture
def gold_db(tmp_path: Path) -> Path:
    return gold_to_database(tmp_path / "gold.db")


def counts(report: Report, record_type: str, group: str = "txt") -> tuple[int, int, int]:
    tally = report.groups[group].scores[record_type]
    return tally.tp, tally.fp, tally.fn


def test_evaluate_gold_database_scores_one_everywhere(gold_db: Path) -> None:
    report = evaluate_database(gold_db, GOLD_DIR)
    assert list(report.groups) == ["txt"]
    group = report.groups["txt"]
    assert len(group.renderings) == 5
    expected = {"document": GOLD_DOCUMENT_FIELDS, "benchmarks": GOLD_BENCHMARKS,
                "recommendations": GOLD_RECOMMENDATIONS, "actions": GOLD_ACTIONS, "owners": GOLD_OWNERS,
                "figures": GOLD_FIGURES}
    for record_type, tally in group.scores.items():
        assert (tally.tp, tally.fp, tally.fn) == (expected[record_type], 0, 0), record_type
        assert tally.precision == tally.recall == tally.f1 == 1.0
    assert group.micro.tp == GOLD_TOTAL
    assert group.micro.f1 == 1.0
    for record_type, fields in group.fields.items():
        for name, tally in fields.items():
            assert tally.accuracy == 1.0, (record_type, name)
    assert group.misses == group.false_records == group.field_errors == []
    assert report.unscored == [] and report.unrendered == []
    assert report.failures(1.0) == []


def test_evaluate_field_totals_count_only_non_null_gold(gold_db: Path) -> None:
    fields = evaluate_database(gold_db, GOLD_DIR).groups["txt"].fields
    assert fields["document"]["authority_code"].total == 5
    assert fields["document"]["body"].total == 3
    assert fields["document"]["period"].total == 1
    assert fields["actions"]["timescale"].total == 8  # actions 9 and 10 have no timescale
    assert fields["actions"]["owners"].total == 10
    assert fields["recommendations"]["title"].total == 3  # decisions have no title
    assert fields["owners"]["email"].total == 4
    assert fields["figures"]["qualifier"].total == 4  # over, at least, around, over


def test_evaluate_missing_benchmark_lowers_recall(gold_db: Path) -> None:
    execute(gold_db, "delete from benchmarks where document_id like '000%' and year = 2022 and area = 'training'")
    report = evaluate_database(gold_db, GOLD_DIR)
    tally = report.groups["txt"].scores["benchmarks"]
    assert (tally.tp, tally.fp, tally.fn) == (29, 0, 1)
    assert tally.precision == 1.0
    assert tally.recall == pytest.approx(29 / 30)
    [miss] = report.groups["txt"].misses
    assert miss.record == {"authority_code": "E10000018", "year": 2022, "area": "training", "score": 3}


def test_evaluate_altered_score_is_both_false_and_missed(gold_db: Path) -> None:
    assert execute(gold_db, "update benchmarks set score = 4 where document_id like '000%' "
                            "and year = 2023 and area = 'venue_hire_it'") == 1
    report = evaluate_database(gold_db, GOLD_DIR)
    tally = report.groups["txt"].scores["benchmarks"]
    assert (tally.tp, tally.fp, tally.fn) == (29, 1, 1)
    assert tally.precision == tally.recall == pytest.approx(29 / 30)
    assert report.groups["txt"].micro.f1 == pytest.approx(1 - 1 / GOLD_TOTAL)


def test_evaluate_evidence_row_needs_evidence(gold_db: Path) -> None:
    execute(gold_db, "update benchmarks set evidence = null where document_id like '001%' and area = 'training'")
    assert counts(evaluate_database(gold_db, GOLD_DIR), "benchmarks") == (29, 1, 1)


def test_evaluate_dropped_owner_lowers_owner_recall(gold_db: Path) -> None:
    assert execute(gold_db, "delete from document_owners where owner_id in "
                            "(select id from owners where name = 'Mick Harrison')") == 1
    report = evaluate_database(gold_db, GOLD_DIR)
    tally = report.groups["txt"].scores["owners"]
    assert (tally.tp, tally.fp, tally.fn) == (GOLD_OWNERS - 1, 0, 1)
    assert tally.recall == pytest.approx(18 / 19)


def test_evaluate_false_figure_lowers_precision_exactly(gold_db: Path) -> None:
    execute(gold_db, "insert into figures (document_id, value, unit, text, page) "
                     "values ('002_000fee0137df29e4.txt', 42, 'schools', '42 schools', 1)")
    report = evaluate_database(gold_db, GOLD_DIR)
    tally = report.groups["txt"].scores["figures"]
    assert (tally.tp, tally.fp, tally.fn) == (15, 1, 0)
    assert tally.precision == pytest.approx(15 / 16)
    assert tally.recall == 1.0
    micro = report.groups["txt"].micro
    assert micro.precision == pytest.approx(GOLD_TOTAL / (GOLD_TOTAL + 1))
    assert micro.f1 == pytest.approx(2 * GOLD_TOTAL / (2 * GOLD_TOTAL + 1))
    [false] = report.groups["txt"].false_records
    assert false.record_type == "figures" and false.record["value"] == 42


def test_evaluate_optional_records_are_not_false(gold_db: Path) -> None:
    execute(gold_db, "insert into figures (document_id, value, unit, text, page) "
                     "values ('004_6f02caab2e9af0f5.txt', 20349, 'likes', '20,349 likes', 14)")
    execute(gold_db, "insert into actions values ('x', '002_000fee0137df29e4.txt', '13', "
                     "'Alter Ego shall deliver further sessions of Going to Extremes for two weeks in October.', "
                     "'October', null, null, 'prose', 1)")
    execute(gold_db, "insert into owners (id, role, organisation) values ('po', 'Prevent Officer', 'LCC')")
    execute(gold_db, "insert into document_owners values ('002_000fee0137df29e4.txt', 'po', 'lead')")
    report = evaluate_database(gold_db, GOLD_DIR)
    for record_type in ("figures", "actions", "owners"):
        assert counts(report, record_type)[1] == 0, record_type
    assert report.groups["txt"].micro.f1 == 1.0


def test_evaluate_wrong_authority_is_false_and_missed(gold_db: Path) -> None:
    execute(gold_db, "update documents set authority_code = 'E10000018' where id like '003%'")
    report = evaluate_database(gold_db, GOLD_DIR)
    assert counts(report, "document") == (GOLD_DOCUMENT_FIELDS - 1, 1, 1)
    accuracy = report.groups["txt"].fields["document"]["authority_code"]
    assert (accuracy.correct, accuracy.total) == (4, 5)
    [error] = report.groups["txt"].field_errors
    assert (error.field, error.gold, error.found) == ("authority_code", "E10000028", "E10000018")


def test_evaluate_fuzzy_title_and_missing_date(gold_db: Path) -> None:
    execute(gold_db, "update documents set title = 'LSCSB UPDATE:  Prevent', date = null where id like '002%'")
    report = evaluate_database(gold_db, GOLD_DIR)
    assert counts(report, "document") == (GOLD_DOCUMENT_FIELDS - 1, 0, 1)
    [miss] = report.groups["txt"].misses
    assert miss.record == {"date": "2017-06-02"}


def test_evaluate_authority_named_where_gold_has_none(tmp_path: Path) -> None:
    gold = json.loads((GOLD_DIR / "002_000fee0137df29e4.json").read_text(encoding="utf-8"))
    gold["document"]["authority_code"] = None
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    (gold_dir / "002_000fee0137df29e4.json").write_text(json.dumps(gold), encoding="utf-8")
    db_path = gold_to_database(tmp_path / "one.db", gold_dir)
    # The database was built from the edited gold, so its authority is null: right.
    report = evaluate_database(db_path, gold_dir)
    assert counts(report, "document") == (4, 0, 0)
    assert report.groups["txt"].fields["document"]["authority_code"].correct == 1
    execute(db_path, "update documents set authority_code = 'E10000018'")
    report = evaluate_database(db_path, gold_dir)
    assert counts(report, "document") == (4, 1, 0)
    assert report.groups["txt"].scores["document"].precision == pytest.approx(4 / 5)


def test_evaluate_recommendation_text_matches_fuzzily(gold_db: Path) -> None:
    execute(gold_db, "update recommendations set text = '17. That the Board\nnotes the contents of the report.' "
                     "where document_id like '002%'")
    assert counts(evaluate_database(gold_db, GOLD_DIR), "recommendations") == (GOLD_RECOMMENDATIONS, 0, 0)
    execute(gold_db, "update recommendations set text = 'Training' where number = '2'")
    report = evaluate_database(gold_db, GOLD_DIR)
    assert counts(report, "recommendations") == (GOLD_RECOMMENDATIONS - 1, 1, 1)


def test_evaluate_recommendation_fields_are_checked(gold_db: Path) -> None:
    execute(gold_db, "update recommendations set area = 'training', title = 'Staff induction' where number = '1'")
    fields = evaluate_database(gold_db, GOLD_DIR).groups["txt"].fields["recommendations"]
    assert (fields["area"].correct, fields["area"].total) == (2, 3)
    assert (fields["title"].correct, fields["title"].total) == (2, 3)
    assert fields["kind"].accuracy == 1.0


def test_evaluate_action_fields_are_checked(gold_db: Path) -> None:
    execute(gold_db, "update actions set timescale = 'Annually' where number = '1'")
    execute(gold_db, "delete from action_owners where action_id in (select id from actions where number = '4')")
    report = evaluate_database(gold_db, GOLD_DIR)
    # The owner is still the document's (it is linked as a contact), so only the action's field drops.
    assert counts(report, "owners") == (GOLD_OWNERS, 0, 0)
    fields = report.groups["txt"].fields["actions"]
    assert (fields["timescale"].correct, fields["timescale"].total) == (7, 8)
    assert (fields["owners"].correct, fields["owners"].total) == (9, 10)
    assert fields["outcome"].accuracy == 1.0
    assert {error.field for error in report.groups["txt"].field_errors} == {"timescale", "owners"}


def test_evaluate_renderings_are_grouped_by_format(tmp_path: Path) -> None:
    db_path = gold_to_database(tmp_path / "all.db", renderings=(
        (".txt", "txt"), (".pdf", "pdf"), (".native", "docx")))
    execute(db_path, "delete from recommendations where document_id like '%.pdf'")
    report = evaluate_database(db_path, GOLD_DIR)
    assert list(report.groups) == ["txt", "pdf", "native"]
    assert report.groups["txt"].micro.f1 == report.groups["native"].micro.f1 == 1.0
    assert counts(report, "recommendations", "pdf") == (0, 0, GOLD_RECOMMENDATIONS)
    assert report.groups["pdf"].scores["recommendations"].precision == 1.0
    assert report.groups["pdf"].scores["recommendations"].f1 == 0.0
    assert report.failures(0.99) == [f"pdf {report.groups['pdf'].micro.f1:.3f}"]


def test_evaluate_unreadable_rendering_counts_every_gold_record_missed(gold_db: Path) -> None:
    execute(gold_db, "insert into ingest_errors values ('corpus/000_293d27028f82d5b8.pdf', 'x', "
                     "'UnreadableDocument', 'broken', '')")
    report = evaluate_database(gold_db, GOLD_DIR)
    [rendering] = report.groups["pdf"].renderings
    assert rendering.unreadable
    assert counts(report, "benchmarks", "pdf") == (0, 0, 20)
    assert counts(report, "document", "pdf") == (0, 0, 4)
    assert counts(report, "owners", "pdf") == (0, 0, 1)
    assert report.groups["pdf"].micro.recall == 0.0


def test_evaluate_lists_documents_without_gold(gold_db: Path) -> None:
    execute(gold_db, "insert into documents (id, file_name, format) values ('z', 'minutes-2020.pdf', 'pdf')")
    report = evaluate_database(gold_db, GOLD_DIR)
    assert report.unscored == ["minutes-2020.pdf"]
    assert list(report.groups) == ["txt"]


def test_evaluate_report_is_json_and_text(gold_db: Path) -> None:
    execute(gold_db, "delete from figures where value = 97")
    report = evaluate_database(gold_db, GOLD_DIR)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["groups"]["txt"]["scores"]["figures"]["fn"] == 1
    assert data["groups"]["txt"]["misses"][0]["record"]["value"] == 97
    text = format_report(report)
    assert "figures" in text and "micro-F1: txt" in text
    assert "a completion rate of 97%" not in text
    assert "a completion rate of 97%" in format_report(report, verbose=True)


def test_evaluate_missing_database_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotAPreventDatabase, match="does not exist"):
        evaluate_database(tmp_path / "absent.db", GOLD_DIR)


def test_evaluate_missing_gold_is_an_error(gold_db: Path, tmp_path: Path) -> None:
    with pytest.raises(GoldNotFound, match="does not exist"):
        evaluate_database(gold_db, tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(GoldNotFound, match="no gold files"):
        evaluate_database(gold_db, tmp_path / "empty")


def test_evaluate_database_without_gold_documents_is_an_error(tmp_path: Path) -> None:
    db_path = tmp_path / "other.db"
    connection = sqlite3.connect(db_path)
    connection.executescript(SCHEMA)
    connection.close()
    with pytest.raises(NothingToScore, match="ingest the corpus first"):
        evaluate_database(db_path, GOLD_DIR)


@pytest.mark.parametrize(("name", "expected"), [
    ("CIIr Gill Heath", "gill heath"),
    ("Cllr Master", "master"),
    ("Insp. Bill Knopp", "bill knopp"),
    ("Mr  Mick Harrison", "mick harrison"),
    ("Inspector", "inspector"),
])
def test_evaluate_normalise_name_drops_titles(name: str, expected: str) -> None:
    assert normalise_name(name) == expected


@pytest.mark.parametrize(("role", "expected"), [
    ("Community Safety officers", "community safety officer"),
    ("Service/ operational managers", "service operational manager"),
    ("Head of Community Safety & Protection", "head of community safety and protection"),
])
def test_evaluate_normalise_role_folds_case_punctuation_and_plural(role: str, expected: str) -> None:
    assert normalise_role(role) == expected


def test_evaluate_owner_sets_pair_off_one_to_one() -> None:
    found = [{"role": "Community Safety Manager"}, {"name": "Jo Bloggs", "role": "Assets Manager"}]
    assert owner_sets_equal(["Community Safety Manager", "Assets Manager"], found)
    assert owner_sets_equal(["community safety manager", "Jo Bloggs"], found)
    assert not owner_sets_equal(["Community Safety Manager"], found)
    assert not owner_sets_equal(["Community Safety Manager", "ICT Manager"], found)


def test_evaluate_text_score_searches_for_the_gold_opening() -> None:
    gold = "A training strategy is being developed by the Prevent Leads Operational Group (PLOG) for LLR"
    assert text_score(gold, "- " + gold + " and we would recommend that this is supported.") == 100
    assert text_score(gold, "training strategy") < 80


def test_evaluate_cli_prints_the_table(gold_db: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--db", str(gold_db), "--gold", str(GOLD_DIR), "--min-f1", "1"])
    assert result.exit_code == 0, result.output
    assert "micro-F1: txt 1.000" in result.output


def test_evaluate_cli_json(gold_db: Path) -> None:
    result = CliRunner().invoke(cli, ["evaluate", "--db", str(gold_db), "--gold", str(GOLD_DIR), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["groups"]["txt"]["micro"]["f1"] == 1.0


def test_evaluate_cli_min_f1_fails_with_one_error_line(gold_db: Path) -> None:
    execute(gold_db, "delete from figures")
    result = CliRunner().invoke(cli, ["evaluate", "--db", str(gold_db), "--gold", str(GOLD_DIR), "--min-f1", "0.95"])
    assert result.exit_code == 1
    f1 = 2 * (GOLD_TOTAL - GOLD_FIGURES) / (2 * GOLD_TOTAL - GOLD_FIGURES)
    assert result.output.splitlines()[-1] == f"Error: micro-F1 below 0.95: txt {f1:.3f}"


def test_evaluate_cli_nothing_to_score_is_one_error_line(tmp_path: Path) -> None:
    db_path = tmp_path / "empty.db"
    connection = sqlite3.connect(db_path)
    connection.executescript(SCHEMA)
    connection.close()
    result = CliRunner().invoke(cli, ["evaluate", "--db", str(db_path), "--gold", str(GOLD_DIR)])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no document in ")
    assert len(result.output.strip().splitlines()) == 1


def test_evaluate_owner_role_may_be_the_capacity_the_document_gives(gold_db: Path) -> None:
    execute(gold_db, "update owners set role = null where name = 'Ian Stubbs'")
    execute(gold_db, "update document_owners set capacity = 'presenter' where document_id like '000%'")
    fields = evaluate_database(gold_db, GOLD_DIR).groups["txt"].fields["owners"]
    assert fields["role"].accuracy == 1.0
    execute(gold_db, "update document_owners set capacity = 'author' where document_id like '000%'")
    fields = evaluate_database(gold_db, GOLD_DIR).groups["txt"].fields["owners"]
    assert fields["role"].correct == fields["role"].total - 1
