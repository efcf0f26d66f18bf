"""Tortoise models of the accountability graph (one module per domain concept)."""

from models.journal import JournalEntry
from models.person import Person, Position, PositionRole
from models.plan import Plan, Section
from models.task import Assignment, AssignmentRole, DeadlineKind, Task, TaskStatus
from models.unit import Unit, UnitKind, UnitMembership

__all__ = [
    "Assignment",
    "AssignmentRole",
    "DeadlineKind",
    "JournalEntry",
    "Person",
    "Plan",
    "Position",
    "PositionRole",
    "Section",
    "Task",
    "TaskStatus",
    "Unit",
    "UnitKind",
    "UnitMembership",
]
