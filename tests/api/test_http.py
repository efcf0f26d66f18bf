"""GraphQL over HTTP: POST and GET, media types and status codes, GraphiQL, health, request ids."""

from __future__ import annotations

from tests.conftest import GraphQLClient

PLAN_TITLES = "{ plans { nodes { title } } }"


async def test_get_runs_queries(seeded: GraphQLClient) -> None:
    response = await seeded.http.get("/graphql", params={"query": PLAN_TITLES})
    assert response.status_code == 200
    assert response.json()["data"]["plans"]["nodes"][0]["title"].startswith("加强政务诚信")


async def test_get_refuses_mutations_and_writes_nothing(seeded: GraphQLClient) -> None:
    head = (await seeded.data("{ journalHead { seq } }"))["journalHead"]
    response = await seeded.http.get(
        "/graphql",
        params={"query": 'mutation { personCreate(input: {name: "x"}) { person { id } } }'},
    )
    assert response.status_code in (400, 405)
    assert (await seeded.data("{ journalHead { seq } }"))["journalHead"] == head


async def test_graphql_response_media_type(seeded: GraphQLClient) -> None:
    accept = {"accept": "application/graphql-response+json"}
    ok = await seeded.post(PLAN_TITLES, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"] == "application/graphql-response+json"
    broken = await seeded.post("{ plans { nodes { title }", headers=accept)
    assert broken.status_code == 400
    assert broken.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "data" not in broken.json()
    invalid = await seeded.post("{ plans { nodes { nope } } }", headers=accept)
    assert invalid.status_code == 400
    assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_plain_json_clients_get_200_with_coded_errors(seeded: GraphQLClient) -> None:
    body = await seeded.run("{ plans { nodes { nope } } }")
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    body = await seeded.run("query($n: Int) { tasks(first: $n) { totalCount } }", {"n": "many"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_every_error_has_a_code(seeded: GraphQLClient) -> None:
    documents = [
        "{",
        "{ nope }",
        '{ task(id: "x") { id } }',
        "{ tasks(first: 500) { totalCount } }",
        '{ responsibilityChain(taskId: "VGFzazo5OTk5") { task { id } } }',
    ]
    for document in documents:
        body = await seeded.run(document)
        assert body["errors"], document
        assert all(e["extensions"]["code"] for e in body["errors"]), body


async def test_graphiql_for_browsers(seeded: GraphQLClient) -> None:
    response = await seeded.http.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_health_and_request_id(seeded: GraphQLClient) -> None:
    health = await seeded.http.get("/healthz")
    assert health.json() == {"status": "ok"}
    response = await seeded.post(PLAN_TITLES, headers={"x-request-id": "trace-123"})
    assert response.headers["x-request-id"] == "trace-123"
    generated = await seeded.post(PLAN_TITLES)
    assert len(generated.headers["x-request-id"]) == 32


async def test_unknown_paths_and_methods_are_refused_with_coded_json(
    seeded: GraphQLClient,
) -> None:
    missing = await seeded.http.get("/nothing/here")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/json"
    assert missing.json()["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "/nothing/here" in missing.json()["errors"][0]["message"]
    posted = await seeded.http.post("/exports/overdue.xlsx")
    assert posted.status_code == 405
    assert posted.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
    assert "GET" in posted.headers["allow"]
    deleted = await seeded.http.delete("/healthz")
    assert deleted.status_code == 405
    assert deleted.json()["errors"][0]["extensions"]["code"] == "METHOD_NOT_ALLOWED"
