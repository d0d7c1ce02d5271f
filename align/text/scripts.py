"""Writing systems of characters, and the script runs of a span of text.

A page that machine translation left half done interleaves English and Chinese
inside one sentence. Script runs cut a sentence into maximal stretches of one
writing system, so that a Chinese clause is its own span. Characters that
belong to no script (spaces, digits, punctuation) join the run around them
when both sides agree; at a border between scripts, trailing punctuation goes
with the run before it and a Chinese opening quote or bracket with the run
after it, while digits, spaces and ASCII brackets stay outside both.

Character classes are written out as ranges for the standard ``re`` module:
they are the hot loop of every detector and ``re`` with a flat class is fast.
"""
from __future__ import annotations

import re
from typing import List, NamedTuple

from ..core import recache

# CJK Unified Ideographs with all extensions, compatibility ideographs,
# radicals, and the ideographic iteration/number marks (々 〆 〇 〡-〩).
HAN = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
# Latin letters, their diacritics and full-width forms; pinyin tone letters
# (ā á ǎ à ü ...) lie in these blocks.
LATIN = "A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0300-\u036f\u1e00-\u1eff\uff21-\uff3a\uff41-\uff5a"
# Punctuation that only Chinese (and Japanese) typography uses.
CJK_PUNCT = (
    "\u3000-\u3004\u3008-\u3020\u3030\u303d\u30fb\ufe10-\ufe1f\ufe30-\ufe4f"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u00b7"
)
# Curly quotes are used by both languages.
QUOTES = "\u2018\u2019\u201c\u201d"

HAN_RE = recache.compile(f"[{HAN}]")
CJK_PUNCT_RE = recache.compile(f"[{CJK_PUNCT}{QUOTES}]")
HAN_RUN_RE = recache.compile(f"[{HAN}]+")
LATIN_WORD_RE = recache.compile(f"[{LATIN}]+(?:['\u2019-][{LATIN}]+)*")

# Punctuation that may end a run and stays with the text before it.
_TRAILING = ",.;:!?%\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\uff09\u300b\u300d\u300f\u3011\u3009\u3015\u3017\u201d\u2019\u2026\uff05"
# Chinese opening punctuation that belongs to the Han run after it.
_CJK_OPENING = "\u201c\u2018\u300a\u300c\u300e\u3010\u3008\u3014\u3016\uff08"

# What may stand between two tokens of one script inside one run: no line
# break, and no symbol that separates page furniture (">> 返 回 <<", "a | b").
_BREAKING = "\n\r<>|/\\[]{}=\u2028\u2029"
# Neutral characters (no letter of any script: spaces, digits, punctuation)
# that may join two tokens of one script: ``\W``, digits and ``_``, minus the
# Han and Latin ranges (radicals and combining marks are not ``\w``) and the
# breaking symbols.
_GAP = f"(?:[^\\w{HAN}{LATIN}{re.escape(_BREAKING)}]|[\\d_])"
# The same without digits and ``_``: one class, which ``re`` repeats in a
# tight loop where it takes a choice of two classes a step at a time. Most
# gaps are spaces and punctuation only.
_SPACING = f"[^\\w{HAN}{LATIN}{re.escape(_BREAKING)}]"
_OTHER = f"[^\\W\\d_{HAN}{LATIN}]"
_TRAIL = f"[{re.escape(_TRAILING)}]*"


def _joined(token: str) -> str:
    """``token`` and the tokens that follow it across a gap of at most 12
    neutral characters: ``token(?:_GAP{1,12}token)*``, with a gap of
    ``_SPACING`` tried first (a tenth of script_runs's instructions). The runs
    are the same: gap characters are no token's, so a gap is taken whole by
    either branch, and one with a digit or ``_`` fails the first."""
    return f"{token}(?:{_SPACING}{{1,12}}{token}|{_GAP}{{1,12}}{token})*"


# A run is a token and the tokens of the same script that follow it across
# gaps of at most 12 neutral characters, then its trailing punctuation; a Han
# run also takes the Chinese opening punctuation right before it. Letters,
# gaps and the brackets are disjoint classes, so every repetition advances or
# fails within 12 characters: linear time on any input. The script is told
# by an empty group at the end of the branch, not a group around it: with a
# group open, ``re`` saves the group marks at every choice and repetition
# inside (a tenth of script_runs's instructions).
_RUN_RE = recache.compile(
    f"[{re.escape(_CJK_OPENING)}]*{_joined(f'[{HAN}]+')}{_TRAIL}(?P<zh>)"
    f"|{_joined(f'[{LATIN}]+')}{_TRAIL}(?P<latin>)"
    f"|{_joined(f'{_OTHER}+')}{_TRAIL}(?P<other>)"
)


class Run(NamedTuple):
    """A stretch ``[start, end)`` of one script: ``zh``, ``latin``, ``other``
    (letters of any other script) or ``common`` (no letters at all)."""

    start: int
    end: int
    script: str


def script_runs(text: str, start: int = 0, end: int | None = None) -> List[Run]:
    """Split ``text[start:end]`` into script runs that tile it exactly."""
    end = len(text) if end is None else end
    runs: List[Run] = []
    add = runs.append
    pos = start
    for m in _RUN_RE.finditer(text, start, end):
        s, e = m.span()
        if s > pos:
            add(_new(Run, (pos, s, "common")))
        add(_new(Run, (s, e, m.lastgroup)))
        pos = e
    if pos < end:
        add(_new(Run, (pos, end, "common")))
    return runs


# A named tuple's own constructor is Python code; this is the C one (runs are
# built by the hundred thousand at corpus scale).
_new = tuple.__new__


def han_chars(text: str) -> str:
    """The Han characters of ``text``, in order."""
    # Deleting the rest: one string built in C, not a list of runs joined.
    return _NON_HAN_RUN_RE.sub("", text)


_NON_HAN_RUN_RE = recache.compile(f"[^{HAN}]+")


def count_script_units(text: str, han: str | None = None) -> tuple[int, int]:
    """Return ``(han_characters, latin_words)``: a Han character carries about
    as much content as an English word, so the two counts compare directly.
    ``han`` is ``han_chars(text)`` when the caller has it already."""
    return (len(han_chars(text) if han is None else han),
            len(_LATIN_WORD_COUNT_RE.findall(text)))


# LATIN_WORD_RE with an empty group: findall then lists the one empty string
# for every word, not a copy of each (the count takes a tenth less time).
_LATIN_WORD_COUNT_RE = recache.compile(LATIN_WORD_RE.pattern + "()")


def classify_language(text: str, zh_share: float = 0.7, en_share: float = 0.4) -> str:
    """Classify a text as ``en``, ``zh`` or ``mixed`` by its share of Han
    characters among Han characters and Latin words.

    An English page with whole Chinese paragraphs left in is still English to
    its reader; only when Chinese clearly dominates is the page Chinese.
    """
    return language_of(*count_script_units(text), zh_share, en_share)


def language_of(han: int, latin: int, zh_share: float = 0.7, en_share: float = 0.4) -> str:
    """``classify_language`` from the counts of ``count_script_units``."""
    total = han + latin
    if total == 0:
        return "en"
    share = han / total
    if share >= zh_share:
        return "zh"
    if share <= en_share:
        return "en"
    return "mixed"
