"""Web pages → plan text: body text and real ``<table>`` structure, read with lxml (no regex).

Block elements become lines; a table becomes one line per row with cells joined by a tab, a cell
covered by a rowspan from above written empty (the text table reader carries it down) and a row
of one cell (a group row spanning the table) written as that cell alone.
"""

from __future__ import annotations

import re

from lxml import etree, html

_DROP = ("script", "style", "noscript", "template", "head", "nav", "footer", "iframe", "svg")
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "blockquote", "pre", "center", "form", "header", "aside", "figure",
    "figcaption", "address", "hr",
}  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def html_text(data: bytes) -> str:
    """The text of an HTML page (see the module docstring for how tables are written)."""
    root = _document(data)
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    body = root.find("body")
    lines: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(pending)).strip()
        if line:
            lines.append(line)
        pending.clear()

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table":
            flush()
            lines.extend(_table_lines(element))
        elif tag == "br":
            flush()
        else:
            block = tag in _BLOCK
            if block:
                flush()
            if element.text and tag:
                pending.append(element.text)
            for child in element:
                walk(child)
            if block:
                flush()
        if element.tail:
            pending.append(element.tail)

    walk(body if body is not None else root)
    flush()
    return "\n".join(lines) + "\n"


def _document(data: bytes) -> html.HtmlElement:
    """Parse the page in its charset: UTF-8, else its <meta> charset, else GB18030 (gov sites)."""
    try:
        return html.document_fromstring(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    first = html.document_fromstring(data, parser=html.HTMLParser(encoding="iso-8859-1"))
    declared = "gb18030"
    for meta in first.iter("meta"):
        charset = meta.get("charset") or ""
        content = (meta.get("content") or "").lower()
        if not charset and "charset=" in content:
            charset = content.split("charset=", 1)[1].split(";")[0]
        if charset.strip():
            declared = charset.strip().lower()
            break
    if declared in ("gb2312", "gbk", "x-gbk"):
        declared = "gb18030"
    try:
        parser = html.HTMLParser(encoding=declared)
    except LookupError:
        parser = html.HTMLParser(encoding="gb18030")
    return html.document_fromstring(data, parser=parser)


def _cell_text(cell: etree._Element) -> str:
    parts = []
    for piece in cell.itertext():
        parts.append(piece)
    return _SPACE.sub(" ", "".join(parts)).strip().replace("\t", " ")


def _table_lines(table: etree._Element) -> list[str]:
    rows = [r for r in table.iter("tr") if _own_table(r) is table]
    covered: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    lines: list[str] = []
    for row in rows:
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        texts: list[str] = []
        column = 0
        for cell in cells:
            while covered.get(column, 0) > 0:
                texts.append("")
                covered[column] -= 1
                column += 1
            text = _cell_text(cell)
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            for extra in range(span):
                texts.append(text if extra == 0 else "")
                if down > 1:
                    covered[column] = down - 1
                column += 1
        while covered and column <= max(covered) and covered.get(column, 0) > 0:
            texts.append("")
            covered[column] -= 1
            column += 1
        filled = [t for t in texts if t]
        if len(filled) == 1 and len(cells) == 1:
            lines.append(filled[0])  # a group row spanning the table
        elif filled:
            lines.append("\t".join(texts))
    return lines


def _own_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def looks_like_html(data: bytes) -> bool:
    """Whether the bytes open like an HTML page (a doctype or an html/body/table tag)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(
        (b"<!doctype html", b"<html", b"<body", b"<table", b"<meta", b"<head")
    ) or (head.startswith(b"<!--") and b"<html" in head)
