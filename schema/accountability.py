"""A unit's accountability for a period: tasks, commitments, evidence, scores, records."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import strawberry

from resolvers.reporting_period import Period, parse_period

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.type(description="承诺统计 — commitments due in the period, by outcome.")
class CommitmentCounts:
    total: int = strawberry.field(description="合计 — all commitments due in the period.")
    on_time: int = strawberry.field(description="按期践诺 — fulfilled by the due working day.")
    late: int = strawberry.field(description="逾期践诺 — fulfilled after the due working day.")
    overdue: int = strawberry.field(description="逾期未践诺 — overdue and not yet fulfilled.")
    broken: int = strawberry.field(description="失诺 — broken.")
    withdrawn: int = strawberry.field(description="撤回 — withdrawn.")
    open: int = strawberry.field(description="未到期 — pledged and not yet overdue.")
    extended: int = strawberry.field(
        description="延期 — of these, commitments whose due date an approved extension moved."
    )


@strawberry.type(description="催办统计 — urging notices sent to the unit in the period.")
class UrgingCounts:
    total: int = strawberry.field(description="合计 — all urgings, the office's and the clock's.")
    manual: int = strawberry.field(description="人工催办 — by the office.")
    automatic: int = strawberry.field(description="自动催办 — by the clock (due soon, overdue).")
    acknowledged: int = strawberry.field(description="已签收 — acknowledged by the unit.")
    unacknowledged: int = strawberry.field(description="未签收 — not acknowledged yet.")


@strawberry.type(description="佐证统计 — evidence for those commitments, every version counted.")
class EvidenceCounts:
    accepted: int = strawberry.field(description="已采纳 — accepted.")
    rejected: int = strawberry.field(description="已退回 — rejected (kept after resubmission).")
    pending: int = strawberry.field(description="待审核 — not reviewed yet.")


@strawberry.type(
    description="问责概况 — what a unit was given, promised, showed, scored and broke in a period."
)
class Accountability:
    period: str = strawberry.field(description="考核期 — canonical period, e.g. 2018.")
    starts_on: date = strawberry.field(description="起始日 — first day of the period.")
    ends_on: date = strawberry.field(description="截止日 — last day of the period.")
    tasks_led: int = strawberry.field(
        description="牵头任务 — tasks the unit led in the period (directly or as a member of a "
        "collective such as 各县区政府)."
    )
    tasks_shared: int = strawberry.field(
        description="配合任务 — tasks the unit shared as co-responsible unit in the period."
    )
    commitments: CommitmentCounts = strawberry.field(
        description="承诺 — the unit's commitments due in the period."
    )
    evidence: EvidenceCounts = strawberry.field(
        description="佐证材料 — evidence for those commitments, by review status."
    )
    urgings: UrgingCounts = strawberry.field(
        description="催办 — urging notices sent to the unit in the period (they count against it)."
    )
    evaluation_count: int = strawberry.field(
        description="评价次数 — evaluations of the unit for exactly this period (not withdrawn)."
    )
    average_score: float | None = strawberry.field(
        description="平均得分 — mean score of those evaluations (null when there are none)."
    )
    open_dishonesty_records: int = strawberry.field(
        description="在册失信记录 — dishonesty records about the unit that occurred by the end of "
        "the period and are neither revoked nor repaired."
    )


def _overlaps(row: object, period: Period) -> bool:
    valid_from: date | None = getattr(row, "valid_from", None)
    valid_to: date | None = getattr(row, "valid_to", None)
    return (valid_from is None or valid_from <= period.ends_on) and (
        valid_to is None or valid_to >= period.starts_on
    )


async def _task_counts(
    info: strawberry.Info[Context, None], unit_pk: int, period: Period
) -> tuple[int, int]:
    loaders = info.context.loaders
    links = await loaders.memberships_by_member_id.load(unit_pk)
    unit_pks = [unit_pk, *(link.collective_id for link in links if _overlaps(link, period))]
    led: set[int] = set()
    shared: set[int] = set()
    for rows in await loaders.assignments_by_unit_id.load_many(unit_pks):
        for row in rows:
            if _overlaps(row, period):
                if row.role.value == "LEAD":
                    led.add(row.task_id)
                elif row.role.value == "CO_RESPONSIBLE":
                    shared.add(row.task_id)
    return len(led), len(shared - led)


async def unit_accountability(
    info: strawberry.Info[Context, None], unit_pk: int, period_text: str
) -> Accountability:
    period = parse_period(period_text)
    loaders = info.context.loaders
    key = (unit_pk, period.starts_on, period.ends_on)
    # Independent loads together: every unit reaches each loader in the same batch.
    loads = await asyncio.gather(
        _task_counts(info, unit_pk, period),
        loaders.commitment_counts.load(key),
        loaders.evidence_counts.load(key),
        loaders.evaluations_by_unit_id.load(unit_pk),
        loaders.open_record_counts.load(key),
        loaders.urging_counts.load(key),
    )
    (tasks_led, tasks_shared), status, evidence, evaluations, open_records, urged = loads
    scores = [
        Decimal(row.score)
        for row in evaluations
        if row.period == period.name and row.revoked_on is None
    ]
    return Accountability(
        period=period.name,
        starts_on=period.starts_on,
        ends_on=period.ends_on,
        tasks_led=tasks_led,
        tasks_shared=tasks_shared,
        commitments=CommitmentCounts(
            total=sum(n for name, n in status.items() if name != "EXTENDED"),
            on_time=status["ON_TIME"],
            late=status["LATE"],
            overdue=status["OVERDUE"],
            broken=status["BROKEN"],
            withdrawn=status["WITHDRAWN"],
            open=status["PLEDGED"],
            extended=status["EXTENDED"],
        ),
        evidence=EvidenceCounts(
            accepted=evidence["ACCEPTED"],
            rejected=evidence["REJECTED"],
            pending=evidence["PENDING"],
        ),
        urgings=UrgingCounts(
            total=urged["MANUAL"] + urged["DUE_SOON"] + urged["OVERDUE"],
            manual=urged["MANUAL"],
            automatic=urged["DUE_SOON"] + urged["OVERDUE"],
            acknowledged=urged["ACKNOWLEDGED"],
            unacknowledged=urged["MANUAL"]
            + urged["DUE_SOON"]
            + urged["OVERDUE"]
            - urged["ACKNOWLEDGED"],
        ),
        evaluation_count=len(scores),
        average_score=round(float(sum(scores) / len(scores)), 2) if scores else None,
        open_dishonesty_records=open_records,
    )
