"""How align runs Python's garbage collector.

A run makes millions of short-lived objects (rows, findings, runs of text)
and almost no reference cycles, and it loads tables of hundreds of thousands
of containers that live as long as the process. Left to its defaults, the
collector walks the young objects thousands of times a second and walks
every loaded table again, generation by generation, to find no garbage.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

#: The thresholds for a corpus run (the local engine's workers inherit them;
#: Ray's actors set them). At the default (700 allocations) the collector
#: would walk the young objects thousands of times a second.
GC_THRESHOLD = (20_000, 20, 20)


def settle_young() -> None:
    """Move every object the collector tracks to its oldest generation,
    without walking them: a table just loaded would otherwise be walked by
    the next collections of each younger generation (0.1 s of the loads of a
    run with all checks). Left alone when the caller has frozen objects of
    its own, which unfreezing would release."""
    if not gc.get_freeze_count():
        gc.freeze()
        gc.unfreeze()


@contextmanager
def loading() -> Iterator[None]:
    """No collection while the block loads what the rest of the process
    keeps (models, indexes), then its objects settled as old ones: what the
    gc module's documentation advises for a parent about to fork workers."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        settle_young()
        if collecting:
            gc.enable()
