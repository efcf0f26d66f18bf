"""Writing plans and unit catalogues into the graph: one journaled transaction, idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from models import AssignmentRole as RoleRow
from models import DeadlineKind as DeadlineKindRow
from models import Plan, Section, Unit, UnitKind, UnitMembership
from resolvers.context import Actor
from resolvers.journal.writer import Journal, journaled
from resolvers.plan.operations import PlanDraft, SectionDraft, create_plan, create_section, digest
from resolvers.task.operations import AssignmentDraft, DeadlineDraft, TaskDraft, assign, create_task
from resolvers.unit.operations import UnitDraft, add_member, create_unit
from schema.errors import DomainError, ErrorCode
from seed.parse import ParsedPlan, parse_plan
from seed.units import KnownUnit, UnitDirectory

DEFAULT_PLAN = "wuwei-2017-integrity-task-plan.txt"
DEFAULT_UNITS = "wuwei-units.json"
SEED_ACTOR = Actor("seed")


def seed_text(name: str) -> str:
    return resources.files("seed").joinpath("data", name).read_text(encoding="utf-8")


async def unit_directory(journal: Journal) -> UnitDirectory:
    rows = await Unit.all().using_db(journal.connection)
    return UnitDirectory(KnownUnit(row.name, tuple(row.all_names()), row.pk) for row in rows)


async def ensure_units(journal: Journal, catalogue: list[dict[str, Any]]) -> int:
    """Create the catalogue's units and memberships that are missing; returns how many units."""
    existing = {row.name: row for row in await Unit.all().using_db(journal.connection)}
    created = 0
    for entry in catalogue:
        if entry["name"] in existing:
            continue
        parent = existing.get(entry.get("parent", ""))
        unit = await create_unit(
            journal,
            UnitDraft(
                name=entry["name"],
                kind=UnitKind(entry["kind"]),
                short_name=entry.get("short_name"),
                aliases=tuple(entry.get("aliases", [])),
                parent_pk=parent.pk if parent else None,
            ),
        )
        existing[unit.name] = unit
        created += 1
    for entry in catalogue:
        collective = existing[entry["name"]]
        linked = set(
            await UnitMembership.filter(collective_id=collective.pk)
            .using_db(journal.connection)
            .values_list("member_id", flat=True)
        )
        for member_name in entry.get("members", []):
            member = existing[member_name]
            if member.pk not in linked:
                await add_member(journal, collective.pk, member.pk, None)
    return created


@dataclass
class ImportOutcome:
    """What an import did: the plan (new or already there) and what it could not place."""

    plan: Plan
    created: bool
    tasks: int = 0
    assignments: int = 0
    created_units: list[str] = field(default_factory=list)


async def import_plan(
    journal: Journal, parsed: ParsedPlan, *, create_units: bool = False
) -> ImportOutcome:
    """Write a parsed plan; the same text again changes nothing. Unknown units fail the import
    (nothing is written) unless ``create_units`` is set."""
    same = await Plan.filter(source_sha256=digest(parsed.text)).using_db(journal.connection).first()
    if same is not None:
        return ImportOutcome(plan=same, created=False)
    directory = await unit_directory(journal)
    outcome_units: list[str] = []
    unknown = sorted(
        {a.unit for t in parsed.tasks for a in t.assignments if directory.find(a.unit) is None}
    )
    if unknown and not create_units:
        raise DomainError(
            ErrorCode.BAD_USER_INPUT,
            "Unknown units: " + "、".join(unknown) + ". Add them (or their aliases) first, "
            "or import with create-units.",
            "units",
        )
    for name in unknown:
        kind = UnitKind.COLLECTIVE if name.startswith(("各", "有关")) else UnitKind.OTHER
        await create_unit(journal, UnitDraft(name=name, kind=kind, note="created by plan import"))
        outcome_units.append(name)
    if unknown:
        directory = await unit_directory(journal)
    document = parsed.document
    issuer = directory.find(document.issuer) if document.issuer else None
    plan = await create_plan(
        journal,
        PlanDraft(
            title=document.title or "(untitled plan)",
            doc_number=document.doc_number,
            issuer_pk=issuer.pk if issuer else None,
            issued_on=document.issued_on,
            implements=document.implements,
            source_text=parsed.text,
        ),
    )
    sections: dict[tuple[str, ...], Section] = {}
    for ordinal, parsed_section in enumerate(parsed.sections, start=1):
        parent = sections.get(parsed_section.path[:-1])
        sections[parsed_section.path] = await create_section(
            journal,
            SectionDraft(
                plan_pk=plan.pk,
                code=".".join(parsed_section.path),
                title=parsed_section.title or ".".join(parsed_section.path),
                parent_pk=parent.pk if parent else None,
                ordinal=ordinal,
                source_start=parsed_section.start,
                source_end=parsed_section.end,
            ),
        )
    outcome = ImportOutcome(plan=plan, created=True, created_units=outcome_units)
    for ordinal, parsed_task in enumerate(parsed.tasks, start=1):
        section = sections.get(parsed_task.section_path)
        deadline = parsed_task.deadline
        task = await create_task(
            journal,
            TaskDraft(
                plan_pk=plan.pk,
                code=".".join(parsed_task.path),
                title=parsed_task.title or ".".join(parsed_task.path),
                body=parsed_task.body,
                section_pk=section.pk if section else None,
                ordinal=ordinal,
                deadline=DeadlineDraft(
                    kind=DeadlineKindRow(deadline.kind.value),
                    text=deadline.text,
                    due_on=deadline.due_on,
                    rule=deadline.rule,
                )
                if deadline
                else None,
                source_start=parsed_task.start,
                source_end=parsed_task.end,
            ),
        )
        outcome.tasks += 1
        placed: set[tuple[int, str]] = set()
        for position, parsed_assignment in enumerate(parsed_task.assignments, start=1):
            unit = directory.find(parsed_assignment.unit)
            assert unit is not None
            assert unit.pk is not None
            if (unit.pk, parsed_assignment.role.value) in placed:
                continue
            placed.add((unit.pk, parsed_assignment.role.value))
            await assign(
                journal,
                AssignmentDraft(
                    task_pk=task.pk,
                    unit_pk=unit.pk,
                    role=RoleRow(parsed_assignment.role.value),
                    written_name=parsed_assignment.unit,
                    ordinal=position,
                    rule=parsed_assignment.rule,
                    implicit=parsed_assignment.implicit,
                    source_start=parsed_assignment.start,
                    source_end=parsed_assignment.end,
                ),
            )
            outcome.assignments += 1
    return outcome


async def load_default(actor: Actor = SEED_ACTOR) -> ImportOutcome:
    """The embedded default: Wuwei's units and its 2017 government-integrity plan."""
    catalogue = json.loads(seed_text(DEFAULT_UNITS))["units"]
    parsed = parse_plan(seed_text(DEFAULT_PLAN))
    async with journaled(actor) as journal:
        await ensure_units(journal, catalogue)
        return await import_plan(journal, parsed)
