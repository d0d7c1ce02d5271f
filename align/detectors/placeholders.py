"""Placeholders, inline tags and codes of each unit's source kept in its target.

A translation that drops ``{count}``, renames it ``{cnt}``, swaps two
``%s`` of a C format string or loses an XLIFF ``<ph>`` breaks the program
that shows it, whatever the languages. Placeholders are found in the texts
(``text.codes``: printf, Qt, brace fields, HTML/XML tags, chat codes); XLIFF
inline elements are compared as the file gives them (element and id), and
in an XLIFF unit that has them the tags in the text, and the placeholders
those elements hold, are left to them (a ``<bpt>`` holds ``<b>``, a ``<ph>``
``%s`` as text: one missing ``<ph>`` is one finding, not two).

URLs, e-mail addresses, backticked code and command lines are copied as
they are too (``text.codes.literals``): one changed in the target
(``tar zxvf a.tgz /localStorage`` as ``... /cookies/config``) is a rename.

A placeholder of the source missing from the target has no place in the
target: the finding covers the unit's target, the placeholder is in the
``source_text`` column. One missing and one added placeholder of the same
kind in one unit are a rename, reported once on the new name. Order counts
only for printf conversions without positions (``%s ... %d``): the
arguments come in the source's order; ``%1$s``, ``%(name)s`` and brace
fields may move.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator, List

from ..core.findings import Finding
from ..core.rules import rule
from ..text.codes import Code, inside, literals, placeholders
from ..text.document import Document
from ._bilingual import source_extra, translated
from .base import Detector, register

_MISSING, _ADDED, _RENAMED, _REORDERED = (rule("placeholder.missing"), rule("placeholder.added"),
                                          rule("placeholder.renamed"),
                                          rule("placeholder.reordered"))
_TAG_MISSING, _TAG_ADDED = rule("tag.missing"), rule("tag.added")


def _key(c: Code) -> str:
    if c.kind == "tag":
        # A tag by its name: an attribute (a title, an alt text) may be translated.
        name = c.text.strip("</>").split()[0] if c.text.strip("</>") else c.text
        return f"<{'/' if c.text.startswith('</') else ''}{name}{'/' if c.text.endswith('/>') else ''}>"
    return c.text


def _with_literals(text: str, codes: List[Code]) -> List[Code]:
    """``codes`` and the URLs, e-mail addresses and commands of ``text``
    (``text.codes.literals``), the placeholders inside those left to them."""
    lit = literals(text)
    if not lit:
        return codes
    spans = [(c.start, c.end) for c in lit]
    return sorted(lit + [c for c in codes if not inside(spans, c.start, c.end)])


def _plain_printf(c: Code) -> bool:
    return c.kind == "printf" and "$" not in c.text and "(" not in c.text


@register
class Placeholders(Detector):
    name = "placeholders"
    languages = "any"
    description = ("bilingual files: placeholders ({count}, %s, %1$d, {{x}}), tags and "
                   "XLIFF inline codes of the source kept in the target")
    rules = ("placeholder.missing", "placeholder.added", "placeholder.renamed",
             "placeholder.reordered", "tag.missing", "tag.added")

    def detect(self, doc: Document) -> Iterator[Finding]:
        for u in translated(doc):
            yield from self._unit(u)

    def _unit(self, u) -> Iterator[Finding]:
        src = _with_literals(u.source, placeholders(u.source, u.flags))
        tgt = _with_literals(u.target, placeholders(u.target, u.flags))
        native = bool(u.source_codes or u.target_codes)
        if native:
            # The codes the file marks up are compared as elements; their
            # content in the text (a <ph>'s %s, a <bpt>'s <b>) not again.
            held = set(u.code_text)
            src = [c for c in src if c.kind != "tag" and c.text not in held]
            tgt = [c for c in tgt if c.kind != "tag" and c.text not in held]
            yield from self._native(u)
        missing = Counter(map(_key, src)) - Counter(map(_key, tgt))
        added = Counter(map(_key, tgt)) - Counter(map(_key, src))
        lost: List[Code] = []
        for c in src:
            if missing[_key(c)] > 0:
                missing[_key(c)] -= 1
                lost.append(c)
        extra: List[Code] = []
        for c in tgt:
            if added[_key(c)] > 0:
                added[_key(c)] -= 1
                extra.append(c)
        # One lost and one new of a kind: a rename (in order, one for one).
        for kind in ("brace", "printf", "qt", "cq", "url", "email", "code"):
            gone = [c for c in lost if c.kind == kind]
            new = [c for c in extra if c.kind == kind]
            if len(gone) == len(new) == 1:
                g, n = gone[0], new[0]
                lost.remove(g)
                extra.remove(n)
                yield _RENAMED.finding(u.start + n.start, u.start + n.end, g.text, 0.9,
                                       f"the source's {g.text} is {n.text} here",
                                       source_extra(u.source, [(g.start, g.end)]))
        if lost:
            tags = [c for c in lost if c.kind == "tag"]
            codes = [c for c in lost if c.kind != "tag"]
            for r, group in ((_MISSING, codes), (_TAG_MISSING, tags)):
                if group:
                    yield r.finding(u.start, u.end, "", 0.9,
                                    "missing from the target: " + " ".join(c.text for c in group),
                                    source_extra(u.source, [(c.start, c.end) for c in group]))
        for c in extra:
            r = _TAG_ADDED if c.kind == "tag" else _ADDED
            yield r.finding(u.start + c.start, u.start + c.end, "", 0.85,
                            f"{c.text} is not in the source", source_extra(u.source))
        if not lost and not extra:
            s_seq = [c.text for c in src if _plain_printf(c)]
            t_list = [c for c in tgt if _plain_printf(c)]
            t_seq = [c.text for c in t_list]
            if len(s_seq) > 1 and s_seq != t_seq and sorted(s_seq) == sorted(t_seq):
                yield _REORDERED.finding(
                    u.start + t_list[0].start, u.start + t_list[-1].end, "", 0.9,
                    f"the source has {' '.join(s_seq)} in this order: number them "
                    "(%1$s, %2$d) to move them", source_extra(u.source))

    def _native(self, u) -> Iterator[Finding]:
        src, tgt = Counter(u.source_codes), Counter(u.target_codes)
        gone, new = src - tgt, tgt - src
        if gone:
            names = sorted(gone.elements())
            yield _TAG_MISSING.finding(u.start, u.end, "", 0.95,
                                       "inline codes of the source missing from the target: "
                                       + ", ".join(f"<{n.replace('#', ' id=')}>" for n in names),
                                       source_extra(u.source))
        if new:
            names = sorted(new.elements())
            yield _TAG_ADDED.finding(u.start, u.end, "", 0.95,
                                     "inline codes the source lacks: "
                                     + ", ".join(f"<{n.replace('#', ' id=')}>" for n in names),
                                     source_extra(u.source))
