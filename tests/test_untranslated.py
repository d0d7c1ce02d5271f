"""untranslated: cases that must fire (with the exact span) and must not."""
import pytest

import align

FIRES = [
    # (text, expected flagged spans)
    ("会上,Heads of departments spoke.", ["会上,"]),
    ("Wang Zhihua stressed,2022年,It is the year.", ["年,"]),
    ("with practical actions。一要Take responsibility。", ["一要"]),
    ("attended the ceremony。(吴超)", ["吴超"]),
    ("(He Mengping)\n\n>> 返 回 <<", ["返 回"]),
    ("Source:X电竞 X电竞 Development Group", ["电竞", "电竞"]),
    ("the goal of the “书记项目” is clear.", ["“书记项目”"]),
    # a Chinese passage of several sentences is one finding
    ("First, we should do it。紧紧围绕部署,坚持引领;二是要务实笃行。All staff agreed.",
     ["紧紧围绕部署,坚持引领;二是要务实笃行。"]),
    ("Home 丨 News", ["丨"]),
    ("The 𠀀 character is astral.", ["𠀀"]),
    ("Compatibility 﨑 ideograph", ["﨑"]),
    # separate paragraphs stay separate findings
    ("第一段 is the first paragraph\n第二段 is the second", ["第一段", "第二段"]),
]

NOT_FIRES = [
    "The meeting summarized the work of 2022.",
    "He held the conference。The meeting ended.",          # punctuation only: not untranslated
    "“Quoted” English text, with ‘quotes’ and — dashes…",
    "Ｆｕｌｌｗｉｄｔｈ letters and digits １２３",
    "Москва — столица России.",
    "Pinyin words like Chuangwen stay for another check.",
    "",
]


def flagged(text):
    df = align.check_text(text, checks=["untranslated"])
    for row in df.itertuples():
        assert text[row.start:row.end] == row.text
    return list(df.text), df


@pytest.mark.parametrize("text,expected", FIRES)
def test_fires(text, expected):
    spans, df = flagged(text)
    assert spans == expected
    assert set(df.rule) == {"untranslated.han_run"}
    assert set(df.severity) == {"major"}
    assert set(df.category) == {"untranslated"}


@pytest.mark.parametrize("text", NOT_FIRES)
def test_does_not_fire(text):
    spans, _ = flagged(text)
    assert spans == []


def test_chinese_document_is_one_finding():
    text = "会议强调，要加快推进集团高质量发展。\n全体干部职工参加会议。\n(Photo: 2023)\n"
    spans, df = flagged(text)
    assert list(zip(df.start, df.end, df.rule)) == [(0, len(text), "document_language")]
