"""Supervision-cycle queries: applications awaiting or given a decision, and corrections —
scoped to the caller (a unit sees its own), keyset-paged in SQL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from models import Commitment as CommitmentRow
from models import CommitmentApplication as ApplicationRow
from models import Correction as CorrectionRow
from models import Urging as UrgingRow
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last
from schema.supervision import (
    ApplicationKind,
    ApplicationStatus,
    CommitmentApplication,
    CommitmentApplicationConnection,
    Correction,
    CorrectionConnection,
    Urging,
    UrgingConnection,
)

if TYPE_CHECKING:
    from resolvers.context import Context

UnitId = Annotated[
    strawberry.ID | None,
    strawberry.argument(description="单位 — only about commitments this unit pledged."),
]


def of_unit(unit_id: strawberry.ID | None) -> Q:
    if unit_id is None:
        return Q()
    pledged = CommitmentRow.filter(unit_id=pk_of(unit_id, "Unit", "unitId")).values("id")
    return Q(commitment_id__in=Subquery(pledged))


@strawberry.type(description="督办闭环查询 — applications and corrections.")
class SupervisionQuery:
    @strawberry.field(
        description="承诺申请 — applications (办结/撤回/延期), oldest first; by default all of "
        "them, or only those of a status and kind (the office's queue: status PENDING)."
    )
    async def commitment_applications(
        self,
        info: strawberry.Info[Context, None],
        status: Annotated[
            ApplicationStatus | None, strawberry.argument(description="申请状态 — only these.")
        ] = None,
        kind: Annotated[
            ApplicationKind | None, strawberry.argument(description="申请类别 — only these.")
        ] = None,
        unit_id: UnitId = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CommitmentApplicationConnection:
        condition = of_unit(unit_id)
        if status is not None:
            condition &= Q(status=status.value)
        if kind is not None:
            condition &= Q(kind=kind.value)
        query = (await visible(info, ApplicationRow)).filter(condition)
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_query(query, [("id", False)], args, CommitmentApplication.from_model)

    @strawberry.field(
        description="更正记录 — the office's corrections of closed records, oldest first."
    )
    async def corrections(
        self,
        info: strawberry.Info[Context, None],
        unit_id: UnitId = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> CorrectionConnection:
        query = (await visible(info, CorrectionRow)).filter(of_unit(unit_id))
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_query(query, [("id", False)], args, Correction.from_model)

    @strawberry.field(
        description="催办 — urging notices (the office's and the clock's), oldest first; a unit "
        "sees those sent to it."
    )
    async def urgings(
        self,
        info: strawberry.Info[Context, None],
        unit_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="单位 — only those sent to it.")
        ] = None,
        acknowledged: Annotated[
            bool | None,
            strawberry.argument(description="已签收 — only acknowledged (true) or not (false)."),
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> UrgingConnection:
        condition = Q()
        if unit_id is not None:
            condition &= Q(unit_id=pk_of(unit_id, "Unit", "unitId"))
        if acknowledged is not None:
            condition &= Q(acknowledged_on__isnull=not acknowledged)
        query = (await visible(info, UrgingRow)).filter(condition)
        args = PageArgs(first=first, after=after, last=last, before=before)
        return await paginate_query(query, [("id", False)], args, Urging.from_model)
