"""align.resources.wordfreqs.zipf is wordfreq's zipf_frequency, only faster to load."""
import random

import pytest

from align.resources.wordfreqs import zipf

wordfreq = pytest.importorskip("wordfreq")


def _sample():
    words = list(wordfreq.get_frequency_dict("en"))
    rng = random.Random(5)
    picked = rng.sample(words, 3000)
    # Case variants, words wordfreq has never seen, and forms the table
    # leaves to wordfreq itself (apostrophes, digits, accents, other scripts).
    picked += [w.capitalize() for w in picked[:500]] + [w.upper() for w in picked[:200]]
    picked += ["chuangwen", "zhonghua", "Xiaokang", "qwxzv", "don't", "COVID-19", "café",
               "naïve", "2022", "Москва", "中国", "", "a", "I", "e-mail", "U.S.",
               "0", "07", "11th", "1328", "2nd", "3rd", "21st", "9999th", "12345", "١٢"]
    return picked


@pytest.mark.parametrize("chunk", range(4))
def test_zipf_equals_wordfreq(chunk):
    words = _sample()[chunk::4]
    assert [zipf(w) for w in words] == [wordfreq.zipf_frequency(w, "en") for w in words]


@pytest.mark.parametrize("word,low,high", [("the", 7.0, 8.0), ("meeting", 4.5, 6.0),
                                            ("qwxzv", 0.0, 0.0)])
def test_zipf_scale(word, low, high):
    assert low <= zipf(word) <= high
