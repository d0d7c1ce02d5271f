"""boilerplate: page furniture by line shape, and Chinese furniture reported once."""
import pytest

import align
from align.detectors.boilerplate import classify_line

LINES = [
    # (line, kind)
    (">> 返 回 <<", "navigation"),
    ("【打印本页】【关闭窗口】", "navigation"),
    ("[ Print ] [ Close ]", "navigation"),
    ("Print | Close | Share", "navigation"),
    ("上一篇：集团召开安全生产工作会议", "navigation"),
    ("Next: Group holds safety meeting", "navigation"),
    ("返回顶部", "navigation"),
    ("Home > News > Group news", "breadcrumb"),
    ("当前位置：首页 > 新闻中心 > 集团要闻", "breadcrumb"),
    ("首頁 » 新聞中心 » 集團動態", "breadcrumb"),
    ("Release time: 2020-04-24 Source: Development Group Number of readings: 1049", "metadata"),
    ("发布时间：2023-02-14 来源：集团办公室 浏览次数：235", "metadata"),
    ("發佈時間:2023-02-14  來源:集團辦公室  點擊數:88", "metadata"),
    ("相關附件：", "metadata"),
    ("相關(guān)附件:", "metadata"),
    ("Attachments:", "metadata"),
    ("Source: Xinhua", "metadata"),
    ("(correspondent: Zhang Jing, audit: Li Xiang, editor: Jiang Wen)", "metadata"),
    ("（通讯员：张敬 审核：李想 编辑：江文）", "metadata"),
    ("Share to:", "metadata"),
    ("Copyright © 2023 Maoming Port Group. All rights reserved.", "copyright"),
    ("版权所有：某某集团有限公司 粤ICP备12345678号", "copyright"),
]

CONTENT = [
    "Group news",
    "(He Mengping)",
    "The meeting was held at 10:00. Source: the group said it would grow.",
    "Time: the essence of all things is that we must do it well, the chairman said at length today",
    "Next, the group will deepen reform of state-owned enterprises.",
    "He scored 3/4 > 2/3 in the test and more",
    "过去的成绩不容忘记,",
    "会议强调，要加快推进集团高质量发展，返回基层一线调研。",
    "Wang Zhihua stressed that the goal has been set and the direction is clear。",
]


@pytest.mark.parametrize("line,kind", LINES)
def test_furniture(line, kind):
    assert classify_line(line) == kind


@pytest.mark.parametrize("line", CONTENT)
def test_content(line):
    assert classify_line(line) is None


def test_chinese_furniture_in_english_page_is_untranslated_once():
    text = "The meeting ended.\n\n>> 返 回 <<\n"
    df = align.check_text(text, checks=["untranslated", "boilerplate"])
    assert list(zip(df.text, df.category, df.rule, df.severity)) == [
        ("返 回", "untranslated", "boilerplate.navigation", "minor")]


def test_untranslated_alone_still_reports_the_han_run():
    df = align.check_text("The meeting ended.\n\n>> 返 回 <<\n", checks=["untranslated"])
    assert list(zip(df.text, df.rule)) == [("返 回", "untranslated.han_run")]


def test_english_furniture_with_chinese_inside():
    text = "Group news\n\nRelease time: 2020-04-24 Source:X电竞 Group Number of readings: 1049\n\nBody text."
    df = align.check_text(text, checks=["untranslated", "boilerplate"])
    got = list(zip(df.text, df.category, df.rule))
    assert got == [
        ("Release time: 2020-04-24 Source:X电竞 Group Number of readings: 1049",
         "boilerplate", "boilerplate.metadata"),
        ("电竞", "untranslated", "boilerplate.metadata"),
    ]
    assert list(df.severity) == ["info", "minor"]


def test_chinese_page_furniture_is_boilerplate_only():
    text = "会议强调，要加快推进集团高质量发展。全体干部职工参加会议。\n相關附件:\n"
    df = align.check_text(text, checks=["boilerplate"])
    assert list(zip(df.text, df.category)) == [("相關附件:", "boilerplate")]
