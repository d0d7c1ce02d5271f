"""``core.memo.Memo``: the checks' one bounded memo."""
import pytest

from align.core.memo import Memo


def test_memo_keeps_no_entry_larger_than_its_budget():
    memo = Memo(10, 5)
    memo.put("abc", 1, 3)
    memo.put("x", 2, 6)
    assert dict(memo) == {"abc": 1} and memo.used == 3
    memo.put("de", 3, 2)
    assert dict(memo) == {"abc": 1, "de": 3} and memo.used == 5
    memo.put("f", 4, 1)  # over budget: emptied first
    assert dict(memo) == {"f": 4} and memo.used == 1
    for i in range(25):
        memo.put(str(i), i, 0)
        assert len(memo) <= 10


@pytest.mark.parametrize("entries", [0, 1, 2, 7])
def test_put_stays_within_its_entries_and_returns_the_value(entries):
    memo = Memo(entries)
    for i in range(30):
        assert memo.put(i, -i) == -i
        assert memo[i] == -i  # the value just put is always there
        assert len(memo) <= max(entries, 1)


@pytest.mark.parametrize("held,n,emptied", [(2, 3, False), (3, 2, False), (3, 3, True), (5, 0, False),
                                            (6, 0, True)])
def test_room_empties_unless_the_batch_fits(held, n, emptied):
    memo = Memo(5)
    for i in range(held):
        memo[i] = i
    memo.used = held
    memo.room(n)
    assert (len(memo) == 0) is emptied
    assert memo.used == (0 if emptied else held)
