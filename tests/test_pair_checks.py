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
