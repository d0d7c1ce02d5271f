"""TMX through translate-toolkit.

A translation unit holds one ``tuv`` per language. The header's ``srclang``
names the source; the target is the ``tuv`` in the wanted target language
(by primary subtag: ``en-US`` is ``en``), else the first one that is not the
source. The unit id is the ``tuid`` when the file gives one, else the unit's
position (1-based), which is what TMX editors show.
"""
from __future__ import annotations

from .units import Bilingual, join
from .xmlsafe import check_xml


def _primary(lang: str) -> str:
    return (lang or "").replace("_", "-").split("-")[0].lower()


def read_tmx(raw: bytes, target_language: str = "en") -> Bilingual:
    from translate.misc.xml_helpers import getXMLlang

    from ...core.errors import InputError

    check_xml(raw, "TMX")
    try:
        from translate.storage.tmx import tmxfile

        store = tmxfile.parsestring(raw)
        header = store.document.getroot().find("header")
        srclang = header.get("srclang", "") if header is not None else ""
        triples = []
        langs = set()
        for i, u in enumerate(store.units, 1):
            nodes = u.getlanguageNodes()
            by_lang = [(_primary(getXMLlang(n) or ""), n) for n in nodes]
            src = next((n for lang, n in by_lang if lang == _primary(srclang)), None)
            if src is None and nodes:
                src = nodes[0]
            tgt = next((n for lang, n in by_lang
                        if lang == _primary(target_language) and n is not src), None)
            if tgt is None:
                tgt = next((n for n in nodes if n is not src), None)
            if tgt is not None:
                langs.add(getXMLlang(tgt) or "")
            uid = u.xmlelement.get("tuid") or str(i)
            triples.append((uid, u.getNodeText(src) or "", u.getNodeText(tgt) or ""))
    except InputError:
        raise
    except Exception as e:
        raise InputError("input.malformed", f"not a valid TMX file: {e}")
    return join(triples, "tmx", store.encoding or "utf-8", srclang,
                ",".join(sorted(langs - {""})))
