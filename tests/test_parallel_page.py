"""The ``parallel`` check: Chinese whose English translation is on the same
page becomes ``untranslated.has_translation``; Chinese without one stays
``untranslated.han_run``. Pages are built from ``bilingual_cases`` (our own
sentences)."""
from pathlib import Path

import pytest

from align.pair import embed
from align.detectors import select
from align.text.document import Document
from align.run.pipeline import check_document
from bilingual_cases import PAIRS, UNRELATED

SEEDS = Path(__file__).resolve().parent.parent / "data" / "seeds"


def rows_of(text):
    return check_document(Document("page.txt", text), select(["untranslated", "parallel"])).rows


def untranslated(text):
    return [(r["text"], r["rule"], r["severity"]) for r in rows_of(text)
            if r["category"] == "untranslated"]


# (page, index of the Chinese paragraph checked, rule expected for it)
CASES = [
    # fires: the translation follows its paragraph
    ("\n\n".join(f"{z}\n{e}" for z, e in PAIRS[:3]), 1, "untranslated.has_translation"),
    # fires: the Chinese block first, the English block after it
    ("\n\n".join([z for z, _ in PAIRS[5:8]] + [e for _, e in PAIRS[5:8]]), 7,
     "untranslated.has_translation"),
    # fires: the translation before the Chinese, among unrelated English
    (f"{UNRELATED[0]}\n{PAIRS[9][1]}\n{UNRELATED[1]}\n\n{PAIRS[9][0]}", 9,
     "untranslated.has_translation"),
    # must not fire: only unrelated English around the Chinese
    ("\n\n".join(UNRELATED[:3] + [PAIRS[10][0]] + UNRELATED[3:]), 10, "untranslated.han_run"),
    # must not fire: the English translates the other paragraphs only
    ("\n\n".join([PAIRS[0][0], PAIRS[0][1], PAIRS[3][0], PAIRS[1][1]]), 3,
     "untranslated.han_run"),
]


@pytest.mark.parametrize("page,k,rule", CASES)
def test_counterpart_found_or_not(page, k, rule):
    zh = PAIRS[k][0]
    got = {t: (r, s) for t, r, s in untranslated(page)}
    hits = [(r, s) for t, (r, s) in got.items() if t in zh and len(t) > 10]
    assert hits, got
    assert all(r == rule for r, _ in hits), hits
    assert all(s == ("minor" if rule.endswith("has_translation") else "major") for _, s in hits)


def test_counterpart_offsets_point_at_the_translation():
    zh, en = PAIRS[7]
    page = f"{UNRELATED[2]}\n\n{zh}\n\n{en}\n"
    (row,) = [r for r in rows_of(page) if r["rule"] == "untranslated.has_translation"]
    assert page[row["counterpart_start"]:row["counterpart_end"]] == en
    assert not [r for r in rows_of(page) if r["rule"] == "untranslated.han_run"]


@pytest.mark.parametrize("english,rule,side_text", [
    # fires: the translation gives another number
    (PAIRS[2][1].replace("12.5 million", "15 million"), "pair.number_added", "15 million"),
    (PAIRS[2][1].replace("12.5 million", "15 million"), "pair.number_missing", "1250万"),
])
def test_pair_gets_bilingual_checks(english, rule, side_text):
    page = f"{PAIRS[2][0]}\n\n{english}\n"
    rows = rows_of(page)
    hits = [r for r in rows if r["rule"] == rule]
    assert [r["text"] for r in hits] == [side_text]
    assert hits[0]["doc"] == "page.txt" and hits[0]["counterpart_end"] > 0


def test_faithful_pair_has_no_number_findings():
    page = f"{PAIRS[2][0]}\n\n{PAIRS[2][1]}\n"
    assert not [r for r in rows_of(page) if r["category"] == "number_mismatch"]


@pytest.mark.parametrize("text", [
    "An English page with no Chinese at all. It has two sentences.",
    "A name left in Chinese: 吴超 and nothing else to match.",
])
def test_model_not_loaded_without_long_han_runs(text, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("the embedding model was asked for")

    monkeypatch.setattr(embed, "get_embedder", boom)
    rows = rows_of(text)
    assert not [r for r in rows if r["rule"] == "internal.detector_error"]


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_spans_keep_their_rule(name):
    text = (SEEDS / name).read_text("utf-8").lstrip("\ufeff")
    rules = {r["rule"] for r in rows_of(text) if r["category"] == "untranslated"}
    assert "untranslated.has_translation" not in rules


# The counterpart is sought among the WINDOW English sentences either side of
# a passage: a translation further away on a long page is not looked at.
# (English sentences between the Chinese and its translation, each a unit.)
@pytest.mark.parametrize("between,rule", [
    (100, "untranslated.has_translation"),
    (300, "untranslated.han_run"),
])
def test_counterpart_sought_within_the_window(between, rule):
    from align.detectors.parallel import WINDOW

    assert 100 < WINDOW < 300
    zh, en = PAIRS[7]
    filler = [UNRELATED[k % len(UNRELATED)] for k in range(between)]
    page = "\n\n".join([zh, *filler, en]) + "\n"
    hits = [r for t, r, _ in untranslated(page) if t in zh and len(t) > 10]
    assert hits and set(hits) == {rule}


def _page_parts(text):
    from align.detectors.parallel import passages_and_units

    doc = Document("page.txt", text)
    return (doc, *passages_and_units(doc))


def test_each_passage_is_compared_with_its_window_only():
    """Structural: the candidates a passage is compared with lie within
    ``window`` English sentences of it, so their number is bounded per
    passage whatever the page's length; a page shorter than the window
    compares every passage with every candidate, as before windows."""
    from bisect import bisect_left

    from align.detectors import parallel

    paras = [p for pair in PAIRS for p in pair] + UNRELATED
    doc, passages, units = _page_parts("\n\n".join(paras * 8) + "\n")
    starts = [span[0] for _, span in units]
    window = 5
    per = parallel.compared(doc, passages, units, window)
    assert len(per) == len(passages) > 50 and len(units) > 20 * window
    width = max(j - i for cands in per for i, j in cands)
    for ((a, _), _), cands in zip(passages, per):
        pos = bisect_left(starts, a)
        assert cands and all(pos - window <= i < j <= pos + window for i, j in cands)
        assert len(cands) <= 2 * window * width
    everything = parallel.compared(doc, passages, units, len(units))
    assert all(c == everything[0] for c in everything)
    assert {u for i, j in everything[0] for u in range(i, j)} == set(range(len(units)))


def test_candidate_runs_are_capped():
    """A page-long Chinese line does not make every English sentence start
    a candidate per sentence of it."""
    from align.detectors import parallel

    long_line = "".join(z for z, _ in PAIRS) * 4
    english = " ".join(e for _, e in PAIRS * 3)  # one paragraph of 40 sentences
    doc, passages, units = _page_parts(f"{long_line}\n\n" + "\n\n".join([english] * 3))
    assert max(len(parallel._sentences(doc, p[0])) for p in passages) > parallel.MAX_RUN
    (cands,) = parallel.compared(doc, passages, units)
    assert max(j - i for i, j in cands) == parallel.MAX_RUN
