"""pinyin_annotation beyond its cases (``tests/cases/pinyin_annotation.json``):
the document variant, the readings cache, the shortcuts against one pattern."""
import pytest

from helpers import check
from align.text.document import Document
from align.text.variant import classify_variant

def test_seed_readings_all_found(seeds):
    text = (seeds / "004_b50c4a77d53f1938.txt").read_text(encoding="utf-8")
    df = check(text, "pinyin_annotation")
    assert len(df) > 100
    assert all(t.startswith("(") and t.endswith(")") for t in df.text)


@pytest.mark.parametrize("text,variant", [
    ("集團黨委書記、董事長", "traditional"),
    ("集团党委书记、董事长", "simplified"),
    ("集團黨委书记董事长总经理", "mixed"),
    ("中国人", "simplified"),       # no character only Traditional uses
    ("English only", ""),
])
def test_variant(text, variant):
    assert classify_variant(text) == variant
    assert Document("d", text).variant == variant


def test_variant_in_document_summary():
    df = check("集團黨委書(shū)記", "pinyin_annotation")
    assert df.attrs["documents"]["variant"] == "traditional"


@pytest.mark.parametrize("ch", ["書", "书", "長", "了", "中", "會", "記", "𠀀", "a"])
def test_cached_readings_are_pypinyins(ch):
    from align.detectors.pinyin_annotation import _live_readings, readings

    assert readings(ch) == _live_readings(ch)


def _reference(text):
    # The check as first written: one pattern for both parentheses, the Han
    # character before it tested, then the Han text before it searched.
    import re

    from align.detectors import pinyin_annotation as pa
    from align.text.scripts import HAN

    han = re.compile(f"[{HAN}]")
    out = []
    for m in pa._CANDIDATE_RE.finditer(text):
        start = m.start()
        if not start or not han.match(text, start - 1):
            if start < 2 or text[start - 1] not in " \u3000" or not han.match(text, start - 2):
                continue
            start -= 1
        content = m.group(2)
        if pa._NO_LETTER_RE.fullmatch(content):
            continue
        tail = pa._HAN_TAIL_RE.search(text, start - 6 if start > 6 else 0, start)
        verdict = pa.classify(tail.group() if tail else "", content)
        if verdict:
            out.append((m.start(1), m.end(3), verdict))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_same_findings_as_one_pattern(seed):
    import random

    from align.detectors.pinyin_annotation import PinyinAnnotation

    rng = random.Random(seed)
    parts = ["會", "議", "書", "记者", "(", ")", "（", "）", "huì", "shū", "jìzhě", " ", "\u3000",
             "\n", "le", "Party", "2023", "a", "x", "(huì )", "（huì）", "會(huì )", "記 (jì)"]
    det = PinyinAnnotation()
    hits = 0
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 20)))
        want = _reference(text)
        got = [(f.start, f.end, (f.rule, f.confidence)) for f in det.detect(Document("t", text))]
        assert got == want, text
        hits += bool(want)
    assert hits > 300


@pytest.mark.parametrize("before, content, rule", [
    ("學習貫徹市會", "huì ", "pinyin_annotation.reading"),
    ("會 ", "huì", "pinyin_annotation.reading"),          # one space before the parenthesis
    ("會\u3000", "huì", "pinyin_annotation.reading"),
    ("好", "hāo", "pinyin_annotation.toned_pinyin"),
    ("會  ", "huì", None),                               # two spaces
    ("會\n", "huì", None),
    ("party", "huì", None),
    ("", "le", None),
    ("會", "1 2", None),                                 # no letter
])
def test_verdict_on_the_text_before(before, content, rule):
    from align.detectors.pinyin_annotation import _verdict

    got = _verdict(before, content)
    assert (got and got[0]) == rule or (got is None and rule is None)
