"""Where align keeps what it derives between runs (vectors, indexes).

Its own small module because every worker process asks for it early, and
the modules that use the folder (``embed``) pull in numpy.
"""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$ALIGN_CACHE_DIR``, else ``$XDG_CACHE_HOME/align``, else ``~/.cache/align``."""
    env = os.environ.get("ALIGN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "align"
