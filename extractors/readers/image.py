"""Read scanned page images (PNG, JPEG, TIFF, multi-page TIFF included) by OCR.

Historic papers on a shared drive are often the scanner's own files rather than PDFs. Each
image, or each page of a multi-page TIFF, is one page: it is read by OCR
(`extractors.readers.ocr`) and its lines become blocks exactly as a scanned PDF page's do.

An image's header says how large it is before any pixel is decoded, so an image bomb (a
small file that declares billions of pixels) is refused on its header alone, and the pages
are decoded one at a time, so a long TIFF never sits in memory whole.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from extractors.errors import NeedsOCR, TooLarge, UnreadableDocument
from extractors.readers import ocr
from extractors.readers.pdf import ocr_table_cells, place_pages, read_scanned
from schemas.document import Block

#: An image that does not say its resolution is taken to be scanned at this many dots per inch.
DEFAULT_DPI = 200
#: The starts of the image formats read, by their bytes.
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff"}


def image_format(head: bytes) -> str | None:
    """png, jpeg or tiff when the bytes start as one does, else None."""
    return next((name for signature, name in SIGNATURES.items() if head.startswith(signature)), None)


def read_image(path: Path, data: bytes, *, max_pages: int,
               ocr_settings: ocr.OcrSettings | None = None) -> tuple[list[Block], int, dict[str, str], int]:
    """Read an image file's pages by OCR: (blocks, pages, properties, pages read by OCR)."""
    settings = ocr_settings or ocr.OcrSettings()
    if settings.mode == "never":
        raise NeedsOCR(f"{path.name}: an image is read only by OCR, which --ocr never turns off")
    image = _open(path, data, settings)
    pages = getattr(image, "n_frames", 1)
    if pages > max_pages:
        raise TooLarge(f"{path.name}: {pages} pages, more than the limit of {max_pages} (--max-pages)")
    queue = ocr.PageQueue(path.name, settings, ocr_table_cells)
    try:
        for index in range(pages):
            queue.submit(index, _page(path, image, index, settings))
        scanned = queue.results()
    finally:
        queue.close()
    read = [read_scanned(path, *scanned[index]) for index in range(pages)]
    page_lines = [lines for lines, _, _ in read]
    tables = {index: found for index, (_, found, _) in enumerate(read) if found}
    confidences = {index: confidence for index, (_, _, confidence) in enumerate(read)}
    return place_pages(page_lines, tables, confidences), pages, {}, pages


def _open(path: Path, data: bytes, settings: ocr.OcrSettings) -> Image.Image:
    """Open an image by its header only: nothing is decoded yet."""
    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as e:
        raise TooLarge(f"{path.name}: the image declares more pixels than the limit (a decompression bomb?)") from e
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as e:
        raise UnreadableDocument(f"{path.name}: not a readable image ({e})") from e
    ocr.check_pixels(path.name, image.width, image.height, settings.max_pixels)
    return image


def _page(path: Path, image: Image.Image, index: int, settings: ocr.OcrSettings) -> tuple[Image.Image, float]:
    """Page `index` decoded in greyscale, turned as its EXIF says, and its pixels per point."""
    try:
        image.seek(index)
        ocr.check_pixels(path.name, image.width, image.height, settings.max_pixels)
        page = ImageOps.exif_transpose(image).convert("L")
    except TooLarge:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError) as e:
        raise UnreadableDocument(f"{path.name}: page {index + 1} of the image is damaged ({e})") from e
    dpi = image.info.get("dpi", (DEFAULT_DPI, DEFAULT_DPI))[0] or DEFAULT_DPI
    return page, float(dpi) / 72
