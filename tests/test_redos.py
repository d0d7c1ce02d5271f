"""No input may hang a run: every registered detector on 100k-character adversarial text.

Catastrophic backtracking turns one bad page into hours, so the strings are
the shapes that break careless regexes: long runs of one character class,
near-misses that fail only at the very end, repeated almost-matches of a
pattern with a back-reference or a nested quantifier, and all of them at the
size of a long page. Detectors come from the registry, so a check added later
is covered without touching this file.

The test asserts no time: a linear detector finishes in well under a second
per string, a backtracking one would not finish in hours, so each detector
gets a generous alarm (``ALARM`` seconds) per string in a child process, and
the child as a whole a wall-clock limit. A detector that raises on one of
these strings fails the test too.
"""
import json
import subprocess
import sys

import pytest

from align.detectors import available

N = 100_000
ALARM = 60

CHILD = r"""
import json, random, signal, sys, time
from align.detectors import available
from align.text.document import Document

N, ALARM = int(sys.argv[1]), int(sys.argv[2])

def rep(s):
    return (s * (N // len(s) + 1))[:N]

rng = random.Random(0)
pool = "会议集团年月日二〇十第 aAzZ019.,;:!?-'\"()（）《》“”，。、\n\u3000\u0301ūǎ¡¯�"
STRINGS = {
    "letters": rep("a"), "digits": rep("1"), "han": rep("会"), "spaces": rep(" "),
    "newlines": rep("\n"), "full_stops": rep("。"), "dots": rep("."), "question": rep("?"),
    "words": rep("word "), "words_dots": rep("a. "), "initials": rep("A. B. "),
    "digits_commas": rep("1,"), "digits_points": rep("1."), "digit_words": rep("May5"),
    "number_words": rep("twenty-four "), "hyphens": rep("a-"), "apostrophes": rep("a'"),
    "open_parens": rep("("), "unclosed_reading": rep("(shū"), "readings": rep("书(shū)"),
    "pinyin": rep("zhong guo "), "pinyin_caps": rep("Zhang "), "tones": rep("Zhōngguó"),
    "han_latin": rep("会a"), "han_space": rep("会 "), "han_comma": rep("会,"),
    "han_digits": rep("2022年"), "chinese_numerals": rep("二〇"), "ordinals": rep("第十"),
    "echo": rep("the root cause and "), "the_the": rep("the "),
    "mojibake": rep("¡¯"), "question_marks": rep("正?;"), "replacement": rep("\ufffd"),
    "combining": rep("a\u0301"), "quotes": rep("“a"), "fullwidth_commas": rep("，"),
    "markup": rep("<a "), "entities": rep("&amp"),
    "near_miss": "a" * (N - 1) + "!", "han_near_miss": "会" * (N - 1) + "a",
    "lines": rep("Heads of departments summarized 会议 work in 2022.\n"),
    "random": "".join(rng.choice(pool) for _ in range(N)),
    # number words, then glued digits, month names and lone digits, one after another
    "number_mix": (rep("twenty-")[:N // 4] + " x " + rep("1a")[:N // 4] + " "
                   + rep("May ")[:N // 4] + rep("2 ")[:N // 4]),
    # a possessive run, then a run of conjunctions (the calque and ordinal patterns)
    "party_and": rep("the Party's ")[:N // 2] + "x" + rep(" and")[:N // 2],
}

class Alarm(Exception):
    pass

def ring(signum, frame):
    raise Alarm()

signal.signal(signal.SIGALRM, ring)
names = sys.argv[3:]
reg = available()
dets = {n: reg[n]() for n in names}
result = {n: {"timeouts": [], "errors": [], "worst": 0.0} for n in names}
for key, text in STRINGS.items():
    doc = Document(key + ".txt", text)
    for name, det in dets.items():
        t0 = time.perf_counter()
        signal.alarm(ALARM)
        try:
            list(det.detect(doc))
        except Alarm:
            result[name]["timeouts"].append(key)
        except Exception as e:
            result[name]["errors"].append(f"{key}: {type(e).__name__}: {e}")
        finally:
            signal.alarm(0)
        r = result[name]
        r["worst"] = max(r["worst"], time.perf_counter() - t0)
print(json.dumps(result))
"""

CHECKS = sorted(available())


@pytest.fixture(scope="module")
def results():
    proc = subprocess.run([sys.executable, "-c", CHILD, str(N), str(ALARM), *CHECKS],
                          capture_output=True, text=True, timeout=ALARM * 40)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", CHECKS)
def test_detector_finishes_on_adversarial_text(results, name):
    r = results[name]
    assert not r["timeouts"], f"{name} did not finish within {ALARM}s on: {r['timeouts']}"
    assert not r["errors"], f"{name} raised: {r['errors']}"
