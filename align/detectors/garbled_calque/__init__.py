"""Literal calques of established terms, found without the Chinese source.

Machine translation renders a term it does not know one dictionary sense per
piece: 头雁 (pacesetter) becomes "head goose", 两张皮 (a disconnect)
"two pieces of skin". The calque engine (``detectors._calque``) generates, for every term of the termbases, the
sequences of glosses such a rendering is made of, and this check looks for
them in the English clauses of a page (content words stemmed, function words
folded). Nothing here lists a bad rendering; the dictionary and the termbase
produce them. A finding names the term and suggests its approved rendering.

Two smaller rules live here because they share the termbase:

- ``garbled.theory``: the Party's theories by their official names
  (``theories``: "Deng Xiaoping's theory" for Deng Xiaoping Theory);
- ``garbled.termbase``: a rendering a user termbase marks as rejected
  (column ``avoid``, TBX ``deprecatedTerm``), matched verbatim.
- ``garbled.sense``: a trap or slang term by one rare word of its other
  dictionary sense (``wrong_sense``: 牛皮癣 as "psoriasis"), which the
  engine's patterns of two pieces or more cannot be.
- ``garbled.misread``: a known literal misreading of a term, listed in the
  termbase's misreadings (``wrong_sense``: 卡口 as "bayonet"), which the
  dictionary's glosses cannot generate.
- ``garbled.ordinal``: Party congresses, plenary sessions and five-year plans
  are numbered with ordinals; "the Party's 19" or "the 19 National Congress"
  is a calque of 党的二十大 / 十九大, whose numeral Chinese leaves bare.

- ``garbled.numbered``: a numbered formulation rendered word by word ("two
  best and one first" for 两优一先); ``numbered`` also finds the congresses,
  plenums and plans the ordinal regex misses ("the nineteen big"), and the
  congresses named by a bare cardinal ("the spirit of eighteen"), which the
  number check finds.

The package: ``accept`` holds the calque rule's conditions (term domains,
word frequencies, the grammar around a match), ``scan`` the one-pass page
scan derived from them, ``ordinal`` and ``avoided`` the two smaller rules;
this module the check.
"""
from __future__ import annotations

import re

from typing import Iterator

from ...core.findings import Finding
from ...core.rules import rule
from ...text.document import Document
from ..base import Detector, register
from . import avoided, numbered, ordinal, theories, wrong_sense
from .accept import PLAIN_DOMAINS, Acceptor, figurative_starts, literary, reads_as_term
from .scan import Offsets, scan_for


def latin_spans(doc: Document) -> list:
    """``(start, end)`` of the Latin-script runs of every segment (worked
    out once per document: ``Document.latin_spans``)."""
    return doc.latin_spans


def _overlaps(f: Finding, others: list) -> bool:
    return any(g.start < f.end and f.start < g.end for g in others)


_CALQUE = rule("garbled.calque")
# A hyphen, maybe spaced by the page ("century -old"), that joins the word at
# a match's edge to the next or the last one.
_HYPHEN_AFTER = re.compile(r"[ \t]?-[ \t]?[A-Za-z]")
_HYPHEN_BEFORE = re.compile(r"[A-Za-z][ \t]?-[ \t]?$")


@register
class GarbledCalque(Detector):
    name = "garbled_calque"
    description = ("literal calques of termbase terms, generated from CC-CEDICT glosses, "
                   "with the approved rendering as suggestion")
    rules = ("garbled.calque", "garbled.ordinal", "garbled.numbered", "garbled.theory",
             "garbled.termbase", "garbled.sense", "garbled.misread")

    def detect(self, doc: Document) -> Iterator[Finding]:
        if doc.language == "zh":
            return
        from .._calque import index_for

        paths = tuple(self.config.termbases)
        text = doc.text
        spans = latin_spans(doc)
        found: list = []
        # The calques of officialese terms are officialese: on a page of
        # literary prose the same common words make ordinary English.
        if spans and not literary(doc.latin_texts):
            # Plain-domain terms are never reported (see Acceptor): no patterns.
            index = index_for(paths, PLAIN_DOMAINS)
            found = list(self._calques(index, doc.latin_texts, spans))
            senses = list(wrong_sense.findings(doc.latin_texts, spans, paths))
            senses += [f for f in wrong_sense.misread_findings(doc.latin_texts, spans, paths)
                       if not _overlaps(f, senses)]
            senses += [f for f in wrong_sense.topic_findings(doc.latin_texts, spans, paths)
                       if not _overlaps(f, senses) and not _overlaps(f, found)]
            found += [f for f in senses if not _overlaps(f, found)]
        # The two number rules may see one name; the longer span wins.
        more = list(numbered.findings(text))
        old = [f for f in ordinal.findings(text)
               if not any(g.start <= f.start and f.end <= g.end for g in more)]
        old += [g for g in more if not _overlaps(g, old)]
        # A congress named by its bare number ("the spirit of eighteen"):
        # the number check reports the cardinal, and the name is lost too.
        old += [g for g in numbered.bare_congresses(doc, self.config, text)
                if not _overlaps(g, old)]
        # A congress or plan number is the number rules' to report, however
        # the termbase's misreadings spell it.
        yield from (f for f in found if f.rule != "garbled.misread" or not _overlaps(f, old))
        yield from old
        yield from avoided.findings(text, paths)
        yield from theories.findings(text, paths)
        yield from theories.inverted_findings(text, paths)

    def _calques(self, index, runs: list, spans: list) -> Iterator[Finding]:
        """Calques in the Latin runs ``runs``, the texts of ``spans``."""
        scan = scan_for(index)
        # Pages repeat their runs (navigation, slogans, whole sentences
        # across a site); what a run holds depends on its text alone.
        memo = scan.runs
        got = list(map(memo.get, runs))
        if None in got:
            todo = [i for i, g in enumerate(got) if g is None]
            memo.room(len(todo))
            for i, found in zip(todo, self._match_runs(index, scan, [runs[i] for i in todo])):
                got[i] = memo[runs[i]] = found
        for i in [i for i, g in enumerate(got) if g]:
            base = spans[i][0]
            for a, b, term, conf in got[i]:
                yield _CALQUE.finding(base + a, base + b, term.suggestion, conf,
                                      f"literal rendering of {term.zh}", {"term": term.zh})

    @staticmethod
    def _match_runs(index, scan, runs: list) -> list:
        """For each Latin run, its calques as ``(start, end, term,
        confidence)`` with offsets into the run."""
        from .._calque.index import ends_rendering
        from ...text.english import TOKEN_RE, key_of
        from ..garbled_pinyin import pinyin_token

        # The runs joined by "[" tokenize as each run does alone: a token
        # never reaches past a run's end, and "[" (a clause break) never lies
        # inside a run (scripts._BREAKING), so the k-th "[" ends the k-th run.
        joined = "[".join(runs)
        toks = TOKEN_RE.findall(joined)
        out: list = [() for _ in runs]
        memo = scan.found
        offsets = None
        figurative = figurative_starts(index)
        for nums, live, opaque_mark, lent_mark in scan.clauses(toks):
            words = tuple([toks[j] for j in nums])
            # What a clause holds depends on its words alone.
            got = memo.get(words)
            if got is None:
                # A name's pinyin syllable ("Chang") glosses nothing, whatever
                # English stem it shares (change).
                keys = [("\x00" + w if pinyin_token(w) else key_of(w)) for w in words]
                # Candidates the acceptor would veto are not generated: a
                # lent gloss needs a rare word, a term outside the figurative
                # domains a marked word (see ``scan``).
                got = index.match(keys, max_extended=1 if lent_mark else 0,
                                  accept=Acceptor(index, keys, words),
                                  only=None if opaque_mark or lent_mark else figurative,
                                  ends=live)
                memo.put(words, got)
            for m in got:
                if not reads_as_term(m, toks, nums) or ends_rendering(
                        index, words, m.start, m.pattern.term.zh):
                    continue
                if offsets is None:
                    offsets = Offsets(runs, toks)
                r, a, _ = offsets.token(nums[m.start])
                b = offsets.token(nums[m.end - 1])[2]
                # A word the match cuts off from its hyphenated compound
                # ("the party's century -old struggle"): the compound is
                # another word, "century" alone no gloss of 百年.
                run = runs[r]
                if _HYPHEN_AFTER.match(run, b) or _HYPHEN_BEFORE.search(run, max(0, a - 3), a):
                    continue
                n = m.end - m.start
                conf = 0.9 - 0.3 * m.extended - 0.05 * m.skipped + 0.02 * min(n - 2, 3)
                out[r] += ((a, b, m.pattern.term, round(max(0.1, min(conf, 0.95)), 3)),)
        return out
