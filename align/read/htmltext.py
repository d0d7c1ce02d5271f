"""The visible text of an HTML page.

A reviewer reads a page, not its markup, so offsets index the text a browser
would show: scripts, styles, comments and the head are dropped, so are the
readings of intact ``<ruby>`` markup (``<rt>``, ``<rp>``: shown above the
characters, or not at all, never inline as a converter leaves them), each block
element becomes its own line, runs of whitespace collapse to one space as
HTML renders them (except inside ``<pre>``). The walk is iterative, so deeply
nested markup cannot exhaust the stack.
"""
from __future__ import annotations

import re

_SKIP = {
    "script", "style", "noscript", "template", "head", "title", "meta", "link",
    "iframe", "object", "embed", "svg", "math", "canvas", "select", "option",
    "textarea", "button",
}
_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center",
    "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
# Ruby annotation and its fallback parentheses, dropped inside <ruby>. An
# <rt> or <rp> ends at the next one or at </ruby> (its end tag is optional).
_RUBY_TEXT = {"rt", "rp", "rtc"}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def html_to_text(markup: str) -> str:
    """Return the visible text of ``markup`` (already decoded)."""
    from lxml import etree, html

    markup = _XML_DECL.sub("", markup, count=1)
    if not markup.strip():
        return ""
    parser = html.HTMLParser()
    try:
        root = html.document_fromstring(markup, parser=parser)
    except (etree.ParserError, ValueError):
        return ""
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        # libxml2 stops at 256 levels of nesting (or a 10 MB text node) and
        # silently drops the rest of the page; a flat tag stream has no depth.
        return _flat_text(markup)
    parts: list[str] = []
    pre_depth = 0

    def emit(s: str | None) -> None:
        if not s:
            return
        parts.append(s if pre_depth else _SPACE.sub(" ", s))

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if not tag or tag in _SKIP or (
                    tag in _RUBY_TEXT and any(a.tag == "ruby" for a in el.iterancestors())):
                # Skip the element's content; its tail is emitted at "end".
                # iterwalk cannot skip a subtree from "start", so clear it.
                # (The tail is left alone: lxml refuses to set back a tail
                # holding control characters it parsed itself.)
                for child in list(el):
                    el.remove(child)
                el.text = None
                continue
            if tag in _BLOCK or tag == "br":
                parts.append("\n")
            if tag == "pre":
                pre_depth += 1
            emit(el.text)
        else:
            if tag and tag not in _SKIP:
                if tag == "pre":
                    pre_depth -= 1
                if tag in _BLOCK:
                    parts.append("\n")
            emit(el.tail)
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = [line.strip(" ") for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + ("\n" if out else "")


# Void elements of _SKIP have no content to skip; head is left to the body
# tags (its title, scripts and styles are skipped one by one), since a flat
# stream cannot tell where an unclosed head ends.
_FLAT_SKIP = _SKIP - {"head", "meta", "link", "embed"}


def _flat_text(markup: str) -> str:
    """The visible text by a flat walk of start and end tags (the standard
    library's tokenizer): linear time, no tree, no depth limit. Used only for
    pages too deep for libxml2; the text follows the same rules, with a
    skipped element ending at its own end tag."""
    from html.parser import HTMLParser

    parts: list[str] = []
    state = {"skip": None, "depth": 0, "pre": 0, "ruby": 0}

    class Flat(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if state["skip"] in ("rt", "rp") and tag in _RUBY_TEXT:
                state["skip"] = None
            if state["skip"]:
                if tag == state["skip"]:
                    state["depth"] += 1
                return
            if tag == "ruby":
                state["ruby"] += 1
            if tag in _FLAT_SKIP or (tag in _RUBY_TEXT and state["ruby"]):
                state["skip"], state["depth"] = tag, 1
                return
            if tag in _BLOCK or tag == "br":
                parts.append("\n")
            if tag == "pre":
                state["pre"] += 1

        def handle_startendtag(self, tag, attrs):
            if not state["skip"] and (tag in _BLOCK or tag == "br"):
                parts.append("\n")

        def handle_endtag(self, tag):
            if state["skip"] in _RUBY_TEXT and tag == "ruby":
                state["skip"] = None
            if state["skip"]:
                if tag == state["skip"]:
                    state["depth"] -= 1
                    if not state["depth"]:
                        state["skip"] = None
                return
            if tag == "pre" and state["pre"]:
                state["pre"] -= 1
            if tag == "ruby" and state["ruby"]:
                state["ruby"] -= 1
            if tag in _BLOCK:
                parts.append("\n")

        def handle_data(self, data):
            if not state["skip"] and data:
                parts.append(data if state["pre"] else _SPACE.sub(" ", data))

    flat = Flat(convert_charrefs=True)
    flat.feed(markup)
    flat.close()
    return _tidy("".join(parts))
