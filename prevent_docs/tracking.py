"""Tracking: recommendations and actions followed across papers and years.

A council's papers repeat themselves: a benchmarking deck repeats last year's
recommendation, an action plan carries rows into next year's plan and marks some of them
done. Tracking joins those records into threads and says, with its evidence, whether each
thread is still open. It reads stored records and writes its own tables through the store;
`track()` recomputes everything from scratch except the user's decisions.

Lineage
    Improvement recommendations and actions of the same authority (`documents.authority_code`)
    in different, dated papers are compared pairwise, earlier to later. Papers of the same
    date are renderings of one paper (a DOCX and its PDF) or papers of one meeting: their
    records are linked only as copies, at `ASSERT_CONFIDENCE` or more. Confidence is the
    rapidfuzz token-set ratio of their normalised title and text (plain ratio when either is
    shorter than `SHORT_TEXT_TOKENS` words, where token-set flatters), plus `SAME_AREA_BONUS`
    when both have the same benchmark area, minus `OTHER_AREA_PENALTY` when their areas
    differ, plus `SAME_NUMBER_BONUS` when they carry the same number. Each later record keeps
    its best earlier match (ties: the most recent paper): at `ASSERT_CONFIDENCE` or more the
    link is `asserted`, at `PROPOSE_CONFIDENCE` or more it is only `proposed`. A user
    `confirmed` or `rejected` a link with `prevent-docs link/unlink`; those states are kept,
    a rejected pair is never proposed again, and a record with a confirmed predecessor gets
    no computed one. A thread is a set of records joined by asserted or confirmed links; its
    id is the id of its earliest record. Committee decisions ("notes the report") are not
    tracked.

Status evidence (rows of `status_history`, each with document, page and quote)
    - `as_written` (extracted): a status, RAG or progress cell of the record itself:
      "Complete", "Done", "Blue" -> implemented; "On track", "Green", "Amber", "In progress",
      "Ongoing" -> in_progress; "Not started", "Red", "Delayed" -> open; "Superseded",
      "Replaced" -> superseded; "Withdrawn", "Closed", "Not implemented" -> closed_not_implemented.
    - `made` (inferred): the first record of a thread is open as of its own paper.
    - `repeated` (inferred): a later record of the thread with no written status means the
      thread is still open as of that later paper.
    - `benchmark` (inferred): a benchmark score of `IMPLEMENTED_SCORE` or more for the same
      authority and area, for a year after the record's paper, in a paper no older than it,
      means implemented.
    - `completion_words` (inferred): a passage of a later paper of the same authority that is
      about the record (similarity `PASSAGE_SIMILARITY`, same area when both have one) and says
      it was "completed", "adopted", "implemented" or is "now in place" means implemented.
    - `not_carried` (inferred): an action of an action plan that no later record continues
      (not even by a proposed link), when the authority has a later action plan, is
      superseded as of that plan.
    - user rows (`prevent-docs status set`) are kept across `track` and re-ingest.

User decisions on a changed file
    Record ids come from the file's sha256, so a re-saved paper's records all get new ids.
    The user's status rows and confirmed or rejected links move to the new version's record
    of the same type and normalised text (`store.carry_decisions`); table `record_versions`
    says what each old record became. An old id still names its record (`resolve_record`
    follows it to the new one); a record whose text changed is not carried over, its
    decisions stay under the old id, and the ingest and `status show` say so.

Current status (table `tracked_items`, one row per thread; views `current_status`, `open_items`)
    1. The latest user decision about any record of the thread, if there is one.
    2. Else the evidence of the latest evidence date (the paper's date, or the end of its
       period); among rows of that date, `as_written` outranks every inferred rule.
    3. If the strongest rows of that date disagree (a later benchmark says implemented while
       the same paper repeats the recommendation), `conflict` is 1, `conflict_detail` lists
       each side with its evidence, and the status shown is the most open of them, so a
       conflicted thread stays in `open_items` until a user decides.

Due dates come from the timescale of the latest record of the thread that has one, read by
`extractors.timescales` relative to that record's paper. A thread is overdue when its status
is open or in_progress and its due date is before today (injectable for tests).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from rapidfuzz import fuzz

from extractors import areas, timescales
from extractors.areas import text_to_area
from extractors.timescales import paper_date, parse_timescale
from prevent_docs import store
from prevent_docs.errors import PreventDocsError
from schemas.records import normalise_key

#: Links at or above this confidence join threads without asking.
ASSERT_CONFIDENCE = 0.85
#: Links at or above this (and below ASSERT_CONFIDENCE) are proposed for a user to confirm.
#: Unrelated rows of one council's plans score up to about 0.65 on shared words alone
#: ("Harborough Community Safety Partnership"), so proposals start above that.
PROPOSE_CONFIDENCE = 0.70
SAME_AREA_BONUS = 0.05
#: Small: the area of an action is guessed from its words, so two guesses may differ for one row.
OTHER_AREA_PENALTY = 0.10
SAME_NUMBER_BONUS = 0.03
#: Below this many words token-set ratio flatters a short text inside a long one.
SHORT_TEXT_TOKENS = 6
#: How much of a long text is compared: openings carry what a record is.
COMPARE_CHARS = 600
#: A benchmark score at or above this means the area's recommendations are implemented.
IMPLEMENTED_SCORE = 4
#: Token-set ratio a later passage needs with a record to count as being about it.
PASSAGE_SIMILARITY = 60
QUOTE_CHARS = 200

STATUSES = ("open", "in_progress", "implemented", "superseded", "closed_not_implemented")
OPEN_STATUSES = ("open", "in_progress")
LINK_STATES = ("asserted", "proposed", "confirmed", "rejected")
USER_LINK_STATES = ("confirmed", "rejected")
THREAD_LINK_STATES = ("asserted", "confirmed")
#: How strongly each kind of evidence speaks, among rows of the same date.
STRENGTH = {"as_written": 3, "completion_words": 2, "benchmark": 2, "repeated": 2, "made": 1, "not_carried": 1}

#: Written status words (lower-cased, searched in order) to the status they mean.
WRITTEN_STATUS: tuple[tuple[str, str], ...] = (
    (r"\bnot (?:yet )?started\b|\bnot begun\b|\boutstanding\b|\bdelayed\b|\boverdue\b|\bred\b|\bbehind\b", "open"),
    (r"\bnot implemented\b|\bwithdrawn\b|\bclosed\b|\bno longer (?:required|needed)\b|\bcancelled\b|\bdropped\b",
     "closed_not_implemented"),
    (r"\bsuperseded\b|\breplaced\b|\bmerged\b", "superseded"),
    (r"\bcomplete(?:d)?\b|\bdone\b|\bachieved\b|\bimplemented\b|\bblue\b|\bin place\b|\badopted\b", "implemented"),
    (r"\bon track\b|\bin progress\b|\bgreen\b|\bamber\b|\bongoing\b|\bon-going\b|\bstarted\b|\bunderway\b"
     r"|\bpartially\b|\bprogressing\b", "in_progress"),
)
#: Words that say a thing was done, and what must not come just before them.
_COMPLETION = re.compile(r"\b((?:(?:has|have|had|was|were)\s+(?:now\s+)?(?:been\s+)?)?"
                         r"(?:completed|adopted|implemented|achieved)|(?:is|are|now|been put|was put) in place)\b",
                         re.IGNORECASE)
_NOT_DONE = re.compile(r"\b(?:not|yet to|to be|will|would|should|need|needs|must|once|until|when|if|plans? to"
                       r"|aims? to|intends? to|ensure|there is|there are)\b[\w\s,/-]{0,25}$", re.IGNORECASE)


class UnknownRecord(PreventDocsError):
    """No recommendation or action has this id."""


class UnknownDocument(PreventDocsError):
    """No document has this id or file name."""


class BadStatus(PreventDocsError):
    """The status is not one of STATUSES."""


@dataclass
class Item:
    """A trackable record (improvement recommendation or action) with its paper's facts."""

    id: str
    type: str
    document_id: str
    number: str | None
    title: str | None
    text: str
    area: str | None
    written_status: str | None
    page: int
    timescale: str | None
    authority_code: str | None
    authority_name: str | None
    date: str | None  # the paper's date, or the end of its period
    document_date: str | None
    period: str | None
    document_kind: str | None
    key: str = ""

    def __post_init__(self) -> None:
        self.key = normalise_key(f"{self.title or ''} {self.text}")[:COMPARE_CHARS]


@dataclass
class TrackReport:
    """What `track` found: records, links by state, threads, and open items."""

    records: int = 0
    links: dict[str, int] = field(default_factory=dict)
    threads: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0
    overdue: int = 0


# --- Views ------------------------------------------------------------------------------

# The open_items view has no ORDER BY: its rows come in council order from the store's open-list
# index, and a view that sorts is sorted whole even to be counted (a second at 150,000 items,
# on every view of its Datasette page). Its table page sorts by any column on request.
_OVERDUE_SQL = ("case when status in ('open', 'in_progress') and due_date is not null "
                "and due_date < date('now') then 1 else 0 end")
VIEWS = {
    "current_status": """
        select threads.record_id, threads.record_type, threads.thread_id, tracked_items.status,
               tracked_items.status_by, tracked_items.status_rule, tracked_items.status_at,
               tracked_items.evidence_document_id, tracked_items.evidence_page, tracked_items.conflict,
               tracked_items.due_date, tracked_items.recurrence
        from threads join tracked_items on tracked_items.thread_id = threads.thread_id""",
    "open_items": f"""
        select thread_id, record_id, record_type, authority_code, authority_name, area, number, title, text,
               owner, status, status_by, {_OVERDUE_SQL} as overdue, due_date, recurrence, timescale,
               first_seen, last_seen, cast(julianday('now') - julianday(first_seen) as integer) as age_days,
               records, evidence_document_id, evidence_page, evidence_quote, conflict, conflict_detail,
               document_id, page
        from tracked_items
        where status in ('open', 'in_progress') or conflict = 1""",
}


def ensure_schema(db) -> None:
    """Create the tracking tables and views if they are missing."""
    store.ensure_tracking_schema(db, VIEWS)


# --- Loading ----------------------------------------------------------------------------

_ITEMS_SQL = """
select r.id, 'recommendation' as type, r.document_id, r.number, r.title, r.text, r.area, r.status,
       r.page, null as timescale, d.authority_code, d.authority_name, d.date, d.period, d.kind
from recommendations r join documents d on d.id = r.document_id
where r.kind = 'improvement'
union all
select a.id, 'action', a.document_id, a.number, null, a.text, a.area, a.status, a.page, a.timescale,
       d.authority_code, d.authority_name, d.date, d.period, d.kind
from actions a join documents d on d.id = a.document_id
"""


def load_items(db) -> list[Item]:
    """Every trackable record, with its paper's authority and date."""
    items = []
    for row in db.execute(_ITEMS_SQL).fetchall():
        (id_, type_, document_id, number, title, text, area, status, page, timescale, authority, authority_name,
         date_iso, period, kind) = row
        items.append(Item(id=id_, type=type_, document_id=document_id, number=number, title=title,
                          text=text or "", area=area, written_status=status, page=page or 1,
                          timescale=timescale, authority_code=authority, authority_name=authority_name,
                          date=paper_date(date_iso, period),
                          document_date=date_iso, period=period, document_kind=kind))
    return items


# --- Lineage ----------------------------------------------------------------------------

def similarity(a: Item, b: Item) -> float:
    """Wording similarity of two records, 0-100."""
    if min(len(a.key.split()), len(b.key.split())) < SHORT_TEXT_TOKENS:
        return fuzz.ratio(a.key, b.key)
    return fuzz.token_set_ratio(a.key, b.key)


def link_confidence(a: Item, b: Item) -> tuple[float, str]:
    """How sure we are that `b` continues `a`, 0-1, and how that was worked out."""
    score = similarity(a, b)
    confidence = score / 100
    method = [f"wording {score:.0f}"]
    if a.area and b.area:
        if a.area == b.area:
            confidence += SAME_AREA_BONUS
            method.append("same area")
        else:
            confidence -= OTHER_AREA_PENALTY
            method.append("other area")
    if a.number and b.number and normalise_key(a.number) == normalise_key(b.number):
        confidence += SAME_NUMBER_BONUS
        method.append("same number")
    return round(max(0.0, min(1.0, confidence)), 3), ", ".join(method)


def compute_links(items: list[Item], user_links: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    """The computed links: for each dated record, its best earlier match of the same authority."""
    rejected = {pair for pair, state in user_links.items() if state == "rejected"}
    confirmed_to = {to_id for (_, to_id), state in user_links.items() if state == "confirmed"}
    by_authority: dict[str, list[Item]] = {}
    for item in items:
        if item.authority_code and item.date:
            by_authority.setdefault(item.authority_code, []).append(item)
    links = []
    now = store.now()
    for group in by_authority.values():
        for later in group:
            if later.id in confirmed_to:
                continue
            best: tuple[float, str, str, str] | None = None
            for earlier in group:
                if (earlier.date, earlier.document_id) >= (later.date, later.document_id):
                    continue
                if (earlier.id, later.id) in rejected:
                    continue
                confidence, method = link_confidence(earlier, later)
                if earlier.date == later.date:  # another rendering of the same paper: copies only
                    if confidence < ASSERT_CONFIDENCE:
                        continue
                    method += ", same date"
                candidate = (confidence, earlier.date, earlier.id, method)
                if confidence >= PROPOSE_CONFIDENCE and (best is None or candidate[:2] > best[:2]):
                    best = candidate
            if best:
                confidence, _, earlier_id, method = best
                state = "asserted" if confidence >= ASSERT_CONFIDENCE else "proposed"
                links.append({"from_id": earlier_id, "to_id": later.id, "confidence": confidence,
                              "state": state, "method": method, "note": None, "at": now})
    return links


def compute_threads(items: list[Item], links: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Record id to thread id (the id of the thread's earliest record), over asserted and confirmed links."""
    parent = {item.id: item.id for item in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        if link["state"] in THREAD_LINK_STATES and link["from_id"] in parent and link["to_id"] in parent:
            parent[find(link["to_id"])] = find(link["from_id"])
    members: dict[str, list[Item]] = {}
    for item in items:
        members.setdefault(find(item.id), []).append(item)
    thread_of = {}
    for group in members.values():
        first = min(group, key=_order)
        for item in group:
            thread_of[item.id] = first.id
    return thread_of


def _order(item: Item) -> tuple[str, str, str]:
    return (item.date or "9999", item.type, item.id)


# --- Status evidence ----------------------------------------------------------------------

def written_to_status(text: str | None) -> str | None:
    """The status a written status cell means ("Complete", "Green", "Not started"), or None."""
    lowered = (text or "").lower()
    for pattern, status in WRITTEN_STATUS:
        if re.search(pattern, lowered):
            return status
    return None


def completion_phrase(text: str) -> str | None:
    """The words saying something was done ("has been adopted", "now in place"), or None.

    Targets and plans ("There is a venue hire policy in place", "to be completed") are not done.
    """
    for match in _COMPLETION.finditer(text):
        if not _NOT_DONE.search(text[max(0, match.start() - 40):match.start()]):
            return match.group(0)
    return None


def _row(item: Item, status: str, asserted_by: str, rule: str, *, document_id: str | None, page: int | None,
         quote: str | None, note: str, at: str | None) -> dict[str, Any]:
    return {"record_id": item.id, "status": status, "asserted_by": asserted_by,
            "evidence_document_id": document_id, "evidence_page": page,
            "quote": (quote or "")[:QUOTE_CHARS] or None, "note": note, "at": at, "rule": rule}


def own_evidence(thread: list[Item]) -> list[dict[str, Any]]:
    """What each record's own paper says: its written status, or made / repeated."""
    rows = []
    for index, item in enumerate(thread):
        written = written_to_status(item.written_status)
        if written:
            rows.append(_row(item, written, "extracted", "as_written", document_id=item.document_id,
                             page=item.page, quote=item.written_status, note="status as written", at=item.date))
        elif index == 0 or item.date == thread[0].date:  # the first paper, or another rendering of it
            rows.append(_row(item, "open", "inferred", "made", document_id=item.document_id, page=item.page,
                             quote=item.text, note="made in this paper", at=item.date))
        else:
            rows.append(_row(item, "open", "inferred", "repeated", document_id=item.document_id, page=item.page,
                             quote=item.text, note="repeated in a later paper: still open", at=item.date))
    return rows


def benchmark_evidence(thread: list[Item], benchmarks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Later benchmark scores of IMPLEMENTED_SCORE or more in a record's area: implemented."""
    rows, seen = [], set()
    for item in thread:
        if not (item.area and item.authority_code and item.date):
            continue
        year = int(item.date[:4])
        for mark in benchmarks:
            if (mark["authority_code"] != item.authority_code or mark["area"] != item.area
                    or mark["year"] is None or mark["year"] <= year or not mark["date"]
                    or mark["date"] < item.date or (mark["score"] or 0) < IMPLEMENTED_SCORE):
                continue
            key = (mark["date"], mark["year"])  # renderings of one deck say it once
            if key in seen:
                continue
            seen.add(key)
            quote = f"{item.area} scored {mark['score']} in {mark['year']}"
            rows.append(_row(item, "implemented", "inferred", "benchmark", document_id=mark["document_id"],
                             page=mark["page"], quote=quote,
                             note=f"later benchmark score of {IMPLEMENTED_SCORE} or more", at=mark["date"]))
    return rows


def passage_evidence(thread: list[Item], passages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Passages of later papers about a record that say it was done: implemented.

    `passages` are those with a completion phrase, each with its `phrase`, `key` and `area`.
    """
    rows, seen = [], set()
    for item in thread:
        if not (item.authority_code and item.date):
            continue
        for passage in passages:
            key = (passage["date"], passage["key"])  # renderings of one paper say it once
            if (passage["authority_code"] != item.authority_code or not passage["date"]
                    or passage["date"] <= item.date or key in seen):
                continue
            if item.area and passage["area"] and passage["area"] != item.area:
                continue
            if fuzz.token_set_ratio(item.key, passage["key"]) < PASSAGE_SIMILARITY:
                continue
            phrase = passage["phrase"]
            seen.add(key)
            rows.append(_row(item, "implemented", "inferred", "completion_words",
                             document_id=passage["document_id"], page=passage["page"], quote=passage["text"],
                             note=f"a later paper says {phrase!r}", at=passage["date"]))
    return rows


def not_carried_evidence(thread: list[Item], plans: list[dict[str, Any]], has_proposed: set[str]) -> list[dict]:
    """An action-plan row that the authority's next plan does not continue: superseded."""
    last = thread[-1]
    if (last.type != "action" or last.document_kind != "action_plan" or not last.date
            or any(item.id in has_proposed for item in thread)):
        return []
    later = [plan for plan in plans if plan["authority_code"] == last.authority_code
             and plan["date"] and plan["date"] > last.date]
    if not later:
        return []
    plan = min(later, key=lambda p: p["date"])
    return [_row(last, "superseded", "inferred", "not_carried", document_id=plan["id"], page=1,
                 quote=plan["title"], note="not carried into the next action plan", at=plan["date"])]


def current_status(rows: list[dict[str, Any]]) -> tuple[dict[str, Any], int, str | None]:
    """The deciding row of a thread's evidence, whether it is in conflict, and the conflict's sides."""
    user = [row for row in rows if row["asserted_by"] == "user"]
    if user:  # the latest decision; of two in one second (times are kept to the second), the one made last
        return max(enumerate(user), key=lambda pair: (pair[1]["at"] or "", pair[0]))[1], 0, None
    latest = max(row["at"] or "" for row in rows)
    at_latest = [row for row in rows if (row["at"] or "") == latest]
    strongest = max(STRENGTH.get(row["rule"], 0) for row in at_latest)
    top = [row for row in at_latest if STRENGTH.get(row["rule"], 0) == strongest]
    top.sort(key=lambda row: STATUSES.index(row["status"]))
    statuses = list(dict.fromkeys(row["status"] for row in top))
    if len(statuses) == 1:
        return top[0], 0, None
    sides = []
    for status in statuses:
        row = next(r for r in top if r["status"] == status)
        sides.append(f"{status} ({row['rule']}: {row['note']}; document {row['evidence_document_id'][:12]} "
                     f"page {row['evidence_page']})")
    return top[0], 1, " | ".join(sides)


# --- Recompute ----------------------------------------------------------------------------

def track(db, *, today: dt.date | None = None) -> TrackReport:
    """Recompute links, threads and statuses from the stored records, keeping user decisions."""
    ensure_schema(db)
    return _track(db, inputs_fingerprint(db), today=today)


def _track(db, fingerprint: str, *, today: dt.date | None) -> TrackReport:
    """`track()` on a database with the tracking schema, whose inputs have `fingerprint`."""
    items = load_items(db)
    user_links = {(r[0], r[1]): r[2] for r in db.execute(
        "select from_id, to_id, state from record_links where state in ('confirmed', 'rejected')").fetchall()}
    links = compute_links(items, user_links)
    store.replace_rows(db, "record_links", links, where="state in ('asserted', 'proposed')")
    report = refresh(db, items=items, today=today)
    store.set_tracked_inputs(db, fingerprint)
    return report


def track_if_changed(db, *, today: dt.date | None = None) -> TrackReport | None:
    """`track()`, unless it last ran to the end on the same inputs (`inputs_fingerprint`): None then.

    Every ingest ends here. Tracking recomputes from scratch, which takes minutes on a
    national database, and an unchanged quarterly re-run has nothing for it to do; a run
    stopped before tracking, or a user's decision since, leaves other inputs, so the next
    ingest tracks.
    """
    ensure_schema(db)
    fingerprint = inputs_fingerprint(db)
    if store.tracked_inputs(db) == fingerprint:
        return None
    return _track(db, fingerprint, today=today)


#: What tracking reads beyond the records of the stored papers, which a paper's id (the sha256
#: of its bytes) and extractor version fix: the register's names and the user's decisions.
_INPUTS_SQL = (
    "select id, extractor_version from documents order by id",
    "select gss_code, name from authorities order by gss_code",
    "select record_id, status, note, at from status_history where asserted_by = 'user' order by rowid",
    "select from_id, to_id, state from record_links where state in ('confirmed', 'rejected') order by 1, 2",
)


def inputs_fingerprint(db) -> str:
    """One hash of everything tracking's result depends on: the stored papers, the authorities,
    the user's decisions, and the source of the rules (this module and the timescale and area
    rules it applies), so that changed rules are applied on the next ingest."""
    digest = hashlib.sha256()
    for module in (sys.modules[__name__], timescales, areas):
        digest.update(Path(module.__file__).read_bytes())
    for sql in _INPUTS_SQL:
        for row in db.execute(sql).fetchall():
            digest.update(json.dumps(row).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def refresh(db, *, items: list[Item] | None = None, today: dt.date | None = None) -> TrackReport:
    """Recompute threads and statuses from the stored links (after a user decision)."""
    ensure_schema(db)
    items = load_items(db) if items is None else items
    links = [dict(zip(("from_id", "to_id", "state"), row))
             for row in db.execute("select from_id, to_id, state from record_links").fetchall()]
    thread_of = compute_threads(items, links)
    threads: dict[str, list[Item]] = {}
    for item in sorted(items, key=_order):
        threads.setdefault(thread_of[item.id], []).append(item)
    store.replace_rows(db, "threads", [
        {"record_id": item.id, "thread_id": thread_id, "record_type": item.type, "position": position}
        for thread_id, members in threads.items() for position, item in enumerate(members)])

    benchmarks = _dated(db, "select b.document_id, b.authority_code, b.year, b.area, b.score, b.page, "
                            "d.date as document_date, d.period from benchmarks b join documents d "
                            "on d.id = b.document_id where b.score is not null")
    passages = _dated(db, "select p.id, p.document_id, p.page, p.text, d.authority_code, d.date as document_date, "
                          "d.period from passages p join documents d on d.id = p.document_id "
                          "where d.authority_code is not null and (p.text like '%complete%' or "
                          "p.text like '%adopted%' or p.text like '%implemented%' or p.text like '%achieved%' "
                          "or p.text like '%in place%')")
    passages = [{**passage, "phrase": phrase, "key": normalise_key(passage["text"]),
                 "area": text_to_area(passage["text"])}
                for passage in passages if (phrase := completion_phrase(passage["text"]))]
    plans = _dated(db, "select id, authority_code, title, date as document_date, period from documents "
                       "where kind = 'action_plan'")
    has_proposed = {row[0] for row in db.execute("select from_id from record_links where state = 'proposed'")}
    computed = []
    for members in threads.values():
        computed += own_evidence(members) + benchmark_evidence(members, benchmarks)
        computed += passage_evidence(members, passages) + not_carried_evidence(members, plans, has_proposed)
    store.replace_rows(db, "status_history", computed, where="asserted_by != 'user'")

    history: dict[str, list[dict[str, Any]]] = {}
    for row in db.query("select * from status_history order by rowid"):  # in the order they were made
        history.setdefault(row["record_id"], []).append(row)
    owners = _owners(db)
    authority_names = dict(db.execute("select gss_code, name from authorities").fetchall())
    tracked = [_tracked_item(thread_id, members, history, owners, authority_names)
               for thread_id, members in threads.items()]
    store.replace_rows(db, "tracked_items", tracked)
    return _report(db, items, tracked, today)


def _dated(db, sql: str) -> list[dict[str, Any]]:
    rows = list(db.query(sql))
    for row in rows:
        row["date"] = paper_date(row.pop("document_date"), row.pop("period"))
    return rows


def _owners(db) -> dict[str, str]:
    """Action id to its owners' names or roles, else its lead cell as written."""
    owners = {}
    for action_id, names in db.execute(
            "select action_owners.action_id, group_concat(coalesce(owners.name, owners.role), '; ') "
            "from action_owners join owners on owners.id = action_owners.owner_id group by 1").fetchall():
        owners[action_id] = names
    for action_id, lead in db.execute("select id, lead from actions where lead is not null").fetchall():
        owners.setdefault(action_id, " ".join(lead.split()))
    return owners


def _tracked_item(thread_id: str, members: list[Item], history: dict[str, list[dict[str, Any]]],
                  owners: dict[str, str], authority_names: dict[str, str]) -> dict[str, Any]:
    last = members[-1]
    rows = [row for item in members for row in history.get(item.id, [])]
    decider, conflict, detail = current_status(rows)
    timed = next((item for item in reversed(members) if item.timescale), None)
    timescale = parse_timescale(timed.timescale, date_iso=timed.document_date, period=timed.period) if timed else None
    return {
        "thread_id": thread_id, "record_id": last.id, "record_type": last.type, "records": len(members),
        "authority_code": last.authority_code,
        "authority_name": authority_names.get(last.authority_code or "") or last.authority_name,
        "area": last.area, "number": last.number, "title": last.title, "text": last.text,
        "owner": owners.get(last.id), "document_id": last.document_id, "page": last.page,
        "first_seen": members[0].date, "last_seen": last.date,
        "timescale": timescale.text if timescale else None, "due_date": timescale.due if timescale else None,
        "recurrence": timescale.recurrence if timescale else None,
        "status": decider["status"], "status_by": decider["asserted_by"], "status_rule": decider.get("rule"),
        "status_at": decider["at"], "evidence_document_id": decider["evidence_document_id"],
        "evidence_page": decider["evidence_page"], "evidence_quote": decider["quote"] or decider["note"],
        "conflict": conflict, "conflict_detail": detail,
    }


def is_overdue(item: dict[str, Any], today: dt.date) -> bool:
    """An open or in-progress item whose due date has passed."""
    return bool(item["status"] in OPEN_STATUSES and item["due_date"] and item["due_date"] < today.isoformat())


def _report(db, items: list[Item], tracked: list[dict[str, Any]], today: dt.date | None) -> TrackReport:
    today = today or dt.date.today()
    report = TrackReport(records=len(items), threads=len(tracked))
    for state, count in db.execute("select state, count(*) from record_links group by 1").fetchall():
        report.links[state] = count
    for item in tracked:
        report.statuses[item["status"]] = report.statuses.get(item["status"], 0) + 1
        report.conflicts += item["conflict"]
        report.overdue += is_overdue(item, today)
    return report


# --- Reports --------------------------------------------------------------------------------

def open_items(db, *, authority: str | None = None, area: str | None = None, owner: str | None = None,
               today: dt.date | None = None) -> list[dict[str, Any]]:
    """Open, in-progress and conflicted threads, with owner, age, due date, overdue flag and evidence.

    `authority` matches a GSS code or part of a council's name, `owner` part of an owner's
    name or role; `today` (default: today) decides `overdue` and `age_days`.
    """
    ensure_schema(db)
    return select_open_items(db, authority=authority, area=area, owner=owner, today=today)


def select_open_items(conn, *, authority: str | None = None, area: str | None = None, owner: str | None = None,
                      status: str | None = None, overdue: bool = False, today: dt.date | None = None,
                      limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
    """`open_items` without creating the schema, so a read-only connection (serving) can ask too.

    `conn` is a sqlite3 connection or a sqlite-utils database with the tracking tables;
    `status` keeps one status (`conflict` keeps conflicted threads), `overdue` only overdue ones.
    Items come by council, overdue first, then by due date and age; `limit` and `offset` page
    through them in SQLite (which reads the councils in order from the store's open-list
    index), so the first page of 150,000 open items costs what a page costs.
    """
    today = today or dt.date.today()
    where, params = _open_filter(conn, authority=authority, area=area, owner=owner, status=status,
                                 overdue=overdue, today=today)
    cursor = conn.execute(
        f"select *, {_OVERDUE_ON} as overdue from {_open_source(conn, authority)} where {where}"
        " order by authority_name, overdue desc, coalesce(due_date, '9999'), coalesce(first_seen, ''), thread_id"
        " limit :limit offset :offset", {**params, "limit": -1 if limit is None else limit, "offset": offset})
    columns = [c[0] for c in cursor.description]
    found = []
    for row in (dict(zip(columns, values)) for values in cursor.fetchall()):
        row["age_days"] = (today - dt.date.fromisoformat(row["first_seen"])).days if row["first_seen"] else None
        found.append(row)
    return found


def count_open_items(conn, *, authority: str | None = None, area: str | None = None, owner: str | None = None,
                     status: str | None = None, overdue: bool = False, today: dt.date | None = None) -> int:
    """How many items `select_open_items` gives for these filters, counted in SQLite.

    """
    where, params = _open_filter(conn, authority=authority, area=area, owner=owner, status=status,
                                 overdue=overdue, today=today or dt.date.today())
    return conn.execute(f"select count(*) from {_open_source(conn, authority)} where {where}", params).fetchone()[0]


#: An ONS GSS code (E06000016), as the open list's authority filter may be given.
GSS_CODE = re.compile(r"[EWSN]\d{8}", re.IGNORECASE)
#: Which tracked items the open list holds (the condition of the store's open-list indexes).
_IS_OPEN = "(status in ('open', 'in_progress') or conflict = 1)"
#: Whether a tracked item is overdue on :today (the rule of `is_overdue`, in SQL).
_OVERDUE_ON = "(status in ('open', 'in_progress') and coalesce(due_date, '') <> '' and due_date < :today)"


def _open_filter(conn, *, authority, area, owner, status, overdue, today: dt.date) -> tuple[str, dict[str, Any]]:
    """The where clause and parameters of the open list with these filters (empty: no filter).

    Authority and owner filters match part of a name, ignoring case in any alphabet (Python's
    `casefold`; SQLite's `lower` folds only ASCII), against the few distinct names of open
    items, read from their indexes; the items are then found by the names that match.
    """
    clauses = [_IS_OPEN]
    params: dict[str, Any] = {"today": today.isoformat()}
    if authority and GSS_CODE.fullmatch(authority):  # a code, which no council's name holds
        clauses.append("authority_code = :authority")
        params["authority"] = authority.upper()
    elif authority:
        clauses.append("(authority_code = :authority or authority_name in (select value from json_each(:names)))")
        params |= {"authority": authority.upper(), "names": json.dumps(_open_values(conn, "authority_name", authority))}
    if area:
        clauses.append("area = :area")
        params["area"] = area
    if owner:
        clauses.append("owner in (select value from json_each(:owners))")
        params["owners"] = json.dumps(_open_values(conn, "owner", owner))
    if status:
        clauses.append("conflict = 1" if status == "conflict" else "status = :status")
        params["status"] = status
    if overdue:
        clauses.append(_OVERDUE_ON)
    return " and ".join(clauses), params


def _open_values(conn, column: str, part: str) -> list[str]:
    """The distinct values of `column` among open items that contain `part`, ignoring case."""
    folded = part.casefold()
    return [value for (value,) in conn.execute(f"select distinct {column} from tracked_items where {_IS_OPEN}")
            if value and folded in value.casefold()]


def _open_source(conn, authority: str | None) -> str:
    """`tracked_items`, read through the store's open-list index where the database has it
    (one council's items by code through the code's own index).

    The index holds every column the filters and the order read, so a count never reads the
    table and a page reads only its own rows. SQLite's planner does not see that: nearly every
    tracked item is open, and it would rather scan the table, or another partial index.
    """
    if authority and GSS_CODE.fullmatch(authority):
        return "tracked_items"
    found = conn.execute("select 1 from sqlite_master where type = 'index' and name = 'tracked_items_open_list'")
    return "tracked_items indexed by tracked_items_open_list" if found.fetchone() else "tracked_items"


# --- User decisions -------------------------------------------------------------------------

def resolve_record(db, record_id: str) -> str:
    """The full id of a recommendation or action, given its id or a unique prefix of it.

    The id of a record of a changed paper's previous version gives the record it became.
    """
    ensure_schema(db)
    matches = [row[0] for row in db.execute(
        "select id from recommendations where id like ? union select id from actions where id like ?",
        [record_id + "%", record_id + "%"]).fetchall()]
    if not matches:
        return _new_version(db, record_id)
    if len(matches) != 1:
        raise UnknownRecord(f"{record_id}: {len(matches)} recommendations or actions have ids starting so; "
                            f"give more of the id")
    return matches[0]


def _new_version(db, record_id: str) -> str:
    """The record an old record (of a changed paper's previous version) became, or UnknownRecord saying why not."""
    old_ids = [row[0] for row in db.execute("select old_id from record_versions where old_id like ?",
                                            [record_id + "%"]).fetchall()]
    if len(old_ids) != 1:
        raise UnknownRecord(f"{record_id}: no recommendation or action has this id; "
                            f"see `prevent-docs open` or the tracked_items table")
    version = store.record_version(db, old_ids[0])
    if version["new_id"] is None:
        paper = db.execute("select file_name from documents where id = ?", [version["new_document_id"]]).fetchone()
        raise UnknownRecord(
            f"{old_ids[0]}: orphaned: its paper ({paper[0] if paper else version['new_document_id'][:12]}) changed "
            f"on {version['at'][:10]} and no {version['record_type']} of the new version has its text; its "
            f"{version['decisions']} decisions are kept under this id (table record_versions)")
    return version["new_id"]


def resolve_document(db, reference: str) -> str:
    """A document id, given its sha256, a unique prefix of it, or its file name."""
    matches = [row[0] for row in db.execute("select id from documents where id like ? or file_name = ?",
                                            [reference + "%", reference]).fetchall()]
    if len(matches) != 1:
        raise UnknownDocument(f"{reference}: {'no' if not matches else len(matches)} documents match")
    return matches[0]


def _log(db, decision: str, record_id: str, other_id: str | None, value: str | None, note: str | None) -> None:
    db["user_decisions"].insert({"at": store.now(), "decision": decision, "record_id": record_id,
                                 "other_id": other_id, "value": value, "note": note}, pk="id")


def set_status(db, record_id: str, status: str, *, note: str | None = None, evidence_document: str | None = None,
               evidence_page: int | None = None) -> dict[str, Any]:
    """Record a user's decision about a record's status; it outranks all computed evidence."""
    if status not in STATUSES:
        raise BadStatus(f"{status}: not a status; use one of {', '.join(STATUSES)}")
    record_id = resolve_record(db, record_id)
    document_id = resolve_document(db, evidence_document) if evidence_document else None
    row = {"record_id": record_id, "status": status, "asserted_by": "user", "evidence_document_id": document_id,
           "evidence_page": evidence_page, "quote": None, "note": note, "at": store.now(), "rule": "user"}
    with db.atomic():
        db["status_history"].insert(row, alter=True)
        _log(db, "status", record_id, None, status, note)
    refresh(db)
    return row


def _record_dates(db, ids: tuple[str, str]) -> dict[str, str]:
    return {item.id: item.date or "" for item in load_items(db) if item.id in ids}


def set_link(db, first: str, second: str, *, confirm: bool, note: str | None = None) -> dict[str, Any]:
    """Confirm (`confirm=True`) or reject a link between two records, earlier to later."""
    first, second = resolve_record(db, first), resolve_record(db, second)
    if first == second:
        raise UnknownRecord(f"{first}: a record cannot be linked to itself")
    dates = _record_dates(db, (first, second))
    from_id, to_id = sorted((first, second), key=lambda i: (dates.get(i, ""), i))
    state = "confirmed" if confirm else "rejected"
    old = db.execute("select confidence, method from record_links where from_id = ? and to_id = ?",
                     [from_id, to_id]).fetchone()
    row = {"from_id": from_id, "to_id": to_id, "confidence": old[0] if old else None,
           "state": state, "method": (old[1] + "; " if old and old[1] else "") + "user", "note": note,
           "at": store.now()}
    with db.atomic():
        db.execute("delete from record_links where from_id = ? and to_id = ?", [to_id, from_id])
        db["record_links"].insert(row, pk=("from_id", "to_id"), replace=True)
        _log(db, "link" if confirm else "unlink", from_id, to_id, state, note)
    if confirm:  # a confirmed predecessor replaces any computed one
        db.execute("delete from record_links where to_id = ? and from_id != ? and state in ('asserted', 'proposed')",
                   [to_id, from_id])
    refresh(db)
    return row


def _replaced(db, asked: str, record_id: str) -> dict[str, Any] | None:
    """What `record_versions` says of the old record `asked` named, if it named one and not `record_id` itself."""
    if record_id.startswith(asked):
        return None
    old = db.execute("select old_id from record_versions where old_id like ?", [asked + "%"]).fetchone()
    return store.record_version(db, old[0]) if old else None


def thread_history(db, record_id: str) -> dict[str, Any]:
    """A record's thread: its records, links, status evidence (oldest first) and current status.

    Asked about a record of a changed paper's previous version, the thread of the record it
    became, with `replaced` saying so (else None).
    """
    asked = record_id
    record_id = resolve_record(db, record_id)
    row = db.execute("select thread_id from threads where record_id = ?", [record_id]).fetchone()
    if row is None:  # not tracked yet (or a committee decision)
        refresh(db)
        row = db.execute("select thread_id from threads where record_id = ?", [record_id]).fetchone()
    if row is None:
        raise UnknownRecord(f"{record_id}: committee decisions are not tracked")
    thread_id = row[0]
    replaced = _replaced(db, asked, record_id)
    members = [r[0] for r in db.execute("select record_id from threads where thread_id = ? order by position",
                                        [thread_id]).fetchall()]
    by_id = {item.id: item for item in load_items(db) if item.id in members}
    marks = ",".join("?" * len(members))
    links = list(db.query(f"select * from record_links where from_id in ({marks}) or to_id in ({marks}) "
                          "order by at", members + members))
    history = list(db.query(f"select status_history.*, documents.file_name from status_history left join "
                            f"documents on documents.id = status_history.evidence_document_id "
                            f"where record_id in ({marks}) order by coalesce(at, ''), asserted_by", members))
    current = db.execute("select * from tracked_items where thread_id = ?", [thread_id])
    columns = [c[0] for c in current.description]
    return {
        "record_id": record_id, "thread_id": thread_id, "replaced": replaced,
        "records": [{"id": i, "type": by_id[i].type, "document_id": by_id[i].document_id, "date": by_id[i].date,
                     "number": by_id[i].number, "text": by_id[i].text} for i in members if i in by_id],
        "links": links, "history": history,
        "current": dict(zip(columns, current.fetchone() or ())),
    }


__all__ = ["ASSERT_CONFIDENCE", "PROPOSE_CONFIDENCE", "STATUSES", "TrackReport", "open_items", "refresh",
           "select_open_items", "count_open_items", "set_link", "set_status", "thread_history", "track"]
