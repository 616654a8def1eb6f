"""The image steps before Tesseract give exactly what the slower code they replace gave.

Each is checked against its definition on random images (every size down to one pixel, so
the edges count) and on a page of a real scan: the same pixels reach Tesseract, so what it
reads cannot change.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFilter

from benchmarks import scans
from extractors.readers import ocr

#: A seed action plan whose pages are ruled tables.
PLAN_PDF = Path(__file__).resolve().parents[1] / "corpus" / "001_833b9ff6c1116053.pdf"
SHAPES = [(1, 1), (1, 6), (6, 1), (2, 2), (3, 7), (40, 31), (257, 199)]


def images(seed: int):
    """Random greyscale images: noise, black and white specks, and nearly flat grey."""
    rng = np.random.default_rng(seed)
    for shape in SHAPES:
        yield rng.integers(0, 256, shape, dtype=np.uint8)
        yield np.where(rng.random(shape) < 0.5, 0, 255).astype(np.uint8)
        yield rng.integers(120, 123, shape, dtype=np.uint8)


def a_scanned_page() -> Image.Image:
    """A page of the plan as scanned (skewed, speckled), straightened and its shading flattened."""
    return ocr.flatten(ocr.straighten(scans.scanned_pages(PLAN_PDF, dpi=200, seed=7, pages=[0])[0].convert("L")))


def test_ocr_despeckled_is_pils_3_by_3_median_filter():
    for pixels in images(seed=1):
        image = Image.fromarray(pixels)
        expected = np.asarray(image.filter(ImageFilter.MedianFilter(3)))
        assert np.array_equal(np.asarray(ocr.despeckled(image)), expected), pixels.shape
    page = a_scanned_page()
    assert np.array_equal(np.asarray(ocr.despeckled(page)), np.asarray(page.filter(ImageFilter.MedianFilter(3))))


def test_ocr_despeckled_leaves_other_modes_to_pil():
    image = Image.fromarray(np.random.default_rng(2).integers(0, 256, (20, 30, 3), dtype=np.uint8))
    assert np.array_equal(np.asarray(ocr.despeckled(image)), np.asarray(image.filter(ImageFilter.MedianFilter(3))))


def long_runs_by_windows(ink: np.ndarray, length: int) -> np.ndarray:
    """The definition: a pixel lies in a run of at least `length` when some window of
    `length` pixels of its row holding it is all ink."""
    height, width = ink.shape
    length = min(max(length, 2), width)
    found = np.zeros_like(ink)
    for row in range(height):
        for start in range(width - length + 1):
            if ink[row, start:start + length].all():
                found[row, start:start + length] = True
    return found


@pytest.mark.parametrize("length", [0, 1, 2, 3, 5, 12, 400])
def test_ocr_long_runs_are_the_pixels_of_runs_at_least_so_long(length):
    rng = np.random.default_rng(length)
    for shape in SHAPES[:-1]:
        for share in (0.3, 0.9, 1.0):
            ink = rng.random(shape) < share
            assert np.array_equal(ocr._long_runs(ink, length), long_runs_by_windows(ink, length)), (shape, share)


def test_ocr_ruling_lines_of_a_scanned_page_are_its_long_runs():
    page = a_scanned_page()
    ink = ocr._bridged(np.asarray(page) < ocr.INK_LEVEL)
    width = int(page.width * ocr.RULING_SHARE)
    across = ocr._long_runs(ink, width)
    rows = [row for row in range(ink.shape[0]) if across[row].any()]
    assert len(rows) >= 5, "the plan's page has ruled lines"
    for row in rows[:20]:
        assert np.array_equal(across[row:row + 1], long_runs_by_windows(ink[row:row + 1], width))
