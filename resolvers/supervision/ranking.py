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
    ApplicationKind,
    ApplicationStatus,
    Commitment,
    CommitmentApplication,
    CommitmentStatus,
    Evaluation,
    Evidence,
    EvidenceStatus,
    Task,
    Urging,
)
from resolvers import workdays
from resolvers.permissions.scopes import RowScopes
from resolvers.reporting_period import Period

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
    """One unit's numbers for the period (commitments due in it), as of a day: kept on time or
    late, broken or withdrawn by the day; overdue when open on the day past its due working day;
    open otherwise."""

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
    def fallen_due(self) -> int:
        """应践诺: kept (on time or late), broken, or overdue by the day — what the rates are
        over. Withdrawn commitments and open ones not yet due do not count."""
        return self.on_time + self.late + self.broken + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """On time over those fallen due; None when nothing has fallen due yet."""
        return round(self.on_time / self.fallen_due, 4) if self.fallen_due else None

    @property
    def completion_rate(self) -> float | None:
        """Kept (on time or late) over those fallen due; None when nothing has fallen due."""
        return round((self.on_time + self.late) / self.fallen_due, 4) if self.fallen_due else None

    def value(self, key: RankBy) -> float | None:
        found = getattr(self, key.value.lower())
        return None if found is None else float(found)


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


#: A commitment's outcome once closed on or before the day.
CLOSED_AS = {S.BROKEN: "broken", S.WITHDRAWN: "withdrawn"}


#: status, closed on, due on, fulfilled late.
Row = tuple[str, date | None, date, bool]


def count_as_of(unit: UnitStats, row: Row, day: date) -> None:
    """Count one commitment (status, closed on, due on, fulfilled late) into ``unit`` as ``day``
    knew it."""
    status, closed_on, due_on, fulfilled_late = row
    unit.total += 1
    if closed_on is not None and closed_on <= day and S(status) == S.FULFILLED:
        if fulfilled_late:
            unit.late += 1
        else:
            unit.on_time += 1
    elif closed_on is not None and closed_on <= day and S(status) in CLOSED_AS:
        name = CLOSED_AS[S(status)]
        setattr(unit, name, getattr(unit, name) + 1)
    elif workdays.on_or_after(due_on) < day:
        unit.overdue += 1
    else:
        unit.open += 1


async def unit_stats(
    scopes: RowScopes,
    period: Period,
    plan_pk: int | None = None,
    section_pk: int | None = None,
    as_of: date | None = None,
) -> dict[int, UnitStats]:
    """Per unit numbers of the commitments due in ``period`` and pledged by ``as_of`` (omitted:
    today), counted as that day knew them: extensions approved, urgings sent and evidence
    reviewed by the day."""
    day = as_of or workdays.today()
    scope = await scopes.of(Commitment)
    due = Q(due_on__gte=period.starts_on, due_on__lte=period.ends_on)
    chosen = Commitment.filter(scope, due, in_scope_of(plan_pk, section_pk), pledged_on__lte=day)
    stats: dict[int, UnitStats] = {}

    def of(unit_pk: int) -> UnitStats:
        return stats.setdefault(unit_pk, UnitStats(unit_pk))

    rows = await chosen.values_list("unit_id", "status", "closed_on", "due_on", "fulfilled_late")
    for unit_pk, *values in rows:
        count_as_of(of(unit_pk), tuple(values), day)
    ids = Subquery(chosen.values("id"))
    # Extended by the day: an extension the office had approved by then.
    extended = (
        await CommitmentApplication.filter(
            commitment_id__in=ids,
            kind=ApplicationKind.EXTENSION,
            status=ApplicationStatus.ACCEPTED,
            decided_on__lte=day,
        )
        .annotate(n=Count("commitment_id", distinct=True))
        .group_by("commitment__unit_id")
        .values(unit="commitment__unit_id", n="n")
    )
    for row in extended:
        of(row["unit"]).extended = row["n"]
    urged = (
        await Urging.filter(await scopes.of(Urging), commitment_id__in=ids, urged_on__lte=day)
        .annotate(n=Count("id"))
        .group_by("unit_id")
        .values("unit_id", "n")
    )
    for row in urged:
        of(row["unit_id"]).urged = row["n"]
    evidence = (
        await Evidence.filter(
            await scopes.of(Evidence), commitment_id__in=ids, reviewed_on__lte=day
        )
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
    """Ordered by ``by`` (highest first unless ``descending`` is false); units without a value
    (no rate: nothing fallen due; no score) after those with one; ties by unit ID."""
    sign = -1 if descending else 1

    def key(unit: UnitStats) -> tuple[bool, float, int]:
        found = unit.value(by)
        return (found is None, 0.0 if found is None else sign * found, unit.unit_pk)

    order = sorted(stats.values(), key=key)
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
