"""Property-based fuzzing of the transport (hypothesis): generated bodies, headers, methods,
variables and global IDs sent to the real app on both endpoints and the export URLs.

Whatever arrives, the answer is never a 5xx and never INTERNAL_SERVER_ERROR, and every error
carries ``extensions.code``: a refusal is a GraphQL error body, not plain text. The seed is fixed
(``derandomize``) and the budget small enough for CI; tests/api/test_inputs.py has one explicit
test per input class, this one looks for the classes nobody listed.
"""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from resolvers.global_ids import to_global_id
from tests.conftest import GraphQLClient

EXAMPLES = 120

TYPE_NAMES = ["Task", "Unit", "Plan", "Commitment", "JournalEntry", "Evidence", "Nope", ""]

#: Documents with typed variables, and the endpoint that serves them.
DOCUMENTS: list[tuple[str, str]] = [
    ("/graphql", "query($id: ID!) { node(id: $id) { id } }"),
    ("/graphql", "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"),
    ("/graphql", "query($id: ID!) { task(id: $id) { id title } }"),
    ("/graphql", "query($n: Int, $a: String) { tasks(first: $n, after: $a) { totalCount } }"),
    ("/graphql", "query($name: String!) { unitByName(name: $name) { id } }"),
    ("/graphql", "query($a: String, $b: String) { units(after: $a, before: $b) { totalCount } }"),
    ("/graphql", "query($a: String) { units(after: $a, orderBy: {field: NAME}) { totalCount } }"),
    ("/graphql", "query($a: String) { journal(after: $a) { nodes { seq } } }"),
    (
        "/graphql",
        "query($a: String) { commitmentsDueWithin(workingDays: 250, after: $a) { totalCount } }",
    ),
    ("/graphql", "query($f: UnitFilter) { units(filter: $f) { totalCount } }"),
    (
        "/graphql",
        "query($d: Date, $w: Int!) { commitmentsDueWithin(workingDays: $w, asOf: $d) "
        "{ totalCount } }",
    ),
    (
        "/graphql",
        "query($id: ID!, $d: Date) { responsibilityChain(taskId: $id, asOf: $d) { asOf } }",
    ),
    ("/graphql", "query($y: Int!) { workingCalendar(year: $y) { covered } }"),
    (
        "/graphql",
        "mutation($amount: Decimal, $day: Date!, $unit: ID!) { pppProjectCreate(input: "
        '{name: "模糊测试", code: "FZ", implementingAgencyId: $unit, regimeFrom: $day, '
        "totalInvestment: $amount}) { project { id } } }",
    ),
    (
        "/graphql",
        "mutation($input: PersonCreateInput!) { personCreate(input: $input) { person { id } } }",
    ),
    ("/public/graphql", "query($u: String) { dishonestyRecords(unitName: $u) { totalCount } }"),
]


def global_ids() -> st.SearchStrategy[str]:
    keys = st.one_of(st.integers(0, 10), st.integers(-5, 2**80), st.sampled_from([2**31, 2**63]))
    made = st.builds(to_global_id, st.sampled_from(TYPE_NAMES), keys)
    raw = st.binary(max_size=30).map(lambda b: base64.b64encode(b).decode())
    return st.one_of(made, raw, st.text(max_size=20))


def cursors() -> st.SearchStrategy[str]:
    """Cursors of the right shape (base64 of a JSON list) with keys of any type and size."""
    keys = st.one_of(st.integers(), st.text(max_size=6), st.sampled_from(["\x00", "\ud800"]))
    return st.lists(keys, min_size=1, max_size=3).map(
        lambda values: base64.urlsafe_b64encode(json.dumps(values).encode()).decode()
    )


def json_values() -> st.SearchStrategy[Any]:
    """JSON values with the awkward corners: lone surrogates, huge numbers, deep nesting."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.sampled_from([2**64, -(2**63) - 1, 2**31, 10**30]),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=30),
        st.sampled_from(["NaN", "Infinity", "9999-12-31", "0001-01-01", "2018-02-30", "\ud800"]),
        st.just("%_" * 30_000),
        global_ids(),
        cursors(),
    )
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(max_size=8), children, max_size=4),
        ),
        max_leaves=12,
    )


def variables_for(document: str) -> st.SearchStrategy[dict[str, Any]]:
    names = [part.split(":")[0].strip(" ($") for part in document.split("$")[1:] if ":" in part]
    names = list(dict.fromkeys(n for n in names if n.isidentifier()))
    return st.fixed_dictionaries({name: json_values() for name in names})


HEADERS = st.fixed_dictionaries(
    {
        "content-type": st.one_of(
            st.sampled_from(
                [
                    "application/json",
                    "application/json; charset=utf-8",
                    "application/graphql-response+json",
                    "text/plain",
                    "multipart/form-data; boundary=x",
                    "application/x-www-form-urlencoded",
                    "",
                ]
            ),
            st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
        ),
        "accept": st.sampled_from(
            [
                "application/json",
                "application/graphql-response+json",
                "application/graphql-response+json, application/json",
                "text/event-stream",
                "text/html",
                "*/*",
            ]
        ),
    }
)


def encoded(value: Any) -> bytes:
    # Python's json writes lone surrogates as escapes and big integers in full, as a client may.
    return json.dumps(value).encode()


BODIES = st.one_of(
    st.binary(max_size=200),
    json_values().map(encoded),
    st.fixed_dictionaries(
        {},
        optional={
            "query": st.one_of(st.text(max_size=60), json_values()),
            "variables": json_values(),
            "operationName": st.one_of(st.text(max_size=8), json_values()),
            "extensions": json_values(),
        },
    ).map(encoded),
    st.lists(st.just({"query": "{ __typename }"}), max_size=3).map(encoded),
)


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["typed", "raw", "get", "export", "method"]))
    if kind == "typed":
        path, document = draw(st.sampled_from(DOCUMENTS))
        body = {"query": document, "variables": draw(variables_for(document))}
        return {"method": "POST", "url": path, "content": encoded(body), "headers": draw(HEADERS)}
    if kind == "raw":
        path = draw(st.sampled_from(["/graphql", "/public/graphql"]))
        return {"method": "POST", "url": path, "content": draw(BODIES), "headers": draw(HEADERS)}
    if kind == "get":
        path = draw(st.sampled_from(["/graphql", "/public/graphql"]))
        params = draw(
            st.dictionaries(
                st.sampled_from(["query", "variables", "operationName", "extensions"]),
                st.one_of(st.text(max_size=40), json_values().map(json.dumps)),
            ).filter(lambda p: sum(map(len, p.values())) < 4000)  # httpx's URL limit
        )
        return {"method": "GET", "url": path, "params": params, "headers": draw(HEADERS)}
    if kind == "export":
        # A path segment (an empty or slashed one is another URL: the router's 404).
        segment = global_ids().filter(lambda g: g and "/" not in g and g not in (".", ".."))
        plan = quote(draw(segment), safe="")
        params = draw(
            st.fixed_dictionaries(
                {}, optional={"unitId": global_ids(), "asOf": st.text(max_size=12)}
            )
        )
        url = draw(st.sampled_from([f"/exports/plans/{plan}/matrix.xlsx", "/exports/overdue.xlsx"]))
        return {"method": "GET", "url": url, "params": params}
    method = draw(st.sampled_from(["PUT", "PATCH", "DELETE", "OPTIONS"]))
    path = draw(st.sampled_from(["/graphql", "/public/graphql"]))
    return {"method": method, "url": path, "content": draw(BODIES), "headers": draw(HEADERS)}


def problems_of(response: httpx.Response) -> list[str]:
    """What is wrong with ``response``: a 5xx, a masked 500, an error without a code."""
    found = []
    retryable = response.status_code == 503 and "retry-after" in response.headers
    if response.status_code >= 500 and not retryable:  # a busy database is told, not a failure
        found.append(f"status {response.status_code}")
    media_type = response.headers.get("content-type", "")
    if "json" not in media_type:
        if response.status_code >= 400:
            found.append(f"refusal as {media_type or 'no media type'}")
        return found
    body = response.json()
    errors = body.get("errors") if isinstance(body, dict) else None
    if response.status_code >= 400 and not errors:
        found.append("refusal without errors")
    for error in errors or []:
        code = (error.get("extensions") or {}).get("code")
        if not code:
            found.append("error without a code")
        elif code == "INTERNAL_SERVER_ERROR":
            found.append("INTERNAL_SERVER_ERROR")
    return found


def fuzz(
    send: Callable[[dict[str, Any]], httpx.Response], examples: int
) -> list[tuple[str, list[str], str]]:
    failures: list[tuple[str, list[str], str]] = []

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(request=requests())
    def probe(request: dict[str, Any]) -> None:
        response = send(request)
        if problems := problems_of(response):
            failures.append((repr(request)[:300], problems, response.text[:300]))

    probe()
    return failures


async def test_generated_requests_never_fail_as_server_errors(seeded: GraphQLClient) -> None:
    loop = asyncio.get_running_loop()

    def send(request: dict[str, Any]) -> httpx.Response:
        future = asyncio.run_coroutine_threadsafe(seeded.http.request(**request), loop)
        return future.result(timeout=60)

    failures = await asyncio.to_thread(fuzz, send, EXAMPLES)
    assert failures == []
    assert (await seeded.data("{ journalVerify { ok } }"))["journalVerify"] == {"ok": True}
