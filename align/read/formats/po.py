"""Gettext PO through translate-toolkit.

PO entries have no ids: an entry is named by its position among the
entries (1-based, the header not counted), with ``[n]`` for the n-th plural
form, so ``7[1]`` is the plural ``msgstr[1]`` of the seventh entry. Obsolete
(``#~``) entries are skipped, as gettext and every PO editor skip them: they
are kept only for reuse. Fuzzy entries are checked like the others and carry
their state (gettext does not use them until a translator clears the flag);
the flags (``c-format`` ...) and ``msgctxt`` travel with the unit.
"""
from __future__ import annotations

from .units import Bilingual, join


def read_po(raw: bytes) -> Bilingual:
    from ...core.errors import InputError

    try:
        from translate.storage.po import pofile

        store = pofile.parsestring(raw)
        triples = []
        n = 0
        for u in store.units:
            if u.isheader() or u.isobsolete():
                continue
            n += 1
            forms = getattr(u.target, "strings", None) or [u.target or ""]
            source = str(u.source or "")
            flags = tuple(f.strip() for c in u.typecomments
                          for f in c.lstrip("#,").split(",") if f.strip())
            more = {"flags": flags, "state": "fuzzy" if u.isfuzzy() else "",
                    "context": str(u.getcontext() or "")}
            if len(forms) == 1:
                triples.append((str(n), source, str(forms[0] or ""), more))
            else:
                # Each plural form its own message: form 0 is not form 1.
                triples.extend((f"{n}[{k}]", source, str(f or ""),
                                {**more, "context": f"{more['context']}\x04{k}"})
                               for k, f in enumerate(forms))
        language = store.gettargetlanguage() or ""
    except Exception as e:
        raise InputError("input.malformed", f"not a valid PO file: {e}")
    return join(triples, "po", "utf-8", store.getsourcelanguage() or "", language)
