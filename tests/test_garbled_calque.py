"""garbled_calque: generated calques (must fire, with span and suggestion) and must-nots."""
import pytest

import align

CHECK = ["garbled_calque"]


def findings(text, **kw):
    df = align.check_text(text, checks=CHECK, **kw)
    return list(zip(df["text"], df["suggestion"], df["rule"])) if len(df) else []


FIRES = [
    # (text, span, suggestion) -- renderings written nowhere in the code
    ("The city pushed creating culture this year.", "creating culture",
     "national civilized city campaign"),
    ("Staff were asked to create writing in every district.", "create writing",
     "national civilized city campaign"),
    ("The head geese of the branch led the way.", "head geese", "pacesetter"),
    ("We must solve the two skin problem of Party work.", "two skin", "disconnect"),
    ("Compacting the main responsibility is a must.", "Compacting the main responsibility",
     "tighten primary responsibility"),
    ("We should hold the ox nose of reform.", "ox nose", "key"),
    ("The cadres must take the lead goose role.", "lead goose", "pacesetter"),
    ("Hold the cow nose of reform.", "cow nose", "key"),
    ("Do not cross the high pressure line.", "high pressure line", "red line"),
]


@pytest.mark.parametrize("text,span,suggestion", FIRES)
def test_fires(text, span, suggestion):
    got = findings(text)
    assert (span, suggestion, "garbled.calque") in got, got


ORDINALS = [
    ("to greet the Party's 19 big with actions", "the Party's 19 big", "the 19th CPC National Congress"),
    ("spirit of the 20 National Congress", "the 20 National Congress", "the 20th National Congress"),
]


@pytest.mark.parametrize("text,span,suggestion", ORDINALS)
def test_ordinals(text, span, suggestion):
    assert (span, suggestion, "garbled.ordinal") in findings(text)


NOT_FIRES = [
    "Maoming Port Group held the launch ceremony of the Party secretary's project.",
    "Wang Zhihua attended the meeting and made a speech.",
    "We will strengthen Party building and fulfil the primary responsibility.",
    "The 20th CPC National Congress was convened successfully.",
    "The Party's 100 years of struggle.",
    "The Party's 19 members attended.",
    "Binhai New Area is a state-level new area.",
    "Subordinate enterprises reported their output value.",
    "She washed her hands and sat down with a cup of tea.",
    "The pacesetters lead the way in the civilized city campaign.",
    "Address both symptoms and root causes.",
]


@pytest.mark.parametrize("text", NOT_FIRES)
def test_not_fires(text):
    assert findings(text) == []


def test_chinese_document_skipped():
    assert findings("这是一个中文文档，头雁领航，两张皮问题。" * 3) == []


def test_user_avoid_list(tmp_path):
    p = tmp_path / "tb.csv"
    p.write_text("zh,en,avoid\n专班,task force,special work class\n", encoding="utf-8")
    got = findings("The special work class met.", termbases=(str(p),))
    assert ("special work class", "task force", "garbled.termbase") in got


def test_adversarial_input_is_linear():
    # no catastrophic backtracking: a long run of words finishes
    text = ("the Party's " * 5000) + "x" + (" and" * 5000)
    findings(text)


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
    from align.detectors._english import clauses, tokens
    from align.detectors.garbled_calque import PLAIN_DOMAINS
    from align.termbase import load

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
