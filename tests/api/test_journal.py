"""The journal: one entry per change, a verifiable chain, and tampering detected by entry."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.api.graph import small_graph
from tests.conftest import GraphQLClient, running
from tests.databases import BACKEND, execute_raw

VERIFY = "{ journalVerify { ok checkedEntries headSeq headHash firstBrokenSeq problem } }"
HEAD = "{ journalHead { seq hash } }"
PAGE = """
query($after: String, $dir: OrderDirection) {
  journal(first: 3, after: $after, direction: $dir) {
    totalCount nodes { seq prevHash hash actor entityType } pageInfo { endCursor hasNextPage }
  }
}
"""


async def test_chain_links_every_entry(client: GraphQLClient) -> None:
    await small_graph(client)
    report = (await client.data(VERIFY))["journalVerify"]
    head = (await client.data(HEAD))["journalHead"]
    assert report["ok"] is True
    assert report["firstBrokenSeq"] is None
    assert report["checkedEntries"] == head["seq"] == report["headSeq"]
    assert report["headHash"] == head["hash"]
    entries = []
    after = None
    while True:
        page = (await client.data(PAGE, {"after": after}))["journal"]
        entries += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert [e["seq"] for e in entries] == list(range(1, head["seq"] + 1))
    assert entries[0]["prevHash"] == "0" * 64
    for before, entry in zip(entries, entries[1:], strict=False):
        assert entry["prevHash"] == before["hash"]
    # The test database starts with its accounts (admin, office) and their tokens; every
    # change after that was made by the account the client signed in as.
    setup = [e for e in entries if e["entityType"] in ("Account", "ApiToken")]
    assert [e["actor"] for e in setup] == ["test:setup"] * 4
    assert {e["actor"] for e in entries if e not in setup} == {"account:office"}
    newest = (await client.data(PAGE, {"dir": "DESC"}))["journal"]["nodes"]
    assert [e["seq"] for e in newest] == [head["seq"], head["seq"] - 1, head["seq"] - 2]


async def test_altered_row_is_found_by_its_seq(database_url: str) -> None:
    async with running(database_url) as (_, client):
        await small_graph(client)
        assert (await client.data(VERIFY))["journalVerify"]["ok"] is True
    await execute_raw(
        database_url,
        "UPDATE journal_entry SET actor = 'someone else' WHERE seq = 4",
    )
    async with running(database_url) as (_, client):
        report = (await client.data(VERIFY))["journalVerify"]
        assert report["ok"] is False
        assert report["firstBrokenSeq"] == 4
        assert report["checkedEntries"] == 3
        assert "altered" in report["problem"]


async def test_deleted_row_breaks_the_sequence(database_url: str) -> None:
    async with running(database_url) as (_, client):
        await small_graph(client)
    await execute_raw(database_url, "DELETE FROM journal_entry WHERE seq = 2")
    async with running(database_url) as (_, client):
        report = (await client.data(VERIFY))["journalVerify"]
        assert (report["ok"], report["firstBrokenSeq"]) == (False, 3)


def cli(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "-m", "server.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_cli_verify_exit_codes(database_url: str) -> None:
    async with running(database_url) as (_, client):
        await small_graph(client)
    sound = cli(database_url, "journal", "verify")
    assert sound.returncode == 0, sound.stderr
    assert '"ok": true' in sound.stdout
    column = "after" if BACKEND == "sqlite" else '"after"'
    await execute_raw(database_url, f"UPDATE journal_entry SET {column} = NULL WHERE seq = 5")
    broken = cli(database_url, "journal", "verify")
    assert broken.returncode == 1
    assert '"first_broken_seq": 5' in broken.stdout
