"""Recognise councils in text: official names, short names, abbreviations and email domains.

The register is `extractors/data/authorities.csv` (ONS GSS code, name, official name, tier,
region, status), loaded once. Papers name their council in many ways: "Leicestershire County
Council", "Leicester City Council", "the City of Bradford Metropolitan District Council",
"Kent" in a title, "HDC" or "LCC" in the text, or only through an officer's email address
(@leics.gov.uk). This module finds every such mention with its position and strength;
deciding which council *issued* a paper is the metadata extractor's job.

Police forces ("Staffordshire Police", "@leicestershire.pnn.police.uk") are not councils, so
a place name followed by a police word is not a mention, and only `.gov.uk` mail counts.
"""

from __future__ import annotations

import _sre
import csv
import hashlib
import os
import pickle
import re
import re._compiler
import re._parser
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REGISTER = Path(__file__).parent / "data" / "authorities.csv"

#: How strongly each way of naming a council points at it.
STRENGTH_OFFICIAL = 3.0  # "Leicestershire County Council"
STRENGTH_EMAIL = 3.0  # someone@leics.gov.uk
STRENGTH_ABBREVIATION = 1.5  # "HDC", when the paper does not say otherwise
STRENGTH_NAME = 1.0  # "Leicestershire", "Kent"

#: Words after a place name that make it something other than the council.
_NOT_COUNCIL_AFTER = re.compile(
    r"^[\s'’s]*(?:police|constabulary|fire|nhs|icb|integrated care|clinical commissioning|ccg|"
    r"safeguarding|pcc|police and crime|office of the police|university|college|probation|"
    r"chamber|football|city fc|county fc|cricket|partnership trust|healthcare|hospital|"
    r"and\s+(?:medway|stoke|rutland|leicestershire|leicester)\b[^.]{0,20}\b(?:nhs|icb|police))",
    re.IGNORECASE,
)

#: Email labels that are not the council's own name, as councils actually use them.
DOMAIN_ALIASES: dict[str, str] = {
    "leics": "Leicestershire",
    "staffs": "Staffordshire",
    "nottscc": "Nottinghamshire",
    "nottinghamshire": "Nottinghamshire",
    "derbyshire": "Derbyshire",
    "lincolnshire": "Lincolnshire",
    "northants": "Northamptonshire",
    "warwickshire": "Warwickshire",
    "worcestershire": "Worcestershire",
    "hants": "Hampshire",
    "herts": "Hertfordshire",
    "hertfordshire": "Hertfordshire",
    "glos": "Gloucestershire",
    "gloucestershire": "Gloucestershire",
    "cambridgeshire": "Cambridgeshire",
    "oxfordshire": "Oxfordshire",
    "westsussex": "West Sussex",
    "eastsussex": "East Sussex",
    "lancashire": "Lancashire",
    "nwleics": "North West Leicestershire",
    "hinckley-bosworth": "Hinckley and Bosworth",
    "oadby-wigston": "Oadby and Wigston",
    "tmbc": "Tonbridge and Malling",
    "tunbridgewells": "Tunbridge Wells",
    "folkestone-hythe": "Folkestone and Hythe",
    "eaststaffsbc": "East Staffordshire",
    "sstaffs": "South Staffordshire",
    "staffsmoorlands": "Staffordshire Moorlands",
    "newcastle-staffs": "Newcastle-under-Lyme",
    "cannockchasedc": "Cannock Chase",
    "tamworth": "Tamworth",
    "lichfielddc": "Lichfield",
    "staffordbc": "Stafford",
    "stoke": "Stoke-on-Trent",
    "towerhamlets": "Tower Hamlets",
    "rbkc": "Kensington and Chelsea",
    "lbhf": "Hammersmith and Fulham",
    "royalgreenwich": "Greenwich",
    "wolverhampton": "Wolverhampton",
    "cityoflondon": "City of London",
}

#: Abbreviations in common use that the initials of the official name do not give.
COMMON_ABBREVIATIONS: dict[str, str] = {
    "BCC": "Birmingham",  # also Bristol, Bradford, Buckinghamshire: context decides
    "LCC": "Leicestershire",
    "KCC": "Kent",
    "SCC": "Staffordshire",
    "NCC": "Nottinghamshire",
    "WCC": "Warwickshire",
    "HCC": "Hertfordshire",
    "RCC": "Rutland",
    "LBC": "Luton",
    "CBC": "Charnwood",
    "H&F": "Hammersmith and Fulham",
}

_SUFFIXES = ("County Council", "City Council", "District Council", "Borough Council", "Council",
             "Metropolitan District Council", "Metropolitan Borough Council", "County Borough Council")


@dataclass(frozen=True)
class Authority:
    """A council of the register."""

    gss_code: str
    name: str
    official_name: str
    tier: str
    region: str
    status: str


@dataclass(frozen=True)
class Mention:
    """A place in a text where a council is named."""

    authority: Authority
    start: int
    end: int
    how: str  # official, name, abbreviation, email
    strength: float


@lru_cache(maxsize=1)
def load_authorities() -> tuple[Authority, ...]:
    """The register, read once per process."""
    with REGISTER.open(encoding="utf-8", newline="") as handle:
        return tuple(
            Authority(row["gss_code"], row["name"], row["official_name"], row["tier"], row["region"], row["status"])
            for row in csv.DictReader(handle)
        )


def by_code(code: str) -> Authority | None:
    """The authority with this GSS code, or None."""
    return next((a for a in load_authorities() if a.gss_code == code), None)


def _initials(official_name: str) -> str:
    words = re.findall(r"[A-Za-z][\w'’-]*", official_name)
    return "".join(word[0] for word in words if word.lower() not in {"of", "and", "the", "upon", "on"}).upper()


@dataclass(frozen=True)
class _Index:
    official: dict[str, Authority]  # lower-cased full name -> authority
    names: dict[str, tuple[Authority, ...]]  # lower-cased short name -> authorities (current first)
    abbreviations: dict[str, tuple[Authority, ...]]
    domains: dict[str, Authority]
    official_re: re.Pattern
    name_re: re.Pattern
    abbreviation_re: re.Pattern


def _domain_label(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def _trie_pattern(keys) -> str:
    """A regular expression matching any of `keys`, the longest one where several match.

    The keys are merged into a tree of their letters, so that the expression tries the few
    keys that begin as the text does rather than each key in turn: with thousands of names,
    trying each one at every position of a text was most of the time ingest took. A space
    in a key matches any run of whitespace. Keys that match at the same place all lie on
    one branch of the tree, and each branch tries its longer keys first, so the match is
    the one an alternation of the keys sorted longest first would give.
    """
    tree: dict[str, dict] = {}
    for key in keys:
        node = tree
        for char in " ".join(key.split()):
            node = node.setdefault(char, {})
        node[""] = {}  # a key ends here

    def pattern(node: dict) -> str:
        branches = [(r"\s+" if char == " " else re.escape(char)) + pattern(child)
                    for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return pattern(tree)


@lru_cache(maxsize=1)
def _index() -> _Index:
    """The index, from the cache file when one was built from this register by this code.

    Building the tables and the tree patterns, then compiling the patterns (about 0.3 s,
    mostly the official names' expression), was most of the time a worker needed before
    its first paper. So the cache holds the tables and each pattern's program: what
    `re.compile` hands the regular expression engine, which unlike a compiled pattern can
    be saved (see `_program`). Any trouble with the cache (none there, unreadable, a folder
    that cannot be written) falls back to building.
    """
    cache = _cache_file()
    try:
        return _made_index(*pickle.loads(cache.read_bytes()))
    except Exception:  # noqa: BLE001 - a missing or damaged cache is rebuilt
        parts = _index_parts()
        tables, programs = parts[:4], tuple(map(_program, parts[4:], _PATTERN_FLAGS))
        _save_cache(cache, (tables, programs))
        return _made_index(tables, programs)


def _made_index(tables: tuple, programs: tuple) -> _Index:
    official_re, name_re, abbreviation_re = map(_from_program, programs)
    return _Index(*tables, official_re=official_re, name_re=name_re, abbreviation_re=abbreviation_re)


#: Flags of the official-name, short-name and abbreviation patterns: names in any case, initials in capitals.
_PATTERN_FLAGS = (re.IGNORECASE, re.IGNORECASE, 0)


def _program(pattern: str, flags: int) -> tuple:
    """The arguments `re.compile(pattern, flags)` ends by handing to the engine (`_sre.compile`).

    Parsing and compiling to the engine's code is all the time compiling takes; making the
    pattern object from the code is instant. The code depends on the Python version, which
    the cache file's name holds, and `_from_program` compiles afresh whatever it cannot use.
    """
    parsed = re._parser.parse(pattern, flags)
    code = [int(word) for word in re._compiler._code(parsed, flags)]  # opcodes are named ints: keep the numbers
    group_names = dict(parsed.state.groupdict)
    index_names = [None] * parsed.state.groups
    for name, index in group_names.items():
        index_names[index] = name
    return (pattern, int(flags | parsed.state.flags), code, parsed.state.groups - 1, group_names, tuple(index_names))


def _from_program(program: tuple) -> re.Pattern:
    """The compiled pattern of a `_program`: the same object `re.compile` makes (equal to it)."""
    try:
        return _sre.compile(*program)
    except Exception:  # noqa: BLE001 - an engine of another shape: compile the text
        return re.compile(program[0], program[1])


def _cache_file() -> Path:
    """`<user cache>/prevent-docs/authorities-<hash>.pickle`, the hash of the register, this code and Python."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    digest = hashlib.sha256(REGISTER.read_bytes() + Path(__file__).read_bytes() + sys.version.encode()).hexdigest()
    return root / "prevent-docs" / f"authorities-{digest[:16]}.pickle"


def _save_cache(cache: Path, parts: tuple) -> None:
    """Write the cache whole (a temporary file renamed into place), or not at all."""
    data = pickle.dumps(parts, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, cache)
    except OSError:
        pass


def _index_parts() -> tuple:
    """The index's tables and the texts of its three patterns, built from the register."""
    authorities = sorted(load_authorities(), key=lambda a: a.status != "current")
    official: dict[str, Authority] = {}
    names: dict[str, list[Authority]] = {}
    abbreviations: dict[str, list[Authority]] = {}
    domains: dict[str, Authority] = {}
    for authority in authorities:  # a council's own official name beats a name made up for another
        official.setdefault(" ".join(authority.official_name.lower().split()), authority)
    for authority in authorities:
        for suffix in _SUFFIXES:
            official.setdefault(f"{authority.name} {suffix}".lower(), authority)
        official.setdefault(f"city of {authority.name} council".lower(), authority)
        names.setdefault(authority.name.lower(), []).append(authority)
        initials = _initials(authority.official_name)
        if len(initials) >= 3:
            abbreviations.setdefault(initials, []).append(authority)
        domains.setdefault(_domain_label(authority.name), authority)
    for table in (official, names):  # "Brighton & Hove City Council" is how the council writes itself
        for key, value in list(table.items()):
            if " and " in key:
                table.setdefault(key.replace(" and ", " & "), value)
    by_name = {a.name: a for a in authorities}
    for label, name in DOMAIN_ALIASES.items():
        if name in by_name:
            domains[label] = by_name[name]
    for abbreviation, name in COMMON_ABBREVIATIONS.items():
        if name in by_name:
            listed = abbreviations.setdefault(abbreviation, [])
            if by_name[name] in listed:
                listed.remove(by_name[name])
            listed.insert(0, by_name[name])

    return (
        official,
        {k: tuple(v) for k, v in names.items()},
        {k: tuple(v) for k, v in abbreviations.items()},
        domains,
        rf"(?<![\w-])(?:{_trie_pattern(official)})(?![\w-])",
        # Short names are proper nouns: match them capitalised (or in capitals) only.
        rf"(?<![\w-])(?:{_trie_pattern(names)})(?![\w-])",
        rf"(?<![\w@.-])(?:{'|'.join(map(re.escape, abbreviations))})(?![\w-])",
    )


_EMAIL = re.compile(r"[\w.+'-]+@(?P<domain>[\w.-]+\.[a-z]{2,})", re.IGNORECASE)


def authority_from_domain(domain: str) -> Authority | None:
    """The council whose mail domain this is ("leics.gov.uk"), or None for other domains."""
    domain = domain.lower().rstrip(".")
    if not domain.endswith(".gov.uk"):
        return None
    label = domain.removesuffix(".gov.uk").split(".")[-1]
    index = _index()
    return index.domains.get(label) or index.domains.get(label.replace("-", ""))


def lookup(name: str) -> Authority | None:
    """The council a name, official name or abbreviation stands for, or None."""
    index = _index()
    key = " ".join(name.lower().split())
    if key in index.official:
        return index.official[key]
    if key in index.names:
        return index.names[key][0]
    candidates = index.abbreviations.get(name.strip().upper())
    return candidates[0] if candidates else None


#: A place name inside a longer proper noun is not the council: "Royal Sutton Coldfield".
_PART_OF_LONGER_NAME_BEFORE = re.compile(r"(?:Royal|Greater|Great|Little|Old|New|Upper|Lower|Saint|St\.?|Mid|Central|Inner)\s+$")
_TOWN_COUNCIL_AFTER = re.compile(r"^(?:\s+[A-Z][\w'’-]*){0,3}\s+(?:Town|Parish|Community|Village|Neighbourhood)\s+Council")
_DEFINITION = re.compile(r"(?P<full>[A-Z][\w'’-]*(?:\s+(?:of|and|upon|on|the|[A-Z][\w'’-]*)){1,7})\s*\(\s*(?P<short>[A-Z]{2,6})\s*\)")


#: Capitalised words that may stand before a place name without making it part of another name.
_FREE_BEFORE = {"in", "the", "across", "for", "of", "and", "to", "at", "by", "from", "with", "within", "throughout",
                "joint", "whole", "all", "wider", "rural", "urban", "north", "south", "east", "west", "central",
                "both", "county", "city", "borough", "district", "council", "update", "re", "subject"}


#: A title or initial before a place name makes it a person's surname: "Councillor J Kent", "Mr Lincoln".
_PERSON_BEFORE = re.compile(r"\b(?:Councillor|Cllr|Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady)\.?\s+(?:[A-Z]\.?\s+){0,2}$")


def _inside_proper_noun(before: str) -> bool:
    """Whether the word before a place name makes it part of a longer name ("Home Start Birmingham")."""
    match = re.search(r"(?:^|[^\w'’-])([A-Z][a-z][\w'’-]*)\s+$", before)
    if not match or match.group(1).lower() in _FREE_BEFORE:
        return False
    preceding = before[:match.start(1)].rstrip()
    return bool(preceding) and preceding[-1] not in ".:;!?\n•-–—|(/\""


def _lookup_tail(words: str) -> Authority | None:
    """The council named by the longest tail of `words` ("the report of Kent County Council")."""
    parts = words.split()
    for start in range(len(parts)):
        authority = lookup(" ".join(parts[start:]))
        if authority and len(parts) - start > 1:
            return authority
    return None


def _capitalised(text: str) -> bool:
    return all(word[:1].isupper() or word.lower() in {"and", "&", "of", "upon", "on", "the", "in"}
               for word in re.split(r"[\s-]+", text) if word)


def find_mentions(text: str, *, within_names: bool = False) -> list[Mention]:
    """Every council named in `text`, with where and how, in text order.

    Official names win over the short names inside them, so "Leicester City Council" is one
    mention of Leicester, not also a mention of "Leicester". An abbreviation is resolved to
    the first of its candidates that the same text names in full, else to its most usual
    reading; a paper that spells it out ("Leicestershire County Council (LCC)") decides.
    A place name inside a longer proper noun ("Safer Sefton Together") is left out, unless
    `within_names` asks for it: then it is a mention of how "in_name", which says where a
    paper is from without naming its council.
    """
    index = _index()
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _EMAIL.finditer(text):
        taken.append(match.span())
        authority = authority_from_domain(match["domain"])
        if authority:
            mentions.append(Mention(authority, match.start(), match.end(), "email", STRENGTH_EMAIL))
    for match in index.official_re.finditer(text):
        if not free(*match.span()):
            continue
        key = " ".join(match.group(0).lower().split())
        taken.append(match.span())
        mentions.append(Mention(index.official[key], match.start(), match.end(), "official", STRENGTH_OFFICIAL))
    for match in index.name_re.finditer(text):
        if not free(*match.span()) or not _capitalised(match.group(0)):
            continue
        after, before = text[match.end():match.end() + 60], text[max(0, match.start() - 12):match.start()]
        if _NOT_COUNCIL_AFTER.match(after) or _TOWN_COUNCIL_AFTER.match(after):
            continue
        if _PERSON_BEFORE.search(text[max(0, match.start() - 20):match.start()]):
            continue
        how = "name"
        if _PART_OF_LONGER_NAME_BEFORE.search(before) or _inside_proper_noun(before):
            if not within_names:
                continue
            how = "in_name"
        candidates = index.names[" ".join(match.group(0).lower().split())]
        mentions.append(Mention(candidates[0], match.start(), match.end(), how, STRENGTH_NAME))
    counts: dict[Authority, int] = {}
    for mention in mentions:
        counts[mention.authority] = counts.get(mention.authority, 0) + 1
    defined = {m["short"]: _lookup_tail(m["full"]) for m in _DEFINITION.finditer(text)}
    for match in index.abbreviation_re.finditer(text):
        if not free(*match.span()):
            continue
        candidates = index.abbreviations[match.group(0)]
        named = [c for c in candidates if c in counts]
        chosen = defined.get(match.group(0)) or (max(named, key=counts.get) if named else None)
        if chosen is None and len(candidates) > 1 and match.group(0) not in COMMON_ABBREVIATIONS:
            continue  # ambiguous initials the paper never spells out: no evidence
        mentions.append(Mention(chosen or candidates[0], match.start(), match.end(), "abbreviation",
                                STRENGTH_ABBREVIATION))
    return sorted(mentions, key=lambda m: m.start)


__all__ = ["Authority", "Mention", "authority_from_domain", "by_code", "find_mentions", "load_authorities", "lookup"]
