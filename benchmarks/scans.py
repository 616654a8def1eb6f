"""Scanned renderings of PDFs, made on the fly: what a shared drive of historic papers holds.

Each page of a text PDF is rasterised with pdfium at scanner resolution, and given the
defects of a real scan: a slight skew (1-2 degrees), speckle noise, grey paper, and JPEG
compression; one page may be turned 90 degrees, as a page fed sideways is. The pages are
then wrapped back into an image-only PDF or a multi-page TIFF, so nothing of the text
layer survives. Used by the OCR tests and `benchmarks/ocr_engines.py`; nothing is committed.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageFilter

#: Resolution scans are made at: historic papers were scanned at 150-300 dpi, 200 most often.
DEFAULT_DPI = 200
#: JPEG quality of the scanned page, as office scanners save them.
JPEG_QUALITY = 60


def rasterise(pdf_path: Path, *, dpi: int = DEFAULT_DPI, pages: list[int] | None = None) -> list[Image.Image]:
    """The pages of a PDF (all, or the 0-based `pages`) as greyscale images at `dpi`."""
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        wanted = range(len(pdf)) if pages is None else pages
        images = []
        for index in wanted:
            page = pdf[index]
            images.append(page.render(scale=dpi / 72).to_pil().convert("L"))
            page.close()
        return images
    finally:
        pdf.close()


def add_scan_defects(image: Image.Image, *, seed: int, skew: float | None = None,
                     rotate_90: bool = False) -> Image.Image:
    """A page image as a scanner leaves it: skewed, grey, speckled, JPEG-compressed."""
    rng = random.Random(seed)
    angle = skew if skew is not None else rng.choice((-1, 1)) * rng.uniform(1.0, 2.0)
    page = image.convert("L").point(lambda value: 235 if value > 235 else value)  # grey paper
    page = page.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=235)
    page = _speckle(page, rng)
    if rotate_90:
        page = page.rotate(90, expand=True)
    buffer = io.BytesIO()
    page.save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def _speckle(page: Image.Image, rng: random.Random, *, density: float = 0.0015) -> Image.Image:
    """Dust and toner specks: isolated dark and light pixels, slightly blurred into the page."""
    width, height = page.size
    pixels = page.load()
    for _ in range(int(width * height * density)):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = rng.choice((0, 40, 90, 255))
    return page.filter(ImageFilter.GaussianBlur(0.4))


def scanned_pages(pdf_path: Path, *, dpi: int = DEFAULT_DPI, seed: int = 1, pages: list[int] | None = None,
                  rotate_page: int | None = None) -> list[Image.Image]:
    """Scanned renderings of a PDF's pages; page index `rotate_page` (0-based, in the result) turned 90 degrees."""
    images = rasterise(pdf_path, dpi=dpi, pages=pages)
    return [add_scan_defects(image, seed=seed * 1000 + number, rotate_90=number == rotate_page)
            for number, image in enumerate(images)]


def image_pdf(images: list[Image.Image], *, dpi: int = DEFAULT_DPI) -> bytes:
    """An image-only PDF of the pages, as a scanner's 'scan to PDF' writes: no text layer."""
    buffer = io.BytesIO()
    first, *rest = [image.convert("RGB") for image in images]
    first.save(buffer, format="PDF", save_all=True, append_images=rest, resolution=dpi)
    return buffer.getvalue()


def tiff(images: list[Image.Image], *, dpi: int = DEFAULT_DPI) -> bytes:
    """A multi-page TIFF of the pages (LZW-compressed), as a shared drive of scans holds."""
    buffer = io.BytesIO()
    first, *rest = images
    first.save(buffer, format="TIFF", save_all=True, append_images=rest, compression="tiff_lzw", dpi=(dpi, dpi))
    return buffer.getvalue()


def scan_pdf(pdf_path: Path, out: Path, **options) -> Path:
    """Write an image-only scanned rendering of `pdf_path` to `out`; return `out`."""
    out.write_bytes(image_pdf(scanned_pages(pdf_path, **options), dpi=options.get("dpi", DEFAULT_DPI)))
    return out
