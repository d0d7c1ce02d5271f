"""The calque check's page scan: which clauses of a page can hold a calque
the rules accept, found in one pass over the page's words before any
matching."""
from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from ...core.memo import Memo
from ...resources.wordfreqs import zipf
from . import accept
from .accept import FIGURATIVE_DOMAINS, MARKED_ZIPF, RARE_ZIPF, figurative_starts

# -- the scan ------------------------------------------------------------------
#
# Every match begins with a pair of neighbouring content words: the last word
# of a gloss that opens a pattern, then the first word of a gloss of the
# pattern's next piece. ``Acceptor`` narrows which pairs can lead anywhere:
# - a figurative term's rendering made of direct glosses needs nothing else,
#   nor a name's (``accept.NAME_DOMAINS``: the acceptor reads its shape);
# - any other rendering of direct glosses needs, in its clause, a marked word
#   (outside the register, Zipf < 4.5) that glosses an opaque piece;
# - a rendering through a lent gloss needs a rare word (Zipf < 3.5, outside
#   the register) that is a word of some lent gloss.
# So the pairs of all patterns are numbered once, with a class per pair, and
# each token gets a code (word number, and whether it can be either kind of
# marked word). A page is then scanned in one pass over its words, and only
# the clauses holding a pair whose condition is met go to ``index.match``;
# the rest could only yield candidates the acceptor would veto, so the
# findings are the same as matching every clause.

# Token codes: (word number << 2) | marks; the two negative codes keep no
# mark bits, so ``code & 3`` needs no masking.
_STOP = -8      # a function word: skipped, as in matching
_BREAK = -4     # punctuation: ends a clause
_OPAQUE_MARK = 1
_LENT_MARK = 2
_FIG, _DIRECT = 1, 2     # classes of the pairs of direct glosses (bits)
# Clauses whose matches are remembered, and runs whose calques are, per
# index. Small: memory must not grow with the corpus (the pages' repeated
# runs stay in by recency of use anyway, emptied only when full).
MEMO_SIZE = 2_048


class Scan:
    """The pair tables of one index and the token codes they imply."""

    def __init__(self, index, state: dict):
        from array import array

        self.index = index
        self.register = index.register
        self.ids = state["ids"]
        self.width = state["width"]
        # The tables as _scan_state wrote them (numpy int32 or int64, native
        # order), read with the array module: a rule-based run then never
        # imports numpy, a tenth of a second of every process's start.
        code = "i" if self.width ** 2 < 2 ** 31 else "q"
        # Pairs of two direct glosses (with their classes), and pairs with
        # one lent gloss, sorted: looked up with bisect.
        self.direct = array(code, state["direct"])
        self.classes = array("B", state["classes"])
        self.lent = array(code, state["lent_pairs"])
        self.opaque_words = state["opaque"]
        self.lent_words = state["lent"]
        # Token text -> code; bounded like _english's key cache.
        self.codes = Memo(200_000)
        # Clause words -> its matches, run text -> its calques (see
        # GarbledCalque._calques).
        self.found = Memo(MEMO_SIZE)
        self.runs = Memo(MEMO_SIZE)
        # Pair code -> class, for ``clauses`` (built on first use).
        self._direct_classes = None

    def code(self, tok: str) -> int:
        from ...text.english import key_of

        k = key_of(tok)
        if k is None:
            return _BREAK
        if not k:
            return _STOP
        code = self.ids.get(k, 0) << 2
        if k not in self.register:
            op, le = k in self.opaque_words, k in self.lent_words
            if op or le:
                z = zipf(tok.lower())
                if op and z < MARKED_ZIPF:
                    code |= _OPAQUE_MARK
                if le and z < RARE_ZIPF:
                    code |= _LENT_MARK
        return code

    def _codes(self, toks: list) -> list:
        cache = self.codes
        try:
            return list(map(cache.__getitem__, toks))
        except KeyError:
            new = set(toks).difference(cache)
            cache.room(len(new))
            if not cache:  # emptied: every token is new
                new = set(toks)
            for t in new:
                cache[t] = self.code(t)
            return list(map(cache.__getitem__, toks))

    def clauses(self, toks: list):
        """For each clause of ``toks`` that may hold an accepted calque, in
        order: its token numbers, the positions (among its words) where a
        live pair begins, and whether it holds a marked word of an opaque
        piece and a rare word of a lent gloss.

        One pass in Python over the page's words: a page has a few hundred,
        too few for array operations to pay for their calls."""
        if not len(self.direct):
            return
        direct = self._direct_classes
        if direct is None:
            direct = self._direct_classes = dict(zip(self.direct.tolist(), self.classes.tolist()))
        codes = self._codes(toks)
        # The words and breaks, without the function words.
        pos = [i for i, x in enumerate(codes) if x != _STOP]
        if len(pos) < 2:
            return
        width = self.width
        clause = 0
        opaque_mark = [False]
        lent_mark = [False]
        ends = []   # where each clause ends (its break), among ``pos``
        pairs = []  # (position, pair code, clause) of neighbouring words
        prev = -1
        for k, i in enumerate(pos):
            x = codes[i]
            if x == _BREAK:
                ends.append(k)
                clause += 1
                opaque_mark.append(False)
                lent_mark.append(False)
                prev = -1
                continue
            # A word outside every gloss is number 0.
            w = x >> 2
            if x & _OPAQUE_MARK:
                opaque_mark[clause] = True
            if x & _LENT_MARK:
                lent_mark[clause] = True
            if w > 0 and prev > 0:
                pairs.append((k - 1, prev * width + w, clause))
            prev = w
        if not pairs:
            return
        live = []
        lent_only = []
        for n, (_, pair, c) in enumerate(pairs):
            cls = direct.get(pair, 0)
            ok = bool(cls & _FIG) or (cls != 0 and (opaque_mark[c] or lent_mark[c]))
            live.append(ok)
            if not ok and lent_mark[c]:
                lent_only.append(n)
        # A lent pair only counts where a rare word may fill the lent gloss.
        lent = self.lent
        if lent_only and len(lent):
            for n in lent_only:
                key = pairs[n][1]
                at = bisect_left(lent, key)
                if at < len(lent) and lent[at] == key:
                    live[n] = True
        if not any(live):
            return
        ends.append(len(pos))
        byclause: dict = {}
        for (k, _, c), ok in zip(pairs, live):
            if ok:
                byclause.setdefault(c, []).append(k)
        for c, ks in byclause.items():
            lo = ends[c - 1] + 1 if c else 0
            yield (pos[lo:ends[c]], {k - lo for k in ks}, opaque_mark[c], lent_mark[c])


class Offsets:
    """Where the tokens of Latin runs joined by "[" lie in their own run,
    worked out only for the runs a finding lies in."""

    def __init__(self, runs: list, toks: list):
        self.texts, self.toks = runs, toks
        from ...text.english import separators

        self.seps = separators(toks)
        self.bounds: dict = {}

    def token(self, j: int) -> tuple:
        """(run number, start, end) of token ``j``."""
        from bisect import bisect_right

        from ...text.english import token_bounds

        r = bisect_right(self.seps, j)
        first = self.seps[r - 1] + 1 if r else 0
        b = self.bounds.get(r)
        if b is None and r < len(self.texts):
            b = self.bounds[r] = token_bounds(self.texts[r])
        k = 2 * (j - first)
        if b is not None and k + 2 < len(b) and self.texts[r][b[k + 1]:b[k + 2]] == self.toks[j]:
            return r, b[k + 1], b[k + 2]
        # A run holding "[" after all (the segmenter changed): count afresh.
        return self._slow(j)

    def _slow(self, j: int) -> tuple:
        from ...text.english import TOKEN_RE

        n = 0
        for r, run in enumerate(self.texts):
            if r:
                n += 1  # the joining "["
            for m in TOKEN_RE.finditer(run):
                if n == j:
                    return (r,) + m.span()
                n += 1
        raise IndexError(j)


def _scan_state(index) -> dict:
    """The pair tables of ``Scan`` as builtins (for the disk cache)."""
    import numpy as np

    from .._calque import opaque

    fig = figurative_starts(index)
    n = len(index.starts)
    # Per start: last words of the glosses opening it (direct, lent) and
    # first words of the glosses of its next piece (direct, lent).
    kd = [set() for _ in range(n)]
    kl = [set() for _ in range(n)]
    gd = [set() for _ in range(n)]
    gl = [set() for _ in range(n)]
    for k, sids in index.first_set.items():
        lent = index.first_x.get(k, ())
        for sid in sids:
            (kl if sid in lent else kd)[sid].add(k[-1])
    for g, sids in index.opens.items():
        for sid in sids:
            gd[sid].add(g[0])
    for g, sids in index.opens_x.items():
        for sid in sids:
            gl[sid].add(g[0])
    words = sorted(set().union(*kd, *kl, *gd, *gl))
    ids = {w: i for i, w in enumerate(words, 1)}
    width = len(words) + 1
    codes, classes = [], []

    def add(a, b, cls):
        if a and b:
            x = np.array([ids[w] for w in a], dtype=np.int64)
            y = np.array([ids[w] for w in b], dtype=np.int64)
            codes.append((x[:, None] * width + y[None, :]).ravel())
            classes.append(np.full(len(a) * len(b), cls, dtype=np.uint8))

    for sid in range(n):
        add(kd[sid], gd[sid], _DIRECT | (_FIG if sid in fig else 0))
    dtype = np.int32 if width ** 2 < 2 ** 31 else np.int64
    if codes:
        allc = np.concatenate(codes)
        uniq, inv = np.unique(allc, return_inverse=True)
        cls = np.zeros(len(uniq), dtype=np.uint8)
        np.bitwise_or.at(cls, inv, np.concatenate(classes))
    else:
        uniq, cls = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint8)
    codes, classes = [], []
    for sid in range(n):
        add(kd[sid], gl[sid], 0)
        add(kl[sid], gd[sid], 0)
    lent_pairs = np.setdiff1d(np.concatenate(codes), uniq) if codes else np.zeros(0, np.int64)
    opaque_words: set = set()
    lent_words: set = set()
    seen = set()
    for pat, _ in index.starts:
        if id(pat) in seen:
            continue
        seen.add(id(pat))
        approved = index.term_keys.get(pat.term.zh, set())
        for pidx, p in enumerate(pat.pieces):
            if opaque(pat, pidx, approved):
                for k in p.direct:
                    opaque_words.update(k)
            for k in p.extended:
                lent_words.update(k)
    return {"ids": ids, "width": width, "direct": uniq.astype(dtype).tobytes(),
            "classes": cls.tobytes(), "lent_pairs": lent_pairs.astype(dtype).tobytes(),
            "opaque": frozenset(opaque_words),
            "lent": frozenset(lent_words)}


@lru_cache(maxsize=8)
def scan_for(index) -> Scan:
    from ...core import diskcache as _diskcache

    key = getattr(index, "cache_key", None)
    name = key and _diskcache.key("calque-scan", (key, sorted(FIGURATIVE_DOMAINS),
                                                  sorted(accept.NAME_DOMAINS)), (),
                                  (__file__, accept.__file__))
    state = _diskcache.get(name) if name else None
    if state is not None:
        try:
            return Scan(index, state)
        except (KeyError, TypeError, ValueError):
            pass
    state = _scan_state(index)
    if name:
        _diskcache.put(name, state)
    return Scan(index, state)
