"""Rankings and statistics (排名与统计) for a period: per unit counts and rates of commitments
due in the period (optionally of one plan or section), ranked by any of them with ties broken
by the unit's ID; plan and section progress for dashboards. Grouped SQL, a fixed number of
statements whatever the number of units."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q, RawSQL, Subquery

from models import (
    ApplicationKind,
    ApplicationStatus,
    Commitment,
    CommitmentStatus,
    Evaluation,
    Evidence,
    EvidenceStatus,
    Task,
    Urging,
)
from resolvers import workdays
from resolvers.commitment.due import due_on_then_sql, overdue_due_dates
from resolvers.execution.rows import statements
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


#: What each ``RankBy`` orders by, as SQL over the per-unit columns of ``RANKED_SQL``: a rate
#: rounded as it is shown (4 places), NULL when nothing has fallen due.
ORDER_VALUE = {
    RankBy.ON_TIME_RATE: "ROUND(1.0 * on_time / NULLIF(fallen_due, 0), 4)",
    RankBy.COMPLETION_RATE: "ROUND(1.0 * (on_time + late) / NULLIF(fallen_due, 0), 4)",
    RankBy.ON_TIME: "on_time",
    RankBy.LATE: "late",
    RankBy.OVERDUE: "overdue",
    RankBy.EXTENDED: "extended",
    RankBy.URGED: "urged",
    RankBy.EVIDENCE_ACCEPTED: "evidence_accepted",
    RankBy.EVIDENCE_REJECTED: "evidence_rejected",
    RankBy.AVERAGE_SCORE: "average_score",
}

#: The columns of a ranked row, in order.
COLUMNS = (
    "unit_id", "total", "on_time", "late", "overdue", "broken", "withdrawn", "open",
    "extended", "urged", "evidence_accepted", "evidence_rejected", "average_score", "rank",
    "units",
)  # fmt: skip


@dataclass(frozen=True)
class Window:
    """Which ranks to read: after/before a rank, at most ``limit`` from the start (or from the
    end when ``backward``, then last rank first); no limit reads them all."""

    after: int | None = None
    before: int | None = None
    limit: int | None = None
    backward: bool = False


def _literal(day: date) -> str:
    return f"'{day.isoformat()}'"


def ranked_sql(
    chosen: str, urgings: str, evidence: str, scores: str, day: date, by: RankBy, desc: bool
) -> str:
    """One statement: the commitments ``chosen`` (a SELECT of id, unit_id, status, closed_on,
    fulfilled_late and due_then) counted per unit as ``day`` knew them, joined with the
    extensions accepted by the day, the ``urgings`` and reviewed ``evidence`` of those
    commitments and the units' ``scores``, and ranked by ``by`` (units without a value last,
    ties by unit ID). Each row also carries the number of ranked units."""
    on = _literal(day)
    closed = f"closed_on IS NOT NULL AND closed_on <= {on}"
    fulfilled, broken, withdrawn = S.FULFILLED.value, S.BROKEN.value, S.WITHDRAWN.value
    ended = f"{closed} AND status IN ('{fulfilled}', '{broken}', '{withdrawn}')"
    overdue = _literal(overdue_due_dates(day))
    kind, accepted = ApplicationKind.EXTENSION.value, ApplicationStatus.ACCEPTED.value
    value = ORDER_VALUE[by]
    direction = "DESC" if desc else "ASC"
    return f"""
WITH chosen AS ({chosen}),
counted AS (
  SELECT unit_id, COUNT(*) AS total,
    SUM(CASE WHEN {closed} AND status = '{fulfilled}' AND NOT fulfilled_late
      THEN 1 ELSE 0 END) AS on_time,
    SUM(CASE WHEN {closed} AND status = '{fulfilled}' AND fulfilled_late
      THEN 1 ELSE 0 END) AS late,
    SUM(CASE WHEN {closed} AND status = '{broken}' THEN 1 ELSE 0 END) AS broken,
    SUM(CASE WHEN {closed} AND status = '{withdrawn}' THEN 1 ELSE 0 END) AS withdrawn,
    SUM(CASE WHEN NOT ({ended}) AND due_then <= {overdue} THEN 1 ELSE 0 END) AS overdue
  FROM chosen GROUP BY unit_id
),
extended AS (
  SELECT c.unit_id, COUNT(DISTINCT a.commitment_id) AS n
  FROM commitment_application a JOIN chosen c ON c.id = a.commitment_id
  WHERE a.kind = '{kind}' AND a.status = '{accepted}' AND a.decided_on <= {on}
  GROUP BY c.unit_id
),
urged AS (
  SELECT u.unit_id, COUNT(*) AS n FROM ({urgings}) u
  WHERE u.commitment_id IN (SELECT id FROM chosen) GROUP BY u.unit_id
),
reviewed AS (
  SELECT c.unit_id,
    SUM(CASE WHEN e.status = '{EvidenceStatus.ACCEPTED.value}' THEN 1 ELSE 0 END) AS accepted,
    SUM(CASE WHEN e.status = '{EvidenceStatus.REJECTED.value}' THEN 1 ELSE 0 END) AS rejected
  FROM ({evidence}) e JOIN chosen c ON c.id = e.commitment_id GROUP BY c.unit_id
),
scored AS (
  SELECT s.unit_id, ROUND(AVG(s.score), 2) AS mean FROM ({scores}) s GROUP BY s.unit_id
),
stats AS (
  SELECT k.unit_id, k.total, k.on_time, k.late, k.overdue, k.broken, k.withdrawn,
    k.total - k.on_time - k.late - k.overdue - k.broken - k.withdrawn AS open,
    k.on_time + k.late + k.broken + k.overdue AS fallen_due,
    COALESCE(x.n, 0) AS extended, COALESCE(u.n, 0) AS urged,
    COALESCE(r.accepted, 0) AS evidence_accepted, COALESCE(r.rejected, 0) AS evidence_rejected,
    g.mean AS average_score
  FROM counted k
  LEFT JOIN extended x ON x.unit_id = k.unit_id
  LEFT JOIN urged u ON u.unit_id = k.unit_id
  LEFT JOIN reviewed r ON r.unit_id = k.unit_id
  LEFT JOIN scored g ON g.unit_id = k.unit_id
)
SELECT {", ".join(COLUMNS[:-2])},
  ROW_NUMBER() OVER (ORDER BY ({value}) IS NULL, {value} {direction}, unit_id) AS rank,
  COUNT(*) OVER () AS units
FROM stats"""


def paged(sql: str, window: Window) -> str:
    """``sql`` (ranked rows) cut to ``window``, in rank order."""
    conditions = []
    if window.after is not None:
        conditions.append(f"rank > {int(window.after)}")
    if window.before is not None:
        conditions.append(f"rank < {int(window.before)}")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    order = "DESC" if window.backward else "ASC"
    limit = f" LIMIT {int(window.limit)}" if window.limit is not None else ""
    return f"SELECT * FROM ({sql}) ranked{where} ORDER BY rank {order}{limit}"


def stats_of(row: dict[str, Any]) -> UnitStats:
    score = row["average_score"]
    return UnitStats(
        unit_pk=row["unit_id"],
        **{name: int(row[name]) for name in COLUMNS[1:12]},
        average_score=None if score is None else round(float(score), 2),
        rank=int(row["rank"]),
    )


@dataclass(frozen=True)
class Ranked:
    """A window of the ranking and the number of units ranked in all (None when the window is
    empty: ask ``count``)."""

    units: list[UnitStats]
    total: int | None


async def ranked_units(
    scopes: RowScopes,
    period: Period,
    by: RankBy = RankBy.ON_TIME_RATE,
    descending: bool = True,
    *,
    plan_pk: int | None = None,
    section_pk: int | None = None,
    as_of: date | None = None,
    window: Window = Window(),  # noqa: B008 - frozen, never changed
) -> Ranked:
    """Units with commitments due in ``period`` and pledged by ``as_of`` (omitted: today),
    counted as that day knew them — kept, broken or withdrawn by the day, overdue by the due
    date in force then, extensions approved, urgings sent and evidence reviewed by the day —
    and ranked by ``by`` (highest first unless ``descending`` is false), in one statement."""
    day = as_of or workdays.today()
    due = Q(due_on__gte=period.starts_on, due_on__lte=period.ends_on)
    scope = await scopes.of(Commitment)
    chosen = (
        Commitment.filter(scope, due, in_scope_of(plan_pk, section_pk), pledged_on__lte=day)
        .annotate(due_then=RawSQL(due_on_then_sql(day)))
        .order_by()
        .values("id", "unit_id", "status", "closed_on", "fulfilled_late", "due_then")
    )
    urgings = Urging.filter(await scopes.of(Urging), urged_on__lte=day).order_by()
    evidence = Evidence.filter(await scopes.of(Evidence), reviewed_on__lte=day).order_by()
    scores = Evaluation.filter(
        await scopes.of(Evaluation), period=period.name, revoked_on__isnull=True
    ).order_by()
    db, (chosen_sql, urged_sql, evidence_sql, scores_sql), params = statements(
        chosen,
        urgings.values("unit_id", "commitment_id"),
        evidence.values("commitment_id", "status"),
        scores.values("unit_id", "score"),
    )
    sql = ranked_sql(chosen_sql, urged_sql, evidence_sql, scores_sql, day, by, descending)
    found = await db.execute_query_dict(paged(sql, window), params)
    return Ranked([stats_of(row) for row in found], int(found[0]["units"]) if found else None)


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
    """Commitments pledged by ``day`` (omitted: today) on the plan's or section's tasks: how
    many, how many fulfilled by the day and how many open on it past their due working day,
    counted in one statement."""
    day = day or workdays.today()
    scope = await scopes.of(Commitment)
    chosen = (
        Commitment.filter(scope, in_scope_of(plan_pk, section_pk), pledged_on__lte=day)
        .order_by()
        .values("status", "closed_on", "due_on")
    )
    db, (chosen_sql,), params = statements(chosen)
    on, cutoff = _literal(day), _literal(overdue_due_dates(day))
    still_open = f"status IN ('{S.PLEDGED.value}', '{S.OVERDUE.value}')"
    [row] = await db.execute_query_dict(
        f"""SELECT COUNT(*) AS total,
  SUM(CASE WHEN status = '{S.FULFILLED.value}' AND closed_on <= {on} THEN 1 ELSE 0 END)
    AS fulfilled,
  SUM(CASE WHEN due_on <= {cutoff} AND ({still_open} OR closed_on > {on}) THEN 1 ELSE 0 END)
    AS overdue
FROM ({chosen_sql}) chosen""",
        params,
    )
    return Progress(int(row["total"]), int(row["fulfilled"] or 0), int(row["overdue"] or 0))
