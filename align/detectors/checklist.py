"""User checklists over the units of bilingual files (``read.checklists``).

Each entry's findings carry its own rule id (``checklist.ID``) and severity,
in the category ``checklist``; the catalogue holds the family
(``checklist.match``), the ids come from the files named in the settings.
"""
from __future__ import annotations

from typing import Iterator

from ..core.findings import Finding
from ..text.document import Document
from ._bilingual import source_extra, translated
from .base import Detector, register


@register
class Checklist(Detector):
    name = "checklist"
    languages = "any"
    description = ("bilingual files: the user's checklists (--checklist FILE: regular "
                   "expressions over source and target, own ids and severities)")
    rules = ("checklist.match",)

    def __init__(self, config=None):
        from ..core.config import DEFAULT

        super().__init__(config or DEFAULT)
        from ..read.checklists import load

        self.entries = load(tuple(self.config.checklists))
        # The rules this instance reports: one per entry of its checklists.
        self.declared = frozenset(e.rule for e in self.entries) | type(self).declared

    def detect(self, doc: Document) -> Iterator[Finding]:
        if not self.entries:
            return
        for u in translated(doc):
            for e in self.entries:
                if e.source is not None:
                    m = e.source.search(u.source)
                    if m is None:
                        continue
                    extra = source_extra(u.source, [m.span()])
                else:
                    extra = source_extra(u.source)
                note = e.note or f"checklist entry {e.id}"
                if e.target is None:
                    yield Finding(u.start, u.end, "checklist", e.rule, e.severity, "", 1.0,
                                  note, extra)
                elif e.negated:
                    if e.target.search(u.target) is None:
                        yield Finding(u.start, u.end, "checklist", e.rule, e.severity, "",
                                      1.0, note, extra)
                else:
                    for m in e.target.finditer(u.target):
                        if m.end() > m.start():
                            yield Finding(u.start + m.start(), u.start + m.end(), "checklist",
                                          e.rule, e.severity, "", 1.0, note, extra)
