"""The checks of bilingual files unit by unit (issue 24): placeholders, tags,
mechanics, consistency, spelling, checklists, states, language scope.

Each rule has cases that must fire and cases that must stay quiet, run
through ``check_document`` on units built here; then real public files of
``tests/data`` (see its README for sources and licences)."""
import csv
from pathlib import Path

import pytest

from align.cli import main
from align.core.config import Config
from align.detectors import select
from align.read.formats import join, read_bilingual, language_pair
from align.run.pipeline import check_document
from align.text.document import Document

DATA = Path(__file__).parent / "data"


def rows_of(units, checks, languages=("zh", "en"), config=Config()):
    bi = join(units, "po")
    doc = Document("t.po", bi.text, "utf-8", "po", bi.units, languages)
    return check_document(doc, select(checks.split(","), config=config), config).rows


# check, units (id, source, target[, fields]), rule, the flagged text or None (must stay quiet)
CASES = [
    # placeholders
    ("placeholders", [("1", "正在发送文件 {percent}%", "Sending ...")], "placeholder.missing", "Sending ..."),
    ("placeholders", [("1", "{n} 个文件", "{n} files")], "placeholder.missing", None),
    ("placeholders", [("1", "文件", "{n} files")], "placeholder.added", "{n}"),
    ("placeholders", [("1", "增长 50% 以上", "up 50% or more")], "placeholder.added", None),
    ("placeholders", [("1", "你有{count}条消息", "You have {cnt} messages")], "placeholder.renamed", "{cnt}"),
    ("placeholders", [("1", "[CQ:faceid=1]你好", "[CQ:face,id=1] Hi")], "placeholder.renamed", "[CQ:face,id=1]"),
    ("placeholders", [("1", "你好 {{user}}", "Hello {{user}}")], "placeholder.renamed", None),
    ("placeholders", [("1", "详见 https://a.example/x。", "See https://a.example/y")],
     "placeholder.renamed", "https://a.example/y"),
    ("placeholders", [("1", "详见 https://a.example/x。", "See https://a.example/x.")],
     "placeholder.renamed", None),
    ("placeholders", [("1", "tar zxvf a.tgz /data", "tar zxvf a.tgz /cookies")],
     "placeholder.renamed", "tar zxvf a.tgz /cookies"),
    ("placeholders", [("1", "运行 tar -xzf a.tgz 解压。", "Run tar -xzf a.tgz to unpack.")],
     "placeholder.renamed", None),
    ("placeholders", [("1", "%s 上传了 %d 个文件", "%d files uploaded by %s", {"flags": ("c-format",)})],
     "placeholder.reordered", "%d files uploaded by %s"),
    ("placeholders", [("1", "%1$s 上传了 %2$d 个文件", "%2$d files uploaded by %1$s",
                       {"flags": ("c-format",)})], "placeholder.reordered", None),
    ("placeholders", [("1", "<b>粗体</b>", "Bold")], "tag.missing", "Bold"),
    ("placeholders", [("1", "<b>粗体</b>", "<b>Bold</b>")], "tag.missing", None),
    ("placeholders", [("1", "粗体", "<b>Bold</b>")], "tag.added", "<b>"),
    ("placeholders", [("1", '<a href="x">链接</a>', '<a href="y" title="t">link</a>')], "tag.added", None),
    ("placeholders", [("1", "打开现在", "Open now", {"source_codes": ("x#1",), "target_codes": ()})],
     "tag.missing", "Open now"),
    ("placeholders", [("1", "打开现在", "Open now", {"source_codes": ("x#1",), "target_codes": ("x#1",)})],
     "tag.missing", None),
    ("placeholders", [("1", "打开", "Open", {"source_codes": (), "target_codes": ("ph#2",)})],
     "tag.added", "Open"),
    # mechanics
    ("mechanics", [("1", "设置", " Settings")], "whitespace.leading", " "),
    ("mechanics", [("1", " 设置", " Settings")], "whitespace.leading", None),
    ("mechanics", [("1", "作者：", "Author: ")], "whitespace.trailing", " "),
    ("mechanics", [("1", "作者： ", "Author: ")], "whitespace.trailing", None),
    ("mechanics", [("1", "正在处理", "Now  running")], "whitespace.double_space", "  "),
    ("mechanics", [("1", "见 `a  b`", "See `a  b`")], "whitespace.double_space", None),
    ("mechanics", [("1", "确定要退出吗？", "Do you want to quit.")], "punctuation.end_mismatch", "."),
    ("mechanics", [("1", "作者：", "Author")], "punctuation.end_mismatch", ""),
    ("mechanics", [("1", "会议召开。", "The meeting was held.")], "punctuation.end_mismatch", None),
    ("mechanics", [("1", "真的要将 {user} 移出群聊吗", "Remove {user}?")], "punctuation.end_mismatch", None),
    ("mechanics", [("1", "（实验性）自动", "(Experimental automatically")], "punctuation.unbalanced", "("),
    ("mechanics", [("1", "（实验性）自动", "(Experimental) automatically")], "punctuation.unbalanced", None),
    ("mechanics", [("1", "运行 `f(x`", "Run `f(x`")], "punctuation.unbalanced", None),
    ("mechanics", [("1", "学生的书", "The students’ books and it’s ‘new’")], "punctuation.unbalanced", None),
    ("mechanics", [("1", "“新”书", "The ‘new book")], "punctuation.unbalanced", "‘"),
    ("mechanics", [("1", "请点击确定。", "please click OK.")], "formatting.initial_capital", "p"),
    ("mechanics", [("1", "Open the file", "open the file")], "formatting.initial_capital", "o"),
    ("mechanics", [("1", "请点击确定", "please click OK")], "formatting.initial_capital", None),
    ("mechanics", [("1", "设置 iPhone。", "iPhone settings.")], "formatting.initial_capital", None),
    ("mechanics", [("1", "{name} 加入了", "Welcome, {name}")], "formatting.initial_capital", None),
    ("mechanics", [("1", "打开", "Open the file", {"limit": 10})], "formatting.too_long", "Open the file"),
    ("mechanics", [("1", "打开", "Open", {"limit": 10})], "formatting.too_long", None),
    ("mechanics", [("1", "打开", "Öffnen", {"limit": 6, "limit_unit": "byte"})], "formatting.too_long", "Öffnen"),
    ("mechanics", [("1", "Open the file", "Ouvrir le le fichier")], "formatting.repeated_word",
     "le le"),
    ("mechanics", [("1", "It had ended", "He had had enough"),
                   ("2", "Knock knock", "Toc toc"), ("3", "Bora Bora island", "l’île Bora Bora")],
     "formatting.repeated_word", None),
    # consistency
    ("consistency", [("1", "保存", "Save"), ("2", "保存", "Save"), ("3", "保存", "Store")],
     "consistency.target", "Store"),
    ("consistency", [("1", "保存", "Save"), ("2", "保存", "Keep", {"context": "menu"})],
     "consistency.target", None),
    ("consistency", [("1", "保存", "Save"), ("2", "存储", "Save")], "consistency.source", "Save"),
    ("consistency", [("1", "保存", "Save"), ("2", "保存", " Save")], "consistency.source", None),
    # spelling
    ("spelling", [("1", "图片过大", "Image to proccess is too large")], "spelling.unknown_word", "proccess"),
    ("spelling", [("1", "自动跟随主题色", "Followaccent color")], "spelling.unknown_word", "Followaccent"),
    ("spelling", [("1", "江苏省的用户", "Users in Jiangsu, on WeChat and QQ")], "spelling.unknown_word", None),
    ("spelling", [("1", "颜色中心", "The colour of the centre")], "spelling.unknown_word", None),
    ("spelling", [("1", "Stapxs 已打开", "Stapxs is open")], "spelling.unknown_word", None),
    ("spelling", [("1", "见 https://goo.gl/AFskqB", "See https://goo.gl/AFskqB")], "spelling.unknown_word", None),
    # units: copied source, states
    ("units", [("1", "Save file", "Save file")], "unit.unchanged", "Save file"),
    ("units", [("1", "Six", "Six"), ("2", "GitHub", "GitHub"), ("3", "Stapxs Lite", "Stapxs Lite"),
               ("4", "%s", "%s")], "unit.unchanged", None),
    ("units", [("1", "打开", "Open", {"state": "fuzzy"})], "state.fuzzy", "Open"),
    ("units", [("1", "打开", "Open")], "state.fuzzy", None),
    ("units", [("1", "打开", "Open", {"state": "needs-review"})], "state.needs_review", "Open"),
    ("units", [("1", "打开", "Open", {"state": "final"})], "state.needs_review", None),
    ("units", [("1", "打开", ""), ("2", "关闭", "Close")], "pair.omission", ""),
]


@pytest.mark.parametrize("check,units,rule,text", CASES,
                         ids=[f"{c[2]}-{'fire' if c[3] is not None else 'quiet'}-{i}"
                              for i, c in enumerate(CASES)])
def test_unit_rules(check, units, rule, text):
    # An English->French pair for the copied-source case (a Chinese
    # file copies Latin strings on purpose); Chinese->English otherwise.
    languages = (("en", "fr") if rule in ("unit.unchanged", "formatting.repeated_word")
                 else ("zh", "en"))
    rows = [r for r in rows_of(units, check, languages) if r["rule"] == rule]
    if text is None:
        assert rows == []
    else:
        assert text in [r["text"] for r in rows], rows


def test_zero_width_findings_name_their_unit():
    rows = rows_of([("a", "一", ""), ("b", "二", ""), ("c", "完成", "Done")], "units")
    assert [(r["rule"], r["unit"]) for r in rows] == [("pair.omission", "a"),
                                                      ("pair.omission", "b")]


def test_findings_in_final_units_are_info():
    rows = rows_of([("1", "图片过大", "Image to proccess", {"state": "final"})], "spelling")
    assert [(r["severity"], r["note"].split(":")[0]) for r in rows] == [
        ("info", "approved unit (minor otherwise)")]


def test_prose_checks_leave_code_spans_alone():
    units = [("1", "[CQ:face,id=1]你好", "[CQ:face,id=1] Hi,there"),
             ("2", "tar zxvf a.tgz /a/b", "tar zxvf a.tgz /a/b")]
    rows = rows_of(units, "punctuation,boilerplate")
    assert [(r["rule"], r["text"]) for r in rows] == [("punctuation.missing_space", ",")]


def test_checklist(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("id,severity,source,target,note\n"
                    "wechat,major,微信,!WeChat,微信 is WeChat\n"
                    "no-please,info,,(?i)\\bplease\\b,\n", "utf-8")
    config = Config(checklists=(str(path),))
    rows = rows_of([("1", "打开微信", "Open Weixin"), ("2", "打开微信", "Open WeChat please")],
                   "checklist", config=config)
    assert [(r["rule"], r["severity"], r["text"], r["unit"]) for r in rows] == [
        ("checklist.wechat", "major", "Open Weixin", "1"),
        ("checklist.no-please", "info", "please", "2")]


@pytest.mark.parametrize("content,words", [
    ("id,source\nx,a\n", "no 'target' column"),
    ("id,severity,source,target\nx,huge,a,b\n", "severity 'huge'"),
    ("id,severity,source,target\nx,minor,(,b\n", "not a valid regular expression"),
])
def test_bad_checklist_is_a_usage_error(tmp_path, capsys, content, words):
    path = tmp_path / "list.csv"
    path.write_text(content, "utf-8")
    po = tmp_path / "a.po"
    po.write_text('msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "a"\nmsgstr "b"\n', "utf-8")
    assert main(["qa", "-q", str(po), "-o", str(tmp_path / "r.csv"),
                 "--checklist", str(path)]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


# ------------------------------------------------------------------ language pair and scope

ENZH = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n\n'
        'msgid "You have 3 new messages"\nmsgstr "你有3条新消息"\n\n'
        'msgid "Six files were deleted."\nmsgstr "删除了六个文件。"\n')


def qa(tmp_path, name, text=None, extra=()):
    path = tmp_path / name if text is not None else DATA / name
    if text is not None:
        path.write_text(text, "utf-8")
    out = tmp_path / "r.csv"
    assert main(["qa", "-q", "-j", "1", str(path), "-o", str(out), *extra]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_english_to_chinese_file_gets_no_chinese_checks(tmp_path):
    rows = qa(tmp_path, "enzh.po", ENZH)
    rules = [r["rule"] for r in rows]
    assert "document_language" not in rules and "pair.number_missing" not in rules
    scope = [r for r in rows if r["rule"] == "scope.language_pair"]
    assert len(scope) == 1 and "en→zh" in scope[0]["note"] and "untranslated" in scope[0]["note"]


ENFR = ('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" '
        'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en-US" '
        'target-language="fr-FR" datatype="plaintext"><body>\n'
        '<trans-unit id="1"><source>Six</source><target>Six</target></trans-unit>\n'
        '<trans-unit id="2"><source>Seven files</source><target>Sept fichiers</target></trans-unit>\n'
        '</body></file></xliff>\n')


def test_english_to_french_file_reads_no_number_as_added(tmp_path):
    rows = qa(tmp_path, "enfr.xlf", ENFR)
    assert [r["rule"] for r in rows] == ["scope.language_pair"]


def test_a_chinese_file_left_untranslated_is_still_checked(tmp_path):
    po = ('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "会议在北京召开。"\nmsgstr "会议在北京召开。"\n\n'
          'msgid "公司召开会议。"\nmsgstr "The company held a meeting."\n')
    path = tmp_path / "left.po"
    path.write_text(po, "utf-8")
    assert language_pair(read_bilingual(path.read_bytes(), path)) == ("zh", "")
    rows = qa(tmp_path, "left.po", po)
    assert "pair.copied_source" in [r["rule"] for r in rows]
    assert "scope.language_pair" not in [r["rule"] for r in rows]


@pytest.mark.parametrize("name,pair", [
    ("stapxs_en-US.excerpt.po", ("zh", "en")),
    ("webarchiver_km.po", ("en", "und")),
    ("one_fuzzy.po", ("en", "und")),
    ("states.xlf", ("en", "und")),
])
def test_language_pair_of_real_files(name, pair):
    path = DATA / name
    assert language_pair(read_bilingual(path.read_bytes(), path)) == pair


# ------------------------------------------------------------------ real files

def test_chat_client_po(tmp_path):
    """The Chinese->English PO of a chat client: what a translator's QA tool finds."""
    rows = qa(tmp_path, "stapxs_en-US.excerpt.po")
    found = {(r["rule"], r["text"]) for r in rows}
    for want in [("spelling.unknown_word", "proccess"), ("spelling.unknown_word", "Followaccent"),
                 ("spelling.unknown_word", "fromsettings"),
                 ("placeholder.missing", "Sending ..."),
                 ("placeholder.renamed", "[CQ:face,id=1]"),
                 ("whitespace.trailing", " "), ("pair.omission", "")]:
        assert want in found, want
    assert not any(r["rule"] == "scope.language_pair" for r in rows)
    # The shell commands and the URL are code: no prose finding inside them,
    # no copied-source finding for a Latin string of a Chinese file.
    by_unit = {}
    for r in rows:
        by_unit.setdefault(r["unit"], []).append(r["rule"])
    for unit in ("3", "11", "13", "15"):
        assert unit not in by_unit, (unit, by_unit.get(unit))
    # A command changed in translation is a renamed code, as pofilter's filepaths says.
    assert by_unit["12"] == ["placeholder.renamed"]
    assert sum(r["rule"] == "pair.omission" for r in rows) == 3


def test_fuzzy_and_obsolete_po_entries(tmp_path):
    rows = qa(tmp_path, "webarchiver_km.po")
    fuzzy = sorted(int(r["unit"]) for r in rows if r["rule"] == "state.fuzzy")
    assert fuzzy == [1, 5, 6, 7, 8, 9, 19, 22]
    # English to Khmer: no English-target check on Khmer text.
    assert not any(r["rule"].startswith(("spelling", "number", "punctuation.fullwidth"))
                   for r in rows)
    assert [r["unit"] for r in rows if r["rule"] == "pair.omission"] == ["10"]
    # The Khmer full stop ends a sentence as the English one does.
    assert not any(r["rule"] == "punctuation.end_mismatch" and r["unit"] == "5" for r in rows)


def test_approved_xliff_units(tmp_path):
    path = DATA / "states.xlf"
    bi = read_bilingual(path.read_bytes(), path)
    assert {u.state for u in bi.units} == {"final"}
    rows = qa(tmp_path, "states.xlf")
    assert all(r["severity"] == "info" for r in rows)


def test_words_file_allows_a_word(tmp_path):
    words = tmp_path / "words.txt"
    words.write_text("# our product names\nFollowaccent\n", "utf-8")
    units = [("1", "自动跟随主题色", "Followaccent color")]
    assert [r["text"] for r in rows_of(units, "spelling")] == ["Followaccent"]
    assert rows_of(units, "spelling", config=Config(spelling_words=(str(words),))) == []


def test_termbase_english_is_allowed(tmp_path):
    tb = tmp_path / "tb.csv"
    tb.write_text("zh,en\n星门,Zorblax Portal\n", "utf-8")
    units = [("1", "打开", "Open the Zorblax portal")]
    assert [r["text"] for r in rows_of(units, "spelling")] == ["Zorblax"]
    assert rows_of(units, "spelling", config=Config(termbases=(str(tb),))) == []


XLIFF12 = b'''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"
       xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">
<file original="a" source-language="zh-CN" target-language="en-US" datatype="plaintext"><body>
<trans-unit id="a" maxwidth="12" size-unit="char"><source>\xe6\x89\x93\xe5\xbc\x80<ph id="1">%s</ph><x id="2"/></source>
  <target state="needs-review-translation">Open <ph id="1">%s</ph></target></trans-unit>
<trans-unit id="b" approved="yes"><source>B</source><target>B</target></trans-unit>
<trans-unit id="c" maxwidth="40"><source>C</source><target state="final">C</target></trans-unit>
<trans-unit id="d"><source>D</source></trans-unit>
</body></file></xliff>'''

XLIFF20 = b'''<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="zh" trgLang="fr">
<file id="f"><unit id="u"><segment state="final"><source>A<ph id="1"/></source><target>A<ph id="1"/></target></segment>
<segment state="initial"><source>B<pc id="2">b</pc></source><target>B</target></segment></unit></file></xliff>'''

PO = '''msgid ""
msgstr ""
"Language: en\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

#, fuzzy, c-format
msgctxt "menu"
msgid "%d 个文件"
msgid_plural "%d 个文件"
msgstr[0] "%d file"
msgstr[1] "%d files"

#~ msgid "旧"
#~ msgstr "Old"
'''


@pytest.mark.parametrize("declared,pair", [
    (("zh-Hans-CN", "en_US"), ("zh", "en")),
    (("*all*", "en"), ("zh", "en")),        # TMX's srclang for any language: guessed
    (("", "x-default"), ("zh", "en")),
    (("ja", "fr"), ("ja", "fr")),
])
def test_declared_languages(declared, pair):
    bi = join([("1", "会议在北京召开。", "The meeting was held in Beijing.")], "tmx", "utf-8",
              *declared)
    assert language_pair(bi) == pair


def test_readers_keep_states_codes_limits_flags():
    bi = read_bilingual(XLIFF12, Path("a.xlf"))
    a, b, c, d = bi.units
    assert (a.state, a.limit, a.limit_unit) == ("needs-review", 12, "char")
    assert (a.source_codes, a.target_codes) == (("ph#1", "x#2"), ("ph#1",))
    assert (b.state, c.state, c.limit, d.target, d.start == d.end) == ("final", "final", 0, "",
                                                                         True)
    assert language_pair(bi) == ("zh", "en")
    bi = read_bilingual(XLIFF20, Path("a.xlf"))
    assert [(u.state, u.source_codes, u.target_codes) for u in bi.units] == [
        ("final", ("ph#1",), ("ph#1",)), ("needs-review", ("pc#2",), ())]
    assert language_pair(bi) == ("zh", "fr")
    bi = read_bilingual(PO.encode("utf-8"), Path("a.po"))
    assert [(u.id, u.state, u.flags, u.context) for u in bi.units] == [
        ("1[0]", "fuzzy", ("fuzzy", "c-format"), "menu\x040"),
        ("1[1]", "fuzzy", ("fuzzy", "c-format"), "menu\x041")]


def test_xliff_codes_and_limit_end_to_end(tmp_path):
    rows = qa(tmp_path, "a.xlf", XLIFF12.decode("utf-8"))
    got = {(r["unit"], r["rule"], r["severity"]) for r in rows}
    assert ("a", "tag.missing", "major") in got
    assert not any(r["rule"].startswith("placeholder.") for r in rows)
    assert ("a", "state.needs_review", "minor") in got
    assert ("a", "formatting.too_long", "major") not in got  # "Open %s": 7 of 12
    assert ("d", "pair.omission", "major") in got
    assert not any(u in ("b", "c") and s != "info" for u, _, s in got)


ADVERSARIAL = {
    "letters": "a" * 100_000, "words": "ab " * 33_000, "dots": "a." * 50_000,
    "paths": "ls " + "a/b " * 25_000, "options": "a -b " * 20_000, "printf": "%s " * 33_000,
    "tags": "<a" + " b" * 50_000, "email": "a." * 50_000 + "@b", "quotes": "(“‘" * 30_000,
    "spaces": "a" + " " * 100_000 + "b", "braces": "{{" * 50_000, "repeat": "le " * 33_000,
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_unit_checks_take_linear_time(name):
    """No target or source hangs the checks of bilingual units (the shapes
    that break careless regexes, at the size of a long page). A generous
    alarm, no timing asserted: a linear check takes well under a second."""
    import signal

    text = ADVERSARIAL[name]

    def hang(*_):
        raise TimeoutError(f"the unit checks hung on {name!r}")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(60)
    try:
        rows_of([("1", text, text), ("2", "源", text), ("3", text, "x")],
                "units,placeholders,mechanics,consistency,spelling", ("", ""))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_checklist_and_words_from_a_configuration_file(tmp_path, monkeypatch):
    """Paths in align.toml are relative to it; the command line adds to them."""
    (tmp_path / "list.csv").write_text("id,severity,source,target\nwechat,major,微信,!WeChat\n",
                                       "utf-8")
    (tmp_path / "words.txt").write_text("Followaccent\n", "utf-8")
    (tmp_path / "align.toml").write_text('checklists = ["list.csv"]\nspelling_words = ["words.txt"]\n',
                                         "utf-8")
    po = tmp_path / "a.po"
    po.write_text('msgid ""\nmsgstr "Language: en\\n"\n\nmsgid "打开微信"\nmsgstr "Open Weixin"\n\n'
                  'msgid "自动跟随主题色"\nmsgstr "Followaccent colour"\n', "utf-8")
    monkeypatch.chdir(tmp_path / "..")
    out = tmp_path / "r.csv"
    assert main(["qa", "-q", str(po), "-o", str(out), "--config", str(tmp_path / "align.toml")]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        rules = [r["rule"] for r in csv.DictReader(f)]
    assert "checklist.wechat" in rules and "spelling.unknown_word" not in rules


def test_a_missing_ph_is_one_finding(tmp_path):
    xlf = XLIFF12.decode("utf-8").replace('<target state="needs-review-translation">Open '
                                          '<ph id="1">%s</ph></target>',
                                          "<target>Open now</target>")
    rows = [r for r in qa(tmp_path, "b.xlf", xlf) if r["unit"] == "a"]
    assert [r["rule"] for r in rows] == ["tag.missing"]
    assert "<ph id=1>" in rows[0]["note"] and "<x id=2>" in rows[0]["note"]
