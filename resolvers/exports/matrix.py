"""The responsibility matrix of a plan from the database: one row per task, current units,
deadline, status and the latest progress reported on the task's commitments."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from tortoise.expressions import Q

from models import Assignment, AssignmentRole, Commitment, Plan, ProgressReport, Task, Unit
from resolvers.errors import not_found
from seed.matrix import (
    DOC_NUMBER_LABEL,
    ISSUED_ON_LABEL,
    ISSUER_LABEL,
    MatrixRow,
    matrix_xlsx,
)

STATUS_LABELS = {
    "NOT_STARTED": "未启动",
    "IN_PROGRESS": "推进中",
    "COMPLETED": "已完成",
    "SUSPENDED": "暂缓",
    "CANCELLED": "已撤销",
}


def unit_label(unit: Unit) -> str:
    """The name a matrix shows: the short name (it resolves back to the unit), else the name."""
    return unit.short_name or unit.name


async def matrix_rows(plan_pk: int, scope: Q | None = None) -> tuple[Plan, list[MatrixRow]]:
    """The rows of a plan's matrix; the latest progress only of commitments within ``scope``
    (the caller's readable commitments; None: all)."""
    plan = await Plan.filter(pk=plan_pk).first()
    if plan is None:
        raise not_found("Plan", plan_pk, "planId")
    tasks = await Task.filter(plan_id=plan_pk).order_by("ordinal", "id")
    assignments = await Assignment.filter(task__plan_id=plan_pk, valid_to__isnull=True).order_by(
        "task_id", "ordinal", "id"
    )
    units = {u.pk: u for u in await Unit.filter(pk__in={a.unit_id for a in assignments})}
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_task[assignment.task_id].append(assignment)
    latest: dict[int, str] = {}
    # A task continuing one of an earlier edition shows the progress reported there too (the
    # commitments stay with the earlier task, linked): walk the carried_from chain back.
    shown_as = {task.pk: task.pk for task in tasks}
    frontier = {task.carried_from_id: task.pk for task in tasks if task.carried_from_id}
    while frontier:
        for earlier, shown in frontier.items():
            shown_as.setdefault(earlier, shown)
        links = await Task.filter(pk__in=list(frontier)).values("id", "carried_from_id")
        frontier = {
            row["carried_from_id"]: frontier[row["id"]]
            for row in links
            if row["carried_from_id"] and row["carried_from_id"] not in shown_as
        }
    commitments = await Commitment.filter(
        scope or Q(), assignment__task_id__in=list(shown_as)
    ).values("id", "assignment__task_id")
    task_of = {c["id"]: shown_as[c["assignment__task_id"]] for c in commitments}
    reports = await ProgressReport.filter(commitment_id__in=list(task_of)).order_by(
        "reported_on", "id"
    )
    for report in reports:
        latest[task_of[report.commitment_id]] = f"{report.reported_on} {report.text}"
    rows = []
    for task in tasks:
        held = by_task[task.pk]
        rows.append(
            MatrixRow(
                code=task.code,
                title=task.title,
                lead=[unit_label(units[a.unit_id]) for a in held if a.role == AssignmentRole.LEAD],
                co_responsible=[
                    unit_label(units[a.unit_id]) for a in held if a.role != AssignmentRole.LEAD
                ],
                deadline=task.deadline_text or (str(task.deadline_on) if task.deadline_on else ""),
                status=STATUS_LABELS.get(task.status.value, task.status.value),
                latest_progress=latest.get(task.pk, ""),
            )
        )
    return plan, rows


async def matrix_workbook(plan_pk: int, scope: Q | None = None) -> tuple[str, bytes]:
    """The file name and bytes of a plan's matrix workbook."""
    plan, rows = await matrix_rows(plan_pk, scope)
    issuer = await Unit.filter(pk=plan.issuer_id).first() if plan.issuer_id else None
    document = [
        (label, value)
        for label, value in (
            (ISSUER_LABEL, issuer.name if issuer else ""),
            (ISSUED_ON_LABEL, plan.issued_on.isoformat() if plan.issued_on else ""),
            (DOC_NUMBER_LABEL, plan.doc_number or ""),
        )
        if value
    ]
    # Built in a worker thread: a 2,000-task workbook is seconds of openpyxl, and the event
    # loop keeps answering meanwhile.
    workbook = await asyncio.to_thread(matrix_xlsx, plan.title, rows, document)
    return f"任务分工表-{plan.pk}.xlsx", workbook
