"""Ranking and progress queries (排名与统计) over the grouped counts in supervision.ranking."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers.global_ids import pk_of
from resolvers.reporting_period import parse_period
from resolvers.supervision import ranking
from schema.pagination import PageArgs, page_connection, rank_bounds
from schema.ranking import Progress, RankBy, UnitRanking, UnitRankingConnection
from schema.relay import After, Before, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context

PlanId = Annotated[
    strawberry.ID | None, strawberry.argument(description="方案ID — only this plan's tasks.")
]
SectionId = Annotated[
    strawberry.ID | None, strawberry.argument(description="章节ID — only this section's tasks.")
]


def to_ranking(stats: ranking.UnitStats) -> UnitRanking:
    return UnitRanking(
        unit_pk=stats.unit_pk,
        rank=stats.rank,
        total=stats.total,
        on_time=stats.on_time,
        late=stats.late,
        overdue=stats.overdue,
        broken=stats.broken,
        withdrawn=stats.withdrawn,
        open=stats.open,
        extended=stats.extended,
        urged=stats.urged,
        evidence_accepted=stats.evidence_accepted,
        evidence_rejected=stats.evidence_rejected,
        average_score=stats.average_score,
        on_time_rate=stats.on_time_rate,
        completion_rate=stats.completion_rate,
    )


def scope_pks(
    plan_id: strawberry.ID | None, section_id: strawberry.ID | None
) -> tuple[int | None, int | None]:
    plan = pk_of(plan_id, "Plan", "planId") if plan_id else None
    section = pk_of(section_id, "Section", "sectionId") if section_id else None
    return plan, section


@strawberry.type(description="排名查询 — unit rankings and plan progress.")
class RankingQuery:
    @strawberry.field(
        description="单位排名 — units with commitments due in the period, counted as a day knew "
        "them and ranked by one of their numbers (units without a value last, ties broken by "
        "the unit's ID); a unit sees only its own row."
    )
    async def unit_ranking(
        self,
        info: strawberry.Info[Context, None],
        period: Annotated[str, strawberry.argument(description="考核期 — e.g. 2018, 2018-Q1.")],
        plan_id: PlanId = None,
        section_id: SectionId = None,
        by: Annotated[RankBy, strawberry.argument(description="排名依据 — what to rank by.")] = (
            RankBy.ON_TIME_RATE
        ),
        descending: Annotated[
            bool, strawberry.argument(description="降序 — highest first (false: lowest first).")
        ] = True,
        as_of: Annotated[
            date | None,
            strawberry.argument(
                description="截至日期 — count as this day knew it (kept, overdue, urged by the "
                "day); omitted: today."
            ),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> UnitRankingConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        after_rank, before_rank = rank_bounds(args)
        plan, section = scope_pks(plan_id, section_id)
        scopes = info.context.loaders.scopes
        found = await ranking.ranked_units(
            scopes,
            parse_period(period),
            ranking.RankBy(by.name),
            descending,
            plan_pk=plan,
            section_pk=section,
            as_of=as_of,
            window=ranking.Window(after_rank, before_rank, args.size + 1, args.backward),
        )

        async def count() -> int:
            if found.total is not None:
                return found.total
            first_rank = await ranking.ranked_units(
                scopes,
                parse_period(period),
                plan_pk=plan,
                section_pk=section,
                as_of=as_of,
                window=ranking.Window(limit=1),
            )
            return first_rank.total or 0

        return page_connection(found.units, args, lambda s: [s.rank], to_ranking, count)

    @strawberry.field(
        description="推进情况 — completion rate and overdue count of the commitments on a "
        "plan's or section's tasks, on a day (for dashboards)."
    )
    async def progress(
        self,
        info: strawberry.Info[Context, None],
        plan_id: PlanId = None,
        section_id: SectionId = None,
        as_of: Annotated[
            date | None, strawberry.argument(description="截至日期 — omitted: today.")
        ] = None,
    ) -> Progress:
        plan, section = scope_pks(plan_id, section_id)
        found = await ranking.progress(info.context.loaders.scopes, as_of, plan, section)
        return Progress(
            total=found.total,
            fulfilled=found.fulfilled,
            overdue=found.overdue,
            completion_rate=found.completion_rate,
        )
