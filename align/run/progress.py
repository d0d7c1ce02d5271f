"""A progress bar on stderr for runs long enough to need one.

tqdm draws it (bytes or documents done, rate, time left). It appears once the
run has lasted ``DELAY_SECONDS``, whether or not a document has finished (a
single large page is minutes of work), and is redrawn every
``REFRESH_SECONDS`` while nothing finishes, so the time shown keeps moving. A
quick run prints nothing extra. It counts bytes when the files are few enough
to measure up front (``BYTE_FILES``), so one large page among small ones
moves it as much as its size; the engine may also report how far into a file
its checks are (``Progress.within``). It stays silent when stderr is not a
terminal (a log file, CI, a pipe) or with ``-q``, and when tqdm is not
installed: progress is a courtesy, never a dependency of the report.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from typing import Iterable, Iterator, Optional, Sequence, TypeVar

T = TypeVar("T")
DELAY_SECONDS = 1.0
REFRESH_SECONDS = 1.0
#: Up to this many files, the bar counts their bytes (a ``stat`` each before
#: the run); beyond it, documents (a crawl's pages are alike, and a million
#: ``stat`` calls would hold up the start).
BYTE_FILES = 10_000


def wanted(enabled: bool = True, stream=None) -> bool:
    """Whether a bar would be drawn: enabled, and ``stream`` (stderr) a terminal."""
    stream = stream or sys.stderr
    isatty = getattr(stream, "isatty", None)
    return bool(enabled and isatty and isatty())


def file_sizes(paths: Sequence[str]) -> Optional[list]:
    """The sizes of ``paths`` in bytes (0 for one that cannot be read), or
    None when there are more than ``BYTE_FILES`` (or no bytes at all)."""
    if len(paths) > BYTE_FILES:
        return None
    out = []
    for p in paths:
        try:
            out.append(os.stat(p).st_size)
        except (OSError, ValueError):
            out.append(0)
    return out if sum(out) else None


class Progress:
    """A bar over ``total`` units, moved with ``set`` (the units done so far)
    or ``within`` (how far into item ``i`` of ``weights`` the work is). Use
    it as a context manager: the bar is drawn by a timer thread after
    ``DELAY_SECONDS`` and removed on exit. Disabled (every call a no-op)
    unless ``wanted``."""

    def __init__(self, total: int, enabled: bool = True, unit: str = "doc",
                 stream=None, weights: Optional[Sequence[int]] = None):
        self.stream = stream or sys.stderr
        self.total, self.unit, self.weights = total, unit, weights
        self.on = wanted(enabled, self.stream)
        if self.on:
            try:
                import tqdm  # noqa: F401
            except ImportError:
                self.on = False
        self.done = 0
        self.bar = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timer: Optional[threading.Thread] = None
        if weights is not None:
            self._before = [0]
            for w in weights:
                self._before.append(self._before[-1] + w)

    def __enter__(self) -> "Progress":
        self._started = time.time()  # tqdm's clock
        if self.on:
            if DELAY_SECONDS <= 0:
                self._draw()
            self._timer = threading.Thread(target=self._tick, name="align-progress",
                                           daemon=True)
            self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop drawing and remove the bar (again: nothing)."""
        if self._timer is not None:
            self._stop.set()
            self._timer.join()
            self._timer = None
        with self._lock:
            if self.bar is not None:
                self.bar.close()
                self.bar = None

    def _tick(self) -> None:
        if self.bar is None:
            if self._stop.wait(DELAY_SECONDS):
                return
            with self._lock:
                self._draw()
        while not self._stop.wait(REFRESH_SECONDS):
            with self._lock:
                self.bar.refresh()

    def _draw(self) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=self.total, initial=self.done, unit=self.unit,
                        unit_scale=self.unit == "B", file=self.stream, leave=False,
                        dynamic_ncols=True, smoothing=0.1)
        # The time shown is the run's, not the bar's.
        self.bar.start_t = self._started
        self.bar.refresh()

    def set(self, done: int) -> None:
        """``done`` units of the total are done."""
        if not self.on or done <= self.done:
            return
        with self._lock:
            if self.bar is not None:
                self.bar.update(done - self.done)
            self.done = done

    def within(self, i: int, fraction: float) -> None:
        """Item ``i`` (of ``weights``, else each item one unit) is
        ``fraction`` done. Whole units only: a count of documents moves
        when one is finished."""
        if self.on:
            if self.weights is None:
                self.set(i + int(fraction >= 1.0))
            else:
                self.set(self._before[i] + int(fraction * self.weights[i]))


def progress(items: Iterable[T], total: int, enabled: bool = True,
             unit: str = "doc", stream=None,
             weights: Optional[Sequence[int]] = None,
             bar: Optional[Progress] = None) -> Iterator[T]:
    """Yield ``items``, drawing a bar on ``stream`` (stderr) when enabled
    and ``stream`` is a terminal; with ``weights``, item ``i`` counts
    ``weights[i]`` units (bytes) instead of one. ``bar``: a ``Progress``
    made by the caller (to hand its ``within`` to the work), used instead."""
    own = bar is None
    if own:
        bar = Progress(sum(weights) if weights is not None else total, enabled, unit, stream,
                       weights)
    if not bar.on:
        yield from items
        return
    if own:
        bar.__enter__()
    try:
        for i, item in enumerate(items):
            yield item
            bar.within(i, 1.0)
    finally:
        if own:
            bar.__exit__(None, None, None)


def note(message: str, stream=None) -> None:
    """Print a line on stderr without tearing a progress bar being drawn."""
    stream = stream or sys.stderr
    try:
        from tqdm import tqdm

        tqdm.write(message, file=stream)
    except ImportError:
        print(message, file=stream)
