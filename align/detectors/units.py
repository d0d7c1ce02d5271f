"""The bilingual checks of ``align pair``, unit by unit, on a bilingual file.

An XLIFF, TMX, PO or two-column file already says which target translates
which source: each unit is a bead the translator aligned by hand. So the
units need no sentence aligner; this check builds the pairing the aligner
would have produced, one 1-1 bead per unit, and hands it to
``align.pair.bilingual.check``, the same code ``align pair`` runs on its beads.

A unit of several sentences stays one bead. CAT tools segment by sentence,
so most units hold one; the checks that run here (numbers, termbase terms,
a copied source) compare bags of numbers and terms within a bead, so a
larger bead only loosens the pairing inside one unit, and never across two.
Aligning inside a unit would need the embedding model for every unit and
would turn an awkward split into guessed omissions.

Findings point into the document text (the joined targets), as every
finding must. A finding on the target (a number the source does not have)
keeps its own span. A finding that belongs to the source (a source number
missing from the translation, a term whose approved rendering is missing)
has no place in that text, so it lands on its unit's whole target, and the
source side travels in two extra columns: ``source_text`` (the source
spans, ``|``-separated) and ``source_span`` (their offsets ``a:b`` in the
unit's source, space-separated). One unit's source findings of one rule are
one row: they share the span, and a reviewer fixes them in one place. A
target-side row carries the unit's whole source in the same columns, so the
reviewer sees what the target should say.

Untranslated text is the ``untranslated`` detector's: it flags Chinese left
in a target already, and this check does not repeat it. What only a pair
can show is a target that copies a Chinese source as it is; that is one
``pair.copied_source`` row over the unit's target, and it supersedes the
Han-run rows inside it. A copied source without Chinese (a name, a code,
a URL) is usually right in a Chinese-to-English file and is not flagged; a
file that is Chinese as a whole is already one ``document_language`` row.

A unit whose target is empty is an omission (``pair.omission``): a
zero-width span at the unit's own place in the text (the readers give an
empty unit a place of its own between its neighbours' separators). A target
identical to a source that is not Chinese (an English-to-French file, a
copied Latin string) is ``unit.unchanged`` unless it is a number, code or
name: no letters outside codes, one word without a lower-case letter after
the first or that no dictionary knows, or words all capitalized. The
state a file gives a unit is reported as such: a PO entry marked fuzzy
(``state.fuzzy``), an XLIFF unit waiting for review (``state.needs_review``).

The numbers and terms of ``bilingual.check`` read the source as Chinese and
the target as English, so they run for a Chinese-to-English file (or one
whose pair is unknown) only.

The embedding similarity check (``pair.low_similarity``) is left to
``align pair``: it needs the model for every unit, and this check stays in
the fast ``rules`` group.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from types import SimpleNamespace
from typing import Dict, Iterator, List, Tuple

from ..core import recache
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from .base import Detector, register

_HAN = recache.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SPACES = re.compile(r"\s+")
#: Rules of ``bilingual.check`` this detector replaces with its own reading.
_LEFT_OUT = frozenset({"pair.untranslated", "pair.copied_source", "pair.low_similarity"})
_OMISSION, _COPIED = rule("pair.omission"), rule("pair.copied_source")
_UNCHANGED, _FUZZY, _REVIEW = rule("unit.unchanged"), rule("state.fuzzy"), rule("state.needs_review")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# A number in words is a number (Six in English and French alike).
_NUMBER_WORDS = re.compile(r"(?i)(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|"
                           r"eleven|twelve|hundred|thousand|million|billion)")


@register
class Units(Detector):
    name = "units"
    languages = "any"
    description = ("bilingual files: each unit's target checked against its source "
                   "(numbers, termbase terms, copied source, empty target, fuzzy state)")
    # Its own omission, copied source and states, and what
    # ``bilingual.check`` reports but the rules in ``_LEFT_OUT``.
    rules = ("pair.omission", "pair.copied_source", "pair.number_missing", "pair.number_added",
             "pair.term_rendering", "unit.unchanged", "state.fuzzy", "state.needs_review")
    supersedes = ("untranslated.han_run",)

    def detect(self, doc: Document) -> Iterator[Finding]:
        units = [u for u in doc.units if u.end <= len(doc.text)]
        if not units:
            return
        for u in units:
            if not u.target.strip() and u.source.strip():
                yield _OMISSION.finding(u.start, u.start, confidence=0.9,
                                        note="the unit has no translation",
                                        extra=_source(u.source, [(0, len(u.source))]))
            if u.state == "fuzzy":
                yield _FUZZY.finding(u.start, u.end, confidence=1.0,
                                     note="marked fuzzy: not used until a translator checks "
                                          "it and clears the flag",
                                     extra=_source(u.source, [(0, len(u.source))]))
            elif u.state == "needs-review":
                yield _REVIEW.finding(u.start, u.end, confidence=1.0,
                                      note="the file marks this unit as not final: review it",
                                      extra=_source(u.source, [(0, len(u.source))]))
        units = [u for u in units if u.target.strip()]
        if not units:
            return
        yield from self._copied(doc, units)
        yield from self._unchanged(doc, units)
        src, tgt = doc.languages
        if src in ("", "zh") and tgt in ("", "en"):
            yield from self._checked(doc, units)

    def _unchanged(self, doc: Document, units) -> Iterator[Finding]:
        src, tgt = doc.languages
        if not src or src == "zh" or src == tgt:
            # A Latin string copied in a Chinese-to-English file is a name,
            # a code, an English word on purpose (see the module's docstring);
            # source and target alike in a monolingual file by design.
            return
        for u in units:
            if _HAN.search(u.source) or _clean(u.source) != _clean(u.target):
                continue
            if _is_code_or_name(u.target, u.flags):
                continue
            yield _UNCHANGED.finding(u.start, u.end, confidence=0.8,
                                     note="the target is the source, unchanged",
                                     extra=_source(u.source, [(0, len(u.source))]))

    def _copied(self, doc: Document, units) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        for u in units:
            if _HAN.search(u.source) and _clean(u.source) == _clean(u.target):
                yield _COPIED.finding(u.start, u.end, confidence=0.95,
                                      note="the translation copies the Chinese source",
                                      extra=_source(u.source, [(0, len(u.source))]))

    def _checked(self, doc: Document, units) -> Iterator[Finding]:
        from ..pair.bilingual import PairResult, check

        # One pseudo-pair for the whole file: the sources joined like the
        # targets, the targets where they lie in the document, bead k = unit k.
        parts, src_spans, pos = [], [], 0
        for u in units:
            src_spans.append((pos, pos + len(u.source)))
            parts.append(u.source)
            pos += len(u.source) + 2
        source = "\n\n".join(parts)
        n = len(units)
        alignment = SimpleNamespace(beads=[([k], [k]) for k in range(n)], scores=[0.0] * n,
                                    cosines=[float("nan")] * n)
        res = PairResult(source, doc.text, src_spans, [(u.start, u.end) for u in units],
                         alignment)
        src_found, tgt_found = check(res, tuple(self.config.termbases))
        tgt_starts = [u.start for u in units]
        for f in tgt_found:
            if f.rule in _LEFT_OUT:
                continue
            u = units[max(0, bisect_right(tgt_starts, f.start) - 1)]
            yield Finding(f.start, f.end, f.category, f.rule, f.severity, f.suggestion,
                          f.confidence, f.note, _source(u.source, [(0, len(u.source))]))
        src_starts = [a for a, _ in src_spans]
        groups: Dict[Tuple[int, str], List[Finding]] = {}
        for f in src_found:
            if f.rule in _LEFT_OUT:
                continue
            k = max(0, bisect_right(src_starts, f.start) - 1)
            groups.setdefault((k, f.rule), []).append(f)
        for (k, _), found in sorted(groups.items()):
            u, off = units[k], src_spans[k][0]
            first = found[0]
            spans = [(f.start - off, f.end - off) for f in found]
            yield Finding(u.start, u.end, first.category, first.rule, first.severity,
                          "; ".join(dict.fromkeys(f.suggestion for f in found if f.suggestion)),
                          max(f.confidence for f in found),
                          "; ".join(f.note for f in found), _source(u.source, spans))


def _is_code_or_name(text: str, flags=()) -> bool:
    """A number, a code, or a name: what a translation keeps as it is."""
    from ..text.codes import code_spans

    prose, pos = [], 0
    for a, b in code_spans(text, flags):
        prose.append(text[pos:a])
        pos = b
    prose.append(text[pos:])
    rest = " ".join(prose)
    words = _WORD.findall(rest)
    if not words:
        return True
    from ..resources.wordfreqs import zipf

    if len(words) == 1:
        w = words[0]
        if w[1:] != w[1:].lower() or w.isupper() or _NUMBER_WORDS.fullmatch(w):
            return True  # an acronym or a brand (GitHub, OK, iPhone)
        return w[0].isupper() and zipf(w.lower()) < 3.0  # a name no dictionary knows
    # Capitalized words one of which no dictionary knows: a name (Linux
    # Mint); "Save File" is a label to translate.
    return (all(w[0].isupper() for w in words)
            and any(zipf(w.lower()) < 3.0 for w in words))


def _clean(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


def _source(source: str, spans: List[Tuple[int, int]]) -> dict:
    return {"source_text": " | ".join(source[a:b] for a, b in spans),
            "source_span": " ".join(f"{a}:{b}" for a, b in spans)}
