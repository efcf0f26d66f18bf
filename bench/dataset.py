"""Deterministic synthetic rows at a bench size: units down to evidence and PPP stages.

Pure: builds unsaved model instances with explicit primary keys from a seeded RNG, so the same
size and seed always give the same graph. ``bench.generate`` writes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta

from tortoise.models import Model

from bench import dataset_workflow as workflow
from bench.dataset_ppp import PPP_MODELS, PppBuilder
from bench.dataset_workflow import DAY0
from models import (
    Assignment,
    AssignmentRole,
    Commitment,
    DeadlineKind,
    Evaluation,
    Evidence,
    Person,
    Plan,
    Position,
    PositionRole,
    Section,
    Task,
    TaskStatus,
    Unit,
    UnitKind,
    UnitMembership,
)


@dataclass(frozen=True)
class Size:
    """How much to generate (besides the Wuwei seed, which is always loaded first)."""

    name: str
    units: int
    plans: int
    tasks: int
    commitments: int
    evidence: int
    ppp_projects: int
    #: Journal entries in all; creations first, then revisions until the total is reached.
    journal: int


SIZES = {
    "T": Size("T", 120, 100, 300, 600, 1_400, 100, 0),
    "S": Size("S", 80, 4, 500, 2_500, 6_000, 20, 50_000),
    "M": Size("M", 800, 20, 5_000, 25_000, 60_000, 200, 500_000),
}

#: Every table the builder fills, in writing order.
GENERATED: list[type[Model]] = [
    Unit,
    UnitMembership,
    Person,
    Position,
    Plan,
    Section,
    Task,
    Assignment,
    Commitment,
    Evidence,
    Evaluation,
    *PPP_MODELS,
]

VERBS = ["建立", "健全", "完善", "推进", "落实", "强化", "规范", "公开", "督办", "考核"]
OBJECTS = ["政务诚信档案", "失信记录", "承诺台账", "督导机制", "信用平台", "考评办法", "公示制度"]


@dataclass
class Dataset:
    """The rows to write, table by table, in an order that respects foreign keys."""

    tables: dict[str, list[Model]] = field(default_factory=dict)

    def add(self, name: str, rows: list[Model]) -> list[Model]:
        self.tables[name] = rows
        return rows


@dataclass
class Starts:
    """The first free primary key of each table (rows already there are kept)."""

    ids: dict[type[Model], int]

    def of(self, model: type[Model]) -> int:
        return self.ids.get(model, 1)


class Builder:
    """Builds one dataset; every random choice comes from ``rng`` in a fixed order."""

    def __init__(self, size: Size, starts: Starts, rng: random.Random) -> None:
        self.size = size
        self.starts = starts
        self.rng = rng
        self.data = Dataset()

    def ids(self, model: type[Model], count: int) -> range:
        first = self.starts.of(model)
        return range(first, first + count)

    def text(self, n: int) -> str:
        return f"{self.rng.choice(VERBS)}{self.rng.choice(OBJECTS)}（第{n}项）"

    def build(self) -> Dataset:
        units = self.units()
        principals = self.people(units)
        tasks = self.plans()
        assignments = self.assignments(tasks, units)
        commitments = workflow.commitments(self, assignments, principals)
        workflow.evidence(self, commitments)
        workflow.evaluations(self, units)
        self.ppp(units, tasks, principals)
        return self.data

    def units(self) -> list[Unit]:
        n = self.size.units
        collectives = max(2, n // 40)
        counties = max(2, n // 10)
        departments = max(2, n // 4)
        kinds = (
            [UnitKind.COUNTY_GOVERNMENT] * counties
            + [UnitKind.MUNICIPAL_DEPARTMENT] * departments
            + [UnitKind.TOWNSHIP] * (n - collectives - counties - departments)
            + [UnitKind.COLLECTIVE] * collectives
        )
        units = []
        for i, (pk, kind) in enumerate(zip(self.ids(Unit, n), kinds, strict=True)):
            parent = None
            if kind == UnitKind.TOWNSHIP:
                parent = self.starts.of(Unit) + self.rng.randrange(counties)
            unit = Unit(
                id=pk,
                name=f"合成{kind.value.lower()}第{i}单位",
                short_name=f"合成{i}",
                aliases=[f"合成单位{i}"],
                kind=kind,
                parent_id=parent,
                valid_from=DAY0 - timedelta(days=365),
            )
            unit.refresh_search_names()
            units.append(unit)
        self.data.add("unit", list(units))
        links: list[Model] = []
        plain = [u for u in units if u.kind != UnitKind.COLLECTIVE]
        pk = self.starts.of(UnitMembership)
        for unit in units[-collectives:]:
            for member in self.rng.sample(plain, min(10, len(plain))):
                links.append(UnitMembership(id=pk, collective_id=unit.id, member_id=member.id))
                pk += 1
        self.data.add("unit_membership", links)
        return units

    def people(self, units: list[Unit]) -> dict[int, int]:
        """Two people per unit (a head and a deputy); returns each unit's head."""
        plain = [u for u in units if u.kind != UnitKind.COLLECTIVE]
        persons = [Person(id=pk, name=f"合成人员{pk}") for pk in self.ids(Person, 2 * len(plain))]
        positions: list[Model] = []
        heads: dict[int, int] = {}
        posts = self.ids(Position, 2 * len(plain))
        for i, unit in enumerate(plain):
            for j, (title, role) in enumerate(
                (("主要负责人", PositionRole.PRINCIPAL), ("分管负责人", PositionRole.DEPUTY))
            ):
                person = persons[2 * i + j]
                positions.append(
                    Position(
                        id=posts[2 * i + j],
                        person_id=person.id,
                        unit_id=unit.id,
                        title=title,
                        role=role,
                        valid_from=DAY0 - timedelta(days=self.rng.randrange(1000)),
                    )
                )
            heads[unit.id] = persons[2 * i].id
        self.data.add("person", list(persons))
        self.data.add("position", positions)
        return heads

    def plans(self) -> list[Task]:
        plans = [
            Plan(id=pk, title=f"合成任务分工方案{pk}", issued_on=DAY0, source_sha256=f"{pk:064x}")
            for pk in self.ids(Plan, self.size.plans)
        ]
        per_plan = -(-self.size.tasks // len(plans))
        per_section = max(5, per_plan // 10)
        sections: list[Model] = []
        tasks: list[Task] = []
        section_pk, task_pks = self.starts.of(Section), iter(self.ids(Task, self.size.tasks))
        for plan in plans:
            count = min(per_plan, self.size.tasks - len(tasks))
            for ordinal in range(count):
                if ordinal % per_section == 0:
                    code = f"S{ordinal // per_section + 1}"
                    sections.append(Section(id=section_pk, plan_id=plan.id, code=code, title=code))
                    section_pk += 1
                tasks.append(self.task(next(task_pks), plan.id, section_pk - 1, ordinal))
        self.data.add("plan", list(plans))
        self.data.add("section", sections)
        self.data.add("task", list(tasks))
        return tasks

    def task(self, pk: int, plan_pk: int, section_pk: int, ordinal: int) -> Task:
        roll = self.rng.random()
        kind = DeadlineKind.DATE if roll < 0.6 else DeadlineKind.ONGOING if roll < 0.8 else None
        due = DAY0 + timedelta(days=self.rng.randrange(30, 700)) if kind else None
        title = self.text(ordinal + 1)
        return Task(
            id=pk,
            plan_id=plan_pk,
            section_id=section_pk,
            code=f"{ordinal + 1}",
            title=title,
            body=f"{title}。各责任单位要明确责任人和完成时限，按季度报送进展情况。",
            ordinal=ordinal,
            status=self.rng.choice(list(TaskStatus)[:3]),
            deadline_kind=kind,
            deadline_text=("2019年12月底前" if kind == DeadlineKind.DATE else "长期坚持")
            if kind
            else None,
            deadline_on=due if kind == DeadlineKind.DATE else None,
        )

    def assignments(self, tasks: list[Task], units: list[Unit]) -> list[Assignment]:
        leads = [
            u
            for u in units
            if u.kind in (UnitKind.MUNICIPAL_DEPARTMENT, UnitKind.COUNTY_GOVERNMENT)
        ]
        others = [u for u in units if u.kind != UnitKind.TOWNSHIP]
        rows: list[Assignment] = []
        pks = iter(self.ids(Assignment, 3 * len(tasks)))
        for task in tasks:
            chosen = [self.rng.choice(leads), *self.rng.sample(others, 2)]
            if chosen[1].id == chosen[0].id or chosen[2].id == chosen[0].id:
                chosen = chosen[:1] + [u for u in chosen[1:] if u.id != chosen[0].id]
            for ordinal, unit in enumerate(chosen):
                role = AssignmentRole.LEAD if ordinal == 0 else AssignmentRole.CO_RESPONSIBLE
                rows.append(
                    Assignment(
                        id=next(pks),
                        task_id=task.id,
                        unit_id=unit.id,
                        role=role,
                        ordinal=ordinal,
                        written_name=unit.name,
                        rule="EXPLICIT",
                        valid_from=DAY0,
                    )
                )
        self.data.add("assignment", list(rows))
        return rows

    def ppp(self, units: list[Unit], tasks: list[Task], heads: dict[int, int]) -> None:
        agencies = [u for u in units if u.kind != UnitKind.COLLECTIVE]
        PppBuilder(self, agencies, tasks, heads).build()
