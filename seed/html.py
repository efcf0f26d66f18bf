"""Web pages → plan text: body text and real ``<table>`` structure, read with lxml (no regex).

Block elements become lines; a table becomes a grid (seed/grid.py) whose cells covered by a
rowspan are UP and by a colspan LEFT, so merged cells count for every row they span.
"""

from __future__ import annotations

import re

from lxml import etree, html

from seed.grid import LEFT, UP, Cell, Grid, GridText
from seed.parse_types import ParsedPlan
from seed.source_errors import SourceError

_DROP = ("script", "style", "noscript", "template", "head", "nav", "footer", "iframe", "svg")
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "dl", "dt", "dd", "blockquote", "pre", "center", "form", "header", "aside", "figure",
    "figcaption", "address", "hr",
}  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def parse_html(data: bytes) -> ParsedPlan:
    """The plan in a web page: its body text, and each ``<table>`` as a grid."""
    builder = GridText()
    for block in html_blocks(data):
        if isinstance(block, str):
            builder.line(block)
        else:
            builder.grid(block)
    return builder.parse()


def html_text(data: bytes) -> str:
    """The page as plain text (tables one row a line, cells joined by a tab)."""
    lines = []
    for block in html_blocks(data):
        if isinstance(block, str):
            lines.append(block)
        else:
            lines.extend("\t".join(c if isinstance(c, str) else "" for c in row) for row in block)
    return "\n".join(lines) + "\n"


def html_blocks(data: bytes) -> list[str | Grid]:
    """Paragraph lines and table grids of a page, in document order."""
    try:
        root = _document(data)
    except etree.ParserError:
        raise SourceError("The web page is empty: it holds no text to read a plan from.") from None
    for element in list(root.iter(*_DROP)):
        element.drop_tree()
    body = root.find("body")
    blocks: list[str | Grid] = []
    pending: list[str] = []

    def flush() -> None:
        line = _SPACE.sub(" ", "".join(pending)).strip()
        if line:
            blocks.append(line)
        pending.clear()

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table" and not _layout(element):
            flush()
            blocks.append(_grid(element))
        elif tag == "br":
            flush()
        else:
            block = tag in _BLOCK or tag in ("table", "tr", "td", "th")  # a layout table
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
    return blocks


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
    """A cell's text; a <br> or a block inside it (市发改委<br>市财政局) separates by a space."""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br" or tag in _BLOCK:
            parts.append(" ")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK:
            parts.append(" ")

    walk(cell)
    return _SPACE.sub(" ", "".join(parts)).strip()


def _grid(table: etree._Element) -> Grid:
    rows = [r for r in table.iter("tr") if _own_table(r) is table]
    covered: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    grid: Grid = []
    for row in rows:
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
        out: list[Cell] = []
        column = 0
        for cell in cells:
            column = _fill_covered(out, covered, column)
            text = _cell_text(cell)
            down = _int(cell.get("rowspan"))
            for extra in range(min(_int(cell.get("colspan")), _MAX_COLUMNS - column)):
                out.append(text if extra == 0 else LEFT)
                if down > 1:
                    covered[column] = down - 1
                column += 1
        column = _fill_covered(out, covered, column)
        while covered and column <= max(covered):
            out.append(UP if covered.get(column, 0) > 0 else "")
            if covered.get(column, 0) > 0:
                covered[column] -= 1
            column += 1
        grid.append(out)
    width = max((len(r) for r in grid), default=0)
    return [r + [""] * (width - len(r)) for r in grid]


def _layout(table: etree._Element) -> bool:
    """A table that lays the page out rather than holding rows of data: one with a table inside,
    one column only, or a cell holding paragraphs of running text."""
    if any(True for _ in table.iter("table") if _ is not table):
        return True
    rows = [r for r in table.iter("tr") if _own_table(r) is table]
    widths = [sum(1 for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")) for r in rows]
    if widths and max(widths) <= 1:
        return True
    for row in rows:
        for cell in row:
            blocks = sum(1 for c in cell.iter("p", "div", "br", "li") if c is not cell)
            if blocks >= 3 and len(_cell_text(cell)) > 200:
                return True
    return False


def _fill_covered(out: list[Cell], covered: dict[int, int], column: int) -> int:
    while covered.get(column, 0) > 0:
        out.append(UP)
        covered[column] -= 1
        column += 1
    return column


def _own_table(row: etree._Element) -> etree._Element | None:
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


#: No task table is wider; a page's colspan="1000" rows must not build a huge grid.
_MAX_COLUMNS = 64


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
