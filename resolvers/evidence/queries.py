"""Evidence queries: one item, and lists filtered by commitment, unit and review status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q, Subquery

from models import Commitment as CommitmentRow
from models import Evidence as EvidenceRow
from resolvers.global_ids import pk_of
from resolvers.permissions import visible
from schema.evidence import Evidence, EvidenceConnection, EvidenceStatus
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(
    description="佐证材料筛选 — conditions evidence must meet (all given ones apply)."
)
class EvidenceFilter:
    commitment_id: strawberry.ID | None = strawberry.field(
        default=None, description="承诺 — the commitment."
    )
    unit_id: strawberry.ID | None = strawberry.field(
        default=None, description="单位 — evidence for commitments this unit pledged."
    )
    status: list[EvidenceStatus] | None = strawberry.field(
        default=None, description="审核状态 — any of these (PENDING: the review queue)."
    )


def filtered(given: EvidenceFilter | None) -> Q:
    condition = Q()
    if given is None:
        return condition
    if given.commitment_id is not None:
        pk = pk_of(given.commitment_id, "Commitment", "filter.commitmentId")
        condition &= Q(commitment_id=pk)
    if given.unit_id is not None:
        pledged = CommitmentRow.filter(unit_id=pk_of(given.unit_id, "Unit", "filter.unitId"))
        condition &= Q(commitment_id__in=Subquery(pledged.values("id")))
    if given.status:
        condition &= Q(status__in=[s.value for s in given.status])
    return condition


@strawberry.type(description="佐证材料查询 — queries of evidence.")
class EvidenceQuery:
    @strawberry.field(description="佐证材料 — one item of evidence by ID (null if there is none).")
    async def evidence_item(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="材料ID — the ID.")],
    ) -> Evidence | None:
        row = await info.context.loaders.evidence_by_id.load(pk_of(id, "Evidence"))
        return Evidence.from_model(row) if row else None

    @strawberry.field(description="佐证材料列表 — evidence matching a filter, oldest first.")
    async def evidence(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            EvidenceFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> EvidenceConnection:
        args = PageArgs(first=first, after=after, last=last, before=before)
        query = (await visible(info, EvidenceRow)).filter(filtered(filter))
        return await paginate_query(query, [("id", False)], args, Evidence.from_model)
