"""GraphQL types of rankings and statistics (排名与统计) for a period, and plan progress."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers.execution.relations import relation
from schema.relay import Connection

if TYPE_CHECKING:
    from schema.unit import Unit


@strawberry.enum(description="排名依据 — what units are ranked by.")
class RankBy(Enum):
    ON_TIME_RATE = strawberry.enum_value("ON_TIME_RATE", description="按期践诺率 — on-time rate.")
    COMPLETION_RATE = strawberry.enum_value(
        "COMPLETION_RATE", description="完成率 — fulfilled (on time or late) over all due."
    )
    ON_TIME = strawberry.enum_value("ON_TIME", description="按期践诺数 — fulfilled on time.")
    LATE = strawberry.enum_value("LATE", description="逾期践诺数 — fulfilled late.")
    OVERDUE = strawberry.enum_value("OVERDUE", description="逾期未践诺数 — overdue, not kept.")
    EXTENDED = strawberry.enum_value("EXTENDED", description="延期数 — extended by approval.")
    URGED = strawberry.enum_value("URGED", description="被催办次数 — urgings received.")
    EVIDENCE_ACCEPTED = strawberry.enum_value(
        "EVIDENCE_ACCEPTED", description="佐证采纳数 — evidence accepted."
    )
    EVIDENCE_REJECTED = strawberry.enum_value(
        "EVIDENCE_REJECTED", description="佐证退回数 — evidence rejected."
    )
    AVERAGE_SCORE = strawberry.enum_value(
        "AVERAGE_SCORE", description="平均得分 — mean evaluation score for the period."
    )


@strawberry.type(description="单位排名 — one unit's numbers for the period and its place.")
class UnitRanking:
    unit_pk: strawberry.Private[int]
    rank: int = strawberry.field(description="名次 — 1 is first; ties broken by the unit's ID.")
    total: int = strawberry.field(description="承诺数 — commitments due in the period.")
    on_time: int = strawberry.field(description="按期践诺 — fulfilled on time.")
    late: int = strawberry.field(description="逾期践诺 — fulfilled late.")
    overdue: int = strawberry.field(description="逾期未践诺 — overdue and not kept.")
    broken: int = strawberry.field(description="失诺 — broken.")
    withdrawn: int = strawberry.field(description="撤回 — withdrawn.")
    open: int = strawberry.field(description="未到期 — pledged, not yet overdue.")
    extended: int = strawberry.field(description="延期 — due date moved by an approved extension.")
    urged: int = strawberry.field(description="被催办 — urgings on those commitments.")
    evidence_accepted: int = strawberry.field(description="佐证采纳 — evidence accepted.")
    evidence_rejected: int = strawberry.field(description="佐证退回 — evidence rejected.")
    average_score: float | None = strawberry.field(
        description="平均得分 — mean evaluation score for the period (null: none)."
    )
    on_time_rate: float | None = strawberry.field(
        description="按期践诺率 — on time over the commitments fallen due by the day (kept, "
        "broken or overdue; not withdrawn ones, nor open ones not yet due), 0–1; null when "
        "none has fallen due yet (ranked after units with a rate)."
    )
    completion_rate: float | None = strawberry.field(
        description="完成率 — fulfilled (on time or late) over the commitments fallen due by the "
        "day, 0–1; null when none has fallen due yet."
    )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda row: row.unit_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        description="单位 — the unit.",
    )


@strawberry.type(description="推进情况 — completion of a plan's or section's commitments on a day.")
class Progress:
    total: int = strawberry.field(description="承诺数 — commitments pledged by the day.")
    fulfilled: int = strawberry.field(description="已践诺 — fulfilled by the day.")
    overdue: int = strawberry.field(description="逾期 — open and past their due working day.")
    completion_rate: float = strawberry.field(description="完成率 — fulfilled over total (0–1).")


UnitRankingConnection = Connection[UnitRanking]
