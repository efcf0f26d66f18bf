"""The numbered outline of a plan: paragraphs and table rows under 一、/（一）/1./（1）/① labels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seed.parse_annotations import ROLE_LABEL, Annotation, read_annotation, split_units
from seed.parse_brackets import BracketKind, classify, contact_start, only_deadline
from seed.parse_deadlines import find_deadlines
from seed.parse_lexicon import Label, bracket_spans, looks_like_unit, match_label
from seed.parse_tables import TableRow, TextTable
from seed.parse_types import ParsedDeadline

Span = tuple[int, int]

CARRY = re.compile(
    r"以下[^。;\n]{0,12}?(?:均需|均由|均要|都需|都要|均应|需)(?P<units>[^,。;\n]{2,40}?)"
    r"(?:负责)?(?:落实|实施|推进|负责)"
    # 各县区政府均为以下各项任务的责任单位，不再一一列出
    r"|(?:(?<=[。;:\n])|^)\s*(?P<units2>[^,。;:\n]{2,40}?)(?:均为|为)以下(?:各项|所有)?(?:任务|工作)?的?"
    r"(?:责任单位|配合单位|参与单位|落实单位)(?=[^。\n]{0,6}不再)",
    re.MULTILINE,
)

CARRY_THEN = re.compile(
    r"[\s,;]*(?P<units>[^,。;\n]{2,40}?)(?P<verb>负责(?:督促|指导|督导|监督)|督促指导|指导督促|指导|督导|"
    r"督促|配合)[^,。;\n]{0,12}"
)


@dataclass
class Note:
    """An accepted annotation: its span in the text (brackets included) and what it says."""

    start: int
    end: int
    annotation: Annotation


@dataclass
class Item:
    """A labelled outline item (or the root): own paragraphs, notes, children and table rows."""

    label: Label | None
    path: tuple[str, ...]
    style: str
    paras: list[Span] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    children: list[Item | TableRow] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.label.start if self.label else (self.paras[0][0] if self.paras else 0)


@dataclass(frozen=True)
class Carry:
    """以下均需X落实: X is implied for every later task under `scope`."""

    start: int
    end: int
    units: tuple[Span, ...]
    scope: tuple[str, ...]
    guides: tuple[Span, ...] = ()
    co: tuple[Span, ...] = ()


def line_spans(folded: str) -> list[Span]:
    """Spans of the non-blank lines, without surrounding whitespace."""
    spans: list[Span] = []
    for m in re.finditer(r"[^\n]+", folded):
        s, e = m.span()
        while s < e and folded[s] in " \t\r":
            s += 1
        while e > s and folded[e - 1] in " \t\r":
            e -= 1
        if s < e:
            spans.append((s, e))
    return spans


def _positional(folded: str, para: Span, s: int, e: int) -> bool:
    after = folded[e : para[1]].lstrip(" ")
    before = folded[para[0] : s].rstrip(" ")
    return not after or after[0] in "。.;,\n" or not before or before[-1] in "。;!?"


#: Brackets that may follow an annotation and still belong to its task: a deadline, the 文号 of the
#: document the task implements, contact details, an explanation.
_TAIL_KINDS = (
    BracketKind.DEADLINE,
    BracketKind.DOC_NUMBER,
    BracketKind.CONTACT,
    BracketKind.EXPLANATION,
)


def deadline_tail(text: str, folded: str, pos: int, end: int) -> tuple[int, list[ParsedDeadline]]:
    """Deadlines written right after an annotation: （2018年6月底前完成） or 2018年6月底前完成。

    Returns the offset past them (past `pos` when there are none) and the deadlines.
    """
    found: list[ParsedDeadline] = []
    while True:
        at = pos
        while at < end and folded[at] in " \t,":
            at += 1
        if at < end and folded[at] in "([":
            group = next((g for g in bracket_spans(folded, at, end) if g[0] == at), None)
            kind = classify(folded, *group) if group is not None else None
            if group is None or kind not in _TAIL_KINDS:
                return pos, found
            if kind is BracketKind.DEADLINE:
                found.extend(find_deadlines(text, folded, group[0] + 1, group[1] - 1, loose=True))
            pos = group[1]
            continue
        stop = at
        while stop < end and folded[stop] not in "。;()[]\n":
            stop += 1
        if stop > at and only_deadline(folded, at, stop):
            found.extend(find_deadlines(text, folded, at, stop, loose=True))
            pos = stop
        return pos, found


_BY_SENTENCE = re.compile(r"(?:(?<=[。;])|^)\s*由(?=[^。;()]{2,80}(?:牵头|负责))", re.MULTILINE)


def find_notes(text: str, folded: str, para: Span, lead_rule: bool) -> list[Note]:
    """The annotations in one paragraph, in order."""
    notes: list[Note] = []
    ps, pe = para
    brackets = bracket_spans(folded, ps, pe)
    inline = None
    for m in ROLE_LABEL.finditer(folded, ps, pe):
        outside = not any(a < m.start() < b for a, b in brackets)
        if outside and (m.start() == ps or folded[m.start() - 1] in "。;. \t"):
            inline = m.start()
            break
    if inline is None:
        # 由市教育局牵头，市委宣传部、各县区政府配合。 — the annotation as a closing sentence.
        for m in _BY_SENTENCE.finditer(folded, ps, pe):
            if not any(a < m.start() < b for a, b in brackets):
                inline = m.end()
                break
    for s, e in brackets:
        if inline is not None and s >= inline:
            break
        inner = folded[s + 1 : e - 1]
        if CARRY.search(inner) or classify(folded, s, e) is not BracketKind.ANNOTATION:
            continue
        inner_end = contact_start(folded, s + 1, e - 1)
        note = read_annotation(text, folded, s + 1, inner_end, lead_rule=lead_rule)
        if not note.assignments:
            continue
        tail, deadlines = deadline_tail(text, folded, e, pe)
        units = sum(1 for a in note.assignments if looks_like_unit(a.unit))
        if note.labelled or (
            _positional(folded, para, s, tail) and units and (note.has_verb or not note.junk)
        ):
            if not note.deadlines:
                note.deadlines.extend(deadlines)
            notes.append(Note(s, tail, note))
    if inline is not None:
        note = read_annotation(text, folded, inline, pe, lead_rule=lead_rule)
        if note.assignments or note.deadlines:
            notes.append(Note(inline, pe, note))
    elif not notes and (closing := _closing_sentence(text, folded, para, lead_rule)) is not None:
        notes.append(closing)
    return notes


def _closing_sentence(text: str, folded: str, para: Span, lead_rule: bool) -> Note | None:
    """……。市发改委牵头，市市场监管局等有关部门配合。 — an annotation as the last sentence."""
    ps, pe = para
    end = pe - 1 if folded[pe - 1] in "。;" else pe
    start = max(folded.rfind("。", ps, end), folded.rfind(";", ps, end)) + 1
    if start <= ps or not 4 <= end - start <= 80 or any(c in folded[start:end] for c in "()[]"):
        return None
    while start < end and folded[start] in " \t":
        start += 1
    note = read_annotation(text, folded, start, end, lead_rule=lead_rule)
    if not note.assignments or note.junk or not note.has_verb or note.labelled:
        return None
    first = note.assignments[0]
    if first.start - start > 1 or not _VERB_AT_UNIT.match(folded, first.end):
        return None  # the sentence must open with its units: 市发改委牵头 / 市发改委、市财政局负责
    return Note(start, pe, note)


_VERB_AT_UNIT = re.compile(r"[、,]|等|和|及|会同|牵头|负责|配合|参与|指导")


def build_outline(
    text: str, folded: str, lines: list[Span], tables: list[TextTable], lead_rule: bool
) -> tuple[Item, list[Carry], int]:
    """The outline tree, the carry-forward rules and the index of the first numbered line."""
    root = Item(None, (), "")
    stack: list[Item] = [root]
    carries: list[Carry] = []
    first_label = len(lines)
    by_line = {t.first_line: t for t in tables}
    index = 0
    while index < len(lines):
        table = by_line.get(index)
        if table is not None:
            first_label = min(first_label, index)
            for entry in table.items:
                if isinstance(entry, TableRow):
                    stack[-1].children.append(entry)
                else:
                    _add_para(text, folded, lines[entry], stack, carries, lead_rule)
            index = table.last_line + 1
            continue
        if _add_para(text, folded, lines[index], stack, carries, lead_rule):
            first_label = min(first_label, index)
        index += 1
    return root, carries, first_label


def _add_para(
    text: str, folded: str, para: Span, stack: list[Item], carries: list[Carry], lead_rule: bool
) -> bool:
    """File one paragraph; True when it starts a numbered item."""
    s, e = para
    label = match_label(folded, s, e)
    if label is not None and label.end >= e:
        label = None  # a bare "1." line is not a heading
    for m in CARRY.finditer(folded, s, e):
        group = "units" if m["units"] is not None else "units2"
        units = tuple(split_units(folded, m.start(group), m.end(group)))
        guides: list[Span] = []
        co: list[Span] = []
        end = m.end()
        # 以下均需X落实，Y负责指导，不再单独列出: Y's part is carried too, with its own role.
        for then in CARRY_THEN.finditer(folded, m.end(), e):
            if then.start() != end:
                break
            spans = [
                sp
                for sp in split_units(folded, then.start("units"), then.end("units"))
                if looks_like_unit(folded[slice(*sp)])
            ]
            (co if "配合" in then["verb"] else guides).extend(spans)
            end = then.end()
        carries.append(Carry(m.start(), end, units, stack[-1].path, tuple(guides), tuple(co)))
    if label is None:
        if ROLE_LABEL.match(folded, s, e) and stack[-1].paras:
            last = stack[-1].paras[-1]
            if (
                ROLE_LABEL.match(folded, *last)
                and stack[-1].notes
                and stack[-1].notes[-1].end == last[1]
            ):
                stack[-1].notes.pop()  # consecutive 责任单位/配合单位/完成时限 lines: one note
                para = (last[0], e)
                stack[-1].paras[-1] = para
                stack[-1].notes.extend(find_notes(text, folded, para, lead_rule))
                return False
        stack[-1].paras.append(para)
        stack[-1].notes.extend(find_notes(text, folded, para, lead_rule))
        return False
    styles = [item.style for item in stack]
    if label.style in styles:
        del stack[styles.index(label.style) :]
    parent = stack[-1]
    item = Item(label, (*parent.path, label.name), label.style, [para])
    item.notes.extend(find_notes(text, folded, para, lead_rule))
    parent.children.append(item)
    stack.append(item)
    return True
