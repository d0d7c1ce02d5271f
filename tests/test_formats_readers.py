"""Bilingual files in: each format written here, read back, checked.

Every format must give the same units (ids, sources, targets), offsets that
index what ``align text`` prints, a ``unit`` column in the report, and a
clear ``input_error`` for a malformed file while the other files are
reported."""
import csv
import subprocess
import sys
from xml.sax.saxutils import escape

import pytest

import align
from align.cli import main
from align.read.formats import SEPARATOR, read_bilingual
from align.read.files import InputError

UNITS = [
    ("u1", "会上，各部门负责人发言。", "At the meeting, 各部门 heads spoke."),
    ("u2", "公司营收增长。", "Revenue grew & profits rose."),
    ("u3", "二", ""),  # no target: a unit of its own, a zero-width place in the text
    ("u4", "三", "Costs fell, 成本 too."),
]


def xliff12(units):
    body = "".join(
        f'<trans-unit id="{i}"><source>{escape(s)}</source>'
        + (f"<target>{escape(t)}</target>" if t else "") + "</trans-unit>\n"
        for i, s, t in units)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="p.html" source-language="zh-CN" target-language="en" '
            f'datatype="html"><body>\n{body}</body></file></xliff>\n')


def xliff20(units):
    body = "".join(
        f'<unit id="{i}"><segment><source>{escape(s)}</source>'
        + (f"<target>{escape(t)}</target>" if t else "") + "</segment></unit>\n"
        for i, s, t in units)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
            f'srcLang="zh-CN" trgLang="en"><file id="f1">\n{body}</file></xliff>\n')


def tmx(units):
    body = "".join(
        f'<tu tuid="{i}"><tuv xml:lang="zh-CN"><seg>{escape(s)}</seg></tuv>'
        f'<tuv xml:lang="en-US"><seg>{escape(t)}</seg></tuv></tu>\n'
        for i, s, t in units)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
            '<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" '
            'segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
            f'creationtoolversion="1"/><body>\n{body}</body></tmx>\n')


def po(units):
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Language: en\\n"', ""]
    for _, s, t in units:
        out += [f"msgid {q(s)}", f"msgstr {q(t)}", ""]
    return "\n".join(out)


def table(delimiter):
    def write(units):
        import io

        buf = io.StringIO()
        w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
        w.writerow(["source", "target", "id"])
        for i, s, t in units:
            w.writerow([s, t, i])
        return buf.getvalue()
    return write


# name, writer, how the format names the units of UNITS
FORMATS = [
    ("p.xlf", xliff12, ["u1", "u2", "u3", "u4"]),
    ("p2.xliff", xliff20, ["u1", "u2", "u3", "u4"]),
    ("p.tmx", tmx, ["u1", "u2", "u3", "u4"]),
    ("p.po", po, ["1", "2", "3", "4"]),
    ("p.csv", table(","), ["u1", "u2", "u3", "u4"]),
    ("p.tsv", table("\t"), ["u1", "u2", "u3", "u4"]),
]
MALFORMED = [
    ("bad.xlf", '<?xml version="1.0"?><xliff version="1.2"><file><body><trans-unit id="1">'
                "<source>a</source><target>b</target></body></file></xliff>",
     "input.malformed", "line 1"),
    ("bad2.xlf", '<?xml version="1.0"?><xliff version="2.0" '
                 'xmlns="urn:oasis:names:tc:xliff:document:2.0"><file id="f"><unit id="1">'
                 "<segment><source>a</segment></unit></file></xliff>",
     "input.malformed", "line 1"),
    ("bad.tmx", "<tmx><body><tu><tuv><seg>a</tuv></tu></body></tmx>", "input.malformed",
     "not well-formed TMX"),
    ("bad.po", 'msgid "a\nmsgstr "b"\n', "input.malformed", "line 1"),
    ("bad.csv", "source,target\na,b\nc,d,e,f\n", "input.malformed", "line 3"),
    ("bad.tsv", "source\ttarget\na\tb\t\tc\n", "input.malformed", "line 2"),
    ("notxliff.xlf", "<html><body>hi</body></html>", "input.malformed", "XLIFF"),
    ("empty.po", 'msgid ""\nmsgstr ""\n"Language: en\\n"\n', "input.empty", "no unit"),
]


@pytest.mark.parametrize("name,write,ids", FORMATS)
def test_units_round_trip(name, write, ids, tmp_path):
    p = tmp_path / name
    p.write_text(write(UNITS), "utf-8")
    bi = read_bilingual(p.read_bytes(), p)
    assert [u.id for u in bi.units] == ids
    wanted = [(s, t) for _, s, t in UNITS]
    assert [(u.source, u.target) for u in bi.units] == wanted
    assert bi.text == SEPARATOR.join(t for _, t in wanted) + "\n"
    # The empty unit's place is its own: no other unit starts there.
    assert len({u.start for u in bi.units}) == len(bi.units)
    for u in bi.units:
        assert bi.text[u.start:u.end] == u.target


@pytest.mark.parametrize("name,write,ids", FORMATS)
def test_findings_point_to_units_and_offsets(name, write, ids, tmp_path, capsys):
    p = tmp_path / name
    p.write_text(write(UNITS), "utf-8")
    out = tmp_path / "r.csv"
    assert main(["qa", "-q", "-j", "1", str(p), "-o", str(out), "--checks", "untranslated"]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    printed = subprocess.run([sys.executable, "-m", "align", "text", str(p)],
                             capture_output=True, check=True).stdout.decode("utf-8")
    assert printed == align.read_text(p)
    assert [(r["text"], r["unit"]) for r in rows] == [("各部门", ids[0]), ("成本", ids[3])]
    for r in rows:
        assert printed[int(r["start"]):int(r["end"])] == r["text"]
        # the context stays inside the unit
        assert "Revenue" not in r["context"]


def test_malformed_files_are_errors_and_the_rest_is_reported(tmp_path, capsys):
    for name, text, _, _ in MALFORMED:
        (tmp_path / name).write_text(text, "utf-8")
    (tmp_path / "good.xlf").write_text(xliff12(UNITS), "utf-8")
    out = tmp_path / "r.csv"
    paths = [str(tmp_path)] + [str(tmp_path / n) for n, *_ in MALFORMED
                               if n.endswith((".csv", ".tsv"))]
    assert main(["qa", "-j", "1", *paths, "-o", str(out), "--checks", "untranslated"]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        rows = {}
        for r in csv.DictReader(f):
            rows.setdefault(r["doc"], r)
    err = capsys.readouterr().err
    for name, _, rule, words in MALFORMED:
        assert rows[name]["category"] == "input_error"
        assert rows[name]["rule"] == rule
        assert words in rows[name]["note"]
        assert f"{name}: " in err
    assert rows["good.xlf"]["unit"] == "u1"


@pytest.mark.parametrize("name,text,rule,words", MALFORMED)
def test_each_malformed_file_raises_a_clear_error(name, text, rule, words, tmp_path):
    p = tmp_path / name
    p.write_text(text, "utf-8")
    with pytest.raises(InputError) as e:
        read_bilingual(p.read_bytes(), p)
    assert e.value.rule == rule and words in e.value.message


@pytest.mark.parametrize("text,ids", [
    ("a,b\nc,d\n", ["1", "2"]),                 # no header: line numbers
    ("zh,en\n会上,At the meeting\n", ["2"]),    # language codes are a header
    ("source,target\n\"多行\n源\",\"Two\nlines\"\nx,y\n", ["2", "5"]),
])
def test_csv_header_and_line_numbers(text, ids, tmp_path):
    p = tmp_path / "t.csv"
    p.write_text(text, "utf-8")
    assert [u.id for u in read_bilingual(p.read_bytes(), p).units] == ids


def test_po_plurals_and_obsolete_entries(tmp_path):
    p = tmp_path / "p.po"
    p.write_text('msgid "一个"\nmsgid_plural "多个"\nmsgstr[0] "one 个"\nmsgstr[1] "many"\n\n'
                 '#~ msgid "旧"\n#~ msgstr "old 旧"\n', "utf-8")
    bi = read_bilingual(p.read_bytes(), p)
    assert [(u.id, u.target) for u in bi.units] == [("1[0]", "one 个"), ("1[1]", "many")]


def test_xliff2_segments_and_tmx_target_language(tmp_path):
    x = tmp_path / "s.xlf"
    x.write_text('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" '
                 'srcLang="zh" trgLang="en"><file id="f"><unit id="u"><segment id="a">'
                 "<source>一</source><target>One.</target></segment><segment id=\"b\">"
                 "<source>二</source><target>Two.</target></segment></unit></file></xliff>",
                 "utf-8")
    assert [u.id for u in read_bilingual(x.read_bytes(), x).units] == ["u::a", "u::b"]
    t = tmp_path / "m.tmx"
    t.write_text('<tmx version="1.4"><header srclang="zh-CN" o-tmf="x" datatype="plaintext" '
                 'segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1"/>'
                 '<body><tu><tuv xml:lang="zh-CN"><seg>一</seg></tuv><tuv xml:lang="fr">'
                 '<seg>Un</seg></tuv><tuv xml:lang="en-GB"><seg>One</seg></tuv></tu></body></tmx>',
                 "utf-8")
    bi = read_bilingual(t.read_bytes(), t)
    assert [(u.id, u.source, u.target) for u in bi.units] == [("1", "一", "One")]


def test_folders_take_xml_and_po_but_not_csv(tmp_path):
    from align.read.files import collect

    for name in ["a.xlf", "b.tmx", "c.po", "d.csv", "e.tsv", "f.txt"]:
        (tmp_path / name).write_text("x", "utf-8")
    assert [s.doc for s in collect([tmp_path])[0]] == ["a.xlf", "b.tmx", "c.po", "f.txt"]


def test_dataframe_has_the_unit_column(tmp_path):
    p = tmp_path / "p.xlf"
    p.write_text(xliff12(UNITS), "utf-8")
    df = align.qa(p, checks=["untranslated"])
    assert df.unit.tolist() == ["u1", "u4"]
    assert "unit" not in align.check_text("会上 and more").columns
