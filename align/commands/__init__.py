"""Subcommands of ``align``: one module each, found by ``align.cli``.

A command module defines ``ORDER`` (its place in ``--help``), ``add_parser(sub)``,
which adds its argparse subparser and sets ``func``, and the function itself.
Imports of the library go inside the functions, so ``align --help`` is fast.
"""
from __future__ import annotations

from typing import List

#: Exit codes of every command.
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def csv_list(value: str) -> List[str]:
    """An option's comma-separated list (``--checks a,b``)."""
    return [v.strip() for v in value.split(",") if v.strip()]
