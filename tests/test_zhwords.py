"""Chinese words: jieba loaded from its cache, and the name words of its
dictionary without jieba.posseg."""
import tempfile
from pathlib import Path

import pytest

from align.text import zhwords


def _posseg_names(text):
    import jieba.posseg as pseg

    zhwords._jieba()
    return [w.word for w in pseg.cut(text, HMM=False)
            if w.flag in zhwords.NAME_TAGS and len(w.word) >= 2]


@pytest.mark.parametrize("text", [
    # people, places and organizations among ordinary words
    "国务院总理李克强在北京会见了美国国务卿，双方就中美关系交换意见。",
    "王海燕来自广东省茂名市，现任茂名港集团董事长。",
    # blocks cut by Latin letters, digits, dots and spaces
    "2019年6月3日，上海.浦东 新区与A公司签约，深圳&香港#合作。",
    # no names; one character; empty
    "我们今天很高兴。", "京", "",
])
def test_names_are_posseg_name_words(text):
    assert list(zhwords.names(text)) == _posseg_names(text)


def test_names_on_seed_pages(seeds):
    pages = sorted(seeds.rglob("*.txt"))[:20]
    assert pages
    for page in pages:
        text = page.read_text("utf-8", errors="replace")[:6000]
        assert list(zhwords.names(text)) == _posseg_names(text), page.name


def test_name_words_come_back_from_the_index_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    zhwords._name_words.cache_clear()
    try:
        built = zhwords._name_words()
        assert "北京" in built and "我们" not in built
        assert list((tmp_path / "index").glob("jieba-names-*.marshal"))
        zhwords._name_words.cache_clear()
        assert zhwords._name_words() == built
    finally:
        zhwords._name_words.cache_clear()


@pytest.mark.parametrize("state,loads", [
    # a fresh tokenizer of the default dictionary, with jieba's cache file
    ({}, True),
    # already initialized, another dictionary, or its own cache file: left to jieba
    ({"initialized": True}, False),
    ({"dictionary": "/elsewhere/dict.txt"}, False),
    ({"cache_file": "other.cache"}, False),
])
def test_load_cached_reads_jiebas_cache(tmp_path, state, loads):
    import jieba

    zhwords._jieba()  # makes sure jieba's own cache file exists
    own = Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
    fresh = jieba.Tokenizer()
    fresh.tmp_dir = str(tmp_path)
    (tmp_path / "jieba.cache").write_bytes(own.read_bytes())
    for k, v in state.items():
        setattr(fresh, k, v)
    zhwords._load_cached(fresh, jieba.DEFAULT_DICT)
    assert bool(getattr(fresh, "FREQ", None)) is loads
    if loads:
        assert fresh.initialized and fresh.FREQ == jieba.dt.FREQ and fresh.total == jieba.dt.total


def test_load_cached_leaves_a_missing_or_broken_cache_to_jieba(tmp_path):
    import jieba

    for content in (None, b"not marshal", b"\xe9\x00"):
        fresh = jieba.Tokenizer()
        fresh.tmp_dir = str(tmp_path)
        if content is not None:
            (tmp_path / "jieba.cache").write_bytes(content)
        zhwords._load_cached(fresh, jieba.DEFAULT_DICT)
        assert not fresh.initialized


def test_names_memo_gives_the_same_words_and_stays_bounded(monkeypatch):
    text = "王海燕来自广东省茂名市。茂名港集团在北京。王海燕来自广东省茂名市。"
    want = _posseg_names(text)
    monkeypatch.setattr(zhwords, "BLOCKS", 2)
    zhwords._block_names.cache_clear()
    for _ in range(3):  # blocks cut, then remembered, then the memo refilled
        assert list(zhwords.names(text)) == want
        assert len(zhwords._block_names(zhwords._jieba().dt.total)) <= 2
