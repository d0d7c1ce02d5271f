"""The calque generator: a term's Chinese cut into pieces, each with the
English glosses MT may render it by.

For every term the Chinese is cut into pieces (jieba's cut, every cut into
CC-CEDICT words, single characters), and every piece gets the set of its
CC-CEDICT senses as English content-word keys (``text.english.phrase_keys``:
function words and light verbs folded, words stemmed). A piece that is a
particle (的, 之) or whose only sense is a measure word may be skipped, as
MT skips it. A single character also receives, as *lent* glosses, the senses
of the frequent two-character words it appears in (文 as 文具, stationery),
since MT reads an abbreviation's characters as words.
"""
from __future__ import annotations

import marshal
import re
from collections import defaultdict
from functools import lru_cache
from typing import Dict, FrozenSet, Iterable, List, Tuple

from ...resources.cedict import senses as cedict
from ...text.english import phrase_keys

_DROP_SENSE = re.compile(
    r"^(?:surname|variant of|old variant|also written|see |see also|used in|abbr|CL:|"
    r"Kangxi radical|radical|pr\.|\(?old\)? classifier|\(?dialect|\(?Tw\)|\(?Cant|"
    r"\(?archaic|\(?classical|\(?literary|\(?onom|\(?bound form|\(?in names|Japanese|\(?loanword|"
    r"Taiwan pr|erhua|interjection|particle|final particle|suffix|prefix|"
    r"\(?used|\(?slang|\(?euphemism|\(?coll)", re.I)
# "classifier for ...", "(old) classifier ...", and a sense that is itself
# parenthesised: 个 "(classifier used before a noun ...)".
_CLASSIFIER = re.compile(r"^\(?(?:\(.*?\)\s*)?classifier\b", re.I)
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_PARTICLES = frozenset("的之地得了着过和与及、，也又并")
# English adverb particles, negation, degree words and quantifiers (closed
# classes), as ``phrase_keys`` keys them: a multiword sense's word that alone
# renders nothing ("up" of "set up", "out" of "mete out", "not" of "not
# good"; "back" is a noun as well).
_PARTICLE_KEYS = frozenset(("up", "out", "off", "down", "awa", "around", "about",
                            "along", "forth", "apart", "asid", "not", "no", "how", "mor",
                            "most", "much"))
# Zipf of an everyday English modifier (good, new, big, great).
_EVERYDAY_MODIFIER = 5.5
# Prepositions after which a sense names a respect or a place, not what the
# word is ("opposite in direction"); "of" leads to the meaning ("days of
# one's life").
_PREPOSITIONS = frozenset("in on at by with from into under over through".split())
_NEGATION_KEYS = frozenset(phrase_keys("not no never without nothing nobody none"))
# Number words, as ``phrase_keys`` keys them: in a multiword sense they give a
# quantity ("one hundred liters" of 石, "ten pecks"), never a rendering of
# the piece alone.
_NUMERAL_KEYS = frozenset(phrase_keys(
    "one two three four five six seven eight nine ten eleven twelve twenty hundred thousand "
    "million billion dozen half"))
# Pieces longer than this many content words are descriptions, not renderings.
MAX_GLOSS_WORDS = 3
# How many frequent two-character words lend their glosses to a character.
COMPOUNDS_PER_CHAR = 120
HAN_NUM = re.compile(r"[零〇一二三四五六七八九十百千两]+")


@lru_cache(maxsize=200000)
def senses_of(zh: str) -> Tuple[FrozenSet[tuple], bool]:
    keys, classifier = _clean_senses(cedict().get(zh, ()))
    return frozenset(keys), classifier


@lru_cache(maxsize=200000)
def common_senses_of(zh: str) -> FrozenSet[tuple]:
    """``senses_of`` without the proper names (CC-CEDICT capitalises them:
    河南 "Henan"): what a compound may lend its characters."""
    return frozenset(_clean_senses(d for d in cedict().get(zh, ())
                                   if not d.strip()[:1].isupper())[0])


def alternatives(sense: str) -> List[str]:
    """The renderings one CC-CEDICT sense offers: none for a classifier, a
    surname, a cross-reference, a register or usage note (``_DROP_SENSE``);
    else its ``;``/``,`` alternatives with parenthesised notes cut. Shared
    by the generator, the gazetteer's first senses and the trap words."""
    d = sense.strip()
    if _CLASSIFIER.match(d) or _DROP_SENSE.match(d):
        return []
    return re.split(r"[;,]", _PARENS.sub(" ", d))


def _alone(alt: str, k: tuple) -> list:
    """The keys of a two-word sense ``alt`` (keyed ``k``) that stand alone
    for the piece: MT often keeps one word of such a sense ("walls" of "city
    walls"). Not the particle of a phrasal verb (set up, mete out), nor a
    number word of a quantity, nor a proper noun of a description (泗 "river
    in Shandong": where, not what); before a preposition only the head
    ("opposite in direction", 抢: "direction" renders nothing); not an
    everyday modifier ("good" of 人情's "good turn": "do our best"; a rarer
    one stays: "main" of 主体's "main part"); and nothing of a negated sense,
    whose other word alone says the opposite (难 "not good": "good")."""
    from ...resources.wordfreqs import zipf

    if _NEGATION_KEYS.intersection(k):
        return []
    words = alt.split()
    lower = phrase_keys(" ".join(w for w in words if w[:1].islower()))
    proper = set(phrase_keys(" ".join(
        w for w in words if w[:1].isupper() and not w.isupper()))) if lower else set()
    if any(w.lower() in _PREPOSITIONS for w in words[1:-1]):
        heads = (0,)
    elif words[0][:1].islower() and zipf(words[0].lower()) >= _EVERYDAY_MODIFIER:
        heads = (1,)
    else:
        heads = (0, 1)
    return [k[j] for j in heads
            if k[j] not in _PARTICLE_KEYS and k[j] not in _NUMERAL_KEYS and k[j] not in proper]


def _clean_senses(defs: Iterable[str]) -> Tuple[set, bool]:
    """Key tuples of a piece's senses; and whether a sense is a classifier."""
    keys, classifier = set(), False
    for d in defs:
        if _CLASSIFIER.match(d.strip()):
            classifier = True
            continue
        for alt in alternatives(d):
            k = phrase_keys(alt)
            if 1 <= len(k) <= MAX_GLOSS_WORDS:
                keys.add(k)
                if len(k) == 2:
                    keys.update((w,) for w in _alone(alt, k))
    return keys, classifier


@lru_cache(maxsize=1)
def _jieba_freq() -> Dict[str, int]:
    from ...text.zhwords import _jieba

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
    return {(str(n),), (f"{n}th",)}


class Piece:
    """A piece of a term's Chinese and the glosses that may render it:
    ``direct`` its own, ``extended`` those lent by frequent compounds.

    ``extended`` may be given as the marshal bytes of the set, as the disk
    cache holds it; it is made a set when first asked for. Lent glosses are
    the bulk of the index (83k key tuples over 1,000 pieces, against 6k of
    their own): making them all, then having the collector walk them, took
    20 ms of every run's start, while a whole run asks for those of a few
    dozen pieces (a match tries a lent gloss only on its candidates' pieces,
    and only where a rare word may fill it)."""

    __slots__ = ("zh", "direct", "optional", "_extended")

    def __init__(self, zh: str, direct: FrozenSet[tuple], extended, optional: bool):
        self.zh = zh
        self.direct = direct
        self._extended = extended
        self.optional = optional

    @property
    def extended(self) -> FrozenSet[tuple]:
        x = self._extended
        if type(x) is bytes:
            x = self._extended = marshal.loads(x)
        return x

    def packed(self) -> tuple:
        """The builtins the disk cache stores (see ``extended``)."""
        x = self._extended
        return (self.zh, self.direct, x if type(x) is bytes else marshal.dumps(x),
                self.optional)

    # Equal by value, as when this was a frozen dataclass.
    def _fields(self) -> tuple:
        return (self.zh, self.direct, self.extended, self.optional)

    def __eq__(self, other):
        if not isinstance(other, Piece):
            return NotImplemented
        return self is other or self._fields() == other._fields()

    def __hash__(self):
        return hash(self._fields())

    def __repr__(self):
        return (f"Piece(zh={self.zh!r}, direct={self.direct!r}, "
                f"extended={self.extended!r}, optional={self.optional!r})")


@lru_cache(maxsize=200000)
def piece(zh: str, particle: bool = True) -> Piece:
    """``zh``'s piece; ``particle=False``: a particle character read as a
    word (地 dì "ground" of 接地气, see ``particle_read``)."""
    if particle and zh in _PARTICLES:
        return Piece(zh, frozenset(), frozenset(), True)
    if HAN_NUM.fullmatch(zh) and len(zh) > 1:
        return Piece(zh, frozenset(_number_keys(zh)), frozenset(), False)
    direct, classifier = senses_of(zh)
    direct = set(direct)
    if HAN_NUM.fullmatch(zh):
        direct |= _number_keys(zh)
    extended: set = set()
    if len(zh) == 1:
        for w in _compounds().get(zh, ()):
            extended |= common_senses_of(w)
        extended -= direct
    # A measure word is optional only after a numeral (两张皮: "two skin");
    # the caller decides, knowing the neighbour. Here: optional if it has no
    # other sense at all.
    return Piece(zh, frozenset(direct), frozenset(extended), classifier and not direct)


# Particles whose particle reading is toneless (的 地 得 de, 着 zhe, 了 le):
# elsewhere they are words (接地气 jiē dì qì, "ground"; 着力 zhuó; 了解 liǎo),
# which MT renders.
_TONELESS_PARTICLES = frozenset("的地得着了")


@lru_cache(maxsize=20000)
def _readings(term: str) -> Tuple[str, ...]:
    from pypinyin import Style, pinyin

    return tuple(r[0] for r in pinyin(term, style=Style.TONE3, neutral_tone_with_five=True))


def particle_read(term: str, at: int) -> bool:
    """Whether the character at ``at`` of ``term`` is a particle there: any
    particle but the toneless ones, and those in their toneless reading
    (pypinyin reads the term as a whole, 地 of 接地气 as di4)."""
    c = term[at]
    if c not in _TONELESS_PARTICLES:
        return True
    r = _readings(term)
    return len(r) != len(term) or r[at].endswith("5")


@lru_cache(maxsize=200000)
def is_classifier(zh: str) -> bool:
    return senses_of(zh)[1]


def cuts(term: str, limit: int = 24) -> List[Tuple[str, ...]]:
    """Ways to cut ``term`` into pieces the dictionary knows."""
    from ...text.zhwords import _jieba

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
                if j - i == 1 or w in d or HAN_NUM.fullmatch(w):
                    rec(j, acc + [w])
        rec(0, [])
    return [c for i, c in enumerate(out) if i == 0 or not _splits_common_word(term, c)]


# A dictionary word at least this frequent in jieba's dictionary (系统 20,602,
# 观念 4,115) is one MT knows: it renders it whole, never character by character ("系统"
# as "department" + "unify"). Rarer words (路政 16, 头雁 7) it may split.
SPLIT_FREQ = 1_000


# A rare word (压线 3) never wins a segmentation against a frequent word it
# overlaps (高压 925): 高压线 is 高压 + 线 to every segmenter, never 高 + 压线.
RARE_PIECE_FREQ = 10
OVERLAP_FREQ = 100


def _splits_common_word(term: str, cut: Tuple[str, ...]) -> bool:
    """Whether ``cut`` reads a frequent word of ``term`` by its characters
    (the word's edges are piece boundaries and so is a place inside it), or
    holds a rare word that cuts through a frequent one."""
    spans = []
    at = 0
    for p in cut:
        spans.append((at, at + len(p)))
        at += len(p)
    bounds = {0} | {b for _, b in spans}
    freq = _jieba_freq()
    d = cedict()
    for (a, b), p in zip(spans, cut):
        if len(p) < 2 or len(p) == len(term) or freq.get(p, 0) >= RARE_PIECE_FREQ:
            continue
        for x in range(len(term)):
            for y in range(x + 2, min(len(term), x + 4) + 1):
                if (x < a < y <= b or a <= x < b < y) and freq.get(term[x:y], 0) >= OVERLAP_FREQ:
                    return True
    for a in bounds:
        # A numeral and what follows (一刀, 四个) reads the same split.
        if a < len(term) and HAN_NUM.match(term[a]):
            continue
        for b in range(a + 2, min(len(term), a + 4) + 1):
            w = term[a:b]
            if b in bounds and any(k in bounds for k in range(a + 1, b)) \
                    and freq.get(w, 0) >= SPLIT_FREQ and w in d:
                return True
    return False
