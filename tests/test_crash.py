"""Crash test: SIGKILL the real server during a stream of keyed mutations, several times.

Four clients stream ``personCreate`` mutations, each with its own ``Idempotency-Key``. The server
(uvicorn in a child process) is killed with SIGKILL whenever enough writes were acknowledged, so
requests are cut at every stage: before, during and after their commit. Each restart is followed
by retries of every unacknowledged request with its key. Afterwards every acknowledged write is
present exactly once, with the ID it was acknowledged with, nothing is duplicated, and the journal
hash chain verifies.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from typing import Any

import httpx

from tests.databases import DatabaseFactory, credentials
from tests.live import free_port

WRITES = 60
CLIENTS = 4
#: Kill the server once this many writes are acknowledged (one kill per number).
KILL_AT = (8, 23, 41)
CREATE = "mutation($n: String!) { personCreate(input: {name: $n}) { person { id name } } }"
CHECK = """
query($s: String) {
  persons(filter: {search: $s}, first: 100) { totalCount nodes { id name } }
  journalVerify { ok checkedEntries problem }
}
"""
PREFIX = "崩溃测试"


class KillableServer:
    """uvicorn serving one database in a child process that can be SIGKILLed and restarted."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0

    async def start(self) -> None:
        command = [sys.executable, "-m", "uvicorn", "server.asgi:app", "--port", str(self.port)]
        self.process = subprocess.Popen(  # noqa: ASYNC220 - returns at once, nothing waits here
            [*command, "--host", "127.0.0.1", "--log-level", "warning"],
            env={**os.environ, "DATABASE_URL": self.database_url},
        )
        async with httpx.AsyncClient() as http:
            for _ in range(300):
                try:
                    if (await http.get(f"{self.base}/healthz", timeout=1)).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                assert self.process.poll() is None, "the server exited during start-up"
                await asyncio.sleep(0.1)
        raise AssertionError("the server did not start")

    async def kill(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        await asyncio.to_thread(self.process.wait, 30)
        self.kills += 1

    async def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            await asyncio.to_thread(self.process.wait, 30)


class Stream:
    """The writes to make, what was acknowledged, and how each request ended."""

    def __init__(self) -> None:
        self.todo: asyncio.Queue[int] = asyncio.Queue()
        for n in range(WRITES):
            self.todo.put_nowait(n)
        self.acknowledged: dict[int, dict[str, Any]] = {}
        self.outcomes: Counter[str] = Counter()
        self.kill_at: int | None = None
        self.reached = asyncio.Event()

    async def client(self, http: httpx.AsyncClient, server: KillableServer) -> None:
        """Send writes until the queue is empty or the server dies under this client."""
        while not self.todo.empty():
            n = self.todo.get_nowait()
            try:
                response = await http.post(
                    f"{server.base}/graphql",
                    json={"query": CREATE, "variables": {"n": f"{PREFIX}{n}"}},
                    headers={"Idempotency-Key": f"crash-{n}"},
                    timeout=60,
                )
            except httpx.TransportError:
                self.outcomes["cut"] += 1
                self.todo.put_nowait(n)  # unacknowledged: retried after the restart
                return
            body = response.json()
            assert response.status_code == 200, body
            assert "errors" not in body, body
            self.outcomes[
                "replayed" if body["extensions"]["idempotency"]["replayed"] else "ran"
            ] += 1
            self.acknowledged[n] = body["data"]["personCreate"]["person"]
            if self.kill_at is not None and len(self.acknowledged) >= self.kill_at:
                self.reached.set()

    async def round(
        self, http: httpx.AsyncClient, server: KillableServer, kill_at: int | None
    ) -> None:
        self.kill_at = kill_at
        self.reached.clear()
        clients = asyncio.gather(*(self.client(http, server) for _ in range(CLIENTS)))
        if kill_at is not None:
            reached = asyncio.create_task(self.reached.wait())
            await asyncio.wait([reached, clients], return_when=asyncio.FIRST_COMPLETED)
            reached.cancel()
            if not clients.done():
                await server.kill()
        await clients


async def test_sigkill_during_a_stream_loses_and_duplicates_nothing(
    databases: DatabaseFactory,
) -> None:
    url = await databases.fresh()
    token = os.environ.get("DUTYGRAPH_TEST_TOKEN") or credentials(url).office
    server = KillableServer(url)
    stream = Stream()
    auth = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(headers=auth) as http:
        try:
            for kill_at in (*KILL_AT, None):
                await server.start()
                await stream.round(http, server, kill_at)
            check = (
                await http.post(
                    f"{server.base}/graphql", json={"query": CHECK, "variables": {"s": PREFIX}}
                )
            ).json()["data"]
        finally:
            await server.stop()
    assert server.kills == len(KILL_AT)
    assert stream.outcomes["cut"] >= 1  # the kills did land on requests in flight
    assert sorted(stream.acknowledged) == list(range(WRITES))
    stored = {p["name"]: p["id"] for p in check["persons"]["nodes"]}
    assert check["persons"]["totalCount"] == WRITES == len(stored)  # none lost, none twice
    assert stored == {p["name"]: p["id"] for p in stream.acknowledged.values()}
    assert check["journalVerify"]["ok"] is True, check["journalVerify"]
