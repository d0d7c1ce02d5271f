"""The ``align`` command: a thin layer over the library.

Each subcommand lives in ``align/commands/`` and is found there, so a new
command is a new module and never an edit here.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
from typing import List, Optional

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def csv_list(value: str) -> List[str]:
    """``A,B`` as a list of names; at least one (``--checks ""`` would
    otherwise mean every default check)."""
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise _bad(f"{value!r} names nothing: give one or more names separated by commas")
    return names


# Types of numeric options: argparse calls them on the text given and
# reports the message of an ``ArgumentTypeError`` as the option's error.
def _bad(message: str):
    import argparse

    return argparse.ArgumentTypeError(message)


def positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise _bad(f"{value!r} is not a whole number: give 1 or more") from None
    if n < 1:
        raise _bad(f"{value} is too small: give 1 or more")
    return n


def fraction(value: str) -> float:
    """A number from 0 to 1 (a confidence)."""
    try:
        x = float(value)
    except ValueError:
        raise _bad(f"{value!r} is not a number: give one from 0 to 1") from None
    if not 0 <= x <= 1:  # NaN too
        raise _bad(f"{value} is out of range: give a number from 0 to 1")
    return x


def port(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise _bad(f"{value!r} is not a port number: give 1 to 65535, "
                   "or 0 for a free one") from None
    if not 0 <= n <= 65535:
        raise _bad(f"{value} is out of range: give 1 to 65535, or 0 for a free one")
    return n


def _parser_class():
    import argparse

    class Parser(argparse.ArgumentParser):
        """A usage error in one line that says what to do, without the usage
        block (``--help`` shows it), and exit status 2."""

        def error(self, message):
            self.exit(EXIT_USAGE, f"{self.prog}: {message}; see {self.prog} --help\n")

    return Parser


def _parser():
    from . import __version__, commands

    p = _parser_class()(
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
    parser = _parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return func(args)


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
