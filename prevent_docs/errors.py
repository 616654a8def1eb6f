"""Errors the prevent-docs library raises; the CLI turns each into one `Error: ...` line.

Messages and stored paths name files, and a file's name can hold anything the file system
allows: bytes that are not UTF-8 (zips made on Windows) or a newline. `printable` makes
such a name safe to print on one line and to store as SQLite text.
"""

from __future__ import annotations

import os
import unicodedata


class PreventDocsError(Exception):
    """Base class: an expected failure with a one-line message."""


class NotAPreventDatabase(PreventDocsError):
    """The database file does not exist, or was not made by prevent-docs."""


class UnusableDatabase(PreventDocsError):
    """The --db file cannot be used: not SQLite, read-only, or in a folder that does not exist."""


class NoDocuments(PreventDocsError):
    """No readable files were found under the given paths."""


#: Unicode categories that break a line or cannot be stored: controls, line and paragraph
#: separators, and the lone surrogates Python uses for bytes that are not UTF-8.
_UNPRINTABLE = {"Cc", "Zl", "Zp", "Cs"}


def printable(text: str | os.PathLike) -> str:
    """`text` as one line of valid UTF-8: undecodable bytes as `\\xe9`, a newline as `\\n`.

    Two different names can only print alike when one holds a literal backslash sequence.
    """
    text = os.fspath(text)
    if isinstance(text, bytes):
        text = os.fsdecode(text)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    if all(unicodedata.category(ch) not in _UNPRINTABLE for ch in text):
        return text
    return "".join(ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in _UNPRINTABLE else ch
                   for ch in text)
