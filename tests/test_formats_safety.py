"""Hostile XML: external entities and nested entity expansion are refused,
never expanded, and the rest of the run goes on."""
import csv

import pytest

from align.cli import main
from align.read.formats import read_bilingual
from align.read.files import InputError

SECRET = "TOP-SECRET-4711"

XLIFF = ('<?xml version="1.0"?>\n{doctype}\n'
         '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
         '<file original="a" source-language="zh" target-language="en" datatype="plaintext">'
         '<body><trans-unit id="1"><source>会</source><target>x {ref} y</target></trans-unit>'
         '</body></file></xliff>\n')
TMX = ('<?xml version="1.0"?>\n{doctype}\n<tmx version="1.4"><header srclang="zh" '
       'o-tmf="x" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" '
       'creationtoolversion="1"/><body><tu><tuv xml:lang="zh"><seg>会</seg></tuv>'
       '<tuv xml:lang="en"><seg>x {ref} y</seg></tuv></tu></body></tmx>\n')
LAUGHS = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
ATTACKS = [
    ("external", '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;"),
    ("nested", '<!DOCTYPE r [<!ENTITY l0 "laugh">' + LAUGHS + "]>", "&l9;"),
    ("parameter", '<!DOCTYPE r [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', ""),
    ("internal", '<!DOCTYPE r [<!ENTITY e "' + SECRET + '">]>', "&e;"),
]


@pytest.fixture
def secret_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(SECRET, "utf-8")
    return p


def write(tmp_path, template, attack, secret_file, suffix):
    _, doctype, ref = attack
    p = tmp_path / f"{attack[0]}{suffix}"
    p.write_text(template.format(doctype=doctype.replace("{secret}", str(secret_file)),
                                 ref=ref), "utf-8")
    return p


@pytest.mark.parametrize("template,suffix", [(XLIFF, ".xlf"), (TMX, ".tmx")])
@pytest.mark.parametrize("attack", ATTACKS, ids=[a[0] for a in ATTACKS])
def test_entities_are_refused_before_parsing(template, suffix, attack, secret_file,
                                             tmp_path, monkeypatch):
    import translate.storage.lisa as lisa

    def never(*a, **k):
        raise AssertionError("translate-toolkit parsed a file that declares entities")

    monkeypatch.setattr(lisa.LISAfile, "parse", never)
    p = write(tmp_path, template, attack, secret_file, suffix)
    with pytest.raises(InputError) as e:
        read_bilingual(p.read_bytes(), p)
    assert e.value.rule == "input.xml_unsafe"


def test_a_run_reports_hostile_files_as_errors_and_goes_on(secret_file, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for attack in ATTACKS:
        write(folder, XLIFF, attack, secret_file, ".xlf")
    (folder / "ok.xlf").write_text(XLIFF.format(doctype="", ref="会议"), "utf-8")
    out = tmp_path / "r.csv"
    assert main(["qa", "-q", "-j", "1", str(folder), "-o", str(out),
                 "--checks", "untranslated"]) == 0
    text = out.read_text("utf-8")
    assert SECRET not in text and "laughlaugh" not in text
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["doc"]: r["rule"] for r in rows} == {
        "external.xlf": "input.xml_unsafe", "internal.xlf": "input.xml_unsafe",
        "nested.xlf": "input.xml_unsafe", "parameter.xlf": "input.xml_unsafe",
        "ok.xlf": "untranslated.han_run"}


def test_the_xml_parser_behind_the_guard_resolves_nothing_either(secret_file):
    """Defence in depth: translate-toolkit's lxml parser loads no external
    entity and no network resource, and keeps lxml's size limits."""
    from translate.misc.xml_helpers import get_safe_xml_parser, parse_xml

    doc = (f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret_file}">]>'
           "<r>a &xxe; b</r>").encode()
    root = parse_xml(doc)
    from lxml import etree

    assert SECRET not in etree.tostring(root, encoding="unicode", method="text")
    parser = get_safe_xml_parser()
    # huge_tree is off by default in lxml: a text node over 10 MB is an error.
    big = b"<r>" + b"a" * (11 * 1024 * 1024) + b"</r>"
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(b"<r><![CDATA[" + big + b"]]></r>", parser)


def test_a_dtd_reference_alone_is_fine(tmp_path):
    p = tmp_path / "d.tmx"
    p.write_text(TMX.format(doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">', ref="z"), "utf-8")
    assert [u.target for u in read_bilingual(p.read_bytes(), p).units] == ["x z y"]


@pytest.mark.parametrize("declared,codec", [("GB2312", "gb2312"), ("GBK", "gbk"), ("Big5", "big5")])
def test_xml_in_a_declared_chinese_legacy_encoding_is_checked_and_read(tmp_path, declared, codec):
    pytest.importorskip("translate")
    from align.read.files import Source, read_source

    zh = "會議" if codec == "big5" else "会议"
    tmx = (f'<?xml version="1.0" encoding="{declared}"?>\n<tmx version="1.4"><header srclang="zh"/>'
           f'<body><tu tuid="1"><tuv xml:lang="zh"><seg>{zh}</seg></tuv>'
           '<tuv xml:lang="en"><seg>The meeting</seg></tuv></tu></body></tmx>')
    p = tmp_path / "legacy.tmx"
    p.write_bytes(tmx.encode(codec))
    assert read_source(Source(p.name, p)).text.strip() == "The meeting"
