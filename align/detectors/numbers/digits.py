"""Digits glued to words or split apart: ``number.glued_digits`` ("May5In",
"hall.2019The") and ``number.split_digits`` ("2 0 2 0", "in 20 20")."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, List

from ...core.findings import Finding
from ...core.rules import rule
from ...resources import wordlists
from ...resources.wordfreqs import zipf
from . import scan
from .values import FULL_MONTHS, MONTH_NAMES, YEAR_DIGITS_RE, counts_after, ordinal

# Digits glued to a word before or after: "May5In", "hall.2019The", "In2020".
GLUED_RE = re.compile(
    r"(?P<pre>(?<![A-Za-z0-9/@.\-_])[A-Za-z]+(?P<punct>[.,;:])?)?"
    r"(?<!\d)(?P<num>\d+(?:[.,]\d+)*)"
    r"(?P<post>[A-Za-z]+)?")
# A digit that touches a letter, directly or across one mark (every glued
# number has one), or that a blank parts from the next digit (every split
# number has one), or that a blank parts from its ordinal suffix: one scan
# finds the anchors of all, and a page has far fewer of them than digits.
_DIGIT_ANCHOR_RE = re.compile(
    r"\d(?:(?<=[A-Za-z]\d)|(?<=[A-Za-z][.,;:]\d)|(?=[A-Za-z])|(?=[ \t]\d)|(?=[ \t](?:st|nd|rd|th)\b))")
_GLUED_WINDOW = re.compile(r"[A-Za-z.,;:\d]*")
# Units, suffixes and codes that legitimately touch digits; words that name
# what a number numbers and are written against it; words MT glues to a
# following number (``resources/data/number_*.txt``).
_UNITS = wordlists.wordset("number_units")
_GLUE_STOP = wordlists.wordset("number_glue_labels")
_GLUE_WORDS = wordlists.wordset("number_glue_words")

# Spaced-apart digits: "2 0 2 0", "in 20 20", "April 2 4".
# A point or comma after the last digit ends a sentence or clause ("in 2 0 2
# 3.", "In 20 20, the"); only before a digit is it part of the number.
SPLIT_DIGITS_RE = re.compile(r"(?<![\d.,])(?P<a>\d)[ \t](?P<b>\d)[ \t](?P<c>\d)[ \t](?P<d>\d)(?![\d]|[.,]\d|[ \t]\d)")
SPLIT_YEAR_RE = re.compile(
    r"\b(?P<pre>in|since|of|from|until|till|by|before|after|year|early|late|end)[ \t]+"
    r"(?P<a>19|20)[ \t](?P<b>\d\d)(?![\d%-]|[.,]\d|[ \t]\d)", re.I)
SPLIT_DAY_RE = re.compile(rf"\b(?P<mn>{FULL_MONTHS})[ \t]+(?P<a>[1-3])[ \t](?P<b>\d)(?![\d%-]|[.,]\d|[ \t]\d)")
# A number cut in two in running prose, between words: "Guangzhou 202 1
# and", "the 52 1 epidemic" (2021, and 5·21 = May 21 with its dot lost).
# The second part is one digit; a word stands on either side, or a line
# ends after it (a headline).
SPLIT_PAIR_RE = re.compile(
    r"(?<=[A-Za-z][ \t])(?P<a>[1-9]\d{1,2})[ \t](?P<b>\d)(?=[ \t]+[A-Za-z]|[ \t]*(?:[?,;]|\.(?!\d)|\n|\Z))")
# An ordinal suffix a blank apart from its number: "May 15 th", "the 20 th
# National Congress" (the suffix must be the number's: "42 st" is a street).
SPACED_SUFFIX_RE = re.compile(r"(?<![\w.,])(?P<n>\d{1,4})[ \t](?P<s>st|nd|rd|th)\b(?![\w'’-])")
_MONTH_BEFORE_RE = re.compile(rf"\b(?:{FULL_MONTHS})[ \t]+$")
_UNIT_AFTER_RE = re.compile(r"[ \t]+(?P<w>[A-Za-z]+)")
_PREV_WORD_RE = re.compile(r"(?P<w>[A-Za-z]+)[ \t]+$")
# Words that a number follows as its label in running text (beside the
# glued-digit labels).
_LABELS = {"page", "pages", "chapter", "channel", "table", "figure", "article", "section", "number",
           "item", "bus", "platform", "gate", "act", "scene", "verse", "psalm", "score", "scored",
           "was", "were", "is", "are", "by", "to", "at"}
# The tail of an ISO date or a clock time ("2019-09-24Views:98",
# "time:2021-02-18"): page metadata whose fields ran together, not a number
# the translation damaged.
_STAMP_BEFORE_RE = re.compile(r"\d[-:/]$")
_ORDINAL_SUFFIX_RE = re.compile(r"(?:st|nd|rd|th)\w*")
_SPLIT_WINDOW = re.compile(r"[\w \t]*")


@lru_cache(maxsize=8192)
def _common(word: str) -> bool:
    return zipf(word.lower()) >= 3.3


# A plus sign inside a decimal number: an MT engine's artefact in place of a
# digit (65.438+04.6%, where the source had 14.6%: "65.438+0" stands for 1).
# No number is written so; a sum has blanks or stands between whole numbers.
PLUS_RE = re.compile(r"(?<![\w.,+])\d{1,3}(?:,\d{3})*[.,]\d+\+\d[\d.,]*\d(?:%|\b)")
_ARTEFACT_ONE = re.compile(r"65[.,]438\+0")


class DigitRules:
    """The glued and split digit rules of ``Numbers``."""

    def _digits(self, text: str) -> Iterator[Finding]:
        digits = [m.start() for m in _DIGIT_ANCHOR_RE.finditer(text)]
        if digits:
            yield from self._glued(text, digits)
            yield from self._split(text, digits, bool(self._at["month_name"]))
        if "+" in text:
            yield from self._plus(text)

    def _plus(self, text: str) -> Iterator[Finding]:
        for m in PLUS_RE.finditer(text):
            raw = m.group()
            fixed = _ARTEFACT_ONE.sub("1", raw)
            yield rule("number.plus_artefact").finding(
                m.start(), m.end(), fixed if fixed != raw and "+" not in fixed else None, 0.8,
                "a plus sign inside a number: machine translation's artefact for a digit")

    def _glued(self, text, anchors: List[int]) -> Iterator[Finding]:
        # A match with neither a word before nor one after is skipped below,
        # so only the runs where a digit touches a letter need reading; a
        # run around a split-digit anchor holds no such match.
        for m in scan.windowed(GLUED_RE, anchors, text, self._rev, _GLUED_WINDOW):
            pre, punct, num, post = m.group("pre"), m.group("punct"), m.group("num"), m.group("post")
            if not pre and not post:
                continue
            if _STAMP_BEFORE_RE.search(text, max(0, m.start("num") - 2), m.start("num")) \
                    or (punct == ":" and text[m.end("num"):m.end("num") + 1] in ("-", ":", "/")):
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
            yearish = bool(YEAR_DIGITS_RE.fullmatch(num))
            if word:
                if word.capitalize() in MONTH_NAMES and not punct and len(num) <= 2 and 1 <= int(num) <= 31:
                    glue_pre = month = True
                elif word.lower() in _GLUE_STOP:
                    glue_pre = False
                elif punct:
                    glue_pre = (word.islower() and len(word) >= 3 and _common(word)
                                and (yearish or bool(post and post[0].isupper())) and punct in ".;:")
                elif (word.islower() or word.istitle()) and len(word) >= 2 and _common(word):
                    glue_pre = (yearish or bool(post and post[0].isupper())
                                or word.lower() in _GLUE_WORDS)
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
            # A glued year or day is a calque of the date; other glued
            # digits, page furniture run together.
            yield rule("number.glued_digits").finding(
                start, end, " ".join(parts), 0.9 if (glue_pre and glue_post) or month else 0.75,
                "digits glued to the words around them", severity="major" if severe else None)

    def _split(self, text, anchors: List[int], month_name: bool = True) -> Iterator[Finding]:
        suffixed = [a for a in anchors if text[a + 1:a + 2] in (" ", "\t") and text[a + 2:a + 3] in "nrst"]
        for m in scan.windowed(SPACED_SUFFIX_RE, suffixed, text, self._rev, _SPLIT_WINDOW) if suffixed else ():
            n = int(m.group("n"))
            if n and ordinal(n).endswith(m.group("s")):
                # After a month the day is a cardinal in news style ("May 15").
                month = _MONTH_BEFORE_RE.search(text, max(0, m.start() - 12), m.start())
                yield rule("number.split_digits").finding(
                    m.start(), m.end(), str(n) if month else ordinal(n), 0.8,
                    "an ordinal suffix split from its number")
        # Every split number has two digits a blank apart.
        gaps = [a for a in anchors if text[a + 1:a + 2] in (" ", "\t") and text[a + 2:a + 3].isdecimal()]
        if not gaps:
            return
        for m in scan.windowed(SPLIT_DIGITS_RE, gaps, text, self._rev):
            v = int("".join(m.group(k) for k in "abcd"))
            if 1900 <= v <= 2099:
                yield rule("number.split_digits").finding(m.start(), m.end(), str(v), 0.85,
                                                          "a year with its digits spaced apart")
        for m in scan.windowed(SPLIT_YEAR_RE, gaps, text, self._rev):
            yield rule("number.split_digits").finding(m.start("a"), m.end("b"),
                                                      m.group("a") + m.group("b"), 0.7,
                                                      "a year split in two")
        for m in scan.windowed(SPLIT_PAIR_RE, gaps, text, self._rev, _SPLIT_WINDOW):
            f = self._split_pair(text, m)
            if f:
                yield f
        for m in scan.windowed(SPLIT_DAY_RE, gaps, text, self._rev) if month_name else ():
            day = int(m.group("a") + m.group("b"))
            if 10 <= day <= 31:
                yield rule("number.split_digits").finding(m.start(), m.end(),
                                                          f"{m.group('mn')} {day}", 0.6,
                                                          "a day with its digits spaced apart")

    def _split_pair(self, text, m):
        a, b = m.group("a"), m.group("b")
        nxt = _UNIT_AFTER_RE.match(text, m.end())
        w = nxt.group("w").lower() if nxt else ""
        if w in _UNITS or (w.endswith("s") and not w.endswith("ss") and len(w) > 3) \
                or counts_after(text, m.end()):
            return None  # "5 2 kg", "Chapter 12 3 pages", "12 5 star hotels": a number, then a count
        prev = _PREV_WORD_RE.search(text, max(0, m.start() - 20), m.start())
        if prev and (prev.group("w").lower() in _GLUE_STOP or prev.group("w").lower() in _LABELS):
            return None  # "page 12 3", "Channel 4 2": a label's number, then another
        v = int(a + b)
        if 1900 <= v <= 2099 and len(a) == 3:
            return rule("number.split_digits").finding(m.start(), m.end(), str(v), 0.75,
                                                       "a year with its last digit split off")
        mo, day = int(a[:-1]), int(a[-1] + b)
        if len(a) == 2 and 1 <= mo <= 12 and 10 <= day <= 31:
            return rule("number.split_digits").finding(
                m.start(), m.end(), f"{MONTH_NAMES[mo - 1]} {day}", 0.55,
                "a date named the Chinese way (5·21: May 21) with its dot lost and its digits split")
        return None
