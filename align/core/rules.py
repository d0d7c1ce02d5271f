"""The rule catalogue: every rule id a report can carry, declared once.

A rule is one kind of problem a finding reports (the report's ``rule``
column). The table below gives each its category, its default severity,
a line on what it flags and whether ``align clean`` repairs it without a
reviewer. Everything else reads this table, as ftfy's fixers are named in
one registry:

- a check declares the rules it reports and those it supersedes
  (``Detector.rules``, ``Detector.supersedes``) and builds its findings
  from them (``Rule.finding``: category and severity from here); the
  pipeline turns a finding of a rule its check did not declare into an
  ``internal.detector_error`` row, so the declarations cannot drift;
- ``[severities]`` in a configuration file and ``align clean --rules`` name
  rules, and an id not in the table is an error there naming the closest
  known ones, never a silent miss;
- ``align qa --list-rules`` prints the table and ``docs/rules.md`` is its
  markdown form.

A severity here is the default: a check may set another for one finding
where the evidence says so (a glued year is ``major``, other glued digits
``minor``; Chinese page furniture is ``untranslated``/``minor`` under its
``boilerplate.*`` rule), and a configuration file may set another for all.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Dict, Iterable, List, Mapping, Optional

from .findings import CATEGORIES, SEVERITIES, Finding


@dataclass(frozen=True)
class Rule:
    #: The id in the report's ``rule`` column: ``family.name`` (one
    #: exception, ``document_language``, predates the convention).
    id: str
    #: The report's ``category`` for this rule's findings.
    category: str
    #: The default ``severity``.
    severity: str
    #: What a finding of this rule flags, in a line.
    description: str
    #: Whether ``align clean`` applies this rule's suggestion (when the
    #: finding is confident enough) instead of leaving it to a reviewer.
    repairable: bool = False

    @property
    def family(self) -> str:
        """The id's first part (``number`` of ``number.spelled_year``)."""
        return self.id.split(".", 1)[0]

    def finding(self, start: int, end: int, suggestion: str = "", confidence: float = 1.0,
                note: str = "", extra: Optional[dict] = None, *,
                severity: Optional[str] = None, category: Optional[str] = None) -> Finding:
        """A finding of this rule over ``[start, end)``, with this rule's
        category and severity unless the check gives others for it."""
        return Finding(start, end, category or self.category, self.id, severity or self.severity,
                       suggestion, confidence, note, {} if extra is None else extra)


class UnknownRule(ValueError):
    """A rule id (or family, or category) that the catalogue does not hold."""


def _catalogue(rules: Iterable[Rule]) -> Mapping[str, Rule]:
    out: Dict[str, Rule] = {}
    for r in rules:
        if r.id in out:
            raise ValueError(f"rule {r.id!r} declared twice")
        if r.category not in CATEGORIES:
            raise ValueError(f"rule {r.id!r}: unknown category {r.category!r}")
        if r.severity not in SEVERITIES:
            raise ValueError(f"rule {r.id!r}: unknown severity {r.severity!r}")
        out[r.id] = r
    return MappingProxyType(out)


_GLUED = "digits glued to the words around them (May5In, hall.2019The); major for a year or a day"
_FURNITURE = "page furniture: {} (its Chinese on an English page: untranslated, minor)"

#: Every rule, by id, in the order of the documentation.
RULES: Mapping[str, Rule] = _catalogue([
    # untranslated
    Rule("untranslated.han_run", "untranslated", "major",
         "a run of Han characters (with the Chinese punctuation in and right after it) left "
         "in an English or mixed page"),
    Rule("untranslated.has_translation", "untranslated", "minor",
         "Chinese whose English translation is on the same page (replaces han_run there)"),
    Rule("document_language", "untranslated", "critical",
         "a page that is Chinese as a whole: one finding over its whole text"),
    # garbled
    Rule("garbled.calque", "garbled", "major",
         "a literal calque of a termbase term, spelled by the dictionary glosses of its parts"),
    Rule("garbled.ordinal", "garbled", "major",
         "a congress, plenum or plan numbered with a cardinal (the Party's 19)"),
    Rule("garbled.numbered", "garbled", "major",
         "a numbered formulation rendered word by word (three excellent and one advanced)"),
    Rule("garbled.theory", "garbled", "major",
         "a guiding theory of the Party not by its official name (Deng Xiaoping's theory)"),
    Rule("garbled.termbase", "garbled", "major",
         "a rendering a termbase marks as rejected"),
    Rule("garbled.sense", "garbled", "major",
         "a polysemy trap or slang term by one rare word of the dictionary sense it does not "
         "have here (牛皮癣, fly-posting, as psoriasis)"),
    Rule("garbled.misread", "garbled", "major",
         "a literal rendering machine translation is known to give a term, listed in the "
         "termbase's misreadings (卡口, checkpoint, as bayonet), on an officialese page"),
    Rule("garbled.title", "garbled", "major",
         "a title or body by another sense of its character: the head (部长) of a local Party "
         "or company department called a minister, a Youth League committee (团委) a mission's, "
         "a villagers' group (社) social"),
    Rule("garbled.pinyin", "garbled", "major",
         "pinyin left for a translatable term (names are left alone)"),
    Rule("garbled.name", "garbled", "major",
         "a name translated word by word: a place (白云区 as White Cloud District) or a person's "
         "given name (a surname, then a sense of the name's character); the pinyin name suggested; "
         "or a leader's given name cut from the surname (President Jintao)"),
    Rule("garbled.echo", "garbled", "minor",
         "collapsed synonyms (the root cause and the root cause) and word-for-word repeats"),
    Rule("garbled.model", "garbled", "major",
         "a phrase the embedding model finds close to a term's Chinese and far from its "
         "approved English"),
    # number
    Rule("number.spelled_year", "number", "major", "a year spelled out in words"),
    Rule("number.spelled_date", "number", "major", "the day of a date spelled out (April twenty)"),
    Rule("number.spelled_count", "number", "minor",
         "a count the house style writes in digits (news: from 10 up)"),
    Rule("number.spelled_percent", "number", "minor", "a percentage spelled out (news style)"),
    Rule("number.spelled_money", "number", "minor", "an amount of money spelled out (news style)"),
    Rule("number.spelled_ordinal", "number", "minor",
         "an ordinal from 10th up spelled out before an event (news style)"),
    Rule("number.calqued_date", "number", "major",
         "a Chinese date read word for word (Four month Twenty-four, the fourth month)"),
    Rule("number.calqued_year", "number", "major", "年 read as 'year' after the digits (2020 year)"),
    Rule("number.calqued_scale", "number", "minor",
         "万 or 亿 read word for word (3.5 ten thousand, 91 thousand and 700)"),
    Rule("number.calqued_approx", "number", "minor",
         "多 read word for word (more than and 200, 200 many people)"),
    Rule("number.calqued_time", "number", "major", "点/分 read word for word (9 points 30 minutes)"),
    Rule("number.cardinal_ordinal", "number", "minor",
         "a cardinal where the ordinal is meant (the 19 National Congress, Fourteen Five, "
         "the spirit of eighteen, 54 anniversary)"),
    Rule("number.glued_digits", "number", "minor", _GLUED),
    Rule("number.split_digits", "number", "major",
         "the digits of a year or a day spaced apart (2 0 2 0, Guangzhou 202 1)"),
    Rule("number.plus_artefact", "number", "major",
         "a plus sign inside a number, an MT engine's artefact for a digit (65.438+04.6% for 14.6%)"),
    Rule("number.date_order", "number", "major",
         "a Chinese date in year-month-day order, or its month cut off (2017 March 5th)"),
    # encoding
    Rule("encoding.lost_character", "encoding", "major",
         "a character lost in a lossy conversion (正?;?, U+FFFD)"),
    Rule("encoding.utf8_as_cp1252", "encoding", "major",
         "UTF-8 text decoded as Windows-1252 (cafÃ©)", repairable=True),
    Rule("encoding.gbk_as_latin1", "encoding", "major",
         "GBK text decoded as Latin-1 or Windows-1252 (Zhang¡¯s)", repairable=True),
    Rule("encoding.wrong_legacy_codec", "encoding", "major",
         "Chinese decoded with the wrong legacy codec (rare characters that read well in another)"),
    Rule("encoding.utf8_as_gbk", "encoding", "major",
         "UTF-8 text decoded as GBK or GB18030 (杩涘叆 for 进入); repaired when the reversal "
         "is exact", repairable=True),
    Rule("encoding.utf8_as_big5", "encoding", "major",
         "UTF-8 text decoded as Big5; repaired when the reversal is exact", repairable=True),
    Rule("encoding.lost_space", "encoding", "major",
         "a no-break or zero-width space lost between two words (ten?years)"),
    Rule("encoding.html_entity", "encoding", "minor",
         "an HTML character reference printed as text, escaped twice or without its & "
         "(&#39;, &amp;nbsp;, nbsp;)", repairable=True),
    Rule("encoding.html_tag", "encoding", "minor",
         "an HTML tag printed as text, or the rest of one whose < was lost (/strong>)"),
    # pinyin_annotation
    Rule("pinyin_annotation.reading", "pinyin_annotation", "minor",
         "a reading a converter left in parentheses after the characters it reads (書(shū)記)",
         repairable=True),
    Rule("pinyin_annotation.toned_pinyin", "pinyin_annotation", "minor",
         "tone-marked pinyin in parentheses after Chinese that it may not read"),
    # punctuation
    Rule("punctuation.fullwidth", "punctuation", "minor",
         "Chinese full-width punctuation in English text (conference。)", repairable=True),
    Rule("punctuation.missing_space", "punctuation", "minor",
         "a mark glued to the next word (that,At present)", repairable=True),
    Rule("punctuation.quote_spacing", "punctuation", "minor",
         "spaces inside quotation marks (\" Eight decisive battles \")", repairable=True),
    # boilerplate
    Rule("boilerplate.navigation", "boilerplate", "info", _FURNITURE.format("navigation links")),
    Rule("boilerplate.breadcrumb", "boilerplate", "info", _FURNITURE.format("a breadcrumb trail")),
    Rule("boilerplate.metadata", "boilerplate", "info",
         _FURNITURE.format("a date, source or view-count line")),
    Rule("boilerplate.copyright", "boilerplate", "info", _FURNITURE.format("a copyright line")),
    # bilingual: align pair, bilingual files, pages with their translation
    Rule("pair.omission", "omission", "major",
         "source text with no counterpart in the translation (or a unit with no target)"),
    Rule("pair.addition", "addition", "minor", "translated text with no counterpart in the source"),
    Rule("pair.low_similarity", "mistranslation", "minor",
         "a sentence pair whose meaning diverges far more than the document's others"),
    Rule("pair.unrelated", "mistranslation", "major",
         "a translation sentence that renders nothing of its source or of the text around "
         "it (a sentence of another text put in its place)"),
    Rule("pair.untranslated", "untranslated", "major", "Chinese left in the translation"),
    Rule("pair.copied_source", "untranslated", "major",
         "a translation that copies its Chinese source"),
    Rule("pair.number_missing", "number_mismatch", "major",
         "a number of the source missing from its translation"),
    Rule("pair.number_added", "number_mismatch", "major",
         "a number of the translation that its source lacks"),
    Rule("pair.term_rendering", "terminology", "minor",
         "a termbase term of the source whose approved rendering the translation lacks "
         "(major where it holds a known misreading of the term instead)"),
    # bilingual files, unit by unit: what CAT-tool QA (Xbench, Verifika,
    # CheckMate, pofilter) checks, for any language pair
    Rule("unit.unchanged", "untranslated", "minor",
         "a target identical to its (non-Chinese) source, unless a number, code or name"),
    Rule("placeholder.missing", "placeholder", "major",
         "a placeholder or code of the source ({count}, %s, %1$d, {{x}}, [CQ:...], a URL, "
         "a command) missing from the target"),
    Rule("placeholder.added", "placeholder", "major",
         "a placeholder or code in the target that its source lacks"),
    Rule("placeholder.renamed", "placeholder", "major",
         "a placeholder or code changed in the target ({count} as {cnt}, another path in "
         "a command)"),
    Rule("placeholder.reordered", "placeholder", "major",
         "printf conversions without positions (%s %d) in another order than the source's"),
    Rule("tag.missing", "placeholder", "major",
         "an inline tag of the source (XLIFF <ph>, <bpt>, <x/>; <b> in the text) missing "
         "from the target"),
    Rule("tag.added", "placeholder", "major", "an inline tag in the target its source lacks"),
    Rule("whitespace.leading", "formatting", "minor",
         "leading whitespace of the target unlike the source's"),
    Rule("whitespace.trailing", "formatting", "minor",
         "trailing whitespace of the target unlike the source's"),
    Rule("whitespace.double_space", "formatting", "minor",
         "two or more spaces in a row inside the target"),
    Rule("punctuation.end_mismatch", "punctuation", "minor",
         "the target ends with other punctuation than its source (。 as ., ？ as ?, : kept)"),
    Rule("punctuation.unbalanced", "punctuation", "minor",
         "a bracket or quotation mark of the target left unclosed (the source's are balanced)"),
    Rule("formatting.initial_capital", "formatting", "minor",
         "the target starts in another case than its source (or lower case for a Chinese "
         "sentence)"),
    Rule("formatting.repeated_word", "formatting", "minor",
         "a word written twice in a row in the target (the source has no such repeat); in a "
         "Chinese-to-English file garbled.echo reports it"),
    Rule("formatting.too_long", "formatting", "major",
         "a target longer than the limit the file declares (XLIFF maxwidth, size-unit char "
         "or byte)"),
    Rule("consistency.target", "consistency", "minor",
         "the same source translated differently in one file (the most frequent "
         "translation as suggestion)"),
    Rule("consistency.source", "consistency", "info",
         "one translation given to different sources in one file"),
    Rule("spelling.unknown_word", "spelling", "minor",
         "a word of the English target no dictionary knows (names, termbase entries and "
         "the source's own words allowed); the closest word as suggestion"),
    Rule("state.fuzzy", "state", "minor",
         "a PO entry marked fuzzy: gettext does not use it until a translator clears the flag"),
    Rule("state.needs_review", "state", "minor",
         "an XLIFF unit whose state asks for review or translation (needs-review-translation, "
         "new, initial ...)"),
    Rule("checklist.match", "checklist", "minor",
         "a user checklist entry (its own id checklist.ID and severity from the checklist file)"),
    Rule("scope.language_pair", "scope", "info",
         "a bilingual file that is not Chinese to English: the Chinese-specific checks "
         "were skipped (the note names them)"),
    # input_error: files that could not be read, or not cleanly
    Rule("input.binary", "input_error", "major", "a binary file, not text"),
    Rule("input.empty", "input_error", "major",
         "an empty file, or a bilingual file without a translated unit"),
    Rule("input.encoding", "input_error", "major",
         "a byte-order mark or declared encoding that the bytes contradict"),
    Rule("input.invalid_utf8", "input_error", "minor",
         "UTF-8 with invalid byte sequences, each read as U+FFFD (the findings stand)"),
    Rule("input.mixed_encoding", "input_error", "minor",
         "a file that mixes two encodings, read line by line (the findings stand)"),
    Rule("input.file_name", "input_error", "minor", "a file name that is not valid UTF-8"),
    Rule("input.long_line", "input_error", "major", "a single line too long to be a document"),
    Rule("input.malformed", "input_error", "major", "a bilingual file its format cannot parse"),
    Rule("input.skipped", "input_error", "info",
         "a document found in a folder but passed over by its type (PDF, DOCX, archive ...)"),
    Rule("input.too_large", "input_error", "major", "a file over the size limit (max_bytes)"),
    Rule("input.unreadable", "input_error", "major",
         "a file that cannot be opened or read (permissions, broken link, not a regular file)"),
    Rule("input.unsupported", "input_error", "major",
         "a bilingual format whose optional reader is not installed (pip install 'align[formats]')"),
    Rule("input.xml_unsafe", "input_error", "major",
         "XML that declares entities, which align never expands"),
    # internal: align's own failures, one file or one check at a time
    Rule("internal.detector_error", "input_error", "major",
         "a check that failed on this document and was skipped; the other checks ran"),
    Rule("internal.error", "input_error", "major",
         "align failed on this file; the other files were checked"),
    Rule("internal.crash", "input_error", "major",
         "the process checking this file died; the other files were checked"),
])


def closest(name: str, known: Iterable[str], n: int = 3) -> List[str]:
    """The known names most like ``name`` (``difflib``), best first."""
    import difflib

    return difflib.get_close_matches(name, sorted(set(known)), n=n, cutoff=0.6)


def unknown(what: str, name: str, known: Iterable[str]) -> str:
    """The one-line message for an unknown ``what`` (a rule, a check...)
    called ``name``, with the closest of ``known``."""
    near = closest(name, known)
    hint = (f"did you mean {', '.join(map(repr, near))}?" if near
            else "see align qa --list-rules")
    return f"unknown {what} {name!r}; {hint}"


def rule(rule_id: str) -> Rule:
    """The catalogue's rule ``rule_id``; ``UnknownRule`` if there is none."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise UnknownRule(unknown("rule", rule_id, RULES)) from None
    except TypeError:  # unhashable: a list where an id belongs
        raise UnknownRule(f"a rule id must be a string, not {rule_id!r}") from None


def select(name: str) -> List[Rule]:
    """The rules a name stands for where settings name rules: a rule id, a
    family (the id's first part: ``number``) or a category
    (``number_mismatch``). ``UnknownRule`` if it is none of these."""
    if name in RULES:
        return [RULES[name]]
    found = [r for r in RULES.values() if name in (r.family, r.category)]
    if not found:
        known = {*RULES, *(r.family for r in RULES.values()),
                 *(r.category for r in RULES.values())}
        raise UnknownRule(unknown("rule", name, known))
    return found
