"""Score the records of a prevent-docs database against gold files.

Each gold file (`corpus/gold/<stem>.json`, format in `shared/gold/README.md`) says what a
correct extraction of one paper yields. Every document in the database whose file name has
that stem is a *rendering* of the paper (`000_....txt`, `000_....pdf`, `000_....pptx`) and is
scored on its own; scores are then summed per rendering group (`txt`, `pdf`, and `native`
for DOCX and PPTX), so a reader that loses tables shows up as one weak group.

Matching follows the gold README exactly:

- document fields: `kind`, `authority_code`, `date`, `period` exactly; `title`, `body` by
  token-set ratio >= 85 after lower-casing. A field whose gold value is null is not scored,
  except `authority_code`, where null is the right answer and naming a council is wrong.
- benchmarks: exactly on (`authority_code`, `year`, `area`, `score`); a gold row whose score
  is null matches on (`authority_code`, `area`) when the extracted row has evidence text.
- recommendations and actions: the best fuzzy match of `text` within the same document,
  one to one: partial ratio >= 80 of the gold text's first 120 characters.
- owners: by normalised name (titles such as Cllr, Insp., Mr, Dr removed) where the gold has
  a name, else by normalised role.
- figures: by `value` within the same document.
- records under `optional` are neither required nor counted as false.

Two readings the README leaves open are fixed here, and said so:

- Texts are compared lower-cased with white space folded, since extraction re-wraps lines.
  The gold opening is what is searched for, so an extracted text shorter than it is compared
  whole (plain ratio) rather than found inside the gold text; otherwise a three-word
  fragment would match any recommendation that contains it.
- Role strings are normalised by lower-casing, reading "&" as "and", dropping punctuation and
  a plural "s", because the gold itself writes one role as "Community Safety Officer" and
  "Community Safety officers". A document's owners are a set: owners that normalise to the
  same name or role count once.

The database is read with the standard library, read-only; `store.py` alone writes it.
"""

from __future__ import annotations

import json
import logging
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from prevent_docs.errors import NotAPreventDatabase, PreventDocsError

logger = logging.getLogger(__name__)

#: Token-set ratio a title or body needs to match (gold README).
TITLE_THRESHOLD = 85
#: Partial ratio a recommendation or action text, timescale or outcome needs (gold README).
TEXT_THRESHOLD = 80
#: How much of the gold text is searched for (gold README).
GOLD_PREFIX_CHARS = 120
#: Figures are equal when they differ by less than this fraction (floats from "£1.2m").
VALUE_TOLERANCE = 1e-6

RECORD_TYPES: tuple[str, ...] = ("document", "benchmarks", "recommendations", "actions", "owners", "figures")
DOCUMENT_FIELDS: tuple[str, ...] = ("kind", "title", "authority_code", "body", "date", "period")
RECOMMENDATION_FIELDS: tuple[str, ...] = ("number", "title", "area", "kind")
ACTION_FIELDS: tuple[str, ...] = ("number", "owners", "timescale", "outcome")
OWNER_FIELDS: tuple[str, ...] = ("role", "organisation", "email", "phone")
FIGURE_FIELDS: tuple[str, ...] = ("unit", "qualifier")

#: File format (or suffix) to rendering group.
FORMAT_GROUPS: dict[str, str] = {
    "txt": "txt", "text": "txt", "md": "txt",
    "pdf": "pdf",
    "docx": "native", "doc": "native", "pptx": "native", "ppt": "native", "odt": "native", "odp": "native",
}
GROUP_ORDER: tuple[str, ...] = ("txt", "pdf", "native")

#: Words before a name that are titles, not part of it ("CIIr" is how "Cllr" reads in some PDFs).
NAME_TITLES = frozenset({
    "cllr", "ciir", "clir", "councillor", "insp", "inspector", "mr", "mrs", "ms", "miss", "mx", "dr",
    "prof", "professor", "sir", "dame", "rev", "revd", "sgt", "sergeant", "pc", "supt", "superintendent",
    "det", "detective",
})


class GoldNotFound(PreventDocsError):
    """The gold directory does not exist or holds no gold files."""


class NothingToScore(PreventDocsError):
    """No document in the database is a rendering of any gold file."""


# --- scores -------------------------------------------------------------------------------


@dataclass
class Tally:
    """Counts of matched, false and missed records, and the precision, recall and F1 they give.

    With nothing found precision is 1.0, and with nothing to find recall is 1.0: a record
    type a paper does not have is not a failure when none is extracted.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"gold": self.tp + self.fn, "found": self.tp + self.fp, "tp": self.tp, "fp": self.fp,
                "fn": self.fn, "precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass
class FieldTally:
    """How many matched records had a field right, of those whose gold value is scored."""

    correct: int = 0
    total: int = 0

    def add(self, other: FieldTally) -> None:
        self.correct += other.correct
        self.total += other.total

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}


@dataclass
class Finding:
    """A gold record not found, a record found that the gold lacks, or a wrong field."""

    file_name: str
    record_type: str
    record: dict[str, Any]
    field: str | None = None
    gold: Any = None
    found: Any = None

    def describe(self) -> str:
        """One line naming the record, for verbose output."""
        parts = [self.file_name, self.record_type, _describe_record(self.record_type, self.record)]
        if self.field is not None:
            parts.append(f"{self.field}: gold {self.gold!r}, found {self.found!r}")
        return "  ".join(part for part in parts if part)

    def to_dict(self) -> dict[str, Any]:
        out = {"file_name": self.file_name, "record_type": self.record_type, "record": self.record}
        if self.field is not None:
            out |= {"field": self.field, "gold": self.gold, "found": self.found}
        return out


def _empty_scores() -> dict[str, Tally]:
    return {name: Tally() for name in RECORD_TYPES}


@dataclass
class RenderingScore:
    """The scores of one rendering (one document row, or one file that failed to ingest)."""

    file_name: str
    stem: str
    group: str
    unreadable: bool = False
    scores: dict[str, Tally] = field(default_factory=_empty_scores)
    fields: dict[str, dict[str, FieldTally]] = field(default_factory=dict)
    misses: list[Finding] = field(default_factory=list)
    false_records: list[Finding] = field(default_factory=list)
    field_errors: list[Finding] = field(default_factory=list)

    def count_field(self, record_type: str, name: str, correct: bool, *, record: dict[str, Any],
                    gold: Any, found: Any) -> None:
        """Count one scored field of a matched record, keeping the error if it is wrong."""
        tally = self.fields.setdefault(record_type, {}).setdefault(name, FieldTally())
        tally.total += 1
        if correct:
            tally.correct += 1
        else:
            self.field_errors.append(Finding(self.file_name, record_type, record, name, gold, found))

    @property
    def micro(self) -> Tally:
        return _summed(self.scores.values())


def _summed(tallies) -> Tally:
    """All record types' counts added up: what micro-F1 is computed from."""
    total = Tally()
    for tally in tallies:
        total.add(tally)
    return total


@dataclass
class GroupReport:
    """The renderings of one group (txt, pdf or native) and their summed scores."""

    name: str
    renderings: list[RenderingScore] = field(default_factory=list)

    @property
    def scores(self) -> dict[str, Tally]:
        totals = _empty_scores()
        for rendering in self.renderings:
            for name, tally in rendering.scores.items():
                totals[name].add(tally)
        return totals

    @property
    def micro(self) -> Tally:
        return _summed(self.scores.values())

    @property
    def fields(self) -> dict[str, dict[str, FieldTally]]:
        totals: dict[str, dict[str, FieldTally]] = {}
        for rendering in self.renderings:
            for record_type, fields in rendering.fields.items():
                for name, tally in fields.items():
                    totals.setdefault(record_type, {}).setdefault(name, FieldTally()).add(tally)
        return totals

    @property
    def misses(self) -> list[Finding]:
        return [finding for rendering in self.renderings for finding in rendering.misses]

    @property
    def false_records(self) -> list[Finding]:
        return [finding for rendering in self.renderings for finding in rendering.false_records]

    @property
    def field_errors(self) -> list[Finding]:
        return [finding for rendering in self.renderings for finding in rendering.field_errors]

    def to_dict(self) -> dict[str, Any]:
        return {
            "renderings": [
                {"file_name": r.file_name, "stem": r.stem, "unreadable": r.unreadable,
                 "micro": r.micro.to_dict()} for r in self.renderings
            ],
            "scores": {name: tally.to_dict() for name, tally in self.scores.items()},
            "micro": self.micro.to_dict(),
            "fields": {record_type: {name: tally.to_dict() for name, tally in fields.items()}
                       for record_type, fields in self.fields.items()},
            "misses": [finding.to_dict() for finding in self.misses],
            "false_records": [finding.to_dict() for finding in self.false_records],
            "field_errors": [finding.to_dict() for finding in self.field_errors],
        }


@dataclass
class Report:
    """The evaluation of one database against one gold directory."""

    db_path: str
    gold_dir: str
    groups: dict[str, GroupReport] = field(default_factory=dict)
    unscored: list[str] = field(default_factory=list)
    unrendered: list[str] = field(default_factory=list)

    def failures(self, min_f1: float) -> list[str]:
        """Groups whose micro-F1 is below `min_f1`, as "name 0.712" strings."""
        return [f"{name} {group.micro.f1:.3f}" for name, group in self.groups.items()
                if group.micro.f1 < min_f1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "db": self.db_path,
            "gold": self.gold_dir,
            "groups": {name: group.to_dict() for name, group in self.groups.items()},
            "unscored": self.unscored,
            "unrendered": self.unrendered,
        }


# --- normalisation and comparison -----------------------------------------------------------


def fold(text: str | None) -> str:
    """Lower-case and fold white space: how texts are compared."""
    return " ".join((text or "").lower().split())


def text_score(gold: str | None, found: str | None) -> float:
    """How well `found` contains the opening of `gold`: partial ratio over its first 120 characters.

    An extracted text shorter than the gold opening cannot contain it, so it is compared
    whole (plain ratio); see the module docstring.
    """
    needle = fold(gold)[:GOLD_PREFIX_CHARS]
    haystack = fold(found)
    if not needle or not haystack:
        return 0.0
    if len(haystack) < len(needle):
        return fuzz.ratio(needle, haystack)
    return fuzz.partial_ratio(needle, haystack)


def texts_match(gold: str | None, found: str | None) -> bool:
    """Whether `found` holds the opening of `gold` (partial ratio of at least 80)."""
    return text_score(gold, found) >= TEXT_THRESHOLD


def titles_match(gold: str | None, found: str | None) -> bool:
    """Whether two titles (or bodies) agree: token-set ratio of at least 85 after lower-casing."""
    if not gold or not found:
        return False
    return fuzz.token_set_ratio(fold(gold), fold(found)) >= TITLE_THRESHOLD


def _words(text: str | None) -> list[str]:
    return re.sub(r"[^\w@]+", " ", (text or "").lower().replace("&", " and ")).split()


def normalise_name(name: str | None) -> str:
    """A person's name without titles or punctuation: "Insp. Bill Knopp" is "bill knopp"."""
    words = _words(name)
    while len(words) > 1 and words[0] in NAME_TITLES:
        words.pop(0)
    return " ".join(words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def normalise_role(role: str | None) -> str:
    """A role without case, punctuation or plural: "Community Safety officers" is "community safety officer"."""
    return " ".join(_singular(word) for word in _words(role))


def normalise_number(number: str | int | None) -> str:
    """A paper's own number without its punctuation: "17." and "a)" are "17" and "a"."""
    return re.sub(r"[^\w.]+", "", str(number or "")).strip(".").lower()


def _digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def values_equal(gold: float | int | None, found: float | int | str | None) -> bool:
    """Whether two figure values are the same quantity."""
    if gold is None or found is None:
        return False
    try:
        a, b = float(gold), float(found)
    except (TypeError, ValueError):
        return False
    return math.isclose(a, b, rel_tol=VALUE_TOLERANCE, abs_tol=VALUE_TOLERANCE)


def _int_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return None


def _exact(gold: Any, found: Any) -> bool:
    if isinstance(gold, str) or isinstance(found, str):
        return (str(gold).strip() if gold is not None else None) == (
            str(found).strip() if found is not None else None)
    return gold == found


def owner_key(owner: dict[str, Any]) -> tuple[str, str]:
    """What identifies an owner: its normalised name, else role, else e-mail."""
    if normalise_name(owner.get("name")):
        return ("name", normalise_name(owner.get("name")))
    if normalise_role(owner.get("role")):
        return ("role", normalise_role(owner.get("role")))
    if owner.get("email"):
        return ("email", str(owner["email"]).strip().lower())
    return ("none", str(owner.get("id", "")))


def owners_match(gold: dict[str, Any], found: dict[str, Any]) -> bool:
    """By normalised name where the gold has a name, else by normalised role (else e-mail)."""
    if gold.get("name"):
        return normalise_name(gold["name"]) == normalise_name(found.get("name"))
    if gold.get("role"):
        return normalise_role(gold["role"]) == normalise_role(found.get("role"))
    if gold.get("email"):
        return str(gold["email"]).strip().lower() == str(found.get("email") or "").strip().lower()
    return False


def owner_sets_equal(gold: Sequence[str], found: Sequence[dict[str, Any]]) -> bool:
    """Whether an action's gold owners (names or roles) are exactly the owners linked to it.

    A gold string is matched by an owner whose normalised role, or normalised name, is the
    same; the two sides must pair off one to one.
    """
    wanted = list({normalise_role(text): text for text in gold}.values())

    def same(text: str, owner: dict[str, Any]) -> float:
        by_role = normalise_role(text) == normalise_role(owner.get("role"))
        by_name = bool(owner.get("name")) and normalise_name(text) == normalise_name(owner.get("name"))
        return 100.0 if by_role or by_name else 0.0

    pairs = match_one_to_one(wanted, found, same, 100.0)
    return len(pairs) == len(wanted) == len(found)


# --- matching -------------------------------------------------------------------------------


def match_one_to_one(gold: Sequence[Any], found: Sequence[Any], score: Callable[[Any, Any], float],
                     threshold: float) -> list[tuple[int, int]]:
    """Pair gold and found records one to one, best scores first, keeping pairs at or over `threshold`.

    Greedy assignment by descending score (ties in document order) is what "the best match
    within the same document" means for short lists, and keeps results explainable.
    """
    pairs = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            value = score(g, f)
            if value >= threshold:
                pairs.append((-value, gi, fi))
    pairs.sort()
    used_gold: set[int] = set()
    used_found: set[int] = set()
    matched = []
    for _, gi, fi in pairs:
        if gi in used_gold or fi in used_found:
            continue
        used_gold.add(gi)
        used_found.add(fi)
        matched.append((gi, fi))
    return sorted(matched)


def _benchmark_score(gold: dict[str, Any], found: dict[str, Any]) -> float:
    if gold.get("authority_code") != found.get("authority_code") or gold.get("area") != found.get("area"):
        return 0.0
    if gold.get("score") is None:
        return 100.0 if (found.get("evidence") or "").strip() else 0.0
    same = (_int_or_none(gold.get("year")) == _int_or_none(found.get("year"))
            and _int_or_none(gold.get("score")) == _int_or_none(found.get("score")))
    return 100.0 if same else 0.0


def _figure_score(gold: dict[str, Any], found: dict[str, Any]) -> float:
    if not values_equal(gold.get("value"), found.get("value")):
        return 0.0
    # Among equal values, prefer the figure whose phrase is most alike.
    return 100.0 + fuzz.token_set_ratio(fold(gold.get("text")), fold(found.get("text"))) / 1000


def _owner_score(gold: dict[str, Any], found: dict[str, Any]) -> float:
    return 100.0 if owners_match(gold, found) else 0.0


def _text_pair_score(gold: dict[str, Any], found: dict[str, Any]) -> float:
    return text_score(gold.get("text"), found.get("text"))


@dataclass(frozen=True)
class _Kind:
    """How one record type is matched and which fields are then checked."""

    score: Callable[[dict[str, Any], dict[str, Any]], float]
    threshold: float


KINDS: dict[str, _Kind] = {
    "benchmarks": _Kind(_benchmark_score, 100.0),
    "recommendations": _Kind(_text_pair_score, TEXT_THRESHOLD),
    "actions": _Kind(_text_pair_score, TEXT_THRESHOLD),
    "owners": _Kind(_owner_score, 100.0),
    "figures": _Kind(_figure_score, 100.0),
}


def _check_fields(rendering: RenderingScore, record_type: str, gold: dict[str, Any],
                  found: dict[str, Any]) -> None:
    """Count the fields of a matched pair; a field whose gold value is null is not scored."""
    checks: dict[str, Callable[[Any, Any], bool]]
    if record_type == "recommendations":
        checks = {"number": lambda g, f: normalise_number(g) == normalise_number(f),
                  "title": titles_match, "area": _exact, "kind": _exact}
    elif record_type == "actions":
        checks = {"number": lambda g, f: normalise_number(g) == normalise_number(f),
                  "owners": owner_sets_equal, "timescale": texts_match, "outcome": texts_match}
    elif record_type == "owners":
        checks = {
            # A gold role such as "presenter" may be what the document says the owner is there.
            "role": lambda g, f: any(titles_match(normalise_role(g), normalise_role(value))
                                     for value in (f, *found.get("capacities", ()))),
            "organisation": titles_match,
            "email": lambda g, f: str(g).strip().lower() == str(f or "").strip().lower(),
            "phone": lambda g, f: _digits(g) == _digits(f),
        }
    elif record_type == "figures":
        checks = {"unit": titles_match, "qualifier": lambda g, f: fold(g) == fold(f)}
    else:
        return
    for name, check in checks.items():
        gold_value = gold.get(name)
        if gold_value is None:
            continue
        found_value = found.get(name)
        shown = _summarise_owners(found_value) if name == "owners" else found_value
        rendering.count_field(record_type, name, bool(check(gold_value, found_value)), record=gold,
                              gold=gold_value, found=shown)


def _summarise_owners(owners: Any) -> Any:
    if not isinstance(owners, list):
        return owners
    return [owner.get("name") or owner.get("role") or owner.get("email") for owner in owners]


def score_records(rendering: RenderingScore, record_type: str, gold: Sequence[dict[str, Any]],
                  optional: Sequence[dict[str, Any]], found: Sequence[dict[str, Any]]) -> None:
    """Match one record type of one rendering and count hits, misses, false records and fields."""
    kind = KINDS[record_type]
    tally = rendering.scores[record_type]
    pairs = match_one_to_one(gold, found, kind.score, kind.threshold)
    matched_gold = {gi for gi, _ in pairs}
    matched_found = {fi for _, fi in pairs}
    for gi, fi in pairs:
        tally.tp += 1
        _check_fields(rendering, record_type, gold[gi], found[fi])
    for gi, record in enumerate(gold):
        if gi not in matched_gold:
            tally.fn += 1
            rendering.misses.append(Finding(rendering.file_name, record_type, dict(record)))
    leftover = [record for fi, record in enumerate(found) if fi not in matched_found]
    absorbed = {fi for _, fi in match_one_to_one(optional, leftover, kind.score, kind.threshold)}
    for fi, record in enumerate(leftover):
        if fi not in absorbed:
            tally.fp += 1
            rendering.false_records.append(Finding(rendering.file_name, record_type, _public(record)))


def score_document_fields(rendering: RenderingScore, gold: dict[str, Any], found: dict[str, Any] | None) -> None:
    """Score the document's own fields: each scored field is one item to find.

    A wrong value counts as both a false and a missed item (and is listed as a wrong field);
    a field found where the gold has null counts only for `authority_code`, because naming
    a council the paper merely mentions is wrong.
    """
    tally = rendering.scores["document"]
    found = found or {}
    for name in DOCUMENT_FIELDS:
        gold_value = gold.get(name)
        found_value = found.get(name)
        if found_value == "":
            found_value = None
        if gold_value is None and name != "authority_code":
            continue
        if gold_value is None:
            correct = found_value is None
        elif name in ("title", "body"):
            correct = titles_match(gold_value, found_value)
        else:
            correct = _exact(gold_value, found_value)
        rendering.count_field("document", name, correct, record={}, gold=gold_value, found=found_value)
        if correct:
            tally.tp += gold_value is not None
            continue
        if gold_value is not None:
            tally.fn += 1
        if found_value is not None:
            tally.fp += 1
        if found_value is None:
            rendering.misses.append(Finding(rendering.file_name, "document", {name: gold_value}))
        elif gold_value is None:
            rendering.false_records.append(Finding(rendering.file_name, "document", {name: found_value}))


def _public(record: dict[str, Any]) -> dict[str, Any]:
    """A found record without internal ids, for reports."""
    return {k: v for k, v in record.items() if k not in ("id", "document_id") and v not in (None, "", [])}


def _describe_record(record_type: str, record: dict[str, Any]) -> str:
    if record_type == "benchmarks":
        score = record.get("score")
        detail = f"score {score}" if score is not None else f"evidence {fold(record.get('evidence'))[:40]!r}"
        return f"{record.get('authority_code')} {record.get('year')} {record.get('area')} {detail}"
    if record_type in ("recommendations", "actions"):
        return f"#{record.get('number')} {fold(record.get('text'))[:70]!r}"
    if record_type == "owners":
        return " / ".join(str(record[k]) for k in ("name", "role", "organisation", "email") if record.get(k))
    if record_type == "figures":
        return f"{record.get('value')} {record.get('unit') or ''} {fold(record.get('text'))[:50]!r}".strip()
    return ", ".join(f"{k}={v!r}" for k, v in record.items() if k in DOCUMENT_FIELDS)


# --- reading ---------------------------------------------------------------------------------


def load_gold(gold_dir: str | Path) -> dict[str, dict[str, Any]]:
    """Read every `<stem>.json` gold file in `gold_dir`, keyed by stem."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldNotFound(f"gold directory {gold_dir} does not exist: pass --gold DIR")
    gold: dict[str, dict[str, Any]] = {}
    for path in sorted(gold_dir.glob("*.json")):
        try:
            gold[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise GoldNotFound(f"{path} is not valid JSON: {e}") from e
    if not gold:
        raise GoldNotFound(f"no gold files (*.json) in {gold_dir}")
    return gold


def _connect_read_only(db_path: str | Path) -> sqlite3.Connection:
    path = Path(db_path)
    if not path.is_file():
        raise NotAPreventDatabase(f"database {path} does not exist: run prevent-docs ingest first")
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


def _tables(connection: sqlite3.Connection) -> set[str]:
    try:
        rows = connection.execute("select name from sqlite_master where type in ('table', 'view')").fetchall()
    except sqlite3.DatabaseError as e:
        raise NotAPreventDatabase(f"not a SQLite database: {e}") from e
    return {row[0] for row in rows}


def _rows(connection: sqlite3.Connection, tables: set[str], table: str, where: str = "",
          params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Rows of a contract table as dicts; a table the database lacks has no rows."""
    if table not in tables:
        return []
    return [dict(row) for row in connection.execute(f"select * from [{table}] {where}", params)]


def _group_of(file_name: str, fmt: str | None) -> str:
    suffix = Path(file_name).suffix.lower().lstrip(".")
    key = (fmt or suffix or "").lower()
    return FORMAT_GROUPS.get(key, FORMAT_GROUPS.get(suffix, key or "other"))


def _document_owners(connection: sqlite3.Connection, tables: set[str], document_id: str,
                     actions: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The owners linked to a document, directly or through its actions, one per identity."""
    owner_ids: list[str] = []
    capacities: dict[str, list[str]] = {}
    if "document_owners" in tables:
        for owner_id, capacity in connection.execute(
                "select owner_id, capacity from document_owners where document_id = ?", [document_id]):
            owner_ids.append(owner_id)
            if capacity:
                capacities.setdefault(owner_id, []).append(capacity)
    for action in actions:
        owner_ids += [owner["id"] for owner in action["owners"]]
    by_key: dict[tuple[str, str], dict[str, Any]] = {}
    for owner in _owners_by_id(connection, tables, owner_ids):
        key = owner_key(owner)
        merged = by_key.setdefault(key, {"capacities": []})
        for name, value in owner.items():
            if merged.get(name) in (None, "") and value not in (None, ""):
                merged[name] = value
        merged["capacities"] += capacities.get(owner["id"], [])
    return list(by_key.values())


def _owners_by_id(connection: sqlite3.Connection, tables: set[str], owner_ids: Sequence[str]) -> list[dict[str, Any]]:
    if "owners" not in tables or not owner_ids:
        return []
    unique = list(dict.fromkeys(owner_ids))
    placeholders = ",".join("?" * len(unique))
    rows = {row["id"]: dict(row) for row in connection.execute(
        f"select * from owners where id in ({placeholders})", unique)}
    return [rows[owner_id] for owner_id in unique if owner_id in rows]


def _actions_with_owners(connection: sqlite3.Connection, tables: set[str],
                         document_id: str) -> list[dict[str, Any]]:
    actions = _rows(connection, tables, "actions", "where document_id = ?", [document_id])
    for action in actions:
        owner_ids: list[str] = []
        if "action_owners" in tables:
            owner_ids = [row[0] for row in connection.execute(
                "select owner_id from action_owners where action_id = ?", [action["id"]])]
        owners = _owners_by_id(connection, tables, owner_ids)
        unique: dict[tuple[str, str], dict[str, Any]] = {}
        for owner in owners:
            unique.setdefault(owner_key(owner), owner)
        action["owners"] = list(unique.values())
    return actions


def score_rendering(connection: sqlite3.Connection, tables: set[str], document: dict[str, Any],
                    gold: dict[str, Any], group: str) -> RenderingScore:
    """Score one document row against its gold file."""
    file_name = document["file_name"]
    rendering = RenderingScore(file_name=file_name, stem=Path(file_name).stem, group=group)
    document_id = document["id"]
    optional = gold.get("optional") or {}
    score_document_fields(rendering, gold.get("document") or {}, document)
    where = ("where document_id = ?", [document_id])
    actions = _actions_with_owners(connection, tables, document_id)
    found = {
        "benchmarks": _rows(connection, tables, "benchmarks", *where),
        "recommendations": _rows(connection, tables, "recommendations", *where),
        "actions": actions,
        "owners": _document_owners(connection, tables, document_id, actions),
        "figures": _rows(connection, tables, "figures", *where),
    }
    for record_type, records in found.items():
        score_records(rendering, record_type, gold.get(record_type) or [], optional.get(record_type) or [],
                      records)
    return rendering


def unreadable_rendering(file_name: str, gold: dict[str, Any], group: str) -> RenderingScore:
    """Score a rendering that failed to ingest: everything in its gold is missed."""
    rendering = RenderingScore(file_name=file_name, stem=Path(file_name).stem, group=group, unreadable=True)
    score_document_fields(rendering, gold.get("document") or {}, None)
    optional = gold.get("optional") or {}
    for record_type in KINDS:
        score_records(rendering, record_type, gold.get(record_type) or [], optional.get(record_type) or [], [])
    return rendering


def evaluate_database(db_path: str | Path, gold_dir: str | Path) -> Report:
    """Score every rendering of a gold paper in the database at `db_path` against `gold_dir`.

    Documents whose stem has no gold file are listed as `unscored`; files of a gold paper
    that failed to ingest (rows of `ingest_errors`) count as renderings with nothing found.
    Raises `NotAPreventDatabase`, `GoldNotFound` or `NothingToScore`.
    """
    gold = load_gold(gold_dir)
    connection = _connect_read_only(db_path)
    try:
        tables = _tables(connection)
        if "documents" not in tables:
            raise NotAPreventDatabase(f"{db_path} has no documents table: is it a prevent-docs database?")
        report = Report(db_path=str(db_path), gold_dir=str(gold_dir))
        renderings: list[RenderingScore] = []
        for document in _rows(connection, tables, "documents", "order by file_name, id"):
            file_name = document.get("file_name") or Path(document.get("path") or "").name
            document["file_name"] = file_name
            stem = Path(file_name).stem
            if stem not in gold:
                report.unscored.append(file_name)
                continue
            group = _group_of(file_name, document.get("format"))
            renderings.append(score_rendering(connection, tables, document, gold[stem], group))
        scored = {rendering.file_name for rendering in renderings}
        for error in _rows(connection, tables, "ingest_errors", "order by path"):
            file_name = Path(error.get("path") or "").name
            if Path(file_name).stem in gold and file_name not in scored:
                renderings.append(unreadable_rendering(file_name, gold[Path(file_name).stem],
                                                       _group_of(file_name, None)))
    finally:
        connection.close()
    if not renderings:
        raise NothingToScore(f"no document in {db_path} is a rendering of a gold file in {gold_dir}: "
                             f"ingest the corpus first (prevent-docs ingest corpus --db {db_path})")
    order = {name: index for index, name in enumerate(GROUP_ORDER)}
    for rendering in sorted(renderings, key=lambda r: (order.get(r.group, len(order)), r.group, r.file_name)):
        report.groups.setdefault(rendering.group, GroupReport(rendering.group)).renderings.append(rendering)
    rendered = {r.stem for r in renderings}
    report.unrendered = sorted(stem for stem in gold if stem not in rendered)
    logger.info("scored %d renderings of %d gold papers", len(renderings), len(rendered))
    return report


# --- formatting -------------------------------------------------------------------------------


def format_report(report: Report, *, verbose: bool = False) -> str:
    """The report as a plain-text table per group; `verbose` adds misses, false records and field errors."""
    lines: list[str] = []
    header = f"  {'record type':<16}{'gold':>6}{'found':>7}{'tp':>6}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}{'f1':>7}"
    for name, group in report.groups.items():
        count = len(group.renderings)
        unreadable = sum(r.unreadable for r in group.renderings)
        suffix = f", {unreadable} unreadable" if unreadable else ""
        lines.append(f"{name} ({count} rendering{'s' if count != 1 else ''}{suffix})")
        lines.append(header)
        rows = list(group.scores.items()) + [("all (micro)", group.micro)]
        for record_type, tally in rows:
            record_type = "document fields" if record_type == "document" else record_type
            lines.append(
                f"  {record_type:<16}{tally.tp + tally.fn:>6}{tally.tp + tally.fp:>7}{tally.tp:>6}{tally.fp:>5}"
                f"{tally.fn:>5}{tally.precision:>11.3f}{tally.recall:>8.3f}{tally.f1:>7.3f}"
            )
        lines.append("  field accuracy:")
        for record_type, fields in group.fields.items():
            parts = [f"{name} {t.correct}/{t.total}" for name, t in fields.items()]
            lines.append(f"    {record_type:<16}" + ", ".join(parts))
        if verbose:
            for title, findings in (("missed", group.misses), ("false", group.false_records),
                                    ("wrong field", group.field_errors)):
                if findings:
                    lines.append(f"  {title}:")
                    lines.extend(f"    {finding.describe()}" for finding in findings)
        lines.append("")
    micro = ", ".join(f"{name} {group.micro.f1:.3f}" for name, group in report.groups.items())
    lines.append(f"micro-F1: {micro}")
    if report.unscored:
        lines.append(f"{len(report.unscored)} documents have no gold file and were not scored")
        if verbose:
            lines.extend(f"  {name}" for name in report.unscored)
    if report.unrendered:
        lines.append(f"{len(report.unrendered)} gold papers have no rendering in the database: "
                     + ", ".join(report.unrendered))
    return "\n".join(lines)
