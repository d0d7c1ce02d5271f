"""Invariants of the report contract, property-tested over arbitrary Unicode.

Text is built from pieces that hostile pages contain: astral Han (U+20000 up),
combining marks, right-to-left scripts and bidi controls, Chinese and ASCII
punctuation, digits glued to words, odd whitespace (U+2028, U+3000, CR), and
lone surrogates. A lone surrogate cannot reach a detector as such: the reader
decodes UTF-8 that encodes one into U+FFFD, so the text is passed through the
reader's decoder first, exactly as a file would be.

Properties: segments are ordered, disjoint, non-empty and leave only
whitespace between them; every row satisfies ``text[start:end] == row.text``;
rows are sorted and unique; two runs give identical bytes; reading arbitrary
bytes never raises. Every registered rule-based detector is covered, including
ones added later (the registry is read at collection time).
"""
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.detectors import available
from align.text.document import Document
from align.run.pipeline import check_document, check_source
from align.read.files import InputError, Source, decode_bytes
from align.report.writer import ReportWriter
from align.text.segment import segment

# Random in development, the same examples in CI so that a red build is reproducible.
SETTINGS = settings(max_examples=40, deadline=None, derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

RANGES = {
    "ascii": (0x20, 0x7e), "han": (0x4e00, 0x9fff), "han_ext_b": (0x20000, 0x2a6df),
    "han_ext_g": (0x30000, 0x3134f), "combining": (0x0300, 0x036f), "arabic": (0x0600, 0x06ff),
    "hebrew": (0x05d0, 0x05ea), "cjk_punct": (0x3000, 0x303f), "fullwidth": (0xff01, 0xff5e),
    "latin1": (0xa0, 0xff), "pinyin": (0x0100, 0x01dc), "emoji": (0x1f300, 0x1f64f),
}
FRAGMENTS = [
    " ", "  ", "\n", "\r\n", "\n\n", "\t", "\u3000", "\u2028", "\u00a0", "\u200b",
    "\u202e", "\u202c", "\u200f", "\ufeff", "\ufffd", "。", "，", "！？", "；", "：", "、",
    "“", "”", "‘", "’", "（", "）", "《", "》", ". ", "? ", "!", "...", "e.g. ", "U.S. ",
    "Mr. ", "1.5", "2022", "2022年", "5月", "May5In", "(shū)", "(jì)", "二〇二二年", "第十四",
    "four", "Twenty-four", "Four month Twenty-four", "one hundred and twenty", "¡¯", "â€™",
    "正?;?", "Zhang", "Beijing", "the the", "and and", "会议", "集团", "高质量发展",
    "a\u0301", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\U00020000",
    "\U0002a6d6", "𠮷", "\ud800", "\udfff", "\ud83d", "\ude00", "&amp;", "<b>", "%",
]
piece = st.one_of(
    st.sampled_from(FRAGMENTS),
    *[st.text(alphabet=st.characters(min_codepoint=a, max_codepoint=b), min_size=1, max_size=8)
      for a, b in RANGES.values()],
    st.text(min_size=1, max_size=6),  # anything hypothesis likes, surrogates excluded
)
raw_text = st.lists(piece, max_size=60).map("".join)


def as_read(text: str) -> str:
    """``text`` as the reader delivers it from a UTF-8 file (lone surrogates
    encoded with surrogatepass become U+FFFD), or None if not a document."""
    try:
        return decode_bytes(text.encode("utf-8", "surrogatepass"))[0]
    except InputError:
        return None


texts = raw_text.map(as_read).filter(lambda t: t is not None)

RULE_CHECKS = sorted(n for n, c in available().items() if not getattr(c, "uses_model", False))


def _detectors(names):
    reg = available()
    return [reg[n]() for n in names]


@SETTINGS
@given(texts)
def test_segments_cover_the_text(text):
    segs = segment(text)
    pos = 0
    for i, s in enumerate(segs):
        assert s.index == i
        assert pos <= s.start < s.end <= len(text)
        assert not text[pos:s.start].strip(), "non-whitespace left between segments"
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        pos = s.end
    assert not text[pos:].strip()


def _check_rows(text, rows):
    keys = []
    for r in rows:
        assert 0 <= r["start"] <= r["end"] <= len(text)
        assert text[r["start"]:r["end"]] == r["text"]
        assert r["rule"] != "internal.detector_error", r["note"]
        keys.append((r["start"], r["end"], r["category"], r["rule"]))
    assert keys == sorted(keys), "rows out of order"
    assert len(keys) == len(set(keys)), "duplicate rows"


@pytest.mark.parametrize("name", RULE_CHECKS)
def test_each_detector_keeps_the_contract(name):
    det = _detectors([name])

    @SETTINGS
    @given(texts)
    def prop(text):
        res = check_document(Document("p.txt", text), det)
        _check_rows(text, res.rows)

    prop()


def _csv(rows) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "r.csv")
        with ReportWriter(path, "csv") as w:
            w.write(rows)
        with open(path, "rb") as fh:
            return fh.read()


@SETTINGS
@given(texts)
def test_all_checks_together_are_sorted_unique_and_repeatable(text):
    first = check_document(Document("p.txt", text), _detectors(RULE_CHECKS)).rows
    _check_rows(text, first)
    again = check_document(Document("p.txt", text), _detectors(RULE_CHECKS)).rows
    assert _csv(first) == _csv(again)


encodings = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "gb18030", "big5", "cp1252",
                             "shift_jis", "utf-8-sig", "latin-1"])


@SETTINGS
@given(st.one_of(
    st.binary(max_size=2000),
    st.tuples(raw_text, encodings).map(lambda te: te[0].encode(te[1], "replace")),
    st.tuples(raw_text, st.binary(max_size=40), raw_text).map(
        lambda t: t[0].encode("utf-8", "surrogatepass") + t[1] + t[2].encode("gb18030", "replace")),
), st.sampled_from([".txt", ".html"]))
def test_any_bytes_become_a_document_or_one_input_error(tmp_path_factory, raw, suffix):
    path = tmp_path_factory.mktemp("b") / f"f{suffix}"
    path.write_bytes(raw)
    res = check_source(Source(path.name, path), _detectors(RULE_CHECKS))
    if res.error:
        assert [r["category"] for r in res.rows] == ["input_error"]
        assert not res.rows[0]["rule"].startswith("internal."), res.rows[0]["note"]
        return
    text = res.document.text
    _check_rows(text, res.rows)
    assert all(r["rule"] != "internal.error" for r in res.rows)
    # What the report indexes is what `align text` prints.
    import align

    assert align.read_text(path) == text
