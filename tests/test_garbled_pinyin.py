"""garbled_pinyin beyond its cases (``tests/cases/garbled_pinyin.json``): the
run gate and memo find what reading every run finds."""
import pytest

from helpers import texts


def _page(seed):
    import random

    rng = random.Random(seed)
    parts = texts("garbled_pinyin", "fire") + texts("garbled_pinyin", "quiet") + [
        "中文。", "\n", "Chuangwen met Wang.", "Wang Chuangwen spoke.", "the zhengce of Dangjian City",
        "CHUANGWEN Group held it.", "Chuangwen's plan", "Xi'an Chuangwei", "Dangjian District 2020"]
    return " ".join(rng.choice(parts) for _ in range(60))


@pytest.mark.parametrize("seed", range(4))
def test_run_gate_and_memo_find_what_reading_every_run_finds(seed):
    # Names found in any run spare a word everywhere on the page, so the runs
    # the detector skips must not have held one that matters.
    from align.detectors.garbled_calque import latin_spans
    from align.detectors.garbled_pinyin import (_WORD_RE, GarbledPinyin, _matters, _Word,
                                                term_pinyin)
    from align.text.document import Document

    text = _page(seed)
    det = GarbledPinyin()
    lines = [(s, text[s:e], [_Word(m) for m in _WORD_RE.finditer(text[s:e]) if _matters(m.group())])
             for s, e in latin_spans(Document("p.txt", text))]
    names = set().union(*(det._names(run, words) for _, run, words in lines))
    # ... and so do the loanwords the page keeps (lower-case pinyin in three runs).
    cands = {w.term for _, _, words in lines for w in words if w.term}
    names |= det._loanwords([run for _, run, _ in lines], cands)
    terms = term_pinyin(())
    # ... and on a literary page only termbase pinyin counts.
    from align.detectors.garbled_calque.accept import literary

    loose = not literary([run for _, run, _ in lines])
    # CamelCase pinyin and numbers fused with pinyin are passes of their own
    # over every run, first.
    spans = latin_spans(Document("p.txt", text))
    want = [(f.start, f.end, f.suggestion)
            for f in det._camel([text[s:e] for s, e in spans], spans)]
    want += [(f.start, f.end, f.suggestion)
             for f in det._fused([text[s:e] for s, e in spans], spans)]
    want += [(f.start, f.end, f.suggestion) for s, run, words in lines
             for f in det._flag(run, words, names, terms, s, loose)]
    assert want
    for _ in range(2):  # the second time from the memo
        got = [(f.start, f.end, f.suggestion) for f in det.detect(Document("p.txt", text))]
        assert got == want
