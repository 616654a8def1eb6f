"""Helpers for writing plain 16:9 slide decks with python-pptx.

The decks of the seed corpus are plain: a title, bullets (sometimes two levels), now and
then a table or a lone text box. These helpers make exactly those, with bullets set in the
paragraph XML because python-pptx has no bullet API for free text boxes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.table import Table
from pptx.text.text import TextFrame, _Paragraph
from pptx.util import Emu, Inches, Pt

#: 16:9, as PowerPoint has made new decks since 2013.
SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.6)

LAYOUT_TITLE, LAYOUT_TITLE_AND_CONTENT, LAYOUT_TITLE_ONLY, LAYOUT_BLANK = 0, 1, 5, 6
WHITE = RGBColor(0xFF, 0xFF, 0xFF)


def make_presentation(*, title: str, author: str, created: dt.datetime) -> PresentationType:
    """A blank 16:9 deck whose core properties say what it is, not where it came from."""
    prs = Presentation()
    prs.slide_width = SLIDE_WIDTH
    prs.slide_height = SLIDE_HEIGHT
    props = prs.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.created = created
    props.modified = created
    props.revision = 1
    return prs


def _fit_placeholders(slide: Slide) -> None:
    """Stretch layout placeholders to the 16:9 width; the template's layouts are 4:3."""
    for shape in slide.placeholders:
        # Setting one coordinate writes the whole transform, so read the inherited ones first.
        top, height = shape.top, shape.height
        shape.left, shape.top = MARGIN, top
        shape.width, shape.height = SLIDE_WIDTH - 2 * MARGIN, height


def title_slide(prs: PresentationType, title: str, subtitle_lines: Sequence[str]) -> Slide:
    """A title slide: the deck's title and, under it, one paragraph per subtitle line."""
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    _fit_placeholders(slide)
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    for index, line in enumerate(subtitle_lines):
        paragraph = body.paragraphs[0] if index == 0 else body.add_paragraph()
        paragraph.text = line
    return slide


def titled_slide(prs: PresentationType, title: str | None) -> Slide:
    """A slide with only a title (or with nothing, for a slide that has none)."""
    if title is None:
        return prs.slides.add_slide(prs.slide_layouts[LAYOUT_BLANK])
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _fit_placeholders(slide)
    slide.shapes.title.text = title
    return slide


def text_box(slide: Slide, *, top: int = BODY_TOP, height: int | None = None, left: int = MARGIN,
             width: int | None = None) -> TextFrame:
    """A word-wrapped text box across the slide body."""
    width = width if width is not None else SLIDE_WIDTH - 2 * MARGIN
    height = height if height is not None else SLIDE_HEIGHT - top - Inches(0.5)
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    return frame


def _next_paragraph(frame: TextFrame) -> _Paragraph:
    """The frame's empty first paragraph, else a new one."""
    first = frame.paragraphs[0]
    if len(frame.paragraphs) == 1 and not first.runs:
        return first
    return frame.add_paragraph()


def _bullet(paragraph: _Paragraph, level: int, char: str) -> None:
    """Give a paragraph a hanging bullet at `level` (0 or 1)."""
    p_pr = paragraph._p.get_or_add_pPr()
    indent = Emu(Inches(0.35))
    p_pr.set("marL", str(int(indent * (level + 1))))
    p_pr.set("indent", str(-int(indent)))
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    bu_font = p_pr.makeelement(qn("a:buFont"), {"typeface": "Arial"})
    bu_char = p_pr.makeelement(qn("a:buChar"), {"char": char})
    p_pr.append(bu_font)
    p_pr.append(bu_char)


def add_paragraph(frame: TextFrame, parts: str | Sequence[str | tuple[str, str]], *, size: float = 20,
                  bold: bool = False, level: int | None = None, space_after: float = 6) -> _Paragraph:
    """Add a paragraph; with `level` it is a bullet (0 top level, 1 sub-bullet).

    `parts` may mix plain strings with `(text, "b")` pairs for bold runs, as slide text
    often stresses a quotation.
    """
    paragraph = _next_paragraph(frame)
    for part in [parts] if isinstance(parts, str) else parts:
        text, how = (part, "") if isinstance(part, str) else part
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = True if (bold or "b" in how) else None
    if level is not None:
        _bullet(paragraph, level, "•" if level == 0 else "–")
    paragraph.space_after = Pt(space_after)
    return paragraph


def add_bullets(frame: TextFrame, items: Sequence[str | tuple[int, str]], *, size: float = 20) -> None:
    """Add bullets; an item `(1, text)` is a sub-bullet."""
    for item in items:
        level, text = (0, item) if isinstance(item, str) else item
        add_paragraph(frame, text, size=size, level=level)


def bullet_slide(prs: PresentationType, title: str, items: Sequence[str | tuple[int, str]], *,
                 size: float = 20) -> Slide:
    """A titled slide of bullets across its body; an item `(1, text)` is a sub-bullet."""
    slide = titled_slide(prs, title)
    add_bullets(text_box(slide), items, size=size)
    return slide


def subtitled_slide(prs: PresentationType, title: str, subtitle: str, items: Sequence[str | tuple[int, str]]) -> Slide:
    """A titled slide with a bold subtitle line and bullets under it, as a deck's recommendation slides."""
    slide = titled_slide(prs, title)
    frame = text_box(slide, top=Inches(1.55), height=Inches(0.6))
    add_paragraph(frame, subtitle, size=24, bold=True)
    frame = text_box(slide, top=Inches(2.2), height=Inches(5.0))
    add_bullets(frame, items, size=16)
    return slide


def score_table(slide: Slide, rows: Sequence[Sequence[str]], *, height: int, first_width: int = Inches(1.8),
                size: float = 20, centred: bool = True, header_colour: RGBColor | None = WHITE) -> Table:
    """A table across the slide body: a header row, then a row per label with its scores.

    The label column is `first_width` wide and the score columns share the rest; the header
    (in 11 pt, coloured `header_colour` where given) and the labels are bold.
    """
    width = SLIDE_WIDTH - 2 * MARGIN
    columns = len(rows[0])
    table = slide.shapes.add_table(len(rows), columns, MARGIN, BODY_TOP, width, height).table
    table.columns[0].width = first_width
    for column in list(table.columns)[1:]:
        column.width = int((width - first_width) / (columns - 1))
    for row_index, values in enumerate(rows):
        for col_index, value in enumerate(values):
            cell = table.cell(row_index, col_index)
            cell.text = value
            paragraph = cell.text_frame.paragraphs[0]
            if centred:
                paragraph.alignment = PP_ALIGN.CENTER
            for run in paragraph.runs:
                run.font.size = Pt(11 if row_index == 0 else size)
                run.font.bold = row_index == 0 or col_index == 0 or None
                if row_index == 0 and header_colour is not None:
                    run.font.color.rgb = header_colour
    return table
