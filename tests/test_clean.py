"""align clean: repairs, and plans that replay exactly onto the original text."""
import json
import re

import pytest

import align
from align.clean import PlanMismatch, apply_plan, clean_text
from align.cli import main
from helpers import check

CASES = [
    # (text, cleaned)
    ("集團黨委書(shū)記、董事長(cháng)主持會(huì )議。", "集團黨委書記、董事長主持會議。"),
    ("本报记者 (jìzhě) 报道", "本报记者 报道"),
    ("Zhang¡¯s speech on the ¡°two sessions¡±", "Zhang’s speech on the “two sessions”"),
    ("cafÃ© culture", "café culture"),
    ("held the conference。The meeting ended.。He said that,At present it works.",
     "held the conference. The meeting ended. He said that, At present it works."),
    ("follow \" Eight decisive battles \" now", "follow \"Eight decisive battles\" now"),
]

UNCHANGED = [
    "內審項目的正?;?、常態化",          # lost characters cannot be restored
    "好(hāo)的",                          # a reading pypinyin does not know: kept, flagged
    "ç»¼å",                               # a UTF-8 sequence with a byte lost: a guess only
    "会议于(2023)年召开(吴超)",
    "What is it? I do not know.",
]


@pytest.mark.parametrize("text,cleaned", CASES)
def test_repairs(text, cleaned):
    out, plan = clean_text(text)
    assert out == cleaned
    assert apply_plan(text, plan.to_json()) == cleaned


@pytest.mark.parametrize("text", UNCHANGED)
def test_left_alone(text):
    out, plan = clean_text(text)
    assert out == text
    assert plan.edits == []


def test_plan_refuses_other_text():
    _, plan = clean_text("會(huì )議")
    with pytest.raises(PlanMismatch):
        apply_plan("会议这是别的文字", plan)


@pytest.fixture(scope="module")
def cleaned_seeds(tmp_path_factory):
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "data" / "seeds"
    out = tmp_path_factory.mktemp("clean")
    assert main(["clean", str(seeds), "-o", str(out), "-q"]) == 0
    return seeds, out


def test_seed_plans_replay_onto_the_originals(cleaned_seeds):
    seeds, out = cleaned_seeds
    names = sorted(p.name for p in seeds.glob("*.txt"))
    assert len(names) == 5
    for name in names:
        original = align.read_text(seeds / name)
        plan = json.loads((out / (name + ".plan.json")).read_text(encoding="utf-8"))
        cleaned = (out / name).read_bytes().decode("utf-8")
        assert apply_plan(original, plan) == cleaned
        for e in plan["edits"]:
            assert original[e["start"]:e["end"]] == e["old"]


@pytest.mark.parametrize("name", ["002_10c8a51d7b4b4378.txt", "004_b50c4a77d53f1938.txt"])
def test_cleaned_chinese_seeds_have_no_readings(cleaned_seeds, name):
    seeds, out = cleaned_seeds
    cleaned = (out / name).read_text(encoding="utf-8")
    original = align.read_text(seeds / name)
    assert "(shū)" in original or "(shū)" in original
    assert not re.search(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü ]+[)）]", cleaned)
    assert len(check(cleaned, "pinyin_annotation")) == 0
    # Nothing but the readings was removed from these Chinese pages.
    assert re.sub(r"[(][^()]*[)]", "", original) == re.sub(r"[(][^()]*[)]", "", cleaned)


def test_clean_refuses_to_overwrite_input(tmp_path):
    page = tmp_path / "a.txt"
    page.write_text("會(huì )議", encoding="utf-8")
    assert main(["clean", str(tmp_path), "-o", str(tmp_path), "-q"]) == 2
    assert page.read_text(encoding="utf-8") == "會(huì )議"


def test_clean_keeps_inputs_of_the_same_name_apart(tmp_path, monkeypatch, capsys):
    """``align clean a b`` where both hold page.txt: two copies, neither
    written over the other; a PDF in a folder is named, not an error."""
    for side in "ab":
        (tmp_path / side).mkdir()
        (tmp_path / side / "page.txt").write_text(f"Page {side}。\n", "utf-8")
    (tmp_path / "a" / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.chdir(tmp_path)
    assert main(["clean", "a", "b", "-o", "out"]) == 0
    assert (tmp_path / "out" / "a" / "page.txt").read_text("utf-8") == "Page a.\n"
    assert (tmp_path / "out" / "b" / "page.txt").read_text("utf-8") == "Page b.\n"
    assert "a/scan.pdf: not checked: a PDF document" in capsys.readouterr().err
