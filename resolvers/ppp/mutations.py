"""PPP mutations: projects, regimes, partners, contracts and stages.

Stage responsibility hand-overs are in ``responsibility_mutations.py``, government commitments
and breaches in ``commitment_mutations.py``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import PppLifecycleStage as LifecycleRow
from models import PppPlanStage as PlanStageRow
from models import PppRegime as RegimeRow
from models import PppStageStatus as StageStatusRow
from resolvers.global_ids import pk_of
from resolvers.mutation import INPUT, PLAIN_ARGUMENT, PlainReason, given, in_journal, one_input
from resolvers.ppp import operations
from resolvers.wire import wire
from schema.ppp import (
    PppContract,
    PppLifecycleStage,
    PppPartner,
    PppPlanStage,
    PppProject,
    PppProjectRegime,
    PppRegime,
    PppStage,
    PppStageStatus,
)

if TYPE_CHECKING:
    from resolvers.context import Context


def optional_pk(value: strawberry.ID | None, type_name: str, field: str) -> int | None:
    return pk_of(value, type_name, field) if value else None


@strawberry.input(description="新建PPP项目 — a new project with its first regime.")
class PppProjectCreateInput:
    name: str = strawberry.field(description="项目名称 — name.")
    code: str = strawberry.field(description="项目编号 — unique code.")
    implementing_agency_id: strawberry.ID = strawberry.field(description="实施机构 — unit ID.")
    regime_from: date = strawberry.field(description="起始日期 — first day of the first regime.")
    regime: PppRegime = strawberry.field(default=PppRegime.PPP, description="运作模式 — regime.")
    sector: str = strawberry.field(default="", description="行业领域 — sector.")
    total_investment: Decimal | None = strawberry.field(
        default=None, description="总投资 — in 万元."
    )
    task_id: strawberry.ID | None = strawberry.field(
        default=None, description="所属任务 — the plan task it falls under (一.(三).2)."
    )
    is_example: bool = strawberry.field(default=False, description="示例数据 — example data.")
    note: str = strawberry.field(default="", description="备注 — note.")
    partners: list[str] = strawberry.field(
        default_factory=list, description="社会资本方 — partner names."
    )


@strawberry.input(
    description="修改PPP项目 — changes to a project; omitted fields stay as they are."
)
class PppProjectUpdateInput:
    id: strawberry.ID = strawberry.field(description="项目ID — the project.")
    expected_version: int | None = strawberry.field(
        default=None, description="预期版本 — optimistic lock."
    )
    name: str | None = strawberry.field(default=strawberry.UNSET, description="项目名称 — name.")
    code: str | None = strawberry.field(default=strawberry.UNSET, description="项目编号 — code.")
    sector: str | None = strawberry.field(default=strawberry.UNSET, description="行业 — sector.")
    total_investment: Decimal | None = strawberry.field(
        default=strawberry.UNSET, description="总投资 — in 万元 (null clears it)."
    )
    implementing_agency_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="实施机构 — unit ID."
    )
    task_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description="所属任务 — task ID (null clears it)."
    )
    note: str | None = strawberry.field(default=strawberry.UNSET, description="备注 — note.")


@strawberry.type(description="PPP项目变更结果 — the project after the change.")
class PppProjectPayload:
    project: PppProject = strawberry.field(description="项目 — as stored.")


@strawberry.type(description="运作模式变更结果 — the ended regime and the new one.")
class PppRegimeChangePayload:
    ended: PppProjectRegime = strawberry.field(description="原模式 — ended the day before.")
    regime: PppProjectRegime = strawberry.field(description="新模式 — holds from the day given.")


@strawberry.type(description="社会资本方变更结果 — the partner after the change.")
class PppPartnerPayload:
    partner: PppPartner = strawberry.field(description="社会资本方 — as stored.")


@strawberry.type(description="合同变更结果 — the contract after the change.")
class PppContractPayload:
    contract: PppContract = strawberry.field(description="合同 — as stored.")


@strawberry.input(description="新建合同 — a contract of a project.")
class PppContractCreateInput:
    project_id: strawberry.ID = strawberry.field(description="项目ID — the project.")
    title: str = strawberry.field(description="合同名称 — title.")
    number: str = strawberry.field(default="", description="合同编号 — number.")
    partner_id: strawberry.ID | None = strawberry.field(default=None, description="社会资本方ID.")
    signed_on: date | None = strawberry.field(default=None, description="签订日期 — signed on.")
    valid_from: date | None = strawberry.field(default=None, description="起始日期 — term start.")
    valid_to: date | None = strawberry.field(default=None, description="终止日期 — term end.")


@strawberry.input(description="新建阶段 — a stage, named in either vocabulary or both.")
class PppStageCreateInput:
    project_id: strawberry.ID = strawberry.field(description="项目ID — the project.")
    plan_stage: PppPlanStage | None = strawberry.field(default=None, description="方案阶段.")
    lifecycle_stage: PppLifecycleStage | None = strawberry.field(
        default=None, description="生命周期阶段 — default: the usual counterpart."
    )
    status: PppStageStatus = strawberry.field(
        default=PppStageStatus.PLANNED, description="状态 — status."
    )
    started_on: date | None = strawberry.field(default=None, description="开始日期.")
    ended_on: date | None = strawberry.field(default=None, description="结束日期 — last day.")
    note: str = strawberry.field(default="", description="备注 — note.")


@strawberry.input(description="修改阶段 — changes to a stage; omitted fields stay as they are.")
class PppStageUpdateInput:
    id: strawberry.ID = strawberry.field(description="阶段ID — the stage.")
    expected_version: int | None = strawberry.field(default=None, description="预期版本.")
    status: PppStageStatus | None = strawberry.field(default=strawberry.UNSET, description="状态.")
    started_on: date | None = strawberry.field(default=strawberry.UNSET, description="开始日期.")
    ended_on: date | None = strawberry.field(default=strawberry.UNSET, description="结束日期.")
    note: str | None = strawberry.field(default=strawberry.UNSET, description="备注 — note.")


@strawberry.type(description="阶段变更结果 — the stage after the change.")
class PppStagePayload:
    stage: PppStage = strawberry.field(description="阶段 — as stored.")


@strawberry.input(description="变更运作模式 — the project runs under another regime from a day.")
class PppProjectRegimeChangeInput:
    project_id: strawberry.ID = strawberry.field(description="项目ID — the project.")
    regime: PppRegime = strawberry.field(description="新运作模式 — regime.")
    effective_on: date = strawberry.field(description="生效日期 — first day.")
    reason: str = strawberry.field(description="原因 — why (kept in the record).")


@strawberry.input(description="新增社会资本方 — a partner of a project.")
class PppPartnerAddInput:
    project_id: strawberry.ID = strawberry.field(description="项目ID — the project.")
    name: str = strawberry.field(description="名称 — company name.")
    role: str = strawberry.field(default="", description="角色 — e.g. 项目公司.")
    valid_from: date | None = strawberry.field(default=None, description="起始日期 — first day.")


@strawberry.type(description="PPP相关变更 — mutations of PPP projects.")
class PppMutation:
    @strawberry.mutation(description="新建PPP项目 — record a project with its first regime.")
    async def ppp_project_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppProjectCreateInput, strawberry.argument(description=INPUT)],
    ) -> PppProjectPayload:
        draft = operations.ProjectDraft(
            name=input.name,
            code=input.code,
            regime_from=input.regime_from,
            implementing_agency_pk=pk_of(
                input.implementing_agency_id, "Unit", "implementingAgencyId"
            ),
            regime=RegimeRow(wire(input.regime)),
            sector=input.sector,
            total_investment=input.total_investment,
            is_example=input.is_example,
            task_pk=optional_pk(input.task_id, "Task", "taskId"),
            note=input.note,
            partners=tuple(input.partners),
        )
        row = await in_journal(info, lambda j: operations.create_project(j, draft))
        return PppProjectPayload(project=PppProject.from_model(row))

    @strawberry.mutation(description="修改PPP项目 — change a project's recorded facts.")
    async def ppp_project_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppProjectUpdateInput, strawberry.argument(description=INPUT)],
    ) -> PppProjectPayload:
        pk = pk_of(input.id, "PppProject")
        changes = given(
            input, non_null=("name", "code", "sector", "note", "implementing_agency_id")
        )
        if "implementing_agency_id" in changes:
            changes["implementing_agency_id"] = pk_of(
                changes["implementing_agency_id"], "Unit", "implementingAgencyId"
            )
        if "task_id" in changes:
            changes["task_id"] = optional_pk(changes["task_id"], "Task", "taskId")
        row = await in_journal(
            info, lambda j: operations.update_project(j, pk, changes, input.expected_version)
        )
        return PppProjectPayload(project=PppProject.from_model(row))

    @strawberry.mutation(
        description="变更运作模式 — from a day on the project runs under another regime (e.g. "
        "特许经营); the old regime ends the day before and stays on record."
    )
    async def ppp_project_regime_change(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            PppProjectRegimeChangeInput | None, strawberry.argument(description=INPUT)
        ] = None,
        project_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="项目ID.", deprecation_reason=PLAIN_ARGUMENT),
        ] = None,
        regime: Annotated[
            PppRegime | None,
            strawberry.argument(
                description="新运作模式 — regime.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        effective_on: Annotated[
            date | None,
            strawberry.argument(
                description="生效日期 — first day.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        reason: PlainReason = None,
    ) -> PppRegimeChangePayload:
        given_ = one_input(
            PppProjectRegimeChangeInput,
            input,
            project_id=project_id,
            regime=regime,
            effective_on=effective_on,
            reason=reason,
        )
        pk = pk_of(given_.project_id, "PppProject", "projectId")
        ended, started = await in_journal(
            info,
            lambda j: operations.change_regime(
                j, pk, RegimeRow(wire(given_.regime)), given_.effective_on, given_.reason
            ),
        )
        return PppRegimeChangePayload(
            ended=PppProjectRegime.from_model(ended), regime=PppProjectRegime.from_model(started)
        )

    @strawberry.mutation(description="新增社会资本方 — add a partner to a project.")
    async def ppp_partner_add(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppPartnerAddInput | None, strawberry.argument(description=INPUT)] = None,
        project_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="项目ID.", deprecation_reason=PLAIN_ARGUMENT),
        ] = None,
        name: Annotated[
            str | None,
            strawberry.argument(
                description="名称 — company name.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        role: Annotated[
            str | None,
            strawberry.argument(
                description="角色 — e.g. 项目公司.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
        valid_from: Annotated[
            date | None,
            strawberry.argument(
                description="起始日期 — first day.", deprecation_reason=PLAIN_ARGUMENT
            ),
        ] = None,
    ) -> PppPartnerPayload:
        given_ = one_input(
            PppPartnerAddInput,
            input,
            project_id=project_id,
            name=name,
            role=role,
            valid_from=valid_from,
        )
        pk = pk_of(given_.project_id, "PppProject", "projectId")
        row = await in_journal(
            info,
            lambda j: operations.add_partner(j, pk, given_.name, given_.role, given_.valid_from),
        )
        return PppPartnerPayload(partner=PppPartner.from_model(row))

    @strawberry.mutation(description="新建合同 — record a contract of a project.")
    async def ppp_contract_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppContractCreateInput, strawberry.argument(description=INPUT)],
    ) -> PppContractPayload:
        draft = operations.ContractDraft(
            project_pk=pk_of(input.project_id, "PppProject", "projectId"),
            title=input.title,
            number=input.number,
            partner_pk=optional_pk(input.partner_id, "PppPartner", "partnerId"),
            signed_on=input.signed_on,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        row = await in_journal(info, lambda j: operations.create_contract(j, draft))
        return PppContractPayload(contract=PppContract.from_model(row))

    @strawberry.mutation(description="新建阶段 — record a stage of a project.")
    async def ppp_stage_create(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppStageCreateInput, strawberry.argument(description=INPUT)],
    ) -> PppStagePayload:
        draft = operations.StageDraft(
            project_pk=pk_of(input.project_id, "PppProject", "projectId"),
            plan_stage=PlanStageRow(wire(input.plan_stage)) if input.plan_stage else None,
            lifecycle_stage=(
                LifecycleRow(wire(input.lifecycle_stage)) if input.lifecycle_stage else None
            ),
            status=StageStatusRow(wire(input.status)),
            started_on=input.started_on,
            ended_on=input.ended_on,
            note=input.note,
        )
        row = await in_journal(info, lambda j: operations.create_stage(j, draft))
        return PppStagePayload(stage=PppStage.from_model(row))

    @strawberry.mutation(description="修改阶段 — change a stage's status or dates.")
    async def ppp_stage_update(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[PppStageUpdateInput, strawberry.argument(description=INPUT)],
    ) -> PppStagePayload:
        pk = pk_of(input.id, "PppStage")
        changes = given(input, non_null=("status", "note"))
        if "status" in changes:
            changes["status"] = StageStatusRow(wire(changes["status"]))
        row = await in_journal(
            info, lambda j: operations.update_stage(j, pk, changes, input.expected_version)
        )
        return PppStagePayload(stage=PppStage.from_model(row))
