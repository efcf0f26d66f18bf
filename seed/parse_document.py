"""Plan metadata: title, 文号, issuer, issue date and the documents the plan implements."""

from __future__ import annotations

import re
from datetime import date

from seed.parse_lexicon import cn_number
from seed.parse_types import ParsedDocument

Span = tuple[int, int]

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[(]\s*\d{4}\s*[〕\])]\s*\d{1,4}\s*号")
_DATE_LINE = re.compile(
    r"\(?\s*(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日\s*\)?"
)
_TITLE_WORD = re.compile(r"方案|规划|意见|计划|要点|清单|办法|细则|措施|安排|分工|通知|纲要|任务")
_ISSUER_END = re.compile(r"(政府|办公室|办公厅|委员会|委|厅|局|部|院|办|室|署|中心)$")
_NOTICE = re.compile(r"^(?P<issuer>.*?)关于印发(?P<title>.+?)的通知$")


def _read_date(found: re.Match[str]) -> date | None:
    year = found["y"]
    y = int(year) if year.isdigit() else int("".join(str(cn_number(ch) or 0) for ch in year))
    m, d = cn_number(found["m"]), cn_number(found["d"])
    if m is None or d is None:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def read_document(
    text: str, folded: str, lines: list[Span], body_line: int, lead_rule: str | None
) -> ParsedDocument:
    """Metadata from the lines before the first numbered line (`body_line`) and the last ones."""
    head = lines[:body_line]
    doc_number = next(
        (text[s:e].strip() for s, e in head if DOC_NUMBER.fullmatch(folded[s:e].strip())), None
    )
    implements: list[str] = []
    for s, e in head:
        for m in re.finditer(r"》\s*\(\s*(" + DOC_NUMBER.pattern + r")", folded[s:e]):
            number = text[s + m.start(1) : s + m.end(1)]
            if number != doc_number and number not in implements:
                implements.append(number)
    issuer, issued_on, date_line = None, None, -1
    tail = list(range(max(body_line, len(lines) - 4), len(lines)))
    for index in [*range(len(head)), *tail]:
        s, e = lines[index]
        found = _DATE_LINE.fullmatch(folded[s:e].strip())
        if found is None or (issued := _read_date(found)) is None:
            continue
        issued_on, date_line = issued, index
        if index > 0:
            ps, pe = lines[index - 1]
            previous = text[ps:pe].strip()
            if (
                len(previous) <= 30
                and _ISSUER_END.search(previous)
                and not re.search(r"[。,，:：;；]", previous)
            ):
                issuer = previous
        break
    title = None
    notices: list[re.Match[str]] = []
    for index, (s, e) in enumerate(head):
        line = text[s:e].strip()
        if index == date_line or line in (issuer, doc_number) or not 4 <= len(line) <= 60:
            continue
        if re.search(r"[。,，:：;；]$", folded[s:e].strip()) or folded[s:e].lstrip().startswith(
            "("
        ):
            continue
        if (notice := _NOTICE.match(line)) is not None:
            notices.append(notice)
        elif _TITLE_WORD.search(line) and not re.search(r"[。；;]", line):
            title = line
    if notices:
        if title is None:
            title = notices[-1]["title"].strip("《》 ")
        if issuer is None and notices[-1]["issuer"]:
            issuer = notices[-1]["issuer"]
    return ParsedDocument(title, doc_number, issuer, issued_on, tuple(implements), lead_rule)
