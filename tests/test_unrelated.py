"""``pair.unrelated``: an English sentence that renders nothing of its source
or of the story around it (a sentence of another text put in its place)."""
from types import SimpleNamespace

import pytest

from align.pair.bilingual import pair_texts
from align.pair.unrelated import (FEATURES, MIN_SCORE, _readings, name_in, names_in, pinyin_names,
                                  score)
from tests.test_pair_checks import _e

# Pinyin names in an English sentence: two syllables or more, capitalised,
# not an English word that spells pinyin. Written for these tests.
NAMES = [
    ("She turned to Li Xiuying and smiled.", ["Li Xiuying"]),
    ("Mei-ling was waiting at the gate.", ["Meiling"]),
    ("Like Guoqiang's brother, he never went back.", ["Guoqiang"]),
    ("Then Zhao Lei left the room.", ["Zhao Lei"]),
    ("Zhang Wei and Liu Yang each paid ten yuan.", ["Zhang Wei", "Liu Yang"]),
    ("The delegation visited Kuancheng District.", ["Kuancheng"]),
]
NO_NAMES = [
    "Long ago the men sang in the fields.",
    "Sun Li came in.",
    "Chang Kai-shek flew to the airport alone.",
    "Then he remembered that he had to switch them on.",
    "The dog ran after the ball and the children laughed.",
    "Fan the flames, she said.",
]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize("text,names", NAMES)
def test_pinyin_names_found(text, names):
    assert pinyin_names(text) == names


@pytest.mark.parametrize("text", NO_NAMES)
def test_no_pinyin_name_in_english(text):
    assert pinyin_names(text) == []


@pytest.mark.parametrize("name,zh,present", [
    ("Li Xiuying", "李秀英推开了门。", True),
    ("Zhao Lei", "李秀英推开了门。", False),
    # Every reading of a polyphone: 乐 is le and yue.
    ("Le Long", "乐龙来了。", True),
    ("Yue Long", "乐龙来了。", True),
    # The source names her by her given name only.
    ("Zhang Guoqiang", "国强没有说话。", True),
    # A one-syllable piece alone does not make the name present.
    ("Zhou Rui", "周围很安静。", False),
])
def test_name_in_the_source(name, zh, present):
    assert name_in(name, [_readings(c) for c in zh]) == present


@pytest.mark.parametrize("text,names", [
    ("Granny Liu smiled at Pinewood and said nothing.", {"Liu", "Pinewood"}),
    ("Qiaozhen came in, and the dog barked.", {"Qiaozhen"}),
    # At a sentence's or a quotation's start a capital says nothing of an
    # English word; "I" is no name.
    ("Never mind, I said.", set()),
    ("He said, 'Come here, Doudou!'", {"Doudou"}),
    ("'Perhaps,' she said, 'we should go.'", set()),
    ("THE END was written across it.", set()),
])
def test_names_in_a_sentence(text, names):
    assert names_in(text) == names


def _vector(**given):
    base = {"zb": 0.0, "coh": 0.0, "ax": 0.0, "lexe": 0.4, "lexz": 0.3, "foreign": 0.0,
            "words": 0.5, "multi": 0.0, "drop": 0.0, "orphan": 0.0, "rank": 0.0, "srank": 0.0,
            "gap": 0.0, "lone": 0.0}
    base.update(given)
    return [base[k] for k in FEATURES]


def test_the_evidence_points_the_right_way():
    typical = score(_vector())
    assert typical < MIN_SCORE
    base = dict(zb=4.5, coh=2.0, ax=2.5, lexe=0.0, lexz=0.0, srank=0.3)
    far = _vector(**base)
    assert score(far) >= MIN_SCORE
    # Each piece of counter-evidence lowers the score, each piece of evidence
    # raises it.
    for key, value, lower in [("lexe", 0.5, True), ("lexz", 0.4, True), ("coh", 0.0, True),
                              ("zb", 1.0, True), ("foreign", 1.0, False),
                              ("srank", 0.6, False), ("gap", 1.0, False), ("lone", 1.0, False)]:
        moved = score(_vector(**{**base, key: value}))
        assert (moved < score(far)) if lower else (moved > score(far)), key


ZH = ["今天上午，市政府召开全市安全生产工作会议。",
      "副市长在会上通报了上半年全市安全生产形势。",
      "他指出，今年以来全市没有发生重大事故。",
      "会议要求各区县立即开展安全隐患大排查。",
      "各部门要加强对建筑工地的检查。",
      "对发现的问题要限期整改。",
      "交通部门要加强对客运车辆的管理。",
      "学校要做好学生暑期安全教育。",
      "消防部门要加强对商场和宾馆的检查。",
      "会议还对防汛工作作了部署。",
      "各区县要做好抢险物资和队伍的准备。",
      "会议由市政府秘书长主持。"]
EN = ["This morning, the municipal government held a citywide work conference on work safety.",
      "At the meeting, the vice mayor reported on the city's work safety situation in the first half of the year.",
      "He pointed out that no major accidents have occurred in the city since the beginning of the year.",
      "The meeting required all districts and counties to immediately carry out a major inspection of safety hazards.",
      "All departments should strengthen inspections of construction sites.",
      "Problems that are found must be rectified within a set time.",
      "The transport department should strengthen the management of passenger vehicles.",
      "Schools should provide students with safety education for the summer vacation.",
      "The fire department should step up inspections of shopping malls and hotels.",
      "The meeting also made arrangements for flood control.",
      "All districts and counties should prepare emergency supplies and rescue teams.",
      "The meeting was chaired by the secretary-general of the municipal government."]
SWAPPED = "Chen Xiaoyu drew the curtain aside and gazed down at the quiet lane for a long while."


def test_a_good_translation_stays_quiet():
    res = pair_texts("\n".join(ZH) + "\n", "\n".join(EN) + "\n", presplit=True)
    assert [r for r in res.rows if r["category"] in ("mistranslation", "addition", "omission")] == []


# Sentence vectors for a check on known geometry (as tests/test_pair_checks.py
# builds them): source sentence k is e_k; its English shares it, a component
# of its own and the story's (e_47), so the English sentences are alike one
# another as a narrative's are. The last bead has two English sentences: the
# translation and ``extra``.
def _folded(extra_text, extra_vec):
    tv = [_e((k, 0.6), (k + 20, 0.5), (47, 0.6)) for k in range(12)] + [extra_vec]
    beads = [((k,), (k,)) for k in range(11)] + [((11,), (11, 12))]
    return _checked(EN + [extra_text], tv, beads)


def _checked(en, tv, beads):
    import numpy as np

    from align.pair.aligner import Side
    from align.pair.bilingual import PairResult, check, sentence_spans
    from align.pair.lexicon import en_bag, zh_bag

    src_t, tgt_t = "\n".join(ZH), "\n".join(en)

    def side(vecs, texts, bag):
        return Side(np.array(vecs), [frozenset(t for t in bag(x) if t[0] != "#") for x in texts],
                    [frozenset()] * len(texts), np.ones(len(texts)), texts)
    cosines = [float(_e(*((x, 1.0) for x in s)) @ sum(tv[j] for j in t)) if s and t else
               float("nan") for s, t in beads]
    al = SimpleNamespace(beads=beads, scores=[1.0] * len(beads), cosines=cosines,
                         info={"sides": (side([_e((k, 1.0)) for k in range(12)], ZH, zh_bag),
                                         side(tv, en, en_bag))})
    res = PairResult(src_t, tgt_t, sentence_spans(src_t, True), sentence_spans(tgt_t, True), al)
    return [f for f in check(res)[1] if f.rule == "pair.unrelated"], res


def test_a_sentence_folded_into_a_bead_that_renders_nothing():
    got, res = _folded(SWAPPED, _e((45, 1.0)))
    assert [(f.start, f.end) for f in got] == [res.tgt_spans[12]]


def test_a_sentence_folded_into_a_bead_that_goes_on_with_it():
    # The translator split the last sentence: the second half tells the
    # same story, in the source's words.
    got, _ = _folded("The secretary-general of the municipal government chaired it.",
                     _e((11, 0.6), (46, 0.5), (47, 0.6)))
    assert got == []


# The English of source sentence 10 is a sentence of another text; the
# aligner leaves source 10 without English and folds the stranger into the
# next bead. Beside a source sentence the translator truly left out, the
# next bead holds its own translation only.
def _beside_a_gap(text, vec):
    tv = [_e((k, 0.6), (k + 20, 0.5), (47, 0.6)) for k in range(12)]
    tv[10] = vec
    beads = [((k,), (k,)) for k in range(10)] + [((10,), ()), ((11,), (10, 11))]
    return _checked(EN[:10] + [text, EN[11]], tv, beads)


def test_a_stranger_beside_a_source_left_without_english():
    from align.pair.bilingual import _one_to_one, _unlike_surroundings, check
    from align.pair.unrelated import features

    _, res = _beside_a_gap(SWAPPED, _e((45, 0.8), (47, 0.3)))
    got = features(res, _one_to_one(res.alignment), _unlike_surroundings(res.alignment))
    gap = FEATURES.index("gap")
    # The edge sentences either side of the source left without English;
    # the translation before it has nothing else against it.
    assert {j: v[gap] for j, v in got.items() if v[gap]} == {9: 1.0, 10: 1.0}
    assert score(got[10]) >= MIN_SCORE
    reported = [(f.start, f.end) for f in check(res)[1] if f.category == "mistranslation"]
    assert reported == [res.tgt_spans[10]]


def test_a_translation_beside_a_real_omission_stays_quiet():
    import numpy as np

    tv = [_e((k, 0.6), (k + 20, 0.5), (47, 0.6)) for k in range(12)]
    beads = [((k,), (k,)) for k in range(10)] + [((10,), ()), ((11,), (10,))]
    got, _ = _checked(EN[:10] + [EN[11]], tv[:10] + [tv[11]], beads)
    assert got == []


def test_a_short_document_is_not_judged():
    # Fewer than eight English sentences give no distribution to stand out of.
    from align.pair.unrelated import unrelated

    res = pair_texts("\n".join(ZH[:6]) + "\n", "\n".join(EN[:5] + [SWAPPED]) + "\n",
                     presplit=True)
    assert unrelated(res, (0.7, 0.05), None) == []
