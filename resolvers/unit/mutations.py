"""Unit mutations: create, update (names, aliases, parent), members, succession."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import UnitKind as UnitKindRow
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, PLAIN_ARGUMENT, PlainVersion, given, in_journal, one_input
from resolvers.unit import operations
from resolvers.wire import wire
from schema.unit import Unit, UnitKind, UnitMembership

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="添加成员单位 — make a unit a member of a collective unit.")
class UnitMemberAddInput:
    collective_id: strawberry.ID = strawberry.field(description="集合单位ID — the collective unit.")
    member_id: strawberry.ID = strawberry.field(description="成员单位ID — the member unit.")
    valid_from: date | None = strawberry.field(
        default=None, description="起始日期 — first day of membership."
    )


@strawberry.input(description="结束成员关系 — end a membership on a day.")
class UnitMembershipEndInput:
    membership_id: strawberry.ID = strawberry.field(description="成员关系ID — the membership.")
    valid_to: date = strawberry.field(description="终止日期 — its last day.")


@strawberry.input(description="单位继任 — another unit takes over this one's duties from a day.")
class UnitSucceedInput:
    unit_id: strawberry.ID = strawberry.field(description="单位ID — the unit being succeeded.")
    successor_id: strawberry.ID = strawberry.field(description="继任单位ID — the unit taking over.")
    effective_on: date = strawberry.field(description="生效日期 — first day of the successor.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.input(description="新建单位 — a new unit.")
class UnitCreateInput:
    name: str = strawberry.field(description="全称 — full formal name (unique).")
    kind: UnitKind = strawberry.field(description="单位类别 — kind of unit.")
    short_name: str | None = strawberry.field(default=None, description="简称 — short name.")
    aliases: list[str] = strawberry.field(
        default_factory=list, description="别名 — other names plans use for it."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        default=None, description="上级单位 — ID of the unit it belongs to."
    )
    valid_from: date | None = strawberry.field(default=None, description="设立日期 — first day.")
    note: str = strawberry.field(default="", description="备注 — free-text note.")


@strawberry.input(description="修改单位 — changes to a unit; omitted fields stay as they are.")
class UnitUpdateInput:
    id: strawberry.ID = strawberry.field(description="单位ID — the unit to change.")
    expected_version: int | None = strawberry.field(
        default=None,
        description="预期版本 — fail with CONFLICT unless the unit is at this version.",
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="全称 — full name.")
    short_name: str | None = strawberry.field(
        default=strawberry.UNSET, description="简称 — short name (null clears it)."
    )
    aliases: list[str] | None = strawberry.field(
        default=strawberry.UNSET, description="别名 — replaces the list of aliases."
    )
    kind: UnitKind | None = strawberry.field(
        default=strawberry.UNSET, description="单位类别 — kind."
    )
    parent_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="上级单位 — ID of the parent unit (null clears it)."
    )
    valid_from: date | None = strawberry.field(
        default=strawberry.UNSET, description="设立日期 — first day."
    )
    valid_to: date | None = strawberry.field(
        default=strawberry.UNSET, description="撤销日期 — last day."
    )
    note: str | None = strawberry.field(default=strawberry.UNSET, description="备注 — note.")


@strawberry.type(description="单位变更结果 — the unit after the change.")
class UnitPayload:
    unit: Unit = strawberry.field(description="单位 — the unit as stored.")


@strawberry.type(description="成员关系变更结果 — the membership after the change.")
class UnitMembershipPayload:
    membership: UnitMembership = strawberry.field(description="成员关系 — as stored.")


@strawberry.type(description="单位相关变更 — mutations of units.")
class UnitMutation:
    @strawberry.mutation(description="新建单位 — record a new unit.")
    async def unit_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[UnitCreateInput, strawberry.argument(description=INPUT)],
    ) -> UnitPayload:
        draft = operations.UnitDraft(
            name=input.name,
            kind=UnitKindRow(wire(input.kind)),
            short_name=input.short_name,
            aliases=tuple(input.aliases),
            parent_pk=pk_of(input.parent_id, "Unit", "parentId") if input.parent_id else None,
            valid_from=input.valid_from,
            note=input.note,
        )
        row = await in_journal(info, lambda j: operations.create_unit(j, draft))
        return UnitPayload(unit=Unit.from_model(row))

    @strawberry.mutation(description="修改单位 — change a unit's names, kind, parent or dates.")
    async def unit_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[UnitUpdateInput, strawberry.argument(description=INPUT)],
    ) -> UnitPayload:
        pk = pk_of(input.id, "Unit")
        changes = given(input, non_null=("name", "kind", "aliases", "note"))
        if "kind" in changes:
            changes["kind"] = UnitKindRow(changes["kind"].value)
        if changes.get("parent_id") is not None:
            changes["parent_id"] = pk_of(changes["parent_id"], "Unit", "parentId")
        row = await in_journal(
            info, lambda j: operations.update_unit(j, pk, changes, input.expected_version)
        )
        return UnitPayload(unit=Unit.from_model(row))

    @strawberry.mutation(
        description="添加成员单位 — make a unit a member of a collective unit "
        "(各县区政府 ∋ 凉州区人民政府)."
    )
    async def unit_member_add(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[UnitMemberAddInput | None, strawberry.argument(description=INPUT)] = None,
        collective_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="集合单位ID — the collective unit.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        member_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="成员单位ID — the member unit.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        valid_from: Annotated[
            date | None,
            strawberry.argument(
                description="起始日期 — first day of membership.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
    ) -> UnitMembershipPayload:
        given_ = one_input(
            UnitMemberAddInput,
            input,
            collective_id=collective_id,
            member_id=member_id,
            valid_from=valid_from,
        )
        collective = pk_of(given_.collective_id, "Unit", "collectiveId")
        member = pk_of(given_.member_id, "Unit", "memberId")
        row = await in_journal(
            info, lambda j: operations.add_member(j, collective, member, given_.valid_from)
        )
        return UnitMembershipPayload(membership=UnitMembership.from_model(row))

    @strawberry.mutation(
        description="结束成员关系 — end a membership on a day (kept on record, never deleted)."
    )
    async def unit_membership_end(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            UnitMembershipEndInput | None, strawberry.argument(description=INPUT)
        ] = None,
        membership_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="成员关系ID — the membership.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        valid_to: Annotated[
            date | None,
            strawberry.argument(
                description="终止日期 — its last day.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
    ) -> UnitMembershipPayload:
        given_ = one_input(
            UnitMembershipEndInput, input, membership_id=membership_id, valid_to=valid_to
        )
        pk = pk_of(given_.membership_id, "UnitMembership", "membershipId")
        row = await in_journal(info, lambda j: operations.end_membership(j, pk, given_.valid_to))
        return UnitMembershipPayload(membership=UnitMembership.from_model(row))

    @strawberry.mutation(
        description="单位继任 — 机构改革: from `effectiveOn` another unit takes over this one's "
        "duties; this unit ends the day before. Old plans still resolve through `currentUnit`."
    )
    async def unit_succeed(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[UnitSucceedInput | None, strawberry.argument(description=INPUT)] = None,
        unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="单位ID — the unit being succeeded.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        successor_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(
                description="继任单位ID — the unit taking over.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        effective_on: Annotated[
            date | None,
            strawberry.argument(
                description="生效日期 — first day of the successor.",
                deprecation_reason=PLAIN_ARGUMENT,
            ),
        ] = None,
        expected_version: PlainVersion = None,
    ) -> UnitPayload:
        given_ = one_input(
            UnitSucceedInput,
            input,
            unit_id=unit_id,
            successor_id=successor_id,
            effective_on=effective_on,
            expected_version=expected_version,
        )
        pk = pk_of(given_.unit_id, "Unit", "unitId")
        successor = pk_of(given_.successor_id, "Unit", "successorId")
        row = await in_journal(
            info,
            lambda j: operations.record_succession(
                j, pk, successor, given_.effective_on, given_.expected_version
            ),
        )
        return UnitPayload(unit=Unit.from_model(row))
