"""garbled_calque beyond its cases (``tests/cases/garbled_calque.json``): a
user's avoid list, the index restored from the disk cache, and the scan and
memo against matching every clause."""
import pytest

from helpers import findings, texts

def test_user_avoid_list(tmp_path):
    p = tmp_path / "tb.csv"
    p.write_text("zh,en,avoid\n专班,task force,special work class\n", encoding="utf-8")
    got = findings("The special work class met.", "garbled_calque", termbases=(str(p),))
    assert ("special work class", "task force", "garbled.termbase") in got


CACHE_CLAUSES = [
    "The city pushed creating culture this year.",
    "The head geese of the branch led the way.",
    "We must solve the two skin problem of Party work.",
    "Economic development and Party building went ahead.",
]


@pytest.mark.parametrize("sentence", CACHE_CLAUSES)
def test_index_restored_from_cache_state_matches_alike(sentence):
    # The disk cache stores CalqueIndex.state(); an index rebuilt from it
    # must find exactly what the built one finds.
    from align.detectors._calque import CalqueIndex, index_for
    from align.text.english import clauses, tokens
    from align.detectors.garbled_calque import PLAIN_DOMAINS
    from align.read.termbases import load

    terms = load(())
    built = index_for((), PLAIN_DOMAINS)
    restored = CalqueIndex(terms, _state=built.state(terms))

    def run(ix):
        out = []
        for clause in clauses(tokens(sentence)):
            keys = [t.key for t in clause]
            assert ix.has_candidate(keys) or not ix.match(keys)
            out += [(m.start, m.end, m.pattern.term.zh, m.path) for m in ix.match(keys)]
        return out

    assert run(restored) == run(built)


@pytest.fixture(scope="module")
def built_and_restored():
    """A freshly built index, and one restored from its state after a trip
    through marshal, as every run but the first gets it from the disk cache."""
    import marshal

    from align.detectors._calque import CalqueIndex
    from align.detectors.garbled_calque import PLAIN_DOMAINS
    from align.read.termbases import load

    terms = load(())
    built = CalqueIndex(terms, skip_domains=PLAIN_DOMAINS)
    state = marshal.dumps(built.state(terms))
    return built, lambda: CalqueIndex(terms, _state=marshal.loads(state))


def test_restored_pieces_keep_lent_glosses_packed_until_asked(built_and_restored):
    import marshal

    built, restore = built_and_restored
    restored = restore()
    assert len(restored.starts) == len(built.starts)
    for (bp, bi), (rp, ri) in zip(built.starts, restored.starts):
        assert bi == ri and bp.term is rp.term
        assert [p.zh for p in bp.pieces] == [p.zh for p in rp.pieces]
        assert bp.need == rp.need
    pieces = {id(p): p for pat, _ in restored.starts for p in pat.pieces}.values()
    assert all(type(p._extended) is bytes for p in pieces)
    # Asked for, each is the built set (and equal pieces compare and hash alike).
    for (bp, _), (rp, _) in zip(built.starts, restored.starts):
        for a, b in zip(bp.pieces, rp.pieces):
            assert (a.direct, a.extended, a.optional) == (b.direct, b.extended, b.optional)
            assert a == b and hash(a) == hash(b)
    # Packing a restored piece again gives the bytes it came with.
    p = next(iter(pieces))
    assert p.packed()[2] == marshal.dumps(p.extended)


@pytest.mark.parametrize("max_extended", [0, 1, 2])
def test_restored_index_matches_as_built(built_and_restored, max_extended):
    from align.text.english import clauses, tokens

    built, restore = built_and_restored
    restored = restore()
    text = " ".join(_gloss_sentences(7, 80) + texts("garbled_calque", "fire"))

    def run(ix):
        out = []
        for clause in clauses(tokens(text)):
            keys = [t.key for t in clause]
            out += [(m.start, m.end, m.pattern.term.zh, m.extended, m.skipped, m.path)
                    for m in ix.match(keys, max_extended=max_extended)]
        return out

    want = run(built)
    assert any(m[3] for m in want) or max_extended == 0  # lent glosses were used
    assert run(restored) == want


# -- the fast paths find what the plain algorithm finds ----------------------

def _reference_calques(text):
    """Every clause of every Latin run matched, no scan, no memo: the
    definition the detector's shortcuts must agree with."""
    from align.detectors._calque import index_for
    from align.detectors._calque.index import ends_rendering
    from align.text.english import clause_index, token_bounds
    from align.detectors.garbled_calque import (PLAIN_DOMAINS, Acceptor, latin_spans,
                                                reads_as_term)
    from align.text.document import Document

    index = index_for((), PLAIN_DOMAINS)
    out = []
    for start, end in latin_spans(Document("t.txt", text)):
        bounds = token_bounds(text, start, end)
        toks = [text[bounds[2 * j + 1]:bounds[2 * j + 2]] for j in range((len(bounds) - 1) // 2)]
        for keys, words, nums in clause_index(text, start, end):
            for m in index.match(keys, accept=Acceptor(index, keys, words)):
                if reads_as_term(m, toks, nums) and not ends_rendering(
                        index, words, m.start, m.pattern.term.zh):
                    out.append((bounds[2 * nums[m.start] + 1], bounds[2 * nums[m.end - 1] + 2],
                                m.pattern.term.zh))
    return out


def _gloss_sentences(seed, n):
    """Sentences strung from the index's own glosses (direct and lent), with
    function words, names, numbers, Chinese and punctuation between: dense
    in candidates, most of them vetoed."""
    import random

    from align.detectors._calque import index_for
    from align.detectors.garbled_calque import PLAIN_DOMAINS

    rng = random.Random(seed)
    index = index_for((), PLAIN_DOMAINS)
    pats = sorted({id(p): p for p, _ in index.starts}.values(), key=lambda p: p.term.zh)
    fillers = ["the", "of", "and", "a", "Wang", "Maoming", "2023", "中国", ",", ";", "(", "’s",
               "stationery", "work", "development", "high", "quality", "\n"]
    out = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(1, 4)):
            pat = rng.choice(pats)
            for pc in pat.pieces:
                pool = sorted(pc.extended if pc.extended and rng.random() < 0.3 else pc.direct)
                if pool and not (pc.optional and rng.random() < 0.5):
                    words.extend(rng.choice(pool))
                if rng.random() < 0.2:
                    words.append(rng.choice(fillers))
            words.append(rng.choice(fillers))
        out.append(" ".join(words) + ".")
    return out


@pytest.mark.parametrize("seed", range(4))
def test_scan_and_memo_find_what_matching_every_clause_finds(seed):
    from align.detectors.garbled_calque import GarbledCalque
    from align.text.document import Document

    sentences = _gloss_sentences(seed, 60) + texts("garbled_calque", "fire")
    text = " ".join(sentences)
    want = _reference_calques(text)
    assert want  # the generator must produce calques, or this proves nothing
    for _ in range(2):  # the second time from the memo
        got = [(f.start, f.end, f.extra["term"])
               for f in GarbledCalque().detect(Document("t.txt", text))
               if f.rule == "garbled.calque"]
        assert got == want


def _ordinal_texts(seed, n):
    import random

    rng = random.Random(seed)
    parts = ["the", " ", "  ", "\n", "Party", "'s", "\u2019s", "PARTY", "cpc", "CCP", "19", "7",
             "nineteen", "Twenty", "one", "National", "Congress", "Plenary", "Session",
             "Central", "Committee", "Five-Year", "Plan", "NPC", "CPPCC", "big", "years", "%",
             "th", "and", "x", "\u017f", "\u0130", "\u212a", "1\u0663", "中", ",", "tHe",
             "the Party's 19 big", "the 20 National Congress", "the 5 Plenary Session"]
    return ["".join(rng.choice(parts) + rng.choice(["", " ", "\n"])
                    for _ in range(rng.randint(1, 25))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(3))
def test_ordinal_anchors_find_what_finditer_finds(seed):
    from align.detectors.garbled_calque.ordinal import _ORDINAL_RE, ordinal_matches

    hits = 0
    for text in _ordinal_texts(seed, 3000):
        want = [(m.span(), m.groups()) for m in _ORDINAL_RE.finditer(text)]
        assert [(m.span(), m.groups()) for m in ordinal_matches(text)] == want, text
        hits += bool(want)
    assert hits > 100


def _misread_table(monkeypatch, table):
    """``misread_table`` of the built-in termbase with ``table`` as its
    misreadings."""
    from align.detectors.garbled_calque import wrong_sense
    from align.resources import termbase

    monkeypatch.setattr(termbase, "misreadings", lambda: table)
    wrong_sense.misread_table.cache_clear()
    try:
        single, multi, _ = wrong_sense.misread_table(())
        return set(single) | {" ".join(seq) for v in multi.values() for seq, _ in v}
    finally:
        wrong_sense.misread_table.cache_clear()


def test_misreadings_that_are_english_are_dropped(monkeypatch):
    # A rare word and an odd pair stay; a common word, a frequent English
    # pair and a phrase inside an approved rendering ("river chief" of 河长)
    # are not evidence of anything.
    got = _misread_table(monkeypatch, {
        "卡口": ("bayonet", "card", "checkpoint"),
        "死角": ("dead angle", "dead end"),
        "河长": ("river chief", "river long"),
    })
    from align.text.english import stem

    keys = got
    assert {"bayonet", f"{stem('dead')} {stem('angle')}", f"{stem('river')} long"} <= keys
    assert "card" not in keys          # common English word
    assert "checkpoint" not in keys    # the approved rendering
    assert f"{stem('dead')} end" not in keys      # a frequent pair
    assert f"{stem('river')} {stem('chief')}" not in keys


def test_misread_matches_inflections_and_not_across_punctuation(monkeypatch):
    from align.detectors.garbled_calque import wrong_sense
    from align.resources import termbase

    monkeypatch.setattr(termbase, "misreadings",
                        lambda: {"卡口": ("bayonet",), "死角": ("dead angle",),
                                 "抓手": ("gripper",)})
    wrong_sense.misread_table.cache_clear()
    runs = ["Bayonets were set up at every entrance, leaving no Dead Angles.",
            "There is no dead, angle here.",
            "He fixed his bayonet to the rifle.",
            "Get a grip on the handle."]
    try:
        got = [(runs[0][f.start:f.end] if f.start < 100 else f.start, f.suggestion, f.rule)
               for f in wrong_sense.misread_findings(runs, [(0, 0), (100, 0), (200, 0), (300, 0)], ())]
    finally:
        wrong_sense.misread_table.cache_clear()
    assert got == [("Bayonets", "checkpoint", "garbled.misread"),
                   ("Dead Angles", "blind spot", "garbled.misread")]
