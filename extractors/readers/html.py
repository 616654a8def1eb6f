"""Read an HTML page: committee-system minutes and decisions, and web pages saved as HTML.

ModernGov keeps an agenda item's minutes and decision as HTML (often Word's, with `MsoNormal`
paragraphs and `·` bullets), and `prevent-docs fetch` writes them as a page of their own.
Headings (`h1`-`h6`) become headings, paragraphs and other blocks paragraphs, `li` list
items, `table` tables of rows of cells (a table inside a cell joins that cell's text), and
`br` a line break. Scripts, styles and the head are not text; the `<title>` is the page's
title property. The standard library's parser is enough and tolerates broken markup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from extractors.errors import EmptyDocument
from extractors.readers.blocks import BlockBuilder
from extractors.readers.text import decode
from schemas.document import Block

#: Elements whose start or end closes the text before them as a block of its own.
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "header",
              "footer", "main", "nav", "aside", "pre", "address", "figure", "figcaption", "form", "fieldset",
              "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "caption", "hr", "body", "center"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: Elements whose content is never text a reader sees.
HIDDEN_TAGS = {"script", "style", "head", "noscript", "template", "svg", "object", "iframe"}
_SPACES = re.compile(r"[ \t\r\n\f\u00a0]+")


class _PageParser(HTMLParser):
    """Collects blocks as the page is parsed: text flows into the open block, tables into rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.builder = BlockBuilder()
        self.text: list[str] = []
        self.hidden = 0
        self.title: list[str] | None = None
        self.page_title = ""
        self.headings: list[str] = []  # heading tags open
        self.lists = 0
        self.tables: list[dict] = []  # open tables: {"rows": [...], "cell": [...] or None}
        self.preformatted = 0

    # --- Parser events -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ARG002
        if tag == "title":
            self.title = []
        if tag in HIDDEN_TAGS:
            self.hidden += 1
            return
        if tag in ("td", "th") and self.tables:
            self._close_cell()
            self.tables[-1]["cell"] = []
            return
        if tag == "br":
            self.text.append("\n")
            return
        if tag in BLOCK_TAGS:
            self.flush()
        if tag == "table":
            self.tables.append({"rows": [], "row": None, "cell": None, "outer": self.text})
            self.text = []
        elif tag == "tr" and self.tables:
            self._close_row()
            self.tables[-1]["row"] = []
        elif tag in HEADINGS:
            self.headings.append(tag)
        elif tag in ("ul", "ol"):
            self.lists += 1
        elif tag == "pre":
            self.preformatted += 1

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.text.append("\n")
        elif tag in BLOCK_TAGS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.title is not None:
            self.page_title = " ".join("".join(self.title).split())
            self.title = None
        if tag in HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
            return
        if tag in ("td", "th") and self.tables:
            self._close_cell()
            return
        if tag in BLOCK_TAGS:
            self.flush(closing=tag)
        if tag == "tr" and self.tables:
            self._close_row()
        elif tag == "table" and self.tables:
            self._close_table()
        elif tag in HEADINGS and self.headings:
            self.headings.pop()
        elif tag in ("ul", "ol"):
            self.lists = max(0, self.lists - 1)
        elif tag == "pre":
            self.preformatted = max(0, self.preformatted - 1)

    def handle_data(self, data: str) -> None:
        if self.title is not None:
            self.title.append(data)
        if self.hidden:
            return
        self.text.append(data if self.preformatted else _SPACES.sub(" ", data))

    # --- Blocks --------------------------------------------------------------------------

    def flush(self, closing: str | None = None) -> None:
        """End the text in hand as a block: a heading, a list item or a paragraph (or a cell's line)."""
        text = "".join(self.text)
        self.text = []
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"].append(text + "\n")
            return
        if not text.strip():
            return
        if self.headings or closing in HEADINGS:
            level = int((self.headings[-1] if self.headings else closing)[1])
            self.builder.add_heading(text, page=1, level=level)
        else:
            self.builder.add_paragraph(text, page=1, list_item=closing == "li" or bool(self.lists))

    def _close_cell(self) -> None:
        table = self.tables[-1]
        if table["cell"] is None:
            return
        table["cell"].append("".join(self.text))
        self.text = []
        if table["row"] is None:
            table["row"] = []
        table["row"].append("".join(table["cell"]).strip())
        table["cell"] = None

    def _close_row(self) -> None:
        self._close_cell()
        table = self.tables[-1]
        if table["row"]:
            table["rows"].append(table["row"])
        table["row"] = None

    def _close_table(self) -> None:
        self._close_row()
        table = self.tables.pop()
        self.text = table["outer"]
        if self.tables and self.tables[-1]["cell"] is not None:  # a table inside a cell joins its text
            self.tables[-1]["cell"].append("\n".join(" ".join(row) for row in table["rows"]) + "\n")
        elif table["rows"]:
            width = max(len(row) for row in table["rows"])
            if width == 1:  # a one-column layout table is paragraphs
                for (cell,) in table["rows"]:
                    self.builder.add_paragraph(cell, page=1)
            else:
                self.builder.add_table([row + [""] * (width - len(row)) for row in table["rows"]], page=1)

    def close(self) -> None:
        super().close()
        while self.tables:
            self._close_table()
        self.flush()


def read_html(path: Path, data: bytes) -> tuple[list[Block], int, dict[str, str]]:
    """Read an HTML page into blocks, all on page 1; its `<title>` becomes the title property."""
    parser = _PageParser()
    parser.feed(decode(data, path))
    parser.close()
    if not parser.builder.blocks:
        raise EmptyDocument(f"{path.name}: the HTML page holds no text")
    properties = {"title": parser.page_title} if parser.page_title else {}
    return parser.builder.blocks, 1, properties
