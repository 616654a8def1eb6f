"""The ten Prevent Duty Toolkit benchmark areas and the words papers use for them.

Benchmark tables, recommendations and actions all need to say which area they concern; the
vocabulary lives here once. Patterns are matched against lower-cased text.
"""

from __future__ import annotations

import re

from schemas.records import AREAS

#: Area to the phrases (regular expressions) that name it, most specific first.
AREA_PATTERNS: dict[str, tuple[str, ...]] = {
    "risk_assessment": (r"\brisk\s*assess", r"\bctlp\b", r"counter[- ]terrorism local profile", r"\blocal profile"),
    "partnership_board": (r"partnership board", r"\bmulti[- ]?agency", r"\bagency\b", r"\bgovernance", r"\bboard\b"),
    "partnership_plan": (r"partnership plan", r"\bdelivery plan", r"\baction plan", r"\bplan\b"),
    "referral_pathway": (r"\breferral", r"\bpathway"),
    "channel_panel": (r"\bchannel\b",),
    "problem_solving": (r"\bproblem[- ]?\s*solving", r"\bdisrupt"),
    "training": (r"\btraining", r"\bwrap\b", r"\bawareness"),
    "venue_hire_it": (r"\bvenues?\b", r"\bvh\b", r"\bit\b(?: polic| filter)", r"\bit polic", r"\bfiltering",
                      r"\broom hire", r"\bict\b"),
    "engagement": (r"\bengag", r"\bcommunit(?:y|ies) (?:engagement|groups)", r"\bcivil society", r"\bfaith"),
    "communications": (r"\bcommunicat", r"\bcomms\b"),
}

_COMPILED = {area: tuple(re.compile(p) for p in patterns) for area, patterns in AREA_PATTERNS.items()}
#: Any of the patterns, to let a label that names no area go in one search instead of one per pattern.
_ANY_AREA = re.compile("|".join(f"(?:{pattern})" for patterns in AREA_PATTERNS.values() for pattern in patterns))


def header_to_area(text: str) -> str | None:
    """The area a short label names ("Risk Assessment", "Agency", "Comms"), or None.

    Labels are short, so the first area whose pattern matches wins, in the order of
    `AREA_PATTERNS` tried pattern by pattern from most to least specific.
    """
    label = " ".join(text.lower().replace("- ", "").split())
    label = re.sub(r"(\w)\s(ent|ions|ing)\b", r"\1\2", label)  # "engagem ent", "communicat ions"
    if not label or not _ANY_AREA.search(label):
        return None
    for depth in range(max(len(p) for p in _COMPILED.values())):
        for area, patterns in _COMPILED.items():
            if depth < len(patterns) and patterns[depth].search(label):
                return area
    return None


def text_to_area(text: str) -> str | None:
    """The area a longer passage is mostly about, by counting mentions; None when nothing fits."""
    lowered = text.lower()
    scores: dict[str, float] = {}
    for area, patterns in _COMPILED.items():
        for depth, pattern in enumerate(patterns):
            hits = len(pattern.findall(lowered))
            if hits:
                scores[area] = scores.get(area, 0.0) + hits / (1 + depth)
    if not scores:
        return None
    return max(scores, key=scores.get)


__all__ = ["AREAS", "AREA_PATTERNS", "header_to_area", "text_to_area"]
