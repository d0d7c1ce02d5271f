"""``Memo``: the one bounded memo of the checks.

A crawl repeats its lines (navigation, footers, reposted paragraphs), so the
checks remember what they worked out for a run of text, a word, a paragraph.
Each such memo is a ``Memo``: a dict, so a lookup stays a C call
(``memo.get(key)``, ``map(memo.get, keys)``), bounded, so memory stays flat
however long the corpus. A memo only ever holds values of a pure function
of their key: emptying it at any moment changes no result.

When full it is emptied rather than trimmed: one C call, and a crawl moves
from site to site, so the old entries are the ones it will not ask for again.
Where a value is worked out by a plain function call, ``functools.lru_cache``
serves as well and is used instead.
"""
from __future__ import annotations

from typing import Any, Hashable, Optional


class Memo(dict):
    """At most ``entries`` keys (and, given a ``budget``, sizes given to
    ``put`` summing to at most that: an entry larger than the budget is not
    kept). ``put`` stores one value; code that adds a batch of values with
    ``memo[key] = value`` calls ``room(n)`` first, so the memo passes its
    bound by one batch at most."""

    __slots__ = ("entries", "budget", "used")

    def __init__(self, entries: int, budget: Optional[int] = None):
        super().__init__()
        self.entries = entries
        self.budget = budget
        self.used = 0

    def put(self, key: Hashable, value: Any, size: int = 0) -> Any:
        """Store ``value`` (emptying the memo first if it is full); return it."""
        budget = self.budget
        if budget is not None:
            if size > budget:
                return value
            if self.used + size > budget:
                self.clear()
        if len(self) >= self.entries:
            self.clear()
        self[key] = value
        self.used += size
        return value

    def room(self, n: int = 0) -> None:
        """Empty the memo unless ``n`` more entries fit: before adding a
        batch whose values must all still be there when it is done."""
        if len(self) + n > self.entries:
            self.clear()

    def clear(self) -> None:
        super().clear()
        self.used = 0
