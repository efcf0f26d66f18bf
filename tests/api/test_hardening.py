"""Request limits: depth, aliases, tokens, directives, node cost, body size, the timeout."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import asyncpg
import pytest
from graphql import parse

from resolvers.journal.writer import _PG_JOURNAL_LOCK
from resolvers.root import graphql_schema
from server.hardening.cost import _validated, requested_nodes
from server.hardening.limits import BODY_HEADROOM, Limits
from server.settings import Settings
from tests.conftest import GraphQLClient, running
from tests.databases import BACKEND, CREDENTIALS, credentials

SMALL = Limits(
    max_depth=4,
    max_aliases=3,
    max_tokens=120,
    max_directives=3,
    max_nodes=500,
    max_document_bytes=2000,
    max_body_bytes=10_000,
    operation_timeout=10.0,
)
DEPTH_4 = "{ plans(first: 1) { nodes { tasks(first: 1) { nodes { code } } } } }"
DEPTH_5 = "{ plans(first: 1) { nodes { tasks(first: 1) { nodes { section { code } } } } } }"
NESTED_COST = """
query($plans: Int = 7) {
  plans(first: $plans) { nodes { tasks(last: 20) { nodes { ...Units } } } }
  units { totalCount }
}
fragment Units on Task { assignments { unit { tasks(first: 3) { totalCount } } } }
"""
TYPE_NAMED = "query($s: String!) { __type(name: $s) { name } }"
CREATE_PERSON = "mutation($n: String!) { personCreate(input: {name: $n}) { person { id } } }"
PERSONS = "{ persons(first: 100) { totalCount nodes { name } } journalHead { seq } }"


@pytest.fixture
async def limited(seeded_url: str) -> AsyncIterator[GraphQLClient]:
    async with running(seeded_url, limits=SMALL) as (_, graphql):
        yield graphql


def test_limits_come_from_the_environment() -> None:
    defaults = Settings.from_env({}).limits
    assert defaults == Limits()
    assert (defaults.max_depth, defaults.max_aliases, defaults.max_nodes) == (15, 30, 50_000)
    assert defaults.operation_timeout == 10.0
    # Room for the largest evidence file (20 MiB, base64) plus the rest of the request.
    assert defaults.body_bytes(20 * 1024 * 1024) == 27_962_028 + BODY_HEADROOM
    env = {
        "DUTYGRAPH_MAX_DEPTH": "6",
        "DUTYGRAPH_MAX_ALIASES": "9",
        "DUTYGRAPH_MAX_TOKENS": "800",
        "DUTYGRAPH_MAX_DIRECTIVES": "4",
        "DUTYGRAPH_MAX_NODES": "1000",
        "DUTYGRAPH_OPERATION_TIMEOUT": "2.5",
        "DUTYGRAPH_MAX_DOCUMENT_BYTES": "4096",
        "DUTYGRAPH_MAX_BODY_BYTES": "65536",
    }
    assert Settings.from_env(env).limits == Limits(6, 9, 800, 4, 1000, 2.5, 4096, 65536)
    assert Settings.from_env(env).limits.body_bytes(20 * 1024 * 1024) == 65536


def test_node_count_multiplies_nested_connections() -> None:
    document = parse(NESTED_COST)
    # plans 7 + tasks 7×20 + units (default page 20) + fragment: 7×20 tasks × 3 = 420.
    assert requested_nodes(graphql_schema._schema, document) == 7 + 140 + 20 + 420
    assert (
        requested_nodes(graphql_schema._schema, document, variables={"plans": 1})
        == 1 + 20 + 20 + 60
    )


async def test_cost_is_reported_and_capped(seeded: GraphQLClient, limited: GraphQLClient) -> None:
    body = await seeded.run(NESTED_COST)
    assert body["extensions"]["cost"] == {"requestedNodes": 587, "limit": 50_000}
    huge = "{ units(first: 100) { nodes { tasks(first: 100) { nodes { code } } } } }"
    refused = await seeded.run(
        "{ plans(first: 100) { nodes { tasks(first: 100) { nodes { assignments { unit {"
        " tasks(first: 100) { nodes { code } } } } } } } } }"
    )
    assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "1010100 nodes" in refused["errors"][0]["message"]
    assert refused["extensions"]["cost"]["requestedNodes"] == 1_010_100
    assert "data" not in refused
    small = await limited.run(huge)
    assert small["extensions"]["cost"] == {"requestedNodes": 10_100, "limit": 500}
    assert small["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_depth_alias_token_and_directive_limits(limited: GraphQLClient) -> None:
    assert "plans" in await limited.data(DEPTH_4)
    assert "exceeds maximum operation depth of 4" in (await limited.error(DEPTH_5))["message"]
    three = "{ a: __typename b: __typename c: __typename }"
    assert len(await limited.data(three)) == 3
    four = await limited.error("{ a: __typename b: __typename c: __typename d: __typename }")
    assert four["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "aliases" in four["message"]
    many_tokens = "{ " + " ".join("__typename" for _ in range(130)) + " }"
    tokens = await limited.error(many_tokens)
    assert tokens["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "120 tokens" in tokens["message"]
    three_directives = "{ plans(first: 1) @include(if: true) { totalCount @skip(if: false) "
    assert await limited.data(three_directives + "pageInfo @include(if: true) { hasNextPage } } }")
    directives = await limited.error(
        three_directives + "pageInfo @include(if: true) { hasNextPage @skip(if: false) } } }"
    )
    assert "more than 3 directives" in directives["message"]


async def test_document_and_body_size(limited: GraphQLClient) -> None:
    padded = "{ __typename }\n#" + "x" * 2000
    document = await limited.error(padded)
    assert document["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    # Large values belong in variables: the same bytes pass there (under the body limit).
    assert await limited.data(TYPE_NAMED, {"s": "x" * 5000}) == {"__type": None}
    declared = await limited.post(TYPE_NAMED, {"s": "x" * 20_000})
    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ __typename }", "variables": {"s": "'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"}}'

    chunked = await limited.http.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert chunked.status_code == 413
    assert chunked.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


@contextmanager
def sqlite_write_lock(url: str) -> Iterator[None]:
    """Hold the database write lock from another connection, as a stuck writer would."""
    connection = sqlite3.connect(url.removeprefix("sqlite://"), isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


@asynccontextmanager
async def journal_lock(url: str) -> AsyncIterator[None]:
    """Block every journal append: SQLite by its write lock, PostgreSQL by the journal lock."""
    if url.startswith("sqlite://"):
        with sqlite_write_lock(url):
            yield
        return
    connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
    try:
        await connection.execute("SELECT pg_advisory_lock($1)", _PG_JOURNAL_LOCK)
        yield
    finally:
        await connection.close()


TIMING_OUT = Limits(operation_timeout=1.0)


async def settled(client: GraphQLClient, query: str) -> dict[str, Any]:
    """The data of ``query`` once the database is free again.

    On SQLite the statement the timeout abandoned still holds the one connection until its busy
    timeout ends, so a read right after it may itself time out; it must never see the write.
    """
    for _ in range(20):
        body = await client.run(query)
        if not body.get("errors") or body["errors"][0]["extensions"]["code"] != "TIMEOUT":
            break
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


async def test_operation_timeout_undoes_the_write(seeded_url: str) -> None:
    # A short busy timeout so the stuck SQLite statement gives up soon after the operation did.
    url = f"{seeded_url}?busy_timeout=3000" if BACKEND == "sqlite" else seeded_url
    CREDENTIALS[url] = credentials(seeded_url)
    async with running(url, limits=TIMING_OUT) as (_, client):
        before = await settled(client, PERSONS)
        key = {"Idempotency-Key": "timeout-1"}
        async with journal_lock(seeded_url):
            stuck = await client.post(CREATE_PERSON, {"n": "超时者"}, headers=key)
        error = stuck.json()["errors"][0]
        assert error["extensions"]["code"] == "TIMEOUT"
        assert "nothing it started was saved" in error["message"]
        assert await settled(client, PERSONS) == before
        # The key was rolled back with the write: the retry runs for real, once.
        retried = await client.post(CREATE_PERSON, {"n": "超时者"}, headers=key)
        assert "errors" not in retried.json()
        assert retried.json()["extensions"]["idempotency"]["replayed"] is False
        after = await settled(client, PERSONS)
        assert after["persons"]["totalCount"] == before["persons"]["totalCount"] + 1
        assert after["journalHead"]["seq"] == before["journalHead"]["seq"] + 1


async def test_validation_is_remembered_per_document(seeded: GraphQLClient) -> None:
    query = "query Remembered($n: Int!) { tasks(first: $n) { nodes { code } } }"
    await seeded.data(query, {"n": 2})
    before = _validated.cache_info()
    for n in (3, 4, 5):
        body = await seeded.run(query, {"n": n})
        assert len(body["data"]["tasks"]["nodes"]) == n
        # The node count still follows the variables.
        assert body["extensions"]["cost"]["requestedNodes"] == n
    after = _validated.cache_info()
    assert after.hits - before.hits == 3
    assert after.misses == before.misses
