"""Termbase: the built-in file, user CSV/TSV/TBX files, and no seed strings anywhere."""
import json
from pathlib import Path

import pytest

from align.read import termbases
from align.resources import termbase

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path("/work/shared/eval/seeds.gold.jsonl")
# The web dev set's gold, beside the worktree (../shared) or at its usual place.
WEB_GOLD = next((p for p in (ROOT.parent.parent / "shared" / "eval" / "web" / "gold.jsonl",
                             ROOT.parent / "shared" / "eval" / "web" / "gold.jsonl",
                             Path("/work/shared/eval/web/gold.jsonl")) if p.exists()), None)
# Files this feature owns: the gold's garbled strings must appear in none.
OWNED = [ROOT / "align" / "resources" / "data" / "termbase.csv",
         ROOT / "align" / "resources" / "data" / "term_domains.csv",
         ROOT / "align" / "resources" / "data" / "termbase_cedict.csv",
         ROOT / "align" / "resources" / "data" / "misreadings.csv",
         ROOT / "scripts" / "termbase_from_cedict.py",
         ROOT / "align" / "resources" / "termbase.py",
         *sorted((ROOT / "align" / "detectors").glob("garbled_*.py")),
         *sorted((ROOT / "align" / "detectors" / "garbled_calque").glob("*.py")),
         *sorted((ROOT / "align" / "detectors" / "_calque").glob("*.py")),
         ROOT / "align" / "text" / "english.py"]


def test_builtin_size_and_fields():
    terms = termbase.builtin()
    assert len(terms) >= 3000
    assert len({t.zh for t in terms}) == len(terms)
    for t in terms:
        assert t.zh and t.en, t
        assert t.origin, f"{t.zh}: no source for the rendering"


def test_data_symlink_points_at_package_file():
    assert (ROOT / "data" / "termbase.csv").resolve() == (ROOT / "align" / "resources" / "data" / "termbase.csv").resolve()


@pytest.mark.parametrize("zh,rendering", [
    ("标本兼治", "address both symptoms and root causes"),
    ("两张皮", "disconnect"),
    ("头雁", "pacesetter"),
    ("一岗双责", "dual responsibilities for each post"),
    ("创文", "national civilized city campaign"),
])
def test_builtin_renderings(zh, rendering):
    by_zh = {t.zh: t for t in termbase.builtin()}
    assert by_zh[zh].suggestion == rendering


@pytest.mark.parametrize("text,expect", [
    ("zh,en\n创文,civilized city\n", ("创文", ("civilized city",), ())),
    ("source,target\n创文,civilized city\n", ("创文", ("civilized city",), ())),
    ("zh,en,source\n创文,civilized city,my notes\n", ("创文", ("civilized city",), ())),
    ("term\ttranslation\tavoid\n创文\tcivilized city | civility\tcreative writing\n",
     ("创文", ("civilized city", "civility"), ("creative writing",))),
])
def test_parse_csv(text, expect):
    t = termbase.parse_csv(text)[0]
    assert (t.zh, t.en, t.avoid) == expect


def test_parse_csv_needs_columns():
    with pytest.raises(termbase.TermbaseError):
        termbase.parse_csv("foo,bar\n1,2\n")


TBX = """<?xml version="1.0"?>
<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<martif type="TBX"><text><body>
<termEntry id="1"><descrip type="subjectField">campaign</descrip>
 <langSet xml:lang="zh-CN"><tig><term>创卫</term></tig></langSet>
 <langSet xml:lang="en"><tig><term>hygienic city campaign</term></tig>
  <tig><term>creating health&xxe;</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig></langSet>
</termEntry></body></text></martif>""".encode("utf-8")


def test_parse_tbx_safely():
    [t] = termbase.parse_tbx(TBX)
    assert t.zh == "创卫" and t.en == ("hygienic city campaign",)
    assert t.avoid and "root:" not in t.avoid[0]          # the entity is not expanded
    assert t.domain == "campaign"


def test_user_termbase_overrides(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text("zh,en\n头雁,bellwether\n", encoding="utf-8")
    terms = {t.zh: t for t in termbases.load((str(p),))}
    assert terms["头雁"].suggestion == "bellwether"
    assert "创文" in terms


def test_unreadable_termbase(tmp_path):
    with pytest.raises(termbase.TermbaseError):
        termbases.load_file(tmp_path / "missing.csv")


def _garbled_gold(path) -> set:
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {g["text"].lower() for g in gold if g.get("category") == "garbled"}


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold not available")
@pytest.mark.parametrize("path", OWNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_gold_string_in_data_or_code(path):
    strings = _garbled_gold(GOLD)
    text = path.read_text(encoding="utf-8").lower()
    leaked = [s for s in strings if s in text]
    assert not leaked, f"{path.name} holds gold strings {leaked}"


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold not available")
def test_no_gold_string_in_rejected_renderings():
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    strings = {g["text"].lower() for g in gold if g.get("category") == "garbled"}
    bad = {a.lower() for t in termbase.builtin() for a in t.avoid}
    assert not (strings & bad)


@pytest.mark.skipif(WEB_GOLD is None, reason="shared web gold not available")
@pytest.mark.parametrize("path", OWNED, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_web_gold_string_in_data_or_code(path):
    # Garbled spans of the web dev pages: the termbase is made from
    # dictionaries and term lists, never from the strings it is scored on.
    # Whole words only: a one-word span (``essence``) is ordinary English;
    # spans of one or two words count in their own case only (``the cppcc``
    # is wrong for its case: ``the CPPCC`` is the right rendering).
    import re

    text = path.read_text(encoding="utf-8")
    gold = [json.loads(line) for line in WEB_GOLD.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    spans = {g["text"] for g in gold if g.get("category") == "garbled"}
    leaked = [s for s in sorted(spans)
              if re.search(r"(?<![A-Za-z])" + re.escape(s) + r"(?![A-Za-z])", text,
                           re.I if len(s.split()) > 2 else 0)]
    assert not leaked, f"{path.name} holds web gold strings {leaked}"


@pytest.mark.skipif(WEB_GOLD is None, reason="shared web gold not available")
def test_no_web_gold_string_in_rejected_renderings():
    assert not (_garbled_gold(WEB_GOLD) & {a.lower() for t in termbase.builtin() for a in t.avoid})


@pytest.fixture
def fresh_builtin(tmp_path, monkeypatch):
    """``builtin`` with its memo cleared and an empty index cache."""
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ALIGN_NO_INDEX_CACHE", raising=False)
    termbase.builtin.cache_clear()
    yield tmp_path / "index"
    termbase.builtin.cache_clear()


def test_builtin_from_the_cache_is_the_parsed_file(fresh_builtin):
    parsed = termbase.merge(termbase.parse_csv(f.read_text(encoding="utf-8"))
                            for f in (termbase.GENERATED, termbase.BUILTIN))
    cold = termbase.builtin()
    assert [p.name.split("-")[0] for p in fresh_builtin.iterdir()] == ["termbase"]
    termbase.builtin.cache_clear()
    warm = termbase.builtin()
    assert warm is not cold
    assert cold == parsed and warm == parsed
    # The same types too (marshal gives back tuples as tuples).
    for a, b in zip(warm, parsed):
        assert [type(getattr(a, f)) for f in vars(b)] == [type(v) for v in vars(b).values()]


def test_builtin_cache_keyed_by_the_file_bytes(fresh_builtin, tmp_path, monkeypatch):
    termbase.builtin()
    copy = tmp_path / "termbase.csv"
    copy.write_bytes(termbase.BUILTIN.read_bytes().replace(b"disconnect", b"split"))
    monkeypatch.setattr(termbase, "BUILTIN", copy)
    termbase.builtin.cache_clear()
    by_zh = {t.zh: t for t in termbase.builtin()}
    assert by_zh["两张皮"].suggestion == "split"
    assert len(list(fresh_builtin.iterdir())) == 2


def test_builtin_cache_that_does_not_fit_is_parsed_again(fresh_builtin):
    from align.core import diskcache as _diskcache

    want = termbase.builtin()
    (name,) = [p.name for p in fresh_builtin.iterdir()]
    _diskcache.put(name, (("only", "two"),))
    termbase.builtin.cache_clear()
    assert termbase.builtin() == want


# A bad termbase: file name -> bytes (None: not written), what the message says
BAD_TERMBASES = [
    ("missing.csv", None, "no such termbase file"),
    ("empty.csv", b"", "the termbase file is empty"),
    ("blank.csv", b" \n\n", "the termbase file is empty"),
    ("header.csv", "foo,bar\n创文,civilized city\n".encode(), "line 1: the header must name a "
                                                               "Chinese column (zh)"),
    ("no-header.csv", "创文,civilized city\n".encode(), "found '创文', 'civilized city'"),
    ("only-header.csv", b"zh,en\n", "holds a header but no term"),
    ("short-row.csv", "zh,en,note\n头雁,pacesetter,x\n创文\n".encode(),
     "line 3: 1 column(s) where the header has 3"),
    ("open-quote.csv", 'zh,en\n头雁,pacesetter\n"创文,civilized city\n'.encode(), "line 3: 1 column"),
    ("cp1252.csv", "zh,en\ncafé,coffee\n".encode("cp1252"), "line 2: byte 0xe9 is not UTF-8"),
    ("binary.csv", b"zh,en\n\x00\x01\x02\x03\x04", "NUL byte"),
    ("bad.tbx", b'<?xml version="1.0"?>\n<martif><text><body>\n<termEntry>\n</body></text></martif>',
     "line 4: not well-formed XML"),
    ("other.xml", b'<?xml version="1.0"?>\n<catalog><book>x</book></catalog>',
     "no termEntry or conceptEntry with a Chinese (zh) term"),
    ("a-folder.csv", "folder", "a folder, not a termbase file"),
]


@pytest.mark.parametrize("name,data,said", BAD_TERMBASES, ids=[b[0] for b in BAD_TERMBASES])
def test_bad_termbase_names_file_line_and_problem(tmp_path, name, data, said):
    p = tmp_path / name
    if data == "folder":
        p.mkdir()
    elif data is not None:
        p.write_bytes(data)
    with pytest.raises(termbase.TermbaseError) as e:
        termbases.load_file(p)
    assert str(e.value).startswith(f"{p}: ")
    assert said in str(e.value)
    assert e.value.path == str(p)


TERMS_CSV = "zh,en,avoid\n创文,national civilized city campaign,creation of stationery\n头雁,pacesetter,\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                      "utf-32", "gbk", "gb18030", "big5"])
@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_termbase_in_each_encoding_and_delimiter(tmp_path, encoding, delimiter):
    text = TERMS_CSV.replace(",", delimiter)
    if encoding == "big5":
        text = text.replace("创文", "創文").replace("头雁", "頭雁")
    p = tmp_path / "terms.csv"
    p.write_bytes(text.encode(encoding))
    terms = termbases.load_file(p)
    assert [(t.zh[-1], t.en, t.avoid) for t in terms] == [
        ("文", ("national civilized city campaign",), ("creation of stationery",)),
        ("雁", ("pacesetter",), ())]


def test_renderings_hold_no_chinese():
    """A rendering is the English a finding suggests: a cross-reference left
    in it ("abbr. for 文化和旅游部") would put Chinese into the English."""
    import re

    han = re.compile(r"[\u3400-\u9fff]")
    bad = [(t.zh, en) for t in termbase.builtin() for en in t.en if han.search(en)]
    assert bad == []


def test_misreadings_belong_to_terms_and_say_why():
    import csv

    known = {t.zh for t in termbase.builtin()}
    with open(termbase.MISREADINGS, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for r in rows:
        assert r["zh"] in known, f"{r['zh']}: a misreading of a term the termbase lacks"
        assert r["misread"].strip() and r["note"].strip() and r["source"].strip(), r
    topics = termbase.topic_misreadings()
    assert set(termbase.misreadings()) | {zh for zh, _, _ in topics} == {r["zh"] for r in rows}
    # A misreading that is English counts only on a page naming its topic.
    assert all(page and all(p == p.lower().strip() and p for p in page) for _, _, page in topics)
