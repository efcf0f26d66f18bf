"""Bad input of every kind is the client's error, never a server error: one test per input class
that used to answer 500 (issue 12, finding 6), and the transport's refusals as GraphQL error
bodies with a code and the right status (finding 7)."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from resolvers import workdays
from resolvers.errors import DomainError, ErrorCode
from resolvers.global_ids import to_global_id
from resolvers.search import search_term
from server.app import create_app
from server.settings import Settings
from tests.api.test_evidence import PDF, SUBMIT, b64, pledged
from tests.conftest import GraphQLClient, office_client
from tests.databases import execute_raw

JSON = {"content-type": "application/json"}
ENDPOINTS = ["/graphql", "/public/graphql"]

TASK = "query($id: ID!) { task(id: $id) { id } }"
NODE = "query($id: ID!) { node(id: $id) { id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
TASK_UPDATE = """
mutation($input: TaskUpdateInput!) { taskUpdate(input: $input) { task { id } } }
"""
DUE_WITHIN = """
query($day: Date!) { commitmentsDueWithin(workingDays: 5, asOf: $day) { totalCount } }
"""
UNIT_BY_NAME = "query($name: String!) { unitByName(name: $name) { id } }"
UNITS_MATCHING = "query($text: String!) { units(filter: {search: $text}) { totalCount } }"
TASKS_MATCHING = "query($text: String!) { tasks(filter: {search: $text}) { totalCount } }"
PERSONS_MATCHING = "query($text: String!) { persons(filter: {search: $text}) { totalCount } }"
PLANS_MATCHING = "query($text: String!) { plans(filter: {search: $text}) { totalCount } }"
PPP_MATCHING = "query($text: String!) { pppProjects(filter: {search: $text}) { totalCount } }"
PUBLIC_MATCHING = """
query($text: String!) { dishonestyRecords(unitName: $text) { totalCount } }
"""
PPP_CREATE = """
mutation($amount: Decimal) {
  pppProjectCreate(input: {name: "输入检查项目", code: "IN-1", implementingAgencyId: "VW5pdDox",
                           regimeFrom: "2018-01-01", totalInvestment: $amount}) {
    project { id totalInvestment }
  }
}
"""
FIRST_TASKS = "query($n: Int) { tasks(first: $n) { totalCount } }"
PLANS = "{ plans { totalCount } }"
PERSON_CREATE = """
mutation($name: String!) { personCreate(input: {name: $name}) { person { id } } }
"""
EVENTS = "subscription { events { seq } }"
MARK_OVERDUE = 'mutation { commitmentsMarkOverdue(asOf: "2018-01-01") { asOf } }'


def codes(body: dict[str, Any]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


async def coded(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The JSON error body of ``response``, which must have ``status`` and only ``code``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/"), response.headers
    body: dict[str, Any] = response.json()
    assert set(body) == {"errors"}, body
    assert codes(body) == [code], body
    assert body["errors"][0]["message"], body
    return body


async def bad_input(client: GraphQLClient, query: str, variables: dict[str, Any]) -> str:
    """The message of the one BAD_USER_INPUT error ``query`` gets."""
    body = await client.run(query, variables)
    assert codes(body) == ["BAD_USER_INPUT"], body
    message: str = body["errors"][0]["message"]
    return message


# --- finding 6: input classes that answered 500 ---------------------------------------------


async def test_ids_with_keys_no_row_can_have(seeded: GraphQLClient) -> None:
    beyond_64_bits = to_global_id("Task", 10**20)
    beyond_32_bits = to_global_id("Task", 2**31)  # ordinary keys are 32-bit columns
    for global_id in (beyond_64_bits, beyond_32_bits):
        assert "not a valid global ID" in await bad_input(seeded, TASK, {"id": global_id})
        await bad_input(seeded, NODE, {"id": global_id})
        await bad_input(seeded, NODES, {"ids": [global_id]})
        await bad_input(seeded, TASK_UPDATE, {"input": {"id": global_id, "title": "x"}})
    # The journal's sequence is 64-bit: such a key is merely absent.
    wide = await seeded.data(NODE, {"id": to_global_id("JournalEntry", 2**40)})
    assert wide == {"node": None}


async def test_dates_too_far_for_working_day_arithmetic(seeded: GraphQLClient) -> None:
    for day in ("9999-12-31", "0001-01-01"):
        assert "outside the dates accepted" in await bad_input(seeded, DUE_WITHIN, {"day": day})
    within = await seeded.data(DUE_WITHIN, {"day": "2199-12-24"})
    assert within["commitmentsDueWithin"]["totalCount"] == 0
    literal = await seeded.run(
        '{ commitmentsDueWithin(workingDays: 5, asOf: "9999-12-31") { totalCount } }'
    )
    assert codes(literal) == ["GRAPHQL_VALIDATION_FAILED"], literal


def test_working_day_arithmetic_refuses_days_beyond_the_calendar() -> None:
    with pytest.raises(DomainError) as refused:
        workdays.add_workdays(date(9999, 12, 31), 5)
    assert refused.value.code == ErrorCode.BAD_USER_INPUT
    with pytest.raises(DomainError):
        workdays.on_or_after(date(9999, 12, 31))
    with pytest.raises(DomainError):
        workdays.workdays_between(date(2018, 1, 1), date(9999, 12, 31))
    with pytest.raises(DomainError):
        workdays.add_workdays(date(2018, 1, 1), 10**9)
    assert workdays.add_workdays(date(2018, 7, 2), 5) == date(2018, 7, 9)


async def test_search_terms_too_long_for_a_like_pattern(seeded: GraphQLClient) -> None:
    long = "%_" * 50_000
    for query in (
        UNIT_BY_NAME,
        UNITS_MATCHING,
        TASKS_MATCHING,
        PERSONS_MATCHING,
        PLANS_MATCHING,
        PPP_MATCHING,
    ):
        variables = {"name": long} if query is UNIT_BY_NAME else {"text": long}
        assert "longer than 200 characters" in await bad_input(seeded, query, variables)
        nul = {key: "市发改委\x00" for key in variables}
        await bad_input(seeded, query, nul)  # PostgreSQL text cannot hold NUL
    await bad_input(seeded.public(), PUBLIC_MATCHING, {"text": long})
    found = await seeded.data(UNIT_BY_NAME, {"name": "  市发改委 "})
    assert found["unitByName"] is not None


def test_search_terms_refuse_nul_and_length_themselves() -> None:
    """The search rule holds without the HTTP layer's control-character check (CLI, tests)."""
    with pytest.raises(DomainError):
        search_term("市发改委\x00", "name")
    with pytest.raises(DomainError):
        search_term("x" * 201, "name")
    assert search_term("  市发改委 ", "name") == "市发改委"


@pytest.fixture
async def office(seeded_url: str, tmp_path: Path) -> AsyncIterator[GraphQLClient]:
    settings = Settings(database_url=seeded_url, evidence_dir=tmp_path / "evidence")
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            yield office_client(http, seeded_url)


async def test_file_names_too_long_to_keep(office: GraphQLClient) -> None:
    made = await pledged(office)
    values = {
        "commitmentId": made.id,
        "title": "督导台账",
        "kind": "DOCUMENT",
        "submittedOn": "2018-03-01",
    }
    long = {"fileName": "纪" * 10_000 + ".pdf", "contentBase64": b64(PDF)}
    body = await made.staff.run(SUBMIT, {"input": values | {"file": long}})
    assert codes(body) == ["BAD_USER_INPUT"], body
    assert body["errors"][0]["extensions"]["field"] == "file.fileName"
    fits = {"fileName": "纪" * 251 + ".pdf", "contentBase64": b64(PDF)}
    kept = await made.staff.data(SUBMIT, {"input": values | {"file": fits}})
    assert kept["evidenceSubmit"]["evidence"]["file"]["fileName"] == fits["fileName"]


async def test_decimals_that_are_not_numbers(seeded: GraphQLClient) -> None:
    for amount in ("NaN", "sNaN", "-nan", "Infinity", "-Infinity", "inf", "12abc", True):
        assert "Decimal" in await bad_input(seeded, PPP_CREATE, {"amount": amount}), amount
    made = await seeded.data(PPP_CREATE, {"amount": "1234.50"})
    assert made["pppProjectCreate"]["project"]["totalInvestment"] == "1234.50"


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_lone_surrogates(seeded: GraphQLClient, path: str) -> None:
    for name in ("\ud800", "a\udc00b"):
        body = {"query": PERSON_CREATE, "variables": {"name": name}}
        # Python's json writes a lone surrogate as the escape "\ud800", as a client would.
        response = await seeded.http.post(path, content=json.dumps(body), headers=JSON)
        await coded(response, 400, "BAD_REQUEST")
    in_document = await seeded.http.post(path, json={"query": '{ x(name: "\\ud800") }'})
    assert codes(in_document.json()) == ["GRAPHQL_PARSE_FAILED"]


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_bodies_not_utf8(seeded: GraphQLClient, path: str) -> None:
    for raw in (
        b'{"query": "{ __typename }", "x": "\xff\xfe"}',
        b"\xef\xbb\xbf\xc3(",
        b"\xed\xa0\x80",
    ):
        response = await seeded.http.post(path, content=raw, headers=JSON)
        await coded(response, 400, "BAD_REQUEST")


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_json_bodies_that_are_not_objects(seeded: GraphQLClient, path: str) -> None:
    for raw in (b"null", b'"{ __typename }"', b"42", b"true"):
        response = await seeded.http.post(path, content=raw, headers=JSON)
        body = await coded(response, 400, "BAD_REQUEST")
        assert "JSON object" in body["errors"][0]["message"]


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_variables_nested_too_deep(seeded: GraphQLClient, path: str) -> None:
    for depth in (100_000, 1_000, 65):
        nested = b"[" * depth + b"]" * depth
        raw = b'{"query": "{ __typename }", "variables": {"a": ' + nested + b"}}"
        response = await seeded.http.post(path, content=raw, headers=JSON)
        await coded(response, 400, "BAD_REQUEST")
    shallow = b"[" * 20 + b"]" * 20
    raw = b'{"query": "{ __typename }", "variables": {"a": ' + shallow + b"}}"
    assert (await seeded.http.post(path, content=raw, headers=JSON)).status_code == 200


async def test_integers_beyond_64_bits(seeded: GraphQLClient) -> None:
    for n in (2**64, 2**63, 2**31, -(2**64)):
        await bad_input(seeded, FIRST_TASKS, {"n": n})
    literal = await seeded.run("{ tasks(first: 18446744073709551616) { totalCount } }")
    assert codes(literal) == ["GRAPHQL_VALIDATION_FAILED"], literal
    assert "cost" in literal["extensions"]
    unused = await seeded.run(PLANS, {"n": 2**64})
    assert unused["data"]["plans"]["totalCount"] == 1


async def test_huge_ids_in_export_urls(seeded: GraphQLClient) -> None:
    huge_plan = to_global_id("Plan", 10**20)
    matrix = await seeded.http.get(f"/exports/plans/{huge_plan}/matrix.xlsx")
    await coded(matrix, 400, "BAD_USER_INPUT")
    beyond_32 = to_global_id("Plan", 2**31)
    await coded(
        await seeded.http.get(f"/exports/plans/{beyond_32}/matrix.xlsx"), 400, "BAD_USER_INPUT"
    )
    huge_unit = {"unitId": to_global_id("Unit", 10**20)}
    await coded(
        await seeded.http.get("/exports/overdue.xlsx", params=huge_unit), 400, "BAD_USER_INPUT"
    )
    far = {"asOf": "9999-12-31"}
    await coded(await seeded.http.get("/exports/overdue.xlsx", params=far), 400, "BAD_USER_INPUT")
    plan = (await seeded.data("{ plans { nodes { id } } }"))["plans"]["nodes"][0]["id"]
    assert (await seeded.http.get(f"/exports/plans/{plan}/matrix.xlsx")).status_code == 200


def cursor_of(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


UNITS_AFTER = "query($a: String) { units(first: 2, after: $a) { nodes { id } } }"
UNITS_BY_NAME_AFTER = """
query($a: String) { units(first: 2, after: $a, orderBy: {field: NAME}) { nodes { id } } }
"""
JOURNAL_AFTER = "query($a: String) { journal(first: 2, after: $a) { nodes { seq } } }"


async def test_cursors_whose_keys_the_database_cannot_compare(seeded: GraphQLClient) -> None:
    for query, cursor in [
        (UNITS_AFTER, [2**40]),  # beyond the 32-bit key column
        (UNITS_AFTER, ["abc"]),  # text for an integer column
        (JOURNAL_AFTER, [2**70]),  # beyond even the 64-bit sequence
        (JOURNAL_AFTER, ["\x00"]),
        (UNITS_BY_NAME_AFTER, ["\x00", 1]),  # text PostgreSQL cannot hold
        (UNITS_BY_NAME_AFTER, ["\ud800", 1]),
        (UNITS_BY_NAME_AFTER, [1, 1]),
    ]:
        message = await bad_input(seeded, query, {"a": cursor_of(cursor)})
        assert "not a cursor of this list" in message, cursor
    page = await seeded.data(UNITS_AFTER, {"a": cursor_of([1])})
    assert len(page["units"]["nodes"]) == 2
    wide = await seeded.data(JOURNAL_AFTER, {"a": cursor_of([2**40])})
    assert wide["journal"]["nodes"] == []


async def test_subscription_posted_without_event_stream(seeded: GraphQLClient) -> None:
    response = await seeded.http.post("/graphql", json={"query": EVENTS})
    body = await coded(response, 400, "BAD_REQUEST")
    assert "text/event-stream" in body["errors"][0]["message"]


# --- finding 7: transport refusals as GraphQL error bodies ----------------------------------


def post(body: bytes, content_type: str | None = "application/json") -> dict[str, Any]:
    headers = {"content-type": content_type} if content_type is not None else {}
    return {"method": "POST", "content": body, "headers": headers}


REFUSALS: dict[str, tuple[dict[str, Any], int, str]] = {
    "batch array": (
        post(json.dumps([{"query": PLANS}, {"query": PLANS}]).encode()),
        400,
        "BAD_REQUEST",
    ),
    "empty batch": (post(b"[]"), 400, "BAD_REQUEST"),
    "invalid JSON": (post(b'{"query": '), 400, "BAD_REQUEST"),
    "text/plain": (post(json.dumps({"query": PLANS}).encode(), "text/plain"), 415, "BAD_REQUEST"),
    "form": (
        post(b"query=%7B__typename%7D", "application/x-www-form-urlencoded"),
        415,
        "BAD_REQUEST",
    ),
    "multipart": (post(b"--x--", "multipart/form-data; boundary=x"), 415, "BAD_REQUEST"),
    "no content type": (post(json.dumps({"query": PLANS}).encode(), None), 415, "BAD_REQUEST"),
    "GET mutation": (
        {"method": "GET", "params": {"query": MARK_OVERDUE}},
        405,
        "METHOD_NOT_ALLOWED",
    ),
    "PUT": ({"method": "PUT", "content": b"{}", "headers": JSON}, 405, "METHOD_NOT_ALLOWED"),
    "unknown operationName": (
        post(json.dumps({"query": "query A { __typename }", "operationName": "B"}).encode()),
        400,
        "OPERATION_RESOLUTION_FAILURE",
    ),
    "operationName not a string": (
        post(json.dumps({"query": "query A { __typename }", "operationName": 5}).encode()),
        400,
        "BAD_REQUEST",
    ),
    "query not a string": (post(json.dumps({"query": 5}).encode()), 400, "BAD_REQUEST"),
    "query missing": (post(json.dumps({"variables": {}}).encode()), 400, "BAD_REQUEST"),
    "variables not an object": (
        post(json.dumps({"query": PLANS, "variables": [1]}).encode()),
        400,
        "BAD_REQUEST",
    ),
    "extensions not an object": (
        post(json.dumps({"query": PLANS, "extensions": "x"}).encode()),
        400,
        "BAD_REQUEST",
    ),
    "GET without a query": (
        {"method": "GET", "params": {"x": "1"}, "headers": {"accept": "application/json"}},
        400,
        "BAD_REQUEST",
    ),
    "GET variables not JSON": (
        {"method": "GET", "params": {"query": "{ __typename }", "variables": "{"}},
        400,
        "BAD_REQUEST",
    ),
}


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("case", sorted(REFUSALS))
async def test_refusals_are_graphql_error_bodies(
    seeded: GraphQLClient, path: str, case: str
) -> None:
    request, status, code = REFUSALS[case]
    head = (await seeded.data("{ journalHead { seq } }"))["journalHead"]
    response = await seeded.http.request(url=path, **request)
    await coded(response, status, code)
    assert response.headers["content-type"] == "application/json"
    assert len(response.headers["x-request-id"]) == 32
    if status == 405:
        assert "POST" in response.headers["allow"]
    assert (await seeded.data("{ journalHead { seq } }"))["journalHead"] == head


async def test_refusals_follow_the_accepted_media_type(seeded: GraphQLClient) -> None:
    accept = {"accept": "application/graphql-response+json", "x-request-id": "refusal-1"}
    response = await seeded.http.post("/graphql", content=b"null", headers=JSON | accept)
    await coded(response, 400, "BAD_REQUEST")
    assert response.headers["content-type"] == "application/graphql-response+json"
    assert response.headers["x-request-id"] == "refusal-1"


@pytest.mark.parametrize("path", ENDPOINTS)
async def test_several_operations_need_an_operation_name(seeded: GraphQLClient, path: str) -> None:
    head = (await seeded.data("{ journalHead { seq } }"))["journalHead"]
    documents = [
        "{ __typename } query B { a: __typename }",
        "query A { __typename } query B { b: __typename }",
    ]
    if path == "/graphql":
        documents.append(
            f"query A {{ __typename }} {MARK_OVERDUE.replace('mutation', 'mutation B')}"
        )
    for document in documents:
        response = await seeded.http.post(path, json={"query": document})
        body = await coded(response, 400, "OPERATION_RESOLUTION_FAILURE")
        assert "operationName" in body["errors"][0]["message"]
    assert (await seeded.data("{ journalHead { seq } }"))["journalHead"] == head
    named = await seeded.http.post(path, json={"query": documents[-1], "operationName": "B"})
    assert named.status_code == 200, named.text
    assert "errors" not in named.json(), named.json()
    one = await seeded.http.post(path, json={"query": "query A { a: __typename }"})
    assert one.json()["data"]["a"].endswith("Query")


async def test_genuine_bugs_stay_masked_500s(seeded_url: str, seeded: GraphQLClient) -> None:
    """What is not the client's fault is still INTERNAL_SERVER_ERROR with the request id."""
    await execute_raw(seeded_url, "UPDATE task SET status = 'NOT_A_STATUS'")
    response = await seeded.post(
        "{ tasks(first: 1) { nodes { status } } }", headers={"x-request-id": "bug-1"}
    )
    body = response.json()
    assert codes(body) == ["INTERNAL_SERVER_ERROR"]
    assert body["errors"][0]["extensions"]["requestId"] == "bug-1"
    assert body["errors"][0]["message"] == "Internal server error (request id bug-1)."


def test_global_ids_round_trip_at_the_key_bounds() -> None:
    from resolvers.global_ids import LARGEST_KEY, LARGEST_WIDE_KEY, from_global_id

    assert from_global_id(to_global_id("Task", LARGEST_KEY)) == ("Task", LARGEST_KEY)
    wide = to_global_id("JournalEntry", LARGEST_WIDE_KEY)
    assert from_global_id(wide) == ("JournalEntry", LARGEST_WIDE_KEY)
    for bad in (
        to_global_id("Task", LARGEST_KEY + 1),
        to_global_id("JournalEntry", LARGEST_WIDE_KEY + 1),
        base64.b64encode("Task:١٢".encode()).decode(),
        base64.b64encode(b"Task:" + b"9" * 5000).decode(),
    ):
        with pytest.raises(DomainError):
            from_global_id(bad)
