"""pinyin_annotation's verdict memo, keyed by one slice of the text, gives
the verdict of the parenthesis as ``_verdict`` reads it (randomized, the
memo kept across texts, parentheses near the start of a text)."""
import random

import pytest

from align.text.document import Document


def _plain(text):
    """The check as written before the memo: ``_verdict`` on the
    ``_BEFORE`` characters before each candidate and its content."""
    from align.detectors import pinyin_annotation as pa

    out = []
    for m in pa._CANDIDATE_RE.finditer(text):
        start = m.start()
        verdict = pa._verdict(text[max(0, start - pa._BEFORE):start], m.group(2))
        if verdict is pa._NAME and not pa._CHINESE_AFTER_RE.match(text, m.end()):
            continue
        if verdict is not None:
            out.append((m.start(), m.end(), verdict[0], verdict[1]))
    return out


_PARTS = ["會", "議", "書", "记者", "長", "了", "(", ")", "（", "）", "huì", "shū", "jìzhě", "le",
          "zhǎng", "cháng", "hui4", "Xi'an", "(huì )", "（huì）", "會(huì )", "記 (jì)", "(le)",
          " ", "  ", "\u3000", "\n", "Party", "2023", "a", "\u212a", "\u0130", "\u0131",
          "\uff12\uff10", "[", "]", "\u201c", "(Shū)", "(Huì)", "(hui4 yi)", "。", "主义核心价值观"]


@pytest.mark.parametrize("seed", range(3))
def test_memo_gives_the_verdict_of_each_parenthesis(seed):
    from align.detectors.pinyin_annotation import _VERDICTS, PinyinAnnotation

    rng = random.Random(seed)
    det = PinyinAnnotation()
    _VERDICTS.clear()
    hits = 0
    for _ in range(3000):
        # Short texts too: a parenthesis fewer than ``_BEFORE`` characters in
        # has a shorter key, which must not meet a longer one's.
        text = "".join(rng.choice(_PARTS) for _ in range(rng.randint(1, 14)))
        want = _plain(text)
        for _ in range(2):
            got = [(f.start, f.end, f.rule, f.confidence) for f in det.detect(Document("t", text))]
            assert got == want, text
        hits += bool(want)
    assert hits > 300


@pytest.mark.parametrize("texts", [
    # the same slice at the start of a text and further in
    ["會(huì)", "xxxxxx會(huì)", "會(huì)"],
    ["a會(le)", "會(le)", "bb會 (le)", "會 (le)"],
    ["書記書記書記(shū)", "記書記(shū)", "記(shū)"],
    ["(le)(le)", "了(le)(le)", "了了了了了了(le)(le)"],
])
def test_keys_near_the_start(texts):
    from align.detectors.pinyin_annotation import _VERDICTS, PinyinAnnotation

    det = PinyinAnnotation()
    _VERDICTS.clear()
    for text in texts + texts[::-1]:
        got = [(f.start, f.end, f.rule, f.confidence) for f in det.detect(Document("t", text))]
        assert got == _plain(text), text


def test_memo_is_bounded():
    from align.detectors.pinyin_annotation import _VERDICTS, _VERDICTS_SIZE, PinyinAnnotation

    det = PinyinAnnotation()
    for n in range(_VERDICTS_SIZE + 100):
        list(det.detect(Document("t", f"{n:08d}會(huì)")))
        assert len(_VERDICTS) <= _VERDICTS_SIZE
