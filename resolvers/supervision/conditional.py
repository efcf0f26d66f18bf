"""Conditional writes: a state change is one ``UPDATE … WHERE id = ? AND version = ? AND <guard>``
whose affected-row count decides CONFLICT or INVALID_TRANSITION (never a check in Python alone).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVar

from models.base import Record
from resolvers.journal.writer import Journal, snapshot
from resolvers.records import check_version
from schema.errors import DomainError, ErrorCode

R = TypeVar("R", bound=Record)


async def transition(
    journal: Journal,
    row: R,
    changes: dict[str, Any],
    action: str,
    *,
    guard: dict[str, Any],
    refusal: str,
    expected_version: int | None = None,
    field: str = "id",
) -> R:
    """Apply ``changes`` to ``row`` only while it is at the version read and ``guard`` holds.

    Nothing matched: CONFLICT when the row moved on since it was read, else INVALID_TRANSITION
    with ``refusal``. The change is journaled with the row as it was before.
    """
    check_version(row, expected_version)
    model = type(row)
    before = snapshot(row)
    updated = (
        await model.filter(pk=row.pk, version=row.version, **guard)
        .using_db(journal.connection)
        .update(**changes, version=row.version + 1, updated_at=datetime.now(UTC))
    )
    if not updated:
        current = await model.filter(pk=row.pk).using_db(journal.connection).first()
        if current is None or current.version != row.version:
            raise DomainError(
                ErrorCode.CONFLICT,
                f"{model.__name__} {row.pk} changed while this change was made: reload and try "
                "again.",
                "expectedVersion",
            )
        raise DomainError(ErrorCode.INVALID_TRANSITION, refusal, field)
    await row.refresh_from_db(using_db=journal.connection)
    await journal.changed(row, before, action)
    return row
