"""Engines move documents through the pipeline; they never change what is found.

Every engine runs the same pure function, ``pipeline.check_source``, on one
document at a time, and yields ``DocumentResult`` objects in ``doc`` order, so
the report writer streams them and the output is byte-identical whichever
engine ran (``--jobs 1``, ``--jobs N``, ``--engine ray``).

- ``local`` (``jobs=1``): a loop in this process.
- ``local`` (``jobs>1``): worker processes (``local.Workers``); each builds its
  detectors (and loads any model) once, takes batches of files, and returns
  finished rows; a bounded window of batches in flight keeps memory flat
  however large the corpus, and a worker that dies is replaced without
  losing its files.
- ``ray``: Ray Data on a local or existing cluster (``align.run.ray``).
"""
from __future__ import annotations

import os
from typing import Callable, Iterator, Optional, Sequence

from ..core.config import DEFAULT, Config
from .pipeline import DocumentResult
from ..read.files import Source

ENGINES = ("local", "ray")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def run(sources: Sequence[Source], checks: Optional[Sequence[str]] = None,
        skip: Optional[Sequence[str]] = None, config: Config = DEFAULT,
        jobs: int = 1, engine: str = "local",
        ray_address: Optional[str] = None,
        post: Optional[Callable[[DocumentResult], DocumentResult]] = None,
        progress: Optional[Callable[[int, float], None]] = None) -> Iterator[DocumentResult]:
    """Check ``sources`` (already in ``doc`` order) and yield their results in order.

    ``post`` (picklable) is applied to each result where it is made, in the
    worker, while ``result.document`` is still attached: the report's
    rendering (``pipeline.Pack``) or the pairing stage's fingerprint
    (``pairing.Fingerprinter``) then runs on all cores instead of in the
    parent, on this machine's workers or on the Ray cluster's actors.

    ``progress(i, fraction)`` is told how far the checks of ``sources[i]``
    are where they run in this process (the local engine with one file or
    ``jobs`` 1), for a progress bar; elsewhere only finished results tell."""
    if engine == "ray":
        from .ray import run as ray_run

        yield from ray_run(sources, checks, skip, config, jobs, ray_address, post)
    elif engine == "local":
        from .local import run as local_run

        yield from local_run(sources, checks, skip, config, jobs, post, progress)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
