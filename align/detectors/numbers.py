"""Numbers and dates no English editor would write.

Machine translation renders Chinese numerals word by word. ``二〇二〇年``
becomes ``Two thousand and twenty``, ``四月二十四日`` becomes ``Four month
Twenty-four``, ``3.5万`` becomes ``3.5 ten thousand``, ``十四五`` becomes
``Fourteen Five``; and the page furniture of a crawled page glues digits to
words (``May5In the afternoon``, ``hall.2019The annual``). Each of these has
one right form in digits, which the finding proposes as its suggestion.

The hard part is what *not* to flag. English spells numbers out on purpose:
at the start of a sentence (``Forty-eight people attended``), for small
numbers and ages in prose, in fixed expressions (``one of the``, ``first of
all``, ``two sessions``), in names and titles (``the Sutra in Forty-Two
Sections``), and ``one`` is often a pronoun. So the check separates two kinds
of evidence:

- *Calques* are wrong in any house style: a singular ``month`` after a
  number, a year read as ``two thousand and twenty`` or digit by digit, a
  Chinese myriad (``ten thousand``) after digits, glued or split digits.
  These fire whatever the style (severity ``major`` for years and dates).
- *Style* is a matter of the house style (``Config.number_style``): in
  ``news`` style (AP-like) counts from 10 up, money and percentages are
  digits; in ``literary`` style words are fine up to one hundred and for
  round numbers. A page that spells out more counts than it writes in digits
  (a novel) is following a literary style consistently, so ``news`` style
  relaxes to ``literary`` for it. Style findings are ``minor``.

Spelled numbers are found and valued by ``align.text.numerals``; only Latin script
runs of English or mixed documents are looked at.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from ..core import recache
from ..text.document import Document
from ..core.findings import Finding
from ..text.numerals import NUMBER_WORDS, ORDINALS, SCALES, TENS, UNITS, Spelled, number_word_starts, spelled_numbers
from ..text.scripts import LATIN
from . import Detector, register
from ..text.english import add_literals, fold, literals

MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July",
               "August", "September", "October", "November", "December"]
_FULL_MONTHS = "|".join(MONTH_NAMES)
_NUMW = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# One spelled number as a regex: number words joined by hyphens or spaces.
# Bounded, so a regex that needs a word after the number ("month") costs at
# most 16 words per start position on a long run of number words.
_SPELLED = rf"(?i:(?:{_NUMW})(?:(?:-|[ \t]+(?:and[ \t]+)?)(?:{_NUMW})){{0,15}})"
_NUM = rf"(?:\d{{1,4}}|{_SPELLED})"

# N月 read word for word: "Four month Twenty-four", "4 month 24 day",
# "2020 year 4 month 24 day". A singular "month" after a bare number.
CALQUED_DATE_RE = recache.compile(
    rf"(?<![\w-])(?:(?P<y>\d{{4}}|{_SPELLED})[ \t]+year[ \t]+)?"
    rf"(?P<m>{_NUM})[ \t]+month(?![\w-])"
    rf"(?:[ \t]*(?P<d>\d{{1,2}}|{_SPELLED})(?:[ \t]*(?:day|date|number|th)\b)?(?![\w-]))?",
    re.I)
# "the fourth month" (第四个月 / 四月) followed by a day, or alone.
ORDINAL_MONTH_RE = recache.compile(
    rf"\bthe[ \t]+(?P<m>{_NUMW})[ \t]+month(?![\w-])"
    rf"(?:[ \t]+(?:the[ \t]+)?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{_SPELLED})(?:[ \t]+day)?\b)?",
    re.I)
# A spelled day after a month name, or "the twenty-fourth of April".
SPELLED_DATE_RE = recache.compile(
    rf"\b(?P<mn>{_FULL_MONTHS})[ \t]+(?:the[ \t]+)?(?P<d>{_SPELLED})(?![\w-])"
    rf"|\bthe[ \t]+(?P<d2>{_SPELLED})[ \t]+of[ \t]+(?P<mn2>{_FULL_MONTHS})\b")
# 2020年 read as "2020 year".
CALQUED_YEAR_RE = re.compile(
    r"(?<![\w.,-])(?P<y>1[89]\d\d|20\d\d)[ \t]+year(?![\w-]|[ \t]+(?:plan|target|end|budget|report|review))")
# 3.5万 -> "3.5 ten thousand", 1.53亿 -> "1.53 hundred million".
CALQUED_SCALE_RE = re.compile(
    r"(?<![\w.,])(?P<n>\d+(?:\.\d+)?)[ \t]+(?P<s>ten[ \t]+thousand|10[ \t]?thousand|10,000|"
    r"hundred[ \t]+million|100[ \t]+million|one[ \t]+hundred[ \t]+million)(?![\w-])", re.I)
# 9点30分 -> "9 points 30 minutes" / "9 o'clock 30 minutes".
CALQUED_TIME_RE = re.compile(
    r"(?<![\w.])(?P<h>\d{1,2})[ \t]*(?:points?|o['’]clock)[ \t]+(?P<mi>\d{1,2})[ \t]*(?:minutes?|points?)\b", re.I)
# 十四五 -> "Fourteen Five" / "14 Five": the 14th Five-Year Plan.
FIVE_YEAR_RE = re.compile(
    r"\b(?P<n>1[0-9]|[Tt]en|[Ee]leven|[Tt]welve|[Tt]hirteen|[Ff]ourteen|[Ff]ifteen|[Ss]ixteen)"
    r"(?:[ \t]*[-·][ \t]*|[ \t]+)[Ff]ive(?![\w-]|[ \t]*-?[ \t]*[Yy]ear)")
# A cardinal where an ordinal is meant: "the 19 National Congress",
# "the Party's 19 success" (十九大 read word by word).
_EVENT = (r"(?:(?:CPC|CPPCC|NPC|Party|National|Central|Communist|People's|Plenary|Congress|"
          r"Committee|of|the)[ \t]+){0,4}(?:Congress|Plenary[ \t]+Session|Plenum|Session|"
          r"Five-Year[ \t]+Plan|Central[ \t]+Committee)")
CARDINAL_ORDINAL_RE = recache.compile(
    rf"\bthe[ \t]+(?P<n>\d{{1,3}}|{_SPELLED})[ \t]+(?={_EVENT}\b)"
    rf"|\b(?:Party|CPC)['’]s[ \t]+(?P<n2>\d{{1,2}})(?=[ \t]+[a-z])", re.I)
_EVENT_AFTER = re.compile(rf"[ \t]+(?:{_EVENT}|anniversary|century|birthday|round|batch)\b", re.I)

# Digits glued to a word before or after: "May5In", "hall.2019The", "In2020".
GLUED_RE = re.compile(
    r"(?P<pre>(?<![A-Za-z0-9/@.\-_])[A-Za-z]+(?P<punct>[.,;:])?)?"
    r"(?<!\d)(?P<num>\d+(?:[.,]\d+)*)"
    r"(?P<post>[A-Za-z]+)?")
# A digit that touches a letter, directly or across one mark (every glued
# number has one), or that a blank parts from the next digit (every split
# number has one): one scan finds the anchors of both, and a page has far
# fewer of them than digits.
_DIGIT_ANCHOR_RE = re.compile(
    r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z][.,;:]\d)|(?=[A-Za-z])|(?=[ \t]\d))")
_GLUED_WINDOW = re.compile(r"[A-Za-z.,;:\d]*")
# The characters that the other calque patterns (and their lookarounds)
# are made of around their anchor words; see ``_windowed``.
_SCALE_WINDOW = re.compile(r"[\w \t.,-]*")
_TIME_WINDOW = re.compile(r"[\w \t'’]*")
_FIVE_WINDOW = re.compile(r"[\w \t·-]*")
_EVENT_WINDOW = re.compile(r"[\w \t'’-]*")
# Units, suffixes and codes that legitimately touch digits.
_UNITS = frozenset("""
st nd rd th s am pm a.m p.m km kg g mg t mt m cm mm nm um ml l kl kwh kw mw gw gwh mwh twh w kv v
mah hz khz mhz ghz h hr hrs min mins sec secs s ms yr yrs x k b m bn mn mb gb tb kb mbps gbps
kb ft in yd mi lb lbs oz d p px pt sqm sq ha mu c f dpi fps rpm mph kmh ppm ppb pcs gen g
""".split())
_GLUE_STOP = frozenset("covid sars mers win web mp level version top no vol fig art sec para pp tel "
                       "ext approx phase room line route step grade class type model".split())

# Spaced-apart digits: "2 0 2 0", "in 20 20", "April 2 4".
SPLIT_DIGITS_RE = re.compile(r"(?<![\d.,])(?P<a>\d)[ \t](?P<b>\d)[ \t](?P<c>\d)[ \t](?P<d>\d)(?![\d.,]|[ \t]\d)")
SPLIT_YEAR_RE = re.compile(
    r"\b(?P<pre>in|since|of|from|until|till|by|before|after|year|early|late|end)[ \t]+"
    r"(?P<a>19|20)[ \t](?P<b>\d\d)(?![\d.,%-]|[ \t]\d)", re.I)
SPLIT_DAY_RE = re.compile(rf"\b(?P<mn>{_FULL_MONTHS})[ \t]+(?P<a>[1-3])[ \t](?P<b>\d)(?![\d.,%-]|[ \t]\d)")

# Fixed expressions whose number words are not quantities to write in digits.
IDIOM_RE = recache.compile(
    r"\b(?:one|first|two|three|ten|hundred|thousand)[ \t-]+(?:of[ \t]+(?:all|the|those|these|them|us|its)|by[ \t]+one|"
    r"after[ \t]+another|and[ \t]+all|another|sessions?|heart|hundred[ \t]+percent|percent[ \t]+sure|"
    r"thousand[ \t]+times|flowers|schools)\b"
    r"|\b(?:a|an)[ \t]+(?:hundred|thousand|million)(?:[ \t]+(?:and[ \t]+one|times|ways|things|"
    r"miles|li|years|reasons))?\b"
    r"|\b(?:one|a)[ \t]+thousand[ \t]+and[ \t]+one\b"
    r"|\btwenty-four[ \t/-]+(?:seven|hours[ \t]+a[ \t]+day)\b|\bninety-nine[ \t]+percent\b"
    r"|\b(?:twenty|20)[ -/](?:twenty|20)[ \t]+(?:vision|hindsight)\b|\bcatch-twenty-two\b",
    re.I)
_AGE_BEFORE = re.compile(r"(?:\b(?:at|aged|ages?|age[ \t]+of|turned|turning)[ \t]+)$", re.I)
_AGE_AFTER = re.compile(r"[ \t-]*(?:years?|yrs?)[ \t-]*(?:old|of[ \t]+age)\b|-year-old", re.I)
_RANGE = re.compile(r"^[ \t]+(?:or|to)[ \t]+|[ \t]+(?:or|to)[ \t]+$", re.I)
_TIME_AFTER = re.compile(r"[ \t]*(?:o['’]clock|a\.?m\.?|p\.?m\.?)(?!\w)", re.I)
_PERCENT_AFTER = re.compile(r"[ \t]*(?:%|percent\b|per[ \t]+cent\b)", re.I)
_MONEY_AFTER = re.compile(r"[ \t]+(?:million[ \t]+|billion[ \t]+|thousand[ \t]+)?"
                          r"(?:yuan|RMB|renminbi|dollars?|US[ \t]+dollars|euros?|pounds?|yen)\b", re.I)
_NEXT_WORD = re.compile(r"[ \t]*(?P<w>[A-Za-z][\w'’-]*)")
_PREV_WORD = re.compile(r"(?P<w>[A-Za-z][\w'’-]*)[ \t]*$")
# Words that begin a new clause when a page lost its punctuation
# ("... held Nineteen In the second half", a capital after a number).
FUNCTION_WORDS = frozenset("""
a an the in on at by for from of to with since until during after before and or but as that this
these those it its is are was were be been will would has have had not no all each every some our
their his her we they he she you i so than then there here which who what when where while
more less over under about into more nearly almost around approximately some
""".split())
# Led by the digit (the lookbehind reads the character before it): re skips
# to a digit in a tight loop instead of trying the lookbehind at every
# character. Same matches as (?<![\d.,])\d+(?:[.,]\d+)*.
_DIGITS_RE = re.compile(r"\d(?<![\d.,]\d)\d*(?:[.,]\d+)*")
_ANY_DIGIT_RE = re.compile(r"\d")
_YEAR_DIGITS_RE = re.compile(r"(1[89]|20)\d\d")
_SENTENCE_END = set(".!?\u3002\uff01\uff1f\n")
_OPENERS = set(" \t\"'“‘([«《「『【-—•·*#0123456789")


# The patterns of the per-match tests below, compiled once.
_ORDINAL_DIGITS_RE = re.compile(r"(\d+)(?:st|nd|rd|th)$")
_ASCII_WORD_RE = re.compile(r"[A-Za-z]+")
_OF_AFTER_RE = re.compile(r"[ \t]+of\b")
_OF_BEFORE_RE = re.compile(r"\bof[ \t]+$")
_WORD_SPLIT_RE = re.compile(r"[\s-]+")
_NOT_A_DAY_RE = re.compile(r"[ \t]*(?:years?|percent|per|of)\b")
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)\w*")
_HYPHEN_UNIT_RE = re.compile(r"-(?:year|month|day|yuan|million)\b")
_READ_OUT_BEFORE_RE = re.compile(r"(?:thousand|million|billion),[ \t]*$")
_READ_OUT_AFTER_RE = recache.compile(rf",[ \t]*(?:{_NUMW})\b", re.I)
_CENTURY_RE = re.compile(r"[ \t]+century", re.I)


_LATIN_RE = re.compile(f"[{LATIN}]")
# What a calqued date can be made of: digits, letters, blanks and hyphens.
# A match lies inside one run of these, so only runs around a "month" need
# scanning; the character after a run is in reach of the lookaheads.
_WINDOW_RE = re.compile(r"[\w \t-]*")


# ``text.lower()`` with the letters ``re.I`` folds to ASCII folded too.
_folded = fold


def _find_all(text: str, words) -> List[int]:
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
_ANCHOR_WORDS = {
    "month": ("month",), "scale": ("thousand", "million", "10,000"), "time": ("point", "clock"),
    # A cardinal before an event reads on to the event's last word, and one
    # after the owner follows its apostrophe: "Party" alone, on every line
    # of a Party news page, anchors neither.
    "event": ("congress", "session", "plenum", "plan", "committee",
              "party'", "party\u2019", "cpc'", "cpc\u2019"),
}
_CASED_WORDS = {"month_name": tuple(MONTH_NAMES), "year": ("year",), "five": ("Five", "five")}


# The kind under which ``_all_anchors`` lists where a number word may begin
# (``numerals.number_word_starts``): the spelled numbers are found from the
# same pass over the text as the anchors.
NUMBER_WORD = "number_word"
# This check's words among those ``_english.literals`` finds, each with its
# kinds: ``(kind, None)`` for a word matched as ``re.I`` matches it,
# ``(kind, spellings)`` for one matched as written.
_OWNER = "number"


def _literal_words():
    roles: dict = {}
    for kind, words in _ANCHOR_WORDS.items():
        for w in words:
            roles.setdefault(w, {})[kind] = None
    for kind, words in _CASED_WORDS.items():
        for w in words:
            roles.setdefault(w.lower(), {})[kind] = tuple({x for x in words if x.lower() == w.lower()})
    for w in sorted(NUMBER_WORDS):
        roles.setdefault(w, {})[NUMBER_WORD] = None
    return [(w, tuple(r.items())) for w, r in roles.items()]


add_literals(_OWNER, _literal_words())


def _all_anchors(text: str, low: Optional[str] = None) -> dict:
    """Offsets of every anchor word by kind (ascending), and under
    ``NUMBER_WORD`` where a number word may begin (``None`` when the folded
    text does not line up with ``text``), from one pass of an Aho-Corasick
    automaton over the folded text (``_english.literals``): a regex or
    ``str.find`` per word reads the text once per word."""
    low, hits = literals(text)
    out = {k: [] for k in (*_ANCHOR_WORDS, *_CASED_WORDS)}
    if hits is None:
        for kind, words in _ANCHOR_WORDS.items():
            out[kind] = _anchors("|".join(words), text, low)
        for kind, words in _CASED_WORDS.items():
            out[kind] = _find_all(text, words)
        out[NUMBER_WORD] = None
        return out
    numbers = []
    for start, owners in hits:
        for owner, roles in owners:
            if owner != _OWNER:
                continue
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
    window of ``_windowed``, which reads each window once."""
    if len(low) == len(text):
        return _find_all(low, words.split("|"))
    return [m.start() for m in _compiled(words, re.I).finditer(text)]


@lru_cache(maxsize=None)
def _compiled(pattern: str, flags: int):
    return re.compile(pattern, flags)


def _windowed(pattern, anchors, text: str, rev: str, window=_WINDOW_RE, need=None):
    """``pattern.finditer(text)`` for a pattern whose every match, with what
    its lookarounds read, is made of ``window`` characters and holds one of
    the ``anchors`` (offsets, ascending, or a regex): the same matches,
    scanning only the runs of those characters around an anchor. The
    character after a run is in reach of the lookaheads; lookbehinds see
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
            yield from pattern.finditer(text, lo, hi + 1)
        done = hi


def _fmt(value) -> str:
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


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# Pure, and asked again for the same few words page after page; each
# spelled answer is a scan of its own.
@lru_cache(maxsize=4096)
def _value(s: str) -> Optional[int]:
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


@lru_cache(maxsize=8192)
def _common(word: str) -> bool:
    from ..resources.wordfreqs import zipf

    return zipf(word.lower()) >= 3.3


@register
class Numbers(Detector):
    name = "number"
    description = ("numbers and dates no English editor would write: spelled-out years and counts, "
                   "calqued Chinese dates, digits glued to words or split apart")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        text = doc.text
        # No Latin letter, no Latin script run: nothing is looked at.
        if not _LATIN_RE.search(text):
            return
        # The Latin regions cost a pass over the script runs; most findings
        # are rejected before they are needed, and those that are need the
        # regions of a segment or two (see _inside).
        self._doc = doc
        self._regions = None
        self._seg_regions: dict = {}
        self._text = text
        self._rev = text[::-1]
        self._seg_starts = [s.start for s in doc.segments]
        self._at = _all_anchors(text)
        self._words = self._at[NUMBER_WORD]
        # Findings never overlap: the first rule to claim a span keeps it.
        # Claimed spans are disjoint, so sorted starts and a look at the two
        # neighbours decide an overlap.
        starts: List[int] = []
        ends: List[int] = []
        out: List[Finding] = []

        def emit(f: Optional[Finding]):
            if f is None or not self._inside(f.start, f.end):
                return
            k = bisect_right(starts, f.start)
            if k and ends[k - 1] > f.start or k < len(starts) and starts[k] < f.end:
                return
            starts.insert(k, f.start)
            ends.insert(k, f.end)
            out.append(f)

        for f in self._calques(text):
            emit(f)
        style = self.config.number_style
        spelled = [s for s in spelled_numbers(text, word_starts=self._words)
                   if self._inside(s.start, s.end)]
        if style == "news" and self._reads_literary(text, spelled):
            style = "literary"
        for s in spelled:
            emit(self._spelled(text, s, style))
        out.sort(key=lambda f: (f.start, f.end))
        yield from out

    # ------------------------------------------------------------ regions

    @staticmethod
    def _latin_regions(doc: Document, segments=None) -> List[Tuple[int, int]]:
        """Stretches of Latin script runs with the digits and punctuation
        between and around them (digits belong to no script); of the
        segments numbered ``segments`` only, if given."""
        runs = doc.runs if segments is None else [doc.runs[i] for i in segments]
        return list(Numbers._iter_regions(runs))

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

    def _reads_literary(self, text, spelled: List[Spelled]) -> bool:
        """Whether the page spells out counts consistently (a novel, an
        essay): more spelled counts of 10 and up than counts in digits."""
        big = sum(1 for s in spelled if s.value >= 10 and s.shape in ("cardinal", "ordinal"))
        if big < 3:
            return False
        # Counted until they are as many: the regions are read that far only.
        digits = 0
        regions = self._regions if self._regions is not None else self._iter_regions(self._doc.runs)
        for a, b in regions:
            for m in _DIGITS_RE.finditer(text, a, b):
                if not _YEAR_DIGITS_RE.fullmatch(m.group()):
                    digits += 1
                    if digits >= big:
                        return False
        return True

    # ------------------------------------------------------------ context

    def _sentence_initial(self, start: int) -> bool:
        text = self._text
        i = bisect_right(self._seg_starts, start) - 1
        floor = self._seg_starts[i] if i >= 0 else 0
        floor = max(floor, start - 24)  # bounded: a long run of openers is no sentence
        j = start
        while j > floor and text[j - 1] in _OPENERS:
            j -= 1
        return j == floor or text[j - 1] in _SENTENCE_END

    def _in_name(self, text: str, s_start: int, s_end: int, words) -> bool:
        """Capitalized number words inside a capitalized phrase or quotes:
        ``the Sutra in Forty-Two Sections``, ``the Three Gorges``."""
        span = text[s_start:s_end]
        tokens = _ASCII_WORD_RE.findall(span)
        content = [t for t in tokens if t.lower() != "and"]
        if not all(t[0].isupper() for t in content):
            return False
        nxt = _NEXT_WORD.match(text, s_end)
        if nxt and nxt.group("w")[0].isupper() and nxt.group("w").lower() not in FUNCTION_WORDS:
            return True
        prev = _PREV_WORD.search(text, max(0, s_start - 40), s_start)
        if (prev and prev.group("w")[0].isupper() and prev.group("w").lower() not in FUNCTION_WORDS
                and not self._sentence_initial(prev.start())):
            return True
        before = text[max(0, s_start - 2):s_start].strip()
        after = text[s_end:s_end + 2].strip()
        return bool(before and before[-1] in "\"“‘«《" and after and after[0] in "\"”’»》")

    # ------------------------------------------------------------ calques

    def _calques(self, text: str) -> Iterator[Finding]:
        # Each calque pattern needs a literal word ("month", "year", a month
        # name...); a page without it is not scanned at all. Python's re has
        # no fast path for a pattern led by an alternation of number words,
        # so skipping the scan is most of this check's speed.
        rev = self._rev
        at = self._at
        number, word, digit = self._has_number, self._has_word, self._has_digit
        month_names = at["month_name"]
        month_at = at["month"]
        if month_at:
            for m in _windowed(CALQUED_DATE_RE, month_at, text, rev, need=number):
                f = self._calqued_date(text, m)
                if f:
                    yield f
            for m in _windowed(ORDINAL_MONTH_RE, month_at, text, rev, need=word):
                f = self._ordinal_month(text, m)
                if f:
                    yield f
        for m in _windowed(SPELLED_DATE_RE, month_names, text, rev, need=word):
            f = self._spelled_date(text, m)
            if f:
                yield f
        for m in _windowed(CALQUED_YEAR_RE, at["year"], text, rev, need=digit):
            yield Finding(m.start(), m.end(), "number", "number.calqued_year", "major",
                          m.group("y"), 0.75, "年 read as 'year' after the digits")
        for m in _windowed(CALQUED_SCALE_RE, at["scale"], text, rev, _SCALE_WINDOW, digit):
            n = float(m.group("n"))
            scale = 10**4 if "thousand" in m.group("s").lower() or "10,000" in m.group("s") else 10**8
            v = round(n * scale, 4)
            yield Finding(m.start(), m.end(), "number", "number.calqued_scale", "minor",
                          _fmt(int(v) if float(v).is_integer() else v), 0.9,
                          "Chinese 万 (10,000) or 亿 (100 million) read word for word")
        for m in _windowed(CALQUED_TIME_RE, at["time"], text, rev, _TIME_WINDOW, digit):
            h, mi = int(m.group("h")), int(m.group("mi"))
            if h <= 24 and mi < 60:
                yield Finding(m.start(), m.end(), "number", "number.calqued_time", "major",
                              f"{h}:{mi:02d}", 0.85, "点/分 read word for word")
        for m in _windowed(FIVE_YEAR_RE, at["five"], text, rev, _FIVE_WINDOW, number):
            n = _value(m.group("n").lower())
            if n:
                yield Finding(m.start(), m.end(), "number", "number.cardinal_ordinal", "minor",
                              f"{_ordinal(n)} Five-Year Plan", 0.8, "十N五: the Nth Five-Year Plan")
        for m in _windowed(CARDINAL_ORDINAL_RE, at["event"], text, rev, _EVENT_WINDOW, number):
            g = "n" if m.group("n") else "n2"
            n = _value(m.group(g))
            if not n or n > 200 or m.group(g).lower() in ORDINALS:
                continue
            yield Finding(m.start(g), m.end(g), "number", "number.cardinal_ordinal", "minor",
                          _ordinal(n), 0.8 if g == "n" else 0.5,
                          "a cardinal where the ordinal is meant (二十大 = the 20th Congress)")
        digits = [m.start() for m in _DIGIT_ANCHOR_RE.finditer(text)]
        if digits:
            yield from self._glued(text, digits)
            yield from self._split(text, digits, bool(month_names))

    def _calqued_date(self, text, m) -> Optional[Finding]:
        mo = _value(m.group("m"))
        if not mo or not 1 <= mo <= 12:
            return None
        day = _value(m.group("d")) if m.group("d") else None
        if m.group("d") and (not day or not 1 <= day <= 31):
            return None
        year = _value(m.group("y")) if m.group("y") else None
        end = m.end() if m.group("d") else m.end("m") + len(text[m.end("m"):m.end()].rstrip())
        start = m.start()
        if day is None:
            # "a four month period", "one month later": a duration, not a date.
            before = text[max(0, start - 12):start].lower().split()
            nxt = _NEXT_WORD.match(text, end)
            if mo == 1 or (before and before[-1] in ("a", "an", "the", "per", "each", "every", "for",
                                                      "this", "that", "next", "last", "first")):
                return None
            if nxt and nxt.group("w").lower() in ("period", "term", "plan", "program", "programme",
                                                  "project", "course", "stay", "delay", "later",
                                                  "ago", "long", "old", "after", "before"):
                return None
            conf = 0.7
        else:
            conf = 0.95
        sugg = MONTH_NAMES[mo - 1] + (f" {day}" if day else "")
        if year:
            sugg += f", {year}" if day else f" {year}"
        return Finding(start, end, "number", "number.calqued_date", "major", sugg, conf,
                       "Chinese date (N月N日) read word for word")

    def _ordinal_month(self, text, m) -> Optional[Finding]:
        w = m.group("m").lower()
        mo = ORDINALS.get(w)
        if not mo or not 1 <= mo <= 12:
            return None
        day = _value(m.group("d")) if m.group("d") else None
        if day is not None and 1 <= day <= 31:
            return Finding(m.start(), m.end(), "number", "number.calqued_date", "major",
                           f"{MONTH_NAMES[mo - 1]} {day}", 0.85,
                           "Chinese date (N月N日) read as 'the Nth month'")
        # "the fourth month" alone: the lunar calendar in prose, or 四月 in news.
        window = text[max(0, m.start() - 60):m.end() + 60].lower()
        if "lunar" in window or _OF_AFTER_RE.match(text[m.end("m") + 6:m.end("m") + 10]) \
                or _OF_BEFORE_RE.search(text[max(0, m.start() - 6):m.start()]):
            return None  # "the fourth month of ...", "the fifteenth of the third month"
        if self.config.number_style != "news":
            return None
        end = text.index("month", m.end("m")) + len("month")
        return Finding(m.start(), end, "number",
                       "number.calqued_date", "major", MONTH_NAMES[mo - 1], 0.4,
                       "'the Nth month' may be 四月 (April) read word for word")

    def _spelled_date(self, text, m) -> Optional[Finding]:
        if self.config.number_style != "news":
            return None
        mn, g = (m.group("mn"), "d") if m.group("mn") else (m.group("mn2"), "d2")
        d = m.group(g)
        day = _value(d)
        if not day or not 1 <= day <= 31:
            return None
        # "May Fourth Movement", "August First": names of days.
        if d[0].isupper() and _WORD_SPLIT_RE.split(d)[-1].lower() in ORDINALS:
            return None
        if m.group("mn") and _NOT_A_DAY_RE.match(text[m.end():m.end() + 10]):
            return None
        return Finding(m.start(), m.end(), "number", "number.spelled_date", "major",
                       f"{mn} {day}", 0.8, "day of a date spelled out")

    def _glued(self, text, anchors: List[int]) -> Iterator[Finding]:
        # A match with neither a word before nor one after is skipped below,
        # so only the runs where a digit touches a letter need reading; a
        # run around a split-digit anchor holds no such match.
        for m in _windowed(GLUED_RE, anchors, text, self._rev, _GLUED_WINDOW):
            pre, punct, num, post = m.group("pre"), m.group("punct"), m.group("num"), m.group("post")
            if not pre and not post:
                continue
            # Inside a URL, a file name or an e-mail address digits touch letters by design.
            lo, hi = max(0, m.start() - 80), min(len(text), m.end() + 80)
            ws = text.rfind(" ", lo, m.start())
            we = text.find(" ", m.end(), hi)
            token = text[ws + 1 if ws >= 0 else lo:we if we >= 0 else hi]
            if "/" in token or "@" in token or "www" in token or "_" in token:
                continue
            word = pre[:-1] if punct else pre
            glue_pre = glue_post = False
            month = False
            yearish = bool(_YEAR_DIGITS_RE.fullmatch(num))
            if word:
                if word.capitalize() in MONTH_NAMES and not punct and len(num) <= 2 and 1 <= int(num) <= 31:
                    glue_pre = month = True
                elif word.lower() in _GLUE_STOP:
                    glue_pre = False
                elif punct:
                    glue_pre = (word.islower() and len(word) >= 3 and _common(word)
                                and (yearish or bool(post and post[0].isupper())) and punct in ".;:")
                elif (word.islower() or word.istitle()) and len(word) >= 2 and _common(word):
                    glue_pre = yearish or bool(post and post[0].isupper()) or word.lower() in (
                        "in", "on", "since", "from", "until", "by", "of", "and", "about", "over",
                        "nearly", "total", "than")
            if post:
                low = post.lower()
                if post[0].isupper() and post[1:].islower() and len(post) >= 2 and _common(post):
                    glue_post = True
                elif post.islower() and low not in _UNITS and len(post) >= 3 and _common(post) \
                        and not _ORDINAL_SUFFIX_RE.fullmatch(low):
                    glue_post = True
            if not glue_pre and not glue_post:
                continue
            start = m.start() if glue_pre else m.start("num")
            end = m.end() if glue_post else m.end("num")
            parts = []
            if glue_pre:
                parts.append(pre)
            parts.append(num)
            if glue_post:
                parts.append(post)
            severe = month or yearish
            yield Finding(start, end, "number", "number.glued_digits", "major" if severe else "minor",
                          " ".join(parts), 0.9 if (glue_pre and glue_post) or month else 0.75,
                          "digits glued to the words around them")

    def _split(self, text, anchors: List[int], month_name: bool = True) -> Iterator[Finding]:
        # Every split number has two digits a blank apart.
        gaps = [a for a in anchors if text[a + 1:a + 2] in (" ", "\t") and text[a + 2:a + 3].isdecimal()]
        if not gaps:
            return
        for m in _windowed(SPLIT_DIGITS_RE, gaps, text, self._rev):
            v = int("".join(m.group(k) for k in "abcd"))
            if 1900 <= v <= 2099:
                yield Finding(m.start(), m.end(), "number", "number.split_digits", "major",
                              str(v), 0.85, "a year with its digits spaced apart")
        for m in _windowed(SPLIT_YEAR_RE, gaps, text, self._rev):
            yield Finding(m.start("a"), m.end("b"), "number", "number.split_digits", "major",
                          m.group("a") + m.group("b"), 0.7, "a year split in two")
        for m in _windowed(SPLIT_DAY_RE, gaps, text, self._rev) if month_name else ():
            day = int(m.group("a") + m.group("b"))
            if 10 <= day <= 31:
                yield Finding(m.start(), m.end(), "number", "number.split_digits", "major",
                              f"{m.group('mn')} {day}", 0.6, "a day with its digits spaced apart")

    # ------------------------------------------------------------ spelled

    def _spelled(self, text: str, s: Spelled, style: str) -> Optional[Finding]:
        f = self._spelled_in_use(text, s, style)
        if f is None:
            return None
        # A fixed expression around the number vetoes any finding; every
        # other test is cheaper, so it is read only for a would-be finding.
        start, end = s.start, s.end
        for m in IDIOM_RE.finditer(text, max(0, start - 30), min(len(text), end + 30)):
            if m.start() < end and start < m.end():
                return None
        return f

    def _spelled_in_use(self, text: str, s: Spelled, style: str) -> Optional[Finding]:
        """``_spelled`` but for the idioms."""
        start, end, value = s.start, s.end, s.value
        if s.shape in ("digits", "year") or s.shape == "cardinal" and self._year_like(text, s):
            return self._year(text, s)
        if s.words == ("one",) or value < 2 or s.words[0] in SCALES:
            return None  # the pronoun "one"; "a million", "per million"
        initial = self._sentence_initial(start)
        if self._in_name(text, start, end, s.words) and not initial:
            return None
        after = text[end:end + 40]
        before = text[max(0, start - 20):start]
        if s.shape == "ordinal":
            return self._ordinal(text, s, style, initial)
        if initial:
            return None
        if _AGE_BEFORE.search(before) or _AGE_AFTER.match(after) or _TIME_AFTER.match(after):
            return None
        if _RANGE.search(before) or _RANGE.match(after):
            return None  # "fourteen or fifteen": an approximation in prose
        if text[end:end + 1] == "-" and not _HYPHEN_UNIT_RE.match(text[end:end + 12]):
            return None
        suggestion = _fmt(value)
        if _PERCENT_AFTER.match(after):
            if style != "news":
                return None
            return Finding(start, end, "number", "number.spelled_percent", "minor", suggestion, 0.8,
                           "percentages are written in digits")
        if _MONEY_AFTER.match(after):
            if style != "news":
                return None
            return Finding(start, end, "number", "number.spelled_money", "minor", suggestion, 0.8,
                           "amounts of money are written in digits")
        round_ = self._round(s)
        if style == "news":
            if value < 10:
                return None
            conf = 0.45 if round_ else 0.75
        else:
            # Chicago: words up to one hundred and for round numbers, and a
            # number read out in full ("thirty-six thousand, five hundred").
            if value <= 100 or self._round(s) or _READ_OUT_BEFORE_RE.search(before) \
                    or _READ_OUT_AFTER_RE.match(after):
                return None
            conf = 0.5
        return Finding(start, end, "number", "number.spelled_count", "minor", suggestion, conf,
                       f"{style} style writes this number in digits")

    @staticmethod
    def _round(s: Spelled) -> bool:
        """A number under a hundred, alone or times one scale word:
        ``twenty``, ``three hundred``, ``thirty-six thousand``, ``five
        million``: the round numbers that literary style spells out."""
        ws = [w for w in s.words if w != "and"]
        if ws and ws[-1] in SCALES:
            ws = ws[:-1]
        if not ws:
            return True
        if len(ws) == 1:
            return ws[0] in UNITS or ws[0] in TENS
        return len(ws) < len(s.words) and len(ws) == 2 and ws[0] in TENS and ws[1] in UNITS and 0 < UNITS[ws[1]] < 10

    @staticmethod
    def _year_like(text, s: Spelled) -> bool:
        """``two thousand and twenty`` is a year unless it counts something
        (``two thousand and twenty people``)."""
        if not (1900 <= s.value < 2100) or "thousand" not in s.words:
            return False
        if s.value == 2000 and s.words[-1] == "thousand":
            return False
        nxt = _NEXT_WORD.match(text, s.end)
        if nxt:
            w = nxt.group("w")
            if w.islower() and w not in FUNCTION_WORDS and w not in ("year", "years"):
                return False
        return True

    def _year(self, text, s: Spelled) -> Optional[Finding]:
        seg = text[s.start:s.end]
        first = _ASCII_WORD_RE.match(seg).end()
        if s.shape == "year" and seg[first:first + 1] == "-":
            return None  # "twenty-twenty": the idiom of eyesight, not a year
        if self._in_name(text, s.start, s.end, s.words):
            nxt = _NEXT_WORD.match(text, s.end)
            if not nxt or nxt.group("w").lower() not in FUNCTION_WORDS:
                return None
        nxt = _NEXT_WORD.match(text, s.end)
        words = [w for w in _ASCII_WORD_RE.findall(seg) if w.lower() != "and"]
        if (all(w[0].isupper() for w in words) and not self._sentence_initial(s.start)
                and not (nxt and nxt.group("w")[0].isupper())):
            return None  # "Nineteen Eighty-Four" mid-sentence: a title
        if s.shape == "year" and nxt and nxt.group("w").islower() and nxt.group("w") not in FUNCTION_WORDS:
            return None  # "nineteen twenty-yuan notes", a count
        conf = 0.95 if s.shape == "digits" else 0.9
        if self._sentence_initial(s.start):
            conf = 0.7
        return Finding(s.start, s.end, "number", "number.spelled_year", "major", str(int(s.value)),
                       conf, "a year spelled out in words")

    def _ordinal(self, text, s: Spelled, style, initial) -> Optional[Finding]:
        value = int(s.value)
        event = _EVENT_AFTER.match(text, s.end)
        if style != "news" or value < 10:
            return None
        if event and not _CENTURY_RE.match(event.group(0)):
            conf = 0.85
        else:
            return None  # "the twentieth century", "the fifteenth day": prose
        return Finding(s.start, s.end, "number", "number.spelled_ordinal", "minor", _ordinal(value),
                       conf, "ordinals from 10th up are written in digits")
