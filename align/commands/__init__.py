"""Subcommands of ``align``: one module each, found by ``align.cli``.

A command module defines ``ORDER`` (its place in ``--help``), ``add_parser(sub)``,
which adds its argparse subparser and sets ``func``, and the function itself.
Imports of the library go inside the functions, so ``align --help`` is fast.
"""
