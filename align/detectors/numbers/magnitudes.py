"""Chinese magnitudes and approximations read word for word:
``number.calqued_scale`` for 万/亿 regrouped into English scale words with an
"and" ("9.17万" -> "91 thousand and 700") and ``number.calqued_approx`` for
多 ("200多个" -> "more than and 200", "200 many").

English writes 91,700 and "more than 200": a scale word followed by "and"
and a smaller number, or "than and", only arise when MT converts the
Chinese unit and joins the parts as the Chinese reads them.
"""
from __future__ import annotations

import re
from typing import Iterator

from ...core.findings import Finding
from ...core.rules import rule
from . import scan
from .values import fmt, year_leads

_SCALES = {"hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9}
# "91 thousand and 700", "91 thousand 700", "1 million and 250 thousand",
# "12 thousand 3 hundred" (9.17万, 125万, 1.23万 regrouped); read in windows
# around the scale words.
_AND_RE = re.compile(
    r"(?P<s>thousand|million|billion)[ \t]+(?P<and>and[ \t]+)?(?P<m>\d{1,3}(?:\.\d+)?)"
    r"(?:[ \t]+(?P<s2>thousand|million|hundred)(?![\w-]))?(?![\w.,%-])")
_BEFORE_RE = re.compile(r"(?<![\w.,-])(?P<n>\d+(?:\.\d+)?)[ \t]+$")
# A range or a list, not a composite number: "between 5 thousand and 700".
_RANGE_WORD_RE = re.compile(r"\b(?:between|from)[ \t]+$", re.I)
# 多 after the number, put before it with the "and" of the Chinese reading:
# "more than and 200"; or left after it as "many": "200 many people". The
# words around "and" are joined by one space, as the anchor words are.
# Case-blind, as the anchors are: headlines capitalize it ("More Than And 200").
_THAN_AND_RE = re.compile(
    r"(?<![\w-])(?P<w>more|over|above)[ \t]+(?P<than>than) and[ \t]+(?P<n>\d[\d,.]*\d|\d)(?![\w-])"
    r"|(?<![\w-])(?P<w2>more|over|above) and[ \t]+(?P<n2>\d[\d,.]*\d|\d)(?![\w-])", re.I)
# "200 many people", "number 500 many."; 十几 "10 several counties" (几 after
# a round ten).
_MANY_RE = re.compile(
    r"(?<![\w.,-])(?P<n>\d[\d,]*)[ \t]+many(?:[ \t]+(?=[a-z])|(?=[ \t]*[.,;!?]))"
    r"|(?<![\w.,-])(?P<n2>[1-9]\d*0)[ \t]+several[ \t]+(?=[a-z])")
_NUM_WINDOW = re.compile(r"[\w \t.,-]*")
_HOW_RE = re.compile(r"\b(?:how|so|too|as)[ \t]+$", re.I)


class MagnitudeRules:
    """The 万/亿 and 多 rules of ``Numbers``."""

    def _magnitudes(self, text: str) -> Iterator[Finding]:
        rev = self._rev
        at = self._at
        for m in scan.windowed(_AND_RE, at["scale_and"], text, rev, _NUM_WINDOW, self._has_digit):
            scale = _SCALES[m.group("s")]
            b = _BEFORE_RE.search(text, max(0, m.start() - 24), m.start())
            if not b:
                continue
            if _RANGE_WORD_RE.search(text, max(0, b.start() - 12), b.start()):
                continue
            rest = float(m.group("m")) * (_SCALES[m.group("s2")] if m.group("s2") else 1)
            if rest >= scale:
                continue  # "5 thousand and 10 thousand": two numbers
            v = float(b.group("n")) * scale + rest
            v = int(v) if v.is_integer() else v
            yield rule("number.calqued_scale").finding(
                b.start(), m.end(), fmt(v), 0.85 if m.group("and") else 0.75,
                "a Chinese 万/亿 amount regrouped into English scale words joined by 'and'")
        anchors = sorted(at["than_and"])
        if anchors:
            for m in scan.windowed(_THAN_AND_RE, anchors, text, rev, _NUM_WINDOW, self._has_digit):
                n = m.group("n") or m.group("n2")
                w = (m.group("w") or m.group("w2"))
                # "than" as the page cases it (a headline's "THAN").
                than = m.group("than") or ("THAN" if w.isupper() else "than")
                sugg = f"{w} {than} {n}" if w.lower() == "more" else f"{w} {n}"
                yield rule("number.calqued_approx").finding(
                    m.start(), m.end(), sugg, 0.85 if m.group("n") else 0.7,
                    "多 (more than) read with the 'and' of the Chinese word order")
        anchors = sorted(at["many"] + at["several"])
        if anchors:
            for m in scan.windowed(_MANY_RE, anchors, text, rev, _NUM_WINDOW, self._has_digit):
                g = "n" if m.group("n") else "n2"
                if _HOW_RE.search(text, max(0, m.start() - 6), m.start()) \
                        or year_leads(text, m.start(), m.group(g)):
                    continue  # "how many", "In 2019 many firms"
                yield rule("number.calqued_approx").finding(
                    m.start(), m.end(g) + len(text[m.end(g):m.end()].rstrip()),
                    f"more than {m.group(g)}", 0.7, "多/几 (more than) read as 'many' or 'several' after the number")
