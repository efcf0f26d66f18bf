"""GraphQL types of the audit journal and of its verification."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from models import JournalEntry as JournalRow
from resolvers.global_ids import to_global_id
from schema.relay import Connection, Node


@strawberry.type(description="日志条目 — one append-only, hash-chained record of a change.")
class JournalEntry(Node):
    seq: int = strawberry.field(description="序号 — position in the journal, from 1, no gaps.")
    recorded_at: datetime = strawberry.field(description="记录时间 — when the change committed.")
    actor: str = strawberry.field(description="操作人 — who made the change.")
    action: str = strawberry.field(description="操作 — what was done, e.g. `task.update`.")
    entity_type: str = strawberry.field(description="对象类型 — GraphQL type of what changed.")
    entity_id: strawberry.ID = strawberry.field(description="对象ID — global ID of what changed.")
    before: JSON | None = strawberry.field(description="变更前 — stored values before the change.")
    after: JSON | None = strawberry.field(description="变更后 — stored values after the change.")
    prev_hash: str = strawberry.field(description="前序哈希 — hash of the entry before (hex).")
    hash: str = strawberry.field(
        description="哈希 — SHA-256 over the canonical serialisation of this entry (hex)."
    )

    @classmethod
    def from_model(cls, row: JournalRow) -> JournalEntry:
        return cls(
            id=strawberry.ID(to_global_id("JournalEntry", row.seq)),
            seq=row.seq,
            recorded_at=row.recorded_at,
            actor=row.actor,
            action=row.action,
            entity_type=row.entity_type,
            entity_id=strawberry.ID(to_global_id(row.entity_type, row.entity_id)),
            before=JSON(row.before) if row.before is not None else None,
            after=JSON(row.after) if row.after is not None else None,
            prev_hash=row.prev_hash,
            hash=row.hash,
        )


JournalEntryConnection = Connection[JournalEntry]


@strawberry.type(
    description="链头核对 — whether the journal holds a pinned hash (a head or a checkpoint)."
)
class JournalPinCheck:
    seq: int = strawberry.field(description="序号 — the pinned seq.")
    hash: str = strawberry.field(description="哈希 — the hash pinned for it.")
    source: str = strawberry.field(
        description="来源 — where the pin came from: `expected head` or `checkpoint`."
    )
    matched: bool = strawberry.field(description="一致 — the journal has that hash at that seq.")
    problem: str | None = strawberry.field(description="问题 — why not, when it does not.")


@strawberry.type(description="日志校验 — result of recomputing the journal's hash chain.")
class JournalVerification:
    ok: bool = strawberry.field(description="完整 — true when every entry matches its hash.")
    checked_entries: int = strawberry.field(description="已校验条数 — entries found sound.")
    head_seq: int | None = strawberry.field(description="链头序号 — seq of the last sound entry.")
    head_hash: str = strawberry.field(description="链头哈希 — hash of the last sound entry.")
    first_broken_seq: int | None = strawberry.field(
        description="首个损坏条目 — seq of the first entry that fails, if any."
    )
    problem: str | None = strawberry.field(
        description="问题 — what is wrong with that entry, or with a pin that did not match."
    )
    pins: list[JournalPinCheck] = strawberry.field(
        default_factory=list,
        description="链头核对 — each pinned head or checkpoint given, and whether it matched.",
    )
    unproven: list[str] = strawberry.field(
        default_factory=list,
        description="未能证明 — what this check cannot prove: without a pin, entries deleted "
        "from the end, or an edit with every later hash recomputed, verify just the same.",
    )


@strawberry.type(description="链头 — the newest journal entry, to pin in an audit report.")
class JournalHead:
    seq: int = strawberry.field(description="序号 — seq of the newest entry (0 when empty).")
    hash: str = strawberry.field(description="哈希 — its hash (64 zeros when empty).")


@strawberry.enum(description="校验任务状态 — where a journal verification run stands.")
class VerificationRunStatus(Enum):
    RUNNING = strawberry.enum_value(
        "RUNNING", description="校验中 — verifying; `checkedEntries` grows about once a second."
    )
    FINISHED = strawberry.enum_value(
        "FINISHED", description="已完成 — done; `result` holds the report."
    )
    ABANDONED = strawberry.enum_value(
        "ABANDONED",
        description="已中断 — the worker running it stopped (shut down or failed) before the "
        "end; nothing was concluded. Start a new run.",
    )


@strawberry.type(
    description="日志校验任务 — one verification of the whole journal, run in the background: "
    "its progress while it runs and its report when it has finished."
)
class JournalVerificationRun:
    id: strawberry.ID = strawberry.field(
        description="ID — the run's global ID, for `journalVerificationRun(id:)`."
    )
    status: VerificationRunStatus = strawberry.field(description="状态 — where it stands.")
    requested_by: str = strawberry.field(description="发起人 — who started it.")
    requested_at: datetime = strawberry.field(description="发起时间 — when it was started.")
    total_entries: int = strawberry.field(
        description="总条数 — entries in the journal when it started (the journal may grow "
        "meanwhile; the run checks it to the end)."
    )
    checked_entries: int = strawberry.field(description="已校验条数 — entries checked so far.")
    finished_at: datetime | None = strawberry.field(
        description="结束时间 — when it finished or was abandoned."
    )
    result: JournalVerification | None = strawberry.field(
        description="校验结果 — the report, once FINISHED (null before, and when ABANDONED)."
    )
