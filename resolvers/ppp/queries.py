"""PPP queries: the project list, one project, who was responsible for a stage on a day, and
the mapping between the two stage vocabularies."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import PppLifecycleStage as LifecycleRow
from models import PppPlanStage as PlanStageRow
from models import PppProject as ProjectRow
from resolvers.errors import bad_input, not_found
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from resolvers.ppp.vocabulary import STAGE_PAIRS, same_plan_stage
from resolvers.search import search_term
from resolvers.wire import wire
from schema.pagination import PageArgs, paginate_query
from schema.ppp import (
    PppLifecycleStage,
    PppPlanStage,
    PppProject,
    PppProjectConnection,
    PppStageResponsibility,
)
from schema.ppp.stage import Window, held_on
from schema.relay import After, Before, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(
    description="PPP项目筛选 — conditions a project must meet (all given ones apply)."
)
class PppProjectFilter:
    search: str | None = strawberry.field(
        default=None, description="关键词 — text contained in the name or code."
    )
    implementing_agency_id: strawberry.ID | None = strawberry.field(
        default=None, description="实施机构 — only projects of this unit."
    )
    is_example: bool | None = strawberry.field(
        default=None, description="示例数据 — true: only examples, false: only real projects."
    )


@strawberry.input(
    one_of=True,
    description="阶段 — a stage named in exactly one vocabulary (the plan's or the lifecycle's).",
)
class PppStageSelector:
    plan_stage: PppPlanStage | None = strawberry.field(
        default=strawberry.UNSET, description="方案阶段 — e.g. IMPLEMENTATION (实施)."
    )
    lifecycle_stage: PppLifecycleStage | None = strawberry.field(
        default=strawberry.UNSET, description="生命周期阶段 — e.g. EXECUTION (执行)."
    )


@strawberry.type(
    description="阶段对照 — a plan stage and a lifecycle stage that may name the same."
)
class PppStagePair:
    plan_stage: PppPlanStage = strawberry.field(description="方案阶段 — the plan's name.")
    lifecycle_stage: PppLifecycleStage = strawberry.field(
        description="生命周期阶段 — the Ministry of Finance name."
    )


@strawberry.type(description="PPP查询 — queries of PPP projects and their responsibility history.")
class PppQuery:
    @strawberry.field(description="PPP项目列表 — projects matching a filter, paged, oldest first.")
    async def ppp_projects(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            PppProjectFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> PppProjectConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        condition = Q()
        if filter is not None:
            if filter.search:
                text = search_term(filter.search, "filter.search")
                condition &= Q(name__icontains=text) | Q(code__icontains=text)
            if filter.implementing_agency_id:
                agency = pk_of(filter.implementing_agency_id, "Unit", "filter.implementingAgencyId")
                condition &= Q(implementing_agency_id=agency)
            if filter.is_example is not None:
                condition &= Q(is_example=filter.is_example)
        return await paginate_query(
            (await visible(info, ProjectRow)).filter(condition),
            [("id", False)],
            args,
            PppProject.from_model,
        )

    @strawberry.field(description="PPP项目 — one project by ID (null if there is none).")
    async def ppp_project(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="项目ID — the project.")],
    ) -> PppProject | None:
        row = await info.context.loaders.ppp_project_by_id.load(pk_of(id, "PppProject"))
        return PppProject.from_model(row) if row else None

    @strawberry.field(
        description="当日责任人 — the responsibility periods holding on a day for a stage of a "
        "project (one normally, none in a gap, several in an overlap), within the stage's own "
        "dates; BIDDING (招标投标) and GOVERNMENT_PROCUREMENT (政府采购) name the same stage, "
        "as PROCUREMENT does."
    )
    async def responsible_at(
        self,
        info: strawberry.Info[Context, None],
        project_id: Annotated[
            strawberry.ID, strawberry.argument(description="项目ID — the project.")
        ],
        stage: Annotated[
            PppStageSelector, strawberry.argument(description="阶段 — in either vocabulary.")
        ],
        date: Annotated[date, strawberry.argument(description="日期 — the day (valid time).")],
    ) -> list[PppStageResponsibility]:
        loaders = info.context.loaders
        project_pk = pk_of(project_id, "PppProject", "projectId")
        if await loaders.ppp_project_by_id.load(project_pk) is None:
            raise not_found("PppProject", project_id, "projectId")
        if stage.plan_stage:
            # 招标投标 and 政府采购 name the same procurement stage (采购): a project recorded
            # in one answers to the other, as the lifecycle vocabulary answers to both.
            wanted = same_plan_stage(PlanStageRow(wire(stage.plan_stage)))
            stages = [
                s
                for s in await loaders.ppp_stages_by_project_id.load(project_pk)
                if s.plan_stage in wanted
            ]
        elif stage.lifecycle_stage:
            lifecycle = LifecycleRow(wire(stage.lifecycle_stage))
            stages = [
                s
                for s in await loaders.ppp_stages_by_project_id.load(project_pk)
                if s.lifecycle_stage == lifecycle
            ]
        else:
            raise bad_input("Name the stage in one vocabulary.", "stage")
        # A responsibility answers for its stage only while the stage runs (clipped to its dates).
        stages = [s for s in stages if held_on(Window(s.started_on, s.ended_on), date)]
        groups = await loaders.ppp_responsibilities_by_stage_id.load_many([s.pk for s in stages])
        held = [row for rows in groups for row in rows if held_on(row, date)]
        held.sort(key=lambda row: (row.valid_from, row.id))
        return [PppStageResponsibility.from_model(row) for row in held]

    @strawberry.field(
        description="阶段对照表 — how the plan's stages (项目筹备…实施) and the Ministry of "
        "Finance lifecycle (识别…移交) correspond."
    )
    def ppp_stage_pairs(self) -> list[PppStagePair]:
        return [
            PppStagePair(
                plan_stage=PppPlanStage(plan.value), lifecycle_stage=PppLifecycleStage(life.value)
            )
            for plan, life in STAGE_PAIRS
        ]
