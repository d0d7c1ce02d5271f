"""`align cache [--info | --clear]`: what align keeps in its user cache, and
emptying it."""
from __future__ import annotations

import os
import sys

from . import EXIT_OK, EXIT_USAGE

ORDER = 85
#: Entries ``--info`` lists.
LARGEST = 10


def add_parser(sub) -> None:
    ca = sub.add_parser(
        "cache", help="show or clear the user cache (sentence vectors, indexes)",
        description="align keeps sentence vectors and the indexes it derives from its "
                    "dictionaries in $ALIGN_CACHE_DIR, else $XDG_CACHE_HOME/align or "
                    "~/.cache/align, at most $ALIGN_CACHE_MAX (default 1G; K, M, G, T), "
                    "removing the least recently used entries when a run writes one.")
    what = ca.add_mutually_exclusive_group()
    what.add_argument("--info", action="store_true",
                      help="print the folder, its files, their size, the cap and the "
                           "largest entries (the default action)")
    what.add_argument("--clear", action="store_true",
                      help="remove align's files from the folder (a vector database "
                           "another align process has open stays)")
    ca.set_defaults(func=run)


def _cap():
    """(cap in bytes, where it came from), or None after a message if
    ``$ALIGN_CACHE_MAX`` is not a size."""
    from ..core.userdirs import DEFAULT_MAX, human, parse_size

    env = os.environ.get("ALIGN_CACHE_MAX")
    if not env:
        return DEFAULT_MAX, "default; set ALIGN_CACHE_MAX to change it"
    try:
        return parse_size(env), "ALIGN_CACHE_MAX"
    except ValueError:
        print(f"align cache: ALIGN_CACHE_MAX={env!r} is not a size (e.g. 500M, 2G); "
              f"runs use the default cap, {human(DEFAULT_MAX)}", file=sys.stderr)
        return None


def info(folder, found, cap, origin) -> str:
    import time

    from ..core.userdirs import human

    files = sum(len(e.paths) for e in found)
    total = sum(e.size for e in found)
    lines = [f"folder: {folder}" + ("" if folder.is_dir() else " (not made yet)"),
             f"files:  {files} in {len(found)} entries",
             f"size:   {human(total)} ({total} bytes) of a {human(cap)} cap ({origin})"]
    if found:
        lines.append("largest (size, last used, entry):")
        width = max(len(e.name) for e in found[:LARGEST])
        for e in found[:LARGEST]:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(e.used))
            extra = f" (+{len(e.paths) - 1} files)" if len(e.paths) > 1 else ""
            lines.append(f"  {human(e.size):>6}  {when}  {e.name + extra:<{width}}".rstrip())
        if len(found) > LARGEST:
            lines.append(f"  ... and {len(found) - LARGEST} more")
    return "\n".join(lines) + "\n"


def run(args) -> int:
    from ..core.userdirs import cache_dir, entries, human, remove

    cap = _cap()
    if cap is None:
        return EXIT_USAGE
    folder = cache_dir()
    found = entries(folder)
    if not args.clear:
        sys.stdout.write(info(folder, found, *cap))
        return EXIT_OK
    gone = [e for e in found if remove(e)]
    kept = len(found) - len(gone)
    size = sum(e.size for e in gone)
    print(f"removed {sum(len(e.paths) for e in gone)} files ({human(size)}) from {folder}"
          + (f"; {kept} entries in use by a running align stay" if kept else ""))
    return EXIT_OK
