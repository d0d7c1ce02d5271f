"""The review server: a small Flask application on the loopback interface.

The page is a fixed shell; the findings and the documents arrive as JSON and
the page's script puts them on screen with text nodes only, so nothing a
document holds can become markup, let alone run. A strict Content Security
Policy (scripts and styles from this server only, no inline code, no
frames, no plugins) makes that hold even if an escape were ever missed.

Access: the server only answers requests whose ``Host`` (and ``Origin``,
when sent) name itself, which shuts out DNS rebinding and other sites'
pages; the URL printed at start carries a random token that the first
request trades for a same-site cookie; every write also sends the token in a
header, and as JSON, so a cross-site form can never make one.
"""
from __future__ import annotations

import hmac
import json
import secrets
from pathlib import Path

ASSETS = Path(__file__).with_name("assets")
COOKIE = "align_review"
TOKEN_HEADER = "X-Align-Token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def progress(rows, decisions) -> dict:
    done = sum(1 for r in rows if r["fingerprint"] in decisions)
    return {"reviewed": done, "total": len(rows)}


def create_app(session, token: str = None, port_ref: dict = None):
    """A Flask app for ``session`` (a ``ReviewSession``). ``port_ref["port"]``
    is the port it is served on, filled in once the socket is bound."""
    from flask import Flask, abort, jsonify, make_response, redirect, render_template, request

    from .store import DECISIONS, StaleUndo, Store

    token = token or secrets.token_urlsafe(32)
    port_ref = port_ref if port_ref is not None else {}
    app = Flask(__name__, template_folder=str(ASSETS), static_folder=None)
    app.config["ALIGN_TOKEN"] = token

    def own_hosts():
        port = port_ref.get("port")
        names = ("127.0.0.1", "localhost", "[::1]")
        return {f"{n}:{port}" for n in names} if port else set(names)

    def same(a: str, b: str) -> bool:
        return hmac.compare_digest(a.encode(), b.encode())

    @app.before_request
    def guard():
        hosts = own_hosts()
        if request.host not in hosts:
            abort(403, "unknown host")
        origin = request.headers.get("Origin")
        if origin is not None and origin.removeprefix("http://") not in hosts:
            abort(403, "cross-origin request")
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            abort(403, "cross-site request")
        given = request.args.get("token")
        if request.method == "GET" and request.path == "/" and given is not None:
            if not same(given, token):
                abort(403, "wrong token")
            return None  # index() sets the cookie
        if not same(request.cookies.get(COOKIE, ""), token):
            abort(403, "open the address align review printed (it carries the access token)")
        if request.method not in ("GET", "HEAD"):
            if not same(request.headers.get(TOKEN_HEADER, ""), token):
                abort(403, "missing token")
            if not request.is_json:
                abort(415, "JSON only")
        return None

    @app.after_request
    def headers(resp):
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        resp.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.get("/")
    def index():
        if request.args.get("token") is not None:
            resp = redirect("/", code=303)
            resp.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path="/")
            return resp
        return render_template("page.html", mode="server", token=token, title=Path(session.report).name,
                               inline=None)

    @app.get("/favicon.ico")
    def favicon():
        return "", 204

    @app.get("/assets/<name>")
    def asset(name):
        kinds = {"review.js": "text/javascript", "review.css": "text/css"}
        if name not in kinds:
            abort(404)
        resp = make_response((ASSETS / name).read_bytes())
        resp.headers["Content-Type"] = kinds[name] + "; charset=utf-8"
        return resp

    def state():
        with Store(session.db) as st:
            return st.decisions()

    @app.get("/api/data")
    def data():
        dec = state()
        return jsonify(rows=session.client_rows(dec), docs=session.doc_names(),
                       report=Path(session.report).name, bilingual=session.bilingual,
                       docs_root=session.docs_root, progress=progress(session.rows, dec))

    @app.get("/api/doc")
    def doc():
        name = request.args.get("doc", "")
        try:
            return jsonify(doc=name, text=session.text(name))
        except KeyError:
            abort(404)
        except OSError as e:
            return jsonify(doc=name, text=None, error=str(e))

    @app.get("/api/state")
    def current():
        dec = state()
        return jsonify(decisions=dec, progress=progress(session.rows, dec))

    @app.post("/api/decide")
    def decide():
        body = request.get_json(silent=True) or {}
        row = session.by_fp.get(str(body.get("fp", "")))
        decision = body.get("decision")
        correction = body.get("correction")
        if row is None or (decision is not None and decision not in DECISIONS):
            abort(400)
        if correction is not None and not isinstance(correction, str):
            abort(400)
        if decision == "corrected" and correction is None:
            abort(400)
        with Store(session.db) as st:
            hist = st.decide(row["fingerprint"], decision, correction, row)
            dec = st.decisions()
        d = dec.get(row["fingerprint"]) or {}
        return jsonify(history=hist, fp=row["fingerprint"], decision=d.get("decision") or "",
                       correction=d.get("correction") or "", progress=progress(session.rows, dec))

    @app.post("/api/decide-many")
    def decide_many():
        """One decision for many findings (a group of repeats, a rule, the
        filtered selection): one batch, undone as one."""
        body = request.get_json(silent=True) or {}
        fps = body.get("fps")
        decision = body.get("decision")
        if not isinstance(fps, list) or decision not in ("accepted", "rejected", None):
            abort(400)
        rows = [session.by_fp.get(str(fp)) for fp in fps]
        if not rows or any(r is None for r in rows):
            abort(400)
        with Store(session.db) as st:
            batch = st.decide_many(rows, decision)
            dec = st.decisions()
        return jsonify(batch=batch, changed=_states(dec, [r["fingerprint"] for r in rows]),
                       progress=progress(session.rows, dec))

    def _states(dec, fps):
        return [{"fp": fp, "decision": (dec.get(fp) or {}).get("decision") or "",
                 "correction": (dec.get(fp) or {}).get("correction") or ""} for fp in fps]

    @app.post("/api/undo")
    def undo():
        body = request.get_json(silent=True) or {}
        if body.get("batch") is not None:
            try:
                batch = int(body.get("batch"))
            except (TypeError, ValueError):
                abort(400)
            with Store(session.db) as st:
                try:
                    after = st.undo_batch(batch)
                except StaleUndo as e:
                    return jsonify(error=str(e)), 409
                dec = st.decisions()
            return jsonify(changed=_states(dec, [a["fingerprint"] for a in after]),
                           progress=progress(session.rows, dec))
        try:
            hist = int(body.get("history"))
        except (TypeError, ValueError):
            abort(400)
        with Store(session.db) as st:
            try:
                after = st.undo(hist)
            except StaleUndo as e:
                return jsonify(error=str(e)), 409
            dec = st.decisions()
        return jsonify(fp=after["fingerprint"], decision=after["decision"] or "",
                       correction=after["correction"] or "", progress=progress(session.rows, dec))

    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(400)
    @app.errorhandler(415)
    def refuse(e):
        return jsonify(error=getattr(e, "description", "refused")), e.code

    return app


class Server:
    """The app served from a background thread (tests) or the foreground."""

    def __init__(self, session, port: int = 0, host: str = "127.0.0.1"):
        from werkzeug.serving import make_server

        import logging

        # One access-log line per keystroke would bury the address printed at start.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.token = secrets.token_urlsafe(32)
        self._port = {}
        self.app = create_app(session, self.token, self._port)
        self.httpd = make_server(host, port, self.app, threaded=True)
        self.port = self._port["port"] = self.httpd.server_port
        self.host = host
        self.url = f"http://{host}:{self.port}/?token={self.token}"
        self._thread = None

    def start(self):
        import threading

        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        self.httpd.serve_forever()

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)


def dumps_for_script(obj) -> str:
    """JSON safe inside a ``<script type="application/json">`` element: no
    ``<``, ``>`` or ``&`` can close the element or open a comment."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
