"""English word handling shared by the garbled checks and the aligner: tokens,
the stemmer and the function words folded away before matching.

The stemmer only has to map the forms a gloss and a translation use of one
word to the same key (``create``, ``creating``, ``creation`` -> ``creat``); it
is applied to both sides, so over-stemming costs little, and it needs no data.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, List, NamedTuple, Optional, Tuple

from ..core.memo import Memo
from ..resources import wordlists

# Words (letters, digits, inner apostrophes or hyphens) and clause breaks. A
# calque never spans a comma, a bracket or a quote mark.
# "+" and "/" join the members of a formula or a list ("party branch +
# cooperative + household"): no rendering of one term straddles them.
TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?|[,;:.!?()\[\]\"\u201c\u201d\u3002\uff0c\uff1b\uff1a\u3001+/]")
BREAKS = frozenset(",;:.!?()[]\"\u201c\u201d\u3002\uff0c\uff1b\uff1a\u3001+/")

# Function words and light verbs: dropped from glosses ("to make a
# breakthrough") and from the translation alike, so "creation of the X"
# and "create X" meet (``resources/data/stop_glosses.txt``).
STOP = wordlists.wordset("stop_glosses")
# What the keys of this module are made of: a disk-cached index built from
# them lists these among its key's sources.
SOURCES = (__file__, str(wordlists.path("stop_glosses")))

_IRREGULAR = {
    "men": "man", "women": "woman", "children": "child", "people": "people",
    "geese": "goose", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "better": "good", "best": "good", "worse": "bad", "worst": "bad",
    "went": "go", "gone": "go", "won": "win", "built": "build", "held": "hold",
    "led": "lead", "met": "meet", "put": "put", "set": "set", "struck": "strike",
    "taught": "teach", "thought": "think", "brought": "bring", "sought": "seek",
    "fought": "fight", "kept": "keep", "left": "leave", "lost": "lose", "paid": "pay",
    "said": "say", "sent": "send", "spent": "spend", "stood": "stand", "began": "begin",
    "begun": "begin", "broke": "break", "broken": "break", "chose": "choose",
    "chosen": "choose", "drew": "draw", "drawn": "draw", "grew": "grow", "grown": "grow",
    "knew": "know", "known": "know", "rose": "rise", "risen": "rise", "saw": "see",
    "seen": "see", "wrote": "write", "written": "write", "bore": "bear", "borne": "bear",
}
_SUFFIXES = ("itions", "ition", "ions", "ion", "ments", "ment",
             "ings", "ing", "ities", "ity", "ies", "ied", "ives", "ive", "ers", "er",
             "ed", "es", "s", "e", "y")


# Tokens reach it through ``_KEY_CACHE``, which keeps their keys: this cache
# serves the other callers (term lists, bilingual checks) and is kept small.
@lru_cache(maxsize=1024)
def stem(word: str) -> str:
    """A key shared by the inflected and derived forms of an English word."""
    w = word.lower().replace("\u2019", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = _IRREGULAR.get(w, w)
    if w.isdigit() or len(w) <= 3:
        return w
    lost_y = False
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            if suf in ("s", "es") and w.endswith(("ss", "us", "is")):
                continue
            # A y after a vowel stays in every form (play, plays, played).
            if suf == "y" and w[-2] in "aeiou":
                break
            w = w[: -len(suf)]
            lost_y = suf in ("y", "ies", "ied")
            # "relying" keys as "rely" does (and "relies", "relied").
            if suf in ("ing", "ings") and w.endswith("y") and w[-2] not in "aeiou" and len(w) > 3:
                w = w[:-1]
                lost_y = True
            break
    # Undouble a final consonant ("planned" -> "plann" -> "plan"), but not
    # before a lost y: "carry" is "carr", not "car" (which "care" also is).
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls" and not lost_y:
        w = w[:-1]
    return w


def short_stem(word: str) -> str:
    """A coarser key than ``stem``, for the aligner's bags of words: a few
    inflections cut, then the first six letters (``governance``,
    ``government`` -> ``govern``). The aligner's weights were fitted with
    these keys; with ``stem`` in their place MAC-Test F1 fell from 0.903 to
    0.900 (0.901 with ``stem`` cut to six letters)."""
    w = word.lower()
    if len(w) > 4:
        for suf, rep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("ly", ""), ("s", "")):
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                w = w[: len(w) - len(suf)] + rep
                break
    return w[:6]


class Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str      # stem, or "" for a function word
    brk: bool     # a clause break (punctuation)


def tokens(text: str, start: int = 0, end: int | None = None) -> List[Token]:
    end = len(text) if end is None else end
    cache = _KEY_CACHE
    cache.room()  # a call's new tokens stay until it returns
    out = []
    for m in TOKEN_RE.finditer(text, start, end):
        t = m.group()
        k = cache.get(t, 0)
        if k == 0:
            k = cache[t] = _key(t)
        if k is None:
            out.append(Token(m.start(), m.end(), t, "", True))
        else:
            out.append(Token(m.start(), m.end(), t, k, False))
    return out


def clauses(toks: List[Token]) -> List[List[Token]]:
    """Content tokens grouped by clause (punctuation cuts a clause)."""
    out: List[List[Token]] = [[]]
    for t in toks:
        if t.brk:
            if out[-1]:
                out.append([])
        elif t.key:
            out[-1].append(t)
    return [c for c in out if c]


# Token text -> key (None for a clause break), shared by every document;
# bounded, so memory stays flat on corpora with endless numbers and names.
KEY_CACHE_SIZE = 200_000
_KEY_CACHE = Memo(KEY_CACHE_SIZE)


def _key(t: str):
    if t in BREAKS:
        return None
    low = t.lower().replace("\u2019", "'")
    return "" if low in STOP or (low.endswith("'s") and low[:-2] in STOP) else stem(t)


def key_of(tok: str):
    """The key of one token as ``tokens`` gives it ("" for a function word),
    or None for a clause break; from the shared cache."""
    k = _KEY_CACHE.get(tok, 0)
    if k == 0:
        k = _KEY_CACHE.put(tok, _key(tok))
    return k


def clause_index(text: str, start: int = 0, end: int | None = None) -> list:
    """The clauses of ``clauses(tokens(text, start, end))`` without building
    tokens (the cheap first look at a stretch, before any offsets matter):
    for each, its keys, its token texts and the numbers of its tokens among
    all tokens of the stretch (see ``token_bounds``)."""
    end = len(text) if end is None else end
    cache = _KEY_CACHE
    cache.room()  # a call's new tokens stay until it returns
    out: list = []
    cur: List[str] = []
    cw: List[str] = []
    cj: List[int] = []
    for j, t in enumerate(TOKEN_RE.findall(text, start, end)):
        k = cache.get(t, 0)
        if k == 0:
            k = cache[t] = _key(t)
        if k is None:
            if cur:
                out.append((cur, cw, cj))
                cur = []
                cw = []
                cj = []
        elif k:
            cur.append(k)
            cw.append(t)
            cj.append(j)
    if cur:
        out.append((cur, cw, cj))
    return out


# TOKEN_RE as a separator of re.split: tokens at the odd places.
_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")


def token_bounds(text: str, start: int = 0, end: int | None = None) -> List[int]:
    """Offsets of the tokens of ``text[start:end]``: token ``j`` spans
    ``[b[2j+1], b[2j+2])``. Lengths summed in C, not a Python loop over
    match objects (TOKEN_RE has no lookaround, so the slice tokenizes as
    the stretch does)."""
    end = len(text) if end is None else end
    return list(accumulate(map(len, _SPLIT_RE.split(text[start:end])), initial=start))


_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)?")


@lru_cache(maxsize=131072)
def phrase_keys(phrase: str) -> tuple:
    """Stems of the content words of an English phrase."""
    out = []
    for w in _WORD_RE.findall(phrase):
        low = w.lower().replace("\u2019", "'")
        if low in STOP or (low.endswith("'s") and low[:-2] in STOP):
            continue
        out.append(stem(w))
    return tuple(out)


def separators(toks: list, sep: str = "[") -> List[int]:
    """Where ``sep`` stands in ``toks``: the garbled checks join a page's
    Latin runs with "[" (which no token contains) to tokenize them in one
    C-level call, then cut the tokens back into runs at these indexes."""
    out: List[int] = []
    try:
        j = toks.index(sep)
        while True:
            out.append(j)
            j = toks.index(sep, j + 1)
    except ValueError:
        return out


# -- literal words -------------------------------------------------------------
#
# Some checks look for a few literal words on every page before running their
# patterns: the number check for number words and the words its patterns
# need, the calque check for the words its ordinal pattern needs. One
# Aho-Corasick pass over the folded page finds all of a check's words.


def fold(text: str) -> str:
    """``text.lower()``, also folding the two letters ``re.I`` matches to
    ASCII but ``lower()`` keeps (dotless i, long s), so a literal missing
    from it is missing for a case-blind pattern too."""
    low = text.lower()
    if "\u0131" in low or "\u017f" in low:
        low = low.replace("\u0131", "i").replace("\u017f", "s")
    return low


class Literals:
    """Lower-case literal words, each with its data (``(word, data)``
    pairs), found in a text by ``find``. The automaton is built on first
    use (``pyahocorasick`` is imported only then)."""

    def __init__(self, words: Iterable[Tuple[str, object]]):
        self.words = tuple(words)
        self._auto = None

    def _automaton(self):
        if self._auto is None:
            import ahocorasick

            auto = ahocorasick.Automaton()
            for w, data in self.words:
                auto.add_word(w, (len(w), data))
            auto.make_automaton()
            self._auto = auto
        return self._auto

    def find(self, text: str) -> Tuple[str, Optional[list]]:
        """``(low, hits)``: ``low`` is ``fold(text)``; ``hits`` are
        ``(start, data)`` for every occurrence in ``low`` of one of the
        words (overlapping ones too), by ascending end; ``None`` when
        ``lower()`` changed the text's length (dotted capital I), so that
        offsets into ``low`` are not offsets into ``text``."""
        low = fold(text)
        if len(low) != len(text):
            return low, None
        return low, [(end - n + 1, data) for end, (n, data) in self._automaton().iter(low)]
