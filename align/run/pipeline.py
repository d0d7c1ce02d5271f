"""The one-way flow: read -> decode -> segment -> detect -> rows.

``check_source`` is a pure function of one file: it never raises for bad
input (an unreadable file becomes an ``input_error`` row) and returns the
finished rows and summary of that document, so an engine can run it in a
loop, a process pool or a cluster and only has to keep the order.
"""
from __future__ import annotations

import os
from bisect import bisect_right
from collections import Counter
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from ..core.config import DEFAULT, Config
from ..detectors import Detector, select
from ..text.document import Document
from ..core.findings import CATEGORIES, Finding, context_of
from ..core.rules import rule
from ..read.files import InputError, Source, bad_name, collect, read_source


_CATEGORY, _CATEGORY_SEVERITY = itemgetter("category"), itemgetter("category", "severity")
_DETECTOR_ERROR = rule("internal.detector_error")



@dataclass
class DocumentResult:
    doc: str
    rows: List[dict]
    summary: Dict[str, object]
    error: Optional[str] = None
    document: Optional[Document] = field(default=None, repr=False)
    #: Set by ``Pack``: the rows rendered for the report, with ``rows`` emptied.
    packed: Optional["Packed"] = field(default=None, repr=False)
    #: Set by ``pairing.Fingerprinter``: what document pairing compares.
    fingerprint: Optional[object] = field(default=None, repr=False)
    #: Not read because of its type (``Source.skip``); ``error`` says why.
    skipped: bool = False

    def tally(self) -> Counter:
        """Rows by ``(category, severity)``, packed or not."""
        if self.packed is not None:
            return Counter(dict(self.packed.tally))
        return Counter(map(_CATEGORY_SEVERITY, self.rows))

    def notes(self) -> List[str]:
        """The notes of the document's ``input_error`` rows (read problems)."""
        if self.packed is not None:
            return list(self.packed.notes)
        return [r["note"] for r in self.rows if r["category"] == "input_error"]


@dataclass(frozen=True)
class Packed:
    """A document's rows as report bytes plus the little the parent process
    still needs to know about them (counts for the run's summary, the notes
    of read problems to print). The bytes travel inline (``data``) or stay
    where a worker wrote them (``spill``: path, offset, length)."""

    data: bytes  # UTF-8
    count: int
    tally: Tuple[Tuple[Tuple[str, str], int], ...]
    notes: Tuple[str, ...]
    spill: Optional[Tuple[str, int, int]] = None

    def read(self) -> bytes:
        if self.spill is None:
            return self.data
        path, offset, length = self.spill
        with open(path, "rb") as f:
            return os.pread(f.fileno(), length, offset)


class Chain:
    """Several ``post`` steps, in order."""

    def __init__(self, *steps):
        self.steps = [st for st in steps if st is not None]

    def __call__(self, res: DocumentResult) -> DocumentResult:
        for step in self.steps:
            res = step(res)
        return res

    def flush(self) -> None:
        """Finish the steps' writes (``Pack.flush``): before the results go."""
        for step in self.steps:
            if hasattr(step, "flush"):
                step.flush()


class Pack:
    """Render a result's rows with ``encode`` (``report.Encoder``) in place,
    as UTF-8 (an engine's ``post`` step). With ``spill_dir``, a worker
    appends the bytes to a file of its own there and sends only where they
    lie, so the rows never pass through a pipe or the parent's memory: the
    parent copies them into the report inside the kernel
    (``ReportWriter.write_packed``). The report is ten times the size of the
    pages, so that copy is most of what the parent would otherwise do."""

    def __init__(self, encode: Callable[[List[dict]], str], spill_dir: Optional[str] = None,
                 flush_each: bool = True):
        self.encode, self.spill_dir = encode, spill_dir
        #: Whether every document's bytes are on disk when it is returned;
        #: an engine that sends a batch's results at once calls ``flush``
        #: before it does instead (one write per batch, not per document).
        self.flush_each = flush_each
        self._out, self._pid = None, None

    def __getstate__(self):
        return {"encode": self.encode, "spill_dir": self.spill_dir,
                "flush_each": self.flush_each}

    def flush(self) -> None:
        """The bytes written so far on disk, where the parent reads them."""
        if self._out is not None and self._pid == os.getpid():
            self._out.flush()

    def __setstate__(self, state):
        self.__init__(**state)

    def __call__(self, res: DocumentResult) -> DocumentResult:
        data = self.encode(res.rows).encode("utf-8")
        spill = None
        if self.spill_dir is not None and data:
            if self._pid != os.getpid():  # each worker process writes its own file
                self._pid = os.getpid()
                self._out = open(os.path.join(self.spill_dir, f"{self._pid}.rows"), "ab",
                                 buffering=1 << 20)
            offset = self._out.tell()
            self._out.write(data)
            if self.flush_each:
                self._out.flush()
            spill, data = (self._out.name, offset, len(data)), b""
        res.packed = Packed(data, len(res.rows), tuple(sorted(res.tally().items())),
                            tuple(res.notes()), spill)
        res.rows = []
        return res


_ROUNDED: Dict[float, float] = {}


def finding_rows(doc: Document, findings: Iterable[Finding],
                 min_confidence: float = 0.0) -> List[dict]:
    """Turn findings into report rows: text, segment and context filled in
    from the document, duplicates dropped, sorted by offset."""
    text = doc.text
    n = len(text)
    kept: Dict[tuple, Finding] = {}
    for f in findings:
        if f.end > n:
            raise ValueError(f"{f.rule} reported {f.start}:{f.end} past the end of {doc.doc}")
        key = (f.start, f.end, f.category, f.rule)
        if key not in kept and f.confidence >= min_confidence:
            kept[key] = f
    # The hot loop of a corpus run: a row per finding.
    name, starts = doc.doc, doc._starts
    rows = []
    for (s, e, category, rule), f in sorted(kept.items()):
        conf = f.confidence
        # Checks use a handful of fixed confidences: round each once.
        rounded = _ROUNDED.get(conf)
        if rounded is None:
            rounded = round(float(conf), 3)
            if len(_ROUNDED) < 4096:
                _ROUNDED[conf] = rounded
        row = {
            "doc": name, "start": s, "end": e, "category": category,
            "severity": f.severity, "text": text[s:e],
            "suggestion": f.suggestion, "rule": rule,
            "confidence": rounded,
            "segment": (bisect_right(starts, s) or 1) - 1,
            "context": context_of(text, s, e), "note": f.note,
        }
        if f.extra:
            row.update(f.extra)
        rows.append(row)
    return rows


def _run_detector(det: Detector, doc: Document) -> List[Finding]:
    """The findings of one detector, or one ``internal.detector_error`` row if
    it raises, reports a span outside the text or a rule it does not declare
    (``Detector.rules``): a bug in one check costs that check on that
    document, never the run."""
    try:
        found = list(det.detect(doc))
        n = len(doc.text)
        declared = det.declared
        bad = next((f for f in found if f.end > n or f.rule not in declared), None)
        if bad is None:
            return found
        if bad.end > n:
            problem = f"reported the span {bad.start}:{bad.end} ({bad.rule}) past the end ({n})"
        else:
            problem = (f"reported a finding of the rule {bad.rule!r}, which it does not "
                       "declare (Detector.rules)")
    except Exception as e:  # noqa: BLE001 - isolation is the point
        problem = f"raised {type(e).__name__}: {e}"
    name = getattr(det, "name", type(det).__name__)
    return [_DETECTOR_ERROR.finding(
        0, 0, note=f"check {name!r} failed on this document and was skipped: "
                   f"{problem[:300]}; the other checks ran. Please report this "
                   "with the file (run with --skip " + name + " to silence it)")]


def _warnings(src: Source, decoded) -> List[Finding]:
    """Files read but not cleanly: their findings stand, with a row that says why
    they may be off."""
    out = [rule(rule_id).finding(0, 0, note=msg)
           for rule_id, msg in getattr(decoded, "warnings", ())]
    if bad_name(os.fspath(src)):
        out.append(rule("input.file_name").finding(
            0, 0, note="the file name is not valid UTF-8 and is shown with \\x "
                       "escapes; rename the file with a UTF-8 name"))
    return out


def drop_superseded(findings: List[Finding],
                    superseding: Dict[str, List[Finding]],
                    covering: Optional[Dict[str, List[Finding]]] = None,
                    text: str = "") -> List[Finding]:
    """Drop findings of a rule that another detector declares it supersedes
    (``Detector.supersedes``) where one of that detector's findings of the
    same category overlaps them: the more specific rule reports the span.
    ``covering``: findings of detectors that supersede by ``cover``
    (``Detector.supersede_by``); a finding of their rule goes where they
    overlap it and cover all of ``text`` in its span but whitespace,
    whatever their category."""
    from bisect import bisect_left
    from itertools import accumulate

    if covering:
        findings = _drop_covered(findings, covering, text)
    index = {}
    for rule, found in superseding.items():
        for f in found:
            index.setdefault((rule, f.category), []).append((f.start, f.end))
    if not index:
        return findings
    # Each kind's spans by start, with the furthest end reached by a span
    # starting there or before: the spans starting before a finding's end
    # are a prefix, and one of them overlaps it if that prefix reaches past
    # its start, however many short spans lie between (one bisection).
    for key, spans in index.items():
        spans.sort()
        index[key] = ([s for s, _ in spans], list(accumulate((e for _, e in spans), max)))
    rules = {rule for rule, _ in index}
    out = []
    for f in findings:
        # Most findings are of no superseded rule: a set lookup, no tuple.
        spans = f.rule in rules and index.get((f.rule, f.category))
        if spans:
            starts, reach = spans
            i = bisect_left(starts, f.end)
            if i and reach[i - 1] > f.start:
                continue
        out.append(f)
    return out


def _drop_covered(findings: List[Finding], covering: Dict[str, List[Finding]],
                  text: str) -> List[Finding]:
    merged: Dict[str, Tuple[List[int], List[int]]] = {}
    for rule_id, found in covering.items():
        starts: List[int] = []
        ends: List[int] = []
        for f in sorted(found, key=lambda f: f.start):
            if f.start >= f.end:
                continue
            if ends and f.start <= ends[-1]:
                ends[-1] = max(ends[-1], f.end)
            else:
                starts.append(f.start)
                ends.append(f.end)
        if starts:
            merged[rule_id] = (starts, ends)
    if not merged:
        return findings

    def covered(f: Finding, starts: List[int], ends: List[int]) -> bool:
        # Walk the span: through each merged stretch at once, through
        # whitespace a character at a time; any other character uncovered
        # ends the walk.
        pos = f.start
        hit = False
        i = max(bisect_right(starts, pos) - 1, 0)
        while pos < f.end:
            while i < len(starts) and ends[i] <= pos:
                i += 1
            if i < len(starts) and starts[i] <= pos:
                pos, hit = ends[i], True
            elif pos < len(text) and text[pos].isspace():
                pos += 1
            else:
                return False
        return hit

    return [f for f in findings
            if not (f.rule in merged and f.start < f.end and covered(f, *merged[f.rule]))]


def check_document(doc: Document, detectors: Sequence[Detector],
                   config: Config = DEFAULT, extra: Sequence[Finding] = (),
                   progress: Optional[Callable[[float], None]] = None) -> DocumentResult:
    """``progress``, if given, is told after each check what share of the
    document's checks is done (a progress bar's view into a large page)."""
    findings: List[Finding] = list(extra)
    superseding: Dict[str, List[Finding]] = {}
    covering: Dict[str, List[Finding]] = {}
    if doc.units:
        detectors, scope = _in_scope(doc, detectors)
        findings.extend(scope)
    for k, det in enumerate(detectors):
        found = list(_run_detector(det, doc))
        if progress is not None:
            # The last share: the rows made and rendered.
            progress((k + 1) / (len(detectors) + 1))
        by = covering if det.supersede_by == "cover" else superseding
        for rule_id in det.supersedes:
            by.setdefault(rule_id, []).extend(found)
        findings.extend(found)
    if superseding or covering:
        findings = drop_superseded(findings, superseding, covering, doc.text)
    if doc.units:
        findings = _outside_code(doc, findings)
    rows = finding_rows(doc, findings, config.min_confidence)
    if config.severities:
        rows = _override_severities(rows, config)
    if doc.units:
        from ..read.formats import annotate

        annotate(rows, doc.units)
    han, latin = doc.script_counts
    summary = {
        "doc": doc.doc, "format": doc.format, "charset": doc.encoding,
        "language": doc.language, "variant": doc.variant, "chars": len(doc.text), "han_chars": han,
        "latin_words": latin, "segments": len(doc.segments), "findings": len(rows),
        "error": "", "words": _words(doc, han, latin),
    }
    counts = Counter(map(_CATEGORY, rows))
    for cat in CATEGORIES:
        summary[cat] = counts[cat]
    return DocumentResult(doc.doc, rows, summary, document=doc)


_SCOPE = rule("scope.language_pair")
#: Checks of prose, which code spans (placeholders, URLs, commands) are not.
_PROSE_FAMILIES = frozenset({"punctuation", "boilerplate"})
_OWN_CODE_AWARE = frozenset({"punctuation.end_mismatch", "punctuation.unbalanced"})


def _in_scope(doc: Document, detectors: Sequence[Detector]):
    """The checks that apply to a bilingual file's language pair, and the
    ``scope.language_pair`` finding naming those skipped (none if none)."""
    src, tgt = doc.languages
    keep, skipped = [], []
    for det in detectors:
        scope = getattr(det, "languages", "zh-en")
        if scope == "any":
            ok = True
        elif scope == "en":
            ok = tgt in ("", "en")
        else:
            ok = src in ("", "zh") and tgt in ("", "en")
        (keep if ok else skipped).append(det)
    if not skipped:
        return keep, []
    names = ", ".join(getattr(d, "name", type(d).__name__) for d in skipped)
    note = (f"a {src or '?'}→{tgt or '?'} file, not Chinese to English: skipped {names}; "
            "the checks for any language pair ran")
    return keep, [_SCOPE.finding(0, 0, note=note, extra={"unit": ""})]


def _outside_code(doc: Document, findings: List[Finding]) -> List[Finding]:
    """Findings of prose checks inside code spans of the targets dropped."""
    from ..text.codes import code_spans, inside

    spans = []
    for u in doc.units:
        if u.end > u.start:
            spans.extend((u.start + a, u.start + b) for a, b in code_spans(u.target, u.flags))
    if not spans:
        return findings
    return [f for f in findings
            if not (f.rule.split(".", 1)[0] in _PROSE_FAMILIES and f.rule not in _OWN_CODE_AWARE
                    and inside(spans, f.start, max(f.end, f.start + 1)))]


def _words(doc: Document, han: int, latin: int) -> int:
    """What the quality score divides by (``report.score``): the words of a
    bilingual file's sources, else of the page; a Han character is a word."""
    if not doc.units:
        return han + latin
    from ..text.scripts import count_script_units

    return sum(sum(count_script_units(u.source)) for u in doc.units)


def _override_severities(rows: List[dict], config: Config) -> List[dict]:
    out = []
    for row in rows:
        level = config.severity_of(row["rule"], row["category"])
        if level == "off":
            continue
        if level:
            row["severity"] = level
        out.append(row)
    return out


def error_result(src: Source, err: InputError) -> DocumentResult:
    row = {
        "doc": src.doc, "start": 0, "end": 0, "category": "input_error",
        "severity": err.severity, "text": "", "suggestion": "", "rule": err.rule,
        "confidence": 1.0, "segment": 0, "context": "", "note": err.message,
    }
    summary = {"doc": src.doc, "format": "", "charset": "", "language": "",
               "variant": "", "chars": 0, "han_chars": 0, "latin_words": 0, "segments": 0,
               "findings": 1, "error": err.message, "words": 0}
    for cat in CATEGORIES:
        summary[cat] = int(cat == "input_error")
    return DocumentResult(src.doc, [row], summary, error=err.message,
                          skipped=err.rule == "input.skipped")


def check_source(src: Source, detectors: Sequence[Detector],
                 config: Config = DEFAULT,
                 progress: Optional[Callable[[float], None]] = None) -> DocumentResult:
    """``progress``: see ``check_document``."""
    try:
        decoded = read_source(src, max_bytes=config.max_bytes)
        doc = Document(src.doc, decoded.text, decoded.encoding, decoded.format, decoded.units,
                       decoded.languages)
        return check_document(doc, detectors, config, _warnings(src, decoded), progress)
    except InputError as err:
        return error_result(src, err)
    except Exception as e:  # noqa: BLE001 - MemoryError, RecursionError too
        # A bug in reading or segmenting: this file is lost, the run is not.
        return error_result(src, InputError(
            "internal.error", f"align failed on this file ({type(e).__name__}: "
            f"{str(e)[:300]}); the other files were checked. Please report this with the file"))


def run(paths: Sequence[str], checks: Optional[Sequence[str]] = None,
        skip: Optional[Sequence[str]] = None,
        config: Config = DEFAULT) -> Iterator[DocumentResult]:
    """Check every file under ``paths``, yielding results in report order.
    A termbase that cannot be read raises ``termbase.TermbaseError`` here,
    before any document, not a failed check on each."""
    detectors = select(checks, skip, config)
    if config.termbases:
        from ..read.termbases import load

        load(tuple(config.termbases))
    sources, missing = collect(paths)
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    for src in sources:
        yield check_source(src, detectors, config)


# A page in miniature: both scripts, both character sets, a reading left by a
# converter, numbers in words and digits, a date, page furniture, mojibake, a
# link. Invented text, there to touch every check's lazily loaded tables.
# Only what most pages need: the mojibake is of the kind repaired without
# ftfy, and the legacy bytes decode without charset-normalizer's guess; the
# rare page that needs either loads it in the worker that meets it (0.03 s
# of start-up every run would pay, with one worker waiting for the other).
_WARM_UP_CHINESE = (
    "發布時間：2019-06-03 來源：辦公室 瀏覽次數：12\n"
    "On the morning of June 3, the company held a meeting on the twenty-third floor; "
    "two thousand and nineteen was a good year, said Mr. Li. See www.example.com/a,b.\n"
    "公司召开会议，研究部署下一步工作。 電(diàn)話 the 3 rd quarter: 1 2 3 4 staff.\n"
)
_WARM_UP_TEXT = _WARM_UP_CHINESE + "Ã©tÃ© itâ€™s â€œtextâ€™ and a (parenthesis)\n"


def warm_up(detectors: Sequence[Detector], config: Config = DEFAULT) -> None:
    """Load now what the first document would load: the reader's decoders,
    the segmenter's model and every table the rule-based checks build on
    first use. The local engine calls it before forking its workers, so they
    share the parent's copy instead of each building its own. Model checks
    load through ``Detector.prepare`` and are not run here (they would embed
    this text). Never fails: a warm-up that breaks only costs the time."""
    try:
        from ..read.htmltext import html_to_text
        from ..read.files import decode_bytes

        decode_bytes(_WARM_UP_CHINESE.encode("gb18030"))
        html_to_text(f"<html><body><p>{_WARM_UP_TEXT}</p></body></html>")
        rules = [d for d in detectors if not getattr(d, "uses_model", False)]
        check_document(Document("warm-up", _WARM_UP_TEXT), rules, config)
    except Exception:  # noqa: BLE001 - an optimization, never a failure
        pass
