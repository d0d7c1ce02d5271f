"""What numbers mean on either side of a translation (``align.text.quantities``)
and the ``number_mismatch`` check built on it. Cases from grammar and the
dictionary: classifiers, approximations, idioms, ordinals, fractions."""
from types import SimpleNamespace

import pytest

from align.text.quantities import chinese_quantities, english_quantities, explains

# Chinese text -> the keys of its definite quantities.
ZH_DEFINITE = [
    ("他买了三本书。", ["3"]),
    ("十二个人站在门口。", ["12"]),
    ("两辆车停在路边。", ["2"]),
    ("这是第三次。", ["3"]),
    ("2020年经济增长百分之五十。", ["2020", "50%"]),
    ("投资3.5万元。", ["35000"]),
    ("他今年八十岁。", ["80"]),
    ("那三面墙都是白的。", ["3"]),
    # 两 after a place value with no lower place after it is the tael (the
    # digit would be 二); before 千 it is the digit.
    ("他带了四十五万两银子。", ["450000"]),
    ("库里有十万两黄金。", ["100000"]),
    ("一万两千人参加了比赛。", ["12000"]),
    # Units of measure are measure words: 公里, 公斤 (not 公 of kinship).
    ("他一口气跑了五公里。", ["5"]),
    ("他的行李重二十公斤。", ["20"]),
    # An adjective between the numeral and its measure word.
    ("他喝了三大碗酒。", ["3"]),
    ("他等了两整天。", ["2"]),
    # Measure words 身 (suits of clothes), 站 (stops), 局 (games).
    ("她穿了三身新衣服。", ["3"]),
    ("他走了三站路。", ["3"]),
    ("他赢了三局。", ["3"]),
    ("他敲了三下门。", ["3"]),       # 下 counts strokes and knocks
    ("他带了五锭银子。", ["5"]),     # ingots
    ("他办了两桩事。", ["2"]),
]
# Chinese text with no definite quantity at all.
ZH_NOT_DEFINITE = [
    "一个人走过来。",           # 一 the indefinite article
    "我们一起去吧。",           # inside a word
    "他一直没有说话。",
    "他长得和哥哥一样。",       # 一样 "the same"
    "全国统一考试。",
    "这是唯一的办法。",
    "他一定会来。",
    "她一心一意地工作。",       # idiom
    "他做事三心二意。",
    "来了几十个人。",           # approximations
    "来了十几个人。",
    "上百人在等。",
    "三三两两地走来。",
    "千千万万的人。",
    "两三个孩子在玩。",
    "七八个人围着他。",
    "他三十多岁了。",
    "这是第一次。",             # 第一: "first", "at first"
    "这件事十分重要。",         # 十分 "very"
    "他们两人都笑了。",         # the count repeats the pronoun
    "二奶奶来了。",             # seniority, a name
    "他有一点累。",             # 一点 "a little"
    "来了百十个人。",           # a bare unit before a smaller one: "a hundred or so"
    "他走了千八百里路。",
]
# Values some reading of the Chinese allows.
ZH_VALUES = [
    ("三分之一的人", 1 / 3),
    ("百分之五十", 50),
    ("年过半百", 50),
    ("凑了二三十两银子", 20),
    ("凑了二三十两银子", 30),
    ("五十两白银", 50),
    ("五十年代的上海", 1950),
    ("民国元年", 1912),
    ("一亿人", 10 ** 8),
    ("来了十几个人", 15),
    ("他们俩", 2),
    ("八月十五日", 8),
    ("他过了一两天才来", 2),       # 两 before a measure word: the digit, not the tael
    ("身高一米七五", 1.75),          # the digits after 米 are its decimals
    ("他三点半到的", 30),           # the minutes of a time of day
    ("他八点一刻到的", 15),
]
# Values no reading of the Chinese allows.
ZH_NOT_VALUES = [
    ("茅十八来了", 8),        # a numeral with a place value is one number
    ("茅十八来了", 10),
    ("他三十五岁了", 5),
    ("我对他说", 2),          # 对 "towards", not "a pair"
    ("这样做不对", 2),
]
# English text -> keys of its definite quantities.
EN_DEFINITE = [
    ("He bought three books.", ["3"]),
    ("a twenty-one-year-old soldier", ["21"]),
    ("They paid 35,000 yuan.", ["35000"]),
    ("It was the third time.", ["3"]),
    ("Sales rose 50 percent.", ["50%"]),
    ("thirty-six thousand, five hundred and one blocks", ["36501"]),
    # A count of a noun that counts by more than one: the product.
    ("Four decades passed.", ["40"]),
    ("He bought two dozen eggs.", ["24"]),
    ("three score years", ["60"]),
    ("He bought two pairs of shoes.", ["4"]),
    # A decade.
    ("That was in the nineties.", ["90"]),
    ("She was in her seventies.", ["70"]),
]
EN_NOT_DEFINITE = [
    "One day he came back.",
    "Wait a second.",
    "At first she laughed.",
    "He stayed two or three days.",
    "A day or two later she left.",
    "Hundreds of people came.",
    "Every few hundred yards stood a guard.",
    "Second Grandma smiled.",
    "You're not my Number Three.",
    "A couple of days later.",
]
EN_VALUES = [
    ("a dozen eggs", 12),
    ("he knocked twice", 2),
    ("both men", 2),
    ("a pair of fawns", 2),
    ("half the money", 0.5),
    ("a third of them", 1 / 3),
    ("hundreds of people", 300),
    ("in the 1950s", 50),
    ("an evening in August", 8),
    ("the captain and the other three", 4),
    ("a sixty-year-old woman", 60),
    ("The price tripled.", 3),
    ("a tenfold rise", 10),
    ("half a dozen eggs", 6),
    ("in the eighties", 1980),
]



@pytest.mark.parametrize("text,keys", ZH_DEFINITE)
def test_chinese_definite(text, keys):
    assert [s.key for s in chinese_quantities(text).definite] == keys


@pytest.mark.parametrize("text", ZH_NOT_DEFINITE)
def test_chinese_not_definite(text):
    assert chinese_quantities(text).definite == []


@pytest.mark.parametrize("text,value", ZH_VALUES)
def test_chinese_values(text, value):
    assert explains(chinese_quantities(text), round(value, 6))


@pytest.mark.parametrize("text,value", ZH_NOT_VALUES)
def test_chinese_not_values(text, value):
    assert not explains(chinese_quantities(text), value)


@pytest.mark.parametrize("text,keys", EN_DEFINITE)
def test_english_definite(text, keys):
    assert [s.key for s in english_quantities(text).definite] == keys


@pytest.mark.parametrize("text", EN_NOT_DEFINITE)
def test_english_not_definite(text):
    assert english_quantities(text).definite == []


@pytest.mark.parametrize("text,value", EN_VALUES)
def test_english_values(text, value):
    assert explains(english_quantities(text), round(value, 6))


# One aligned sentence pair -> the number rules that must fire ([] quiet).
PAIRS = [
    ("他买了一个苹果。", "He bought an apple.", []),
    ("他们一起吃饭。", "They ate together.", []),
    ("两人都笑了。", "Both laughed.", []),
    ("他们俩走了。", "The two of them left.", []),
    ("来了十几个人。", "A dozen or so people came.", []),
    ("来了几十个人。", "Dozens of people came.", []),
    ("他身高一米八。", "He was six feet tall.", []),
    ("百分之五十的人同意。", "Half of them agreed.", []),
    ("三分之一的人同意。", "A third of them agreed.", []),
    ("他买了三本书。", "He bought five books.", ["pair.number_added", "pair.number_missing"]),
    ("两人又打了起来。", "The three of them fought again.",
     ["pair.number_added", "pair.number_missing"]),
    ("2020年销售额增长了5%。", "Sales grew in 2021.",
     ["pair.number_added", "pair.number_missing", "pair.number_missing"]),
    ("他的行李重二十公斤。", "His luggage weighed 44 pounds.", []),  # a converted measure
    ("他身高一米八零。", "He was five feet eleven inches tall.", []),
    ("全城开通5G网络。", "The whole city has a new mobile network.", []),  # 5G...: a name
    ("这红光来自于一百多亿年前。", "The light came from more than ten billion years ago.", []),
    ("他每过一两月会来一次。", "He came every two months or so.", []),
    ("他赢了二十几两。", "He had won twenty-two.", []),  # within 21-29
    ("他赢了二十几两。", "He had won eighteen.", ["pair.number_added"]),  # outside it
    ("他买了三本书。", "He bought some books.", []),  # a liberty, not a changed number
    ("他付了300元。", "He paid for it.", ["pair.number_missing"]),  # an exact sum dropped
    # List and heading numbers: a label both sides open with must agree.
    ("2、我不会游泳；", "2. I cannot swim;", []),
    ("三、总结经验。", "3. Sum up the experience.", []),
    ("2、我不会游泳；", "12. I cannot swim;", ["pair.number_added", "pair.number_missing"]),
    ("三、总结经验。", "Sum up the experience.", []),  # numbering dropped: a liberty
    ("他带了四十五万两银子。", "He brought 450,000 taels of silver.", []),  # 两: the tael
    # Numbers inside names: both sides' names must share their number.
    ("方七点点头。", "Fang Seven nodded.", []),
    ("方七点点头。", "Fang Qi nodded.", []),  # the name in pinyin: nothing to compare
    ("方七点点头。", "Fang Six nodded.", ["pair.number_added", "pair.number_missing"]),
    ("《三体》是个游戏吗？", "Is Three Body a game?", []),
    ("《三体》是个游戏吗？", "Is Four Body a game?", ["pair.number_added", "pair.number_missing"]),
    # A numeral with a place value holds no other number (十八 is not 8).
    ("茅十八和七个人打了一架。", "Mao Shiba fought eight men.",
     ["pair.number_added", "pair.number_missing"]),
    # 对 as a preposition is no pair.
    ("他对我说了三句话。", "He said two words to me.",
     ["pair.number_added", "pair.number_missing"]),
    # The same unit keeps its number; another unit converts it.
    ("他一口气跑了五公里。", "He ran seven kilometres.",
     ["pair.number_added", "pair.number_missing"]),
    ("他的行李重二十公斤。", "His luggage weighed thirty kilos.", ["pair.number_added", "pair.number_missing"]),
    ("他身高一米八零。", "He was 1.8 meters tall.", []),
    # Multiples and decades.
    ("那是八十年代的事。", "That was in the nineties.",
     ["pair.number_added", "pair.number_missing"]),
    ("价格涨了三倍。", "The price rose five times over.",
     ["pair.number_added", "pair.number_missing"]),
    # Both sides state a lower bound: it must be the same.
    ("来了一百多人。", "Over 120 people came.", ["pair.number_added"]),
    ("她在那里住了二十多年。", "She lived there for more than twenty-one years.",
     ["pair.number_added"]),
    # A quantity the source writes twice and the translation once, beside
    # a number the source lacks: one copy changed.
    ("他买了三本书，又借了三本书。", "He bought three books and borrowed five more.",
     ["pair.number_added"]),
    # A seniority is part of a name: both sides' names must share it.
    ("二奶奶来了。", "Third Grandma came.", ["pair.number_added", "pair.number_missing"]),
    ("三哥笑了。", "Brother Five laughed.", ["pair.number_added", "pair.number_missing"]),
    ("三哥笑了。", "The fifth brother laughed.", ["pair.number_added"]),
    ("他排行老三。", "He was the fifth child.", ["pair.number_added"]),
    ("他三点半到的。", "He arrived at 3:30.", []),
    # A word the dictionary glosses as a name with its number (三国 "Three
    # Kingdoms"): both sides' names must share it.
    ("这是三国时期的事。", "This was in the Five Kingdoms period.",
     ["pair.number_added", "pair.number_missing"]),
    # A number that counts what a numeral of the source counts, by the
    # dictionary (马 "horse"), with another value: inside an idiom too.
    ("八仙过海，各显神通。", "Like the seven immortals crossing the sea, each showed his skill.",
     ["pair.number_added"]),
    ("八仙过海，各显神通。", "Like the Eight Immortals crossing the sea, each showed his skill.", []),
    # A name with a number: the number the translation writes ("Four-G").
    ("全城开通5G网络。", "The whole city has a Four-G network.", ["pair.number_added"]),
]


@pytest.mark.parametrize("zh,en,rules", PAIRS)
def test_pair_numbers(zh, en, rules):
    from align.pair.bilingual import PairResult, check

    al = SimpleNamespace(beads=[([0], [0])] * 1, scores=[0.0], cosines=[float("nan")])
    res = PairResult(zh, en, [(0, len(zh))], [(0, len(en))], al)
    src, tgt = check(res)
    got = sorted(f.rule for f in src + tgt if f.category == "number_mismatch")
    assert got == sorted(rules)
