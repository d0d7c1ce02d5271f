"""The register of a page (``garbled_calque.accept.literary``): narrative
prose keeps the officialese checks quiet, officialese of any topic does not.
The passages are written for this test."""
import pytest

from align.detectors.garbled_calque.accept import literary

NOVEL = (
    "She waited by the window until the rain stopped, and then she went down to the courtyard "
    "where her brother was mending the old bicycle. He did not look up when she called him. "
    "I knew then that something had changed between them, she told me years later, because he "
    "had always laughed when she teased him about his clumsy hands. They stood there in silence "
    "while the neighbours' radio played an opera their grandmother used to love, and neither of "
    "them moved until the light faded behind the roofs. Later that evening he came to her room "
    "with two oranges, peeled one slowly, and gave her the larger half without saying a word. "
    "She remembered the smell of the peel on his fingers long after he had left the city, long "
    "after the courtyard itself had been pulled down to make room for a road. When our mother "
    "asked where the oranges had come from, he only shrugged, and she never asked him again. "
)

STORY = (
    "My father worked for the commune for thirty years, and he never once complained about the "
    "meetings. He would come home late, hang his coat on the nail by the door and ask my mother "
    "whether the children had eaten. She always said yes, even when we had not. I remember the "
    "winter the committee sent him to the mountain villages to count the grain, because he took "
    "me with him. We walked for two days through the snow, and he told me stories about the "
    "county town where he had studied as a boy, about the teacher who gave him his first "
    "books and the friend who later betrayed him. When we reached the last village the cadres "
    "there gave us hot water and a bowl of noodles, and my father thanked them as if they had "
    "saved our lives. Years later I asked him whether the work had been worth it. He looked at "
    "me for a long time and said that he no longer knew, and that I should not ask him again. "
    "In the spring he planted a pear tree behind the house, and it still flowers every April. "
)

CLINIC = (
    "The county health commission organised a mass testing drive across twelve townships this "
    "week. Testing stations were set up at markets, schools and bus terminals, and mobile teams "
    "visited remote villages where elderly residents could not travel. Each station recorded "
    "temperature checks, scanned health codes and collected samples, which were sent to the "
    "county laboratory within four hours. Officials said the drive covered ninety percent of "
    "permanent residents, and that quarantine sites and makeshift wards remained ready should "
    "cases appear. Pharmacies were asked to report purchases of fever medicine, and community "
    "workers delivered groceries to households under home monitoring. The commission thanked "
    "volunteers, drivers and laboratory staff, and urged residents to keep wearing masks in "
    "crowded places, keep windows open and avoid large gatherings during the holiday season. "
)

PARTY = (
    "The municipal Party committee held a study session on the guiding principles of the "
    "plenary session. Participants said that Party organisations at all levels must strengthen "
    "political awareness, implement the responsibility system for Party conduct and clean "
    "government, and promote high-quality development. The meeting stressed that cadres should "
    "deepen reform, optimise the business environment, improve people's livelihood and "
    "consolidate the achievements of poverty alleviation, while leading officials should take "
    "the lead in investigation and research and solve practical problems for enterprises and "
    "the public. The session also reviewed the work plan for rural revitalisation and "
    "arranged the supervision and inspection of key projects for the coming quarter. Members "
    "agreed to improve grassroots governance, strengthen the management of state assets and "
    "advance the construction of a clean and efficient government. "
)


@pytest.mark.parametrize("text, want, why", [
    (NOVEL, True, "narrative: told through persons, few words of the register"),
    (NOVEL * 2, True, "the same at twice the length"),
    (STORY, True, "narrative about a cadre's work: many words of the register, but told through "
                  "persons"),
    (PARTY, False, "officialese: the register's words throughout"),
    (CLINIC, False, "officialese outside the termbase's topics: impersonal, so not narrative"),
    (NOVEL[:200], False, "too few words to tell"),
])
def test_register(text, want, why):
    assert literary([text]) is want, why


def test_a_termbase_does_not_move_the_register(tmp_path):
    """The register is measured against a vocabulary frozen with the gate's
    thresholds (``page_register.txt``). A termbase whose renderings use the
    novel's own words (here a user's, as 470 more built-in terms would do)
    must not make the novel officialese: the calque check stays quiet on it,
    while the same termbase's calque fires on a page that is officialese."""
    from align.core.config import Config
    from align.detectors.garbled_calque import GarbledCalque
    from align.text.document import Document

    tb = tmp_path / "tb.csv"
    # Every content word of the novel becomes a word of an approved rendering.
    words = sorted({w.strip(".,'").lower() for w in NOVEL.split() if len(w) > 3})
    rows = [f"{chr(0x4e00 + 40 * i)}{chr(0x4e01 + 40 * i)},{w} matters,officialese,,test"
            for i, w in enumerate(words)]
    # A figurative term whose literal rendering ("orange smell") the novel holds.
    rows.append("橙香,fragrant success,slogan,,test")
    tb.write_text("zh,en,domain,note,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    det = GarbledCalque(Config(termbases=(str(tb),)))
    novel = NOVEL.replace("the smell of the peel", "the orange smell of the peel")
    assert literary([novel])
    assert not [f for f in det.detect(Document("n.txt", novel)) if f.rule == "garbled.calque"]
    page = PARTY + " Officials praised the orange smell of the new policy. "
    assert [f for f in det.detect(Document("p.txt", page)) if f.rule == "garbled.calque"]
