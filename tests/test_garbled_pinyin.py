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
