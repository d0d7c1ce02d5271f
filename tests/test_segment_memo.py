"""The segmenter's memos and fast paths change nothing.

``segment`` memoizes a paragraph's sentence spans and Punkt's decision at each
candidate boundary, finds Chinese sentence ends with a pattern that opens with
one character class, and strips chunks with ``str.strip``. Each is held here
to a reference: the segmenter as it was before them, with a fresh Punkt
tokenizer that memoizes nothing.
"""
import random
import re
import sys
from pathlib import Path

import pytest

from align.text import segment as seg
from align.text.scripts import HAN

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"

# -- The reference: segment.py before the memos, on plain Punkt --------------

_OLD_ZH_END_RE = re.compile(
    f"(?:[\u3002\uff01\uff1f\uff1b]+"
    f"|[!?;.](?<=[{HAN}{seg._CLOSERS}][!?;.])[!?;.]*(?![\\d.]))[{seg._CLOSERS}]*"
)


@pytest.fixture(scope="module")
def plain():
    import punkt

    tok = punkt.PunktSentenceTokenizer(punkt.load_model("english"))
    assert type(tok) is punkt.PunktSentenceTokenizer
    return tok


def _old_strip(text, s, e):
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def reference(text, tok):
    """``segment(text)`` as (index, start, end, paragraph) tuples, the old way."""
    out = []
    for p, (start, end) in enumerate(seg.paragraphs(text)):
        pieces, pos = [], start
        for m in _OLD_ZH_END_RE.finditer(text, start, end):
            pieces.append((pos, m.end()))
            pos = m.end()
        if pos < end:
            pieces.append((pos, end))
        for s, e in pieces:
            chunk = text[s:e]
            ends = chunk.count(".") + chunk.count("!") + chunk.count("?")
            body = chunk.rstrip()
            trailing = len(body) - len(body.rstrip(".!?"))
            if ends and ends != trailing:
                spans = [(s + a, s + b) for a, b in tok.span_tokenize(chunk)]
            else:
                spans = [(s, e)]
            for a, b in spans:
                a, b = _old_strip(text, a, b)
                if a < b:
                    out.append((len(out), a, b, p))
    return out


def check(text, tok):
    got = seg.segment(text)
    assert [tuple(s) for s in got] == reference(text, tok), repr(text[:200])
    assert all(type(s) is seg.Segment for s in got)
    return got


# -- Texts --------------------------------------------------------------------

TRICKY = [
    "Huawei Co. Ltd. signed it. The U.S. agreed.",
    "Apple Inc. and Foo Co. Ltd. met in the U.S. on Jan. 5. Talks ended.",
    "He paused... Then spoke. Wait . . . what?",
    "Really!!! I mean it!! Yes?! No?",
    "Wow!!!",
    "...",
    "He said \"Stop.\" Then left. (See below.) [Note.] 'Quoted.' Next.",
    "(Hi there.) Bye. “Done.” ‘And then.’ Fine.",
    "Dr. Smith met Mr. J. Bach at 5 p.m. yesterday. It rained.",
    "See No. 5 and no. Absolutely not. Fig. 3 shows it.",
    "Growth was 5.2 percent. Costs fell 3.1%. Version 1.2.3 shipped.",
    "他说：“我们走吧。”然后离开了！The U.S. agreed. 好吗？好。",
    "会议于2023年召开。The meeting ended. 然后呢？Nothing!!! 完。",
    "中文句子。English sentence here. 另一句！Another one? 最后；Done.",
    "好!然后.再说?还有;结束.",
    "“好”.然后”!还有）?结束」;",
    "版本1.5。下一句.2 是数字",
    "中!.5 ok. 中!..x 中..",
    "a\u3000b. c\u00a0d. e\u2003f!",
    "  \t Leading and trailing spaces. Second one.   ",
    "e.g. this. i.e. that. etc. And so on.",
    "Mr.", "U.S.", "Co. Ltd.", ". . .", "!?!?", "。。。", "?", ".", "a.b.c. d",
    "Line one. Two\nLine three! Four\r\nFive? Six\u2028Seven. Eight\u2029Nine.",
    "",
    " \n\n \r\n",
]

PARTS = [
    "Hello world. ", "It rose. Then it fell! ", "Dr. Smith went home. ", "The U.S. agreed. ",
    "Huawei Co. Ltd. ", "signed it", "... ", "!!! ", "?! ", "\"Stop.\" ", "(See below.) ",
    "5.2 percent. ", "No. 5 ", "e.g. ", "J. Bach ", "中文句子。", "再来一句！", "真的吗？", "是；",
    "“引用。”", "（括号）。", "好.", "好!", "”.", "2023年", " ", "  ", "\n", "\n\n", "\r\n",
    "\u2028", "\t", "\u3000", "a", "。", ".", "!", "?", ";", "Mr. ", "x ", "Then ",
]


def random_texts(seed, n=200, size=30):
    rng = random.Random(seed)
    return ["".join(rng.choice(PARTS) for _ in range(rng.randint(0, size))) for _ in range(n)]


def seed_texts():
    return [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]


def corpus_texts(tmp_path, n=40):
    """Pages of the benchmark corpus (text, GB18030, HTML), decoded as qa does."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from align.read.files import collect, read_source

    generate(tmp_path / "pages", n)
    sources, _ = collect([str(tmp_path / "pages")])
    return [read_source(src).text for src in sources]


@pytest.fixture
def fresh_memos():
    """A new tokenizer, so new memos, for this test only."""
    seg._punkt.cache_clear()
    yield seg._punkt()
    seg._punkt.cache_clear()


# -- Differential tests ---------------------------------------------------------


def test_the_tokenizer_is_memoized_and_still_punkt():
    import punkt

    tok = seg._punkt()
    assert isinstance(tok, punkt.PunktSentenceTokenizer)
    assert type(tok) is not punkt.PunktSentenceTokenizer
    assert isinstance(tok.decisions, seg._Memo)
    assert isinstance(tok.paragraph_spans, seg._Memo)


def test_the_memos_go_with_the_tokenizer():
    seg.segment("Dr. Smith went home. He was tired.")
    tok = seg._punkt()
    assert tok.paragraph_spans and tok.decisions
    seg._punkt.cache_clear()
    assert seg._punkt() is not tok
    assert not seg._punkt().paragraph_spans and not seg._punkt().decisions


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_text(text, plain, fresh_memos):
    first = check(text, plain)
    assert check(text, plain) == first  # again, from the memos


def test_seed_pages(plain, fresh_memos):
    texts = seed_texts()
    assert len(texts) >= 5
    for _ in range(2):  # cold memos, then warm
        for text in texts:
            check(text, plain)


def test_benchmark_pages(plain, fresh_memos, tmp_path):
    for text in corpus_texts(tmp_path):
        check(text, plain)


@pytest.mark.parametrize("seed", range(4))
def test_random_text(seed, plain, fresh_memos):
    texts = random_texts(seed)
    for text in texts + texts[::-1]:  # every paragraph and context met again
        check(text, plain)


@pytest.mark.parametrize("text", TRICKY + random_texts(9, n=40))
def test_split_sentences_anywhere_in_a_text(text, plain):
    """split_sentences itself (no paragraph memo) on a paragraph where it lies."""
    for p, (s, e) in enumerate(seg.paragraphs(text)):
        want = [(a, b) for _, a, b, q in reference(text, plain) if q == p]
        assert seg.split_sentences(text, s, e) == want


# -- The Chinese sentence-end pattern ------------------------------------------

ALPHABET = "中文好。！？；!?;..5x ”’」』）》】)\"'\u3000\n"


@pytest.mark.parametrize("seed", range(3))
def test_zh_end_pattern_matches_as_before(seed):
    rng = random.Random(seed)
    texts = ["".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    texts += seed_texts() + TRICKY
    for text in texts:
        assert ([m.span() for m in seg._ZH_END_RE.finditer(text)]
                == [m.span() for m in _OLD_ZH_END_RE.finditer(text)]), repr(text)
        if len(text) > 2:  # with bounds, as split_sentences searches
            a, b = 1, len(text) - 1
            assert ([m.span() for m in seg._ZH_END_RE.finditer(text, a, b)]
                    == [m.span() for m in _OLD_ZH_END_RE.finditer(text, a, b)]), repr(text)


# -- The memos ------------------------------------------------------------------


def _counting_tokenizer(entries=4096, budget=1 << 18):
    """A memoized tokenizer over a Punkt that counts the decisions it makes."""
    import punkt

    class Counting(punkt.PunktSentenceTokenizer):
        __slots__ = ("asked",)

        def _context_has_sentbreak(self, context):
            self.asked.append(context)
            return super()._context_has_sentbreak(context)

    tok = seg._memoizing(Counting)(punkt.load_model("english"))
    tok.decisions = seg._Memo(entries, budget)
    tok.asked = []
    return tok


def test_decision_memo_is_hit(plain):
    tok = _counting_tokenizer()
    text = "Huawei Co. Ltd. signed it. The U.S. agreed. Dr. Smith went home. He was tired."
    spans = list(plain.span_tokenize(text))
    assert list(tok.span_tokenize(text)) == spans
    asked = len(tok.asked)
    assert asked == len(set(tok.asked)) > 0
    for _ in range(3):
        assert list(tok.span_tokenize(text)) == spans
    assert len(tok.asked) == asked  # every later decision from the memo


@pytest.mark.parametrize("entries,budget", [(1, 1 << 18), (3, 1 << 18), (64, 40), (4096, 1 << 18)])
def test_decision_memo_overflow(entries, budget, plain):
    tok = _counting_tokenizer(entries, budget)
    for text in random_texts(5, n=100) + TRICKY:
        assert list(tok.span_tokenize(text)) == list(plain.span_tokenize(text)), repr(text)
        assert len(tok.decisions) <= entries
        assert tok.decisions.used == sum(map(len, tok.decisions)) <= budget


@pytest.mark.parametrize("entries,budget", [(1, 1 << 20), (4, 1 << 20), (4096, 200), (16, 1000)])
def test_paragraph_memo_overflow(entries, budget, plain, fresh_memos):
    memo = fresh_memos.paragraph_spans = seg._Memo(entries, budget)
    texts = random_texts(6, n=150)
    for text in texts + texts[:50] + seed_texts():
        check(text, plain)
        assert len(memo) <= entries
        assert memo.used == sum(len(k) + 64 * len(v) for k, v in memo.items()) <= budget


def test_memo_keeps_no_entry_larger_than_its_budget():
    memo = seg._Memo(10, 5)
    memo.put("abc", 1, 3)
    memo.put("x", 2, 6)
    assert dict(memo) == {"abc": 1} and memo.used == 3
    memo.put("de", 3, 2)
    assert dict(memo) == {"abc": 1, "de": 3} and memo.used == 5
    memo.put("f", 4, 1)  # over budget: emptied first
    assert dict(memo) == {"f": 4} and memo.used == 1
    for i in range(25):
        memo.put(str(i), i, 0)
        assert len(memo) <= 10


def test_memos_stay_bounded_on_a_long_corpus(fresh_memos):
    """Many more distinct paragraphs and contexts than the memos hold."""
    rng = random.Random(1)
    words = ["alpha", "Beta", "gamma", "Delta", "Co.", "Ltd.", "U.S.", "etc.", "No.", "Mr."]
    for i in range(12000):
        w = rng.sample(words, 4)
        seg.segment(f"{w[0]}{i}. {w[1]} {w[2]}{i % 997}. {w[3]} x{i}! 中文{i}。好.")
    tok = fresh_memos
    assert 0 < len(tok.paragraph_spans) <= 4096
    assert tok.paragraph_spans.used <= tok.paragraph_spans.budget == 1 << 19
    assert 0 < len(tok.decisions) <= 4096
    assert tok.decisions.used <= tok.decisions.budget == 1 << 18


def test_a_punkt_without_the_private_hook_decides_unmemoized():
    class Future:  # a punkt whose tokenizer has no _context_has_sentbreak
        def span_tokenize(self, text):
            return iter([(0, len(text))])

    cls = seg._memoizing(Future)
    assert issubclass(cls, Future) and "_context_has_sentbreak" not in vars(cls)
    tok = cls()
    assert list(tok.span_tokenize("a. B")) == [(0, 4)]
    assert isinstance(tok.paragraph_spans, seg._Memo)


def test_paragraph_memo_is_hit(plain, fresh_memos, monkeypatch):
    calls = []
    split = seg.split_sentences

    def counting(text, start, end):
        calls.append(text[start:end])
        return split(text, start, end)

    monkeypatch.setattr(seg, "split_sentences", counting)
    page = "Home | News | Contact\n\nDr. Smith went home. He was tired.\n中文句子。再来一句！\n"
    first = check(page, plain)
    assert len(calls) == 3
    # The same lines elsewhere on another page: offsets move, nothing is split again.
    other = "Intro.\n  " + page.replace("\n\n", "\n \t\n")
    check(other, plain)
    assert calls[3:] == ["Intro."]
    assert [(s.end - s.start) for s in check(other, plain)][1:] == [s.end - s.start for s in first]
