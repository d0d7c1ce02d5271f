"""The ``units`` check: each unit of a bilingual file against its source.

Every format is written here, run through ``align qa``, and must give the
same rows: the unit id, offsets that index what ``align text`` prints, and
the source side in ``source_text``/``source_span``."""
import csv
import io
from xml.sax.saxutils import escape

import pytest

import align
from align.cli import main
from align.text.document import Document
from align.detectors.units import Units
from align.read.formats import Unit

UNITS = [
    ("n1", "今年完成投资12亿元。", "Investment of 1.5 billion yuan was completed this year."),
    ("t1", "深化国有企业改革。", "Deepen the reform of state firms."),
    ("c1", "会议在北京召开。", "会议在北京召开。"),
    ("ok", "公司有三个国有企业项目。", "The company has three state-owned enterprise projects."),
    ("h1", "各部门负责人发言。", "The 负责人 of each department spoke."),
]


def xliff(units):
    body = "".join(f'<trans-unit id="{i}"><source>{escape(s)}</source>'
                   f"<target>{escape(t)}</target></trans-unit>\n" for i, s, t in units)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
            '<file original="p.html" source-language="zh-CN" target-language="en" '
            f'datatype="html"><body>\n{body}</body></file></xliff>\n')


def tmx(units):
    body = "".join(f'<tu tuid="{i}"><tuv xml:lang="zh-CN"><seg>{escape(s)}</seg></tuv>'
                   f'<tuv xml:lang="en"><seg>{escape(t)}</seg></tuv></tu>\n'
                   for i, s, t in units)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="zh-CN" '
            'datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" creationtool="t" '
            f'creationtoolversion="1"/><body>\n{body}</body></tmx>\n')


def po(units):
    def q(s):
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"',
           '"Language: en\\n"', ""]
    for _, s, t in units:
        out += [f"msgid {q(s)}", f"msgstr {q(t)}", ""]
    return "\n".join(out)


def tsv(units):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(["id", "source", "target"])
    w.writerows(units)
    return buf.getvalue()


# file name, writer, the id each format gives the units of UNITS (PO: position)
FORMATS = [
    ("p.xlf", xliff, [u[0] for u in UNITS]),
    ("p.tmx", tmx, [u[0] for u in UNITS]),
    ("p.po", po, ["1", "2", "3", "4", "5"]),
    ("p.tsv", tsv, [u[0] for u in UNITS]),
]

# unit index, rule, flagged target text, source_text, source_span, suggestion
EXPECTED = [
    (0, "pair.number_added", "1.5 billion yuan", UNITS[0][1], "0:11", ""),
    (0, "pair.number_missing", UNITS[0][2], "12亿元", "6:10", ""),
    (1, "pair.term_rendering", UNITS[1][2], "国有企业", "2:6", "state-owned enterprise"),
    (2, "pair.copied_source", UNITS[2][2], UNITS[2][1], "0:8", ""),
    (4, "untranslated.han_run", "负责人", "", "", ""),
]


def qa_rows(tmp_path, name, write, checks="units,untranslated", extra=()):
    p = tmp_path / name
    p.write_text(write(UNITS), "utf-8")
    out = tmp_path / "r.csv"
    assert main(["qa", "-q", "-j", "1", str(p), "-o", str(out), "--checks", checks,
                 *extra]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f)), align.read_text(p)


@pytest.mark.parametrize("name,write,ids", FORMATS)
def test_units_checked_against_their_source(name, write, ids, tmp_path):
    rows, text = qa_rows(tmp_path, name, write)
    got = sorted((r["unit"], r["rule"], r["text"], r["source_text"], r["source_span"],
                  r["suggestion"]) for r in rows)
    want = sorted((ids[i], rule, t, st, ss, sug) for i, rule, t, st, ss, sug in EXPECTED)
    assert got == want
    for r in rows:
        assert text[int(r["start"]):int(r["end"])] == r["text"]
    # the clean unit fires nothing; the copied unit is one row, not a Han run too
    assert ids[3] not in {r["unit"] for r in rows}
    assert [r["rule"] for r in rows if r["unit"] == ids[2]] == ["pair.copied_source"]


@pytest.mark.parametrize("name,write,ids", FORMATS[:2])
def test_contract_columns_first(name, write, ids, tmp_path):
    rows, _ = qa_rows(tmp_path, name, write, checks="units")
    assert list(rows[0])[:11] == ["doc", "start", "end", "category", "severity", "text",
                                  "suggestion", "rule", "confidence", "segment", "context"]
    assert {r["category"] for r in rows} == {"number_mismatch", "terminology", "untranslated"}


def test_user_termbase(tmp_path):
    tb = tmp_path / "tb.csv"
    tb.write_text("zh,en,domain\n北京,Beijing,place\n负责人,head,org\n", "utf-8")
    rows, _ = qa_rows(tmp_path, "p.tsv", tsv, checks="units", extra=["--termbase", str(tb)])
    # h1 says "负责人" for 负责人: Chinese left in, not rendered as "head"
    assert ("h1", "负责人") in {(r["unit"], r["source_text"]) for r in rows
                               if r["rule"] == "pair.term_rendering"}


@pytest.mark.parametrize("source,target,rules", [
    ("", "", []),  # nothing on either side
    ("公司营收增长。", "", ["pair.omission"]),
    ("公司营收增长。", "   ", ["pair.omission"]),
    ("ISO 9001", "ISO 9001", []),  # a copied source without Chinese is usually right
    ("共有五个项目。", "There are five projects.", []),
])
def test_built_documents(source, target, rules):
    text = target + "\n"
    doc = Document("d", text, units=(Unit("x", source, target, 0, len(target)),))
    found = list(Units().detect(doc))
    assert [f.rule for f in found] == rules
    for f in found:
        assert f.start == f.end == 0 and f.extra["source_text"] == source


def test_plain_documents_untouched():
    assert list(Units().detect(Document("d", "Revenue grew 5%.\n"))) == []
