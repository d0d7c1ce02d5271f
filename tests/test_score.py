"""The quality score: MQM-style penalty points per 1,000 (source) words,
pass/fail against the configured threshold, in --documents, the run's
summary, the API and the HTML report (test_review_app)."""
import csv
from collections import Counter
from dataclasses import replace

import pytest

import align
from align.cli import main
from align.core.config import DEFAULT, ConfigError, load, signature
from align.report.score import Quality

PAGE = "At the meeting, 各部门 heads spoke。 The company was founded in two thousand and one.\n"


# tally of (category, severity), words, penalty points, per 1,000 words, verdict
CASES = [
    ({}, 100, 0.0, 0.0, "pass"),
    ({("garbled", "minor"): 1}, 100, 1.0, 10.0, "pass"),          # the threshold itself passes
    ({("garbled", "minor"): 1}, 99, 1.0, 10.1, "fail"),
    ({("garbled", "major"): 2, ("number", "info"): 7}, 1000, 10.0, 10.0, "pass"),
    ({("untranslated", "critical"): 1}, 5000, 25.0, 5.0, "pass"),
    ({("input_error", "major"): 1}, 10, 0.0, 0.0, "pass"),        # reading, not translating
    ({("garbled", "major"): 1}, 0, 5.0, None, ""),                 # no words, no score
]


@pytest.mark.parametrize("tally,words,points,value,verdict", CASES)
def test_score_of_a_document(tally, words, points, value, verdict):
    q = Quality(DEFAULT)
    s = {"doc": "d", "words": words}
    q.add(s, Counter(tally))
    assert (s["penalty"], s["penalty_per_1k"], s["quality"]) == (points, value, verdict)


def test_penalties_and_threshold_are_settings():
    config = replace(DEFAULT, penalties={"minor": 3.0}, quality_threshold=2)  # the rest: defaults
    q = Quality(config)
    s = {"doc": "d", "words": 1000}
    q.add(s, Counter({("garbled", "minor"): 1, ("garbled", "major"): 1}))
    assert (s["penalty"], s["penalty_per_1k"], s["quality"]) == (8.0, 8.0, "fail")


def test_the_run_is_scored_over_all_its_words():
    q = Quality(DEFAULT)
    a, b, bad = {"doc": "a", "words": 100}, {"doc": "b", "words": 900}, {"doc": "x", "words": 0}
    q.add(a, Counter({("garbled", "major"): 1}))                  # 50 per 1k: fails
    q.add(b, Counter())
    q.add(bad, Counter({("input_error", "major"): 1}))
    assert q.run() == {"words": 1000, "penalty": 5.0, "penalty_per_1k": 5.0, "threshold": 10.0,
                       "quality": "pass", "documents": 2, "failed": 1}
    # rows found later (document pairing) count for their document and the run
    q.add_rows([{"doc": "b", "category": "omission", "severity": "critical"}])
    assert (b["penalty"], b["penalty_per_1k"], b["quality"]) == (25.0, 27.78, "fail")
    assert q.run()["failed"] == 2 and q.run()["penalty_per_1k"] == 30.0


def test_documents_summary_and_run_line(tmp_path, capsys):
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    docs = tmp_path / "docs.csv"
    assert main(["qa", str(tmp_path / "p.txt"), "-o", str(tmp_path / "r.csv"), "--checks", "rules",
                 "--jobs", "1", "--documents", str(docs)]) == 0
    (row,) = csv.DictReader(docs.open(encoding="utf-8"))
    findings = list(csv.DictReader((tmp_path / "r.csv").open(encoding="utf-8")))
    weights = {"critical": 25, "major": 5, "minor": 1, "info": 0}
    points = sum(weights[f["severity"]] for f in findings)
    words = 3 + len(PAGE.split()) - 1  # 各部门: three Han characters, three words
    assert int(row["words"]) == words
    assert float(row["penalty"]) == points
    assert float(row["penalty_per_1k"]) == round(1000 * points / words, 2)
    assert row["quality"] == "fail"
    err = capsys.readouterr().err
    assert f"quality:   {round(1000 * points / words, 2):g} penalty points per 1,000 words " \
           "(threshold 10): fail; 1 of 1 documents fail" in err


def test_a_bilingual_file_is_scored_per_source_word(tmp_path):
    pytest.importorskip("translate")
    po = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
          'msgid "会议在北京召开"\nmsgstr "The meeting 会议 was held in Beijing"\n')
    (tmp_path / "a.po").write_text(po, encoding="utf-8")
    docs = tmp_path / "docs.csv"
    assert main(["qa", str(tmp_path / "a.po"), "-o", str(tmp_path / "r.csv"), "-q",
                 "--checks", "untranslated", "--documents", str(docs)]) == 0
    (row,) = csv.DictReader(docs.open(encoding="utf-8"))
    assert int(row["words"]) == 7  # the source's seven characters, not the target's words
    assert float(row["penalty_per_1k"]) == round(1000 * 5 / 7, 2)


def test_api_reports_the_scores(tmp_path):
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    report = align.check(tmp_path, checks=["rules"])
    assert {"words", "penalty", "penalty_per_1k", "quality"} <= set(report.documents.columns)
    assert report.quality["quality"] == "fail" and report.quality["words"] > 0
    df = align.qa(tmp_path, checks=["rules"])
    assert df.attrs["quality"] == report.quality
    one = align.check_text(PAGE, checks=["rules"])
    assert one.attrs["documents"]["penalty_per_1k"] == report.documents["penalty_per_1k"][0]


def test_configuration_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "align.toml").write_text("quality_threshold = 1000\n[penalties]\nmajor = 10\n")
    loaded = load()
    assert loaded.config.penalties == {"critical": 25.0, "major": 10.0, "minor": 1.0, "info": 0.0}
    assert loaded.config.quality_threshold == 1000.0
    assert main(["config", "--show"]) == 0
    out = capsys.readouterr().out
    assert "[penalties]" in out
    assert any(line.startswith("major = 10.0") and "align.toml" in line for line in out.splitlines())
    assert any(line.startswith("minor = 1.0") and "default" in line for line in out.splitlines())
    # how a report is judged is not how it was made: the signature stays
    assert signature(loaded.config, ["x"])["hash"] == signature(DEFAULT, ["x"])["hash"]


@pytest.mark.parametrize("text", ["quality_threshold = -1\n", "quality_threshold = 'high'\n",
                                  "[penalties]\nsevere = 3\n", "[penalties]\nmajor = -5\n",
                                  "penalties = 3\n"])
def test_bad_settings_are_refused(tmp_path, text):
    (tmp_path / "align.toml").write_text(text)
    with pytest.raises(ConfigError):
        load(str(tmp_path / "align.toml"))


@pytest.mark.parametrize("threshold,code", [(None, 1), ("1000", 0)])
def test_fail_on_quality(tmp_path, monkeypatch, threshold, code):
    monkeypatch.chdir(tmp_path)
    if threshold:
        (tmp_path / "align.toml").write_text(f"quality_threshold = {threshold}\n")
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    assert main(["qa", "p.txt", "-o", "r.csv", "-q", "--checks", "rules",
                 "--fail-on", "quality"]) == code
