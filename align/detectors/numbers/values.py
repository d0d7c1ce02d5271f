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
# Heads of other numbered events, after a capitalized name (``OTHER_EVENT``):
# "the 6 China International Import Expo", "the 2 Belt and Road Forum".
# "Games" and "Olympics" look plural; the rules ask more of them.
# Case-sensitive inside a case-blind pattern: the name is what tells an
# event from a count.
OTHER_EVENT = (r"(?-i:(?:(?:[A-Z][\w'’-]*|and|of|for)[ \t]+){0,5}?[A-Z][\w'’-]*[ \t]+"
               r"(?P<head>Expo|Exposition|Universiade|Games|Olympics|Forum|Summit|Festival|Fair|Conference)"
               r"|[Qq]uarter)")
NEXT_WORD = re.compile(r"[ \t]*(?P<w>[A-Za-z][\w'’-]*)")
PREV_WORD = re.compile(r"(?P<w>[A-Za-z][\w'’-]*)[ \t]*$")
YEAR_DIGITS_RE = re.compile(r"(1[89]|20)\d\d")
_ORDINAL_DIGITS_RE = re.compile(r"(\d+)(?:st|nd|rd|th)$")


# A year that opens a time phrase: after a time preposition, or first in
# its sentence ("By 2025 10,000 new piles", "In 2019 many firms").
_YEAR_LEAD_RE = re.compile(
    r"(?:\b(?:in|by|since|until|till|before|after|from|through|during|of|early|late|mid-?)[ \t]+"
    r"|(?:^|[.!?;:\n])[ \t\"“(]*)$", re.I)


def year_leads(text: str, start: int, num: str) -> bool:
    """Whether the digits ``num`` at ``start`` are a year leading a phrase,
    whatever number follows them with the comma left out: then they are no
    mantissa of that number ("In 2023 100 million tons" is not 202.3
    billion)."""
    return bool(YEAR_DIGITS_RE.fullmatch(num)) and bool(
        _YEAR_LEAD_RE.search(text, max(0, start - 12), start))


_WORDS_AFTER_RE = re.compile(r"[ \t]+(?P<w>[A-Za-z][\w'’]*(?:-[A-Za-z][\w'’]*)*)")
# Words that end in -s and name no plural thing, or end the phrase a
# count's noun would stand in.
_NOT_PLURAL = frozenset(("was", "has", "is", "its", "his", "this", "thus", "as", "us", "yes", "does",
                         "always", "perhaps", "whereas", "series", "news", "plus", "status", "bus",
                         "campus", "census", "bonus", "focus", "basis", "analysis", "crisis", "ethics",
                         "economics", "politics", "statistics", "physics"))
_STOP_WORDS = frozenset(("of", "the", "a", "an", "and", "or", "to", "in", "on", "at", "by", "for", "from",
                         "with", "was", "were", "is", "are", "has", "have", "had", "will", "would"))
# Plural heads that name people or things counted but do not end in -s.
_PLURAL_HEADS = frozenset(("people", "persons", "children", "men", "women", "staff", "personnel", "police",
                           "cattle", "livestock", "households", "mu", "yuan", "tons", "tonnes"))


def counts_after(text: str, pos: int, words: int = 3) -> bool:
    """Whether a plural noun follows ``pos`` within ``words`` words (no
    punctuation or function word between): the number before ``pos``
    counts things ("20 grassroots branches", "5 Party congress delegates",
    "100 anniversary events", "12 5 star hotels"), it is no ordinal, date
    or year."""
    for _ in range(words):
        m = _WORDS_AFTER_RE.match(text, pos)
        if not m:
            return False
        w = m.group("w")
        low = w.lower()
        if low in _STOP_WORDS:
            return False
        last = low.rsplit("-", 1)[-1]
        if last in _PLURAL_HEADS or (w[0].islower() and len(last) > 3 and last.endswith("s")
                                      and not last.endswith(("ss", "us", "is", "'s", "’s"))
                                      and last not in _NOT_PLURAL):
            return True
        pos = m.end()
    return False


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
