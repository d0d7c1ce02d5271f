"""Numbers read word for word, one rule each: ``number.calqued_year``
("2020 year", "the 90s of the last century"), ``number.calqued_scale``
("3.5 ten thousand", "several ten thousand"), ``number.calqued_time`` ("9
points 30 minutes", "at 8 points in the morning", "at 10: 30 a.m.") and
``number.cardinal_ordinal`` ("Fourteen Five", "the 19 National Congress",
"the 19 Asian Games")."""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ...core import recache
from ...core.findings import Finding
from ...core.rules import rule
from ...text.numerals import ORDINALS
from . import scan
from .values import EVENT, OTHER_EVENT, SPELLED, counts_after, fmt, ordinal, value, year_leads

# 2020年 read as "2020 year".
CALQUED_YEAR_RE = re.compile(
    r"(?<![\w.,-])(?P<y>1[89]\d\d|20\d\d)[ \t]+year(?![\w-]|[ \t]+(?:plan|target|end|budget|report|review))")
# 3.5万 -> "3.5 ten thousand" (or "ten-thousand", "ten thousands"),
# 1.53亿 -> "1.53 hundred million", 1.26万亿 -> "1.26 ten thousand hundred
# million"; a smaller part may follow, as the Chinese reads it: 3万5千 ->
# "3 ten thousand 5 thousand".
_WAN = r"(?:ten[ \t-]+thousands?|10[ \t]?thousands?|10,000)"
_YI = r"(?:hundred[ \t-]+millions?|100[ \t]+millions?|one[ \t]+hundred[ \t]+millions?)"
CALQUED_SCALE_RE = re.compile(
    rf"(?<![\w.,])(?P<n>\d+(?:\.\d+)?)[ \t]+(?P<s>{_WAN}(?:[ \t]+{_YI})?|{_YI})(?![\w-])"
    r"(?:[ \t]+(?:and[ \t]+)?(?P<r>\d{1,4}(?:\.\d+)?)[ \t]+(?P<rs>thousand|hundred)(?![\w-]))?", re.I)
# 几万 / 几千万 / 几十 read word for word: "several ten thousand", "several ten
# million", "several ten people" ("several hundred" is English).
SEVERAL_TEN_RE = re.compile(
    r"\b(?P<w>several|a[ \t]+few)[ \t]+ten(?:[ \t]+(?P<s>thousand|million|billion)s?)?(?![\w-])"
    r"(?![ \t]+(?:or|to|and)\b)", re.I)
# 9点30分 -> "9 points 30 minutes" / "9 o'clock 30 minutes" / "10 hours 15
# minutes" (时/分, only after "at": "takes 4 hours 30 minutes" is a span of
# time), or with the minutes bare after "at": "At 14 points 30,".
CALQUED_TIME_RE = re.compile(
    r"(?<![\w.])(?P<h>\d{1,2})[ \t]*(?:points?|o['’]clock)[ \t]+(?P<mi>\d{1,2})[ \t]*(?:minutes?|points?)\b"
    r"|(?<=\bat[ \t])(?P<h2>\d{1,2})[ \t]*(?:points?|o['’]clock|(?P<hours>hours?))[ \t]+(?P<mi2>\d{1,2})"
    r"(?:[ \t]*minutes?\b|(?=[ \t]*[,;]|[ \t]+(?:on|in[ \t]+the|this|that|local|Beijing)\b))", re.I)
# 8点 -> "at 8 points" with the time of day after it: "at 8 points in the
# morning" (8 a.m.).
POINTS_OF_DAY_RE = re.compile(
    r"(?<=\bat[ \t])(?P<h>\d{1,2})[ \t]*points?[ \t]+(?:in[ \t]+the[ \t]+)?(?P<d>morning|afternoon|evening|night)\b",
    re.I)
# A space after the colon of a clock time: "at 10: 30 a.m.".
SPACED_CLOCK_RE = re.compile(
    r"(?<![\w.:])(?P<h>[01]?\d|2[0-4])[ \t]*:[ \t]+(?P<mi>[0-5]\d)(?=[ \t]*[ap]\.?m\b)"
    r"|(?<=\bat[ \t])(?P<h2>[01]?\d|2[0-4])[ \t]*:[ \t]+(?P<mi2>[0-5]\d)(?![\w:.,]\d|\w)", re.I)
# "at 10 hours 15 minutes" is a clock time when a day or the time of day
# goes with it, or it opens the sentence ("the record stands at 2 hours 5
# minutes" is a span of time).
_CLOCK_CONTEXT_RE = re.compile(
    r"[ \t]*,|[ \t]+(?:on|in[ \t]+the|this|that|local|Beijing|a\.?m|p\.?m)\b", re.I)
_AT_OPENS_RE = re.compile(r"(?:^|[.!?\n])[ \t\"“]*at[ \t]+$", re.I)
# A span of time, no clock: "rose 12 points 5 minutes after the opening
# bell", "scored 20 points 3 minutes into the half".
_DURATION_AFTER_RE = re.compile(
    r"[ \t]+(?:after|before|into|later|earlier|ago|past|left|remaining|ahead|behind|long|to[ \t]+go)\b", re.I)
# 十四五 -> "Fourteen Five" / "14 Five" / "Fourteenth Five": the 14th Five-Year Plan.
FIVE_YEAR_RE = re.compile(
    r"\b(?P<n>1[0-9](?:th)?|[Tt]en(?:th)?|[Ee]leven(?:th)?|[Tt]welfth|[Tt]welve|[Tt]hirteen(?:th)?"
    r"|[Ff]ourteen(?:th)?|[Ff]ifteen(?:th)?|[Ss]ixteen(?:th)?)"
    r"(?:[ \t]*[-·][ \t]*|[ \t]+)[Ff]ive(?![\w-]|[ \t]*-?[ \t]*[Yy]ear)")
# A cardinal where an ordinal is meant: "the 19 National Congress",
# "the Party's 19 success" (十九大 read word by word); "the 19 Asian Games",
# "the 3 quarter" (numbered events other than congresses, in digits).
CARDINAL_ORDINAL_RE = recache.compile(
    rf"\bthe[ \t]+(?P<n>\d{{1,3}}|{SPELLED})[ \t]+(?=(?P<ev>{EVENT})\b)"
    rf"|\b(?:Party|CPC)['’]s[ \t]+(?P<n2>\d{{1,2}})(?=[ \t]+[a-z])"
    rf"|\b[Tt]he[ \t]+(?P<n3>\d{{1,3}})[ \t]+(?=(?P<ev3>{OTHER_EVENT})(?![\w-]))", re.I)
# 上世纪90年代 -> "the 90s of the last century", "the 80 years of the last
# century": the 1990s, the 1980s (本世纪 "this century": the 2020s).
DECADE_RE = re.compile(
    r"\bthe[ \t]+(?P<d>[1-9]0)(?P<u>s|['’]s|[ \t]+years)[ \t]+of[ \t]+(?P<c>the[ \t]+last|the[ \t]+previous"
    r"|the[ \t]+past|last|this|the[ \t]+current|the[ \t]+present)[ \t]+century\b", re.I)
# The characters these patterns (and their lookarounds) are made of around
# their anchor words; see ``scan.windowed``.
_SCALE_WINDOW = re.compile(r"[\w \t.,-]*")
_TIME_WINDOW = re.compile(r"[\w \t'’]*")
_CLOCK_WINDOW = re.compile(r"[\w \t:.]*")
# A clock time of the 24-hour day with a.m. or p.m. after it ("15:15 p.m."):
# the source's 15时15分 half converted.
MERIDIEM_24_RE = re.compile(r"(?<![\w.:])(?P<h>1[3-9]|2[0-3]):(?P<mi>[0-5]\d)[ \t]*[ap]\.m\.?", re.I)
_PREV_WORD_RE = re.compile(r"(?P<w>[A-Za-z]+)[ \t]+$")
# Verbs of a score or an index before "N points": points scored, no clock.
_SCORE_VERBS = frozenset(("rose", "fell", "gained", "lost", "dropped", "climbed", "jumped", "slid", "added",
                          "shed", "scored", "surged", "plunged", "tumbled", "rallied", "up", "down", "by",
                          "led", "trailed", "won", "dipped", "edged", "advanced", "declined"))
_FIVE_WINDOW = re.compile(r"[\w \t·-]*")
_EVENT_WINDOW = re.compile(r"[\w \t'’-]*")


class CalqueRules:
    """The word-for-word rules of ``Numbers`` but dates."""

    def _word_calques(self, text: str) -> Iterator[Finding]:
        rev = self._rev
        at = self._at
        number, digit = self._has_number, self._has_digit
        for m in scan.windowed(CALQUED_YEAR_RE, at["year"], text, rev, need=digit):
            yield rule("number.calqued_year").finding(m.start(), m.end(), m.group("y"), 0.75,
                                                      "年 read as 'year' after the digits")
        for m in scan.windowed(DECADE_RE, at["century"], text, rev, _TIME_WINDOW, digit):
            century = 20 if m.group("c").lower() in ("this", "the current", "the present") else 19
            yield rule("number.calqued_year").finding(
                m.start(), m.end(), f"the {century}{m.group('d')}s", 0.7 if m.group("u").endswith("years") else 0.85,
                "上世纪N0年代 (the Nth decade of the last century) read word for word")
        for m in scan.windowed(CALQUED_SCALE_RE, at["scale"], text, rev, _SCALE_WINDOW, digit):
            if year_leads(text, m.start(), m.group("n")):
                continue  # "By 2025 10,000 new piles": a year, then the number
            f = self._scale(m)
            if f:
                yield f
        for m in scan.windowed(SEVERAL_TEN_RE, at["several"], text, rev, _TIME_WINDOW):
            s = (m.group("s") or "").lower()
            sugg = {"": "dozens of", "thousand": "tens of thousands of", "million": "tens of millions of",
                    "billion": "tens of billions of"}[s]
            yield rule("number.calqued_scale").finding(
                m.start(), m.end(), sugg, 0.8, "几十/几万 (a few tens, ten-thousands) read word for word")
        yield from self._times(text)
        for m in scan.windowed(FIVE_YEAR_RE, at["five"], text, rev, _FIVE_WINDOW, number):
            n = value(m.group("n").lower())
            if n:
                yield rule("number.cardinal_ordinal").finding(
                    m.start(), m.end(), f"{ordinal(n)} Five-Year Plan", 0.8,
                    "十N五: the Nth Five-Year Plan")
        for m in scan.windowed(CARDINAL_ORDINAL_RE, at["event"], text, rev, _EVENT_WINDOW, number):
            g = "n" if m.group("n") else "n2" if m.group("n2") else "n3"
            n = value(m.group(g))
            if not n or n > 200 or m.group(g).lower() in ORDINALS:
                continue
            # A plural after the event or the owner: it counts ("the 5 Party
            # congress delegates", "the Party's 20 grassroots branches").
            if counts_after(text, m.end("ev") if g == "n" else m.end("ev3") if g == "n3" else m.end(g)):
                continue
            if g == "n3":
                head = m.group("head")
                if head is None and n > 4 or head in ("Games", "Olympics") and n < 10:
                    continue  # a fifth quarter; "the 3 Olympic Games" he ran in
            yield rule("number.cardinal_ordinal").finding(
                m.start(g), m.end(g), ordinal(n), 0.5 if g == "n2" else 0.7 if g == "n3" else 0.8,
                "a cardinal where the ordinal is meant (二十大 = the 20th Congress)")

    @staticmethod
    def _scale(m) -> Optional[Finding]:
        s = m.group("s").lower()
        scale = (10**4 if "thousand" in s or "10,000" in s else 1) * (10**8 if "million" in s else 1)
        v = float(m.group("n")) * scale
        end = m.end()
        if m.group("r"):
            rest = float(m.group("r")) * (1000 if m.group("rs").lower() == "thousand" else 100)
            if rest < scale:
                v += rest  # 3万5千: "3 ten thousand 5 thousand"
            else:
                end = m.end("s")
        v = round(v, 4)
        return rule("number.calqued_scale").finding(
            m.start(), end, fmt(int(v) if float(v).is_integer() else v), 0.9,
            "Chinese 万 (10,000) or 亿 (100 million) read word for word")

    def _times(self, text: str) -> Iterator[Finding]:
        rev, at, digit = self._rev, self._at, self._has_digit
        why = "点/分 read word for word"
        for m in scan.windowed(CALQUED_TIME_RE, at["time"], text, rev, _TIME_WINDOW, digit):
            g = "h" if m.group("h") else "h2"
            h, mi = int(m.group(g)), int(m.group("mi" if g == "h" else "mi2"))
            if h > 24 or mi >= 60 or _DURATION_AFTER_RE.match(text, m.end()):
                continue
            if m.group("hours") and not (_CLOCK_CONTEXT_RE.match(text, m.end())
                                         or _AT_OPENS_RE.search(text, max(0, m.start() - 8), m.start())):
                continue
            prev = _PREV_WORD_RE.search(text, max(0, m.start() - 20), m.start())
            if prev and prev.group("w").lower() in _SCORE_VERBS:
                continue  # "rose 12 points 5 minutes": points scored
            yield rule("number.calqued_time").finding(m.start(), m.end(), f"{h}:{mi:02d}", 0.85, why)
        for m in scan.windowed(POINTS_OF_DAY_RE, at["time"], text, rev, _TIME_WINDOW, digit):
            h, d = int(m.group("h")), m.group("d").lower()
            if not 1 <= h <= 12 and not (d != "morning" and 13 <= h <= 23):
                continue
            if d == "morning":
                sugg = f"{h} a.m."
            else:
                sugg = f"{h - 12 if h > 12 else h} p.m."
            yield rule("number.calqued_time").finding(m.start(), m.end(), sugg, 0.8, why)
        for m in scan.windowed(MERIDIEM_24_RE, at["meridiem"], text, rev, _CLOCK_WINDOW, digit):
            h, pm = int(m.group("h")), "p" in m.group()[5:].lower()
            yield rule("number.calqued_time").finding(
                m.start(), m.end(), f"{h - 12}:{m.group('mi')} p.m." if pm else f"{h}:{m.group('mi')}", 0.8,
                "a 24-hour clock time with a.m. or p.m.: 15:15 is 3:15 p.m.")
        for m in scan.windowed(SPACED_CLOCK_RE, at["clock"], text, rev, _CLOCK_WINDOW, digit):
            g = "h" if m.group("h") else "h2"
            mi = m.group("mi" if g == "h" else "mi2")
            yield rule("number.calqued_time").finding(
                m.start(g), m.end(), f"{int(m.group(g))}:{mi}", 0.75, "a blank after the colon of a clock time")
