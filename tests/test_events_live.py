"""Events from a real server process: graphql-transport-ws over a real socket (and a foreign
origin refused at the handshake), and the same subscription as server-sent events."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import websockets

from models import Assignment, AssignmentRole, UnitKind
from resolvers.context import Role
from resolvers.global_ids import to_global_id
from server.database import open_database
from tests.api.subscribers import token_for
from tests.api.test_events import MARK_OVERDUE, PLEDGE
from tests.databases import DatabaseFactory
from tests.live import live_server
from tests.wsclient import TIMEOUT, connect_live

SUBSCRIPTION = """
subscription Overdue($after: Int) {
  events(types: [COMMITMENT_OVERDUE], afterSeq: $after) { seq type entityId }
}
"""


async def head(base: str, token: str) -> int:
    """The journal head now: subscribing after it cannot miss what happens next."""
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT) as http:
        body = (await http.post("/graphql", json={"query": "{ journalHead { seq } }"})).json()
    return int(body["data"]["journalHead"]["seq"])


async def prepare(databases: DatabaseFactory) -> tuple[str, str, str]:
    """A seeded database, a token of a supervision office leading a unit, an assignment of it."""
    url = await databases.fresh(seeded=True)
    async with open_database(url):
        department = UnitKind.MUNICIPAL_DEPARTMENT
        assignment = await Assignment.filter(
            role=AssignmentRole.LEAD, valid_to__isnull=True, unit__kind=department
        ).first()
        assert assignment is not None
        token = await token_for(
            Role.SUPERVISION_OFFICE, Role.UNIT_LEADER, unit_pk=assignment.unit_id
        )
    return url, token, to_global_id("Assignment", assignment.pk)


async def overdue_commitment(base: str, token: str, assignment: str) -> str:
    """Pledge a commitment due 2018-06-29 and sweep: it becomes overdue."""
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT) as http:
        variables = {"assignmentId": assignment, "dueOn": "2018-06-29"}
        made = (await http.post("/graphql", json={"query": PLEDGE, "variables": variables})).json()
        swept = (await http.post("/graphql", json={"query": MARK_OVERDUE})).json()
    assert "errors" not in swept, swept
    return str(made["data"]["commitmentPledge"]["commitment"]["id"])


async def test_over_a_real_websocket(databases: DatabaseFactory) -> None:
    url, token, assignment = await prepare(databases)
    with live_server(url, DUTYGRAPH_CLOCK_INTERVAL="0") as base:
        async with connect_live(base, token) as ws:
            operation = await ws.subscribe(SUBSCRIPTION, {"after": await head(base, token)})
            commitment = await overdue_commitment(base, token, assignment)
            event = (await ws.next_data(operation))["events"]
        with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
            async with connect_live(base, token, origin="https://evil.example.com"):
                pass
    assert (event["type"], event["entityId"]) == ("COMMITMENT_OVERDUE", commitment)
    assert refused.value.response.status_code == 403


async def test_as_server_sent_events(databases: DatabaseFactory) -> None:
    url, token, assignment = await prepare(databases)
    with live_server(url, DUTYGRAPH_CLOCK_INTERVAL="0") as base:
        headers = {"authorization": f"Bearer {token}", "accept": "text/event-stream"}
        request = {"query": SUBSCRIPTION, "variables": {"after": await head(base, token)}}
        async with (
            httpx.AsyncClient(base_url=base, headers=headers, timeout=TIMEOUT) as http,
            http.stream("POST", "/graphql", json=request) as stream,
        ):
            assert stream.headers["content-type"].startswith("text/event-stream")
            commitment = await overdue_commitment(base, token, assignment)
            event: dict[str, Any] | None = None
            kind = ""
            async for line in stream.aiter_lines():
                if line.startswith("event: "):
                    kind = line.removeprefix("event: ")
                elif line.startswith("data: ") and kind == "next":
                    event = json.loads(line.removeprefix("data: "))["data"]["events"]
                    break
    assert event is not None
    assert (event["type"], event["entityId"]) == ("COMMITMENT_OVERDUE", commitment)
