"""The root types composed from every domain, and the ``graphql_schema`` built from them."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from resolvers.journal.queries import JournalQuery
from resolvers.node import NodeQuery
from resolvers.person.mutations import PersonMutation
from resolvers.person.queries import PersonQuery
from resolvers.plan.mutations import PlanMutation
from resolvers.plan.queries import PlanQuery
from resolvers.task.mutations import TaskMutation
from resolvers.task.queries import TaskQuery
from resolvers.unit.mutations import UnitMutation
from resolvers.unit.queries import UnitQuery
from schema.journal import JournalEntry
from schema.person import Person, Position
from schema.plan import Plan, Section
from schema.task import Assignment, Task
from schema.unit import Unit, UnitMembership


@strawberry.type(description="查询 — everything that can be read.")
class Query(NodeQuery, PlanQuery, TaskQuery, UnitQuery, PersonQuery, JournalQuery):
    pass


@strawberry.type(description="变更 — everything that can be changed; each change is journaled.")
class Mutation(PlanMutation, TaskMutation, UnitMutation, PersonMutation):
    pass


class DutygraphSchema(strawberry.Schema):
    """Leaves error logging to the HTTP layer, which logs only unexpected errors, once."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return None


graphql_schema = DutygraphSchema(
    query=Query,
    mutation=Mutation,
    types=[Unit, UnitMembership, Plan, Section, Task, Assignment, Person, Position, JournalEntry],
    config=StrawberryConfig(auto_camel_case=True),
)
