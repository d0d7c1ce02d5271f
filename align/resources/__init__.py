"""Language resources: each table read in one module of this package."""
from __future__ import annotations

from pathlib import Path
from typing import Optional


def package_file(package: str, *parts: str) -> Optional[Path]:
    """A data file inside an installed package, found through its import
    spec without importing it (several packages' ``__init__`` pulls in what
    a table does not need), or None."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(list(spec.submodule_search_locations)[0]).joinpath(*parts)
    return p if p.is_file() else None
