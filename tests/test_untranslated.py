"""untranslated: cases that must fire (with the exact span) and must not."""
import pytest

import align
from align.core.findings import Finding
from align.detectors import Detector
from align.detectors.untranslated import Untranslated
from align.run.pipeline import check_document
from align.text.document import Document

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


# -- Superseding (``Detector.supersedes``, ``pipeline.drop_superseded``) --------


class _Furniture(Detector):
    """A check that reports a line as one span of its own and, first, each
    lone Han character in it (as the boilerplate check reports a line's
    pieces), all of the category the plain Han-run finding has."""

    name = "furniture_stub"
    supersedes = ("untranslated.han_run",)

    def detect(self, doc):
        yield Finding(0, len(doc.text), "untranslated", "furniture_stub.line", severity="minor")
        for k, c in enumerate(doc.text):
            if c == "中" and doc.text[k + 1] == " ":
                yield Finding(k, k + 1, "untranslated", "furniture_stub.piece", severity="minor")


@pytest.mark.parametrize("n", range(1, 13))
def test_a_superseded_finding_goes_however_many_short_findings_lie_before_it(n):
    # A Han run per lone character, each inside a short span of the stub,
    # then the run "中文中文" inside its line's span only: every han_run is
    # dropped, the last one too.
    text = "word 中 " * n + "then 中文中文 in English words."
    doc = Document("d", text)
    assert sum(r["rule"] == "untranslated.han_run"
               for r in check_document(doc, [Untranslated()]).rows) == n + 1
    found = check_document(doc, [Untranslated(), _Furniture()]).rows
    assert [r["rule"] for r in found if r["rule"].startswith("untranslated.")] == []
    assert sum(r["rule"] == "furniture_stub.piece" for r in found) == n


def test_drop_superseded_is_overlap():
    """Against the definition, on random spans: a finding goes where a
    superseding span of its rule and category overlaps it."""
    import random

    from align.run.pipeline import drop_superseded

    rng = random.Random(3)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 30)):
            s = rng.randint(0, 60)
            spans.append(Finding(s, s + rng.choice([0, 1, 1, 2, 3, 20, 50]), "untranslated", "x.y"))
        findings = []
        for _ in range(rng.randint(0, 10)):
            s = rng.randint(0, 60)
            findings.append(Finding(s, s + rng.randint(0, 8), rng.choice(["untranslated", "garbled"]),
                                    rng.choice(["untranslated.han_run", "other.rule"])))
        want = [f for f in findings
                if not (f.rule == "untranslated.han_run" and any(
                    g.category == f.category and g.start < f.end and f.start < g.end
                    for g in spans))]
        assert drop_superseded(findings, {"untranslated.han_run": spans}) == want
