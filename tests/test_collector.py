"""The collector's policy: loaded tables settle as old objects, unwalked."""
import gc

import pytest

from align.core.collector import loading, settle_young


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
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen
        young = Box()
        settle_young()
        assert gc.get_freeze_count() == frozen
        assert _generation_of(young) == 0  # left where it was
    finally:
        gc.unfreeze()


def test_disk_cache_values_load_as_old_objects(tmp_path):
    import marshal

    from align.core import diskcache as _diskcache

    path = tmp_path / "v.marshal"
    path.write_bytes(marshal.dumps({"k": [1, 2, {"x": ()}]}))
    value = _diskcache.load(path)
    assert value == {"k": [1, 2, {"x": ()}]}
    assert _generation_of(value) == 2 and _generation_of(value["k"]) == 2
