"""Task and assignment rules: codes unique per plan, sections of the same plan, reassignment
that ends the old assignment instead of overwriting it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from models import Assignment, AssignmentRole, DeadlineKind, Plan, Section, Task, TaskStatus, Unit
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.journal.writer import Journal
from resolvers.records import check_window, fetch, required_text, update_record
from resolvers.validity import overlaps


@dataclass(frozen=True)
class DeadlineDraft:
    kind: DeadlineKind
    text: str = ""
    due_on: date | None = None
    rule: str | None = None

    def columns(self) -> dict[str, Any]:
        if self.kind == DeadlineKind.DATE and self.due_on is None:
            raise bad_input("A DATE deadline needs `dueOn`.", "deadline.dueOn")
        if self.kind == DeadlineKind.RECURRING and not (self.rule or self.text):
            raise bad_input("A RECURRING deadline needs `rule` or `text`.", "deadline.rule")
        return {
            "deadline_kind": self.kind,
            "deadline_text": self.text.strip() or None,
            "deadline_on": self.due_on,
            "deadline_rule": self.rule,
        }


NO_DEADLINE = {
    "deadline_kind": None,
    "deadline_text": None,
    "deadline_on": None,
    "deadline_rule": None,
}


@dataclass(frozen=True)
class TaskDraft:
    plan_pk: int
    code: str
    title: str
    body: str = ""
    section_pk: int | None = None
    ordinal: int | None = None
    status: TaskStatus = TaskStatus.NOT_STARTED
    deadline: DeadlineDraft | None = None
    source_start: int | None = None
    source_end: int | None = None


async def check_section(journal: Journal, plan_pk: int, section_pk: int | None) -> None:
    if section_pk is None:
        return
    section = await fetch(Section, section_pk, "Section", "sectionId", journal)
    if section.plan_id != plan_pk:
        raise bad_input("The section belongs to another plan.", "sectionId")


async def check_code_free(journal: Journal, plan_pk: int, code: str, except_pk: int | None) -> None:
    query = Task.filter(plan_id=plan_pk, code=code).using_db(journal.connection)
    if except_pk is not None:
        query = query.exclude(pk=except_pk)
    if await query.exists():
        raise DomainError(ErrorCode.CONFLICT, f"The plan already has a task {code}.", "code")


def check_span(start: int | None, end: int | None, text_length: int) -> None:
    if (start is None) != (end is None):
        raise bad_input("Give both ends of the source span or neither.", "sourceStart")
    if start is not None and end is not None and not 0 <= start <= end <= text_length:
        raise bad_input("The source span lies outside the plan's text.", "sourceStart")


async def create_task(journal: Journal, draft: TaskDraft) -> Task:
    plan = await fetch(Plan, draft.plan_pk, "Plan", "planId", journal)
    code = required_text(draft.code, "code", 100)
    await check_section(journal, plan.pk, draft.section_pk)
    await check_code_free(journal, plan.pk, code, None)
    check_span(draft.source_start, draft.source_end, len(plan.source_text))
    ordinal = draft.ordinal
    if ordinal is None:
        last = (
            await Task.filter(plan_id=plan.pk)
            .using_db(journal.connection)
            .order_by("-ordinal")
            .first()
        )
        ordinal = last.ordinal + 1 if last else 1
    task = await Task.create(
        plan_id=plan.pk,
        section_id=draft.section_pk,
        code=code,
        title=required_text(draft.title, "title", 500),
        body=draft.body,
        ordinal=ordinal,
        status=draft.status,
        source_start=draft.source_start,
        source_end=draft.source_end,
        **(draft.deadline.columns() if draft.deadline else NO_DEADLINE),
        using_db=journal.connection,
    )
    await journal.created(task)
    return task


async def update_task(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> Task:
    task = await fetch(Task, pk, "Task", "id", journal)
    if "code" in changes:
        changes["code"] = required_text(changes["code"], "code", 100)
        await check_code_free(journal, task.plan_id, changes["code"], pk)
    if "title" in changes:
        changes["title"] = required_text(changes["title"], "title", 500)
    if "section_id" in changes:
        await check_section(journal, task.plan_id, changes["section_id"])
    if "deadline" in changes:
        deadline: DeadlineDraft | None = changes.pop("deadline")
        changes.update(deadline.columns() if deadline else NO_DEADLINE)
    return await update_record(journal, task, changes, expected_version)


@dataclass(frozen=True)
class AssignmentDraft:
    task_pk: int
    unit_pk: int
    role: AssignmentRole
    written_name: str | None = None
    ordinal: int | None = None
    rule: str = "MANUAL"
    implicit: bool = False
    source_start: int | None = None
    source_end: int | None = None
    #: First day it holds; None: the plan edition's issue date.
    valid_from: date | None = None
    valid_to: date | None = None
    in_charge_post: str = ""


async def check_no_overlap(
    journal: Journal,
    task: Task,
    unit: Unit,
    role: AssignmentRole,
    window: tuple[date | None, date | None],
    except_pk: int | None = None,
) -> None:
    """CONFLICT when the unit already holds this role on the task for a day of ``window``.

    Read under the journal lock, which every writer takes first: no other writer can add an
    overlapping assignment between this read and the insert."""
    await journal.lock()
    held = await Assignment.filter(task_id=task.pk, unit_id=unit.pk, role=role).using_db(
        journal.connection
    )
    for other in held:
        if other.pk != except_pk and overlaps((other.valid_from, other.valid_to), window):
            held_to = other.valid_to.isoformat() if other.valid_to else "open-ended"
            raise DomainError(
                ErrorCode.CONFLICT,
                f"{unit.name} already has this role on task {task.code} from "
                f"{other.valid_from or 'the start'} to {held_to} (assignment {other.pk}): "
                "valid times of the same responsibility may not overlap.",
                "unitId",
            )


async def assign(journal: Journal, draft: AssignmentDraft) -> Assignment:
    task = await fetch(Task, draft.task_pk, "Task", "taskId", journal)
    unit = await fetch(Unit, draft.unit_pk, "Unit", "unitId", journal)
    valid_from = draft.valid_from
    if valid_from is None:
        plan = await Plan.get(pk=task.plan_id, using_db=journal.connection)
        valid_from = plan.issued_on
    check_window(valid_from, draft.valid_to)
    post = draft.in_charge_post.strip()
    if len(post) > 100:
        raise bad_input("The post in charge is longer than 100 characters.", "inChargePost")
    await check_no_overlap(journal, task, unit, draft.role, (valid_from, draft.valid_to))
    current = await Assignment.filter(task_id=task.pk, valid_to__isnull=True).using_db(
        journal.connection
    )
    ordinal = draft.ordinal
    if ordinal is None:
        ordinal = max((a.ordinal for a in current), default=0) + 1
    assignment = await Assignment.create(
        task_id=task.pk,
        unit_id=unit.pk,
        role=draft.role,
        ordinal=ordinal,
        written_name=draft.written_name or unit.short_name or unit.name,
        rule=draft.rule,
        implicit=draft.implicit,
        source_start=draft.source_start,
        source_end=draft.source_end,
        valid_from=valid_from,
        valid_to=draft.valid_to,
        in_charge_post=post,
        using_db=journal.connection,
    )
    await journal.created(assignment)
    return assignment


async def set_in_charge(
    journal: Journal, pk: int, post: str, expected_version: int | None = None
) -> Assignment:
    """Name the post in charge (分管领导 / 责任人) of an assignment; empty: the unit's head."""
    assignment = await fetch(Assignment, pk, "Assignment", "assignmentId", journal)
    post = post.strip()
    if len(post) > 100:
        raise bad_input("The post in charge is longer than 100 characters.", "post")
    return await update_record(
        journal, assignment, {"in_charge_post": post}, expected_version, "assignment.in_charge"
    )


async def end_assignment(
    journal: Journal, pk: int, valid_to: date, reason: str, expected_version: int | None = None
) -> Assignment:
    assignment = await fetch(Assignment, pk, "Assignment", "assignmentId", journal)
    if assignment.valid_to is not None:
        raise DomainError(ErrorCode.CONFLICT, "This assignment has already ended.", "assignmentId")
    check_window(assignment.valid_from, valid_to)
    return await update_record(
        journal,
        assignment,
        {"valid_to": valid_to, "end_reason": required_text(reason, "reason", 2000)},
        expected_version,
        "assignment.end",
    )


async def reassign(
    journal: Journal,
    pk: int,
    unit_pk: int,
    effective_on: date,
    reason: str,
    expected_version: int | None,
) -> tuple[Assignment, Assignment]:
    """The old unit holds the role until the day before ``effective_on``; the new one from it."""
    old = await fetch(Assignment, pk, "Assignment", "assignmentId", journal)
    if old.unit_id == unit_pk:
        raise bad_input("The assignment already belongs to that unit.", "unitId")
    ended = await end_assignment(
        journal, pk, effective_on - timedelta(days=1), reason, expected_version
    )
    successor = await assign(
        journal,
        AssignmentDraft(
            task_pk=old.task_id,
            unit_pk=unit_pk,
            role=old.role,
            ordinal=old.ordinal,
            rule="MANUAL",
            valid_from=effective_on,
        ),
    )
    return ended, successor
