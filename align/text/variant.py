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


#: Code point ranges of the Han characters OpenCC may map (``scripts.HAN``
#: without the radicals and marks, which it leaves alone).
_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x31350))


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset, frozenset]:
    """The characters only Traditional text uses, and those only Simplified
    text uses. Loading OpenCC costs a fifth of a second in every process, so
    the two sets are derived once and kept in the user cache (``_diskcache``)."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("variant", _RANGES, ("opencc", "OpenCC"), (__file__,))
    got = _diskcache.get(key)
    if got is None:
        import opencc

        t2s, s2t = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
        chars = [chr(c) for lo, hi in _RANGES for c in range(lo, hi)]
        # One character a line: no neighbour makes a phrase to convert.
        simple = t2s.convert("\n".join(chars)).split("\n")
        trad = s2t.convert("\n".join(chars)).split("\n")
        if not (len(simple) == len(trad) == len(chars)):
            raise RuntimeError("OpenCC changed the number of lines")
        got = ("".join(c for c, x in zip(chars, simple) if x != c),
               "".join(c for c, x, y in zip(chars, simple, trad) if x == c and y != c))
        _diskcache.put(key, got)
    return frozenset(got[0]), frozenset(got[1])


def classify_variant(text: str, mixed_share: float = MIXED_SHARE) -> str:
    """``traditional``, ``simplified``, ``mixed``, or ``""`` when the text has
    no character that only one standard uses."""
    return variant_of_han("".join(HAN_RUN_RE.findall(text)), mixed_share)


def variant_of_han(han: str, mixed_share: float = MIXED_SHARE) -> str:
    """``classify_variant`` of a text's Han characters alone
    (``scripts.han_chars``), for a caller that has them already."""
    counts = Counter(han)
    only_t, only_s = _tables()
    t = sum(map(counts.__getitem__, only_t.intersection(counts)))
    s = sum(map(counts.__getitem__, only_s.intersection(counts)))
    if not t + s:
        return ""
    share = t / (t + s)
    if share >= 1 - mixed_share:
        return "traditional"
    if share <= mixed_share:
        return "simplified"
    return "mixed"
