"""GraphQL types of government contractual commitments in PPP projects and their breaches."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PppBreach as BreachRow
from models import PppCommitment as CommitmentRow
from schema.batching import batched
from schema.person import Person
from schema.ppp.enums import PppCommitmentKind, PppCommitmentStatus
from schema.relations import to_many, to_one
from schema.relay import Node, to_global_id
from schema.task import Task
from schema.unit import Unit

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.ppp.project import PppContract, PppProject


_task_of_ppp_commitment = to_one(
    lambda loaders: loaders.task_by_id, lambda each: each.task_pk, lambda row: Task.from_model(row)
)
_person_of_ppp_breach = to_one(
    lambda loaders: loaders.person_by_id,
    lambda each: each.person_pk,
    lambda row: Person.from_model(row),
)
_commitment_of_ppp_breach = to_one(
    lambda loaders: loaders.ppp_commitment_by_id,
    lambda each: each.commitment_pk,
    lambda row: PppCommitment.from_model(row),
)
_breaches_of_ppp_commitment = to_many(
    lambda loaders: loaders.ppp_breaches_by_commitment_id,
    lambda each: each.pk,
    lambda row: PppBreach.from_model(row),
)
_unit_of_ppp_breach = to_one(
    lambda loaders: loaders.unit_by_id, lambda each: each.unit_pk, Unit.from_model
)
_unit_of_ppp_commitment = to_one(
    lambda loaders: loaders.unit_by_id, lambda each: each.unit_pk, Unit.from_model
)


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

    @strawberry.field(description="所属任务 — the plan task it falls under (e.g. 一.(三).2).")
    @batched(_task_of_ppp_commitment)
    async def task(self, info: strawberry.Info[Context, None]) -> Task | None:
        [task] = await _task_of_ppp_commitment([self], info)
        return task

    @strawberry.field(description="履约单位 — the government unit that must perform it.")
    @batched(_unit_of_ppp_commitment)
    async def unit(self, info: strawberry.Info[Context, None]) -> Unit:
        [unit] = await _unit_of_ppp_commitment([self], info)
        assert unit is not None
        return unit

    @strawberry.field(description="违约记录 — breaches of this commitment, oldest first.")
    @batched(_breaches_of_ppp_commitment)
    async def breaches(self, info: strawberry.Info[Context, None]) -> list[PppBreach]:
        [breaches] = await _breaches_of_ppp_commitment([self], info)
        return breaches


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

    @strawberry.field(description="承诺 — the broken commitment.")
    @batched(_commitment_of_ppp_breach)
    async def commitment(self, info: strawberry.Info[Context, None]) -> PppCommitment:
        [commitment] = await _commitment_of_ppp_breach([self], info)
        assert commitment is not None
        return commitment

    @strawberry.field(description="责任人 — the person answering for the breach, if named.")
    @batched(_person_of_ppp_breach)
    async def person(self, info: strawberry.Info[Context, None]) -> Person | None:
        [person] = await _person_of_ppp_breach([self], info)
        return person

    @strawberry.field(description="责任单位 — the unit answering for the breach.")
    @batched(_unit_of_ppp_breach)
    async def unit(self, info: strawberry.Info[Context, None]) -> Unit | None:
        [unit] = await _unit_of_ppp_breach([self], info)
        return unit
