"""The warning list of supervision items (督办事项红黄牌): open items with their card on a day,
red first, filterable by level; three statements whatever the page size."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import ItemStatus
from models import SupervisionFeedback as FeedbackRow
from models import SupervisionItem as ItemRow
from models import SupervisionItemUnit as ItemUnitRow
from resolvers import workdays
from resolvers.errors import bad_input
from resolvers.permissions.scopes import RowScopes
from resolvers.supervision.warnings import RANK, YELLOW_WITHIN, ItemWarning, Level, item_warning_of
from schema.item_warning import SupervisionItemWarning, SupervisionItemWarningConnection
from schema.pagination import PageArgs, paginate_list
from schema.relay import After, Before, First, Last
from schema.supervision_item import SupervisionItem
from schema.warning import WarningLevel

if TYPE_CHECKING:
    from resolvers.context import Context

ORDER = [("rank", False), ("due", False), ("id", False)]


def _key(warning: ItemWarning) -> list[str | int]:
    return [RANK[warning.level], warning.falls_due_on.isoformat(), warning.item.pk]


def _convert(warning: ItemWarning) -> SupervisionItemWarning:
    return SupervisionItemWarning(
        item=SupervisionItem.from_model(warning.item),
        level=WarningLevel(warning.level.value),
        reasons=list(warning.reasons),
        falls_due_on=warning.falls_due_on,
    )


async def item_warnings_on(scopes: RowScopes, day: date, yellow_within: int) -> list[ItemWarning]:
    """Every open item in ``scopes`` handed off by ``day`` with its card, red first."""
    rows = await ItemRow.filter(
        await scopes.of(ItemRow), status=ItemStatus.OPEN, opened_on__lte=day
    )
    feedback: dict[int, list[FeedbackRow]] = {row.pk: [] for row in rows}
    links = await ItemUnitRow.filter(await scopes.of(ItemUnitRow), item_id__in=list(feedback))
    item_of = {link.pk: link.item_id for link in links}
    for each in await FeedbackRow.filter(
        await scopes.of(FeedbackRow), item_unit_id__in=list(item_of)
    ):
        feedback[item_of[each.item_unit_id]].append(each)
    found = [item_warning_of(row, feedback[row.pk], day, yellow_within) for row in rows]
    return sorted(found, key=_key)


@strawberry.type(description="督办事项预警查询 — warning cards of open supervision items.")
class ItemWarningQuery:
    @strawberry.field(
        description="督办事项红黄牌 — open supervision items with their warning card on the day "
        "(red, then yellow, then green; by the working day they fall due)."
    )
    async def supervision_item_warnings(
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
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SupervisionItemWarningConnection:
        if not 0 <= yellow_within <= 60:
            raise bad_input("`yellowWithin` must be between 0 and 60.", "yellowWithin")
        scopes = info.context.loaders.scopes
        found = await item_warnings_on(scopes, as_of or workdays.today(), yellow_within)
        if levels:
            wanted = {Level(level.name) for level in levels}
            found = [w for w in found if w.level in wanted]
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_list(found, ORDER, args, _convert, _key)
