"""Plan text → plan tree: the public entry point of the plan parser (pure, no database, no I/O).

The work is split by concern: parse_lexicon (width folding, labels, unit names),
parse_annotations (who does what), parse_deadlines, parse_tables, parse_structure (the numbered
outline) and parse_document (metadata). This module turns the outline into sections and tasks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seed.parse_annotations import LEAD_RULE, read_annotation, split_units
from seed.parse_brackets import BracketKind, classify, only_deadline
from seed.parse_deadlines import find_deadlines
from seed.parse_document import read_document
from seed.parse_lexicon import (
    DEFINED_UNITS,
    Label,
    bracket_spans,
    defined_units,
    fold,
    looks_like_unit,
    match_label,
    strip_span,
)
from seed.parse_structure import Carry, Item, Note, build_outline, line_spans
from seed.parse_tables import UNIT_KINDS, TableRow, TextTable, find_text_tables
from seed.parse_types import (
    DeadlineKind,
    ParsedAssignment,
    ParsedDeadline,
    ParsedDocument,
    ParsedPlan,
    ParsedSection,
    ParsedTask,
    ParsedWarning,
    Role,
)

__all__ = [
    "DeadlineKind",
    "ParsedAssignment",
    "ParsedDeadline",
    "ParsedDocument",
    "ParsedPlan",
    "ParsedSection",
    "ParsedTask",
    "ParsedWarning",
    "Role",
    "parse_plan",
    "parse_with_tables",
]

_SUBJECT_VERB = re.compile(r"要|应当|应|须|必须|负责|牵头")
_CELL_ROLE_WORDS = re.compile(r"牵头|配合|会同|参与|协助|负责|指导|:")
_LEADING_DEADLINE = re.compile(r"\s*(?:前|之前|以前)?\s*[,、]?\s*")
_OUT_OF_TITLE = (BracketKind.CONTACT, BracketKind.DEADLINE, BracketKind.ABBREVIATION)
_SKIP = " \t\r\n。.;,、"

#: Where an inline clause label may stand: at a clause start, after 。；;：: or a space.
_INLINE_LABEL = re.compile(r"(?:^|(?<=[。;:：\s]))([①-⑳⑴-⒇]|\(\d{1,2}\)|\d{1,2}\))")


def parse_plan(text: str) -> ParsedPlan:
    """Parse a plan's text; never raises, reporting what it cannot read as warnings."""
    return parse_with_tables(text, None)


def parse_with_tables(text: str, tables: list[TextTable] | None) -> ParsedPlan:
    """Parse `text`, with tables already read (from a .docx) or, when None, found in the text."""
    token = DEFINED_UNITS.set(defined_units(fold(text)))
    try:
        return _Parser(text, tables).run()
    except Exception as error:  # noqa: BLE001 — a parser bug must surface as a warning, not a 500
        document = ParsedDocument(None, None, None, None, (), None)
        warning = ParsedWarning(f"parser failure: {type(error).__name__}: {error}", 0, len(text))
        return ParsedPlan(text, document, (), (), (warning,))
    finally:
        DEFINED_UNITS.reset(token)


@dataclass
class _Parser:
    text: str
    given_tables: list[TextTable] | None
    sections: list[ParsedSection] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    warnings: list[ParsedWarning] = field(default_factory=list)

    def run(self) -> ParsedPlan:
        self.folded = folded = fold(self.text)
        lines = line_spans(folded)
        tables = find_text_tables(folded, lines) if self.given_tables is None else self.given_tables
        rule = LEAD_RULE.search(folded)
        lead_rule = self.text[rule.start() : rule.end()] if rule else None
        self.lead_rule = rule is not None
        root, carries, first_label = build_outline(self.text, folded, lines, tables, self.lead_rule)
        document = read_document(self.text, folded, lines, first_label, lead_rule)
        for table in tables:
            if not table.items:
                s = lines[table.first_line][0] if table.first_line < len(lines) else 0
                self.warnings.append(ParsedWarning("table header without readable rows", s, s))
        self._walk(root, ())
        self._carry(carries)
        for item in _items(root):
            for note in item.notes:
                self.warnings.extend(note.annotation.warnings)
        self.warnings.sort(key=lambda w: (w.start, w.end))
        return ParsedPlan(
            self.text,
            document,
            tuple(self.sections),
            tuple(sorted(self.tasks, key=lambda t: t.start)),
            tuple(self.warnings),
        )

    # -- outline → sections and tasks -------------------------------------------------------

    def _walk(self, item: Item, section_path: tuple[str, ...]) -> None:
        for child in item.children:
            if isinstance(child, TableRow):
                self._row_task(child, item.path)
            else:
                self._item(child, section_path, item.children)

    def _item(
        self, item: Item, section_path: tuple[str, ...], siblings: list[Item | TableRow]
    ) -> None:
        if any(self._active(c) for c in item.children):
            self._section(item)
            self._note_tasks(item, item.notes, None, item.path)
            self._walk(item, item.path)
            return
        if item.notes:
            heading = item.paras[0]
            spread = {_para_of(item, n) for n in item.notes}
            if len(item.notes) > 1 and len(spread) > 1 and heading not in spread:
                self._section(item)
                self._note_tasks(item, item.notes, None, item.path)
            else:
                self._note_tasks(item, item.notes, item.start, section_path)
            return
        subject = self._subject(item)
        if subject:
            end = item.paras[0][1]
            self._add_task(item.path, section_path, item.start, end, self._title(item), subject, [])
        elif item.children:
            self._section(item)
            self._walk(item, item.path)
        elif item.label is not None and any(isinstance(s, Item) and s.notes for s in siblings):
            label = item.label
            self.warnings.append(
                ParsedWarning("numbered item without a responsible unit", label.start, label.end)
            )

    def _active(self, node: Item | TableRow) -> bool:
        if isinstance(node, TableRow):
            return True
        if node.notes or self._subject(node):
            return True
        return any(self._active(c) for c in node.children)

    def _section(self, item: Item) -> None:
        title = self._title(item)
        self.sections.append(ParsedSection(item.path, title, item.start, _end(item)))

    def _note_tasks(
        self, item: Item, notes: list[Note], first_start: int | None, section_path: tuple[str, ...]
    ) -> None:
        if not notes:
            return
        cursor = first_start
        for n, note in enumerate(notes, 1):
            para = _para_of(item, note)
            if n == 1 and first_start is not None:
                start = first_start
            elif cursor is not None and para[0] <= cursor < para[1]:
                start = cursor
            else:
                start = para[0]
            end = note.end + (1 if self.folded[note.end : note.end + 1] in ("。", ";") else 0)
            path = (
                item.path if len(notes) == 1 and first_start is not None else (*item.path, f"[{n}]")
            )
            inline = self._inline_label(start, note.start) if len(notes) > 1 else None
            if inline is not None:
                # ①组织…（团市委负责）；②建立…: the inline label numbers the task and starts it.
                path, start = (*item.path, inline.name), inline.start
                title = self._clause_title(inline.end, note.start)
            elif first_start is not None and n == 1 and item.label is not None:
                title = self._title(item)
            else:
                title = self._clause_title(start, note.start)
            deadlines = list(note.annotation.deadlines)
            self._add_task(
                path, section_path, start, end, title, note.annotation.assignments, deadlines
            )
            cursor = end
            while cursor < len(self.text) and self.folded[cursor] in _SKIP:
                cursor += 1

    def _inline_label(self, start: int, stop: int) -> Label | None:
        """A circled or bracketed number (①, (1), 1)) opening a clause in text[start:stop]."""
        for found in _INLINE_LABEL.finditer(self.folded, start, stop):
            label = match_label(self.folded, found.start(1), stop)
            if label is not None and label.style in ("circ", "pnum", "numparen"):
                return label
        return None

    def _row_task(self, row: TableRow, section_path: tuple[str, ...]) -> None:
        assignments: list[ParsedAssignment] = []
        cell_deadlines: list[ParsedDeadline] = []
        annotated = {kind for kind in ("resp", "lead") if self._annotated_cell(row, kind)}
        for kind in annotated:
            # 市发改委牵头，市财政局配合 in a 责任单位 cell: the cell says the roles itself
            for s, e in row.cells[kind]:
                note = read_annotation(self.text, self.folded, s, e, lead_rule=self.lead_rule)
                assignments.extend(note.assignments)
                cell_deadlines.extend(note.deadlines)
                self.warnings.extend(note.warnings)
        for kind in UNIT_KINDS:
            if kind in annotated:
                continue
            spans = [
                sp
                for s, e in row.cells.get(kind, [])
                for sp in split_units(self.folded, s, e)
                if sp[1] > sp[0]
            ]
            for i, (a, b) in enumerate(spans):
                rule = "TABLE"
                if kind == "lead":
                    role = Role.LEAD
                elif kind == "resp" and i == 0:
                    # one 责任单位 column: its first unit leads only by convention
                    role = Role.LEAD
                    rule = "FIRST_LISTED_RULE" if self.lead_rule else "CONVENTION"
                elif kind == "guide":
                    role = Role.GUIDE
                else:
                    role = Role.CO_RESPONSIBLE
                name = self.text[a:b]
                if name.strip() in ("无", "—", "-", "/", "--"):
                    continue
                assignments.append(ParsedAssignment(name, role, a, b, False, rule))
                if not looks_like_unit(self.folded[a:b]):
                    self.warnings.append(ParsedWarning(f"unrecognised unit name {name!r}", a, b))
        deadlines = [
            d
            for s, e in row.cells.get("deadline", [])
            for d in find_deadlines(self.text, self.folded, s, e, loose=True)
        ] or cell_deadlines
        task = row.cells.get("task", [(row.start, row.end)])[0]
        title = self._clause_title(task[0], task[1])
        if row.ambiguous:
            self.warnings.append(
                ParsedWarning(
                    "row has one unit cell for 牵头/配合 columns; read by position",
                    row.start,
                    row.end,
                )
            )
        path = (*section_path, row.serial_name)
        self._add_task(path, section_path, row.start, row.end, title, assignments, deadlines)

    def _annotated_cell(self, row: TableRow, kind: str) -> bool:
        """Whether a unit cell states roles in words (牵头, 配合, 会同, 负责…)."""
        return any(_CELL_ROLE_WORDS.search(self.folded, s, e) for s, e in row.cells.get(kind, []))

    def _add_task(
        self,
        path: tuple[str, ...],
        section_path: tuple[str, ...],
        start: int,
        end: int,
        title: str,
        assignments: list[ParsedAssignment],
        deadlines: list[ParsedDeadline],
    ) -> None:
        if not deadlines:
            for s, e in bracket_spans(self.folded, start, end):
                deadlines.extend(find_deadlines(self.text, self.folded, s, e, loose=True))
        if not deadlines:
            deadlines = find_deadlines(self.text, self.folded, start, end, loose=False)[-1:]
        deadline = deadlines[0] if deadlines else None
        body = self.text[start:end]
        ordered = tuple(sorted(assignments, key=lambda a: a.start))
        self.tasks.append(
            ParsedTask(path, section_path, title, body, start, end, ordered, deadline)
        )

    # -- titles and subjects -------------------------------------------------------------------

    def _title(self, item: Item) -> str:
        if item.label is None:
            return ""
        s, e = item.label.end, item.paras[0][1]
        stop = next((n.start for n in item.notes if s <= n.start < e), e)
        return self._clause_title(s, stop)

    def _clause_title(self, start: int, stop: int) -> str:
        folded = self.folded
        while start < stop and folded[start] in " \t":
            start += 1
        cut, i = stop, start
        while i < stop:
            if folded[i] in "([":
                group = next((g for g in bracket_spans(folded, i, stop) if g[0] == i), None)
                if group is not None:
                    if classify(folded, *group) in _OUT_OF_TITLE:
                        cut = i
                        break
                    i = group[1]
                    continue
            if folded[i] in "。;!?\n" or folded[i] == ":" and i - start <= 20:
                cut = i
                break
            i += 1
        if cut - start > 30:
            comma = folded.find(",", start, cut)
            if comma != -1:
                cut = comma
        for found in find_deadlines(self.text, folded, start, cut, loose=False):
            if only_deadline(folded, found.start, cut):
                cut = found.start  # …，2018年6月底前完成: the date is the deadline, not the title
                break
            lead = _LEADING_DEADLINE.match(folded, found.end, cut)
            if found.start - start <= 1 and lead and cut - lead.end() >= 4:
                start = lead.end()  # 2018年6月底前完成平台建设: the title is 完成平台建设
        start, cut = strip_span(folded, start, cut, " \t,.、:;。")
        return self.text[start:cut]

    def _subject(self, item: Item) -> list[ParsedAssignment]:
        if item.label is None:
            return []
        starts = [item.label.end]
        s, e = item.label.end, item.paras[0][1]
        period = self.folded.find("。", s, min(e, s + 40))
        if period != -1:
            starts.append(period + 1)
        for cs in starts:
            window = self.folded[cs : min(e, cs + 42)]
            for m in _SUBJECT_VERB.finditer(window):
                prefix = window[: m.start()]
                if re.search(r"[,。;:()]", prefix):
                    break
                spans = split_units(self.folded, cs, cs + m.start())
                if spans and all(looks_like_unit(self.folded[a:b]) for a, b in spans):
                    return [
                        ParsedAssignment(self.text[a:b], Role.LEAD, a, b, False, "SUBJECT")
                        for a, b in spans
                    ]
        return []

    # -- 以下均需X落实 -------------------------------------------------------------------------

    def _carry(self, carries: list[Carry]) -> None:
        for index, task in enumerate(self.tasks):
            extra: list[ParsedAssignment] = []
            for carry in carries:
                if task.start < carry.end or task.path[: len(carry.scope)] != carry.scope:
                    continue
                written = {a.unit for a in task.assignments}
                for s, e in carry.units:
                    name = self.text[s:e]
                    if name in written:
                        continue
                    role = Role.CO_RESPONSIBLE if task.assignments else Role.LEAD
                    extra.append(
                        ParsedAssignment(name, role, carry.start, carry.end, True, "CARRY_FORWARD")
                    )
                for spans, role in ((carry.guides, Role.GUIDE), (carry.co, Role.CO_RESPONSIBLE)):
                    for s, e in spans:
                        name = self.text[s:e]
                        if name not in written:
                            extra.append(ParsedAssignment(name, role, s, e, True, "CARRY_FORWARD"))
            if extra:
                self.tasks[index] = ParsedTask(
                    task.path,
                    task.section_path,
                    task.title,
                    task.body,
                    task.start,
                    task.end,
                    (*task.assignments, *extra),
                    task.deadline,
                )


def _para_of(item: Item, note: Note) -> tuple[int, int]:
    return next((p for p in item.paras if p[0] <= note.start < p[1]), item.paras[-1])


def _end(item: Item) -> int:
    ends = [p[1] for p in item.paras]
    for child in item.children:
        ends.append(child.end if isinstance(child, TableRow) else _end(child))
    return max(ends, default=item.start)


def _items(item: Item) -> list[Item]:
    found = [item]
    for child in item.children:
        if isinstance(child, Item):
            found.extend(_items(child))
    return found
