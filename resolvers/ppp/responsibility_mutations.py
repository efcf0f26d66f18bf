"""PPP stage responsibility mutations: assign the first holder, hand over, end a period."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PppHandOverReason as ReasonRow
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, PLAIN_ARGUMENT, PlainVersion, in_journal, one_input
from resolvers.ppp import handover
from resolvers.wire import wire
from schema.ppp import PppHandOverReason, PppStageResponsibility

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="指定阶段责任人 — who answers for a stage from a day on.")
class PppStageResponsibilityAssignInput:
    stage_id: strawberry.ID = strawberry.field(description="阶段ID — the stage.")
    person_id: strawberry.ID = strawberry.field(description="人员ID — the person.")
    unit_id: strawberry.ID = strawberry.field(description="单位ID — the unit they answer in.")
    valid_from: date = strawberry.field(description="起始日期 — first day.")
    valid_to: date | None = strawberry.field(default=None, description="终止日期 — last day.")
    duties: str = strawberry.field(default="", description="诚信职责 — integrity duties.")


@strawberry.input(
    description="责任交接 — hand a stage responsibility to the next holder from a day on."
)
class PppStageResponsibilityHandOverInput:
    responsibility_id: strawberry.ID = strawberry.field(
        description="责任ID — the open period to hand over."
    )
    person_id: strawberry.ID = strawberry.field(description="接任人员ID — the next holder.")
    effective_on: date = strawberry.field(
        description="交接日期 — first day of the next holder (the old one ends the day before)."
    )
    reason: PppHandOverReason = strawberry.field(description="交接原因 — 换届, 调动, 重新分工…")
    note: str = strawberry.field(description="交接说明 — what happened (kept in the record).")
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="接任单位ID — default: the same unit."
    )
    duties: str | None = strawberry.field(
        default=None, description="诚信职责 — default: the same duties."
    )
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — optimistic lock on the old period."
    )


@strawberry.input(description="结束阶段责任 — end an open period on a day without a successor.")
class PppStageResponsibilityEndInput:
    responsibility_id: strawberry.ID = strawberry.field(description="责任ID — the period.")
    valid_to: date = strawberry.field(description="终止日期 — its last day.")
    reason: PppHandOverReason = strawberry.field(description="原因 — why.")
    note: str = strawberry.field(description="说明 — what happened.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="阶段责任变更结果 — the responsibility period after the change.")
class PppStageResponsibilityPayload:
    responsibility: PppStageResponsibility = strawberry.field(description="阶段责任 — as stored.")


@strawberry.type(description="责任交接结果 — the ended period and the one that follows it.")
class PppStageResponsibilityHandOverPayload:
    ended: PppStageResponsibility = strawberry.field(description="原责任 — ended the day before.")
    responsibility: PppStageResponsibility = strawberry.field(
        description="新责任 — holds from the hand-over day."
    )


@strawberry.type(description="阶段责任相关变更 — mutations of stage responsibility periods.")
class PppResponsibilityMutation:
    @strawberry.mutation(description="指定阶段责任人 — record who answers for a stage.")
    async def ppp_stage_responsibility_assign(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppStageResponsibilityAssignInput, strawberry.argument(description=INPUT)],
    ) -> PppStageResponsibilityPayload:
        draft = handover.ResponsibilityDraft(
            stage_pk=pk_of(input.stage_id, "PppStage", "stageId"),
            person_pk=pk_of(input.person_id, "Person", "personId"),
            unit_pk=pk_of(input.unit_id, "Unit", "unitId"),
            valid_from=input.valid_from,
            valid_to=input.valid_to,
            duties=input.duties,
        )
        row = await in_journal(info, lambda j: handover.assign_responsibility(j, draft))
        return PppStageResponsibilityPayload(responsibility=PppStageResponsibility.from_model(row))

    @strawberry.mutation(
        description="责任交接 — in one transaction end the open period the day before "
        "`effectiveOn` and start the next holder's on it, with a reason; nothing is overwritten."
    )
    async def ppp_stage_responsibility_hand_over(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            PppStageResponsibilityHandOverInput, strawberry.argument(description=INPUT)
        ],
    ) -> PppStageResponsibilityHandOverPayload:
        change = handover.HandOver(
            responsibility_pk=pk_of(
                input.responsibility_id, "PppStageResponsibility", "responsibilityId"
            ),
            person_pk=pk_of(input.person_id, "Person", "personId"),
            unit_pk=pk_of(input.unit_id, "Unit", "unitId") if input.unit_id else None,
            effective_on=input.effective_on,
            reason=ReasonRow(wire(input.reason)),
            note=input.note,
            duties=input.duties,
            expected_version=input.expected_version,
        )
        ended, started = await in_journal(info, lambda j: handover.hand_over(j, change))
        return PppStageResponsibilityHandOverPayload(
            ended=PppStageResponsibility.from_model(ended),
            responsibility=PppStageResponsibility.from_model(started),
        )

    @strawberry.mutation(
        description="结束阶段责任 — end an open period on a day without a successor (kept)."
    )
    async def ppp_stage_responsibility_end(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            PppStageResponsibilityEndInput | None, strawberry.argument(description=INPUT)
        ] = None,
        responsibility_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="责任ID.", deprecation_reason=PLAIN_ARGUMENT),
        ] = None,
        valid_to: Annotated[
            date | None,
            strawberry.argument(
                description="终止日期 — its last day.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        reason: Annotated[
            PppHandOverReason | None,
            strawberry.argument(description="原因 — why.", deprecation_reason=PLAIN_ARGUMENT),
        ] = None,
        note: Annotated[
            str | None,
            strawberry.argument(
                description="说明 — what happened.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        expected_version: PlainVersion = None,
    ) -> PppStageResponsibilityPayload:
        given_ = one_input(
            PppStageResponsibilityEndInput,
            input,
            responsibility_id=responsibility_id,
            valid_to=valid_to,
            reason=reason,
            note=note,
            expected_version=expected_version,
        )
        pk = pk_of(given_.responsibility_id, "PppStageResponsibility", "responsibilityId")
        row = await in_journal(
            info,
            lambda j: handover.end_responsibility(
                j,
                pk,
                given_.valid_to,
                ReasonRow(wire(given_.reason)),
                given_.note,
                given_.expected_version,
            ),
        )
        return PppStageResponsibilityPayload(responsibility=PppStageResponsibility.from_model(row))
