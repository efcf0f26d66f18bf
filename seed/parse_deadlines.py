"""Deadlines in plan text: dates (2018年6月底前), recurring rules (每年12月底前) and 长期坚持.

Recurring rule strings (ParsedDeadline.rule):
    YEARLY:MM-DD      每年12月底前 -> YEARLY:12-31, 每年6月30日前 -> YEARLY:06-30
    YEARLY            每年 / 每年度 with no date
    HALF_YEARLY[:END] 每半年 / 每半年末
    QUARTERLY[:END]   每季度 / 每季度末前
    QUARTERLY:M1-DD   每季度第一个月10日前 (Mn = nth month of the quarter)
    MONTHLY[:DD|:END] 每月 / 每月5日前 / 每月底前
    WEEKLY            每周
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from seed.parse_types import DeadlineKind, ParsedDeadline

_BEFORE = r"(?:前|之前|以前)"
_DATE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?:"
    r"(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<mend>底|末)|份|(?P<xun>上旬|中旬|下旬))?"
    r"|(?P<yend>年底|底|末|年末)"
    r"|(?P<half>上半年|下半年|前半年)"
    r"|(?:第)?(?P<q>[一二三四1-4])季度(?:末|底)?"
    r")?(?P<before>\s*" + _BEFORE + r")?"
)
_DONE = re.compile(r"\s*(?:完成|全面完成|基本完成|落实|出台|建成|实现)")
_RECURRING = re.compile(
    r"(?:每(?:年度?|年)\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日|(?P<mend>底|末))?|(?P<yend>年底|底|末))?"
    r"|每半年(?P<hend>末|底)?|每季度?(?:(?P<qm>第[一二三]个月|首月)(?P<qd>\d{1,2})日|(?P<qend>末|底))?"
    r"|每月(?:(?P<md>\d{1,2})\s*日|(?P<mdend>底|末))?|每周"
    r")(?:\s*" + _BEFORE + r")?"
)
_ONGOING = re.compile(
    r"长期坚持|持续推进|长期推进|持续开展|长期开展|长期实施|持续实施|常态化推进|常态推进|持续落实|"
    r"长期落实|长期执行|长期有效|长期|持续|常年|常态化"
)
_QUARTER_END = {"一": 3, "1": 3, "二": 6, "2": 6, "三": 9, "3": 9, "四": 12, "4": 12}


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _due(found: re.Match[str]) -> date | None:
    year = int(found["y"])
    try:
        if found["m"]:
            month = int(found["m"])
            if found["d"]:
                return date(year, month, int(found["d"]))
            day = {"上旬": 10, "中旬": 20}.get(found["xun"] or "", _month_end(year, month))
            return date(year, month, day)
        if found["half"]:
            return date(year, 12, 31) if found["half"] == "下半年" else date(year, 6, 30)
        if found["q"]:
            month = _QUARTER_END[found["q"]]
            return date(year, month, _month_end(year, month))
        return date(year, 12, 31)
    except ValueError:
        return None


def _recurring_rule(found: re.Match[str]) -> str:
    text = found.group()
    if text.startswith("每周"):
        return "WEEKLY"
    if text.startswith("每月"):
        if found["md"]:
            return f"MONTHLY:{int(found['md']):02d}"
        return "MONTHLY:END" if found["mdend"] else "MONTHLY"
    if text.startswith("每季"):
        if found["qd"]:
            nth = {"第一个月": 1, "首月": 1, "第二个月": 2, "第三个月": 3}[found["qm"]]
            return f"QUARTERLY:M{nth}-{int(found['qd']):02d}"
        return "QUARTERLY:END" if found["qend"] else "QUARTERLY"
    if text.startswith("每半年"):
        return "HALF_YEARLY:END" if found["hend"] else "HALF_YEARLY"
    if found["m"]:
        month = int(found["m"])
        day = int(found["d"]) if found["d"] else _month_end(2001, month)
        return f"YEARLY:{month:02d}-{day:02d}"
    return "YEARLY:12-31" if found["yend"] else "YEARLY"


def find_deadlines(
    text: str, folded: str, start: int, end: int, *, loose: bool
) -> list[ParsedDeadline]:
    """Deadlines in text[start:end]; `loose` for annotations and table cells, strict for prose.

    In prose a date counts only with 前/底前/完成 after it and a recurring rule only with a date,
    because 到2020年 is a target and 持续推进 is usually a verb there.
    """
    found: list[ParsedDeadline] = []
    taken: list[tuple[int, int]] = []
    for match in _RECURRING.finditer(folded, start, end):
        dated = any(match[g] for g in ("m", "yend", "qd", "qend", "md", "mdend", "hend"))
        if not loose and not dated:
            continue
        s, e = match.span()
        found.append(
            ParsedDeadline(DeadlineKind.RECURRING, text[s:e], None, _recurring_rule(match), s, e)
        )
        taken.append((s, e))
    for match in _DATE.finditer(folded, start, end):
        s, e = match.span()
        tail = folded[e : e + 2]
        if any(a <= s < b for a, b in taken) or tail[:1] in ("起", "开") or tail == "以来":
            continue
        done = _DONE.match(folded, e) is not None
        if not loose and not (match["before"] or done):
            continue
        if not loose and folded[max(start, s - 1) : s] == "到" and not match["before"]:
            continue
        due = _due(match)
        if due is None:
            continue
        found.append(ParsedDeadline(DeadlineKind.DATE, text[s:e], due, None, s, e))
    if loose:
        for match in _ONGOING.finditer(folded, start, end):
            s, e = match.span()
            if not any(a <= s < b for a, b in taken):
                found.append(ParsedDeadline(DeadlineKind.ONGOING, text[s:e], None, None, s, e))
    found.sort(key=lambda item: item.start)
    return found
