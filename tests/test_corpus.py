"""The corpus renderings are what `corpus/build` claims: every seed as a native file and a PDF
export, with the seed's words and the structure (slide table, Word tables, numbered
paragraphs, footnotes) that the readers and the gold files rely on.

These tests open the committed files; they never run LibreOffice.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pdfplumber
import pptx
import pytest
from rapidfuzz import fuzz

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

DECK = "000_293d27028f82d5b8"
PLAN = "001_833b9ff6c1116053"
LSCSB = "002_000fee0137df29e4"
STAFFS = "003_a1dc3d2ad6587154"
PRESENTATION = "004_6f02caab2e9af0f5"

#: Stem to the native format it is rendered as.
NATIVE = {DECK: ".pptx", PLAN: ".docx", LSCSB: ".docx", STAFFS: ".docx", PRESENTATION: ".pptx"}

KEY_ACTIONS_HEADER = ["Key Actions", "Lead officer", "Time scale/resources", "Outcome/performance measure"]

#: Words of a seed that its rendering may lack, and why.
SEED_ONLY_WORDS = {
    # Page furniture of the published pack, a picture's glyph, and words the extraction split.
    DECK: {"51", "This", "page", "intentionally", "left", "blank", "Ğ", "Engagem", "ent", "Communicat", "ions",
           "problem", "solving"},
    PLAN: {"Service", "operational"},  # "Service/\noperational" is one word again
    LSCSB: {"This", "page", "intentionally", "blank"},
    STAFFS: {"CTLP¹", "Panel²", "¹", "²", "u"},  # footnote marks are real footnotes; "<u>" was markup
    PRESENTATION: set(),
}


def gold(stem: str) -> dict:
    return json.loads((CORPUS / "gold" / f"{stem}.json").read_text(encoding="utf-8"))


def fold(text: str) -> str:
    return " ".join(text.split())


def words(text: str) -> set[str]:
    """The words of a text, without the punctuation that ends or wraps them."""
    return {w.strip(".:-/'\u2019") for w in re.findall(r"[\w@.'\u2019/:%¹²-]+", text)} - {""}


def docx_text(path: Path) -> str:
    """Paragraphs, table cells and footnotes of a Word file."""
    document = docx.Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    parts.extend(re.sub(r"<[^>]+>", " ", note.decode("utf-8")) for note in footnote_parts(document))
    return "\n".join(parts)


def footnote_parts(document: docx.document.Document) -> list[bytes]:
    return [part.blob for part in document.part.package.iter_parts() if part.partname == "/word/footnotes.xml"]


def pptx_text(path: Path) -> str:
    """Text frames and table cells of every slide."""
    parts = []
    for slide in pptx.Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(parts)


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def slide_titled(path: Path, title: str) -> pptx.slide.Slide:
    for slide in pptx.Presentation(str(path)).slides:
        if slide.shapes.title is not None and slide.shapes.title.text == title:
            return slide
    raise LookupError(f"no slide titled {title!r} in {path.name}")


def key_actions_table(path: Path) -> docx.table.Table:
    for table in docx.Document(str(path)).tables:
        if [cell.text for cell in table.rows[0].cells] == KEY_ACTIONS_HEADER:
            return table
    raise LookupError(f"no Key Actions table in {path.name}")


@pytest.mark.parametrize("stem", sorted(NATIVE))
def test_corpus_every_seed_has_text_gold_native_and_pdf(stem: str) -> None:
    for suffix in (".txt", NATIVE[stem], ".pdf"):
        path = CORPUS / f"{stem}{suffix}"
        assert path.is_file() and path.stat().st_size > 0, path
        assert path.stat().st_size < 200_000, f"{path.name} should stay small"
    assert gold(stem)["file"] == f"{stem}.txt"


@pytest.mark.parametrize("stem", sorted(NATIVE))
def test_corpus_native_rendering_keeps_the_seed_words(stem: str) -> None:
    seed = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    path = CORPUS / f"{stem}{NATIVE[stem]}"
    native = docx_text(path) if path.suffix == ".docx" else pptx_text(path)
    assert words(seed) - words(native) <= SEED_ONLY_WORDS[stem]


def test_corpus_deck_scores_slide_is_a_real_table_with_blank_venue_hire_header() -> None:
    slide = slide_titled(CORPUS / f"{DECK}.pptx", "Leicestershire Scores")
    [table] = [shape.table for shape in slide.shapes if shape.has_table]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert len(table.columns) == 11
    header = rows[0]
    assert header[0] == "Benchmarking"
    assert header[8] == "", "the venue-hire column name is blank, as in the seed"
    assert all(header[i] for i in range(11) if i != 8)
    assert header[1:4] == ["Risk Assessment", "Agency", "Prevent Partnership Plan"]
    assert [row[0] for row in rows[1:]] == ["2022", "2023"]
    expected = {year: [str(b["score"]) for b in gold(DECK)["benchmarks"] if b["year"] == int(year)]
                for year in ("2022", "2023")}
    for row in rows[1:]:
        assert row[1:] == expected[row[0]]


def test_corpus_deck_title_slide_and_recommendations() -> None:
    path = CORPUS / f"{DECK}.pptx"
    first = pptx.Presentation(str(path)).slides[0]
    assert first.shapes.title.text == "Prevent Duty Benchmarking"
    subtitle = [p.text for p in first.placeholders[1].text_frame.paragraphs]
    assert subtitle == ["Leicestershire Update", "Presented by: Ian Stubbs", "Date: 30th June 2023"]
    for recommendation in gold(DECK)["recommendations"]:
        slide = slide_titled(path, f"Recommendation {recommendation['number']}")
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        assert any(text.startswith(recommendation["title"]) for text in texts)
        assert any(text.startswith(recommendation["text"]) for text in texts)


def test_corpus_presentation_one_slide_per_section_emails_last() -> None:
    deck = pptx.Presentation(str(CORPUS / f"{PRESENTATION}.pptx"))
    slides = list(deck.slides)
    assert len(slides) == 17
    assert slides[0].shapes.title.text == "Prevent Presentation"
    last = "\n".join(shape.text_frame.text for shape in slides[-1].shapes if shape.has_text_frame)
    assert last.split() == ["Daxa.Pancholi@leicester.gov.uk", "spcprevent@gmail.com",
                            "William.Knopp@leicestershire.pnn.police.uk"]


def test_corpus_action_plan_key_actions_table() -> None:
    table = key_actions_table(CORPUS / f"{PLAN}.docx")
    assert len(table.columns) == 4
    rows = table.rows[1:]
    assert len(rows) == 10
    for number, row in enumerate(rows, start=1):
        assert row.cells[0].paragraphs[0].text.startswith(f"{number}. ")
    first = [paragraph.text for paragraph in rows[0].cells[0].paragraphs]
    assert first[1:] == [
        "a) Keeping this action plan updated with progress made against actions",
        "b) Keeping a record of Prevent cases raised at JAG",
        "c) Keeping a record of CSP agenda items where appropriate",
    ]
    lettered = [p.text for row in rows for p in row.cells[0].paragraphs if re.match(r"[a-d]\) ", p.text)]
    assert len(lettered) == 16, "each lettered sub-item is a paragraph of its own"
    leads = [p.text for p in rows[4].cells[1].paragraphs]
    assert leads[:3] == ["a) Assets Manager", "b) Parish Liaison and Community Facilities Development Officers",
                         "c) Procurement Manager."]


def test_corpus_action_plan_rows_hold_the_gold_actions() -> None:
    rows = key_actions_table(CORPUS / f"{PLAN}.docx").rows[1:]
    for row, action in zip(rows, gold(PLAN)["actions"]):
        cells = [fold(" ".join(p.text for p in cell.paragraphs)) for cell in row.cells]
        assert fuzz.partial_ratio(fold(action["text"])[:120], cells[0]) >= 95, action["number"]
        assert fuzz.partial_ratio(fold(action["outcome"])[:120], cells[3]) >= 95, action["number"]
        assert (action["timescale"] or "") == cells[2]


def test_corpus_action_plan_benchmark_table() -> None:
    document = docx.Document(str(CORPUS / f"{PLAN}.docx"))
    table = document.tables[0]
    assert len(table.columns) == 3 and len(table.rows) == 10
    assert [row.cells[0].text for row in table.rows] == [f"{n}." for n in range(1, 11)]
    evidence = [p.text for p in table.rows[0].cells[2].paragraphs]
    assert evidence[0] == "This is assessed at a County Level."
    assert len(table.rows[1].cells[2].paragraphs) == 5


def test_corpus_reports_have_typed_paragraph_numbers() -> None:
    lscsb = [p.text for p in docx.Document(str(CORPUS / f"{LSCSB}.docx")).paragraphs]
    numbered = [text.split("\t")[0] for text in lscsb if re.match(r"\d+\.\t", text)]
    assert numbered == [f"{n}." for n in range(1, 18)]
    assert "17.\tThat the Board notes the contents of the report" in lscsb
    assert lscsb[-4:] == ["Gurjit Samra-Rai", "Leicestershire County Council", "Tel: 0116 305 6056",
                          "Email: Gurjit.samra-rai@leics.gov.uk"]
    staffs = [p.text for p in docx.Document(str(CORPUS / f"{STAFFS}.docx")).paragraphs]
    numbered = [text.split("\t")[0] for text in staffs if re.match(r"\d+\.\t", text)]
    assert numbered == [f"{n}." for n in range(1, 22)]
    assert any(text.startswith("a.\tIt is recommended that the Safe & Strong") for text in staffs)


def test_corpus_staffordshire_report_has_real_footnotes() -> None:
    document = docx.Document(str(CORPUS / f"{STAFFS}.docx"))
    [notes] = footnote_parts(document)
    text = notes.decode("utf-8")
    assert "Counter Terrorism Local Profile (CTLP) - a document produced annually" in text
    assert "(known as a 'Channel Panel')" in text
    body = document.element.body.xml
    assert body.count("w:footnoteReference") == 2


@pytest.mark.parametrize(("stem", "pages", "phrases"), [
    (DECK, 11, ["Prevent Duty Benchmarking", "Presented by: Ian Stubbs", "Leicestershire Scores",
                "Not meeting VH duty The council need an effective venue hire policy"]),
    (PLAN, None, ["Harborough District Council Prevent Action Plan 2021-22", "Key Actions",
                  "Prevent Duty Toolkit \u2013Delivery Benchmark", "Contest 3.0 excerpt from June 2018 paper."]),
    (LSCSB, None, ["LEICESTERSHIRE SAFER COMMUNITIES STRATEGY BOARD", "2 JUNE 2017",
                   "17. That the Board notes the contents of the report", "Email: Gurjit.samra-rai@leics.gov.uk"]),
    (STAFFS, None, ["Safe and Strong Communities Select Committee - Monday 04 March 2019",
                    "Report of CIIr Gill Heath, Cabinet Member for Communities",
                    "In 2018, 399 schools out of 411 completed the survey",
                    "Counter Terrorism Local Profile (CTLP) - a document produced annually",
                    "Address/e-mail: michael.harrison@staffordshire.gov.uk"]),
    (PRESENTATION, 17, ["Overview Scrutiny Committee", "Insp. Bill Knopp", "Over 50 champions",
                        "William.Knopp@leicestershire.pnn.police.uk"]),
])
def test_corpus_pdf_export_holds_the_key_phrases(stem: str, pages: int | None, phrases: list[str]) -> None:
    path = CORPUS / f"{stem}.pdf"
    with pdfplumber.open(path) as pdf:
        if pages is not None:
            assert len(pdf.pages) == pages
    text = fold(pdf_text(path))
    for phrase in phrases:
        assert phrase in text, phrase


def test_corpus_pdf_export_of_action_plan_has_key_actions_table() -> None:
    numbers = []
    with pdfplumber.open(CORPUS / f"{PLAN}.pdf") as pdf:
        headers = []
        for page in pdf.pages:
            for table in page.extract_tables():
                if len(table[0]) == 4 and table[0][0] == "Key Actions":
                    headers.append([fold(cell or "") for cell in table[0]])
                    numbers += [re.match(r"\d+", row[0]).group() for row in table[1:]
                                if row[0] and re.match(r"\d+\.", row[0])]
    assert headers and all(header == KEY_ACTIONS_HEADER for header in headers)
    assert numbers == [str(n) for n in range(1, 11)]


def test_corpus_pdf_export_of_deck_has_scores_table() -> None:
    with pdfplumber.open(CORPUS / f"{DECK}.pdf") as pdf:
        page = next(p for p in pdf.pages if "Leicestershire Scores" in (p.extract_text() or ""))
        [table] = page.extract_tables()
    assert len(table[0]) == 11
    assert table[0][0] == "Benchmarking" and table[0][8] == ""
    assert [row[0] for row in table[1:]] == ["2022", "2023"]
    assert table[2][1:] == ["4", "5", "5", "4", "5", "4", "3", "2", "3", "3"]


@pytest.mark.parametrize("name", [f"{stem}.txt" for stem in sorted(NATIVE)] + [f"gold/{stem}.json" for stem in sorted(NATIVE)])
def test_corpus_seeds_and_gold_are_the_shared_copies(name: str) -> None:
    shared = CORPUS.parents[1] / "shared" / ("gold" if name.startswith("gold/") else "seeds") / Path(name).name
    if not shared.is_file():
        pytest.skip(f"{shared} is absent: the shared originals live beside the repository, not in it")
    assert (CORPUS / name).read_bytes() == shared.read_bytes()
