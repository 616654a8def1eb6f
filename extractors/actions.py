"""Actions: the rows of action-plan tables, and forward commitments written as prose.

An action-plan table is recognised by its header: a column naming the action ("Action",
"Key Actions", "What we have committed to", "Task") and at least one naming its lead or
its timescale ("Lead officer", "Owner", "Led by", "Timescale", "By when"). Each row is
one action; a cell's paragraphs and lettered sub-items are kept whole, joined by spaces,
and its own number ("1. To keep a record ...") is split off.

Deliberately not action plans:

- risk registers (a header with Risk, Likelihood, Impact, Consequence or Mitigation), even
  where they have "Action" and "Owner" columns: their rows are risks, and the action cell
  lists controls of a risk rather than what a plan commits to deliver;
- budget, grant and contract schedules and indicator tables ("Objectively Verifiable
  Indicator | Timescale | Progress"), which have no action column at all.

A table such as KCC's ICS priorities ("What we have committed to | Led by | Timescale |
Measure") is an action plan: every row is a commitment with a lead and a date. So is a plan
with no action column whose rows are objectives or priorities ("Objective | Lead officer |
Target date"), but only with both a lead and a timescale column, since a list of objectives
with owners alone is a strategy, not a plan. Where a plan has both, the action column is the
action and the objective only its context.

The status column ("RAG", "Status", "Progress", "Update") goes in `status`; where a plan has
a RAG column and an update column, the RAG rating is the status.

Prose commitments are kept conservative, since a false one costs more than a missed one:
first-person commitments with a future verb ("We will ...", "We have committed to ..."),
formal ones with "shall", and "... will be required to ...". Ongoing business ("will
continue to") and forecasts ("this will create") are not commitments.

Minutes record undertakings given at the meeting: "Officers agreed to bring back a report
...", "Jo Bloggs, Head of Community Safety, undertook to remind ...", "Kevin Sexton indicated
that he would pursue that". The officer, person or role who gave it leads the action. The
committee itself agreeing ("Members agreed to ...") is a decision, a recommendation record,
and a report's "the Leader agreed to ..." recalls history, so only minutes are read for these.
"""

from __future__ import annotations

import re

from extractors.areas import text_to_area
from extractors.readers.numbering import split_number
from extractors.recommendations import is_minuted
from extractors.text import MONTH_NAMES
from schemas.document import Block, BlockKind, Document
from schemas.records import Action, DocumentMeta, normalise_key, record_id

#: Header patterns for each column role, tried in this order (a "Lead officer" is a lead,
#: a "Target date" a timescale, an "Action status" a status), so the first match wins.
COLUMN_ROLES: tuple[tuple[str, re.Pattern], ...] = (
    ("number", re.compile(r"^(?:no\.?|ref\.?|#|number|item)$", re.I)),
    ("lead", re.compile(r"\blead\b|\bleads\b|\bowners?\b|responsib|\bwho\b|led by|by whom|action by|accountable"
                        r"|\bofficer\b|\bpartners?\b", re.I)),
    ("timescale", re.compile(r"time\s*-?\s*scales?|timescal|deadline|by when|\bwhen\b|\bdates?\b|timeline"
                             r"|time\s*frame|completion|\bdue\b|milestone", re.I)),
    ("status", re.compile(r"\brag\b|status|progress|update|comments?", re.I)),
    ("outcome", re.compile(r"outcome|measure|success|criteria|\bkpis?\b|impact|target|indicator|output", re.I)),
    ("action", re.compile(r"action|\bwhat\b|\btasks?\b|activit|committed|commitment|deliverable|intervention"
                          r"|\bsteps?\b", re.I)),
    ("objective", re.compile(r"\bobjectives?\b|\bpriorit(?:y|ies)\b|\baims?\b|\bgoals?\b", re.I)),
)
#: A header naming any of these is a risk register, not an action plan.
RISK_REGISTER = re.compile(r"\brisk\b|likelihood|probability|consequence|mitigat|\bimpact score", re.I)

#: Forward commitments, each tried against a sentence: first person with a future verb
#: (after at most a short opener, "At the same time, we ..."), a named body that "shall"
#: do something, or a requirement. "how we will ..." inside a sentence describes a plan.
_COMMITMENTS = (
    re.compile(r"^(?:[A-Z][^.,;:]{0,30},\s+)?[Ww]e\s+(?:will|shall|have committed to|are committed to|commit to)"
               r"\s+(?!continue\b)\w+"),
    re.compile(r"^(?:The\s+)?[A-Z][\w'’]*(?:\s+(?:[A-Z][\w'’]*|&|and|of))*\s+shall\s+(?!continue\b|not\b|be\b)\w+"),
    re.compile(r"^[A-Z][^.;:]{0,80}\bwill be required to\b"),
)
#: Sentences about the law ("Local authorities shall ... under section 26") state duties,
#: not what this paper's council commits to.
_STATUTORY = re.compile(r"\b(?:Act|[Ss]ection|[Rr]egulations?|legislation|statutory)\b")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n(?=[A-Z])")
_FOLDED_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
#: An undertaking minuted at the meeting: who gave it (a name, a role, "Officers"), an optional
#: role between commas, then "agreed to <verb>", "undertook to <verb>", "indicated that he would <verb>".
_UNDERTAKING = re.compile(
    r"(?P<who>\b[Oo]fficers|\b[Tt]he\s+[Oo]fficer|(?<![\w’'-])(?:[A-Z][\w’'-]+\s+(?:(?:of|for|and|&)\s+)?){0,6}[A-Z][\w’'-]+)"
    r"(?:,\s*(?P<role>[^,.;]{3,80}),)?\s+(?:agreed|undertook|indicated|confirmed|offered|promised|volunteered)\s+"
    r"(?:to\s+(?!be\b|note\b|the\b)[a-z]+|that\s+(?:he|she|they|officers|the\s+\w+)\s+would\s+(?!be\b|not\b)[a-z]+)")
#: When a minuted undertaking is due: "to the next meeting", "by March 2024", "within six weeks".
_WHEN = re.compile(rf"\b(?:the\s+(?:next|following)\s+(?:[\w-]+\s+){{0,4}}?meeting|a\s+future\s+(?:[\w-]+\s+){{0,4}}?meeting"
                   rf"|by\s+(?:the\s+end\s+of\s+)?(?:{MONTH_NAMES})\s+(?:19|20)\d\d|within\s+\w+\s+(?:weeks|months)"
                   rf"|in\s+\w+\s+months[’']?\s+time)\b", re.IGNORECASE)
#: Who, giving an undertaking, is the committee deciding or an organisation recalled, not a lead.
_NOT_A_LEAD = re.compile(r"\b(?:members?|committee|sub-committee|cabinet|council|board|panel|partnership|forum|group|"
                         r"government|office|it|this|there|they|we)$", re.IGNORECASE)
_NUMERIC = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")


def extract_actions(document: Document, meta: DocumentMeta) -> list[Action]:
    """The rows of every action-plan table, then prose commitments outside tables."""
    actions: list[Action] = []
    for block in join_continued_tables(document.blocks):
        if block.kind == BlockKind.table and block.rows:
            actions.extend(_table_actions(document, block))
    seen = {normalise_key(action.text) for action in actions}
    for block in document.blocks:
        if block.kind in (BlockKind.paragraph, BlockKind.list_item) and is_commitment(block.text):
            action = _prose_action(document, block)
            if normalise_key(action.text) not in seen:
                seen.add(normalise_key(action.text))
                actions.append(action)
    if is_minuted(document.blocks):
        for action in _undertakings(document):
            if normalise_key(action.text) not in seen:
                seen.add(normalise_key(action.text))
                actions.append(action)
    return actions


def _undertakings(document: Document) -> list[Action]:
    """Undertakings minuted at the meeting, one a sentence, led by whoever gave them."""
    actions = []
    for block in document.blocks:
        if block.kind not in (BlockKind.paragraph, BlockKind.list_item):
            continue
        for sentence in _FOLDED_SENTENCE.split(_join(block.text)):
            lead = undertaking_lead(sentence)
            if lead:
                actions.append(Action(
                    id=record_id(document.id, "action", block.number, normalise_key(sentence)[:200]),
                    document_id=document.id, number=block.number, text=sentence, area=text_to_area(sentence),
                    timescale=_when(sentence), lead=lead, source="prose", page=block.page))
    return actions


def _when(sentence: str) -> str | None:
    match = _WHEN.search(sentence)
    return match.group() if match else None


def undertaking_lead(sentence: str) -> str | None:
    """Who gave the undertaking a minuted sentence records ("Officers agreed to ..."), or None."""
    for match in _UNDERTAKING.finditer(sentence):
        who = re.sub(r"^[Tt]he\s+", "", match["who"]).strip()
        if not _NOT_A_LEAD.search(who):
            return who
    return None


def is_commitment(text: str) -> bool:
    """Whether a paragraph holds a forward commitment (see the module docstring)."""
    for sentence in _SENTENCE.split(text.strip()):
        sentence = " ".join(sentence.split())
        if any(pattern is _COMMITMENTS[0] or not _STATUTORY.search(sentence)
               for pattern in _COMMITMENTS if pattern.match(sentence)):
            return True
    return False


def header_roles(header: tuple[str, ...] | list[str]) -> dict[str, int]:
    """Column index of each role a header row names (first column wins for each role)."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(header):
        label = " ".join(cell.split())
        for role, pattern in COLUMN_ROLES:
            if label and pattern.search(label):
                roles.setdefault(role, index)
                break
    return roles


def is_action_header(header: tuple[str, ...] | list[str]) -> bool:
    """Whether a header row says action plan: an action column and a lead or timescale one."""
    if RISK_REGISTER.search(" ".join(header)):
        return False
    roles = header_roles(header)
    if "action" in roles:
        return "lead" in roles or "timescale" in roles
    return "objective" in roles and "lead" in roles and "timescale" in roles


def join_continued_tables(blocks: tuple[Block, ...] | list[Block]) -> list[Block]:
    """Blocks with a table that runs on over a page break joined back into one table.

    A table block straight after another of the same width continues it when its first
    row repeats the header (dropped) or is a plain data row; a first row whose leading
    cell is empty finishes the previous row, as rows broken over a page are.
    """
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (block.kind == BlockKind.table and block.rows and previous is not None
                and previous.kind == BlockKind.table and previous.rows
                and len(block.rows[0]) == len(previous.rows[0])):
            rows = list(block.rows)
            if [normalise_key(c) for c in rows[0]] == [normalise_key(c) for c in previous.rows[0]]:
                rows = rows[1:]
            elif is_action_header(rows[0]):
                out.append(block)
                continue
            merged = list(previous.rows)
            if rows and not rows[0][0].strip() and len(merged) > 1 and any(c.strip() for c in rows[0][1:]):
                merged[-1] = tuple(f"{a}\n{b}".strip() for a, b in zip(merged[-1], rows[0]))
                rows = rows[1:]
            merged.extend(rows)
            out[-1] = previous.model_copy(update={"rows": tuple(merged)})
            continue
        out.append(block)
    return out


def _join(cell: str) -> str:
    return " ".join(cell.split())


#: Rows searched for an action-plan header: a title row spanning the table may come first.
HEADER_SEARCH_ROWS = 3


def _table_actions(document: Document, block: Block) -> list[Action]:
    start = next((i for i, row in enumerate(block.rows[:HEADER_SEARCH_ROWS]) if is_action_header(row)), None)
    if start is None:
        return []
    header = block.rows[start]
    roles = header_roles(header)
    actions = []
    for row in block.rows[start + 1:]:
        def cell(role: str) -> str | None:
            index = roles.get(role)
            return _join(row[index]) or None if index is not None and index < len(row) else None

        text = cell("action") if "action" in roles else cell("objective")
        if not text or [normalise_key(c) for c in row] == [normalise_key(c) for c in header]:
            continue
        if not any(cell(role) for role in ("lead", "timescale", "outcome", "status")):
            continue  # a section title or preamble spanning the row, not an action
        number = cell("number")
        split, rest = split_number(text)
        if split is not None and _NUMERIC.match(split) and rest.strip():
            number, text = number or split, rest.strip()
        lead_index = roles.get("lead")
        lead = row[lead_index].strip() or None if lead_index is not None and lead_index < len(row) else None
        actions.append(Action(
            id=record_id(document.id, "action", number, normalise_key(text)[:200]),
            document_id=document.id, number=number, text=text, timescale=cell("timescale"),
            outcome=cell("outcome"), area=text_to_area(text), status=cell("status"), lead=lead,
            source="table", page=block.page,
        ))
    return actions


def _prose_action(document: Document, block: Block) -> Action:
    """A paragraph holding a commitment, kept whole so its context stays with it."""
    text = _join(block.text)
    return Action(id=record_id(document.id, "action", block.number, normalise_key(text)[:200]),
                  document_id=document.id, number=block.number, text=text, area=text_to_area(text),
                  source="prose", page=block.page)


__all__ = ["COLUMN_ROLES", "extract_actions", "header_roles", "is_action_header", "is_commitment", "join_continued_tables",
           "undertaking_lead"]
