"""Deterministic synthetic PPP projects: regimes, partners, contracts, stages with hand-overs,
government commitments and breaches (part of ``bench.dataset``)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from tortoise.models import Model

from models import (
    PppBreach,
    PppCommitment,
    PppCommitmentKind,
    PppCommitmentStatus,
    PppContract,
    PppHandOverReason,
    PppPartner,
    PppProject,
    PppProjectRegime,
    PppRegime,
    PppStage,
    PppStageResponsibility,
    PppStageStatus,
    Task,
    Unit,
)
from resolvers.ppp.vocabulary import STAGE_PAIRS

if TYPE_CHECKING:
    from bench.dataset import Builder

#: One stage per plan-vocabulary name, paired with its usual lifecycle stage.
STAGES = [pair for i, pair in enumerate(STAGE_PAIRS) if i in (0, 2, 3, 4, 5)]
START = date(2016, 3, 1)
PPP_MODELS: list[type[Model]] = [
    PppProject,
    PppProjectRegime,
    PppPartner,
    PppContract,
    PppStage,
    PppStageResponsibility,
    PppCommitment,
    PppBreach,
]


class PppBuilder:
    """Adds the PPP tables to a ``Builder``'s dataset."""

    def __init__(
        self, builder: Builder, agencies: list[Unit], tasks: list[Task], heads: dict[int, int]
    ) -> None:
        self.b = builder
        self.agencies = agencies
        self.tasks = tasks
        self.heads = heads
        self.next_pk: dict[type[Model], int] = {}
        self.rows: dict[type[Model], list[Model]] = {}

    def _pk(self, model: type[Model]) -> int:
        pk = self.next_pk.get(model, self.b.starts.of(model))
        self.next_pk[model] = pk + 1
        return pk

    def _add(self, row: Model) -> None:
        self.rows.setdefault(type(row), []).append(row)

    def build(self) -> None:
        for n in range(self.b.size.ppp_projects):
            self.project(n)
        for model in PPP_MODELS:
            self.b.data.add(model._meta.db_table, self.rows.get(model, []))

    def project(self, n: int) -> None:
        rng = self.b.rng
        agency = rng.choice(self.agencies)
        start = START + timedelta(days=rng.randrange(400))
        project = PppProject(
            id=self._pk(PppProject),
            name=f"合成PPP项目{n}",
            code=f"PPP-SYN-{n:05d}",
            sector=rng.choice(["市政", "交通", "水利", "教育", "医疗"]),
            total_investment=Decimal(rng.randrange(5_000, 500_000)),
            implementing_agency_id=agency.id,
            task_id=rng.choice(self.tasks).id,
        )
        self._add(project)
        self._add(
            PppProjectRegime(
                id=self._pk(PppProjectRegime),
                project_id=project.id,
                regime=PppRegime.PPP,
                valid_from=start,
            )
        )
        partner = PppPartner(
            id=self._pk(PppPartner),
            project_id=project.id,
            name=f"合成社会资本方{n}",
            role="社会资本方",
            valid_from=start,
        )
        self._add(partner)
        contract = PppContract(
            id=self._pk(PppContract),
            project_id=project.id,
            partner_id=partner.id,
            title=f"合成PPP项目{n}合同",
            number=f"HT-{n:05d}",
            signed_on=start + timedelta(days=200),
            valid_from=start + timedelta(days=200),
        )
        self._add(contract)
        self.stages(project, agency, start)
        self.commitments(project, contract, agency, start)

    def stages(self, project: PppProject, agency: Unit, start: date) -> None:
        rng = self.b.rng
        head = self.heads[agency.id]
        day = start
        for i, (plan_stage, lifecycle) in enumerate(STAGES):
            length = rng.randrange(120, 400)
            stage = PppStage(
                id=self._pk(PppStage),
                project_id=project.id,
                plan_stage=plan_stage,
                lifecycle_stage=lifecycle,
                status=PppStageStatus.COMPLETED if i < 3 else PppStageStatus.IN_PROGRESS,
                started_on=day,
                ended_on=day + timedelta(days=length) if i < 3 else None,
            )
            self._add(stage)
            handover = day + timedelta(days=length // 2)
            first = PppStageResponsibility(
                id=self._pk(PppStageResponsibility),
                stage_id=stage.id,
                person_id=head,
                unit_id=agency.id,
                duties="政府方责任人",
                valid_from=day,
                valid_to=handover - timedelta(days=1),
                end_reason=PppHandOverReason.TERM_CHANGE,
                end_note="换届",
            )
            second = PppStageResponsibility(
                id=self._pk(PppStageResponsibility),
                stage_id=stage.id,
                person_id=head + 1,
                unit_id=agency.id,
                duties="政府方责任人",
                valid_from=handover,
                predecessor_id=first.id,
                start_reason=PppHandOverReason.TERM_CHANGE,
            )
            self._add(first)
            self._add(second)
            day += timedelta(days=length)

    def commitments(
        self, project: PppProject, contract: PppContract, agency: Unit, start: date
    ) -> None:
        rng = self.b.rng
        for kind in (
            PppCommitmentKind.PAYMENT,
            PppCommitmentKind.SUBSIDY,
            PppCommitmentKind.APPROVAL,
        ):
            status = rng.choices(list(PppCommitmentStatus), [50, 40, 10])[0]
            due = start + timedelta(days=rng.randrange(300, 1500))
            commitment = PppCommitment(
                id=self._pk(PppCommitment),
                project_id=project.id,
                contract_id=contract.id,
                task_id=project.task_id,
                unit_id=agency.id,
                kind=kind,
                description=f"按合同{kind.value.lower()}",
                amount=Decimal(rng.randrange(100, 10_000)) if kind != "APPROVAL" else None,
                due_on=due,
                status=status,
                fulfilled_on=due if status == PppCommitmentStatus.FULFILLED else None,
            )
            self._add(commitment)
            if status == PppCommitmentStatus.BREACHED:
                self._add(
                    PppBreach(
                        id=self._pk(PppBreach),
                        project_id=project.id,
                        commitment_id=commitment.id,
                        person_id=self.heads[agency.id],
                        unit_id=agency.id,
                        occurred_on=due + timedelta(days=30),
                        description="未按期履约",
                        cited_reason="政府换届",
                    )
                )
