"""GraphQL type of record-time reconstruction: a node as the journal recorded it at a moment."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from schema.journal import JournalEntry
from schema.relay import Node


@strawberry.type(
    description="记录时状态 — a node's stored values as recorded at a moment (record time): later "
    "corrections never change what this returns for that moment."
)
class RecordedState:
    at: datetime = strawberry.field(description="时刻 — the moment asked about.")
    entry: JournalEntry = strawberry.field(
        description="日志条目 — the last entry about the node recorded at or before that moment; "
        "its `after` is the state."
    )
    values: JSON = strawberry.field(
        description="存储值 — every stored column as recorded (foreign keys as `<name>_id`)."
    )
    node: Node | None = strawberry.field(
        description="节点 — the same values as a typed object (`... on PppProject`): its own "
        "fields are as recorded, its relations lead to today's objects. Null when the values "
        "can no longer be read as today's type."
    )
