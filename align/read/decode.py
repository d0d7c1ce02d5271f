"""Decoding: a file's bytes to text, whatever encoding a page was saved in.

BOMs first, then the HTML ``<meta charset>``, then UTF-8, the Chinese legacy
encodings and a statistical guess; a file decoded only in part (bytes
replaced, two encodings mixed) says so through ``warnings``.
"""
from __future__ import annotations

import codecs
import re
from typing import List, Tuple

from ..core.errors import InputError

# C0/C1 control characters that never occur in text (tab, newlines, form
# feed and escape do); a decoding full of them was binary data.
_CONTROL_RE = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_NON_ASCII_RUN = re.compile("[^\x00-\x7f]+")


def _non_ascii(text: str) -> int:
    """Characters above ASCII, counted in C (runs, not characters, are matched)."""
    return sum(map(len, _NON_ASCII_RUN.findall(text)))


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


def _looks_like_html(raw: bytes) -> bool:
    head = raw[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def decode_bytes(raw: bytes, html: bool = False,
                 warnings: List[Tuple[str, str]] | None = None) -> Tuple[str, str]:
    """Decode ``raw`` and return ``(text, encoding)``; the BOM is removed.
    A file decoded only in part (invalid UTF-8 bytes replaced, two encodings
    mixed) appends a ``(rule, message)`` pair to ``warnings``.

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
    except UnicodeDecodeError as e:
        first_error = e.start
    warnings = [] if warnings is None else warnings
    damaged = _damaged_utf8(raw, first_error)
    if damaged:
        warnings.append(("input.invalid_utf8", f"is UTF-8 with {damaged[1]} invalid byte "
                         "sequence(s), each replaced by U+FFFD (a file cut off mid-character, "
                         "or a stray byte); check the text around them or re-save as UTF-8"))
        return damaged[0], "utf-8"
    mixed = _decode_mixed(raw, html)
    if mixed:
        warnings.append(("input.mixed_encoding", f"mixes two encodings "
                         f"({mixed[1].replace('+', ' and ')}); each line was decoded in the one "
                         "it fits, but check the text and re-save the file as UTF-8"))
        return mixed
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


def _damaged_utf8(raw: bytes, first_error: int) -> Tuple[str, int] | None:
    """UTF-8 with a few bad bytes: cut off inside the last character (a
    crawler's byte limit), or one stray byte among many good characters.
    Decoding it as a legacy encoding would garble the whole text for the sake
    of a byte or two. UTF-8 that encodes UTF-16 surrogates (CESU-8, or
    WTF-8 from a JavaScript string) is read with pairs joined and lone
    surrogates replaced, as a browser shows them."""
    try:
        wide = raw.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        text = wide.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        return text, sum(1 for c in wide if "\ud800" <= c <= "\udfff")
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    if first_error >= len(raw) - 3:
        return text, bad
    good = _non_ascii(text) - bad
    if good >= 20 and bad * 50 <= good:
        return text, bad
    return None


def _decode_mixed(raw: bytes, html: bool) -> Tuple[str, str] | None:
    """A file pasted together from UTF-8 and a legacy encoding (a template in
    one, the article in the other) decodes line by line: lines that are valid
    UTF-8 as UTF-8, the rest in the encoding guessed from them alone. The
    encoding is then named ``utf-8+<legacy>``. Valid UTF-8 with non-ASCII
    characters almost never happens by accident, but a short GBK line can
    pass, so a few non-ASCII UTF-8 characters must be seen before a file
    counts as mixed."""
    lines = raw.splitlines(keepends=True)
    utf8 = set()
    shown = 0
    legacy = []
    for i, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            t = line.decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(line)
            continue
        utf8.add(i)
        shown += sum(1 for c in t if ord(c) > 127)
    if shown < 4 or not legacy:
        return None
    try:
        _, enc = decode_bytes(b"".join(legacy), html=html)
    except InputError:
        return None
    if enc in ("utf-8", "ascii") or enc.startswith("utf-16") or enc.startswith("utf-32"):
        return None
    text = "".join(line.decode("utf-8") if i in utf8 else line.decode(enc, "replace")
                   for i, line in enumerate(lines))
    return text, f"utf-8+{enc}"


def _decode_with_nuls(raw: bytes) -> Tuple[str, str]:
    """UTF-16 without a BOM puts a NUL in every other byte of ASCII text, and
    in the low byte of Han characters such as 一 (U+4E00); any other NUL
    byte means a binary file."""
    found = _utf16_without_bom(raw)
    if found:
        return found
    # Other scripts: ASCII's NULs all on one side tell the byte order.
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


# Characters a text is made of: printable ASCII and line breaks, Latin-1
# letters, general punctuation, CJK symbols and punctuation, full-width
# forms. Han characters count only when common (``charfreq``): read with the
# wrong byte order, ASCII turns into rare Han (U+6100 for "a\0").
_PLAIN_RE = re.compile("[\t\n\r\x20-\x7e\u00a0-\u00ff\u2010-\u206f\u3000-\u303f\uff00-\uffef]+")


def _utf16_without_bom(raw: bytes) -> Tuple[str, str] | None:
    """``raw`` as UTF-16 of either byte order, when that decoding is text:
    nearly every character plain (``_PLAIN_RE``) or a common Han character.
    Chinese in UTF-16 has no run of ASCII to find by its NULs."""
    if len(raw) % 2:
        return None
    from ..text.charfreq import is_common
    from ..text.scripts import HAN_RUN_RE

    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        sample = text[:32768]
        plain = sum(map(len, _PLAIN_RE.findall(sample)))
        han = "".join(HAN_RUN_RE.findall(sample))
        common = sum(map(is_common, han))
        if sample and (plain + common) >= 0.95 * len(sample) and common >= 0.6 * len(han):
            return text, enc
    return None


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
                         "encoding (a binary file?); remove it or convert it to UTF-8")
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
    from ..text.charfreq import commonness

    from ..text.scripts import CJK_PUNCT_RE, count_script_units

    scored = []
    for enc in encodings:
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        han, _ = count_script_units(text)
        # Every non-ASCII byte pair must have become a Han character or CJK
        # punctuation, mostly common ones; otherwise this is not Chinese.
        non_ascii = _non_ascii(text)
        cjk = han + len(CJK_PUNCT_RE.findall(text))
        if han == 0 or cjk < 0.8 * non_ascii:
            continue
        score = commonness(text)
        if score >= 0.6:
            scored.append((score, enc))
    return max(scored)[1] if scored else None
