"""The finding: one row of the report contract (see ``README.md``)."""
from __future__ import annotations

from dataclasses import dataclass, field

# The contract's columns, in order. ``note`` follows as an extra column.
COLUMNS = [
    "doc", "start", "end", "category", "severity", "text", "suggestion",
    "rule", "confidence", "segment", "context",
]
EXTRA_COLUMNS = ["note"]
SEVERITIES = ["critical", "major", "minor", "info"]
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
CATEGORIES = [
    "untranslated", "garbled", "number", "encoding", "pinyin_annotation",
    "punctuation", "input_error",
    # page furniture (navigation, metadata, copyright) in English
    "boilerplate",
    # bilingual checks, when a source is given
    "omission", "addition", "mistranslation", "number_mismatch", "terminology",
    # bilingual files, unit by unit (the checks of Xbench, CheckMate, pofilter)
    "placeholder", "formatting", "consistency", "spelling", "state", "checklist", "scope",
]
_CATEGORY_SET = frozenset(CATEGORIES)
CONTEXT_CHARS = 40


# Slots and no frozen ``__setattr__``: findings are made by the hundred
# thousand at corpus scale and a frozen dataclass costs three times as much to
# build. Treat them as immutable all the same (hashable by value).
@dataclass(slots=True, unsafe_hash=True)
class Finding:
    """A span ``[start, end)`` of a document's text that a detector flags.

    Detectors fill in the span and what they know; the pipeline adds the
    document name, the flagged text, the segment index and the context, so a
    detector cannot get the contract's invariants wrong.
    """

    start: int
    end: int
    category: str
    rule: str
    severity: str = "major"
    suggestion: str = ""
    confidence: float = 1.0
    note: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    def __post_init__(self):
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end} from {self.rule}")
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"unknown severity {self.severity!r} from {self.rule}")
        if self.category not in _CATEGORY_SET:
            raise ValueError(f"unknown category {self.category!r} from {self.rule}")


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """A one-line window around ``text[start:end]`` for a spreadsheet cell."""
    # Conditional expressions, not min/max: this runs once per report row.
    left = text[start - width if start > width else 0:start]
    middle = text[start:end if end - start < 4 * width else start + 4 * width]
    return " ".join(f"{left}[{middle}]{text[end:end + width]}".split())
