"""No lost or duplicated writes: Idempotency-Key replays, key reuse, racing duplicates, versions."""

from __future__ import annotations

import asyncio
from typing import Any

from graphql import parse

from resolvers.root import graphql_schema
from server.redaction import redacted
from tests.api.graph import small_graph
from tests.api.test_credit import report
from tests.api.test_ppp import new_project, new_stage
from tests.conftest import GraphQLClient
from tests.databases import execute_raw

CREATE_PERSON = "mutation($n: String!) { personCreate(input: {name: $n}) { person { id name } } }"
PEOPLE = """
query($s: String) { persons(filter: {search: $s}, first: 100) { totalCount nodes { id } } }
"""
HEAD = "{ journalHead { seq } }"


async def keyed(
    client: GraphQLClient, key: str, document: str, variables: dict[str, Any]
) -> dict[str, Any]:
    response = await client.post(document, variables, headers={"Idempotency-Key": key})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def people(client: GraphQLClient, search: str) -> dict[str, Any]:
    found: dict[str, Any] = (await client.data(PEOPLE, {"s": search}))["persons"]
    return found


async def seq(client: GraphQLClient) -> int:
    head: int = (await client.data(HEAD))["journalHead"]["seq"]
    return head


async def test_a_retry_returns_the_first_result_without_writing(client: GraphQLClient) -> None:
    first = await keyed(client, "retry-1", CREATE_PERSON, {"n": "王重试"})
    head = await seq(client)
    second = await keyed(client, "retry-1", CREATE_PERSON, {"n": "王重试"})
    assert second["data"] == first["data"]
    assert first["extensions"]["idempotency"] == {"key": "retry-1", "replayed": False}
    assert second["extensions"]["idempotency"] == {"key": "retry-1", "replayed": True}
    assert await seq(client) == head
    assert (await people(client, "王重试"))["totalCount"] == 1
    # Without a key, the same request is a new change.
    await client.data(CREATE_PERSON, {"n": "王重试"})
    assert (await people(client, "王重试"))["totalCount"] == 2


async def test_the_same_key_for_other_input_is_refused(client: GraphQLClient) -> None:
    await keyed(client, "reuse-1", CREATE_PERSON, {"n": "李原来"})
    head = await seq(client)
    body = await keyed(client, "reuse-1", CREATE_PERSON, {"n": "李别的"})
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {
        "code": "IDEMPOTENCY_KEY_REUSED",
        "field": "Idempotency-Key",
    }
    assert await seq(client) == head
    assert (await people(client, "李别的"))["totalCount"] == 0


async def test_expected_errors_are_replayed_too(client: GraphQLClient) -> None:
    head = await seq(client)
    first = await keyed(client, "blank-1", CREATE_PERSON, {"n": "   "})
    again = await keyed(client, "blank-1", CREATE_PERSON, {"n": "   "})
    assert first["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert again["errors"] == first["errors"]
    assert again["data"] == first["data"]
    assert again["extensions"]["idempotency"]["replayed"] is True
    assert await seq(client) == head


async def test_keys_are_checked_and_ignored_on_queries(client: GraphQLClient) -> None:
    for bad in (b"x" * 201, "含中文".encode()):
        response = await client.http.post(
            "/graphql",
            json={"query": CREATE_PERSON, "variables": {"n": "赵"}},
            headers={"Idempotency-Key": bad},
        )
        error = response.json()["errors"][0]
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "Idempotency-Key"}
    assert (await people(client, "赵"))["totalCount"] == 0
    query = await keyed(client, "query-1", HEAD, {})
    assert "idempotency" not in query["extensions"]


async def test_racing_duplicates_write_once(client: GraphQLClient) -> None:
    head = await seq(client)
    bodies = await asyncio.gather(
        *(keyed(client, "race-1", CREATE_PERSON, {"n": "并发者"}) for _ in range(6))
    )
    assert len({str(b["data"]) for b in bodies}) == 1
    assert [b["extensions"]["idempotency"]["replayed"] for b in bodies].count(False) == 1
    assert (await people(client, "并发者"))["totalCount"] == 1
    assert await seq(client) == head + 1


def update_mutations() -> list[str]:
    mutation = graphql_schema._schema.mutation_type
    assert mutation is not None
    return sorted(name for name in mutation.fields if name.endswith("Update"))


def test_every_update_takes_an_expected_version() -> None:
    mutation = graphql_schema._schema.mutation_type
    assert mutation is not None
    for name in update_mutations():
        field = mutation.fields[name]
        input_type = field.args["input"].type.of_type  # type: ignore[union-attr]
        assert "expectedVersion" in input_type.fields, name


async def update_targets(client: GraphQLClient) -> dict[str, tuple[str, dict[str, Any]]]:
    """An existing object and a harmless change for every ``*Update`` mutation."""
    graph = await small_graph(client)
    project = await new_project(client, "VER-1")
    return {
        "unitUpdate": (graph.finance, {"note": "改"}),
        "planUpdate": (graph.plan, {"title": "改过的方案"}),
        "sectionUpdate": (graph.section, {"title": "改过的部分"}),
        "taskUpdate": (graph.task, {"title": "改过的任务"}),
        "personUpdate": (graph.person, {"note": "改"}),
        "pppProjectUpdate": (project, {"sector": "交通"}),
        "pppStageUpdate": (
            await new_stage(client, project, planStage="BIDDING"),
            {"note": "改"},
        ),
        "dishonestyRecordUpdate": (
            (await report(client))["id"],
            {"corrections": {"facts": "更正"}},
        ),
    }


async def test_every_update_refuses_a_stale_version(seeded: GraphQLClient) -> None:
    targets = await update_targets(seeded)
    # accountUpdate belongs to the accounts work (its tests check its version); the rest is here.
    assert sorted({*targets, "accountUpdate"}) == update_mutations()
    for name, (ident, change) in targets.items():
        input_type = f"{name[0].upper()}{name[1:]}Input"
        document = f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ __typename }} }}"
        head = await seq(seeded)
        stale = {"id": ident, "expectedVersion": 99, **change}
        error = await seeded.error(document, {"i": stale})
        assert error["extensions"]["code"] == "CONFLICT", (name, error)
        assert error["extensions"]["field"] == "expectedVersion"
        assert await seq(seeded) == head, name
        await seeded.data(document, {"i": {**stale, "expectedVersion": 1}})


TASK = "{ tasks(first: 1) { nodes { id title } } }"
TASK_UPDATE = """
mutation($input: TaskUpdateInput!) {
  taskUpdate(input: $input) { task { title assignments { unit { name kind } } } }
}
"""
TASK_TITLE = "query($id: ID!) { node(id: $id) { ... on Task { title version } } }"


async def test_an_unexpected_failure_undoes_the_keyed_request(
    seeded: GraphQLClient, seeded_url: str
) -> None:
    task = (await seeded.data(TASK))["tasks"]["nodes"][0]
    before, head = await seeded.data(TASK_TITLE, {"id": task["id"]}), await seq(seeded)
    change = {"input": {"id": task["id"], "title": "意外之后"}}
    # The update itself succeeds; reading its payload then fails on a corrupted unit row.
    await execute_raw(seeded_url, "UPDATE unit SET kind = 'BROKEN' WHERE kind <> 'COLLECTIVE'")
    failed = await keyed(seeded, "unexpected-1", TASK_UPDATE, change)
    assert failed["data"] is None
    assert "INTERNAL_SERVER_ERROR" in {e["extensions"]["code"] for e in failed["errors"]}
    assert await seeded.data(TASK_TITLE, {"id": task["id"]}) == before
    assert await seq(seeded) == head
    # Nothing was kept for the key either: once the data is repaired the retry runs for real.
    await execute_raw(seeded_url, "UPDATE unit SET kind = 'OTHER' WHERE kind = 'BROKEN'")
    retried = await keyed(seeded, "unexpected-1", TASK_UPDATE, change)
    assert retried["extensions"]["idempotency"]["replayed"] is False
    assert retried["data"]["taskUpdate"]["task"]["title"] == "意外之后"
    assert await seq(seeded) == head + 1


def test_secrets_are_nulled_in_the_stored_response() -> None:
    document = parse(
        "mutation { t: apiTokenIssue(input: $i) { ...Shown } }"
        " fragment Shown on ApiTokenIssuePayload { secretCopy: token apiToken { name } }"
    )
    data = {"t": {"secretCopy": "dg_raw", "apiToken": {"name": "n"}}}
    stored = redacted(graphql_schema._schema, document, None, data)
    assert stored == {"t": {"secretCopy": None, "apiToken": {"name": "n"}}}
    assert data["t"]["secretCopy"] == "dg_raw"  # the client still gets it, once
