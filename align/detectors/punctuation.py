"""Punctuation that machine translation carried over from Chinese typography.

Chinese sets its marks full width with no space after them; a sentence-level
MT system often keeps them. Three patterns follow, each checked only in
English text (a Chinese clause left in keeps its own punctuation, and the
untranslated check reports it):

* a full-width mark right after an English word or number (``conference。``,
  ``measures，``): the ASCII mark is the suggestion, with a space when a word
  follows straight away;
* an ASCII comma, semicolon, colon, full stop, ``!`` or ``?`` glued to the
  next word (``that,At present``): the mark plus a space. Numbers (``1,049``,
  ``3.5``), abbreviations (``U.S.``), domains and times never match because
  the next character must be a letter and, for a full stop, a capital after a
  lower-case word;
* a space inside quotation marks (``" Eight decisive battles "``): quotes are
  paired in order inside a paragraph, and a pair with a space on both inner
  sides is suggested without them.
"""
from __future__ import annotations

import re
from typing import Iterator

from ..core import recache
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from ..text.scripts import HAN_RE
from .base import Detector, register

_FULLWIDTH = {
    "\u3002": ".", "\uff0c": ",", "\uff1b": ";", "\uff1a": ":", "\uff01": "!",
    "\uff1f": "?", "\u3001": ",", "\uff08": "(", "\uff09": ")",
}
_TO_ASCII = str.maketrans(_FULLWIDTH)
# Every pattern below starts with the mark it is about and looks back only
# after it: a pattern led by a lookbehind is tried at every character, one
# led by a character class lets the regex engine skip to the next candidate
# mark in C. Most pages have few marks, so this is most of the check's speed.
_MARKS = "\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u3001\uff09"
# A run of full-width marks after an English word, a number or a closing
# ASCII mark (the character before its first mark decides).
_FULLWIDTH_AFTER = f"(?<=[A-Za-z0-9)\\]\"'%.\u2019\u201d][{_MARKS}])[{_MARKS}]*"
_FULLWIDTH_RE = re.compile(f"[{_MARKS}]{_FULLWIDTH_AFTER}")
_OPEN_FULLWIDTH_AFTER = "(?:(?<=[A-Za-z0-9,.;:] \uff08)|(?<=[A-Za-z]\uff08)(?=[A-Za-z]))"
_OPEN_FULLWIDTH_RE = re.compile(f"\uff08{_OPEN_FULLWIDTH_AFTER}")
# ASCII marks glued to the next word; the word before has two letters at
# least (``e.g.``, ``U.S.`` stay) and the one after starts a word. Every
# branch wants a letter or an opening quote next, tested first: most marks
# are followed by a space.
_GLUED_AFTER = (
    "(?=[A-Za-z\u201c])"
    "(?:(?<=[a-z]{2}\\.)(?=[A-Z][a-z])"
    "|(?<=[A-Za-z0-9)\"\u201d\u2019][,;])(?=[A-Za-z\u201c])"
    "|(?<=[a-z]{2}[!?])(?=[A-Z][a-z])"
    "|(?<=[a-z]{2}:)(?=[A-Z][a-z]))"
)
_GLUED_RE = re.compile(f"[.,;!?:]{_GLUED_AFTER}")
# The three patterns above in one, read in one pass: each is its first
# character then a part whose lookbehind tests that character again, so the
# part that matches tells which pattern it is. Their first characters are
# disjoint and a match holds no first character of another, so each
# pattern's matches are those it finds alone.
_MARKS_RE = recache.compile(
    f"[{_MARKS}\uff08.,;!?:](?:{_FULLWIDTH_AFTER}(?P<fullwidth>)"
    f"|{_OPEN_FULLWIDTH_AFTER}(?P<open>)|{_GLUED_AFTER}(?P<glued>))")
_URLISH_RE = re.compile(r"https?:|www\.|@|\.(?:com|org|net|gov|cn|edu|html?|php)\b")
_NON_SPACE_RE = re.compile(r"\S*")
# Quotes pair up in order inside a line (a paragraph is a line): one match
# is one pair, the text between holds neither a quote nor a line break.
_QUOTE_PAIR_RE = re.compile('["\u201c\u201d][^"\u201c\u201d\n\r\u2028\u2029]*["\u201c\u201d]')
_QUOTE_MAX = 300
_FULLWIDTH_RULE = rule("punctuation.fullwidth")
_MISSING_SPACE = rule("punctuation.missing_space")
_QUOTE_SPACING = rule("punctuation.quote_spacing")


@register
class Punctuation(Detector):
    name = "punctuation"
    languages = "en"
    description = "Chinese full-width punctuation in English text, marks glued to the next word, spaces inside quotes"
    rules = ("punctuation.fullwidth", "punctuation.missing_space", "punctuation.quote_spacing")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        text = doc.text
        found: dict = {"fullwidth": [], "open": [], "glued": []}
        for m in _MARKS_RE.finditer(text):
            found[m.lastgroup].append(m)
        for m in found["fullwidth"]:
            yield self._fullwidth(text, m.start(), m.end())
        for m in found["open"]:
            yield _FULLWIDTH_RULE.finding(m.start(), m.end(), "(", 0.9,
                                          "Chinese full-width bracket in English text")
        rev = None
        glued = _MISSING_SPACE
        for m in found["glued"]:
            if rev is None:
                rev = text[::-1]
            if _in_url(text, m.start(), rev=rev):
                continue
            # Positional arguments: a dataclass's keyword path costs a third more.
            yield Finding(m.start(), m.end(), glued.category, glued.id, glued.severity,
                          m.group(0) + " ", 0.8, "no space after the punctuation mark")
        yield from self._quotes(text)

    @staticmethod
    def _fullwidth(text: str, start: int, end: int) -> Finding:
        marks = text[start:end]
        before = text[start - 1]
        after = text[end] if end < len(text) else ""
        ascii_marks = marks.translate(_TO_ASCII)
        # ``notified.。``: the English sentence already ends.
        if ascii_marks[0] == "." and before == ".":
            ascii_marks = ascii_marks[1:]
        if after and not after.isspace() and after not in ")]\"'\u201d\u2019.,;:!?":
            ascii_marks += " "
        r = _FULLWIDTH_RULE
        return Finding(start, end, r.category, r.id, r.severity, ascii_marks,
                       0.9, "Chinese full-width punctuation in English text")

    @staticmethod
    def _quotes(text: str) -> Iterator[Finding]:
        for m in _QUOTE_PAIR_RE.finditer(text):
            a, b = m.start(), m.end() - 1
            if b - a > _QUOTE_MAX:
                continue
            inner = text[a + 1:b]
            if (len(inner) < 3 or not inner[0].isspace()
                    or not inner[-1].isspace() or not inner.strip()
                    or HAN_RE.search(inner)):
                continue
            if text[a] == "\u201d" or text[b] == "\u201c":
                continue
            yield _QUOTE_SPACING.finding(a, b + 1, text[a] + inner.strip() + text[b], 0.8,
                                         "spaces inside quotation marks")


def _in_url(text: str, pos: int, reach: int = 80, rev: str = None) -> bool:
    """Whether ``pos`` lies in a web or mail address (the token around it,
    at most ``reach`` characters either side). ``rev`` is ``text[::-1]``:
    the token's part before ``pos`` is read backwards in it."""
    if rev is None:
        rev = text[::-1]
    n = len(text)
    start = pos - (_NON_SPACE_RE.match(rev, n - pos, n - max(0, pos - reach)).end() - (n - pos))
    end = _NON_SPACE_RE.match(text, pos, pos + reach).end()
    return bool(_URLISH_RE.search(text, start, end))
