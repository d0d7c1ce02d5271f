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
        tail = pa._HAN_TAIL_RE.search(text, max(0, start - pa._MAX_HAN), start)
        verdict = pa.classify(tail.group() if tail else "", content)
        if verdict is pa._NAME and not pa._CHINESE_AFTER_RE.match(text, m.end()):
            continue
        if verdict:
            out.append((m.start(1), m.end(3), verdict))
    return out


@pytest.mark.parametrize("seed", range(3))
def test_same_findings_as_one_pattern(seed):
    import random

    from align.detectors.pinyin_annotation import PinyinAnnotation

    rng = random.Random(seed)
    parts = ["會", "議", "書", "记者", "(", ")", "（", "）", "huì", "shū", "jìzhě", " ", "\u3000",
             "\n", "le", "Party", "2023", "a", "x", "(huì )", "（huì）", "會(huì )", "記 (jì)",
             "(Huì)", "(Jìzhě)", "(xue2 xi)", "。"]
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


@pytest.mark.parametrize("text, kept", [
    ("代表团访问了上海(Shànghǎi)和苏州", "(Shànghǎi)"),     # title case: reported, kept
    ("The poet 杜甫 (Dù Fǔ) wrote it.", None),           # title case in English: nothing
    ("代表团访问了上海(shànghǎi)和苏州", ""),             # a converter's reading: deleted
])
def test_title_case_is_never_cleaned(text, kept):
    from align.clean import plan_edits
    from align.detectors.pinyin_annotation import PinyinAnnotation

    found = list(PinyinAnnotation().detect(Document("t", text)))
    plan = plan_edits(text, found)
    if kept is None:
        assert not found
    elif kept:
        assert [k["text"] for k in plan.kept] == [kept] and not plan.edits
    else:
        assert len(plan.edits) == 1 and not plan.kept




@pytest.mark.parametrize("lead", ["", "坚持", "中" * 40])
def test_reading_as_long_as_the_cap(lead):
    # One character a syllable, up to ``_MAX_HAN``; the Han text before the
    # word does not matter.
    from align.detectors import pinyin_annotation as pa

    word = "中华人民共和国国务院办公厅秘书局"
    reading = "zhong1 hua2 ren2 min2 gong4 he2 guo2 guo2 wu4 yuan4 ban4 gong1 ting1 mi4 shu1 ju2"
    assert len(word) == pa._MAX_HAN == len(reading.split())
    det = pa.PinyinAnnotation()
    text = lead + word + "(" + reading + ")"
    assert [f.rule for f in det.detect(Document("t", text))] == ["pinyin_annotation.reading"]
    # One syllable more than the cap: not checked.
    text = lead + word + "长(" + reading + " zhang3)"
    assert not list(det.detect(Document("t", text)))


@pytest.mark.parametrize("markup, text", [
    ("<p>A sign read <ruby>會<rp>(</rp><rt>huì</rt><rp>)</rp></ruby><ruby>議<rp>(</rp>"
     "<rt>yì</rt><rp>)</rp></ruby> today.</p>", "A sign read 會議 today.\n"),
    # End tags left out: an <rt> or <rp> ends at the next one or at </ruby>.
    ("<p><ruby>學<rp>(<rt>xué<rp>)</ruby>習(xí)</p>", "學習(xí)\n"),
    ("<p><ruby>書<rb>記</rb><rtc><rt>shū</rt><rt>jì</rt></rtc></ruby>處</p>", "書記處\n"),
    # Outside <ruby> an <rt> is plain text.
    ("<p>at <rt>noon</rt></p>", "at noon\n"),
])
def test_intact_ruby_shows_no_reading(markup, text):
    from align.read.htmltext import _flat_text, html_to_text

    assert html_to_text(markup) == text
    assert _flat_text(markup) == text
