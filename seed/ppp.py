"""Loading the example Wuwei PPP projects (示例数据) into the graph, idempotently.

Everything goes through the same operations as the API, so the journal records it like any
other change. A project whose code is already present is skipped, and so is a known person.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from models import (
    Person,
    PositionRole,
    PppCommitmentKind,
    PppHandOverReason,
    PppLifecycleStage,
    PppPartner,
    PppPlanStage,
    PppProject,
    PppRegime,
    PppStageResponsibility,
    PppStageStatus,
    Task,
    Unit,
)
from resolvers.journal.writer import Journal
from resolvers.person.operations import PositionDraft, appoint, create_person
from resolvers.ppp import commitments, handover, operations

EXAMPLES = "wuwei-ppp-examples.json"


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Lookup:
    """Units and persons by exact name, as the example file writes them."""

    def __init__(self, units: dict[str, int], persons: dict[str, int]) -> None:
        self.units = units
        self.persons = persons

    def unit(self, name: str) -> int:
        if name not in self.units:
            raise LookupError(f"The PPP examples name an unknown unit {name!r}.")
        return self.units[name]


async def _persons(journal: Journal, entries: list[dict[str, Any]], units: _Lookup) -> None:
    for entry in entries:
        if entry["name"] in units.persons:
            continue
        person = await create_person(journal, entry["name"], "示例数据 — example person")
        units.persons[person.name] = person.pk
        for post in entry.get("positions", []):
            await appoint(
                journal,
                PositionDraft(
                    person_pk=person.pk,
                    unit_pk=units.unit(post["unit"]),
                    title=post["title"],
                    role=PositionRole(post["role"]),
                    valid_from=day(post.get("valid_from")),
                    valid_to=day(post.get("valid_to")),
                ),
            )


async def _responsibilities(
    journal: Journal, stage_pk: int, entries: list[dict[str, Any]], lookup: _Lookup
) -> None:
    current: PppStageResponsibility | None = None
    for entry in entries:
        if entry.get("hand_over"):
            assert current is not None, "a hand-over needs an earlier holder"
            _, current = await handover.hand_over(
                journal,
                handover.HandOver(
                    responsibility_pk=current.pk,
                    person_pk=lookup.persons[entry["person"]],
                    unit_pk=lookup.unit(entry["unit"]) if "unit" in entry else None,
                    effective_on=date.fromisoformat(entry["effective_on"]),
                    reason=PppHandOverReason(entry["reason"]),
                    note=entry["note"],
                ),
            )
        else:
            current = await handover.assign_responsibility(
                journal,
                handover.ResponsibilityDraft(
                    stage_pk=stage_pk,
                    person_pk=lookup.persons[entry["person"]],
                    unit_pk=lookup.unit(entry["unit"]),
                    valid_from=date.fromisoformat(entry["valid_from"]),
                    valid_to=day(entry.get("valid_to")),
                    duties=entry.get("duties", ""),
                ),
            )
        if end := entry.get("end"):
            current = await handover.end_responsibility(
                journal,
                current.pk,
                date.fromisoformat(end["valid_to"]),
                PppHandOverReason(end["reason"]),
                end["note"],
                None,
            )


async def _project(
    journal: Journal, entry: dict[str, Any], lookup: _Lookup, task_pk: int | None
) -> None:
    project = await operations.create_project(
        journal,
        operations.ProjectDraft(
            name=entry["name"],
            code=entry["code"],
            sector=entry["sector"],
            implementing_agency_pk=lookup.unit(entry["implementing_agency"]),
            regime=PppRegime(entry["regime"]),
            regime_from=date.fromisoformat(entry["regime_from"]),
            total_investment=Decimal(entry["total_investment"]),
            task_pk=task_pk,
            is_example=True,
            note=entry.get("note", ""),
            partners=tuple(entry["partners"]),
        ),
    )
    partners = {
        row.name: row.pk
        for row in await PppPartner.filter(project_id=project.pk).using_db(journal.connection)
    }
    for contract in entry.get("contracts", []):
        await operations.create_contract(
            journal,
            operations.ContractDraft(
                project_pk=project.pk,
                title=contract["title"],
                number=contract["number"],
                partner_pk=partners.get(contract.get("partner", "")),
                signed_on=day(contract.get("signed_on")),
                valid_from=day(contract.get("valid_from")),
                valid_to=day(contract.get("valid_to")),
            ),
        )
    for change in entry.get("regime_changes", []):
        await operations.change_regime(
            journal,
            project.pk,
            PppRegime(change["regime"]),
            date.fromisoformat(change["effective_on"]),
            change["reason"],
        )
    for stage_entry in entry["stages"]:
        stage = await operations.create_stage(
            journal,
            operations.StageDraft(
                project_pk=project.pk,
                plan_stage=PppPlanStage(stage_entry["plan_stage"]),
                lifecycle_stage=PppLifecycleStage(stage_entry["lifecycle_stage"]),
                status=PppStageStatus(stage_entry["status"]),
                started_on=day(stage_entry.get("started_on")),
                ended_on=day(stage_entry.get("ended_on")),
            ),
        )
        await _responsibilities(journal, stage.pk, stage_entry["responsibilities"], lookup)
    for item in entry.get("commitments", []):
        commitment = await commitments.create_commitment(
            journal,
            commitments.CommitmentDraft(
                project_pk=project.pk,
                kind=PppCommitmentKind(item["kind"]),
                description=item["description"],
                due_on=date.fromisoformat(item["due_on"]),
                amount=Decimal(item["amount"]) if "amount" in item else None,
            ),
        )
        for breach in item.get("breaches", []):
            await commitments.record_breach(
                journal,
                commitments.BreachDraft(
                    commitment_pk=commitment.pk,
                    occurred_on=date.fromisoformat(breach["occurred_on"]),
                    description=breach["description"],
                    cited_reason=breach["cited_reason"],
                    person_pk=lookup.persons.get(breach.get("person", "")),
                    # The example's credit records are its own curated ones (seed data).
                    opens_draft=False,
                ),
            )
        if fulfilled := item.get("fulfilled_on"):
            await commitments.fulfil_commitment(
                journal, commitment.pk, date.fromisoformat(fulfilled), None
            )


async def load_ppp_examples(journal: Journal, text: str, plan_pk: int | None) -> int:
    """Write the example projects not yet present; returns how many were written."""
    data = json.loads(text)
    present = set(
        await PppProject.filter(code__in=[p["code"] for p in data["projects"]])
        .using_db(journal.connection)
        .values_list("code", flat=True)
    )
    missing = [p for p in data["projects"] if p["code"] not in present]
    if not missing:
        return 0
    units = await Unit.all().using_db(journal.connection).values_list("name", "id")
    names = [p["name"] for p in data["persons"]]
    persons = await Person.filter(name__in=names).using_db(journal.connection)
    lookup = _Lookup(dict(units), {p.name: p.pk for p in persons})
    await _persons(journal, data["persons"], lookup)
    task = None
    if plan_pk is not None:
        task = (
            await Task.filter(plan_id=plan_pk, code=data["task_code"])
            .using_db(journal.connection)
            .first()
        )
    for entry in missing:
        await _project(journal, entry, lookup, task.pk if task else None)
    return len(missing)
