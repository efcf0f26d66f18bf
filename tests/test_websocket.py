"""WebSocket sessions against a real server over real sockets (``websockets``), both protocols:
a client gone mid-operation leaves no transaction open and the server answering; queries and
mutations are refused (subscriptions only); a revoked token, a deactivated account, changed
roles or an expired JWT close the socket with 4403 within the re-check interval, and a new
subscription after a revocation is refused before it replays anything."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
import pytest
import websockets

from tests.databases import BACKEND, DatabaseFactory, credentials
from tests.live import live_server
from tests.test_events_live import SUBSCRIPTION, overdue_commitment, prepare
from tests.test_transaction import idle_in_transaction
from tests.wsclient import LEGACY_PROTOCOL, PROTOCOL, TIMEOUT, connect_live

PROTOCOLS = [PROTOCOL, LEGACY_PROTOCOL]
NUMBERS = itertools.count(1)
PLEDGE = """
mutation Pledge($assignmentId: ID!) {
  commitmentPledge(input: {assignmentId: $assignmentId, content: "断线测试", target: "1",
                           pledgedOn: "2018-01-05", dueOn: "2030-06-28"}) {
    commitment { id }
  }
}
"""
HEAD = "query { journalHead { seq } }"
EVENTS = "subscription($after: Int) { events(afterSeq: $after) { seq type } }"
CREATE_ACCOUNT = """
mutation($input: AccountCreateInput!) { accountCreate(input: $input) { account { id } } }
"""
ISSUE = """
mutation($input: ApiTokenIssueInput!) { apiTokenIssue(input: $input) { token apiToken { id } } }
"""
REVOKE = "mutation($id: ID!) { apiTokenRevoke(id: $id) { apiToken { active } } }"
DEACTIVATE = """
mutation($id: ID!) { accountUpdate(input: {id: $id, active: false}) { account { active } } }
"""
DEMOTE = """
mutation($id: ID!) { accountUpdate(input: {id: $id, roles: [CREDIT_ADMIN]}) { account { id } } }
"""
#: The re-check interval of the revocation tests, and how long a close may take after it.
RECHECK = "0.3"
CLOSED_WITHIN = 10.0
JWT_SECRET = "the-identity-provider-secret-of-the-websocket-tests-0123456789abcdef"
JWT_ENV = {
    "DUTYGRAPH_JWT_KEY": JWT_SECRET,
    "DUTYGRAPH_JWT_ALGORITHMS": "HS256",
    "DUTYGRAPH_JWT_AUDIENCE": "dutygraph",
    "DUTYGRAPH_JWT_ISSUER": "https://idp.wuwei.gov.cn",
}


async def post(base: str, token: str, query: str, variables: dict[str, Any] | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT) as http:
        response = await http.post("/graphql", json={"query": query, "variables": variables or {}})
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def journal_head(base: str, token: str) -> int:
    return int((await post(base, token, HEAD))["journalHead"]["seq"])


PLEDGES = """
query Pledges { journal(filter: {action: "commitment.pledge"}, first: 0) { totalCount } }
"""


async def pledges_journaled(base: str, token: str) -> int:
    return int((await post(base, token, PLEDGES))["journal"]["totalCount"])


async def account_with_token(base: str, admin: str) -> tuple[str, str, str]:
    """A new AUDITOR account (who hears every event) and a token of it: (account, token id,
    token)."""
    account_input = {"username": f"ws-auditor-{next(NUMBERS)}", "roles": ["AUDITOR"]}
    made = await post(base, admin, CREATE_ACCOUNT, {"input": account_input})
    account = made["accountCreate"]["account"]["id"]
    issued = await post(base, admin, ISSUE, {"input": {"accountId": account}})
    return account, issued["apiTokenIssue"]["apiToken"]["id"], issued["apiTokenIssue"]["token"]


async def abandon(
    base: str, token: str, query: str, variables: dict[str, Any], wait: float
) -> None:
    """Send one operation on a new socket and drop the connection ``wait`` seconds later."""
    url = base.replace("http://", "ws://", 1) + "/graphql"
    async with websockets.connect(
        url,
        subprotocols=[PROTOCOL],  # type: ignore[list-item]
        additional_headers=[("authorization", f"Bearer {token}")],
        open_timeout=TIMEOUT,
    ) as connection:
        await connection.send(json.dumps({"type": "connection_init", "payload": {}}))
        assert json.loads(await connection.recv())["type"] == "connection_ack"
        payload = {"query": query, "variables": variables}
        await connection.send(json.dumps({"id": "1", "type": "subscribe", "payload": payload}))
        await asyncio.sleep(wait)
        # No close handshake: the client is simply gone, as a closed laptop lid would be.
        connection.transport.abort()


@dataclass(frozen=True)
class Server:
    """A live server on a seeded database: its URLs, the admin's token, and a supervision
    office leading a unit (its token and an assignment of that unit)."""

    base: str
    database_url: str
    admin: str
    token: str
    assignment: str


@contextlib.asynccontextmanager
async def serving(databases: DatabaseFactory, **env: str) -> AsyncIterator[Server]:
    url, token, assignment = await prepare(databases)
    with live_server(url, DUTYGRAPH_CLOCK_INTERVAL="0", **env) as base:
        yield Server(base, url, credentials(url).admin, token, assignment)


@pytest.fixture(scope="module")
async def server(databases: DatabaseFactory) -> AsyncIterator[Server]:
    """Credentials re-checked every 0.3 s; JWTs of a test identity provider accepted."""
    async with serving(databases, DUTYGRAPH_WS_RECHECK_INTERVAL=RECHECK, **JWT_ENV) as live:
        yield live


@pytest.fixture(scope="module")
async def unwatched(databases: DatabaseFactory) -> AsyncIterator[Server]:
    """The periodic re-check in effect off: only the check of each new operation applies."""
    async with serving(databases, DUTYGRAPH_WS_RECHECK_INTERVAL="3600") as live:
        yield live


async def test_a_client_gone_mid_operation_leaves_nothing_open(server: Server) -> None:
    base, token, assignment = server.base, server.token, server.assignment
    for round_ in range(15):
        wait = (round_ % 5) * 0.002
        await abandon(base, token, PLEDGE, {"assignmentId": assignment}, wait)
        await abandon(base, token, EVENTS, {"after": 0}, wait)
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
    written = await post(base, token, PLEDGE, {"assignmentId": assignment})
    assert written["commitmentPledge"]["commitment"]["id"]
    if BACKEND == "postgres":
        await no_transaction_left_open(server.database_url)


async def no_transaction_left_open(url: str) -> None:
    """No backend of the test database stays ``idle in transaction`` (given a moment to end)."""
    for _ in range(int(TIMEOUT / 0.2)):
        if not await idle_in_transaction(url):
            break
        await asyncio.sleep(0.2)
    assert await idle_in_transaction(url) == 0


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_queries_and_mutations_over_websocket_are_refused(
    server: Server, protocol: str
) -> None:
    base, token, assignment = server.base, server.token, server.assignment
    before = await journal_head(base, token)
    pledges_before = await pledges_journaled(base, token)
    async with connect_live(base, token, protocol=protocol) as ws:
        mutation = await ws.subscribe(PLEDGE, {"assignmentId": assignment})
        refused_mutation = await ws.receive_for(mutation)
        query = await ws.subscribe(HEAD)
        refused_query = await ws.receive_for(query)
        # Subscriptions still run on the same socket.
        events = await ws.subscribe(SUBSCRIPTION, {"after": before})
        commitment = await overdue_commitment(base, token, assignment)
        event = (await ws.next_data(events))["events"]
    pledges_after = await pledges_journaled(base, token)
    for refused in (refused_mutation, refused_query):
        assert refused["type"] == "error", refused
        errors = refused["payload"] if protocol == PROTOCOL else [refused["payload"]]
        assert [e["extensions"]["code"] for e in errors] == ["OPERATION_NOT_ALLOWED"]
        assert "POST" in errors[0]["message"]
    assert event["entityId"] == commitment
    # Only the POSTed pledge was made: the WebSocket mutation never ran (the sweep also writes
    # its urgings, so pledges are counted, not entries).
    assert pledges_after == pledges_before + 1


async def closed_within(ws: Any) -> int | None:
    async with asyncio.timeout(CLOSED_WITHIN):
        code: int | None = await ws.closed()
        return code


@pytest.mark.parametrize("protocol", PROTOCOLS)
@pytest.mark.parametrize("how", ["token revoked", "account deactivated", "roles changed"])
async def test_a_revocation_closes_open_sockets(server: Server, protocol: str, how: str) -> None:
    base, admin = server.base, server.admin
    account, token_id, token = await account_with_token(base, admin)
    async with connect_live(base, token, protocol=protocol) as ws:
        await ws.subscribe(EVENTS)
        await asyncio.sleep(float(RECHECK) * 3)  # re-checked and kept while valid
        if how == "token revoked":
            await post(base, admin, REVOKE, {"id": token_id})
        else:
            await post(
                base, admin, DEACTIVATE if how == "account deactivated" else DEMOTE, {"id": account}
            )
        assert await closed_within(ws) == 4403


async def sse_lines(base: str, token: str, seen: list[tuple[str, str]]) -> None:
    """Follow one events stream over server-sent events, noting (event, data) until it ends."""
    headers = {"authorization": f"Bearer {token}", "accept": "text/event-stream"}
    request = {"query": EVENTS, "variables": {}}
    async with (
        httpx.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT) as http,
        http.stream("POST", "/graphql", json=request) as stream,
    ):
        assert stream.headers["content-type"].startswith("text/event-stream")
        kind = ""
        async for line in stream.aiter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
                if kind == "complete":
                    seen.append((kind, ""))
            elif line.startswith("data: "):
                seen.append((kind, line.removeprefix("data: ")))


async def test_a_revocation_ends_a_server_sent_events_stream(server: Server) -> None:
    base, admin = server.base, server.admin
    _, token_id, token = await account_with_token(base, admin)
    seen: list[tuple[str, str]] = []
    following = asyncio.create_task(sse_lines(base, token, seen))
    await asyncio.sleep(float(RECHECK) * 3)  # re-checked and kept while valid
    assert not following.done()
    await post(base, admin, REVOKE, {"id": token_id})
    await asyncio.wait_for(following, CLOSED_WITHIN)  # ends by itself, with nothing to send
    errors = [json.loads(data)["errors"] for kind, data in seen if kind == "next" and data]
    assert errors, seen
    assert errors[-1][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert seen[-1] == ("complete", "")


async def test_an_expired_jwt_closes_the_socket(server: Server) -> None:
    now = int(time.time())
    # Valid for about two seconds more: the server allows 30 s of clock skew past ``exp``.
    claims = {"sub": "office", "aud": "dutygraph", "iss": JWT_ENV["DUTYGRAPH_JWT_ISSUER"]}
    token = jwt.encode({**claims, "iat": now, "exp": now - 28}, JWT_SECRET, algorithm="HS256")
    async with connect_live(server.base, params={"Authorization": f"Bearer {token}"}) as ws:
        await ws.subscribe(EVENTS)
        assert await closed_within(ws) == 4403


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_new_subscription_after_revocation_is_refused(
    unwatched: Server, protocol: str
) -> None:
    base, admin = unwatched.base, unwatched.admin
    _, token_id, token = await account_with_token(base, admin)
    async with connect_live(base, token, protocol=protocol) as ws:
        await ws.subscribe(EVENTS)
        await post(base, admin, REVOKE, {"id": token_id})
        replay = await ws.subscribe(EVENTS, {"after": 0})
        code = await closed_within(ws)
    assert code == 4403
    assert ws.pending.get(replay, []) == []  # nothing of the history replayed
