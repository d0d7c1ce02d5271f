"""The register of an English page, decided once for the bilingual checks.

The termbase's approved renderings are the vocabulary of news, government
and enterprise pages; a novel spends its words on people and things. A
literary page is told by the share of its content words that the
termbase's renderings use (a list frozen with the gate's thresholds:
``resources.termbase.register_words``), with the share of personal pronouns
(``garbled_calque.accept.literary``, the gate of the garbled checks), and
``align pair`` checks terminology only on pages that are not literary.
"""
from __future__ import annotations

def literary_text(text: str) -> bool:
    """Whether the English ``text`` reads as literary prose."""
    from .garbled_calque.accept import literary

    return literary([text])
