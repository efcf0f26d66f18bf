"""GraphQL types of PPP stages, their responsibility periods, and coverage gaps and overlaps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PppStage as StageRow
from models import PppStageResponsibility as ResponsibilityRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from resolvers.validity import holds_on
from schema.person import Person
from schema.ppp.enums import PppHandOverReason, PppLifecycleStage, PppPlanStage, PppStageStatus
from schema.relay import Node
from schema.unit import Unit

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.ppp.project import PppProject


@dataclass
class Window:
    """A validity window (``valid_to`` is the last day), for rows whose start is required."""

    valid_from: date | None
    valid_to: date | None


def held_on(row: Window | ResponsibilityRow, day: date | None) -> bool:
    return holds_on(Window(row.valid_from, row.valid_to), day)


@strawberry.type(
    description="阶段责任 — the government-side person and unit answering for a stage during a "
    "period (政府方责任人), with their integrity duties."
)
class PppStageResponsibility(Node):
    pk: strawberry.Private[int]
    stage_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    predecessor_pk: strawberry.Private[int | None]
    duties: str = strawberry.field(description="诚信职责 — the integrity duties of the holder.")
    valid_from: date = strawberry.field(description="起始日期 — first day of the period.")
    valid_to: date | None = strawberry.field(
        description="终止日期 — last day of the period (null while it lasts)."
    )
    start_reason: PppHandOverReason | None = strawberry.field(
        description="接任原因 — why it began, when it began by a hand-over (null: first holder)."
    )
    end_reason: PppHandOverReason | None = strawberry.field(
        description="交接原因 — why it ended (null while it lasts)."
    )
    end_note: str = strawberry.field(description="交接说明 — the note given when it ended.")
    version: int = strawberry.field(description="版本 — increases with every change.")

    @classmethod
    def from_model(cls, row: ResponsibilityRow) -> PppStageResponsibility:
        return cls(
            id=strawberry.ID(to_global_id("PppStageResponsibility", row.id)),
            pk=row.id,
            stage_pk=row.stage_id,
            person_pk=row.person_id,
            unit_pk=row.unit_id,
            predecessor_pk=row.predecessor_id,
            duties=row.duties,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            start_reason=PppHandOverReason(row.start_reason.value) if row.start_reason else None,
            end_reason=PppHandOverReason(row.end_reason.value) if row.end_reason else None,
            end_note=row.end_note,
            version=row.version,
        )

    person = relation(
        loader=lambda loaders: loaders.person_by_id,
        key=lambda each: each.person_pk,
        type=Person,
        description="责任人 — the person.",
    )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda each: each.unit_pk,
        type=Unit,
        description="责任单位 — the unit the person answered for it in.",
    )

    stage = relation(
        loader=lambda loaders: loaders.ppp_stage_by_id,
        key=lambda each: each.stage_pk,
        type=Annotated["PppStage", strawberry.lazy("schema.ppp.stage")],
        description="阶段 — the stage.",
    )

    predecessor = relation(
        loader=lambda loaders: loaders.ppp_responsibility_by_id,
        key=lambda each: each.predecessor_pk,
        type=Annotated["PppStageResponsibility", strawberry.lazy("schema.ppp.stage")],
        optional=True,
        description="前任 — the period this one took over from (hand-over).",
    )


@strawberry.enum(description="覆盖问题类别 — kind of coverage problem of a stage.")
class PppCoverageIssueKind(Enum):
    GAP = strawberry.enum_value("GAP", description="空档 — days when nobody was responsible.")
    OVERLAP = strawberry.enum_value(
        "OVERLAP", description="重叠 — days when two periods were responsible at once."
    )


@strawberry.type(description="覆盖问题 — a gap or an overlap in a stage's responsibility periods.")
class PppCoverageIssue:
    kind: PppCoverageIssueKind = strawberry.field(description="类别 — gap or overlap.")
    start: date = strawberry.field(description="起始日期 — first day of the problem.")
    end: date | None = strawberry.field(
        description="终止日期 — last day of the problem (null: still open)."
    )
    responsibilities: list[PppStageResponsibility] = strawberry.field(
        description="涉及的责任 — the overlapping periods (empty for a gap)."
    )


def coverage_issues(
    started_on: date | None, ended_on: date | None, rows: Sequence[ResponsibilityRow]
) -> list[PppCoverageIssue]:
    """Gaps inside the stage's dates (or from its first holder on) and pairwise overlaps."""
    issues: list[PppCoverageIssue] = []
    ordered = sorted(rows, key=lambda r: (r.valid_from, r.id))
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            start = max(a.valid_from, b.valid_from)
            ends = [d for d in (a.valid_to, b.valid_to) if d is not None]
            end = min(ends) if ends else None
            if end is None or start <= end:
                issues.append(
                    PppCoverageIssue(
                        kind=PppCoverageIssueKind.OVERLAP,
                        start=start,
                        end=end,
                        responsibilities=[PppStageResponsibility.from_model(r) for r in (a, b)],
                    )
                )
    cursor = started_on or (ordered[0].valid_from if ordered else None)
    if cursor is None:
        return issues
    for row in ordered:
        if ended_on is not None and cursor > ended_on:
            break
        if row.valid_from > cursor:
            end = row.valid_from - timedelta(days=1)
            issues.append(
                PppCoverageIssue(
                    kind=PppCoverageIssueKind.GAP,
                    start=cursor,
                    end=min(end, ended_on) if ended_on else end,
                    responsibilities=[],
                )
            )
        if row.valid_to is None:
            cursor = date.max
            break
        cursor = max(cursor, row.valid_to + timedelta(days=1))
    if cursor != date.max and (ended_on is None or cursor <= ended_on):
        issues.append(
            PppCoverageIssue(
                kind=PppCoverageIssueKind.GAP, start=cursor, end=ended_on, responsibilities=[]
            )
        )
    return sorted(issues, key=lambda issue: (issue.start, issue.kind.value))


@strawberry.type(
    description="项目阶段 — a stage of a PPP project, named in both vocabularies, with its "
    "responsibility history."
)
class PppStage(Node):
    pk: strawberry.Private[int]
    project_pk: strawberry.Private[int]
    plan_stage: PppPlanStage = strawberry.field(description="方案阶段 — in the plan's words.")
    lifecycle_stage: PppLifecycleStage = strawberry.field(
        description="生命周期阶段 — in the Ministry of Finance lifecycle."
    )
    status: PppStageStatus = strawberry.field(description="阶段状态 — status.")
    started_on: date | None = strawberry.field(description="开始日期 — first day of the stage.")
    ended_on: date | None = strawberry.field(
        description="结束日期 — last day of the stage (null while it lasts)."
    )
    note: str = strawberry.field(description="备注 — free-text note.")
    version: int = strawberry.field(description="版本 — increases with every change.")

    @classmethod
    def from_model(cls, row: StageRow) -> PppStage:
        return cls(
            id=strawberry.ID(to_global_id("PppStage", row.id)),
            pk=row.id,
            project_pk=row.project_id,
            plan_stage=PppPlanStage(row.plan_stage.value),
            lifecycle_stage=PppLifecycleStage(row.lifecycle_stage.value),
            status=PppStageStatus(row.status.value),
            started_on=row.started_on,
            ended_on=row.ended_on,
            note=row.note,
            version=row.version,
        )

    @strawberry.field(description="项目 — the project.")
    async def project(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[PppProject, strawberry.lazy("schema.ppp.project")]:
        from schema.ppp.project import PppProject

        row = await info.context.loaders.ppp_project_by_id.load(self.project_pk)
        assert row is not None
        return PppProject.from_model(row)

    @strawberry.field(
        description="阶段责任 — responsibility periods, oldest first; with `asOf`, only those "
        "holding on that day (omitted: every period, ended ones included)."
    )
    async def responsibilities(
        self,
        info: strawberry.Info[Context, None],
        as_of: Annotated[
            date | None, strawberry.argument(description="截至日期 — the day to look at.")
        ] = None,
    ) -> list[PppStageResponsibility]:
        rows = await info.context.loaders.ppp_responsibilities_by_stage_id.load(self.pk)
        return [
            PppStageResponsibility.from_model(row)
            for row in rows
            if as_of is None or held_on(row, as_of)
        ]

    @strawberry.field(
        description="覆盖问题 — gaps (nobody responsible) and overlaps (two at once) in this "
        "stage's responsibility periods, within the stage's dates."
    )
    async def coverage_issues(self, info: strawberry.Info[Context, None]) -> list[PppCoverageIssue]:
        rows = await info.context.loaders.ppp_responsibilities_by_stage_id.load(self.pk)
        return coverage_issues(self.started_on, self.ended_on, rows)
