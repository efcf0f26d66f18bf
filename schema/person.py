"""GraphQL types of people (责任人) and their positions in units."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Person as PersonRow
from models import Position as PositionRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from resolvers.validity import holds_on
from schema.relay import Node

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.ppp.auditor import PersonResponsibility
    from schema.unit import Unit


@strawberry.enum(description="岗位角色 — what a position makes a person answer for in a unit.")
class PositionRole(Enum):
    PRINCIPAL = strawberry.enum_value("PRINCIPAL", description="主要负责人 — head of the unit.")
    DEPUTY = strawberry.enum_value(
        "DEPUTY", description="分管负责人 — deputy head in charge of the work."
    )
    CONTACT = strawberry.enum_value("CONTACT", description="联络员 — designated contact.")
    STAFF = strawberry.enum_value("STAFF", description="工作人员 — staff member.")


@strawberry.type(description="人员 — a person who can be named responsible (责任人).")
class Person(Node):
    pk: strawberry.Private[int]
    name: str = strawberry.field(description="姓名 — full name.")
    note: str = strawberry.field(description="备注 — free-text note.")
    version: int = strawberry.field(description="版本 — increases with every change.")

    @classmethod
    def from_model(cls, row: PersonRow) -> Person:
        return cls(
            id=strawberry.ID(to_global_id("Person", row.id)),
            pk=row.id,
            name=row.name,
            note=row.note,
            version=row.version,
        )

    @strawberry.field(
        description="任职 — the person's positions; with `asOf`, only those held on that day."
    )
    async def positions(
        self,
        info: strawberry.Info[Context, None],
        as_of: Annotated[
            date | None,
            strawberry.argument(description="截至日期 — the day to look at; omitted: all."),
        ] = None,
    ) -> list[Position]:
        rows = await info.context.loaders.positions_by_person_id.load(self.pk)
        return [Position.from_model(row) for row in rows if as_of is None or holds_on(row, as_of)]

    @strawberry.field(
        description="个人责任 — what the person answered for over time: PPP stages, tasks of "
        "units they served in, and their posts, in every unit they served in (auditor view)."
    )
    async def responsibilities(
        self,
        info: strawberry.Info[Context, None],
        as_of: Annotated[
            date | None, strawberry.argument(description="截至日期 — only what held that day.")
        ] = None,
        from_: Annotated[
            date | None, strawberry.argument(name="from", description="起 — held on or after.")
        ] = None,
        to: Annotated[
            date | None, strawberry.argument(description="止 — held on or before.")
        ] = None,
    ) -> list[Annotated[PersonResponsibility, strawberry.lazy("schema.ppp.auditor")]]:
        from schema.ppp.auditor import person_responsibilities

        return await person_responsibilities(info, self.pk, as_of, from_, to)


@strawberry.type(description="任职 — a person's post in a unit for a period.")
class Position(Node):
    pk: strawberry.Private[int]
    person_pk: strawberry.Private[int]
    unit_pk: strawberry.Private[int]
    title: str = strawberry.field(description="职务 — title of the post, e.g. 副主任.")
    role: PositionRole = strawberry.field(description="岗位角色 — what the post answers for.")
    valid_from: date | None = strawberry.field(description="任职日期 — first day in the post.")
    valid_to: date | None = strawberry.field(
        description="离任日期 — last day in the post (null while held)."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")

    @classmethod
    def from_model(cls, row: PositionRow) -> Position:
        return cls(
            id=strawberry.ID(to_global_id("Position", row.id)),
            pk=row.id,
            person_pk=row.person_id,
            unit_pk=row.unit_id,
            title=row.title,
            role=PositionRole(row.role.value),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            version=row.version,
        )

    person = relation(
        loader=lambda loaders: loaders.person_by_id,
        key=lambda p: p.person_pk,
        type=Person,
        description="人员 — the person.",
    )

    @strawberry.field(description="单位 — the unit.")
    async def unit(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[Unit, strawberry.lazy("schema.unit")]:
        from schema.unit import load_unit

        unit = await load_unit(info, self.unit_pk)
        assert unit is not None
        return unit
