"""Accountability tallies counted in the database: one grouped query per tally for all units.

``Unit.accountability`` for a page of units used to load every commitment and every piece of
evidence of those units and count them in Python (tens of thousands of rows for a city). These
batch functions ask the database for the counts instead, grouped by unit, within the same row
scopes as every other read (resolvers/permissions/scopes.py). Keys are ``(unit pk, first day,
last day)`` of the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.functions import Count

from models import (
    Commitment,
    CommitmentStatus,
    DishonestyRecord,
    Evidence,
    EvidenceStatus,
    RecordStatus,
    Urging,
    UrgingTrigger,
)
from resolvers.permissions.scopes import ALL, RowScopes

#: The key of ``commitment_counts`` counting extended commitments (not an outcome of its own).
EXTENDED = "EXTENDED"

#: A unit and a period: (unit pk, first day, last day).
UnitPeriod = tuple[int, date, date]


def _by_period(keys: Sequence[UnitPeriod]) -> dict[tuple[date, date], list[int]]:
    units: dict[tuple[date, date], list[int]] = defaultdict(list)
    for unit_pk, starts_on, ends_on in keys:
        units[(starts_on, ends_on)].append(unit_pk)
    return units


def _status(value: Any, enum: type[Any]) -> str:
    return str(value.value if isinstance(value, enum) else enum(value).value)


async def commitment_counts(scopes: RowScopes, keys: Sequence[UnitPeriod]) -> list[Counter[str]]:
    """Commitments due in the period by outcome: ON_TIME, LATE, or the status's own name."""
    scope = await scopes.of(Commitment)
    found: dict[UnitPeriod, Counter[str]] = defaultdict(Counter)
    for (starts_on, ends_on), units in _by_period(keys).items():
        # One statement: the outcomes, and (a filtered count) those whose due date an approved
        # extension moved (延期), counted apart: not an outcome of its own.
        rows = (
            await Commitment.filter(
                scope, unit_id__in=units, due_on__gte=starts_on, due_on__lte=ends_on
            )
            .annotate(
                n=Count("id"),
                extended=Count("id", _filter=Q(original_due_on__isnull=False)),
            )
            .group_by("unit_id", "status", "fulfilled_late")
            .values("unit_id", "status", "fulfilled_late", "n", "extended")
        )
        for row in rows:
            status = _status(row["status"], CommitmentStatus)
            if status == CommitmentStatus.FULFILLED.value:
                status = "LATE" if row["fulfilled_late"] else "ON_TIME"
            counts = found[(row["unit_id"], starts_on, ends_on)]
            counts[status] += row["n"]
            if row["extended"]:
                counts[EXTENDED] += row["extended"]
    return [Counter(found.get(key, Counter())) for key in keys]


async def evidence_counts(scopes: RowScopes, keys: Sequence[UnitPeriod]) -> list[Counter[str]]:
    """Evidence (every version) of the commitments counted above, by review status."""
    commitment_scope = await scopes.of(Commitment)
    evidence_scope = await scopes.of(Evidence)
    found: dict[UnitPeriod, Counter[str]] = defaultdict(Counter)
    for (starts_on, ends_on), units in _by_period(keys).items():
        query = Evidence.filter(
            evidence_scope,
            commitment__unit_id__in=units,
            commitment__due_on__gte=starts_on,
            commitment__due_on__lte=ends_on,
        )
        if commitment_scope is not ALL:
            query = query.filter(
                commitment_id__in=Subquery(Commitment.filter(commitment_scope).values("id"))
            )
        rows = (
            await query.annotate(n=Count("id"))
            .group_by("commitment__unit_id", "status")
            .values(unit="commitment__unit_id", status="status", n="n")
        )
        for row in rows:
            status = _status(row["status"], EvidenceStatus)
            found[(row["unit"], starts_on, ends_on)][status] += row["n"]
    return [Counter(found.get(key, Counter())) for key in keys]


async def open_record_counts(scopes: RowScopes, keys: Sequence[UnitPeriod]) -> list[int]:
    """Dishonesty records about the unit that occurred by the period's end and still stand."""
    scope = await scopes.of(DishonestyRecord)
    found: dict[UnitPeriod, int] = {}
    for (starts_on, ends_on), units in _by_period(keys).items():
        rows = (
            await DishonestyRecord.filter(
                scope, unit_id__in=units, status=RecordStatus.ACTIVE, occurred_on__lte=ends_on
            )
            .annotate(n=Count("id"))
            .group_by("unit_id")
            .values("unit_id", "n")
        )
        for row in rows:
            found[(row["unit_id"], starts_on, ends_on)] = row["n"]
    return [found.get(key, 0) for key in keys]


async def urging_counts(scopes: RowScopes, keys: Sequence[UnitPeriod]) -> list[Counter[str]]:
    """Urgings sent to the unit in the period: MANUAL/DUE_SOON/OVERDUE, and ACKNOWLEDGED."""
    scope = await scopes.of(Urging)
    found: dict[UnitPeriod, Counter[str]] = defaultdict(Counter)
    for (starts_on, ends_on), units in _by_period(keys).items():
        rows = (
            await Urging.filter(
                scope, unit_id__in=units, urged_on__gte=starts_on, urged_on__lte=ends_on
            )
            .annotate(n=Count("id"))
            .group_by("unit_id", "trigger", "acknowledged_on")
            .values("unit_id", "trigger", "acknowledged_on", "n")
        )
        for row in rows:
            counts = found[(row["unit_id"], starts_on, ends_on)]
            counts[_status(row["trigger"], UrgingTrigger)] += row["n"]
            if row["acknowledged_on"] is not None:
                counts["ACKNOWLEDGED"] += row["n"]
    return [Counter(found.get(key, Counter())) for key in keys]
