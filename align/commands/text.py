"""`align text FILE`: print the decoded text that report offsets index."""
from __future__ import annotations

import sys

from . import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

ORDER = 90


def add_parser(sub) -> None:
    tx = sub.add_parser("text", help="print the decoded text that report offsets index")
    tx.add_argument("file", metavar="FILE")
    tx.set_defaults(func=run)


def run(args) -> int:
    from pathlib import Path

    from ..read.files import InputError, Source, read_source

    p = Path(args.file)
    if p.is_dir():
        print(f"align text: {args.file} is a folder; give one file (align text FOLDER/NAME)",
              file=sys.stderr)
        return EXIT_USAGE
    if not p.is_file():
        print(f"align text: no such file: {args.file}", file=sys.stderr)
        return EXIT_USAGE
    try:
        text = read_source(Source(p.name, p)).text
    except InputError as e:
        print(f"align text: {args.file}: {e.message}", file=sys.stderr)
        return EXIT_FINDINGS
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    return EXIT_OK
