"""Per-request DataLoaders: every relation is fetched in one batched query per level."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from models import (
    Assignment,
    JournalEntry,
    Person,
    Plan,
    Position,
    Section,
    Task,
    Unit,
    UnitMembership,
)

M = TypeVar("M", bound=Model)


def by_key(model: type[M], column: str = "id") -> DataLoader[Any, M | None]:
    """Rows of ``model`` by a unique column; missing keys load as ``None``."""

    async def load(keys: list[Any]) -> Sequence[M | None]:
        rows = await model.filter(**{f"{column}__in": set(keys)})
        found = {getattr(row, column): row for row in rows}
        return [found.get(key) for key in keys]

    return DataLoader(load_fn=load)


def many_by(model: type[M], column: str) -> DataLoader[Any, list[M]]:
    """All rows of ``model`` whose ``column`` equals the key, in the model's default order."""

    async def load(keys: list[Any]) -> Sequence[list[M]]:
        groups: dict[Any, list[M]] = defaultdict(list)
        for row in await model.filter(**{f"{column}__in": set(keys)}):
            groups[getattr(row, column)].append(row)
        return [groups.get(key, []) for key in keys]

    return DataLoader(load_fn=load)


class Loaders:
    """The loaders of one request; never shared between requests (their caches are per request)."""

    def __init__(self) -> None:
        self.unit_by_id = by_key(Unit)
        self.plan_by_id = by_key(Plan)
        self.section_by_id = by_key(Section)
        self.task_by_id = by_key(Task)
        self.assignment_by_id = by_key(Assignment)
        self.person_by_id = by_key(Person)
        self.position_by_id = by_key(Position)
        self.journal_entry_by_seq = by_key(JournalEntry, "seq")
        self.membership_by_id = by_key(UnitMembership)
        self.units_by_parent_id = many_by(Unit, "parent_id")
        self.units_by_successor_id = many_by(Unit, "successor_id")
        self.sections_by_plan_id = many_by(Section, "plan_id")
        self.tasks_by_section_id = many_by(Task, "section_id")
        self.assignments_by_task_id = many_by(Assignment, "task_id")
        self.assignments_by_unit_id = many_by(Assignment, "unit_id")
        self.memberships_by_collective_id = many_by(UnitMembership, "collective_id")
        self.memberships_by_member_id = many_by(UnitMembership, "member_id")
        self.positions_by_unit_id = many_by(Position, "unit_id")
        self.positions_by_person_id = many_by(Position, "person_id")

    def by_type_name(self) -> dict[str, Callable[[int], Awaitable[Model | None]]]:
        """Loaders of every Node type by its GraphQL type name (for ``node``/``nodes``)."""
        return {
            "Unit": self.unit_by_id.load,
            "Plan": self.plan_by_id.load,
            "Section": self.section_by_id.load,
            "Task": self.task_by_id.load,
            "Assignment": self.assignment_by_id.load,
            "Person": self.person_by_id.load,
            "Position": self.position_by_id.load,
            "UnitMembership": self.membership_by_id.load,
            "JournalEntry": self.journal_entry_by_seq.load,
        }
