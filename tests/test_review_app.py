"""The review server's access rules and API, the static HTML report, and the
``align qa`` review options (no browser needed)."""
import csv
import json
import re

import pytest

pytest.importorskip("flask")

from align.cli import main  # noqa: E402
from align.review.app import create_app, dumps_for_script  # noqa: E402
from align.review.fingerprint import fingerprints  # noqa: E402
from align.review.html import render_html  # noqa: E402
from align.review.session import ReviewSession  # noqa: E402

PAYLOADS = ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=2">',
            '<a href="javascript:window.__pwned=3">click</a>', '</script><script>alert(1)</script>']
DOC = ("会议指出 <script>window.__pwned=1</script> 要坚持 <img src=x onerror=\"window.__pwned=2\"> "
       "and 继续 <a href=\"javascript:window.__pwned=3\">click</a> 推进 </script><script>alert(1)</script>\n")


@pytest.fixture
def corpus(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "evil.txt").write_text(DOC, encoding="utf-8")
    report = tmp_path / "report.csv"
    assert main(["qa", str(pages), "-o", str(report), "-q", "--jobs", "1"]) == 0
    return tmp_path, pages, report


@pytest.fixture
def client(corpus):
    tmp, pages, report = corpus
    session = ReviewSession(str(report), str(tmp / "d.sqlite"))
    app = create_app(session, token="T0KEN", port_ref={"port": 5555})
    return session, Client(app.test_client())


class Client:
    """The test client as a browser on the server's own address sends."""

    def __init__(self, c):
        self.c = c

    def _call(self, method, path, headers=None, **kw):
        headers = dict(headers or {})
        host = headers.pop("Host", "127.0.0.1:5555")
        return getattr(self.c, method)(path, base_url=f"http://{host}", headers=headers, **kw)

    def get(self, path, **kw):
        return self._call("get", path, **kw)

    def post(self, path, **kw):
        return self._call("post", path, **kw)


def login(c):
    r = c.get("/?token=T0KEN")
    assert r.status_code == 303
    assert "HttpOnly" in r.headers["Set-Cookie"] and "SameSite=Strict" in r.headers["Set-Cookie"]


def test_docs_folder_is_inferred(client, corpus):
    session, _ = client
    assert session.docs_root == str(corpus[1].resolve())


@pytest.mark.parametrize("headers,path,status", [
    ({"Host": "evil.example:5555"}, "/?token=T0KEN", 403),      # DNS rebinding
    ({"Host": "127.0.0.1:5556"}, "/?token=T0KEN", 403),         # another port
    ({}, "/?token=wrong", 403),
    ({}, "/", 403),                                           # no cookie yet
    ({}, "/api/data", 403),
    ({"Origin": "http://evil.example"}, "/?token=T0KEN", 403),
    ({"Origin": "null"}, "/?token=T0KEN", 403),
    ({}, "/?token=T0KEN", 303),
    ({"Host": "localhost:5555"}, "/?token=T0KEN", 303),
])
def test_requests_are_refused_unless_own_host_and_token(client, headers, path, status):
    _, c = client
    assert c.get(path, headers=headers).status_code == status


def test_writes_need_the_header_token_and_json(client):
    session, c = client
    login(c)
    fp = session.rows[0]["fingerprint"]
    body = {"fp": fp, "decision": "accepted"}
    assert c.post("/api/decide", json=body).status_code == 403
    assert c.post("/api/decide", json=body, headers={"X-Align-Token": "nope"}).status_code == 403
    assert c.post("/api/decide", data="fp=" + fp, headers={"X-Align-Token": "T0KEN"}).status_code == 415
    r = c.post("/api/decide", json=body, headers={"X-Align-Token": "T0KEN",
                                                  "Origin": "http://evil.example"})
    assert r.status_code == 403
    r = c.post("/api/decide", json=body, headers={"X-Align-Token": "T0KEN",
                                                  "Origin": "http://127.0.0.1:5555"})
    assert r.status_code == 200 and r.json["decision"] == "accepted"
    assert r.json["progress"] == {"reviewed": 1, "total": len(session.rows)}
    undo = c.post("/api/undo", json={"history": r.json["history"]}, headers={"X-Align-Token": "T0KEN"})
    assert undo.status_code == 200 and undo.json["decision"] == ""
    again = c.post("/api/undo", json={"history": r.json["history"]}, headers={"X-Align-Token": "T0KEN"})
    assert again.status_code == 409


@pytest.mark.parametrize("body", [{"fp": "unknown", "decision": "accepted"},
                                  {"decision": "accepted"},
                                  {"fp": None, "decision": "drop table"},
                                  {"fp": "FP", "decision": "corrected"},
                                  {"fp": "FP", "decision": "corrected", "correction": 3}])
def test_bad_writes_are_refused(client, body):
    session, c = client
    login(c)
    if body.get("fp") == "FP":
        body = dict(body, fp=session.rows[0]["fingerprint"])
    assert c.post("/api/decide", json=body, headers={"X-Align-Token": "T0KEN"}).status_code == 400


def test_only_the_reports_documents_can_be_read(client):
    _, c = client
    login(c)
    assert c.get("/api/doc?doc=evil.txt").json["text"] == DOC
    for name in ("../report.csv", "/etc/passwd", "d.sqlite"):
        assert c.get("/api/doc", query_string={"doc": name}).status_code == 404


def test_page_headers_and_shell(client):
    _, c = client
    login(c)
    r = c.get("/")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["X-Frame-Options"] == "DENY"
    html = r.get_data(as_text=True)
    assert "window.__pwned" not in html  # documents reach the page as JSON only
    assert c.get("/api/data").json["rows"][0]["doc"] == "evil.txt"


def test_json_for_a_script_element_cannot_close_it():
    s = dumps_for_script({"t": "</script><!-- & \u2028"})
    assert "<" not in s and ">" not in s and "&" not in s
    assert json.loads(s) == {"t": "</script><!-- & \u2028"}


def test_static_report_escapes_everything():
    rows = [{"doc": "evil.txt", "start": 0, "end": 4, "category": "untranslated",
             "severity": "major", "text": DOC[:4], "suggestion": p, "rule": p, "context": p,
             "note": p} for p in PAYLOADS]
    for r, fp in zip(rows, fingerprints(rows)):
        r["fingerprint"] = fp
    html = render_html(rows, {"evil.txt": DOC}, title="<script>alert(1)</script>")
    # The only script elements are the data block and the page's own code.
    assert len(re.findall(r"<script\b", html)) == 2
    assert "onerror" not in html.split('id="align-data"')[0]
    data = html.split('<script type="application/json" id="align-data">')[1].split("</script>")[0]
    assert "<" not in data and json.loads(data)["texts"]["evil.txt"] == DOC
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the title, escaped
    import html as htmllib

    csp = htmllib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1))
    assert "script-src 'sha256-" in csp and "unsafe-inline" not in csp


def test_qa_decisions_hide_rejected_and_html(corpus):
    tmp, pages, _ = corpus
    from align.review.store import Store

    intro = "Preface about the meeting held in spring.\n\n"
    (pages / "evil.txt").write_text(intro + DOC, encoding="utf-8")
    report = tmp / "first.csv"
    assert main(["qa", str(pages), "-o", str(report), "-q", "--jobs", "1"]) == 0
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert len(rows) >= 2
    session = ReviewSession(str(report), str(tmp / "d.sqlite"))
    first, second = session.rows[0], session.rows[1]
    with Store(session.db) as st:
        st.decide(first["fingerprint"], "rejected", row=first)
        st.decide(second["fingerprint"], "corrected", "fixed", row=second)
    # an unrelated edit before the findings: offsets move, decisions stay
    edited = "A longer foreword, rewritten, about the meeting held in spring.\n\n"
    (pages / "evil.txt").write_text(edited + DOC, encoding="utf-8")
    out, html = tmp / "again.csv", tmp / "again.html"
    assert main(["qa", str(pages), "-o", str(out), "-q", "--jobs", "1",
                 "--decisions", session.db, "--html", str(html)]) == 0
    again = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(again[0])[-3:] == ["review", "correction", "fingerprint"]
    by_text = {(r["text"], r["rule"]): r for r in again}
    assert by_text[(first["text"], first["rule"])]["review"] == "rejected"
    assert by_text[(second["text"], second["rule"])]["correction"] == "fixed"
    assert int(by_text[(first["text"], first["rule"])]["start"]) == first["start"] + len(edited) - len(intro)
    assert "align-data" in html.read_text(encoding="utf-8")
    hidden = tmp / "hidden.csv"
    assert main(["qa", str(pages), "-o", str(hidden), "-q", "--jobs", "1",
                 "--decisions", session.db, "--hide-rejected"]) == 0
    kept = list(csv.DictReader(hidden.open(encoding="utf-8")))
    assert len(kept) == len(again) - 1
    assert all(r["review"] != "rejected" for r in kept)


def test_hide_rejected_needs_decisions(corpus):
    _, pages, _ = corpus
    assert main(["qa", str(pages), "-o", "-", "-q", "--hide-rejected"]) == 2


def test_review_export_command(corpus, tmp_path):
    tmp, _, report = corpus
    session = ReviewSession(str(report), str(tmp / "d.sqlite"))
    from align.review.store import Store

    with Store(session.db) as st:
        st.decide(session.rows[0]["fingerprint"], "accepted", row=session.rows[0])
    out = tmp_path / "reviewed.csv"
    assert main(["review", "export", session.db, "-o", str(out)]) == 0
    assert [r["decision"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["accepted"]
    assert main(["review", "export", str(tmp / "missing.sqlite"), "-o", str(out)]) == 2
    assert main(["review", "export", session.db, "-o", str(tmp_path / "x.txt")]) == 2
    assert main(["review", str(tmp / "missing.csv"), "--no-browser"]) == 2


def test_bulk_decisions_and_their_undo(client):
    session, c = client
    login(c)
    head = {"X-Align-Token": "T0KEN"}
    fps = [r["fingerprint"] for r in session.rows]
    assert len(fps) >= 3
    r = c.post("/api/decide-many", json={"fps": fps, "decision": "rejected"}, headers=head)
    assert r.status_code == 200 and r.json["progress"]["reviewed"] == len(fps)
    assert {x["decision"] for x in r.json["changed"]} == {"rejected"}
    undo = c.post("/api/undo", json={"batch": r.json["batch"]}, headers=head)
    assert undo.status_code == 200 and undo.json["progress"]["reviewed"] == 0
    assert [x["fp"] for x in undo.json["changed"]] == fps
    assert c.post("/api/undo", json={"batch": r.json["batch"]}, headers=head).status_code == 409
    for body in ({"fps": fps + ["unknown"], "decision": "accepted"},
                 {"fps": [], "decision": "accepted"}, {"fps": fps[0], "decision": "accepted"},
                 {"fps": fps, "decision": "corrected"}):
        assert c.post("/api/decide-many", json=body, headers=head).status_code == 400
    assert c.post("/api/decide-many", json={"fps": fps, "decision": "accepted"}).status_code == 403
    assert c.post("/api/undo", json={"batch": "x"}, headers=head).status_code == 400


def test_static_report_is_read_only_and_scored(corpus):
    tmp, pages, report = corpus
    html = tmp / "r.html"
    assert main(["qa", str(pages), "-o", str(tmp / "r2.csv"), "-q", "--jobs", "1",
                 "--html", str(html)]) == 0
    page = html.read_text(encoding="utf-8")
    assert "Read-only report" in page
    data = json.loads(re.search(r'<script type="application/json" id="align-data">(.*?)</script>',
                                page, re.S).group(1))
    assert data["quality"]["run"]["quality"] in ("pass", "fail")
    assert set(data["quality"]["docs"]) == {"evil.txt"}
    assert data["quality"]["docs"]["evil.txt"]["words"] > 0
