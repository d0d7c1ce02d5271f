"""The ``align`` command: a thin layer over the library.

Each subcommand lives in ``align/commands/`` and is found there, so a new
command is a new module and never an edit here.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import List, Optional

from .commands import EXIT_USAGE, parser_class


def _parser():
    from . import commands
    from .core.version import __version__

    p = parser_class()(
        prog="align",
        description="Translation QA for Chinese→English machine translation.")
    p.add_argument("--version", action="version", version=f"align {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    mods = [importlib.import_module(f"{commands.__name__}.{m.name}")
            for m in pkgutil.iter_modules(commands.__path__)]
    for mod in sorted(mods, key=lambda m: (getattr(m, "ORDER", 50), m.__name__)):
        mod.add_parser(sub)
    return p


def main(argv: Optional[List[str]] = None) -> int:
    from .core.signals import said, status_of, terminate_as_interrupt

    # SIGTERM stops a command as Ctrl-C does: what it was writing is removed
    # on the way out (``align.core.signals``), and it exits 143 (Ctrl-C: 130)
    # with one line, not a traceback, whenever it comes.
    name = "align"
    with terminate_as_interrupt():
        try:
            parser = _parser()
            args = parser.parse_args(argv)
            func = getattr(args, "func", None)
            if func is None:
                parser.print_help(sys.stderr)
                return EXIT_USAGE
            name = f"align {args.command}"
            return func(args)
        except KeyboardInterrupt as e:
            print(f"{name}: {said(e)}", file=sys.stderr)
            return status_of(e)


def console() -> None:
    """The ``align`` command: ``main``, then ``exit``."""
    exit(main())


def exit(code: Optional[int]) -> None:
    """``sys.exit(code)`` without the interpreter's teardown, which frees
    every object of the run one by one (the dictionaries, indexes and
    memos: 0.03 s of a rule-based run) just before the process ends anyway.
    What a normal exit does that matters is done first: the ``atexit``
    functions (caches saved, temporary folders removed), then the standard
    streams flushed. Where any of that cannot be done the same way (threads
    still running, a stream that fails to flush, no such ``atexit`` hook),
    it exits the normal way."""
    import atexit
    import os
    import threading

    run_exitfuncs = getattr(atexit, "_run_exitfuncs", None)
    others = [t for t in threading.enumerate()
              if t is not threading.main_thread() and not t.daemon]
    if run_exitfuncs is None or others:
        sys.exit(code)
    run_exitfuncs()  # each runs once: a later normal exit finds none
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # noqa: BLE001 - the interpreter reports it as usual
        sys.exit(code)
    os._exit(code or 0)


if __name__ == "__main__":  # pragma: no cover
    console()
