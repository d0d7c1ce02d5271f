"""Repairing converter and decoder damage, as a plan that can be replayed.

``align qa`` only reports; ``align clean`` also repairs what can be repaired
without a reviewer: readings a converter inserted (``書(shū)記`` -> ``書記``),
mojibake whose reverse decoding is certain (``Zhang¡¯s`` -> ``Zhang’s``,
``cafÃ©`` -> ``café``, ``鑱旂郴鎴戜滑`` -> ``联系我们``), HTML character
references printed as text (``Xi&#39;an`` -> ``Xi'an``) and Chinese
punctuation in English text (``conference。The`` -> ``conference. The``).
Everything else the checks find (a lost character, a guess at a partly lost
sequence, a reading pypinyin does not know) stays as it is and is listed in
the plan as ``kept``.

Like ftfy's ``fix_and_explain``, the repair is data: a plan of edits, each
``{"start", "end", "old", "new", "rule"}`` with offsets into the text as read
(what ``align text`` prints), disjoint and sorted. ``apply_plan`` replays a
plan onto that text and checks every ``old`` on the way, so a plan applied
to the wrong text fails loudly instead of corrupting it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Sequence, Tuple

from .text.document import Document
from .core.findings import Finding
from .text.scripts import HAN

#: The checks whose findings ``clean`` considers.
CLEAN_CHECKS = ("pinyin_annotation", "encoding", "punctuation")
#: Rules whose suggestion is applied, with the confidence each needs.
REPAIR_RULES: Dict[str, float] = {
    "pinyin_annotation.reading": 0.9,
    "encoding.utf8_as_cp1252": 0.9,
    "encoding.gbk_as_latin1": 0.9,
    "encoding.utf8_as_gbk": 0.9,
    "encoding.utf8_as_big5": 0.9,
    "encoding.html_entity": 0.9,
    "punctuation.fullwidth": 0.8,
    "punctuation.missing_space": 0.8,
    "punctuation.quote_spacing": 0.8,
}
PLAN_VERSION = 1
_HAN_RE = re.compile(f"[{HAN}]")


class PlanMismatch(ValueError):
    """A plan's ``old`` text is not where the plan says: wrong input text."""


@dataclass
class Plan:
    """The edits ``clean`` makes to one document, and what it left flagged."""

    doc: str
    edits: List[dict] = field(default_factory=list)
    kept: List[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"version": PLAN_VERSION, "doc": self.doc, "edits": self.edits,
                "kept": self.kept}


def plan_edits(text: str, findings: Iterable[Finding], doc: str = "<text>",
               rules: Dict[str, float] = REPAIR_RULES) -> Plan:
    """Choose the edits for ``text`` from ``findings``: repairable rules with
    enough confidence, first come first served where two overlap."""
    plan = Plan(doc)
    last_end = -1
    for f in sorted(findings, key=lambda f: (f.start, f.end, f.rule)):
        start, end, new = f.start, f.end, f.suggestion
        need = rules.get(f.rule)
        if need is None or f.confidence < need:
            plan.kept.append({"start": f.start, "end": f.end, "text": text[f.start:f.end],
                              "rule": f.rule, "suggestion": f.suggestion})
            continue
        if f.category == "pinyin_annotation" and start >= 2 and text[start - 1] == " " \
                and _HAN_RE.match(text[start - 2]):
            # ``记者 (jìzhě)``: the space belonged to the reading.
            start -= 1
        if start < last_end or text[start:end] == new:
            continue
        plan.edits.append({"start": start, "end": end, "old": text[start:end],
                           "new": new, "rule": f.rule})
        last_end = end
    return plan


def apply_plan(text: str, edits: Sequence[dict] | Plan | dict) -> str:
    """Replay a plan (a ``Plan``, its JSON form, or its list of edits) onto
    the text it was made for; ``PlanMismatch`` if the text differs."""
    if isinstance(edits, Plan):
        edits = edits.edits
    elif isinstance(edits, dict):
        edits = edits["edits"]
    out: List[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: e["start"]):
        start, end = e["start"], e["end"]
        if start < pos or text[start:end] != e["old"]:
            raise PlanMismatch(f"edit at {start}:{end} expects {e['old']!r}, "
                               f"text has {text[start:end]!r}")
        out.append(text[pos:start])
        out.append(e["new"])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def clean_document(doc: Document, detectors=None) -> Tuple[str, Plan]:
    """The cleaned text of ``doc`` and the plan that makes it."""
    from .detectors import select

    detectors = detectors if detectors is not None else select(list(CLEAN_CHECKS))
    findings: List[Finding] = []
    for det in detectors:
        findings.extend(det.detect(doc))
    plan = plan_edits(doc.text, findings, doc.doc)
    return apply_plan(doc.text, plan), plan


def clean_text(text: str, doc: str = "<text>") -> Tuple[str, Plan]:
    """``(cleaned, plan)`` for one string: ftfy's ``fix_and_explain`` for
    converter damage."""
    return clean_document(Document(doc, text))
