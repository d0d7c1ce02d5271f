"""Reading documents: files and folders in, decoded text out.

Every file becomes either a ``Document`` or an ``InputError`` that says what
went wrong and what to do; one bad file never stops a run. The decoded text is
what every offset in a report indexes: the BOM is removed, newlines are left
as they are, and HTML is reduced to its visible text (``align text FILE``
prints exactly this text).
"""
from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence, Tuple

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Chinese pages mislabel GBK as gb2312 all the time; GB18030 is its superset.
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs",
          "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8"}
# The Chinese legacy encodings, tried before any statistical guess.
_CHINESE_LEGACY = ("gb18030", "big5hkscs")


class InputError(Exception):
    """A file that cannot be read as a document. ``rule`` names the kind of
    failure (``input.binary``, ``input.empty`` ...) for the report row."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class Source:
    """A file to check: ``doc`` is its name in the report (POSIX, relative to
    the folder given), ``path`` where it lies."""

    doc: str
    path: Path


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    format: str  # "text" or "html"


def collect(paths: Sequence[os.PathLike | str], suffixes=SUFFIXES) -> Tuple[List[Source], List[str]]:
    """Expand files and folders (recursively) into sources sorted by ``doc``.

    A file named directly is read whatever its suffix; inside folders only the
    known suffixes are taken. Returns the sources and the paths that do not
    exist, so the caller can report a usage error.
    """
    found: dict[str, Source] = {}
    missing: List[str] = []
    for given in paths:
        root = Path(given)
        if root.is_dir():
            for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
                dirnames.sort()
                for name in filenames:
                    p = Path(dirpath) / name
                    if p.suffix.lower() in suffixes:
                        doc = p.relative_to(root).as_posix()
                        found.setdefault(doc, Source(doc, p))
        elif root.exists() or root.is_symlink():
            found.setdefault(root.name, Source(root.name, root))
        else:
            missing.append(str(given))
    return [found[d] for d in sorted(found)], missing


def read_source(src: Source, max_bytes: int = DEFAULT_MAX_BYTES) -> Decoded:
    """Read and decode one file, or raise ``InputError``."""
    try:
        size = src.path.stat().st_size
        if size > max_bytes:
            raise InputError("input.too_large",
                             f"{size} bytes is over the limit of {max_bytes}; "
                             "split the file or raise --max-bytes")
        raw = src.path.read_bytes()
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("input.unreadable", "file vanished or is a broken link")
    except PermissionError:
        raise InputError("input.unreadable", "permission denied; check the file's permissions")
    except IsADirectoryError:
        raise InputError("input.unreadable", "is a directory")
    except OSError as e:
        raise InputError("input.unreadable", f"cannot read: {e.strerror or e}")
    is_html = src.path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(raw)
    text, encoding = decode_bytes(raw, html=is_html)
    if is_html:
        from .htmltext import html_to_text

        text = html_to_text(text)
    if not text.strip():
        raise InputError("input.empty", "the file is empty or holds only whitespace"
                         + (" and markup" if is_html else ""))
    return Decoded(text, encoding, "html" if is_html else "text")


def _looks_like_html(raw: bytes) -> bool:
    head = raw[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def decode_bytes(raw: bytes, html: bool = False) -> Tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding)``; the BOM is removed.

    Order of evidence: a byte-order mark; strict UTF-8 (almost never valid by
    accident); for HTML a declared charset that decodes cleanly; then the
    statistical guess of charset-normalizer.
    """
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc), enc
            except UnicodeDecodeError:
                raise InputError("input.encoding", f"starts with a {enc} byte-order mark "
                                 "but does not decode as it; re-save the file as UTF-8")
    if not raw:
        return "", "utf-8"
    if b"\x00" in raw:
        return _decode_with_nuls(raw)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        m = _META_CHARSET.search(raw[:4096])
        if m:
            declared = m.group(1).decode("ascii", "replace").lower()
            enc = _WIDER.get(declared, declared)
            try:
                return raw.decode(enc), enc
            except (LookupError, UnicodeDecodeError):
                pass
    return _guess(raw)


def _decode_with_nuls(raw: bytes) -> Tuple[str, str]:
    """UTF-16 without a BOM puts a NUL in every other byte of ASCII text; any
    other NUL byte means a binary file."""
    sample = raw[:65536]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(raw) % 2 == 0 and max(even, odd) > len(sample) // 8 and min(even, odd) == 0:
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = raw.decode(enc)
            if "\x00" not in text:
                return text, enc
        except UnicodeDecodeError:
            pass
    raise InputError("input.binary", "holds NUL bytes: a binary file, not text; "
                     "remove it from the input or convert it to UTF-8")


def _guess(raw: bytes) -> Tuple[str, str]:
    # Chinese legacy encodings first: a decoding into mostly first-level
    # characters is right far more often than a statistical guess on a short
    # text (charset-normalizer takes a short Big5 text for UTF-16 Hangul).
    chinese = _best_chinese(raw, list(_CHINESE_LEGACY))
    if chinese is not None:
        return raw.decode(chinese), chinese
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise InputError("input.binary", "does not decode as text in any known "
                         "encoding: a binary file? remove it or convert it to UTF-8")
    enc = _WIDER.get(best.encoding, best.encoding)
    # Short Western text fits every 8-bit Latin code page; the pages this
    # tool reads come from Windows-1252 far more often than from the others.
    if enc.startswith(("cp125", "iso8859", "mac_", "latin")) and enc != "cp1252":
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        return str(best), best.encoding


def _best_chinese(raw: bytes, encodings: List[str]) -> str | None:
    from .charfreq import commonness

    from .scripts import CJK_PUNCT_RE, count_script_units

    scored = []
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        han, _ = count_script_units(text)
        # Every non-ASCII byte pair must have become a Han character or CJK
        # punctuation, mostly common ones; otherwise this is not Chinese.
        non_ascii = sum(1 for c in text if ord(c) > 127)
        cjk = han + len(CJK_PUNCT_RE.findall(text))
        if han == 0 or cjk < 0.8 * non_ascii:
            continue
        score = commonness(text)
        if score >= 0.6:
            scored.append((score, enc))
    return max(scored)[1] if scored else None

