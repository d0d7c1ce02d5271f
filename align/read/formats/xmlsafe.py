"""Refuse XML that could attack the reader before any parser builds a tree.

Translation files come from vendors and the open web. An XML file can declare
entities that expand exponentially (billion laughs), or that pull in a local
file or a URL (XXE). XLIFF and TMX never need entity declarations, so any
declaration is refused: defusedxml's expat reader raises as soon as it meets
one, and nothing is expanded or fetched. A DOCTYPE that only names a DTD
(``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``, common in TMX 1.4) is allowed; the
DTD is not loaded. Well-formedness errors surface here too, with a line number.
The tree itself is then built by translate-toolkit's lxml parser, which
resolves no entities, reads no network and keeps lxml's size limits
(``huge_tree`` off). That parser alone is not enough: its text extraction
(XPath ``string()``) expands internal entities, so nested declarations would
still blow up there; hence this check comes first, always.
"""
from __future__ import annotations

import io
import re

_DECL = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")
# Chinese files declare the narrow encodings; decode with their supersets.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}


def check_xml(raw: bytes, kind: str) -> None:
    """Raise ``InputError`` if ``raw`` is not well-formed or declares entities."""
    from ...core.errors import InputError

    try:
        _check(raw, kind)
    except (ValueError, LookupError):
        # expat reads no multi-byte legacy encoding (GB2312, Big5, Shift_JIS):
        # check the same document transcoded to UTF-8 instead.
        m = _DECL.match(raw)
        declared = m.group(2).decode("ascii").lower() if m else ""
        try:
            text = raw.decode(_WIDER.get(declared, declared or "utf-8"))
        except (LookupError, UnicodeDecodeError):
            raise InputError("input.encoding",
                             f"{kind} declares encoding {declared or '(none)'!r} but does "
                             "not decode as it; re-save it as UTF-8")
        _check(_DECL.sub(rb"\1utf-8\3", text.encode("utf-8"), count=1), kind)


def _check(raw: bytes, kind: str) -> None:
    from xml.sax import SAXParseException
    from xml.sax.handler import ContentHandler

    from defusedxml import DefusedXmlException
    from defusedxml.sax import parse

    from ...core.errors import InputError

    try:
        # forbid_external would refuse the harmless ``SYSTEM "tmx14.dtd"``; the
        # SAX reader never loads an external DTD (feature_external_ges is off)
        # and every entity declaration, external ones included, is refused.
        parse(io.BytesIO(raw), ContentHandler(), forbid_dtd=False,
              forbid_entities=True, forbid_external=False)
    except DefusedXmlException as e:
        raise InputError("input.xml_unsafe",
                         f"{kind} declares XML entities ({type(e).__name__}); align never "
                         "expands or fetches them: remove the DOCTYPE's entity declarations")
    except SAXParseException as e:
        raise InputError("input.malformed",
                         f"not well-formed {kind}: line {e.getLineNumber()}, column "
                         f"{e.getColumnNumber()}: {e.getMessage()}")
