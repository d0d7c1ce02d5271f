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


def check_xml(raw: bytes, kind: str) -> None:
    """Raise ``InputError`` if ``raw`` is not well-formed or declares entities."""
    from xml.sax import SAXParseException
    from xml.sax.handler import ContentHandler

    from defusedxml import DefusedXmlException
    from defusedxml.sax import parse

    from ..reader import InputError

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
