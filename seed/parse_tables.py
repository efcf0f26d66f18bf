"""Task tables (序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限): header, rows and row cells.

Text tables arrive flattened from web pages or PDFs: one cell per line (or tab/| separated), a
merged cell only in its first row, a long cell sometimes broken over two lines. Rows are found by
their 序号 and each row's lines are aligned to the columns by a small dynamic programme scoring
how well each line fits each column; a column a row lacks is inherited from the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seed.parse_annotations import split_units
from seed.parse_deadlines import find_deadlines
from seed.parse_lexicon import looks_like_unit, match_label

Span = tuple[int, int]

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("serial", re.compile(r"^(序号|编号|序|No\.?)$")),
    ("other", re.compile(r"(领导|责任人|联系人|牵头人|经办人)$")),  # people, not units
    ("other", re.compile(r"^(工作|完成|主要|具体)?(标准|成效|要求|指标|考核|效果|依据)$")),
    ("lead", re.compile(r"(牵头|主责|主办|主要责任)(单位|部门|处室)?")),
    ("co", re.compile(r"(配合|协办|参与|协同|协助)(单位|部门|处室)?")),
    ("guide", re.compile(r"指导(单位|部门)")),
    ("resp", re.compile(r"(责任|推进|实施|承办|落实|牵头)(单位|部门|主体|处室)|责任单位")),
    ("other", re.compile(r"领导|备注|类别|分类|领域|序列|说明")),
    ("deadline", re.compile(r"时限|时间|节点|期限|进度|时序")),
    ("task", re.compile(r"任务|内容|措施|事项|工作|举措|目标|项目|要点|要求|名称")),
)
UNIT_KINDS = ("lead", "co", "resp", "guide")
#: A 序号 cell: 1, 12, 一, （一）, ① (folded text).
_SERIAL = re.compile(r"\d{1,3}[.、]?|\(?[一二三四五六七八九十]{1,3}\)?[、.]?|[①-⑳]")


def header_kind(cell: str) -> str | None:
    """The column kind a header cell names, or None."""
    cell = re.sub(r"\s", "", cell)
    if not cell or len(cell) > 12 or match_label(cell, 0, len(cell)) is not None:
        return None
    return next((kind for kind, pattern in _KINDS if pattern.search(cell)), None)


#: Header cells of tables that are not task tables: project lists, target tables, 权责清单.
NOT_TASK_HEADER = re.compile(
    r"行使主体|实施依据|职权|权力|总投资|投资|资金|万元|亿元|目标值|指标值|基期|现状值|预期值|"
    r"属性|建设规模|建设内容|建设地点|开工|竣工|面积|产能"
)


def task_table(cells: list[str]) -> bool:
    """False for a header naming what a non-task table holds (投资, 行使主体, 目标值…)."""
    return not any(NOT_TASK_HEADER.search(re.sub(r"\s", "", c)) for c in cells)


def usable_header(kinds: list[str | None], min_columns: int = 3) -> list[str] | None:
    """Column kinds for a header row, when it reads as a task table (a task and a unit column);
    a real table (known cells) may have only those two, a flattened one needs three."""
    if len(kinds) < min_columns or any(k is None for k in kinds):
        return None
    cols = [k for k in kinds if k is not None]
    if "task" not in cols or not any(k in UNIT_KINDS for k in cols):
        return None
    if cols.count("task") > 1:  # 重点任务 | 具体措施: the first is a category, the last the task
        last = len(cols) - 1 - cols[::-1].index("task")
        cols = ["other" if k == "task" and i != last else k for i, k in enumerate(cols)]
    return cols


@dataclass
class TableRow:
    """One task row: its 序号 span and, per column kind, the cell spans (inherited included)."""

    serial: Span | None
    serial_name: str
    start: int
    end: int
    cells: dict[str, list[Span]] = field(default_factory=dict)
    ambiguous: bool = False


@dataclass
class TextTable:
    """A table found in plain text: line range, headings inside it and rows, in order."""

    first_line: int
    last_line: int
    columns: list[str]
    items: list[TableRow | int] = field(default_factory=list)  # int = index of a heading line


def _fit(folded: str, span: Span, kind: str) -> float:
    s, e = span
    text = folded[s:e]
    units = split_units(folded, s, e)
    unit_list = bool(units) and all(looks_like_unit(folded[a:b]) for a, b in units)
    dated = bool(find_deadlines(folded, folded, s, e, loose=True)) and len(text) <= 24
    if kind == "task":
        return -3.0 if dated or unit_list else (2.0 if len(text) >= 8 else 0.5)
    if kind in UNIT_KINDS:
        if text.strip() in ("无", "—", "-", "/", "--"):
            return 1.0
        return 3.0 if unit_list else -2.0
    if kind == "deadline":
        return 3.0 if dated else -3.0
    return 0.0


def _skip_cost(kind: str, inherited: bool) -> float:
    if kind == "task":
        return -6.0
    if kind == "deadline":
        return -0.5 if inherited else -1.0
    if kind == "other":
        return -0.2
    if kind == "co":
        return -1.2 if inherited else -1.5
    return -1.0 if inherited else -3.0


def align(
    folded: str, spans: list[Span], columns: list[str], above: dict[str, list[Span]]
) -> tuple[dict[str, list[Span]], bool]:
    """Assign a row's lines to columns; a missing column inherits the row above's cell."""
    n, k = len(spans), len(columns)
    neg = float("-inf")
    # best[i][j][f]: i lines used, j columns decided, f = column j-1 got a line (may continue)
    best = [[[neg, neg] for _ in range(k + 1)] for _ in range(n + 1)]
    back: dict[tuple[int, int, int], tuple[int, int, int, str]] = {}
    best[0][0][0] = 0.0
    for i in range(n + 1):
        for j in range(k + 1):
            for f in (0, 1):
                here = best[i][j][f]
                if here == neg:
                    continue
                moves: list[tuple[int, int, int, float, str]] = []
                if j < k:
                    kind = columns[j]
                    moves.append((i, j + 1, 0, _skip_cost(kind, bool(above.get(kind))), "skip"))
                    if i < n:
                        bonus = (
                            0.5
                            if [folded[a:b] for a, b in above.get(kind, [])]
                            == [folded[slice(*spans[i])]]
                            else 0.0
                        )
                        moves.append(
                            (i + 1, j + 1, 1, _fit(folded, spans[i], kind) + bonus, "take")
                        )
                if f and i < n and j:
                    kind = columns[j - 1]
                    cost = -4.0
                    if kind in UNIT_KINDS and folded[spans[i - 1][1] - 1] in "、,":
                        # 市发展改革委、市财政局、 / 市住房城乡建设局、…: a unit cell wrapped
                        cost = 1.0 if _fit(folded, spans[i], kind) > 0 else -4.0
                    if kind == "task" and _fit(folded, spans[i], "task") > 0:
                        # a cell broken mid-sentence continues; one ending in 。 rarely does
                        cost = 0.0 if folded[spans[i - 1][1] - 1] in "。;" else 1.0
                    moves.append((i + 1, j, 1, cost, "more"))
                for ni, nj, nf, gain, how in moves:
                    if here + gain > best[ni][nj][nf]:
                        best[ni][nj][nf] = here + gain
                        back[(ni, nj, nf)] = (i, j, f, how)
    state = (n, k, 0 if best[n][k][0] >= best[n][k][1] else 1)
    cells: dict[str, list[Span]] = {}
    skipped: list[str] = []
    while state != (0, 0, 0):
        i, j, f, how = back[state]
        kind = columns[j] if how != "more" else columns[j - 1]
        if how == "skip":
            skipped.append(kind)
        else:
            cells.setdefault(kind, []).insert(0, spans[i])
        state = (i, j, f)
    merged: dict[str, list[Span]] = {}
    for kind, got in cells.items():
        merged[kind] = [(got[0][0], got[-1][1])] if kind == "task" else got
    for kind in skipped:
        if kind in above and kind not in merged:
            merged[kind] = above[kind]
    ambiguous = (
        sum(1 for kind in skipped if kind in ("lead", "co")) == 1
        and "lead" in columns
        and "co" in columns
    )
    return merged, ambiguous


def _split_row_line(folded: str, start: int, end: int) -> list[Span] | None:
    sep = (
        "\t" if "\t" in folded[start:end] else ("|" if folded.count("|", start, end) >= 2 else None)
    )
    if sep is None:
        return None
    cells, cursor = [], start
    for i in range(start, end + 1):
        if i == end or folded[i] == sep:
            a, b = cursor, i
            while a < b and folded[a] == " ":
                a += 1
            while b > a and folded[b - 1] == " ":
                b -= 1
            cells.append((a, b))
            cursor = i + 1
    if sep == "|":
        cells = [c for c in cells if c[1] > c[0] or 0 < cells.index(c) < len(cells) - 1]
    return cells


def find_text_tables(folded: str, lines: list[Span]) -> list[TextTable]:
    """Task tables among the non-empty `lines` (spans into `folded`)."""
    tables: list[TextTable] = []
    i = 0
    while i < len(lines):
        found = _header_at(folded, lines, i)
        if found is None:
            i += 1
            continue
        columns, after, tabbed = found
        table = TextTable(i, after - 1, columns)
        i = _read_rows(folded, lines, after, table, tabbed)
        table.last_line = i - 1
        tables.append(table)
    return tables


def _header_at(folded: str, lines: list[Span], i: int) -> tuple[list[str], int, bool] | None:
    s, e = lines[i]
    cells = _split_row_line(folded, s, e)
    if cells:
        if not task_table([folded[a:b] for a, b in cells]):
            return None
        found = [header_kind(folded[a:b]) for a, b in cells if b > a]
        if sum(1 for k in found if k is not None) >= 3:
            found = [k or "other" for k in found]  # 工作标准, 备注说明: columns to keep out
        cols = usable_header(found)
        return (cols, i + 1, True) if cols else None
    kinds: list[str | None] = []
    j = i
    while j < len(lines) and (kind := header_kind(folded[slice(*lines[j])])) is not None:
        kinds.append(kind)
        j += 1
    if not task_table([folded[slice(*lines[k])] for k in range(i, j)]):
        return None
    cols = usable_header(kinds)
    return (cols, j, False) if cols else None


def _read_rows(folded: str, lines: list[Span], i: int, table: TextTable, tabbed: bool) -> int:
    body = [k for k in table.columns if k != "serial"]
    has_serial = "serial" in table.columns
    above: dict[str, list[Span]] = {}
    expected = 1
    current: tuple[Span | None, list[Span]] | None = None

    def finish() -> None:
        nonlocal above, current
        if current is None:
            return
        serial, spans = current
        current = None
        if not spans:
            return
        cells, ambiguous = _cells(folded, spans, body, above)
        name = folded[slice(*serial)].strip().rstrip(".、") if serial else str(len(table.items) + 1)
        start = serial[0] if serial else spans[0][0]
        row = TableRow(serial, name, start, spans[-1][1], cells, ambiguous)
        table.items.append(row)
        above = cells

    while i < len(lines):
        s, e = lines[i]
        text = folded[s:e].strip()
        number = int(text) if re.fullmatch(r"\d{1,3}", text) else None
        label = match_label(folded, s, e)
        heading = label is not None and label.style in ("cn", "pcn") and len(text) <= 40
        if tabbed:
            parts = _split_row_line(folded, s, e)
            if parts is not None and _header_at(folded, lines, i) is not None:
                break  # the header of the next table
            filled = [p for p in parts or [] if p[1] > p[0]]
            group = len(text) <= 24 and "。" not in text and not re.fullmatch(r"\d{1,3}", text)
            if parts is None or len(filled) == 1 and group:
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                if heading:
                    table.items.append(i)
                    above = {}
                elif group and nxt is not None and _split_row_line(folded, *nxt):
                    table.items.append(i)  # a group row (sub-category) between task rows
                else:
                    break
            else:
                serial = None
                first = folded[slice(*parts[0])].strip()
                if has_serial and _SERIAL.fullmatch(first):
                    serial, parts = parts[0], parts[1:]
                while filled and folded[filled[-1][1] - 1] in "、," and i + 1 < len(lines):
                    # 市住建局、市交通运输局、 / 市自然资源局<TAB>2024年底前: a wrapped unit cell
                    ns, ne = lines[i + 1]
                    more = _split_row_line(folded, ns, ne) or [(ns, ne)]
                    if re.fullmatch(r"\d{1,3}", folded[slice(*more[0])].strip()):
                        break
                    parts = [*parts, *more]
                    filled = [p for p in more if p[1] > p[0]]
                    i += 1
                current = (serial, [p for p in parts if p[1] > p[0]])
                if len(parts) == len(body) and any(p[1] > p[0] for p in parts):
                    current = None
                    # an empty cell under a merged 牵头单位, 类别 or 时限 carries down;
                    # an empty 配合单位 cell means none
                    cells = {
                        k: [p] if p[1] > p[0] else above[k]
                        for k, p in zip(body, parts, strict=True)
                        if p[1] > p[0] or (k not in ("co", "guide", "task") and k in above)
                    }
                    name = (
                        folded[slice(*serial)].strip().rstrip(".、")
                        if serial
                        else str(len(table.items) + 1)
                    )
                    table.items.append(TableRow(serial, name, s, e, cells))
                    above = cells
                else:
                    finish()
            i += 1
            continue
        if not has_serial:
            break
        if number is not None and (number == expected or number == 1):
            finish()
            expected = number + 1
            current = ((e - len(folded[s:e].lstrip()), e), [])
        elif heading and (current is None or len(current[1]) >= max(2, len(body) - 2)):
            # （二）应用推广 between rows: a group heading, also after a row short of a merged cell
            finish()
            table.items.append(i)
            above = {}
        elif current is None or len(current[1]) >= len(body):
            if heading:
                finish()
                table.items.append(i)
                above = {}
            elif current is None or len(current[1]) > len(body) or len(text) > 80:
                break
            else:
                current[1].append((s, e))
        else:
            current[1].append((s, e))
        i += 1
    finish()
    return i


def _cells(
    folded: str, spans: list[Span], body: list[str], above: dict[str, list[Span]]
) -> tuple[dict[str, list[Span]], bool]:
    if len(spans) == len(body):
        direct = {k: [sp] for k, sp in zip(body, spans, strict=True)}
        if all(_fit(folded, direct[k][0], k) > 0 for k in body if k != "other"):
            return direct, False
    return align(folded, spans, body, above)
