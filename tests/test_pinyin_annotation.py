"""pinyin_annotation: readings a converter left in parentheses, and the document variant."""
import pytest

import align
from align.text.document import Document
from align.text.variant import classify_variant

FIRES = [
    # (text, expected spans, expected rule)
    ("集團黨委書(shū)記、董事長(cháng)", ["(shū)", "(cháng)"], "pinyin_annotation.reading"),
    ("主持召開(kāi)工作通氣會(huì )。", ["(kāi)", "(huì )"], "pinyin_annotation.reading"),
    ("翠山湖高新區(qū)2023年度", ["(qū)"], "pinyin_annotation.reading"),
    ("相關(guān)附件:", ["(guān)"], "pinyin_annotation.reading"),
    ("本报记者(jìzhě)报道", ["(jìzhě)"], "pinyin_annotation.reading"),
    ("他来了(le)", ["(le)"], "pinyin_annotation.reading"),
    ("记者 (jì zhě) 报道", ["(jì zhě)"], "pinyin_annotation.reading"),
    ("学习(xue2 xi2)文件", ["(xue2 xi2)"], "pinyin_annotation.reading"),
    ("全角括號的會（huì）議", ["（huì）"], "pinyin_annotation.reading"),
    ("長(zhǎng)官", ["(zhǎng)"], "pinyin_annotation.reading"),
    # tone marks pypinyin does not give for this character: still a reading
    ("好(hāo)的", ["(hāo)"], "pinyin_annotation.toned_pinyin"),
]

NOT_FIRES = [
    "会议于(2023)年召开",
    "全体员工参加会议。(吴超)",
    "党委(Party Committee)召开会议",
    "西安(Xi'an)是古都",
    "华为(Huawei)发布新品",
    "公司(men)",                     # a syllable, but not a reading of 司
    "项目(A1)标段",
    "The reading (shū) in English prose is not after Han text.",
    "见附件(pdf)",
    "书记(Secretary)",
    "",
]


def flagged(text):
    df = align.check_text(text, checks=["pinyin_annotation"])
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text
    return df


@pytest.mark.parametrize("text,expected,rule", FIRES)
def test_fires(text, expected, rule):
    df = flagged(text)
    assert list(df.text) == expected
    assert set(df.rule) == {rule}
    assert set(df.suggestion) == {""}
    assert set(df.severity) == {"minor"}


@pytest.mark.parametrize("text", NOT_FIRES)
def test_does_not_fire(text):
    assert list(flagged(text).text) == []


def test_seed_readings_all_found(seeds):
    text = (seeds / "004_b50c4a77d53f1938.txt").read_text(encoding="utf-8")
    df = flagged(text)
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
    df = align.check_text("集團黨委書(shū)記", checks=["pinyin_annotation"])
    assert df.attrs["documents"]["variant"] == "traditional"


@pytest.mark.parametrize("text,spans", [
    ("書(shū)記", ["(shū)"]),
    ("會 (huì)議", ["(huì)"]),            # the space a lost <rt> left
    ("會\u3000（huì）議", ["（huì）"]),
    ("會  (huì)議", []),                  # two spaces: not straight after
    ("Zhang (zhāng) said", []),           # no Han character before
    ("(shū)", []),                        # nothing before
    (" (shū)", []),
    ("書((shū)", []),
])
def test_candidate_must_follow_a_han_character(text, spans):
    df = align.check_text(text, checks=["pinyin_annotation"])
    assert list(df.text) == spans


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
