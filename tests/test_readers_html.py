"""The HTML reader: committee-system minutes and decisions as a committee system writes them."""

from __future__ import annotations

from pathlib import Path

from extractors.readers import read_document, sniff_format
from schemas.document import BlockKind

MINUTES = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Prevent update</title>
<style>p { color: red }</style><script>var hidden = "not text";</script></head><body>
<h1>Prevent &amp; Channel update</h1>
<p>Meeting: 15/06/2023 - Scrutiny Commission (Item 7)</p>
<h2>Minutes:</h2>
<div class="WordSection1"><p class="MsoNormal">The Commission considered a report.<br>It noted 12 referrals.</p>
<ul><li>Training for 300 staff</li><li>Channel Panel monthly</li></ul>
<table><tr><th>Action</th><th>Lead</th></tr>
<tr><td><p>Review training</p></td><td>Jane Smith<table><tr><td>Prevent Coordinator</td></tr></table></td></tr></table>
<p>RESOLVED: That the report be noted.</p></div></body></html>
"""


def test_readers_html_reads_headings_paragraphs_lists_and_tables(tmp_path):
    path = tmp_path / "minutes.html"
    path.write_bytes(MINUTES)
    document = read_document(path)
    assert document.format == "html" and document.properties == {"title": "Prevent update"}
    blocks = [(block.kind, block.text) for block in document.blocks]
    assert blocks[:4] == [(BlockKind.heading, "Prevent & Channel update"),
                          (BlockKind.paragraph, "Meeting: 15/06/2023 - Scrutiny Commission (Item 7)"),
                          (BlockKind.heading, "Minutes:"),
                          (BlockKind.paragraph, "The Commission considered a report.\nIt noted 12 referrals.")]
    assert (BlockKind.list_item, "Channel Panel monthly") in blocks
    table = next(block for block in document.blocks if block.kind == BlockKind.table)
    assert table.rows == (("Action", "Lead"), ("Review training", "Jane Smith\nPrevent Coordinator"))
    assert blocks[-1] == (BlockKind.paragraph, "RESOLVED: That the report be noted.")
    assert all("not text" not in text and "color" not in text for _, text in blocks)


def test_readers_html_is_recognised_by_its_bytes_or_its_name():
    assert sniff_format(Path("saved.txt"), MINUTES) == "html"
    assert sniff_format(Path("page.htm"), b"<p>Prevent</p>") == "html"
    assert sniff_format(Path("notes.txt"), b"Prevent <b>not</b> a page") == "txt"
