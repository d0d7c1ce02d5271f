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
    assert [s.doc for s in sources] == ["a/1.html", "a/z/3.txt", "b/2.txt", "c.htm"]
    assert missing == [str(tmp_path / "nope")]
