"""The visible text of an HTML page.

A reviewer reads a page, not its markup, so offsets index the text a browser
would show: scripts, styles, comments and the head are dropped, each block
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
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def html_to_text(markup: str) -> str:
    """Return the visible text of ``markup`` (already decoded)."""
    from lxml import etree, html

    markup = _XML_DECL.sub("", markup, count=1)
    if not markup.strip():
        return ""
    try:
        root = html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
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
            if not tag or tag in _SKIP:
                # Skip the element's content; its tail is emitted at "end".
                el_tail = el.tail
                # iterwalk cannot skip a subtree from "start", so clear it.
                for child in list(el):
                    el.remove(child)
                el.text = None
                el.tail = el_tail
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
