"""Person and position mutations."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PositionRole as PositionRoleRow
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, PLAIN_ARGUMENT, PlainVersion, given, in_journal, one_input
from resolvers.person import operations
from resolvers.wire import wire
from schema.person import Person, Position, PositionRole

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="新建人员 — a new person.")
class PersonCreateInput:
    name: str = strawberry.field(description="姓名 — full name.")
    note: str = strawberry.field(default="", description="备注 — free-text note.")


@strawberry.input(description="修改人员 — changes to a person; omitted fields stay as they are.")
class PersonUpdateInput:
    id: strawberry.ID = strawberry.field(description="人员ID — the person to change.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — optimistic lock."
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="姓名 — name.")
    note: str | None = strawberry.field(default=strawberry.UNSET, description="备注 — note.")


@strawberry.type(description="人员变更结果 — the person after the change.")
class PersonPayload:
    person: Person = strawberry.field(description="人员 — as stored.")


@strawberry.input(description="任职 — a person's post in a unit.")
class PositionCreateInput:
    person_id: strawberry.ID = strawberry.field(description="人员ID — the person.")
    unit_id: strawberry.ID = strawberry.field(description="单位ID — the unit.")
    title: str = strawberry.field(default="", description="职务 — title of the post.")
    role: PositionRole = strawberry.field(
        default=PositionRole.STAFF, description="岗位角色 — what the post answers for."
    )
    valid_from: date | None = strawberry.field(default=None, description="任职日期 — first day.")
    valid_to: date | None = strawberry.field(default=None, description="离任日期 — last day.")


@strawberry.input(description="离任 — end a position on a day.")
class PositionEndInput:
    position_id: strawberry.ID = strawberry.field(description="任职ID — the position.")
    valid_to: date = strawberry.field(description="离任日期 — its last day.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="任职变更结果 — the position after the change.")
class PositionPayload:
    position: Position = strawberry.field(description="任职 — as stored.")


@strawberry.type(description="人员相关变更 — mutations of people and positions.")
class PersonMutation:
    @strawberry.mutation(description="新建人员 — record a person.")
    async def person_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PersonCreateInput, strawberry.argument(description=INPUT)],
    ) -> PersonPayload:
        row = await in_journal(info, lambda j: operations.create_person(j, input.name, input.note))
        return PersonPayload(person=Person.from_model(row))

    @strawberry.mutation(description="修改人员 — change a person's name or note.")
    async def person_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PersonUpdateInput, strawberry.argument(description=INPUT)],
    ) -> PersonPayload:
        pk = pk_of(input.id, "Person")
        changes = given(input, non_null=("name", "note"))
        row = await in_journal(
            info, lambda j: operations.update_person(j, pk, changes, input.expected_version)
        )
        return PersonPayload(person=Person.from_model(row))

    @strawberry.mutation(description="任职 — appoint a person to a post in a unit for a period.")
    async def position_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PositionCreateInput, strawberry.argument(description=INPUT)],
    ) -> PositionPayload:
        draft = operations.PositionDraft(
            person_pk=pk_of(input.person_id, "Person", "personId"),
            unit_pk=pk_of(input.unit_id, "Unit", "unitId"),
            title=input.title,
            role=PositionRoleRow(wire(input.role)),
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        row = await in_journal(info, lambda j: operations.appoint(j, draft))
        return PositionPayload(position=Position.from_model(row))

    @strawberry.mutation(description="离任 — end a position on a day (kept on record).")
    async def position_end(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PositionEndInput | None, strawberry.argument(description=INPUT)] = None,
        position_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="任职ID — the position.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        valid_to: Annotated[
            date | None,
            strawberry.argument(
                description="离任日期 — its last day.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        expected_version: PlainVersion = None,
    ) -> PositionPayload:
        given_ = one_input(
            PositionEndInput,
            input,
            position_id=position_id,
            valid_to=valid_to,
            expected_version=expected_version,
        )
        pk = pk_of(given_.position_id, "Position", "positionId")
        row = await in_journal(
            info,
            lambda j: operations.end_position(j, pk, given_.valid_to, given_.expected_version),
        )
        return PositionPayload(position=Position.from_model(row))
