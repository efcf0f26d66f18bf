"""Unit queries: the filtered unit list, one unit, and resolving a written name to a unit."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import Unit as UnitRow
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from resolvers.search import search_term
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, Connection, First, Last, OrderDirection
from schema.unit import Unit, UnitKind

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="单位筛选 — conditions a unit must meet (all given ones apply).")
class UnitFilter:
    kind: list[UnitKind] | None = strawberry.field(
        default=None, description="类别 — any of these kinds."
    )
    search: str | None = strawberry.field(
        default=None, description="关键词 — text contained in the name, short name or an alias."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="上级单位 — units directly under this one."
    )
    valid_on: date | None = strawberry.field(
        default=None, description="存续日期 — units that exist on this day."
    )


@strawberry.enum(description="单位排序字段 — what to sort units by.")
class UnitOrderField(Enum):
    NAME = strawberry.enum_value("NAME", description="名称 — by full name.")
    CREATED_AT = strawberry.enum_value("CREATED_AT", description="创建时间 — by when recorded.")


@strawberry.input(description="单位排序 — sort order of units.")
class UnitOrder:
    field: UnitOrderField = strawberry.field(description="字段 — what to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="方向 — ascending or descending."
    )


def filtered_units(unit_filter: UnitFilter | None) -> Q:
    condition = Q()
    if unit_filter is None:
        return condition
    if unit_filter.kind:
        condition &= Q(kind__in=[k.value for k in unit_filter.kind])
    if unit_filter.search and unit_filter.search.strip():
        condition &= Q(search_names__icontains=search_term(unit_filter.search, "filter.search"))
    if unit_filter.parent_id is not None:
        condition &= Q(parent_id=pk_of(unit_filter.parent_id, "Unit", "filter.parentId"))
    if unit_filter.valid_on is not None:
        day = unit_filter.valid_on
        condition &= (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )
    return condition


@strawberry.type(description="单位查询 — queries of units.")
class UnitQuery:
    @strawberry.field(description="单位列表 — units matching a filter, paged.")
    async def units(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            UnitFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        order_by: Annotated[
            UnitOrder | None, strawberry.argument(description="排序 — default: by creation.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[Unit]:
        args = PageArgs(first=first, after=after, last=last, before=before)
        order = order_by or UnitOrder(field=UnitOrderField.CREATED_AT)
        desc = order.direction == OrderDirection.DESC
        columns = ["name", "id"] if order.field == UnitOrderField.NAME else ["id"]
        keys = [(column, desc) for column in columns]
        return await paginate_query(
            (await visible(info, UnitRow)).filter(filtered_units(filter)),
            keys,
            args,
            Unit.from_model,
        )

    @strawberry.field(description="单位 — one unit by ID (null if there is none).")
    async def unit(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="单位ID — the unit's ID.")],
    ) -> Unit | None:
        row = await info.context.loaders.unit_by_id.load(pk_of(id, "Unit"))
        return Unit.from_model(row) if row else None

    @strawberry.field(
        description="按名称查单位 — the unit a plan means by a written name: its full name, "
        "short name or an alias (e.g. 市发改委 → 市发展和改革委员会)."
    )
    async def unit_by_name(
        self,
        info: strawberry.Info[Context, None],
        name: Annotated[str, strawberry.argument(description="名称 — the name as written.")],
    ) -> Unit | None:
        units = await visible(info, UnitRow)
        row = await units.filter(search_names__contains=f"|{search_term(name, 'name')}|").first()
        return Unit.from_model(row) if row else None
