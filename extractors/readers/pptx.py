"""Read PowerPoint decks with python-pptx: slide titles, text, bullets, tables and notes.

Each slide is a page. Shapes are read top to bottom, left to right, so a deck reads in the
order its audience sees it; a slide's title becomes a heading.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.exc import PackageNotFoundError
from pptx.util import Emu

from extractors.errors import UnreadableDocument
from extractors.readers.blocks import BlockBuilder
from schemas.document import Block


def _shapes_in_reading_order(shapes):
    """Flatten groups and sort by position (top, then left)."""
    flat = []
    for shape in shapes:
        if shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            flat.extend(_shapes_in_reading_order(shape.shapes))
        else:
            flat.append(shape)
    return sorted(flat, key=lambda s: (int(s.top or Emu(0)), int(s.left or Emu(0))))


def read_pptx(path: Path, data: bytes) -> tuple[list[Block], int, dict[str, str]]:
    """Read a .pptx file into blocks, one page per slide."""
    try:
        deck = Presentation(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise UnreadableDocument(f"{path.name}: not a readable PowerPoint deck ({e})") from e
    builder = BlockBuilder()
    for number, slide in enumerate(deck.slides, start=1):
        title_shape = slide.shapes.title
        if title_shape is not None and title_shape.has_text_frame and title_shape.text_frame.text.strip():
            builder.add_heading(title_shape.text_frame.text, page=number, level=1)
        for shape in _shapes_in_reading_order(slide.shapes):
            if title_shape is not None and shape.shape_id == title_shape.shape_id:
                continue
            if getattr(shape, "has_table", False) and shape.has_table:
                rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                builder.add_table(rows, page=number)
            elif shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    text = "".join(run.text for run in paragraph.runs) or paragraph.text
                    builder.add_paragraph(text, page=number, list_item=paragraph.level > 0,
                                          level=paragraph.level)
        if slide.has_notes_slide:
            builder.add_note(slide.notes_slide.notes_text_frame.text if slide.notes_slide.notes_text_frame else "",
                             page=number)
    core = deck.core_properties
    properties = {key: str(value) for key, value in
                  (("title", core.title), ("author", core.author), ("created", core.created)) if value}
    return builder.blocks, len(deck.slides), properties
