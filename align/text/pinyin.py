"""Toneless Mandarin syllables, a Latin word cut into them, and whether a
capitalised word is pinyin written as a name rather than an English word.
Used by the pinyin and name checks and by the bilingual checks."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet

from ..resources import wordlists

# The most frequent Chinese surnames, single and compound, in pinyin
# (``resources/data/surnames_pinyin.txt``).
SURNAMES = wordlists.wordset("surnames_pinyin")


@lru_cache(maxsize=1)
def syllables() -> FrozenSet[str]:
    """Toneless Mandarin syllables. Reading pypinyin's table takes about a
    second, so the result is kept in the user cache (``_diskcache``)."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("pinyin-syllables", (), ("pypinyin",), (__file__,))
    got = _diskcache.get(key)
    if isinstance(got, frozenset):
        return got
    import pypinyin
    from pypinyin.contrib.tone_convert import to_normal

    out = set()
    for v in pypinyin.pinyin_dict.pinyin_dict.values():
        for p in v.split(","):
            s = to_normal(p).replace("ü", "v")
            if s.isascii() and s.isalpha():
                out.add(s)
    out -= {"m", "n", "ng", "hm", "hng", "ê", "e", "o"}  # interjections only
    out = frozenset(out)
    _diskcache.put(key, out)
    return out


@lru_cache(maxsize=65536)
def split_pinyin(word: str) -> tuple:
    """The word cut into pinyin syllables (longest first), or ``()``."""
    w = word.lower().replace("ü", "v").replace("'", "").replace("\u2019", "")
    if len(w) > 60:  # no term is this long; the DP below is quadratic in it
        return ()
    syl = syllables()
    best: Dict[int, tuple] = {0: ()}
    for i in range(len(w)):
        if i not in best:
            continue
        for j in range(min(len(w), i + 6), i, -1):
            if w[i:j] in syl and (j not in best or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + (w[i:j],)
    return best.get(len(w), ())


# A capitalised pinyin syllable rarer than this (Zipf) in English is pinyin,
# not an English word ("Chang", "Zhang"; "Long" and "Fan" are English too);
# a surname is written often enough to look English ("Chang", 3.6), so it
# is pinyin below a higher mark.
PINYIN_WORD_ZIPF = 3.5
SURNAME_WORD_ZIPF = 4.5
_POSSESSIVE = re.compile("['\u2019]s?$")


def pinyin_token(token: str) -> bool:
    """Whether a capitalised token is one pinyin syllable written as a
    name, not an English word: the glosses checks must not read "Chang"
    as the stem of "change"."""
    if not token[:1].isupper():
        return False
    bare = _POSSESSIVE.sub("", token).lower()
    if len(split_pinyin(bare)) != 1:
        return False
    from ..resources.wordfreqs import zipf

    return zipf(bare) < (SURNAME_WORD_ZIPF if bare in SURNAMES else PINYIN_WORD_ZIPF)
