"""Record-time reconstruction from the journal: a node's entries, and its state at a moment.

Every entry stores the full ``after`` snapshot, so the state at time T is the ``after`` of the
last entry about that node recorded at or before T.
"""

from __future__ import annotations

import inspect
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.scalars import JSON
from tortoise.models import Model

import models
from models import JournalEntry as JournalRow
from resolvers.global_ids import from_global_id
from resolvers.node import NODE_TYPES
from resolvers.permissions import visible
from schema.history import RecordedState
from schema.journal import JournalEntry, JournalEntryConnection
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, First, Last, Node

if TYPE_CHECKING:
    from resolvers.context import Context


def model_named(type_name: str) -> type[Model] | None:
    found = getattr(models, type_name, None)
    return found if inspect.isclass(found) and issubclass(found, Model) else None


def as_recorded(type_name: str, values: dict[str, Any]) -> Node | None:
    """The typed node built from a snapshot, or None when it no longer fits today's model."""
    model, convert = model_named(type_name), NODE_TYPES.get(type_name)
    if model is None or convert is None:
        return None
    try:
        columns = {
            name: model._meta.fields_map[name].to_python_value(values[name])
            for name in model._meta.fields_db_projection
        }
        return convert(model(**columns))
    except (KeyError, TypeError, ValueError):
        return None


@strawberry.type(description="历史查询 — record-time history of any node, from the journal.")
class HistoryQuery:
    @strawberry.field(
        description="变更历史 — the journal entries about one node, oldest first, paged."
    )
    async def history(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="全局ID — the node.")],
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> JournalEntryConnection | None:
        type_name, pk = from_global_id(str(id))
        args = PageArgs(first=first, after=after, last=last, before=before)
        rows = (await visible(info, JournalRow)).filter(entity_type=type_name, entity_id=pk)
        return await paginate_query(rows, [("seq", False)], args, JournalEntry.from_model)

    @strawberry.field(
        description="记录时状态 — the node as recorded at a moment: what a report made then "
        "showed, whatever was corrected since (null if it was not yet recorded)."
    )
    async def as_recorded_at(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="全局ID — the node.")],
        at: Annotated[
            datetime,
            strawberry.argument(description="时刻 — record time, e.g. a report's creation time."),
        ],
    ) -> RecordedState | None:
        type_name, pk = from_global_id(str(id))
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        row = await (
            (await visible(info, JournalRow))
            .filter(entity_type=type_name, entity_id=pk, recorded_at__lte=at)
            .order_by("-seq")
            .first()
        )
        if row is None or row.after is None:
            return None
        return RecordedState(
            at=at,
            entry=JournalEntry.from_model(row),
            values=cast(JSON, row.after),
            node=as_recorded(type_name, row.after),
        )
