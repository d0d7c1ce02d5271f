"""The rule catalogue (align.core.rules): declared once, read by the checks,
the configuration, `align clean` and docs/rules.md; an unknown id is an error."""
import re
from pathlib import Path

import pytest

from align.cli import main
from align.core.config import DEFAULT, Config, ConfigError, load
from align.core.findings import CATEGORIES, SEVERITIES
from align.core.rules import RULES, Rule, UnknownRule, rule, select
from align.detectors import Detector, available
from align.text.document import Document

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"

# Checks may give one finding another category or severity than the rule's
# default (the catalogue holds the default): these, and only these.
DEPARTURES = {
    ("number.glued_digits", "number", "major"),          # a glued year or day
    ("boilerplate.navigation", "untranslated", "minor"),  # Chinese page furniture
    ("boilerplate.breadcrumb", "untranslated", "minor"),
    ("boilerplate.metadata", "untranslated", "minor"),
    ("boilerplate.copyright", "untranslated", "minor"),
}


def test_catalogue_is_well_formed():
    assert RULES and all(isinstance(r, Rule) and RULES[r.id] is r for r in RULES.values())
    for r in RULES.values():
        assert r.category in CATEGORIES and r.severity in SEVERITIES, r
        assert r.description and r.description == r.description.strip(), r


@pytest.mark.parametrize("name,near", [
    ("untranslated.han_rn", "untranslated.han_run"),
    ("number.spelled_yr", "number.spelled_year"),
    ("punctuation.fullwidh", "punctuation.fullwidth"),
    ("pair.omision", "pair.omission"),
    ("input.binry", "input.binary"),
    ("xyzzy", None),
])
def test_unknown_rule_names_the_closest(name, near):
    with pytest.raises(UnknownRule) as e:
        rule(name)
    msg = str(e.value)
    assert repr(name) in msg and "\n" not in msg
    if near:
        assert f"did you mean {near!r}" in msg
    else:
        assert "align qa --list-rules" in msg


@pytest.mark.parametrize("name,ids", [
    ("number.spelled_year", {"number.spelled_year"}),
    ("document_language", {"document_language"}),                 # an id without a family
    ("punctuation", {"punctuation.fullwidth", "punctuation.missing_space",
                     "punctuation.quote_spacing", "punctuation.end_mismatch",
                     "punctuation.unbalanced"}),                   # a family
    ("number_mismatch", {"pair.number_missing", "pair.number_added"}),  # a category
])
def test_select_by_id_family_or_category(name, ids):
    assert {r.id for r in select(name)} == ids


@pytest.mark.parametrize("name", sorted(available()))
def test_every_check_declares_its_rules(name):
    cls = available()[name]
    assert cls.rules and len(set(cls.rules)) == len(cls.rules)
    for rule_id in (*cls.rules, *cls.supersedes):
        assert rule_id in RULES
    assert cls.declared == frozenset(cls.rules)
    # supersedes is declared on the base class, not read with getattr
    assert "supersedes" in vars(Detector) and isinstance(cls.supersedes, tuple)


@pytest.mark.parametrize("attr,value,words", [
    ("rules", ("number.spelled_yr",), "Bad.rules: unknown rule 'number.spelled_yr'"),
    ("supersedes", ("untranslated.han",), "Bad.supersedes: unknown rule 'untranslated.han'"),
    ("rules", "number.spelled_year", "must be a tuple of rule ids"),
])
def test_a_check_declaring_an_unknown_rule_fails_when_defined(attr, value, words):
    with pytest.raises((UnknownRule, TypeError)) as e:
        type("Bad", (Detector,), {"name": "bad", attr: value})
    assert words in str(e.value)


# Texts on which each check fires; the findings' rules must be declared.
_TEXTS = [
    "At the meeting, 各部门 heads spoke。 The company was founded in two thousand and one.\n"
    "On Four month Twenty-four, May5In the hall, Zhang¡¯s 書(shū)記 said \" hello \".\n"
    "首页 > 新闻中心 > 公司新闻\n发布时间：2019-06-03 来源：办公室\n"
    "We must treat both the root cause and the root cause. Chuangwen work went on.\n",
    "公司召开会议，研究部署下一步工作。",
]


def test_seed_findings_take_category_and_severity_from_the_catalogue():
    import align

    rows = list(align.qa(str(SEEDS), checks=["rules"]).itertuples(index=False))
    for text in _TEXTS:
        rows += align.check_text(text, checks=["rules"]).itertuples(index=False)
    assert len({r.rule for r in rows}) >= 8
    checks = available()
    by_rule = {rid for cls in checks.values() for rid in cls.rules}
    for r in rows:
        assert r.rule in RULES, r.rule
        assert r.rule in by_rule or r.category == "input_error"
        default = RULES[r.rule]
        if (r.category, r.severity) != (default.category, default.severity):
            assert (r.rule, r.category, r.severity) in DEPARTURES, r


@pytest.mark.parametrize("name", sorted(n for n, c in available().items() if not c.uses_model))
def test_a_check_keeps_no_state_of_the_document(name):
    """One instance checks every document of a run: nothing of a document
    may stay on it (the number check kept the page on ``self``)."""
    det = available()[name](DEFAULT)
    before = dict(vars(det))
    for text in _TEXTS:
        found = list(det.detect(Document("t.txt", text)))
        assert {f.rule for f in found} <= det.declared
    assert vars(det) == before


# ----------------------------------------------------------------- config


@pytest.mark.parametrize("key,near", [
    ("untranslated.han_rn", "untranslated.han_run"),
    ("numbr", "number"),
    ("pair.omision", "pair.omission"),
    ("boilerplate.navigaton", "boilerplate.navigation"),
])
def test_config_file_unknown_rule_is_an_error(tmp_path, key, near):
    cfg = tmp_path / "align.toml"
    cfg.write_text(f'[severities]\n"{key}" = "off"\n', "utf-8")
    with pytest.raises(ConfigError) as e:
        load(str(cfg))
    msg = str(e.value)
    assert str(cfg) in msg and f"unknown rule {key!r}" in msg and repr(near) in msg


@pytest.mark.parametrize("key", ["untranslated.han_run", "number", "number_mismatch",
                                 "document_language", "input_error", "pair"])
def test_config_file_known_rules_are_accepted(tmp_path, key):
    cfg = tmp_path / "align.toml"
    cfg.write_text(f'[severities]\n"{key}" = "info"\n', "utf-8")
    assert load(str(cfg)).config.severities == {key: "info"}


def test_config_object_unknown_rule_is_an_error():
    with pytest.raises(UnknownRule, match="did you mean 'number.spelled_year'"):
        Config(severities={"number.spelled_yr": "off"})


@pytest.mark.parametrize("command", [["qa", "PAGE", "-o", "OUT"], ["config", "--show"]])
def test_cli_unknown_rule_in_config_exits_2_with_one_line(tmp_path, capsys, monkeypatch,
                                                          command):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "align.toml").write_text('[severities]\n"number.spelled_yr" = "off"\n', "utf-8")
    (tmp_path / "p.txt").write_text("Founded in two thousand and one.\n", "utf-8")
    argv = [{"PAGE": str(tmp_path / "p.txt"), "OUT": str(tmp_path / "r.csv")}.get(a, a)
            for a in command]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "'number.spelled_yr'" in err
    assert "did you mean 'number.spelled_year'" in err
    assert not (tmp_path / "r.csv").exists()


# ------------------------------------------------------------------ clean


def test_clean_repairs_what_the_catalogue_calls_repairable():
    from align.clean import CLEAN_CHECKS, REPAIR_RULES

    assert set(REPAIR_RULES) == {r.id for r in RULES.values() if r.repairable}
    assert set(CLEAN_CHECKS) == {n for n, c in available().items()
                                 if any(RULES[i].repairable for i in c.rules)}


@pytest.mark.parametrize("args,words", [
    (["--rules", "punctuation.fullwidh"], "did you mean 'punctuation.fullwidth'"),
    (["--rules", "number.spelled_year"], "'number.spelled_year' is not a rule clean repairs"),
    (["--skip-rules", "pinyin_annotation.readng"], "did you mean 'pinyin_annotation.reading'"),
    (["--skip-rules", "encoding,punctuation,pinyin_annotation"], "leaves no rule to repair"),
])
def test_clean_bad_rules_exit_2_with_one_line(tmp_path, capsys, args, words):
    page = tmp_path / "p.txt"
    page.write_text("會議(huì yì) ended。Then", "utf-8")
    assert main(["clean", str(page), "-o", str(tmp_path / "out"), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and words in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args,rules", [
    ([], {"pinyin_annotation.reading", "punctuation.fullwidth"}),
    (["--rules", "punctuation"], {"punctuation.fullwidth"}),
    (["--rules", "pinyin_annotation.reading"], {"pinyin_annotation.reading"}),
    (["--skip-rules", "punctuation.fullwidth"], {"pinyin_annotation.reading"}),
])
def test_clean_rules_choose_the_repairs(tmp_path, args, rules):
    import json

    page = tmp_path / "p.txt"
    page.write_text("會議(huì yì) ended。Then", "utf-8")
    assert main(["clean", "-q", str(page), "-o", str(tmp_path / "out"), *args]) == 0
    plan = json.loads((tmp_path / "out" / "p.txt.plan.json").read_text("utf-8"))
    assert {e["rule"] for e in plan["edits"]} == rules


def test_plan_edits_refuses_an_unknown_rule():
    from align.clean import plan_edits

    with pytest.raises(UnknownRule, match="pinyin_annotation.reading"):
        plan_edits("text", [], rules={"pinyin_annotation.readng": 0.9})


# ------------------------------------------------------------ docs, lists


def test_docs_rules_md_is_the_catalogue(capsys):
    assert main(["qa", "--list-rules", "markdown"]) == 0
    want = capsys.readouterr().out
    got = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert got == want, "docs/rules.md is out of date: align qa --list-rules markdown > docs/rules.md"


def test_list_rules_prints_every_rule(capsys):
    assert main(["qa", "--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == list(RULES)


_FAMILIES = "|".join(sorted({r.family for r in RULES.values() if "." in r.id}))
_ID_RE = re.compile(rf"`((?:{_FAMILIES})\.[a-z0-9_]+)`")


@pytest.mark.parametrize("path", ["README.md", *sorted(
    p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))])
def test_docs_name_only_catalogued_rules(path):
    text = (ROOT / path).read_text("utf-8")
    named = set(_ID_RE.findall(text))
    assert named - set(RULES) == set()


def test_every_rule_literal_in_the_code_is_catalogued():
    """``rule("...")`` and ``InputError("...")`` ids are checked where they
    run; this finds a misspelt one on a path no test takes."""
    pattern = re.compile(r"""(?:\brule|InputError)\(\s*["']([^"'{}]+)["']""")
    named = set()
    for path in (ROOT / "align").rglob("*.py"):
        named |= set(pattern.findall(path.read_text("utf-8")))
    assert len(named) > 30
    assert named - set(RULES) == set()


def test_input_error_refuses_an_unknown_rule():
    from align.core.errors import InputError

    assert InputError("input.binary", "x").rule == "input.binary"
    with pytest.raises(UnknownRule, match="input.binary"):
        InputError("input.binray", "x")
