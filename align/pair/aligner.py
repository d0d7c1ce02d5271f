"""Sentence alignment of a Chinese text with its English translation.

A translation is a monotone chain of *beads*: ``i`` consecutive source
sentences rendered by ``j`` consecutive target sentences, with 1-0 beads for
what the translator left out and 0-1 beads for what they added. Finding the
chain is a dynamic program over the grid of (source sentences used, target
sentences used), as in Gale-Church, Vecalign and Bertalign. Three choices make
this one work on a weak, fast sentence encoder:

*A band.* The chain runs near the diagonal, so the program only visits a band
of fixed width around it. If the chosen path comes close to the band's edge,
the band is recentred on the path and the program runs again. Time and memory
grow linearly with the length of the documents.

*More evidence per bead.* Every candidate bead is described by a handful of
features: the cosine of the embeddings of the bead's two sides, each side's
sentences run together into one text as Bertalign does (a sum of sentence
vectors is a poor stand-in: a 2-2 bead then looks like two weak 1-1 beads);
the cosine against the sentences' typical similarity (hubs are similar to
everything), the overlap of CC-CEDICT translations of the Chinese words with
the English words (names through pinyin), agreement of numbers, the
deviation of the length ratio from the document's own, and the weakest
sentence in the bead. An omission (1-0) is described by how well its
sentence matches its best partner anywhere in the band, against the
document's distribution of such best matches.

*Runs of sentences for free.* Embedding every run of up to 3 source and 5
target sentences would cost three to five times the sentences' own
embedding. The default model sums its token features before its last dense
layers, so ``embed.PooledUSEEmbedder`` keeps each sentence's sum and the
embedding of a run is those layers applied to the sum of its sentences'
sums, within 0.97-0.99 cosine of embedding the joined text. Other models
fall back to the sum of sentence vectors.

*A fitted scorer.* A bead's score is a linear function of its features, one
weight vector shared by all bead types plus a prior per type. The weights are
fitted on the MAC development set by an averaged structured perceptron that
runs this very dynamic program (``benchmarks/fit_aligner.py``), so they are
tuned for the decisions the program has to make, including when to give up on
a sentence and call it an omission. The weights live in ``aligner_weights.py``.

*Deliberate omission passes.* The program rarely outputs a 1-0 bead: folding
a sentence into a neighbour's bead costs less. Passes after it judge edge
sentences of merged beads (``split_edges``) and, by the program run backwards
too (``null_margins``: what leaving a sentence out costs the whole chain),
any source sentence (``any_choices``); the program then runs again with the
chosen 1-0 beads forced (``force_omissions``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

Bead = Tuple[Tuple[int, ...], Tuple[int, ...]]

#: Bead shapes the program considers: (source sentences, target sentences).
TYPES: List[Tuple[int, int]] = [
    (0, 1), (1, 0), (1, 1), (1, 2), (1, 3), (1, 4), (1, 5),
    (2, 1), (2, 2), (2, 3), (2, 4), (3, 1), (3, 2), (3, 3),
]
PAIR_FEATURES = ["cos", "cos_hub", "lex", "num", "num_any", "len_dev", "len_dev2", "weak",
                 "cos_x", "lex_x", "weak_x", "weak_lex", "weak_lex_x"]
NULL_FEATURES = ["best", "best_rel", "best_lex", "loglen"]
FEATURES = ([f"type_{a}_{b}" for a, b in TYPES] + PAIR_FEATURES
            + [f"om_{f}" for f in NULL_FEATURES] + [f"add_{f}" for f in NULL_FEATURES])
N_TYPES = len(TYPES)
P0 = N_TYPES
O0 = P0 + len(PAIR_FEATURES)
A0 = O0 + len(NULL_FEATURES)
NEG = -1e9


@dataclass
class Alignment:
    beads: List[Bead]
    #: Linear score of each bead (higher is more confident).
    scores: List[float]
    #: Cosine of each bead's two sides (nan for 1-0 and 0-1).
    cosines: List[float]
    #: ``sides``: the two ``Side``s the beads were drawn from (their sentence
    #: vectors, for the checks after alignment); not pickled, since a side
    #: holds its embedder.
    info: Dict[str, object] = field(default_factory=dict)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["info"] = {k: v for k, v in self.info.items() if k != "sides"}
        return state


def format_beads(beads: Sequence[Bead]) -> str:
    """The contract's bead lines: ``[3,4]:[5]``."""
    return "".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n" for s, t in beads)


def parse_beads(text: str) -> List[Bead]:
    out: List[Bead] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        a, b = line.split(":")
        out.append((_ints(a), _ints(b)))
    return out


def _ints(s: str) -> Tuple[int, ...]:
    s = s.strip().strip("[]").strip()
    return tuple(int(x) for x in s.split(",")) if s else ()


# ---------------------------------------------------------------- evidence

@dataclass
class Side:
    """What the aligner knows of one side's sentences."""

    vecs: np.ndarray          # (n, d) normalized
    bags: List[frozenset]     # dictionary/stem tokens
    nums: List[frozenset]     # normalized numbers
    lens: np.ndarray          # characters without spaces
    texts: Sequence[str] = ()
    lang: str = "en"
    #: Pooled token features (``PooledUSEEmbedder``), and that embedder, when
    #: the model lets runs of sentences be embedded without re-reading them.
    pooled: Optional[np.ndarray] = None
    embedder: object = None
    #: Chinese side: the dictionary keys of each word of each sentence.
    words: Optional[List[List[frozenset]]] = None
    _runs: Dict[int, np.ndarray] = field(default_factory=dict)

    def runs(self, size: int) -> Optional[np.ndarray]:
        """Embeddings of every run of ``size`` consecutive sentences (row s:
        sentences s .. s + size - 1), or None without pooled features."""
        if self.pooled is None:
            return None
        if size not in self._runs:
            n = len(self.lens)
            if size == 1:
                self._runs[1] = self.vecs
            elif n < size:
                self._runs[size] = np.zeros((0, self.vecs.shape[1]), np.float32)
            else:
                starts = np.arange(n - size + 1)
                self._runs[size] = self.embedder.head(self.embedder.join(self.pooled, starts, size))
        return self._runs[size]

    def run_vector(self, idx: Sequence[int]) -> np.ndarray:
        """The embedding of consecutive sentences ``idx`` read as one text
        (``runs``), or the normalized sum of their vectors without pooled
        features."""
        idx = list(idx)
        if self.pooled is not None:
            if len(idx) in self._runs:
                return self._runs[len(idx)][idx[0]]
            # One run only: ``runs`` would embed every run of that size.
            return self.embedder.head(self.embedder.join(self.pooled, np.array([idx[0]]),
                                                         len(idx)))[0]
        v = self.vecs[idx].sum(0)
        return v / max(float(np.linalg.norm(v)), 1e-9)


def prepare(sentences: Sequence[str], lang: str, embedder) -> Side:
    from .lexicon import en_bag, numbers_en, numbers_zh, zh_bag_and_words

    pooled = None
    if hasattr(embedder, "pooled") and len(sentences):
        pooled = embedder.pooled(list(sentences))
        vecs = embedder.head(pooled)
    else:
        vecs = embedder.encode(list(sentences)) if len(sentences) else np.zeros((0, 1), np.float32)
    words = None
    if lang == "zh":
        both = [zh_bag_and_words(s) for s in sentences]
        bags = [frozenset(t for t in bag if t[0] != "#") for bag, _ in both]
        words = [w for _, w in both]
        nums = [frozenset(numbers_zh(s)) for s in sentences]
    else:
        bags = [frozenset(t for t in en_bag(s) if t[0] != "#") for s in sentences]
        nums = [frozenset(numbers_en(s)) for s in sentences]
    lens = np.array([len("".join(s.split())) for s in sentences], dtype=np.float64)
    return Side(np.asarray(vecs, dtype=np.float32), bags, nums, lens, list(sentences), lang,
                pooled, embedder if pooled is not None else None, words)


class Band:
    """Rows 0..n of the grid, each a window ``[lo[i], lo[i] + width)`` of
    target positions."""

    def __init__(self, centers: np.ndarray, half: int, m: int):
        self.m = m
        self.width = 2 * half + 1
        lo = np.round(centers).astype(np.int64) - half
        self.lo = np.clip(lo, 0, max(0, m + 1 - self.width))
        self.lo = np.maximum.accumulate(self.lo)

    def cols(self) -> np.ndarray:
        return self.lo[:, None] + np.arange(self.width)[None, :]


def _pair_matrices(src: Side, tgt: Side, slo: np.ndarray, width: int):
    """Sentence-pair similarity, dictionary overlap and shared numbers for
    every source sentence s and target t in ``[slo[s], slo[s] + width)``."""
    n, m = len(src.lens), len(tgt.lens)
    cols = slo[:, None] + np.arange(width)[None, :]
    valid = cols < m
    cc = np.minimum(cols, max(m - 1, 0))
    S = np.zeros((n, width), dtype=np.float32)
    for a in range(0, n, 256):
        block = tgt.vecs[cc[a:a + 256]]                       # (b, w, d)
        S[a:a + 256] = np.einsum("bwd,bd->bw", block, src.vecs[a:a + 256])
    S[~valid] = 0.0
    L = np.zeros((n, width), dtype=np.float32)
    N = np.zeros((n, width), dtype=np.float32)
    tb, tn = tgt.bags, tgt.nums
    for s in range(n):
        sb, sn = src.bags[s], src.nums[s]
        row_l, row_n = L[s], N[s]
        base = int(slo[s])
        for k in range(min(width, m - base)):
            t = base + k
            if sb:
                row_l[k] = len(sb & tb[t])
            if sn:
                row_n[k] = len(sn & tn[t])
    return S, L, N, valid


def _band_index(n, slo, width, s, t):
    """Where cells (s, t) lie in a band matrix of ``n`` rows, and whether
    they are in it: for several matrices of the same band (``_take``)."""
    sc = np.clip(s, 0, n - 1)
    k = t - slo[sc]
    ok = (s >= 0) & (s < n) & (k >= 0) & (k < width)
    return sc, np.clip(k, 0, width - 1), ok


def _take(X, index):
    sc, kc, ok = index
    return np.where(ok, X[sc, kc], 0.0), ok


def _span_norm2(vecs: np.ndarray, size: int) -> np.ndarray:
    """|sum of vecs[x:x+size]|^2 for every start x (length n - size + 1)."""
    n = len(vecs)
    if n < size:
        return np.zeros(0)
    total = np.full(n - size + 1, float(size))
    for lag in range(1, size):
        dots = np.einsum("nd,nd->n", vecs[:-lag], vecs[lag:])     # v_x . v_{x+lag}
        c = np.concatenate([[0.0], np.cumsum(dots)])
        # pairs (p, p+lag) with x <= p and p + lag <= x + size - 1
        x = np.arange(n - size + 1)
        total += 2 * (c[x + size - lag] - c[x])
    return total


def _run_cosines(ru: np.ndarray, rv: np.ndarray, si: np.ndarray, tj: np.ndarray) -> np.ndarray:
    """Cosine of source run ``si[r, k]`` with target run ``tj[r, k]``; a grid
    row has one source run, so blocks of rows keep the gather small."""
    out = np.zeros(si.shape, dtype=np.float32)
    for r0 in range(0, si.shape[0], 64):
        out[r0:r0 + 64] = np.einsum("bwd,bd->bw", rv[tj[r0:r0 + 64]], ru[si[r0:r0 + 64, 0]])
    return out


def features(src: Side, tgt: Side, band: Band) -> Tuple[np.ndarray, np.ndarray]:
    """Feature tensor ``F[type, i, k, f]`` of the bead of each type ending at
    grid cell (i, band.lo[i] + k), and the mask of cells where it is possible."""
    n, m = len(src.lens), len(tgt.lens)
    W = band.width
    lo = band.lo
    # Sentence-level band: wide enough for every bead ending in the grid band.
    slo = np.clip(np.minimum(lo[:-1], lo[1:]) - 6, 0, None) if n else np.zeros(0, np.int64)
    sw = W + 12
    S, L, N, valid = _pair_matrices(src, tgt, slo, sw)

    I = np.arange(n + 1)[:, None] + np.zeros((1, W), dtype=np.int64)
    J = band.cols()
    gridok = J <= m
    ratio = (tgt.lens.sum() + 1.0) / (src.lens.sum() + 1.0)
    csum_len_s = np.concatenate([[0.0], np.cumsum(src.lens)])
    csum_len_t = np.concatenate([[0.0], np.cumsum(tgt.lens)])
    bag_s = np.concatenate([[0.0], np.cumsum([len(b) for b in src.bags])])
    bag_t = np.concatenate([[0.0], np.cumsum([len(b) for b in tgt.bags])])
    num_s = np.concatenate([[0.0], np.cumsum([len(b) for b in src.nums])])
    num_t = np.concatenate([[0.0], np.cumsum([len(b) for b in tgt.nums])])

    # Hubness: a sentence's mean similarity to the band around it.
    cnt = valid.sum(1)
    hub_s = np.where(cnt > 0, S.sum(1) / np.maximum(cnt, 1), 0.0)
    tcols = (slo[:, None] + np.arange(sw)[None, :])[valid]
    hub_t = np.bincount(tcols, weights=S[valid], minlength=m)[:m] / np.maximum(
        np.bincount(tcols, minlength=m)[:m], 1)
    csum_hub_s = np.concatenate([[0.0], np.cumsum(hub_s)])
    csum_hub_t = np.concatenate([[0.0], np.cumsum(hub_t)])
    # Best single partner of every sentence (for omissions and additions).
    Sm = np.where(valid, S, -1.0)
    best_s = Sm.max(1) if n else np.zeros(0)
    best_t = np.full(m, -1.0)
    np.maximum.at(best_t, tcols, S[valid])
    dice = np.where(valid, 2 * L / (np.array([len(b) for b in src.bags])[:, None]
                                    + np.array([len(b) for b in tgt.bags] + [0])[
                                        np.minimum(slo[:, None] + np.arange(sw), m)] + 1), 0)
    lexbest_s = dice.max(1) if n else np.zeros(0)
    lexbest_t = np.zeros(m)
    np.maximum.at(lexbest_t, tcols, dice[valid])
    med_s = float(np.median(best_s)) if n else 0.0
    med_t = float(np.median(best_t)) if m else 0.0

    nsq_s = {a: _span_norm2(src.vecs, a) for a in range(1, 4)}
    nsq_t = {b: _span_norm2(tgt.vecs, b) for b in range(1, 6)}

    F = np.zeros((N_TYPES, n + 1, W, len(FEATURES)), dtype=np.float32)
    ok = np.zeros((N_TYPES, n + 1, W), dtype=bool)
    for ti, (a, b) in enumerate(TYPES):
        i0, j0 = I - a, J - b
        okt = gridok & (i0 >= 0) & (j0 >= 0)
        ok[ti] = okt
        f = F[ti]
        f[..., ti] = 1.0
        if a == 0:
            t = np.clip(J - 1, 0, max(m - 1, 0))
            f[..., A0 + 0] = best_t[t]
            f[..., A0 + 1] = best_t[t] - med_t
            f[..., A0 + 2] = lexbest_t[t]
            f[..., A0 + 3] = np.log1p(tgt.lens[t]) if m else 0
            continue
        if b == 0:
            s = np.clip(I - 1, 0, max(n - 1, 0))
            f[..., O0 + 0] = best_s[s]
            f[..., O0 + 1] = best_s[s] - med_s
            f[..., O0 + 2] = lexbest_s[s]
            f[..., O0 + 3] = np.log1p(src.lens[s]) if n else 0
            continue
        dot = np.zeros(I.shape)
        lex = np.zeros(I.shape)
        num = np.zeros(I.shape)
        colmax = np.full((b,) + I.shape, -1.0)   # per target sentence: best source in bead
        rowmax = np.full((a,) + I.shape, -1.0)
        rowlex = np.zeros((a,) + I.shape)
        collex = np.zeros((b,) + I.shape)
        for da in range(a):
            for db in range(b):
                s, t = I - a + da, J - b + db
                at = _band_index(S.shape[0], slo, sw, s, t)
                v, g = _take(S, at)
                dot += v
                colmax[db] = np.maximum(colmax[db], np.where(g, v, -1.0))
                rowmax[da] = np.maximum(rowmax[da], np.where(g, v, -1.0))
                lv = _take(L, at)[0]
                lex += lv
                rowlex[da] += lv
                collex[db] += lv
                num += _take(N, at)[0]
        si = np.clip(i0, 0, max(len(nsq_s[a]) - 1, 0))
        tj = np.clip(j0, 0, max(len(nsq_t[b]) - 1, 0))
        ns = nsq_s[a][si] if len(nsq_s[a]) else np.ones(I.shape)
        nt = nsq_t[b][tj] if len(nsq_t[b]) else np.ones(I.shape)
        cos = dot / np.sqrt(np.maximum(ns, 1e-6) * np.maximum(nt, 1e-6))
        ru, rv = src.runs(a), tgt.runs(b)
        if ru is not None and rv is not None and len(ru) and len(rv):
            cos = np.where(okt, _run_cosines(ru, rv, si, tj), 0.0)
        ic, jc = np.clip(I, 0, n), np.clip(J, 0, m)
        ic0, jc0 = np.clip(i0, 0, n), np.clip(j0, 0, m)
        hub = ((csum_hub_s[ic] - csum_hub_s[ic0]) / a + (csum_hub_t[jc] - csum_hub_t[jc0]) / b) / 2
        nb = (bag_s[ic] - bag_s[ic0]) + (bag_t[jc] - bag_t[jc0])
        nn = (num_s[ic] - num_s[ic0]) + (num_t[jc] - num_t[jc0])
        ls = csum_len_s[ic] - csum_len_s[ic0]
        lt = csum_len_t[jc] - csum_len_t[jc0]
        dev = np.log((lt + 10.0) / (ratio * ls + 10.0))
        weak = np.minimum(colmax.min(0), rowmax.min(0))
        # The sentence of the bead whose words least find their translation:
        # an omitted sentence merged into its neighbour's bead shows here.
        bs = np.array([len(x) for x in src.bags] + [0], dtype=np.float64)
        bt = np.array([len(x) for x in tgt.bags] + [0], dtype=np.float64)
        wl = np.full(I.shape, 9.0)
        for da in range(a):
            s_ = np.clip(I - a + da, 0, n)
            wl = np.minimum(wl, rowlex[da] / (bs[s_] + 1.0))
        for db in range(b):
            t_ = np.clip(J - b + db, 0, m)
            wl = np.minimum(wl, collex[db] / (bt[t_] + 1.0))
        x = (a + b) / 2.0
        f[..., P0 + 0] = cos
        f[..., P0 + 1] = cos - hub
        f[..., P0 + 2] = 2 * lex / (nb + 1)
        f[..., P0 + 3] = np.where(nn > 0, 2 * num / np.maximum(nn, 1), 0)
        f[..., P0 + 4] = nn > 0
        f[..., P0 + 5] = np.abs(dev)
        f[..., P0 + 6] = dev * dev
        f[..., P0 + 7] = weak
        f[..., P0 + 8] = cos * x
        f[..., P0 + 9] = 2 * lex / (nb + 1) * x
        f[..., P0 + 10] = weak * x
        f[..., P0 + 11] = wl
        f[..., P0 + 12] = wl * x
    return F, ok


# ------------------------------------------------------------ the program

def forward(scores: np.ndarray, ok: np.ndarray, band: Band):
    """Best score of a chain from (0, 0) to every cell, and back-pointers."""
    T, R, W = scores.shape
    lo = band.lo
    D = np.full((R, W), NEG)
    bp = np.full((R, W), -1, dtype=np.int16)
    sc = np.where(ok, scores, NEG)
    ks = np.arange(W)
    type01 = TYPES.index((0, 1))
    for i in range(R):
        row = np.full(W, NEG)
        rbp = np.full(W, -1, dtype=np.int16)
        if i == 0 and lo[0] == 0:
            row[0] = 0.0
        J = lo[i] + ks
        for ti, (a, b) in enumerate(TYPES):
            if a == 0 or a > i:
                continue
            kp = J - b - lo[i - a]
            good = (kp >= 0) & (kp < W)
            cand = np.where(good, D[i - a][np.clip(kp, 0, W - 1)], NEG) + sc[ti, i]
            better = cand > row
            row = np.where(better, cand, row)
            rbp = np.where(better, ti, rbp)
        # 0-1 beads chain along the row: a running maximum does it at once.
        s01 = np.where(ok[type01, i], scores[type01, i], NEG / 1e3)
        C = np.cumsum(s01)
        M = np.maximum.accumulate(row - C)
        chain = C + M
        better = chain > row + 1e-6  # not a rounding error of the cumulative sums
        row = np.where(better, chain, row)
        rbp = np.where(better, type01, rbp)
        D[i], bp[i] = row, rbp
    return D, bp


def backward(scores: np.ndarray, ok: np.ndarray, band: Band) -> np.ndarray:
    """Best score of a chain from every cell to (n, m): ``forward`` run from
    the other end, so that ``D + B`` is the best chain through a cell."""
    T, R, W = scores.shape
    lo, m = band.lo, band.m
    B = np.full((R, W), NEG)
    sc = np.where(ok, scores, NEG)
    ks = np.arange(W)
    type01 = TYPES.index((0, 1))
    for i in range(R - 1, -1, -1):
        row = np.full(W, NEG)
        J = lo[i] + ks
        if i == R - 1:
            row[J == m] = 0.0
        for ti, (a, b) in enumerate(TYPES):
            if a == 0 or i + a > R - 1:
                continue
            kn = J + b - lo[i + a]
            good = (kn >= 0) & (kn < W)
            kc = np.clip(kn, 0, W - 1)
            cand = np.where(good, B[i + a][kc] + sc[ti, i + a][kc], NEG)
            row = np.maximum(row, cand)
        # 0-1 beads chain along the row towards larger j: a running maximum
        # from the right, as in ``forward``.
        s01 = np.where(ok[type01, i], scores[type01, i], NEG / 1e3)
        C = np.cumsum(s01)
        M = np.maximum.accumulate((row + C)[::-1])[::-1]
        row = np.maximum(row, M - C)
        B[i] = row
    return B


def null_margins(scores: np.ndarray, ok: np.ndarray, band: Band, D=None, B=None):
    """How much worse the best chain gets when a sentence must be left
    unmatched: for every source sentence s the best total score with s as a
    1-0 bead, and for every target sentence t with t as a 0-1 bead, each
    subtracted from the best total (0 when the best chain already leaves it
    unmatched). Evidence no single bead has: a sentence the translator left
    out costs the whole alignment little to leave out, even where the
    program chose to fold it into a neighbour's bead."""
    if D is None:
        D = forward(scores, ok, band)[0]
    if B is None:
        B = backward(scores, ok, band)
    R, W = D.shape
    n, m, lo = R - 1, band.m, band.lo
    best = float(D[n, m - lo[n]])
    t10, t01 = TYPES.index((1, 0)), TYPES.index((0, 1))
    ks = np.arange(W)
    om = np.full(n, NEG)
    for s in range(n):
        # 1-0 bead from (s, J) to (s + 1, J).
        J = lo[s] + ks
        kn = J - lo[s + 1]
        good = (kn >= 0) & (kn < W)
        kc = np.clip(kn, 0, W - 1)
        tot = np.where(good & ok[t10, s + 1][kc], D[s] + scores[t10, s + 1][kc] + B[s + 1][kc], NEG)
        om[s] = tot.max()
    add = np.full(m, NEG)
    for i in range(R):
        # 0-1 bead from (i, J) to (i, J + 1): target sentence J.
        tot = D[i, :-1] + np.where(ok[t01, i, 1:], scores[t01, i, 1:], NEG) + B[i, 1:]
        t = lo[i] + ks[:-1]
        keep = t < m
        np.maximum.at(add, t[keep], tot[keep])
    return np.maximum(best - om, 0.0), np.maximum(best - add, 0.0)


def decode(scores: np.ndarray, ok: np.ndarray, band: Band) -> List[Tuple[int, int, int]]:
    """Best chain of beads through the band: list of (type, i, j) bead ends."""
    D, bp = forward(scores, ok, band)
    lo = band.lo
    W = scores.shape[2]
    n, m = scores.shape[1] - 1, band.m
    k = m - lo[n]
    if not 0 <= k < W or D[n, k] <= NEG / 2:
        raise ValueError("the band does not reach the end of both texts")
    path = []
    i, j = n, m
    while i > 0 or j > 0:
        ti = int(bp[i, j - lo[i]])
        if ti < 0:
            raise ValueError("broken back-pointer")
        path.append((ti, i, j))
        a, b = TYPES[ti]
        i, j = i - a, j - b
    return path[::-1]


def load_weights() -> np.ndarray:
    from .aligner_weights import WEIGHTS

    w = np.zeros(len(FEATURES))
    for name, v in WEIGHTS.items():
        if name in FEATURES:
            w[FEATURES.index(name)] = v
    return w


HALF_BAND = 40


def align_sides(src: Side, tgt: Side, weights: Optional[np.ndarray] = None,
                half: int = HALF_BAND, return_all: bool = False):
    n, m = len(src.lens), len(tgt.lens)
    w = load_weights() if weights is None else weights
    if n == 0 or m == 0:
        beads = [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
        return Alignment(beads, [0.0] * len(beads), [float("nan")] * len(beads))
    centers = np.arange(n + 1) * (m / n)
    for _ in range(4):
        band = Band(centers, half, m)
        F, ok = features(src, tgt, band)
        scores = F @ w
        path = decode(scores, ok, band)
        # Recentre when the path runs near the band's edge (not at the texts' ends).
        near = [j for _, i, j in path
                if (j - band.lo[i] < 3 and band.lo[i] > 0)
                or (band.lo[i] + band.width - 1 - j < 3 and band.lo[i] + band.width - 1 < m)]
        if not near:
            break
        centers = _path_centers(path, n)
    if return_all:
        return path, F, ok, band
    return _to_alignment(path, F, scores, band, src, tgt, ok)


def _path_centers(path, n: int) -> np.ndarray:
    pts_i = np.array([0] + [i for _, i, _ in path])
    pts_j = np.array([0] + [j for _, _, j in path])
    return np.interp(np.arange(n + 1), pts_i, pts_j)


#: A 1-1 bead scoring this many robust deviations below the document's own
#: 1-1 beads is split into an omission and an addition (chosen on MAC-Dev).
OMISSION_Z = 4.0


def split_outliers(path, scores, band, z: float = OMISSION_Z):
    """The deliberate omission pass. The program prefers a poor 1-1 bead to
    a 1-0 and a 0-1, since both are rare; but a 1-1 bead whose score is an
    outlier against the document's own 1-1 beads pairs two sentences that
    do not translate each other, which a reviewer must see as what the
    translation left out and what it put in its place."""
    t11, t10, t01 = TYPES.index((1, 1)), TYPES.index((1, 0)), TYPES.index((0, 1))
    vals = np.array([scores[ti, i, j - band.lo[i]] for ti, i, j in path if ti == t11])
    if len(vals) < 8:
        return path
    med = float(np.median(vals))
    mad = float(np.median(np.abs(vals - med))) * 1.4826
    floor = med - z * max(mad, 1e-6)
    out = []
    for ti, i, j in path:
        if ti == t11 and scores[ti, i, j - band.lo[i]] < floor:
            out.append((t10, i, j - 1))
            out.append((t01, i, j))
        else:
            out.append((ti, i, j))
    return out


def _score_at(scores, band, ti, i, j) -> float:
    k = j - band.lo[i]
    return float(scores[ti, i, k]) if 0 <= k < band.width else float("nan")


#: Evidence on an edge sentence ``e`` of a bead that ``e`` was left out of
#: the translation, for the fitted omission pass (``OMIT_MODEL``).
EDGE_FEATURES = ["gain", "lex", "lex_rest", "lex_gap", "cos_e", "cos_rest", "elsewhere",
                 "len_gain", "num_missing", "num_found", "delta"]


def _share(side: Side, r: int, found: frozenset) -> Tuple[float, int]:
    """Share of sentence ``r``'s words with a translation in ``found``, and
    how many words it has (Chinese: jieba words; English: word stems)."""
    if side.words is not None:
        ws = side.words[r]
        return sum(1 for w in ws if w & found) / max(1, len(ws)), len(ws)
    words = side.bags[r]
    return len(words & found) / max(1, len(words)), len(words)


def edge_features(side: Side, other: Side, rows, cols, e: int, ratio: float, med: float,
                  delta: float) -> np.ndarray:
    """``EDGE_FEATURES`` of edge sentence ``e`` of the bead ``rows``:``cols``
    (``side`` against ``other``; ``ratio`` the document's length ratio other
    to side, ``med`` its typical 1-1 cosine, ``delta`` how much higher the
    program scores the bead split than whole)."""
    rest = [r for r in rows if r != e]
    v = other.runs(len(cols))[cols[0]]
    full = float(side.runs(len(rows))[rows[0]] @ v)
    cos_rest = float(side.runs(len(rest))[rest[0]] @ v)
    cos_e = float(side.vecs[e] @ v)
    found = frozenset().union(*(other.bags[c] for c in cols))
    lex = _share(side, e, found)[0]
    lex_rest = float(np.mean([_share(side, r, found)[0] for r in rest]))
    # A sentence that matches a target sentence outside the bead better than
    # any inside it is misplaced rather than left out.
    lo, hi = max(0, cols[0] - 4), min(len(other.lens), cols[-1] + 5)
    near = other.vecs[lo:hi] @ side.vecs[e]
    inside = near[cols[0] - lo:cols[-1] + 1 - lo]
    outside = np.delete(near, np.arange(cols[0] - lo, cols[-1] + 1 - lo))
    elsewhere = float(outside.max() - inside.max()) if len(outside) else 0.0
    lo_ = side.lens[rows].sum()
    lt = other.lens[cols].sum()
    dev_full = abs(np.log((lt + 10.0) / (ratio * lo_ + 10.0)))
    dev_rest = abs(np.log((lt + 10.0) / (ratio * (lo_ - side.lens[e]) + 10.0)))
    onums = frozenset().union(*(other.nums[c] for c in cols))
    # The sentence's length, position and the bead's shape were tried too:
    # on held-out MAC-Dev documents they cost recall at the same precision.
    return np.array([
        cos_rest - full, lex, lex_rest, lex_rest - lex, cos_e - med, cos_rest - med,
        elsewhere, dev_full - dev_rest, len(side.nums[e] - onums), len(side.nums[e] & onums),
        delta,
    ])


#: The same for additions (0-1) on the target side, by two thresholds: the
#: bead's two sides must be this much more similar without the sentence
#: (cosine of the joined runs), and at most this share of its word stems may
#: be found in the source. MAC-Dev has no additions to fit on: this keeps
#: false additions there to two in 1,343 beads.
ADD_GAIN = 0.15
ADD_LEX = 0.05


def _edge_evidence(side: Side, other: Side, rows, cols, e: int) -> Tuple[float, float]:
    """How much the bead ``rows``:``cols`` (``side`` against ``other``) gains
    in cosine when its edge sentence ``e`` is dropped, and the share of
    ``e``'s words whose translations are in ``other``'s sentences of the bead
    (a dictionary gives a word many translations, so counting words, not
    translations, keeps one rich word from hiding the rest)."""
    rest = [r for r in rows if r != e]
    v = other.runs(len(cols))[cols[0]]
    full = float(side.runs(len(rows))[rows[0]] @ v)
    without = float(side.runs(len(rest))[rest[0]] @ v)
    found = frozenset().union(*(other.bags[c] for c in cols))
    return without - full, _share(side, e, found)[0]


def _path_scores(src: Side, tgt: Side):
    n, m = len(src.lens), len(tgt.lens)
    band = Band(np.arange(n + 1) * (m / n), HALF_BAND, m)
    F, ok = features(src, tgt, band)
    return F @ load_weights(), band, ok


def edge_candidates(path, src: Side, tgt: Side, scores, band) -> Dict[int, list]:
    """For each bead of ``path`` (by index) with two or more source sentences
    and some target: ``[(e, EDGE_FEATURES of e)]`` for its two edge sentences."""
    t10 = TYPES.index((1, 0))
    ratio = (tgt.lens.sum() + 1.0) / (src.lens.sum() + 1.0)
    one = [float(src.vecs[i - 1] @ tgt.vecs[j - 1]) for ti, i, j in path if TYPES[ti] == (1, 1)]
    med = float(np.median(one)) if one else 0.5
    out: Dict[int, list] = {}
    for p, (ti, i, j) in enumerate(path):
        a, b = TYPES[ti]
        if a < 2 or not b:
            continue
        rows, cols = list(range(i - a, i)), list(range(j - b, j))
        rest = TYPES.index((a - 1, b))
        whole = _score_at(scores, band, ti, i, j)
        cands = []
        for e in (rows[0], rows[-1]):
            if e == rows[0]:
                split = _score_at(scores, band, rest, i, j) + _score_at(scores, band, t10, i - a + 1, j - b)
            else:
                split = _score_at(scores, band, rest, i - 1, j) + _score_at(scores, band, t10, i, j)
            delta = split - whole
            cands.append((e, edge_features(src, tgt, rows, cols, e, ratio, med,
                                           float(delta) if np.isfinite(delta) else 0.0)))
        out[p] = cands
    return out


def omission_logits(X: np.ndarray) -> np.ndarray:
    """The fitted omission pass's log-odds for rows of ``EDGE_FEATURES``."""
    from .aligner_weights import OMIT_MODEL

    w = np.array([OMIT_MODEL["weights"].get(k, 0.0) for k in EDGE_FEATURES])
    return np.asarray(X, dtype=np.float64) @ w + OMIT_MODEL["bias"]


def addition_choices(path, src: Side, tgt: Side, skip=()) -> Dict[int, int]:
    """Target edge sentences (by bead index) that the addition rule splits off."""
    out = {}
    for p, (ti, i, j) in enumerate(path):
        a, b = TYPES[ti]
        if b < 2 or not a or p in skip:
            continue
        rows, cols = list(range(i - a, i)), list(range(j - b, j))
        best = None
        for e in (cols[0], cols[-1]):
            g, lx = _edge_evidence(tgt, src, cols, rows, e)
            if g > ADD_GAIN and lx <= ADD_LEX and (best is None or g > best[0]):
                best = (g, e)
        if best is not None:
            out[p] = best[1]
    return out


def apply_splits(path, omitted: Dict[int, int], added: Dict[int, int]):
    """``path`` with source sentence ``omitted[p]`` of bead p split off as a
    1-0 bead, and target sentence ``added[p]`` as a 0-1 bead."""
    t10, t01 = TYPES.index((1, 0)), TYPES.index((0, 1))
    out = []
    for p, (ti, i, j) in enumerate(path):
        a, b = TYPES[ti]
        if p in omitted:
            rest = TYPES.index((a - 1, b))
            if omitted[p] == i - a:
                out += [(t10, i - a + 1, j - b), (rest, i, j)]
            else:
                out += [(rest, i - 1, j), (t10, i, j)]
        elif p in added:
            rest = TYPES.index((a, b - 1))
            if added[p] == j - b:
                out += [(t01, i - a, j - b + 1), (rest, i, j)]
            else:
                out += [(rest, i, j - 1), (t01, i, j)]
        else:
            out.append((ti, i, j))
    return out


#: Added to the score of a 1-0 bead the omission pass has chosen, so that the
#: program must take it and re-draw the beads around it.
FORCE = 1e4


def force_omissions(rows, scores, ok, band, z: float = OMISSION_Z):
    """The program's path with source sentences ``rows`` forced into 1-0
    beads. Splitting the sentence off its bead is not enough: a sentence the
    program could not place often drags a neighbour's boundary with it
    (``[9, 10]:[15, 16, 17]`` for ``[9]:[]``, ``[10]:[15, 16]``), and a second
    run of the program, with the omission fixed, puts that boundary back."""
    sc = scores.copy()
    t10 = TYPES.index((1, 0))
    for e in rows:
        sc[t10, e + 1] += FORCE
    return split_outliers(decode(sc, ok, band), scores, band, z)


#: Evidence on any source sentence that it was left out, for the second
#: omission pass (``OMIT_ANY_MODEL``): its null margin (``null_margins``),
#: raw and against the document's median, how well it matches anything in
#: the band (``om_*`` bead features), and how much of it the English the
#: path gives it renders.
ANY_FEATURES = ["margin", "margin_rel", "best", "best_rel", "best_lex", "loglen",
                "lex_here", "cos_here", "quote_gap"]

_QUOTES_ZH = frozenset("“”「」『』\"")
_QUOTES_EN = frozenset("“”\"")


def any_candidates(path, src: Side, tgt: Side, scores, ok, band, margins=None):
    """Every source sentence the path does not already leave out, with its
    ``ANY_FEATURES``: ``(rows, X)``."""
    n, m = len(src.lens), len(tgt.lens)
    om = null_margins(scores, ok, band)[0] if margins is None else margins
    med_margin = float(np.median(om)) if n else 1.0
    where = {}
    for ti, i, j in path:
        a, b = TYPES[ti]
        for s in range(i - a, i):
            where[s] = (b, j)
    one = [float(src.vecs[i - 1] @ tgt.vecs[j - 1]) for ti, i, j in path if TYPES[ti] == (1, 1)]
    med = float(np.median(one)) if one else 0.5
    nb_t = np.array([len(x) for x in tgt.bags], dtype=np.float64)
    best = np.full(n, -1.0)
    lexbest = np.zeros(n)
    for s in range(n):
        b, j = where[s]
        lo, hi = max(0, j - 8), min(m, j + 8)
        if hi > lo:
            best[s] = float((tgt.vecs[lo:hi] @ src.vecs[s]).max())
            inter = np.array([len(src.bags[s] & tgt.bags[t]) for t in range(lo, hi)])
            lexbest[s] = float((2 * inter / (len(src.bags[s]) + nb_t[lo:hi] + 1)).max())
    med_best = float(np.median(best)) if n else 0.0
    runs = {}
    rows, X = [], []
    for s in range(n):
        b, j = where[s]
        if b == 0:
            continue
        cols = list(range(j - b, j))
        found = frozenset().union(*(tgt.bags[c] for c in cols))
        if tgt.pooled is not None:
            if b not in runs:
                runs[b] = tgt.runs(b)
            v = runs[b][cols[0]]
        else:
            v = tgt.vecs[cols].sum(0)
            v = v / max(float(np.linalg.norm(v)), 1e-9)
        # A line of dialogue rendered without quotation marks, or the
        # narration between two lines rendered as part of one.
        qz = any(ch in _QUOTES_ZH for ch in src.texts[s]) if len(src.texts) else False
        qe = any(ch in _QUOTES_EN for c in cols for ch in tgt.texts[c]) if len(tgt.texts) else False
        rows.append(s)
        X.append([om[s], om[s] / max(med_margin, 1e-6), best[s], best[s] - med_best, lexbest[s],
                  np.log1p(src.lens[s]), _share(src, s, found)[0], float(src.vecs[s] @ v) - med,
                  float(qz) - float(qe)])
    return rows, np.array(X, dtype=np.float64).reshape(len(rows), len(ANY_FEATURES))


def any_logits(X: np.ndarray) -> np.ndarray:
    """The second omission pass's log-odds for rows of ``ANY_FEATURES``."""
    from .aligner_weights import OMIT_ANY_MODEL

    w = np.array([OMIT_ANY_MODEL["weights"].get(k, 0.0) for k in ANY_FEATURES])
    return np.asarray(X, dtype=np.float64) @ w + OMIT_ANY_MODEL["bias"]


def split_edges(path, src: Side, tgt: Side, scores=None, band=None,
                threshold: Optional[float] = None, ok=None):
    """The deliberate omission pass. An omitted sentence is rarely left on its
    own: the program folds it into a neighbour's bead, where it costs little
    (``[197, 198]:[310]``). Each edge sentence of a bead with two or more
    source sentences is judged on its own evidence (``edge_features``):
    what dropping it does to the cosine of the bead's joined runs and to
    the length ratio, the share of its words whose dictionary translations
    are in the bead's English against its neighbours' share, its numbers
    the English lacks, whether it matches a sentence outside the bead
    better, and the program's own score of the split. A logistic model
    fitted on MAC-Dev with synthetic omissions (``fit_aligner.py``) weighs
    them; the sentence becomes a 1-0 bead when its log-odds pass
    ``OMIT_THRESHOLD``. On the target side, a two-threshold rule makes 0-1
    beads. Needs runs of sentences (pooled embeddings)."""
    if src.pooled is None or tgt.pooled is None:
        return path
    if scores is None:
        scores, band, ok = _path_scores(src, tgt)
    if threshold is None:
        from .aligner_weights import OMIT_THRESHOLD as threshold
    omitted = {}
    for p, cands in edge_candidates(path, src, tgt, scores, band).items():
        logit = omission_logits(np.array([x for _, x in cands]))
        k = int(np.argmax(logit))
        if logit[k] > threshold:
            omitted[p] = cands[k][0]
    if ok is None:
        return apply_splits(path, omitted, addition_choices(path, src, tgt, omitted))
    chosen = set(omitted.values()) | set(any_choices(path, src, tgt, scores, ok, band))
    if not chosen:
        return apply_splits(path, {}, addition_choices(path, src, tgt))
    path = force_omissions(sorted(chosen), scores, ok, band)
    return apply_splits(path, {}, addition_choices(path, src, tgt))


def any_choices(path, src: Side, tgt: Side, scores, ok, band,
                threshold: Optional[float] = None) -> List[int]:
    """Source sentences the second omission pass leaves out: those whose
    ``ANY_FEATURES`` log-odds pass ``OMIT_ANY_THRESHOLD``, wherever the path
    put them (a dropped sentence often shifts a chain of 1-1 beads by one
    instead of sitting at the edge of a merged bead)."""
    if threshold is None:
        from .aligner_weights import OMIT_ANY_THRESHOLD as threshold
    rows, X = any_candidates(path, src, tgt, scores, ok, band)
    if not rows:
        return []
    z = any_logits(X)
    return [s for s, v in zip(rows, z) if v > threshold]


def _to_alignment(path, F, scores, band, src, tgt, ok=None) -> Alignment:
    path = split_outliers(path, scores, band)
    path = split_edges(path, src, tgt, scores, band, ok=ok)
    beads, sc, cos = [], [], []
    for ti, i, j in path:
        a, b = TYPES[ti]
        k = j - band.lo[i]
        beads.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        sc.append(_score_at(scores, band, ti, i, j))
        cos.append(float(F[ti, i, k, P0]) if a and b and 0 <= k < band.width else float("nan"))
    # The checks after alignment (``bilingual``) weigh sentences against
    # their neighbours' beads with the same vectors.
    return Alignment(beads, sc, cos, {"sides": (src, tgt)})


def align(source: Sequence[str], target: Sequence[str], model: str = "usem3",
          embedder=None, weights: Optional[np.ndarray] = None) -> Alignment:
    """Align Chinese ``source`` sentences with English ``target`` sentences."""
    from .embed import get_embedder

    emb = embedder or get_embedder(model)
    return align_sides(prepare(source, "zh", emb), prepare(target, "en", emb), weights)
