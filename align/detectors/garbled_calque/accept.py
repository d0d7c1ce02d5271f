"""``garbled.calque``'s rules: which matches of the calque engine are
calques worth reporting. A literal rendering of plain vocabulary is
translationese; one of a figure or coinage is always wrong; otherwise some
piece the approved rendering translates non-literally must be rendered by a
word foreign to the pages' register and not among the commonest English
words. Term domains (``resources/data/term_domains.csv``) say which terms
are plain or figurative."""
from __future__ import annotations

import re
from functools import lru_cache

from ...resources.termbase import domains_where, generated_domains, sense_domains
from ...resources.wordfreqs import zipf

# Words at least this frequent (Zipf scale) are ordinary English, too
# common to betray a calque on their own.
MARKED_ZIPF = 4.4
# A gloss lent by a compound must be a rare word (stationery, incision).
RARE_ZIPF = 3.5


# Plain vocabulary (firms, ports, titles, dates): a literal rendering of it
# ("subordinate enterprises") is translationese a reader understands, not a
# mistranslation. Figurative domains: figures, abbreviations or coinages
# (idioms, slogans, campaigns). Both from ``resources/data/term_domains.csv``.
PLAIN_DOMAINS = domains_where(calque="plain")
FIGURATIVE_DOMAINS = domains_where(calque="figurative")
# Proper names of outlets, sites and apps (column ``calque`` = ``name``): a
# literal rendering in a name's shape, every word capitalised ("People's
# Network" for 人民网), is a wrong name however ordinary its words; in lower
# case the same words are English ("the people's network of volunteers").
NAME_DOMAINS = domains_where(calque="name")
# Terms generated from the dictionary (idioms, register entries): their
# pieces are everyday words, so two of them in a row ("not damaged", "one
# or two") are English, not a calque; a match must render three words.
GENERATED_DOMAINS = generated_domains()
GENERATED_MIN_WORDS = 3
# A figure rendered only by words this frequent ("went up", "five times")
# is everyday English that happens to spell glosses of a short term.
EVERYDAY_ZIPF = 5.1
# Domains read sense by sense (column ``senses``: polysemy traps, slang):
# the term needs one sense of a piece that has others (积分 accumulated
# points, not the calculus integral). A piece the approved rendering
# translates by one of its senses is rendered wrongly by a word of another
# sense, which the piece-level test (``opaque``: the approved rendering uses
# none of the piece's senses) cannot see; in these domains a piece counts as
# opaque wherever its words here are not the approved rendering's.
SENSE_DOMAINS = sense_domains()


class Acceptor:
    """Keeps a candidate only if it is evidently not the approved sense:
    some piece the approved rendering translates non-literally (an opaque
    piece) is rendered here by a word foreign to the register of these pages
    (no approved rendering uses it) and not among the most common English
    words. A gloss lent by a compound (文 as 文具) must itself be such a
    word."""

    def __init__(self, index, keys, words):
        self.index = index
        self.keys = keys
        self.words = words

    def marked(self, i: int, n: int, limit: float = 0.0) -> bool:
        register = self.index.register
        for k, w in zip(self.keys[i:i + n], self.words[i:i + n]):
            if k not in register and zipf(w.lower()) < (limit or MARKED_ZIPF):
                return True
        return False

    def __call__(self, pattern, path) -> bool:
        from .._calque import opaque

        domain = pattern.term.domain.lower()
        if domain in PLAIN_DOMAINS:
            return False
        if domain in NAME_DOMAINS:
            return self._wrong_name(pattern, path)
        if domain in GENERATED_DOMAINS and sum(n for _, _, n, _ in path) < GENERATED_MIN_WORDS:
            return False
        approved = self.index.term_keys.get(pattern.term.zh, set())
        # A term the dictionary does not know is an abbreviation or a coined
        # figure (创文, 两张皮): any literal rendering of its opaque pieces is
        # wrong, however ordinary the English words.
        figurative = pattern.term.domain.lower() in FIGURATIVE_DOMAINS
        by_sense = domain in SENSE_DOMAINS
        coined = figurative and pattern.term.zh not in self.index.in_dict
        if figurative and all(zipf(w.lower()) >= EVERYDAY_ZIPF
                              for _, i, n, _ in path for w in self.words[i:i + n]):
            return False
        hit = lent_any = anchored = False
        n_anchored = 0
        odd_in_register = True
        register = self.index.register
        for pidx, i, n, lent in path:
            mk = self.marked(i, n) or (figurative and not lent)
            if lent:
                # A lent gloss is a compound's noun or verb (文 as 文具,
                # stationery); an adverb ("meticulously" of 研) says how the
                # other piece is done, a paraphrase's word.
                if not self.marked(i, n, RARE_ZIPF) or any(
                        w.lower().endswith("ly") for w in self.words[i:i + n]):
                    return False
                lent_any = True
            elif any(k in approved for k in self.keys[i:i + n]):
                anchored = True
                n_anchored += 1
            else:
                odd_in_register = odd_in_register and all(
                    k in register for k in self.keys[i:i + n])
            if mk and (lent or opaque(pattern, pidx, approved) or by_sense and not any(
                    k in approved for k in self.keys[i:i + n])):
                hit = True
        # Mostly the approved rendering's own words, the rest words of the
        # register ("establishing a national civilized city" for "build a
        # national civilized city"): a paraphrase. A word foreign to the
        # register there ("package village cadre" for 包村干部) is a wrong sense.
        # A trap is about the sense of its opaque piece (公 of 公筷, serving,
        # not "public"): where it has none, half its pieces in the approved
        # sense and the rest in register words is a paraphrase too
        # ("situations are handled" for 疫情处置, handling of outbreaks).
        if hit and odd_in_register and (2 * n_anchored > len(path) or (
                by_sense and 2 * n_anchored == len(path)
                and not any(opaque(pattern, pidx, approved) for pidx, *_ in path))):
            return False
        if lent_any and not anchored:
            # Reading a character as some compound is a guess; trust it for
            # abbreviations the dictionary does not know (创文), or when the
            # rest of the rendering is the approved one ("breakthrough ...").
            if not coined:
                return False
        return hit

    def _wrong_name(self, pattern, path) -> bool:
        """A name domain's match: every piece rendered (a name is not
        half-read: "New Peking" is no reading of 新京报), none by a lent
        gloss, every word capitalised, and some piece by a sense the approved
        name does not use."""
        from .._calque import opaque

        if len(path) < len(pattern.pieces) or any(lent for *_, lent in path):
            return False
        if not all(w[:1].isupper() for _, i, n, _ in path for w in self.words[i:i + n]):
            return False
        approved = self.index.term_keys.get(pattern.term.zh, set())
        return any(opaque(pattern, pidx, approved) and not any(
            k in approved for k in self.keys[i:i + n]) for pidx, i, n, _ in path)


# The register of a page, read from two measures.
# - The share of its content words (of four letters or more) that some
#   approved rendering of the termbase uses (``register_keys``: that
#   vocabulary frozen with these thresholds, so that neither a user's
#   termbase nor a larger built-in one moves every page towards officialese). Officialese (news of Party
#   committees, firms, governments) runs at 0.28 to 0.80; narrative prose
#   (novels, memoirs) at 0.20 to 0.32, since it spends its words on people,
#   bodies and things. The two overlap between 0.25 and 0.40.
# - The share of its words that are personal pronouns. Narrative is told
#   through persons (he, she, I, you): 5 to 13 words in 100 of a novel;
#   officialese is impersonal, under 4 in 100 even where it exhorts ("we
#   must ...").
# A page is literary when few of its words are the register's, or when it
# is told through persons and its register share is in the overlap. The
# termbase's terms are officialese, so their calques are too: a literary page
# that seems to hold one ("moved to tears", "trying hard") holds an ordinary
# English phrase made of the same common words.
LITERARY_SHARE = 0.25
NARRATIVE_SHARE = 0.40
NARRATIVE_PRONOUNS = 0.045
# Fewer content words than this say nothing about a page's register.
REGISTER_MIN_WORDS = 80
# English's personal pronouns (a closed class).
PRONOUNS = frozenset(
    "i me my mine myself you your yours yourself yourselves he him his himself she her hers "
    "herself we us our ours ourselves they them their theirs themselves".split())


def literary(runs: list) -> bool:
    """Whether the Latin runs ``runs`` of a page read as literary prose, not
    officialese (see ``LITERARY_SHARE``)."""
    from ...text.english import TOKEN_RE, key_of
    from .._calque import register_keys

    toks = TOKEN_RE.findall("[".join(runs))
    # Words of four letters or more: the pinyin a converter leaves in a
    # Chinese page (xue, hui) and short words say nothing of the register.
    keys = [k for k in map(key_of, [t for t in toks if len(t) >= 4]) if k]
    if len(keys) < REGISTER_MIN_WORDS:
        return False
    register = register_keys()
    share = sum(1 for k in keys if k in register) / len(keys)
    if share < LITERARY_SHARE:
        return True
    if share >= NARRATIVE_SHARE:
        return False
    words = [t for t in toks if t.isalpha()]
    persons = sum(1 for t in words if t.lower() in PRONOUNS)
    return persons >= NARRATIVE_PRONOUNS * len(words)


# The grammar around a match, which the engine does not see (it reads
# content words only).
_POSSESSIVE_DETERMINERS = frozenset(("its", "their"))
_COORDINATORS = frozenset(("and", "or"))
_DETERMINERS = frozenset(("the", "a", "an", "its", "their", "this", "these", "those", "our"))
# Light verbs and modals: after "and" they open a second predicate ("serve
# the people and do practical things").
_PREDICATE_OPENERS = frozenset(("do", "does", "did", "make", "makes", "made", "have", "has",
                                "had", "get", "gets", "got", "take", "takes", "took", "will",
                                "would", "should", "must", "can", "could", "may"))


# Auxiliaries and sentence adverbs (closed classes).
_AUXILIARIES = frozenset("is are was were been being has have had".split())
_SENTENCE_ADVERBS = frozenset("also still already".split())


# Prepositions that attach an adjunct ("an initiative in the city"); "of"
# is left out, since it joins a calque's pieces ("creation of the city").
_ADJUNCT_PREPOSITIONS = frozenset(("in", "at", "on", "for", "with", "from", "by", "across"))


_POSSESSIVE_END = re.compile(r"['\u2019]s$|s['\u2019]$")


def reads_as_term(m, toks: list, nums) -> bool:
    """Whether the tokens of match ``m`` (``nums``: the token numbers of
    the clause's content words) can be a rendering of one term: the
    grammar around the glosses, which the engine does not see.

    - A personal pronoun inside the span ("hand her a clean", "two of them
      turned") is narrative: a term's rendering has none. A possessive
      determiner of a thing or a group (its, their) may stand where Chinese
      has none ("take off their hats" for 摘帽).
    - A rendering does not straddle two phrases: after "and" a past-tense
      verb opens a second predicate ("the Workers' Pioneer and called on
      cadres"), an article a second noun phrase ("public institutions and
      the work"), "in the" an adjunct ("an initiative in the city"), and
      "to" after a plural noun an infinitive of purpose ("visiting families
      to help").
    - A one-character head after a word (包干 + 制) is what the rest
      modifies, never coordinated with it ("tasks and system").
    - A span ending in a possessive before a content word ("permeating the
      party's leadership") ends inside a noun phrase whose head lies
      beyond it: the words render something else."""
    first, last = nums[m.start], nums[m.end - 1]
    if any(t.lower() in PRONOUNS and t.lower() not in _POSSESSIVE_DETERMINERS
           for t in toks[first:last + 1]):
        return False
    # A sentence adverb or an auxiliary between the glosses makes them a
    # subject and its predicate ("the group also consulted", "projects were
    # arranged", "people had been keeping"): a clause, no term's rendering.
    # (A copula MT puts between a term's pieces, "X is the Y", leaves it one.)
    for j in range(first + 1, last):
        w = toks[j].lower()
        if w in _SENTENCE_ADVERBS or w in _AUXILIARIES and toks[j + 1].lower() not in _DETERMINERS:
            return False
    if _POSSESSIVE_END.search(toks[last]) and last + 1 < len(toks):
        from ...text.english import key_of

        if key_of(toks[last + 1]):
            return False
    return not (_straddles(toks, first, last) or _head_coordinated(m, toks, nums))


def _head_coordinated(m, toks: list, nums) -> bool:
    """Whether "and" or "or" stands before the term's last piece when that
    is a single character after a word: the head the rest modifies (包干制,
    a system of contracted tasks), never coordinated with it. (Single
    characters in a row, 传帮带, are coordinated: "passing on, helping and
    leading".)"""
    pidx, i, _, _ = m.path[-1]
    pieces = m.pattern.pieces
    if (len(m.path) < 2 or pidx != len(pieces) - 1 or len(pieces[pidx].zh) != 1
            or len(pieces[pidx - 1].zh) < 2):
        return False
    _, j, n, _ = m.path[-2]
    return any(t.lower() in _COORDINATORS for t in toks[nums[j + n - 1] + 1:nums[i]])


def _straddles(toks: list, first: int, last: int) -> bool:
    """Whether tokens ``first``..``last`` join two phrases: a coordinator
    followed by a determiner, a light verb or modal, or a past-tense verb
    ending the span; or a preposition other than "of" followed by a
    determiner."""
    for j in range(first + 1, last):
        w, nxt = toks[j].lower(), toks[j + 1].lower()
        if w in _COORDINATORS and (nxt in _DETERMINERS or nxt in _PREDICATE_OPENERS
                                   or (j + 1 == last and nxt.endswith("ed"))):
            return True
        if w in _ADJUNCT_PREPOSITIONS and nxt in _DETERMINERS:
            return True
        # A plural noun, then "to" and the span's last word: an infinitive of
        # purpose ("visiting families to help"), not a piece of the noun's
        # term ("village to village" repeats its noun).
        if (w == "to" and j + 1 == last and toks[j - 1].lower() != nxt
                and toks[j - 1].lower().endswith("s") and not toks[j - 1].lower().endswith("ss")):
            return True
    return False


@lru_cache(maxsize=8)
def figurative_starts(index) -> frozenset:
    """The pattern starts whose renderings need no marked word in their
    clause: figures and coinages, and names (``NAME_DOMAINS``, whose test
    is their shape)."""
    return frozenset(sid for sid, (pat, _) in enumerate(index.starts)
                     if pat.term.domain.lower() in FIGURATIVE_DOMAINS | NAME_DOMAINS)
