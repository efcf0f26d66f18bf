"""Row checks of every write: the journal asks before it records a change (before and after).

A role in ``ANY_UNIT_WRITERS`` of an entity type may write its rows whatever unit they belong
to; a unit role may write only rows whose owning unit (``OWNERS``) is its own unit, both as the
row was and as it will be, so it can neither touch another unit's row nor move a row into
another unit. Every other write is FORBIDDEN, including writes to an entity type nobody wrote a
rule for. Internal jobs (seed, CLI) are not checked.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models import (
    AssignmentRole,
    Commitment,
    DishonestyRecord,
    PppProject,
    PppStage,
    SupervisionItemUnit,
)
from resolvers.actor import UNIT_ROLES, Actor, Role
from resolvers.errors import DomainError, ErrorCode

if TYPE_CHECKING:
    from resolvers.journal.writer import Journal

SO, CA, ADMIN = Role.SUPERVISION_OFFICE, Role.CREDIT_ADMIN, Role.SYSTEM_ADMIN

PLAN_STRUCTURE = (
    "Plan",
    "Section",
    "Task",
    "Assignment",
    "Unit",
    "UnitMembership",
    "Person",
    "Position",
)
UNIT_WORK = (
    "Commitment",
    "ProgressReport",
    "Evidence",
    "Evaluation",
    "CommitmentApplication",
    "Correction",
    "Urging",
    "SupervisionItem",
    "SupervisionItemUnit",
    "SupervisionFeedback",
    "SupervisionItemApplication",
    "SupervisionItemCorrection",
)
CREDIT = (
    "DishonestyRecord",
    "DishonestyPublication",
    "DishonestyPublicationChannel",
    "DishonestySanction",
    "DishonestyObjection",
    "CreditRepair",
)
PPP = (
    "PppProject",
    "PppProjectRegime",
    "PppPartner",
    "PppContract",
    "PppStage",
    "PppStageResponsibility",
    "PppCommitment",
    "PppBreach",
)

#: Entity type → roles that write its rows for any unit.
ANY_UNIT_WRITERS: dict[str, frozenset[Role]] = {
    **dict.fromkeys(PLAN_STRUCTURE, frozenset({SO})),
    **dict.fromkeys(UNIT_WORK, frozenset({SO})),
    **dict.fromkeys(CREDIT, frozenset({CA})),
    **dict.fromkeys(PPP, frozenset({SO})),
    "HolidaySchedule": frozenset({SO, ADMIN}),
    "Account": frozenset({ADMIN}),
    "ApiToken": frozenset({ADMIN}),
    "PublicSubmission": frozenset({Role.PUBLIC}),
}

#: The unit a row belongs to (or the units, for a row several units share).
Owner = Callable[[dict[str, Any], BaseDBAsyncClient], Awaitable[int | frozenset[int] | None]]


async def _column(model: type[Any], pk: Any, column: str, db: BaseDBAsyncClient) -> Any:
    if pk is None:
        return None
    rows = await model.filter(pk=pk).using_db(db).values_list(column, flat=True)
    return rows[0] if rows else None


def own(column: str) -> Owner:
    async def owner(values: dict[str, Any], db: BaseDBAsyncClient) -> int | None:
        return values.get(column)

    return owner


def through(column: str, model: type[Any], owner_column: str) -> Owner:
    async def owner(values: dict[str, Any], db: BaseDBAsyncClient) -> int | None:
        unit: int | None = await _column(model, values.get(column), owner_column, db)
        return unit

    return owner


async def _item_leads(values: dict[str, Any], db: BaseDBAsyncClient) -> frozenset[int]:
    """A supervision item belongs to its lead handling units (主办): they apply about it."""
    leads = SupervisionItemUnit.filter(item_id=values.get("id"), role=AssignmentRole.LEAD.value)
    units: list[int] = await leads.using_db(db).values_list("unit_id", flat=True)  # type: ignore[assignment]
    return frozenset(units)


async def _stage_owner(values: dict[str, Any], db: BaseDBAsyncClient) -> int | None:
    project = await _column(PppStage, values.get("stage_id"), "project_id", db)
    unit: int | None = await _column(PppProject, project, "implementing_agency_id", db)
    return unit


#: Entity type → the unit a row belongs to, for the unit roles (a type missing here: none).
OWNERS: dict[str, Owner] = {
    "Commitment": own("unit_id"),
    "ProgressReport": through("commitment_id", Commitment, "unit_id"),
    "Evidence": through("commitment_id", Commitment, "unit_id"),
    # A unit applies about its own commitment; only the office decides (and corrects).
    "CommitmentApplication": through("commitment_id", Commitment, "unit_id"),
    "Urging": own("unit_id"),
    "SupervisionFeedback": through("item_unit_id", SupervisionItemUnit, "unit_id"),
    # A lead unit marks its item as awaiting a decision and records its application.
    "SupervisionItem": _item_leads,
    "SupervisionItemApplication": own("unit_id"),
    "DishonestyObjection": through("record_id", DishonestyRecord, "unit_id"),
    "CreditRepair": through("record_id", DishonestyRecord, "unit_id"),
    "PppProject": own("implementing_agency_id"),
    **{
        kind: through("project_id", PppProject, "implementing_agency_id")
        for kind in PPP
        if kind not in ("PppProject", "PppStageResponsibility")
    },
    "PppStageResponsibility": _stage_owner,
}


def forbidden(actor: Actor, entity_type: str) -> DomainError:
    """FORBIDDEN naming who may make the change: the roles that write any unit's rows of the
    type, and the unit roles for their own unit's rows."""
    writers = sorted(role.value for role in ANY_UNIT_WRITERS.get(entity_type, ()))
    if entity_type in OWNERS:
        writers.append("UNIT_STAFF or UNIT_LEADER (as the operation allows) of its own unit")
    who = ", ".join(writers) or "nobody through the API"
    return DomainError(
        ErrorCode.FORBIDDEN,
        f"{actor.name} may not change this {entity_type}: it may be changed by {who}.",
    )


async def check_write(
    journal: Journal,
    entity_type: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    """Refuse a change the journal's actor may not make (raises FORBIDDEN)."""
    actor = journal.actor
    if actor.internal or actor.has(*ANY_UNIT_WRITERS.get(entity_type, ())):
        return
    owner = OWNERS.get(entity_type)
    if owner is None or actor.unit_pk is None or not actor.roles & UNIT_ROLES:
        raise forbidden(actor, entity_type)
    for values in (before, after):
        if values is None:
            continue
        owners = await owner(values, journal.connection)
        if actor.unit_pk not in (owners if isinstance(owners, frozenset) else {owners}):
            raise forbidden(actor, entity_type)


def check_bulk_write(actor: Actor, entity_types: Iterable[str]) -> None:
    """Bulk creation (plan import): only for roles that write those types for any unit."""
    if actor.internal:
        return
    for entity_type in set(entity_types):
        if not actor.has(*ANY_UNIT_WRITERS.get(entity_type, ())):
            raise forbidden(actor, entity_type)
