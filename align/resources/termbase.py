"""Termbases: Chinese terms and the English renderings a reviewer accepts.

The built-in termbase (``align/data/termbase.csv``, linked from
``data/termbase.csv``) holds the vocabulary Chinese state-enterprise and
government pages are made of, with renderings taken from official English
editions and standard glossaries. Users add their own with ``--termbase FILE``
(``Config.termbases``): a CSV or TSV with at least a Chinese and an English
column, or a TBX file. A user entry for a term already known replaces the
built-in one, so a house style wins.

A term may also carry renderings a reviewer rejects (column ``avoid``, or a
TBX term marked ``deprecatedTerm-admn-sts``/``supersededTerm-admn-sts``):
those are matched verbatim. Most calques are not listed anywhere; the
``garbled_calque`` check derives them from dictionary glosses.

How a term's ``domain`` changes the checks is data too:
``data/term_domains.csv`` gives each domain its ``calque`` behaviour
(``plain``: a literal rendering is translationese, never reported;
``figurative``: a literal rendering is always wrong; ``marked``: reported
when a word outside the pages' register renders an opaque piece) and
whether the pair check's ``terminology`` rule looks for its renderings
(``check`` or ``skip``). A domain the table does not list is ``marked`` and
``check``; the row with an empty domain is for terms without one.

TBX is parsed without network access, DTD loading or entity expansion, so a
hostile file cannot read local files or blow up memory.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, FrozenSet, Iterable, List, Sequence, Tuple

# Column names accepted for each field, lower case; the first listed is ours.
_COLUMNS = {
    "zh": ("zh", "chinese", "term", "src", "zh-cn", "zh_cn", "zh-hans"),
    "en": ("en", "english", "rendering", "renderings", "target", "tgt", "translation", "en-us", "en-gb"),
    "domain": ("domain", "subject", "category"),
    "note": ("note", "notes", "comment", "definition"),
    "origin": ("origin", "reference", "source of rendering", "ref", "rendering source"),
    "avoid": ("avoid", "bad", "forbidden", "deprecated", "do not use"),
}
# Several renderings share one cell, separated by a bar.
SEPARATOR = "|"


class TermbaseError(ValueError):
    """A termbase file that cannot be read; the message names the file and
    the line and says what is wrong. ``path`` is the file as given."""

    path = ""


@dataclass(frozen=True)
class Term:
    zh: str
    en: Tuple[str, ...]
    domain: str = ""
    note: str = ""
    origin: str = ""
    avoid: Tuple[str, ...] = ()

    @property
    def suggestion(self) -> str:
        return self.en[0] if self.en else ""


def _split(cell: str) -> Tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split(SEPARATOR) if p.strip())


def _pick(header: Sequence[str], field: str, taken: set) -> int:
    names = [h.strip().lower() for h in header]
    for alias in _COLUMNS[field]:
        if alias in names and names.index(alias) not in taken:
            return names.index(alias)
    return -1


def parse_csv(text: str, name: str = "<csv>") -> List[Term]:
    """Terms of a CSV/TSV text whose first row names the columns (comma,
    tab or semicolon separated). ``TermbaseError`` names the line of a
    problem and says what is wrong."""
    # The header's delimiter: cells may hold any of them.
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=lambda d: (first.count(d), d == ","))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as e:
        raise TermbaseError(f"{name}: line {reader.line_num}: {e}") from None
    if header is None:
        return []
    names = [h.strip().lower() for h in header]
    taken: set = set()
    idx = {}
    for field in ("zh", "en", "domain", "note", "avoid", "origin"):
        i = _pick(header, field, taken)
        idx[field] = i
        if i >= 0:
            taken.add(i)
    # "source" is ambiguous: our files use it for where a rendering comes
    # from, other tools for the source-language term. It is the Chinese
    # column only when no other column is.
    if "source" in names:
        j = names.index("source")
        if idx["zh"] == j:
            idx["zh"] = -1
        if idx["zh"] < 0 and j not in (idx["en"], idx["domain"], idx["note"], idx["avoid"]):
            others = [i for i, n in enumerate(names) if n in _COLUMNS["zh"] and i != j]
            idx["zh"] = others[0] if others else j
            if idx["zh"] == j:
                idx["origin"] = -1
        if idx["zh"] != j and idx["origin"] < 0:
            idx["origin"] = j
    if idx["zh"] < 0 or idx["en"] < 0:
        found = ", ".join(repr(h) for h in header[:8]) or "nothing"
        raise TermbaseError(f"{name}: line 1: the header must name a Chinese column (zh) and "
                            f"an English column (en); found {found}")
    out = []
    need = max(idx["zh"], idx["en"]) + 1
    try:
        for row in reader:
            def cell(field):
                i = idx[field]
                return row[i].strip() if 0 <= i < len(row) else ""
            zh = cell("zh")
            if not zh or zh.startswith("#"):
                continue
            if len(row) < need and not cell("avoid"):
                # A row cut short: another delimiter, or a quote left open.
                raise TermbaseError(
                    f"{name}: line {reader.line_num}: {len(row)} column(s) where the header "
                    f"has {len(header)}, so {zh[:20]!r} has no English (en); check the "
                    f"delimiter ({delimiter!r}) and the quotes")
            out.append(Term(zh, _split(cell("en")), cell("domain"), cell("note"),
                            cell("origin"), _split(cell("avoid"))))
    except csv.Error as e:
        raise TermbaseError(f"{name}: line {reader.line_num}: {e}") from None
    return out


_REJECTED = {"deprecatedterm-admn-sts", "supersededterm-admn-sts", "deprecated", "superseded",
             "notrecommended", "not recommended", "forbidden"}


def parse_tbx(data: bytes, name: str = "<tbx>") -> List[Term]:
    """Terms of a TBX (v2 ``termEntry``/``tig`` or v3 ``conceptEntry``/``termSec``)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             dtd_validation=False, huge_tree=False, remove_comments=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        raise TermbaseError(f"{name}: line {e.lineno}: not well-formed XML, so not a TBX "
                            f"termbase: {e.msg}") from None
    if root is None:
        raise TermbaseError(f"{name}: line 1: no XML element, so not a TBX termbase")

    def local(el):
        return etree.QName(el).localname if isinstance(el.tag, str) else ""

    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    out = []
    for entry in root.iter():
        if local(entry) not in ("termEntry", "conceptEntry"):
            continue
        zh, en, avoid, note, domain = [], [], [], "", ""
        for el in entry.iter():
            tag = local(el)
            if tag in ("descrip", "note") and not note:
                if el.get("type") == "subjectField":
                    domain = (el.text or "").strip()
                else:
                    note = (el.text or "").strip()
            if tag != "langSet":
                continue
            lang = (el.get(xml_lang) or el.get("lang") or "").lower()
            for holder in el.iter():
                if local(holder) not in ("tig", "termSec", "ntig"):
                    continue
                terms = [t for t in holder.iter() if local(t) == "term"]
                if not terms:
                    continue
                text = "".join(terms[0].itertext()).strip()
                status = " ".join((n.text or "").strip().lower() for n in holder.iter()
                                  if local(n) == "termNote")
                rejected = any(s in status for s in _REJECTED)
                if lang.startswith("zh"):
                    if not rejected:
                        zh.append(text)
                elif lang.startswith("en"):
                    (avoid if rejected else en).append(text)
        for term in zh:
            out.append(Term(term, tuple(en), domain, note, name, tuple(avoid)))
    return out


# The built-in termbase, next to this module (found by path, as the review
# app's assets are: importlib.resources would import zipfile and its readers,
# 2 ms of every run's start, to find the same file).
BUILTIN = Path(__file__).with_name("data") / "termbase.csv"
# Terms generated from CC-CEDICT by ``scripts/termbase_from_cedict.py``
# (idioms, PRC register); the hand-curated file wins for a term in both.
GENERATED = BUILTIN.with_name("termbase_cedict.csv")


@lru_cache(maxsize=1)
def builtin() -> Tuple[Term, ...]:
    """The built-in terms. Every run loads them (the garbled checks and the
    pairing use them), and parsing the CSV took 4 ms of that start; so their
    fields are kept in the user cache (``_diskcache``), keyed by the bytes of
    the file and of this module (the parser), and made Terms again (1 ms)."""
    from ..core import diskcache as _diskcache

    key = _diskcache.key("termbase", (), (), (GENERATED, BUILTIN, __file__))
    rows = _diskcache.get(key)
    if isinstance(rows, tuple):
        try:
            return tuple(Term(zh, en, domain, note, origin, avoid)
                         for zh, en, domain, note, origin, avoid in rows)
        except (TypeError, ValueError):
            pass  # a file that does not fit: parse again
    groups = [parse_csv(f.read_text(encoding="utf-8"), f"align/resources/data/{f.name}")
              for f in (GENERATED, BUILTIN) if f.exists()]
    terms = merge(groups)
    _diskcache.put(key, tuple((t.zh, t.en, t.domain, t.note, t.origin, t.avoid) for t in terms))
    return terms


MISREADINGS = BUILTIN.with_name("misreadings.csv")


@lru_cache(maxsize=1)
def misreadings() -> Dict[str, Tuple[str, ...]]:
    """Chinese term -> the literal renderings machine translation is known
    to give it in this register (``data/misreadings.csv``: 卡口 as
    "bayonet", 死角 as "dead angle"). They are the built-in counterpart of a
    user termbase's ``avoid`` column, but not trusted verbatim: the
    ``garbled.misread`` rule drops those that are ordinary English."""
    out: Dict[str, Tuple[str, ...]] = {}
    for zh, bad, page in _misreading_rows():
        if not page:
            out[zh] = tuple(dict.fromkeys(out.get(zh, ()) + bad))
    return out


def topic_misreadings() -> Tuple[Tuple[str, Tuple[str, ...], Tuple[str, ...]], ...]:
    """``(term, misreadings, topic)`` for the rows of ``data/misreadings.csv``
    whose column ``page`` is filled: misreadings that are ordinary English
    (创城, with 创 dropped, as "a city") and are evidence only on a page
    whose English names the term's topic (one of the ``page`` phrases,
    "civilized city")."""
    return tuple((zh, bad, page) for zh, bad, page in _misreading_rows() if page)


@lru_cache(maxsize=1)
def _misreading_rows() -> Tuple[Tuple[str, Tuple[str, ...], Tuple[str, ...]], ...]:
    rows = []
    if not MISREADINGS.exists():
        return ()
    with open(MISREADINGS, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            zh = (row.get("zh") or "").strip()
            bad = _split(row.get("misread") or "")
            if zh and bad:
                rows.append((zh, bad, _split((row.get("page") or "").lower())))
    return tuple(rows)


def merge(groups: Iterable[Iterable[Term]]) -> Tuple[Term, ...]:
    """Later groups override earlier ones term by term; order is kept."""
    by_zh: Dict[str, Term] = {}
    for group in groups:
        for t in group:
            by_zh[t.zh] = t
    return tuple(by_zh.values())


# -- domains -------------------------------------------------------------------

DOMAINS = BUILTIN.with_name("term_domains.csv")
_CALQUE = ("plain", "marked", "figurative", "name")
_TERMINOLOGY = ("check", "skip")


@dataclass(frozen=True)
class Domain:
    name: str
    calque: str = "marked"        # plain, marked, figurative or name
    terminology: str = "check"    # check or skip
    note: str = ""
    # Whether the renderings of the domain's terms make the register of
    # approved words (dictionary glosses of generated terms do not).
    register: bool = True
    # Whether a term's piece rendered by words its approved rendering does
    # not use is a wrong sense even where the approved rendering uses
    # another sense of the piece (polysemy traps: 积分 points, not integral).
    senses: bool = False
    # Whether its terms are generated from a dictionary
    # (``scripts/termbase_from_cedict.py``), not curated: they get fewer cuts,
    # no lent glosses and longer matches, and the pair check skips them.
    generated: bool = False


def parse_domains(text: str, name: str = "term_domains.csv") -> Dict[str, Domain]:
    """Domain (lower case) -> its behaviour, from the CSV ``text``."""
    rows = list(csv.DictReader(io.StringIO(text)))
    out: Dict[str, Domain] = {}
    for n, row in enumerate(rows, 2):
        try:
            d = Domain(row["domain"].strip().lower(), row["calque"].strip(),
                       row["terminology"].strip(), (row.get("note") or "").strip(),
                       (row.get("register") or "yes").strip().lower() != "no",
                       (row.get("senses") or "no").strip().lower() == "yes",
                       (row.get("generated") or "no").strip().lower() == "yes")
        except (KeyError, AttributeError):
            raise TermbaseError(f"{name}:{n}: needs the columns domain, calque, "
                                f"terminology") from None
        if d.calque not in _CALQUE or d.terminology not in _TERMINOLOGY:
            raise TermbaseError(f"{name}:{n}: calque must be one of {', '.join(_CALQUE)} and "
                                f"terminology one of {', '.join(_TERMINOLOGY)}")
        if d.name in out:
            raise TermbaseError(f"{name}:{n}: domain {d.name!r} listed twice")
        out[d.name] = d
    return out


@lru_cache(maxsize=1)
def domains() -> Dict[str, Domain]:
    """The built-in domain table."""
    return parse_domains(DOMAINS.read_text(encoding="utf-8"), str(DOMAINS.name))


@lru_cache(maxsize=1)
def register_words() -> FrozenSet[str]:
    """The register of news, government and enterprise pages: the content
    words of the built-in termbase's approved renderings in the register
    domains, frozen in ``data/page_register.txt`` by
    ``scripts/page_register.py`` (the calque engine keys them:
    ``detectors._calque.register_keys``).

    Frozen because two rules measure against it. The page-register gate
    (``garbled_calque.accept.literary``) counts a page's words found here
    with thresholds measured against this list; and the calque acceptor
    takes a word outside it as the mark of a calque. Were it the live
    termbase's words, every term added, built-in or a user's, would move
    novels towards officialese and hide calques made of its words: 470 more
    terms raised the novels' share past the gate's thresholds, and one
    approved "a package of measures" (组合拳) hid every calque whose odd
    word is "package"."""
    from . import wordlists

    return frozenset(wordlists.words("page_register"))


@lru_cache(maxsize=None)
def outside_register() -> FrozenSet[str]:
    """Domains (lower case) whose renderings do not count as the register
    of approved words (column ``register`` = ``no``)."""
    return frozenset(name for name, d in domains().items() if not d.register)


@lru_cache(maxsize=None)
def generated_domains() -> FrozenSet[str]:
    """Domains (lower case) of terms generated from a dictionary (column
    ``generated`` = ``yes``). Not the same as ``outside_register``: curated
    domains whose everyday renderings make no register (rural, community)
    are curated all the same."""
    return frozenset(name for name, d in domains().items() if d.generated)


@lru_cache(maxsize=None)
def sense_domains() -> FrozenSet[str]:
    """Domains (lower case) whose terms are read sense by sense (column
    ``senses`` = ``yes``)."""
    return frozenset(name for name, d in domains().items() if d.senses)


@lru_cache(maxsize=None)
def domains_where(calque: str = "", terminology: str = "") -> FrozenSet[str]:
    """The listed domains (lower case) with this calque behaviour and/or
    this terminology setting; unlisted domains are ``marked`` and
    ``check``, so a set of ``plain``, ``figurative`` or ``skip`` domains
    is complete."""
    return frozenset(name for name, d in domains().items()
                     if (not calque or d.calque == calque)
                     and (not terminology or d.terminology == terminology))
