"""Conditional steps of the supervision cycle on the shared conditional write
(``resolvers.records.write_if``): ``UPDATE … WHERE id = ? AND version = ? AND <guard>``, whose
affected-row count decides CONFLICT or INVALID_TRANSITION (never a check in Python alone)."""

from __future__ import annotations

from typing import Any, TypeVar

from tortoise.expressions import Q

from models.base import Record
from resolvers.errors import DomainError, ErrorCode, not_found
from resolvers.journal.writer import Journal, snapshot
from resolvers.records import check_version, stale, write_if

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
    before = snapshot(row)
    read_version = row.version
    for name, value in changes.items():
        setattr(row, name, value)
    row.version = read_version + 1
    if not await write_if(journal, row, Q(version=read_version) & Q(**guard)):
        current = await type(row).filter(pk=row.pk).using_db(journal.connection).first()
        if current is None:
            raise not_found(type(row).__name__, row.pk, field)
        if current.version != read_version:
            raise stale(row, current.version, read_version)
        raise DomainError(ErrorCode.INVALID_TRANSITION, refusal, field)
    await journal.changed(row, before, action)
    return row
