"""Property-based fuzzing of the whole schema (hypothesis-graphql): no input is a server error.

Documents are generated from the schema with random arguments (IDs of real objects, scalars
mostly valid, sometimes junk) and sent over HTTP to the seeded app as the office account; every
response must be data or coded expected errors — never INTERNAL_SERVER_ERROR, never a 5xx. The
seed is fixed (``derandomize``) and the budget small enough for CI.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

from resolvers.global_ids import to_global_id
from resolvers.root import graphql_schema
from tests.conftest import GraphQLClient

QUERY_EXAMPLES = 150
MUTATION_EXAMPLES = 150


def text_node(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return strategy.map(lambda value: nodes.String(str(value)))


def mostly(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Valid values three times in four, random text otherwise."""
    return st.one_of(valid, valid, valid, text_node(st.text(max_size=12)))


def node_ids() -> st.SearchStrategy[Any]:
    """Global IDs of the first few objects of every Node type (most exist in the seed)."""
    schema = graphql_schema._schema
    names = sorted(
        t.name
        for t in schema.type_map.values()
        if isinstance(t, GraphQLObjectType) and any(i.name == "Node" for i in t.interfaces)
    )
    return text_node(st.builds(to_global_id, st.sampled_from(names), st.integers(1, 4)))


SCALARS: dict[str, st.SearchStrategy[Any]] = {
    "ID": mostly(node_ids()),
    "Date": mostly(text_node(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))),
    "DateTime": mostly(
        text_node(st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()))
    ),
    "Decimal": mostly(text_node(st.decimals(-(10**9), 10**9, allow_nan=False, places=2))),
    "JSON": text_node(st.sampled_from(["{}", "[]", "null", "1"])),
}


def fuzz(
    client: GraphQLClient,
    loop: asyncio.AbstractEventLoop,
    strategy: st.SearchStrategy[Any],
    examples: int,
) -> list[tuple[str, str]]:
    """Run ``examples`` documents through the app; the ones that failed as server errors."""
    failures: list[tuple[str, str]] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(document=strategy)
    def probe(document: str) -> None:
        future = asyncio.run_coroutine_threadsafe(client.post(str(document)), loop)
        response = future.result(timeout=60)
        codes = []
        if response.headers.get("content-type", "").endswith("json"):
            codes = [e["extensions"]["code"] for e in response.json().get("errors") or []]
        if response.status_code >= 500 or "INTERNAL_SERVER_ERROR" in codes:
            failures.append((str(document), response.text[:300]))

    probe()
    return failures


def schema() -> GraphQLSchema:
    return graphql_schema._schema


async def test_fuzzed_queries_never_fail_as_server_errors(seeded: GraphQLClient) -> None:
    strategy = queries(schema(), custom_scalars=SCALARS)
    loop = asyncio.get_running_loop()
    failures = await asyncio.to_thread(fuzz, seeded, loop, strategy, QUERY_EXAMPLES)
    assert failures == []


async def test_fuzzed_mutations_never_fail_as_server_errors(seeded: GraphQLClient) -> None:
    strategy = mutations(schema(), custom_scalars=SCALARS)
    loop = asyncio.get_running_loop()
    failures = await asyncio.to_thread(fuzz, seeded, loop, strategy, MUTATION_EXAMPLES)
    assert failures == []
    assert (await seeded.data("{ journalVerify { ok } }"))["journalVerify"] == {"ok": True}
