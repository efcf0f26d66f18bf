"""The office's queue of item applications (办结/延期 of supervision items) — scoped to the
caller (a unit sees those of the items it handles), keyset-paged in SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import SupervisionItemApplication as ApplicationRow
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from schema.item_application import SupervisionItemApplication
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, Connection, First, Last
from schema.supervision import ApplicationKind, ApplicationStatus

if TYPE_CHECKING:
    from resolvers.context import Context

SupervisionItemApplicationConnection = Connection[SupervisionItemApplication]


@strawberry.type(description="督办事项申请查询 — applications on supervision items.")
class SupervisionItemApplicationQuery:
    @strawberry.field(
        description="督办事项申请 — applications (办结/延期) on items, oldest first; by default "
        "all of them, or only those of a status, kind or applying unit (the office's queue: "
        "status PENDING)."
    )
    async def supervision_item_applications(
        self,
        info: strawberry.Info[Context, None],
        status: Annotated[
            ApplicationStatus | None, strawberry.argument(description="申请状态 — only these.")
        ] = None,
        kind: Annotated[
            ApplicationKind | None, strawberry.argument(description="申请类别 — only these.")
        ] = None,
        unit_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="申请单位 — only those this unit made."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> SupervisionItemApplicationConnection:
        condition = Q()
        if unit_id is not None:
            condition &= Q(unit_id=pk_of(unit_id, "Unit", "unitId"))
        if status is not None:
            condition &= Q(status=status.value)
        if kind is not None:
            condition &= Q(kind=kind.value)
        query = (await visible(info, ApplicationRow)).filter(condition)
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_query(
            query, [("id", False)], args, SupervisionItemApplication.from_model
        )
