"""Chinese left untranslated in an English page.

The segmenter already cut each sentence into script runs; a Han run is text
the translation skipped. Consecutive Han runs of one paragraph that only
whitespace separates (a Chinese passage of several sentences) are one finding,
so a reviewer sees the passage once. A page that is Chinese as a whole is one
finding over the whole text instead of hundreds of spans.

Han characters that a wrong decoding made (``杩涘叆``, ``group鈥檚``) are no
Chinese: the encoding check supersedes this rule where its findings cover a
run whole (``Detector.supersede_by``), so mojibake is reported once.
"""
from __future__ import annotations

from typing import Iterator

from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from .base import Detector, register

_HAN_RUN, _DOCUMENT = rule("untranslated.han_run"), rule("document_language")


@register
class Untranslated(Detector):
    name = "untranslated"
    description = "Chinese text left in an English document (or a whole page left in Chinese)"
    rules = ("untranslated.han_run", "document_language")

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if doc.language == "zh":
            yield _DOCUMENT.finding(0, len(text), note="the whole document is in Chinese")
            return
        # The Han runs of a paragraph that only whitespace separates are one
        # span, [start, end) in paragraph ``para``.
        start = end = para = None
        category, rule_id, severity = _HAN_RUN.category, _HAN_RUN.id, _HAN_RUN.severity
        for seg, runs in zip(doc.segments, doc.runs):
            for run in runs:
                if run[2] != "zh":
                    continue
                if start is not None and para == seg[3] and not text[end:run[0]].strip():
                    end = run[1]
                    continue
                if start is not None:
                    yield Finding(start, end, category, rule_id, severity, "", 1.0, _NOTE)
                start, end, para = run[0], run[1], seg[3]
        if start is not None:
            yield Finding(start, end, category, rule_id, severity, "", 1.0, _NOTE)


_NOTE = "Chinese left untranslated"
