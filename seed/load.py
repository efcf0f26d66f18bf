"""Writing plans and unit catalogues into the graph: one journaled transaction, idempotent."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any

from tortoise.expressions import F, Q

from models import Assignment, Plan, Section, Task, Unit, UnitKind, UnitMembership
from models import AssignmentRole as RoleRow
from models import DeadlineKind as DeadlineKindRow
from resolvers import workdays
from resolvers.context import Actor
from resolvers.errors import DomainError, ErrorCode, bad_input
from resolvers.journal.writer import Journal, journaled, snapshot
from resolvers.plan.operations import PlanDraft, SectionDraft, create_plan, create_section, digest
from resolvers.records import fetch, update_record, write_if
from resolvers.task.operations import NO_DEADLINE, DeadlineDraft
from resolvers.unit.operations import UnitDraft, add_member, create_unit
from seed.editions import EditionChanges, TaskShape, TaskText, compare, match_tasks
from seed.parse import ParsedPlan, parse_plan
from seed.parse_types import ParsedDocument
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
    #: Tasks of the new edition that continue a task of the previous one.
    matches: list[Task] = field(default_factory=list)


def deadline_key(due_on: date | None, text: str | None) -> str:
    """What the diff compares of a deadline: its day, else its words."""
    return due_on.isoformat() if due_on else (text or "")


async def task_shapes(journal: Journal, plan_pk: int) -> list[TaskShape]:
    tasks = await Task.filter(plan_id=plan_pk).using_db(journal.connection)
    held: dict[int, set[tuple[int, str]]] = {task.pk: set() for task in tasks}
    assignments = await Assignment.filter(task_id__in=list(held), valid_to__isnull=True).using_db(
        journal.connection
    )
    for assignment in assignments:
        held[assignment.task_id].add((assignment.unit_id, assignment.role.value))
    return [
        (t.code, t.title, frozenset(held[t.pk]), deadline_key(t.deadline_on, t.deadline_text))
        for t in tasks
    ]


def parsed_shapes(parsed: ParsedPlan, directory: UnitDirectory) -> list[TaskShape]:
    shapes = []
    for code, task in zip(unique_codes(parsed), parsed.tasks, strict=True):
        units = frozenset(
            (found.pk, a.role.value)
            for a in task.assignments
            if (found := directory.find(a.unit)) is not None and found.pk is not None
        )
        deadline = task.deadline
        due = deadline_key(deadline.due_on, deadline.text) if deadline else ""
        shapes.append((code, (task.title or code)[:500], units, due))
    return shapes


async def current_edition(journal: Journal, title: str | None) -> Plan | None:
    """The edition with this title that is current: not superseded, not historical."""
    if not title:
        return None
    return (
        await Plan.filter(title=title, superseded_on__isnull=True, historical=False)
        .using_db(journal.connection)
        .order_by("-issued_on", "-id")
        .first()
    )


def is_restatement(
    previous: Plan,
    document: ParsedDocument,
    issuer_pk: int | None,
    before: list[TaskShape],
    after: list[TaskShape],
) -> bool:
    """Whether a text restates ``previous`` (e.g. its exported matrix): same date, issuer and
    tasks (codes, titles, units and roles, deadlines)."""
    same_document = document.issued_on in (None, previous.issued_on) and issuer_pk in (
        None,
        previous.issuer_id,
    )
    return same_document and sorted(before, key=repr) == sorted(after, key=repr)


async def same_wording(journal: Journal, previous: Plan, parsed: ParsedPlan) -> bool:
    """Whether every task's text is the stored one; a text that gives only titles (a matrix,
    whose task cell is the title) says nothing against it."""
    bodies = dict(
        await Task.filter(plan_id=previous.pk)
        .using_db(journal.connection)
        .values_list("code", "body")
    )
    return all(
        task.body.strip() in ("", (task.title or "").strip()) or task.body == bodies.get(code)
        for code, task in zip(unique_codes(parsed), parsed.tasks, strict=True)
    )


async def import_plan(
    journal: Journal,
    parsed: ParsedPlan,
    *,
    create_units: bool = False,
    supersedes_pk: int | None = None,
    as_historical: bool = False,
) -> ImportOutcome:
    """Write a parsed plan; the same text again (or a restatement of the current edition, such
    as its exported matrix) changes nothing. Unknown units fail the import (nothing is written)
    unless ``create_units`` is set.

    A text with the title of a current edition (or ``supersedes_pk``) is its next edition:
    current from its issue date, the old edition's assignments ending the day before, its tasks
    continuing the old ones they match (status carried, commitments and evidence linked). An
    edition older than the current one is refused unless ``as_historical``."""
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
    issuer_pk = issuer.pk if issuer else None
    if supersedes_pk is not None:
        previous: Plan | None = await fetch(Plan, supersedes_pk, "Plan", "supersedes", journal)
    else:
        previous = await current_edition(journal, document.title)
    starts_on = document.issued_on or workdays.today()
    historical_until: date | None = None
    if previous is not None:
        before = await task_shapes(journal, previous.pk)
        if is_restatement(
            previous, document, issuer_pk, before, parsed_shapes(parsed, directory)
        ) and await same_wording(journal, previous, parsed):
            return ImportOutcome(plan=previous, created=False)
        historical_until = check_edition_order(previous, starts_on, as_historical)
    elif as_historical:
        raise bad_input(
            "`asHistorical` records an edition older than the current one, and no current "
            "edition has this title: import it without `asHistorical` (or name the current "
            "edition in `supersedes`).",
            "asHistorical",
        )
    plan = await create_plan(
        journal,
        PlanDraft(
            title=document.title or "(untitled plan)",
            doc_number=document.doc_number,
            issuer_pk=issuer_pk,
            issued_on=document.issued_on,
            implements=document.implements,
            source_text=parsed.text,
            previous_edition_pk=previous.pk if previous and historical_until is None else None,
        ),
    )
    if historical_until is not None:
        plan = await mark_historical(journal, plan, historical_until)
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
        plan=plan,
        created=True,
        created_units=outcome_units,
        previous_edition=previous if historical_until is None else None,
    )
    carried = None
    if previous is not None and historical_until is None:
        old_tasks = await Task.filter(plan_id=previous.pk).using_db(journal.connection)
        carried = (old_tasks, await supersede(journal, previous, starts_on))
    tasks = await write_tasks(journal, plan, parsed, sections, carried[0] if carried else [])
    outcome.tasks = len(tasks)
    outcome.assignments = await write_assignments(
        journal,
        tasks,
        parsed,
        directory,
        # Without an issue date a first edition holds from an unknown start; a revision holds
        # from the day it superseded the edition before.
        starts_on if document.issued_on or previous is not None else None,
        historical_until - timedelta(days=1) if historical_until else None,
    )
    if carried is not None:
        code_of = {t.pk: t.code for t in carried[0]}
        outcome.matches = [t for t in tasks if t.carried_from_id is not None]
        outcome.changes = compare(
            carried[1],
            await task_shapes(journal, plan.pk),
            {t.code: code_of[t.carried_from_id] for t in outcome.matches if t.carried_from_id},
        )
    return outcome


def check_edition_order(previous: Plan, starts_on: date, as_historical: bool) -> date | None:
    """None for a next edition; for an accepted historical one, the day the current one began."""
    older = previous.issued_on is not None and starts_on < previous.issued_on
    if older and not as_historical:
        raise bad_input(
            f"This edition (issued {starts_on}) is older than the current edition "
            f"(plan {previous.pk}, issued {previous.issued_on}): import it with "
            "`asHistorical: true` to record it as a past edition.",
            "asHistorical",
        )
    if as_historical and not older:
        raise bad_input(
            f"This edition (issued {starts_on}) is not older than the current edition "
            f"(issued {previous.issued_on}): import it without `asHistorical`.",
            "asHistorical",
        )
    return previous.issued_on if older else None


async def mark_historical(journal: Journal, plan: Plan, until: date) -> Plan:
    return await update_record(
        journal,
        plan,
        {"historical": True, "superseded_on": until},
        None,
        "plan.historical",
    )


async def supersede(journal: Journal, previous: Plan, starts_on: date) -> list[TaskShape]:
    """End ``previous`` as the current edition from ``starts_on``: its open assignments end the
    day before (each journaled). Returns its task shapes as they stood (for the diff).

    One conditional write decides between two imports revising the same edition at once."""
    shapes = await task_shapes(journal, previous.pk)
    before = snapshot(previous)
    previous.superseded_on = starts_on
    previous.version += 1
    if not await write_if(
        journal, previous, Q(superseded_on__isnull=True, version=before["version"])
    ):
        raise DomainError(
            ErrorCode.CONFLICT,
            f"Plan {previous.pk} has just been superseded or changed by someone else: "
            "reload and import again.",
            "supersedes",
        )
    await journal.changed(previous, before, "plan.supersede")
    last_day = starts_on - timedelta(days=1)
    reason = f"superseded by a later edition of the plan, current from {starts_on}"
    open_rows = await Assignment.filter(task__plan_id=previous.pk, valid_to__isnull=True).using_db(
        journal.connection
    )
    for row in open_rows:
        row_before = snapshot(row)
        row.valid_to = last_day
        row.end_reason = reason
        row.version += 1
        await journal.changed(row, row_before, "assignment.end")
    if open_rows:
        await (
            Assignment.filter(id__in=[r.pk for r in open_rows])
            .using_db(journal.connection)
            .update(valid_to=last_day, end_reason=reason, version=F("version") + 1)
        )
    return shapes


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
    journal: Journal,
    plan: Plan,
    parsed: ParsedPlan,
    sections: dict[tuple[str, ...], Section],
    earlier: list[Task],
) -> list[Task]:
    """All tasks of a new plan in bulk, journaled one entry each; returned in plan order.

    A task matching one of the ``earlier`` edition continues it: linked, and its status carried."""
    codes = unique_codes(parsed)
    matches = match_tasks(
        [TaskText(t.code, t.title, t.body) for t in earlier],
        [
            TaskText(code, (t.title or code)[:500], t.body)
            for code, t in zip(codes, parsed.tasks, strict=True)
        ],
    )
    rows = []
    for ordinal, (code, parsed_task, match) in enumerate(
        zip(codes, parsed.tasks, matches, strict=True), 1
    ):
        section = sections.get(parsed_task.section_path)
        deadline = parsed_task.deadline
        continued = earlier[match.old] if match else None
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
                carried_from_id=continued.pk if continued else None,
                match_rule=match.rule if match else "",
                match_score=match.score if match else None,
                **({"status": continued.status} if continued else {}),
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
    valid_to: date | None = None,
) -> int:
    """Every task's assignments in written order, in bulk, journaled one entry each; they hold
    from ``valid_from`` (the edition's issue date) to ``valid_to`` (a historical edition's end)."""
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
                    valid_to=valid_to,
                    end_reason="a historical edition, superseded" if valid_to else "",
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
