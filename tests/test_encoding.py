"""encoding beyond its cases (``tests/cases/encoding.json``): files written in
legacy encodings, and the one-scan shortcuts against the plain patterns."""
import pytest

import align

# Files written in legacy encodings: the reader decodes them, and damage that
# was already in the text before it was saved is still found.
FILES = [
    # (text, encoding, expected flagged spans)
    ("集团召开2023年工作会议，会议强调要加快推进高质量发展。", "gb18030", []),
    ("内审项目的正?;?、常态化、制度化，切实做好年度审计工作。", "gb18030", ["?;?"]),
    ("集團黨委書記主持召開工作會議，會議強調要加快推進高質量發展。", "big5", []),
    ("會議指出，要進一步總結階段性工作中存在的問?，有針對性地開展工作。", "big5", ["?"]),
    ("Zhang¡¯s speech at the café on the ¡°two sessions¡± was naïve.", "cp1252",
     ["¡¯", "¡°", "¡±"]),
    ("A caf\u00e9 in the old town, the na\u00efve question?", "cp1252", []),
]


@pytest.mark.parametrize("text,encoding,expected", FILES)
def test_files_in_legacy_encodings(tmp_path, text, encoding, expected):
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    assert align.read_text(path) == text
    df = align.qa(path, checks=["encoding"])
    assert list(df.text) == expected


def test_english_seeds_have_no_encoding_findings(seeds):
    paths = [seeds / n for n in ("000_79a7f5f1f448991d.txt", "001_4b1e98a7e9d89e62.txt",
                                 "003_4e8451696e599991.txt")]
    df = align.qa(paths, checks=["encoding", "pinyin_annotation"])
    assert len(df) == 0


def test_rare_character_class_agrees_with_is_common():
    # The legacy-codec check skips runs by this class; it must reject exactly
    # the Han characters that ``commonness`` counts as common.
    from align.text.charfreq import is_common
    from align.detectors.encoding import _rare_re

    rare = _rare_re()
    ranges = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2000F)]
    wrong = [hex(c) for lo, hi in ranges for c in range(lo, hi + 1)
             if bool(rare.match(chr(c))) == is_common(chr(c))]
    assert wrong == []


@pytest.mark.parametrize("text,found", [
    # a swapped legacy codec: every character rare, fixed by the other codec
    ("會議強調".encode("big5").decode("gb18030", "replace"), None),
    ("会议强调会议强调", False),      # ordinary text, no rare character
    ("龘龘", False),                   # rare, but too short a run
])
def test_legacy_codec_prefilter(text, found):
    from align.detectors.encoding import (Encoding, commonness, _legacy_swap, _RARE_RUN_RE,
                                          _reads_better)

    got = [f for f in Encoding._legacy(text)]
    # The unfiltered rule, straight from its definition.
    want = [m.span() for m in _RARE_RUN_RE.finditer(text)
            if commonness(m.group(0)) <= 0.5 and _legacy_swap(m.group(0))
            and _reads_better(_legacy_swap(m.group(0))[0], m.group(0))]
    assert [(f.start, f.end) for f in got] == want
    if found is False:
        assert want == []


@pytest.mark.parametrize("seed", range(3))
def test_one_scan_finds_what_the_three_patterns_find(seed):
    import random

    from align.detectors.encoding import _LOST_RE, _MOJIBAKE_RE, _damage, _rare_re

    rng = random.Random(seed)
    parts = ["?", ";", "!", "\ufffd", "Ã", "©", "¡", "¯", "\u2019", "\u201c", "€", "™", "a", " ", "正",
             "常", "龘", "\u5a7e", "\U00020001", "\u00b7", "é", "\n", "会议", "?;?", "Ã©", "â€™"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 25)))
        lost, mojibake, rare = _damage(text)
        assert [m.span() for m in lost] == [m.span() for m in _LOST_RE.finditer(text)], text
        assert [m.span() for m in mojibake] == [m.span() for m in _MOJIBAKE_RE.finditer(text)], text
        assert rare == [m.start() for m in _rare_re().finditer(text)], text


@pytest.mark.parametrize("run, rule", [
    ("Ã©", "encoding.utf8_as_cp1252"),
    ("â€™", "encoding.utf8_as_cp1252"),
    ("¡¯", "encoding.gbk_as_latin1"),
    ("\xa0\xa0\xa0", None),            # padding, not a decoding
    ("\xa0" * 6, None),
])
def test_mojibake_repair(run, rule):
    from align.detectors.encoding import _mojibake_repair

    got = _mojibake_repair(run)
    assert (got[0] if got else None) == rule


def _plain_sloppy_utf8_repair(run):
    """``_sloppy_utf8_repair`` as it was: ftfy asked about every run."""
    import ftfy

    fixed = ftfy.fix_encoding(run)
    if fixed == run or len(fixed) > len(run) - 2:
        return None
    return fixed


def test_no_break_space_padding_is_what_ftfy_says_of_it():
    # The shortcut for runs of U+00A0 alone stands for ftfy's answer. Its
    # mojibake patterns have no repetition, so lengths up to 3,000 stand for
    # all; a new ftfy that repaired such a run would fail here.
    import ftfy

    from align.detectors.encoding import _sloppy_utf8_repair

    for n in range(1, 3001):
        run = "\xa0" * n
        assert ftfy.fix_encoding(run) == run, n
        assert _sloppy_utf8_repair(run) is None is _plain_sloppy_utf8_repair(run), n


def test_no_break_space_padding_does_not_load_ftfy():
    from align.detectors import encoding as E

    E._ftfy.cache_clear()
    E._mojibake_repair.cache_clear()
    for n in (2, 6, 40):
        assert E._mojibake_repair("\xa0" * n) is None
    assert E._ftfy.cache_info().currsize == 0  # never asked for
    E._mojibake_repair("\xa0\xa0Ã\xa0")  # a run ftfy is asked about
    assert E._ftfy.cache_info().currsize == 1


@pytest.mark.parametrize("seed", range(3))
def test_sloppy_repair_matches_plain_on_random_runs(seed):
    import random

    from align.detectors.encoding import _LEAD, _MOJIBAKE_RE, _sloppy_utf8_repair

    rng = random.Random(seed)
    tried = 0
    lead = list(map(chr, range(0x80, 0x100))) + list(_LEAD[_LEAD.index("\u20ac"):])
    high = lead + ["\u2018", "\u2019", "\u201c", "\u201d", "\u2013", "\u2014", "\u2026"]
    for _ in range(1500):
        pick = rng.random()
        if pick < 0.3:
            run = "\xa0" * rng.randint(2, 12)
        elif pick < 0.6:
            run = "".join(rng.choice(["\xa0", "\xa0", "Ã", "Â", "©", "\xad"])
                          for _ in range(rng.randint(2, 8)))
        else:
            run = rng.choice(lead) + "".join(rng.choice(high) for _ in range(rng.randint(1, 7)))
        if not _MOJIBAKE_RE.fullmatch(run):
            continue
        tried += 1
        assert _sloppy_utf8_repair(run) == _plain_sloppy_utf8_repair(run), repr(run)
    assert tried > 1000


# UTF-8 read as GBK and the other wrong codecs: sentences built from jieba's
# dictionary (no text of anyone's), damaged the ways decoders damage them.

def _dictionary_sentences(n, seed, min_freq=2000):
    """``n`` strings of three to eight ordinary jieba dictionary words."""
    import random

    from align.text.zhwords import _jieba

    freq = _jieba().dt.FREQ
    words = sorted(w for w, f in freq.items()
                   if f >= min_freq and 2 <= len(w) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in w))
    rng = random.Random(seed)
    return ["".join(rng.choice(words) for _ in range(rng.randint(3, 8))) for _ in range(n)]


def _browser_gbk(text):
    """UTF-8 bytes through a browser's GBK decoder: user-defined pairs come
    out as private-use characters that the page store drops, byte 80 alone
    is €, a byte that pairs with nothing is lost."""
    b = text.encode("utf-8")
    out, i = [], 0
    while i < len(b):
        if b[i] < 0x80:
            out.append(chr(b[i]))
            i += 1
        elif b[i] == 0x80:
            out.append("\u20ac")
            i += 1
        else:
            try:
                ch = b[i:i + 2].decode("gb18030")
                if not "\ue000" <= ch <= "\uf8ff":
                    out.append(ch)
                i += 2
            except UnicodeDecodeError:
                i += 1
    return "".join(out)


def test_exact_gbk_mojibake_is_reversed_exactly():
    from align.text.mojibake import find_runs

    tried = 0
    for sent in _dictionary_sentences(300, 0):
        try:
            damaged = sent.encode("utf-8").decode("gbk")
        except UnicodeDecodeError:
            continue
        tried += 1
        runs = find_runs(damaged)
        assert [(r.start, r.end, r.repaired, r.exact) for r in runs] == \
            [(0, len(damaged), sent, True)], (sent, damaged)
    assert tried > 20


@pytest.mark.parametrize("damage", [
    _browser_gbk,
    lambda s: s.encode("utf-8").decode("gbk", "replace"),
    lambda s: s.encode("utf-8").decode("gb18030", "ignore"),
])
def test_lossy_gbk_mojibake_is_found(damage):
    # Every damaged sentence is reported, most of it as one run.
    from align.text.document import Document
    from align.detectors.encoding import Encoding

    det = Encoding()
    for sent in _dictionary_sentences(150, 1):
        text = damage(sent + "。\n")
        got = [f for f in det.detect(Document("x", text)) if f.rule == "encoding.utf8_as_gbk"]
        assert sum(f.end - f.start for f in got) >= 0.8 * len(text.strip()), (sent, text)


def test_dictionary_words_raise_no_encoding_finding():
    # Correct Chinese, and the hardest kind: jieba's dictionary, rare words
    # and all, one word a line and in lines of random words, simplified and
    # traditional. Nothing in it is damage.
    import random

    import opencc

    from align.text.document import Document
    from align.text.zhwords import _jieba
    from align.detectors.encoding import Encoding

    from align.text.charfreq import is_common

    words = sorted(w for w in _jieba().dt.FREQ if _jieba().dt.FREQ[w])
    # Words of rare characters only (what mojibake is made of), then others.
    rare = [w for w in words if len(w) > 1 and not any(map(is_common, w))]
    rng = random.Random(2)
    sample = rng.sample(words, 20000)
    lines = "\n".join(rare + sample[:10000]) + "\n" + "\n".join(
        "".join(sample[i:i + 25]) for i in range(10000, 20000, 25))
    det = Encoding()
    for text in (lines, opencc.OpenCC("s2t").convert(lines)):
        got = [(f.rule, text[f.start:f.end]) for f in det.detect(Document("x", text))]
        assert got == []


def _english_with_marks(n, seed):
    """English sentences with curly quotes, apostrophes, dashes and
    ellipses in the places English puts them."""
    import random

    rng = random.Random(seed)
    words = ("city port plan group report mayor river council budget year trade "
             "school road bridge market farmer museum").split()
    out = []
    for _ in range(n):
        w = rng.sample(words, 5)
        out.append(rng.choice([
            f"The {w[0]}\u2019s {w[1]} was approved.",
            f"She called it \u201c{w[2]}\u201d and left.",
            f"The {w[3]}\u2014and the {w[4]}\u2014grew.",
            f"It\u2019s the {w[0]}\u2019s {w[1]} \u201c{w[2]}\u201d plan\u2026 again.",
            f"Officials said \u2018{w[3]} first\u2019 was the motto.",
        ]))
    return out


@pytest.mark.parametrize("errors", ["strict", "replace"])
def test_english_punctuation_read_as_gbk_is_found(errors):
    # Every curly quote, dash and ellipsis that UTF-8 read as GBK turned
    # into 鈥 is inside a finding, alone in its sentence too; where nothing
    # was lost the repair gives the sentence back (the ``s`` of ``鈥檚``
    # included).
    from align.detectors.encoding import Encoding
    from align.text.document import Document

    det = Encoding()
    for sent in _english_with_marks(200, errors == "strict"):
        try:
            text = sent.encode("utf-8").decode("gbk", errors)
        except UnicodeDecodeError:
            continue
        got = [f for f in det.detect(Document("x", text))]
        assert all(f.rule == "encoding.utf8_as_gbk" for f in got), (sent, got)
        for k, ch in enumerate(text):
            if ch == "\u9225":      # 鈥, the lead pair E2 80
                assert any(f.start <= k < f.end for f in got), (sent, text)
        if errors == "strict":
            fixed = text
            for f in sorted(got, key=lambda f: -f.start):
                fixed = fixed[:f.start] + f.suggestion + fixed[f.end:]
            assert fixed == sent, (sent, text, got)


def test_mojibake_is_not_also_untranslated_chinese():
    # The encoding finding replaces the Han runs it covers whole; Chinese
    # around a lost character is still untranslated.
    from align.detectors.encoding import Encoding
    from align.detectors.untranslated import Untranslated
    from align.run.pipeline import check_document
    from align.text.document import Document

    def rules(text):
        rows = check_document(Document("d", text), [Untranslated(), Encoding()]).rows
        return sorted((text[r["start"]:r["end"]], r["rule"]) for r in rows)

    damaged = "\u8fdb\u5165\u65b0\u9636\u6bb5\u4e86".encode("utf-8").decode("gbk")  # 进入新阶段了
    text = f"The council said {damaged} today, and the mayor\u2019s aide agreed."
    text = text.replace("\u2019s", "\u2019s".encode("utf-8").decode("gbk"))
    got = rules(text)
    assert got and {r for _, r in got} == {"encoding.utf8_as_gbk"}, got
    got = rules("The goal of \u63a8\u52a8?\u8d28\u91cf\u53d1\u5c55 was set.")
    assert sorted(r for _, r in got) == ["encoding.lost_character", "untranslated.han_run"]
    # Run alone, the untranslated check still reports the mojibake.
    rows = check_document(Document("d", text), [Untranslated()]).rows
    assert {r["rule"] for r in rows} == {"untranslated.han_run"}


@pytest.mark.parametrize("run, fixed, confidence", [
    ("Ã©", "é", 0.95),
    ("ÃƒÂ©", "é", 0.95),                        # two layers, both undone
    ("Ã¤Â¸Â\xadÃ¥â€ºÂ½", "中国", 0.95),
    ("â€", "\u201d", 0.7),                      # 9D dropped: only ” completes E2 80
    ("Ã¢â‚¬", "â€", 0.7),                      # two layers, the inner one a byte short
    ("ï»", None, None),                         # no completion is a character text has
])
def test_layers_and_dropped_bytes(run, fixed, confidence):
    from align.detectors.encoding import _mojibake_repair

    got = _mojibake_repair(run)
    assert ((got[1], got[2]) if got else (None, None)) == (fixed, confidence)
