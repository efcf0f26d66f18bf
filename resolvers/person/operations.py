"""Person and position rules: positions are ended (never deleted), never before they start."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from models import Person, Position, PositionRole, Unit
from resolvers.errors import DomainError, ErrorCode
from resolvers.journal.writer import Journal
from resolvers.records import check_window, fetch, required_text, update_record


async def create_person(journal: Journal, name: str, note: str = "") -> Person:
    person = await Person.create(
        name=required_text(name, "name", 100), note=note, using_db=journal.connection
    )
    await journal.created(person)
    return person


async def update_person(
    journal: Journal, pk: int, changes: dict[str, Any], expected_version: int | None
) -> Person:
    person = await fetch(Person, pk, "Person", "id", journal)
    if "name" in changes:
        changes["name"] = required_text(changes["name"], "name", 100)
    return await update_record(journal, person, changes, expected_version)


@dataclass(frozen=True)
class PositionDraft:
    person_pk: int
    unit_pk: int
    title: str = ""
    role: PositionRole = PositionRole.STAFF
    valid_from: date | None = None
    valid_to: date | None = None


async def appoint(journal: Journal, draft: PositionDraft) -> Position:
    await fetch(Person, draft.person_pk, "Person", "personId", journal)
    await fetch(Unit, draft.unit_pk, "Unit", "unitId", journal)
    check_window(draft.valid_from, draft.valid_to)
    position = await Position.create(
        person_id=draft.person_pk,
        unit_id=draft.unit_pk,
        title=draft.title.strip(),
        role=draft.role,
        valid_from=draft.valid_from,
        valid_to=draft.valid_to,
        using_db=journal.connection,
    )
    await journal.created(position)
    return position


async def end_position(
    journal: Journal, pk: int, valid_to: date, expected_version: int | None
) -> Position:
    position = await fetch(Position, pk, "Position", "positionId", journal)
    if position.valid_to is not None:
        raise DomainError(ErrorCode.CONFLICT, "This position has already ended.", "positionId")
    check_window(position.valid_from, valid_to)
    return await update_record(
        journal, position, {"valid_to": valid_to}, expected_version, "position.end"
    )
