"""Consistency of the translations inside one bilingual file.

As Xbench's "inconsistency in target" and "inconsistency in source": the
same source (in the same PO context and plural form) translated
differently, and one translation given to different sources. Sources and
targets are compared with their whitespace collapsed; a source's most
frequent translation (the first of equals) is the suggestion for the
others. A translation shared by different sources is often right (two
wordings of one thing), so that is ``info``; only its later units are
reported, each naming the first. Targets without letters (numbers, codes)
are left out of the second.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Dict, Iterator, List

from ..core.findings import Finding
from ..core.rules import rule
from ..text.document import Document
from ._bilingual import source_extra, translated
from .base import Detector, register

_TARGET, _SOURCE = rule("consistency.target"), rule("consistency.source")
_SPACES = re.compile(r"\s+")
_LETTER = re.compile(r"[^\W\d_]")


def _norm(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


@register
class Consistency(Detector):
    name = "consistency"
    languages = "any"
    description = ("bilingual files: one source translated differently, one translation "
                   "for different sources")
    rules = ("consistency.target", "consistency.source")

    def detect(self, doc: Document) -> Iterator[Finding]:
        units = translated(doc)
        by_source: Dict[tuple, List] = {}
        for u in units:
            if u.source.strip():
                by_source.setdefault((u.context, _norm(u.source)), []).append(u)
        for group in by_source.values():
            targets = Counter(_norm(u.target) for u in group)
            if len(targets) < 2:
                continue
            order = {t: i for i, t in reversed(list(enumerate(_norm(u.target) for u in group)))}
            best = max(targets, key=lambda t: (targets[t], -order[t]))
            first = next(u for u in group if _norm(u.target) == best)
            for u in group:
                if _norm(u.target) != best:
                    yield _TARGET.finding(
                        u.start, u.end, best if len(best) <= 200 else "", 0.8,
                        f"the same source is translated {_short(best)!r} in unit {first.id} "
                        f"({targets[best]} of {len(group)})", source_extra(u.source))
        by_target: Dict[str, List] = {}
        for u in units:
            t = _norm(u.target)
            if _LETTER.search(t) and u.source.strip():
                by_target.setdefault(t, []).append(u)
        for group in by_target.values():
            first = group[0]
            seen = {_norm(first.source)}
            for u in group[1:]:
                src = _norm(u.source)
                if src in seen:
                    continue
                seen.add(src)
                yield _SOURCE.finding(
                    u.start, u.end, "", 0.6,
                    f"unit {first.id} has this translation for another source: "
                    f"{_short(_norm(first.source))!r}", source_extra(u.source))
