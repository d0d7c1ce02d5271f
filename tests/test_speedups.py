"""The ``align`` command's speed-ups (``align.run.speedups``): each gives
what the plain way gives, and a program that only imports align never runs
one of them."""
import gc
import re
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest

from align.run import speedups
from align.run.speedups import loading, settle_young
from align.text.scripts import HAN, LATIN

# -- A notebook never reaches them ---------------------------------------------

_NOTEBOOK = """
import gc, sys
import _sre
from re import _compiler

calls = []

def spy(owner, name):
    real = getattr(owner, name)
    def call(*args, **kwargs):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if caller.startswith("align"):
            calls.append(f"{caller}: {name}")
        return real(*args, **kwargs)
    setattr(owner, name, call)

for name in ("freeze", "unfreeze", "disable", "set_threshold"):
    spy(gc, name)
spy(_compiler, "_code")
spy(_sre, "compile")

import align
text = "On June 3 the company held its meeting; two thousand and nineteen. 公司召开会议。電(diàn)話\\n"
df = align.check_text(text * 3, checks=["rules"])
assert len(df), "no findings"
from align.core import recache
from align.text import zhwords
assert recache.programs is None and zhwords.preload is None
print("\\n".join(calls))
"""


def test_check_text_in_a_notebook_runs_none_of_them(tmp_path):
    env = {"ALIGN_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.run([sys.executable, "-c", _NOTEBOOK], capture_output=True, text=True,
                          env={**__import__("os").environ, **env}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == ""


# -- Compiled regular expressions ------------------------------------------------

PATTERNS = [
    (f"[{HAN}]+", 0),
    (f"(?P<zh>[{HAN}]+)|(?P<latin>[{LATIN}]+)", 0),
    (r"(?<![\w-])(?P<m>\d{1,2})[ \t]+month(?![\w-])", re.I),
    (r"(?i:copyright)|\(c\)\s*\d{4}", 0),
    (r"\d+  # digits", re.X),
    (r"^a.b$", re.M | re.S),
    (r"(a)(b)?(?(2)c|d)", 0),
]


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ALIGN_NO_INDEX_CACHE", raising=False)
    return tmp_path


def same(a, b):
    # Pattern equality compares the flags and the compiled program.
    return (a == b and a.pattern == b.pattern and a.flags == b.flags
            and a.groups == b.groups and a.groupindex == b.groupindex)


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_compiled_as_re_compiles(cache_dir, pattern, flags):
    assert same(speedups.Programs().get(pattern, int(flags)), re.compile(pattern, flags))


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_recache_compiles_with_re_or_the_installed_store(monkeypatch, cache_dir, pattern, flags):
    from align.core import recache

    monkeypatch.setattr(recache, "programs", None)
    assert same(recache.compile(pattern, flags), re.compile(pattern, flags))
    monkeypatch.setattr(recache, "programs", speedups.Programs().get)
    assert same(recache.compile(pattern, flags), re.compile(pattern, flags))


def test_kept_between_processes(cache_dir):
    first = speedups.Programs()
    for p, f in PATTERNS:
        first.get(p, int(f))
    first.save()
    assert list((cache_dir / "index").glob("regex-*.marshal"))
    again = speedups.Programs()
    for p, f in PATTERNS:
        assert same(again.get(p, int(f)), re.compile(p, f))
    assert again.new == {}  # every program came from the file


def test_a_damaged_file_or_program_falls_back_to_re(cache_dir):
    first = speedups.Programs()
    first.get(*PATTERNS[0])
    first.save()
    (path,) = (cache_dir / "index").glob("regex-*.marshal")
    again = speedups.Programs()
    again.get("x", 0)  # loads the file
    key = (PATTERNS[0][0], 0)
    flags, code, *rest = again.cache[key]
    again.cache[key] = (flags, [0xFFFF] + code[1:], *rest)  # not a program
    assert again.get(*PATTERNS[0]) is None  # then re.compile, as recache does
    path.write_bytes(b"\x00garbage")
    assert same(speedups.Programs().get(*PATTERNS[1]), re.compile(*PATTERNS[1]))


def test_only_the_process_that_loaded_it_writes(cache_dir):
    store = speedups.Programs()
    store.get(*PATTERNS[0])
    store.owner = -1  # as in a forked worker
    store.save()
    assert not list((cache_dir / "index").glob("regex-*.marshal"))


# -- jieba's dictionary ------------------------------------------------------------


def _fresh_jieba(tmp_path, state):
    import jieba

    from align.text import zhwords

    zhwords._jieba()  # makes sure jieba's own cache file exists
    own = Path(jieba.dt.tmp_dir or tempfile.gettempdir()) / "jieba.cache"
    fresh = jieba.Tokenizer()
    fresh.tmp_dir = str(tmp_path)
    (tmp_path / "jieba.cache").write_bytes(own.read_bytes())
    for k, v in state.items():
        setattr(fresh, k, v)
    return types.SimpleNamespace(dt=fresh, DEFAULT_DICT=jieba.DEFAULT_DICT)


@pytest.mark.parametrize("state,loads", [
    # a fresh tokenizer of the default dictionary, with jieba's cache file
    ({}, True),
    # already initialized, another dictionary, or its own cache file: left to jieba
    ({"initialized": True}, False),
    ({"dictionary": "/elsewhere/dict.txt"}, False),
    ({"cache_file": "other.cache"}, False),
])
def test_preload_reads_jiebas_cache(tmp_path, state, loads):
    import jieba

    fake = _fresh_jieba(tmp_path, state)
    speedups.preload_jieba(fake)
    fresh = fake.dt
    assert bool(getattr(fresh, "FREQ", None)) is loads
    if loads:
        assert fresh.initialized and fresh.FREQ == jieba.dt.FREQ and fresh.total == jieba.dt.total


def test_preload_leaves_a_missing_or_broken_cache_to_jieba(tmp_path):
    import jieba

    for content in (None, b"not marshal", b"\xe9\x00"):
        fresh = jieba.Tokenizer()
        fresh.tmp_dir = str(tmp_path)
        if content is not None:
            (tmp_path / "jieba.cache").write_bytes(content)
        speedups.preload_jieba(types.SimpleNamespace(dt=fresh, DEFAULT_DICT=jieba.DEFAULT_DICT))
        assert not fresh.initialized


# -- The collector ------------------------------------------------------------------


class Box:
    """A container the collector tracks and tests can find."""


def _generation_of(obj):
    for gen in range(3):
        if any(o is obj for o in gc.get_objects(generation=gen)):
            return gen
    return None  # frozen, or not tracked


@pytest.mark.parametrize("enabled", [True, False])
def test_what_a_block_loads_is_old_and_the_collector_as_it_was(enabled):
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with loading():
            assert not gc.isenabled()
            table = Box()
            assert _generation_of(table) == 0
        assert _generation_of(table) == 2
        assert gc.isenabled() == enabled
        assert gc.get_freeze_count() == 0
    finally:
        (gc.enable if was else gc.disable)()


def test_the_collector_is_back_after_an_error():
    was = gc.isenabled()
    gc.enable()
    try:
        with pytest.raises(ZeroDivisionError), loading():
            1 / 0
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_a_callers_frozen_objects_stay_frozen():
    mine = Box()
    gc.freeze()
    try:
        assert gc.get_freeze_count()
        assert _generation_of(mine) is None
        young = Box()
        settle_young()
        # Still frozen: in no generation. (Not the freeze count: a thread an
        # earlier test left running may free frozen objects meanwhile.)
        assert _generation_of(mine) is None
        assert _generation_of(young) == 0  # left where it was
    finally:
        gc.unfreeze()
