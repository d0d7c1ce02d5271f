"""What the checks of bilingual files share: the units of a document worth
checking, the source side of a finding, and the code spans of a target."""
from __future__ import annotations

from typing import List, Sequence, Tuple

from ..text.codes import code_spans


def units_of(doc) -> list:
    """The units of ``doc`` that lie in its text, empty targets included."""
    n = len(doc.text)
    return [u for u in doc.units if u.end <= n]


def translated(doc) -> list:
    """The units with a target."""
    return [u for u in units_of(doc) if u.target.strip()]


def source_extra(source: str, spans: Sequence[Tuple[int, int]] = ()) -> dict:
    """The report's ``source_text``/``source_span`` columns: the source spans
    a finding is about (the whole source when none is given)."""
    spans = list(spans) or [(0, len(source))]
    return {"source_text": " | ".join(source[a:b] for a, b in spans),
            "source_span": " ".join(f"{a}:{b}" for a, b in spans)}


def target_codes(unit) -> List[Tuple[int, int]]:
    """The code spans of a unit's target, offsets in the unit's target."""
    return code_spans(unit.target, unit.flags)


def pair_is(doc, source: str, target: str) -> bool:
    """Whether ``doc``'s language pair may be ``source`` to ``target``: an
    unknown side may be anything."""
    s, t = getattr(doc, "languages", ("", ""))
    return (not s or s == source) and (not t or t == target)
