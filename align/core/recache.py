"""``compile``: ``re.compile`` for the checks' patterns that are slow to compile.

``re`` parses and compiles a pattern in Python, and every character range of
a class costs a step per character: a class of the Han ranges takes it a
millisecond or more, and the checks' large patterns cost a process about
0.1 s of CPU at start. The ``align`` command keeps their compiled programs
between runs (``align.run.speedups``, which reaches into ``re``'s private
modules to do it) and sets ``programs`` here; a program that imports align
(a notebook, a library user) leaves it unset and gets ``re.compile``.
"""
from __future__ import annotations

import re
from typing import Callable, Optional

#: ``(pattern, flags)`` -> the compiled pattern, or None to let ``re``
#: compile it. Set by the ``align`` command only.
programs: Optional[Callable[[str, int], Optional["re.Pattern[str]"]]] = None


def compile(pattern: str, flags: int = 0) -> "re.Pattern[str]":  # noqa: A001 - re's name
    """``re.compile(pattern, flags)``, from the command's store when it has one."""
    if programs is not None:
        got = programs(pattern, int(flags))
        if got is not None:
            return got
    return re.compile(pattern, flags)
