"""punctuation beyond its cases (``tests/cases/punctuation.json``): the one
pass finds what each pattern finds."""
import pytest

def _reference(text):
    # The marks as first checked: one pattern at a time, the address test on
    # the token cut out around the mark.
    import re

    from align.detectors import punctuation as pu

    space = re.compile(r"\s")

    def in_url(pos, reach=80):
        left = text[max(0, pos - reach):pos]
        right = text[pos:pos + reach]
        spaces = list(space.finditer(left))
        left = left[spaces[-1].end():] if spaces else left
        m = space.search(right)
        return bool(pu._URLISH_RE.search(left + (right[:m.start()] if m else right)))

    out = [m.span() for m in pu._FULLWIDTH_RE.finditer(text)]
    out += [m.span() for m in pu._OPEN_FULLWIDTH_RE.finditer(text)]
    out += [m.span() for m in pu._GLUED_RE.finditer(text) if not in_url(m.start())]
    return out


@pytest.mark.parametrize("seed", range(3))
def test_one_pass_finds_what_each_pattern_finds(seed):
    import random

    from align.detectors.punctuation import Punctuation
    from align.text.document import Document

    rng = random.Random(seed)
    parts = ["word", "At", "the", "a", "b", "U.S.", " ", "\t", "\n", "\u3000", "\xa0", ".", ",", ";",
             ":", "!", "?", "\u3002", "\uff0c", "\uff1b", "\uff09", "\uff08", "\u201c", "\u201d",
             "\u2019", ")", "]", "2", "%", "www.", "http:", "@", ".com", "/", "中文", "Ab"]
    det = Punctuation()
    hits = 0
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 40)))
        doc = Document("t", text)
        got = [(f.start, f.end) for f in det.detect(doc) if f.rule != "punctuation.quote_spacing"]
        want = _reference(text) if doc.language != "zh" else []
        assert got == want, text
        hits += bool(want)
    assert hits > 1000
