"""The responsibility chain of a task: task → lead / co-responsible / guiding units → people."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers.validity import holds_on
from resolvers.wire import wire
from schema.person import Position
from schema.task import Assignment, AssignmentRole, Task
from schema.unit import Unit, UnitKind

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment


@strawberry.type(
    description="责任环节 — one assigned unit of a task, its members if it is a collective, and "
    "the people answering for it on the day."
)
class ResponsibilityLink:
    as_of: strawberry.Private[date | None]
    assignment: Assignment = strawberry.field(description="任务分工 — the assignment.")
    unit: Unit = strawberry.field(description="单位 — the assigned unit as the plan names it.")

    @strawberry.field(description="分工角色 — the unit's role on the task.")
    def role(self) -> AssignmentRole:
        return self.assignment.role

    @strawberry.field(
        description="落实单位 — the units that carry the work: the members of a collective unit "
        "(各县区政府 → its four county governments) or else the unit itself."
    )
    async def acting_units(self, info: strawberry.Info[Context, None]) -> list[Unit]:
        return await acting_units(info, self.unit, self.as_of)

    @strawberry.field(
        description="责任人 — who answers for the task on the day: in each acting unit the post "
        "in charge (分管领导/责任人, `assignment.inChargePost`) or, where none is named or nobody "
        "holds it, the unit's head (主要负责人) — not every deputy."
    )
    async def responsible_persons(self, info: strawberry.Info[Context, None]) -> list[Position]:
        return in_charge(await self._positions(info), self.assignment.in_charge_post)

    @strawberry.field(
        description="在岗人员 — every post held on the day in the acting units (heads first)."
    )
    async def positions(self, info: strawberry.Info[Context, None]) -> list[Position]:
        return await self._positions(info)

    async def _positions(self, info: strawberry.Info[Context, None]) -> list[Position]:
        unit_pks = await acting_unit_pks(info, self.unit, self.as_of)
        groups = await info.context.loaders.positions_by_unit_id.load_many(unit_pks)
        positions = [
            Position.from_model(row) for rows in groups for row in rows if holds_on(row, self.as_of)
        ]
        return sorted(positions, key=lambda p: (RANK[wire(p.role)], p.pk))

    @strawberry.field(
        description="承诺 — commitments pledged on this assignment (by the unit or, for a "
        "collective, its members), each leading on to its evidence and evaluations."
    )
    async def commitments(
        self, info: strawberry.Info[Context, None]
    ) -> list[Annotated[Commitment, strawberry.lazy("schema.commitment")]]:
        from schema.commitment import Commitment

        rows = await info.context.loaders.commitments_by_assignment_id.load(self.assignment.pk)
        return [Commitment.from_model(row) for row in rows]


RANK = {"PRINCIPAL": 0, "DEPUTY": 1, "CONTACT": 2, "STAFF": 3}


def in_charge(positions: list[Position], post: str) -> list[Position]:
    """Per unit: the holders of ``post`` if it is named and held, else the unit's heads."""
    chosen: list[Position] = []
    for unit_pk in dict.fromkeys(p.unit_pk for p in positions):
        held = [p for p in positions if p.unit_pk == unit_pk]
        named = [p for p in held if post and p.title == post]
        chosen += named or [p for p in held if wire(p.role) == "PRINCIPAL"]
    return chosen


async def acting_unit_pks(
    info: strawberry.Info[Context, None], unit: Unit, as_of: date | None
) -> list[int]:
    # Every link waits for the membership batch, collective or not, so the positions and
    # persons of all links load in one batch each (no extra batch for the collectives).
    links = await info.context.loaders.memberships_by_collective_id.load(unit.pk)
    if unit.kind != UnitKind.COLLECTIVE:
        return [unit.pk]
    return [link.member_id for link in links if holds_on(link, as_of)]


async def acting_units(
    info: strawberry.Info[Context, None], unit: Unit, as_of: date | None
) -> list[Unit]:
    if unit.kind != UnitKind.COLLECTIVE:
        return [unit]
    rows = await info.context.loaders.unit_by_id.load_many(await acting_unit_pks(info, unit, as_of))
    return [Unit.from_model(row) for row in rows if row is not None]


@strawberry.type(
    description="责任链 — who answers for a task: lead units, co-responsible units (collectives "
    "expanded to members) and guiding units, each down to responsible persons."
)
class ResponsibilityChain:
    task: Task = strawberry.field(description="任务 — the task.")
    as_of: date | None = strawberry.field(
        description="截至日期 — the day the chain describes (null: as it stands now)."
    )
    lead: list[ResponsibilityLink] = strawberry.field(description="牵头单位 — lead units.")
    co_responsible: list[ResponsibilityLink] = strawberry.field(
        description="配合/责任单位 — co-responsible units."
    )
    guiding: list[ResponsibilityLink] = strawberry.field(description="指导单位 — guiding units.")
