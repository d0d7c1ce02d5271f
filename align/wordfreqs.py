"""English word frequencies on the Zipf scale, without wordfreq's start-up.

Several checks ask how common an English word is (a rare word in a calque, a
pinyin syllable that is no English word, a number word glued to a common
word). ``wordfreq`` answers, but importing it and loading its English table
costs about 0.4 s, paid by every process (each worker of ``--jobs N``). The
answers for plain lower-case words are therefore taken from wordfreq once,
kept in the user cache (``detectors._diskcache``, keyed by wordfreq's
version) and read back in a few hundredths of a second, with those of the
numbers pages are full of (up to four digits, bare or ordinal: wordfreq
estimates digit strings by a formula of its own); anything else (other
letters, apostrophes, longer numbers) still goes to wordfreq itself.
``zipf(w)`` is ``wordfreq.zipf_frequency(w, "en")`` either way.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict

# Words wordfreq's English tokenizer keeps whole and only lower-cases.
_PLAIN = re.compile(r"[A-Za-z]+")
# Numbers answered from the table too (and built into it).
_NUMBER = re.compile(r"\d{1,4}(?:st|nd|rd|th)?")


def _numbers():
    for width in range(1, 5):
        for n in range(10 ** width):
            digits = f"{n:0{width}d}"
            yield digits
            for suffix in ("st", "nd", "rd", "th"):
                yield digits + suffix


@lru_cache(maxsize=1)
def _table() -> Dict[str, float]:
    from .detectors import _diskcache

    key = _diskcache.key("zipf-en", (), ("wordfreq",), (__file__,))
    table = _diskcache.get(key)
    if table is None:
        from wordfreq import get_frequency_dict, zipf_frequency

        plain = re.compile(r"[a-z]+")
        table = {w: zipf_frequency(w, "en") for w in get_frequency_dict("en")
                 if plain.fullmatch(w)}
        table.update((w, zipf_frequency(w, "en")) for w in _numbers())
        _diskcache.put(key, table)
    return table


def zipf(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``: 0 for a word never seen,
    about 7 for "the"."""
    if _PLAIN.fullmatch(word):
        return _table().get(word.lower(), 0.0)
    if word.isascii() and _NUMBER.fullmatch(word):
        return _table()[word]
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")
