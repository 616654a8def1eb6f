"""Read plain text and Markdown: paragraphs split on blank lines, pages on form feeds."""

from __future__ import annotations

import re
from pathlib import Path

from extractors.errors import EmptyDocument, UnsupportedFormat
from extractors.readers.blocks import BlockBuilder
from extractors.readers.numbering import split_number, strip_bullet
from schemas.document import Block

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_TAB_ROW = re.compile(r"\t")


def decode(data: bytes, path: Path) -> str:
    """Decode text bytes as UTF-8, falling back to Windows-1252 as older papers need."""
    if b"\x00" in data[:4096]:
        raise UnsupportedFormat(f"{path.name}: binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_like_heading(line: str) -> bool:
    """Short lines without closing punctuation, in title or upper case, read as headings."""
    words = line.split()
    if not words or len(words) > 12 or len(line) > 90:
        return False
    if line.rstrip().endswith((".", ",", ";", ":", "-", "–")) or strip_bullet(line)[0]:
        return False
    if split_number(line)[0] is not None:
        return False
    capitals = sum(1 for word in words if word[:1].isupper() or not word[:1].isalpha())
    return capitals / len(words) >= 0.6


def text_to_blocks(text: str) -> tuple[list[Block], int]:
    """Turn text into blocks: form feeds split pages, blank lines paragraphs, tabs table rows."""
    builder = BlockBuilder()
    pages = text.split("\f")
    for page_number, page_text in enumerate(pages, start=1):
        for chunk in re.split(r"\n\s*\n", page_text):
            lines = [line for line in chunk.split("\n") if line.strip()]
            if not lines:
                continue
            if len(lines) >= 2 and all(_TAB_ROW.search(line) for line in lines):
                builder.add_table([line.split("\t") for line in lines], page=page_number)
                continue
            for item in _split_items(lines):
                heading = _MD_HEADING.match(item)
                if heading:
                    builder.add_heading(heading.group(2), page=page_number, level=len(heading.group(1)))
                elif "\n" not in item and _looks_like_heading(item):
                    builder.add_heading(item, page=page_number)
                else:
                    builder.add_paragraph(item, page=page_number)
    return builder.blocks, len(pages)


def _split_items(lines: list[str]) -> list[str]:
    """Within a chunk, each bullet or numbered line starts a new item; others continue it."""
    items: list[list[str]] = []
    for line in lines:
        stripped = line.strip()
        starts_item = strip_bullet(stripped)[0] or split_number(stripped)[0] is not None
        if not items or starts_item or _MD_HEADING.match(stripped):
            items.append([stripped])
        else:
            items[-1].append(stripped)
    return ["\n".join(item) for item in items]


def read_text(path: Path, data: bytes) -> tuple[list[Block], int, dict[str, str]]:
    """Read a .txt or .md file into blocks."""
    text = decode(data, path)
    if not text.strip():
        raise EmptyDocument(f"{path.name}: the file holds no text")
    blocks, pages = text_to_blocks(text)
    return blocks, pages, {}
