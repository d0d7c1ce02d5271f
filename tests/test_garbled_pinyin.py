"""garbled_pinyin: untranslated pinyin fires; names never do."""
import pytest

import align


def findings(text):
    df = align.check_text(text, checks=["garbled_pinyin"])
    return list(zip(df["text"], df["suggestion"])) if len(df) else []


FIRES = [
    ("Efforts went into the Chuangwei work of the city.", ("Chuangwei", "national hygienic city campaign")),
    ("They pushed the chuangwen and chuangwei campaigns.", ("chuangwen", "national civilized city campaign")),
    ("The dangjian work of the branch improved.", ("dangjian", "Party building")),
    ("We will promote xiangcun zhenxing in the county.", ("xiangcun zhenxing", "rural revitalization")),
    ("This is the so-called liangzhangpi problem.", ("liangzhangpi", "disconnect")),
    ("They talked about fuqiang and the zhengce.", ("fuqiang", "")),
]


@pytest.mark.parametrize("text,expected", FIRES)
def test_fires(text, expected):
    assert expected in findings(text)


NOT_FIRES = [
    "Group Party Secretary, Chairman Wang Zhihua attended the meeting.",
    "Deputy Party Secretary, President Xiao Bingzhang presided over the meeting.",
    "Yang Chaocan, Party Committee member, and Zhu Guangyu attended.",
    "Maoming Port Group held the ceremony.",
    "Binhai New Area and Yantian District signed the deal.",
    "Officials from Nansha, Guangzhou and Shenzhen attended.",
    "Zhihua Wang spoke after the meeting.",
    "Ouyang Xiuhua chaired the session.",
    "The long banana was in the hotel.",        # English words made of syllables
    "The Qianhai Cooperation Zone grew fast.",
    "Later Bianlang met Qingping at the gate.",  # capitalised: names we cannot prove
]


@pytest.mark.parametrize("text", NOT_FIRES)
def test_not_fires(text):
    assert findings(text) == []


def _page(seed):
    import random

    rng = random.Random(seed)
    parts = [t for t, _ in FIRES] + NOT_FIRES + [
        "中文。", "\n", "Chuangwen met Wang.", "Wang Chuangwen spoke.", "the zhengce of Dangjian City",
        "CHUANGWEN Group held it.", "Chuangwen's plan", "Xi'an Chuangwei", "Dangjian District 2020"]
    return " ".join(rng.choice(parts) for _ in range(60))


@pytest.mark.parametrize("seed", range(4))
def test_run_gate_and_memo_find_what_reading_every_run_finds(seed):
    # Names found in any run spare a word everywhere on the page, so the runs
    # the detector skips must not have held one that matters.
    from align.detectors.garbled_calque import latin_spans
    from align.detectors.garbled_pinyin import (_WORD_RE, GarbledPinyin, _matters, _Word,
                                                term_pinyin)
    from align.text.document import Document

    text = _page(seed)
    det = GarbledPinyin()
    lines = [(s, text[s:e], [_Word(m) for m in _WORD_RE.finditer(text[s:e]) if _matters(m.group())])
             for s, e in latin_spans(Document("p.txt", text))]
    names = set().union(*(det._names(run, words) for _, run, words in lines))
    terms = term_pinyin(())
    want = [(f.start, f.end, f.suggestion) for s, run, words in lines
            for f in det._flag(run, words, names, terms, s)]
    assert want
    for _ in range(2):  # the second time from the memo
        got = [(f.start, f.end, f.suggestion) for f in det.detect(Document("p.txt", text))]
        assert got == want


@pytest.mark.parametrize("text, flagged", [
    # a run that only names the word (in capitals) still spares it elsewhere
    ("CHUANGWEN Group held it. They pushed the chuangwen work.", []),
    ("Wang Chuangwen spoke. They pushed the chuangwen work.", []),
    ("They pushed the chuangwen work.", ["chuangwen"]),
    ("Xi'an Chuangwen 2020. They pushed the chuangwen work.", ["Chuangwen", "chuangwen"]),
])
def test_a_name_in_another_run_spares_the_word(text, flagged):
    assert [t for t, _ in findings(text)] == flagged
