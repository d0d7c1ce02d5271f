"""A decoded document and what the segmenter knows about it.

Everything here is computed lazily and once: a detector that needs sentences,
script runs or Chinese words asks the document, and the next detector gets the
same objects for free. Nothing here changes the text, so every offset a
detector derives from it indexes the text as read.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property
from typing import List

from .scripts import Run, count_script_units, han_chars, language_of, script_runs
from .segment import Segment, segment


@dataclass
class Document:
    doc: str
    text: str
    encoding: str = "utf-8"
    format: str = "text"
    #: For a bilingual file (XLIFF, TMX, PO ...), its units (``formats.Unit``:
    #: id, source, target, and where the target lies in ``text``).
    units: tuple = ()
    #: For a bilingual file, its ``(source, target)`` languages (primary
    #: subtags, ``""`` where unknown): see ``formats.language_pair``.
    languages: tuple = ("", "")

    @cached_property
    def segments(self) -> List[Segment]:
        return segment(self.text)

    @cached_property
    def language(self) -> str:
        """``en``, ``zh`` or ``mixed``: see ``scripts.classify_language``."""
        return language_of(*self.script_counts)

    @cached_property
    def variant(self) -> str:
        """``traditional``, ``simplified``, ``mixed`` or ``""`` (no Chinese):
        see ``variant.classify_variant`` (OpenCC, loaded on first use)."""
        from .variant import variant_of_han

        return variant_of_han(self.han_text)

    @cached_property
    def han_text(self) -> str:
        """The Han characters of the text, in order (see ``scripts.HAN``)."""
        return han_chars(self.text)

    @cached_property
    def script_counts(self) -> tuple[int, int]:
        return count_script_units(self.text, self.han_text)

    @cached_property
    def runs(self) -> List[List[Run]]:
        """Script runs of each segment, by segment index."""
        return [script_runs(self.text, s.start, s.end) for s in self.segments]

    @cached_property
    def latin_spans(self) -> List[tuple[int, int]]:
        """``(start, end)`` of the Latin-script runs of every segment (the
        English the garbled checks read), in order."""
        return [(r.start, r.end) for runs in self.runs for r in runs if r.script == "latin"]

    @cached_property
    def latin_texts(self) -> List[str]:
        """The text of each of ``latin_spans``."""
        return [self.text[a:b] for a, b in self.latin_spans]

    @cached_property
    def _starts(self) -> List[int]:
        return [s.start for s in self.segments]

    def segment_at(self, offset: int) -> int:
        """Index of the segment holding ``offset`` (or the one before a gap)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def words(self, start: int, end: int) -> List[tuple[int, int]]:
        """Chinese word spans in ``text[start:end]`` (jieba, loaded on first use)."""
        from .zhwords import tokenize

        return [(start + a, start + b) for a, b in tokenize(self.text[start:end])]
