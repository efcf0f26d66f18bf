"""GraphQL types of commitments (承诺/践诺) and their progress reports."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Commitment as CommitmentRow
from models import ProgressReport as ProgressReportRow
from resolvers.execution.batching import batched
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from schema.evidence import Evidence, EvidenceStatus
from schema.person import Person
from schema.relay import Connection, Node
from schema.supervision import ApplicationKind
from schema.task import Assignment, Task

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.evaluation import Evaluation
    from schema.supervision import CommitmentApplication, Correction, Urging
    from schema.unit import Unit


@strawberry.enum(description="承诺状态 — where a commitment stands.")
class CommitmentStatus(Enum):
    PLEDGED = strawberry.enum_value("PLEDGED", description="已承诺 — pledged, not yet due or met.")
    FULFILLED = strawberry.enum_value("FULFILLED", description="已践诺 — fulfilled.")
    OVERDUE = strawberry.enum_value(
        "OVERDUE", description="逾期 — past its due working day; can still be fulfilled late."
    )
    BROKEN = strawberry.enum_value("BROKEN", description="失诺 — broken (承诺未兑现).")
    WITHDRAWN = strawberry.enum_value(
        "WITHDRAWN", description="撤回 — withdrawn before it fell due, with a reason."
    )


async def _tasks_of(
    commitments: list[Commitment], info: strawberry.Info[Context, None]
) -> list[Task]:
    """``Commitment.task`` for every commitment of a level (resolvers/execution/batching.py)."""
    loaders = info.context.loaders
    assignments = await loaders.assignment_by_id.load_many([c.assignment_pk for c in commitments])
    task_pks = []
    for assignment in assignments:
        assert assignment is not None
        task_pks.append(assignment.task_id)
    tasks = []
    for row in await loaders.task_by_id.load_many(task_pks):
        assert row is not None
        tasks.append(loaders.shared(row, Task.from_model))
    return tasks


async def _evidence_of(
    commitments: list[Commitment],
    info: strawberry.Info[Context, None],
    status: EvidenceStatus | None = None,
) -> list[list[Evidence]]:
    """``Commitment.evidence`` for every commitment of a level (resolvers/execution/batching.py)."""
    lists = await info.context.loaders.evidence_by_commitment_id.load_many(
        [c.pk for c in commitments]
    )
    return [
        [
            Evidence.from_model(row)
            for row in rows
            if status is None or row.status.value == status.value
        ]
        for rows in lists
    ]


@strawberry.type(description="承诺 — a unit's pledge on a task assignment (承诺/践诺).")
class Commitment(Node):
    pk: strawberry.Private[int]
    assignment_pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int | None]
    content: str = strawberry.field(description="承诺内容 — what the unit promises.")
    target: str = strawberry.field(
        description="量化目标 — the measurable target that shows it was kept."
    )
    pledged_on: date = strawberry.field(description="承诺日期 — day of the pledge.")
    due_on: date = strawberry.field(
        description="承诺期限 — due date; on a rest day it falls due on the next working day."
    )
    public: bool = strawberry.field(description="公开承诺 — promised in public.")
    status: CommitmentStatus = strawberry.field(description="承诺状态 — current status.")
    overdue_since: date | None = strawberry.field(
        description="逾期起始 — first day it counted as overdue (set by the overdue sweep)."
    )
    closed_on: date | None = strawberry.field(
        description="办结日期 — day it was fulfilled, broken or withdrawn."
    )
    fulfilled_late: bool = strawberry.field(
        description="逾期践诺 — fulfilled after the working day it fell due."
    )
    status_reason: str = strawberry.field(
        description="状态说明 — reason given for breaking or withdrawing it, or a fulfilment note."
    )
    pending_application: ApplicationKind | None = strawberry.field(
        description="待审申请 — the application awaiting the supervision office (办结/撤回/延期), "
        "if any."
    )
    original_due_on: date | None = strawberry.field(
        description="原承诺期限 — the due date as pledged, once an approved extension moved "
        "`dueOn` (null: never extended)."
    )
    late_against_original: bool = strawberry.field(
        description="按原期限逾期 — fulfilled after the original due date fell due (shown beside "
        "`fulfilledLate`, which counts against the approved date)."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")
    updated_at: datetime = strawberry.field(description="更新时间 — when it last changed.")

    @classmethod
    def from_model(cls, row: CommitmentRow) -> Commitment:

        return cls(
            id=strawberry.ID(to_global_id("Commitment", row.id)),
            pk=row.id,
            assignment_pk=row.assignment_id,
            unit_pk=row.unit_id,
            person_pk=row.responsible_person_id,
            content=row.content,
            target=row.target,
            pledged_on=row.pledged_on,
            due_on=row.due_on,
            public=row.public,
            status=CommitmentStatus(row.status.value),
            overdue_since=row.overdue_since,
            closed_on=row.closed_on,
            fulfilled_late=row.fulfilled_late,
            status_reason=row.status_reason,
            pending_application=ApplicationKind(row.pending_application.value)
            if row.pending_application
            else None,
            original_due_on=row.original_due_on,
            late_against_original=row.late_against_original,
            version=row.version,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    assignment = relation(
        loader=lambda loaders: loaders.assignment_by_id,
        key=lambda c: c.assignment_pk,
        type=Assignment,
        description="任务分工 — the assignment the pledge is made on.",
    )

    @strawberry.field(description="任务 — the task of the assignment.")
    @batched(_tasks_of)
    async def task(self, info: strawberry.Info[Context, None]) -> Task:
        [task] = await _tasks_of([self], info)
        return task

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda c: c.unit_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        description="承诺单位 — the unit that pledges (a member unit for a collective assignment).",
    )

    responsible_person = relation(
        loader=lambda loaders: loaders.person_by_id,
        key=lambda c: c.person_pk,
        type=Person,
        optional=True,
        description="责任人 — the person answering for the pledge.",
    )

    progress_reports = relation(
        loader=lambda loaders: loaders.progress_reports_by_commitment_id,
        key=lambda c: c.pk,
        type=Annotated["ProgressReport", strawberry.lazy("schema.commitment")],
        many=True,
        description="进展报告 — progress reports, oldest first.",
    )

    @strawberry.field(
        description="佐证材料 — evidence, every version (rejected ones stay), oldest first."
    )
    @batched(_evidence_of)
    async def evidence(
        self,
        info: strawberry.Info[Context, None],
        status: Annotated[
            EvidenceStatus | None,
            strawberry.argument(description="审核状态 — only evidence in this status."),
        ] = None,
    ) -> list[Evidence]:
        [evidence] = await _evidence_of([self], info, status)
        return evidence

    evaluations = relation(
        loader=lambda loaders: loaders.evaluations_by_commitment_id,
        key=lambda c: c.pk,
        type=Annotated["Evaluation", strawberry.lazy("schema.evaluation")],
        many=True,
        description="考核评价 — evaluations given for this commitment.",
    )

    applications = relation(
        loader=lambda loaders: loaders.applications_by_commitment_id,
        key=lambda c: c.pk,
        type=Annotated["CommitmentApplication", strawberry.lazy("schema.supervision")],
        many=True,
        description="申请 — the unit's applications (办结/撤回/延期) and the office's decisions, "
        "oldest first.",
    )

    urgings = relation(
        loader=lambda loaders: loaders.urgings_by_commitment_id,
        key=lambda c: c.pk,
        type=Annotated["Urging", strawberry.lazy("schema.supervision")],
        many=True,
        description="催办 — urging notices (the office's and the clock's), oldest first.",
    )

    corrections = relation(
        loader=lambda loaders: loaders.corrections_by_commitment_id,
        key=lambda c: c.pk,
        type=Annotated["Correction", strawberry.lazy("schema.supervision")],
        many=True,
        description="更正记录 — the office's corrections, oldest first.",
    )


@strawberry.type(description="进展报告 — progress on a commitment for a period.")
class ProgressReport(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int | None]
    period: str = strawberry.field(description="报告期 — canonical period, e.g. 2018-Q1.")
    text: str = strawberry.field(description="进展情况 — what was done.")
    percent_complete: int = strawberry.field(description="完成比例 — percent complete, 0–100.")
    reported_on: date = strawberry.field(description="报告日期 — day it was reported.")
    created_at: datetime = strawberry.field(description="创建时间 — when it was recorded.")

    @classmethod
    def from_model(cls, row: ProgressReportRow) -> ProgressReport:
        return cls(
            id=strawberry.ID(to_global_id("ProgressReport", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            person_pk=row.submitted_by_id,
            period=row.period,
            text=row.text,
            percent_complete=row.percent_complete,
            reported_on=row.reported_on,
            created_at=row.created_at,
        )

    commitment = relation(
        loader=lambda loaders: loaders.commitment_by_id,
        key=lambda r: r.commitment_pk,
        type=Commitment,
        description="承诺 — the commitment reported on.",
    )

    submitted_by = relation(
        loader=lambda loaders: loaders.person_by_id,
        key=lambda r: r.person_pk,
        type=Person,
        optional=True,
        description="报告人 — the person who submitted it.",
    )

    evidence = relation(
        loader=lambda loaders: loaders.evidence_by_commitment_id,
        key=lambda r: r.commitment_pk,
        type=Evidence,
        many=True,
        keep=lambda report, row: row.progress_report_id == report.pk,
        description="佐证材料 — evidence attached to this report.",
    )


CommitmentConnection = Connection[Commitment]
