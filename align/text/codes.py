"""Placeholders, inline tags and code spans in a translatable string.

Software strings carry codes the program fills in or reads: printf
conversions (``%s``, ``%1$d``, ``%(name)s``), brace fields (``{count}``,
``{0}``, ``{{user}}``, ``${var}``), Qt's ``%1``, HTML/XML tags, chat codes
(``[CQ:face,id=1]``). A translation must keep them, as it found them; a
renamed one (``{count}`` as ``{cnt}``) breaks the program as a dropped one
does. ``placeholders`` finds them, each with its kind.

Code spans are what is not prose at all: the placeholders, URLs, e-mail
addresses, ``backticked`` code and command lines (``tar -xzf file.tgz``).
Checks of sentences (punctuation, spelling, boilerplate) leave them alone.

A ``%`` is a printf conversion only in the forms C and Python write: with
a space flag (``% d``) only when the string is flagged ``c-format`` or
``python-format``, so that ``50% of`` stays a percentage.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, NamedTuple, Sequence, Tuple

_PRINTF_BODY = (r"(?:\d+\$)?[-+0#']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
                r"(?:hh|h|ll|l|L|q|j|z|t|I64|I32)?[diouxXeEfFgGaAcspn@]")
_PRINTF_FLAGGED = re.compile(r"%(?:\([\w.-]+\)[-+ 0#]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
                             r"|[ ]?" + _PRINTF_BODY + ")")
_PRINTF = re.compile(r"%(?:\([\w.-]+\)[-+0#]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
                     r"|" + _PRINTF_BODY + r")(?![A-Za-z])")
_QT = re.compile(r"(?<![\d.,%])%(?:L?[1-9]\d?)(?!\d)")
_BRACE = re.compile(r"\{\{\s*[\w.\-]+\s*\}\}|\$\{[\w.\-]+\}|\{[\w.\-]*(?:[:!][^{}\s]*)?\}")
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s<>'\"]+))?)*\s*/?>")
_CQ = re.compile(r"\[CQ:[^\[\]]*\]")
_URL_CHARS = "[^\\s<>\"'\u3000-\u303f\uff01-\uff5e]"
# A URL does not end with the sentence's punctuation after it.
_URL = re.compile(r"\b(?:https?|ftp)://" + _URL_CHARS + r"*[\w/#=&%~+-]"
                  r"|\bwww\.[\w-]+(?:\.[\w-]+)+(?:/" + _URL_CHARS + r"*[\w/#=&%~+-])?")
# Local parts start where a run of their characters starts: tried from
# inside a run, a long run would cost its length at each of its characters.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_BACKTICK = re.compile(r"`[^`\n]+`")
# A command: a lower-case program name, then options (-x, --long) and
# arguments, up to the end of the line or a sentence break.
# Arguments after the options are taken while they look like paths or
# values (a dot, slash, tilde, = or * inside), not words of the sentence.
# One way to read a token (the lookahead asks for the mark, the body has no
# alternative split), and at most a few arguments before the first option,
# so a long line of path-like words costs linear time, not a backtracking
# search at every word.
_ARG = r"(?=[\w~/-]*[./~=*])[\w./~=*+-]*[\w/*]"
_COMMAND = re.compile(r"(?<![\w.+-])(?:sudo\s+)?[a-z][\w.+-]*(?:\s+" + _ARG + r"){0,4}"
                      r"(?:\s+--?[A-Za-z][\w=-]*)+(?:\s+(?:" + _ARG + r"|--?[A-Za-z][\w=-]*))*")


# A line that starts with a common shell command (``tar zxvf a.tgz /dir``,
# ``$ git pull``): the command, one word after it (a subcommand or bundled
# flags: ``zxvf``, ``install``), then the arguments that look like options,
# paths or values; the words of a sentence after it are not taken.
_SHELL = re.compile(r"(?m)(?:^|(?<=\$ ))(?:sudo[ \t]+)?(?:tar|rm|cp|mv|ls|cd|git|pip3?|npm|npx|"
                    r"yarn|apt(?:-get)?|yum|dnf|brew|curl|wget|chmod|chown|mkdir|cat|echo|grep|"
                    r"sed|awk|ssh|scp|python3?|node|docker|kubectl|make|cmake|unzip|zip|"
                    r"gzip|systemctl|sh|bash)\b(?:[ \t]+[A-Za-z][\w-]*)?"
                    r"(?:[ \t]+(?:" + _ARG + r"|--?[A-Za-z][\w=-]*))*")


class Code(NamedTuple):
    start: int
    end: int
    kind: str  # printf, qt, brace, tag, cq
    text: str


def placeholders(text: str, flags: Sequence[str] = ()) -> List[Code]:
    """The placeholders and tags of ``text``, in order, not overlapping."""
    printf = _PRINTF_FLAGGED if any(f in ("c-format", "python-format", "php-format",
                                          "objc-format", "sh-format") for f in flags) else _PRINTF
    found: List[Code] = []
    # Escaped percents first, so ``%%s`` is a percent sign and an s.
    taken: List[Tuple[int, int]] = [m.span() for m in re.finditer(r"%%", text)]

    def add(kind, rx):
        # Each pass adds spans that overlap none taken before (kept sorted,
        # so the test is a bisection, not a scan of every span found).
        new = []
        for m in rx.finditer(text):
            a, b = m.span()
            if not inside(taken, a, b):
                new.append((a, b))
                found.append(Code(a, b, kind, m.group()))
        if new:
            taken.extend(new)
            taken.sort()

    # Each pattern only where its first character is (a C search): most
    # strings hold none of them.
    if "[CQ:" in text:
        add("cq", _CQ)
    if "<" in text:
        add("tag", _TAG)
    if "{" in text:
        add("brace", _BRACE)
    if "%" in text:
        add("printf", printf)
        add("qt", _QT)
    return sorted(c for c in found)


def literals(text: str) -> List[Code]:
    """The codes of ``text`` a translation copies as they are: URLs, e-mail
    addresses, backticked code and command lines (kinds ``url``, ``email``,
    ``code``), in order, not overlapping."""
    found: List[Code] = []
    taken: List[Tuple[int, int]] = []
    for kind, rx in _literal_patterns(text):
        new = []
        for m in rx.finditer(text):
            a, b = m.span()
            if b > a and not inside(taken, a, b):
                new.append((a, b))
                found.append(Code(a, b, kind, m.group()))
        taken = sorted(taken + new)
    return sorted(found)


def _literal_patterns(text: str):
    """The patterns of ``literals`` that may match ``text``: each only when
    the characters it cannot match without are there."""
    if "://" in text or "www." in text:
        yield "url", _URL
    if "@" in text:
        yield "email", _EMAIL
    if "`" in text:
        yield "code", _BACKTICK
    yield "code", _SHELL  # anchored at line starts: cheap
    if "-" in text:
        yield "code", _COMMAND


def code_spans(text: str, flags: Sequence[str] = ()) -> Tuple[Tuple[int, int], ...]:
    """Spans of ``text`` that are code, not prose: placeholders, tags, URLs,
    e-mail addresses, backticked code, command lines. Sorted, merged.
    Several checks ask for the same unit's: the answer is memoized."""
    return _code_spans(text, tuple(flags))


@lru_cache(maxsize=4096)
def _code_spans(text: str, flags: Tuple[str, ...]) -> Tuple[Tuple[int, int], ...]:
    spans = [(c.start, c.end) for c in placeholders(text, flags)]
    for _, rx in _literal_patterns(text):
        spans.extend(m.span() for m in rx.finditer(text))
    spans.sort()
    out: List[Tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return tuple(out)


def inside(spans: Sequence[Tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted ``spans``."""
    from bisect import bisect_right

    i = bisect_right(spans, (start, float("inf"))) - 1
    if i >= 0 and spans[i][1] > start:
        return True
    return i + 1 < len(spans) and spans[i + 1][0] < end
