"""Reviewing how a task of a new edition was matched to the task it continues (沿用)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Plan, Task
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.global_ids import pk_of
from resolvers.journal.writer import Journal
from resolvers.mutation import INPUT, in_journal
from resolvers.records import fetch, update_record
from schema.task import Task as TaskNode
from seed.editions import TaskText, similarity

if TYPE_CHECKING:
    from resolvers.context import Context

REVIEWED = "REVIEWED"


async def review_match(
    journal: Journal, pk: int, continues_pk: int | None, expected_version: int | None
) -> Task:
    """Confirm, correct or undo the match of a task: it continues ``continues_pk`` (a task of the
    edition its plan revises, not continued by another task), or none."""
    task = await fetch(Task, pk, "Task", "taskId", journal)
    changes: dict[str, object] = {
        "match_rule": REVIEWED if continues_pk else "",
        "match_score": None,
    }
    if continues_pk is not None:
        plan = await Plan.get(pk=task.plan_id, using_db=journal.connection)
        earlier = await fetch(Task, continues_pk, "Task", "carriedFromId", journal)
        if plan.previous_edition_id is None or earlier.plan_id != plan.previous_edition_id:
            raise bad_input(
                "A task continues a task of the edition its plan revises (`previousEdition`).",
                "carriedFromId",
            )
        await journal.lock()
        taken = (
            await Task.filter(plan_id=task.plan_id, carried_from_id=continues_pk)
            .exclude(pk=task.pk)
            .using_db(journal.connection)
            .first()
        )
        if taken is not None:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"Task {taken.code} already continues task {earlier.code}: undo that match first.",
                "carriedFromId",
            )
        changes["match_score"] = round(
            similarity(
                TaskText(earlier.code, earlier.title, earlier.body),
                TaskText(task.code, task.title, task.body),
            ),
            4,
        )
    changes["carried_from_id"] = continues_pk
    return await update_record(journal, task, changes, expected_version, "task.match_review")


@strawberry.input(
    description="复核匹配 — confirm, correct or undo which earlier task a task continues."
)
class TaskMatchReviewInput:
    task_id: strawberry.ID = strawberry.field(description="任务ID — the task of the new edition.")
    carried_from_id: strawberry.ID | None = strawberry.field(
        description="沿用自 — the task of the previous edition it continues; null: none."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="复核结果 — the task after the review.")
class TaskMatchReviewPayload:
    task: TaskNode = strawberry.field(description="任务 — the task as stored.")


@strawberry.type(description="版本匹配复核 — reviewing task matches across editions.")
class TaskMatchMutation:
    @strawberry.mutation(
        description="复核匹配 — confirm, correct or undo the match of a task to the task of the "
        "previous edition it continues (`matchRule` becomes REVIEWED; journaled)."
    )
    async def task_match_review(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[TaskMatchReviewInput, strawberry.argument(description=INPUT)],
    ) -> TaskMatchReviewPayload:
        pk = pk_of(input.task_id, "Task", "taskId")
        continues = (
            pk_of(input.carried_from_id, "Task", "carriedFromId") if input.carried_from_id else None
        )
        row = await in_journal(
            info, lambda j: review_match(j, pk, continues, input.expected_version)
        )
        return TaskMatchReviewPayload(task=TaskNode.from_model(row))
