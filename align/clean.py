"""Repairing converter and decoder damage, as a plan that can be replayed.

``align qa`` only reports; ``align clean`` also repairs what can be repaired
without a reviewer: readings a converter inserted (``書(shū)記`` -> ``書記``),
mojibake whose reverse decoding is certain (``Zhang¡¯s`` -> ``Zhang’s``,
``cafÃ©`` -> ``café``, ``鑱旂郴鎴戜滑`` -> ``联系我们``), HTML character
references printed as text (``Xi&#39;an`` -> ``Xi'an``) and Chinese
punctuation in English text (``conference。The`` -> ``conference. The``).
Everything else the checks find (a lost character, a guess at a partly lost
sequence, a reading pypinyin does not know) stays as it is and is listed in
the plan as ``kept``. Which rules are repaired is the rule catalogue's to say
(``Rule.repairable`` in ``align.core.rules``); ``repair_rules`` narrows them.

Like ftfy's ``fix_and_explain``, the repair is data: a plan of edits, each
``{"start", "end", "old", "new", "rule"}`` with offsets into the text as read
(what ``align text`` prints), disjoint and sorted. ``apply_plan`` replays a
plan onto that text and checks every ``old`` on the way, so a plan applied
to the wrong text fails loudly instead of corrupting it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .core.findings import Finding
from .core.rules import RULES, UnknownRule, rule, select
from .text.document import Document
from .text.scripts import HAN

#: The checks whose findings ``clean`` considers: those that report a
#: repairable rule.
CLEAN_CHECKS = ("pinyin_annotation", "encoding", "punctuation")
#: How sure a finding must be for its suggestion to be applied, by category:
#: a wrong punctuation mark costs less than a wrong character.
_CONFIDENCE_NEEDED = {"pinyin_annotation": 0.9, "encoding": 0.9, "punctuation": 0.8}
#: The rules whose suggestion is applied (the catalogue's repairable ones),
#: with the confidence each needs.
REPAIR_RULES: Dict[str, float] = {r.id: _CONFIDENCE_NEEDED[r.category]
                                  for r in RULES.values() if r.repairable}
PLAN_VERSION = 1
_HAN_RE = re.compile(f"[{HAN}]")


class PlanMismatch(ValueError):
    """A plan's ``old`` text is not where the plan says: wrong input text."""


def repair_rules(only: Optional[Sequence[str]] = None,
                 skip: Optional[Sequence[str]] = None) -> Dict[str, float]:
    """``REPAIR_RULES`` restricted to the rules ``only`` names, minus those
    ``skip`` names; a name is a rule id, a family (``punctuation``) or a
    category. ``UnknownRule`` for a name the catalogue lacks or one that
    names no repairable rule."""
    def named(names: Sequence[str]) -> set:
        out = set()
        for name in names:
            ids = {r.id for r in select(name)} & set(REPAIR_RULES)
            if not ids:
                raise UnknownRule(f"{name!r} is not a rule clean repairs; it repairs: "
                                  f"{', '.join(REPAIR_RULES)}")
            out |= ids
        return out

    keep = named(only) if only else set(REPAIR_RULES)
    drop = named(skip) if skip else set()
    return {k: v for k, v in REPAIR_RULES.items() if k in keep and k not in drop}


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
    enough confidence, first come first served where two overlap. ``rules``
    maps the rule ids to apply to the confidence each needs
    (``repair_rules``); an id the catalogue lacks is an ``UnknownRule``."""
    if rules is not REPAIR_RULES:
        for rule_id in rules:
            rule(rule_id)
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


def clean_checks(rules: Dict[str, float] = REPAIR_RULES):
    """The detectors of ``CLEAN_CHECKS`` that report one of ``rules``."""
    from .detectors import select as select_checks

    return [d for d in select_checks(list(CLEAN_CHECKS)) if d.declared & set(rules)]


def clean_document(doc: Document, detectors=None,
                   rules: Dict[str, float] = REPAIR_RULES) -> Tuple[str, Plan]:
    """The cleaned text of ``doc`` and the plan that makes it, repairing
    ``rules`` (``repair_rules``: all the repairable ones by default)."""
    detectors = detectors if detectors is not None else clean_checks(rules)
    findings: List[Finding] = []
    for det in detectors:
        findings.extend(det.detect(doc))
    plan = plan_edits(doc.text, findings, doc.doc, rules)
    return apply_plan(doc.text, plan), plan


def clean_text(text: str, doc: str = "<text>",
               rules: Dict[str, float] = REPAIR_RULES) -> Tuple[str, Plan]:
    """``(cleaned, plan)`` for one string: ftfy's ``fix_and_explain`` for
    converter damage."""
    return clean_document(Document(doc, text), rules=rules)
