"""The plan tree returned by the plan parsers (seed/parse.py, seed/docx.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Role(StrEnum):
    """How a unit takes part in a task: 牵头 / 配合·会同后·参与·责任 / 指导."""

    LEAD = "LEAD"
    CO_RESPONSIBLE = "CO_RESPONSIBLE"
    GUIDE = "GUIDE"


class DeadlineKind(StrEnum):
    """A one-off date (2018年6月底前), a recurring rule (每年12月底前) or ongoing (长期坚持)."""

    DATE = "DATE"
    RECURRING = "RECURRING"
    ONGOING = "ONGOING"


@dataclass(frozen=True)
class ParsedDeadline:
    """A deadline as written; `rule` is set for RECURRING (see seed/parse_deadlines.py)."""

    kind: DeadlineKind
    text: str
    due_on: date | None
    rule: str | None
    start: int
    end: int


@dataclass(frozen=True)
class ParsedAssignment:
    """One unit named for one task, with the rule that decided its role."""

    unit: str
    role: Role
    start: int
    end: int
    implicit: bool
    rule: str


@dataclass(frozen=True)
class ParsedSection:
    """A heading that groups tasks, e.g. path ("一", "(一)") titled 建立监督体系."""

    path: tuple[str, ...]
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class ParsedTask:
    """One task: its label path, short title, span, units and deadline."""

    path: tuple[str, ...]
    section_path: tuple[str, ...]
    title: str
    body: str
    start: int
    end: int
    assignments: tuple[ParsedAssignment, ...]
    deadline: ParsedDeadline | None


@dataclass(frozen=True)
class ParsedWarning:
    """Something the parser could not read with confidence, with its span."""

    message: str
    start: int
    end: int


@dataclass(frozen=True)
class ParsedDocument:
    """Document metadata: title, 文号, issuer, date and the documents it implements."""

    title: str | None
    doc_number: str | None
    issuer: str | None
    issued_on: date | None
    implements: tuple[str, ...]
    lead_rule: str | None


@dataclass(frozen=True)
class ParsedPlan:
    """A whole parsed plan; every offset is a Python str index into `text`."""

    text: str
    document: ParsedDocument
    sections: tuple[ParsedSection, ...]
    tasks: tuple[ParsedTask, ...]
    warnings: tuple[ParsedWarning, ...]
