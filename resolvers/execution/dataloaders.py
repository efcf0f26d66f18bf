"""Per-request DataLoaders: every relation is fetched in one batched query per level, and only
the rows the request's actor may see (resolvers/permissions/scopes.py)."""

from __future__ import annotations

from collections import OrderedDict, defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from functools import partial
from typing import Any, Generic, TypeVar, overload

from strawberry.dataloader import DataLoader
from tortoise.functions import Count
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
from resolvers.actor import Actor
from resolvers.execution.round_loader import RoundLoader
from resolvers.execution.rows import rows_of, select, statement
from resolvers.permissions.scopes import ALL, RowScopes
from resolvers.unit.accountability_counts import (
    commitment_counts,
    evidence_counts,
    open_record_counts,
    urging_counts,
)

M = TypeVar("M", bound=Model)
T = TypeVar("T")


#: SQL of "rows of a model whose column is one of n keys" for actors who see every row, by
#: (dialect, model, column, n): building it costs more than running it (pypika, per key).
_EVERY_ROW_SQL: OrderedDict[tuple[str, type[Model], str, int], str] = OrderedDict()
_EVERY_ROW_SQL_SIZE = 2048


async def rows_in(scopes: RowScopes, model: type[M], column: str, keys: Iterable[Any]) -> list[M]:
    """The rows in the actor's scope of ``model`` whose ``column`` is one of ``keys``."""
    wanted = list(dict.fromkeys(keys))
    scope = await scopes.of(model)
    if scope is not ALL:
        return await select(model.filter(scope, **{f"{column}__in": wanted}))
    db = model._choose_db()
    cache_key = (db.capabilities.dialect, model, column, len(wanted))
    sql = _EVERY_ROW_SQL.get(cache_key)
    if sql is None:
        _, sql, params = statement(model.filter(**{f"{column}__in": wanted}))
        if params != wanted:
            return await select(model.filter(**{f"{column}__in": wanted}))
        _EVERY_ROW_SQL[cache_key] = sql
        if len(_EVERY_ROW_SQL) > _EVERY_ROW_SQL_SIZE:
            _EVERY_ROW_SQL.popitem(last=False)
    return await rows_of(model, db, sql, wanted)


def scoped_by_key(
    scopes: RowScopes, model: type[M], column: str = "id"
) -> DataLoader[Any, M | None]:
    """Rows of ``model`` by a unique column; missing keys and rows out of scope load as ``None``."""

    async def load(keys: list[Any]) -> Sequence[M | None]:
        found = {getattr(row, column): row for row in await rows_in(scopes, model, column, keys)}
        return [found.get(key) for key in keys]

    return RoundLoader(load_fn=load)


def scoped_many_by(scopes: RowScopes, model: type[M], column: str) -> DataLoader[Any, list[M]]:
    """The rows in scope of ``model`` whose ``column`` equals the key, in the model's order."""

    async def load(keys: list[Any]) -> Sequence[list[M]]:
        groups: dict[Any, list[M]] = defaultdict(list)
        for row in await rows_in(scopes, model, column, keys):
            groups[getattr(row, column)].append(row)
        return [groups.get(key, []) for key in keys]

    return RoundLoader(load_fn=load)


def scoped_count_by(scopes: RowScopes, model: type[M], column: str) -> DataLoader[Any, int]:
    """How many rows in scope of ``model`` have ``column`` equal to the key (one grouped query)."""

    async def load(keys: list[Any]) -> Sequence[int]:
        query = model.filter(await scopes.of(model), **{f"{column}__in": set(keys)})
        rows = await query.annotate(n=Count("id")).group_by(column).values(column, "n")
        counts = {row[column]: row["n"] for row in rows}
        return [counts.get(key, 0) for key in keys]

    return RoundLoader(load_fn=load)


L = TypeVar("L")


class _Lazy(Generic[L]):
    """A loader of ``Loaders``, made from the request's row scopes when a resolver first asks
    for it (a request uses a few of the sixty; making them all was a tenth of a small one)."""

    def __init__(self, make: Callable[[RowScopes], L], node_of: type[Model] | None = None) -> None:
        self.make = make
        self.name = ""
        #: The model whose Node type (of the same name) this loader finds by its key.
        self.node_of = node_of

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, loaders: None, owner: type) -> _Lazy[L]: ...

    @overload
    def __get__(self, loaders: Loaders, owner: type) -> L: ...

    def __get__(self, loaders: Loaders | None, owner: type) -> _Lazy[L] | L:
        if loaders is None:
            return self
        # Kept on the instance, which Python then reads before this (non-data) descriptor.
        made = loaders.__dict__[self.name] = self.make(loaders.scopes)
        return made


def _by_key(model: type[M], column: str = "id") -> _Lazy[DataLoader[Any, M | None]]:
    """Rows of ``model`` by their key: also the ``node`` lookup of the GraphQL type named like
    the model (``NODE_LOADERS``)."""
    return _Lazy(lambda scopes: scoped_by_key(scopes, model, column), node_of=model)


def _many_by(model: type[M], column: str) -> _Lazy[DataLoader[Any, list[M]]]:
    return _Lazy(lambda scopes: scoped_many_by(scopes, model, column))


def _counts_of(model: type[M], column: str, scopes: RowScopes) -> DataLoader[Any, int]:
    return scoped_count_by(scopes, model, column)


def _tallies(
    count: Callable[[RowScopes, list[Any]], Awaitable[Sequence[Any]]], scopes: RowScopes
) -> DataLoader[Any, Any]:
    return RoundLoader(load_fn=partial(count, scopes))


class Loaders:
    """The loaders of one request; never shared between requests (their caches are per request).

    Each is made on first use (``_Lazy``) and reads only rows in the actor's ``scopes``.
    """

    def __init__(self, actor: Actor) -> None:
        #: The actor's row scopes: every loader below reads only rows the actor may see.
        self.scopes = RowScopes(actor)
        self._shared: dict[tuple[Any, int], tuple[Any, Any]] = {}

    unit_by_id = _by_key(Unit)
    plan_by_id = _by_key(Plan)
    section_by_id = _by_key(Section)
    task_by_id = _by_key(Task)
    assignment_by_id = _by_key(Assignment)
    person_by_id = _by_key(Person)
    position_by_id = _by_key(Position)
    journal_entry_by_seq = _by_key(JournalEntry, "seq")
    membership_by_id = _by_key(UnitMembership)
    units_by_parent_id = _many_by(Unit, "parent_id")
    units_by_successor_id = _many_by(Unit, "successor_id")
    sections_by_plan_id = _many_by(Section, "plan_id")
    tasks_by_section_id = _many_by(Task, "section_id")
    tasks_by_plan_id = _many_by(Task, "plan_id")
    task_counts_by_plan_id = _Lazy(partial(_counts_of, Task, "plan_id"))
    assignments_by_task_id = _many_by(Assignment, "task_id")
    assignments_by_unit_id = _many_by(Assignment, "unit_id")
    memberships_by_collective_id = _many_by(UnitMembership, "collective_id")
    memberships_by_member_id = _many_by(UnitMembership, "member_id")
    positions_by_unit_id = _many_by(Position, "unit_id")
    positions_by_person_id = _many_by(Position, "person_id")
    commitment_by_id = _by_key(Commitment)
    commitments_by_assignment_id = _many_by(Commitment, "assignment_id")
    commitments_by_unit_id = _many_by(Commitment, "unit_id")
    commitments_by_responsible_person_id = _many_by(Commitment, "responsible_person_id")
    progress_report_by_id = _by_key(ProgressReport)
    progress_reports_by_commitment_id = _many_by(ProgressReport, "commitment_id")
    evidence_by_id = _by_key(Evidence)
    evidence_by_commitment_id = _many_by(Evidence, "commitment_id")
    evidence_by_previous_version_id = _many_by(Evidence, "previous_version_id")
    applications_by_commitment_id = _many_by(CommitmentApplication, "commitment_id")
    corrections_by_commitment_id = _many_by(Correction, "commitment_id")
    application_by_id = _by_key(CommitmentApplication)
    correction_by_id = _by_key(Correction)
    urging_by_id = _by_key(Urging)
    urgings_by_commitment_id = _many_by(Urging, "commitment_id")
    supervision_item_by_id = _by_key(SupervisionItem)
    item_unit_by_id = _by_key(SupervisionItemUnit)
    item_units_by_item_id = _many_by(SupervisionItemUnit, "item_id")
    feedback_by_id = _by_key(SupervisionFeedback)
    feedback_by_item_unit_id = _many_by(SupervisionFeedback, "item_unit_id")
    applications_by_item_id = _many_by(SupervisionItemApplication, "item_id")
    corrections_by_item_id = _many_by(SupervisionItemCorrection, "item_id")
    item_application_by_id = _by_key(SupervisionItemApplication)
    item_correction_by_id = _by_key(SupervisionItemCorrection)
    evaluation_by_id = _by_key(Evaluation)
    evaluations_by_unit_id = _many_by(Evaluation, "unit_id")
    evaluations_by_commitment_id = _many_by(Evaluation, "commitment_id")
    dishonesty_record_by_id = _by_key(DishonestyRecord)
    dishonesty_records_by_unit_id = _many_by(DishonestyRecord, "unit_id")
    publication_by_id = _by_key(DishonestyPublication)
    publications_by_record_id = _many_by(DishonestyPublication, "record_id")
    channels_by_publication_id = _many_by(DishonestyPublicationChannel, "publication_id")
    sanction_by_id = _by_key(DishonestySanction)
    sanctions_by_record_id = _many_by(DishonestySanction, "record_id")
    objection_by_id = _by_key(DishonestyObjection)
    objections_by_record_id = _many_by(DishonestyObjection, "record_id")
    repair_by_id = _by_key(CreditRepair)
    repairs_by_record_id = _many_by(CreditRepair, "record_id")
    ppp_project_by_id = _by_key(PppProject)
    ppp_regime_by_id = _by_key(PppProjectRegime)
    ppp_partner_by_id = _by_key(PppPartner)
    ppp_contract_by_id = _by_key(PppContract)
    ppp_stage_by_id = _by_key(PppStage)
    ppp_responsibility_by_id = _by_key(PppStageResponsibility)
    ppp_commitment_by_id = _by_key(PppCommitment)
    ppp_breach_by_id = _by_key(PppBreach)
    ppp_regimes_by_project_id = _many_by(PppProjectRegime, "project_id")
    ppp_partners_by_project_id = _many_by(PppPartner, "project_id")
    ppp_contracts_by_project_id = _many_by(PppContract, "project_id")
    ppp_stages_by_project_id = _many_by(PppStage, "project_id")
    ppp_commitments_by_project_id = _many_by(PppCommitment, "project_id")
    ppp_breaches_by_project_id = _many_by(PppBreach, "project_id")
    ppp_breaches_by_commitment_id = _many_by(PppBreach, "commitment_id")
    ppp_breaches_by_person_id = _many_by(PppBreach, "person_id")
    ppp_responsibilities_by_stage_id = _many_by(PppStageResponsibility, "stage_id")
    ppp_responsibilities_by_person_id = _many_by(PppStageResponsibility, "person_id")
    ppp_dishonesty_by_person_id = _many_by(DishonestyRecord, "person_id")
    # Accountability tallies, counted in the database (keys: unit pk, first and last day).
    commitment_counts = _Lazy(partial(_tallies, commitment_counts))
    evidence_counts = _Lazy(partial(_tallies, evidence_counts))
    open_record_counts = _Lazy(partial(_tallies, open_record_counts))
    urging_counts = _Lazy(partial(_tallies, urging_counts))
    account_by_id = _by_key(Account)
    tokens_by_account_id = _many_by(ApiToken, "account_id")
    public_submission_by_id = _by_key(PublicSubmission)

    def release(self) -> None:
        """Empty every cache and let go of the last batch of every loader (the request is
        answered; see ``Context.release``)."""
        self._shared.clear()
        for loader in vars(self).values():
            if isinstance(loader, DataLoader):
                loader.cache_map.clear()
                loader.batch = None

    def shared(self, row: M, convert: Callable[[M], T]) -> T:
        """``convert(row)``, made once per row and request: the loaders hand out one row object
        per key, so a unit named by many assignments becomes one GraphQL object, answered once
        (resolvers/execution/breadth_first.py completes equal objects once)."""
        key = (convert, id(row))
        found = self._shared.get(key)
        if found is None or found[0] is not row:
            found = self._shared[key] = (row, convert(row))
        return found[1]

    def node_loader(self, type_name: str) -> Callable[[Any], Awaitable[Model | None]] | None:
        """The loader of the Node type ``type_name`` by its key (for ``node``/``nodes``); only
        that loader is made."""
        attribute = NODE_LOADERS.get(type_name)
        return getattr(self, attribute).load if attribute is not None else None


#: The ``Loaders`` attribute loading each Node type by its key, by GraphQL type name: the
#: by-key loader of the model of that name (journal entries by their seq).
NODE_LOADERS: dict[str, str] = {
    lazy.node_of.__name__: name
    for name, lazy in vars(Loaders).items()
    if isinstance(lazy, _Lazy) and lazy.node_of is not None
}
