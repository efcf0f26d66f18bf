"""Rules every write shares: look-ups that fail as NOT_FOUND, checked edits, version checks."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from tortoise.models import Model

from models.base import Record
from resolvers.journal.writer import Journal, snapshot
from resolvers.permissions.scopes import scope_of
from schema.errors import DomainError, ErrorCode, bad_input, not_found

M = TypeVar("M", bound=Model)
R = TypeVar("R", bound=Record)


async def fetch(model: type[M], pk: int, type_name: str, field: str, journal: Journal) -> M:
    """The row ``pk`` read inside the journal's transaction, or NOT_FOUND naming ``field``.

    A row the journal's actor may not read is NOT_FOUND too, exactly like a missing one.
    """
    visible = await scope_of(model, journal.actor)
    row = await model.filter(visible, pk=pk).using_db(journal.connection).first()
    if row is None:
        raise not_found(type_name, pk, field)
    return row


def required_text(value: str, field: str, max_length: int) -> str:
    text = value.strip()
    if not text:
        raise bad_input(f"`{field}` must not be empty.", field)
    if len(text) > max_length:
        raise bad_input(f"`{field}` is longer than {max_length} characters.", field)
    return text


def check_window(valid_from: date | None, valid_to: date | None, field: str = "validTo") -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise bad_input("The end date is before the start date.", field)


def check_version(row: Record, expected: int | None) -> None:
    if expected is not None and expected != row.version:
        raise DomainError(
            ErrorCode.CONFLICT,
            f"{type(row).__name__} {row.pk} is at version {row.version}, not {expected}: "
            "someone changed it since you read it. Reload and try again.",
            "expectedVersion",
        )


async def update_record(
    journal: Journal,
    row: R,
    changes: dict[str, Any],
    expected_version: int | None,
    action: str | None = None,
) -> R:
    """Apply ``changes`` to ``row``, bump its version and journal before/after, all in one go."""
    check_version(row, expected_version)
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    row.version += 1
    await row.save(using_db=journal.connection)
    await journal.changed(row, before, action)
    return row
