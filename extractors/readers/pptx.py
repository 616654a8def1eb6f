"""Read PowerPoint decks with python-pptx: slide titles, text, bullets, tables and notes.

Each slide is a page. Shapes are read top to bottom, left to right, so a deck reads in the
order its audience sees it; a slide's title becomes a heading.

Text the slide masters and layouts print on every slide (a text box, a footer) and the header
and footer of the notes pages are read as margin blocks, which the document keeps apart
from its body: that is where a deck's protective marking is printed. The prompts of empty
placeholders ("Click to edit Master title style") are never printed and are not read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.util import Emu

from extractors.errors import UnreadableDocument
from extractors.readers.blocks import BlockBuilder, clean_text
from schemas.document import Block, BlockKind

#: Placeholders of a master, layout or notes page whose text is printed as it stands.
_PRINTED_PLACEHOLDERS = (PP_PLACEHOLDER.HEADER, PP_PLACEHOLDER.FOOTER)


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
    return builder.blocks + _margin_blocks(deck), len(deck.slides), properties


def _margin_blocks(deck) -> list[Block]:
    """Printed text of the layouts and masters the slides use, and of their notes pages' margins."""
    margins = []
    # Each layout once, on the first slide that uses it; each master of those layouts once.
    layouts = {slide.slide_layout.part.partname: (slide.slide_layout, number)
               for number, slide in reversed(list(enumerate(deck.slides, start=1)))}
    masters = {layout.slide_master.part.partname: layout.slide_master for layout, _ in layouts.values()}
    for layout, number in layouts.values():
        margins += _printed_text(layout.shapes, number)
    for master in masters.values():
        margins += _printed_text(master.shapes, 1)
    noted = [(number, slide.notes_slide) for number, slide in enumerate(deck.slides, start=1) if slide.has_notes_slide]
    for number, notes in noted:
        margins += _printed_text(notes.shapes, number)
    if noted:
        margins += _printed_text(deck.notes_master.shapes, 1)
    return margins


def _printed_text(shapes, page: int) -> list[Block]:
    """Margin blocks of the text boxes and header or footer placeholders among `shapes`."""
    blocks = []
    for shape in _shapes_in_reading_order(shapes):
        if not shape.has_text_frame:
            continue
        if shape.is_placeholder and shape.placeholder_format.type not in _PRINTED_PLACEHOLDERS:
            continue
        text = clean_text(shape.text_frame.text)
        if text:
            blocks.append(Block(kind=BlockKind.margin, page=page, text=text))
    return blocks
