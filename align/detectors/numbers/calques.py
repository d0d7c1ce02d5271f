"""Numbers read word for word, one rule each: ``number.calqued_year``
("2020 year"), ``number.calqued_scale`` ("3.5 ten thousand"),
``number.calqued_time`` ("9 points 30 minutes") and
``number.cardinal_ordinal`` ("Fourteen Five", "the 19 National Congress")."""
from __future__ import annotations

import re
from typing import Iterator

from ...core import recache
from ...core.findings import Finding
from ...core.rules import rule
from ...text.numerals import ORDINALS
from . import scan
from .values import EVENT, SPELLED, fmt, ordinal, value

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
CARDINAL_ORDINAL_RE = recache.compile(
    rf"\bthe[ \t]+(?P<n>\d{{1,3}}|{SPELLED})[ \t]+(?={EVENT}\b)"
    rf"|\b(?:Party|CPC)['’]s[ \t]+(?P<n2>\d{{1,2}})(?=[ \t]+[a-z])", re.I)
# The characters these patterns (and their lookarounds) are made of around
# their anchor words; see ``scan.windowed``.
_SCALE_WINDOW = re.compile(r"[\w \t.,-]*")
_TIME_WINDOW = re.compile(r"[\w \t'’]*")
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
        for m in scan.windowed(CALQUED_SCALE_RE, at["scale"], text, rev, _SCALE_WINDOW, digit):
            n = float(m.group("n"))
            scale = 10**4 if "thousand" in m.group("s").lower() or "10,000" in m.group("s") else 10**8
            v = round(n * scale, 4)
            yield rule("number.calqued_scale").finding(
                m.start(), m.end(), fmt(int(v) if float(v).is_integer() else v), 0.9,
                "Chinese 万 (10,000) or 亿 (100 million) read word for word")
        for m in scan.windowed(CALQUED_TIME_RE, at["time"], text, rev, _TIME_WINDOW, digit):
            h, mi = int(m.group("h")), int(m.group("mi"))
            if h <= 24 and mi < 60:
                yield rule("number.calqued_time").finding(m.start(), m.end(), f"{h}:{mi:02d}", 0.85,
                                                          "点/分 read word for word")
        for m in scan.windowed(FIVE_YEAR_RE, at["five"], text, rev, _FIVE_WINDOW, number):
            n = value(m.group("n").lower())
            if n:
                yield rule("number.cardinal_ordinal").finding(
                    m.start(), m.end(), f"{ordinal(n)} Five-Year Plan", 0.8,
                    "十N五: the Nth Five-Year Plan")
        for m in scan.windowed(CARDINAL_ORDINAL_RE, at["event"], text, rev, _EVENT_WINDOW, number):
            g = "n" if m.group("n") else "n2"
            n = value(m.group(g))
            if not n or n > 200 or m.group(g).lower() in ORDINALS:
                continue
            yield rule("number.cardinal_ordinal").finding(
                m.start(g), m.end(g), ordinal(n), 0.8 if g == "n" else 0.5,
                "a cardinal where the ordinal is meant (二十大 = the 20th Congress)")
