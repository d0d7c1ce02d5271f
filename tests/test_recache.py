"""The compiled-pattern cache gives exactly what re.compile gives."""
import importlib
import re

import pytest

from align.text.scripts import HAN, LATIN

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
def recache(tmp_path, monkeypatch):
    """A fresh module state with its own cache folder."""
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ALIGN_NO_INDEX_CACHE", raising=False)
    from align.core import recache as mod

    return importlib.reload(mod)


def same(a, b):
    # Pattern equality compares the flags and the compiled program.
    return (a == b and a.pattern == b.pattern and a.flags == b.flags
            and a.groups == b.groups and a.groupindex == b.groupindex)


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_compiled_as_re_compiles(recache, pattern, flags):
    assert same(recache.compile(pattern, flags), re.compile(pattern, flags))


def test_kept_between_processes(recache, tmp_path):
    for p, f in PATTERNS:
        recache.compile(p, f)
    recache._save()
    assert list((tmp_path / "index").glob("regex-*.marshal"))
    again = importlib.reload(recache)
    for p, f in PATTERNS:
        assert same(again.compile(p, f), re.compile(p, f))
    assert again._new == {}  # every program came from the file


def test_a_damaged_file_or_program_falls_back_to_re(recache, tmp_path):
    recache.compile(*PATTERNS[0])
    recache._save()
    (path,) = (tmp_path / "index").glob("regex-*.marshal")
    again = importlib.reload(recache)
    again.compile("x", 0)  # loads the file
    key = (PATTERNS[0][0], 0)
    flags, code, *rest = again._cache[key]
    again._cache[key] = (flags, [0xFFFF] + code[1:], *rest)  # not a program
    assert same(again.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))
    path.write_bytes(b"\x00garbage")
    third = importlib.reload(recache)
    assert same(third.compile(*PATTERNS[1]), re.compile(*PATTERNS[1]))


def test_only_the_process_that_loaded_it_writes(recache, tmp_path, monkeypatch):
    recache.compile(*PATTERNS[0])
    monkeypatch.setattr(recache, "_owner", -1)  # as in a forked worker
    recache._save()
    assert not list((tmp_path / "index").glob("regex-*.marshal"))
