"""`align qa --annotate DIR`: findings written back into copies of the XLIFF
and PO files, re-read by translate-toolkit and by lxml, the rest of each
file byte for byte as it was."""
import re
from pathlib import Path

import pytest

pytest.importorskip("translate")

from align.cli import main  # noqa: E402
from align.report.annotate import AnnotateError, annotate  # noqa: E402

# Unit u1/1 carries Chinese in its target (an ``untranslated`` finding),
# u2/2 is clean, u3/3 carries Chinese again.
XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="a.txt" source-language="zh-CN" target-language="en" datatype="plaintext">
    <body>
      <trans-unit id="u1" approved="no">
        <source>会议召开</source>
        <target state='translated'>The meeting 会议 was held.</target>
      </trans-unit>
      <!-- a comment naming <trans-unit id="fake"> -->
      <trans-unit id="u2" approved='yes'>
        <source>一个</source>
        <target state="final">One of them.</target>
      </trans-unit>
      <trans-unit id="u3"><source>二</source><target>Two 二 &amp; more.</target></trans-unit>
    </body>
  </file>
</xliff>
"""
# The same with a prefixed namespace and no whitespace between elements.
XLIFF12_PREFIX = ('<?xml version="1.0" encoding="UTF-8"?><x:xliff version="1.2" '
                  'xmlns:x="urn:oasis:names:tc:xliff:document:1.2"><x:file original="a" '
                  'source-language="zh" target-language="en" datatype="plaintext"><x:body>'
                  '<x:trans-unit id="u1"><x:source>会议</x:source><x:target>Meeting 会议.'
                  '</x:target></x:trans-unit><x:trans-unit id="u2"><x:source>一</x:source>'
                  '<x:target>One.</x:target></x:trans-unit><x:trans-unit id="u3"><x:source>二'
                  '</x:source><x:target>Two 二.</x:target></x:trans-unit></x:body></x:file>'
                  '</x:xliff>')
XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="zh" trgLang="en">
 <file id="f1">
  <unit id="u1">
   <segment state="reviewed"><source>你好</source><target>Hello 你好.</target></segment>
  </unit>
  <unit id="u2">
   <segment state="final"><source>一</source><target>One.</target></segment>
  </unit>
  <unit id="u3">
   <notes>
    <note>keep it short</note>
   </notes>
   <segment id="s1" state="reviewed"><source>二</source><target>Two 二.</target></segment>
  </unit>
 </file>
</xliff>
"""
PO = """# A header comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

#: src/a.c:1
msgid "会议召开"
msgstr "The meeting 会议 was held."

# a translator's own note
#, c-format
msgid "%d 个"
msgid_plural "%d 个"
msgstr[0] "%d item"
msgstr[1] "%d items"

#~ msgid "旧"
#~ msgstr "old"
msgid "二"
msgstr ""
"Two 二 "
"and more."
"""


def utf16(text: str) -> bytes:
    text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("\n", "\r\n")
    return b"\xff\xfe" + text.encode("utf-16-le")


# name, bytes, the units that must be marked, the one that must not
CASES = [
    ("a.xlf", XLIFF12.encode(), ["u1", "u3"], "u2"),
    ("prefix.xlf", XLIFF12_PREFIX.encode(), ["u1", "u3"], "u2"),
    ("crlf16.xlf", utf16(XLIFF12), ["u1", "u3"], "u2"),
    ("b.xliff", XLIFF20.encode(), ["u1", "u3::s1"], "u2"),
    ("c.po", PO.encode(), ["1", "3"], "2"),
    ("crlf.po", PO.replace("\n", "\r\n").encode(), ["1", "3"], "2"),
]


def run_annotate(tmp_path, name, data, *extra):
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / name).write_bytes(data)
    out = tmp_path / "out"
    code = main(["qa", str(src / name), "-o", str(tmp_path / "r.csv"), "-q", "--jobs", "1",
                 "--checks", "untranslated", "--annotate", str(out), *extra])
    assert code == 0
    return (out / name).read_bytes()


def units_of(name, data):
    """translate-toolkit's reading: {id: unit}."""
    if name.endswith((".xlf", ".xliff")):
        if b"document:2.0" in data or b"d\x00o\x00c\x00u\x00m\x00e\x00n\x00t\x00:\x002" in data:
            from translate.storage.xliff2 import Xliff2File as cls
        else:
            from translate.storage.xliff import xlifffile as cls
        store = cls.parsestring(data)
        return {(u.getid() if "2.0" in cls.__name__ or cls.__name__ == "Xliff2File"
                 else u.xmlelement.get("id")): u for u in store.units}
    from translate.storage.po import pofile

    store = pofile.parsestring(data)
    body = [u for u in store.units if not u.isheader() and not u.isobsolete()]
    return {str(i): u for i, u in enumerate(body, 1)}


@pytest.mark.parametrize("name,data,marked,clean", CASES, ids=[c[0] for c in CASES])
def test_round_trip(tmp_path, name, data, marked, clean):
    enc = "utf-16-le" if data.startswith(b"\xff\xfe") else "utf-8"
    out = run_annotate(tmp_path, name, data)
    assert out != data
    before, after = units_of(name, data), units_of(name, out)
    assert list(before) == list(after)
    for uid in before:  # no translation changed
        assert str(after[uid].target) == str(before[uid].target)
        assert str(after[uid].source) == str(before[uid].source)
    if name.endswith(".po"):
        for uid in marked:
            assert after[uid].isfuzzy()
            assert "align: major untranslated.han_run" in after[uid].getnotes("translator")
        assert not after[clean].isfuzzy()
        assert "align" not in after[clean].getnotes()
        assert "c-format" in after["2"].getflags() if hasattr(after["2"], "getflags") else True
        # the translator's own comment is kept
        assert "a translator's own note" in after["2"].getnotes("translator")
    else:
        from lxml import etree

        root = etree.fromstring(out)  # well-formed for lxml as it stands
        notes = [n for n in root.iter() if isinstance(n.tag, str)
                 and etree.QName(n).localname == "note"]
        ours = [n for n in notes if n.get("from") == "align" or n.get("category") == "align"]
        assert len(ours) == len(marked)
        assert all("untranslated.han_run" in n.text for n in ours)
        if ".xliff" in name:  # 2.0: reviewed/final go back to translated
            states = {u.getid(): u.xmlelement.get("state") for u in after.values()}
            assert states == {"u1": "translated", "u2": "final", "u3::s1": "translated"}
            assert "keep it short" in [n.text for n in notes]
        else:
            for uid in marked:
                el = after[uid].xmlelement
                target = el.find("{urn:oasis:names:tc:xliff:document:1.2}target")
                assert target.get("state") == "needs-review-translation"
                assert el.get("approved") in (None, "no")
                assert after[uid].getnotes("align")
            el = after[clean].xmlelement
            state = el.find("{urn:oasis:names:tc:xliff:document:1.2}target").get("state")
            assert state == ("final" if "u2\" approved" in data.decode(enc) else None)
    # Byte for byte outside the units touched: the start of the file up to
    # the first unit touched is the same, and so is every unit left alone.
    text, new = data.decode(enc), out.decode(enc)
    first = {"a.xlf": '<trans-unit id="u1"', "crlf16.xlf": '<trans-unit id="u1"',
             "prefix.xlf": '<x:trans-unit id="u1"', "b.xliff": '<unit id="u1"',
             "c.po": "#: src/a.c:1", "crlf.po": "#: src/a.c:1"}[name]
    at = text.index(first)
    assert new[:at] == text[:at]
    untouched = {".xlf": r'<(?:x:)?trans-unit id="u2".*?</(?:x:)?trans-unit>',
                 ".xliff": r'<unit id="u2">.*?</unit>',
                 ".po": r'# a translator.*?msgstr\[1\] "%d items"\r?\n'}
    span = re.search(untouched[name[name.rindex("."):]], text, re.S).group(0)
    assert span in new
    # the old obsolete entry is kept as it was
    if name.endswith(".po"):
        assert '#~ msgid "旧"' in new


@pytest.mark.parametrize("name,data", [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_no_findings_byte_identical(tmp_path, name, data):
    # The encoding check finds nothing in these files: each copy is the file itself.
    src = tmp_path / "in"
    src.mkdir()
    (src / name).write_bytes(data)
    out = tmp_path / "out"
    assert main(["qa", str(src), "-o", str(tmp_path / "r.csv"), "-q", "--jobs", "1",
                 "--checks", "encoding", "--annotate", str(out)]) == 0
    assert (out / name).read_bytes() == data


def test_info_findings_leave_the_state(tmp_path):
    rows = [{"unit": "u2", "severity": "info", "rule": "boilerplate.metadata", "text": "One",
             "suggestion": "", "note": "", "category": "boilerplate"},
            {"unit": "u1..u3", "severity": "critical", "rule": "document_language", "text": "",
             "suggestion": "", "note": "", "category": "untranslated"}]
    done = annotate(XLIFF12.encode(), "xliff", rows)
    assert (done.units, done.findings, done.unplaced) == (1, 1, 1)
    text = done.data.decode()
    assert 'state="final"' in text and "needs-review" not in text
    assert 'priority="8">info boilerplate.metadata: \u201cOne\u201d</note>' in text
    po = annotate(PO.encode(), "po", [dict(rows[0], unit="2")]).data.decode()
    assert "# align: info boilerplate.metadata" in po and "fuzzy" not in po


def test_an_approved_unit_asked_to_be_reviewed_is_approved_no_more():
    # (a finding in an approved unit is info unless [severities] says otherwise)
    rows = [{"unit": "u2", "severity": "major", "rule": "r", "text": "One", "category": "garbled"}]
    text = annotate(XLIFF12.encode(), "xliff", rows).data.decode()
    assert re.search(r'<trans-unit id="u2" approved=\'no\'>\s*<source>一个</source>\s*'
                     r'<target state="needs-review-translation">One of them.</target>', text)


def test_note_text_is_escaped():
    rows = [{"unit": "u1", "severity": "major", "rule": "x.y", "text": "a<b>&\x01c",
             "suggestion": "]]></note><evil/>", "note": "", "category": "garbled"}]
    from lxml import etree

    root = etree.fromstring(annotate(XLIFF12.encode(), "xliff", rows).data)
    note = [n for n in root.iter("{*}note")][0]
    assert note.text == "major x.y: \u201ca<b>&c\u201d \u2192 \u201c]]></note><evil/>\u201d"
    assert not list(root.iter("{*}evil"))


def test_tags_in_cdata_and_comments_are_not_units():
    tricky = XLIFF12.replace("<source>一个</source>",
                             "<source><![CDATA[<trans-unit id=\"u9\">]]>一个</source>")
    rows = [{"unit": "u3", "severity": "major", "rule": "r", "text": "二", "category": "garbled"}]
    text = annotate(tricky.encode(), "xliff", rows).data.decode()
    assert re.search(r'<trans-unit id="u3"><source>二</source><target state="needs-review-'
                     r'translation">Two 二 &amp; more.</target>\s*<note from="align"', text)


def test_bytes_that_do_not_encode_back_are_refused():
    # Declared GB2312, holding a GBK-only character: the reader takes it (as
    # GB18030), but editing it as GB2312 would change bytes: refused.
    data = XLIFF12.replace("UTF-8", "GB2312").replace("会议召开", "啰嗦").encode("gb18030")
    rows = [{"unit": "u3", "severity": "major", "rule": "r", "text": "二", "category": "garbled"}]
    with pytest.raises(AnnotateError, match="re-save it as UTF-8"):
        annotate(data, "xliff", rows)


def test_annotate_never_overwrites_its_input(tmp_path, capsys):
    (tmp_path / "a.xlf").write_text(XLIFF12, encoding="utf-8")
    assert main(["qa", str(tmp_path), "-o", str(tmp_path / "r.csv"), "-q",
                 "--checks", "untranslated", "--annotate", str(tmp_path)]) == 2
    assert "writes copies" in capsys.readouterr().err
    assert (tmp_path / "a.xlf").read_text(encoding="utf-8") == XLIFF12


def test_annotate_into_a_file_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.xlf").write_text(XLIFF12, encoding="utf-8")
    (tmp_path / "taken").write_text("x")
    assert main(["qa", str(tmp_path / "a.xlf"), "-o", str(tmp_path / "r.csv"), "-q",
                 "--checks", "untranslated", "--annotate", str(tmp_path / "taken")]) == 2
    assert "not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("name,data", [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_annotating_an_annotated_copy_replaces_its_notes(tmp_path, name, data):
    once = run_annotate(tmp_path, name, data)
    again = tmp_path / "again"
    again.mkdir()
    (again / name).write_bytes(once)
    out = tmp_path / "out2"
    assert main(["qa", str(again / name), "-o", str(tmp_path / "r2.csv"), "-q", "--jobs", "1",
                 "--checks", "untranslated", "--annotate", str(out)]) == 0
    assert (out / name).read_bytes() == once  # the same notes, not twice as many
    # and a run without findings takes the old notes out
    fmt = "po" if name.endswith(".po") else "xliff"
    cleared = annotate(once, fmt, []).data
    assert b"align" not in cleared.replace(b"\x00", b"")
    assert units_of(name, cleared).keys() == units_of(name, data).keys()


def test_several_segments_of_one_unit_share_one_notes_element():
    xliff = XLIFF20.replace('<unit id="u2">\n   <segment state="final"><source>一</source>'
                            '<target>One.</target></segment>',
                            '<unit id="u2">\n   <segment id="a"><source>一</source><target>One 一.'
                            '</target></segment>\n   <segment id="b"><source>三</source>'
                            '<target>Three 三.</target></segment>')
    rows = [{"unit": uid, "severity": "major", "rule": "r", "text": t, "category": "garbled"}
            for uid, t in (("u2::a", "一"), ("u2::b", "三"))]
    from lxml import etree

    done = annotate(xliff.encode(), "xliff", rows)
    root = etree.fromstring(done.data)
    unit = [u for u in root.iter("{*}unit") if u.get("id") == "u2"][0]
    (notes,) = unit.findall("{*}notes")
    assert [n.text.split(": ", 1)[0] for n in notes] == ["u2::a", "u2::b"]
    assert (done.units, done.findings) == (1, 2)


def test_one_bad_file_never_loses_the_others(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.xlf").write_bytes(XLIFF12.encode())
    (src / "broken.xlf").write_text("<xliff><file>", encoding="utf-8")
    (src / "c.po").write_bytes(PO.encode())
    (src / "page.txt").write_text("A page 会议.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["qa", str(src), "-o", str(tmp_path / "r.csv"), "--jobs", "2",
                 "--checks", "untranslated", "--annotate", str(out)]) == 0
    err = capsys.readouterr().err
    assert "broken.xlf: not annotated: it could not be read" in err
    assert "annotated: 2 files in" in err
    assert sorted(p.name for p in out.iterdir()) == ["a.xlf", "c.po"]
    assert b"needs-review-translation" in (out / "a.xlf").read_bytes()   # rows from the workers
    assert b"#, fuzzy" in (out / "c.po").read_bytes()


def test_a_run_without_bilingual_files_says_so(tmp_path, capsys):
    (tmp_path / "page.txt").write_text("A page 会议.\n", encoding="utf-8")
    assert main(["qa", str(tmp_path / "page.txt"), "-o", str(tmp_path / "r.csv"),
                 "--checks", "untranslated", "--annotate", str(tmp_path / "out")]) == 0
    assert "no XLIFF or PO file in the run" in capsys.readouterr().err


def test_the_folder_is_made_only_when_a_copy_is_written(tmp_path, capsys):
    (tmp_path / "page.txt").write_text("A page 会议.\n", encoding="utf-8")
    out = tmp_path / "new" / "folder"
    assert main(["qa", str(tmp_path / "page.txt"), "-o", str(tmp_path / "r.csv"), "-q",
                 "--checks", "untranslated", "--annotate", str(out)]) == 0
    assert not (tmp_path / "new").exists()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.po").write_bytes(PO.encode())
    assert main(["qa", str(tmp_path / "sub"), "-o", str(tmp_path / "r.csv"), "-q",
                 "--checks", "untranslated", "--annotate", str(out)]) == 0
    assert b"fuzzy" in (out / "a.po").read_bytes()


# The real public files of tests/data (their licences in tests/data/README.md), when present.
DATA = sorted(p for p in (Path(__file__).parent / "data").glob("*")
              if p.suffix in (".po", ".xlf", ".xliff"))


@pytest.mark.parametrize("path", DATA, ids=[p.name for p in DATA])
def test_real_files_round_trip(tmp_path, path):
    data = path.read_bytes()
    out = tmp_path / "out"
    assert main(["qa", str(path), "-o", str(tmp_path / "r.csv"), "-q", "--jobs", "1",
                 "--annotate", str(out)]) == 0
    new = (out / path.name).read_bytes()
    before, after = units_of(path.name, data), units_of(path.name, new)
    assert list(before) == list(after)
    assert [str(u.target) for u in before.values()] == [str(u.target) for u in after.values()]
    if path.suffix != ".po":
        from lxml import etree

        etree.fromstring(new)
    # what the run found is what the copy carries, unit by unit
    import csv

    rows = [r for r in csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8"))
            if r.get("unit") and ".." not in r["unit"]]
    done = annotate(data, "po" if path.suffix == ".po" else "xliff", rows)
    assert done.data == new and done.findings == len(rows) and done.unplaced == 0
