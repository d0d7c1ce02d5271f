"""The matching engine of the number check: where its patterns can match.

Each calque pattern needs a literal word ("month", "year", a month name ...)
and every spelled number begins with a number word: one Aho-Corasick pass
over the folded page (``text.english.literals``) lists where all of them
stand (``all_anchors``), and ``windowed`` runs a pattern only over the runs
of characters around those anchors, with the same matches as a scan of the
whole page. ``Regions`` tells which stretches of a mixed page are Latin
script, the only ones looked at.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from ...text.document import Document
from ...text.english import Literals
from ...text.numerals import NUMBER_WORDS, number_word_starts
from .values import MONTH_NAMES

_ANY_DIGIT_RE = re.compile(r"\d")
# The patterns read blanks as ``[ \t]`` and digits as ASCII; a page typeset
# with no-break or ideographic spaces ("4\u00a0month", "2023\u3000year") or
# full-width digits ("２０２３ year") is matched on a shadow of its text with
# those characters mapped one to one onto ASCII (``shadow``): every offset
# stays the page's, and a finding's text is cut from the page itself.
_SHADOWED = ("\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"
             "\u205f\u3000" + "".join(chr(0xFF10 + i) for i in range(10)))
_SHADOW = str.maketrans({c: " " if c < "\uff10" else str(ord(c) - 0xFF10) for c in _SHADOWED})


def shadow(text: str) -> str:
    """``text`` with odd blanks as spaces and full-width digits as ASCII,
    character for character. Most pages have none: a look for each
    character (``in``, many times faster than a regex class), and no copy."""
    if text.isascii() or not any(c in text for c in _SHADOWED):
        return text
    return text.translate(_SHADOW)
# What a calqued date can be made of: digits, letters, blanks and hyphens.
# A match lies inside one run of these, so only runs around a "month" need
# scanning; the character after a run is in reach of the lookaheads.
WINDOW_RE = re.compile(r"[\w \t-]*")


def find_all(text: str, words) -> List[int]:
    """Offsets of every occurrence of the literal ``words`` in ``text``,
    ascending. ``str.find`` skips through text many times faster than a
    regex scan, and a page holds few of these words."""
    out: List[int] = []
    for w in words:
        i = text.find(w)
        while i >= 0:
            out.append(i)
            i = text.find(w, i + 1)
    if len(words) > 1:
        out.sort()
    return out


# The literal words the calque patterns need, by pattern. Words marked
# case-sensitive are matched as written in the text, the others as ``re.I``
# matches them (see ``_anchors``).
ANCHOR_WORDS = {
    "month": ("month",), "scale": ("thousand", "million", "10,000"),
    "time": ("point", "clock", "hour"), "clock": (": ", ":\t"), "meridiem": ("p.m", "a.m"), "several": ("several", "a few"),
    "century": ("century",),
    # A cardinal before an event reads on to the event's last word, and one
    # after the owner follows its apostrophe: "Party" alone, on every line
    # of a Party news page, anchors neither.
    "event": ("congress", "session", "plenum", "plan", "committee",
              "party'", "party\u2019", "cpc'", "cpc\u2019",
              "expo", "universiade", "games", "olympics", "forum", "summit", "festival", "fair",
              "conference", "quarter"),
    # The words the magnitude, congress and date-order rules need.
    "scale_and": ("thousand", "million", "billion"),
    "than_and": ("than and", "ore and", "ver and", "bove and"), "many": ("many",),
    "spirit": ("spirit",), "party": ("party'", "party\u2019", "cpc'", "cpc\u2019"), "big": ("big", "large"),
    "anniversary": ("anniversary",), "plenary": ("plenary", "plenum"), "since_the": ("since the",),
    "time_of_day": ("the morning of", "the afternoon of", "the evening of", "the night of"),
}
CASED_WORDS = {"month_name": tuple(MONTH_NAMES), "year": ("year",), "five": ("Five", "five")}


# The kind under which ``all_anchors`` lists where a number word may begin
# (``numerals.number_word_starts``): the spelled numbers are found from the
# same pass over the text as the anchors.
NUMBER_WORD = "number_word"
# This check's literal words, each with its kinds: ``(kind, None)`` for a
# word matched as ``re.I`` matches it, ``(kind, spellings)`` for one matched
# as written.


def _literal_words():
    roles: dict = {}
    for kind, words in ANCHOR_WORDS.items():
        for w in words:
            roles.setdefault(w, {})[kind] = None
    for kind, words in CASED_WORDS.items():
        for w in words:
            roles.setdefault(w.lower(), {})[kind] = tuple({x for x in words if x.lower() == w.lower()})
    for w in sorted(NUMBER_WORDS):
        roles.setdefault(w, {})[NUMBER_WORD] = None
    return [(w, tuple(r.items())) for w, r in roles.items()]


_LITERALS = Literals(_literal_words())


def all_anchors(text: str, low: Optional[str] = None) -> dict:
    """Offsets of every anchor word by kind (ascending), and under
    ``NUMBER_WORD`` where a number word may begin (``None`` when the folded
    text does not line up with ``text``), from one pass of an Aho-Corasick
    automaton over the folded text (``_english.Literals``): a regex or
    ``str.find`` per word reads the text once per word."""
    low, hits = _LITERALS.find(text)
    out = {k: [] for k in (*ANCHOR_WORDS, *CASED_WORDS)}
    if hits is None:
        for kind, words in ANCHOR_WORDS.items():
            out[kind] = _anchors("|".join(words), text, low)
        for kind, words in CASED_WORDS.items():
            out[kind] = find_all(text, words)
        out[NUMBER_WORD] = None
        return out
    numbers = []
    for start, roles in hits:
        for kind, cased in roles:
            if kind is NUMBER_WORD:
                numbers.append(start)
            elif cased is None or any(text.startswith(w, start) for w in cased):
                out[kind].append(start)
    out[NUMBER_WORD] = number_word_starts(low, numbers)
    return out


def _anchors(words: str, text: str, low: str) -> List[int]:
    """Offsets in ``text`` of the words ``words`` (lower-case literals
    joined by ``|``), case-blind as ``re.I`` is: searched in the folded
    lower-cased text, whose offsets are the text's unless ``lower()``
    changed its length (dotted capital I), when ``re.I`` searches the text
    itself. Overlapping occurrences may both be listed: they lie in one
    window of ``windowed``, which reads each window once."""
    if len(low) == len(text):
        return find_all(low, words.split("|"))
    return [m.start() for m in compiled(words, re.I).finditer(text)]


@lru_cache(maxsize=None)
def compiled(pattern: str, flags: int):
    return re.compile(pattern, flags)


def windowed(pattern, anchors, text: str, rev: str, window=WINDOW_RE, need=None):
    """``pattern.finditer(text)`` for a pattern whose every match, with what
    its lookarounds read, is made of ``window`` characters and holds one of
    the ``anchors`` (offsets, ascending, or a regex): the same matches,
    scanning only the runs of those characters around an anchor. The two
    characters after a run are in reach of the lookaheads (a point, then
    whether a digit follows it); lookbehinds see
    the text before a run anyway. ``rev`` is ``text[::-1]``: the run before
    an anchor is matched backwards in it, reading the run only. ``need``,
    if given, tells from ``(lo, hi)`` whether ``text[lo:hi]`` may hold a
    match at all (something every match holds besides the anchor): a run
    without it is not scanned."""
    if hasattr(anchors, "finditer"):
        anchors = [m.start() for m in anchors.finditer(text)]
    n = len(text)
    done = 0
    for a in anchors:
        if a < done:
            continue
        lo = a - (window.match(rev, n - a, n - done).end() - (n - a))
        hi = window.match(text, a).end()
        if need is None or need(lo, hi + 1):
            yield from pattern.finditer(text, lo, hi + 2)
        done = hi


class Regions:
    """The Latin regions of the page being checked, for ``_Page`` (whose
    ``__init__`` sets ``_doc``, ``_text``, ``_seg_starts``, ``_words``,
    ``_regions`` and ``_seg_regions``)."""

    @staticmethod
    def _latin_regions(doc: Document, segments=None) -> List[Tuple[int, int]]:
        """Stretches of Latin script runs with the digits and punctuation
        between and around them (digits belong to no script); of the
        segments numbered ``segments`` only, if given."""
        runs = doc.runs if segments is None else [doc.runs[i] for i in segments]
        return list(Regions._iter_regions(runs))

    @staticmethod
    def _iter_regions(runs_of_segments) -> Iterator[Tuple[int, int]]:
        """``_latin_regions``, one at a time (a caller may stop early)."""
        cur: Optional[List[int]] = None
        for runs in runs_of_segments:
            last = len(runs) - 1
            # Runs alternate with the common runs between them, so a Latin
            # run and the common runs on either side of it make one stretch.
            for i, (start, end, script) in enumerate(runs):
                if script != "latin":
                    continue
                if i > 0 and runs[i - 1][2] == "common":
                    start = runs[i - 1][0]
                if i < last and runs[i + 1][2] == "common":
                    end = runs[i + 1][1]
                if cur is not None and cur[1] >= start:
                    if end > cur[1]:
                        cur[1] = end
                else:
                    if cur is not None:
                        yield (cur[0], cur[1])
                    cur = [start, end]
        if cur is not None:
            yield (cur[0], cur[1])

    def _region_index(self) -> Tuple[List[int], List[Tuple[int, int]]]:
        if self._regions is None:
            self._regions = self._latin_regions(self._doc)
            self._starts = [r[0] for r in self._regions]
        return self._starts, self._regions

    def _regions_of(self, i: int) -> List[Tuple[int, int]]:
        got = self._seg_regions.get(i)
        if got is None:
            got = self._seg_regions[i] = self._latin_regions(self._doc, (i,))
        return got

    def _inside(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies in one Latin region. Only the
        segment holding ``start`` is read (and the ones after it that a
        region runs on into): a region lies in its segment unless it
        reaches the segment's end where the next segment begins, when it
        goes on with the next segment's first region."""
        if end <= start:
            starts, regions = self._region_index()
            i = bisect_right(starts, start) - 1
            return i >= 0 and regions[i][0] <= start and end <= regions[i][1]
        i = bisect_right(self._seg_starts, start) - 1
        if i < 0:
            return False
        for a, b in self._regions_of(i):
            if a <= start < b:
                break
        else:
            return False
        segments = self._doc.segments
        while end > b:
            if (b != segments[i].end or i + 1 == len(segments)
                    or segments[i + 1].start != b):
                return False
            i += 1
            nxt = self._regions_of(i)
            if not nxt or nxt[0][0] != b:
                return False
            b = nxt[0][1]
        return True

    def _has_word(self, lo: int, hi: int) -> bool:
        """Whether a number word may begin in ``[lo, hi)``."""
        words = self._words
        if words is None:
            return True
        k = bisect_left(words, lo)
        return k < len(words) and words[k] < hi

    def _has_digit(self, lo: int, hi: int) -> bool:
        return _ANY_DIGIT_RE.search(self._text, lo, hi) is not None

    def _has_number(self, lo: int, hi: int) -> bool:
        return self._has_word(lo, hi) or self._has_digit(lo, hi)
