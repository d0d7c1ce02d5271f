"""Whether a document's Chinese is written in Traditional or Simplified characters.

Most characters are the same in both standards; what tells them apart are the
characters that only one of them uses. OpenCC knows both mappings: a character
that ``t2s`` changes exists only in Traditional text (``書``), one that ``s2t``
changes and ``t2s`` keeps only in Simplified text (``书``). Counting the
occurrences of each kind gives the variant. A few Simplified characters are also
correct Traditional ones in some words (``后`` queen, ``台``), so a small share of
the other kind is tolerated before a document counts as a mix; a page that a
converter got half through (``集團`` next to ``集团``) is exactly the mix to report.
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache

from .scripts import HAN_RUN_RE

#: Share of the minority kind above which a document is ``mixed``.
MIXED_SHARE = 0.1


@lru_cache(maxsize=1)
def _converters():
    import opencc

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


@lru_cache(maxsize=65536)
def char_variant(ch: str) -> str:
    """``t`` (only Traditional), ``s`` (only Simplified) or ``""`` (both or unknown)."""
    t2s, s2t = _converters()
    simplified = t2s.convert(ch)
    if simplified != ch:
        return "t"
    if s2t.convert(ch) != ch:
        return "s"
    return ""


def classify_variant(text: str, mixed_share: float = MIXED_SHARE) -> str:
    """``traditional``, ``simplified``, ``mixed``, or ``""`` when the text has
    no character that only one standard uses."""
    counts: Counter = Counter()
    for run in HAN_RUN_RE.findall(text):
        counts.update(run)
    kinds: Counter = Counter()
    for ch, n in counts.items():
        kind = char_variant(ch)
        if kind:
            kinds[kind] += n
    total = kinds["t"] + kinds["s"]
    if not total:
        return ""
    share = kinds["t"] / total
    if share >= 1 - mixed_share:
        return "traditional"
    if share <= mixed_share:
        return "simplified"
    return "mixed"
