"""GraphQL types of units (责任单位): kinds, names, hierarchy, succession and collectives."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from models import Unit as UnitRow
from models import UnitMembership as MembershipRow
from resolvers.execution.batching import batched
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from resolvers.validity import holds_on
from schema.person import Position
from schema.relay import After, Before, First, Last, Node
from schema.task import (
    Assignment,
    AssignmentRole,
    TaskConnection,
    unit_assignments,
    unit_tasks,
)

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.accountability import Accountability


@strawberry.enum(description="单位类别 — kind of unit.")
class UnitKind(Enum):
    MUNICIPAL_GOVERNMENT = strawberry.enum_value(
        "MUNICIPAL_GOVERNMENT", description="市级人民政府 — municipal people's government."
    )
    MUNICIPAL_DEPARTMENT = strawberry.enum_value(
        "MUNICIPAL_DEPARTMENT", description="市直部门 — municipal government department."
    )
    COUNTY_GOVERNMENT = strawberry.enum_value(
        "COUNTY_GOVERNMENT", description="县区人民政府 — county or district government."
    )
    TOWNSHIP = strawberry.enum_value(
        "TOWNSHIP", description="乡镇（街道） — township or sub-district office."
    )
    JUDICIAL_ORGAN = strawberry.enum_value(
        "JUDICIAL_ORGAN", description="司法机关 — court or procuratorate."
    )
    STATIONED_UNIT = strawberry.enum_value(
        "STATIONED_UNIT",
        description="中央、省属驻市单位 — central or provincial unit stationed in the city.",
    )
    CENTRAL_DEPARTMENT = strawberry.enum_value(
        "CENTRAL_DEPARTMENT", description="中央部门 — department of the central government."
    )
    PROVINCIAL_GOVERNMENT = strawberry.enum_value(
        "PROVINCIAL_GOVERNMENT", description="省级人民政府 — provincial people's government."
    )
    PROVINCIAL_DEPARTMENT = strawberry.enum_value(
        "PROVINCIAL_DEPARTMENT", description="省直部门 — provincial government department."
    )
    THIRD_PARTY = strawberry.enum_value(
        "THIRD_PARTY", description="第三方 — third party (evaluator, platform, enterprise)."
    )
    COLLECTIVE = strawberry.enum_value(
        "COLLECTIVE",
        description="集合单位 — a group named as one (各县区政府, 市直有关部门、单位).",
    )
    OTHER = strawberry.enum_value("OTHER", description="其他 — any other kind of unit.")


AsOf = Annotated[
    date | None,
    strawberry.argument(
        description="截至日期 — the day to look at (valid time); omitted: what holds now."
    ),
]


async def _members_of(
    units: list[Unit], info: strawberry.Info[Context, None], as_of: date | None = None
) -> list[list[Unit]]:
    """``Unit.members`` for every unit of a level (resolvers/execution/batching.py)."""
    loaders = info.context.loaders
    links = await loaders.memberships_by_collective_id.load_many([unit.pk for unit in units])
    ids = [[link.member_id for link in group if holds_on(link, as_of)] for group in links]
    rows = iter(await loaders.unit_by_id.load_many([pk for group in ids for pk in group]))
    members = []
    for group in ids:
        found = [next(rows) for _ in group]
        members.append([loaders.shared(row, Unit.from_model) for row in found if row is not None])
    return members


async def _positions_of(
    units: list[Unit], info: strawberry.Info[Context, None], as_of: date | None = None
) -> list[list[Any]]:
    """``Unit.positions`` for every unit of a level (resolvers/execution/batching.py)."""
    lists = await info.context.loaders.positions_by_unit_id.load_many([unit.pk for unit in units])
    return [[Position.from_model(row) for row in rows if holds_on(row, as_of)] for rows in lists]


@strawberry.type(description="单位 — a government unit or other body that can be held responsible.")
class Unit(Node):
    pk: strawberry.Private[int]
    name: str = strawberry.field(
        description="全称 — full name, e.g. 市发展和改革委员会 (city-qualified forms are aliases)."
    )
    short_name: str | None = strawberry.field(description="简称 — short name, e.g. 市发改委.")
    aliases: list[str] = strawberry.field(
        description="别名 — other names this unit is written as in plans."
    )
    kind: UnitKind = strawberry.field(description="单位类别 — kind of unit.")
    valid_from: date | None = strawberry.field(description="设立日期 — first day it exists.")
    valid_to: date | None = strawberry.field(
        description="撤销日期 — last day it exists (null while it exists)."
    )
    note: str = strawberry.field(description="备注 — free-text note.")
    version: int = strawberry.field(description="版本 — increases with every change.")
    parent_pk: strawberry.Private[int | None]
    successor_pk: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, row: UnitRow) -> Unit:
        return cls(
            id=strawberry.ID(to_global_id("Unit", row.id)),
            pk=row.id,
            name=row.name,
            short_name=row.short_name,
            aliases=list(row.aliases),
            kind=UnitKind(row.kind.value),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            note=row.note,
            version=row.version,
            parent_pk=row.parent_id,
            successor_pk=row.successor_id,
        )

    parent = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda u: u.parent_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        optional=True,
        description="上级单位 — the unit this one belongs to.",
    )

    children = relation(
        loader=lambda loaders: loaders.units_by_parent_id,
        key=lambda u: u.pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        many=True,
        description="下属单位 — units that belong to this one.",
    )

    successor = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda u: u.successor_pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        optional=True,
        description="继任单位 — the unit that took over this one's duties (机构改革 rename/merge).",
    )

    predecessors = relation(
        loader=lambda loaders: loaders.units_by_successor_id,
        key=lambda u: u.pk,
        type=Annotated["Unit", strawberry.lazy("schema.unit")],
        many=True,
        description="前身单位 — units whose duties passed to this one.",
    )

    @strawberry.field(
        description="当前单位 — follows the succession chain to the unit that holds these duties "
        "today (this unit itself if it was never succeeded)."
    )
    async def current_unit(self, info: strawberry.Info[Context, None]) -> Unit:
        unit, seen = self, {self.pk}
        while unit.successor_pk is not None and unit.successor_pk not in seen:
            nxt = await load_unit(info, unit.successor_pk)
            if nxt is None:
                break
            seen.add(nxt.pk)
            unit = nxt
        return unit

    @strawberry.field(
        description="成员单位 — for a collective unit (各县区政府), its member units on the day."
    )
    @batched(_members_of)
    async def members(self, info: strawberry.Info[Context, None], as_of: AsOf = None) -> list[Unit]:
        [members] = await _members_of([self], info, as_of)
        return members

    memberships = relation(
        loader=lambda loaders: loaders.memberships_by_collective_id,
        key=lambda u: u.pk,
        type=Annotated["UnitMembership", strawberry.lazy("schema.unit")],
        many=True,
        description="成员关系 — membership records of this collective, including ended ones.",
    )

    @strawberry.field(
        description="所属集合 — collective units this unit is a member of on the day."
    )
    async def member_of(
        self, info: strawberry.Info[Context, None], as_of: AsOf = None
    ) -> list[Unit]:
        links = await info.context.loaders.memberships_by_member_id.load(self.pk)
        ids = [link.collective_id for link in links if holds_on(link, as_of)]
        rows = await info.context.loaders.unit_by_id.load_many(ids)
        return [Unit.from_model(row) for row in rows if row is not None]

    @strawberry.field(
        description="任务分工 — this unit's task assignments, in task order, filtered by role."
    )
    async def assignments(
        self,
        info: strawberry.Info[Context, None],
        role: Annotated[
            AssignmentRole | None,
            strawberry.argument(description="角色 — only assignments in this role."),
        ] = None,
        as_of: AsOf = None,
    ) -> list[Assignment]:
        return await unit_assignments(info, self.pk, role, as_of)

    @strawberry.field(
        description="承担的任务 — tasks this unit is assigned to (directly, or through a "
        "collective it belongs to when `throughCollectives` is true)."
    )
    async def tasks(
        self,
        info: strawberry.Info[Context, None],
        role: Annotated[
            AssignmentRole | None,
            strawberry.argument(description="角色 — only tasks where the unit has this role."),
        ] = None,
        as_of: AsOf = None,
        through_collectives: Annotated[
            bool,
            strawberry.argument(
                description="含集合单位 — also tasks assigned to collectives the unit is in."
            ),
        ] = False,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> TaskConnection:
        return await unit_tasks(
            info, self.pk, role, as_of, through_collectives, first, after, last, before
        )

    @strawberry.field(description="在岗人员 — people holding positions in this unit on the day.")
    @batched(_positions_of)
    async def positions(
        self, info: strawberry.Info[Context, None], as_of: AsOf = None
    ) -> list[Position]:
        [positions] = await _positions_of([self], info, as_of)
        return positions

    @strawberry.field(
        description="问责概况 — tasks led and shared, commitments by outcome, evidence by review, "
        "average evaluation and open dishonesty records for a period (2018, 2018-H1, 2018-Q3)."
    )
    async def accountability(
        self,
        info: strawberry.Info[Context, None],
        period: Annotated[
            str, strawberry.argument(description="考核期 — e.g. 2018, 2018年度, 2018-Q3.")
        ],
    ) -> Annotated[Accountability, strawberry.lazy("schema.accountability")]:
        from schema.accountability import unit_accountability

        return await unit_accountability(info, self.pk, period)


@strawberry.type(description="成员关系 — a unit's membership of a collective unit, for a period.")
class UnitMembership(Node):
    pk: strawberry.Private[int]
    collective_pk: strawberry.Private[int]
    member_pk: strawberry.Private[int]
    valid_from: date | None = strawberry.field(description="起始日期 — first day of membership.")
    valid_to: date | None = strawberry.field(
        description="终止日期 — last day of membership (null while it lasts)."
    )

    @classmethod
    def from_model(cls, row: MembershipRow) -> UnitMembership:
        return cls(
            id=strawberry.ID(to_global_id("UnitMembership", row.id)),
            pk=row.id,
            collective_pk=row.collective_id,
            member_pk=row.member_id,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )

    @strawberry.field(description="集合单位 — the collective unit.")
    async def collective(self, info: strawberry.Info[Context, None]) -> Unit:
        unit = await load_unit(info, self.collective_pk)
        assert unit is not None
        return unit

    @strawberry.field(description="成员单位 — the member unit.")
    async def member(self, info: strawberry.Info[Context, None]) -> Unit:
        unit = await load_unit(info, self.member_pk)
        assert unit is not None
        return unit


async def load_unit(info: strawberry.Info[Context, None], pk: int | None) -> Unit | None:
    if pk is None:
        return None
    loaders = info.context.loaders
    row = await loaders.unit_by_id.load(pk)
    return loaders.shared(row, Unit.from_model) if row is not None else None
