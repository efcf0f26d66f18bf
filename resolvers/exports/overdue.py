"""The overdue list (逾期承诺清单) as of a day: commitments open then whose due working day had
passed, with unit, task, responsible person, since when they are overdue and their warning card
(红黄牌) with its reasons, as ``.xlsx``."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from tortoise.expressions import Q

from models import Assignment, Commitment, Person, ProgressReport, Task, Unit, Urging
from resolvers import workdays
from resolvers.commitment.due import as_due_then, due_dates_then, overdue_on
from resolvers.commitment.operations import falls_due_on, overdue_since
from resolvers.supervision.warnings import Level, warning_of

HEADER = (
    "单位",
    "任务编号",
    "任务",
    "承诺内容",
    "承诺期限",
    "逾期起始",
    "逾期工作日",
    "责任人",
    "预警等级",
    "预警原因",
)
WIDTHS = (24, 12, 40, 48, 12, 12, 10, 12, 10, 40)
#: The card's name in the workbook.
CARD = {Level.RED: "红牌", Level.YELLOW: "黄牌", Level.GREEN: "绿牌"}


@dataclass(frozen=True)
class OverdueRow:
    unit: str
    task_code: str
    task_title: str
    commitment: str
    due_on: date
    overdue_since: date
    working_days_overdue: int
    responsible_person: str
    warning_level: Level = Level.RED
    warning_reasons: tuple[str, ...] = ()


async def overdue_rows(
    as_of: date, unit_pk: int | None = None, scope: Q | None = None
) -> list[OverdueRow]:
    """Commitments overdue on ``as_of`` (as ``overdueCommitments``) within ``scope`` (the
    caller's readable rows; None: all), by unit then due date."""
    condition = await overdue_on(as_of) & (scope or Q())
    if unit_pk is not None:
        condition &= Q(unit_id=unit_pk)
    rows = list(await Commitment.filter(condition))
    units = {u.pk: u for u in await Unit.filter(pk__in={r.unit_id for r in rows})}
    assignments = {a.pk: a for a in await Assignment.filter(pk__in={r.assignment_id for r in rows})}
    tasks = {t.pk: t for t in await Task.filter(pk__in={a.task_id for a in assignments.values()})}
    people = {
        p.pk: p
        for p in await Person.filter(pk__in={r.responsible_person_id for r in rows} - {None})
    }
    pks = [row.pk for row in rows]
    reports: dict[int, list[ProgressReport]] = {pk: [] for pk in pks}
    for report in await ProgressReport.filter(commitment_id__in=pks):
        reports[report.commitment_id].append(report)
    urgings: dict[int, list[Urging]] = {pk: [] for pk in pks}
    for urging in await Urging.filter(commitment_id__in=pks):
        urgings[urging.commitment_id].append(urging)
    then = await due_dates_then(pks, as_of)
    result = []
    for row in (as_due_then(row, then) for row in rows):  # due dates in force on the day
        task = tasks[assignments[row.assignment_id].task_id]
        fell_due = falls_due_on(row)
        person = people.get(row.responsible_person_id) if row.responsible_person_id else None
        card = warning_of(row, reports[row.pk], urgings[row.pk], as_of)
        result.append(
            OverdueRow(
                unit=units[row.unit_id].name,
                task_code=task.code,
                task_title=task.title,
                commitment=row.content,
                due_on=row.due_on,
                overdue_since=overdue_since(row),
                working_days_overdue=workdays.workdays_between(fell_due, as_of),
                responsible_person=person.name if person else "",
                warning_level=card.level,
                warning_reasons=card.reasons,
            )
        )
    return sorted(result, key=lambda r: (r.unit, r.due_on, r.task_code))


def overdue_xlsx(as_of: date, rows: Sequence[OverdueRow]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "逾期承诺清单"
    sheet.append([f"逾期承诺清单（截至 {as_of.isoformat()}，共 {len(rows)} 项）"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(HEADER))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append(
            [
                r.unit,
                r.task_code,
                r.task_title,
                r.commitment,
                r.due_on,
                r.overdue_since,
                r.working_days_overdue,
                r.responsible_person,
                CARD[r.warning_level],
                "；".join(r.warning_reasons),
            ]
        )
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def overdue_workbook(
    as_of: date, unit_pk: int | None = None, scope: Q | None = None
) -> tuple[str, bytes]:
    """The file name and bytes of the overdue list as of ``as_of``."""
    rows = await overdue_rows(as_of, unit_pk, scope)
    workbook = await asyncio.to_thread(overdue_xlsx, as_of, rows)  # off the event loop
    return f"逾期承诺清单-{as_of.isoformat()}.xlsx", workbook
