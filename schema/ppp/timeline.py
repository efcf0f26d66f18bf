"""A PPP project's timeline: its regimes, stages, responsibilities, hand-overs, contracts,
commitments, breaches and its holders' dishonesty records as dated events in order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

import strawberry

from resolvers.ppp.timeline import TimelineEvent, project_events
from schema.relay import Node

if TYPE_CHECKING:
    from resolvers.context import Context


@strawberry.enum(description="时间线事件类别 — kind of timeline event.")
class PppTimelineEventKind(Enum):
    REGIME_START = strawberry.enum_value("REGIME_START", description="运作模式开始 — regime began.")
    CONTRACT_SIGNED = strawberry.enum_value("CONTRACT_SIGNED", description="合同签订 — signed.")
    STAGE_START = strawberry.enum_value("STAGE_START", description="阶段开始 — stage began.")
    STAGE_END = strawberry.enum_value("STAGE_END", description="阶段结束 — stage ended.")
    RESPONSIBILITY_START = strawberry.enum_value(
        "RESPONSIBILITY_START", description="责任开始 — first holder of a stage took over."
    )
    HAND_OVER = strawberry.enum_value(
        "HAND_OVER", description="责任交接 — a holder handed over to the next (换届, 调动, …)."
    )
    RESPONSIBILITY_END = strawberry.enum_value(
        "RESPONSIBILITY_END", description="责任结束 — a holder's period ended without successor."
    )
    COMMITMENT_DUE = strawberry.enum_value(
        "COMMITMENT_DUE", description="承诺到期 — a government commitment fell due."
    )
    COMMITMENT_FULFILLED = strawberry.enum_value(
        "COMMITMENT_FULFILLED", description="承诺履行 — a commitment was performed."
    )
    BREACH = strawberry.enum_value("BREACH", description="违约 — a commitment was broken.")
    DISHONESTY_RECORD = strawberry.enum_value(
        "DISHONESTY_RECORD",
        description="政务失信记录 — a dishonesty record of a responsible person, dated within "
        "their responsibility period on this project.",
    )


@strawberry.type(description="时间线事件 — one dated event in a project's history.")
class PppTimelineEvent:
    on: date = strawberry.field(description="日期 — the day it happened (valid time).")
    kind: PppTimelineEventKind = strawberry.field(description="类别 — what happened.")
    summary: str = strawberry.field(description="摘要 — one line in Chinese, names included.")
    node: Node = strawberry.field(
        description="相关记录 — the record behind the event (use `... on PppStage` etc.)."
    )


def node_makers() -> dict[str, Callable[[Any], Node]]:
    """The GraphQL type of each kind of row a timeline event stands on."""
    from schema.credit import DishonestyRecord
    from schema.ppp.commitment import PppBreach, PppCommitment
    from schema.ppp.project import PppContract, PppProjectRegime
    from schema.ppp.stage import PppStage, PppStageResponsibility

    types: list[Any] = [
        DishonestyRecord,
        PppBreach,
        PppCommitment,
        PppContract,
        PppProjectRegime,
        PppStage,
        PppStageResponsibility,
    ]
    return {kind.__name__: kind.from_model for kind in types}


def event_of(event: TimelineEvent, makers: dict[str, Callable[[Any], Node]]) -> PppTimelineEvent:
    return PppTimelineEvent(
        on=event.on,
        kind=PppTimelineEventKind(event.kind.value),
        summary=event.summary,
        node=makers[type(event.record).__name__](event.record),
    )


async def project_timeline(
    info: strawberry.Info[Context, None], project_pk: int
) -> list[PppTimelineEvent]:
    makers = node_makers()
    events = await project_events(info.context.loaders, project_pk)
    return [event_of(event, makers) for event in events]
