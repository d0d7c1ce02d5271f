"""The Party's guiding theories by their official names.

The CPC Constitution names its theories after a leader with a fixed head
word: Mao Zedong Thought, Deng Xiaoping Theory, Xi Jinping Thought on
Socialism with Chinese Characteristics for a New Era. Chinese writes the
name, the topic and 思想 ("thought") or 理论 ("theory") in a row, and MT
turns the name into a possessive and reorders the rest: "Xi Jinping's
socialist thought with Chinese characteristics in the new era", "Deng
Xiaoping's theory". The names come from the termbase: every approved
rendering that is a person's name (two capitalised words) and *Thought* or
*Theory*, with the topic after it.

The formula "X with Chinese characteristics" (中国特色X) comes out of MT in
Chinese order, "Chinese characteristic X" or "China's characteristic X",
which English never writes: every approved rendering of that shape in the
termbase gives its head X, and the inverted order is reported with the
approved rendering as the suggestion.

A possessive of such a name is reported when the words right after it
render the theory: its head word (thought, theory, ideology, idea,
thinking) among the first two, or, for a theory with a topic, the topic's
own words (two of them at least, the first right after the name). The
leader's other possessions ("Xi Jinping's report", "Xi Jinping's important
thoughts on Party building", the official name of another body of
writing) do not start that way.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, List, Tuple

from ...core.findings import Finding
from ...core.rules import rule

_THEORY_EN = re.compile(r"^([A-Z][a-z]+ [A-Z][a-z]+) (Thought|Theory)\b(.*)$")
# English words MT renders 思想 / 理论 by.
_HEADS = frozenset(("thought", "thoughts", "theory", "theories", "ideology", "ideologies",
                    "idea", "ideas", "thinking"))
# After "important": 重要思想 ("important thoughts on ...") is a name of its own.
_OWN_NAMES = frozenset(("important",))
# How many words after the possessive may render the theory.
WINDOW = 12
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*|[.;:!?\n]")


@lru_cache(maxsize=8)
def theories(paths: Tuple[str, ...]) -> Tuple[tuple, ...]:
    """``(name, approved rendering, term, topic keys)`` of the termbases'
    theories named after a person."""
    from ...read.termbases import load
    from ...text.english import phrase_keys

    out = []
    for t in load(paths):
        for en in t.en:
            m = _THEORY_EN.match(en)
            if m:
                out.append((m.group(1), en, t, frozenset(phrase_keys(m.group(3)))))
                break
    return tuple(out)


_THEORY = rule("garbled.theory")


def findings(text: str, paths) -> Iterator[Finding]:
    known = theories(tuple(paths))
    if not known or ("'s" not in text and "\u2019s" not in text):
        return
    from ...text.english import key_of

    for name, approved, term, topic in known:
        for m in re.finditer(re.escape(name) + r"['\u2019]s\b", text):
            words: List[re.Match] = []
            for w in _WORD.finditer(text, m.end()):
                if not w.group()[0].isalpha() or len(words) == WINDOW:
                    break
                words.append(w)
            if not words or words[0].group().lower() in _OWN_NAMES:
                continue
            low = [w.group().lower() for w in words]
            end = None
            head = next((i for i, x in enumerate(low[:2]) if x in _HEADS), None)
            if head is not None:
                end = head
            if topic:
                keys = [key_of(x) for x in low]
                hits = [i for i, k in enumerate(keys) if k and k in topic]
                if len(hits) >= 2 and (hits[0] == 0 or end is not None):
                    end = max(hits + ([end] if end is not None else []))
                elif end is not None and not hits:
                    end = None  # "Xi Jinping's thought on rural work": another writing
            if end is None:
                continue
            yield _THEORY.finding(m.start(), words[end].end(), approved, 0.75,
                                  f"the official name of {term.zh} ({name} + {approved.split()[2]}, "
                                  "no possessive)", {"term": term.zh})


_CHARACTERISTICS = re.compile(r"^(?:the )?(.+?) with Chinese characteristics$", re.I)


@lru_cache(maxsize=8)
def _inverted(paths: Tuple[str, ...]):
    """A regex of "Chinese characteristic X" for the heads X of the approved
    renderings "X with Chinese characteristics", and head -> (rendering,
    term)."""
    from ...read.termbases import load

    heads = {}
    for t in load(paths):
        for en in t.en:
            m = _CHARACTERISTICS.match(en.strip())
            if m:
                head = m.group(1).split(" of ")[-1].lower()
                heads.setdefault(head, (en.strip(), t))
    if not heads:
        return None, {}
    # "socialism" also as "socialist" (the adjective MT writes before "road").
    alts = "|".join(re.escape(h).replace("socialism", "socialis[mt]")
                    for h in sorted(heads, key=len, reverse=True))
    rx = re.compile(r"\b(?:Chinese|China['\u2019]s)[\s-]+characteristics?[\s-]+(" + alts + r")\b", re.I)
    return rx, heads


def inverted_findings(text: str, paths) -> Iterator[Finding]:
    if "haracteristic" not in text:
        return
    rx, heads = _inverted(tuple(paths))
    if rx is None:
        return
    for m in rx.finditer(text):
        got = m.group(1).lower().replace("socialist", "socialism")
        rendering, term = heads.get(got, (None, None))
        if rendering is None:
            continue
        yield _THEORY.finding(m.start(), m.end(), rendering, 0.75,
                              f"the official name of {term.zh} in Chinese word order",
                              {"term": term.zh})
