"""Tables of scanned papers read by OCR: shaded cells, white text on dark fills, rows that lost
their ruling, numbered rows, cells set sideways, thin and broken ruling lines; and the marks
and letters OCR misreads in council papers.

Scans are made here (`benchmarks.scans`: 200 dpi, 1-2 degrees of skew, speckle, JPEG) from two
seed papers: the deck 000, whose scores table has its header in white on grey, a light grey
row and a last row with no fill or ruling, and the action plan 001, whose thin-ruled tables
number their benchmark rows in a narrow column and shade the action table's header. Its
other pages aside, the deck's title page and scores page are scanned; the plan whole.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from rapidfuzz import fuzz

from benchmarks import scans
from extractors.readers import OcrSettings, read_document
from extractors.readers.pdf import _hyphens_joined, _ocr_marks
from prevent_docs import evaluate, pipeline

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
DECK = CORPUS / "000_293d27028f82d5b8.pdf"
PLAN = CORPUS / "001_833b9ff6c1116053.pdf"
#: The deck's pages scanned (0-based): its title page and its page of scores.
DECK_PAGES = [0, 6]
#: What the scans must score against corpus/gold: the deck's benchmarks and owner (the records
#: of the pages scanned) and the whole plan. Both score 1.000 when this was written.
DECK_F1_FLOOR, PLAN_F1_FLOOR = 0.95, 0.95

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None,
                                     reason="Tesseract is absent: apt-get install tesseract-ocr (.ci/run installs it)")


@pytest.fixture(scope="module")
def scanned(tmp_path_factory) -> dict:
    """The scans of the deck's two pages and of the plan, under the papers' own names, ingested once."""
    folder = tmp_path_factory.mktemp("scanned-tables")
    scans.scan_pdf(DECK, folder / DECK.name, pages=DECK_PAGES)
    scans.scan_pdf(PLAN, folder / PLAN.name)
    db_path = folder.parent / "scanned-tables.db"
    report = pipeline.ingest([folder], db_path, jobs=2)
    assert report.failed == 0, report.errors
    return {"folder": folder, "db": db_path}


def rendering(db_path: Path, file_name: str) -> evaluate.RenderingScore:
    scored = evaluate.evaluate_database(db_path, CORPUS / "gold")
    return next(found for found in scored.groups["pdf"].renderings if found.file_name == file_name)


def table_on(path: Path, page: int, db_path: Path | None = None) -> tuple[tuple[str, ...], ...]:
    """The first table on a page of a file; a scan the database at `db_path` holds is read from its OCR cache."""
    settings = OcrSettings(cache_dir=pipeline.ocr_cache_dir(db_path)) if db_path else None
    return next(block.rows for block in read_document(path, ocr=settings).blocks if block.rows and block.page == page)


@needs_tesseract
def test_ocr_scanned_deck_and_plan_score_against_gold(scanned):
    deck = rendering(scanned["db"], DECK.name)
    read = evaluate.Tally()
    for record_type in ("benchmarks", "owners"):
        read.add(deck.scores[record_type])
    assert read.f1 >= DECK_F1_FLOOR, {name: tally.to_dict() for name, tally in deck.scores.items()}
    plan = rendering(scanned["db"], PLAN.name)
    assert plan.micro.f1 >= PLAN_F1_FLOOR, {name: tally.to_dict() for name, tally in plan.scores.items()}


@needs_tesseract
def test_ocr_shaded_scores_table_reads_as_its_text_layer(scanned):
    """White header text on grey, a light grey row of scores, and a last row with neither fill nor
    ruling: the scan's table has the text layer's rows, scores exactly, headers all but exactly."""
    text_rows = table_on(DECK, 7)
    scan_rows = table_on(scanned["folder"] / DECK.name, 2, scanned["db"])
    assert len(scan_rows) == len(text_rows) == 3
    for text_cell, scan_cell in zip(text_rows[0], scan_rows[0]):
        assert fuzz.ratio(text_cell, scan_cell) >= 90, (text_cell, scan_cell)
    assert scan_rows[1:] == text_rows[1:]


@needs_tesseract
def test_ocr_thin_ruled_table_keeps_its_row_numbers(scanned):
    """The benchmark rows of the plan are numbered in a narrow column: each number is read."""
    text_rows = table_on(PLAN, 2)
    scan_rows = table_on(scanned["folder"] / PLAN.name, 2, scanned["db"])
    assert [row[0] for row in scan_rows] == [row[0] for row in text_rows] == [f"{n}." for n in range(2, 11)]


def sideways_table(path: Path) -> Path:
    """A scanned PNG of a table ruled with thin lines, its horizontal lines broken every few
    centimetres, whose column headers are set sideways (reading upwards) to fit narrow columns."""
    font = ImageFont.load_default(size=34)
    header, rows = ["Council", "Training", "Referrals", "Channel"], [["Leicester", "4", "5", "3"],
                                                                    ["Rutland", "2", "3", "5"]]
    xs, ys = [150, 510, 620, 730, 840], [200, 460, 540, 620]
    page = Image.new("L", (1654, 1100), 255)
    draw = ImageDraw.Draw(page)
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=0, width=3)
    for y in ys:
        for start in range(xs[0], xs[-1], 150):
            draw.line([(start, y), (min(start + 142, xs[-1]), y)], fill=0, width=2)
    draw.text((xs[0] + 12, ys[1] - 50), header[0], font=font, fill=0)
    for column, text in enumerate(header[1:], start=1):
        word = Image.new("L", (int(draw.textlength(text, font=font)) + 8, 44), 255)
        ImageDraw.Draw(word).text((4, 2), text, font=font, fill=0)
        word = word.rotate(90, expand=True)
        page.paste(word, ((xs[column] + xs[column + 1] - word.width) // 2, ys[1] - 12 - word.height))
    for number, row in enumerate(rows, start=1):
        for column, text in enumerate(row):
            draw.text((xs[column] + 12, ys[number] + 20), text, font=font, fill=0)
    scans.add_scan_defects(page, seed=7).save(path, dpi=(200, 200))
    return path


@needs_tesseract
def test_ocr_reads_sideways_header_cells_of_a_table_with_broken_ruling(tmp_path):
    rows = table_on(sideways_table(tmp_path / "sideways.png"), 1)
    assert rows == (("Council", "Training", "Referrals", "Channel"), ("Leicester", "4", "5", "3"),
                    ("Rutland", "2", "3", "5"))


@pytest.mark.parametrize(("read", "printed"), [
    ("Presented by: lan Stubbs", "Presented by: Ian Stubbs"),  # sans-serif I and l are one glyph
    ("(lan Day - 01274 433507)", "(Ian Day - 01274 433507)"),
    ("Cllr lsla Brown", "Cllr Isla Brown"),
    ("Note: legal Services", "Note: legal Services"),  # an English word: left alone
    ("local Prevent Coordinator", "local Prevent Coordinator"),
    ("Cc) Procurement Manager", "c) Procurement Manager"),  # a list letter read in both cases
    ("Co) Procurement", "Co) Procurement"),
    ("Email: Gurjit:samra-rai@leics.gov.uk", "Email: Gurjit.samra-rai@leics.gov.uk"),
    ("at 10:30 the Board", "at 10:30 the Board"),
    ("e.- Thirteen housing group", "• Thirteen housing group"),  # a bullet read with a speck
    ("e.g. the Board", "e.g. the Board"),
])
def test_ocr_marks_and_letters_misread_in_council_papers(read, printed):
    assert _ocr_marks(read) == printed


def test_ocr_word_broken_at_a_line_end_is_put_back_together():
    lines = ["Sean Abruthnot, Prevent Co-", "ordinator and Police Inspector William Knopp", "end of a list -",
             "and the next"]
    assert _hyphens_joined(lines) == ["Sean Abruthnot, Prevent Co-ordinator", "and Police Inspector William Knopp",
                                      "end of a list -", "and the next"]
