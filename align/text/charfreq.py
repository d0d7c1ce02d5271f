"""How ordinary a run of Chinese characters is, from the national standards.

GB 2312 puts the 3,755 most frequent simplified characters in its first level
(rows 0xB0-0xD7) and Big5 the 5,401 frequent traditional characters in its
first block (0xA440-0xC67E). Text decoded with the wrong legacy codec turns
into rare characters, so the share of first-level characters tells the right
decoding from the wrong one without any data file.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .scripts import HAN_RUN_RE


@lru_cache(maxsize=65536)
def is_common(ch: str) -> bool:
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        if len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E:
            return True
    except UnicodeEncodeError:
        pass
    return False


@lru_cache(maxsize=65536)
def standards_common(ch: str) -> int:
    """In how many of the two first levels ``ch`` is (GB 2312's and
    Big5's): 2 for a character both Chinese standards count among the most
    frequent, 1 for one that only simplified or only traditional text uses
    often."""
    n = 0
    try:
        b = ch.encode("gb2312")
        n += len(b) == 2 and 0xB0 <= b[0] <= 0xD7
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        n += len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E
    except UnicodeEncodeError:
        pass
    return n


# Replacement characters and controls other than line breaks and tabs.
_BAD_RUN = re.compile("[\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]+")


def commonness(text: str) -> float:
    """Share of common characters among the Han characters of ``text``,
    penalised by replacement and control characters."""
    han = "".join(HAN_RUN_RE.findall(text))
    if not han:
        return 0.0
    bad = sum(map(len, _BAD_RUN.findall(text)))
    return sum(map(is_common, han)) / len(han) - bad / max(1, len(text))
