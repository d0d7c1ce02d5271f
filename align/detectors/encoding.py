"""Characters damaged by a wrong or lossy decoding.

These kinds of damage reach a reviewer, each with its own signature:

* **Lost characters.** A converter that cannot represent a character writes
  ``?`` (or U+FFFD) in its place: ``正?;?`` for ``正常化``. A question mark is
  also punctuation, so only a ``?`` that cannot be one is flagged: inside a
  word of Chinese (a Han character on both sides, or another ``?`` or a CJK
  mark right after it, or the rest of a tag or a reading whose opening went
  with it: ``?!?/strong>``, ``變?yōu)``), opening a word (``area of ??Yunnan``,
  ``??第一章``), glued between Latin letters where an apostrophe was
  (``Zhang?s``) or where a no-break space was (``ten?years``,
  ``encoding.lost_space``), between a number and its unit (``35?C``). Two
  or more after a space, a line start or an opening mark (``Source:
  ??????``, ``“????”``) are a Chinese word lost whole. A ``?`` between two
  Chinese clauses counts as a question mark when the clause before it asks
  something (吗, 呢, 什么, 谁 ...). U+FFFD is always damage.
* **UTF-8 read as GBK or Big5.** ``杩涘叆`` for ``进入``: the most common
  Chinese mojibake on the web. ``text.mojibake`` encodes a line back with the
  wrong codec and decodes it as UTF-8, modelling the bytes decoders and the
  tools after them lose; a run whose reversal is ordinary Chinese where the
  input is rare characters is reported once, with the repair.
* **GBK read as Latin-1.** The two bytes of a GBK character, read one by one
  as Windows-1252, become two accented Latin letters: ``’`` (A1 AF) becomes
  ``¡¯``. A run of such letters is encoded back to bytes and decoded as
  GB18030; if that gives Chinese punctuation or ordinary Chinese characters
  (most of them in the first level of GB 2312), the decoding is the
  suggestion. A single pair inside a word must give a mark (accented words
  hold pairs that give Han characters by chance: ``FUNDAÇÃO``).
* **UTF-8 read as Windows-1252.** ``Ã©`` for ``é``, ``â€™`` for ``’``,
  decoded again while it still decodes (text read wrongly twice); a
  sequence a byte short that one undefined byte completes (``â€`` and its
  lost 9D: ”); ``ftfy`` knows the rest of these sequences and undoes them.
* **One Chinese legacy codec read as the other.** GBK bytes read as Big5 (or
  the reverse) give rare characters and symbols; if re-encoding and decoding
  with the other codec gives common ones that read as words, that is the
  suggestion.
* **HTML printed as text.** ``&#39;``, ``&amp;nbsp;``, ``nbsp;``,
  ``&lt;/strong&gt;``, ``/strong>``.

Ordinary text never matches: the candidates are runs of Latin-1 letters that
no language writes two or more in a row, question marks where no
punctuation goes, lines of rare Han characters whose reversal reads as
Chinese, and HTML's own syntax.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from typing import Iterator, List, Optional, Tuple

from ..core import recache
from ..text import mojibake
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
_LOST_RE = re.compile("[?\ufffd](?:[;!]?[?\ufffd])*")
_QUESTION_WORDS_RE = re.compile("[吗嗎呢吧么麼谁誰哪怎何几幾啥]|什么|什麼|多少|是否|难道|難道|可否|能否|有没有|有沒有|是不是")
_CLAUSE_BREAK_RE = re.compile(f"[。！？；，,.!;\n{CJK_PUNCT}]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_APOSTROPHE_TAIL_RE = re.compile(r"(?:s|t|d|m|ll|re|ve)\b")
_HAN_OR_MARK_RE = recache.compile(f"[{HAN}\u3001\u3002\uff0c\uff1b\uff1a\u300a\u300b\u201c\u201d)\uff09]")


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
    """Text a GB decoding should give: Chinese punctuation and the first
    level of GB 2312 only (the second level, rare characters, is what the
    letter pairs of European words decode to: ``ñó`` 耋)."""
    if not s or "\ufffd" in s:
        return False
    han = HAN_RE.findall(s)
    other = [c for c in s if not HAN_RE.match(c)]
    if any(not re.match(f"[{CJK_PUNCT}\u2018\u2019\u201c\u201d]", c) for c in other):
        return False
    if not han:
        return True
    return sum(map(_gb_level1, han)) >= 0.8 * len(han)


def _gb_level1(ch: str) -> bool:
    try:
        return 0xB0 <= ch.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


def _lone_gbk_han(text: str, latin: list, k: int, fixed: str) -> bool:
    """Whether the GBK reading ``fixed`` of ``latin[k]`` is one Han
    character that only chance explains. Accented words hold single pairs of
    Latin-1 letters (``FUNDAÇÃO``, ``cañón``) and one in four of them reads
    as a common GB character: a single pair inside a word must read as a
    Chinese mark (``Zhang¡¯s``), and one standing alone needs mojibake of
    the same kind right next to it (``ÖÐ ¹ú``)."""
    if len(fixed) != 1 or not HAN_RE.match(fixed):
        return False
    m = latin[k]
    if _glued(text, m.start(), "") or m.end() < len(text) and text[m.end()].isalnum():
        return True
    for j in (k - 1, k + 1):
        if 0 <= j < len(latin):
            o = latin[j]
            gap = text[o.end():m.start()] if j < k else text[m.end():o.start()]
            if len(gap) <= 2 and not gap.strip() and _gbk_repair(o.group(0)) is not None:
                return False
    return True


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


# The bytes Windows-1252 leaves undefined: a decoder drops them (or writes
# U+FFFD), so a sequence that held one comes out a byte short.
_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _completion(seq: bytes, han: bool) -> Optional[str]:
    """The one character that a UTF-8 sequence one byte short (``â€``,
    E2 80) becomes with an undefined byte after it, or ``None`` when none or
    several do. Only characters text is written with count: those
    Windows-1252 has (”, not the hyphen U+2010 or the joiner U+200D) and,
    if ``han``, common Han characters."""
    found = set()
    for b in _CP1252_UNDEFINED:
        try:
            ch = (seq + bytes((b,))).decode("utf-8")
        except UnicodeDecodeError:
            continue
        if HAN_RE.match(ch):
            if han and is_common(ch):
                found.add(ch)
            continue
        try:
            ch.encode("cp1252")
        except UnicodeEncodeError:
            continue
        found.add(ch)
    return found.pop() if len(found) == 1 else None


def _utf8_repair_short(run: str) -> Optional[str]:
    """The UTF-8 reading of ``run`` where each sequence a byte short is
    completed by the one undefined byte that makes it a character
    (``historicâ€ and``: ”)."""
    raw = _to_bytes(run)
    if raw is None:
        return None
    out = []
    short = []      # where each sequence a byte short is, in ``out``
    i, n = 0, len(raw)
    while i < n:
        b = raw[i]
        need = 1 if 0xC2 <= b <= 0xDF else 2 if 0xE0 <= b <= 0xEF else 3 if 0xF0 <= b <= 0xF4 else 0
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        if not need:
            return None
        j = i + 1
        while j < n and j - i <= need and 0x80 <= raw[j] <= 0xBF:
            j += 1
        if j - i == need + 1:
            try:
                out.append(raw[i:j].decode("utf-8"))
            except UnicodeDecodeError:
                return None
        elif j - i == need:
            short.append((len(out), raw[i:j]))
            out.append("")
        else:
            return None
        i = j
    # A Han character completes an accented letter and the curly quote after
    # it now and then (``José’s``, E9 92: 钝): a Han completion needs a
    # whole character of the run beside it.
    han = any(c and ord(c) >= 0x80 for c in out)
    for k, seq in short:
        out[k] = _completion(seq, han) or ""
        if not out[k]:
            return None
    return "".join(out) if short else None


def _short_at_end(raw: bytes) -> bool:
    """Whether ``raw`` ends on a UTF-8 sequence one byte short."""
    k = len(raw) - 1
    while k >= 0 and 0x80 <= raw[k] <= 0xBF and len(raw) - k < 4:
        k -= 1
    if k < 0:
        return False
    b = raw[k]
    need = 1 if 0xC2 <= b <= 0xDF else 2 if 0xE0 <= b <= 0xEF else 3 if 0xF0 <= b <= 0xF4 else 0
    return need == len(raw) - k


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
    before = text[start - 1] if start else "\n"
    after = text[end] if end < len(text) else ""
    if _LATIN_LETTER.match(before):
        if _LATIN_LETTER.match(after) and run == "?":
            if _APOSTROPHE_TAIL_RE.match(text, end):
                return "lost apostrophe"
            if _lost_space(text, start, end):
                return "lost space"
        return None
    if before in "\n\r" or before.isspace():
        # No question mark opens a word: ``of ??Yunnan`` lost two
        # zero-width spaces, ``??第一章`` a paragraph's full-width indent.
        if _WORD_START_RE.match(after or " ") and not _QUERY_RE.match(text, end):
            return "lost invisible character" if before not in "\n\r" or \
                not HAN_RE.match(after) else "lost character"
        # Nor does one open a line before its first word: a lost bullet.
        if before in "\n\r" and _BULLET_RE.match(text, end):
            return "lost character"
        return _marks_alone(text, start, end, before)
    if before.isdigit() and before.isascii():
        if after.isdigit() and after.isascii():
            # ``2019?2020``: a dash or a tilde lost between two numbers.
            return "lost character"
        if run == "?" and _unit_after(text, end):
            # ``35?C``, ``35?g/m3``, ``2?m``: a degree or micro sign, or the
            # no-break space, lost between a number and its unit.
            return "lost character"
        return None
    if before in _OPENING:
        if before in _CJK_OPENING and run == "?" and _closes(before, after):
            return None     # ``（?）``: a question mark on its own, queried
        if before not in _CJK_OPENING and run == "?" and not HAN_RE.match(after):
            # After a mark English writes too, one ``?`` stands for a
            # Chinese character only before another.
            return None
        if len(run) > 1:
            return _marks_alone(text, start, end, before)
    reading = _READING_BEFORE_RE.search(text, max(0, start - 12), start) if before == ")" else None
    if reading:
        before = text[reading.start()]  # ``處(chù)?``: as if the reading were not there
    elif _READING_RE.match(text, end) and (HAN_RE.match(before) or before in "\n\r"):
        return "lost character"     # ``?(chǎn)``: a converter's reading of the lost character
    if not HAN_RE.match(before) and before not in _OPENING:
        return None
    if ";" in run or _TAG_DEBRIS_RE.match(text, end) or _READING_TAIL_RE.match(text, end):
        # ``正?;?``: a broken character reference; ``轉化?!?/strong>``: the
        # ``<`` of a tag went with the lost characters; ``變?yōu)``: the
        # ``(`` of a converter's reading did.
        return "lost character"
    inner = len(run) > 1 and "!" not in run
    if not _HAN_OR_MARK_RE.match(after or " "):
        if _LATIN_LETTER.match(after or " ") or after.isdigit() and after.isascii():
            # ``时间?2023``: a lost full-width colon or space, unless the
            # clause before asks something.
            return None if _QUESTION_WORDS_RE.search(_clause_before(text, start)) \
                else "lost character"
        # ``正?`` at a line end or before a space is a question.
        return None
    if after in "\u201d\u300b":
        return "lost character" if inner else None
    if after in ")\uff09" and not inner:
        # ``(陈?)``: the last character of a name lost before the bracket
        # closes, unless the clause asks something (``(是吗?)``).
        return None if _QUESTION_WORDS_RE.search(_clause_before(text, start)) \
            else "lost character"
    if inner or not HAN_RE.match(after):
        return "lost character"
    if _QUESTION_WORDS_RE.search(_clause_before(text, start)):
        return None
    return "lost character"


def _marks_alone(text: str, start: int, end: int, before: str) -> Optional[str]:
    """Two or more ``?`` after a space, a line start or an opening or
    medial mark: ``Source: ??????``, ``“????”``, ``(????)``, ``【????】``, a
    line of ``????``, ``会议强调，????要加快``. A question mark ends a word
    or a sentence; a run of them with none before stands for lost
    characters (a Chinese word through a Latin-1 database). Not the ``??``
    operator of a line of code (``x ?? y``)."""
    if text.count("?", start, end) < 2:
        return None
    if text.startswith("??", start) and end - start == 2 and before.isspace() \
            and _CODE_RE.search(text, max(0, start - 60), min(len(text), end + 60)):
        return None
    return "lost character"


def _unit_after(text: str, end: int) -> bool:
    """Whether a unit symbol starts at ``end`` (``quantities``' English
    units, written as symbols; a temperature scale's letter, whose degree
    sign is what a ``?`` took)."""
    from ..text.quantities import _EN_UNIT_ANY

    if _SCALE_RE.match(text, end):
        return True
    m = _EN_UNIT_ANY.match(text, end)
    if m is None or not m.group(1).islower() or len(m.group(1)) > 3:
        return False
    from ..resources.wordfreqs import zipf

    return zipf(m.group(1)) < 6.0     # ``2?in the morning``: a word, not inches


def _closes(before: str, after: str) -> bool:
    return _PAIRS.get(before) == after


# Marks that open a phrase or sit inside one, where a word of Chinese
# follows (a Han character's place before a ``?``); the first set only
# Chinese typography uses.
_CJK_OPENING = "\uff0c\uff1a\u3010\uff08\u300a\u3001\uff1b\u300c\u300e\u3014\uff3b\u3008"
_OPENING = _CJK_OPENING + "\u201c\u2018([{\"':,;"
_PAIRS = {"\u3010": "\u3011", "\uff08": "\uff09", "\u300a": "\u300b", "\u300c": "\u300d",
          "\u300e": "\u300f", "\u3014": "\u3015", "\uff3b": "\uff3d", "\u3008": "\u3009"}
_SCALE_RE = re.compile(r"[CF](?![A-Za-z])")
# Signs of a line of code around a ``??``: an assignment, a statement's end,
# a block, an arrow.
_CODE_RE = re.compile(r"[=;{}]")


# What may follow a ``?`` that opens a word, and what makes it a query
# string's ``?`` (``?id=3``) instead.
_WORD_START_RE = recache.compile(f"[A-Za-z0-9{HAN}]")
_QUERY_RE = re.compile(r"\w+=")
_BULLET_RE = recache.compile(f"[ \t\u3000]+[A-Za-z0-9{HAN}]")
# A closing tag whose ``<`` is gone, right after the lost characters.
_TAG_NAMES = ("a|abbr|b|big|blockquote|br|center|code|dd|div|dl|dt|em|font|h[1-6]|i|li|ol|"
              "p|pre|s|small|span|strike|strong|sub|sup|table|tbody|td|th|tr|u|ul")
_TAG_DEBRIS_RE = re.compile(f"/(?:{_TAG_NAMES})>")
# The tail of a converter's reading, ``yōu)``, whose ``(`` is gone.
_READING_TAIL_RE = re.compile("[a-z\u00e0-\u00fc\u0101-\u01dc\u0300-\u036f]{1,7}\\)")
# A converter's reading in parentheses, after the ``?`` or ending right
# before it (``處(chù)?``; the character before the ``(`` is Han).
_PINYIN = "a-z\u00e0-\u00fc\u0101-\u01dc\u0300-\u036f"
_READING_RE = re.compile(f"\\([{_PINYIN}]{{1,7}} ?\\)")
_READING_BEFORE_RE = recache.compile(f"[{HAN}]\\([{_PINYIN}]{{1,7}} ?\\)$")
# An English word, with an apostrophe ending (``let’s``).
_WORD_BEFORE_RE = re.compile(r"([A-Za-z]+)(?:['\u2019][A-Za-z]{1,2})?$")
_WORD_AFTER_RE = re.compile(r"[a-z]+")


def _lost_space(text: str, start: int, end: int) -> bool:
    """Whether the ``?`` at ``start`` stands for a lost (no-break or zero-
    width) space between two English words: ``ten?years``, ``let’s?take``.
    A question mark is followed by a space or ends the text; glued to a
    lower-case word, both sides common words and the two together no word,
    it is a space a lossy conversion could not write. Never inside a web
    address or a piece of code (``index.php?id=3``)."""
    left = _WORD_BEFORE_RE.search(text, max(0, start - 40), start)
    right = _WORD_AFTER_RE.match(text, end)
    if left is None or right is None:
        return False
    tok_start = left.start()
    tok_end = right.end()
    if tok_start and not text[tok_start - 1].isspace() and text[tok_start - 1] not in "\"'(\u201c\u2018":
        return False
    if tok_end < len(text) and (text[tok_end].isalnum() or text[tok_end] in "=&/_@"):
        return False
    from ..resources.wordfreqs import zipf

    a, b = left.group(1), right.group(0)
    if b in _ANSWERS:
        return False    # ``see it?yes``: a question answered, carelessly typed
    return zipf(a) >= 3.0 and zipf(b) >= 3.0 and zipf(a + b) < 1.0


_ANSWERS = frozenset(("yes", "no", "yeah", "yep", "nope", "ok", "okay", "i", "oh", "well", "sure"))


_CHINESE_ONLY_RE = recache.compile(f"[{HAN}{CJK_PUNCT}\u2018\u2019\u201c\u201d]+")


@lru_cache(maxsize=4096)
def _legacy_swap(run: str) -> Optional[tuple[str, str]]:
    for wrong, right in (("big5hkscs", "gb18030"), ("gb18030", "big5hkscs")):
        try:
            fixed = run.encode(wrong).decode(right)
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        # Chinese and nothing else: a kana, a Latin letter or a private-use
        # character in the swap is the wrong codec pair at work again.
        if fixed != run and commonness(fixed) >= 0.9 and len(HAN_RE.findall(fixed)) >= 3 \
                and _CHINESE_ONLY_RE.fullmatch(fixed):
            return fixed, f"{right} text read as {wrong}"
    return None


def _reads_better(fixed: str, run: str) -> bool:
    """Whether the swapped text is made of words where the run is not: a
    run of rare characters that is itself a word (``旮旮旯旯``, ``蚍蜉撼樹``
    on a line of its own) swaps into common characters now and then, but
    not into words."""
    after, before = mojibake.word_share(fixed), mojibake.word_share(run)
    return after >= 0.5 and after >= before + 0.25


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
    return _diskcache.cached(key, _rare_ranges, str)


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


_SHORT_NOTE = "UTF-8 text decoded as Windows-1252, a byte it does not define dropped"


# Runs recur (a page's "&nbsp;" padding, a site's broken template): ftfy's
# repair is slow, and the answer depends on the run alone.
@lru_cache(maxsize=4096)
def _mojibake_repair(run: str) -> Optional[Tuple[str, str, float, str]]:
    """``(rule, repaired text, confidence, note)`` for a run of
    ``_MOJIBAKE_RE``, or ``None`` when no decoding explains it."""
    fixed = _utf8_repair(run)
    if fixed is not None:
        # Decoded wrongly twice or more (``Ã¤Â¸Â­`` is ``ä¸­`` is 中): undo
        # every layer. Sure only when what is left holds no mojibake.
        layers = 1
        while layers < 4:
            again = _utf8_repair(fixed)
            if again is None:
                break
            fixed, layers = again, layers + 1
        how = "UTF-8 text decoded as Windows-1252" + (f", {layers} times" if layers > 1 else "")
        if any(_mojibake_repair(m.group(0)) for m in _MOJIBAKE_RE.finditer(fixed)):
            return "encoding.utf8_as_cp1252", fixed, 0.7, how + "; what is left still looks damaged"
        return "encoding.utf8_as_cp1252", fixed, 0.95, how
    fixed = _gbk_repair(run)
    if fixed is not None:
        return "encoding.gbk_as_latin1", fixed, 0.9, "GBK text decoded as Latin-1/Windows-1252"
    fixed = _utf8_repair_short(run)
    if fixed is not None:
        return "encoding.utf8_as_cp1252", fixed, 0.7, _SHORT_NOTE
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
        f"(?:(?<=[?\ufffd])(?P<lost>)(?:[;!]?[?\ufffd])*|(?<=[{_LEAD}])(?P<mojibake>)[{_HIGH}]+"
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


# HTML that reached the text as characters: an entity printed instead of
# decoded (``&#39;``), escaped twice (``&amp;nbsp;``) or without its ``&``
# (``nbsp;``), an escaped tag (``&lt;/strong&gt;``), a closing tag whose
# ``<`` a lossy conversion took (``/strong>``).
_BARE_NAMES = ("nbsp", "quot", "ldquo", "rdquo", "lsquo", "rsquo", "mdash", "ndash", "hellip",
               "middot", "emsp", "ensp")
# Each led by a literal character, so that ``re`` skips to it in C; a page
# without ``&``, ``;`` or ``>`` is not read by them at all.
_AMP_RE = re.compile(
    r"&(?:amp;)*(?:lt;|#0*60;)/?(?:" + _TAG_NAMES + r")\b[^&<>\n]{0,200}?&(?:amp;)*(?:gt;|#0*62;)"
    r"|&(?:amp;)*(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});"
    # A decimal reference without its ";", which browsers decode all the same
    # ("&#20013&#22269").
    r"|&(?:amp;)*#\d{2,7}(?![\d;])")
_BARE_RE = re.compile(";(?:" + "|".join(f"(?<={n};)" for n in _BARE_NAMES) + ")")
_EATEN_RE = re.compile(r">(?:" + "|".join(f"(?<=/{n}>)" for n in _TAG_NAMES.split("|")
                                          if "[" not in n) + r"|(?<=/h\d>))")
_BLANK = {"\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
          "\u200c": "", "\u200d": "", "\ufeff": ""}


def _glued(text: str, pos: int, also: str) -> bool:
    """Whether ``text[pos - 1]`` is a letter, a digit or one of ``also``."""
    return pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in also)


def _html_debris(text: str) -> Iterator[Finding]:
    spans: List[Tuple[int, int, str]] = []
    if "&" in text:
        spans += ((m.start(), m.end(), "tag" if m.group(0).endswith(("gt;", "62;")) else "ref")
                  for m in _AMP_RE.finditer(text))
    if ";" in text:
        for m in _BARE_RE.finditer(text):
            start = text.rfind(";", 0, m.start()) + 1     # never before the name
            start = max(start, m.start() - 6)
            while not text[start:m.end()].startswith(_BARE_NAMES):
                start += 1
            # Not after ``&`` (a whole entity) or inside a word.
            if not _glued(text, start, "&_"):
                spans.append((start, m.end(), "bare"))
    if ">" in text:
        for m in _EATEN_RE.finditer(text):
            start = text.rfind("/", 0, m.start())
            # Not the end of a whole tag (``</p>``) or of a path (``a//p>``).
            if not (start and text[start - 1] in "<_/"):
                spans.append((start, m.end(), "eaten"))
    if not spans:
        return
    import html

    last = 0
    for start, end, kind in sorted(spans):
        if start < last:
            continue    # ``nbsp;`` of ``&amp;nbsp;``
        last = end
        got = text[start:end]
        if kind == "tag":
            yield _TAG.finding(start, end, "", 0.8, "an HTML tag printed as text (escaped)")
            continue
        if kind == "eaten":
            yield _TAG.finding(start, end, "", 0.8, "the rest of an HTML tag whose < was lost")
            continue
        bare = kind == "bare"
        plain = html.unescape("&" + got if bare else got)
        while "&" in plain and plain != html.unescape(plain):
            plain = html.unescape(plain)
        if plain == got or any(c == "\ufffd" or ord(c) < 0x20 and c not in "\t\n"
                               for c in plain):
            continue    # no entity HTML knows (``&foo;``), or no character
        fixed = "".join(_BLANK.get(c, c) for c in plain)
        how = ("without its &" if bare else "escaped twice" if "&amp;" in got
               else "printed as text")
        yield _ENTITY.finding(start, end, fixed, 0.8 if bare else 0.9,
                              f"an HTML character reference {how}")


def _inside(spans: List[Tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of ``spans`` (sorted)."""
    i = bisect_right(spans, (start, float("inf")))
    if i and spans[i - 1][1] > start:
        return True
    return i < len(spans) and spans[i][0] < end


_SYMBOL_RE = re.compile("[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f"
                        "\ue000-\uf8ff\ufffd]")


def _reversed_runs(text: str, rare: List[int], lost: list) -> list:
    """Runs of UTF-8 read as GBK or Big5 (``text.mojibake``), one line at a
    time: the lines with a rare Han character (such mojibake is made of
    them) or a lost character, that a quick test in C lets through. Once a
    page shows such mojibake, its other lines of mostly rare characters are
    looked at again with less evidence asked of them."""
    if not rare and not lost:
        return []
    marks = rare
    if lost:
        marks = sorted(rare + [m.start() for m in lost if "\ufffd" in m.group(0)])
    lines = []
    k = 0
    while k < len(marks):       # each line with a mark, once
        ls = text.rfind("\n", 0, marks[k]) + 1
        le = text.find("\n", marks[k])
        le = len(text) if le < 0 else le
        lines.append((ls, le))
        k = bisect_left(marks, le, k)
    runs = []
    again = []
    for ls, le in lines:
        n_rare = bisect_left(rare, le) - bisect_left(rare, ls)
        line = text[ls:le]
        if n_rare * 20 < len(line) - len(line.encode("ascii", "ignore")) \
                and "\ufffd" not in line:
            # Ordinary Chinese with a rare character here and there: mojibake
            # is a rare character in ten at least (of all its characters).
            continue
        families = mojibake.worth_reversing(line, n_rare)
        if len(families) < len(mojibake.FAMILIES) and n_rare >= 2:
            # A line whose Chinese is mostly rare characters: too little of
            # it, or too damaged, for the quick test (``鍏徃``, 公司). Both
            # families then: the one the quick test let through (Big5, for
            # its U+FFFD) need not be the one (GBK) that explains the line.
            n_han = len(HAN_RE.findall(text, ls, le))
            if n_rare * 5 >= 4 * n_han:
                families = mojibake.FAMILIES
        found = mojibake.find_runs(text, ls, le, families) if families else []
        if not found:
            # Rare characters, and the kana, Greek, Cyrillic, box drawing and
            # U+FFFD that the symbol rows of each codec give the other's
            # characters, dense on a line that is no UTF-8: GBK read as Big5
            # or the reverse?
            odd = n_rare + len(_SYMBOL_RE.findall(text, ls, le))
            if odd >= 3 and odd * 5 >= len(HAN_RE.findall(text, ls, le)) + odd - n_rare:
                found = mojibake.find_legacy_runs(text, ls, le)
        runs += found
        if not found:
            again.append((ls, le))
    if any(not r.all_lost and r.family in mojibake.FAMILIES for r in runs) and again:
        spans = sorted((r.start, r.end) for r in runs)
        for ls, le in sorted(set(again)):
            runs += (r for r in mojibake.find_runs(text, ls, le, ("gbk",), True)
                     if not _inside(spans, r.start, r.end))
        runs.sort(key=lambda r: r.start)
    return runs


_FAMILY_NAME = {"gbk": "GBK", "big5": "Big5"}


def _run_finding(r) -> Finding:
    if ">" in r.family:
        right, wrong = (_FAMILY_NAME[f] for f in r.family.split(">"))
        lost = r.repaired.count("\ufffd")
        note = f"{right} text read as {wrong}"
        if lost:
            note += f"; {lost} character{'s' if lost > 1 else ''} marked U+FFFD lost"
        return _LEGACY.finding(r.start, r.end, r.repaired, 0.8, note)
    codec = _FAMILY_NAME[r.family]
    if r.all_lost:
        return _LOST.finding(r.start, r.end, "", 0.9,
                             "U+FFFD written as UTF-8 and read as GBK (锟斤拷): the characters "
                             "were lost before")
    reversed_ = rule(f"encoding.utf8_as_{r.family}")
    if r.exact:
        return reversed_.finding(r.start, r.end, r.repaired, 0.95,
                                 f"UTF-8 text decoded as {codec}; encoding it back gives the "
                                 "suggestion exactly")
    if r.repaired:
        lost = r.repaired.count("\ufffd")
        how = (f"{lost} character{'s' if lost > 1 else ''} marked U+FFFD could not be "
               "restored" if lost else "the damaged characters are guessed")
        return reversed_.finding(r.start, r.end, r.repaired, 0.7,
                                 f"UTF-8 text decoded as {codec}, bytes lost on the way: {how}")
    return reversed_.finding(r.start, r.end, "", 0.7,
                             f"UTF-8 text decoded as {codec}, too many bytes lost to restore it")


_LOST, _LEGACY = rule("encoding.lost_character"), rule("encoding.wrong_legacy_codec")
_SPACE, _ENTITY, _TAG = (rule("encoding.lost_space"), rule("encoding.html_entity"),
                         rule("encoding.html_tag"))


@register
class Encoding(Detector):
    name = "encoding"
    languages = "any"
    description = ("characters damaged by a wrong or lossy decoding: 正?;?, U+FFFD, 杩涘叆, "
                   "Zhang¡¯s, Ã©, &#39;")
    rules = ("encoding.lost_character", "encoding.lost_space", "encoding.utf8_as_gbk",
             "encoding.utf8_as_big5", "encoding.utf8_as_cp1252", "encoding.gbk_as_latin1",
             "encoding.wrong_legacy_codec", "encoding.html_entity", "encoding.html_tag")
    # Mojibake is made of Han characters: the untranslated check would call
    # it Chinese left untranslated. Where this check's findings cover a Han
    # run whole, it reports the span alone; Chinese around a lost character
    # is still untranslated.
    supersedes = ("untranslated.han_run",)
    supersede_by = "cover"

    def detect(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        lost, latin, rare = _damage(text)
        runs = _reversed_runs(text, rare, lost)
        taken = [(r.start, r.end) for r in runs]
        for r in runs:
            yield _run_finding(r)
        latin_found = list(self._latin(text, latin, taken))
        # A U+FFFD that a repaired run took in (``â€�``) is no lost character.
        took = sorted((f.end - 1, f.end) for f in latin_found if text[f.end - 1] == "\ufffd")
        for m in lost:
            if taken and _inside(taken, m.start(), m.end()) or \
                    took and _inside(took, m.start(), m.start() + 1):
                continue
            why = lost_character(text, m.start(), m.end())
            if why is None:
                continue
            end = m.end()
            if why == "lost space":
                yield _SPACE.finding(m.start(), end, " ", 0.8,
                                     "a no-break or zero-width space between two words, "
                                     "lost in a lossy conversion")
                continue
            suggestion = "\u2019" if why == "lost apostrophe" else ""
            yield _LOST.finding(m.start(), end, suggestion,
                                0.9 if why == "replacement character" else 0.8,
                                f"{why}: the original character was lost in a lossy conversion")
        yield from latin_found
        yield from _html_debris(text)
        # Rare characters are Han: a page without them has no Chinese to check.
        if len(rare) >= 2:
            for f in self._legacy(text, rare):
                if not (taken and _inside(taken, f.start, f.end)):
                    yield f

    @staticmethod
    def _latin(text: str, latin: list, taken: List[Tuple[int, int]]) -> Iterator[Finding]:
        """The findings of the runs of Latin-1 letters (``_MOJIBAKE_RE``)."""
        for k, m in enumerate(latin):
            if taken and _inside(taken, m.start(), m.end()):
                continue
            repair = _mojibake_repair(m.group(0))
            if repair is None:
                continue
            rule_id, fixed, confidence, note = repair
            if rule_id == "encoding.gbk_as_latin1" and _lone_gbk_han(text, latin, k, fixed):
                continue
            end = m.end()
            if note is _SHORT_NOTE and text.startswith("\ufffd", end) and \
                    _short_at_end(_to_bytes(m.group(0)) or b""):
                end += 1    # ``â€�``: the decoder's mark for the byte it could not read
            yield rule(rule_id).finding(m.start(), end, fixed, confidence, note)

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
            if swap and _reads_better(swap[0], run):
                yield _LEGACY.finding(m.start(), m.end(), swap[0], 0.8, swap[1])
