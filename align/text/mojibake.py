"""Undoing text that was decoded with the wrong Chinese codec.

A page written in UTF-8 and read as GBK (or GB18030, or Big5) turns every
Chinese character's three bytes into one and a half characters of the legacy
codec: ``进入`` (E8 BF 9B E5 85 A5) becomes ``杩涘叆`` (E8BF 9BE5 85A5). The
damage is reversible: encoding the text back with the codec it was wrongly
read with gives the original bytes, which decode as UTF-8. Ordinary text
never does this: GBK and Big5 pairs almost never line up into UTF-8
sequences, so the reversal of real Chinese is a string of decoding errors.

What the decoders and the tools after them did to the bytes decides how
much comes back, and ``reverse`` models each loss:

* A GBK decoder pairs bytes. When a sequence ends on an odd byte, that byte
  pairs with the next one; if the next is ASCII (a space, a line break, a
  digit) the pair is invalid and the lead byte is lost (``銆`` at a line end
  is 。 = E3 80 82 with its 82 gone) or written as U+FFFD or ``?``
  (``绗�(Tab)``).
* Byte pairs in the user-defined rows (GBK AAA1-AFFE, Big5 8140-A0FE)
  decode to private-use characters, which later tools drop: two bytes vanish
  between two characters of the run.
* Full-width Latin letters and digits (A3 xx in GBK) are often folded to
  ASCII afterwards (NFKC): ``浠g爜`` is ``浠ｇ爜``, 代码. A letter inside a run
  that only makes sense as two continuation bytes is taken as its full-width
  form.
* Windows' GBK (cp936) and browsers read byte 80 alone as ``€``.
* U+FFFD written out as UTF-8 (EF BF BD) and read as GBK is ``锟斤拷``.

``reverse`` finds the cheapest explanation of a stretch (a Viterbi search
over the UTF-8 decoder's state: each loss above costs one, a byte that no
sequence explains three) and gives back every character with the stretch of
input it came from. ``find_runs`` keeps the runs whose reversal reads as
ordinary Chinese (``charfreq``) where the input is made of rare characters.

GBK read as Big5 and Big5 read as GBK pair up byte for byte and need no
search: ``reverse_dbcs`` swaps them, ``find_legacy_runs`` keeps what reads
as ordinary Chinese and as words (``word_share``, jieba's dictionary) where
the input does not.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, NamedTuple, Optional, Tuple

from .charfreq import is_common, standards_common
from .scripts import CJK_PUNCT, HAN, QUOTES

#: The legacy codecs a UTF-8 page gets read with.
FAMILIES = ("gbk", "big5")
_CODECS = {"gbk": ("gbk", "gb18030"), "big5": ("cp950", "big5hkscs")}
#: The first byte of a user-defined pair, as UTF-8 a continuation byte.
_USER_LEAD = {"gbk": (0xAA, 0xAF), "big5": (0x81, 0xA0)}

_HAN_RE = re.compile(f"[{HAN}]")
_ORDINARY_MARK_RE = re.compile(f"[{CJK_PUNCT}{QUOTES}\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")

# Unknown bytes: ("c", lo, hi) a continuation byte in [lo, hi]; ("l", n, lo,
# hi) a lead byte announcing n continuation bytes; ("x",) a character the
# codec cannot have produced (it ends any sequence and explains nothing).
_CONT_ANY = ("c", 0x80, 0xBF)
_CONT_LEAD = ("c", 0x81, 0xBF)    # a legacy lead byte, as UTF-8 a continuation
_LEADS = (("l", 1, 0xC2, 0xDF), ("l", 2, 0xE0, 0xEF), ("l", 3, 0xF0, 0xF4))
_FOREIGN = ("x",)

# Costs of the explanations. A lost byte (before ASCII, or a dropped user-
# defined pair) is ordinary damage; a byte no sequence explains, or a
# sequence cut short with no loss to explain it, is evidence against.
_LOSS = 1.0
_STRAY = 3.0
_FOLD = 0.01        # full-width fold: only when it explains more
_QMARK = 0.5        # ``?`` written for a lost byte


class Unit(NamedTuple):
    """One character of the reversal: ``text`` came from the input
    characters ``[start, end)``. ``kind``: ``ok`` (a whole multi-byte
    sequence), ``ascii``, ``lost`` (a sequence with bytes the damage took:
    ``text`` is a guess or U+FFFD), ``stray`` (a byte no sequence explains,
    or a character no legacy codec gives)."""

    start: int
    end: int
    text: str
    kind: str
    #: The bytes of a ``lost`` unit, unknown ones as ranges (see ``_guess``).
    toks: Tuple = ()


@lru_cache(maxsize=16384)
def _encode(ch: str, family: str) -> Optional[Tuple[int, ...]]:
    """The bytes the ``family`` decoder read as ``ch``, or ``None``."""
    if family == "gbk" and ch == "\u20ac":  # cp936 and browsers: byte 80 alone
        return (0x80,)
    for codec in _CODECS[family]:
        try:
            b = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) <= 2:
            return tuple(b)
    return None


# What one U+FFFD may stand for: the byte a decoder could not pair (a lead
# before an invalid trail), or the two bytes of a pair it could not map.
# Chinese is three bytes a character in UTF-8: where the bytes are unknown,
# a three-byte lead is the likelier one.
_ONE = (((_CONT_ANY,), 0.0), ((_LEADS[0],), 0.05), ((_LEADS[1],), 0.0), ((_LEADS[2],), 0.05))
_WILDCARD = _ONE + tuple((a + b, 0.2 + ca + cb) for a, ca in _ONE for b, cb in _ONE)


@lru_cache(maxsize=16384)
def _options(ch: str, family: str) -> Tuple[Tuple[Tuple, float], ...]:
    """The byte strings ``ch`` may stand for, each with its cost."""
    o = ord(ch)
    if ch == "\ufffd":
        return _WILDCARD
    if o < 0x80:
        out: List[Tuple[Tuple, float]] = [((o,), 0.0)]
        if 0x20 <= o < 0x7F:
            wide = "\u3000" if ch == " " else chr(o + 0xFEE0)
            b = _encode(wide, family)
            if b is not None and len(b) == 2:
                out.append((b, _FOLD))
        if ch == "?":
            out += [(toks, c + _QMARK) for toks, c in _WILDCARD]
        return tuple(out)
    b = _encode(ch, family)
    if b is None:
        return (((_FOREIGN,), 0.0),)
    return ((b, 0.0),)


@lru_cache(maxsize=None)
def _gaps(family: str, before_ascii: bool) -> Tuple[Tuple[Tuple, float], ...]:
    """What may have been lost right before a character: nothing, a user-
    defined pair (two bytes), or, before ASCII, the lone byte the decoder
    could not pair with it."""
    lo, hi = _USER_LEAD[family]
    x = ("c", lo, hi)
    out: List[Tuple[Tuple, float]] = [((), 0.0)]
    out += [((x, ("c", 0xA1, 0xBF)), _LOSS)] + [((x, lead), _LOSS) for lead in _LEADS]
    if before_ascii:
        out.append(((_CONT_LEAD,), _LOSS))
    return tuple(out)


def _lead_need(b: int) -> int:
    if b < 0x80:
        return 0
    if 0xC2 <= b <= 0xDF:
        return 1
    if 0xE0 <= b <= 0xEF:
        return 2
    if 0xF0 <= b <= 0xF4:
        return 3
    return -1


@lru_cache(maxsize=65536)
def _step(need: int, toks: Tuple) -> Tuple[int, float]:
    """The UTF-8 decoder's state after ``toks`` from ``need``, and the cost
    of the bytes nothing explains."""
    cost = 0.0
    for t in toks:
        if type(t) is int:
            if need:
                if 0x80 <= t <= 0xBF:
                    need -= 1
                    continue
                cost += _STRAY
                need = 0
            n = _lead_need(t)
            if n < 0:
                cost += _STRAY
            else:
                need = n
        elif t[0] == "c":
            if need:
                need -= 1
            else:
                cost += _STRAY
        elif t[0] == "l":
            if need:
                cost += _STRAY
            need = t[1]
        else:
            if need:
                cost += _STRAY
            need = 0
    return need, cost


def _viterbi(text: str, family: str, start: int, end: int) -> List[Tuple[int, Tuple]]:
    """The cheapest byte string for ``text[start:end]``: ``(offset, token)``
    pairs, gap tokens carrying the offset of the character after them."""
    INF = float("inf")
    cost = [0.0, INF, INF, INF]
    back: List[List] = []
    for i in range(start, end + 1):
        if i < end:
            ch = text[i]
            opts = _options(ch, family)
            gaps = _gaps(family, ord(ch) < 0x80)
        else:
            opts = (((), 0.0),)
            gaps = _gaps(family, True)
        new = [INF, INF, INF, INF]
        ptr: List = [None, None, None, None]
        for s in range(4):
            c0 = cost[s]
            if c0 == INF:
                continue
            for gtoks, gcost in gaps:
                if gtoks and not s and gtoks[0][0] == "c":
                    continue  # a lost continuation byte needs a sequence
                for otoks, ocost in opts:
                    toks = gtoks + otoks
                    n, c = _step(s, toks)
                    if i == end and n:
                        c += _STRAY     # a sequence the text leaves open
                        n = 0
                    c += c0 + gcost + ocost
                    if c < new[n]:
                        new[n] = c
                        ptr[n] = (s, gtoks, otoks)
        back.append(ptr)
        cost = new
    # Backtrack from the end state (always 0).
    out: List[Tuple[int, Tuple]] = []
    s = 0
    for k in range(len(back) - 1, -1, -1):
        prev, gtoks, otoks = back[k][s]
        i = start + k
        out.extend((i, t) for t in reversed(otoks))
        # Lost bytes lay between the character before and this one.
        out.extend((max(i - 1, start), t) for t in reversed(gtoks))
        s = prev
    out.reverse()
    return out


def _candidates(toks: List) -> List[str]:
    """The characters a sequence with unknown bytes may have been (none
    when too many bytes are unknown to say)."""
    ranges = []
    total = 1
    for t in toks:
        if type(t) is int:
            r = range(t, t + 1)
        elif t[0] == "c":
            r = range(max(t[1], 0x80), min(t[2], 0xBF) + 1)
        else:
            r = range(t[2], t[3] + 1)
        ranges.append(r)
        total *= len(r)
    if total > 4096:
        return []
    seqs: List[bytes] = [b""]
    for r in ranges:
        seqs = [s + bytes((b,)) for s in seqs for b in r]
    out = []
    for s in seqs:
        try:
            out.append(s.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    return out


@lru_cache(maxsize=4096)
def _guess(toks: Tuple, line_end: bool) -> str:
    """The one ordinary character a damaged sequence can have been, else
    U+FFFD. At a line end a sentence-final mark is taken if it is the only
    one possible (``銆`` is E3 80 and a lost byte: 。)."""
    cands = [c for c in _candidates(toks) if _ordinary(c)]
    if len(cands) == 1:
        return cands[0]
    # A character both standards count as frequent beats one only
    # traditional (or only simplified) text uses often: 司 over 菸.
    both = [c for c in cands if standards_common(c) == 2]
    if len(both) == 1 and len(cands) <= 3:
        return both[0]
    if line_end:
        final = [c for c in cands if c in "\u3002\uff01\uff1f"]
        if len(final) == 1:
            return final[0]
    return "\ufffd"


def reverse(text: str, family: str, start: int = 0, end: Optional[int] = None) -> List[Unit]:
    """Encode ``text[start:end]`` back with ``family`` and decode it as
    UTF-8, one ``Unit`` per character given back (offsets into ``text``)."""
    end = len(text) if end is None else end
    toks = _viterbi(text, family, start, end)
    units: List[Unit] = []
    add = units.append
    seq: List = []
    seq_from = need = 0
    last = start

    def close(upto: int) -> None:
        nonlocal seq, need
        upto = min(upto, end)
        known = all(type(t) is int for t in seq)
        if known and not need:
            raw = bytes(seq)
            try:
                add(Unit(seq_from, upto, raw.decode("utf-8"), "ok"))
            except UnicodeDecodeError:
                add(Unit(seq_from, upto, "\ufffd", "stray"))
        else:
            add(Unit(seq_from, upto, "\ufffd", "lost", tuple(seq + [_CONT_ANY] * need)))
        seq, need = [], 0

    for i, t in toks:
        if type(t) is int:
            if need:
                if 0x80 <= t <= 0xBF:
                    seq.append(t)
                    need -= 1
                    if not need:
                        close(i + 1)
                    last = i
                    continue
                close(max(last + 1, seq_from + 1))
            if t < 0x80:
                add(Unit(i, i + 1, text[i] if ord(text[i]) < 0x80 else chr(t), "ascii"))
            elif _lead_need(t) < 0:
                add(Unit(i, i + 1, "\ufffd", "stray"))
            else:
                seq, need, seq_from = [t], _lead_need(t), i
        elif t[0] == "c":
            if need:
                seq.append(t)
                need -= 1
                if not need:
                    close(i + 1)
            else:
                add(Unit(i, i + 1, "\ufffd", "stray"))
        elif t[0] == "l":
            if need:
                close(max(last + 1, seq_from + 1))
            seq, need, seq_from = [t], t[1], i
        else:
            if need:
                close(max(last + 1, seq_from + 1))
            add(Unit(i, i + 1, text[i], "stray"))
        last = i
    if need:
        close(end)
    return units


class Run(NamedTuple):
    """A stretch ``[start, end)`` of text whose reversal reads as Chinese."""

    start: int
    end: int
    repaired: str
    family: str
    #: Characters given back whole, damaged (lost bytes) and unexplained.
    good: int
    damaged: int
    stray: int
    #: Share of ordinary characters (common Han, Chinese marks) among the
    #: non-ASCII characters of the input and of the repair.
    before: float
    after: float
    #: Every character given back is U+FFFD (``锟斤拷``): all was lost.
    all_lost: bool = False

    @property
    def exact(self) -> bool:
        """The repair is the text's bytes exactly: nothing lost or guessed."""
        return not self.damaged and not self.stray and not self.all_lost \
            and "\ufffd" not in self.repaired


def _ordinary(ch: str) -> bool:
    if _HAN_RE.match(ch):
        return is_common(ch)
    return bool(_ORDINARY_MARK_RE.match(ch))


def _share_ordinary(chars) -> Tuple[int, int]:
    n = ok = 0
    for ch in chars:
        if ord(ch) < 0x80 or ch == "\ufffd":
            continue
        n += 1
        ok += _ordinary(ch)
    return ok, n


def _spans(units: List[Unit]) -> List[Tuple[int, int]]:
    """Index ranges ``[i, j)`` of ``units`` that may form a run: from a whole
    or damaged non-ASCII character to another, across ASCII and damaged
    characters, never across a line break or an unexplained byte."""
    out = []
    i, n = 0, len(units)
    while i < n:
        u = units[i]
        if u.kind not in ("ok", "lost") or ord(u.text[0]) < 0x80:
            i += 1
            continue
        j = last = i + 1
        while j < n:
            k = units[j]
            if k.kind == "stray" or k.text in "\r\n":
                break
            if k.kind == "lost" or ord(k.text[0]) >= 0x80:
                last = j + 1
            j += 1
        # The ASCII the last character's bytes also gave (``鈥檚`` is ’ and
        # ``s``) belongs to the run: its span holds that character.
        while last < n and units[last].start < units[last - 1].end:
            last += 1
        out.append((i, last))
        i = j
    return out


def find_runs(text: str, start: int = 0, end: Optional[int] = None,
              families=FAMILIES, page_has_mojibake: bool = False) -> List[Run]:
    """Runs of UTF-8-read-as-legacy mojibake in ``text[start:end]`` (one
    line or more): the reversal gives whole characters, most of them
    ordinary Chinese, few damaged ones, and reads clearly more ordinary than
    the input. Where two families claim one stretch, the one that gives
    back more whole characters wins. On a page known to hold such mojibake
    elsewhere, a short damaged run needs less evidence of its own."""
    end = len(text) if end is None else end
    found: List[Run] = []
    for family in families:
        units = reverse(text, family, start, end)
        for i, j in _spans(units):
            run = _judge(text, units[i:j], family, page_has_mojibake)
            if run is not None:
                found.append(run)
    found.sort(key=lambda r: (-r.good, r.damaged, r.start))
    taken: List[Run] = []
    for r in found:
        if all(r.end <= t.start or t.end <= r.start for t in taken):
            taken.append(r)
    return sorted(taken, key=lambda r: r.start)


def _judge(text: str, units: List[Unit], family: str, relaxed: bool = False) -> Optional[Run]:
    # A run neither starts nor ends on a character that only a loss explains
    # and that has no shape of Chinese.
    i, j = 0, len(units)
    while i < j and units[i].kind == "lost" and not _cjk_shaped(units[i].toks):
        i += 1
    while j > i and units[j - 1].kind == "lost" and not _cjk_shaped(units[j - 1].toks):
        j -= 1
    if i == j:
        return None
    units = units[i:j]
    s, e = units[0].start, units[-1].end
    ok = [u.text for u in units if u.kind == "ok" and ord(u.text[0]) >= 0x80]
    good = len(ok)
    damaged = sum(1 for u in units if u.kind == "lost")
    stray = sum(1 for u in units if u.kind == "stray")
    fffd = ok.count("\ufffd")
    if fffd and fffd == good:
        # 锟斤拷: U+FFFD itself went through the wrong decoding.
        lost = [u for u in units if u.kind == "ok"]
        return Run(lost[0].start, lost[-1].end, "", family, good, 0, 0, 0.0, 0.0, True)
    ok_after, n_after = _share_ordinary(ok)
    ok_before, n_before = _share_ordinary(text[s:e])
    if not n_before:
        return None
    before = ok_before / n_before
    after = ok_after / n_after if n_after else 0.0
    if good - fffd >= 2 and after >= 0.8 and damaged <= 2 * good + 1:
        repaired = _repaired(text, units)
        # Mojibake is mostly rare characters, but not always: where the
        # input holds many ordinary ones too, the repair must read as words
        # where the input does not.
        if after - before >= 0.3 or good >= 3 and \
                word_share(repaired) >= word_share(text[s:e]) + 0.3:
            return Run(s, e, repaired, family, good, damaged, stray, before, after)
    if _english_punctuation(text, units):
        return Run(s, e, _repaired(text, units), family, good, damaged, stray, before, after)
    if before <= 0.2 and n_before >= 2 and damaged and _short_lossy(text, units, ok, relaxed):
        return Run(s, e, _repaired(text, units), family, good, damaged, stray, before, after)
    # A decoder that wrote U+FFFD (or ``?``) for every byte it could not
    # pair leaves few characters whole (UTF-8 read as Big5 loses half its
    # bytes), but what is left still fits UTF-8 exactly: every damaged
    # character keeps the lead byte of a Chinese character. Ordinary text
    # with a lost character in it never lines up so.
    fit = sum(1 for u in units if u.kind == "lost" and _cjk_shaped(u.toks))
    wild = sum(1 for ch in text[s:e] if ch in "\ufffd?")
    if fit >= 3 and wild >= 2 and fit + good >= 0.8 * (damaged + good) \
            and (good < 2 or after >= 0.6) and before <= 0.6:
        return Run(s, e, "", family, good, damaged, stray, before, after)
    return None


def _english_punctuation(text: str, units: List[Unit]) -> bool:
    """English curly quotes, dashes and ellipses (E2 80 xx) read as GBK,
    too few for the tests above: ``group鈥檚`` is ``group’s``, ``鈥淲e``
    ``“We``, ``Sessions鈥�`` a closing quote whose last byte the decoder
    lost. Every character the run gives back is such a mark, whole or with
    its first two bytes known, and one at least is glued to an English
    letter: Chinese text gives no such sequence, and Chinese marks (。，)
    are not in this block."""
    glued = False
    for u in units:
        if u.kind == "stray":
            return False
        if u.kind == "lost":
            if u.toks[:2] != (0xE2, 0x80):
                return False
        elif ord(u.text[0]) < 0x80:
            continue
        elif not _EN_PUNCT_RE.match(u.text):
            return False
        glued = glued or _ascii_letter(text, u.start - 1) or _ascii_letter(text, u.end)
    return glued


def _ascii_letter(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalpha()


# General Punctuation that English text uses (not the spaces, joiners and
# direction marks around it).
_EN_PUNCT_RE = re.compile("[\u2010-\u2027\u2030-\u205e]")


def _short_lossy(text: str, units: List[Unit], ok: List[str], relaxed: bool) -> bool:
    """A run of rare characters too short or too damaged to give back two
    whole characters (``鍏徃`` is 公司 with a user-defined pair dropped
    between them) is still mojibake when every character it gives back
    has the shape of Chinese in UTF-8 and could be an ordinary one: whole
    ones are, damaged ones have an ordinary character among those their
    known bytes allow."""
    if any(len(c.encode("utf-8")) != 3 or not _ordinary(c) for c in ok):
        return False
    if any(u.kind == "ascii" and ord(text[u.start]) >= 0x80 for u in units):
        return False    # a byte of a legacy pair read as ASCII: no Chinese shape
    lost = [u for u in units if u.kind == "lost"]
    if len(lost) > len(ok) + 2:
        return False
    if not all(_cjk_shaped(u.toks) and _has_ordinary(u.toks) for u in lost):
        return False
    # Two rare characters fit such a shape by chance now and then; a whole
    # character, or damaged ones that only one ordinary character fits,
    # do not (one is enough on a page with mojibake elsewhere).
    sure = sum(1 for u in lost if _guess(u.toks, False) != "\ufffd")
    return len(ok) + sure >= (1 if relaxed else 2) and (bool(ok) or 2 * sure >= len(lost))


@lru_cache(maxsize=4096)
def _has_ordinary(toks: Tuple) -> bool:
    return any(map(_ordinary, _candidates(toks)))


def _cjk_shaped(toks: Tuple) -> bool:
    """A damaged sequence that is three bytes long, led by the lead byte of
    a Chinese character or a lost one, with a byte still known."""
    lead = toks[0]
    if type(lead) is int:
        return 0xE2 <= lead <= 0xEF
    return lead[1] == 2 and any(type(t) is int for t in toks)


def _repaired(text: str, units: List[Unit]) -> str:
    """The reversal's text, a damaged character guessed where only one
    ordinary character fits its known bytes."""
    out = []
    for u in units:
        if u.kind == "lost":
            out.append(_guess(u.toks, u.end >= len(text) or text[u.end] in "\r\n"))
        else:
            out.append(u.text)
    return "".join(out)


# What a reversal gives for Chinese (CJK ideographs) and for English curly
# quotes, dashes and ellipses (the General Punctuation block).
_CJK_OUT_RE = re.compile("[\u4e00-\u9fff]")
_PUNCT_OUT_RE = re.compile("[\u2000-\u206f]")
_QUICK = {"gbk": "gb18030", "big5": "big5hkscs"}


def worth_reversing(line: str, rare: int = 0) -> Tuple[str, ...]:
    """The families whose reversal of ``line`` may give Chinese, by a test
    in C: the codec's own encoder and the UTF-8 decoder, losses left as they
    are. Ordinary Chinese gives an error a byte; mojibake gives a Chinese
    character for every one and a half of its own. UTF-8 read as Big5 loses
    too much for the test: a line with ``rare`` rare Han characters and as
    many U+FFFD is let through for it."""
    non_ascii = len(line) - len(line.encode("ascii", "ignore"))
    out = []
    for family in FAMILIES:
        back = line.encode(_QUICK[family], "replace").decode("utf-8", "replace")
        punct = len(_PUNCT_OUT_RE.findall(back))
        n = len(_CJK_OUT_RE.findall(back)) + punct
        # One English mark is enough (``group鈥檚``: one mark from two
        # characters), one Chinese character is not.
        if (n >= 2 or punct) and n * 7 >= non_ascii:
            out.append(family)
        elif family == "big5" and rare >= 3 and line.count("\ufffd") >= 3:
            out.append(family)
    if "锟斤拷" in line and "gbk" not in out:
        out.insert(0, "gbk")
    return tuple(out)


@lru_cache(maxsize=4096)
def word_share(text: str) -> float:
    """Share of the Han characters of ``text`` that the best cut into jieba
    dictionary words of two characters or more covers (Traditional text is
    read through OpenCC's t2s first). Ordinary Chinese is mostly words;
    characters a wrong codec produced mostly are not. Loads jieba and
    OpenCC: for the few candidates the other tests leave, not for pages."""
    from .zhwords import _jieba

    han = "".join(_HAN_RE.findall(_t2s(text)))
    if not han:
        return 0.0
    freq = _jieba().dt.FREQ
    n = len(han)
    best = [0] * (n + 1)     # characters covered in han[:i]
    for i in range(1, n + 1):
        best[i] = best[i - 1]
        for k in range(2, min(i, 8) + 1):
            if freq.get(han[i - k:i]):
                best[i] = max(best[i], best[i - k] + k)
    return best[n] / n


def _t2s(text: str) -> str:
    from .variant import _tables

    if not any(c in _tables()[0] for c in text):
        return text
    return _opencc_t2s().convert(text)


@lru_cache(maxsize=1)
def _opencc_t2s():
    import opencc

    return opencc.OpenCC("t2s")


# One Chinese legacy codec read as the other (GBK text read as Big5, Big5
# text read as GBK). Both are double-byte codecs with the same lead and trail
# ranges, so the pairs line up one for one and no search is needed: a pair
# the wrong decoder could not map became U+FFFD for its lead byte (its trail,
# when ASCII, follows as a letter) or for each of its bytes.
LEGACY_PAIRS = (("gbk", "big5"), ("big5", "gbk"))
_DBCS = {"gbk": "gbk", "big5": "big5hkscs"}
_W = -1           # a byte written as U+FFFD
_NONE = -2        # a character neither codec gives


def reverse_dbcs(text: str, wrong: str, right: str, start: int = 0,
                 end: Optional[int] = None) -> List[Unit]:
    """Encode ``text[start:end]`` back with the codec ``wrong`` (a family
    name) and decode the bytes as ``right``: one ``Unit`` a character."""
    end = len(text) if end is None else end
    toks: List[Tuple[int, int]] = []
    for i in range(start, end):
        bs = (_W,) if text[i] == "\ufffd" else _encode(text[i], wrong)
        if bs is None:
            toks.append((i, _NONE))
        else:
            toks.extend((i, b) for b in bs)
    units: List[Unit] = []
    codec = _DBCS[right]
    k, n = 0, len(toks)
    while k < n:
        i, b = toks[k]
        trail = toks[k + 1][1] if k + 1 < n else _NONE
        if b == _NONE:
            units.append(Unit(i, i + 1, text[i], "stray"))
            k += 1
        elif 0 <= b < 0x80:
            units.append(Unit(i, i + 1, chr(b) if ord(text[i]) >= 0x80 else text[i], "ascii"))
            k += 1
        elif trail == _W or trail >= 0x40:
            j = toks[k + 1][0]
            if _W in (b, trail):
                units.append(Unit(i, j + 1, "\ufffd", "lost", (b, trail)))
            else:
                try:
                    ch = bytes((b, trail)).decode(codec)
                    units.append(Unit(i, j + 1, ch, "ok" if len(ch) == 1 else "stray"))
                except UnicodeDecodeError:
                    units.append(Unit(i, j + 1, "\ufffd", "stray"))
            k += 2
        else:
            units.append(Unit(i, i + 1, "\ufffd", "stray"))
            k += 1
    return units


def find_legacy_runs(text: str, start: int = 0, end: Optional[int] = None) -> List[Run]:
    """Runs of one legacy codec read as the other in ``text[start:end]``:
    the swap gives mostly ordinary characters, clearly more than the input,
    and words (``word_share``) where the input has none."""
    end = len(text) if end is None else end
    found: List[Run] = []
    for right, wrong in LEGACY_PAIRS:
        units = reverse_dbcs(text, wrong, right, start, end)
        for i, j in _spans(units):
            us = units[i:j]
            s, e = us[0].start, us[-1].end
            ok = [u.text for u in us if u.kind == "ok" and ord(u.text) >= 0x80]
            damaged = sum(1 for u in us if u.kind == "lost")
            if len(ok) < 3 or damaged > len(ok):
                continue
            ok_after, n_after = _share_ordinary(ok)
            ok_before, n_before = _share_ordinary(text[s:e])
            if not n_before or not n_after:
                continue
            after, before = ok_after / n_after, ok_before / n_before
            if after < 0.8 or after - before < 0.3:
                continue
            repaired = "".join(u.text for u in us)
            ws = word_share(repaired)
            if ws < 0.5 or ws < word_share(text[s:e]) + 0.25:
                continue
            found.append(Run(s, e, repaired, f"{right}>{wrong}", len(ok), damaged, 0,
                             before, after))
    found.sort(key=lambda r: (-r.good, r.start))
    taken: List[Run] = []
    for r in found:
        if all(r.end <= t.start or t.end <= r.start for t in taken):
            taken.append(r)
    return sorted(taken, key=lambda r: r.start)
