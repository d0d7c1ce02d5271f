"""Characters damaged by a wrong or lossy decoding.

Three kinds of damage reach a reviewer, each with its own signature:

* **Lost characters.** A converter that cannot represent a character writes
  ``?`` (or U+FFFD) in its place: ``正?;?`` for ``正常化``. A question mark is
  also punctuation, so only a ``?`` that cannot be one is flagged: inside a
  word of Chinese (a Han character on both sides, or another ``?`` or a CJK
  mark right after it), or glued between Latin letters where an apostrophe was
  (``Zhang?s``). A ``?`` between two Chinese clauses counts as a question mark
  when the clause before it asks something (吗, 呢, 什么, 谁 ...). U+FFFD is
  always damage.
* **GBK read as Latin-1.** The two bytes of a GBK character, read one by one
  as Windows-1252, become two accented Latin letters: ``’`` (A1 AF) becomes
  ``¡¯``. A run of such letters is encoded back to bytes and decoded as
  GB18030; if that gives Chinese punctuation or ordinary Chinese characters
  (most of them in the first level of GB 2312, ``charfreq.commonness``), the
  decoding is the suggestion.
* **UTF-8 read as Windows-1252.** ``Ã©`` for ``é``, ``â€™`` for ``’``:
  ``ftfy`` knows these sequences and undoes them.
* **One Chinese legacy codec read as the other.** GBK bytes read as Big5 (or
  the reverse) give a run of rare characters; if re-encoding and decoding with
  the other codec gives common ones, that is the suggestion.

Ordinary text never matches: the candidates are runs of Latin-1 letters that
no language writes two or more in a row, or question marks where no
punctuation goes.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from ..core import recache
from ..text.charfreq import commonness, is_common
from ..text.document import Document
from ..core.findings import Finding
from ..core.rules import rule
from ..text.scripts import CJK_PUNCT, HAN, HAN_RE
from .base import Detector, register

# Characters that Windows-1252 (and Latin-1) give bytes 0x80-0xFF.
_CP1252_HIGH = "\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_HIGH = f"\u0080-\u00ff{_CP1252_HIGH}"
# Two or more such characters in a row: no language writes ``¡¯`` or ``Ã©``.
# The first must be a possible lead byte: not a curly quote or dash, which
# English writes next to accented letters.
_LEAD = "\u0080-\u00ff\u20ac\u201a\u0192\u201e\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2022\u02dc\u2122\u0161\u203a\u0153\u017e\u0178"
_MOJIBAKE_RE = re.compile(f"[{_LEAD}][{_HIGH}]+")

# Lost characters: ``?`` and U+FFFD, possibly with the ``;`` of a broken
# character reference between them (``?;?``).
_LOST_RE = re.compile("[?\ufffd](?:;?[?\ufffd])*")
_QUESTION_WORDS_RE = re.compile("[吗嗎呢吧么麼谁誰哪怎何几幾啥]|什么|什麼|多少|是否|难道|難道|可否|能否|有没有|有沒有|是不是")
_CLAUSE_BREAK_RE = re.compile(f"[。！？；，,.!;\n{CJK_PUNCT}]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_APOSTROPHE_TAIL_RE = re.compile(r"(?:s|t|d|m|ll|re|ve)\b")
_HAN_OR_MARK_RE = recache.compile(f"[{HAN}\u3001\u3002\uff0c\uff1b\uff1a\u300a\u300b\u201c\u201d]")


def _to_bytes(run: str) -> Optional[bytes]:
    out = bytearray()
    for ch in run:
        o = ord(ch)
        if 0x80 <= o <= 0xFF:
            # Latin-1 gives 0x80-0x9F to controls, cp1252 to the letters above.
            out.append(o)
            continue
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            return None
    return bytes(out)


def _plausible_chinese(s: str) -> bool:
    """Text a GB decoding should give: Chinese punctuation and common
    characters only."""
    if not s or "\ufffd" in s:
        return False
    han = HAN_RE.findall(s)
    other = [c for c in s if not HAN_RE.match(c)]
    if any(not re.match(f"[{CJK_PUNCT}\u2018\u2019\u201c\u201d]", c) for c in other):
        return False
    if not han:
        return True
    return sum(map(is_common, han)) >= 0.8 * len(han)


def _gbk_repair(run: str) -> Optional[str]:
    raw = _to_bytes(run)
    if raw is None or len(raw) % 2:
        return None
    try:
        fixed = raw.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return fixed if _plausible_chinese(fixed) else None


@lru_cache(maxsize=1)
def _ftfy():
    import ftfy

    return ftfy


def _utf8_repair(run: str) -> Optional[str]:
    raw = _to_bytes(run)
    if raw is None:
        return None
    try:
        strict = raw.decode("utf-8")
    except UnicodeDecodeError:
        strict = None
    if strict is not None and strict != run:
        return strict
    return None


def _sloppy_utf8_repair(run: str) -> Optional[str]:
    # A byte that cp1252 does not define was dropped on the way; ftfy's
    # sloppy decoding still repairs the rest.
    if not run.strip("\xa0"):
        # A page's &nbsp; padding (every run that came this far in the
        # 1,000-page benchmark corpus): ftfy leaves it as it is (none of its
        # mojibake patterns holds no-break spaces alone; tests/test_encoding.py
        # asks it), and importing ftfy costs each process 36 ms.
        return None
    fixed = _ftfy().fix_encoding(run)
    if fixed == run or len(fixed) > len(run) - 2:
        return None
    return fixed


def _clause_before(text: str, pos: int) -> str:
    start = max(0, pos - 60)
    chunk = text[start:pos]
    breaks = list(_CLAUSE_BREAK_RE.finditer(chunk))
    return chunk[breaks[-1].end():] if breaks else chunk


def lost_character(text: str, start: int, end: int) -> Optional[str]:
    """Why ``text[start:end]`` (a run of ``?``/U+FFFD) is a lost character,
    or ``None`` when it is punctuation."""
    run = text[start:end]
    if "\ufffd" in run:
        return "replacement character"
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if _LATIN_LETTER.match(before) and _LATIN_LETTER.match(after):
        if _APOSTROPHE_TAIL_RE.match(text, end) and run == "?":
            return "lost apostrophe"
        return None
    if not HAN_RE.match(before or " "):
        return None
    inner = ";" in run or len(run) > 1
    if not _HAN_OR_MARK_RE.match(after or " "):
        # ``正?`` at a line end or before a space is a question.
        return None
    if after in "\u201d\u300b":
        return "lost character" if inner else None
    if inner or not HAN_RE.match(after):
        return "lost character"
    if _QUESTION_WORDS_RE.search(_clause_before(text, start)):
        return None
    return "lost character"


@lru_cache(maxsize=4096)
def _legacy_swap(run: str) -> Optional[tuple[str, str]]:
    for wrong, right in (("big5hkscs", "gb18030"), ("gb18030", "big5hkscs")):
        try:
            fixed = run.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != run and commonness(fixed) >= 0.9 and len(HAN_RE.findall(fixed)) >= 3:
            return fixed, f"{right} text read as {wrong}"
    return None


_RARE_RUN_RE = recache.compile(f"[{HAN}]{{4,}}")


def _ranges(char_class: str) -> List[Tuple[int, int]]:
    return [(ord(a or c), ord(b or c))
            for a, b, c in re.findall("(.)-(.)|(.)", char_class, re.S)]


@lru_cache(maxsize=1)
def _rare_re() -> "re.Pattern[str]":
    """A Han character that ``charfreq.is_common`` rejects."""
    return re.compile(f"[{_rare_class()}]")


@lru_cache(maxsize=1)
def _rare_class() -> str:
    """The ranges of ``_rare_re``'s class (thousands: compiling the class
    takes milliseconds, so the page scan, which holds it, compiles it alone).

    A swapped legacy codec gives mostly rare characters, and ordinary text
    has almost none; finding them with one scan of the text spares
    ``commonness`` on the dozens of Han runs of a page. The common
    characters are the two first levels decoded from their byte ranges,
    kept where ``is_common`` agrees, so the two cannot drift apart. Working
    that out takes 10 ms; the result is kept in the user cache
    (``_diskcache``), keyed by the code it comes from."""
    from ..text import charfreq
    from ..text import scripts
    from ..core import diskcache as _diskcache

    key = _diskcache.key("rare-han", (), (), (__file__, charfreq.__file__, scripts.__file__))
    got = _diskcache.get(key)
    if isinstance(got, str):
        return got
    got = _rare_ranges()
    _diskcache.put(key, got)
    return got


def _rare_ranges() -> str:
    pairs = bytes(b for hi in range(0xB0, 0xD8) for lo in range(0xA1, 0xFF) for b in (hi, lo))
    big5 = bytes(b for c in range(0xA440, 0xC67F) for b in (c >> 8, c & 0xFF))
    decoded = pairs.decode("gb2312", "replace") + big5.decode("big5", "replace")
    common = sorted(ord(c) for c in set(decoded) if is_common(c))
    rare = []
    for lo, hi in _ranges(HAN):
        pos = lo
        for c in common[bisect_left(common, lo):bisect_right(common, hi)]:
            if c > pos:
                rare.append((pos, c - 1))
            pos = c + 1
        if pos <= hi:
            rare.append((pos, hi))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in rare)


# Runs recur (a page's "&nbsp;" padding, a site's broken template): ftfy's
# repair is slow, and the answer depends on the run alone.
@lru_cache(maxsize=4096)
def _mojibake_repair(run: str) -> Optional[Tuple[str, str, float, str]]:
    """``(rule, repaired text, confidence, note)`` for a run of
    ``_MOJIBAKE_RE``, or ``None`` when no decoding explains it."""
    fixed = _utf8_repair(run)
    if fixed is not None:
        return "encoding.utf8_as_cp1252", fixed, 0.95, "UTF-8 text decoded as Windows-1252"
    fixed = _gbk_repair(run)
    if fixed is not None:
        return "encoding.gbk_as_latin1", fixed, 0.9, "GBK text decoded as Latin-1/Windows-1252"
    fixed = _sloppy_utf8_repair(run)
    if fixed is not None:
        # Part of the sequence is lost; the repair is a guess to check.
        return ("encoding.utf8_as_cp1252", fixed, 0.7,
                "UTF-8 text decoded as Windows-1252, a byte lost")
    return None


@lru_cache(maxsize=1)
def _damage_re() -> "re.Pattern[str]":
    """``_LOST_RE``, ``_MOJIBAKE_RE`` and a character of ``_rare_re`` in
    one pattern: led by the class of all their first characters, it reads
    the page once where three scans read it three times. Their characters
    are disjoint, so each kind's matches are those of its own pattern, and
    a first character of neither of the two short classes is a rare one
    (the rare class, thousands of ranges, is compiled once, not twice)."""
    return recache.compile(
        f"[?\ufffd{_LEAD}{_rare_class()}]"
        f"(?:(?<=[?\ufffd])(?P<lost>)(?:;?[?\ufffd])*|(?<=[{_LEAD}])(?P<mojibake>)[{_HIGH}]+"
        f"|(?<![?\ufffd{_LEAD}]))")


def _damage(text: str) -> Tuple[list, list, List[int]]:
    """The matches of ``_LOST_RE`` and of ``_MOJIBAKE_RE`` in ``text``, and
    the offsets of its rare Han characters (``_rare_re``)."""
    lost: list = []
    mojibake: list = []
    rare: List[int] = []
    for m in _damage_re().finditer(text):
        kind = m.lastgroup
        if kind is None:
            rare.append(m.start())
        elif kind == "lost":
            lost.append(m)
        else:
            mojibake.append(m)
    return lost, mojibake, rare


_LOST, _LEGACY = rule("encoding.lost_character"), rule("encoding.wrong_legacy_codec")


@register
class Encoding(Detector):
    name = "encoding"
    description = "characters damaged by a wrong or lossy decoding: 正?;?, U+FFFD, Zhang¡¯s, Ã©"
    rules = ("encoding.lost_character", "encoding.utf8_as_cp1252", "encoding.gbk_as_latin1",
             "encoding.wrong_legacy_codec")

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        lost, mojibake, rare = _damage(text)
        for m in lost:
            why = lost_character(text, m.start(), m.end())
            if why is None:
                continue
            end = m.end()
            suggestion = "\u2019" if why == "lost apostrophe" else ""
            yield _LOST.finding(m.start(), end, suggestion,
                                0.9 if why == "replacement character" else 0.8,
                                f"{why}: the original character was lost in a lossy conversion")
        for m in mojibake:
            repair = _mojibake_repair(m.group(0))
            if repair is not None:
                rule_id, fixed, confidence, note = repair
                yield rule(rule_id).finding(m.start(), m.end(), fixed, confidence, note)
        # Rare characters are Han: a page without them has no Chinese to check.
        if len(rare) >= 2:
            yield from self._legacy(text, rare)

    @staticmethod
    def _legacy(text: str, rare: Optional[List[int]] = None) -> Iterator[Finding]:
        # A run of four or more that is at most half common holds two rare
        # characters at least; a page with fewer has no such run. ``rare``:
        # their offsets, when the caller has them.
        if rare is None:
            rare = [m.start() for m in _rare_re().finditer(text)]
        if len(rare) < 2:
            return
        for m in _RARE_RUN_RE.finditer(text):
            if bisect_left(rare, m.end()) - bisect_left(rare, m.start()) < 2:
                continue
            run = m.group(0)
            if commonness(run) > 0.5:
                continue
            swap = _legacy_swap(run)
            if swap:
                yield _LEGACY.finding(m.start(), m.end(), swap[0], 0.8, swap[1])
