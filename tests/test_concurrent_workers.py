"""Two real server processes on one database (SQLite and PostgreSQL), written to at once:
50 pledges all succeed or are told to retry (never a 500), and of 20 writers of one row exactly
one wins while every other is told why, with the journal consistent with the rows."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager
from typing import Any

import httpx

from models import Commitment, JournalEntry, Task
from resolvers.global_ids import from_global_id
from resolvers.journal.store import verify_stored
from server.database import open_database
from tests.api.graph import small_graph
from tests.api.test_conditional_writes import (
    BREAK,
    PLEDGE,
    UPDATE_TASK,
    WITHDRAW,
    assert_consistent,
)
from tests.conftest import GraphQLClient
from tests.databases import DatabaseFactory, credentials
from tests.live import live_server

PLEDGES = 50
WRITERS = 20


@asynccontextmanager
async def two_workers(url: str) -> AsyncIterator[list[GraphQLClient]]:
    """Office clients of two server processes serving ``url``, with the database open here."""
    with ExitStack() as stack:
        bases = [stack.enter_context(live_server(url)) for _ in range(2)]
        found = credentials(url)
        async with open_database(url):
            https = [httpx.AsyncClient(base_url=base, timeout=60) for base in bases]
            try:
                yield [GraphQLClient(http, found.office, credentials=found) for http in https]
            finally:
                for http in https:
                    await http.aclose()


async def answers(
    clients: list[GraphQLClient], calls: list[tuple[str, dict[str, Any]]]
) -> list[httpx.Response]:
    """Every call at once, alternating between the workers."""
    return list(
        await asyncio.gather(
            *(clients[n % len(clients)].post(doc, v) for n, (doc, v) in enumerate(calls))
        )
    )


def code_of(body: dict[str, Any]) -> str:
    code: str = body["errors"][0]["extensions"]["code"]
    return code


async def test_fifty_pledges_on_two_workers_succeed_or_are_told_to_retry(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh()
    async with two_workers(url) as clients:
        graph = await small_graph(clients[0])
        leaders = [await client.as_unit(graph.reform) for client in clients]
        calls = [
            (
                PLEDGE,
                {
                    "input": {
                        "assignmentId": graph.assignment,
                        "content": f"第{n}项承诺",
                        "target": "按期完成",
                        "pledgedOn": "2018-01-05",
                        "dueOn": "2018-06-30",
                    }
                },
            )
            for n in range(PLEDGES)
        ]
        responses = await answers(leaders, calls)
        done, retry = [], []
        for response in responses:
            body = response.json()
            if response.status_code == 200 and not body.get("errors"):
                done.append(body)
                continue
            # The only refusal allowed is the retryable one, with its HTTP signal.
            assert response.status_code == 503, response.text
            assert code_of(body) == "SERVICE_UNAVAILABLE"
            assert response.headers["retry-after"] == "1"
            retry.append(body)
        assert len(done) + len(retry) == PLEDGES
        assert len(done) >= PLEDGES // 2
        assert await Commitment.all().count() == len(done)
        assert await JournalEntry.filter(action="commitment.pledge").count() == len(done)
        assert (await verify_stored()).ok


async def test_twenty_writers_of_one_row_on_two_workers_one_wins(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh()
    async with two_workers(url) as clients:
        graph = await small_graph(clients[0])
        pk = from_global_id(graph.task)[1]
        version = (await Task.get(pk=pk)).version
        edits = [
            {"id": graph.task, "title": f"改{n}", "expectedVersion": version} for n in range(20)
        ]
        calls = [(UPDATE_TASK, {"input": edit}) for edit in edits]
        bodies = [response.json() for response in await answers(clients, calls)]
        winners = [body for body in bodies if not body.get("errors")]
        assert len(winners) == 1
        assert Counter(code_of(b) for b in bodies if b.get("errors")) == {"CONFLICT": WRITERS - 1}
        row = await Task.get(pk=pk)
        assert row.title == winners[0]["data"]["taskUpdate"]["task"]["title"]
        assert_consistent(
            await JournalEntry.filter(entity_type="Task", entity_id=pk).order_by("seq"),
            row.version,
        )

        leaders = [await client.as_unit(graph.reform) for client in clients]
        pledge = {
            "assignmentId": graph.assignment,
            "content": "建立台账",
            "target": "台账建立",
            "pledgedOn": "2018-01-05",
            "dueOn": "2030-06-30",
        }
        made = (await leaders[0].data(PLEDGE, {"input": pledge}))["commitmentPledge"]["commitment"]
        calls = [
            (BREAK if n % 4 < 2 else WITHDRAW, {"id": made["id"], "v": made["version"]})
            for n in range(WRITERS)
        ]
        bodies = [response.json() for response in await answers(leaders, calls)]
        assert len([body for body in bodies if not body.get("errors")]) == 1
        codes = Counter(code_of(b) for b in bodies if b.get("errors"))
        assert sum(codes.values()) == WRITERS - 1
        assert set(codes) <= {"CONFLICT", "INVALID_TRANSITION"}
        commitment = await Commitment.get(pk=from_global_id(made["id"])[1])
        entries = await JournalEntry.filter(
            entity_type="Commitment", entity_id=commitment.pk
        ).order_by("seq")
        assert len([e for e in entries if e.action != "commitment.pledge"]) == 1
        assert_consistent(entries, commitment.version)
        assert (await verify_stored()).ok
