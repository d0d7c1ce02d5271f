"""garbled_model beyond its cases (``tests/cases/garbled_model.json``): the
model's confidence, when the model loads, its groups and its memos."""
import pytest

from align.detectors import expand
from helpers import cases, check, findings

CHECK = "garbled_model"


def test_model_findings_are_less_certain_than_the_rules():
    # Its cases fire as major findings, none with a confidence over 0.85.
    fired = 0
    for case in cases(CHECK):
        if case["expect"] == "fire":
            df = check(case["text"], CHECK)
            assert set(df["severity"]) == {"major"}
            assert all(0 < c <= 0.85 for c in df["confidence"]), case["text"]
            fired += len(df)
    assert fired


def test_no_model_without_candidates(monkeypatch):
    # A page with no phrase hinting at a term must not load the model.
    from align.pair import embed

    def boom(*a, **k):
        raise AssertionError("model loaded")

    monkeypatch.setattr(embed, "get_embedder", boom)
    assert findings("Container throughput rose 8.6% year on year in the first quarter.", CHECK) == []


def test_groups():
    # A model check: off the fast rules group, and not in the default set
    # because it did not improve the dev set (see docs/garbled.md).
    assert "garbled_model" not in expand(["rules"])
    assert "garbled_model" not in expand(["default"])
    assert "garbled_model" in expand(["models"])
    assert "garbled_model" in expand(["all"])


@pytest.mark.parametrize("runs,memo", [(4096, 8192), (1, 1), (0, 0)])
def test_memos_change_nothing_and_stay_bounded(monkeypatch, runs, memo):
    # The phrases' scores and the runs' candidates are remembered across
    # pages; a page seen again, or after the memos were emptied, reads the same.
    from align.detectors import garbled_model as gm

    monkeypatch.setattr(gm, "RUNS", runs)
    monkeypatch.setattr(gm, "MEMO", memo)
    monkeypatch.setattr(gm, "_RUNS", {})
    monkeypatch.setattr(gm, "_SCORES", {})
    fires = [c for c in cases(CHECK) if c["expect"] == "fire"]
    text = " ".join(c["text"] for c in fires) + " We will find the breakthrough point for reform of the port."
    first = findings(text, CHECK)
    assert first == findings(text, CHECK) == findings(text, CHECK)
    assert {s for s, _, _ in first} >= {c["span"] for c in fires}
    assert all(len(d) <= max(runs, 1) for d in gm._RUNS.values())
    assert all(len(d) <= max(memo, 1) + gm.MAX_CANDIDATES for d in gm._SCORES.values())


@pytest.mark.parametrize("words", [
    ("o'clock", "work", "geese", "xyzzyq"),  # outside wordfreqs' table, common, rare, unseen
    (),
])
def test_hint_zipfs_are_wordfreqs_and_come_back_from_the_index_cache(tmp_path, monkeypatch, words):
    from align.detectors import garbled_model as gm
    from align.resources.wordfreqs import zipf

    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    want = {w: zipf(w) for w in words}
    assert gm._zipfs(words) == want
    assert list((tmp_path / "index").glob("hint-zipf-*.marshal"))
    monkeypatch.setattr("align.resources.wordfreqs.zipf", lambda w: 1 / 0)
    assert gm._zipfs(words) == want  # read back, nothing asked again
