"""Spelling of the English targets of a bilingual file.

A word is known when pyspellchecker's English list has it (about 160,000
words drawn from OpenSubtitles and checked against SCOWL, MIT-licensed,
shipped in the package) or when it is common enough in wordfreq's English
(Zipf 3.2 and up: British spellings, product words such as ``emoji``, while
frequent typos such as ``teh`` stay below), or its British spelling maps to
a known American one (``-our``, ``-re``, ``-ise``, ``-yse``, doubled ``l``).

What is left alone, because it is not a misspelling but a name or a code:
code spans (placeholders, URLs, commands); words with a digit or a capital
after the first letter (``iOS``, ``WeChat``, ``QQ``); words the unit's source
holds too (a name or brand copied); words of the termbases' English (built
in and ``--termbase``) and of the user's word lists (``spelling_words``); a
capitalized word inside a sentence that wordfreq has seen at all, or one
that splits into pinyin syllables (``Jiangsu``, ``Zhang``): a name.
``proccess`` and ``Followaccent`` are caught; the closest known word (one
edit away) is the suggestion.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, Iterator, Optional, Tuple

from ..core.findings import Finding
from ..core.rules import rule
from ..text.codes import inside
from ..text.document import Document
from ._bilingual import pair_is, source_extra, target_codes, translated
from .base import Detector, register

_UNKNOWN = rule("spelling.unknown_word")
_WORD = re.compile(r"(?<![\w'’@#$%&/\\-])[A-Za-z]+(?:['’][A-Za-z]+)*(?![\w@/\\]|-\w)")
_COMMON = 3.2
_BRITISH = ((re.compile(r"our(s|ed|ing|ite|ites|able)?$"), r"or\1"),
            (re.compile(r"tre(s|d)?$"), r"ter\1"),
            (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
            (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),
            (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
            (re.compile(r"ogue(s)?$"), r"og\1"),
            (re.compile(r"ence$"), r"ense"))


@lru_cache(maxsize=1)
def _checker():
    from spellchecker import SpellChecker

    # Distance 1: a suggestion in a millisecond; the check itself is a lookup.
    return SpellChecker(language="en", distance=1)


@lru_cache(maxsize=8)
def _allowed(termbases: Tuple[str, ...], word_lists: Tuple[str, ...]) -> FrozenSet[str]:
    from ..read.termbases import load

    words = set()
    for term in load(termbases):
        for en in term.en:
            words.update(w.lower() for w in re.findall(r"[A-Za-z]+", en))
    for path in word_lists:
        with open(path, encoding="utf-8-sig") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    words.add(line.lower())
    return frozenset(words)


@lru_cache(maxsize=65536)
def _known(low: str) -> bool:
    from ..resources.wordfreqs import zipf

    if low in _checker() or zipf(low) >= _COMMON:
        return True
    for rx, us in _BRITISH:
        american = rx.sub(us, low)
        if american != low and (american in _checker() or zipf(american) >= _COMMON):
            return True
    if low.endswith(("'s", "’s")):
        return _known(low[:-2])
    return False


@lru_cache(maxsize=4096)
def _suggestion(low: str) -> str:
    best: Optional[str] = _checker().correction(low)
    return best if best and best != low else ""


def _pinyin(low: str) -> bool:
    from .garbled_pinyin import split_pinyin

    return bool(split_pinyin(low))


@register
class Spelling(Detector):
    name = "spelling"
    languages = "en"
    description = ("bilingual files: words of the English target no dictionary knows "
                   "(pyspellchecker, wordfreq); names, codes and termbase entries allowed")
    rules = ("spelling.unknown_word",)

    def detect(self, doc: Document) -> Iterator[Finding]:
        if not doc.units or not pair_is(doc, doc.languages[0] or "", "en"):
            return
        allowed = _allowed(tuple(self.config.termbases), tuple(self.config.spelling_words))
        for u in translated(doc):
            codes = target_codes(u)
            source = {w.lower() for w in _WORD.findall(u.source)}
            t = u.target
            for m in _WORD.finditer(t):
                w = m.group()
                # Over 30 letters is no word (a hash, a run of letters), and
                # its suggestion would cost a million edits.
                if not 3 <= len(w) <= 30 or inside(codes, m.start(), m.end()):
                    continue
                if w[1:] != w[1:].lower():
                    continue  # an acronym, a brand, camelCase
                low = w.lower().replace("’", "'")
                if low in allowed or low in source or _known(low):
                    continue
                if w[0].isupper():
                    if _pinyin(low):
                        continue
                    before = t[:m.start()].rstrip()
                    starts = not before or before[-1] in ".!?:;\"“‘(。！？：" or "\n" in t[
                        len(before):m.start()]
                    if not starts:
                        from ..resources.wordfreqs import zipf

                        if zipf(low) > 0:
                            continue  # a name inside a sentence
                yield _UNKNOWN.finding(u.start + m.start(), u.start + m.end(),
                                       _suggestion(low), 0.7,
                                       f"{w!r} is in no English dictionary", source_extra(u.source))
