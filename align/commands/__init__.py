"""Subcommands of ``align``: one module each, found by ``align.cli``.

A command module defines ``ORDER`` (its place in ``--help``), ``add_parser(sub)``,
which adds its argparse subparser and sets ``func``, and the function itself.
Imports of the library go inside the functions, so ``align --help`` is fast.
"""
from __future__ import annotations

import sys
from typing import List, Optional

#: Exit codes of every command.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def inputs(command: str, paths) -> Optional[list]:
    """The sources under ``paths`` in report order; ``None`` after a one-line
    usage error on standard error (two inputs that would share a name in the
    report, a path that does not exist), for the command to exit 2."""
    from ..read.files import InputConflict, collect

    try:
        sources, missing = collect(paths)
    except InputConflict as e:
        print(f"align {command}: {e}", file=sys.stderr)
        return None
    if missing:
        print(f"align {command}: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return None
    return sources


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


def parser_class():
    import argparse

    class Parser(argparse.ArgumentParser):
        """A usage error in one line that says what to do, without the usage
        block (``--help`` shows it), and exit status 2."""

        def error(self, message):
            self.exit(EXIT_USAGE, f"{self.prog}: {message}; see {self.prog} --help\n")

    return Parser
