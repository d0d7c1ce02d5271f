"""garbled_echo: collapsed synonyms and repeats fire; deliberate repetition never does."""
import pytest

import align


def spans(text):
    df = align.check_text(text, checks=["garbled_echo"])
    return list(df["text"]) if len(df) else []


FIRES = [
    ("so as to treat both the root causes and the root causes.", "both the root causes and the root causes"),
    ("We strengthened supervision and supervision work.", "supervision and supervision"),
    ("In the afternoon of the afternoon, the group met.", "the afternoon of the afternoon"),
    ("The reform and the reform of enterprises went on.", "The reform and the reform"),
    ("They discussed the the plan.", "the the"),
    ("Patrol or patrol, it was done.", "Patrol or patrol"),
]


@pytest.mark.parametrize("text,span", FIRES)
def test_fires(text, span):
    got = spans(text)
    assert span in got, got
    df = align.check_text(text, checks=["garbled_echo"])
    assert set(df["severity"]) == {"minor"}


NOT_FIRES = [
    "More and more people came.",
    "We tried again and again.",
    "Step by step, the work advanced.",
    "They met face to face, one by one, day by day.",
    "It grew bigger and bigger, better and better.",
    "The best of the best were chosen.",
    "Over and over the bell rang, on and on.",
    "He said that that was enough.",
    "Year after year, side by side, hand in hand.",
    "The clock went tock tock.",
    "Little Yao Yao laughed.",
    "Wang Zhihua met Maoming Port Group staff in Binhai New Area.",
]


@pytest.mark.parametrize("text", NOT_FIRES)
def test_not_fires(text):
    assert spans(text) == []


def _page(seed):
    """A page of the sentences above, shuffled, with Chinese, line breaks and
    repeated runs between them."""
    import random

    rng = random.Random(seed)
    parts = [t for t, _ in FIRES] + NOT_FIRES + ["中文。", "\n", "the root cause 和 the root cause"]
    return " ".join(rng.choice(parts) for _ in range(80))


@pytest.mark.parametrize("seed", range(3))
def test_run_gate_and_memo_find_what_reading_every_run_finds(seed):
    from align.detectors.garbled_calque import latin_spans
    from align.detectors.garbled_echo import GarbledEcho
    from align.text.document import Document

    text = _page(seed)
    det = GarbledEcho()
    want = [(s + a, s + b, conf) for s, e in latin_spans(Document("p.txt", text))
            for a, b, conf, _ in det._run(text[s:e])]
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
