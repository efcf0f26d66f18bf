"""The warning list (红黄牌预警): open commitments with their level on a day, red first, filterable
by level and unit; three statements whatever the page size."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import Commitment as CommitmentRow
from models import ProgressReport as ReportRow
from models import Urging as UrgingRow
from resolvers import workdays
from resolvers.commitment.due import as_due_then, due_dates_then, open_on
from resolvers.errors import bad_input
from resolvers.global_ids import pk_of
from resolvers.permissions.scopes import UNIT_WORK_READERS, RowScopes, own_unit, sees_all
from resolvers.supervision.warning_rank import warning_rank
from resolvers.supervision.warnings import RANK, YELLOW_WITHIN, Level, Warning, warning_of
from schema.commitment import Commitment
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, Connection, First, Last
from schema.warning import CommitmentWarning, CommitmentWarningConnection, WarningLevel

if TYPE_CHECKING:
    from resolvers.context import Context

#: Level, then due date (so the working day it falls due), then pledge order.
ORDER = [("rank", False), ("due_on", False), ("id", False)]


def _key(warning: Warning) -> list[str | int]:
    return [RANK[warning.level], warning.falls_due_on.isoformat(), warning.commitment.pk]


def _convert(warning: Warning) -> CommitmentWarning:
    return CommitmentWarning(
        commitment=Commitment.from_model(warning.commitment),
        level=WarningLevel(warning.level.value),
        reasons=list(warning.reasons),
        falls_due_on=warning.falls_due_on,
        working_days_left=warning.working_days_left,
    )


async def warnings_of(
    scopes: RowScopes, rows: list[CommitmentRow], day: date, yellow_within: int
) -> list[Warning]:
    """The level of each of ``rows`` on ``day`` with its reasons: two statements (progress
    reports, urgings) whatever the number of rows."""
    pks = [row.pk for row in rows]
    reports: dict[int, list[ReportRow]] = {pk: [] for pk in pks}
    for report in await ReportRow.filter(await scopes.of(ReportRow), commitment_id__in=pks):
        reports[report.commitment_id].append(report)
    urgings: dict[int, list[UrgingRow]] = {pk: [] for pk in pks}
    for urging in await UrgingRow.filter(await scopes.of(UrgingRow), commitment_id__in=pks):
        urgings[urging.commitment_id].append(urging)
    limit = workdays.add_workdays(day, yellow_within)
    then = await due_dates_then(pks, day)
    found = []
    for row in rows:
        # Judged by the due date in force on the day (an extension decided later moved it).
        judged = as_due_then(row, then)
        warning = warning_of(judged, reports[row.pk], urgings[row.pk], day, yellow_within, limit)
        found.append(replace(warning, commitment=row) if judged is not row else warning)
    return found


async def warnings_on(
    scopes: RowScopes, day: date, yellow_within: int, unit_pk: int | None = None
) -> list[Warning]:
    """Every open commitment in ``scopes`` on ``day`` with its level, red first (the whole
    list, for the bulletin)."""
    condition = open_on(day)
    if unit_pk is not None:
        condition &= Q(unit_id=unit_pk)
    rows = await CommitmentRow.filter(await scopes.of(CommitmentRow), condition)
    found = await warnings_of(scopes, list(rows), day, yellow_within)
    return sorted(found, key=_key)


async def warning_page(
    context: Context,
    day: date,
    yellow_within: int,
    levels: list[Level],
    unit_pk: int | None,
    args: PageArgs,
) -> CommitmentWarningConnection:
    """One keyset page of the warning list: the level is a SQL expression (``warning_rank``),
    so filtering by level and paging are one statement; the page's reasons take two more."""
    condition = open_on(day)
    if unit_pk is not None:
        condition &= Q(unit_id=unit_pk)
    scopes, actor = context.loaders.scopes, context.actor
    urged = None if sees_all(actor, *UNIT_WORK_READERS) else own_unit(actor)
    query = CommitmentRow.filter(await scopes.of(CommitmentRow), condition).annotate(
        rank=warning_rank(day, yellow_within, urged)
    )
    if levels:
        query = query.filter(rank__in=[RANK[level] for level in levels])
    page = await paginate_query(query, ORDER, args, lambda row: row)
    warned = await warnings_of(scopes, page.items, day, yellow_within)
    return Connection(
        items=[_convert(w) for w in warned],
        keys=page.keys,
        page=page.page,
        count_total=page.count_total,
    )


@strawberry.type(description="预警查询 — warning levels of open commitments.")
class WarningQuery:
    @strawberry.field(
        description="红黄牌预警 — open commitments with their warning level on the day (red, "
        "then yellow, then green; by the working day they fall due)."
    )
    async def commitment_warnings(
        self,
        info: strawberry.Info[Context, None],
        as_of: Annotated[
            date | None, strawberry.argument(description="截至日期 — the day; omitted: today.")
        ] = None,
        yellow_within: Annotated[
            int,
            strawberry.argument(
                description="黄牌天数 — yellow when due within this many working days (0–60)."
            ),
        ] = YELLOW_WITHIN,
        levels: Annotated[
            list[WarningLevel] | None,
            strawberry.argument(description="预警等级 — only these levels."),
        ] = None,
        unit_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="单位 — only this unit's.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CommitmentWarningConnection:
        if not 0 <= yellow_within <= 60:
            raise bad_input("`yellowWithin` must be between 0 and 60.", "yellowWithin")
        unit_pk = pk_of(unit_id, "Unit", "unitId") if unit_id else None
        wanted = [Level(level.name) for level in levels or []]
        args = PageArgs(first=first, after=after, last=last, before=before)
        day = as_of or workdays.today()
        return await warning_page(info.context, day, yellow_within, wanted, unit_pk, args)
