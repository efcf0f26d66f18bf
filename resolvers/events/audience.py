"""The units an event concerns: the unit whose work it is about, and every unit whose staff may
hear it (a person's units on the record's date, a PPP project's agency and stage holders)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from models import (
    Commitment,
    DishonestyRecord,
    Position,
    PppProject,
    PppStage,
    SupervisionItemUnit,
)
from models import PppStageResponsibility as Responsibility
from resolvers.validity import holds_on


@dataclass(frozen=True)
class Audience:
    """``unit_pk``: the unit the event is about; ``units``: every unit concerned."""

    unit_pk: int | None
    units: frozenset[int]


NOBODY = Audience(None, frozenset())


def of_unit(unit_pk: int | None) -> Audience:
    return Audience(unit_pk, frozenset({unit_pk} if unit_pk is not None else ()))


async def of_commitment(commitment_pk: int) -> Audience:
    commitment = await Commitment.filter(pk=commitment_pk).first()
    return of_unit(commitment.unit_id if commitment else None)


async def of_record(values: dict[str, Any]) -> Audience:
    """A unit's record concerns the unit; a person's, every unit they held a post in that day."""
    units = {values["unit_id"]} if values.get("unit_id") is not None else set()
    if values.get("person_id") is not None:
        day = date.fromisoformat(values["occurred_on"])
        posts = await Position.filter(person_id=values["person_id"])
        units |= {post.unit_id for post in posts if holds_on(post, day)}
    primary = values.get("unit_id") or (min(units) if units else None)
    return Audience(primary, frozenset(units))


async def of_record_pk(record_pk: int) -> Audience:
    record = await DishonestyRecord.filter(pk=record_pk).first()
    if record is None:
        return NOBODY
    return await of_record(
        {
            "unit_id": record.unit_id,
            "person_id": record.person_id,
            "occurred_on": str(record.occurred_on),
        }
    )


async def of_responsibility(values: dict[str, Any]) -> Audience:
    """The new holder's unit, the project's implementing agency and every stage holder's unit."""
    stage = await PppStage.filter(pk=values["stage_id"]).first()
    if stage is None:
        return of_unit(values["unit_id"])
    projects = await PppProject.filter(pk=stage.project_id)
    holders = await Responsibility.filter(stage__project_id=stage.project_id)
    units = {values["unit_id"], *(p.implementing_agency_id for p in projects)}
    return Audience(values["unit_id"], frozenset(units | {r.unit_id for r in holders}))


async def of_item(item_pk: int) -> Audience:
    """A supervision item concerns its handling units, the (first) lead unit first."""
    links = await SupervisionItemUnit.filter(item_id=item_pk).order_by("id")
    leads = [link.unit_id for link in links if link.role == "LEAD"]
    units = frozenset(link.unit_id for link in links)
    return Audience(leads[0] if leads else None, units)


async def audience_of(entity_type: str, values: dict[str, Any] | None) -> Audience:
    """Who an entry about ``entity_type`` with stored ``values`` concerns."""
    if values is None:
        return NOBODY
    if entity_type in ("Commitment", "Evaluation"):
        return of_unit(values.get("unit_id"))
    if entity_type == "Evidence":
        return await of_commitment(values["commitment_id"])
    if entity_type == "DishonestyRecord":
        return await of_record(values)
    if entity_type in ("DishonestyPublication", "DishonestySanction", "PublicSubmission"):
        if values.get("record_id") is None:
            return NOBODY
        return await of_record_pk(values["record_id"])
    if entity_type == "PppStageResponsibility":
        return await of_responsibility(values)
    if entity_type == "SupervisionItem":
        return await of_item(values["id"])
    return NOBODY
