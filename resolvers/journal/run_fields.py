"""Journal verification runs over GraphQL: ``journalVerificationStart`` and
``journalVerificationRun`` (the job itself is ``resolvers.journal.runs``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.scalars import JSON

from models import JournalVerificationRun as RunRow
from resolvers.errors import DomainError, ErrorCode
from resolvers.global_ids import pk_of, to_global_id
from resolvers.journal import runs
from resolvers.journal.queries import journal_pins, verification_of
from resolvers.mutation import INPUT
from schema.journal import (
    JournalVerificationRun,
    VerificationRunStatus,
)
from schema.pagination import PageArgs, paginate_query
from schema.relay import After, Before, Connection, First, Last

if TYPE_CHECKING:
    from resolvers.context import Context


def run_of(found: runs.RunState) -> JournalVerificationRun:
    return JournalVerificationRun(
        id=strawberry.ID(to_global_id("JournalVerificationRun", found.pk)),
        status=VerificationRunStatus(found.status.value),
        requested_by=found.requested_by,
        requested_at=found.requested_at,
        total_entries=found.total_entries,
        checked_entries=found.checked_entries,
        finished_at=found.finished_at,
        result=verification_of(found.report) if found.report is not None else None,
    )


@strawberry.input(description="开始日志校验 — what to check the journal against.")
class JournalVerificationStartInput:
    expect_head: list[str] | None = strawberry.field(
        default=None,
        description="链头 — heads pinned earlier, as `SEQ:HASH` (from `journalHead`).",
    )
    checkpoint: list[JSON] | None = strawberry.field(
        default=None,
        description="签名检查点 — checkpoints written by `dutygraph journal checkpoint` (the "
        "JSON as written); their signatures are checked with this server's key.",
    )


@strawberry.type(description="开始日志校验结果 — the run started.")
class JournalVerificationStartPayload:
    run: JournalVerificationRun = strawberry.field(
        description="校验任务 — RUNNING; poll `journalVerificationRun(id:)` for its progress."
    )


@strawberry.type(description="日志校验任务变更 — starting a verification of the journal.")
class JournalVerificationMutation:
    @strawberry.mutation(
        description="开始日志校验 — recompute the whole hash chain in the background, checking "
        "the pinned heads and signed checkpoints given on the way; answers at once with the "
        "run (CONFLICT while another run is in progress). Not journaled: it changes nothing."
    )
    async def journal_verification_start(
        self,
        info: strawberry.Info[Context, None],
        input: Annotated[
            JournalVerificationStartInput | None, strawberry.argument(description=INPUT)
        ] = None,
    ) -> JournalVerificationStartPayload:
        given = input or JournalVerificationStartInput()
        heads, checkpoints = given.expect_head or [], given.checkpoint or []
        pins = journal_pins(info, heads, checkpoints)
        started = await runs.start(
            info.context.actor.name, pins, {"expectHead": heads, "checkpoint": checkpoints}
        )
        return JournalVerificationStartPayload(run=run_of(started))


@strawberry.type(description="日志校验任务查询 — a verification run's progress and report.")
class JournalVerificationQuery:
    @strawberry.field(
        description="日志校验任务 — a run started by `journalVerificationStart`: its progress "
        "while RUNNING, its report once FINISHED (any server worker answers)."
    )
    async def journal_verification_run(
        self,
        id: Annotated[
            strawberry.ID, strawberry.argument(description="任务ID — the run's global ID.")
        ],
    ) -> JournalVerificationRun | None:
        found = await runs.state(pk_of(id, "JournalVerificationRun", "id"))
        if found is None:
            raise DomainError(ErrorCode.NOT_FOUND, f"No journal verification run {id}.", "id")
        return run_of(found)

    @strawberry.field(
        description="日志校验记录 — every verification run, newest first: who checked the "
        "journal when, and what each found."
    )
    async def journal_verification_runs(
        self,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[JournalVerificationRun] | None:
        args = PageArgs(first=first, after=after, last=last, before=before)
        now = runs.wall_clock()
        return await paginate_query(
            RunRow.all(), [("id", True)], args, lambda row: run_of(runs.state_of(row, now))
        )
