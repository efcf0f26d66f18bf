"""GraphQL types of government contractual commitments in PPP projects and their breaches."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PppBreach as BreachRow
from models import PppCommitment as CommitmentRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from schema.person import Person
from schema.ppp.enums import PppCommitmentKind, PppCommitmentStatus
from schema.relay import Node
from schema.task import Task
from schema.unit import Unit

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.ppp.project import PppContract, PppProject


@strawberry.type(
    description="政府承诺 — a contractual commitment of the government side "
    "(付费, 补贴, 审批) with its deadline, under a plan task."
)
class PppCommitment(Node):
    pk: strawberry.Private[int]
    project_pk: strawberry.Private[int]
    contract_pk: strawberry.Private[int | None]
    task_pk: strawberry.Private[int | None]
    unit_pk: strawberry.Private[int]
    kind: PppCommitmentKind = strawberry.field(description="类别 — kind of commitment.")
    description: str = strawberry.field(description="内容 — what the government promised.")
    amount: Decimal | None = strawberry.field(description="金额 — sum in 万元 (10,000 yuan).")
    due_on: date = strawberry.field(description="履行期限 — last day to perform it.")
    status: PppCommitmentStatus = strawberry.field(description="状态 — kept, open or broken.")
    fulfilled_on: date | None = strawberry.field(description="履行日期 — day it was performed.")
    version: int = strawberry.field(description="版本 — increases with every change.")

    @classmethod
    def from_model(cls, row: CommitmentRow) -> PppCommitment:
        return cls(
            id=strawberry.ID(to_global_id("PppCommitment", row.id)),
            pk=row.id,
            project_pk=row.project_id,
            contract_pk=row.contract_id,
            task_pk=row.task_id,
            unit_pk=row.unit_id,
            kind=PppCommitmentKind(row.kind.value),
            description=row.description,
            amount=row.amount,
            due_on=row.due_on,
            status=PppCommitmentStatus(row.status.value),
            fulfilled_on=row.fulfilled_on,
            version=row.version,
        )

    @strawberry.field(description="项目 — the project.")
    async def project(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[PppProject, strawberry.lazy("schema.ppp.project")]:
        from schema.ppp.project import PppProject

        row = await info.context.loaders.ppp_project_by_id.load(self.project_pk)
        assert row is not None
        return PppProject.from_model(row)

    @strawberry.field(description="合同 — the contract it stands in, if recorded.")
    async def contract(
        self, info: strawberry.Info[Context, None]
    ) -> Annotated[PppContract, strawberry.lazy("schema.ppp.project")] | None:
        from schema.ppp.project import PppContract

        if self.contract_pk is None:
            return None
        row = await info.context.loaders.ppp_contract_by_id.load(self.contract_pk)
        return PppContract.from_model(row) if row else None

    task = relation(
        loader=lambda loaders: loaders.task_by_id,
        key=lambda each: each.task_pk,
        type=Task,
        optional=True,
        description="所属任务 — the plan task it falls under (e.g. 一.(三).2).",
    )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda each: each.unit_pk,
        type=Unit,
        description="履约单位 — the government unit that must perform it.",
    )

    breaches = relation(
        loader=lambda loaders: loaders.ppp_breaches_by_commitment_id,
        key=lambda each: each.pk,
        type=Annotated["PppBreach", strawberry.lazy("schema.ppp.commitment")],
        many=True,
        description="违约记录 — breaches of this commitment, oldest first.",
    )


@strawberry.type(description="违约记录 — a breach of a government commitment (失信违约).")
class PppBreach(Node):
    pk: strawberry.Private[int]
    commitment_pk: strawberry.Private[int]
    person_pk: strawberry.Private[int | None]
    unit_pk: strawberry.Private[int | None]
    occurred_on: date = strawberry.field(description="发生日期 — day of the breach.")
    description: str = strawberry.field(description="违约事实 — what happened.")
    cited_reason: str = strawberry.field(
        description="所称理由 — the reason the government side gave (换届 or 责任人更替 is no "
        "excuse under the plan, but is kept as said)."
    )
    version: int = strawberry.field(description="版本 — increases with every change.")

    @classmethod
    def from_model(cls, row: BreachRow) -> PppBreach:
        return cls(
            id=strawberry.ID(to_global_id("PppBreach", row.id)),
            pk=row.id,
            commitment_pk=row.commitment_id,
            person_pk=row.person_id,
            unit_pk=row.unit_id,
            occurred_on=row.occurred_on,
            description=row.description,
            cited_reason=row.cited_reason,
            version=row.version,
        )

    commitment = relation(
        loader=lambda loaders: loaders.ppp_commitment_by_id,
        key=lambda each: each.commitment_pk,
        type=PppCommitment,
        description="承诺 — the broken commitment.",
    )

    person = relation(
        loader=lambda loaders: loaders.person_by_id,
        key=lambda each: each.person_pk,
        type=Person,
        optional=True,
        description="责任人 — the person answering for the breach, if named.",
    )

    unit = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda each: each.unit_pk,
        type=Unit,
        optional=True,
        description="责任单位 — the unit answering for the breach.",
    )
