"""A progress bar on stderr for runs long enough to need one.

tqdm draws it (documents done, rate, time left) and only after the first
second, so a quick run prints nothing extra. It stays silent when stderr is
not a terminal (a log file, CI, a pipe) or with ``-q``, and when tqdm is not
installed: progress is a courtesy, never a dependency of the report.
"""
from __future__ import annotations

import sys
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")
DELAY_SECONDS = 1.0


def progress(items: Iterable[T], total: int, enabled: bool = True,
             unit: str = "doc", stream=None) -> Iterator[T]:
    """Yield ``items``, drawing a bar on ``stream`` (stderr) when enabled
    and ``stream`` is a terminal."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    if not enabled or not (isatty and isatty()):
        yield from items
        return
    try:
        from tqdm import tqdm
    except ImportError:
        yield from items
        return
    with tqdm(total=total, unit=unit, file=stream, delay=DELAY_SECONDS, leave=False,
              dynamic_ncols=True, smoothing=0.1) as bar:
        for item in items:
            yield item
            bar.update(1)


def note(message: str, stream=None) -> None:
    """Print a line on stderr without tearing a progress bar being drawn."""
    stream = stream or sys.stderr
    try:
        from tqdm import tqdm

        tqdm.write(message, file=stream)
    except ImportError:
        print(message, file=stream)
