"""Segmentation: sentences and script runs, offsets always into the text."""
import pytest

from align.text.scripts import classify_language, script_runs
from align.text.segment import segment

SENTENCES = [
    ("Dr. Smith went home. He was tired.", ["Dr. Smith went home.", "He was tired."]),
    ("他说：“我们走吧。”然后离开了！", ["他说：“我们走吧。”", "然后离开了！"]),
    ("第一句;第二句.第三句", ["第一句;", "第二句.", "第三句"]),
    ("held the 2023 conference。The meeting summarized it.",
     ["held the 2023 conference。", "The meeting summarized it."]),
    ("一要Take responsibility。二要Strengthen deployment。",
     ["一要Take responsibility。", "二要Strengthen deployment。"]),
    ("Growth was 5.2 percent. Costs fell.", ["Growth was 5.2 percent.", "Costs fell."]),
    ("Line one\nLine two\n\n  Line three  ", ["Line one", "Line two", "Line three"]),
    ("U.S. policy is fine; we agree.", ["U.S. policy is fine; we agree."]),
    ("", []),
    ("   \n \n", []),
]


@pytest.mark.parametrize("text,expected", SENTENCES)
def test_sentences(text, expected):
    segs = segment(text)
    assert [text[s.start:s.end] for s in segs] == expected
    assert [s.index for s in segs] == list(range(len(segs)))


@pytest.mark.parametrize("text", [t for t, _ in SENTENCES] + [
    "会上,Heads of departments,Focus on the analysis。\n\n(吴超)\n>> 返 回 <<",
])
def test_segments_are_ordered_disjoint_and_gaps_are_whitespace(text):
    pos = 0
    for s in segment(text):
        assert s.start >= pos and s.end > s.start
        assert not text[pos:s.start].strip()
        pos = s.end
    assert not text[pos:].strip()


# Chunks whose only sentence-end characters close them skip Punkt; Punkt must
# agree that they are one sentence (stripped), whatever else they hold.
ONE_SENTENCE = [
    "He left.", "Why?", "Stop!!!", "Mr.", "...", "It works?! ", "a\u3000b.", "  Mr Smith went to Washington.  ", "Is 5 > 4?",
]


@pytest.mark.parametrize("chunk", ONE_SENTENCE + [
    "Dr. Smith.", "No. 5 is fine.", "U.S.", "“Quoted.” ", "(See below.)", "Go. Now"])
def test_punkt_short_cut_agrees_with_punkt(chunk):
    from align.text.segment import _punkt, _strip, split_sentences

    # Sentence-end characters before the closing run of them.
    inner = any(c in chunk.rstrip().rstrip(".!?") for c in ".!?")
    punkt = [(a, b) for a, b in (_strip(chunk, *sp) for sp in _punkt().span_tokenize(chunk)) if a < b]
    if chunk in ONE_SENTENCE:
        assert not inner  # the short cut is taken
        assert punkt == [_strip(chunk, 0, len(chunk))]
    else:
        assert inner  # Punkt decides
    assert split_sentences(chunk, 0, len(chunk)) == punkt


RUNS = [
    ("Wang Zhihua stressed,2022年,It is", [
        ("Wang Zhihua stressed,", "latin"), ("2022", "common"), ("年,", "zh"), ("It is", "latin")]),
    ("the “书记项目”。Next", [
        ("the", "latin"), (" ", "common"), ("“书记项目”。", "zh"), ("Next", "latin")]),
    ("(吴超)", [("(", "common"), ("吴超", "zh"), (")", "common")]),
    (">> 返 回 <<", [(">> ", "common"), ("返 回", "zh"), (" <<", "common")]),
    ("Source:X电竞 X电竞 Development", [
        ("Source:X", "latin"), ("电竞", "zh"), (" ", "common"), ("X", "latin"),
        ("电竞", "zh"), (" ", "common"), ("Development", "latin")]),
    ("共170人参加会议。", [("共170人参加会议。", "zh")]),
    ("Москва и 北京", [("Москва и", "other"), (" ", "common"), ("北京", "zh")]),
    ("𠀀𠀁 astral", [("𠀀𠀁", "zh"), (" ", "common"), ("astral", "latin")]),
    # Tokens of one script join across at most 12 neutral characters ...
    ("abc" + " " * 12 + "def", [("abc" + " " * 12 + "def", "latin")]),
    ("abc" + " " * 13 + "def", [("abc", "latin"), (" " * 13, "common"), ("def", "latin")]),
    ("abc 123 def", [("abc 123 def", "latin")]),
    ("a_b", [("a_b", "latin")]),
    # ... never across a line break or a separator of page furniture.
    ("中文\n中文", [("中文", "zh"), ("\n", "common"), ("中文", "zh")]),
    ("x = y", [("x", "latin"), (" = ", "common"), ("y", "latin")]),
    # Brackets and quotes inside a Han run, trailing punctuation kept with it.
    ("说《人民日报》称", [("说《人民日报》称", "zh")]),
    ("He said “中国”.", [("He said", "latin"), (" ", "common"), ("“中国”.", "zh")]),
    ("中，，，abc", [("中，，，", "zh"), ("abc", "latin")]),
    # A numeric letter that is no digit (superscript two) belongs to no script we know.
    ("abc²def", [("abc", "latin"), ("²", "other"), ("def", "latin")]),
]


@pytest.mark.parametrize("text,expected", RUNS)
def test_script_runs(text, expected):
    runs = script_runs(text)
    assert [(text[r.start:r.end], r.script) for r in runs] == expected
    assert runs[0].start == 0 and runs[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(runs, runs[1:]))


@pytest.mark.parametrize("text,language", [
    ("The meeting summarized the work of the group in 2022.", "en"),
    ("会上,Heads of departments and offices summarized the completion of the work.", "en"),
    ("集團黨委書(shū)記、董事長(cháng)周正雄主持召開(kāi)工作通氣會(huì )。", "zh"),
    ("会议强调，要加快推进集团高质量发展。", "zh"),
    ("会议强调要加快推进发展。The meeting stressed faster growth.", "mixed"),
    ("", "en"),
    ("2023 12 31", "en"),
])
def test_document_language(text, language):
    assert classify_language(text) == language
