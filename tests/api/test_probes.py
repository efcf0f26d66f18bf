"""The twelve classic GraphQL server probes, run against the app in production and development."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from server.hardening.limits import Limits
from tests.conftest import GraphQLClient, running
from tests.databases import execute_raw

HEAD = "{ journalHead { seq } }"
CREATE_PERSON = 'mutation { personCreate(input: {name: "探针"}) { person { id } } }'
PLAN_TITLES = "{ plans(first: 5) { nodes { title } } }"
TYPO = "{ plans(first: 1) { nodes { titel } } }"
SCHEMA_TYPES = "{ __schema { types { name } } }"
TYPE_FIELDS = '{ __type(name: "Task") { fields { name } } }'
CIRCULAR_INTROSPECTION = """
{ __schema { types { fields { type { fields { type { fields { type {
  fields { name } } } } } } } } } }
"""
FRAGMENT_CYCLE = """
query { tasks(first: 1) { nodes { ...A } } }
fragment A on Task { id ...B }
fragment B on Task { title ...A }
"""
TASK_STATUS = "{ tasks(first: 3) { nodes { code status } } }"


@pytest.fixture
async def production(seeded_url: str) -> AsyncIterator[GraphQLClient]:
    """The seeded app as deployed: ``DUTYGRAPH_ENV=production``, default limits."""
    async with running(seeded_url, environment="production") as (_, graphql):
        yield graphql


async def journal_seq(client: GraphQLClient) -> int:
    seq: int = (await client.data(HEAD))["journalHead"]["seq"]
    return seq


def codes(body: dict[str, object]) -> list[str]:
    errors = body.get("errors") or []
    assert isinstance(errors, list)
    return [e["extensions"]["code"] for e in errors]


# 1. Alias overloading: one field asked for under many names.
async def test_alias_overloading_is_refused(production: GraphQLClient) -> None:
    aliases = " ".join(
        f"a{i}: plans(first: 1) {{ totalCount }}" for i in range(Limits.max_aliases + 1)
    )
    body = await production.run(f"{{ {aliases} }}")
    assert codes(body) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "aliases" in body["errors"][0]["message"]
    assert "data" not in body


# 2. Directive overloading: thousands of directives on one field.
async def test_directive_overloading_is_refused(production: GraphQLClient) -> None:
    directives = " ".join("@include(if: true)" for _ in range(Limits.max_directives + 1))
    body = await production.run(f"{{ __typename {directives} }}")
    assert "GRAPHQL_VALIDATION_FAILED" in codes(body)
    assert any("directives" in e["message"] for e in body["errors"])
    assert "data" not in body


# 3. Batching: an array of operations in one request is refused (one operation per request).
async def test_array_batches_are_refused(production: GraphQLClient) -> None:
    before = await journal_seq(production)
    batch = [{"query": CREATE_PERSON}, {"query": CREATE_PERSON}]
    response = await production.http.post("/graphql", json=batch)
    assert response.status_code == 400
    assert await journal_seq(production) == before


# 4. Field suggestions: in production a typo gets no "Did you mean …" that spells the schema.
async def test_field_suggestions_off_in_production(
    production: GraphQLClient, seeded: GraphQLClient
) -> None:
    hidden = await production.error(TYPO)
    assert hidden["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Did you mean" not in hidden["message"]
    assert "title" not in hidden["message"]
    shown = await seeded.error(TYPO)
    assert "Did you mean 'title'?" in shown["message"]


# 5. GET queries: refused in production, served in development.
async def test_get_queries_off_in_production(
    production: GraphQLClient, seeded: GraphQLClient
) -> None:
    refused = await production.http.get("/graphql", params={"query": PLAN_TITLES})
    assert refused.status_code in (400, 405)
    assert "data" not in refused.text
    served = await seeded.http.get("/graphql", params={"query": PLAN_TITLES})
    assert served.status_code == 200
    assert served.json()["data"]["plans"]["nodes"]


# 6. GET mutations: refused everywhere (a link or an <img> must never change data).
@pytest.mark.parametrize("environment", ["production", "development"])
async def test_get_mutations_refused(seeded_url: str, environment: str) -> None:
    async with running(seeded_url, environment=environment) as (_, client):
        before = await journal_seq(client)
        response = await client.http.get("/graphql", params={"query": CREATE_PERSON})
        assert response.status_code in (400, 405)
        assert await journal_seq(client) == before


# 7. IDE exposure: no GraphiQL page or assets in production.
async def test_ide_hidden_in_production(production: GraphQLClient, seeded: GraphQLClient) -> None:
    page = await production.http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "graphiql" not in page.text.lower()
    asset = await production.http.get("/graphiql-assets/graphiql.min.js")
    assert asset.status_code == 404
    shown = await seeded.http.get("/graphql", headers={"accept": "text/html"})
    assert shown.status_code == 200
    assert "graphiql" in shown.text.lower()


# 8. Introspection: off in production (``__typename`` still works), on in development.
async def test_introspection_off_in_production(
    production: GraphQLClient, seeded: GraphQLClient
) -> None:
    for document in (SCHEMA_TYPES, TYPE_FIELDS):
        body = await production.run(document)
        assert set(codes(body)) == {"GRAPHQL_VALIDATION_FAILED"}, document
        assert "data" not in body
    assert (await production.data("{ __typename }")) == {"__typename": "Query"}
    types = (await seeded.data(SCHEMA_TYPES))["__schema"]["types"]
    assert "Task" in {t["name"] for t in types}


# 9. Circular introspection and fragment cycles: refused by validation, nothing runs.
async def test_circular_introspection_and_fragment_cycles(seeded: GraphQLClient) -> None:
    deep = await seeded.run(CIRCULAR_INTROSPECTION)
    assert set(codes(deep)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert any("introspection" in e["message"].lower() for e in deep["errors"])
    assert "data" not in deep
    cycle = await seeded.run(FRAGMENT_CYCLE)
    assert set(codes(cycle)) == {"GRAPHQL_VALIDATION_FAILED"}
    assert any("Cannot spread fragment" in e["message"] for e in cycle["errors"])
    assert "data" not in cycle


# 10. Cross-site request forgery via an HTML form: only JSON bodies are executed.
@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"],
)
async def test_form_posts_refused(production: GraphQLClient, content_type: str) -> None:
    before = await journal_seq(production)
    bodies = {
        "application/x-www-form-urlencoded": "query=" + CREATE_PERSON,
        "multipart/form-data; boundary=x": (
            '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n'
            f"{CREATE_PERSON}\r\n--x--\r\n"
        ),
        "text/plain": '{"query": "' + CREATE_PERSON.replace('"', '\\"') + '"}',
    }
    response = await production.http.post(
        "/graphql", content=bodies[content_type].encode(), headers={"content-type": content_type}
    )
    assert response.status_code in (400, 415)
    assert await journal_seq(production) == before


# 11. Trace mode and debug extensions: asking for them changes nothing in the response.
async def test_no_trace_or_debug_extensions(production: GraphQLClient) -> None:
    response = await production.http.post(
        "/graphql?debug=1&trace=1",
        json={"query": PLAN_TITLES, "extensions": {"tracing": True, "debug": True}},
        headers={"x-apollo-tracing": "1", "apollo-query-plan-experimental": "1"},
    )
    body = response.json()
    assert response.status_code == 200
    assert set(body["extensions"]) == {"cost"}
    assert "tracing" not in response.text


# 12. Stack traces: an unexpected failure is masked with a request id, no trace or path leaks.
async def test_unexpected_errors_hide_the_stack(seeded_url: str, production: GraphQLClient) -> None:
    await execute_raw(seeded_url, "UPDATE task SET status = 'NOT_A_STATUS'")
    response = await production.http.post(
        "/graphql", json={"query": TASK_STATUS}, headers={"x-request-id": "probe-12"}
    )
    body = response.json()
    assert codes(body)
    assert set(codes(body)) == {"INTERNAL_SERVER_ERROR"}
    error = body["errors"][0]
    assert error["message"] == "Internal server error (request id probe-12)."
    assert error["extensions"]["requestId"] == "probe-12"
    for leak in ("Traceback", ".py", 'File "', "ValueError", "NOT_A_STATUS", "site-packages"):
        assert leak not in response.text, leak
