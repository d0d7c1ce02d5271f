"""XLIFF 1.2 and 2.x through translate-toolkit.

The two versions are different vocabularies (``trans-unit`` versus ``unit``
with ``segment`` children), so the version is read from the root element's
namespace before choosing translate-toolkit's class. A 2.x unit of several
segments gives one unit per segment, ``unit::segment`` as its id, as
translate-toolkit names them. Inline codes (``<g>``, ``<ph>``, ``<x/>``) keep
their text and lose their markup; units marked ``translate="no"`` are skipped.
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
        triples = [(_id(u, v2, i), u.source or "", u.target or "")
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


def _unique(triples):
    """Ids repeat across the ``<file>`` elements of one XLIFF; number the
    repeats so a report row names one unit."""
    seen: dict = {}
    out = []
    for uid, s, t in triples:
        n = seen.get(uid, 0) + 1
        seen[uid] = n
        out.append((uid if n == 1 else f"{uid}~{n}", s, t))
    return out
