"""Split a paper's own paragraph number off the start of a line of text.

Council papers number paragraphs as "4.", "4.1", "17.", "(a)", "a.", "a)", "ii)" or
"Recommendation 1". Readers call `split_number` on every paragraph so extractors see the
number and the text apart, whatever the file format.
"""

from __future__ import annotations

import re

BULLETS = "•·▪‣◦●○■□–-*➢✓\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf02d"

_NUMBER = re.compile(
    r"""^\s*(?:
        (?P<dotted>\d{1,3}(?:\.\d{1,3}){1,3})\.?(?=\s)       # 4.1  4.1.2
      | (?P<arabic>\d{1,3})(?:\.|\)|:)(?=\s)                # 17.  3)
      | \((?P<paren>[a-z]{1,2}|\d{1,3}|[ivx]{1,5})\)(?=\s)  # (a) (12) (iv)
      | (?P<letter>[a-z])[.)](?=\s)                        # a.  b)
      | (?P<roman>[ivx]{1,5})[.)](?=\s)                    # ii)  iv.
    )\s*""",
    re.VERBOSE | re.IGNORECASE,
)
_BULLET = re.compile(rf"^\s*[{re.escape(BULLETS)}]\s+")


def split_number(text: str) -> tuple[str | None, str]:
    """Return (number, rest) where a paragraph opens with its own number, else (None, text).

    A bare year ("2018 was ...") or a number followed by a unit is not a paragraph number,
    so only 1-3 digit numbers followed by '.', ')' or ':' and white space count.
    """
    match = _NUMBER.match(text)
    if not match:
        return None, text
    number = next(value for value in match.groupdict().values() if value)
    return number, text[match.end():]


def strip_bullet(text: str) -> tuple[bool, str]:
    """Return (True, rest) where a line opens with a bullet character."""
    match = _BULLET.match(text)
    if not match:
        return False, text
    return True, text[match.end():]
