"""Rows against the journal: every live row compared with the latest snapshot journaled for it.

The chain proves the journal was not altered; it says nothing of a row changed behind the
application's back (``UPDATE assignment SET unit_id = …``). Every write journals the row's
``after`` snapshot, so a row that is no longer equal to its latest snapshot, a row with no
entry at all, and an entity the journal says exists whose row is gone were all changed
outside the journal.

Both sides are read by keyset in batches in id order and merged, so memory stays bounded
whatever the size of the journal or the tables.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from tortoise import fields
from tortoise.fields import Field
from tortoise.functions import Max
from tortoise.models import Model

import models
from models import JournalEntry
from resolvers.global_ids import to_global_id
from resolvers.journal.writer import snapshot

BATCH = 1000

#: Tables that are not journaled: the journal itself, idempotency replays, rate buckets.
NOT_JOURNALED = frozenset({"JournalEntry", "IdempotencyKey", "PublicRateBucket"})

#: Columns a row may change without a journal entry, and why.
NOT_COMPARED: dict[str, dict[str, str]] = {
    "ApiToken": {"last_used_at": "set on use, at most once a minute, by authentication"},
    "Unit": {"search_names": "derived: checked against the unit's names instead"},
}


def _derived(kind: str, row: Model, after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Columns the journal holds only in another form, checked in that form."""
    if isinstance(row, models.Unit):
        expected = "|" + "|".join(row.all_names()) + "|"
        if row.search_names != expected:
            return {"search_names": {"journal": expected, "row": row.search_names}}
    if isinstance(row, models.Account) and "has_password" in after:
        # The journal keeps no password hash, only whether there is one.
        has_password = row.password_hash is not None
        if has_password != after["has_password"]:
            return {"has_password": {"journal": after["has_password"], "row": has_password}}
    return {}


def audited_models() -> list[type[Model]]:
    """Every journaled model, in a stable order."""
    return [
        value
        for name, value in sorted(vars(models).items())
        if inspect.isclass(value)
        and issubclass(value, Model)
        and not value._meta.abstract
        and name == value.__name__
        and name not in NOT_JOURNALED
    ]


@dataclass(frozen=True)
class Finding:
    """One row changed outside the journal.

    ``kind``: ``changed`` (the row differs from its latest snapshot), ``unjournaled`` (a row the
    journal has no entry for), ``missing`` (the journal's latest entry has a snapshot, the row is
    gone) or ``deleted`` (the journal recorded a removal, the row is there).
    """

    kind: str
    entity_type: str
    entity_id: int
    seq: int | None = None
    columns: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "id": to_global_id(self.entity_type, self.entity_id),
            "seq": self.seq,
            "columns": self.columns,
        }


@dataclass
class AuditSummary:
    """Counts of an audit run; the findings themselves are streamed, never collected."""

    rows: int = 0
    entities: int = 0
    findings: dict[str, int] = field(default_factory=dict)
    rows_by_type: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "rows_checked": self.rows,
            "journaled_entities": self.entities,
            "rows_by_type": {kind: n for kind, n in self.rows_by_type.items() if n},
            "findings": sum(self.findings.values()),
            "by_kind": dict(sorted(self.findings.items())),
            "not_compared": {
                f"{kind}.{name}": why
                for kind, columns in NOT_COMPARED.items()
                for name, why in columns.items()
            },
        }


def _same(column: Field[Any], value: Any, recorded: Any) -> bool:
    """Equal as stored values: exact, or the same number / moment spelt another way (only
    for number and time columns: "01" and "1" are different codes)."""
    if value == recorded:
        return True
    if not (isinstance(value, str) and isinstance(recorded, str)):
        return False
    parse: Callable[[str], Any] | None = None
    if isinstance(column, fields.DecimalField):
        parse = Decimal
    elif isinstance(column, fields.DatetimeField):
        parse = datetime.fromisoformat
    try:
        return parse is not None and bool(parse(value) == parse(recorded))
    except (InvalidOperation, ValueError):
        return False


def differences(kind: str, row: Model, after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The columns whose value differs from the snapshot (only columns the snapshot holds)."""
    skipped = NOT_COMPARED.get(kind, {})
    live = snapshot(row)
    columns = row._meta.fields_map
    found = {
        name: {"journal": recorded, "row": live[name]}
        for name, recorded in after.items()
        if name in live and name not in skipped and not _same(columns[name], live[name], recorded)
    }
    return {**found, **_derived(kind, row, after)}


async def _rows(model: type[Model]) -> AsyncIterator[list[Model]]:
    key = model._meta.pk_attr
    last: Any = None
    while True:
        query = model.all() if last is None else model.filter(**{f"{key}__gt": last})
        batch = await query.order_by(key).limit(BATCH)
        if batch:
            yield batch
        if len(batch) < BATCH:
            return
        last = batch[-1].pk


async def _latest(kind: str) -> AsyncIterator[list[tuple[int, int]]]:
    """(entity_id, latest seq) of every entity of ``kind`` in the journal, by entity_id."""
    last: int | None = None
    while True:
        query = JournalEntry.filter(entity_type=kind)
        if last is not None:
            query = query.filter(entity_id__gt=last)
        batch = (
            await query.annotate(latest=Max("seq"))
            .group_by("entity_id")
            .order_by("entity_id")
            .limit(BATCH)
            .values_list("entity_id", "latest")
        )
        pairs = [(int(entity), int(seq)) for entity, seq in batch]
        if pairs:
            yield pairs
        if len(pairs) < BATCH:
            return
        last = pairs[-1][0]


async def _flatten(batches: AsyncIterator[list[Any]]) -> AsyncIterator[Any]:
    async for batch in batches:
        for item in batch:
            yield item


async def _merged(
    model: type[Model],
) -> AsyncIterator[tuple[int, Model | None, int | None]]:
    """(id, row or None, latest seq or None) for every id in the table or in the journal."""
    rows = _flatten(_rows(model))
    latest = _flatten(_latest(model.__name__))
    row = await anext(rows, None)
    entry = await anext(latest, None)
    while row is not None or entry is not None:
        row_id = int(row.pk) if row is not None else None
        entry_id = entry[0] if entry is not None else None
        if entry_id is None or (row_id is not None and row_id < entry_id):
            yield row_id or 0, row, None
            row = await anext(rows, None)
        elif row_id is None or entry_id < row_id:
            yield entry_id, None, entry[1] if entry else None
            entry = await anext(latest, None)
        else:
            yield row_id, row, entry[1] if entry else None
            row, entry = await anext(rows, None), await anext(latest, None)


def _judge(
    kind: str, entity_id: int, row: Model | None, seq: int | None, after: dict[str, Any] | None
) -> Finding | None:
    if seq is None:
        return Finding("unjournaled", kind, entity_id)
    if row is None:
        return Finding("missing", kind, entity_id, seq) if after is not None else None
    if after is None:
        return Finding("deleted", kind, entity_id, seq)
    changed = differences(kind, row, after)
    return Finding("changed", kind, entity_id, seq, changed) if changed else None


async def _judged(
    kind: str, pending: list[tuple[int, Model | None, int | None]]
) -> Iterator[Finding]:
    seqs = [seq for _, _, seq in pending if seq is not None]
    afters = dict(
        await JournalEntry.filter(seq__in=seqs).values_list("seq", "after") if seqs else []
    )
    found = (_judge(kind, i, row, seq, afters.get(seq)) for i, row, seq in pending)
    return iter([finding for finding in found if finding is not None])


async def audit(
    summary: AuditSummary, advance: Callable[[int], object] = lambda n: None
) -> AsyncIterator[Finding]:
    """Every row changed outside the journal, model by model, in id order.

    ``summary`` is filled in as the audit goes; ``advance(n)``: n more rows checked.
    """
    for model in audited_models():
        kind = model.__name__
        pending: list[tuple[int, Model | None, int | None]] = []
        async for item in _merged(model):
            pending.append(item)
            summary.rows += item[1] is not None
            summary.rows_by_type[kind] = summary.rows_by_type.get(kind, 0) + (item[1] is not None)
            summary.entities += item[2] is not None
            if len(pending) >= BATCH:
                for finding in await _judged(kind, pending):
                    summary.findings[finding.kind] = summary.findings.get(finding.kind, 0) + 1
                    yield finding
                advance(sum(row is not None for _, row, _ in pending))
                pending = []
        for finding in await _judged(kind, pending):
            summary.findings[finding.kind] = summary.findings.get(finding.kind, 0) + 1
            yield finding
        advance(sum(row is not None for _, row, _ in pending))
