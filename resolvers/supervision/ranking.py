"""Rankings and statistics (排名与统计) for a period: per unit counts and rates of commitments
due in the period (optionally of one plan or section), ranked by any of them with ties broken
by the unit's ID; plan and section progress for dashboards. Grouped SQL, a fixed number of
statements whatever the number of units."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from tortoise.expressions import Q, Subquery
from tortoise.functions import Avg, Count

from models import (
    Commitment,
    CommitmentStatus,
    Evaluation,
    Evidence,
    EvidenceStatus,
    Task,
    Urging,
)
from resolvers import workdays
from resolvers.permissions.scopes import RowScopes
from schema.evaluation import Period

S = CommitmentStatus


class RankBy(StrEnum):
    ON_TIME_RATE = "ON_TIME_RATE"
    COMPLETION_RATE = "COMPLETION_RATE"
    ON_TIME = "ON_TIME"
    LATE = "LATE"
    OVERDUE = "OVERDUE"
    EXTENDED = "EXTENDED"
    URGED = "URGED"
    EVIDENCE_ACCEPTED = "EVIDENCE_ACCEPTED"
    EVIDENCE_REJECTED = "EVIDENCE_REJECTED"
    AVERAGE_SCORE = "AVERAGE_SCORE"


@dataclass
class UnitStats:
    """One unit's numbers for the period (commitments due in it)."""

    unit_pk: int
    total: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    broken: int = 0
    withdrawn: int = 0
    open: int = 0
    extended: int = 0
    urged: int = 0
    evidence_accepted: int = 0
    evidence_rejected: int = 0
    average_score: float | None = None
    rank: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def on_time_rate(self) -> float:
        return round(self.on_time / self.total, 4) if self.total else 0.0

    @property
    def completion_rate(self) -> float:
        return round((self.on_time + self.late) / self.total, 4) if self.total else 0.0

    def value(self, key: RankBy) -> float:
        found = getattr(self, key.value.lower())
        return -1.0 if found is None else float(found)


def in_scope_of(plan_pk: int | None, section_pk: int | None) -> Q:
    """Commitments on tasks of the plan or section (no condition when neither is given)."""
    condition = Q()
    if plan_pk is not None:
        tasks = Task.filter(plan_id=plan_pk).values("id")
        condition &= Q(assignment__task_id__in=Subquery(tasks))
    if section_pk is not None:
        tasks = Task.filter(section_id=section_pk).values("id")
        condition &= Q(assignment__task_id__in=Subquery(tasks))
    return condition


async def unit_stats(
    scopes: RowScopes, period: Period, plan_pk: int | None = None, section_pk: int | None = None
) -> dict[int, UnitStats]:
    scope = await scopes.of(Commitment)
    due = Q(due_on__gte=period.starts_on, due_on__lte=period.ends_on)
    chosen = Commitment.filter(scope, due, in_scope_of(plan_pk, section_pk))
    stats: dict[int, UnitStats] = {}

    def of(unit_pk: int) -> UnitStats:
        return stats.setdefault(unit_pk, UnitStats(unit_pk))

    grouped = (
        await chosen.annotate(n=Count("id"))
        .group_by("unit_id", "status", "fulfilled_late")
        .values("unit_id", "status", "fulfilled_late", "n")
    )
    for row in grouped:
        unit = of(row["unit_id"])
        status = S(row["status"])
        unit.total += row["n"]
        if status == S.FULFILLED:
            if row["fulfilled_late"]:
                unit.late += row["n"]
            else:
                unit.on_time += row["n"]
        else:
            name = "open" if status == S.PLEDGED else status.value.lower()
            setattr(unit, name, getattr(unit, name) + row["n"])
    extended = (
        await chosen.filter(original_due_on__isnull=False)
        .annotate(n=Count("id"))
        .group_by("unit_id")
        .values("unit_id", "n")
    )
    for row in extended:
        of(row["unit_id"]).extended = row["n"]
    ids = Subquery(chosen.values("id"))
    urged = (
        await Urging.filter(await scopes.of(Urging), commitment_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("unit_id")
        .values("unit_id", "n")
    )
    for row in urged:
        of(row["unit_id"]).urged = row["n"]
    evidence = (
        await Evidence.filter(await scopes.of(Evidence), commitment_id__in=ids)
        .annotate(n=Count("id"))
        .group_by("commitment__unit_id", "status")
        .values(unit="commitment__unit_id", status="status", n="n")
    )
    for row in evidence:
        if EvidenceStatus(row["status"]) == EvidenceStatus.ACCEPTED:
            of(row["unit"]).evidence_accepted += row["n"]
        elif EvidenceStatus(row["status"]) == EvidenceStatus.REJECTED:
            of(row["unit"]).evidence_rejected += row["n"]
    scores = (
        await Evaluation.filter(
            await scopes.of(Evaluation),
            unit_id__in=list(stats),
            period=period.name,
            revoked_on__isnull=True,
        )
        .annotate(mean=Avg("score"))
        .group_by("unit_id")
        .values("unit_id", "mean")
    )
    for row in scores:
        of(row["unit_id"]).average_score = round(float(Decimal(str(row["mean"]))), 2)
    return stats


def ranked(stats: dict[int, UnitStats], by: RankBy, descending: bool = True) -> list[UnitStats]:
    """Ordered by ``by`` (highest first unless ``descending`` is false), ties by unit ID."""
    sign = -1 if descending else 1
    order = sorted(stats.values(), key=lambda s: (sign * s.value(by), s.unit_pk))
    for position, unit in enumerate(order, start=1):
        unit.rank = position
    return order


@dataclass(frozen=True)
class Progress:
    """Completion of the commitments on a plan's (or section's) tasks, on a day."""

    total: int
    fulfilled: int
    overdue: int

    @property
    def completion_rate(self) -> float:
        return round(self.fulfilled / self.total, 4) if self.total else 0.0


async def progress(
    scopes: RowScopes, day: date | None, plan_pk: int | None, section_pk: int | None
) -> Progress:
    day = day or workdays.today()
    scope = await scopes.of(Commitment)
    chosen = Commitment.filter(scope, in_scope_of(plan_pk, section_pk), pledged_on__lte=day)
    rows = await chosen.values_list("status", "closed_on", "due_on")
    total = len(rows)
    fulfilled = sum(1 for s, closed, _ in rows if S(s) == S.FULFILLED and closed and closed <= day)
    overdue = sum(
        1
        for s, closed, due in rows
        if workdays.on_or_after(due) < day
        and (S(s) in (S.PLEDGED, S.OVERDUE) or (closed is not None and closed > day))
    )
    return Progress(total, fulfilled, overdue)
