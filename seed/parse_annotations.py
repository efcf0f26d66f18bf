"""Responsibility annotations (（A牵头，B、C配合）, （责任单位：A、B）) → units with roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seed.parse_deadlines import find_deadlines
from seed.parse_lexicon import looks_like_unit, split_top, strip_span
from seed.parse_types import ParsedAssignment, ParsedDeadline, ParsedWarning, Role

LEAD_RULE = re.compile(
    r"(?:排在第一位|排在首位|排名第一|排第一位|排在第一|排在最前|列第一位|列在第一位|列在首位|列首位|"
    r"居首位|第一位|首位)[^。;()\n]{0,12}?为牵头(?:部门|单位)?(?:\s*[,;]?\s*下同)?"
)
ROLE_LABEL = re.compile(
    r"(?P<label>(?:主要)?(?:牵头|责任|主责|主办|配合|协办|参与|协同|协助|指导|督办|推进|实施|承办|落实)"
    r"(?:单位|部门|处室|科室)|完成时限|完成时间|时间节点|时限要求|时间要求|进度安排|完成期限|"
    r"(?:牵头|分管|责任|联系|包抓|主管|督导)(?:市|区|县)?领导|责任人|联系人|牵头人)\s*:"
)
_LEAD_V = "牵头负责|负责牵头|总牵头|牵头|主办|主责|负总责"
_CO_V = "配合落实|配合实施|配合推进|共同参与|参与落实|配合|参与|协助|协同|协办|参加"
_GUIDE_V = "负责指导|督促指导|指导督促|业务指导|指导|督导"
_RESP_V = (
    "按职责分工负责|按照职责分工负责|根据职责分工负责|按职能分工负责|按职责分工落实|按职责分别负责|"
    "按职责负责|分别负责|共同负责|各负其责|具体负责|负责落实|负责实施|负责推进|组织实施|具体实施|"
    "抓好落实|贯彻落实|组织落实|落实|负责|实施|推进|承办|办理"
)
_MANNER = (
    r"(?:(?:按照?|根据|依据|依照)"
    r"(?:属地|职责|职能|分工|各自职责|属地管理|管理权限)[^,、;。]{0,6}?)?"
)
_VERB_END = re.compile(
    rf"{_MANNER}(?:(?P<lead>{_LEAD_V})|(?P<co>{_CO_V})|(?P<guide>{_GUIDE_V})|(?P<resp>{_RESP_V}))[\s.。]*$"
)
_HUI_TONG = re.compile(r"会同")
_ETC = re.compile(
    r"等(?:(?P<collective>(?:有关|相关|其他|其它)(?:部门和单位|部门单位|部门|单位))|部门|单位|"
    r"有关|相关|其他|其它)?$"
)
_LEAD_IN = re.compile(r"(?:均由|由|请|并|同时|和|及)")
_GENERIC = {
    "单位",
    "部门",
    "机构",
    "企业",
    "事业单位",
    "企事业单位",
    "直属单位",
    "人民团体",
    "社会组织",
}
_ADMIN = re.compile(
    r"^(?:各?(?:省|市|县|区|州|盟|旗|地|市州|县区|县市区)|自治区|直辖市|计划单列市)$"
)
_ADMIN_HEAD = re.compile(r"(?:自治区|直辖市|计划单列市|区|市|县|州|旗|盟)")
_DROP = re.compile(r"下同|不再(?:一一)?列出|以下同|同上")


@dataclass
class Annotation:
    """What one annotation says: units with roles, deadlines, and how sure we are it is one."""

    assignments: list[ParsedAssignment] = field(default_factory=list)
    deadlines: list[ParsedDeadline] = field(default_factory=list)
    warnings: list[ParsedWarning] = field(default_factory=list)
    labelled: bool = False
    has_verb: bool = False
    junk: bool = False


@dataclass
class _Pending:
    start: int
    end: int
    role: str  # "LEAD" | "CO" | "GUIDE" | "RESP"
    rule: str


def split_units(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the unit names in a list such as 市发改委、市直有关部门、单位，各县区政府等."""
    spans: list[tuple[int, int]] = []
    for s, e in split_top(folded, start, end, "、,;/ \t"):
        s, e = strip_span(folded, s, e, " \t\r\n.。:")
        if s >= e:
            continue
        if (m := _LEAD_IN.match(folded, s, e)) and looks_like_unit(folded[m.end() : e]):
            s = m.end()
        collective: tuple[int, int] | None = None
        if (m := _ETC.search(folded, s, e)) and m.start() > s:
            if m["collective"]:
                # A、B等有关部门负责: the open tail is a collective unit of its own.
                collective = (m.start() + 1, e)
            e = m.start()
        if (cut := _etc_cut(folded, s, e)) is not None:
            # 工业和信息化部等国务院有关部门: two units, the list's last and a collective.
            spans.append((s, cut))
            s = cut + 1
        if spans and folded[s:e] in _GENERIC:
            spans[-1] = (spans[-1][0], e)
            continue
        if spans and _ADMIN_HEAD.match(folded, s, e) and _admin_tail(folded, *spans[-1]):
            spans[-1] = (spans[-1][0], e)
            continue
        spans.extend(_split_and(folded, s, e))
        if collective is not None:
            spans.append(collective)
    return spans


def _etc_cut(folded: str, start: int, end: int) -> int | None:
    """The offset of a 等 inside a name that joins a unit to a collective after it."""
    for m in re.finditer("等", folded[start:end]):
        cut = start + m.start()
        left, right = folded[start:cut], folded[cut + 1 : end]
        collective = looks_like_unit(right) and re.search(r"有关|各|相关|其他", right)
        if len(left) >= 2 and right not in _GENERIC and looks_like_unit(left) and collective:
            return cut
    return None


def _admin_tail(folded: str, start: int, end: int) -> bool:
    last = re.split(r"[、,]", folded[start:end])[-1]
    return bool(_ADMIN.match(last))


def _split_and(folded: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split 财政部和人民银行 but keep 工业和信息化部 and 各有关部门和单位 whole."""
    for m in re.finditer(r"以及|和|及|与", folded[start:end]):
        left, right = folded[start : start + m.start()], folded[start + m.end() : end]
        if min(len(left), len(right)) >= 3 and looks_like_unit(left) and looks_like_unit(right):
            cut = start + m.start()
            return [(start, cut), *_split_and(folded, cut + len(m.group()), end)]
    return [(start, end)]


def read_annotation(text: str, folded: str, start: int, end: int, *, lead_rule: bool) -> Annotation:
    """Read the annotation whose content is text[start:end] (brackets excluded)."""
    note = Annotation()
    pending: list[_Pending] = []
    parts: list[tuple[int, int, str | None]] = []
    labels = list(ROLE_LABEL.finditer(folded, start, end))
    cursor, kind = start, None
    for m in labels:
        parts.append((cursor, m.start(), kind))
        cursor, kind = m.end(), m["label"]
    parts.append((cursor, end, kind))
    note.labelled = bool(labels)
    for s, e, label in parts:
        _read_part(text, folded, s, e, label, note, pending)
    _resolve(text, pending, note, lead_rule)
    return note


def _label_role(label: str | None) -> str | None:
    if label is None:
        return None
    if label.endswith(("领导", "人")):
        return "SKIP"  # 牵头领导：李四, 责任人：… name people, not units
    if any(w in label for w in ("牵头", "主责", "主办", "主要")):
        return "LEAD"
    if any(w in label for w in ("配合", "协办", "参与", "协同", "协助")):
        return "CO"
    if "指导" in label or "督办" in label:
        return "GUIDE"
    if any(w in label for w in ("时限", "时间", "节点", "期限", "进度")):
        return "SKIP"
    return "RESP"


def _read_part(
    text: str,
    folded: str,
    start: int,
    end: int,
    label: str | None,
    note: Annotation,
    pending: list[_Pending],
) -> None:
    base = _label_role(label)
    if base == "SKIP":
        if label and "领导" not in label and label[-1] != "人":
            note.deadlines.extend(find_deadlines(text, folded, start, end, loose=True))
        return
    waiting: list[tuple[int, int]] = []
    hui_tong = False
    for cs, ce in split_top(folded, start, end, ",;。"):
        cs, ce = strip_span(folded, cs, ce)
        if cs >= ce or LEAD_RULE.search(folded, cs, ce) or _DROP.fullmatch(folded[cs:ce]):
            continue
        deadlines = find_deadlines(text, folded, cs, ce, loose=True)
        if deadlines:
            note.deadlines.extend(deadlines)
            if not any(looks_like_unit(folded[a:b]) for a, b in split_units(folded, cs, ce)):
                continue
            ce = min(ce, deadlines[0].start)
        verb = _VERB_END.search(folded, cs, ce)
        unit_end = verb.start() if verb else ce
        if ht := _HUI_TONG.search(folded, cs, unit_end):
            lead_spans = split_units(folded, cs, ht.start())
            for s, e in [*waiting, *lead_spans]:
                pending.append(_Pending(s, e, "LEAD", "HUI_TONG"))
            for s, e in split_units(folded, ht.end(), unit_end):
                pending.append(_Pending(s, e, "CO", "HUI_TONG"))
            waiting, hui_tong = [], True
            note.has_verb = True
            continue
        spans = split_units(folded, cs, unit_end)
        if verb is None:
            if hui_tong:
                pending.extend(_Pending(s, e, "CO", "HUI_TONG") for s, e in spans)
            else:
                waiting.extend(spans)
            continue
        note.has_verb = True
        role = next(name for name in ("lead", "co", "guide", "resp") if verb[name]).upper()
        if base in ("LEAD", "CO", "GUIDE") and role == "RESP":
            role = base
        if role in ("LEAD", "RESP"):
            spans = [*waiting, *spans]
        else:
            pending.extend(_Pending(s, e, base or "RESP", "EXPLICIT") for s, e in waiting)
        waiting = []
        pending.extend(_Pending(s, e, role, "EXPLICIT") for s, e in spans)
    pending.extend(_Pending(s, e, base or "RESP", "EXPLICIT") for s, e in waiting)


def _resolve(text: str, pending: list[_Pending], note: Annotation, lead_rule: bool) -> None:
    has_lead = any(p.role == "LEAD" for p in pending)
    has_co = any(p.role == "CO" and p.rule == "EXPLICIT" for p in pending)
    first_resp = True
    for p in pending:
        role, rule = p.role, p.rule
        if role == "RESP":
            if has_lead:
                role = "CO"
            elif has_co:
                role = "LEAD"
            else:
                role = "LEAD" if first_resp else "CO"
                rule = "FIRST_LISTED_RULE" if lead_rule else "CONVENTION"
                first_resp = False
        name = text[p.start : p.end]
        if not looks_like_unit(name):
            note.junk = True
            note.warnings.append(ParsedWarning(f"unrecognised unit name {name!r}", p.start, p.end))
        mapped = {"LEAD": Role.LEAD, "CO": Role.CO_RESPONSIBLE, "GUIDE": Role.GUIDE}[role]
        note.assignments.append(ParsedAssignment(name, mapped, p.start, p.end, False, rule))
    note.assignments.sort(key=lambda a: a.start)
