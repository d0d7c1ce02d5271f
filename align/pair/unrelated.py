"""English sentences that render nothing of the source: a sentence put in the
place of its translation (a segment pasted from another text, a translation
memory match of another sentence).

No single measure finds them on literary text. A free translation is as far
from its source by cosine as an unrelated sentence often is, and short
replies share no dictionary words with anything. So several weak, independent
pieces of evidence are weighed together (``score``):

* the bead's cosine, in robust deviations below the document's typical 1-1
  cosine (``zb``);
* how unlike the English sentences around it the sentence is (``coh``): a
  translation, however free, goes on telling the story its neighbours tell;
* how unlike the source sentences around its bead it is at best (``ax``,
  ``_unlike_surroundings``);
* the share of its English words the dictionary finds in the source around
  (``lexe``), and the share of the source's words found in it (``lexz``);
* whether it names, in pinyin, someone or somewhere the Chinese document
  never mentions (``foreign``): a translator may name a person the source
  calls "she", never one the source does not have;
* its length (``words``; short replies say little) and whether the aligner
  folded it into a bead with other English sentences (``multi``);
* how much better the bead's English reads without it (``drop``), how badly
  the source sentences of its bead lack English near them (``orphan``);
* how many source sentences around are nearer to it than its own, and how
  many English sentences around are nearer to its bead's source than it is
  (``rank``, ``srank``, ``_ranks``);
* whether it stands at the edge of its bead next to a source sentence the
  aligner left without English (``gap``): the translation put out of its
  place leaves exactly that, its stranger folded into the bead beside;
* whether it names someone or somewhere no other sentence of the English
  document names (``lone``, ``names_in``): a story's people come back, and
  a sentence of another story brings its own.

The weights are a logistic regression fitted on swapped sentences in
damaged copies of MAC-Dev (``benchmarks/fit_unrelated.py``, which prints
them and the false alarms at each threshold); MAC-Test is not used.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

#: Feature order of ``WEIGHTS`` (``features``).
FEATURES = ("zb", "coh", "ax", "lexe", "lexz", "foreign", "words", "multi", "drop", "orphan",
            "rank", "srank", "gap", "lone")
#: Fitted by ``benchmarks/fit_unrelated.py`` on MAC-Dev (see the module text).
WEIGHTS = (0.50, 0.87, 0.55, -3.91, -4.13, 3.57, 1.51, -2.20, 1.72, 0.63, -0.73, 3.79, 3.30, 2.08)
INTERCEPT = -3.07
#: Reported from this score up. On MAC-Dev as it is it reports about 1.6
#: sentences per 1,000 (``fit_unrelated.py``'s table).
MIN_SCORE = 4.0
#: English sentences either side whose vectors a sentence is compared with
#: for ``coh``.
COHERENCE_REACH = 3
#: Sentences either side of the bead whose dictionary words ``lexe`` counts.
LEX_REACH = 1
#: English words a sentence needs to be judged: a reply of one or two embeds
#: too loosely (as for ``pair.low_similarity``).
MIN_WORDS = 3
#: Sentences either side among which ``rank`` and ``srank`` are taken.
RANK_REACH = 5
#: A capitalised word opening a sentence is a name only when rarer than
#: this in English.
NAME_ZIPF = 3.0
#: ``words`` saturates here: past it, length says nothing more.
WORDS_CAP = 30

_NAME_RUN = re.compile(r"[A-Z][a-z]+(?:['\u2019-][a-z]+)?(?:[ -][A-Z][a-z]+(?:['\u2019-][a-z]+)?)*")
_POSSESSIVE = re.compile(r"['\u2019]s$")


def pinyin_names(text: str) -> List[str]:
    """Runs of capitalised pinyin words in ``text`` that read as a Chinese
    name: two syllables or more, at least one word of them not English
    (``Li Xiuying``, ``Mei-ling``; not ``Long``, not ``Sun``)."""
    from ..text.pinyin import PINYIN_WORD_ZIPF, SURNAME_WORD_ZIPF, SURNAMES, split_pinyin
    from ..resources.wordfreqs import zipf

    def english(word: str) -> bool:
        low = word.lower()
        return zipf(low) >= (SURNAME_WORD_ZIPF if low in SURNAMES else PINYIN_WORD_ZIPF)

    out = []
    for m in _NAME_RUN.finditer(text):
        run: List[str] = []
        # A hyphen joins the syllables of one given name (Mei-ling).
        for tok in m.group().split(" ") + [""]:
            bare = _POSSESSIVE.sub("", tok).replace("-", "")
            if bare and split_pinyin(bare):
                run.append(bare)
                continue
            # An English word that happens to spell pinyin ("Like", "Then")
            # at the start of the run is the sentence's, not the name's.
            while run and english(run[0]):
                run.pop(0)
            if run and sum(len(split_pinyin(x)) for x in run) >= 2:
                out.append(" ".join(run))
            run = []
    return out


@lru_cache(maxsize=65536)
def _readings(ch: str) -> frozenset:
    from pypinyin import Style, pinyin

    got = pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")
    return frozenset(r.replace("ü", "v") for r in got[0]) if got else frozenset()


def name_in(name: str, readings: Sequence[frozenset]) -> bool:
    """Whether the Chinese text of ``readings`` (one set of toneless
    readings per character, every reading of a polyphone) writes ``name``:
    the whole of it, or a word of it of two syllables or more (the source
    may give only the given name the translation completes)."""
    from ..text.pinyin import split_pinyin

    parts = [name] + [w for w in name.split() if len(split_pinyin(w)) >= 2]
    return any(_spelled(p, readings) for p in dict.fromkeys(parts))


def _spelled(name: str, readings: Sequence[frozenset]) -> bool:
    s = re.sub(r"[^a-z]", "", name.lower())
    n = len(readings)
    for i in range(n):
        if not any(s.startswith(r) for r in readings[i] if r):
            continue
        stack = [(i, 0)]
        while stack:
            k, off = stack.pop()
            if off == len(s):
                return True
            if k < n:
                stack.extend((k + 1, off + len(r)) for r in readings[k]
                             if r and s.startswith(r, off))
    return False


_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*")
# What may stand (spaces aside) before a word that opens a sentence or a
# quotation.
_OPENERS = frozenset(".!?:;\"\u201c\u2018'\u2014(")


def names_in(text: str) -> set:
    """The names a sentence writes: capitalised words within a sentence
    (``Trinket``, ``Misty``), and at its start or a quotation's only when
    not an English word (``Qiyao``, not ``Never``)."""
    from ..resources.wordfreqs import zipf

    out = set()
    for m in _WORD.finditer(text):
        w = _POSSESSIVE.sub("", m.group())
        if not w[:1].isupper() or w.isupper() or w in ("I", "I'm", "I'd", "I'll", "I've"):
            continue
        i = m.start()
        while i and text[i - 1].isspace():
            i -= 1  # a look back, not a slice: linear in the sentence
        if (i == 0 or text[i - 1] in _OPENERS) and zipf(w.lower()) >= NAME_ZIPF:
            continue
        out.add(w)
    return out


def _robust_z(values):
    import numpy as np

    med = float(np.median(values))
    mad = max(float(np.median(np.abs(values - med))) * 1.4826, 0.01)
    return (med - values) / mad


def features(res, one, around, bound: Optional[float] = None) -> Dict[int, List[float]]:
    """``FEATURES`` for each English sentence of ``MIN_WORDS`` or more in a
    bead with a source. With ``bound``, the two costly features are
    computed only where the others leave the score able to reach it (a
    sentence left out gets no row)."""
    import numpy as np

    from .lexicon import coverage, en_words

    al = res.alignment
    src, tgt = al.info["sides"]
    med, mad = one
    m, n = len(tgt.vecs), len(src.vecs)
    # Mean cosine with the English sentences within COHERENCE_REACH, one
    # diagonal band at a time (linear in the document).
    total, count = np.zeros(m), np.zeros(m)
    for d in range(1, COHERENCE_REACH + 1):
        if d >= m:
            break
        band = np.einsum("ij,ij->i", tgt.vecs[:-d], tgt.vecs[d:])
        total[:-d] += band
        total[d:] += band
        count[:-d] += 1
        count[d:] += 1
    coh_z = _robust_z(total / np.maximum(count, 1))
    # How badly each source sentence lacks English near its bead: a sentence
    # whose translation was replaced is left with none.
    best = np.zeros(n)
    at = 0
    for bs, bt in al.beads:
        if bt:
            at = bt[0]
        for x in bs:
            lo, hi = max(0, at - COHERENCE_REACH), min(m, at + COHERENCE_REACH + 1)
            best[x] = float((tgt.vecs[lo:hi] @ src.vecs[x]).max()) if hi > lo else 0.0
    orphan_z = _robust_z(best)
    doc_readings = None
    w = dict(zip(FEATURES, WEIGHTS))
    named = [names_in(res.target[slice(*sp)]) for sp in res.tgt_spans]
    seen = Counter(x for ns in named for x in ns)
    out: Dict[int, List[float]] = {}
    beads = al.beads
    for k, (s, t) in enumerate(beads):
        if not s or not t:
            continue
        # A source sentence the aligner left without English beside the
        # bead, on the side of each edge sentence.
        gap_before = k > 0 and bool(beads[k - 1][0]) and not beads[k - 1][1]
        gap_after = k + 1 < len(beads) and bool(beads[k + 1][0]) and not beads[k + 1][1]
        run = src.run_vector(list(s))
        near = range(max(0, s[0] - LEX_REACH), min(n, s[-1] + LEX_REACH + 1))
        found = frozenset().union(*(src.bags[x] for x in near))
        whole = float(run @ tgt.run_vector(list(t))) if len(t) > 1 else 0.0
        for j in t:
            text = res.target[slice(*res.tgt_spans[j])]
            if en_words(text) < MIN_WORDS:
                continue  # a reply of a word or two embeds too loosely to judge
            bag = tgt.bags[j]
            f = {"zb": (med - float(run @ tgt.vecs[j])) / mad,
                 "coh": float(coh_z[j]),
                 "ax": float(around[1][j]) if around is not None else 0.0,
                 "lexe": len(bag & found) / len(bag) if bag else 1.0,
                 "lexz": 0.0, "foreign": 0.0,
                 "words": min(en_words(text), WORDS_CAP) / WORDS_CAP,
                 "multi": float(len(t) > 1),
                 "drop": 0.0,
                 "orphan": max(float(orphan_z[x]) for x in s),
                 "gap": float((gap_before and j == t[0]) or (gap_after and j == t[-1])),
                 "lone": float(any(seen[x] == 1 for x in named[j]))}
            f["rank"], f["srank"] = _ranks(src.vecs, tgt.vecs, s, t, j)
            if len(t) > 1 and j in (t[0], t[-1]):
                rest = [x for x in t if x != j]
                f["drop"] = (float(run @ tgt.run_vector(rest)) - whole) / mad
            partial = INTERCEPT + sum(w[k] * f[k] for k in FEATURES)
            if bound is not None and partial + max(0.0, w["foreign"]) < bound:
                continue
            f["lexz"] = coverage(res.source[res.src_spans[s[0]][0]:res.src_spans[s[-1]][1]], text)
            names = pinyin_names(text)
            if names:
                if doc_readings is None:
                    doc_readings = [_readings(c) for c in res.source]
                f["foreign"] = float(any(not name_in(x, doc_readings) for x in names))
            out[j] = [f[k] for k in FEATURES]
    return out


def _ranks(S, T, s, t, j) -> Tuple[float, float]:
    """Where the English sentence ``j`` and the source of its bead ``s``
    stand among their neighbours (``RANK_REACH`` either side), as shares of
    the neighbours that beat them: the source sentences nearer ``j`` than
    its own best one, and, for the source sentence it serves worst, the
    English sentences nearer that one than ``j``. A translation, however
    loose, usually beats the sentences around; a sentence of another text
    beats them only by chance."""
    n, m = len(S), len(T)
    own = [float(S[x] @ T[j]) for x in s]
    lo, hi = max(0, s[0] - RANK_REACH), min(n, s[-1] + RANK_REACH + 1)
    rank = float((S[lo:hi] @ T[j] > max(own) + 1e-6).sum()) / max(1, hi - lo - len(s))
    lo, hi = max(0, t[0] - RANK_REACH), min(m, t[-1] + RANK_REACH + 1)
    srank = max(float((T[lo:hi] @ S[x] > c + 1e-6).sum()) for x, c in zip(s, own))
    return rank, srank / max(1, hi - lo - 1)


def score(vector: Sequence[float]) -> float:
    return INTERCEPT + sum(a * b for a, b in zip(WEIGHTS, vector))


def unrelated(res, one, around) -> List[Tuple[int, float]]:
    """English sentences whose ``score`` reaches ``MIN_SCORE``, with it."""
    if one is None or len(res.alignment.info["sides"][1].vecs) < 8:
        return []
    got = features(res, one, around, bound=MIN_SCORE)
    return [(j, sc) for j, sc in ((j, score(v)) for j, v in sorted(got.items()))
            if sc >= MIN_SCORE]
