"""Journal queries: entries (filtered, keyset-paged by seq), the chain head, verification."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON
from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models import JournalEntry as JournalRow
from resolvers.errors import bad_input
from resolvers.global_ids import from_global_id
from resolvers.journal import store
from resolvers.journal.checkpoint import CheckpointError, trusted_key
from resolvers.journal.checkpoint import check as check_checkpoint
from resolvers.journal.pins import Pin, parse_pin
from resolvers.permissions import visible
from schema.journal import (
    JournalEntry,
    JournalEntryConnection,
    JournalHead,
    JournalPinCheck,
    JournalVerification,
)
from schema.pagination import PageArgs, SortKey, paginate_query
from schema.relay import After, Before, Connection, First, Last, OrderDirection

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


async def filtered_page(
    query: QuerySet[JournalRow], keys: list[SortKey], args: PageArgs
) -> JournalEntryConnection:
    """A filtered page in two statements: the page's seqs from the filter's (column, seq) index
    alone (an index-only scan, which the planner prefers to walking the primary key and testing
    each entry — the walk that crossed the whole journal when the matches were old), then the
    entries by seq."""
    page = await paginate_query(query.only("seq"), keys, args, lambda row: row.seq)
    rows = {row.seq: row for row in await JournalRow.filter(seq__in=page.items)}
    return Connection(
        items=[JournalEntry.from_model(rows[seq]) for seq in page.items],
        keys=page.keys,
        page=page.page,
        count_total=page.count_total,
    )


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
        query = (await visible(info, JournalRow)).filter(condition)
        if filter is None or not any(vars(filter).values()):
            return await paginate_query(query, keys, args, JournalEntry.from_model)
        return await filtered_page(query, keys, args)

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
        return verification(await store.verify_pinned())

    @strawberry.field(
        description="对照校验 — journalVerify, and whether the journal still holds each head "
        "pinned earlier and each signed checkpoint: an edit with every later hash recomputed, "
        "or entries deleted from the end, fail here."
    )
    async def journal_verify_pinned(
        self,
        info: strawberry.Info[Context, None],
        expect_head: Annotated[
            list[str] | None,
            strawberry.argument(
                description="链头 — heads pinned earlier, as `SEQ:HASH` (from `journalHead`)."
            ),
        ] = None,
        checkpoint: Annotated[
            list[JSON] | None,
            strawberry.argument(
                description="签名检查点 — checkpoints written by `dutygraph journal checkpoint` "
                "(the JSON as written); their signatures are checked with this server's key."
            ),
        ] = None,
    ) -> JournalVerification | None:
        pins = journal_pins(info, expect_head or [], checkpoint or [])
        return verification(await store.verify_pinned(pins))


def verification(report: store.StoredReport) -> JournalVerification:
    return verification_of(report.as_dict())


def verification_of(report: dict[str, Any]) -> JournalVerification:
    """A report as stored (``StoredReport.as_dict``: a verification run keeps it) as the
    GraphQL type."""
    return JournalVerification(
        ok=report["ok"],
        checked_entries=report["checked"],
        head_seq=report["head_seq"],
        head_hash=report["head_hash"],
        first_broken_seq=report["first_broken_seq"],
        problem=report["problem"],
        pins=[JournalPinCheck(**check) for check in report["pins"]],
        unproven=list(report["unproven"]),
    )


def journal_pins(
    info: strawberry.Info[Context, None], heads: list[str], checkpoints: list[JSON]
) -> list[Pin]:
    """The pins of a request; BAD_USER_INPUT names the argument that is unusable."""
    try:
        pins = [parse_pin(text) for text in heads]
    except ValueError as error:
        raise bad_input(str(error), "expectHead") from None
    if not checkpoints:
        return pins
    app = getattr(info.context.request, "app", None)
    settings = getattr(getattr(app, "state", None), "settings", None)
    key_file = getattr(settings, "journal_key_file", None)
    try:
        if key_file is None or not Path(key_file).is_file():
            raise CheckpointError("this server holds no checkpoint key: it signed no checkpoint")
        key = trusted_key(key_file)
        for number, document in enumerate(checkpoints):
            pins.append(check_checkpoint(document, key, f"checkpoint[{number}]").pin)
    except CheckpointError as error:
        raise bad_input(str(error), "checkpoint") from None
    return pins
