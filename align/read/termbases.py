"""Termbase files a user gives (``--termbase``, ``termbases`` in a
configuration file): CSV/TSV in any encoding a spreadsheet saves, or TBX,
read into the ``Term``s of ``resources.termbase``. Reading them is input, so
it lives here, beside the pages' decoding; the built-in termbase, the term
format and its parsers are in ``resources/termbase.py``."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import List, Tuple

from ..core.errors import InputError
from ..resources.termbase import Term, TermbaseError, builtin, merge, parse_csv, parse_tbx


@lru_cache(maxsize=16)
def load(paths: Tuple[str, ...] = ()) -> Tuple[Term, ...]:
    """The built-in termbase plus the user files in ``paths``, merged."""
    return merge([builtin(), *(load_file(p) for p in paths)])


def load_file(path) -> List[Term]:
    """The terms of one user termbase; ``TermbaseError`` (a usage error: the
    command says it and stops) names the file, the line and what is wrong."""
    try:
        return _load_file(path)
    except TermbaseError as e:
        e.path = str(path)
        raise


def _load_file(path) -> List[Term]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise TermbaseError(f"{path}: no such termbase file") from None
    except IsADirectoryError:
        raise TermbaseError(f"{path}: a folder, not a termbase file (CSV, TSV or TBX)") from None
    except OSError as e:
        raise TermbaseError(f"{path}: cannot read: {e.strerror or e}") from None
    if not data.strip():
        raise TermbaseError(f"{path}: the termbase file is empty; it needs a header line "
                            "(zh,en) and a term on each line after it")
    head = data.lstrip()[:5]
    if p.suffix.lower() in (".tbx", ".xml") or head in (b"<?xml", b"<tbx ", b"<TBX ", b"<mart"):
        terms = parse_tbx(data, str(path))
        if not terms:
            raise TermbaseError(f"{path}: no termEntry or conceptEntry with a Chinese (zh) "
                                "term, so not a TBX termbase of Chinese terms")
        return terms
    terms = parse_csv(_decode(data, str(path)), str(path))
    if not terms:
        raise TermbaseError(f"{path}: holds a header but no term; add a line per term "
                            "(Chinese, English)")
    return terms


def _decode(data: bytes, name: str) -> str:
    """A CSV termbase's text: UTF-8 (with or without BOM), UTF-16 or UTF-32
    (with BOM, or UTF-16 without), or the Chinese legacy encodings GBK/GB18030
    and Big5 that spreadsheet programs save in on Chinese systems."""
    from .decode import _BOMS, _best_chinese, _decode_with_nuls

    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError as e:
                raise TermbaseError(f"{name}: line {_line(data, e.start)}: starts with a {enc} "
                                    "byte-order mark but does not decode as it; re-save the "
                                    "file as UTF-8") from None
    if b"\x00" in data:
        try:
            return _decode_with_nuls(data)[0]
        except InputError:
            raise TermbaseError(f"{name}: line {_line(data, data.index(0))}: a NUL byte, and "
                                "the file is not UTF-16 either: not a text file; give a CSV, "
                                "TSV or TBX termbase") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = e.start
    legacy = _best_chinese(data, ["gb18030", "big5hkscs"])
    if legacy:
        return data.decode(legacy)
    raise TermbaseError(f"{name}: line {_line(data, bad)}: byte 0x{data[bad]:02x} is not UTF-8, "
                        "and the file is not GBK/GB18030, Big5 or UTF-16 as a whole; re-save "
                        "it as UTF-8")


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_termbases(loaded) -> None:
    """Read the extra termbases of a run's settings (``config.Loaded``) now,
    before any document: a missing or malformed one is a usage error
    (``ConfigError`` naming the file, the line and what is wrong, and the
    configuration file that named it), not a check that fails on every
    document. The terms stay loaded for the run (``load`` keeps them)."""
    from ..core.config import ConfigError, origin_of

    if not loaded.config.termbases:
        return
    try:
        load(tuple(loaded.config.termbases))
    except TermbaseError as e:
        where = (f" (a termbase named in {origin_of(loaded.file)})"
                 if loaded.file and e.path in loaded.file_termbases else "")
        raise ConfigError(f"{e}{where}") from None
