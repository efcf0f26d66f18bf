"""A person's responsibilities over time, for auditors: PPP stages they answered for, tasks
assigned to units they served in (directly or through a collective), and their posts."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers.person import responsibilities
from schema.person import Position
from schema.ppp.stage import PppStageResponsibility
from schema.task import Assignment
from schema.unit import Unit, load_unit

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment
    from schema.credit import DishonestyRecord
    from schema.ppp.commitment import PppBreach


@strawberry.enum(description="责任类别 — what made a person responsible.")
class ResponsibilityKind(Enum):
    PPP_STAGE = strawberry.enum_value(
        "PPP_STAGE", description="PPP阶段责任 — named government-side person of a PPP stage."
    )
    TASK_ASSIGNMENT = strawberry.enum_value(
        "TASK_ASSIGNMENT",
        description="任务分工 — held the post in charge (分管领导/责任人; default the head) of a "
        "unit assigned to a plan task.",
    )
    UNIT_POSITION = strawberry.enum_value(
        "UNIT_POSITION", description="单位职务 — held a post in a unit."
    )
    COMMITMENT = strawberry.enum_value(
        "COMMITMENT",
        description="承诺责任人 — answered for a commitment, from its pledge to its close.",
    )
    DISHONESTY_RECORD = strawberry.enum_value(
        "DISHONESTY_RECORD",
        description="政务失信记录 — named in a dishonesty record, from the day it occurred.",
    )
    PPP_BREACH = strawberry.enum_value(
        "PPP_BREACH",
        description="PPP失信违约 — named in a breach of a PPP commitment, from the day it "
        "occurred.",
    )


@strawberry.type(
    description="个人责任 — one responsibility a person held for a period (the period is the "
    "overlap of the post, the assignment and any collective membership behind it)."
)
class PersonResponsibility:
    kind: ResponsibilityKind = strawberry.field(description="类别 — what made them responsible.")
    valid_from: date | None = strawberry.field(description="起始日期 — first day held.")
    valid_to: date | None = strawberry.field(
        description="终止日期 — last day held (null while held)."
    )
    description: str = strawberry.field(description="说明 — what it was, in one line.")
    unit_pk: strawberry.Private[int]
    via_pk: strawberry.Private[int | None]
    position: Position | None = strawberry.field(
        description="任职 — the post through which it was held (null for a PPP stage)."
    )
    assignment: Assignment | None = strawberry.field(description="任务分工 — the task assignment.")
    ppp_responsibility: PppStageResponsibility | None = strawberry.field(
        description="阶段责任 — the PPP stage responsibility period."
    )
    commitment: Annotated[Commitment, strawberry.lazy("schema.commitment")] | None = (
        strawberry.field(default=None, description="承诺 — the commitment they answered for.")
    )
    dishonesty_record: Annotated[DishonestyRecord, strawberry.lazy("schema.credit")] | None = (
        strawberry.field(default=None, description="失信记录 — the record naming them.")
    )
    ppp_breach: Annotated[PppBreach, strawberry.lazy("schema.ppp.commitment")] | None = (
        strawberry.field(default=None, description="违约 — the PPP breach naming them.")
    )

    @strawberry.field(description="单位 — the unit they answered in.")
    async def unit(self, info: strawberry.Info[Context, None]) -> Unit:
        unit = await load_unit(info, self.unit_pk)
        assert unit is not None
        return unit

    @strawberry.field(
        description="经由集合单位 — the collective unit (各县区政府) the task was assigned to, "
        "when the person's unit is one of its members."
    )
    async def via_collective(self, info: strawberry.Info[Context, None]) -> Unit | None:
        return await load_unit(info, self.via_pk)


def responsibility_of(held: responsibilities.Responsibility) -> PersonResponsibility:
    from schema.commitment import Commitment
    from schema.credit import DishonestyRecord
    from schema.ppp.commitment import PppBreach

    return PersonResponsibility(
        kind=ResponsibilityKind(held.kind.value),
        valid_from=held.valid_from,
        valid_to=held.valid_to,
        description=held.description,
        unit_pk=held.unit_pk,
        via_pk=held.via_pk,
        position=Position.from_model(held.position) if held.position else None,
        assignment=Assignment.from_model(held.assignment) if held.assignment else None,
        ppp_responsibility=PppStageResponsibility.from_model(held.ppp_responsibility)
        if held.ppp_responsibility
        else None,
        commitment=Commitment.from_model(held.commitment) if held.commitment else None,
        dishonesty_record=DishonestyRecord.from_model(held.dishonesty_record)
        if held.dishonesty_record
        else None,
        ppp_breach=PppBreach.from_model(held.ppp_breach) if held.ppp_breach else None,
    )


async def person_responsibilities(
    info: strawberry.Info[Context, None],
    person_pk: int,
    as_of: date | None,
    start: date | None,
    end: date | None,
) -> list[PersonResponsibility]:
    found = await responsibilities.person_responsibilities(
        info.context.loaders, person_pk, as_of, start, end
    )
    return [responsibility_of(held) for held in found]
