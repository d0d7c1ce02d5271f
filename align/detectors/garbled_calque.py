"""Literal calques of established terms, found without the Chinese source.

Machine translation renders a term it does not know one dictionary sense per
piece: 头雁 (pacesetter) becomes "head goose", 两张皮 (a disconnect)
"two pieces of skin". ``_calque`` generates, for every term of the termbases, the
sequences of glosses such a rendering is made of, and this check looks for
them in the English clauses of a page (content words stemmed, function words
folded). Nothing here lists a bad rendering; the dictionary and the termbase
produce them. A finding names the term and suggests its approved rendering.

Two smaller rules live here because they share the termbase:

- ``garbled.termbase``: a rendering a user termbase marks as rejected
  (column ``avoid``, TBX ``deprecatedTerm``), matched verbatim.
- ``garbled.ordinal``: Party congresses, plenary sessions and five-year plans
  are numbered with ordinals; "the Party's 19" or "the 19 National Congress"
  is a calque of 党的二十大 / 十九大, whose numeral Chinese leaves bare.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Iterator

from ..core import recache
from ..text.document import Document
from ..core.findings import Finding
from . import Detector, register
from ..text.english import add_literals, literals

_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
_NUM = r"(?:[1-9]\d?|" + "|".join(_NUMBER_WORDS) + r")"
_NUMBERED = (r"(?:(?:CPC|Party|CCP)\s+)?(?:National\s+)?Congress|Plenary\s+Session|"
             r"Central\s+Committee|Five[- ]Year\s+Plan|NPC|CPPCC")
# "the Party's 19 big", "the Party's nineteen victory": a bare cardinal after
# the possessive, not followed by a plural noun ("the Party's 90 years").
_ORDINAL_RE = recache.compile(
    r"\b(?:the\s+)?(?:Party|CPC|CCP)['\u2019]s\s+(" + _NUM + r")\b(?!\s*(?:th|st|nd|rd)\b)"
    r"(?!\s+[A-Za-z]+s\b)(?!\s*%)(?!\s+(?:per|percent|million|billion|thousand|hundred)\b)"
    r"(?:\s+(?!and\b|of\b|in\b|to\b)[A-Za-z]+)?"
    r"|\bthe\s+(" + _NUM + r")\s+(?=(?:" + _NUMBERED + r")\b)(?:" + _NUMBERED + r")",
    re.I)


# Where a match of _ORDINAL_RE can begin is known from two anchors that a
# fast substring search finds: an owner with its apostrophe ("party'") for
# the first branch, the first word of a _NUMBERED alternative for the second
# (walking back over "the", a numeral and the spaces between). Trying the
# regex only there finds what ``finditer`` finds, without running it at every
# character of every page.
_OWNERS = ("party'", "party\u2019", "cpc'", "cpc\u2019", "ccp'", "ccp\u2019")
_NUMBERED_HEADS = ("cpc", "party", "ccp", "national", "congress", "plenary", "central",
                   "five", "npc", "cppcc")
# Characters re.IGNORECASE matches to an ASCII letter that str.lower() does
# not lower to it (dotted and dotless i, long s, Kelvin sign).
_FOLDS = "\u0130\u0131\u017f\u212a"


# Found with the other checks' literal words in one pass over the page
# (``_english.literals``).
_OWNER = "garbled_calque.ordinal"
add_literals(_OWNER, [*((w, True) for w in _OWNERS), *((w, False) for w in _NUMBERED_HEADS)])


def _ordinal_starts(text: str):
    """Sorted positions where an _ORDINAL_RE match may begin; None when the
    anchors cannot be trusted (then every position may)."""
    if any(c in text for c in _FOLDS):
        return None
    # Without those letters the folded text is ``text.lower()``.
    low, hits = literals(text)
    if hits is None:
        return None
    starts = set()
    for q, owners in hits:
        for who, owner in owners:
            if who != _OWNER:
                continue
            r = q
            while r and text[r - 1].isspace():
                r -= 1
            if owner:
                starts.add(q)
                if r < q and r >= 3:
                    starts.add(r - 3)  # "the" before the owner
                continue
            # "the", spaces, a numeral, spaces, then the head word.
            u = r
            while u and text[u - 1].isalnum():
                u -= 1
            v = u
            while v and text[v - 1].isspace():
                v -= 1
            if r < q and u < r and v < u and v >= 3:
                starts.add(v - 3)
    return sorted(starts)


def ordinal_matches(text: str):
    """``_ORDINAL_RE.finditer(text)``, tried only where a match may begin."""
    starts = _ordinal_starts(text)
    if starts is None:
        yield from _ORDINAL_RE.finditer(text)
        return
    end = 0
    for p in starts:
        if p < end:
            continue
        m = _ORDINAL_RE.match(text, p)
        if m:
            end = m.end()
            yield m


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }".replace(" ", "")


@lru_cache(maxsize=8)
def _avoid_automaton(paths):
    """Aho-Corasick automaton over the lower-cased rejected renderings."""
    import ahocorasick

    from ..resources.termbase import load

    auto = ahocorasick.Automaton()
    n = 0
    for t in load(paths):
        for bad in t.avoid:
            key = " ".join(bad.lower().split())
            if len(key) >= 3:
                auto.add_word(key, (key, t))
                n += 1
    if not n:
        return None
    auto.make_automaton()
    return auto


# Words at least this frequent (Zipf scale) are ordinary English, too
# common to betray a calque on their own.
MARKED_ZIPF = 4.5
# A gloss lent by a compound must be a rare word (stationery, incision).
RARE_ZIPF = 3.5


def _zipf(word: str) -> float:
    from ..resources.wordfreqs import zipf

    return zipf(word)


# Plain vocabulary (firms, ports, titles, dates): a literal rendering of it
# ("subordinate enterprises") is translationese a reader understands, not a
# mistranslation. Coined terms, idioms, slogans and campaigns are opaque.
PLAIN_DOMAINS = frozenset({"enterprise", "port", "park", "title", "time", "government",
                           "document"})


# Domains whose terms are figures, abbreviations or coinages.
FIGURATIVE_DOMAINS = frozenset({"idiom", "slogan", "campaign", ""})


class _Acceptor:
    """Keeps a candidate only if it is evidently not the approved sense:
    some piece the approved rendering translates non-literally (an opaque
    piece) is rendered here by a word foreign to the register of these pages
    (no approved rendering uses it) and not among the most common English
    words. A gloss lent by a compound (文 as 文具) must itself be such a
    word."""

    def __init__(self, index, keys, words):
        self.index = index
        self.keys = keys
        self.words = words

    def marked(self, i: int, n: int, zipf: float = 0.0) -> bool:
        register = self.index.register
        for k, w in zip(self.keys[i:i + n], self.words[i:i + n]):
            if k not in register and _zipf(w.lower()) < (zipf or MARKED_ZIPF):
                return True
        return False

    def __call__(self, pattern, path) -> bool:
        from ._calque import opaque

        if pattern.term.domain.lower() in PLAIN_DOMAINS:
            return False
        approved = self.index.term_keys.get(pattern.term.zh, set())
        # A term the dictionary does not know is an abbreviation or a coined
        # figure (创文, 两张皮): any literal rendering of its opaque pieces is
        # wrong, however ordinary the English words.
        figurative = pattern.term.domain.lower() in FIGURATIVE_DOMAINS
        coined = figurative and pattern.term.zh not in self.index.in_dict
        hit = lent_any = anchored = False
        for pidx, i, n, lent in path:
            mk = self.marked(i, n) or (figurative and not lent)
            if lent:
                if not self.marked(i, n, RARE_ZIPF):
                    return False
                lent_any = True
            elif any(k in approved for k in self.keys[i:i + n]):
                anchored = True
            if mk and (lent or opaque(pattern, pidx, approved)):
                hit = True
        if lent_any and not anchored:
            # Reading a character as some compound is a guess; trust it for
            # abbreviations the dictionary does not know (创文), or when the
            # rest of the rendering is the approved one ("breakthrough ...").
            if not coined:
                return False
        return hit


@lru_cache(maxsize=8)
def _figurative_starts(index) -> frozenset:
    return frozenset(sid for sid, (pat, _) in enumerate(index.starts)
                     if pat.term.domain.lower() in FIGURATIVE_DOMAINS)


# -- the scan ------------------------------------------------------------------
#
# Every match begins with a pair of neighbouring content words: the last word
# of a gloss that opens a pattern, then the first word of a gloss of the
# pattern's next piece. ``_Acceptor`` narrows which pairs can lead anywhere:
# - a figurative term's rendering made of direct glosses needs nothing else;
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


class _Scan:
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
        self.codes: dict = {}
        # Clause words -> its matches, run text -> its calques (see
        # GarbledCalque._calques).
        self.found: dict = {}
        self.runs: dict = {}
        # Pair code -> class, for ``clauses`` (built on first use).
        self._direct_classes = None

    def code(self, tok: str) -> int:
        from ..text.english import key_of

        k = key_of(tok)
        if k is None:
            return _BREAK
        if not k:
            return _STOP
        code = self.ids.get(k, 0) << 2
        if k not in self.register:
            op, le = k in self.opaque_words, k in self.lent_words
            if op or le:
                z = _zipf(tok.lower())
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
            if len(cache) > 200_000:
                cache.clear()
            for t in set(toks).difference(cache):
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


# Clauses whose matches are remembered, per index. Small: memory must not
# grow with the corpus (the pages' repeated runs stay in by recency of use
# anyway, cleared only when full).
_MEMO_SIZE = 2_048


class _Offsets:
    """Where the tokens of Latin runs joined by "[" lie in their own run,
    worked out only for the runs a finding lies in."""

    def __init__(self, runs: list, toks: list):
        self.texts, self.toks = runs, toks
        from ..text.english import separators

        self.seps = separators(toks)
        self.bounds: dict = {}

    def token(self, j: int) -> tuple:
        """(run number, start, end) of token ``j``."""
        from bisect import bisect_right

        from ..text.english import token_bounds

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
        from ..text.english import TOKEN_RE

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
    """The pair tables of ``_Scan`` as builtins (for the disk cache)."""
    import numpy as np

    from ._calque import opaque

    fig = _figurative_starts(index)
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
def _scan_for(index) -> _Scan:
    from ..core import diskcache as _diskcache

    key = getattr(index, "cache_key", None)
    name = key and _diskcache.key("calque-scan", key, (), (__file__,))
    state = _diskcache.get(name) if name else None
    if state is not None:
        try:
            return _Scan(index, state)
        except (KeyError, TypeError, ValueError):
            pass
    state = _scan_state(index)
    if name:
        _diskcache.put(name, state)
    return _Scan(index, state)


def latin_spans(doc: Document) -> list:
    """``(start, end)`` of the Latin-script runs of every segment (worked
    out once per document: ``Document.latin_spans``)."""
    return doc.latin_spans


@register
class GarbledCalque(Detector):
    name = "garbled_calque"
    description = ("literal calques of termbase terms, generated from CC-CEDICT glosses, "
                   "with the approved rendering as suggestion")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        from ._calque import index_for

        paths = tuple(self.config.termbases)
        text = doc.text
        spans = latin_spans(doc)
        if spans:
            # Plain-domain terms are never reported (see _Acceptor): no patterns.
            yield from self._calques(index_for(paths, PLAIN_DOMAINS), doc.latin_texts, spans)
        yield from self._ordinals(text)
        yield from self._avoided(text, paths)

    def _calques(self, index, runs: list, spans: list) -> Iterator[Finding]:
        """Calques in the Latin runs ``runs``, the texts of ``spans``."""
        scan = _scan_for(index)
        # Pages repeat their runs (navigation, slogans, whole sentences
        # across a site); what a run holds depends on its text alone.
        memo = scan.runs
        got = list(map(memo.get, runs))
        if None in got:
            todo = [i for i, g in enumerate(got) if g is None]
            if len(memo) > _MEMO_SIZE:
                memo.clear()
            for i, found in zip(todo, self._match_runs(index, scan, [runs[i] for i in todo])):
                got[i] = memo[runs[i]] = found
        for i in [i for i, g in enumerate(got) if g]:
            base = spans[i][0]
            for a, b, term, conf in got[i]:
                yield Finding(base + a, base + b, "garbled", "garbled.calque", severity="major",
                              suggestion=term.suggestion, confidence=conf,
                              note=f"literal rendering of {term.zh}",
                              extra={"term": term.zh})

    @staticmethod
    def _match_runs(index, scan, runs: list) -> list:
        """For each Latin run, its calques as ``(start, end, term,
        confidence)`` with offsets into the run."""
        from ..text.english import TOKEN_RE, key_of

        # The runs joined by "[" tokenize as each run does alone: a token
        # never reaches past a run's end, and "[" (a clause break) never lies
        # inside a run (scripts._BREAKING), so the k-th "[" ends the k-th run.
        joined = "[".join(runs)
        toks = TOKEN_RE.findall(joined)
        out: list = [() for _ in runs]
        memo = scan.found
        offsets = None
        figurative = _figurative_starts(index)
        for nums, live, opaque_mark, lent_mark in scan.clauses(toks):
            words = tuple([toks[j] for j in nums])
            # What a clause holds depends on its words alone.
            got = memo.get(words)
            if got is None:
                keys = [key_of(w) for w in words]
                # Candidates the acceptor would veto are not generated: a
                # lent gloss needs a rare word, a term outside the figurative
                # domains a marked word (see the scan above).
                got = index.match(keys, max_extended=1 if lent_mark else 0,
                                  accept=_Acceptor(index, keys, words),
                                  only=None if opaque_mark or lent_mark else figurative,
                                  ends=live)
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[words] = got
            for m in got:
                if offsets is None:
                    offsets = _Offsets(runs, toks)
                r, a, _ = offsets.token(nums[m.start])
                b = offsets.token(nums[m.end - 1])[2]
                n = m.end - m.start
                conf = 0.9 - 0.3 * m.extended - 0.05 * m.skipped + 0.02 * min(n - 2, 3)
                out[r] += ((a, b, m.pattern.term, round(max(0.1, min(conf, 0.95)), 3)),)
        return out

    def _ordinals(self, text: str) -> Iterator[Finding]:
        for m in ordinal_matches(text):
            raw = (m.group(1) or m.group(2)).lower()
            n = int(raw) if raw.isdigit() else _NUMBER_WORDS.index(raw) + 1
            if not 1 <= n <= 30:
                continue
            yield Finding(m.start(), m.end(), "garbled", "garbled.ordinal", severity="major",
                          suggestion=f"the {_ordinal(n)} CPC National Congress"
                          if m.group(1) else f"the {_ordinal(n)} " + m.group(0).split(None, 2)[2],
                          confidence=0.8,
                          note="congresses, plenums and plans are numbered with ordinals")

    def _avoided(self, text: str, paths) -> Iterator[Finding]:
        auto = _avoid_automaton(paths)
        if auto is None:
            return
        low = text.lower()
        for end, (key, term) in auto.iter(low):
            start = end - len(key) + 1
            if (start > 0 and low[start - 1].isalnum()) or (end + 1 < len(low) and low[end + 1].isalnum()):
                continue
            yield Finding(start, end + 1, "garbled", "garbled.termbase", severity="major",
                          suggestion=term.suggestion, confidence=0.95,
                          note=f"rejected rendering of {term.zh} in the termbase",
                          extra={"term": term.zh})
