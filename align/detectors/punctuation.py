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

from ..document import Document
from ..findings import Finding
from ..scripts import HAN
from ..segment import paragraphs
from . import Detector, register

_FULLWIDTH = {
    "\u3002": ".", "\uff0c": ",", "\uff1b": ";", "\uff1a": ":", "\uff01": "!",
    "\uff1f": "?", "\u3001": ",", "\uff08": "(", "\uff09": ")",
}
# A full-width mark after an English word, a number or a closing ASCII mark.
_FULLWIDTH_RE = re.compile(
    "(?<=[A-Za-z0-9)\\]\"'%.\u2019\u201d])[\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u3001\uff09]+"
)
_OPEN_FULLWIDTH_RE = re.compile("(?<=[A-Za-z0-9,.;:] )\uff08|(?<=[A-Za-z])\uff08(?=[A-Za-z])")
# ASCII marks glued to the next word; the word before has two letters at
# least (``e.g.``, ``U.S.`` stay) and the one after starts a word.
_GLUED_RE = re.compile(
    "(?<=[a-z]{2})\\.(?=[A-Z][a-z])"
    "|(?<=[A-Za-z0-9)\"\u201d\u2019])[,;](?=[A-Za-z\u201c])"
    "|(?<=[a-z]{2})[!?](?=[A-Z][a-z])"
    "|(?<=[a-z]{2}):(?=[A-Z][a-z])"
)
_URLISH_RE = re.compile(r"https?:|www\.|@|\.(?:com|org|net|gov|cn|edu|html?|php)\b")
_SPACE_RE = re.compile(r"\s")
_HAN_RE = re.compile(f"[{HAN}]")
_QUOTE_RE = re.compile('["\u201c\u201d]')
_QUOTE_MAX = 300


@register
class Punctuation(Detector):
    name = "punctuation"
    description = "Chinese full-width punctuation in English text, marks glued to the next word, spaces inside quotes"

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        text = doc.text
        for m in _FULLWIDTH_RE.finditer(text):
            yield self._fullwidth(text, m.start(), m.end())
        for m in _OPEN_FULLWIDTH_RE.finditer(text):
            yield Finding(m.start(), m.end(), "punctuation", "punctuation.fullwidth",
                          severity="minor", suggestion="(", confidence=0.9,
                          note="Chinese full-width bracket in English text")
        for m in _GLUED_RE.finditer(text):
            if _in_url(text, m.start()):
                continue
            yield Finding(m.start(), m.end(), "punctuation", "punctuation.missing_space",
                          severity="minor", suggestion=m.group(0) + " ", confidence=0.8,
                          note="no space after the punctuation mark")
        for s, e in paragraphs(text):
            yield from self._quotes(text, s, e)

    @staticmethod
    def _fullwidth(text: str, start: int, end: int) -> Finding:
        marks = text[start:end]
        before = text[start - 1]
        after = text[end] if end < len(text) else ""
        ascii_marks = "".join(_FULLWIDTH[c] for c in marks)
        # ``notified.。``: the English sentence already ends.
        if ascii_marks[0] == "." and before == ".":
            ascii_marks = ascii_marks[1:]
        if after and not after.isspace() and after not in ")]\"'\u201d\u2019.,;:!?":
            ascii_marks += " "
        return Finding(start, end, "punctuation", "punctuation.fullwidth",
                       severity="minor", suggestion=ascii_marks, confidence=0.9,
                       note="Chinese full-width punctuation in English text")

    @staticmethod
    def _quotes(text: str, start: int, end: int) -> Iterator[Finding]:
        quotes = [m.start() for m in _QUOTE_RE.finditer(text, start, end)]
        for a, b in zip(quotes[0::2], quotes[1::2]):
            inner = text[a + 1:b]
            if (b - a > _QUOTE_MAX or len(inner) < 3 or not inner[0].isspace()
                    or not inner[-1].isspace() or not inner.strip()
                    or _HAN_RE.search(inner)):
                continue
            if text[a] == "\u201d" or text[b] == "\u201c":
                continue
            yield Finding(a, b + 1, "punctuation", "punctuation.quote_spacing",
                          severity="minor", suggestion=text[a] + inner.strip() + text[b],
                          confidence=0.8, note="spaces inside quotation marks")


def _in_url(text: str, pos: int, reach: int = 80) -> bool:
    """Whether ``pos`` lies in a web or mail address (the token around it)."""
    left = text[max(0, pos - reach):pos]
    right = text[pos:pos + reach]
    spaces = list(_SPACE_RE.finditer(left))
    left = left[spaces[-1].end():] if spaces else left
    m = _SPACE_RE.search(right)
    token = left + (right[:m.start()] if m else right)
    return bool(_URLISH_RE.search(token))
