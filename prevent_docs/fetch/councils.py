"""Which council a fetch is for: a name looked up in the committee-systems table, or an address.

`prevent_docs/data/committee_systems.csv` (Democracy Club's LGSF, see SOURCES.md beside it)
says which system each council runs and where. It names councils but has no GSS codes, so
the code comes from the authorities register by official name, short name, or the name
with its "Council", "Borough", "The" ... words set aside.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import extractors
from prevent_docs.errors import PreventDocsError

COMMITTEE_SYSTEMS_CSV = Path(__file__).resolve().parents[1] / "data" / "committee_systems.csv"
AUTHORITIES_CSV = Path(extractors.__file__).parent / "data" / "authorities.csv"
MODERNGOV = "ModernGov"


class UnknownCouncil(PreventDocsError):
    """The council named is not in the table, is ambiguous, or runs another system."""


@dataclass(frozen=True)
class Council:
    name: str
    gss_code: str
    base_url: str
    cms_type: str = MODERNGOV


def resolve_council(source: str, *, table: Path = COMMITTEE_SYSTEMS_CSV,
                    authorities: Path = AUTHORITIES_CSV) -> Council:
    """The council `source` names (its name, short name or register code), or the one at a URL.

    A URL not in the table is fetched as it is, for a council without a name or code.
    """
    rows = _read(table)
    if re.match(r"https?://", source, re.I):
        base = source.rstrip("/")
        row = next((r for r in rows if r["base_url"].rstrip("/").lower() == base.lower()), None)
        if row is None:
            return Council(name="", gss_code="", base_url=base)
        return _council(row, authorities) if row["cms_type"] == MODERNGOV else Council("", "", base)
    row = _find(rows, source, table)
    if row["cms_type"] != MODERNGOV:
        system = row["cms_type"] or "a system not known"
        raise UnknownCouncil(f"{row['official_name']} runs {system}, not ModernGov: only ModernGov "
                             f"committee systems can be fetched; pass its ModernGov address if it has one")
    return _council(row, authorities)


def _read(table: Path) -> list[dict[str, str]]:
    with table.open(newline="", encoding="utf-8") as source:
        return list(csv.DictReader(source))


def _find(rows: list[dict[str, str]], name: str, table: Path) -> dict[str, str]:
    """The one row a name means, ModernGov rows first where a council is listed twice."""
    wanted = _key(name)
    exact = [r for r in rows if wanted in (_key(r["official_name"]), _key(r["common_name"]))
             or name.upper() == r["register_code"]]
    found = exact or [r for r in rows if wanted and wanted in _key(r["official_name"])]
    names = sorted({r["official_name"] for r in found})
    if not found:
        raise UnknownCouncil(f"{table.name}: no council named {name!r}: give its name as in the table, "
                             f"or its ModernGov address (https://...)")
    if len(names) > 1:
        raise UnknownCouncil(f"{table.name}: {name!r} names {len(names)} councils ({', '.join(names[:6])}"
                             f"{' ...' if len(names) > 6 else ''}): give the full name")
    return sorted(found, key=lambda r: (r["cms_type"] != MODERNGOV, not r["base_url"]))[0]


_NOISE = re.compile(r"\b(the|council|city|of|metropolitan|borough|district|county|royal|and)\b")


def _key(name: str) -> str:
    return " ".join(name.lower().replace("&", " and ").split())


def _core(name: str) -> str:
    return " ".join(_NOISE.sub(" ", _key(name)).split())


def _council(row: dict[str, str], authorities: Path) -> Council:
    return Council(name=row["official_name"], gss_code=gss_code(row, authorities), base_url=row["base_url"])


def gss_code(row: dict[str, str], authorities: Path = AUTHORITIES_CSV) -> str:
    """The GSS code of a committee-systems row, joined to the register by name; '' if none is found."""
    register = _read(authorities)
    for key in (_key, _core):
        names = {key(row["official_name"]), key(row["common_name"])} - {""}
        codes = {a["gss_code"] for a in register if names & {key(a["official_name"]), key(a["name"])}}
        if len(codes) == 1:
            return codes.pop()
    return ""
