"""Journal queries: entries (filtered, keyset-paged by seq), the chain head, verification."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from tortoise.expressions import Q

from models import JournalEntry as JournalRow
from resolvers.journal import store
from resolvers.permissions import visible
from schema.journal import JournalEntry, JournalEntryConnection, JournalHead, JournalVerification
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last, OrderDirection, from_global_id

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.input(description="日志筛选 — conditions an entry must meet (all given ones apply).")
class JournalFilter:
    entity_id: strawberry.ID | None = strawberry.field(
        default=None, description="对象ID — entries about this object (any type's global ID)."
    )
    entity_type: str | None = strawberry.field(
        default=None, description="对象类型 — entries about objects of this type, e.g. Task."
    )
    action: str | None = strawberry.field(
        default=None, description="操作 — exact action, e.g. `assignment.end`."
    )
    actor: str | None = strawberry.field(default=None, description="操作人 — exact actor.")


@strawberry.type(description="日志查询 — queries of the audit journal.")
class JournalQuery:
    @strawberry.field(description="审计日志 — journal entries in seq order, paged.")
    async def journal(
        self,
        info: strawberry.Info[Context, None],
        filter: Annotated[
            JournalFilter | None, strawberry.argument(description="筛选 — conditions.")
        ] = None,
        direction: Annotated[
            OrderDirection, strawberry.argument(description="方向 — ASC oldest first.")
        ] = OrderDirection.ASC,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> JournalEntryConnection | None:
        args = PageArgs(first=first, after=after, last=last, before=before)
        condition = Q()
        if filter is not None:
            if filter.entity_id is not None:
                type_name, pk = from_global_id(str(filter.entity_id), "filter.entityId")
                condition &= Q(entity_type=type_name, entity_id=pk)
            if filter.entity_type:
                condition &= Q(entity_type=filter.entity_type)
            if filter.action:
                condition &= Q(action=filter.action)
            if filter.actor:
                condition &= Q(actor=filter.actor)
        keys = [("seq", direction == OrderDirection.DESC)]
        return await paginate_query(
            (await visible(info, JournalRow)).filter(condition), keys, args, JournalEntry.from_model
        )

    @strawberry.field(
        description="日志链头 — the newest entry's seq and hash: pin it in a report to prove "
        "later that nothing before it changed."
    )
    async def journal_head(self) -> JournalHead | None:
        seq, digest = await store.head()
        return JournalHead(seq=seq, hash=digest)

    @strawberry.field(
        description="日志校验 — recompute the whole hash chain and report the first broken entry."
    )
    async def journal_verify(self) -> JournalVerification | None:
        report = await store.verify_stored()
        return JournalVerification(
            ok=report.ok,
            checked_entries=report.checked,
            head_seq=report.head_seq,
            head_hash=report.head_hash,
            first_broken_seq=report.first_broken_seq,
            problem=report.problem,
        )
