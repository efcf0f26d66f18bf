"""PPP government commitment mutations: record, fulfil, and record a breach."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import DishonestyRecord as DishonestyRecordRow
from models import PppCommitmentKind as CommitmentKindRow
from resolvers.global_ids import pk_of, to_global_id
from resolvers.mutation import INPUT, PLAIN_ARGUMENT, PlainVersion, in_journal, one_input
from resolvers.ppp import commitments
from resolvers.ppp.mutations import optional_pk
from resolvers.wire import wire
from schema.ppp import PppBreach, PppCommitment, PppCommitmentKind

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="新建政府承诺 — a government contractual commitment.")
class PppCommitmentCreateInput:
    project_id: strawberry.ID = strawberry.field(description="项目ID — the project.")
    kind: PppCommitmentKind = strawberry.field(description="类别 — payment, subsidy, approval.")
    description: str = strawberry.field(description="内容 — what is promised.")
    due_on: date = strawberry.field(description="履行期限 — last day to perform it.")
    amount: Decimal | None = strawberry.field(default=None, description="金额 — in 万元.")
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="履约单位 — default: the implementing agency."
    )
    contract_id: strawberry.ID | None = strawberry.field(default=None, description="合同ID.")
    task_id: strawberry.ID | None = strawberry.field(
        default=None, description="所属任务 — default: the project's plan task."
    )


@strawberry.input(description="违约记录 — a breach of a government commitment.")
class PppBreachRecordInput:
    commitment_id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    occurred_on: date = strawberry.field(description="发生日期 — day of the breach.")
    description: str = strawberry.field(description="违约事实 — what happened.")
    cited_reason: str = strawberry.field(default="", description="所称理由 — reason given.")
    person_id: strawberry.ID | None = strawberry.field(default=None, description="责任人ID.")
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="责任单位 — default: the commitment's unit."
    )


@strawberry.input(description="履行政府承诺 — a government commitment performed on a day.")
class PppCommitmentFulfilInput:
    commitment_id: strawberry.ID = strawberry.field(description="承诺ID — the commitment.")
    fulfilled_on: date = strawberry.field(description="履行日期 — the day.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — fail with CONFLICT unless it is at this version."
    )


@strawberry.type(description="政府承诺变更结果 — the commitment after the change.")
class PppCommitmentPayload:
    commitment: PppCommitment = strawberry.field(description="承诺 — as stored.")


@strawberry.type(description="违约记录结果 — the breach recorded.")
class PppBreachPayload:
    breach: PppBreach = strawberry.field(description="违约记录 — as stored.")
    draft_record_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="待确认失信记录ID — the draft dishonesty record the breach opened for the "
        "person it is attributed to (plan 一(三)2), for the credit administrator to decide.",
    )


@strawberry.type(description="政府承诺相关变更 — mutations of government commitments.")
class PppCommitmentMutation:
    @strawberry.mutation(description="新建政府承诺 — record a government commitment.")
    async def ppp_commitment_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppCommitmentCreateInput, strawberry.argument(description=INPUT)],
    ) -> PppCommitmentPayload:
        draft = commitments.CommitmentDraft(
            project_pk=pk_of(input.project_id, "PppProject", "projectId"),
            kind=CommitmentKindRow(wire(input.kind)),
            description=input.description,
            due_on=input.due_on,
            amount=input.amount,
            unit_pk=optional_pk(input.unit_id, "Unit", "unitId"),
            contract_pk=optional_pk(input.contract_id, "PppContract", "contractId"),
            task_pk=optional_pk(input.task_id, "Task", "taskId"),
        )
        row = await in_journal(info, lambda j: commitments.create_commitment(j, draft))
        return PppCommitmentPayload(commitment=PppCommitment.from_model(row))

    @strawberry.mutation(description="履行政府承诺 — mark a commitment performed on a day.")
    async def ppp_commitment_fulfil(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            PppCommitmentFulfilInput | None, strawberry.argument(description=INPUT)
        ] = None,
        commitment_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="承诺ID.", deprecation_reason=PLAIN_ARGUMENT),
        ] = None,
        fulfilled_on: Annotated[
            date | None,
            strawberry.argument(
                description="履行日期 — the day.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        expected_version: PlainVersion = None,
    ) -> PppCommitmentPayload:
        given_ = one_input(
            PppCommitmentFulfilInput,
            input,
            commitment_id=commitment_id,
            fulfilled_on=fulfilled_on,
            expected_version=expected_version,
        )
        pk = pk_of(given_.commitment_id, "PppCommitment", "commitmentId")
        row = await in_journal(
            info,
            lambda j: commitments.fulfil_commitment(
                j, pk, given_.fulfilled_on, given_.expected_version
            ),
        )
        return PppCommitmentPayload(commitment=PppCommitment.from_model(row))

    @strawberry.mutation(
        description="记录违约 — record a breach of a government commitment (marks it BREACHED)."
    )
    async def ppp_breach_record(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppBreachRecordInput, strawberry.argument(description=INPUT)],
    ) -> PppBreachPayload:
        draft = commitments.BreachDraft(
            commitment_pk=pk_of(input.commitment_id, "PppCommitment", "commitmentId"),
            occurred_on=input.occurred_on,
            description=input.description,
            cited_reason=input.cited_reason,
            person_pk=optional_pk(input.person_id, "Person", "personId"),
            unit_pk=optional_pk(input.unit_id, "Unit", "unitId"),
        )
        row = await in_journal(info, lambda j: commitments.record_breach(j, draft))
        opened = await DishonestyRecordRow.filter(ppp_breach_id=row.pk).first()
        return PppBreachPayload(
            breach=PppBreach.from_model(row),
            draft_record_id=strawberry.ID(to_global_id("DishonestyRecord", opened.pk))
            if opened
            else None,
        )
