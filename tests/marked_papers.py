"""Real Word, PowerPoint, PDF and text papers that print a protective marking in each of the
places and spellings a careful reader of council papers finds them, and public papers beside
them that only look as if they might be marked.

`write_papers(folder)` writes them all and returns each file's name with the marking it
carries (None for a paper with none), so that tests of reading markings and of the public
copy check the same papers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import docx
from pptx import Presentation
from pptx.util import Inches

BODY = "The Channel panel met {n} times this year and the partnership plan was refreshed."


def write_docx(path: Path, title: str, *, body: list[str] = (), header: str | None = None,
               first_page_footer: str | None = None, even_page_header_in_second_section: str | None = None,
               cell: str | None = None) -> Path:
    """A Word paper with a title, body paragraphs and, where asked, a marking in a header, footer or cell."""
    document = docx.Document()
    document.add_heading(title, level=0)
    for text in body:
        document.add_paragraph(text)
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if first_page_footer is not None:
        section.different_first_page_header_footer = True
        section.first_page_footer.paragraphs[0].text = first_page_footer
    if cell is not None:
        table = document.add_table(rows=2, cols=2)
        for (row, column), text in {(0, 0): "Action", (0, 1): "Lead", (1, 0): "Refresh the plan",
                                    (1, 1): cell}.items():
            table.cell(row, column).text = text
    if even_page_header_in_second_section is not None:
        document.settings.odd_and_even_pages_header_footer = True
        second = document.add_section()
        second.even_page_header.is_linked_to_previous = False
        second.even_page_header.paragraphs[0].text = even_page_header_in_second_section
        document.add_paragraph("Appendix: the referral pathway.")
    document.save(path)
    return path


def write_pptx(path: Path, title: str, *, master: str | None = None, layout: str | None = None,
               notes: str | None = None, slide_lines: list[str] = ()) -> Path:
    """A two-slide deck; a marking, where asked, in a master or layout text box or in the notes."""
    deck = Presentation()
    if master is not None:
        _add_text_box(deck, deck.slide_masters[0].shapes, master)
    if layout is not None:
        _add_text_box(deck, deck.slide_layouts[1].shapes, layout)
    for number in (1, 2):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = f"{title} ({number})"
        slide.placeholders[1].text_frame.text = "\n".join([BODY.format(n=number * 6), *slide_lines])
        if notes is not None:
            slide.notes_slide.notes_text_frame.text = notes
    deck.save(path)
    return path


def _add_text_box(deck, shapes, text: str) -> None:
    """Put a text box on a master or layout, as PowerPoint does (python-pptx adds them to slides only)."""
    scratch = deck.slides.add_slide(deck.slide_layouts[6])
    box = scratch.shapes.add_textbox(Inches(0.2), Inches(7), Inches(4), Inches(0.4))
    box.text_frame.text = text
    shapes._spTree.append(copy.deepcopy(box._element))
    slide_id = deck.slides._sldIdLst[-1]
    deck.part.drop_rel(slide_id.rId)
    deck.slides._sldIdLst.remove(slide_id)


def write_pdf(path: Path, pages: list[list[tuple[float, float, str]]]) -> Path:
    """A real PDF of Helvetica text lines, each (x, y from the bottom, text), one list per page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        stream = "".join(f"BT /F1 11 Tf {x} {y} Td ({text.replace('(', '[').replace(')', ']')}) Tj ET\n"
                         for x, y, text in lines)
        objects.append(f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}endstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       f"/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def write_pdf_paper(path: Path, title: str, footer: str) -> Path:
    """A two-page PDF report whose marking is only in the footer line of each page."""
    return write_pdf(path, [[(72, 780, "Leicester City Council"), (72, 740, title), (72, 700, BODY.format(n=page)),
                             (72, 40, f"{footer} | Page {page} of 2")] for page in (1, 2)])


def write_text(path: Path, title: str, lines: list[str]) -> Path:
    path.write_text("\n\n".join([title, *lines, BODY.format(n=len(lines))]) + "\n", encoding="utf-8")
    return path


#: File name to (writer of the paper, the marking it carries): fifteen marked papers, five public ones.
PAPERS: dict[str, tuple[Callable[[Path], Path], str | None]] = {
    "word_page_header.docx": (lambda p: write_docx(p, "Prevent Delivery Plan", body=[BODY.format(n=1)],
                                                   header="OFFICIAL-SENSITIVE"), "OFFICIAL-SENSITIVE"),
    "word_first_page_footer.docx": (lambda p: write_docx(p, "Channel Panel Review", body=[BODY.format(n=2)],
                                                         first_page_footer="Official Sensitive"), "OFFICIAL-SENSITIVE"),
    "word_even_page_header_second_section.docx": (
        lambda p: write_docx(p, "Prevent Board Minutes", body=[BODY.format(n=3)],
                             even_page_header_in_second_section="OFFICIAL-SENSITIVE PERSONAL"),
        "OFFICIAL-SENSITIVE PERSONAL"),
    "word_table_cell.docx": (lambda p: write_docx(p, "Prevent Action Plan", body=[BODY.format(n=4)],
                                                  cell="OFFICIAL SENSITIVE"), "OFFICIAL-SENSITIVE"),
    "word_title_case_line.docx": (lambda p: write_docx(p, "Counter Terrorism Local Profile Summary",
                                                       body=["Official Sensitive", BODY.format(n=5)]),
                                  "OFFICIAL-SENSITIVE"),
    "word_descriptor_colon.docx": (lambda p: write_docx(p, "Prevent Training Contract",
                                                        body=["OFFICIAL SENSITIVE: COMMERCIAL", BODY.format(n=6)]),
                                   "OFFICIAL-SENSITIVE COMMERCIAL"),
    "text_descriptor_in_brackets.txt": (lambda p: write_text(p, "Prevent Case Review", ["[PERSONAL]"]), "[PERSONAL]"),
    "text_marking_with_other_words.txt": (
        lambda p: write_text(p, "Prevent Partnership Update",
                             ["OFFICIAL-SENSITIVE – Leicestershire Prevent Partnership"]), "OFFICIAL-SENSITIVE"),
    "text_after_an_official_line.txt": (
        lambda p: write_text(p, "Prevent Risk Assessment", ["OFFICIAL", "Annex A", "OFFICIAL-SENSITIVE"]),
        "OFFICIAL-SENSITIVE"),
    "text_top_secret_and_older_markings.txt": (
        lambda p: write_text(p, "Prevent Threat Picture", ["PROTECT - PERSONAL", "Classification: Confidential",
                                                           "TOP SECRET"]), "TOP SECRET"),
    "text_labelled_restricted.txt": (lambda p: write_text(p, "Prevent Peer Review",
                                                          ["Protective Marking: Restricted"]), "RESTRICTED"),
    "deck_master_text_box.pptx": (lambda p: write_pptx(p, "Prevent Benchmarking", master="OFFICIAL-SENSITIVE"),
                                  "OFFICIAL-SENSITIVE"),
    "deck_layout_text_box.pptx": (lambda p: write_pptx(p, "Prevent Network Briefing", layout="SECRET"), "SECRET"),
    "deck_notes.pptx": (lambda p: write_pptx(p, "Channel Briefing", notes="Official Sensitive - do not forward"),
                        "OFFICIAL-SENSITIVE"),
    "pdf_footer_line.pdf": (lambda p: write_pdf_paper(p, "Prevent Annual Review", "Official Sensitive"),
                            "OFFICIAL-SENSITIVE"),
    # Public papers, some with the words of a marking used as words.
    "word_official_header.docx": (lambda p: write_docx(p, "Prevent Duty Annual Report", body=[BODY.format(n=7)],
                                                       header="OFFICIAL"), "OFFICIAL"),
    "word_prose.docx": (lambda p: write_docx(p, "Safeguarding Update", body=[
        "Staff can raise concerns through the confidential reporting line.",
        "Restricted access to the building is in place after 6pm.",
        "The CTLP is Official Sensitive so not a public facing document.", BODY.format(n=8)]), None),
    "deck_contest_strands.pptx": (lambda p: write_pptx(p, "CONTEST Overview",
                                                       slide_lines=["PURSUE", "PREVENT", "PROTECT", "PREPARE"]), None),
    "text_unrestricted.txt": (lambda p: write_text(p, "Cabinet Report", ["Classification: Unrestricted",
                                                                         "UNRESTRICTED ITEMS"]), "UNRESTRICTED"),
    "pdf_unmarked.pdf": (lambda p: write_pdf(p, [[(72, 740, "Prevent Scrutiny Report"), (72, 700, BODY.format(n=9)),
                                                  (72, 40, "Leicester City Council | Page 1 of 1")]]), None),
}


def write_papers(folder: Path) -> dict[str, str | None]:
    """Write every paper into `folder`; file name to the marking it carries."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (write, _) in PAPERS.items():
        write(folder / name)
    return {name: marking for name, (_, marking) in PAPERS.items()}
