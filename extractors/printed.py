"""What a browser adds when a web page is printed to PDF: not part of the paper.

Committee-system pages reach users as PDFs printed from a browser, which stamps each page
with the date and time of printing and the page's title at the top ("21/04/2017, 09:42
Agenda item - Calderdale Council") and its address and page count at the bottom
("https://democracy.calderdale.gov.uk/mgAi.aspx?ID=31552 1/1"). Read as the paper's own
lines, the print date becomes the meeting's date and the stamp its title. `drop_print_chrome`
removes those lines before any extractor runs; everything else is left as it was.
"""

from __future__ import annotations

import re

from schemas.document import Block, BlockKind, Document

#: "21/04/2017, 09:42 Agenda item - Calderdale Council", "4/21/17, 9:42 AM Prevent | Council", or with the
#: date alone before the page's title and its site ("03/09/2019 Prevent - Brighton & Hove City Council").
_PRINT_STAMP = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+\S.*)?"
                          r"|\s+\S.*\s[-|–]\s\S.*)$")
#: "https://democracy.example.gov.uk/mgAi.aspx?ID=31552 1/1": the address and "page of pages".
_PRINT_FOOTER = re.compile(r"^(?:https?://|www\.)\S+\s+\d{1,3}/\d{1,3}$")


def _is_chrome(block: Block, first_on_page: bool) -> bool:
    text = " ".join(block.text.split())
    return block.kind != BlockKind.table and "\n" not in block.text.strip() and bool(
        first_on_page and _PRINT_STAMP.match(text) or _PRINT_FOOTER.match(text))


def drop_print_chrome(document: Document) -> Document:
    """The document without the print stamps and address footers a browser puts on its pages."""
    pages = [block.page for block in document.blocks]
    kept = tuple(block for index, block in enumerate(document.blocks)
                 if not _is_chrome(block, index == 0 or pages[index - 1] != block.page))
    if len(kept) == len(document.blocks):
        return document
    return document.model_copy(update={"blocks": kept})


__all__ = ["drop_print_chrome"]
