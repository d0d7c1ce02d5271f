"""``pairing.pair_fingerprints`` scores bands of pages with a matrix product
and re-scores near-ties exactly: it must choose what the whole matrix of
``pairing.score`` chooses, ties to the first page included."""
import numpy as np
import pytest

from align.run import pairing


def brute(zh, en):
    """The definition: the full score matrix, mutual argmax, threshold."""
    S = np.array([[pairing.score(z, e) for e in en] for z in zh])
    best_en, best_zh = S.argmax(1), S.argmax(0)
    return [(zh[i].doc, en[j].doc, float(S[i, j])) for i, j in enumerate(best_en)
            if best_zh[j] == i and S[i, j] >= pairing.THRESHOLD]


def pages(seed, n_zh, n_en, dup):
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(max(n_zh, n_en), 16)).astype(np.float32)
    nums = [frozenset(f"{rng.integers(10, 40)}" for _ in range(rng.integers(0, 4)))
            for _ in range(len(topics))]
    names = [frozenset(f"n{rng.integers(0, 30)}" for _ in range(rng.integers(0, 5)))
             for _ in range(len(topics))]

    def fp(doc, lang, t, noise):
        v = topics[t] + noise * rng.normal(size=16).astype(np.float32)
        v = (v / np.linalg.norm(v)).astype(np.float32)
        return pairing.Fingerprint(doc, lang, v, nums[t], names[t])

    zh = [fp(f"z{i}", "zh", i % len(topics), 0.9) for i in range(n_zh)]
    en = [fp(f"e{j}", "en", (3 * j) % len(topics), 0.9) for j in range(n_en)]
    # exact copies (the same page twice): ties that the first page must win
    for k in range(dup):
        zh.append(pairing.Fingerprint(f"zc{k}", "zh", zh[k].vector.copy(), zh[k].numbers, zh[k].names))
        en.insert(0, pairing.Fingerprint(f"ec{k}", "en", en[k].vector.copy(), en[k].numbers,
                                         en[k].names))
    return zh, en


@pytest.mark.parametrize("seed,n_zh,n_en,dup,band", [
    (0, 1, 1, 0, 1 << 17),
    (1, 12, 30, 0, 1 << 17),
    (2, 30, 12, 3, 1 << 17),
    (3, 40, 40, 5, 7),      # bands of one row: column bests carried across bands
    (4, 25, 60, 4, 64),
    (5, 60, 25, 0, 100),
])
def test_same_pairs_as_the_full_matrix(monkeypatch, seed, n_zh, n_en, dup, band):
    monkeypatch.setattr(pairing, "_BAND", band)
    zh, en = pages(seed, n_zh, n_en, dup)
    assert pairing.pair_fingerprints(zh, en) == brute(zh, en)


def test_no_pages_no_pairs():
    zh, en = pages(0, 3, 3, 0)
    assert pairing.pair_fingerprints(zh, []) == []
    assert pairing.pair_fingerprints([], en) == []
