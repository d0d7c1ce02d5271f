"""The register of an English page, decided once for the bilingual checks.

The termbase's approved renderings are the vocabulary of news, government
and enterprise pages; a novel spends its words on people and things. A
literary page is told by the share of its content words that the
termbase's renderings use (``garbled_calque.accept.literary``, the same
measure the calque check gates on), and ``align pair`` checks terminology
only on pages that are not literary.
"""
from __future__ import annotations

from typing import Sequence


def literary_text(text: str, termbases: Sequence[str] = ()) -> bool:
    """Whether the English ``text`` reads as literary prose."""
    from .garbled_calque.accept import literary_page

    return literary_page(tuple(termbases), [text])
