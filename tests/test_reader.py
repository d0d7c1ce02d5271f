"""Reading: encodings, HTML, bad input. Every file is written by the test."""
import pytest

from align.read.htmltext import html_to_text
from align.read.files import InputError, Source, collect, decode_bytes, read_source

ZH_SIMPLIFIED = "会议强调，要加快推进集团高质量发展。全体干部职工参加会议。"
ZH_TRADITIONAL = "會議強調，要加快推進集團高質量發展。全體幹部職工參加會議。"
MIXED = "会上,Heads of departments summarized the work of 2022。"
ENGLISH = "The meeting summarized the work of the group in 2022."


@pytest.mark.parametrize("text,encoding", [
    (ENGLISH, "utf-8"),
    (MIXED, "utf-8"),
    (MIXED, "utf-8-sig"),
    (MIXED, "utf-16"),            # with BOM
    (MIXED, "utf-16-le"),         # without BOM
    (MIXED, "utf-16-be"),
    (ZH_SIMPLIFIED, "gb18030"),
    (ZH_SIMPLIFIED, "gbk"),
    (ZH_SIMPLIFIED, "gb2312"),
    (MIXED, "gb18030"),
    (ZH_TRADITIONAL, "big5"),
    (ZH_TRADITIONAL, "gb18030"),
    ("Café résumé naïve, Zhang said.", "cp1252"),
])
def test_decodes_each_encoding(tmp_path, text, encoding):
    p = tmp_path / "doc.txt"
    p.write_bytes(text.encode(encoding))
    assert read_source(Source("doc.txt", p)).text == text


def test_bom_removed_and_newlines_untouched():
    text, enc = decode_bytes("\ufeffa\r\nb\n".encode("utf-8-sig").replace(b"\xef\xbb\xbf\xef\xbb\xbf", b"\xef\xbb\xbf"))
    assert text == "a\r\nb\n"


@pytest.mark.parametrize("seed_encoding", ["gb18030", "big5"])
def test_seed_pages_survive_legacy_encodings(tmp_path, seeds, seed_encoding):
    for path in sorted(seeds.iterdir()):
        text = path.read_text("utf-8")
        raw = text.encode(seed_encoding, errors="ignore")
        p = tmp_path / path.name
        p.write_bytes(raw)
        assert read_source(Source(p.name, p)).text == raw.decode(seed_encoding)


def test_html_visible_text(tmp_path):
    page = """<!DOCTYPE html><html><head><meta charset="gbk"><title>标题</title>
    <style>p { color: red }</style><script>var x = "会议";</script></head>
    <body><div class="nav">首页 | 新闻</div><!-- a comment -->
    <p>On February 14, <b>Maoming Port</b> Group held   its
    conference。</p><p>会上,Heads of departments spoke.<br>Second line &amp; more</p>
    <noscript>enable js</noscript></body></html>"""
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("gbk"))
    text = read_source(Source("page.html", p)).text
    assert text == ("首页 | 新闻\n\nOn February 14, Maoming Port Group held its conference。\n\n"
                    "会上,Heads of departments spoke.\nSecond line & more\n")
    for hidden in ("标题", "color", "var x", "comment", "enable js"):
        assert hidden not in text


@pytest.mark.parametrize("markup", [
    "<p>unclosed <b>bold <i>italic",
    "<div>" * 5000 + "deep" + "</div>" * 5000,
    "</p></div>stray closers<p>",
    "<html><body></body></html>",
])
def test_broken_html_does_not_crash(markup):
    text = html_to_text(markup)
    assert isinstance(text, str)


@pytest.mark.parametrize("content,rule", [
    (b"", "input.empty"),
    (b"   \n\t\n", "input.empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "input.binary"),
    (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)), "input.binary"),
    (b"text with a NUL\x00 inside", "input.binary"),
    (b"<html><body><script>x()</script></body></html>", "input.empty"),
])
def test_bad_input_raises_a_clear_error(tmp_path, content, rule):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_source(Source("bad.txt", p))
    assert e.value.rule == rule
    assert e.value.message


def test_too_large(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000)
    with pytest.raises(InputError) as e:
        read_source(Source("big.txt", p), max_bytes=100)
    assert e.value.rule == "input.too_large"


def test_collect_is_recursive_sorted_and_relative(tmp_path):
    for name in ["b/2.txt", "a/1.html", "c.htm", "a/z/3.txt", "skip.pdf", "a/notes.md"]:
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x")
    sources, missing = collect([tmp_path, tmp_path / "nope"])
    assert [s.doc for s in sources if not s.skip] == ["a/1.html", "a/z/3.txt", "b/2.txt", "c.htm"]
    # a PDF and a Markdown file are named, to be reported as not read
    assert [s.doc for s in sources if s.skip] == ["a/notes.md", "skip.pdf"]
    assert missing == [str(tmp_path / "nope")]


# UTF-16 without a byte-order mark: Chinese has no ASCII for its NULs to tell
# the byte order, and Han characters like 一 (U+4E00) put NULs on the other side.
ZH_WITH_NUL_BYTES = "一万上下不与专且世业东两严个中丰临为主举。\n会议强调，要加快推进集团高质量发展。\n"


@pytest.mark.parametrize("text", [ZH_SIMPLIFIED + "\n", ZH_WITH_NUL_BYTES, ZH_TRADITIONAL + "\n",
                                  ZH_WITH_NUL_BYTES + MIXED + "\n", "一个\n"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(tmp_path, text, encoding):
    p = tmp_path / "doc.txt"
    p.write_bytes(text.encode(encoding))
    got = read_source(Source("doc.txt", p))
    assert (got.text, got.encoding) == (text, encoding)


# name in the folder -> what the note says, or None: read, or passed over silently
@pytest.mark.parametrize("name,note", [
    ("page.txt", None),
    ("manual.pdf", "a PDF document (.pdf)"),
    ("Brief.DOCX", "a word-processor document (.docx)"),
    ("pics/chart.png", "an image (.png)"),
    ("bundle.zip", "unpack it"),
    ("site/index.shtml", "rename it to .html"),
    ("notes.md", "rename it to .txt"),
    ("old.xls", "a spreadsheet"),
    # hidden files and folders, the report and its sidecars, web assets: silent
    (".hidden.pdf", None), (".git/objects/pack.pdf", None), (".DS_Store", None),
    ("report.csv", None), ("report.xlsx", None), ("report.csv.signature.json", None),
    ("report.review.sqlite", None), ("style.css", None), ("app.js", None),
])
def test_files_skipped_by_type_are_named(tmp_path, name, note):
    f = tmp_path / "pages" / name
    f.parent.mkdir(parents=True, exist_ok=True)
    f.write_bytes(b"%PDF-1.4 or anything")
    sources, _ = collect([tmp_path / "pages"])
    skipped = {s.doc: s.skip for s in sources if s.skip}
    if note is None:
        assert not skipped
        return
    assert list(skipped) == [name]
    assert note in skipped[name] and "; " in skipped[name]  # why; what to do
    with pytest.raises(InputError) as e:  # never read, whatever it holds
        read_source(sources[0])
    assert (e.value.rule, e.value.severity) == ("input.skipped", "info")


@pytest.fixture
def two_roots(tmp_path, monkeypatch):
    """Folders ``a``, ``b`` and ``c`` with clashing names, as relative paths."""
    files = ["a/page.txt", "a/sub/x.txt", "a/only-a.txt", "b/page.txt", "c/a/page.txt",
             "c/other.txt", "d/other.txt"]
    for name in files:
        f = tmp_path / name
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(f"Text of {name}.\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("given,docs", [
    # one folder: names below it, as always
    (["a"], ["only-a.txt", "page.txt", "sub/x.txt"]),
    # two folders that both hold page.txt: each keeps its folder as given
    (["a", "b"], ["a/only-a.txt", "a/page.txt", "a/sub/x.txt", "b/page.txt"]),
    (["./a/", "b"], ["a/only-a.txt", "a/page.txt", "a/sub/x.txt", "b/page.txt"]),
    # two files of the same name
    (["a/page.txt", "b/page.txt"], ["a/page.txt", "b/page.txt"]),
    (["a/page.txt", "b"], ["a/page.txt", "b/page.txt"]),
    # no clash: names unchanged
    (["a", "d"], ["only-a.txt", "other.txt", "page.txt", "sub/x.txt"]),
    (["b", "a/sub"], ["page.txt", "x.txt"]),
    # a file reached twice is checked once
    (["a", "a"], ["only-a.txt", "page.txt", "sub/x.txt"]),
    (["a", "a/page.txt", "a/sub"], ["only-a.txt", "page.txt", "sub/x.txt"]),
    # prefixing a and b makes a/page.txt clash with c's own: c keeps its folder too
    (["a", "b", "c"], ["a/only-a.txt", "a/page.txt", "a/sub/x.txt", "b/page.txt",
                       "c/a/page.txt", "c/other.txt"]),
    # the working folder as given is no prefix
    ([".", "b"], ["a/only-a.txt", "a/page.txt", "a/sub/x.txt", "b/page.txt",
                  "c/a/page.txt", "c/other.txt", "d/other.txt"]),
    # b's page.txt is b's (given first), named as b names it: no clash
    (["b", "."], ["a/only-a.txt", "a/page.txt", "a/sub/x.txt", "c/a/page.txt",
                  "c/other.txt", "d/other.txt", "page.txt"]),
])
def test_inputs_that_share_names_are_all_named_apart(two_roots, given, docs):
    import os

    sources, missing = collect(given)
    assert not missing
    assert [s.doc for s in sources] == docs
    # every name leads to its own file, and holds that file's text
    assert len({os.path.realpath(s) for s in sources}) == len(sources)
    for s in sources:
        assert s.path.read_text("utf-8").startswith("Text of ")
        assert s.path.resolve().as_posix().endswith(s.doc.split("/", 1)[-1])


def test_inputs_named_apart_from_absolute_paths(two_roots):
    sources, _ = collect([str(two_roots / "a" / "page.txt"), str(two_roots / "b" / "page.txt")])
    assert [s.doc for s in sources] == [(two_roots / d / "page.txt").as_posix() for d in "ab"]
