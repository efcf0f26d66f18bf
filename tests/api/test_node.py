"""Relay ``node``/``nodes``: every Node type round-trips through its global ID."""

from __future__ import annotations

from dataclasses import asdict

from tests.api.graph import small_graph
from tests.conftest import GraphQLClient

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"
FIRST_ENTRY = "{ journal(first: 1) { nodes { id seq } } }"

EXPECTED_TYPES = {
    "finance": "Unit",
    "reform": "Unit",
    "collective": "Unit",
    "membership": "UnitMembership",
    "plan": "Plan",
    "section": "Section",
    "task": "Task",
    "assignment": "Assignment",
    "person": "Person",
    "position": "Position",
}


async def test_every_node_type_round_trips(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    ids = asdict(graph)
    entry = (await client.data(FIRST_ENTRY))["journal"]["nodes"][0]
    ids["entry"] = entry["id"]
    expected = {**EXPECTED_TYPES, "entry": "JournalEntry"}
    for name, global_id in ids.items():
        node = (await client.data(NODE, {"id": global_id}))["node"]
        assert node == {"__typename": expected[name], "id": global_id}, name
    listed = (await client.data(NODES, {"ids": list(ids.values())}))["nodes"]
    assert [n["id"] for n in listed] == list(ids.values())


async def test_unknown_ids_are_null_and_malformed_ids_are_errors(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    missing_task = "VGFzazo5OTk5OTk="  # Task:999999
    unknown_type = "V2lkZ2V0OjE="  # Widget:1
    listed = await client.data(NODES, {"ids": [graph.task, missing_task, unknown_type]})
    assert listed["nodes"][0]["id"] == graph.task
    assert listed["nodes"][1:] == [None, None]
    error = await client.error(NODE, {"id": "!!not-base64"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_id_of_the_wrong_type_is_refused(client: GraphQLClient) -> None:
    graph = await small_graph(client)
    error = await client.error("query($id: ID!) { task(id: $id) { id } }", {"id": graph.plan})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert "Task" in error["message"]
