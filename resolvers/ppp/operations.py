"""PPP project rules: unique codes, regime changes that end the old regime instead of
overwriting it, partners, contracts and stages named in both vocabularies."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from models import (
    PppContract,
    PppLifecycleStage,
    PppPartner,
    PppPlanStage,
    PppProject,
    PppProjectRegime,
    PppRegime,
    PppStage,
    PppStageStatus,
    Task,
    Unit,
)
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.journal.writer import Journal
from resolvers.ppp.vocabulary import stage_names
from resolvers.records import check_window, fetch, required_text, update_record


def check_amount(value: Decimal | None, field_name: str) -> Decimal | None:
    if value is not None and (value < 0 or value >= Decimal("1e14")):
        raise bad_input(f"`{field_name}` must be between 0 and 10^14 (万元).", field_name)
    return value


@dataclass(frozen=True)
class ProjectDraft:
    name: str
    code: str
    implementing_agency_pk: int
    regime_from: date
    regime: PppRegime = PppRegime.PPP
    sector: str = ""
    total_investment: Decimal | None = None
    task_pk: int | None = None
    is_example: bool = False
    note: str = ""
    partners: tuple[str, ...] = field(default_factory=tuple)


async def check_code_free(journal: Journal, code: str, except_pk: int | None) -> None:
    query = PppProject.filter(code=code).using_db(journal.connection)
    if except_pk is not None:
        query = query.exclude(pk=except_pk)
    if await query.exists():
        raise DomainError(ErrorCode.CONFLICT, f"A PPP project with code {code} exists.", "code")


async def create_project(journal: Journal, draft: ProjectDraft) -> PppProject:
    """The project, its first regime and its partners, journaled together."""
    code = required_text(draft.code, "code", 100)
    await check_code_free(journal, code, None)
    await fetch(Unit, draft.implementing_agency_pk, "Unit", "implementingAgencyId", journal)
    if draft.task_pk is not None:
        await fetch(Task, draft.task_pk, "Task", "taskId", journal)
    project = await PppProject.create(
        name=required_text(draft.name, "name", 300),
        code=code,
        sector=draft.sector.strip(),
        total_investment=check_amount(draft.total_investment, "totalInvestment"),
        implementing_agency_id=draft.implementing_agency_pk,
        task_id=draft.task_pk,
        is_example=draft.is_example,
        note=draft.note,
        using_db=journal.connection,
    )
    await journal.created(project)
    regime = await PppProjectRegime.create(
        project_id=project.pk,
        regime=draft.regime,
        valid_from=draft.regime_from,
        reason="立项 — project established",
        using_db=journal.connection,
    )
    await journal.created(regime)
    for name in draft.partners:
        await add_partner(journal, project.pk, name, "", draft.regime_from)
    return project


async def update_project(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> PppProject:
    project = await fetch(PppProject, pk, "PppProject", "id", journal)
    if "name" in changes:
        changes["name"] = required_text(changes["name"], "name", 300)
    if "code" in changes:
        changes["code"] = required_text(changes["code"], "code", 100)
        await check_code_free(journal, changes["code"], pk)
    if "implementing_agency_id" in changes:
        await fetch(
            Unit, changes["implementing_agency_id"], "Unit", "implementingAgencyId", journal
        )
    if changes.get("task_id") is not None:
        await fetch(Task, changes["task_id"], "Task", "taskId", journal)
    if "total_investment" in changes:
        check_amount(changes["total_investment"], "totalInvestment")
    return await update_record(journal, project, changes, expected_version)


async def change_regime(
    journal: Journal, project_pk: int, regime: PppRegime, effective_on: date, reason: str
) -> tuple[PppProjectRegime, PppProjectRegime]:
    """The current regime ends the day before ``effective_on``, the new one starts on it."""
    await fetch(PppProject, project_pk, "PppProject", "projectId", journal)
    reason = required_text(reason, "reason", 2000)
    current = (
        await PppProjectRegime.filter(project_id=project_pk, valid_to__isnull=True)
        .using_db(journal.connection)
        .first()
    )
    if current is None:
        raise DomainError(
            ErrorCode.INVALID_TRANSITION,
            "The project has no current regime to change.",
            "projectId",
        )
    if current.regime == regime:
        raise bad_input(f"The project already runs under {regime.value}.", "regime")
    if effective_on <= current.valid_from:
        raise bad_input("The new regime must start after the current one started.", "effectiveOn")
    ended = await update_record(
        journal, current, {"valid_to": effective_on - timedelta(days=1)}, None, "ppp.regime.end"
    )
    started = await PppProjectRegime.create(
        project_id=project_pk,
        regime=regime,
        valid_from=effective_on,
        reason=reason,
        using_db=journal.connection,
    )
    await journal.created(started, "ppp.regime.change")
    return ended, started


async def add_partner(
    journal: Journal, project_pk: int, name: str, role: str, valid_from: date | None
) -> PppPartner:
    await fetch(PppProject, project_pk, "PppProject", "projectId", journal)
    partner = await PppPartner.create(
        project_id=project_pk,
        name=required_text(name, "name", 300),
        role=role.strip(),
        valid_from=valid_from,
        using_db=journal.connection,
    )
    await journal.created(partner)
    return partner


@dataclass(frozen=True)
class ContractDraft:
    project_pk: int
    title: str
    number: str = ""
    partner_pk: int | None = None
    signed_on: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None


async def create_contract(journal: Journal, draft: ContractDraft) -> PppContract:
    await fetch(PppProject, draft.project_pk, "PppProject", "projectId", journal)
    if draft.partner_pk is not None:
        partner = await fetch(PppPartner, draft.partner_pk, "PppPartner", "partnerId", journal)
        if partner.project_id != draft.project_pk:
            raise bad_input("The partner belongs to another project.", "partnerId")
    check_window(draft.valid_from, draft.valid_to)
    contract = await PppContract.create(
        project_id=draft.project_pk,
        partner_id=draft.partner_pk,
        title=required_text(draft.title, "title", 300),
        number=draft.number.strip(),
        signed_on=draft.signed_on,
        valid_from=draft.valid_from,
        valid_to=draft.valid_to,
        using_db=journal.connection,
    )
    await journal.created(contract)
    return contract


@dataclass(frozen=True)
class StageDraft:
    project_pk: int
    plan_stage: PppPlanStage | None = None
    lifecycle_stage: PppLifecycleStage | None = None
    status: PppStageStatus = PppStageStatus.PLANNED
    started_on: date | None = None
    ended_on: date | None = None
    note: str = ""


async def create_stage(journal: Journal, draft: StageDraft) -> PppStage:
    await fetch(PppProject, draft.project_pk, "PppProject", "projectId", journal)
    plan_stage, lifecycle = stage_names(draft.plan_stage, draft.lifecycle_stage)
    check_window(draft.started_on, draft.ended_on, "endedOn")
    stage = await PppStage.create(
        project_id=draft.project_pk,
        plan_stage=plan_stage,
        lifecycle_stage=lifecycle,
        status=draft.status,
        started_on=draft.started_on,
        ended_on=draft.ended_on,
        note=draft.note,
        using_db=journal.connection,
    )
    await journal.created(stage)
    return stage


async def update_stage(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> PppStage:
    stage = await fetch(PppStage, pk, "PppStage", "id", journal)
    if "plan_stage" in changes or "lifecycle_stage" in changes:
        changes["plan_stage"], changes["lifecycle_stage"] = stage_names(
            changes.get("plan_stage", stage.plan_stage),
            changes.get("lifecycle_stage", stage.lifecycle_stage),
        )
    check_window(
        changes.get("started_on", stage.started_on),
        changes.get("ended_on", stage.ended_on),
        "endedOn",
    )
    return await update_record(journal, stage, changes, expected_version)
