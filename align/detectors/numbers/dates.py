"""Dates read word for word: ``number.calqued_date`` ("Four month
Twenty-four", "the fourth month") and ``number.spelled_date`` ("April
twenty-fourth")."""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ...core import recache
from ...core.findings import Finding
from ...core.rules import rule
from ...text.numerals import ORDINALS
from . import scan
from .values import FULL_MONTHS, MONTH_NAMES, NEXT_WORD, NUM, NUMW, SPELLED, value

# N月 read word for word: "Four month Twenty-four", "4 month 24 day",
# "2020 year 4 month 24 day". A singular "month" after a bare number. 日
# may come out as its other senses too: "8 month 16 Japan", "4 month 24 sun";
# the digits of 10月-12月 may be split ("1 1 month").
# A range joins two: "3 month 1 day-3 month 5 day" (a dash between days).
CALQUED_DATE_RE = recache.compile(
    rf"(?:(?<![\w-])|(?<=day[-–~]))(?:(?P<y>\d{{4}}|{SPELLED})[ \t]+year[ \t]+)?"
    rf"(?P<m>1[ \t][0-2]|{NUM})[ \t]+month(?![\w-])"
    rf"(?:[ \t]*(?P<d>\d{{1,2}}|{SPELLED})(?:[ \t]*(?:day|date|number|th)\b(?=[-–~]\d)"
    rf"|(?:[ \t]*(?:day|date|number|th|Japan|sun)\b)?(?![\w-])))?",
    re.I)
# "the fourth month" (第四个月 / 四月) followed by a day, or alone.
ORDINAL_MONTH_RE = recache.compile(
    rf"\bthe[ \t]+(?P<m>{NUMW})[ \t]+month(?![\w-])"
    rf"(?:[ \t]+(?:the[ \t]+)?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?|{SPELLED})(?:[ \t]+day)?\b)?",
    re.I)
# A spelled day after a month name, or "the twenty-fourth of April".
SPELLED_DATE_RE = recache.compile(
    rf"\b(?P<mn>{FULL_MONTHS})[ \t]+(?:the[ \t]+)?(?P<d>{SPELLED})(?![\w-])"
    rf"|\bthe[ \t]+(?P<d2>{SPELLED})[ \t]+of[ \t]+(?P<mn2>{FULL_MONTHS})\b")
# 2017年3月5日 kept in Chinese order: "2017 March 5th", "2017 March 5".
DATE_ORDER_RE = re.compile(
    rf"(?<![\w.,:/-])(?P<y>1[89]\d\d|20\d\d)[ \t]+(?P<mn>{FULL_MONTHS})[ \t]+"
    r"(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\w.,:/-]\d|\w)")
# 2017年3月 with no day, after a preposition and closing the phrase:
# "in 2017 March, the school ..." ("the 2017 March report" is English).
YEAR_MONTH_RE = re.compile(
    rf"\b(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom)[ \t]+(?P<y>1[89]\d\d|20\d\d)[ \t]+(?P<mn>{FULL_MONTHS})"
    r"(?=[ \t]*[,.;])")
# 2月28日下午 with the month cut off before the English "on the afternoon of":
# "2 on the afternoon of 28 August" at the start of a sentence.
_CUT_MONTH_RE = re.compile(r"(?:^|[.!?\n])[ \t]*(?P<m>1[0-2]|[1-9])[ \t]+(?:on|in)[ \t]+$")
_DAY_DIGIT_RE = re.compile(r"[ \t]*\d")
_DATE_ORDER_WINDOW = re.compile(r"[\w \t.,:/-]*")
_OF_AFTER_RE = re.compile(r"[ \t]+of\b")
_OF_BEFORE_RE = re.compile(r"\bof[ \t]+$")
_WORD_SPLIT_RE = re.compile(r"[\s-]+")
_NOT_A_DAY_RE = re.compile(r"[ \t]*(?:years?|percent|per|of)\b")


class DateRules:
    """The date rules of ``Numbers``."""

    def _dates(self, text: str) -> Iterator[Finding]:
        rev = self._rev
        at = self._at
        month_at = at["month"]
        if month_at:
            for m in scan.windowed(CALQUED_DATE_RE, month_at, text, rev, need=self._has_number):
                f = self._calqued_date(text, m)
                if f:
                    yield f
            for m in scan.windowed(ORDINAL_MONTH_RE, month_at, text, rev, need=self._has_word):
                f = self._ordinal_month(text, m)
                if f:
                    yield f
        if at["month_name"]:
            for m in scan.windowed(DATE_ORDER_RE, at["month_name"], text, rev, _DATE_ORDER_WINDOW,
                                   need=self._has_digit):
                yield rule("number.date_order").finding(
                    m.start(), m.end(), f"{m.group('mn')} {int(m.group('d'))}, {m.group('y')}", 0.85,
                    "a Chinese date (N年N月N日) kept in year-month-day order")
            for m in scan.windowed(YEAR_MONTH_RE, at["month_name"], text, rev, _DATE_ORDER_WINDOW,
                                   need=self._has_digit):
                yield rule("number.date_order").finding(
                    m.start("y"), m.end(), f"{m.group('mn')} {m.group('y')}", 0.6,
                    "a Chinese month (N年N月) kept in year-month order")
        for a in at["time_of_day"]:
            # The month follows a sentence end (or the text's start, where
            # ``^`` alone matches), so the window cuts no number.
            m = _CUT_MONTH_RE.search(text, max(0, a - 10), a)
            if m and _DAY_DIGIT_RE.match(text, text.index(" of", a) + 3):
                mo = int(m.group("m"))
                yield rule("number.date_order").finding(
                    m.start("m"), m.end("m"), MONTH_NAMES[mo - 1], 0.6,
                    "the month of a Chinese date (N月N日上午/下午) cut off before the English time of day")
        for m in scan.windowed(SPELLED_DATE_RE, at["month_name"], text, rev, need=self._has_word):
            f = self._spelled_date(text, m)
            if f:
                yield f

    def _calqued_date(self, text, m) -> Optional[Finding]:
        # 11月 with its digits split ("before 1 1 month") reads as one month.
        mo = value(re.sub(r"[ \t]", "", m.group("m")))
        if not mo or not 1 <= mo <= 12:
            return None
        day = value(m.group("d")) if m.group("d") else None
        if m.group("d") and (not day or not 1 <= day <= 31):
            return None
        year = value(m.group("y")) if m.group("y") else None
        end = m.end() if m.group("d") else m.end("m") + len(text[m.end("m"):m.end()].rstrip())
        start = m.start()
        if day is None:
            # "a four month period", "one month later": a duration, not a date.
            before = text[max(0, start - 12):start].lower().split()
            nxt = NEXT_WORD.match(text, end)
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
        return rule("number.calqued_date").finding(start, end, sugg, conf,
                                                   "Chinese date (N月N日) read word for word")

    def _ordinal_month(self, text, m) -> Optional[Finding]:
        w = m.group("m").lower()
        mo = ORDINALS.get(w)
        if not mo or not 1 <= mo <= 12:
            return None
        day = value(m.group("d")) if m.group("d") else None
        if day is not None and 1 <= day <= 31:
            return rule("number.calqued_date").finding(
                m.start(), m.end(), f"{MONTH_NAMES[mo - 1]} {day}", 0.85,
                "Chinese date (N月N日) read as 'the Nth month'")
        # "the fourth month" alone: the lunar calendar in prose, or 四月 in news.
        window = text[max(0, m.start() - 60):m.end() + 60].lower()
        if "lunar" in window or _OF_AFTER_RE.match(text[m.end("m") + 6:m.end("m") + 10]) \
                or _OF_BEFORE_RE.search(text[max(0, m.start() - 6):m.start()]):
            return None  # "the fourth month of ...", "the fifteenth of the third month"
        if self.config.number_style != "news":
            return None
        end = text.index("month", m.end("m")) + len("month")
        return rule("number.calqued_date").finding(
            m.start(), end, MONTH_NAMES[mo - 1], 0.4,
            "'the Nth month' may be 四月 (April) read word for word")

    def _spelled_date(self, text, m) -> Optional[Finding]:
        if self.config.number_style != "news":
            return None
        mn, g = (m.group("mn"), "d") if m.group("mn") else (m.group("mn2"), "d2")
        d = m.group(g)
        day = value(d)
        if not day or not 1 <= day <= 31:
            return None
        # "May Fourth Movement", "August First": names of days.
        if d[0].isupper() and _WORD_SPLIT_RE.split(d)[-1].lower() in ORDINALS:
            return None
        if m.group("mn") and _NOT_A_DAY_RE.match(text[m.end():m.end() + 10]):
            return None
        return rule("number.spelled_date").finding(m.start(), m.end(), f"{mn} {day}", 0.8,
                                                   "day of a date spelled out")
