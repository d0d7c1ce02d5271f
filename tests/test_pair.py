"""`align pair`: files and folders, beads, TSV and the bilingual findings."""
import csv

import pytest

from align.pair.bilingual import pair_texts, sentence_spans
from align.cli import main
from tests.test_aligner import EN, ZH


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))


def _rows(src, tgt, **kw):
    res = pair_texts("\n".join(src) + "\n", "\n".join(tgt) + "\n", presplit=True, **kw)
    return res, res.rows


def _find(rows, category, doc=None):
    return [r for r in rows if r["category"] == category and (doc is None or r["doc"] == doc)]


@pytest.mark.parametrize("text,presplit,expected", [
    ("一\n二\n\n三\n", True, ["一", "二", "", "三"]),
    ("会议开始。代表发言。\n会议结束。", False, ["会议开始。", "代表发言。", "会议结束。"]),
])
def test_sentence_spans(text, presplit, expected):
    assert [text[a:b] for a, b in sentence_spans(text, presplit)] == expected


def test_omission_and_addition_findings():
    res, rows = _rows(ZH, EN)
    om = _find(rows, "omission", "source")
    add = _find(rows, "addition", "target")
    assert [r["text"] for r in om] == [ZH[5]]
    assert [r["text"] for r in add] == [EN[5]]
    for r in rows:
        text = res.source if r["doc"] == "source" else res.target
        assert text[r["start"]:r["end"]] == r["text"]


@pytest.mark.parametrize("en3,flagged_src,flagged_tgt", [
    # 12 percent rendered as 15 percent: both sides flagged
    ("He said the company's operating revenue grew by 15 percent last year.", ["百分之十二"],
     ["15 percent"]),
    # spelled-out English numbers count
    ("He said the company's operating revenue grew by twelve percent last year.", [], []),
])
def test_number_mismatch(en3, flagged_src, flagged_tgt):
    en = EN[:2] + [en3] + EN[3:5] + EN[6:]
    zh = ZH[:5] + ZH[6:]
    _, rows = _rows(zh, en)
    nm = _find(rows, "number_mismatch")
    assert sorted(r["text"] for r in nm if r["doc"] == "source") == flagged_src
    assert sorted(r["text"] for r in nm if r["doc"] == "target") == flagged_tgt


@pytest.mark.parametrize("en_line,fires", [
    ("He stressed the need to deepen reform of state-owned enterprises.", False),
    ("He stressed the need to deepen reform of country-owned businesses.", True),
])
def test_terminology(en_line, fires):
    zh = ZH[:3] + ["他强调要深化国有企业改革。"] + ZH[4:5] + ZH[6:]
    en = EN[:3] + [en_line] + EN[4:5] + EN[6:]
    _, rows = _rows(zh, en)
    hits = [r for r in _find(rows, "terminology") if r["text"] == "国有企业"]
    assert bool(hits) == fires
    if fires:
        assert "state-owned enterprise" in hits[0]["suggestion"].lower()


@pytest.mark.parametrize("en_line,severity", [
    ("He said checkpoints were set up at every highway exit.", None),
    # a known misreading of 卡口 (resources/data/misreadings.csv): major
    ("He said bayonets were set up at every highway exit.", "major"),
])
def test_terminology_known_misreading(en_line, severity):
    zh = ZH[:3] + ["他说，每个高速公路出口都设立了卡口。"] + ZH[4:5] + ZH[6:]
    en = EN[:3] + [en_line] + EN[4:5] + EN[6:]
    _, rows = _rows(zh, en)
    hits = [r for r in _find(rows, "terminology") if r["text"] == "卡口"]
    assert [r["severity"] for r in hits] == ([severity] if severity else [])
    if severity:
        assert "bayonet" in hits[0]["note"] and hits[0]["suggestion"] == "checkpoint"


@pytest.mark.parametrize("en_line,rule,span", [
    ("The conference also honored 20 先进个人.", "pair.untranslated", "先进个人"),
])
def test_untranslated_in_target(en_line, rule, span):
    zh = ZH[:5] + ZH[6:]
    en = EN[:3] + [en_line] + EN[4:5] + EN[6:]
    _, rows = _rows(zh, en)
    hits = [r for r in rows if r["rule"] == rule]
    assert [r["text"].rstrip(".") for r in hits] == [span]


def test_clean_pair_has_no_structural_findings():
    zh = ZH[:5] + ZH[6:]
    en = EN[:5] + EN[6:]
    _, rows = _rows(zh, en)
    assert not _find(rows, "omission") and not _find(rows, "addition")
    assert not _find(rows, "number_mismatch")


def test_cli_files(tmp_path):
    s, t = tmp_path / "zh.txt", tmp_path / "en.txt"
    s.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    t.write_text("\n".join(EN) + "\n", encoding="utf-8")
    out = tmp_path / "out.align"
    assert main(["pair", str(s), str(t), "--presplit", "-o", str(out), "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "[5]:[]" in lines and "[]:[5]" in lines
    tsv = (tmp_path / "out.tsv").read_text(encoding="utf-8").splitlines()
    assert tsv[0] == "source\ttarget\tscore\tbead"
    assert tsv[1].startswith(ZH[0] + "\t" + EN[0] + "\t")
    with open(tmp_path / "out.qa.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {"omission", "addition"} <= {r["category"] for r in rows}


def test_cli_folders_pair_by_name(tmp_path):
    for side, lines in (("zh", ZH), ("en", EN)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "a.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (tmp_path / side / "b.txt").write_text("\n".join(lines[:4]) + "\n", encoding="utf-8")
    (tmp_path / "zh" / "lonely.txt").write_text("一\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["pair", str(tmp_path / "zh"), str(tmp_path / "en"), "--presplit",
                 "-o", str(out), "-q"]) == 0
    assert sorted(p.name for p in out.glob("*.align")) == ["a.align", "b.align"]
    assert (out / "b.align").read_text().splitlines() == [f"[{i}]:[{i}]" for i in range(4)]
    docs = {r["doc"] for r in csv.DictReader(open(out / "qa.csv", encoding="utf-8"))}
    assert docs <= {"zh/a.txt", "en/a.txt", "zh/b.txt", "en/b.txt"}


@pytest.mark.parametrize("argv", [["pair", "nope1", "nope2"]])
def test_cli_usage_errors(argv):
    assert main(argv) == 2


def test_the_aligned_tsv_runs_no_formula():
    """A sentence a spreadsheet would run starts with an apostrophe, as a
    report's CSV cell does (core.outfile.escape_cell)."""
    res = pair_texts("会议开始。\n一加一。\n", "The meeting began.\n=1+1 is two.\n", presplit=True,
                     model="lexical", qa=False)
    lines = res.tsv().splitlines()
    assert lines[1].split("\t")[:2] == ["会议开始。", "The meeting began."]
    assert lines[2].split("\t")[:2] == ["一加一。", "'=1+1 is two."]


def _write_pair(zh_path, en_path):
    for p, lines in ((zh_path, ZH), (en_path, EN)):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("zh,en,given,docs", [
    # two files of the same name: named by the paths as given
    ("zh/page.txt", "en/page.txt", None, {"zh/page.txt", "en/page.txt"}),
    ("zh.txt", "en.txt", None, {"zh.txt", "en.txt"}),
    # two folders of the same name: named by the folders as given
    ("v1/docs/a.txt", "v2/docs/a.txt", ("v1/docs", "v2/docs"),
     {"v1/docs/a.txt", "v2/docs/a.txt"}),
    ("zh/a.txt", "en/a.txt", ("zh", "en"), {"zh/a.txt", "en/a.txt"}),
])
def test_the_two_sides_are_never_named_alike(tmp_path, monkeypatch, zh, en, given, docs):
    monkeypatch.chdir(tmp_path)
    _write_pair(tmp_path / zh, tmp_path / en)
    out, report = ("out", "out/qa.csv") if given else ("out.align", "out.qa.csv")
    assert main(["pair", *(given or (zh, en)), "--presplit", "-o", out, "-q"]) == 0
    got = {r["doc"] for r in csv.DictReader(open(report, encoding="utf-8"))}
    assert got == docs  # omission on one side, addition on the other


def test_folder_pairs_name_clashes_and_bad_files(tmp_path, capsys):
    _write_pair(tmp_path / "zh" / "a.txt", tmp_path / "en" / "a.txt")
    _write_pair(tmp_path / "zh" / "b.txt", tmp_path / "en" / "b.txt")
    (tmp_path / "zh" / "a.html").write_text("<p>一</p>", encoding="utf-8")  # clashes with a.txt
    (tmp_path / "zh" / ".git").mkdir()
    (tmp_path / "zh" / ".git" / "c.txt").write_text("一\n", encoding="utf-8")  # hidden
    (tmp_path / "en" / "c.txt").write_text("One.\n", encoding="utf-8")
    (tmp_path / "zh" / "d.txt").write_bytes(b"%PDF-1.4\n")  # cannot be read
    (tmp_path / "en" / "d.txt").write_text("One.\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["pair", str(tmp_path / "zh"), str(tmp_path / "en"), "--presplit",
                 "-o", str(out), "-q"])
    err = capsys.readouterr().err
    assert code == 1  # a pair was not read; the others were aligned
    assert sorted(p.name for p in out.glob("*.align")) == ["b.align"]
    assert "share the name 'a' without their suffixes, so none of them is paired" in err
    assert f"no counterpart for {tmp_path / 'en' / 'c.txt'}" in err
    assert "d.txt: looks like a PDF document" in err
