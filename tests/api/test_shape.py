"""Validation cost: fragment expansion refused before any rule follows spreads; depth and alias
limits measured once per fragment; validation under the operation timeout."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import ASTValidationRule, DocumentNode, build_schema, parse, validate
from hypothesis import given, settings
from hypothesis import strategies as st
from strawberry.extensions.max_aliases import create_validator as strawberry_aliases_rule
from strawberry.extensions.query_depth_limiter import (
    create_validator as strawberry_depth_rule,
)

from resolvers.root import graphql_schema
from server.hardening.cost import requested_nodes
from server.hardening.limits import Limits
from server.hardening.shape import DocumentShape, aliases_rule, depth_rule
from server.settings import Settings
from tests.conftest import GraphQLClient, running
from tests.databases import DatabaseFactory, credentials
from tests.live import live_server

LIMITED = Limits(max_depth=4, max_aliases=3, max_expanded_selections=40)
EXPANDED = "selections once its fragments are expanded"
ENDPOINTS = [("/graphql", "Query"), ("/public/graphql", "PublicQuery")]


def doubling(n: int, root: str = "Query") -> str:
    """``fragment F1 on Query { ...F0 ...F0 }`` … ``Fn``: about 1 KB that expands 2^n times."""
    fragments = [f"fragment F0 on {root} {{ __typename }}"]
    fragments += [f"fragment F{i} on {root} {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, n + 1)]
    return f"query Doubling {{ ...F{n} }}\n" + "\n".join(fragments)


def chain(n: int) -> str:
    """``C{n}`` spreads ``C{n-1}`` … spreads ``C0``: fragments nested ``n`` deep."""
    fragments = ["fragment C0 on Query { __typename }"]
    fragments += [f"fragment C{i} on Query {{ ...C{i - 1} }}" for i in range(1, n + 1)]
    return f"{{ ...C{n} }}\n" + "\n".join(fragments)


#: DEPTH_4 / DEPTH_5 of test_hardening.py, their nesting split between fragments.
DEPTH_4_IN_FRAGMENTS = """
{ plans(first: 1) { ...PlanTasks } }
fragment PlanTasks on PlanConnection { nodes { tasks(first: 1) { ...Codes } } }
fragment Codes on TaskConnection { nodes { code } }
"""
DEPTH_5_IN_FRAGMENTS = """
query Deep { plans(first: 1) { ...PlanTasks } }
fragment PlanTasks on PlanConnection { nodes { tasks(first: 1) { ...Sections } } }
fragment Sections on TaskConnection { nodes { __typename ...Section } }
fragment Section on Task { section { code } }
"""
ALIASES_IN_FRAGMENTS = """
{ ...Named ...Named }
fragment Named on Query { a: __typename b: __typename }
"""
CYCLIC = """
{ ...A }
fragment A on Query { __typename ...B ...B }
fragment B on Query { ...A ...A }
"""
UNKNOWN = "query Unknown { plans(first: 1) { ...Nowhere } }"


@pytest.fixture
async def limited(database_url: str) -> AsyncIterator[GraphQLClient]:
    async with running(database_url, limits=LIMITED) as (_, graphql):
        yield graphql


def test_shape_is_measured_once_per_fragment() -> None:
    shape = DocumentShape(parse(doubling(30)))
    # F0 has one selection; Fi two spreads of F(i-1): 2 + 2·|F(i-1)|; the operation one more.
    assert shape.fragment_shapes["F0"].selections == 1
    assert shape.fragment_shapes["F30"].selections == 3 * 2**30 - 2
    assert shape.expanded_selections == 3 * 2**30 - 1
    assert shape.order == [f"F{i}" for i in range(31)]
    assert len(shape._measured) == 32  # one measurement per selection set, not per expansion
    deep = DocumentShape(parse(DEPTH_5_IN_FRAGMENTS))
    assert [s.depth for s in deep.operation_shapes] == [5]
    assert deep.fragment_shapes["Section"].depth == 1
    # Aliases counted at each spread, as strawberry's MaxAliasesLimiter counts them.
    assert DocumentShape(parse(ALIASES_IN_FRAGMENTS)).operation_shapes[0].aliases == 4


def test_a_long_chain_of_fragments_is_measured_without_recursion() -> None:
    document = parse(chain(3000), max_tokens=None)
    shape = DocumentShape(document)
    assert shape.order[0] == "C0"
    assert shape.order[-1] == "C3000"
    assert shape.expanded_selections == 3002
    # The node count follows the same order: no RecursionError either.
    assert requested_nodes(graphql_schema._schema, document) == 0


@pytest.mark.parametrize(("path", "root"), ENDPOINTS)
async def test_doubling_fragments_are_refused_before_validation(
    client: GraphQLClient, path: str, root: str
) -> None:
    endpoint = client.with_token(client.token if path == "/graphql" else None, path)
    async with asyncio.timeout(5):
        body = await endpoint.run(doubling(30, root))
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert f"This document has {3 * 2**30 - 1} {EXPANDED}" in error["message"]
    assert "the limit is 10000" in error["message"]
    # Under the limit the same construction is an ordinary, valid document.
    small = await endpoint.data(doubling(5, root))
    assert small == {"__typename": root}


async def test_refusals_leave_the_server_answering(databases: DatabaseFactory) -> None:
    """A real server process: /healthz keeps answering while doubling documents arrive."""
    url = await databases.fresh()
    office = {"authorization": f"Bearer {credentials(url).office}"}
    with live_server(url) as base:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:

            async def attack(path: str, root: str) -> dict[str, Any]:
                headers = office if path == "/graphql" else {}
                response = await http.post(
                    path, json={"query": doubling(30, root)}, headers=headers
                )
                body: dict[str, Any] = response.json()
                return body

            async def healthz() -> int:
                return (await http.get("/healthz")).status_code

            # Generous: with strawberry's depth limiter one such document stalls the process
            # for days, and the health checks below with it.
            async with asyncio.timeout(5):
                answers = await asyncio.gather(
                    *(attack(path, root) for path, root in ENDPOINTS * 3),
                    *(healthz() for _ in range(6)),
                )
    refusals, health = answers[:6], answers[6:]
    assert [r["errors"][0]["extensions"]["code"] for r in refusals] == [
        "GRAPHQL_VALIDATION_FAILED"
    ] * 6
    assert all(EXPANDED in r["errors"][0]["message"] for r in refusals)
    assert health == [200] * 6


async def test_depth_via_fragments(limited: GraphQLClient) -> None:
    assert "plans" in await limited.data(DEPTH_4_IN_FRAGMENTS)
    body = await limited.run(DEPTH_5_IN_FRAGMENTS)
    [error] = body["errors"]
    assert error["message"] == "'Deep' exceeds maximum operation depth of 4"
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    # The first selection past the limit: ``code`` inside fragment Section (line 5).
    assert error["locations"] == [{"line": 5, "column": 38}]


async def test_aliases_via_fragments(limited: GraphQLClient) -> None:
    error = await limited.error(ALIASES_IN_FRAGMENTS)
    assert error["message"] == "4 aliases found. Allowed: 3"
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    once = ALIASES_IN_FRAGMENTS.replace("...Named ...Named", "...Named c: __typename")
    assert await limited.data(once) == {"a": "Query", "b": "Query", "c": "Query"}


async def test_expansion_limit_is_configurable(limited: GraphQLClient) -> None:
    # doubling(3): 3·2^3 − 1 = 23 selections; doubling(4): 47, past the limit of 40.
    assert await limited.data(doubling(3)) == {"__typename": "Query"}
    error = await limited.error(doubling(4))
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert f"This document has 47 {EXPANDED}; the limit is 40." in error["message"]
    env = {"DUTYGRAPH_MAX_EXPANDED_SELECTIONS": "500"}
    assert Settings.from_env(env).limits.max_expanded_selections == 500
    assert Settings.from_env({}).limits.max_expanded_selections == 10_000
    assert Settings.from_env({"DUTYGRAPH_MAX_OVERLAP_PAIRS": "70"}).limits.max_overlap_pairs == 70
    assert Settings.from_env({}).limits.max_overlap_pairs == 5_000


def copies(n: int) -> str:
    """One field ``n`` times under one name: graphql-core compares every two of them."""
    return "{ " + " ".join("plans(first: 1) { totalCount }" for _ in range(n)) + " }"


def side_by_side(n: int) -> str:
    """``n`` fragments spread in one selection: graphql-core compares every two of them."""
    spreads = " ".join(f"...P{i}" for i in range(n))
    fragments = [f"fragment P{i} on Query {{ plans(first: 1) {{ totalCount }} }}" for i in range(n)]
    return f"{{ {spreads} }}\n" + "\n".join(fragments)


def test_overlap_pairs_are_counted_per_selection() -> None:
    # 10 copies: 45 pairs, each also comparing one field below; 10 fragments: 45 pairs.
    assert DocumentShape(parse(copies(10))).overlap_pairs == 45 * 2
    assert DocumentShape(parse(side_by_side(10))).overlap_pairs == 45
    assert DocumentShape(parse(doubling(30))).overlap_pairs == 0  # one fragment, twice
    aliased = "{ " + " ".join(f"p{i}: plans(first: 1) {{ totalCount }}" for i in range(50)) + " }"
    assert DocumentShape(parse(aliased)).overlap_pairs == 0


@pytest.mark.parametrize("document", [copies(150), side_by_side(110)], ids=["fields", "fragments"])
async def test_quadratic_overlap_checks_are_refused(client: GraphQLClient, document: str) -> None:
    body = await client.run(document)
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "fields can be merged takes" in error["message"]
    assert "the limit is 5000" in error["message"]
    assert "plans" in await client.data(copies(20))
    assert "plans" in await client.data(side_by_side(20))


async def test_cyclic_and_unknown_fragments_are_validation_errors(client: GraphQLClient) -> None:
    cyclic = await client.run(CYCLIC)
    assert "data" not in cyclic
    messages = [e["message"] for e in cyclic["errors"]]
    assert "Cannot spread fragment 'A' within itself via 'B'." in messages
    assert {e["extensions"]["code"] for e in cyclic["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}
    unknown = await client.run(UNKNOWN)
    assert "data" not in unknown
    assert [(e["message"], e["extensions"]["code"]) for e in unknown["errors"]] == [
        ("Unknown fragment 'Nowhere'.", "GRAPHQL_VALIDATION_FAILED")
    ]


async def test_long_fragment_chains_are_refused_with_a_code(client: GraphQLClient) -> None:
    assert await client.data(chain(150)) == {"__typename": "Query"}
    # Deeper than graphql-core lets its rules recurse: refused, never a 500.
    body = await client.run(chain(600))
    assert "data" not in body
    assert body["errors"][-1]["message"] == "Validation aborted."
    assert {e["extensions"]["code"] for e in body["errors"]} == {"GRAPHQL_VALIDATION_FAILED"}


async def test_validation_runs_under_the_operation_timeout(database_url: str) -> None:
    async with running(database_url, limits=Limits(operation_timeout=1e-9)) as (_, graphql):
        # A document no one sent before: its validation is not remembered yet.
        error = await graphql.error("query UnderTheTimeout { plans(first: 1) { totalCount } }")
    assert error["extensions"]["code"] == "TIMEOUT"
    assert error["message"].startswith("Validating the operation took longer than 1e-09 s")


TOY = build_schema("type Query { t: T n: Int } type T { t: T n: Int }")


@st.composite
def toy_documents(draw: st.DrawFn) -> str:
    """Small acyclic documents over ``TOY``: fields, aliases, inline fragments, introspection
    fields and spreads of fragments (each spreading only fragments defined before it)."""

    def selections(fragments: int, budget: int) -> str:
        parts = []
        for _ in range(draw(st.integers(1, 3))):
            kind = draw(st.sampled_from(["leaf", "t", "inline", "spread", "intro"]))
            alias = draw(st.sampled_from(["", "", "x: ", "y: "]))
            if kind == "t" and budget > 0:
                parts.append(f"{alias}t {{ {selections(fragments, budget - 1)} }}")
            elif kind == "inline" and budget > 0:
                parts.append(f"... on T {{ {selections(fragments, budget - 1)} }}")
            elif kind == "spread" and fragments:
                parts.append(f"...F{draw(st.integers(0, fragments - 1))}")
            elif kind == "intro":
                parts.append(f"{alias}__typename")
            else:
                parts.append(f"{alias}n")
        return " ".join(parts)

    count = draw(st.integers(0, 4))
    fragments = [f"fragment F{i} on T {{ {selections(i, 3)} }}" for i in range(count)]
    operations = [
        f"query Q{i} {{ t {{ {selections(count, 3)} }} __schema {{ types {{ name }} }} }}"
        for i in range(draw(st.integers(1, 2)))
    ]
    return "\n".join(operations + fragments)


def messages(document: DocumentNode, rule: type[ASTValidationRule]) -> set[str]:
    return {error.message for error in validate(TOY, document, [rule])}


@settings(max_examples=300, deadline=None, derandomize=True)
@given(toy_documents(), st.integers(0, 6), st.integers(0, 6))
def test_depth_and_alias_rules_agree_with_strawberry(
    text: str, max_depth: int, max_aliases: int
) -> None:
    document = parse(text)
    assert messages(document, depth_rule(max_depth)) == messages(
        document, strawberry_depth_rule(max_depth, None)
    )
    assert messages(document, aliases_rule(max_aliases)) == messages(
        document, strawberry_aliases_rule(max_aliases)
    )
