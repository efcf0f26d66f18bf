"""Row scoping: one function per model saying which rows an actor may read (deny by default).

Every list resolver, every DataLoader and every ``node`` lookup filters by these conditions,
and so does ``fetch`` in the write path: a row outside the actor's scope behaves exactly like a
row that does not exist. A model without a scope function here is read by nobody.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.models import Model

from models import (
    Account,
    ApiToken,
    Assignment,
    Commitment,
    CommitmentApplication,
    Correction,
    CreditRepair,
    DishonestyObjection,
    DishonestyPublication,
    DishonestyPublicationChannel,
    DishonestyRecord,
    DishonestySanction,
    Evaluation,
    Evidence,
    JournalEntry,
    Person,
    Plan,
    Position,
    PppBreach,
    PppCommitment,
    PppContract,
    PppPartner,
    PppProject,
    PppProjectRegime,
    PppStage,
    PppStageResponsibility,
    ProgressReport,
    PublicSubmission,
    Section,
    SupervisionFeedback,
    SupervisionItem,
    SupervisionItemApplication,
    SupervisionItemCorrection,
    SupervisionItemUnit,
    Task,
    Unit,
    UnitMembership,
    Urging,
)
from resolvers.actor import UNIT_ROLES, Actor, Role

#: Every row of the model.
ALL = Q()
#: No row at all (SQL ``1=0``).
NOTHING = Q(pk__in=[])

#: Roles that read every unit's work (commitments, progress, evidence, evaluations).
UNIT_WORK_READERS = (Role.SUPERVISION_OFFICE, Role.AUDITOR, Role.CREDIT_ADMIN)
#: Roles that read every dishonesty record and everything hanging off one.
CREDIT_READERS = (Role.CREDIT_ADMIN, Role.SUPERVISION_OFFICE, Role.AUDITOR)
#: Roles that read every PPP project.
PPP_READERS = (Role.SUPERVISION_OFFICE, Role.AUDITOR, Role.CREDIT_ADMIN)
#: Roles that read the journal, history and record-time views (entries show any unit's data).
JOURNAL_READERS = (Role.AUDITOR, Role.SUPERVISION_OFFICE)

Scope = Callable[[Actor], Awaitable[Q]]


def sees_all(actor: Actor, *roles: Role) -> bool:
    return actor.internal or actor.has(*roles)


def own_unit(actor: Actor) -> int | None:
    """The actor's unit, if a unit role binds it to one."""
    return actor.unit_pk if actor.roles & UNIT_ROLES else None


def _in(column: str, model: type[Model], condition: Q, selected: str = "id") -> Q:
    within: dict[str, Any] = {f"{column}__in": Subquery(model.filter(condition).values(selected))}
    return Q(**within)


async def plan_structure(actor: Actor) -> Q:
    """Plans, sections, tasks, assignments, units, memberships, persons, positions."""
    return ALL if actor.authenticated else NOTHING


#: ``pledges_seen``: every unit's commitments.
EVERY_UNIT = "every unit"


def pledges_seen(actor: Actor) -> int | str | None:
    """Whose commitments the actor reads: ``EVERY_UNIT``, one unit's (its pk), or none."""
    if sees_all(actor, *UNIT_WORK_READERS):
        return EVERY_UNIT
    return own_unit(actor)


async def visible_commitments(actor: Actor) -> Q:
    seen = pledges_seen(actor)
    if seen == EVERY_UNIT:
        return ALL
    return Q(unit_id=seen) if seen is not None else NOTHING


async def visible_commitment_children(actor: Actor) -> Q:
    """Progress reports and evidence: through their commitment."""
    if sees_all(actor, *UNIT_WORK_READERS):
        return ALL
    return _in("commitment_id", Commitment, await visible_commitments(actor))


async def visible_evaluations(actor: Actor) -> Q:
    """Evaluations about the actor's unit (and urgings sent to it)."""
    if sees_all(actor, *UNIT_WORK_READERS):
        return ALL
    unit = own_unit(actor)
    return Q(unit_id=unit) if unit is not None else NOTHING


async def visible_supervision_items(actor: Actor) -> Q:
    """Supervision items: all for the readers of unit work, else those the unit handles."""
    if sees_all(actor, *UNIT_WORK_READERS):
        return ALL
    unit = own_unit(actor)
    if unit is None:
        return NOTHING
    return _in("id", SupervisionItemUnit, Q(unit_id=unit), "item_id")


async def visible_handling_units(actor: Actor) -> Q:
    """Handling units of the items the actor sees (a unit sees who else handles its items)."""
    if sees_all(actor, *UNIT_WORK_READERS):
        return ALL
    return _in("item_id", SupervisionItem, await visible_supervision_items(actor))


async def visible_item_feedback(actor: Actor) -> Q:
    if sees_all(actor, *UNIT_WORK_READERS):
        return ALL
    return _in("item_unit_id", SupervisionItemUnit, await visible_handling_units(actor))


async def visible_dishonesty_records(actor: Actor) -> Q:
    """Records about the actor's unit, or about a person holding a post there on their date."""
    if sees_all(actor, *CREDIT_READERS):
        return ALL
    unit = own_unit(actor)
    if unit is None:
        return NOTHING
    condition = Q(unit_id=unit)
    for post in await Position.filter(unit_id=unit):
        on_post = Q(person_id=post.person_id)
        if post.valid_from is not None:
            on_post &= Q(occurred_on__gte=post.valid_from)
        if post.valid_to is not None:
            on_post &= Q(occurred_on__lte=post.valid_to)
        condition |= on_post
    return condition


async def visible_record_children(actor: Actor) -> Q:
    """Publications, sanctions, objections and repairs: through their record."""
    if sees_all(actor, *CREDIT_READERS):
        return ALL
    return _in("record_id", DishonestyRecord, await visible_dishonesty_records(actor))


async def visible_publication_channels(actor: Actor) -> Q:
    """The channels of a publication: through its record."""
    if sees_all(actor, *CREDIT_READERS):
        return ALL
    return _in("publication_id", DishonestyPublication, await visible_record_children(actor))


async def visible_public_submissions(actor: Actor) -> Q:
    """What the public sent in (names and contacts): the credit readers only."""
    return ALL if sees_all(actor, *CREDIT_READERS) else NOTHING


async def visible_ppp_projects(actor: Actor) -> Q:
    """Projects the actor's unit implements or holds a stage responsibility in."""
    if sees_all(actor, *PPP_READERS):
        return ALL
    unit = own_unit(actor)
    if unit is None:
        return NOTHING
    stages = PppStageResponsibility.filter(unit_id=unit).values("stage_id")
    held = PppStage.filter(id__in=Subquery(stages)).values("project_id")
    return Q(implementing_agency_id=unit) | Q(id__in=Subquery(held))


async def visible_ppp_project_children(actor: Actor) -> Q:
    """Regimes, partners, contracts, stages, commitments and breaches: through the project."""
    if sees_all(actor, *PPP_READERS):
        return ALL
    return _in("project_id", PppProject, await visible_ppp_projects(actor))


async def visible_ppp_responsibilities(actor: Actor) -> Q:
    if sees_all(actor, *PPP_READERS):
        return ALL
    return _in("stage_id", PppStage, await visible_ppp_project_children(actor))


async def visible_journal_entries(actor: Actor) -> Q:
    return ALL if sees_all(actor, *JOURNAL_READERS) else NOTHING


async def visible_accounts(actor: Actor) -> Q:
    """Every account for the system administrator; one's own account for everyone else."""
    if sees_all(actor, Role.SYSTEM_ADMIN):
        return ALL
    return Q(id=actor.account_pk) if actor.account_pk is not None else NOTHING


async def visible_api_tokens(actor: Actor) -> Q:
    if sees_all(actor, Role.SYSTEM_ADMIN):
        return ALL
    return Q(account_id=actor.account_pk) if actor.account_pk is not None else NOTHING


#: The scope function of every model; a model missing here is read by nobody.
SCOPES: dict[type[Model], Scope] = {
    Plan: plan_structure,
    Section: plan_structure,
    Task: plan_structure,
    Assignment: plan_structure,
    Unit: plan_structure,
    UnitMembership: plan_structure,
    Person: plan_structure,
    Position: plan_structure,
    Commitment: visible_commitments,
    ProgressReport: visible_commitment_children,
    Evidence: visible_commitment_children,
    CommitmentApplication: visible_commitment_children,
    Correction: visible_commitment_children,
    Urging: visible_evaluations,
    SupervisionItem: visible_supervision_items,
    SupervisionItemUnit: visible_handling_units,
    SupervisionFeedback: visible_item_feedback,
    SupervisionItemApplication: visible_handling_units,
    SupervisionItemCorrection: visible_handling_units,
    Evaluation: visible_evaluations,
    DishonestyRecord: visible_dishonesty_records,
    DishonestyPublication: visible_record_children,
    DishonestyPublicationChannel: visible_publication_channels,
    DishonestySanction: visible_record_children,
    DishonestyObjection: visible_record_children,
    CreditRepair: visible_record_children,
    PublicSubmission: visible_public_submissions,
    PppProject: visible_ppp_projects,
    PppProjectRegime: visible_ppp_project_children,
    PppPartner: visible_ppp_project_children,
    PppContract: visible_ppp_project_children,
    PppStage: visible_ppp_project_children,
    PppCommitment: visible_ppp_project_children,
    PppBreach: visible_ppp_project_children,
    PppStageResponsibility: visible_ppp_responsibilities,
    JournalEntry: visible_journal_entries,
    Account: visible_accounts,
    ApiToken: visible_api_tokens,
}


async def scope_of(model: type[Model], actor: Actor) -> Q:
    """The rows of ``model`` that ``actor`` may read (none for a model without a rule)."""
    if actor.internal:
        return ALL
    scope = SCOPES.get(model)
    return await scope(actor) if scope is not None else NOTHING


class RowScopes:
    """The scopes of one actor, each computed once (they live as long as a request's loaders)."""

    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self._cache: dict[type[Model], Q] = {}

    async def of(self, model: type[Model]) -> Q:
        if model not in self._cache:
            self._cache[model] = await scope_of(model, self.actor)
        return self._cache[model]
