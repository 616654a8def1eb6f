"""Benchmark scores and self-assessments against the ten Prevent Duty Toolkit benchmarks.

Papers give them three ways, and each is read here:

- score tables: areas along one side, years along the other ("2022 | 4 | 5 | 5 ..."),
  in either orientation, as a ruled table or as bare text lines when a PDF export loses
  the ruling;
- self-assessment tables: one row per benchmark (number | benchmark statement | evidence,
  or area | RAG | comments), with no score but words or a RAG rating;
- a header that lost a cell (seed 000's eighth header is blank) is read by position, since
  the toolkit fixes the order of the ten benchmarks;
- regional heatmaps: one row per council instead of per year. Each row label is resolved
  against the register of councils, so every row keeps its own `authority_code`; rows that
  name no council ("Regional average", "England") are not benchmarks of anyone. The year
  is not in the rows, so it is read from the table's title (the slide title or a heading
  just above, "2023 self-assessment"), else from the paper's own date.

A rating with no score ("Amber") is the self-assessment as written, so it is also the
row's evidence, unless the table has a commentary row or column for that year, whose words
are then the evidence.

Tables whose header has action-plan roles are left to `actions.py`.
"""

from __future__ import annotations

import re

from extractors.actions import join_continued_tables
from extractors.areas import header_to_area, text_to_area
from extractors.authorities import Authority, lookup
from extractors.readers.blocks import clean_text
from schemas.document import Block, BlockKind, Document
from schemas.records import AREAS, Benchmark, DocumentMeta, record_id

#: Fewest distinct areas a header (or first column) must name to make a score table.
MIN_AREA_LABELS = 4
#: Fewest distinct areas the rows of a self-assessment table must cover.
MIN_ASSESSED_AREAS = 6
#: Most rows a self-assessment table has (ten benchmarks, a header, a title row or two).
MAX_ASSESSMENT_ROWS = 14
#: Lines above a text-line score row searched for its header.
HEADER_LOOKBACK = 6
#: Fewest rows whose labels name councils for a score table to be one row per council.
MIN_AUTHORITY_ROWS = 2
#: Blocks before a table, on its page, searched for the year its title gives.
TITLE_LOOKBACK_BLOCKS = 4

_YEAR = re.compile(r"^\s*(?:(?:score|year|fy)\s*)?((?:19|20)\d\d)(?:\s*[/-]\s*(?:19|20)?\d\d)?\s*\**\s*$", re.I)
_RAG = re.compile(r"^\s*(red|amber|green|r|a|g|amber[ /-]green|red[ /-]amber|a/g|r/a|blue|grey|gray|"
                  r"not met|partially met|met|fully met|compliant|partially compliant|not compliant)\s*\.?\s*$", re.I)
_SCORE_LINE = re.compile(r"^\s*((?:19|20)\d\d)(?:\s*[/-]\s*\d\d)?\s*[:|]?\s+((?:[1-5]\s+){3,}[1-5])\s*$")
_SCORE_WITH_RAG = re.compile(r"^(?:(?P<score>[1-5])(?:\s*/\s*5)?\s*[-–:(]?\s*(?P<rag>red|amber|green)\)?"
                             r"|(?P<rag2>red|amber|green)\s*[-–:(]?\s*(?P<score2>[1-5])(?:\s*/\s*5)?\)?)$", re.I)
_COUNCIL_SCORE_LINE = re.compile(r"^\s*(?P<label>[A-Z][\w'’&.,*() -]{1,60}?)\s+((?:[1-5]\s+){3,}[1-5])\s*$")
_ROW_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]?\s*$")
_CUE = re.compile(r"benchmark|toolkit|self[- ]assessment|self[- ]evaluation", re.I)
_ANY_YEAR = re.compile(r"(?<![\d/£.-])((?:19|20)\d\d)(?!\d)")
#: Tier words and their abbreviations that may follow a council's short name in a row label.
_TIER_SUFFIX = re.compile(r"(?:[\s,]+(?:county|city|borough|district|metropolitan|council|cc|bc|dc|cbc|mbc|ua))+\.?$",
                          re.I)
#: Row or column labels of commentary beside ratings ("Commentary 2023/24", "Evidence").
_COMMENT_LABEL = re.compile(r"\b(?:comments?|commentary|evidence|narrative|notes?|progress|rationale|update)\b", re.I)
_ACTION_HEADER = re.compile(r"\b(?:actions?|lead|owner|responsib|timescale|deadline|by when)\b", re.I)


def extract_benchmarks(document: Document, meta: DocumentMeta) -> list[Benchmark]:
    """Every benchmark score or self-assessment a paper gives, one per area and year."""
    found: dict[tuple, Benchmark] = {}
    blocks = join_continued_tables(document.blocks)
    for index, block in enumerate(blocks):
        if block.kind == BlockKind.table and block.rows:
            title = _title_above(blocks, index)
            for record in _table_benchmarks(document, meta, block, title):
                found.setdefault((record.authority_code, record.year, record.area), record)
    if not any(b.score is not None for b in found.values()):
        for record in _text_line_scores(document, meta):
            found.setdefault((record.authority_code, record.year, record.area), record)
    return list(found.values())


def _make(document: Document, meta: DocumentMeta, *, year: int | None, area: str, page: int,
          score: int | None = None, rating: str | None = None, evidence: str | None = None,
          authority_code: str | None = None) -> Benchmark:
    """A benchmark of the paper's own council, or of `authority_code` where a row names another."""
    code = authority_code or meta.authority_code
    return Benchmark(id=record_id(document.id, "benchmark", code, year, area),
                     document_id=document.id, authority_code=code, year=year, area=area,
                     score=score, rating=rating, evidence=evidence or None, page=page)


def _title_above(blocks: list[Block], index: int) -> str:
    """What titles a table: its heading and the text blocks just above it on the same page.

    A slide title exported to PDF arrives as two heading blocks ("Heatmap: 2023 self-
    assessment", "scores by authority"), so a few blocks are read, nearest first.
    """
    table = blocks[index]
    parts = [table.heading or ""]
    for block in reversed(blocks[max(0, index - TITLE_LOOKBACK_BLOCKS):index]):
        if block.page != table.page or block.kind == BlockKind.table:
            break
        parts.append(block.text)
    return "\n".join(part for part in parts if part)


def title_year(text: str) -> int | None:
    """The first year a table's title names ("2023 self-assessment", "2022/23 scores"), or None."""
    match = _ANY_YEAR.search(text)
    return int(match.group(1)) if match else None


def row_authority(label: str) -> Authority | None:
    """The council a row label names ("Derby City", "Nottinghamshire CC", "Rutland"), or None.

    Labels are short names, with or without a tier word, or official names. A PDF cell may
    break a long name mid-word ("Nottinghamshir" / "e"), so wrapped lines are also tried
    joined without a space. Labels of regions, totals and averages name no council.
    """
    lines = [line.strip() for line in label.split("\n") if line.strip()]
    variants = dict.fromkeys([" ".join(lines), "".join(lines)])
    for variant in variants:
        text = variant.strip(" *†‡:.()")
        if not text or _ANY_YEAR.search(text):
            continue
        bare = _TIER_SUFFIX.sub("", text)
        for candidate in dict.fromkeys((text, f"{text} Council", bare, f"{bare} Council")):
            authority = lookup(candidate) if len(candidate) > 2 else None
            if authority:
                return authority
    return None


def _year(text: str) -> int | None:
    match = _YEAR.match(" ".join(text.split()))
    return int(match.group(1)) if match else None


def _score(text: str) -> int | None:
    text = text.strip().rstrip("*")
    match = re.fullmatch(r"([1-5])(?:\s*/\s*5)?", text)
    return int(match.group(1)) if match else None


def _score_and_rating(cell: str) -> tuple[int | None, str | None]:
    """A cell's score and RAG rating: "4", "Amber", or both at once ("4 (Green)", "Amber - 3")."""
    cell = " ".join(cell.split())
    both = _SCORE_WITH_RAG.match(cell)
    if both:
        return int(both.group("score") or both.group("score2")), both.group("rag") or both.group("rag2")
    return _score(cell), cell if _RAG.match(cell) else None


def document_year(meta: DocumentMeta) -> int | None:
    """The year a self-assessment is for: the first year of the paper's period, else its date's."""
    for value in (meta.period, meta.date):
        if value and re.match(r"(?:19|20)\d\d", value):
            return int(value[:4])
    return None


def labels_to_areas(labels: list[str]) -> list[str | None] | None:
    """Areas for a run of score-column labels, filling lost labels by toolkit position.

    Ten labels are the ten benchmarks in toolkit order, whatever a lost or garbled cell
    says, provided the labels that do name an area agree with that order. Fewer labels
    keep what they name; a single blank between two named areas that are two apart in
    the toolkit is the one between them.
    """
    named = [header_to_area(label) if label.strip() else None for label in labels]
    if len(labels) == len(AREAS):
        agree = sum(1 for area, expected in zip(named, AREAS) if area == expected)
        if agree >= MIN_AREA_LABELS and agree >= sum(1 for area in named if area) - 1:
            return list(AREAS)
    if len({area for area in named if area}) < MIN_AREA_LABELS:
        return None
    for index, area in enumerate(named):
        if area is None and 0 < index < len(named) - 1 and named[index - 1] and named[index + 1]:
            before, after = AREAS.index(named[index - 1]), AREAS.index(named[index + 1])
            if after - before == 2:
                named[index] = AREAS[before + 1]
    return named


def _table_benchmarks(document: Document, meta: DocumentMeta, block: Block, title: str = "") -> list[Benchmark]:
    rows = [list(row) for row in block.rows]
    header = rows[0]
    if _ACTION_HEADER.search(" ".join(header)) and not _CUE.search(" ".join(header)):
        return []
    return (_scores_areas_across(document, meta, block, rows, title)
            or _scores_areas_across(document, meta, block, [list(col) for col in zip(*rows)], title)
            or _self_assessment(document, meta, block, rows))


def _scores_areas_across(document: Document, meta: DocumentMeta, block: Block,
                         rows: list[list[str]], title: str = "") -> list[Benchmark]:
    """A score table whose first row labels areas and whose first column gives years or councils.

    With a council in at least `MIN_AUTHORITY_ROWS` row labels the table is a heatmap: each
    row is that council's, and the year is the title's (else the paper's). A row labelled
    as commentary ("Commentary 2023/24") is the evidence of its year, or of the latest.
    """
    for header_index, header in enumerate(rows[:3]):
        areas = labels_to_areas([clean_text(cell) for cell in header[1:]])
        if areas:
            break
    else:
        return []
    body = [row for row in rows[header_index + 1:] if row]
    councils = [row_authority(row[0]) if _year(row[0]) is None else None for row in body]
    per_council = sum(council is not None for council in councils) >= MIN_AUTHORITY_ROWS
    heatmap_year = (title_year(f"{header[0]}\n{title}") or document_year(meta)) if per_council else None
    found: list[Benchmark] = []
    comments: dict[str, str] = {}
    comment_year: int | None = None
    for row, council in zip(body, councils):
        if per_council:
            if council is None:
                continue  # "Regional average", "England": no council's benchmark
            year, code = heatmap_year, council.gss_code
        else:
            year, code = _year(row[0]), None
            if year is None and len(rows) - header_index == 2 and not row[0].strip():
                year = document_year(meta)
            if year is None:
                if _COMMENT_LABEL.search(row[0]):
                    comment_year = title_year(row[0])
                    comments = {area: " ".join(cell.split()) for area, cell in zip(areas, row[1:])
                                if area and cell.strip()}
                continue
        for area, cell in zip(areas, row[1:]):
            if not area:
                continue
            score, rating = _score_and_rating(cell)
            if score is not None or rating:
                found.append(_make(document, meta, year=year, area=area, page=block.page, score=score,
                                   rating=rating, evidence=rating if score is None else None, authority_code=code))
    if comments and found:
        year = comment_year or max(record.year for record in found if record.year is not None)
        found = [record.model_copy(update={"evidence": comments[record.area]})
                 if record.year == year and record.area in comments else record for record in found]
    return found


def _self_assessment(document: Document, meta: DocumentMeta, block: Block,
                     rows: list[list[str]]) -> list[Benchmark]:
    """A table of one row per benchmark with evidence text or a RAG rating instead of a score.

    The statement column is the one whose cells name the most distinct areas; a score,
    RAG or evidence column is found by its header or, without one, by what its cells hold.
    Rows numbered 1-10 without an area in their wording take the toolkit's order.
    """
    if len(rows) > MAX_ASSESSMENT_ROWS or len(rows[0]) < 2:
        return []
    width = len(rows[0])
    columns = [[row[i] if i < len(row) else "" for row in rows] for i in range(width)]
    coverage = [len({text_to_area(cell) for cell in column if cell.strip() and not _RAG.match(cell)} - {None})
                for column in columns]
    statement = max(range(width), key=lambda i: coverage[i])
    cued = _CUE.search(" ".join([block.heading or "", *rows[0]]))
    if coverage[statement] < (MIN_AREA_LABELS if cued else MIN_ASSESSED_AREAS):
        return []
    has_header = not _ROW_NUMBER.match(rows[0][0]) and all(len(cell.split()) <= 6 for cell in rows[0])
    body = rows[1:] if has_header else rows
    others = [i for i in range(width) if i != statement and not _is_number_column([r[i] for r in body])]
    rating_col = next((i for i in others if sum(bool(_RAG.match(r[i])) for r in body) > len(body) / 2), None)
    score_col = next((i for i in others if sum(_score(r[i]) is not None for r in body) > len(body) / 2), None)
    evidence_col = next((i for i in others if i not in (rating_col, score_col)), None)
    year, found, used = document_year(meta), [], set()
    for row in body:
        area = text_to_area(row[statement]) if row[statement].strip() else None
        number = _ROW_NUMBER.match(row[0])
        if number and 1 <= int(number.group(1)) <= len(AREAS) and (area is None or area in used):
            area = AREAS[int(number.group(1)) - 1]
        if area is None or area in used:
            continue
        used.add(area)
        evidence = " ".join(row[evidence_col].split()) if evidence_col is not None else None
        found.append(_make(document, meta, year=year, area=area, page=block.page,
                           score=_score(row[score_col]) if score_col is not None else None,
                           rating=row[rating_col].strip() or None if rating_col is not None else None,
                           evidence=evidence))
    return found



def _is_number_column(cells: list[str]) -> bool:
    """Whether cells count the rows (1., 2., 3. ...), as a numbered benchmark list's first column does."""
    numbers = [_ROW_NUMBER.match(cell) for cell in cells]
    return all(numbers) and [int(m.group(1)) for m in numbers] == list(range(1, len(cells) + 1))


def _text_line_scores(document: Document, meta: DocumentMeta) -> list[Benchmark]:
    """Score rows that arrive as text ("2022 4 5 5 4 5 4 3 3 2 2"), as PDF exports of decks do.

    Ten scores are the ten benchmarks in toolkit order; fewer need a header line above
    naming as many areas. A heatmap arrives the same way with a council's name instead of
    a year ("Derby City 5 5 4 5 5 4 4 3 4 3"); as with tables, it takes at least
    `MIN_AUTHORITY_ROWS` such lines, and the year is the nearest one named above them.
    """
    found: list[Benchmark] = []
    council_rows: list[Benchmark] = []
    lines = [(block, line) for block in document.blocks if block.kind != BlockKind.table
             for line in block.text.split("\n")]
    for index, (block, line) in enumerate(lines):
        match = _SCORE_LINE.match(line)
        council_match = None if match else _COUNCIL_SCORE_LINE.match(line)
        council = row_authority(council_match.group("label")) if council_match else None
        if not match and council is None:
            continue
        scores = [int(s) for s in (match or council_match).group(2).split()]
        above_lines = [text for _, text in lines[max(0, index - HEADER_LOOKBACK):index]]
        if len(scores) == len(AREAS):
            areas: list[str | None] = list(AREAS)
        else:
            areas = _areas_in_order(" ".join(above_lines))
            if len(areas) != len(scores):
                continue
        if council is not None:
            titles = [block.heading or ""] + above_lines[::-1]
            year = next((title_year(text) for text in titles if title_year(text)), None) or document_year(meta)
            council_rows += [_make(document, meta, year=year, area=area, page=block.page, score=score,
                                   authority_code=council.gss_code) for area, score in zip(areas, scores) if area]
            continue
        for area, score in zip(areas, scores):
            if area:
                found.append(_make(document, meta, year=int(match.group(1)), area=area, page=block.page, score=score))
    if len({record.authority_code for record in council_rows}) >= MIN_AUTHORITY_ROWS:
        found += council_rows
    return found


def _areas_in_order(text: str) -> list[str | None]:
    """The areas a header line names, in the order it names them."""
    hits = []
    for label in re.split(r"\s{2,}|\t|\|", text):
        area = header_to_area(label) if label.strip() else None
        if area and area not in hits:
            hits.append(area)
    return hits


__all__ = ["document_year", "extract_benchmarks", "labels_to_areas", "row_authority", "title_year"]
