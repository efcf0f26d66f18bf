"""Writing plans and unit catalogues into the graph: one journaled transaction, idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from models import Assignment, Plan, Section, Task, Unit, UnitKind, UnitMembership
from models import AssignmentRole as RoleRow
from models import DeadlineKind as DeadlineKindRow
from resolvers import workdays
from resolvers.context import Actor
from resolvers.journal.writer import Journal, journaled
from resolvers.plan.operations import PlanDraft, SectionDraft, create_plan, create_section, digest
from resolvers.task.operations import NO_DEADLINE, DeadlineDraft
from resolvers.unit.operations import UnitDraft, add_member, create_unit
from schema.errors import DomainError, ErrorCode
from seed.editions import EditionChanges, TaskShape, compare
from seed.parse import ParsedPlan, parse_plan
from seed.ppp import EXAMPLES as PPP_EXAMPLES
from seed.ppp import load_ppp_examples
from seed.units import KnownUnit, UnitDirectory

DEFAULT_PLAN = "wuwei-2017-integrity-task-plan.txt"
DEFAULT_UNITS = "wuwei-units.json"
SEED_ACTOR = Actor("seed")


def seed_text(name: str) -> str:
    return resources.files("seed").joinpath("data", name).read_text(encoding="utf-8")


async def unit_directory(journal: Journal | None = None) -> UnitDirectory:
    """Every unit by all its names; inside ``journal``'s transaction when one is given."""
    query = Unit.all()
    rows = await (query.using_db(journal.connection) if journal else query)
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
    """What an import did: the plan (new or already there), units it created, and, for a
    revised edition, how it differs from the edition before."""

    plan: Plan
    created: bool
    tasks: int = 0
    assignments: int = 0
    created_units: list[str] = field(default_factory=list)
    previous_edition: Plan | None = None
    changes: EditionChanges | None = None


async def task_shapes(journal: Journal, plan_pk: int) -> list[TaskShape]:
    tasks = await Task.filter(plan_id=plan_pk).using_db(journal.connection)
    held: dict[int, set[tuple[int, str]]] = {task.pk: set() for task in tasks}
    assignments = await Assignment.filter(task_id__in=list(held), valid_to__isnull=True).using_db(
        journal.connection
    )
    for assignment in assignments:
        held[assignment.task_id].add((assignment.unit_id, assignment.role.value))
    return [(t.code, t.title, frozenset(held[t.pk])) for t in tasks]


async def latest_edition(journal: Journal, title: str | None) -> Plan | None:
    """The newest plan with this title that no later edition has replaced."""
    if not title:
        return None
    candidates = await Plan.filter(title=title).using_db(journal.connection).order_by("-id")
    replaced = {p.previous_edition_id for p in await Plan.all().using_db(journal.connection)}
    return next((plan for plan in candidates if plan.pk not in replaced), None)


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
            "or let the import create them: `dutygraph import FILE --create-units` "
            "(GraphQL: `planImport(input: {…, createUnits: true})`).",
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
    previous = await latest_edition(journal, document.title)
    plan = await create_plan(
        journal,
        PlanDraft(
            title=document.title or "(untitled plan)",
            doc_number=document.doc_number,
            issuer_pk=issuer.pk if issuer else None,
            issued_on=document.issued_on,
            implements=document.implements,
            source_text=parsed.text,
            previous_edition_pk=previous.pk if previous else None,
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
    outcome = ImportOutcome(
        plan=plan, created=True, created_units=outcome_units, previous_edition=previous
    )
    tasks = await write_tasks(journal, plan, parsed, sections)
    outcome.tasks = len(tasks)
    outcome.assignments = await write_assignments(journal, tasks, parsed, directory, plan.issued_on)
    if previous is not None:
        outcome.changes = compare(
            await task_shapes(journal, previous.pk), await task_shapes(journal, plan.pk)
        )
    return outcome


def unique_codes(parsed: ParsedPlan) -> list[str]:
    """Task codes from the parsed paths, made unique (``一.1``, ``一.1#2``) if one repeats."""
    seen: dict[str, int] = {}
    codes = []
    for task in parsed.tasks:
        code = ".".join(task.path) or "-"
        seen[code] = seen.get(code, 0) + 1
        codes.append(code if seen[code] == 1 else f"{code}#{seen[code]}")
    return codes


async def write_tasks(
    journal: Journal, plan: Plan, parsed: ParsedPlan, sections: dict[tuple[str, ...], Section]
) -> list[Task]:
    """All tasks of a new plan in bulk, journaled one entry each; returned in plan order."""
    rows = []
    for ordinal, (code, parsed_task) in enumerate(
        zip(unique_codes(parsed), parsed.tasks, strict=True), 1
    ):
        section = sections.get(parsed_task.section_path)
        deadline = parsed_task.deadline
        rows.append(
            Task(
                plan_id=plan.pk,
                section_id=section.pk if section else None,
                code=code,
                title=(parsed_task.title or code)[:500],
                body=parsed_task.body,
                ordinal=ordinal,
                source_start=parsed_task.start,
                source_end=parsed_task.end,
                **(
                    DeadlineDraft(
                        kind=DeadlineKindRow(deadline.kind.value),
                        text=deadline.text,
                        due_on=deadline.due_on,
                        rule=deadline.rule,
                    ).columns()
                    if deadline
                    else NO_DEADLINE
                ),
            )
        )
    await Task.bulk_create(rows, batch_size=500, using_db=journal.connection)
    stored = await Task.filter(plan_id=plan.pk).using_db(journal.connection).order_by("ordinal")
    await journal.created_many(stored)
    return list(stored)


async def write_assignments(
    journal: Journal,
    tasks: list[Task],
    parsed: ParsedPlan,
    directory: UnitDirectory,
    valid_from: date | None,
) -> int:
    """Every task's assignments in written order, in bulk, journaled one entry each; they hold
    from ``valid_from`` (the edition's issue date)."""
    rows = []
    for task, parsed_task in zip(tasks, parsed.tasks, strict=True):
        placed: set[tuple[int, str]] = set()
        for position, parsed_assignment in enumerate(parsed_task.assignments, start=1):
            unit = directory.find(parsed_assignment.unit)
            assert unit is not None
            assert unit.pk is not None
            if (unit.pk, parsed_assignment.role.value) in placed:
                continue
            placed.add((unit.pk, parsed_assignment.role.value))
            rows.append(
                Assignment(
                    task_id=task.pk,
                    unit_id=unit.pk,
                    role=RoleRow(parsed_assignment.role.value),
                    ordinal=position,
                    written_name=parsed_assignment.unit[:200],
                    rule=parsed_assignment.rule,
                    implicit=parsed_assignment.implicit,
                    source_start=parsed_assignment.start,
                    source_end=parsed_assignment.end,
                    valid_from=valid_from,
                )
            )
    await Assignment.bulk_create(rows, batch_size=500, using_db=journal.connection)
    plan_pk = tasks[0].plan_id if tasks else 0
    stored = (
        await Assignment.filter(task__plan_id=plan_pk)
        .using_db(journal.connection)
        .order_by("task_id", "ordinal", "id")
    )
    await journal.created_many(stored)
    return len(stored)


async def load_default(actor: Actor = SEED_ACTOR) -> ImportOutcome:
    """The embedded default: Wuwei's units, its 2017 plan and the example PPP projects."""
    catalogue = json.loads(seed_text(DEFAULT_UNITS))["units"]
    parsed = parse_plan(seed_text(DEFAULT_PLAN))
    # The seed records what really happened (its PPP examples run into 2018 and later): it is
    # checked against the real date, also on a demo day fixed before it.
    with workdays.real_today():
        async with journaled(actor) as journal:
            await ensure_units(journal, catalogue)
            outcome = await import_plan(journal, parsed)
            await load_ppp_examples(journal, seed_text(PPP_EXAMPLES), outcome.plan.pk)
            return outcome
