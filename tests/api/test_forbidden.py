"""FORBIDDEN says who would be allowed, and one refused field does not null the whole answer."""

from __future__ import annotations

from graphql import GraphQLNonNull

from resolvers.actor import Actor, Role
from resolvers.permissions import INTERNAL
from resolvers.permissions.table import SIGNED_IN
from resolvers.permissions.writes import forbidden
from resolvers.root import graphql_schema
from tests.conftest import GraphQLClient

VIEWER_AND_HEAD = "{ viewer { username roles } journalHead { seq hash } }"
CREDIT_RECORD = """
mutation($unitId: ID!) {
  dishonestyRecordReport(input: {unitId: $unitId, category: BREACH_OF_PROMISE,
      severity: GENERAL, facts: "x", occurredOn: "2018-02-05", reportedOn: "2018-02-26"}) {
    record { id }
  }
}
"""
UNIT = 'query { unitByName(name: "凉州区政府") { id } }'


async def test_a_refused_field_is_null_with_its_path_and_the_rest_answers(
    seeded: GraphQLClient,
) -> None:
    leader = await seeded.as_unit("凉州区政府")
    body = await leader.run(VIEWER_AND_HEAD)
    assert body["data"]["viewer"]["roles"] == ["UNIT_LEADER"]
    assert body["data"]["journalHead"] is None
    [error] = body["errors"]
    assert error["path"] == ["journalHead"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "open to AUDITOR, SUPERVISION_OFFICE, SYSTEM_ADMIN" in error["message"]


async def test_forbidden_names_the_roles_and_their_reach(seeded: GraphQLClient) -> None:
    leader = await seeded.as_unit("凉州区政府")
    unit = (await seeded.data(UNIT))["unitByName"]["id"]
    error = await leader.error(CREDIT_RECORD, {"unitId": unit})
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "open to CREDIT_ADMIN." in error["message"]
    staff = await seeded.as_unit("凉州区政府", Role.UNIT_STAFF)
    pledge = await staff.error(
        'mutation { commitmentPledge(input: {assignmentId: "QXNzaWdubWVudDox", content: "x", '
        'target: "y", pledgedOn: "2018-01-08", dueOn: "2018-02-10"}) { commitment { id } } }'
    )
    assert "open to UNIT_LEADER (own unit only)." in pledge["message"]


def test_row_checks_name_who_may_change_the_row() -> None:
    message = forbidden(Actor("account:x", frozenset({Role.UNIT_LEADER}), 3), "Evidence").message
    assert "SUPERVISION_OFFICE" in message
    assert "UNIT_STAFF or UNIT_LEADER" in message
    record = forbidden(Actor("account:x", frozenset({Role.UNIT_LEADER}), 3), "DishonestyRecord")
    assert "CREDIT_ADMIN" in record.message


def test_every_query_field_some_role_is_refused_is_nullable() -> None:
    query = graphql_schema._schema.query_type
    assert query is not None
    refused_non_null = [
        name
        for name, field in query.fields.items()
        if dict(INTERNAL["Query"].get(name) or {}) != dict(SIGNED_IN)
        and isinstance(field.type, GraphQLNonNull)
    ]
    assert refused_non_null == []
