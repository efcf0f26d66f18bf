"""Rules every write shares: look-ups that fail as NOT_FOUND, checked edits, and the conditional
write every versioned update and state transition goes through (``update_record``)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from enum import Enum
from typing import Any, TypeVar

from tortoise import timezone
from tortoise.expressions import Q
from tortoise.models import Model

from models.base import Record
from resolvers.errors import DomainError, ErrorCode, bad_input, not_found
from resolvers.journal.writer import Journal, snapshot
from resolvers.permissions.scopes import scope_of

M = TypeVar("M", bound=Model)
R = TypeVar("R", bound=Record)
S = TypeVar("S", bound=Enum)


async def fetch(model: type[M], pk: int, type_name: str, field: str, journal: Journal) -> M:
    """The row ``pk`` read inside the journal's transaction, or NOT_FOUND naming ``field``.

    A row the journal's actor may not read is NOT_FOUND too, exactly like a missing one.
    The journal lock is taken first: what a write decides from the rows it reads (another
    objection still open, the commitment not withdrawn) holds until it commits.
    """
    await journal.lock()
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
        raise stale(row, row.version, expected)


def stale(row: Record, current: int, expected: int) -> DomainError:
    return DomainError(
        ErrorCode.CONFLICT,
        f"{type(row).__name__} {row.pk} is at version {current}, not {expected}: "
        "someone changed it since you read it. Reload and try again.",
        "expectedVersion",
    )


def sources_of(transitions: Mapping[S, Collection[S]], target: S) -> frozenset[S]:
    """The statuses ``target`` may be reached from, in a ``{from: {to, …}}`` table."""
    return frozenset(source for source, targets in transitions.items() if target in targets)


async def update_record(
    journal: Journal,
    row: R,
    changes: dict[str, Any],
    expected_version: int | None,
    action: str | None = None,
    *,
    from_status: Collection[Enum] | None = None,
) -> R:
    """Apply ``changes`` to ``row``, bump its version and journal before/after, all in one go.

    The write is one conditional statement (``write_unchanged``): when the row moved since
    it was read, nothing is written and the caller gets CONFLICT, or INVALID_TRANSITION when its
    status left ``from_status`` (the statuses this change may start from).
    """
    check_version(row, expected_version)
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    await write_unchanged(journal, row, before["version"], from_status)
    await journal.changed(row, before, action)
    return row


async def write_if(journal: Journal, row: Model, guard: Q) -> bool:
    """Store every column of ``row`` by one ``UPDATE … WHERE id = ? AND <guard>``: whether the
    row still matched ``guard`` (and so was written), decided by the affected-row count.

    The journal lock is taken first, as every journaled transaction takes it before it writes a
    row: row locks are only ever taken under the journal lock, so writers cannot deadlock.
    """
    await journal.lock()
    meta = row._meta
    now = timezone.now()
    for name, field in meta.fields_map.items():
        if getattr(field, "auto_now", False):
            setattr(row, name, now)
    columns = {
        name: getattr(row, name) for name in meta.fields_db_projection if name != meta.pk_attr
    }
    query = type(row).filter(Q(pk=row.pk) & guard).using_db(journal.connection)
    written: int = await query.update(**columns)
    return written == 1


async def write_unchanged(
    journal: Journal,
    row: Record,
    read_version: int,
    from_status: Collection[Enum] | None = None,
) -> None:
    """Store ``row`` (edited in memory since it was read at ``read_version``), version bumped:

        UPDATE … SET … WHERE id = ? AND version = <read_version> [AND status IN (<from_status>)]

    0 rows raise CONFLICT, INVALID_TRANSITION (the status left ``from_status``) or NOT_FOUND.
    So the row as read is exactly the row the write replaced (the journal's ``before``), and of
    two writers that read the same version only one writes.
    """
    row.version = read_version + 1
    guard = Q(version=read_version)
    if from_status is not None:
        guard &= Q(status__in=list(from_status))
    if not await write_if(journal, row, guard):
        raise await _moved(journal, row, read_version, from_status)


async def _moved(
    journal: Journal, row: Record, read_version: int, from_status: Collection[Enum] | None
) -> DomainError:
    """Why a conditional write matched no row, read under the journal lock."""
    name = type(row).__name__
    current = await type(row).filter(pk=row.pk).using_db(journal.connection).first()
    if current is None:
        return not_found(name, row.pk, "id")
    status = getattr(current, "status", None)
    if from_status is not None and status not in from_status:
        shown = getattr(status, "value", status)
        return DomainError(
            ErrorCode.INVALID_TRANSITION,
            f"{name} {row.pk} became {shown} meanwhile (version {current.version}): "
            "this change no longer applies. Reload to see what happened.",
            "id",
        )
    return stale(row, current.version, read_version)
