"""The root types composed from every domain, and the ``graphql_schema`` built from them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import strawberry
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from resolvers.auth.mutations import AccountMutation
from resolvers.auth.queries import AccountQuery
from resolvers.calendar.mutations import CalendarMutation
from resolvers.commitment.mutations import CommitmentMutation
from resolvers.commitment.queries import CommitmentQuery
from resolvers.credit.draft_mutations import DishonestyDraftMutation
from resolvers.credit.mutations import CreditMutation
from resolvers.credit.queries import CreditQuery
from resolvers.credit.remedy_mutations import CreditRemedyMutation
from resolvers.evaluation.mutations import EvaluationMutation
from resolvers.evaluation.queries import EvaluationQuery
from resolvers.events.subscription import EventSubscription
from resolvers.evidence.mutations import EvidenceMutation
from resolvers.evidence.queries import EvidenceQuery
from resolvers.execution.breadth_first import BreadthFirstExecution
from resolvers.journal.history import HistoryQuery
from resolvers.journal.queries import JournalQuery
from resolvers.journal.run_fields import JournalVerificationMutation, JournalVerificationQuery
from resolvers.node import ACCOUNTABILITY_NODE_TYPES, NodeQuery
from resolvers.permissions import INTERNAL, guard
from resolvers.person.mutations import PersonMutation
from resolvers.person.queries import PersonQuery
from resolvers.plan.importing import PlanImportMutation
from resolvers.plan.mutations import PlanMutation
from resolvers.plan.queries import PlanQuery
from resolvers.ppp.commitment_mutations import PppCommitmentMutation
from resolvers.ppp.mutations import PppMutation
from resolvers.ppp.queries import PppQuery
from resolvers.ppp.responsibility_mutations import PppResponsibilityMutation
from resolvers.public.submissions import PublicSubmissionQuery
from resolvers.supervision.item_application_queries import SupervisionItemApplicationQuery
from resolvers.supervision.item_decisions import SupervisionItemDecisionMutation
from resolvers.supervision.item_mutations import SupervisionItemMutation
from resolvers.supervision.item_queries import SupervisionItemQuery
from resolvers.supervision.item_warning_queries import ItemWarningQuery
from resolvers.supervision.mutations import SupervisionMutation
from resolvers.supervision.queries import SupervisionQuery
from resolvers.supervision.ranking_queries import RankingQuery
from resolvers.supervision.warning_queries import WarningQuery
from resolvers.task.matching import TaskMatchMutation
from resolvers.task.mutations import TaskMutation
from resolvers.task.queries import TaskQuery
from resolvers.unit.mutations import UnitMutation
from resolvers.unit.queries import UnitQuery
from schema.account import Account
from schema.journal import JournalEntry
from schema.person import Person, Position
from schema.plan import Plan, Section
from schema.ppp import PPP_NODE_TYPES
from schema.scalars_bounded import SCALAR_OVERRIDES
from schema.submission import PublicSubmission
from schema.task import Assignment, Task
from schema.unit import Unit, UnitMembership


@strawberry.type(description="查询 — everything that can be read.")
class Query(
    NodeQuery,
    PlanQuery,
    TaskQuery,
    UnitQuery,
    PersonQuery,
    JournalQuery,
    JournalVerificationQuery,
    PppQuery,
    HistoryQuery,
    CommitmentQuery,
    EvidenceQuery,
    EvaluationQuery,
    CreditQuery,
    AccountQuery,
    PublicSubmissionQuery,
    SupervisionQuery,
    SupervisionItemQuery,
    SupervisionItemApplicationQuery,
    WarningQuery,
    ItemWarningQuery,
    RankingQuery,
):
    pass


@strawberry.type(description="变更 — everything that can be changed; each change is journaled.")
class Mutation(
    PlanMutation,
    PlanImportMutation,
    TaskMutation,
    TaskMatchMutation,
    UnitMutation,
    PersonMutation,
    PppMutation,
    PppResponsibilityMutation,
    PppCommitmentMutation,
    CommitmentMutation,
    EvidenceMutation,
    EvaluationMutation,
    CreditMutation,
    CreditRemedyMutation,
    AccountMutation,
    SupervisionMutation,
    SupervisionItemMutation,
    SupervisionItemDecisionMutation,
    CalendarMutation,
    DishonestyDraftMutation,
    JournalVerificationMutation,
):
    pass


@strawberry.type(description="订阅 — live events (graphql-transport-ws or server-sent events).")
class Subscription(EventSubscription):
    pass


# Every root field gets the permission of its row in the policy table (none: refused to all).
guard(Query, INTERNAL["Query"])
guard(Mutation, INTERNAL["Mutation"])
guard(Subscription, INTERNAL["Subscription"])


class DutygraphSchema(strawberry.Schema):
    """Leaves error logging to the HTTP layer, which logs only unexpected errors, once."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


NODE_TYPES = [
    Unit,
    UnitMembership,
    Plan,
    Section,
    Task,
    Assignment,
    Person,
    Position,
    JournalEntry,
    *PPP_NODE_TYPES,
    *ACCOUNTABILITY_NODE_TYPES,
    Account,
    PublicSubmission,
]


def make_schema(
    extensions: Sequence[type[SchemaExtension] | Callable[[], SchemaExtension]] = (),
    breadth_first: bool = True,
) -> DutygraphSchema:
    """The schema with the given extensions (classes or factories: one instance per request).

    The server adds its hardening and gates (see ``server/extensions.py``); the SDL is the same.
    ``breadth_first`` runs queries a level at a time (resolvers/execution/breadth_first.py).
    """
    return DutygraphSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=NODE_TYPES,
        extensions=list(extensions),
        config=StrawberryConfig(auto_camel_case=True),
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=BreadthFirstExecution if breadth_first else None,
    )


#: The schema without server extensions: for SDL export, tests of types, tools.
graphql_schema = make_schema()
