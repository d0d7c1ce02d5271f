"""Number words, values and formats shared by the number check's rule families:
the regex fragments of a spelled number and of an event's name, the value of
digits or one spelled number, and the forms a suggestion is written in."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ...text.numerals import NUMBER_WORDS, spelled_numbers

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December"]
FULL_MONTHS = "|".join(MONTH_NAMES)
# Longest first, ties in a fixed order (as ``numerals``: the same pattern in
# every process, so ``core.recache`` finds it compiled).
NUMW = "|".join(sorted(NUMBER_WORDS, key=lambda w: (-len(w), w)))
# One spelled number as a regex: number words joined by hyphens or spaces.
# Bounded, so a regex that needs a word after the number ("month") costs at
# most 16 words per start position on a long run of number words.
SPELLED = rf"(?i:(?:{NUMW})(?:(?:-|[ \t]+(?:and[ \t]+)?)(?:{NUMW})){{0,15}})"
NUM = rf"(?:\d{{1,4}}|{SPELLED})"
# The name of a numbered event (congress, plenum, plan), the regex fragment
# that may follow a cardinal meant as an ordinal.
EVENT = (r"(?:(?:CPC|CPPCC|NPC|Party|National|Central|Communist|People's|Plenary|Congress|"
         r"Committee|of|the)[ \t]+){0,4}(?:Congress|Plenary[ \t]+Session|Plenum|Session|"
         r"Five-Year[ \t]+Plan|Central[ \t]+Committee)")
NEXT_WORD = re.compile(r"[ \t]*(?P<w>[A-Za-z][\w'’-]*)")
PREV_WORD = re.compile(r"(?P<w>[A-Za-z][\w'’-]*)[ \t]*$")
YEAR_DIGITS_RE = re.compile(r"(1[89]|20)\d\d")
_ORDINAL_DIGITS_RE = re.compile(r"(\d+)(?:st|nd|rd|th)$")


def fmt(value) -> str:
    """Digits in news style: thousands separated, millions and up as words."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and value >= 10**6:
        for word, scale in (("trillion", 10**12), ("billion", 10**9), ("million", 10**6)):
            if value >= scale and (value * 1000) % scale == 0:
                x = value / scale
                return f"{x:g} {word}"
    if isinstance(value, int):
        return f"{value:,}" if value >= 1000 else str(value)
    return f"{value:g}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# Pure, and asked again for the same few words page after page; each
# spelled answer is a scan of its own.
@lru_cache(maxsize=4096)
def value(s: str) -> Optional[int]:
    """Value of digits or one spelled number (cardinal or ordinal)."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    m = _ORDINAL_DIGITS_RE.match(s)
    if m:
        return int(m.group(1))
    found = spelled_numbers(s)
    if len(found) == 1 and found[0].start == 0 and found[0].end == len(s):
        return int(found[0].value)
    return None
