"""A person's responsibilities over time, for auditors: PPP stages they answered for, tasks
assigned to units they served in (directly or through a collective), and their posts."""

from __future__ import annotations

import asyncio
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from models import Assignment as AssignmentRow
from models import Position as PositionRow
from resolvers.errors import bad_input
from resolvers.validity import holds_on
from schema.person import Position
from schema.ppp.stage import PppStageResponsibility, Window
from schema.ppp.timeline import stage_label
from schema.task import Assignment
from schema.unit import Unit, load_unit

if TYPE_CHECKING:
    from resolvers.context import Context
    from schema.commitment import Commitment
    from schema.credit import DishonestyRecord
    from schema.ppp.commitment import PppBreach


@strawberry.enum(description="责任类别 — what made a person responsible.")
class ResponsibilityKind(Enum):
    PPP_STAGE = strawberry.enum_value(
        "PPP_STAGE", description="PPP阶段责任 — named government-side person of a PPP stage."
    )
    TASK_ASSIGNMENT = strawberry.enum_value(
        "TASK_ASSIGNMENT",
        description="任务分工 — held the post in charge (分管领导/责任人; default the head) of a "
        "unit assigned to a plan task.",
    )
    UNIT_POSITION = strawberry.enum_value(
        "UNIT_POSITION", description="单位职务 — held a post in a unit."
    )
    COMMITMENT = strawberry.enum_value(
        "COMMITMENT",
        description="承诺责任人 — answered for a commitment, from its pledge to its close.",
    )
    DISHONESTY_RECORD = strawberry.enum_value(
        "DISHONESTY_RECORD",
        description="政务失信记录 — named in a dishonesty record, from the day it occurred.",
    )
    PPP_BREACH = strawberry.enum_value(
        "PPP_BREACH",
        description="PPP失信违约 — named in a breach of a PPP commitment, from the day it "
        "occurred.",
    )


@strawberry.type(
    description="个人责任 — one responsibility a person held for a period (the period is the "
    "overlap of the post, the assignment and any collective membership behind it)."
)
class PersonResponsibility:
    kind: ResponsibilityKind = strawberry.field(description="类别 — what made them responsible.")
    valid_from: date | None = strawberry.field(description="起始日期 — first day held.")
    valid_to: date | None = strawberry.field(
        description="终止日期 — last day held (null while held)."
    )
    description: str = strawberry.field(description="说明 — what it was, in one line.")
    unit_pk: strawberry.Private[int]
    via_pk: strawberry.Private[int | None]
    position: Position | None = strawberry.field(
        description="任职 — the post through which it was held (null for a PPP stage)."
    )
    assignment: Assignment | None = strawberry.field(description="任务分工 — the task assignment.")
    ppp_responsibility: PppStageResponsibility | None = strawberry.field(
        description="阶段责任 — the PPP stage responsibility period."
    )
    commitment: Annotated[Commitment, strawberry.lazy("schema.commitment")] | None = (
        strawberry.field(default=None, description="承诺 — the commitment they answered for.")
    )
    dishonesty_record: Annotated[DishonestyRecord, strawberry.lazy("schema.credit")] | None = (
        strawberry.field(default=None, description="失信记录 — the record naming them.")
    )
    ppp_breach: Annotated[PppBreach, strawberry.lazy("schema.ppp.commitment")] | None = (
        strawberry.field(default=None, description="违约 — the PPP breach naming them.")
    )

    @strawberry.field(description="单位 — the unit they answered in.")
    async def unit(self, info: strawberry.Info[Context, None]) -> Unit:
        unit = await load_unit(info, self.unit_pk)
        assert unit is not None
        return unit

    @strawberry.field(
        description="经由集合单位 — the collective unit (各县区政府) the task was assigned to, "
        "when the person's unit is one of its members."
    )
    async def via_collective(self, info: strawberry.Info[Context, None]) -> Unit | None:
        return await load_unit(info, self.via_pk)


def overlap(*windows: Window) -> Window | None:
    starts = [w.valid_from for w in windows if w.valid_from is not None]
    ends = [w.valid_to for w in windows if w.valid_to is not None]
    window = Window(max(starts) if starts else None, min(ends) if ends else None)
    if window.valid_from and window.valid_to and window.valid_from > window.valid_to:
        return None
    return window


def in_charge_of(position: PositionRow, assignment: AssignmentRow) -> bool:
    """Whether a post answers for an assignment: it is the post in charge the assignment names
    (分管领导/责任人), or, where none is named, the unit's head — not every deputy."""
    if assignment.in_charge_post:
        return position.title == assignment.in_charge_post
    return position.role.value == "PRINCIPAL"


def selected(window: Window, as_of: date | None, start: date | None, end: date | None) -> bool:
    if as_of is not None:
        return holds_on(window, as_of)
    return (end is None or window.valid_from is None or window.valid_from <= end) and (
        start is None or window.valid_to is None or window.valid_to >= start
    )


async def person_responsibilities(
    info: strawberry.Info[Context, None],
    person_pk: int,
    as_of: date | None,
    start: date | None,
    end: date | None,
) -> list[PersonResponsibility]:
    if as_of is not None and (start is not None or end is not None):
        raise bad_input("Give either `asOf` or a `from`/`to` period, not both.", "asOf")
    if start is not None and end is not None and end < start:
        raise bad_input("`to` is before `from`.", "to")
    loaders = info.context.loaders
    positions, stage_rows = await asyncio.gather(
        loaders.positions_by_person_id.load(person_pk),
        loaders.ppp_responsibilities_by_person_id.load(person_pk),
    )
    unit_pks = sorted({p.unit_id for p in positions})
    direct, links = await asyncio.gather(
        loaders.assignments_by_unit_id.load_many(unit_pks),
        loaders.memberships_by_member_id.load_many(unit_pks),
    )
    collective_pks = sorted({link.collective_id for group in links for link in group})
    through = dict(
        zip(
            collective_pks,
            await loaders.assignments_by_unit_id.load_many(collective_pks),
            strict=True,
        )
    )
    by_unit = dict(zip(unit_pks, direct, strict=True))
    links_of = dict(zip(unit_pks, links, strict=True))
    found: list[PersonResponsibility] = []
    pending: list[tuple[Window, PositionRow, AssignmentRow, int | None]] = []
    for position in positions:
        post = Window(position.valid_from, position.valid_to)
        found.append(
            PersonResponsibility(
                kind=ResponsibilityKind.UNIT_POSITION,
                valid_from=post.valid_from,
                valid_to=post.valid_to,
                description=position.title or "任职",
                unit_pk=position.unit_id,
                via_pk=None,
                position=Position.from_model(position),
                assignment=None,
                ppp_responsibility=None,
            )
        )
        for assignment in by_unit[position.unit_id]:
            window = overlap(post, Window(assignment.valid_from, assignment.valid_to))
            if window and in_charge_of(position, assignment):
                pending.append((window, position, assignment, None))
        for link in links_of[position.unit_id]:
            for assignment in through[link.collective_id]:
                if not in_charge_of(position, assignment):
                    continue
                window = overlap(
                    post,
                    Window(link.valid_from, link.valid_to),
                    Window(assignment.valid_from, assignment.valid_to),
                )
                if window:
                    pending.append((window, position, assignment, link.collective_id))
    tasks = await loaders.task_by_id.load_many(sorted({a.task_id for _, _, a, _ in pending}))
    titles = {t.pk: f"{t.code} {t.title}" for t in tasks if t is not None}
    for window, position, assignment, via in pending:
        found.append(
            PersonResponsibility(
                kind=ResponsibilityKind.TASK_ASSIGNMENT,
                valid_from=window.valid_from,
                valid_to=window.valid_to,
                description=f"任务 {titles.get(assignment.task_id, '?')}",
                unit_pk=position.unit_id,
                via_pk=via,
                position=Position.from_model(position),
                assignment=Assignment.from_model(assignment),
                ppp_responsibility=None,
            )
        )
    stages = await loaders.ppp_stage_by_id.load_many(sorted({r.stage_id for r in stage_rows}))
    stage_of = {s.pk: s for s in stages if s is not None}
    projects = await loaders.ppp_project_by_id.load_many(
        sorted({s.project_id for s in stage_of.values()})
    )
    project_names = {p.pk: p.name for p in projects if p is not None}
    for row in stage_rows:
        stage = stage_of[row.stage_id]
        found.append(
            PersonResponsibility(
                kind=ResponsibilityKind.PPP_STAGE,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                description=f"{project_names.get(stage.project_id, '?')} {stage_label(stage)}",
                unit_pk=row.unit_id,
                via_pk=None,
                position=None,
                assignment=None,
                ppp_responsibility=PppStageResponsibility.from_model(row),
            )
        )
    found += await named_in(info, person_pk, positions)
    chosen = [r for r in found if selected(Window(r.valid_from, r.valid_to), as_of, start, end)]
    order = list(ResponsibilityKind)
    return sorted(chosen, key=lambda r: (r.valid_from or date.min, order.index(r.kind)))


def unit_on(positions: list[PositionRow], unit_pk: int | None, day: date) -> int | None:
    """The unit a record names, else the unit the person served in on the day (heads first)."""
    if unit_pk is not None:
        return unit_pk
    held = [p for p in positions if holds_on(Window(p.valid_from, p.valid_to), day)]
    held.sort(key=lambda p: (p.role.value != "PRINCIPAL", p.pk))
    return held[0].unit_id if held else None


async def named_in(
    info: strawberry.Info[Context, None], person_pk: int, positions: list[PositionRow]
) -> list[PersonResponsibility]:
    """Commitments a person answered for, and dishonesty records and PPP breaches naming them
    (in the unit they name, else the unit the person served in on the day; a record of a day
    they served nowhere is left out: a responsibility is always held in a unit)."""
    from schema.commitment import Commitment
    from schema.credit import DishonestyRecord
    from schema.ppp.commitment import PppBreach

    loaders = info.context.loaders
    commitments, records, breaches = await asyncio.gather(
        loaders.commitments_by_responsible_person_id.load(person_pk),
        loaders.ppp_dishonesty_by_person_id.load(person_pk),
        loaders.ppp_breaches_by_person_id.load(person_pk),
    )
    found = [
        PersonResponsibility(
            kind=ResponsibilityKind.COMMITMENT,
            valid_from=row.pledged_on,
            valid_to=row.closed_on,
            description=f"承诺 {row.content[:60]}",
            unit_pk=row.unit_id,
            via_pk=None,
            position=None,
            assignment=None,
            ppp_responsibility=None,
            commitment=Commitment.from_model(row),
        )
        for row in commitments
    ]
    found += [
        PersonResponsibility(
            kind=ResponsibilityKind.DISHONESTY_RECORD,
            valid_from=row.occurred_on,
            valid_to=None,
            description=f"失信记录 {row.facts[:60]}",
            unit_pk=unit_pk,
            via_pk=None,
            position=None,
            assignment=None,
            ppp_responsibility=None,
            dishonesty_record=DishonestyRecord.from_model(row),
        )
        for row in records
        if (unit_pk := unit_on(positions, row.unit_id, row.occurred_on)) is not None
    ]
    found += [
        PersonResponsibility(
            kind=ResponsibilityKind.PPP_BREACH,
            valid_from=row.occurred_on,
            valid_to=None,
            description=f"违约 {row.description[:60]}",
            unit_pk=unit_pk,
            via_pk=None,
            position=None,
            assignment=None,
            ppp_responsibility=None,
            ppp_breach=PppBreach.from_model(row),
        )
        for row in breaches
        if (unit_pk := unit_on(positions, row.unit_id, row.occurred_on)) is not None
    ]
    return found
