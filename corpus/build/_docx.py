"""Helpers for writing council-style Word papers with python-docx.

Council papers are A4, Arial, with numbered paragraphs whose numbers are typed (so the
numbers survive any export), bold headings and real footnotes. python-docx covers most of
that; footnotes it does not, so `add_footnote` writes the footnotes part itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

#: A4 in centimetres: UK councils print on A4, not the Letter size of python-docx's template.
A4 = (Cm(21.0), Cm(29.7))
#: Where the text of a numbered paragraph starts; the typed number hangs to its left.
NUMBER_INDENT = Cm(1.0)
FONT = "Arial"
#: The light grey of a table's header row.
HEADER_FILL = "D9D9D9"


def make_document(*, title: str, author: str, created: dt.datetime, landscape: bool = False,
                  font_size: float = 11) -> Document:
    """A blank A4 document in Arial with plain black headings and honest core properties.

    The core properties are set because python-docx's template otherwise claims to be
    someone else's file from 2013, and readers may use the title.
    """
    document = new_document()
    section = document.sections[0]
    width, height = A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)

    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(font_size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 16), ("Heading 1", 13), ("Heading 2", 12), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        rfonts = style.element.rPr.rFonts
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            rfonts.attrib.pop(qn(attr), None)
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
    title_style = document.styles["Title"]
    # The template's Title has a coloured bottom border; council papers do not.
    for border in title_style.element.findall(".//" + qn("w:pBdr")):
        border.getparent().remove(border)

    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.subject = ""
    props.keywords = ""
    props.created = created
    props.modified = created
    props.last_printed = created
    props.revision = 1
    return document


def make_plan(*, title: str, author: str, created: dt.datetime,
              labelled: Sequence[tuple[str, str]] = ()) -> Document:
    """A landscape action plan in 10 pt: its title, then a line for each `(label, text)`, the label bold."""
    document = make_document(title=title, author=author, created=created, landscape=True, font_size=10)
    add_text(document, title, style="Title")
    for label, text in labelled:
        add_runs(document.add_paragraph(), [(label, "b"), text])
    return document


def add_text(document_or_cell: Document | _Cell, text: str = "", *, bold: bool = False,
             italic: bool = False, underline: bool = False, size: float | None = None,
             style: str | None = None, align: str | None = None) -> Paragraph:
    """Add one paragraph of plain text, optionally formatted as a whole."""
    paragraph = document_or_cell.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        run.underline = underline or None
        if size:
            run.font.size = Pt(size)
    if align == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def add_runs(paragraph: Paragraph, parts: Iterable[str | tuple[str, str]]) -> Paragraph:
    """Append runs to a paragraph; a `(text, "b"|"u"|"i")` pair is bold, underlined or italic."""
    for part in parts:
        if isinstance(part, str):
            paragraph.add_run(part)
            continue
        text, how = part
        run = paragraph.add_run(text)
        run.bold = "b" in how or None
        run.underline = "u" in how or None
        run.italic = "i" in how or None
    return paragraph


def add_numbered(document: Document, number: str, parts: str | Sequence[str | tuple[str, str]],
                 *, document_footnotes: "Footnotes | None" = None) -> Paragraph:
    """Add a paragraph whose typed number hangs in the margin, as committee reports do.

    `parts` may contain `("1", "fn")` markers, which become footnote references.
    """
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.left_indent = NUMBER_INDENT
    fmt.first_line_indent = -NUMBER_INDENT
    fmt.tab_stops.add_tab_stop(NUMBER_INDENT)
    paragraph.add_run(f"{number}\t")
    for part in [parts] if isinstance(parts, str) else parts:
        if isinstance(part, tuple) and part[1] == "fn":
            if document_footnotes is None:
                raise ValueError("a footnote marker needs the document's Footnotes")
            document_footnotes.reference(paragraph, part[0])
        else:
            add_runs(paragraph, [part])
    return paragraph


def add_bullet(document: Document, text: str, *, indent: float = 1.0) -> Paragraph:
    """Add a bulleted line under a numbered paragraph."""
    paragraph = document.add_paragraph(text, style="List Bullet")
    paragraph.paragraph_format.left_indent = Cm(indent + 0.63)
    return paragraph


def make_table(document: Document, rows: int, cols: int, widths: Sequence[float]) -> Table:
    """A ruled table (Table Grid) with fixed column widths in centimetres.

    Ruled, because a table with drawn lines is what pdfplumber's lattice finder sees in the
    PDF export, as in the council's own exports.
    """
    table = document.add_table(rows=rows, cols=cols)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Cm(width)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
    return table


def fill_cell(cell: _Cell, paragraphs: Sequence[str | tuple[str, str]], *, bold: bool = False,
              size: float | None = None) -> None:
    """Write a cell as separate paragraphs; `("text", "bullet")` makes a bulleted paragraph.

    Cells of action plans hold several paragraphs (a lead action and its lettered sub-items);
    keeping them as paragraphs, not one run with line breaks, is how Word users write them.
    """
    first = cell.paragraphs[0]
    for index, item in enumerate(paragraphs):
        text, how = (item, "") if isinstance(item, str) else item
        if index == 0:
            paragraph = first
        else:
            paragraph = cell.add_paragraph()
        if how == "bullet":
            paragraph.style = cell.part.document.styles["List Bullet"]
        paragraph.paragraph_format.space_after = Pt(4)
        if text:
            run = paragraph.add_run(text)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)


def repeat_header(table: Table) -> None:
    """Mark the first row as a header row, repeated on each page."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(parse_xml(f'<w:tblHeader {nsdecls("w")} w:val="true"/>'))


def keep_rows_whole(table: Table) -> None:
    """Stop rows breaking across pages, so each row of the PDF export sits on one page.

    Word would split a tall row; the council's plan was laid out so that rows did not.
    """
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")} w:val="true"/>'))


def shade(cell: _Cell, fill: str) -> None:
    """Give a cell a background colour (hex), as header rows usually have."""
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'))


def header_table(document: Document, header: Sequence[str], rows: Sequence[Sequence[Sequence[str | tuple[str, str]]]],
                 widths: Sequence[float], *, repeat: bool = True, whole_rows: bool = True) -> Table:
    """A ruled table with a bold, shaded header row; each cell of `rows` is written by `fill_cell`.

    With `repeat` the header row is repeated on each page, and with `whole_rows` no row
    breaks across pages, as in a long action plan.
    """
    table = make_table(document, 1 + len(rows), len(header), widths)
    if repeat:
        repeat_header(table)
    for cell, text in zip(table.rows[0].cells, header):
        fill_cell(cell, (text,), bold=True)
        shade(cell, HEADER_FILL)
    for row, cells in zip(table.rows[1:], rows):
        for cell, paragraphs in zip(row.cells, cells):
            fill_cell(cell, paragraphs)
    if whole_rows:
        keep_rows_whole(table)
    return table


@dataclass
class Footnotes:
    """The footnotes part of a document, which python-docx cannot write by itself.

    Footnotes are written as Word writes them (a `footnotes.xml` part holding separator
    notes -1 and 0 and the notes themselves) so that Word and LibreOffice put them at the
    foot of the page where they are referenced.
    """

    document: Document
    notes: dict[str, str] = field(default_factory=dict)

    def reference(self, paragraph: Paragraph, note_id: str) -> None:
        """Put a superscript reference to footnote `note_id` at the end of `paragraph`."""
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{int(note_id)}"/></w:r>'
        ))

    def add(self, note_id: str, text: str) -> None:
        """Record the text of footnote `note_id`."""
        self.notes[note_id] = text

    def write(self) -> None:
        """Attach the footnotes part to the document."""
        w = nsdecls("w")
        body = [
            f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
            f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:footnote>",
        ]
        for note_id, text in self.notes.items():
            escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            body.append(
                f'<w:footnote w:id="{int(note_id)}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                f'<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="18"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {escaped}</w:t></w:r>'
                f"</w:p></w:footnote>"
            )
        xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {w}>{"".join(body)}</w:footnotes>'
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"),
                    self.document.part.package)
        self.document.part.relate_to(part, RT.FOOTNOTES)
