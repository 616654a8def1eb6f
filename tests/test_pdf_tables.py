"""PDF table cells read from pdfium's characters are pdfplumber's cells.

The PDF reader finds ruled tables with pdfplumber's lattice functions on edges made from
pdfium's paths, and fills each cell from pdfium's characters with its own copy of
pdfplumber's word and line rules (`pdf.chars_to_text`), never building pdfplumber's
character objects. These tests hold it to pdfplumber itself on every ruled table of the
corpus and the real-world papers: pdfplumber parsing the file alone (`Table.extract`),
and pdfplumber's own functions fed the same characters and crossing points.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfplumber import table as plumber_table
from pdfplumber.utils import extract_text, filter_edges

from extractors.readers import pdf
from tests.conftest import CORPUS, REALWORLD

CORPUS_PDFS = sorted(CORPUS.rglob("*.pdf"))
REALWORLD_PDFS = sorted(REALWORLD.glob("*.pdf")) if REALWORLD.is_dir() else []
ABSENT = f"{REALWORLD} is absent: the real-world papers live beside the repository, not in it"

#: Tables pdfplumber finds that the reader leaves as text, each with why that is right: the
#: reader looks for tables only on pages drawing at least TABLE_PATH_THRESHOLD path objects.
NOT_TABLES = {
    # An empty two-cell box: the curves of the council's logo in the top right corner.
    ("kcc_cabinet_2025-01-30_24-00109_appC_dpia-screening.pdf", 1),
}


def pdf_params(paths: list[Path]):
    return [pytest.param(path, id=path.name) for path in paths] or [pytest.param(None, marks=pytest.mark.skip(ABSENT))]


ALL_PDFS = pdf_params(CORPUS_PDFS) + pdf_params(REALWORLD_PDFS)


def squash(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def only_spaces_added(ours: str, theirs: str) -> bool:
    """Whether `ours` is `theirs` with spaces put between some of its characters."""
    matched = 0
    for char in ours:
        if matched < len(theirs) and char == theirs[matched]:
            matched += 1
        elif char != " ":
            return False
    return matched == len(theirs)


@lru_cache(maxsize=None)
def our_tables(path: Path) -> dict[int, list]:
    """Page number to the reader's tables of that page: [(bbox, rows)]."""
    document = pdfium.PdfDocument(path.read_bytes())
    found = {}
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        if pdf._has_ruling(page):
            found[index + 1] = pdf._find_tables(path, page, textpage, page.get_height())
        textpage.close()
        page.close()
    document.close()
    return found


def ruled_pages(path: Path):
    """(page, textpage, height, page edges) of each page of `path` the reader looks for tables on."""
    document = pdfium.PdfDocument(path.read_bytes())
    for index in range(len(document)):
        page = document[index]
        if pdf._has_ruling(page):
            textpage = page.get_textpage()
            yield page, textpage, page.get_height(), pdf._page_edges(page, page.get_height())
            textpage.close()
        page.close()


@pytest.mark.parametrize("path", ALL_PDFS)
def test_pdf_table_cells_are_pdfplumbers_table_extract(path):
    """Every table pdfplumber finds on its own (two columns or more, as the reader keeps) is
    found with the same box, and each cell reads as pdfplumber's after whitespace is folded,
    except where pdfium's text layer has a space that pdfplumber's gap rule misses
    ("Survey Data" for its "SurveyData", "KPI 1: %" for "KPI 1:%"): then the reader's text
    is pdfplumber's with those spaces added, nothing else."""
    ours = our_tables(path)
    with pdfplumber.open(path) as plumber:
        for number, page in enumerate(plumber.pages, start=1):
            for table in page.find_tables():
                theirs = table.extract()
                if not theirs or max(len(row) for row in theirs) < 2:
                    continue
                if (path.name, number) in NOT_TABLES:
                    assert not ours.get(number), f"page {number}: a table where {NOT_TABLES} says none"
                    continue
                match = [rows for bbox, rows in ours.get(number, []) if
                         all(abs(a - b) < 1 for a, b in zip(bbox, table.bbox))]
                assert match, f"page {number}: pdfplumber's table at {table.bbox} not found"
                [rows] = match
                assert [len(row) for row in rows] == [len(row) for row in theirs]
                for row, their_row in zip(rows, theirs):
                    for cell, their_cell in zip(row, their_row):
                        same = squash(cell) == squash(their_cell)
                        assert same or only_spaces_added(squash(cell), squash(their_cell)), \
                            f"page {number}: {cell!r} is not pdfplumber's {their_cell!r}"


def test_pdf_table_spaces_added_are_only_spaces():
    assert only_spaces_added("Survey Data", "SurveyData")
    assert only_spaces_added("KPI 1: % of", "KPI 1:% of")
    assert not only_spaces_added("Survey Date", "SurveyData")
    assert not only_spaces_added("SurveyData", "Survey Data"), "a space of pdfplumber's lost"


@pytest.mark.parametrize("path", ALL_PDFS)
def test_pdf_cell_text_is_pdfplumbers_extract_text(path):
    """The reader's `chars_to_text` gives, for every cell of every ruled table, what
    pdfplumber's `extract_text` gives for the same characters in the same order, to the
    character: line breaks inside cells, overlapping and rotated-looking glyphs included."""
    for _, textpage, height, edges in ruled_pages(path):
        chars = pdf._page_chars(textpage, height)
        middles = [char[6] for char in chars]
        for table in pdf._lattice(edges):
            for row in table.rows:
                _, top, _, bottom = row.bbox
                band = chars[pdf.bisect.bisect_left(middles, top):pdf.bisect.bisect_left(middles, bottom)]
                for cell in filter(None, row.cells):
                    x0, top, x1, bottom = cell
                    inside = [c for c in band if x0 <= c[5] < x1 and top <= c[6] < bottom]
                    as_dicts = [{"text": text, "x0": left, "x1": right, "top": top_, "bottom": bottom_,
                                 "doctop": top_, "width": right - left, "height": bottom_ - top_, "upright": True,
                                 "size": bottom_ - top_} for text, left, right, top_, bottom_, _, _ in inside]
                    assert pdf.chars_to_text(inside) == (extract_text(as_dicts) if as_dicts else "")


@pytest.mark.parametrize("path", ALL_PDFS)
def test_pdf_cells_of_crossing_points_are_pdfplumbers(path):
    """`intersections_to_cells` finds pdfplumber's cells, in pdfplumber's order, on every ruled page."""
    for _, _, _, edges in ruled_pages(path):
        edges = filter_edges(edges, "v", min_length=pdf.EDGE_MIN_LENGTH_PREFILTER) + filter_edges(
            edges, "h", min_length=pdf.EDGE_MIN_LENGTH_PREFILTER)
        edges = plumber_table.merge_edges(edges, snap_x_tolerance=pdf.SNAP_TOLERANCE,
                                          snap_y_tolerance=pdf.SNAP_TOLERANCE, join_x_tolerance=pdf.JOIN_TOLERANCE,
                                          join_y_tolerance=pdf.JOIN_TOLERANCE)
        edges = filter_edges(edges, min_length=pdf.EDGE_MIN_LENGTH)
        crossings = plumber_table.edges_to_intersections(edges, pdf.INTERSECTION_TOLERANCE,
                                                         pdf.INTERSECTION_TOLERANCE)
        assert pdf.intersections_to_cells(crossings) == plumber_table.intersections_to_cells(crossings)


@pytest.mark.parametrize("path", ALL_PDFS)
def test_pdf_run_text_is_pypdfium2s(path):
    """Each text run's text, read from pdfium in one call, is what pypdfium2's `get_text_bounded` gives."""
    document = pdfium.PdfDocument(path.read_bytes())
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        buffer = (pdf.ctypes.c_ushort * 64)()  # small, so that long runs take the other way too
        for run in range(textpage.count_rects()):
            box = textpage.get_rect(run)
            assert pdf._bounded_text(textpage, buffer, *box) == textpage.get_text_bounded(*box)
        textpage.close()
        page.close()
    document.close()


@pytest.mark.parametrize("path", ALL_PDFS)
def test_pdf_objects_are_walked_as_pypdfium2_walks_them(path):
    """`_objects`, which tells ruled pages and page images, gives pypdfium2's `get_objects`, in order."""
    def address(obj) -> int:
        return pdf.ctypes.cast(obj, pdf.ctypes.c_void_p).value

    document = pdfium.PdfDocument(path.read_bytes())
    for index in range(len(document)):
        page = document[index]
        for depth in (1, 2, 3):
            assert [address(obj) for obj in pdf._objects(page.raw, max_depth=depth)] == \
                [address(obj.raw) for obj in page.get_objects(max_depth=depth)]
        page.close()
    document.close()
