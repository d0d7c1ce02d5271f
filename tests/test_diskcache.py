"""The index cache: values round-trip, and stale files of a kind are pruned."""
import os
import time

import pytest

from align.core import diskcache as _diskcache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("ALIGN_NO_INDEX_CACHE", raising=False)
    return tmp_path / "index"


def test_round_trip(cache):
    name = _diskcache.key("thing", ("a", 1), (), ())
    assert _diskcache.get(name) is None
    _diskcache.put(name, {"x": (1, 2.5, "三")})
    assert _diskcache.get(name) == {"x": (1, 2.5, "三")}


@pytest.mark.parametrize("age_days,kind,kept", [
    (40, "thing", False),        # same kind, unused for a month: removed
    (2, "thing", True),          # same kind, recent: another installation may use it
    (40, "thing-other", True),   # a kind whose name extends this one's
    (40, "other", True),         # another kind
])
def test_writing_prunes_only_stale_files_of_the_same_kind(cache, age_days, kind, kept):
    old = _diskcache.key(kind, "old", (), ())
    _diskcache.put(old, 1)
    stamp = time.time() - age_days * 86400
    os.utime(cache / old, (stamp, stamp))
    _diskcache.put(_diskcache.key("thing", "new", (), ()), 2)
    assert (cache / old).exists() == kept


@pytest.mark.parametrize("package", ["jieba", "pypinyin", "OpenCC", "charset_normalizer",
                                     "charset-normalizer", "typing_extensions"])
def test_version_from_the_dist_info_name_is_the_metadata_version(package):
    from importlib.metadata import version

    assert _diskcache._version(package) == version(package)


def test_version_of_a_package_that_is_not_installed(tmp_path, monkeypatch):
    # a folder on the path with a look-alike that is not a dist-info
    (tmp_path / "nosuchpackage-1.0.egg-link").write_text("")
    (tmp_path / "nosuchpackage_extra-2.0.dist-info").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    _diskcache._dist_infos.cache_clear()
    _diskcache._version.cache_clear()
    assert _diskcache._version("nosuchpackage") == "?"
    (tmp_path / "NoSuch.Package-3.1.dist-info").mkdir()
    _diskcache._dist_infos.cache_clear()
    _diskcache._version.cache_clear()
    assert _diskcache._version("nosuch-package") == "3.1"
    _diskcache._dist_infos.cache_clear()
    _diskcache._version.cache_clear()


def test_cached_builds_once_and_rebuilds_a_value_of_another_kind(cache):
    calls = []

    def build():
        calls.append(1)
        return {"a": 1}

    name = _diskcache.key("test-cached", (), (), ())
    assert _diskcache.cached(name, build, dict) == {"a": 1}
    assert _diskcache.cached(name, build, dict) == {"a": 1}
    assert len(calls) == 1
    _diskcache.put(name, "stale")  # another version wrote another shape
    assert _diskcache.cached(name, build, dict) == {"a": 1} and len(calls) == 2
