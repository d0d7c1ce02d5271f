"""Chinese left untranslated in an English page.

The segmenter already cut each sentence into script runs; a Han run is text
the translation skipped. Consecutive Han runs of one paragraph that only
whitespace separates (a Chinese passage of several sentences) are one finding,
so a reviewer sees the passage once. A page that is Chinese as a whole is one
finding over the whole text instead of hundreds of spans.
"""
from __future__ import annotations

from typing import Iterator

from ..document import Document
from ..findings import Finding
from . import Detector, register


@register
class Untranslated(Detector):
    name = "untranslated"
    description = "Chinese text left in an English document (or a whole page left in Chinese)"

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if doc.language == "zh":
            yield Finding(0, len(text), "untranslated", "document_language",
                          severity="critical", confidence=1.0,
                          note="the whole document is in Chinese")
            return
        span = None  # (start, end, paragraph) being extended
        for seg, runs in zip(doc.segments, doc.runs):
            for run in runs:
                if run.script != "zh":
                    continue
                if (span and span[2] == seg.paragraph
                        and not text[span[1]:run.start].strip()):
                    span = (span[0], run.end, span[2])
                    continue
                if span:
                    yield self._finding(span)
                span = (run.start, run.end, seg.paragraph)
        if span:
            yield self._finding(span)

    @staticmethod
    def _finding(span) -> Finding:
        return Finding(span[0], span[1], "untranslated", "untranslated.han_run",
                       severity="major", confidence=1.0,
                       note="Chinese left untranslated")
