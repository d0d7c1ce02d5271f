"""boilerplate beyond its cases (``tests/cases/boilerplate.json``): Chinese
furniture reported once with untranslated, and the shortcuts of ``classify_line``."""
import pytest

from align.detectors.boilerplate import classify_line
from helpers import check


def test_chinese_furniture_in_english_page_is_untranslated_once():
    text = "The meeting ended.\n\n>> 返 回 <<\n"
    df = check(text, ["untranslated", "boilerplate"])
    assert list(zip(df.text, df.category, df.rule, df.severity)) == [
        ("返 回", "untranslated", "boilerplate.navigation", "minor")]


def test_untranslated_alone_still_reports_the_han_run():
    df = check("The meeting ended.\n\n>> 返 回 <<\n", ["untranslated"])
    assert list(zip(df.text, df.rule)) == [("返 回", "untranslated.han_run")]


def test_english_furniture_with_chinese_inside():
    text = "Group news\n\nRelease time: 2020-04-24 Source:X电竞 Group Number of readings: 1049\n\nBody text."
    df = check(text, ["untranslated", "boilerplate"])
    got = list(zip(df.text, df.category, df.rule))
    assert got == [
        ("Release time: 2020-04-24 Source:X电竞 Group Number of readings: 1049",
         "boilerplate", "boilerplate.metadata"),
        ("电竞", "untranslated", "boilerplate.metadata"),
    ]
    assert list(df.severity) == ["info", "minor"]


def test_chinese_page_furniture_is_boilerplate_only():
    text = "会议强调，要加快推进集团高质量发展。全体干部职工参加会议。\n相關附件:\n"
    df = check(text, ["boilerplate"])
    assert list(zip(df.text, df.category)) == [("相關附件:", "boilerplate")]


def _reference_kind(line):
    # classify_line as first written: every test on every line.
    import re

    from align.detectors import boilerplate as bp

    if len(line) > bp.MAX_LINE:
        return None
    s = bp._simplified(line.strip())
    if not s:
        return None
    short = len(s) <= bp.SHORT_LINE
    if bp._LINE_START_RE.match(s):
        if len(bp._LABEL_RE.findall(s)) >= 2 or (short and len(bp._WORD_RE.findall(s)) <= 12):
            return "metadata"
    if short and bp._PREV_NEXT_RE.match(s):
        return "navigation"
    if short and bp._NAV_WORD_RE.search(s):
        if not bp._NAV_FILLER_RE.sub("", bp._NAV_WORD_RE.sub("", s)):
            return "navigation"
    if short and bp._ARROWS_RE.search(s):
        if len(bp._ARROWS_RE.sub(" ", s).strip()) <= 30 and len(bp._WORD_RE.findall(s)) <= 6:
            return "navigation"
    if len(s) > bp.SHORT_LINE * 2:
        return None
    if len(bp._CRUMB_SEP_RE.findall(s)) >= 2:
        items = [i for i in bp._CRUMB_SEP_RE.split(s) if i.strip()]
        if (len(items) >= 3 and all(len(bp._WORD_RE.findall(i)) <= 6 for i in items)
                and not re.search(r"\d\s*/\s*\d", s)):
            return "breadcrumb"
    if bp._COPYRIGHT_RE.search(s):
        return "copyright"
    return None


def _random_lines(seed, n):
    import random

    rng = random.Random(seed)
    parts = ["返回", "返 回", "首页", "打印本页", "關閉窗口", "【", "】", "[", "]", "Print", "CLOSE", "Back",
             "back to top", "e-mail", "\u0131", "\u017f", "\u212a", "|", " > ", "»", "/", "→", ">>",
             "<<", "·", " ", "\u3000", ":", "\uff1a", "发布时间", "來源", "Source", "views", "2023-02-14",
             "Copyright", "©", "版權所有", "ICP备", "Next", "上一篇", "news", "集团新闻", "z", "q",
             "(guān)", "相關", ",", "。", "Home", "x" * 90]
    return ["".join(rng.choice(parts) for _ in range(rng.randint(1, 12))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(3))
def test_shortcuts_classify_as_every_test_does(seed):
    kinds = set()
    for line in _random_lines(seed, 4000):
        want = _reference_kind(line)
        assert classify_line(line) == want, line
        kinds.add(want)
    assert kinds == {None, "navigation", "breadcrumb", "metadata", "copyright"}


@pytest.mark.parametrize("seed", range(3))
def test_paragraphs_from_the_segments(seed):
    import random

    from align.detectors.boilerplate import _paragraphs
    from align.text.document import Document
    from align.text.segment import paragraphs

    rng = random.Random(seed)
    parts = ["Hello world. ", "It rose. Then it fell! ", "中文句子。", "再来一句！", "\n", "\n\n", "  ",
             "\r\n", "\u2028", "\t", "Mr. Li said so.", "1.5", "a", "。", " x "]
    for _ in range(500):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 20)))
        assert _paragraphs(Document("t", text)) == paragraphs(text), repr(text)


@pytest.mark.parametrize("line, may_be_nav", [
    ("返回首页", True),
    ("[ Print ] [ Close ]", True),
    ("Back to top »", True),
    ("BACK | HOME", True),
    ("Print, Close", False),          # a comma is neither a word nor filler
    ("发布时间 2023", False),
    ("Quiz", False),
    ("", True),
])
def test_navigation_line_characters(line, may_be_nav):
    from align.detectors.boilerplate import _NAV_LINE_RE

    assert bool(_NAV_LINE_RE.fullmatch(line)) == may_be_nav
