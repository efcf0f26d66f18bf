"""Relay ``node``/``nodes``: fetch any object by its global ID, through the same loaders."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from resolvers.errors import bad_input
from resolvers.global_ids import from_global_id
from schema.account import Account
from schema.commitment import Commitment, ProgressReport
from schema.credit import DishonestyRecord, Publication, Sanction
from schema.credit_remedy import CreditRepair, DishonestyObjection
from schema.evaluation import Evaluation
from schema.evidence import Evidence
from schema.item_application import SupervisionItemApplication, SupervisionItemCorrection
from schema.journal import JournalEntry
from schema.person import Person, Position
from schema.plan import Plan, Section
from schema.ppp import (
    PppBreach,
    PppCommitment,
    PppContract,
    PppPartner,
    PppProject,
    PppProjectRegime,
    PppStage,
    PppStageResponsibility,
)
from schema.relay import MAX_PAGE_SIZE, Node
from schema.submission import PublicSubmission
from schema.supervision import CommitmentApplication, Correction, Urging
from schema.supervision_item import HandlingUnit, SupervisionFeedback, SupervisionItem
from schema.task import Assignment, Task
from schema.unit import Unit, UnitMembership

if TYPE_CHECKING:
    from resolvers.context import Context

#: Node types of the accountability workflow (commitments to credit repair).
ACCOUNTABILITY_NODE_TYPES: list[type[Node]] = [
    Commitment,
    ProgressReport,
    Evidence,
    CommitmentApplication,
    Correction,
    Urging,
    SupervisionItem,
    HandlingUnit,
    SupervisionFeedback,
    SupervisionItemApplication,
    SupervisionItemCorrection,
    Evaluation,
    DishonestyRecord,
    Publication,
    Sanction,
    DishonestyObjection,
    CreditRepair,
]

#: GraphQL type name → how a row becomes that type.
NODE_TYPES: dict[str, Callable[[Any], Node]] = {
    "Unit": Unit.from_model,
    "UnitMembership": UnitMembership.from_model,
    "Plan": Plan.from_model,
    "Section": Section.from_model,
    "Task": Task.from_model,
    "Assignment": Assignment.from_model,
    "Person": Person.from_model,
    "Position": Position.from_model,
    "Commitment": Commitment.from_model,
    "ProgressReport": ProgressReport.from_model,
    "Evidence": Evidence.from_model,
    "Evaluation": Evaluation.from_model,
    "CommitmentApplication": CommitmentApplication.from_model,
    "Correction": Correction.from_model,
    "Urging": Urging.from_model,
    "SupervisionItem": SupervisionItem.from_model,
    "SupervisionItemUnit": HandlingUnit.from_model,
    "SupervisionFeedback": SupervisionFeedback.from_model,
    "SupervisionItemApplication": SupervisionItemApplication.from_model,
    "SupervisionItemCorrection": SupervisionItemCorrection.from_model,
    "DishonestyRecord": DishonestyRecord.from_model,
    "DishonestyPublication": Publication.from_model,
    "DishonestySanction": Sanction.from_model,
    "DishonestyObjection": DishonestyObjection.from_model,
    "CreditRepair": CreditRepair.from_model,
    "JournalEntry": JournalEntry.from_model,
    "PppProject": PppProject.from_model,
    "PppProjectRegime": PppProjectRegime.from_model,
    "PppPartner": PppPartner.from_model,
    "PppContract": PppContract.from_model,
    "PppStage": PppStage.from_model,
    "PppStageResponsibility": PppStageResponsibility.from_model,
    "PppCommitment": PppCommitment.from_model,
    "PppBreach": PppBreach.from_model,
    "Account": Account.from_model,
    "PublicSubmission": PublicSubmission.from_model,
}


async def resolve_node(info: strawberry.Info[Context, None], global_id: str) -> Node | None:
    type_name, pk = from_global_id(global_id)
    convert = NODE_TYPES.get(type_name)
    load = info.context.loaders.node_loader(type_name)
    if convert is None or load is None:
        return None
    row = await load(pk)
    return convert(row) if row is not None else None


@strawberry.type(description="节点查询 — fetch any object by its global ID (Relay).")
class NodeQuery:
    @strawberry.field(description="节点 — the object with this global ID (null if none).")
    async def node(
        self,
        info: strawberry.Info[Context, None],
        id: Annotated[strawberry.ID, strawberry.argument(description="全局ID — the object's ID.")],
    ) -> Node | None:
        return await resolve_node(info, str(id))

    @strawberry.field(
        description=f"节点列表 — the objects with these IDs, in the same order (null where none; "
        f"at most {MAX_PAGE_SIZE})."
    )
    async def nodes(
        self,
        info: strawberry.Info[Context, None],
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description="全局ID列表 — the IDs.")
        ],
    ) -> list[Node | None]:
        if len(ids) > MAX_PAGE_SIZE:
            raise bad_input(f"Ask for at most {MAX_PAGE_SIZE} nodes at once.", "ids")
        for global_id in ids:
            from_global_id(str(global_id), "ids")
        return list(await asyncio.gather(*(resolve_node(info, str(i)) for i in ids)))
