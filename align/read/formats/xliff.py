"""XLIFF 1.2 and 2.x through translate-toolkit.

The two versions are different vocabularies (``trans-unit`` versus ``unit``
with ``segment`` children), so the version is read from the root element's
namespace before choosing translate-toolkit's class. A 2.x unit of several
segments gives one unit per segment, ``unit::segment`` as its id, as
translate-toolkit names them. Inline codes (``<g>``, ``<ph>``, ``<x/>``) keep
their text and lose their markup, which is kept beside as a list of codes
(``ph#1``, ``bpt#2``) for the placeholder check; units marked
``translate="no"`` are skipped. A unit's state is read as CAT tools write it:
1.2 ``approved="yes"`` and ``state`` ``final``/``signed-off`` (and a locked
SDL or Memsource segment) are ``final``; ``needs-*`` and ``new`` states ask
for review; 2.x ``state`` ``final`` and ``initial``. The length limit is 1.2's
``maxwidth`` when its ``size-unit`` is ``char`` or ``byte`` (the default
unit, ``pixel``, depends on a font align cannot know).
"""
from __future__ import annotations

import re

from .units import Bilingual, join
from .xmlsafe import check_xml

_XLIFF2 = re.compile(rb"urn:oasis:names:tc:xliff:document:2\.|<xliff[^>]*\bversion\s*=\s*[\"']2\.")


def read_xliff(raw: bytes) -> Bilingual:
    from ...core.errors import InputError

    check_xml(raw, "XLIFF")
    v2 = bool(_XLIFF2.search(raw[:4096]))
    try:
        if v2:
            from translate.storage.xliff2 import Xliff2File as cls
        else:
            from translate.storage.xliff import xlifffile as cls
        store = cls.parsestring(raw)
        units = [u for u in store.units if not u.isheader() and u.istranslatable()]
        triples = [(_id(u, v2, i), u.source or "", u.target or "", _more(u, v2))
                   for i, u in enumerate(units, 1)]
        src_lang, tgt_lang = store.getsourcelanguage(), store.gettargetlanguage()
    except InputError:
        raise
    except Exception as e:  # lxml, translate-toolkit: any failure is this file's
        raise InputError("input.malformed", f"not a valid XLIFF {'2' if v2 else '1.2'} "
                         f"file: {e}")
    triples = _unique(triples)
    return join(triples, "xliff2" if v2 else "xliff", store.encoding or "utf-8",
                src_lang or "", tgt_lang or "")


def _id(unit, v2: bool, index: int) -> str:
    if v2:
        return unit.getid() or str(index)
    # translate-toolkit prefixes 1.2 ids with the <file original>; the bare
    # trans-unit id is what a CAT tool shows.
    return unit.xmlelement.get("id") or str(index)


#: Inline elements that stand for codes of the document (1.2 and 2.x).
_CODES = frozenset({"ph", "x", "bx", "ex", "bpt", "ept", "it", "g", "sc", "ec", "pc"})
_FINAL_12 = frozenset({"final", "signed-off"})
_REVIEW_12 = frozenset({"new", "needs-translation", "needs-adaptation", "needs-l10n",
                        "needs-review-adaptation", "needs-review-l10n",
                        "needs-review-translation"})


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el, name):
    if el is None:
        return None
    return next((c for c in el if _local(c.tag) == name), None)


#: Elements whose content is the code itself (not translatable text).
_NATIVE = frozenset({"ph", "bpt", "ept", "it"})


def _codes(el) -> tuple:
    if el is None:
        return ()
    out = []
    for d in el.iterdescendants():
        name = _local(d.tag)
        if name in _CODES:
            # <g> and <pc> pair up by id like <bpt>/<ept>; the id is what
            # the target must reuse.
            out.append(f"{name}#{d.get('id') or d.get('rid') or ''}")
    return tuple(out)


def _code_text(*els) -> tuple:
    return tuple(dict.fromkeys("".join(d.itertext()).strip() for el in els if el is not None
                               for d in el.iterdescendants()
                               if _local(d.tag) in _NATIVE and "".join(d.itertext()).strip()))


def _more(unit, v2: bool) -> dict:
    """The ``Unit`` fields besides the texts: state, codes, length limit."""
    el = unit.xmlelement
    more: dict = {}
    if v2:
        seg = el  # translate-toolkit's 2.x unit is the <segment>
        state = seg.get("state", "")
        source, target = _child(seg, "source"), _child(seg, "target")
        if state == "final":
            more["state"] = "final"
        elif state == "initial" and target is not None and (unit.target or "").strip():
            more["state"] = "needs-review"
    else:
        source, target = _child(el, "source"), _child(el, "target")
        state = target.get("state", "") if target is not None else ""
        locked = any(v.lower() in ("true", "yes") for k, v in el.attrib.items()
                     if _local(k) == "locked")
        if el.get("approved") == "yes" or state in _FINAL_12 or locked:
            more["state"] = "final"
        elif state in _REVIEW_12:
            more["state"] = "needs-review"
        width, size = el.get("maxwidth", ""), el.get("size-unit", "pixel")
        if width.isdigit() and int(width) > 0 and size in ("char", "byte"):
            more["limit"], more["limit_unit"] = int(width), size
    more["source_codes"], more["target_codes"] = _codes(source), _codes(target)
    more["code_text"] = _code_text(source, target)
    return more


def _unique(triples):
    """Ids repeat across the ``<file>`` elements of one XLIFF; number the
    repeats so a report row names one unit."""
    seen: dict = {}
    out = []
    for uid, *rest in triples:
        n = seen.get(uid, 0) + 1
        seen[uid] = n
        out.append((uid if n == 1 else f"{uid}~{n}", *rest))
    return out
