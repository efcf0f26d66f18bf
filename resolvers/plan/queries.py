"""Plan queries: the plan list and one plan."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import Plan as PlanRow
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from resolvers.search import search_term
from schema.pagination import PageArgs, paginate_query
from schema.plan import Plan, Section
from schema.relay import After, Before, Connection, First, Last, OrderDirection

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="方案筛选 — conditions a plan must meet (all given ones apply).")
class PlanFilter:
    search: str | None = strawberry.field(
        default=None, description="关键词 — text contained in the title."
    )
    doc_number: str | None = strawberry.field(
        default=None, description="文号 — exact document number."
    )
    issuer_id: strawberry.ID | None = strawberry.field(
        default=None, description="印发单位 — plans issued by this unit."
    )


@strawberry.input(description="方案排序 — sort order of plans (by when recorded).")
class PlanOrder:
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="方向 — ascending or descending."
    )


@strawberry.type(description="方案查询 — queries of plans.")
class PlanQuery:
    @strawberry.field(description="方案列表 — plans matching a filter, paged.")
    async def plans(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            PlanFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        order_by: Annotated[
            PlanOrder | None, strawberry.argument(description="排序 — default: oldest first.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Plan]:
        args = PageArgs(first=first, after=after, last=last, before=before)
        condition = Q()
        if filter is not None:
            if filter.search:
                condition &= Q(title__icontains=search_term(filter.search, "filter.search"))
            if filter.doc_number:
                condition &= Q(doc_number=filter.doc_number.strip())
            if filter.issuer_id:
                condition &= Q(issuer_id=pk_of(filter.issuer_id, "Unit", "filter.issuerId"))
        desc = order_by is not None and order_by.direction == OrderDirection.DESC
        return await paginate_query(
            (await visible(info, PlanRow)).filter(condition), [("id", desc)], args, Plan.from_model
        )

    @strawberry.field(description="方案 — one plan by ID (null if there is none).")
    async def plan(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="方案ID — the plan's ID.")],
    ) -> Plan | None:
        row = await info.context.loaders.plan_by_id.load(pk_of(id, "Plan"))
        return Plan.from_model(row) if row else None

    @strawberry.field(description="章节 — one section by ID (null if there is none).")
    async def section(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="章节ID — the section.")],
    ) -> Section | None:
        row = await info.context.loaders.section_by_id.load(pk_of(id, "Section"))
        return Section.from_model(row) if row else None
