"""A person's responsibilities over time, for auditors: PPP stages they answered for, tasks
assigned to units they served in (directly or through a collective), their posts, and the
commitments, dishonesty records and PPP breaches naming them (the GraphQL type is
``schema.ppp.auditor``)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from models import Assignment as AssignmentRow
from models import Commitment as CommitmentRow
from models import DishonestyRecord as RecordRow
from models import Position as PositionRow
from models import PppBreach as BreachRow
from models import PppStageResponsibility as StageResponsibilityRow
from resolvers.errors import bad_input
from resolvers.ppp.timeline import stage_label
from resolvers.validity import holds_on

if TYPE_CHECKING:
    from resolvers.execution.dataloaders import Loaders


class Held(StrEnum):
    """What made a person responsible, in the order one day's responsibilities are listed."""

    PPP_STAGE = "PPP_STAGE"
    TASK_ASSIGNMENT = "TASK_ASSIGNMENT"
    UNIT_POSITION = "UNIT_POSITION"
    COMMITMENT = "COMMITMENT"
    DISHONESTY_RECORD = "DISHONESTY_RECORD"
    PPP_BREACH = "PPP_BREACH"


@dataclass(frozen=True)
class Period:
    """A validity window (``valid_to`` is the last day); None: open on that side."""

    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class Responsibility:
    """One responsibility held for a period, in ``unit_pk`` (through the collective ``via_pk``
    when the task was assigned to one), with the rows behind it."""

    kind: Held
    valid_from: date | None
    valid_to: date | None
    description: str
    unit_pk: int
    via_pk: int | None
    position: PositionRow | None
    assignment: AssignmentRow | None
    ppp_responsibility: StageResponsibilityRow | None
    commitment: CommitmentRow | None = None
    dishonesty_record: RecordRow | None = None
    ppp_breach: BreachRow | None = None


def overlap(*windows: Period) -> Period | None:
    starts = [w.valid_from for w in windows if w.valid_from is not None]
    ends = [w.valid_to for w in windows if w.valid_to is not None]
    window = Period(max(starts) if starts else None, min(ends) if ends else None)
    if window.valid_from and window.valid_to and window.valid_from > window.valid_to:
        return None
    return window


def in_charge_of(position: PositionRow, assignment: AssignmentRow) -> bool:
    """Whether a post answers for an assignment: it is the post in charge the assignment names
    (分管领导/责任人), or, where none is named, the unit's head — not every deputy."""
    if assignment.in_charge_post:
        return position.title == assignment.in_charge_post
    return position.role.value == "PRINCIPAL"


def selected(window: Period, as_of: date | None, start: date | None, end: date | None) -> bool:
    if as_of is not None:
        return holds_on(window, as_of)
    return (end is None or window.valid_from is None or window.valid_from <= end) and (
        start is None or window.valid_to is None or window.valid_to >= start
    )


async def person_responsibilities(
    loaders: Loaders,
    person_pk: int,
    as_of: date | None,
    start: date | None,
    end: date | None,
) -> list[Responsibility]:
    """What ``person_pk`` answered for — PPP stages, task assignments of units they served in
    (directly or through a collective) in the post in charge, posts, commitments, records and
    breaches naming them — on ``as_of`` or over ``start``..``end``, in date order."""
    if as_of is not None and (start is not None or end is not None):
        raise bad_input("Give either `asOf` or a `from`/`to` period, not both.", "asOf")
    if start is not None and end is not None and end < start:
        raise bad_input("`to` is before `from`.", "to")
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
    found: list[Responsibility] = []
    pending: list[tuple[Period, PositionRow, AssignmentRow, int | None]] = []
    for position in positions:
        post = Period(position.valid_from, position.valid_to)
        found.append(
            Responsibility(
                kind=Held.UNIT_POSITION,
                valid_from=post.valid_from,
                valid_to=post.valid_to,
                description=position.title or "任职",
                unit_pk=position.unit_id,
                via_pk=None,
                position=position,
                assignment=None,
                ppp_responsibility=None,
            )
        )
        for assignment in by_unit[position.unit_id]:
            window = overlap(post, Period(assignment.valid_from, assignment.valid_to))
            if window and in_charge_of(position, assignment):
                pending.append((window, position, assignment, None))
        for link in links_of[position.unit_id]:
            for assignment in through[link.collective_id]:
                if not in_charge_of(position, assignment):
                    continue
                window = overlap(
                    post,
                    Period(link.valid_from, link.valid_to),
                    Period(assignment.valid_from, assignment.valid_to),
                )
                if window:
                    pending.append((window, position, assignment, link.collective_id))
    tasks = await loaders.task_by_id.load_many(sorted({a.task_id for _, _, a, _ in pending}))
    titles = {t.pk: f"{t.code} {t.title}" for t in tasks if t is not None}
    for window, position, assignment, via in pending:
        found.append(
            Responsibility(
                kind=Held.TASK_ASSIGNMENT,
                valid_from=window.valid_from,
                valid_to=window.valid_to,
                description=f"任务 {titles.get(assignment.task_id, '?')}",
                unit_pk=position.unit_id,
                via_pk=via,
                position=position,
                assignment=assignment,
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
            Responsibility(
                kind=Held.PPP_STAGE,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                description=f"{project_names.get(stage.project_id, '?')} {stage_label(stage)}",
                unit_pk=row.unit_id,
                via_pk=None,
                position=None,
                assignment=None,
                ppp_responsibility=row,
            )
        )
    found += await named_in(loaders, person_pk, positions)
    chosen = [r for r in found if selected(Period(r.valid_from, r.valid_to), as_of, start, end)]
    order = list(Held)
    return sorted(chosen, key=lambda r: (r.valid_from or date.min, order.index(r.kind)))


def unit_on(positions: list[PositionRow], unit_pk: int | None, day: date) -> int | None:
    """The unit a record names, else the unit the person served in on the day (heads first)."""
    if unit_pk is not None:
        return unit_pk
    held = [p for p in positions if holds_on(p, day)]
    held.sort(key=lambda p: (p.role.value != "PRINCIPAL", p.pk))
    return held[0].unit_id if held else None


async def named_in(
    loaders: Loaders, person_pk: int, positions: list[PositionRow]
) -> list[Responsibility]:
    """Commitments a person answered for, and dishonesty records and PPP breaches naming them
    (in the unit they name, else the unit the person served in on the day; a record of a day
    they served nowhere is left out: a responsibility is always held in a unit)."""
    commitments, records, breaches = await asyncio.gather(
        loaders.commitments_by_responsible_person_id.load(person_pk),
        loaders.ppp_dishonesty_by_person_id.load(person_pk),
        loaders.ppp_breaches_by_person_id.load(person_pk),
    )
    found = [
        Responsibility(
            kind=Held.COMMITMENT,
            valid_from=row.pledged_on,
            valid_to=row.closed_on,
            description=f"承诺 {row.content[:60]}",
            unit_pk=row.unit_id,
            via_pk=None,
            position=None,
            assignment=None,
            ppp_responsibility=None,
            commitment=row,
        )
        for row in commitments
    ]
    found += [
        Responsibility(
            kind=Held.DISHONESTY_RECORD,
            valid_from=row.occurred_on,
            valid_to=None,
            description=f"失信记录 {row.facts[:60]}",
            unit_pk=unit_pk,
            via_pk=None,
            position=None,
            assignment=None,
            ppp_responsibility=None,
            dishonesty_record=row,
        )
        for row in records
        if (unit_pk := unit_on(positions, row.unit_id, row.occurred_on)) is not None
    ]
    found += [
        Responsibility(
            kind=Held.PPP_BREACH,
            valid_from=row.occurred_on,
            valid_to=None,
            description=f"违约 {row.description[:60]}",
            unit_pk=unit_pk,
            via_pk=None,
            position=None,
            assignment=None,
            ppp_responsibility=None,
            ppp_breach=row,
        )
        for row in breaches
        if (unit_pk := unit_on(positions, row.unit_id, row.occurred_on)) is not None
    ]
    return found
