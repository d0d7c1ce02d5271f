"""The review page in a real headless Chromium: a whole session on the sample
pages, and documents whose payloads must never run."""
import csv
import shutil

import pytest

from review_browser import chromium, missing

pytestmark = pytest.mark.skipif(bool(missing()), reason=missing() or "browser available")

from align.cli import main  # noqa: E402


def wait(driver, cond, timeout=20):
    """Wait for cond; on timeout, show what the page shows."""
    from selenium.webdriver.support.ui import WebDriverWait

    from selenium.common.exceptions import TimeoutException

    try:
        return WebDriverWait(driver, timeout).until(cond)
    except TimeoutException:
        state = driver.execute_script(
            "return [document.getElementById('progress').textContent, "
            "document.getElementById('status').textContent, "
            "document.activeElement && document.activeElement.id]")
        raise AssertionError(f"page shows {state}; table starts {table(driver)[:8]}")


def keys(driver, *ks):
    from selenium.webdriver.common.action_chains import ActionChains

    for k in ks:
        ActionChains(driver).send_keys(k).perform()


def ready(driver):
    wait(driver, lambda d: d.execute_script("return document.body.dataset.ready === '1'"))


def table(driver):
    """(number, decision, suggestion shown) of every listed finding."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('#findings tbody tr')).map(function (tr) {
          return [tr.cells[0].textContent, tr.querySelector('.dec').textContent,
                  tr.querySelector('.sugg').textContent];
        });""")


def current(driver):
    return driver.execute_script(
        "var tr = document.querySelector('#findings tbody tr.current'); return tr ? tr.cells[0].textContent : null;")


@pytest.fixture
def served(tmp_path, seeds):
    from align.review.app import Server
    from align.review.session import ReviewSession

    pages = tmp_path / "pages"
    shutil.copytree(seeds, pages)
    report = tmp_path / "report.csv"
    assert main(["qa", str(pages), "-o", str(report), "-q", "--jobs", "1"]) == 0
    session = ReviewSession(str(report), str(tmp_path / "report.review.sqlite"))
    server = Server(session).start()
    yield tmp_path, pages, session, server
    server.stop()


def test_a_whole_review_session(served):
    tmp, pages, session, server = served
    n = len(session.rows)
    assert n >= 6
    with chromium() as d:
        d.get(server.url)
        ready(d)
        assert d.find_element("id", "progress").text == f"reviewed 0 of {n}"
        assert current(d) == "1"
        keys(d, "j", "j", "j", "k")
        assert current(d) == "3"
        # the current finding is highlighted in its document, in place
        mark = wait(d, lambda d: d.find_elements("css selector", "#panes mark.current"))
        assert session.rows[2]["text"].startswith(mark[0].text[:5])
        keys(d, "a")                                    # accept #3, move to #4
        wait(d, lambda d: current(d) == "4")
        keys(d, "r")                                    # reject #4, move to #5
        wait(d, lambda d: current(d) == "5")
        keys(d, "e")
        assert d.switch_to.active_element.get_attribute("id") == "edit"
        keys(d, "Corrected <b>text</b>", "\n")         # edit #5's suggestion
        wait(d, lambda d: d.find_element("id", "progress").text == f"reviewed 3 of {n}")
        keys(d, "j", "a")                               # accept #6 ...
        wait(d, lambda d: d.find_element("id", "progress").text == f"reviewed 4 of {n}")
        keys(d, "u")                                    # ... and undo it
        wait(d, lambda d: d.find_element("id", "progress").text == f"reviewed 3 of {n}")
        d.refresh()
        ready(d)
        assert d.find_element("id", "progress").text == f"reviewed 3 of {n}"
        rows = table(d)
        assert rows[2][1] == "accepted"
        assert rows[3][1] == "rejected"
        assert rows[4][1:] == ["corrected", "Corrected <b>text</b>"]
        assert rows[5][1] == ""
        # filters: only the rejected one
        from selenium.webdriver.support.ui import Select

        Select(d.find_element("id", "f-decision")).select_by_value("rejected")
        assert [r[0] for r in table(d)] == ["4"]
        assert not d.execute_script("return window.__pwned")
    # the next run carries the decisions over
    out = tmp / "again.csv"
    assert main(["qa", str(pages), "-o", str(out), "-q", "--jobs", "1",
                 "--decisions", session.db]) == 0
    again = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["review"] for r in again[2:6]] == ["accepted", "rejected", "corrected", ""]
    assert again[4]["correction"] == "Corrected <b>text</b>"
    hidden = tmp / "hidden.csv"
    assert main(["qa", str(pages), "-o", str(hidden), "-q", "--jobs", "1",
                 "--decisions", session.db, "--hide-rejected"]) == 0
    assert len(list(csv.DictReader(hidden.open(encoding="utf-8")))) == len(again) - 1


PAYLOAD_DOC = (
    "会议指出 <script>window.__pwned='script'</script> 要坚持\n"
    "<img src=x onerror=\"window.__pwned='img'\"> 继续推进\n"
    "<a href=\"javascript:window.__pwned='js'\">click</a> 深化改革\n"
    "<svg onload=\"window.__pwned='svg'\"></svg> 高质量 </script><script>window.__pwned='close'</script>\n")
PAYLOAD_HTML = (
    "<html><head><title>t</title><script>window.__pwned='page'</script></head><body>"
    "<p>会议指出 &lt;script&gt;window.__pwned='entity'&lt;/script&gt; 要坚持</p>"
    "<p><img src=x onerror=\"window.__pwned='img2'\">继续推进 "
    "<a href=\"javascript:window.__pwned='js2'\">click</a> 深化改革</p></body></html>")
EVIL = "<img src=x onerror=\"window.__pwned='report'\"><script>window.__pwned='report2'</script>"


def assert_nothing_ran(d):
    assert d.execute_script("return window.__pwned") is None
    found = d.execute_script("""
        var bad = [];
        document.querySelectorAll('*').forEach(function (e) {
          for (var i = 0; i < e.attributes.length; i++) {
            var a = e.attributes[i];
            if (/^on/i.test(a.name) || (/^(href|src|srcdoc|action|formaction|data|xlink:href)$/i.test(a.name) && /javascript:/i.test(a.value))) { bad.push(e.tagName + ' ' + a.name); }
          }
        });
        return {bad: bad, img: document.querySelectorAll('img, svg, iframe, a').length,
                scripts: document.querySelectorAll('script').length};""")
    assert found["bad"] == [] and found["img"] == 0
    return found


def test_document_payloads_never_run(tmp_path):
    from align.review.app import Server
    from align.review.session import ReviewSession

    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "evil.txt").write_text(PAYLOAD_DOC, encoding="utf-8")
    (pages / "evil.html").write_text(PAYLOAD_HTML, encoding="utf-8")
    report = tmp_path / "report.csv"
    html = tmp_path / "report.html"
    assert main(["qa", str(pages), "-o", str(report), "-q", "--jobs", "1", "--html", str(html)]) == 0
    # the report itself is untrusted too: payloads in its suggestion and note cells
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    for r in rows:
        r["suggestion"], r["note"] = EVIL, "javascript:alert(1)"
    with report.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    session = ReviewSession(str(report), str(tmp_path / "d.sqlite"))
    server = Server(session).start()
    try:
        with chromium() as d:
            d.get(server.url)
            ready(d)
            for _ in range(len(session.rows)):   # visit every finding and click its mark
                wait(d, lambda d: d.find_elements("css selector", "#panes mark.current"))
                d.find_elements("css selector", "#panes mark.current")[0].click()
                keys(d, "j")
            text = d.find_element("id", "panes").text
            assert_nothing_ran(d)
            keys(d, "e")
            keys(d, EVIL, "\n")
            wait(d, lambda d: "reviewed 1" in d.find_element("id", "progress").text)
            d.refresh()
            ready(d)
            found = assert_nothing_ran(d)
            assert found["scripts"] == 1  # the page's own
        assert "<script>window.__pwned='script'</script>" in text or \
               "window.__pwned='entity'" in text  # shown as text
        with chromium() as d:
            d.get(html.as_uri())
            ready(d)
            keys(d, "j", "j")
            assert_nothing_ran(d)
            assert "window.__pwned" in d.find_element("id", "panes").text
    finally:
        server.stop()


PAIR_ZH = "会议于2023年2月14日召开。\n集团总结了2022年的工作。\n"
PAIR_EN = "The meeting was held on February 14, 2023.\nThe group summarized its work in 2021.\n"


def test_bilingual_report_side_by_side(tmp_path):
    """The shape of an `align pair` report: each row names its own document
    and its counterpart's span in the other one."""
    from align.core.findings import context_of
    from align.review.app import Server
    from align.review.session import ReviewSession

    (tmp_path / "zh.txt").write_text(PAIR_ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(PAIR_EN, encoding="utf-8")
    en_at, zh_at = PAIR_EN.index("2021"), PAIR_ZH.index("2022年")
    zh_line, en_line = (PAIR_ZH.index("集团"), len(PAIR_ZH)), (PAIR_EN.index("The group"), len(PAIR_EN))
    rows = [
        {"doc": "en.txt", "start": en_at, "end": en_at + 4, "category": "number_mismatch",
         "severity": "major", "text": "2021", "suggestion": "2022", "rule": "pair.number_added",
         "confidence": 0.6, "segment": 1, "context": context_of(PAIR_EN, en_at, en_at + 4),
         "note": "", "bead": "[1]:[1]", "counterpart": "%d:%d" % zh_line},
        {"doc": "zh.txt", "start": zh_at, "end": zh_at + 5, "category": "number_mismatch",
         "severity": "major", "text": "2022年", "suggestion": "", "rule": "pair.number_missing",
         "confidence": 0.7, "segment": 1, "context": context_of(PAIR_ZH, zh_at, zh_at + 5),
         "note": "", "bead": "[1]:[1]", "counterpart": "%d:%d" % en_line},
    ]
    report = tmp_path / "out.qa.csv"
    with report.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    session = ReviewSession(str(report), str(tmp_path / "d.sqlite"))
    assert session.bilingual
    server = Server(session).start()
    try:
        with chromium() as d:
            d.get(server.url)
            ready(d)
            wait(d, lambda d: len(d.find_elements("css selector", "#panes .pane")) == 2)
            titles = [e.text for e in d.find_elements("css selector", "#panes .pane-title")]
            assert titles == ["zh.txt", "en.txt"]  # source left, target right
            assert d.find_element("css selector", "#panes mark.current").text == "2021"
            linked = d.execute_script("return Array.from(document.querySelectorAll('#panes mark.link'))"
                                      ".map(function (m) { return m.textContent; }).join('')")
            assert linked == PAIR_ZH[slice(*zh_line)]  # the counterpart, outlined
            keys(d, "j")
            wait(d, lambda d: d.find_element("css selector", "#panes mark.current").text == "2022年")
    finally:
        server.stop()


LONG_NAME = "a_rather_long_document_name_000_79a7f5f1f448991d.txt"
REPEATS = {LONG_NAME: "The meeting was held in the city。 " * 12 + "Heads of departments 会上 attended. " * 3,
           "b_second_page_4b1e98a7e9d89e62.txt": "Workers met。 " * 5 + "Done，then."}


def progress_is(d, n, total):
    wait(d, lambda d: d.find_element("id", "progress").text == f"reviewed {n} of {total}")


def test_grouped_bulk_review(tmp_path):
    """Repeats as one entry with a count, decided at once; a rule decided
    at once from the filters; each undone in one step; full names shown."""
    from selenium.webdriver.support.ui import Select

    from align.review.app import Server
    from align.review.session import ReviewSession

    pages = tmp_path / "pages"
    pages.mkdir()
    for name, text in REPEATS.items():
        (pages / name).write_text(text + "\n", encoding="utf-8")
    report = tmp_path / "report.csv"
    html = tmp_path / "report.html"
    assert main(["qa", str(pages), "-o", str(report), "-q", "--jobs", "1", "--checks", "rules",
                 "--html", str(html)]) == 0
    session = ReviewSession(str(report), str(tmp_path / "d.sqlite"))
    n = len(session.rows)
    assert n == 12 + 3 + 5 + 1
    server = Server(session).start()
    try:
        with chromium() as d:
            d.get(server.url)
            ready(d)
            assert len(table(d)) == n
            # the document's name in full, not cut off
            cell = d.find_element("css selector", "#findings tbody tr td.doc")
            assert cell.text == LONG_NAME
            assert d.execute_script("return arguments[0].scrollWidth <= arguments[0].clientWidth", cell)
            Select(d.find_element("id", "f-group")).select_by_value("doc")
            texts = d.execute_script("return Array.from(document.querySelectorAll("
                                     "'#findings tbody td.text')).map(function (t) { return t.textContent; })")
            assert texts == ["×12。", "×3会上", "×5。", "，"]
            d.find_element("css selector", "#findings tbody tr").click()  # focus off the filter
            keys(d, "a")                                  # the 12 repeats at once
            progress_is(d, 12, n)
            assert table(d)[0][1] == "accepted"
            assert current(d) == "2"
            keys(d, "u")                                  # one undo takes all 12 back
            progress_is(d, 0, n)
            Select(d.find_element("id", "f-group")).select_by_value("run")
            assert [r[0] for r in table(d)] == ["1", "2", "3"]
            assert d.find_elements("css selector", "#findings tbody td.doc")[0].text == "2 documents"
            # every finding of a rule, whatever its text: in each document, in the run
            Select(d.find_element("id", "f-group")).select_by_value("rule-doc")
            assert len(table(d)) == 3
            Select(d.find_element("id", "f-group")).select_by_value("rule")
            assert [r[2] for r in table(d)] == [". · , ", ""]
            assert d.find_elements("css selector", "#findings tbody td.text")[0].text == "×18。 · ，"
            # a rule at once: filter on it and reject all shown
            Select(d.find_element("id", "f-group")).select_by_value("")
            Select(d.find_element("id", "f-rule")).select_by_value("punctuation.fullwidth")
            assert len(table(d)) == 18
            d.find_element("id", "b-reject-shown").click()  # (takes the focus off the filter)
            progress_is(d, 18, n)
            Select(d.find_element("id", "f-rule")).select_by_value("")
            d.find_element("css selector", "#findings tbody tr").click()
            decided = [r[1] for r in table(d)]
            assert decided.count("rejected") == 18 and decided.count("") == 3
            d.find_elements("css selector", "#findings tbody tr")[decided.index("")].click()
            keys(d, "a")                                  # one finding on its own ...
            progress_is(d, 19, n)
            keys(d, "u")                                  # ... undone alone
            progress_is(d, 18, n)
            keys(d, "u")                                  # then the bulk rejection
            progress_is(d, 0, n)
            keys(d, "R")                                  # everything shown, by key
            progress_is(d, n, n)
            d.refresh()
            ready(d)
            assert [r[1] for r in table(d)] == ["rejected"] * n
    finally:
        server.stop()
    with chromium() as d:  # the static report: read-only, and says so
        d.get(html.as_uri())
        ready(d)
        assert "Read-only report" in d.find_element("id", "readonly").text
        heads = [h.text for h in d.find_elements("css selector", "#findings thead th") if h.is_displayed()]
        assert "decision" not in heads
        assert not d.find_element("id", "b-accept-shown").is_displayed()
        assert "penalty" not in d.find_element("id", "quality").text  # the chip, then:
        assert d.find_element("id", "quality").text.startswith("quality: ")
        assert d.find_element("css selector", "#panes .pane-title .score").text.endswith(
            ("pass", "fail"))
