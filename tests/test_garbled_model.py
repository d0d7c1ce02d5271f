"""garbled_model: phrases close to a term's Chinese and far from its approved
English fire; faithful renderings, names and ordinary prose do not. All
sentences are constructed here (none is taken from the seed pages)."""
import pytest

import align
from align.detectors import expand

CHECK = ["garbled_model"]


def findings(text):
    df = align.check_text(text, checks=CHECK)
    return list(zip(df["text"], df["suggestion"], df["rule"])) if len(df) else []


# Renderings the rule-based calque check misses (looser than one gloss per
# piece, or a sense CC-CEDICT words differently).
FIRES = [
    ("We will find the break through mouth for reform of the port.", "break through mouth", "突破口"),
    ("Rural roads remain a short board of the county's development.", "short board", "短板"),
]


@pytest.mark.parametrize("text,span,zh", FIRES)
def test_fires(text, span, zh):
    from align.resources.termbase import load

    term = next(t for t in load(()) if t.zh == zh)
    got = findings(text)
    assert (span, term.suggestion, "garbled.model") in got, got
    df = align.check_text(text, checks=CHECK)
    assert set(df["severity"]) == {"major"}
    assert all(0 < c <= 0.85 for c in df["confidence"])


NOT_FIRES = [
    "Village secretaries act as pacesetters in rural revitalization.",
    "The city launched the national civilized city campaign to improve its image.",
    "We will find the breakthrough point for reform of the port.",
    "Wang Zhihua met Maoming Port Group staff in Binhai New Area.",
    "The company held a meeting on safety production and deepened reform.",
    "Party building and business operations must not become two separate things.",
    "Container throughput rose 8.6% year on year in the first quarter.",
    "Children wrote essays about wild geese flying south in autumn.",
]


@pytest.mark.parametrize("text", NOT_FIRES)
def test_not_fires(text):
    assert findings(text) == []


# Spans garbled_calque reports are left to it: one finding per rendering.
LEFT_TO_CALQUE = [
    "The secretaries of the village branches should play the role of head of the wild geese.",
    "The city launched the create writing work to improve its image.",
]


@pytest.mark.parametrize("text", LEFT_TO_CALQUE)
def test_left_to_calque(text):
    assert len(align.check_text(text, checks=["garbled_calque"])) == 1
    assert findings(text) == []


def test_no_model_without_candidates(monkeypatch):
    # A page with no phrase hinting at a term must not load the model.
    from align.pair import embed

    def boom(*a, **k):
        raise AssertionError("model loaded")

    monkeypatch.setattr(embed, "get_embedder", boom)
    assert findings("Container throughput rose 8.6% year on year in the first quarter.") == []


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
    text = " ".join(t for t, _, _ in FIRES) + " " + NOT_FIRES[2]
    first = findings(text)
    assert first == findings(text) == findings(text)
    assert {s for s, _, _ in first} >= {span for _, span, _ in FIRES}
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
