"""Bags of comparable tokens for a Chinese and an English sentence.

Two sentences that translate each other share their content words once the
Chinese side is looked up in a dictionary. A Chinese sentence becomes the
English words CC-CEDICT gives for its jieba words; a word the dictionary does
not know is most often a name, which an English translation writes in pinyin,
so it becomes its toneless pinyin (whole, and surname plus given name). An
English sentence becomes its words, plus adjacent capitalised words run
together (``Chen Qingyang`` -> ``chenqingyang``). Both sides are cut to crude
stems so ``doctors`` meets ``doctor`` (``text.english.short_stem``); numbers
become ``#value`` on both sides.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import FrozenSet, List, Set, Tuple

from ..resources import wordlists
from ..resources.cedict import glosses
from ..text.english import short_stem

_EN_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
_CAP_RUN = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")
_PAREN = re.compile(r"\([^)]*\)|CL:\S+|\bsb\b|\bsth\b|\bsurname\b|\bvariant of\b.*|\bsee\b.*")
_DEF_WORD = re.compile(r"[A-Za-z]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
ZH_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"
_ZH_NUM = re.compile(f"[{ZH_NUMERAL_CHARS}]+")

# Words left out of both bags (``resources/data/stop_bags.txt``).
STOP = wordlists.wordset("stop_bags")

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000,
    "million": 10 ** 6, "billion": 10 ** 9,
}
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}
_EN_NUM = re.compile(
    r"\b(?:(?:%s)(?:[- ](?:%s))*)\b" % (("|".join(sorted(list(_NUMBER_WORDS) + list(_ORDINALS),
                                                        key=len, reverse=True)),) * 2),
    re.IGNORECASE)


# Caches bounded well below a corpus's vocabulary: memory must not grow
# with the number of pages.
@lru_cache(maxsize=32_768)
def word_translations(word: str) -> FrozenSet[str]:
    """Stems of the English words CC-CEDICT gives for a Chinese word."""
    defs = glosses().get(word)
    if not defs:
        return frozenset()
    out: Set[str] = set()
    for d in defs[:4]:
        for w in _DEF_WORD.findall(_PAREN.sub(" ", d)):
            lw = w.lower()
            if lw not in STOP and len(lw) > 1:
                out.add(short_stem(lw))
    return frozenset(out)


@lru_cache(maxsize=32_768)
def _pinyin(word: str) -> tuple:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word))


def zh_number_value(s: str):
    """The value of a run of Chinese numerals, or None."""
    if s == "一" or s == "两" and len(s) == 1:
        return None
    try:
        import cn2an

        v = cn2an.cn2an(s, "smart")
    except Exception:
        return None
    return int(v) if float(v).is_integer() else v


def numbers_zh(text: str) -> List[str]:
    out = [_num_key(m.group()) for m in _DIGITS.finditer(text)]
    for m in _ZH_NUM.finditer(text):
        v = zh_number_value(m.group())
        if v is not None:
            out.append(_fmt(v))
    return out


def numbers_en(text: str) -> List[str]:
    out = [_num_key(m.group()) for m in _DIGITS.finditer(text)]
    for m in _EN_NUM.finditer(text):
        v = en_number_value(m.group())
        if v is not None and not (v == 1 and m.group().lower() == "one"):
            out.append(_fmt(v))
    return out


def en_number_value(phrase: str):
    total, cur = 0, 0
    for w in re.split(r"[- ]+", phrase.lower()):
        if w in _ORDINALS:
            cur += _ORDINALS[w]
        elif w in ("hundred",):
            cur = max(cur, 1) * 100
        elif w in ("thousand", "million", "billion"):
            total += max(cur, 1) * _NUMBER_WORDS[w]
            cur = 0
        elif w in _NUMBER_WORDS:
            cur += _NUMBER_WORDS[w]
        else:
            return None
    return total + cur


def _num_key(s: str) -> str:
    s = s.replace(",", "")
    try:
        return _fmt(float(s))
    except ValueError:
        return s


def _fmt(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:g}"


def zh_bag(text: str) -> Set[str]:
    return zh_bag_and_words(text)[0]


def zh_bag_and_words(text: str) -> Tuple[Set[str], List[FrozenSet[str]]]:
    """The bag of a Chinese sentence, and the keys of each of its Chinese
    words that has any (so a caller can ask which share of the words find a
    translation, not only how many keys)."""
    from ..text.zhwords import _jieba

    out: Set[str] = set()
    words: List[FrozenSet[str]] = []
    for w in _jieba().lcut(text):
        if not _HAN.search(w):
            for t in _EN_WORD.findall(w):
                if not t[0].isdigit() and t.lower() not in STOP:
                    out.add(short_stem(t))
            continue
        keys: Set[str] = set()
        tr = word_translations(w)
        if tr:
            keys |= tr
        if (not tr or len(w) >= 2 and _is_name_like(w, tr)) and not _ZH_NUM.search(w):
            py = [short_stem(p) for p in _pinyin(w)]
            if py:
                keys.add("".join(py)[:12])
                if len(py) == 3:
                    keys.add(py[0])
                    keys.add(short_stem(py[1] + py[2]))
            if not tr and len(w) > 1:
                # An unknown compound: its characters' own translations.
                for ch in w:
                    keys |= word_translations(ch)
        out |= keys
        if keys:
            words.append(frozenset(keys))
    out.update("#" + n for n in numbers_zh(text))
    return out, words


def _is_name_like(word: str, tr: FrozenSet[str]) -> bool:
    defs = glosses().get(word) or []
    # Proper nouns are capitalised in CC-CEDICT ("Yunnan province"); "I" is not one.
    for d in defs[:3]:
        first = _DEF_WORD.match(d)
        if first and first.group()[0].isupper() and len(first.group()) > 1:
            return True
    return False


def en_bag(text: str) -> Set[str]:
    out: Set[str] = set()
    for t in _EN_WORD.findall(text):
        if t[0].isdigit():
            continue
        lt = t.lower()
        if lt not in STOP and len(lt) > 1:
            out.add(short_stem(lt))
            if t[0].isupper():
                out.add(lt)  # a name: the whole pinyin, as the Chinese side has it
    for m in _CAP_RUN.finditer(text):
        out.add(re.sub(r"[ -]", "", m.group()).lower()[:12])
    out.update("#" + n for n in numbers_en(text))
    return out


def bag(text: str) -> Set[str]:
    """The token bag of a sentence in either language."""
    han = len(_HAN.findall(text))
    return zh_bag(text) if han * 2 >= len(text.strip()) * 0.3 and han else en_bag(text)


def en_words(text: str) -> int:
    """How many Latin-letter words ``text`` has."""
    return len(re.findall(r"[A-Za-z]+", text))


def coverage(src: str, tgt: str) -> float:
    """Share of the Chinese words of ``src`` whose translations (or names
    in pinyin) the English ``tgt`` holds."""
    words = zh_bag_and_words(src)[1]
    if not words:
        return 1.0
    found = frozenset(en_bag(tgt))
    return sum(1 for w in words if w & found) / len(words)
