"""One `input` everywhere: every mutation takes an `input` object; the plain arguments of the
twelve that had them still work, deprecated, but not together with `input`."""

from __future__ import annotations

from resolvers.root import graphql_schema
from tests.api.graph import small_graph
from tests.conftest import GraphQLClient

SWEEP_INPUT = """
mutation { commitmentsMarkOverdue(input: {asOf: "2018-03-01"}) { asOf commitments { id } } }
"""
SWEEP_PLAIN = """
mutation { commitmentsMarkOverdue(asOf: "2018-03-01") { asOf commitments { id } } }
"""
SWEEP_BOTH = """
mutation { commitmentsMarkOverdue(input: {asOf: "2018-03-01"}, asOf: "2018-03-02") { asOf } }
"""
SWEEP_NEITHER = "mutation { commitmentsMarkOverdue { asOf } }"

MEMBER_ADD = """
mutation($input: UnitMemberAddInput!) {
  unitMemberAdd(input: $input) { membership { id validFrom } }
}
"""
MEMBERSHIP_END = """
mutation($input: UnitMembershipEndInput!) {
  unitMembershipEnd(input: $input) { membership { id validTo } }
}
"""
MEMBERSHIP_END_PLAIN = """
mutation($id: ID!) { unitMembershipEnd(membershipId: $id) { membership { id } } }
"""


def test_every_mutation_takes_one_input_and_deprecates_the_rest() -> None:
    mutation = graphql_schema._schema.mutation_type
    assert mutation is not None
    without_input = [name for name, field in mutation.fields.items() if "input" not in field.args]
    assert without_input == []
    plain = {
        f"{name}({arg})"
        for name, field in mutation.fields.items()
        for arg, spec in field.args.items()
        if arg != "input" and not spec.deprecation_reason
    }
    assert plain == set()


async def test_the_input_form_and_the_deprecated_form_give_the_same(
    client: GraphQLClient,
) -> None:
    by_input = await client.data(SWEEP_INPUT)
    by_plain = await client.data(SWEEP_PLAIN)
    assert by_input == by_plain
    assert by_input["commitmentsMarkOverdue"]["asOf"] == "2018-03-01"


async def test_both_forms_at_once_or_neither_is_bad_input(client: GraphQLClient) -> None:
    both = await client.error(SWEEP_BOTH)
    assert both["extensions"] == {"code": "BAD_USER_INPUT", "field": "input"}
    assert "not both" in both["message"]
    neither = await client.error(SWEEP_NEITHER)
    assert neither["extensions"] == {"code": "BAD_USER_INPUT", "field": "input"}
    assert "`asOf`" in neither["message"]


async def test_membership_by_input(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    ended = await client.data(
        MEMBERSHIP_END, {"input": {"membershipId": graph.membership, "validTo": "2018-12-31"}}
    )
    assert ended["unitMembershipEnd"]["membership"]["validTo"] == "2018-12-31"
    added = await client.data(
        MEMBER_ADD,
        {
            "input": {
                "collectiveId": graph.collective,
                "memberId": graph.finance,
                "validFrom": "2019-01-01",
            }
        },
    )
    assert added["unitMemberAdd"]["membership"]["validFrom"] == "2019-01-01"
    # The plain form that leaves out a required field names it.
    missing = await client.error(MEMBERSHIP_END_PLAIN, {"id": graph.membership})
    assert missing["extensions"]["code"] == "BAD_USER_INPUT"
    assert "`validTo`" in missing["message"]
