"""Person queries: the person list and one person."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from models import Person as PersonRow
from models import Position as PositionRow
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from resolvers.search import search_term
from schema.pagination import PageArgs, paginate_query
from schema.person import Person
from schema.relay import After, Before, Connection, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="人员筛选 — conditions a person must meet (all given ones apply).")
class PersonFilter:
    search: str | None = strawberry.field(
        default=None, description="关键词 — text contained in the name."
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="单位 — people who hold or held a post in this unit."
    )


@strawberry.type(description="人员查询 — queries of people.")
class PersonQuery:
    @strawberry.field(description="人员列表 — people matching a filter, paged, oldest first.")
    async def persons(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            PersonFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Person]:
        args = PageArgs(first=first, after=after, last=last, before=before)
        condition = Q()
        if filter is not None:
            if filter.search:
                condition &= Q(name__icontains=search_term(filter.search, "filter.search"))
            if filter.unit_id:
                unit_pk = pk_of(filter.unit_id, "Unit", "filter.unitId")
                held = PositionRow.filter(unit_id=unit_pk).values("person_id")
                condition &= Q(id__in=Subquery(held))
        return await paginate_query(
            (await visible(info, PersonRow)).filter(condition),
            [("id", False)],
            args,
            Person.from_model,
        )

    @strawberry.field(description="人员 — one person by ID (null if there is none).")
    async def person(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="人员ID — the person.")],
    ) -> Person | None:
        row = await info.context.loaders.person_by_id.load(pk_of(id, "Person"))
        return Person.from_model(row) if row else None
