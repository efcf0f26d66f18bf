"""A PPP project's timeline: its regimes, stages, responsibilities, hand-overs, contracts,
commitments, breaches and its holders' dishonesty records as dated events in order (the GraphQL
type is ``schema.ppp.timeline``)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise.models import Model

from models import PppStage as StageRow
from models import RecordStatus
from resolvers.validity import holds_on

if TYPE_CHECKING:
    from resolvers.execution.dataloaders import Loaders

#: Records not (or not yet) decided about a person: left out of timelines.
UNDECIDED = frozenset({RecordStatus.DRAFT, RecordStatus.DISMISSED})

PLAN_STAGE_NAMES = {
    "PROJECT_PREPARATION": "项目筹备",
    "BIDDING": "招标投标",
    "GOVERNMENT_PROCUREMENT": "政府采购",
    "FINANCING": "融资",
    "IMPLEMENTATION": "实施",
}
LIFECYCLE_NAMES = {
    "IDENTIFICATION": "识别",
    "PREPARATION": "准备",
    "PROCUREMENT": "采购",
    "EXECUTION": "执行",
    "HANDOVER": "移交",
}
REASON_NAMES = {
    "TERM_CHANGE": "换届",
    "TRANSFER": "调动",
    "REASSIGNMENT": "重新分工",
    "OTHER": "其他",
}
REGIME_NAMES = {
    "PPP": "政府和社会资本合作",
    "CONCESSION": "特许经营",
    "GOVERNMENT_INVESTMENT": "政府投资",
    "OTHER": "其他",
}


def stage_label(row: StageRow) -> str:
    return (
        f"{PLAN_STAGE_NAMES[row.plan_stage.value]}（{LIFECYCLE_NAMES[row.lifecycle_stage.value]}）"
        "阶段"
    )


class TimelineKind(StrEnum):
    """What happened, in the order events of one day are told."""

    REGIME_START = "REGIME_START"
    CONTRACT_SIGNED = "CONTRACT_SIGNED"
    STAGE_START = "STAGE_START"
    STAGE_END = "STAGE_END"
    RESPONSIBILITY_START = "RESPONSIBILITY_START"
    HAND_OVER = "HAND_OVER"
    RESPONSIBILITY_END = "RESPONSIBILITY_END"
    COMMITMENT_DUE = "COMMITMENT_DUE"
    COMMITMENT_FULFILLED = "COMMITMENT_FULFILLED"
    BREACH = "BREACH"
    DISHONESTY_RECORD = "DISHONESTY_RECORD"


ORDER = list(TimelineKind)


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event and the row behind it (a regime, contract, stage, responsibility,
    commitment, breach or dishonesty record)."""

    on: date
    kind: TimelineKind
    summary: str
    record: Model


@dataclass
class _Names:
    persons: dict[int, str]
    units: dict[int, str]

    def holder(self, person_pk: int, unit_pk: int) -> str:
        return f"{self.persons.get(person_pk, '?')}（{self.units.get(unit_pk, '?')}）"


async def project_events(loaders: Loaders, project_pk: int) -> list[TimelineEvent]:
    """The project's events in date order (then by kind, then by record)."""
    regimes, contracts, stages, commitments, breaches = await asyncio.gather(
        loaders.ppp_regimes_by_project_id.load(project_pk),
        loaders.ppp_contracts_by_project_id.load(project_pk),
        loaders.ppp_stages_by_project_id.load(project_pk),
        loaders.ppp_commitments_by_project_id.load(project_pk),
        loaders.ppp_breaches_by_project_id.load(project_pk),
    )
    groups = await loaders.ppp_responsibilities_by_stage_id.load_many([s.pk for s in stages])
    held = [(stage, row) for stage, rows in zip(stages, groups, strict=True) for row in rows]
    person_pks = {row.person_id for _, row in held} | {b.person_id for b in breaches if b.person_id}
    unit_pks = {row.unit_id for _, row in held}
    holder_pks = sorted({row.person_id for _, row in held})
    people, units, records = await asyncio.gather(
        loaders.person_by_id.load_many(sorted(person_pks)),
        loaders.unit_by_id.load_many(sorted(unit_pks)),
        loaders.ppp_dishonesty_by_person_id.load_many(holder_pks),
    )
    names = _Names(
        {p.pk: p.name for p in people if p is not None},
        {u.pk: u.name for u in units if u},
    )
    events: list[tuple[date, int, int, TimelineEvent]] = []

    def add(on: date | None, kind: TimelineKind, summary: str, record: Model, pk: int) -> None:
        if on is not None:
            event = TimelineEvent(on=on, kind=kind, summary=summary, record=record)
            events.append((on, ORDER.index(kind), pk, event))

    K = TimelineKind
    for r in regimes:
        add(
            r.valid_from,
            K.REGIME_START,
            f"运作模式：{REGIME_NAMES[r.regime.value]}。{r.reason}",
            r,
            r.pk,
        )
    for c in contracts:
        add(c.signed_on, K.CONTRACT_SIGNED, f"签订《{c.title}》", c, c.pk)
    for s in stages:
        add(s.started_on, K.STAGE_START, f"{stage_label(s)}开始", s, s.pk)
        add(s.ended_on, K.STAGE_END, f"{stage_label(s)}结束", s, s.pk)
    successors = {row.predecessor_id for _, row in held if row.predecessor_id}
    by_pk = {row.pk: row for _, row in held}
    for stage, row in held:
        node = row
        who = names.holder(row.person_id, row.unit_id)
        previous = by_pk.get(row.predecessor_id) if row.predecessor_id else None
        if previous is not None:
            reason = REASON_NAMES[row.start_reason.value] if row.start_reason else "交接"
            add(
                row.valid_from,
                K.HAND_OVER,
                f"{stage_label(stage)}责任人由{names.holder(previous.person_id, previous.unit_id)}"
                f"交接给{who}（{reason}）",
                node,
                row.pk,
            )
        else:
            add(
                row.valid_from,
                K.RESPONSIBILITY_START,
                f"{who}任{stage_label(stage)}责任人",
                node,
                row.pk,
            )
        if row.valid_to is not None and row.pk not in successors:
            add(
                row.valid_to,
                K.RESPONSIBILITY_END,
                f"{who}的{stage_label(stage)}责任期结束",
                node,
                row.pk,
            )
    for m in commitments:
        promise = m
        add(m.due_on, K.COMMITMENT_DUE, f"政府承诺到期：{m.description}", promise, m.pk)
        add(
            m.fulfilled_on,
            K.COMMITMENT_FULFILLED,
            f"政府承诺已履行：{m.description}",
            promise,
            m.pk,
        )
    for b in breaches:
        who = names.persons.get(b.person_id, "") if b.person_id else ""
        add(
            b.occurred_on,
            K.BREACH,
            f"违约：{b.description}" + (f"（责任人 {who}）" if who else ""),
            b,
            b.pk,
        )
    for person_pk, group in zip(holder_pks, records, strict=True):
        periods = [row for _, row in held if row.person_id == person_pk]
        for record in group:
            if record.status in UNDECIDED:
                continue  # a draft (or a dismissed one) is no decision about the person
            if any(holds_on(period, record.occurred_on) for period in periods):
                add(
                    record.occurred_on,
                    K.DISHONESTY_RECORD,
                    f"政务失信记录：{names.persons.get(person_pk, '?')} {record.facts}",
                    record,
                    record.pk,
                )
    events.sort(key=lambda e: e[:3])
    return [event for *_, event in events]
