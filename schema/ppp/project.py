"""GraphQL types of PPP projects, their regimes, partners and contracts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PppContract as ContractRow
from models import PppPartner as PartnerRow
from models import PppProject as ProjectRow
from models import PppProjectRegime as RegimeRow
from resolvers.execution.relations import relation
from resolvers.global_ids import to_global_id
from resolvers.validity import holds_on
from schema.ppp.commitment import PppBreach, PppCommitment
from schema.ppp.enums import PppRegime
from schema.ppp.stage import PppStage, Window
from schema.ppp.timeline import PppTimelineEvent, project_timeline
from schema.relay import Connection, Node
from schema.task import Task
from schema.unit import Unit

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.type(description="运作模式记录 — the regime a project ran under during a period.")
class PppProjectRegime(Node):
    pk: strawberry.Private[int]
    regime: PppRegime = strawberry.field(description="运作模式 — PPP, 特许经营, …")
    valid_from: date = strawberry.field(description="起始日期 — first day under this regime.")
    valid_to: date | None = strawberry.field(
        description="终止日期 — last day under it (null while it lasts)."
    )
    reason: str = strawberry.field(description="原因 — why the project took this regime.")

    @classmethod
    def from_model(cls, row: RegimeRow) -> PppProjectRegime:
        return cls(
            id=strawberry.ID(to_global_id("PppProjectRegime", row.id)),
            pk=row.id,
            regime=PppRegime(row.regime.value),
            valid_from=row.valid_from,
            valid_to=row.valid_to,
            reason=row.reason,
        )


@strawberry.type(description="社会资本方 — a private partner or project company of a project.")
class PppPartner(Node):
    pk: strawberry.Private[int]
    name: str = strawberry.field(description="名称 — name of the company.")
    role: str = strawberry.field(description="角色 — e.g. 社会资本方, 项目公司.")
    valid_from: date | None = strawberry.field(description="起始日期 — first day as partner.")
    valid_to: date | None = strawberry.field(description="终止日期 — last day as partner.")

    @classmethod
    def from_model(cls, row: PartnerRow) -> PppPartner:
        return cls(
            id=strawberry.ID(to_global_id("PppPartner", row.id)),
            pk=row.id,
            name=row.name,
            role=row.role,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )


@strawberry.type(description="项目合同 — a contract of a project (PPP项目合同, 特许经营协议).")
class PppContract(Node):
    pk: strawberry.Private[int]
    partner_pk: strawberry.Private[int | None]
    title: str = strawberry.field(description="合同名称 — title.")
    number: str = strawberry.field(description="合同编号 — number.")
    signed_on: date | None = strawberry.field(description="签订日期 — day it was signed.")
    valid_from: date | None = strawberry.field(description="起始日期 — first day of its term.")
    valid_to: date | None = strawberry.field(description="终止日期 — last day of its term.")

    @classmethod
    def from_model(cls, row: ContractRow) -> PppContract:
        return cls(
            id=strawberry.ID(to_global_id("PppContract", row.id)),
            pk=row.id,
            partner_pk=row.partner_id,
            title=row.title,
            number=row.number,
            signed_on=row.signed_on,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )

    partner = relation(
        loader=lambda loaders: loaders.ppp_partner_by_id,
        key=lambda each: each.partner_pk,
        type=PppPartner,
        optional=True,
        description="社会资本方 — the partner who signed it.",
    )


@strawberry.type(description="PPP项目 — a public-private partnership project (政府和社会资本合作).")
class PppProject(Node):
    pk: strawberry.Private[int]
    agency_pk: strawberry.Private[int]
    task_pk: strawberry.Private[int | None]
    name: str = strawberry.field(description="项目名称 — name.")
    code: str = strawberry.field(description="项目编号 — unique code.")
    sector: str = strawberry.field(description="行业领域 — sector, e.g. 市政工程.")
    total_investment: Decimal | None = strawberry.field(
        description="总投资 — total investment in 万元 (10,000 yuan)."
    )
    is_example: bool = strawberry.field(
        description="示例数据 — true for example data shipped with the seed (not a real project)."
    )
    note: str = strawberry.field(description="备注 — free-text note.")
    version: int = strawberry.field(description="版本 — increases with every change.")

    @classmethod
    def from_model(cls, row: ProjectRow) -> PppProject:
        return cls(
            id=strawberry.ID(to_global_id("PppProject", row.id)),
            pk=row.id,
            agency_pk=row.implementing_agency_id,
            task_pk=row.task_id,
            name=row.name,
            code=row.code,
            sector=row.sector,
            total_investment=row.total_investment,
            is_example=row.is_example,
            note=row.note,
            version=row.version,
        )

    implementing_agency = relation(
        loader=lambda loaders: loaders.unit_by_id,
        key=lambda each: each.agency_pk,
        type=Unit,
        description="实施机构 — the implementing agency (a government unit).",
    )

    task = relation(
        loader=lambda loaders: loaders.task_by_id,
        key=lambda each: each.task_pk,
        type=Task,
        optional=True,
        description="所属任务 — the plan task the project falls under.",
    )

    regimes = relation(
        loader=lambda loaders: loaders.ppp_regimes_by_project_id,
        key=lambda each: each.pk,
        type=PppProjectRegime,
        many=True,
        description="运作模式历史 — every regime period, oldest first.",
    )

    @strawberry.field(description="运作模式 — the regime on the day (omitted: the current one).")
    async def regime(
        self,
        info: strawberry.Info[Context, None],
        as_of: Annotated[
            date | None, strawberry.argument(description="截至日期 — the day to look at.")
        ] = None,
    ) -> PppProjectRegime | None:
        rows = await info.context.loaders.ppp_regimes_by_project_id.load(self.pk)
        held = [row for row in rows if holds_on(Window(row.valid_from, row.valid_to), as_of)]
        return PppProjectRegime.from_model(held[-1]) if held else None

    partners = relation(
        loader=lambda loaders: loaders.ppp_partners_by_project_id,
        key=lambda each: each.pk,
        type=PppPartner,
        many=True,
        description="社会资本方 — partners, oldest first.",
    )

    contracts = relation(
        loader=lambda loaders: loaders.ppp_contracts_by_project_id,
        key=lambda each: each.pk,
        type=PppContract,
        many=True,
        description="项目合同 — contracts, oldest first.",
    )

    stages = relation(
        loader=lambda loaders: loaders.ppp_stages_by_project_id,
        key=lambda each: each.pk,
        type=PppStage,
        many=True,
        description="项目阶段 — stages in order of their start.",
    )

    commitments = relation(
        loader=lambda loaders: loaders.ppp_commitments_by_project_id,
        key=lambda each: each.pk,
        type=PppCommitment,
        many=True,
        description="政府承诺 — government commitments in order of their deadline.",
    )

    breaches = relation(
        loader=lambda loaders: loaders.ppp_breaches_by_project_id,
        key=lambda each: each.pk,
        type=PppBreach,
        many=True,
        description="违约记录 — breaches of government commitments, oldest first.",
    )

    @strawberry.field(
        description="时间线 — every regime, stage, responsibility, hand-over, contract, "
        "commitment, breach and responsible person's dishonesty record of the project in date "
        "order (the auditor's view)."
    )
    async def timeline(self, info: strawberry.Info[Context, None]) -> list[PppTimelineEvent]:
        return await project_timeline(info, self.pk)


PppProjectConnection = Connection[PppProject]
