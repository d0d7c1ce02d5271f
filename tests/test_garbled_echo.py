"""garbled_echo beyond its cases (``tests/cases/garbled_echo.json``): the run
gate and memo find what reading every run finds."""
import pytest

from helpers import texts


def _page(seed):
    """A page of the check's cases, shuffled, with Chinese, line breaks and
    repeated runs between them."""
    import random

    rng = random.Random(seed)
    parts = texts("garbled_echo", "fire") + texts("garbled_echo", "quiet") + [
        "中文。", "\n", "the root cause 和 the root cause"]
    return " ".join(rng.choice(parts) for _ in range(80))


@pytest.mark.parametrize("seed", range(3))
def test_run_gate_and_memo_find_what_reading_every_run_finds(seed):
    from align.detectors.garbled_calque import latin_spans
    from align.detectors.garbled_echo import GarbledEcho
    from align.text.document import Document

    from align.detectors.garbled_calque.accept import literary as reads_literary
    from align.detectors.garbled_echo import _LISTED

    text = _page(seed)
    det = GarbledEcho()
    spans = latin_spans(Document("p.txt", text))
    # A literary page keeps no word listed three times.
    literary = reads_literary([text[s:e] for s, e in spans])
    want = [(s + a, s + b, conf) for s, e in spans
            for a, b, conf, note in det._run(text[s:e])
            if not (literary and note.startswith(_LISTED))]
    assert want
    for _ in range(2):  # the second time from the memo
        got = [(f.start, f.end, f.confidence) for f in det.detect(Document("p.txt", text))]
        assert got == want


def _relevant_per_token(runs):
    # _relevant as first written: the tokens lower-cased one by one.
    from bisect import bisect_left
    from itertools import compress, islice
    from operator import eq

    from align.text.english import separators
    from align.detectors.garbled_echo import _ARTICLES, _CONNECTORS, _WORD_RE, MAX_WORDS

    if not runs:
        return []
    toks = _WORD_RE.findall("[".join(runs))
    lows = list(map(str.lower, toks))
    n = len(lows)
    hits = list(compress(range(1, n), map(eq, lows, islice(lows, 1, None))))
    hits += compress(range(2, n), map(eq, lows, islice(lows, 2, None)))
    for i in compress(range(n), map(_CONNECTORS.__contains__, lows)):
        r = i + 1
        while r < n and lows[r] in _ARTICLES:
            r += 1
        if r < n and lows[r] in lows[max(0, i - MAX_WORDS):i]:
            hits.append(i)
    if not hits:
        return []
    seps = separators(toks)
    if len(seps) != len(runs) - 1:
        return list(range(len(runs)))
    return sorted({bisect_left(seps, i) for i in hits})


@pytest.mark.parametrize("seed", range(3))
def test_relevant_runs_lowering_the_whole_page(seed):
    import random

    from align.detectors.garbled_echo import _relevant

    rng = random.Random(seed)
    words = ["the", "The", "root", "ROOT", "and", "And", "of", "a", "step-by-step", "O\u2019Neil",
             "o\u2019neil", "\u212a", "k", "\u0130", "i\u0307", "\u0131", "[", "]", ",", "x"]
    for _ in range(2000):
        runs = [" ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
                for _ in range(rng.randint(0, 4))]
        assert _relevant(runs) == _relevant_per_token(runs), runs
