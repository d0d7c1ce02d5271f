"""``garbled.ordinal``: Party congresses, plenary sessions and five-year plans
are numbered with ordinals; "the Party's 19" or "the 19 National Congress" is
a calque of 党的二十大 / 十九大, whose numeral Chinese leaves bare."""
from __future__ import annotations

import re
from typing import Iterator

from ...core import recache
from ...core.findings import Finding
from ...core.rules import rule
from ...text.english import Literals

_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_NUM = r"(?:[1-9]\d?|" + "|".join(_NUMBER_WORDS) + r")"
_NUMBERED = (r"(?:(?:CPC|Party|CCP)\s+)?(?:National\s+)?Congress|Plenary\s+Session|"
             r"Central\s+Committee|Five[- ]Year\s+Plan|NPC|CPPCC")
# "the Party's 19 big", "the Party's nineteen victory": a bare cardinal after
# the possessive, not followed by a plural noun ("the Party's 90 years").
_ORDINAL_RE = recache.compile(
    r"\b(?:the\s+)?(?:Party|CPC|CCP)['\u2019]s\s+(" + _NUM + r")\b(?!\s*(?:th|st|nd|rd)\b)"
    r"(?!\s+[A-Za-z]+s\b)(?!\s*%)(?!\s+(?:per|percent|million|billion|thousand|hundred)\b)"
    r"(?:\s+(?!and\b|of\b|in\b|to\b)[A-Za-z]+)?"
    r"|\bthe\s+(" + _NUM + r")\s+(?=(?:" + _NUMBERED + r")\b)(?:" + _NUMBERED + r")"
    # A plural after it makes the number a count of them ("the 5 Party
    # congress delegates"), as the number check reads it.
    r"(?!\s+[A-Za-z]+[^s\W]s\b)",
    re.I)


# Where a match of _ORDINAL_RE can begin is known from two anchors that a
# fast substring search finds: an owner with its apostrophe ("party'") for
# the first branch, the first word of a _NUMBERED alternative for the second
# (walking back over "the", a numeral and the spaces between). Trying the
# regex only there finds what ``finditer`` finds, without running it at every
# character of every page.
_OWNERS = ("party'", "party\u2019", "cpc'", "cpc\u2019", "ccp'", "ccp\u2019")
_NUMBERED_HEADS = ("cpc", "party", "ccp", "national", "congress", "plenary", "central",
                   "five", "npc", "cppcc")
# Characters re.IGNORECASE matches to an ASCII letter that str.lower() does
# not lower to it (dotted and dotless i, long s, Kelvin sign).
_FOLDS = "\u0130\u0131\u017f\u212a"


# Found in one pass over the page (``_english.Literals``).
_LITERALS = Literals([*((w, True) for w in _OWNERS), *((w, False) for w in _NUMBERED_HEADS)])


def _ordinal_starts(text: str):
    """Sorted positions where an _ORDINAL_RE match may begin; None when the
    anchors cannot be trusted (then every position may)."""
    if any(c in text for c in _FOLDS):
        return None
    # Without those letters the folded text is ``text.lower()``.
    low, hits = _LITERALS.find(text)
    if hits is None:
        return None
    starts = set()
    for q, owner in hits:
        r = q
        while r and text[r - 1].isspace():
            r -= 1
        if owner:
            starts.add(q)
            if r < q and r >= 3:
                starts.add(r - 3)  # "the" before the owner
            continue
        # "the", spaces, a numeral, spaces, then the head word.
        u = r
        while u and text[u - 1].isalnum():
            u -= 1
        v = u
        while v and text[v - 1].isspace():
            v -= 1
        if r < q and u < r and v < u and v >= 3:
            starts.add(v - 3)
    return sorted(starts)


def ordinal_matches(text: str):
    """``_ORDINAL_RE.finditer(text)``, tried only where a match may begin."""
    starts = _ordinal_starts(text)
    if starts is None:
        yield from _ORDINAL_RE.finditer(text)
        return
    end = 0
    for p in starts:
        if p < end:
            continue
        m = _ORDINAL_RE.match(text, p)
        if m:
            end = m.end()
            yield m


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


_ORDINAL = rule("garbled.ordinal")


def findings(text: str) -> Iterator[Finding]:
    for m in ordinal_matches(text):
        raw = (m.group(1) or m.group(2)).lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS.index(raw) + 1
        if not 1 <= n <= 30:
            continue
        yield _ORDINAL.finding(
            m.start(), m.end(), f"the {_ordinal(n)} CPC National Congress"
            if m.group(1) else f"the {_ordinal(n)} " + m.group(0).split(None, 2)[2],
            0.8, "congresses, plenums and plans are numbered with ordinals")
